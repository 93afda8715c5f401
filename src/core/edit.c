/* edit.c — text editing without a terminal: a UTF-8 buffer with a byte
 * cursor, undo snapshots and a kill buffer, shared by the single-line field
 * and the soft-wrapped document editor. */
#include "edit.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

enum {
	OP_NONE,
	OP_MOVE,
	OP_TYPE,      /* one typed character */
	OP_INSERT,    /* a commit, a paste, a newline, a yank */
	OP_BACK,      /* backspace */
	OP_DEL,       /* delete */
	OP_KILL_FWD,  /* Ctrl-K */
	OP_KILL_BACK, /* Ctrl-U, Ctrl-W */
};

/* --- characters ----------------------------------------------------------- */

static bool is_mark(uint32_t cp)
{
	return cp >= 0x300 && cp_width(cp) == 0;
}

static uint32_t cp_at(const char *s, size_t len, size_t pos)
{
	uint32_t cp = 0;
	utf8_decode(s + pos, len - pos, &cp);
	return cp;
}

/* End of the character starting at POS (< LEN): the code point and the
 * combining marks after it. A line break takes no marks. */
static size_t next_char(const char *s, size_t len, size_t pos)
{
	uint32_t cp;
	pos += utf8_decode(s + pos, len - pos, &cp);
	if (cp < 0x20)
		return pos;
	while (pos < len) {
		size_t k = utf8_decode(s + pos, len - pos, &cp);
		if (!is_mark(cp))
			break;
		pos += k;
	}
	return pos;
}

/* Start of the character ending at POS (> 0). */
static size_t prev_char(const char *s, size_t pos)
{
	size_t q = pos;
	while (q > 0) {
		do
			q--;
		while (q > 0 && ((unsigned char)s[q] & 0xC0) == 0x80);
		uint32_t cp = cp_at(s, pos, q);
		if (!is_mark(cp))
			/* marks after a line break stand alone */
			return cp < 0x20 && q + 1 < pos ? q + 1 : q;
	}
	return 0;
}

enum { CL_SPACE, CL_KANJI, CL_HIRA, CL_KATA, CL_LATIN, CL_DIGIT, CL_PUNCT, CL_OTHER };

