/*
 * bench_load.c — a whole program's terminals on one database: 10 groups of
 * 6 people, each on their own `mamori --group N` in a pseudo-terminal,
 * typing at human speed for a minute, with a CLI export every few seconds.
 *
 * Run (from the source tree; builds what it needs first):
 *
 *     tests/bench/run.sh [BUILD_DIR] load
 *
 * or through meson:  meson test -C BUILD --benchmark load -v
 * or by hand:        BUILD/tests/bench/bench_load BUILD/mamori
 *
 * What it does:
 *   1. `mamori init --db DIR/load.db --groups 10`, then for each group in
 *      use `mamori import --group N --activity it-inventory` of 6 x ROWS
 *      rows (the IT inventory of session 1: name, company, users).
 *   2. Starts TERMINALS real `mamori --db DIR/load.db --group N --open
 *      it-inventory` processes (terminal k is person k % 6 of group
 *      k / 6 + 1), each in its own pty of 100 x 36 emulated by libvterm
 *      (tests/e2e/vt.c), MAMORI_LANG=ja, and waits for every table to show.
 *   3. For SECONDS, every terminal edits the `name` cell of its own ROWS
 *      rows in turn, one key at a time, each key 150-300 ms (at random)
 *      after the one before, as a person types: Enter (the editor opens),
 *      Ctrl-U (clear), a short text written nowhere else ("端3-2-17": group
 *      3, person 2, edit 17), Enter (save), Down to its next row (Up back
 *      to its first).  A key is sent only once the screen shows what the
 *      one before it did (the editor open, the typed character, the saved
 *      text); each wait has a deadline (LOAD_WAIT_MS, 30 s).  Every
 *      LOAD_EXPORT_MS (3 s) a `mamori export --group N --activity
 *      it-inventory --format csv` of a random group in use runs beside it.
 *      Six people of a group share one sheet but never one cell, so no
 *      compare-and-set conflict is expected: a conflict dialog is an error.
 *   4. Measures:
 *        - key latency: from just before a typed character is written to
 *          the pty until that character is on the terminal's screen (the
 *          edited row starts with the text typed so far);
 *        - save latency: from Enter until the editor is closed and the row
 *          shows the saved text;
 *        - the exports' time.
 *      The times include the pty and this process's libvterm parsing of 60
 *      screens; this process, the 60 mamori processes and the exports
 *      share the machine's cores (load average printed before and after).
 *   5. Checks, through the database (sqlite3, read-only): every edit a
 *      terminal saved is in the change log exactly once, as a 'set' of that
 *      row's name with its text, and each row's name is the last text
 *      saved in it; PRAGMA integrity_check is ok.  Errors: any error text
 *      on any screen (checked whenever an editor opens and a save shows,
 *      on every screen at the end, and in everything each program wrote
 *      to its terminal during the run), a wait past its deadline, an
 *      export that does not exit 0 or does not hold the group's rows.
 *   6. Prints the figures; exits 0 with 0 lost edits and 0 errors, 1
 *      otherwise, 2 when the measurement itself failed.  No figure is a
 *      pass/fail target: this is a benchmark, its assertions are
 *      correctness only.
 *
 * Environment: LOAD_TERMINALS (60; 6 per group), LOAD_SECONDS (60),
 * LOAD_ROWS (rows per person, 3), LOAD_KEY_MIN_MS / LOAD_KEY_MAX_MS
 * (150 / 300), LOAD_EXPORT_MS (3000), LOAD_WAIT_MS (30000), LOAD_KEEP=1
 * keeps the temporary directory (database, exports).  Short runs while
 * developing: LOAD_TERMINALS=12 LOAD_SECONDS=10.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

#include <sqlite3.h>

#include "e2e_util.h"
#include "bench_util.h"
#include "vt.h"

#define ACTIVITY "it-inventory"
#define GROUPS_INIT 10
#define PER_GROUP 6
#define MAX_TERMS 120
#define SCREEN_ROWS 36
#define SCREEN_COLS 100
#define START_DEADLINE_MS 180000
#define MAX_EXPORTS_RUNNING 4

static const char *mamori;
static char dir[512], db_path[600];
static int nterms = 60, seconds = 60, rows_per = 3, key_min = 150, key_max = 300;
static int export_ms = 3000, wait_ms = 30000;
static int errors;

/* Text that must never be on a terminal's screen during the run. */
static const char *const error_texts[] = {
	"できません",       /* 保存できませんでした, 編集できません, ... */
	"エラー",           /* データベースのエラー */
	"使用中",           /* データベースが使用中です */
	"ほかの端末",       /* the conflict dialog */
	"読み取り専用",
	NULL,
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench_load: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (dir[0] && !getenv("LOAD_KEEP"))
		e2e_rmtree(dir);
	exit(2);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static double human_gap(void)
{
	return key_min + (double)(rng() % (uint64_t)(key_max - key_min + 1));
}

static void loadavg(char *out, size_t n)
{
	FILE *f = fopen("/proc/loadavg", "r");
	out[0] = '\0';
	if (f) {
		if (fgets(out, (int)n, f))
			out[strcspn(out, "\n")] = '\0';
		fclose(f);
	}
}

/* ---- samples ------------------------------------------------------------ */

typedef struct samples {
	double *v;
	int n, cap;
} samples;

static void sample_add(samples *s, double x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->v = realloc(s->v, (size_t)s->cap * sizeof *s->v);
		if (!s->v)
			abort();
	}
	s->v[s->n++] = x;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(samples *s, double p)
{
	if (s->n == 0)
		return 0;
	int k = (int)(p / 100.0 * (s->n - 1) + 0.5);
	return s->v[k];
}

static void print_dist(const char *what, samples *s)
{
	qsort(s->v, (size_t)s->n, sizeof *s->v, cmp_double);
	printf("load: %-34s n=%-6d p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms\n",
		what, s->n, pct(s, 50), pct(s, 95), pct(s, 99), s->n ? s->v[s->n - 1] : 0.0);
}

/* ---- set-up ------------------------------------------------------------- */

static int run_cmd(const char *const args[], const char *out_path)
{
	int st = bench_run(mamori, args, out_path);
	if (st < 0)
		die("cannot run %s", mamori);
	return st;
}

static void row_name(int g, int r, char *out, size_t n)
{
	snprintf(out, n, "機器%d-%02d", g, r);
}

static void make_workshop(int ngroups)
{
	char groups[16];
	snprintf(groups, sizeof groups, "%d", GROUPS_INIT);
	const char *init[] = {"init", "--db", db_path, "--groups", groups, NULL};
	if (run_cmd(init, NULL) != 0)
		die("mamori init failed");
	for (int g = 1; g <= ngroups; g++) {
		char csv[700], gname[16];
		snprintf(csv, sizeof csv, "%s/group-%d.csv", dir, g);
		snprintf(gname, sizeof gname, "%d", g);
		FILE *f = fopen(csv, "w");
		if (!f)
			die("cannot write %s", csv);
		fputs("name,company,users\n", f);
		for (int r = 1; r <= PER_GROUP * rows_per; r++) {
			char name[64];
			row_name(g, r, name, sizeof name);
			fprintf(f, "%s,会社%d-%d,総務\n", name, g, (r - 1) / rows_per + 1);
		}
		if (fclose(f) != 0)
			die("cannot write %s", csv);
		const char *imp[] = {"import", "--db", db_path, "--group", gname, "--activity",
			ACTIVITY, csv, NULL};
		if (run_cmd(imp, NULL) != 0)
			die("mamori import of group %d failed", g);
	}
}

/* ---- one terminal ------------------------------------------------------- */

typedef enum {
	S_START,  /* waiting for the table */
	S_NAV,    /* moving to the next row: nav_left keys of nav_key */
	S_OPEN,   /* Enter is due */
	S_OPENED, /* waiting for the editor */
	S_CLEAR,  /* Ctrl-U is due, then waiting for the empty cell */
	S_TYPE,   /* the next character is due / waiting for its echo */
	S_SAVE,   /* Enter is due / waiting for the saved text */
	S_DONE,
	S_FAILED,
} tstate;

typedef struct saved_edit {
	int row; /* 1-based row of the group's sheet */
	char text[48];
} saved_edit;

typedef struct term {
	vt *t;
	int group, person;
	tstate state;
	bool sent;         /* the due key was sent; now waiting for its effect */
	double due;        /* when the next key may be sent */
	double since;      /* when the current wait began */
	int nav_left;
	vt_key_t nav_key;
	int cur_row;       /* where the cursor is (1-based) */
	int edit_no;
	char text[48];
	size_t typed;      /* bytes of text typed and echoed */
	size_t sending;    /* bytes of text once the pending character echoes */
	int line;          /* screen line of cur_row while editing */
	double sent_at;
	bool dirty;        /* output arrived since the last look */
	saved_edit *saved;
	int nsaved, capsaved;
} term;

static term terms[MAX_TERMS];
static samples key_lat, save_lat, export_lat;
static double run_end;

static int first_row(const term *m)
{
	return m->person * rows_per + 1;
}

static void term_fail(term *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void term_fail(term *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "bench_load: ERROR group %d person %d: ", m->group, m->person + 1);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	vt_dump(m->t, stderr);
	errors++;
	m->state = S_FAILED;
}

static bool screen_error(term *m, const char *when)
{
	for (int k = 0; error_texts[k]; k++) {
		if (vt_has_text(m->t, error_texts[k])) {
			term_fail(m, "\"%s\" on the screen %s", error_texts[k], when);
			return true;
		}
	}
	return false;
}

/* The screen line showing table row ROW ("     3 ..."), or -1. */
static int find_row_line(term *m, int row)
{
	char num[16];
	snprintf(num, sizeof num, "%6d", row);
	size_t len = strlen(num);
	for (int l = 2; l < SCREEN_ROWS - 1; l++) {
		char *s = vt_row_text(m->t, l);
		bool hit = strncmp(s, num, len) == 0 && (s[len] == ' ' || s[len] == '\0');
		free(s);
		if (hit)
			return l;
	}
	return -1;
}

/* Does the row's line show TEXT (its first LEN bytes) as its name cell,
 * followed by the end of the line or a blank when WHOLE?  LEN 0: is the
 * cell empty (only the row number left)? */
static bool line_shows(term *m, int line, const char *text, size_t len, bool whole)
{
	char *s = vt_row_text(m->t, line);
	size_t sl = strlen(s);
	bool ok;
	if (len == 0)
		ok = sl <= 7;
	else
		ok = sl >= 7 + len && strncmp(s + 7, text, len) == 0
			&& (!whole || s[7 + len] == '\0' || s[7 + len] == ' ');
	free(s);
	return ok;
}

static bool editor_open(term *m)
{
	return vt_has_text(m->t, "Esc 取り消し");
}

static void next_row(term *m)
{
	int k = m->cur_row - first_row(m);
	m->state = S_NAV;
	if (k < rows_per - 1) {
		m->nav_key = VT_KEY_DOWN;
		m->nav_left = 1;
		m->cur_row++;
	} else {
		m->nav_key = VT_KEY_UP;
		m->nav_left = rows_per - 1;
		m->cur_row = first_row(m);
	}
	if (m->nav_left == 0)
		m->state = S_OPEN;
}

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
}

