/* fuzz_expr.c — libFuzzer target for the expression language: parse, check
 * against a small IPA-like table, evaluate, format, free. Beyond crashes and
 * leaks it asserts that the static check agrees with evaluation: a value lies
 * in the checked interval, its kind matches the checked type, and run-time
 * "division by zero" / "not a number" after a passing check come only from
 * the columns the check cannot bound (unbounded count, untyped anything). */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct col {
	const char *ref, *name;
	expr_coltype type;
	expr_value v;
} col;

static const col cols[] = {
	{NULL, "c", {EXPR_T_NUM, true, 1, 3}, {EXPR_NUM, 2, NULL}},
	{NULL, "i", {EXPR_T_NUM, true, 1, 3}, {EXPR_NUM, 3, NULL}},
	{NULL, "a", {EXPR_T_NUM, true, 1, 3}, {EXPR_NUM, 1, NULL}},
	{NULL, "pii", {EXPR_T_BOOL, false, 0, 0}, {EXPR_NUM, 1, NULL}},
	{NULL, "threat", {EXPR_T_NUM, true, 1, 3}, {EXPR_NUM, 3, NULL}},
	{NULL, "vuln", {EXPR_T_NUM, true, 1, 3}, {EXPR_NUM, 2, NULL}},
	{NULL, "vuln0", {EXPR_T_NUM, true, 0, 3}, {EXPR_NUM, 0, NULL}},
	{NULL, "neg", {EXPR_T_NUM, true, -2.5, -0.5}, {EXPR_NUM, -1.25, NULL}},
	{NULL, "cost", {EXPR_T_NUM, false, 0, 0}, {EXPR_NUM, 1234.5, NULL}},
	{NULL, "count", {EXPR_T_NUM, false, 0, 0}, {EXPR_NUM, 0, NULL}},
	{NULL, "x", {EXPR_T_NUM, true, 1, 5}, {EXPR_BLANK, 0, NULL}},
	{NULL, "name", {EXPR_T_TEXT, false, 0, 0}, {EXPR_TEXT, 0, "サーバ"}},
	{NULL, "empty", {EXPR_T_TEXT, false, 0, 0}, {EXPR_TEXT, 0, ""}},
	{NULL, "anything", {EXPR_T_ANY, false, 0, 0}, {EXPR_TEXT, 0, "abc"}},
	{"asset", "importance", {EXPR_T_NUM, true, 1, 3}, {EXPR_NUM, 3, NULL}},
	{"asset", "label", {EXPR_T_TEXT, false, 0, 0}, {EXPR_TEXT, 0, "大"}},
};

static const col *find(const char *ref, const char *name)
{
	for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
		const col *c = &cols[k];
		if (strcmp(c->name, name) == 0 &&
		    ((!ref && !c->ref) || (ref && c->ref && strcmp(ref, c->ref) == 0)))
			return c;
	}
	return NULL;
}

static bool lookup_type(void *ctx, const char *ref, const char *name, expr_coltype *out)
{
	(void)ctx;
	const col *c = find(ref, name);
	if (c)
		*out = c->type;
	return c != NULL;
}

static bool lookup_value(void *ctx, const char *ref, const char *name, expr_value *out)
{
	(void)ctx;
	const col *c = find(ref, name);
	if (c)
		*out = c->v;
	return c != NULL;
}

typedef struct reads {
	bool count, anything;
	size_t n;
} reads;

static void note(void *ctx, const char *ref, const char *name)
{
	reads *r = ctx;
	if (!name || !*name)
		abort();
	r->n++;
	if (!ref && strcmp(name, "count") == 0)
		r->count = true;
	if (!ref && strcmp(name, "anything") == 0)
		r->anything = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = malloc(size + 1);
	if (!src)
		return 0;
	memcpy(src, data, size);
	src[size] = '\0';

	mm_error err = {0};
	size_t off = 0;
	expr *e = expr_parse(src, &off, &err);
	if (!e) {
		if (err.code != MM_EUSER || !err.msg[0] || strchr(err.msg, '\n') || off > strlen(src) + 1)
			abort();
		free(src);
		return 0;
	}

	reads r = {0};
	expr_deps(e, note, &r);

	expr_coltype ty;
	mm_status st = expr_check(e, lookup_type, NULL, &ty, &off, &err);
	expr_value v = expr_eval(e, lookup_value, NULL);
	expr_value again = expr_eval(e, lookup_value, NULL);
	if (v.kind != again.kind || (v.kind == EXPR_NUM && v.num != again.num))
		abort(); /* evaluation is deterministic */
	if (v.kind == EXPR_NUM && !isfinite(v.num))
		abort();
	if ((v.kind == EXPR_TEXT || v.kind == EXPR_ERROR) && !v.text)
		abort();

	if (st == MM_OK) {
		bool numeric = ty.type == EXPR_T_NUM || ty.type == EXPR_T_BOOL;
		if (numeric && v.kind == EXPR_TEXT)
			abort();
		if (ty.type == EXPR_T_TEXT && v.kind == EXPR_NUM)
			abort();
		if (ty.bounded && v.kind == EXPR_NUM) {
			double tol = 1e-9 * fmax(1.0, fmax(fabs(ty.min), fabs(ty.max)));
			if (!(ty.min <= ty.max) || v.num < ty.min - tol || v.num > ty.max + tol)
				abort(); /* the checked interval must hold the value */
		}
		if (v.kind == EXPR_ERROR) {
			if (strcmp(v.text, "division by zero") == 0 && !r.count && !r.anything)
				abort();
			if ((strcmp(v.text, "not a number") == 0 || strcmp(v.text, "type mismatch") == 0) &&
			    !r.anything)
				abort();
			if (strcmp(v.text, "unknown column") == 0)
				abort();
		}
	} else if (st != MM_EUSER || !err.msg[0] || off > strlen(src)) {
		abort();
	}

	char out[64];
	expr_format(&v, out, sizeof out);
	if (strlen(out) >= sizeof out || (v.kind == EXPR_ERROR && out[0] != '#'))
		abort();
	char tiny[4];
	expr_format(&v, tiny, sizeof tiny);

	const char *names[] = {"risk", "c", "count"};
	const expr *exprs[] = {e, e, NULL};
	char msg[128];
	expr_find_cycle(names, exprs, 3, msg, sizeof msg);

	expr_free(e);
	free(src);
	return 0;
}
