/*
 * stress.c — many terminals writing one sheet at once, and one terminal
 * holding the write lock past the busy timeout.
 *
 * The parent makes a workshop from the bundled program (3 groups), gives
 * group 1's asset ledger NROWS rows, reads the busy wait the store gives
 * its connections (store_busy_wait), closes its connection and forks
 * NPROC writers and one lock holder.  Each writer opens its own store (even
 * ones as the facilitator, odd ones as group 1's terminal), loads the sheet
 * and makes NEDITS edits, each with a value written nowhere else:
 *   - most are compare-and-set edits of the `note` of a random row
 *     ("p3-e517": writer 3, edit 517).  A conflict is the expected answer
 *     when another terminal got there first: the writer reloads and writes
 *     again on top of the new version;
 *   - some insert a row named "p3-n517" at a random place, delete a random
 *     row (while the sheet has more than NROWS/2), or move a random row to
 *     a random place.  A row another writer deleted meanwhile is the
 *     expected refusal (MM_ENOTFOUND) for edits of it.
 * Every edit's final answer is what the writer was *told*: it writes one
 * line per edit to its own file (op, row, value, ok or the status, when it
 * started and ended, the message).
 *
 * The holder waits until a third of the expected writes are logged, then
 * takes the write lock (store_begin: BEGIN IMMEDIATE) and holds it for the
 * busy timeout plus 1.5 s, writing nothing.  Every writer that tries to
 * write meanwhile waits the busy timeout and must be told so: MM_EDB with
 * the store's "the database is busy" message; it notes that, does not retry
 * that edit, and goes on.
 *
 * Afterwards the parent checks, reading the database directly:
 *   - every writer exited 0 and answered all NEDITS edits; no refusal but
 *     conflicts (retried), rows deleted by others, and busy during the hold;
 *   - at least one writer was told busy; every busy answer overlaps the
 *     hold (none without a lock held past the timeout) and is MM_EDB with
 *     the busy message;
 *   - what each writer was told agrees with the log: every set told ok is
 *     logged exactly once (row, column, value), every set told failed
 *     (conflict given up, row gone, busy) is nowhere in the log or the
 *     cells, and nothing is logged that no writer was told ok; every insert
 *     told ok is a row of the sheet with its name cell and its 'insert',
 *     every insert told failed left nothing; each row's deletes logged are
 *     exactly those told ok, and at least its moves told ok are logged (a
 *     renumbering may log more); nothing else was logged;
 *   - the sheet has NROWS + inserts - deletes live rows;
 *   - the database agrees with its change log (logcheck.h: each cell holds
 *     the new value of its last set and its version counts them, the sets of
 *     a cell form one chain, rows' deleted flags and positions are those of
 *     their last delete and move).
 * It prints one summary line (time, writes per second, conflict retries,
 * the edits of each kind, how long the busy writers waited).
 *
 * Run: meson test -C BUILD stress   (suite 'stress'; also under ASan/UBSan)
 * STRESS_PROCS / STRESS_EDITS in the environment override 7 / 1000, and
 * STRESS_THINK_US the pause between one writer's edits (random, below
 * 1000 µs).  STRESS_KEEP=1 keeps the database (and the writers' files) of a
 * failed run.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "demo.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"

#ifndef SOURCE_ROOT
#error "SOURCE_ROOT must be defined (the project's source directory)"
#endif

#define NROWS 50
#define NGROUPS 3
#define MAX_PROCS 32
#define MAX_TRIES_PER_EDIT 100000
#define ACTIVITY "asset-ledger"
#define COLUMN "note"
#define NAME_COLUMN "name"
#define HOLD_EXTRA_MS 1500 /* the holder keeps the lock this long past the timeout */
#define HOLD_START_DEADLINE_S 120

#include "logcheck.h"

typedef struct child_result {
	int answered;    /* edits with a final answer (ok or told failed) */
	int ok;          /* of which told ok */
	long retries;    /* conflicts answered by reload and retry */
	int failed;      /* 1: msg says why */
	char msg[800];
} child_result;

typedef struct hold_result {
	double start, end; /* CLOCK_MONOTONIC seconds: the lock held in between */
	int ok;
	char msg[600];
} hold_result;

static int nprocs = 7;
static int nedits = 1000;
/* Pause between a terminal's edits, at random below this many microseconds.
 * Without it SQLite's busy handler (which sleeps whole milliseconds) lets
 * whichever process holds the lock keep it for hundreds of edits in a row,
 * so the processes would take turns instead of interleaving, and hardly any
 * compare-and-set would ever fail. */
