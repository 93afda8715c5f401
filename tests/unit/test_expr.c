/* test_expr.c — the expression language of computed columns, as a trainer
 * writing a scenario and a participant reading the table would meet it. */
#include "testutil.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "expr.h"
#include "i18n.h"

/* ---- a small table the lookups read ------------------------------------ */

typedef struct col {
	const char *ref, *name;
	expr_coltype type;
	expr_value v;
} col;

typedef struct table {
	col c[24];
	size_t n;
	char asked[8][64]; /* "ref.name" or "name" of the first value lookups */
	size_t nasked;
} table;

static expr_value num(double n)
{
	return (expr_value){EXPR_NUM, n, NULL};
}

static expr_value blank(void)
{
	return (expr_value){EXPR_BLANK, 0, NULL};
}

static expr_value text(const char *s)
{
	return (expr_value){EXPR_TEXT, 0, s};
}

static col *add(table *t, const char *ref, const char *name, expr_type type, bool bounded,
	double min, double max, expr_value v)
{
	assert_true(t->n < sizeof t->c / sizeof t->c[0]);
	col *c = &t->c[t->n++];
	*c = (col){ref, name, {type, bounded, min, max}, v};
	return c;
}

static col *find(table *t, const char *ref, const char *name)
{
	for (size_t i = 0; i < t->n; i++) {
		col *c = &t->c[i];
		if (strcmp(c->name, name) == 0 &&
		    ((!ref && !c->ref) || (ref && c->ref && strcmp(ref, c->ref) == 0)))
			return c;
	}
	return NULL;
}

static void set(table *t, const char *name, expr_value v)
{
	col *c = find(t, NULL, name);
	assert_non_null(c);
	c->v = v;
}

static bool lookup_type(void *ctx, const char *ref, const char *name, expr_coltype *out)
{
	col *c = find(ctx, ref, name);
	if (c)
		*out = c->type;
	return c != NULL;
}

static bool lookup_value(void *ctx, const char *ref, const char *name, expr_value *out)
{
	table *t = ctx;
	if (t->nasked < 8)
		snprintf(t->asked[t->nasked++], sizeof t->asked[0], "%s%s%s",
			ref ? ref : "", ref ? "." : "", name);
	col *c = find(t, ref, name);
	if (c)
		*out = c->v;
	return c != NULL;
}

/* The columns of the IPA risk sheet, plus a few others. */
static void ipa_table(table *t)
{
	memset(t, 0, sizeof *t);
	add(t, NULL, "c", EXPR_T_NUM, true, 1, 3, num(1));
	add(t, NULL, "i", EXPR_T_NUM, true, 1, 3, num(1));
	add(t, NULL, "a", EXPR_T_NUM, true, 1, 3, num(1));
	add(t, NULL, "pii", EXPR_T_BOOL, false, 0, 0, num(0));
	add(t, NULL, "threat", EXPR_T_NUM, true, 1, 3, num(1));
	add(t, NULL, "vuln", EXPR_T_NUM, true, 1, 3, num(1));
	add(t, NULL, "vuln0", EXPR_T_NUM, true, 0, 3, num(0));
	add(t, NULL, "neg", EXPR_T_NUM, true, -2.5, -0.5, num(-1));
	add(t, NULL, "likelihood", EXPR_T_NUM, true, 1, 3, num(1));
	add(t, NULL, "risk", EXPR_T_NUM, true, 1, 9, num(1));
	add(t, NULL, "importance", EXPR_T_NUM, true, 1, 3, num(1));
	add(t, "asset", "importance", EXPR_T_NUM, true, 1, 3, num(1));
	add(t, NULL, "cost", EXPR_T_NUM, false, 0, 0, num(100));
	add(t, NULL, "count", EXPR_T_NUM, false, 0, 0, num(4));
	add(t, NULL, "name", EXPR_T_TEXT, false, 0, 0, text("サーバ"));
	add(t, NULL, "anything", EXPR_T_ANY, false, 0, 0, text("abc"));
	add(t, NULL, "x", EXPR_T_NUM, false, 0, 0, blank());
	add(t, NULL, "y", EXPR_T_NUM, false, 0, 0, num(5));
}

/* ---- helpers ----------------------------------------------------------- */

static expr *parse_ok(const char *src)
{
	mm_error err = {0};
	size_t off = 0;
	expr *e = expr_parse(src, &off, &err);
	if (!e)
		fail_msg("parse of `%s` failed at %zu: %s", src, off, err.msg);
	return e;
}

/* Evaluates SRC over T and returns the value formatted for display. */
static const char *show(const char *src, table *t)
{
	static char out[256];
	expr *e = parse_ok(src);
	expr_value v = expr_eval(e, lookup_value, t);
	expr_format(&v, out, sizeof out);
	expr_free(e);
	return out;
}

static void expect_show(const char *src, table *t, const char *want)
{
	const char *got = show(src, t);
	if (strcmp(got, want) != 0)
		fail_msg("`%s` shows \"%s\", want \"%s\"", src, got, want);
}

static double eval_num(const char *src, table *t)
{
	expr *e = parse_ok(src);
	expr_value v = expr_eval(e, lookup_value, t);
	expr_free(e);
	if (v.kind != EXPR_NUM)
		fail_msg("`%s` gives kind %d, want a number", src, v.kind);
	return v.num;
}

static void expect_num(const char *src, table *t, double want)
{
	double got = eval_num(src, t);
	if (fabs(got - want) > 1e-12)
		fail_msg("`%s` = %.17g, want %.17g", src, got, want);
}

