/* test_document.c — the document kind as a group meets it: a section counts
 * as written only when it says something beyond the template, required and
 * optional sections are counted apart, switching between the quick and the
 * baseline variant keeps what was written, two terminals saving one section
 * meet the conflict, the Markdown and CSV exports have an exact shape, and a
 * trainer's mistakes are reported at FILE:LINE:COL. The bundled drafts
 * (scenarios/drafts/, one JSON file per activity) load and say what a trainer would project. */
#include "testutil.h"
#include "demo.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "document.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "status.h"
#include "store.h"

/* ---- a small scenario ------------------------------------------------------ */

#define HEAD \
	"{\n" \
	"  \"format\": \"mamori-scenario/1\",\n" \
	"  \"id\": \"doc-test\",\n" \
	"  \"title\": \"文書のテスト\",\n" \
	"  \"tracks\": [{\n" \
	"    \"id\": \"workshop\",\n" \
	"    \"title\": \"ワークショップ\",\n" \
	"    \"sessions\": [{\n" \
	"      \"id\": \"ws04\",\n" \
	"      \"number\": 4,\n" \
	"      \"title\": \"第4回\",\n" \
	"      \"minutes\": 90,\n" \
	"      \"activities\": [\n"
#define TAIL \
	"      ]\n" \
	"    }]\n" \
	"  }]\n" \
	"}\n"

/* Three sections: a (required, with a starter), b (required), c (optional). */
#define PROC \
	"        {\"id\": \"proc\", \"kind\": \"document\",\n" \
	"         \"title\": {\"ja\": \"管理手順書\", \"en\": \"Procedure\"},\n" \
	"         \"sections\": [\n" \
	"           {\"id\": \"purpose\", \"title\": {\"ja\": \"目的\", \"en\": \"Purpose\"},\n" \
	"            \"guidance\": {\"ja\": \"何のための手順か\", \"en\": \"What it is for\"},\n" \
	"            \"starter\": {\"ja\": \"この手順は（会社名）の（目的）のために定める。\",\n" \
	"                        \"en\": \"This procedure exists so that (company) can (aim).\"}},\n" \
	"           {\"id\": \"steps\", \"title\": {\"ja\": \"手順\", \"en\": \"Steps\"},\n" \
	"            \"guidance\": \"誰が、いつ、何をするか\"},\n" \
	"           {\"id\": \"notes\", \"title\": {\"ja\": \"備考\", \"en\": \"Notes\"},\n" \
	"            \"guidance\": \"ほかに伝えたいこと\", \"required\": false}\n" \
	"         ]}"

/* Two variants; both have "scope", so a text can start from the other's. */
#define PLAN \
	"        {\"id\": \"plan\", \"kind\": \"document\",\n" \
	"         \"title\": {\"ja\": \"対応計画\", \"en\": \"Response plan\"},\n" \
	"         \"variants\": [\n" \
	"           {\"id\": \"quick\", \"title\": {\"ja\": \"クイック\", \"en\": \"Quick\"},\n" \
	"            \"description\": \"起きやすい事故から\",\n" \
	"            \"sections\": [\n" \
	"              {\"id\": \"scope\", \"title\": \"範囲\", \"guidance\": \"G\"},\n" \
	"              {\"id\": \"threats\", \"title\": \"脅威\", \"guidance\": \"G\"}]},\n" \
	"           {\"id\": \"baseline\", \"title\": {\"ja\": \"ベースライン\", \"en\": \"Baseline\"},\n" \
	"            \"description\": \"ガイドラインから\",\n" \
	"            \"sections\": [\n" \
	"              {\"id\": \"scope\", \"title\": \"範囲\", \"guidance\": \"G\"},\n" \
	"              {\"id\": \"baseline\", \"title\": \"基準\", \"guidance\": \"G\"},\n" \
	"              {\"id\": \"education\", \"title\": \"教育\", \"guidance\": \"G\",\n" \
	"               \"required\": false}]}\n" \
	"         ]}"

static const char scenario_text[] = HEAD PROC ",\n" PLAN "\n" TAIL;

typedef struct fx {
	char *path;
	store *st;      /* the facilitator */
	store *terms[4];
	int nterms;
	scenario *sc;
	const activity *proc, *plan;
	const document_def *pd, *ld;
	int64_t g[3];
	sheet *sheets[8];
	int nsheets;
	sheet_history h[2];
} fx;

