/* expr.c — parser, static checker and evaluator of computed-column expressions.
 * See expr.h for the language. The parse tree is a tree of malloc'd nodes;
 * every recursion over it is bounded by EXPR_MAX_SRC (a binary chain needs two
 * bytes per level) and EXPR_MAX_DEPTH. */
#include "expr.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "text.h"

/* ---- tree ---------------------------------------------------------------- */

typedef enum node_kind {
	N_NUM,  /* number literal, or true / false */
	N_TEXT, /* text literal */
	N_COL,  /* column or ref.column: dep */
	N_NEG,  /* args[0] */
	N_NOT,  /* args[0] */
	N_BIN,  /* op: binop, args[0..1] */
	N_AND,  /* args[0..1] */
	N_OR,   /* args[0..1] */
	N_CALL, /* op: func, args[0..nargs-1] */
} node_kind;

typedef enum binop { B_ADD, B_SUB, B_MUL, B_DIV, B_LT, B_LE, B_GT, B_GE, B_EQ, B_NE } binop;
typedef enum func { F_MIN, F_MAX, F_CEIL, F_FLOOR, F_ROUND, F_ABS, F_IF } func;

typedef struct node node;
struct node {
	node_kind kind;
	int op;          /* binop or func */
	bool is_bool;    /* N_NUM from true / false */
	size_t off;      /* start of the node's text, its "(" when parenthesised */
	size_t opoff;    /* its operator or function name (= off for leaves) */
	double num;      /* N_NUM */
	char *text;      /* N_TEXT: decoded literal, owned */
	size_t dep;      /* N_COL: index into expr.deps */
	node **args;     /* owned */
	size_t nargs;
};

typedef struct dep {
	char *ref; /* NULL for a plain column */
	char *name;
	size_t off; /* where it is first read */
} dep;

struct expr {
	node *root;
	dep *deps; /* distinct columns read, in order of first appearance */
	size_t ndeps;
};

static const struct funcdef {
	const char *name;
	func f;
	size_t min, max;
} funcs[] = {
	{"min", F_MIN, 1, SIZE_MAX},
	{"max", F_MAX, 1, SIZE_MAX},
	{"ceil", F_CEIL, 1, 1},
	{"floor", F_FLOOR, 1, 1},
	{"round", F_ROUND, 1, 2},
	{"abs", F_ABS, 1, 1},
	{"if", F_IF, 3, 3},
};

static void node_free(node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nargs; i++)
		node_free(n->args[i]);
	free(n->args);
	free(n->text);
	free(n);
}

static node *node_new(node_kind kind, size_t off)
{
	node *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->off = off;
	n->opoff = off;
	return n;
}

static node *node_op(node_kind kind, int op, size_t opoff, node *a, node *b)
{
	node *n = node_new(kind, a->off);
	n->op = op;
	n->opoff = opoff;
	n->nargs = b ? 2 : 1;
	n->args = xmalloc(n->nargs * sizeof *n->args);
	n->args[0] = a;
	if (b)
		n->args[1] = b;
	return n;
}

void expr_free(expr *e)
{
	if (!e)
		return;
	node_free(e->root);
	for (size_t i = 0; i < e->ndeps; i++) {
		free(e->deps[i].ref);
		free(e->deps[i].name);
	}
	free(e->deps);
	free(e);
}

/* ---- numbers ------------------------------------------------------------- */

/* True when A and B differ only by floating-point noise (a few dozen ulps). */
static bool near(double a, double b)
{
	if (a == b)
		return true;
	double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
	return fabs(a - b) <= 64 * DBL_EPSILON * scale;
}

/* Above this magnitude numbers are taken as exact when rounding: the noise
 * window of near() would no longer be small against the unit rounded to. */
static const double snap_limit = 1e9;

/* X, or the integer it is within noise of. */
static double snap(double x)
{
	if (!(fabs(x) < snap_limit))
		return x;
	double r = nearbyint(x);
	return near(x, r) ? r : x;
}

/* Rounds half away from zero to DIGITS decimals (negative: tens, hundreds),
 * taking a value within noise of a half (1.005 is 1.00499999...) as the half. */
static double round_digits(double x, double digits)
{
	if (!isfinite(x) || !isfinite(digits))
		return x;
	digits = trunc(fmax(-15, fmin(15, digits)));
	double p = pow(10, fabs(digits));
	double v = digits >= 0 ? x * p : x / p;
	if (!isfinite(v) || fabs(v) >= 0x1p52)
		return x;
	double half = trunc(v) + copysign(0.5, v);
	if (fabs(v) < snap_limit && near(v, half))
		v = half;
	v = round(v);
	v = digits >= 0 ? v / p : v * p;
	return v == 0 ? 0 : v; /* no "-0" */
}

/* Writes N for display: see expr_format. */
static void format_num(double n, char *out, size_t outsz)
{
	if (!isfinite(n)) {
		snprintf(out, outsz, "#%s", tr(M_X_OUT_OF_RANGE));
		return;
	}
	if (fabs(n) >= 1e15) { /* no fraction worth showing; "%.0f" has no decimal point */
		snprintf(out, outsz, "%.0f", n);
		return;
	}
	long long cents = llround(round_digits(n, 2) * 100);
	const char *sign = cents < 0 ? "-" : "";
	unsigned long long c = cents < 0 ? 0ULL - (unsigned long long)cents : (unsigned long long)cents;
	unsigned long long ip = c / 100, fp = c % 100;
	if (fp == 0)
		snprintf(out, outsz, "%s%llu", sign, ip);
	else if (fp % 10 == 0)
		snprintf(out, outsz, "%s%llu.%llu", sign, ip, fp / 10);
	else
		snprintf(out, outsz, "%s%llu.%02llu", sign, ip, fp);
}

/* ---- lexer --------------------------------------------------------------- */

typedef enum tok_kind {
	T_END, T_NUM, T_STR, T_IDENT, T_LPAREN, T_RPAREN, T_COMMA,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE,
	T_AND, T_OR, T_NOT, T_TRUE, T_FALSE,
} tok_kind;

typedef struct tok {
	tok_kind kind;
	size_t off, len;
	size_t reflen; /* T_IDENT: bytes of "ref" in "ref.col", 0 without ref */
	double num;    /* T_NUM */
} tok;

typedef struct parser {
	const char *src;
	size_t srclen;
	size_t pos; /* where the next token starts */
	tok cur;
	int depth;
	expr *e;
	size_t depcap;
	size_t *err_off;
	mm_error *err;
	size_t *open_paren; /* a missing ")": the "(" it would close */
} parser;

