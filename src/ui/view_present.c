/* view_present.c — the projector: follows the facilitator's current session
 * and activity live, with the timer large enough for the back of the room.
 * It reads only; it has no keys but quit, help and language. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "ui.h"
#include "vstate.h"

typedef struct pview {
	view *dash;         /* the overview of the groups, while the facilitator has it */
	buf dash_applied;   /* the state it shows */
	view *sub;          /* the current activity's own view, read-only here */
	buf applied;        /* the facilitator's view state it shows */
	bool fresh;         /* SUB is new or shows another owner: apply again */
	view *vis;          /* the expert visits' records, while the facilitator has them */
	buf vis_applied;
} pview;

typedef struct wctx {
	int y, x, w, bottom;
	theme_role role;
} wctx;

static void emit_centered(const char *line, size_t len, void *vctx)
{
	wctx *c = vctx;
	if (c->y >= c->bottom)
		return;
	char *t = xstrndup(line, len);
	draw_center(c->y++, c->x, c->w, t, c->role);
	free(t);
}

static int wrap_center(int y, rect area, const char *text, theme_role role)
{
	wctx c = {y, area.x, area.w, area.y + area.h, role};
	text_wrap(text, area.w - 4, emit_centered, &c);
	return c.y;
}

static void draw_overview(app *a, const session *s, rect area)
{
	char label[32], mins[32];
	buf line = {0};
	session_label(s, label, sizeof label);
	int y = area.y + (area.h > 30 ? 3 : 1);
	draw_center(y, area.x, area.w, label, R_NOW);
	y += 2;
	y = wrap_center(y, area, L(&s->title), R_TITLE);
	y++;
	if (s->seminar.ja) {
		buf_printf(&line, "%s: %s", tr(M_SEMINAR), L(&s->seminar));
		y = wrap_center(y, area, buf_str(&line), R_NORMAL);
	}
	if (s->goal.ja) {
		buf_clear(&line);
		buf_printf(&line, "%s: %s", tr(M_GOAL), L(&s->goal));
		y = wrap_center(y, area, buf_str(&line), R_NORMAL);
	}
	y++;
	int64_t el = room_elapsed(&a->room, store_now());
	snprintf(mins, sizeof mins, "%02d:%02d / %d:00", (int)(el / 60), (int)(el % 60),
		s->minutes);
	draw_center(y, area.x, area.w, mins, R_EMPH);
	y += 2;
	for (size_t k = 0; k < s->nactivities && y < area.y + area.h; k++, y++) {
		const activity *act = &s->activities[k];
		bool cur = strcmp(a->room.activity, act->id) == 0;
		buf_clear(&line);
		buf_printf(&line, "%s %d. %s", cur ? tr(M_NOW) : "", (int)k + 1,
			L(&act->title));
		draw_center(y, area.x, area.w, buf_str(&line), cur ? R_NOW : R_NORMAL);
	}
	buf_free(&line);
}

/* The view of the activity the facilitator is on, showing the same group's
 * (or company's) work, as the facilitator's view shows it (the state it
 * published); NULL for the session overview. */
static view *follow(app *a, pview *p, const activity *act)
{
	if (p->sub && (!act || p->sub->act != act)) {
		p->sub->ops->free(p->sub);
		p->sub = NULL;
	}
	if (!act || (!act->storage && act->kind != KIND_BRIEFING))
		return NULL;
	if (!p->sub) {
		p->sub = view_activity_new(a, act);
		p->fresh = true;
		if (p->sub && p->sub->ops->tick)
			p->sub->ops->tick(a, p->sub);
	}
	if (!p->sub)
		return NULL;
	int64_t before = view_owner(p->sub);
	if (a->room.owner)
		view_show_owner(a, p->sub, a->room.owner);
	if (view_owner(p->sub) != before)
		p->fresh = true;
	const room_view *rv = &a->shown;
	if (p->sub->ops->mirror && rv->state && strcmp(rv->activity, act->id) == 0
		&& (!rv->owner || rv->owner == view_owner(p->sub))
		&& (p->fresh || strcmp(rv->state, buf_str(&p->applied)) != 0)) {
		p->sub->ops->mirror(a, p->sub, rv->state);
		buf_clear(&p->applied);
		buf_puts(&p->applied, rv->state);
		p->fresh = false;
	}
	return p->sub;
}

/* The session whose overview of the groups the facilitator has open, or
 * NULL. */
