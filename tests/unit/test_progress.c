/* test_progress.c — the facilitator's overview: each group's progress on an
 * activity, read without writing anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "i18n.h"
#include "progress.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"
#include "testutil.h"

static int sheets(store *st)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT COUNT(*) FROM sheet", -1, &q,
		NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n;
}

static void test_progress_of_a_table_and_a_board(void **state)
{
	(void)state;
	i18n_set_lang(LANG_JA);
	char *text;
	mm_error err;
	assert_int_equal(bundled_program(&text, &err), MM_OK);
	scenario *sc = NULL;
	buf errs = {0};
	assert_int_equal(scenario_parse("p", text, strlen(text), &sc, &errs, NULL), MM_OK);
	store *st = NULL;
	assert_int_equal(store_create(tu_path("p.db"), &st, &err), MM_OK);
	assert_int_equal(store_workshop_create(st, "t", text, 2, &err), MM_OK);
	owner_info *g;
	int ng;
	assert_int_equal(store_owners(st, 0, 0, &g, &ng, &err), MM_OK);
	assert_int_equal(ng, 2);

	const activity *ledger = scenario_find_activity(sc, "asset-ledger");
	const activity *board = scenario_find_activity(sc, "ws01-problems");
	char out[64];
	/* nothing written: the overview reads and creates no sheet */
	assert_int_equal(activity_progress(st, ledger, g[0].id, out, sizeof out, &err), MM_OK);
	assert_string_equal(out, "0行・記入0");
	assert_int_equal(activity_progress(st, board, g[0].id, out, sizeof out, &err), MM_OK);
	assert_string_equal(out, "0枚");
	assert_int_equal(sheets(st), 0);

	/* group 1 writes two rows, one with two values */
	sheet *s = NULL;
	assert_int_equal(sheet_open(st, ledger->storage, OWNER_GROUP, g[0].id, &s, &err), MM_OK);
	int name = table_col_index(ledger->storage, "name");
	int c = table_col_index(ledger->storage, "c");
	const char **vals = calloc((size_t)ledger->storage->ncols + 1, sizeof *vals);
	vals[name] = "顧客名簿";
	vals[c] = "3";
	assert_int_equal(sheet_insert(st, s, 0, vals, NULL, NULL, &err), MM_OK);
	vals[c] = NULL;
	vals[name] = "見積書";
	assert_int_equal(sheet_insert(st, s, 1, vals, NULL, NULL, &err), MM_OK);
	free(vals);
	sheet_free(s);
	assert_int_equal(activity_progress(st, ledger, g[0].id, out, sizeof out, &err), MM_OK);
	assert_string_equal(out, "2行・記入3");
	assert_int_equal(activity_progress(st, ledger, g[1].id, out, sizeof out, &err), MM_OK);
	assert_string_equal(out, "0行・記入0");
	i18n_set_lang(LANG_EN);
	assert_int_equal(activity_progress(st, ledger, g[0].id, out, sizeof out, &err), MM_OK);
	assert_string_equal(out, "2 rows +3");
	/* one row is "1 row", in the singular */
	assert_int_equal(sheet_open(st, ledger->storage, OWNER_GROUP, g[1].id, &s, &err), MM_OK);
	vals = calloc((size_t)ledger->storage->ncols + 1, sizeof *vals);
	vals[name] = "契約書";
	assert_int_equal(sheet_insert(st, s, 0, vals, NULL, NULL, &err), MM_OK);
	free(vals);
	sheet_free(s);
	assert_int_equal(activity_progress(st, ledger, g[1].id, out, sizeof out, &err), MM_OK);
	assert_string_equal(out, "1 row +1");
	i18n_set_lang(LANG_JA);
	assert_int_equal(activity_progress(st, ledger, g[1].id, out, sizeof out, &err), MM_OK);
	assert_string_equal(out, "1行・記入1");

	owner_list_free(g, ng);
	store_close(st);
	scenario_free(sc);
	buf_free(&errs);
	free(text);
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
		cmocka_unit_test(test_progress_of_a_table_and_a_board),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
