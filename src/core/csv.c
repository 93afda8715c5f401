/* csv.c — CSV import and export: encodings (UTF-8, UTF-8 with BOM, CP932) and
 * RFC 4180 records. See csv.h for what each function promises. */
#include "csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

#define MIB (1024.0 * 1024.0)

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* Offset of the first byte of S that does not begin a valid UTF-8 sequence,
 * or N when all of S is valid (a U+FFFD written out in the text is valid). */
static size_t utf8_bad_offset(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && !(k == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return i;
		i += k;
	}
	return n;
}

/* Where offset OFF of the N bytes at S is: its physical line (CRLF, LF and a
 * lone CR each end one) and the offset at which that line starts. */
static int line_of(const char *s, size_t n, size_t off, size_t *line_start)
{
	int line = 1;
	size_t start = 0;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue; /* the LF ends this line */
		if (s[i] == '\r' || s[i] == '\n') {
			line++;
			start = i + 1;
		}
	}
	if (line_start)
		*line_start = start;
	return line;
}

/* Converts N bytes at IN from FROM to TO with glibc iconv, without any
 * transliteration or skipping. Returns 0 and a malloc'd NUL-terminated result
 * in *OUT, *OUTN; -1 with the offset where conversion stopped (an invalid or
 * unconvertible sequence) in *BAD; -2 when iconv lacks the conversion. */
static int convert(const char *to, const char *from, const char *in, size_t n,
	char **out, size_t *outn, size_t *bad)
{
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1)
		return -2;
	size_t cap = n + n / 2 + 16;
	char *o = xmalloc(cap);
	char *ip = (char *)in; /* iconv does not write to its input */
	size_t il = n;
	char *op = o;
	size_t ol = cap - 1; /* room for the NUL */
	while (il > 0) {
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG) {
			size_t used = (size_t)(op - o);
			cap *= 2;
			o = xrealloc(o, cap);
			op = o + used;
			ol = cap - 1 - used;
			continue;
		}
		/* EILSEQ: invalid or unconvertible; EINVAL: cut short at the end */
		*bad = (size_t)(ip - in);
		free(o);
		iconv_close(cd);
		return -1;
	}
	/* UTF-8 and CP932 keep no shift state, so there is nothing to flush. */
	iconv_close(cd);
	*op = '\0';
	*out = o;
	*outn = (size_t)(op - o);
	return 0;
}

static void set_out(char *s, size_t len, csv_encoding enc, char **out, size_t *len_out,
	csv_encoding *enc_out)
{
	*out = s;
	if (len_out)
		*len_out = len;
	if (enc_out)
		*enc_out = enc;
}

mm_status csv_decode(const char *data, size_t n, char **utf8_out, size_t *len_out,
	csv_encoding *enc_out, mm_error *err)
{
	if (n == 0) {
		set_out(xstrdup(""), 0, CSV_UTF8, utf8_out, len_out, enc_out);
		return MM_OK;
	}
	if (n > CSV_MAX_FILE)
		return mm_fail(err, MM_EUSER, tr(M_CSV_TOO_LARGE), (double)n / MIB,
			(size_t)(CSV_MAX_FILE >> 20));
	const unsigned char *u = (const unsigned char *)data;
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return mm_fail(err, MM_EUSER, "%s", tr(M_CSV_UTF16));

	csv_encoding enc = CSV_UTF8;
	if (n >= 3 && memcmp(data, utf8_bom, 3) == 0) {
		/* Columns count from after the mark: no editor shows it. */
		data += 3;
		n -= 3;
		enc = CSV_UTF8_BOM;
	}
	size_t start;
	const char *nul = memchr(data, '\0', n);
	if (nul) {
		size_t off = (size_t)(nul - data);
		int line = line_of(data, n, off, &start);
		return mm_fail_at(err, MM_EUSER, line, off - start + 1, NULL, "%s",
			tr(M_CSV_NUL_FILE));
	}

	size_t bad = utf8_bad_offset(data, n);
	if (bad == n) {
		set_out(xstrndup(data, n), n, enc, utf8_out, len_out, enc_out);
		return MM_OK;
	}
	if (enc == CSV_UTF8_BOM) {
		int line = line_of(data, n, bad, &start);
		return mm_fail_at(err, MM_EUSER, line, bad - start + 1, NULL, "%s",
			tr(M_CSV_NOT_UTF8));
	}

	char *o;
	size_t on, sjis_bad;
	int r = convert("UTF-8", "CP932", data, n, &o, &on, &sjis_bad);
	if (r == 0) {
		set_out(o, on, CSV_CP932, utf8_out, len_out, enc_out);
		return MM_OK;
	}
	if (r == -2)
		return mm_fail(err, MM_EIO, "%s", tr(M_CSV_NO_CP932_READ));
	/* Neither reads it. Point at the byte where the reading that got furthest
	 * stopped: the file is most likely in that encoding with one bad spot. */
	if (sjis_bad > bad)
		bad = sjis_bad;
	int line = line_of(data, n, bad, &start);
	return mm_fail_at(err, MM_EUSER, line, bad - start + 1, NULL, "%s", tr(M_CSV_NOT_TEXT));
}

