/* view_document.c — a document written section by section: the sections of
 * the chosen variant with a completeness mark (a word, never colour alone)
 * and the progress; the selected section's guidance and the start of its
 * text; Enter writes it in a large multi-line editor with the guidance
 * above; w chooses the variant; the facilitator's Tab steps through the
 * groups. Drafts are kept while typing, two terminals saving the same
 * section get the conflict dialog, and undo is the sheet's. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "document.h"
#include "edit.h"
#include "editor.h"
#include "sheet.h"
#include "text.h"
#include "ui.h"

#define WIDE_COLS 110 /* from this width the guidance sits beside the list */
#define MARK_W 4

typedef enum dmode {
	DM_LIST, DM_TEXT, DM_READ, DM_GUIDE, DM_PICK, DM_CONFLICT, DM_DISCARD
} dmode;

typedef struct dview {
	const activity *act;
	const document_def *d;
	owner_sel own;
	sheet *s;
	sheet_history hist;
	dmode mode;
	bool has_intro;  /* the activity's body is the first entry */
	list_state list; /* entries: the intro (if any), then the sections */
	int page;
	mdoc intro;
	int intro_w;
	lang intro_lang;
	/* the editor */
	edit_text edt;
	int edit_variant, edit_section, edit_version;
	char *edit_start; /* the text the editor opened with */
	rect text_box;
	rect area;        /* where the view was last drawn */
	int guide_rows, guide_h, guide_w; /* the editor's guidance rows, for a box size */
	char *draft_text; /* last text kept as a draft */
	int64_t draft_at;
	/* the variant picker */
	list_state pick;
	/* a conflict */
	sheet_conflict conflict;
	char *mine;
} dview;

/* ---- small helpers ------------------------------------------------------ */

typedef struct lines {
	char **v;
	int n, cap;
} lines;

static void emit_line(const char *l, size_t len, void *ctx)
{
	lines *ls = ctx;
	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? ls->cap * 2 : 16;
		ls->v = xrealloc(ls->v, (size_t)ls->cap * sizeof *ls->v);
	}
	char *s = xstrndup(l, len);
	for (char *p = s; *p; p++)
		if (*p == '\t' || *p == '\r')
			*p = ' ';
	ls->v[ls->n++] = s;
}

static void lines_free(lines *ls)
{
	for (int k = 0; k < ls->n; k++)
		free(ls->v[k]);
	free(ls->v);
	memset(ls, 0, sizeof *ls);
}

/* The hanging indent of a list line ("・", "- ", "1. "): the bytes of the
 * marker, 0 if the line is not a list item. */
static size_t list_marker(const char *s, size_t n)
{
	if (n >= 3 && memcmp(s, "\xE3\x83\xBB", 3) == 0) /* ・ */
		return 3;
	if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ')
		return 2;
	size_t k = 0;
	while (k < n && k < 3 && s[k] >= '0' && s[k] <= '9')
		k++;
	if (k && k + 1 < n && s[k] == '.' && s[k + 1] == ' ')
		return k + 2;
	return 0;
}

/* TEXT as display lines of at most W columns; the lines of a list item
 * after its first are indented under its text. */
