/* view_dashboard.c — every group's progress on the session's activities,
 * side by side, kept current as the groups write. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "checklist.h"
#include "progress.h"
#include "sheet.h"
#include "text.h"
#include "ui.h"
#include "vstate.h"

#define CELL_W 13     /* the narrowest group column */
#define CELL_W_MAX 30 /* the widest (on a wide projector) */
#define HEAT_MAX 6    /* heat map axes of up to this many values are drawn */
#define SCORES_MAX 4  /* a company checklist: the totals of a group's first companies */

/* A checklist's total for the group, or for one of its companies. */
typedef struct gscore {
	double total, max;
	const checklist_band *band;
	char name[48]; /* the company's; "" for the group's own */
} gscore;

/* What one group did on one activity, beyond the progress words: a
 * checklist's totals, a table's heat map counts. */
typedef struct gdetail {
	gscore sc[SCORES_MAX];
	int nsc;
	int counts[HEAT_MAX][HEAT_MAX]; /* [y - ymin][x - xmin] */
} gdetail;

typedef struct dash {
	const session *s;
	owner_info *groups;
	int ngroups;
	const activity **acts;
	int nacts;
	char (*cells)[48]; /* nacts x ngroups */
	gdetail *det;      /* nacts x ngroups */
	list_state list;
	int left; /* first group column shown */
	int gsel; /* the group column chosen (Left/Right): Enter opens its work */
} dash;

/* The heat map axes of a table activity (group scope), or false. */
static bool heat_axes(const activity *act, int *xmin, int *xmax, int *ymin, int *ymax)
{
	const table_def *d = act->storage;
	if (act->kind != KIND_TABLE || act->scope != SCOPE_GROUP || !d || d->heat_x < 0
		|| d->heat_y < 0)
		return false;
	*xmin = d->heat_xmin, *xmax = d->heat_xmax, *ymin = d->heat_ymin, *ymax = d->heat_ymax;
	return *xmax >= *xmin && *ymax >= *ymin && *xmax - *xmin < HEAT_MAX
		&& *ymax - *ymin < HEAT_MAX;
}

static const checklist_def *scored_checklist(const activity *act)
{
	return act->kind == KIND_CHECKLIST && act->scope != SCOPE_PERSON ? checklist_of(act) : NULL;
}

static void score_owner(app *a, const activity *act, const checklist_def *cl, owner_kind ok,
	int64_t owner, const char *name, gdetail *g)
{
	mm_error err;
	sheet *s = NULL;
	if (g->nsc >= SCORES_MAX || sheet_peek(a->st, act->storage, ok, owner, &s, &err) != MM_OK) {
		sheet_free(s);
		return;
	}
	checklist_result r;
	checklist_score(cl, s, &r);
	gscore *sc = &g->sc[g->nsc++];
	sc->total = r.total;
	sc->max = r.max;
	sc->band = r.band;
	snprintf(sc->name, sizeof sc->name, "%s", name);
	checklist_result_free(&r);
	sheet_free(s);
}

static int cell_num(const sheet *s, int r, int col)
{
	expr_value v = sheet_value(s, r, col);
	return v.kind == EXPR_NUM ? (int)v.num : 0;
}

static void compute_detail(app *a, const activity *act, int64_t group, gdetail *g)
{
	memset(g, 0, sizeof *g);
	int xmin, xmax, ymin, ymax;
	const checklist_def *cl = scored_checklist(act);
	bool heat = heat_axes(act, &xmin, &xmax, &ymin, &ymax);
	mm_error err;
	if (cl && act->scope == SCOPE_COMPANY) {
		owner_info *own;
		int nown;
		if (store_owners(a->st, OWNER_COMPANY, group, &own, &nown, &err) == MM_OK) {
			for (int k = 0; k < nown; k++)
				score_owner(a, act, cl, OWNER_COMPANY, own[k].id, own[k].name, g);
			owner_list_free(own, nown);
		}
	} else if (cl) {
		score_owner(a, act, cl, OWNER_GROUP, group, "", g);
	}
	if (!heat)
		return;
	sheet *s = NULL;
	if (sheet_peek(a->st, act->storage, OWNER_GROUP, group, &s, &err) != MM_OK) {
		sheet_free(s);
		return;
	}
	if (s) {
		const table_def *d = act->storage;
		for (int r = 0; r < s->nrows; r++) {
			int vx = cell_num(s, r, d->heat_x), vy = cell_num(s, r, d->heat_y);
			if (vx >= xmin && vx <= xmax && vy >= ymin && vy <= ymax)
				g->counts[vy - ymin][vx - xmin]++;
		}
	}
	sheet_free(s);
}

static void compute(app *a, dash *d)
{
	for (int i = 0; i < d->nacts; i++)
		for (int g = 0; g < d->ngroups; g++) {
			mm_error err;
			char *cell = d->cells[i * d->ngroups + g];
			if (activity_progress(a->st, d->acts[i], d->groups[g].id, cell, 48, &err) != MM_OK)
				snprintf(cell, 48, "!");
			compute_detail(a, d->acts[i], d->groups[g].id, &d->det[i * d->ngroups + g]);
		}
}

