/* view_survey.c — a survey. On a group's shared terminal each person
 * chooses themselves (W, or Tab through the group's members) and answers one
 * question under another: Enter opens a picker (a checklist for several
 * answers) or the multi-line editor, number keys pick an option at once.
 * f switches to the results, which the facilitator sees first: headlines on
 * top, then every question with each option's percentage, count and a bar,
 * and the free texts without names. Both follow every answer live. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "edit.h"
#include "editor.h"
#include "sheet.h"
#include "survey.h"
#include "text.h"
#include "ui.h"

#define CELL_MAX 4096
#define TEXT_PREVIEW 6 /* lines of a free-text answer shown under its question */

typedef enum smode { SM_ANSWER, SM_RESULTS } smode;
typedef enum smodal { SX_NONE, SX_PICK, SX_FLAGS, SX_TEXT, SX_WHO, SX_CONFLICT } smodal;

/* One line of either screen, built afresh for every draw. */
typedef struct sline {
	char *text;
	theme_role role;
	int indent;
	int q;       /* the question it belongs to; -1 for none */
	bool center;
	int bar;     /* results: columns of '#' after the text; 0 for none */
} sline;

typedef struct slines {
	sline *v;
	int n, cap;
} slines;

typedef struct sview {
	const activity *act;
	const survey_def *d;
	smode mode;
	smodal modal;
	owner_sel who;     /* the people this terminal may answer for */
	bool chosen;       /* someone is answering (who.idx is theirs) */
	sheet *s;          /* their sheet */
	sheet_history hist;
	int sel;           /* the question selected */
	int ans_top, res_top, page;
	survey_result res;
	/* pickers: options of the question (SX_PICK, SX_FLAGS) or people (SX_WHO) */
	list_state pick;
	bool *pick_on;
	smode after_who;   /* where choosing a person leads */
	/* the answer being written or picked */
	int edit_q, edit_version;
	edit_text edt;
	rect text_box;
	char draft_text[CELL_MAX];
	int64_t draft_at;
	sheet_conflict conflict;
	char *mine;
} sview;

/* ---- lines ------------------------------------------------------------- */

static void add_line(slines *l, const char *text, theme_role role, int indent, int q)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = (sline){xstrdup(text), role, indent, q, false, 0};
}

typedef struct wrapctx {
	slines *l;
	theme_role role;
	int indent, q;
} wrapctx;

static void emit_wrapped(const char *line, size_t len, void *vctx)
{
	wrapctx *c = vctx;
	char *t = xstrndup(line, len);
	add_line(c->l, t, c->role, c->indent, c->q);
	free(t);
}

/* TEXT wrapped to W columns, starting at INDENT; returns the lines added. */
static int add_wrapped(slines *l, const char *text, theme_role role, int indent, int w, int q)
{
	int before = l->n;
	wrapctx c = {l, role, indent, q};
	text_wrap(text, w - indent > 8 ? w - indent : 8, emit_wrapped, &c);
	if (l->n == before)
		add_line(l, "", role, indent, q);
	return l->n - before;
}

