/*
 * bench_import.c — what `mamori import` of a few rows costs as the sheet it
 * adds to grows: its cost should follow the rows imported, not the rows
 * already there.
 *
 * Run (from the source tree; builds what it needs first):
 *
 *     tests/bench/run.sh [BUILD_DIR] import
 *
 * or through meson:  meson test -C BUILD --benchmark import -v
 * or by hand:        BUILD/tests/bench/bench_import BUILD/mamori
 *
 * What it does:
 *   1. Two databases made by `mamori init --groups REPS+1`: "empty", and
 *      "large", whose group 1 asset ledger gets IMPORT_BIG (100,000) rows
 *      (one `mamori import` of a generated CSV: name, category, note).
 *   2. REPS (5) rounds, each importing the same IMPORT_SMALL (10) row file
 *      with `mamori import --group G --activity asset-ledger`: once into a
 *      sheet nobody has written in the empty database (a new group each
 *      round), once appended to the 100,000-row sheet.  The order
 *      alternates round by round.  (--replace is not measured: it may read
 *      what it replaces.)
 *   3. Every import is one child process: its wall time (fork to exit) and
 *      its peak RSS and CPU time (wait4's rusage of that child, i.e. what
 *      getrusage(RUSAGE_CHILDREN) would add).
 *   4. Prints the median of each and the ratios large / empty; then the
 *      same for 10 risk-table rows naming (ref) those 10 ledger rows, which
 *      come after the 100,000 in the large ledger: shown, not targeted (a
 *      name is found by one pass over the ledger in the database).  Target: the
 *      append into the large sheet within 2x the empty one in time and in
 *      peak RSS (cost proportional to the rows imported).  Exit 0 target
 *      met, 1 missed, 2 the run failed.
 *
 * Environment: IMPORT_BIG (100000), IMPORT_SMALL (10), BENCH_REPS (5),
 * BENCH_KEEP=1 keeps the temporary directory.
 */
#include "bench_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ACTIVITY "asset-ledger"
#define MAX_REPS 50

static const char *mamori;
static char dir[512];

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench_import: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct cost {
	double wall, cpu; /* seconds */
	long rss_kb;      /* peak resident set */
} cost;