mm_status csv_encode(const char *utf8, size_t n, csv_encoding enc, char **out,
	size_t *outn, mm_error *err)
{
	if (n == 0)
		utf8 = "";
	size_t start, col;
	size_t bad = utf8_bad_offset(utf8, n);
	if (bad < n) {
		int line = line_of(utf8, n, bad, &start);
		col = 1;
		for (size_t i = start; i < bad; col++) {
			uint32_t cp;
			i += utf8_decode(utf8 + i, bad - i, &cp);
		}
		return mm_fail_at(err, MM_EUSER, line, col, NULL, "%s", tr(M_CSV_NOT_UTF8));
	}

	switch (enc) {
	case CSV_UTF8:
		*out = xstrndup(utf8, n);
		*outn = n;
		return MM_OK;
	case CSV_UTF8_BOM: {
		buf b = {0};
		buf_append(&b, utf8_bom, 3);
		buf_append(&b, utf8, n);
		*outn = b.len;
		*out = buf_steal(&b);
		return MM_OK;
	}
	case CSV_CP932:
		break;
	default:
		return mm_fail(err, MM_EUSER, tr(M_CSV_BAD_ENCODING), (int)enc);
	}

	int r = convert("CP932", "UTF-8", utf8, n, out, outn, &bad);
	if (r == 0)
		return MM_OK;
	if (r == -2)
		return mm_fail(err, MM_EIO, "%s", tr(M_CSV_NO_CP932_WRITE));

	uint32_t cp;
	size_t k = utf8_decode(utf8 + bad, n - bad, &cp);
	int line = line_of(utf8, n, bad, &start);
	col = 1;
	for (size_t i = start; i < bad; col++) {
		uint32_t c;
		i += utf8_decode(utf8 + i, bad - i, &c);
	}
	/* Show the character itself only when it is visible: a control character
	 * in a message could upset the terminal, an invisible one says nothing. */
	if (cp >= 0xA0 && !cp_is_bidi_control(cp) && cp_width(cp) > 0)
		return mm_fail_at(err, MM_EUSER, line, col, NULL, tr(M_CSV_NO_SJIS_CHAR), (int)k,
			utf8 + bad, (unsigned)cp);
	return mm_fail_at(err, MM_EUSER, line, col, NULL, tr(M_CSV_NO_SJIS_CP), (unsigned)cp);
}

/* --- the formula guard --- */

static bool formula_guard = true;

void csv_set_formula_guard(bool on)
{
	formula_guard = on;
}

bool csv_formula_guard(void)
{
	return formula_guard;
}

/* A plain decimal number: [+-] digits [. digits] [e [+-] digits]. A
 * spreadsheet reads it as that number, never as a formula. */
static bool plain_number(const char *f, size_t len)
{
	size_t i = 0, digits = 0;
	if (i < len && (f[i] == '+' || f[i] == '-'))
		i++;
	for (; i < len && f[i] >= '0' && f[i] <= '9'; i++)
		digits++;
	if (i < len && f[i] == '.')
		for (i++; i < len && f[i] >= '0' && f[i] <= '9'; i++)
			digits++;
	if (!digits)
		return false;
	if (i < len && (f[i] == 'e' || f[i] == 'E')) {
		size_t e = 0;
		i++;
		if (i < len && (f[i] == '+' || f[i] == '-'))
			i++;
		for (; i < len && f[i] >= '0' && f[i] <= '9'; i++)
			e++;
		if (!e)
			return false;
	}
	return i == len;
}

