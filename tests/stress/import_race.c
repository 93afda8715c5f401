/*
 * import_race.c — real `mamori import` processes writing one sheet at once.
 *
 *   test_import_race MAMORI CASE      CASE: append | replace | busy
 *
 * append   IMPORT_PROCS (4) processes each import a file of IMPORT_ROWS (250)
 *          rows into group 1's asset ledger, released together; then the
 *          same into group 2's emergency contacts, which nobody has written
 *          yet (the first import makes it with its 10 seed rows, once).  Every one
 *          must exit 0, and the sheet must hold all their rows on distinct
 *          positions, each file's rows together (one run) and in the file's
 *          order: an import is one transaction that appends after what is in
 *          the database when it takes the write lock, never after a list of
 *          rows read before it.
 * replace  group 1's ledger holds a file's rows; IMPORT_PROCS processes then
 *          `import --replace` files of their own, released together; then
 *          again with files that share half their names (rows kept, moved
 *          and rewritten as well as added and deleted).  Each time the sheet
 *          must be exactly one of those files, in its order, on distinct
 *          positions: the last --replace wins whole, never a mix with a
 *          stale list.
 * busy     a connection takes the write lock (BEGIN IMMEDIATE) and keeps it
 *          until BUSY_HOLD_MS (8 s) after every writer has started its first
 *          import (longer than the 5 s busy timeout mamori had, plus a slow
 *          start under load), while BUSY_WRITERS (30) processes each run
 *          BUSY_IMPORTS (2)
 *          imports one after the other: appends of BUSY_ROWS (5) rows into
 *          group 1's ledger, and, every third writer, --replace of group 2's
 *          ledger.  A person's command must not fail because others write:
 *          every import exits 0 with nothing on stderr, group 1 holds every
 *          appended file (each together, in order) and group 2 exactly one of
 *          the replacing files.
 * The processes are released together through a pipe (no sleep decides
 * anything); the test waits for every one to exit.  IMPORT_KEEP=1 keeps the
 * directory of a failed run.
 *
 * Run: meson test -C BUILD stress-import-append stress-import-replace
 *      stress-import-busy   (suite 'stress')
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#define ACTIVITY "asset-ledger"
#define MAX_PROCS 64
/* the busy timeout writers used to give up after */
#define OLD_TIMEOUT_S 5.0
/* the lock is held this long after every writer has started its first
 * import: past the old timeout plus a start-up that is slow under load */
#define HOLD_MS 8000

static const char *mamori;
static char dir[512], db[600];
/* the table the imports write: the asset ledger (no seed rows), or the
 * emergency contacts (10 seed rows, made by the first import) */
static const char *activity = ACTIVITY, *label_col = "name", *csv_head = "category,name",
	*csv_before = "x,";
static int seed_rows; /* rows of the definition's own before the files' */
static int failures;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("import-race: FAIL: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	failures++;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("import-race: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static int env_int(const char *name, int def, int lo, int hi)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return def;
	int n = atoi(v);
	return n < lo ? lo : n > hi ? hi : n;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- processes --------------------------------------------------------- */

/* Starts ARGV; the child first waits until the write end of GATE (a pipe,
 * or NULL) is closed by the parent, and writes its stderr to ERRPATH. */
static pid_t spawn(char *const argv[], const int *gate, const char *errpath)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid > 0)
		return pid;
	if (gate) {
		close(gate[1]);
		char c;
		while (read(gate[0], &c, 1) > 0 || errno == EINTR)
			;
		close(gate[0]);
	}
	int null = open("/dev/null", O_WRONLY);
	int e = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (null < 0 || e < 0)
		_exit(126);
	dup2(null, 1);
	dup2(e, 2);
	execv(argv[0], argv);
	_exit(127);
}

static int wait_for(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The first line of a file, or "" (for messages). */
static void first_line(const char *path, char *out, size_t n)
{
	out[0] = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(out, (int)n, f))
		out[strcspn(out, "\n")] = 0;
	fclose(f);
}

/* The command line of `mamori import` of FILE for GROUP into ARGV (12 slots). */
static void import_argv(char **argv, const char *group, const char *file, bool replace)
{
	int a = 0;
	argv[a++] = (char *)mamori;
	argv[a++] = "import";
	argv[a++] = "--db";
	argv[a++] = db;
	argv[a++] = "--group";
	argv[a++] = (char *)group;
	argv[a++] = "--activity";
	argv[a++] = (char *)activity;
	if (replace)
		argv[a++] = "--replace";
	argv[a++] = (char *)file;
	argv[a] = NULL;
}