/* The script class words are made of. */
static int cp_class(uint32_t c)
{
	if (c == ' ' || c == '\n' || c == '\t' || c == 0x3000)
		return CL_SPACE;
	if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19))
		return CL_DIGIT;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		(c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
		(c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
		return CL_LATIN;
	if (c < 0xC0)
		return CL_PUNCT;
	if (c >= 0x3041 && c <= 0x309F)
		return CL_HIRA;
	if (c == 0x30FB) /* ・ */
		return CL_PUNCT;
	if ((c >= 0x30A1 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
		(c >= 0xFF66 && c <= 0xFF9F))
		return CL_KATA;
	if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
		(c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) ||
		(c >= 0x3005 && c <= 0x3007)) /* 々〆〇 */
		return CL_KANJI;
	if ((c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
		c == 0x30A0 || (c >= 0xFE30 && c <= 0xFE4F) ||
		(c >= 0xFF00 && c <= 0xFF65) || (c >= 0xFFE0 && c <= 0xFFEF))
		return CL_PUNCT;
	return CL_OTHER;
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* --- the shared buffer ------------------------------------------------------ */

static void core_init(edit_core *c, size_t max, bool multiline)
{
	memset(c, 0, sizeof *c);
	c->cap = 64;
	c->s = xmalloc(c->cap);
	c->s[0] = '\0';
	c->max = max;
	c->multiline = multiline;
}

static void undo_clear(edit_core *c)
{
	for (int i = 0; i < c->nundo; i++)
		free(c->undo[i].s);
	c->nundo = 0;
}

static void core_free(edit_core *c)
{
	undo_clear(c);
	free(c->s);
	buf_free(&c->kill);
	memset(c, 0, sizeof *c);
}

static void reserve(edit_core *c, size_t len)
{
	if (len + 1 <= c->cap)
		return;
	while (c->cap < len + 1)
		c->cap *= 2;
	c->s = xrealloc(c->s, c->cap);
}

/* Starts an edit of kind OP: saves a snapshot for undo unless the edit
 * continues the previous one (typing on, backspacing on). */
static void edit_begin(edit_core *c, int op, bool space)
{
	bool same_place = c->cur == c->last_cur;
	bool extend = same_place &&
		((op == OP_TYPE && c->last == OP_TYPE && c->group < EDIT_UNDO_GROUP &&
			!(c->last_space && !space)) ||
		(op == OP_BACK && c->last == OP_BACK) ||
		(op == OP_DEL && c->last == OP_DEL));
	if (!extend) {
		if (c->nundo == EDIT_UNDO_MAX) {
			free(c->undo[0].s);
			memmove(c->undo, c->undo + 1, (EDIT_UNDO_MAX - 1) * sizeof c->undo[0]);
			c->nundo--;
		}
		edit_snap *u = &c->undo[c->nundo++];
		u->s = xstrndup(c->s, c->len);
		u->len = c->len;
		u->cur = c->cur;
		c->group = 0;
	}
	if (op == OP_TYPE)
		c->group++;
	c->last_space = space;
}

static void edit_end_op(edit_core *c, int op)
{
	c->last = op;
	c->last_cur = c->cur;
}

static bool moved(edit_core *c, size_t to)
{
	if (to == c->cur)
		return false;
	c->cur = to;
	edit_end_op(c, OP_MOVE);
	return true;
}

/* Longest prefix of T (N bytes) made of whole characters within ROOM bytes. */
static size_t fit_prefix(const char *t, size_t n, size_t room)
{
	if (n <= room)
		return n;
	size_t i = 0;
	while (i < n) {
		size_t j = next_char(t, n, i);
		if (j > room)
			break;
		i = j;
	}
	return i;
}

static bool core_insert(edit_core *c, const char *t, size_t n)
{
	if (n == 0 || !utf8_valid(t, n))
		return false;
	size_t chars = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(t + i, n - i, &cp);
		if (is_control(cp) && !(cp == '\n' && c->multiline))
			return false;
		if (!is_mark(cp))
			chars++;
	}
	size_t room = c->len < c->max ? c->max - c->len : 0;
	size_t take = fit_prefix(t, n, room);
	if (take == 0)
		return false;
	/* one typed character continues the undo step; a commit is a step */
	int op = chars == 1 && take == n && t[0] != '\n' ? OP_TYPE : OP_INSERT;
	edit_begin(c, op, t[0] == ' ');
	reserve(c, c->len + take);
	memmove(c->s + c->cur + take, c->s + c->cur, c->len - c->cur + 1);
	memcpy(c->s + c->cur, t, take);
	c->len += take;
	c->cur += take;
	edit_end_op(c, op);
	return true;
}

static void remove_range(edit_core *c, size_t a, size_t b)
{
	memmove(c->s + a, c->s + b, c->len - b + 1);
	c->len -= b - a;
	c->cur = a;
}

static bool core_backspace(edit_core *c)
{
	if (c->cur == 0)
		return false;
	edit_begin(c, OP_BACK, false);
	remove_range(c, prev_char(c->s, c->cur), c->cur);
	edit_end_op(c, OP_BACK);
	return true;
}

static bool core_delete(edit_core *c)
{
	if (c->cur == c->len)
		return false;
	edit_begin(c, OP_DEL, false);
	remove_range(c, c->cur, next_char(c->s, c->len, c->cur));
	edit_end_op(c, OP_DEL);
	return true;
}

static size_t line_start(const edit_core *c, size_t pos)
{
	if (!c->multiline)
		return 0;
	while (pos > 0 && c->s[pos - 1] != '\n')
		pos--;
	return pos;
}

static size_t line_end(const edit_core *c, size_t pos)
{
	if (!c->multiline)
		return c->len;
	const char *nl = memchr(c->s + pos, '\n', c->len - pos);
	return nl ? (size_t)(nl - c->s) : c->len;
}

static size_t word_left_pos(const edit_core *c)
{
	size_t p = c->cur;
	while (p > 0) {
		size_t q = prev_char(c->s, p);
		if (cp_class(cp_at(c->s, c->len, q)) != CL_SPACE)
			break;
		p = q;
	}
	if (p == 0)
		return 0;
	int k = cp_class(cp_at(c->s, c->len, prev_char(c->s, p)));
	while (p > 0) {
		size_t q = prev_char(c->s, p);
		if (cp_class(cp_at(c->s, c->len, q)) != k)
			break;
		p = q;
	}
	return p;
}

static size_t word_right_pos(const edit_core *c)
{
	size_t p = c->cur;
	if (p < c->len) {
		int k = cp_class(cp_at(c->s, c->len, p));
		while (k != CL_SPACE && p < c->len && cp_class(cp_at(c->s, c->len, p)) == k)
			p = next_char(c->s, c->len, p);
	}
	while (p < c->len && cp_class(cp_at(c->s, c->len, p)) == CL_SPACE)
		p = next_char(c->s, c->len, p);
	return p;
}

/* Kills [A, B): into the kill buffer (added to it when the previous edit was
 * a kill here too), then out of the text. */
static bool core_kill(edit_core *c, size_t a, size_t b, int op)
{
	if (a == b)
		return false;
	bool append = c->cur == c->last_cur &&
		(c->last == OP_KILL_FWD || c->last == OP_KILL_BACK);
	if (!append) {
		buf_clear(&c->kill);
		buf_append(&c->kill, c->s + a, b - a);
	} else if (op == OP_KILL_FWD) {
		buf_append(&c->kill, c->s + a, b - a);
	} else {
		buf nb = {0};
		buf_append(&nb, c->s + a, b - a);
		buf_append(&nb, buf_str(&c->kill), c->kill.len);
		buf_free(&c->kill);
		c->kill = nb;
	}
	edit_begin(c, op, false);
	remove_range(c, a, b);
	edit_end_op(c, op);
	return true;
}

static bool core_kill_end(edit_core *c)
{
	size_t end = line_end(c, c->cur);
	if (end == c->cur && c->multiline && end < c->len)
		end++; /* the line break: joins the next line */
	return core_kill(c, c->cur, end, OP_KILL_FWD);
}

static bool core_yank(edit_core *c)
{
	return core_insert(c, buf_str(&c->kill), c->kill.len);
}

static bool core_undo(edit_core *c)
{
	if (c->nundo == 0)
		return false;
	edit_snap *u = &c->undo[--c->nundo];
	free(c->s);
	c->s = u->s;
	c->len = u->len;
	c->cap = u->len + 1;
	c->cur = u->cur;
	u->s = NULL;
	edit_end_op(c, OP_NONE);
	return true;
}

/* Replaces the text with S made fit (see edit_set_text). */
static bool core_set(edit_core *c, const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	bool exact = true;
	buf out = {0};
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		const char *add = s + i;
		size_t addn = k;
		i += k;
		if (cp == 0xFFFD && k == 1) {
			add = "\xEF\xBF\xBD", addn = 3; /* an invalid byte */
			exact = false;
		} else if (cp == '\r' && c->multiline) {
			if (i < n && s[i] == '\n')
				i++;
			add = "\n", addn = 1;
			exact = false;
		} else if (cp == '\n' && c->multiline) {
			/* kept */
		} else if (cp == '\t' || cp == '\n' || cp == '\r') {
			add = " ", addn = 1;
			exact = false;
		} else if (is_control(cp)) {
			exact = false;
			continue;
		}
		buf_append(&out, add, addn);
	}
	size_t take = out.len ? fit_prefix(out.s, out.len, c->max) : 0;
	if (take < out.len)
		exact = false;
	free(c->s);
	c->s = xstrndup(buf_str(&out), take);
	buf_free(&out);
	c->len = take;
	c->cap = take + 1;
	c->cur = take;
	undo_clear(c);
	edit_end_op(c, OP_NONE);
	c->group = 0;
	return exact;
}

/* --- single line -------------------------------------------------------------- */

void edit_init(edit_line *e, size_t max_bytes)
{
	memset(e, 0, sizeof *e);
	core_init(&e->c, max_bytes ? max_bytes : EDIT_LINE_MAX, false);
}

void edit_free(edit_line *e)
{
	core_free(&e->c);
	e->scroll = 0;
}

/* After every operation: keep the scroll offset right for the last width. */
static bool line_done(edit_line *e, bool changed)
{
	if (e->width > 0)
		e->scroll = edit_view_scroll(e, e->width);
	return changed;
}

bool edit_set_text(edit_line *e, const char *s)
{
	bool exact = core_set(&e->c, s);
	e->scroll = 0;
	line_done(e, true);
	return exact;
}

const char *edit_get_text(const edit_line *e)
{
	return e->c.s;
}

size_t edit_cursor(const edit_line *e)
{
	return e->c.cur;
}

int edit_cursor_col(const edit_line *e)
{
	return text_nwidth(e->c.s, e->c.cur);
}

bool edit_insert(edit_line *e, const char *utf8)
{
	return line_done(e, core_insert(&e->c, utf8, strlen(utf8)));
}

bool edit_backspace(edit_line *e)
{
	return line_done(e, core_backspace(&e->c));
}

bool edit_delete(edit_line *e)
{
	return line_done(e, core_delete(&e->c));
}

bool edit_left(edit_line *e)
{
	return line_done(e, e->c.cur > 0 && moved(&e->c, prev_char(e->c.s, e->c.cur)));
}

bool edit_right(edit_line *e)
{
	edit_core *c = &e->c;
	return line_done(e, c->cur < c->len && moved(c, next_char(c->s, c->len, c->cur)));
}

bool edit_home(edit_line *e)
{
	return line_done(e, moved(&e->c, 0));
}

bool edit_end(edit_line *e)
{
	return line_done(e, moved(&e->c, e->c.len));
}

bool edit_word_left(edit_line *e)
{
	return line_done(e, moved(&e->c, word_left_pos(&e->c)));
}

bool edit_word_right(edit_line *e)
{
	return line_done(e, moved(&e->c, word_right_pos(&e->c)));
}

bool edit_kill_end(edit_line *e)
{
	return line_done(e, core_kill_end(&e->c));
}

bool edit_kill_start(edit_line *e)
{
	return line_done(e, core_kill(&e->c, 0, e->c.cur, OP_KILL_BACK));
}

bool edit_kill_word(edit_line *e)
{
	return line_done(e, core_kill(&e->c, word_left_pos(&e->c), e->c.cur, OP_KILL_BACK));
}

bool edit_yank(edit_line *e)
{
	return line_done(e, core_yank(&e->c));
}

bool edit_undo(edit_line *e)
{
	return line_done(e, core_undo(&e->c));
}

/* The first character boundary at or after display column COL of S. */
static int boundary_at_or_after(const char *s, size_t len, int col)
{
	int w = 0;
	size_t i = 0;
	while (i < len && w < col) {
		size_t j = next_char(s, len, i);
		w += text_nwidth(s + i, j - i);
		i = j;
	}
	return w < col ? col : w;
}

int edit_view_scroll(const edit_line *e, int width)
{
	const edit_core *c = &e->c;
	if (width <= 0)
		return 0;
	int cur = text_nwidth(c->s, c->cur);
	int total = cur + text_nwidth(c->s + c->cur, c->len - c->cur);
	int margin = width >= 8 ? width / 4 : 0;
	if (margin > 5)
		margin = 5;
	int s = e->scroll;
	int most = total + 1 - width; /* the end and the cursor after it just fit */
	if (s > most)
		s = most;
	if (cur - s < margin)
		s = cur - margin;
	int right = total - cur < margin ? total - cur : margin;
	if (cur + right - s > width - 1)
		s = cur + right - (width - 1);
	if (s <= 0)
		return 0;
	/* moving right to a boundary only helps the cursor, which is on one */
	return boundary_at_or_after(c->s, c->len, s);
}

void edit_view(edit_line *e, int width)
{
	e->width = width > 0 ? width : 0;
	e->scroll = edit_view_scroll(e, width);
}

/* --- multi-line ----------------------------------------------------------------- */

void edit_text_init(edit_text *e, size_t max_bytes)
{
	memset(e, 0, sizeof *e);
	core_init(&e->c, max_bytes ? max_bytes : EDIT_TEXT_MAX, true);
	e->goal = -1;
}

void edit_text_free(edit_text *e)
{
	core_free(&e->c);
	e->top = 0;
	e->goal = -1;
}

typedef struct rowlist {
	edit_row *v;
	size_t n, cap;
} rowlist;

static void row_add(rowlist *l, size_t start, size_t len, int line)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = (edit_row){start, len, line};
}