static void lines_free(slines *l)
{
	for (int k = 0; k < l->n; k++)
		free(l->v[k].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void draw_lines(const slines *l, int top, rect r)
{
	for (int k = top, y = r.y; k < l->n && y < r.y + r.h; k++, y++) {
		const sline *s = &l->v[k];
		if (s->center) {
			draw_center(y, r.x, r.w, s->text, s->role);
			continue;
		}
		int x = r.x + s->indent, w = r.w - s->indent;
		if (s->role == R_SELECTED) {
			/* the whole width, so the selection reads as one band */
			draw_text(y, x, w, s->text, s->role);
			continue;
		}
		int used = draw_text_at(y, x, w, s->text, s->role);
		if (s->bar > 0 && used < w) {
			char bar[512];
			int n = s->bar < w - used ? s->bar : w - used;
			if (n > (int)sizeof bar - 1)
				n = (int)sizeof bar - 1;
			memset(bar, '#', (size_t)n);
			bar[n] = '\0';
			draw_text_at(y, x + used, w - used, bar, R_HEADING);
		}
	}
}

/* ---- who is answering ---------------------------------------------------- */

static int64_t person_id(const sview *v)
{
	return v->chosen ? owner_sel_id(&v->who) : 0;
}

static const char *answer_of(const sview *v, int q)
{
	int r = survey_row(v->s);
	if (!v->chosen || r < 0)
		return "";
	const char *s = v->s->rows[r].cells[q].value;
	return s ? s : "";
}

static void refresh_results(app *a, sview *v)
{
	survey_result_free(&v->res);
	mm_error err;
	if (survey_results(a->st, v->act, &v->res, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
}

static void open_person(app *a, sview *v)
{
	sheet_free(v->s);
	v->s = NULL;
	history_free(&v->hist);
	if (!v->chosen)
		return;
	mm_error err;
	if (sheet_open(a->st, v->d->table, OWNER_PERSON, owner_sel_id(&v->who), &v->s, &err)
		!= MM_OK) {
		app_message(a, true, "%s", err.msg);
		v->chosen = false;
		return;
	}
	v->sel = 0;
	v->ans_top = 0;
	/* start at the first question not answered yet */
	for (int k = 0; k < v->d->nquestions; k++)
		if (!*answer_of(v, k)) {
			v->sel = k;
			break;
		}
}

static void choose_person(app *a, sview *v, int idx)
{
	if (idx < 0 || idx >= v->who.n)
		return;
	v->who.idx = idx;
	v->chosen = true;
	v->mode = SM_ANSWER;
	open_person(a, v);
}

static void step_person(app *a, sview *v, int dir)
{
	if (v->who.n == 0) {
		app_message(a, true, "%s", tr(M_SURVEY_NOBODY));
		return;
	}
	int idx = !v->chosen ? (dir > 0 ? 0 : v->who.n - 1)
		: (v->who.idx + (dir > 0 ? 1 : v->who.n - 1)) % v->who.n;
	choose_person(a, v, idx);
}

static void open_who(app *a, sview *v, smode after)
{
	if (v->who.n == 0) {
		app_message(a, true, "%s", tr(M_SURVEY_NOBODY));
		return;
	}
	v->pick = (list_state){v->who.n, v->chosen ? v->who.idx : 0, 0};
	v->after_who = after;
	v->modal = SX_WHO;
}

/* ---- the answering screen ---------------------------------------------- */

static bool multi_has(const char *stored, const char *value)
{
	bool on = false;
	char *copy = xstrdup(stored), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t && !on; t = strtok_r(NULL, ",", &save))
		on = strcmp(t, value) == 0;
	free(copy);
	return on;
}

static int answered_count(const sview *v, int *required_left)
{
	int n = 0;
	*required_left = 0;
	for (int k = 0; k < v->d->nquestions; k++) {
		bool done = *answer_of(v, k) != '\0';
		n += done;
		*required_left += v->d->questions[k].required && !done;
	}
	return n;
}

/* The lines of question K; the selected one shows its options with their
 * numbers, or more of its text. */
static void question_lines(const sview *v, int k, int w, slines *l)
{
	const survey_question *q = &v->d->questions[k];
	bool sel = k == v->sel;
	char line[CELL_MAX + 200], b[CELL_MAX];
	snprintf(line, sizeof line, "%d. %s%s%s", k + 1, L(&q->text),
		q->required ? tr(M_SURVEY_REQUIRED) : "",
		q->type == SQ_MULTI ? tr(M_SURVEY_MULTI_HINT) : "");
	/* picking happens in place: the cursor moves from the question to its
	 * options */
	bool picking = sel && v->edit_q == k && (v->modal == SX_PICK || v->modal == SX_FLAGS);
	add_wrapped(l, line, sel && !picking ? R_SELECTED : R_HEADING, 0, w, k);
	const char *ans = answer_of(v, k);
	if (q->type != SQ_TEXT && (sel || !v->chosen)) {
		if (!sel)
			return;
		for (int o = 0; o < q->noptions; o++) {
			bool on = picking && v->modal == SX_FLAGS ? v->pick_on[o]
				: q->type == SQ_MULTI ? multi_has(ans, q->options[o].value)
				: strcmp(ans, q->options[o].value) == 0;
			const char *mark = !v->chosen ? "" : q->type == SQ_MULTI
				? (on ? "[x] " : "[ ] ") : (on ? "(*) " : "( ) ");
			char num[8];
			snprintf(num, sizeof num, o < 9 ? "%d " : "  ", o + 1);
			snprintf(line, sizeof line, "%s%s%s", num, mark, L(&q->options[o].label));
			int before = l->n;
			theme_role role = picking && v->pick.sel == o ? R_SELECTED : on ? R_EMPH
				: R_NORMAL;
			add_wrapped(l, line, role, 3, w, k);
			for (int c = before + 1; c < l->n; c++)
				l->v[c].indent = 3 + text_width(num) + text_width(mark);
		}
		if (picking && v->modal == SX_PICK)
			add_line(l, tr(M_SURVEY_CLEAR), v->pick.sel == q->noptions ? R_SELECTED : R_DIM,
				3, k);
		return;
	}
	if (!v->chosen) {
		if (sel)
			add_line(l, tr(M_SURVEY_HIDDEN), R_DIM, 3, k);
		return;
	}
	if (!*ans) {
		add_line(l, tr(M_SURVEY_UNANSWERED), R_DIM, 3, k);
	} else if (q->type == SQ_TEXT) {
		slines tmp = {0};
		add_wrapped(&tmp, ans, R_EMPH, 3, w, k);
		int show = sel ? TEXT_PREVIEW : 1;
		for (int t = 0; t < tmp.n && t < show; t++)
			add_line(l, tmp.v[t].text, R_EMPH, 3, k);
		if (tmp.n > show) {
			snprintf(b, sizeof b, tr(M_SURVEY_MORE_LINES), tmp.n - show);
			add_line(l, b, R_DIM, 3, k);
		}
		lines_free(&tmp);
	} else if (q->type == SQ_MULTI) {
		/* one chosen option a line: the labels are long */
		for (int o = 0; o < q->noptions; o++)
			if (multi_has(ans, q->options[o].value))
				add_wrapped(l, L(&q->options[o].label), R_EMPH, 3, w, k);
	} else {
		column_format(&v->d->table->cols[k], ans, b, sizeof b);
		add_line(l, b, R_EMPH, 3, k);
	}
	if (sel && q->type == SQ_TEXT)
		add_line(l, tr(M_SURVEY_TEXT_HINT), R_DIM, 3, k);
}

/* Whose answers these are, how far they got. */
static void draw_who(app *a, sview *v, int y, rect area)
{
	char line[512], who[256];
	if (!v->chosen) {
		draw_text(y, area.x, area.w, tr(v->who.n ? M_SURVEY_WHO_NONE : M_SURVEY_NOBODY),
			R_EMPH);
		return;
	}
	int left;
	int done = answered_count(v, &left);
	char prog[128], req[96] = "";
	snprintf(prog, sizeof prog, tr(M_SURVEY_PROGRESS), done, v->d->nquestions);
	if (left) {
		req[0] = ' ';
		req[1] = ' ';
		snprintf(req + 2, sizeof req - 2, tr(M_SURVEY_REQUIRED_LEFT), left);
	}
	snprintf(who, sizeof who, tr(M_SURVEY_WHO), owner_sel_name(&v->who));
	int ww = draw_text_at(y, area.x, area.w, who, R_TITLE);
	snprintf(line, sizeof line, "  %s  %s%s", tr(M_SURVEY_WHO_HINT), prog, req);
	if (sheet_may_write(a->st, OWNER_PERSON, person_id(v), NULL) != MM_OK) {
		size_t n = strlen(line);
		snprintf(line + n, sizeof line - n, "  %s", tr(M_SURVEY_READONLY));
	}
	draw_text(y, area.x + ww, area.w - ww, line, R_DIM);
}

static void draw_answer(app *a, sview *v, rect area)
{
	int y = area.y;
	draw_who(a, v, y, area);
	y++;
	if (v->act->prompt.ja)
		draw_text(y++, area.x, area.w, L(&v->act->prompt), R_NORMAL);
	draw_text(y++, area.x, area.w, tr(a->role == ROLE_FACILITATOR ? M_SURVEY_PRIVACY_FAC
		: M_SURVEY_PRIVACY), R_DIM);
	y++;
	rect r = {y, area.x, area.y + area.h - y, area.w};
	slines l = {0};
	int first = 0, last = 0;
	for (int k = 0; k < v->d->nquestions; k++) {
		if (k == v->sel)
			first = l.n;
		question_lines(v, k, r.w, &l);
		if (k == v->sel)
			last = l.n - 1;
		add_line(&l, "", R_NORMAL, 0, -1);
	}
	v->page = r.h;
	/* the selected question whole on the screen, its start if it is taller */
	if (last >= v->ans_top + r.h)
		v->ans_top = last - r.h + 1;
	if (first < v->ans_top || last - first >= r.h)
		v->ans_top = first;
	if (v->ans_top < 0)
		v->ans_top = 0;
	draw_lines(&l, v->ans_top, r);
	if (l.n > v->ans_top + r.h)
		draw_text_at(r.y + r.h - 1, r.x + r.w - 1, 1, "v", R_EMPH);
	if (v->ans_top > 0)
		draw_text_at(r.y, r.x + r.w - 1, 1, "^", R_EMPH);
	lines_free(&l);
}

/* ---- the results screen ------------------------------------------------ */

/* LABEL, its percentage and count, and a bar of BARW columns at 100%; a
 * label wider than LW takes a line of its own, the numbers under it in the
 * same column. */
static void option_line(slines *l, const char *label, int lw, int count, int total, int w,
	int barw)
{
	char pct[64], cnt[32], padded[CELL_MAX], cntpad[48];
	snprintf(cnt, sizeof cnt, tr(M_SURVEY_PEOPLE), count);
	snprintf(pct, sizeof pct, "%4d%% ", survey_percent(count, total));
	int cw = text_width(cnt);
	snprintf(cntpad, sizeof cntpad, "%*s%s ", cw < 5 ? 5 - cw : 0, "", cnt);
	char text[CELL_MAX + 200];
	int indent = 3;
	if (text_width(label) > lw) {
		add_wrapped(l, label, R_NORMAL, 3, w, -1);
		snprintf(text, sizeof text, "%s%s", pct, cntpad);
		indent = 3 + lw + 1;
	} else {
		text_fit_pad(label, lw, padded);
		snprintf(text, sizeof text, "%s %s%s", padded, pct, cntpad);
	}
	int bar = 0;
	if (total > 0 && barw > 0) {
		bar = (int)(((long long)count * barw + total / 2) / total);
		if (count > 0 && bar == 0)
			bar = 1;
	}
	add_line(l, text, R_NORMAL, indent, -1);
	l->v[l->n - 1].bar = bar;
}

static void results_lines(const sview *v, int w, slines *l)
{
	const survey_def *d = v->d;
	const survey_result *r = &v->res;
	char line[CELL_MAX + 200];
	size_t n;
	add_line(l, "", R_NORMAL, 0, -1);
	if (r->respondents == 0) {
		add_line(l, tr(M_SURVEY_NO_ANSWERS), R_EMPH, 0, -1);
		l->v[l->n - 1].center = true;
		add_line(l, "", R_NORMAL, 0, -1);
	} else if (d->nsummaries) {
		for (int k = 0; k < d->nsummaries; k++) {
			survey_headline_text(d, r, k, line, sizeof line);
			add_line(l, line, R_EMPH, 0, -1);
			l->v[l->n - 1].center = true;
		}
		add_line(l, "", R_NORMAL, 0, -1);
	}
	/* bars of one length at 100% everywhere, so they compare across
	 * questions; labels as wide as the longest that leaves room for it */
	int barw = (w - 16) / 3 > 20 ? (w - 16) / 3 : 20;
	int cap = w - 3 - 1 - 12 - barw;
	if (cap < 12)
		cap = 12;
	for (int k = 0; k < d->nquestions; k++) {
		const survey_question *q = &d->questions[k];
		const survey_qresult *qr = &r->q[k];
		snprintf(line, sizeof line, "%d. %s", k + 1, L(&q->text));
		add_wrapped(l, line, R_HEADING, 0, w, k);
		if (q->type == SQ_TEXT) {
			snprintf(line, sizeof line, tr(M_SURVEY_TEXT_COUNT), qr->ntexts);
			add_line(l, line, R_DIM, 3, k);
			if (!qr->ntexts)
				add_line(l, tr(M_SURVEY_NO_TEXTS), R_DIM, 3, k);
			const char *bullet = i18n_lang() == LANG_JA ? "・" : "- ";
			int bw = text_width(bullet);
			for (int t = 0; t < qr->ntexts; t++) {
				int before = l->n;
				add_wrapped(l, qr->texts[t], R_NORMAL, 3 + bw, w, k);
				char *first = l->v[before].text;
				snprintf(line, sizeof line, "%s%s", bullet, first);
				free(first);
				l->v[before].text = xstrdup(line);
				l->v[before].indent = 3;
			}
			add_line(l, "", R_NORMAL, 0, -1);
			continue;
		}
		snprintf(line, sizeof line, tr(M_SURVEY_ANSWERED), qr->answered);
		if (q->type == SQ_SCALE && qr->answered) {
			n = strlen(line);
			snprintf(line + n, sizeof line - n, "  ");
			n = strlen(line);
			snprintf(line + n, sizeof line - n, tr(M_SURVEY_MEAN), qr->mean,
				L(&q->options[0].label), q->noptions, L(&q->options[q->noptions - 1].label));
		} else if (q->type == SQ_MULTI) {
			n = strlen(line);
			snprintf(line + n, sizeof line - n, "  %s", tr(M_SURVEY_MULTI_NOTE));
		}
		add_wrapped(l, line, R_DIM, 3, w, k);
		int lw = 0;
		for (int o = 0; o < q->noptions; o++) {
			int tw = text_width(L(&q->options[o].label));
			if (tw <= cap && tw > lw)
				lw = tw;
		}
		if (lw == 0)
			lw = cap;
		for (int o = 0; o < q->noptions; o++)
			option_line(l, L(&q->options[o].label), lw, qr->counts[o], qr->answered, w, barw);
		add_line(l, "", R_NORMAL, 0, -1);
	}
}

static void draw_results(sview *v, rect area)
{
	/* a fixed first line: what this is, how many answered, where we are */
	char info[512];
	snprintf(info, sizeof info, "%s  ", tr(M_SURVEY_RESULTS_INFO));
	size_t n = strlen(info);
	snprintf(info + n, sizeof info - n, tr(M_SURVEY_RESPONDENTS), v->res.respondents,
		v->res.people);
	rect r = {area.y + 1, area.x, area.h - 1, area.w};
	slines l = {0};
	results_lines(v, r.w, &l);
	v->page = r.h;
	if (v->res_top > l.n - r.h)
		v->res_top = l.n - r.h;
	if (v->res_top < 0)
		v->res_top = 0;
	int pw = 0;
	if (l.n > r.h) {
		char pos[64];
		int lastl = v->res_top + r.h < l.n ? v->res_top + r.h : l.n;
		snprintf(pos, sizeof pos, tr(M_SCROLL_POS), lastl, l.n);
		pw = text_width(pos) + 1;
		draw_text(area.y, area.x + area.w - pw + 1, pw - 1, pos, R_DIM);
	}
	draw_text(area.y, area.x, area.w - pw, info, R_DIM);
	draw_lines(&l, v->res_top, r);
	lines_free(&l);
}

/* ---- popups ------------------------------------------------------------ */

/* The people this terminal answers for, to choose who answers now. */
static void draw_who_pick(sview *v, rect area)
{
	const char *title = tr(M_SURVEY_PICK_WHO);
	int w = text_width(title) + 4;
	for (int k = 0; k < v->who.n; k++) {
		int lw = text_width(v->who.owners[k].name) + 4;
		if (lw > w)
			w = lw;
	}
	if (w < 30)
		w = 30;
	rect r = popup_rect(area, w, v->pick.n + 2);
	draw_popup_frame(r, title);
	list_scroll(&v->pick, r.h - 2);
	for (int k = v->pick.top, y = r.y + 1; k < v->pick.n && y < r.y + r.h - 1; k++, y++) {
		char line[300];
		snprintf(line, sizeof line, " %s", v->who.owners[k].name);
		draw_text(y, r.x + 1, r.w - 2, line, k == v->pick.sel ? R_SELECTED : R_NORMAL);
	}
}

/* Both answers whole (up to a few lines each), so the choice is clear even
 * when two texts begin alike. */
static void draw_conflict(sview *v, rect area)
{
	enum { EACH = 4 };
	const column *c = &v->d->table->cols[v->edit_q];
	rect r = popup_rect(area, area.w - 6, 2 * EACH + 8);
	draw_popup_frame(r, tr(M_SURVEY_CONFLICT));
	char val[CELL_MAX];
	const char *who[2] = {tr(M_SURVEY_CONFLICT_MINE), tr(M_SURVEY_CONFLICT_THEIRS)};
	const char *stored[2] = {v->mine, v->conflict.theirs};
	int y = r.y + 2;
	for (int k = 0; k < 2; k++) {
		column_format(c, stored[k], val, sizeof val);
		draw_text(y++, r.x + 2, r.w - 4, who[k], R_HEADING);
		slines l = {0};
		add_wrapped(&l, val, R_NORMAL, 2, r.w - 4, -1);
		for (int i = 0; i < l.n && i < EACH; i++) {
			char *t = l.v[i].text;
			if (i == EACH - 1 && l.n > EACH) {
				char more[CELL_MAX + 64];
				snprintf(more, sizeof more, "%s %s", t, "~");
				draw_text(y + i, r.x + 4, r.w - 6, more, R_NORMAL);
			} else {
				draw_text(y + i, r.x + 4, r.w - 6, t, R_NORMAL);
			}
		}
		lines_free(&l);
		y += EACH + 1;
	}
	draw_text(r.y + r.h - 1, r.x + 2, r.w - 4, tr(M_SURVEY_CONFLICT_KEYS), R_EMPH);
}

static void survey_draw(app *a, view *vw, rect area)
{
	sview *v = vw->data;
	if (v->mode == SM_RESULTS)
		draw_results(v, area);
	else if (v->modal != SX_TEXT) /* the editor covers it all */
		draw_answer(a, v, area);
	switch (v->modal) {
	case SX_WHO:
		draw_who_pick(v, area);
		break;
	case SX_CONFLICT:
		draw_conflict(v, area);
		break;
	case SX_TEXT: {
		/* whose answer it is stays on top */
		draw_who(a, v, area.y, area);
		rect below = {area.y + 1, area.x, area.h - 1, area.w};
		rect r = popup_rect(below, area.w - 4, below.h - 1);
		draw_popup_frame(r, L(&v->d->questions[v->edit_q].text));
		v->text_box = (rect){r.y + 1, r.x + 1, r.h - 1, r.w - 2};
		break;
	}
	default:
		break;
	}
}

static void survey_cursor(app *a, view *vw)
{
	(void)a;
	sview *v = vw->data;
	if (v->modal == SX_TEXT) {
		const char *hint = tr(M_FOOTER_TEXTEDIT);
		editor_text_fit(&v->edt, v->text_box, hint);
		editor_text_draw(&v->edt, v->text_box, R_NORMAL, hint);
	}
}

/* ---- drafts of free text ----------------------------------------------- */

static void draft_prefix(const sview *v, char *out, size_t n)
{
	snprintf(out, n, "survey:%s:", v->act->id);
}

static void draft_place(const sview *v, char *out, size_t n)
{
	char prefix[128];
	draft_prefix(v, prefix, sizeof prefix);
	snprintf(out, n, "%s%lld:%s", prefix, (long long)person_id(v),
		v->d->questions[v->edit_q].id);
}

static void save_draft(app *a, sview *v, bool force)
{
	if (v->modal != SX_TEXT)
		return;
	const char *text = edit_text_get(&v->edt);
	int64_t now = store_now();
	if (!force && (strncmp(text, v->draft_text, sizeof v->draft_text - 1) == 0
		|| now == v->draft_at))
		return;
	char place[256];
	draft_place(v, place, sizeof place);
	if (store_draft_save(a->st, place, text, -1, NULL) == MM_OK) {
		snprintf(v->draft_text, sizeof v->draft_text, "%s", text);
		v->draft_at = now ? now : 1;
	}
}

static void drop_draft(app *a, sview *v)
{
	if (!v->draft_at)
		return;
	char place[256];
	draft_place(v, place, sizeof place);
	store_draft_drop(a->st, place, NULL);
	v->draft_at = 0;
	v->draft_text[0] = '\0';
}

/* ---- answering --------------------------------------------------------- */

static void end_modal(app *a, sview *v)
{
	if (v->modal == SX_TEXT)
		drop_draft(a, v);
	free(v->pick_on);
	v->pick_on = NULL;
	v->modal = SX_NONE;
}

/* Saves STORED as the answer to question Q of the person answering; on a
 * conflict opens the dialog. EXPECTED is the version the answer had when
 * the person started changing it. */
static bool save_answer(app *a, sview *v, int q, const char *stored, int expected)
{
	mm_error err;
	mm_status rc;
	if (survey_row(v->s) < 0 && sheet_reload(a->st, v->s, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return false;
	}
	int r = survey_row(v->s);
	if (r < 0) {
		if (!*stored)
			return true;
		const char **vals = xcalloc((size_t)v->d->nquestions + 1, sizeof *vals);
		vals[q] = stored;
		rc = sheet_insert(a->st, v->s, 0, vals, NULL, &v->hist, &err);
		free(vals);
	} else {
		sheet_conflict cf = {0};
		rc = sheet_set(a->st, v->s, v->s->rows[r].id, q, stored, expected, &cf, &v->hist, &err);
		if (rc == MM_ECONFLICT) {
			sheet_conflict_free(&v->conflict);
			v->conflict = cf;
			free(v->mine);
			v->mine = xstrdup(stored);
			v->edit_q = q;
			if (v->modal == SX_TEXT)
				drop_draft(a, v);
			free(v->pick_on);
			v->pick_on = NULL;
			v->modal = SX_CONFLICT;
			return false;
		}
	}
	if (rc != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return false;
	}
	refresh_results(a, v);
	return true;
}

static int version_of(const sview *v, int q)
{
	int r = survey_row(v->s);
	return r < 0 ? 0 : v->s->rows[r].cells[q].version;
}

static bool may_answer(app *a, sview *v)
{
	if (!v->chosen) {
		app_message(a, true, "%s", tr(M_SURVEY_CHOOSE_FIRST));
		return false;
	}
	mm_error err;
	if (sheet_may_write(a->st, OWNER_PERSON, person_id(v), &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return false;
	}
	return true;
}

/* Option O of the selected question, by its number key: a choice is saved,
 * a several-answer option is switched on or off. */
static void pick_number(app *a, sview *v, int o)
{
	const survey_question *q = &v->d->questions[v->sel];
	if (o < 0 || o >= q->noptions) {
		app_message(a, true, tr(M_SURVEY_NO_OPTION), o + 1);
		return;
	}
	if (!may_answer(a, v))
		return;
	const char *cur = answer_of(v, v->sel);
	if (q->type != SQ_MULTI) {
		/* one answer: on to the next question */
		if (save_answer(a, v, v->sel, q->options[o].value, version_of(v, v->sel))
			&& v->sel < v->d->nquestions - 1)
			v->sel++;
		return;
	}
	buf b = {0};
	for (int k = 0; k < q->noptions; k++) {
		bool on = multi_has(cur, q->options[k].value);
		if (k == o)
			on = !on;
		if (on)
			buf_printf(&b, "%s%s", b.len ? "," : "", q->options[k].value);
	}
	char *stored = buf_steal(&b);
	save_answer(a, v, v->sel, stored, version_of(v, v->sel));
	free(stored);
}

static void begin_answer(app *a, sview *v)
{
	if (!v->chosen) {
		open_who(a, v, SM_ANSWER);
		return;
	}
	if (!may_answer(a, v))
		return;
	const survey_question *q = &v->d->questions[v->sel];
	const char *cur = answer_of(v, v->sel);
	v->edit_q = v->sel;
	v->edit_version = version_of(v, v->sel);
	switch (q->type) {
	case SQ_SCALE:
	case SQ_CHOICE:
		v->pick = (list_state){q->noptions + 1, 0, 0};
		for (int o = 0; o < q->noptions; o++)
			if (strcmp(cur, q->options[o].value) == 0)
				v->pick.sel = o;
		v->modal = SX_PICK;
		break;
	case SQ_MULTI:
		free(v->pick_on);
		v->pick_on = xcalloc((size_t)q->noptions + 1, sizeof *v->pick_on);
		for (int o = 0; o < q->noptions; o++)
			v->pick_on[o] = multi_has(cur, q->options[o].value);
		v->pick = (list_state){q->noptions, 0, 0};
		v->modal = SX_FLAGS;
		break;
	case SQ_TEXT:
		edit_text_free(&v->edt);
		edit_text_init(&v->edt, 65536);
		edit_text_set(&v->edt, cur);
		edit_text_doc_end(&v->edt);
		v->modal = SX_TEXT;
		break;
	}
}

static void clear_answer(app *a, sview *v)
{
	if (!may_answer(a, v) || !*answer_of(v, v->sel))
		return;
	save_answer(a, v, v->sel, "", version_of(v, v->sel));
}

/* ---- export ------------------------------------------------------------ */

/* Writes DATA to a new file BASE.EXT in the current directory (never over
 * an existing one); the name used goes to PATH. */

static void export_results(app *a, sview *v)
{
	buf csv = {0}, md = {0};
	mm_error err;
	if (survey_export(v->act, a->st, NULL, "csv", &csv, &err) != MM_OK
		|| survey_export(v->act, a->st, NULL, "md", &md, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
	} else {
		char base[128], p1[160], p2[160];
		snprintf(base, sizeof base, "%s-results", v->act->id);
		if (!ui_write_new(base, "csv", &csv, p1, sizeof p1))
			app_message(a, true, tr(M_SURVEY_EXPORT_FAILED), p1);
		else if (!ui_write_new(base, "md", &md, p2, sizeof p2))
			app_message(a, true, tr(M_SURVEY_EXPORT_FAILED), p2);
		else
			app_message(a, false, tr(M_SURVEY_EXPORTED), p1, p2);
	}
	buf_free(&csv);
	buf_free(&md);
}

/* ---- keys -------------------------------------------------------------- */

static bool survey_act(app *a, view *vw, action act)
{
	sview *v = vw->data;
	mm_error err;
	switch (act) {
	case A_FORM:
		v->mode = v->mode == SM_RESULTS ? SM_ANSWER : SM_RESULTS;
		if (v->mode == SM_RESULTS)
			refresh_results(a, v);
		return true;
	case A_WHO:
		open_who(a, v, SM_ANSWER);
		return true;
	case A_NEXT_OWNER:
	case A_PREV_OWNER:
		step_person(a, v, act == A_NEXT_OWNER ? 1 : -1);
		return true;
	case A_EXPORT:
		export_results(a, v);
		return true;
	default:
		break;
	}
	if (v->mode == SM_RESULTS) {
		int page = v->page > 1 ? v->page - 1 : 1;
		switch (act) {
		case A_UP: v->res_top--; break;
		case A_DOWN: v->res_top++; break;
		case A_PGUP: v->res_top -= page; break;
		case A_PGDN: v->res_top += page; break;
		case A_HOME: v->res_top = 0; break;
		case A_END: v->res_top = 1 << 20; break;
		case A_EDIT: case A_OPEN: case A_COL_LEFT: case A_COL_RIGHT: return true;
		default: return false;
		}
		if (v->res_top < 0)
			v->res_top = 0;
		return true;
	}
	int nq = v->d->nquestions;
	switch (act) {
	case A_UP: if (v->sel > 0) v->sel--; return true;
	case A_DOWN: if (v->sel < nq - 1) v->sel++; return true;
	case A_PGUP: v->sel = v->sel > 3 ? v->sel - 3 : 0; return true;
	case A_PGDN: v->sel = v->sel + 3 < nq ? v->sel + 3 : nq - 1; return true;
	case A_HOME: v->sel = 0; return true;
	case A_END: v->sel = nq - 1; return true;
	case A_EDIT:
	case A_OPEN:
		begin_answer(a, v);
		return true;
	case A_CLEAR:
		clear_answer(a, v);
		return true;
	case A_UNDO:
	case A_REDO:
		if (v->s && sheet_undo(a->st, v->s, &v->hist, act == A_REDO, &err) != MM_OK)
			app_message(a, true, "%s", err.msg);
		else if (v->s)
			app_message(a, false, "%s", tr(act == A_REDO ? M_REDONE : M_UNDONE));
		refresh_results(a, v);
		return true;
	case A_COL_LEFT:
	case A_COL_RIGHT:
		return true;
	default:
		return false;
	}
}

static void pick_accept(app *a, sview *v)
{
	const survey_question *q = &v->d->questions[v->edit_q];
	if (v->modal == SX_WHO) {
		v->modal = SX_NONE;
		choose_person(a, v, v->pick.sel);
		v->mode = v->after_who;
		return;
	}
	char *stored;
	if (v->modal == SX_FLAGS) {
		buf b = {0};
		for (int k = 0; k < q->noptions; k++)
			if (v->pick_on[k])
				buf_printf(&b, "%s%s", b.len ? "," : "", q->options[k].value);
		stored = buf_steal(&b);
	} else {
		stored = xstrdup(v->pick.sel < q->noptions ? q->options[v->pick.sel].value : "");
	}
	if (save_answer(a, v, v->edit_q, stored, v->edit_version)) {
		end_modal(a, v);
		if (v->sel < v->d->nquestions - 1)
			v->sel++; /* on to the next question */
	}
	free(stored);
}

/* Keys while a picker, the editor or the conflict dialog is open, and the
 * number keys of the answering screen. */
static bool survey_raw(app *a, view *vw, int r, wint_t ch)
{
	sview *v = vw->data;
	mm_error err;
	switch (v->modal) {
	case SX_NONE:
		if (v->mode == SM_ANSWER && r == OK && ch >= '1' && ch <= '9'
			&& v->d->questions[v->sel].type != SQ_TEXT) {
			pick_number(a, v, (int)(ch - '1'));
			return true;
		}
		return false;
	case SX_TEXT: {
		ed_result res = editor_text_key(&v->edt, r, ch);
		if (res == ED_CANCEL) {
			end_modal(a, v);
		} else if (res == ED_ACCEPT) {
			char *stored = NULL;
			const column *c = &v->d->table->cols[v->edit_q];
			if (column_parse(c, edit_text_get(&v->edt), &stored, &err) != MM_OK)
				app_message(a, true, "%s", err.msg); /* the text stays to be fixed */
			else if (save_answer(a, v, v->edit_q, stored, v->edit_version)) {
				end_modal(a, v);
				app_message(a, false, "%s", tr(M_SURVEY_SAVED_ANSWER));
			}
			free(stored);
		} else {
			save_draft(a, v, false);
		}
		return true;
	}
	case SX_PICK:
	case SX_FLAGS:
	case SX_WHO: {
		action act = keymap_lookup((int)ch, r == KEY_CODE_YES, C_LIST);
		if (r == OK && ch == ' ' && v->modal == SX_FLAGS) {
			v->pick_on[v->pick.sel] = !v->pick_on[v->pick.sel];
		} else if (r == OK && ch >= '1' && ch <= '9' && v->modal != SX_WHO) {
			int o = (int)(ch - '1');
			if (o < v->d->questions[v->edit_q].noptions) {
				v->pick.sel = o;
				if (v->modal == SX_FLAGS)
					v->pick_on[o] = !v->pick_on[o];
				else
					pick_accept(a, v);
			}
		} else if (act == A_UP || act == A_DOWN || act == A_HOME || act == A_END
			|| act == A_PGUP || act == A_PGDN) {
			list_act(&v->pick, act, 8);
		} else if (act == A_OPEN) {
			pick_accept(a, v);
		} else if (act == A_BACK || act == A_QUIT) {
			end_modal(a, v);
		}
		return true;
	}
	case SX_CONFLICT:
		if (r == OK && ch == '1') {
			int row = survey_row(v->s);
			int64_t rid = row >= 0 ? v->s->rows[row].id : 0;
			if (sheet_set(a->st, v->s, rid, v->edit_q, v->mine, v->conflict.version, NULL,
				&v->hist, &err) != MM_OK)
				/* changed yet again: yours wins, both stay in the history */
				sheet_set(a->st, v->s, rid, v->edit_q, v->mine, -1, NULL, &v->hist, &err);
			app_message(a, false, "%s", tr(M_SURVEY_KEPT_MINE));
		} else if (r == OK && (ch == '2' || ch == 27)) {
			int row = survey_row(v->s);
			if (row >= 0)
				sheet_log_discarded(a->st, v->s, v->s->rows[row].id, v->edit_q, v->mine, &err);
			sheet_reload(a->st, v->s, &err);
			app_message(a, false, "%s", tr(M_SURVEY_KEPT_THEIRS));
		} else {
			return true;
		}
		sheet_conflict_free(&v->conflict);
		free(v->mine);
		v->mine = NULL;
		v->modal = SX_NONE;
		refresh_results(a, v);
		return true;
	}
	return false;
}

static msg_id survey_footer(app *a, view *vw)
{
	(void)a;
	sview *v = vw->data;
	switch (v->modal) {
	case SX_TEXT: return M_FOOTER_TEXTEDIT;
	case SX_PICK: case SX_WHO: return M_FOOTER_PICK;
	case SX_FLAGS: return M_FOOTER_FLAGS;
	case SX_CONFLICT: return M_SURVEY_CONFLICT_KEYS;
	default: break;
	}
	return v->mode == SM_ANSWER ? M_SURVEY_FOOTER_ANSWER : M_SURVEY_FOOTER_RESULTS;
}

/* ---- life cycle -------------------------------------------------------- */

static void survey_reload(app *a, view *vw)
{
	sview *v = vw->data;
	mm_error err;
	if (v->s && sheet_reload(a->st, v->s, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	refresh_results(a, v);
}

static void survey_tick(app *a, view *vw)
{
	save_draft(a, vw->data, false);
}

static void survey_hangup(app *a, view *vw)
{
	save_draft(a, vw->data, true);
}

static void survey_free_view(view *vw)
{
	sview *v = vw->data;
	sheet_free(v->s);
	history_free(&v->hist);
	owner_sel_free(&v->who);
	survey_result_free(&v->res);
	edit_text_free(&v->edt);
	free(v->pick_on);
	sheet_conflict_free(&v->conflict);
	free(v->mine);
	free(v);
	free(vw);
}

/* What was being written when the terminal went away comes back, for the
 * same person and question. */
static void restore_draft(app *a, sview *v)
{
	char prefix[128], *place = NULL, *text = NULL;
	draft_prefix(v, prefix, sizeof prefix);
	if (store_draft_take(a->st, prefix, &place, &text, NULL, NULL) != MM_OK || !place) {
		free(place);
		free(text);
		return;
	}
	long long pid = 0;
	char qid[64] = "";
	if (sscanf(place + strlen(prefix), "%lld:%63s", &pid, qid) == 2) {
		int q = table_col_index(v->d->table, qid);
		for (int k = 0; q >= 0 && k < v->who.n; k++)
			if (v->who.owners[k].id == pid) {
				choose_person(a, v, k);
				v->sel = q;
				begin_answer(a, v);
				if (v->modal == SX_TEXT) {
					edit_text_set(&v->edt, text);
					edit_text_doc_end(&v->edt);
					save_draft(a, v, true);
					app_message(a, false, "%s", tr(M_SURVEY_DRAFT_BACK));
				}
				break;
			}
	}
	free(place);
	free(text);
}

static const action help_keys[] = {A_EDIT, A_FORM, A_CLEAR, A_WHO, A_UNDO, A_REDO, A_NEXT_OWNER, A_PREV_OWNER, A_EXPORT, A_NONE};

static const view_ops survey_ops = {
	.name = "survey",
	.draw = survey_draw,
	.act = survey_act,
	.reload = survey_reload,
	.free = survey_free_view,
	.title = activity_view_title,
	.footer = M_SURVEY_FOOTER_RESULTS,
	.ctx = C_TABLE,
	.help_actions = help_keys,
	.raw = survey_raw,
	.footer_now = survey_footer,
	.cursor = survey_cursor,
	.tick = survey_tick,
	.hangup = survey_hangup,
};

view *view_survey_new(app *a, const activity *act)
{
	const survey_def *d = survey_of(act);
	if (!d || !d->table)
		return NULL;
	sview *v = xcalloc(1, sizeof *v);
	v->act = act;
	v->d = d;
	/* the facilitator (and the projector) start on the results */
	v->mode = a->role == ROLE_GROUP ? SM_ANSWER : SM_RESULTS;
	owner_sel_init(a, act, &v->who);
	edit_text_init(&v->edt, 65536);
	refresh_results(a, v);
	if (a->role != ROLE_PRESENTER)
		restore_draft(a, v);
	view *vw = xcalloc(1, sizeof *vw);
	vw->ops = &survey_ops;
	vw->act = act;
	vw->data = v;
	return vw;
}
