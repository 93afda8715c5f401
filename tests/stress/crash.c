/*
 * crash.c — a terminal killed with SIGKILL in the middle of writing loses
 * nothing it was told was saved.
 *
 * The parent makes a workshop from the bundled program and gives group 1's
 * asset ledger NROWS rows.  Then, ROUNDS times, it forks a writer that opens
 * its own store and loops: set the `note` of a random row to a value written
 * nowhere else ("r3-e41": round 3, edit 41), insert a row, delete a row, move
 * a row.  Each change the core answered MM_OK for is *acknowledged*: one line
 * appended to a file with write(2) (no stdio buffer between the call's return
 * and the kernel), e.g. "set 17 note r3-e41", "insert 60", "delete 12",
 * "move 9".  Any other answer is written there too and ends the writer (it is
 * alone on the file: nothing may fail).  The parent waits until a random
 * number of edits (1..400) has been acknowledged, sleeps a random few hundred
 * microseconds more (so the kill lands anywhere, also inside a transaction
 * or its commit) and sends SIGKILL.  Then it checks, reading the database:
 *   - it opens and `PRAGMA integrity_check` says ok;
 *   - at least one edit was acknowledged this round (a writer that never
 *     writes fails here) and the writer did not stop by itself;
 *   - the change log of this round starts with exactly the acknowledged
 *     edits, in order (op, row, column, new value), followed by at most one
 *     more: the edit whose commit returned just before the kill, unacked
 *     (moves of rows nobody moved, which a renumbering of the rows may log
 *     beside an insert or move, are passed over);
 *   - the database agrees with its change log, for every row and cell ever
 *     written (all rounds so far): each cell holds the `new` of its last
 *     'set' and its version counts its sets, each row's deleted flag and
 *     position are those of its last delete/undelete and move, every row has
 *     its 'insert'.  With the log checked against the acknowledgements, this
 *     is: every acknowledged edit is in the database, with its history.
 *
 * Run:  meson test -C BUILD crash                 (10 rounds, suite stress)
 *       meson test -C BUILD --benchmark crash-100 (100 rounds, prints figures)
 *       BUILD/tests/stress/test_crash [ROUNDS]    (or CRASH_ROUNDS=N)
 * CRASH_KEEP=1 keeps the database of a failed run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "demo.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"

#include "logcheck.h"

#ifndef SOURCE_ROOT
#error "SOURCE_ROOT must be defined (the project's source directory)"
#endif

#define ACTIVITY "asset-ledger"
#define COLUMN "note"
#define NROWS 30
#define DEFAULT_ROUNDS 10
#define MAX_TARGET 400
#define ACK_DEADLINE_MS 20000

static int fails;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("crash: FAIL: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	fails++;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int64_t query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return -1;
	int64_t v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sqlite3_finalize(q);
	return v;
}

static uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* ---- the writer (a child, killed by the parent) ---------------------------- */

static void ack(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ack(int fd, const char *fmt, ...)
{
	char line[700];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof line - 1)
		_exit(5);
	line[n++] = '\n';
	/* one write(2): in the kernel before the next edit starts */
	if (write(fd, line, (size_t)n) != n)
		_exit(6);
}