static const session *dash_session(app *a)
{
	const room_view *rv = &a->shown;
	if (!rv->state || rv->activity[0])
		return NULL;
	buf b = {0};
	const session *s = NULL;
	if (vstate_get_str(rv->state, "view", &b) && strcmp(buf_str(&b), "dashboard") == 0
		&& vstate_get_str(rv->state, "session", &b))
		s = scenario_find_session(a->sc, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The overview of the groups as the facilitator has it: NULL when the
 * facilitator is not on it (it is closed then). */
static view *follow_dash(app *a, pview *p)
{
	const session *s = dash_session(a);
	if (p->dash && p->dash->session != s) {
		p->dash->ops->free(p->dash);
		p->dash = NULL;
		buf_clear(&p->dash_applied);
	}
	if (!s)
		return NULL;
	if (!p->dash)
		p->dash = view_dashboard_new(a, s);
	if (strcmp(a->shown.state, buf_str(&p->dash_applied)) != 0) {
		p->dash->ops->mirror(a, p->dash, a->shown.state);
		buf_clear(&p->dash_applied);
		buf_puts(&p->dash_applied, a->shown.state);
	}
	return p->dash;
}

/* The expert visits' records as the facilitator has them (no activity;
 * the state says view=visits), or NULL. */
static view *follow_visits(app *a, pview *p)
{
	const room_view *rv = &a->shown;
	bool on = rv->state && !rv->activity[0] && strstr(rv->state, "view=visits\n");
	if (!on) {
		if (p->vis)
			p->vis->ops->free(p->vis);
		p->vis = NULL;
		buf_clear(&p->vis_applied);
		return NULL;
	}
	if (!p->vis)
		p->vis = view_visits_new(a, (int)vstate_get_int(rv->state, "visit", 1));
	if (p->vis && strcmp(rv->state, buf_str(&p->vis_applied)) != 0) {
		p->vis->ops->mirror(a, p->vis, rv->state);
		buf_clear(&p->vis_applied);
		buf_puts(&p->vis_applied, rv->state);
	}
	return p->vis;
}

static void present_reload(app *a, view *v)
{
	pview *p = v->data;
	if (p->vis)
		p->vis->ops->reload(a, p->vis);
	if (p->dash && dash_session(a) == p->dash->session)
		p->dash->ops->reload(a, p->dash);
	if (p->sub && p->sub->ops->reload)
		p->sub->ops->reload(a, p->sub);
}

static void present_tick(app *a, view *v)
{
	pview *p = v->data;
	if (p->sub && p->sub->ops->tick)
		p->sub->ops->tick(a, p->sub);
}

static void present_draw(app *a, view *v, rect area)
{
	pview *p = v->data;
	view *vv = follow_visits(a, p);
	if (vv) {
		vv->ops->draw(a, vv, area);
		return;
	}
	view *dv = follow_dash(a, p);
	if (dv) {
		dv->ops->draw(a, dv, area);
		return;
	}
	const session *s = a->room.session[0] ? scenario_find_session(a->sc, a->room.session)
		: NULL;
	if (!s) {
		draw_center(area.y + area.h / 2 - 1, area.x, area.w, app_title(a), R_TITLE);
		draw_center(area.y + area.h / 2 + 1, area.x, area.w, tr(M_NO_CURRENT), R_DIM);
		return;
	}
	const activity *act = a->room.activity[0] ? scenario_find_activity(a->sc, a->room.activity)
		: NULL;
	view *sub = follow(a, p, act);
	if (sub) {
		sub->ops->draw(a, sub, area);
		return;
	}
	draw_overview(a, s, area);
}

static bool present_act(app *a, view *v, action act)
{
	(void)a;
	(void)v;
	/* the projector only quits, switches language, redraws or shows help */
	return !(act == A_QUIT || act == A_LANG || act == A_REDRAW || act == A_HELP);
}

static void present_title(app *a, view *v, buf *out)
{
	(void)v;
	const session *ds = dash_session(a);
	if (ds) { /* the overview of the groups (the title may come before the view) */
		char label[32];
		session_label(ds, label, sizeof label);
		buf_printf(out, tr(M_DASH_TITLE), label);
		return;
	}
	const session *s = a->room.session[0] ? scenario_find_session(a->sc, a->room.session)
		: NULL;
	const activity *act = a->room.activity[0] ? scenario_find_activity(a->sc, a->room.activity)
		: NULL;
	if (!s) {
		buf_puts(out, tr(M_WAITING));
		return;
	}
	char label[32];
	session_label(s, label, sizeof label);
	if (act)
		buf_printf(out, "%s  %s  |  %s", label, L(&s->title), L(&act->title));
	else
		buf_printf(out, "%s  %s", label, L(&s->title));
}

static void present_free(view *v)
{
	pview *p = v->data;
	if (p->sub)
		p->sub->ops->free(p->sub);
	if (p->dash)
		p->dash->ops->free(p->dash);
	if (p->vis)
		p->vis->ops->free(p->vis);
	buf_free(&p->vis_applied);
	buf_free(&p->applied);
	buf_free(&p->dash_applied);
	free(p);
	free(v);
}

static const view_ops present_ops = {
	.name = "present",
	.draw = present_draw,
	.act = present_act,
	.free = present_free,
	.title = present_title,
	.footer = M_FOOTER_PRESENT,
	.reload = present_reload,
	.tick = present_tick,
};

view *view_present_new(app *a)
{
	(void)a;
	pview *p = xcalloc(1, sizeof *p);
	view *v = xcalloc(1, sizeof *v);
	v->ops = &present_ops;
	v->data = p;
	return v;
}
