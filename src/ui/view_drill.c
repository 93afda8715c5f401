/* view_drill.c — a tabletop drill in the room.
 *
 * A group sees the injects that have arrived for it, newest on top (a mark
 * and a bell for a new one), the selected inject's situation and questions,
 * the hints released to it and the decisions it logged; `a` logs one (the
 * drill time, the inject and the player's role filled in). The facilitator
 * sees every inject, runs the clock, releases injects and hints, and marks
 * each group's expectations met or not. The projector shows the clock, the
 * newest inject large, and which groups have logged a decision for it.
 * Everything comes from the store: the clock from the drill's events, the
 * decisions from the log sheet, so every terminal shows the same. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "drill.h"
#include "sheet.h"
#include "sheetedit.h"
#include "text.h"
#include "ui.h"

enum { C_TIME, C_INJECT, C_ROLE, C_DECISION, C_TELL }; /* the log's columns */
enum { PK_ROLE = 1, Q_END };

typedef struct dview {
	const activity *act;
	const drill_def *d;
	owner_sel own;          /* the groups (a group terminal: its own) */
	drill_run run;
	int64_t now;
	drill_phase phase;
	int64_t clock;          /* drill seconds */
	int64_t *arrived_at;    /* per inject, for the shown group: drill time, -1 not yet */
	bool *seen;             /* per inject: this terminal has shown it arrived */
	bool *fresh;            /* arrived since this terminal last selected it */
	int *list, nlist;       /* the injects shown, in the order shown */
	int sel, detail_top, detail_h;
	sheet *log;
	sheet *wash;
	sheet_history *hist;
	sedit se;
	int role;               /* the role this terminal's player plays (-1: none) */
	bool hotwash;           /* the hot wash instead of the injects */
	int wash_sel;
	bool matrix;            /* the facilitator's overview of marks */
	bool writable;
} dview;

static const char *const phase_msgs[] = {0};

static int64_t group_id(const dview *dv)
{
	return owner_sel_id(&dv->own);
}

