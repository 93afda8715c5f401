/* sheetedit.c — the modal editing layer of every activity view: editors,
 * pickers, prompts, questions and the conflict dialog, one edit session a
 * cell, drafts kept as they are typed. See sheetedit.h. */
#include "sheetedit.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "editor.h"
#include "text.h"

#define LINE_MAX_BYTES 4096
#define TEXT_MAX_BYTES 65536
#define PICK_PAGE 8

void sedit_init(sedit *se, const sedit_ops *ops, void *ctx)
{
	*se = (sedit){.ops = ops, .ctx = ctx};
	edit_init(&se->ed, LINE_MAX_BYTES);
	edit_text_init(&se->edt, TEXT_MAX_BYTES);
}

static void drop_modal_state(sedit *se)
{
	picklist_free(&se->pick);
	sheet_conflict_free(&se->cf);
	free(se->mine);
	se->mine = NULL;
	free(se->title);
	se->title = NULL;
}

void se_target_label(se_target *t, const char *fmt, ...)
{
	buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(t->label);
	t->label = buf_steal(&b);
}

void se_target_free(se_target *t)
{
	free(t->label);
	t->label = NULL;
}

void sedit_free(sedit *se)
{
	se_target_free(&se->t);
	drop_modal_state(se);
	edit_free(&se->ed);
	edit_text_free(&se->edt);
	free(se->draft_prefix);
	buf_free(&se->draft_saved);
	*se = (sedit){0};
}

void sedit_set_draft_prefix(sedit *se, const char *prefix)
{
	free(se->draft_prefix);
	se->draft_prefix = xstrdup(prefix);
}

bool sedit_busy(const sedit *se)
{
	return se->mode != SE_NONE;
}

bool sedit_editing(const sedit *se)
{
	return se->mode == SE_LINE || se->mode == SE_TEXT || (se->mode == SE_PICK && !se->purpose)
		|| se->mode == SE_CONFLICT;
}

/* ---- drafts ------------------------------------------------------------- */

static void draft_place(const sedit *se, buf *out)
{
	buf_printf(out, "%s%s", se->draft_prefix ? se->draft_prefix : "", se->t.key);
}

static const char *typed_text(const sedit *se)
{
	if (se->mode == SE_LINE)
		return edit_get_text(&se->ed);
	if (se->mode == SE_TEXT)
		return edit_text_get(&se->edt);
	if (se->mode == SE_CONFLICT)
		return se->mine;
	if (se->mode == SE_CONFIRM && se->back == SE_LINE)
		return edit_get_text(&se->ed);
	if (se->mode == SE_CONFIRM && se->back == SE_TEXT)
		return edit_text_get(&se->edt);
	return NULL;
}

static void save_draft(app *a, sedit *se, bool force)
{
	const char *text = typed_text(se);
	if (!text || !se->draft_prefix || !se->t.key[0])
		return;
	int64_t now = store_now();
	bool same = se->drafted && strcmp(text, buf_str(&se->draft_saved)) == 0;
	if (same || (!force && now == se->draft_at))
		return;
	if (!se->drafted && !*text && !force)
		return; /* nothing typed yet */
	buf place = {0};
	draft_place(se, &place);
	if (store_draft_save(a->st, buf_str(&place), text, se->t.version, NULL) == MM_OK) {
		buf_clear(&se->draft_saved);
		buf_puts(&se->draft_saved, text);
		se->drafted = true;
	}
	/* tried this second either way: while another process holds the write
	 * lock the store keeps the text in memory, and typing is not held up by a
	 * try on every key (store_drafts_park files it at a hangup) */
	se->draft_at = now ? now : 1;
	buf_free(&place);
}

static void drop_draft(app *a, sedit *se)
{
	if (!se->drafted)
		return;
	buf place = {0};
	draft_place(se, &place);
	store_draft_drop(a->st, buf_str(&place), NULL);
	buf_free(&place);
	buf_clear(&se->draft_saved);
	se->drafted = false;
	se->draft_at = 0;
}

void sedit_tick(app *a, sedit *se)
{
	save_draft(a, se, false);
}

void sedit_hangup(app *a, sedit *se)
{
	save_draft(a, se, true);
}