static int think_us = 1000;
static int busy_timeout_ms;
static int failures;
static char dir[512], db[600];

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("stress: FAIL: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	failures++;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int env_int(const char *name, int def, int lo, int hi)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return def;
	int v = atoi(s);
	return v < lo ? lo : v > hi ? hi : v;
}

static void told_path(int proc, char *out, size_t n)
{
	snprintf(out, n, "%s/told-%d", dir, proc);
}

static void rm_dir(void)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[700];
	for (size_t k = 0; k < sizeof suffix / sizeof suffix[0]; k++) {
		snprintf(p, sizeof p, "%s%s", db, suffix[k]);
		unlink(p);
	}
	for (int k = 0; k < MAX_PROCS; k++) {
		told_path(k, p, sizeof p);
		unlink(p);
	}
	rmdir(dir);
}

/* xorshift64*: each child its own reproducible sequence */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static int64_t query_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *q;
	int64_t v = -1;
	if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* ---- the parent's set-up -------------------------------------------------- */

static int64_t group_id(store *st, const char *name)
{
	owner_info *o;
	int n;
	mm_error err;
	if (store_owners(st, 0, 0, &o, &n, &err) != MM_OK) {
		fail("store_owners: %s", err.msg);
		return 0;
	}
	int64_t id = 0;
	for (int k = 0; k < n; k++)
		if (strcmp(o[k].name, name) == 0)
			id = o[k].id;
	owner_list_free(o, n);
	return id;
}

/* Creates the workshop and group 1's sheet with NROWS rows (notes blank).
 * Returns the change id after which the children's writes are logged, the
 * sheet's id and the store's busy timeout. */
static bool setup(const char *scenario_text, const table_def *def, int64_t *gid,
	int64_t *baseline, int64_t *sheet_id)
{
	store *st = NULL;
	sheet *s = NULL;
	mm_error err;
	bool ok = false;
	if (store_create(db, &st, &err) != MM_OK
		|| workshop_init(st, "stress", scenario_text, NGROUPS, &err) != MM_OK) {
		fail("creating the workshop: %s", err.msg);
		goto out;
	}
	busy_timeout_ms = store_busy_wait(st);
	if (busy_timeout_ms <= 0) {
		fail("the store sets no busy wait (store_busy_wait = %d)", busy_timeout_ms);
		goto out;
	}
	if (!(*gid = group_id(st, "1"))) {
		fail("no group \"1\" after init");
		goto out;
	}
	if (sheet_open(st, def, OWNER_GROUP, *gid, &s, &err) != MM_OK) {
		fail("sheet_open: %s", err.msg);
		goto out;
	}
	int name_col = table_col_index(def, NAME_COLUMN);
	char ***vals = xcalloc(NROWS, sizeof *vals);
	for (int r = 0; r < NROWS; r++) {
		vals[r] = xcalloc((size_t)def->ncols + 1, sizeof **vals);
		char name[64];
		snprintf(name, sizeof name, "共有フォルダ%02d", r + 1);
		vals[r][name_col] = xstrdup(name);
	}
	mm_status rc = sheet_insert_many(st, s, vals, NROWS, false, NULL, &err);
	for (int r = 0; r < NROWS; r++) {
		for (int k = 0; k < def->ncols; k++)
			free(vals[r][k]);
		free(vals[r]);
	}
	free(vals);
	if (rc != MM_OK) {
		fail("sheet_insert_many: %s", err.msg);
		goto out;
	}
	if (s->nrows != NROWS) {
		fail("the sheet has %d rows after inserting %d", s->nrows, NROWS);
		goto out;
	}
	*sheet_id = s->id;
	*baseline = query_int(store_db(st), "SELECT coalesce(max(id), 0) FROM change");
	ok = true;
out:
	sheet_free(s);
	store_close(st); /* no connection may cross fork() */
	return ok;
}

/* ---- a child: one terminal ------------------------------------------------ */

/* One line per edit: what the writer was told.
 *   OP ROW VALUE ok|fail STATUS T0 T1 MESSAGE */
