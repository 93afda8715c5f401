#include "jsonpos.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "text.h"

#define MAX_DEPTH 200

typedef struct scanner {
	const char *s;
	size_t n, i;
	int line, col;
	jsonpos *out;
	buf path;
	char *msg;
	size_t msgsz;
	void (*dup)(void *ctx, const char *path, int line, int col);
	void *ctx;
	int depth;
} scanner;

static int fail_at(scanner *sc, int line, int col, const char *what)
{
	snprintf(sc->msg, sc->msgsz, "%d:%d: %s", line, col, what);
	return -1;
}

static int fail(scanner *sc, const char *what)
{
	return fail_at(sc, sc->line, sc->col, what);
}

/* A mistake people bring from JavaScript at the current character, told in
 * plain words: a comment (// or / *) and a comma where a key or value
 * should be, the comma just read (at LINE:COL) being the one to delete.
 * Returns -1 when it is one of those (the error is set), else 0. */
static int js_mistake(scanner *sc, int comma_line, int comma_col, int close)
{
	int c = sc->i < sc->n ? (unsigned char)sc->s[sc->i] : -1;
	/* what a Japanese input method types where JSON needs ASCII */
	uint32_t cp = 0;
	if (c >= 0x80)
		utf8_decode(sc->s + sc->i, sc->n - sc->i, &cp);
	if (cp == 0xFF0C || cp == 0x3001)
		return fail(sc, tr(M_J_WIDE_COMMA));
	if (cp == 0xFF1A)
		return fail(sc, tr(M_J_WIDE_COLON));
	if (cp == 0x3000)
		return fail(sc, tr(M_J_WIDE_SPACE));
	if (cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 || cp == 0xFF02)
		return fail(sc, tr(M_J_CURLY_QUOTE));
	if (c == '\'')
		return fail(sc, tr(M_J_SINGLE_QUOTE));
	if (c == '/' && sc->i + 1 < sc->n && (sc->s[sc->i + 1] == '/' || sc->s[sc->i + 1] == '*'))
		return fail(sc, tr(M_J_COMMENT));
	if (comma_line && c == close)
		return fail_at(sc, comma_line, comma_col, tr(M_J_TRAILING_COMMA));
	if (comma_line && c == ',')
		return fail(sc, tr(M_J_TWO_COMMAS));
	return 0;
}

static int peek(scanner *sc);

/* After a value (ending at LINE:COL) where ',' or CLOSE should come: the
 * next value already begun (a ',' forgotten at the end of a line), or the
 * end of the file with the OPEN_C at OPEN_LINE:OPEN_COL still open. -1 with
 * the error set, or 0. */
static int missing_between(scanner *sc, int line, int col, int open_c, int open_line,
	int open_col)
{
	int c = peek(sc);
	if (c < 0) {
		char m[200];
		snprintf(m, sizeof m, tr(M_J_EOF_OPEN), open_line, open_col, open_c);
		return fail(sc, m);
	}
	if (c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9')
		|| c == 't' || c == 'f' || c == 'n')
		return fail_at(sc, line, col, tr(M_J_MISSING_COMMA));
	return 0;
}

static int peek(scanner *sc)
{
	return sc->i < sc->n ? (unsigned char)sc->s[sc->i] : -1;
}

static void advance(scanner *sc)
{
	unsigned char c = (unsigned char)sc->s[sc->i++];
	if (c == '\n') {
		sc->line++;
		sc->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		sc->col++; /* count characters, not bytes */
	}
}

