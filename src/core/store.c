#include "store.h"

#include "buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include <cjson/cJSON.h>
#include "migrate.h"
#include "outfile.h"

/* How long a write waits for another process's write to finish, by
 * default: a terminal's keystroke gives up after this (the text stays, as a
 * draft, to save again); a command waits longer (store_set_busy_wait). */
#define STORE_BUSY_MS 5000
/* The waits between tries for a busy database: 1, 2, 4, 8 ms, then this at
 * most, each drawn at random between half and one and a half of it, so that
 * processes waiting together do not all try again at the same moment (with
 * SQLite's own busy timeout a waiter tries only every 100 ms after the first
 * third of a second, and 30 writers starve one now and then). */
#define BUSY_STEP_MAX_MS 16
/* A draft kept while typing waits this long at most, then is kept in
 * memory and tried again on the next tick. */
#define DRAFT_BUSY_MS 100
/* At a hangup, the last try before the drafts go to a file. */
#define PARK_BUSY_MS 1000

struct store {
	sqlite3 *db;
	char *path;
	bool readonly;
	store_role role;
	int64_t group_id;
	buf who; /* "facilitator", "presenter" or "group:NAME" */
	int data_version;
	struct held { char *activity; int64_t person; } *held; /* store_hold */
	int nheld;
	char *group_name; /* ROLE_GROUP: the group's name, for a draft file's name */
	/* the file as it was opened: a different file (or none) at PATH later
	 * means it was replaced (or deleted) under this terminal */
	dev_t dev;
	ino_t ino;
	bool have_id;
	/* its -wal and -shm as they were while it was open */
	struct side_id { dev_t dev; ino_t ino; bool known; } wal_id, shm_id;
	bool gone;       /* sticky: nothing more is written to it */
	bool created;    /* store_create made the file */
	char ro_why;     /* read-only because of the 'f'ile or its 'd'irectory */
	bool disk_full;  /* a write failed for lack of space */
	bool has_workshop; /* store_workshop_create committed here */
	/* the text of every draft this terminal keeps, so it can still be put in
	 * a file when the database is gone */
	struct kept { char *place; char *text; int base; bool unsaved; } *kept;
	int nkept;
	char *draft_file; /* where the drafts went when the database was gone */
	int busy_ms;          /* how long a write waits for another's (busy_wait) */
	long long busy_since; /* when this wait for the lock began (ms, monotonic) */
	unsigned busy_seed;   /* the jitter of the waits */
};

int64_t store_now(void)
{
	/* tests set the clock: a fixed time, or a file they move on */
	const char *fake = getenv("MAMORI_NOW");
	if (fake && *fake)
		return strtoll(fake, NULL, 10);
	const char *file = getenv("MAMORI_CLOCK_FILE");
	if (file && *file) {
		FILE *f = fopen(file, "r");
		long long t = 0;
		if (f) {
			if (fscanf(f, "%lld", &t) != 1)
				t = 0;
			fclose(f);
		}
		if (t > 0)
			return (int64_t)t;
	}
	return (int64_t)time(NULL);
}

bool store_no_space(const char *path, int errcode, int sys, mm_error *err)
{
	int primary = errcode & 0xff;
	if (primary != SQLITE_FULL && primary != SQLITE_IOERR)
		return false;
	/* a write refused for the size limit of this process (ulimit -f) */
	struct rlimit rl;
	bool limited = getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY;
	if (sys == EFBIG || (primary == SQLITE_IOERR && limited && sys != ENOSPC)) {
		if (!limited)
			return false;
		mm_fail(err, MM_EIO, tr(M_STORE_FILE_LIMIT), path);
		return true;
	}
	/* SQLite says SQLITE_FULL for a short write; a write refused outright
	 * comes as an I/O error, with ENOSPC (its errno is not always kept:
	 * then the free space of the file's disk tells) */
	bool full = primary == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT;
	if (!full) {
		char *dir = xstrdup(path);
		char *slash = strrchr(dir, '/');
		if (slash)
			*(slash == dir ? slash + 1 : slash) = '\0';
		struct statvfs vfs;
		full = statvfs(slash ? dir : ".", &vfs) == 0 && vfs.f_bavail == 0;
		free(dir);
	}
	if (full)
		mm_fail(err, MM_EIO, tr(M_STORE_DISK_FULL), path);
	return full;
}

/* SQLite's last error on ST, as one line that says what is wrong and what to
 * do: a damaged file, a full disk, a file deleted or replaced under us; else
 * WHAT with SQLite's reason. */
static mm_status db_fail(store *st, mm_error *err, msg_id what)
{
	int ec = sqlite3_extended_errcode(st->db);
	int primary = ec & 0xff;
	if (st->gone)
		return mm_fail(err, MM_EIO, tr(M_STORE_GONE_WRITE), st->path);
	if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
		return mm_fail(err, MM_EDB, tr(M_STORE_DAMAGED), st->path, sqlite3_errmsg(st->db));
	if (store_no_space(st->path, ec, sqlite3_system_errno(st->db), err)) {
		st->disk_full = true;
		return MM_EIO;
	}
	return mm_fail(err, MM_EDB, "%s: %s", tr(what), sqlite3_errmsg(st->db));
}

/* ---- the file under us ------------------------------------------------ */

static void remember_file(store *st)
{
	struct stat sb;
	if (stat(st->path, &sb) == 0) {
		st->dev = sb.st_dev;
		st->ino = sb.st_ino;
		st->have_id = true;
	}
}

static void side_remember(const char *path, const char *suffix, struct side_id *id)
{
	char side[PATH_MAX + 8];
	snprintf(side, sizeof side, "%s%s", path, suffix);
	struct stat sb;
	if (stat(side, &sb) == 0)
		*id = (struct side_id){sb.st_dev, sb.st_ino, true};
}

/* Notes which -wal and -shm files belong to the open database (once they
 * exist: after the first read). */
static void remember_sidecars(store *st)
{
	if (!st->wal_id.known)
		side_remember(st->path, "-wal", &st->wal_id);
	if (!st->shm_id.known)
		side_remember(st->path, "-shm", &st->shm_id);
}

/* Is the sidecar SUFFIX noted at open no longer there (deleted, or another
 * file in its place)? SQLite removes a -wal or -shm only when the last
 * connection closes, so while this one is open that is someone else's doing,
 * and a write would go into a deleted file. */
static bool side_gone(const char *path, const char *suffix, const struct side_id *id)
{
	if (!id->known)
		return false;
	char side[PATH_MAX + 8];
	snprintf(side, sizeof side, "%s%s", path, suffix);
	struct stat sb;
	if (stat(side, &sb) != 0)
		return errno == ENOENT;
	return sb.st_dev != id->dev || sb.st_ino != id->ino;
}

/* Removes the sidecar file SUFFIX if it is still the one of the old file. */
static void side_drop(const char *path, const char *suffix, const struct side_id *id)
{
	char side[PATH_MAX + 8];
	snprintf(side, sizeof side, "%s%s", path, suffix);
	struct stat sb;
	if (id->known && stat(side, &sb) == 0 && sb.st_dev == id->dev && sb.st_ino == id->ino)
		unlink(side);
}

bool store_gone(store *st)
{
	if (st->gone || !st->have_id)
		return st->gone;
	struct stat sb;
	if (stat(st->path, &sb) != 0)
		st->gone = errno == ENOENT || errno == ENOTDIR;
	else
		st->gone = sb.st_dev != st->dev || sb.st_ino != st->ino
			|| side_gone(st->path, "-wal", &st->wal_id)
			|| side_gone(st->path, "-shm", &st->shm_id);
	if (st->gone) {
		/* the old file's -wal and -shm are still there by name: whoever
		 * opens the file now at PATH would read the old file's pages out
		 * of them as its own. They go (this terminal keeps them open). */
		side_drop(st->path, "-wal", &st->wal_id);
		side_drop(st->path, "-shm", &st->shm_id);
	}
	return st->gone;
}

/* Every commit (explicit or a single statement's) passes here: a file
 * deleted or replaced since it was opened gets nothing more. */
