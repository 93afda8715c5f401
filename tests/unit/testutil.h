/* testutil.h — shared helpers for the unit tests. */
#ifndef MAMORI_TESTUTIL_H
#define MAMORI_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* A fresh temporary directory for one test; removed by tu_cleanup(). */
const char *tu_tmpdir(void);
/* TMPDIR/NAME in a static buffer (valid until the next call). */
const char *tu_path(const char *name);
void tu_cleanup(void);
/* Writes DATA to PATH; returns 0 on success. */
int tu_write_file(const char *path, const char *data, size_t n);
/* Reads a whole file (NUL-terminated, caller frees), NULL if absent. */
char *tu_read_file(const char *path, size_t *n);

#endif
