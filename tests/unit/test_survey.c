#include <ctype.h>
/* test_survey.c — the participant survey as the room meets it: the
 * percentages the facilitator reads out ("83% satisfied"), several-answer
 * counts, unanswered questions left out of the denominator, results that
 * follow a changed answer, exports that name nobody, a group terminal that
 * answers only for its own members, and the format's errors a trainer sees.
 * Every case works on a fresh database with the bundled participant survey
 * (tests/fixtures/survey/survey.json, kept equal to the draft activity). */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "demo.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"
#include "survey.h"

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

#define NGROUPS 6

/* --- helpers --- */

static char *read_source(const char *rel)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", SOURCE_ROOT, rel);
	size_t n;
	char *s = tu_read_file(path, &n);
	if (!s)
		fail_msg("cannot read %s", path);
	return s;
}

typedef struct world {
	store *st;
	scenario *sc;
	const activity *act;
	const survey_def *d;
	int64_t groups[NGROUPS];
	int64_t *people;
	char **names;
	int npeople;
} world;

static scenario *parse_ok(const char *name, const char *text)
{
	scenario *sc = NULL;
	buf errs = {0};
	int n = 0;
	if (scenario_parse(name, text, strlen(text), &sc, &errs, &n) != MM_OK)
		fail_msg("%s does not parse:\n%s", name, buf_str(&errs));
	buf_free(&errs);
	return sc;
}

/* A workshop of NGROUPS groups with NPEOPLE people spread over them (each
 * from a company of their own), on the fixture scenario. */
static void world_open(world *w, int npeople)
{
	memset(w, 0, sizeof *w);
	i18n_set_lang(LANG_JA);
	static int seq;
	char name[64];
	snprintf(name, sizeof name, "survey-%d.db", ++seq);
	mm_error err = {0};
	if (store_create(tu_path(name), &w->st, &err) != MM_OK)
		fail_msg("store_create: %s", err.msg);
	char *text = read_source("tests/fixtures/survey/survey.json");
	if (workshop_init(w->st, NULL, text, NGROUPS, &err) != MM_OK)
		fail_msg("workshop_init: %s", err.msg);
	w->sc = parse_ok("survey.json", text);
	free(text);
	w->act = scenario_find_activity(w->sc, "participant-survey");
	assert_non_null(w->act);
	w->d = survey_of(w->act);
	assert_non_null(w->d);
	group_info *g;
	int ng;
	assert_int_equal(store_groups(w->st, &g, &ng, &err), MM_OK);
	assert_int_equal(ng, NGROUPS);
	for (int k = 0; k < ng; k++)
		w->groups[k] = g[k].id;
	group_list_free(g, ng);
	w->npeople = npeople;
	w->people = calloc((size_t)npeople + 1, sizeof *w->people);
	w->names = calloc((size_t)npeople + 1, sizeof *w->names);
	for (int p = 0; p < npeople; p++) {
		char company[64], person[64];
		snprintf(company, sizeof company, "株式会社テスト%02d", p);
		snprintf(person, sizeof person, "参加者%02d 花子", p);
		int64_t cid;
		int64_t gid = w->groups[p % NGROUPS];
		assert_int_equal(store_company_add(w->st, company, gid, "製造", 10, &cid, &err), MM_OK);
		assert_int_equal(store_person_add(w->st, person, cid, gid, "", &w->people[p], &err),
			MM_OK);
		w->names[p] = strdup(person);
	}
}

static void world_close(world *w)
{
	for (int p = 0; p < w->npeople; p++)
		free(w->names[p]);
	free(w->names);
	free(w->people);
	scenario_free(w->sc);
	store_close(w->st);
	i18n_set_lang(LANG_JA);
}

static void answer(world *w, int person, const char *qid, const char *input)
{
	mm_error err = {0};
	if (survey_answer(w->st, w->act, w->people[person], qid, input, &err) != MM_OK)
		fail_msg("person %d, %s = \"%s\": %s", person, qid, input, err.msg);
}

