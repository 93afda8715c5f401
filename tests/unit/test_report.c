/* test_report.c — core/report.c: the take-home report of a group or a
 * company, built without writing anything, and finding an owner by a name
 * the facilitator half remembers. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "demo.h"
#include "drill.h"
#include "i18n.h"
#include "report.h"
#include "roster.h"
#include "scenario.h"
#include "sheet.h"
#include "svg.h"
#include "store.h"
#include "testutil.h"
#include "visits.h"
#include "xmlcheck.h"

#define ROSTER "グループ,会社,氏名\n1,さくら精密工業,佐藤 健一\n1,さくら物流,田中 花子\n" \
	"2,みなと印刷,鈴木 美咲\n"

typedef struct fixture {
	store *st;
	scenario *sc;
	char *text;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	i18n_set_lang(LANG_EN);
	f->st = tu_bundled_workshop("r.db", 2, ROSTER, &f->sc, &f->text);
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


/* Adds a row to ACT's sheet of an owner: pairs of column id and stored
 * value, NULL-terminated; returns the row id. */
static int64_t add_row(store *st, const scenario *sc, const char *act_id, owner_kind ok,
	int64_t owner, ...)
{
	const activity *act = scenario_find_activity(sc, act_id);
	assert_non_null(act);
	const table_def *t = act->storage;
	sheet *s = NULL;
	mm_error err;
	assert_int_equal(sheet_open(st, t, ok, owner, &s, &err), MM_OK);
	const char **vals = calloc((size_t)t->ncols + 1, sizeof *vals);
	va_list ap;
	va_start(ap, owner);
	for (const char *col; (col = va_arg(ap, const char *));) {
		int c = table_col_index(t, col);
		assert_true(c >= 0);
		vals[c] = va_arg(ap, const char *);
	}
	va_end(ap);
	int64_t id = 0;
	if (sheet_insert(st, s, s->nrows, vals, &id, NULL, &err) != MM_OK)
		fail_msg("%s", err.msg);
	free(vals);
	sheet_free(s);
	return id;
}

/* Answers checklist ACT_ID for COMPANY: KEY=VALUE (item answers) or
 * KEY#N (section score), NULL-terminated. */
static void answer(store *st, const scenario *sc, const char *act_id, int64_t company, ...)
{
	const activity *act = scenario_find_activity(sc, act_id);
	const checklist_def *d = checklist_of(act);
	sheet *s = NULL;
	mm_error err;
	assert_int_equal(sheet_open(st, d->storage, OWNER_COMPANY, company, &s, &err), MM_OK);
	va_list ap;
	va_start(ap, company);
	for (const char *kv; (kv = va_arg(ap, const char *));) {
		char key[64];
		const char *eq = strpbrk(kv, "=#");
		snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
		int col = *eq == '=' ? d->col_answer : d->col_score;
		int r = checklist_row_of(d, s, key);
		int expected = r >= 0 ? s->rows[r].cells[col].version : 0;
		if (checklist_set(st, s, d, key, col, eq + 1, expected, NULL, NULL, &err) != MM_OK)
			fail_msg("%s: %s", kv, err.msg);
	}
	va_end(ap);
	sheet_free(s);
}

static void test_find_owner_exact_and_suggestions(void **state)
{
	fixture *f = *state;
	int64_t id = 0;
	mm_error err;
	assert_int_equal(report_find_owner(f->st, OWNER_COMPANY, "みなと印刷", &id, &err), MM_OK);
	assert_true(id > 0);
	/* part of a name: every company containing it */
	assert_int_equal(report_find_owner(f->st, OWNER_COMPANY, "さくら", &id, &err),
		MM_ENOTFOUND);
	assert_int_equal(id, 0);
	assert_non_null(strstr(err.msg, "no company named \"さくら\""));
	assert_non_null(strstr(err.msg, "\"さくら精密工業\", \"さくら物流\""));
	/* a slip: the nearest */
	assert_int_equal(report_find_owner(f->st, OWNER_COMPANY, "みなと印届", &id, &err),
		MM_ENOTFOUND);
	assert_non_null(strstr(err.msg, "did you mean \"みなと印刷\"?"));
	/* nothing near: no suggestion */
	assert_int_equal(report_find_owner(f->st, OWNER_COMPANY, "東京電機", &id, &err),
		MM_ENOTFOUND);
	assert_null(strstr(err.msg, "did you mean"));
	/* groups too, in Japanese */
	i18n_set_lang(LANG_JA);
	assert_int_equal(report_find_owner(f->st, OWNER_GROUP, "3", &id, &err), MM_ENOTFOUND);
	assert_non_null(strstr(err.msg, "「3」というグループはありません"));
	i18n_set_lang(LANG_EN);
}