static void step(term *m, double now)
{
	if (m->state == S_DONE || m->state == S_FAILED)
		return;
	if (m->state != S_START && m->sent && now - m->since > wait_ms) {
		static const char *const what[] = {"the table", "", "", "the editor to open",
			"the cell to clear", "the typed character", "the saved text"};
		term_fail(m, "waited %d ms for %s (edit %d, row %d)", wait_ms, what[m->state],
			m->edit_no, m->cur_row);
		return;
	}
	switch (m->state) {
	case S_START:
		if (!m->dirty)
			return;
		m->dirty = false;
		{
			char title[64];
			snprintf(title, sizeof title, "グループ %d の表", m->group);
			if (!vt_has_text(m->t, title) || find_row_line(m, PER_GROUP * rows_per) < 0)
				return;
		}
		m->sent = false;
		m->cur_row = first_row(m);
		m->nav_key = VT_KEY_DOWN;
		m->nav_left = first_row(m) - 1;
		m->state = m->nav_left ? S_NAV : S_OPEN;
		m->due = now + human_gap();
		return;
	case S_NAV:
		if (now < m->due)
			return;
		vt_key(m->t, m->nav_key);
		m->due = now + human_gap();
		if (--m->nav_left == 0)
			m->state = S_OPEN;
		return;
	case S_OPEN:
		if (now < m->due)
			return;
		if (now >= run_end) {
			m->state = S_DONE;
			return;
		}
		vt_key(m->t, VT_KEY_ENTER);
		m->state = S_OPENED;
		m->sent = true;
		m->since = now;
		m->due = now + human_gap();
		return;
	case S_OPENED:
		if (!m->dirty)
			return;
		m->dirty = false;
		if (!editor_open(m))
			return;
		m->line = find_row_line(m, m->cur_row);
		if (m->line < 0) {
			term_fail(m, "row %d is not on the screen", m->cur_row);
			return;
		}
		if (screen_error(m, "with the editor open"))
			return;
		m->sent = false;
		m->state = S_CLEAR;
		return;
	case S_CLEAR:
		if (!m->sent) {
			if (now < m->due)
				return;
			vt_send(m->t, "\x15"); /* Ctrl-U */
			m->sent = true;
			m->since = now;
			m->due = now + human_gap();
			return;
		}
		if (!m->dirty)
			return;
		m->dirty = false;
		if (!line_shows(m, m->line, "", 0, true))
			return;
		m->sent = false;
		m->edit_no++;
		snprintf(m->text, sizeof m->text, "端%d-%d-%d", m->group, m->person + 1, m->edit_no);
		m->typed = m->sending = 0;
		m->state = S_TYPE;
		return;
	case S_TYPE:
		if (!m->sent) {
			if (now < m->due)
				return;
			char ch[8] = "";
			size_t n = utf8_len((unsigned char)m->text[m->typed]);
			memcpy(ch, m->text + m->typed, n);
			m->sending = m->typed + n;
			m->sent_at = bench_now_ms();
			vt_type(m->t, ch);
			m->sent = true;
			m->since = now;
			m->due = now + human_gap();
			return;
		}
		if (!m->dirty)
			return;
		m->dirty = false;
		if (!line_shows(m, m->line, m->text, m->sending, false))
			return;
		sample_add(&key_lat, bench_now_ms() - m->sent_at);
		m->typed = m->sending;
		m->sent = false;
		if (m->text[m->typed] == '\0')
			m->state = S_SAVE;
		return;
	case S_SAVE:
		if (!m->sent) {
			if (now < m->due)
				return;
			m->sent_at = bench_now_ms();
			vt_key(m->t, VT_KEY_ENTER);
			m->sent = true;
			m->since = now;
			m->due = now + human_gap();
			return;
		}
		if (!m->dirty)
			return;
		m->dirty = false;
		{
			/* saved: the editor closed and the row drawn by the grid again,
			 * its new name beside its other cells (a failed save may leave
			 * the text alone on the line, with a message) */
			bool saved = !editor_open(m);
			int line = saved ? find_row_line(m, m->cur_row) : -1;
			saved = line >= 0 && line_shows(m, line, m->text, strlen(m->text), true);
			if (saved) {
				char company[32];
				snprintf(company, sizeof company, "会社%d-%d", m->group, m->person + 1);
				char *row = vt_row_text(m->t, line);
				saved = strstr(row, company) != NULL;
				free(row);
			}
			if (!saved) {
				screen_error(m, "after Enter");
				return;
			}
		}
		sample_add(&save_lat, bench_now_ms() - m->sent_at);
		if (m->nsaved == m->capsaved) {
			m->capsaved = m->capsaved ? m->capsaved * 2 : 64;
			m->saved = realloc(m->saved, (size_t)m->capsaved * sizeof *m->saved);
			if (!m->saved)
				abort();
		}
		m->saved[m->nsaved].row = m->cur_row;
		snprintf(m->saved[m->nsaved].text, sizeof m->saved[m->nsaved].text, "%s", m->text);
		m->nsaved++;
		m->sent = false;
		if (screen_error(m, "after saving"))
			return;
		next_row(m);
		return;
	case S_DONE:
	case S_FAILED:
		return;
	}
}