/* Records a user error at byte OFF: the one way parse and check fail. */
static void vfail_at(mm_error *err, size_t *err_off, size_t off, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static void vfail_at(mm_error *err, size_t *err_off, size_t off, const char *fmt, va_list ap)
{
	char msg[sizeof err->msg];
	vsnprintf(msg, sizeof msg, fmt, ap);
	mm_fail(err, MM_EUSER, "%s", msg);
	if (err_off)
		*err_off = off;
}

static void perr(parser *p, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void perr(parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail_at(p->err, p->err_off, off, fmt, ap);
	va_end(ap);
}

static bool is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reports the character at OFF as unexpected, with a hint for common slips. */
static bool lex_bad_char(parser *p, size_t off)
{
	const char *s = p->src + off;
	unsigned char c = (unsigned char)*s;
	if (c >= 'A' && c <= 'Z')
		perr(p, off, tr(M_V_UNEXPECTED_NAMES_ARE_LOWERCASE), c);
	else if (c == '=')
		perr(p, off, "%s", tr(M_V_UNEXPECTED_COMPARE_WITH));
	else if (c == '!')
		perr(p, off, "%s", tr(M_V_UNEXPECTED_USE_NOT_OR));
	else if (c == '&' || c == '|')
		perr(p, off, tr(M_V_UNEXPECTED_USE_AND_OR), c);
	else if (c == '\'')
		perr(p, off, "%s", tr(M_V_UNEXPECTED_TEXT_GOES_IN_DOUBLE));
	else if (c < 0x20 || c == 0x7F)
		perr(p, off, tr(M_V_UNEXPECTED_CONTROL_CHARACTER_X), c);
	else if (c < 0x80)
		perr(p, off, tr(M_V_UNEXPECTED), c);
	else {
		uint32_t cp;
		size_t k = utf8_decode(s, p->srclen - off, &cp);
		if (cp == 0xFFFD && !utf8_valid(s, k))
			perr(p, off, tr(M_V_INVALID_UTF_BYTE_X), c);
		else
			perr(p, off, tr(M_V_UNEXPECTED_WRITE_NAMES_AND_OPERATORS), (int)k, s);
	}
	return false;
}

/* Checks the text literal starting at T->off; sets T->len. */
static bool lex_string(parser *p, tok *t)
{
	const char *s = p->src;
	size_t i = t->off + 1;
	for (;;) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\0') {
			perr(p, t->off, "%s", tr(M_V_UNTERMINATED_TEXT_MISSING_CLOSING));
			return false;
		} else if (c == '"') {
			t->len = i + 1 - t->off;
			return true;
		} else if (c == '\\') {
			char d = s[i + 1];
			if (d == '"' || d == '\\') {
				i += 2;
				continue;
			}
			if (d == '\0') {
				perr(p, t->off, "%s", tr(M_V_UNTERMINATED_TEXT_MISSING_CLOSING));
				return false;
			}
			uint32_t cp;
			size_t k = utf8_decode(s + i + 1, p->srclen - i - 1, &cp);
			if ((unsigned char)d < 0x20 || !utf8_valid(s + i + 1, k))
				perr(p, i, "%s", tr(M_V_UNKNOWN_ESCAPE_IN_TEXT_ONLY));
			else
				perr(p, i, tr(M_V_UNKNOWN_ESCAPE_IN_TEXT_ONLY_2), (int)k, s + i + 1);
			return false;
		} else if (c < 0x20 || c == 0x7F) {
			perr(p, i, "%s", tr(M_V_CONTROL_CHARACTER_IN_TEXT));
			return false;
		} else if (c < 0x80) {
			i++;
		} else {
			uint32_t cp;
			size_t k = utf8_decode(s + i, p->srclen - i, &cp);
			if (!utf8_valid(s + i, k)) {
				perr(p, i, "%s", tr(M_V_INVALID_UTF_IN_TEXT));
				return false;
			}
			i += k;
		}
	}
}

/* Reads the number at T->off: digits with an optional fraction, always '.'. */
static bool lex_number(parser *p, tok *t)
{
	const char *s = p->src;
	size_t i = t->off;
	double mant = 0;
	int frac = 0;
	while (is_digit(s[i]))
		mant = mant * 10 + (s[i++] - '0');
	if (s[i] == '.') {
		i++;
		if (!is_digit(s[i])) {
			perr(p, i, "%s", tr(M_V_EXPECTED_A_DIGIT_AFTER));
			return false;
		}
		while (is_digit(s[i])) {
			mant = mant * 10 + (s[i++] - '0');
			frac++;
		}
	}
	/* one correctly rounded division while MANT is exact: 2.5 is 25 / 10 */
	t->num = frac <= 22 ? mant / pow(10, frac) : mant * pow(10, -frac);
	t->len = i - t->off;
	if (!isfinite(t->num)) {
		perr(p, t->off, "%s", tr(M_V_NUMBER_TOO_LARGE));
		return false;
	}
	return true;
}

static bool lex_name(parser *p, tok *t)
{
	const char *s = p->src;
	size_t i = t->off;
	while (is_name_char(s[i]))
		i++;
	if (s[i] == '.') {
		t->reflen = i - t->off;
		i++;
		if (!is_name_start(s[i])) {
			if (s[i] >= 'A' && s[i] <= 'Z')
				return lex_bad_char(p, i);
			perr(p, i, "%s", tr(M_V_EXPECTED_A_COLUMN_NAME_AFTER));
			return false;
		}
		while (is_name_char(s[i]))
			i++;
		if (s[i] == '.') {
			perr(p, i, "%s", tr(M_V_ONLY_ONE_LEVEL_OF_REF));
			return false;
		}
	}
	t->len = i - t->off;
	if (t->reflen == 0) {
		static const struct { const char *word; tok_kind kind; } kw[] = {
			{"and", T_AND}, {"or", T_OR}, {"not", T_NOT}, {"true", T_TRUE}, {"false", T_FALSE},
		};
		for (size_t k = 0; k < sizeof kw / sizeof kw[0]; k++)
			if (strlen(kw[k].word) == t->len && memcmp(kw[k].word, s + t->off, t->len) == 0)
				t->kind = kw[k].kind;
	}
	return true;
}