static void expect_parse_error(const char *src, size_t want_off, const char *want_msg)
{
	mm_error err = {0};
	size_t off = 12345;
	expr *e = expr_parse(src, &off, &err);
	if (e) {
		expr_free(e);
		fail_msg("`%s` parsed, want error \"%s\"", src, want_msg);
	}
	if (err.code != MM_EUSER || off != want_off || !strstr(err.msg, want_msg))
		fail_msg("`%s`: error at %zu \"%s\" (code %d), want at %zu \"%s\"",
			src, off, err.msg, err.code, want_off, want_msg);
	assert_null(strchr(err.msg, '\n'));
}

static mm_status check(const char *src, table *t, expr_coltype *res, size_t *off, mm_error *err)
{
	expr *e = parse_ok(src);
	mm_status st = expr_check(e, lookup_type, t, res, off, err);
	expr_free(e);
	return st;
}

static void expect_check_error(const char *src, table *t, size_t want_off, const char *want_msg)
{
	mm_error err = {0};
	size_t off = 12345;
	mm_status st = check(src, t, NULL, &off, &err);
	if (st != MM_EUSER || err.code != MM_EUSER || off != want_off || !strstr(err.msg, want_msg))
		fail_msg("check `%s`: status %d, error at %zu \"%s\", want at %zu \"%s\"",
			src, st, off, err.msg, want_off, want_msg);
}

static expr_coltype expect_check_ok(const char *src, table *t)
{
	mm_error err = {0};
	size_t off = 0;
	expr_coltype res = {EXPR_T_ANY, false, -1, -1};
	if (check(src, t, &res, &off, &err) != MM_OK)
		fail_msg("check `%s` failed at %zu: %s", src, off, err.msg);
	return res;
}

/* ---- the IPA method over every combination ------------------------------ */

#define IMPORTANCE "max(c, i, a, if(pii, 3, 0))"
#define LIKELIHOOD "ceil(threat / (4 - vuln))"
#define RISK "asset.importance * likelihood"
#define BAND "if(risk >= 6, \"大\", if(risk >= 4, \"中\", \"小\"))"

static void test_ipa_importance(void **state)
{
	(void)state;
	table t;
	ipa_table(&t);
	expr *e = parse_ok(IMPORTANCE);
	int combos = 0;
	for (int c = 1; c <= 3; c++)
		for (int i = 1; i <= 3; i++)
			for (int a = 1; a <= 3; a++)
				for (int pii = 0; pii <= 1; pii++) {
					set(&t, "c", num(c));
					set(&t, "i", num(i));
					set(&t, "a", num(a));
					set(&t, "pii", num(pii));
					int want = c > i ? c : i;
					want = a > want ? a : want;
					if (pii)
						want = 3;
					expr_value v = expr_eval(e, lookup_value, &t);
					assert_int_equal(v.kind, EXPR_NUM);
					if (v.num != want)
						fail_msg("c=%d i=%d a=%d pii=%d: importance %g, want %d", c, i, a, pii, v.num, want);
					combos++;
				}
	assert_int_equal(combos, 54);
	expr_free(e);

	/* checked: a number; 0 only when c, i and a are all empty and pii is false */
	expr_coltype ty = expect_check_ok(IMPORTANCE, &t);
	assert_int_equal(ty.type, EXPR_T_NUM);
	assert_true(ty.bounded);
	assert_true(ty.min == 0 && ty.max == 3);
}

static void test_ipa_likelihood(void **state)
{
	(void)state;
	static const int want[3][3] = {
		/* vuln:   1  2  3 */
		/* threat 1 */ {1, 1, 1},
		/* threat 2 */ {1, 1, 2},
		/* threat 3 */ {1, 2, 3},
	};
	table t;
	ipa_table(&t);
	expr *e = parse_ok(LIKELIHOOD);
	for (int threat = 1; threat <= 3; threat++)
		for (int vuln = 1; vuln <= 3; vuln++) {
			set(&t, "threat", num(threat));
			set(&t, "vuln", num(vuln));
			expr_value v = expr_eval(e, lookup_value, &t);
			assert_int_equal(v.kind, EXPR_NUM);
			if (v.num != want[threat - 1][vuln - 1])
				fail_msg("threat=%d vuln=%d: likelihood %g, want %d", threat, vuln, v.num,
					want[threat - 1][vuln - 1]);
		}
	expr_free(e);
	expr_coltype ty = expect_check_ok(LIKELIHOOD, &t);
	assert_int_equal(ty.type, EXPR_T_NUM);
	assert_true(ty.bounded && ty.min == 1 && ty.max == 3);
}

