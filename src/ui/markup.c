/* markup.c — the briefing text format (a small Markdown subset) laid out as
 * display lines: "# " heading, "## " subheading, "- " bullet, "1. " numbered,
 * "**emphasis**", blank lines between paragraphs. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "ui.h"

typedef struct wrapctx {
	mdoc *doc;
	const char *base;
	const unsigned char *emph;
	line_style style;
	int indent;
	const char *prefix;
	bool first;
} wrapctx;

static void push(mdoc *d, mline l)
{
	d->lines = xrealloc(d->lines, (size_t)(d->n + 1) * sizeof *d->lines);
	d->lines[d->n++] = l;
}

static void emit(const char *line, size_t len, void *vctx)
{
	wrapctx *c = vctx;
	mline l = {.style = c->style, .indent = c->indent};
	l.text = xstrndup(line, len);
	size_t off = (size_t)(line - c->base);
	l.emph = xmalloc(len + 1);
	memcpy(l.emph, c->emph + off, len);
	if (c->first && c->prefix)
		snprintf(l.prefix, sizeof l.prefix, "%s", c->prefix);
	c->first = false;
	push(c->doc, l);
}

/* Removes "**" markers from S, marking the bytes between them. */
static char *strip_emphasis(const char *s, unsigned char **emph)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1);
	*emph = xcalloc(n + 1, 1);
	size_t o = 0;
	bool on = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '*' && s[i + 1] == '*') {
			on = !on;
			i++;
			continue;
		}
		(*emph)[o] = on;
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

static void layout_line(const char *line, int width, mdoc *d)
{
	wrapctx c = {.doc = d, .first = true, .style = LS_PARA};
	char numprefix[16];
	const char *body = line;
	while (*body == ' ')
		body++;
	if (!*body) {
		push(d, (mline){.style = LS_BLANK, .text = xstrdup("")});
		return;
	}
	if (strncmp(body, "## ", 3) == 0) {
		c.style = LS_H2;
		body += 3;
	} else if (strncmp(body, "# ", 2) == 0) {
		c.style = LS_H1;
		body += 2;
	} else if (strncmp(body, "- ", 2) == 0 || strncmp(body, "* ", 2) == 0) {
		c.style = LS_BULLET;
		c.prefix = tr(M_BULLET);
		c.indent = 2;
		body += 2;
	} else {
		const char *p = body;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p > body && p - body < 4 && p[0] == '.' && p[1] == ' ') {
			c.style = LS_NUMBER;
			snprintf(numprefix, sizeof numprefix, "%.*s.", (int)(p - body), body);
			c.prefix = numprefix;
			c.indent = (int)(p - body) + 2;
			body = p + 2;
		}
	}
	unsigned char *emph;
	char *plain = strip_emphasis(body, &emph);
	c.base = plain;
	c.emph = emph;
	text_wrap(plain, width - c.indent, emit, &c);
	free(plain);
	free(emph);
}

void markup_layout(const char *src, int width, mdoc *out)
{
	out->lines = NULL;
	out->n = 0;
	if (!src)
		return;
	const char *p = src;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		/* headings get a blank line before them, unless one is there */
		if ((strncmp(line, "# ", 2) == 0 || strncmp(line, "## ", 3) == 0) && out->n > 0
			&& out->lines[out->n - 1].style != LS_BLANK)
			push(out, (mline){.style = LS_BLANK, .text = xstrdup("")});
		layout_line(line, width, out);
		free(line);
		if (!nl)
			break;
		p = nl + 1;
	}
}

void markup_free(mdoc *d)
{
	for (int k = 0; k < d->n; k++) {
		free(d->lines[k].text);
		free(d->lines[k].emph);
	}
	free(d->lines);
	d->lines = NULL;
	d->n = 0;
}

void markup_draw_line(const mline *l, int y, int x, int w)
{
	theme_role base = l->style == LS_H1 ? R_TITLE : l->style == LS_H2 ? R_HEADING : R_NORMAL;
	if (l->prefix[0])
		draw_text_at(y, x + (l->style == LS_BULLET ? 0 : 0), w, l->prefix, R_EMPH);
	int col = x + l->indent;
	int left = w - l->indent;
	const char *t = l->text;
	size_t n = strlen(t), i = 0;
	/* draw runs of equal emphasis */
	while (i < n && left > 0) {
		size_t j = i;
		while (j < n && l->emph[j] == l->emph[i])
			j++;
		char *run = xstrndup(t + i, j - i);
		int used = draw_text_at(y, col, left, run, l->emph[i] ? R_EMPH : base);
		free(run);
		col += used;
		left -= used;
		i = j;
	}
}
