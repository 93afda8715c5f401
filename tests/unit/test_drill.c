/* test_drill.c — the drill as a room meets it: injects arrive on a clock
 * computed from stored events (pause and resume never skip or double one),
 * a branch reaches only the groups that did not meet an expectation, the
 * facilitator's controls, and expectations and hints that no other terminal
 * can read. The clock is injected with MAMORI_NOW. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "demo.h"
#include "drill.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

#define T0 1800000000LL

static char *fixture_text(void)
{
	char path[600];
	snprintf(path, sizeof path, "%s/tests/fixtures/drill/drill.json", SOURCE_ROOT);
	size_t n;
	char *s = tu_read_file(path, &n);
	if (!s)
		fail_msg("cannot read %s", path);
	return s;
}

static void at(long long t)
{
	char b[32];
	snprintf(b, sizeof b, "%lld", t);
	setenv("MAMORI_NOW", b, 1);
}

typedef struct world {
	store *fac, *g1, *g2;
	scenario *sc;
	const activity *act;
	const drill_def *d;
} world;

static store *terminal(const char *path, store_role role, const char *group)
{
	store *st = NULL;
	mm_error err = {0};
	if (store_open(path, &st, &err) != MM_OK)
		fail_msg("store_open: %s", err.msg);
	if (store_set_role(st, role, group, &err) != MM_OK)
		fail_msg("store_set_role: %s", err.msg);
	return st;
}

static void world_open(world *w)
{
	memset(w, 0, sizeof *w);
	i18n_set_lang(LANG_JA);
	static int seq;
	char name[64];
	snprintf(name, sizeof name, "drill-%d.db", ++seq);
	const char *path = tu_path(name);
	char *db = xstrdup(path);
	mm_error err = {0};
	store *st = NULL;
	if (store_create(db, &st, &err) != MM_OK)
		fail_msg("store_create: %s", err.msg);
	char *text = fixture_text();
	if (workshop_init(st, NULL, text, 2, &err) != MM_OK)
		fail_msg("workshop_init: %s", err.msg);
	store_close(st);
	buf errs = {0};
	if (scenario_parse("drill.json", text, strlen(text), &w->sc, &errs, NULL) != MM_OK)
		fail_msg("%s", buf_str(&errs));
	buf_free(&errs);
	free(text);
	w->act = scenario_find_activity(w->sc, "mini-drill");
	assert_non_null(w->act);
	w->d = drill_of(w->act);
	assert_non_null(w->d);
	w->fac = terminal(db, ROLE_FACILITATOR, NULL);
	w->g1 = terminal(db, ROLE_GROUP, "1");
	w->g2 = terminal(db, ROLE_GROUP, "2");
	free(db);
}

static void world_close(world *w)
{
	store_close(w->fac);
	store_close(w->g1);
	store_close(w->g2);
	scenario_free(w->sc);
	unsetenv("MAMORI_NOW");
}

static int inject(const world *w, const char *id)
{
	for (int k = 0; k < w->d->ninjects; k++)
		if (strcmp(w->d->injects[k].id, id) == 0)
			return k;
	fail_msg("no inject %s", id);
	return -1;
}

/* Has inject ID arrived for group G, as terminal ST reads the store now? */
static bool arrived(world *w, store *st, const char *id, int64_t g)
{
	drill_run r;
	mm_error err;
	assert_int_equal(drill_load(st, w->act, &r, &err), MM_OK);
	bool a = drill_arrived(w->d, &r, inject(w, id), g, store_now(), NULL);
	drill_run_free(&r);
	return a;
}

static int64_t clock_now(world *w)
{
	drill_run r;
	mm_error err;
	assert_int_equal(drill_load(w->g1, w->act, &r, &err), MM_OK);
	int64_t s;
	drill_clock(&r, store_now(), &s);
	drill_run_free(&r);
	return s;
}

static void ok(mm_status rc, const mm_error *err)
{
	if (rc != MM_OK)
		fail_msg("%s", err->msg);
}

/* --- the format --- */

