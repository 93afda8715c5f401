/* test_visits.c — the expert visits measured, on the bundled program: a
 * section score is suggested from the hearing's answers and an expert's
 * different score needs a reason (both kept); the plan's items carry a
 * status per visit and the plan follows the latest; area tags give the
 * share of companies; a group's terminal cannot write another group's
 * company; the demo's company improves. Every case on a fresh database. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "buf.h"
#include "checklist.h"
#include "demo.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "status.h"
#include "store.h"
#include "visits.h"

typedef struct fixture {
	char *text;
	scenario *sc;
	store *st;
	visits *v;
	int64_t group1, group2;
	int64_t c1, c2, c3; /* c1, c2 in group 1; c3 in group 2 */
	char path[256];
} fixture;

static void must(mm_status rc, const mm_error *err, const char *what)
{
	if (rc != MM_OK)
		fail_msg("%s: %s", what, err->msg);
}

static void setup(fixture *f)
{
	static int n;
	memset(f, 0, sizeof *f);
	i18n_set_lang(LANG_JA);
	mm_error err;
	must(bundled_program(&f->text, &err), &err, "bundled program");
	buf errs = {0};
	if (scenario_parse("p", f->text, strlen(f->text), &f->sc, &errs, NULL) != MM_OK)
		fail_msg("parse: %s", buf_str(&errs));
	buf_free(&errs);
	char name[32];
	snprintf(name, sizeof name, "v%d.db", ++n);
	snprintf(f->path, sizeof f->path, "%s", tu_path(name));
	must(store_create(f->path, &f->st, &err), &err, "create");
	must(store_workshop_create(f->st, "t", f->text, 2, &err), &err, "workshop");
	must(store_set_role(f->st, ROLE_FACILITATOR, NULL, &err), &err, "role");
	group_info *g;
	int ng;
	must(store_groups(f->st, &g, &ng, &err), &err, "groups");
	f->group1 = g[0].id;
	f->group2 = g[1].id;
	group_list_free(g, ng);
	must(store_company_add(f->st, "つばめ台製作所", f->group1, NULL, 30, &f->c1, &err), &err, "c1");
	must(store_company_add(f->st, "かもめ商事", f->group1, NULL, 12, &f->c2, &err), &err, "c2");
	must(store_company_add(f->st, "ひばり設計", f->group2, NULL, 8, &f->c3, &err), &err, "c3");
	f->v = visits_new(f->sc);
	assert_non_null(f->v);
}

static void teardown(fixture *f)
{
	visits_free(f->v);
	store_close(f->st);
	scenario_free(f->sc);
	free(f->text);
}

/* Answers every hearing item of section SI with VALUE for company C. */
static void answer_section(fixture *f, int64_t c, int si, const char *value)
{
	const checklist_def *d = visits_hearing_def(f->v);
	mm_error err;
	sheet *s = NULL;
	must(sheet_open(f->st, visits_hearing(f->v)->storage, OWNER_COMPANY, c, &s, &err), &err,
		"open hearing");
	const checklist_section *sec = &d->sections[si];
	for (int i = sec->first; i < sec->first + sec->nitems; i++)
		must(checklist_set(f->st, s, d, d->items[i].id, d->col_answer, value, -1, NULL, NULL,
			&err), &err, "answer");
	sheet_free(s);
}

static int section_of(fixture *f, const char *id)
{
	const checklist_def *d = visits_hearing_def(f->v);
	for (int s = 0; s < d->nsections; s++)
		if (strcmp(d->sections[s].id, id) == 0)
			return s;
	fail_msg("no section %s", id);
	return -1;
}

/* COMPANY's scores at VISIT into OUT (6 entries); free with visit_scores_free. */
static void scores(fixture *f, int64_t c, int visit, visit_score *out)
{
	mm_error err;
	must(visits_scores(f->st, f->v, c, visit, out, &err), &err, "scores");
}

/* Adds a plan row for company C with ISSUE and STATUS; returns its id. */
static int64_t plan_row(fixture *f, int64_t c, const char *issue, const char *status)
{
	const activity *plan = visits_plan_activity(f->v);
	mm_error err;
	sheet *s = NULL;
	must(sheet_open(f->st, plan->storage, OWNER_COMPANY, c, &s, &err), &err, "open plan");
	const char **vals = calloc((size_t)plan->storage->ncols + 1, sizeof *vals);
	vals[table_col_index(plan->storage, "issue")] = issue;
	vals[table_col_index(plan->storage, "status")] = status;
	int64_t id = 0;
	must(sheet_insert(f->st, s, s->nrows, vals, &id, NULL, &err), &err, "insert");
	free(vals);
	sheet_free(s);
	return id;
}

/* The plan table's own status cell of ROW. */
static char *plan_status(fixture *f, int64_t c, int64_t row)
{
	const activity *plan = visits_plan_activity(f->v);
	mm_error err;
	sheet *s = NULL;
	must(sheet_peek(f->st, plan->storage, OWNER_COMPANY, c, &s, &err), &err, "peek plan");
	int r = sheet_row_index(s, row);
	assert_true(r >= 0);
	char *v = strdup(s->rows[r].cells[table_col_index(plan->storage, "status")].value
		? s->rows[r].cells[table_col_index(plan->storage, "status")].value : "");
	sheet_free(s);
	return v;
}