static void test_ipa_risk_and_band(void **state)
{
	(void)state;
	table t;
	ipa_table(&t);
	expr *imp = parse_ok(IMPORTANCE), *lik = parse_ok(LIKELIHOOD);
	expr *risk = parse_ok(RISK), *band = parse_ok(BAND);
	bool seen[10] = {0};
	for (int c = 1; c <= 3; c++)
		for (int i = 1; i <= 3; i++)
			for (int a = 1; a <= 3; a++)
				for (int pii = 0; pii <= 1; pii++)
					for (int threat = 1; threat <= 3; threat++)
						for (int vuln = 1; vuln <= 3; vuln++) {
							set(&t, "c", num(c));
							set(&t, "i", num(i));
							set(&t, "a", num(a));
							set(&t, "pii", num(pii));
							set(&t, "threat", num(threat));
							set(&t, "vuln", num(vuln));
							find(&t, "asset", "importance")->v = expr_eval(imp, lookup_value, &t);
							set(&t, "likelihood", expr_eval(lik, lookup_value, &t));
							expr_value r = expr_eval(risk, lookup_value, &t);
							assert_int_equal(r.kind, EXPR_NUM);
							assert_true(r.num >= 1 && r.num <= 9 && r.num == floor(r.num));
							seen[(int)r.num] = true;

							set(&t, "risk", r);
							expr_value b = expr_eval(band, lookup_value, &t);
							assert_int_equal(b.kind, EXPR_TEXT);
							const char *want = r.num >= 6 ? "大" : r.num >= 4 ? "中" : "小";
							assert_string_equal(b.text, want);
						}
	/* exactly the products of two 1..3 scores */
	static const bool want[10] = {false, true, true, true, true, false, true, false, false, true};
	for (int k = 0; k < 10; k++)
		if (seen[k] != want[k])
			fail_msg("risk %d %s", k, seen[k] ? "seen but impossible" : "never seen");

	/* the band boundaries as a participant sees them */
	const struct { double risk; const char *band; } bands[] = {
		{9, "大"}, {6, "大"}, {4, "中"}, {3, "小"}, {2, "小"}, {1, "小"},
	};
	for (size_t k = 0; k < sizeof bands / sizeof bands[0]; k++) {
		set(&t, "risk", num(bands[k].risk));
		expect_show(BAND, &t, bands[k].band);
	}
	set(&t, "risk", blank());
	expect_show(BAND, &t, "");

	expr_coltype ty = expect_check_ok(RISK, &t);
	assert_int_equal(ty.type, EXPR_T_NUM);
	assert_true(ty.bounded && ty.min == 1 && ty.max == 9);
	ty = expect_check_ok(BAND, &t);
	assert_int_equal(ty.type, EXPR_T_TEXT);
	assert_false(ty.bounded);

	expr_free(imp);
	expr_free(lik);
	expr_free(risk);
	expr_free(band);
}

/* ---- values ------------------------------------------------------------ */

static void test_arithmetic_and_precedence(void **state)
{
	(void)state;
	table t;
	ipa_table(&t);
	expect_num("1 + 2 * 3", &t, 7);
	expect_num("(1 + 2) * 3", &t, 9);
	expect_num("10 - 4 - 3", &t, 3);
	expect_num("12 / 2 / 3", &t, 2);
	expect_num("-2 * 3", &t, -6);
	expect_num("2 - -3", &t, 5);
	expect_num("2.5 * 2", &t, 5);
	expect_num("1 + 1 == 2", &t, 1);
	expect_num("1 < 2 and 3 > 4", &t, 0);
	expect_num("1 or 1 and 0", &t, 1);
	expect_num("not 0 and 1", &t, 1);
	expect_num("not \"\"", &t, 1);
	expect_num("not \"x\"", &t, 0);
	expect_num("true + true", &t, 2);
	expect_num("false", &t, 0);
	expect_num("  y\t*\n2 ", &t, 10);
	expect_num("2 <= 2", &t, 1);
	expect_num("2 < 2", &t, 0);
	expect_num("3 != 3", &t, 0);
	expect_num("\"a\" < \"b\"", &t, 1);
	expect_num("name == \"サーバ\"", &t, 1);
	expect_show("\"say \\\"hi\\\" \\\\o/\"", &t, "say \"hi\" \\o/");
	expect_show("if(y > 3, \"高い\", \"低い\")", &t, "高い");
}

static void test_functions(void **state)
{
	(void)state;
	table t;
	ipa_table(&t);
	expect_num("min(3, 1, 2)", &t, 1);
	expect_num("max(3, 1, 2)", &t, 3);
	expect_num("max(-1)", &t, -1);
	expect_num("ceil(1.2)", &t, 2);
	expect_num("floor(-1.5)", &t, -2);
	expect_num("abs(-4)", &t, 4);
	expect_num("round(2.5)", &t, 3);
	expect_num("round(-2.5)", &t, -3);
	expect_num("round(2.4)", &t, 2);
	expect_num("round(3.14159, 2)", &t, 3.14);
	expect_num("round(1234.5, -2)", &t, 1200);
	/* decimal fractions behave as written, not as binary doubles */
	expect_num("round(1.005, 2)", &t, 1.01);
	expect_num("round(2.675, 2)", &t, 2.68);
	expect_num("round(3, 15)", &t, 3);
	expect_num("ceil(100000000000000.3)", &t, 100000000000001);
	expect_num("ceil(1.1 * 1.1 * 100)", &t, 121); /* 121.00000000000001 in binary */
	expect_num("ceil(0.1 * 3 * 10)", &t, 3);
	expect_num("floor(0.29 * 100)", &t, 29);
	expect_num("0.1 + 0.2 == 0.3", &t, 1);
	expect_num("0.1 + 0.2 > 0.3", &t, 0);
	/* if evaluates only the branch it takes */
	set(&t, "count", num(0));
	expect_num("if(count == 0, 0, cost / count)", &t, 0);
	set(&t, "count", num(4));
	expect_num("if(count == 0, 0, cost / count)", &t, 25);
}

