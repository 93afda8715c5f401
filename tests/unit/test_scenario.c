/* test_scenario.c — loading a trainer's scenario file: the bundled programs
 * load and can be walked, and every mistake a trainer makes is reported at
 * once, each as "FILE:LINE:COL: path: message" pointing at the right place. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "i18n.h"
#include "scenario.h"
#include "status.h"
#include "table.h"

#define FIXTURES SOURCE_ROOT "/tests/fixtures/scenarios/"

/* A small valid scenario; tests change one spot of it with subst().
 * Lines: 9 session id, 10 number, 11 session title, 12 minutes,
 * 13 activities, 14-17 the activity's id, kind, title, body. */
static const char base[] =
	"{\n"
	"  \"format\": \"mamori-scenario/1\",\n"
	"  \"id\": \"mini\",\n"
	"  \"title\": {\"ja\": \"小さな研修\", \"en\": \"A small course\"},\n"
	"  \"tracks\": [{\n"
	"    \"id\": \"workshop\",\n"
	"    \"title\": \"ワークショップ\",\n"
	"    \"sessions\": [{\n"
	"      \"id\": \"ws01\",\n"
	"      \"number\": 1,\n"
	"      \"title\": \"第1回\",\n"
	"      \"minutes\": 60,\n"
	"      \"activities\": [{\n"
	"        \"id\": \"ws01-intro\",\n"
	"        \"kind\": \"briefing\",\n"
	"        \"title\": \"進め方\",\n"
	"        \"body\": \"本文です\"\n"
	"      }]\n"
	"    }]\n"
	"  }]\n"
	"}\n";

/* A second session for the track of BASE, starting on line 19. */
#define SECOND_SESSION \
	"      }]\n" \
	"    }, {\n" \
	"      \"id\": \"ws02\",\n" \
	"      \"number\": 2,\n" \
	"      \"title\": \"第2回\",\n" \
	"      \"minutes\": 60,\n" \
	"      \"activities\": [{\"id\": \"ws02-intro\", \"kind\": \"briefing\", " \
	"\"title\": \"進め方\", \"body\": \"本文\"}]\n" \
	"    }]\n"

/* Results of subst() and msg_at() live in a small ring of static buffers, so
 * nothing is left to free when an assertion ends a test early. */
static char *ring(void)
{
	static char bufs[8][4096];
	static unsigned next;
	return bufs[next++ % 8];
}

/* TEXT with its only occurrence of FROM replaced by TO. */
static const char *subst(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	if (!at)
		fail_msg("\"%s\" is not in the text", from);
	if (strstr(at + 1, from))
		fail_msg("\"%s\" is in the text twice", from);
	char *out = ring();
	int n = snprintf(out, 4096, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	assert_true(n > 0 && n < 4096);
	return out;
}

static const char *two_sessions(void)
{
	return subst(base, "      }]\n    }]\n", SECOND_SESSION);
}

/* "NAME:LINE:COL: PATH: MSG" where LINE:COL is the place of the NTH
 * occurrence of MARKER in TEXT, columns counted in characters from 1. */
static const char *msg_at(const char *name, const char *text, const char *marker, int nth,
	const char *path, const char *msg)
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
	snprintf(out, 4096, "%s:%d:%d: %s%s%s\n", name, line, col, path, *path ? ": " : "", msg);
	return out;
}

static scenario *parse_ok(const char *text)
{
	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = -1;
	mm_status rc = scenario_parse("t.json", text, strlen(text), &sc, &errs, &nerrs);
	static char got[4096];
	snprintf(got, sizeof got, "%s", buf_str(&errs));
	buf_free(&errs);
	if (rc != MM_OK)
		fail_msg("scenario_parse: %s", got);
	assert_int_equal(nerrs, 0);
	assert_string_equal(got, "");
	assert_non_null(sc);
	return sc;
}

/* Parses N bytes of TEXT, which must fail with exactly the lines in WANT. */
static void assert_errors_n(const char *text, size_t n, int nwant, const char *want)
{
	scenario *sc = (scenario *)(void *)&sc;
	buf errs = {0};
	int nerrs = -1;
	mm_status rc = scenario_parse("t.json", text, n, &sc, &errs, &nerrs);
	static char got[4096];
	snprintf(got, sizeof got, "%s", buf_str(&errs));
	buf_free(&errs);
	scenario_free(sc == (scenario *)(void *)&sc ? NULL : sc);
	assert_int_equal(rc, MM_EUSER);
	assert_true(sc == NULL);
	assert_string_equal(got, want);
	assert_int_equal(nerrs, nwant);
	int lines = 0;
	for (const char *p = got; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, nwant); /* one line per error */
}

static void assert_errors(const char *text, int nwant, const char *want)
{
	assert_errors_n(text, strlen(text), nwant, want);
}

/* How many errors TEXT has (it must have some). */
static int count_errors(const char *text)
{
	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = -1;
	assert_int_equal(scenario_parse("t.json", text, strlen(text), &sc, &errs, &nerrs), MM_EUSER);
	if (nerrs != 1)
		print_message("%s", buf_str(&errs));
	buf_free(&errs);
	scenario_free(sc);
	return nerrs;
}

/* TEXT with FROM replaced by TO fails with the one error MSG about PATH, at
 * the first occurrence of MARKER in the changed text. */
static void assert_one_error(const char *from, const char *to, const char *marker,
	const char *path, const char *msg)
{
	const char *text = subst(base, from, to);
	const char *want = msg_at("t.json", text, marker, 1, path, msg);
	assert_errors(text, 1, want);
}

/* --- the shipped scenarios --- */

static scenario *load_ok(const char *path, char **text)
{
	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = -1;
	if (scenario_load_file(path, text, &sc, &errs, &nerrs) != MM_OK)
		fail_msg("%s", buf_str(&errs));
	assert_int_equal(nerrs, 0);
	assert_string_equal(buf_str(&errs), "");
	buf_free(&errs);
	assert_non_null(sc);
	return sc;
}

static void test_example_mini_loads(void **state)
{
	(void)state;
	char *text = NULL;
	scenario *sc = load_ok(SOURCE_ROOT "/scenarios/example-mini.json", &text);
	/* the text handed back is what a workshop stores: it parses on its own */
	scenario *again = NULL;
	buf errs = {0};
	assert_int_equal(scenario_parse("stored", text, strlen(text), &again, &errs, NULL), MM_OK);
	assert_string_equal(again->id, "example-mini");
	scenario_free(again);
	buf_free(&errs);
	free(text);

	assert_string_equal(sc->id, "example-mini");
	assert_string_equal(sc->title.ja, "ミニ研修：パスワードとバックアップ");
	assert_string_equal(sc->title.en, "Mini course: passwords and backups");
	assert_null(sc->description.en); /* a plain string is Japanese only */
	assert_int_equal(sc->ntracks, 1);
	const track *t = &sc->tracks[0];
	assert_int_equal(t->nsessions, 2);
	const session *s1 = &t->sessions[0];
	assert_string_equal(s1->id, "ws01");
	assert_int_equal(s1->minutes, 60);
	assert_int_equal(s1->nactivities, 1);
	const activity *a = &s1->activities[0];
	assert_string_equal(a->id, "passwords-intro");
	assert_int_equal(a->kind, KIND_BRIEFING);
	assert_string_equal(kind_name(a->kind), "briefing");
	assert_int_equal(a->minutes, 5);
	assert_int_equal(a->scope, SCOPE_GROUP);
	assert_ptr_equal(a->session, s1);
	assert_ptr_equal(s1->track, t);
	assert_non_null(strstr(a->body.ja, "## この回のねらい\n"));
	/* session 2 leaves the optional keys out */
	const activity *b = &t->sessions[1].activities[0];
	assert_string_equal(b->id, "backup-intro");
	assert_int_equal(b->minutes, 0);
	assert_null(b->prompt.ja);
	assert_string_equal(b->title.ja, "第2回の進め方");
	assert_null(b->title.en);
	scenario_free(sc);
}