static scenario *parse_ok(const char *text)
{
	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = -1;
	mm_status rc = scenario_parse("t.json", text, strlen(text), &sc, &errs, &nerrs);
	static char got[8192];
	snprintf(got, sizeof got, "%s", buf_str(&errs));
	buf_free(&errs);
	if (rc != MM_OK)
		fail_msg("scenario_parse: %s", got);
	assert_int_equal(nerrs, 0);
	assert_non_null(sc);
	return sc;
}

static int fx_setup(void **state)
{
	fx *f = xcalloc(1, sizeof *f);
	f->path = xstrdup(tu_path("doc.db"));
	mm_error err = {0};
	if (store_create(f->path, &f->st, &err) != MM_OK)
		fail_msg("store_create: %s", err.msg);
	if (store_workshop_create(f->st, "", scenario_text, 3, &err) != MM_OK)
		fail_msg("store_workshop_create: %s", err.msg);
	if (store_set_role(f->st, ROLE_FACILITATOR, NULL, &err) != MM_OK)
		fail_msg("store_set_role: %s", err.msg);
	owner_info *o;
	int n;
	assert_int_equal(store_owners(f->st, 0, 0, &o, &n, &err), MM_OK);
	assert_int_equal(n, 3);
	for (int k = 0; k < 3; k++)
		f->g[k] = o[k].id;
	owner_list_free(o, n);
	f->sc = parse_ok(scenario_text);
	f->proc = scenario_find_activity(f->sc, "proc");
	f->plan = scenario_find_activity(f->sc, "plan");
	assert_non_null(f->proc);
	assert_non_null(f->plan);
	f->pd = document_of(f->proc);
	f->ld = document_of(f->plan);
	assert_non_null(f->pd);
	assert_non_null(f->ld);
	assert_ptr_equal(f->proc->storage, f->pd->table);
	i18n_set_lang(LANG_JA);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	fx *f = *state;
	for (int k = 0; k < f->nsheets; k++)
		sheet_free(f->sheets[k]);
	for (int k = 0; k < 2; k++)
		history_free(&f->h[k]);
	for (int k = 0; k < f->nterms; k++)
		store_close(f->terms[k]);
	store_close(f->st);
	scenario_free(f->sc);
	free(f->path);
	free(f);
	i18n_set_lang(LANG_JA);
	tu_cleanup();
	return 0;
}

/* Another terminal on the same database file. */
static store *terminal(fx *f, store_role role, const char *group)
{
	store *st = NULL;
	mm_error err = {0};
	if (store_open(f->path, &st, &err) != MM_OK)
		fail_msg("store_open: %s", err.msg);
	f->terms[f->nterms++] = st;
	if (store_set_role(st, role, group, &err) != MM_OK)
		fail_msg("store_set_role: %s", err.msg);
	return st;
}

static sheet *sopen(fx *f, store *st, const activity *act, int64_t owner)
{
	sheet *s = NULL;
	mm_error err = {0};
	if (sheet_open(st, act->storage, OWNER_GROUP, owner, &s, &err) != MM_OK)
		fail_msg("sheet_open %s: %s", act->id, err.msg);
	f->sheets[f->nsheets++] = s;
	return s;
}

static void write_ok(store *st, sheet *s, const document_def *d, int var, int sec,
	const char *text, sheet_history *h)
{
	mm_error err = {0};
	int v = document_version(d, s, var, sec);
	if (document_set_text(st, s, d, var, sec, text, v, NULL, h, &err) != MM_OK)
		fail_msg("document_set_text: %s", err.msg);
}

static void choose_ok(store *st, sheet *s, const document_def *d, int var, sheet_history *h)
{
	mm_error err = {0};
	if (document_choose_variant(st, s, d, var, h, &err) != MM_OK)
		fail_msg("document_choose_variant: %s", err.msg);
}

static void assert_progress(const document_def *d, const sheet *s, int done, int total,
	int req_done, int req_total)
{
	doc_progress p = document_progress(d, s);
	if (p.done != done || p.total != total || p.req_done != req_done
		|| p.req_total != req_total)
		fail_msg("progress %d/%d (required %d/%d), expected %d/%d (required %d/%d)",
			p.done, p.total, p.req_done, p.req_total, done, total, req_done, req_total);
}

