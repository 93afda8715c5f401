/* demo_visits.c — believable visits for one company per group of the demo
 * (株式会社さくら精密's visits 1..4 as before, three more with visits 1..4
 * and one with visit 1 and its plan; each story is data below),
 * written through the calls a user's edits use (checklist_set for the
 * hearing, the worked example for the plan, visits_set_score,
 * visits_set_status, visits_set_areas): the hearing improves from visit to
 * visit, so the scores rise, and the plan's items move to done. */
#include "visits.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sheet.h"

#include "i18n.h"
#include "store.h"

#define NPLAN 7 /* the worked example's items */

/* One visited company's story, as data: the hearing's answers per section
 * at visits 1, 3 and 4, one letter per item: y yes, p partly, n no, u don't
 * know (the bundled hearing's values; items past the end: n); a score one
 * point under the suggestion, with its reason, at visit 1 and at the last
 * visit; and per plan item (in the worked example's order) its status at
 * visits 2, 3 and 4 (NULL: not recorded), a note at visit 3 and 4, and its
 * areas. LAST is the last visit held (4, or 2: the plan just made). */
typedef struct plan_line {
	const char *status[3];
	const char *note3, *note4;
	const char *areas[3];
} plan_line;

typedef struct visit_story {
	const char *company;
	int last;
	const char *answers[3][6];
	const char *override1, *reason1, *override4, *reason4;
	plan_line plan[NPLAN];
	/* the company's own words for the worked example's items (issue,
	 * action; NULL: the example's, which is this company's) */
	const char *own[NPLAN][2];
} visit_story;