/* ---- the model ---------------------------------------------------------- */

static void test_model_comes_from_the_scenario(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	assert_int_equal(visits_count(f.v), 4);
	assert_int_equal(visits_nsections(f.v), 6);
	assert_int_equal(visits_score_max(f.v), 5);
	assert_string_equal(visits_hearing(f.v)->id, "visit-hearing");
	assert_string_equal(visits_plan_activity(f.v)->id, "improvement-plan");
	assert_string_equal(visits_selfcheck(f.v)->id, "self-check");
	int n;
	const col_option *st = visits_statuses(f.v, &n);
	assert_int_equal(n, 4);
	assert_string_equal(L(&st[2].label), "完了");
	const col_option *ar = visits_areas(f.v, &n);
	assert_true(n >= 7);
	assert_string_equal(ar[0].value, "network");
	assert_string_equal(L(&ar[0].label), "ネットワークセキュリティ");
	/* a scenario without a visits track has no model */
	const char *bare = "{\"format\": \"mamori-scenario/1\", \"id\": \"t\", \"title\": \"t\", "
		"\"tracks\": [{\"id\": \"workshop\", \"title\": \"w\", \"sessions\": [{\"id\": \"s\", "
		"\"number\": 1, \"title\": \"s\", \"minutes\": 60, \"activities\": [{\"id\": \"b\", "
		"\"kind\": \"briefing\", \"title\": \"b\", \"body\": \"b\"}]}]}]}";
	scenario *sc = NULL;
	buf errs = {0};
	if (scenario_parse("b", bare, strlen(bare), &sc, &errs, NULL) != MM_OK)
		fail_msg("%s", buf_str(&errs));
	assert_null(visits_new(sc));
	scenario_free(sc);
	buf_free(&errs);
	teardown(&f);
}

/* ---- scores ------------------------------------------------------------- */

static void test_score_is_suggested_from_the_answers(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	visit_score sc[6];
	scores(&f, f.c1, 1, sc);
	/* nothing answered: no suggestion, nothing entered */
	for (int s = 0; s < 6; s++) {
		assert_int_equal(sc[s].suggested, -1);
		assert_int_equal(sc[s].entered, -1);
		assert_int_equal(sc[s].final, -1);
	}
	visit_scores_free(sc, 6);
	int net = section_of(&f, "network");
	answer_section(&f, f.c1, net, "yes");
	int org = section_of(&f, "org");
	answer_section(&f, f.c1, org, "partly");
	scores(&f, f.c1, 1, sc);
	assert_int_equal(sc[net].suggested, 5);
	assert_int_equal(sc[net].final, 5);
	assert_string_equal(sc[net].section, "network");
	assert_int_equal(sc[org].suggested, 3); /* 4 of 8 points: 2.5 rounds to 3 */
	visit_scores_free(sc, 6);
	/* another company's answers are its own */
	scores(&f, f.c2, 1, sc);
	assert_int_equal(sc[net].suggested, -1);
	visit_scores_free(sc, 6);
	teardown(&f);
}

static void test_override_needs_a_reason_and_keeps_both(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	int net = section_of(&f, "network");
	answer_section(&f, f.c1, net, "yes");
	/* 3 instead of the suggested 5 without a reason: refused, nothing kept */
	assert_int_equal(visits_set_score(f.st, f.v, f.c1, 2, "network", 3, "  ", &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "理由"));
	assert_non_null(strstr(err.msg, "5"));
	visit_score sc[6];
	scores(&f, f.c1, 2, sc);
	assert_int_equal(sc[net].entered, -1);
	assert_int_equal(sc[net].final, 5);
	visit_scores_free(sc, 6);
	/* the suggestion itself needs no reason */
	assert_int_equal(visits_set_score(f.st, f.v, f.c1, 1, "network", 5, NULL, &err), MM_OK);
	/* with a reason: entered, the suggestion kept beside it */
	assert_int_equal(visits_set_score(f.st, f.v, f.c1, 2, "network", 3,
		"UTMのファームウェアが古い", &err), MM_OK);
	scores(&f, f.c1, 2, sc);
	assert_int_equal(sc[net].entered, 3);
	assert_int_equal(sc[net].suggested, 5);
	assert_int_equal(sc[net].final, 3);
	assert_string_equal(sc[net].reason, "UTMのファームウェアが古い");
	visit_scores_free(sc, 6);
	/* the answers change later: the entered visit keeps its basis, an
	 * unscored visit shows the new suggestion */
	answer_section(&f, f.c1, net, "no");
	scores(&f, f.c1, 2, sc);
	assert_int_equal(sc[net].suggested, 5);
	assert_int_equal(sc[net].final, 3);
	visit_scores_free(sc, 6);
	scores(&f, f.c1, 3, sc);
	assert_int_equal(sc[net].suggested, 0); /* answered "no" */
	assert_int_equal(sc[net].entered, -1);
	visit_scores_free(sc, 6);
	/* visit 1's score is the hearing sheet's own section score too */
	const checklist_def *d = visits_hearing_def(f.v);
	sheet *h = NULL;
	must(sheet_peek(f.st, visits_hearing(f.v)->storage, OWNER_COMPANY, f.c1, &h, &err), &err,
		"peek");
	checklist_result r;
	checklist_score(d, h, &r);
	assert_int_equal(r.sections[net].manual, 5);
	checklist_result_free(&r);
	sheet_free(h);
	/* clearing goes back to the suggestion */
	assert_int_equal(visits_set_score(f.st, f.v, f.c1, 2, "network", -1, NULL, &err), MM_OK);
	scores(&f, f.c1, 2, sc);
	assert_int_equal(sc[net].entered, -1);
	assert_int_equal(sc[net].final, 0);
	assert_string_equal(sc[net].reason, "");
	visit_scores_free(sc, 6);
	teardown(&f);
}