/* Formula injection (OWASP "CSV injection"): a field such as
 * "=HYPERLINK(...)", "@SUM(A1)", "+cmd|..." or "-2+3+cmd|..." (also one
 * starting with a tab or CR) runs as a formula when a spreadsheet opens the
 * file. With the guard on, export writes such a field with a ' in front and
 * import takes exactly one ' off again, so export -> import gives back every
 * value as it was. Decisions:
 *   - a field that is a plain number ("-3", "+5", "1e5") is written as is,
 *     whatever its column: a spreadsheet reads it as the same number, and
 *     a number column's -3 must stay -3;
 *   - a field whose text already begins with ' followed by such a text
 *     ("'=x") gets one more ' ("''=x"), so that import's removal of one '
 *     gives it back exactly; a ' before anything else ("'abc") is data and
 *     left alone both ways.
 * True when F (LEN bytes) gets the '. */
static bool guard_needed(const char *f, size_t len)
{
	size_t i = 0;
	while (i < len && f[i] == '\'')
		i++;
	if (i == len)
		return false;
	char c = f[i];
	if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r')
		return false;
	return !plain_number(f + i, len - i);
}

/* --- parsing --- */

typedef struct parser {
	const char *s;
	size_t n;
	size_t i;      /* next byte to read */
	int line;      /* physical line of s[i] */
	buf strs;      /* the current record's fields, each NUL-terminated */
	size_t nf;     /* fields in strs */
	size_t rcap;   /* records allocated in doc */
	csv_doc *doc;
	mm_error *err;
} parser;

static bool ends_field(char c)
{
	return c == ',' || c == '\r' || c == '\n';
}

static mm_status unexpected_quote(parser *p, size_t col)
{
	return mm_fail_at(p->err, MM_EUSER, p->line, col, NULL, "%s", tr(M_CSV_QUOTE));
}

/* Checks the field just read: LEN bytes at F that began on line FLINE. */
static mm_status check_field(parser *p, const char *f, size_t len, int fline, size_t col)
{
	if (len > CSV_MAX_FIELD)
		return mm_fail_at(p->err, MM_EUSER, fline, col, NULL, tr(M_CSV_FIELD_LONG),
			(size_t)(CSV_MAX_FIELD >> 20));
	const char *nul = memchr(f, '\0', len);
	size_t bad = nul ? (size_t)(nul - f) : utf8_bad_offset(f, len);
	if (bad < len) {
		/* A quoted field keeps its line breaks, so the bad byte's line is the
		 * field's first line plus the breaks before it. */
		int line = fline + line_of(f, len, bad, NULL) - 1;
		return mm_fail_at(p->err, MM_EUSER, line, col, NULL, "%s",
			tr(nul ? M_CSV_NUL : M_CSV_NOT_UTF8));
	}
	return MM_OK;
}

/* Reads field number COL starting at s[i], leaving i at the byte after it. */
static mm_status parse_field(parser *p, size_t col)
{
	const char *s = p->s;
	size_t n = p->n;
	size_t start = p->strs.len;
	int fline = p->line;

	if (p->i < n && s[p->i] == '"') {
		p->i++;
		for (;;) {
			size_t j = p->i;
			while (j < n && s[j] != '"' && s[j] != '\r' && s[j] != '\n')
				j++;
			buf_append(&p->strs, s + p->i, j - p->i);
			p->i = j;
			if (j >= n)
				return mm_fail_at(p->err, MM_EUSER, fline, col, NULL, "%s",
					tr(M_CSV_UNCLOSED));
			if (s[j] == '"') {
				if (j + 1 < n && s[j + 1] == '"') {
					buf_putc(&p->strs, '"');
					p->i = j + 2;
					continue;
				}
				p->i = j + 1;
				break;
			}
			size_t k = (s[j] == '\r' && j + 1 < n && s[j + 1] == '\n') ? 2 : 1;
			buf_append(&p->strs, s + j, k);
			p->i = j + k;
			p->line++;
		}
		if (p->i < n && !ends_field(s[p->i]))
			return unexpected_quote(p, col);
	} else {
		size_t j = p->i;
		while (j < n && !ends_field(s[j])) {
			if (s[j] == '"') {
				p->i = j;
				return unexpected_quote(p, col);
			}
			j++;
		}
		buf_append(&p->strs, s + p->i, j - p->i);
		p->i = j;
	}
	mm_status st = check_field(p, buf_str(&p->strs) + start, p->strs.len - start, fline, col);
	if (st != MM_OK)
		return st;
	/* the formula guard's ' comes off again (see guard_needed) */
	char *f = p->strs.s + start;
	size_t flen = p->strs.len - start;
	if (formula_guard && flen > 1 && f[0] == '\'' && guard_needed(f + 1, flen - 1)) {
		memmove(f, f + 1, flen - 1);
		p->strs.len--;
	}
	buf_putc(&p->strs, '\0');
	p->nf++;
	return MM_OK;
}

