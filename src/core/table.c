#include "table.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"

#define MAX_CELL_BYTES 65536

static const char *const type_names[COL_TYPE_COUNT] = {
	"text", "longtext", "number", "scale", "choice", "flags", "bool", "date", "ref",
	"computed",
};

const char *col_type_name(col_type t)
{
	return (unsigned)t < COL_TYPE_COUNT ? type_names[t] : "?";
}

int table_col_index(const table_def *t, const char *id)
{
	for (int k = 0; k < t->ncols; k++)
		if (strcmp(t->cols[k].id, id) == 0)
			return k;
	return -1;
}

bool col_is_numeric(const column *c)
{
	return c->type == COL_NUMBER || c->type == COL_SCALE || c->type == COL_BOOL
		|| c->type == COL_FLAGS;
}

/* Full-width ASCII (what a Japanese IME types for digits) to ASCII, and
 * surrounding space (ASCII or U+3000) trimmed. */
static char *normalise(const char *in)
{
	buf b = {0};
	size_t n = strlen(in), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(in + i, n - i, &cp);
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			buf_putc(&b, (char)(cp - 0xFF01 + 0x21));
		else if (cp == 0x3000)
			buf_putc(&b, ' ');
		else
			buf_append(&b, in + i, k);
		i += k;
	}
	char *s = buf_steal(&b);
	char *start = s;
	while (*start == ' ' || *start == '\t' || *start == '\r' || *start == '\n')
		start++;
	size_t len = strlen(start);
	while (len && (start[len - 1] == ' ' || start[len - 1] == '\t' || start[len - 1] == '\r'
		|| start[len - 1] == '\n'))
		len--;
	memmove(s, start, len);
	s[len] = '\0';
	return s;
}

/* IN's line breaks (LF, CRLF or CR: Excel's Alt+Enter, a pasted paragraph)
 * as a text column keeps them. Long text: kept, each as one LF. One-line
 * text (ONE_LINE): each run of breaks, with the blanks around it, becomes
 * " / ", and breaks at either end go, so the value stays one line in the
 * grid, in a reference list and in every export. */
