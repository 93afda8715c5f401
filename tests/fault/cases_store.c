/* cases_store.c — fault catalogue entries (see fault.h): the database file
 * itself. A file that is not a sound mamori database of this version is
 * refused in one line that says what is wrong and what to do, and nothing
 * of it changes; a full disk says so and leaves nothing behind; a file
 * deleted or replaced under a running terminal stops it, the typing kept.
 *
 * Another user is uid 65534 (nobody): as root a case drops to it in the
 * child; as another user it takes the write permission away instead. A full
 * disk is a small tmpfs in this process's own mount namespace (fault runs
 * the cases one after another; the namespace goes with the process), or
 * where mounting is not allowed, a file size limit (RLIMIT_FSIZE). */
#include "fault.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#define NOBODY 65534
#define RUN_MS 15000

/* ---- helpers ------------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void add(char **b, size_t *len, const char *p, size_t n)
{
	char *q = realloc(*b, *len + n + 1);
	if (!q)
		abort();
	memcpy(q + *len, p, n);
	*len += n;
	q[*len] = '\0';
	*b = q;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = NULL;
	size_t len = 0, got;
	char chunk[8192];
	add(&b, &len, "", 0);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		add(&b, &len, chunk, got);
	fclose(f);
	if (n)
		*n = len;
	return b;
}

static bool exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

static bool side_exists(const char *db, const char *suffix)
{
	char p[PATH_MAX + 16];
	snprintf(p, sizeof p, "%.*s%s", PATH_MAX, db, suffix);
	return exists(p);
}

static bool become_nobody(void)
{
	return setgroups(0, NULL) == 0 && setgid(NOBODY) == 0 && setuid(NOBODY) == 0;
}

struct child { bool nobody; rlim_t limit; };

/* In the child: a file-size limit (SIGXFSZ ignored, so writes fail with
 * EFBIG) and/or the unprivileged user. */
static bool prepare_child(void *ctx)
{
	const struct child *c = ctx;
	if (c->limit) {
		signal(SIGXFSZ, SIG_IGN);
		struct rlimit rl = {c->limit, c->limit};
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			return false;
	}
	return !c->nobody || become_nobody();
}

/* mamori ARGS in the case's directory, as nobody and/or under a file-size
 * limit; fills env->exit_code/out/err. */
static int spawn(fault_env *env, const char *const *args, bool nobody, rlim_t limit)
{
	struct child c = {nobody, limit};
	return fault_mamori_with(env, args, prepare_child, &c);
}

/* A workshop with two rows in group 1's asset ledger. */
static int workshop_with_rows(fault_env *env)
{
	if (fault_init(env, NULL) != 0)
		return -1;
	if (fault_write(env, "rows.csv", "業務分類,情報資産名称,備考\n会計,経理PC,事務所\n"
		"営業,顧客台帳,共有フォルダ\n") != 0)
		return -1;
	const char *argv[] = {"import", "--db", "{db}", "--group", "1", "--activity",
		"asset-ledger", "{dir}/rows.csv", NULL};
	return fault_mamori(env, argv) == 0 ? 0 : -1;
}

/* The root page and page size of TABLE's b-tree (through a read-write
 * connection: closing it leaves no -wal behind). */
static int table_page(fault_env *env, const char *table, long *offset)
{
	sqlite3 *db;
	if (sqlite3_open_v2(env->db, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	int root = 0, page = 0;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_master WHERE name = ?1", -1, &s,
		NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			root = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			page = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	if (root < 2 || page < 512 || side_exists(env->db, "-wal"))
		return -1;
	*offset = (long)(root - 1) * page;
	return 0;
}

static int overwrite(const char *path, long at, int byte, size_t n)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	char junk[256];
	memset(junk, byte, sizeof junk);
	bool ok = n <= sizeof junk && pwrite(fd, junk, n, at) == (ssize_t)n;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* ---- damaged files --------------------------------------------------------- */

static int setup_truncated_half(fault_env *env)
{
	struct stat sb;
	if (workshop_with_rows(env) != 0 || stat(env->db, &sb) != 0)
		return -1;
	return truncate(env->db, sb.st_size / 2);
}

static int setup_truncated_100(fault_env *env)
{
	if (workshop_with_rows(env) != 0)
		return -1;
	return truncate(env->db, 100);
}

/* The cell pointers of the cell table's first page: the rows used to be
 * exported blank, exit 0. */
static int setup_corrupt_cells(fault_env *env)
{
	long at;
	if (workshop_with_rows(env) != 0 || table_page(env, "cell", &at) != 0)
		return -1;
	return overwrite(env->db, at + 8, 0x07, 40);
}

/* The header of the workshop table's page. */
static int setup_corrupt_workshop(fault_env *env)
{
	long at;
	if (workshop_with_rows(env) != 0 || table_page(env, "workshop", &at) != 0)
		return -1;
	return overwrite(env->db, at, 0x00, 12);
}

/* Export printed no cell. */
static const char *no_output(fault_env *env)
{
	return env->out && env->out[0] ? "something was printed as data" : NULL;
}

/* ---- foreign files ---------------------------------------------------------- */

static int setup_png(fault_env *env)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f,
		0x15, 0xc4, 0x89, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 'B', 0x60, 0x82};
	unsigned char big[200];
	memset(big, 0, sizeof big);
	memcpy(big, png, sizeof png);
	return fault_write_bytes(env, "ws.db", big, sizeof big);
}