static void test_sme_program_loads(void **state)
{
	(void)state;
	scenario *sc = load_ok(SOURCE_ROOT "/scenarios/sme-program.json", NULL);
	assert_int_equal(sc->ntracks, 2);
	static const char *const ids[] = {"workshop", "visits"};
	static const size_t counts[] = {10, 4};
	size_t total = 0;
	for (size_t k = 0; k < 2; k++) {
		const track *t = &sc->tracks[k];
		assert_string_equal(t->id, ids[k]);
		assert_int_equal(t->nsessions, counts[k]);
		for (size_t i = 0; i < t->nsessions; i++) {
			const session *s = &t->sessions[i];
			assert_int_equal(s->number, (int)i + 1);
			assert_ptr_equal(s->track, t);
			if (!s->title.ja || !*s->title.ja || !s->title.en || !*s->title.en)
				fail_msg("session %s lacks a Japanese or English title", s->id);
			assert_true(s->nactivities >= 1);
			assert_true(s->minutes > 0);
			total++;
		}
	}
	assert_int_equal(total, 14);

	/* finding things by id */
	const activity *a = scenario_find_activity(sc, "ws05-ledger-guide");
	assert_non_null(a);
	assert_string_equal(a->id, "ws05-ledger-guide");
	assert_string_equal(a->session->id, "ws05");
	assert_string_equal(a->session->track->id, "workshop");
	a = scenario_find_activity(sc, "visit2-intro");
	assert_non_null(a);
	assert_string_equal(a->session->id, "visit2");
	assert_null(scenario_find_activity(sc, "ws05"));   /* a session, not an activity */
	assert_null(scenario_find_activity(sc, "nothing"));
	const session *s = scenario_find_session(sc, "visit3");
	assert_non_null(s);
	assert_int_equal(s->number, 3);
	assert_string_equal(s->track->id, "visits");
	assert_ptr_equal(scenario_find_session(sc, "ws01"), &sc->tracks[0].sessions[0]);
	assert_null(scenario_find_session(sc, "ws01-intro"));
	assert_null(scenario_find_session(sc, "ws11"));
	scenario_free(sc);
}

/* A workshop's stored scenario (the expanded text init stores) is parsed
 * without the position scan into the same program; a stored text that does
 * not pass gives the same FILE:LINE:COL lines the full parse gives. */
static void test_stored_parse(void **state)
{
	(void)state;
	char *text = NULL;
	scenario *full = load_ok(SOURCE_ROOT "/scenarios/sme-program.json", &text);
	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = -1;
	assert_int_equal(scenario_parse_stored("ws.db", text, strlen(text), &sc, &errs, &nerrs),
		MM_OK);
	assert_int_equal(nerrs, 0);
	assert_string_equal(buf_str(&errs), "");
	assert_non_null(sc);
	assert_int_equal(sc->ntracks, full->ntracks);
	for (size_t k = 0; k < sc->ntracks; k++) {
		assert_string_equal(sc->tracks[k].id, full->tracks[k].id);
		assert_int_equal(sc->tracks[k].nsessions, full->tracks[k].nsessions);
		for (size_t i = 0; i < sc->tracks[k].nsessions; i++)
			assert_int_equal(sc->tracks[k].sessions[i].nactivities,
				full->tracks[k].sessions[i].nactivities);
	}
	const activity *a = scenario_find_activity(sc, "asset-ledger");
	const activity *b = scenario_find_activity(full, "asset-ledger");
	assert_non_null(a);
	assert_non_null(a->table);
	assert_int_equal(a->table->ncols, b->table->ncols);
	assert_int_equal(a->table->nrows, b->table->nrows);
	assert_int_equal(a->table->nexample, b->table->nexample);
	scenario_free(sc);
	scenario_free(full);
	free(text);

	/* broken the way only a hand could: the full parse's messages */
	const char *bad = subst(base, "\"kind\": \"briefing\"", "\"kind\": \"bord\"");
	buf want = {0};
	int nwant = -1;
	sc = (scenario *)(void *)&sc;
	assert_int_equal(scenario_parse("ws.db", bad, strlen(bad), &sc, &want, &nwant), MM_EUSER);
	assert_int_equal(scenario_parse_stored("ws.db", bad, strlen(bad), &sc, &errs, &nerrs),
		MM_EUSER);
	assert_null(sc);
	assert_int_equal(nerrs, nwant);
	assert_string_equal(buf_str(&errs), buf_str(&want));
	assert_non_null(strstr(buf_str(&errs), "ws.db:15:17: "));
	buf_free(&want);
	buf_free(&errs);
}

static void test_step_session(void **state)
{
	(void)state;
	scenario *sc = load_ok(SOURCE_ROOT "/scenarios/sme-program.json", NULL);
	static const char *const order[] = {"ws01", "ws02", "ws03", "ws04", "ws05", "ws06",
		"ws07", "ws08", "ws09", "ws10", "visit1", "visit2", "visit3", "visit4"};
	const size_t n = sizeof order / sizeof order[0];

	/* before the first session, either way starts at the first */
	assert_string_equal(scenario_step_session(sc, "", 1)->id, "ws01");
	assert_string_equal(scenario_step_session(sc, NULL, 1)->id, "ws01");
	assert_string_equal(scenario_step_session(sc, "", -1)->id, "ws01");

	/* forward through both tracks, then back */
	const session *s = scenario_find_session(sc, "ws01");
	for (size_t i = 1; i < n; i++) {
		s = scenario_step_session(sc, s->id, 1);
		assert_non_null(s);
		assert_string_equal(s->id, order[i]);
	}
	assert_null(scenario_step_session(sc, "visit4", 1)); /* the end */
	for (size_t i = n - 1; i > 0; i--) {
		s = scenario_step_session(sc, s->id, -1);
		assert_non_null(s);
		assert_string_equal(s->id, order[i - 1]);
	}
	assert_null(scenario_step_session(sc, "ws01", -1)); /* the start */
	assert_string_equal(scenario_step_session(sc, "ws10", 1)->id, "visit1");
	assert_string_equal(scenario_step_session(sc, "visit1", -1)->id, "ws10");
	assert_null(scenario_step_session(sc, "no-such-session", 1));
	scenario_free(sc);
}

static void test_localized_strings(void **state)
{
	(void)state;
	scenario *sc = parse_ok(base);
	const session *s = &sc->tracks[0].sessions[0];
	const activity *a = &s->activities[0];

	i18n_set_lang(LANG_EN);
	assert_string_equal(L(&sc->title), "A small course");
	assert_string_equal(L(&s->title), "第1回"); /* no English: the Japanese */
	assert_string_equal(L(&a->prompt), "");     /* not given at all */
	assert_string_equal(L(NULL), "");
	i18n_set_lang(LANG_JA);
	assert_string_equal(L(&sc->title), "小さな研修");
	assert_string_equal(L(&s->title), "第1回");

	/* an empty "en" counts as missing */
	lstr empty_en = {"日本語", ""};
	i18n_set_lang(LANG_EN);
	assert_string_equal(L(&empty_en), "日本語");
	scenario_free(sc); /* the rest of these tests run in English */
}

/* --- syntax errors --- */

static void test_syntax_errors(void **state)
{
	(void)state;
	/* a missing comma: the place where the comma should be, just after
	 * the value before it (the end of the line it was forgotten on) */
	assert_errors("{\n  \"format\": \"mamori-scenario/1\"\n  \"id\": \"x\"\n}\n", 1,
		"t.json:2:32: missing ',' before the next value: add one here\n");
	const char *text = subst(base, "\"number\": 1,", "\"number\": 1");
	const char *want = msg_at("t.json", text, "\n      \"title\": \"第1回\"", 1, "",
		"missing ',' before the next value: add one here");
	assert_errors(text, 1, want);
	/* in an array */
	assert_errors("[1 2]", 1, "t.json:1:3: missing ',' before the next value: add one here\n");
	/* neither a value nor the end: as before */
	assert_errors("[1 x]", 1, "t.json:1:4: expected ',' or ']'\n");
	/* the end of the file: the bracket left open */
	assert_errors("{\"tracks\": [\n  {\"id\": 1}\n", 1,
		"t.json:3:1: the file ends before the bracket at line 1, column 12 ('[') is closed\n");

	/* unterminated strings: at the line break, or at the end of the file */
	assert_errors("{\n  \"id\": \"abc\n}\n", 1,
		"t.json:2:13: line break inside a string (write \\n)\n");
	assert_errors("{\"id\": \"abc", 1, "t.json:1:12: string is not closed\n");
	/* the column counts characters, not bytes */
	assert_errors("{\"id\": \"日本語", 1, "t.json:1:12: string is not closed\n");

	/* a trailing comma, as people write in JavaScript: at the comma */
	assert_errors("{\"id\": \"x\",\n}", 1,
		"t.json:1:11: JSON does not allow a trailing comma: delete it\n");

	/* trailing garbage after a complete scenario */
	text = subst(base, "  }]\n}\n", "  }]\n}\n}\n");
	assert_errors(text, 1, "t.json:22:1: unexpected text after the end of the JSON value\n");
	assert_errors("{} x", 1, "t.json:1:4: unexpected text after the end of the JSON value\n");
}