bool sedit_take_draft(app *a, sedit *se, char **key, char **text, int *base)
{
	*key = *text = NULL;
	if (!se->draft_prefix)
		return false;
	char *place = NULL;
	if (store_draft_take(a->st, se->draft_prefix, &place, text, base, NULL) != MM_OK
		|| !place) {
		free(place);
		free(*text);
		*text = NULL;
		return false;
	}
	*key = xstrdup(place + strlen(se->draft_prefix));
	free(place);
	return true;
}

void sedit_restored(app *a, sedit *se, const char *text, int base)
{
	if (se->mode == SE_LINE)
		edit_set_text(&se->ed, text);
	else if (se->mode == SE_TEXT)
		edit_text_set(&se->edt, text);
	else
		return;
	if (base >= 0)
		se->t.version = base; /* a save meets what others wrote meanwhile */
	save_draft(a, se, true);
	app_message(a, false, "%s", tr(M_EDIT_DRAFT_BACK));
}

/* ---- opening and closing -------------------------------------------------- */

static void begin(sedit *se, const se_target *t, se_mode mode)
{
	drop_modal_state(se);
	if (t && (strcmp(t->key, se->t.key) != 0 || !se->drafted)) {
		buf_clear(&se->draft_saved);
		se->drafted = false;
		se->draft_at = 0;
	}
	if (t) {
		char *old = se->t.label; /* T may be a copy of se->t */
		se->t = *t;
		se->t.label = xstrdup(t->label ? t->label : "");
		free(old);
	}
	se->mode = mode;
	se->purpose = 0;
	se->multi = false;
}

void sedit_line(app *a, sedit *se, const se_target *t, const char *text)
{
	(void)a;
	begin(se, t, SE_LINE);
	edit_free(&se->ed);
	edit_init(&se->ed, LINE_MAX_BYTES);
	edit_set_text(&se->ed, text ? text : "");
}

void sedit_text(app *a, sedit *se, const se_target *t, const char *text)
{
	(void)a;
	begin(se, t, SE_TEXT);
	edit_text_free(&se->edt);
	edit_text_init(&se->edt, TEXT_MAX_BYTES);
	edit_text_set(&se->edt, text ? text : "");
}

void sedit_pick(app *a, sedit *se, const se_target *t, int purpose, picklist *p, bool multi,
	const char *title)
{
	(void)a;
	begin(se, t, SE_PICK);
	se->pick = *p;
	*p = (picklist){0};
	se->multi = multi;
	se->purpose = t ? 0 : purpose;
	se->title = xstrdup(title ? title : "");
	if (multi && !se->pick.on)
		se->pick.on = xcalloc((size_t)se->pick.n + 1, sizeof *se->pick.on);
	int sel = se->pick.list.sel;
	se->pick.list = (list_state){se->pick.n, 0, 0};
	/* never start on an empty "clear" choice: Enter Enter would erase */
	if (sel < 0 || sel >= se->pick.n || (!multi && !se->pick.values[sel][0] && se->pick.n > 1))
		sel = 0;
	se->pick.list.sel = sel;
}

void sedit_pick_column(app *a, sedit *se, const se_target *t, const column *c,
	const sheet *ref, const char *cur)
{
	picklist p = {0};
	cur = cur ? cur : "";
	bool multi = c->type == COL_FLAGS;
	if (c->type == COL_BOOL) {
		picklist_add(&p, "1", tr(M_YES));
		picklist_add(&p, "0", tr(M_NO));
	} else if (c->type == COL_REF && ref) {
		for (int k = 0; k < ref->nrows; k++) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)ref->rows[k].id);
			const char *lab = ref->rows[k].cells[ref->def->label_col].value;
			picklist_add(&p, id, lab && *lab ? lab : "-");
		}
	} else {
		for (int k = 0; k < c->noptions; k++) {
			buf lab = {0};
			const char *l = L(&c->options[k].label);
			if (c->type == COL_SCALE && strcmp(l, c->options[k].value) != 0)
				buf_printf(&lab, "%s  %s", c->options[k].value, l);
			else
				buf_puts(&lab, l);
			picklist_add(&p, c->options[k].value, buf_str(&lab));
			buf_free(&lab);
		}
	}
	if (multi) {
		p.on = xcalloc((size_t)p.n + 1, sizeof *p.on);
		char *copy = xstrdup(cur), *save = NULL;
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			for (int k = 0; k < p.n; k++)
				if (strcmp(tok, p.values[k]) == 0)
					p.on[k] = true;
		free(copy);
	} else {
		picklist_add(&p, "", tr(M_EDIT_CLEAR_CHOICE));
	}
	p.list.sel = 0;
	for (int k = 0; k < p.n && *cur && !multi; k++)
		if (strcmp(p.values[k], cur) == 0)
			p.list.sel = k;
	sedit_pick(a, se, t, 0, &p, multi, L(&c->title));
}