static void test_report_reads_only(void **state)
{
	fixture *f = *state;
	int64_t g1 = 0, company = 0;
	mm_error err;
	assert_int_equal(report_find_owner(f->st, OWNER_GROUP, "1", &g1, &err), MM_OK);
	assert_int_equal(report_find_owner(f->st, OWNER_COMPANY, "さくら精密工業", &company, &err),
		MM_OK);
	buf out = {0};
	/* nothing written yet: the title, that nothing is written, and what
	 * there is to write, session by session; and no sheet made */
	assert_int_equal(report_build(f->st, f->sc, "", OWNER_GROUP, g1, "md", &out, &err), MM_OK);
	char want[300];
	snprintf(want, sizeof want, "# %s — 1\n\n**Nothing written yet**\n\n## Not written yet\n\n",
		L(&f->sc->title));
	if (getenv("REPORT_DUMP"))
		fprintf(stderr, "%s", buf_str(&out));
	assert_true(strncmp(buf_str(&out), want, strlen(want)) == 0);
	assert_non_null(strstr(buf_str(&out), "\n- Session 5 Security standards and the asset ledger: Information asset ledger\n"));
	assert_null(strstr(buf_str(&out), "self-check")); /* a company's, not the group's */
	assert_int_equal(report_build(f->st, f->sc, "春の会", OWNER_COMPANY, company, "html", &out,
		&err), MM_OK);
	assert_non_null(strstr(buf_str(&out), "<!DOCTYPE html>"));
	assert_int_equal(tu_count(f->st, "SELECT count(*) FROM sheet"), 0);
	/* group 1 writes its ledger: it is in the group's and the company's report */
	const activity *ledger = scenario_find_activity(f->sc, "asset-ledger");
	sheet *s = NULL;
	assert_int_equal(sheet_open(f->st, ledger->storage, OWNER_GROUP, g1, &s, &err), MM_OK);
	const char **vals = calloc((size_t)ledger->storage->ncols + 1, sizeof *vals);
	vals[table_col_index(ledger->storage, "name")] = "顧客名簿";
	assert_int_equal(sheet_insert(f->st, s, 0, vals, NULL, NULL, &err), MM_OK);
	free(vals);
	sheet_free(s);
	long long changes = tu_count(f->st, "SELECT count(*) FROM change");
	buf_clear(&out);
	assert_int_equal(report_build(f->st, f->sc, "春の会", OWNER_GROUP, g1, "md", &out, &err),
		MM_OK);
	assert_non_null(strstr(buf_str(&out), "# 春の会 — 1\n\n## Session 5"));
	/* the session written is no longer among the missing ones */
	assert_null(strstr(buf_str(&out), "\n- Session 5 "));
	assert_non_null(strstr(buf_str(&out), "\n- Session 6 "));
	assert_non_null(strstr(buf_str(&out), "顧客名簿"));
	buf_clear(&out);
	assert_int_equal(report_build(f->st, f->sc, NULL, OWNER_COMPANY, company, NULL, &out, &err),
		MM_OK);
	assert_non_null(strstr(buf_str(&out), "顧客名簿"));
	assert_int_equal(tu_count(f->st, "SELECT count(*) FROM sheet"), 1);
	assert_int_equal(tu_count(f->st, "SELECT count(*) FROM change"), changes);
	/* only md and html */
	assert_int_equal(report_build(f->st, f->sc, NULL, OWNER_GROUP, g1, "csv", &out, &err),
		MM_EUSER);
	buf_free(&out);
}