static void test_bad_score_input_changes_nothing(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	assert_int_equal(visits_set_score(f.st, f.v, f.c1, 0, "org", 1, "x", &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "1〜4"));
	assert_int_equal(visits_set_score(f.st, f.v, f.c1, 5, "org", 1, "x", &err), MM_EUSER);
	assert_int_equal(visits_set_score(f.st, f.v, f.c1, 1, "orgx", 1, "x", &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "orgx"));
	assert_int_equal(visits_set_score(f.st, f.v, f.c1, 1, "org", 6, "x", &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "0〜5"));
	visit_score sc[6];
	assert_int_equal(visits_scores(f.st, f.v, f.c1, 9, sc, &err), MM_EUSER);
	for (int v = 1; v <= 4; v++) {
		scores(&f, f.c1, v, sc);
		for (int s = 0; s < 6; s++)
			assert_int_equal(sc[s].entered, -1);
		visit_scores_free(sc, 6);
	}
	i18n_set_lang(LANG_EN);
	assert_int_equal(visits_set_score(f.st, f.v, f.c1, 1, "org", 2, "", &err), MM_EUSER);
	assert_string_equal(err.msg, "There is no suggestion from the answers yet: give the score a "
		"reason");
	answer_section(&f, f.c1, section_of(&f, "org"), "no");
	assert_int_equal(visits_set_score(f.st, f.v, f.c1, 1, "org", 2, "", &err), MM_EUSER);
	assert_string_equal(err.msg, "A score other than the suggested 0 needs a reason");
	i18n_set_lang(LANG_JA);
	teardown(&f);
}

static void test_group_terminal_cannot_score_another_groups_company(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	store *g2 = NULL;
	must(store_open(f.path, &g2, &err), &err, "open");
	must(store_set_role(g2, ROLE_GROUP, "2", &err), &err, "role");
	assert_int_equal(visits_set_score(g2, f.v, f.c1, 1, "org", 0, NULL, &err), MM_EDENIED);
	/* its own company is fine, and the facilitator sees it at once */
	assert_int_equal(visits_set_score(g2, f.v, f.c3, 1, "org", 4, "方針を確認した", &err), MM_OK);
	visit_score sc[6];
	scores(&f, f.c3, 1, sc);
	assert_int_equal(sc[section_of(&f, "org")].entered, 4);
	visit_scores_free(sc, 6);
	int64_t row = plan_row(&f, f.c1, "規程がない", "todo");
	mm_status rc = visits_set_status(g2, f.v, f.c1, row, 3, "done", NULL, NULL, &err);
	if (rc != MM_EDENIED)
		fail_msg("%d %s", rc, err.msg);
	store_close(g2);
	teardown(&f);
}

/* ---- the plan ----------------------------------------------------------- */

static void test_status_per_visit_and_the_plan_follows_the_latest(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	int64_t a = plan_row(&f, f.c1, "退職者のアカウントが残っている", "todo");
	int64_t b = plan_row(&f, f.c1, "多要素認証がない", "todo");
	assert_int_equal(visits_set_status(f.st, f.v, f.c1, a, 2, "todo", "2026-11-19", NULL, &err),
		MM_OK);
	/* by label, as a user types it */
	assert_int_equal(visits_set_status(f.st, f.v, f.c1, a, 3, "対応中", "2027-01-14",
		"4件中2件を削除", &err), MM_OK);
	char *now = plan_status(&f, f.c1, a);
	assert_string_equal(now, "doing");
	free(now);
	assert_int_equal(visits_set_status(f.st, f.v, f.c1, a, 4, "done", "2027-02-25", "全件削除",
		&err), MM_OK);
	/* changing an earlier visit does not move the plan back */
	assert_int_equal(visits_set_status(f.st, f.v, f.c1, a, 2, "doing", "2026-11-19", NULL,
		&err), MM_OK);
	now = plan_status(&f, f.c1, a);
	assert_string_equal(now, "done");
	free(now);
	/* no date: today */
	assert_int_equal(visits_set_status(f.st, f.v, f.c1, b, 3, "doing", NULL, NULL, &err), MM_OK);

	visit_plan_item *items;
	int n;
	must(visits_plan(f.st, f.v, f.c1, &items, &n, &err), &err, "plan");
	assert_int_equal(n, 2);
	assert_int_equal(items[0].row, a);
	assert_string_equal(items[0].label, "退職者のアカウントが残っている");
	assert_string_equal(items[0].by_visit[0].status, "");
	assert_string_equal(items[0].by_visit[1].status, "doing");
	assert_string_equal(items[0].by_visit[2].status, "doing");
	assert_string_equal(items[0].by_visit[2].date, "2027-01-14");
	assert_string_equal(items[0].by_visit[2].note, "4件中2件を削除");
	assert_string_equal(items[0].by_visit[3].status, "done");
	assert_string_equal(items[0].current, "done");
	assert_string_equal(items[1].current, "doing");
	assert_int_equal(strlen(items[1].by_visit[2].date), 10);
	visits_plan_free(items, n, 4);

	/* bad input: a clear error, nothing written */
	assert_int_equal(visits_set_status(f.st, f.v, f.c1, b, 3, "finished", NULL, "x", &err),
		MM_EUSER);
	assert_int_equal(visits_set_status(f.st, f.v, f.c1, b, 3, "done", "2027-13-45", "x", &err),
		MM_EUSER);
	assert_int_equal(visits_set_status(f.st, f.v, f.c1, b, 7, "done", NULL, NULL, &err),
		MM_EUSER);
	/* a row of another company's plan is not this company's */
	assert_int_equal(visits_set_status(f.st, f.v, f.c2, b, 3, "done", NULL, NULL, &err),
		MM_EUSER);
	assert_non_null(strstr(err.msg, "改善計画"));
	must(visits_plan(f.st, f.v, f.c1, &items, &n, &err), &err, "plan");
	assert_string_equal(items[1].by_visit[2].status, "doing");
	assert_string_equal(items[1].by_visit[2].note, "");
	visits_plan_free(items, n, 4);
	teardown(&f);
}

