/*
 * bench_refresh.c — how soon another terminal's edit is on every screen,
 * with 60 terminals on one table, and what an idle terminal costs: the
 * 200 ms poll of old (MAMORI_NO_INOTIFY=1) and the wake on change
 * (inotify on the database's -wal) measured in the same run.
 *
 * Run (from the source tree; builds what it needs first):
 *
 *     tests/bench/run.sh [BUILD_DIR] refresh
 *
 * or through meson:  meson test -C BUILD --benchmark refresh -v
 * or by hand:        BUILD/tests/bench/bench_refresh BUILD/mamori
 *
 * What it does:
 *   1. `mamori init --db DIR/refresh.db --groups 10`, then `mamori import
 *      --group 1 --activity it-inventory` of ROWS rows.
 *   2. For each mode, the poll first, then inotify: starts TERMINALS real
 *      `mamori --db DIR/refresh.db --group 1 --open it-inventory` in ptys
 *      of 100 x 36 (libvterm, tests/e2e/vt.c) and waits for every table.
 *   3. Idle: after a second's settling, every terminal is left alone for
 *      IDLE_MS (5 s) while this process reads what they write; each one's
 *      CPU time (/proc/PID/schedstat in ns, else utime + stime from
 *      /proc/PID/stat) and wakes (voluntary context switches,
 *      /proc/PID/status) over the window.
 *   4. Refresh: EDITS times, this process (the writer, through core's
 *      sheet_set, one commit) writes a new text into row 1's name cell;
 *      the clock starts when the commit returns and stops, per terminal,
 *      when that terminal's screen shows the text. Between edits a random
 *      150-350 ms pause (so the edits fall at random points of the poll's
 *      200 ms). The times include the pty and this process's libvterm
 *      parsing of every screen.
 *   5. Prints p50 / p95 / p99 / max of the refresh times (TERMINALS x
 *      EDITS samples) and the idle CPU % and wakes per second per
 *      terminal, per mode, with the load average before and after.
 *      Exit 0 when inotify's p95 is <= 50 ms, 1 when not, 2 when the
 *      measurement failed.
 *
 * Environment: REFRESH_TERMINALS (60), REFRESH_EDITS (20), REFRESH_ROWS
 * (20), REFRESH_IDLE_MS (5000), REFRESH_WAIT_MS (a deadline per wait,
 * 30000), REFRESH_ONLY=poll|inotify, REFRESH_KEEP=1 keeps the directory.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"
#include "bench_util.h"
#include "vt.h"

#define ACTIVITY "it-inventory"
#define MAX_TERMS 200
#define SCREEN_ROWS 36
#define SCREEN_COLS 100
#define TARGET_P95_MS 50.0

static const char *mamori_bin;
static char dir[512], db_path[600], csv_path[600];
static int nterms = 60, nedits = 20, nrows = 20, idle_ms = 5000, wait_ms = 30000;
static vt *terms[MAX_TERMS];

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench_refresh: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	for (int k = 0; k < nterms; k++)
		vt_free(terms[k]);
	if (dir[0] && !getenv("REFRESH_KEEP"))
		e2e_rmtree(dir);
	exit(2);
}

static void loadavg(char *out, size_t n)
{
	FILE *f = fopen("/proc/loadavg", "r");
	out[0] = '\0';
	if (f) {
		if (!fgets(out, (int)n, f))
			out[0] = '\0';
		fclose(f);
	}
	out[strcspn(out, "\n")] = '\0';
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static unsigned pick(unsigned n)
{
	return bench_pick(&rng, n);
}

/* ---- 1. the data --------------------------------------------------------- */

static void run_cmd(const char *const args[])
{
	int st = bench_run(mamori_bin, args, NULL);
	if (st != 0)
		die("mamori %s failed (status %d)", args[0], st);
}

static void make_data(void)
{
	const char *init[] = {"init", "--db", db_path, "--groups", "10", NULL};
	run_cmd(init);
	FILE *f = fopen(csv_path, "w");
	if (!f)
		die("cannot write %s", csv_path);
	fputs("name,company,users\n", f);
	for (int r = 1; r <= nrows; r++)
		fprintf(f, "機器%02d,会社%d,総務\n", r, (r - 1) % 6 + 1);
	if (fclose(f) != 0)
		die("cannot write %s", csv_path);
	const char *imp[] = {"import", "--db", db_path, "--group", "1", "--activity", ACTIVITY,
		csv_path, NULL};
	run_cmd(imp);
}