static char *text_line_breaks(const char *in, bool one_line)
{
	buf b = {0};
	const char *p = in;
	if (one_line)
		while (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t')
			p++;
	while (*p) {
		if (*p != '\r' && *p != '\n') {
			buf_putc(&b, *p++);
			continue;
		}
		if (!one_line) {
			buf_putc(&b, '\n');
			p += (p[0] == '\r' && p[1] == '\n') ? 2 : 1;
			continue;
		}
		while (b.len && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t'))
			b.s[--b.len] = '\0';
		while (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t')
			p++;
		if (*p)
			buf_puts(&b, " / ");
	}
	return buf_steal(&b);
}

static void fmt_num(double v, char *out, size_t n)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(out, n, "%.0f", v);
	else
		snprintf(out, n, "%.10g", v);
}

static bool parse_double(const char *s, double *v)
{
	if (!*s)
		return false;
	/* thousands separators as people type them: 1,200,000 */
	char *clean = xmalloc(strlen(s) + 1);
	size_t o = 0;
	for (const char *p = s; *p; p++)
		if (*p != ',')
			clean[o++] = *p;
	clean[o] = '\0';
	char *end;
	*v = strtod(clean, &end);
	bool ok = o > 0 && *end == '\0' && isfinite(*v) && !strpbrk(clean, "xXpPnNiI");
	free(clean);
	return ok;
}

static char *normalise(const char *in);

/* Does label L match S (already normalised)? Labels are normalised the same
 * way, so 電子（社内PC） matches what an IME or a CSV gives either way. */
static bool label_is(const char *l, const char *s, bool fold)
{
	if (!l)
		return false;
	char *n = normalise(l);
	bool eq = fold ? strcasecmp(n, s) == 0 : strcmp(n, s) == 0;
	free(n);
	return eq;
}

static const col_option *find_option(const column *c, const char *s)
{
	for (int k = 0; k < c->noptions; k++) {
		const col_option *o = &c->options[k];
		if (strcmp(o->value, s) == 0 || label_is(o->value, s, false)
			|| label_is(o->label.ja, s, false) || label_is(o->label.en, s, true))
			return o;
	}
	char *end;
	long idx = strtol(s, &end, 10);
	if (*s && !*end && c->type != COL_SCALE && idx >= 1 && idx <= c->noptions)
		return &c->options[idx - 1];
	return NULL;
}

static void option_list(const column *c, buf *b)
{
	for (int k = 0; k < c->noptions; k++)
		buf_printf(b, "%s%s", k ? " / " : "", L(&c->options[k].label));
}

static mm_status range_error(const column *c, mm_error *err)
{
	char lo[32], hi[32];
	fmt_num(c->min, lo, sizeof lo);
	fmt_num(c->max, hi, sizeof hi);
	if (c->has_min && c->has_max)
		return mm_fail(err, MM_EUSER, tr(M_ERR_RANGE), lo, hi);
	if (c->has_min)
		return mm_fail(err, MM_EUSER, tr(M_ERR_MIN), lo);
	return mm_fail(err, MM_EUSER, tr(M_ERR_MAX), hi);
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static mm_status parse_date(const char *s, char **out, mm_error *err)
{
	int y, m, d;
	char sep1, sep2, extra;
	if (sscanf(s, "%d%c%d%c%d%c", &y, &sep1, &m, &sep2, &d, &extra) != 5
		|| sep1 != sep2 || (sep1 != '-' && sep1 != '/' && sep1 != '.'))
		return mm_fail(err, MM_EUSER, "%s", tr(M_ERR_DATE));
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1
		|| d > days[m - 1] + (m == 2 && leap(y)))
		return mm_fail(err, MM_EUSER, tr(M_ERR_NODATE), s);
	char b[48];
	snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
	*out = xstrdup(b);
	return MM_OK;
}

mm_status column_parse(const column *c, const char *input, char **out, mm_error *err)
{
	*out = NULL;
	if (c->type == COL_COMPUTED)
		return mm_fail(err, MM_EUSER, "%s", tr(M_ERR_COMPUTED));
	if (strlen(input) > MAX_CELL_BYTES)
		return mm_fail(err, MM_EUSER, tr(M_ERR_TOOLONG), MAX_CELL_BYTES);
	if (!utf8_valid(input, strlen(input)))
		return mm_fail(err, MM_EUSER, "%s", tr(M_CSV_NOT_UTF8));
	if (c->type == COL_LONGTEXT || c->type == COL_TEXT) {
		/* text keeps what was typed, but not only blanks */
		char *t = normalise(input);
		bool blank = !*t;
		free(t);
		if (blank && c->required)
			return mm_fail(err, MM_EUSER, "%s", tr(M_ERR_REQUIRED));
		if (blank) {
			*out = xstrdup("");
			return MM_OK;
		}
		char *v = text_line_breaks(input, c->type == COL_TEXT);
		if (strlen(v) > MAX_CELL_BYTES) {
			free(v);
			return mm_fail(err, MM_EUSER, tr(M_ERR_TOOLONG), MAX_CELL_BYTES);
		}
		*out = v;
		return MM_OK;
	}
	char *s = normalise(input);
	mm_status rc = MM_OK;
	if (!*s) {
		if (c->required)
			rc = mm_fail(err, MM_EUSER, "%s", tr(M_ERR_REQUIRED));
		else
			*out = xstrdup("");
		free(s);
		return rc;
	}
	switch (c->type) {
	case COL_NUMBER:
	case COL_SCALE: {
		double v;
		const col_option *o = c->type == COL_SCALE ? find_option(c, s) : NULL;
		if (o) {
			*out = xstrdup(o->value);
			break;
		}
		if (!parse_double(s, &v)) {
			rc = mm_fail(err, MM_EUSER, tr(M_ERR_NUMBER), s);
			break;
		}
		if (c->type == COL_SCALE && v != floor(v)) {
			rc = mm_fail(err, MM_EUSER, "%s", tr(M_ERR_INTEGER));
			break;
		}
		if ((c->has_min && v < c->min) || (c->has_max && v > c->max)) {
			rc = range_error(c, err);
			break;
		}
		char b[64];
		fmt_num(v, b, sizeof b);
		*out = xstrdup(b);
		break;
	}
	case COL_CHOICE: {
		const col_option *o = find_option(c, s);
		if (!o) {
			buf b = {0};
			option_list(c, &b);
			rc = mm_fail(err, MM_EUSER, tr(M_ERR_CHOICE), s, buf_str(&b));
			buf_free(&b);
			break;
		}
		*out = xstrdup(o->value);
		break;
	}
	case COL_FLAGS: {
		/* several of a set, separated by commas, 、 ・ or spaces */
		bool *on = xcalloc((size_t)c->noptions + 1, sizeof *on);
		char *copy = xstrdup(s);
		/* separators: comma, semicolon and 、 — not spaces or ・, which
		 * labels contain ("My Number", "セキュリティ意識・教育") */
		for (char *p = copy; *p; p++)
			if (*p == ',' || *p == ';' || *p == '\n' || *p == '\r')
				*p = '\x1f';
		buf tmp = {0};
		for (size_t i = 0; copy[i];) {
			if (strncmp(copy + i, "、", 3) == 0) {
				buf_putc(&tmp, '\x1f');
				i += 3;
			} else {
				buf_putc(&tmp, copy[i++]);
			}
		}
		free(copy);
		char *save = NULL;
		for (char *tok = strtok_r(tmp.s, "\x1f", &save); tok;
			tok = strtok_r(NULL, "\x1f", &save)) {
			while (*tok == ' ')
				tok++;
			size_t tl = strlen(tok);
			while (tl && tok[tl - 1] == ' ')
				tok[--tl] = '\0';
			if (!*tok)
				continue;
			const col_option *o = find_option(c, tok);
			if (o) {
				on[o - c->options] = true;
				continue;
			}
			/* "個人情報・要配慮個人情報": ・ separates when the whole is no label */
			char *bad = NULL, *save2 = NULL;
			bool *sub = xcalloc((size_t)c->noptions + 1, sizeof *sub);
			buf parts = {0};
			for (const char *p = tok; *p;) {
				if (strncmp(p, "・", 3) == 0) {
					buf_putc(&parts, '\x1e');
					p += 3;
				} else {
					buf_putc(&parts, *p++);
				}
			}
			bool any = false;
			for (char *part = strtok_r(parts.s, "\x1e", &save2); part && !bad;
				part = strtok_r(NULL, "\x1e", &save2)) {
				const col_option *po = find_option(c, part);
				if (po)
					sub[po - c->options] = true, any = true;
				else
					bad = part;
			}
			if (!bad && any) {
				for (int k = 0; k < c->noptions; k++)
					on[k] |= sub[k];
			} else {
				buf b = {0};
				option_list(c, &b);
				rc = mm_fail(err, MM_EUSER, tr(M_ERR_CHOICE), tok, buf_str(&b));
				buf_free(&b);
			}
			buf_free(&parts);
			free(sub);
			if (rc != MM_OK)
				break;
		}
		if (rc == MM_OK) {
			buf b = {0};
			for (int k = 0; k < c->noptions; k++)
				if (on[k])
					buf_printf(&b, "%s%s", b.len ? "," : "", c->options[k].value);
			*out = buf_steal(&b);
		}
		buf_free(&tmp);
		free(on);
		break;
	}
	case COL_BOOL: {
		static const char *const yes[] = {"1", "y", "yes", "true", "はい", "有", "あり",
			"○", "✓", NULL};
		static const char *const no[] = {"0", "n", "no", "false", "いいえ", "無", "なし",
			"×", "-", NULL};
		for (const char *const *w = yes; *w && !*out; w++)
			if (strcasecmp(s, *w) == 0)
				*out = xstrdup("1");
		for (const char *const *w = no; *w && !*out; w++)
			if (strcasecmp(s, *w) == 0)
				*out = xstrdup("0");
		if (!*out)
			rc = mm_fail(err, MM_EUSER, "%s", tr(M_ERR_BOOL));
		break;
	}
	case COL_DATE:
		rc = parse_date(s, out, err);
		break;
	case COL_REF: {
		char *end;
		long long id = strtoll(s, &end, 10);
		if (*end || id <= 0)
			rc = mm_fail(err, MM_EUSER, tr(M_ERR_REF), s, c->ref_table);
		else
			*out = xstrdup(s);
		break;
	}
	default:
		*out = xstrdup(s);
	}
	free(s);
	return rc;
}

static const col_option *option_by_value(const column *c, const char *v)
{
	for (int k = 0; k < c->noptions; k++)
		if (strcmp(c->options[k].value, v) == 0)
			return &c->options[k];
	return NULL;
}

const band *column_band(const column *c, double v)
{
	for (int k = 0; k < c->nbands; k++)
		if (v >= c->bands[k].min && v <= c->bands[k].max)
			return &c->bands[k];
	return NULL;
}

/* "1170000" as "1,170,000" for reading (what is stored stays plain). */
static void group_digits(const char *s, char *out, size_t n)
{
	const char *digits = s + (*s == '-');
	size_t intlen = strspn(digits, "0123456789");
	if (intlen < 4 || strlen(s) + intlen / 3 + 1 > n) {
		snprintf(out, n, "%s", s);
		return;
	}
	size_t o = 0;
	if (*s == '-')
		out[o++] = '-';
	for (size_t i = 0; i < intlen; i++) {
		if (i && (intlen - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	snprintf(out + o, n - o, "%s", digits + intlen);
}

void column_format_buf(const column *c, const char *stored, buf *out)
{
	if (!stored || !*stored)
		return;
	switch (c->type) {
	case COL_CHOICE: {
		const col_option *o = option_by_value(c, stored);
		buf_puts(out, o ? L(&o->label) : stored);
		break;
	}
	case COL_FLAGS: {
		bool first = true;
		char *copy = xstrdup(stored), *save = NULL;
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			const col_option *o = option_by_value(c, tok);
			buf_printf(out, "%s%s", first ? "" : tr(M_LIST_SEP),
				o ? L(&o->label) : tok);
			first = false;
		}
		free(copy);
		break;
	}
	case COL_BOOL:
		buf_puts(out, strcmp(stored, "1") == 0 ? tr(M_YES) : tr(M_NO));
		break;
	case COL_NUMBER:
	case COL_SCALE: {
		const band *b = NULL;
		double v = strtod(stored, NULL);
		b = column_band(c, v);
		char grouped[96];
		group_digits(stored, grouped, sizeof grouped);
		if (b && b->label.ja)
			buf_printf(out, "%s %s", grouped, L(&b->label));
		else if (c->unit.ja)
			buf_printf(out, "%s%s", grouped, L(&c->unit));
		else
			buf_puts(out, grouped);
		break;
	}
	default:
		buf_puts(out, stored);
	}
}

void column_format(const column *c, const char *stored, char *out, size_t n)
{
	buf b = {0};
	column_format_buf(c, stored, &b);
	snprintf(out, n, "%s", buf_str(&b));
	buf_free(&b);
}

expr_value column_value(const column *c, const char *stored)
{
	expr_value v = {EXPR_BLANK, 0, NULL};
	if (!stored || !*stored)
		return v;
	switch (c->type) {
	case COL_NUMBER:
	case COL_SCALE: {
		v.kind = EXPR_NUM;
		/* most stored numbers are small whole ones (a rating): read
		 * without strtod, which is a third of computing a column */
		long n = 0;
		int k = 0;
		while (k < 9 && stored[k] >= '0' && stored[k] <= '9')
			n = n * 10 + (stored[k++] - '0');
		v.num = k > 0 && !stored[k] ? (double)n : strtod(stored, NULL);
		break;
	}
	case COL_BOOL:
		v.kind = EXPR_NUM;
		v.num = strcmp(stored, "1") == 0;
		break;
	case COL_FLAGS: {
		v.kind = EXPR_NUM;
		v.num = 1;
		for (const char *p = stored; *p; p++)
			v.num += *p == ',';
		break;
	}
	default:
		v.kind = EXPR_TEXT;
		v.text = stored;
	}
	return v;
}

expr_coltype column_exprtype(const column *c)
{
	expr_coltype t = {EXPR_T_TEXT, false, 0, 0};
	switch (c->type) {
	case COL_NUMBER:
		t.type = EXPR_T_NUM;
		t.bounded = c->has_min && c->has_max;
		t.min = c->min;
		t.max = c->max;
		break;
	case COL_SCALE:
		t.type = EXPR_T_NUM;
		t.bounded = true;
		t.min = c->min;
		t.max = c->max;
		break;
	case COL_BOOL:
		t.type = EXPR_T_BOOL;
		t.bounded = true;
		t.min = 0;
		t.max = 1;
		break;
	case COL_FLAGS: /* how many are ticked; none ticked is a blank cell */
		t.type = EXPR_T_NUM;
		t.bounded = true;
		t.min = c->noptions ? 1 : 0;
		t.max = c->noptions;
		break;
	case COL_COMPUTED:
		t.type = EXPR_T_ANY;
		break;
	default:
		break;
	}
	return t;
}

static void free_lstr_(lstr *s)
{
	free(s->ja);
	free(s->en);
}

static void free_rows(seed_row *rows, int n, int ncols)
{
	for (int r = 0; r < n; r++) {
		for (int k = 0; k < ncols; k++)
			free(rows[r].values[k]);
		free(rows[r].values);
	}
	free(rows);
}

/* How soon a column comes on the projector: 0 first. */
static int present_rank(const table_def *t, int k)
{
	if (k == t->label_col)
		return 0;
	switch (t->cols[k].type) {
	case COL_COMPUTED: return 1;
	case COL_SCALE: case COL_CHOICE: case COL_BOOL: case COL_FLAGS: return 2;
	case COL_NUMBER: case COL_DATE: case COL_REF: return 3;
	case COL_TEXT: return 4;
	default: return 5;
	}
}

int table_present_order(const table_def *t, int *order)
{
	int n = 0;
	for (int p = 0; p < t->npresent; p++)
		order[n++] = t->present[p];
	int given = n;
	int shown = n;
	for (int rank = 0; rank <= 5; rank++)
		for (int k = 0; k < t->ncols; k++) {
			if (present_rank(t, k) != rank)
				continue;
			bool had = false;
			for (int j = 0; j < given; j++)
				had = had || order[j] == k;
			if (had)
				continue;
			order[n++] = k;
			if (!given && rank < 4)
				shown = n;
		}
	return shown ? shown : (n ? 1 : 0);
}

void table_def_free(table_def *t)
{
	if (!t)
		return;
	free(t->present);
	free(t->referrers);
	free_rows(t->rows, t->nrows, t->ncols);
	free_rows(t->example, t->nexample, t->ncols);
	for (int k = 0; k < t->ncols; k++) {
		column *c = &t->cols[k];
		free(c->id);
		free_lstr_(&c->title);
		free_lstr_(&c->help);
		free_lstr_(&c->unit);
		for (int o = 0; o < c->noptions; o++) {
			free(c->options[o].value);
			free_lstr_(&c->options[o].label);
		}
		free(c->options);
		for (int b = 0; b < c->nbands; b++)
			free_lstr_(&c->bands[b].label);
		free(c->bands);
		free(c->ref_table);
		free(c->expr_src);
		expr_free(c->ex);
	}
	free(t->cols);
	free_lstr_(&t->heat_title);
	free(t->activity_id);
	free(t);
}