/* Issue 11: the JSON mistakes trainers make, in plain words, at the mistake. */
static void test_json_mistakes_in_plain_words(void **state)
{
	(void)state;
	/* an array's trailing comma: at the comma, not at the next line's ] */
	const char *text = subst(base, "      }]\n    }]\n", "      },\n      ]\n    }]\n");
	assert_errors(text, 1, msg_at("t.json", text, ",\n      ]", 1, "",
		"JSON does not allow a trailing comma: delete it"));
	/* an object's */
	text = subst(base, "\"body\": \"本文です\"\n", "\"body\": \"本文です\",\n");
	assert_errors(text, 1, msg_at("t.json", text, ",\n      }]", 1, "",
		"JSON does not allow a trailing comma: delete it"));
	/* a comment where a key goes, after a value, where a value goes, at the start */
	text = subst(base, "        \"body\"", "        // 本文\n        \"body\"");
	assert_errors(text, 1, msg_at("t.json", text, "// 本文", 1, "",
		"JSON has no comments: delete it"));
	text = subst(base, "\"number\": 1,", "\"number\": 1, /* 第1回 */");
	assert_errors(text, 1, msg_at("t.json", text, "/* 第1回", 1, "",
		"JSON has no comments: delete it"));
	text = subst(base, "\"number\": 1,", "\"number\": 1 // 第1回\n,");
	assert_errors(text, 1, msg_at("t.json", text, "// 第1回", 1, "",
		"JSON has no comments: delete it"));
	text = subst(base, "\"minutes\": 60,", "\"minutes\": /* 90? */ 60,");
	assert_errors(text, 1, msg_at("t.json", text, "/* 90?", 1, "",
		"JSON has no comments: delete it"));
	/* two commas in a row: at the second */
	text = subst(base, "\"number\": 1,", "\"number\": 1,,");
	assert_errors(text, 1, msg_at("t.json", text, ",\n      \"title\": \"第1回\"", 1, "",
		"two commas in a row: delete one"));
	const char *arr = "{\"tracks\": [1,\n  , 2]}";
	assert_errors(arr, 1, "t.json:2:3: two commas in a row: delete one\n");
	/* what a Japanese input method types where JSON needs ASCII */
	text = subst(base, "\"number\": 1,", "\"number\": 1，");
	assert_errors(text, 1, msg_at("t.json", text, "，", 1, "",
		"a full-width comma: JSON needs the ASCII ','"));
	text = subst(base, "\"number\": 1,", "\"number\"： 1,");
	assert_errors(text, 1, msg_at("t.json", text, "：", 1, "",
		"a full-width colon: JSON needs the ASCII ':'"));
	text = subst(base, "\"number\": 1,", "\"number\":\u30001,");
	assert_errors(text, 1, msg_at("t.json", text, "\u3000", 1, "",
		"a full-width space outside a string: use an ASCII space or delete it"));
	text = subst(base, "\"number\": 1,", "“number”: 1,");
	assert_errors(text, 1, msg_at("t.json", text, "“", 1, "",
		"curly quotes: JSON needs straight double quotes \""));
	text = subst(base, "\"number\": 1,", "'number': 1,");
	assert_errors(text, 1, msg_at("t.json", text, "'", 1, "",
		"JSON needs double quotes \", not single quotes '"));
}

/* Issue 11: "did you mean" for every name a trainer types, not only keys. */
static void test_did_you_mean_every_name(void **state)
{
	(void)state;
	const char *path = FIXTURES "did-you-mean.json";
	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = -1;
	assert_int_equal(scenario_load_file(path, NULL, &sc, &errs, &nerrs), MM_EUSER);
	const char *want[] = {
		":14:33: tracks[0].sessions[0].activities[0].kind: unknown activity kind \"bord\" (did you mean \"board\"?)\n",
		":18:32: tracks[0].sessions[0].activities[1].columns[1].type: unknown type \"scael\" (did you mean \"scale\"?)\n",
		":22:70: tracks[0].sessions[0].activities[1].columns[5].expr: unknown function \"maxx\" (did you mean \"max\"?)\n",
		":21:72: tracks[0].sessions[0].activities[1].columns[4].expr: unknown column \"likelyhood\" (did you mean \"likelihood\"?)\n",
		":25:42: tracks[0].sessions[0].activities[1].heatmap.y: no column \"likelyhod\" in this table (did you mean \"likelihood\"?)\n",
		":28:52: tracks[0].sessions[0].activities[2].columns[0].table: no table activity \"dental-asset\" in this scenario (did you mean \"dental-assets\"?)\n",
		":24:20: tracks[0].sessions[0].activities[1].rows[0].nmae: no column \"nmae\" in this table (did you mean \"name\"?)\n",
	};
	buf all = {0};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
		buf_printf(&all, "%s%s", path, want[k]);
	assert_string_equal(buf_str(&errs), buf_str(&all));
	assert_int_equal(nerrs, 7);
	buf_free(&all);
	buf_free(&errs);
	/* nothing close: no guess (a guess must be a near miss) */
	assert_one_error("\"kind\": \"briefing\"", "\"kind\": \"quiz\"", "\"quiz\"",
		"tracks[0].sessions[0].activities[0].kind",
		"unknown activity kind \"quiz\" (expected briefing, table, checklist, document, "
		"board, drill or survey)");
}

/* Issue 11: a mistake is reported once, at its cause; what rests on it says
 * nothing more. */
static void test_no_follow_on_errors(void **state)
{
	(void)state;
	const char *path = FIXTURES "wrong-table-id.json";
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char text[4096];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	/* a wrong table id: not also "unknown column asset.importance" at the
	 * column reading through it, nor a heat-map error at the axis computed
	 * from that column */
	assert_errors(text, 1, msg_at("t.json", text, "\"dental-asset\"", 1,
		"tracks[0].sessions[0].activities[1].columns[0].table",
		"no table activity \"dental-asset\" in this scenario (did you mean \"dental-assets\"?)"));
	/* the table right, the column wrong: the column, once */
	const char *t2 = subst(subst(text, "\"table\": \"dental-asset\"", "\"table\": \"dental-assets\""),
		"asset.importance", "asset.importanse");
	assert_errors(t2, 1, msg_at("t.json", t2, "asset.importanse", 1,
		"tracks[0].sessions[0].activities[1].columns[2].expr",
		"unknown column \"asset.importanse\" (did you mean \"asset.importance\"?)"));
	/* and all right: valid */
	scenario_free(parse_ok(subst(text, "\"table\": \"dental-asset\"", "\"table\": \"dental-assets\"")));
	/* a real heat-map mistake is still reported */
	const char *t3 = subst(subst(text, "\"table\": \"dental-asset\"", "\"table\": \"dental-assets\""),
		"\"expr\": \"asset.importance\"", "\"expr\": \"asset.importance * 100\"");
	assert_errors(t3, 1, msg_at("t.json", t3, "\"impact\", \"y\"", 1,
		"tracks[0].sessions[0].activities[1].heatmap.x",
		"a heat map axis needs a whole-number column with at most 10 levels, and \"impact\" is not one"));
	/* a formula that does not parse: once, not also at the heat map whose
	 * axis is computed from it, in this table or through the ref */
	const char *ok = subst(text, "\"table\": \"dental-asset\"", "\"table\": \"dental-assets\"");
	const char *t4 = subst(ok, "\"expr\": \"asset.importance\"", "\"expr\": \"asset.importance +\"");
	assert_errors(t4, 1, msg_at("t.json", t4, "\"},\n           {\"id\": \"risk\"", 1,
		"tracks[0].sessions[0].activities[1].columns[2].expr", "unexpected end of expression"));
	const char *t5 = subst(ok, "\"max(c, 1)\"", "\"max(c, 1\"");
	assert_int_equal(count_errors(t5), 1);
	/* a column whose type is not one: once, not also "type mismatch" in
	 * the formulas reading it */
	const char *t6 = subst(ok, "\"id\": \"c\", \"type\": \"scale\"", "\"id\": \"c\", \"type\": \"rating\"");
	assert_int_equal(count_errors(t6), 1);
}

/* Issue 11: a cycle at the formula that most likely made it (the one read
 * to the right: risk's "likelihood", risk being left of likelihood), where
 * it reads; a missing ")" names the "(" it would close. */