/* Reads the next token into p->cur. */
static bool advance(parser *p)
{
	const char *s = p->src;
	size_t i = p->pos;
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	tok t = {.kind = T_IDENT, .off = i, .len = 1};
	char c = s[i];
	bool ok = true;
	if (c == '\0') {
		t.kind = T_END;
		t.len = 0;
	} else if (is_digit(c)) {
		t.kind = T_NUM;
		ok = lex_number(p, &t);
	} else if (is_name_start(c)) {
		ok = lex_name(p, &t);
	} else if (c == '"') {
		t.kind = T_STR;
		ok = lex_string(p, &t);
	} else {
		char d = s[i + 1];
		switch (c) {
		case '(': t.kind = T_LPAREN; break;
		case ')': t.kind = T_RPAREN; break;
		case ',': t.kind = T_COMMA; break;
		case '+': t.kind = T_PLUS; break;
		case '-': t.kind = T_MINUS; break;
		case '*': t.kind = T_STAR; break;
		case '/': t.kind = T_SLASH; break;
		case '<': t.kind = d == '=' ? T_LE : T_LT; break;
		case '>': t.kind = d == '=' ? T_GE : T_GT; break;
		case '=':
			if (d != '=')
				return lex_bad_char(p, i);
			t.kind = T_EQ;
			break;
		case '!':
			if (d != '=')
				return lex_bad_char(p, i);
			t.kind = T_NE;
			break;
		default:
			return lex_bad_char(p, i);
		}
		if (t.kind == T_LE || t.kind == T_GE || t.kind == T_EQ || t.kind == T_NE)
			t.len = 2;
	}
	if (!ok)
		return false;
	p->cur = t;
	p->pos = t.off + t.len;
	return true;
}

/* Reports the current token as unexpected. */
static void unexpected(parser *p)
{
	const tok *t = &p->cur;
	if (t->kind == T_END)
		perr(p, t->off, "%s", tr(M_V_UNEXPECTED_END_OF_EXPRESSION));
	else if (t->kind == T_STR)
		perr(p, t->off, "%s", tr(M_V_UNEXPECTED_TEXT_LITERAL));
	else if (t->kind == T_NUM)
		perr(p, t->off, tr(M_V_UNEXPECTED_NUMBER), (int)(t->len > 24 ? 24 : t->len), p->src + t->off);
	else
		perr(p, t->off, tr(M_V_UNEXPECTED_2), (int)(t->len > 24 ? 24 : t->len), p->src + t->off);
}

/* ---- parser -------------------------------------------------------------- */

static node *parse_bin(parser *p, int level);

static bool enter(parser *p, size_t off)
{
	if (++p->depth > EXPR_MAX_DEPTH) {
		perr(p, off, tr(M_V_NESTING_DEEPER_THAN), EXPR_MAX_DEPTH);
		return false;
	}
	return true;
}

/* Index of the dep REF.NAME (lengths given), added if new. */
static size_t dep_intern(parser *p, const char *ref, size_t reflen, const char *name, size_t namelen)
{
	expr *e = p->e;
	for (size_t i = 0; i < e->ndeps; i++) {
		const dep *d = &e->deps[i];
		if ((d->ref != NULL) != (ref != NULL))
			continue;
		if (ref && (strlen(d->ref) != reflen || memcmp(d->ref, ref, reflen) != 0))
			continue;
		if (strlen(d->name) == namelen && memcmp(d->name, name, namelen) == 0)
			return i;
	}
	if (e->ndeps == p->depcap) {
		p->depcap = p->depcap ? 2 * p->depcap : 8;
		e->deps = xrealloc(e->deps, p->depcap * sizeof *e->deps);
	}
	e->deps[e->ndeps].ref = ref ? xstrndup(ref, reflen) : NULL;
	e->deps[e->ndeps].name = xstrndup(name, namelen);
	e->deps[e->ndeps].off = (size_t)((ref ? ref : name) - p->src);
	return e->ndeps++;
}

/* The text literal of token T, with escapes resolved. */
static char *decode_string(const char *src, const tok *t)
{
	char *out = xmalloc(t->len);
	size_t o = 0;
	for (size_t i = t->off + 1; i < t->off + t->len - 1; i++) {
		if (src[i] == '\\')
			i++;
		out[o++] = src[i];
	}
	out[o] = '\0';
	return out;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return 99;
	size_t d[41][41];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
				&& d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
}

const char *expr_suggest_name(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bestd = 3, len = strlen(word);
	for (size_t i = 0; i < n; i++) {
		if (!cands[i] || strcmp(cands[i], word) == 0)
			continue;
		size_t d = edit_distance(word, cands[i]);
		if (d < bestd && d < len)
			bestd = d, best = cands[i];
	}
	return best;
}

static node *parse_call(parser *p, tok name)
{
	const struct funcdef *fd = NULL;
	for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
		if (strlen(funcs[i].name) == name.len && memcmp(funcs[i].name, p->src + name.off, name.len) == 0)
			fd = &funcs[i];
	if (!fd) {
		const char *names[sizeof funcs / sizeof funcs[0]];
		for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
			names[i] = funcs[i].name;
		char word[41];
		snprintf(word, sizeof word, "%.*s", (int)(name.len > 40 ? 40 : name.len), p->src + name.off);
		const char *best = expr_suggest_name(word, names, sizeof names / sizeof names[0]);
		if (best)
			perr(p, name.off, tr(M_V_UNKNOWN_FUNCTION_DID_YOU_MEAN), word, best);
		else {
			/* nothing close: the ones there are (so "sum" finds max) */
			char all[128] = "";
			for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
				snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s",
					i ? tr(M_V_LIST_SEP) : "", names[i]);
			word[32] = '\0';
			perr(p, name.off, tr(M_V_UNKNOWN_FUNCTION_LIST), word, all);
		}
		return NULL;
	}
	size_t lparen = p->cur.off;
	if (!enter(p, p->cur.off))
		return NULL;
	node *n = node_new(N_CALL, name.off);
	n->op = (int)fd->f;
	size_t cap = 0;
	if (!advance(p))
		goto fail;
	if (p->cur.kind != T_RPAREN) {
		for (;;) {
			node *a = parse_bin(p, 0);
			if (!a)
				goto fail;
			if (n->nargs == cap) {
				cap = cap ? 2 * cap : 4;
				n->args = xrealloc(n->args, cap * sizeof *n->args);
			}
			n->args[n->nargs++] = a;
			if (p->cur.kind == T_RPAREN)
				break;
			if (p->cur.kind == T_END) {
				perr(p, p->cur.off, "%s", tr(M_V_MISSING));
				if (p->open_paren)
					*p->open_paren = lparen;
				goto fail;
			}
			if (p->cur.kind != T_COMMA) {
				unexpected(p);
				goto fail;
			}
			if (!advance(p))
				goto fail;
		}
	}
	if (n->nargs < fd->min || n->nargs > fd->max) {
		if (fd->max == SIZE_MAX)
			perr(p, name.off, tr(M_V_WRONG_NUMBER_OF_ARGUMENTS_TAKES), fd->name, fd->min, n->nargs);
		else if (fd->min != fd->max)
			perr(p, name.off, tr(M_V_WRONG_NUMBER_OF_ARGUMENTS_TAKES_2), fd->name, fd->min, fd->max, n->nargs);
		else
			perr(p, name.off, tr(M_V_WRONG_NUMBER_OF_ARGUMENTS_TAKES_3), fd->name, fd->min, n->nargs);
		goto fail;
	}
	p->depth--;
	if (!advance(p))
		goto fail;
	return n;
