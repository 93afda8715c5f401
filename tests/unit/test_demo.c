/* test_demo.c — the demo workshop in progress (mamori --demo): every group
 * has work in sessions 1–6, each group's companies have a self-check band,
 * the survey shows its results, every write is the owning group's, the same
 * demo every time; and the empty demo (--demo --empty) has nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checklist.h"
#include "demo.h"
#include "demo_fill.h"
#include "i18n.h"
#include "kind.h"
#include "progreport.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"
#include "survey.h"
#include "testutil.h"
#include "visits.h"

typedef struct demo {
	store *st;
	scenario *sc;
	owner_info *groups;
	int ngroups;
} demo;

static void demo_open(demo *d, const char *name, bool fill)
{
	mm_error err;
	memset(d, 0, sizeof *d);
	assert_int_equal(store_create(tu_path(name), &d->st, &err), MM_OK);
	assert_int_equal(demo_populate(d->st, &err), MM_OK);
	if (fill) {
		mm_status rc = demo_fill(d->st, &err);
		if (rc != MM_OK)
			fail_msg("demo_fill: %s", err.msg);
	}
	workshop_info ws = {0};
	assert_int_equal(store_workshop_get(d->st, &ws, &err), MM_OK);
	buf errs = {0};
	assert_int_equal(scenario_parse("demo", ws.scenario_json, strlen(ws.scenario_json), &d->sc,
		&errs, NULL), MM_OK);
	buf_free(&errs);
	workshop_info_free(&ws);
	assert_int_equal(store_owners(d->st, 0, 0, &d->groups, &d->ngroups, &err), MM_OK);
	assert_int_equal(d->ngroups, DEMO_GROUPS);
}

static void demo_close(demo *d)
{
	owner_list_free(d->groups, d->ngroups);
	scenario_free(d->sc);
	store_close(d->st);
}

static int count(store *st, const char *sql)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* Has GROUP (or one of its companies, for a company's activity) written
 * anything in ACT? Read as the overview reads: sheet_peek and the kind. */
static bool group_has_work(demo *d, const activity *act, int64_t group)
{
	mm_error err;
	if (!act->storage || act->scope == SCOPE_PERSON)
		return false;
	owner_info *owners = NULL;
	int n = 0;
	if (act->scope == SCOPE_COMPANY) {
		assert_int_equal(store_owners(d->st, 1, group, &owners, &n, &err), MM_OK);
	} else {
		owners = calloc(1, sizeof *owners);
		owners[0].id = group;
		owners[0].name = strdup("");
		n = 1;
	}
	bool any = false;
	for (int k = 0; k < n && !any; k++) {
		sheet *s = NULL;
		assert_int_equal(sheet_peek(d->st, act->storage, act->scope == SCOPE_COMPANY
			? OWNER_COMPANY : OWNER_GROUP, owners[k].id, &s, &err), MM_OK);
		any = activity_has_work(act, s);
		sheet_free(s);
	}
	owner_list_free(owners, n);
	return any;
}

/* Every group has work in each of the workshop's sessions 1–6, and none
 * after (the workshop is in progress), but the survey. */
static void test_sessions_one_to_six(void **state)
{
	(void)state;
	demo d;
	demo_open(&d, "demo.db", true);
	const track *ws = &d.sc->tracks[0];
	assert_string_equal(ws->id, "workshop");
	for (size_t si = 0; si < ws->nsessions; si++) {
		const session *se = &ws->sessions[si];
		for (int g = 0; g < d.ngroups; g++) {
			bool any = false;
			for (size_t a = 0; a < se->nactivities; a++)
				any |= group_has_work(&d, &se->activities[a], d.groups[g].id);
			if (se->number <= 6 && !any)
				fail_msg("group %s has nothing in session %d", d.groups[g].name, se->number);
			if (se->number > 6 && any)
				fail_msg("group %s already wrote in session %d", d.groups[g].name,
					se->number);
		}
	}
	/* the asset ledger: 8 to 15 rows a group, as a real group writes */
	for (int g = 0; g < d.ngroups; g++) {
		int rows = 0, sets = 0;
		mm_error err;
		assert_int_equal(sheet_count(d.st, "asset-ledger", OWNER_GROUP, d.groups[g].id, &rows,
			&sets, &err), MM_OK);
		if (rows < 8 || rows > 15)
			fail_msg("group %s: %d rows in the asset ledger", d.groups[g].name, rows);
	}
	demo_close(&d);
}

