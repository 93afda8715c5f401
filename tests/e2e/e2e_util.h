/* e2e_util.h — helpers the end-to-end tests share: mamori run without a
 * terminal, and the RFC 4180 records of its CSV exports. */
#ifndef MAMORI_E2E_UTIL_H
#define MAMORI_E2E_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* fields[r][c]: quoted fields may hold , " and line breaks; every field is a
 * malloc'd string. */
typedef struct {
    char ***rec;
    int *nf;
    int nrec;
} csv_t;

csv_t csv_parse(const char *s);
void csv_free(csv_t *c);
/* Data row ROW (1-based) under the header TITLE; NULL if none. */
const char *csv_cell(const csv_t *c, int row, const char *title);
int csv_rows(const csv_t *c);
/* How many data rows have WANT under TITLE. */
int csv_count(const csv_t *c, const char *title, const char *want);

/* Appends N bytes at P to the malloc'd, NUL-terminated *BUF of *LEN. */
void e2e_append(char **buf, size_t *len, const char *p, size_t n);

/* MAMORI_BIN (the test is skipped without it). */
const char *mamori_bin(void);
typedef struct {
    int status;     /* exit status, 128 + signal, -1 timed out / not run */
    char *out;      /* stdout, NUL-terminated */
    char *err;      /* stderr */
} run_result;
void run_free(run_result *r);
/* mamori ARGS... (NULL-terminated) without a terminal: stdin /dev/null,
 * stdout and stderr captured; killed if it runs past the deadline. */
run_result run_mamori(const char *const args[]);
/* The same, with IN_CHILD run in the child just before exec (e.g. giving up
 * root); when it returns false the child exits 126. */
run_result run_mamori_as(bool (*in_child)(void), const char *const args[]);

/* mamori --db DB [--group G] --open ACTIVITY --lang ja in a ROWS x COLS
 * pseudo-terminal (the test fails if it cannot start). */
struct vt;
struct vt *e2e_open(const char *db, const char *group, const char *activity, int rows,
                    int cols);

#endif
