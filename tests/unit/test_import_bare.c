/* test_import_bare.c — `mamori import` reads no rows (sheet_peek_bare):
 * what it imports is the same as through a loaded sheet. Appends go after
 * the rows in the database, refs name the first row with that label in
 * display order (looked up in the database: sheet_find_labels), an unknown
 * label is refused with nothing written, --replace reads what it replaces
 * (rows kept by name, referred rows protected), and the bare sheet holds no
 * rows before or after. A checklist import writes only the answers in its
 * file, over what is in the database when it writes (not a list read
 * before it waited for the lock).
 *
 * Each case has its own new database on the bundled program. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "checklist.h"
#include "export.h"
#include "roster.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "status.h"
#include "store.h"
#include "table.h"

#define SME SOURCE_ROOT "/scenarios/sme-program.json"

static struct {
	scenario *sme;
	char *sme_text;
	const table_def *ledger, *risk;
} S;

static int group_setup(void **state)
{
	(void)state;
	S.sme = tu_load_scenario(SME, &S.sme_text);
	S.ledger = tu_table_of(S.sme, "asset-ledger");
	S.risk = tu_table_of(S.sme, "risk-table");
	i18n_set_lang(LANG_EN);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	scenario_free(S.sme);
	free(S.sme_text);
	memset(&S, 0, sizeof S);
	return 0;
}

typedef struct fx {
	store *st;
	int64_t g;
	char path[512];
} fx;

static int fx_setup(void **state)
{
	static int seq;
	fx *f = xcalloc(1, sizeof *f);
	char name[64];
	snprintf(name, sizeof name, "bare-%d.db", ++seq);
	mm_error err = {0};
	snprintf(f->path, sizeof f->path, "%s", tu_path(name));
	if (store_create(f->path, &f->st, &err) != MM_OK)
		fail_msg("store_create: %s", err.msg);
	if (store_workshop_create(f->st, "", S.sme_text, 2, &err) != MM_OK)
		fail_msg("store_workshop_create: %s", err.msg);
	owner_info *o;
	int n;
	assert_int_equal(store_owners(f->st, 0, 0, &o, &n, &err), MM_OK);
	f->g = o[0].id;
	owner_list_free(o, n);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	fx *f = *state;
	store_close(f->st);
	free(f);
	return 0;
}

static sheet *bare(fx *f, const table_def *def)
{
	sheet *s = NULL;
	mm_error err = {0};
	if (sheet_peek_bare(f->st, def, OWNER_GROUP, f->g, &s, &err) != MM_OK)
		fail_msg("sheet_peek_bare %s: %s", def->activity_id, err.msg);
	assert_true(s->bare);
	assert_int_equal(s->nrows, 0);
	return s;
}

static sheet *loaded(fx *f, const table_def *def)
{
	sheet *s = NULL;
	mm_error err = {0};
	if (sheet_open(f->st, def, OWNER_GROUP, f->g, &s, &err) != MM_OK)
		fail_msg("sheet_open %s: %s", def->activity_id, err.msg);
	return s;
}

static void import_ok(fx *f, sheet *s, const char *csv, bool replace, int want)
{
	int n = -1;
	mm_error err = {0};
	if (import_sheet_csv(f->st, s, csv, strlen(csv), replace, &n, NULL, &err) != MM_OK)
		fail_msg("import: %s", err.msg);
	assert_int_equal(n, want);
}

static void import_refused(fx *f, sheet *s, const char *csv, bool replace, const char *msg)
{
	int n = -1;
	mm_error err = {0};
	assert_int_not_equal(import_sheet_csv(f->st, s, csv, strlen(csv), replace, &n, NULL, &err),
		MM_OK);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("refused with \"%s\", expected \"%s\"", err.msg, msg);
}

static const char *cell(const sheet *s, int r, const char *id)
{
	assert_true(r >= 0 && r < s->nrows);
	const char *v = s->rows[r].cells[table_col_index(s->def, id)].value;
	return v ? v : "";
}

/* The label column of S's rows in display order, joined by spaces. */
static void names(const sheet *s, const char *col, buf *out)
{
	buf_clear(out);
	for (int r = 0; r < s->nrows; r++)
		buf_printf(out, "%s%s", r ? " " : "", cell(s, r, col));
}

static void test_bare_append_after_database_rows(void **state)
{
	fx *f = *state;
	sheet *a = bare(f, S.ledger);
	assert_int_equal(a->id, 0); /* nobody wrote it: not made by peeking */
	import_ok(f, a, "name\nA\nB\nC\n", false, 3);
	assert_int_equal(a->nrows, 0); /* nothing read after the commit either */
	assert_true(a->id != 0);
	/* another terminal adds a row in the middle; an import through the
	 * same (still bare) sheet goes after every row in the database */
	sheet *v = loaded(f, S.ledger);
	mm_error err = {0};
	const char *vals[32] = {0};
	vals[S.ledger->label_col] = "M";
	assert_int_equal(sheet_insert(f->st, v, 3, vals, NULL, NULL, &err), MM_OK);
	import_ok(f, a, "name\nD\nE\n", false, 2);
	assert_int_equal(a->nrows, 0);
	assert_int_equal(sheet_reload(f->st, v, &err), MM_OK);
	buf b = {0};
	names(v, "name", &b);
	assert_string_equal(buf_str(&b), "A B C M D E");
	buf_free(&b);
	sheet_free(v);
	sheet_free(a);
}

