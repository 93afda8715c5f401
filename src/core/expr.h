/* expr.h — the small, safe expression language of computed table columns.
 *
 * A trainer writes, in a scenario file, e.g. the IPA risk method:
 *   importance = max(c, i, a, if(pii, 3, 0))
 *   likelihood = ceil(threat / (4 - vuln))
 *   risk       = asset.importance * likelihood
 *   band       = if(risk >= 6, "大", if(risk >= 4, "中", "小"))
 *
 * Grammar, loosest binding first:
 *   or   := and ("or" and)*
 *   and  := cmp ("and" cmp)*
 *   cmp  := add [("<" | "<=" | ">" | ">=" | "==" | "!=") add]   (not chained)
 *   add  := mul (("+" | "-") mul)*
 *   mul  := un (("*" | "/") un)*
 *   un   := "-" un | "not" un | prim
 *   prim := number | "text" | true | false | column | ref.column
 *         | function "(" [or ("," or)*] ")" | "(" or ")"
 * Numbers: 3, 2.5 (always '.', whatever the locale). Text: double quotes,
 * UTF-8, escapes \" and \\ only. Names: [a-z_][a-z0-9_]*; ref.column reaches
 * one level through a ref column. Functions: min(x, ...), max(x, ...),
 * ceil(x), floor(x), round(x) / round(x, digits) (half away from zero),
 * abs(x), if(cond, then, else) (only the chosen branch is evaluated).
 *
 * Safety: an expression computes, nothing else. It has no I/O of any kind and
 * reads only the values its caller hands it through a callback. Source longer
 * than EXPR_MAX_SRC bytes and nesting (parentheses, calls, unary operators)
 * deeper than EXPR_MAX_DEPTH are rejected, so work and stack are bounded.
 *
 * Values: blank (an empty cell) propagates through arithmetic, comparisons
 * and one-argument functions; min/max skip blank arguments (blank if all are);
 * if(blank, a, b) is blank; and/or follow three-valued logic (false and blank
 * = false, true or blank = true, otherwise blank). Truth: a nonzero number,
 * a non-empty text. Comparisons give 1 or 0 and treat numbers that differ only
 * by floating-point noise as equal (0.1 + 0.2 == 0.3); ceil, floor and round
 * ignore such noise too (ceil(0.1 * 30) is 3). Text compares with text only
 * (bytewise). Run-time failures are values of kind EXPR_ERROR: "division by
 * zero", "not a number" (text in arithmetic), "type mismatch" (text compared
 * with a number), "number out of range", "unknown column".
 *
 * Thread safety: a parsed expr is immutable; check, deps and eval may run on
 * it from several threads at once. */
#ifndef MAMORI_EXPR_H
#define MAMORI_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "status.h"

#define EXPR_MAX_SRC 4096 /* bytes of source */
#define EXPR_MAX_DEPTH 64 /* nested parentheses, calls and unary operators */

typedef struct expr expr; /* compiled, immutable, shareable */

/* Parses SRC. On error returns NULL, fills ERR (MM_EUSER, one line such as
 * `unexpected ")"`) and *ERR_OFFSET (byte offset into SRC; ERR_OFFSET and
 * ERR may be NULL). Reports syntax errors, unknown functions and wrong
 * numbers of arguments: the function set is fixed, so these need no table. */
expr *expr_parse(const char *src, size_t *err_offset, mm_error *err);
/* The same; on a missing ")" *OPEN_PAREN (may be NULL) gets the offset of
 * the "(" it would close, else SIZE_MAX. */
expr *expr_parse_paren(const char *src, size_t *err_offset, mm_error *err, size_t *open_paren);
void expr_free(expr *e); /* NULL is fine */

/* ---- static check ------------------------------------------------------ */

typedef enum expr_type { EXPR_T_NUM, EXPR_T_BOOL, EXPR_T_TEXT, EXPR_T_ANY } expr_type;
/* A column's (or a result's) type. For numbers and bools, BOUNDED says every
 * non-blank value lies in MIN..MAX (e.g. a scale 1..3); bools are 0..1. */
typedef struct expr_coltype {
	expr_type type;
	bool bounded;
	double min, max;
} expr_coltype;

/* Describes column NAME (REF.NAME when REF != NULL) into *OUT, which arrives
 * as {EXPR_T_ANY, unbounded}. Returns false if there is no such column. */
typedef bool (*expr_lookup_type)(void *ctx, const char *ref, const char *name, expr_coltype *out);

