/* test_archive.c — core/archive.c: a whole workshop in one file. Exported,
 * restored into a new database and exported again it gives the same bytes;
 * the restored workshop reports what the original did; every table of the
 * schema is in the file; a file that is not an archive, a newer one, one
 * whose scenario or references are wrong, or an existing database file is
 * refused, and nothing is left behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "archive.h"
#include "board.h"
#include "checklist.h"
#include "demo.h"
#include "drill.h"
#include "i18n.h"
#include "migrate.h"
#include "report.h"
#include "roster.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"
#include "survey.h"
#include "testutil.h"

#define ROSTER "グループ,会社,氏名\n1,さくら精密工業,佐藤 健一\n1,みなと印刷,鈴木 美咲\n" \
	"2,あおば会計事務所,高橋 大輔\n"
/* Japanese, a line break, quotes, a tab, a backslash and control bytes */
#define NASTY "顧客名簿 \"重要\"\n二行目\t'引用'\\ \x01\x1b[31m赤\x7f\r\n終"

typedef struct fixture {
	store *st;
	scenario *sc;
	char *text;
} fixture;

static void must(mm_status rc, const mm_error *err, const char *what)
{
	if (rc != MM_OK)
		fail_msg("%s: %s", what, err->msg);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	mm_error err;
	i18n_set_lang(LANG_EN);
	must(bundled_program(&f->text, &err), &err, "bundled program");
	buf errs = {0};
	assert_int_equal(scenario_parse("a", f->text, strlen(f->text), &f->sc, &errs, NULL), MM_OK);
	buf_free(&errs);
	must(store_create(tu_path("ws.db"), &f->st, &err), &err, "create");
	must(store_workshop_create(f->st, "春の会 \"デモ\"", f->text, 2, &err), &err, "workshop");
	roster_counts c;
	must(roster_import(f->st, ROSTER, strlen(ROSTER), &c, &err), &err, "roster");
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

static int64_t owner(store *st, owner_kind ok, const char *name)
{
	int64_t id = 0;
	mm_error err;
	must(report_find_owner(st, ok, name, &id, &err), &err, name);
	return id;
}

static const activity *act(const fixture *f, const char *id)
{
	const activity *a = scenario_find_activity(f->sc, id);
	if (!a)
		fail_msg("no activity %s", id);
	return a;
}

/* Work of several kinds: ledger rows (one edited twice), a checklist answer,
 * a board note with a vote, a survey answer, a drill run with a mark, a
 * document section, the room moved with a message and a lock, a draft. */
static void fill(fixture *f)
{
	store *st = f->st;
	mm_error err;
	int64_t g1 = owner(st, OWNER_GROUP, "1");
	int64_t sakura = owner(st, OWNER_COMPANY, "さくら精密工業");
	int64_t sato = 0;
	must(store_find(st, 2, "佐藤 健一", sakura, &sato, &err), &err, "sato");
	assert_true(sato > 0);

	const activity *ledger = act(f, "asset-ledger");
	sheet *s = NULL;
	must(sheet_open(st, ledger->storage, OWNER_GROUP, g1, &s, &err), &err, "ledger");
	const char **vals = calloc((size_t)ledger->storage->ncols + 1, sizeof *vals);
	int name = table_col_index(ledger->storage, "name");
	vals[name] = NASTY;
	int64_t row = 0;
	must(sheet_insert(st, s, 0, vals, &row, NULL, &err), &err, "insert");
	vals[name] = "見積書";
	must(sheet_insert(st, s, 1, vals, NULL, NULL, &err), &err, "insert 2");
	free(vals);
	must(sheet_set(st, s, row, table_col_index(ledger->storage, "c"), "3", -1, NULL, NULL,
		&err), &err, "set c");
	must(sheet_set(st, s, row, table_col_index(ledger->storage, "c"), "2", -1, NULL, NULL,
		&err), &err, "set c again");
	sheet_free(s);

	const activity *check = act(f, "self-check");
	const checklist_def *cd = checklist_of(check);
	must(sheet_open(st, cd->storage, OWNER_COMPANY, sakura, &s, &err), &err, "checklist");
	must(checklist_set(st, s, cd, cd->items[0].id, cd->col_answer, cd->answers[0].value, 0,
		NULL, NULL, &err), &err, "answer");
	sheet_free(s);

	const activity *board = act(f, "ws01-problems");
	must(sheet_open(st, board->storage, OWNER_GROUP, g1, &s, &err), &err, "board");
	int64_t note = 0;
	must(board_add(st, s, "problems", "パスワードを「付箋」に \"書いている\"", "佐藤 健一", -1, &note,
		NULL, &err), &err, "note");
	must(board_vote(st, s, note, sato, 1, &err), &err, "vote");
	sheet_free(s);

	must(survey_answer(st, act(f, "participant-survey"), sato, "satisfaction", "1", &err), &err,
		"survey");

	const activity *drill = act(f, "ransomware-drill");
	must(drill_start(st, drill, &err), &err, "drill start");
	must(drill_mark_expect(st, drill, g1, drill_of(drill)->expects[0].id, true, &err), &err,
		"mark");

	must(store_room_set(st, ledger->session->id, "asset-ledger", &err), &err, "room");
	must(store_room_set_message(st, "あと5分\nです", &err), &err, "message");
	must(store_activity_lock(st, "asset-ledger", true, &err), &err, "lock");
	must(store_draft_save(st, "asset-ledger:書きかけ", "途中の\n文章", 1, &err), &err, "draft");
}

static char *export_of(store *st)
{
	buf out = {0};
	mm_error err;
	must(archive_export(st, &out, &err), &err, "export");
	return buf_steal(&out);
}

static char *report_of(store *st, const scenario *sc, owner_kind ok, const char *name)
{
	buf out = {0};
	mm_error err;
	must(report_build(st, sc, NULL, ok, owner(st, ok, name), "md", &out, &err), &err, "report");
	return buf_steal(&out);
}

static bool exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

/* Nothing at PATH: no database, no -wal, no -shm. */
static void assert_nothing_at(const char *path)
{
	char side[600];
	assert_false(exists(path));
	snprintf(side, sizeof side, "%s-wal", path);
	assert_false(exists(side));
	snprintf(side, sizeof side, "%s-shm", path);
	assert_false(exists(side));
}

static void test_round_trip_is_byte_identical(void **state)
{
	fixture *f = *state;
	fill(f);
	/* an older draft of the same place, from another (dead) terminal */
	assert_int_equal(sqlite3_exec(store_db(f->st), "INSERT INTO draft(who, place, pid, base, "
		"text, at) VALUES ('facilitator', 'asset-ledger:書きかけ', 999999, -1, '古い', 1)",
		NULL, NULL, NULL), SQLITE_OK);
	char *a = export_of(f->st);
	assert_non_null(strstr(a, "{\n  \"mamori-workshop\": 1,\n"));
	char want[40];
	snprintf(want, sizeof want, "\"schema\": %d,", migrate_latest());
	assert_non_null(strstr(a, want));

	mm_error err;
	archive_counts c;
	const char *copy = tu_path("copy.db");
	must(archive_import(copy, "ws.json", a, strlen(a), &c, &err), &err, "import");
	assert_int_equal(c.groups, 2);
	assert_int_equal(c.companies, 3);
	assert_int_equal(c.people, 3);
	assert_int_equal(c.sheets, 4); /* ledger, checklist, board, survey */
	assert_true(c.changes >= 6);
	store *st2 = NULL;
	must(store_open(copy, &st2, &err), &err, "open copy");
	char *b = export_of(st2);
	assert_string_equal(a, b);

	/* the text of a cell, exactly */
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(st2), "SELECT value FROM cell WHERE col = "
		"'name' ORDER BY row_id LIMIT 1", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), NASTY);
	sqlite3_finalize(q);

	/* the same take-home reports */
	for (int k = 0; k < 3; k++) {
		owner_kind ok = k == 0 ? OWNER_GROUP : OWNER_COMPANY;
		const char *who = k == 0 ? "1" : k == 1 ? "さくら精密工業" : "あおば会計事務所";
		char *r1 = report_of(f->st, f->sc, ok, who);
		char *r2 = report_of(st2, f->sc, ok, who);
		assert_string_equal(r1, r2);
		if (k < 2)
			assert_non_null(strstr(r1, "二行目"));
		free(r1);
		free(r2);
	}
	/* the room as it was */
	room_state r1, r2;
	must(store_room_get(f->st, &r1, &err), &err, "room");
	must(store_room_get(st2, &r2, &err), &err, "room copy");
	assert_string_equal(r2.activity, "asset-ledger");
	assert_string_equal(r2.message, r1.message);
	bool locked = false;
	must(store_activity_locked(st2, "asset-ledger", &locked, &err), &err, "locked");
	assert_true(locked);
	/* what was being typed is offered back on the new machine */
	char *place = NULL, *text = NULL;
	int base = 0;
	must(store_draft_take(st2, "asset-ledger:", &place, &text, &base, &err), &err, "draft");
	assert_non_null(text);
	assert_string_equal(text, "途中の\n文章");
	assert_int_equal(base, 1);
	free(place);
	free(text);
	/* and then the older one */
	must(store_draft_take(st2, "asset-ledger:", &place, &text, &base, &err), &err, "draft 2");
	assert_non_null(text);
	assert_string_equal(text, "古い");
	free(place);
	free(text);
	store_close(st2);
	free(a);
	free(b);
}

