/* view_dashboard.c — every group's progress on the session's activities,
 * side by side, kept current as the groups write. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "progress.h"
#include "text.h"
#include "ui.h"

#define CELL_W 13

typedef struct dash {
	const session *s;
	owner_info *groups;
	int ngroups;
	const activity **acts;
	int nacts;
	char (*cells)[48]; /* nacts x ngroups */
	list_state list;
	int left; /* first group column shown */
	int gsel; /* the group column chosen (Left/Right): Enter opens its work */
} dash;

static void compute(app *a, dash *d)
{
	for (int i = 0; i < d->nacts; i++)
		for (int g = 0; g < d->ngroups; g++) {
			mm_error err;
			char *cell = d->cells[i * d->ngroups + g];
			if (activity_progress(a->st, d->acts[i], d->groups[g].id, cell, 48, &err) != MM_OK)
				snprintf(cell, 48, "!");
		}
}

static void dash_draw(app *a, view *v, rect area)
{
	(void)a;
	dash *d = v->data;
	if (!d->nacts || !d->ngroups) {
		draw_text(area.y + 1, area.x, area.w, tr(d->nacts ? M_DASH_NOGROUPS : M_DASH_NONE),
			R_DIM);
		return;
	}
	int title_w = area.w - CELL_W * d->ngroups;
	if (title_w < 24)
		title_w = 24;
	int fit = (area.w - title_w) / CELL_W; /* group columns that fit */
	if (fit < 1)
		fit = 1;
	if (d->gsel >= d->ngroups)
		d->gsel = d->ngroups - 1;
	if (d->gsel < 0)
		d->gsel = 0;
	if (d->gsel < d->left)
		d->left = d->gsel;
	if (d->gsel >= d->left + fit)
		d->left = d->gsel - fit + 1;
	if (d->left > d->ngroups - fit)
		d->left = d->ngroups - fit;
	if (d->left < 0)
		d->left = 0;
	int y = area.y + 1;
	draw_text(y, area.x, title_w, tr(M_DASH_ACTIVITY), R_HEAD);
	for (int g = d->left, x = area.x + title_w; g < d->ngroups && g < d->left + fit;
		g++, x += CELL_W) {
		buf name = {0};
		buf_printf(&name, tr(M_ROLE_GROUP), d->groups[g].name);
		draw_text(y, x + 1, CELL_W - 1, buf_str(&name), g == d->gsel ? R_SELECTED : R_HEAD);
		buf_free(&name);
	}
	y += 1;
	list_scroll(&d->list, area.y + area.h - y);
	for (int i = d->list.top; i < d->nacts && y < area.y + area.h; i++, y++) {
		bool sel = i == d->list.sel;
		char kind[64];
		buf title = {0};
		snprintf(kind, sizeof kind, "%s", tr((msg_id)(M_KIND_briefing + d->acts[i]->kind)));
		buf_printf(&title, " %s [%s]", L(&d->acts[i]->title), kind);
		draw_text(y, area.x, title_w, buf_str(&title), sel ? R_SELECTED : R_NORMAL);
		buf_free(&title);
		for (int g = d->left, x = area.x + title_w; g < d->ngroups && g < d->left + fit;
			g++, x += CELL_W)
			draw_text(y, x + 1, CELL_W - 1, d->cells[i * d->ngroups + g],
				sel && g == d->gsel ? R_SELECTED : sel ? R_CURSOR_ROW : R_NORMAL);
	}
}

static bool dash_act(app *a, view *v, action act)
{
	dash *d = v->data;
	if (list_act(&d->list, act, 10))
		return true;
	switch (act) {
	case A_COL_LEFT:
		d->gsel--;
		return true;
	case A_COL_RIGHT:
		d->gsel++;
		return true;
	case A_OPEN:
	case A_EDIT:
		if (d->nacts) {
			/* the chosen group's work: read-only when it is not this
			 * terminal's own (the core refuses the writes) */
			const activity *ac = d->acts[d->list.sel];
			view *nv = view_activity_new(a, ac); /* a preview */
			app_push(a, nv);
			if (d->ngroups && d->gsel < d->ngroups)
				view_show_group(a, nv, d->groups[d->gsel].id);
		}
		return true;
	case A_DASHBOARD:
		return true; /* already here */
	default:
		return false;
	}
}

static void dash_reload(app *a, view *v)
{
	compute(a, v->data);
}

static void dash_title(app *a, view *v, buf *out)
{
	(void)a;
	dash *d = v->data;
	char label[32];
	session_label(d->s, label, sizeof label);
	buf_printf(out, tr(M_DASH_TITLE), label);
}

static void dash_free(view *v)
{
	dash *d = v->data;
	owner_list_free(d->groups, d->ngroups);
	free(d->acts);
	free(d->cells);
	free(d);
	free(v);
}

static const action help_keys[] = {A_COL_LEFT, A_COL_RIGHT, A_NONE};

static const view_ops dash_ops = {
	.name = "dashboard",
	.draw = dash_draw,
	.act = dash_act,
	.reload = dash_reload,
	.free = dash_free,
	.title = dash_title,
	.footer = M_FOOTER_DASH,
	.ctx = C_TABLE,
	.help_actions = help_keys,
};

view *view_dashboard_new(app *a, const session *s)
{
	dash *d = xcalloc(1, sizeof *d);
	d->s = s;
	mm_error err;
	if (store_owners(a->st, 0, 0, &d->groups, &d->ngroups, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	d->acts = xcalloc(s->nactivities + 1, sizeof *d->acts);
	for (size_t k = 0; k < s->nactivities; k++)
		if (s->activities[k].storage)
			d->acts[d->nacts++] = &s->activities[k];
	d->cells = xcalloc((size_t)(d->nacts * d->ngroups) + 1, sizeof *d->cells);
	d->list.n = d->nacts;
	compute(a, d);
	view *v = xcalloc(1, sizeof *v);
	v->ops = &dash_ops;
	v->data = d;
	v->session = s;
	return v;
}
