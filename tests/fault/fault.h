/* fault.h — the fault catalogue: one table of "this input or fault → this
 * one-line message → the database is unchanged".
 *
 * Each case runs in a fresh temporary directory. setup() prepares files there
 * (most call fault_init to make a workshop in env->db); then the command in
 * argv runs the real mamori binary with MAMORI_LANG=en (or run() does
 * something else, e.g. drive a terminal). The driver (fault.c) checks, in
 * this order:
 *   - the exit status is `exit_code`;
 *   - stderr holds `message` (a substring) and, when exit_code != 0, is one
 *     line and contains no ESC byte;
 *   - with `unchanged`, the database's fingerprint (every table's rows, and
 *     their count) is the same before and after;
 *   - check(), when given, returns NULL.
 * Cases live in one file per area (cases_*.c), each a list ending with an
 * entry whose name is NULL; fault.c lists the files. */
#ifndef MAMORI_FAULT_H
#define MAMORI_FAULT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct fault_env {
	const char *mamori;   /* the binary under test */
	char dir[PATH_MAX];   /* a fresh, empty, private directory */
	char db[PATH_MAX + 16]; /* dir/ws.db: where fault_init puts the workshop */
	/* what the command did (filled by the driver, or by run()) */
	int exit_code;
	char *out;            /* stdout, NUL-terminated (malloc'd) */
	char *err;            /* stderr, NUL-terminated (malloc'd) */
} fault_env;

typedef struct fault_case {
	const char *name;     /* "export-out-over-db" */
	const char *defect;   /* where it comes from: "10.2", "load", … */
	int (*setup)(fault_env *env);           /* 0 or -1 (then the case fails) */
	/* the command after "mamori"; "{db}" and "{dir}" in an argument expand */
	const char *argv[24];
	const char *stdin_text;                 /* NULL: /dev/null */
	/* instead of argv: does the whole run, fills env->exit_code/out/err */
	int (*run)(fault_env *env);
	int exit_code;
	const char *message;  /* substring of stderr; NULL: not checked */
	bool unchanged;       /* the database is unchanged (fingerprint) */
	const char *(*check)(fault_env *env);   /* NULL or why it is wrong */
} fault_case;

/* Helpers for setups and checks (fault.c). */
/* mamori init --db env->db [--scenario SCENARIO]; SCENARIO relative to the
 * source tree (e.g. "tests/fixtures/tables/x.json") or NULL for the bundled
 * program; 0 on success. */
int fault_init(fault_env *env, const char *scenario);
/* Writes TEXT to dir/NAME; 0 on success. */
int fault_write(fault_env *env, const char *name, const char *text);
/* Writes N bytes. */
int fault_write_bytes(fault_env *env, const char *name, const void *data, size_t n);
/* Runs mamori with ARGV (NULL-terminated, expanded as above); fills
 * env->exit_code/out/err (freeing earlier ones); returns the exit code. */
int fault_mamori(fault_env *env, const char *const *argv);
/* The same, with IN_CHILD(CTX) run in the child just before exec (giving up
 * root, a file-size limit); when it returns false the child exits 126. */
int fault_mamori_with(fault_env *env, const char *const *argv, bool (*in_child)(void *),
	void *ctx);
/* An absolute path under the source tree (static storage, one at a time). */
const char *fault_source(const char *rel);
/* Runs SQL (trusted test text) on env->db through its own connection;
 * 0 on success. For setups that need a state no command makes. */
int fault_sql(fault_env *env, const char *sql);
/* One value: the first column of the first row of SQL as an integer (-1 on
 * error). */
long long fault_sql_int(fault_env *env, const char *sql);

extern const fault_case fault_cases_cli[];      /* main.c, output files, escaping */
extern const fault_case fault_cases_import[];   /* CSV, import, roster */
extern const fault_case fault_cases_store[];    /* the database file itself */
extern const fault_case fault_cases_scenario[]; /* scenario files, formulas */
extern const fault_case fault_cases_archive[];  /* a whole workshop in one file */
extern const fault_case fault_cases_upgrade[];  /* mamori upgrade refused */

#endif