/* The risk table refers to the group's own ledger rows, and the heat map
 * has risks in more than one cell in every group that began it. */
static void test_risks_spread(void **state)
{
	(void)state;
	demo d;
	demo_open(&d, "demo.db", true);
	const activity *risk = scenario_find_activity(d.sc, "risk-table");
	const table_def *t = risk->storage;
	int asset = table_col_index(t, "asset"), risk_col = table_col_index(t, "risk");
	int lik = table_col_index(t, "likelihood"), imp = table_col_index(t, "importance");
	int values_seen[10] = {0};
	for (int g = 0; g < d.ngroups; g++) {
		sheet *s = NULL;
		mm_error err;
		assert_int_equal(sheet_peek(d.st, t, OWNER_GROUP, d.groups[g].id, &s, &err), MM_OK);
		assert_true(s->nrows >= 2);
		int cells[4][4] = {{0}}, used = 0;
		for (int r = 0; r < s->nrows; r++) {
			/* the asset is a row of the ledger, by its name */
			assert_string_not_equal(sheet_label(s->ref[asset],
				strtoll(s->rows[r].cells[asset].value, NULL, 10)), "");
			expr_value v = sheet_value(s, r, risk_col);
			expr_value x = sheet_value(s, r, lik), y = sheet_value(s, r, imp);
			assert_int_equal(v.kind, EXPR_NUM);
			assert_true(v.num >= 1 && v.num <= 9);
			values_seen[(int)v.num]++;
			if (!cells[(int)x.num][(int)y.num]++)
				used++;
		}
		assert_true(used >= 2);
		sheet_free(s);
	}
	/* large, middle and small risks are all there */
	int big = values_seen[6] + values_seen[9], mid = values_seen[4];
	int small = values_seen[1] + values_seen[2] + values_seen[3];
	assert_true(big > 0 && mid > 0 && small > 0);
	demo_close(&d);
}

/* Each group's companies answered the self-check: every group has a
 * company whose total falls in a band, and the groups are not all alike. */
static void test_self_check_bands(void **state)
{
	(void)state;
	demo d;
	demo_open(&d, "demo.db", true);
	const activity *act = scenario_find_activity(d.sc, "self-check");
	const checklist_def *cd = checklist_of(act);
	const checklist_band *first[DEMO_GROUPS] = {0};
	int distinct = 0, complete_total = 0, incomplete = 0;
	const checklist_band *seen[8] = {0};
	for (int g = 0; g < d.ngroups; g++) {
		owner_info *co;
		int nco;
		mm_error err;
		assert_int_equal(store_owners(d.st, 1, d.groups[g].id, &co, &nco, &err), MM_OK);
		for (int k = 0; k < nco; k++) {
			sheet *s = NULL;
			assert_int_equal(sheet_peek(d.st, act->storage, OWNER_COMPANY, co[k].id, &s, &err),
				MM_OK);
			checklist_result r;
			checklist_score(cd, s, &r);
			if (r.answered == r.items) {
				complete_total++;
				assert_non_null(r.band);
				if (!first[g])
					first[g] = r.band;
				int i = 0;
				while (i < distinct && seen[i] != r.band)
					i++;
				if (i == distinct && distinct < 8)
					seen[distinct++] = r.band;
			} else {
				incomplete++;
			}
			checklist_result_free(&r);
			sheet_free(s);
		}
		owner_list_free(co, nco);
		if (!first[g])
			fail_msg("no company of group %s has finished the self-check", d.groups[g].name);
	}
	/* all four bands occur, and one group is behind (some not finished) */
	assert_int_equal(distinct, cd->nbands);
	assert_true(incomplete > 0);
	assert_true(complete_total > DEMO_GROUPS * DEMO_PER_GROUP / 2);
	demo_close(&d);
}