static void test_areas_and_their_share_of_companies(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	int64_t a = plan_row(&f, f.c1, "UTMが古い", "todo");
	int64_t b = plan_row(&f, f.c1, "教育をしていない", "todo");
	int64_t c = plan_row(&f, f.c3, "ルーターの設定", "todo");
	plan_row(&f, f.c2, "まだ分野なし", "todo");
	const char *ab[] = {"network", "endpoint"};
	assert_int_equal(visits_set_areas(f.st, f.v, f.c1, a, ab, 2, &err), MM_OK);
	const char *lb[] = {"セキュリティ意識・教育"}; /* by label */
	assert_int_equal(visits_set_areas(f.st, f.v, f.c1, b, lb, 1, &err), MM_OK);
	const char *cb[] = {"network"};
	assert_int_equal(visits_set_areas(f.st, f.v, f.c3, c, cb, 1, &err), MM_OK);
	const char *bad[] = {"network", "gardening"};
	assert_int_equal(visits_set_areas(f.st, f.v, f.c3, c, bad, 2, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "gardening"));

	visit_plan_item *items;
	int n;
	must(visits_plan(f.st, f.v, f.c1, &items, &n, &err), &err, "plan");
	assert_int_equal(items[0].nareas, 2);
	assert_string_equal(items[0].areas[1], "endpoint");
	assert_int_equal(items[1].nareas, 1);
	assert_string_equal(items[1].areas[0], "awareness");
	visits_plan_free(items, n, 4);

	visits_area_count *ac;
	int na, ncomp;
	must(visits_area_share(f.st, f.v, &ac, &na, &ncomp, &err), &err, "share");
	assert_int_equal(ncomp, 3); /* the three companies with a plan */
	for (int k = 0; k < na; k++) {
		if (strcmp(ac[k].value, "network") == 0)
			assert_int_equal(ac[k].companies, 2);
		else if (strcmp(ac[k].value, "awareness") == 0 || strcmp(ac[k].value, "endpoint") == 0)
			assert_int_equal(ac[k].companies, 1);
		else
			assert_int_equal(ac[k].companies, 0);
	}
	free(ac);
	teardown(&f);
}

/* ---- counts ------------------------------------------------------------- */

static void test_summary_counts_scores_and_self_check(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	int64_t a = plan_row(&f, f.c1, "一", "todo");
	plan_row(&f, f.c1, "二", "todo");
	int64_t c = plan_row(&f, f.c1, "三", "");
	must(visits_set_status(f.st, f.v, f.c1, a, 4, "done", NULL, NULL, &err), &err, "status");
	must(visits_set_status(f.st, f.v, f.c1, c, 3, "doing", NULL, NULL, &err), &err, "status");
	int net = section_of(&f, "network");
	must(visits_set_score(f.st, f.v, f.c1, 1, "network", 1, "古い", &err), &err, "score");
	must(visits_set_score(f.st, f.v, f.c1, 4, "network", 4, "更新した", &err), &err, "score");
	/* the self-check: every item "yes" */
	const activity *selfc = visits_selfcheck(f.v);
	const checklist_def *d = checklist_of(selfc);
	sheet *s = NULL;
	must(sheet_open(f.st, selfc->storage, OWNER_COMPANY, f.c1, &s, &err), &err, "self");
	for (int i = 0; i < d->nitems; i++)
		must(checklist_set(f.st, s, d, d->items[i].id, d->col_answer, "yes", -1, NULL, NULL,
			&err), &err, "answer");
	sheet_free(s);

	visits_summary sm;
	must(visits_summarize(f.st, f.v, f.c1, &sm, &err), &err, "summary");
	assert_int_equal(sm.nplan, 3);
	int nst;
	const col_option *opts = visits_statuses(f.v, &nst);
	for (int k = 0; k < nst; k++) {
		int want = strcmp(opts[k].value, "todo") == 0 ? 1 : strcmp(opts[k].value, "done") == 0
			? 1 : strcmp(opts[k].value, "doing") == 0 ? 1 : 0;
		assert_int_equal(sm.status_counts[k], want);
	}
	assert_int_equal(sm.unset, 0);
	assert_int_equal(sm.latest_visit, 4);
	assert_int_equal(sm.first[net], 1);
	assert_int_equal(sm.latest[net], 4);
	assert_true(sm.has_selfcheck);
	assert_true(sm.selfcheck_total == sm.selfcheck_max);
	assert_non_null(sm.selfcheck_band);
	visits_summary_free(&sm);
	/* a company with nothing: no visit, no self-check */
	must(visits_summarize(f.st, f.v, f.c2, &sm, &err), &err, "summary");
	assert_int_equal(sm.nplan, 0);
	assert_int_equal(sm.latest_visit, 0);
	assert_false(sm.has_selfcheck);
	assert_null(sm.selfcheck_band);
	visits_summary_free(&sm);
	teardown(&f);
}