static const visit_story stories[] = {
{"株式会社さくら精密", 4,
	{/* visit 1 */ {"pnnn", "pnnu", "yppn", "ypnn", "nnu", "pnnn"},
	/* visit 3 */ {"ypnn", "ppnu", "yypn", "yypn", "pnp", "yppn"},
	/* visit 4 */ {"yypp", "yppn", "yyyp", "yyyp", "ypy", "yypp"}},
	"network", "UTMはあるが、ファームウェアが2年前のままなので1点下げた",
	"assets", "台帳の登録がまだ途中のため、回答からの目安より1点低くした",
	{
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
	}},
/* a care service: steady progress, but its vendors section stalls */
{"株式会社しらゆり介護サービス", 4,
	{{"nnnn", "pnnn", "ppnn", "pnnn", "pnn", "nnnn"},
	{"ppnn", "ppnn", "yppn", "ppnn", "pnn", "ppnn"},
	{"yypn", "yppn", "yypp", "yppn", "pnn", "yppn"}},
	NULL, NULL,
	"response", "手順書はできたが、夜勤帯で訓練をしていないため1点下げた",
	{
	{{"todo", "doing", "done"}, "理事会で方針の案を読み合わせた", "全事業所に掲示した",
		{"organisation", NULL, NULL}},
	{{"todo", "todo", "todo"}, "介護記録システムの確認を優先", "来年度に回す",
		{"assets", NULL, NULL}},
	{{"todo", "doing", "done"}, "事業所間のVPNを見直し中", "Wi-Fiを職員用と利用者用に分けた",
		{"network", NULL, NULL}},
	{{"doing", "done", "done"}, "共用IDを個人のIDに切り替えた", "退職時の手順に入れた",
		{"endpoint", NULL, NULL}},
	{{"todo", "todo", "doing"}, "タブレットの更新が先", "管理者だけ設定した",
		{"network", "endpoint", NULL}},
	{{"todo", "doing", "done"}, "新人研修に10分の枠を取った", "全職員が動画教材を見た",
		{"awareness", NULL, NULL}},
	{{"todo", "todo", "doing"}, "クラウドの契約内容を確認中", "毎週の取得だけ始めた",
		{"backup", NULL, NULL}},
	},
	{
		{"情報セキュリティの方針がなく、事業所ごとにやり方が違う", "理事長を責任者に、全事業所で共通の基本方針を1枚にまとめる"},
		{"利用者の記録がどこに何があるか一覧がない", "介護記録システムと紙の記録を台帳に登録する"},
		{"事業所間のVPNとWi-Fiの設定が古い", "VPNを見直し、Wi-Fiを職員用と利用者用に分ける"},
		{"タブレットを共用のIDで使っている", "職員ごとのIDに切り替え、退職時に止める"},
		{"クラウドの記録システムに多要素認証がない", "管理者から順に多要素認証を設定する"},
		{"夜勤の職員まで教育が届いていない", "新人研修と動画教材で全職員に教育する"},
		{"記録のバックアップを業者任せにしている", "契約内容を確かめ、毎週の取得と復元の試験をする"}
	}},
/* a textile maker: slow start, a big jump at visit 4 */
{"株式会社こまち繊維", 4,
	{{"pnnu", "nnnu", "pnnn", "ppnn", "nnu", "pnnn"},
	{"pnnu", "pnnn", "ppnn", "ppnn", "pnn", "pnnn"},
	{"yyyp", "ypnn", "yyyn", "yypn", "ypp", "yypn"}},
	"endpoints", "工場のPCの一部は確認できていないため1点下げた",
	NULL, NULL,
	{
	{{"todo", "todo", "done"}, "社長の了解待ち", "社長名で方針を出した",
		{"organisation", NULL, NULL}},
	{{"todo", "todo", "doing"}, "手が回っていない", "生産管理のデータまで登録した",
		{"assets", NULL, NULL}},
	{{"todo", "doing", "done"}, "UTMの見積もりを取った", "UTMを入れた",
		{"network", NULL, NULL}},
	{{"todo", "done", "done"}, "パスワードの使い回しをやめた", "運用中",
		{"organisation", NULL, NULL}},
	{{"todo", "todo", "done"}, "対象のサービスを洗い出した", "メールと会計で設定した",
		{"network", NULL, NULL}},
	{{"todo", "todo", "done"}, "朝礼で偽メールの例を紹介", "全員に教育をした",
		{"awareness", NULL, NULL}},
	{{"todo", "todo", "deferred"}, "外付けディスクを検討", "予算の都合で来年度に",
		{"backup", NULL, NULL}},
	},
	{
		{"情報セキュリティの責任者が決まっていない", "社長名で方針を出し、工場長を担当者にする"},
		{"生産管理と設計のデータの置き場がばらばら", "台帳を作り、重要なデータの置き場を決める"},
		{"インターネットの出入口に機器がない", "UTMを入れ、設定を業者と確認する"},
		{"パスワードを使い回している", "共用パスワードをやめ、一人一つのIDにする"},
		{"メールと会計のクラウドに多要素認証がない", "メールと会計から多要素認証を設定する"},
		{"偽メールを見分ける教育をしていない", "朝礼で例を見せ、全員に教育をする"},
		{"サーバーのバックアップがない", "外付けディスクに毎日バックアップを取る"}
	}},
/* a software house: already good, rises a little */
{"株式会社かがやきIT", 4,
	{{"yypn", "yppn", "yypp", "yypn", "ypp", "ypnn"},
	{"yyyp", "yypn", "yyyp", "yyyp", "ypp", "yypn"},
	{"yyyy", "yyyp", "yyyy", "yyyp", "yyp", "yyyp"}},
	NULL, NULL,
	"org", "委託先との契約の見直しが一部残るため1点下げた",
	{
	{{"done", "done", "done"}, "既存の規程を見直した", "年1回の見直しを決めた",
		{"organisation", NULL, NULL}},
	{{"doing", "done", "done"}, "ソースコードと顧客データを登録した", "運用中",
		{"assets", NULL, NULL}},
	{{"todo", "doing", "done"}, "VPNの多要素認証を準備中", "VPNとクラウドで多要素認証",
		{"network", NULL, NULL}},
	{{"todo", "doing", "done"}, "MDMの試用を始めた", "全端末をMDMで管理",
		{"endpoint", NULL, NULL}},
	{{"done", "done", "done"}, "設定済み", "運用中",
		{"network", "endpoint", NULL}},
	{{"todo", "done", "done"}, "偽メール訓練を1回した", "開封率が12%から4%に下がった",
		{"awareness", NULL, NULL}},
	{{"doing", "doing", "doing"}, "復元の手順を書いた", "委託先との取り決めを見直し中",
		{"backup", "incident", "vendors"}},
	},
	{
		{"規程はあるが何年も見直していない", "規程を見直し、年1回の見直しを決める"},
		{"ソースコードと顧客データが台帳にない", "リポジトリと顧客データを台帳に登録する"},
		{"VPNがパスワードだけで入れる", "VPNとクラウドに多要素認証を入れる"},
		{"社員の端末の状態がわからない", "MDMで全端末の更新と暗号化を管理する"},
		{"開発用のクラウドの管理者アカウントが共用", "管理者を個人アカウントにし、多要素認証をかける"},
		{"偽メール訓練をしたことがない", "年2回の偽メール訓練をする"},
		{"委託先に預けたデータの戻し方が決まっていない", "復元の手順を書き、委託先との取り決めを見直す"}
	}},
/* a haulier: visit 1 and the plan at visit 2 only */
{"株式会社はやて運送", 2,
	{{"pnnn", "pnnn", "ppnn", "pnnn", "nnn", "nnnn"}, {0}, {0}},
	"network", "車載端末の通信を確認できていないため1点下げた",
	NULL, NULL,
	{
	{{"todo", NULL, NULL}, NULL, NULL, {"organisation", NULL, NULL}},
	{{"todo", NULL, NULL}, NULL, NULL, {"assets", NULL, NULL}},
	{{"doing", NULL, NULL}, NULL, NULL, {"network", NULL, NULL}},
	{{"todo", NULL, NULL}, NULL, NULL, {"organisation", NULL, NULL}},
	{{"todo", NULL, NULL}, NULL, NULL, {"network", NULL, NULL}},
	{{"todo", NULL, NULL}, NULL, NULL, {"physical", NULL, NULL}},
	{{"todo", NULL, NULL}, NULL, NULL, {"backup", NULL, NULL}},
	},
	{
		{"情報セキュリティの担当者がいない", "総務部長を担当者にし、基本方針を作る"},
		{"配車システムと顧客の情報の一覧がない", "台帳を作り、配車データから登録する"},
		{"営業所のルーターが買ったときのまま", "ルーターを更新し、管理画面のパスワードを変える"},
		{"ドライバーのスマホに会社のメールが入っている", "私物スマホのルールを決める"},
		{"車載端末の通信がどこにつながるかわからない", "メーカーに通信先と更新方法を確かめる"},
		{"事務所の鍵と書類棚の管理があいまい", "書類棚に鍵をかけ、鍵の持ち出しを記録する"},
		{"配車データのバックアップがない", "毎日クラウドにバックアップを取る"}
	}},
};
#define NSTORIES ((int)(sizeof stories / sizeof stories[0]))