/* The survey is answered by everyone: its results show (not suppressed),
 * mostly satisfied, most say their security level rose, some wrote. */
static void test_survey_answered(void **state)
{
	(void)state;
	demo d;
	demo_open(&d, "demo.db", true);
	const activity *act = scenario_find_activity(d.sc, "participant-survey");
	const survey_def *sd = survey_of(act);
	survey_result r;
	mm_error err;
	assert_int_equal(survey_results(d.st, act, &r, &err), MM_OK);
	assert_false(r.hidden);
	assert_true(r.respondents >= SURVEY_MIN_RESPONDENTS);
	assert_int_equal(r.respondents, r.people);
	/* the headlines: satisfied or rather satisfied, and "rose" */
	int sat_or_rather = -1, rose = -1;
	for (int k = 0; k < sd->nsummaries; k++) {
		const survey_question *q = &sd->questions[sd->summaries[k].question];
		int on = 0;
		for (int o = 0; o < q->noptions; o++)
			on += sd->summaries[k].on[o];
		if (strcmp(q->id, "satisfaction") == 0 && on == 2)
			sat_or_rather = r.headlines[k].percent;
		if (strcmp(q->id, "level_rose") == 0)
			rose = r.headlines[k].percent;
	}
	assert_true(sat_or_rather >= 80 && sat_or_rather < 100);
	assert_true(rose >= 80 && rose < 100);
	for (int k = 0; k < sd->nquestions; k++)
		if (sd->questions[k].type == SQ_TEXT)
			assert_true(r.q[k].ntexts >= 3);
	survey_result_free(&r);
	/* the terminal that filled the demo holds nobody's answers */
	owner_info *p;
	int np;
	assert_int_equal(store_owners(d.st, 2, 0, &p, &np, &err), MM_OK);
	for (int k = 0; k < np; k++)
		assert_false(store_holds(d.st, act->id, p[k].id));
	owner_list_free(p, np);
	assert_int_equal(store_get_role(d.st), ROLE_FACILITATOR);
	demo_close(&d);
}

/* Every write is in the history, by the group whose sheet it is (a
 * company's sheet: the company's group; a person's: the person's). */
static void test_history_by_group(void **state)
{
	(void)state;
	demo d;
	demo_open(&d, "demo.db", true);
	assert_true(count(d.st, "SELECT COUNT(*) FROM change") > 1000);
	assert_int_equal(count(d.st, "SELECT COUNT(*) FROM change WHERE who NOT LIKE 'group:%'"),
		0);
	assert_int_equal(count(d.st, "SELECT COUNT(*) FROM cell WHERE who NOT LIKE 'group:%'"), 0);
	/* groups went back to what they wrote: some cells are at a later version */
	assert_true(count(d.st, "SELECT COUNT(*) FROM cell c JOIN sheet_row r ON r.id = c.row_id "
		"JOIN sheet s ON s.id = r.sheet_id WHERE c.version > 1 "
		"AND s.activity IN ('asset-ledger', 'risk-table')")
		>= 3);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(d.st),
		"SELECT DISTINCT s.owner_kind, s.owner_id, c.who FROM change c "
		"JOIN sheet s ON s.id = c.sheet_id", -1, &q, NULL), SQLITE_OK);
	int pairs = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(q, 0);
		int k = strcmp(kind, "group") == 0 ? 0 : strcmp(kind, "company") == 0 ? 1 : 2;
		int64_t group = 0;
		mm_error err;
		assert_int_equal(store_owner_group(d.st, k, sqlite3_column_int64(q, 1), &group, &err),
			MM_OK);
		char *name = store_name_of(d.st, 0, group);
		char want[64];
		snprintf(want, sizeof want, "group:%s", name);
		assert_string_equal((const char *)sqlite3_column_text(q, 2), want);
		free(name);
		pairs++;
	}
	sqlite3_finalize(q);
	assert_true(pairs > DEMO_GROUPS * 10);
	demo_close(&d);
}

