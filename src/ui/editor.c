/* editor.c — the editing widgets on screen: keys are looked up in tables
 * that bind them to core/edit.c's operations, and drawing goes by display
 * columns so a double-width character is never cut in half. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "editor.h"
#include "text.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 27

/* Keys only terminfo knows the code of (Ctrl-Left is "kLFT5" in xterm's
 * description, and ncurses gives it a code of its own at start-up). */
static int ext_key(const char *cap)
{
	static struct {
		const char *cap;
		int code;
	} cache[8];
	static int ncache;
	for (int i = 0; i < ncache; i++)
		if (cache[i].cap == cap)
			return cache[i].code;
	int code = -1;
	char *seq = tigetstr(cap);
	if (seq && seq != (char *)-1) {
		int k = key_defined(seq);
		if (k > 0)
			code = k;
	}
	if (ncache < (int)(sizeof cache / sizeof cache[0])) {
		cache[ncache].cap = cap;
		cache[ncache].code = code;
		ncache++;
	}
	return code;
}

/* A binding: KEY is a character (KEYCODE false) or a curses KEY_* code; CAP
 * names an extended key instead. */
static bool key_matches(int key, bool keycode, const char *cap, int r, wint_t ch)
{
	if (cap)
		return r == KEY_CODE_YES && (int)ch == ext_key(cap);
	return (r == KEY_CODE_YES) == keycode && (int)ch == key;
}

/* A character get_wch() gave that goes into the text: not a control. */
static bool printable(int r, wint_t ch)
{
	return r == OK && ch >= 0x20 && !(ch >= 0x7F && ch < 0xA0) && ch <= 0x10FFFF &&
		!(ch >= 0xD800 && ch <= 0xDFFF);
}

static void encode(wint_t ch, char out[8])
{
	out[utf8_encode((uint32_t)ch, out)] = '\0';
}

/* --- single line --- */

typedef struct line_binding {
	int key;
	bool keycode;
	const char *cap;
	bool (*fn)(edit_line *e);
	ed_result result;
} line_binding;

static const line_binding line_keys[] = {
	{'\r', false, NULL, NULL, ED_ACCEPT},
	{'\n', false, NULL, NULL, ED_ACCEPT},
	{KEY_ENTER, true, NULL, NULL, ED_ACCEPT},
	{'\t', false, NULL, NULL, ED_ACCEPT},
	{KEY_BTAB, true, NULL, NULL, ED_ACCEPT},
	{ESC, false, NULL, NULL, ED_CANCEL},
	{CTRL('g'), false, NULL, NULL, ED_CANCEL},
	{CTRL('c'), false, NULL, NULL, ED_CANCEL},
	{KEY_LEFT, true, NULL, edit_left, ED_CONTINUE},
	{CTRL('b'), false, NULL, edit_left, ED_CONTINUE},
	{KEY_RIGHT, true, NULL, edit_right, ED_CONTINUE},
	{CTRL('f'), false, NULL, edit_right, ED_CONTINUE},
	{KEY_HOME, true, NULL, edit_home, ED_CONTINUE},
	{CTRL('a'), false, NULL, edit_home, ED_CONTINUE},
	{KEY_END, true, NULL, edit_end, ED_CONTINUE},
	{CTRL('e'), false, NULL, edit_end, ED_CONTINUE},
	{0, true, "kLFT5", edit_word_left, ED_CONTINUE},
	{0, true, "kRIT5", edit_word_right, ED_CONTINUE},
	{0, true, "kLFT3", edit_word_left, ED_CONTINUE},
	{0, true, "kRIT3", edit_word_right, ED_CONTINUE},
	{KEY_BACKSPACE, true, NULL, edit_backspace, ED_CONTINUE},
	{127, false, NULL, edit_backspace, ED_CONTINUE},
	{CTRL('h'), false, NULL, edit_backspace, ED_CONTINUE},
	{KEY_DC, true, NULL, edit_delete, ED_CONTINUE},
	{CTRL('d'), false, NULL, edit_delete, ED_CONTINUE},
	{CTRL('k'), false, NULL, edit_kill_end, ED_CONTINUE},
	{CTRL('u'), false, NULL, edit_kill_start, ED_CONTINUE},
	{CTRL('w'), false, NULL, edit_kill_word, ED_CONTINUE},
	{CTRL('y'), false, NULL, edit_yank, ED_CONTINUE},
	{CTRL('_'), false, NULL, edit_undo, ED_CONTINUE},
	{CTRL('z'), false, NULL, edit_undo, ED_CONTINUE},
};