/* Moves the fields read into a new record starting on LINE: the pointer array
 * and the strings it points to share one allocation. */
static void finish_record(parser *p, int line)
{
	csv_doc *doc = p->doc;
	if (doc->nrecords == p->rcap) {
		p->rcap = p->rcap ? p->rcap * 2 : 16;
		doc->records = xrealloc(doc->records, p->rcap * sizeof *doc->records);
	}
	size_t ptrs = p->nf * sizeof(char *);
	char **fields = xmalloc(ptrs + p->strs.len);
	char *str = (char *)fields + ptrs;
	memcpy(str, p->strs.s, p->strs.len);
	for (size_t k = 0; k < p->nf; k++) {
		fields[k] = str;
		str += strlen(str) + 1;
	}
	csv_record *r = &doc->records[doc->nrecords++];
	r->nfields = p->nf;
	r->fields = fields;
	r->line = line;
	buf_clear(&p->strs);
	p->nf = 0;
}

mm_status csv_parse(const char *utf8, size_t n, csv_doc *doc, mm_error *err)
{
	doc->nrecords = 0;
	doc->records = NULL;
	if (n > CSV_MAX_TEXT)
		return mm_fail(err, MM_EUSER, tr(M_CSV_TEXT_TOO_LARGE), (double)n / MIB,
			(size_t)(CSV_MAX_TEXT >> 20));

	parser p = {.s = utf8, .n = n, .line = 1, .doc = doc, .err = err};
	/* Line breaks at the very end are not records: stop before them. They
	 * cannot belong to a quoted field, which would have to end with '"'. */
	size_t end = n;
	while (end > 0 && (utf8[end - 1] == '\r' || utf8[end - 1] == '\n'))
		end--;

	while (p.i < end) {
		int line = p.line;
		for (size_t col = 1;; col++) {
			mm_status st = parse_field(&p, col);
			if (st != MM_OK) {
				buf_free(&p.strs);
				csv_doc_free(doc);
				return st;
			}
			if (p.i >= n)
				break;
			if (utf8[p.i] == ',') {
				p.i++;
				continue;
			}
			p.i += (utf8[p.i] == '\r' && p.i + 1 < n && utf8[p.i + 1] == '\n') ? 2 : 1;
			p.line++;
			break;
		}
		finish_record(&p, line);
	}
	buf_free(&p.strs);
	return MM_OK;
}

void csv_doc_free(csv_doc *doc)
{
	for (size_t i = 0; i < doc->nrecords; i++)
		free(doc->records[i].fields);
	free(doc->records);
	doc->records = NULL;
	doc->nrecords = 0;
}

/* --- writing --- */

static bool is_edge_space(const char *f, size_t len, bool at_end)
{
	char c = at_end ? f[len - 1] : f[0];
	if (c == ' ' || c == '\t')
		return true;
	/* U+3000 IDEOGRAPHIC SPACE, which trimming readers drop too */
	return len >= 3 && memcmp(at_end ? f + len - 3 : f, "\xE3\x80\x80", 3) == 0;
}

static bool needs_quotes(const char *f, size_t len)
{
	if (len == 0)
		return false;
	return strpbrk(f, ",\"\r\n") != NULL || is_edge_space(f, len, false) ||
		is_edge_space(f, len, true);
}

void csv_write_record(buf *out, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *f = fields[i] ? fields[i] : "";
		size_t len = strlen(f);
		if (i > 0)
			buf_putc(out, ',');
		bool guard = formula_guard && guard_needed(f, len);
		/* A lone empty field would be an empty line, which is no record at
		 * the end of a file: write it as "". */
		if (!needs_quotes(f, len) && !(n == 1 && len == 0)) {
			if (guard)
				buf_putc(out, '\'');
			buf_append(out, f, len);
			continue;
		}
		buf_putc(out, '"');
		if (guard)
			buf_putc(out, '\'');
		const char *q;
		while ((q = strchr(f, '"')) != NULL) {
			buf_append(out, f, (size_t)(q - f) + 1);
			buf_putc(out, '"');
			f = q + 1;
		}
		buf_puts(out, f);
		buf_putc(out, '"');
	}
	buf_append(out, "\r\n", 2);
}