static void test_blank_propagation(void **state)
{
	(void)state;
	table t;
	ipa_table(&t); /* x is blank, y is 5 */
	const char *blanks[] = {
		"x", "x + 1", "1 - x", "x * 0", "x / 2", "-x", "x < 3", "x == x", "ceil(x)",
		"floor(x)", "abs(x)", "round(x)", "round(y, x)", "if(x, 1, 2)", "not x",
		"x and 1", "x or 0", "min(x)", "max(x, x)", "x * y + 1",
	};
	for (size_t k = 0; k < sizeof blanks / sizeof blanks[0]; k++) {
		expr *e = parse_ok(blanks[k]);
		expr_value v = expr_eval(e, lookup_value, &t);
		if (v.kind != EXPR_BLANK)
			fail_msg("`%s` gives kind %d, want blank", blanks[k], v.kind);
		expr_free(e);
		expect_show(blanks[k], &t, "");
	}
	/* a decisive side of and/or wins over an empty one */
	expect_num("x and 0", &t, 0);
	expect_num("0 and x", &t, 0);
	expect_num("x or 1", &t, 1);
	/* min and max skip empty cells */
	expect_num("max(x, 2, y)", &t, 5);
	expect_num("min(x, y, 3)", &t, 3);
	expect_num("min(x, y)", &t, 5);
	expect_num("min(2, x)", &t, 2);
	expect_num("max(y, x, 1)", &t, 5);
	/* a half-filled IPA row shows an empty likelihood, not an error */
	set(&t, "threat", num(3));
	set(&t, "vuln", blank());
	expect_show(LIKELIHOOD, &t, "");
	set(&t, "vuln", num(2));
	expect_show(LIKELIHOOD, &t, "2");
}

static void test_runtime_errors(void **state)
{
	(void)state;
	table t;
	ipa_table(&t);
	set(&t, "count", num(0));
	expr *e = parse_ok("cost / count");
	expr_value v = expr_eval(e, lookup_value, &t);
	assert_int_equal(v.kind, EXPR_ERROR);
	assert_string_equal(v.text, "division by zero");
	expr_free(e);
	expect_show("cost / count", &t, "#division by zero");
	expect_show("max(cost / count, 5)", &t, "#division by zero");
	expect_show("if(cost / count, 1, 2)", &t, "#division by zero");
	set(&t, "count", blank());
	expect_show("cost / count", &t, "");
	set(&t, "count", num(4));
	expect_show("cost / count", &t, "25");

	expect_show("anything * 2", &t, "#not a number");
	expect_show("max(anything, 1)", &t, "#not a number");
	expect_show("-anything", &t, "#not a number");
	expect_show("anything == 1", &t, "#type mismatch");
	expect_show("nowhere + 1", &t, "#unknown column");
	/* an error in a column the expression reads carries through */
	set(&t, "y", (expr_value){EXPR_ERROR, 0, "division by zero"});
	expect_show("y + 1", &t, "#division by zero");
	set(&t, "y", num(NAN));
	expect_show("y + 1", &t, "#number out of range");
	/* 1e200 * 1e200 does not fit a double */
	char big[201];
	memset(big, '9', 200);
	big[200] = '\0';
	char src[410];
	snprintf(src, sizeof src, "%s * %s", big, big);
	expect_show(src, &t, "#number out of range");
}

static void test_ref_column(void **state)
{
	(void)state;
	table t;
	ipa_table(&t);
	find(&t, "asset", "importance")->v = num(3);
	set(&t, "importance", num(1));
	expect_num("asset.importance - importance", &t, 2);
	assert_int_equal(t.nasked, 2);
	assert_string_equal(t.asked[0], "asset.importance");
	assert_string_equal(t.asked[1], "importance");
	/* a ref column of another table is not a plain column */
	expect_check_error("other.importance", &t, 0, "unknown column \"other.importance\"");
	expect_check_ok("asset.importance", &t);
	expect_parse_error("asset.importance.x", 16, "one level");
}

/* ---- parse errors ------------------------------------------------------- */

