/*
 * stress.c — many terminals writing one sheet at once.
 *
 * The parent makes a workshop from the bundled program (3 groups), gives
 * group 1's asset ledger NROWS rows, closes its connection and forks NPROC
 * children.  Each child opens its own store (even children as the
 * facilitator, odd ones as group 1's terminal), loads the sheet and makes
 * NEDITS compare-and-set edits of the `note` column of random rows, each with
 * a value written nowhere else ("p3-e517": child 3, edit 517).  A conflict is
 * the expected answer when another terminal got there first: the child
 * reloads and writes again on top of the new version.  Any other failure
 * (the database busy for too long, a permission refused, ...) is reported by
 * the child through a pipe and fails the test.
 *
 * Afterwards the parent checks, reading the database directly:
 *   - every child exited 0 and made exactly NEDITS writes;
 *   - everything logged after the set-up is a 'set' of `note`, exactly
 *     NPROC * NEDITS of them, whose `new` values are exactly the values the
 *     children wrote: none lost, none twice;
 *   - per cell, the changes form one chain (each `old` is the previous
 *     `new`, the first `old` is blank): no write went unseen by the next;
 *   - each cell holds the `new` of its last change, and its version is the
 *     number of its changes;
 *   - the sheet still has its NROWS rows.
 * It prints one summary line (time, writes per second, conflict retries).
 *
 * Run: meson test -C BUILD stress   (suite 'stress'; also under ASan/UBSan)
 * STRESS_PROCS / STRESS_EDITS in the environment override 7 / 1000, and
 * STRESS_THINK_US the pause between one child's edits (random, below 1000 µs).
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

typedef struct child_result {
	int written;     /* edits that succeeded */
	long retries;    /* conflicts answered by reload and retry */
	long reloads;
	int failed;      /* 1: msg says why */
	char msg[600];
} child_result;

static int nprocs = 7;
static int nedits = 1000;
/* Pause between a terminal's edits, at random below this many microseconds.
 * Without it SQLite's busy handler (which sleeps whole milliseconds) lets
 * whichever process holds the lock keep it for hundreds of edits in a row,
 * so the processes would take turns instead of interleaving, and hardly any
 * compare-and-set would ever fail. */
static int think_us = 1000;
static int failures;

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

static void rm_dir(const char *dir, const char *db)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[600];
	for (size_t k = 0; k < sizeof suffix / sizeof suffix[0]; k++) {
		snprintf(p, sizeof p, "%s%s", db, suffix[k]);
		unlink(p);
	}
	rmdir(dir);
}