static int qindex(const world *w, const char *qid)
{
	for (int k = 0; k < w->d->nquestions; k++)
		if (strcmp(w->d->questions[k].id, qid) == 0)
			return k;
	fail_msg("no question %s", qid);
	return -1;
}

static int oindex(const world *w, const char *qid, const char *value)
{
	const survey_question *q = &w->d->questions[qindex(w, qid)];
	for (int o = 0; o < q->noptions; o++)
		if (strcmp(q->options[o].value, value) == 0)
			return o;
	fail_msg("no option %s in %s", value, qid);
	return -1;
}

static void results(world *w, survey_result *r)
{
	mm_error err = {0};
	if (survey_results(w->st, w->act, r, &err) != MM_OK)
		fail_msg("survey_results: %s", err.msg);
}

static int count_of(const world *w, const survey_result *r, const char *qid, const char *v)
{
	return r->q[qindex(w, qid)].counts[oindex(w, qid, v)];
}

static int pct_of(const world *w, const survey_result *r, const char *qid, const char *v)
{
	const survey_qresult *q = &r->q[qindex(w, qid)];
	return survey_percent(q->counts[oindex(w, qid, v)], q->answered);
}

static char *export(world *w, const char *format)
{
	buf out = {0};
	mm_error err = {0};
	if (survey_export(w->act, w->st, NULL, format, &out, &err) != MM_OK)
		fail_msg("survey_export %s: %s", format, err.msg);
	return buf_steal(&out);
}

/* --- the program's own numbers --- */

/* 30 people: 25 満足 and 5 やや満足 read as 83% and 17%, the headline says
 * 満足 83%; a 31st person who skipped the question is not in its
 * denominator (but is a respondent). Several-answer questions count each
 * option against the people who answered that question. */
static void test_percentages(void **state)
{
	(void)state;
	world w;
	world_open(&w, 32);
	for (int p = 0; p < 30; p++) {
		answer(&w, p, "satisfaction", p < 25 ? "satisfied" : "rather-satisfied");
		answer(&w, p, "level_rose", p < 28 ? "rose" : "same");
		/* everyone network, 28 awareness, 27 endpoint */
		buf b = {0};
		buf_puts(&b, "network");
		if (p < 28)
			buf_puts(&b, ",awareness");
		if (p < 27)
			buf_puts(&b, ",endpoint");
		answer(&w, p, "worked_on", buf_str(&b));
		buf_free(&b);
	}
	/* person 30 answers only the free comment; person 31 never answers */
	answer(&w, 30, "comments", "講師の説明がわかりやすかった");

	survey_result r;
	results(&w, &r);
	assert_int_equal(r.respondents, 31);
	assert_int_equal(r.people, 32);
	const survey_qresult *sat = &r.q[qindex(&w, "satisfaction")];
	assert_int_equal(sat->answered, 30);
	assert_int_equal(count_of(&w, &r, "satisfaction", "satisfied"), 25);
	assert_int_equal(count_of(&w, &r, "satisfaction", "rather-satisfied"), 5);
	assert_int_equal(pct_of(&w, &r, "satisfaction", "satisfied"), 83);
	assert_int_equal(pct_of(&w, &r, "satisfaction", "rather-satisfied"), 17);
	assert_int_equal(pct_of(&w, &r, "satisfaction", "dissatisfied"), 0);
	/* best level 4 points: (25 * 4 + 5 * 3) / 30 */
	assert_true(sat->mean > 3.833 && sat->mean < 3.834);

	assert_int_equal(r.q[qindex(&w, "worked_on")].answered, 30);
	assert_int_equal(count_of(&w, &r, "worked_on", "network"), 30);
	assert_int_equal(count_of(&w, &r, "worked_on", "awareness"), 28);
	assert_int_equal(count_of(&w, &r, "worked_on", "endpoint"), 27);
	assert_int_equal(count_of(&w, &r, "worked_on", "other"), 0);
	assert_int_equal(pct_of(&w, &r, "worked_on", "network"), 100);
	assert_int_equal(pct_of(&w, &r, "worked_on", "awareness"), 93);
	assert_int_equal(pct_of(&w, &r, "worked_on", "endpoint"), 90);
	/* nobody answered this one: no division by zero, nothing counted */
	assert_int_equal(r.q[qindex(&w, "most_useful")].answered, 0);
	assert_int_equal(pct_of(&w, &r, "most_useful", "seminar"), 0);

	/* the headlines, in both languages */
	char h[256];
	assert_int_equal(r.nheadlines, 3);
	survey_headline_text(w.d, &r, 0, h, sizeof h);
	assert_string_equal(h, "満足 83%");
	survey_headline_text(w.d, &r, 1, h, sizeof h);
	assert_string_equal(h, "満足・やや満足 100%");
	survey_headline_text(w.d, &r, 2, h, sizeof h);
	assert_string_equal(h, "セキュリティレベルが上がった 93%");
	i18n_set_lang(LANG_EN);
	survey_headline_text(w.d, &r, 0, h, sizeof h);
	assert_string_equal(h, "83% satisfied");
	i18n_set_lang(LANG_JA);

	/* the report carries the same numbers */
	char *md = export(&w, "md");
	assert_non_null(strstr(md, "- **満足 83%**"));
	assert_non_null(strstr(md, "| 満足 | 25 | 83% |"));
	assert_non_null(strstr(md, "| やや満足 | 5 | 17% |"));
	assert_non_null(strstr(md, "回答者 31人（参加者 32人）"));
	assert_non_null(strstr(md, "講師の説明がわかりやすかった"));
	free(md);
	survey_result_free(&r);
	world_close(&w);
}

