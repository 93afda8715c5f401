/* test_upgrade.c — core/upgrade.c: a begun workshop's scenario replaced by
 * a new one, every cell kept by id; removals of written work refused unless
 * dropped, kind changes of written work refused; dry runs and identical
 * files write nothing. Fixtures: tests/fixtures/upgrade/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"
#include "testutil.h"
#include "upgrade.h"

typedef struct fixture {
	store *st;
	scenario *sc;
	char *text;
	int64_t g1, g2;
} fixture;

static const char *fixture_path(const char *name)
{
	static char p[700];
	snprintf(p, sizeof p, "%s/tests/fixtures/upgrade/%s", SOURCE_ROOT, name);
	return p;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	mm_error err;
	i18n_set_lang(LANG_EN);
	f->sc = tu_load_scenario(fixture_path("base.json"), &f->text);
	assert_int_equal(store_create(tu_path("u.db"), &f->st, &err), MM_OK);
	assert_int_equal(store_workshop_create(f->st, "", f->text, 2, &err), MM_OK);
	group_info *g = NULL;
	int n = 0;
	assert_int_equal(store_groups(f->st, &g, &n, &err), MM_OK);
	assert_int_equal(n, 2);
	f->g1 = g[0].id;
	f->g2 = g[1].id;
	group_list_free(g, n);
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

/* A row of the ledger (name, owner, note) for group G. */
static void ledger_row(fixture *f, int64_t g, const char *name, const char *owner,
	const char *note)
{
	mm_error err;
	sheet *s = NULL;
	const table_def *def = tu_table_of(f->sc, "ledger");
	assert_int_equal(sheet_open(f->st, def, OWNER_GROUP, g, &s, &err), MM_OK);
	const char *v[3] = {name, owner, note};
	assert_int_equal(sheet_insert(f->st, s, s->nrows, v, NULL, NULL, &err), MM_OK);
	sheet_free(s);
}

/* The stored scenario text (malloc'd). */
static char *stored(fixture *f)
{
	workshop_info ws = {0};
	mm_error err;
	assert_int_equal(store_workshop_get(f->st, &ws, &err), MM_OK);
	char *t = ws.scenario_json;
	ws.scenario_json = NULL;
	workshop_info_free(&ws);
	return t;
}

