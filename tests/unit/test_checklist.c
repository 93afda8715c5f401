/* test_checklist.c — the checklist kind as a group meets it: answering the
 * IPA self-check moves the total and its band (わからない counts −1), the
 * unanswered count drops, section scores follow the answers (or the expert's
 * hand), a trainer's mistakes are reported at FILE:LINE:COL, and the CSV and
 * report say what the screen says. Every case works on a fresh database. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "checklist.h"
#include "demo.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "status.h"
#include "store.h"

/* ---- a workshop with a checklist ------------------------------------------ */

#define ANSWERS_IPA \
	"\"answers\": [" \
	"{\"value\": \"yes\", \"label\": {\"ja\": \"実施している\", \"en\": \"In place\"}, \"points\": 4}," \
	"{\"value\": \"partly\", \"label\": {\"ja\": \"一部実施している\", \"en\": \"Partly\"}, \"points\": 2}," \
	"{\"value\": \"no\", \"label\": {\"ja\": \"実施していない\", \"en\": \"Not in place\"}, \"points\": 0}," \
	"{\"value\": \"unknown\", \"label\": {\"ja\": \"わからない\", \"en\": \"Don't know\"}, \"points\": -1}]"

#define BANDS_IPA \
	"\"bands\": [" \
	"{\"min\": 100, \"label\": {\"ja\": \"達成\", \"en\": \"Achieved\"}, \"color\": \"green\"}," \
	"{\"min\": 70, \"max\": 99, \"label\": {\"ja\": \"一部不十分\", \"en\": \"Partly short\"}, \"color\": \"blue\"}," \
	"{\"min\": 50, \"max\": 69, \"label\": {\"ja\": \"不十分\", \"en\": \"Short\"}, \"color\": \"yellow\"}," \
	"{\"max\": 49, \"label\": {\"ja\": \"危険\", \"en\": \"Danger\"}, \"color\": \"red\"}]"

/* A scenario with one activity ACT (a JSON object) in session ws01. */
static char *scenario_with(const char *act)
{
	buf b = {0};
	buf_printf(&b, "{\"format\": \"mamori-scenario/1\", \"id\": \"t\", \"title\": \"t\", "
		"\"tracks\": [{\"id\": \"workshop\", \"title\": \"w\", \"sessions\": [{\"id\": \"ws01\", "
		"\"number\": 1, \"title\": \"s\", \"minutes\": 60, \"activities\": [%s]}]}]}", act);
	return buf_steal(&b);
}

/* The IPA self-check's shape: 25 items in parts of 5, 13 and 7. EXTRA is
 * added to the activity's keys (e.g. a section_score). */
static char *selfcheck(const char *extra)
{
	buf a = {0};
	buf_printf(&a, "{\"id\": \"self-check\", \"kind\": \"checklist\", \"title\": "
		"{\"ja\": \"自社診断\", \"en\": \"Self-check\"}, \"scope\": \"group\", %s, %s, %s"
		"\"sections\": [", ANSWERS_IPA, BANDS_IPA, extra ? extra : "");
	static const int sizes[3] = {5, 13, 7};
	int n = 1;
	for (int s = 0; s < 3; s++) {
		buf_printf(&a, "%s{\"id\": \"part%d\", \"title\": {\"ja\": \"第%d部\", \"en\": "
			"\"Part %d\"}, \"items\": [", s ? ", " : "", s + 1, s + 1, s + 1);
		for (int i = 0; i < sizes[s]; i++, n++)
			buf_printf(&a, "%s{\"id\": \"q%02d\", \"text\": {\"ja\": \"項目%d\", \"en\": "
				"\"Item %d\"}, \"help\": \"説明%d\"}", i ? ", " : "", n, n, n, n);
		buf_puts(&a, "]}");
	}
	buf_puts(&a, "]}");
	char *act = buf_steal(&a);
	char *sc = scenario_with(act);
	free(act);
	return sc;
}

typedef struct fixture {
	store *st;
	scenario *sc;
	const activity *act;
	const checklist_def *d;
	sheet *s;
	int64_t group1, group2;
} fixture;

static scenario *parse_ok(const char *text)
{
	scenario *sc = NULL;
	buf errs = {0};
	if (scenario_parse("t.json", text, strlen(text), &sc, &errs, NULL) != MM_OK)
		fail_msg("scenario_parse: %s", buf_str(&errs));
	buf_free(&errs);
	return sc;
}

/* A new database with TEXT's workshop and two groups; the facilitator's
 * terminal; the sheet of group 1 opened. */
static void setup(fixture *f, const char *text, const char *activity_id)
{
	static int n;
	char name[32];
	snprintf(name, sizeof name, "c%d.db", n++);
	mm_error err;
	memset(f, 0, sizeof *f);
	if (store_create(tu_path(name), &f->st, &err) != MM_OK)
		fail_msg("store_create: %s", err.msg);
	if (workshop_init(f->st, NULL, text, 2, &err) != MM_OK)
		fail_msg("workshop_init: %s", err.msg);
	assert_int_equal(store_set_role(f->st, ROLE_FACILITATOR, NULL, &err), MM_OK);
	group_info *g;
	int ng;
	assert_int_equal(store_groups(f->st, &g, &ng, &err), MM_OK);
	assert_int_equal(ng, 2);
	f->group1 = g[0].id;
	f->group2 = g[1].id;
	group_list_free(g, ng);
	f->sc = parse_ok(text);
	f->act = scenario_find_activity(f->sc, activity_id);
	assert_non_null(f->act);
	f->d = checklist_of(f->act);
	assert_non_null(f->d);
	assert_ptr_equal(f->act->storage, f->d->storage);
	if (sheet_open(f->st, f->act->storage, OWNER_GROUP, f->group1, &f->s, &err) != MM_OK)
		fail_msg("sheet_open: %s", err.msg);
}

static void teardown(fixture *f)
{
	sheet_free(f->s);
	scenario_free(f->sc);
	store_close(f->st);
}