/* Answers may be typed as a label (either language) or a number, as the
 * picker's number keys do; a bad one is refused with the choices. */
static void test_answer_input(void **state)
{
	(void)state;
	world w;
	world_open(&w, 3);
	answer(&w, 0, "satisfaction", "やや満足");
	answer(&w, 1, "satisfaction", "Dissatisfied");
	answer(&w, 2, "satisfaction", "1");
	answer(&w, 0, "worked_on", "2、その他"); /* by number and by label */
	survey_result r;
	results(&w, &r);
	assert_int_equal(count_of(&w, &r, "satisfaction", "rather-satisfied"), 1);
	assert_int_equal(count_of(&w, &r, "satisfaction", "dissatisfied"), 1);
	assert_int_equal(count_of(&w, &r, "satisfaction", "satisfied"), 1);
	assert_int_equal(count_of(&w, &r, "worked_on", "awareness"), 1);
	assert_int_equal(count_of(&w, &r, "worked_on", "other"), 1);
	survey_result_free(&r);

	mm_error err = {0};
	assert_int_equal(survey_answer(w.st, w.act, w.people[0], "satisfaction", "とても満足",
		&err), MM_EUSER);
	assert_non_null(strstr(err.msg, "やや満足"));
	assert_int_equal(survey_answer(w.st, w.act, w.people[0], "nope", "1", &err), MM_EUSER);
	/* the refused answer left the old one */
	results(&w, &r);
	assert_int_equal(count_of(&w, &r, "satisfaction", "rather-satisfied"), 1);
	survey_result_free(&r);
	world_close(&w);
}

/* A changed answer moves the count; a cleared one leaves the denominator;
 * each person has one row, however often they answer. */