static lines wrap(const char *text, int w)
{
	lines ls = {0};
	if (w < 1)
		w = 1;
	const char *p = text ? text : "";
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t m = list_marker(p, n);
		int mw = m ? text_nwidth(p, m) : 0;
		if (m && mw < w / 2) {
			lines part = {0};
			char *rest = xstrndup(p + m, n - m);
			text_wrap(rest, w - mw, emit_line, &part);
			free(rest);
			for (int k = 0; k < part.n; k++) {
				buf line = {0};
				if (k == 0)
					buf_printf(&line, "%.*s%s", (int)m, p, part.v[k]);
				else
					buf_printf(&line, "%*s%s", mw, "", part.v[k]);
				emit_line(buf_str(&line), line.len, &ls);
				buf_free(&line);
			}
			if (!part.n)
				emit_line(p, m, &ls);
			lines_free(&part);
		} else {
			char *one = xstrndup(p, n);
			lines part = {0};
			text_wrap(one, w, emit_line, &part);
			free(one);
			for (int k = 0; k < part.n; k++)
				emit_line(part.v[k], strlen(part.v[k]), &ls);
			if (!part.n)
				emit_line("", 0, &ls);
			lines_free(&part);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	/* no trailing blank lines */
	while (ls.n && !ls.v[ls.n - 1][strspn(ls.v[ls.n - 1], " ")])
		free(ls.v[--ls.n]);
	return ls;
}

/* Draws TEXT wrapped at W from row Y, at most MAX rows; returns the rows
 * used and stores the rows it needs in *NEED (may be NULL). */
static int draw_wrapped(int y, int x, int w, int max, const char *text, theme_role role,
	int *need)
{
	lines ls = wrap(text, w);
	int k = 0;
	for (; k < ls.n && k < max; k++)
		draw_text(y + k, x, w, ls.v[k], role);
	if (need)
		*need = ls.n;
	lines_free(&ls);
	return k;
}

static bool blank(const char *s)
{
	doc_section none = {0};
	return !document_section_complete(&none, s);
}

static int section_of(const dview *dv)
{
	return dv->list.sel - (dv->has_intro ? 1 : 0);
}

static int shown_variant(const dview *dv)
{
	return dv->s ? document_variant(dv->d, dv->s) : 0;
}

static const doc_variant *variant_of(const dview *dv)
{
	return &dv->d->variants[shown_variant(dv)];
}

static bool may_write(app *a, const dview *dv, mm_error *err)
{
	return sheet_may_write(a->st, dv->own.okind, owner_sel_id(&dv->own), err) == MM_OK;
}

/* ---- loading ------------------------------------------------------------ */

static void reset_list(dview *dv)
{
	int n = variant_of(dv)->nsections + (dv->has_intro ? 1 : 0);
	if (dv->list.n != n) {
		dv->list.n = n;
		list_scroll(&dv->list, dv->page > 0 ? dv->page : 1);
	}
}

static void open_owner(app *a, dview *dv)
{
	sheet_free(dv->s);
	dv->s = NULL;
	history_free(&dv->hist);
	if (!dv->own.n) {
		app_message(a, true, "%s", tr(M_DOCUMENT_NO_OWNER));
		return;
	}
	mm_error err;
	if (sheet_open(a->st, dv->d->table, dv->own.okind, owner_sel_id(&dv->own), &dv->s, &err)
		!= MM_OK) {
		app_message(a, true, "%s", err.msg);
		return;
	}
	dv->list.n = -1;
	reset_list(dv);
}

static void doc_reload(app *a, view *v)
{
	dview *dv = v->data;
	if (!dv->s)
		return;
	mm_error err;
	if (sheet_reload(a->st, dv->s, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	reset_list(dv);
}

/* ---- drafts ------------------------------------------------------------- */

static void place_prefix(const dview *dv, char *out, size_t n)
{
	snprintf(out, n, "document:%s:%d:%lld:", dv->d->activity_id, (int)dv->own.okind,
		(long long)owner_sel_id(&dv->own));
}

static void draft_place(const dview *dv, char *out, size_t n)
{
	char prefix[160], key[160];
	place_prefix(dv, prefix, sizeof prefix);
	document_section_key(dv->d, dv->edit_variant, dv->edit_section, key, sizeof key);
	snprintf(out, n, "%s%s", prefix, key);
}

/* Keeps what is being typed in the database now and then, so a dropped
 * connection loses at most a second of typing. */
static void save_draft(app *a, dview *dv, bool force)
{
	if (dv->mode != DM_TEXT && dv->mode != DM_DISCARD)
		return;
	const char *text = edit_text_get(&dv->edt);
	int64_t now = store_now();
	if (!force && ((dv->draft_text && strcmp(text, dv->draft_text) == 0)
		|| (!dv->draft_text && strcmp(text, dv->edit_start ? dv->edit_start : "") == 0)
		|| now == dv->draft_at))
		return;
	char place[400];
	draft_place(dv, place, sizeof place);
	if (store_draft_save(a->st, place, text, -1, NULL) == MM_OK) {
		free(dv->draft_text);
		dv->draft_text = xstrdup(text);
		dv->draft_at = now ? now : 1;
	}
}

static void drop_draft(app *a, dview *dv)
{
	if (dv->draft_at) {
		char place[400];
		draft_place(dv, place, sizeof place);
		store_draft_drop(a->st, place, NULL);
	}
	dv->draft_at = 0;
	free(dv->draft_text);
	dv->draft_text = NULL;
}

/* ---- editing ------------------------------------------------------------ */

static void end_edit(app *a, dview *dv)
{
	drop_draft(a, dv);
	free(dv->edit_start);
	dv->edit_start = NULL;
	dv->mode = DM_LIST;
}

/* Opens the editor on section SEC of variant VAR with TEXT (NULL: the
 * stored text, or where an empty section starts from). */
static void begin_edit(app *a, dview *dv, int var, int sec, const char *text)
{
	mm_error err;
	const doc_section *section = &dv->d->variants[var].sections[sec];
	const char *stored = document_text(dv->d, dv->s, var, sec);
	dv->edit_variant = var;
	dv->edit_section = sec;
	dv->edit_version = document_version(dv->d, dv->s, var, sec);
	if (!text) {
		text = stored;
		if (blank(stored)) {
			/* what the group wrote for the same section in another variant,
			 * else the starter text */
			text = L(&section->starter);
			for (int k = 0; k < dv->d->nvariants; k++) {
				if (k == var)
					continue;
				const doc_variant *ov = &dv->d->variants[k];
				for (int j = 0; j < ov->nsections; j++)
					if (strcmp(ov->sections[j].id, section->id) == 0
						&& document_section_complete(&ov->sections[j],
							document_text(dv->d, dv->s, k, j))) {
						text = document_text(dv->d, dv->s, k, j);
						app_message(a, false, tr(M_DOCUMENT_FROM_OTHER), L(&ov->title));
						k = dv->d->nvariants;
						break;
					}
			}
		}
	}
	if (!may_write(a, dv, &err)) {
		/* read it in full instead */
		edit_text_free(&dv->edt);
		edit_text_init(&dv->edt, EDIT_TEXT_MAX);
		edit_text_set(&dv->edt, blank(stored) ? tr(M_DOCUMENT_NOT_WRITTEN) : stored);
		dv->guide_h = 0;
		dv->mode = DM_READ;
		app_message(a, true, "%s", err.msg);
		return;
	}
	edit_text_free(&dv->edt);
	edit_text_init(&dv->edt, EDIT_TEXT_MAX);
	edit_text_set(&dv->edt, text);
	edit_text_doc_end(&dv->edt);
	dv->guide_h = 0;
	free(dv->edit_start);
	/* an untouched starter counts as unchanged: Esc leaves without asking */
	dv->edit_start = xstrdup(edit_text_get(&dv->edt));
	dv->mode = DM_TEXT;
}

static void after_save(app *a, dview *dv)
{
	doc_progress p = document_progress(dv->d, dv->s);
	app_message(a, false, tr(M_DOCUMENT_SAVED), p.done, p.total);
}

static void save_text(app *a, dview *dv, const char *text)
{
	mm_error err;
	sheet_conflict cf = {0};
	mm_status rc = document_set_text(a->st, dv->s, dv->d, dv->edit_variant, dv->edit_section,
		text, dv->edit_version, &cf, &dv->hist, &err);
	if (rc == MM_ECONFLICT) {
		sheet_conflict_free(&dv->conflict);
		dv->conflict = cf;
		free(dv->mine);
		dv->mine = xstrdup(text);
		dv->mode = DM_CONFLICT;
		return;
	}
	if (rc != MM_OK) {
		/* the text stays in the editor (and in the draft) */
		app_message(a, true, "%s", err.msg);
		return;
	}
	end_edit(a, dv);
	reset_list(dv);
	after_save(a, dv);
}

static void restore_draft(app *a, dview *dv)
{
	char prefix[160], *place = NULL, *text = NULL;
	place_prefix(dv, prefix, sizeof prefix);
	if (store_draft_take(a->st, prefix, &place, &text, NULL, NULL) != MM_OK || !place) {
		free(place);
		free(text);
		return;
	}
	const char *key = place + strlen(prefix);
	for (int v = 0; v < dv->d->nvariants; v++)
		for (int k = 0; k < dv->d->variants[v].nsections; k++) {
			char want[160];
			document_section_key(dv->d, v, k, want, sizeof want);
			if (strcmp(want, key) != 0)
				continue;
			if (v == shown_variant(dv))
				dv->list.sel = k + (dv->has_intro ? 1 : 0);
			begin_edit(a, dv, v, k, text);
			if (dv->mode == DM_TEXT) {
				/* what was typed is not what is saved: keep it a draft */
				free(dv->edit_start);
				dv->edit_start = xstrdup(document_text(dv->d, dv->s, v, k));
				save_draft(a, dv, true);
				app_message(a, false, "%s", tr(M_DOCUMENT_RESTORED));
			}
			v = dv->d->nvariants;
			break;
		}
	free(place);
	free(text);
}

/* ---- drawing ------------------------------------------------------------ */

/* The owner and the progress; then, for a document with variants, the
 * variant shown. Returns the rows used. */
static int draw_info(app *a, dview *dv, int y, int x, int w)
{
	buf b = {0};
	doc_progress p = document_progress(dv->d, dv->s);
	buf_printf(&b, tr(M_DOCUMENT_PROGRESS), p.done, p.total);
	if (p.req_total) {
		buf_puts(&b, "  ");
		if (p.req_done < p.req_total)
			buf_printf(&b, tr(M_DOCUMENT_REQ_LEFT), p.req_total - p.req_done);
		else
			buf_puts(&b, tr(M_DOCUMENT_REQ_ALL));
	}
	buf_puts(&b, "  |  ");
	buf_printf(&b, tr(M_DOCUMENT_OWNER), owner_sel_name(&dv->own));
	if (!may_write(a, dv, NULL)) {
		buf_puts(&b, "  |  ");
		buf_puts(&b, tr(M_READONLY_VIEW));
	}
	draw_text(y, x, w, buf_str(&b), R_EMPH);
	buf_free(&b);
	if (!dv->d->has_variants)
		return 1;
	char line[400];
	snprintf(line, sizeof line, tr(M_DOCUMENT_VARIANT_IS), L(&variant_of(dv)->title));
	int used = draw_text_at(y + 1, x, w, line, R_TITLE);
	if (document_chosen_variant(dv->d, dv->s) < 0)
		draw_text(y + 1, x + used, w - used, tr(M_DOCUMENT_CHOOSE_HINT), R_BAND_YELLOW);
	else
		draw_text(y + 1, x + used, w - used, "", R_NORMAL);
	return 2;
}

/* One entry of the list: the mark, the number and the title. */
static void draw_entry(dview *dv, int i, int y, int x, int w)
{
	bool sel = i == dv->list.sel;
	if (dv->has_intro && i == 0) {
		char line[200];
		snprintf(line, sizeof line, "%*s%s", MARK_W + 1, "", tr(M_DOCUMENT_INTRO));
		draw_text(y, x, w, line, sel ? R_SELECTED : R_NORMAL);
		return;
	}
	int k = i - (dv->has_intro ? 1 : 0);
	int var = shown_variant(dv);
	const doc_section *sec = &dv->d->variants[var].sections[k];
	bool done = document_section_complete(sec, document_text(dv->d, dv->s, var, k));
	char mark[32];
	snprintf(mark, sizeof mark, " %s", tr(done ? M_DOCUMENT_MARK_DONE : M_DOCUMENT_MARK_TODO));
	draw_text(y, x, MARK_W + 1, mark, sel ? R_SELECTED
		: done ? R_BAND_GREEN : sec->required ? R_BAND_YELLOW : R_DIM);
	char line[400];
	snprintf(line, sizeof line, "%2d. %s%s", k + 1, L(&sec->title),
		sec->required ? "" : tr(M_DOCUMENT_OPTIONAL));
	draw_text(y, x + MARK_W + 1, w - MARK_W - 1, line, sel ? R_SELECTED : R_NORMAL);
}

static void draw_list(dview *dv, rect r)
{
	dv->page = r.h;
	list_scroll(&dv->list, r.h);
	for (int i = dv->list.top, y = r.y; i < dv->list.n && y < r.y + r.h; i++, y++)
		draw_entry(dv, i, y, r.x, r.w);
	if (dv->list.top > 0)
		draw_text_at(r.y, r.x + r.w - 1, 1, "^", R_EMPH);
	if (dv->list.top + r.h < dv->list.n)
		draw_text_at(r.y + r.h - 1, r.x + r.w - 1, 1, "v", R_EMPH);
}

static void draw_intro(dview *dv, rect r)
{
	if (dv->intro_w != r.w || dv->intro_lang != i18n_lang() || !dv->intro.lines) {
		markup_free(&dv->intro);
		markup_layout(L(&dv->act->body), r.w, &dv->intro);
		dv->intro_w = r.w;
		dv->intro_lang = i18n_lang();
	}
	for (int k = 0; k < dv->intro.n && k < r.h; k++)
		markup_draw_line(&dv->intro.lines[k], r.y + k, r.x, r.w);
}

/* The selected section: title, guidance, and the start of its text. */
static void draw_detail(dview *dv, rect r)
{
	if (r.h <= 0 || r.w <= 4)
		return;
	if (dv->has_intro && dv->list.sel == 0) {
		draw_intro(dv, r);
		return;
	}
	int var = shown_variant(dv), k = section_of(dv);
	if (k < 0 || k >= dv->d->variants[var].nsections)
		return;
	const doc_section *sec = &dv->d->variants[var].sections[k];
	const char *text = document_text(dv->d, dv->s, var, k);
	int y = r.y, end = r.y + r.h;
	char head[400];
	snprintf(head, sizeof head, "%d. %s%s", k + 1, L(&sec->title),
		sec->required ? "" : tr(M_DOCUMENT_OPTIONAL));
	draw_text(y++, r.x, r.w, head, R_HEADING);
	bool empty = blank(text);
	bool untouched = !empty && !document_section_complete(sec, text);
	lines body = empty ? (lines){0} : wrap(text, r.w - 2);
	/* rows the text part wants: its label, a note, the lines (or the hint) */
	int left = end - y;
	int want_text = empty ? 1 : 1 + (untouched ? 1 : 0) + (body.n < 3 ? body.n : 3);
	int gmax = left - 2 - want_text; /* the guidance label and a blank row */
	if (!empty && gmax > left / 2)
		gmax = left / 2; /* a written section shares the room evenly */
	if (gmax < 1)
		gmax = 1;
	char label[64];
	snprintf(label, sizeof label, "%s:", tr(M_DOCUMENT_GUIDANCE));
	draw_text(y++, r.x, r.w, label, R_EMPH);
	int need = 0;
	lines g = wrap(L(&sec->guidance), r.w - 2);
	need = g.n;
	for (int i = 0; i < need && i < gmax && y < end; i++, y++) {
		if (i == gmax - 1 && need > gmax && gmax > 1)
			draw_text(y, r.x + 2, r.w - 2, tr(M_DOCUMENT_GUIDE_MORE), R_DIM);
		else
			draw_text(y, r.x + 2, r.w - 2, g.v[i], R_NORMAL);
	}
	lines_free(&g);
	y++;
	if (y >= end) {
		lines_free(&body);
		return;
	}
	snprintf(label, sizeof label, "%s: ", tr(M_DOCUMENT_TEXT_NOW));
	int lw = draw_text_at(y, r.x, r.w, label, R_EMPH);
	if (empty) {
		draw_text(y, r.x + lw, r.w - lw,
			tr(sec->starter.ja ? M_DOCUMENT_EMPTY_STARTER : M_DOCUMENT_EMPTY), R_DIM);
		return;
	}
	if (untouched)
		draw_text(y, r.x + lw, r.w - lw, tr(M_DOCUMENT_UNTOUCHED), R_BAND_YELLOW);
	y++;
	int room = end - y;
	int show = body.n <= room ? body.n : room - 1;
	for (int i = 0; i < show; i++)
		draw_text(y + i, r.x + 2, r.w - 2, body.v[i], untouched ? R_DIM : R_NORMAL);
	if (show < body.n && show >= 0) {
		char more[128];
		snprintf(more, sizeof more, tr(M_DOCUMENT_MORE_LINES), body.n - show);
		draw_text(y + show, r.x + 2, r.w - 2, more, R_DIM);
	}
	lines_free(&body);
}

/* The editor (or the reader): a large box, the guidance above the text. */
static void draw_editor_box(dview *dv, rect area)
{
	rect r = area; /* the whole screen: nothing of the list shows at its edges */
	const doc_section *sec = &dv->d->variants[dv->edit_variant].sections[dv->edit_section];
	char title[400];
	if (dv->d->has_variants)
		snprintf(title, sizeof title, "%d. %s  [%s]", dv->edit_section + 1, L(&sec->title),
			L(&dv->d->variants[dv->edit_variant].title));
	else
		snprintf(title, sizeof title, "%d. %s", dv->edit_section + 1, L(&sec->title));
	if (dv->mode == DM_GUIDE) {
		size_t l = strlen(title);
		snprintf(title + l, sizeof title - l, "  -  %s", tr(M_DOCUMENT_GUIDANCE));
	}
	draw_popup_frame(r, title);
	int y = r.y + 1;
	if (dv->mode == DM_GUIDE) {
		/* the whole guidance, to scroll through */
		dv->text_box = (rect){y, r.x + 1, r.y + r.h - y, r.w - 2};
		draw_fill(dv->text_box, R_NORMAL);
		return;
	}
	/* the guidance: a third of the box, more while the text is short; fixed
	 * for as long as the editor is open, so nothing moves while typing */
	int avail = r.h - 2;
	if (dv->guide_h != r.h || dv->guide_w != r.w) {
		edit_row *rows = NULL;
		int text_need = (int)edit_text_wrap(&dv->edt, r.w - 3, &rows) + 4;
		free(rows);
		int g = avail - text_need;
		if (g > avail * 2 / 3)
			g = avail * 2 / 3;
		if (g < avail / 3)
			g = avail / 3;
		dv->guide_rows = g;
		dv->guide_h = r.h;
		dv->guide_w = r.w;
	}
	int gmax = dv->guide_rows < 2 ? 2 : dv->guide_rows;
	int need;
	lines ls = wrap(L(&sec->guidance), r.w - 4);
	need = ls.n;
	int show = need <= gmax ? need : gmax;
	for (int i = 0; i < show; i++) {
		char line[1200];
		if (i == show - 1 && show < need)
			snprintf(line, sizeof line, "%s~", ls.v[i]);
		else
			snprintf(line, sizeof line, "%s", ls.v[i]);
		draw_text(y + i, r.x + 2, r.w - 4, line, R_STATUS);
	}
	lines_free(&ls);
	y += show;
	/* a rule, then the text */
	char rule[512];
	int rw = r.w - 2 < (int)sizeof rule - 1 ? r.w - 2 : (int)sizeof rule - 1;
	memset(rule, '-', (size_t)rw);
	rule[rw] = '\0';
	draw_text(y++, r.x + 1, r.w - 2, rule, R_STATUS);
	dv->text_box = (rect){y, r.x + 1, r.y + r.h - y, r.w - 2};
	draw_fill(dv->text_box, R_NORMAL);
}

static void draw_pick(dview *dv, rect area)
{
	const document_def *d = dv->d;
	int w = area.w - 8 > 90 ? 90 : area.w - 8;
	/* a title line and up to three lines of description per variant */
	lines *desc = xcalloc((size_t)d->nvariants, sizeof *desc);
	int h = 2;
	for (int k = 0; k < d->nvariants; k++) {
		desc[k] = wrap(L(&d->variants[k].description), w - 8);
		h += 1 + (desc[k].n < 4 ? desc[k].n : 4) + 1;
	}
	rect r = popup_rect(area, w, h);
	draw_popup_frame(r, tr(M_DOCUMENT_PICK_TITLE));
	int chosen = document_chosen_variant(d, dv->s);
	int y = r.y + 2;
	for (int k = 0; k < d->nvariants && y < r.y + r.h; k++) {
		char line[400];
		snprintf(line, sizeof line, " %d. %s%s", k + 1, L(&d->variants[k].title),
			k == chosen ? tr(M_DOCUMENT_PICK_CURRENT) : "");
		draw_text(y++, r.x + 1, r.w - 2, line, k == dv->pick.sel ? R_SELECTED : R_TITLE);
		for (int i = 0; i < desc[k].n && i < 4 && y < r.y + r.h; i++) {
			char dl[1200];
			snprintf(dl, sizeof dl, "%s%s", desc[k].v[i], i == 3 && desc[k].n > 4 ? "~" : "");
			draw_text(y++, r.x + 5, r.w - 6, dl, R_STATUS);
		}
		y++;
	}
	for (int k = 0; k < d->nvariants; k++)
		lines_free(&desc[k]);
	free(desc);
}

/* Draws up to MAX wrapped lines of L from line FROM, with "..." when lines
 * are skipped before; returns the rows used. */
static int draw_lines_from(const lines *l, int from, int max, int y, int x, int w)
{
	int used = 0;
	if (from > 0 && max > 1) {
		draw_text(y + used++, x, w, "...", R_STATUS);
		max--;
	}
	for (int i = from; i < l->n && i - from < max; i++)
		draw_text(y + used++, x, w, l->v[i], R_STATUS);
	return used;
}

/* Both texts, from the first line where they differ (two people usually
 * start from the same template, so the start is the same). */
static void draw_conflict(dview *dv, rect area)
{
	rect r = popup_rect(area, area.w - 6, 15);
	draw_popup_frame(r, tr(M_DOCUMENT_CONFLICT_TITLE));
	int y = r.y + 2, w = r.w - 4;
	const char *theirs = blank(dv->conflict.theirs) ? tr(M_DOCUMENT_NOT_WRITTEN)
		: dv->conflict.theirs;
	lines a = wrap(dv->mine, w - 2), b = wrap(theirs, w - 2);
	int from = 0;
	while (from < a.n && from < b.n && strcmp(a.v[from], b.v[from]) == 0)
		from++;
	if (from > 0)
		from--; /* one line of what they share, for context */
	draw_text(y++, r.x + 2, w, tr(M_DOCUMENT_CONFLICT_MINE), R_TITLE);
	y += draw_lines_from(&a, from, 4, y, r.x + 4, w - 2);
	y++;
	char th[200];
	snprintf(th, sizeof th, tr(M_DOCUMENT_CONFLICT_THEIRS), dv->conflict.who);
	draw_text(y++, r.x + 2, w, th, R_TITLE);
	draw_lines_from(&b, from, 4, y, r.x + 4, w - 2);
	lines_free(&a);
	lines_free(&b);
	draw_text(r.y + r.h - 3, r.x + 2, w, tr(M_DOCUMENT_CONFLICT_KEYS), R_EMPH);
	draw_text(r.y + r.h - 2, r.x + 2, w, tr(M_DOCUMENT_CONFLICT_NOTE), R_STATUS);
}

static void draw_discard(rect area)
{
	int w = text_width(tr(M_DOCUMENT_DISCARD_KEYS)) + 6;
	int tw = text_width(tr(M_DOCUMENT_DISCARD)) + 6;
	rect r = popup_rect(area, w > tw ? w : tw, 5);
	draw_popup_frame(r, tr(M_DOCUMENT_DISCARD));
	draw_text(r.y + 2, r.x + 2, r.w - 4, tr(M_DOCUMENT_DISCARD_KEYS), R_EMPH);
}

static void doc_draw(app *a, view *v, rect area)
{
	dview *dv = v->data;
	if (!dv->s) {
		draw_text(area.y, area.x, area.w, tr(M_DOCUMENT_NO_OWNER), R_DIM);
		return;
	}
	reset_list(dv);
	dv->area = area;
	if (dv->mode == DM_TEXT || dv->mode == DM_READ || dv->mode == DM_GUIDE
		|| dv->mode == DM_DISCARD) {
		/* the text itself is drawn last, by doc_cursor */
		draw_editor_box(dv, area);
		return;
	}
	int y = area.y;
	y += draw_info(a, dv, y, area.x, area.w);
	if (dv->act->prompt.ja)
		y += draw_wrapped(y, area.x, area.w, 2, L(&dv->act->prompt), R_EMPH, NULL);
	y++;
	int h = area.y + area.h - y;
	if (area.w >= WIDE_COLS) {
		int lw = area.w * 2 / 5;
		draw_list(dv, (rect){y, area.x, h, lw});
		draw_detail(dv, (rect){y, area.x + lw + 2, h, area.w - lw - 2});
	} else {
		int lh = dv->list.n;
		int cap = h / 2 - 1 > 5 ? h / 2 - 1 : 5;
		if (lh > cap)
			lh = cap;
		draw_list(dv, (rect){y, area.x, lh, area.w});
		y += lh;
		char rule[512];
		int rw = area.w < (int)sizeof rule - 1 ? area.w : (int)sizeof rule - 1;
		memset(rule, '-', (size_t)rw);
		rule[rw] = '\0';
		draw_text(y++, area.x, area.w, rule, R_GRID);
		draw_detail(dv, (rect){y, area.x, area.y + area.h - y, area.w});
	}
	switch (dv->mode) {
	case DM_PICK:
		draw_pick(dv, area);
		break;
	case DM_CONFLICT:
		draw_conflict(dv, area);
		break;
	default:
		break;
	}
}

static void doc_cursor(app *a, view *v)
{
	(void)a;
	dview *dv = v->data;
	if (dv->mode == DM_TEXT) {
		const char *hint = tr(M_FOOTER_TEXTEDIT);
		editor_text_fit(&dv->edt, dv->text_box, hint);
		editor_text_draw(&dv->edt, dv->text_box, R_NORMAL, hint);
	} else if (dv->mode == DM_READ || dv->mode == DM_GUIDE || dv->mode == DM_DISCARD) {
		const char *hint = tr(dv->mode == DM_DISCARD ? M_FOOTER_TEXTEDIT
			: dv->mode == DM_GUIDE ? M_DOCUMENT_FOOTER_GUIDE : M_DOCUMENT_FOOTER_READ);
		editor_text_fit(&dv->edt, dv->text_box, hint);
		editor_text_draw(&dv->edt, dv->text_box, R_NORMAL, hint);
		if (dv->mode == DM_DISCARD)
			draw_discard(dv->area);
		curs_set(0);
	}
}

/* ---- export ------------------------------------------------------------- */

static void export_file(app *a, dview *dv)
{
	buf out = {0};
	mm_error err;
	if (document_export(dv->act, a->st, dv->s, "md", &out, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	else
		ui_export(a, dv->d->activity_id, owner_sel_name(&dv->own), "md", &out);
	buf_free(&out);
}

/* ---- keys --------------------------------------------------------------- */

static bool doc_act(app *a, view *v, action act)
{
	dview *dv = v->data;
	if (!dv->s)
		return false;
	mm_error err;
	switch (act) {
	case A_UP:
	case A_DOWN:
	case A_PGUP:
	case A_PGDN:
	case A_HOME:
	case A_END:
		list_act(&dv->list, act, dv->page > 0 ? dv->page : 1);
		return true;
	case A_EDIT:
	case A_OPEN: {
		int k = section_of(dv);
		if (k >= 0 && k < variant_of(dv)->nsections)
			begin_edit(a, dv, shown_variant(dv), k, NULL);
		return true;
	}
	case A_FORM: {
		/* the section's whole guidance, to read */
		int k = section_of(dv);
		if (k < 0 || k >= variant_of(dv)->nsections)
			return true;
		dv->edit_variant = shown_variant(dv);
		dv->edit_section = k;
		edit_text_free(&dv->edt);
		edit_text_init(&dv->edt, EDIT_TEXT_MAX);
		edit_text_set(&dv->edt, L(&variant_of(dv)->sections[k].guidance));
		dv->mode = DM_GUIDE;
		return true;
	}
	case A_VARIANT:
		if (!dv->d->has_variants) {
			app_message(a, true, "%s", tr(M_DOCUMENT_NO_VARIANTS));
		} else if (!may_write(a, dv, &err)) {
			app_message(a, true, "%s", err.msg);
		} else {
			dv->pick = (list_state){dv->d->nvariants, shown_variant(dv), 0};
			dv->mode = DM_PICK;
		}
		return true;
	case A_UNDO:
	case A_REDO:
		if (sheet_undo(a->st, dv->s, &dv->hist, act == A_REDO, &err) != MM_OK)
			app_message(a, true, "%s", err.msg);
		else
			app_message(a, false, "%s", tr(act == A_REDO ? M_REDONE : M_UNDONE));
		reset_list(dv);
		return true;
	case A_NEXT_OWNER:
	case A_PREV_OWNER:
		if (owner_sel_step(&dv->own, act == A_NEXT_OWNER ? 1 : -1)) {
			open_owner(a, dv);
			if (dv->s)
				restore_draft(a, dv);
		}
		return true;
	case A_EXPORT:
		export_file(a, dv);
		return true;
	case A_LANG:
		return false;
	default:
		/* table keys that mean nothing here are not passed on */
		return action_context(act) == C_TABLE;
	}
}

static void choose_variant(app *a, dview *dv, int k)
{
	mm_error err;
	dv->mode = DM_LIST;
	if (k == document_chosen_variant(dv->d, dv->s))
		return;
	if (document_choose_variant(a->st, dv->s, dv->d, k, &dv->hist, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return;
	}
	dv->list.sel = dv->has_intro ? 1 : 0;
	dv->list.top = 0;
	reset_list(dv);
	app_message(a, false, tr(M_DOCUMENT_SWITCHED), L(&dv->d->variants[k].title));
}

static bool doc_raw(app *a, view *v, int r, wint_t ch)
{
	dview *dv = v->data;
	mm_error err;
	switch (dv->mode) {
	case DM_TEXT: {
		ed_result res = editor_text_key(&dv->edt, r, ch);
		if (res == ED_CANCEL) {
			if (strcmp(edit_text_get(&dv->edt), dv->edit_start ? dv->edit_start : "") == 0)
				end_edit(a, dv);
			else
				dv->mode = DM_DISCARD;
		} else if (res == ED_ACCEPT) {
			char *text = xstrdup(edit_text_get(&dv->edt));
			save_text(a, dv, text);
			free(text);
		} else {
			save_draft(a, dv, false);
		}
		return true;
	}
	case DM_DISCARD:
		if (r == OK && (ch == 'y' || ch == 'Y')) {
			end_edit(a, dv);
			app_message(a, false, "%s", tr(M_DOCUMENT_NOT_SAVED));
		} else if (r == OK && (ch == 0x13 || ch == 0x18)) { /* Ctrl-S, Ctrl-X */
			dv->mode = DM_TEXT;
			char *text = xstrdup(edit_text_get(&dv->edt));
			save_text(a, dv, text);
			free(text);
		} else if (r == KEY_CODE_YES && ch == KEY_F(2)) {
			dv->mode = DM_TEXT;
			char *text = xstrdup(edit_text_get(&dv->edt));
			save_text(a, dv, text);
			free(text);
		} else if (r == OK && (ch == 'n' || ch == 'N' || ch == 27)) {
			dv->mode = DM_TEXT;
		}
		return true;
	case DM_READ:
	case DM_GUIDE:
		if (r == KEY_CODE_YES) {
			switch (ch) {
			case KEY_UP: edit_text_up(&dv->edt); break;
			case KEY_DOWN: edit_text_down(&dv->edt); break;
			case KEY_PPAGE: edit_text_page_up(&dv->edt); break;
			case KEY_NPAGE: edit_text_page_down(&dv->edt); break;
			case KEY_HOME: edit_text_doc_start(&dv->edt); break;
			case KEY_END: edit_text_doc_end(&dv->edt); break;
			case KEY_LEFT: dv->mode = DM_LIST; break;
			default: break;
			}
		} else if (r == OK && (ch == '\r' || ch == '\n') && dv->mode == DM_GUIDE) {
			dv->mode = DM_LIST;
			begin_edit(a, dv, dv->edit_variant, dv->edit_section, NULL);
		} else if (r == OK && (ch == 27 || ch == 'q' || ch == 'f' || ch == '\r' || ch == '\n')) {
			dv->mode = DM_LIST;
		} else if (r == OK && ch == 'j') {
			edit_text_down(&dv->edt);
		} else if (r == OK && ch == 'k') {
			edit_text_up(&dv->edt);
		}
		return true;
	case DM_PICK: {
		action act = keymap_lookup((int)ch, r == KEY_CODE_YES, C_LIST);
		if (act == A_UP || act == A_DOWN || act == A_HOME || act == A_END || act == A_PGUP
			|| act == A_PGDN) {
			list_act(&dv->pick, act, dv->d->nvariants);
		} else if (act == A_OPEN && !(r == KEY_CODE_YES && ch == KEY_RIGHT)) {
			choose_variant(a, dv, dv->pick.sel);
		} else if (act == A_BACK || act == A_QUIT || (r == OK && ch == 'w')) {
			dv->mode = DM_LIST;
		} else if (r == OK && ch >= '1' && ch <= '9' && (int)(ch - '1') < dv->d->nvariants) {
			dv->pick.sel = (int)(ch - '1');
		}
		return true;
	}
	case DM_CONFLICT:
		if (r == OK && ch == '1') {
			mm_status rc = document_set_text(a->st, dv->s, dv->d, dv->edit_variant,
				dv->edit_section, dv->mine, dv->conflict.version, NULL, &dv->hist, &err);
			if (rc == MM_ECONFLICT) /* changed yet again: mine still wins */
				rc = document_set_text(a->st, dv->s, dv->d, dv->edit_variant,
					dv->edit_section, dv->mine, -1, NULL, &dv->hist, &err);
			if (rc != MM_OK) {
				app_message(a, true, "%s", err.msg);
				return true; /* the dialog stays, nothing is lost */
			}
			app_message(a, false, "%s", tr(M_KEPT_MINE));
			end_edit(a, dv);
		} else if (r == OK && ch == '2') {
			int row = document_row(dv->d, dv->s, dv->edit_variant, dv->edit_section);
			if (row >= 0)
				sheet_log_discarded(a->st, dv->s, dv->s->rows[row].id, DOCUMENT_COL_TEXT,
					dv->mine, &err);
			sheet_reload(a->st, dv->s, &err);
			app_message(a, false, "%s", tr(M_KEPT_THEIRS));
			end_edit(a, dv);
		} else if (r == OK && (ch == '3' || ch == 27)) {
			/* back to the editor with my text, now on top of theirs */
			sheet_reload(a->st, dv->s, &err);
			dv->edit_version = dv->conflict.version;
			dv->mode = DM_TEXT;
		} else {
			return true;
		}
		sheet_conflict_free(&dv->conflict);
		free(dv->mine);
		dv->mine = NULL;
		reset_list(dv);
		return true;
	default:
		return false;
	}
}

static msg_id doc_footer(app *a, view *v)
{
	dview *dv = v->data;
	switch (dv->mode) {
	case DM_TEXT: return M_FOOTER_TEXTEDIT;
	case DM_READ: return M_DOCUMENT_FOOTER_READ;
	case DM_GUIDE: return M_DOCUMENT_FOOTER_GUIDE;
	case DM_PICK: return M_FOOTER_PICK;
	case DM_DISCARD: return M_DOCUMENT_DISCARD_KEYS;
	case DM_CONFLICT: return M_DOCUMENT_CONFLICT_KEYS;
	default: break;
	}
	bool fac = a->role == ROLE_FACILITATOR && dv->own.n > 1;
	if (dv->d->has_variants)
		return fac ? M_DOCUMENT_FOOTER_FAC : M_DOCUMENT_FOOTER;
	return fac ? M_DOCUMENT_FOOTER_FAC_PLAIN : M_DOCUMENT_FOOTER_PLAIN;
}

static void doc_tick(app *a, view *v)
{
	save_draft(a, v->data, false);
}

static void doc_hangup(app *a, view *v)
{
	dview *dv = v->data;
	if (dv->mode == DM_TEXT || dv->mode == DM_DISCARD) {
		/* unless it is just what the editor opened with */
		if (dv->draft_at || strcmp(edit_text_get(&dv->edt),
			dv->edit_start ? dv->edit_start : "") != 0)
			save_draft(a, dv, true);
	} else if (dv->mode == DM_CONFLICT && dv->mine) {
		/* the text that did not get saved is kept too */
		char place[400];
		draft_place(dv, place, sizeof place);
		store_draft_save(a->st, place, dv->mine, -1, NULL);
	}
}

static void doc_free(view *v)
{
	dview *dv = v->data;
	sheet_free(dv->s);
	history_free(&dv->hist);
	owner_sel_free(&dv->own);
	markup_free(&dv->intro);
	edit_text_free(&dv->edt);
	free(dv->edit_start);
	free(dv->draft_text);
	sheet_conflict_free(&dv->conflict);
	free(dv->mine);
	free(dv);
	free(v);
}

static void document_reopen(app *a, view *v)
{
	open_owner(a, v->data);
}

static const action help_keys[] = {A_EDIT, A_FORM, A_VARIANT, A_UNDO, A_REDO, A_NEXT_OWNER, A_PREV_OWNER, A_EXPORT, A_NONE};

static const view_ops document_ops = {
	.name = "document",
	.draw = doc_draw,
	.act = doc_act,
	.reload = doc_reload,
	.free = doc_free,
	.title = activity_view_title,
	.footer = M_DOCUMENT_FOOTER,
	.ctx = C_TABLE,
	.help_actions = help_keys,
	.reopen = document_reopen,
	.raw = doc_raw,
	.footer_now = doc_footer,
	.cursor = doc_cursor,
	.tick = doc_tick,
	.hangup = doc_hangup,
};

view *view_document_new(app *a, const activity *act)
{
	const document_def *d = document_of(act);
	if (!d)
		return NULL;
	dview *dv = xcalloc(1, sizeof *dv);
	dv->act = act;
	dv->d = d;
	dv->has_intro = act->body.ja && *act->body.ja;
	edit_text_init(&dv->edt, EDIT_TEXT_MAX);
	owner_sel_init(a, act, &dv->own);
	open_owner(a, dv);
	if (dv->s)
		restore_draft(a, dv);
	view *v = xcalloc(1, sizeof *v);
	v->ops = &document_ops;
	v->own = &dv->own;
	v->act = act;
	v->data = dv;
	return v;
}