static void tell(FILE *f, const char *op, int64_t row, const char *value, mm_status rc,
	double t0, double t1, const char *msg)
{
	char clean[520];
	snprintf(clean, sizeof clean, "%s", rc == MM_OK ? "-" : msg);
	for (char *c = clean; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	fprintf(f, "%s %lld %s %s %d %.6f %.6f %s\n", op, (long long)row, value,
		rc == MM_OK ? "ok" : "fail", (int)rc, t0, t1, clean);
}

/* The refusals an edit may meet under contention; anything else fails the
 * test (busy is checked against the hold afterwards). */
static bool expected_refusal(mm_status rc)
{
	return rc == MM_ENOTFOUND || rc == MM_EDB;
}

static void run_child(int proc, const table_def *def, int64_t gid, int ready, int gate,
	child_result *res)
{
	store *st = NULL;
	sheet *s = NULL;
	mm_error err;
	uint64_t seed = 0x9E3779B97F4A7C15ULL * (uint64_t)(proc + 1);
	int col = table_col_index(def, COLUMN), name_col = table_col_index(def, NAME_COLUMN);
	char path[700];
	told_path(proc, path, sizeof path);
	FILE *told = fopen(path, "w");
	if (!told) {
		snprintf(res->msg, sizeof res->msg, "cannot write %s", path);
		goto failed;
	}
	if (store_open(db, &st, &err) != MM_OK) {
		snprintf(res->msg, sizeof res->msg, "store_open: %s", err.msg);
		goto failed;
	}
	if (proc % 2 == 1 && store_set_role(st, ROLE_GROUP, "1", &err) != MM_OK) {
		snprintf(res->msg, sizeof res->msg, "store_set_role: %s", err.msg);
		goto failed;
	}
	if (sheet_open(st, def, OWNER_GROUP, gid, &s, &err) != MM_OK) {
		snprintf(res->msg, sizeof res->msg, "sheet_open: %s", err.msg);
		goto failed;
	}
	if (s->nrows != NROWS) {
		snprintf(res->msg, sizeof res->msg, "sheet_open: %d rows, expected %d", s->nrows,
			NROWS);
		goto failed;
	}
	/* every terminal is open before any writes: say so, then wait for the
	 * gate to open (the parent closes its end when all are ready) */
	char c = 'r';
	if (write(ready, &c, 1) != 1) {
		snprintf(res->msg, sizeof res->msg, "cannot report ready");
		goto failed;
	}
	close(ready);
	while (read(gate, &c, 1) < 0 && errno == EINTR)
		;
	close(gate);
	for (int e = 0; e < nedits; e++) {
		unsigned kind = (unsigned)(rng_next(&seed) % 100);
		char value[32];
		mm_status rc = MM_OK;
		int64_t row = 0;
		const char *op;
		double t0 = now_s();
		if (s->nrows == 0)
			kind = 0;
		if (kind < 7) {
			/* a new row, named */
			op = "insert";
			snprintf(value, sizeof value, "p%d-n%d", proc, e);
			const char **vals = xcalloc((size_t)def->ncols + 1, sizeof *vals);
			vals[name_col] = value;
			rc = sheet_insert(st, s, (int)(rng_next(&seed) % (uint64_t)(s->nrows + 1)), vals,
				&row, NULL, &err);
			free(vals);
		} else if (kind < 12 && s->nrows > NROWS / 2) {
			op = "delete";
			snprintf(value, sizeof value, "-");
			row = s->rows[rng_next(&seed) % (uint64_t)s->nrows].id;
			rc = sheet_delete(st, s, row, NULL, &err);
		} else if (kind < 18 && s->nrows >= 2) {
			op = "move";
			snprintf(value, sizeof value, "-");
			int from = (int)(rng_next(&seed) % (uint64_t)s->nrows);
			int to = (int)(rng_next(&seed) % (uint64_t)(s->nrows - 1));
			if (to >= from)
				to++; /* never onto itself: that writes nothing */
			row = s->rows[from].id;
			rc = sheet_move(st, s, row, to, NULL, &err);
		} else {
			op = "set";
			snprintf(value, sizeof value, "p%d-e%d", proc, e);
			row = s->rows[rng_next(&seed) % (uint64_t)s->nrows].id;
			int tries = 0;
			for (;;) {
				int r = sheet_row_index(s, row);
				if (r < 0) {
					/* deleted by another terminal: reloaded, gone */
					rc = mm_fail(&err, MM_ENOTFOUND, "row %lld gone before the write",
						(long long)row);
					break;
				}
				sheet_conflict cf = {0};
				rc = sheet_set(st, s, row, col, value, s->rows[r].cells[col].version, &cf,
					NULL, &err);
				if (rc != MM_ECONFLICT)
					break;
				/* the conflict must say what is there now */
				if (!cf.theirs || !cf.who || cf.version <= s->rows[r].cells[col].version) {
					snprintf(res->msg, sizeof res->msg, "edit %d: conflict without the other "
						"side (theirs %s, version %d, ours %d)", e,
						cf.theirs ? cf.theirs : "NULL", cf.version,
						s->rows[r].cells[col].version);
					sheet_conflict_free(&cf);
					goto failed;
				}
				sheet_conflict_free(&cf);
				res->retries++;
				if (++tries > MAX_TRIES_PER_EDIT) {
					snprintf(res->msg, sizeof res->msg, "edit %d: still conflicting after %d "
						"tries", e, tries);
					goto failed;
				}
				if (sheet_reload(st, s, &err) != MM_OK) {
					snprintf(res->msg, sizeof res->msg, "sheet_reload: %s", err.msg);
					goto failed;
				}
			}
			if (rc == MM_OK) {
				int r = sheet_row_index(s, row);
				if (r < 0 || strcmp(s->rows[r].cells[col].value, value) != 0) {
					snprintf(res->msg, sizeof res->msg, "edit %d: the sheet in memory shows "
						"\"%s\" after writing \"%s\"", e,
						r < 0 ? "(no row)" : s->rows[r].cells[col].value, value);
					goto failed;
				}
			}
		}
		double t1 = now_s();
		tell(told, op, rc == MM_OK || strcmp(op, "insert") != 0 ? row : 0, value, rc, t0, t1,
			err.msg);
		if (rc != MM_OK && !expected_refusal(rc)) {
			snprintf(res->msg, sizeof res->msg, "edit %d (%s %s of row %lld): status %d: %s",
				e, op, value, (long long)row, (int)rc, err.msg);
			goto failed;
		}
		if (rc == MM_ENOTFOUND && sheet_reload(st, s, &err) != MM_OK) {
			snprintf(res->msg, sizeof res->msg, "sheet_reload: %s", err.msg);
			goto failed;
		}
		res->answered++;
		if (rc == MM_OK)
			res->ok++;
		if (think_us > 0)
			usleep((useconds_t)(rng_next(&seed) % (uint64_t)think_us));
	}
	if (fclose(told) != 0) {
		told = NULL;
		snprintf(res->msg, sizeof res->msg, "cannot write %s", path);
		goto failed;
	}
	sheet_free(s);
	store_close(st);
	return;
failed:
	if (told)
		fclose(told);
	res->failed = 1;
	sheet_free(s);
	store_close(st);
}

/* ---- the lock holder -------------------------------------------------------- */

/* Waits for a third of the expected writes, then holds the write lock past
 * the busy timeout. */
static void run_holder(int64_t baseline, int gate, hold_result *res)
{
	char c;
	while (read(gate, &c, 1) < 0 && errno == EINTR)
		;
	close(gate);
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(res->msg, sizeof res->msg, "cannot open the database to watch it");
		sqlite3_close(h);
		return;
	}
	sqlite3_busy_timeout(h, 5000);
	int64_t want = baseline + (int64_t)nprocs * nedits / 3;
	double deadline = now_s() + HOLD_START_DEADLINE_S;
	while (query_int(h, "SELECT coalesce(max(id), 0) FROM change") < want) {
		if (now_s() > deadline) {
			snprintf(res->msg, sizeof res->msg, "the writers did not reach a third of their "
				"writes in %d s", HOLD_START_DEADLINE_S);
			sqlite3_close(h);
			return;
		}
		usleep(2000); /* polling an observable count, with a deadline */
	}
	sqlite3_close(h);
	store *st = NULL;
	mm_error err;
	if (store_open(db, &st, &err) != MM_OK) {
		snprintf(res->msg, sizeof res->msg, "store_open: %s", err.msg);
		return;
	}
	/* the holder's own BEGIN IMMEDIATE may wait behind a writer: retry */
	mm_status rc;
	while ((rc = store_begin(st, &err)) == MM_EDB && now_s() < deadline)
		;
	if (rc != MM_OK) {
		snprintf(res->msg, sizeof res->msg, "store_begin: %s", err.msg);
		store_close(st);
		return;
	}
	res->start = now_s();
	/* holding the lock is the point here: a deliberate hold, not a wait */
	usleep((useconds_t)(busy_timeout_ms + HOLD_EXTRA_MS) * 1000);
	res->end = now_s();
	store_rollback(st);
	store_close(st);
	res->ok = 1;
}

