/* crash.c — a terminal killed with SIGKILL in the middle of writing leaves a
 * database that opens, passes SQLite's integrity check, and whose cells
 * agree with the change log: every committed write is there with its
 * history, and nothing half-written. Repeated a few times at random moments.
 *   meson test -C BUILD crash */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scenario.h"
#include "sheet.h"
#include "store.h"

#define ROUNDS 5

static int fails;

static int query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return -1;
	int v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
	sqlite3_finalize(q);
	return v;
}

/* The writer: edits cells, inserts and deletes rows, until it is killed. */
static void writer(const char *db, const table_def *def, int64_t gid)
{
	store *st;
	mm_error err;
	if (store_open(db, &st, &err) != MM_OK)
		_exit(2);
	sheet *s;
	if (sheet_open(st, def, OWNER_GROUP, gid, &s, &err) != MM_OK)
		_exit(3);
	int note = table_col_index(def, "note");
	for (unsigned k = 0;; k++) {
		char v[64];
		snprintf(v, sizeof v, "edit-%u", k);
		if (k % 7 == 0 || s->nrows == 0) {
			sheet_insert(st, s, s->nrows, NULL, NULL, NULL, &err);
		} else if (k % 11 == 0) {
			sheet_delete(st, s, s->rows[0].id, NULL, &err);
		} else {
			sheet_row *r = &s->rows[k % (unsigned)s->nrows];
			sheet_set(st, s, r->id, note, v, -1, NULL, NULL, &err);
		}
	}
}

static void check(const char *db)
{
	store *st;
	mm_error err;
	if (store_open(db, &st, &err) != MM_OK) {
		fprintf(stderr, "crash: the database does not open: %s\n", err.msg);
		fails++;
		return;
	}
	sqlite3 *d = store_db(st);
	sqlite3_stmt *q;
	sqlite3_prepare_v2(d, "PRAGMA integrity_check", -1, &q, NULL);
	const char *ok = sqlite3_step(q) == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0)
		: "?";
	if (strcmp(ok, "ok") != 0) {
		fprintf(stderr, "crash: integrity_check: %s\n", ok);
		fails++;
	}
	sqlite3_finalize(q);
	/* every cell equals the newest 'set' of it in the change log */
	int bad = query_int(d,
		"SELECT COUNT(*) FROM cell c WHERE c.value IS NOT (SELECT ch.new FROM change ch "
		"WHERE ch.row_id = c.row_id AND ch.col = c.col AND ch.op = 'set' "
		"ORDER BY ch.id DESC LIMIT 1)");
	if (bad != 0) {
		fprintf(stderr, "crash: %d cells disagree with their history\n", bad);
		fails++;
	}
	/* every row inserted is in the log, and deleted rows were logged */
	bad = query_int(d, "SELECT COUNT(*) FROM sheet_row r WHERE NOT EXISTS (SELECT 1 FROM "
		"change ch WHERE ch.row_id = r.id AND ch.op = 'insert')");
	bad += query_int(d, "SELECT COUNT(*) FROM sheet_row r WHERE r.deleted = 1 AND NOT EXISTS "
		"(SELECT 1 FROM change ch WHERE ch.row_id = r.id AND ch.op = 'delete')");
	if (bad != 0) {
		fprintf(stderr, "crash: %d rows without their history\n", bad);
		fails++;
	}
	/* and the version of a cell counts its sets */
	bad = query_int(d, "SELECT COUNT(*) FROM cell c WHERE c.version <> (SELECT COUNT(*) FROM "
		"change ch WHERE ch.row_id = c.row_id AND ch.col = c.col AND ch.op = 'set')");
	if (bad != 0) {
		fprintf(stderr, "crash: %d cells whose version does not count their writes\n", bad);
		fails++;
	}
	store_close(st);
}

int main(void)
{
	char dir[] = "/tmp/mamori-crash-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char db[128];
	snprintf(db, sizeof db, "%s/crash.db", dir);
	char *text = NULL;
	buf errs = {0};
	scenario *sc = NULL;
	if (scenario_load_file(SOURCE_ROOT "/scenarios/sme-program.json", &text, &sc, &errs, NULL)
		!= MM_OK) {
		fprintf(stderr, "crash: %s", buf_str(&errs));
		return 1;
	}
	const table_def *def = scenario_find_activity(sc, "asset-ledger")->table;
	store *st;
	mm_error err;
	if (store_create(db, &st, &err) != MM_OK
		|| store_workshop_create(st, "", text, 2, &err) != MM_OK) {
		fprintf(stderr, "crash: %s\n", err.msg);
		return 1;
	}
	owner_info *g;
	int ng;
	store_owners(st, 0, 0, &g, &ng, &err);
	int64_t gid = g[0].id;
	owner_list_free(g, ng);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	for (int round = 0; round < ROUNDS; round++) {
		int before = query_int(store_db(st), "SELECT COUNT(*) FROM change");
		pid_t pid = fork();
		if (pid == 0)
			writer(db, def, gid);
		/* wait until it has written a while (a random amount), then kill it */
		int target = before + 50 + rand() % 400;
		struct timespec pause = {0, 2 * 1000 * 1000};
		for (int tries = 0; tries < 10000; tries++) {
			if (query_int(store_db(st), "SELECT COUNT(*) FROM change") >= target)
				break;
			nanosleep(&pause, NULL); /* polling an observable count, not a fixed wait */
		}
		kill(pid, SIGKILL);
		int status;
		waitpid(pid, &status, 0);
		if (!WIFSIGNALED(status)) {
			fprintf(stderr, "crash: the writer ended by itself (status %d)\n", status);
			fails++;
		}
		check(db);
	}
	int writes = query_int(store_db(st), "SELECT COUNT(*) FROM change");
	store_close(st);
	scenario_free(sc);
	free(text);
	buf_free(&errs);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "crash: could not remove %s\n", dir);
	printf("crash: %d rounds of SIGKILL mid-write, %d writes, %s\n", ROUNDS, writes,
		fails ? "FAILED" : "database consistent every time");
	return fails ? 1 : 0;
}
