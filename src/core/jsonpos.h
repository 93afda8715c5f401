/* jsonpos.h — a strict JSON scanner that remembers where every value is.
 * cJSON builds the tree but keeps no positions; this pass checks syntax with
 * exact line:column, finds duplicate keys (cJSON silently keeps both), and
 * maps each JSON path ("tracks[0].sessions[4].title") to its line:column so
 * the validator can name the place of every error. */
#ifndef MAMORI_JSONPOS_H
#define MAMORI_JSONPOS_H

#include <stddef.h>

typedef struct jsonpos_entry {
	char *path;  /* "" for the root */
	int line, col;        /* of the value, 1-based; col counts characters */
	int key_line, key_col; /* of its key inside an object, else 0 */
} jsonpos_entry;

typedef struct jsonpos {
	jsonpos_entry *v;
	size_t n, cap;
} jsonpos;

/* Scans TEXT. On a syntax error returns -1 and writes a message with its
 * line and column to MSG ("12:5: expected ',' or '}'"). Duplicate keys are
 * reported through DUP(ctx, path, line, col) and do not stop the scan. */
int jsonpos_scan(const char *text, size_t n, jsonpos *out, char *msg, size_t msgsz,
	void (*dup)(void *ctx, const char *path, int line, int col), void *ctx);
/* Position of PATH's value (or of its key when KEY is nonzero and it has
 * one); falls back to the nearest enclosing path; 1:1 if none. */
void jsonpos_find(const jsonpos *p, const char *path, int key, int *line, int *col);
void jsonpos_free(jsonpos *p);

#endif