static const char *answer_value(char c)
{
	switch (c) {
	case 'y': return "yes";
	case 'p': return "partly";
	case 'u': return "unknown";
	default: return "no";
	}
}

static mm_status answer_hearing(store *st, const visits *v, const visit_story *vs,
	int64_t company, int stage, mm_error *err)
{
	const checklist_def *d = visits_hearing_def(v);
	sheet *s = NULL;
	mm_status rc = sheet_open(st, visits_hearing(v)->storage, OWNER_COMPANY, company, &s, err);
	for (int si = 0; rc == MM_OK && si < d->nsections; si++) {
		const char *pat = si < 6 && vs->answers[stage][si] ? vs->answers[stage][si] : "";
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

static mm_status fill_plan(store *st, const visits *v, const visit_story *vs,
	int64_t company, int stage, mm_error *err)
{
	visit_plan_item *items = NULL;
	int n = 0;
	mm_status rc = visits_plan(st, v, company, &items, &n, err);
	int visit = stage + 2;
	for (int k = 0; rc == MM_OK && k < n && k < NPLAN; k++) {
		const char *status = vs->plan[k].status[stage];
		if (status && has_status(v, status)) {
			const char *note = stage == 1 ? vs->plan[k].note3
				: stage == 2 ? vs->plan[k].note4 : NULL;
			rc = visits_set_status(st, v, company, items[k].row, visit, status,
				visit_dates[visit - 1], note, err);
		}
		if (rc == MM_OK && stage == 0) {
			const char *areas[3];
			int na = 0;
			for (int a = 0; a < 3 && vs->plan[k].areas[a]; a++)
				if (has_area(v, vs->plan[k].areas[a]))
					areas[na++] = vs->plan[k].areas[a];
			if (na > 0)
				rc = visits_set_areas(st, v, company, items[k].row, areas, na, err);
		}
	}
	visits_plan_free(items, n, visits_count(v));
	return rc;
}

/* The worked example's items put in the company's own words, as a group
 * edits the rows it loaded: issue and action rewritten, the example's
 * progress notes (another company's) cleared. */
static mm_status own_words(store *st, sheet *ps, const visit_story *vs, mm_error *err)
{
	static const char *const cols[3] = {"issue", "action", "progress"};
	mm_status rc = MM_OK;
	for (int k = 0; k < NPLAN && k < ps->nrows && rc == MM_OK; k++) {
		if (!vs->own[k][0])
			continue;
		int64_t id = ps->rows[k].id;
		for (int c = 0; c < 3 && rc == MM_OK; c++) {
			int col = table_col_index(ps->def, cols[c]);
			int r = sheet_row_index(ps, id);
			if (col < 0 || r < 0)
				continue;
			char *stored = NULL;
			rc = column_parse(&ps->def->cols[col], c < 2 ? vs->own[k][c] : "", &stored, err);
			if (rc == MM_OK)
				rc = sheet_set(st, ps, id, col, stored, ps->rows[r].cells[col].version, NULL,
					NULL, err);
			free(stored);
		}
	}
	return rc;
}

static mm_status fill_story(store *st, const visits *v, const visit_story *vs,
	int64_t company, mm_error *err)
{
	mm_status rc = answer_hearing(st, v, vs, company, 0, err);
	if (rc == MM_OK)
		rc = score_visit(st, v, company, 1, vs->override1, vs->reason1, err);
	/* visit 2: the plan, from the worked example */
	const activity *plan = visits_plan_activity(v);
	if (rc == MM_OK && plan && plan->table->nexample > 0 && visits_count(v) >= 4) {
		sheet *ps = NULL;
		rc = sheet_open(st, plan->storage, OWNER_COMPANY, company, &ps, err);
		if (rc == MM_OK)
			rc = sheet_load_example_as(st, ps, true, NULL, err);
		if (rc == MM_OK)
			rc = own_words(st, ps, vs, err);
		sheet_free(ps);
		if (rc == MM_OK)
			rc = fill_plan(st, v, vs, company, 0, err);
		if (vs->last < 4)
			return rc;
		/* visit 3: progress */
		if (rc == MM_OK)
			rc = answer_hearing(st, v, vs, company, 1, err);
		if (rc == MM_OK)
			rc = score_visit(st, v, company, 3, NULL, NULL, err);
		if (rc == MM_OK)
			rc = fill_plan(st, v, vs, company, 1, err);
		/* visit 4: results */
		if (rc == MM_OK)
			rc = answer_hearing(st, v, vs, company, 2, err);
		if (rc == MM_OK)
			rc = score_visit(st, v, company, 4, vs->override4, vs->reason4, err);
		if (rc == MM_OK)
			rc = fill_plan(st, v, vs, company, 2, err);
	}
	return rc;
}

mm_status visits_demo_fill(store *st, const scenario *sc, int64_t company, mm_error *err)
{
	visits *v = visits_new(sc);
	if (!v)
		return mm_fail(err, MM_EUSER, "%s", tr(M_VISITS_NO_VISITS));
	mm_status rc = fill_story(st, v, &stories[0], company, err);
	visits_free(v);
	return rc;
}

mm_status visits_demo_fill_others(store *st, const scenario *sc, mm_error *err)
{
	visits *v = visits_new(sc);
	if (!v)
		return mm_fail(err, MM_EUSER, "%s", tr(M_VISITS_NO_VISITS));
	mm_status rc = MM_OK;
	for (int k = 1; k < NSTORIES && rc == MM_OK; k++) {
		int64_t cid = 0;
		rc = store_find(st, 1, stories[k].company, 0, &cid, err);
		if (rc != MM_OK || !cid)
			continue; /* a roster without this company: nothing to fill */
		char *group = store_name_of(st, 0, store_company_group(st, cid));
		rc = store_set_role(st, ROLE_GROUP, group, err);
		if (rc == MM_OK)
			rc = fill_story(st, v, &stories[k], cid, err);
		free(group);
	}
	visits_free(v);
	return rc;
}