/* ---- the writer: this process, through core ------------------------------ */

typedef struct writer {
	store *st;
	scenario *sc;
	sheet *s;
	int name_col;
	int64_t row;
} writer;

static void writer_open(writer *w)
{
	mm_error err;
	workshop_info ws = {0};
	if (store_open(db_path, &w->st, &err) != MM_OK
		|| store_workshop_get(w->st, &ws, &err) != MM_OK)
		die("%s: %s", db_path, err.msg);
	buf errs = {0};
	if (scenario_parse(db_path, ws.scenario_json, strlen(ws.scenario_json), &w->sc, &errs, NULL)
		!= MM_OK)
		die("the stored scenario is not valid: %s", buf_str(&errs));
	buf_free(&errs);
	workshop_info_free(&ws);
	const activity *act = scenario_find_activity(w->sc, ACTIVITY);
	if (!act || !act->table)
		die("no table %s in the bundled program", ACTIVITY);
	owner_info *o;
	int no;
	if (store_owners(w->st, 0, 0, &o, &no, &err) != MM_OK || no < 1)
		die("no groups: %s", err.msg);
	int64_t gid = -1;
	for (int k = 0; k < no; k++)
		if (strcmp(o[k].name, "1") == 0)
			gid = o[k].id;
	owner_list_free(o, no);
	if (gid < 0)
		die("no group 1");
	if (sheet_open(w->st, act->table, OWNER_GROUP, gid, &w->s, &err) != MM_OK)
		die("sheet_open: %s", err.msg);
	if (w->s->nrows < 1)
		die("the imported sheet is empty");
	w->row = w->s->rows[0].id;
	w->name_col = -1;
	for (int k = 0; k < act->table->ncols; k++)
		if (strcmp(act->table->cols[k].id, "name") == 0)
			w->name_col = k;
	if (w->name_col < 0)
		die("no name column in %s", ACTIVITY);
}

static void writer_set(writer *w, const char *text)
{
	mm_error err;
	if (sheet_set(w->st, w->s, w->row, w->name_col, text, -1, NULL, NULL, &err) != MM_OK)
		die("sheet_set: %s", err.msg);
}

static void writer_close(writer *w)
{
	sheet_free(w->s);
	scenario_free(w->sc);
	store_close(w->st);
}

/* ---- the terminals ------------------------------------------------------- */

static void start_terms(bool inotify)
{
	const char *argv[] = {mamori_bin, "--db", db_path, "--group", "1", "--open", ACTIVITY,
		"--lang", "ja", NULL};
	const char *env[] = {inotify ? "MAMORI_NO_INOTIFY=0" : "MAMORI_NO_INOTIFY=1", NULL};
	for (int k = 0; k < nterms; k++) {
		terms[k] = vt_start(argv, env, SCREEN_ROWS, SCREEN_COLS);
		if (!terms[k])
			die("cannot start terminal %d", k);
	}
	for (int k = 0; k < nterms; k++)
		if (!vt_wait_text(terms[k], "機器02", wait_ms)) {
			vt_dump(terms[k], stderr);
			die("terminal %d did not show the table within %d ms", k, wait_ms);
		}
}

static void stop_terms(void)
{
	for (int k = 0; k < nterms; k++) {
		vt_free(terms[k]);
		terms[k] = NULL;
	}
}

/* Reads every terminal's output for MS (or, with WANT, until each shows it;
 * *AT[k] gets when terminal k did, -1 if it did not). */