static void writer(const char *db, const table_def *def, int64_t gid, int round, int fd,
	uint64_t seed)
{
	store *st;
	mm_error err;
	if (store_open(db, &st, &err) != MM_OK) {
		ack(fd, "fail store_open: %s", err.msg);
		_exit(2);
	}
	sheet *s;
	if (sheet_open(st, def, OWNER_GROUP, gid, &s, &err) != MM_OK) {
		ack(fd, "fail sheet_open: %s", err.msg);
		_exit(3);
	}
	int note = table_col_index(def, COLUMN);
	for (unsigned k = 0;; k++) {
		unsigned pick = (unsigned)(rng_next(&seed) % 20);
		mm_status rc;
		const char *what;
		if (pick == 0 || s->nrows < NROWS / 2) {
			int64_t id = 0;
			what = "insert";
			rc = sheet_insert(st, s, (int)(rng_next(&seed) % (uint64_t)(s->nrows + 1)), NULL,
				&id, NULL, &err);
			if (rc == MM_OK)
				ack(fd, "insert %lld", (long long)id);
		} else if (pick == 1 && s->nrows > NROWS / 2) {
			int64_t id = s->rows[rng_next(&seed) % (uint64_t)s->nrows].id;
			what = "delete";
			rc = sheet_delete(st, s, id, NULL, &err);
			if (rc == MM_OK)
				ack(fd, "delete %lld", (long long)id);
		} else if (pick == 2 && s->nrows >= 2) {
			int from = (int)(rng_next(&seed) % (uint64_t)s->nrows);
			int to = (int)(rng_next(&seed) % (uint64_t)(s->nrows - 1));
			if (to >= from)
				to++; /* never onto itself: that writes nothing */
			int64_t id = s->rows[from].id;
			what = "move";
			rc = sheet_move(st, s, id, to, NULL, &err);
			if (rc == MM_OK)
				ack(fd, "move %lld", (long long)id);
		} else {
			sheet_row *r = &s->rows[rng_next(&seed) % (uint64_t)s->nrows];
			char v[64];
			snprintf(v, sizeof v, "r%d-e%u", round, k);
			int64_t id = r->id;
			what = "set";
			rc = sheet_set(st, s, id, note, v, r->cells[note].version, NULL, NULL, &err);
			if (rc == MM_OK)
				ack(fd, "set %lld %s %s", (long long)id, COLUMN, v);
		}
		if (rc != MM_OK) {
			ack(fd, "fail %s: status %d: %s", what, (int)rc, err.msg);
			_exit(4);
		}
	}
}

/* ---- the checks ------------------------------------------------------------ */

typedef struct ackline {
	char op[16];
	long long row;
	char col[32];
	char value[64];
} ackline;

/* Reads the acknowledgements; returns how many, or -1 after a "fail" line. */
static int read_acks(const char *path, ackline **out)
{
	*out = NULL;
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	int n = 0, cap = 0, bad = 0;
	char line[800];
	while (fgets(line, sizeof line, f)) {
		size_t len = strlen(line);
		if (len == 0 || line[len - 1] != '\n') {
			/* the kill landed inside the write(2) of the last line (it
			 * can split where the line crosses a page): that edit was
			 * not acknowledged */
			if (fgets(line, sizeof line, f))
				fail("acknowledgement cut short before the last line");
			break;
		}
		line[--len] = '\0';
		if (strncmp(line, "fail ", 5) == 0) {
			fail("the writer was refused: %s", line + 5);
			bad = 1;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		ackline *a = &(*out)[n];
		memset(a, 0, sizeof *a);
		int got = sscanf(line, "%15s %lld %31s %63s", a->op, &a->row, a->col, a->value);
		if (got < 2 || (strcmp(a->op, "set") == 0 && got != 4)) {
			fail("acknowledgement not understood: \"%s\"", line);
			bad = 1;
			continue;
		}
		n++;
	}
	fclose(f);
	return bad ? -1 : n;
}

static const char *text_or_empty(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return t ? (const char *)t : "";
}

/* The change log of this round (after BEFORE) begins with the acks, in
 * order, and holds at most one change more. */
static void check_log_against_acks(sqlite3 *d, int64_t before, const ackline *acks, int nacks,
	int *unacked)
{
	sqlite3_stmt *q;
	sqlite3_prepare_v2(d, "SELECT id, op, row_id, coalesce(col, ''), coalesce(new, '') "
		"FROM change WHERE id > ?1 ORDER BY id", -1, &q, NULL);
	sqlite3_bind_int64(q, 1, before);
	int i = 0, mismatches = 0;
	*unacked = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *op = text_or_empty(q, 1);
		long long row = sqlite3_column_int64(q, 2);
		const char *col = text_or_empty(q, 3), *new_ = text_or_empty(q, 4);
		/* a move nobody asked for: the rows numbered afresh inside an
		 * insert or move (no room left between two rows) */
		bool extra_move = strcmp(op, "move") == 0
			&& (i >= nacks || strcmp(acks[i].op, "move") != 0 || acks[i].row != row);
		if (i >= nacks) {
			if (!extra_move)
				(*unacked)++;
			continue;
		}
		if (extra_move)
			continue;
		const ackline *a = &acks[i++];
		bool same = strcmp(op, a->op) == 0 && row == a->row;
		if (same && strcmp(a->op, "set") == 0)
			same = strcmp(col, a->col) == 0 && strcmp(new_, a->value) == 0;
		if (!same && mismatches++ < 5)
			fail("change %lld is \"%s %lld %s %s\" but acknowledgement %d was "
				"\"%s %lld %s %s\"", (long long)sqlite3_column_int64(q, 0), op, row, col, new_,
				i, a->op, a->row, a->col, a->value);
	}
	sqlite3_finalize(q);
	if (i < nacks)
		fail("%d acknowledged edits are missing from the change log (first: %s %lld %s %s)",
			nacks - i, acks[i].op, acks[i].row, acks[i].col, acks[i].value);
	if (*unacked > 1)
		fail("%d changes logged after the last acknowledged one; the writer had at most "
			"one edit in flight", *unacked);
}