/* Five companies, one per group, have had visits: four of them 1 to 4,
 * their scores rose from visit 1 to visit 4 (one stalls in a section) and
 * their plans have items done; one has had visit 1 and its plan made at
 * visit 2 only; the others have no visit yet. 株式会社さくら精密 keeps its
 * story: its next-year plan is written. */
static void test_visits_five_companies(void **state)
{
	(void)state;
	demo d;
	demo_open(&d, "demo.db", true);
	visits *v = visits_new(d.sc);
	assert_non_null(v);
	owner_info *co;
	int nco;
	mm_error err;
	assert_int_equal(store_owners(d.st, 1, 0, &co, &nco, &err), MM_OK);
	int full = 0, planned = 0, stalled = 0, nfirst = 0;
	char *firsts[DEMO_GROUPS] = {0};
	bool sakura = false;
	int64_t groups_seen[DEMO_GROUPS] = {0};
	for (int k = 0; k < nco; k++) {
		visits_summary sum;
		assert_int_equal(visits_summarize(d.st, v, co[k].id, &sum, &err), MM_OK);
		if (sum.latest_visit == 0) {
			assert_int_equal(sum.nplan, 0);
			visits_summary_free(&sum);
			continue;
		}
		int64_t g = store_company_group(d.st, co[k].id);
		for (int i = 0; i < DEMO_GROUPS; i++) {
			assert_true(groups_seen[i] != g); /* one company per group */
			if (!groups_seen[i]) {
				groups_seen[i] = g;
				break;
			}
		}
		assert_true(sum.nplan >= 3);
		/* each company's plan in its own words: no two start alike */
		visit_plan_item *items = NULL;
		int ni = 0;
		assert_int_equal(visits_plan(d.st, v, co[k].id, &items, &ni, &err), MM_OK);
		assert_true(ni > 0);
		for (int i = 0; i < nfirst; i++)
			assert_string_not_equal(firsts[i], items[0].label);
		if (nfirst < DEMO_GROUPS)
			firsts[nfirst++] = strdup(items[0].label);
		visits_plan_free(items, ni, visits_count(v));
		int statuses, done = -1;
		const col_option *o = visits_statuses(v, &statuses);
		for (int i = 0; i < statuses; i++)
			if (strcmp(o[i].value, "done") == 0)
				done = sum.status_counts[i];
		if (sum.latest_visit == 1) { /* the plan just made at visit 2 */
			planned++;
			assert_int_equal(done, 0);
			visits_summary_free(&sum);
			continue;
		}
		full++;
		assert_int_equal(sum.latest_visit, visits_count(v));
		int first = 0, latest = 0;
		for (int s = 0; s < visits_nsections(v); s++) {
			assert_true(sum.first[s] >= 0 && sum.latest[s] >= 0);
			first += sum.first[s];
			latest += sum.latest[s];
			stalled += sum.latest[s] <= sum.first[s];
		}
		assert_true(latest > first);
		assert_true(done > 0 && done < sum.nplan);
		if (strcmp(co[k].name, "株式会社さくら精密") == 0) {
			sakura = true;
			/* its next-year plan is written too */
			const activity *nyp = scenario_find_activity(d.sc, "next-year-plan");
			sheet *s = NULL;
			assert_int_equal(sheet_peek(d.st, nyp->storage, OWNER_COMPANY, co[k].id, &s,
				&err), MM_OK);
			assert_true(activity_has_work(nyp, s));
			sheet_free(s);
		}
		visits_summary_free(&sum);
	}
	assert_int_equal(full, 4);
	assert_int_equal(planned, 1);
	assert_true(stalled >= 1);
	assert_true(sakura);
	assert_int_equal(nfirst, DEMO_GROUPS);
	for (int i = 0; i < nfirst; i++)
		free(firsts[i]);
	owner_list_free(co, nco);
	visits_free(v);
	demo_close(&d);
}