static theme_role color_role(band_color c, theme_role dflt)
{
	switch (c) {
	case BAND_RED: return R_BAND_RED;
	case BAND_YELLOW: return R_BAND_YELLOW;
	case BAND_BLUE: return R_BAND_BLUE;
	case BAND_GREEN: return R_BAND_GREEN;
	default: return dflt;
	}
}

/* The group columns shown: from LEFT, FIT of them, each CW wide after the
 * title column of TW. */
typedef struct cols {
	int tw, cw, left, fit;
} cols;

/* A band's label in a word: up to its first colon ("危険：いつ事故が…"
 * gives "危険"). */
static void band_word(buf *out, const char *label)
{
	size_t n = strcspn(label, ":");
	const char *fw = strstr(label, "\xef\xbc\x9a"); /* the full-width colon */
	if (fw && (size_t)(fw - label) < n)
		n = (size_t)(fw - label);
	buf_putc(out, ' ');
	for (size_t k = 0; k < n; k++)
		buf_putc(out, label[k]);
}

/* A checklist's totals: "score / max band" under each group (a line for
 * each of its companies when the companies answer). */
static int draw_totals(dash *d, int i, cols c, int y, int x, int bottom)
{
	int lines = 1;
	for (int g = 0; g < d->ngroups; g++)
		if (d->det[i * d->ngroups + g].nsc > lines)
			lines = d->det[i * d->ngroups + g].nsc;
	buf b = {0};
	buf_printf(&b, tr(M_DASH_TOTAL), L(&d->acts[i]->title));
	draw_text(y, x, c.tw, buf_str(&b), R_HEADING);
	for (int k = 0; k < lines && y < bottom; k++, y++)
		for (int g = c.left, gx = x + c.tw; g < d->ngroups && g < c.left + c.fit;
			g++, gx += c.cw) {
			const gdetail *gd = &d->det[i * d->ngroups + g];
			if (k >= gd->nsc)
				continue;
			const gscore *sc = &gd->sc[k];
			buf_clear(&b);
			buf_printf(&b, tr(M_DASH_SCORE), sc->total, sc->max);
			if (sc->band && sc->band->label.ja)
				band_word(&b, L(&sc->band->label));
			if (sc->name[0]) { /* the company's name before, cut to fit */
				buf line = {0};
				buf_printf(&line, "%s ", sc->name);
				int room = c.cw - 1 - text_width(buf_str(&b));
				if (room > 3) {
					draw_text(y, gx + 1, room, buf_str(&line), R_DIM);
					draw_text(y, gx + 1 + room, c.cw - 1 - room, buf_str(&b),
						sc->band ? color_role(sc->band->color, R_EMPH) : R_NORMAL);
					buf_free(&line);
					continue;
				}
				buf_free(&line);
			}
			draw_text(y, gx + 1, c.cw - 1, buf_str(&b),
				sc->band ? color_role(sc->band->color, R_EMPH) : R_NORMAL);
		}
	buf_free(&b);
	return y;
}

/* A table's heat map, small, under each group: counts per cell with the
 * band's word (never colour alone). */