static void value_of(int proc, int edit, char *out, size_t n)
{
	snprintf(out, n, "p%d-e%d", proc, edit);
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

static int64_t max_change_id(sqlite3 *db)
{
	sqlite3_stmt *q;
	int64_t id = 0;
	if (sqlite3_prepare_v2(db, "SELECT coalesce(max(id), 0) FROM change", -1, &q, NULL)
		== SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return id;
}

/* Creates the workshop and group 1's sheet with NROWS rows (notes blank).
 * Returns the change id after which the children's writes are logged. */
static bool setup(const char *db, const char *scenario_text, const table_def *def,
	int64_t *gid, int64_t *baseline)
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
	if (!(*gid = group_id(st, "1"))) {
		fail("no group \"1\" after init");
		goto out;
	}
	if (sheet_open(st, def, OWNER_GROUP, *gid, &s, &err) != MM_OK) {
		fail("sheet_open: %s", err.msg);
		goto out;
	}
	int name_col = table_col_index(def, "name");
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
	*baseline = max_change_id(store_db(st));
	ok = true;
out:
	sheet_free(s);
	store_close(st); /* no connection may cross fork() */
	return ok;
}

/* ---- a child: one terminal ------------------------------------------------ */

static void run_child(int proc, const char *db, const table_def *def, int64_t gid,
	int ready, int gate, child_result *res)
{
	store *st = NULL;
	sheet *s = NULL;
	mm_error err;
	uint64_t seed = 0x9E3779B97F4A7C15ULL * (uint64_t)(proc + 1);
	int col = table_col_index(def, COLUMN);
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
		char value[32];
		value_of(proc, e, value, sizeof value);
		int64_t row = s->rows[rng_next(&seed) % (uint64_t)s->nrows].id;
		int tries = 0;
		for (;;) {
			int r = sheet_row_index(s, row);
			if (r < 0) {
				snprintf(res->msg, sizeof res->msg, "edit %d: row %lld vanished", e,
					(long long)row);
				goto failed;
			}
			sheet_conflict cf = {0};
			mm_status rc = sheet_set(st, s, row, col, value, s->rows[r].cells[col].version,
				&cf, NULL, &err);
			if (rc == MM_OK)
				break;
			if (rc != MM_ECONFLICT) {
				snprintf(res->msg, sizeof res->msg, "edit %d (%s) of row %lld: status %d: %s",
					e, value, (long long)row, (int)rc, err.msg);
				goto failed;
			}
			/* the conflict must say what is there now */
			if (!cf.theirs || !cf.who || cf.version <= s->rows[r].cells[col].version) {
				snprintf(res->msg, sizeof res->msg, "edit %d: conflict without the other "
					"side (theirs %s, version %d, ours %d)", e, cf.theirs ? cf.theirs : "NULL",
					cf.version, s->rows[r].cells[col].version);
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
			res->reloads++;
		}
		int r = sheet_row_index(s, row);
		if (strcmp(s->rows[r].cells[col].value, value) != 0) {
			snprintf(res->msg, sizeof res->msg, "edit %d: the sheet in memory shows \"%s\" "
				"after writing \"%s\"", e, s->rows[r].cells[col].value, value);
			goto failed;
		}
		res->written++;
		if (think_us > 0)
			usleep((useconds_t)(rng_next(&seed) % (uint64_t)think_us));
	}
	sheet_free(s);
	store_close(st);
	return;
failed:
	res->failed = 1;
	sheet_free(s);
	store_close(st);
}

/* ---- the parent's checks ---------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *col_text(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return t ? (const char *)t : NULL;
}

typedef struct cell_state {
	int64_t row;
	char *value;   /* NULL: no cell */
	int version;
	int nsets;
	char *last_new;
	bool chain_ok;
} cell_state;