/* The demo workshop (30 people) goes round too. */
static void test_demo_round_trip(void **state)
{
	(void)state;
	mm_error err;
	store *st = NULL;
	must(store_create(tu_path("demo.db"), &st, &err), &err, "create demo");
	must(demo_populate(st, &err), &err, "demo");
	char *a = export_of(st);
	store_close(st);
	must(archive_import(tu_path("demo2.db"), "demo.json", a, strlen(a), NULL, &err), &err,
		"import demo");
	must(store_open(tu_path("demo2.db"), &st, &err), &err, "open");
	char *b = export_of(st);
	assert_int_equal(store_count(st, "person"), DEMO_GROUPS * DEMO_PER_GROUP);
	store_close(st);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* Every table of the schema is in the archive or on its list of tables left
 * out: a table added to migrate.c and not to archive.c fails here. */
static void test_every_table_is_archived(void **state)
{
	fixture *f = *state;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT name FROM sqlite_master "
		"WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &q, NULL),
		SQLITE_OK);
	int n = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(q, 0);
		bool found = false;
		for (int k = 0; archive_tables[k]; k++)
			found = found || strcmp(archive_tables[k], t) == 0;
		for (int k = 0; archive_skipped[k]; k++)
			found = found || strcmp(archive_skipped[k], t) == 0;
		if (!found)
			fail_msg("table %s of the schema is not in the archive (archive.c)", t);
		n++;
	}
	sqlite3_finalize(q);
	int listed = 0;
	for (int k = 0; archive_tables[k]; k++)
		listed++;
	for (int k = 0; archive_skipped[k]; k++)
		listed++;
	assert_int_equal(n, listed); /* and nothing listed that the schema lacks */
}

