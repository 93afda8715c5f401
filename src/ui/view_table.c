/* view_table.c — a shared table: a grid with the first column frozen, in-place
 * editing, pickers for choices, a row form with every column's help, sorting,
 * filtering, search, a heat map, undo/redo and a conflict dialog. Edits of
 * other terminals appear as soon as they are committed. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "edit.h"
#include "editor.h"
#include "export.h"
#include "sheet.h"
#include "text.h"
#include "ui.h"

#define ROWNUM_W 6
#define CELL_MAX 1024

typedef enum tmode {
	TM_GRID, TM_EDIT, TM_TEXT, TM_PICK, TM_FLAGS, TM_FORM, TM_PROMPT, TM_CONFLICT, TM_HEAT,
	TM_CONFIRM,
} tmode;

typedef struct tview {
	const activity *act;
	const table_def *def;
	sheet *s;
	owner_sel own;
	int *order, norder; /* visible rows: indices into s->rows */
	int cur, col, top, left;
	int *widths;
	bool *hidden; /* columns left out (the projector shows the summary ones) */
	int sort_col, sort_dir;
	char filter[256];
	int heat_x, heat_y;   /* heat filter values; 0 = none */
	int hx, hy;           /* heat map selection */
	char search[256];
	sheet_history hist;
	tmode mode, back;     /* back: where editing returns (grid or form) */
	edit_line ed;
	edit_text edt;
	int64_t edit_row;
	int edit_col, edit_version;
	int edit_y, edit_x, edit_w; /* where the line editor is drawn */
	rect text_box;
	char draft_text[CELL_MAX];
	int64_t draft_at;
	/* pickers */
	picklist pick;
	int prompt_kind; /* 0 search, 1 filter, 2 import file */
	sheet_conflict conflict;
	char *mine;
	int form_sel;
	int page;
	bool joined; /* the edit being made joins the row insert before it (undo) */
} tview;

/* ---- owners ------------------------------------------------------------ */

static const char *owner_name(const tview *t)
{
	return owner_sel_name(&t->own);
}

static void place_prefix(const tview *t, char *out, size_t n)
{
	snprintf(out, n, "table:%s:%d:%lld:", t->def->activity_id, (int)t->own.okind,
		(long long)owner_sel_id(&t->own));
}

/* ---- row order: filter, heat filter, sort -------------------------------- */

static int heat_val(const sheet *s, int r, int col)
{
	if (col < 0)
		return 0;
	expr_value v = sheet_value(s, r, col);
	return v.kind == EXPR_NUM ? (int)v.num : 0;
}

static bool row_matches(const tview *t, int r, const char *needle)
{
	char b[CELL_MAX];
	for (int k = 0; k < t->def->ncols; k++) {
		sheet_display(t->s, r, k, b, sizeof b);
		if (strcasestr(b, needle))
			return true;
	}
	return false;
}

static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
	const tview *t = ctx;
	int a = *(const int *)pa, b = *(const int *)pb;
	expr_value va = sheet_value(t->s, a, t->sort_col);
	expr_value vb = sheet_value(t->s, b, t->sort_col);
	int c;
	/* blanks last in either direction */
	if (va.kind == EXPR_BLANK || vb.kind == EXPR_BLANK) {
		c = (va.kind == EXPR_BLANK) - (vb.kind == EXPR_BLANK);
		if (c)
			return c;
	}
	if (va.kind == EXPR_NUM && vb.kind == EXPR_NUM) {
		c = (va.num > vb.num) - (va.num < vb.num);
	} else {
		char x[CELL_MAX], y[CELL_MAX];
		sheet_display(t->s, a, t->sort_col, x, sizeof x);
		sheet_display(t->s, b, t->sort_col, y, sizeof y);
		c = strcmp(x, y);
	}
	c *= t->sort_dir;
	return c ? c : (a > b) - (a < b);
}

static void rebuild_order(tview *t, int64_t keep_row)
{
	free(t->order);
	t->order = xmalloc(((size_t)t->s->nrows + 1) * sizeof *t->order);
	t->norder = 0;
	for (int r = 0; r < t->s->nrows; r++) {
		if (t->filter[0] && !row_matches(t, r, t->filter))
			continue;
		if (t->heat_x && (heat_val(t->s, r, t->def->heat_x) != t->heat_x
			|| heat_val(t->s, r, t->def->heat_y) != t->heat_y))
			continue;
		t->order[t->norder++] = r;
	}
	if (t->sort_dir) {
		qsort_r(t->order, (size_t)t->norder, sizeof *t->order, cmp_rows, t);
	}
	if (keep_row) {
		for (int k = 0; k < t->norder; k++)
			if (t->s->rows[t->order[k]].id == keep_row)
				t->cur = k;
	}
	if (t->cur >= t->norder)
		t->cur = t->norder - 1;
	if (t->cur < 0)
		t->cur = 0;
}

static int64_t cur_row_id(const tview *t)
{
	return t->norder ? t->s->rows[t->order[t->cur]].id : 0;
}

/* ---- loading ----------------------------------------------------------- */

static int default_width(const column *c)
{
	int w;
	switch (c->type) {
	case COL_TEXT: w = 18; break;
	case COL_LONGTEXT: w = 24; break;
	case COL_NUMBER: w = 10; break;
	case COL_SCALE: w = 6; break;
	case COL_CHOICE: w = 12; break;
	case COL_FLAGS: w = 16; break;
	case COL_BOOL: w = 6; break;
	case COL_DATE: w = 10; break;
	case COL_REF: w = 18; break;
	default: w = 8;
	}
	if (c->nbands)
		w += 4;
	return w;
}

static void compute_widths(tview *t)
{
	for (int k = 0; k < t->def->ncols; k++) {
		const column *c = &t->def->cols[k];
		int w = c->width ? c->width : default_width(c);
		int tw = text_width(L(&c->title));
		if (!c->width && tw > w)
			w = tw > 24 ? 24 : tw;
		t->widths[k] = w;
	}
}