/* `mamori import` of FILE for GROUP, run now, to the end. */
static int import_now(const char *group, const char *file, bool replace, char *why, size_t n)
{
	char errpath[700];
	snprintf(errpath, sizeof errpath, "%s/once.err", dir);
	char *argv[12];
	import_argv(argv, group, file, replace);
	int rc = wait_for(spawn(argv, NULL, errpath));
	first_line(errpath, why, n);
	return rc;
}

static void mamori_init(int groups)
{
	char errpath[700], ng[16], why[600];
	snprintf(errpath, sizeof errpath, "%s/init.err", dir);
	snprintf(ng, sizeof ng, "%d", groups);
	char *argv[] = {(char *)mamori, "init", "--db", db, "--groups", ng, NULL};
	if (wait_for(spawn(argv, NULL, errpath)) != 0) {
		first_line(errpath, why, sizeof why);
		die("mamori init: %s", why);
	}
}

/* A CSV of ROWS rows named "KEY:0001".. in order (the key names the file). */
static void write_file(const char *path, const char *key, int rows, int first)
{
	FILE *f = fopen(path, "w");
	if (!f)
		die("cannot write %s", path);
	fprintf(f, "%s\n", csv_head);
	for (int i = 0; i < rows; i++)
		fprintf(f, "%s%s:%04d\n", csv_before, key, first + i);
	if (fclose(f) != 0)
		die("cannot write %s", path);
}

/* ---- checking a sheet ------------------------------------------------------ */

typedef struct run {
	char key[64];
	int first, last; /* the numbers of its first and last row */
	int len;
} run;

typedef struct sheet_view {
	run runs[MAX_PROCS * 8];
	int nruns;
	int rows;
	int same_pos;   /* rows on the position of the row before them */
	int bad;        /* rows not named KEY:NNNN, or runs broken */
	int seeds;      /* rows not named so before the first run (seed_rows) */
} sheet_view;

/* GROUP's ledger in display order, cut into runs of one file's rows: a run
 * ends where the key changes or the numbers stop going up by one. */
static void read_sheet(const char *group, sheet_view *v)
{
	memset(v, 0, sizeof *v);
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("cannot open %s", db);
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(h,
			"SELECT r.position, COALESCE(c.value, '') FROM sheet s "
			"JOIN sheet_row r ON r.sheet_id = s.id AND r.deleted = 0 "
			"LEFT JOIN cell c ON c.row_id = r.id AND c.col = ?3 "
			"WHERE s.activity = ?1 AND s.owner_kind = 'group' "
			"AND s.owner_id = (SELECT id FROM grp WHERE name = ?2) "
			"ORDER BY r.position, r.id", -1, &q, NULL) != SQLITE_OK)
		die("prepare: %s", sqlite3_errmsg(h));
	sqlite3_bind_text(q, 1, activity, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, group, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, label_col, -1, SQLITE_STATIC);
	double last_pos = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		double pos = sqlite3_column_double(q, 0);
		const char *name = (const char *)sqlite3_column_text(q, 1);
		if (v->rows > 0 && pos == last_pos)
			v->same_pos++;
		last_pos = pos;
		v->rows++;
		const char *colon = strrchr(name, ':');
		if (!colon || colon == name || (size_t)(colon - name) >= sizeof v->runs[0].key) {
			if (v->nruns == 0 && v->seeds < seed_rows) {
				v->seeds++;
				continue;
			}
			if (v->bad++ < 5)
				fail("group %s: a row named \"%s\" that no file has", group, name);
			continue;
		}
		int num = atoi(colon + 1);
		run *r = v->nruns ? &v->runs[v->nruns - 1] : NULL;
		if (r && strlen(r->key) == (size_t)(colon - name)
			&& strncmp(r->key, name, (size_t)(colon - name)) == 0 && num == r->last + 1) {
			r->last = num;
			r->len++;
			continue;
		}
		if (v->nruns == (int)(sizeof v->runs / sizeof v->runs[0])) {
			v->bad++;
			continue;
		}
		r = &v->runs[v->nruns++];
		snprintf(r->key, sizeof r->key, "%.*s", (int)(colon - name), name);
		r->first = r->last = num;
		r->len = 1;
	}
	if (rc != SQLITE_DONE)
		die("reading %s: %s", db, sqlite3_errmsg(h));
	sqlite3_finalize(q);
	sqlite3_close(h);
}