void sedit_prompt(sedit *se, int purpose, const char *label, const char *initial)
{
	se_target keep = se->t;
	begin(se, NULL, SE_PROMPT);
	se->t = keep;
	se->purpose = purpose;
	se->title = xstrdup(label);
	edit_free(&se->ed);
	edit_init(&se->ed, LINE_MAX_BYTES);
	edit_set_text(&se->ed, initial ? initial : "");
}

void sedit_confirm(sedit *se, int purpose, const char *question)
{
	se_mode over = se->mode == SE_LINE || se->mode == SE_TEXT ? se->mode : SE_NONE;
	begin(se, NULL, SE_CONFIRM);
	se->back = over;
	se->purpose = purpose;
	se->title = xstrdup(question);
}

void sedit_close(app *a, sedit *se)
{
	if (se->mode != SE_PROMPT && (se->mode != SE_CONFIRM || se->back != SE_NONE))
		drop_draft(a, se);
	se->back = SE_NONE;
	drop_modal_state(se);
	se->mode = SE_NONE;
	curs_set(0);
}

/* ---- saving ----------------------------------------------------------- */

/* Saves STORED into the target; on a conflict opens the dialog. */
static void commit(app *a, sedit *se, const char *stored, wint_t key)
{
	mm_error err;
	sheet_conflict cf = {0};
	mm_status rc = se->ops->save(a, se->ctx, &se->t, stored, se->t.version, &cf, &err);
	if (rc == MM_ECONFLICT) {
		save_draft(a, se, true);
		se->back = se->mode;
		char *mine = xstrdup(stored);
		drop_modal_state(se);
		se->cf = cf;
		se->mine = mine;
		se->mode = SE_CONFLICT;
		return;
	}
	if (rc != MM_OK) {
		/* the old value stays; what was typed stays open to try again */
		save_draft(a, se, true);
		app_message(a, true, "%s", err.msg);
		return;
	}
	se_target t = se->t;
	sedit_close(a, se);
	if (se->ops->after)
		se->ops->after(a, se->ctx, &t, true, key);
}

static void accept_text(app *a, sedit *se, const char *text, wint_t key)
{
	char *copy = xstrdup(text);
	if (se->ops->parse) {
		char *stored = NULL;
		mm_error err;
		if (se->ops->parse(se->ctx, &se->t, copy, &stored, &err) != MM_OK) {
			app_message(a, true, "%s", err.msg); /* keeps the old value and the text */
			free(copy);
			return;
		}
		commit(a, se, stored, key);
		free(stored);
	} else {
		commit(a, se, copy, key);
	}
	free(copy);
}

void sedit_save(app *a, sedit *se, const se_target *t, const char *stored, wint_t key)
{
	begin(se, t, SE_NONE);
	char *copy = xstrdup(stored);
	commit(a, se, copy, key);
	free(copy);
}

static void accept_pick(app *a, sedit *se)
{
	picklist *p = &se->pick;
	if (se->purpose) {
		int purpose = se->purpose, k = p->list.sel;
		picklist keep = *p;
		*p = (picklist){0};
		sedit_close(a, se);
		if (se->ops->picked && k >= 0 && k < keep.n)
			se->ops->picked(a, se->ctx, purpose, &keep, k);
		picklist_free(&keep);
		return;
	}
	buf b = {0};
	if (se->multi) {
		for (int k = 0; k < p->n; k++)
			if (p->on[k])
				buf_printf(&b, "%s%s", b.len ? "," : "", p->values[k]);
	} else if (p->n) {
		buf_puts(&b, p->values[p->list.sel]);
	}
	commit(a, se, buf_str(&b), '\r');
	buf_free(&b);
}