/* ---- the parent's checks ---------------------------------------------------- */

typedef struct told_line {
	int proc;
	char op[16];
	long long row;
	char value[32];
	int ok;
	int status;
	double t0, t1;
	char msg[520];
} told_line;

typedef struct told_all {
	told_line *v;
	int n, cap;
} told_all;

static void read_told(int proc, told_all *all)
{
	char path[700];
	told_path(proc, path, sizeof path);
	FILE *f = fopen(path, "r");
	if (!f) {
		fail("writer %d left no record of what it was told", proc);
		return;
	}
	char line[1200];
	while (fgets(line, sizeof line, f)) {
		if (all->n == all->cap) {
			all->cap = all->cap ? all->cap * 2 : 1024;
			all->v = xrealloc(all->v, (size_t)all->cap * sizeof *all->v);
		}
		told_line *t = &all->v[all->n];
		memset(t, 0, sizeof *t);
		char okword[8];
		int used = 0;
		if (sscanf(line, "%15s %lld %31s %7s %d %lf %lf %n", t->op, &t->row, t->value, okword,
			&t->status, &t->t0, &t->t1, &used) != 7) {
			fail("writer %d: record not understood: %s", proc, line);
			continue;
		}
		snprintf(t->msg, sizeof t->msg, "%s", line + used);
		t->msg[strcspn(t->msg, "\n")] = '\0';
		t->proc = proc;
		t->ok = strcmp(okword, "ok") == 0;
		all->n++;
	}
	fclose(f);
}