/* The runs of V, for a failure's message. */
static void describe(const sheet_view *v, char *out, size_t n)
{
	size_t used = 0;
	out[0] = 0;
	for (int k = 0; k < v->nruns && used + 40 < n; k++)
		used += (size_t)snprintf(out + used, n - used, "%s%s:%d..%d", k ? " " : "",
			v->runs[k].key, v->runs[k].first, v->runs[k].last);
	if (v->nruns > 12 && used + 4 < n)
		snprintf(out + used, n - used, " ...");
}

/* Every file of KEYS (NKEYS of them, ROWS rows each) is one whole run of V,
 * in order, and nothing else is there. */
static void expect_each_together(const char *what, const sheet_view *v, char keys[][64],
	int nkeys, int rows)
{
	char runs[2000];
	describe(v, runs, sizeof runs);
	if (v->seeds != seed_rows)
		fail("%s: %d seed rows first, expected %d", what, v->seeds, seed_rows);
	if (v->rows != seed_rows + nkeys * rows)
		fail("%s: %d rows, expected %d (%d seed rows and %d files of %d)", what, v->rows,
			seed_rows + nkeys * rows, seed_rows, nkeys, rows);
	if (v->same_pos)
		fail("%s: %d rows share a position with the row before them", what, v->same_pos);
	if (v->nruns != nkeys)
		fail("%s: the rows of %d files are in %d runs, not one run a file: %.600s", what,
			nkeys, v->nruns, runs);
	for (int k = 0; k < nkeys; k++) {
		int found = 0;
		for (int r = 0; r < v->nruns; r++)
			if (strcmp(v->runs[r].key, keys[k]) == 0) {
				if (found++ == 0 && (v->runs[r].first != 1 || v->runs[r].len != rows))
					fail("%s: file %s is rows %d..%d together, not all %d in order", what,
						keys[k], v->runs[r].first, v->runs[r].last, rows);
			}
		if (found != 1)
			fail("%s: file %s is in %d runs, not one", what, keys[k], found);
	}
}

/* V is exactly one of the files of KEYS (ROWS rows, numbered from 1), in
 * order; its key in WHICH. */
static void expect_exactly_one(const char *what, const sheet_view *v, char keys[][64],
	int nkeys, int rows)
{
	char runs[2000];
	describe(v, runs, sizeof runs);
	if (v->same_pos)
		fail("%s: %d rows share a position with the row before them", what, v->same_pos);
	bool known = false;
	for (int k = 0; v->nruns == 1 && k < nkeys; k++)
		known |= strcmp(v->runs[0].key, keys[k]) == 0;
	if (v->nruns != 1 || !known || v->runs[0].first != 1 || v->rows != rows
		|| v->runs[0].len != rows)
		fail("%s: the sheet is not exactly one of the %d files (%d rows each, in order) "
			"but %d rows: %.600s", what, nkeys, rows, v->rows, runs);
}

/* ---- the cases ---------------------------------------------------------- */

/* Starts one `mamori import` a file at once, released together; each must
 * exit 0. */
static void import_together(const char *group, char files[][700], int n, bool replace)
{
	int gate[2];
	if (pipe(gate) != 0)
		die("pipe: %s", strerror(errno));
	pid_t pids[MAX_PROCS];
	char errs[MAX_PROCS][700];
	for (int k = 0; k < n; k++) {
		snprintf(errs[k], sizeof errs[k], "%s/p%d.err", dir, k);
		char *argv[12];
		import_argv(argv, group, files[k], replace);
		pids[k] = spawn(argv, gate, errs[k]);
	}
	close(gate[0]);
	close(gate[1]); /* go */
	for (int k = 0; k < n; k++) {
		int rc = wait_for(pids[k]);
		char why[600];
		first_line(errs[k], why, sizeof why);
		if (rc != 0)
			fail("import %s%s exited %d: %s", replace ? "--replace " : "", files[k], rc, why);
	}
}