ed_result editor_line_key(edit_line *e, int r, wint_t ch)
{
	for (size_t i = 0; i < sizeof line_keys / sizeof line_keys[0]; i++) {
		const line_binding *b = &line_keys[i];
		if (!key_matches(b->key, b->keycode, b->cap, r, ch))
			continue;
		if (b->fn)
			b->fn(e);
		return b->result;
	}
	if (printable(r, ch)) {
		char s[8];
		encode(ch, s);
		edit_insert(e, s);
	}
	return ED_CONTINUE;
}

/* Draws N bytes of S at the cursor with what could drive the terminal (a
 * bidi override, C0 and C1 controls, invalid bytes) shown as text, as
 * text_width measures it: the cursor column stays right. */
static void add_visible(const char *s, size_t n)
{
	buf b = {0};
	text_escape_controls(s, n, "", &b);
	addnstr(buf_str(&b), (int)b.len);
	buf_free(&b);
}

void editor_line_fit(edit_line *e, int w)
{
	edit_view(e, w);
}

void editor_line_draw(const edit_line *e, int y, int x, int w, theme_role role)
{
	if (w <= 0)
		return;
	const char *t = edit_get_text(e);
	size_t n = strlen(t), i = 0;
	int scroll = edit_view_scroll(e, w), col = 0;
	/* skip what is scrolled off, with the marks of the last character */
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(t + i, n - i, &cp);
		int cw = cp_width(cp);
		if (col >= scroll && cw > 0)
			break;
		col += cw;
		i += k;
	}
	attrset(theme_attr(role));
	move(y, x);
	int used = col - scroll; /* a double-width character begun off the edge */
	for (int k = 0; k < used && k < w; k++)
		addch(' ');
	int fit = 0;
	size_t len = used < w ? text_fit(t + i, w - used, &fit) : 0;
	add_visible(t + i, len);
	used += fit;
	if (used < w)
		mvhline(y, x + used, ' ', w - used);
	attrset(A_NORMAL);
	int cx = edit_cursor_col(e) - scroll;
	if (cx > w - 1)
		cx = w - 1;
	move(y, x + (cx > 0 ? cx : 0));
	curs_set(1);
}

/* --- multi-line --- */

typedef struct text_binding {
	int key;
	bool keycode;
	const char *cap;
	bool (*fn)(edit_text *e);
	ed_result result;
} text_binding;

