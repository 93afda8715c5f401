/* view_document.c — a document written section by section: the sections of
 * the chosen variant with a completeness mark (a word, never colour alone)
 * and the progress; the selected section's guidance and the start of its
 * text; Enter writes it in a large multi-line editor with the guidance
 * above; w chooses the variant; the facilitator's Tab steps through the
 * groups. Drafts are kept while typing, two terminals saving the same
 * section get the conflict dialog, and undo is the sheet's, all through the
 * editing layer (sheetedit.c). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "drill.h"
#include "document.h"
#include "editor.h"
#include "sheet.h"
#include "sheetedit.h"
#include "text.h"
#include "visits.h"
#include "ui.h"
#include "vstate.h"

#define WIDE_COLS 110 /* from this width the guidance sits beside the list */
#define MARK_W 4

/* The list, or a section's text or whole guidance to read. */
typedef enum dmode { DM_LIST, DM_READ, DM_GUIDE } dmode;

enum { P_VARIANT = 1, Q_DISCARD };

typedef struct dview {
	const activity *act;
	const document_def *d;
	owner_sel own;
	sheet *s;
	sheet_history *hist; /* the app's, for this document */
	dmode mode;
	bool has_intro;  /* the activity's body is the first entry */
	list_state list; /* entries: the intro (if any), then the sections */
	int page;
	mdoc intro;
	int intro_w;
	lang intro_lang;
	/* the section written, read or whose guidance is shown */
	int var, sec;
	int scroll;       /* the reader's first line */
	sedit se;         /* its target: row = variant, col = section */
	char *start;      /* the text the editor opened with */
	rect text_box;
	int guide_rows, guide_h, guide_w; /* the editor's guidance rows, for a box size */
	buf timeline;     /* the group's drill timeline beside a section that shows one */
	int reader_n, reader_h; /* the reader's lines and rows, as last drawn */
	/* the projector: the facilitator's reader position, mapped to this
	 * width when drawing */
	bool mirrored;
	int m_scroll, m_n, m_end;
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
	sedit_close(a, &dv->se);
	dv->mode = DM_LIST;
	if (!dv->own.n) {
		app_message(a, true, "%s", tr(M_DOCUMENT_NO_OWNER));
		return;
	}
	mm_error err;
	int64_t owner = owner_sel_id(&dv->own);
	dv->hist = app_history(a, dv->d->activity_id, (int)dv->own.okind, owner);
	char prefix[200];
	snprintf(prefix, sizeof prefix, "document:%s:%d:%lld:", dv->d->activity_id,
		(int)dv->own.okind, (long long)owner);
	sedit_set_draft_prefix(&dv->se, prefix);
	if (sheet_open(a->st, dv->d->table, dv->own.okind, owner, &dv->s, &err) != MM_OK) {
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

/* ---- editing ------------------------------------------------------------ */

static bool in_editor(const dview *dv)
{
	return dv->se.mode == SE_TEXT || (dv->se.mode == SE_CONFIRM && dv->se.back == SE_TEXT);
}

/* Opens the editor on section SEC of variant VAR: its stored text, or where
 * an empty section starts from. Without the right to write, the reader. */
static void begin_edit(app *a, dview *dv, int var, int sec)
{
	mm_error err;
	const doc_section *section = &dv->d->variants[var].sections[sec];
	const char *text = document_text(dv->d, dv->s, var, sec);
	dv->var = var;
	dv->sec = sec;
	dv->guide_h = 0;
	if (!may_write(a, dv, &err)) {
		dv->mode = DM_READ; /* read it in full instead */
		dv->scroll = 0;
		app_message(a, true, "%s", err.msg);
		return;
	}
	buf known = {0};
	if (blank(text)) {
		/* what the group wrote for the same section in another variant,
		 * else the starter text (with what mamori knows of the company's
		 * visits filled in, for the next-year plan) */
		text = L(&section->starter);
		if (dv->own.okind == OWNER_COMPANY && visits_starter(a->st, a->sc, dv->act->id,
			section->id, owner_sel_id(&dv->own), &known))
			text = buf_str(&known);
		for (int k = 0; k < dv->d->nvariants; k++) {
			const doc_variant *ov = &dv->d->variants[k];
			for (int j = 0; j < ov->nsections && k != var; j++)
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
	se_target t = {.row = var, .col = sec, .version = document_version(dv->d, dv->s, var, sec)};
	document_section_key(dv->d, var, sec, t.key, sizeof t.key);
	se_target_label(&t, "%d. %s", sec + 1, L(&section->title));
	sedit_text(a, &dv->se, &t, text);
	se_target_free(&t);
	buf_free(&known);
	edit_text_doc_end(&dv->se.edt);
	/* an untouched starter counts as unchanged: Esc leaves without asking */
	free(dv->start);
	dv->start = xstrdup(edit_text_get(&dv->se.edt));
}

static void restore_draft(app *a, dview *dv)
{
	char *key = NULL, *text = NULL;
	int base = -1;
	if (!sedit_take_draft(a, &dv->se, &key, &text, &base))
		return;
	for (int v = 0; v < dv->d->nvariants; v++)
		for (int k = 0; k < dv->d->variants[v].nsections; k++) {
			char want[160];
			document_section_key(dv->d, v, k, want, sizeof want);
			if (strcmp(want, key) != 0)
				continue;
			if (v == shown_variant(dv))
				dv->list.sel = k + (dv->has_intro ? 1 : 0);
			begin_edit(a, dv, v, k);
			free(dv->start); /* what was typed is not what is saved */
			dv->start = xstrdup(document_text(dv->d, dv->s, v, k));
			sedit_restored(a, &dv->se, text, base);
			v = dv->d->nvariants;
			break;
		}
	free(key);
	free(text);
}

/* ---- the callbacks of the editing layer ---------------------------------- */

static mm_status ed_save(app *a, void *ctx, se_target *t, const char *stored, int expected,
	sheet_conflict *cf, mm_error *err)
{
	dview *dv = ctx;
	return document_set_text(a->st, dv->s, dv->d, (int)t->row, t->col, stored, expected, cf,
		dv->hist, err);
}

static void ed_discard(app *a, void *ctx, const se_target *t, const char *stored)
{
	dview *dv = ctx;
	mm_error err;
	int row = document_row(dv->d, dv->s, (int)t->row, t->col);
	if (row >= 0)
		sheet_log_discarded(a->st, dv->s, dv->s->rows[row].id, DOCUMENT_COL_TEXT, stored, &err);
	sheet_reload(a->st, dv->s, &err);
}

/* A text in the dialog from the first line where the two differ (two people
 * usually start from the same template, so the start is the same). */
static void ed_show(void *ctx, const se_target *t, const char *stored, buf *out)
{
	(void)t;
	dview *dv = ctx;
	if (blank(stored)) {
		buf_puts(out, tr(M_DOCUMENT_NOT_WRITTEN));
		return;
	}
	const char *x = dv->se.mine ? dv->se.mine : "", *y = dv->se.cf.theirs ? dv->se.cf.theirs : "";
	size_t from = 0;
	for (size_t k = 0; x[k] && x[k] == y[k]; k++)
		if (x[k] == '\n')
			from = k + 1;
	if (strncmp(stored, x, from) != 0)
		from = 0;
	buf_printf(out, "%s%s", from ? "... " : "", stored + from);
}

static void ed_after(app *a, void *ctx, const se_target *t, bool saved, wint_t key)
{
	(void)t;
	dview *dv = ctx;
	reset_list(dv);
	doc_progress p = document_progress(dv->d, dv->s);
	if (saved && key)
		app_message(a, false, tr(M_DOCUMENT_SAVED), p.done, p.total);
}

static void choose_variant(app *a, dview *dv, int k)
{
	mm_error err;
	if (k == document_chosen_variant(dv->d, dv->s))
		return;
	if (document_choose_variant(a->st, dv->s, dv->d, k, dv->hist, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return;
	}
	dv->list.sel = dv->has_intro ? 1 : 0;
	dv->list.top = 0;
	reset_list(dv);
	app_message(a, false, tr(M_DOCUMENT_SWITCHED), L(&dv->d->variants[k].title));
}

static void ed_picked(app *a, void *ctx, int purpose, const picklist *p, int k)
{
	(void)p;
	if (purpose == P_VARIANT)
		choose_variant(a, ctx, k);
}

static void ed_confirmed(app *a, void *ctx, int purpose)
{
	(void)ctx;
	if (purpose == Q_DISCARD)
		app_message(a, false, "%s", tr(M_DOCUMENT_NOT_SAVED));
}

static bool ed_text_at(app *a, void *ctx, const se_target *t, rect *box)
{
	(void)a, (void)t;
	*box = ((dview *)ctx)->text_box;
	return true;
}

static const sedit_ops document_edit_ops = {
	.save = ed_save,
	.discard = ed_discard,
	.show = ed_show,
	.after = ed_after,
	.picked = ed_picked,
	.confirmed = ed_confirmed,
	.text_at = ed_text_at,
};

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
	buf_clear(&b);
	buf_printf(&b, tr(M_DOCUMENT_VARIANT_IS), L(&variant_of(dv)->title));
	int used = draw_text_at(y + 1, x, w, buf_str(&b), R_TITLE);
	buf_free(&b);
	if (document_chosen_variant(dv->d, dv->s) < 0)
		draw_text(y + 1, x + used, w - used, tr(app_on_projector(a)
			? M_PRESENT_DOC_NOT_CHOSEN : M_DOCUMENT_CHOOSE_HINT), R_BAND_YELLOW);
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
	buf line = {0};
	buf_printf(&line, "%2d. %s%s", k + 1, L(&sec->title),
		sec->required ? "" : tr(M_DOCUMENT_OPTIONAL));
	draw_text(y, x + MARK_W + 1, w - MARK_W - 1, buf_str(&line), sel ? R_SELECTED : R_NORMAL);
	buf_free(&line);
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
static void draw_detail(app *a, dview *dv, rect r)
{
	bool proj = app_on_projector(a);
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
	buf head = {0};
	buf_printf(&head, "%d. %s%s", k + 1, L(&sec->title),
		sec->required ? "" : tr(M_DOCUMENT_OPTIONAL));
	draw_text(y++, r.x, r.w, buf_str(&head), R_HEADING);
	buf_free(&head);
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
			draw_text(y, r.x + 2, r.w - 2, tr(proj ? M_PRESENT_GUIDE_MORE
				: M_DOCUMENT_GUIDE_MORE), R_DIM);
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
		draw_text(y, r.x + lw, r.w - lw, tr(proj ? M_PRESENT_DOC_EMPTY
			: sec->starter.ja ? M_DOCUMENT_EMPTY_STARTER : M_DOCUMENT_EMPTY), R_DIM);
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
		snprintf(more, sizeof more, tr(proj ? M_PRESENT_DOC_MORE : M_DOCUMENT_MORE_LINES),
			body.n - show);
		draw_text(y + show, r.x + 2, r.w - 2, more, R_DIM);
	}
	lines_free(&body);
}

/* The text of the reader: the section's, or its whole guidance (and the
 * drill's timeline when the screen has no room for it beside). */
static const char *reader_text(dview *dv)
{
	const char *stored = document_text(dv->d, dv->s, dv->var, dv->sec);
	if (dv->mode == DM_GUIDE && dv->timeline.len) {
		static buf both;
		buf_clear(&both);
		buf_printf(&both, "%s\n\n%s", L(&dv->d->variants[dv->var].sections[dv->sec].guidance),
			buf_str(&dv->timeline));
		return buf_str(&both);
	}
	if (dv->mode == DM_GUIDE)
		return L(&dv->d->variants[dv->var].sections[dv->sec].guidance);
	return blank(stored) ? tr(M_DOCUMENT_NOT_WRITTEN) : stored;
}

/* The editor (or the reader): a large box, the guidance above the text. */
static void draw_editor_box(dview *dv, rect area)
{
	rect r = area; /* the whole screen: nothing of the list shows at its edges */
	const doc_section *sec = &dv->d->variants[dv->var].sections[dv->sec];
	buf title = {0};
	if (dv->d->has_variants)
		buf_printf(&title, "%d. %s  [%s]", dv->sec + 1, L(&sec->title),
			L(&dv->d->variants[dv->var].title));
	else
		buf_printf(&title, "%d. %s", dv->sec + 1, L(&sec->title));
	if (dv->mode == DM_GUIDE)
		buf_printf(&title, "  -  %s", tr(M_DOCUMENT_GUIDANCE));
	draw_popup_frame(r, buf_str(&title));
	buf_free(&title);
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
		lines rl = dv->mode == DM_READ ? wrap(reader_text(dv), r.w - 3) : (lines){0};
		int text_need = 4 + (dv->mode == DM_READ ? rl.n
			: (int)edit_text_wrap(&dv->se.edt, r.w - 3, &rows));
		lines_free(&rl);
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
		buf line = {0};
		buf_puts(&line, ls.v[i]);
		if (i == show - 1 && show < need)
			buf_putc(&line, '~');
		draw_text(y + i, r.x + 2, r.w - 4, buf_str(&line), R_STATUS);
		buf_free(&line);
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


static void draw_reader(dview *dv)
{
	rect r = dv->text_box;
	lines ls = wrap(reader_text(dv), r.w - 1);
	if (dv->mirrored) /* the same place of the text, at this width */
		dv->scroll = dv->m_end ? ls.n
			: dv->m_n > 0 ? (int)((long long)dv->m_scroll * ls.n / dv->m_n) : 0;
	dv->reader_n = ls.n;
	dv->reader_h = r.h;
	if (dv->scroll > ls.n - r.h)
		dv->scroll = ls.n - r.h;
	if (dv->scroll < 0)
		dv->scroll = 0;
	for (int k = 0; k < r.h && dv->scroll + k < ls.n; k++)
		draw_text(r.y + k, r.x, r.w, ls.v[dv->scroll + k], R_NORMAL);
	lines_free(&ls);
}

/* The group's timeline of the drill the section shows, if it shows one:
 * what arrived when, and what the group decided (session 9 asks for the
 * exact sequence of events). */
static void load_timeline(app *a, dview *dv)
{
	buf_clear(&dv->timeline);
	const doc_section *sec = &dv->d->variants[dv->var].sections[dv->sec];
	const activity *drill = sec->drill ? scenario_find_activity(a->sc, sec->drill) : NULL;
	int64_t owner = owner_sel_id(&dv->own);
	int64_t group = dv->own.okind == OWNER_GROUP ? owner : dv->own.okind == OWNER_COMPANY
		? store_company_group(a->st, owner) : 0;
	if (!drill || group <= 0)
		return;
	buf md = {0};
	mm_error err;
	if (drill_timeline(a->st, drill, group, &md, &err) == MM_OK) {
		buf_printf(&dv->timeline, "**%s**\n\n", tr(M_DOCUMENT_DRILL_TIMELINE));
		buf_puts(&dv->timeline, buf_str(&md));
	}
	buf_free(&md);
}

static void draw_timeline(dview *dv, rect r)
{
	draw_fill(r, R_NORMAL);
	mdoc doc;
	markup_layout(buf_str(&dv->timeline), r.w - 2, &doc);
	for (int k = 0; k < doc.n && k < r.h; k++)
		markup_draw_line(&doc.lines[k], r.y + k, r.x + 1, r.w - 2);
	markup_free(&doc);
}

static void doc_draw(app *a, view *v, rect area)
{
	dview *dv = v->data;
	if (!dv->s) {
		draw_text(area.y, area.x, area.w, tr(M_DOCUMENT_NO_OWNER), R_DIM);
		return;
	}
	reset_list(dv);
	if (dv->mode != DM_LIST || in_editor(dv)) {
		load_timeline(a, dv);
		if (dv->timeline.len && area.w >= WIDE_COLS) {
			/* the timeline beside the box, the box a little narrower */
			int tw = area.w * 2 / 5 > 48 ? 48 : area.w * 2 / 5;
			draw_timeline(dv, (rect){area.y, area.x + area.w - tw, area.h, tw});
			area.w -= tw + 1;
		}
		/* the text being written is drawn last, by doc_cursor */
		draw_editor_box(dv, area);
		if (dv->mode != DM_LIST)
			draw_reader(dv);
		sedit_draw(a, &dv->se, area);
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
		draw_detail(a, dv, (rect){y, area.x + lw + 2, h, area.w - lw - 2});
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
		draw_detail(a, dv, (rect){y, area.x, area.y + area.h - y, area.w});
	}
	sedit_draw(a, &dv->se, area);
}

static void doc_cursor(app *a, view *v)
{
	dview *dv = v->data;
	sedit_cursor(a, &dv->se);
	if (dv->se.mode == SE_CONFIRM && dv->se.back == SE_TEXT) {
		/* the question over the editor: the text stays in view above it */
		rect box = dv->text_box;
		box.h--;
		editor_text_fit(&dv->se.edt, box, NULL);
		editor_text_draw(&dv->se.edt, box, R_NORMAL, NULL);
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
			begin_edit(a, dv, shown_variant(dv), k);
		return true;
	}
	case A_FORM: {
		/* the section's whole guidance, to read */
		int k = section_of(dv);
		if (k < 0 || k >= variant_of(dv)->nsections)
			return true;
		dv->var = shown_variant(dv);
		dv->sec = k;
		dv->scroll = 0;
		dv->mode = DM_GUIDE;
		return true;
	}
	case A_VARIANT:
		if (!dv->d->has_variants) {
			app_message(a, true, "%s", tr(M_DOCUMENT_NO_VARIANTS));
		} else if (!may_write(a, dv, &err)) {
			app_message(a, true, "%s", err.msg);
		} else {
			picklist p = {0};
			int chosen = document_chosen_variant(dv->d, dv->s);
			for (int k = 0; k < dv->d->nvariants; k++) {
				/* the title, then as much of the description as fits */
				const doc_variant *var = &dv->d->variants[k];
				char value[16];
				buf label = {0};
				snprintf(value, sizeof value, "%d", k + 1);
				buf_printf(&label, "%d. %s%s  %s", k + 1, L(&var->title),
					k == chosen ? tr(M_DOCUMENT_PICK_CURRENT) : "", L(&var->description));
				for (char *c = label.s; *c; c++)
					*c = *c == '\n' ? ' ' : *c;
				picklist_add(&p, value, buf_str(&label));
				buf_free(&label);
			}
			p.list.sel = shown_variant(dv);
			sedit_pick(a, &dv->se, NULL, P_VARIANT, &p, false, tr(M_DOCUMENT_PICK_TITLE));
		}
		return true;
	case A_UNDO:
	case A_REDO:
		if (sheet_undo(a->st, dv->s, dv->hist, act == A_REDO, &err) != MM_OK)
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

/* Keys of the editing layer, and of the reader. */
static bool doc_raw(app *a, view *v, int r, wint_t ch)
{
	dview *dv = v->data;
	if (dv->se.mode == SE_TEXT && r == OK && (ch == 27 || ch == 7 || ch == 3)
		&& strcmp(edit_text_get(&dv->se.edt), dv->start ? dv->start : "") != 0) {
		sedit_confirm(&dv->se, Q_DISCARD, tr(M_DOCUMENT_DISCARD));
		return true;
	}
	if (sedit_key(a, &dv->se, r, ch))
		return true;
	if (dv->mode == DM_LIST)
		return false;
	action act = keymap_lookup((int)ch, r == KEY_CODE_YES, C_LIST);
	int page = dv->text_box.h > 1 ? dv->text_box.h - 1 : 1;
	if (r == OK && (ch == '\r' || ch == '\n') && dv->mode == DM_GUIDE) {
		dv->mode = DM_LIST;
		begin_edit(a, dv, dv->var, dv->sec);
	} else if (act == A_UP || (r == OK && ch == 'k')) {
		dv->scroll--;
	} else if (act == A_DOWN || (r == OK && ch == 'j')) {
		dv->scroll++;
	} else if (act == A_PGUP || act == A_PGDN) {
		dv->scroll += act == A_PGUP ? -page : page;
	} else if (act == A_HOME || act == A_END) {
		dv->scroll = act == A_HOME ? 0 : 1 << 20;
	} else if ((r == KEY_CODE_YES && ch == KEY_LEFT)
		|| (r == OK && (ch == 27 || ch == 'q' || ch == 'f' || ch == '\r' || ch == '\n'))) {
		dv->mode = DM_LIST;
	}
	return true;
}

static msg_id doc_footer(app *a, view *v)
{
	dview *dv = v->data;
	msg_id m = sedit_footer(&dv->se);
	if (m)
		return m;
	if (dv->mode != DM_LIST)
		return dv->mode == DM_GUIDE ? M_DOCUMENT_FOOTER_GUIDE : M_DOCUMENT_FOOTER_READ;
	(void)a;
	return 0; /* made from the key table */
}

static bool doc_modal(view *v)
{
	dview *dv = v->data;
	return sedit_busy(&dv->se);
}

static void doc_tick(app *a, view *v)
{
	dview *dv = v->data;
	sedit_tick(a, &dv->se);
}

static void doc_hangup(app *a, view *v)
{
	dview *dv = v->data;
	sedit_hangup(a, &dv->se);
}

static void doc_free(view *v)
{
	dview *dv = v->data;
	sheet_free(dv->s);
	owner_sel_free(&dv->own);
	markup_free(&dv->intro);
	sedit_free(&dv->se);
	buf_free(&dv->timeline);
	free(dv->start);
	free(dv);
	free(v);
}

/* The facilitator's place: the list's selection, or the section open in the
 * reader (or the editor: the projector reads the section's saved text). */
static void doc_publish(app *a, view *v, buf *out)
{
	(void)a;
	dview *dv = v->data;
	if (!dv->s)
		return;
	bool editing = in_editor(dv);
	int mode = editing ? DM_READ : (int)dv->mode;
	vstate_int(out, "mode", mode);
	vstate_int(out, "sel", dv->list.sel);
	vstate_int(out, "var", dv->var);
	vstate_int(out, "sec", dv->sec);
	vstate_int(out, "scroll", editing ? 0 : dv->scroll);
	vstate_int(out, "lines", editing ? 0 : dv->reader_n);
	vstate_int(out, "end", !editing && dv->mode != DM_LIST && dv->scroll > 0
		&& dv->scroll + dv->reader_h >= dv->reader_n);
}

static void doc_mirror(app *a, view *v, const char *st)
{
	(void)a;
	dview *dv = v->data;
	if (!dv->s)
		return;
	reset_list(dv);
	int sel = (int)vstate_get_int(st, "sel", 0);
	if (sel >= 0 && sel < dv->list.n)
		dv->list.sel = sel;
	int var = (int)vstate_get_int(st, "var", 0), sec = (int)vstate_get_int(st, "sec", 0);
	int mode = (int)vstate_get_int(st, "mode", DM_LIST);
	if (mode != DM_LIST && var >= 0 && var < dv->d->nvariants && sec >= 0
		&& sec < dv->d->variants[var].nsections) {
		dv->var = var;
		dv->sec = sec;
		dv->mode = mode == DM_GUIDE ? DM_GUIDE : DM_READ;
	} else {
		dv->mode = DM_LIST;
	}
	dv->mirrored = true;
	dv->m_scroll = (int)vstate_get_int(st, "scroll", 0);
	dv->m_n = (int)vstate_get_int(st, "lines", 0);
	dv->m_end = (int)vstate_get_int(st, "end", 0);
	dv->guide_h = 0; /* the box is laid out again for this section */
}

static void document_reopen(app *a, view *v)
{
	open_owner(a, v->data);
}

static const view_key document_keys[] = {
	{A_EDIT, M_DOC_KEY_WRITE, M_DOC_BRIEF_WRITE, KEYS_WRITERS, NULL},
	{A_FORM, M_DOC_KEY_GUIDE, M_DOC_BRIEF_GUIDE, 0, NULL},
	{A_VARIANT, 0, M_DOC_BRIEF_VARIANT, KEYS_WRITERS, NULL},
	{A_UNDO, 0, M_BRIEF_UNDO, KEYS_WRITERS, NULL},
	{A_REDO, 0, 0, KEYS_WRITERS, NULL},
	{A_NEXT_OWNER, 0, M_BRIEF_NEXT_OWNER, 0, NULL},
	{A_PREV_OWNER, 0, 0, 0, NULL},
	{A_EXPORT, 0, M_BRIEF_EXPORT, 0, NULL},
	VIEW_KEYS_END,
};

static bool document_key_works(const view *v, action act)
{
	const dview *dv = v->data;
	switch (act) {
	case A_VARIANT: return dv->d->has_variants;
	default: return true;
	}
}


static const view_ops document_ops = {
	.name = "document",
	.draw = doc_draw,
	.act = doc_act,
	.reload = doc_reload,
	.free = doc_free,
	.title = activity_view_title,
	.footer = M_DOCUMENT_FOOTER,
	.ctx = C_TABLE,
	.keys = document_keys,
	.key_works = document_key_works,
	.reopen = document_reopen,
	.raw = doc_raw,
	.footer_now = doc_footer,
	.cursor = doc_cursor,
	.tick = doc_tick,
	.hangup = doc_hangup,
	.modal = doc_modal,
	.publish = doc_publish,
	.mirror = doc_mirror,
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
	sedit_init(&dv->se, &document_edit_ops, dv);
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