static void test_cycle_and_paren_places(void **state)
{
	(void)state;
	const char *path = FIXTURES "cycle-paren.json";
	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = -1;
	assert_int_equal(scenario_load_file(path, NULL, &sc, &errs, &nerrs), MM_EUSER);
	buf want = {0};
	buf_printf(&want, "%s:18:72: tracks[0].sessions[0].activities[0].columns[2].expr: "
		"computed columns read each other in a circle: likelihood -> risk -> likelihood "
		"(this formula closes it)\n", path);
	buf_printf(&want, "%s:26:42: tracks[0].sessions[0].activities[1].columns[1].expr: "
		"missing \")\" to close the \"(\" at line 26, column 25\n", path);
	assert_string_equal(buf_str(&errs), buf_str(&want));
	assert_int_equal(nerrs, 2);
	buf_free(&want);
	buf_free(&errs);
}

/* Issue 11: validate --warnings: valid, but most likely not meant. */
static void test_warnings(void **state)
{
	(void)state;
	const char *path = FIXTURES "warnings.json";
	buf errs = {0};
	int ne = -1, nw = -1;
	assert_int_equal(scenario_validate_file(path, SCENARIO_WARNINGS, &errs, &ne, &nw), MM_OK);
	assert_int_equal(ne, 0);
	assert_int_equal(nw, 5);
	const char *want[] = {
		":11:36: warning: tracks[0].sessions[0].title.en: the English text is empty "
		"(English screens will show the Japanese; write it or remove \"en\")\n",
		":12:18: warning: tracks[0].sessions[0].minutes: the activities add up to 70 minutes, "
		"more than the session's 60\n",
		":21:23: warning: tracks[0].sessions[0].activities[1].columns[2].bands[1]: this band "
		"never matches: bands[0] comes first and takes all its values\n",
		":22:23: warning: tracks[0].sessions[0].activities[1].columns[2].bands[2]: this band "
		"never matches: \"risk\" is always 1 to 9\n",
		":24:42: warning: tracks[0].sessions[0].activities[1].heatmap.y: x and y are the same "
		"column \"threat\": no row can land off the diagonal\n",
	};
	buf all = {0};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
		buf_printf(&all, "%s%s", path, want[k]);
	assert_string_equal(buf_str(&errs), buf_str(&all));
	buf_free(&all);
	buf_free(&errs);
	/* without the flag: nothing, and init's loader never warns */
	assert_int_equal(scenario_validate_file(path, 0, &errs, &ne, &nw), MM_OK);
	assert_int_equal(nw, 0);
	assert_string_equal(buf_str(&errs), "");
	scenario *sc = NULL;
	assert_int_equal(scenario_load_file(path, NULL, &sc, &errs, &ne), MM_OK);
	assert_string_equal(buf_str(&errs), "");
	scenario_free(sc);
	buf_free(&errs);
	/* warnings never make a file invalid: the bundled program has some
	 * (two sessions whose activities add up to more than 90 minutes) */
	assert_int_equal(scenario_validate_file(SOURCE_ROOT "/scenarios/sme-program.json",
		SCENARIO_WARNINGS, &errs, &ne, &nw), MM_OK);
	assert_int_equal(ne, 0);
	buf_free(&errs);
}

static void test_not_text(void **state)
{
	(void)state;
	/* Shift_JIS text on line 17 */
	const char *text = subst(base, "本文です", "\x96\x7B\x95\xB6");
	assert_errors(text, 1, "t.json:17:1: the file is not UTF-8 text: save it as UTF-8 (Shift_JIS is not read)\n");
	assert_errors("\xFF\xFE{", 1, "t.json:1:1: the file is not UTF-8 text: save it as UTF-8 (Shift_JIS is not read)\n");
}

static void test_nul_byte(void **state)
{
	(void)state;
	/* Found while writing these tests (scenario_parse reported every NUL
	 * byte at 1:1): a NUL between 本文 and です on line 17 is reported at
	 * line 17, column 20, as every other error points at its place. */
	const char *at = strstr(base, "です");
	assert_non_null(at);
	size_t before = (size_t)(at - base), n = sizeof base; /* one byte more */
	static char nul[sizeof base + 1];
	memcpy(nul, base, before);
	nul[before] = '\0';
	memcpy(nul + before + 1, at, sizeof base - before); /* with the final NUL */
	assert_errors_n(nul, n, 1, "t.json:17:20: the file contains a NUL byte\n");
}

static void test_empty_and_bom(void **state)
{
	(void)state;
	assert_errors("", 1, "t.json:1:1: unexpected end of file\n");
	assert_errors("\n  ", 1, "t.json:2:3: unexpected end of file\n");

	/* a UTF-8 byte order mark, as Windows Notepad writes it, is accepted */
	buf b = {0};
	buf_puts(&b, "\xEF\xBB\xBF");
	buf_puts(&b, base);
	scenario *sc = parse_ok(buf_str(&b));
	assert_string_equal(sc->id, "mini");
	assert_string_equal(sc->title.ja, "小さな研修");
	scenario_free(sc);
	buf_free(&b);
	/* and does not shift the columns */
	assert_errors("\xEF\xBB\xBF[1 x]", 1, "t.json:1:4: expected ',' or ']'\n");
	/* a mark alone is an empty file */
	assert_errors("\xEF\xBB\xBF", 1, "t.json:1:1: unexpected end of file\n");
}

/* --- validation errors --- */

static void test_unknown_key(void **state)
{
	(void)state;
	/* "titel" for "title": two errors, the misspelt key with a suggestion
	 * and the missing title */
	const char *text = subst(base, "\"title\": \"進め方\"", "\"titel\": \"進め方\"");
	const char *e1 = msg_at("t.json", text, "\"titel\"", 1,
		"tracks[0].sessions[0].activities[0].titel",
		"unknown key \"titel\" (did you mean \"title\"?)");
	assert_string_equal(e1, "t.json:16:9: tracks[0].sessions[0].activities[0].titel: "
		"unknown key \"titel\" (did you mean \"title\"?)\n");
	const char *e2 = msg_at("t.json", text, "{\n        \"id\"", 1,
		"tracks[0].sessions[0].activities[0]", "missing required key \"title\"");
	char want[1024];
	snprintf(want, sizeof want, "%s%s", e1, e2);
	assert_errors(text, 2, want);

	/* no suggestion when nothing is close: the keys there are */
	assert_one_error("\"body\": \"本文です\"", "\"body\": \"本文です\", \"colour\": \"red\"",
		"\"colour\"", "tracks[0].sessions[0].activities[0].colour", "unknown key \"colour\" "
		"(the keys here: id, kind, title, prompt, scope, minutes, body)");
	/* at the top level */
	assert_one_error("\"id\": \"mini\",", "\"id\": \"mini\", \"descripton\": \"x\",",
		"\"descripton\"", "descripton", "unknown key \"descripton\" (did you mean \"description\"?)");
}

static void test_wrong_type(void **state)
{
	(void)state;
	/* hard-coded once: line 12, column 18 */
	const char *text = subst(base, "\"minutes\": 60", "\"minutes\": \"90\"");
	assert_errors(text, 1, "t.json:12:18: tracks[0].sessions[0].minutes: "
		"expected a whole number, found a string\n");
	assert_one_error("\"minutes\": 60", "\"minutes\": 1.5", "1.5",
		"tracks[0].sessions[0].minutes", "expected a whole number, found a number");
	assert_one_error("\"id\": \"mini\"", "\"id\": [\"mini\"]", "[\"mini\"]", "id",
		"expected a string, found an array");
	assert_one_error("\"title\": \"進め方\"", "\"title\": 3", "3,",
		"tracks[0].sessions[0].activities[0].title",
		"expected a string or {\"ja\": ..., \"en\": ...}, found a number");
	assert_one_error("\"body\": \"本文です\"", "\"body\": \"\"", "\"\"",
		"tracks[0].sessions[0].activities[0].body", "text is empty");
	assert_errors("[]", 1, "t.json:1:1: expected an object, found an array\n");
}

/* A table's "report" (what goes into a company's take-home report) is one
 * of three words; "include" when left out. */