static void test_parse_errors(void **state)
{
	(void)state;
	const struct { const char *src; size_t off; const char *msg; } cases[] = {
		{"1 +", 3, "unexpected end of expression"},
		{"max(1,", 6, "unexpected end of expression"},
		{"\"abc", 0, "unterminated text"},
		{"x + \"abc", 4, "unterminated text"},
		{"a..b", 2, "expected a column name after \".\""},
		{"a.", 2, "expected a column name after \".\""},
		{"(1 + 2", 6, "missing \")\""},
		{"max(1, 2", 8, "missing \")\""},
		{"max(1))", 6, "unexpected \")\""},
		{"1 2", 2, "unexpected number \"2\""},
		{"(1) risk", 4, "unexpected \"risk\""},
		{"1 +* 2", 3, "unexpected \"*\""},
		{"-", 1, "unexpected end of expression"},
		{"", 0, "empty expression"},
		{"   ", 3, "empty expression"},
		{"3.", 2, "expected a digit"},
		{"a = 1", 2, "\"==\""},
		{"a & b", 2, "and"},
		{"Risk", 0, "lowercase"},
		{"risk * Likelihood", 7, "lowercase"},
		{"1 < 2 < 3", 6, "do not chain"},
		{"'x'", 0, "double quotes"},
		{"\"a\\q\"", 2, "unknown escape"},
		{"\"a\\", 0, "unterminated text"},
		{"\"a\xff\"", 2, "invalid UTF-8"},
		{"max（1）", 3, "ASCII"},
		{"sum(1)", 0, "unknown function \"sum\" (the functions are min, max, ceil, floor, "
			"round, abs, if)"},
		{"1 + bar(2)", 4, "unknown function \"bar\""},
		{"maxx(1, 2)", 0, "unknown function \"maxx\" (did you mean \"max\"?)"},
		{"celi(1)", 0, "unknown function \"celi\" (did you mean \"ceil\"?)"},
		{"ceil(1, 2)", 0, "wrong number of arguments: ceil takes 1, got 2"},
		{"if(1, 2)", 0, "wrong number of arguments: if takes 3, got 2"},
		{"max()", 0, "wrong number of arguments: max takes at least 1, got 0"},
		{"1 + round(1, 2, 3)", 4, "wrong number of arguments: round takes 1 or 2, got 3"},
		{"a.max(1)", 5, "unexpected \"(\""},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		expect_parse_error(cases[k].src, cases[k].off, cases[k].msg);
	/* no source at all */
	mm_error err = {0};
	assert_null(expr_parse(NULL, NULL, &err));
	assert_int_equal(err.code, MM_EUSER);
}

static void test_limits(void **state)
{
	(void)state;
	table t;
	ipa_table(&t);
	/* 4096 bytes is fine: "1+1+...+1 " adds up to 2048 */
	char src[EXPR_MAX_SRC + 2];
	size_t n = 0;
	src[n++] = '1';
	while (n + 2 <= EXPR_MAX_SRC - 1) {
		src[n++] = '+';
		src[n++] = '1';
	}
	src[n++] = ' ';
	src[n] = '\0';
	assert_int_equal(strlen(src), EXPR_MAX_SRC);
	expect_num(src, &t, 2048);
	/* one byte more is refused */
	src[n++] = ' ';
	src[n] = '\0';
	expect_parse_error(src, EXPR_MAX_SRC, "longer than 4096 bytes");

	/* 64 levels of nesting are fine, 65 are not */
	char deep[400];
	for (int levels = 64; levels <= 65; levels++) {
		n = 0;
		for (int k = 0; k < levels; k++)
			deep[n++] = '(';
		deep[n++] = '7';
		for (int k = 0; k < levels; k++)
			deep[n++] = ')';
		deep[n] = '\0';
		if (levels == 64)
			expect_num(deep, &t, 7);
		else
			expect_parse_error(deep, 64, "nesting deeper than 64");
	}
	n = 0;
	for (int k = 0; k < 65; k++)
		deep[n++] = '-';
	deep[n++] = '1';
	deep[n] = '\0';
	expect_parse_error(deep, 64, "nesting deeper than 64");
	expect_num(deep + 1, &t, 1); /* 64 minus signs */
	n = 0;
	for (int k = 0; k < 65; k++) {
		memcpy(deep + n, "abs(", 4);
		n += 4;
	}
	deep[n++] = '1';
	for (int k = 0; k < 65; k++)
		deep[n++] = ')';
	deep[n] = '\0';
	expect_parse_error(deep, 64 * 4 + 3, "nesting deeper than 64");
	deep[n - 1] = '\0';
	expect_num(deep + 4, &t, 1); /* 64 calls deep */
}

/* ---- static check --------------------------------------------------------- */

static void test_check_errors(void **state)
{
	(void)state;
	table t;
	ipa_table(&t);
	expect_check_error("c + nope", &t, 4, "unknown column \"nope\"");
	expect_check_error("asset.nope * 2", &t, 0, "unknown column \"asset.nope\"");
	expect_check_error("name + 1", &t, 0, "type mismatch");
	expect_check_error("1 + name", &t, 4, "type mismatch");
	expect_check_error("-name", &t, 1, "type mismatch");
	expect_check_error("max(c, name)", &t, 7, "type mismatch");
	expect_check_error("ceil(\"3\")", &t, 5, "type mismatch");
	expect_check_error("name < 3", &t, 5, "type mismatch: comparing text with a number");
	expect_check_error("if(pii, name, 1)", &t, 0, "type mismatch");
	/* division by zero: the constant 0 ... */
	expect_check_error("threat / 0", &t, 9, "division by zero");
	expect_check_error("threat / (2 - 2)", &t, 9, "division by zero");
	/* ... or a divisor whose range, from bounded columns, includes 0 */
	expect_check_error("threat / (3 - vuln)", &t, 9, "division by zero: the divisor ranges from 0 to 2");
	expect_check_error("ceil(threat / (3 - vuln))", &t, 14, "division by zero");
	expect_check_error("threat / vuln0", &t, 9, "division by zero");
	expect_check_error("threat / pii", &t, 9, "division by zero");
	expect_check_error("threat / (vuln - 2)", &t, 9, "division by zero");
	/* round(c, -1) is 0 for c below 5, whatever digits it is given */
	expect_check_error("threat / round(c, -1)", &t, 9, "division by zero");
	expect_check_error("threat / round(c, -c)", &t, 9, "division by zero");
	expect_check_error("threat / round(c / 4, vuln0 - 1)", &t, 9, "division by zero: the divisor ranges from 0 to 1");
	/* the first error is the one reported */
	expect_check_error("nope / 0", &t, 0, "unknown column");
	/* no lookup: nothing is a column */
	mm_error err = {0};
	expr *e = parse_ok("c");
	assert_int_equal(expr_check(e, NULL, NULL, NULL, NULL, &err), MM_EUSER);
	assert_string_equal(err.msg, "unknown column \"c\"");
	expr_free(e);
}

static void test_check_ok(void **state)
{
	(void)state;
	table t;
	ipa_table(&t);
	/* 4 - vuln is 1..3, never 0 */
	expr_coltype ty = expect_check_ok("threat / (4 - vuln)", &t);
	assert_true(ty.type == EXPR_T_NUM && ty.bounded);
	assert_true(fabs(ty.min - 1.0 / 3) < 1e-12 && ty.max == 3);
	/* an unbounded count may be 0, but the check cannot know: fine */
	ty = expect_check_ok("cost / count", &t);
	assert_true(ty.type == EXPR_T_NUM && !ty.bounded);
	/* a guard the check can see */
	expect_check_ok("threat / max(vuln0, 1)", &t);
	expect_check_ok("cost / max(count, 1)", &t);
	expect_check_ok("cost / (abs(count) + 1)", &t);

	ty = expect_check_ok("c * threat", &t);
	assert_true(ty.bounded && ty.min == 1 && ty.max == 9);
	ty = expect_check_ok("-c", &t);
	assert_true(ty.bounded && ty.min == -3 && ty.max == -1);
	ty = expect_check_ok("abs(c - 2)", &t);
	assert_true(ty.bounded && ty.min == 0 && ty.max == 1);
	ty = expect_check_ok("round(c / 2)", &t);
	assert_true(ty.bounded && ty.min == 1 && ty.max == 2);
	ty = expect_check_ok("round(neg, vuln0)", &t); /* -2.5..-0.5 to 0..3 decimals */
	assert_true(ty.bounded && ty.min == -3 && ty.max == -0.5);
	ty = expect_check_ok("round(neg, 0)", &t);
	assert_true(ty.bounded && ty.min == -3 && ty.max == -1);
	ty = expect_check_ok("round(c, cost)", &t); /* any digits: 0 (c to -15 places) .. 3 */
	assert_true(ty.bounded && ty.min == 0 && ty.max == 3);
	ty = expect_check_ok("c >= 2 and pii", &t);
	assert_true(ty.type == EXPR_T_BOOL && ty.bounded && ty.min == 0 && ty.max == 1);
	ty = expect_check_ok("pii", &t);
	assert_true(ty.type == EXPR_T_BOOL && ty.bounded);
	ty = expect_check_ok("if(c > 2, \"高\", \"低\")", &t);
	assert_int_equal(ty.type, EXPR_T_TEXT);
	ty = expect_check_ok("name == \"x\"", &t);
	assert_int_equal(ty.type, EXPR_T_BOOL);
	ty = expect_check_ok("anything + 1", &t);
	assert_true(ty.type == EXPR_T_NUM && !ty.bounded);
	ty = expect_check_ok("if(pii, anything, 1)", &t);
	assert_int_equal(ty.type, EXPR_T_ANY);
	ty = expect_check_ok("if(pii, 3, c)", &t);
	assert_true(ty.type == EXPR_T_NUM && ty.bounded && ty.min == 1 && ty.max == 3);
}

/* ---- dependencies and cycles -------------------------------------------- */

typedef struct seen {
	char s[8][64];
	size_t n;
} seen;

static void collect(void *ctx, const char *ref, const char *name)
{
	seen *d = ctx;
	assert_true(d->n < 8);
	snprintf(d->s[d->n++], sizeof d->s[0], "%s%s%s", ref ? ref : "", ref ? "." : "", name);
}

static void test_deps(void **state)
{
	(void)state;
	expr *e = parse_ok("max(c, c, asset.importance, if(c, a, asset.importance), importance)");
	seen d = {0};
	expr_deps(e, collect, &d);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.s[0], "c");
	assert_string_equal(d.s[1], "asset.importance");
	assert_string_equal(d.s[2], "a");
	assert_string_equal(d.s[3], "importance");
	expr_free(e);

	/* the same column name through two refs is two columns */
	e = parse_ok("asset.importance + site.importance + importance");
	d.n = 0;
	expr_deps(e, collect, &d);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.s[0], "asset.importance");
	assert_string_equal(d.s[1], "site.importance");
	assert_string_equal(d.s[2], "importance");
	expr_free(e);

	e = parse_ok("1 + \"c\"");
	d.n = 0;
	expr_deps(e, collect, &d);
	assert_int_equal(d.n, 0);
	expr_free(e);
}