static void pump_all(double ms, const char *want, double *at)
{
	struct pollfd fds[MAX_TERMS];
	int idx[MAX_TERMS];
	double end = bench_now_ms() + ms;
	if (at)
		for (int k = 0; k < nterms; k++)
			at[k] = -1;
	for (bool first = true;; first = false) {
		int n = 0;
		double now = bench_now_ms();
		for (int k = 0; k < nterms; k++) {
			/* a screen is searched again only when output came (below) */
			if (first && want && vt_has_text(terms[k], want))
				at[k] = now;
			if (want && at[k] >= 0)
				continue;
			fds[n] = (struct pollfd){.fd = vt_fd(terms[k]), .events = POLLIN};
			idx[n++] = k;
		}
		if (n == 0 || now >= end)
			return;
		int left = (int)(end - now) + 1;
		if (poll(fds, (nfds_t)n, left) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		/* each terminal's time is taken as soon as its output is read */
		for (int j = 0; j < n; j++) {
			if (!fds[j].revents)
				continue;
			int k = idx[j];
			vt_pump(terms[k], 0);
			if (want && vt_has_text(terms[k], want))
				at[k] = bench_now_ms();
		}
	}
}

typedef struct sample {
	long ticks, switches;
	long long run_ns; /* /proc/PID/schedstat's time on a CPU; -1 if absent */
} sample;

static sample proc_sample(int pid)
{
	sample s = {0, 0, -1};
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		die("reading %s", path);
	char b[1024];
	size_t n = fread(b, 1, sizeof b - 1, f);
	fclose(f);
	b[n] = '\0';
	const char *p = strrchr(b, ')');
	unsigned long ut = 0, st = 0;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st)
		!= 2)
		die("parsing %s", path);
	s.ticks = (long)(ut + st);
	snprintf(path, sizeof path, "/proc/%d/schedstat", pid);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%lld", &s.run_ns) != 1)
			s.run_ns = -1;
		fclose(f);
	}
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		die("reading %s", path);
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "voluntary_ctxt_switches: %ld", &s.switches) == 1)
			break;
	fclose(f);
	return s;
}