static void test_table_report(void **state)
{
	(void)state;
	const char *table = "\"kind\": \"table\", \"scope\": \"group\", "
		"\"columns\": [{\"id\": \"a\", \"type\": \"text\", \"title\": \"A\"}], ";
	char text[4096];
	for (int k = 0; k < 4; k++) {
		static const char *const words[] = {NULL, "include", "own-rows", "exclude"};
		char key[256] = "";
		if (words[k])
			snprintf(key, sizeof key, "\"report\": \"%s\", ", words[k]);
		char to[1024];
		snprintf(to, sizeof to, "%s%s", table, key);
		snprintf(text, sizeof text, "%s", subst(base, "\"kind\": \"briefing\",", to));
		scenario *sc = parse_ok(text);
		const activity *act = scenario_find_activity(sc, "ws01-intro");
		assert_non_null(act);
		assert_int_equal(act->storage->report, k == 0 ? TABLE_REPORT_INCLUDE : k - 1);
		scenario_free(sc);
	}
	char to[1024];
	snprintf(to, sizeof to, "%s\"report\": \"all\", ", table);
	snprintf(text, sizeof text, "%s", subst(base, "\"kind\": \"briefing\",", to));
	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = 0;
	assert_int_equal(scenario_parse("t.json", text, strlen(text), &sc, &errs, &nerrs), MM_EUSER);
	assert_int_equal(nerrs, 1);
	assert_non_null(strstr(buf_str(&errs), "activities[0].report"));
	assert_non_null(strstr(buf_str(&errs), "own-rows"));
	buf_free(&errs);
	scenario_free(sc);
}

static void test_missing_required_key(void **state)
{
	(void)state;
	/* at the object that lacks it: the session's '{' on line 8 */
	const char *text = subst(base, "      \"minutes\": 60,\n", "");
	assert_errors(text, 1, "t.json:8:18: tracks[0].sessions[0]: missing required key \"minutes\"\n");
	assert_one_error(",\n        \"body\": \"本文です\"", "", "{\n        \"id\"",
		"tracks[0].sessions[0].activities[0]", "missing required key \"body\"");
	assert_one_error("  \"id\": \"mini\",\n", "", "{", "", "missing required key \"id\"");
}

static void test_localized_string_errors(void **state)
{
	(void)state;
	/* {"en": ...} without Japanese: at the object */
	assert_one_error("\"title\": \"進め方\"", "\"title\": {\"en\": \"How it works\"}",
		"{\"en\"", "tracks[0].sessions[0].activities[0].title",
		"missing the Japanese text \"ja\"");
	/* another language: at its key, columns counted in characters */
	const char *text = subst(base, "\"title\": \"第1回\"", "\"title\": {\"ja\": \"第1回\", \"fr\": \"x\"}");
	assert_errors(text, 1, "t.json:11:30: tracks[0].sessions[0].title.fr: "
		"unknown language \"fr\" (use \"ja\" and \"en\")\n");
	assert_one_error("\"title\": \"第1回\"", "\"title\": {\"ja\": \"\", \"en\": \"Session 1\"}",
		"\"\"", "tracks[0].sessions[0].title.ja", "the Japanese text is empty");
	assert_one_error("\"title\": \"第1回\"", "\"title\": {\"ja\": \"第1回\", \"en\": 1}",
		"1}", "tracks[0].sessions[0].title.en", "expected a string, found a number");
}

static void test_duplicate_ids(void **state)
{
	(void)state;
	/* the same activity id in two sessions: the second, naming the first */
	const char *path = FIXTURES "duplicate-activity.json";
	scenario *sc = (scenario *)(void *)&sc;
	buf errs = {0};
	int nerrs = -1;
	assert_int_equal(scenario_load_file(path, NULL, &sc, &errs, &nerrs), MM_EUSER);
	assert_null(sc);
	assert_int_equal(nerrs, 1);
	buf want = {0};
	buf_printf(&want, "%s:25:20: tracks[0].sessions[1].activities[0].id: "
		"duplicate activity id \"intro\" (first used at line 16)\n", path);
	assert_string_equal(buf_str(&errs), buf_str(&want));
	buf_free(&want);
	buf_free(&errs);

	/* session ids are unique in the file too */
	const char *two = two_sessions();
	sc = parse_ok(two);
	scenario_free(sc);
	const char *text = subst(two, "\"id\": \"ws02\"", "\"id\": \"ws01\"");
	const char *w = msg_at("t.json", text, "\"ws01\"", 2, "tracks[0].sessions[1].id",
		"duplicate session id \"ws01\" (first used at line 9)");
	assert_errors(text, 1, w);
}

static void test_duplicate_json_key(void **state)
{
	(void)state;
	/* JSON parsers silently keep one of the two; mamori names the second */
	const char *text = subst(base, "\"title\": \"第1回\",", "\"title\": \"第1回\", \"title\": \"第一回\",");
	assert_errors(text, 1, "t.json:11:23: tracks[0].sessions[0].title: duplicate key \"title\"\n");
	assert_one_error("\"id\": \"mini\",", "\"id\": \"mini\", \"id\": \"mini2\",", "\"id\": \"mini2\"",
		"id", "duplicate key \"id\"");
}

static void test_activity_kinds(void **state)
{
	(void)state;
	assert_one_error("\"kind\": \"briefing\"", "\"kind\": \"quiz\"", "\"quiz\"",
		"tracks[0].sessions[0].activities[0].kind",
		"unknown activity kind \"quiz\" (expected briefing, table, checklist, document, "
		"board, drill or survey)");
	assert_one_error("\"briefing\",", "\"briefing\", \"scope\": \"team\",", "\"team\"",
		"tracks[0].sessions[0].activities[0].scope",
		"unknown scope \"team\" (expected one of \"group\", \"company\", \"person\")");
}

static void test_bad_ids(void **state)
{
	(void)state;
	assert_one_error("\"id\": \"ws01\"", "\"id\": \"Session 1\"", "\"Session 1\"",
		"tracks[0].sessions[0].id",
		"id \"Session 1\" must be lower-case letters, digits and '-' (at most 63)");
	assert_one_error("\"id\": \"ws01-intro\"", "\"id\": \"-intro\"", "\"-intro\"",
		"tracks[0].sessions[0].activities[0].id",
		"id \"-intro\" must be lower-case letters, digits and '-' (at most 63)");
	assert_one_error("\"id\": \"workshop\"", "\"id\": \"ワーク\"", "\"ワーク\"",
		"tracks[0].id", "id \"ワーク\" must be lower-case letters, digits and '-' (at most 63)");
	assert_one_error("\"id\": \"workshop\"", "\"id\": \"\"", "\"\"",
		"tracks[0].id", "id \"\" must be lower-case letters, digits and '-' (at most 63)");

	/* 63 characters are fine, 64 are not */
	char id63[64], to[128], msg[160];
	memset(id63, 'a', 63);
	id63[63] = '\0';
	snprintf(to, sizeof to, "\"id\": \"%s\"", id63);
	const char *text = subst(base, "\"id\": \"mini\"", to);
	scenario *sc = parse_ok(text);
	assert_string_equal(sc->id, id63);
	scenario_free(sc);
	snprintf(to, sizeof to, "\"id\": \"%sb\"", id63);
	snprintf(msg, sizeof msg, "id \"%sb\" must be lower-case letters, digits and '-' "
		"(at most 63)", id63);
	assert_one_error("\"id\": \"mini\"", to, "\"aaa", "id", msg);
}

static void test_session_numbers(void **state)
{
	(void)state;
	assert_one_error("\"number\": 1", "\"number\": 0", "0,", "tracks[0].sessions[0].number",
		"0 is out of range (1 to 99)");
	assert_one_error("\"number\": 1", "\"number\": 100", "100", "tracks[0].sessions[0].number",
		"100 is out of range (1 to 99)");
	assert_one_error("\"minutes\": 60", "\"minutes\": 601", "601", "tracks[0].sessions[0].minutes",
		"601 is out of range (1 to 600)");

	/* the same number twice in one track: at the second */
	const char *two = two_sessions();
	const char *text = subst(two, "\"number\": 2", "\"number\": 1");
	assert_errors(text, 1, "t.json:21:17: tracks[0].sessions[1].number: "
		"session number 1 is used twice in this track\n");
}

static void test_format_string(void **state)
{
	(void)state;
	assert_one_error("\"mamori-scenario/1\"", "\"excel\"", "\"excel\"", "format",
		"not a mamori scenario (format must be \"mamori-scenario/1\")");
	const char *text = subst(base, "\"mamori-scenario/1\"", "\"mamori-scenario/2\"");
	assert_errors(text, 1, "t.json:2:13: format: format \"mamori-scenario/2\" is newer than "
		"this mamori understands (it reads \"mamori-scenario/1\")\n");
}

/* Found while writing these tests (messages echoed the file's ids, keys and
 * values raw): a JSON escape such as "\n" or "\u001b" in them must not end
 * up raw in the error text, where "ws\n01" split one error over two lines,
 * breaking the "one line per error" promise of scenario.h, and "\u001b[2J"
 * cleared the screen of whoever ran "mamori validate". */