fail:
	node_free(n);
	return NULL;
}

static node *parse_primary(parser *p)
{
	tok t = p->cur;
	node *n;
	switch (t.kind) {
	case T_NUM:
	case T_TRUE:
	case T_FALSE:
		n = node_new(N_NUM, t.off);
		n->num = t.kind == T_NUM ? t.num : t.kind == T_TRUE;
		n->is_bool = t.kind != T_NUM;
		break;
	case T_STR:
		n = node_new(N_TEXT, t.off);
		n->text = decode_string(p->src, &t);
		break;
	case T_IDENT:
		if (!advance(p))
			return NULL;
		if (p->cur.kind == T_LPAREN && t.reflen == 0)
			return parse_call(p, t);
		n = node_new(N_COL, t.off);
		if (t.reflen)
			n->dep = dep_intern(p, p->src + t.off, t.reflen,
				p->src + t.off + t.reflen + 1, t.len - t.reflen - 1);
		else
			n->dep = dep_intern(p, NULL, 0, p->src + t.off, t.len);
		return n;
	case T_LPAREN:
		if (!enter(p, t.off) || !advance(p))
			return NULL;
		n = parse_bin(p, 0);
		if (!n)
			return NULL;
		if (p->cur.kind != T_RPAREN) {
			if (p->cur.kind == T_END) {
				perr(p, p->cur.off, "%s", tr(M_V_MISSING));
				if (p->open_paren)
					*p->open_paren = t.off;
			} else
				unexpected(p);
			node_free(n);
			return NULL;
		}
		p->depth--;
		n->off = t.off;
		break;
	default:
		unexpected(p);
		return NULL;
	}
	if (!advance(p)) {
		node_free(n);
		return NULL;
	}
	return n;
}

static node *parse_unary(parser *p)
{
	tok t = p->cur;
	if (t.kind != T_MINUS && t.kind != T_NOT)
		return parse_primary(p);
	if (!enter(p, t.off) || !advance(p))
		return NULL;
	node *a = parse_unary(p);
	if (!a)
		return NULL;
	p->depth--;
	node *n = node_op(t.kind == T_MINUS ? N_NEG : N_NOT, 0, t.off, a, NULL);
	n->off = t.off;
	return n;
}

/* Maps token K to a binary operator of precedence LEVEL. */
static bool binary_op(tok_kind k, int level, node_kind *kind, int *op)
{
	static const struct { tok_kind tok; int level; node_kind kind; int op; } ops[] = {
		{T_OR, 0, N_OR, 0}, {T_AND, 1, N_AND, 0},
		{T_LT, 2, N_BIN, B_LT}, {T_LE, 2, N_BIN, B_LE}, {T_GT, 2, N_BIN, B_GT},
		{T_GE, 2, N_BIN, B_GE}, {T_EQ, 2, N_BIN, B_EQ}, {T_NE, 2, N_BIN, B_NE},
		{T_PLUS, 3, N_BIN, B_ADD}, {T_MINUS, 3, N_BIN, B_SUB},
		{T_STAR, 4, N_BIN, B_MUL}, {T_SLASH, 4, N_BIN, B_DIV},
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (ops[i].tok == k && ops[i].level == level) {
			*kind = ops[i].kind;
			*op = ops[i].op;
			return true;
		}
	return false;
}

/* Parses operators of precedence LEVEL (0 = or ... 4 = * /), left-associative;
 * comparisons (level 2) do not chain. */
static node *parse_bin(parser *p, int level)
{
	if (level > 4)
		return parse_unary(p);
	node *l = parse_bin(p, level + 1);
	for (int count = 0; l; count++) {
		node_kind kind;
		int op;
		if (!binary_op(p->cur.kind, level, &kind, &op))
			return l;
		size_t opoff = p->cur.off;
		if (level == 2 && count > 0) {
			perr(p, opoff, "%s", tr(M_V_COMPARISONS_DO_NOT_CHAIN_JOIN));
			node_free(l);
			return NULL;
		}
		node *r = advance(p) ? parse_bin(p, level + 1) : NULL;
		if (!r) {
			node_free(l);
			return NULL;
		}
		l = node_op(kind, op, opoff, l, r);
	}
	return NULL;
}

expr *expr_parse(const char *src, size_t *err_offset, mm_error *err)
{
	return expr_parse_paren(src, err_offset, err, NULL);
}

expr *expr_parse_paren(const char *src, size_t *err_offset, mm_error *err, size_t *open_paren)
{
	if (err_offset)
		*err_offset = 0;
	if (open_paren)
		*open_paren = SIZE_MAX;
	parser p = {.src = src ? src : "", .err_off = err_offset, .err = err,
		.open_paren = open_paren};
	const char *end = memchr(p.src, '\0', EXPR_MAX_SRC + 1);
	if (!end) {
		perr(&p, EXPR_MAX_SRC, tr(M_V_EXPRESSION_LONGER_THAN_BYTES), EXPR_MAX_SRC);
		return NULL;
	}
	p.srclen = (size_t)(end - p.src);
	p.e = xcalloc(1, sizeof *p.e);
	if (!advance(&p)) {
		expr_free(p.e);
		return NULL;
	}
	if (p.cur.kind == T_END) {
		perr(&p, p.cur.off, "%s", tr(M_V_EMPTY_EXPRESSION));
		expr_free(p.e);
		return NULL;
	}
	node *root = parse_bin(&p, 0);
	if (root && p.cur.kind != T_END) {
		if (p.cur.kind == T_RPAREN)
			perr(&p, p.cur.off, "%s", tr(M_V_UNEXPECTED_NO_MATCHING));
		else
			unexpected(&p);
		node_free(root);
		root = NULL;
	}
	if (!root) {
		expr_free(p.e);
		return NULL;
	}
	p.e->root = root;
	return p.e;
}

/* ---- dependencies and cycles ------------------------------------------- */

void expr_deps(const expr *e, void (*fn)(void *ctx, const char *ref, const char *name), void *ctx)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->ndeps; i++)
		fn(ctx, e->deps[i].ref, e->deps[i].name);
}