typedef struct result {
	const char *name;
	double p50, p95, p99, max;
	int samples, missed;
	double cpu_mean, cpu_max; /* % of one core per terminal, idle */
	double wakes_mean;        /* per second per terminal, idle */
	double refresh_cpu_ms;    /* CPU per terminal per edit, while editing */
	double harness_cpu_ms;    /* this process's CPU per edit */
	char load_before[128], load_after[128];
} result;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* This process's CPU time in ms (the writer and 60 screens' libvterm). */
static double self_cpu_ms(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3
		+ (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static double pct(const double *v, int n, double q)
{
	int i = (int)ceil(q * n) - 1;
	return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

static void measure(bool inotify, writer *w, result *r)
{
	r->name = inotify ? "inotify" : "poll (MAMORI_NO_INOTIFY=1)";
	loadavg(r->load_before, sizeof r->load_before);
	start_terms(inotify);
	pump_all(1000, NULL, NULL); /* settle: the rest of the start-up */

	/* idle */
	sample s0[MAX_TERMS], s1;
	for (int k = 0; k < nterms; k++)
		s0[k] = proc_sample(vt_pid(terms[k]));
	double t0 = bench_now_ms();
	pump_all(idle_ms, NULL, NULL);
	double secs = (bench_now_ms() - t0) / 1e3;
	long hz = sysconf(_SC_CLK_TCK);
	r->cpu_mean = r->cpu_max = r->wakes_mean = 0;
	for (int k = 0; k < nterms; k++) {
		s1 = proc_sample(vt_pid(terms[k]));
		/* nanoseconds where the kernel counts them, else clock ticks */
		double cpu = s1.run_ns >= 0 && s0[k].run_ns >= 0
			? (double)(s1.run_ns - s0[k].run_ns) / 1e9 / secs * 100.0
			: (double)(s1.ticks - s0[k].ticks) / (double)hz / secs * 100.0;
		r->cpu_mean += cpu / nterms;
		if (cpu > r->cpu_max)
			r->cpu_max = cpu;
		r->wakes_mean += (double)(s1.switches - s0[k].switches) / secs / nterms;
	}

	/* refresh */
	double *lat = calloc((size_t)(nterms * nedits), sizeof *lat), at[MAX_TERMS];
	if (!lat)
		die("out of memory");
	r->samples = r->missed = 0;
	for (int k = 0; k < nterms; k++)
		s0[k] = proc_sample(vt_pid(terms[k]));
	double self0 = self_cpu_ms();
	for (int e = 0; e < nedits; e++) {
		pump_all(150 + pick(201), NULL, NULL);
		char text[64];
		snprintf(text, sizeof text, "edit-%c-%02d", inotify ? 'i' : 'p', e + 1);
		writer_set(w, text);
		double committed = bench_now_ms();
		pump_all(wait_ms, text, at);
		for (int k = 0; k < nterms; k++) {
			if (at[k] < 0)
				r->missed++;
			else
				lat[r->samples++] = at[k] - committed;
		}
	}
	r->harness_cpu_ms = (self_cpu_ms() - self0) / nedits;
	r->refresh_cpu_ms = 0;
	for (int k = 0; k < nterms; k++) {
		s1 = proc_sample(vt_pid(terms[k]));
		if (s1.run_ns >= 0 && s0[k].run_ns >= 0)
			r->refresh_cpu_ms += (double)(s1.run_ns - s0[k].run_ns) / 1e6 / nterms / nedits;
		else
			r->refresh_cpu_ms += (double)(s1.ticks - s0[k].ticks) * 1000.0 / (double)hz
				/ nterms / nedits;
	}
	stop_terms();
	loadavg(r->load_after, sizeof r->load_after);
	if (r->samples == 0)
		die("no terminal showed any edit (%s)", r->name);
	qsort(lat, (size_t)r->samples, sizeof *lat, cmp_double);
	r->p50 = pct(lat, r->samples, 0.50);
	r->p95 = pct(lat, r->samples, 0.95);
	r->p99 = pct(lat, r->samples, 0.99);
	r->max = lat[r->samples - 1];
	free(lat);
}

static void print_result(const result *r)
{
	printf("  %-28s p50 %6.1f  p95 %6.1f  p99 %6.1f  max %6.1f ms  (%d samples%s)\n",
		r->name, r->p50, r->p95, r->p99, r->max, r->samples, r->missed ? ", SOME MISSED" : "");
	printf("  %-28s idle CPU %.3f %% mean, %.3f %% max per terminal; %.2f wakes/s\n", "",
		r->cpu_mean, r->cpu_max, r->wakes_mean);
	printf("  %-28s CPU per edit: %.2f ms per terminal, %.1f ms for all %d; %.1f ms "
		"in this process (writer, libvterm)\n", "", r->refresh_cpu_ms,
		r->refresh_cpu_ms * nterms, nterms, r->harness_cpu_ms);
	printf("  %-28s load average before %s, after %s\n", "", r->load_before, r->load_after);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s MAMORI_BIN\n", argv[0]);
		return 2;
	}
	mamori_bin = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	nterms = bench_env_int("REFRESH_TERMINALS", nterms, 1, MAX_TERMS);
	nedits = bench_env_int("REFRESH_EDITS", nedits, 1, 10000);
	nrows = bench_env_int("REFRESH_ROWS", nrows, 2, 100000);
	idle_ms = bench_env_int("REFRESH_IDLE_MS", idle_ms, 100, 600000);
	wait_ms = bench_env_int("REFRESH_WAIT_MS", wait_ms, 1000, 600000);
	const char *only = getenv("REFRESH_ONLY");
	bool do_poll = !only || !*only || strcmp(only, "poll") == 0;
	bool do_inotify = !only || !*only || strcmp(only, "inotify") == 0;
	if (!do_poll && !do_inotify)
		die("REFRESH_ONLY=%s: poll or inotify", only);
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/mamori-refresh-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp: %s", strerror(errno));
	snprintf(db_path, sizeof db_path, "%s/refresh.db", dir);
	snprintf(csv_path, sizeof csv_path, "%s/rows.csv", dir);
	i18n_set_lang(LANG_JA);
	make_data();
	writer w;
	writer_open(&w);
	printf("refresh: %d terminals on one %d-row table, %d edits per mode, idle window %d ms\n",
		nterms, nrows, nedits, idle_ms);
	result rp = {0}, ri = {0};
	if (do_poll)
		measure(false, &w, &rp);
	if (do_inotify)
		measure(true, &w, &ri);
	writer_close(&w);
	printf("another terminal's edit on screen (from the commit to the text on each "
		"terminal's emulated screen):\n");
	if (do_poll)
		print_result(&rp);
	if (do_inotify)
		print_result(&ri);
	int rc = 0;
	if (do_poll && do_inotify)
		printf("  ratio inotify / poll: p50 %.2f  p95 %.2f  idle CPU %.2f  wakes %.2f\n",
			ri.p50 / rp.p50, ri.p95 / rp.p95,
			rp.cpu_mean > 0 ? ri.cpu_mean / rp.cpu_mean : 0.0,
			rp.wakes_mean > 0 ? ri.wakes_mean / rp.wakes_mean : 0.0);
	if (do_inotify) {
		bool met = ri.p95 <= TARGET_P95_MS && ri.missed == 0;
		printf("target p95 <= %.0f ms with %d terminals (inotify): %s (%.1f ms)\n",
			TARGET_P95_MS, nterms, met ? "met" : "MISSED", ri.p95);
		rc = met ? 0 : 1;
	}
	if (!getenv("REFRESH_KEEP"))
		e2e_rmtree(dir);
	else
		printf("kept %s\n", dir);
	return rc;
}