static void test_messages_stay_on_one_line(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"\"id\": \"ws01\"", "\"id\": \"ws\\n01\""},
		{"\"kind\": \"briefing\"", "\"kind\": \"\\u001b[2Jquiz\""},
		{"\"body\": \"本文です\"", "\"body\": \"本文です\", \"a\\r\\nb\": 1"},
	};
	buf bad = {0}; /* every case is tried; all failures are shown together */
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *text = subst(base, cases[i][0], cases[i][1]);
		scenario *sc = NULL;
		buf errs = {0};
		int nerrs = -1;
		assert_int_equal(scenario_parse("t.json", text, strlen(text), &sc, &errs, &nerrs),
			MM_EUSER);
		assert_int_equal(nerrs, 1);
		int lines = 0, controls = 0;
		for (const char *p = buf_str(&errs); *p; p++) {
			lines += *p == '\n';
			controls += (unsigned char)*p < 0x20 && *p != '\n';
		}
		if (lines != 1 || controls != 0)
			buf_printf(&bad, "[%s] %d lines, %d control characters for one error: %s",
				cases[i][1], lines, controls, buf_str(&errs));
		buf_free(&errs);
	}
	if (bad.len) {
		char copy[2048];
		snprintf(copy, sizeof copy, "%s", buf_str(&bad));
		buf_free(&bad);
		fail_msg("%s", copy);
	}
}

/* Found while writing these tests (jsonpos recorded a key's path with
 * "\uXXXX" as "?" and "\r", "\b", "\f" as plain letters, so the key was not
 * found and the error fell back to the enclosing object, 13:22): a key
 * written with escapes, as Python's json.dump writes every non-ASCII key, is
 * reported at its own place on line 17. */
static void test_escaped_key_position(void **state)
{
	(void)state;
	assert_one_error("\"body\": \"本文です\"",
		"\"body\": \"本文です\", \"\\u30bf\\u30a4\\u30c8\\u30eb\": \"x\"",
		"\"\\u30bf", "tracks[0].sessions[0].activities[0].タイトル",
		"unknown key \"タイトル\" (the keys here: id, kind, title, prompt, scope, minutes, body)");
}

static void test_all_errors_at_once(void **state)
{
	(void)state;
	const char *path = FIXTURES "three-errors.json";
	scenario *sc = (scenario *)(void *)&sc;
	char *text = (char *)"unchanged";
	buf errs = {0};
	int nerrs = -1;
	assert_int_equal(scenario_load_file(path, &text, &sc, &errs, &nerrs), MM_EUSER);
	assert_null(sc);
	assert_null(text); /* no text for an invalid file */
	assert_int_equal(nerrs, 3);
	buf want = {0};
	buf_printf(&want, "%s:14:22: tracks[0].sessions[0].minutes: "
		"expected a whole number, found a string\n", path);
	buf_printf(&want, "%s:17:21: tracks[0].sessions[0].activities[0].id: "
		"id \"Intro 1\" must be lower-case letters, digits and '-' (at most 63)\n", path);
	buf_printf(&want, "%s:20:15: tracks[0].sessions[0].activities[0].colour: "
		"unknown key \"colour\" (the keys here: id, kind, title, prompt, scope, minutes, "
		"body)\n", path);
	assert_string_equal(buf_str(&errs), buf_str(&want));
	buf_free(&want);
	buf_free(&errs);

	/* errors are appended to what the buffer already holds */
	buf_puts(&errs, "earlier\n");
	assert_int_equal(scenario_load_file(path, NULL, &sc, &errs, &nerrs), MM_EUSER);
	assert_int_equal(strncmp(buf_str(&errs), "earlier\n", 8), 0);
	assert_int_equal(nerrs, 3);
	buf_free(&errs);
}

static void test_missing_file(void **state)
{
	(void)state;
	const char *path = tu_path("no-such-program.json");
	scenario *sc = (scenario *)(void *)&sc;
	char *text = (char *)"unchanged";
	buf errs = {0};
	int nerrs = -1;
	assert_int_equal(scenario_load_file(path, &text, &sc, &errs, &nerrs), MM_EIO);
	assert_null(sc);
	assert_null(text);
	assert_int_equal(nerrs, 1);
	buf want = {0};
	buf_printf(&want, "%s: cannot read: No such file or directory\n", path);
	assert_string_equal(buf_str(&errs), buf_str(&want));
	buf_free(&want);
	buf_free(&errs);

	/* a directory cannot be read as a scenario either */
	assert_int_not_equal(scenario_load_file(tu_tmpdir(), NULL, &sc, &errs, &nerrs), MM_OK);
	assert_null(sc);
	assert_int_equal(nerrs, 1);
	assert_non_null(strstr(buf_str(&errs), tu_tmpdir()));
	buf_free(&errs);
}

/* The validator speaks the interface's language too. */
static void test_messages_in_japanese(void **state)
{
	(void)state;
	i18n_set_lang(LANG_JA);
	scenario *sc = NULL;
	buf errs = {0};
	int n = 0;
	assert_int_equal(scenario_parse("t.json", "[]", 2, &sc, &errs, &n), MM_EUSER);
	assert_non_null(strstr(buf_str(&errs), "オブジェクトが必要ですが、配列があります"));
	buf_free(&errs);
	i18n_set_lang(LANG_EN);
	assert_int_equal(scenario_parse("t.json", "[]", 2, &sc, &errs, &n), MM_EUSER);
	assert_non_null(strstr(buf_str(&errs), "expected an object, found an array"));
	buf_free(&errs);
}

/* --- refs between tables (issue 10, defects 1 and 12) --- */

/* A scenario of N table activities in one session: IDS[i] with the rest of
 * its object in BODIES[i] (after id, kind and title). */
static const char *tables_text(int n, const char *const *ids, const char *const *bodies)
{
	char *out = ring();
	int len = snprintf(out, 4096,
		"{\n"
		"  \"format\": \"mamori-scenario/1\",\n"
		"  \"id\": \"refs\",\n"
		"  \"title\": \"参照\",\n"
		"  \"tracks\": [{\n"
		"    \"id\": \"workshop\",\n"
		"    \"title\": \"ワークショップ\",\n"
		"    \"sessions\": [{\n"
		"      \"id\": \"ws01\",\n"
		"      \"number\": 1,\n"
		"      \"title\": \"第1回\",\n"
		"      \"minutes\": 60,\n"
		"      \"activities\": [\n");
	for (int k = 0; k < n; k++)
		len += snprintf(out + len, 4096 - (size_t)len,
			"        {\"id\": \"%s\", \"kind\": \"table\", \"title\": \"表\",\n"
			"         %s}%s\n", ids[k], bodies[k], k + 1 < n ? "," : "");
	len += snprintf(out + len, 4096 - (size_t)len, "      ]\n    }]\n  }]\n}\n");
	assert_true(len > 0 && len < 4096);
	return out;
}

#define NAME_COL "{\"id\": \"name\", \"type\": \"text\", \"title\": \"名前\"}"
#define REF_COL(id, table) \
	"{\"id\": \"" id "\", \"type\": \"ref\", \"title\": \"参照\", \"table\": \"" table "\"}"

/* Two tables that refer to each other were accepted, and every command that
 * opened either then died of a stack overflow: the cycle is refused at the
 * ref column that closes it, naming it; a table may still refer to itself. */
static void test_ref_cycle_refused(void **state)
{
	(void)state;
	const char *ids2[] = {"ta", "tb"};
	const char *mutual[] = {
		"\"columns\": [" NAME_COL ", " REF_COL("b", "tb") "]",
		"\"columns\": [" NAME_COL ", " REF_COL("a", "ta") "]",
	};
	const char *text = tables_text(2, ids2, mutual);
	assert_errors(text, 1, msg_at("t.json", text, "\"ta\"}", 1,
		"tracks[0].sessions[0].activities[1].columns[1].table",
		"tables refer to each other in a circle: ta → tb → ta (a table may refer to "
		"its own rows, but not back through another table)"));

	const char *ids3[] = {"ta", "tb", "tc"};
	const char *ring3[] = {
		"\"columns\": [" NAME_COL ", " REF_COL("b", "tb") "]",
		"\"columns\": [" NAME_COL ", " REF_COL("c", "tc") "]",
		"\"columns\": [" NAME_COL ", " REF_COL("a", "ta") "]",
	};
	text = tables_text(3, ids3, ring3);
	assert_errors(text, 1, msg_at("t.json", text, "\"ta\"}", 1,
		"tracks[0].sessions[0].activities[2].columns[1].table",
		"tables refer to each other in a circle: ta → tb → tc → ta (a table may refer "
		"to its own rows, but not back through another table)"));

	/* a chain and a table that refers to its own rows are fine */
	const char *fine[] = {
		"\"columns\": [" NAME_COL ", " REF_COL("b", "tb") ", " REF_COL("me", "ta") "]",
		"\"columns\": [" NAME_COL ", " REF_COL("c", "tc") "]",
		"\"columns\": [" NAME_COL "]",
	};
	scenario_free(parse_ok(tables_text(3, ids3, fine)));
}