/* ---- exports ------------------------------------------------------------ */

typedef struct export_run {
	pid_t pid;
	int group;
	double started;
	char out[700], log[700];
} export_run;

static export_run exports[MAX_EXPORTS_RUNNING];
static int nexport_started, nexport_ok;

static void export_start(int ngroups, double now)
{
	export_run *e = NULL;
	for (int k = 0; k < MAX_EXPORTS_RUNNING; k++)
		if (!exports[k].pid)
			e = &exports[k];
	if (!e) {
		fprintf(stderr, "bench_load: ERROR %d exports still running, none started\n",
			MAX_EXPORTS_RUNNING);
		errors++;
		return;
	}
	int n = nexport_started++;
	e->group = 1 + (int)(rng() % (uint64_t)ngroups);
	e->started = now;
	snprintf(e->out, sizeof e->out, "%s/export-%d.csv", dir, n);
	snprintf(e->log, sizeof e->log, "%s/export-%d.log", dir, n);
	char gname[16];
	snprintf(gname, sizeof gname, "%d", e->group);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(e->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		setenv("MAMORI_LANG", "ja", 1);
		setenv("LANG", "C.UTF-8", 1);
		execl(mamori, mamori, "export", "--db", db_path, "--group", gname, "--activity",
			ACTIVITY, "--format", "csv", "--out", e->out, (char *)NULL);
		_exit(127);
	}
	e->pid = pid;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = NULL;
	size_t len = 0;
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		e2e_append(&b, &len, chunk, k);
	fclose(f);
	return b ? b : calloc(1, 1);
}