/* Runs ARGV to its end; its cost; dies when it does not exit 0. */
static cost run(char *const argv[])
{
	char errpath[700];
	snprintf(errpath, sizeof errpath, "%.500s/child.err", dir);
	fflush(NULL);
	double t0 = now_s();
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		int e = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (null < 0 || e < 0)
			_exit(126);
		dup2(null, 1);
		dup2(e, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	struct rusage ru;
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4: %s", strerror(errno));
	cost c = {.wall = now_s() - t0,
		.cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6
			+ (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6,
		.rss_kb = ru.ru_maxrss};
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		char why[600] = "";
		FILE *f = fopen(errpath, "r");
		if (f) {
			if (!fgets(why, sizeof why, f))
				why[0] = 0;
			fclose(f);
		}
		why[strcspn(why, "\n")] = 0;
		die("%s %s failed: %s", argv[0], argv[1], why);
	}
	return c;
}

static void init_db(const char *db, int groups)
{
	char ng[16];
	snprintf(ng, sizeof ng, "%d", groups);
	char *argv[] = {(char *)mamori, "init", "--db", (char *)db, "--groups", ng, NULL};
	run(argv);
}

static cost import_into(const char *db, int group, const char *activity, const char *file)
{
	char g[16];
	snprintf(g, sizeof g, "%d", group);
	char *argv[] = {(char *)mamori, "import", "--db", (char *)db, "--group", g, "--activity",
		(char *)activity, (char *)file, NULL};
	return run(argv);
}

static cost import(const char *db, int group, const char *file, bool replace)
{
	char g[16];
	snprintf(g, sizeof g, "%d", group);
	char *argv[12];
	int a = 0;
	argv[a++] = (char *)mamori;
	argv[a++] = "import";
	argv[a++] = "--db";
	argv[a++] = (char *)db;
	argv[a++] = "--group";
	argv[a++] = g;
	argv[a++] = "--activity";
	argv[a++] = ACTIVITY;
	if (replace)
		argv[a++] = "--replace";
	argv[a++] = (char *)file;
	argv[a] = NULL;
	return run(argv);
}

/* A CSV of N asset rows named PREFIX-000001.. */
static void write_rows(const char *path, const char *prefix, int n)
{
	FILE *f = fopen(path, "w");
	if (!f)
		die("cannot write %s", path);
	fputs("category,name,note\n", f);
	for (int i = 0; i < n; i++)
		fprintf(f, "x,%s-%06d,a note of row %d\n", prefix, i + 1, i + 1);
	if (fclose(f) != 0)
		die("cannot write %s", path);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

typedef struct series {
	double wall[MAX_REPS], cpu[MAX_REPS], rss[MAX_REPS];
	int n;
	double mwall, mcpu, mrss;
} series;

static void note(series *s, cost c)
{
	s->wall[s->n] = c.wall;
	s->cpu[s->n] = c.cpu;
	s->rss[s->n] = (double)c.rss_kb;
	s->n++;
}

static void summarize(series *s, const char *what)
{
	s->mwall = median(s->wall, s->n);
	s->mcpu = median(s->cpu, s->n);
	s->mrss = median(s->rss, s->n);
	printf("  %-34s %8.1f ms wall  %8.1f ms CPU  %8.1f MB peak RSS\n", what, s->mwall * 1000,
		s->mcpu * 1000, s->mrss / 1024);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		die("usage: bench_import MAMORI");
	mamori = argv[1];
	int big = bench_env_int("IMPORT_BIG", 100000, 1, 10000000);
	int small = bench_env_int("IMPORT_SMALL", 10, 1, 100000);
	int reps = bench_env_int("BENCH_REPS", 5, 1, MAX_REPS);
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/mamori-bench-import-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp: %s", strerror(errno));
	char empty_db[700], large_db[700], big_csv[700], small_csv[700];
	snprintf(empty_db, sizeof empty_db, "%.500s/empty.db", dir);
	snprintf(large_db, sizeof large_db, "%.500s/large.db", dir);
	snprintf(big_csv, sizeof big_csv, "%.500s/big.csv", dir);
	snprintf(small_csv, sizeof small_csv, "%.500s/small.csv", dir);
	init_db(empty_db, reps + 1);
	init_db(large_db, 2);
	write_rows(big_csv, "big", big);
	write_rows(small_csv, "new", small);
	cost setup = import(large_db, 1, big_csv, false);
	printf("bench_import: %s; a %d-row sheet made by one import in %.1f s (%.0f MB peak)\n",
		mamori, big, setup.wall, setup.rss_kb / 1024.0);
	series e = {0}, l = {0};
	for (int r = 0; r < reps; r++) {
		if (r % 2 == 0) {
			note(&e, import(empty_db, r + 1, small_csv, false));
			note(&l, import(large_db, 1, small_csv, false));
		} else {
			note(&l, import(large_db, 1, small_csv, false));
			note(&e, import(empty_db, r + 1, small_csv, false));
		}
	}
	char what[120];
	printf("import of %d rows, median of %d:\n", small, reps);
	snprintf(what, sizeof what, "into an empty sheet");
	summarize(&e, what);
	snprintf(what, sizeof what, "appended to a %d-row sheet", big);
	summarize(&l, what);
	double rt = l.mwall / e.mwall, rc = l.mcpu / e.mcpu, rm = l.mrss / e.mrss;
	bool met = rt <= 2.0 && rm <= 2.0;
	printf("ratio large / empty: %.2fx wall, %.2fx CPU, %.2fx peak RSS (target <= 2x wall "
		"and RSS): %s\n", rt, rc, rm, met ? "met" : "MISSED");
	/* shown, not targeted: risk rows naming ledger rows. The names are
	 * looked up in one pass over the ledger in the database (no index on
	 * a cell's value), stopping at the last one found: here the rows
	 * imported above, after the 100,000 in the large ledger */
	char risk_csv[700];
	snprintf(risk_csv, sizeof risk_csv, "%.500s/risk.csv", dir);
	FILE *f = fopen(risk_csv, "w");
	if (!f)
		die("cannot write %s", risk_csv);
	fputs("scenario,asset\n", f);
	for (int i = 0; i < small; i++)
		fprintf(f, "risk %d,new-%06d\n", i + 1, i + 1);
	if (fclose(f) != 0)
		die("cannot write %s", risk_csv);
	series re = {0}, rl = {0};
	for (int r = 0; r < reps; r++) {
		note(&re, import_into(empty_db, 1, "risk-table", risk_csv));
		note(&rl, import_into(large_db, 1, "risk-table", risk_csv));
	}
	printf("import of %d risk rows naming %d ledger rows (refs), median of %d:\n", small, small,
		reps);
	summarize(&re, "naming rows of a 10-row ledger");
	snprintf(what, sizeof what, "naming rows after %d others", big);
	summarize(&rl, what);
	printf("ratio large / empty: %.2fx wall, %.2fx CPU, %.2fx peak RSS (shown, not a "
		"target)\n", rl.mwall / re.mwall, rl.mcpu / re.mcpu, rl.mrss / re.mrss);
	const char *keep = getenv("BENCH_KEEP");
	if (keep && strcmp(keep, "1") == 0) {
		printf("kept %s\n", dir);
	} else {
		char cmd[700];
		snprintf(cmd, sizeof cmd, "rm -rf '%.600s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench_import: could not remove %s\n", dir);
	}
	return met ? 0 : 1;
}