static int draw_heat(dash *d, int i, cols c, int y, int x, int bottom)
{
	const activity *act = d->acts[i];
	const table_def *t = act->storage;
	int xmin, xmax, ymin, ymax;
	heat_axes(act, &xmin, &xmax, &ymin, &ymax);
	const column *cx = &t->cols[t->heat_x], *cy = &t->cols[t->heat_y];
	const column *banded = t->heat_color >= 0 ? &t->cols[t->heat_color] : NULL;
	int nx = xmax - xmin + 1;
	int w = (c.cw - 1) / nx; /* columns of one heat cell */
	if (w < 3)
		return y; /* too narrow to read */
	buf b = {0};
	if (t->heat_title.ja)
		buf_printf(&b, tr(M_DASH_HEAT), L(&act->title), L(&t->heat_title));
	else
		buf_printf(&b, tr(M_DASH_HEAT_PLAIN), L(&act->title));
	draw_text(y++, x, c.tw + c.cw * c.fit, buf_str(&b), R_HEADING);
	for (int yy = ymax; yy >= ymin && y < bottom; yy--, y++) {
		buf_clear(&b);
		buf_printf(&b, "  %s %d", L(&cy->title), yy);
		draw_text(y, x, c.tw, buf_str(&b), R_DIM);
		for (int g = c.left, gx = x + c.tw; g < d->ngroups && g < c.left + c.fit;
			g++, gx += c.cw) {
			const gdetail *gd = &d->det[i * d->ngroups + g];
			for (int xx = xmin; xx <= xmax; xx++) {
				const band *bd = banded ? column_band(banded, (double)xx * yy) : NULL;
				int n = gd->counts[yy - ymin][xx - xmin];
				buf_clear(&b);
				buf_printf(&b, "%2d", n);
				if (bd && bd->label.ja)
					buf_printf(&b, "%s", L(&bd->label));
				/* with a space after it if it fits, else touching the next;
				 * the count alone only when the word cannot fit at all */
				int tw = text_width(buf_str(&b));
				if (tw > w) {
					buf_clear(&b);
					buf_printf(&b, "%2d", n);
				}
				draw_text(y, gx + 1 + (xx - xmin) * w, tw <= w - 1 ? w - 1 : w,
					buf_str(&b), bd ? color_role(bd->color, R_NORMAL) : R_NORMAL);
			}
		}
	}
	if (y < bottom) {
		buf_clear(&b);
		buf_printf(&b, "  %s →", L(&cx->title));
		draw_text(y, x, c.tw, buf_str(&b), R_DIM);
		for (int g = c.left, gx = x + c.tw; g < d->ngroups && g < c.left + c.fit;
			g++, gx += c.cw)
			for (int xx = xmin; xx <= xmax; xx++) {
				char n[16];
				snprintf(n, sizeof n, "%2d", xx);
				draw_text(y, gx + 1 + (xx - xmin) * w, w - 1, n, R_DIM);
			}
		y++;
	}
	buf_free(&b);
	return y;
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
	int cell_w = (area.w - 24) / d->ngroups;
	if (cell_w > CELL_W_MAX)
		cell_w = CELL_W_MAX;
	if (cell_w < CELL_W)
		cell_w = CELL_W;
	int title_w = area.w - cell_w * d->ngroups;
	if (title_w < 24)
		title_w = 24;
	int fit = (area.w - title_w) / cell_w; /* group columns that fit */
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
		g++, x += cell_w) {
		buf name = {0};
		buf_printf(&name, tr(M_ROLE_GROUP), d->groups[g].name);
		draw_text(y, x + 1, cell_w - 1, buf_str(&name), g == d->gsel ? R_SELECTED : R_HEAD);
		buf_free(&name);
	}
	y += 1;
	int bottom = area.y + area.h;
	int rows = bottom - y < d->nacts ? bottom - y : d->nacts;
	list_scroll(&d->list, rows);
	for (int i = d->list.top; i < d->nacts && y < bottom; i++, y++) {
		bool sel = i == d->list.sel;
		char kind[64];
		buf title = {0};
		snprintf(kind, sizeof kind, "%s", tr((msg_id)(M_KIND_briefing + d->acts[i]->kind)));
		buf_printf(&title, " %s [%s]", L(&d->acts[i]->title), kind);
		draw_text(y, area.x, title_w, buf_str(&title), sel ? R_SELECTED : R_NORMAL);
		buf_free(&title);
		for (int g = d->left, x = area.x + title_w; g < d->ngroups && g < d->left + fit;
			g++, x += cell_w)
			draw_text(y, x + 1, cell_w - 1, d->cells[i * d->ngroups + g],
				sel && g == d->gsel ? R_SELECTED : sel ? R_CURSOR_ROW : R_NORMAL);
	}
	/* under the list: checklist totals and small heat maps, per group */
	cols c = {title_w, cell_w, d->left, fit};
	bool gap = true; /* a blank line before the totals, and before each map */
	for (int i = 0; i < d->nacts && y + 1 < bottom; i++)
		if (scored_checklist(d->acts[i])) {
			y = draw_totals(d, i, c, y + gap, area.x, bottom);
			gap = false;
		}
	int xmin, xmax, ymin, ymax;
	for (int i = 0; i < d->nacts && y + 2 < bottom; i++)
		if (heat_axes(d->acts[i], &xmin, &xmax, &ymin, &ymax))
			y = draw_heat(d, i, c, y + 1, area.x, bottom);
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

/* The projector shows the same rows and group column. */
static void dash_publish(app *a, view *v, buf *out)
{
	(void)a;
	dash *d = v->data;
	vstate_str(out, "view", "dashboard");
	vstate_str(out, "session", d->s->id);
	vstate_int(out, "sel", d->list.sel);
	vstate_int(out, "gsel", d->gsel);
}

static void dash_mirror(app *a, view *v, const char *state)
{
	(void)a;
	dash *d = v->data;
	int sel = (int)vstate_get_int(state, "sel", 0);
	d->list.sel = sel < 0 ? 0 : sel >= d->nacts ? (d->nacts ? d->nacts - 1 : 0) : sel;
	d->gsel = (int)vstate_get_int(state, "gsel", 0);
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
	free(d->det);
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
	.publish = dash_publish,
	.mirror = dash_mirror,
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
	d->det = xcalloc((size_t)(d->nacts * d->ngroups) + 1, sizeof *d->det);
	d->list.n = d->nacts;
	compute(a, d);
	view *v = xcalloc(1, sizeof *v);
	v->ops = &dash_ops;
	v->data = d;
	v->session = s;
	return v;
}