static void export_reap(bool block)
{
	for (int k = 0; k < MAX_EXPORTS_RUNNING; k++) {
		export_run *e = &exports[k];
		if (!e->pid)
			continue;
		int st;
		pid_t r;
		while ((r = waitpid(e->pid, &st, block ? 0 : WNOHANG)) < 0 && errno == EINTR)
			;
		if (r != e->pid)
			continue;
		e->pid = 0;
		sample_add(&export_lat, bench_now_ms() - e->started);
		int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		char *csv = slurp(e->out);
		int nrows = -1;
		if (csv) {
			csv_t c = csv_parse(csv);
			nrows = csv_rows(&c);
			csv_free(&c);
		}
		if (code != 0 || nrows != PER_GROUP * rows_per) {
			char *log = slurp(e->log);
			fprintf(stderr, "bench_load: ERROR export of group %d: exit %d, %d rows "
				"(expected %d): %s\n", e->group, code, nrows, PER_GROUP * rows_per,
				log ? log : "");
			free(log);
			errors++;
		} else {
			nexport_ok++;
		}
		free(csv);
		unlink(e->out);
		unlink(e->log);
	}
}

/* ---- the checks through the database ------------------------------------ */

static int check_database(int ngroups, int *nsaved_total)
{
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db_path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("cannot open %s: %s", db_path, sqlite3_errmsg(h));
	sqlite3_busy_timeout(h, 10000);
	int lost = 0;
	sqlite3_stmt *ic;
	sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &ic, NULL);
	while (sqlite3_step(ic) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(ic, 0);
		if (!r || strcmp(r, "ok") != 0) {
			fprintf(stderr, "bench_load: ERROR integrity_check: %s\n", r ? r : "?");
			errors++;
		}
	}
	sqlite3_finalize(ic);
	int nrows = PER_GROUP * rows_per;
	int64_t *ids = calloc((size_t)nrows + 1, sizeof *ids);
	sqlite3_stmt *rq, *logq, *cellq;
	sqlite3_prepare_v2(h, "SELECT r.id FROM sheet_row r JOIN sheet s ON s.id = r.sheet_id "
		"JOIN grp g ON g.id = s.owner_id WHERE s.activity = ?1 AND s.owner_kind = 'group' "
		"AND g.name = ?2 AND r.deleted = 0 ORDER BY r.position, r.id", -1, &rq, NULL);
	sqlite3_prepare_v2(h, "SELECT count(*) FROM change WHERE row_id = ?1 AND col = 'name' "
		"AND op = 'set' AND new = ?2", -1, &logq, NULL);
	sqlite3_prepare_v2(h, "SELECT value FROM cell WHERE row_id = ?1 AND col = 'name'", -1,
		&cellq, NULL);
	if (!rq || !logq || !cellq)
		die("the checks do not prepare: %s", sqlite3_errmsg(h));
	*nsaved_total = 0;
	for (int g = 1; g <= ngroups; g++) {
		char gname[16];
		snprintf(gname, sizeof gname, "%d", g);
		sqlite3_reset(rq);
		sqlite3_bind_text(rq, 1, ACTIVITY, -1, SQLITE_STATIC);
		sqlite3_bind_text(rq, 2, gname, -1, SQLITE_STATIC);
		int n = 0;
		while (sqlite3_step(rq) == SQLITE_ROW && n < nrows)
			ids[++n] = sqlite3_column_int64(rq, 0);
		if (n != nrows) {
			fprintf(stderr, "bench_load: ERROR group %d's sheet has %d rows, expected %d\n", g,
				n, nrows);
			errors++;
			continue;
		}
		const char *last[PER_GROUP * 64] = {0};
		for (int k = 0; k < nterms; k++) {
			term *m = &terms[k];
			if (m->group != g)
				continue;
			for (int e = 0; e < m->nsaved; e++) {
				saved_edit *s = &m->saved[e];
				(*nsaved_total)++;
				last[s->row] = s->text;
				sqlite3_reset(logq);
				sqlite3_bind_int64(logq, 1, ids[s->row]);
				sqlite3_bind_text(logq, 2, s->text, -1, SQLITE_STATIC);
				int c = sqlite3_step(logq) == SQLITE_ROW ? sqlite3_column_int(logq, 0) : -1;
				if (c != 1) {
					if (lost++ < 10)
						fprintf(stderr, "bench_load: LOST group %d row %d: \"%s\" saved on "
							"screen, logged %d times\n", g, s->row, s->text, c);
				}
			}
		}
		for (int r = 1; r <= nrows; r++) {
			if (!last[r])
				continue;
			sqlite3_reset(cellq);
			sqlite3_bind_int64(cellq, 1, ids[r]);
			const char *v = sqlite3_step(cellq) == SQLITE_ROW
				? (const char *)sqlite3_column_text(cellq, 0) : NULL;
			if (!v || strcmp(v, last[r]) != 0) {
				if (lost++ < 10)
					fprintf(stderr, "bench_load: LOST group %d row %d: holds \"%s\", last "
						"saved \"%s\"\n", g, r, v ? v : "(nothing)", last[r]);
			}
		}
	}
	sqlite3_finalize(rq);
	sqlite3_finalize(logq);
	sqlite3_finalize(cellq);
	sqlite3_close(h);
	free(ids);
	return lost;
}