static int commit_gate(void *ctx)
{
	return store_gone(ctx) ? 1 : 0;
}

static void sidecar(const char *path, const char *suffix, char *out, size_t n)
{
	snprintf(out, n, "%s%s", path, suffix);
}

static bool file_exists(const char *path, off_t *size)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return false;
	if (size)
		*size = sb.st_size;
	return true;
}

/* After a failed start: removes the -wal and -shm files this process made
 * (they were not there before), unless the -wal holds something. A 3-byte
 * -shm left on a full disk would stop every reader that cannot rebuild it. */
static void remove_new_sidecars(const char *path, bool had_wal, bool had_shm)
{
	char wal[PATH_MAX + 8], shm[PATH_MAX + 8];
	sidecar(path, "-wal", wal, sizeof wal);
	sidecar(path, "-shm", shm, sizeof shm);
	off_t wal_size = 0;
	bool wal_now = file_exists(wal, &wal_size);
	if (wal_now && (had_wal || wal_size > 0))
		return;
	if (wal_now)
		unlink(wal);
	if (!had_shm && file_exists(shm, NULL))
		unlink(shm);
}

static int exec_sql(store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc;
}

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SQLite's busy handler: another connection holds the lock. Waits with a
 * growing, jittered step, up to the store's busy_ms in all for this lock
 * (N counts the tries of it); 0 gives up (SQLITE_BUSY). */
static int busy_wait(void *arg, int n)
{
	store *st = arg;
	long long now = mono_ms();
	if (n == 0)
		st->busy_since = now;
	long long left = st->busy_since + st->busy_ms - now;
	if (left <= 0)
		return 0;
	int step = n < 4 ? 1 << n : BUSY_STEP_MAX_MS;
	long long us = step * 500 + rand_r(&st->busy_seed) % (unsigned)(step * 1000);
	if (us > left * 1000)
		us = left * 1000;
	usleep((useconds_t)us);
	return 1;
}

/* The connection's busy handling: busy_wait, bounded by busy_ms. */
static void set_busy_handler(store *st)
{
	sqlite3_busy_handler(st->db, busy_wait, st);
}

void store_set_busy_wait(store *st, int ms)
{
	st->busy_ms = ms > 0 ? ms : 0;
}

int store_busy_wait(const store *st)
{
	return st->busy_ms;
}

static store *store_new(const char *path)
{
	store *st = xcalloc(1, sizeof *st);
	st->busy_ms = STORE_BUSY_MS;
	st->busy_seed = (unsigned)getpid() ^ (unsigned)mono_ms();
	st->path = xstrdup(path);
	st->role = ROLE_FACILITATOR;
	buf_puts(&st->who, "facilitator");
	return st;
}

void store_close(store *st)
{
	if (!st)
		return;
	if (st->db)
		sqlite3_close_v2(st->db);
	if (st->created && st->disk_full && !st->has_workshop && !st->gone) {
		/* a new database the disk had no room for, its workshop never
		 * made: nothing of it is worth keeping, and its -wal and -shm would
		 * only confuse the next try. (Once the workshop is in, a full disk
		 * later never costs the file: a -wal may hold what is not yet in
		 * the database.) */
		char side[PATH_MAX + 8];
		sidecar(st->path, "-wal", side, sizeof side);
		unlink(side);
		sidecar(st->path, "-shm", side, sizeof side);
		unlink(side);
		unlink(st->path);
	}
	free(st->path);
	free(st->group_name);
	free(st->draft_file);
	for (int k = 0; k < st->nkept; k++) {
		free(st->kept[k].place);
		free(st->kept[k].text);
	}
	free(st->kept);
	buf_free(&st->who);
	store_release_all(st);
	free(st);
}

static void configure(store *st)
{
	set_busy_handler(st);
	exec_sql(st, "PRAGMA foreign_keys = ON");
	if (!st->readonly) {
		exec_sql(st, "PRAGMA journal_mode = WAL");
		exec_sql(st, "PRAGMA synchronous = NORMAL");
	}
	pragma_int(st->db, "PRAGMA data_version", &st->data_version);
}

mm_status store_create(const char *path, store **out, mm_error *err)
{
	*out = NULL;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return mm_fail(err, MM_EUSER, tr(M_DB_EXISTS), path);
		return mm_fail(err, MM_EIO, tr(M_FILE_CANNOT_CREATE), path, strerror(errno));
	}
	close(fd);
	store *st = store_new(path);
	st->created = true;
	remember_file(st);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
		!= SQLITE_OK) {
		mm_fail(err, MM_EDB, tr(M_FILE_CANNOT_OPEN), path, sqlite3_errmsg(st->db));
		goto fail;
	}
	sqlite3_commit_hook(st->db, commit_gate, st);
	char sql[80];
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", STORE_APPLICATION_ID);
	if (exec_sql(st, sql) != SQLITE_OK) {
		db_fail(st, err, M_DB_CANNOT_INIT);
		goto fail;
	}
	configure(st);
	remember_sidecars(st);
	if (migrate_run(st->db, 0, err) != MM_OK)
		goto fail;
	*out = st;
	return MM_OK;
fail:
	store_close(st);
	/* nothing of a database that could not be made stays behind */
	unlink(path);
	char side[PATH_MAX + 8];
	sidecar(path, "-wal", side, sizeof side);
	unlink(side);
	sidecar(path, "-shm", side, sizeof side);
	unlink(side);
	return err ? err->code : MM_EDB;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A file cut short (a half-finished copy, a full disk during a copy) is
 * damaged, not a smaller workshop: its header says how big it is. Only when
 * no -wal is beside it (no terminal has it open, nothing is being
 * checkpointed into it). H is the first 100 bytes. */
static mm_status check_size(const char *path, const unsigned char *h, mm_error *err)
{
	char wal[PATH_MAX + 8];
	sidecar(path, "-wal", wal, sizeof wal);
	struct stat sb;
	if (file_exists(wal, NULL) || stat(path, &sb) != 0)
		return MM_OK;
	long long page = (long long)((unsigned)h[16] << 8 | h[17]);
	if (page == 1)
		page = 65536;
	if (page < 512 || page > 65536 || (page & (page - 1)) != 0)
		return mm_fail(err, MM_EDB, tr(M_STORE_DAMAGED), path, "page size");
	long long pages = be32(h + 28);
	/* the size in the header counts when the change counter matches */
	if (pages == 0 || be32(h + 24) != be32(h + 92))
		pages = 1;
	long long need = pages * page;
	if ((long long)sb.st_size < need)
		return mm_fail(err, MM_EDB, tr(M_STORE_TRUNCATED), path, (long long)sb.st_size,
			need);
	return MM_OK;
}

/* Looks at the file's first bytes without opening it as a database, so a
 * stranger's file is refused before SQLite could touch it. */
static mm_status check_header(const char *path, mm_error *err)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char h[100];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return mm_fail(err, MM_EUSER, tr(M_DB_MISSING), path, path);
		return mm_fail(err, MM_EIO, tr(M_FILE_CANNOT_READ), path, strerror(errno));
	}
	ssize_t n = read(fd, h, sizeof h);
	close(fd);
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return mm_fail(err, MM_EUSER, tr(M_DB_DIRECTORY), path);
	if (n < (ssize_t)sizeof h || memcmp(h, magic, 16) != 0)
		return mm_fail(err, MM_EUSER, tr(M_DB_NOT_MAMORI), path);
	uint32_t app = (uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 | (uint32_t)h[70] << 8 | h[71];
	if (app != STORE_APPLICATION_ID)
		return mm_fail(err, MM_EUSER, tr(M_DB_OTHER_SQLITE), path);
	int version = (int)((uint32_t)h[60] << 24 | (uint32_t)h[61] << 16 | (uint32_t)h[62] << 8 | h[63]);
	if (version > migrate_latest())
		return mm_fail(err, MM_EUSER, tr(M_DB_NEWER), path, version,
			migrate_latest());
	return check_size(path, h, err);
}

static char *dir_of(const char *path);