static void check_database(const char *db, int64_t baseline)
{
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fail("cannot open %s to check it: %s", db, sqlite3_errmsg(h));
		sqlite3_close(h);
		return;
	}
	sqlite3_busy_timeout(h, 5000);
	int64_t sheet_id = 0;
	sqlite3_stmt *q;
	sqlite3_prepare_v2(h, "SELECT id FROM sheet WHERE activity = ?1 AND owner_kind = 'group'",
		-1, &q, NULL);
	sqlite3_bind_text(q, 1, ACTIVITY, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		sheet_id = sqlite3_column_int64(q, 0);
	if (sqlite3_step(q) == SQLITE_ROW)
		fail("more than one %s sheet", ACTIVITY);
	sqlite3_finalize(q);

	/* the rows: still NROWS, none deleted */
	cell_state *cells = xcalloc(NROWS, sizeof *cells);
	int ncells = 0;
	sqlite3_prepare_v2(h, "SELECT r.id, r.deleted, c.value, c.version FROM sheet_row r "
		"LEFT JOIN cell c ON c.row_id = r.id AND c.col = ?2 WHERE r.sheet_id = ?1 "
		"ORDER BY r.id", -1, &q, NULL);
	sqlite3_bind_int64(q, 1, sheet_id);
	sqlite3_bind_text(q, 2, COLUMN, -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (ncells == NROWS) {
			ncells++;
			break;
		}
		cell_state *c = &cells[ncells++];
		c->row = sqlite3_column_int64(q, 0);
		if (sqlite3_column_int(q, 1))
			fail("row %lld was deleted", (long long)c->row);
		c->value = sqlite3_column_type(q, 2) == SQLITE_NULL ? NULL : xstrdup(col_text(q, 2));
		c->version = sqlite3_column_int(q, 3);
		c->chain_ok = true;
	}
	sqlite3_finalize(q);
	if (ncells != NROWS)
		fail("the sheet has %s%d rows, expected %d", ncells > NROWS ? "more than " : "",
			ncells > NROWS ? NROWS : ncells, NROWS);

	/* everything logged since the set-up, in order */
	int want = nprocs * nedits;
	char **news = xcalloc((size_t)want + 1, sizeof *news);
	int nnews = 0, nother = 0;
	int64_t chain_breaks = 0;
	sqlite3_prepare_v2(h, "SELECT id, sheet_id, row_id, col, op, old, new FROM change "
		"WHERE id > ?1 ORDER BY id", -1, &q, NULL);
	sqlite3_bind_int64(q, 1, baseline);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *col = col_text(q, 3), *op = col_text(q, 4);
		const char *old = col_text(q, 5), *new_ = col_text(q, 6);
		int64_t row = sqlite3_column_int64(q, 2);
		if (sqlite3_column_int64(q, 1) != sheet_id || !op || strcmp(op, "set") != 0 || !col
			|| strcmp(col, COLUMN) != 0 || !new_) {
			if (nother++ < 5)
				fail("unexpected change %lld: op %s, col %s", (long long)sqlite3_column_int64(q, 0),
					op ? op : "NULL", col ? col : "NULL");
			continue;
		}
		if (nnews < want)
			news[nnews] = xstrdup(new_);
		nnews++;
		cell_state *c = NULL;
		for (int k = 0; k < ncells && k < NROWS; k++)
			if (cells[k].row == row)
				c = &cells[k];
		if (!c) {
			fail("change %lld names row %lld, not a row of the sheet",
				(long long)sqlite3_column_int64(q, 0), (long long)row);
			continue;
		}
		const char *prev = c->last_new ? c->last_new : "";
		if (strcmp(old ? old : "", prev) != 0) {
			/* a write that did not see the one before it: a lost update */
			if (chain_breaks++ < 5)
				fail("row %lld: change %lld replaced \"%s\" but the cell held \"%s\"",
					(long long)row, (long long)sqlite3_column_int64(q, 0), old ? old : "NULL",
					prev);
			c->chain_ok = false;
		}
		free(c->last_new);
		c->last_new = xstrdup(new_);
		c->nsets++;
	}
	sqlite3_finalize(q);
	if (nother)
		fail("%d changes other than sets of %s were logged", nother, COLUMN);
	if (nnews != want)
		fail("%d sets of %s logged, expected %d", nnews, COLUMN, want);

	/* every 'set' of the column ever logged (the set-up wrote none) */
	sqlite3_prepare_v2(h, "SELECT count(*) FROM change WHERE op = 'set' AND col = ?1", -1, &q,
		NULL);
	sqlite3_bind_text(q, 1, COLUMN, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) != want)
		fail("change has %d 'set' entries of %s in all, expected %d", sqlite3_column_int(q, 0),
			COLUMN, want);
	sqlite3_finalize(q);

	/* the values: exactly those written */
	int n = nnews < want ? nnews : want;
	char **expect = xcalloc((size_t)want + 1, sizeof *expect);
	for (int p = 0; p < nprocs; p++)
		for (int e = 0; e < nedits; e++) {
			char v[32];
			value_of(p, e, v, sizeof v);
			expect[p * nedits + e] = xstrdup(v);
		}
	qsort(news, (size_t)n, sizeof *news, cmp_str);
	qsort(expect, (size_t)want, sizeof *expect, cmp_str);
	int dups = 0, missing = 0, strange = 0;
	for (int k = 1; k < n; k++)
		if (strcmp(news[k], news[k - 1]) == 0 && dups++ < 5)
			fail("value \"%s\" logged more than once", news[k]);
	for (int i = 0, j = 0; i < want || j < n;) {
		int c = i >= want ? 1 : j >= n ? -1 : strcmp(expect[i], news[j]);
		if (c < 0) {
			if (missing++ < 5)
				fail("value \"%s\" was written but is not in the log", expect[i]);
			i++;
		} else if (c > 0) {
			if (j == 0 || strcmp(news[j], news[j - 1]) != 0)
				if (strange++ < 5)
					fail("value \"%s\" is in the log but nobody wrote it", news[j]);
			j++;
		} else {
			i++;
			j++;
		}
	}
	if (dups || missing || strange)
		fail("values: %d duplicated, %d lost, %d unknown", dups, missing, strange);

	/* each cell: the last change's value, one version per change */
	int bad_cells = 0;
	for (int k = 0; k < ncells && k < NROWS; k++) {
		cell_state *c = &cells[k];
		bool ok = true;
		if (c->nsets == 0) {
			ok = c->value == NULL;
		} else {
			ok = c->value && strcmp(c->value, c->last_new) == 0 && c->version == c->nsets;
		}
		if (!ok && bad_cells++ < 5)
			fail("row %lld: cell holds \"%s\" version %d; log has %d sets, last \"%s\"",
				(long long)c->row, c->value ? c->value : "(no cell)", c->version, c->nsets,
				c->last_new ? c->last_new : "(none)");
	}
	if (bad_cells)
		fail("%d cells disagree with the log", bad_cells);
	if (chain_breaks)
		fail("%lld changes did not see the change before them", (long long)chain_breaks);

	for (int k = 0; k < want; k++) {
		free(news[k]);
		free(expect[k]);
	}
	free(news);
	free(expect);
	for (int k = 0; k < NROWS; k++) {
		free(cells[k].value);
		free(cells[k].last_new);
	}
	free(cells);
	sqlite3_close(h);
}

