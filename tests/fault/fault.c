/* fault.c — the fault catalogue's driver (see fault.h).
 *
 *   fault AREA [CASE]    runs the cases of one area (cli, import, store,
 *                        scenario), or one case of it, against $MAMORI_BIN
 *   fault --list         names every case with the defect it comes from
 *   fault --selftest     checks the fingerprint itself
 *
 * Each case prints "ok   NAME" or "FAIL NAME: why"; the exit status is 1 when
 * any case failed. The database fingerprint is computed through SQLite
 * (every table's rows in rowid order, hashed, with the row counts), so a
 * checkpoint that rewrites pages without changing content is no change; a
 * file SQLite cannot read is fingerprinted by its bytes. */
#include "fault.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUN_SECONDS 60

static const struct area {
	const char *name;
	const fault_case *cases;
} areas[] = {
	{"cli", fault_cases_cli},
	{"import", fault_cases_import},
	{"store", fault_cases_store},
	{"scenario", fault_cases_scenario},
	{"archive", fault_cases_archive},
	{"upgrade", fault_cases_upgrade},
};
#define NAREAS (sizeof areas / sizeof areas[0])

static const char *mamori_path;

const char *fault_source(const char *rel)
{
	static char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", SOURCE_ROOT, rel);
	return path;
}

/* ---- running mamori ---------------------------------------------------- */

static void append(char **b, size_t *len, const char *p, size_t n)
{
	char *nb = realloc(*b, *len + n + 1);
	if (!nb)
		abort();
	memcpy(nb + *len, p, n);
	*len += n;
	nb[*len] = '\0';
	*b = nb;
}

/* "{db}" and "{dir}" in A, expanded into OUT. */
static void expand(const fault_env *env, const char *a, char *out, size_t size)
{
	size_t o = 0;
	while (*a && o + 1 < size) {
		const char *rep = NULL;
		size_t skip = 0;
		if (strncmp(a, "{db}", 4) == 0)
			rep = env->db, skip = 4;
		else if (strncmp(a, "{dir}", 5) == 0)
			rep = env->dir, skip = 5;
		if (rep) {
			size_t n = strlen(rep);
			if (o + n >= size)
				break;
			memcpy(out + o, rep, n);
			o += n;
			a += skip;
		} else {
			out[o++] = *a++;
		}
	}
	out[o] = '\0';
}

static int run_argv(fault_env *env, const char *const *argv, const char *stdin_text,
	bool (*in_child)(void *), void *ctx)
{
	free(env->out);
	free(env->err);
	env->out = env->err = NULL;
	env->exit_code = -1;
	int nargs = 0;
	while (argv[nargs])
		nargs++;
	char **args = calloc((size_t)nargs + 2, sizeof *args);
	args[0] = (char *)mamori_path;
	for (int k = 0; k < nargs; k++) {
		args[k + 1] = malloc(PATH_MAX * 2);
		expand(env, argv[k], args[k + 1], PATH_MAX * 2);
	}
	int in[2], out[2], err[2];
	if (pipe(in) || pipe(out) || pipe(err))
		abort();
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(in[0]), close(in[1]), close(out[0]), close(out[1]), close(err[0]), close(err[1]);
		setenv("MAMORI_LANG", "en", 1);
		unsetenv("MAMORI_NOW");
		unsetenv("MAMORI_CLOCK_FILE");
		if (chdir(env->dir) != 0)
			_exit(126);
		if (in_child && !in_child(ctx))
			_exit(126);
		execv(mamori_path, args);
		_exit(127);
	}
	close(in[0]), close(out[1]), close(err[1]);
	if (stdin_text) {
		signal(SIGPIPE, SIG_IGN);
		ssize_t w = write(in[1], stdin_text, strlen(stdin_text));
		(void)w;
	}
	close(in[1]);
	size_t olen = 0, elen = 0;
	append(&env->out, &olen, "", 0);
	append(&env->err, &elen, "", 0);
	struct pollfd p[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
	time_t end = time(NULL) + RUN_SECONDS;
	int open_fds = 2;
	while (open_fds > 0 && time(NULL) < end) {
		if (poll(p, 2, 1000) <= 0)
			continue;
		for (int k = 0; k < 2; k++) {
			if (p[k].fd < 0 || !(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char b[4096];
			ssize_t n = read(p[k].fd, b, sizeof b);
			if (n <= 0) {
				close(p[k].fd);
				p[k].fd = -1;
				open_fds--;
			} else if (k == 0) {
				append(&env->out, &olen, b, (size_t)n);
			} else {
				append(&env->err, &elen, b, (size_t)n);
			}
		}
	}
	int status = 0;
	if (open_fds > 0) {
		kill(pid, SIGKILL);
		for (int k = 0; k < 2; k++)
			if (p[k].fd >= 0)
				close(p[k].fd);
	}
	waitpid(pid, &status, 0);
	env->exit_code = open_fds > 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status)
		: 128 + WTERMSIG(status);
	for (int k = 1; k <= nargs; k++)
		free(args[k]);
	free(args);
	return env->exit_code;
}

int fault_mamori(fault_env *env, const char *const *argv)
{
	return run_argv(env, argv, NULL, NULL, NULL);
}

int fault_mamori_with(fault_env *env, const char *const *argv, bool (*in_child)(void *),
	void *ctx)
{
	return run_argv(env, argv, NULL, in_child, ctx);
}

int fault_init(fault_env *env, const char *scenario)
{
	const char *argv[8] = {"init", "--db", "{db}"};
	int k = 3;
	if (scenario) {
		argv[k++] = "--scenario";
		argv[k++] = fault_source(scenario);
	}
	argv[k] = NULL;
	if (run_argv(env, argv, NULL, NULL, NULL) != 0) {
		fprintf(stderr, "  init failed: %s", env->err ? env->err : "");
		return -1;
	}
	return 0;
}

int fault_write_bytes(fault_env *env, const char *name, const void *data, size_t n)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof path, "%s/%s", env->dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	bool ok = fwrite(data, 1, n, f) == n;
	return fclose(f) == 0 && ok ? 0 : -1;
}

