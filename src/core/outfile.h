/* outfile.h — the one way mamori writes a file the user asked for (an
 * export, a report, a list of codes): never over the workshop database or
 * any SQLite file, never over an existing file unless asked to, and never
 * half: the data goes to a temporary file beside the target, which is then
 * renamed over it, so a reader sees the old file or the whole new one. */
#ifndef MAMORI_OUTFILE_H
#define MAMORI_OUTFILE_H

#include <stddef.h>

#include "buf.h"
#include "status.h"

enum {
	OUTFILE_FORCE = 1,   /* an existing (non-SQLite) file may be replaced */
	OUTFILE_PRIVATE = 2, /* a new file gets mode 0600 (typed text kept aside) */
};

/* Writes N bytes of DATA to PATH. PROTECT (may be NULL) is the workshop
 * database: PATH may not be it, nor its -wal, -shm or -journal file, by
 * device and inode (a link or another name for it is refused too). An
 * existing file that starts as an SQLite database is refused even with
 * OUTFILE_FORCE; any other existing file needs OUTFILE_FORCE. A terminal,
 * pipe or other device (/dev/null, /dev/stdout) is written directly. A new
 * file gets mode 0666 less the umask; a replaced one keeps its mode.
 * MM_EUSER or MM_EIO with a one-line message naming PATH. */
mm_status outfile_write(const char *path, const char *data, size_t n, int flags,
	const char *protect, mm_error *err);

/* Writes DATA to the first name of STEM.EXT, STEM-2.EXT, ... STEM-99.EXT
 * that does not exist yet (atomically as above; a name taken meanwhile is
 * never replaced); the name used is left in PATH. */
mm_status outfile_write_new(const char *stem, const char *ext, const char *data, size_t n,
	buf *path, mm_error *err);

#endif
