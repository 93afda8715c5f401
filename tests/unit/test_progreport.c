/* test_progreport.c — core/progreport.c: the program report in numbers,
 * with every number from fewer than three answers held back, built
 * without writing anything, in HTML, Markdown and CSV. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "demo.h"
#include "i18n.h"
#include "progreport.h"
#include "roster.h"
#include "scenario.h"
#include "sheet.h"
#include "survey.h"
#include "testutil.h"
#include "visits.h"
#include "xmlcheck.h"

#define ROSTER "グループ,会社,氏名\n" \
	"1,さくら精密,佐藤 健一\n1,みなと印刷,田中 花子\n" \
	"2,あおば会計,鈴木 美咲\n2,ひかり物流,高橋 翔\n2,ひかり物流,伊藤 由美\n"

typedef struct fixture {
	store *st;
	scenario *sc;
	char *text;
	int64_t company[4];
	int64_t person[5];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	i18n_set_lang(LANG_EN);
	f->st = tu_bundled_workshop("p.db", 2, ROSTER, &f->sc, &f->text);
	mm_error err;
	owner_info *o = NULL;
	int n = 0;
	assert_int_equal(store_owners(f->st, 1, 0, &o, &n, &err), MM_OK);
	assert_int_equal(n, 4);
	for (int k = 0; k < n; k++)
		f->company[k] = o[k].id;
	owner_list_free(o, n);
	assert_int_equal(store_owners(f->st, 2, 0, &o, &n, &err), MM_OK);
	assert_int_equal(n, 5);
	for (int k = 0; k < n; k++)
		f->person[k] = o[k].id;
	owner_list_free(o, n);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->st);
	scenario_free(f->sc);
	free(f->text);
	free(f);
	tu_cleanup();
	return 0;
}

static char *build(fixture *f, const char *format)
{
	buf out = {0};
	mm_error err;
	if (progreport_build(f->st, f->sc, "Spring", format, &out, &err) != MM_OK)
		fail_msg("%s", err.msg);
	return buf_steal(&out);
}

/* The section of MD that starts with heading "## TITLE" (up to the next). */
static char *section(const char *md, const char *title)
{
	char head[200];
	snprintf(head, sizeof head, "\n## %s\n", title);
	const char *a = strstr(md, head);
	if (!a)
		fail_msg("no section %s in\n%s", title, md);
	a++;
	const char *b = strstr(a + 3, "\n## ");
	return strndup(a, b ? (size_t)(b - a) : strlen(a));
}

static void survey_says(fixture *f, int person, const char *sat, const char *rose,
	const char *comment)
{
	const activity *act = scenario_find_activity(f->sc, "participant-survey");
	mm_error err;
	if (survey_answer(f->st, act, f->person[person], "satisfaction", sat, &err) != MM_OK
		|| survey_answer(f->st, act, f->person[person], "level_rose", rose, &err) != MM_OK
		|| survey_answer(f->st, act, f->person[person], "comments", comment, &err) != MM_OK)
		fail_msg("%s", err.msg);
}

static void test_survey_held_back_until_three_answer(void **state)
{
	fixture *f = *state;
	survey_says(f, 0, "satisfied", "rose", "Very useful | thanks");
	survey_says(f, 1, "satisfied", "same", "Too long");
	char *md = build(f, "md");
	char *sec = section(md, "Participant survey results");
	assert_non_null(strstr(sec, "respondents: 2 (of 5 participants)"));
	assert_non_null(strstr(sec, "| satisfied | — | — |"));
	assert_non_null(strstr(sec, "| Satisfied | — | — |"));
	assert_null(strstr(sec, "Too long"));      /* open answers held back too */
	assert_non_null(strstr(sec, "—: fewer than 3 answers, not shown"));
	free(sec);
	free(md);
	/* a third answer: the seed's headlines */
	survey_says(f, 3, "rather-satisfied", "rose", "Good");
	md = build(f, "md");
	sec = section(md, "Participant survey results");
	assert_non_null(strstr(sec, "| satisfied | 66.7% | 2 / 3 |"));
	assert_non_null(strstr(sec, "| satisfied or rather satisfied | 100% | 3 / 3 |"));
	assert_non_null(strstr(sec, "| say their security level rose | 66.7% | 2 / 3 |"));
	assert_non_null(strstr(sec, "| Rather satisfied | 1 | 33.3% |"));
	/* open answers grouped under their question, '|' kept as text */
	const char *q = strstr(sec, "**Any comments or impressions, in your own words.**");
	assert_non_null(q);
	assert_non_null(strstr(q, "- Very useful \\| thanks\n"));
	assert_non_null(strstr(q, "- Too long\n"));
	/* questions nobody answered stay held back */
	assert_non_null(strstr(sec, "| Seminars | — | — |"));
	free(sec);
	free(md);
}

