/* outfile.c — writing a file the user asked for: atomically, and never over
 * the workshop or another SQLite file (see outfile.h). */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

static bool same_file(const struct stat *a, const char *path)
{
	struct stat b;
	return stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* Is ST (of PATH) the database PROTECT or one of the files SQLite keeps
 * beside it? */
static bool is_protected(const struct stat *st, const char *protect)
{
	if (!protect)
		return false;
	if (same_file(st, protect))
		return true;
	static const char *const sides[] = {"-wal", "-shm", "-journal"};
	bool hit = false;
	buf side = {0};
	for (size_t k = 0; k < sizeof sides / sizeof sides[0] && !hit; k++) {
		buf_clear(&side);
		buf_printf(&side, "%s%s", protect, sides[k]);
		hit = same_file(st, buf_str(&side));
	}
	buf_free(&side);
	return hit;
}

/* Does the file at PATH start as an SQLite database or its write-ahead log? */
static bool looks_sqlite(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return false;
	unsigned char head[16];
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	if (n == 16 && memcmp(head, "SQLite format 3", 16) == 0)
		return true;
	/* a WAL file: magic 0x377f0682 or 0x377f0683, big-endian */
	return n >= 4 && head[0] == 0x37 && head[1] == 0x7f && head[2] == 0x06
		&& (head[3] == 0x82 || head[3] == 0x83);
}

static mm_status io_fail(mm_error *err, const char *path, int e)
{
	return mm_fail(err, MM_EIO, tr(M_OUT_CANNOT_WRITE), path, strerror(e));
}

/* Writes everything to FD; false with errno set when it could not. */
static bool write_all(int fd, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return false;
		}
		data += w;
		n -= (size_t)w;
	}
	return true;
}

/* DATA into a new temporary file beside PATH with MODE; its name in TMP. */
static mm_status write_temp(const char *path, const char *data, size_t n, mode_t mode,
	buf *tmp, mm_error *err)
{
	buf_clear(tmp);
	buf_printf(tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp->s);
	if (fd < 0)
		return io_fail(err, path, errno);
	bool ok = fchmod(fd, mode) == 0 && write_all(fd, data, n) && fsync(fd) == 0;
	int e = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		unlink(tmp->s);
		return io_fail(err, path, e);
	}
	return MM_OK;
}

static mode_t new_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* Puts TMP in the place of PATH; with NOREPLACE only if PATH does not exist
 * (then *TAKEN tells that it did). */
static int put_in_place(const char *tmp, const char *path, bool noreplace, bool *taken)
{
	*taken = false;
	if (!noreplace)
		return rename(tmp, path);
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno == EEXIST) {
		*taken = true;
		return -1;
	}
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	/* a file system without renameat2: a hard link never replaces either */
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return 0;
	}
	*taken = errno == EEXIST;
	return -1;
}

/* Writes straight to an existing device or pipe (nothing to keep whole). */
static mm_status write_device(const char *path, const char *data, size_t n, mm_error *err)
{
	int fd = open(path, O_WRONLY | O_NOCTTY);
	if (fd < 0)
		return io_fail(err, path, errno);
	bool ok = write_all(fd, data, n);
	int e = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	return ok ? MM_OK : io_fail(err, path, e);
}

/* Is PATH, which does not exist, the name of a file SQLite would keep beside
 * PROTECT (its -wal, -shm or -journal, in the same directory)? */
static bool names_side_file(const char *path, const char *protect)
{
	if (!protect)
		return false;
	const char *pb = strrchr(path, '/'), *db = strrchr(protect, '/');
	const char *pbase = pb ? pb + 1 : path, *dbase = db ? db + 1 : protect;
	size_t dn = strlen(dbase);
	if (strncmp(pbase, dbase, dn) != 0 || (strcmp(pbase + dn, "-wal") != 0
			&& strcmp(pbase + dn, "-shm") != 0 && strcmp(pbase + dn, "-journal") != 0))
		return false;
	buf pdir = {0}, ddir = {0};
	buf_append(&pdir, path, pb ? (size_t)(pb - path) + 1 : 0);
	buf_append(&ddir, protect, db ? (size_t)(db - protect) + 1 : 0);
	struct stat a, b;
	bool same = stat(pdir.len ? buf_str(&pdir) : ".", &a) == 0
		&& stat(ddir.len ? buf_str(&ddir) : ".", &b) == 0 && a.st_dev == b.st_dev
		&& a.st_ino == b.st_ino;
	buf_free(&pdir);
	buf_free(&ddir);
	return same;
}

mm_status outfile_write(const char *path, const char *data, size_t n, int flags,
	const char *protect, mm_error *err)
{
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (!exists && errno != ENOENT)
		return io_fail(err, path, errno);
	if (!exists && names_side_file(path, protect))
		return mm_fail(err, MM_EUSER, tr(M_OUT_IS_DB), path);
	mode_t mode = flags & OUTFILE_PRIVATE ? 0600 : new_mode();
	if (exists) {
		if (is_protected(&st, protect))
			return mm_fail(err, MM_EUSER, tr(M_OUT_IS_DB), path);
		if (S_ISDIR(st.st_mode))
			return mm_fail(err, MM_EUSER, tr(M_OUT_IS_DIR), path);
		if (!S_ISREG(st.st_mode))
			return write_device(path, data, n, err);
		if (looks_sqlite(path))
			return mm_fail(err, MM_EUSER, tr(M_OUT_IS_SQLITE), path);
		if (!(flags & OUTFILE_FORCE))
			return mm_fail(err, MM_EUSER, tr(M_OUT_EXISTS), path);
		mode = st.st_mode & 07777;
	}
	buf tmp = {0};
	mm_status rc = write_temp(path, data, n, mode, &tmp, err);
	if (rc == MM_OK) {
		bool taken;
		if (put_in_place(buf_str(&tmp), path, !exists, &taken) != 0) {
			int e = errno;
			unlink(buf_str(&tmp));
			rc = taken ? mm_fail(err, MM_EUSER, tr(M_OUT_EXISTS), path)
				: io_fail(err, path, e);
		}
	}
	buf_free(&tmp);
	return rc;
}

mm_status outfile_write_new(const char *stem, const char *ext, const char *data, size_t n,
	buf *path, mm_error *err)
{
	buf tmp = {0};
	mm_status rc = MM_OK;
	bool placed = false;
	for (int k = 1; k < 100 && rc == MM_OK && !placed; k++) {
		buf_clear(path);
		if (k == 1)
			buf_printf(path, "%s.%s", stem, ext);
		else
			buf_printf(path, "%s-%d.%s", stem, k, ext);
		struct stat st;
		if (lstat(buf_str(path), &st) == 0)
			continue;
		if (!tmp.len)
			rc = write_temp(buf_str(path), data, n, new_mode(), &tmp, err);
		bool taken = false;
		if (rc == MM_OK && put_in_place(buf_str(&tmp), buf_str(path), true, &taken) == 0)
			placed = true;
		else if (rc == MM_OK && !taken)
			rc = io_fail(err, buf_str(path), errno);
	}
	if (!placed && tmp.len)
		unlink(buf_str(&tmp));
	if (rc == MM_OK && !placed)
		rc = mm_fail(err, MM_EUSER, tr(M_OUT_NO_FREE_NAME), stem, ext);
	buf_free(&tmp);
	return rc;
}