/* ---- completeness --------------------------------------------------------- */

static void test_complete_rules(void **state)
{
	fx *f = *state;
	const doc_section *purpose = &f->pd->variants[0].sections[0];
	const doc_section *steps = &f->pd->variants[0].sections[1];
	assert_string_equal(purpose->id, "purpose");
	assert_true(purpose->required);
	assert_false(f->pd->variants[0].sections[2].required);

	/* blank, in every way a keyboard makes it */
	assert_false(document_section_complete(steps, ""));
	assert_false(document_section_complete(steps, NULL));
	assert_false(document_section_complete(steps, "   \n\t\r\n"));
	assert_false(document_section_complete(steps, "　　\n　")); /* full-width spaces */
	assert_true(document_section_complete(steps, "　総務課長が毎月確認する　"));

	/* the untouched starter, in either language, with any blanks around it */
	const char *ja = purpose->starter.ja;
	assert_false(document_section_complete(purpose, ja));
	char padded[512];
	snprintf(padded, sizeof padded, "\n  %s　\n\n", ja);
	assert_false(document_section_complete(purpose, padded));
	assert_false(document_section_complete(purpose, purpose->starter.en));
	/* filling in a blank makes it written */
	assert_true(document_section_complete(purpose,
		"この手順は（会社名）の顧客情報を守るために定める。"));
	assert_true(document_section_complete(purpose,
		"この手順はつばめ台ばね製作所の（目的）のために定める。"));
	/* a starter with something added after it is written too */
	snprintf(padded, sizeof padded, "%s\n対象は全社員。", ja);
	assert_true(document_section_complete(purpose, padded));
	/* a section without a starter: anything but blanks */
	assert_true(document_section_complete(steps, "x"));
}

/* A starter of several lines with （　） to fill: its lines as they were,
 * however blanks, line breaks or their order changed, are not written. */
static void test_complete_placeholders(void **state)
{
	(void)state;
	doc_section sec = {.starter = {.ja = "脅威1：（　）\n選んだ理由：（　）\n\n脅威2：（　）",
		.en = "Threat 1: ( )\nWhy: ( )"}};
	assert_false(document_section_complete(&sec, sec.starter.ja));
	assert_false(document_section_complete(&sec, "脅威1：（ ）\n\n\n選んだ理由：（　　）\n"));
	assert_false(document_section_complete(&sec, "選んだ理由：（　）\n脅威1：（　）"));
	assert_false(document_section_complete(&sec, "脅威2：（　）\nWhy: ( )"));
	assert_false(document_section_complete(&sec, "\n　\n"));
	assert_true(document_section_complete(&sec, "脅威1：（ランサムウェア）\n選んだ理由：（　）"));
	assert_true(document_section_complete(&sec, "脅威1：（　）\n取引先からの偽メール"));
}

static void test_progress_required_optional(void **state)
{
	fx *f = *state;
	sheet *s = sopen(f, f->st, f->proc, f->g[0]);
	/* the sheet starts with a row per section, all empty */
	assert_int_equal(s->nrows, 3);
	assert_progress(f->pd, s, 0, 3, 0, 2);

	/* the template saved as is does not count */
	write_ok(f->st, s, f->pd, 0, 0, f->pd->variants[0].sections[0].starter.ja, &f->h[0]);
	assert_string_equal(document_text(f->pd, s, 0, 0),
		f->pd->variants[0].sections[0].starter.ja);
	assert_progress(f->pd, s, 0, 3, 0, 2);
	/* only blanks are stored as nothing */
	write_ok(f->st, s, f->pd, 0, 1, " \n　\n", &f->h[0]);
	assert_string_equal(document_text(f->pd, s, 0, 1), "");
	assert_progress(f->pd, s, 0, 3, 0, 2);

	write_ok(f->st, s, f->pd, 0, 1, "1. 総務課長が毎月1日にバックアップを確認する", &f->h[0]);
	assert_progress(f->pd, s, 1, 3, 1, 2);
	/* an optional section counts in the total, not in the required */
	write_ok(f->st, s, f->pd, 0, 2, "特になし", &f->h[0]);
	assert_progress(f->pd, s, 2, 3, 1, 2);
	write_ok(f->st, s, f->pd, 0, 0, "この手順はつばめ台ばね製作所の図面を守るために定める。",
		&f->h[0]);
	assert_progress(f->pd, s, 3, 3, 2, 2);

	/* undo is the sheet's: the last save goes back to the template */
	mm_error err = {0};
	assert_int_equal(sheet_undo(f->st, s, &f->h[0], false, &err), MM_OK);
	assert_progress(f->pd, s, 2, 3, 1, 2);

	/* another group's document is its own */
	sheet *other = sopen(f, f->st, f->proc, f->g[1]);
	assert_progress(f->pd, other, 0, 3, 0, 2);
	/* and a fresh look from another terminal sees the same count */
	store *t2 = terminal(f, ROLE_PRESENTER, NULL);
	sheet *seen = sopen(f, t2, f->proc, f->g[0]);
	assert_progress(f->pd, seen, 2, 3, 1, 2);
}