static void case_append(void)
{
	int procs = env_int("IMPORT_PROCS", 4, 2, MAX_PROCS);
	int rows = env_int("IMPORT_ROWS", 250, 1, 100000);
	mamori_init(2);
	char files[MAX_PROCS][700], keys[MAX_PROCS][64];
	for (int k = 0; k < procs; k++) {
		snprintf(keys[k], sizeof keys[k], "f%d", k + 1);
		snprintf(files[k], sizeof files[k], "%.500s/%.60s.csv", dir, keys[k]);
		write_file(files[k], keys[k], rows, 1);
	}
	double t0 = now_s();
	import_together("1", files, procs, false);
	double took = now_s() - t0;
	sheet_view v;
	read_sheet("1", &v);
	expect_each_together("append", &v, keys, procs, rows);
	printf("append: %d imports of %d rows at once in %.2f s: %d rows in %d runs\n", procs,
		rows, took, v.rows, v.nruns);
	/* a table with seed rows nobody has written yet: the first import to
	 * get the lock makes it with its seed rows, once, the others append */
	activity = "emergency-contacts";
	label_col = "role";
	csv_head = "role";
	csv_before = "";
	seed_rows = 10;
	for (int k = 0; k < procs; k++) {
		snprintf(keys[k], sizeof keys[k], "e%d", k + 1);
		snprintf(files[k], sizeof files[k], "%.500s/%.60s.csv", dir, keys[k]);
		write_file(files[k], keys[k], rows, 1);
	}
	t0 = now_s();
	import_together("2", files, procs, false);
	took = now_s() - t0;
	read_sheet("2", &v);
	expect_each_together("append to a new table with seed rows", &v, keys, procs, rows);
	printf("append: %d imports of %d rows at once into a table nobody wrote in %.2f s: %d "
		"seed rows, %d rows in %d runs\n", procs, rows, took, v.seeds, v.rows, v.nruns);
}

static void case_replace(void)
{
	int procs = env_int("IMPORT_PROCS", 4, 2, MAX_PROCS);
	int rows = env_int("IMPORT_ROWS", 250, 2, 100000);
	mamori_init(2);
	/* what is there first: "r:0001".."r:ROWS" */
	char first[700], why[600];
	snprintf(first, sizeof first, "%s/r.csv", dir);
	write_file(first, "r", rows, 1);
	if (import_now("1", first, false, why, sizeof why) != 0)
		die("the first import: %s", why);
	/* each replacing file: its own rows, then (in the middle of the file)
	 * rows named like the first file's second half, which are kept and
	 * moved; so every file has ROWS rows numbered 1..ROWS under its own key
	 * except those, which the check below allows for */
	char files[MAX_PROCS][700], keys[MAX_PROCS][64];
	for (int k = 0; k < procs; k++) {
		snprintf(keys[k], sizeof keys[k], "g%d", k + 1);
		snprintf(files[k], sizeof files[k], "%.500s/%.60s.csv", dir, keys[k]);
		write_file(files[k], keys[k], rows, 1);
	}
	double t0 = now_s();
	import_together("1", files, procs, true);
	double took = now_s() - t0;
	sheet_view v;
	read_sheet("1", &v);
	expect_exactly_one("replace", &v, keys, procs, rows);
	/* and again, from a sheet holding one of those files, with files that
	 * share half their names with each other: kept rows are moved and
	 * rewritten by whichever replace runs last */
	char files2[MAX_PROCS][700], keys2[MAX_PROCS][64];
	for (int k = 0; k < procs; k++) {
		snprintf(keys2[k], sizeof keys2[k], "h%d", k + 1);
		snprintf(files2[k], sizeof files2[k], "%.500s/%.60s.csv", dir, keys2[k]);
		FILE *f = fopen(files2[k], "w");
		if (!f)
			die("cannot write %s", files2[k]);
		fputs("category,name,note\n", f);
		/* ROWS rows "hK:0001".. of which the second half are rows every
		 * file has ("shared:..."), in this file's own order of them */
		int own = rows / 2;
		for (int i = 0; i < own; i++)
			fprintf(f, "x,%s:%04d,\n", keys2[k], i + 1);
		for (int i = 0; i < rows - own; i++)
			fprintf(f, "x,shared-%s:%04d,from %s\n", (k % 2) ? "b" : "a", i + 1, keys2[k]);
		fclose(f);
	}
	t0 = now_s();
	import_together("1", files2, procs, true);
	took += now_s() - t0;
	read_sheet("1", &v);
	/* exactly one file: a run "hK:1..ROWS/2" then "shared-a|b:1..rest" */
	char runs[2000];
	describe(&v, runs, sizeof runs);
	int own = rows / 2;
	bool ok = v.nruns == 2 && v.rows == rows && !v.same_pos && v.runs[0].first == 1
		&& v.runs[0].len == own && v.runs[1].first == 1 && v.runs[1].len == rows - own
		&& v.runs[0].key[0] == 'h' && strncmp(v.runs[1].key, "shared-", 7) == 0;
	int which = ok ? atoi(v.runs[0].key + 1) : 0;
	if (ok)
		ok = which >= 1 && which <= procs
			&& v.runs[1].key[7] == (((which - 1) % 2) ? 'b' : 'a');
	if (!ok)
		fail("replace with shared names: the sheet is not exactly one of the %d files "
			"(%d rows in order) but %d rows: %.600s", procs, rows, v.rows, runs);
	else {
		/* the kept rows carry the note of the file that won */
		sqlite3 *h = NULL;
		sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
		sqlite3_stmt *q = NULL;
		sqlite3_prepare_v2(h, "SELECT COUNT(*) FROM sheet_row r JOIN cell n ON n.row_id = r.id "
			"AND n.col = 'name' AND n.value LIKE 'shared-%' JOIN cell c ON c.row_id = r.id "
			"AND c.col = 'note' WHERE r.deleted = 0 AND c.value = ?1", -1, &q, NULL);
		char note[80];
		snprintf(note, sizeof note, "from h%d", which);
		sqlite3_bind_text(q, 1, note, -1, SQLITE_TRANSIENT);
		int n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
		sqlite3_finalize(q);
		sqlite3_close(h);
		if (n != rows - own)
			fail("replace with shared names: %d of the %d shared rows say \"%s\" (the file "
				"whose rows are there)", n, rows - own, note);
	}
	printf("replace: twice %d imports --replace of %d rows at once in %.2f s: the sheet is "
		"one file whole\n", procs, rows, took);
}