static bool wordish(const char *s, size_t len, size_t pos)
{
	int k = cp_class(cp_at(s, len, pos));
	return k == CL_LATIN || k == CL_DIGIT;
}

static size_t wrap_rows(const edit_core *c, int width, edit_row **out)
{
	const char *s = c->s;
	rowlist l = {0};
	if (width <= 0)
		width = INT_MAX;
	size_t a = 0;
	int line = 0;
	for (;;) {
		size_t b = line_end(c, a), p = a;
		do {
			size_t start = p, after_space = 0;
			int w = 0;
			while (p < b) {
				size_t q = next_char(s, b, p);
				int cw = text_nwidth(s + p, q - p);
				if (w > width - cw && p > start)
					break;
				if (s[p] == ' ')
					after_space = q;
				w += cw;
				p = q;
			}
			/* not inside a latin word when a space came before it */
			if (p < b && after_space > start && after_space < p &&
				wordish(s, b, p) && wordish(s, b, prev_char(s, p)))
				p = after_space;
			row_add(&l, start, p - start, line);
		} while (p < b);
		if (b == c->len)
			break;
		a = b + 1;
		line++;
	}
	*out = l.v;
	return l.n;
}

size_t edit_text_wrap(const edit_text *e, int width, edit_row **rows)
{
	return wrap_rows(&e->c, width, rows);
}