static void open_owner(app *a, tview *t)
{
	sheet_free(t->s);
	t->s = NULL;
	history_free(&t->hist);
	mm_error err;
	int64_t owner = owner_sel_id(&t->own);
	/* the first screen's rows now, the rest right after it is drawn */
	int first = LINES > 0 ? LINES : 50;
	if (sheet_open_first(a->st, t->def, t->own.okind, owner, first, &t->s, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return;
	}
	t->cur = t->top = 0;
	rebuild_order(t, 0);
}

/* Loads the rows not yet loaded (a no-op once done). */
static void complete(app *a, tview *t)
{
	if (!t->s || !t->s->partial)
		return;
	int64_t keep = cur_row_id(t);
	mm_error err;
	if (sheet_complete(a->st, t->s, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	rebuild_order(t, keep);
}

static void table_reload(app *a, view *v)
{
	tview *t = v->data;
	if (!t->s)
		return;
	int64_t keep = cur_row_id(t);
	mm_error err;
	bool changed = false;
	if (sheet_refresh(a->st, t->s, &changed, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	if (!changed)
		return; /* another sheet or the room changed, not this one */
	rebuild_order(t, keep);
	/* a picker or form over a row that is gone closes */
	if (t->mode != TM_GRID && t->mode != TM_HEAT && t->mode != TM_PROMPT
		&& t->edit_row && sheet_row_index(t->s, t->edit_row) < 0 && t->mode != TM_EDIT
		&& t->mode != TM_TEXT)
		t->mode = TM_GRID;
}

/* ---- drawing ----------------------------------------------------------- */

static theme_role band_role(const band *b)
{
	if (!b)
		return R_NORMAL;
	switch (b->color) {
	case BAND_RED: return R_BAND_RED;
	case BAND_YELLOW: return R_BAND_YELLOW;
	case BAND_BLUE: return R_BAND_BLUE;
	case BAND_GREEN: return R_BAND_GREEN;
	default: return R_NORMAL;
	}
}

/* Columns visible right of the frozen one, for a grid of width W. */
static int last_visible(const tview *t, int w)
{
	int x = ROWNUM_W + t->widths[0] + 1;
	int k = t->left;
	int last = t->left - 1;
	for (; k < t->def->ncols; k++) {
		if (t->hidden[k]) {
			last = k; /* takes no room */
			continue;
		}
		if (x + t->widths[k] > w && k > t->left)
			break;
		x += t->widths[k] + 1;
		last = k;
	}
	return last;
}

static void keep_col_visible(tview *t, int w)
{
	if (t->left < 1)
		t->left = 1;
	if (t->col >= 1 && t->col < t->left)
		t->left = t->col;
	while (t->col > last_visible(t, w) && t->left < t->def->ncols - 1)
		t->left++;
}

static void draw_heatmap(tview *t, int y, int x, int w, bool focus)
{
	const table_def *d = t->def;
	if (d->heat_x < 0 || d->heat_y < 0 || !t->s)
		return;
	const column *cx = &d->cols[d->heat_x], *cy = &d->cols[d->heat_y];
	/* axes from the columns' ranges (scales, or computed 1..3 by default) */
	int xmin = 1, xmax = 3, ymin = 1, ymax = 3;
	if (cx->type == COL_SCALE)
		xmin = (int)cx->min, xmax = (int)cx->max;
	if (cy->type == COL_SCALE)
		ymin = (int)cy->min, ymax = (int)cy->max;
	int nx = xmax - xmin + 1, ny = ymax - ymin + 1;
	int counts[12][12] = {{0}};
	for (int r = 0; r < t->s->nrows; r++) {
		int vx = heat_val(t->s, r, d->heat_x), vy = heat_val(t->s, r, d->heat_y);
		if (vx >= xmin && vx <= xmax && vy >= ymin && vy <= ymax && nx <= 12 && ny <= 12)
			counts[vy - ymin][vx - xmin]++;
	}
	/* a column with bands colours the cells by x*y (the risk value) */
	const column *banded = NULL;
	for (int k = 0; k < d->ncols; k++)
		if (d->cols[k].nbands && d->cols[k].type == COL_COMPUTED)
			banded = &d->cols[k];
	char title[200];
	snprintf(title, sizeof title, "%s", d->heat_title.ja ? L(&d->heat_title) : "");
	draw_text(y++, x, w, title, R_HEADING);
	char lbl[64];
	snprintf(lbl, sizeof lbl, "%s", L(&cy->title));
	draw_text(y++, x, w, lbl, R_DIM);
	for (int yy = ymax; yy >= ymin; yy--, y++) {
		char n[16];
		snprintf(n, sizeof n, "%3d ", yy);
		draw_text(y, x, 4, n, R_DIM);
		for (int xx = xmin; xx <= xmax; xx++) {
			int c = counts[yy - ymin][xx - xmin];
			const band *b = banded ? column_band(banded, (double)xx * yy) : NULL;
			char cell[32];
			if (b && b->label.ja)
				snprintf(cell, sizeof cell, "%3d %s ", c, L(&b->label));
			else
				snprintf(cell, sizeof cell, "%3d ", c);
			bool sel = focus && xx == t->hx && yy == t->hy;
			bool on = t->heat_x == xx && t->heat_y == yy;
			theme_role role = sel ? R_SELECTED : band_role(b);
			int cw = 8;
			draw_text(y, x + 4 + (xx - xmin) * cw, cw - 1, cell, role);
			if (on)
				draw_text_at(y, x + 4 + (xx - xmin) * cw + cw - 1, 1, "*", R_EMPH);
		}
	}
	char axis[128] = "    ";
	size_t len = strlen(axis);
	for (int xx = xmin; xx <= xmax; xx++) {
		snprintf(axis + len, sizeof axis - len, "%3d     ", xx);
		len = strlen(axis);
	}
	draw_text(y++, x, w, axis, R_DIM);
	snprintf(lbl, sizeof lbl, "    %s", L(&cx->title));
	draw_text(y, x, w, lbl, R_DIM);
}

static void draw_grid(app *a, tview *t, rect area)
{
	const table_def *d = t->def;
	char b[CELL_MAX];
	int y = area.y;
	/* info line */
	char info[512], rows[64];
	if (t->norder != t->s->nrows)
		snprintf(rows, sizeof rows, tr(M_ROWS_OF), t->norder, t->s->nrows);
	else
		snprintf(rows, sizeof rows, tr(M_ROWS), t->s->total > t->s->nrows ? t->s->total
			: t->s->nrows);
	char who[128];
	snprintf(who, sizeof who, tr(t->own.okind == OWNER_COMPANY ? M_OWNER_COMPANY
		: t->own.okind == OWNER_PERSON ? M_OWNER_PERSON : M_OWNER_GROUP), owner_name(t));
	snprintf(info, sizeof info, "%s  |  %s", who, rows);
	if (t->sort_dir) {
		char srt[128];
		snprintf(srt, sizeof srt, tr(t->sort_dir > 0 ? M_SORTED_UP : M_SORTED_DOWN),
			L(&d->cols[t->sort_col].title));
		size_t l = strlen(info);
		snprintf(info + l, sizeof info - l, "  |  %s", srt);
	}
	if (t->filter[0] || t->heat_x) {
		char f[300], hv[64] = "";
		if (t->heat_x)
			snprintf(hv, sizeof hv, "%s%d×%d", t->filter[0] ? " " : "", t->heat_y, t->heat_x);
		char both[300];
		snprintf(both, sizeof both, "%s%s", t->filter, hv);
		snprintf(f, sizeof f, tr(M_FILTERED), both);
		size_t l = strlen(info);
		snprintf(info + l, sizeof info - l, "  |  %s", f);
	}
	if (sheet_may_write(a->st, t->own.okind, owner_sel_id(&t->own), NULL)
		!= MM_OK) {
		size_t l = strlen(info);
		snprintf(info + l, sizeof info - l, "  |  %s", tr(M_READONLY_VIEW));
	}
	draw_text(y++, area.x, area.w, info, R_DIM);

	bool side_heat = d->heat_x >= 0 && area.w >= 110;
	int gw = side_heat ? area.w - 34 : area.w;
	keep_col_visible(t, gw);
	int bottom = area.y + area.h - 2; /* two lines for the cell's full text and help */
	/* header */
	int x = area.x;
	draw_text(y, x, ROWNUM_W, "    #", R_HEAD);
	x += ROWNUM_W;
	int last = last_visible(t, gw);
	for (int k = 0; k <= last; k = (k == 0 ? t->left : k + 1)) {
		if (k && t->hidden[k])
			continue;
		int w = t->widths[k];
		if (x + w > area.x + gw)
			w = area.x + gw - x;
		if (w <= 0)
			break;
		draw_text(y, x, w, L(&d->cols[k].title), k == t->col ? R_SELECTED : R_HEAD);
		x += w + 1;
		if (k == 0 && t->left > 1)
			draw_text_at(y, x - 1, 1, "<", R_EMPH);
	}
	if (last < d->ncols - 1)
		draw_text_at(y, area.x + gw - 1, 1, ">", R_EMPH);
	y++;
	t->page = bottom - y;
	if (t->page < 1)
		t->page = 1;
	if (t->cur < t->top)
		t->top = t->cur;
	if (t->cur >= t->top + t->page)
		t->top = t->cur - t->page + 1;
	if (t->norder == 0) {
		bool writable = sheet_may_write(a->st, t->own.okind,
			owner_sel_id(&t->own), NULL) == MM_OK;
		draw_text(y + 1, area.x + 2, gw - 2, t->s->nrows ? tr(M_NO_ROWS_MATCH)
			: tr(writable ? M_EMPTY_TABLE : M_EMPTY_READONLY), R_DIM);
		/* an empty table: what the group is asked to do, and how */
		if (!t->s->nrows) {
			buf intro = {0};
			if (t->act->prompt.ja)
				buf_printf(&intro, "**%s**\n\n", L(&t->act->prompt));
			if (t->act->body.ja)
				buf_puts(&intro, L(&t->act->body));
			mdoc doc;
			int w = gw - 4 > 100 ? 100 : gw - 4;
			markup_layout(buf_str(&intro), w, &doc);
			for (int k = 0; k < doc.n && y + 3 + k < bottom; k++)
				markup_draw_line(&doc.lines[k], y + 3 + k, area.x + 2, w);
			markup_free(&doc);
			buf_free(&intro);
		}
	}
	for (int i = t->top; i < t->norder && y < bottom; i++, y++) {
		int r = t->order[i];
		bool cur_row = i == t->cur;
		x = area.x;
		char num[16];
		snprintf(num, sizeof num, "%5d ", r + 1);
		draw_text(y, x, ROWNUM_W, num, cur_row ? R_CURSOR_ROW : R_GRID);
		x += ROWNUM_W;
		for (int k = 0; k <= last; k = (k == 0 ? t->left : k + 1)) {
			if (k && t->hidden[k])
				continue;
			int w = t->widths[k];
			if (x + w > area.x + gw)
				w = area.x + gw - x;
			if (w <= 0)
				break;
			sheet_display(t->s, r, k, b, sizeof b);
			/* one line in the grid: line breaks shown as a space */
			for (char *p = b; *p; p++)
				if (*p == '\n' || *p == '\r' || *p == '\t')
					*p = ' ';
			theme_role role = cur_row ? R_CURSOR_ROW : R_NORMAL;
			const band *bd = sheet_band(t->s, r, k);
			if (bd)
				role = band_role(bd);
			if (cur_row && k == t->col)
				role = R_SELECTED;
			draw_text(y, x, w, b, role);
			x += w + 1;
		}
	}
	/* the current cell in full, and its column's help */
	if (t->norder) {
		const column *c = &d->cols[t->col];
		sheet_display(t->s, t->order[t->cur], t->col, b, sizeof b);
		for (char *p = b; *p; p++)
			if (*p == '\n')
				*p = ' ';
		char line[CELL_MAX + 200];
		snprintf(line, sizeof line, "%s: %s", L(&c->title), b);
		draw_text(area.y + area.h - 2, area.x, area.w, line, R_EMPH);
		if (c->help.ja) {
			char h[600];
			snprintf(h, sizeof h, "%s", L(&c->help));
			for (char *p = h; *p; p++)
				if (*p == '\n')
					*p = ' ';
			draw_text(area.y + area.h - 1, area.x, area.w, h, R_DIM);
		} else if (c->type == COL_COMPUTED) {
			char h[600];
			snprintf(h, sizeof h, "%s: %s", tr(M_COMPUTED_HINT), c->expr_src);
			draw_text(area.y + area.h - 1, area.x, area.w, h, R_DIM);
		}
	}
	if (side_heat)
		draw_heatmap(t, area.y + 2, area.x + area.w - 32, 32, t->mode == TM_HEAT);
}

typedef struct help_ctx {
	int y, x, w, end;
} help_ctx;

/* One wrapped line of a column's help, while there is room. */
static void help_line(const char *line, size_t len, void *vctx)
{
	help_ctx *c = vctx;
	if (c->y >= c->end)
		return;
	char *piece = xstrndup(line, len);
	draw_text(c->y++, c->x, c->w, piece, R_DIM);
	free(piece);
}

static void draw_form(app *a, tview *t, rect area)
{
	(void)a;
	const table_def *d = t->def;
	if (!t->norder) {
		t->mode = TM_GRID;
		return;
	}
	int r = t->order[t->cur];
	char b[CELL_MAX], head[128];
	snprintf(head, sizeof head, "#%d  %s", r + 1, sheet_label(t->s, t->s->rows[r].id));
	draw_text(area.y, area.x, area.w, head, R_TITLE);
	int tw = 20;
	int y = area.y + 2;
	int help_lines = area.h >= 30 ? 6 : 4;
	int rows_avail = area.h - 2 - help_lines - 1;
	int top = t->form_sel >= rows_avail ? t->form_sel - rows_avail + 1 : 0;
	for (int k = top; k < d->ncols && y < area.y + 2 + rows_avail; k++, y++) {
		const column *c = &d->cols[k];
		bool sel = k == t->form_sel;
		draw_text(y, area.x, tw, L(&c->title), sel ? R_SELECTED : R_HEADING);
		sheet_display(t->s, r, k, b, sizeof b);
		for (char *p = b; *p; p++)
			if (*p == '\n')
				*p = ' ';
		const band *bd = sheet_band(t->s, r, k);
		draw_text(y, area.x + tw + 1, area.w - tw - 1, b, bd ? band_role(bd) : R_NORMAL);
		if (sel) {
			t->edit_y = y;
			t->edit_x = area.x + tw + 1;
			t->edit_w = area.w - tw - 1;
		}
	}
	const column *c = &d->cols[t->form_sel];
	int hy = area.y + area.h - help_lines;
	draw_text(hy - 1, area.x, area.w, "", R_NORMAL);
	if (c->help.ja || c->type == COL_COMPUTED) {
		char h[700];
		if (c->help.ja)
			snprintf(h, sizeof h, "%s: %s", tr(M_HELP_LABEL), L(&c->help));
		else
			snprintf(h, sizeof h, "%s: %s", tr(M_COMPUTED_HINT), c->expr_src);
		help_ctx hc = {hy, area.x, area.w, area.y + area.h};
		text_wrap(h, area.w, help_line, &hc);
	}
}

static void draw_pick(tview *t, rect area)
{
	const column *c = &t->def->cols[t->edit_col];
	int w = 24;
	for (int k = 0; k < t->pick.n; k++) {
		int lw = text_width(t->pick.labels[k]) + 8;
		if (lw > w)
			w = lw;
	}
	if (text_width(L(&c->title)) + 4 > w)
		w = text_width(L(&c->title)) + 4;
	rect r = popup_rect(area, w, t->pick.n + 2);
	draw_popup_frame(r, L(&c->title));
	int page = r.h - 2;
	list_scroll(&t->pick.list, page);
	for (int k = t->pick.list.top, y = r.y + 1; k < t->pick.n && y < r.y + r.h - 1; k++, y++) {
		char line[300];
		if (t->mode == TM_FLAGS)
			snprintf(line, sizeof line, " [%s] %s", t->pick.on[k] ? "x" : " ",
				t->pick.labels[k]);
		else
			snprintf(line, sizeof line, " %s", t->pick.labels[k]);
		draw_text(y, r.x + 1, r.w - 2, line, k == t->pick.list.sel ? R_SELECTED : R_NORMAL);
	}
}

static void draw_conflict(app *a, tview *t, rect area)
{
	(void)a;
	rect r = popup_rect(area, area.w - 8, 9);
	draw_popup_frame(r, tr(M_CONFLICT_TITLE));
	const column *c = &t->def->cols[t->edit_col];
	char mine[CELL_MAX], theirs[CELL_MAX], line[CELL_MAX + 100];
	column_format(c, t->mine, mine, sizeof mine);
	column_format(c, t->conflict.theirs, theirs, sizeof theirs);
	if (c->type == COL_REF) {
		const sheet *target = t->s->ref[t->edit_col] ? t->s->ref[t->edit_col] : t->s;
		snprintf(mine, sizeof mine, "%s", sheet_label(target, strtoll(t->mine, NULL, 10)));
		snprintf(theirs, sizeof theirs, "%s",
			sheet_label(target, strtoll(t->conflict.theirs, NULL, 10)));
	}
	snprintf(line, sizeof line, "%s: %s", tr(M_CONFLICT_MINE), mine);
	draw_text(r.y + 2, r.x + 2, r.w - 4, line, R_NORMAL);
	char th[128];
	snprintf(th, sizeof th, tr(M_CONFLICT_THEIRS), t->conflict.who);
	snprintf(line, sizeof line, "%s: %s", th, theirs);
	draw_text(r.y + 4, r.x + 2, r.w - 4, line, R_NORMAL);
	draw_text(r.y + 6, r.x + 2, r.w - 4, tr(M_CONFLICT_KEYS), R_EMPH);
}

static void table_draw(app *a, view *v, rect area)
{
	tview *t = v->data;
	if (!t->s) {
		draw_text(area.y, area.x, area.w, tr(M_EMPTY_TABLE), R_DIM);
		return;
	}
	if (t->mode == TM_FORM || (t->back == TM_FORM && (t->mode == TM_EDIT
		|| t->mode == TM_PICK || t->mode == TM_FLAGS || t->mode == TM_TEXT
		|| t->mode == TM_CONFLICT)))
		draw_form(a, t, area);
	else
		draw_grid(a, t, area);
	if (t->mode == TM_PICK || t->mode == TM_FLAGS)
		draw_pick(t, area);
	else if (t->mode == TM_CONFLICT)
		draw_conflict(a, t, area);
	else if (t->mode == TM_HEAT && area.w < 110) {
		rect r = popup_rect(area, 36, t->def->heat_y >= 0 ? 10 : 4);
		draw_fill(r, R_NORMAL);
		draw_heatmap(t, r.y, r.x + 1, r.w - 2, true);
	} else if (t->mode == TM_TEXT) {
		rect r = popup_rect(area, area.w - 4, area.h - 2);
		draw_popup_frame(r, L(&t->def->cols[t->edit_col].title));
		t->text_box = (rect){r.y + 1, r.x + 1, r.h - 1, r.w - 2};
	} else if (t->mode == TM_PROMPT || t->mode == TM_CONFIRM) {
		int y = area.y + area.h - 1;
		t->edit_y = y;
		const char *label = t->mode == TM_CONFIRM ? tr(M_EXAMPLE_CONFIRM)
			: tr(t->prompt_kind == 2 ? M_IMPORT_PROMPT
				: t->prompt_kind ? M_FILTER_PROMPT : M_SEARCH_PROMPT);
		int lw = draw_text_at(y, area.x, area.w, label, R_EMPH);
		draw_text(y, area.x + lw, area.w - lw, "", R_NORMAL);
		t->edit_x = area.x + lw;
		t->edit_w = area.w - lw;
	}
	if (t->mode == TM_EDIT && t->back == TM_GRID && t->norder) {
		/* in place: over the cell, wide enough to type in */
		int x = area.x + ROWNUM_W;
		int k = 0;
		while (k != t->col && k < t->def->ncols) {
			x += t->widths[k] + 1;
			k = k == 0 ? t->left : k + 1;
		}
		int w = t->widths[t->col] < 30 ? 30 : t->widths[t->col];
		if (x + w > area.x + area.w)
			w = area.x + area.w - x;
		if (w < 10) {
			x = area.x + area.w - 30;
			w = 30;
		}
		t->edit_y = area.y + 2 + (t->cur - t->top);
		t->edit_x = x;
		t->edit_w = w;
	}
}

static void table_cursor(app *a, view *v)
{
	(void)a;
	tview *t = v->data;
	if (t->mode == TM_EDIT || t->mode == TM_PROMPT) {
		editor_line_fit(&t->ed, t->edit_w);
		editor_line_draw(&t->ed, t->edit_y, t->edit_x, t->edit_w, R_SELECTED);
	} else if (t->mode == TM_TEXT) {
		const char *hint = tr(M_FOOTER_TEXTEDIT);
		editor_text_fit(&t->edt, t->text_box, hint);
		editor_text_draw(&t->edt, t->text_box, R_NORMAL, hint);
	}
}

/* ---- editing ----------------------------------------------------------- */

static void draft_place(const tview *t, char *out, size_t n)
{
	char prefix[160];
	place_prefix(t, prefix, sizeof prefix);
	snprintf(out, n, "%s%lld:%s", prefix, (long long)t->edit_row,
		t->def->cols[t->edit_col].id);
}

/* The edit that followed an insert was not saved: close the insert's group. */
static void unjoin(tview *t)
{
	if (t->joined) {
		t->hist.next_group++;
		t->joined = false;
	}
}

static void end_edit(app *a, tview *t)
{
	unjoin(t);
	if (t->draft_at) {
		char place[256];
		draft_place(t, place, sizeof place);
		store_draft_drop(a->st, place, NULL);
		t->draft_at = 0;
		t->draft_text[0] = '\0';
	}
	t->mode = t->back;
	picklist_free(&t->pick);
}

/* Saves STORED into the cell being edited; on a conflict opens the dialog. */
static bool commit_value(app *a, tview *t, const char *stored)
{
	mm_error err;
	sheet_conflict cf = {0};
	mm_status rc = sheet_set(a->st, t->s, t->edit_row, t->edit_col, stored, t->edit_version,
		&cf, &t->hist, &err);
	if (rc == MM_ECONFLICT) {
		t->conflict = cf;
		free(t->mine);
		t->mine = xstrdup(stored);
		t->mode = TM_CONFLICT;
		return false;
	}
	if (rc != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return false;
	}
	t->joined = false; /* sheet_set closed the joint group */
	end_edit(a, t);
	rebuild_order(t, t->edit_row);
	return true;
}

/* Checks the typed text against the column, and saves it. */
static void accept_text(app *a, tview *t, const char *text)
{
	const column *c = &t->def->cols[t->edit_col];
	char *stored;
	mm_error err;
	if (column_parse(c, text, &stored, &err) != MM_OK) {
		/* the old value stays; the text stays in the editor to be fixed */
		app_message(a, true, "%s", err.msg);
		return;
	}
	commit_value(a, t, stored);
	free(stored);
}

static void begin_edit(app *a, tview *t, int col)
{
	if (!t->norder) {
		app_message(a, true, "%s", tr(M_EMPTY_TABLE));
		return;
	}
	mm_error err;
	int64_t owner = owner_sel_id(&t->own);
	if (sheet_may_write(a->st, t->own.okind, owner, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return;
	}
	const column *c = &t->def->cols[col];
	if (c->type == COL_COMPUTED) {
		app_message(a, true, "%s", tr(M_ERR_COMPUTED));
		return;
	}
	int r = t->order[t->cur];
	t->back = t->mode == TM_FORM ? TM_FORM : TM_GRID;
	t->edit_row = t->s->rows[r].id;
	t->edit_col = col;
	t->edit_version = t->s->rows[r].cells[col].version;
	const char *cur = t->s->rows[r].cells[col].value ? t->s->rows[r].cells[col].value : "";
	picklist_free(&t->pick);
	switch (c->type) {
	case COL_CHOICE:
	case COL_SCALE:
	case COL_BOOL:
	case COL_REF: {
		if (c->type == COL_BOOL) {
			picklist_add(&t->pick, "1", tr(M_YES));
			picklist_add(&t->pick, "0", tr(M_NO));
		} else if (c->type == COL_REF) {
			const sheet *target = t->s->ref[col] ? t->s->ref[col] : t->s;
			for (int k = 0; k < target->nrows; k++) {
				char id[24];
				snprintf(id, sizeof id, "%lld", (long long)target->rows[k].id);
				const char *lab = target->rows[k].cells[target->def->label_col].value;
				picklist_add(&t->pick, id, lab && *lab ? lab : "-");
			}
		} else {
			for (int k = 0; k < c->noptions; k++) {
				char lab[300];
				if (c->type == COL_SCALE && strcmp(L(&c->options[k].label),
					c->options[k].value) != 0)
					snprintf(lab, sizeof lab, "%s  %s", c->options[k].value,
						L(&c->options[k].label));
				else
					snprintf(lab, sizeof lab, "%s", L(&c->options[k].label));
				picklist_add(&t->pick, c->options[k].value, lab);
			}
		}
		picklist_add(&t->pick, "", i18n_lang() == LANG_JA ? "（空にする）" : "(clear)");
		picklist_reset(&t->pick);
		for (int k = 0; k < t->pick.n; k++)
			if (strcmp(t->pick.values[k], cur) == 0)
				t->pick.list.sel = k;
		t->mode = TM_PICK;
		break;
	}
	case COL_FLAGS: {
		t->pick.on = xcalloc((size_t)c->noptions + 1, sizeof *t->pick.on);
		for (int k = 0; k < c->noptions; k++) {
			picklist_add(&t->pick, c->options[k].value, L(&c->options[k].label));
			/* on if the stored list names it */
			char *copy = xstrdup(cur), *save = NULL;
			for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
				if (strcmp(tok, c->options[k].value) == 0)
					t->pick.on[k] = true;
			free(copy);
		}
		picklist_reset(&t->pick);
		t->mode = TM_FLAGS;
		break;
	}
	case COL_LONGTEXT:
		edit_text_free(&t->edt);
		edit_text_init(&t->edt, 65536);
		edit_text_set(&t->edt, cur);
		t->mode = TM_TEXT;
		break;
	default:
		edit_free(&t->ed);
		edit_init(&t->ed, 4096);
		edit_set_text(&t->ed, cur);
		t->mode = TM_EDIT;
		break;
	}
}

static void restore_draft(app *a, tview *t)
{
	char prefix[160], *place = NULL, *text = NULL;
	place_prefix(t, prefix, sizeof prefix);
	if (store_draft_take(a->st, prefix, &place, &text, NULL) != MM_OK || !place) {
		free(place);
		free(text);
		return;
	}
	long long row = 0;
	char colid[64] = "";
	if (sscanf(place + strlen(prefix), "%lld:%63s", &row, colid) == 2) {
		int col = table_col_index(t->def, colid);
		for (int k = 0; col >= 0 && k < t->norder; k++)
			if (t->s->rows[t->order[k]].id == row) {
				t->cur = k;
				t->col = col;
				begin_edit(a, t, col);
				if (t->mode == TM_EDIT)
					edit_set_text(&t->ed, text);
				else if (t->mode == TM_TEXT)
					edit_text_set(&t->edt, text);
				app_message(a, false, "%s", i18n_lang() == LANG_JA
					? "前回入力中だった内容を戻しました。Enter で保存します"
					: "Restored what you were typing last time. Enter saves it");
				break;
			}
	}
	free(place);
	free(text);
}

/* Keeps what is being typed in the database now and then, so a dropped
 * connection or a crash loses at most a second of typing. */
static void save_draft(app *a, tview *t, bool force)
{
	const char *text = t->mode == TM_EDIT ? edit_get_text(&t->ed)
		: t->mode == TM_TEXT ? edit_text_get(&t->edt) : NULL;
	if (!text || t->back == TM_PROMPT)
		return;
	int64_t now = store_now();
	if (!force && (strncmp(text, t->draft_text, sizeof t->draft_text - 1) == 0
		|| now == t->draft_at))
		return;
	char place[256];
	draft_place(t, place, sizeof place);
	if (store_draft_save(a->st, place, text, NULL) == MM_OK) {
		snprintf(t->draft_text, sizeof t->draft_text, "%s", text);
		t->draft_at = now ? now : 1;
	}
}

/* ---- searching --------------------------------------------------------- */

static void search_step(app *a, tview *t, int dir, bool include_current)
{
	if (!t->search[0] || !t->norder)
		return;
	for (int step = include_current ? 0 : 1; step <= t->norder; step++) {
		int i = ((t->cur + dir * step) % t->norder + t->norder) % t->norder;
		if (row_matches(t, t->order[i], t->search)) {
			t->cur = i;
			/* put the column on the match */
			char b[CELL_MAX];
			for (int k = 0; k < t->def->ncols; k++) {
				sheet_display(t->s, t->order[i], k, b, sizeof b);
				if (strcasestr(b, t->search)) {
					t->col = k;
					break;
				}
			}
			return;
		}
	}
	app_message(a, true, tr(M_NO_MATCH), t->search);
}

/* ---- keys -------------------------------------------------------------- */

static void after_write(app *a, tview *t, mm_status rc, mm_error *err, int64_t keep,
	msg_id ok_msg)
{
	if (rc != MM_OK) {
		app_message(a, true, "%s", err->msg);
		return;
	}
	rebuild_order(t, keep);
	if (ok_msg)
		app_message(a, false, "%s", tr(ok_msg));
}

static void export_csv(app *a, tview *t)
{
	buf out = {0};
	export_sheet_csv(t->s, &out);
	ui_export(a, t->def->activity_id, owner_name(t), "csv", &out);
	buf_free(&out);
}

static void import_file(app *a, tview *t, const char *path)
{
	size_t len;
	char *data = ui_read_file(a, path, &len);
	if (!data)
		return;
	buf b = {data, len, len + 1};
	int n = 0;
	mm_error err;
	if (import_sheet_csv(a->st, t->s, buf_str(&b), b.len, false, &n, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	else
		app_message(a, false, tr(M_IMPORTED), n);
	buf_free(&b);
	rebuild_order(t, cur_row_id(t));
}

static bool table_act(app *a, view *v, action act)
{
	tview *t = v->data;
	if (!t->s)
		return false;
	complete(a, t);
	mm_error err;
	int64_t rid = cur_row_id(t);
	if (t->mode == TM_HEAT) {
		const column *cx = t->def->heat_x >= 0 ? &t->def->cols[t->def->heat_x] : NULL;
		const column *cy = t->def->heat_y >= 0 ? &t->def->cols[t->def->heat_y] : NULL;
		int xmax = cx && cx->type == COL_SCALE ? (int)cx->max : 3;
		int ymax = cy && cy->type == COL_SCALE ? (int)cy->max : 3;
		switch (act) {
		case A_COL_LEFT: if (t->hx > 1) t->hx--; return true;
		case A_COL_RIGHT: if (t->hx < xmax) t->hx++; return true;
		case A_UP: if (t->hy < ymax) t->hy++; return true;
		case A_DOWN: if (t->hy > 1) t->hy--; return true;
		case A_EDIT:
		case A_OPEN:
			if (t->heat_x == t->hx && t->heat_y == t->hy)
				t->heat_x = t->heat_y = 0;
			else
				t->heat_x = t->hx, t->heat_y = t->hy;
			t->cur = 0;
			rebuild_order(t, 0);
			t->mode = TM_GRID;
			return true;
		case A_BACK:
		case A_HEATMAP:
			t->mode = TM_GRID;
			return true;
		default:
			return act != A_QUIT && act != A_HELP;
		}
	}
	if (t->mode == TM_FORM) {
		switch (act) {
		case A_UP: if (t->form_sel > 0) t->form_sel--; return true;
		case A_DOWN: if (t->form_sel < t->def->ncols - 1) t->form_sel++; return true;
		case A_HOME: t->form_sel = 0; return true;
		case A_END: t->form_sel = t->def->ncols - 1; return true;
		case A_EDIT: case A_OPEN: begin_edit(a, t, t->form_sel); return true;
		case A_BACK: case A_FORM: t->mode = TM_GRID; t->col = t->form_sel; return true;
		case A_PGDN: if (t->cur < t->norder - 1) t->cur++; return true;
		case A_PGUP: if (t->cur > 0) t->cur--; return true;
		default: return act != A_QUIT && act != A_HELP && act != A_LANG;
		}
	}
	switch (act) {
	case A_UP: if (t->cur > 0) t->cur--; return true;
	case A_DOWN: if (t->cur < t->norder - 1) t->cur++; return true;
	case A_PGUP: t->cur -= t->page > 1 ? t->page - 1 : 1; if (t->cur < 0) t->cur = 0; return true;
	case A_PGDN:
		t->cur += t->page > 1 ? t->page - 1 : 1;
		if (t->cur >= t->norder)
			t->cur = t->norder ? t->norder - 1 : 0;
		return true;
	case A_HOME: t->cur = 0; return true;
	case A_END: t->cur = t->norder ? t->norder - 1 : 0; return true;
	case A_COL_LEFT: if (t->col > 0) t->col--; return true;
	case A_COL_RIGHT: if (t->col < t->def->ncols - 1) t->col++; return true;
	case A_EDIT: begin_edit(a, t, t->col); return true;
	case A_FORM:
		if (t->norder) {
			t->mode = TM_FORM;
			t->form_sel = t->col;
		}
		return true;
	case A_CLEAR:
		if (t->norder && t->def->cols[t->col].type != COL_COMPUTED) {
			begin_edit(a, t, t->col);
			if (t->mode != TM_GRID)
				commit_value(a, t, "");
		}
		return true;
	case A_ADD_ROW:
	case A_INSERT_ROW: {
		int at = t->norder ? t->order[t->cur] + (act == A_ADD_ROW) : t->s->nrows;
		int64_t id = 0;
		mm_status rc = sheet_insert(a->st, t->s, at, NULL, &id, &t->hist, &err);
		after_write(a, t, rc, &err, id, 0);
		if (rc == MM_OK) {
			/* start typing the new row's name; saving it joins the insert
			 * in one undo step */
			t->col = t->def->label_col;
			t->hist.next_group--;
			t->joined = true;
			begin_edit(a, t, t->col);
			if (t->mode == TM_GRID)
				unjoin(t);
		}
		return true;
	}
	case A_DELETE_ROW:
		if (rid) {
			int keep_at = t->cur;
			mm_status rc = sheet_delete(a->st, t->s, rid, &t->hist, &err);
			after_write(a, t, rc, &err, 0, M_DELETED_ROW);
			t->cur = keep_at < t->norder ? keep_at : t->norder - 1;
			if (t->cur < 0)
				t->cur = 0;
		}
		return true;
	case A_DUP_ROW:
		if (rid) {
			int64_t id = 0;
			mm_status rc = sheet_duplicate(a->st, t->s, rid, &id, &t->hist, &err);
			after_write(a, t, rc, &err, id, 0);
		}
		return true;
	case A_MOVE_UP:
	case A_MOVE_DOWN:
		if (rid && !t->sort_dir && !t->filter[0] && !t->heat_x) {
			int r = t->order[t->cur];
			mm_status rc = sheet_move(a->st, t->s, rid, r + (act == A_MOVE_DOWN ? 1 : -1),
				&t->hist, &err);
			after_write(a, t, rc, &err, rid, 0);
		} else if (rid) {
			app_message(a, true, "%s", i18n_lang() == LANG_JA
				? "並べ替えや絞り込みを解除すると行を移動できます"
				: "Clear sorting and filters to move rows");
		}
		return true;
	case A_UNDO:
	case A_REDO: {
		mm_status rc = sheet_undo(a->st, t->s, &t->hist, act == A_REDO, &err);
		after_write(a, t, rc, &err, rid, act == A_REDO ? M_REDONE : M_UNDONE);
		return true;
	}
	case A_SORT:
		if (t->sort_col != t->col) {
			t->sort_col = t->col;
			t->sort_dir = 1;
		} else {
			t->sort_dir = t->sort_dir == 1 ? -1 : t->sort_dir == -1 ? 0 : 1;
		}
		rebuild_order(t, rid);
		return true;
	case A_SEARCH:
	case A_FILTER:
	case A_IMPORT:
		t->prompt_kind = act == A_SEARCH ? 0 : act == A_FILTER ? 1 : 2;
		edit_free(&t->ed);
		edit_init(&t->ed, 255);
		edit_set_text(&t->ed, act == A_FILTER ? t->filter : "");
		t->back = TM_GRID;
		t->mode = TM_PROMPT;
		return true;
	case A_SEARCH_NEXT: search_step(a, t, 1, false); return true;
	case A_SEARCH_PREV: search_step(a, t, -1, false); return true;
	case A_HEATMAP:
		if (t->def->heat_x >= 0) {
			t->mode = TM_HEAT;
			if (!t->hx)
				t->hx = t->hy = 3;
		}
		return true;
	case A_NEXT_OWNER:
	case A_PREV_OWNER:
		if (owner_sel_step(&t->own, act == A_NEXT_OWNER ? 1 : -1))
			open_owner(a, t);
		return true;
	case A_EXAMPLE:
		if (t->def->nexample == 0) {
			app_message(a, true, "%s", i18n_lang() == LANG_JA
				? "この表には記入例がありません" : "This table has no worked example");
		} else if (sheet_may_write(a->st, t->own.okind, owner_sel_id(&t->own), &err) != MM_OK) {
			app_message(a, true, "%s", err.msg);
		} else {
			t->mode = TM_CONFIRM;
		}
		return true;
	case A_EXPORT:
		export_csv(a, t);
		return true;
	case A_BACK:
		if (t->filter[0] || t->heat_x) {
			t->filter[0] = '\0';
			t->heat_x = t->heat_y = 0;
			rebuild_order(t, rid);
			return true;
		}
		return false;
	default:
		return false;
	}
}

/* Keys while a picker, editor, prompt or dialog is open. */
static bool table_raw(app *a, view *v, int r, wint_t ch)
{
	tview *t = v->data;
	if (t->mode == TM_GRID || t->mode == TM_FORM || t->mode == TM_HEAT)
		return false;
	complete(a, t);
	mm_error err;
	switch (t->mode) {
	case TM_EDIT: {
		ed_result res = editor_line_key(&t->ed, r, ch);
		if (res == ED_CANCEL) {
			end_edit(a, t);
		} else if (res == ED_ACCEPT) {
			char *text = xstrdup(edit_get_text(&t->ed));
			accept_text(a, t, text);
			free(text);
			if (t->mode == TM_GRID && r == OK && ch == '\t' && t->col < t->def->ncols - 1)
				t->col++;
		} else {
			save_draft(a, t, false);
		}
		return true;
	}
	case TM_TEXT: {
		ed_result res = editor_text_key(&t->edt, r, ch);
		if (res == ED_CANCEL) {
			end_edit(a, t);
		} else if (res == ED_ACCEPT) {
			char *text = xstrdup(edit_text_get(&t->edt));
			accept_text(a, t, text);
			free(text);
		} else {
			save_draft(a, t, false);
		}
		return true;
	}
	case TM_PROMPT: {
		ed_result res = editor_line_key(&t->ed, r, ch);
		if (res == ED_CANCEL) {
			t->mode = TM_GRID;
		} else if (res == ED_ACCEPT) {
			int64_t rid = cur_row_id(t);
			if (t->prompt_kind == 2) {
				import_file(a, t, edit_get_text(&t->ed));
			} else if (t->prompt_kind) {
				snprintf(t->filter, sizeof t->filter, "%s", edit_get_text(&t->ed));
				rebuild_order(t, rid);
			} else {
				snprintf(t->search, sizeof t->search, "%s", edit_get_text(&t->ed));
			}
			t->mode = TM_GRID;
			if (t->prompt_kind == 0)
				search_step(a, t, 1, true);
		} else if (t->prompt_kind == 0) {
			/* incremental: jump as the user types */
			snprintf(t->search, sizeof t->search, "%s", edit_get_text(&t->ed));
			search_step(a, t, 1, true);
		}
		return true;
	}
	case TM_PICK:
	case TM_FLAGS: {
		action act = keymap_lookup((int)ch, r == KEY_CODE_YES, C_LIST);
		if (act == A_UP || act == A_DOWN || act == A_HOME || act == A_END || act == A_PGUP
			|| act == A_PGDN) {
			list_act(&t->pick.list, act, 8);
		} else if (r == OK && ch == ' ' && t->mode == TM_FLAGS) {
			t->pick.on[t->pick.list.sel] = !t->pick.on[t->pick.list.sel];
		} else if (act == A_OPEN) {
			if (t->mode == TM_FLAGS) {
				buf b = {0};
				for (int k = 0; k < t->pick.n; k++)
					if (t->pick.on[k])
						buf_printf(&b, "%s%s", b.len ? "," : "", t->pick.values[k]);
				char *stored = buf_steal(&b);
				commit_value(a, t, stored);
				free(stored);
			} else {
				char *stored = xstrdup(t->pick.values[t->pick.list.sel]);
				commit_value(a, t, stored);
				free(stored);
			}
		} else if (act == A_BACK || act == A_QUIT) {
			end_edit(a, t);
		} else if (r == OK && ch >= '0' && ch <= '9' && t->mode == TM_PICK) {
			/* a digit picks the level or option of that number */
			for (int k = 0; k < t->pick.n; k++)
				if (t->pick.values[k][0] == (char)ch && !t->pick.values[k][1]
					&& t->def->cols[t->edit_col].type == COL_SCALE)
					t->pick.list.sel = k;
		}
		return true;
	}
	case TM_CONFLICT:
		if (r == OK && ch == '1') {
			mm_status rc = sheet_set(a->st, t->s, t->edit_row, t->edit_col, t->mine,
				t->conflict.version, NULL, &t->hist, &err);
			if (rc != MM_OK) {
				/* changed yet again: show the newest value */
				sheet_conflict_free(&t->conflict);
				sheet_set(a->st, t->s, t->edit_row, t->edit_col, t->mine, -1, NULL, &t->hist,
					&err);
			}
			app_message(a, false, "%s", tr(M_KEPT_MINE));
		} else if ((r == OK && (ch == '2' || ch == 27))) {
			sheet_log_discarded(a->st, t->s, t->edit_row, t->edit_col, t->mine, &err);
			sheet_reload(a->st, t->s, &err);
			app_message(a, false, "%s", tr(M_KEPT_THEIRS));
		} else {
			return true;
		}
		sheet_conflict_free(&t->conflict);
		free(t->mine);
		t->mine = NULL;
		end_edit(a, t);
		rebuild_order(t, t->edit_row);
		return true;
	case TM_CONFIRM:
		if (r == OK && (ch == 'y' || ch == 'Y')) {
			mm_status rc = sheet_load_example(a->st, t->s, &t->hist, &err);
			t->mode = TM_GRID;
			if (rc != MM_OK) {
				app_message(a, true, "%s", err.msg);
			} else {
				rebuild_order(t, 0);
				app_message(a, false, tr(M_EXAMPLE_LOADED), t->def->nexample);
			}
		} else if (r == OK && (ch == 'n' || ch == 'N' || ch == 27 || ch == 'q')) {
			t->mode = TM_GRID;
		}
		return true;
	default:
		return false;
	}
}

static msg_id table_footer(app *a, view *v)
{
	(void)a;
	tview *t = v->data;
	switch (t->mode) {
	case TM_EDIT: return M_FOOTER_EDIT;
	case TM_TEXT: return M_FOOTER_TEXTEDIT;
	case TM_PICK: return M_FOOTER_PICK;
	case TM_FLAGS: return M_FOOTER_FLAGS;
	case TM_FORM: return M_FOOTER_FORM;
	case TM_HEAT: return M_FOOTER_HEAT;
	case TM_PROMPT: return M_FOOTER_EDIT;
	default: return 0;
	}
}

static void table_free(view *v)
{
	tview *t = v->data;
	sheet_free(t->s);
	owner_sel_free(&t->own);
	history_free(&t->hist);
	free(t->order);
	free(t->widths);
	free(t->hidden);
	edit_free(&t->ed);
	edit_text_free(&t->edt);
	picklist_free(&t->pick);
	sheet_conflict_free(&t->conflict);
	free(t->mine);
	free(t);
	free(v);
}

/* Keeps the draft current on every tick (called through reload, too). */
static void table_tick(app *a, view *v)
{
	tview *t = v->data;
	complete(a, t);
	if (t->mode == TM_EDIT || t->mode == TM_TEXT)
		save_draft(a, t, false);
}

static void table_hangup(app *a, view *v)
{
	tview *t = v->data;
	if (t->mode == TM_EDIT || t->mode == TM_TEXT)
		save_draft(a, t, true);
}

static void table_reopen(app *a, view *v)
{
	open_owner(a, v->data);
}

static const action help_keys[] = {A_COL_LEFT, A_COL_RIGHT, A_EDIT, A_FORM, A_CLEAR, A_ADD_ROW, A_INSERT_ROW, A_DELETE_ROW, A_DUP_ROW, A_MOVE_UP, A_MOVE_DOWN, A_UNDO, A_REDO, A_SORT, A_SEARCH, A_SEARCH_NEXT, A_SEARCH_PREV, A_FILTER, A_HEATMAP, A_NEXT_OWNER, A_PREV_OWNER, A_EXAMPLE, A_EXPORT, A_IMPORT, A_NONE};

static const view_ops table_ops = {
	.name = "table",
	.draw = table_draw,
	.act = table_act,
	.reload = table_reload,
	.free = table_free,
	.title = activity_view_title,
	.footer = M_FOOTER_TABLE,
	.ctx = C_TABLE,
	.help_actions = help_keys,
	.reopen = table_reopen,
	.raw = table_raw,
	.footer_now = table_footer,
	.cursor = table_cursor,
	.tick = table_tick,
	.hangup = table_hangup,
};

view *view_table_new(app *a, const activity *act)
{
	tview *t = xcalloc(1, sizeof *t);
	t->act = act;
	t->def = act->table;
	t->widths = xcalloc((size_t)t->def->ncols + 1, sizeof *t->widths);
	t->left = 1;
	edit_init(&t->ed, 4096);
	edit_text_init(&t->edt, 65536);
	compute_widths(t);
	t->hidden = xcalloc((size_t)t->def->ncols + 1, sizeof *t->hidden);
	if (a->role == ROLE_PRESENTER)
		/* from the back of the room: the row's name and the ratings, choices
		 * and results; free text stays on the groups' screens */
		for (int k = 0; k < t->def->ncols; k++) {
			col_type ty = t->def->cols[k].type;
			t->hidden[k] = k != t->def->label_col && k != 0
				&& (ty == COL_TEXT || ty == COL_LONGTEXT);
		}
	owner_sel_init(a, act, &t->own);
	open_owner(a, t);
	if (t->s)
		restore_draft(a, t);
	view *v = xcalloc(1, sizeof *v);
	v->ops = &table_ops;
	v->own = &t->own;
	v->act = act;
	v->data = t;
	return v;
}
