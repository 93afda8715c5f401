/* view_agenda.c — both tracks, every session, the room's current one tagged. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "ui.h"

typedef struct row {
	const track *t;   /* a track heading when s is NULL */
	const session *s;
} row;

typedef struct agenda {
	row *rows;
	int nrows;
	const session **sessions; /* the selectable rows, in order */
	int nsessions;
	list_state list;
	int top; /* first display row */
} agenda;

static int display_row_of(const agenda *g, int sel)
{
	int k = 0;
	for (int r = 0; r < g->nrows; r++)
		if (g->rows[r].s && k++ == sel)
			return r;
	return 0;
}

typedef struct wctx {
	int y, x, w, bottom, indent;
} wctx;

static void emit(const char *line, size_t len, void *vctx)
{
	wctx *c = vctx;
	if (c->y >= c->bottom)
		return;
	char *t = xstrndup(line, len);
	draw_text_at(c->y++, c->x + c->indent, c->w - c->indent, t, R_NORMAL);
	free(t);
}

/* Below the list, when there is room: what the selected session is about. */
static void draw_detail(const session *s, rect area, int y)
{
	int bottom = area.y + area.h;
	if (bottom - y < 4)
		return;
	struct {
		msg_id label;
		const lstr *text;
	} parts[] = {{M_SEMINAR, &s->seminar}, {M_GOAL, &s->goal}};
	char rule[400] = "";
	for (int k = 0; k < area.w && k < 300; k++)
		rule[k] = '-';
	draw_text(y++, area.x, area.w, rule, R_DIM);
	for (size_t k = 0; k < 2 && y < bottom; k++) {
		if (!parts[k].text->ja)
			continue;
		int lw = draw_text_at(y, area.x, area.w, tr(parts[k].label), R_HEADING) + 2;
		wctx c = {y, area.x, area.w, bottom, lw};
		text_wrap(L(parts[k].text), area.w - lw, emit, &c);
		y = c.y;
	}
}

static void agenda_draw(app *a, view *v, rect area)
{
	agenda *g = v->data;
	int sel_row = display_row_of(g, g->list.sel);
	if (sel_row < g->top)
		g->top = sel_row > 0 && !g->rows[sel_row - 1].s ? sel_row - 1 : sel_row;
	if (sel_row >= g->top + area.h)
		g->top = sel_row - area.h + 1;
	char label[32], mins[32];
	int label_w = 0;
	for (int k = 0; k < g->nsessions; k++) {
		session_label(g->sessions[k], label, sizeof label);
		int w = text_width(label);
		if (w > label_w)
			label_w = w;
	}
	const char *now_tag = tr(M_NOW);
	int last_y = area.y;
	int tag_w = text_width(now_tag) + 2;
	for (int r = g->top, y = area.y; r < g->nrows && y < area.y + area.h; r++, y++) {
		const row *rw = &g->rows[r];
		if (!rw->s) {
			if (r > 0 && y > area.y) {
				y++; /* a blank line between tracks */
				if (y >= area.y + area.h)
					break;
			}
			draw_text(y, area.x, area.w, L(&rw->t->title), R_HEADING);
			continue;
		}
		bool selected = rw->s == g->sessions[g->list.sel];
		bool now = strcmp(a->room.session, rw->s->id) == 0;
		theme_role role = selected ? R_SELECTED : R_NORMAL;
		session_label(rw->s, label, sizeof label);
		snprintf(mins, sizeof mins, tr(M_MINUTES), rw->s->minutes);
		int mins_w = 8;
		char padded[64];
		text_fit_pad(label, label_w, padded);
		buf line = {0};
		buf_printf(&line, "  %s  %s", padded, L(&rw->s->title));
		int title_w = area.w - mins_w - tag_w;
		draw_text(y, area.x, title_w, buf_str(&line), role);
		buf_free(&line);
		char m[40];
		snprintf(m, sizeof m, "%*s", mins_w, "");
		draw_text(y, area.x + title_w, mins_w, m, role);
		draw_text_at(y, area.x + title_w + mins_w - text_width(mins) - 1, mins_w, mins,
			selected ? R_SELECTED : R_DIM);
		if (now) {
			char t[40];
			snprintf(t, sizeof t, " %s ", now_tag);
			draw_text(y, area.x + title_w + mins_w, tag_w, t, R_NOW);
		} else {
			draw_text(y, area.x + title_w + mins_w, tag_w, "", role);
		}
		last_y = y;
	}
	if (g->nsessions > 0)
		draw_detail(g->sessions[g->list.sel], area, last_y + 2);
}

static bool agenda_act(app *a, view *v, action act)
{
	agenda *g = v->data;
	int page = LINES - 5;
	if (list_act(&g->list, act, page))
		return true;
	if (act == A_OPEN && g->nsessions > 0) {
		const session *s = g->sessions[g->list.sel];
		/* looking is not moving: the room stays where it is (p moves it) */
		app_push(a, view_session_new(a, s));
		return true;
	}
	if (act == A_BACK)
		return true; /* nothing above the agenda */
	return false;
}

static void agenda_reload(app *a, view *v)
{
	(void)a;
	(void)v;
}

static void agenda_title(app *a, view *v, buf *out)
{
	(void)a;
	(void)v;
	buf_puts(out, tr(M_AGENDA));
}

static void agenda_free(view *v)
{
	agenda *g = v->data;
	free(g->rows);
	free(g->sessions);
	free(g);
	free(v);
}

static const view_ops agenda_ops = {
	.name = "agenda",
	.draw = agenda_draw,
	.act = agenda_act,
	.reload = agenda_reload,
	.free = agenda_free,
	.title = agenda_title,
	.footer = M_FOOTER_AGENDA,
};

view *view_agenda_new(app *a)
{
	agenda *g = xcalloc(1, sizeof *g);
	const scenario *sc = a->sc;
	for (size_t t = 0; t < sc->ntracks; t++) {
		g->rows = xrealloc(g->rows, (size_t)(g->nrows + 1) * sizeof *g->rows);
		g->rows[g->nrows++] = (row){&sc->tracks[t], NULL};
		for (size_t s = 0; s < sc->tracks[t].nsessions; s++) {
			const session *se = &sc->tracks[t].sessions[s];
			g->rows = xrealloc(g->rows, (size_t)(g->nrows + 1) * sizeof *g->rows);
			g->rows[g->nrows++] = (row){&sc->tracks[t], se};
			g->sessions = xrealloc(g->sessions,
				(size_t)(g->nsessions + 1) * sizeof *g->sessions);
			if (strcmp(se->id, a->room.session) == 0)
				g->list.sel = g->nsessions;
			g->sessions[g->nsessions++] = se;
		}
	}
	g->list.n = g->nsessions;
	view *v = xcalloc(1, sizeof *v);
	v->ops = &agenda_ops;
	v->data = g;
	return v;
}