/* Checks E against the table's columns and fills *RESULT (may be NULL) with
 * the expression's type and value interval. Reports (MM_EUSER, *ERR_OFFSET =
 * byte offset of the offending node): unknown column "x"; type mismatch (text
 * in arithmetic, comparing text with a number, if() branches of text and
 * number); division by zero when the divisor is the constant 0 or its interval,
 * computed from bounded columns, contains 0 — `threat / (3 - vuln)` with vuln
 * 1..3 is an error, `threat / (4 - vuln)` and `cost / count` with an unbounded
 * count are fine (the latter may still give "division by zero" at run time).
 * Blank values are not part of intervals: a blank divisor divides nothing. */
mm_status expr_check(const expr *e, expr_lookup_type lookup, void *ctx,
	expr_coltype *result, size_t *err_offset, mm_error *err);

/* Calls FN once for each distinct column E reads (REF is NULL for a plain
 * column), in order of first appearance: for cycle detection by the caller.
 * The strings live as long as E. */
void expr_deps(const expr *e, void (*fn)(void *ctx, const char *ref, const char *name), void *ctx);

/* Finds a dependency cycle among N computed columns of one table: NAMES[i] is
 * computed by EXPRS[i] (NULL entries, e.g. ones that failed to parse, read
 * nothing). Only plain identifiers count; ref.col reads another table. On a
 * cycle returns true and writes e.g. "cycle: risk -> likelihood -> risk" into
 * MSG (truncated to MSGSZ; MSG may be NULL); otherwise returns false. */
bool expr_find_cycle(const char *const *names, const expr *const *exprs, size_t n,
	char *msg, size_t msgsz);

/* The closest of the N names CANDS (NULL entries skipped) to WORD, for a
 * "did you mean": at most 2 edits away (insert, delete, change, or swap two
 * neighbours) and fewer edits than WORD has letters; NULL when none is. */
const char *expr_suggest_name(const char *word, const char *const *cands, size_t n);

/* The same, and on a cycle *CLOSER (may be NULL) gets the index of the
 * column whose formula closes it (the last on the path, reading the first)
 * and *CLOSER_OFF (may be NULL) the byte offset in that formula where it
 * reads the column that closes the circle. */
bool expr_find_cycle_at(const char *const *names, const expr *const *exprs, size_t n,
	char *msg, size_t msgsz, size_t *closer, size_t *closer_off);
/* The same, but *CLOSER is the formula a trainer most likely just changed to
 * make the circle, NAMES being in the table's order: formulas normally read
 * columns to their left, so of the circle's reads the one that reads to the
 * right (when it is the only one; else the only one reading to the left;
 * else the last the search met), and MSG runs from the column it reads round
 * to it ("cycle: risk -> likelihood -> risk": likelihood's formula reads
 * risk). */
bool expr_find_cycle_blame(const char *const *names, const expr *const *exprs, size_t n,
	char *msg, size_t msgsz, size_t *closer, size_t *closer_off);

/* ---- evaluation -------------------------------------------------------- */

typedef enum expr_kind { EXPR_BLANK, EXPR_NUM, EXPR_TEXT, EXPR_ERROR } expr_kind;

/* A value. It owns no memory and may be copied freely. TEXT points to one of:
 *  - a text literal inside the expr (valid until expr_free);
 *  - a string the caller's lookup supplied (valid as long as the caller keeps
 *    it: a lookup must hand out strings that outlive its use of the result);
 *  - for EXPR_ERROR, a static message ("division by zero", ...).
 * Bools are numbers 1 and 0. An empty cell should be given as EXPR_BLANK. */
typedef struct expr_value {
	expr_kind kind;
	double num;       /* EXPR_NUM */
	const char *text; /* EXPR_TEXT: the text; EXPR_ERROR: the message */
} expr_value;

/* Stores the value of NAME (REF.NAME when REF != NULL) in *OUT, which arrives
 * blank. Returns false if there is no such column (the result is then an
 * "unknown column" error). A non-finite number is taken as "number out of
 * range"; EXPR_TEXT with a NULL text as blank; an EXPR_ERROR propagates. */
typedef bool (*expr_lookup_value)(void *ctx, const char *ref, const char *name, expr_value *out);

expr_value expr_eval(const expr *e, expr_lookup_value lookup, void *ctx);

/* Formats V for display into OUT (OUTSZ > 0; truncated at a character
 * boundary): integers without decimals ("6"), other numbers rounded to at most
 * 2 decimals, trailing zeros trimmed ("2.5", "0.33"), always with '.'; text as
 * is; blank as ""; an error as "#" + message ("#division by zero"). */
void expr_format(const expr_value *v, char *out, size_t outsz);
/* The same, appended to OUT whole. */
void expr_format_buf(const expr_value *v, buf *out);

#endif