int main(void)
{
	nprocs = env_int("STRESS_PROCS", nprocs, 1, MAX_PROCS);
	nedits = env_int("STRESS_EDITS", nedits, 1, 1000000);
	think_us = env_int("STRESS_THINK_US", think_us, 0, 1000000);
	i18n_set_lang(LANG_EN);
	setvbuf(stdout, NULL, _IOLBF, 0);

	char dir[512], db[600];
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
		|| act->table->cols[table_col_index(act->table, COLUMN)].type != COL_TEXT) {
		fprintf(stderr, "stress: %s has no table %s with a text column %s\n", path, ACTIVITY,
			COLUMN);
		scenario_free(sc);
		free(text);
		rmdir(dir);
		return 1;
	}
	const table_def *def = act->table;

	int64_t gid = 0, baseline = 0;
	if (!setup(db, text, def, &gid, &baseline)) {
		scenario_free(sc);
		free(text);
		rm_dir(dir, db);
		return 1;
	}

	pid_t pids[MAX_PROCS];
	int fds[MAX_PROCS];
	int gate[2], ready[2];
	if (pipe(gate) != 0 || pipe(ready) != 0) {
		perror("stress: pipe");
		return 1;
	}
	fflush(NULL);
	for (int p = 0; p < nprocs; p++) {
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
			child_result res;
			memset(&res, 0, sizeof res);
			run_child(p, db, def, gid, ready[1], gate[0], &res);
			ssize_t w = write(pfd[1], &res, sizeof res);
			close(pfd[1]);
			scenario_free(sc);
			free(text);
			/* exit, not _exit: sanitizer builds check the child for leaks too */
			exit(w == (ssize_t)sizeof res && !res.failed ? 0 : 3);
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

	long retries = 0, reloads = 0;
	char per_child[MAX_PROCS * 16] = "";
	for (int p = 0; p < nprocs; p++) {
		child_result res;
		memset(&res, 0, sizeof res);
		ssize_t got = 0;
		while (got < (ssize_t)sizeof res) {
			ssize_t k = read(fds[p], (char *)&res + got, sizeof res - (size_t)got);
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
		if (got != (ssize_t)sizeof res) {
			fail("child %d reported nothing (%s %d)", p,
				WIFSIGNALED(st) ? "killed by signal" : "exit status",
				WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
			continue;
		}
		res.msg[sizeof res.msg - 1] = '\0';
		if (res.failed)
			fail("child %d (%s) failed after %d writes: %s", p,
				p % 2 ? "group 1" : "facilitator", res.written, res.msg);
		else if (res.written != nedits)
			fail("child %d made %d writes, expected %d", p, res.written, nedits);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail("child %d: %s %d", p, WIFSIGNALED(st) ? "killed by signal" : "exit status",
				WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		retries += res.retries;
		reloads += res.reloads;
		size_t l = strlen(per_child);
		snprintf(per_child + l, sizeof per_child - l, "%s%ld", p ? "/" : "", res.retries);
	}
	double elapsed = now_s() - t0;

	check_database(db, baseline);

	int total = nprocs * nedits;
	printf("stress: %d processes x %d edits = %d compare-and-set writes in %.2f s "
		"(%.0f/s), %ld conflict retries (%s per child), %s\n",
		nprocs, nedits, total, elapsed, total / (elapsed > 0 ? elapsed : 1), retries, per_child,
		failures ? "FAILED" : "all checks passed");
	(void)reloads;

	scenario_free(sc);
	free(text);
	if (!failures || !getenv("STRESS_KEEP"))
		rm_dir(dir, db);
	else
		fprintf(stderr, "stress: database kept in %s\n", db);
	return failures ? 1 : 0;
}