/* Every row of the tables work lives in, as one text. */
static char *snapshot(fixture *f)
{
	buf b = {0};
	static const char *const q[] = {
		"SELECT id || activity || owner_id FROM sheet",
		"SELECT id || sheet_id || position || deleted FROM sheet_row",
		"SELECT row_id || col || value || version FROM cell",
		"SELECT id || op || COALESCE(col, '') FROM change",
		"SELECT scenario || scenario_hash FROM workshop",
		"SELECT session || activity FROM room",
	};
	for (size_t k = 0; k < sizeof q / sizeof q[0]; k++) {
		sqlite3_stmt *s;
		assert_int_equal(sqlite3_prepare_v2(store_db(f->st), q[k], -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			buf_puts(&b, (const char *)sqlite3_column_text(s, 0));
			buf_putc(&b, '\n');
		}
		sqlite3_finalize(s);
	}
	return buf_steal(&b);
}

/* Runs the upgrade to fixture NAME; the status, the report in REPORT. */
static mm_status upgrade_to(fixture *f, const char *name, bool dry, bool drop, buf *report,
	upgrade_outcome *out, mm_error *err)
{
	char *text = NULL;
	scenario *ns = tu_load_scenario(fixture_path(name), &text);
	mm_status rc = upgrade_run(f->st, text, ns, dry, drop, report, out, err);
	scenario_free(ns);
	free(text);
	return rc;
}

/* A retitled activity and column keep every cell; the stored scenario and
 * the sheet read with it show the new titles. */
static void test_retitle_keeps_work(void **state)
{
	fixture *f = *state;
	ledger_row(f, f->g1, "PC", "Sato", "old one");
	ledger_row(f, f->g2, "NAS", "Suzuki", "backup");
	long long cells = tu_count(f->st, "SELECT COUNT(*) FROM cell");
	buf report = {0};
	upgrade_outcome out;
	mm_error err;
	assert_int_equal(upgrade_to(f, "retitle.json", false, false, &report, &out, &err), MM_OK);
	assert_int_equal(out, UPGRADE_APPLIED);
	assert_non_null(strstr(buf_str(&report),
		"activity ledger retitled: \"Asset ledger\" -> \"Information asset ledger\""));
	assert_non_null(strstr(buf_str(&report), "column note retitled: \"Note\" -> \"Memo\""));
	assert_int_equal(tu_count(f->st, "SELECT COUNT(*) FROM cell"), cells);
	char *t = stored(f);
	assert_non_null(strstr(t, "情報資産台帳"));
	scenario *ns = NULL;
	buf errs = {0};
	assert_int_equal(scenario_parse("s", t, strlen(t), &ns, &errs, NULL), MM_OK);
	const table_def *def = tu_table_of(ns, "ledger");
	sheet *s = NULL;
	assert_int_equal(sheet_peek(f->st, def, OWNER_GROUP, f->g1, &s, &err), MM_OK);
	assert_int_equal(s->nrows, 1);
	int note = table_col_index(def, "note");
	assert_string_equal(L(&def->cols[note].title), "Memo");
	assert_string_equal(s->rows[0].cells[note].value, "old one");
	sheet_free(s);
	scenario_free(ns);
	buf_free(&errs);
	free(t);
	buf_free(&report);
}

/* Removing a column that holds work is refused in one line naming it and
 * how much; nothing changes. With --drop its cells go (logged), the rest
 * stays. */
static void test_remove_column(void **state)
{
	fixture *f = *state;
	ledger_row(f, f->g1, "PC", "Sato", "old one");
	ledger_row(f, f->g1, "NAS", "Sato", "backup");
	ledger_row(f, f->g2, "NAS", "Suzuki", "in the office");
	ledger_row(f, f->g2, "Router", "Suzuki", "");
	char *before = snapshot(f);
	buf report = {0};
	upgrade_outcome out;
	mm_error err;
	assert_int_equal(upgrade_to(f, "drop-note.json", false, false, &report, &out, &err),
		MM_EUSER);
	assert_null(strchr(err.msg, '\n'));
	assert_non_null(strstr(err.msg, "column Note"));
	assert_non_null(strstr(err.msg, "3 cells written by 2 groups"));
	assert_non_null(strstr(err.msg, "--drop"));
	char *after = snapshot(f);
	assert_string_equal(before, after);
	free(after);

	buf_clear(&report);
	assert_int_equal(upgrade_to(f, "drop-note.json", false, true, &report, &out, &err), MM_OK);
	assert_int_equal(out, UPGRADE_APPLIED);
	assert_non_null(strstr(buf_str(&report), "column Note removed"));
	assert_int_equal(tu_count(f->st, "SELECT COUNT(*) FROM cell WHERE col = 'note'"), 0);
	assert_int_equal(tu_count(f->st, "SELECT COUNT(*) FROM change WHERE op = 'drop'"), 3);
	assert_int_equal(tu_count(f->st, "SELECT COUNT(*) FROM cell WHERE col = 'name'"), 4);
	char *t = stored(f);
	assert_null(strstr(t, "\"note\""));
	free(t);
	free(before);
	buf_free(&report);
}

/* --dry-run reports and writes nothing; an identical file is "nothing to
 * change" and writes nothing either. */
static void test_dry_run_and_identical(void **state)
{
	fixture *f = *state;
	ledger_row(f, f->g1, "PC", "Sato", "old one");
	char *before = snapshot(f);
	buf report = {0};
	upgrade_outcome out;
	mm_error err;
	assert_int_equal(upgrade_to(f, "retitle.json", true, false, &report, &out, &err), MM_OK);
	assert_int_equal(out, UPGRADE_DRY_RUN);
	assert_non_null(strstr(buf_str(&report), "retitled"));
	char *after = snapshot(f);
	assert_string_equal(before, after);
	free(after);
	/* a dry run of a refused change says so too, and writes nothing */
	assert_int_equal(upgrade_to(f, "drop-note.json", true, false, &report, &out, &err),
		MM_EUSER);
	after = snapshot(f);
	assert_string_equal(before, after);
	free(after);
	buf_clear(&report);
	assert_int_equal(upgrade_to(f, "base.json", false, false, &report, &out, &err), MM_OK);
	assert_int_equal(out, UPGRADE_NOTHING);
	assert_int_equal(report.len, 0);
	after = snapshot(f);
	assert_string_equal(before, after);
	free(after);
	free(before);
	buf_free(&report);
}

/* A new session with a new activity is added; the old work is untouched. */
static void test_add_session_and_activity(void **state)
{
	fixture *f = *state;
	ledger_row(f, f->g1, "PC", "Sato", "old one");
	long long cells = tu_count(f->st, "SELECT COUNT(*) FROM cell");
	buf report = {0};
	upgrade_outcome out;
	mm_error err;
	assert_int_equal(upgrade_to(f, "add.json", false, false, &report, &out, &err), MM_OK);
	assert_int_equal(out, UPGRADE_APPLIED);
	assert_non_null(strstr(buf_str(&report), "+ session ws02 \"Session 2: risks\" added"));
	assert_non_null(strstr(buf_str(&report), "+ activity risks \"Risk table\""));
	assert_int_equal(tu_count(f->st, "SELECT COUNT(*) FROM cell"), cells);
	char *t = stored(f);
	scenario *ns = NULL;
	buf errs = {0};
	assert_int_equal(scenario_parse("s", t, strlen(t), &ns, &errs, NULL), MM_OK);
	assert_non_null(scenario_find_activity(ns, "risks"));
	assert_non_null(scenario_find_session(ns, "ws02"));
	scenario_free(ns);
	buf_free(&errs);
	free(t);
	buf_free(&report);
}

/* An activity nobody wrote in goes without --drop (its empty sheets with
 * it); one that holds work is refused, and goes with --drop. */
static void test_remove_activity(void **state)
{
	fixture *f = *state;
	mm_error err;
	sheet *s = NULL;
	const table_def *spare = tu_table_of(f->sc, "spare");
	assert_int_equal(sheet_open(f->st, spare, OWNER_GROUP, f->g1, &s, &err), MM_OK);
	const char *v[1] = {"x"};
	assert_int_equal(sheet_insert(f->st, s, 0, v, NULL, NULL, &err), MM_OK);
	buf report = {0};
	upgrade_outcome out;
	assert_int_equal(upgrade_to(f, "drop-spare.json", false, false, &report, &out, &err),
		MM_EUSER);
	assert_non_null(strstr(err.msg, "activity spare"));
	assert_non_null(strstr(err.msg, "1 cell written by 1 group"));
	/* emptied: nothing written any more, so it goes without --drop */
	assert_int_equal(sheet_set(f->st, s, s->rows[0].id, 0, "", -1, NULL, NULL, &err), MM_OK);
	sheet_free(s);
	buf_clear(&report);
	assert_int_equal(upgrade_to(f, "drop-spare.json", false, false, &report, &out, &err),
		MM_OK);
	assert_non_null(strstr(buf_str(&report), "- activity spare \"Spare table\" removed"));
	assert_int_equal(tu_count(f->st, "SELECT COUNT(*) FROM sheet WHERE activity = 'spare'"), 0);
	buf_free(&report);
}

/* A kind change of an activity with work is refused even with --drop;
 * without work it is applied. */
static void test_kind_change(void **state)
{
	fixture *f = *state;
	ledger_row(f, f->g1, "PC", "Sato", "");
	char *before = snapshot(f);
	buf report = {0};
	upgrade_outcome out;
	mm_error err;
	assert_int_equal(upgrade_to(f, "kind.json", false, true, &report, &out, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "ledger"));
	assert_non_null(strstr(err.msg, "new id"));
	char *after = snapshot(f);
	assert_string_equal(before, after);
	free(after);
	free(before);
	buf_free(&report);
}

static void test_kind_change_empty(void **state)
{
	fixture *f = *state;
	buf report = {0};
	upgrade_outcome out;
	mm_error err;
	assert_int_equal(upgrade_to(f, "kind.json", false, false, &report, &out, &err), MM_OK);
	assert_non_null(strstr(buf_str(&report), "activity ledger kind changed"));
	buf_free(&report);
}

/* The room on a session that goes leaves it. */
static void test_room_leaves_removed_session(void **state)
{
	fixture *f = *state;
	mm_error err;
	buf report = {0};
	upgrade_outcome out;
	assert_int_equal(upgrade_to(f, "add.json", false, false, &report, &out, &err), MM_OK);
	assert_int_equal(store_room_set(f->st, "ws02", "risks", &err), MM_OK);
	assert_int_equal(upgrade_to(f, "base.json", false, false, &report, &out, &err), MM_OK);
	room_state r;
	assert_int_equal(store_room_get(f->st, &r, &err), MM_OK);
	assert_string_equal(r.session, "");
	assert_string_equal(r.activity, "");
	buf_free(&report);
}

/* A choice that goes is reported with the cells holding it; they keep
 * their value (nothing is deleted), so no --drop is needed. */
static void test_choice_removed(void **state)
{
	fixture *f = *state;
	buf report = {0};
	upgrade_outcome out;
	mm_error err;
	assert_int_equal(upgrade_to(f, "choice.json", false, false, &report, &out, &err), MM_OK);
	char *t = stored(f);
	scenario *sc = NULL;
	buf errs = {0};
	assert_int_equal(scenario_parse("s", t, strlen(t), &sc, &errs, NULL), MM_OK);
	free(t);
	sheet *s = NULL;
	assert_int_equal(sheet_open(f->st, tu_table_of(sc, "ledger"), OWNER_GROUP, f->g1, &s, &err),
		MM_OK);
	const char *v1[4] = {"PC-1", "Sato", "", "pc"}, *v2[4] = {"PC-2", "Sato", "", "pc"};
	assert_int_equal(sheet_insert(f->st, s, 0, v1, NULL, NULL, &err), MM_OK);
	assert_int_equal(sheet_insert(f->st, s, 1, v2, NULL, NULL, &err), MM_OK);
	sheet_free(s);
	scenario_free(sc);
	buf_clear(&report);
	assert_int_equal(upgrade_to(f, "choice-less.json", false, false, &report, &out, &err),
		MM_OK);
	assert_non_null(strstr(buf_str(&report), "column Media: choice PC removed"));
	assert_non_null(strstr(buf_str(&report), "2 cells keep this value"));
	assert_int_equal(tu_count(f->st, "SELECT COUNT(*) FROM cell WHERE col = 'media'"), 2);
	buf_free(&errs);
	buf_free(&report);
}

/* A checklist item that goes with an answer: refused unless --drop, then
 * the answer goes and the other item's stays. */
static void test_checklist_item_removed(void **state)
{
	fixture *f = *state;
	buf report = {0};
	upgrade_outcome out;
	mm_error err;
	assert_int_equal(upgrade_to(f, "checklist.json", false, false, &report, &out, &err),
		MM_OK);
	char *t = stored(f);
	scenario *sc = NULL;
	buf errs = {0};
	assert_int_equal(scenario_parse("s", t, strlen(t), &sc, &errs, NULL), MM_OK);
	free(t);
	const activity *act = scenario_find_activity(sc, "check");
	sheet *s = NULL;
	assert_int_equal(sheet_open(f->st, act->storage, OWNER_GROUP, f->g1, &s, &err), MM_OK);
	const char *v[2] = {"q01", "yes"}, *w[2] = {"q02", "no"};
	assert_int_equal(sheet_insert(f->st, s, 0, v, NULL, NULL, &err), MM_OK);
	assert_int_equal(sheet_insert(f->st, s, 1, w, NULL, NULL, &err), MM_OK);
	sheet_free(s);
	scenario_free(sc);
	char *before = snapshot(f);
	buf_clear(&report);
	assert_int_equal(upgrade_to(f, "checklist-less.json", false, false, &report, &out, &err),
		MM_EUSER);
	assert_non_null(strstr(err.msg, "check: removing item or section q02 would lose 1 cell"));
	char *after = snapshot(f);
	assert_string_equal(before, after);
	free(after);
	free(before);
	buf_clear(&report);
	assert_int_equal(upgrade_to(f, "checklist-less.json", false, true, &report, &out, &err),
		MM_OK);
	assert_int_equal(tu_count(f->st, "SELECT COUNT(*) FROM cell WHERE col = 'answer' "
		"AND value = 'no'"), 0);
	assert_int_equal(tu_count(f->st, "SELECT COUNT(*) FROM cell WHERE col = 'answer' "
		"AND value = 'yes'"), 1);
	buf_free(&errs);
	buf_free(&report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_retitle_keeps_work, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_and_identical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_session_and_activity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_activity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kind_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kind_change_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_room_leaves_removed_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choice_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checklist_item_removed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