static int setup_text(fault_env *env)
{
	return fault_write(env, "ws.db", "group,company,name\n1,Example Co.,Sato\n"
		"this is a roster saved under the wrong name, long enough to have a header's worth "
		"of bytes in it\n");
}

static int setup_other_sqlite(fault_env *env)
{
	sqlite3 *db;
	if (sqlite3_open(env->db, &db) != SQLITE_OK)
		return -1;
	int rc = sqlite3_exec(db, "CREATE TABLE contacts(name TEXT, phone TEXT);"
		"INSERT INTO contacts VALUES ('Sato', '03-0000-0000');", NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static int setup_newer(fault_env *env)
{
	if (fault_init(env, NULL) != 0)
		return -1;
	return fault_sql(env, "PRAGMA user_version = 99");
}

/* ---- permissions ------------------------------------------------------------ */

/* Root: the case runs mamori as nobody; otherwise as the test's user. */
static bool as_nobody;

/* A workshop readable by all, in a directory nobody can search; root keeps
 * them, so nobody can write neither; without root, DIR_MODE and FILE_MODE. */
static int setup_perms(fault_env *env, mode_t dir_mode, mode_t file_mode, mode_t root_dir_mode)
{
	if (workshop_with_rows(env) != 0)
		return -1;
	as_nobody = geteuid() == 0;
	if (as_nobody) {
		/* nobody must reach the directory through its parents */
		char up[PATH_MAX];
		snprintf(up, sizeof up, "%s", env->dir);
		for (char *s = strrchr(up, '/'); s && s != up; s = strrchr(up, '/')) {
			*s = '\0';
			struct stat sb;
			if (stat(up, &sb) == 0 && !(sb.st_mode & S_IXOTH)) {
				fprintf(stderr, "  %s is not searchable by others\n", up);
				return -1;
			}
		}
		return chmod(env->db, file_mode) == 0 && chmod(env->dir, root_dir_mode) == 0 ? 0 : -1;
	}
	return chmod(env->db, file_mode) == 0 && chmod(env->dir, dir_mode) == 0 ? 0 : -1;
}

/* A file the user may read but not write, in a directory it may write: it
 * opens read-only, and a write is refused. */
static int setup_readonly_file(fault_env *env)
{
	return setup_perms(env, 0755, 0444, 01777);
}

static int run_readonly_file(fault_env *env)
{
	const char *args[] = {"import", "--db", env->db, "--group", "1", "--activity",
		"asset-ledger", "rows.csv", NULL};
	char csv[PATH_MAX + 16];
	snprintf(csv, sizeof csv, "%.*s/more.csv", PATH_MAX, env->dir);
	FILE *f = fopen(csv, "w");
	if (!f)
		return -1;
	fputs("業務分類,情報資産名称\n総務,入退室カード\n", f);
	fclose(f);
	chmod(csv, 0644);
	args[7] = csv;
	spawn(env, args, as_nobody, 0);
	return 0;
}

/* A file readable by all in a directory the user cannot write, before any
 * terminal that can write has opened it: not a frozen snapshot, but what is
 * wrong and what to do. */
static int setup_readonly_dir(fault_env *env)
{
	return setup_perms(env, 0555, 0644, 0755);
}

static int run_readonly_dir(fault_env *env)
{
	const char *args[] = {"export", "--db", env->db, "--group", "1", "--activity",
		"asset-ledger", "--format", "csv", NULL};
	spawn(env, args, as_nobody, 0);
	return 0;
}

/* Nothing was made beside it. */
static const char *no_sidecars(fault_env *env)
{
	if (side_exists(env->db, "-wal") || side_exists(env->db, "-shm"))
		return "a -wal or -shm was left beside the database";
	return NULL;
}

/* ---- a full disk ------------------------------------------------------------- */

static bool full_by_tmpfs;
static char full_dir[PATH_MAX + 16];

/* FAULT_DISK_FULL=rlimit tries the fallback where mounting works too. */
static bool may_mount(void)
{
	const char *f = getenv("FAULT_DISK_FULL");
	return !(f && strcmp(f, "rlimit") == 0);
}

/* The workshop moved to DIR/full, a tmpfs with no space left (env->db then
 * points there); or, where mounting is not allowed, left where it is, and
 * the run gets a file size limit below the size of a -shm. */
static int setup_disk_full(fault_env *env)
{
	if (workshop_with_rows(env) != 0)
		return -1;
	size_t n;
	char *bytes = slurp(env->db, &n);
	if (!bytes)
		return -1;
	snprintf(full_dir, sizeof full_dir, "%.*s/full", PATH_MAX, env->dir);
	full_by_tmpfs = false;
	static bool unshared;
	char opts[64];
	/* room for the driver's fingerprint (its -wal and -shm) until run() fills it */
	snprintf(opts, sizeof opts, "size=%zuk,mode=0755", n / 1024 + 256);
	if (mkdir(full_dir, 0755) == 0) {
		if (may_mount() && !unshared && unshare(CLONE_NEWNS) == 0
			&& mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
			unshared = true;
		full_by_tmpfs = unshared && mount("tmpfs", full_dir, "tmpfs", 0, opts) == 0;
	}
	if (full_by_tmpfs) {
		char db[PATH_MAX + 32];
		snprintf(db, sizeof db, "%.*s/ws.db", PATH_MAX, full_dir);
		int fd = open(db, O_WRONLY | O_CREAT | O_EXCL, 0600);
		bool ok = fd >= 0 && write(fd, bytes, n) == (ssize_t)n;
		if (fd >= 0)
			close(fd);
		if (!ok)
			return -1;
		snprintf(env->db, sizeof env->db, "%.*s", (int)sizeof env->db - 1, db);
	}
	free(bytes);
	return 0;
}

static bool left_behind;

/* The disk fills up only now, after the driver's first fingerprint (which
 * opens the file too), and has room again before its second. */
static int run_disk_full(fault_env *env)
{
	char filler[PATH_MAX + 32];
	snprintf(filler, sizeof filler, "%.*s/filler", PATH_MAX, full_dir);
	if (full_by_tmpfs) {
		int fd = open(filler, O_WRONLY | O_CREAT, 0600);
		char zero[4096] = {0};
		while (fd >= 0 && write(fd, zero, sizeof zero) > 0)
			;
		while (fd >= 0 && write(fd, zero, 1) > 0)
			;
		if (fd >= 0)
			close(fd);
	}
	const char *args[] = {"export", "--db", env->db, "--group", "1", "--activity",
		"asset-ledger", "--format", "csv", NULL};
	spawn(env, args, false, full_by_tmpfs ? 0 : 16 * 1024);
	left_behind = side_exists(env->db, "-wal") || side_exists(env->db, "-shm");
	unlink(filler);
	return 0;
}

static const char *check_disk_full(fault_env *env)
{
	const char *why = NULL;
	const char *want = full_by_tmpfs ? "is full; free some space" : "ulimit -f";
	if (!strstr(env->err ? env->err : "", want))
		why = full_by_tmpfs ? "does not say the disk is full"
			: "does not say the file size limit is reached";
	else if (left_behind)
		why = "a -wal or -shm (a 3-byte -shm) was left behind";
	if (full_by_tmpfs)
		umount2(full_dir, MNT_DETACH);
	return why;
}

/* mamori init on a full disk: nothing of the new database stays. */
static int run_init_full(fault_env *env)
{
	snprintf(full_dir, sizeof full_dir, "%.*s/full", PATH_MAX, env->dir);
	full_by_tmpfs = false;
	static bool unshared;
	if (mkdir(full_dir, 0755) == 0) {
		if (may_mount() && !unshared && unshare(CLONE_NEWNS) == 0
			&& mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
			unshared = true;
		full_by_tmpfs = unshared && mount("tmpfs", full_dir, "tmpfs", 0,
			"size=200k,mode=0755") == 0;
	}
	char db[PATH_MAX + 32];
	snprintf(db, sizeof db, "%.*s/new.db", PATH_MAX, full_dir);
	const char *args[] = {"init", "--db", db, NULL};
	spawn(env, args, false, full_by_tmpfs ? 0 : 200 * 1024);
	return 0;
}

static const char *check_init_full(fault_env *env)
{
	char db[PATH_MAX + 32];
	snprintf(db, sizeof db, "%.*s/new.db", PATH_MAX, full_dir);
	const char *why = NULL;
	const char *want = full_by_tmpfs ? "is full; free some space" : "ulimit -f";
	if (!strstr(env->err ? env->err : "", want))
		why = "does not say the disk is full";
	else if (exists(db) || side_exists(db, "-wal") || side_exists(db, "-shm"))
		why = "the half-made database, its -wal or -shm was left behind";
	if (full_by_tmpfs)
		umount2(full_dir, MNT_DETACH);
	return why;
}

/* ---- deleted or replaced under a running terminal ----------------------------- */

static char *backup_bytes;
static size_t backup_n;

/* A group terminal in a pty, typing in a cell; then the database is
 * replaced (REPLACE) or deleted. env->err gets the line the terminal wrote
 * after its screen closed. */
static int gone_run(fault_env *env, bool replace)
{
	free(env->out);
	free(env->err);
	env->out = env->err = NULL;
	env->exit_code = -1;
	char backup[PATH_MAX + 16];
	snprintf(backup, sizeof backup, "%.*s/backup.db", PATH_MAX, env->dir);
	if (replace) {
		char saved[sizeof env->db];
		memcpy(saved, env->db, sizeof saved);
		snprintf(env->db, sizeof env->db, "%.*s", (int)sizeof env->db - 1, backup);
		int rc = fault_init(env, NULL);
		snprintf(env->db, sizeof env->db, "%s", saved);
		free(backup_bytes);
		backup_bytes = rc == 0 ? slurp(backup, &backup_n) : NULL;
		if (!backup_bytes)
			return -1;
	}
	free(env->out); /* fault_init's */
	free(env->err);
	env->out = env->err = NULL;
	struct winsize ws = {.ws_row = 30, .ws_col = 200};
	int master;
	fflush(NULL);
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("MAMORI_LANG", "en", 1);
		setenv("HOME", env->dir, 1);
		if (chdir(env->dir) != 0)
			_exit(126);
		execl(env->mamori, env->mamori, "--db", env->db, "--group", "2", "--open",
			"asset-ledger", (char *)NULL);
		_exit(127);
	}
	char *all = NULL;
	size_t len = 0;
	add(&all, &len, "", 0);
	int phase = 0; /* 0: starting, 1: typing, 2: gone, waiting for the end */
	long long end = now_ms() + RUN_MS, step_at = 0;
	for (;;) {
		struct pollfd p = {master, POLLIN, 0};
		if (now_ms() > end)
			break;
		if (poll(&p, 1, 100) > 0) {
			char b[4096];
			ssize_t r = read(master, b, sizeof b);
			if (r <= 0)
				break; /* the terminal closed */
			add(&all, &len, b, (size_t)r);
		}
		if (phase == 0 && strstr(all, "Enter edit")) {
			ssize_t w = write(master, "a", 1);
			(void)w;
			phase = 1;
		} else if (phase == 1 && strstr(all, "Esc cancel")) { /* the editor's footer */
			const char *typed = "unsaved asset name";
			ssize_t w = write(master, typed, strlen(typed));
			(void)w;
			phase = 2;
			step_at = now_ms() + 600; /* the text reaches the editor */
		} else if (phase == 2 && now_ms() >= step_at) {
			if (replace ? rename(backup, env->db) != 0 : unlink(env->db) != 0)
				break;
			phase = 3;
		}
	}
	int status = 0;
	pid_t done = 0;
	for (long long until = now_ms() + 3000; (done = waitpid(pid, &status, WNOHANG)) == 0
		&& now_ms() < until;)
		poll(NULL, 0, 20);
	if (done != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		status = -1;
	}
	close(master);
	env->exit_code = status < 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status)
		: 128 + WTERMSIG(status);
	/* the last "mamori: ..." line, after the screen */
	const char *line = NULL;
	for (const char *q = all; (q = strstr(q, "mamori: ")); q++)
		line = q;
	size_t ll = line ? strcspn(line, "\r\n") : 0;
	env->err = malloc(ll + 2);
	memcpy(env->err, line ? line : "", ll);
	env->err[ll] = '\n';
	env->err[ll + 1] = '\0';
	env->out = all;
	if (phase < 3) {
		fprintf(stderr, "  the terminal never got to typing (phase %d)\n", phase);
		return -1;
	}
	return 0;
}

static int run_gone_replaced(fault_env *env)
{
	return gone_run(env, true);
}

static int run_gone_deleted(fault_env *env)
{
	return gone_run(env, false);
}

/* The typing is in a draft file beside the database; a file moved in is
 * untouched. */
static const char *check_gone(fault_env *env, bool replace)
{
	static char why[200];
	const char *at = strstr(env->err, "kept in ");
	if (!at)
		return "does not say where the typing went";
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%.*s", (int)strcspn(at + 8, "\n"), at + 8);
	char *text = slurp(path, NULL);
	bool ok = text && strstr(text, "unsaved asset name");
	free(text);
	if (!ok) {
		snprintf(why, sizeof why, "the draft file %.100s lacks the typed text", path);
		return why;
	}
	if (replace) {
		size_t n;
		char *now = slurp(env->db, &n);
		ok = now && n == backup_n && memcmp(now, backup_bytes, n) == 0;
		free(now);
		if (!ok)
			return "the file moved in was changed";
	} else if (exists(env->db)) {
		return "something was written where the deleted database was";
	}
	return NULL;
}

static const char *check_gone_replaced(fault_env *env)
{
	const char *why = check_gone(env, true);
	free(backup_bytes);
	backup_bytes = NULL;
	return why;
}

static const char *check_gone_deleted(fault_env *env)
{
	return check_gone(env, false);
}

static int fault_init_default(fault_env *env)
{
	return fault_init(env, NULL);
}

#define EXPORT_CSV {"export", "--db", "{db}", "--group", "1", "--activity", "asset-ledger", \
	"--format", "csv"}

const fault_case fault_cases_store[] = {
	{.name = "truncated-half", .defect = "10.4", .setup = setup_truncated_half,
	 .argv = EXPORT_CSV, .exit_code = 1, .message = "is damaged: it is cut short",
	 .unchanged = true, .check = no_output},
	{.name = "truncated-100-bytes", .defect = "10.4", .setup = setup_truncated_100,
	 .argv = EXPORT_CSV, .exit_code = 1, .message = "is damaged: it is cut short",
	 .unchanged = true, .check = no_output},
	{.name = "corrupt-cell-page", .defect = "10.4", .setup = setup_corrupt_cells,
	 .argv = EXPORT_CSV, .exit_code = 1, .message = "restore it from a backup",
	 .unchanged = true, .check = no_output},
	{.name = "corrupt-workshop-page", .defect = "10.4", .setup = setup_corrupt_workshop,
	 .argv = {"--db", "{db}", "--present"}, .exit_code = 1,
	 .message = "restore it from a backup", .unchanged = true},
	{.name = "foreign-png", .defect = "10.4", .setup = setup_png, .argv = EXPORT_CSV,
	 .exit_code = 1, .message = "is not a mamori database", .unchanged = true},
	{.name = "foreign-text", .defect = "10.4", .setup = setup_text,
	 .argv = {"--db", "{db}"}, .exit_code = 1, .message = "is not a mamori database",
	 .unchanged = true},
	{.name = "other-sqlite-database", .defect = "10.4", .setup = setup_other_sqlite,
	 .argv = {"import", "--db", "{db}", "--roster", "{dir}/none.csv"}, .exit_code = 1,
	 .message = "is an SQLite database but not a mamori one", .unchanged = true},
	{.name = "newer-schema", .defect = "10.4", .setup = setup_newer, .argv = EXPORT_CSV,
	 .exit_code = 1, .message = "was written by a newer mamori", .unchanged = true},
	{.name = "read-only-file", .defect = "10.9", .setup = setup_readonly_file,
	 .run = run_readonly_file, .exit_code = 1,
	 .message = "is read-only for you (you cannot write the file)", .unchanged = true},
	{.name = "read-only-directory", .defect = "10.9", .setup = setup_readonly_dir,
	 .run = run_readonly_dir, .exit_code = 1,
	 .message = "is not writable for you, so", .unchanged = true, .check = no_sidecars},
	{.name = "disk-full-open", .defect = "10.11", .setup = setup_disk_full,
	 .run = run_disk_full, .exit_code = 1, .unchanged = true, .check = check_disk_full},
	{.name = "disk-full-init", .defect = "10.11", .run = run_init_full, .exit_code = 1,
	 .unchanged = true, .check = check_init_full},
	{.name = "replaced-under-terminal", .defect = "10.6", .setup = fault_init_default,
	 .run = run_gone_replaced, .exit_code = 1, .message = "was deleted or replaced while open",
	 .check = check_gone_replaced},
	{.name = "deleted-under-terminal", .defect = "10.6", .setup = fault_init_default,
	 .run = run_gone_deleted, .exit_code = 1, .message = "was deleted or replaced while open",
	 .check = check_gone_deleted},
	{.name = NULL},
};
