/* buf.h — a growable byte buffer, always NUL-terminated, and xmalloc helpers
 * that abort on out-of-memory (there is nothing sensible to do then). */
#ifndef MAMORI_BUF_H
#define MAMORI_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *s;     /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
} buf;

void buf_append(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_clear(buf *b);           /* empties, keeps the memory */
void buf_free(buf *b);            /* frees, leaves an empty buffer */
char *buf_steal(buf *b);          /* returns the string (never NULL), leaves b empty */
const char *buf_str(const buf *b); /* "" when empty */

/* The whole file at PATH (NUL-terminated; *N its length), or NULL with errno
 * set. At most MAX bytes: a larger file gives NULL with errno EFBIG. */
char *file_read_all(const char *path, size_t max, size_t *n);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
