#include "text.h"
#include "buf.h"

#include <string.h>

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0)
		return 0;
	unsigned c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return len;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

bool utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) { /* most of a scenario: no decoding */
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && !(k == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return false;
		i += k;
	}
	return true;
}

struct range {
	uint32_t lo, hi;
};

/* East Asian Wide (W) and Fullwidth (F) ranges, Unicode 15. */
static const struct range wide[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
	{0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
	{0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
	{0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
	{0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
	{0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
	{0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x303E},
	{0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
	{0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19},
	{0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4},
	{0x17000, 0x18CFF}, {0x1AFF0, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
	{0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
	{0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
	{0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/* Combining marks and other zero-width characters (the common blocks). */
static const struct range zero[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
	{0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},
	{0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E},
	{0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D}, {0x3099, 0x309A},
	{0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

static bool in_table(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Columns the text_escape_controls form of an invalid byte takes: "<0xFF>". */
#define BAD_BYTE_WIDTH 6

int cp_width(uint32_t cp)
{
	/* controls are drawn as text_escape_controls shows them: "^[" and "^?"
	 * (a line feed breaks a line and takes no column), "<U+0085>" */
	if (cp == '\n' || cp == 0)
		return 0;
	if (cp < 0x20 || cp == 0x7F)
		return 2;
	if (cp >= 0x80 && cp < 0xA0)
		return 8;
	if (cp < 0x300)
		return 1;
	if (cp_is_bidi_control(cp))
		return 8; /* "<U+202E>" */
	if (in_table(cp, zero, sizeof zero / sizeof zero[0]))
		return 0;
	if (in_table(cp, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

/* The columns of the character (or invalid byte) at S, as drawn; its byte
 * length in *K. */
static int unit_width(const char *s, size_t n, size_t *k)
{
	uint32_t cp;
	*k = utf8_decode(s, n, &cp);
	if (cp == 0xFFFD && *k == 1)
		return BAD_BYTE_WIDTH;
	return cp_width(cp);
}

int text_nwidth(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		size_t k;
		w += unit_width(s + i, n - i, &k);
		i += k;
	}
	return w;
}

int text_width(const char *s)
{
	return text_nwidth(s, strlen(s));
}

size_t text_fit(const char *s, int cols, int *wout)
{
	size_t n = strlen(s), i = 0;
	int w = 0;
	while (i < n) {
		size_t k;
		int cw = unit_width(s + i, n - i, &k);
		if (w + cw > cols)
			break;
		w += cw;
		i += k;
	}
	if (wout)
		*wout = w;
	return i;
}

void text_fit_pad(const char *s, int cols, char *out)
{
	int w;
	size_t n;
	if (cols <= 0) {
		out[0] = '\0';
		return;
	}
	if (text_width(s) <= cols) {
		n = strlen(s);
		w = text_width(s);
		memcpy(out, s, n);
	} else {
		n = text_fit(s, cols - 1, &w);
		memcpy(out, s, n);
		out[n++] = '~';
		w++;
	}
	while (w < cols) {
		out[n++] = ' ';
		w++;
	}
	out[n] = '\0';
}

size_t text_offset_at_col(const char *s, int col)
{
	size_t n = strlen(s), i = 0;
	int w = 0;
	while (i < n) {
		size_t k;
		int cw = unit_width(s + i, n - i, &k);
		if (w + cw > col)
			return i;
		w += cw;
		i += k;
	}
	return i;
}

static bool no_line_start(uint32_t cp)
{
	static const uint32_t list[] = {0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF09, 0x300D, 0x300F,
		0x3011, 0xFF01, 0xFF1F, 0x30FC, 0x30FB, 0xFF1A, 0xFF1B, 0x3063, 0x30C3, 0x3083,
		0x3085, 0x3087, 0x30E3, 0x30E5, 0x30E7, ')', ',', '.', ':', ';', '!', '?'};
	for (size_t k = 0; k < sizeof list / sizeof list[0]; k++)
		if (list[k] == cp)
			return true;
	return false;
}

void text_wrap(const char *s, int cols,
	void (*emit)(const char *line, size_t len, void *ctx), void *ctx)
{
	if (cols < 2)
		cols = 2;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t para = nl ? (size_t)(nl - s) : strlen(s);
		size_t i = 0;
		if (para == 0)
			emit(s, 0, ctx);
		while (i < para) {
			size_t start = i, last_space = 0;
			int w = 0;
			while (i < para) {
				uint32_t cp;
				size_t k = utf8_decode(s + i, para - i, &cp);
				int cw = cp == 0xFFFD && k == 1 ? BAD_BYTE_WIDTH : cp_width(cp);
				if (w + cw > cols)
					break;
				if (cp == ' ')
					last_space = i;
				w += cw;
				i += k;
			}
			if (i < para && last_space > start && s[i] != ' ') {
				/* break at the last space when the line holds latin words */
				i = last_space;
			} else if (i < para && i > start) {
				/* 禁則: a line does not start with 、。）」 and the like; the
				 * character before it moves down with it */
				uint32_t next;
				utf8_decode(s + i, para - i, &next);
				if (no_line_start(next)) {
					size_t back = i - 1;
					while (back > start && ((unsigned char)s[back] & 0xC0) == 0x80)
						back--;
					if (back > start)
						i = back;
				}
			}
			emit(s + start, i - start, ctx);
			while (i < para && s[i] == ' ')
				i++;
		}
		if (!nl)
			break;
		s = nl + 1;
	}
}

bool cp_is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E
		|| cp == 0x200F || cp == 0x061C;
}

void text_escape_controls(const char *s, size_t n, const char *keep, struct buf *out)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F) {
			if (c != 0 && keep && strchr(keep, (char)c))
				buf_putc(out, (char)c);
			else
				buf_printf(out, "^%c", c == 0x7F ? '?' : (char)(c + 0x40));
			i++;
			continue;
		}
		if (c < 0x80) {
			buf_putc(out, (char)c);
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && k == 1) {
			buf_printf(out, "<0x%02X>", c);
		} else if ((cp >= 0x80 && cp <= 0x9F) || cp_is_bidi_control(cp)) {
			buf_printf(out, "<U+%04X>", (unsigned)cp);
		} else {
			buf_append(out, s + i, k);
		}
		i += k;
	}
}

/* Half-width katakana U+FF61..U+FF9F in their NFKC forms. */
static const uint16_t halfwidth_kana[] = {
	0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, /* FF61 */
	0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, /* FF69 */
	0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, /* FF71 */
	0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, /* FF79 */
	0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, /* FF81 */
	0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF, /* FF89 */
	0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9, 0x30EA, /* FF91 */
	0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x3099, 0x309A,         /* FF99 */
};

/* The katakana BASE with the (semi-)voiced sound mark MARK (U+3099 or
 * U+309A) as one character, as NFC composes it; 0 when there is none. */
static uint32_t kana_compose(uint32_t base, uint32_t mark)
{
	bool voiced = mark == 0x3099;
	if (base >= 0x30CF && base <= 0x30DB && (base - 0x30CF) % 3 == 0)
		return base + (voiced ? 1 : 2); /* ハ行: バ パ */
	if (!voiced)
		return 0;
	if ((base >= 0x30AB && base <= 0x30C1 && (base - 0x30AB) % 2 == 0)
		|| base == 0x30C4 || base == 0x30C6 || base == 0x30C8)
		return base + 1; /* カ行 サ行 タ行 */
	switch (base) {
	case 0x30A6: return 0x30F4; /* ヴ */
	case 0x30EF: return 0x30F7; /* ヷ */
	case 0x30F2: return 0x30FA; /* ヺ */
	}
	return 0;
}

static bool name_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x3000
		|| (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F;
}

void text_normalize_name(const char *s, size_t n, struct buf *out)
{
	size_t i = 0, start = out->len;
	bool space = false;
	uint32_t last = 0;     /* the last character written */
	size_t last_at = 0;    /* where it starts in OUT */
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		i += k;
		if (name_space(cp)) {
			space = true;
			continue;
		}
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0; /* full-width ASCII */
		else if (cp >= 0xFF61 && cp <= 0xFF9F)
			cp = halfwidth_kana[cp - 0xFF61];
		if ((cp == 0x3099 || cp == 0x309A) && !space && last) {
			uint32_t c = kana_compose(last, cp);
			if (c) {
				out->len = last_at;
				char enc[4];
				size_t m = utf8_encode(c, enc);
				buf_append(out, enc, m);
				last = c;
				continue;
			}
		}
		if (space && out->len > start)
			buf_putc(out, ' ');
		space = false;
		last_at = out->len;
		last = cp;
		if (cp == 0xFFFD && k == 1) {
			buf_append(out, s + i - k, k); /* an invalid byte stays as it was */
			continue;
		}
		char enc[4];
		buf_append(out, enc, utf8_encode(cp, enc));
	}
	if (!out->s)
		buf_append(out, "", 0);
}

/* The longest prefix of S of at most MAX bytes that ends between
 * characters. */
static size_t text_fit_bytes(const char *s, size_t max)
{
	size_t i = 0;
	while (s[i]) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, strlen(s + i), &cp);
		if (i + k > max)
			break;
		i += k;
	}
	return i;
}

void text_escape_in_place(char *s, size_t cap)
{
	if (!s || cap == 0)
		return;
	size_t n = strnlen(s, cap - 1);
	buf b = {0};
	text_escape_controls(s, n, "", &b);
	if (b.len == n && memcmp(b.s, s, n) == 0) {
		buf_free(&b);
		return;
	}
	/* cut where a character starts, so the end is never half of one */
	size_t len = b.len < cap - 1 ? b.len : text_fit_bytes(b.s, cap - 1);
	memcpy(s, b.s, len);
	s[len] = '\0';
	buf_free(&b);
}