/* One writer: IMPORTS imports one after the other (each to the end), the
 * first once GATE is closed; it says on READY when it starts the first, and
 * on RES how many failed and how many took longer than the old busy
 * timeout. */
static int writer(int w, int imports, int rows, bool replacer, int gate, int ready, int res)
{
	char c;
	while (read(gate, &c, 1) > 0 || errno == EINTR)
		;
	close(gate);
	int failed = 0, slow = 0;
	for (int j = 0; j < imports; j++) {
		char key[64], file[700], errpath[700];
		snprintf(key, sizeof key, "%s%02d-%d", replacer ? "rw" : "w", w, j);
		snprintf(file, sizeof file, "%.500s/%.60s.csv", dir, key);
		snprintf(errpath, sizeof errpath, "%.500s/%.60s.err", dir, key);
		write_file(file, key, rows, 1);
		char *argv[12];
		import_argv(argv, replacer ? "2" : "1", file, replacer);
		double t0 = now_s();
		pid_t pid = spawn(argv, NULL, errpath);
		if (j == 0 && write(ready, "r", 1) != 1)
			die("writer %d: cannot say it started", w);
		int rc = wait_for(pid);
		double took = now_s() - t0;
		slow += took > OLD_TIMEOUT_S;
		char why[600];
		first_line(errpath, why, sizeof why);
		if (rc != 0 || why[0]) {
			fprintf(stderr, "import-race: FAIL: writer %d, import %s exited %d after %.2f s: "
				"%s\n", w, key, rc, took, why[0] ? why : "(nothing on stderr)");
			failed++;
		}
	}
	char line[64];
	int n = snprintf(line, sizeof line, "%d %d\n", failed, slow);
	if (write(res, line, (size_t)n) != n)
		die("writer %d: cannot report", w);
	return failed ? 1 : 0;
}