/* Can this user write PATH and (for the -wal and -shm) its directory? When
 * not, *WHY is 'f' (the file) or 'd' (the directory). */
static bool can_write(const char *path, char *why)
{
	if (access(path, W_OK) != 0) {
		*why = 'f';
		return false;
	}
	char *dir = dir_of(path);
	bool ok = access(dir, W_OK) == 0;
	free(dir);
	*why = ok ? 0 : 'd';
	return ok;
}

/* The directory PATH is in (malloc'd). */
static char *dir_of(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash) {
		free(dir);
		return xstrdup(".");
	}
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return dir;
}

/* Why a terminal that cannot write PATH could not read it: a WAL database
 * is read live only through its -shm file, which a reader creates when no
 * writer has yet. Fills ERR and returns true when that is the reason. */
static bool explain_unreadable(const char *path, mm_error *err)
{
	char shm[PATH_MAX + 8];
	sidecar(path, "-shm", shm, sizeof shm);
	if (file_exists(shm, NULL)) {
		if (access(shm, R_OK) != 0) {
			mm_fail(err, MM_EIO, tr(M_FILE_CANNOT_READ), shm, strerror(errno));
			return true;
		}
		return false;
	}
	char *dir = dir_of(path);
	bool unwritable = access(dir, W_OK) != 0;
	if (unwritable)
		mm_fail(err, MM_EREADONLY, tr(M_STORE_DIR_NOT_WRITABLE), dir, path);
	free(dir);
	return unwritable;
}

/* PRAGMA quick_check: every page of the file is looked at, so a damaged one
 * is found on opening, not read later as empty data (2-9 ms for a workshop's
 * file: the demo's is 1.2 MB). It costs about 3 ms a megabyte, so a larger
 * file would keep the first screen waiting (3,200 table rows are 5.8 MB:
 * 13-24 ms, more than the whole first frame of a 100,000-row table): past
 * CHECK_PAGES_MAX it is not looked at whole; SQLite still refuses a damaged
 * page when it is read. */
#define CHECK_PAGES_MAX (2 * 1024 * 1024)

static mm_status check_pages(store *st, mm_error *err)
{
	off_t size = 0;
	if (file_exists(st->path, &size) && size > CHECK_PAGES_MAX)
		return MM_OK;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check(1)", -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, err, M_DB_CANNOT_READ);
	int rc = sqlite3_step(s);
	mm_status res = MM_OK;
	if (rc == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		if (!r || strcmp(r, "ok") != 0) {
			char what[120];
			snprintf(what, sizeof what, "%s", r ? r : "?");
			what[strcspn(what, "\r\n")] = '\0';
			res = mm_fail(err, MM_EDB, tr(M_STORE_DAMAGED), st->path, what);
		}
	} else {
		res = db_fail(st, err, M_DB_CANNOT_READ);
	}
	sqlite3_finalize(s);
	return res;
}

static mm_status open_file(const char *path, bool page_check, store **out, mm_error *err);

mm_status store_open(const char *path, store **out, mm_error *err)
{
	return open_file(path, true, out, err);
}

mm_status store_open_lean(const char *path, store **out, mm_error *err)
{
	return open_file(path, false, out, err);
}

static mm_status open_file(const char *path, bool page_check, store **out, mm_error *err)
{
	*out = NULL;
	mm_status rc = check_header(path, err);
	if (rc != MM_OK)
		return rc;
	char side[PATH_MAX + 8];
	sidecar(path, "-wal", side, sizeof side);
	bool had_wal = file_exists(side, NULL);
	sidecar(path, "-shm", side, sizeof side);
	bool had_shm = file_exists(side, NULL);
	store *st = store_new(path);
	st->readonly = !can_write(path, &st->ro_why);
	remember_file(st);
	int flags = (st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE)
		| SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		rc = mm_fail(err, MM_EDB, tr(M_FILE_CANNOT_OPEN), path, sqlite3_errmsg(st->db));
		goto fail;
	}
	sqlite3_commit_hook(st->db, commit_gate, st);
	/* wait for a writer instead of failing, from the very first read */
	set_busy_handler(st);
	int version = 0;
	if (pragma_int(st->db, "PRAGMA user_version", &version) != SQLITE_OK) {
		/* a reader that cannot make the -shm file: say so exactly (an
		 * immutable snapshot would never show another terminal's write) */
		if (!(st->readonly && explain_unreadable(path, err)))
			rc = db_fail(st, err, M_DB_CANNOT_READ);
		else
			rc = err ? err->code : MM_EREADONLY;
		goto fail;
	}
	if (version > migrate_latest()) {
		/* a newer mamori has it open, its schema change still in the WAL */
		rc = mm_fail(err, MM_EUSER, tr(M_DB_NEWER), path, version,
			migrate_latest());
		goto fail;
	}
	if (page_check && (rc = check_pages(st, err)) != MM_OK)
		goto fail;
	configure(st);
	remember_sidecars(st);
	if (version < migrate_latest()) {
		if (st->readonly) {
			rc = mm_fail(err, MM_EUSER, tr(M_DB_READONLY_OLD), path, version,
				migrate_latest());
			goto fail;
		}
		if ((rc = migrate_run(st->db, version, err)) != MM_OK)
			goto fail;
	}
	*out = st;
	return MM_OK;
fail:;
	/* on a full disk, the -wal and -shm this start made would be left
	 * half-made (a 3-byte -shm) */
	bool full = st->disk_full;
	store_close(st);
	if (full)
		remove_new_sidecars(path, had_wal, had_shm);
	return rc;
}

bool store_readonly(const store *st)
{
	return st->readonly;
}

const char *store_path(const store *st)
{
	return st->path;
}

sqlite3 *store_db(store *st)
{
	return st->db;
}

bool store_changed(store *st)
{
	int v = st->data_version;
	if (pragma_int(st->db, "PRAGMA data_version", &v) != SQLITE_OK)
		return false;
	if (v != st->data_version) {
		st->data_version = v;
		return true;
	}
	return false;
}

mm_status store_check_writable(const store *st, mm_error *err)
{
	if (st->readonly && st->ro_why == 'f')
		return mm_fail(err, MM_EREADONLY, tr(M_STORE_READONLY_FILE), st->path);
	if (st->readonly && st->ro_why == 'd') {
		char *dir = dir_of(st->path);
		mm_fail(err, MM_EREADONLY, tr(M_STORE_READONLY_DIR), st->path, dir);
		free(dir);
		return MM_EREADONLY;
	}
	if (st->readonly)
		return mm_fail(err, MM_EREADONLY, "%s", tr(M_STORE_READONLY));
	if (st->role == ROLE_PRESENTER)
		return mm_fail(err, MM_EDENIED, "%s", tr(M_STORE_PRESENTER));
	return MM_OK;
}

/* After SQLITE_BUSY from a statement begun at START: waits like busy_wait
 * (try N) and says whether to try again, false once busy_ms is spent. */
static bool busy_wait_again(store *st, long long start, int n)
{
	if (mono_ms() - start >= st->busy_ms)
		return false;
	long long since = st->busy_since;
	st->busy_since = start;
	int again = busy_wait(st, n + 1);
	st->busy_since = since;
	return again != 0;
}

mm_status store_begin(store *st, mm_error *err)
{
	mm_status rc = store_check_writable(st, err);
	if (rc != MM_OK)
		return rc;
	if (store_gone(st))
		return mm_fail(err, MM_EIO, tr(M_STORE_GONE_WRITE), st->path);
	/* the busy handler waits for the lock; a BUSY it was not asked about
	 * (SQLite saw no point in waiting, e.g. a WAL being recovered) is tried
	 * again the same way, within the same bound */
	long long start = mono_ms();
	int src, n = 0;
	while ((src = exec_sql(st, "BEGIN IMMEDIATE")) == SQLITE_BUSY
		&& busy_wait_again(st, start, n++))
		;
	if (src != SQLITE_OK)
		return db_fail(st, err, M_DB_BUSY);
	return MM_OK;
}