/* ---- keys ------------------------------------------------------------- */

/* A digit in a picker: the choice whose value is that digit (a scale's
 * level), else the Nth; one choice is saved at once, several are ticked. */
static bool pick_digit(app *a, sedit *se, wint_t ch)
{
	picklist *p = &se->pick;
	char d[2] = {(char)ch, 0};
	int k = -1;
	for (int i = 0; i < p->n && k < 0; i++)
		if (strcmp(p->values[i], d) == 0)
			k = i;
	if (k < 0 && ch >= '1' && ch <= '9' && (int)(ch - '0') <= p->n)
		k = (int)(ch - '1');
	if (k < 0 || (!se->multi && !p->values[k][0] && !se->purpose))
		return false;
	p->list.sel = k;
	if (se->multi)
		p->on[k] = !p->on[k];
	else
		accept_pick(a, se);
	return true;
}

static void conflict_key(app *a, sedit *se, int r, wint_t ch)
{
	mm_error err;
	if (r != OK)
		return;
	if (ch == '1') {
		sheet_conflict cf = {0};
		mm_status rc = se->ops->save(a, se->ctx, &se->t, se->mine, se->cf.version, &cf, &err);
		if (rc == MM_ECONFLICT) { /* changed yet again: show the newest */
			sheet_conflict_free(&se->cf);
			se->cf = cf;
			return;
		}
		if (rc != MM_OK) {
			app_message(a, true, "%s", err.msg);
			return; /* the dialog stays: nothing was saved */
		}
		app_message(a, false, "%s", tr(M_KEPT_MINE));
		se_target t = se->t;
		sedit_close(a, se);
		if (se->ops->after)
			se->ops->after(a, se->ctx, &t, true, 0);
	} else if (ch == '2') {
		if (se->ops->discard)
			se->ops->discard(a, se->ctx, &se->t, se->mine);
		app_message(a, false, "%s", tr(M_KEPT_THEIRS));
		se_target t = se->t;
		sedit_close(a, se);
		if (se->ops->after)
			se->ops->after(a, se->ctx, &t, false, 0);
	} else if (ch == 27) {
		/* back to what was being typed, now against the value seen here */
		char *mine = se->mine;
		se->mine = NULL;
		int version = se->cf.version;
		se_mode back = se->back;
		sheet_conflict_free(&se->cf);
		se->t.version = version;
		se->t.new_row = false;
		if (back == SE_TEXT) {
			se->mode = SE_TEXT;
			edit_text_set(&se->edt, mine);
		} else {
			se->mode = SE_LINE;
			edit_set_text(&se->ed, mine);
		}
		free(mine);
	}
}

/* After a key in an editor: cancelled, accepted (saved), or typing (kept as
 * a draft). */
static void editor_done(app *a, sedit *se, ed_result res, wint_t ch)
{
	if (res == ED_CANCEL) {
		se_target t = se->t;
		sedit_close(a, se);
		if (se->ops->after)
			se->ops->after(a, se->ctx, &t, false, 27);
	} else if (res == ED_ACCEPT) {
		accept_text(a, se, typed_text(se), ch);
	} else {
		save_draft(a, se, false);
	}
}