static char *program_md(demo *d)
{
	buf out = {0};
	mm_error err;
	if (progreport_build(d->st, d->sc, NULL, "md", &out, &err) != MM_OK)
		fail_msg("%s", err.msg);
	return buf_steal(&out);
}

/* The section of MD under "## TITLE", up to the next one. */
static char *md_section(const char *md, const char *title)
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

/* The program report on the demo has the shape of the seed's: the share of
 * companies that worked on network security, on awareness, on endpoints,
 * and the section averages at visit 1 and visit 4, higher at visit 4. On
 * the empty demo (no visit yet) the same numbers are held back ("—"). */
static void test_program_report(void **state)
{
	(void)state;
	i18n_set_lang(LANG_EN);
	demo d;
	demo_open(&d, "demo.db", true);
	char *md = program_md(&d);
	char *sec = md_section(md, "Areas companies worked on (share of companies)");
	assert_non_null(strstr(sec, "of the 5 companies with an improvement plan"));
	assert_non_null(strstr(sec, "| Network security | 5 | 100% |"));
	assert_non_null(strstr(sec, "| Security awareness and education | 4 | 80% |"));
	assert_non_null(strstr(sec, "| Endpoint security | 3 | 60% |"));
	assert_null(strstr(sec, "—"));
	/* most worked-on first: backup (all five) before awareness (four),
	 * though the program lists it later */
	const char *backup = strstr(sec, "| Backup |"), *aw = strstr(sec, "| Security awareness");
	assert_non_null(backup);
	assert_true(backup < aw);
	free(sec);
	sec = md_section(md, "Average section scores at visit 1 and visit 4");
	/* | section | visit 1 average | companies | visit 4 average | companies | */
	int rows = 0;
	double sum1 = 0, sum4 = 0;
	for (const char *l = strstr(sec, "\n| "); l; l = strstr(l + 1, "\n| ")) {
		const char *c = l + 3;
		for (int k = 0; k < 1 && c; k++)
			c = strstr(c, " | ");
		double a1, a4;
		int n1, n4;
		if (!c || sscanf(c, " | %lf | %d | %lf | %d |", &a1, &n1, &a4, &n4) != 4)
			continue;
		rows++;
		assert_int_equal(n1, 5);
		assert_int_equal(n4, 4);
		assert_true(a1 >= 0 && a4 <= 5);
		sum1 += a1;
		sum4 += a4;
	}
	assert_int_equal(rows, 6);
	assert_true(sum4 > sum1 + 3); /* a rise of more than half a point a section */
	free(sec);
	free(md);
	demo_close(&d);
	/* the empty demo: nobody visited, nothing to show */
	demo_open(&d, "empty.db", false);
	md = program_md(&d);
	sec = md_section(md, "Areas companies worked on (share of companies)");
	assert_non_null(strstr(sec, "| Network security | — | — |"));
	free(sec);
	sec = md_section(md, "Average section scores at visit 1 and visit 4");
	assert_non_null(strstr(sec, "| — | 0 | — | 0 |"));
	free(sec);
	free(md);
	demo_close(&d);
	i18n_set_lang(LANG_JA);
}

/* Cell values of the whole workshop, in a stable order. */
static char *all_cells(store *st)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(st),
		"SELECT s.activity, s.owner_kind, s.owner_id, r.position, c.col, c.value "
		"FROM cell c JOIN sheet_row r ON r.id = c.row_id JOIN sheet s ON s.id = r.sheet_id "
		"WHERE r.deleted = 0 ORDER BY 1, 2, 3, 4, 5", -1, &q, NULL), SQLITE_OK);
	buf b = {0};
	while (sqlite3_step(q) == SQLITE_ROW)
		buf_printf(&b, "%s|%s|%lld|%g|%s|%s\n", sqlite3_column_text(q, 0),
			sqlite3_column_text(q, 1), (long long)sqlite3_column_int64(q, 2),
			sqlite3_column_double(q, 3), sqlite3_column_text(q, 4), sqlite3_column_text(q, 5));
	sqlite3_finalize(q);
	return buf_steal(&b);
}