static size_t name_index(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return i;
	return SIZE_MAX;
}

bool expr_find_cycle(const char *const *names, const expr *const *exprs, size_t n,
	char *msg, size_t msgsz)
{
	return expr_find_cycle_at(names, exprs, n, msg, msgsz, NULL, NULL);
}

static bool find_cycle(const char *const *names, const expr *const *exprs, size_t n,
	char *msg, size_t msgsz, size_t *closer, size_t *closer_off, bool blame);

bool expr_find_cycle_at(const char *const *names, const expr *const *exprs, size_t n,
	char *msg, size_t msgsz, size_t *closer, size_t *closer_off)
{
	return find_cycle(names, exprs, n, msg, msgsz, closer, closer_off, false);
}

bool expr_find_cycle_blame(const char *const *names, const expr *const *exprs, size_t n,
	char *msg, size_t msgsz, size_t *closer, size_t *closer_off)
{
	return find_cycle(names, exprs, n, msg, msgsz, closer, closer_off, true);
}

/* BLAME: the read that closes the circle is the odd one among its reads
 * (see expr_find_cycle_blame), not the last one the search met. */
static bool find_cycle(const char *const *names, const expr *const *exprs, size_t n,
	char *msg, size_t msgsz, size_t *closer, size_t *closer_off, bool blame)
{
	if (msg && msgsz)
		msg[0] = '\0';
	if (n == 0)
		return false;
	/* iterative depth-first search: 0 unvisited, 1 on the path, 2 done */
	unsigned char *color = xcalloc(n, 1);
	struct frame { size_t col, next; } *stack = xmalloc(n * sizeof *stack);
	bool found = false;
	for (size_t s = 0; s < n && !found; s++) {
		if (color[s])
			continue;
		size_t top = 0;
		stack[top++] = (struct frame){s, 0};
		color[s] = 1;
		while (top && !found) {
			struct frame *f = &stack[top - 1];
			const expr *e = exprs[f->col];
			if (!e || f->next >= e->ndeps) {
				color[f->col] = 2;
				top--;
				continue;
			}
			const dep *d = &e->deps[f->next++];
			size_t j = d->ref ? SIZE_MAX : name_index(names, n, d->name);
			if (j == SIZE_MAX || color[j] == 2)
				continue;
			if (color[j] == 0) {
				color[j] = 1;
				stack[top++] = (struct frame){j, 0};
				continue;
			}
			/* J is on the path: the cycle runs from it to the top and back;
			 * the top's formula, reading J, closes it. The read of frame K
			 * on the path is deps[next - 1] (the top's too: that is D). */
			found = true;
			size_t k0 = 0;
			while (stack[k0].col != j)
				k0++;
			size_t m = top - k0, at = m - 1;
			if (blame) {
				size_t nfwd = 0, nback = 0, fwd = 0, back = 0;
				for (size_t i = 0; i < m; i++) {
					size_t from = stack[k0 + i].col, to = stack[k0 + (i + 1) % m].col;
					if (from < to && nfwd++ == 0)
						fwd = i;
					if (from > to && nback++ == 0)
						back = i;
				}
				if (nfwd == 1)
					at = fwd;
				else if (nback == 1)
					at = back;
			}
			const struct frame *cf = &stack[k0 + at];
			if (closer)
				*closer = cf->col;
			if (closer_off)
				*closer_off = exprs[cf->col]->deps[cf->next - 1].off;
			if (msg && msgsz) {
				/* from the column the closer reads, round to it */
				buf b = {0};
				buf_puts(&b, "cycle: ");
				for (size_t i = 1; i <= m; i++) {
					buf_puts(&b, names[stack[k0 + (at + i) % m].col]);
					buf_puts(&b, " -> ");
				}
				buf_puts(&b, names[stack[k0 + (at + 1) % m].col]);
				snprintf(msg, msgsz, "%s", buf_str(&b));
				buf_free(&b);
			}
		}
	}
	free(stack);
	free(color);
	return found;
}

/* ---- static check ------------------------------------------------------ */

/* What is known of a node's values: type, an interval holding every
 * non-blank value (bounds may be infinite), and whether it may be blank. */
typedef struct ival {
	expr_type type;
	double lo, hi;
	bool blank;
} ival;

typedef struct checker {
	const expr *e;
	expr_lookup_type lookup;
	void *ctx;
	size_t *err_off;
	mm_error *err;
} checker;