/* ---- main ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s MAMORI_BINARY\n", argv[0]);
		return 2;
	}
	mamori = argv[1];
	if (access(mamori, X_OK) != 0)
		die("%s is not executable", mamori);
	nterms = bench_env_int("LOAD_TERMINALS", nterms, 1, MAX_TERMS);
	seconds = bench_env_int("LOAD_SECONDS", seconds, 1, 3600);
	rows_per = bench_env_int("LOAD_ROWS", rows_per, 1, 60);
	key_min = bench_env_int("LOAD_KEY_MIN_MS", key_min, 1, 10000);
	key_max = bench_env_int("LOAD_KEY_MAX_MS", key_max, key_min, 20000);
	export_ms = bench_env_int("LOAD_EXPORT_MS", export_ms, 100, 600000);
	wait_ms = bench_env_int("LOAD_WAIT_MS", wait_ms, 1000, 600000);
	if (PER_GROUP * rows_per + 8 > SCREEN_ROWS)
		die("LOAD_ROWS=%d: a group's %d rows do not fit on a %d-line screen", rows_per,
			PER_GROUP * rows_per, SCREEN_ROWS);
	int ngroups = (nterms + PER_GROUP - 1) / PER_GROUP;
	if (ngroups > GROUPS_INIT)
		die("LOAD_TERMINALS=%d needs %d groups; the workshop has %d", nterms, ngroups,
			GROUPS_INIT);
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);

	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/mamori-load-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp: %s", strerror(errno));
	snprintf(db_path, sizeof db_path, "%s/load.db", dir);
	make_workshop(ngroups);

	char load_before[128], load_after[128];
	loadavg(load_before, sizeof load_before);
	printf("load: %d terminals (%d groups x up to %d), %d s, a key every %d-%d ms, an export "
		"every %d ms; load average before: %s\n", nterms, ngroups, PER_GROUP, seconds, key_min,
		key_max, export_ms, load_before);

	/* 2. every terminal up, its table on screen */
	double t_start = bench_now_ms();
	for (int k = 0; k < nterms; k++) {
		term *m = &terms[k];
		m->group = k / PER_GROUP + 1;
		m->person = k % PER_GROUP;
		char gname[16];
		snprintf(gname, sizeof gname, "%d", m->group);
		const char *args[] = {mamori, "--db", db_path, "--group", gname, "--open", ACTIVITY,
			NULL};
		const char *env[] = {"MAMORI_LANG=ja", NULL};
		m->t = vt_start(args, env, SCREEN_ROWS, SCREEN_COLS);
		if (!m->t)
			die("cannot start terminal %d", k);
		m->state = S_START;
		m->sent = true; /* waiting for the table, with the deadline below */
		m->since = bench_now_ms();
		m->dirty = true;
	}
	struct pollfd *pfd = calloc((size_t)nterms, sizeof *pfd);
	int *who = calloc((size_t)nterms, sizeof *who);
	bool measuring = false;
	double next_export = 0;
	for (;;) {
		double now = bench_now_ms();
		int live = 0, starting = 0;
		for (int k = 0; k < nterms; k++) {
			term *m = &terms[k];
			if (m->state == S_START)
				starting++;
			if (m->state == S_DONE || m->state == S_FAILED)
				continue;
			pfd[live].fd = vt_fd(m->t);
			pfd[live].events = POLLIN;
			pfd[live].revents = 0;
			who[live++] = k;
		}
		if (!measuring && starting == 0) {
			measuring = true;
			printf("load: all %d terminals show their table after %.1f s\n", nterms,
				(now - t_start) / 1e3);
			run_end = now + seconds * 1e3;
			/* the first export half-way at the latest: a short run has one */
			next_export = now + (export_ms < seconds * 500.0 ? export_ms : seconds * 500.0);
			for (int k = 0; k < nterms; k++)
				if (terms[k].state != S_FAILED)
					terms[k].due = now + human_gap();
		}
		if (!measuring && now - t_start > START_DEADLINE_MS)
			die("%d terminals did not show their table within %d s", starting,
				START_DEADLINE_MS / 1000);
		if (measuring && live == 0)
			break;
		int r = poll(pfd, (nfds_t)live, 10);
		if (r < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		for (int i = 0; i < live; i++) {
			if (!pfd[i].revents)
				continue;
			term *m = &terms[who[i]];
			if (!vt_pump(m->t, 0)) {
				term_fail(m, "mamori exited (status %d)", vt_wait_exit(m->t, 1000));
				continue;
			}
			m->dirty = true;
		}
		now = bench_now_ms();
		for (int k = 0; k < nterms; k++) {
			term *m = &terms[k];
			if (m->state == S_START) {
				if (now - m->since > START_DEADLINE_MS)
					term_fail(m, "no table within %d s", START_DEADLINE_MS / 1000);
				else
					step(m, now);
				continue;
			}
			if (!measuring)
				continue; /* up, waiting for the others */
			step(m, now);
		}
		if (measuring) {
			export_reap(false);
			if (now < run_end && now >= next_export) {
				export_start(ngroups, now);
				next_export += export_ms;
			}
		}
	}
	export_reap(true);
	double elapsed = (bench_now_ms() - (run_end - seconds * 1e3)) / 1e3;
	loadavg(load_after, sizeof load_after);

	/* every screen, once more, at the end; and everything each program
	 * wrote to its terminal during the run, for an error shown only for a
	 * moment between two looks */
	for (int k = 0; k < nterms; k++) {
		term *m = &terms[k];
		vt_pump(m->t, 0);
		if (m->state == S_FAILED || screen_error(m, "at the end"))
			continue;
		for (int e = 0; error_texts[e]; e++) {
			if (vt_output_has(m->t, error_texts[e])) {
				term_fail(m, "\"%s\" was written to the screen during the run",
					error_texts[e]);
				break;
			}
		}
	}
	for (int k = 0; k < nterms; k++)
		vt_free(terms[k].t);

	int nsaved = 0;
	int lost = check_database(ngroups, &nsaved);
	int failed_terms = 0;
	for (int k = 0; k < nterms; k++)
		failed_terms += terms[k].state == S_FAILED;

	printf("load: %d edits saved in %.1f s (%.1f/s, %.1f per terminal), %d keys typed; "
		"%d lost (checked through the database)\n", nsaved, elapsed, nsaved / elapsed,
		(double)nsaved / nterms, key_lat.n, lost);
	printf("load: %d exports, %d exit 0 with the group's %d rows; %d errors (screens, waits, "
		"exports), %d terminals stopped by one\n", nexport_started, nexport_ok,
		PER_GROUP * rows_per, errors, failed_terms);
	print_dist("key latency (typed char shown)", &key_lat);
	print_dist("save latency (Enter to saved text)", &save_lat);
	print_dist("export (CLI, whole process)", &export_lat);
	struct rusage ru, rc;
	getrusage(RUSAGE_SELF, &ru);
	getrusage(RUSAGE_CHILDREN, &rc);
	printf("load: CPU: this process (ptys, libvterm screens, checks) %.1f s, peak RSS %ld MB; "
		"the mamori processes (terminals, exports, init, import) %.1f s, largest RSS %ld MB; "
		"in a %.1f s run; load average after: %s\n",
		ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec
		+ ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss / 1024, rc.ru_utime.tv_sec
		+ rc.ru_utime.tv_usec / 1e6 + rc.ru_stime.tv_sec + rc.ru_stime.tv_usec / 1e6,
		rc.ru_maxrss / 1024, elapsed, load_after);
	free(key_lat.v);
	free(save_lat.v);
	free(export_lat.v);
	for (int k = 0; k < nterms; k++)
		free(terms[k].saved);
	free(pfd);
	free(who);
	if (getenv("LOAD_KEEP"))
		printf("load: kept %s\n", dir);
	else
		e2e_rmtree(dir);
	bool ok = lost == 0 && errors == 0 && nsaved > 0;
	printf("load: %s\n", ok ? "0 lost edits, 0 errors" : "FAILED");
	return ok ? 0 : 1;
}