int fault_write(fault_env *env, const char *name, const char *text)
{
	return fault_write_bytes(env, name, text, strlen(text));
}

int fault_sql(fault_env *env, const char *sql)
{
	sqlite3 *db;
	if (sqlite3_open_v2(env->db, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 5000);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "  sql failed: %s\n", msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

long long fault_sql_int(fault_env *env, const char *sql)
{
	sqlite3 *db;
	long long v = -1;
	if (sqlite3_open_v2(env->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
			if (sqlite3_step(q) == SQLITE_ROW)
				v = sqlite3_column_int64(q, 0);
			sqlite3_finalize(q);
		}
	}
	sqlite3_close(db);
	return v;
}

/* ---- the fingerprint ------------------------------------------------------ */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t k = 0; k < n; k++) {
		h ^= s[k];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t file_hash(const char *path, bool *exists)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	FILE *f = fopen(path, "rb");
	*exists = f != NULL;
	if (!f)
		return h;
	char b[8192];
	size_t n;
	while ((n = fread(b, 1, sizeof b, f)) > 0)
		h = fnv(h, b, n);
	fclose(f);
	return h;
}

/* The database at PATH as text: "absent", "bytes HASH" or
 * "TABLE:ROWS:HASH ..." per table. */
static char *fingerprint(const char *path)
{
	char *fp = NULL;
	size_t len = 0;
	bool exists;
	uint64_t raw = file_hash(path, &exists);
	if (!exists) {
		append(&fp, &len, "absent", 6);
		return fp;
	}
	sqlite3 *db = NULL;
	bool ok = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK;
	sqlite3_stmt *tables = NULL;
	if (ok) {
		sqlite3_busy_timeout(db, 5000);
		ok = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' "
			"ORDER BY name", -1, &tables, NULL) == SQLITE_OK;
	}
	int rc = SQLITE_ROW;
	while (ok && (rc = sqlite3_step(tables)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		/* the table names come from the database under test, quoted */
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
		sqlite3_stmt *q = NULL;
		if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
			ok = false;
		} else {
			uint64_t h = 0xcbf29ce484222325ULL;
			long rows = 0;
			int r;
			while ((r = sqlite3_step(q)) == SQLITE_ROW) {
				rows++;
				for (int c = 0; c < sqlite3_column_count(q); c++) {
					int t = sqlite3_column_type(q, c);
					h = fnv(h, &t, sizeof t);
					const void *v = sqlite3_column_blob(q, c);
					h = fnv(h, v ? v : "", (size_t)sqlite3_column_bytes(q, c));
				}
			}
			if (r != SQLITE_DONE)
				ok = false;
			char line[512];
			int n = snprintf(line, sizeof line, "%s%s:%ld:%016" PRIx64, len ? " " : "",
				name, rows, h);
			append(&fp, &len, line, (size_t)n);
		}
		sqlite3_finalize(q);
		sqlite3_free(sql);
	}
	if (rc != SQLITE_DONE)
		ok = false;
	sqlite3_finalize(tables);
	sqlite3_close(db);
	if (!ok || !len) {
		free(fp);
		fp = NULL;
		len = 0;
		char line[64];
		int n = snprintf(line, sizeof line, "bytes %016" PRIx64, raw);
		append(&fp, &len, line, (size_t)n);
	}
	return fp;
}

/* ---- one case ------------------------------------------------------------ */

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	if (remove(path) != 0) { /* a case may leave a read-only directory */
		chmod(path, 0700);
		remove(path);
	}
	return 0;
}

static void make_removable(const char *dir)
{
	/* cases that test permissions leave read-only directories behind */
	char cmd[PATH_MAX + 32];
	snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' 2>/dev/null", dir);
	int r = system(cmd);
	(void)r;
}

static bool one_line(const char *s)
{
	const char *nl = strchr(s, '\n');
	return *s && (!nl || nl[1] == '\0');
}