/* ---- variants ------------------------------------------------------------- */

static void test_variant_switch_keeps_texts(void **state)
{
	fx *f = *state;
	const document_def *d = f->ld;
	assert_true(d->has_variants);
	assert_int_equal(d->nvariants, 2);
	assert_string_equal(d->variants[1].id, "baseline");
	sheet *s = sopen(f, f->st, f->plan, f->g[0]);
	/* "@variant" and a row per section of both variants */
	assert_int_equal(s->nrows, 1 + 2 + 3);

	/* nothing chosen: the first is shown and counted */
	assert_int_equal(document_chosen_variant(d, s), -1);
	assert_int_equal(document_variant(d, s), 0);
	assert_progress(d, s, 0, 2, 0, 2);

	choose_ok(f->st, s, d, 1, &f->h[0]);
	assert_int_equal(document_chosen_variant(d, s), 1);
	assert_progress(d, s, 0, 3, 0, 2);
	write_ok(f->st, s, d, 1, 0, "本社と工場のPC、NAS、メール", &f->h[0]);
	write_ok(f->st, s, d, 1, 1, "IPAの25項目をすべて「実施している」にする", &f->h[0]);
	assert_progress(d, s, 2, 3, 2, 2);

	/* to quick: its own sections, nothing written there yet */
	choose_ok(f->st, s, d, 0, &f->h[0]);
	assert_int_equal(document_chosen_variant(d, s), 0);
	assert_progress(d, s, 0, 2, 0, 2);
	assert_string_equal(document_text(d, s, 0, 0), "");
	write_ok(f->st, s, d, 0, 1, "ランサムウェア", &f->h[0]);
	assert_progress(d, s, 1, 2, 1, 2);

	/* and back: the baseline texts are all still there */
	choose_ok(f->st, s, d, 1, &f->h[0]);
	assert_string_equal(document_text(d, s, 1, 0), "本社と工場のPC、NAS、メール");
	assert_string_equal(document_text(d, s, 1, 1), "IPAの25項目をすべて「実施している」にする");
	assert_progress(d, s, 2, 3, 2, 2);
	assert_string_equal(document_text(d, s, 0, 1), "ランサムウェア");

	/* another terminal sees the choice */
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *seen = sopen(f, g1, f->plan, f->g[0]);
	assert_int_equal(document_chosen_variant(d, seen), 1);

	/* undoing the switch goes back to quick, texts untouched */
	mm_error err = {0};
	assert_int_equal(sheet_undo(f->st, s, &f->h[0], false, &err), MM_OK);
	assert_int_equal(document_chosen_variant(d, s), 0);
	assert_string_equal(document_text(d, s, 1, 0), "本社と工場のPC、NAS、メール");

	/* a document without variants has nothing to choose */
	sheet *p = sopen(f, f->st, f->proc, f->g[0]);
	assert_int_equal(document_choose_variant(f->st, p, f->pd, 0, NULL, &err), MM_EUSER);
	assert_false(f->pd->has_variants);
	assert_int_equal(document_chosen_variant(f->pd, p), 0);
}

/* ---- many terminals -------------------------------------------------------- */

