/* view_session.c — one session: its seminar, goal and timing, and the list
 * of its activities. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "ui.h"
#include "visits.h"

typedef struct sview {
	const session *s;
	list_state list;
	bool visits; /* a visit: one more line opens the visits' records */
} sview;

typedef struct drawctx {
	int y, x, w, bottom;
	theme_role role;
	int indent;
} drawctx;

static void emit_line(const char *line, size_t len, void *vctx)
{
	drawctx *c = vctx;
	if (c->y >= c->bottom)
		return;
	char *t = xstrndup(line, len);
	draw_text_at(c->y++, c->x + c->indent, c->w - c->indent, t, c->role);
	free(t);
}

/* Draws "label: text" wrapped under the label; returns the next row. */
static int draw_labelled(int y, rect area, const char *label, const char *text)
{
	if (!text || !*text)
		return y;
	int lw = draw_text_at(y, area.x, area.w, label, R_HEADING) + 2;
	drawctx c = {y, area.x, area.w, area.y + area.h, R_NORMAL, lw};
	text_wrap(text, area.w - lw, emit_line, &c);
	return c.y;
}

static void session_draw(app *a, view *v, rect area)
{
	sview *sv = v->data;
	const session *s = sv->s;
	int y = area.y + 1;
	y = draw_labelled(y, area, tr(M_SEMINAR), L(&s->seminar));
	y = draw_labelled(y, area, tr(M_GOAL), L(&s->goal));
	char buf_[64];
	snprintf(buf_, sizeof buf_, tr(M_MINUTES), s->minutes);
	if (strcmp(a->room.session, s->id) == 0) {
		char t[80];
		snprintf(t, sizeof t, "%s  [%s]", buf_, tr(M_NOW));
		draw_text(y++, area.x, area.w, t, R_NOW);
	} else {
		draw_text(y++, area.x, area.w, buf_, R_DIM);
	}
	y++;
	draw_text(y++, area.x, area.w, tr(M_ACTIVITIES), R_HEADING);
	if (s->nactivities == 0) {
		draw_text(y, area.x + 2, area.w - 2, tr(M_NO_ACTIVITIES), R_DIM);
		return;
	}
	int page = area.y + area.h - y;
	list_scroll(&sv->list, page);
	for (int k = sv->list.top; k < (int)s->nactivities && y < area.y + area.h; k++, y++) {
		const activity *act = &s->activities[k];
		bool sel = k == sv->list.sel;
		bool cur = strcmp(a->room.activity, act->id) == 0
			&& strcmp(a->room.session, s->id) == 0;
		char kind[64], mins[32] = "";
		msg_id km = (msg_id)(M_KIND_briefing + act->kind);
		snprintf(kind, sizeof kind, "[%s]", tr(km));
		if (act->minutes)
			snprintf(mins, sizeof mins, tr(M_ACT_MINUTES), act->minutes);
		buf line = {0};
		buf_printf(&line, "  %d. %s %s%s%s%s", k + 1, kind, L(&act->title), mins,
			cur ? "  " : "", cur ? tr(M_NOW) : "");
		draw_text(y, area.x, area.w, buf_str(&line), sel ? R_SELECTED : R_NORMAL);
		buf_free(&line);
	}
	if (sv->visits && y < area.y + area.h) {
		buf line = {0};
		buf_printf(&line, "  %d. %s", (int)s->nactivities + 1, tr(M_VISITS_ENTRY));
		draw_text(y, area.x, area.w, buf_str(&line),
			sv->list.sel == (int)s->nactivities ? R_SELECTED : R_EMPH);
		buf_free(&line);
	}
}

static bool session_act(app *a, view *v, action act)
{
	sview *sv = v->data;
	if (list_act(&sv->list, act, 8))
		return true;
	if (act == A_OPEN && sv->visits && sv->list.sel == (int)sv->s->nactivities) {
		view *vv = view_visits_new(a, sv->s->number);
		if (vv)
			app_push(a, vv);
		return true;
	}
	if (act == A_OPEN && sv->s->nactivities > 0) {
		const activity *ac = &sv->s->activities[sv->list.sel];
		/* a preview: the room stays where it is (p moves it) */
		app_push(a, view_activity_new(a, ac));
		return true;
	}
	return false;
}

static void session_title(app *a, view *v, buf *out)
{
	(void)a;
	sview *sv = v->data;
	char label[32];
	session_label(sv->s, label, sizeof label);
	buf_printf(out, "%s  %s", label, L(&sv->s->title));
}

static void session_free(view *v)
{
	free(v->data);
	free(v);
}

static const view_ops session_ops = {
	.name = "session",
	.draw = session_draw,
	.act = session_act,
	.free = session_free,
	.title = session_title,
	.footer = M_FOOTER_SESSION,
};

view *view_session_new(app *a, const session *s)
{
	sview *sv = xcalloc(1, sizeof *sv);
	sv->s = s;
	sv->list.n = (int)s->nactivities;
	if (s->track && strcmp(s->track->id, "visits") == 0) {
		visits *vm = visits_new(a->sc);
		sv->visits = vm != NULL;
		sv->list.n += sv->visits;
		visits_free(vm);
	}
	view *v = xcalloc(1, sizeof *v);
	v->ops = &session_ops;
	v->data = sv;
	v->session = s;
	return v;
}