/* Answers item NUMBER (1-based) with VALUE ("" clears), as a terminal does. */
static void answer(fixture *f, int number, const char *value)
{
	const checklist_item *it = &f->d->items[number - 1];
	int r = checklist_row_of(f->d, f->s, it->id);
	int version = r >= 0 ? f->s->rows[r].cells[f->d->col_answer].version : 0;
	mm_error err;
	if (checklist_set(f->st, f->s, f->d, it->id, f->d->col_answer, value, version, NULL, NULL,
		&err) != MM_OK)
		fail_msg("answering %d with %s: %s", number, value, err.msg);
}

/* Answers every item: the first A with yes (4), the next B partly (2), the
 * next C unknown (-1), the rest no (0). */
static void answer_all(fixture *f, int a, int b, int c)
{
	for (int k = 1; k <= f->d->nitems; k++)
		answer(f, k, k <= a ? "yes" : k <= a + b ? "partly" : k <= a + b + c ? "unknown" : "no");
}

static checklist_result score(fixture *f)
{
	mm_error err;
	/* read back as another terminal would see it */
	assert_int_equal(sheet_reload(f->st, f->s, &err), MM_OK);
	checklist_result r;
	checklist_score(f->d, f->s, &r);
	return r;
}

static const char *band_ja(const checklist_result *r)
{
	return r->band ? r->band->label.ja : "(none)";
}

/* ---- scoring -------------------------------------------------------------- */

static void test_fresh_sheet_has_every_item_unanswered(void **state)
{
	(void)state;
	char *text = selfcheck(NULL);
	fixture f;
	setup(&f, text, "self-check");
	assert_int_equal(f.d->nitems, 25);
	assert_int_equal(f.d->nsections, 3);
	assert_true(f.d->item_max == 4);
	/* the group's sheet starts with one row per item */
	assert_int_equal(f.s->nrows, 25);
	for (int k = 0; k < 25; k++)
		assert_int_equal(checklist_row_of(f.d, f.s, f.d->items[k].id), k);
	assert_int_equal(f.d->items[5].number, 6);
	assert_int_equal(f.d->items[5].section, 1);
	checklist_result r = score(&f);
	assert_true(r.total == 0);
	assert_true(r.max == 100);
	assert_int_equal(r.unanswered, 25);
	assert_int_equal(r.answered, 0);
	assert_string_equal(band_ja(&r), "危険");
	assert_int_equal(r.sections[1].unanswered, 13);
	assert_true(r.sections[2].max == 28);
	checklist_result_free(&r);
	/* nothing written yet (a sheet nobody opened): the same */
	checklist_score(f.d, NULL, &r);
	assert_int_equal(r.unanswered, 25);
	assert_true(r.max == 100);
	checklist_result_free(&r);
	teardown(&f);
	free(text);
}

static void test_every_answer_kind_counts_including_dont_know(void **state)
{
	(void)state;
	char *text = selfcheck(NULL);
	fixture f;
	setup(&f, text, "self-check");
	answer(&f, 1, "yes");
	answer(&f, 2, "partly");
	answer(&f, 3, "no");
	answer(&f, 4, "unknown");
	checklist_result r = score(&f);
	assert_true(r.total == 4 + 2 + 0 - 1);
	assert_true(r.max == 100);           /* わからない still counts in the maximum */
	assert_int_equal(r.answered, 4);
	assert_int_equal(r.unanswered, 21);
	assert_true(r.sections[0].sum == 5);
	assert_int_equal(r.sections[0].answered, 4);
	assert_int_equal(r.sections[0].unanswered, 1);
	checklist_result_free(&r);

	/* わからない alone makes a total below zero */
	answer(&f, 1, "unknown");
	answer(&f, 2, "unknown");
	answer(&f, 3, "");                  /* cleared: unanswered again */
	r = score(&f);
	assert_true(r.total == -3);
	assert_int_equal(r.unanswered, 22);
	assert_int_equal(r.sections[0].percent, 0); /* negatives as 0 */
	checklist_result_free(&r);

	/* an answer the program no longer has counts as unanswered */
	assert_null(checklist_answer_by_value(f.d, "maybe"));
	assert_non_null(checklist_answer_by_value(f.d, "unknown"));
	assert_true(checklist_answer_by_value(f.d, "unknown")->points == -1);
	teardown(&f);
	free(text);
}