/* ---- the demo ----------------------------------------------------------- */

static void test_demo_company_improves_from_visit_1_to_4(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	must(visits_demo_fill(f.st, f.sc, f.c1, &err), &err, "demo fill");
	/* read from another terminal, as the projector would */
	store *other = NULL;
	must(store_open(f.path, &other, &err), &err, "open");
	visits_summary sm;
	must(visits_summarize(other, f.v, f.c1, &sm, &err), &err, "summary");
	assert_int_equal(sm.latest_visit, 4);
	int first = 0, latest = 0, rose = 0;
	for (int s = 0; s < 6; s++) {
		assert_true(sm.first[s] >= 0);
		first += sm.first[s];
		latest += sm.latest[s];
		rose += sm.latest[s] > sm.first[s];
		assert_true(sm.latest[s] >= sm.first[s]);
	}
	assert_true(latest >= first + 6);
	assert_true(rose >= 4);
	assert_true(sm.nplan >= 5);
	int nst;
	const col_option *opts = visits_statuses(f.v, &nst);
	int done = 0;
	for (int k = 0; k < nst; k++)
		if (strcmp(opts[k].value, "done") == 0)
			done = sm.status_counts[k];
	assert_true(done * 2 > sm.nplan);
	visits_summary_free(&sm);
	/* visit 3 shows progress in between; reasons are kept where the
	 * expert differed */
	visit_plan_item *items;
	int n;
	must(visits_plan(other, f.v, f.c1, &items, &n, &err), &err, "plan");
	int moved = 0, tagged = 0;
	for (int k = 0; k < n; k++) {
		moved += strcmp(items[k].by_visit[1].status, items[k].by_visit[3].status) != 0;
		tagged += items[k].nareas > 0;
	}
	assert_true(moved >= 4);
	assert_int_equal(tagged, n);
	visits_plan_free(items, n, 4);
	visit_score sc[6];
	must(visits_scores(other, f.v, f.c1, 1, sc, &err), &err, "scores");
	int with_reason = 0;
	for (int s = 0; s < 6; s++)
		with_reason += sc[s].entered != sc[s].suggested && *sc[s].reason;
	assert_int_equal(with_reason, 1);
	visit_scores_free(sc, 6);
	/* the other companies are untouched */
	must(visits_summarize(other, f.v, f.c2, &sm, &err), &err, "summary");
	assert_int_equal(sm.nplan, 0);
	visits_summary_free(&sm);
	store_close(other);
	teardown(&f);
}

/* ---- the next-year plan, filled in ---------------------------------------- */

static void test_next_year_plan_starts_from_what_is_known(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	buf b = {0};
	/* nothing known yet: the scenario's starter stays */
	assert_false(visits_starter(f.st, f.sc, "next-year-plan", "results", f.c1, &b));
	assert_int_equal(b.len, 0);
	must(visits_demo_fill(f.st, f.sc, f.c1, &err), &err, "demo fill");
	assert_true(visits_starter(f.st, f.sc, "next-year-plan", "results", f.c1, &b));
	assert_non_null(strstr(buf_str(&b), "つばめ台製作所の今年度の取組の成果"));
	assert_non_null(strstr(buf_str(&b), "改善計画：全7項目のうち、未着手 0、対応中 1、完了 5、見送り 1"));
	assert_non_null(strstr(buf_str(&b), "（訪問1 → 訪問4）"));
	assert_non_null(strstr(buf_str(&b), "・5 人と教育：0点 → 4点"));
	assert_null(strstr(buf_str(&b), "全（　）項目"));
	buf_clear(&b);
	assert_true(visits_starter(f.st, f.sc, "next-year-plan", "remaining", f.c1, &b));
	assert_non_null(strstr(buf_str(&b), "課題1：情報資産の台帳がなく"));
	assert_non_null(strstr(buf_str(&b), "いまの状況：対応中（訪問4：NASの図面と顧客台帳まで登録した）"));
	assert_non_null(strstr(buf_str(&b), "課題2：VPN機器"));
	assert_null(strstr(buf_str(&b), "課題3"));
	buf_clear(&b);
	i18n_set_lang(LANG_EN);
	assert_true(visits_starter(f.st, f.sc, "next-year-plan", "results", f.c1, &b));
	assert_non_null(strstr(buf_str(&b), "Improvement plan: of 7 items, Not started 0, In progress 1, Done 5, Deferred 1"));
	i18n_set_lang(LANG_JA);
	buf_clear(&b);
	/* other sections, other documents, other companies: untouched */
	assert_false(visits_starter(f.st, f.sc, "next-year-plan", "goals", f.c1, &b));
	assert_false(visits_starter(f.st, f.sc, "ir-plan", "results", f.c1, &b));
	assert_false(visits_starter(f.st, f.sc, "next-year-plan", "results", f.c2, &b));
	assert_int_equal(b.len, 0);
	buf_free(&b);
	teardown(&f);
}