static bool run_case(const fault_case *c)
{
	fault_env env = {.mamori = mamori_path};
	snprintf(env.dir, sizeof env.dir, "%s/mamori-fault-XXXXXX",
		getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(env.dir)) {
		printf("FAIL %s: cannot make a temporary directory\n", c->name);
		return false;
	}
	snprintf(env.db, sizeof env.db, "%s/ws.db", env.dir);
	char why[1024] = "";
	char *before = NULL, *after = NULL;
	if (c->setup && c->setup(&env) != 0) {
		snprintf(why, sizeof why, "setup failed");
		goto done;
	}
	before = fingerprint(env.db);
	if (c->run) {
		if (c->run(&env) != 0 && !why[0])
			snprintf(why, sizeof why, "run failed");
	} else {
		run_argv(&env, c->argv, c->stdin_text, NULL, NULL);
	}
	after = fingerprint(env.db);
	const char *err = env.err ? env.err : "";
	if (why[0]) {
		/* already failed */
	} else if (env.exit_code != c->exit_code) {
		snprintf(why, sizeof why, "exit status %d, wanted %d", env.exit_code, c->exit_code);
	} else if (c->message && !strstr(err, c->message)) {
		snprintf(why, sizeof why, "stderr lacks \"%s\"", c->message);
	} else if (c->exit_code != 0 && !one_line(err)) {
		snprintf(why, sizeof why, "stderr is not one line");
	} else if (strchr(err, '\033')) {
		snprintf(why, sizeof why, "stderr holds an ESC byte");
	} else if (c->unchanged && strcmp(before, after) != 0) {
		snprintf(why, sizeof why, "the database changed:\n    before %s\n    after  %s", before,
			after);
	} else if (c->check) {
		const char *w = c->check(&env);
		if (w)
			snprintf(why, sizeof why, "%s", w);
	}
done:
	if (why[0]) {
		printf("FAIL %s [%s]: %s\n", c->name, c->defect ? c->defect : "", why);
		printf("  stdout: %.600s\n  stderr: %.600s\n", env.out ? env.out : "",
			env.err ? env.err : "");
	} else {
		printf("ok   %s [%s]\n", c->name, c->defect ? c->defect : "");
	}
	fflush(stdout);
	free(before);
	free(after);
	free(env.out);
	free(env.err);
	make_removable(env.dir);
	nftw(env.dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return !why[0];
}

/* The driver's own check: a changed row changes the fingerprint, a
 * checkpoint does not. */
static int selftest(void)
{
	fault_env env = {.mamori = mamori_path};
	snprintf(env.dir, sizeof env.dir, "/tmp/mamori-fault-XXXXXX");
	if (!mkdtemp(env.dir))
		return 1;
	snprintf(env.db, sizeof env.db, "%s/ws.db", env.dir);
	int bad = 0;
	if (fault_init(&env, NULL) != 0)
		bad = 1;
	char *a = fingerprint(env.db);
	fault_sql(&env, "PRAGMA wal_checkpoint(TRUNCATE)");
	char *b = fingerprint(env.db);
	fault_sql(&env, "UPDATE workshop SET title = title || 'x'");
	char *c = fingerprint(env.db);
	if (strcmp(a, b) != 0) {
		printf("FAIL selftest: a checkpoint changed the fingerprint\n");
		bad = 1;
	}
	if (strcmp(b, c) == 0) {
		printf("FAIL selftest: a changed title did not change the fingerprint\n");
		bad = 1;
	}
	char *d = fingerprint("/nonexistent/x.db");
	if (strcmp(d, "absent") != 0)
		bad = 1;
	if (!bad)
		printf("ok   selftest (fingerprint sees a change, not a checkpoint)\n");
	free(a), free(b), free(c), free(d);
	free(env.out), free(env.err);
	nftw(env.dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t a = 0; a < NAREAS; a++)
			for (const fault_case *c = areas[a].cases; c->name; c++)
				printf("%-8s %-40s %s\n", areas[a].name, c->name, c->defect ? c->defect : "");
		return 0;
	}
	static char bin[PATH_MAX];
	mamori_path = getenv("MAMORI_BIN") && realpath(getenv("MAMORI_BIN"), bin) ? bin : NULL;
	if (argc < 2 || !mamori_path) {
		fprintf(stderr, "usage: MAMORI_BIN=PATH fault AREA [CASE] | fault --list\n");
		return 2;
	}
	if (strcmp(argv[1], "--selftest") == 0)
		return selftest();
	const struct area *area = NULL;
	for (size_t a = 0; a < NAREAS; a++)
		if (strcmp(areas[a].name, argv[1]) == 0)
			area = &areas[a];
	if (!area) {
		fprintf(stderr, "fault: no area %s\n", argv[1]);
		return 2;
	}
	int failed = 0, ran = 0;
	for (const fault_case *c = area->cases; c->name; c++) {
		if (argc >= 3 && strcmp(argv[2], c->name) != 0)
			continue;
		ran++;
		if (!run_case(c))
			failed++;
	}
	printf("%d cases, %d failed\n", ran, failed);
	if (argc >= 3 && !ran) {
		fprintf(stderr, "fault: no case %s in %s\n", argv[2], argv[1]);
		return 2;
	}
	return failed ? 1 : 0;
}