/* The archive of the fixture with EDIT applied, as text. */
static char *edited(fixture *f, void (*edit)(cJSON *root))
{
	char *a = export_of(f->st);
	cJSON *root = cJSON_Parse(a);
	free(a);
	assert_non_null(root);
	edit(root);
	char *s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return s;
}

static cJSON *table(cJSON *root, const char *name)
{
	return cJSON_GetObjectItem(cJSON_GetObjectItem(root, "tables"), name);
}

static void newer_format(cJSON *root)
{
	cJSON_SetNumberValue(cJSON_GetObjectItem(root, "mamori-workshop"), 2);
}

static void newer_schema(cJSON *root)
{
	cJSON_SetNumberValue(cJSON_GetObjectItem(root, "schema"), migrate_latest() + 1);
}

static void bad_scenario(cJSON *root)
{
	cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItem(table(root, "workshop"), "rows"), 0);
	/* columns: id, title, scenario, ... */
	cJSON_ReplaceItemInArray(row, 2, cJSON_CreateString("{\"format\": \"mamori-scenario/1\"}"));
}

static void broken_reference(cJSON *root)
{
	cJSON *rows = cJSON_GetObjectItem(table(root, "sheet_row"), "rows");
	cJSON *row = cJSON_Parse("[999999, 424242, 1.5, 0, 1]");
	cJSON_AddItemToArray(rows, row);
}