/* A count that must be 0, with what it means. */
static void expect_none(sqlite3 *h, int64_t baseline, const char *what, const char *sql)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) != SQLITE_OK) {
		fail("check \"%s\" does not run: %s", what, sqlite3_errmsg(h));
		return;
	}
	int k = sqlite3_bind_parameter_index(q, "$base");
	if (k)
		sqlite3_bind_int64(q, k, baseline);
	int64_t n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sqlite3_finalize(q);
	if (n != 0)
		fail("%lld %s", (long long)n, what);
}

static void report_log(int64_t bad, const char *what)
{
	if (bad < 0)
		fail("cannot check the log: %s", what);
	else
		fail("%lld %s", (long long)bad, what);
}

typedef struct tally {
	int sets, inserts, deletes, moves; /* told ok */
	int gone, busy;                    /* told failed */
	double busy_wait_min, busy_wait_max;
} tally;

static void check_database(int64_t baseline, int64_t sheet_id, const told_all *all,
	const hold_result *hold, tally *t)
{
	memset(t, 0, sizeof *t);
	/* what the writers were told, on its own */
	const char *busy_msg = tr(M_DB_BUSY);
	int strange_busy = 0, outside = 0;
	for (int k = 0; k < all->n; k++) {
		const told_line *l = &all->v[k];
		if (l->ok) {
			if (strcmp(l->op, "set") == 0)
				t->sets++;
			else if (strcmp(l->op, "insert") == 0)
				t->inserts++;
			else if (strcmp(l->op, "delete") == 0)
				t->deletes++;
			else if (strcmp(l->op, "move") == 0)
				t->moves++;
			continue;
		}
		if (l->status == MM_ENOTFOUND) {
			t->gone++;
			continue;
		}
		/* busy: MM_EDB, the store's message, while the lock was held */
		t->busy++;
		double wait = l->t1 - l->t0;
		if (t->busy == 1 || wait < t->busy_wait_min)
			t->busy_wait_min = wait;
		if (wait > t->busy_wait_max)
			t->busy_wait_max = wait;
		if ((l->status != MM_EDB || strncmp(l->msg, busy_msg, strlen(busy_msg)) != 0)
			&& strange_busy++ < 5)
			fail("writer %d, %s %s: told status %d \"%s\", not MM_EDB \"%s...\"", l->proc,
				l->op, l->value, l->status, l->msg, busy_msg);
		if (hold->ok && (l->t1 < hold->start || l->t0 > hold->end) && outside++ < 5)
			fail("writer %d, %s %s: told busy (%s) at %.3f..%.3f s, outside the hold "
				"%.3f..%.3f s", l->proc, l->op, l->value, l->msg, l->t0, l->t1, hold->start,
				hold->end);
	}
	if (hold->ok && t->busy == 0)
		fail("the write lock was held %.1f s (busy timeout %d ms) but no writer was told "
			"the database was busy", hold->end - hold->start, busy_timeout_ms);

	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fail("cannot open %s to check it: %s", db, sqlite3_errmsg(h));
		sqlite3_close(h);
		return;
	}
	sqlite3_busy_timeout(h, 5000);
	/* the answers, as a temporary table beside the log */
	sqlite3_exec(h, "CREATE TEMP TABLE told(proc INTEGER, op TEXT, row INTEGER, value TEXT, "
		"ok INTEGER); CREATE TEMP TABLE sheet_id(id INTEGER)", NULL, NULL, NULL);
	sqlite3_stmt *ins;
	sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(h, "INSERT INTO told VALUES (?1, ?2, ?3, ?4, ?5)", -1, &ins, NULL);
	for (int k = 0; k < all->n; k++) {
		const told_line *l = &all->v[k];
		sqlite3_reset(ins);
		sqlite3_bind_int(ins, 1, l->proc);
		sqlite3_bind_text(ins, 2, l->op, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, l->row);
		sqlite3_bind_text(ins, 4, l->value, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 5, l->ok);
		if (sqlite3_step(ins) != SQLITE_DONE)
			fail("temporary table: %s", sqlite3_errmsg(h));
	}
	sqlite3_finalize(ins);
	char sql[200];
	snprintf(sql, sizeof sql, "INSERT INTO sheet_id VALUES (%lld)", (long long)sheet_id);
	sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_exec(h, "COMMIT; CREATE TEMP TABLE new_change AS SELECT * FROM main.change "
		"WHERE 0; CREATE INDEX temp.told_value ON told(value); "
		"CREATE INDEX temp.told_row ON told(op, row)", NULL, NULL, NULL);
	{
		sqlite3_stmt *q;
		sqlite3_prepare_v2(h, "INSERT INTO new_change SELECT * FROM main.change WHERE id > ?1",
			-1, &q, NULL);
		sqlite3_bind_int64(q, 1, baseline);
		sqlite3_step(q);
		sqlite3_finalize(q);
		sqlite3_exec(h, "CREATE INDEX temp.new_change_new ON new_change(new); "
			"CREATE INDEX temp.new_change_row ON new_change(op, row_id)", NULL, NULL, NULL);
	}
	static const struct {
		const char *what, *sql;
	} checks[] = {
		{"sets told ok that are not logged exactly once (row, column, value)",
			"SELECT count(*) FROM told t WHERE t.op = 'set' AND t.ok AND (SELECT count(*) "
			"FROM new_change c WHERE c.new = t.value AND c.op = 'set' AND c.col = '" COLUMN
			"' AND c.row_id = t.row) <> 1"},
		{"sets told failed whose value is in the log or a cell anyway",
			"SELECT count(*) FROM told t WHERE t.op = 'set' AND NOT t.ok AND (EXISTS (SELECT 1 "
			"FROM new_change c WHERE c.new = t.value) OR EXISTS (SELECT 1 FROM cell "
			"WHERE value = t.value))"},
		{"sets of " COLUMN " logged that no writer was told ok (a silent write)",
			"SELECT count(*) FROM new_change c WHERE c.op = 'set' AND c.col = '" COLUMN "' AND "
			"NOT EXISTS (SELECT 1 FROM told t WHERE t.value = c.new AND t.op = 'set' AND t.ok "
			"AND t.row = c.row_id)"},
		{"inserts told ok that are not a row of the sheet with their name and one 'insert'",
			"SELECT count(*) FROM told t WHERE t.op = 'insert' AND t.ok AND NOT (EXISTS (SELECT "
			"1 FROM sheet_row r JOIN cell c ON c.row_id = r.id AND c.col = '" NAME_COLUMN "' "
			"WHERE r.id = t.row AND r.sheet_id = (SELECT id FROM sheet_id) AND c.value = "
			"t.value) AND (SELECT count(*) FROM new_change c WHERE c.op = 'insert' AND "
			"c.row_id = t.row) = 1)"},
		{"inserts told failed that left a row, a name or a log entry",
			"SELECT count(*) FROM told t WHERE t.op = 'insert' AND NOT t.ok AND (EXISTS (SELECT "
			"1 FROM new_change c WHERE c.new = t.value) OR EXISTS (SELECT 1 FROM cell WHERE "
			"value = t.value))"},
		{"rows inserted (logged) that no writer was told ok",
			"SELECT count(*) FROM new_change c WHERE c.op = 'insert' AND NOT EXISTS (SELECT 1 "
			"FROM told t WHERE t.op = 'insert' AND t.ok AND t.row = c.row_id)"},
		{"sets of " NAME_COLUMN " logged that are not the name of an insert told ok",
			"SELECT count(*) FROM new_change c WHERE c.op = 'set' AND c.col = '" NAME_COLUMN
			"' AND NOT EXISTS (SELECT 1 FROM told t WHERE t.op = 'insert' AND t.ok AND "
			"t.row = c.row_id AND t.value = c.new)"},
		{"rows whose logged deletes are not those told ok",
			"SELECT count(*) FROM (SELECT row_id, count(*) FROM new_change WHERE op = 'delete' "
			"GROUP BY row_id EXCEPT SELECT row, count(*) FROM told WHERE op = 'delete' AND ok "
			"GROUP BY row)"},
		{"rows whose deletes told ok are not logged",
			"SELECT count(*) FROM (SELECT row, count(*) FROM told WHERE op = 'delete' AND ok "
			"GROUP BY row EXCEPT SELECT row_id, count(*) FROM new_change WHERE op = 'delete' "
			"GROUP BY row_id)"},
		{"deletes told ok whose row is live",
			"SELECT count(*) FROM told t JOIN sheet_row r ON r.id = t.row WHERE "
			"t.op = 'delete' AND t.ok AND r.deleted = 0"},
		/* at least: renumbering the rows (no room left between two) may
		 * log moves of rows nobody moved */
		{"rows with fewer moves logged than moves told ok",
			"SELECT count(*) FROM (SELECT row, count(*) AS n FROM told WHERE op = 'move' AND ok "
			"GROUP BY row) t WHERE t.n > (SELECT count(*) FROM new_change c WHERE "
			"c.op = 'move' AND c.row_id = t.row)"},
		{"changes logged other than set, insert, delete and move, or of another sheet",
			"SELECT count(*) FROM new_change WHERE op NOT IN ('set', 'insert', 'delete', "
			"'move') OR sheet_id <> (SELECT id FROM sheet_id)"},
	};
	for (size_t k = 0; k < sizeof checks / sizeof checks[0]; k++)
		expect_none(h, baseline, checks[k].what, checks[k].sql);
	int64_t live = query_int(h, "SELECT count(*) FROM sheet_row WHERE deleted = 0 AND "
		"sheet_id = (SELECT id FROM sheet_id)");
	if (live != NROWS + t->inserts - t->deletes)
		fail("the sheet has %lld live rows; %d + %d inserts - %d deletes told ok make %d",
			(long long)live, NROWS, t->inserts, t->deletes, NROWS + t->inserts - t->deletes);
	logcheck_run(h, report_log);
	sqlite3_close(h);
}