/* A company's table that pointed at a group's table opened a phantom sheet
 * of the group table owned by the company: refused, naming both scopes. */
static void test_ref_across_scopes_refused(void **state)
{
	(void)state;
	const char *ids[] = {"plan", "ledger"};
	const char *bodies[] = {
		"\"scope\": \"company\", \"columns\": [" NAME_COL ", " REF_COL("asset", "ledger") "]",
		"\"columns\": [" NAME_COL "]",
	};
	const char *text = tables_text(2, ids, bodies);
	assert_errors(text, 1, msg_at("t.json", text, "\"ledger\"}", 1,
		"tracks[0].sessions[0].activities[0].columns[1].table",
		"\"ledger\" is kept per group and this table per company: a ref column can "
		"only point at a table of the same scope"));
	const char *same[] = {
		"\"scope\": \"person\", \"columns\": [" NAME_COL ", " REF_COL("asset", "ledger") "]",
		"\"scope\": \"person\", \"columns\": [" NAME_COL "]",
	};
	scenario_free(parse_ok(tables_text(2, ids, same)));
}

/* "max": 1e400 is beyond a double: it passed validate, and init, storing
 * the scenario re-serialised, found null there and pointed into text the
 * trainer never wrote. validate refuses it at the number, wherever it is. */
static void test_number_too_large(void **state)
{
	(void)state;
	const char *ids[] = {"big"};
	const char *bodies[] = {
		"\"columns\": [{\"id\": \"n\", \"type\": \"number\", \"title\": \"N\", \"max\": 1e400}]",
	};
	const char *text = tables_text(1, ids, bodies);
	assert_errors(text, 1, msg_at("t.json", text, "1e400", 1,
		"tracks[0].sessions[0].activities[0].columns[0].max",
		"number too large: it is beyond what can be represented"));
	/* also where no field check looks (a seed row) and negative */
	const char *rows[] = {
		"\"columns\": [{\"id\": \"n\", \"type\": \"number\", \"title\": \"N\"}], "
		"\"rows\": [{\"n\": -2E+999}]",
	};
	text = tables_text(1, ids, rows);
	assert_errors(text, 1, msg_at("t.json", text, "-2E+999", 1,
		"tracks[0].sessions[0].activities[0].rows[0].n",
		"number too large: it is beyond what can be represented"));
	/* a tiny number is just zero */
	const char *tiny[] = {
		"\"columns\": [{\"id\": \"n\", \"type\": \"number\", \"title\": \"N\", \"min\": 1e-400}]",
	};
	scenario_free(parse_ok(tables_text(1, ids, tiny)));
}

/* What init stores is the scenario as validated: whatever validate accepts
 * parses again from the stored text, with the same activities. */
static void test_stored_text_parses_again(void **state)
{
	(void)state;
	static const char *const files[] = {
		SOURCE_ROOT "/scenarios/example-mini.json", SOURCE_ROOT "/scenarios/sme-program.json",
		SOURCE_ROOT "/scenarios/drills/bec.json", FIXTURES "chain.json",
	};
	for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
		char *text = NULL;
		scenario *sc = load_ok(files[k], &text);
		scenario *again = NULL;
		buf errs = {0};
		if (scenario_parse("stored", text, strlen(text), &again, &errs, NULL) != MM_OK)
			fail_msg("%s: %s", files[k], buf_str(&errs));
		assert_string_equal(again->id, sc->id);
		assert_int_equal(again->ntracks, sc->ntracks);
		scenario_free(again);
		scenario_free(sc);
		buf_free(&errs);
		free(text);
	}
}

/* A computed column reading another row's value of itself three times
 * (p = max((me.p + me.p + me.p) / 3, 0) + 1) made the type check recurse
 * 3^16 times: validating the file took minutes. Each column's type is now
 * worked out once. */