static void answer_selfcheck(fixture *f, int company, const char *value)
{
	const activity *act = scenario_find_activity(f->sc, "self-check");
	const checklist_def *d = checklist_of(act);
	sheet *s = NULL;
	mm_error err;
	assert_int_equal(sheet_open(f->st, d->storage, OWNER_COMPANY, f->company[company], &s, &err),
		MM_OK);
	for (int k = 0; k < d->nitems; k++)
		if (checklist_set(f->st, s, d, d->items[k].id, d->col_answer, value, 0, NULL, NULL, &err)
			!= MM_OK)
			fail_msg("%s", err.msg);
	sheet_free(s);
}

static void test_selfcheck_bands_and_attendance(void **state)
{
	fixture *f = *state;
	answer_selfcheck(f, 0, "yes");
	answer_selfcheck(f, 1, "no");
	char *md = build(f, "md");
	char *sec = section(md, "Self-check bands across companies");
	assert_non_null(strstr(sec, "2 of 4 companies answered"));
	assert_non_null(strstr(sec, "| Achieved: the basics are in place | — | — |"));
	free(sec);
	/* attendance: group 1's companies wrote in session 1, group 2 nothing */
	sec = section(md, "Attendance by session (groups that wrote anything)");
	assert_non_null(strstr(sec, "| Session 1 The security landscape and your own IT | yes |  | 1 / 2 |"));
	assert_non_null(strstr(sec, "| Session 5 Security standards and the asset ledger |  |  | 0 / 2 |"));
	free(sec);
	free(md);
	/* a chart of dashes says nothing: none while every number is held back */
	char *html = build(f, "html");
	assert_null(strstr(html, "<svg"));
	assert_non_null(strstr(html, "—: fewer than 3 answers, not shown"));
	free(html);
	answer_selfcheck(f, 2, "no");
	md = build(f, "md");
	sec = section(md, "Self-check bands across companies");
	assert_non_null(strstr(sec, "3 of 4 companies answered"));
	assert_non_null(strstr(sec, "| Achieved: the basics are in place | 1 | 33.3% |"));
	assert_non_null(strstr(sec, "| At risk: an incident could happen any time. Improve now | 2 | 66.7% |"));
	assert_null(strstr(sec, "fewer than 3"));
	free(sec);
	html = build(f, "html");
	assert_int_equal(xc_count(html, "<svg "), 1); /* the bands' */
	free(html);
	sec = section(md, "Attendance by session (groups that wrote anything)");
	assert_non_null(strstr(sec, "| Session 1 The security landscape and your own IT | yes | yes | 2 / 2 |"));
	free(sec);
	/* the participants */
	sec = section(md, "Participants and companies");
	assert_non_null(strstr(sec, "2 groups, 4 companies, 5 participants"));
	assert_non_null(strstr(sec, "| 2 | あおば会計, ひかり物流 | 3 |"));
	free(sec);
	free(md);
}

/* Adds a plan item tagged with AREAS for company K; returns its row. */
static void plan_item(fixture *f, visits *v, int k, const char *issue, const char *const *areas,
	int n)
{
	const activity *act = scenario_find_activity(f->sc, "improvement-plan");
	sheet *s = NULL;
	mm_error err;
	assert_int_equal(sheet_open(f->st, act->storage, OWNER_COMPANY, f->company[k], &s, &err),
		MM_OK);
	const char **vals = calloc((size_t)act->storage->ncols + 1, sizeof *vals);
	vals[table_col_index(act->storage, "issue")] = issue;
	int64_t row = 0;
	assert_int_equal(sheet_insert(f->st, s, s->nrows, vals, &row, NULL, &err), MM_OK);
	free(vals);
	sheet_free(s);
	if (visits_set_areas(f->st, v, f->company[k], row, areas, n, &err) != MM_OK)
		fail_msg("%s", err.msg);
}

