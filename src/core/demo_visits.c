/* demo_visits.c — believable visits 1..4 for one company of the demo,
 * written through the calls a user's edits use (checklist_set for the
 * hearing, the worked example for the plan, visits_set_score,
 * visits_set_status, visits_set_areas): the hearing improves from visit to
 * visit, so the scores rise, and the plan's items move to done. */
#include "visits.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sheet.h"

/* Answers per section and visit, one letter per item: y yes, p partly,
 * n no, u don't know (the bundled hearing's values); items past the end: n. */
static const char *const answers_at[3][6] = {
	/* visit 1 */ {"pnnn", "pnnu", "yppn", "ypnn", "nnu", "pnnn"},
	/* visit 3 */ {"ypnn", "ppnu", "yypn", "yypn", "pnp", "yppn"},
	/* visit 4 */ {"yypp", "yppn", "yyyp", "yyyp", "ypy", "yypp"},
};

static const char *answer_value(char c)
{
	switch (c) {
	case 'y': return "yes";
	case 'p': return "partly";
	case 'u': return "unknown";
	default: return "no";
	}
}

static mm_status answer_hearing(store *st, const visits *v, int64_t company, int stage,
	mm_error *err)
{
	const checklist_def *d = visits_hearing_def(v);
	sheet *s = NULL;
	mm_status rc = sheet_open(st, visits_hearing(v)->storage, OWNER_COMPANY, company, &s, err);
	for (int si = 0; rc == MM_OK && si < d->nsections; si++) {
		const char *pat = si < 6 ? answers_at[stage][si] : "";
		const checklist_section *sec = &d->sections[si];
		for (int i = 0; rc == MM_OK && i < sec->nitems; i++) {
			const char *val = answer_value(i < (int)strlen(pat) ? pat[i] : 'n');
			if (!checklist_answer_by_value(d, val))
				continue;
			const char *id = d->items[sec->first + i].id;
			int r = checklist_row_of(d, s, id);
			const char *now = r >= 0 ? s->rows[r].cells[d->col_answer].value : NULL;
			if (now && strcmp(now, val) == 0)
				continue;
			rc = checklist_set(st, s, d, id, d->col_answer, val, -1, NULL, NULL, err);
		}
	}
	sheet_free(s);
	return rc;
}

/* Scores every section at VISIT as suggested; OVERRIDE (a section id or
 * NULL) one point lower, with REASON. */
static mm_status score_visit(store *st, const visits *v, int64_t company, int visit,
	const char *override, const char *reason, mm_error *err)
{
	int ns = visits_nsections(v);
	visit_score *sc = xcalloc((size_t)ns, sizeof *sc);
	mm_status rc = visits_scores(st, v, company, visit, sc, err);
	for (int s = 0; rc == MM_OK && s < ns; s++) {
		int score = sc[s].suggested < 0 ? 0 : sc[s].suggested;
		const char *why = NULL;
		if (override && strcmp(sc[s].section, override) == 0 && score > 0) {
			score--;
			why = reason;
		}
		rc = visits_set_score(st, v, company, visit, sc[s].section, score, why, err);
	}
	visit_scores_free(sc, ns);
	free(sc);
	return rc;
}

/* Per plan item (in the worked example's order): its status at visits 2, 3
 * and 4 (NULL: not recorded), a note at visit 3 and 4, and its areas. */
static const struct {
	const char *status[3];
	const char *note3, *note4;
	const char *areas[3];
} plan_story[] = {
	{{"todo", "doing", "done"}, "ひな形から方針の案ができた", "3月の朝礼で社長が説明し、全員に配った",
		{"organisation", NULL, NULL}},
	{{"todo", "todo", "doing"}, "多要素認証を先にしたため未着手", "NASの図面と顧客台帳まで登録した",
		{"assets", NULL, NULL}},
	{{"todo", "deferred", "deferred"}, "今年度の予算に収まらず見送り", "来年度の計画に入れた",
		{"network", NULL, NULL}},
	{{"todo", "done", "done"}, "退職者のアカウント4件を削除した", "退職時のチェックリストで運用中",
		{"endpoint", "organisation", NULL}},
	{{"todo", "doing", "done"}, "30名中22名が設定済み", "全員の設定が終わった",
		{"endpoint", "network", NULL}},
	{{"todo", "todo", "done"}, "教材の偽メールを選んだ", "全員に30分の教育をした",
		{"awareness", NULL, NULL}},
	{{"doing", "doing", "done"}, "ディスク2台で入れ替えを始めた", "戻す試験をして、30分で戻せた",
		{"backup", "incident", NULL}},
};
#define NSTORY ((int)(sizeof plan_story / sizeof plan_story[0]))