/* The row showing byte offset CUR: the last one starting at or before it. */
static size_t row_of(const edit_row *r, size_t n, size_t cur)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (r[mid].start <= cur)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void edit_text_cursor_rc(const edit_text *e, int width, int *row, int *col)
{
	edit_row *r;
	size_t n = wrap_rows(&e->c, width, &r);
	size_t k = row_of(r, n, e->c.cur);
	*row = (int)k;
	*col = text_nwidth(e->c.s + r[k].start, e->c.cur - r[k].start);
	free(r);
}

int edit_text_view_top(const edit_text *e, int width, int rows)
{
	if (rows <= 0)
		return 0;
	edit_row *r;
	size_t n = wrap_rows(&e->c, width, &r);
	int cur = (int)row_of(r, n, e->c.cur);
	free(r);
	int top = e->top;
	if (top > (int)n - rows)
		top = (int)n - rows;
	if (top < 0)
		top = 0;
	if (cur < top)
		top = cur;
	if (cur >= top + rows)
		top = cur - rows + 1;
	return top;
}

void edit_text_view(edit_text *e, int width, int rows)
{
	e->width = width > 0 ? width : 0;
	e->rows = rows > 0 ? rows : 0;
	e->top = edit_text_view_top(e, e->width, e->rows);
}