static void test_band_boundaries(void **state)
{
	(void)state;
	char *text = selfcheck(NULL);
	fixture f;
	setup(&f, text, "self-check");
	static const struct {
		int yes, partly, unknown;
		double total;
		const char *band;
	} cases[] = {
		{25, 0, 0, 100, "達成"},
		{24, 0, 1, 95, "一部不十分"},
		{17, 1, 0, 70, "一部不十分"},
		{17, 1, 1, 69, "不十分"},
		{12, 1, 0, 50, "不十分"},
		{12, 1, 1, 49, "危険"},
		{0, 0, 0, 0, "危険"},
		{0, 0, 25, -25, "危険"},
		{24, 0, 0, 96, "一部不十分"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		answer_all(&f, cases[k].yes, cases[k].partly, cases[k].unknown);
		checklist_result r = score(&f);
		if (r.total != cases[k].total || strcmp(band_ja(&r), cases[k].band) != 0)
			fail_msg("case %zu: total %g band %s, want %g %s", k, r.total, band_ja(&r),
				cases[k].total, cases[k].band);
		assert_int_equal(r.unanswered, 0);
		checklist_result_free(&r);
	}
	/* 99 cannot be reached with 25 items of 4/2/0/-1; the band still holds it */
	assert_string_equal(checklist_band_for(f.d, 99)->label.ja, "一部不十分");
	assert_string_equal(checklist_band_for(f.d, 100)->label.ja, "達成");
	assert_string_equal(checklist_band_for(f.d, 69)->label.ja, "不十分");
	assert_string_equal(checklist_band_for(f.d, -1000)->label.ja, "危険");
	/* a total between bands (possible with fractional points) has none */
	assert_null(checklist_band_for(f.d, 49.5));
	teardown(&f);
	free(text);
}

static void test_unanswered_count_drops_as_answers_come(void **state)
{
	(void)state;
	char *text = selfcheck(NULL);
	fixture f;
	setup(&f, text, "self-check");
	for (int k = 1; k <= 25; k++) {
		answer(&f, k, k % 2 ? "no" : "unknown");
		checklist_result r = score(&f);
		assert_int_equal(r.unanswered, 25 - k);
		assert_int_equal(r.answered, k);
		checklist_result_free(&r);
	}
	/* a second terminal on the same sheet sees the same count */
	sheet *other;
	mm_error err;
	assert_int_equal(sheet_open(f.st, f.act->storage, OWNER_GROUP, f.group1, &other, &err),
		MM_OK);
	checklist_result r;
	checklist_score(f.d, other, &r);
	assert_int_equal(r.unanswered, 0);
	assert_true(r.total == -12);
	checklist_result_free(&r);
	sheet_free(other);
	teardown(&f);
	free(text);
}

static void test_section_scores_computed_and_rounded(void **state)
{
	(void)state;
	char *text = selfcheck("\"section_score\": {\"max\": 5},");
	fixture f;
	setup(&f, text, "self-check");
	assert_int_equal(f.d->score_mode, CL_SCORE_COMPUTED);
	assert_int_equal(f.d->score_max, 5);
	assert_int_equal(f.d->col_score, -1);  /* nothing to enter by hand */
	checklist_result r = score(&f);
	assert_int_equal(r.sections[0].score, 0);
	checklist_result_free(&r);
	/* part 1 has 5 items, max 20: 4+4+2 = 10 -> 2.5 -> 3 (halves round up) */
	answer(&f, 1, "yes");
	answer(&f, 2, "yes");
	answer(&f, 3, "partly");
	r = score(&f);
	assert_true(r.sections[0].sum == 10);
	assert_int_equal(r.sections[0].computed, 3);
	assert_int_equal(r.sections[0].score, 3);
	assert_int_equal(r.sections[0].percent, 50);
	assert_int_equal(r.sections[0].manual, -1);
	checklist_result_free(&r);
	/* 4+2+0-1 = 5 -> 1.25 -> 1 */
	answer(&f, 2, "partly");
	answer(&f, 3, "no");
	answer(&f, 4, "unknown");
	r = score(&f);
	assert_true(r.sections[0].sum == 5);
	assert_int_equal(r.sections[0].computed, 1);
	checklist_result_free(&r);
	/* negative sums score 0, never below */
	answer(&f, 1, "unknown");
	answer(&f, 2, "unknown");
	r = score(&f);
	assert_true(r.sections[0].sum == -3);
	assert_int_equal(r.sections[0].computed, 0);
	checklist_result_free(&r);
	/* all of part 3 in place: 5 */
	for (int k = 19; k <= 25; k++)
		answer(&f, k, "yes");
	r = score(&f);
	assert_int_equal(r.sections[2].computed, 5);
	assert_int_equal(r.sections[1].computed, 0);
	checklist_result_free(&r);
	teardown(&f);
	free(text);
}

/* A hearing: manual section scores, notes and an answer that does not apply. */
static const char hearing_act[] =
	"{\"id\": \"hearing\", \"kind\": \"checklist\", \"title\": \"ヒアリング\", \"scope\": \"group\","
	" \"notes\": true, \"section_score\": {\"max\": 5, \"mode\": \"manual\"},"
	" \"answers\": [{\"value\": \"yes\", \"label\": \"できている\", \"points\": 2},"
	" {\"value\": \"partly\", \"label\": \"一部\", \"points\": 1},"
	" {\"value\": \"no\", \"label\": \"できていない\", \"points\": 0},"
	" {\"value\": \"na\", \"label\": {\"ja\": \"該当しない\", \"en\": \"N/A\"}, \"na\": true}],"
	" \"sections\": [{\"id\": \"org\", \"title\": {\"ja\": \"組織\", \"en\": \"Organisation\"},"
	"   \"items\": [{\"id\": \"o1\", \"text\": \"方針がある\"}, {\"id\": \"o2\", \"text\": \"担当者がいる\"}]},"
	"  {\"id\": \"net\", \"title\": \"ネットワーク\", \"items\": [{\"id\": \"n1\", \"text\": \"無線LANは暗号化\"},"
	"   {\"id\": \"n2\", \"text\": \"UTMがある\"}, {\"id\": \"n3\", \"text\": \"VPN\"}]}]}";

static void test_section_scores_manual_with_suggestion(void **state)
{
	(void)state;
	char *text = scenario_with(hearing_act);
	fixture f;
	setup(&f, text, "hearing");
	assert_int_equal(f.d->score_mode, CL_SCORE_MANUAL);
	assert_true(f.d->col_note >= 0);
	assert_true(f.d->col_score >= 0);
	/* a row per section (for its score) and per item */
	assert_int_equal(f.s->nrows, 2 + 5);
	assert_true(checklist_row_of(f.d, f.s, "org") >= 0);
	checklist_result r = score(&f);
	assert_int_equal(r.sections[0].manual, -1);
	assert_int_equal(r.sections[0].score, -1); /* not scored yet */
	checklist_result_free(&r);

	answer(&f, 3, "yes");   /* n1: 2 of 2 */
	answer(&f, 4, "na");    /* n2 does not apply: leaves the maximum */
	answer(&f, 5, "partly");
	r = score(&f);
	assert_true(r.sections[1].max == 4);
	assert_true(r.sections[1].sum == 3);
	assert_int_equal(r.sections[1].na, 1);
	assert_int_equal(r.sections[1].computed, 4); /* 3/4 of 5 = 3.75 */
	assert_int_equal(r.sections[1].score, -1);   /* the suggestion is not the score */
	assert_true(r.max == 8);
	assert_int_equal(r.unanswered, 2);
	checklist_result_free(&r);

	/* the expert scores the section 3 and writes why */
	mm_error err;
	assert_int_equal(checklist_set(f.st, f.s, f.d, "net", f.d->col_score, "3", 0, NULL, NULL,
		&err), MM_OK);
	assert_int_equal(checklist_set(f.st, f.s, f.d, "net", f.d->col_note, "UTMは未導入", 0,
		NULL, NULL, &err), MM_OK);
	r = score(&f);
	assert_int_equal(r.sections[1].manual, 3);
	assert_int_equal(r.sections[1].score, 3);
	assert_int_equal(r.sections[1].computed, 4);
	checklist_result_free(&r);
	/* a score outside 0..5 is refused by the column, as typed */
	char *stored = NULL;
	const column *c = &f.d->storage->cols[f.d->col_score];
	assert_int_equal(column_parse(c, "6", &stored, &err), MM_EUSER);
	assert_null(stored);
	assert_int_equal(column_parse(c, "５", &stored, &err), MM_OK);
	assert_string_equal(stored, "5");
	free(stored);
	teardown(&f);
	free(text);
}

static void test_group_terminal_cannot_answer_for_another_group(void **state)
{
	(void)state;
	char *text = selfcheck(NULL);
	fixture f;
	setup(&f, text, "self-check");
	mm_error err;
	assert_int_equal(store_set_role(f.st, ROLE_GROUP, "2", &err), MM_OK);
	const char *id = f.d->items[0].id;
	assert_int_equal(checklist_set(f.st, f.s, f.d, id, f.d->col_answer, "yes", 0, NULL, NULL,
		&err), MM_EDENIED);
	checklist_result r = score(&f);
	assert_int_equal(r.answered, 0);
	checklist_result_free(&r);
	/* its own group's sheet it may answer */
	sheet *own;
	assert_int_equal(sheet_open(f.st, f.act->storage, OWNER_GROUP, f.group2, &own, &err),
		MM_OK);
	assert_int_equal(own->nrows, 25);
	assert_int_equal(checklist_set(f.st, own, f.d, id, f.d->col_answer, "yes", 0, NULL, NULL,
		&err), MM_OK);
	checklist_score(f.d, own, &r);
	assert_true(r.total == 4);
	checklist_result_free(&r);
	sheet_free(own);
	teardown(&f);
	free(text);
}

static void test_answer_conflict_and_undo(void **state)
{
	(void)state;
	char *text = selfcheck(NULL);
	fixture f;
	setup(&f, text, "self-check");
	sheet *other;
	mm_error err;
	assert_int_equal(sheet_open(f.st, f.act->storage, OWNER_GROUP, f.group1, &other, &err),
		MM_OK);
	const char *id = f.d->items[0].id;
	/* another terminal answers first; ours, still at version 0, conflicts */
	assert_int_equal(checklist_set(f.st, other, f.d, id, f.d->col_answer, "no", 0, NULL, NULL,
		&err), MM_OK);
	sheet_conflict cf = {0};
	assert_int_equal(checklist_set(f.st, f.s, f.d, id, f.d->col_answer, "yes", 0, &cf, NULL,
		&err), MM_ECONFLICT);
	assert_string_equal(cf.theirs, "no");
	sheet_conflict_free(&cf);
	/* undo takes back our own answer only */
	sheet_history h = {0};
	assert_int_equal(sheet_reload(f.st, f.s, &err), MM_OK);
	int r = checklist_row_of(f.d, f.s, id);
	assert_int_equal(checklist_set(f.st, f.s, f.d, id, f.d->col_answer, "yes",
		f.s->rows[r].cells[f.d->col_answer].version, NULL, &h, &err), MM_OK);
	checklist_result res = score(&f);
	assert_true(res.total == 4);
	checklist_result_free(&res);
	assert_int_equal(sheet_undo(f.st, f.s, &h, false, &err), MM_OK);
	res = score(&f);
	assert_true(res.total == 0);
	assert_int_equal(res.unanswered, 24); /* "no" is an answer */
	checklist_result_free(&res);
	history_free(&h);
	sheet_free(other);
	teardown(&f);
	free(text);
}

/* ---- validation ----------------------------------------------------------- */

static char *ring(void)
{
	static char bufs[8][8192];
	static unsigned next;
	return bufs[next++ % 8];
}

/* "t.json:LINE:COL: PATH: MSG\n" at the NTH occurrence of MARKER in TEXT. */
static const char *msg_at(const char *text, const char *marker, int nth, const char *path,
	const char *msg)
{
	const char *at = text;
	for (int k = 0; k < nth; k++) {
		at = strstr(k ? at + 1 : at, marker);
		if (!at)
			fail_msg("\"%s\" is not in the text %d times", marker, nth);
	}
	int line = 1, col = 1;
	for (const char *p = text; p < at; p++) {
		if (*p == '\n')
			line++, col = 1;
		else if (((unsigned char)*p & 0xC0) != 0x80)
			col++;
	}
	char *out = ring();
	snprintf(out, 8192, "t.json:%d:%d: %s: %s\n", line, col, path, msg);
	return out;
}

/* A valid checklist on several lines, for errors at exact places. Line 9 is
 * the activity; tests change one spot with subst(). */
static const char vbase[] =
	"{\n"
	"  \"format\": \"mamori-scenario/1\", \"id\": \"t\", \"title\": \"t\",\n"
	"  \"tracks\": [{\n"
	"    \"id\": \"workshop\", \"title\": \"w\",\n"
	"    \"sessions\": [{\n"
	"      \"id\": \"ws01\", \"number\": 1, \"title\": \"s\", \"minutes\": 60,\n"
	"      \"activities\": [{\n"
	"        \"id\": \"check\", \"kind\": \"checklist\", \"title\": \"診断\",\n"
	"        \"answers\": [\n"
	"          {\"value\": \"yes\", \"label\": \"はい\", \"points\": 4},\n"
	"          {\"value\": \"no\", \"label\": \"いいえ\", \"points\": 0}\n"
	"        ],\n"
	"        \"sections\": [\n"
	"          {\"id\": \"p1\", \"title\": \"第1部\", \"items\": [\n"
	"            {\"id\": \"q1\", \"text\": \"一つ目\"},\n"
	"            {\"id\": \"q2\", \"text\": \"二つ目\"}\n"
	"          ]}\n"
	"        ],\n"
	"        \"bands\": [\n"
	"          {\"min\": 5, \"label\": \"良い\"},\n"
	"          {\"max\": 4, \"label\": \"悪い\"}\n"
	"        ]\n"
	"      }]\n"
	"    }]\n"
	"  }]\n"
	"}\n";

static const char *subst(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	if (!at)
		fail_msg("\"%s\" is not in the text", from);
	if (strstr(at + 1, from))
		fail_msg("\"%s\" is in the text twice", from);
	char *out = ring();
	snprintf(out, 8192, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

static void assert_errors(const char *text, int nwant, const char *want)
{
	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = -1;
	lang was = i18n_lang();
	i18n_set_lang(LANG_EN); /* validator messages are checked in English */
	mm_status rc = scenario_parse("t.json", text, strlen(text), &sc, &errs, &nerrs);
	i18n_set_lang(was);
	static char got[8192];
	snprintf(got, sizeof got, "%s", buf_str(&errs));
	buf_free(&errs);
	scenario_free(sc);
	assert_int_equal(rc, MM_EUSER);
	assert_null(sc);
	assert_string_equal(got, want);
	assert_int_equal(nerrs, nwant);
}

static void test_valid_base_parses(void **state)
{
	(void)state;
	scenario *sc = parse_ok(vbase);
	const checklist_def *d = checklist_of(scenario_find_activity(sc, "check"));
	assert_non_null(d);
	assert_int_equal(d->nanswers, 2);
	assert_int_equal(d->nbands, 2);
	assert_false(d->bands[0].has_max);
	assert_false(d->bands[1].has_min);
	assert_int_equal(d->score_mode, CL_SCORE_NONE);
	assert_false(d->notes);
	assert_int_equal(d->col_note, -1);
	assert_int_equal(d->storage->ncols, 2);
	assert_string_equal(d->storage->activity_id, "check");
	assert_string_equal(d->storage->cols[d->col_answer].options[1].label.ja, "いいえ");
	scenario_free(sc);
}

static void test_duplicate_item_id(void **state)
{
	(void)state;
	const char *text = subst(vbase, "{\"id\": \"q2\"", "{\"id\": \"q1\"");
	assert_errors(text, 1, msg_at(text, "\"q1\"", 2,
		"tracks[0].sessions[0].activities[0].sections[0].items[1].id",
		"duplicate item id \"q1\" (first used at line 15; item and section ids must be "
		"unique in the checklist)"));
	/* a section may not share an id with an item either */
	text = subst(vbase, "{\"id\": \"p1\"", "{\"id\": \"q2\"");
	assert_errors(text, 1, msg_at(text, "\"q2\"", 2,
		"tracks[0].sessions[0].activities[0].sections[0].items[1].id",
		"duplicate item id \"q2\" (first used at line 14; item and section ids must be "
		"unique in the checklist)"));
}

static void test_empty_answers_sections_items(void **state)
{
	(void)state;
	const char *from = "\"answers\": [\n"
		"          {\"value\": \"yes\", \"label\": \"はい\", \"points\": 4},\n"
		"          {\"value\": \"no\", \"label\": \"いいえ\", \"points\": 0}\n"
		"        ],";
	const char *text = subst(vbase, from, "\"answers\": [],");
	assert_errors(text, 1, msg_at(text, "[]", 1, "tracks[0].sessions[0].activities[0].answers",
		"a checklist needs at least one answer"));

	text = subst(vbase, "\"items\": [\n            {\"id\": \"q1\", \"text\": \"一つ目\"},\n"
		"            {\"id\": \"q2\", \"text\": \"二つ目\"}\n          ]", "\"items\": []");
	assert_errors(text, 1, msg_at(text, "[]", 1,
		"tracks[0].sessions[0].activities[0].sections[0].items",
		"a section needs at least one item"));

	/* no answers key at all */
	text = subst(vbase, from, "");
	assert_errors(text, 1, msg_at(text, "{\n        \"id\": \"check\"", 1,
		"tracks[0].sessions[0].activities[0]", "missing required key \"answers\""));
}

static void test_overlapping_and_upside_down_bands(void **state)
{
	(void)state;
	const char *text = subst(vbase, "{\"max\": 4, \"label\": \"悪い\"}",
		"{\"max\": 5, \"label\": \"悪い\"}");
	assert_errors(text, 1, msg_at(text, "{\"max\": 5", 1,
		"tracks[0].sessions[0].activities[0].bands[1]",
		"bands overlap: this band (up to 5) and bands[0] (5 and up) both contain some totals"));
	text = subst(vbase, "{\"max\": 4, \"label\": \"悪い\"}",
		"{\"min\": 3, \"max\": 1, \"label\": \"悪い\"}");
	assert_errors(text, 1, msg_at(text, "{\"min\": 3", 1,
		"tracks[0].sessions[0].activities[0].bands[1]", "band min is larger than its max"));
	/* bands that only touch are fine: up to 4.9, and 5 up */
	scenario *sc = parse_ok(subst(vbase, "{\"max\": 4, \"label\": \"悪い\"}",
		"{\"min\": -30, \"max\": 4.9, \"label\": \"悪い\"}"));
	scenario_free(sc);
}

static void test_points_must_be_numbers(void **state)
{
	(void)state;
	const char *text = subst(vbase, "\"points\": 4}", "\"points\": \"4\"}");
	assert_errors(text, 1, msg_at(text, "\"4\"", 1,
		"tracks[0].sessions[0].activities[0].answers[0].points",
		"expected a number, found a string"));
	text = subst(vbase, "\"label\": \"はい\", \"points\": 4}", "\"label\": \"はい\"}");
	assert_errors(text, 1, msg_at(text, "{\"value\": \"yes\"", 1,
		"tracks[0].sessions[0].activities[0].answers[0]",
		"missing required key \"points\" (or \"na\": true for an answer that does not "
		"count)"));
	text = subst(vbase, "\"points\": 0}", "\"points\": 0, \"na\": true}");
	assert_errors(text, 1, msg_at(text, "\"points\": 0", 1,
		"tracks[0].sessions[0].activities[0].answers[1].points",
		"an answer with \"na\": true does not count, so it takes no \"points\""));
	text = subst(subst(vbase, "\"points\": 4}", "\"na\": true}"), "\"points\": 0}",
		"\"na\": true}");
	assert_errors(text, 1, msg_at(text, "[\n          {\"value\"", 1,
		"tracks[0].sessions[0].activities[0].answers", "at least one answer needs \"points\""));
	text = subst(vbase, "{\"value\": \"no\"", "{\"value\": \"yes\"");
	assert_errors(text, 1, msg_at(text, "\"yes\"", 2,
		"tracks[0].sessions[0].activities[0].answers[1].value",
		"duplicate answer value \"yes\" (also answers[0])"));
}

static void test_misspelt_keys_and_section_score(void **state)
{
	(void)state;
	const char *text = subst(vbase, "\"bands\": [", "\"section_score\": {\"max\": 11, "
		"\"mode\": \"auto\"},\n        \"bands\": [");
	char want[2048];
	snprintf(want, sizeof want, "%s%s",
		msg_at(text, "11", 1, "tracks[0].sessions[0].activities[0].section_score.max",
			"11 is out of range (1 to 10)"),
		msg_at(text, "\"auto\"", 1, "tracks[0].sessions[0].activities[0].section_score.mode",
			"unknown mode \"auto\" (expected one of \"computed\", \"manual\")"));
	assert_errors(text, 2, want);

	text = subst(vbase, "{\"id\": \"q2\", \"text\"", "{\"id\": \"q2\", \"txt\"");
	snprintf(want, sizeof want, "%s%s",
		msg_at(text, "\"txt\"", 1, "tracks[0].sessions[0].activities[0].sections[0].items[1].txt",
			"unknown key \"txt\" (did you mean \"text\"?)"),
		msg_at(text, "{\"id\": \"q2\"", 1,
			"tracks[0].sessions[0].activities[0].sections[0].items[1]",
			"missing required key \"text\""));
	assert_errors(text, 2, want);
}

/* ---- export --------------------------------------------------------------- */

/* The hearing answered part way, with notes and a section score. */
static void fill_hearing(fixture *f)
{
	mm_error err;
	answer(f, 1, "yes");
	answer(f, 3, "partly");
	answer(f, 4, "na");
	answer(f, 5, "no");
	assert_int_equal(checklist_set(f->st, f->s, f->d, "n3", f->d->col_note,
		"VPNなし, 検討中", 0, NULL, NULL, &err), MM_OK);
	assert_int_equal(checklist_set(f->st, f->s, f->d, "net", f->d->col_score, "3", 0, NULL,
		NULL, &err), MM_OK);
	assert_int_equal(checklist_set(f->st, f->s, f->d, "net", f->d->col_note, "要改善", 0, NULL,
		NULL, &err), MM_OK);
}

static void test_csv_export_bytes(void **state)
{
	(void)state;
	char *text = scenario_with(hearing_act);
	fixture f;
	setup(&f, text, "hearing");
	fill_hearing(&f);
	mm_error err;
	buf out = {0};
	i18n_set_lang(LANG_JA);
	assert_int_equal(checklist_export(f.act, f.st, f.s, "csv", &out, &err), MM_OK);
	assert_string_equal(buf_str(&out),
		"セクション,番号,ID,項目,回答,点数,メモ\r\n"
		"組織,1,o1,方針がある,できている,2,\r\n"
		"組織,2,o2,担当者がいる,,,\r\n"
		"組織,,org,（セクション評価）,,,\r\n"
		"ネットワーク,3,n1,無線LANは暗号化,一部,1,\r\n"
		"ネットワーク,4,n2,UTMがある,該当しない,,\r\n"
		"ネットワーク,5,n3,VPN,できていない,0,\"VPNなし, 検討中\"\r\n"
		"ネットワーク,,net,（セクション評価）,,3,要改善\r\n");
	buf_clear(&out);
	i18n_set_lang(LANG_EN);
	assert_int_equal(checklist_export(f.act, f.st, f.s, "csv", &out, &err), MM_OK);
	assert_string_equal(buf_str(&out),
		"Section,No.,ID,Item,Answer,Points,Note\r\n"
		"Organisation,1,o1,方針がある,できている,2,\r\n"
		"Organisation,2,o2,担当者がいる,,,\r\n"
		"Organisation,,org,(section score),,,\r\n"
		"ネットワーク,3,n1,無線LANは暗号化,一部,1,\r\n"
		"ネットワーク,4,n2,UTMがある,N/A,,\r\n"
		"ネットワーク,5,n3,VPN,できていない,0,\"VPNなし, 検討中\"\r\n"
		"ネットワーク,,net,(section score),,3,要改善\r\n");
	i18n_set_lang(LANG_JA);
	/* an unknown format names the ones there are */
	buf_clear(&out);
	assert_int_equal(checklist_export(f.act, f.st, f.s, "pdf", &out, &err), MM_EUSER);
	assert_string_equal(err.msg, "形式「pdf」には書き出せません（csv か md）");
	assert_int_equal(out.len, 0);
	buf_free(&out);
	teardown(&f);
	free(text);
}

static void test_csv_export_selfcheck_has_no_note_column(void **state)
{
	(void)state;
	char *text = selfcheck(NULL);
	fixture f;
	setup(&f, text, "self-check");
	answer(&f, 2, "unknown");
	mm_error err;
	buf out = {0};
	assert_int_equal(checklist_export(f.act, f.st, f.s, "csv", &out, &err), MM_OK);
	const char *s = buf_str(&out);
	assert_true(strncmp(s, "セクション,番号,ID,項目,回答,点数\r\n"
		"第1部,1,q01,項目1,,\r\n"
		"第1部,2,q02,項目2,わからない,-1\r\n", strlen("セクション,番号,ID,項目,回答,点数\r\n"
		"第1部,1,q01,項目1,,\r\n第1部,2,q02,項目2,わからない,-1\r\n")) == 0);
	int lines = 0;
	for (const char *p = s; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 26);
	buf_free(&out);
	teardown(&f);
	free(text);
}

static void test_md_report(void **state)
{
	(void)state;
	char *text = scenario_with(hearing_act);
	fixture f;
	setup(&f, text, "hearing");
	fill_hearing(&f);
	mm_error err;
	buf out = {0};
	i18n_set_lang(LANG_JA);
	assert_int_equal(checklist_export(f.act, f.st, f.s, "md", &out, &err), MM_OK);
	const char *md = buf_str(&out);
	assert_non_null(strstr(md, "# ヒアリング\n"));
	assert_non_null(strstr(md, "- 回答者: 1\n"));
	assert_non_null(strstr(md, "- 合計: 合計 3 / 8 点\n"));
	assert_non_null(strstr(md, "- 未回答: 1\n"));
	assert_non_null(strstr(md, "| セクション | 点数 | 回答からの目安 | 評価 | 未回答 |\n"));
	assert_non_null(strstr(md, "| 組織 | 2 / 4 | 3 / 5 | 未評価 | 1 |\n"));
	assert_non_null(strstr(md, "| ネットワーク | 1 / 4 | 1 / 5 | 3 / 5 | 0 |\n"));
	assert_non_null(strstr(md, "| 2 | 担当者がいる | **未回答** |  |  |\n"));
	assert_non_null(strstr(md, "評価の理由（メモ）: 要改善\n"));
	assert_non_null(strstr(md, "| 5 | VPN | できていない | 0 | VPNなし, 検討中 |\n"));
	buf_free(&out);
	teardown(&f);
	free(text);
}

/* ---- import --------------------------------------------------------------- */

static void test_import_round_trip(void **state)
{
	(void)state;
	char *text = scenario_with(hearing_act);
	fixture f;
	setup(&f, text, "hearing");
	fill_hearing(&f);
	mm_error err;
	buf csv = {0};
	assert_int_equal(checklist_export(f.act, f.st, f.s, "csv", &csv, &err), MM_OK);
	sheet *g2;
	assert_int_equal(sheet_open(f.st, f.act->storage, OWNER_GROUP, f.group2, &g2, &err), MM_OK);
	int n = 0;
	if (checklist_import_csv_n(f.st, g2, csv.s, csv.len, &n, &err) != MM_OK)
		fail_msg("import: %s", err.msg);
	assert_int_equal(n, 7);
	checklist_result a, b;
	checklist_score(f.d, f.s, &a);
	checklist_score(f.d, g2, &b);
	assert_true(a.total == b.total);
	assert_int_equal(a.unanswered, b.unanswered);
	assert_int_equal(b.sections[1].manual, 3);
	assert_int_equal(b.sections[1].na, 1);
	checklist_result_free(&a);
	checklist_result_free(&b);
	int r = checklist_row_of(f.d, g2, "n3");
	assert_string_equal(g2->rows[r].cells[f.d->col_note].value, "VPNなし, 検討中");
	/* the same file again changes nothing */
	assert_int_equal(checklist_import_csv(f.st, g2, csv.s, csv.len, &err), MM_OK);
	assert_int_equal(g2->nrows, 7);
	sheet_free(g2);
	buf_free(&csv);
	teardown(&f);
	free(text);
}

static void test_import_by_number_label_or_shift_jis(void **state)
{
	(void)state;
	char *text = selfcheck(NULL);
	fixture f;
	setup(&f, text, "self-check");
	mm_error err;
	/* English headers, answers by label, by number in the list, by value */
	const char *csv = "No.,Answer\r\n1,In place\r\n2,2\r\n3,unknown\r\n25,実施している\r\n";
	assert_int_equal(checklist_import_csv(f.st, f.s, csv, strlen(csv), &err), MM_OK);
	checklist_result r = score(&f);
	assert_true(r.total == 4 + 2 - 1 + 4);
	assert_int_equal(r.unanswered, 21);
	checklist_result_free(&r);
	/* by item text, Shift_JIS as Excel writes it */
	const char sjis[] = "\x94\xD4\x8D\x86\x2C\x89\xF1\x93\x9A\x0D\x0A\x31\x2C\x8E\xC0\x8E"
		"\x7B\x82\xB5\x82\xC4\x82\xA2\x82\xE9\x0D\x0A\x32\x2C\x82\xED\x82\xA9\x82\xE7\x82"
		"\xC8\x82\xA2\x0D\x0A";
	assert_int_equal(checklist_import_csv(f.st, f.s, sjis, sizeof sjis - 1, &err), MM_OK);
	r = score(&f);
	assert_true(r.total == 4 - 1 - 1 + 4);
	checklist_result_free(&r);
	csv = "項目,回答\r\n項目3,未回答\r\nItem 4,no\r\n";
	assert_int_equal(checklist_import_csv(f.st, f.s, csv, strlen(csv), &err), MM_OK);
	r = score(&f);
	assert_int_equal(r.unanswered, 21);
	assert_true(r.total == 4 - 1 + 4);
	checklist_result_free(&r);
	teardown(&f);
	free(text);
}

static void test_import_errors_change_nothing(void **state)
{
	(void)state;
	char *text = selfcheck(NULL);
	fixture f;
	setup(&f, text, "self-check");
	i18n_set_lang(LANG_JA);
	mm_error err;
	static const struct {
		const char *csv, *msg;
	} cases[] = {
		{"番号,回答\r\n1,実施している\r\n2,たぶん\r\n",
		 "3 行目 2 列: 「たぶん」は回答にありません。次から選んでください: 実施している / "
		 "一部実施している / 実施していない / わからない"},
		{"ID,回答\r\nq01,1\r\nq99,1\r\n", "3 行目 1 列: 「q99」という項目はありません"},
		{"番号,感想\r\n1,良い\r\n",
		 "1 行目 2 列: 「感想」という列はありません（使える列: セクション, 番号, ID, 項目, "
		 "回答, 点数, メモ）"},
		{"番号,回答\r\n1,1\r\n1,2\r\n", "3 行目: 項目 1 は 2 行目にもあります"},
		{"回答\r\n1\r\n",
		 "1 行目: 回答の列と、項目を見分ける列（ID・番号・項目）が必要です"},
		{"番号,回答\r\n1,1,extra\r\n", "2 行目 3 列: 見出しより列が多すぎます"},
		{"", "1 行目: ファイルが空です。見出しの行が必要です"},
		{"番号,回答\r\n26,1\r\n", "2 行目 1 列: 「26」という項目はありません"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		mm_error_clear(&err);
		assert_int_equal(checklist_import_csv(f.st, f.s, cases[k].csv, strlen(cases[k].csv),
			&err), MM_EUSER);
		assert_string_equal(err.msg, cases[k].msg);
		checklist_result r = score(&f);
		assert_int_equal(r.answered, 0); /* all or nothing */
		checklist_result_free(&r);
	}
	/* not a checklist's sheet */
	assert_int_equal(checklist_import_csv(f.st, NULL, "a", 1, &err), MM_EUSER);
	teardown(&f);
	free(text);
}

/* ---- the bundled content (a copy in tests/fixtures/checklist) ----------- */

static void test_program_content(void **state)
{
	(void)state;
	char *text = tu_read_file(SOURCE_ROOT "/tests/fixtures/checklist/program.json", NULL);
	assert_non_null(text);
	scenario *sc = parse_ok(text);
	const activity *act = scenario_find_activity(sc, "self-check");
	const checklist_def *d = checklist_of(act);
	assert_non_null(d);
	assert_int_equal(act->scope, SCOPE_COMPANY);
	assert_int_equal(d->nitems, 25);
	assert_int_equal(d->nsections, 3);
	assert_int_equal(d->sections[0].nitems, 5);
	assert_int_equal(d->sections[1].nitems, 13);
	assert_int_equal(d->sections[2].nitems, 7);
	assert_true(d->item_max == 4);
	static const char *const values[] = {"yes", "partly", "no", "unknown"};
	static const double points[] = {4, 2, 0, -1};
	assert_int_equal(d->nanswers, 4);
	for (int k = 0; k < 4; k++) {
		assert_string_equal(d->answers[k].value, values[k]);
		assert_true(d->answers[k].points == points[k]);
	}
	assert_string_equal(d->answers[3].label.ja, "わからない");
	for (int k = 0; k < d->nitems; k++) {
		const checklist_item *it = &d->items[k];
		if (!it->text.en || !it->help.ja || !it->help.en)
			fail_msg("item %s lacks English text or help", it->id);
	}
	/* the four IPA bands, with their edges */
	static const struct {
		double total;
		const char *prefix;
	} edges[] = {{100, "達成"}, {99, "一部不十分"}, {70, "一部不十分"}, {69, "不十分"},
		{50, "不十分"}, {49, "危険"}, {0, "危険"}, {-25, "危険"}};
	for (size_t k = 0; k < sizeof edges / sizeof edges[0]; k++) {
		const checklist_band *b = checklist_band_for(d, edges[k].total);
		assert_non_null(b);
		if (strncmp(b->label.ja, edges[k].prefix, strlen(edges[k].prefix)) != 0)
			fail_msg("total %g: band %s, want %s...", edges[k].total, b->label.ja,
				edges[k].prefix);
		assert_non_null(b->label.en);
	}
	act = scenario_find_activity(sc, "visit-hearing");
	d = checklist_of(act);
	assert_non_null(d);
	assert_int_equal(act->scope, SCOPE_COMPANY);
	assert_int_equal(d->nsections, 6);
	assert_int_equal(d->nitems, 23);
	assert_int_equal(d->score_mode, CL_SCORE_MANUAL);
	assert_int_equal(d->score_max, 5);
	assert_true(d->notes);
	scenario_free(sc);
	free(text);
}

int main(void)
{
	i18n_set_lang(LANG_JA);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_sheet_has_every_item_unanswered),
		cmocka_unit_test(test_every_answer_kind_counts_including_dont_know),
		cmocka_unit_test(test_band_boundaries),
		cmocka_unit_test(test_unanswered_count_drops_as_answers_come),
		cmocka_unit_test(test_section_scores_computed_and_rounded),
		cmocka_unit_test(test_section_scores_manual_with_suggestion),
		cmocka_unit_test(test_group_terminal_cannot_answer_for_another_group),
		cmocka_unit_test(test_answer_conflict_and_undo),
		cmocka_unit_test(test_valid_base_parses),
		cmocka_unit_test(test_duplicate_item_id),
		cmocka_unit_test(test_empty_answers_sections_items),
		cmocka_unit_test(test_overlapping_and_upside_down_bands),
		cmocka_unit_test(test_points_must_be_numbers),
		cmocka_unit_test(test_misspelt_keys_and_section_score),
		cmocka_unit_test(test_csv_export_bytes),
		cmocka_unit_test(test_csv_export_selfcheck_has_no_note_column),
		cmocka_unit_test(test_md_report),
		cmocka_unit_test(test_import_round_trip),
		cmocka_unit_test(test_import_by_number_label_or_shift_jis),
		cmocka_unit_test(test_import_errors_change_nothing),
		cmocka_unit_test(test_program_content),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tu_cleanup();
	return rc;
}