static mm_status cfail(checker *c, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static mm_status cfail(checker *c, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail_at(c->err, c->err_off, off, fmt, ap);
	va_end(ap);
	return MM_EUSER;
}

static ival iv_num(double lo, double hi)
{
	/* a bound lost to overflow or 0 * inf becomes no bound */
	if (isnan(lo) || lo == INFINITY)
		lo = -INFINITY;
	if (isnan(hi) || hi == -INFINITY)
		hi = INFINITY;
	return (ival){EXPR_T_NUM, lo, hi, false};
}

static ival iv_bool(void)
{
	return (ival){EXPR_T_BOOL, 0, 1, false};
}

static bool iv_bounded(const ival *v)
{
	return isfinite(v->lo) && isfinite(v->hi);
}

/* The hull of the four corner values of an operation. */
static ival iv_hull4(double a, double b, double c, double d)
{
	if (isnan(a) || isnan(b) || isnan(c) || isnan(d))
		return iv_num(-INFINITY, INFINITY);
	return iv_num(fmin(fmin(a, b), fmin(c, d)), fmax(fmax(a, b), fmax(c, d)));
}

static mm_status need_number(checker *c, const node *n, const ival *v)
{
	if (v->type == EXPR_T_TEXT)
		return cfail(c, n->off, "%s", tr(M_V_TYPE_MISMATCH_TEXT_WHERE_A));
	return MM_OK;
}

static mm_status check_node(checker *c, const node *n, ival *out);

static mm_status check_args(checker *c, const node *n, ival *v, bool numeric)
{
	for (size_t i = 0; i < n->nargs; i++) {
		mm_status st = check_node(c, n->args[i], &v[i]);
		if (st == MM_OK && numeric)
			st = need_number(c, n->args[i], &v[i]);
		if (st != MM_OK)
			return st;
	}
	return MM_OK;
}

static mm_status check_col(checker *c, const node *n, ival *out)
{
	const dep *d = &c->e->deps[n->dep];
	expr_coltype t = {EXPR_T_ANY, false, 0, 0};
	if (!c->lookup || !c->lookup(c->ctx, d->ref, d->name, &t)) {
		if (d->ref)
			return cfail(c, n->off, tr(M_V_UNKNOWN_COLUMN), d->ref, d->name);
		return cfail(c, n->off, tr(M_V_UNKNOWN_COLUMN_2), d->name);
	}
	*out = (ival){t.type, -INFINITY, INFINITY, true};
	if (t.type != EXPR_T_NUM && t.type != EXPR_T_BOOL && t.type != EXPR_T_TEXT)
		out->type = EXPR_T_ANY;
	if (t.type == EXPR_T_BOOL) {
		out->lo = 0;
		out->hi = 1;
	}
	if ((t.type == EXPR_T_NUM || t.type == EXPR_T_BOOL) && t.bounded &&
	    isfinite(t.min) && isfinite(t.max) && t.min <= t.max) {
		out->lo = t.min;
		out->hi = t.max;
	}
	return MM_OK;
}

static mm_status check_bin(checker *c, const node *n, const ival *a, const ival *b, ival *out)
{
	const node *l = n->args[0], *r = n->args[1];
	bool blank = a->blank || b->blank;
	mm_status st;
	if (n->op >= B_LT) {
		bool at = a->type == EXPR_T_TEXT, bt = b->type == EXPR_T_TEXT;
		bool an = a->type == EXPR_T_NUM || a->type == EXPR_T_BOOL;
		bool bn = b->type == EXPR_T_NUM || b->type == EXPR_T_BOOL;
		if ((at && bn) || (an && bt))
			return cfail(c, n->opoff, "%s", tr(M_V_TYPE_MISMATCH_COMPARING_TEXT_WITH));
		*out = iv_bool();
		out->blank = blank;
		return MM_OK;
	}
	if ((st = need_number(c, l, a)) != MM_OK || (st = need_number(c, r, b)) != MM_OK)
		return st;
	switch ((binop)n->op) {
	case B_ADD:
		*out = iv_num(a->lo + b->lo, a->hi + b->hi);
		break;
	case B_SUB:
		*out = iv_num(a->lo - b->hi, a->hi - b->lo);
		break;
	case B_MUL:
		*out = iv_hull4(a->lo * b->lo, a->lo * b->hi, a->hi * b->lo, a->hi * b->hi);
		break;
	case B_DIV:
		if (b->lo <= 0 && b->hi >= 0) {
			if (iv_bounded(b)) {
				if (b->lo == 0 && b->hi == 0)
					return cfail(c, r->off, "%s", tr(M_V_DIVISION_BY_ZERO));
				char lo[32], hi[32];
				format_num(b->lo, lo, sizeof lo);
				format_num(b->hi, hi, sizeof hi);
				return cfail(c, r->off, tr(M_V_DIVISION_BY_ZERO_THE_DIVISOR), lo, hi);
			}
			*out = iv_num(-INFINITY, INFINITY);
		} else {
			*out = iv_hull4(a->lo / b->lo, a->lo / b->hi, a->hi / b->lo, a->hi / b->hi);
		}
		break;
	default:
		break;
	}
	out->blank = blank;
	return MM_OK;
}

static mm_status check_call_args(checker *c, const node *n, ival *v, ival *out)
{
	mm_status st;
	switch ((func)n->op) {
	case F_IF: {
		if ((st = check_args(c, n, v, false)) != MM_OK)
			return st;
		const ival *t = &v[1], *e = &v[2];
		bool tt = t->type == EXPR_T_TEXT, et = e->type == EXPR_T_TEXT;
		bool tn = t->type == EXPR_T_NUM || t->type == EXPR_T_BOOL;
		bool en = e->type == EXPR_T_NUM || e->type == EXPR_T_BOOL;
		if ((tt && en) || (tn && et))
			return cfail(c, n->off, "%s", tr(M_V_TYPE_MISMATCH_IF_GIVES_TEXT));
		/* same type stays; number and bool make a number; with "any", any */
		*out = (ival){EXPR_T_ANY, fmin(t->lo, e->lo), fmax(t->hi, e->hi), v[0].blank || t->blank || e->blank};
		/* a condition whose range holds no 0 is never false (a ticked flags
		 * column counts 1 or more): only the "then" value is reachable */
		bool cn = v[0].type == EXPR_T_NUM || v[0].type == EXPR_T_BOOL;
		if (cn && tn && (v[0].lo > 0 || v[0].hi < 0))
			out->lo = t->lo, out->hi = t->hi;
		if (t->type == e->type)
			out->type = t->type;
		else if (tn && en)
			out->type = EXPR_T_NUM;
		if (out->type == EXPR_T_TEXT || out->type == EXPR_T_ANY) {
			out->lo = -INFINITY;
			out->hi = INFINITY;
		}
		return MM_OK;
	}
	case F_MIN:
	case F_MAX: {
		if ((st = check_args(c, n, v, true)) != MM_OK)
			return st;
		/* Blank arguments are skipped, so the result is the min/max of some
		 * non-empty subset holding every argument that is never blank. */
		bool is_max = n->op == F_MAX;
		double lo = INFINITY, hi = -INFINITY, fixed = is_max ? -INFINITY : INFINITY;
		bool any_fixed = false;
		for (size_t i = 0; i < n->nargs; i++) {
			lo = fmin(lo, v[i].lo);
			hi = fmax(hi, v[i].hi);
			if (!v[i].blank) {
				any_fixed = true;
				fixed = is_max ? fmax(fixed, v[i].lo) : fmin(fixed, v[i].hi);
			}
		}
		if (any_fixed && is_max)
			lo = fixed;
		else if (any_fixed)
			hi = fixed;
		*out = iv_num(lo, hi);
		out->blank = !any_fixed;
		return MM_OK;
	}
	case F_ROUND:
		if ((st = check_args(c, n, v, true)) != MM_OK)
			return st;
		if (n->nargs == 2) {
			/* rounding is monotonic for each digit count, and evaluation
			 * uses at most 31 of them (-15..15): take the hull over those
			 * the digits can be, so round(4, -1) = 0 is not missed */
			double d0 = trunc(fmax(-15, fmin(15, v[1].lo)));
			double d1 = trunc(fmax(-15, fmin(15, v[1].hi)));
			double lo = INFINITY, hi = -INFINITY;
			for (double d = d0; d <= d1; d++) {
				lo = fmin(lo, round_digits(v[0].lo, d));
				hi = fmax(hi, round_digits(v[0].hi, d));
			}
			*out = iv_num(lo, hi);
		} else {
			*out = iv_num(round_digits(v[0].lo, 0), round_digits(v[0].hi, 0));
		}
		out->blank = v[0].blank || (n->nargs == 2 && v[1].blank);
		return MM_OK;
	case F_CEIL:
	case F_FLOOR:
	case F_ABS:
		if ((st = check_args(c, n, v, true)) != MM_OK)
			return st;
		if (n->op == F_CEIL)
			*out = iv_num(ceil(snap(v[0].lo)), ceil(snap(v[0].hi)));
		else if (n->op == F_FLOOR)
			*out = iv_num(floor(snap(v[0].lo)), floor(snap(v[0].hi)));
		else if (v[0].lo >= 0)
			*out = iv_num(v[0].lo, v[0].hi);
		else if (v[0].hi <= 0)
			*out = iv_num(-v[0].hi, -v[0].lo);
		else
			*out = iv_num(0, fmax(-v[0].lo, v[0].hi));
		out->blank = v[0].blank;
		return MM_OK;
	}
	return cfail(c, n->opoff, "%s", tr(M_V_UNKNOWN_FUNCTION_2));
}

static mm_status check_call(checker *c, const node *n, ival *out)
{
	ival *v = xcalloc(n->nargs, sizeof *v);
	mm_status st = check_call_args(c, n, v, out);
	free(v);
	return st;
}

static mm_status check_node(checker *c, const node *n, ival *out)
{
	ival a, b;
	mm_status st;
	switch (n->kind) {
	case N_NUM:
		*out = (ival){n->is_bool ? EXPR_T_BOOL : EXPR_T_NUM, n->num, n->num, false};
		return MM_OK;
	case N_TEXT:
		*out = (ival){EXPR_T_TEXT, -INFINITY, INFINITY, false};
		return MM_OK;
	case N_COL:
		return check_col(c, n, out);
	case N_NEG:
		if ((st = check_node(c, n->args[0], &a)) != MM_OK || (st = need_number(c, n->args[0], &a)) != MM_OK)
			return st;
		*out = iv_num(-a.hi, -a.lo);
		out->blank = a.blank;
		return MM_OK;
	case N_NOT:
		if ((st = check_node(c, n->args[0], &a)) != MM_OK)
			return st;
		*out = iv_bool();
		out->blank = a.blank;
		return MM_OK;
	case N_AND:
	case N_OR:
		if ((st = check_node(c, n->args[0], &a)) != MM_OK || (st = check_node(c, n->args[1], &b)) != MM_OK)
			return st;
		*out = iv_bool();
		out->blank = a.blank || b.blank;
		return MM_OK;
	case N_BIN:
		if ((st = check_node(c, n->args[0], &a)) != MM_OK || (st = check_node(c, n->args[1], &b)) != MM_OK)
			return st;
		return check_bin(c, n, &a, &b, out);
	case N_CALL:
		return check_call(c, n, out);
	}
	return cfail(c, n->off, "%s", tr(M_V_BAD_EXPRESSION));
}

mm_status expr_check(const expr *e, expr_lookup_type lookup, void *ctx,
	expr_coltype *result, size_t *err_offset, mm_error *err)
{
	checker c = {e, lookup, ctx, err_offset, err};
	if (err_offset)
		*err_offset = 0;
	if (!e)
		return cfail(&c, 0, "%s", tr(M_V_NO_EXPRESSION));
	ival v;
	mm_status st = check_node(&c, e->root, &v);
	if (st != MM_OK)
		return st;
	if (result) {
		*result = (expr_coltype){v.type, false, 0, 0};
		if ((v.type == EXPR_T_NUM || v.type == EXPR_T_BOOL) && iv_bounded(&v)) {
			result->bounded = true;
			result->min = v.lo;
			result->max = v.hi;
		}
	}
	return MM_OK;
}

/* ---- evaluation -------------------------------------------------------- */

typedef struct evaluator {
	const expr *e;
	expr_lookup_value lookup;
	void *ctx;
} evaluator;

static expr_value v_blank(void)
{
	return (expr_value){EXPR_BLANK, 0, NULL};
}

static expr_value v_err(const char *msg)
{
	return (expr_value){EXPR_ERROR, 0, msg};
}

static expr_value v_num(double n)
{
	if (!isfinite(n))
		return v_err(tr(M_X_OUT_OF_RANGE));
	return (expr_value){EXPR_NUM, n == 0 ? 0 : n, NULL};
}

static bool truthy(const expr_value *v)
{
	return v->kind == EXPR_NUM ? v->num != 0 : v->kind == EXPR_TEXT && v->text[0];
}

static expr_value eval_node(const evaluator *ev, const node *n);

static expr_value eval_col(const evaluator *ev, const node *n)
{
	const dep *d = &ev->e->deps[n->dep];
	expr_value v = v_blank();
	if (!ev->lookup || !ev->lookup(ev->ctx, d->ref, d->name, &v))
		return v_err(tr(M_X_UNKNOWN_COLUMN));
	switch (v.kind) {
	case EXPR_NUM:
		return v_num(v.num);
	case EXPR_TEXT:
		return v.text ? v : v_blank();
	case EXPR_ERROR:
		return v.text ? v : v_err(tr(M_X_ERROR));
	default:
		return v_blank();
	}
}

static expr_value eval_bin(const node *n, expr_value a, expr_value b)
{
	if (a.kind == EXPR_ERROR)
		return a;
	if (b.kind == EXPR_ERROR)
		return b;
	if (n->op >= B_LT) {
		if (a.kind == EXPR_BLANK || b.kind == EXPR_BLANK)
			return v_blank();
		if (a.kind != b.kind)
			return v_err(tr(M_X_TYPE));
		int cmp;
		if (a.kind == EXPR_TEXT)
			cmp = strcmp(a.text, b.text);
		else
			cmp = near(a.num, b.num) ? 0 : a.num < b.num ? -1 : 1;
		switch ((binop)n->op) {
		case B_LT: return v_num(cmp < 0);
		case B_LE: return v_num(cmp <= 0);
		case B_GT: return v_num(cmp > 0);
		case B_GE: return v_num(cmp >= 0);
		case B_EQ: return v_num(cmp == 0);
		default: return v_num(cmp != 0);
		}
	}
	if (a.kind == EXPR_TEXT || b.kind == EXPR_TEXT)
		return v_err(tr(M_X_NOT_NUMBER));
	if (a.kind == EXPR_BLANK || b.kind == EXPR_BLANK)
		return v_blank();
	switch ((binop)n->op) {
	case B_ADD: return v_num(a.num + b.num);
	case B_SUB: return v_num(a.num - b.num);
	case B_MUL: return v_num(a.num * b.num);
	default:
		if (b.num == 0)
			return v_err(tr(M_X_DIV_ZERO));
		return v_num(a.num / b.num);
	}
}

static expr_value eval_call(const evaluator *ev, const node *n)
{
	expr_value a = eval_node(ev, n->args[0]);
	if (a.kind == EXPR_ERROR)
		return a;
	switch ((func)n->op) {
	case F_IF:
		if (a.kind == EXPR_BLANK)
			return a;
		return eval_node(ev, n->args[truthy(&a) ? 1 : 2]);
	case F_MIN:
	case F_MAX: {
		expr_value best = v_blank();
		for (size_t i = 0; i < n->nargs; i++) {
			expr_value v = i ? eval_node(ev, n->args[i]) : a;
			if (v.kind == EXPR_ERROR)
				return v;
			if (v.kind == EXPR_TEXT)
				return v_err(tr(M_X_NOT_NUMBER));
			if (v.kind == EXPR_BLANK)
				continue;
			if (best.kind == EXPR_BLANK || (n->op == F_MAX ? v.num > best.num : v.num < best.num))
				best = v;
		}
		return best;
	}
	case F_ROUND:
	case F_CEIL:
	case F_FLOOR:
	case F_ABS: {
		expr_value d = n->nargs > 1 ? eval_node(ev, n->args[1]) : v_num(0);
		if (d.kind == EXPR_ERROR)
			return d;
		if (a.kind == EXPR_TEXT || d.kind == EXPR_TEXT)
			return v_err(tr(M_X_NOT_NUMBER));
		if (a.kind == EXPR_BLANK || d.kind == EXPR_BLANK)
			return v_blank();
		if (n->op == F_ROUND)
			return v_num(round_digits(a.num, d.num));
		if (n->op == F_CEIL)
			return v_num(ceil(snap(a.num)));
		if (n->op == F_FLOOR)
			return v_num(floor(snap(a.num)));
		return v_num(fabs(a.num));
	}
	}
	return v_err(tr(M_X_UNKNOWN_FUNCTION));
}

static expr_value eval_node(const evaluator *ev, const node *n)
{
	expr_value a, b;
	switch (n->kind) {
	case N_NUM:
		return v_num(n->num);
	case N_TEXT:
		return (expr_value){EXPR_TEXT, 0, n->text};
	case N_COL:
		return eval_col(ev, n);
	case N_NEG:
		a = eval_node(ev, n->args[0]);
		if (a.kind == EXPR_TEXT)
			return v_err(tr(M_X_NOT_NUMBER));
		return a.kind == EXPR_NUM ? v_num(-a.num) : a;
	case N_NOT:
		a = eval_node(ev, n->args[0]);
		if (a.kind == EXPR_ERROR || a.kind == EXPR_BLANK)
			return a;
		return v_num(!truthy(&a));
	case N_AND:
	case N_OR: {
		/* three-valued: a decisive side wins over blank */
		bool decisive = n->kind == N_OR; /* or: true decides; and: false does */
		a = eval_node(ev, n->args[0]);
		if (a.kind == EXPR_ERROR)
			return a;
		if (a.kind != EXPR_BLANK && truthy(&a) == decisive)
			return v_num(decisive);
		b = eval_node(ev, n->args[1]);
		if (b.kind == EXPR_ERROR)
			return b;
		if (b.kind != EXPR_BLANK && truthy(&b) == decisive)
			return v_num(decisive);
		if (a.kind == EXPR_BLANK || b.kind == EXPR_BLANK)
			return v_blank();
		return v_num(!decisive);
	}
	case N_BIN:
		a = eval_node(ev, n->args[0]);
		b = eval_node(ev, n->args[1]);
		return eval_bin(n, a, b);
	case N_CALL:
		return eval_call(ev, n);
	}
	return v_err(tr(M_X_BAD));
}

expr_value expr_eval(const expr *e, expr_lookup_value lookup, void *ctx)
{
	if (!e)
		return v_err(tr(M_X_NONE));
	evaluator ev = {e, lookup, ctx};
	return eval_node(&ev, e->root);
}

/* ---- display ----------------------------------------------------------- */

/* Copies S into OUT, cut at a character boundary if it does not fit. */
static void copy_text(const char *s, char *out, size_t outsz)
{
	size_t n = strlen(s);
	if (n >= outsz) {
		n = outsz - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

void expr_format(const expr_value *v, char *out, size_t outsz)
{
	if (!out || outsz == 0)
		return;
	out[0] = '\0';
	if (!v)
		return;
	switch (v->kind) {
	case EXPR_NUM:
		format_num(v->num, out, outsz);
		break;
	case EXPR_TEXT:
		copy_text(v->text ? v->text : "", out, outsz);
		break;
	case EXPR_ERROR:
		if (outsz > 1) {
			out[0] = '#';
			copy_text(v->text ? v->text : "error", out + 1, outsz - 1);
		}
		break;
	default:
		break;
	}
}

void expr_format_buf(const expr_value *v, buf *out)
{
	if (!v)
		return;
	switch (v->kind) {
	case EXPR_NUM: {
		char b[64];
		format_num(v->num, b, sizeof b);
		buf_puts(out, b);
		break;
	}
	case EXPR_TEXT:
		buf_puts(out, v->text ? v->text : "");
		break;
	case EXPR_ERROR:
		buf_printf(out, "#%s", v->text ? v->text : "error");
		break;
	default:
		break;
	}
}