/* The company's report carries its work as charts: the self-check by part
 * with its band, the hearing's radar, the risk heat map, the plan's
 * progress, the drill's timeline; Markdown has the same numbers as tables. */
static void test_company_report_charts(void **state)
{
	fixture *f = *state;
	mm_error err;
	int64_t g1 = 0, company = 0;
	assert_int_equal(report_find_owner(f->st, OWNER_GROUP, "1", &g1, &err), MM_OK);
	assert_int_equal(report_find_owner(f->st, OWNER_COMPANY, "さくら精密工業", &company, &err),
		MM_OK);
	/* self-check: part 1 (q01..q05) all in place, nothing else */
	answer(f->st, f->sc, "self-check", company, "q01=yes", "q02=yes", "q03=yes", "q04=yes",
		"q05=yes", NULL);
	/* the hearing: section scores 1..5 by hand */
	answer(f->st, f->sc, "visit-hearing", company, "org-policy=yes", "org#4", "assets#2",
		"network#5", "endpoints#1", "people#3", "response#0", NULL);
	/* visit 4: every section scored again, network down to 3 */
	visits *vis = visits_new(f->sc);
	assert_non_null(vis);
	const char *secs[6] = {"org", "assets", "network", "endpoints", "people", "response"};
	int v4[6] = {5, 4, 3, 3, 4, 2};
	for (int k = 0; k < 6; k++)
		if (visits_set_score(f->st, vis, company, 4, secs[k], v4[k], "seen on visit 4", &err)
			!= MM_OK)
			fail_msg("%s", err.msg);
	visits_free(vis);
	/* the group's ledger and a risk on it: importance 3, threat 3, vuln 3 */
	int64_t asset = add_row(f->st, f->sc, "asset-ledger", OWNER_GROUP, g1, "name", "顧客名簿",
		"c", "3", "i", "2", "a", "1", NULL);
	char ref[32];
	snprintf(ref, sizeof ref, "%lld", (long long)asset);
	add_row(f->st, f->sc, "risk-table", OWNER_GROUP, g1, "asset", ref, "scenario",
		"NAS encrypted by ransomware", "threat", "3", "vuln", "3", NULL);
	add_row(f->st, f->sc, "risk-table", OWNER_GROUP, g1, "asset", ref, "scenario",
		"Lost laptop", "threat", "1", "vuln", "2", NULL);
	/* the plan: one done, one in progress, two not started (one blank) */
	int64_t plan[4];
	plan[0] = add_row(f->st, f->sc, "improvement-plan", OWNER_COMPANY, company, "issue", "UTM",
		"status", "done", NULL);
	plan[1] = add_row(f->st, f->sc, "improvement-plan", OWNER_COMPANY, company, "issue",
		"Backups", "status", "doing", NULL);
	plan[2] = add_row(f->st, f->sc, "improvement-plan", OWNER_COMPANY, company, "issue", "Rules",
		"status", "todo", NULL);
	plan[3] = add_row(f->st, f->sc, "improvement-plan", OWNER_COMPANY, company, "issue",
		"Training", NULL);
	/* ...as the visits recorded it: all to do at visit 2; at visit 4 UTM
	 * done, backups under way (training not looked at again) */
	vis = visits_new(f->sc);
	for (int k = 0; k < 4; k++)
		assert_int_equal(visits_set_status(f->st, vis, company, plan[k], 2, "todo", "2026-01-10",
			NULL, &err), MM_OK);
	const char *at4[3] = {"done", "doing", "todo"};
	for (int k = 0; k < 3; k++)
		assert_int_equal(visits_set_status(f->st, vis, company, plan[k], 4, at4[k], "2026-03-10",
			NULL, &err), MM_OK);
	visits_free(vis);
	/* the drill: started, the first inject out, one decision on it */
	const activity *drill = scenario_find_activity(f->sc, "ransomware-drill");
	assert_int_equal(drill_start(f->st, drill, &err), MM_OK);
	int which;
	assert_int_equal(drill_next(f->st, drill, &which, &err), MM_OK);
	const drill_def *dd = drill_of(drill);
	sheet *log = NULL;
	assert_int_equal(sheet_open(f->st, dd->log, OWNER_GROUP, g1, &log, &err), MM_OK);
	const char *lv[6] = {"00:03", dd->injects[0].id, "ceo", "Pull the NAS <cable> & call IT",
		"", NULL};
	assert_int_equal(sheet_insert(f->st, log, 0, lv, NULL, NULL, &err), MM_OK);
	sheet_free(log);

	buf out = {0};
	assert_int_equal(report_build(f->st, f->sc, "", OWNER_COMPANY, company, "html", &out, &err),
		MM_OK);
	const char *html = buf_str(&out);
	if (getenv("REPORT_DUMP"))
		tu_write_file(getenv("REPORT_DUMP"), html, out.len);
	const char *why = xc_check(html, true);
	if (why)
		fail_msg("report not well formed: %s", why);
	/* self-contained: no script, no link, no external reference */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "src="));
	assert_non_null(strstr(html, "Noto Sans CJK JP"));
	assert_non_null(strstr(html, "@media print"));
	/* five charts, the risk table's own progress (its status column), and
	 * the radar and the plan's progress again at a glance on top */
	assert_int_equal(xc_count(html, "<svg "), 8);
	const char *glance = strstr(html, "<section class=\"glance\">");
	assert_non_null(glance);
	assert_true(glance < strstr(html, "<section class=\"session\">"));
	assert_non_null(strstr(glance, "class=\"chart radar\""));
	/* self-check: part 1 is 100% and "Achieved"; the total 20 of 100 "At risk" */
	const char *bars = strstr(html, "class=\"chart bars\"");
	assert_non_null(bars);
	const char *bar = xc_find(bars, "class=\"bar\"");
	assert_true(fabs(xc_attr(bar, "width", NULL, 0) - SVG_BARS_LEN) < 0.06);
	assert_non_null(strstr(bars, ">100%  Achieved</text>"));
	assert_non_null(strstr(bars, ">20%  At risk</text>"));
	/* the radar: "network" scored 5 lands on the rim of its axis (the third of six) */
	const char *radar_at = strstr(html, "class=\"chart radar\"");
	assert_non_null(radar_at);
	char *radar = strndup(radar_at, (size_t)(strstr(radar_at, "</svg>") - radar_at));
	assert_non_null(strstr(radar, ">Visit 1</text>"));
	assert_non_null(strstr(radar, ">Visit 4</text>"));
	assert_null(strstr(radar, ">Visit 2</text>")); /* nobody scored visits 2 and 3 */
	assert_non_null(strstr(radar, "class=\"series s1\""));
	assert_null(strstr(radar, "class=\"series s2\""));
	char d[1024];
	xc_attr(xc_find(radar, "class=\"series s0\""), "d", d, sizeof d);
	/* the third point of visit 1's path: network, 5 on the rim */
	const char *p = d;
	double x = 0, y = 0;
	for (int i = 0; i < 3; i++) {
		p += strcspn(p, "ML");
		assert_true(*p);
		x = strtod(p + 1, (char **)&p);
		y = strtod(p, (char **)&p);
	}
	assert_true(fabs(x - (SVG_RADAR_CX + SVG_RADAR_R * sin(2 * 3.14159265358979 / 3))) < 0.06);
	assert_true(fabs(y - (SVG_RADAR_CY - SVG_RADAR_R * cos(2 * 3.14159265358979 / 3))) < 0.06);
	free(radar);
	/* the heat map: one risk at likelihood 3 × importance 3, one at 1 × 3 */
	const char *heat = strstr(html, "class=\"chart heat\"");
	assert_non_null(heat);
	const char *cell = xc_find(heat, "data-x=\"3\" data-y=\"3\"");
	assert_non_null(cell);
	assert_true(strncmp(strstr(cell, "class=\"count\""), "class=\"count\" font-size=\"17\" "
		"font-weight=\"bold\">1<", 50) == 0);
	assert_int_equal(xc_count(heat, "class=\"count\""), 2);
	/* the plan's progress: 2 of 4 not started, 1 in progress, 1 done */
	const char *prog_at = strstr(html, "Improvement plan: progress");
	assert_non_null(prog_at);
	char *prog = strndup(prog_at, (size_t)(strstr(prog_at, "</svg>") - prog_at));
	assert_non_null(strstr(prog, "Not started  2（50%）"));
	assert_non_null(strstr(prog, "Done  1（25%）"));
	/* a bar per visit from the first status recorded: 2, 3 (as 2), 4 */
	assert_non_null(strstr(prog, ">Visit 2</text>"));
	assert_non_null(strstr(prog, ">Visit 3</text>"));
	assert_non_null(strstr(prog, ">Visit 4</text>"));
	assert_null(strstr(prog, ">Visit 1</text>"));
	free(prog);
	/* the drill: the inject and the decision, escaped */
	const char *tl = strstr(html, "class=\"chart timeline\"");
	assert_non_null(tl);
	assert_non_null(strstr(tl, ">00:03</text>"));
	assert_non_null(strstr(tl, "Pull the NAS &lt;cable&gt; &amp; call IT"));
	/* each written session is its own section (a printed page each) */
	assert_int_equal(xc_count(html, "<section class=\"session\">"), 6);

	/* Markdown: the same numbers as tables, no SVG */
	buf_clear(&out);
	assert_int_equal(report_build(f->st, f->sc, "", OWNER_COMPANY, company, "md", &out, &err),
		MM_OK);
	const char *md = buf_str(&out);
	if (getenv("REPORT_DUMP_MD"))
		tu_write_file(getenv("REPORT_DUMP_MD"), md, out.len);
	assert_null(strstr(md, "<svg"));
	/* at a glance: the self-check, the scores first and last, the plan */
	assert_non_null(strstr(md, "\n## At a glance\n\n- Information security self-check (25 items): "
		"20 of 100 points (At risk: an incident could happen any time. Improve now)\n"));
	assert_non_null(strstr(md, "\n- Hearing sheet (6 sections, 23 items): Visit 1 total 15 → "
		"Visit 4 total 21 (of 30)\n"));
	assert_non_null(strstr(md, "\n- Improvement plan: 4 items — Not started 2, In progress 1, "
		"Done 1\n"));
	assert_non_null(strstr(md, "| Part 1: Basic measures | 100% | Achieved |"));
	assert_non_null(strstr(md, "| Total | 20% | At risk |"));
	assert_non_null(strstr(md, "| Section | Visit 1 | Visit 4 |"));
	assert_non_null(strstr(md, "| 3 Network | 5 / 5 | 3 / 5 |"));
	assert_non_null(strstr(md, "| 6 Incident response and continuity | 0 / 5 | 2 / 5 |"));
	assert_non_null(strstr(md, "| Status | Visit 2 | Visit 3 | Visit 4 |"));
	assert_non_null(strstr(md, "| Not started | 4（100%） | 4（100%） | 2（50%） |"));
	assert_non_null(strstr(md, "| Done | 0（0%） | 0（0%） | 1（25%） |"));
	/* a table without visits: one column of counts */
	assert_non_null(strstr(md, "| Status | Count |\n| --- | --- |\n| Not started | 2（100%） |"));
	assert_non_null(strstr(md, "| 3 | 1（Low） |  | 1（High） |\n| 2 |  |  |  |\n"));
	/* a part nobody answered has no score, not 0% */
	assert_non_null(strstr(md, "| Part 2: Measures for every employee | — | — |"));
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_owner_exact_and_suggestions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_reads_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_company_report_charts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