static bool cycle_of(const char *const *names, const char *const *srcs, size_t n, char *msg, size_t msgsz)
{
	expr *e[8] = {0};
	for (size_t k = 0; k < n; k++)
		e[k] = srcs[k] ? parse_ok(srcs[k]) : NULL;
	bool found = expr_find_cycle(names, (const expr *const *)e, n, msg, msgsz);
	for (size_t k = 0; k < n; k++)
		expr_free(e[k]);
	return found;
}

static void test_missing_paren_names_its_open(void **state)
{
	(void)state;
	const struct { const char *src; size_t open; } cases[] = {
		{"(1 + 2", 0}, {"max(1, 2", 3}, {"max(cost, (cost * 2)", 3}, {"1 + (2 * (3 + 4)", 4},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		size_t off, open = 0;
		mm_error err;
		assert_null(expr_parse_paren(cases[k].src, &off, &err, &open));
		assert_int_equal(open, cases[k].open);
	}
	size_t off, open = 0;
	mm_error err;
	assert_null(expr_parse_paren("1 +", &off, &err, &open));
	assert_int_equal(open, SIZE_MAX); /* not a missing ")" */
}

static void test_cycles(void **state)
{
	(void)state;
	char msg[128];

	const char *ipa_names[] = {"importance", "likelihood", "risk", "band"};
	const char *ipa_srcs[] = {IMPORTANCE, LIKELIHOOD, "importance * likelihood", BAND};
	assert_false(cycle_of(ipa_names, ipa_srcs, 4, msg, sizeof msg));
	assert_string_equal(msg, "");

	const char *two_names[] = {"risk", "likelihood"};
	const char *two_srcs[] = {"importance * likelihood", "ceil(risk / 2)"};
	assert_true(cycle_of(two_names, two_srcs, 2, msg, sizeof msg));
	assert_string_equal(msg, "cycle: risk -> likelihood -> risk");
	/* the formula that closes it: likelihood's, where it reads risk */
	{
		expr *e2[2] = {parse_ok(two_srcs[0]), parse_ok(two_srcs[1])};
		size_t closer = 99, off = 99;
		assert_true(expr_find_cycle_at(two_names, (const expr *const *)e2, 2, NULL, 0,
			&closer, &off));
		assert_int_equal(closer, 1);
		assert_int_equal(off, 5);
		expr_free(e2[0]);
		expr_free(e2[1]);
	}

	const char *self_names[] = {"risk"};
	const char *self_srcs[] = {"risk + 1"};
	assert_true(cycle_of(self_names, self_srcs, 1, msg, sizeof msg));
	assert_string_equal(msg, "cycle: risk -> risk");

	/* a cycle away from the first column, entered through a tail */
	const char *tail_names[] = {"a", "b", "c", "d"};
	const char *tail_srcs[] = {"b + 1", "c", "d * 2", "max(a0, b)"};
	assert_true(cycle_of(tail_names, tail_srcs, 4, msg, sizeof msg));
	assert_string_equal(msg, "cycle: b -> c -> d -> b");

	/* ref.col reads another table; unparsed columns read nothing */
	const char *ref_names[] = {"importance", "risk"};
	const char *ref_srcs[] = {"asset.importance * 2", NULL};
	assert_false(cycle_of(ref_names, ref_srcs, 2, msg, sizeof msg));

	/* a diamond is no cycle */
	const char *dia_names[] = {"top", "l", "r", "bottom"};
	const char *dia_srcs[] = {"l + r", "bottom", "bottom * 2", "1"};
	assert_false(cycle_of(dia_names, dia_srcs, 4, msg, sizeof msg));

	/* a short buffer cuts the message but still reports the cycle */
	char small[10];
	assert_true(cycle_of(two_names, two_srcs, 2, small, sizeof small));
	assert_string_equal(small, "cycle: ri");
	assert_true(cycle_of(two_names, two_srcs, 2, NULL, 0));
}

