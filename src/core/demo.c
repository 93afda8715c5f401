#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "bundled.h"
#include "scenario.h"

const bundled_file *bundled_find(const char *name)
{
	for (const bundled_file *f = bundled_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* Data files of the bundled program come from the binary too. */
static char *read_bundled(void *ctx, const char *rel, size_t *n, char *why, size_t whysz)
{
	(void)ctx;
	char name[256];
	static const char prefix[] = "../data/";
	size_t plen = sizeof prefix - 1;
	name[0] = '\0';
	if (strlen(rel) > plen && memcmp(rel, prefix, plen) == 0) {
		const char *rest = rel + plen;
		if (!strstr(rest, ".."))
			snprintf(name, sizeof name, "data/%s", rest);
	} else if (!strchr(rel, '/')) {
		snprintf(name, sizeof name, "scenarios/%s", rel);
	}
	const bundled_file *f = name[0] ? bundled_find(name) : NULL;
	if (!f) {
		snprintf(why, whysz, tr(M_V_NO_BUNDLED_DATA), rel);
		return NULL;
	}
	*n = f->len;
	return xstrndup(f->text, f->len);
}

mm_status bundled_program(char **text, mm_error *err)
{
	*text = NULL;
	const bundled_file *f = bundled_find(BUNDLED_PROGRAM);
	if (!f)
		return mm_fail(err, MM_EIO, "%s", tr(M_BUNDLED_MISSING));
	buf errs = {0};
	scenario *sc = NULL;
	char *expanded = NULL;
	mm_status rc = scenario_parse_ex(BUNDLED_PROGRAM, f->text, f->len, read_bundled, NULL, &sc,
		&expanded, &errs, NULL);
	if (rc != MM_OK) {
		mm_fail(err, MM_EUSER, tr(M_BUNDLED_INVALID), buf_str(&errs));
	} else {
		*text = xstrdup(expanded);
	}
	cJSON_free(expanded);
	scenario_free(sc);
	buf_free(&errs);
	return rc;
}

mm_status workshop_init(store *st, const char *title, const char *scenario_json, int ngroups,
	mm_error *err)
{
	buf errs = {0};
	scenario *sc = NULL;
	int nerrs = 0;
	if (scenario_parse("scenario", scenario_json, strlen(scenario_json), &sc, &errs, &nerrs)
		!= MM_OK) {
		mm_fail(err, MM_EUSER, tr(M_SCENARIO_INVALID), buf_str(&errs));
		buf_free(&errs);
		return MM_EUSER;
	}
	buf_free(&errs);
	mm_status rc = store_workshop_create(st, title ? title : "",
		scenario_json, ngroups, err);
	scenario_free(sc);
	return rc;
}

/* Fictional companies: name, industry, staff. No real company is meant. */
static const struct {
	const char *name, *industry;
	int staff;
} companies[DEMO_GROUPS * DEMO_PER_GROUP] = {
	{"株式会社さくら精密", "金属加工", 28},
	{"有限会社みなと印刷", "印刷", 12},
	{"株式会社あおば会計事務所", "会計", 9},
	{"ひかり物流株式会社", "運輸", 45},
	{"株式会社つばめ食品", "食品製造", 60},
	{"合同会社ことの葉デザイン", "デザイン", 6},
	{"株式会社かえで工務店", "建設", 22},
	{"株式会社しらゆり介護サービス", "介護", 80},
	{"あさひ電子工業株式会社", "電子部品", 35},
	{"有限会社やまびこ酒店", "小売", 8},
	{"株式会社いろは不動産", "不動産", 15},
	{"株式会社ほたる歯科クリニック", "医療", 18},
	{"株式会社すずらん商事", "卸売", 40},
	{"株式会社みずほ野旅館", "宿泊", 25},
	{"株式会社こまち繊維", "繊維", 33},
	{"株式会社ふじみ測量", "測量", 11},
	{"株式会社あけぼの保育園", "保育", 20},
	{"株式会社たちばな法務事務所", "士業", 7},
	{"株式会社はなみずき薬局", "薬局", 16},
	{"株式会社ゆうなぎ水産", "水産加工", 42},
	{"株式会社ときわ自動車整備", "自動車整備", 14},
	{"株式会社かがやきIT", "ソフトウェア", 19},
	{"株式会社ささの葉製菓", "菓子製造", 31},
	{"株式会社みどり造園", "造園", 10},
	{"株式会社いずみ税理士法人", "税理士", 13},
	{"株式会社こはく家具", "家具製造", 26},
	{"株式会社はやて運送", "運輸", 38},
	{"株式会社ひまわり学習塾", "教育", 17},
	{"株式会社しおさい観光", "観光", 21},
	{"株式会社くすのき建材", "建材卸", 29},
};

static const char *const family[] = {
	"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
	"吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水",
	"山崎", "森", "池田", "橋本", "阿部", "石川", "山下", "中島", "石井", "小川",
};
static const char *const given[] = {
	"健一", "美咲", "大輔", "陽子", "翔太", "由美", "拓也", "恵", "直樹", "彩",
	"誠", "真由美", "亮", "香織", "浩二", "舞", "学", "千尋", "聡", "理恵",
	"剛", "愛", "修", "裕子", "隆", "沙織", "和也", "智子", "勇気", "奈々",
};
static const char *const roles[] = {
	"情報システム担当", "総務部長", "経営者", "経理担当", "営業課長", "製造主任",
};

mm_status demo_populate(store *st, mm_error *err)
{
	char *text;
	mm_status rc = bundled_program(&text, err);
	if (rc != MM_OK)
		return rc;
	rc = workshop_init(st, NULL, text, DEMO_GROUPS, err);
	free(text);
	if (rc != MM_OK)
		return rc;
	group_info *groups;
	int ng;
	if ((rc = store_groups(st, &groups, &ng, err)) != MM_OK)
		return rc;
	if ((rc = store_begin(st, err)) != MM_OK)
		goto out;
	for (int g = 0; g < ng && g < DEMO_GROUPS; g++)
		for (int p = 0; p < DEMO_PER_GROUP; p++) {
			int k = g * DEMO_PER_GROUP + p;
			int64_t cid;
			rc = store_company_add(st, companies[k].name, groups[g].id,
				companies[k].industry, companies[k].staff, &cid, err);
			if (rc != MM_OK)
				goto rollback;
			char name[64];
			snprintf(name, sizeof name, "%s %s", family[k], given[(k * 7) % 30]);
			rc = store_person_add(st, name, cid, groups[g].id, roles[(k + g) % 6], NULL, err);
			if (rc != MM_OK)
				goto rollback;
		}
	rc = store_commit(st, err);
	goto out;
rollback:
	store_rollback(st);
out:
	group_list_free(groups, ng);
	return rc;
}