/* ---- the progress board, filled in --------------------------------------- */

static void test_progress_board_gets_the_plan_as_notes(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	int added = -1;
	/* no plan yet: said so, nothing written */
	assert_int_equal(visits_fill_board(f.st, f.v, f.c1, 3, &added, &err), MM_EUSER);
	assert_int_equal(added, 0);
	/* visit 2 has no board */
	must(visits_demo_fill(f.st, f.sc, f.c1, &err), &err, "demo fill");
	assert_int_equal(visits_fill_board(f.st, f.v, f.c1, 2, &added, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "2"));
	must(visits_fill_board(f.st, f.v, f.c1, 3, &added, &err), &err, "fill");
	assert_int_equal(added, 7);
	/* the group's board, as any terminal reads it */
	const activity *board = scenario_find_activity(f.sc, "progress-check");
	sheet *s = NULL;
	must(sheet_peek(f.st, board->storage, OWNER_GROUP, f.group1, &s, &err), &err, "peek");
	assert_int_equal(s->nrows, 7);
	int done = 0, stuck = 0, next = 0;
	bool found = false;
	for (int r = 0; r < s->nrows; r++) {
		const char *lane = s->rows[r].cells[BOARD_COL_LANE].value;
		const char *text = s->rows[r].cells[BOARD_COL_TEXT].value;
		done += strcmp(lane, "done") == 0;
		stuck += strcmp(lane, "stuck") == 0;
		next += strcmp(lane, "next") == 0;
		if (strcmp(text, "【つばめ台製作所】退職した人のメールアカウントが残っている（完了）"
			" 退職者のアカウント4件を削除した") == 0) {
			found = true;
			assert_string_equal(lane, "done");
		}
	}
	assert_true(found);
	assert_int_equal(done, 1);
	assert_int_equal(stuck, 1);
	assert_int_equal(next, 5);
	sheet_free(s);
	/* again: nothing twice */
	must(visits_fill_board(f.st, f.v, f.c1, 3, &added, &err), &err, "fill again");
	assert_int_equal(added, 0);
	/* another group's terminal cannot write group 1's board */
	store *g2 = NULL;
	must(store_open(f.path, &g2, &err), &err, "open");
	must(store_set_role(g2, ROLE_GROUP, "2", &err), &err, "role");
	assert_int_equal(visits_fill_board(g2, f.v, f.c1, 3, &added, &err), MM_EDENIED);
	store_close(g2);
	teardown(&f);
}

/* ---- undo and compare-and-set --------------------------------------------- */

/* The hearing sheet's own score of section SI (visit 1's), -1 none. */
static int hearing_manual(fixture *f, store *st, int64_t c, int si)
{
	mm_error err;
	sheet *h = NULL;
	must(sheet_peek(st, visits_hearing(f->v)->storage, OWNER_COMPANY, c, &h, &err), &err,
		"peek hearing");
	checklist_result r;
	checklist_score(visits_hearing_def(f->v), h, &r);
	int m = r.sections[si].manual;
	checklist_result_free(&r);
	sheet_free(h);
	return m;
}

static int entered(fixture *f, store *st, int64_t c, int visit, int si, int *version)
{
	visit_score sc[6];
	mm_error err;
	must(visits_scores(st, f->v, c, visit, sc, &err), &err, "scores");
	int e = sc[si].entered;
	if (version)
		*version = sc[si].version;
	visit_scores_free(sc, 6);
	return e;
}

