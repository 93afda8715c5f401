#include "scenario.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "expr.h"
#include "jsonpos.h"
#include "validate.h"
#include "table_load.h"
#include "kind.h"
#include "text.h"

#define MAX_SCENARIO_BYTES (16 * 1024 * 1024)

static const char *const kind_names[KIND_COUNT] = {
#define KIND(id, name) [id] = #name,
#include "kinds.def"
#undef KIND
};

const char *kind_name(activity_kind k)
{
	return (unsigned)k < KIND_COUNT ? kind_names[k] : "?";
}

/* ---- validation context -------------------------------------------- */


/* Appends S to B with control characters written as escapes, so every error
 * stays one line and a file cannot send escape sequences to the terminal. */
static void put_clean(buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			buf_puts(b, "\\n");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, (char)c);
	}
}

/* The start of line LINE (1-based) of V's source, or NULL. */
static const char *line_start(const vctx *v, int line)
{
	if (!v->text || line < 1)
		return NULL;
	const char *s = v->text, *end = v->text + v->len;
	if (v->len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	for (int l = 1; l < line; l++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			return NULL;
		s = nl + 1;
	}
	return s;
}

static const char *line_end(const vctx *v, const char *s)
{
	const char *end = v->text + v->len;
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	return nl ? nl : end;
}

/* Column COL (characters) of LINE as a byte column. */
int vbyte_column(const vctx *v, int line, int col)
{
	const char *s = line_start(v, line);
	if (!s)
		return col;
	const char *e = line_end(v, s), *p = s;
	for (int c = 1; c < col && p < e; c++) {
		uint32_t cp;
		p += utf8_decode(p, (size_t)(e - p), &cp);
	}
	int extra = 0;
	if (p == e) /* past the end (the end of the file): keep counting */
		for (int c = (int)(p - s) + 1; c < col; c++)
			extra++;
	return (int)(p - s) + 1 + extra;
}

#define SNIP_WIDTH 100 /* columns of the source line shown at most */
#define SNIP_BEFORE 40 /* of a longer line, columns shown before the caret */

/* Appends "  LINE | source" and "       |   ^" for LINE:COL: tabs expanded to
 * stops of 8, each character as wide as a terminal shows it, control
 * characters as '?', a long line cut around the caret ("..."). */
static void snippet(vctx *v, int line, int col)
{
	const char *s = line_start(v, line);
	if (!s)
		return;
	const char *e = line_end(v, s);
	if (e > s && e[-1] == '\r')
		e--;
	/* pass 1: the caret's display column */
	int w = 0, caret = -1, ci = 1;
	for (const char *p = s; p < e; ci++) {
		if (ci == col)
			caret = w;
		uint32_t cp;
		p += utf8_decode(p, (size_t)(e - p), &cp);
		int cw = cp == '\t' ? 8 - w % 8 : (cp < 0x20 || cp == 0x7f
			|| cp_is_bidi_control(cp)) ? 1 : cp_width(cp);
		w += cw < 0 ? 0 : cw;
	}
	if (caret < 0)
		caret = w; /* past the last character: just after it */
	char num[16];
	int nw = snprintf(num, sizeof num, "%d", line);
	/* a line wider than WHOLE is cut to PART columns around the caret,
	 * "..." at either end; on a terminal of known width both fit in it
	 * (after "  LINE | ", and one column spare) */
	int whole = SNIP_WIDTH, part = SNIP_WIDTH, before = SNIP_BEFORE;
	int tw = SCENARIO_WIDTH_OF(v->flags);
	if (tw > 0) {
		int room = tw - (nw + 5) - 1;
		if (room < whole)
			whole = room;
		if (room - 6 < part)
			part = room - 6;
		if (whole < 16)
			whole = 16;
		if (part < 10)
			part = 10;
		before = part * 2 / 5;
	}
	int lo = w > whole && caret > before ? caret - before : 0;
	if (lo > 0 && lo > w - part) /* near the end: show more before */
		lo = w - part > 0 ? w - part : 0;
	int hi = lo + (w > whole ? part : whole);
	/* pass 2: the visible part */
	buf src = {0};
	if (lo > 0)
		buf_puts(&src, "...");
	bool cut = false;
	w = 0;
	for (const char *p = s; p < e;) {
		uint32_t cp;
		size_t k = utf8_decode(p, (size_t)(e - p), &cp);
		int cw = cp == '\t' ? 8 - w % 8 : (cp < 0x20 || cp == 0x7f
			|| cp_is_bidi_control(cp)) ? 1 : cp_width(cp);
		if (cw < 0)
			cw = 0;
		if (w + cw > hi) {
			cut = true;
			break;
		}
		if (w >= lo) {
			if (cp == '\t')
				buf_printf(&src, "%*s", cw, "");
			else if (cp < 0x20 || cp == 0x7f || cp_is_bidi_control(cp))
				buf_putc(&src, '?');
			else
				buf_append(&src, p, k);
		} else if (w + cw > lo) {
			buf_printf(&src, "%*s", w + cw - lo, ""); /* half of a wide one */
		}
		w += cw;
		p += k;
	}
	if (cut)
		buf_puts(&src, "...");
	buf_printf(v->errs, "  %s | %s\n", num, buf_str(&src));
	buf_printf(v->errs, "  %*s | %*s^\n", nw, "", caret - lo + (lo > 0 ? 3 : 0), "");
	buf_free(&src);
}

static void report(vctx *v, int line, int col, const char *path, bool warn, const char *fmt,
	va_list ap)
{
	buf m = {0};
	int shown = v->flags & SCENARIO_BYTE_COLUMNS ? vbyte_column(v, line, col) : col;
	buf_printf(&m, "%s:%d:%d: %s%s%s", v->name, line, shown, warn ? "warning: " : "",
		path, *path ? ": " : "");
	buf_vprintf(&m, fmt, ap);
	put_clean(v->errs, buf_str(&m));
	buf_putc(v->errs, '\n');
	buf_free(&m);
	if (v->flags & SCENARIO_SNIPPETS)
		snippet(v, line, col);
	if (warn)
		v->nwarns++;
	else
		v->nerrs++;
}

void verr(vctx *v, const char *path, int at_key, const char *fmt, ...)
{
	int line, col;
	jsonpos_find(&v->pos, path, at_key, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	report(v, line, col, path, false, fmt, ap);
	va_end(ap);
}

void vwarn(vctx *v, const char *path, int at_key, const char *fmt, ...)
{
	if (!(v->flags & SCENARIO_WARNINGS))
		return;
	int line, col;
	jsonpos_find(&v->pos, path, at_key, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	report(v, line, col, path, true, fmt, ap);
	va_end(ap);
}

void verr_at(vctx *v, int line, int col, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(v, line, col, path, false, fmt, ap);
	va_end(ap);
}

static int hexval(char h)
{
	return h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
		: h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
}

void vpos_in_string(vctx *v, const char *path, const char *str, size_t offset,
	int *line, int *col)
{
	jsonpos_find(&v->pos, path, 0, line, col);
	const char *s = line_start(v, *line);
	const char *e = s ? line_end(v, s) : NULL, *p = s;
	for (int c = 1; p && c < *col && p < e; c++) {
		uint32_t cp;
		p += utf8_decode(p, (size_t)(e - p), &cp);
	}
	if (!p || p >= e || *p != '"') {
		/* no source: count the decoded characters */
		*col += 1;
		for (size_t i = 0; i < offset && str[i]; i++)
			if (((unsigned char)str[i] & 0xC0) != 0x80)
				(*col)++;
		return;
	}
	/* walk the raw string: an escape is several characters of the line
	 * for one to four bytes of the decoded text */
	p++;
	(*col)++;
	size_t dec = 0;
	while (dec < offset && p < e && *p != '"') {
		if (*p == '\\' && p + 1 < e && p[1] == 'u' && e - p >= 6) {
			uint32_t cp = 0;
			for (int k = 2; k < 6; k++)
				cp = cp * 16 + (uint32_t)(hexval(p[k]) < 0 ? 0 : hexval(p[k]));
			int raw = 6;
			if (cp >= 0xD800 && cp <= 0xDBFF && e - p >= 12 && p[6] == '\\' && p[7] == 'u') {
				raw = 12;
				cp = 0x10000;
			}
			char u[4];
			dec += utf8_encode(cp, u);
			p += raw;
			*col += raw;
		} else if (*p == '\\') {
			dec++;
			p += 2;
			*col += 2;
		} else {
			uint32_t cp;
			size_t k = utf8_decode(p, (size_t)(e - p), &cp);
			dec += k;
			p += k;
			(*col)++;
		}
	}
}

void verr_in_string(vctx *v, const char *path, const char *str, size_t offset,
	const char *fmt, ...)
{
	int line, col;
	vpos_in_string(v, path, str, offset, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	report(v, line, col, path, false, fmt, ap);
	va_end(ap);
}

static void dup_key(void *ctx, const char *path, int line, int col)
{
	vctx *v = ctx;
	const char *key = strrchr(path, '.');
	key = key ? key + 1 : path;
	verr_at(v, line, col, path, tr(M_V_DUPLICATE_KEY), key);
}

/* Appends K bytes of S to P at *N, cut at its size as snprintf would. */
static void path_put(jpath *p, size_t *n, const char *s, size_t k)
{
	if (k > sizeof p->s - 1 - *n)
		k = sizeof p->s - 1 - *n;
	memcpy(p->s + *n, s, k);
	*n += k;
}

/* A path is made for every value checked, at every start: by hand, not by
 * snprintf, which was a tenth of reading the stored scenario. */
jpath sub_key(const char *base, const char *key)
{
	jpath p;
	size_t n = 0;
	path_put(&p, &n, base, strlen(base));
	if (*base)
		path_put(&p, &n, ".", 1);
	path_put(&p, &n, key, strlen(key));
	p.s[n] = '\0';
	return p;
}

jpath sub_index(const char *base, size_t i)
{
	jpath p;
	char digits[24];
	int k = (int)sizeof digits;
	digits[--k] = ']';
	do
		digits[--k] = (char)('0' + i % 10);
	while ((i /= 10) > 0);
	digits[--k] = '[';
	size_t n = 0;
	path_put(&p, &n, base, strlen(base));
	path_put(&p, &n, digits + k, sizeof digits - (size_t)k);
	p.s[n] = '\0';
	return p;
}

/* ---- field specs ----------------------------------------------------- */

static const char *type_word(ftype t)
{
	switch (t) {
	case F_STRING: case F_ID: case F_ENUM: return tr(M_V_A_STRING);
	case F_LSTR: return tr(M_V_A_LSTR);
	case F_INT: return tr(M_V_A_WHOLE_NUMBER);
	case F_NUM: return tr(M_V_A_NUMBER);
	case F_BOOL: return tr(M_V_TRUE_OR_FALSE);
	case F_ARRAY: return tr(M_V_AN_ARRAY);
	case F_OBJECT: return tr(M_V_AN_OBJECT);
	case F_ANY: return tr(M_V_A_VALUE);
	}
	return "?";
}

const char *json_type_word(const cJSON *j)
{
	if (cJSON_IsString(j)) return tr(M_V_A_STRING);
	if (cJSON_IsNumber(j)) return tr(M_V_A_NUMBER);
	if (cJSON_IsBool(j)) return tr(M_V_TRUE_FALSE);
	if (cJSON_IsNull(j)) return "null";
	if (cJSON_IsArray(j)) return tr(M_V_AN_ARRAY);
	if (cJSON_IsObject(j)) return tr(M_V_AN_OBJECT);
	return tr(M_V_SOMETHING_ELSE);
}

static bool valid_id(const char *s)
{
	if (!*s || strlen(s) > 63)
		return false;
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

bool check_lstr(vctx *v, const cJSON *j, const char *p)
{
	if (cJSON_IsString(j)) {
		if (!*j->valuestring) {
			verr(v, p, 0, "%s", tr(M_V_TEXT_IS_EMPTY));
			return false;
		}
		return true;
	}
	if (!cJSON_IsObject(j)) {
		verr(v, p, 0, tr(M_V_EXPECTED_FOUND), type_word(F_LSTR), json_type_word(j));
		return false;
	}
	bool ok = true;
	const cJSON *ja = NULL;
	for (const cJSON *k = j->child; k; k = k->next) {
		jpath kp = sub_key(p, k->string);
		if (strcmp(k->string, "ja") == 0) {
			ja = k;
		} else if (strcmp(k->string, "en") != 0) {
			verr(v, kp.s, 1, tr(M_V_UNKNOWN_LANGUAGE_USE_JA_AND), k->string);
			ok = false;
			continue;
		}
		if (!cJSON_IsString(k)) {
			verr(v, kp.s, 0, tr(M_V_EXPECTED_A_STRING_FOUND), json_type_word(k));
			ok = false;
		}
	}
	const cJSON *en = cJSON_GetObjectItemCaseSensitive(j, "en");
	if (cJSON_IsString(en) && !*en->valuestring)
		vwarn(v, sub_key(p, "en").s, 0, "%s", tr(M_W_EMPTY_EN));
	if (!ja) {
		verr(v, p, 0, "%s", tr(M_V_MISSING_THE_JAPANESE_TEXT_JA));
		ok = false;
	} else if (cJSON_IsString(ja) && !*ja->valuestring) {
		verr(v, sub_key(p, "ja").s, 0, "%s", tr(M_V_THE_JAPANESE_TEXT_IS_EMPTY));
		ok = false;
	}
	return ok;
}

/* Checks OBJ against FIELDS: unknown keys, missing required keys, types. */
bool check_object(vctx *v, const cJSON *obj, const char *p, const field *fields)
{
	if (!cJSON_IsObject(obj)) {
		verr(v, p, 0, tr(M_V_EXPECTED_AN_OBJECT_FOUND), json_type_word(obj));
		return false;
	}
	bool ok = true;
	for (const cJSON *k = obj->child; k; k = k->next) {
		const field *f = NULL;
		for (const field *g = fields; g->name; g++)
			if (strcmp(g->name, k->string) == 0)
				f = g;
		jpath kp = sub_key(p, k->string);
		if (!f) {
			size_t nf = 0;
			while (fields[nf].name)
				nf++;
			const char **names = xcalloc(nf + 1, sizeof *names);
			for (size_t g = 0; g < nf; g++)
				names[g] = fields[g].name;
			const char *best = expr_suggest_name(k->string, names, nf);
			if (best) {
				verr(v, kp.s, 1, tr(M_V_UNKNOWN_KEY_DID_YOU_MEAN), k->string, best);
			} else {
				/* nothing close: the keys there are, to copy */
				buf all = {0};
				for (size_t g = 0; g < nf && g < 20; g++)
					buf_printf(&all, "%s%s", g ? tr(M_V_LIST_SEP) : "", names[g]);
				if (nf > 20)
					buf_printf(&all, "%s...", tr(M_V_LIST_SEP));
				verr(v, kp.s, 1, tr(M_V_UNKNOWN_KEY_LIST), k->string, buf_str(&all));
				buf_free(&all);
			}
			free(names);
			ok = false;
			continue;
		}
		switch (f->type) {
		case F_LSTR:
			ok &= check_lstr(v, k, kp.s);
			break;
		case F_STRING:
		case F_ID:
		case F_ENUM:
			if (!cJSON_IsString(k)) {
				verr(v, kp.s, 0, tr(M_V_EXPECTED_FOUND), type_word(f->type), json_type_word(k));
				ok = false;
			} else if (f->type == F_ID && !valid_id(k->valuestring)) {
				verr(v, kp.s, 0, tr(M_V_ID_MUST_BE_LOWER_CASE), k->valuestring);
				ok = false;
			} else if (f->type == F_ENUM) {
				bool found = false;
				buf choices = {0};
				for (const char *const *e = f->values; *e && !found; e++)
					found = strcmp(*e, k->valuestring) == 0;
				for (const char *const *e = f->values; *e && !found; e++)
					buf_printf(&choices, "%s\"%s\"", e == f->values ? "" : ", ", *e);
				size_t ne = 0;
				while (f->values[ne])
					ne++;
				const char *best = found ? NULL
					: expr_suggest_name(k->valuestring, (const char *const *)f->values, ne);
				if (!found && best) {
					verr(v, kp.s, 0, tr(M_V_UNKNOWN_DID_YOU_MEAN),
						f->what ? tr(f->what) : f->name, k->valuestring, best);
					ok = false;
				} else if (!found) {
					verr(v, kp.s, 0, tr(M_V_UNKNOWN_EXPECTED_ONE_OF),
						f->what ? tr(f->what) : f->name, k->valuestring, buf_str(&choices));
					ok = false;
				}
				buf_free(&choices);
			}
			break;
		case F_INT:
			if (!cJSON_IsNumber(k) || k->valuedouble != floor(k->valuedouble)) {
				verr(v, kp.s, 0, tr(M_V_EXPECTED_FOUND), type_word(f->type), json_type_word(k));
				ok = false;
			} else if (k->valuedouble < f->min || k->valuedouble > f->max) {
				verr(v, kp.s, 0, tr(M_V_IS_OUT_OF_RANGE_TO), k->valuedouble, f->min, f->max);
				ok = false;
			}
			break;
		case F_NUM:
			if (!cJSON_IsNumber(k)) {
				verr(v, kp.s, 0, tr(M_V_EXPECTED_A_NUMBER_FOUND), json_type_word(k));
				ok = false;
			}
			break;
		case F_BOOL:
			if (!cJSON_IsBool(k)) {
				verr(v, kp.s, 0, tr(M_V_EXPECTED_TRUE_OR_FALSE_FOUND), json_type_word(k));
				ok = false;
			}
			break;
		case F_ANY:
			break;
		case F_ARRAY:
			if (!cJSON_IsArray(k)) {
				verr(v, kp.s, 0, tr(M_V_EXPECTED_AN_ARRAY_FOUND), json_type_word(k));
				ok = false;
			}
			break;
		case F_OBJECT:
			if (!cJSON_IsObject(k)) {
				verr(v, kp.s, 0, tr(M_V_EXPECTED_AN_OBJECT_FOUND), json_type_word(k));
				ok = false;
			}
			break;
		}
	}
	for (const field *g = fields; g->name; g++)
		if (g->required && !cJSON_GetObjectItemCaseSensitive(obj, g->name)) {
			verr(v, p, 0, tr(M_V_MISSING_REQUIRED_KEY), g->name);
			ok = false;
		}
	return ok;
}

/* Records an id in namespace NS; reports a duplicate. */
static void check_unique(vctx *v, const char *ns, const cJSON *idj, const char *p)
{
	if (!cJSON_IsString(idj))
		return;
	char key[160];
	snprintf(key, sizeof key, "%s\x1f%s", ns, idj->valuestring);
	for (size_t k = 0; k < v->nseen; k++)
		if (strcmp(v->seen_ids[k], key) == 0) {
			int line, col;
			jsonpos_find(&v->pos, v->seen_paths[k], 0, &line, &col);
			verr(v, p, 0, tr(M_V_DUPLICATE_ID_FIRST_USED_AT), ns,
				idj->valuestring, line);
			return;
		}
	v->seen_ids = xrealloc(v->seen_ids, (v->nseen + 1) * sizeof *v->seen_ids);
	v->seen_paths = xrealloc(v->seen_paths, (v->nseen + 1) * sizeof *v->seen_paths);
	v->seen_ids[v->nseen] = xstrdup(key);
	v->seen_paths[v->nseen] = xstrdup(p);
	v->nseen++;
}

/* ---- the format ------------------------------------------------------ */

const char *const activity_kind_values[] = {
#define KIND(id, name) #name,
#include "kinds.def"
#undef KIND
	NULL};
const char *const activity_scope_values[] = {"group", "company", "person", NULL};

static const field scenario_fields[] = {
	{"format", F_STRING, true, 0, 0, NULL},
	{"id", F_ID, true, 0, 0, NULL},
	{"title", F_LSTR, true, 0, 0, NULL},
	{"description", F_LSTR, false, 0, 0, NULL},
	{"tracks", F_ARRAY, true, 0, 0, NULL},
	{NULL, 0, 0, 0, 0, NULL},
};

static const field track_fields[] = {
	{"id", F_ID, true, 0, 0, NULL},
	{"title", F_LSTR, true, 0, 0, NULL},
	{"label", F_LSTR, false, 0, 0, NULL},
	{"sessions", F_ARRAY, true, 0, 0, NULL},
	{NULL, 0, 0, 0, 0, NULL},
};

static const field session_fields[] = {
	{"id", F_ID, true, 0, 0, NULL},
	{"number", F_INT, true, 1, 99, NULL},
	{"title", F_LSTR, true, 0, 0, NULL},
	{"seminar", F_LSTR, false, 0, 0, NULL},
	{"goal", F_LSTR, false, 0, 0, NULL},
	{"minutes", F_INT, true, 1, 600, NULL},
	{"activities", F_ARRAY, true, 0, 0, NULL},
	{NULL, 0, 0, 0, 0, NULL},
};

static activity_kind kind_by_name(const char *name)
{
	for (int k = 0; k < KIND_COUNT; k++)
		if (strcmp(kind_names[k], name) == 0)
			return (activity_kind)k;
	return KIND_COUNT;
}

static void check_activity(vctx *v, const cJSON *a, const char *p)
{
	if (!cJSON_IsObject(a)) {
		verr(v, p, 0, tr(M_V_EXPECTED_AN_ACTIVITY_OBJECT_FOUND), json_type_word(a));
		return;
	}
	const cJSON *kj = cJSON_GetObjectItemCaseSensitive(a, "kind");
	activity_kind k = KIND_COUNT;
	if (cJSON_IsString(kj))
		k = kind_by_name(kj->valuestring);
	if (k == KIND_COUNT) {
		/* report the kind itself, and the common keys */
		static const field common[] = {ACTIVITY_COMMON, FIELD_END};
		if (!kj)
			verr(v, p, 0, "%s", tr(M_V_MISSING_REQUIRED_KEY_KIND));
		else if (!cJSON_IsString(kj))
			verr(v, sub_key(p, "kind").s, 0, tr(M_V_EXPECTED_A_STRING_FOUND),
				json_type_word(kj));
		else if (expr_suggest_name(kj->valuestring, kind_names, KIND_COUNT))
			verr(v, sub_key(p, "kind").s, 0, tr(M_V_UNKNOWN_ACTIVITY_KIND_DID_YOU_MEAN),
				kj->valuestring, expr_suggest_name(kj->valuestring, kind_names, KIND_COUNT));
		else
			verr(v, sub_key(p, "kind").s, 0, tr(M_V_UNKNOWN_ACTIVITY_KIND_EXPECTED_BRIEFING),
				kj->valuestring);
		for (const field *f = common; f->name; f++)
			if (f->required && strcmp(f->name, "kind") != 0
				&& !cJSON_GetObjectItemCaseSensitive(a, f->name))
				verr(v, p, 0, tr(M_V_MISSING_REQUIRED_KEY), f->name);
	} else if (!kind_of(k)->fields) {
		verr(v, sub_key(p, "kind").s, 0,
			tr(M_V_ACTIVITY_KIND_IS_NOT_SUPPORTED),
			kind_names[k]);
	} else if (check_object(v, a, p, kind_of(k)->fields)) {
		if (kind_of(k)->check)
			kind_of(k)->check(v, a, p);
	}
	check_unique(v, "activity", cJSON_GetObjectItemCaseSensitive(a, "id"),
		sub_key(p, "id").s);
}

static void check_session(vctx *v, const cJSON *s, const char *p, const cJSON **numbers,
	size_t idx)
{
	if (!check_object(v, s, p, session_fields) && !cJSON_IsObject(s))
		return;
	check_unique(v, "session", cJSON_GetObjectItemCaseSensitive(s, "id"), sub_key(p, "id").s);
	const cJSON *num = cJSON_GetObjectItemCaseSensitive(s, "number");
	numbers[idx] = cJSON_IsNumber(num) ? num : NULL;
	for (size_t k = 0; k < idx && numbers[idx]; k++)
		if (numbers[k] && numbers[k]->valuedouble == num->valuedouble)
			verr(v, sub_key(p, "number").s, 0, tr(M_V_SESSION_NUMBER_IS_USED_TWICE),
				num->valuedouble);
	const cJSON *acts = cJSON_GetObjectItemCaseSensitive(s, "activities");
	if (cJSON_IsArray(acts)) {
		size_t i = 0;
		double sum = 0;
		for (const cJSON *a = acts->child; a; a = a->next, i++) {
			check_activity(v, a, sub_index(sub_key(p, "activities").s, i).s);
			const cJSON *m = cJSON_GetObjectItemCaseSensitive(a, "minutes");
			if (cJSON_IsNumber(m))
				sum += m->valuedouble;
		}
		const cJSON *sm = cJSON_GetObjectItemCaseSensitive(s, "minutes");
		if (cJSON_IsNumber(sm) && sum > sm->valuedouble)
			vwarn(v, sub_key(p, "minutes").s, 0, tr(M_W_MINUTES_OVER), sum,
				sm->valuedouble);
	}
}

/* Each text of a track's "label" holds "{n}" exactly once and fits the
 * agenda's label column (the views keep a label in 32 bytes). */
#define LABEL_MAX_WIDTH 16
static void check_track_label(vctx *v, const cJSON *l, const char *p)
{
	const cJSON *texts[2] = {l, NULL};
	jpath paths[2] = {{""}, {""}};
	snprintf(paths[0].s, sizeof paths[0].s, "%s", p);
	if (cJSON_IsObject(l)) {
		texts[0] = cJSON_GetObjectItemCaseSensitive(l, "ja");
		texts[1] = cJSON_GetObjectItemCaseSensitive(l, "en");
		paths[0] = sub_key(p, "ja");
		paths[1] = sub_key(p, "en");
	}
	for (int k = 0; k < 2; k++) {
		if (!cJSON_IsString(texts[k]))
			continue;
		const char *s = texts[k]->valuestring, *at = strstr(s, "{n}");
		if (!at || strstr(at + 3, "{n}"))
			verr(v, paths[k].s, 0, "%s", tr(M_V_LABEL_NEEDS_N));
		else if (text_width(s) > LABEL_MAX_WIDTH)
			verr(v, paths[k].s, 0, tr(M_V_LABEL_TOO_WIDE), LABEL_MAX_WIDTH,
				LABEL_MAX_WIDTH / 2);
	}
}

static void check_track(vctx *v, const cJSON *t, const char *p)
{
	if (!check_object(v, t, p, track_fields) && !cJSON_IsObject(t))
		return;
	check_unique(v, "track", cJSON_GetObjectItemCaseSensitive(t, "id"), sub_key(p, "id").s);
	check_track_label(v, cJSON_GetObjectItemCaseSensitive(t, "label"), sub_key(p, "label").s);
	const cJSON *ss = cJSON_GetObjectItemCaseSensitive(t, "sessions");
	if (!cJSON_IsArray(ss))
		return;
	size_t n = (size_t)cJSON_GetArraySize(ss), i = 0;
	if (n == 0)
		verr(v, sub_key(p, "sessions").s, 0, "%s", tr(M_V_A_TRACK_NEEDS_AT_LEAST));
	const cJSON **numbers = xcalloc(n + 1, sizeof *numbers);
	for (const cJSON *s = ss->child; s; s = s->next, i++)
		check_session(v, s, sub_index(sub_key(p, "sessions").s, i).s, numbers, i);
	free(numbers);
}

/* The activity of kind KIND with id ID anywhere in TRACKS? */
static bool has_activity(const cJSON *tracks, const char *id, const char *kind)
{
	for (const cJSON *t = tracks->child; t; t = t->next) {
		const cJSON *ss = cJSON_GetObjectItemCaseSensitive(t, "sessions");
		for (const cJSON *s = cJSON_IsArray(ss) ? ss->child : NULL; s; s = s->next) {
			const cJSON *as = cJSON_GetObjectItemCaseSensitive(s, "activities");
			for (const cJSON *a = cJSON_IsArray(as) ? as->child : NULL; a; a = a->next) {
				const cJSON *aid = cJSON_GetObjectItemCaseSensitive(a, "id");
				const cJSON *ak = cJSON_GetObjectItemCaseSensitive(a, "kind");
				if (cJSON_IsString(aid) && cJSON_IsString(ak) && strcmp(aid->valuestring, id) == 0
					&& strcmp(ak->valuestring, kind) == 0)
					return true;
			}
		}
	}
	return false;
}

/* The ids of every activity of kind KIND in TRACKS into *IDS (malloc'd;
 * the strings are the tree's); returns how many. */
static size_t activity_ids(const cJSON *tracks, const char *kind, const char ***ids)
{
	size_t n = 0;
	*ids = NULL;
	for (const cJSON *t = tracks->child; t; t = t->next) {
		const cJSON *ss = cJSON_GetObjectItemCaseSensitive(t, "sessions");
		for (const cJSON *s = cJSON_IsArray(ss) ? ss->child : NULL; s; s = s->next) {
			const cJSON *as = cJSON_GetObjectItemCaseSensitive(s, "activities");
			for (const cJSON *a = cJSON_IsArray(as) ? as->child : NULL; a; a = a->next) {
				const cJSON *aid = cJSON_GetObjectItemCaseSensitive(a, "id");
				const cJSON *ak = cJSON_GetObjectItemCaseSensitive(a, "kind");
				if (cJSON_IsString(aid) && cJSON_IsString(ak) && strcmp(ak->valuestring, kind) == 0) {
					*ids = xrealloc(*ids, (n + 1) * sizeof **ids);
					(*ids)[n++] = aid->valuestring;
				}
			}
		}
	}
	return n;
}

static void check_section_drills(vctx *v, const cJSON *tracks, const cJSON *secs,
	const char *path)
{
	size_t i = 0;
	for (const cJSON *sec = cJSON_IsArray(secs) ? secs->child : NULL; sec; sec = sec->next, i++) {
		const cJSON *dr = cJSON_GetObjectItemCaseSensitive(sec, "drill");
		if (cJSON_IsString(dr) && !has_activity(tracks, dr->valuestring, "drill")) {
			const char **ids = NULL;
			size_t n = activity_ids(tracks, "drill", &ids);
			const char *best = expr_suggest_name(dr->valuestring, ids, n);
			if (best)
				verr(v, sub_key(sub_index(path, i).s, "drill").s, 0,
					tr(M_V_NO_DRILL_DID_YOU_MEAN), dr->valuestring, best);
			else
				verr(v, sub_key(sub_index(path, i).s, "drill").s, 0,
					tr(M_V_NO_DRILL_ACTIVITY), dr->valuestring);
			free(ids);
		}
	}
}

/* A document section that shows a drill's timeline names a drill. */
static void check_drill_refs(vctx *v, const cJSON *tracks)
{
	size_t ti = 0;
	for (const cJSON *t = tracks->child; t; t = t->next, ti++) {
		jpath tp = sub_index("tracks", ti);
		const cJSON *ss = cJSON_GetObjectItemCaseSensitive(t, "sessions");
		size_t si = 0;
		for (const cJSON *s = cJSON_IsArray(ss) ? ss->child : NULL; s; s = s->next, si++) {
			jpath sp = sub_index(sub_key(tp.s, "sessions").s, si);
			const cJSON *as = cJSON_GetObjectItemCaseSensitive(s, "activities");
			size_t ai = 0;
			for (const cJSON *a = cJSON_IsArray(as) ? as->child : NULL; a; a = a->next, ai++) {
				jpath ap = sub_index(sub_key(sp.s, "activities").s, ai);
				check_section_drills(v, tracks, cJSON_GetObjectItemCaseSensitive(a, "sections"),
					sub_key(ap.s, "sections").s);
				const cJSON *vs = cJSON_GetObjectItemCaseSensitive(a, "variants");
				size_t vi = 0;
				for (const cJSON *va = cJSON_IsArray(vs) ? vs->child : NULL; va;
					va = va->next, vi++)
					check_section_drills(v, tracks, cJSON_GetObjectItemCaseSensitive(va,
						"sections"), sub_key(sub_index(sub_key(ap.s, "variants").s, vi).s,
						"sections").s);
			}
		}
	}
}

static void check_scenario(vctx *v, const cJSON *root)
{
	if (!check_object(v, root, "", scenario_fields) && !cJSON_IsObject(root))
		return;
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (cJSON_IsString(fmt) && strcmp(fmt->valuestring, SCENARIO_FORMAT) != 0) {
		if (strncmp(fmt->valuestring, "mamori-scenario/", 16) == 0)
			verr(v, "format", 0, tr(M_V_FORMAT_IS_NEWER_THAN_THIS), fmt->valuestring, SCENARIO_FORMAT);
		else
			verr(v, "format", 0, tr(M_V_NOT_A_MAMORI_SCENARIO_FORMAT),
				SCENARIO_FORMAT);
	}
	const cJSON *tracks = cJSON_GetObjectItemCaseSensitive(root, "tracks");
	if (!cJSON_IsArray(tracks))
		return;
	if (cJSON_GetArraySize(tracks) == 0)
		verr(v, "tracks", 0, "%s", tr(M_V_A_SCENARIO_NEEDS_AT_LEAST));
	size_t i = 0;
	for (const cJSON *t = tracks->child; t; t = t->next, i++)
		check_track(v, t, sub_index("tracks", i).s);
	check_drill_refs(v, tracks);
}

/* Every number of the file (and of its data files) must be one a double
 * holds: 1e400 is read as infinity, which a stored scenario would turn into
 * null. Refused here, at the number, so validate and init agree. */
static bool all_finite(const cJSON *j)
{
	if (cJSON_IsNumber(j))
		return isfinite(j->valuedouble);
	for (const cJSON *c = (cJSON_IsArray(j) || cJSON_IsObject(j)) ? j->child : NULL; c;
		c = c->next)
		if (!all_finite(c))
			return false;
	return true;
}

static void check_numbers(vctx *v, const cJSON *j, const char *p)
{
	if (cJSON_IsNumber(j) && !isfinite(j->valuedouble))
		verr(v, p, 0, "%s", tr(M_V_NUMBER_NOT_FINITE));
	if (!cJSON_IsArray(j) && !cJSON_IsObject(j))
		return;
	size_t i = 0;
	for (const cJSON *c = j->child; c; c = c->next, i++) {
		if (cJSON_IsArray(j))
			check_numbers(v, c, sub_index(p, i).s);
		else
			check_numbers(v, c, sub_key(p, c->string ? c->string : "").s);
	}
}

/* ---- building the model (only after validation passed) ---------------- */

void read_lstr(const cJSON *obj, const char *key, lstr *out)
{
	lstr_from_json(cJSON_GetObjectItemCaseSensitive(obj, key), out);
}

void lstr_from_json(const cJSON *j, lstr *out)
{
	out->ja = out->en = NULL;
	if (cJSON_IsString(j)) {
		out->ja = xstrdup(j->valuestring);
	} else if (cJSON_IsObject(j)) {
		const cJSON *ja = cJSON_GetObjectItemCaseSensitive(j, "ja");
		const cJSON *en = cJSON_GetObjectItemCaseSensitive(j, "en");
		if (cJSON_IsString(ja))
			out->ja = xstrdup(ja->valuestring);
		if (cJSON_IsString(en))
			out->en = xstrdup(en->valuestring);
	}
}

void free_lstr(lstr *s)
{
	free(s->ja);
	free(s->en);
}

char *read_str(const cJSON *obj, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);
	return xstrdup(cJSON_IsString(j) ? j->valuestring : "");
}

int read_int(const cJSON *obj, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(j) ? (int)j->valuedouble : 0;
}

static void build_activity(const cJSON *a, activity *out, const session *s)
{
	out->id = read_str(a, "id");
	char *k = read_str(a, "kind");
	out->kind = kind_by_name(k);
	free(k);
	read_lstr(a, "title", &out->title);
	read_lstr(a, "prompt", &out->prompt);
	read_lstr(a, "body", &out->body);
	char *scope = read_str(a, "scope");
	out->scope = strcmp(scope, "company") == 0 ? SCOPE_COMPANY
		: strcmp(scope, "person") == 0 ? SCOPE_PERSON : SCOPE_GROUP;
	free(scope);
	out->minutes = read_int(a, "minutes");
	out->session = s;
	const kind_ops *ops = kind_of(out->kind);
	if (ops->build) {
		out->def = ops->build(a);
		out->storage = ops->storage ? ops->storage(out->def) : NULL;
	}
}

static void build_session(const cJSON *sj, session *out, const track *t)
{
	out->id = read_str(sj, "id");
	out->number = read_int(sj, "number");
	read_lstr(sj, "title", &out->title);
	read_lstr(sj, "seminar", &out->seminar);
	read_lstr(sj, "goal", &out->goal);
	out->minutes = read_int(sj, "minutes");
	out->track = t;
	const cJSON *acts = cJSON_GetObjectItemCaseSensitive(sj, "activities");
	out->nactivities = (size_t)cJSON_GetArraySize(acts);
	out->activities = xcalloc(out->nactivities, sizeof *out->activities);
	size_t i = 0;
	for (const cJSON *a = acts ? acts->child : NULL; a; a = a->next)
		build_activity(a, &out->activities[i++], out);
}

static scenario *build(const cJSON *root)
{
	scenario *sc = xcalloc(1, sizeof *sc);
	sc->id = read_str(root, "id");
	read_lstr(root, "title", &sc->title);
	read_lstr(root, "description", &sc->description);
	const cJSON *tracks = cJSON_GetObjectItemCaseSensitive(root, "tracks");
	sc->ntracks = (size_t)cJSON_GetArraySize(tracks);
	sc->tracks = xcalloc(sc->ntracks, sizeof *sc->tracks);
	size_t i = 0;
	for (const cJSON *tj = tracks->child; tj; tj = tj->next, i++) {
		track *t = &sc->tracks[i];
		t->id = read_str(tj, "id");
		read_lstr(tj, "title", &t->title);
		read_lstr(tj, "label", &t->label);
		const cJSON *ss = cJSON_GetObjectItemCaseSensitive(tj, "sessions");
		t->nsessions = (size_t)cJSON_GetArraySize(ss);
		t->sessions = xcalloc(t->nsessions, sizeof *t->sessions);
		size_t k = 0;
		for (const cJSON *sj = ss->child; sj; sj = sj->next)
			build_session(sj, &t->sessions[k++], t);
	}
	return sc;
}

void scenario_free(scenario *sc)
{
	if (!sc)
		return;
	for (size_t t = 0; t < sc->ntracks; t++) {
		track *tr = &sc->tracks[t];
		for (size_t s = 0; s < tr->nsessions; s++) {
			session *se = &tr->sessions[s];
			for (size_t a = 0; a < se->nactivities; a++) {
				activity *ac = &se->activities[a];
				free(ac->id);
				free_lstr(&ac->title);
				free_lstr(&ac->prompt);
				free_lstr(&ac->body);
				table_def_free(ac->table);
				if (ac->def && kind_of(ac->kind)->free)
					kind_of(ac->kind)->free(ac->def);
			}
			free(se->activities);
			free(se->id);
			free_lstr(&se->title);
			free_lstr(&se->seminar);
			free_lstr(&se->goal);
		}
		free(tr->sessions);
		free(tr->id);
		free_lstr(&tr->title);
		free_lstr(&tr->label);
	}
	free(sc->tracks);
	free(sc->id);
	free_lstr(&sc->title);
	free_lstr(&sc->description);
	free(sc);
}

/* ---- tables: checked once every table is known (refs cross tables) ---- */

typedef struct tables {
	table_def **defs;
	const cJSON **acts;
	char **paths;
	int n;
} tables;

static void collect_tables(const cJSON *root, tables *tb)
{
	const cJSON *tracks = cJSON_GetObjectItemCaseSensitive(root, "tracks");
	size_t ti = 0;
	for (const cJSON *t = cJSON_IsArray(tracks) ? tracks->child : NULL; t; t = t->next, ti++) {
		const cJSON *ss = cJSON_GetObjectItemCaseSensitive(t, "sessions");
		size_t si = 0;
		for (const cJSON *s = cJSON_IsArray(ss) ? ss->child : NULL; s; s = s->next, si++) {
			const cJSON *acts = cJSON_GetObjectItemCaseSensitive(s, "activities");
			size_t ai = 0;
			for (const cJSON *a = cJSON_IsArray(acts) ? acts->child : NULL; a;
				a = a->next, ai++) {
				const cJSON *k = cJSON_GetObjectItemCaseSensitive(a, "kind");
				if (!cJSON_IsString(k) || strcmp(k->valuestring, "table") != 0)
					continue;
				char p[256];
				snprintf(p, sizeof p, "tracks[%zu].sessions[%zu].activities[%zu]", ti, si, ai);
				tb->defs = xrealloc(tb->defs, (size_t)(tb->n + 1) * sizeof *tb->defs);
				tb->acts = xrealloc(tb->acts, (size_t)(tb->n + 1) * sizeof *tb->acts);
				tb->paths = xrealloc(tb->paths, (size_t)(tb->n + 1) * sizeof *tb->paths);
				tb->defs[tb->n] = table_build(a);
				tb->acts[tb->n] = a;
				tb->paths[tb->n] = xstrdup(p);
				tb->n++;
			}
		}
	}
}

static void attach_tables(scenario *sc, tables *tb)
{
	for (int k = 0; k < tb->n; k++) {
		activity *a = (activity *)scenario_find_activity(sc, tb->defs[k]->activity_id);
		if (a && a->kind == KIND_TABLE && !a->table) {
			a->table = tb->defs[k];
			a->storage = a->table;
			tb->defs[k] = NULL; /* now owned by the scenario */
		}
	}
}

static void tables_free(tables *tb)
{
	for (int k = 0; k < tb->n; k++) {
		table_def_free(tb->defs[k]);
		free(tb->paths[k]);
	}
	free(tb->defs);
	free(tb->acts);
	free(tb->paths);
}

/* ---- entry points ------------------------------------------------------ */

/* ---- data files: "rows_from" replaced by the rows it names ------------ */

/* A data file is a JSON array of row objects, or {"rows": [...]}. */
static void expand_rows_from(vctx *v, cJSON *act, const char *p, scenario_reader reader,
	void *rctx)
{
	cJSON *rf = cJSON_GetObjectItemCaseSensitive(act, "rows_from");
	if (!rf)
		return;
	jpath rp = sub_key(p, "rows_from");
	if (!cJSON_IsString(rf)) {
		verr(v, rp.s, 0, tr(M_V_EXPECTED_A_FILE_NAME_FOUND), json_type_word(rf));
	} else if (cJSON_GetObjectItemCaseSensitive(act, "rows")) {
		verr(v, rp.s, 1, "%s", tr(M_V_GIVE_EITHER_ROWS_OR_ROWS));
	} else if (!reader) {
		verr(v, rp.s, 0, "%s", tr(M_V_DATA_FILES_CAN_ONLY_BE));
	} else {
		size_t n = 0;
		char why[300] = "";
		char *data = reader(rctx, rf->valuestring, &n, why, sizeof why);
		if (!data) {
			verr(v, rp.s, 0, "%s", why);
		} else {
			jsonpos pos = {0};
			char msg[256];
			if (jsonpos_scan(data, n, &pos, msg, sizeof msg, NULL, NULL) != 0) {
				buf_printf(v->errs, "%s:%s\n", rf->valuestring, msg);
				v->nerrs++;
			} else {
				cJSON *dj = cJSON_ParseWithLength(data, n);
				cJSON *rows = cJSON_IsArray(dj) ? dj
					: cJSON_GetObjectItemCaseSensitive(dj, "rows");
				if (!cJSON_IsArray(rows))
					verr(v, rp.s, 0, tr(M_V_EXPECTED_AN_ARRAY_OF_ROWS),
						rf->valuestring);
				else
					cJSON_AddItemToObject(act, "rows", cJSON_Duplicate(rows, true));
				cJSON_Delete(dj);
			}
			jsonpos_free(&pos);
			free(data);
		}
	}
	cJSON_DeleteItemFromObjectCaseSensitive(act, "rows_from");
}

static void expand_data(vctx *v, cJSON *root, scenario_reader reader, void *rctx)
{
	cJSON *tracks = cJSON_GetObjectItemCaseSensitive(root, "tracks");
	size_t ti = 0;
	for (cJSON *t = cJSON_IsArray(tracks) ? tracks->child : NULL; t; t = t->next, ti++) {
		cJSON *ss = cJSON_GetObjectItemCaseSensitive(t, "sessions");
		size_t si = 0;
		for (cJSON *s = cJSON_IsArray(ss) ? ss->child : NULL; s; s = s->next, si++) {
			cJSON *acts = cJSON_GetObjectItemCaseSensitive(s, "activities");
			size_t ai = 0;
			for (cJSON *a = cJSON_IsArray(acts) ? acts->child : NULL; a; a = a->next, ai++) {
				char p[256];
				snprintf(p, sizeof p, "tracks[%zu].sessions[%zu].activities[%zu]", ti, si, ai);
				if (cJSON_IsObject(a))
					expand_rows_from(v, a, p, reader, rctx);
			}
		}
	}
}

/* Reads a data file named relative to the scenario file at CTX (a path):
 * only files beside the scenario or in the "data" folder next to its folder. */
static char *read_beside(void *ctx, const char *rel, size_t *n, char *why, size_t whysz)
{
	const char *scen = ctx;
	if (rel[0] == '/' || strstr(rel, "/../") || strstr(rel, "/./")
		|| (strncmp(rel, "../", 3) == 0 && strncmp(rel, "../data/", 8) != 0)
		|| strstr(rel + (strncmp(rel, "../", 3) == 0 ? 3 : 0), "..")) {
		snprintf(why, whysz, tr(M_V_DATA_FILE_WHERE), rel);
		return NULL;
	}
	const char *slash = strrchr(scen, '/');
	buf full = {0};
	if (slash)
		buf_append(&full, scen, (size_t)(slash - scen) + 1);
	buf_puts(&full, rel);
	FILE *f = fopen(buf_str(&full), "rb");
	if (!f) {
		snprintf(why, whysz, tr(M_V_DATA_FILE_UNREADABLE), buf_str(&full), strerror(errno));
		buf_free(&full);
		return NULL;
	}
	buf b = {0};
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= MAX_SCENARIO_BYTES)
		buf_append(&b, chunk, k);
	fclose(f);
	buf_free(&full);
	if (b.len > MAX_SCENARIO_BYTES || !utf8_valid(buf_str(&b), b.len)) {
		snprintf(why, whysz, tr(M_V_DATA_FILE_BAD), rel);
		buf_free(&b);
		return NULL;
	}
	*n = b.len;
	return buf_steal(&b);
}

mm_status scenario_parse(const char *name, const char *text, size_t len, scenario **out,
	buf *errs, int *nerrs)
{
	return scenario_parse_ex(name, text, len, NULL, NULL, out, NULL, errs, nerrs);
}

/* parse_impl's own flag: the text is a stored scenario (no position scan) */
#define PARSE_STORED (1u << 15)

static mm_status parse_impl(const char *name, const char *text, size_t len,
	scenario_reader reader, void *rctx, scenario **out, char **expanded, buf *errs,
	int *nerrs, unsigned flags, int *nwarns)
{
	*out = NULL;
	if (expanded)
		*expanded = NULL;
	vctx v = {.name = name, .errs = errs, .text = text, .len = len, .flags = flags};
	if (nwarns)
		*nwarns = 0;
	char msg[256];
	int dummy;
	if (!nerrs)
		nerrs = &dummy;
	*nerrs = 0;
	if (len > MAX_SCENARIO_BYTES) {
		buf_printf(errs, "%s:1:1: %s\n", name, tr(M_V_FILE_TOO_LARGE));
		*nerrs = 1;
		return MM_EUSER;
	}
	/* a stored scenario was checked for these when it was stored */
	if (!(flags & PARSE_STORED) && !utf8_valid(text, len)) {
		size_t i = 0;
		int line = 1;
		while (i < len) {
			uint32_t cp;
			size_t k = utf8_decode(text + i, len - i, &cp);
			if (cp == 0xFFFD && k == 1)
				break;
			if (text[i] == '\n')
				line++;
			i += k;
		}
		buf_printf(errs, "%s:%d:1: %s\n", name, line, tr(M_V_FILE_NOT_UTF8));
		*nerrs = 1;
		return MM_EUSER;
	}
	const char *nul = flags & PARSE_STORED ? NULL : memchr(text, '\0', len);
	if (nul) {
		int line = 1, col = 1;
		for (const char *q = text; q < nul; q++) {
			if (*q == '\n')
				line++, col = 1;
			else if (((unsigned char)*q & 0xC0) != 0x80)
				col++;
		}
		verr_at(&v, line, col, "", "%s", tr(M_V_FILE_NUL));
		*nerrs = 1;
		return MM_EUSER;
	}
	if (!(flags & PARSE_STORED)
		&& jsonpos_scan(text, len, &v.pos, msg, sizeof msg, dup_key, &v) != 0) {
		int line, col, at = 0;
		if (sscanf(msg, "%d:%d: %n", &line, &col, &at) == 2 && at > 0)
			verr_at(&v, line, col, "", "%s", msg + at);
		else
			verr_at(&v, 1, 1, "", "%s", msg);
		jsonpos_free(&v.pos);
		*nerrs = v.nerrs;
		return MM_EUSER;
	}
	const char *start = text;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		start += 3, len -= 3;
	cJSON *root = cJSON_ParseWithLength(start, len);
	if (!root) {
		buf_printf(errs, "%s:1:1: %s\n", name, tr(M_V_FILE_NOT_JSON));
		v.nerrs++;
	} else {
		expand_data(&v, root, reader, rctx);
		if (!all_finite(root)) /* the paths (costly to build) only to name one */
			check_numbers(&v, root, "");
		check_scenario(&v, root);
	}
	tables tb = {0};
	if (root) {
		collect_tables(root, &tb);
		table_check_all(&v, tb.defs, tb.acts, tb.paths, tb.n);
	}
	char *stored = NULL;
	if (v.nerrs == 0 && (expanded || reader)) {
		/* what init stores: its data files in, it must still fit (the same
		 * check init would make, made here, for validate too) */
		stored = cJSON_Print(root);
		if (!stored || strlen(stored) > MAX_SCENARIO_BYTES) {
			buf_printf(errs, "%s:1:1: %s\n", name, tr(M_V_STORED_TOO_LARGE));
			v.nerrs++;
			cJSON_free(stored);
			stored = NULL;
		}
	}
	if (v.nerrs == 0) {
		*out = build(root);
		attach_tables(*out, &tb);
		if (expanded)
			*expanded = stored;
		else
			cJSON_free(stored);
	}
	tables_free(&tb);
	cJSON_Delete(root);
	jsonpos_free(&v.pos);
	for (size_t k = 0; k < v.nseen; k++) {
		free(v.seen_ids[k]);
		free(v.seen_paths[k]);
	}
	free(v.seen_ids);
	free(v.seen_paths);
	*nerrs = v.nerrs;
	if (nwarns)
		*nwarns = v.nwarns;
	return v.nerrs ? MM_EUSER : MM_OK;
}

mm_status scenario_parse_stored(const char *name, const char *text, size_t len, scenario **out,
	buf *errs, int *nerrs)
{
	buf quiet = {0};
	mm_status rc = parse_impl(name, text, len, NULL, NULL, out, NULL, &quiet, nerrs,
		PARSE_STORED, NULL);
	buf_free(&quiet);
	if (rc == MM_OK)
		return MM_OK;
	return parse_impl(name, text, len, NULL, NULL, out, NULL, errs, nerrs, 0, NULL);
}

mm_status scenario_parse_ex(const char *name, const char *text, size_t len,
	scenario_reader reader, void *rctx, scenario **out, char **expanded, buf *errs,
	int *nerrs)
{
	return parse_impl(name, text, len, reader, rctx, out, expanded, errs, nerrs, 0, NULL);
}

static mm_status load_impl(const char *path, char **text_out, scenario **out, buf *errs,
	int *nerrs, unsigned flags, int *nwarns)
{
	*out = NULL;
	if (text_out)
		*text_out = NULL;
	if (nerrs)
		*nerrs = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		buf_printf(errs, "%s: %s: %s\n", path, tr(M_V_CANNOT_READ), strerror(errno));
		if (nerrs)
			*nerrs = 1;
		return MM_EIO;
	}
	buf text = {0};
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(&text, chunk, k);
		if (text.len > MAX_SCENARIO_BYTES)
			break;
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		buf_printf(errs, "%s: %s\n", path, tr(M_V_CANNOT_READ_FILE));
		buf_free(&text);
		if (nerrs)
			*nerrs = 1;
		return MM_EIO;
	}
	buf_puts(&text, "");
	char *expanded = NULL;
	mm_status rc = parse_impl(path, text.s, text.len, read_beside, (void *)path, out,
		text_out ? &expanded : NULL, errs, nerrs, flags, nwarns);
	if (rc == MM_OK && text_out) {
		*text_out = xstrdup(expanded);
		cJSON_free(expanded);
	}
	buf_free(&text);
	return rc;
}

mm_status scenario_load_file(const char *path, char **text_out, scenario **out, buf *errs,
	int *nerrs)
{
	return load_impl(path, text_out, out, errs, nerrs, 0, NULL);
}

mm_status scenario_validate_file(const char *path, unsigned flags, buf *errs, int *nerrs,
	int *nwarns)
{
	scenario *sc = NULL;
	if (nwarns)
		*nwarns = 0;
	mm_status rc = load_impl(path, NULL, &sc, errs, nerrs, flags, nwarns);
	scenario_free(sc);
	return rc;
}

const activity *scenario_find_activity(const scenario *sc, const char *id)
{
	for (size_t t = 0; t < sc->ntracks; t++)
		for (size_t s = 0; s < sc->tracks[t].nsessions; s++) {
			const session *se = &sc->tracks[t].sessions[s];
			for (size_t a = 0; a < se->nactivities; a++)
				if (strcmp(se->activities[a].id, id) == 0)
					return &se->activities[a];
		}
	return NULL;
}

const session *scenario_find_session(const scenario *sc, const char *id)
{
	for (size_t t = 0; t < sc->ntracks; t++)
		for (size_t s = 0; s < sc->tracks[t].nsessions; s++)
			if (strcmp(sc->tracks[t].sessions[s].id, id) == 0)
				return &sc->tracks[t].sessions[s];
	return NULL;
}

const session *scenario_step_session(const scenario *sc, const char *id, int dir)
{
	const session *prev = NULL;
	bool take_next = false;
	for (size_t t = 0; t < sc->ntracks; t++)
		for (size_t s = 0; s < sc->tracks[t].nsessions; s++) {
			const session *se = &sc->tracks[t].sessions[s];
			if (take_next)
				return se;
			if (!id || !*id)
				return se; /* before the first: either way starts at the first */
			if (strcmp(se->id, id) == 0) {
				if (dir < 0)
					return prev;
				take_next = true;
			}
			prev = se;
		}
	return NULL;
}

void scenario_session_label(const session *s, char *out, size_t n)
{
	const track *t = s->track;
	const char *fmt = t && t->label.ja ? L(&t->label) : NULL;
	const char *at = fmt ? strstr(fmt, "{n}") : NULL;
	if (!at) { /* no label: the track "workshop" has 第N回, any other 訪問N */
		bool visit = t && strcmp(t->id, "workshop") != 0;
		snprintf(out, n, tr(visit ? M_VISIT_N : M_SESSION_N), s->number);
		return;
	}
	int len = snprintf(out, n, "%.*s%d%s", (int)(at - fmt), fmt, s->number, at + 3);
	if (n > 1 && len >= (int)n) { /* cut: never inside a character */
		size_t end = n - 1, j = end - 1;
		while (j > 0 && ((unsigned char)out[j] & 0xC0) == 0x80)
			j--;
		unsigned char lead = (unsigned char)out[j];
		size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		if (end - j < need)
			out[j] = '\0';
	}
}