static void test_conflict_and_permissions(void **state)
{
	fx *f = *state;
	store *a = terminal(f, ROLE_GROUP, "1");
	store *b = terminal(f, ROLE_GROUP, "1");
	sheet *sa = sopen(f, a, f->proc, f->g[0]);
	sheet *sb = sopen(f, b, f->proc, f->g[0]);
	/* both open the editor on "steps" at version 0 */
	int va = document_version(f->pd, sa, 0, 1), vb = document_version(f->pd, sb, 0, 1);
	assert_int_equal(va, 0);
	assert_int_equal(vb, 0);
	mm_error err = {0};
	assert_int_equal(document_set_text(a, sa, f->pd, 0, 1, "Aさんの手順", va, NULL, &f->h[0],
		&err), MM_OK);
	sheet_conflict cf = {0};
	assert_int_equal(document_set_text(b, sb, f->pd, 0, 1, "Bさんの手順", vb, &cf, &f->h[1],
		&err), MM_ECONFLICT);
	assert_string_equal(cf.theirs, "Aさんの手順");
	assert_string_equal(cf.who, "group:1");
	/* B keeps theirs after all: B's text stays in the history */
	assert_int_equal(document_set_text(b, sb, f->pd, 0, 1, "Bさんの手順", cf.version, NULL,
		&f->h[1], &err), MM_OK);
	sheet_conflict_free(&cf);
	assert_int_equal(sheet_reload(a, sa, &err), MM_OK);
	assert_string_equal(document_text(f->pd, sa, 0, 1), "Bさんの手順");

	/* group 1 cannot write group 2's document, whatever the UI shows */
	sheet *other = sopen(f, a, f->proc, f->g[1]);
	assert_int_equal(document_set_text(a, other, f->pd, 0, 1, "よそのグループ", -1, NULL, NULL,
		&err), MM_EDENIED);
	assert_int_equal(document_choose_variant(a, sopen(f, a, f->plan, f->g[1]), f->ld, 1, NULL,
		&err), MM_EDENIED);
	/* nor a section that does not exist */
	assert_int_equal(document_set_text(a, sa, f->pd, 0, 7, "x", -1, NULL, NULL, &err),
		MM_ENOTFOUND);
}

/* ---- export ---------------------------------------------------------------- */

static char *export(const activity *act, sheet *s, const char *format)
{
	buf out = {0};
	mm_error err = {0};
	if (document_export(act, NULL, s, format, &out, &err) != MM_OK)
		fail_msg("document_export %s: %s", format, err.msg);
	return buf_steal(&out);
}

static void test_export_md_exact(void **state)
{
	fx *f = *state;
	sheet *s = sopen(f, f->st, f->plan, f->g[0]);
	choose_ok(f->st, s, f->ld, 1, NULL);
	write_ok(f->st, s, f->ld, 1, 0, "本社と工場。\n# 見出しではない\n", NULL);
	write_ok(f->st, s, f->ld, 1, 2, "年1回、全員で。", NULL);
	write_ok(f->st, s, f->ld, 0, 0, "クイック版の範囲", NULL);
	char *md = export(f->plan, s, "md");
	assert_string_equal(md,
		"# 対応計画\n"
		"\n"
		"- 版: ベースライン\n"
		"- 記入済み: 2/3（必須 1/2）\n"
		"\n"
		"## 範囲\n"
		"\n"
		"本社と工場。\n"
		"\\# 見出しではない\n"
		"\n"
		"## 基準 【未記入】\n"
		"\n"
		"（まだ書かれていません）\n"
		"\n"
		"## 教育\n"
		"\n"
		"年1回、全員で。\n");
	free(md);

	i18n_set_lang(LANG_EN);
	char *csv = export(f->plan, s, "csv");
	assert_string_equal(csv,
		"section,title,text,complete\r\n"
		"scope,範囲,\"本社と工場。\n# 見出しではない\",yes\r\n"
		"baseline,基準,,no\r\n"
		"education,教育,年1回、全員で。,yes\r\n");
	free(csv);

	/* a document without variants, nothing chosen or written, in English */
	sheet *p = sopen(f, f->st, f->proc, f->g[1]);
	write_ok(f->st, p, f->pd, 0, 0, f->pd->variants[0].sections[0].starter.en, NULL);
	md = export(f->proc, p, "md");
	assert_string_equal(md,
		"# Procedure\n"
		"\n"
		"- Written: 0/3 (required 0/2)\n"
		"\n"
		"## Purpose [not written yet]\n"
		"\n"
		"This procedure exists so that (company) can (aim).\n"
		"\n"
		"## Steps [not written yet]\n"
		"\n"
		"(nothing written yet)\n"
		"\n"
		"## Notes [not written yet]\n"
		"\n"
		"(nothing written yet)\n");
	free(md);

	/* nothing chosen yet is said so */
	sheet *q = sopen(f, f->st, f->plan, f->g[2]);
	i18n_set_lang(LANG_JA);
	md = export(f->plan, q, "md");
	assert_non_null(strstr(md, "- 版: クイック（未選択）\n"));
	free(md);

	/* an unknown format names the ones there are */
	buf out = {0};
	mm_error err = {0};
	assert_int_equal(document_export(f->plan, NULL, q, "html", &out, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "html"));
	assert_non_null(strstr(err.msg, "md"));
	assert_non_null(strstr(err.msg, "csv"));
	assert_int_equal(out.len, 0);
	/* and a table is not a document */
	activity fake = {.id = "x", .kind = KIND_TABLE};
	assert_int_equal(document_export(&fake, NULL, q, "md", &out, &err), MM_EUSER);
	buf_free(&out);
}

