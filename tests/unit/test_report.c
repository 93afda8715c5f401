/* test_report.c — core/report.c: the take-home report of a group or a
 * company, built without writing anything, and finding an owner by a name
 * the facilitator half remembers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "i18n.h"
#include "report.h"
#include "roster.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"
#include "testutil.h"

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
	mm_error err;
	i18n_set_lang(LANG_EN);
	assert_int_equal(bundled_program(&f->text, &err), MM_OK);
	buf errs = {0};
	assert_int_equal(scenario_parse("r", f->text, strlen(f->text), &f->sc, &errs, NULL), MM_OK);
	buf_free(&errs);
	assert_int_equal(store_create(tu_path("r.db"), &f->st, &err), MM_OK);
	assert_int_equal(store_workshop_create(f->st, "", f->text, 2, &err), MM_OK);
	roster_counts c;
	assert_int_equal(roster_import(f->st, ROSTER, strlen(ROSTER), &c, &err), MM_OK);
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

static long long count(store *st, const char *sql)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	long long n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
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
	/* nothing written yet: a title alone, and no sheet made */
	assert_int_equal(report_build(f->st, f->sc, "", OWNER_GROUP, g1, "md", &out, &err), MM_OK);
	char want[300];
	snprintf(want, sizeof want, "# %s — 1\n\n", L(&f->sc->title));
	assert_string_equal(buf_str(&out), want);
	assert_int_equal(report_build(f->st, f->sc, "春の会", OWNER_COMPANY, company, "html", &out,
		&err), MM_OK);
	assert_non_null(strstr(buf_str(&out), "<!DOCTYPE html>"));
	assert_int_equal(count(f->st, "SELECT count(*) FROM sheet"), 0);
	/* group 1 writes its ledger: it is in the group's and the company's report */
	const activity *ledger = scenario_find_activity(f->sc, "asset-ledger");
	sheet *s = NULL;
	assert_int_equal(sheet_open(f->st, ledger->storage, OWNER_GROUP, g1, &s, &err), MM_OK);
	const char **vals = calloc((size_t)ledger->storage->ncols + 1, sizeof *vals);
	vals[table_col_index(ledger->storage, "name")] = "顧客名簿";
	assert_int_equal(sheet_insert(f->st, s, 0, vals, NULL, NULL, &err), MM_OK);
	free(vals);
	sheet_free(s);
	long long changes = count(f->st, "SELECT count(*) FROM change");
	buf_clear(&out);
	assert_int_equal(report_build(f->st, f->sc, "春の会", OWNER_GROUP, g1, "md", &out, &err),
		MM_OK);
	assert_non_null(strstr(buf_str(&out), "# 春の会 — 1\n\n## Session 5"));
	assert_non_null(strstr(buf_str(&out), "顧客名簿"));
	buf_clear(&out);
	assert_int_equal(report_build(f->st, f->sc, NULL, OWNER_COMPANY, company, NULL, &out, &err),
		MM_OK);
	assert_non_null(strstr(buf_str(&out), "顧客名簿"));
	assert_int_equal(count(f->st, "SELECT count(*) FROM sheet"), 1);
	assert_int_equal(count(f->st, "SELECT count(*) FROM change"), changes);
	/* only md and html */
	assert_int_equal(report_build(f->st, f->sc, NULL, OWNER_GROUP, g1, "csv", &out, &err),
		MM_EUSER);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_owner_exact_and_suggestions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_reads_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