static void test_results_follow_changes(void **state)
{
	(void)state;
	world w;
	/* four people: results show from three respondents on */
	world_open(&w, 4);
	answer(&w, 0, "satisfaction", "dissatisfied");
	answer(&w, 1, "satisfaction", "satisfied");
	answer(&w, 2, "satisfaction", "satisfied");
	answer(&w, 3, "satisfaction", "satisfied");
	survey_result r;
	results(&w, &r);
	assert_int_equal(count_of(&w, &r, "satisfaction", "dissatisfied"), 1);
	assert_int_equal(pct_of(&w, &r, "satisfaction", "satisfied"), 75);
	survey_result_free(&r);

	answer(&w, 0, "satisfaction", "satisfied");
	results(&w, &r);
	assert_int_equal(count_of(&w, &r, "satisfaction", "dissatisfied"), 0);
	assert_int_equal(count_of(&w, &r, "satisfaction", "satisfied"), 4);
	assert_int_equal(r.q[qindex(&w, "satisfaction")].answered, 4);
	assert_int_equal(pct_of(&w, &r, "satisfaction", "satisfied"), 100);
	assert_int_equal(r.headlines[0].percent, 100);
	survey_result_free(&r);

	answer(&w, 1, "satisfaction", "");
	results(&w, &r);
	assert_int_equal(r.respondents, 3);
	assert_int_equal(r.q[qindex(&w, "satisfaction")].answered, 3);
	assert_int_equal(r.headlines[0].total, 3);
	survey_result_free(&r);

	/* one row per person's sheet */
	sheet *s = NULL;
	mm_error err = {0};
	assert_int_equal(sheet_open(w.st, w.act->storage, OWNER_PERSON, w.people[0], &s, &err),
		MM_OK);
	assert_int_equal(s->nrows, 1);
	assert_int_equal(survey_row(s), 0);
	sheet_free(s);
	world_close(&w);
}

/* Nothing in the results or the exports names anyone, and the order of
 * the CSV lines and the free texts says nothing about who wrote them. */