int main(void)
{
	nprocs = env_int("STRESS_PROCS", nprocs, 1, MAX_PROCS);
	nedits = env_int("STRESS_EDITS", nedits, 1, 1000000);
	think_us = env_int("STRESS_THINK_US", think_us, 0, 1000000);
	i18n_set_lang(LANG_EN);
	setvbuf(stdout, NULL, _IOLBF, 0);

	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/mamori-stress-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("stress: mkdtemp");
		return 1;
	}
	snprintf(db, sizeof db, "%s/stress.db", dir);

	const char *path = SOURCE_ROOT "/scenarios/sme-program.json";
	char *text = NULL;
	buf errs = {0};
	scenario *sc = NULL;
	if (scenario_load_file(path, &text, &sc, &errs, NULL) != MM_OK) {
		fprintf(stderr, "stress: %s is not valid:\n%s", path, buf_str(&errs));
		buf_free(&errs);
		free(text);
		rmdir(dir);
		return 1;
	}
	buf_free(&errs);
	const activity *act = scenario_find_activity(sc, ACTIVITY);
	if (!act || !act->table || table_col_index(act->table, COLUMN) < 0
		|| act->table->cols[table_col_index(act->table, COLUMN)].type != COL_TEXT
		|| table_col_index(act->table, NAME_COLUMN) < 0) {
		fprintf(stderr, "stress: %s has no table %s with text columns %s and %s\n", path,
			ACTIVITY, COLUMN, NAME_COLUMN);
		scenario_free(sc);
		free(text);
		rmdir(dir);
		return 1;
	}
	const table_def *def = act->table;

	int64_t gid = 0, baseline = 0, sheet_id = 0;
	if (!setup(text, def, &gid, &baseline, &sheet_id)) {
		scenario_free(sc);
		free(text);
		rm_dir();
		return 1;
	}

	pid_t pids[MAX_PROCS + 1];
	int fds[MAX_PROCS + 1];
	int gate[2], ready[2];
	if (pipe(gate) != 0 || pipe(ready) != 0) {
		perror("stress: pipe");
		return 1;
	}
	fflush(NULL);
	/* processes 0..nprocs-1 write; process nprocs holds the lock */
	for (int p = 0; p <= nprocs; p++) {
		int pfd[2];
		if (pipe(pfd) != 0) {
			perror("stress: pipe");
			return 1;
		}
		pid_t pid = fork();
		if (pid < 0) {
			perror("stress: fork");
			return 1;
		}
		if (pid == 0) {
			for (int q = 0; q < p; q++)
				close(fds[q]);
			close(pfd[0]);
			close(gate[1]);
			close(ready[0]);
			ssize_t w;
			bool good;
			if (p < nprocs) {
				child_result res;
				memset(&res, 0, sizeof res);
				run_child(p, def, gid, ready[1], gate[0], &res);
				w = write(pfd[1], &res, sizeof res);
				good = w == (ssize_t)sizeof res && !res.failed;
			} else {
				close(ready[1]);
				hold_result res;
				memset(&res, 0, sizeof res);
				run_holder(baseline, gate[0], &res);
				w = write(pfd[1], &res, sizeof res);
				good = w == (ssize_t)sizeof res && res.ok;
			}
			close(pfd[1]);
			scenario_free(sc);
			free(text);
			/* exit, not _exit: sanitizer builds check the child for leaks too */
			exit(good ? 0 : 3);
		}
		close(pfd[1]);
		pids[p] = pid;
		fds[p] = pfd[0];
	}
	/* the children are opening their stores and loading the sheet; the clock
	 * starts when they are let go together */
	close(gate[0]);
	close(ready[1]);
	for (int n = 0; n < nprocs;) {
		char c[MAX_PROCS];
		ssize_t k = read(ready[0], c, sizeof c);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break; /* a child failed before it was ready: it says why below */
		n += (int)k;
	}
	close(ready[0]);
	double t0 = now_s();
	close(gate[1]);

	long retries = 0;
	char per_child[MAX_PROCS * 16] = "";
	hold_result hold;
	memset(&hold, 0, sizeof hold);
	for (int p = 0; p <= nprocs; p++) {
		union {
			child_result c;
			hold_result h;
		} res;
		size_t size = p < nprocs ? sizeof res.c : sizeof res.h;
		memset(&res, 0, sizeof res);
		ssize_t got = 0;
		while (got < (ssize_t)size) {
			ssize_t k = read(fds[p], (char *)&res + got, size - (size_t)got);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			got += k;
		}
		close(fds[p]);
		int st = 0;
		while (waitpid(pids[p], &st, 0) < 0 && errno == EINTR)
			;
		const char *who = p == nprocs ? "the lock holder" : p % 2 ? "group 1" : "facilitator";
		if (got != (ssize_t)size) {
			fail("child %d (%s) reported nothing (%s %d)", p, who,
				WIFSIGNALED(st) ? "killed by signal" : "exit status",
				WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
			continue;
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail("child %d (%s): %s %d", p, who,
				WIFSIGNALED(st) ? "killed by signal" : "exit status",
				WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		if (p == nprocs) {
			hold = res.h;
			hold.msg[sizeof hold.msg - 1] = '\0';
			if (!hold.ok)
				fail("the lock holder did not hold the lock: %s", hold.msg);
			continue;
		}
		res.c.msg[sizeof res.c.msg - 1] = '\0';
		if (res.c.failed)
			fail("child %d (%s) failed after %d edits: %s", p, who, res.c.answered, res.c.msg);
		else if (res.c.answered != nedits)
			fail("child %d answered %d edits, expected %d", p, res.c.answered, nedits);
		retries += res.c.retries;
		size_t l = strlen(per_child);
		snprintf(per_child + l, sizeof per_child - l, "%s%ld", p ? "/" : "", res.c.retries);
	}
	double elapsed = now_s() - t0;

	told_all all = {0};
	for (int p = 0; p < nprocs; p++)
		read_told(p, &all);
	tally t;
	check_database(baseline, sheet_id, &all, &hold, &t);
	free(all.v);

	int ok = t.sets + t.inserts + t.deletes + t.moves;
	printf("stress: %d processes x %d edits in %.2f s (%.0f/s): %d sets, %d inserts, "
		"%d deletes, %d moves told ok; %ld conflict retries (%s per child), %d edits of rows "
		"deleted meanwhile refused; lock held %.1f s past a %d ms busy timeout: %d writers "
		"told busy after waiting %.2f..%.2f s; %s\n",
		nprocs, nedits, elapsed, ok / (elapsed > 0 ? elapsed : 1), t.sets, t.inserts, t.deletes,
		t.moves, retries, per_child, t.gone, hold.ok ? hold.end - hold.start : 0.0,
		busy_timeout_ms, t.busy, t.busy_wait_min, t.busy_wait_max,
		failures ? "FAILED" : "all checks passed");

	scenario_free(sc);
	free(text);
	if (!failures || !getenv("STRESS_KEEP"))
		rm_dir();
	else
		fprintf(stderr, "stress: database kept in %s\n", db);
	return failures ? 1 : 0;
}
