/* view_checklist.c — a checklist: items under their section headings, each
 * with its number, text and answer (unanswered ones say so in words); a side
 * panel with the total, its band, the unanswered count and a bar chart of
 * section scores, all updated as answers come in from any terminal. Digits
 * answer at once, Enter opens a picker, n jumps to the next unanswered item,
 * f shows an item's explanation and note. In manual scoring (the expert
 * hearing) the section headings can be selected and scored 0..max, with the
 * score worked out from the answers shown as a suggestion. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "checklist.h"
#include "sheetedit.h"
#include "text.h"
#include "vstate.h"

#define BAR_W 10

typedef enum cmode { CM_LIST, CM_CARD } cmode;

enum { P_IMPORT = 1 };

/* A line of the list: a section heading or an item. */
typedef struct entry {
	bool section;
	int idx; /* section or item index */
} entry;

typedef struct cview {
	const activity *act;
	const checklist_def *d;
	owner_sel own;
	sheet *s;
	checklist_result res;
	sheet_history *hist; /* the app's, for this sheet */
	entry *ents;
	int nents;
	int cur, top, page;
	cmode mode;
	sedit se;
	bool projector; /* shown on the projector: no key hints */
} cview;

/* ---- helpers ------------------------------------------------------------- */

static void fmt_num(double v, char *out, size_t n)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(out, n, "%.0f", v);
	else
		snprintf(out, n, "%g", v);
}

static bool selectable(const cview *c, int e)
{
	return !c->ents[e].section || c->d->score_mode == CL_SCORE_MANUAL;
}

static const char *entry_key(const cview *c, int e)
{
	return c->ents[e].section ? c->d->sections[c->ents[e].idx].id
		: c->d->items[c->ents[e].idx].id;
}

static const char *cell(const cview *c, const char *key, int col)
{
	if (col < 0 || !c->s)
		return "";
	int r = checklist_row_of(c->d, c->s, key);
	const char *v = r >= 0 ? c->s->rows[r].cells[col].value : NULL;
	return v ? v : "";
}

static int cell_version(const cview *c, const char *key, int col)
{
	int r = c->s ? checklist_row_of(c->d, c->s, key) : -1;
	return r >= 0 ? c->s->rows[r].cells[col].version : 0;
}

static bool unanswered(const cview *c, int e)
{
	if (c->ents[e].section)
		return c->d->score_mode == CL_SCORE_MANUAL
			&& c->res.sections[c->ents[e].idx].manual < 0;
	return !checklist_answer_by_value(c->d, cell(c, entry_key(c, e), c->d->col_answer));
}

static void rescore(cview *c)
{
	checklist_result_free(&c->res);
	checklist_score(c->d, c->s, &c->res);
}

static int64_t owner_id(const cview *c)
{
	return owner_sel_id(&c->own);
}

static bool may_write(app *a, const cview *c, bool say)
{
	mm_error err;
	if (!c->s || !c->own.n) {
		if (say)
			app_message(a, true, "%s", tr(M_CHECKLIST_NO_OWNERS));
		return false;
	}
	if (sheet_may_write(a->st, c->own.okind, owner_id(c), &err) != MM_OK) {
		if (say)
			app_message(a, true, "%s", err.msg);
		return false;
	}
	return true;
}

static theme_role band_role(band_color col)
{
	switch (col) {
	case BAND_RED: return R_BAND_RED;
	case BAND_YELLOW: return R_BAND_YELLOW;
	case BAND_BLUE: return R_BAND_BLUE;
	case BAND_GREEN: return R_BAND_GREEN;
	default: return R_EMPH;
	}
}

typedef struct lines {
	char **v;
	int n;
} lines;

