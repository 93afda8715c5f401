/* status.h — how core reports success and failure.
 * Every core function that can fail returns an mm_status and fills an
 * mm_error with a one-line, user-readable message. core never prints. */
#ifndef MAMORI_STATUS_H
#define MAMORI_STATUS_H

#include <stddef.h>

typedef enum mm_status {
	MM_OK = 0,
	MM_EUSER,     /* bad input from the user: file, value, option */
	MM_EIO,       /* a file could not be read or written */
	MM_EDB,       /* the database refused or failed */
	MM_EDENIED,   /* this terminal may not write there */
	MM_ECONFLICT, /* someone else changed it meanwhile */
	MM_ENOTFOUND, /* no such thing */
	MM_EREADONLY, /* the database is open read-only */
} mm_status;

typedef struct mm_error {
	mm_status code;
	char msg[512];
} mm_error;

/* Records CODE and a printf-style message in E (E may be NULL); returns CODE. */
mm_status mm_fail(mm_error *e, mm_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Like mm_fail, the message starting with where in a file it is: LINE, then
 * column COL (0: none) and its name COLNAME (NULL: none), in the current
 * language ("line 3, column 2 (名称): ..."). */
mm_status mm_fail_at(mm_error *e, mm_status code, int line, size_t col, const char *colname,
	const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void mm_error_clear(mm_error *e);

#endif
