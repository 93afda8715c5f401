/*
 * busy_tui.c — a group's terminal saving while another process holds the
 * write lock longer than the busy timeout: the person is told, keeps what
 * they typed, and nothing is half-saved; once the lock is gone, Enter again
 * saves it.
 *
 * `mamori init` (2 groups) and an import of three rows into group 1's IT
 * inventory; `mamori --group 1 --open it-inventory` in a pty (libvterm,
 * tests/e2e/vt.c).  This process takes the write lock (BEGIN IMMEDIATE on
 * its own connection) and keeps it; the terminal opens the first row's name,
 * clears it, types 「保留1」 and presses Enter.  Then, with deadlines:
 *   - the screen says the database is busy (データベースが使用中です) — not
 *     a crash (the program still runs) and not a silent success: the value
 *     is in no cell and no change;
 *   - the typed text is still in the editor (its row not drawn as saved);
 * the lock is released, Enter pressed again, and
 *   - the editor closes, the row shows 保留1 beside its company, and
 *     the database holds it: the cell, and exactly one 'set' in the log.
 * The lock is held until the message shows (deadline 120 s), so it is held
 * past the busy timeout whatever the store sets.
 *
 * busy-hangup: the same lock held while the person types 「下書き1」; then
 * the connection drops (SIGHUP to mamori, as when SSH goes away); once
 * mamori has exited the lock is released, the group's terminal started
 * again and the cell opened: the typed text must be offered back (the
 * draft).  busy-hangup-control: the same without the lock, which shows the
 * way back works and the case can pass.
 *
 *   meson test -C BUILD stress-busy-tui stress-busy-hangup stress-busy-hangup-control
 *   (need libvterm; MAMORI_BIN)
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "e2e_util.h"
#include "vt.h"

#define TEXT "保留1"
#define DRAFT "下書き1"
#define WAIT_MS 120000

static int64_t count(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *q;
	int64_t n = -1;
	if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, TEXT, -1, SQLITE_STATIC);
		if (sqlite3_bind_parameter_count(q) >= 2)
			sqlite3_bind_text(q, 2, DRAFT, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			n = sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	return n;
}

/* A workshop with three rows in group 1's IT inventory; returns the db. */
static const char *make_db(void)
{
	static char db[600];
	const char *dir = e2e_tmpdir();
	E2E_CHECK(NULL, dir, "no temporary directory");
	char csv[600];
	snprintf(db, sizeof db, "%s/busy.db", dir);
	snprintf(csv, sizeof csv, "%s/rows.csv", dir);
	run_result r = run_mamori((const char *[]){"init", "--db", db, "--groups", "2", NULL});
	E2E_CHECK(NULL, r.status == 0, "mamori init: %d %s", r.status, r.err);
	run_free(&r);
	FILE *f = fopen(csv, "w");
	E2E_CHECK(NULL, f, "cannot write %s", csv);
	fputs("name,company,users\n機器01,会社A,総務\n機器02,会社B,総務\n機器03,会社C,総務\n", f);
	fclose(f);
	r = run_mamori((const char *[]){"import", "--db", db, "--group", "1", "--activity",
		"it-inventory", csv, NULL});
	E2E_CHECK(NULL, r.status == 0, "mamori import: %d %s", r.status, r.err);
	run_free(&r);
	return db;
}

static vt *group_terminal(const char *db)
{
	const char *argv[] = {mamori_bin(), "--db", db, "--group", "1", "--open", "it-inventory",
		NULL};
	const char *env[] = {"MAMORI_LANG=ja", NULL};
	vt *t = vt_start(argv, env, 30, 100);
	E2E_CHECK(NULL, t, "cannot start mamori");
	E2E_CHECK(t, vt_wait_text(t, "機器03", WAIT_MS), "the table did not show");
	return t;
}

static sqlite3 *take_lock(vt *t, const char *db)
{
	sqlite3 *h = NULL;
	E2E_CHECK(t, sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK,
		"cannot open %s", db);
	sqlite3_busy_timeout(h, 10000);
	E2E_CHECK(t, sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK,
		"BEGIN IMMEDIATE: %s", sqlite3_errmsg(h));
	return h;
}

/* The connection dropped (SIGHUP) while another process holds the write
 * lock past the busy timeout: what was typed is offered back on the next
 * start of the group's terminal, once the lock is gone.  HOLD false: the
 * same without the lock (the harness's own check of the way back). */