static void test_anonymity(void **state)
{
	(void)state;
	world w;
	world_open(&w, 6);
	static const char *const texts[] = {"わかりやすかった", "もっと演習の時間がほしい",
		"Good", "資料を社内で共有します", "アンケートが長い", "ありがとうございました"};
	static const char *const sat[] = {"dissatisfied", "satisfied", "rather-satisfied",
		"satisfied", "rather-dissatisfied", "satisfied"};
	for (int p = 0; p < 6; p++) {
		answer(&w, p, "satisfaction", sat[p]);
		answer(&w, p, "comments", texts[p]);
	}
	char *csv = export(&w, "csv");
	char *md = export(&w, "md");
	for (int p = 0; p < 6; p++) {
		assert_null(strstr(csv, w.names[p]));
		assert_null(strstr(md, w.names[p]));
		assert_null(strstr(csv, "参加者"));
	}
	/* header = question texts; options by label; one line per respondent */
	assert_true(strncmp(csv, "ワークショップ全体の満足度はいかがでしたか。,", 8) == 0);
	assert_non_null(strstr(csv, "やや不満"));
	assert_null(strstr(csv, "rather-dissatisfied"));
	int lines = 0;
	for (const char *c = csv; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 7);
	/* the data lines are sorted by their text, not by person */
	const char *prev = strchr(csv, '\n') + 1;
	for (const char *line = strchr(prev, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		const char *next = line + 1;
		size_t a = (size_t)(strchr(prev, '\n') - prev), b = (size_t)(strchr(next, '\n') - next);
		char *x = strndup(prev, a), *y = strndup(next, b);
		assert_true(strcmp(x, y) <= 0);
		free(x);
		free(y);
		prev = next;
	}
	survey_result r;
	results(&w, &r);
	const survey_qresult *c = &r.q[qindex(&w, "comments")];
	assert_int_equal(c->ntexts, 6);
	for (int t = 1; t < c->ntexts; t++)
		assert_true(strcmp(c->texts[t - 1], c->texts[t]) <= 0);
	survey_result_free(&r);
	free(csv);
	free(md);
	world_close(&w);
}

/* The export follows the screen's language; an unknown format is refused. */
static void test_export_formats(void **state)
{
	(void)state;
	world w;
	world_open(&w, 3);
	answer(&w, 0, "satisfaction", "satisfied");
	answer(&w, 0, "worked_on", "network,endpoint");
	answer(&w, 1, "satisfaction", "satisfied");
	answer(&w, 2, "satisfaction", "satisfied");
	i18n_set_lang(LANG_EN);
	char *csv = export(&w, "csv");
	assert_true(strncmp(csv, "How satisfied are you with the workshop overall?,", 49) == 0);
	assert_non_null(strstr(csv, "Satisfied"));
	assert_non_null(strstr(csv, "\"Network security (updating the UTM, reviewing how long logs "
		"are kept, etc.) / Endpoint security"));
	free(csv);
	char *md = export(&w, "md");
	assert_non_null(strstr(md, "# Participant survey: results"));
	assert_non_null(strstr(md, "- **100% satisfied**"));
	free(md);
	buf out = {0};
	mm_error err = {0};
	assert_int_equal(survey_export(w.act, w.st, NULL, "html", &out, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "csv"));
	assert_non_null(strstr(err.msg, "md"));
	assert_int_equal(out.len, 0);
	buf_free(&out);
	world_close(&w);
}

/* A group's terminal answers for its own members only (enforced in core). */
static void test_group_terminal(void **state)
{
	(void)state;
	world w;
	world_open(&w, 12);
	mm_error err = {0};
	assert_int_equal(store_set_role(w.st, ROLE_GROUP, "1", &err), MM_OK);
	/* person 0 is in group 1, person 1 in group 2 */
	assert_int_equal(survey_answer(w.st, w.act, w.people[0], "satisfaction", "satisfied", &err),
		MM_OK);
	assert_int_equal(survey_answer(w.st, w.act, w.people[1], "satisfaction", "satisfied", &err),
		MM_EDENIED);
	assert_int_equal(store_set_role(w.st, ROLE_PRESENTER, NULL, &err), MM_OK);
	assert_int_equal(survey_answer(w.st, w.act, w.people[0], "satisfaction", "dissatisfied",
		&err), MM_EDENIED);
	survey_result r;
	results(&w, &r);
	assert_int_equal(r.respondents, 1);
	/* one respondent: the results are hidden (fewer than three) */
	assert_true(r.hidden);
	assert_int_equal(count_of(&w, &r, "satisfaction", "satisfied"), 0);
	survey_result_free(&r);
	world_close(&w);
}

/* Once a person has answered, another group terminal (or the same one after
 * someone else was chosen) neither reads nor changes their answers, unless
 * it holds the person's code; the facilitator makes and sees the codes. */
static void test_answers_private(void **state)
{
	(void)state;
	world w;
	world_open(&w, 12);
	mm_error err = {0};
	const table_def *t = w.act->storage;
	assert_true(t->private_person);
	/* terminal A of group 1 answers for person 0: it holds their answers */
	assert_int_equal(store_set_role(w.st, ROLE_GROUP, "1", &err), MM_OK);
	assert_int_equal(survey_answer(w.st, w.act, w.people[0], "satisfaction", "satisfied", &err),
		MM_OK);
	assert_int_equal(survey_answer(w.st, w.act, w.people[0], "comments", "ひみつ", &err), MM_OK);
	sheet *s = NULL;
	assert_int_equal(sheet_open(w.st, t, OWNER_PERSON, w.people[0], &s, &err), MM_OK);
	sheet_free(s);

	/* terminal B of the same group (a second connection) */
	store *b = NULL;
	assert_int_equal(store_open(store_path(w.st), &b, &err), MM_OK);
	assert_int_equal(store_set_role(b, ROLE_GROUP, "1", &err), MM_OK);
	s = NULL;
	assert_int_equal(sheet_open(b, t, OWNER_PERSON, w.people[0], &s, &err), MM_EDENIED);
	assert_null(s);
	assert_non_null(strstr(err.msg, "回答済みです"));
	assert_int_equal(sheet_peek(b, t, OWNER_PERSON, w.people[0], &s, &err), MM_EDENIED);
	assert_int_equal(sheet_may_read(b, t, OWNER_PERSON, w.people[0], &err), MM_EDENIED);
	assert_int_equal(survey_answer(b, w.act, w.people[0], "satisfaction", "dissatisfied", &err),
		MM_EDENIED);
	/* someone not yet answered is open to B */
	assert_int_equal(sheet_may_read(b, t, OWNER_PERSON, w.people[2], &err), MM_OK);

	/* codes: the facilitator's alone, made once, short */
	char *code = NULL;
	assert_int_equal(survey_code(b, w.act, w.people[0], &code, &err), MM_EDENIED);
	assert_null(code);
	assert_int_equal(store_set_role(w.st, ROLE_FACILITATOR, NULL, &err), MM_OK);
	assert_int_equal(survey_code(w.st, w.act, w.people[0], &code, &err), MM_OK);
	assert_int_equal(strlen(code), SURVEY_CODE_LEN);
	char *again = NULL;
	assert_int_equal(survey_code(w.st, w.act, w.people[0], &again, &err), MM_OK);
	assert_string_equal(code, again);
	free(again);
	char *other = NULL;
	assert_int_equal(survey_code(w.st, w.act, w.people[2], &other, &err), MM_OK);
	assert_int_equal(strlen(other), SURVEY_CODE_LEN);

	/* a wrong code, or another person's, opens nothing */
	assert_int_equal(survey_unlock(b, w.act, w.people[0], "", &err), MM_EUSER);
	if (strcmp(other, code) != 0)
		assert_int_equal(survey_unlock(b, w.act, w.people[0], other, &err), MM_EUSER);
	assert_int_equal(sheet_open(b, t, OWNER_PERSON, w.people[0], &s, &err), MM_EDENIED);
	/* the person's code (typed in lower case) opens their answers on B */
	char lower[16];
	for (size_t k = 0; k <= strlen(code); k++)
		lower[k] = (char)tolower((unsigned char)code[k]);
	assert_int_equal(survey_unlock(b, w.act, w.people[0], lower, &err), MM_OK);
	assert_int_equal(sheet_open(b, t, OWNER_PERSON, w.people[0], &s, &err), MM_OK);
	assert_int_equal(s->nrows, 1);
	assert_string_equal(s->rows[0].cells[qindex(&w, "comments")].value, "ひみつ");
	sheet_free(s);
	assert_int_equal(survey_answer(b, w.act, w.people[0], "satisfaction", "dissatisfied", &err),
		MM_OK);
	/* choosing someone else lets go */
	store_release_all(b);
	assert_int_equal(sheet_open(b, t, OWNER_PERSON, w.people[0], &s, &err), MM_EDENIED);
	free(code);
	free(other);
	store_close(b);
	world_close(&w);
}

/* Results and their exports wait for three respondents. */
static void test_results_need_three(void **state)
{
	(void)state;
	world w;
	world_open(&w, 3);
	answer(&w, 0, "satisfaction", "satisfied");
	answer(&w, 1, "satisfaction", "dissatisfied");
	answer(&w, 1, "comments", "二人目だけの意見");
	survey_result r;
	results(&w, &r);
	assert_int_equal(r.respondents, 2);
	assert_true(r.hidden);
	assert_int_equal(count_of(&w, &r, "satisfaction", "satisfied"), 0);
	assert_int_equal(r.q[qindex(&w, "comments")].ntexts, 0);
	assert_int_equal(r.nheadlines, 0);
	survey_result_free(&r);
	char *md = export(&w, "md");
	assert_non_null(strstr(md, "回答が3人以上になると表示します"));
	assert_null(strstr(md, "二人目だけの意見"));
	free(md);
	char *csv = export(&w, "csv");
	assert_null(strstr(csv, "二人目だけの意見"));
	assert_int_equal(strchr(csv, '\n') - csv + 1, (long)strlen(csv)); /* the header alone */
	free(csv);

	answer(&w, 2, "satisfaction", "satisfied");
	results(&w, &r);
	assert_false(r.hidden);
	assert_int_equal(count_of(&w, &r, "satisfaction", "satisfied"), 2);
	assert_int_equal(r.q[qindex(&w, "comments")].ntexts, 1);
	survey_result_free(&r);
	world_close(&w);
}

/* The storage: one column per question, of the matching type. */
static void test_storage(void **state)
{
	(void)state;
	world w;
	world_open(&w, 0);
	const table_def *t = w.act->storage;
	assert_non_null(t);
	assert_string_equal(t->activity_id, "participant-survey");
	assert_int_equal(t->ncols, w.d->nquestions);
	assert_int_equal(t->cols[qindex(&w, "satisfaction")].type, COL_CHOICE);
	assert_int_equal(t->cols[qindex(&w, "level_rose")].type, COL_CHOICE);
	assert_int_equal(t->cols[qindex(&w, "worked_on")].type, COL_FLAGS);
	assert_int_equal(t->cols[qindex(&w, "comments")].type, COL_LONGTEXT);
	assert_int_equal(w.act->scope, SCOPE_PERSON);
	survey_result r;
	results(&w, &r);
	assert_int_equal(r.respondents, 0);
	assert_int_equal(r.headlines[0].percent, 0);
	survey_result_free(&r);
	world_close(&w);
}

/* The bundled program's survey is the fixture's activity, and valid. */
static void test_draft_matches_fixture(void **state)
{
	(void)state;
	char *draft = read_source("scenarios/sme-program.json");
	char *fixture = read_source("tests/fixtures/survey/survey.json");
	cJSON *prog = cJSON_Parse(draft), *f = cJSON_Parse(fixture);
	assert_non_null(prog);
	assert_non_null(f);
	cJSON *a = NULL;
	cJSON *tracks = cJSON_GetObjectItem(prog, "tracks");
	for (cJSON *t = tracks ? tracks->child : NULL; t && !a; t = t->next)
		for (cJSON *se = cJSON_GetObjectItem(t, "sessions")->child; se && !a; se = se->next)
			for (cJSON *ac = cJSON_GetObjectItem(se, "activities")->child; ac; ac = ac->next)
				if (strcmp(cJSON_GetObjectItem(ac, "id")->valuestring,
					"participant-survey") == 0)
					a = cJSON_Duplicate(ac, true);
	cJSON_Delete(prog);
	assert_non_null(a);
	const cJSON *acts = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(f, "tracks"), 0), "sessions"), 0), "activities");
	assert_true(cJSON_Compare(a, cJSON_GetArrayItem(acts, 0), true));
	cJSON_Delete(a);
	cJSON_Delete(f);
	free(draft);
	free(fixture);
}