/* Every acknowledged edit, looked up in the tables themselves. */
static void check_acks_in_tables(sqlite3 *d, const ackline *acks, int nacks, int64_t sheet_id)
{
	sqlite3_stmt *row_q, *cell_q, *hist_q;
	sqlite3_prepare_v2(d, "SELECT sheet_id, deleted FROM sheet_row WHERE id = ?1", -1, &row_q,
		NULL);
	sqlite3_prepare_v2(d, "SELECT value FROM cell WHERE row_id = ?1 AND col = ?2", -1, &cell_q,
		NULL);
	/* a set that no later change of the same cell replaced */
	sqlite3_prepare_v2(d, "SELECT count(*) FROM change a WHERE a.row_id = ?1 AND a.col = ?2 "
		"AND a.op = 'set' AND a.new = ?3 AND NOT EXISTS (SELECT 1 FROM change b WHERE "
		"b.row_id = a.row_id AND b.col = a.col AND b.op = 'set' AND b.id > a.id)", -1, &hist_q,
		NULL);
	int bad = 0;
	for (int k = 0; k < nacks; k++) {
		const ackline *a = &acks[k];
		sqlite3_reset(row_q);
		sqlite3_bind_int64(row_q, 1, a->row);
		if (sqlite3_step(row_q) != SQLITE_ROW || sqlite3_column_int64(row_q, 0) != sheet_id) {
			if (bad++ < 5)
				fail("acknowledged %s of row %lld: the row is not in the sheet", a->op, a->row);
			continue;
		}
		int deleted = sqlite3_column_int(row_q, 1);
		if (strcmp(a->op, "delete") == 0 && !deleted && bad++ < 5)
			fail("acknowledged delete of row %lld: the row is live", a->row);
		if (strcmp(a->op, "set") != 0)
			continue;
		/* the newest set of the cell: the database must hold exactly it */
		sqlite3_reset(hist_q);
		sqlite3_bind_int64(hist_q, 1, a->row);
		sqlite3_bind_text(hist_q, 2, a->col, -1, SQLITE_STATIC);
		sqlite3_bind_text(hist_q, 3, a->value, -1, SQLITE_STATIC);
		if (sqlite3_step(hist_q) != SQLITE_ROW || sqlite3_column_int(hist_q, 0) == 0)
			continue; /* replaced later: the chain check covers the order */
		sqlite3_reset(cell_q);
		sqlite3_bind_int64(cell_q, 1, a->row);
		sqlite3_bind_text(cell_q, 2, a->col, -1, SQLITE_STATIC);
		const char *v = sqlite3_step(cell_q) == SQLITE_ROW ? text_or_empty(cell_q, 0) : NULL;
		if ((!v || strcmp(v, a->value) != 0) && bad++ < 5)
			fail("acknowledged \"%s\" in row %lld: the cell holds \"%s\"", a->value, a->row,
				v ? v : "(no cell)");
	}
	if (bad)
		fail("%d acknowledged edits are not in the tables", bad);
	sqlite3_finalize(row_q);
	sqlite3_finalize(cell_q);
	sqlite3_finalize(hist_q);
}

static void report_log(int64_t bad, const char *what)
{
	if (bad < 0)
		fail("cannot check the log: %s", what);
	else
		fail("%lld %s", (long long)bad, what);
}