static void test_bare_refs_first_in_display_order(void **state)
{
	fx *f = *state;
	sheet *ledger = loaded(f, S.ledger);
	import_ok(f, ledger, "name,note\nPC,first\nNAS,\nPC,second\n", false, 3);
	/* the second "PC" moved to the top: it is the first in display order
	 * although its id is the larger */
	mm_error err = {0};
	int64_t second = ledger->rows[2].id;
	assert_int_equal(sheet_move(f->st, ledger, second, 0, NULL, &err), MM_OK);
	assert_int_equal(sheet_find_label(ledger, "PC"), second);
	sheet *risk = bare(f, S.risk);
	assert_non_null(risk->ref[table_col_index(S.risk, "asset")]);
	assert_true(risk->ref[table_col_index(S.risk, "asset")]->bare);
	import_ok(f, risk, "scenario,asset\nleak,PC\ntheft,NAS\nfire,PC\n", false, 3);
	assert_int_equal(risk->nrows, 0);
	sheet *r = loaded(f, S.risk);
	assert_int_equal(r->nrows, 3);
	char want[32];
	snprintf(want, sizeof want, "%lld", (long long)second);
	assert_string_equal(cell(r, 0, "asset"), want);
	snprintf(want, sizeof want, "%lld", (long long)sheet_find_label(ledger, "NAS"));
	assert_string_equal(cell(r, 1, "asset"), want);
	snprintf(want, sizeof want, "%lld", (long long)second);
	assert_string_equal(cell(r, 2, "asset"), want);
	/* the same as a loaded sheet gives */
	sheet *risk2 = loaded(f, S.risk);
	import_ok(f, risk2, "scenario,asset\nleak2,PC\n", false, 1);
	assert_string_equal(cell(risk2, 3, "asset"), cell(r, 0, "asset"));
	sheet_free(risk2);
	sheet_free(r);
	sheet_free(risk);
	sheet_free(ledger);
}

static void test_bare_unknown_label_writes_nothing(void **state)
{
	fx *f = *state;
	sheet *ledger = loaded(f, S.ledger);
	import_ok(f, ledger, "name\nPC\n", false, 1);
	sheet *risk = bare(f, S.risk);
	import_refused(f, risk, "scenario,asset\nleak,PC\nloss,Laptop\n", false,
		"line 3, column 2");
	import_refused(f, risk, "scenario,asset\nloss,Laptop\n", false, "Laptop");
	/* a deleted row's name does not count */
	mm_error err = {0};
	assert_int_equal(sheet_delete(f->st, ledger, ledger->rows[0].id, NULL, &err), MM_OK);
	import_refused(f, risk, "scenario,asset\nleak,PC\n", false, "line 2, column 2");
	int rows = -1, sets = -1;
	assert_int_equal(sheet_count(f->st, "risk-table", OWNER_GROUP, f->g, &rows, &sets, &err),
		MM_OK);
	assert_int_equal(rows, 0);
	sheet_free(risk);
	sheet_free(ledger);
}

static void test_bare_replace(void **state)
{
	fx *f = *state;
	sheet *ledger = bare(f, S.ledger);
	import_ok(f, ledger, "name,note\nPC,a\nNAS,b\nUSB,c\n", false, 3);
	sheet *v = loaded(f, S.ledger);
	int64_t nas = sheet_find_label(v, "NAS"), usb = sheet_find_label(v, "USB");
	sheet *risk = bare(f, S.risk);
	import_ok(f, risk, "scenario,asset\nleak,USB\n", false, 1);
	/* USB is referred to: a replace without it is refused, nothing changes */
	import_refused(f, ledger, "name,note\nNAS,x\nPC,y\n", true, "USB");
	assert_int_equal(ledger->nrows, 0);
	mm_error err = {0};
	assert_int_equal(sheet_reload(f->st, v, &err), MM_OK);
	buf b = {0};
	names(v, "name", &b);
	assert_string_equal(buf_str(&b), "PC NAS USB");
	/* with it: the file's order, kept rows the same rows, PC gone */
	import_ok(f, ledger, "name,note\nUSB,z\nNAS,x\nSSD,new\n", true, 3);
	assert_int_equal(ledger->nrows, 0); /* what it read is not kept */
	assert_int_equal(sheet_reload(f->st, v, &err), MM_OK);
	names(v, "name", &b);
	assert_string_equal(buf_str(&b), "USB NAS SSD");
	names(v, "note", &b);
	assert_string_equal(buf_str(&b), "z x new");
	assert_int_equal(sheet_find_label(v, "NAS"), nas);
	assert_int_equal(sheet_find_label(v, "USB"), usb);
	buf_free(&b);
	sheet_free(risk);
	sheet_free(v);
	sheet_free(ledger);
}