static void test_areas_and_scores_by_visit(void **state)
{
	fixture *f = *state;
	visits *v = visits_new(f->sc);
	assert_non_null(v);
	mm_error err;
	const char *net[] = {"network"}, *both[] = {"network", "awareness"};
	plan_item(f, v, 0, "UTM", both, 2);
	plan_item(f, v, 1, "Router", net, 1);
	char *md = build(f, "md");
	char *sec = section(md, "Areas companies worked on (share of companies)");
	assert_non_null(strstr(sec, "of the 2 companies with an improvement plan"));
	assert_non_null(strstr(sec, "| Network security | — | — |"));
	free(sec);
	free(md);
	plan_item(f, v, 2, "Firewall", net, 1);
	/* visit 4 scores: 3 companies for "org", only 2 for "network" */
	int sc[3] = {3, 4, 5};
	for (int k = 0; k < 3; k++)
		if (visits_set_score(f->st, v, f->company[k], 4, "org", sc[k], "seen", &err) != MM_OK)
			fail_msg("%s", err.msg);
	for (int k = 0; k < 2; k++)
		assert_int_equal(visits_set_score(f->st, v, f->company[k], 4, "network", 2, "seen", &err),
			MM_OK);
	visits_free(v);
	md = build(f, "md");
	sec = section(md, "Average section scores at visit 1 and visit 4");
	/* no company has both visits' score yet: no change to show */
	assert_non_null(strstr(sec, "| 1 Organisation and rules | — | 0 | 4.0 | 3 | — | 0 |"));
	free(sec);
	free(md);
	/* visit 1 at the same three companies: the change there, paired */
	v = visits_new(f->sc);
	int first[3] = {1, 2, 2};
	for (int k = 0; k < 3; k++)
		if (visits_set_score(f->st, v, f->company[k], 1, "org", first[k], "seen", &err) != MM_OK)
			fail_msg("%s", err.msg);
	visits_free(v);
	md = build(f, "md");
	sec = section(md, "Areas companies worked on (share of companies)");
	assert_non_null(strstr(sec, "of the 3 companies with an improvement plan"));
	assert_non_null(strstr(sec, "| Network security | 3 | 100% |"));
	assert_non_null(strstr(sec, "| Security awareness and education | 1 | 33.3% |"));
	free(sec);
	sec = section(md, "Average section scores at visit 1 and visit 4");
	assert_non_null(strstr(sec, "| 1 Organisation and rules | 1.7 | 3 | 4.0 | 3 | +2.3 | 3 |"));
	assert_non_null(strstr(sec, "| 3 Network | — | 0 | — | 2 | — | 0 |"));
	free(sec);
	free(md);
}

static void test_formats_and_reads_only(void **state)
{
	fixture *f = *state;
	survey_says(f, 0, "satisfied", "rose", "=cmd|' /C calc'!A0");
	survey_says(f, 1, "satisfied", "rose", "<b>bold</b> & more");
	survey_says(f, 2, "dissatisfied", "same", "Fine");
	answer_selfcheck(f, 0, "partly");
	long long sheets = tu_count(f->st, "SELECT count(*) FROM sheet");
	long long changes = tu_count(f->st, "SELECT count(*) FROM change");
	char *html = build(f, "html");
	const char *why = xc_check(html, true);
	if (why)
		fail_msg("not well formed: %s", why);
	assert_non_null(strstr(html, "<title>Spring: program report</title>"));
	assert_null(strstr(html, "<script"));
	assert_non_null(strstr(html, "&lt;b&gt;bold&lt;/b&gt; &amp; more"));
	/* charts: the self-check bands, the survey headlines, the areas */
	assert_true(xc_count(html, "<svg ") >= 3);
	assert_non_null(strstr(html, "class=\"chart bars\""));
	/* a question's chart sits under its heading, right before its table */
	const char *qh = strstr(html, "<h3>How satisfied are you with the workshop overall?</h3>");
	assert_non_null(qh);
	const char *qc = strstr(qh, "<title>How satisfied are you with the workshop overall?</title>");
	assert_non_null(qc);
	assert_true(qc < strstr(qh, "<table>"));
	assert_true(strstr(qh, "<table>") < strstr(qh + 4, "<h3>"));
	free(html);
	char *csv = build(f, "csv");
	assert_true(strncmp(csv, "section,item,column,value,note\r\n", 32) == 0
		|| strncmp(csv, "section,item,column,value,note\n", 31) == 0);
	assert_non_null(strstr(csv, "Participant survey results,satisfied,Share,66.7%,"));
	/* a held-back number: no value, a note */
	assert_non_null(strstr(csv, "Achieved: the basics are in place,Companies,,fewer than 3 answers"));
	/* a formula in an answer is defused for spreadsheets */
	assert_null(strstr(csv, ",=cmd"));
	free(csv);
	char *md = build(f, "md");
	assert_true(strncmp(md, "# Spring: program report\n\n## Participants and companies\n", 56) == 0);
	assert_null(strchr(md, '\x02')); /* no chart marks left in the Markdown */
	assert_null(strstr(md, "\n\n\n"));
	free(md);
	/* nothing written by any of it */
	assert_int_equal(tu_count(f->st, "SELECT count(*) FROM sheet"), sheets);
	assert_int_equal(tu_count(f->st, "SELECT count(*) FROM change"), changes);
	buf out = {0};
	mm_error err;
	assert_int_equal(progreport_build(f->st, f->sc, NULL, "json", &out, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "html, md or csv"));
	assert_int_equal(out.len, 0);
	/* Japanese */
	i18n_set_lang(LANG_JA);
	html = build(f, "html");
	assert_non_null(strstr(html, "<html lang=\"ja\">"));
	assert_non_null(strstr(html, "参加者アンケートの結果"));
	free(html);
	i18n_set_lang(LANG_EN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_survey_held_back_until_three_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selfcheck_bands_and_attendance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_areas_and_scores_by_visit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formats_and_reads_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