/* --- what a trainer sees for a bad survey --- */

static const char *head = "{\"format\": \"mamori-scenario/1\", \"id\": \"t\", \"title\": \"t\",\n"
	"\"tracks\": [{\"id\": \"w\", \"title\": \"w\", \"sessions\": [{\"id\": \"s\", \"number\": 1,\n"
	"\"title\": \"s\", \"minutes\": 90, \"activities\": [\n";
static const char *tail = "]}]}]}\n";

/* Parses HEAD + ACT + TAIL, expecting failure; returns the error text. */
static char *errors_of(const char *act)
{
	buf text = {0};
	buf_printf(&text, "%s%s%s", head, act, tail);
	scenario *sc = NULL;
	buf errs = {0};
	int n = 0;
	lang was = i18n_lang();
	i18n_set_lang(LANG_EN); /* validator messages are checked in English */
	mm_status rc = scenario_parse("bad.json", text.s, text.len, &sc, &errs, &n);
	i18n_set_lang(was);
	buf_free(&text);
	if (rc == MM_OK) {
		scenario_free(sc);
		fail_msg("expected errors for %s", act);
	}
	assert_true(n > 0);
	return buf_steal(&errs);
}

#define Q_SAT "{\"id\": \"sat\", \"type\": \"scale\", \"text\": \"満足度\", \"options\": " \
	"[{\"value\": \"good\", \"label\": \"満足\"}, {\"value\": \"bad\", \"label\": \"不満\"}]}"