static void assert_invalid(const char *from, const char *to, const char *want)
{
	char *text = fixture_text();
	char *p = strstr(text, from);
	if (!p)
		fail_msg("fixture has no %s", from);
	buf b = {0};
	buf_append(&b, text, (size_t)(p - text));
	buf_puts(&b, to);
	buf_puts(&b, p + strlen(from));
	scenario *sc = NULL;
	buf errs = {0};
	assert_int_equal(scenario_parse("drill.json", buf_str(&b), b.len, &sc, &errs, NULL),
		MM_EUSER);
	if (!strstr(buf_str(&errs), want))
		fail_msg("expected \"%s\" in:\n%s", want, buf_str(&errs));
	/* every error names the file, a line and a column */
	assert_non_null(strstr(buf_str(&errs), "drill.json:"));
	buf_free(&errs);
	buf_free(&b);
	free(text);
}

static void test_format(void **state)
{
	(void)state;
	world w;
	world_open(&w);
	assert_int_equal(w.d->ninjects, 4);
	assert_int_equal(w.d->nroles, 3);
	assert_int_equal(w.d->injects[inject(&w, "press")].at, -1);
	assert_int_equal(w.d->injects[inject(&w, "spread")].unless, 0);
	assert_false(w.d->injects[inject(&w, "spread")].to_all);
	assert_int_equal(w.d->nhotwash, 2);
	/* the decision log: time, inject, role, decision, who is told */
	assert_int_equal(w.d->log->ncols, 5);
	assert_string_equal(w.d->log->activity_id, "mini-drill");
	world_close(&w);
	i18n_set_lang(LANG_EN); /* the validator's words, in English */

	assert_invalid("\"unless\": \"isolate\"", "\"unless\": \"isolat\"",
		"no expectation \"isolat\" in this drill");
	assert_invalid("\"unless\": \"isolate\"", "\"unless\": \"one-voice\"",
		"\"unless\" names one of an earlier inject");
	assert_invalid("\"at\": 30", "\"at\": 45", "45 is past the drill's end");
	assert_invalid("\"manual\": true", "\"manual\": true, \"at\": 5",
		"a manual inject arrives when it is released");
	assert_invalid("\"it\"\n", "\"cio\"\n", "no role \"cio\" in this drill");
	assert_invalid("\"id\": \"call\"", "\"id\": \"spread\"", "duplicate");
	assert_invalid("\"id\": \"call\",", "\"id\": \"call\", \"when\": 3,", "unknown key \"when\"");
	i18n_set_lang(LANG_JA);
	assert_invalid("\"unless\": \"isolate\"", "\"unless\": \"isolat\"",
		"この訓練に期待される対応「isolat」はありません");
}

/* --- the clock --- */

static void test_arrival_by_time(void **state)
{
	(void)state;
	world w;
	world_open(&w);
	mm_error err;
	at(T0);
	assert_false(arrived(&w, w.g1, "t0", 1)); /* not started: nothing */
	ok(drill_start(w.fac, w.act, &err), &err);
	assert_true(arrived(&w, w.g1, "t0", 1));
	assert_true(arrived(&w, w.g2, "t0", 2));
	at(T0 + 15 * 60 - 1);
	assert_false(arrived(&w, w.g2, "spread", 2));
	at(T0 + 15 * 60);
	assert_true(arrived(&w, w.g2, "spread", 2));
	assert_false(arrived(&w, w.g2, "call", 2));
	assert_false(arrived(&w, w.g2, "press", 2)); /* manual: only when released */
	world_close(&w);
}

/* Paused at 14:00 for ten minutes: "spread" (15:00) comes exactly one
 * minute of drill time after the resume — never during the pause, never
 * at once on resuming, never twice. */