static void add_line(const char *s, size_t len, void *ctx)
{
	lines *l = ctx;
	l->v = xrealloc(l->v, (size_t)(l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrndup(s, len);
}

static void wrap(const char *s, int w, lines *out)
{
	out->v = NULL;
	out->n = 0;
	if (w < 4)
		w = 4;
	text_wrap(s, w, add_line, out);
}

static void lines_free(lines *l)
{
	for (int k = 0; k < l->n; k++)
		free(l->v[k]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Draws S wrapped into at most MAXL lines from Y; returns the lines used. */
static int draw_wrapped(int y, int x, int w, int maxl, const char *s, theme_role role)
{
	lines l;
	wrap(s, w, &l);
	int k;
	for (k = 0; k < l.n && k < maxl; k++) {
		if (k == maxl - 1 && l.n > maxl) {
			/* the rest does not fit: mark the cut */
			char *t = xmalloc(strlen(l.v[k]) + 8);
			snprintf(t, strlen(l.v[k]) + 8, "%s~", l.v[k]);
			draw_text(y + k, x, w, t, role);
			free(t);
		} else {
			draw_text(y + k, x, w, l.v[k], role);
		}
	}
	lines_free(&l);
	return k;
}

/* ---- loading ------------------------------------------------------------- */

static int first_item(const cview *c)
{
	for (int e = 0; e < c->nents; e++)
		if (!c->ents[e].section)
			return e;
	return 0;
}

/* The owner now chosen: its answers, its undo history and its drafts; the
 * cursor back on the first item (a digit never lands on the last owner's
 * place). */
static void open_owner(app *a, cview *c)
{
	sheet_free(c->s);
	c->s = NULL;
	sedit_close(a, &c->se);
	c->cur = first_item(c);
	c->top = 0;
	if (c->own.n) {
		mm_error err;
		c->hist = app_history(a, c->d->activity_id, (int)c->own.okind, owner_id(c));
		char prefix[200];
		snprintf(prefix, sizeof prefix, "checklist:%s:%d:%lld:", c->d->activity_id,
			(int)c->own.okind, (long long)owner_id(c));
		sedit_set_draft_prefix(&c->se, prefix);
		if (sheet_open(a->st, c->d->storage, c->own.okind, owner_id(c), &c->s, &err) != MM_OK)
			app_message(a, true, "%s", err.msg);
	}
	rescore(c);
}

static void checklist_reload(app *a, view *v)
{
	cview *c = v->data;
	if (c->s) {
		mm_error err;
		if (sheet_reload(a->st, c->s, &err) != MM_OK)
			app_message(a, true, "%s", err.msg);
	}
	rescore(c);
}

/* ---- drawing ------------------------------------------------------------- */

static int answer_width(const cview *c)
{
	int w = text_width(tr(M_CHECKLIST_UNANSWERED));
	for (int k = 0; k < c->d->nanswers; k++) {
		int aw = text_width(L(&c->d->answers[k].label));
		if (aw > w)
			w = aw;
	}
	return w > 18 ? 18 : w;
}

static void bar(char *out, int filled)
{
	if (filled < 0)
		filled = 0;
	if (filled > BAR_W)
		filled = BAR_W;
	for (int k = 0; k < BAR_W; k++)
		out[k] = k < filled ? '#' : '.';
	out[BAR_W] = '\0';
}

static void draw_panel(cview *c, rect r)
{
	const checklist_def *d = c->d;
	const checklist_result *res = &c->res;
	int y = r.y, end = r.y + r.h;
	char b[512], t[64], m[64];
	fmt_num(res->total, t, sizeof t);
	fmt_num(res->max, m, sizeof m);
	snprintf(b, sizeof b, tr(M_CHECKLIST_TOTAL), t, m);
	draw_text(y++, r.x, r.w, b, R_TITLE);
	if (d->nbands) {
		const char *label = res->band ? L(&res->band->label) : tr(M_CHECKLIST_NO_BAND);
		theme_role role = res->band ? band_role(res->band->color) : R_DIM;
		y += draw_wrapped(y, r.x, r.w, 3, label, role);
	}
	if (res->unanswered) {
		snprintf(b, sizeof b, tr(M_CHECKLIST_UNANSWERED_N), res->unanswered);
		draw_text(y++, r.x, r.w, b, R_EMPH);
	} else {
		draw_text(y++, r.x, r.w, tr(M_CHECKLIST_ALL_ANSWERED), R_NORMAL);
	}
	y++;
	if (y >= end)
		return;
	draw_text(y++, r.x, r.w, tr(M_CHECKLIST_BY_SECTION), R_HEADING);
	for (int s = 0; s < d->nsections && y + 1 < end; s++) {
		const checklist_section_result *sr = &res->sections[s];
		draw_text(y++, r.x, r.w, L(&d->sections[s].title), R_NORMAL);
		char bs[BAR_W + 1], line[200];
		theme_role role = R_NORMAL;
		if (d->score_mode == CL_SCORE_NONE) {
			bar(bs, sr->percent < 0 ? 0 : (sr->percent + 5) / 10);
			if (sr->percent >= 0)
				snprintf(line, sizeof line, " %s %d%%", bs, sr->percent);
			else
				snprintf(line, sizeof line, " %s -", bs);
		} else if (d->score_mode == CL_SCORE_COMPUTED || sr->manual >= 0) {
			int sc = d->score_mode == CL_SCORE_COMPUTED ? sr->computed : sr->manual;
			bar(bs, sc < 0 ? 0 : (int)lround(sc * (double)BAR_W / d->score_max));
			if (sc >= 0)
				snprintf(line, sizeof line, " %s %d/%d", bs, sc, d->score_max);
			else
				snprintf(line, sizeof line, " %s -", bs);
			if (d->score_mode == CL_SCORE_MANUAL && sr->computed >= 0) {
				size_t l = strlen(line);
				snprintf(line + l, sizeof line - l, " (");
				l = strlen(line);
				snprintf(line + l, sizeof line - l, tr(M_CHECKLIST_SUGGEST), sr->computed);
				l = strlen(line);
				snprintf(line + l, sizeof line - l, ")");
			}
		} else {
			/* manual, not scored yet: the suggestion, dimmed */
			bar(bs, sr->computed < 0 ? 0
				: (int)lround(sr->computed * (double)BAR_W / d->score_max));
			snprintf(line, sizeof line, " %s -/%d", bs, d->score_max);
			if (sr->computed >= 0) {
				size_t l = strlen(line);
				snprintf(line + l, sizeof line - l, " (");
				l = strlen(line);
				snprintf(line + l, sizeof line - l, tr(M_CHECKLIST_SUGGEST), sr->computed);
				l = strlen(line);
				snprintf(line + l, sizeof line - l, ")");
			}
			role = R_DIM;
		}
		draw_text(y++, r.x, r.w, line, role);
	}
}

static void section_summary(const cview *c, int s, char *out, size_t n)
{
	const checklist_section_result *sr = &c->res.sections[s];
	char sum[32], mx[32];
	fmt_num(sr->sum, sum, sizeof sum);
	fmt_num(sr->max, mx, sizeof mx);
	snprintf(out, n, tr(M_CHECKLIST_SECTION_SUM), sum, mx);
	if (c->d->score_mode == CL_SCORE_MANUAL) {
		char part[96];
		if (sr->manual >= 0)
			snprintf(part, sizeof part, tr(M_CHECKLIST_SCORE_OF), sr->manual,
				c->d->score_max);
		else
			snprintf(part, sizeof part, "%s", tr(M_CHECKLIST_NOT_SCORED));
		size_t l = strlen(out);
		snprintf(out + l, n - l, "  %s", part);
	}
}

static void keep_visible(cview *c)
{
	if (c->cur < c->top)
		c->top = c->cur;
	/* show the heading above a section's first item */
	if (c->top == c->cur && c->cur > 0 && c->ents[c->cur - 1].section)
		c->top = c->cur - 1;
	if (c->cur >= c->top + c->page)
		c->top = c->cur - c->page + 1;
	if (c->top < 0)
		c->top = 0;
}

static void draw_detail(cview *c, rect r)
{
	if (!c->nents || r.h <= 0)
		return;
	const entry *e = &c->ents[c->cur];
	buf b = {0};
	int y = r.y;
	if (e->section) {
		const checklist_section *sec = &c->d->sections[e->idx];
		const checklist_section_result *sr = &c->res.sections[e->idx];
		draw_text(y++, r.x, r.w, L(&sec->title), R_EMPH);
		char sum[200];
		section_summary(c, e->idx, sum, sizeof sum);
		if (sr->computed >= 0) {
			size_t l = strlen(sum);
			snprintf(sum + l, sizeof sum - l, "  (");
			l = strlen(sum);
			snprintf(sum + l, sizeof sum - l, tr(M_CHECKLIST_SUGGEST), sr->computed);
			l = strlen(sum);
			snprintf(sum + l, sizeof sum - l, ")");
		}
		draw_text(y++, r.x, r.w, sum, R_NORMAL);
		const char *note = cell(c, sec->id, c->d->col_note);
		if (*note) {
			buf_printf(&b, "%s: %s", tr(M_CHECKLIST_NOTE), note);
			for (char *p = b.s; p && *p; p++)
				if (*p == '\n')
					*p = ' ';
			draw_text(y, r.x, r.w, buf_str(&b), R_DIM);
		}
		buf_free(&b);
		return;
	}
	const checklist_item *it = &c->d->items[e->idx];
	char num[16];
	snprintf(num, sizeof num, "%d.", it->number);
	int nw = text_width(num) + 1;
	draw_text(y, r.x, nw, num, R_EMPH);
	y += draw_wrapped(y, r.x + nw, r.w - nw, 2, L(&it->text), R_EMPH);
	const char *note = cell(c, it->id, c->d->col_note);
	if (*note) {
		buf_printf(&b, "%s: %s", tr(M_CHECKLIST_NOTE), note);
		for (char *p = b.s; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
		draw_text(y, r.x, r.w, buf_str(&b), R_DIM);
	} else if (c->projector) {
		/* no key to press here: the item's help itself, if it fits */
		if (it->help.ja) {
			buf_puts(&b, L(&it->help));
			for (char *p = b.s; p && *p; p++)
				if (*p == '\n')
					*p = ' ';
			draw_text(y, r.x, r.w, buf_str(&b), R_DIM);
		}
	} else if (c->d->notes) {
		draw_text(y, r.x, r.w, tr(M_CHECKLIST_HINT_DETAIL), R_DIM);
	} else if (it->help.ja) {
		draw_text(y, r.x, r.w, tr(M_CHECKLIST_HINT_HELP), R_DIM);
	}
	buf_free(&b);
}

static void draw_list(app *a, cview *c, rect area)
{
	const checklist_def *d = c->d;
	int panel_w = area.w >= 110 ? 38 : area.w >= 96 ? 32 : 28;
	int list_w = area.w - panel_w - 2;
	int y = area.y;
	/* whose answers */
	char pos[96];
	buf line = {0};
	if (!c->own.n)
		;
	else if (c->own.okind == OWNER_COMPANY)
		buf_printf(&line, tr(M_CHECKLIST_OWNER_COMPANY), owner_sel_name(&c->own));
	else if (c->own.okind == OWNER_PERSON)
		buf_printf(&line, tr(M_CHECKLIST_OWNER_PERSON), owner_sel_name(&c->own));
	else
		buf_printf(&line, tr(M_CHECKLIST_OWNER_GROUP), owner_sel_name(&c->own));
	if (c->own.n > 1) {
		snprintf(pos, sizeof pos, tr(app_on_projector(a) ? M_PRESENT_OWNER_POS
			: M_CHECKLIST_OWNER_POS), c->own.idx + 1, c->own.n);
		buf_printf(&line, "  (%s)", pos);
	}
	if (c->own.n && !may_write(a, c, false))
		buf_printf(&line, "  |  %s", tr(M_READONLY_VIEW));
	draw_text(y++, area.x, list_w, buf_str(&line), R_DIM);
	/* on a tall screen (the projector) the prompt fits too */
	if (area.h >= 30 && c->act->prompt.ja)
		draw_text(y++, area.x, list_w, L(&c->act->prompt), R_EMPH);
	if (!c->own.n) {
		draw_wrapped(area.y + 1, area.x + 2, area.w - 4, 4, tr(M_CHECKLIST_NO_OWNERS), R_EMPH);
		buf_free(&line);
		return;
	}
	/* the side panel, behind a rule */
	for (int k = area.y; k < area.y + area.h; k++)
		draw_text(k, area.x + list_w, 1, "|", R_GRID);
	draw_panel(c, (rect){area.y, area.x + list_w + 2, area.h, panel_w});

	int detail_h = 3;
	int bottom = area.y + area.h - detail_h - 1;
	c->page = bottom - y;
	if (c->page < 1)
		c->page = 1;
	keep_visible(c);
	int aw = answer_width(c);
	int numw = d->nitems >= 100 ? 4 : 3;
	int textw = list_w - numw - 2 - aw - 1;
	for (int e = c->top; e < c->nents && y < bottom; e++, y++) {
		const entry *en = &c->ents[e];
		bool sel = e == c->cur;
		if (en->section) {
			char sum[200];
			section_summary(c, en->idx, sum, sizeof sum);
			int sw = text_width(sum);
			if (sw > list_w / 2)
				sw = list_w / 2;
			theme_role role = sel ? R_SELECTED : R_HEADING;
			draw_text(y, area.x, list_w - sw - 1, L(&d->sections[en->idx].title), role);
			draw_text(y, area.x + list_w - sw - 1, sw + 1, "", role);
			draw_text_at(y, area.x + list_w - sw, sw, sum,
				sel ? R_SELECTED : (d->score_mode == CL_SCORE_MANUAL
				&& c->res.sections[en->idx].manual < 0 ? R_EMPH : R_DIM));
			continue;
		}
		const checklist_item *it = &d->items[en->idx];
		const char *v = cell(c, it->id, d->col_answer);
		const checklist_answer *ans = checklist_answer_by_value(d, v);
		const char *note = cell(c, it->id, d->col_note);
		char num[16];
		snprintf(num, sizeof num, "%*d%s", numw, it->number, *note ? "*" : " ");
		theme_role base = sel ? R_SELECTED : R_NORMAL;
		draw_text(y, area.x, numw + 1, num, sel ? R_SELECTED : R_GRID);
		draw_text(y, area.x + numw + 1, 1, "", base);
		buf_clear(&line);
		buf_puts(&line, L(&it->text));
		for (char *p = line.s; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
		draw_text(y, area.x + numw + 2, textw, buf_str(&line), base);
		draw_text(y, area.x + numw + 2 + textw, 1, "", base);
		const char *label = ans ? L(&ans->label) : tr(M_CHECKLIST_UNANSWERED);
		draw_text(y, area.x + list_w - aw, aw, label,
			sel ? R_SELECTED : ans ? R_NORMAL : R_EMPH);
	}
	if (c->top > 0)
		draw_text_at(area.y, area.x + list_w - 1, 1, "^", R_EMPH);
	if (y >= bottom && c->top + c->page < c->nents)
		draw_text_at(bottom - 1, area.x + list_w - 1, 1, "v", R_EMPH);
	draw_detail(c, (rect){bottom + 1, area.x, detail_h, list_w});
	buf_free(&line);
}

static void draw_card(app *a, cview *c, rect area)
{
	(void)a;
	rect r = area; /* over the whole area: nothing of the panel shows through */
	const entry *e = &c->ents[c->cur];
	buf b = {0};
	const char *key = entry_key(c, e - c->ents);
	int sec = e->section ? e->idx : c->d->items[e->idx].section;
	draw_fill(r, R_NORMAL);
	buf_printf(&b, " %s", L(&c->d->sections[sec].title));
	draw_text(r.y, r.x, r.w, buf_str(&b), R_HEADER);
	int x = r.x + 1, w = r.w - 2;
	int y = r.y + 2, end = r.y + r.h;
	if (!e->section) {
		buf_clear(&b);
		buf_printf(&b, "%d.", c->d->items[e->idx].number);
		int nw = text_width(buf_str(&b)) + 1;
		draw_text(y, x, nw, buf_str(&b), R_TITLE);
		y += draw_wrapped(y, x + nw, w - nw, 3, L(&c->d->items[e->idx].text), R_TITLE);
		y++;
	}
	if (e->section) {
		char sum[200];
		section_summary(c, e->idx, sum, sizeof sum);
		draw_text(y++, x, w, sum, R_NORMAL);
		const checklist_section_result *sr = &c->res.sections[e->idx];
		if (sr->computed >= 0) {
			buf_clear(&b);
			buf_printf(&b, "%s: %d / %d", tr(M_CHECKLIST_H_SUGGESTED), sr->computed,
				c->d->score_max);
			draw_text(y++, x, w, buf_str(&b), R_NORMAL);
		}
		if (sr->unanswered) {
			buf_clear(&b);
			buf_printf(&b, tr(M_CHECKLIST_UNANSWERED_N), sr->unanswered);
			draw_text(y++, x, w, buf_str(&b), R_EMPH);
		}
		y++;
	} else {
		const checklist_item *it = &c->d->items[e->idx];
		const checklist_answer *ans = checklist_answer_by_value(c->d,
			cell(c, it->id, c->d->col_answer));
		buf_clear(&b);
		buf_printf(&b, "%s: %s", tr(M_CHECKLIST_H_ANSWER),
			ans ? L(&ans->label) : tr(M_CHECKLIST_UNANSWERED));
		draw_text(y++, x, w, buf_str(&b), ans ? R_NORMAL : R_EMPH);
		y++;
		draw_text(y++, x, w, tr(M_CHECKLIST_HELP), R_HEADING);
		int room = end - y - 4;
		if (room < 1)
			room = 1;
		y += draw_wrapped(y, x + 2, w - 2, room, it->help.ja ? L(&it->help)
			: tr(M_CHECKLIST_NO_HELP), it->help.ja ? R_NORMAL : R_DIM);
		y++;
	}
	if (c->d->col_note >= 0 && y < end - 1) {
		draw_text(y++, x, w, tr(e->section ? M_CHECKLIST_REASON : M_CHECKLIST_NOTE),
			R_HEADING);
		const char *note = cell(c, key, c->d->col_note);
		draw_wrapped(y, x + 2, w - 2, end - y, *note ? note : "-", *note ? R_NORMAL : R_DIM);
	}
	buf_free(&b);
}

static void checklist_draw(app *a, view *v, rect area)
{
	cview *c = v->data;
	draw_list(a, c, area);
	if (c->nents && c->own.n && c->mode == CM_CARD)
		draw_card(a, c, area);
	sedit_draw(a, &c->se, area);
}

static void checklist_cursor(app *a, view *v)
{
	cview *c = v->data;
	sedit_cursor(a, &c->se);
}

/* ---- editing: the callbacks of the editing layer --------------------------- */

/* The cell of entry E, column COL: its draft key is "item-id:column-id". */
static void target_of(const cview *c, int e, int col, se_target *tg)
{
	const char *key = entry_key(c, e);
	*tg = (se_target){.col = col, .version = cell_version(c, key, col)};
	snprintf(tg->key, sizeof tg->key, "%s:%s", key, c->d->storage->cols[col].id);
	const entry *en = &c->ents[e];
	if (en->section)
		se_target_label(tg, "%s: %s", tr(col == c->d->col_note
			? M_CHECKLIST_REASON : M_CHECKLIST_H_SCORE), L(&c->d->sections[en->idx].title));
	else
		se_target_label(tg, "%s: %d. %s", tr(col == c->d->col_note
			? M_CHECKLIST_NOTE : M_CHECKLIST_H_ANSWER), c->d->items[en->idx].number,
			L(&c->d->items[en->idx].text));
}

/* The item or section id of a target (its key without the column). */
static void target_entry(const se_target *tg, char *out, size_t n)
{
	snprintf(out, n, "%s", tg->key);
	char *colon = strrchr(out, ':');
	if (colon)
		*colon = '\0';
}

static mm_status ed_save(app *a, void *ctx, se_target *tg, const char *stored, int expected,
	sheet_conflict *cf, mm_error *err)
{
	cview *c = ctx;
	char key[128];
	target_entry(tg, key, sizeof key);
	mm_status rc = checklist_set(a->st, c->s, c->d, key, tg->col, stored, expected, cf, c->hist,
		err);
	rescore(c);
	return rc;
}

static mm_status ed_parse(void *ctx, const se_target *tg, const char *text, char **stored,
	mm_error *err)
{
	cview *c = ctx;
	return column_parse(&c->d->storage->cols[tg->col], text, stored, err);
}

static void ed_discard(app *a, void *ctx, const se_target *tg, const char *stored)
{
	cview *c = ctx;
	char key[128];
	mm_error err;
	target_entry(tg, key, sizeof key);
	int row = checklist_row_of(c->d, c->s, key);
	if (row >= 0)
		sheet_log_discarded(a->st, c->s, c->s->rows[row].id, tg->col, stored, &err);
	sheet_reload(a->st, c->s, &err);
	rescore(c);
}

static void ed_show(void *ctx, const se_target *tg, const char *stored, buf *out)
{
	cview *c = ctx;
	size_t before = out->len;
	column_format_buf(&c->d->storage->cols[tg->col], stored, out);
	if (out->len == before)
		buf_puts(out, "-");
}

static void next_item(cview *c)
{
	for (int e = c->cur + 1; e < c->nents; e++)
		if (!c->ents[e].section) {
			c->cur = e;
			return;
		}
}

/* An item answered with a digit or the picker: on to the next item, so a
 * group can answer item after item (never onto a heading, where a digit
 * would score the section). */
static void ed_after(app *a, void *ctx, const se_target *tg, bool saved, wint_t key)
{
	(void)a;
	cview *c = ctx;
	rescore(c);
	char id[128];
	target_entry(tg, id, sizeof id);
	if (saved && key && tg->col == c->d->col_answer && *cell(c, id, tg->col)
		&& !c->ents[c->cur].section)
		next_item(c);
}

static void import_file(app *a, cview *c, const char *path);

static void ed_prompted(app *a, void *ctx, int purpose, const char *text, bool final)
{
	if (purpose == P_IMPORT && final)
		import_file(a, ctx, text);
}

static const sedit_ops checklist_edit_ops = {
	.save = ed_save,
	.parse = ed_parse,
	.discard = ed_discard,
	.show = ed_show,
	.after = ed_after,
	.prompted = ed_prompted,
};

/* ---- writing -------------------------------------------------------------- */

static int next_selectable(const cview *c, int from, int dir)
{
	for (int e = from + dir; e >= 0 && e < c->nents; e += dir)
		if (selectable(c, e))
			return e;
	return -1;
}

/* A digit: the Nth answer of an item, or score N of a section, saved at once. */
static void digit(app *a, cview *c, wint_t ch)
{
	const entry *e = &c->ents[c->cur];
	int n = (int)(ch - '0');
	if (!may_write(a, c, true))
		return;
	char score[16];
	const char *stored;
	if (e->section && n > c->d->score_max) {
		app_message(a, true, tr(M_CHECKLIST_NO_SCORE_N), c->d->score_max);
		return;
	} else if (!e->section && (n < 1 || n > c->d->nanswers)) {
		app_message(a, true, tr(M_CHECKLIST_NO_ANSWER_N), n, c->d->nanswers);
		return;
	}
	snprintf(score, sizeof score, "%d", n);
	stored = e->section ? score : c->d->answers[n - 1].value;
	se_target tg;
	target_of(c, c->cur, e->section ? c->d->col_score : c->d->col_answer, &tg);
	sedit_save(a, &c->se, &tg, stored, ch);
	se_target_free(&tg);
}

static void open_pick(app *a, cview *c)
{
	if (!c->nents || !may_write(a, c, true))
		return;
	const entry *e = &c->ents[c->cur];
	picklist p = {0};
	buf lab = {0}, title = {0};
	se_target tg;
	target_of(c, c->cur, e->section ? c->d->col_score : c->d->col_answer, &tg);
	const char *curv = cell(c, entry_key(c, c->cur), tg.col);
	if (e->section) {
		int comp = c->res.sections[e->idx].computed;
		for (int k = 0; k <= c->d->score_max; k++) {
			char v[16], sug[64];
			snprintf(v, sizeof v, "%d", k);
			snprintf(sug, sizeof sug, tr(M_CHECKLIST_SUGGEST), comp);
			buf_clear(&lab);
			if (k == comp)
				buf_printf(&lab, "%d  (%s)", k, sug);
			else
				buf_printf(&lab, "%d", k);
			picklist_add(&p, v, buf_str(&lab));
		}
		picklist_add(&p, "", tr(M_CHECKLIST_CLEAR_SCORE));
		buf_printf(&title, tr(M_CHECKLIST_SCORE_TITLE),
			L(&c->d->sections[e->idx].title));
	} else {
		for (int k = 0; k < c->d->nanswers; k++) {
			const checklist_answer *an = &c->d->answers[k];
			char pts[32], p2[48];
			fmt_num(an->points, pts, sizeof pts);
			snprintf(p2, sizeof p2, tr(M_CHECKLIST_POINTS), pts);
			buf_clear(&lab);
			if (an->na)
				buf_printf(&lab, "%d  %s", k + 1, L(&an->label));
			else
				buf_printf(&lab, "%d  %s  (%s)", k + 1, L(&an->label), p2);
			picklist_add(&p, an->value, buf_str(&lab));
		}
		picklist_add(&p, "", tr(M_CHECKLIST_CLEAR));
		buf_printf(&title, tr(M_CHECKLIST_PICK_TITLE), c->d->items[e->idx].number);
	}
	for (int k = 0; k < p.n && *curv; k++)
		if (strcmp(p.values[k], curv) == 0)
			p.list.sel = k;
	sedit_pick(a, &c->se, &tg, 0, &p, false, buf_str(&title));
	se_target_free(&tg);
	buf_free(&lab);
	buf_free(&title);
}

static void open_note(app *a, cview *c)
{
	if (c->d->col_note < 0) {
		app_message(a, true, "%s", tr(M_CHECKLIST_NO_NOTES));
		return;
	}
	if (!may_write(a, c, true))
		return;
	se_target tg;
	target_of(c, c->cur, c->d->col_note, &tg);
	sedit_text(a, &c->se, &tg, cell(c, entry_key(c, c->cur), c->d->col_note));
	se_target_free(&tg);
}

/* What this terminal was typing when it went away comes back in the editor,
 * against the version it was typed on. */
static void restore_draft(app *a, cview *c)
{
	char *key = NULL, *text = NULL;
	int base = -1;
	if (!sedit_take_draft(a, &c->se, &key, &text, &base))
		return;
	char id[128];
	snprintf(id, sizeof id, "%s", key);
	char *colon = strrchr(id, ':');
	if (colon)
		*colon++ = '\0';
	/* only a note is typed; an answer's draft (a dialog left open) is dropped */
	bool note = c->d->col_note >= 0 && colon
		&& strcmp(colon, c->d->storage->cols[c->d->col_note].id) == 0;
	for (int e = 0; e < c->nents && note; e++)
		if (strcmp(entry_key(c, e), id) == 0 && selectable(c, e)) {
			c->cur = e;
			open_note(a, c);
			sedit_restored(a, &c->se, text, base);
			break;
		}
	free(key);
	free(text);
}

/* ---- export and import ---------------------------------------------------- */

static void export_file(app *a, cview *c)
{
	if (!c->s)
		return;
	buf out = {0};
	mm_error err;
	if (checklist_export(c->act, a->st, c->s, "csv", &out, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	else
		ui_export(a, c->d->activity_id, owner_sel_name(&c->own), "csv", &out);
	buf_free(&out);
}

static void import_file(app *a, cview *c, const char *path)
{
	size_t len;
	char *data = ui_read_file(a, path, &len);
	if (!data)
		return;
	buf b = {data, len, len + 1};
	int n = 0;
	mm_error err;
	if (checklist_import_csv_n(a->st, c->s, buf_str(&b), b.len, &n, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	else
		app_message(a, false, tr(n == 1 ? M_CHECKLIST_IMPORTED1 : M_CHECKLIST_IMPORTED), n);
	buf_free(&b);
	/* the rows were replaced: what could be undone is gone */
	history_free(c->hist);
	rescore(c);
}

/* ---- keys ----------------------------------------------------------------- */

static void step_unanswered(app *a, cview *c, int dir)
{
	for (int k = 1; k <= c->nents; k++) {
		int e = ((c->cur + dir * k) % c->nents + c->nents) % c->nents;
		if (selectable(c, e) && unanswered(c, e)) {
			c->cur = e;
			return;
		}
	}
	app_message(a, false, "%s", tr(M_CHECKLIST_NO_UNANSWERED));
}

static void move_by(cview *c, int by)
{
	int dir = by > 0 ? 1 : -1;
	for (int k = 0; k < (by > 0 ? by : -by); k++) {
		int nx = next_selectable(c, c->cur, dir);
		if (nx < 0)
			break;
		c->cur = nx;
	}
}

static bool checklist_act(app *a, view *v, action act)
{
	cview *c = v->data;
	if (c->mode == CM_CARD) {
		switch (act) {
		case A_EDIT:
		case A_OPEN:
			open_note(a, c);
			return true;
		case A_UP:
		case A_DOWN:
			move_by(c, act == A_DOWN ? 1 : -1);
			return true;
		case A_QUIT:
		case A_HELP:
		case A_LANG:
			return false;
		case A_UNDO:
		case A_REDO:
			break; /* the card stays open: undo what was just written there */
		default:
			c->mode = CM_LIST; /* Esc, f and the rest close the card */
			return true;
		}
	}
	if (!c->nents || !c->own.n)
		return false;
	mm_error err;
	switch (act) {
	case A_UP: move_by(c, -1); return true;
	case A_DOWN: move_by(c, 1); return true;
	case A_PGUP: move_by(c, -(c->page > 2 ? c->page - 1 : 1)); return true;
	case A_PGDN: move_by(c, c->page > 2 ? c->page - 1 : 1); return true;
	case A_HOME:
		c->cur = selectable(c, 0) ? 0 : next_selectable(c, 0, 1);
		c->top = 0;
		return true;
	case A_END: c->cur = c->nents - 1; return true;
	case A_EDIT: open_pick(a, c); return true;
	case A_FORM: c->mode = CM_CARD; return true;
	case A_CLEAR:
		if (may_write(a, c, true)) {
			se_target tg;
			target_of(c, c->cur, c->ents[c->cur].section ? c->d->col_score
				: c->d->col_answer, &tg);
			sedit_save(a, &c->se, &tg, "", 0);
			se_target_free(&tg);
		}
		return true;
	case A_SEARCH_NEXT: step_unanswered(a, c, 1); return true;
	case A_SEARCH_PREV: step_unanswered(a, c, -1); return true;
	case A_NEXT_OWNER:
	case A_PREV_OWNER:
		if (owner_sel_step(&c->own, act == A_NEXT_OWNER ? 1 : -1))
			open_owner(a, c);
		return true;
	case A_UNDO:
	case A_REDO:
		if (!c->s)
			return true;
		if (sheet_undo(a->st, c->s, c->hist, act == A_REDO, &err) != MM_OK)
			app_message(a, true, "%s", err.msg);
		else
			app_message(a, false, "%s", tr(act == A_REDO ? M_REDONE : M_UNDONE));
		sheet_reload(a->st, c->s, &err);
		rescore(c);
		return true;
	case A_EXPORT:
		export_file(a, c);
		return true;
	case A_IMPORT:
		if (may_write(a, c, true))
			sedit_prompt(&c->se, P_IMPORT, tr(M_IMPORT_PROMPT), "");
		return true;
	case A_ADD_ROW:
	case A_INSERT_ROW:
		/* "add" on an item: write its note */
		open_note(a, c);
		return true;
	default:
		return false;
	}
}

/* Keys while a picker, editor or dialog is open; digits in the list. */
static bool checklist_raw(app *a, view *v, int r, wint_t ch)
{
	cview *c = v->data;
	if (sedit_busy(&c->se))
		return sedit_key(a, &c->se, r, ch);
	if (c->mode == CM_LIST && r == OK && ch >= '0' && ch <= '9' && c->nents && c->own.n) {
		digit(a, c, ch);
		return true;
	}
	return false;
}

static msg_id checklist_footer(app *a, view *v)
{
	cview *c = v->data;
	msg_id m = sedit_footer(&c->se);
	if (m)
		return m;
	if (c->mode == CM_CARD)
		return c->d->col_note >= 0 && may_write(a, c, false) ? M_CHECKLIST_FOOTER_CARD
			: M_CHECKLIST_FOOTER_CARD_RO;
	if (c->nents && c->ents[c->cur].section)
		return M_CHECKLIST_FOOTER_SECTION;
	return 0; /* made from the key table */
}

static bool checklist_modal(view *v)
{
	cview *c = v->data;
	return sedit_busy(&c->se);
}

static void checklist_tick(app *a, view *v)
{
	cview *c = v->data;
	sedit_tick(a, &c->se);
}

static void checklist_hangup(app *a, view *v)
{
	cview *c = v->data;
	sedit_hangup(a, &c->se);
}

static void checklist_free_view(view *v)
{
	cview *c = v->data;
	sheet_free(c->s);
	owner_sel_free(&c->own);
	checklist_result_free(&c->res);
	free(c->ents);
	sedit_free(&c->se);
	free(c);
	free(v);
}

/* The facilitator's item (by its id: the projector's list may be longer)
 * and whether its card is open. */
static void checklist_publish(app *a, view *v, buf *out)
{
	(void)a;
	cview *c = v->data;
	if (!c->nents)
		return;
	vstate_str(out, "item", entry_key(c, c->cur));
	vstate_int(out, "card", c->mode == CM_CARD);
}

static void checklist_mirror(app *a, view *v, const char *st)
{
	(void)a;
	cview *c = v->data;
	buf key = {0};
	vstate_get_str(st, "item", &key);
	for (int e = 0; e < c->nents; e++)
		if (strcmp(entry_key(c, e), buf_str(&key)) == 0)
			c->cur = e;
	buf_free(&key);
	c->mode = vstate_get_int(st, "card", 0) && c->nents && c->own.n ? CM_CARD : CM_LIST;
}

static void checklist_reopen(app *a, view *v)
{
	open_owner(a, v->data);
}

static const view_key checklist_keys[] = {
	{A_NONE, M_CL_KEY_DIGIT, M_CL_BRIEF_DIGIT, KEYS_WRITERS, "0-9"},
	{A_EDIT, M_CL_KEY_PICK, M_BRIEF_PICK, KEYS_WRITERS, NULL},
	{A_SEARCH_NEXT, M_CL_KEY_NEXT_UNANSWERED, M_CL_BRIEF_NEXT, 0, NULL},
	{A_SEARCH_PREV, M_CL_KEY_PREV_UNANSWERED, 0, 0, NULL},
	{A_FORM, M_CL_KEY_CARD, M_CL_BRIEF_CARD, 0, NULL},
	{A_ADD_ROW, M_CL_KEY_NOTE, 0, KEYS_WRITERS, NULL},
	{A_CLEAR, M_CL_KEY_CLEAR, 0, KEYS_WRITERS, NULL},
	{A_UNDO, 0, M_BRIEF_UNDO, KEYS_WRITERS, NULL},
	{A_REDO, 0, 0, KEYS_WRITERS, NULL},
	{A_NEXT_OWNER, 0, 0, 0, NULL},
	{A_PREV_OWNER, 0, 0, 0, NULL},
	{A_EXPORT, 0, 0, 0, NULL},
	{A_IMPORT, M_CL_KEY_IMPORT, 0, KEYS_WRITERS, NULL},
	VIEW_KEYS_END,
};

static bool checklist_key_works(const view *v, action act)
{
	const cview *c = v->data;
	switch (act) {
	case A_ADD_ROW: return c->d->col_note >= 0;
	default: return true;
	}
}


static const view_ops checklist_ops = {
	.name = "checklist",
	.draw = checklist_draw,
	.act = checklist_act,
	.reload = checklist_reload,
	.free = checklist_free_view,
	.title = activity_view_title,
	.footer = M_CHECKLIST_FOOTER,
	.ctx = C_TABLE,
	.keys = checklist_keys,
	.key_works = checklist_key_works,
	.reopen = checklist_reopen,
	.raw = checklist_raw,
	.footer_now = checklist_footer,
	.cursor = checklist_cursor,
	.tick = checklist_tick,
	.hangup = checklist_hangup,
	.modal = checklist_modal,
	.publish = checklist_publish,
	.mirror = checklist_mirror,
};

view *view_checklist_new(app *a, const activity *act)
{
	const checklist_def *d = checklist_of(act);
	if (!d)
		return NULL;
	cview *c = xcalloc(1, sizeof *c);
	c->act = act;
	c->d = d;
	c->ents = xcalloc((size_t)(d->nitems + d->nsections), sizeof *c->ents);
	for (int s = 0; s < d->nsections; s++) {
		c->ents[c->nents++] = (entry){true, s};
		for (int i = d->sections[s].first; i < d->sections[s].first + d->sections[s].nitems;
			i++)
			c->ents[c->nents++] = (entry){false, i};
	}
	c->page = 10;
	c->projector = app_on_projector(a);
	sedit_init(&c->se, &checklist_edit_ops, c);
	owner_sel_init(a, act, &c->own);
	open_owner(a, c);
	if (c->s)
		restore_draft(a, c);
	view *v = xcalloc(1, sizeof *v);
	v->ops = &checklist_ops;
	v->own = &c->own;
	v->act = act;
	v->data = c;
	return v;
}