mm_status store_commit(store *st, mm_error *err)
{
	/* in WAL a commit hardly ever meets a lock, but when it does the
	 * transaction is still open: try again rather than lose it */
	long long start = mono_ms();
	int src, n = 0;
	while ((src = exec_sql(st, "COMMIT")) == SQLITE_BUSY && !sqlite3_get_autocommit(st->db)
		&& busy_wait_again(st, start, n++))
		;
	if (src != SQLITE_OK) {
		mm_status rc = db_fail(st, err, M_DB_COULD_NOT_SAVE);
		store_rollback(st);
		return rc;
	}
	/* PRAGMA data_version does not change for this connection's own
	 * commits, so there is nothing to re-read here: re-reading it would
	 * swallow another terminal's commit made since the last look */
	return MM_OK;
}

void store_rollback(store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		exec_sql(st, "ROLLBACK");
}

/* ---- statements ---------------------------------------------------- */

sqlite3_stmt *store_prep(store *st, const char *sql, mm_error *err)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		db_fail(st, err, M_DB_ERROR);
		return NULL;
	}
	return s;
}

mm_status store_step_error(store *st, int rc, mm_error *err)
{
	if (rc == SQLITE_DONE)
		return MM_OK;
	return db_fail(st, err, M_DB_ERROR);
}

mm_status store_write_error(store *st, mm_error *err)
{
	return db_fail(st, err, M_DB_COULD_NOT_SAVE);
}

char *store_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return xstrdup(t ? (const char *)t : "");
}

static mm_status set_role(store *st, store_role role, const char *group_name, mm_error *err);
static void adopt_parked_drafts(store *st);

mm_status store_set_role(store *st, store_role role, const char *group_name, mm_error *err)
{
	mm_status rc = set_role(st, role, group_name, err);
	if (rc == MM_OK && role != ROLE_PRESENTER)
		adopt_parked_drafts(st);
	return rc;
}

static mm_status set_role(store *st, store_role role, const char *group_name, mm_error *err)
{
	st->role = role;
	st->group_id = 0;
	if (role == ROLE_PRESENTER) {
		buf_clear(&st->who);
		buf_puts(&st->who, "presenter");
		return MM_OK;
	}
	free(st->group_name);
	st->group_name = role == ROLE_GROUP && group_name ? xstrdup(group_name) : NULL;
	if (role == ROLE_FACILITATOR) {
		buf_clear(&st->who);
		buf_puts(&st->who, "facilitator");
		return MM_OK;
	}
	sqlite3_stmt *s = store_prep(st, "SELECT id FROM grp WHERE name = ?1", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, group_name, -1, SQLITE_TRANSIENT);
	mm_status rc = MM_OK;
	int src = sqlite3_step(s);
	if (src == SQLITE_ROW) {
		st->group_id = sqlite3_column_int64(s, 0);
		buf_clear(&st->who);
		buf_printf(&st->who, "group:%s", group_name);
	} else if (src == SQLITE_DONE) {
		rc = mm_fail(err, MM_EUSER, tr(M_NO_GROUP), group_name);
	} else {
		rc = store_step_error(st, src, err);
	}
	sqlite3_finalize(s);
	return rc;
}

store_role store_get_role(const store *st)
{
	return st->role;
}

int64_t store_group_id(const store *st)
{
	return st->group_id;
}

const char *store_who(const store *st)
{
	return buf_str(&st->who);
}

void store_hash_text(const char *s, char out[17])
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

mm_status store_workshop_create(store *st, const char *title, const char *scenario_json,
	int ngroups, mm_error *err)
{
	mm_status rc = store_begin(st, err);
	if (rc != MM_OK)
		return rc;
	char hash[17];
	store_hash_text(scenario_json, hash);
	sqlite3_stmt *s = store_prep(st, "INSERT INTO workshop(id, title, scenario, scenario_hash, "
		"created_at) VALUES (1, ?1, ?2, ?3, ?4)", err);
	if (!s)
		goto fail;
	sqlite3_bind_text(s, 1, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, scenario_json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, store_now());
	int src = sqlite3_step(s);
	sqlite3_finalize(s);
	if (src != SQLITE_DONE) {
		db_fail(st, err, M_DB_CREATE_WORKSHOP);
		goto fail;
	}
	s = store_prep(st, "INSERT INTO grp(name, position) VALUES (?1, ?2)", err);
	if (!s)
		goto fail;
	for (int g = 1; g <= ngroups; g++) {
		char name[16];
		snprintf(name, sizeof name, "%d", g);
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s, 2, g);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_finalize(s);
			db_fail(st, err, M_DB_CREATE_GROUPS);
			goto fail;
		}
	}
	sqlite3_finalize(s);
	rc = store_commit(st, err);
	if (rc == MM_OK)
		st->has_workshop = true;
	return rc;
fail:
	store_rollback(st);
	return err ? err->code : MM_EDB;
}

mm_status store_workshop_get(store *st, workshop_info *out, mm_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_prep(st, "SELECT title, scenario, scenario_hash, created_at "
		"FROM workshop WHERE id = 1", err);
	if (!s)
		return MM_EDB;
	mm_status rc = MM_OK;
	int src = sqlite3_step(s);
	if (src == SQLITE_ROW) {
		out->title = store_col_text(s, 0);
		out->scenario_json = store_col_text(s, 1);
		out->scenario_hash = store_col_text(s, 2);
		out->created_at = sqlite3_column_int64(s, 3);
	} else if (src == SQLITE_DONE) {
		rc = mm_fail(err, MM_EUSER, tr(M_NO_WORKSHOP), st->path);
	} else {
		rc = store_step_error(st, src, err);
	}
	sqlite3_finalize(s);
	return rc;
}

void workshop_info_free(workshop_info *w)
{
	free(w->title);
	free(w->scenario_json);
	free(w->scenario_hash);
	memset(w, 0, sizeof *w);
}

mm_status store_groups(store *st, group_info **out, int *n, mm_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = store_prep(st, "SELECT id, name FROM grp ORDER BY position, id", err);
	if (!s)
		return MM_EDB;
	int cap = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		(*out)[*n].id = sqlite3_column_int64(s, 0);
		(*out)[*n].name = store_col_text(s, 1);
		(*n)++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		group_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return store_step_error(st, rc, err);
}

void group_list_free(group_info *g, int n)
{
	for (int k = 0; k < n; k++)
		free(g[k].name);
	free(g);
}

static mm_status insert_one(store *st, sqlite3_stmt *s, int64_t *id, mm_error *err,
	msg_id what)
{
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, err, what);
	if (id)
		*id = sqlite3_last_insert_rowid(st->db);
	return MM_OK;
}