static void test_pause_resume(void **state)
{
	(void)state;
	world w;
	world_open(&w);
	mm_error err;
	at(T0);
	ok(drill_start(w.fac, w.act, &err), &err);
	at(T0 + 14 * 60);
	ok(drill_pause(w.fac, w.act, &err), &err);
	assert_int_equal(drill_pause(w.fac, w.act, &err), MM_EUSER); /* already paused */
	at(T0 + 24 * 60);
	assert_int_equal(clock_now(&w), 14 * 60);
	assert_false(arrived(&w, w.g2, "spread", 2));
	ok(drill_resume(w.fac, w.act, &err), &err);
	assert_false(arrived(&w, w.g2, "spread", 2));
	at(T0 + 25 * 60 - 1);
	assert_false(arrived(&w, w.g2, "spread", 2));
	at(T0 + 25 * 60);
	assert_true(arrived(&w, w.g2, "spread", 2));
	assert_int_equal(clock_now(&w), 15 * 60);
	/* a manual inject released during a pause arrives at once */
	ok(drill_pause(w.fac, w.act, &err), &err);
	at(T0 + 26 * 60);
	ok(drill_release(w.fac, w.act, "press", 0, &err), &err);
	assert_true(arrived(&w, w.g1, "press", 1));
	assert_true(arrived(&w, w.g2, "press", 2));
	world_close(&w);
}

/* The branch: group 1 isolated the PC at 5 minutes, group 2 did not; at
 * 15 minutes the file share is encrypted for group 2 only. A mark after
 * the inject arrived does not take it back. */
static void test_branch(void **state)
{
	(void)state;
	world w;
	world_open(&w);
	mm_error err;
	at(T0);
	ok(drill_start(w.fac, w.act, &err), &err);
	at(T0 + 5 * 60);
	ok(drill_mark_expect(w.fac, w.act, 1, "isolate", true, &err), &err);
	ok(drill_mark_expect(w.fac, w.act, 2, "isolate", false, &err), &err);
	at(T0 + 15 * 60);
	assert_false(arrived(&w, w.g1, "spread", 1));
	assert_true(arrived(&w, w.g2, "spread", 2));
	at(T0 + 16 * 60);
	ok(drill_mark_expect(w.fac, w.act, 2, "isolate", true, &err), &err);
	assert_true(arrived(&w, w.g2, "spread", 2));
	/* released by hand to one group only */
	ok(drill_release(w.fac, w.act, "press", 2, &err), &err);
	assert_false(arrived(&w, w.g1, "press", 1));
	assert_true(arrived(&w, w.g2, "press", 2));
	world_close(&w);
}

/* `next` moves the clock on to the next timed inject, which then arrives;
 * what follows keeps its spacing. */
static void test_next(void **state)
{
	(void)state;
	world w;
	world_open(&w);
	mm_error err;
	int which;
	at(T0);
	assert_int_equal(drill_next(w.fac, w.act, &which, &err), MM_EUSER); /* not started */
	ok(drill_start(w.fac, w.act, &err), &err);
	at(T0 + 60);
	ok(drill_next(w.fac, w.act, &which, &err), &err);
	assert_int_equal(which, inject(&w, "spread"));
	assert_int_equal(clock_now(&w), 15 * 60);
	assert_true(arrived(&w, w.g2, "spread", 2));
	assert_false(arrived(&w, w.g2, "call", 2));
	at(T0 + 60 + 14 * 60);
	assert_false(arrived(&w, w.g2, "call", 2));
	ok(drill_next(w.fac, w.act, &which, &err), &err);
	assert_int_equal(which, inject(&w, "call"));
	assert_true(arrived(&w, w.g2, "call", 2));
	assert_int_equal(drill_next(w.fac, w.act, &which, &err), MM_EUSER); /* none left */
	ok(drill_end(w.fac, w.act, &err), &err);
	world_close(&w);
}

/* Only the facilitator runs the drill and reads expectations and hints; a
 * group reads a hint only once released to it, and a redacted definition
 * holds no facilitator text at all. */