static void unknown_table(cJSON *root)
{
	cJSON_AddItemToObject(cJSON_GetObjectItem(root, "tables"), "x; DROP TABLE cell",
		cJSON_Parse("{\"columns\": [], \"rows\": []}"));
}

static void object_value(cJSON *root)
{
	cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItem(table(root, "grp"), "rows"), 1);
	cJSON_ReplaceItemInArray(row, 1, cJSON_CreateObject());
}

static void same_id_twice(cJSON *root)
{
	cJSON *rows = cJSON_GetObjectItem(table(root, "grp"), "rows");
	cJSON_AddItemToArray(rows, cJSON_Duplicate(cJSON_GetArrayItem(rows, 0), true));
}

static void missing_table(cJSON *root)
{
	cJSON_DeleteItemFromObject(cJSON_GetObjectItem(root, "tables"), "room");
}

static void unknown_column(cJSON *root)
{
	cJSON *cols = cJSON_GetObjectItem(table(root, "grp"), "columns");
	cJSON_ReplaceItemInArray(cols, 1, cJSON_CreateString("name\"); DROP TABLE cell; --"));
}

static void test_refusals_leave_nothing(void **state)
{
	fixture *f = *state;
	fill(f);
	const char *to = tu_path("new.db");
	mm_error err;
	struct {
		void (*edit)(cJSON *);
		const char *plain; /* instead of an edit */
		const char *says;
	} bad[] = {
		{NULL, "hello", "is not a mamori workshop file"},
		{NULL, "{\"tables\": {}}", "is not a mamori workshop file"},
		{NULL, "[1, 2]", "is not a mamori workshop file"},
		{newer_format, NULL, "written by a newer mamori (format 2"},
		{newer_schema, NULL, "written by a newer mamori"},
		{bad_scenario, NULL, "the scenario is not valid: ws.json:workshop.scenario"},
		{broken_reference, NULL, "refers to a row of sheet that is not there"},
		{unknown_table, NULL, "\"x; DROP TABLE cell\" is not a table of mamori"},
		{object_value, NULL, "table grp, row 2: a value must be"},
		{same_id_twice, NULL, "table grp, row 3: UNIQUE"},
		{missing_table, NULL, "table room is missing"},
		{unknown_column, NULL, "table grp has no column"},
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		char *text = bad[k].plain ? strdup(bad[k].plain) : edited(f, bad[k].edit);
		mm_status rc = archive_import(to, "ws.json", text, strlen(text), NULL, &err);
		if (rc == MM_OK || !strstr(err.msg, bad[k].says))
			fail_msg("case %zu: want \"%s\", got %d: %s", k, bad[k].says, rc, err.msg);
		assert_nothing_at(to);
		free(text);
	}
	/* never into an existing file, which stays as it was */
	char *good = export_of(f->st);
	assert_int_equal(tu_write_file(to, "mine", 4), 0);
	assert_int_equal(archive_import(to, "ws.json", good, strlen(good), NULL, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "already exists"));
	size_t n = 0;
	char *kept = tu_read_file(to, &n);
	assert_int_equal(n, 4);
	assert_memory_equal(kept, "mine", 4);
	free(kept);
	assert_int_equal(archive_import(tu_path("ws.db"), "ws.json", good, strlen(good), NULL, &err),
		MM_EUSER);
	/* and the good one goes in */
	unlink(to);
	must(archive_import(to, "ws.json", good, strlen(good), NULL, &err), &err, "good");
	free(good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip_is_byte_identical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_table_is_archived, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_leave_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