/* ---- validation ------------------------------------------------------------- */

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

static const char *errors_of(const char *text, int *nerrs)
{
	scenario *sc = NULL;
	buf errs = {0};
	lang was = i18n_lang();
	i18n_set_lang(LANG_EN); /* validator messages are checked in English */
	mm_status rc = scenario_parse("t.json", text, strlen(text), &sc, &errs, nerrs);
	i18n_set_lang(was);
	char *out = ring();
	snprintf(out, 8192, "%s", buf_str(&errs));
	buf_free(&errs);
	scenario_free(sc);
	assert_int_equal(rc, MM_EUSER);
	assert_null(sc);
	return out;
}

#define ACT "tracks[0].sessions[0].activities[0]"

static void test_validation_errors(void **state)
{
	(void)state;
	int n;
	/* both sections and variants */
	const char *both = HEAD
		"        {\"id\": \"d\", \"kind\": \"document\", \"title\": \"文書\",\n"
		"         \"sections\": [{\"id\": \"a\", \"title\": \"A\", \"guidance\": \"G\"}],\n"
		"         \"variants\": []}\n" TAIL;
	assert_string_equal(errors_of(both, &n), msg_at(both, "\"variants\"", 1,
		ACT ".variants", "give either \"sections\" or \"variants\", not both (a document "
		"with variants lists its sections inside each variant)"));
	assert_int_equal(n, 1);

	/* neither */
	const char *neither = HEAD
		"        {\"id\": \"d\", \"kind\": \"document\", \"title\": \"文書\"}\n" TAIL;
	assert_string_equal(errors_of(neither, &n), msg_at(neither, "{\"id\": \"d\"", 1, ACT,
		"missing required key \"sections\" (or \"variants\", each with its own sections)"));

	/* a duplicate section id, at the second one, naming the first's line */
	const char *dup = HEAD
		"        {\"id\": \"d\", \"kind\": \"document\", \"title\": \"文書\",\n"
		"         \"sections\": [\n"
		"           {\"id\": \"scope\", \"title\": \"範囲\", \"guidance\": \"G\"},\n"
		"           {\"id\": \"team\", \"title\": \"体制\", \"guidance\": \"G\"},\n"
		"           {\"id\": \"scope\", \"title\": \"範囲2\", \"guidance\": \"G\"}]}\n" TAIL;
	assert_string_equal(errors_of(dup, &n), msg_at(dup, "\"scope\"", 2,
		ACT ".sections[2].id", "duplicate section id \"scope\" (first used at line 16)"));
	assert_non_null(strstr(msg_at(dup, "\"scope\"", 1, "", ""), "t.json:16:"));

	/* the same section id in two variants is fine; twice in one is not */
	const char *vdup = HEAD
		"        {\"id\": \"d\", \"kind\": \"document\", \"title\": \"文書\", \"variants\": [\n"
		"          {\"id\": \"quick\", \"title\": \"Q\", \"description\": \"D\", \"sections\": [\n"
		"            {\"id\": \"scope\", \"title\": \"範囲\", \"guidance\": \"G\"}]},\n"
		"          {\"id\": \"quick\", \"title\": \"B\", \"description\": \"D\", \"sections\": [\n"
		"            {\"id\": \"scope\", \"title\": \"範囲\", \"guidance\": \"G\"},\n"
		"            {\"id\": \"scope\", \"title\": \"範囲\", \"guidance\": \"G\"}]}]}\n" TAIL;
	char want[8192];
	snprintf(want, sizeof want, "%s%s",
		msg_at(vdup, "\"quick\"", 2, ACT ".variants[1].id",
			"duplicate variant id \"quick\" (first used at line 15)"),
		msg_at(vdup, "\"scope\"", 3, ACT ".variants[1].sections[1].id",
			"duplicate section id \"scope\" (first used at line 18)"));
	assert_string_equal(errors_of(vdup, &n), want);
	assert_int_equal(n, 2);

	/* empty variants, an empty section list, a variant without description
	 * and a misspelt key, all reported at once */
	const char *empty = HEAD
		"        {\"id\": \"d\", \"kind\": \"document\", \"title\": \"文書\", \"variants\": []},\n"
		"        {\"id\": \"e\", \"kind\": \"document\", \"title\": \"文書\", \"sections\": []},\n"
		"        {\"id\": \"f\", \"kind\": \"document\", \"title\": \"文書\", \"variants\": [\n"
		"          {\"id\": \"q\", \"title\": \"Q\", \"sections\": [\n"
		"            {\"id\": \"s\", \"title\": \"S\", \"guidence\": \"G\"}]}]}\n" TAIL;
	snprintf(want, sizeof want, "%s%s%s%s%s",
		msg_at(empty, "[]", 1, ACT ".variants",
			"a document with variants needs at least one variant"),
		msg_at(empty, "[]", 2, "tracks[0].sessions[0].activities[1].sections",
			"a document needs at least one section"),
		msg_at(empty, "{\"id\": \"q\"", 1, "tracks[0].sessions[0].activities[2].variants[0]",
			"missing required key \"description\""),
		msg_at(empty, "\"guidence\"", 1,
			"tracks[0].sessions[0].activities[2].variants[0].sections[0].guidence",
			"unknown key \"guidence\" (did you mean \"guidance\"?)"),
		msg_at(empty, "{\"id\": \"s\"", 1,
			"tracks[0].sessions[0].activities[2].variants[0].sections[0]",
			"missing required key \"guidance\""));
	assert_string_equal(errors_of(empty, &n), want);
	assert_int_equal(n, 5);

	/* wrong types: required must be true/false, a section id an id */
	const char *types = HEAD
		"        {\"id\": \"d\", \"kind\": \"document\", \"title\": \"文書\", \"sections\": [\n"
		"          {\"id\": \"Scope\", \"title\": \"S\", \"guidance\": \"G\", \"required\": \"yes\"}]}\n"
		TAIL;
	snprintf(want, sizeof want, "%s%s",
		msg_at(types, "\"Scope\"", 1, ACT ".sections[0].id",
			"id \"Scope\" must be lower-case letters, digits and '-' (at most 63)"),
		msg_at(types, "\"yes\"", 1, ACT ".sections[0].required",
			"expected true or false, found a string"));
	assert_string_equal(errors_of(types, &n), want);
}