/* The same demo every time. */
static void test_deterministic(void **state)
{
	(void)state;
	demo a, b;
	demo_open(&a, "a.db", true);
	demo_open(&b, "b.db", true);
	char *ca = all_cells(a.st), *cb = all_cells(b.st);
	assert_true(strlen(ca) > 10000);
	assert_string_equal(ca, cb);
	free(ca);
	free(cb);
	demo_close(&a);
	demo_close(&b);
}

/* --demo --empty: the roster, and nothing written. */
static void test_empty(void **state)
{
	(void)state;
	demo d;
	demo_open(&d, "empty.db", false);
	assert_int_equal(store_count(d.st, "person"), DEMO_GROUPS * DEMO_PER_GROUP);
	assert_int_equal(count(d.st, "SELECT COUNT(*) FROM change"), 0);
	assert_int_equal(count(d.st, "SELECT COUNT(*) FROM sheet"), 0);
	for (int g = 0; g < d.ngroups; g++)
		assert_false(group_has_work(&d, scenario_find_activity(d.sc, "asset-ledger"),
			d.groups[g].id));
	demo_close(&d);
}

/* A fault in the data says where it is, in one line. */
static void test_bad_data(void **state)
{
	(void)state;
	i18n_set_lang(LANG_EN);
	static const struct {
		const char *json, *want;
	} cases[] = {
		{"{\"groups\": [{\"group\": \"1\", \"steps\": [{\"activity\": \"nope\", \"rows\": []}]}]}",
			"no activity \"nope\""},
		{"{\"groups\": [{\"group\": \"9\", \"steps\": []}]}", "no group 9"},
		{"{\"groups\": [{\"group\": \"2\", \"steps\": [{\"activity\": \"asset-ledger\", "
			"\"columns\": [\"name\", \"c\"], \"rows\": [[\"a\", 2], [\"b\", 7]]}]}]}",
			"group 2, asset-ledger, row 2: "},
		{"{\"groups\": [{\"group\": \"1\", \"steps\": [{\"activity\": \"self-check\", "
			"\"companies\": [\"yyy\"]}]}]}", "3 answers for 25 items"},
		{"{\"groups\": [{\"group\": \"1\", \"steps\": [{\"activity\": \"asset-ledger\", "
			"\"companies\": [\"y\"]}]}]}", "\"asset-ledger\" takes no companies"},
		{"{\"groups\": [{\"group\": \"1\", \"steps\": [{\"activity\": \"isms-procedure\", "
			"\"notes\": [{\"lane\": \"x\", \"text\": \"y\"}]}]}]}",
			"\"isms-procedure\" takes no notes"},
		{"{\"groups\": [{\"group\": \"1\", \"steps\": [{\"activity\": \"risk-table\", "
			"\"columns\": [\"asset\", \"scenario\"], \"rows\": [[\"none\", \"x\"]]}]}]}",
			"no row \"none\" to refer to"},
		{"{\"groups\": [", "not valid JSON near line 1"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		demo d;
		demo_open(&d, "bad.db", false);
		mm_error err;
		assert_int_not_equal(demo_fill_text(d.st, "bad.json", cases[k].json,
			strlen(cases[k].json), &err), MM_OK);
		if (!strstr(err.msg, cases[k].want) || !strstr(err.msg, "bad.json")
			|| strchr(err.msg, '\n'))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", k, err.msg, cases[k].want);
		assert_int_equal(store_get_role(d.st), ROLE_FACILITATOR);
		demo_close(&d);
		unlink(tu_path("bad.db"));
	}
	i18n_set_lang(LANG_JA);
}

static int setup(void **state)
{
	(void)state;
	i18n_set_lang(LANG_JA);
	return tu_tmpdir() ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tu_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sessions_one_to_six, setup, teardown),
		cmocka_unit_test_setup_teardown(test_risks_spread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_self_check_bands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_survey_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_by_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visits_five_companies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_program_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_data, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
