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
#include "editor.h"
#include "sheetedit.h"
#include "survey.h"
#include "text.h"
#include "ui.h"

#define TEXT_PREVIEW 6 /* lines of a free-text answer shown under its question */

typedef enum smode { SM_ANSWER, SM_RESULTS } smode;

enum { P_WHO = 1 };

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
	owner_sel who;     /* the people this terminal may answer for */
	bool chosen;       /* someone is answering (who.idx is theirs) */
	sheet *s;          /* their sheet */
	sheet_history *hist; /* the app's, for their sheet */
	int sel;           /* the question selected */
	int ans_top, res_top, page;
	survey_result res;
	sedit se;
	bool projector;    /* shown on the projector: no key hints */
	bool locked;       /* the chosen person has answered elsewhere: their
	                    * answers are hidden until their code is typed */
	edit_line *code;   /* the code being typed (NULL: closed) */
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

static void code_close(sview *v)
{
	if (!v->code)
		return;
	edit_free(v->code);
	free(v->code);
	v->code = NULL;
}

static void open_person(app *a, sview *v)
{
	sheet_free(v->s);
	v->s = NULL;
	v->locked = false;
	code_close(v);
	sedit_close(a, &v->se);
	if (!v->chosen)
		return;
	mm_error err;
	v->hist = app_history(a, v->act->id, OWNER_PERSON, owner_sel_id(&v->who));
	mm_status rc = sheet_open(a->st, v->d->table, OWNER_PERSON, owner_sel_id(&v->who), &v->s,
		&err);
	if (rc == MM_EDENIED && v->d->table->private_person) {
		/* answered already, on another terminal or by someone before */
		v->locked = true;
		v->s = NULL;
		return;
	}
	if (rc != MM_OK) {
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
	/* whoever answered before on this terminal keeps their answers to themselves */
	store_release_all(a->st);
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

/* The people this terminal answers for, to choose who answers now. */
static void open_who(app *a, sview *v)
{
	if (v->who.n == 0) {
		app_message(a, true, "%s", tr(M_SURVEY_NOBODY));
		return;
	}
	picklist p = {0};
	for (int k = 0; k < v->who.n; k++) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)v->who.owners[k].id);
		picklist_add(&p, id, v->who.owners[k].name);
	}
	p.list.sel = v->chosen ? v->who.idx : 0;
	sedit_pick(a, &v->se, NULL, P_WHO, &p, false, tr(M_SURVEY_PICK_WHO));
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
	buf line = {0};
	buf_printf(&line, "%d. %s%s%s", k + 1, L(&q->text),
		q->required ? tr(M_SURVEY_REQUIRED) : "",
		q->type == SQ_MULTI ? tr(M_SURVEY_MULTI_HINT) : "");
	/* while its picker is open, the options are in the picker */
	bool picking = v->se.mode == SE_PICK && !v->se.purpose && v->se.t.col == k;
	add_wrapped(l, buf_str(&line), sel ? R_SELECTED : R_HEADING, 0, w, k);
	const char *ans = answer_of(v, k);
	if (q->type != SQ_TEXT && (sel || !v->chosen)) {
		if (!sel || picking) {
			buf_free(&line);
			return;
		}
		for (int o = 0; o < q->noptions; o++) {
			bool on = q->type == SQ_MULTI ? multi_has(ans, q->options[o].value)
				: strcmp(ans, q->options[o].value) == 0;
			const char *mark = !v->chosen ? "" : q->type == SQ_MULTI
				? (on ? "[x] " : "[ ] ") : (on ? "(*) " : "( ) ");
			char num[16];
			snprintf(num, sizeof num, o < 9 ? "%d " : "  ", o + 1);
			buf_clear(&line);
			buf_printf(&line, "%s%s%s", num, mark, L(&q->options[o].label));
			int before = l->n;
			add_wrapped(l, buf_str(&line), on ? R_EMPH : R_NORMAL, 3, w, k);
			for (int c = before + 1; c < l->n; c++)
				l->v[c].indent = 3 + text_width(num) + text_width(mark);
		}
		buf_free(&line);
		return;
	}
	if (!v->chosen) {
		if (sel)
			add_line(l, tr(M_SURVEY_HIDDEN), R_DIM, 3, k);
		buf_free(&line);
		return;
	}
	buf_clear(&line);
	if (!*ans) {
		add_line(l, tr(M_SURVEY_UNANSWERED), R_DIM, 3, k);
	} else if (q->type == SQ_TEXT) {
		slines tmp = {0};
		add_wrapped(&tmp, ans, R_EMPH, 3, w, k);
		int show = sel ? TEXT_PREVIEW : 1;
		for (int t = 0; t < tmp.n && t < show; t++)
			add_line(l, tmp.v[t].text, R_EMPH, 3, k);
		if (tmp.n > show) {
			buf_printf(&line, tr(tmp.n - show == 1 ? M_SURVEY_MORE_LINE1 : M_SURVEY_MORE_LINES),
				tmp.n - show);
			add_line(l, buf_str(&line), R_DIM, 3, k);
		}
		lines_free(&tmp);
	} else if (q->type == SQ_MULTI) {
		/* one chosen option a line: the labels are long */
		for (int o = 0; o < q->noptions; o++)
			if (multi_has(ans, q->options[o].value))
				add_wrapped(l, L(&q->options[o].label), R_EMPH, 3, w, k);
	} else {
		column_format_buf(&v->d->table->cols[k], ans, &line);
		add_line(l, buf_str(&line), R_EMPH, 3, k);
	}
	if (sel && q->type == SQ_TEXT && !v->projector)
		add_line(l, tr(M_SURVEY_TEXT_HINT), R_DIM, 3, k);
	buf_free(&line);
}