/* ---- the bundled drafts ------------------------------------------------------ */

static const char *const drafts[] = {"isms-procedure", "ir-plan", "responder-manual",
	"lessons-learned"};

/* The four drafts in one scenario; once they are merged into the bundled
 * program (and the drafts are gone), the bundled program itself. */
static char *draft_scenario(void)
{
	buf b = {0};
	buf_puts(&b, HEAD);
	for (size_t k = 0; k < sizeof drafts / sizeof drafts[0]; k++) {
		char path[512];
		snprintf(path, sizeof path, "%s/scenarios/drafts/%s.json", SOURCE_ROOT, drafts[k]);
		char *text = tu_read_file(path, NULL);
		if (!text) {
			buf_free(&b);
			/* the bundled program with its data files filled in */
			mm_error err;
			if (bundled_program(&text, &err) != MM_OK)
				fail_msg("cannot read %s nor the bundled program: %s", path, err.msg);
			return text;
		}
		buf_printf(&b, "%s%s\n", k ? "," : "", text);
		free(text);
	}
	buf_puts(&b, TAIL);
	return buf_steal(&b);
}

static void check_lstr_both(const lstr *s, const char *what, const char *id)
{
	if (!s->ja || !*s->ja || !s->en || !*s->en)
		fail_msg("%s of %s lacks Japanese or English", what, id);
}