/* The answer stored for ITEM in the checklist sheet S (read again). */
static char *answer_of(fx *f, sheet *s, const char *item)
{
	mm_error err = {0};
	assert_int_equal(sheet_reload(f->st, s, &err), MM_OK);
	for (int r = 0; r < s->nrows; r++)
		if (strcmp(cell(s, r, "item"), item) == 0)
			return xstrdup(cell(s, r, "answer"));
	return xstrdup("");
}

/* Another terminal answers item 2 while a checklist import of items 1 and 3
 * waits for the write lock (it holds the lock, saves, lets go): the import
 * must not write item 2 back as it was before. The other terminal is a
 * child process with its own connection; it takes the lock before the
 * import reads, and commits a second after (the import is waiting by then:
 * if it were slower it would only read the new answer, and pass). */
static void test_checklist_import_keeps_answer_saved_meanwhile(void **state)
{
	fx *f = *state;
	mm_error err = {0};
	roster_counts rc;
	const char *roster = "group,company,name\n1,Acme,Sato\n";
	assert_int_equal(roster_import(f->st, roster, strlen(roster), &rc, &err), MM_OK);
	company_info *c;
	int nc;
	assert_int_equal(store_companies(f->st, 0, &c, &nc, &err), MM_OK);
	assert_int_equal(nc, 1);
	int64_t company = c[0].id;
	company_list_free(c, nc);
	const activity *act = scenario_find_activity(S.sme, "self-check");
	assert_non_null(act);
	const checklist_def *d = checklist_of(act);
	sheet *s = NULL;
	assert_int_equal(sheet_open(f->st, act->storage, OWNER_COMPANY, company, &s, &err), MM_OK);
	/* items 1..3 answered with the first answer */
	const char *a0 = d->answers[0].value, *a1 = d->answers[1].value;
	buf csv = {0};
	buf_printf(&csv, "number,answer\n1,%s\n2,%s\n3,%s\n", a0, a0, a0);
	assert_int_equal(checklist_import_csv(f->st, s, csv.s, csv.len, &err), MM_OK);
	const char *item2 = d->items[1].id;
	char *before = answer_of(f, s, item2);
	assert_string_equal(before, a0);
	free(before);
	int go[2], locked[2];
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(locked), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(go[1]);
		close(locked[0]);
		sqlite3 *h = NULL;
		int ok = sqlite3_open_v2(f->path, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK
			&& sqlite3_busy_timeout(h, 5000) == SQLITE_OK
			&& sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
		sqlite3_stmt *q = NULL;
		ok = ok && sqlite3_prepare_v2(h, "UPDATE cell SET value = ?1, version = version + 1 "
			"WHERE col = 'answer' AND row_id IN (SELECT row_id FROM cell WHERE col = 'item' "
			"AND value = ?2)", -1, &q, NULL) == SQLITE_OK;
		if (ok) {
			sqlite3_bind_text(q, 1, a1, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 2, item2, -1, SQLITE_STATIC);
			ok = sqlite3_step(q) == SQLITE_DONE && sqlite3_changes(h) == 1;
		}
		sqlite3_finalize(q);
		if (write(locked[1], ok ? "y" : "n", 1) != 1)
			_exit(2);
		usleep(1000 * 1000); /* the import is waiting for the lock by now */
		ok = ok && sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
		sqlite3_close(h);
		_exit(ok ? 0 : 1);
	}
	close(go[0]);
	close(go[1]);
	close(locked[1]);
	char y = 0;
	assert_int_equal(read(locked[0], &y, 1), 1);
	close(locked[0]);
	assert_int_equal(y, 'y');
	/* items 1 and 3 get the second answer; item 2 is not in the file */
	buf_clear(&csv);
	buf_printf(&csv, "number,answer\n1,%s\n3,%s\n", a1, a1);
	assert_int_equal(checklist_import_csv(f->st, s, csv.s, csv.len, &err), MM_OK);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	char *v1 = answer_of(f, s, d->items[0].id), *v2 = answer_of(f, s, item2),
		*v3 = answer_of(f, s, d->items[2].id);
	assert_string_equal(v1, a1);
	assert_string_equal(v3, a1);
	assert_string_equal(v2, a1); /* the other terminal's, not the import's stale copy */
	free(v1);
	free(v2);
	free(v3);
	buf_free(&csv);
	sheet_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bare_append_after_database_rows, fx_setup,
			fx_teardown),
		cmocka_unit_test_setup_teardown(test_bare_refs_first_in_display_order, fx_setup,
			fx_teardown),
		cmocka_unit_test_setup_teardown(test_bare_unknown_label_writes_nothing, fx_setup,
			fx_teardown),
		cmocka_unit_test_setup_teardown(test_bare_replace, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_checklist_import_keeps_answer_saved_meanwhile,
			fx_setup, fx_teardown),
	};
	int rc = cmocka_run_group_tests(tests, group_setup, group_teardown);
	tu_cleanup();
	return rc;
}