static const text_binding text_keys[] = {
	{CTRL('s'), false, NULL, NULL, ED_ACCEPT},
	{KEY_F(2), true, NULL, NULL, ED_ACCEPT},
	{CTRL('x'), false, NULL, NULL, ED_ACCEPT},
	{ESC, false, NULL, NULL, ED_CANCEL},
	{CTRL('g'), false, NULL, NULL, ED_CANCEL},
	{CTRL('c'), false, NULL, NULL, ED_CANCEL},
	{'\r', false, NULL, edit_text_newline, ED_CONTINUE},
	{'\n', false, NULL, edit_text_newline, ED_CONTINUE},
	{KEY_ENTER, true, NULL, edit_text_newline, ED_CONTINUE},
	{KEY_LEFT, true, NULL, edit_text_left, ED_CONTINUE},
	{CTRL('b'), false, NULL, edit_text_left, ED_CONTINUE},
	{KEY_RIGHT, true, NULL, edit_text_right, ED_CONTINUE},
	{CTRL('f'), false, NULL, edit_text_right, ED_CONTINUE},
	{KEY_UP, true, NULL, edit_text_up, ED_CONTINUE},
	{CTRL('p'), false, NULL, edit_text_up, ED_CONTINUE},
	{KEY_DOWN, true, NULL, edit_text_down, ED_CONTINUE},
	{CTRL('n'), false, NULL, edit_text_down, ED_CONTINUE},
	{KEY_PPAGE, true, NULL, edit_text_page_up, ED_CONTINUE},
	{KEY_NPAGE, true, NULL, edit_text_page_down, ED_CONTINUE},
	{KEY_HOME, true, NULL, edit_text_home, ED_CONTINUE},
	{CTRL('a'), false, NULL, edit_text_home, ED_CONTINUE},
	{KEY_END, true, NULL, edit_text_end, ED_CONTINUE},
	{CTRL('e'), false, NULL, edit_text_end, ED_CONTINUE},
	{0, true, "kHOM5", edit_text_doc_start, ED_CONTINUE},
	{0, true, "kEND5", edit_text_doc_end, ED_CONTINUE},
	{0, true, "kLFT5", edit_text_word_left, ED_CONTINUE},
	{0, true, "kRIT5", edit_text_word_right, ED_CONTINUE},
	{0, true, "kLFT3", edit_text_word_left, ED_CONTINUE},
	{0, true, "kRIT3", edit_text_word_right, ED_CONTINUE},
	{KEY_BACKSPACE, true, NULL, edit_text_backspace, ED_CONTINUE},
	{127, false, NULL, edit_text_backspace, ED_CONTINUE},
	{CTRL('h'), false, NULL, edit_text_backspace, ED_CONTINUE},
	{KEY_DC, true, NULL, edit_text_delete, ED_CONTINUE},
	{CTRL('d'), false, NULL, edit_text_delete, ED_CONTINUE},
	{CTRL('k'), false, NULL, edit_text_kill_end, ED_CONTINUE},
	{CTRL('u'), false, NULL, edit_text_kill_start, ED_CONTINUE},
	{CTRL('w'), false, NULL, edit_text_kill_word, ED_CONTINUE},
	{CTRL('y'), false, NULL, edit_text_yank, ED_CONTINUE},
	{CTRL('_'), false, NULL, edit_text_undo, ED_CONTINUE},
	{CTRL('z'), false, NULL, edit_text_undo, ED_CONTINUE},
};

ed_result editor_text_key(edit_text *e, int r, wint_t ch)
{
	for (size_t i = 0; i < sizeof text_keys / sizeof text_keys[0]; i++) {
		const text_binding *b = &text_keys[i];
		if (!key_matches(b->key, b->keycode, b->cap, r, ch))
			continue;
		if (b->fn)
			b->fn(e);
		return b->result;
	}
	if (printable(r, ch)) {
		char s[8];
		encode(ch, s);
		edit_text_insert(e, s);
	}
	return ED_CONTINUE;
}

/* The text part of AREA: the wrap width keeps the last column free for the
 * cursor after a full row, the hint takes the bottom row. */
static void text_geometry(rect area, const char *hint, int *width, int *rows)
{
	*width = area.w > 1 ? area.w - 1 : 1;
	*rows = area.h - (hint ? 1 : 0);
	if (*rows < 1)
		*rows = 1;
}

void editor_text_fit(edit_text *e, rect area, const char *hint)
{
	int width, rows;
	text_geometry(area, hint, &width, &rows);
	edit_text_view(e, width, rows);
}

void editor_text_draw(const edit_text *e, rect area, theme_role role, const char *hint)
{
	if (area.w <= 0 || area.h <= 0)
		return;
	int width, rows;
	text_geometry(area, hint, &width, &rows);
	if (rows > area.h)
		rows = area.h;
	const char *t = edit_text_get(e);
	edit_row *r;
	size_t n = edit_text_wrap(e, width, &r);
	int top = edit_text_view_top(e, width, rows);
	attrset(theme_attr(role));
	for (int i = 0; i < rows; i++) {
		int y = area.y + i, used = 0;
		size_t k = (size_t)top + (size_t)i;
		move(y, area.x);
		if (k < n) {
			/* a row is no wider than WIDTH unless WIDTH is under a character's */
			char *row = xstrndup(t + r[k].start, r[k].len);
			size_t len = text_fit(row, area.w, &used);
			add_visible(row, len);
			free(row);
		}
		if (used < area.w)
			mvhline(y, area.x + used, ' ', area.w - used);
	}
	attrset(A_NORMAL);
	free(r);
	if (hint && area.h > rows)
		draw_text(area.y + area.h - 1, area.x, area.w, hint, R_FOOTER);
	int row, col;
	edit_text_cursor_rc(e, width, &row, &col);
	if (col > area.w - 1)
		col = area.w - 1;
	move(area.y + row - top, area.x + col);
	curs_set(1);
}