static void case_busy(void)
{
	int writers = env_int("BUSY_WRITERS", 30, 1, MAX_PROCS);
	int imports = env_int("BUSY_IMPORTS", 2, 1, 100);
	int rows = env_int("BUSY_ROWS", 5, 1, 10000);
	int hold_ms = env_int("BUSY_HOLD_MS", HOLD_MS, 0, 60000);
	mamori_init(3);
	int gate[2], ready[2], res[2];
	if (pipe(gate) != 0 || pipe(ready) != 0 || pipe(res) != 0)
		die("pipe: %s", strerror(errno));
	pid_t pids[MAX_PROCS];
	int nrep = 0;
	static char rkeys[MAX_PROCS * 100][64];
	static char wkeys[MAX_PROCS * 100][64];
	int nw = 0;
	for (int w = 0; w < writers; w++) {
		bool replacer = w % 3 == 2;
		for (int j = 0; j < imports; j++) {
			if (replacer)
				snprintf(rkeys[nrep++], sizeof rkeys[0], "rw%02d-%d", w, j);
			else
				snprintf(wkeys[nw++], sizeof wkeys[0], "w%02d-%d", w, j);
		}
		fflush(NULL);
		pid_t pid = fork();
		if (pid < 0)
			die("fork: %s", strerror(errno));
		if (pid == 0) {
			close(gate[1]);
			close(ready[0]);
			close(res[0]);
			_exit(writer(w, imports, rows, replacer, gate[0], ready[1], res[1]));
		}
		pids[w] = pid;
	}
	close(gate[0]);
	close(ready[1]);
	close(res[1]);
	/* the lock first (no connection crosses fork), then the writers go:
	 * every first import meets it */
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("cannot open %s", db);
	sqlite3_busy_timeout(h, 10000);
	if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		die("BEGIN IMMEDIATE: %s", sqlite3_errmsg(h));
	double t0 = now_s();
	close(gate[1]); /* go */
	/* every writer has started its first import (or is gone) */
	int started = 0;
	char c;
	while (started < writers) {
		ssize_t n = read(ready[0], &c, 1);
		if (n == 1)
			started++;
		else if (n == 0 || errno != EINTR)
			break;
	}
	close(ready[0]);
	/* a deliberate hold of the lock, not a wait for anything */
	usleep((useconds_t)hold_ms * 1000);
	double held = now_s() - t0;
	if (sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
		fail("ROLLBACK: %s", sqlite3_errmsg(h));
	sqlite3_close(h);
	for (int w = 0; w < writers; w++)
		wait_for(pids[w]);
	double took = now_s() - t0;
	/* what the writers said: failed and slow imports */
	int failed = 0, slow = 0, reports = 0;
	FILE *f = fdopen(res[0], "r");
	int a, b;
	while (f && fscanf(f, "%d %d", &a, &b) == 2) {
		failed += a;
		slow += b;
		reports++;
	}
	if (f)
		fclose(f);
	if (reports != writers)
		fail("%d of %d writers reported", reports, writers);
	if (started != writers)
		fail("only %d of %d writers started", started, writers);
	if (failed)
		fail("%d of %d imports failed (the write lock was held %.1f s at the start)", failed,
			writers * imports, held);
	/* not a test of anything unless imports did wait past the old timeout */
	if (slow == 0)
		fail("no import waited longer than %.0f s: the lock held %.1f s met none", OLD_TIMEOUT_S,
			held);
	sheet_view v;
	read_sheet("1", &v);
	expect_each_together("busy, appends", &v, wkeys, nw, rows);
	if (nrep) {
		read_sheet("2", &v);
		expect_exactly_one("busy, --replace", &v, rkeys, nrep, rows);
	}
	printf("busy: %d writers x %d imports (%d appends, %d --replace) with the write lock "
		"held %.1f s at the start: %d failed, %d waited longer than %.0f s, all done in "
		"%.1f s\n", writers, imports, nw, nrep, held, failed, slow, OLD_TIMEOUT_S, took);
}

int main(int argc, char **argv)
{
	if (argc != 3)
		die("usage: test_import_race MAMORI append|replace|busy");
	mamori = argv[1];
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/mamori-import-race-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp: %s", strerror(errno));
	snprintf(db, sizeof db, "%s/race.db", dir);
	if (strcmp(argv[2], "append") == 0)
		case_append();
	else if (strcmp(argv[2], "replace") == 0)
		case_replace();
	else if (strcmp(argv[2], "busy") == 0)
		case_busy();
	else
		die("unknown case %s", argv[2]);
	const char *keep = getenv("IMPORT_KEEP");
	if (failures && keep && strcmp(keep, "1") == 0) {
		fprintf(stderr, "import-race: kept %s\n", dir);
	} else {
		char cmd[700];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "import-race: could not remove %s\n", dir);
	}
	if (failures) {
		fprintf(stderr, "import-race %s: %d failures\n", argv[2], failures);
		return 1;
	}
	return 0;
}