static void skip_ws(scanner *sc)
{
	int c;
	while ((c = peek(sc)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		advance(sc);
}

static void record(scanner *sc, int line, int col, int kline, int kcol)
{
	jsonpos *p = sc->out;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	p->v[p->n++] = (jsonpos_entry){xstrdup(buf_str(&sc->path)), line, col, kline, kcol};
}

/* Scans a string; when KEY is non-NULL, appends its decoded text. */
static int scan_string(scanner *sc, buf *key)
{
	advance(sc); /* opening quote */
	for (;;) {
		int c = peek(sc);
		if (c < 0)
			return fail(sc, tr(M_J_STRING_NOT_CLOSED));
		if (c == '"') {
			advance(sc);
			return 0;
		}
		if (c < 0x20)
			return fail(sc, c == '\n' ? tr(M_J_LINE_BREAK)
						  : tr(M_J_CONTROL));
		if (c == '\\') {
			advance(sc);
			c = peek(sc);
			if (c < 0 || !strchr("\"\\/bfnrtu", c))
				return fail(sc, tr(M_J_ESCAPE));
			if (c == 'u') {
				advance(sc);
				uint32_t cp = 0;
				for (int k = 0; k < 4; k++) {
					c = peek(sc);
					if (c < 0 || !strchr("0123456789abcdefABCDEF", c))
						return fail(sc, tr(M_J_U_ESCAPE));
					cp = cp * 16 + (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
					advance(sc);
				}
				/* a surrogate pair: \uD83D\uDE00 */
				if (cp >= 0xD800 && cp <= 0xDBFF && sc->i + 6 <= sc->n
					&& sc->s[sc->i] == '\\' && sc->s[sc->i + 1] == 'u') {
					uint32_t lo = 0;
					bool ok = true;
					for (int k = 0; k < 4; k++) {
						char h = sc->s[sc->i + 2 + (size_t)k];
						if (!strchr("0123456789abcdefABCDEF", h) || !h) {
							ok = false;
							break;
						}
						lo = lo * 16 + (uint32_t)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
					}
					if (ok && lo >= 0xDC00 && lo <= 0xDFFF) {
						for (int k = 0; k < 6; k++)
							advance(sc);
						cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					}
				}
				if (key) {
					char u[4];
					buf_append(key, u, utf8_encode(cp, u));
				}
				continue;
			}
			if (key)
				buf_putc(key, c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r'
					: c == 'b' ? '\b' : c == 'f' ? '\f' : (char)c);
			advance(sc);
			continue;
		}
		if (key)
			buf_putc(key, (char)c);
		advance(sc);
	}
}

static int scan_value(scanner *sc, int kline, int kcol);

static int scan_literal(scanner *sc, const char *word)
{
	size_t len = strlen(word);
	if (sc->n - sc->i < len || memcmp(sc->s + sc->i, word, len) != 0)
		return fail(sc, tr(M_J_UNEXPECTED_CHAR));
	for (size_t k = 0; k < len; k++)
		advance(sc);
	return 0;
}

static int scan_number(scanner *sc)
{
	int c = peek(sc), digits = 0;
	if (c == '-')
		advance(sc);
	while ((c = peek(sc)) >= '0' && c <= '9')
		advance(sc), digits++;
	if (!digits)
		return fail(sc, tr(M_J_NUMBER));
	if (peek(sc) == '.') {
		advance(sc);
		digits = 0;
		while ((c = peek(sc)) >= '0' && c <= '9')
			advance(sc), digits++;
		if (!digits)
			return fail(sc, tr(M_J_NUMBER));
	}
	if ((c = peek(sc)) == 'e' || c == 'E') {
		advance(sc);
		if ((c = peek(sc)) == '+' || c == '-')
			advance(sc);
		digits = 0;
		while ((c = peek(sc)) >= '0' && c <= '9')
			advance(sc), digits++;
		if (!digits)
			return fail(sc, tr(M_J_NUMBER));
	}
	return 0;
}

typedef struct keylist {
	char **v;
	size_t n;
} keylist;

static int scan_object(scanner *sc)
{
	size_t base = sc->path.len;
	keylist seen = {0};
	int rc = 0;
	int open_line = sc->line, open_col = sc->col;
	advance(sc);
	skip_ws(sc);
	if (peek(sc) == '}') {
		advance(sc);
		return 0;
	}
	int comma_line = 0, comma_col = 0;
	for (;;) {
		skip_ws(sc);
		if (peek(sc) != '"') {
			if ((rc = js_mistake(sc, comma_line, comma_col, '}')) == 0)
				rc = fail(sc, tr(M_J_KEY));
			break;
		}
		int kline = sc->line, kcol = sc->col;
		buf key = {0};
		if ((rc = scan_string(sc, &key)) != 0) {
			buf_free(&key);
			break;
		}
		if (base > 0)
			buf_putc(&sc->path, '.');
		buf_puts(&sc->path, buf_str(&key));
		for (size_t k = 0; k < seen.n; k++)
			if (strcmp(seen.v[k], buf_str(&key)) == 0 && sc->dup)
				sc->dup(sc->ctx, buf_str(&sc->path), kline, kcol);
		seen.v = xrealloc(seen.v, (seen.n + 1) * sizeof *seen.v);
		seen.v[seen.n++] = buf_steal(&key);
		skip_ws(sc);
		if (peek(sc) != ':') {
			if ((rc = js_mistake(sc, 0, 0, 0)) == 0)
				rc = fail(sc, tr(M_J_COLON));
			break;
		}
		advance(sc);
		skip_ws(sc);
		if ((rc = js_mistake(sc, 0, 0, 0)) != 0 || (rc = scan_value(sc, kline, kcol)) != 0)
			break;
		sc->path.len = base;
		sc->path.s[base] = '\0';
		int end_line = sc->line, end_col = sc->col;
		skip_ws(sc);
		if (peek(sc) == ',') {
			comma_line = sc->line, comma_col = sc->col;
			advance(sc);
			continue;
		}
		if (peek(sc) == '}') {
			advance(sc);
			break;
		}
		if ((rc = js_mistake(sc, 0, 0, 0)) == 0
			&& (rc = missing_between(sc, end_line, end_col, '{', open_line, open_col)) == 0)
			rc = fail(sc, tr(M_J_COMMA_BRACE));
		break;
	}
	for (size_t k = 0; k < seen.n; k++)
		free(seen.v[k]);
	free(seen.v);
	return rc;
}

static int scan_array(scanner *sc)
{
	size_t base = sc->path.len;
	int open_line = sc->line, open_col = sc->col;
	advance(sc);
	skip_ws(sc);
	if (peek(sc) == ']') {
		advance(sc);
		return 0;
	}
	int comma_line = 0, comma_col = 0;
	for (size_t idx = 0;; idx++) {
		skip_ws(sc);
		if (js_mistake(sc, comma_line, comma_col, ']') != 0)
			return -1;
		buf_printf(&sc->path, "[%zu]", idx);
		if (scan_value(sc, 0, 0) != 0)
			return -1;
		sc->path.len = base;
		sc->path.s[base] = '\0';
		int end_line = sc->line, end_col = sc->col;
		skip_ws(sc);
		if (peek(sc) == ',') {
			comma_line = sc->line, comma_col = sc->col;
			advance(sc);
			continue;
		}
		if (peek(sc) == ']') {
			advance(sc);
			return 0;
		}
		if (js_mistake(sc, 0, 0, 0) != 0
			|| missing_between(sc, end_line, end_col, '[', open_line, open_col) != 0)
			return -1;
		return fail(sc, tr(M_J_COMMA_BRACKET));
	}
}

static int scan_value(scanner *sc, int kline, int kcol)
{
	int c = peek(sc);
	int rc;
	if (c < 0)
		return fail(sc, tr(M_J_EOF));
	if (++sc->depth > MAX_DEPTH)
		return fail(sc, tr(M_J_DEEP));
	record(sc, sc->line, sc->col, kline, kcol);
	switch (c) {
	case '{': rc = scan_object(sc); break;
	case '[': rc = scan_array(sc); break;
	case '"': rc = scan_string(sc, NULL); break;
	case 't': rc = scan_literal(sc, "true"); break;
	case 'f': rc = scan_literal(sc, "false"); break;
	case 'n': rc = scan_literal(sc, "null"); break;
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			rc = scan_number(sc);
		else
			rc = fail(sc, tr(M_J_UNEXPECTED_CHAR));
	}
	sc->depth--;
	return rc;
}

int jsonpos_scan(const char *text, size_t n, jsonpos *out, char *msg, size_t msgsz,
	void (*dup)(void *ctx, const char *path, int line, int col), void *ctx)
{
	scanner sc = {.s = text, .n = n, .line = 1, .col = 1, .out = out,
		.msg = msg, .msgsz = msgsz, .dup = dup, .ctx = ctx};
	buf_puts(&sc.path, "");
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		sc.i = 3;
	skip_ws(&sc);
	int rc = js_mistake(&sc, 0, 0, 0);
	if (rc == 0)
		rc = scan_value(&sc, 0, 0);
	if (rc == 0) {
		skip_ws(&sc);
		if (sc.i < sc.n && (rc = js_mistake(&sc, 0, 0, 0)) == 0)
			rc = fail(&sc, tr(M_J_TRAILING));
	}
	buf_free(&sc.path);
	return rc;
}

void jsonpos_find(const jsonpos *p, const char *path, int key, int *line, int *col)
{
	char *want = xstrdup(path);
	*line = 1, *col = 1;
	for (;;) {
		for (size_t k = 0; k < p->n; k++) {
			if (strcmp(p->v[k].path, want) == 0) {
				if (key && p->v[k].key_line) {
					*line = p->v[k].key_line;
					*col = p->v[k].key_col;
				} else {
					*line = p->v[k].line;
					*col = p->v[k].col;
				}
				free(want);
				return;
			}
		}
		/* not found: try the enclosing path */
		char *cut = strrchr(want, '.');
		char *br = strrchr(want, '[');
		if (br && (!cut || br > cut))
			cut = br;
		if (!cut || !*want) {
			if (!*want) {
				free(want);
				return;
			}
			want[0] = '\0';
		} else {
			*cut = '\0';
		}
		key = 0;
	}
}

void jsonpos_free(jsonpos *p)
{
	for (size_t k = 0; k < p->n; k++)
		free(p->v[k].path);
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}