static void test_drafts_load(void **state)
{
	(void)state;
	char *text = draft_scenario();
	scenario *sc = parse_ok(text);
	for (size_t k = 0; k < sizeof drafts / sizeof drafts[0]; k++) {
		const activity *act = scenario_find_activity(sc, drafts[k]);
		if (!act)
			fail_msg("no activity %s", drafts[k]);
		const document_def *d = document_of(act);
		assert_non_null(d);
		check_lstr_both(&act->title, "title", act->id);
		check_lstr_both(&act->prompt, "prompt", act->id);
		for (int v = 0; v < d->nvariants; v++) {
			const doc_variant *dv = &d->variants[v];
			assert_true(dv->nsections >= 5);
			if (d->has_variants) {
				check_lstr_both(&dv->title, "variant title", dv->id);
				check_lstr_both(&dv->description, "variant description", dv->id);
			}
			for (int s = 0; s < dv->nsections; s++) {
				const doc_section *sec = &dv->sections[s];
				check_lstr_both(&sec->title, "title", sec->id);
				check_lstr_both(&sec->guidance, "guidance", sec->id);
				/* substantial guidance: more than a line */
				if (strlen(sec->guidance.ja) < 120)
					fail_msg("the guidance of %s.%s is short (%zu bytes)", act->id, sec->id,
						strlen(sec->guidance.ja));
				if (sec->starter.ja) {
					check_lstr_both(&sec->starter, "starter", sec->id);
					/* a starter alone never counts as written */
					assert_false(document_section_complete(sec, sec->starter.ja));
					assert_false(document_section_complete(sec, sec->starter.en));
				}
			}
		}
	}
	/* the plan has the two approaches, in this order */
	const document_def *ir = document_of(scenario_find_activity(sc, "ir-plan"));
	assert_true(ir->has_variants);
	assert_int_equal(ir->nvariants, 2);
	assert_string_equal(ir->variants[0].id, "quick");
	assert_string_equal(ir->variants[1].id, "baseline");
	assert_non_null(strstr(ir->variants[0].title.ja, "クイック"));
	assert_non_null(strstr(ir->variants[1].title.ja, "ベースライン"));
	/* both carry the classification, the contacts and the yearly test */
	for (int v = 0; v < 2; v++) {
		buf all = {0};
		for (int s = 0; s < ir->variants[v].nsections; s++) {
			const doc_section *sec = &ir->variants[v].sections[s];
			buf_printf(&all, "%s\n%s\n", sec->guidance.ja, sec->starter.ja ? sec->starter.ja
				: "");
		}
		const char *must[] = {"ヒヤリハット", "IPA", "JPCERT/CC", "個人情報保護委員会",
			"警察", "机上", "ウイルス", "改ざん"};
		for (size_t m = 0; m < sizeof must / sizeof must[0]; m++)
			if (!strstr(buf_str(&all), must[m]))
				fail_msg("variant %s does not mention %s", ir->variants[v].id, must[m]);
		buf_free(&all);
	}
	/* the responder manual reports in IPA's three steps */
	const document_def *rm = document_of(scenario_find_activity(sc, "responder-manual"));
	assert_false(rm->has_variants);
	scenario_free(sc);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_complete_rules, fx_setup, fx_teardown),
		cmocka_unit_test(test_complete_placeholders),
		cmocka_unit_test_setup_teardown(test_progress_required_optional, fx_setup,
			fx_teardown),
		cmocka_unit_test_setup_teardown(test_variant_switch_keeps_texts, fx_setup,
			fx_teardown),
		cmocka_unit_test_setup_teardown(test_conflict_and_permissions, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_export_md_exact, fx_setup, fx_teardown),
		cmocka_unit_test(test_validation_errors),
		cmocka_unit_test(test_drafts_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
