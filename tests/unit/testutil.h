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

struct scenario;
struct table_def;
/* Loads and validates a scenario file (data files read beside it); fails the
 * test with the errors if it is not valid. TEXT (may be NULL) gets the text
 * a workshop would store. */
struct scenario *tu_load_scenario(const char *path, char **text);
/* The table definition of activity ID; fails the test if there is none. */
/* The one number a SELECT of one row and column gives (asserted to succeed). */
struct store;
long long tu_count(struct store *st, const char *sql);

const struct table_def *tu_table_of(const struct scenario *sc, const char *id);
/* A workshop of the bundled program in TMPDIR/NAME with GROUPS groups and,
 * unless ROSTER is NULL, that roster CSV: the open store; *SC the parsed
 * program and *TEXT its text (the caller frees them). Fails the test on
 * any error. */
struct store *tu_bundled_workshop(const char *name, int groups, const char *roster,
	struct scenario **sc, char **text);

#endif