static void check_integrity(sqlite3 *d)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(d, "PRAGMA integrity_check", -1, &q, NULL) != SQLITE_OK) {
		fail("integrity_check: %s", sqlite3_errmsg(d));
		return;
	}
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *ok = text_or_empty(q, 0);
		if (strcmp(ok, "ok") != 0)
			fail("integrity_check: %s", ok);
	}
	sqlite3_finalize(q);
}

/* ---- the rounds -------------------------------------------------------------- */

static int64_t group_one(store *st)
{
	owner_info *g;
	int ng;
	mm_error err;
	int64_t id = 0;
	if (store_owners(st, 0, 0, &g, &ng, &err) == MM_OK) {
		for (int k = 0; k < ng; k++)
			if (strcmp(g[k].name, "1") == 0)
				id = g[k].id;
		owner_list_free(g, ng);
	}
	return id;
}

static int count_lines(int fd, off_t *off, int *n)
{
	char b[4096];
	for (;;) {
		ssize_t k = pread(fd, b, sizeof b, *off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return 0;
		for (ssize_t i = 0; i < k; i++)
			if (b[i] == '\n')
				(*n)++;
		*off += k;
	}
}

int main(int argc, char **argv)
{
	int rounds = DEFAULT_ROUNDS;
	if (argc > 1)
		rounds = atoi(argv[1]);
	else if (getenv("CRASH_ROUNDS"))
		rounds = atoi(getenv("CRASH_ROUNDS"));
	if (rounds < 1) {
		fprintf(stderr, "usage: %s [ROUNDS]   (ROUNDS >= 1; or CRASH_ROUNDS)\n", argv[0]);
		return 2;
	}
	i18n_set_lang(LANG_EN);
	setvbuf(stdout, NULL, _IOLBF, 0);

	char dir[512], db[600], ackpath[600];
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/mamori-crash-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("crash: mkdtemp");
		return 1;
	}
	snprintf(db, sizeof db, "%s/crash.db", dir);
	snprintf(ackpath, sizeof ackpath, "%s/acks", dir);

	char *text = NULL;
	buf errs = {0};
	scenario *sc = NULL;
	if (scenario_load_file(SOURCE_ROOT "/scenarios/sme-program.json", &text, &sc, &errs, NULL)
		!= MM_OK) {
		fprintf(stderr, "crash: %s", buf_str(&errs));
		return 1;
	}
	buf_free(&errs);
	const table_def *def = scenario_find_activity(sc, ACTIVITY)->table;
	store *st;
	mm_error err;
	if (store_create(db, &st, &err) != MM_OK
		|| workshop_init(st, "crash", text, 2, &err) != MM_OK) {
		fprintf(stderr, "crash: %s\n", err.msg);
		return 1;
	}
	int64_t gid = group_one(st);
	/* group 1's sheet with NROWS named rows, made before the first round */
	sheet *s = NULL;
	if (!gid || sheet_open(st, def, OWNER_GROUP, gid, &s, &err) != MM_OK) {
		fprintf(stderr, "crash: group 1's sheet: %s\n", gid ? err.msg : "no group 1");
		return 1;
	}
	int name_col = table_col_index(def, "name");
	for (int r = 0; r < NROWS; r++) {
		const char **vals = xcalloc((size_t)def->ncols + 1, sizeof *vals);
		char name[64];
		snprintf(name, sizeof name, "共有フォルダ%02d", r + 1);
		vals[name_col] = name;
		mm_status rc = sheet_insert(st, s, s->nrows, vals, NULL, NULL, &err);
		free(vals);
		if (rc != MM_OK) {
			fprintf(stderr, "crash: sheet_insert: %s\n", err.msg);
			return 1;
		}
	}
	int64_t sheet_id = s->id;
	sheet_free(s);
	store_close(st); /* no connection crosses fork(); the checks open their own */

	uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	if (getenv("CRASH_SEED"))
		seed = strtoull(getenv("CRASH_SEED"), NULL, 0);
	printf("crash: %d rounds, seed 0x%llx (CRASH_SEED reproduces the kill points)\n", rounds,
		(unsigned long long)seed);
	long total_acks = 0, total_unacked = 0, min_acks = -1, max_acks = 0;
	double t0 = now_ms();
	for (int round = 0; round < rounds && fails == 0; round++) {
		sqlite3 *d = NULL;
		if (sqlite3_open_v2(db, &d, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
			fail("round %d: the database does not open: %s", round, sqlite3_errmsg(d));
			sqlite3_close(d);
			break;
		}
		sqlite3_busy_timeout(d, 5000);
		int64_t before = query_int(d, "SELECT coalesce(max(id), 0) FROM change");
		sqlite3_close(d);

		unlink(ackpath);
		int fd = open(ackpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd < 0) {
			perror("crash: acks");
			return 1;
		}
		int target = 1 + (int)(rng_next(&seed) % MAX_TARGET);
		long extra_us = (long)(rng_next(&seed) % 800);
		uint64_t wseed = rng_next(&seed) | 1;
		fflush(NULL);
		pid_t pid = fork();
		if (pid < 0) {
			perror("crash: fork");
			return 1;
		}
		if (pid == 0)
			writer(db, def, gid, round, fd, wseed);
		close(fd);
		/* wait for TARGET acknowledgements (an observable count, with a
		 * deadline), then a random moment more, then kill */
		int rfd = open(ackpath, O_RDONLY | O_CLOEXEC);
		off_t off = 0;
		int seen = 0;
		double deadline = now_ms() + ACK_DEADLINE_MS;
		bool exited = false;
		int status = 0;
		while (rfd >= 0 && seen < target && now_ms() < deadline) {
			count_lines(rfd, &off, &seen);
			if (waitpid(pid, &status, WNOHANG) == pid) {
				exited = true;
				break;
			}
			struct timespec pause = {0, 200 * 1000};
			nanosleep(&pause, NULL);
		}
		if (rfd >= 0)
			close(rfd);
		if (!exited) {
			struct timespec pause = {0, extra_us * 1000};
			nanosleep(&pause, NULL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
		}
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
			fail("round %d: the writer ended by itself (status %d) before it was killed",
				round, status);

		ackline *acks = NULL;
		int nacks = read_acks(ackpath, &acks);
		if (nacks == 0)
			fail("round %d: the writer acknowledged no edit in %d ms: nothing was tested",
				round, ACK_DEADLINE_MS);
		if (nacks < 0)
			nacks = 0;
		if (sqlite3_open_v2(db, &d, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
			fail("round %d: the database does not open after the kill: %s", round,
				sqlite3_errmsg(d));
			sqlite3_close(d);
			free(acks);
			break;
		}
		sqlite3_busy_timeout(d, 5000);
		check_integrity(d);
		int unacked = 0;
		check_log_against_acks(d, before, acks, nacks, &unacked);
		check_acks_in_tables(d, acks, nacks, sheet_id);
		logcheck_run(d, report_log);
		sqlite3_close(d);
		/* the store opens it too (the program's own check of the file) */
		if (store_open(db, &st, &err) != MM_OK)
			fail("round %d: store_open after the kill: %s", round, err.msg);
		else
			store_close(st);
		if (fails)
			fprintf(stderr, "crash: round %d failed (%d acknowledged, target %d)\n", round,
				nacks, target);
		total_acks += nacks;
		total_unacked += unacked;
		if (min_acks < 0 || nacks < min_acks)
			min_acks = nacks;
		if (nacks > max_acks)
			max_acks = nacks;
		free(acks);
	}
	double elapsed = now_ms() - t0;

	scenario_free(sc);
	free(text);
	if (fails && getenv("CRASH_KEEP")) {
		fprintf(stderr, "crash: database kept in %s\n", db);
	} else {
		static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
		char p[700];
		for (size_t k = 0; k < sizeof suffix / sizeof suffix[0]; k++) {
			snprintf(p, sizeof p, "%s%s", db, suffix[k]);
			unlink(p);
		}
		unlink(ackpath);
		rmdir(dir);
	}
	printf("crash: %d rounds of SIGKILL mid-write in %.1f s: %ld acknowledged edits "
		"(%ld..%ld per round), %ld committed but killed before their acknowledgement; %s\n",
		rounds, elapsed / 1e3, total_acks, min_acks, max_acks, total_unacked,
		fails ? "FAILED" : "every acknowledged edit in the database with its history, "
		"integrity ok every round");
	return fails ? 1 : 0;
}
