/* view_board.c — a board: lanes of sticky notes side by side, dot votes for
 * the person chosen with W, notes addressed to another group's company, and
 * beside the board the suggestions other groups addressed to this group's
 * companies, refreshed as soon as another terminal writes one. Notes are
 * typed, pickers chosen from and conflicts settled on the editing layer
 * (sheetedit.c). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "buf.h"
#include "sheet.h"
#include "sheetedit.h"
#include "text.h"
#include "ui.h"
#include "vstate.h"

#define SIDE_MIN_W 110  /* from this width the inbox sits right of the lanes */
#define SIDE_W 36
#define LANE_MIN_W 24   /* narrow screens: 3 lanes at 80 columns */
#define LANE_MIN_W_WIDE 18

enum { P_LANE = 1, P_COMPANY, P_PERSON };

typedef struct bview {
	const activity *act;
	const board_def *def;
	owner_sel own;
	sheet *s;
	sheet_history *hist; /* the app's, for this board */
	/* the notes of each lane, as row indices, and the cursor in each */
	int **notes;
	int *nnotes;
	int *sel, *top;
	int64_t *sel_row;
	int lane;  /* current lane; def->nlanes is the inbox panel */
	int left;  /* first lane shown */
	bool by_votes;
	/* who writes and votes, and the group's people */
	int64_t person;
	owner_info *people;
	int npeople;
	/* suggestions from other groups */
	board_inbox_item *inbox;
	int ninbox;
	list_state ibox;
	sedit se; /* a note's text: row = the note (0: new), col = its lane */
	int edit_y, edit_x, edit_w;
	action after_pick; /* A_VOTE or A_UNVOTE waiting for a person */
	int page;
} bview;

/* The person chosen with W, per group, for as long as this terminal runs. */
static struct {
	int64_t group, person;
} remembered[64];
static int nremembered;

static int64_t remembered_person(int64_t group)
{
	for (int k = 0; k < nremembered; k++)
		if (remembered[k].group == group)
			return remembered[k].person;
	return 0;
}

static void remember_person(int64_t group, int64_t person)
{
	for (int k = 0; k < nremembered; k++)
		if (remembered[k].group == group) {
			remembered[k].person = person;
			return;
		}
	if (nremembered < (int)(sizeof remembered / sizeof remembered[0])) {
		remembered[nremembered].group = group;
		remembered[nremembered].person = person;
		nremembered++;
	}
}

/* ---- state --------------------------------------------------------------- */

static int64_t owner_id(const bview *b)
{
	return owner_sel_id(&b->own);
}

static bool in_inbox(const bview *b)
{
	return b->lane >= b->def->nlanes;
}

static const char *person_name(const bview *b, int64_t id)
{
	for (int k = 0; k < b->npeople; k++)
		if (b->people[k].id == id)
			return b->people[k].name;
	return NULL;
}

/* The row index of the note under the cursor, or -1. */
static int cur_note(const bview *b)
{
	if (in_inbox(b) || !b->s || b->nnotes[b->lane] == 0)
		return -1;
	return b->notes[b->lane][b->sel[b->lane]];
}

static int64_t cur_row_id(const bview *b)
{
	int r = cur_note(b);
	return r >= 0 ? b->s->rows[r].id : 0;
}

/* Lists each lane's notes again, keeping each lane's cursor on its note. */
static void rebuild(bview *b)
{
	for (int l = 0; l < b->def->nlanes; l++) {
		b->notes[l] = xrealloc(b->notes[l], ((size_t)(b->s ? b->s->nrows : 0) + 1)
			* sizeof **b->notes);
		b->nnotes[l] = b->s ? board_lane_notes(b->s, l, b->by_votes, b->notes[l]) : 0;
		int keep = -1;
		for (int k = 0; k < b->nnotes[l] && b->sel_row[l]; k++)
			if (b->s->rows[b->notes[l][k]].id == b->sel_row[l])
				keep = k;
		if (keep >= 0)
			b->sel[l] = keep;
		if (b->sel[l] >= b->nnotes[l])
			b->sel[l] = b->nnotes[l] - 1;
		if (b->sel[l] < 0)
			b->sel[l] = 0;
		b->sel_row[l] = b->nnotes[l] ? b->s->rows[b->notes[l][b->sel[l]]].id : 0;
	}
}

/* Puts the cursor on ROW (in whatever lane it now is). */
static void select_row(bview *b, int64_t row)
{
	for (int l = 0; l < b->def->nlanes; l++)
		for (int k = 0; k < b->nnotes[l]; k++)
			if (b->s->rows[b->notes[l][k]].id == row) {
				b->lane = l;
				b->sel[l] = k;
				b->sel_row[l] = row;
				return;
			}
}

static void load_inbox(app *a, bview *b)
{
	board_inbox_free(b->inbox, b->ninbox);
	b->inbox = NULL;
	b->ninbox = 0;
	if (!b->def->address)
		return;
	mm_error err;
	if (board_inbox(a->st, b->def->activity_id, owner_id(b), &b->inbox, &b->ninbox, &err)
		!= MM_OK)
		app_message(a, true, "%s", err.msg);
	b->ibox.n = b->ninbox;
	list_scroll(&b->ibox, 1000000);
}