/* The circle blamed on the formula a trainer most likely changed: in a
 * table whose formulas read to their left, the one read to the right. */
static void blame_is(const char *const *names, const char *const *srcs, size_t n,
	size_t want_closer, size_t want_off, const char *want_msg)
{
	expr *e[8] = {0};
	for (size_t k = 0; k < n; k++)
		e[k] = parse_ok(srcs[k]);
	char msg[128];
	size_t closer = 99, off = 99;
	assert_true(expr_find_cycle_blame(names, (const expr *const *)e, n, msg, sizeof msg,
		&closer, &off));
	assert_int_equal(closer, want_closer);
	assert_int_equal(off, want_off);
	assert_string_equal(msg, want_msg);
	for (size_t k = 0; k < n; k++)
		expr_free(e[k]);
}

static void test_cycle_blame(void **state)
{
	(void)state;
	/* the IPA columns, left to right; likelihood changed to read risk: the
	 * depth-first search closes the circle at risk, the change is
	 * likelihood's */
	const char *ipa[] = {"importance", "likelihood", "risk"};
	const char *ipa_srcs[] = {IMPORTANCE, "ceil(threat / (4 - vuln)) * min(risk, 1)",
		"importance * likelihood"};
	blame_is(ipa, ipa_srcs, 3, 1, 32, "cycle: risk -> likelihood -> risk");
	size_t closer = 99;
	expr *e[3] = {parse_ok(ipa_srcs[0]), parse_ok(ipa_srcs[1]), parse_ok(ipa_srcs[2])};
	assert_true(expr_find_cycle_at(ipa, (const expr *const *)e, 3, NULL, 0, &closer, NULL));
	assert_int_equal(closer, 2);
	for (int k = 0; k < 3; k++)
		expr_free(e[k]);
	/* three columns: the first reads the last */
	const char *abc[] = {"a", "b", "c"};
	const char *rightwards[] = {"c + 1", "a", "b * 2"};
	blame_is(abc, rightwards, 3, 0, 0, "cycle: c -> b -> a -> c");
	/* a table written right to left: the only read to the left */
	const char *leftwards[] = {"b", "c", "1 + a"};
	blame_is(abc, leftwards, 3, 2, 4, "cycle: a -> b -> c -> a");
	/* a column reading itself */
	const char *self[] = {"risk"};
	const char *self_srcs[] = {"2 * risk"};
	blame_is(self, self_srcs, 1, 0, 4, "cycle: risk -> risk");
}

/* ---- display ------------------------------------------------------------ */