static void test_scope_must_be_person(void **state)
{
	(void)state;
	char *e = errors_of("{\"id\": \"sv\", \"kind\": \"survey\", \"title\": \"t\", \"scope\": "
		"\"group\", \"questions\": [" Q_SAT "]}");
	assert_non_null(strstr(e, "bad.json:4:"));
	assert_non_null(strstr(e, "activities[0].scope: a survey's scope must be \"person\", not "
		"\"group\""));
	free(e);
	e = errors_of("{\"id\": \"sv\", \"kind\": \"survey\", \"title\": \"t\", \"questions\": ["
		Q_SAT "]}");
	assert_non_null(strstr(e, "a survey needs \"scope\": \"person\""));
	free(e);
}

static void test_format_errors(void **state)
{
	(void)state;
	char *e = errors_of("{\"id\": \"sv\", \"kind\": \"survey\", \"title\": \"t\", \"scope\": "
		"\"person\", \"questions\": [" Q_SAT ",\n" Q_SAT ",\n"
		"{\"id\": \"pick\", \"type\": \"choice\", \"text\": \"x\"},\n"
		"{\"id\": \"Free\", \"type\": \"text\", \"text\": \"x\", \"options\": [\"a\", \"b\"]},\n"
		"{\"id\": \"m\", \"type\": \"multi\", \"text\": \"x\", \"options\": [\"a\", \"a,b\", \"a\"]},\n"
		"{\"id\": \"r\", \"type\": \"rating\", \"text\": \"x\"}],\n"
		"\"summary\": [{\"question\": \"sat\", \"values\": [\"great\"], \"label\": \"満足 {pct}\"},\n"
		"{\"question\": \"nope\", \"values\": [\"a\"], \"label\": \"x\"}]}");
	assert_non_null(strstr(e, "bad.json:5:"));
	assert_non_null(strstr(e, "questions[1].id: duplicate question id \"sat\" (first used at "
		"line 4)"));
	assert_non_null(strstr(e, "questions[2]: a choice question needs \"options\""));
	assert_non_null(strstr(e, "questions[3].id: question id \"Free\" must start with a "
		"lower-case letter"));
	assert_non_null(strstr(e, "questions[3].options: a text question takes no \"options\""));
	assert_non_null(strstr(e, "questions[4].options[1]: an option's value cannot contain ','"));
	assert_non_null(strstr(e, "questions[4].options[2]: duplicate option value \"a\""));
	assert_non_null(strstr(e, "questions[5].type: unknown type \"rating\" (expected one of "
		"\"scale\", \"choice\", \"multi\", \"text\")"));
	assert_non_null(strstr(e, "summary[0].values[0]: \"great\" is not an option of question "
		"\"sat\" (its values: \"good\", \"bad\")"));
	assert_non_null(strstr(e, "summary[0].label: unknown placeholder \"{pct}\""));
	assert_non_null(strstr(e, "summary[1].question: no question \"nope\" in this survey"));
	free(e);
	e = errors_of("{\"id\": \"sv\", \"kind\": \"survey\", \"title\": \"t\", \"scope\": "
		"\"person\", \"questions\": []}");
	assert_non_null(strstr(e, "a survey needs at least one question"));
	free(e);
	e = errors_of("{\"id\": \"sv\", \"kind\": \"survey\", \"title\": \"t\", \"scope\": "
		"\"person\"}");
	assert_non_null(strstr(e, "missing required key \"questions\""));
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentages),
		cmocka_unit_test(test_answer_input),
		cmocka_unit_test(test_results_follow_changes),
		cmocka_unit_test(test_anonymity),
		cmocka_unit_test(test_export_formats),
		cmocka_unit_test(test_group_terminal),
		cmocka_unit_test(test_storage),
		cmocka_unit_test(test_draft_matches_fixture),
		cmocka_unit_test(test_scope_must_be_person),
		cmocka_unit_test(test_format_errors),
		cmocka_unit_test(test_answers_private),
		cmocka_unit_test(test_results_need_three),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tu_cleanup();
	return rc;
}