static void load_people(app *a, bview *b)
{
	owner_list_free(b->people, b->npeople);
	b->people = NULL;
	b->npeople = 0;
	mm_error err;
	if (b->own.okind == OWNER_GROUP
		&& store_owners(a->st, 2, owner_id(b), &b->people, &b->npeople, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	if (b->person && !person_name(b, b->person))
		b->person = 0; /* no longer in the roster */
}

static void open_owner(app *a, bview *b)
{
	sheet_free(b->s);
	b->s = NULL;
	sedit_close(a, &b->se);
	b->hist = app_history(a, b->def->activity_id, (int)b->own.okind, owner_id(b));
	char prefix[200];
	snprintf(prefix, sizeof prefix, "board:%s:%lld:", b->def->activity_id,
		(long long)owner_id(b));
	sedit_set_draft_prefix(&b->se, prefix);
	for (int l = 0; l < b->def->nlanes; l++)
		b->sel[l] = b->top[l] = 0, b->sel_row[l] = 0;
	b->lane = b->left = 0;
	b->ibox = (list_state){0};
	b->person = remembered_person(owner_id(b));
	load_people(a, b);
	mm_error err;
	if (sheet_open(a->st, b->def->storage, b->own.okind, owner_id(b), &b->s, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	rebuild(b);
	load_inbox(a, b);
}

static void board_reload(app *a, view *v)
{
	bview *b = v->data;
	mm_error err;
	if (b->s && sheet_reload(a->st, b->s, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	load_people(a, b);
	rebuild(b);
	load_inbox(a, b);
	/* a picker over a note another terminal deleted closes */
	if (b->se.mode == SE_PICK && b->se.purpose != P_PERSON && !cur_row_id(b))
		sedit_close(a, &b->se);
}

/* ---- editing -------------------------------------------------------------- */

static bool may_write(app *a, bview *b)
{
	mm_error err;
	if (sheet_may_write(a->st, b->own.okind, owner_id(b), &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return false;
	}
	return true;
}

/* Opens the line editor on note ROW, or on a new note in LANE (ROW 0): it
 * is made when its text is saved, so Esc leaves nothing behind. */
static void begin_edit(app *a, bview *b, int64_t row, int lane)
{
	if (!may_write(a, b))
		return;
	se_target t = {.row = row, .col = lane, .new_row = !row};
	const char *text = "";
	if (row) {
		int r = sheet_row_index(b->s, row);
		if (r < 0)
			return;
		t.version = b->s->rows[r].cells[BOARD_COL_TEXT].version;
		text = b->s->rows[r].cells[BOARD_COL_TEXT].value;
		se_target_label(&t, "%s", tr(M_BOARD_EDIT_LABEL));
	} else {
		se_target_label(&t, tr(M_BOARD_ADD_LABEL), L(&b->def->lanes[lane].title));
	}
	snprintf(t.key, sizeof t.key, "%lld:%s", (long long)row, b->def->lanes[lane].id);
	sedit_line(a, &b->se, &t, text ? text : "");
	se_target_free(&t);
}

static void restore_draft(app *a, bview *b)
{
	char *key = NULL, *text = NULL;
	int base = -1;
	if (!sedit_take_draft(a, &b->se, &key, &text, &base))
		return;
	long long row = 0;
	char lane_id[80] = "";
	if (sscanf(key, "%lld:%79s", &row, lane_id) == 2) {
		int lane = board_lane_index(b->def, lane_id);
		if (row && sheet_row_index(b->s, row) >= 0) {
			select_row(b, row);
			begin_edit(a, b, row, b->lane);
		} else {
			/* a new note, or one deleted meanwhile: offer it as a new note */
			b->lane = lane >= 0 ? lane : 0;
			begin_edit(a, b, 0, b->lane);
			base = -1;
		}
		sedit_restored(a, &b->se, text, base);
	}
	free(key);
	free(text);
}

/* ---- drawing ------------------------------------------------------------- */

typedef struct layout {
	rect lanes;  /* lane headers and notes */
	rect detail; /* two lines under the lanes */
	rect inbox;  /* h == 0 when there is no inbox */
	bool side;
	int nvis, lane_w;
} layout;

static layout compute_layout(const bview *b, rect area)
{
	layout L = {0};
	int y = area.y + 1; /* the info line */
	int h = area.h - 1;
	rect board = {y, area.x, h, area.w};
	if (b->def->address) {
		if (area.w >= SIDE_MIN_W) {
			L.side = true;
			L.inbox = (rect){y, area.x + area.w - SIDE_W, h, SIDE_W};
			board.w = area.w - SIDE_W - 1;
		} else {
			int ih = h / 3 < 5 ? 5 : h / 3;
			L.inbox = (rect){y + h - ih, area.x, ih, area.w};
			board.h = h - ih;
		}
	}
	L.detail = (rect){board.y + board.h - 2, board.x, 2, board.w};
	L.lanes = (rect){board.y, board.x, board.h - 2, board.w};
	int minw = area.w >= 118 ? LANE_MIN_W_WIDE : LANE_MIN_W;
	L.nvis = (L.lanes.w + 1) / (minw + 1);
	if (L.nvis < 1)
		L.nvis = 1;
	if (L.nvis > b->def->nlanes)
		L.nvis = b->def->nlanes;
	L.lane_w = (L.lanes.w - (L.nvis - 1)) / L.nvis;
	return L;
}

static void votes_tag(const bview *b, int r, char *out, size_t n)
{
	int v = b->def->votes > 0 ? board_note_votes(b->s, r) : 0;
	out[0] = '\0';
	if (v > 0)
		snprintf(out, n, v == 1 ? tr(M_BOARD_VOTE_1) : tr(M_BOARD_VOTES_N), v);
}

static int note_height(const bview *b, int r)
{
	const char *to = b->s->rows[r].cells[BOARD_COL_TO].value;
	return to && *to ? 2 : 1;
}

/* The addressee of note R as shown in a lane: "-> さくら精密". */
static void addressee_short(app *a, const bview *b, int r, buf *out)
{
	const char *to = b->s->rows[r].cells[BOARD_COL_TO].value;
	if (!to || !*to)
		return;
	char *name = board_company_name(a->st, strtoll(to, NULL, 10));
	buf_puts(out, "  -> ");
	board_short_company_buf(*name ? name : "?", out);
	free(name);
}

static void keep_note_visible(bview *b, int l, int avail)
{
	if (b->sel[l] < b->top[l])
		b->top[l] = b->sel[l];
	for (;;) {
		int used = 0;
		for (int k = b->top[l]; k <= b->sel[l] && k < b->nnotes[l]; k++)
			used += note_height(b, b->notes[l][k]);
		if (used <= avail || b->top[l] >= b->sel[l])
			break;
		b->top[l]++;
	}
	if (b->top[l] < 0)
		b->top[l] = 0;
}

#define WRAP_MAX 12

typedef struct wrap_ctx {
	char *lines[WRAP_MAX];
	int n;
} wrap_ctx;

static void collect_line(const char *line, size_t len, void *ctx)
{
	wrap_ctx *w = ctx;
	if (w->n < WRAP_MAX)
		w->lines[w->n++] = xstrndup(line, len);
}

static void wrap_free(wrap_ctx *w)
{
	for (int k = 0; k < w->n; k++)
		free(w->lines[k]);
	w->n = 0;
}

static void draw_lane(app *a, bview *b, int l, rect r, bool focus)
{
	const board_def *d = b->def;
	buf head = {0};
	buf_printf(&head, "%s (%d)", L(&d->lanes[l].title), b->nnotes[l]);
	draw_text(r.y, r.x, r.w, buf_str(&head), focus ? R_SELECTED : R_HEAD);
	buf_free(&head);
	int y = r.y + 1, bottom = r.y + r.h;
	int avail = bottom - y;
	if (b->nnotes[l] == 0) {
		draw_text(y++, r.x, r.w, tr(app_on_projector(a) ? M_PRESENT_LANE_EMPTY
			: M_BOARD_LANE_EMPTY), R_DIM);
		if (d->lanes[l].help.ja) {
			wrap_ctx w = {0};
			text_wrap(L(&d->lanes[l].help), r.w, collect_line, &w);
			for (int k = 0; k < w.n && y < bottom; k++)
				draw_text(y++, r.x, r.w, w.lines[k], R_DIM);
			wrap_free(&w);
		}
		return;
	}
	keep_note_visible(b, l, avail);
	if (b->top[l] > 0)
		draw_text_at(r.y, r.x + r.w - 1, 1, "^", R_EMPH);
	int k = b->top[l];
	for (; k < b->nnotes[l] && y < bottom; k++) {
		int row = b->notes[l][k];
		bool cur = focus && k == b->sel[l] && b->se.mode != SE_LINE;
		bool mark = !focus && k == b->sel[l];
		char tag[32];
		votes_tag(b, row, tag, sizeof tag);
		const char *text = b->s->rows[row].cells[BOARD_COL_TEXT].value
			? b->s->rows[row].cells[BOARD_COL_TEXT].value : "";
		char pad[40] = "";
		if (tag[0])
			snprintf(pad, sizeof pad, " %s", tag); /* right-aligned, a space before */
		int tw = text_width(pad);
		if (tw >= r.w)
			tw = 0;
		theme_role role = cur ? R_SELECTED : mark ? R_CURSOR_ROW : R_NORMAL;
		draw_text(y, r.x, r.w - tw, text, role);
		if (tw)
			draw_text(y, r.x + r.w - tw, tw, pad, cur ? R_SELECTED : R_EMPH);
		y++;
		if (note_height(b, row) > 1 && y < bottom) {
			buf to = {0};
			addressee_short(a, b, row, &to);
			draw_text(y++, r.x, r.w, buf_str(&to), cur ? R_SELECTED : R_DIM);
			buf_free(&to);
		}
	}
	if (k < b->nnotes[l])
		draw_text_at(bottom - 1, r.x + r.w - 1, 1, "v", R_EMPH);
}

static void draw_inbox(app *a, bview *b, rect r, bool side)
{
	buf head = {0};
	if (a->role == ROLE_GROUP)
		buf_puts(&head, tr(M_BOARD_INBOX));
	else
		buf_printf(&head, tr(M_BOARD_INBOX_OF), owner_sel_name(&b->own));
	buf_printf(&head, " (%d)", b->ninbox);
	bool focus = in_inbox(b);
	int x = r.x, w = r.w;
	if (side) {
		/* a rule between the board and the panel */
		for (int y = r.y; y < r.y + r.h; y++)
			draw_text_at(y, r.x - 1, 1, "|", R_GRID);
	}
	draw_text(r.y, x, w, buf_str(&head), focus ? R_SELECTED : R_HEAD);
	buf_free(&head);
	int y = r.y + 1, bottom = r.y + r.h;
	if (b->ninbox == 0) {
		draw_text(y++, x, w, tr(M_BOARD_INBOX_EMPTY), R_DIM);
		if (side && y < bottom) {
			wrap_ctx wc = {0};
			text_wrap(tr(M_BOARD_INBOX_HINT), w, collect_line, &wc);
			for (int k = 0; k < wc.n && y < bottom; k++)
				draw_text(y++, x, w, wc.lines[k], R_DIM);
			wrap_free(&wc);
		}
		return;
	}
	/* items: in the side panel a heading line and up to two lines of text;
	 * below the board one line each */
	int per = side ? 3 : 1;
	int fit = (bottom - y) / per;
	if (fit < 1)
		fit = 1;
	list_scroll(&b->ibox, fit);
	for (int k = b->ibox.top; k < b->ninbox && y < bottom; k++) {
		const board_inbox_item *it = &b->inbox[k];
		bool sel = focus && k == b->ibox.sel;
		buf sh = {0}, line = {0};
		board_short_company_buf(it->company_name, &sh);
		buf_printf(&line, tr(M_BOARD_INBOX_ITEM), it->from_group_name, buf_str(&sh));
		if (side) {
			draw_text(y++, x, w, buf_str(&line), sel ? R_SELECTED : R_EMPH);
			wrap_ctx wc = {0};
			text_wrap(it->text, w - 2, collect_line, &wc);
			for (int i = 0; i < wc.n && i < 2 && y < bottom; i++) {
				buf_clear(&line);
				buf_printf(&line, "  %s%s", wc.lines[i],
					i == 1 && wc.n > 2 ? "~" : "");
				draw_text(y++, x, w, buf_str(&line), sel ? R_SELECTED : R_NORMAL);
			}
			if (wc.n == 1 && y < bottom)
				y++;
			wrap_free(&wc);
		} else {
			buf_printf(&line, "  %s", it->text);
			draw_text(y++, x, w, buf_str(&line), sel ? R_SELECTED : R_NORMAL);
		}
		buf_free(&sh);
		buf_free(&line);
	}
	if (b->ibox.top + fit < b->ninbox)
		draw_text_at(bottom - 1, x + w - 1, 1, "v", R_EMPH);
}

/* The two lines under the lanes: the whole note and its votes, author and
 * addressee; or the selected suggestion; or the lane's help. */
static void draw_detail(app *a, bview *b, rect r)
{
	buf line1 = {0}, line2 = {0};
	if (in_inbox(b)) {
		if (b->ninbox) {
			const board_inbox_item *it = &b->inbox[b->ibox.sel];
			buf_puts(&line1, it->text);
			buf_printf(&line2, tr(M_BOARD_FROM), it->from_group_name,
				it->company_name);
			if (it->author[0])
				buf_printf(&line2, "  |  %s: %s", tr(M_BOARD_AUTHOR), it->author);
			int li = board_lane_index(b->def, it->lane);
			if (li >= 0)
				buf_printf(&line2, "  |  %s", L(&b->def->lanes[li].title));
		}
	} else if (cur_note(b) >= 0) {
		int r0 = cur_note(b);
		const char *text = b->s->rows[r0].cells[BOARD_COL_TEXT].value;
		buf_puts(&line1, text ? text : "");
		buf *d = &line2;
		if (b->def->votes > 0) {
			int v = board_note_votes(b->s, r0);
			buf_printf(d, v == 1 ? tr(M_BOARD_VOTE_1) : tr(M_BOARD_VOTES_N), v);
			/* who voted, by name */
			int shown = 0;
			for (int k = 0; k < b->npeople && v; k++) {
				int m = board_note_votes_by(b->s, r0, b->people[k].id);
				if (!m)
					continue;
				buf_puts(d, shown++ ? ", " : " (");
				buf_puts(d, b->people[k].name);
				if (m > 1)
					buf_printf(d, " x%d", m);
			}
			if (shown)
				buf_puts(d, ")");
		}
		const char *au = b->s->rows[r0].cells[BOARD_COL_AUTHOR].value;
		if (au && *au)
			buf_printf(d, "%s%s: %s", d->len ? "  |  " : "", tr(M_BOARD_AUTHOR), au);
		const char *to = b->s->rows[r0].cells[BOARD_COL_TO].value;
		if (to && *to) {
			char *name = board_company_name(a->st, strtoll(to, NULL, 10));
			buf_printf(d, "%s%s: %s", d->len ? "  |  " : "", tr(M_BOARD_TO), name);
			free(name);
		}
	} else if (b->act->prompt.ja) {
		/* an empty lane shows its help in the lane: here, what to do now */
		wrap_ctx w = {0};
		text_wrap(L(&b->act->prompt), r.w, collect_line, &w);
		buf_puts(&line1, w.n > 0 ? w.lines[0] : "");
		if (w.n > 1)
			buf_printf(&line2, "%s%s", w.lines[1], w.n > 2 ? "~" : "");
		wrap_free(&w);
	}
	for (char *p = line1.s; p && *p; p++)
		if (*p == '\n')
			*p = ' ';
	b->edit_w = 0;
	if (b->se.mode == SE_LINE) {
		bool editing = !b->se.t.new_row;
		buf label = {0};
		buf_printf(&label, editing ? "%s: " : "%s", b->se.t.label ? b->se.t.label : "");
		int lw = draw_text_at(r.y, r.x, r.w, buf_str(&label), R_EMPH);
		buf_free(&label);
		b->edit_y = r.y;
		b->edit_x = r.x + lw;
		b->edit_w = r.w - lw;
		const char *who = person_name(b, b->person);
		buf hint = {0};
		if (!editing && who)
			buf_printf(&hint, tr(M_BOARD_WRITING_AS), who);
		else
			buf_puts(&hint, editing ? buf_str(&line2) : tr(M_BOARD_NO_AUTHOR));
		draw_text(r.y + 1, r.x, r.w, buf_str(&hint), R_DIM);
		buf_free(&hint);
	} else {
		draw_text(r.y, r.x, r.w, buf_str(&line1), R_EMPH);
		draw_text(r.y + 1, r.x, r.w, buf_str(&line2), R_DIM);
	}
	buf_free(&line1);
	buf_free(&line2);
}

static void draw_info(app *a, bview *b, rect area)
{
	(void)a;
	buf info = {0};
	buf_printf(&info, tr(M_BOARD_OWNER), owner_sel_name(&b->own));
	const char *who = person_name(b, b->person);
	if (!app_on_projector(a)) /* who writes is the group's keyboard's */
		buf_puts(&info, "  |  ");
	if (app_on_projector(a)) {
		;
	} else if (who) {
		if (b->def->votes > 0) {
			int left = b->def->votes - board_person_votes(b->s, b->person);
			buf_printf(&info, tr(M_BOARD_PERSON_VOTES), who, left < 0 ? 0 : left,
				b->def->votes);
		} else {
			buf_printf(&info, tr(M_BOARD_PERSON), who);
		}
	} else {
		buf_puts(&info, tr(M_BOARD_NO_PERSON));
	}
	if (b->by_votes)
		buf_printf(&info, "  |  %s", tr(M_BOARD_SORTED));
	if (sheet_may_write(a->st, b->own.okind, owner_id(b), NULL) != MM_OK)
		buf_printf(&info, "  |  %s", tr(M_READONLY_VIEW));
	draw_text(area.y, area.x, area.w, buf_str(&info), R_DIM);
	buf_free(&info);
}

static void board_draw(app *a, view *v, rect area)
{
	bview *b = v->data;
	if (!b->s) {
		draw_text(area.y, area.x, area.w, tr(app_on_projector(a) ? M_PRESENT_LANE_EMPTY
			: M_BOARD_LANE_EMPTY), R_DIM);
		return;
	}
	draw_info(a, b, area);
	layout Ly = compute_layout(b, area);
	b->page = Ly.lanes.h - 1;
	/* keep the current lane among the shown ones */
	int focus_lane = in_inbox(b) ? -1 : b->lane;
	if (focus_lane >= 0) {
		if (focus_lane < b->left)
			b->left = focus_lane;
		if (focus_lane >= b->left + Ly.nvis)
			b->left = focus_lane - Ly.nvis + 1;
	}
	if (b->left > b->def->nlanes - Ly.nvis)
		b->left = b->def->nlanes - Ly.nvis;
	if (b->left < 0)
		b->left = 0;
	for (int i = 0; i < Ly.nvis; i++) {
		int l = b->left + i;
		int x = Ly.lanes.x + i * (Ly.lane_w + 1);
		int w = i == Ly.nvis - 1 ? Ly.lanes.x + Ly.lanes.w - x : Ly.lane_w;
		draw_lane(a, b, l, (rect){Ly.lanes.y, x, Ly.lanes.h, w}, l == b->lane);
		if (i > 0)
			for (int y = Ly.lanes.y; y < Ly.lanes.y + Ly.lanes.h; y++)
				draw_text_at(y, x - 1, 1, "|", R_GRID);
	}
	/* more lanes to either side */
	if (b->left > 0)
		draw_text_at(Ly.lanes.y, Ly.lanes.x, 1, "<", R_EMPH);
	if (b->left + Ly.nvis < b->def->nlanes)
		draw_text_at(Ly.lanes.y, Ly.lanes.x + Ly.lanes.w - 1, 1, ">", R_EMPH);
	draw_detail(a, b, Ly.detail);
	if (Ly.inbox.h > 0)
		draw_inbox(a, b, Ly.inbox, Ly.side);
	sedit_draw(a, &b->se, area);
}

static void board_cursor(app *a, view *v)
{
	bview *b = v->data;
	sedit_cursor(a, &b->se);
}

/* ---- pickers ------------------------------------------------------------- */

/* A picker of choices with ids: values "#ID", so a digit picks the Nth. */
static void add_choice(picklist *p, int64_t id, const char *label, int64_t current)
{
	char value[32];
	snprintf(value, sizeof value, "#%lld", (long long)id);
	if (id == current)
		p->list.sel = p->n;
	picklist_add(p, value, label);
}

static void pick_person(app *a, bview *b, action after)
{
	if (b->npeople == 0) {
		app_message(a, true, "%s", tr(M_BOARD_NO_PEOPLE));
		return;
	}
	picklist p = {0};
	for (int k = 0; k < b->npeople; k++) {
		buf label = {0};
		if (b->def->votes > 0) {
			int left = b->def->votes - board_person_votes(b->s, b->people[k].id);
			buf_printf(&label, tr(left == 1 ? M_BOARD_PICK_PERSON_LEFT1 : M_BOARD_PICK_PERSON_LEFT),
				b->people[k].name,
				left < 0 ? 0 : left);
		} else {
			buf_puts(&label, b->people[k].name);
		}
		add_choice(&p, b->people[k].id, buf_str(&label), b->person ? b->person : -1);
		buf_free(&label);
	}
	add_choice(&p, 0, tr(M_BOARD_PICK_NOBODY), -1);
	b->after_pick = after;
	sedit_pick(a, &b->se, NULL, P_PERSON, &p, false, tr(M_BOARD_PICK_PERSON));
}

static void pick_lane(app *a, bview *b)
{
	if (!cur_row_id(b) || !may_write(a, b))
		return;
	picklist p = {0};
	for (int l = 0; l < b->def->nlanes; l++)
		add_choice(&p, l, L(&b->def->lanes[l].title), b->lane);
	sedit_pick(a, &b->se, NULL, P_LANE, &p, false, tr(M_BOARD_PICK_LANE));
}

static void pick_company(app *a, bview *b)
{
	if (!b->def->address) {
		app_message(a, true, "%s", tr(M_BOARD_ERR_NO_ADDRESS));
		return;
	}
	int r = cur_note(b);
	if (r < 0 || !may_write(a, b))
		return;
	board_company *cs = NULL;
	int n = 0;
	mm_error err;
	if (board_companies(a->st, owner_id(b), &cs, &n, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return;
	}
	if (n == 0) {
		app_message(a, true, "%s", tr(M_BOARD_NO_COMPANIES));
		board_companies_free(cs, n);
		return;
	}
	const char *to = b->s->rows[r].cells[BOARD_COL_TO].value;
	int64_t cur = to && *to ? strtoll(to, NULL, 10) : -1;
	picklist p = {0};
	add_choice(&p, 0, tr(M_BOARD_PICK_NO_COMPANY), cur);
	p.list.sel = cur < 0 ? 1 : 0; /* nobody yet: on the first company */
	for (int k = 0; k < n; k++) {
		buf label = {0};
		buf_printf(&label, tr(M_BOARD_PICK_COMPANY_ITEM), cs[k].name,
			cs[k].group_name);
		add_choice(&p, cs[k].id, buf_str(&label), cur);
		buf_free(&label);
	}
	board_companies_free(cs, n);
	sedit_pick(a, &b->se, NULL, P_COMPANY, &p, false, tr(M_BOARD_PICK_COMPANY));
}

/* ---- actions ------------------------------------------------------------- */

static void after_write(app *a, bview *b, mm_status rc, mm_error *err, int64_t keep)
{
	if (rc != MM_OK)
		app_message(a, true, "%s", err->msg);
	rebuild(b);
	if (keep)
		select_row(b, keep);
}

static void vote(app *a, bview *b, int delta)
{
	int64_t row = cur_row_id(b);
	if (!row)
		return;
	mm_error err;
	mm_status rc = board_vote(a->st, b->s, row, b->person, delta, &err);
	rebuild(b);
	select_row(b, row);
	if (rc != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return;
	}
	int left = b->def->votes - board_person_votes(b->s, b->person);
	app_message(a, false, tr(delta > 0 ? M_BOARD_VOTED : M_BOARD_UNVOTED),
		person_name(b, b->person) ? person_name(b, b->person) : "?", left < 0 ? 0 : left);
}

static void vote_or_ask(app *a, bview *b, action act)
{
	if (in_inbox(b)) {
		app_message(a, true, "%s", tr(M_BOARD_INBOX_READONLY));
		return;
	}
	if (b->def->votes == 0) {
		app_message(a, true, "%s", tr(M_BOARD_ERR_NO_VOTING));
		return;
	}
	if (!cur_row_id(b))
		return;
	if (!may_write(a, b))
		return;
	if (!person_name(b, b->person)) {
		pick_person(a, b, act); /* vote as soon as someone is chosen */
		return;
	}
	vote(a, b, act == A_VOTE ? 1 : -1);
}

static void reorder(app *a, bview *b, int dir)
{
	int l = b->lane;
	int64_t row = cur_row_id(b);
	if (!row)
		return;
	if (b->by_votes) {
		app_message(a, true, "%s", tr(M_BOARD_SORTED_NO_MOVE));
		return;
	}
	int k = b->sel[l] + dir;
	if (k < 0 || k >= b->nnotes[l])
		return;
	mm_error err;
	mm_status rc = sheet_move(a->st, b->s, row, b->notes[l][k], b->hist, &err);
	after_write(a, b, rc, &err, row);
}

static void export_md(app *a, bview *b)
{
	buf out = {0};
	mm_error err;
	if (board_export(b->act, a->st, b->s, "md", &out, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	else
		ui_export(a, b->def->activity_id, owner_sel_name(&b->own), "md", &out);
	buf_free(&out);
}

static bool board_act(app *a, view *v, action act)
{
	bview *b = v->data;
	if (!b->s)
		return false;
	mm_error err;
	int l = b->lane;
	int64_t row = cur_row_id(b);
	if (in_inbox(b)) {
		switch (act) {
		case A_UP: case A_DOWN: case A_PGUP: case A_PGDN: case A_HOME: case A_END:
			list_act(&b->ibox, act, 3);
			return true;
		case A_COL_LEFT:
			b->lane = b->def->nlanes - 1;
			return true;
		case A_COL_RIGHT:
			return true;
		case A_EDIT: case A_ADD_ROW: case A_INSERT_ROW: case A_DELETE_ROW: case A_MOVE_NOTE:
		case A_ADDRESS: case A_MOVE_UP: case A_MOVE_DOWN: case A_VOTE: case A_UNVOTE:
			app_message(a, true, "%s", tr(M_BOARD_INBOX_READONLY));
			return true;
		default:
			break;
		}
	}
	switch (act) {
	case A_UP:
		if (b->sel[l] > 0)
			b->sel[l]--;
		break;
	case A_DOWN:
		if (b->sel[l] < b->nnotes[l] - 1)
			b->sel[l]++;
		break;
	case A_PGUP:
		b->sel[l] -= b->page > 2 ? b->page / 2 : 1;
		if (b->sel[l] < 0)
			b->sel[l] = 0;
		break;
	case A_PGDN:
		b->sel[l] += b->page > 2 ? b->page / 2 : 1;
		if (b->sel[l] >= b->nnotes[l])
			b->sel[l] = b->nnotes[l] ? b->nnotes[l] - 1 : 0;
		break;
	case A_HOME: b->sel[l] = 0; break;
	case A_END: b->sel[l] = b->nnotes[l] ? b->nnotes[l] - 1 : 0; break;
	case A_COL_LEFT:
		if (b->lane > 0)
			b->lane--;
		return true;
	case A_COL_RIGHT:
		if (b->lane < b->def->nlanes - 1 || b->def->address)
			b->lane++;
		return true;
	case A_EDIT: /* an empty lane: Enter adds */
	case A_ADD_ROW:
	case A_INSERT_ROW:
		begin_edit(a, b, act == A_EDIT ? row : 0, l);
		return true;
	case A_DELETE_ROW:
		if (row) {
			int keep = b->sel[l];
			mm_status rc = sheet_delete(a->st, b->s, row, b->hist, &err);
			after_write(a, b, rc, &err, 0);
			b->sel[l] = keep < b->nnotes[l] ? keep : b->nnotes[l] - 1;
			if (b->sel[l] < 0)
				b->sel[l] = 0;
			if (rc == MM_OK)
				app_message(a, false, "%s", tr(M_BOARD_DELETED));
		}
		return true;
	case A_MOVE_NOTE:
		pick_lane(a, b);
		return true;
	case A_MOVE_UP:
	case A_MOVE_DOWN:
		reorder(a, b, act == A_MOVE_UP ? -1 : 1);
		return true;
	case A_VOTE:
	case A_UNVOTE:
		vote_or_ask(a, b, act);
		return true;
	case A_SORT:
		b->by_votes = !b->by_votes;
		rebuild(b);
		if (row)
			select_row(b, row);
		app_message(a, false, "%s", tr(b->by_votes ? M_BOARD_SORTED : M_BOARD_UNSORTED));
		return true;
	case A_ADDRESS:
		pick_company(a, b);
		return true;
	case A_WHO:
		pick_person(a, b, A_NONE);
		return true;
	case A_UNDO:
	case A_REDO: {
		mm_status rc = sheet_undo(a->st, b->s, b->hist, act == A_REDO, &err);
		after_write(a, b, rc, &err, row);
		if (rc == MM_OK)
			app_message(a, false, "%s", tr(act == A_REDO ? M_REDONE : M_UNDONE));
		return true;
	}
	case A_NEXT_OWNER:
	case A_PREV_OWNER:
		if (owner_sel_step(&b->own, act == A_NEXT_OWNER ? 1 : -1))
			open_owner(a, b);
		return true;
	case A_EXPORT:
		export_md(a, b);
		return true;
	default:
		return false;
	}
	b->sel_row[l] = cur_row_id(b);
	return true;
}

/* ---- the callbacks of the editing layer ---------------------------------- */

static bool blank(const char *s)
{
	return !s[strspn(s, " \t\r\n")];
}

/* A note's new text, or a new note (made now, in its lane after the note
 * under the cursor; nothing typed makes none). */
static mm_status ed_save(app *a, void *ctx, se_target *t, const char *stored, int expected,
	sheet_conflict *cf, mm_error *err)
{
	bview *b = ctx;
	if (t->new_row) {
		if (blank(stored))
			return MM_OK;
		int after = t->col == b->lane && b->nnotes[t->col] ? cur_note(b) : -1;
		mm_status rc = board_add(a->st, b->s, b->def->lanes[t->col].id, stored,
			person_name(b, b->person), after, &t->row, b->hist, err);
		t->new_row = rc != MM_OK;
		return rc;
	}
	if (blank(stored))
		return mm_fail(err, MM_EUSER, "%s", tr(M_BOARD_EMPTY_EDIT));
	mm_status rc = board_set_text(a->st, b->s, t->row, stored, expected, cf, b->hist, err);
	if (rc == MM_ENOTFOUND) {
		/* the note was deleted meanwhile: Enter keeps the text as a new note */
		t->new_row = true;
		t->row = 0;
		return mm_fail(err, rc, "%s", tr(M_BOARD_GONE_KEEP));
	}
	return rc;
}

static void ed_discard(app *a, void *ctx, const se_target *t, const char *stored)
{
	bview *b = ctx;
	mm_error err;
	sheet_log_discarded(a->st, b->s, t->row, BOARD_COL_TEXT, stored, &err);
	sheet_reload(a->st, b->s, &err);
}

static void ed_after(app *a, void *ctx, const se_target *t, bool saved, wint_t key)
{
	(void)a, (void)saved, (void)key;
	bview *b = ctx;
	rebuild(b);
	if (t->row)
		select_row(b, t->row);
}

static void ed_picked(app *a, void *ctx, int purpose, const picklist *p, int k)
{
	bview *b = ctx;
	int64_t id = strtoll(p->values[k] + 1, NULL, 10);
	int64_t row = cur_row_id(b);
	mm_error err;
	mm_status rc = MM_OK;
	if (purpose == P_LANE && row && id != b->lane) {
		rc = board_move_lane(a->st, b->s, row, b->def->lanes[id].id, b->hist, &err);
		if (rc == MM_OK)
			app_message(a, false, tr(M_BOARD_MOVED), L(&b->def->lanes[id].title));
	} else if (purpose == P_COMPANY && row) {
		rc = board_address(a->st, b->s, row, id, b->hist, &err);
		char *name = board_company_name(a->st, id);
		if (rc == MM_OK && id)
			app_message(a, false, tr(M_BOARD_ADDRESSED), name);
		else if (rc == MM_OK)
			app_message(a, false, "%s", tr(M_BOARD_UNADDRESSED));
		free(name);
	} else if (purpose == P_PERSON) {
		b->person = id;
		remember_person(owner_id(b), id);
		if (id && (b->after_pick == A_VOTE || b->after_pick == A_UNVOTE))
			vote(a, b, b->after_pick == A_VOTE ? 1 : -1);
		else if (id)
			app_message(a, false, tr(M_BOARD_PERSON_CHOSEN), person_name(b, id));
		b->after_pick = A_NONE;
		return;
	}
	after_write(a, b, rc, &err, row);
}

/* The line editor sits under the lanes, after its label. */
static bool ed_line_at(app *a, void *ctx, const se_target *t, int *y, int *x, int *w)
{
	(void)a, (void)t;
	bview *b = ctx;
	*y = b->edit_y, *x = b->edit_x, *w = b->edit_w;
	return b->edit_w > 0;
}

static const sedit_ops board_edit_ops = {
	.save = ed_save,
	.discard = ed_discard,
	.after = ed_after,
	.picked = ed_picked,
	.line_at = ed_line_at,
};

static bool board_raw(app *a, view *v, int r, wint_t ch)
{
	bview *b = v->data;
	return sedit_key(a, &b->se, r, ch);
}

static msg_id board_footer(app *a, view *v)
{
	(void)a;
	bview *b = v->data;
	if (b->se.mode == SE_LINE)
		return M_BOARD_FOOTER_EDIT;
	msg_id m = sedit_footer(&b->se);
	if (m)
		return m;
	if (in_inbox(b))
		return M_BOARD_FOOTER_INBOX;
	return 0; /* made from the key table */
}

static bool board_modal(view *v)
{
	bview *b = v->data;
	return sedit_busy(&b->se);
}

static void board_tick(app *a, view *v)
{
	bview *b = v->data;
	sedit_tick(a, &b->se);
}

static void board_hangup(app *a, view *v)
{
	bview *b = v->data;
	sedit_hangup(a, &b->se);
}

static void board_free_view(view *v)
{
	bview *b = v->data;
	sheet_free(b->s);
	owner_sel_free(&b->own);
	owner_list_free(b->people, b->npeople);
	board_inbox_free(b->inbox, b->ninbox);
	for (int l = 0; l < b->def->nlanes; l++)
		free(b->notes[l]);
	free(b->notes);
	free(b->nnotes);
	free(b->sel);
	free(b->top);
	free(b->sel_row);
	sedit_free(&b->se);
	free(b);
	free(v);
}

static void board_reopen(app *a, view *v)
{
	open_owner(a, v->data);
}

static const view_key board_keys[] = {
	{A_ADD_ROW, M_BD_KEY_ADD, M_BRIEF_ADD, KEYS_WRITERS, NULL},
	{A_EDIT, M_BD_KEY_EDIT, M_BRIEF_EDIT, KEYS_WRITERS, NULL},
	{A_INSERT_ROW, M_BD_KEY_INSERT, 0, KEYS_WRITERS, NULL},
	{A_DELETE_ROW, M_BD_KEY_DELETE, M_BRIEF_DELETE, KEYS_WRITERS, NULL},
	{A_MOVE_NOTE, M_BD_KEY_MOVE, 0, KEYS_WRITERS, NULL},
	{A_MOVE_UP, M_BD_KEY_UP, 0, KEYS_WRITERS, NULL},
	{A_MOVE_DOWN, M_BD_KEY_DOWN, 0, KEYS_WRITERS, NULL},
	{A_VOTE, M_BD_KEY_VOTE, M_BD_BRIEF_VOTE, KEYS_WRITERS, NULL},
	{A_UNVOTE, M_BD_KEY_UNVOTE, 0, KEYS_WRITERS, NULL},
	{A_WHO, M_BD_KEY_WHO, 0, KEYS_WRITERS, NULL},
	{A_SORT, M_BD_KEY_SORT, 0, 0, NULL},
	{A_ADDRESS, M_BD_KEY_ADDRESS, 0, KEYS_WRITERS, NULL},
	{A_COL_LEFT, M_BD_KEY_LEFT, 0, 0, NULL},
	{A_COL_RIGHT, M_BD_KEY_RIGHT, 0, 0, NULL},
	{A_UNDO, 0, M_BRIEF_UNDO, KEYS_WRITERS, NULL},
	{A_REDO, 0, 0, KEYS_WRITERS, NULL},
	{A_NEXT_OWNER, 0, 0, 0, NULL},
	{A_PREV_OWNER, 0, 0, 0, NULL},
	{A_EXPORT, 0, 0, 0, NULL},
	VIEW_KEYS_END,
};

static bool board_key_works(const view *v, action act)
{
	const bview *b = v->data;
	switch (act) {
	case A_VOTE: case A_UNVOTE: case A_WHO: case A_SORT: return b->def->votes > 0;
	case A_ADDRESS: return b->def->address;
	default: return true;
	}
}


/* The facilitator's lane and note, and the order of the notes. */
static void board_publish(app *a, view *v, buf *out)
{
	(void)a;
	bview *b = v->data;
	if (!b->s)
		return;
	vstate_int(out, "lane", b->lane);
	vstate_int(out, "note", cur_row_id(b));
	vstate_int(out, "votes", b->by_votes);
}

static void board_mirror(app *a, view *v, const char *st)
{
	(void)a;
	bview *b = v->data;
	if (!b->s)
		return;
	bool by_votes = vstate_get_int(st, "votes", 0) != 0;
	if (by_votes != b->by_votes) {
		b->by_votes = by_votes;
		rebuild(b);
	}
	int lane = (int)vstate_get_int(st, "lane", 0);
	if (lane >= 0 && lane <= b->def->nlanes)
		b->lane = lane;
	int64_t note = vstate_get_int(st, "note", 0);
	if (note)
		select_row(b, note);
}

static const view_ops board_ops = {
	.name = "board",
	.draw = board_draw,
	.act = board_act,
	.reload = board_reload,
	.free = board_free_view,
	.title = activity_view_title,
	.footer = M_BOARD_FOOTER,
	.ctx = C_TABLE,
	.keys = board_keys,
	.key_works = board_key_works,
	.reopen = board_reopen,
	.raw = board_raw,
	.footer_now = board_footer,
	.cursor = board_cursor,
	.tick = board_tick,
	.hangup = board_hangup,
	.modal = board_modal,
	.publish = board_publish,
	.mirror = board_mirror,
};

view *view_board_new(app *a, const activity *act)
{
	const board_def *d = act->def;
	if (!d || d->nlanes == 0)
		return NULL;
	bview *b = xcalloc(1, sizeof *b);
	b->act = act;
	b->def = d;
	size_t n = (size_t)d->nlanes + 1;
	b->notes = xcalloc(n, sizeof *b->notes);
	b->nnotes = xcalloc(n, sizeof *b->nnotes);
	b->sel = xcalloc(n, sizeof *b->sel);
	b->top = xcalloc(n, sizeof *b->top);
	b->sel_row = xcalloc(n, sizeof *b->sel_row);
	sedit_init(&b->se, &board_edit_ops, b);
	owner_sel_init(a, act, &b->own);
	open_owner(a, b);
	if (b->s)
		restore_draft(a, b);
	view *v = xcalloc(1, sizeof *v);
	v->ops = &board_ops;
	v->own = &b->own;
	v->act = act;
	v->data = b;
	return v;
}