bool sedit_key(app *a, sedit *se, int r, wint_t ch)
{
	switch (se->mode) {
	case SE_NONE:
		return false;
	case SE_LINE:
		editor_done(a, se, editor_line_key(&se->ed, r, ch), ch);
		return true;
	case SE_TEXT:
		editor_done(a, se, editor_text_key(&se->edt, r, ch), ch);
		return true;
	case SE_PROMPT: {
		ed_result res = editor_line_key(&se->ed, r, ch);
		int purpose = se->purpose;
		if (res == ED_CANCEL) {
			sedit_close(a, se);
		} else if (res == ED_ACCEPT) {
			char *text = xstrdup(edit_get_text(&se->ed));
			sedit_close(a, se);
			if (se->ops->prompted)
				se->ops->prompted(a, se->ctx, purpose, text, true);
			free(text);
		} else if (se->ops->prompted) {
			se->ops->prompted(a, se->ctx, purpose, edit_get_text(&se->ed), false);
		}
		return true;
	}
	case SE_PICK: {
		if (r == OK && ch == ' ' && se->multi) {
			se->pick.on[se->pick.list.sel] = !se->pick.on[se->pick.list.sel];
			return true;
		}
		if (r == OK && ch >= '0' && ch <= '9' && pick_digit(a, se, ch))
			return true;
		action act = keymap_lookup((int)ch, r == KEY_CODE_YES, C_LIST);
		if (r == OK && ch == ' ')
			act = A_NONE; /* Space never pages in a picker */
		if (list_act(&se->pick.list, act, PICK_PAGE))
			return true;
		if (act == A_OPEN && !(r == KEY_CODE_YES && ch == KEY_RIGHT)) {
			accept_pick(a, se);
		} else if (act == A_BACK || act == A_QUIT) {
			se_target t = se->t;
			bool cell = !se->purpose;
			sedit_close(a, se);
			if (cell && se->ops->after)
				se->ops->after(a, se->ctx, &t, false, 27);
		}
		return true;
	}
	case SE_CONFIRM: {
		int purpose = se->purpose;
		if (r == OK && (ch == 'y' || ch == 'Y')) {
			sedit_close(a, se);
			if (se->ops->confirmed)
				se->ops->confirmed(a, se->ctx, purpose);
		} else if (r == OK && (ch == 'n' || ch == 'N' || ch == 27 || ch == 'q')) {
			if (se->back == SE_NONE) {
				sedit_close(a, se);
			} else { /* back to the editor it was asked over */
				se->mode = se->back;
				se->back = SE_NONE;
			}
		}
		return true;
	}
	case SE_CONFLICT:
		conflict_key(a, se, r, ch);
		return true;
	}
	return false;
}

/* ---- drawing ---------------------------------------------------------- */

void who_label(const char *who, buf *out)
{
	if (!who || !*who)
		buf_puts(out, "-");
	else if (strncmp(who, "group:", 6) == 0)
		buf_printf(out, tr(M_ROLE_GROUP), who + 6);
	else if (strcmp(who, "facilitator") == 0)
		buf_puts(out, tr(M_ROLE_FACILITATOR));
	else if (strcmp(who, "presenter") == 0)
		buf_puts(out, tr(M_ROLE_PRESENTER));
	else
		buf_puts(out, who);
}