mm_status store_group_add(store *st, const char *name, int64_t *id, mm_error *err)
{
	mm_status rc = store_check_writable(st, err);
	if (rc != MM_OK)
		return rc;
	sqlite3_stmt *s = store_prep(st, "INSERT INTO grp(name, position) VALUES (?1, "
		"(SELECT COALESCE(MAX(position), 0) + 1 FROM grp))", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	return insert_one(st, s, id, err, M_DB_ADD_GROUP);
}

mm_status store_company_add(store *st, const char *name, int64_t grp_id, const char *industry,
	int staff, int64_t *id, mm_error *err)
{
	mm_status rc = store_check_writable(st, err);
	if (rc != MM_OK)
		return rc;
	sqlite3_stmt *s = store_prep(st, "INSERT INTO company(name, grp_id, industry, staff) "
		"VALUES (?1, ?2, ?3, ?4)", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	if (grp_id)
		sqlite3_bind_int64(s, 2, grp_id);
	sqlite3_bind_text(s, 3, industry ? industry : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 4, staff);
	return insert_one(st, s, id, err, M_DB_ADD_COMPANY);
}

mm_status store_person_add(store *st, const char *name, int64_t company_id, int64_t grp_id,
	const char *role, int64_t *id, mm_error *err)
{
	mm_status rc = store_check_writable(st, err);
	if (rc != MM_OK)
		return rc;
	sqlite3_stmt *s = store_prep(st, "INSERT INTO person(name, company_id, grp_id, role) "
		"VALUES (?1, ?2, ?3, ?4)", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	if (company_id)
		sqlite3_bind_int64(s, 2, company_id);
	if (grp_id)
		sqlite3_bind_int64(s, 3, grp_id);
	sqlite3_bind_text(s, 4, role ? role : "", -1, SQLITE_TRANSIENT);
	return insert_one(st, s, id, err, M_DB_ADD_PERSON);
}

int store_count(store *st, const char *table)
{
	const char *sql;
	if (strcmp(table, "grp") == 0)
		sql = "SELECT COUNT(*) FROM grp";
	else if (strcmp(table, "company") == 0)
		sql = "SELECT COUNT(*) FROM company";
	else if (strcmp(table, "person") == 0)
		sql = "SELECT COUNT(*) FROM person";
	else
		return -1;
	int n = -1;
	pragma_int(st->db, sql, &n);
	return n;
}

int64_t store_company_group(store *st, int64_t company)
{
	int64_t g = 0;
	store_owner_group(st, 1, company, &g, NULL);
	return g;
}

mm_status store_room_get(store *st, room_state *out, mm_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_prep(st, "SELECT session, activity, started_at, paused_at, "
		"paused_total, owner, activity_base, message FROM room WHERE id = 1", err);
	if (!s)
		return MM_EDB;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		rc = SQLITE_DONE;
		const unsigned char *t = sqlite3_column_text(s, 0);
		snprintf(out->session, sizeof out->session, "%s", t ? (const char *)t : "");
		t = sqlite3_column_text(s, 1);
		snprintf(out->activity, sizeof out->activity, "%s", t ? (const char *)t : "");
		out->started_at = sqlite3_column_int64(s, 2);
		out->paused_at = sqlite3_column_int64(s, 3);
		out->paused_total = sqlite3_column_int64(s, 4);
		out->owner = sqlite3_column_int64(s, 5);
		out->activity_base = sqlite3_column_int64(s, 6);
		t = sqlite3_column_text(s, 7);
		snprintf(out->message, sizeof out->message, "%s", t ? (const char *)t : "");
	}
	sqlite3_finalize(s);
	return store_step_error(st, rc, err);
}

static mm_status facilitator_only(const store *st, mm_error *err)
{
	mm_status rc = store_check_writable(st, err);
	if (rc != MM_OK)
		return rc;
	if (st->role != ROLE_FACILITATOR)
		return mm_fail(err, MM_EDENIED, "%s", tr(M_STORE_FACILITATOR_ROOM));
	return MM_OK;
}

/* The stored elapsed seconds of a session or activity (0: never run). */
static mm_status clock_load(store *st, const char *scope, const char *id, int64_t *out,
	mm_error *err)
{
	*out = 0;
	sqlite3_stmt *s = store_prep(st,
		"SELECT elapsed FROM room_clock WHERE scope = ?1 AND id = ?2", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	return store_step_error(st, rc, err);
}

static mm_status clock_save(store *st, const char *scope, const char *id, int64_t elapsed,
	mm_error *err)
{
	sqlite3_stmt *s = store_prep(st,
		"INSERT INTO room_clock(scope, id, elapsed) VALUES (?1, ?2, ?3) "
		"ON CONFLICT (scope, id) DO UPDATE SET elapsed = excluded.elapsed", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, elapsed < 0 ? 0 : elapsed);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? MM_OK : db_fail(st, err, M_DB_MOVE_ROOM);
}

mm_status store_room_set(store *st, const char *session, const char *activity, mm_error *err)
{
	mm_status rc = facilitator_only(st, err);
	if (rc != MM_OK)
		return rc;
	if (!activity)
		activity = "";
	if ((rc = store_begin(st, err)) != MM_OK)
		return rc;
	room_state r;
	if ((rc = store_room_get(st, &r, err)) != MM_OK)
		goto fail;
	int64_t now = store_now();
	int64_t el = room_elapsed(&r, now);
	bool same_session = strcmp(r.session, session) == 0;
	bool same_activity = same_session && strcmp(r.activity, activity) == 0;
	if (same_activity) {
		store_rollback(st); /* already there: nothing changes */
		return MM_OK;
	}
	/* the clocks left behind keep their time for a return */
	if (r.activity[0] && (rc = clock_save(st, "activity", r.activity,
		el - r.activity_base, err)) != MM_OK)
		goto fail;
	int64_t started = r.started_at, paused_at = r.paused_at, paused_total = r.paused_total;
	int64_t sess_el = el;
	if (!same_session) {
		if (r.session[0] && (rc = clock_save(st, "session", r.session, el, err)) != MM_OK)
			goto fail;
		if ((rc = clock_load(st, "session", session, &sess_el, err)) != MM_OK)
			goto fail;
		/* the session entered runs on from where it stood */
		started = now - sess_el;
		paused_at = 0;
		paused_total = 0;
	}
	int64_t base = 0;
	if (activity[0]) {
		int64_t act_el;
		if ((rc = clock_load(st, "activity", activity, &act_el, err)) != MM_OK)
			goto fail;
		base = sess_el - act_el;
	}
	sqlite3_stmt *s = store_prep(st,
		"UPDATE room SET session = ?1, activity = ?2, started_at = ?3, paused_at = ?4,"
		"  paused_total = ?5, activity_base = ?6 WHERE id = 1", err);
	if (!s) {
		rc = MM_EDB;
		goto fail;
	}
	sqlite3_bind_text(s, 1, session, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, activity, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, started);
	sqlite3_bind_int64(s, 4, paused_at);
	sqlite3_bind_int64(s, 5, paused_total);
	sqlite3_bind_int64(s, 6, base);
	int src = sqlite3_step(s);
	sqlite3_finalize(s);
	if (src != SQLITE_DONE) {
		rc = db_fail(st, err, M_DB_MOVE_ROOM);
		goto fail;
	}
	return store_commit(st, err);
fail:
	store_rollback(st);
	return rc;
}

mm_status store_room_set_owner(store *st, int64_t owner, mm_error *err)
{
	mm_status rc = facilitator_only(st, err);
	if (rc != MM_OK)
		return rc;
	if ((rc = store_begin(st, err)) != MM_OK)
		return rc;
	sqlite3_stmt *s = store_prep(st, "UPDATE room SET owner = ?1 WHERE id = 1", err);
	if (!s) {
		store_rollback(st);
		return MM_EDB;
	}
	sqlite3_bind_int64(s, 1, owner);
	int src = sqlite3_step(s);
	sqlite3_finalize(s);
	if (src != SQLITE_DONE) {
		rc = db_fail(st, err, M_DB_SAVE_ROOM);
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

mm_status store_room_view_get(store *st, room_view *out, mm_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_prep(st, "SELECT activity, owner, state FROM room_view "
		"WHERE id = 1", err);
	if (!s) {
		out->state = xstrdup("");
		return MM_EDB;
	}
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		rc = SQLITE_DONE;
		const unsigned char *t = sqlite3_column_text(s, 0);
		snprintf(out->activity, sizeof out->activity, "%s", t ? (const char *)t : "");
		out->owner = sqlite3_column_int64(s, 1);
		out->state = store_col_text(s, 2);
	}
	sqlite3_finalize(s);
	if (!out->state)
		out->state = xstrdup("");
	return store_step_error(st, rc, err);
}

mm_status store_room_view_set(store *st, const char *activity, int64_t owner,
	const char *state, mm_error *err)
{
	mm_status rc = facilitator_only(st, err);
	if (rc != MM_OK)
		return rc;
	if ((rc = store_begin(st, err)) != MM_OK)
		return rc;
	sqlite3_stmt *s = store_prep(st, "UPDATE room_view SET activity = ?1, owner = ?2, "
		"state = ?3 WHERE id = 1", err);
	if (!s) {
		store_rollback(st);
		return MM_EDB;
	}
	sqlite3_bind_text(s, 1, activity ? activity : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, owner);
	sqlite3_bind_text(s, 3, state ? state : "", -1, SQLITE_TRANSIENT);
	int src = sqlite3_step(s);
	sqlite3_finalize(s);
	if (src != SQLITE_DONE) {
		rc = db_fail(st, err, M_DB_SAVE_ROOM);
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

void room_view_free(room_view *v)
{
	free(v->state);
	v->state = NULL;
}

mm_status store_room_toggle_pause(store *st, int64_t now, mm_error *err)
{
	mm_status rc = facilitator_only(st, err);
	if (rc != MM_OK)
		return rc;
	if ((rc = store_begin(st, err)) != MM_OK)
		return rc;
	sqlite3_stmt *s = store_prep(st,
		"UPDATE room SET "
		"  paused_total = CASE WHEN paused_at > 0 THEN paused_total + (?1 - paused_at) "
		"                 ELSE paused_total END,"
		"  paused_at = CASE WHEN paused_at > 0 THEN 0 ELSE ?1 END "
		"WHERE id = 1 AND session <> ''", err);
	if (!s) {
		store_rollback(st);
		return MM_EDB;
	}
	sqlite3_bind_int64(s, 1, now);
	int src = sqlite3_step(s);
	sqlite3_finalize(s);
	if (src != SQLITE_DONE) {
		rc = db_fail(st, err, M_DB_PAUSE);
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

/* One statement that changes the room, in its own transaction. */
static mm_status room_exec(store *st, sqlite3_stmt *s, msg_id what, mm_error *err)
{
	mm_status rc = store_begin(st, err);
	if (rc != MM_OK) {
		sqlite3_finalize(s);
		return rc;
	}
	int src = sqlite3_step(s);
	sqlite3_finalize(s);
	if (src != SQLITE_DONE) {
		rc = db_fail(st, err, what);
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

mm_status store_room_set_message(store *st, const char *text, mm_error *err)
{
	mm_status rc = facilitator_only(st, err);
	if (rc != MM_OK)
		return rc;
	if (!text)
		text = "";
	if (strlen(text) > ROOM_MESSAGE_MAX)
		return mm_fail(err, MM_EUSER, "%s", tr(M_ROOM_MESSAGE_TOO_LONG));
	sqlite3_stmt *s = store_prep(st, "UPDATE room SET message = ?1 WHERE id = 1", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, text, -1, SQLITE_TRANSIENT);
	return room_exec(st, s, M_DB_SAVE_ROOM, err);
}

mm_status store_activity_lock(store *st, const char *activity, bool locked, mm_error *err)
{
	mm_status rc = facilitator_only(st, err);
	if (rc != MM_OK)
		return rc;
	sqlite3_stmt *s = store_prep(st, locked
		? "INSERT OR IGNORE INTO room_lock(activity) VALUES (?1)"
		: "DELETE FROM room_lock WHERE activity = ?1", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, activity, -1, SQLITE_TRANSIENT);
	return room_exec(st, s, M_DB_SAVE_ROOM, err);
}

mm_status store_activity_locked(store *st, const char *activity, bool *locked,
	mm_error *err)
{
	*locked = false;
	sqlite3_stmt *s = store_prep(st, "SELECT 1 FROM room_lock WHERE activity = ?1", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, activity ? activity : "", -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*locked = true;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	return store_step_error(st, rc, err);
}

int64_t room_elapsed(const room_state *r, int64_t now)
{
	if (!r->session[0] || !r->started_at)
		return 0;
	int64_t end = r->paused_at ? r->paused_at : now;
	int64_t e = end - r->started_at - r->paused_total;
	return e < 0 ? 0 : e;
}

int64_t room_activity_elapsed(const room_state *r, int64_t now)
{
	if (!r->activity[0])
		return 0;
	int64_t e = room_elapsed(r, now) - r->activity_base;
	return e < 0 ? 0 : e;
}

mm_status store_owners(store *st, int kind, int64_t group_filter, owner_info **out, int *n,
	mm_error *err)
{
	static const char *const sql[3][2] = {
		{"SELECT id, name FROM grp ORDER BY position, id",
		 "SELECT id, name FROM grp WHERE id = ?1"},
		{"SELECT id, name FROM company ORDER BY id",
		 "SELECT id, name FROM company WHERE grp_id = ?1 ORDER BY id"},
		{"SELECT id, name FROM person ORDER BY id",
		 "SELECT id, name FROM person WHERE grp_id = ?1 ORDER BY id"},
	};
	*out = NULL;
	*n = 0;
	if (kind < 0 || kind > 2)
		return mm_fail(err, MM_EUSER, "%s", tr(M_STORE_OWNER_KIND));
	sqlite3_stmt *s = store_prep(st, sql[kind][group_filter != 0], err);
	if (!s)
		return MM_EDB;
	if (group_filter)
		sqlite3_bind_int64(s, 1, group_filter);
	int cap = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		(*out)[*n].id = sqlite3_column_int64(s, 0);
		(*out)[*n].name = store_col_text(s, 1);
		(*n)++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		owner_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return store_step_error(st, rc, err);
}

void owner_list_free(owner_info *o, int n)
{
	for (int k = 0; k < n; k++)
		free(o[k].name);
	free(o);
}

/* ---- drafts kept in memory, and in a file when the database is gone ---- */

static struct kept *keep_draft(store *st, const char *place, const char *text, int base)
{
	for (int k = 0; k < st->nkept; k++)
		if (strcmp(st->kept[k].place, place) == 0) {
			free(st->kept[k].text);
			st->kept[k].text = xstrdup(text);
			st->kept[k].base = base;
			return &st->kept[k];
		}
	st->kept = xrealloc(st->kept, (size_t)(st->nkept + 1) * sizeof *st->kept);
	struct kept *d = &st->kept[st->nkept++];
	*d = (struct kept){xstrdup(place), xstrdup(text), base, true};
	return d;
}

static void unkeep_draft(store *st, const char *place)
{
	for (int k = 0; k < st->nkept; k++)
		if (strcmp(st->kept[k].place, place) == 0) {
			free(st->kept[k].place);
			free(st->kept[k].text);
			st->kept[k] = st->kept[--st->nkept];
			return;
		}
}

bool store_draft_text(const store *st, int n, const char **place, const char **text)
{
	if (n < 0 || n >= st->nkept)
		return false;
	*place = st->kept[n].place;
	*text = st->kept[n].text;
	return true;
}

/* Writes every kept draft to FD; true when all of it was written. */
static bool write_drafts(store *st, int fd)
{
	buf b = {0};
	for (int k = 0; k < st->nkept; k++) {
		buf_puts(&b, "# ");
		buf_printf(&b, tr(M_STORE_DRAFT_HEADER), st->path, st->kept[k].place);
		buf_printf(&b, "\n%s\n\n", st->kept[k].text);
	}
	const char *p = buf_str(&b);
	size_t left = b.len;
	bool ok = true;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ok = false;
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	buf_free(&b);
	if (fsync(fd) != 0 && errno != EINVAL)
		ok = false;
	return ok;
}

/* A new file mamori-draft-WHO-TIME[-N].txt in DIR, mode 0600: its fd, or -1
 * with errno. Its path goes to *PATH (malloc'd). */
static int new_draft_file(store *st, const char *dir, char **path)
{
	buf who = {0};
	const char *name = st->role == ROLE_GROUP && st->group_name ? st->group_name
		: st->role == ROLE_PRESENTER ? "presenter" : "facilitator";
	/* a group's name is anyone's text: only what is safe in a file name */
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		buf_putc(&who, (*c >= 0x80 || (*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z')
			|| (*c >= 'A' && *c <= 'Z') || *c == '-' || *c == '_') ? (char)*c : '_');
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	int fd = -1;
	for (int n = 0; n < 100 && fd < 0; n++) {
		buf p = {0};
		buf_printf(&p, "%s/mamori-draft-%s-%s", dir, buf_str(&who), stamp);
		if (n)
			buf_printf(&p, "-%d", n);
		buf_puts(&p, ".txt");
		fd = open(buf_str(&p), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			*path = xstrdup(buf_str(&p));
		buf_free(&p);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	buf_free(&who);
	return fd;
}

mm_status store_rescue_drafts(store *st, const char **path, mm_error *err)
{
	*path = NULL;
	if (st->nkept == 0)
		return MM_OK;
	int fd = -1;
	int first_errno = 0;
	if (st->draft_file) {
		fd = open(st->draft_file, O_WRONLY | O_TRUNC | O_CLOEXEC);
		if (fd < 0)
			first_errno = errno;
	} else {
		/* beside where the database was; else the home directory */
		char *dir = dir_of(st->path);
		fd = new_draft_file(st, dir, &st->draft_file);
		free(dir);
		if (fd < 0) {
			first_errno = errno;
			const char *home = getenv("HOME");
			if (home && *home)
				fd = new_draft_file(st, home, &st->draft_file);
		}
	}
	if (fd < 0)
		return mm_fail(err, MM_EIO, "%s", strerror(first_errno ? first_errno : errno));
	bool ok = write_drafts(st, fd);
	int e = errno;
	if (close(fd) != 0)
		ok = false;
	if (!ok)
		return mm_fail(err, MM_EIO, "%s", strerror(e));
	*path = st->draft_file;
	return MM_OK;
}

/* The statement that keeps one draft (WHO's, typed at PLACE by process PID);
 * NULL with ERR set when it cannot be prepared. */
static sqlite3_stmt *draft_insert(store *st, const char *who, const char *place, int64_t pid,
	int base, const char *text, mm_error *err)
{
	sqlite3_stmt *s = store_prep(st, "INSERT INTO draft(who, place, pid, base, text, at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(who, place, pid) DO UPDATE SET "
		"text = excluded.text, base = excluded.base, at = excluded.at", err);
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, who, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, place, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)pid);
	sqlite3_bind_int(s, 4, base);
	sqlite3_bind_text(s, 5, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 6, store_now());
	return s;
}

/* One draft into the draft table, waiting at most WAIT_MS for a writer. */
static mm_status put_draft(store *st, const struct kept *d, int wait_ms, mm_error *err)
{
	sqlite3_stmt *s = draft_insert(st, buf_str(&st->who), d->place, getpid(), d->base,
		d->text, err);
	if (!s)
		return MM_EDB;
	/* a draft is kept while typing: it never makes the keyboard wait the
	 * whole busy timeout behind another process's write (the text stays in
	 * memory, and store_drafts_park puts it in a file at a hangup) */
	int was = st->busy_ms;
	st->busy_ms = wait_ms;
	mm_status rc = insert_one(st, s, NULL, err, M_DB_KEEP_DRAFT);
	st->busy_ms = was;
	return rc;
}

mm_status store_draft_save(store *st, const char *place, const char *text, int base,
	mm_error *err)
{
	if (st->readonly || st->role == ROLE_PRESENTER)
		return MM_OK; /* nothing can have been typed */
	struct kept *d = keep_draft(st, place, text, base);
	if (store_gone(st)) {
		const char *path;
		return store_rescue_drafts(st, &path, err);
	}
	mm_status rc = put_draft(st, d, DRAFT_BUSY_MS, err);
	if (rc != MM_OK && st->gone) { /* it went while this was being written */
		const char *path;
		return store_rescue_drafts(st, &path, err);
	}
	/* keep_draft may have moved the array: find it again */
	for (int k = 0; k < st->nkept; k++)
		if (strcmp(st->kept[k].place, place) == 0)
			st->kept[k].unsaved = rc != MM_OK;
	return rc;
}

/* ---- drafts parked in a file -------------------------------------------- */
/* When the connection drops while another process holds the write lock, the
 * drafts this terminal could not put in the database go to a file beside it,
 * DB.drafts-PID (mode 0600, JSON); the next terminal that opens the database
 * for writing puts them in the draft table, where the editor offers them
 * back, and removes the file. */

static void parked_name(const store *st, long pid, char *out, size_t n)
{
	snprintf(out, n, "%s.drafts-%ld", st->path, pid);
}

mm_status store_drafts_park(store *st, const char **path, mm_error *err)
{
	*path = NULL;
	if (st->readonly || st->role == ROLE_PRESENTER || st->gone)
		return MM_OK;
	cJSON *list = cJSON_CreateArray();
	int left = 0;
	for (int k = 0; k < st->nkept; k++) {
		struct kept *d = &st->kept[k];
		if (!d->unsaved)
			continue;
		if (put_draft(st, d, PARK_BUSY_MS, NULL) == MM_OK) {
			d->unsaved = false;
			continue;
		}
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "place", d->place);
		cJSON_AddNumberToObject(o, "base", d->base);
		cJSON_AddStringToObject(o, "text", d->text);
		cJSON_AddItemToArray(list, o);
		left++;
	}
	mm_status rc = MM_OK;
	if (left) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "who", buf_str(&st->who));
		cJSON_AddNumberToObject(doc, "pid", (double)getpid());
		cJSON_AddItemToObject(doc, "drafts", list);
		list = NULL;
		char *text = cJSON_PrintUnformatted(doc);
		cJSON_Delete(doc);
		char name[PATH_MAX + 32];
		parked_name(st, (long)getpid(), name, sizeof name);
		if (text && outfile_write(name, text, strlen(text), OUTFILE_FORCE | OUTFILE_PRIVATE,
			st->path, NULL) == MM_OK) {
			free(st->draft_file);
			st->draft_file = xstrdup(name);
			*path = st->draft_file;
		} else {
			/* beside the database is not possible: a text file, else stderr */
			rc = store_rescue_drafts(st, path, err);
		}
		cJSON_free(text);
	}
	cJSON_Delete(list);
	return rc;
}

static bool draft_owner_alive(int64_t pid);

/* Puts the parked drafts of terminals that are gone into the draft table;
 * a file is removed only once its drafts are in. Errors leave it for the
 * next start. */
static void adopt_parked_drafts(store *st)
{
	if (st->readonly || st->gone)
		return;
	char *dir = dir_of(st->path);
	const char *base = strrchr(st->path, '/') ? strrchr(st->path, '/') + 1 : st->path;
	char prefix[PATH_MAX];
	snprintf(prefix, sizeof prefix, "%s.drafts-", base);
	size_t plen = strlen(prefix);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, plen) != 0)
			continue;
		char *end;
		long pid = strtol(e->d_name + plen, &end, 10);
		if (*end || pid <= 0 || draft_owner_alive(pid))
			continue; /* a .tmp being written, or its terminal still runs */
		char name[PATH_MAX + 32];
		parked_name(st, pid, name, sizeof name);
		size_t n;
		char *text = file_read_all(name, (size_t)64 << 20, &n);
		cJSON *doc = text ? cJSON_ParseWithLength(text, n) : NULL;
		free(text);
		const cJSON *who = cJSON_GetObjectItemCaseSensitive(doc, "who");
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "drafts");
		bool ok = cJSON_IsString(who) && cJSON_IsArray(list)
			&& store_begin(st, NULL) == MM_OK;
		const cJSON *it;
		const cJSON *todo = ok ? list : NULL;
		cJSON_ArrayForEach(it, todo) {
			const cJSON *place = cJSON_GetObjectItemCaseSensitive(it, "place");
			const cJSON *bv = cJSON_GetObjectItemCaseSensitive(it, "base");
			const cJSON *tv = cJSON_GetObjectItemCaseSensitive(it, "text");
			if (!cJSON_IsString(place) || !cJSON_IsNumber(bv) || !cJSON_IsString(tv))
				continue;
			sqlite3_stmt *s = draft_insert(st, who->valuestring, place->valuestring, pid,
				(int)bv->valuedouble, tv->valuestring, NULL);
			if (!s) {
				ok = false;
				break;
			}
			if (sqlite3_step(s) != SQLITE_DONE)
				ok = false;
			sqlite3_finalize(s);
			if (!ok)
				break;
		}
		if (cJSON_IsString(who) && cJSON_IsArray(list)) {
			if (ok && store_commit(st, NULL) == MM_OK)
				unlink(name);
			else if (!ok)
				store_rollback(st);
		}
		cJSON_Delete(doc);
	}
	if (d)
		closedir(d);
	free(dir);
}

/* Is the terminal that kept a draft still running? All terminals of a
 * workshop run on the machine that holds its file. */
static bool draft_owner_alive(int64_t pid)
{
	if (pid <= 0 || pid == (int64_t)getpid())
		return false;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

mm_status store_draft_take(store *st, const char *prefix, char **place, char **text,
	int *base, mm_error *err)
{
	*place = *text = NULL;
	if (base)
		*base = -1;
	sqlite3_stmt *s = store_prep(st, "SELECT place, text, base, pid FROM draft WHERE who = ?1 AND "
		"substr(place, 1, length(?2)) = ?2 ORDER BY at DESC", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, buf_str(&st->who), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, prefix, -1, SQLITE_TRANSIENT);
	int64_t pid = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pid = sqlite3_column_int64(s, 3);
		if (draft_owner_alive(pid))
			continue; /* another live terminal is typing it */
		*place = store_col_text(s, 0);
		*text = store_col_text(s, 1);
		if (base)
			*base = sqlite3_column_int(s, 2);
		break;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_step_error(st, rc, err);
	if (!*place || st->readonly)
		return MM_OK;
	sqlite3_stmt *d = store_prep(st, "DELETE FROM draft WHERE who = ?1 AND place = ?2 AND pid = ?3",
		err);
	if (!d)
		return MM_EDB;
	sqlite3_bind_text(d, 1, buf_str(&st->who), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(d, 2, *place, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(d, 3, pid);
	return insert_one(st, d, NULL, err, M_DB_DROP_DRAFT);
}

mm_status store_draft_drop(store *st, const char *place, mm_error *err)
{
	if (st->readonly || st->role == ROLE_PRESENTER)
		return MM_OK;
	unkeep_draft(st, place);
	if (st->gone)
		return MM_OK; /* a draft file already written keeps it: no harm */
	sqlite3_stmt *s = store_prep(st, "DELETE FROM draft WHERE who = ?1 AND place = ?2 AND pid = ?3",
		err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, buf_str(&st->who), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, place, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)getpid());
	return insert_one(st, s, NULL, err, M_DB_DROP_DRAFT);
}

/* ---- the roster, one name or group at a time ------------------------- */

static const char *const group_of_sql[3] = {
	"SELECT id FROM grp WHERE id = ?1",
	"SELECT grp_id FROM company WHERE id = ?1",
	"SELECT grp_id FROM person WHERE id = ?1",
};

mm_status store_owner_group(store *st, int kind, int64_t owner, int64_t *group, mm_error *err)
{
	*group = 0;
	if (kind < 0 || kind > 2)
		return mm_fail(err, MM_EUSER, "%s", tr(M_STORE_OWNER_KIND));
	sqlite3_stmt *q = store_prep(st, group_of_sql[kind], err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, owner);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*group = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return MM_OK;
	if (rc == SQLITE_DONE)
		return mm_fail(err, MM_ENOTFOUND, "%s", tr(M_ERR_NO_OWNER));
	return store_step_error(st, rc, err);
}

mm_status store_find(store *st, int kind, const char *name, int64_t company, int64_t *id,
	mm_error *err)
{
	static const char *const sql[3] = {
		"SELECT id FROM grp WHERE name = ?1",
		"SELECT id FROM company WHERE name = ?1",
		"SELECT id FROM person WHERE name = ?1 AND company_id = ?2",
	};
	*id = 0;
	if (kind < 0 || kind > 2)
		return mm_fail(err, MM_EUSER, "%s", tr(M_STORE_OWNER_KIND));
	sqlite3_stmt *q = store_prep(st, sql[kind], err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	if (kind == 2)
		sqlite3_bind_int64(q, 2, company);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(q);
	return store_step_error(st, rc, err);
}

char *store_name_of(store *st, int kind, int64_t id)
{
	static const char *const sql[3] = {
		"SELECT name FROM grp WHERE id = ?1",
		"SELECT name FROM company WHERE id = ?1",
		"SELECT name FROM person WHERE id = ?1",
	};
	sqlite3_stmt *q = kind >= 0 && kind <= 2 ? store_prep(st, sql[kind], NULL) : NULL;
	if (!q)
		return xstrdup("");
	sqlite3_bind_int64(q, 1, id);
	char *name = sqlite3_step(q) == SQLITE_ROW ? store_col_text(q, 0) : xstrdup("");
	sqlite3_finalize(q);
	return name;
}

mm_status store_companies(store *st, int64_t except_group, company_info **out, int *n,
	mm_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q = store_prep(st, "SELECT c.id, c.name, g.id, g.name FROM company c "
		"JOIN grp g ON g.id = c.grp_id WHERE c.grp_id <> ?1 "
		"ORDER BY g.position, g.id, c.id", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, except_group);
	int cap = 0, rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		company_info *c = &(*out)[(*n)++];
		c->id = sqlite3_column_int64(q, 0);
		c->name = store_col_text(q, 1);
		c->group_id = sqlite3_column_int64(q, 2);
		c->group_name = store_col_text(q, 3);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		company_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return store_step_error(st, rc, err);
}

void company_list_free(company_info *c, int n)
{
	for (int k = 0; k < n; k++) {
		free(c[k].name);
		free(c[k].group_name);
	}
	free(c);
}

/* ---- drill runs ---------------------------------------------------------- */

mm_status store_drill_events(store *st, const char *activity, drill_event_fn fn, void *ctx,
	mm_error *err)
{
	sqlite3_stmt *s = store_prep(st, "SELECT id, at, op, inject, grp, expect, value, text "
		"FROM drill_event WHERE activity = ?1 ORDER BY id", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, activity, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(ctx, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
			(const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3),
			sqlite3_column_int64(s, 4), (const char *)sqlite3_column_text(s, 5),
			sqlite3_column_int(s, 6), (const char *)sqlite3_column_text(s, 7));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_step_error(st, rc, err);
	return MM_OK;
}

mm_status store_drill_event_add(store *st, const char *activity, int64_t at, const char *op,
	const char *inject, int64_t group, const char *expect, int value, const char *text,
	mm_error *err)
{
	if (st->readonly)
		return mm_fail(err, MM_EREADONLY, "%s", tr(M_STORE_READONLY));
	if (st->role != ROLE_FACILITATOR)
		return mm_fail(err, MM_EDENIED, "%s", tr(M_DRILL_ONLY_FACILITATOR));
	sqlite3_stmt *s = store_prep(st, "INSERT INTO drill_event(activity, at, op, inject, grp, expect, "
		"value, text, who) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
	if (!s)
		return MM_EDB;
	sqlite3_bind_text(s, 1, activity, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_text(s, 3, op, -1, SQLITE_TRANSIENT);
	if (inject)
		sqlite3_bind_text(s, 4, inject, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 5, group);
	if (expect)
		sqlite3_bind_text(s, 6, expect, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 7, value);
	if (text)
		sqlite3_bind_text(s, 8, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 9, buf_str(&st->who), -1, SQLITE_TRANSIENT);
	return insert_one(st, s, NULL, err, M_DB_DRILL_EVENT);
}

int64_t store_drill_last(store *st)
{
	sqlite3_stmt *s = store_prep(st, "SELECT COALESCE(MAX(id), 0) FROM drill_event", NULL);
	if (!s)
		return 0;
	int64_t id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return id;
}

/* ---- private sheets held by this terminal ---- */

void store_hold(store *st, const char *activity, int64_t person)
{
	if (store_holds(st, activity, person))
		return;
	st->held = xrealloc(st->held, (size_t)(st->nheld + 1) * sizeof *st->held);
	st->held[st->nheld].activity = xstrdup(activity);
	st->held[st->nheld].person = person;
	st->nheld++;
}

bool store_holds(const store *st, const char *activity, int64_t person)
{
	for (int k = 0; k < st->nheld; k++)
		if (st->held[k].person == person && strcmp(st->held[k].activity, activity) == 0)
			return true;
	return false;
}

void store_release_all(store *st)
{
	for (int k = 0; k < st->nheld; k++)
		free(st->held[k].activity);
	free(st->held);
	st->held = NULL;
	st->nheld = 0;
}
