/* view_activity.c — an activity of any kind: the view kinds.def names for
 * its kind, or its text (briefings): formatted, scrollable, laid out again at
 * every width. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "ui.h"
#include "vstate.h"

typedef struct aview {
	const activity *act;
	mdoc doc;
	int width; /* the width DOC was laid out for */
	lang lang;
	int top;
	int page;
	/* the projector: the facilitator's first line of how many, and whether
	 * it showed the end (mapped to this width when drawing) */
	bool mirrored;
	int m_top, m_n, m_end;
} aview;

static void relayout(aview *av, int width)
{
	if (av->width == width && av->lang == i18n_lang() && av->doc.lines)
		return;
	markup_free(&av->doc);
	buf src = {0};
	if (av->act->prompt.ja) {
		buf_printf(&src, "**%s**\n\n", L(&av->act->prompt));
	}
	buf_puts(&src, L(&av->act->body));
	markup_layout(buf_str(&src), width, &av->doc);
	buf_free(&src);
	av->width = width;
	av->lang = i18n_lang();
}

void briefing_draw_doc(mdoc *doc, int top, rect area);
void briefing_draw_doc(mdoc *doc, int top, rect area)
{
	for (int k = top, y = area.y; k < doc->n && y < area.y + area.h; k++, y++)
		markup_draw_line(&doc->lines[k], y, area.x, area.w);
}

static void activity_draw(app *a, view *v, rect area)
{
	(void)a;
	aview *av = v->data;
	/* a readable measure on wide projectors: at most 100 columns */
	int w = area.w > 100 ? 100 : area.w;
	rect r = {area.y + 1, area.x + (area.w - w) / 2, area.h - 1, w};
	relayout(av, r.w);
	av->page = r.h;
	if (av->mirrored) /* the same place of the text, at this width */
		av->top = av->m_end ? av->doc.n
			: av->m_n > 0 ? (int)((long long)av->m_top * av->doc.n / av->m_n) : 0;
	if (av->top > av->doc.n - r.h)
		av->top = av->doc.n - r.h;
	if (av->top < 0)
		av->top = 0;
	briefing_draw_doc(&av->doc, av->top, r);
	if (av->doc.n > r.h) {
		char pos[64];
		int last = av->top + r.h < av->doc.n ? av->top + r.h : av->doc.n;
		snprintf(pos, sizeof pos, tr(M_SCROLL_POS), last, av->doc.n);
		int pw = text_width(pos);
		draw_text(area.y, area.x + area.w - pw, pw, pos, R_DIM);
	}
}

static bool activity_act(app *a, view *v, action act)
{
	(void)a;
	aview *av = v->data;
	int page = av->page > 1 ? av->page - 1 : 1;
	switch (act) {
	case A_UP: av->top--; break;
	case A_DOWN: av->top++; break;
	case A_PGUP: av->top -= page; break;
	case A_PGDN: av->top += page; break;
	case A_HOME: av->top = 0; break;
	case A_END: av->top = av->doc.n; break;
	case A_OPEN: return true;
	case A_BACK:
		if (a->depth > 1)
			app_pop(a); /* the room stays where it is (p moves it) */
		return true;
	default: return false;
	}
	if (av->top < 0)
		av->top = 0;
	return true;
}

static void activity_publish(app *a, view *v, buf *out)
{
	(void)a;
	aview *av = v->data;
	vstate_int(out, "top", av->top);
	vstate_int(out, "lines", av->doc.n);
	vstate_int(out, "end", av->doc.n > 0 && av->top + av->page >= av->doc.n && av->top > 0);
}

static void activity_mirror(app *a, view *v, const char *state)
{
	(void)a;
	aview *av = v->data;
	av->mirrored = true;
	av->m_top = (int)vstate_get_int(state, "top", 0);
	av->m_n = (int)vstate_get_int(state, "lines", 0);
	av->m_end = (int)vstate_get_int(state, "end", 0);
}

static void activity_free(view *v)
{
	aview *av = v->data;
	markup_free(&av->doc);
	free(av);
	free(v);
}

static const view_ops activity_ops = {
	.name = "activity",
	.draw = activity_draw,
	.act = activity_act,
	.free = activity_free,
	.title = activity_view_title,
	.footer = M_FOOTER_TEXT,
	.publish = activity_publish,
	.mirror = activity_mirror,
};

/* A briefing (and a kind this version does not run yet) shows its text. */
static view *view_body_new(app *a, const activity *act)
{
	(void)a;
	aview *av = xcalloc(1, sizeof *av);
	av->act = act;
	view *v = xcalloc(1, sizeof *v);
	v->ops = &activity_ops;
	v->act = act;
	v->data = av;
	return v;
}

#define view_briefing_new view_body_new

/* The view of each kind, one per line of kinds.def: view_NAME_new. */
static view *(*const kind_views[KIND_COUNT])(app *a, const activity *act) = {
#define KIND(id, name) [id] = view_##name##_new,
#include "kinds.def"
#undef KIND
};

view *view_activity_new(app *a, const activity *act)
{
	view *kv = act->storage && (unsigned)act->kind < KIND_COUNT
		? kind_views[act->kind](a, act) : NULL;
	return kv ? kv : view_body_new(a, act);
}