static const char *const visit_dates[4] = {"2026-10-15", "2026-11-19", "2027-01-14",
	"2027-02-25"};

static bool has_area(const visits *v, const char *value)
{
	int n;
	const col_option *o = visits_areas(v, &n);
	for (int k = 0; k < n; k++)
		if (strcmp(o[k].value, value) == 0)
			return true;
	return false;
}

static bool has_status(const visits *v, const char *value)
{
	int n;
	const col_option *o = visits_statuses(v, &n);
	for (int k = 0; k < n; k++)
		if (strcmp(o[k].value, value) == 0)
			return true;
	return false;
}

static mm_status fill_plan(store *st, const visits *v, int64_t company, int stage,
	mm_error *err)
{
	visit_plan_item *items = NULL;
	int n = 0;
	mm_status rc = visits_plan(st, v, company, &items, &n, err);
	int visit = stage + 2;
	for (int k = 0; rc == MM_OK && k < n && k < NSTORY; k++) {
		const char *status = plan_story[k].status[stage];
		if (status && has_status(v, status)) {
			const char *note = stage == 1 ? plan_story[k].note3
				: stage == 2 ? plan_story[k].note4 : NULL;
			rc = visits_set_status(st, v, company, items[k].row, visit, status,
				visit_dates[visit - 1], note, err);
		}
		if (rc == MM_OK && stage == 0) {
			const char *areas[3];
			int na = 0;
			for (int a = 0; a < 3 && plan_story[k].areas[a]; a++)
				if (has_area(v, plan_story[k].areas[a]))
					areas[na++] = plan_story[k].areas[a];
			if (na > 0)
				rc = visits_set_areas(st, v, company, items[k].row, areas, na, err);
		}
	}
	visits_plan_free(items, n, visits_count(v));
	return rc;
}

mm_status visits_demo_fill(store *st, const scenario *sc, int64_t company, mm_error *err)
{
	visits *v = visits_new(sc);
	if (!v)
		return mm_fail(err, MM_EUSER, "%s", tr(M_VISITS_NO_VISITS));
	mm_status rc = answer_hearing(st, v, company, 0, err);
	if (rc == MM_OK)
		rc = score_visit(st, v, company, 1, "network", "UTMはあるが、ファームウェアが"
			"2年前のままなので1点下げた", err);
	/* visit 2: the plan, from the worked example */
	const activity *plan = visits_plan_activity(v);
	if (rc == MM_OK && plan && plan->table->nexample > 0 && visits_count(v) >= 4) {
		sheet *ps = NULL;
		rc = sheet_open(st, plan->storage, OWNER_COMPANY, company, &ps, err);
		if (rc == MM_OK)
			rc = sheet_load_example_as(st, ps, true, NULL, err);
		sheet_free(ps);
		if (rc == MM_OK)
			rc = fill_plan(st, v, company, 0, err);
		/* visit 3: progress */
		if (rc == MM_OK)
			rc = answer_hearing(st, v, company, 1, err);
		if (rc == MM_OK)
			rc = score_visit(st, v, company, 3, NULL, NULL, err);
		if (rc == MM_OK)
			rc = fill_plan(st, v, company, 1, err);
		/* visit 4: results */
		if (rc == MM_OK)
			rc = answer_hearing(st, v, company, 2, err);
		if (rc == MM_OK)
			rc = score_visit(st, v, company, 4, "assets", "台帳の登録がまだ途中のため、"
				"回答からの目安より1点低くした", err);
		if (rc == MM_OK)
			rc = fill_plan(st, v, company, 2, err);
	}
	visits_free(v);
	return rc;
}