static void shown(const sedit *se, const char *stored, buf *out)
{
	if (se->ops->show)
		se->ops->show(se->ctx, &se->t, stored, out);
	else
		buf_puts(out, stored);
	for (char *p = out->s; p && *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
}

static void draw_pick(sedit *se, rect area)
{
	picklist *p = &se->pick;
	int w = 24;
	for (int k = 0; k < p->n; k++) {
		int lw = text_width(p->labels[k]) + 10;
		if (lw > w)
			w = lw;
	}
	if (se->title && text_width(se->title) + 4 > w)
		w = text_width(se->title) + 4;
	rect r = popup_rect(area, w, p->n + 2);
	draw_popup_frame(r, se->title ? se->title : "");
	int page = r.h - 2;
	list_scroll(&p->list, page);
	for (int k = p->list.top, y = r.y + 1; k < p->n && y < r.y + r.h - 1; k++, y++) {
		buf line = {0};
		if (se->multi)
			buf_printf(&line, " [%s] %s", p->on[k] ? "x" : " ", p->labels[k]);
		else
			buf_printf(&line, " %s", p->labels[k]);
		draw_text(y, r.x + 1, r.w - 2, buf_str(&line), k == p->list.sel ? R_SELECTED : R_NORMAL);
		buf_free(&line);
	}
}

static void draw_conflict(sedit *se, rect area)
{
	rect r = popup_rect(area, area.w - 8, 11);
	draw_popup_frame(r, tr(M_CONFLICT_TITLE));
	buf mine = {0}, theirs = {0}, line = {0};
	shown(se, se->mine, &mine);
	shown(se, se->cf.theirs ? se->cf.theirs : "", &theirs);
	if (se->t.label && se->t.label[0])
		draw_text(r.y + 1, r.x + 2, r.w - 4, se->t.label, R_HEADING);
	buf_printf(&line, "%s: %s", tr(M_CONFLICT_MINE), buf_str(&mine));
	draw_text(r.y + 3, r.x + 2, r.w - 4, buf_str(&line), R_NORMAL);
	buf who = {0};
	who_label(se->cf.who, &who);
	buf_clear(&line);
	buf_printf(&line, tr(M_CONFLICT_THEIRS), buf_str(&who));
	buf_printf(&line, ": %s", buf_str(&theirs));
	buf_free(&who);
	draw_text(r.y + 5, r.x + 2, r.w - 4, buf_str(&line), R_NORMAL);
	draw_text(r.y + 7, r.x + 2, r.w - 4, tr(M_CONFLICT_KEYS), R_EMPH);
	draw_text(r.y + 8, r.x + 2, r.w - 4, tr(M_CONFLICT_NOTE), R_DIM);
	buf_free(&mine);
	buf_free(&theirs);
	buf_free(&line);
}

void sedit_draw(app *a, sedit *se, rect area)
{
	se->area = area;
	se->line_w = 0;
	switch (se->mode) {
	case SE_PICK:
		draw_pick(se, area);
		break;
	case SE_CONFLICT:
		draw_conflict(se, area);
		break;
	case SE_TEXT: {
		if (se->ops->text_at && se->ops->text_at(a, se->ctx, &se->t, &se->text_box))
			break;
		rect r = popup_rect(area, area.w - 4, area.h - 2);
		draw_popup_frame(r, se->t.label ? se->t.label : "");
		se->text_box = (rect){r.y + 1, r.x + 1, r.h - 2, r.w - 2};
		break;
	}
	case SE_LINE: {
		int y, x, w;
		if (se->ops->line_at && se->ops->line_at(a, se->ctx, &se->t, &y, &x, &w)) {
			se->line_y = y, se->line_x = x, se->line_w = w;
			/* the rest of the row is cleared: a field that ended inside a
			 * double-width character of the cell beside it would leave
			 * half of it on the terminal after editing */
			draw_text(y, x, area.x + area.w - x, "", R_NORMAL);
			break;
		}
		/* the bottom line: the label, then the field */
		y = area.y + area.h - 1;
		buf label = {0};
		buf_printf(&label, "%s: ", se->t.label ? se->t.label : "");
		int lw = draw_text_at(y, area.x, area.w / 2, buf_str(&label), R_EMPH);
		buf_free(&label);
		se->line_y = y, se->line_x = area.x + lw, se->line_w = area.w - lw;
		draw_text(y, se->line_x, se->line_w, "", R_NORMAL);
		break;
	}
	case SE_PROMPT:
	case SE_CONFIRM: {
		int y = area.y + area.h - 1;
		draw_text(y, area.x, area.w, "", R_NORMAL);
		int lw = draw_text_at(y, area.x, area.w, se->title ? se->title : "", R_EMPH);
		se->line_y = y, se->line_x = area.x + lw, se->line_w = area.w - lw;
		break;
	}
	case SE_NONE:
		break;
	}
}

void sedit_cursor(app *a, sedit *se)
{
	(void)a;
	if ((se->mode == SE_LINE || se->mode == SE_PROMPT) && se->line_w > 0) {
		editor_line_fit(&se->ed, se->line_w);
		editor_line_draw(&se->ed, se->line_y, se->line_x, se->line_w, R_SELECTED);
	} else if (se->mode == SE_TEXT) {
		const char *hint = tr(M_FOOTER_TEXTEDIT);
		editor_text_fit(&se->edt, se->text_box, hint);
		editor_text_draw(&se->edt, se->text_box, R_NORMAL, hint);
	}
}

msg_id sedit_footer(const sedit *se)
{
	switch (se->mode) {
	case SE_LINE: return M_FOOTER_EDIT;
	case SE_TEXT: return M_FOOTER_TEXTEDIT;
	case SE_PICK: return se->multi ? M_FOOTER_FLAGS : M_FOOTER_PICK;
	case SE_PROMPT: return M_FOOTER_PROMPT;
	case SE_CONFIRM: return M_FOOTER_CONFIRM;
	case SE_CONFLICT: return M_FOOTER_CONFLICT;
	default: return (msg_id)0;
	}
}