static void expect_format(expr_value v, const char *want)
{
	char out[64];
	memset(out, 'X', sizeof out);
	expr_format(&v, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("kind %d %.17g formats as \"%s\", want \"%s\"", v.kind, v.num, out, want);
}

static void test_format(void **state)
{
	(void)state;
	expect_format(num(6), "6");
	expect_format(num(-7), "-7");
	expect_format(num(0), "0");
	expect_format(num(2.5), "2.5");
	expect_format(num(1.1), "1.1");
	expect_format(num(1.0 / 3), "0.33");
	expect_format(num(2.0 / 3), "0.67");
	expect_format(num(2.999), "3");
	expect_format(num(2.675), "2.68");
	expect_format(num(0.1 + 0.2), "0.3");
	expect_format(num(-1.5), "-1.5");
	expect_format(num(-0.004), "0");
	expect_format(num(-0.0), "0");
	expect_format(num(100.05), "100.05");
	expect_format(num(12345.678), "12345.68");
	expect_format(num(1e15), "1000000000000000");
	expect_format(text("大"), "大");
	expect_format(text(""), "");
	expect_format(blank(), "");
	expect_format((expr_value){EXPR_ERROR, 0, "division by zero"}, "#division by zero");

	/* a short buffer never splits a character */
	char out[5];
	expr_value v = text("大中小");
	expr_format(&v, out, sizeof out);
	assert_string_equal(out, "大");
	expr_format(&v, out, 1);
	assert_string_equal(out, "");
	v = num(123456);
	expr_format(&v, out, sizeof out);
	assert_string_equal(out, "1234");
}

/* ---- text comparison and an unfilled yes/no (scenarios/README.md,
 * "Text and unfilled cells in expressions"): today's behaviour, pinned ---- */

static void test_text_comparison(void **state)
{
	(void)state;
	table t;
	ipa_table(&t); /* name is "サーバ" */
	add(&t, NULL, "status", EXPR_T_TEXT, false, 0, 0, text("done"));
	add(&t, NULL, "memo", EXPR_T_TEXT, false, 0, 0, blank());
	/* equal only when byte for byte the same */
	expect_num("name == \"サーバ\"", &t, 1);
	expect_num("status == \"done\"", &t, 1);
	expect_num("status == \"Done\"", &t, 0);   /* case counts */
	expect_num("status == \"done \"", &t, 0);  /* a space counts */
	expect_num("status == \"ｄｏｎｅ\"", &t, 0); /* full-width is another text */
	expect_num("status != \"Done\"", &t, 1);
	/* order is by bytes (UTF-8: code points), not by number or reading */
	expect_num("\"a\" < \"b\"", &t, 1);
	expect_num("\"B\" < \"a\"", &t, 1);        /* capitals first */
	expect_num("\"10\" < \"9\"", &t, 1);       /* text, not numbers */
	expect_num("\"あ\" < \"ア\"", &t, 1);       /* hiragana before katakana */
	expect_num("\"サーバ\" < \"ルータ\"", &t, 1);
	/* an unfilled text cell is blank, not "": the comparison is blank */
	expect_show("memo == \"\"", &t, "");
	expect_show("memo != \"done\"", &t, "");
	expect_show("if(memo == \"\", 1, 2)", &t, "");
	/* text against a number: refused when checked, an error if run */
	expect_check_error("status == 1", &t, 7, "");
	expect_show("anything == 1", &t, "#type mismatch");
	/* a choice column's text is its stored value, not its label: the
	 * scenario's choice columns compare by "value" */
	set(&t, "status", text("reduce"));
	expect_num("status == \"reduce\"", &t, 1);
	expect_num("status == \"低減\"", &t, 0);
}

static void test_unfilled_yes_no(void **state)
{
	(void)state;
	table t;
	ipa_table(&t);
	add(&t, NULL, "online", EXPR_T_BOOL, true, 0, 1, blank());
	/* unfilled: if() gives blank (neither branch), and so does not */
	expect_show("if(online, 2, 1)", &t, "");
	expect_show("if(not online, 1, 2)", &t, "");
	expect_show("if(online, 2, 1) + 1", &t, "");
	/* and / or decide when the other side is enough */
	expect_num("if(online or 1, 2, 1)", &t, 2);
	expect_show("if(online or 0, 2, 1)", &t, "");
	expect_num("if(online and 0, 2, 1)", &t, 1);
	/* max() skips it: the IPA importance of an unanswered pii is max(c, i, a) */
	set(&t, "pii", blank());
	set(&t, "c", num(2));
	expect_num(IMPORTANCE, &t, 2);
	/* answered no / yes */
	set(&t, "online", num(0));
	expect_num("if(online, 2, 1)", &t, 1);
	set(&t, "online", num(1));
	expect_num("if(online, 2, 1)", &t, 2);
	/* the checker's range: a yes/no may be 0, both branches count; a
	 * condition that is never 0 (a ticked flags column counts 1 or more)
	 * reaches only the first value */
	add(&t, NULL, "kinds", EXPR_T_NUM, true, 1, 2, num(1));
	expr_coltype ty = expect_check_ok("if(online, 3, 0)", &t);
	assert_true(ty.min == 0 && ty.max == 3);
	ty = expect_check_ok("if(kinds, 3, 0)", &t);
	assert_true(ty.min == 3 && ty.max == 3);
	ty = expect_check_ok("max(c, i, a, if(kinds, 3, 0))", &t);
	assert_true(ty.min == 1 && ty.max == 3);
}

int main(void)
{
	i18n_set_lang(LANG_EN); /* the validator's messages are checked in English */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipa_importance),
		cmocka_unit_test(test_ipa_likelihood),
		cmocka_unit_test(test_ipa_risk_and_band),
		cmocka_unit_test(test_arithmetic_and_precedence),
		cmocka_unit_test(test_functions),
		cmocka_unit_test(test_blank_propagation),
		cmocka_unit_test(test_runtime_errors),
		cmocka_unit_test(test_ref_column),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_check_errors),
		cmocka_unit_test(test_check_ok),
		cmocka_unit_test(test_deps),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_cycle_blame),
		cmocka_unit_test(test_missing_paren_names_its_open),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_text_comparison),
		cmocka_unit_test(test_unfilled_yes_no),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