static void test_undo_takes_a_visit_1_score_back_in_both_sheets(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	int net = section_of(&f, "network");
	answer_section(&f, f.c1, net, "yes"); /* suggests 5 */
	visits_history *h = visits_history_new();
	visits_edit ed = {-1, NULL, h};
	assert_int_equal(visits_set_score_ex(f.st, f.v, f.c1, 1, "network", 3, "UTMが古い", &ed,
		&err), MM_OK);
	assert_int_equal(visits_set_score_ex(f.st, f.v, f.c1, 1, "network", 4, "更新予定", &ed,
		&err), MM_OK);
	assert_int_equal(entered(&f, f.st, f.c1, 1, net, NULL), 4);
	assert_int_equal(hearing_manual(&f, f.st, f.c1, net), 4);
	/* one step per action: back to 3 with its reason, in both sheets */
	int visit = 0;
	assert_int_equal(visits_undo(f.st, f.v, h, false, &visit, &err), MM_OK);
	assert_int_equal(visit, 1);
	visit_score sc[6];
	scores(&f, f.c1, 1, sc);
	assert_int_equal(sc[net].entered, 3);
	assert_string_equal(sc[net].reason, "UTMが古い");
	visit_scores_free(sc, 6);
	assert_int_equal(hearing_manual(&f, f.st, f.c1, net), 3);
	/* and back to nothing entered */
	assert_int_equal(visits_undo(f.st, f.v, h, false, NULL, &err), MM_OK);
	assert_int_equal(hearing_manual(&f, f.st, f.c1, net), -1);
	scores(&f, f.c1, 1, sc);
	assert_int_equal(sc[net].final, 5); /* the suggestion again */
	assert_string_equal(sc[net].reason, "");
	visit_scores_free(sc, 6);
	assert_int_equal(visits_undo(f.st, f.v, h, false, NULL, &err), MM_ENOTFOUND);
	/* redo: 3 again, in both */
	assert_int_equal(visits_undo(f.st, f.v, h, true, NULL, &err), MM_OK);
	assert_int_equal(entered(&f, f.st, f.c1, 1, net, NULL), 3);
	assert_int_equal(hearing_manual(&f, f.st, f.c1, net), 3);

	/* another terminal scores it later: undo refuses and changes nothing */
	store *st2 = NULL;
	must(store_open(f.path, &st2, &err), &err, "open 2");
	must(store_set_role(st2, ROLE_FACILITATOR, NULL, &err), &err, "role 2");
	assert_int_equal(visits_set_score(st2, f.v, f.c1, 1, "network", 2, "別の見方", &err), MM_OK);
	assert_int_equal(visits_undo(f.st, f.v, h, false, NULL, &err), MM_ECONFLICT);
	assert_non_null(strstr(err.msg, "ほかの端末"));
	assert_int_equal(entered(&f, f.st, f.c1, 1, net, NULL), 2);
	assert_int_equal(hearing_manual(&f, f.st, f.c1, net), 2);
	/* only the hearing's score changed elsewhere (the checklist view): the
	 * score sheet is not undone alone either */
	assert_int_equal(visits_set_score_ex(f.st, f.v, f.c1, 1, "network", 1, "古い機器", &ed,
		&err), MM_OK);
	sheet *hs = NULL;
	const checklist_def *d = visits_hearing_def(f.v);
	must(sheet_open(st2, visits_hearing(f.v)->storage, OWNER_COMPANY, f.c1, &hs, &err), &err,
		"open hearing 2");
	must(checklist_set(st2, hs, d, "network", d->col_score, "0", -1, NULL, NULL, &err), &err,
		"hearing score 2");
	sheet_free(hs);
	assert_int_equal(visits_undo(f.st, f.v, h, false, NULL, &err), MM_ECONFLICT);
	assert_int_equal(entered(&f, f.st, f.c1, 1, net, NULL), 1);
	assert_int_equal(hearing_manual(&f, f.st, f.c1, net), 0);
	store_close(st2);
	visits_history_free(h);
	teardown(&f);
}

static void test_undo_status_note_and_areas(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	int64_t a = plan_row(&f, f.c1, "退職者のアカウントが残っている", "todo");
	visits_history *h = visits_history_new();
	visits_edit ed = {-1, NULL, h};
	assert_int_equal(visits_set_status_ex(f.st, f.v, f.c1, a, 3, "doing", "2027-01-14", NULL,
		&ed, &err), MM_OK);
	char *now = plan_status(&f, f.c1, a);
	assert_string_equal(now, "doing");
	free(now);
	/* a note alone keeps the status */
	assert_int_equal(visits_set_status_ex(f.st, f.v, f.c1, a, 3, NULL, NULL, "2件削除", &ed,
		&err), MM_OK);
	const char *tags[] = {"network"};
	int na = 0;
	visits_areas(f.v, &na);
	if (na > 0) {
		const col_option *ar = visits_areas(f.v, &na);
		tags[0] = ar[0].value;
		assert_int_equal(visits_set_areas_ex(f.st, f.v, f.c1, a, tags, 1, &ed, &err), MM_OK);
	}
	visit_plan_item *items;
	int n;
	must(visits_plan(f.st, f.v, f.c1, &items, &n, &err), &err, "plan");
	assert_string_equal(items[0].by_visit[2].status, "doing");
	assert_string_equal(items[0].by_visit[2].note, "2件削除");
	assert_int_equal(items[0].nareas, na > 0 ? 1 : 0);
	visits_plan_free(items, n, 4);
	/* undo step by step: the areas, the note, the status (and the plan's own) */
	if (na > 0) {
		assert_int_equal(visits_undo(f.st, f.v, h, false, NULL, &err), MM_OK);
		must(visits_plan(f.st, f.v, f.c1, &items, &n, &err), &err, "plan");
		assert_int_equal(items[0].nareas, 0);
		assert_string_equal(items[0].by_visit[2].note, "2件削除");
		visits_plan_free(items, n, 4);
	}
	assert_int_equal(visits_undo(f.st, f.v, h, false, NULL, &err), MM_OK);
	must(visits_plan(f.st, f.v, f.c1, &items, &n, &err), &err, "plan");
	assert_string_equal(items[0].by_visit[2].note, "");
	assert_string_equal(items[0].by_visit[2].status, "doing");
	visits_plan_free(items, n, 4);
	int visit = 0;
	assert_int_equal(visits_undo(f.st, f.v, h, false, &visit, &err), MM_OK);
	assert_int_equal(visit, 3);
	must(visits_plan(f.st, f.v, f.c1, &items, &n, &err), &err, "plan");
	assert_string_equal(items[0].by_visit[2].status, "");
	assert_string_equal(items[0].by_visit[2].date, "");
	assert_string_equal(items[0].current, "todo");
	visits_plan_free(items, n, 4);
	now = plan_status(&f, f.c1, a);
	assert_string_equal(now, "todo");
	free(now);
	visits_history_free(h);
	teardown(&f);
}