/* After every operation but up and down: forget the goal column, keep the
 * view on the cursor. */
static bool text_done(edit_text *e, bool changed)
{
	e->goal = -1;
	if (e->rows > 0)
		e->top = edit_text_view_top(e, e->width, e->rows);
	return changed;
}

bool edit_text_set(edit_text *e, const char *s)
{
	bool exact = core_set(&e->c, s);
	e->c.cur = 0;
	e->c.last_cur = 0;
	e->top = 0;
	text_done(e, true);
	return exact;
}

const char *edit_text_get(const edit_text *e)
{
	return e->c.s;
}

size_t edit_text_offset(const edit_text *e)
{
	return e->c.cur;
}

void edit_text_cursor(const edit_text *e, int *line, size_t *byte)
{
	int n = 0;
	size_t start = 0;
	for (size_t i = 0; i < e->c.cur; i++)
		if (e->c.s[i] == '\n')
			n++, start = i + 1;
	*line = n;
	*byte = e->c.cur - start;
}

bool edit_text_insert(edit_text *e, const char *utf8)
{
	return text_done(e, core_insert(&e->c, utf8, strlen(utf8)));
}

bool edit_text_newline(edit_text *e)
{
	return text_done(e, core_insert(&e->c, "\n", 1));
}

bool edit_text_backspace(edit_text *e)
{
	return text_done(e, core_backspace(&e->c));
}