static void hangup_case(bool hold)
{
	const char *db = make_db();
	vt *t = group_terminal(db);
	sqlite3 *h = hold ? take_lock(t, db) : NULL;
	vt_key(t, VT_KEY_ENTER);
	E2E_CHECK(t, vt_wait_text(t, "Esc 取り消し", WAIT_MS), "the editor did not open");
	vt_send(t, "\x15"); /* Ctrl-U */
	vt_type(t, DRAFT);
	E2E_CHECK(t, vt_wait_text(t, DRAFT, WAIT_MS), "the typed text did not show");
	long long t0 = e2e_now_ms();
	kill((pid_t)vt_pid(t), SIGHUP);
	int st = vt_wait_exit(t, WAIT_MS);
	long long exited = e2e_now_ms() - t0;
	E2E_CHECK(t, st != -1, "mamori still runs %d ms after SIGHUP", WAIT_MS);
	vt_free(t);
	if (h) {
		E2E_CHECK(NULL, sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK,
			"ROLLBACK: %s", sqlite3_errmsg(h));
		sqlite3_close(h);
	}
	int64_t drafts = -1;
	{
		sqlite3 *r = NULL;
		if (sqlite3_open_v2(db, &r, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
			drafts = count(r, "SELECT count(*) FROM draft WHERE text = ?2 OR text = ?1");
		sqlite3_close(r);
	}
	t = group_terminal(db);
	vt_key(t, VT_KEY_ENTER);
	E2E_CHECK(t, vt_wait_text(t, DRAFT, 15000),
		"what was typed before the hangup (%s) is not offered back on the next start%s; "
		"mamori exited %lld ms after SIGHUP (status %d), %lld drafts hold the text",
		DRAFT, hold ? " (the write lock was held past the busy timeout at the hangup)" : "",
		exited, st, (long long)drafts);
	printf("busy-hangup%s: mamori exited %lld ms after SIGHUP (status %d); the typed text "
		"came back on the next start\n", hold ? "" : " (no lock)", exited, st);
	vt_free(t);
}

static void busy_hangup(void)
{
	hangup_case(true);
}

static void busy_hangup_control(void)
{
	hangup_case(false);
}

static void busy_tui(void)
{
	const char *db = make_db();
	vt *t = group_terminal(db);
	/* another process takes the write lock and keeps it */
	sqlite3 *h = take_lock(t, db);

	long long ta = e2e_now_ms();
	vt_key(t, VT_KEY_ENTER);
	E2E_CHECK(t, vt_wait_text(t, "Esc 取り消し", WAIT_MS), "the editor did not open");
	long long tb = e2e_now_ms();
	vt_send(t, "\x15"); /* Ctrl-U */
	vt_type(t, TEXT);
	E2E_CHECK(t, vt_wait_text(t, TEXT, WAIT_MS), "the typed text did not show");
	long long tc = e2e_now_ms();
	vt_key(t, VT_KEY_ENTER);
	long long t0 = e2e_now_ms();
	E2E_CHECK(t, vt_wait_text(t, "データベースが使用中です", WAIT_MS),
		"no word that the database is busy within %d ms of Enter", WAIT_MS);
	long long waited = e2e_now_ms() - t0;
	E2E_CHECK(t, vt_running(t), "mamori is not running after the busy save");
	/* still editing: the row shows the typed text alone (the grid would
	 * draw the row's company beside a saved name) */
	int row = -1, col = -1;
	E2E_CHECK(t, vt_find_text(t, TEXT, &row, &col), "the typed text is gone after the busy "
		"save");
	char *line = vt_row_text(t, row);
	bool editing = strstr(line, "会社A") == NULL;
	free(line);
	E2E_CHECK(t, editing, "the row is drawn as saved although the save was refused");
	/* nothing of it in the database (read through the lock holder's
	 * connection: it sees every committed write) */
	E2E_CHECK(t, count(h, "SELECT count(*) FROM cell WHERE value = ?1") == 0
		&& count(h, "SELECT count(*) FROM change WHERE new = ?1") == 0,
		"the save told busy is in the database anyway");

	/* the lock goes; Enter again saves */
	E2E_CHECK(t, sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK, "ROLLBACK: %s",
		sqlite3_errmsg(h));
	vt_key(t, VT_KEY_ENTER);
	E2E_CHECK(t, vt_wait_gone(t, "Esc 取り消し", WAIT_MS), "the editor did not close");
	E2E_CHECK(t, vt_wait_text(t, TEXT, WAIT_MS) && vt_find_text(t, TEXT, &row, &col),
		"the saved text is not on the screen");
	line = vt_row_text(t, row);
	bool drawn = strstr(line, "会社A") != NULL;
	free(line);
	E2E_CHECK(t, drawn, "the row does not show its name beside its company after saving");
	int64_t cells = count(h, "SELECT count(*) FROM cell WHERE value = ?1 AND col = 'name'");
	int64_t sets = count(h, "SELECT count(*) FROM change WHERE new = ?1 AND op = 'set' "
		"AND col = 'name'");
	E2E_CHECK(t, cells == 1 && sets == 1, "after saving: %lld cells, %lld sets hold \"%s\"",
		(long long)cells, (long long)sets, TEXT);
	sqlite3_close(h);
	printf("busy-tui: with the lock held, the editor opened in %lld ms, the typed text showed "
		"in %lld ms, the save was told busy %lld ms after Enter; text kept, nothing written; "
		"saved on the next Enter\n", tb - ta, tc - tb, waited);
	vt_free(t);
}

int main(int argc, char **argv)
{
	static const e2e_case cases[] = {
		{"busy-tui", busy_tui},
		{"busy-hangup", busy_hangup},
		{"busy-hangup-control", busy_hangup_control},
		{NULL, NULL},
	};
	return e2e_main(argc, argv, cases);
}