static void test_a_stale_view_is_told_and_nothing_is_written(void **state)
{
	(void)state;
	fixture f;
	setup(&f);
	mm_error err;
	int net = section_of(&f, "network");
	answer_section(&f, f.c1, net, "yes");
	store *st2 = NULL;
	must(store_open(f.path, &st2, &err), &err, "open 2");
	must(store_set_role(st2, ROLE_GROUP, "1", &err), &err, "role 2");
	/* both terminals look at visit 2's network score */
	int v1 = -1, v2 = -1;
	entered(&f, f.st, f.c1, 2, net, &v1);
	entered(&f, st2, f.c1, 2, net, &v2);
	assert_int_equal(v1, v2);
	/* terminal 2 scores first */
	visits_edit e2 = {v2, NULL, NULL};
	assert_int_equal(visits_set_score_ex(st2, f.v, f.c1, 2, "network", 4, "一部未対応", &e2,
		&err), MM_OK);
	/* terminal 1's view is stale: told who and what, nothing written */
	sheet_conflict cf = {0};
	visits_edit e1 = {v1, &cf, NULL};
	assert_int_equal(visits_set_score_ex(f.st, f.v, f.c1, 2, "network", 2, "古い機器", &e1,
		&err), MM_ECONFLICT);
	assert_string_equal(cf.theirs, "4");
	assert_string_equal(cf.who, "group:1");
	visit_score sc[6];
	scores(&f, f.c1, 2, sc);
	assert_int_equal(sc[net].entered, 4);
	assert_string_equal(sc[net].reason, "一部未対応"); /* not half-written */
	visit_scores_free(sc, 6);
	/* having seen theirs, terminal 1 may save over it */
	e1.expected = cf.version;
	sheet_conflict_free(&cf);
	assert_int_equal(visits_set_score_ex(f.st, f.v, f.c1, 2, "network", 2, "古い機器", &e1,
		&err), MM_OK);
	assert_int_equal(entered(&f, st2, f.c1, 2, net, NULL), 2);

	/* a plan item's status the same way */
	int64_t a = plan_row(&f, f.c1, "多要素認証がない", "todo");
	visit_plan_item *items;
	int n;
	must(visits_plan(f.st, f.v, f.c1, &items, &n, &err), &err, "plan");
	int sv = items[0].by_visit[2].version, nv = items[0].by_visit[2].note_version;
	visits_plan_free(items, n, 4);
	assert_int_equal(visits_set_status_ex(st2, f.v, f.c1, a, 3, "done", NULL, "導入済み",
		&(visits_edit){sv, NULL, NULL}, &err), MM_OK);
	assert_int_equal(visits_set_status_ex(f.st, f.v, f.c1, a, 3, "doing", NULL, NULL,
		&(visits_edit){sv, &cf, NULL}, &err), MM_ECONFLICT);
	assert_string_equal(cf.theirs, "done");
	sheet_conflict_free(&cf);
	/* a note typed against the old note is refused too, the note kept */
	assert_int_equal(visits_set_status_ex(f.st, f.v, f.c1, a, 3, NULL, NULL, "試験中",
		&(visits_edit){nv, &cf, NULL}, &err), MM_ECONFLICT);
	assert_string_equal(cf.theirs, "導入済み");
	sheet_conflict_free(&cf);
	char *now = plan_status(&f, f.c1, a);
	assert_string_equal(now, "done");
	free(now);
	must(visits_plan(f.st, f.v, f.c1, &items, &n, &err), &err, "plan");
	assert_string_equal(items[0].by_visit[2].status, "done");
	assert_string_equal(items[0].by_visit[2].note, "導入済み");
	visits_plan_free(items, n, 4);
	store_close(st2);
	teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_comes_from_the_scenario),
		cmocka_unit_test(test_score_is_suggested_from_the_answers),
		cmocka_unit_test(test_override_needs_a_reason_and_keeps_both),
		cmocka_unit_test(test_bad_score_input_changes_nothing),
		cmocka_unit_test(test_group_terminal_cannot_score_another_groups_company),
		cmocka_unit_test(test_status_per_visit_and_the_plan_follows_the_latest),
		cmocka_unit_test(test_areas_and_their_share_of_companies),
		cmocka_unit_test(test_summary_counts_scores_and_self_check),
		cmocka_unit_test(test_demo_company_improves_from_visit_1_to_4),
		cmocka_unit_test(test_next_year_plan_starts_from_what_is_known),
		cmocka_unit_test(test_progress_board_gets_the_plan_as_notes),
		cmocka_unit_test(test_undo_takes_a_visit_1_score_back_in_both_sheets),
		cmocka_unit_test(test_undo_status_note_and_areas),
		cmocka_unit_test(test_a_stale_view_is_told_and_nothing_is_written),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tu_cleanup();
	return rc;
}