bool edit_text_delete(edit_text *e)
{
	return text_done(e, core_delete(&e->c));
}

bool edit_text_left(edit_text *e)
{
	return text_done(e, e->c.cur > 0 && moved(&e->c, prev_char(e->c.s, e->c.cur)));
}

bool edit_text_right(edit_text *e)
{
	edit_core *c = &e->c;
	return text_done(e, c->cur < c->len && moved(c, next_char(c->s, c->len, c->cur)));
}

bool edit_text_home(edit_text *e)
{
	return text_done(e, moved(&e->c, line_start(&e->c, e->c.cur)));
}

bool edit_text_end(edit_text *e)
{
	return text_done(e, moved(&e->c, line_end(&e->c, e->c.cur)));
}

bool edit_text_doc_start(edit_text *e)
{
	return text_done(e, moved(&e->c, 0));
}

bool edit_text_doc_end(edit_text *e)
{
	return text_done(e, moved(&e->c, e->c.len));
}

bool edit_text_word_left(edit_text *e)
{
	return text_done(e, moved(&e->c, word_left_pos(&e->c)));
}

bool edit_text_word_right(edit_text *e)
{
	return text_done(e, moved(&e->c, word_right_pos(&e->c)));
}

/* Where the cursor lands in row K aiming for display column GOAL: on the
 * character that covers it, or at the end of the row. A wrapped row's end is
 * the next row's start, so there it stops before the last character. */
static size_t row_offset_at(const edit_core *c, const edit_row *r, size_t n, size_t k, int goal)
{
	size_t p = r[k].start, end = r[k].start + r[k].len;
	int w = 0;
	while (p < end) {
		size_t q = next_char(c->s, end, p);
		int cw = text_nwidth(c->s + p, q - p);
		if (w + cw > goal)
			return p;
		w += cw;
		p = q;
	}
	if (k + 1 < n && r[k + 1].line == r[k].line && end > r[k].start)
		p = prev_char(c->s, end);
	return p;
}

/* Moves DELTA display rows, keeping the goal column. */
static bool text_vmove(edit_text *e, int delta)
{
	edit_core *c = &e->c;
	edit_row *r;
	size_t n = wrap_rows(c, e->width, &r);
	size_t k = row_of(r, n, c->cur);
	int col = text_nwidth(c->s + r[k].start, c->cur - r[k].start);
	int goal = e->goal >= 0 ? e->goal : col;
	long t = (long)k + delta;
	size_t to;
	if (t < 0)
		to = 0;
	else if (t >= (long)n)
		to = c->len;
	else
		to = row_offset_at(c, r, n, (size_t)t, goal);
	free(r);
	bool changed = moved(c, to);
	e->goal = goal;
	if (e->rows > 0)
		e->top = edit_text_view_top(e, e->width, e->rows);
	return changed;
}

bool edit_text_up(edit_text *e)
{
	return text_vmove(e, -1);
}

bool edit_text_down(edit_text *e)
{
	return text_vmove(e, 1);
}

static int page_rows(const edit_text *e)
{
	return e->rows > 2 ? e->rows - 1 : 1;
}

bool edit_text_page_up(edit_text *e)
{
	int n = page_rows(e);
	e->top = e->top > n ? e->top - n : 0; /* the text moves with the cursor */
	return text_vmove(e, -n);
}

bool edit_text_page_down(edit_text *e)
{
	int n = page_rows(e);
	e->top += n;
	return text_vmove(e, n);
}

bool edit_text_kill_end(edit_text *e)
{
	return text_done(e, core_kill_end(&e->c));
}

bool edit_text_kill_start(edit_text *e)
{
	edit_core *c = &e->c;
	return text_done(e, core_kill(c, line_start(c, c->cur), c->cur, OP_KILL_BACK));
}

bool edit_text_kill_word(edit_text *e)
{
	return text_done(e, core_kill(&e->c, word_left_pos(&e->c), e->c.cur, OP_KILL_BACK));
}

bool edit_text_yank(edit_text *e)
{
	return text_done(e, core_yank(&e->c));
}

bool edit_text_undo(edit_text *e)
{
	return text_done(e, core_undo(&e->c));
}