static void test_self_ref_chain_validates_quickly(void **state)
{
	(void)state;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	scenario *sc = load_ok(FIXTURES "chain.json", NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("chain.json validated in %.3f s\n", took);
	assert_true(took < 1.0);
	scenario_free(sc);
}

/* A drill with more than 32 roles validated, and the inject addressed to
 * role 33 was recorded as for role 1 (an inject's roles are bits of a
 * 32-bit word; shifting by 32 is undefined). Found by fuzz_drill (run on a
 * drill with 40 roles, under UBSan). Refused at the 33rd role. */
static void test_drill_role_limit(void **state)
{
	(void)state;
	const char *path = FIXTURES "drill-33-roles.json";
	size_t n = 0;
	char *text = tu_read_file(path, &n);
	assert_non_null(text);
	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = 0;
	assert_int_equal(scenario_load_file(path, NULL, &sc, &errs, &nerrs), MM_EUSER);
	assert_null(sc);
	assert_string_equal(buf_str(&errs), msg_at(path, text, "{\"id\": \"r33\"", 1,
		"tracks[0].sessions[0].activities[0].roles[32]",
		"a drill has at most 32 roles (this is role 33)"));
	assert_int_equal(nerrs, 1);
	buf_free(&errs);
	free(text);
}


/* --- mamori validate's report (issue 11) --- */

/* What `mamori validate` with FLAGS reports for TEXT, written as a file
 * "t.json" (the directory cut from every line); *NERRS and *NWARNS (may be
 * NULL) get the counts. */
static const char *validate_text(const char *text, unsigned flags, int *nerrs, int *nwarns)
{
	char path[600];
	snprintf(path, sizeof path, "%s/t.json", tu_tmpdir());
	assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
	buf errs = {0};
	int ne = -1, nw = -1;
	scenario_validate_file(path, flags, &errs, &ne, &nw);
	if (nerrs)
		*nerrs = ne;
	if (nwarns)
		*nwarns = nw;
	char *out = ring();
	size_t o = 0, plen = strlen(path) - strlen("t.json");
	for (const char *p = buf_str(&errs); *p && o + 1 < 4096;) {
		if (strncmp(p, path, plen) == 0)
			p += plen;
		else
			out[o++] = *p++;
	}
	out[o] = '\0';
	buf_free(&errs);
	return out;
}

static void test_validate_shows_the_line(void **state)
{
	(void)state;
	/* a tab and double-width characters before the mistake: the caret is
	 * under it on a terminal (tab to the next stop of 8, 第 and 回 two
	 * columns each) */
	const char *text = subst(base, "      \"title\": \"第1回\",",
		"\t\"title\": {\"ja\": \"第1回\", \"fr\": \"x\"},");
	int ne;
	const char *got = validate_text(text, SCENARIO_SNIPPETS, &ne, NULL);
	assert_int_equal(ne, 1);
	assert_string_equal(got,
		"t.json:11:25: tracks[0].sessions[0].title.fr: unknown language \"fr\" (use \"ja\" and \"en\")\n"
		"  11 |         \"title\": {\"ja\": \"第1回\", \"fr\": \"x\"},\n"
		"     |                                  ^\n");
	/* without the flag: one line per error, as init shows them */
	got = validate_text(text, 0, &ne, NULL);
	assert_string_equal(got,
		"t.json:11:25: tracks[0].sessions[0].title.fr: unknown language \"fr\" (use \"ja\" and \"en\")\n");
	/* a control character in the line is shown as '?', never sent */
	text = subst(base, "\"body\": \"本文です\"", "\"body\": \"本文\\u001bです\", \"x\x7f\": 1");
	got = validate_text(text, SCENARIO_SNIPPETS, &ne, NULL);
	assert_non_null(strstr(got, "  17 |         \"body\": \"本文\\u001bです\", \"x?\": 1\n"));
	assert_null(strchr(got, 0x7f));
	/* a long line is cut around the caret */
	char longline[3000];
	snprintf(longline, sizeof longline, "\"body\": \"%0*d\", \"zz\": 1", 2000, 0);
	text = subst(base, "\"body\": \"本文です\"", longline);
	got = validate_text(text, SCENARIO_SNIPPETS, &ne, NULL);
	const char *src = strstr(got, "  17 | ...");
	assert_non_null(src);
	const char *nl = strchr(src, '\n');
	assert_true(nl - src < 120);
	assert_non_null(strstr(nl, "^\n"));
	assert_int_equal(strchr(nl + 1, '^') - (nl + 1), strstr(src, "\"zz\"") - src);
}

/* --- a track's "label": how its sessions are named --- */

static void session_name(const scenario *sc, lang l, char *out, size_t n)
{
	i18n_set_lang(l);
	scenario_session_label(&sc->tracks[0].sessions[0], out, n);
	i18n_set_lang(LANG_JA);
}

static void test_track_label(void **state)
{
	(void)state;
	char got[64];
	/* no label: the track "workshop" has 第N回, any other track 訪問N (as before) */
	scenario *sc = parse_ok(base);
	session_name(sc, LANG_JA, got, sizeof got);
	assert_string_equal(got, "第1回");
	session_name(sc, LANG_EN, got, sizeof got);
	assert_string_equal(got, "Session 1");
	scenario_free(sc);
	sc = parse_ok(subst(base, "\"id\": \"workshop\"", "\"id\": \"followup\""));
	session_name(sc, LANG_JA, got, sizeof got);
	assert_string_equal(got, "訪問1");
	scenario_free(sc);
	/* the track's own label, in either language */
	sc = parse_ok(subst(base, "\"id\": \"workshop\",",
		"\"id\": \"followup\", \"label\": {\"ja\": \"フォロー{n}\", \"en\": \"Follow-up {n}\"},"));
	session_name(sc, LANG_JA, got, sizeof got);
	assert_string_equal(got, "フォロー1");
	session_name(sc, LANG_EN, got, sizeof got);
	assert_string_equal(got, "Follow-up 1");
	scenario_free(sc);
	/* a plain string, the number anywhere in it */
	sc = parse_ok(subst(base, "\"id\": \"workshop\",", "\"id\": \"workshop\", \"label\": \"{n}日目\","));
	session_name(sc, LANG_EN, got, sizeof got);
	assert_string_equal(got, "1日目");
	scenario_free(sc);
	/* a buffer too small cuts between characters, never inside one */
	sc = parse_ok(subst(base, "\"id\": \"workshop\",",
		"\"id\": \"workshop\", \"label\": \"第{n}回の演習\","));
	session_name(sc, LANG_JA, got, 10); /* 第1回 is 7 bytes, の 3 more */
	assert_string_equal(got, "第1回");
	scenario_free(sc);
	/* the bundled program names both tracks explicitly */
	sc = load_ok(SOURCE_ROOT "/scenarios/sme-program.json", NULL);
	assert_string_equal(sc->tracks[0].label.ja, "第{n}回");
	assert_string_equal(sc->tracks[1].label.ja, "訪問{n}");
	scenario_free(sc);
}

static void test_track_label_errors(void **state)
{
	(void)state;
	const char *need = "a label needs exactly one {n} where the session number goes "
		"(e.g. \"Session {n}\")";
	i18n_set_lang(LANG_EN);
	assert_one_error("\"id\": \"workshop\",", "\"id\": \"workshop\", \"label\": \"第N回\",",
		"\"第N回\"", "tracks[0].label", need);
	assert_one_error("\"id\": \"workshop\",",
		"\"id\": \"workshop\", \"label\": {\"ja\": \"第{n}回\", \"en\": \"{n}/{n}\"},",
		"\"{n}/{n}\"", "tracks[0].label.en", need);
	assert_one_error("\"id\": \"workshop\",",
		"\"id\": \"workshop\", \"label\": \"専門家による現地訪問{n}回目\",", "\"専門家",
		"tracks[0].label",
		"a label must be at most 16 columns wide (8 full-width characters)");
	i18n_set_lang(LANG_JA);
}

/* --- the heat map: its axes' real ranges and the column that colours it --- */

static char *read_fixture(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *text = calloc(1, 65536);
	size_t n = fread(text, 1, 65535, f);
	fclose(f);
	assert_true(n > 0);
	return text;
}

static void test_heatmap_range_and_color(void **state)
{
	(void)state;
	scenario *sc = load_ok(SOURCE_ROOT "/tests/fixtures/explicit/explicit.json", NULL);
	const table_def *t = scenario_find_activity(sc, "risks")->table;
	/* number columns 1..5: the axes run 1..5, not 1..3 */
	assert_int_equal(t->heat_xmin, 1);
	assert_int_equal(t->heat_xmax, 5);
	assert_int_equal(t->heat_ymin, 1);
	assert_int_equal(t->heat_ymax, 5);
	/* "color": "score", though "spread" is the last column with bands */
	assert_int_equal(t->heat_color, table_col_index(t, "score"));
	scenario_free(sc);

	/* the bundled risk table: likelihood 1..3, importance 1..3 (max(c, i, a,
	 * if(pii, 3, 0)): a ticked pii is 1 or more, so the 0 is never reached),
	 * coloured by the named column */
	sc = load_ok(SOURCE_ROOT "/scenarios/sme-program.json", NULL);
	t = scenario_find_activity(sc, "risk-table")->table;
	assert_int_equal(t->heat_xmin, 1);
	assert_int_equal(t->heat_xmax, 3);
	assert_int_equal(t->heat_ymin, 1);
	assert_int_equal(t->heat_ymax, 3);
	assert_int_equal(t->heat_color, table_col_index(t, "risk"));
	scenario_free(sc);

	/* no "color": the last computed column with bands, as before */
	char *text = read_fixture(SOURCE_ROOT "/tests/fixtures/explicit/explicit.json");
	sc = parse_ok(subst(text, "\"color\": \"score\",", ""));
	t = scenario_find_activity(sc, "risks")->table;
	assert_int_equal(t->heat_color, table_col_index(t, "spread"));
	scenario_free(sc);

	/* a column that is not there (with a suggestion), or has no bands */
	i18n_set_lang(LANG_EN);
	const char *path = "tracks[0].sessions[0].activities[1].heatmap.color";
	const char *bad = subst(text, "\"color\": \"score\"", "\"color\": \"scor\"");
	assert_errors(bad, 1, msg_at("t.json", bad, "\"scor\"", 1, path,
		"no column \"scor\" in this table (did you mean \"score\"?)"));
	bad = subst(text, "\"color\": \"score\"", "\"color\": \"likelihood\"");
	assert_errors(bad, 1, msg_at("t.json", bad, "\"likelihood\"", 1, path,
		"no column \"likelihood\" in this table (its columns: risk, asset, impact, chance, "
		"score, spread)"));
	bad = subst(text, "\"color\": \"score\"", "\"color\": \"impact\"");
	assert_errors(bad, 1, msg_at("t.json", bad, "\"impact\",\n", 1, path,
		"a heat map's colour needs a column with bands, and \"impact\" has none"));
	i18n_set_lang(LANG_JA);
	free(text);
}

int main(void)
{
	i18n_set_lang(LANG_EN); /* the validator's messages are checked in English */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_mini_loads),
		cmocka_unit_test(test_sme_program_loads),
		cmocka_unit_test(test_step_session),
		cmocka_unit_test(test_localized_strings),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_json_mistakes_in_plain_words),
		cmocka_unit_test(test_did_you_mean_every_name),
		cmocka_unit_test(test_no_follow_on_errors),
		cmocka_unit_test(test_cycle_and_paren_places),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_not_text),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_empty_and_bom),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_table_report),
		cmocka_unit_test(test_missing_required_key),
		cmocka_unit_test(test_localized_string_errors),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_duplicate_json_key),
		cmocka_unit_test(test_activity_kinds),
		cmocka_unit_test(test_bad_ids),
		cmocka_unit_test(test_session_numbers),
		cmocka_unit_test(test_format_string),
		cmocka_unit_test(test_messages_stay_on_one_line),
		cmocka_unit_test(test_escaped_key_position),
		cmocka_unit_test(test_all_errors_at_once),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_messages_in_japanese),
		cmocka_unit_test(test_ref_cycle_refused),
		cmocka_unit_test(test_ref_across_scopes_refused),
		cmocka_unit_test(test_number_too_large),
		cmocka_unit_test(test_stored_text_parses_again),
		cmocka_unit_test(test_self_ref_chain_validates_quickly),
		cmocka_unit_test(test_drill_role_limit),
		cmocka_unit_test(test_validate_shows_the_line),
		cmocka_unit_test(test_track_label),
		cmocka_unit_test(test_track_label_errors),
		cmocka_unit_test(test_heatmap_range_and_color),
		cmocka_unit_test(test_stored_parse),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_set_lang(LANG_JA);
	tu_cleanup();
	return rc;
}
