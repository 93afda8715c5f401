/* draw.c — every string reaches the screen through here, fitted by display
 * width so double-width characters are never cut in half. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "ui.h"

/* Would TEXT drive the terminal: a control character (curses shows C0 as ^X
 * itself, but not C1), a bidi control that reorders what follows, an invalid
 * byte? Plain text (nearly every string) is only scanned. */
static bool needs_escape(const char *text)
{
	size_t n = strlen(text);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)text[i];
		if (c < 0x20 || c == 0x7F)
			return true;
		if (c < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(text + i, n - i, &cp);
		if ((cp == 0xFFFD && k == 1) || (cp >= 0x80 && cp <= 0x9F) || cp_is_bidi_control(cp))
			return true;
		i += k;
	}
	return false;
}

/* TEXT, or its copy in TMP with such characters shown as text. */
static const char *visible(const char *text, buf *tmp)
{
	if (!needs_escape(text))
		return text;
	text_escape_controls(text, strlen(text), "", tmp);
	return buf_str(tmp);
}

void draw_text(int y, int x, int w, const char *text, theme_role role)
{
	if (w <= 0)
		return;
	buf tmp = {0};
	text = visible(text, &tmp);
	char stackbuf[1024];
	size_t need = strlen(text) + (size_t)w + 4;
	char *out = need <= sizeof stackbuf ? stackbuf : xmalloc(need);
	text_fit_pad(text, w, out);
	attrset(theme_attr(role));
	mvaddstr(y, x, out);
	attrset(A_NORMAL);
	if (out != stackbuf)
		free(out);
	buf_free(&tmp);
}

int draw_text_at(int y, int x, int w, const char *text, theme_role role)
{
	if (w <= 0)
		return 0;
	buf tmp = {0};
	text = visible(text, &tmp);
	int used;
	size_t n = text_fit(text, w, &used);
	attrset(theme_attr(role));
	mvaddnstr(y, x, text, (int)n);
	attrset(A_NORMAL);
	buf_free(&tmp);
	return used;
}

void draw_fill(rect r, theme_role role)
{
	attrset(theme_attr(role));
	for (int y = r.y; y < r.y + r.h; y++)
		mvhline(y, r.x, ' ', r.w);
	attrset(A_NORMAL);
}

void draw_center(int y, int x, int w, const char *text, theme_role role)
{
	int tw = text_width(text);
	int off = tw < w ? (w - tw) / 2 : 0;
	draw_text_at(y, x + off, w - off, text, role);
}

rect popup_rect(rect area, int w, int h)
{
	if (w > area.w - 2)
		w = area.w - 2;
	if (h > area.h - 2)
		h = area.h - 2;
	return (rect){area.y + (area.h - h) / 2, area.x + (area.w - w) / 2, h, w};
}

void draw_popup_frame(rect r, const char *title)
{
	draw_fill(r, R_STATUS);
	draw_text(r.y, r.x + 1, r.w - 2, title, R_HEADER);
}