/* Whose answers these are, how far they got. */
static void draw_who(app *a, sview *v, int y, rect area)
{
	if (!v->chosen) {
		draw_text(y, area.x, area.w, tr(!v->who.n ? M_SURVEY_NOBODY : app_on_projector(a)
			? M_PRESENT_SURVEY_WHO_NONE : M_SURVEY_WHO_NONE), R_EMPH);
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
	buf line = {0};
	buf_printf(&line, tr(M_SURVEY_WHO), owner_sel_name(&v->who));
	int ww = draw_text_at(y, area.x, area.w, buf_str(&line), R_TITLE);
	buf_clear(&line);
	buf_printf(&line, "  %s  %s%s", app_on_projector(a) ? "" : tr(M_SURVEY_WHO_HINT), prog,
		req);
	if (sheet_may_write(a->st, OWNER_PERSON, person_id(v), NULL) != MM_OK)
		buf_printf(&line, "  %s", tr(M_SURVEY_READONLY));
	draw_text(y, area.x + ww, area.w - ww, buf_str(&line), R_DIM);
	buf_free(&line);
}

/* The chosen person has answered: nothing of their answers, only how to
 * reach them with the code. */
static void draw_locked(app *a, sview *v, int y, rect area)
{
	buf line = {0};
	buf_printf(&line, tr(M_SURVEY_WHO), owner_sel_name(&v->who));
	int ww = draw_text_at(y, area.x, area.w, buf_str(&line), R_TITLE);
	if (!app_on_projector(a)) {
		char hint[96];
		snprintf(hint, sizeof hint, "  %s", tr(M_SURVEY_WHO_HINT));
		draw_text(y, area.x + ww, area.w - ww, hint, R_DIM);
	}
	buf_free(&line);
	y += 2;
	slines l = {0};
	add_wrapped(&l, tr(M_PRIV_ANSWERED_LOCKED), R_EMPH, 0, area.w, -1);
	if (!app_on_projector(a))
		add_wrapped(&l, tr(M_PRIV_CODE_HINT), R_DIM, 0, area.w, -1);
	draw_lines(&l, 0, (rect){y, area.x, area.y + area.h - y, area.w});
	y += l.n + 1;
	lines_free(&l);
	if (v->code && y < area.y + area.h) {
		const char *label = tr(M_PRIV_CODE_PROMPT);
		int lw = text_width(label);
		draw_text(y, area.x, lw, label, R_EMPH);
		int w = area.w - lw - 1 < 4 ? 4 : area.w - lw - 1;
		if (w > 24)
			w = 24;
		editor_line_fit(v->code, w);
		editor_line_draw(v->code, y, area.x + lw, w, R_SELECTED);
	}
}

static void draw_answer(app *a, sview *v, rect area)
{
	int y = area.y;
	if (v->locked) {
		draw_locked(a, v, y, area);
		return;
	}
	draw_who(a, v, y, area);
	y++;
	if (v->act->prompt.ja)
		draw_text(y++, area.x, area.w, L(&v->act->prompt), R_NORMAL);
	draw_text(y++, area.x, area.w, tr(a->role == ROLE_FACILITATOR ? M_SURVEY_PRIVACY_FAC
		: app_on_projector(a) ? M_PRESENT_SURVEY_PRIVACY : M_SURVEY_PRIVACY), R_DIM);
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
	char pct[64], cnt[32], cntpad[48];
	snprintf(cnt, sizeof cnt, tr(M_SURVEY_PEOPLE), count);
	snprintf(pct, sizeof pct, "%4d%% ", survey_percent(count, total));
	int cw = text_width(cnt);
	snprintf(cntpad, sizeof cntpad, "%*s%s ", cw < 5 ? 5 - cw : 0, "", cnt);
	buf text = {0};
	int indent = 3;
	if (text_width(label) > lw) {
		add_wrapped(l, label, R_NORMAL, 3, w, -1);
		buf_printf(&text, "%s%s", pct, cntpad);
		indent = 3 + lw + 1;
	} else {
		char *padded = xmalloc(strlen(label) + (size_t)(lw > 0 ? lw : 0) + 4);
		text_fit_pad(label, lw, padded);
		buf_printf(&text, "%s %s%s", padded, pct, cntpad);
		free(padded);
	}
	int bar = 0;
	if (total > 0 && barw > 0) {
		bar = (int)(((long long)count * barw + total / 2) / total);
		if (count > 0 && bar == 0)
			bar = 1;
	}
	add_line(l, buf_str(&text), R_NORMAL, indent, -1);
	l->v[l->n - 1].bar = bar;
	buf_free(&text);
}

static void results_lines(const sview *v, int w, slines *l)
{
	const survey_def *d = v->d;
	const survey_result *r = &v->res;
	buf line = {0};
	add_line(l, "", R_NORMAL, 0, -1);
	if (r->respondents == 0 || r->hidden) {
		add_line(l, tr(r->respondents ? M_PRIV_MIN_RESPONDENTS : M_SURVEY_NO_ANSWERS), R_EMPH,
			0, -1);
		l->v[l->n - 1].center = true;
		add_line(l, "", R_NORMAL, 0, -1);
		buf_free(&line);
		return;
	} else if (d->nsummaries) {
		for (int k = 0; k < d->nsummaries; k++) {
			buf_clear(&line);
			survey_headline_buf(d, r, k, &line);
			add_line(l, buf_str(&line), R_EMPH, 0, -1);
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
		buf_clear(&line);
		buf_printf(&line, "%d. %s", k + 1, L(&q->text));
		add_wrapped(l, buf_str(&line), R_HEADING, 0, w, k);
		if (q->type == SQ_TEXT) {
			buf_clear(&line);
			buf_printf(&line, tr(M_SURVEY_TEXT_COUNT), qr->ntexts);
			add_line(l, buf_str(&line), R_DIM, 3, k);
			if (!qr->ntexts)
				add_line(l, tr(M_SURVEY_NO_TEXTS), R_DIM, 3, k);
			const char *bullet = tr(M_SURVEY_BULLET);
			int bw = text_width(bullet);
			for (int t = 0; t < qr->ntexts; t++) {
				int before = l->n;
				add_wrapped(l, qr->texts[t], R_NORMAL, 3 + bw, w, k);
				char *first = l->v[before].text;
				buf_clear(&line);
				buf_printf(&line, "%s%s", bullet, first);
				free(first);
				l->v[before].text = xstrdup(buf_str(&line));
				l->v[before].indent = 3;
			}
			add_line(l, "", R_NORMAL, 0, -1);
			continue;
		}
		buf_clear(&line);
		buf_printf(&line, tr(M_SURVEY_ANSWERED), qr->answered);
		if (q->type == SQ_SCALE && qr->answered) {
			buf_puts(&line, "  ");
			buf_printf(&line, tr(M_SURVEY_MEAN), qr->mean,
				L(&q->options[0].label), q->noptions, L(&q->options[q->noptions - 1].label));
		} else if (q->type == SQ_MULTI) {
			buf_printf(&line, "  %s", tr(M_SURVEY_MULTI_NOTE));
		}
		add_wrapped(l, buf_str(&line), R_DIM, 3, w, k);
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
	buf_free(&line);
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

static void survey_draw(app *a, view *vw, rect area)
{
	sview *v = vw->data;
	if (v->mode == SM_RESULTS)
		draw_results(v, area);
	else
		draw_answer(a, v, area);
	sedit_draw(a, &v->se, area);
}

static void survey_cursor(app *a, view *vw)
{
	sview *v = vw->data;
	sedit_cursor(a, &v->se);
}

/* A key for the code prompt: Enter checks the code, Esc closes. */
static void code_key(app *a, sview *v, int r, wint_t ch)
{
	ed_result res = editor_line_key(v->code, r, ch);
	if (res == ED_CONTINUE)
		return;
	if (res == ED_ACCEPT) {
		mm_error err;
		char *text = xstrdup(edit_get_text(v->code));
		if (survey_unlock(a->st, v->act, person_id(v), text, &err) != MM_OK) {
			app_message(a, true, "%s", err.msg);
		} else {
			open_person(a, v);
			app_message(a, false, "%s", tr(M_PRIV_CODE_OK));
		}
		free(text);
	}
	code_close(v);
}

/* ---- answering: the callbacks of the editing layer ---------------------- */

static int version_of(const sview *v, int q)
{
	int r = survey_row(v->s);
	return r < 0 ? 0 : v->s->rows[r].cells[q].version;
}

/* The answer to question Q of the person answering; its draft key is
 * "person-id:question-id". */
static void target_of(const sview *v, int q, se_target *tg)
{
	int r = survey_row(v->s);
	*tg = (se_target){.row = r < 0 ? 0 : v->s->rows[r].id, .col = q,
		.version = version_of(v, q)};
	snprintf(tg->key, sizeof tg->key, "%lld:%s", (long long)person_id(v),
		v->d->questions[q].id);
	se_target_label(tg, "%d. %s", q + 1, L(&v->d->questions[q].text));
}

/* Saves STORED as the answer of the person answering; their first answer
 * makes their row. */
static mm_status ed_save(app *a, void *ctx, se_target *tg, const char *stored, int expected,
	sheet_conflict *cf, mm_error *err)
{
	sview *v = ctx;
	mm_status rc;
	if (survey_row(v->s) < 0 && (rc = sheet_reload(a->st, v->s, err)) != MM_OK)
		return rc;
	int r = survey_row(v->s);
	if (r >= 0)
		return sheet_set(a->st, v->s, v->s->rows[r].id, tg->col, stored, expected, cf, v->hist,
			err);
	if (!*stored)
		return MM_OK;
	const char **vals = xcalloc((size_t)v->d->nquestions + 1, sizeof *vals);
	vals[tg->col] = stored;
	rc = sheet_insert(a->st, v->s, 0, vals, &tg->row, v->hist, err);
	free(vals);
	return rc;
}

static mm_status ed_parse(void *ctx, const se_target *tg, const char *text, char **stored,
	mm_error *err)
{
	sview *v = ctx;
	return column_parse(&v->d->table->cols[tg->col], text, stored, err);
}

static void ed_discard(app *a, void *ctx, const se_target *tg, const char *stored)
{
	sview *v = ctx;
	mm_error err;
	int row = survey_row(v->s);
	if (row >= 0)
		sheet_log_discarded(a->st, v->s, v->s->rows[row].id, tg->col, stored, &err);
	sheet_reload(a->st, v->s, &err);
}

static void ed_show(void *ctx, const se_target *tg, const char *stored, buf *out)
{
	sview *v = ctx;
	size_t before = out->len;
	column_format_buf(&v->d->table->cols[tg->col], stored, out);
	if (out->len == before)
		buf_puts(out, "-");
}

/* A choice made (not a conflict settled, not a tick by number): on to the
 * next question. */
static void ed_after(app *a, void *ctx, const se_target *tg, bool saved, wint_t key)
{
	sview *v = ctx;
	refresh_results(a, v);
	if (!saved || !key)
		return;
	if (v->d->questions[tg->col].type == SQ_TEXT)
		app_message(a, false, "%s", tr(M_SURVEY_SAVED_ANSWER));
	else if (v->sel < v->d->nquestions - 1)
		v->sel++;
}

static void ed_picked(app *a, void *ctx, int purpose, const picklist *p, int k)
{
	(void)p;
	if (purpose == P_WHO)
		choose_person(a, ctx, k);
}

static const sedit_ops survey_edit_ops = {
	.save = ed_save,
	.parse = ed_parse,
	.discard = ed_discard,
	.show = ed_show,
	.after = ed_after,
	.picked = ed_picked,
};

static bool may_answer(app *a, sview *v)
{
	if (!v->chosen) {
		app_message(a, true, "%s", tr(M_SURVEY_CHOOSE_FIRST));
		return false;
	}
	if (v->locked) {
		app_message(a, true, "%s", tr(M_PRIV_ANSWERED_LOCKED));
		return false;
	}
	mm_error err;
	if (sheet_may_write(a->st, OWNER_PERSON, person_id(v), &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return false;
	}
	return true;
}

/* Option O of the selected question, by its number key: a choice is saved
 * (and on to the next question), a several-answer option switched on or off. */
static void pick_number(app *a, sview *v, wint_t ch)
{
	const survey_question *q = &v->d->questions[v->sel];
	int o = (int)(ch - '1');
	if (o < 0 || o >= q->noptions) {
		app_message(a, true, tr(M_SURVEY_NO_OPTION), o + 1);
		return;
	}
	if (!may_answer(a, v))
		return;
	se_target tg;
	target_of(v, v->sel, &tg);
	if (q->type != SQ_MULTI) {
		sedit_save(a, &v->se, &tg, q->options[o].value, ch);
		se_target_free(&tg);
		return;
	}
	const char *cur = answer_of(v, v->sel);
	buf b = {0};
	for (int k = 0; k < q->noptions; k++) {
		bool on = multi_has(cur, q->options[k].value);
		if (k == o)
			on = !on;
		if (on)
			buf_printf(&b, "%s%s", b.len ? "," : "", q->options[k].value);
	}
	sedit_save(a, &v->se, &tg, buf_str(&b), 0);
	buf_free(&b);
	se_target_free(&tg);
}

static void begin_answer(app *a, sview *v)
{
	if (!v->chosen) {
		open_who(a, v);
		return;
	}
	if (!may_answer(a, v))
		return;
	se_target tg;
	target_of(v, v->sel, &tg);
	const char *cur = answer_of(v, v->sel);
	if (v->d->questions[v->sel].type == SQ_TEXT) {
		sedit_text(a, &v->se, &tg, cur);
		edit_text_doc_end(&v->se.edt);
	} else {
		sedit_pick_column(a, &v->se, &tg, &v->d->table->cols[v->sel], NULL, cur);
	}
	se_target_free(&tg);
}

static void clear_answer(app *a, sview *v)
{
	if (!may_answer(a, v) || !*answer_of(v, v->sel))
		return;
	se_target tg;
	target_of(v, v->sel, &tg);
	sedit_save(a, &v->se, &tg, "", 0);
	se_target_free(&tg);
}

/* ---- export ------------------------------------------------------------ */

static void export_results(app *a, sview *v)
{
	buf csv = {0}, md = {0};
	mm_error err;
	if (survey_export(v->act, a->st, NULL, "csv", &csv, &err) != MM_OK
		|| survey_export(v->act, a->st, NULL, "md", &md, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
	} else {
		char base[128];
		buf p1 = {0}, p2 = {0};
		snprintf(base, sizeof base, "%s-results", v->act->id);
		if (!ui_write_new(base, "csv", &csv, &p1))
			app_message(a, true, tr(M_SURVEY_EXPORT_FAILED), buf_str(&p1));
		else if (!ui_write_new(base, "md", &md, &p2))
			app_message(a, true, tr(M_SURVEY_EXPORT_FAILED), buf_str(&p2));
		else
			app_message(a, false, tr(M_SURVEY_EXPORTED), buf_str(&p1), buf_str(&p2));
		buf_free(&p1);
		buf_free(&p2);
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
		open_who(a, v);
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
		if (v->s && sheet_undo(a->st, v->s, v->hist, act == A_REDO, &err) != MM_OK)
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

/* Keys while a picker, the editor or the conflict dialog is open, and the
 * number keys of the answering screen. */
static bool survey_raw(app *a, view *vw, int r, wint_t ch)
{
	sview *v = vw->data;
	if (sedit_busy(&v->se))
		return sedit_key(a, &v->se, r, ch);
	if (v->code) {
		if (r == OK || (r == KEY_CODE_YES && ch != KEY_RESIZE))
			code_key(a, v, r, ch);
		return true;
	}
	if (v->mode == SM_ANSWER && v->locked && r == OK && (ch == 'c' || ch == 'C')
		&& !app_on_projector(a)) {
		v->code = xcalloc(1, sizeof *v->code);
		edit_init(v->code, 32);
		return true;
	}
	if (v->mode == SM_ANSWER && v->locked && r == OK && ch >= '1' && ch <= '9') {
		app_message(a, true, "%s", tr(M_PRIV_ANSWERED_LOCKED));
		return true;
	}
	if (v->mode == SM_ANSWER && r == OK && ch >= '1' && ch <= '9'
		&& v->d->questions[v->sel].type != SQ_TEXT) {
		pick_number(a, v, ch);
		return true;
	}
	return false;
}

static msg_id survey_footer(app *a, view *vw)
{
	(void)a;
	sview *v = vw->data;
	msg_id m = sedit_footer(&v->se);
	if (m)
		return m;
	return v->mode == SM_ANSWER ? 0 : M_SURVEY_FOOTER_RESULTS;
}

static bool survey_modal(view *vw)
{
	sview *v = vw->data;
	return sedit_busy(&v->se) || v->code;
}

/* ---- life cycle -------------------------------------------------------- */

static void survey_reload(app *a, view *vw)
{
	sview *v = vw->data;
	mm_error err;
	mm_status rc = v->s ? sheet_reload(a->st, v->s, &err) : MM_OK;
	if (rc == MM_EDENIED && v->d->table->private_person) {
		/* answered on another terminal meanwhile: theirs now */
		sedit_close(a, &v->se);
		sheet_free(v->s);
		v->s = NULL;
		v->locked = true;
	} else if (rc != MM_OK) {
		app_message(a, true, "%s", err.msg);
	}
	refresh_results(a, v);
}

static void survey_tick(app *a, view *vw)
{
	sview *v = vw->data;
	sedit_tick(a, &v->se);
}

static void survey_hangup(app *a, view *vw)
{
	sview *v = vw->data;
	sedit_hangup(a, &v->se);
}

static void survey_free_view(view *vw)
{
	sview *v = vw->data;
	sheet_free(v->s);
	code_close(v);
	owner_sel_free(&v->who);
	survey_result_free(&v->res);
	sedit_free(&v->se);
	free(v);
	free(vw);
}

/* What was being written when the terminal went away comes back, for the
 * same person and question, against the version it was typed on. */
static void restore_draft(app *a, sview *v)
{
	char *key = NULL, *text = NULL;
	int base = -1;
	if (!sedit_take_draft(a, &v->se, &key, &text, &base))
		return;
	long long pid = 0;
	char qid[64] = "";
	int q = -1;
	if (sscanf(key, "%lld:%63s", &pid, qid) == 2 && (q = table_col_index(v->d->table, qid)) >= 0
		&& v->d->questions[q].type == SQ_TEXT) /* a choice's draft is dropped */
		for (int k = 0; k < v->who.n; k++)
			if (v->who.owners[k].id == pid) {
				choose_person(a, v, k);
				if (v->locked) /* answered elsewhere meanwhile: theirs alone */
					break;
				v->sel = q;
				begin_answer(a, v);
				sedit_restored(a, &v->se, text, base);
				edit_text_doc_end(&v->se.edt);
				break;
			}
	free(key);
	free(text);
}

static const view_key survey_keys[] = {
	{A_EDIT, M_SV_KEY_ANSWER, M_SV_BRIEF_ANSWER, KEYS_WRITERS, NULL},
	{A_NONE, M_SV_KEY_DIGIT, 0, KEYS_WRITERS, "1-9"},
	{A_WHO, M_SV_KEY_WHO, M_SV_BRIEF_WHO, KEYS_WRITERS, NULL},
	{A_CLEAR, M_SV_KEY_CLEAR, 0, KEYS_WRITERS, NULL},
	{A_FORM, M_SV_KEY_RESULTS, M_SV_BRIEF_RESULTS, 0, NULL},
	{A_UNDO, 0, M_BRIEF_UNDO, KEYS_WRITERS, NULL},
	{A_REDO, 0, 0, KEYS_WRITERS, NULL},
	{A_NEXT_OWNER, M_SV_KEY_NEXT_PERSON, 0, KEYS_WRITERS, NULL},
	{A_PREV_OWNER, M_SV_KEY_PREV_PERSON, 0, KEYS_WRITERS, NULL},
	{A_EXPORT, M_SV_KEY_EXPORT, 0, 0, NULL},
	VIEW_KEYS_END,
};


static const view_ops survey_ops = {
	.name = "survey",
	.draw = survey_draw,
	.act = survey_act,
	.reload = survey_reload,
	.free = survey_free_view,
	.title = activity_view_title,
	.footer = M_SURVEY_FOOTER_RESULTS,
	.ctx = C_TABLE,
	.keys = survey_keys,
	.raw = survey_raw,
	.footer_now = survey_footer,
	.cursor = survey_cursor,
	.tick = survey_tick,
	.hangup = survey_hangup,
	.modal = survey_modal,
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
	v->projector = app_on_projector(a);
	owner_sel_init(a, act, &v->who);
	sedit_init(&v->se, &survey_edit_ops, v);
	char prefix[128];
	snprintf(prefix, sizeof prefix, "survey:%s:", act->id);
	sedit_set_draft_prefix(&v->se, prefix);
	refresh_results(a, v);
	if (a->role != ROLE_PRESENTER)
		restore_draft(a, v);
	view *vw = xcalloc(1, sizeof *vw);
	vw->ops = &survey_ops;
	vw->act = act;
	vw->data = v;
	return vw;
}