static void test_facilitator_only(void **state)
{
	(void)state;
	world w;
	world_open(&w);
	mm_error err;
	at(T0);
	assert_int_equal(drill_start(w.g1, w.act, &err), MM_EDENIED);
	assert_int_equal(store_drill_event_add(w.g1, "mini-drill", T0, "start", NULL, 0, NULL, 0,
		NULL, &err), MM_EDENIED);
	ok(drill_start(w.fac, w.act, &err), &err);
	assert_int_equal(drill_mark_expect(w.g2, w.act, 2, "isolate", true, &err), MM_EDENIED);
	mm_status rc;
	assert_null(drill_expect_text(w.g1, w.d, 0, &rc));
	assert_int_equal(rc, MM_EDENIED);
	assert_non_null(drill_expect_text(w.fac, w.d, 0, &rc));
	drill_run r;
	assert_int_equal(drill_load(w.g1, w.act, &r, &err), MM_OK);
	assert_null(drill_hint_text(w.g1, w.d, &r, 0, 0, 1, &rc));
	drill_run_free(&r);
	ok(drill_release_hint(w.fac, w.act, 0, 0, 1, &err), &err);
	assert_int_equal(drill_load(w.g1, w.act, &r, &err), MM_OK);
	const char *h = drill_hint_text(w.g1, w.d, &r, 0, 0, 1, &rc);
	assert_non_null(h);
	assert_string_equal(h, "LANケーブルとWi-Fiを思い出してください。");
	assert_null(drill_hint_text(w.g2, w.d, &r, 0, 0, 2, &rc));
	drill_run_free(&r);

	/* a group's terminal loads the scenario without the facilitator's text */
	drill_def *d = (drill_def *)w.d;
	drill_redact(d);
	for (int e = 0; e < d->nexpects; e++)
		assert_null(d->expects[e].text.ja);
	for (int k = 0; k < d->ninjects; k++)
		for (int x = 0; x < d->injects[k].nhints; x++)
			assert_null(d->injects[k].hints[x].ja);
	assert_null(drill_expect_text(w.fac, w.d, 0, &rc));
	/* the released hint still reads, from the store */
	assert_int_equal(drill_load(w.g1, w.act, &r, &err), MM_OK);
	assert_non_null(drill_hint_text(w.g1, w.d, &r, 0, 0, 1, &rc));
	drill_run_free(&r);
	world_close(&w);
}

/* The group's timeline (session 9's "what happened, and when", and the
 * take-home report): what arrived when, with the decisions under each. */
static void test_timeline(void **state)
{
	(void)state;
	world w;
	world_open(&w);
	mm_error err;
	at(T0);
	ok(drill_start(w.fac, w.act, &err), &err);
	at(T0 + 15 * 60);
	sheet *s = NULL;
	ok(sheet_open(w.g2, w.d->log, OWNER_GROUP, store_group_id(w.g2), &s, &err), &err);
	const char *row[] = {"15:10", "spread", "it", "NASの電源は切らずにLANを抜く", "社長"};
	int64_t id;
	ok(sheet_insert(w.g2, s, 0, row, &id, NULL, &err), &err);
	sheet_free(s);
	buf md = {0};
	ok(drill_timeline(w.g2, w.act, store_group_id(w.g2), &md, &err), &err);
	const char *t = buf_str(&md);
	const char *first = strstr(t, "00:00 脅迫文"), *second = strstr(t, "15:00 共有フォルダも暗号化");
	assert_non_null(first);
	assert_non_null(second);
	assert_true(first < second);
	assert_non_null(strstr(t, "15:10【情報システム担当】NASの電源は切らずにLANを抜く → 社長"));
	assert_null(strstr(t, "ネットワークから切り離す")); /* never an expectation */
	buf_free(&md);
	/* group 1 has its own: no spread (not yet marked, but nothing logged) */
	ok(drill_timeline(w.g1, w.act, store_group_id(w.g1), &md, &err), &err);
	assert_null(strstr(buf_str(&md), "NASの電源"));
	buf_free(&md);
	world_close(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_arrival_by_time),
		cmocka_unit_test(test_pause_resume),
		cmocka_unit_test(test_branch),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_facilitator_only),
		cmocka_unit_test(test_timeline),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tu_cleanup();
	return rc;
}