static void fmt_clock(int64_t s, char *out, size_t n)
{
	snprintf(out, n, "%02lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

static msg_id phase_msg(drill_phase p)
{
	switch (p) {
	case DP_RUNNING: return M_DRILL_RUNNING;
	case DP_PAUSED: return M_DRILL_PAUSED;
	case DP_ENDED: return M_DRILL_ENDED;
	default: return M_DRILL_READY;
	}
}

/* ---- what has arrived ------------------------------------------------------ */

static int cmp_newest(const void *pa, const void *pb, void *ctx)
{
	const dview *dv = ctx;
	int a = *(const int *)pa, b = *(const int *)pb;
	int64_t ta = dv->arrived_at[a], tb = dv->arrived_at[b];
	if (ta != tb)
		return ta < tb ? 1 : -1;
	return b - a; /* the later in the file first */
}

/* Recomputes arrivals; true when an inject arrived that this terminal had
 * not shown yet (the bell). */
static bool recompute(app *a, dview *dv)
{
	dv->now = store_now();
	dv->phase = drill_clock(&dv->run, dv->now, &dv->clock);
	bool fac = a->role == ROLE_FACILITATOR;
	bool news = false;
	int keep = dv->nlist ? dv->list[dv->sel < dv->nlist ? dv->sel : 0] : -1;
	dv->nlist = 0;
	for (int k = 0; k < dv->d->ninjects; k++) {
		int64_t at = -1;
		if (!drill_arrived(dv->d, &dv->run, k, group_id(dv), dv->now, &at))
			at = -1;
		dv->arrived_at[k] = at;
		if (at >= 0 && !dv->seen[k]) {
			dv->seen[k] = true;
			dv->fresh[k] = !fac; /* the facilitator released it: no news there */
			news = true;
		}
		if (at >= 0 || fac)
			dv->list[dv->nlist++] = k;
	}
	if (!fac)
		qsort_r(dv->list, (size_t)dv->nlist, sizeof *dv->list, cmp_newest, dv);
	dv->sel = 0;
	for (int i = 0; i < dv->nlist; i++)
		if (dv->list[i] == keep)
			dv->sel = i;
	return news;
}

static void load_run(app *a, dview *dv)
{
	drill_run_free(&dv->run);
	mm_error err;
	if (drill_load(a->st, dv->act, &dv->run, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
}

static void open_group(app *a, dview *dv, bool first)
{
	sheet_free(dv->log);
	sheet_free(dv->wash);
	dv->log = dv->wash = NULL;
	sedit_close(a, &dv->se);
	mm_error err;
	int64_t g = group_id(dv);
	if (!g)
		return;
	dv->writable = sheet_may_write(a->st, OWNER_GROUP, g, NULL) == MM_OK;
	if (sheet_peek(a->st, dv->d->log, OWNER_GROUP, g, &dv->log, &err) != MM_OK
		|| sheet_peek(a->st, dv->d->wash, OWNER_GROUP, g, &dv->wash, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	dv->hist = app_history(a, dv->d->log->activity_id, OWNER_GROUP, g);
	char prefix[200];
	snprintf(prefix, sizeof prefix, "drill:%s:%lld:", dv->act->id, (long long)g);
	sedit_set_draft_prefix(&dv->se, prefix);
	/* a new group: what has arrived is not news to the facilitator */
	for (int k = 0; k < dv->d->ninjects; k++)
		dv->seen[k] = dv->fresh[k] = false;
	recompute(a, dv);
	if (first || a->role == ROLE_FACILITATOR)
		for (int k = 0; k < dv->d->ninjects; k++) {
			dv->seen[k] = dv->arrived_at[k] >= 0;
			dv->fresh[k] = false;
		}
	dv->sel = dv->detail_top = 0;
}

/* ---- the decisions of one inject ----------------------------------------- */

static const char *cell_of(const sheet *s, int r, int col)
{
	const char *v = s->rows[r].cells[col].value;
	return v ? v : "";
}

static int decisions_for(const dview *dv, int k)
{
	int n = 0;
	for (int r = 0; dv->log && r < dv->log->nrows; r++)
		if (strcmp(cell_of(dv->log, r, C_INJECT), dv->d->injects[k].id) == 0)
			n++;
	return n;
}

static const char *role_title(const dview *dv, const char *id)
{
	for (int k = 0; k < dv->d->nroles; k++)
		if (strcmp(dv->d->roles[k].id, id) == 0)
			return L(&dv->d->roles[k].title);
	return id;
}

/* ---- drawing -------------------------------------------------------------- */

static void draw_head(app *a, dview *dv, rect area)
{
	char clock[32], line[400];
	fmt_clock(dv->clock, clock, sizeof clock);
	snprintf(line, sizeof line, tr(M_DRILL_CLOCK), clock, dv->d->minutes,
		tr(phase_msg(dv->phase)));
	int w = draw_text_at(area.y, area.x, area.w, line, dv->phase == DP_RUNNING ? R_NOW
		: R_EMPH);
	buf right = {0};
	buf_puts(&right, "  |  ");
	buf_printf(&right, tr(M_ROLE_GROUP), owner_sel_name(&dv->own));
	if (a->role == ROLE_GROUP) {
		buf_printf(&right, "  |  ");
		buf_printf(&right, tr(M_DRILL_MY_ROLE), dv->role >= 0
			? L(&dv->d->roles[dv->role].title) : tr(M_DRILL_NO_ROLE));
	}
	draw_text(area.y, area.x + w, area.w - w, buf_str(&right), R_DIM);
	buf_free(&right);
}

static void draw_list(app *a, dview *dv, rect r)
{
	bool fac = a->role == ROLE_FACILITATOR;
	draw_text(r.y, r.x, r.w, tr(fac ? M_DRILL_ALL_INJECTS : M_DRILL_ARRIVED), R_HEADING);
	if (!dv->nlist) {
		draw_text(r.y + 2, r.x + 1, r.w - 1, tr(dv->phase == DP_READY ? M_DRILL_WAIT_START
			: M_DRILL_NOTHING_YET), R_DIM);
		return;
	}
	int page = r.h - 1;
	int top = dv->sel >= page ? dv->sel - page + 1 : 0;
	for (int i = top, y = r.y + 1; i < dv->nlist && y < r.y + r.h; i++, y++) {
		int k = dv->list[i];
		const drill_inject *in = &dv->d->injects[k];
		char when[32], mark[16];
		if (dv->arrived_at[k] >= 0)
			fmt_clock(dv->arrived_at[k], when, sizeof when);
		else if (in->at >= 0)
			snprintf(when, sizeof when, "(%02d:00)", in->at);
		else
			snprintf(when, sizeof when, "(%s)", tr(M_DRILL_MANUAL));
		snprintf(mark, sizeof mark, "%s", dv->fresh[k] ? "★" : " ");
		buf line = {0};
		/* how many decisions it has, before the title (which may be cut) */
		int n = decisions_for(dv, k);
		if (n)
			buf_printf(&line, "%s %s (%d) %s", mark, when, n, L(&in->title));
		else
			buf_printf(&line, "%s %s %s", mark, when, L(&in->title));
		theme_role role = i == dv->sel ? R_SELECTED : dv->arrived_at[k] < 0 ? R_DIM
			: dv->fresh[k] ? R_EMPH : R_NORMAL;
		draw_text(y, r.x, r.w, buf_str(&line), role);
		buf_free(&line);
	}
}

/* Lines of the detail pane, with their roles, laid out for a width. */
typedef struct dlines {
	char **text;
	theme_role *role;
	int n;
} dlines;

static void dl_add(dlines *l, const char *s, theme_role role)
{
	l->text = xrealloc(l->text, (size_t)(l->n + 1) * sizeof *l->text);
	l->role = xrealloc(l->role, (size_t)(l->n + 1) * sizeof *l->role);
	l->text[l->n] = xstrdup(s);
	l->role[l->n++] = role;
}

typedef struct wrapctx {
	dlines *l;
	theme_role role;
	const char *indent; /* before the first piece (a bullet) */
	bool first;
} wrapctx;

static void dl_piece(const char *line, size_t len, void *vctx)
{
	wrapctx *c = vctx;
	buf b = {0};
	if (c->first)
		buf_puts(&b, c->indent);
	else /* the pieces after the first line up under its text */
		buf_printf(&b, "%*s", text_width(c->indent), "");
	c->first = false;
	buf_append(&b, line, len);
	dl_add(c->l, buf_str(&b), c->role);
	buf_free(&b);
}

static void dl_wrap(dlines *l, const char *text, int w, theme_role role, const char *indent)
{
	wrapctx c = {l, role, indent, true};
	int iw = text_width(indent);
	text_wrap(text, w - iw > 10 ? w - iw : 10, dl_piece, &c);
}

static void dl_free(dlines *l)
{
	for (int k = 0; k < l->n; k++)
		free(l->text[k]);
	free(l->text);
	free(l->role);
	*l = (dlines){0};
}

static void detail_lines(app *a, dview *dv, int k, int w, dlines *l)
{
	const drill_inject *in = &dv->d->injects[k];
	bool fac = a->role == ROLE_FACILITATOR;
	char when[32];
	buf b = {0};
	if (dv->arrived_at[k] >= 0) {
		fmt_clock(dv->arrived_at[k], when, sizeof when);
		buf_printf(&b, tr(M_DRILL_ARRIVED_AT), when);
	} else {
		buf_puts(&b, tr(M_DRILL_NOT_ARRIVED));
	}
	if (!in->to_all) {
		buf_puts(&b, "  ");
		buf_puts(&b, tr(M_DRILL_TO));
		bool first = true;
		for (int r = 0; r < dv->d->nroles; r++)
			if (in->to_roles & (1u << r)) {
				buf_printf(&b, "%s%s", first ? "" : tr(M_LIST_SEP), L(&dv->d->roles[r].title));
				first = false;
			}
		if (dv->role >= 0 && (in->to_roles & (1u << dv->role)))
			buf_printf(&b, "  %s", tr(M_DRILL_FOR_YOU));
	}
	dl_wrap(l, buf_str(&b), w, R_DIM, "");
	buf_clear(&b);
	dl_wrap(l, L(&in->title), w, R_TITLE, "");
	dl_add(l, "", R_NORMAL);
	if (in->body.ja) {
		mdoc doc;
		markup_layout(L(&in->body), w, &doc);
		for (int i = 0; i < doc.n; i++) {
			buf_clear(&b);
			/* the mark (・, 1.) then the text at its indent; a wrapped line of
			 * a bullet lines up under the text */
			const mline *ml = &doc.lines[i];
			int pad = ml->indent - text_width(ml->prefix);
			buf_printf(&b, "%s%*s%s", ml->prefix, pad > 0 ? pad : 0, "", ml->text ? ml->text : "");
			dl_add(l, buf_str(&b), doc.lines[i].style == LS_H1 || doc.lines[i].style == LS_H2
				? R_HEADING : R_NORMAL);
		}
		markup_free(&doc);
		dl_add(l, "", R_NORMAL);
	}
	if (in->nquestions) {
		dl_add(l, tr(M_DRILL_QUESTIONS), R_HEADING);
		for (int q = 0; q < in->nquestions; q++)
			dl_wrap(l, L(&in->questions[q]), w, R_NORMAL, tr(M_BULLET));
		dl_add(l, "", R_NORMAL);
	}
	/* the facilitator's own: what a good response contains, and its marks */
	if (fac && in->nexpect) {
		dl_add(l, tr(M_DRILL_EXPECT), R_HEADING);
		for (int e = 0; e < in->nexpect; e++) {
			int x = in->first_expect + e;
			mm_status rc;
			const lstr *t = drill_expect_text(a->st, dv->d, x, &rc);
			int mark = drill_mark(&dv->run, x, group_id(dv));
			buf_clear(&b);
			buf_printf(&b, "%d【%s】%s", e + 1, mark == 1 ? tr(M_DRILL_MET) : mark == 0
				? tr(M_DRILL_UNMET) : tr(M_DRILL_UNMARKED), t ? L(t) : "");
			dl_wrap(l, buf_str(&b), w, mark == 1 ? R_BAND_GREEN : mark == 0 ? R_BAND_RED
				: R_NORMAL, "");
		}
		dl_add(l, "", R_NORMAL);
	}
	bool any_hint = false;
	for (int h = 0; h < in->nhints; h++) {
		mm_status rc;
		const char *t = drill_hint_text(a->st, dv->d, &dv->run, k, h, group_id(dv), &rc);
		if (!t)
			continue;
		if (!any_hint)
			dl_add(l, tr(M_DRILL_HINTS), R_HEADING);
		any_hint = true;
		bool released = drill_hint_released(&dv->run, k, h, group_id(dv));
		buf_clear(&b);
		buf_printf(&b, "%s%s", fac ? tr(released ? M_DRILL_HINT_SENT : M_DRILL_HINT_HELD) : "",
			t);
		dl_wrap(l, buf_str(&b), w, released ? R_EMPH : R_DIM, tr(M_BULLET));
	}
	if (any_hint)
		dl_add(l, "", R_NORMAL);
	dl_add(l, tr(M_DRILL_DECISIONS), R_HEADING);
	int n = 0;
	for (int r = 0; dv->log && r < dv->log->nrows; r++) {
		if (strcmp(cell_of(dv->log, r, C_INJECT), in->id) != 0)
			continue;
		buf_clear(&b);
		const char *role = cell_of(dv->log, r, C_ROLE);
		/* 「15:32【総務・広報】…」: no space for a line to break at before the text */
		if (*role)
			buf_printf(&b, tr(M_DRILL_DECISION_LINE), cell_of(dv->log, r, C_TIME),
				role_title(dv, role), cell_of(dv->log, r, C_DECISION));
		else
			buf_printf(&b, "%s %s", cell_of(dv->log, r, C_TIME),
				cell_of(dv->log, r, C_DECISION));
		if (*cell_of(dv->log, r, C_TELL))
			buf_printf(&b, "  → %s", cell_of(dv->log, r, C_TELL));
		dl_wrap(l, buf_str(&b), w, R_NORMAL, "");
		n++;
	}
	if (!n)
		dl_add(l, tr(dv->writable ? M_DRILL_NO_DECISION : M_DRILL_NO_DECISION_RO), R_DIM);
	buf_free(&b);
}

static void draw_detail(app *a, dview *dv, rect r)
{
	if (!dv->nlist)
		return;
	dlines l = {0};
	detail_lines(a, dv, dv->list[dv->sel], r.w, &l);
	/* a longer text keeps its last row for where you are in it */
	int h = l.n > r.h ? r.h - 1 : r.h;
	dv->detail_h = h;
	if (dv->detail_top > l.n - h)
		dv->detail_top = l.n - h;
	if (dv->detail_top < 0)
		dv->detail_top = 0;
	for (int i = dv->detail_top, y = r.y; i < l.n && y < r.y + h; i++, y++)
		draw_text(y, r.x, r.w, l.text[i], l.role[i]);
	if (l.n > r.h) {
		char pos[64];
		int last = dv->detail_top + h < l.n ? dv->detail_top + h : l.n;
		snprintf(pos, sizeof pos, tr(app_on_projector(a) ? M_SCROLL_POS : M_DRILL_SCROLL_POS),
			last, l.n);
		int pw = text_width(pos);
		draw_text(r.y + r.h - 1, r.x + r.w - pw, pw, pos, R_DIM);
	}
	dl_free(&l);
}

static void draw_hotwash(app *a, dview *dv, rect r)
{
	draw_text(r.y, r.x, r.w, tr(app_on_projector(a) ? M_PRESENT_HOTWASH_TITLE
		: M_DRILL_HOTWASH_TITLE), R_HEADING);
	int y = r.y + 2;
	const table_def *t = dv->d->wash;
	for (int k = 0; k < t->ncols && y < r.y + r.h; k++) {
		buf q = {0};
		buf_printf(&q, "%d. %s", k + 1, L(&t->cols[k].title));
		draw_text(y++, r.x, r.w, buf_str(&q), k == dv->wash_sel ? R_SELECTED : R_EMPH);
		buf_free(&q);
		const char *ans = dv->wash && dv->wash->nrows ? cell_of(dv->wash, 0, k) : "";
		dlines l = {0};
		dl_wrap(&l, *ans ? ans : tr(M_DRILL_NO_ANSWER), r.w, *ans ? R_NORMAL : R_DIM, "  ");
		for (int i = 0; i < l.n && i < 4 && y < r.y + r.h; i++)
			draw_text(y++, r.x, r.w, l.text[i], l.role[i]);
		dl_free(&l);
		y++;
	}
}

/* The facilitator's overview: for each group, which expectations are met. */
static void draw_matrix(app *a, dview *dv, rect r)
{
	draw_text(r.y, r.x, r.w, tr(M_DRILL_MATRIX_TITLE), R_HEADING);
	int y = r.y + 2, lw = r.w > 60 ? 28 : 18, cw = 6;
	int x = r.x + lw;
	for (int g = 0; g < dv->own.n && x + cw <= r.x + r.w; g++, x += cw)
		draw_text(y, x, cw - 1, dv->own.owners[g].name, R_HEAD);
	y++;
	for (int e = 0; e < dv->d->nexpects && y < r.y + r.h; e++, y++) {
		mm_status rc;
		const lstr *t = drill_expect_text(a->st, dv->d, e, &rc);
		buf lab = {0};
		buf_printf(&lab, "%s: %s", dv->d->injects[dv->d->expects[e].inject].id,
			t ? L(t) : dv->d->expects[e].id);
		draw_text(y, r.x, lw - 1, buf_str(&lab), R_NORMAL);
		buf_free(&lab);
		x = r.x + lw;
		for (int g = 0; g < dv->own.n && x + cw <= r.x + r.w; g++, x += cw) {
			int m = drill_mark(&dv->run, e, dv->own.owners[g].id);
			draw_text(y, x, cw - 1, m == 1 ? tr(M_DRILL_MET) : m == 0 ? tr(M_DRILL_UNMET) : "·",
				m == 1 ? R_BAND_GREEN : m == 0 ? R_BAND_RED : R_DIM);
		}
	}
}

/* The projector: the clock, the newest inject large and calm, and which
 * groups have logged a decision for it — never the facilitator's text. */
static void draw_projector(app *a, dview *dv, rect area)
{
	(void)a;
	char clock[32], line[300];
	fmt_clock(dv->clock, clock, sizeof clock);
	snprintf(line, sizeof line, tr(M_DRILL_CLOCK), clock, dv->d->minutes,
		tr(phase_msg(dv->phase)));
	draw_center(area.y + 1, area.x, area.w, line, dv->phase == DP_RUNNING ? R_NOW : R_EMPH);
	/* the newest inject that has arrived for every group or by time */
	int newest = -1;
	int64_t best = -1;
	for (int k = 0; k < dv->d->ninjects; k++)
		for (int g = 0; g < dv->own.n; g++) {
			int64_t at;
			if (drill_arrived(dv->d, &dv->run, k, dv->own.owners[g].id, dv->now, &at)
				&& at >= best) {
				best = at;
				newest = k;
			}
		}
	if (newest < 0) {
		draw_center(area.y + area.h / 2, area.x, area.w, tr(dv->phase == DP_READY
			? M_DRILL_WAIT_START : M_DRILL_NOTHING_YET), R_DIM);
		return;
	}
	const drill_inject *in = &dv->d->injects[newest];
	int w = area.w > 100 ? 100 : area.w - 4;
	int x = area.x + (area.w - w) / 2;
	int y = area.y + 3;
	draw_center(y, area.x, area.w, L(&in->title), R_TITLE);
	y += 2;
	int room = area.h - 6 - (dv->own.n + 1) / 2 - 2;
	if (in->body.ja) {
		mdoc doc;
		markup_layout(L(&in->body), w, &doc);
		for (int i = 0; i < doc.n && i < room; i++)
			markup_draw_line(&doc.lines[i], y++, x, w);
		markup_free(&doc);
	}
	/* per group: has it logged a decision for this inject? */
	y = area.y + area.h - (dv->own.n + 1) / 2 - 1;
	draw_text(y - 1, x, w, tr(M_DRILL_PROJ_LOGGED), R_HEADING);
	for (int g = 0; g < dv->own.n; g++) {
		sheet *s = NULL;
		mm_error err;
		int n = 0;
		if (sheet_peek(a->st, dv->d->log, OWNER_GROUP, dv->own.owners[g].id, &s, &err) == MM_OK) {
			for (int r = 0; r < s->nrows; r++)
				n += strcmp(cell_of(s, r, C_INJECT), in->id) == 0;
			sheet_free(s);
		}
		buf b = {0};
		buf_printf(&b, tr(M_ROLE_GROUP), dv->own.owners[g].name);
		buf_printf(&b, "  %s", n ? tr(M_DRILL_PROJ_YES) : tr(M_DRILL_PROJ_NO));
		int col = g % 2, row = g / 2;
		draw_text(y + row, x + col * (w / 2), w / 2 - 1, buf_str(&b), n ? R_BAND_GREEN : R_DIM);
		buf_free(&b);
	}
}

static void drill_draw(app *a, view *v, rect area)
{
	dview *dv = v->data;
	if (a->role == ROLE_PRESENTER) {
		draw_projector(a, dv, area);
		return;
	}
	draw_head(a, dv, area);
	rect body = {area.y + 2, area.x, area.h - 2, area.w};
	if (dv->matrix) {
		draw_matrix(a, dv, body);
	} else if (dv->hotwash) {
		draw_hotwash(a, dv, body);
	} else if (!dv->nlist) {
		/* nothing yet: say so across the screen, calmly */
		draw_center(body.y + body.h / 3, body.x, body.w, tr(dv->phase == DP_READY
			? M_DRILL_WAIT_START : M_DRILL_NOTHING_YET), R_EMPH);
	} else {
		int lw = area.w >= 110 ? 40 : area.w >= 90 ? 34 : 30;
		draw_list(a, dv, (rect){body.y, body.x, body.h, lw});
		draw_detail(a, dv, (rect){body.y, body.x + lw + 2, body.h, body.w - lw - 2});
	}
	sedit_draw(a, &dv->se, area);
}

static void drill_cursor(app *a, view *v)
{
	dview *dv = v->data;
	sedit_cursor(a, &dv->se);
}

/* ---- writing: decisions and the hot wash ------------------------------------ */

static mm_status ed_save(app *a, void *ctx, se_target *t, const char *stored, int expected,
	sheet_conflict *cf, mm_error *err)
{
	dview *dv = ctx;
	sheet *s = t->at < 0 ? dv->wash : dv->log; /* at -1: the hot wash */
	if (!s)
		return mm_fail(err, MM_EDB, "%s", tr(M_DRILL_NO_SHEET));
	if (!t->new_row)
		return sheet_set(a->st, s, t->row, t->col, stored, expected, cf, dv->hist, err);
	const char **values = xcalloc((size_t)s->def->ncols + 1, sizeof *values);
	char clock[32];
	if (s == dv->log) {
		/* the drill time, the inject and the role are filled in */
		int k = dv->nlist ? dv->list[dv->sel] : 0;
		fmt_clock(dv->clock, clock, sizeof clock);
		values[C_TIME] = clock;
		values[C_INJECT] = dv->d->injects[k].id;
		values[C_ROLE] = dv->role >= 0 ? dv->d->roles[dv->role].id : "";
	}
	values[t->col] = stored;
	int64_t id = 0;
	mm_status rc = sheet_insert(a->st, s, s->nrows, values, &id, dv->hist, err);
	free(values);
	if (rc == MM_OK) {
		t->row = id;
		t->new_row = false;
	}
	return rc;
}

static void ed_discard(app *a, void *ctx, const se_target *t, const char *stored)
{
	dview *dv = ctx;
	sheet *s = t->at < 0 ? dv->wash : dv->log;
	mm_error err;
	sheet_log_discarded(a->st, s, t->row, t->col, stored, &err);
	sheet_reload(a->st, s, &err);
}

static void ed_after(app *a, void *ctx, const se_target *t, bool saved, wint_t key)
{
	(void)key;
	dview *dv = ctx;
	/* a decision just logged: who is told, right after */
	if (saved && t->at >= 0 && t->col == C_DECISION) {
		se_target next = *t;
		next.col = C_TELL;
		next.version = 0;
		snprintf(next.key, sizeof next.key, "%lld:tell", (long long)t->row);
		next.label = NULL; /* T's is the editor's */
		se_target_label(&next, "%s", tr(M_DRILL_TELL_PROMPT));
		sedit_line(a, &dv->se, &next, "");
		se_target_free(&next);
	}
}

static void ed_picked(app *a, void *ctx, int purpose, const picklist *p, int k)
{
	(void)a;
	(void)p;
	dview *dv = ctx;
	if (purpose == PK_ROLE)
		dv->role = k < dv->d->nroles ? k : -1;
}

static void ed_confirmed(app *a, void *ctx, int purpose)
{
	dview *dv = ctx;
	mm_error err;
	if (purpose == Q_END) {
		if (drill_end(a->st, dv->act, &err) != MM_OK)
			app_message(a, true, "%s", err.msg);
		else
			dv->hotwash = true;
		load_run(a, dv);
		recompute(a, dv);
	}
}

static const sedit_ops drill_edit_ops = {
	.save = ed_save,
	.discard = ed_discard,
	.after = ed_after,
	.picked = ed_picked,
	.confirmed = ed_confirmed,
};

static bool may_write(app *a, dview *dv)
{
	mm_error err;
	if (sheet_may_write(a->st, OWNER_GROUP, group_id(dv), &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return false;
	}
	return true;
}

static void log_decision(app *a, dview *dv)
{
	if (!dv->nlist || dv->arrived_at[dv->list[dv->sel]] < 0) {
		app_message(a, true, "%s", tr(M_DRILL_PICK_ARRIVED));
		return;
	}
	if (!may_write(a, dv))
		return;
	if (dv->role < 0 && dv->d->nroles && a->role == ROLE_GROUP)
		app_message(a, false, "%s", tr(M_DRILL_ROLE_HINT));
	dv->fresh[dv->list[dv->sel]] = false; /* being answered: no longer new */
	se_target t = {.new_row = true, .col = C_DECISION};
	snprintf(t.key, sizeof t.key, "new:%s", dv->d->injects[dv->list[dv->sel]].id);
	se_target_label(&t, tr(M_DRILL_DECISION_PROMPT),
		L(&dv->d->injects[dv->list[dv->sel]].title));
	sedit_line(a, &dv->se, &t, "");
	se_target_free(&t);
}

static void edit_wash(app *a, dview *dv)
{
	if (!may_write(a, dv) || !dv->wash)
		return;
	const table_def *td = dv->d->wash;
	se_target t = {.col = dv->wash_sel, .at = -1};
	if (dv->wash->nrows) {
		t.row = dv->wash->rows[0].id;
		t.version = dv->wash->rows[0].cells[t.col].version;
	} else {
		t.new_row = true;
	}
	snprintf(t.key, sizeof t.key, "wash:%s", td->cols[t.col].id);
	se_target_label(&t, "%s", L(&td->cols[t.col].title));
	sedit_text(a, &dv->se, &t, dv->wash->nrows ? cell_of(dv->wash, 0, t.col) : "");
	se_target_free(&t);
}

static void choose_role(app *a, dview *dv)
{
	picklist p = {0};
	for (int k = 0; k < dv->d->nroles; k++) {
		buf b = {0};
		buf_printf(&b, "%d  %s", k + 1, L(&dv->d->roles[k].title));
		if (dv->d->roles[k].brief.ja)
			buf_printf(&b, " — %s", L(&dv->d->roles[k].brief));
		picklist_add(&p, dv->d->roles[k].id, buf_str(&b));
		buf_free(&b);
	}
	p.list.sel = dv->role > 0 ? dv->role : 0;
	sedit_pick(a, &dv->se, NULL, PK_ROLE, &p, false, tr(M_DRILL_ROLE_TITLE));
}

/* ---- the facilitator's controls ------------------------------------------- */

static void report(app *a, mm_status rc, const mm_error *err, msg_id ok)
{
	if (rc != MM_OK)
		app_message(a, true, "%s", err->msg);
	else if (ok)
		app_message(a, false, "%s", tr(ok));
}

static void toggle_clock(app *a, dview *dv)
{
	mm_error err;
	mm_status rc;
	msg_id ok;
	switch (dv->phase) {
	case DP_READY: rc = drill_start(a->st, dv->act, &err); ok = M_DRILL_STARTED; break;
	case DP_RUNNING: rc = drill_pause(a->st, dv->act, &err); ok = M_DRILL_PAUSED_MSG; break;
	case DP_PAUSED: rc = drill_resume(a->st, dv->act, &err); ok = M_DRILL_RESUMED; break;
	default: rc = mm_fail(&err, MM_EUSER, "%s", tr(M_DRILL_NOT_RUNNING)); ok = 0; break;
	}
	report(a, rc, &err, ok);
}

static void mark(app *a, dview *dv, int n)
{
	if (!dv->nlist)
		return;
	const drill_inject *in = &dv->d->injects[dv->list[dv->sel]];
	if (n < 1 || n > in->nexpect) {
		app_message(a, true, tr(M_DRILL_NO_EXPECT_N), n);
		return;
	}
	int x = in->first_expect + n - 1;
	bool met = drill_mark(&dv->run, x, group_id(dv)) != 1; /* met, else not met */
	mm_error err;
	report(a, drill_mark_expect(a->st, dv->act, group_id(dv), dv->d->expects[x].id, met, &err),
		&err, 0);
}

static void release_hint(app *a, dview *dv, bool all)
{
	if (!dv->nlist)
		return;
	int k = dv->list[dv->sel];
	int64_t g = all ? 0 : group_id(dv);
	for (int h = 0; h < dv->d->injects[k].nhints; h++)
		if (!drill_hint_released(&dv->run, k, h, g ? g : -1)) {
			mm_error err;
			report(a, drill_release_hint(a->st, dv->act, k, h, g, &err), &err,
				M_DRILL_HINT_RELEASED);
			return;
		}
	app_message(a, true, "%s", tr(M_DRILL_NO_MORE_HINTS));
}

static bool facilitator_key(app *a, dview *dv, wint_t ch)
{
	mm_error err;
	int which;
	switch (ch) {
	case 's': toggle_clock(a, dv); return true;
	case 'n':
		report(a, drill_next(a->st, dv->act, &which, &err), &err, M_DRILL_NEXT_DONE);
		return true;
	case 'r':
	case 'R':
		if (dv->nlist)
			report(a, drill_release(a->st, dv->act, dv->d->injects[dv->list[dv->sel]].id,
				ch == 'R' ? group_id(dv) : 0, &err), &err, M_DRILL_RELEASED);
		return true;
	case 'h': release_hint(a, dv, false); return true;
	case 'H': release_hint(a, dv, true); return true;
	case 'E': sedit_confirm(&dv->se, Q_END, tr(M_DRILL_END_CONFIRM)); return true;
	case 'M': dv->matrix = !dv->matrix; return true;
	default:
		if (ch >= '1' && ch <= '9') {
			mark(a, dv, (int)(ch - '0'));
			return true;
		}
		return false;
	}
}

/* ---- keys ----------------------------------------------------------------- */

static bool drill_raw(app *a, view *v, int r, wint_t ch)
{
	dview *dv = v->data;
	if (sedit_busy(&dv->se))
		return sedit_key(a, &dv->se, r, ch);
	if (r != OK || a->role == ROLE_PRESENTER)
		return false;
	if (a->role == ROLE_FACILITATOR && !dv->hotwash && facilitator_key(a, dv, ch)) {
		/* this terminal's own writes do not wake it: read the run again */
		load_run(a, dv);
		recompute(a, dv);
		return true;
	}
	switch (ch) {
	case 'a':
		if (!dv->hotwash)
			log_decision(a, dv);
		return true;
	case 'W': choose_role(a, dv); return true;
	case 'w': dv->hotwash = !dv->hotwash; dv->matrix = false; return true;
	default: return false;
	}
}

static bool drill_act(app *a, view *v, action act)
{
	dview *dv = v->data;
	if (a->role == ROLE_PRESENTER)
		return false;
	if (dv->hotwash) {
		switch (act) {
		case A_UP: if (dv->wash_sel > 0) dv->wash_sel--; return true;
		case A_DOWN: if (dv->wash_sel < dv->d->wash->ncols - 1) dv->wash_sel++; return true;
		case A_EDIT: case A_OPEN: edit_wash(a, dv); return true;
		case A_BACK: dv->hotwash = false; return true;
		default: break;
		}
	}
	switch (act) {
	case A_UP:
		if (dv->sel > 0)
			dv->sel--, dv->detail_top = 0;
		break;
	case A_DOWN:
		if (dv->sel < dv->nlist - 1)
			dv->sel++, dv->detail_top = 0;
		break;
	case A_HOME: dv->sel = 0; dv->detail_top = 0; break;
	case A_END: dv->sel = dv->nlist ? dv->nlist - 1 : 0; dv->detail_top = 0; break;
	case A_PGDN: dv->detail_top += dv->detail_h > 2 ? dv->detail_h - 2 : 1; return true;
	case A_PGUP: dv->detail_top -= dv->detail_h > 2 ? dv->detail_h - 2 : 1; return true;
	case A_UNDO:
	case A_REDO: {
		mm_error err;
		if (dv->log && may_write(a, dv))
			report(a, sheet_undo(a->st, dv->log, dv->hist, act == A_REDO, &err), &err,
				act == A_REDO ? M_REDONE : M_UNDONE);
		return true;
	}
	case A_NEXT_OWNER:
	case A_PREV_OWNER:
		if (owner_sel_step(&dv->own, act == A_NEXT_OWNER ? 1 : -1))
			open_group(a, dv, false);
		return true;
	case A_BACK:
		if (dv->matrix) {
			dv->matrix = false;
			return true;
		}
		return false;
	default:
		return false;
	}
	if (dv->nlist)
		dv->fresh[dv->list[dv->sel]] = false; /* looked at: no longer new */
	return true;
}

/* ---- life -------------------------------------------------------------- */

static void drill_reload(app *a, view *v)
{
	dview *dv = v->data;
	load_run(a, dv);
	mm_error err;
	bool changed;
	if (dv->log)
		sheet_refresh(a->st, dv->log, &changed, &err);
	if (dv->wash)
		sheet_refresh(a->st, dv->wash, &changed, &err);
	if (recompute(a, dv) && a->role == ROLE_GROUP)
		beep(); /* a new inject: the bell */
}

/* The clock moves without any write: arrivals are checked every tick. */
static void drill_tick(app *a, view *v)
{
	dview *dv = v->data;
	int64_t before = dv->clock;
	if (recompute(a, dv) && a->role == ROLE_GROUP)
		beep();
	if (dv->clock != before)
		a->redraw = true;
	sedit_tick(a, &dv->se);
}

static void drill_hangup(app *a, view *v)
{
	dview *dv = v->data;
	sedit_hangup(a, &dv->se);
}

static msg_id drill_footer(app *a, view *v)
{
	(void)a;
	dview *dv = v->data;
	return sedit_footer(&dv->se);
}

static bool drill_modal(view *v)
{
	dview *dv = v->data;
	return sedit_busy(&dv->se);
}

static void drill_reopen(app *a, view *v)
{
	open_group(a, v->data, false);
}

static void drill_free(view *v)
{
	dview *dv = v->data;
	drill_run_free(&dv->run);
	sheet_free(dv->log);
	sheet_free(dv->wash);
	owner_sel_free(&dv->own);
	sedit_free(&dv->se);
	free(dv->arrived_at);
	free(dv->seen);
	free(dv->fresh);
	free(dv->list);
	free(dv);
	free(v);
}

static const view_key drill_keys[] = {
	{A_NONE, M_DRILL_KEY_LOG, M_DRILL_BRIEF_LOG, KEYS_WRITERS, "a"},
	{A_NONE, M_DRILL_KEY_ROLE, M_DRILL_BRIEF_ROLE, ROLE_BIT(ROLE_GROUP), "W"},
	{A_NONE, M_DRILL_KEY_HOTWASH, M_DRILL_BRIEF_HOTWASH, KEYS_WRITERS, "w"},
	{A_UNDO, 0, 0, KEYS_WRITERS, NULL},
	{A_REDO, 0, 0, KEYS_WRITERS, NULL},
	{A_NONE, M_DRILL_KEY_SCROLL, 0, 0, "PgUp PgDn"},
	{A_NONE, M_DRILL_KEY_CLOCK, M_DRILL_BRIEF_CLOCK, KEYS_FAC, "s"},
	{A_NONE, M_DRILL_KEY_NEXT, M_DRILL_BRIEF_NEXT, KEYS_FAC, "n"},
	{A_NONE, M_DRILL_KEY_RELEASE, M_DRILL_BRIEF_RELEASE, KEYS_FAC, "r"},
	{A_NONE, M_DRILL_KEY_RELEASE_ONE, 0, KEYS_FAC, "R"},
	{A_NONE, M_DRILL_KEY_MARK, M_DRILL_BRIEF_MARK, KEYS_FAC, "1-9"},
	{A_NONE, M_DRILL_KEY_HINT, 0, KEYS_FAC, "h"},
	{A_NONE, M_DRILL_KEY_HINT_ALL, 0, KEYS_FAC, "H"},
	{A_NONE, M_DRILL_KEY_MATRIX, 0, KEYS_FAC, "M"},
	{A_NONE, M_DRILL_KEY_END, 0, KEYS_FAC, "E"},
	{A_NEXT_OWNER, 0, 0, KEYS_FAC, NULL},
	{A_PREV_OWNER, 0, 0, KEYS_FAC, NULL},
	VIEW_KEYS_END,
};

static const view_ops drill_ops = {
	.name = "drill",
	.draw = drill_draw,
	.act = drill_act,
	.reload = drill_reload,
	.free = drill_free,
	.title = activity_view_title,
	.footer = M_FOOTER_TEXT,
	.ctx = C_TABLE,
	.keys = drill_keys,
	.reopen = drill_reopen,
	.raw = drill_raw,
	.footer_now = drill_footer,
	.cursor = drill_cursor,
	.tick = drill_tick,
	.hangup = drill_hangup,
	.modal = drill_modal,
};

view *view_drill_new(app *a, const activity *act)
{
	const drill_def *d = drill_of(act);
	if (!d)
		return NULL;
	(void)phase_msgs;
	dview *dv = xcalloc(1, sizeof *dv);
	dv->act = act;
	dv->d = d;
	dv->role = -1;
	dv->arrived_at = xcalloc((size_t)d->ninjects + 1, sizeof *dv->arrived_at);
	dv->seen = xcalloc((size_t)d->ninjects + 1, sizeof *dv->seen);
	dv->fresh = xcalloc((size_t)d->ninjects + 1, sizeof *dv->fresh);
	dv->list = xcalloc((size_t)d->ninjects + 1, sizeof *dv->list);
	sedit_init(&dv->se, &drill_edit_ops, dv);
	owner_sel_init(a, act, &dv->own);
	load_run(a, dv);
	open_group(a, dv, true);
	view *v = xcalloc(1, sizeof *v);
	v->ops = &drill_ops;
	v->own = &dv->own;
	v->act = act;
	v->data = dv;
	return v;
}
