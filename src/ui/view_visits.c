/* view_visits.c — a company's expert visits at one visit: the hearing's
 * section scores (the suggestion from the answers, the expert's score and
 * its reason), the improvement plan's items with their status at every
 * visit, and a radar (six axes, visit 1 against the latest scored visit) with
 * bars per section, in braille (one column wide in every terminal, East Asian
 * ones included). Both series are told apart by glyph, not only colour:
 * visit 1 is a dotted line with o corners and ⠤ bars, the latest a solid line
 * with @ corners and ⣿ bars. Everything written goes through visits.h:
 * each write compares the version this view showed (a stale terminal is
 * told who wrote what, and what it typed stays open), u and Ctrl-R undo and
 * redo this terminal's writes one action at a time, and a reason or a note
 * being typed is kept as a draft when the terminal hangs up. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sheetedit.h"
#include "text.h"
#include "visits.h"
#include "vstate.h"

enum { P_STATUS = 1, P_AREAS };

typedef struct vview {
	visits *vm;
	owner_sel own;
	int visit;          /* 1..count */
	visit_score *scores; /* at visit */
	visits_summary sum;
	visit_plan_item *plan;
	int nplan;
	int cur, top, page;   /* rows: sections, then plan items */
	bool chart;         /* the chart alone (narrow screens) */
	bool loaded;        /* everything above was read (else nothing is drawn) */
	sedit se;           /* a reason or a note is typed in its line editor */
	visits_history *hist; /* this terminal's edits here, for u and Ctrl-R */
} vview;

static int nrows(const vview *w)
{
	return visits_nsections(w->vm) + w->nplan;
}

static int64_t company(const vview *w)
{
	return owner_sel_id(&w->own);
}

static void free_data(vview *w)
{
	if (w->scores)
		visit_scores_free(w->scores, visits_nsections(w->vm));
	visits_plan_free(w->plan, w->nplan, visits_count(w->vm));
	w->plan = NULL;
	w->nplan = 0;
	visits_summary_free(&w->sum);
}

static void load(app *a, vview *w)
{
	free_data(w);
	w->loaded = false;
	if (!w->own.n)
		return;
	mm_error err;
	w->loaded = visits_scores(a->st, w->vm, company(w), w->visit, w->scores, &err) == MM_OK
		&& visits_plan(a->st, w->vm, company(w), &w->plan, &w->nplan, &err) == MM_OK
		&& visits_summarize(a->st, w->vm, company(w), &w->sum, &err) == MM_OK;
	if (!w->loaded)
		app_message(a, true, "%s", err.msg);
	if (w->cur >= nrows(w))
		w->cur = nrows(w) - 1;
	if (w->cur < 0)
		w->cur = 0;
}

static void visits_reload(app *a, view *v)
{
	load(a, v->data);
}

/* Drafts of what is typed here are kept per company. */
static void set_draft_prefix(vview *w)
{
	char prefix[64];
	snprintf(prefix, sizeof prefix, "visits:%lld:", (long long)company(w));
	sedit_set_draft_prefix(&w->se, prefix);
}

static void restore_draft(app *a, vview *w);

static void visits_reopen(app *a, view *v)
{
	vview *w = v->data;
	sedit_close(a, &w->se);
	/* what could be undone was another company's */
	visits_history_clear(w->hist);
	w->cur = w->top = 0;
	set_draft_prefix(w);
	load(a, w);
	restore_draft(a, w);
}

/* ---- drawing: the list ----------------------------------------------------- */

static const char *status_label(const vview *w, const char *value)
{
	int n;
	const col_option *o = visits_statuses(w->vm, &n);
	for (int k = 0; value && *value && k < n; k++)
		if (strcmp(o[k].value, value) == 0)
			return L(&o[k].label);
	return "-";
}

/* The selected line in full at the bottom: a score's reason, or a plan
 * item's areas and this visit's note. */
static void draw_detail(vview *w, int y, int x, int width)
{
	int ns = visits_nsections(w->vm);
	buf b = {0};
	if (w->cur < ns && w->scores) {
		const visit_score *vs = &w->scores[w->cur];
		if (*vs->reason)
			buf_printf(&b, tr(M_VISITS_D_REASON), vs->reason);
	} else if (w->cur - ns < w->nplan) {
		const visit_plan_item *it = &w->plan[w->cur - ns];
		int na;
		const col_option *ar = visits_areas(w->vm, &na);
		buf tags = {0};
		for (int t = 0; t < it->nareas; t++) {
			const char *lab = it->areas[t];
			for (int k = 0; k < na; k++)
				if (strcmp(ar[k].value, it->areas[t]) == 0)
					lab = L(&ar[k].label);
			buf_printf(&tags, "%s%s", t ? tr(M_LIST_SEP) : "", lab);
		}
		buf_printf(&b, tr(M_VISITS_D_ITEM), tags.len ? buf_str(&tags) : "-", w->visit,
			*it->by_visit[w->visit - 1].note ? it->by_visit[w->visit - 1].note : "-");
		buf_free(&tags);
	}
	/* one line: line breaks in a note shown as spaces */
	for (size_t k = 0; k < b.len; k++)
		if (b.s[k] == '\n' || b.s[k] == '\r')
			b.s[k] = ' ';
	draw_text(y, x, width, buf_str(&b), R_DIM);
	buf_free(&b);
}

static void draw_list(app *a, vview *w, rect r)
{
	(void)a;
	if (r.h > 12) {
		r.h--;
		draw_detail(w, r.y + r.h, r.x, r.w);
	}
	int ns = visits_nsections(w->vm), y = r.y;
	char b[256];
	snprintf(b, sizeof b, tr(M_VISITS_SCORES_H), visits_score_max(w->vm));
	int lw = r.w - 14 > 40 ? 30 : r.w / 2 - 4;
	draw_text(y, r.x, r.w, b, R_HEADING);
	snprintf(b, sizeof b, "%s %s", tr(M_VISITS_H_SUGGESTED), tr(M_VISITS_H_SCORE));
	draw_text(y, r.x + lw, r.w - lw, b, R_HEAD);
	draw_text(y++, r.x + lw + 12, r.w - lw - 12, tr(M_VISITS_H_REASON), R_HEAD);
	for (int s = 0; s < ns && w->scores; s++, y++) {
		const visit_score *vs = &w->scores[s];
		theme_role role = w->cur == s ? R_SELECTED : R_NORMAL;
		draw_fill((rect){y, r.x, 1, r.w}, role);
		draw_text(y, r.x, lw, L(vs->title), role);
		char sug[16] = "-", ent[16] = "-";
		if (vs->suggested >= 0)
			snprintf(sug, sizeof sug, "%d", vs->suggested);
		if (vs->entered >= 0)
			snprintf(ent, sizeof ent, "%d", vs->entered);
		snprintf(b, sizeof b, "%4s %4s", sug, ent);
		draw_text(y, r.x + lw, 10, b, role);
		/* an entry that differs from its suggestion is marked */
		if (vs->entered >= 0 && vs->entered != vs->suggested)
			draw_text(y, r.x + lw + 10, 1, "*", w->cur == s ? role : R_EMPH);
		draw_text(y, r.x + lw + 12, r.w - lw - 12, vs->reason, role);
	}
	y++;
	if (y >= r.y + r.h)
		return;
	snprintf(b, sizeof b, tr(M_VISITS_PLAN_H), w->visit);
	draw_text(y, r.x, r.w, b, R_HEADING);
	int nv = visits_count(w->vm), cw = 0, nst = 0;
	const col_option *sto = visits_statuses(w->vm, &nst);
	for (int k = 0; k < nst; k++)
		if (text_width(L(&sto[k].label)) + 2 > cw)
			cw = text_width(L(&sto[k].label)) + 2;
	if (cw > 13)
		cw = 13;
	if (cw < 7)
		cw = 7;
	/* the plan is made at visit 2: earlier visits get a column only when
	 * some item has a status there (or it is the visit shown) */
	int v0 = 1;
	while (v0 < w->visit && v0 < nv) {
		bool any = false;
		for (int i = 0; i < w->nplan && !any; i++)
			any = *w->plan[i].by_visit[v0 - 1].status != '\0';
		if (any)
			break;
		v0++;
	}
	int shown = nv - v0 + 1;
	int sx = r.x + r.w - shown * cw;
	int plw = sx - r.x - 1;
	if (plw < 12) {
		cw = 0;
		plw = r.w - 10;
		sx = r.x + plw + 1;
	}
	y++;
	for (int k = v0; k <= nv && cw && y < r.y + r.h; k++) {
		char h[32];
		session_label(visits_session(w->vm, k), h, sizeof h);
		draw_text(y, sx + (k - v0) * cw, cw - 1, h, k == w->visit ? R_EMPH : R_HEAD);
	}
	if (cw)
		y++;
	if (w->nplan == 0) {
		draw_text(y, r.x + 2, r.w - 2, tr(M_VISITS_NO_PLAN_ITEMS), R_DIM);
		return;
	}
	w->page = r.y + r.h - y;
	int first = w->top;
	if (w->cur - ns >= 0 && w->cur - ns < first)
		first = w->cur - ns;
	if (w->cur - ns >= first + w->page)
		first = w->cur - ns - w->page + 1;
	if (first < 0)
		first = 0;
	w->top = first;
	for (int i = first; i < w->nplan && y < r.y + r.h; i++, y++) {
		const visit_plan_item *it = &w->plan[i];
		bool sel = w->cur == ns + i;
		theme_role role = sel ? R_SELECTED : R_NORMAL;
		draw_fill((rect){y, r.x, 1, r.w}, role);
		draw_text(y, r.x, plw, it->label, role);
		if (!cw) {
			draw_text(y, sx, r.w - plw - 1,
				status_label(w, it->by_visit[w->visit - 1].status), role);
			continue;
		}
		for (int k = v0; k <= nv; k++) {
			const char *st = it->by_visit[k - 1].status;
			theme_role cr = sel ? role : k == w->visit ? R_EMPH : *st ? R_NORMAL : R_DIM;
			draw_text(y, sx + (k - v0) * cw, cw - 1, status_label(w, st), cr);
		}
	}
}

/* ---- drawing: the radar ---------------------------------------------------- */

/* A braille canvas: each cell 2 dots wide, 4 high; per cell the dots of
 * visit 1 and of the latest visit, kept apart so each draws in its role. */
typedef struct canvas {
	int w, h; /* cells */
	unsigned char *first, *latest, *ring;
	char *mark; /* a corner glyph per cell: 0, 'o' (visit 1), '@' (latest) */
} canvas;

static void dot(canvas *c, unsigned char *layer, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w * 2 || y >= c->h * 4)
		return;
	static const unsigned char bits[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20},
		{0x40, 0x80}};
	layer[(y / 4) * c->w + x / 2] |= bits[y % 4][x % 2];
}

/* A line of dots; DASH > 0 leaves gaps (a dotted line). */
static void line(canvas *c, unsigned char *layer, double x0, double y0, double x1, double y1,
	int dash)
{
	double dx = x1 - x0, dy = y1 - y0;
	int n = (int)ceil(fmax(fabs(dx), fabs(dy)));
	if (n < 1)
		n = 1;
	for (int k = 0; k <= n; k++) {
		if (dash && (k / dash) % 2)
			continue;
		dot(c, layer, (int)lround(x0 + dx * k / n), (int)lround(y0 + dy * k / n));
	}
}

static void put_braille(int y, int x, unsigned char bits, theme_role role)
{
	char s[4];
	uint32_t cp = 0x2800u + bits;
	s[0] = (char)(0xE0 | (cp >> 12));
	s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	s[2] = (char)(0x80 | (cp & 0x3F));
	s[3] = 0;
	draw_text_at(y, x, 1, s, role);
}

/* Where to break TITLE so its first line fits ROOM columns: the whole when
 * it fits; else after its last space past the section's number (words stay
 * whole); else (Japanese) after "の", "と", "・" or "、", unless breaking
 * where the line is full shows more of it on two lines. */
static size_t wrap_at(const char *title, int room)
{
	int fw;
	size_t all = text_fit(title, room, &fw);
	if (!title[all])
		return all;
	/* words of a spaced language stay whole: the last space that leaves
	 * more than the section's number on the first line */
	size_t sp = 0;
	for (size_t k = 2; k < all; k++)
		if (title[k] == ' ' && (k > 2 || title[0] < '0' || title[0] > '9'))
			sp = k + 1;
	if (sp)
		return sp;
	int rest = text_width(title + all);
	size_t best = all;
	int shown = fw + (rest < room ? rest : room);
	static const char *after[] = {" ", "の", "と", "・", "、", "/"};
	for (size_t k = 0; k < all; k++)
		for (size_t a = 0; a < sizeof after / sizeof *after; a++) {
			size_t n = strlen(after[a]);
			if (k + n > all || strncmp(title + k, after[a], n) != 0)
				continue;
			char head[256];
			snprintf(head, sizeof head, "%.*s", (int)(k + n), title);
			int hw = text_width(head), rw = text_width(title + k + n);
			int sh = hw + (rw < room ? rw : room);
			if (sh >= shown) {
				shown = sh;
				best = k + n;
			}
		}
	return best;
}

/* An axis's label: its title (on the sides wrapped to two lines of ROOM
 * columns) and its scores ("1->4"), drawn clear of the lines: above the
 * top corner, below the bottom one, beside the side ones, away from the
 * hexagon (RIGHT: starting at X; else ending before X). */
static void axis_label(vview *w, int s, int latest, rect r, int x, int y, int where, int room)
{
	const char *title = L(&visits_hearing_def(w->vm)->sections[s].title);
	int f = w->sum.first[s], l = w->sum.latest[s];
	char sc[40], fs[16] = "-", ls[16] = "-";
	if (f >= 0)
		snprintf(fs, sizeof fs, "%d", f);
	if (l >= 0)
		snprintf(ls, sizeof ls, "%d", l);
	if (latest)
		snprintf(sc, sizeof sc, "%s->%s", fs, ls);
	else
		snprintf(sc, sizeof sc, "%s", fs);
	if (room < 4)
		return;
	if (where == 0) { /* top or bottom: one line, centred on X */
		char t[256];
		int sw = text_width(sc) + 1;
		snprintf(t, sizeof t, "%.*s %s", (int)text_fit(title, room - sw, NULL), title, sc);
		int tw = text_width(t), lx = x - tw / 2;
		if (lx < r.x)
			lx = r.x;
		if (lx + tw > r.x + r.w)
			lx = r.x + r.w - tw;
		draw_text_at(y, lx, r.x + r.w - lx, t, R_NORMAL);
		return;
	}
	/* a side: the title on up to two lines, the scores under it */
	char lines[3][160];
	int n = 0;
	size_t b = wrap_at(title, room);
	snprintf(lines[n++], sizeof lines[0], "%.*s", (int)b, title);
	if (title[b]) {
		const char *rest = title + b;
		while (*rest == ' ')
			rest++;
		snprintf(lines[n++], sizeof lines[0], "%.*s", (int)text_fit(rest, room, NULL), rest);
	}
	snprintf(lines[n++], sizeof lines[0], "%s", sc);
	int y0 = y - (n > 2 ? 1 : 0);
	for (int k = 0; k < n; k++) {
		int ly = y0 + k, lw = text_width(lines[k]);
		if (ly < r.y || ly >= r.y + r.h)
			continue;
		int lx = where > 0 ? x : x - lw;
		if (lx < r.x)
			lx = r.x;
		draw_text_at(ly, lx, r.x + r.w - lx, lines[k], k == n - 1 ? R_EMPH : R_NORMAL);
	}
}

/* The radar: the scale's outer hexagon in faint dots, no inner rings or
 * spokes; visit 1 dashed with o corners, the latest solid with @ corners;
 * each axis's name and scores outside the hexagon, clear of every line. */
static void draw_radar(vview *w, rect r)
{
	int ns = visits_nsections(w->vm), max = visits_score_max(w->vm);
	if (r.h < 8 || r.w < 20 || ns < 3 || ns > 16)
		return;
	/* the side labels' width: the longest title, within reason */
	int side = 0;
	for (int s = 0; s < ns; s++) {
		int tw = text_width(L(&visits_hearing_def(w->vm)->sections[s].title));
		if (tw > side)
			side = tw;
	}
	int cap = r.w >= 56 ? 14 : r.w >= 44 ? 10 : 8;
	if (side > cap)
		side = cap;
	/* the canvas: everything but a line above and below (top and bottom
	 * labels); the hexagon as large as the side labels leave room for
	 * (braille dots are about square: 2 a column, 4 a line) */
	canvas c = {r.w, r.h - 2, NULL, NULL, NULL, NULL};
	double rad_w = (r.w - 2.0 * (side + 3)) / 0.866;
	double rad_h = (c.h * 4.0 - 2) / 2.0;
	double rad = fmin(rad_w, rad_h);
	if (rad < 6)
		return;
	c.first = xcalloc((size_t)(c.w * c.h), 1);
	c.latest = xcalloc((size_t)(c.w * c.h), 1);
	c.mark = xcalloc((size_t)(c.w * c.h), 1);
	c.ring = xcalloc((size_t)(c.w * c.h), 1);
	double cx = c.w, cy = c.h * 2.0; /* the centre in dots */
	int latest = w->sum.latest_visit > 1 ? w->sum.latest_visit : 0;
	double px[2][16], py[2][16], ox[16], oy[16];
	for (int s = 0; s < ns; s++) {
		double ang = -M_PI / 2 + 2 * M_PI * s / ns;
		ox[s] = cx + rad * cos(ang);
		oy[s] = cy + rad * sin(ang);
		for (int ser = 0; ser < 2; ser++) {
			int v = ser == 0 ? w->sum.first[s] : w->sum.latest[s];
			double f = v > 0 ? (double)v / max : 0;
			px[ser][s] = cx + rad * f * cos(ang);
			py[ser][s] = cy + rad * f * sin(ang);
		}
	}
	for (int s = 0; s < ns; s++) {
		int t = (s + 1) % ns;
		/* the outer hexagon: a dot every other step, a faint frame */
		double dx = ox[t] - ox[s], dy = oy[t] - oy[s];
		int n = (int)ceil(fmax(fabs(dx), fabs(dy)));
		for (int k = 0; k < n; k += 2)
			dot(&c, c.ring, (int)lround(ox[s] + dx * k / n), (int)lround(oy[s] + dy * k / n));
		line(&c, c.first, px[0][s], py[0][s], px[0][t], py[0][t], 3);
		if (latest)
			line(&c, c.latest, px[1][s], py[1][s], px[1][t], py[1][t], 0);
	}
	for (int s = 0; s < ns; s++) {
		int x = (int)lround(px[0][s]) / 2, y = (int)lround(py[0][s]) / 4;
		if (x >= 0 && x < c.w && y >= 0 && y < c.h)
			c.mark[y * c.w + x] = 'o';
		if (latest) {
			x = (int)lround(px[1][s]) / 2;
			y = (int)lround(py[1][s]) / 4;
			if (x >= 0 && x < c.w && y >= 0 && y < c.h)
				c.mark[y * c.w + x] = '@';
		}
	}
	int x0 = r.x, y0 = r.y + 1;
	for (int y = 0; y < c.h; y++)
		for (int x = 0; x < c.w; x++) {
			int k = y * c.w + x;
			if (c.mark[k] == '@')
				draw_text_at(y0 + y, x0 + x, 1, "@", R_EMPH);
			else if (c.mark[k] == 'o')
				draw_text_at(y0 + y, x0 + x, 1, "o", R_NORMAL);
			else if (c.latest[k])
				put_braille(y0 + y, x0 + x, (unsigned char)(c.latest[k] | c.first[k]),
					R_EMPH);
			else if (c.first[k])
				put_braille(y0 + y, x0 + x, c.first[k], R_NORMAL);
			else if (c.ring[k])
				put_braille(y0 + y, x0 + x, c.ring[k], R_DIM);
		}
	draw_text_at(y0 + (int)(cy / 4), x0 + (int)(cx / 2), 1, "+", R_DIM);
	/* the axes' names at their corners, outside */
	for (int s = 0; s < ns; s++) {
		double ang = -M_PI / 2 + 2 * M_PI * s / ns;
		int vx = x0 + (int)lround(ox[s]) / 2, vy = y0 + (int)lround(oy[s]) / 4;
		if (fabs(cos(ang)) <= 0.2) {
			int room = r.w - 2;
			axis_label(w, s, latest, r, vx, sin(ang) < 0 ? vy - 1 : vy + 1, 0, room);
		} else if (cos(ang) > 0) {
			axis_label(w, s, latest, r, vx + 2, vy, 1, r.x + r.w - vx - 2);
		} else {
			axis_label(w, s, latest, r, vx - 1, vy, -1, vx - 1 - r.x);
		}
	}
	free(c.first);
	free(c.latest);
	free(c.mark);
	free(c.ring);
}

static void bar(char *out, size_t n, const char *glyph, const char *empty, int v, int max, int w)
{
	out[0] = 0;
	int f = v > 0 ? (int)lround((double)v * w / max) : 0;
	size_t len = 0;
	for (int k = 0; k < w; k++) {
		const char *g = k < f ? glyph : empty;
		size_t gl = strlen(g);
		if (len + gl + 1 >= n)
			break;
		memcpy(out + len, g, gl);
		len += gl;
	}
	out[len] = 0;
}

/* One line per section: its title, visit 1's bar and the latest's. */
static void draw_bars_compact(vview *w, rect r)
{
	int ns = visits_nsections(w->vm), max = visits_score_max(w->vm);
	int latest = w->sum.latest_visit > 1 ? w->sum.latest_visit : 0;
	int tw = r.w >= 60 ? 20 : r.w >= 44 ? 16 : 12;
	int bw = (r.w - tw - 8) / (latest ? 2 : 1);
	if (bw > 15)
		bw = 15;
	if (bw < 4)
		return;
	for (int s = 0; s < ns && s < r.h; s++) {
		char title[96], b1[128], b2[128], t[512];
		text_fit_pad(L(&visits_hearing_def(w->vm)->sections[s].title), tw, title);
		int f = w->sum.first[s], l = w->sum.latest[s];
		bar(b1, sizeof b1, "⠤", ".", f, max, bw);
		bar(b2, sizeof b2, "⣿", ".", l, max, bw);
		int x = r.x;
		x += draw_text_at(r.y + s, x, r.w, title, R_NORMAL);
		snprintf(t, sizeof t, " %s%c", b1, f >= 0 ? (char)('0' + f % 10) : '-');
		x += draw_text_at(r.y + s, x, r.x + r.w - x, t, R_NORMAL);
		if (latest) {
			snprintf(t, sizeof t, "  %s%c", b2, l >= 0 ? (char)('0' + l % 10) : '-');
			draw_text_at(r.y + s, x, r.x + r.w - x, t, R_EMPH);
		}
	}
}

/* The legend over the radar alone (the bars are elsewhere). */
static void draw_chart_radar(vview *w, rect r, int legend_w)
{
	int latest = w->sum.latest_visit > 1 ? w->sum.latest_visit : 0;
	char b[256], l1[32], l2[32];
	session_label(visits_session(w->vm, 1), l1, sizeof l1);
	if (latest) {
		session_label(visits_session(w->vm, latest), l2, sizeof l2);
		snprintf(b, sizeof b, tr(M_VISITS_LEGEND), l1, l2);
	} else {
		snprintf(b, sizeof b, "%s", tr(M_VISITS_RADAR_ONE));
	}
	bool any = false;
	for (int k = 0; k < visits_nsections(w->vm); k++)
		any = any || w->sum.first[k] >= 0 || w->sum.latest[k] >= 0;
	if (!any) {
		/* nothing to draw yet: say what is missing */
		draw_text(r.y, r.x, legend_w, tr(M_VISITS_NO_SCORES), R_HEADING);
		draw_text(r.y + 1, r.x, r.w, tr(M_VISITS_NO_SCORES_HINT), R_DIM);
		return;
	}
	draw_text(r.y, r.x, legend_w, b, R_HEADING);
	draw_radar(w, (rect){r.y + 1, r.x, r.h - 1, r.w});
}

/* The chart alone: the radar, and the bars beside it where there is room. */
static void draw_chart(vview *w, rect r)
{
	if (r.w >= 70) {
		int bw = r.w >= 100 ? 48 : 34, ns = visits_nsections(w->vm);
		draw_chart_radar(w, (rect){r.y, r.x, r.h, r.w - bw - 1}, r.w);
		int y = r.y + (r.h - ns - 1) / 2;
		draw_text(y, r.x + r.w - bw, bw, tr(M_VISITS_BARS_H), R_HEADING);
		draw_bars_compact(w, (rect){y + 1, r.x + r.w - bw, ns, bw});
	} else {
		draw_chart_radar(w, r, r.w);
	}
}

static void draw_header(app *a, vview *w, rect r)
{
	(void)a;
	char b[512], lab[32];
	const session *s = visits_session(w->vm, w->visit);
	session_label(s, lab, sizeof lab);
	snprintf(b, sizeof b, "%s  %s", lab, s ? L(&s->title) : "");
	draw_text(r.y, r.x, r.w, b, R_TITLE);
	buf line = {0};
	int nst = 0;
	const col_option *st = visits_statuses(w->vm, &nst);
	buf_printf(&line, tr(w->sum.nplan == 1 ? M_VISITS_PLAN_COUNT1 : M_VISITS_PLAN_COUNT),
		w->sum.nplan);
	for (int k = 0; k < nst; k++)
		buf_printf(&line, "  %s %d", L(&st[k].label), w->sum.status_counts[k]);
	if (w->sum.has_selfcheck) {
		char t[32];
		snprintf(t, sizeof t, "%g", w->sum.selfcheck_total);
		buf_puts(&line, "   ");
		buf_printf(&line, tr(M_VISITS_SELFCHECK), t,
			w->sum.selfcheck_band ? L(w->sum.selfcheck_band) : "");
	}
	draw_text(r.y + 1, r.x, r.w, buf_str(&line), R_NORMAL);
	buf_free(&line);
}

static void visits_draw(app *a, view *v, rect area)
{
	vview *w = v->data;
	w->se.area = area;
	rect r = {area.y + 1, area.x + 1, area.h - 1, area.w - 2};
	if (!w->own.n || !w->loaded) {
		draw_text(r.y, r.x, r.w, tr(w->own.n ? M_VISITS_NOT_READ : M_VISITS_NO_COMPANIES), R_DIM);
		sedit_draw(a, &w->se, area);
		return;
	}
	draw_header(a, w, r);
	rect body = {r.y + 3, r.x, r.h - 3, r.w};
	bool side = r.w >= 110 && r.h >= 30;
	if (w->chart && !side) {
		draw_chart(w, body);
	} else if (side) {
		/* the list over compact bars on the left, the radar on the right */
		int cw = r.w / 2;
		if (cw > 72)
			cw = 72;
		int ns = visits_nsections(w->vm), bh = ns + 1;
		rect left = {body.y, body.x, body.h, body.w - cw - 2};
		draw_list(a, w, (rect){left.y, left.x, left.h - bh - 1, left.w});
		draw_text(left.y + left.h - bh, left.x, left.w, tr(M_VISITS_BARS_H), R_HEADING);
		draw_bars_compact(w, (rect){left.y + left.h - ns, left.x, ns, left.w});
		draw_chart_radar(w, (rect){body.y, body.x + body.w - cw, body.h, cw}, cw);
	} else {
		draw_list(a, w, body);
	}
	sedit_draw(a, &w->se, area);
}

/* ---- writing -------------------------------------------------------------- */

static bool on_section(const vview *w)
{
	return w->cur < visits_nsections(w->vm);
}

static const visit_plan_item *cur_item(const vview *w)
{
	int i = w->cur - visits_nsections(w->vm);
	return i >= 0 && i < w->nplan ? &w->plan[i] : NULL;
}

/* Another terminal wrote the cell first (CF): who, as people say it. */
static void who_of(const sheet_conflict *cf, buf *out)
{
	who_label(cf->who, out);
}

/* A score without a reason (the suggestion, or a clear): saved at once,
 * against the version this view showed. */
static void set_score(app *a, vview *w, int score)
{
	if (!w->loaded)
		return;
	mm_error err;
	const visit_score *vs = &w->scores[w->cur];
	sheet_conflict cf = {0};
	visits_edit ed = {vs->version, &cf, w->hist};
	mm_status rc = visits_set_score_ex(a->st, w->vm, company(w), w->visit, vs->section, score,
		NULL, &ed, &err);
	if (rc == MM_ECONFLICT) {
		buf who = {0};
		who_of(&cf, &who);
		char mine[16];
		snprintf(mine, sizeof mine, "%d", score);
		app_message(a, true, tr(M_VISITS_SCORE_CONFLICT_KEY), buf_str(&who),
			*cf.theirs ? cf.theirs : "-", score >= 0 ? mine : "-");
		buf_free(&who);
	} else if (rc != MM_OK) {
		app_message(a, true, "%s", err.msg);
	} else {
		app_message(a, false, "%s", tr(score < 0 ? M_VISITS_SCORE_CLEARED : M_VISITS_SCORE_SAVED));
	}
	sheet_conflict_free(&cf);
	load(a, w);
}

/* The line editor for the reason of SCORE on the selected section, or for
 * this visit's note on the selected plan item; TEXT starts it. */
static void open_reason(app *a, vview *w, int score, const char *text)
{
	const visit_score *vs = &w->scores[w->cur];
	se_target t = {0};
	snprintf(t.key, sizeof t.key, "reason:%d:%d:%s", w->visit, score, vs->section);
	t.version = vs->version;
	if (vs->suggested >= 0)
		se_target_label(&t, tr(M_VISITS_REASON_PROMPT), vs->suggested, score);
	else
		se_target_label(&t, tr(M_VISITS_REASON_PROMPT_NONE), score);
	/* the label ends with a colon already: the editor adds its own */
	size_t n = strlen(t.label);
	if (n && t.label[n - 1] == ':')
		t.label[n - 1] = 0;
	sedit_line(a, &w->se, &t, text);
	se_target_free(&t);
}

static void open_note(app *a, vview *w, const visit_plan_item *it, const char *text)
{
	se_target t = {0};
	snprintf(t.key, sizeof t.key, "note:%d:%lld", w->visit, (long long)it->row);
	t.version = it->by_visit[w->visit - 1].note_version;
	se_target_label(&t, tr(M_VISITS_NOTE_PROMPT), w->visit);
	size_t n = strlen(t.label);
	if (n && t.label[n - 1] == ':')
		t.label[n - 1] = 0;
	sedit_line(a, &w->se, &t, text);
	se_target_free(&t);
}

/* The line editor's Enter: the reason with its score, or the note. A cell
 * another terminal wrote since the typing began is not written over
 * unseen: the message says who and what, the text stays open, and Enter
 * once more saves it over (against the version now seen). */
static mm_status ed_save(app *a, void *ctx, se_target *t, const char *stored, int expected,
	sheet_conflict *unused, mm_error *err)
{
	(void)unused;
	vview *w = ctx;
	int visit = 0, score = 0;
	long long row = 0;
	char sec[100];
	sheet_conflict cf = {0};
	visits_edit ed = {expected, &cf, w->hist};
	mm_status rc;
	bool reason = false;
	if (sscanf(t->key, "reason:%d:%d:%99s", &visit, &score, sec) == 3) {
		reason = true;
		rc = visits_set_score_ex(a->st, w->vm, company(w), visit, sec, score, stored, &ed, err);
	} else if (sscanf(t->key, "note:%d:%lld", &visit, &row) == 2) {
		rc = visits_set_status_ex(a->st, w->vm, company(w), (int64_t)row, visit, NULL, NULL,
			stored, &ed, err);
	} else {
		return mm_fail(err, MM_EUSER, "%s", tr(M_VISITS_NO_ROW));
	}
	if (rc == MM_ECONFLICT) {
		buf who = {0};
		who_of(&cf, &who);
		if (reason)
			mm_fail(err, MM_EUSER, tr(M_VISITS_SCORE_CONFLICT), buf_str(&who),
				*cf.theirs ? cf.theirs : "-", score);
		else
			mm_fail(err, MM_EUSER, tr(M_VISITS_NOTE_CONFLICT), buf_str(&who), cf.theirs);
		buf_free(&who);
		t->version = cf.version;
		rc = MM_EUSER;
	} else if (rc == MM_OK) {
		app_message(a, false, "%s", tr(reason ? M_VISITS_SCORE_SAVED : M_VISITS_NOTE_SAVED));
	}
	sheet_conflict_free(&cf);
	load(a, w);
	return rc;
}

/* Status VALUE (shown as LABEL) for IT at this visit, against the version
 * this view showed. */
static void set_status(app *a, vview *w, const visit_plan_item *it, const char *value,
	const char *label)
{
	mm_error err;
	sheet_conflict cf = {0};
	visits_edit ed = {it->by_visit[w->visit - 1].version, &cf, w->hist};
	mm_status rc = visits_set_status_ex(a->st, w->vm, company(w), it->row, w->visit, value,
		NULL, NULL, &ed, &err);
	if (rc == MM_ECONFLICT) {
		buf who = {0};
		who_of(&cf, &who);
		app_message(a, true, tr(M_VISITS_STATUS_CONFLICT), buf_str(&who),
			status_label(w, cf.theirs), label);
		buf_free(&who);
	} else if (rc != MM_OK) {
		app_message(a, true, "%s", err.msg);
	} else {
		app_message(a, false, tr(M_VISITS_STATUS_SAVED), w->visit, label);
	}
	sheet_conflict_free(&cf);
	load(a, w);
}

static void digit(app *a, vview *w, int d)
{
	if (!w->loaded)
		return;
	if (on_section(w)) {
		if (d > visits_score_max(w->vm))
			return;
		const visit_score *vs = &w->scores[w->cur];
		if (d == vs->suggested) {
			set_score(a, w, d);
			return;
		}
		/* another score than the answers suggest: ask why */
		open_reason(a, w, d, vs->entered == d ? vs->reason : "");
		return;
	}
	const visit_plan_item *it = cur_item(w);
	int n;
	const col_option *st = visits_statuses(w->vm, &n);
	if (!it || d < 1 || d > n)
		return;
	set_status(a, w, it, st[d - 1].value, L(&st[d - 1].label));
}

static void pick_status(app *a, vview *w)
{
	const visit_plan_item *it = cur_item(w);
	if (!it)
		return;
	int n;
	const col_option *st = visits_statuses(w->vm, &n);
	picklist p = {0};
	const char *now = it->by_visit[w->visit - 1].status;
	for (int k = 0; k < n; k++)
		picklist_add(&p, st[k].value, L(&st[k].label));
	for (int k = 0; k < n; k++)
		if (strcmp(st[k].value, now) == 0)
			p.list.sel = k;
	char title[128];
	snprintf(title, sizeof title, tr(M_VISITS_STATUS_TITLE), w->visit);
	sedit_pick(a, &w->se, NULL, P_STATUS, &p, false, title);
}

static void pick_areas(app *a, vview *w)
{
	const visit_plan_item *it = cur_item(w);
	int n;
	const col_option *ar = visits_areas(w->vm, &n);
	if (!it || n == 0) {
		if (it)
			app_message(a, true, "%s", tr(M_VISITS_NO_AREAS));
		return;
	}
	picklist p = {0};
	for (int k = 0; k < n; k++)
		picklist_add(&p, ar[k].value, L(&ar[k].label));
	p.on = xcalloc((size_t)n + 1, sizeof *p.on);
	for (int k = 0; k < n; k++)
		for (int t = 0; t < it->nareas; t++)
			if (strcmp(it->areas[t], ar[k].value) == 0)
				p.on[k] = true;
	sedit_pick(a, &w->se, NULL, P_AREAS, &p, true, tr(M_VISITS_AREAS_TITLE));
}

static void ed_picked(app *a, void *ctx, int purpose, const picklist *p, int k)
{
	vview *w = ctx;
	const visit_plan_item *it = cur_item(w);
	mm_error err;
	if (!it)
		return;
	if (purpose == P_STATUS) {
		set_status(a, w, it, p->values[k], p->labels[k]);
		return;
	}
	if (purpose == P_AREAS) {
		const char **on = xcalloc((size_t)p->n + 1, sizeof *on);
		int n = 0;
		for (int i = 0; i < p->n; i++)
			if (p->on && p->on[i])
				on[n++] = p->values[i];
		sheet_conflict cf = {0};
		visits_edit ed = {it->areas_version, &cf, w->hist};
		mm_status rc = visits_set_areas_ex(a->st, w->vm, company(w), it->row, on, n, &ed, &err);
		if (rc == MM_ECONFLICT) {
			buf who = {0};
			who_of(&cf, &who);
			app_message(a, true, tr(M_VISITS_AREAS_CONFLICT), buf_str(&who));
			buf_free(&who);
		} else if (rc != MM_OK) {
			app_message(a, true, "%s", err.msg);
		}
		sheet_conflict_free(&cf);
		free(on);
	}
	load(a, w);
}

static const sedit_ops visits_edit_ops = {
	.save = ed_save,
	.picked = ed_picked,
};

/* A reason or a note this terminal was typing when it was hung up: the
 * line it was on, its editor open again with the text. */
static void restore_draft(app *a, vview *w)
{
	char *key = NULL, *text = NULL;
	int base = -1;
	if (!w->own.n || !sedit_take_draft(a, &w->se, &key, &text, &base))
		return;
	int visit = 0, score = 0;
	long long row = 0;
	char sec[100];
	bool open = false;
	if (sscanf(key, "reason:%d:%d:%99s", &visit, &score, sec) == 3 && visit >= 1
		&& visit <= visits_count(w->vm) && score >= 0 && score <= visits_score_max(w->vm)) {
		w->visit = visit;
		load(a, w);
		for (int s = 0; w->loaded && s < visits_nsections(w->vm) && !open; s++)
			if (strcmp(w->scores[s].section, sec) == 0) {
				w->cur = s;
				open_reason(a, w, score, text);
				open = true;
			}
	} else if (sscanf(key, "note:%d:%lld", &visit, &row) == 2 && visit >= 1
		&& visit <= visits_count(w->vm)) {
		w->visit = visit;
		load(a, w);
		for (int i = 0; i < w->nplan && !open; i++)
			if (w->plan[i].row == row) {
				w->cur = visits_nsections(w->vm) + i;
				open_note(a, w, &w->plan[i], text);
				open = true;
			}
	}
	if (open)
		sedit_restored(a, &w->se, text, base);
	free(key);
	free(text);
}

/* ---- keys ----------------------------------------------------------------- */

static bool may_write(app *a, vview *w)
{
	mm_error err;
	if (!w->own.n)
		return false;
	if (sheet_may_write(a->st, OWNER_COMPANY, company(w), &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return false;
	}
	return true;
}

static bool visits_act(app *a, view *v, action act)
{
	vview *w = v->data;
	int n = nrows(w);
	switch (act) {
	case A_UP: if (w->cur > 0) w->cur--; return true;
	case A_DOWN: if (w->cur < n - 1) w->cur++; return true;
	case A_PGUP: w->cur = w->cur > 8 ? w->cur - 8 : 0; return true;
	case A_PGDN: w->cur = w->cur + 8 < n ? w->cur + 8 : n - 1; return true;
	case A_HOME: w->cur = 0; return true;
	case A_END: w->cur = n - 1; return true;
	case A_COL_LEFT:
	case A_COL_RIGHT: {
		int to = w->visit + (act == A_COL_RIGHT ? 1 : -1);
		if (to >= 1 && to <= visits_count(w->vm)) {
			w->visit = to;
			load(a, w);
		}
		return true;
	}
	case A_HEATMAP: w->chart = !w->chart; return true;
	case A_EXAMPLE:
		if (may_write(a, w)) {
			mm_error err;
			int added = 0;
			if (visits_fill_board(a->st, w->vm, company(w), w->visit, &added, &err) != MM_OK)
				app_message(a, true, "%s", err.msg);
			else
				app_message(a, false,
					tr(added == 1 ? M_VISITS_BOARD_FILLED1 : M_VISITS_BOARD_FILLED), added);
		}
		return true;
	case A_NEXT_OWNER:
	case A_PREV_OWNER:
		if (owner_sel_step(&w->own, act == A_NEXT_OWNER ? 1 : -1))
			visits_reopen(a, v);
		return true;
	case A_EDIT:
		if (!on_section(w) && may_write(a, w))
			pick_status(a, w);
		return true;
	case A_ADD_ROW:
		if (!on_section(w) && may_write(a, w) && cur_item(w))
			open_note(a, w, cur_item(w), cur_item(w)->by_visit[w->visit - 1].note);
		return true;
	case A_FORM:
		if (!on_section(w) && may_write(a, w))
			pick_areas(a, w);
		return true;
	case A_CLEAR:
		if (on_section(w) && may_write(a, w))
			set_score(a, w, -1);
		return true;
	case A_UNDO:
	case A_REDO:
		if (may_write(a, w)) {
			mm_error err;
			int visit = 0;
			if (visits_undo(a->st, w->vm, w->hist, act == A_REDO, &visit, &err) != MM_OK) {
				app_message(a, true, "%s", err.msg);
			} else {
				/* the step was at that visit: show it there */
				if (visit >= 1 && visit <= visits_count(w->vm))
					w->visit = visit;
				app_message(a, false, "%s", tr(act == A_REDO ? M_REDONE : M_UNDONE));
			}
			load(a, w);
		}
		return true;
	case A_BACK:
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static bool visits_raw(app *a, view *v, int r, wint_t ch)
{
	vview *w = v->data;
	if (sedit_busy(&w->se))
		return sedit_key(a, &w->se, r, ch);
	if (r == OK && ch >= '0' && ch <= '9' && w->own.n) {
		if (may_write(a, w))
			digit(a, w, (int)(ch - '0'));
		return true;
	}
	return false;
}

static msg_id visits_footer_now(app *a, view *v)
{
	(void)a;
	vview *w = v->data;
	return sedit_footer(&w->se);
}

static bool visits_modal(view *v)
{
	vview *w = v->data;
	return sedit_busy(&w->se);
}

static void visits_cursor(app *a, view *v)
{
	vview *w = v->data;
	sedit_cursor(a, &w->se);
}

static void visits_title(app *a, view *v, buf *out)
{
	(void)a;
	vview *w = v->data;
	buf_printf(out, "%s  %s", tr(M_VISITS_VIEW_TITLE), owner_sel_name(&w->own));
}

static void visits_tick(app *a, view *v)
{
	vview *w = v->data;
	sedit_tick(a, &w->se);
}

static void visits_hangup(app *a, view *v)
{
	vview *w = v->data;
	sedit_hangup(a, &w->se);
}

static void visits_free_view(view *v)
{
	vview *w = v->data;
	free_data(w);
	visits_history_free(w->hist);
	free(w->scores);
	owner_sel_free(&w->own);
	sedit_free(&w->se);
	visits_free(w->vm);
	free(w);
	free(v);
}

/* The projector shows what the facilitator's screen shows: the visit, the
 * company, the line and whether the chart is open. */
static void visits_publish(app *a, view *v, buf *out)
{
	(void)a;
	vview *w = v->data;
	vstate_str(out, "view", "visits");
	vstate_int(out, "visit", w->visit);
	vstate_int(out, "company", company(w));
	vstate_int(out, "cur", w->cur);
	vstate_int(out, "chart", w->chart);
}

static void visits_mirror(app *a, view *v, const char *state)
{
	vview *w = v->data;
	int visit = (int)vstate_get_int(state, "visit", w->visit);
	int64_t c = vstate_get_int(state, "company", company(w));
	bool again = visit != w->visit && visit >= 1 && visit <= visits_count(w->vm);
	if (again)
		w->visit = visit;
	for (int k = 0; k < w->own.n; k++)
		if (w->own.owners[k].id == c && k != w->own.idx) {
			w->own.idx = k;
			again = true;
		}
	if (again)
		load(a, w);
	w->cur = (int)vstate_get_int(state, "cur", 0);
	if (w->cur >= nrows(w))
		w->cur = nrows(w) - 1;
	if (w->cur < 0)
		w->cur = 0;
	w->chart = vstate_get_int(state, "chart", 0) != 0;
}

static const view_key visits_keys[] = {
	{A_NONE, M_VISITS_KEY_DIGIT, M_VISITS_BRIEF_DIGIT, KEYS_WRITERS, "0-5"},
	{A_COL_RIGHT, M_VISITS_KEY_VISIT, M_VISITS_BRIEF_VISIT, 0, NULL},
	{A_COL_LEFT, M_VISITS_KEY_PREV_VISIT, 0, 0, NULL},
	{A_EDIT, M_VISITS_KEY_STATUS, M_BRIEF_PICK, KEYS_WRITERS, NULL},
	{A_ADD_ROW, M_VISITS_KEY_NOTE, 0, KEYS_WRITERS, NULL},
	{A_FORM, M_VISITS_KEY_AREAS, 0, KEYS_WRITERS, NULL},
	{A_CLEAR, M_VISITS_KEY_CLEAR, 0, KEYS_WRITERS, NULL},
	{A_UNDO, 0, M_BRIEF_UNDO, KEYS_WRITERS, NULL},
	{A_REDO, 0, 0, KEYS_WRITERS, NULL},
	{A_HEATMAP, M_VISITS_KEY_CHART, M_VISITS_BRIEF_CHART, 0, NULL},
	{A_EXAMPLE, M_VISITS_KEY_BOARD, 0, KEYS_WRITERS, NULL},
	{A_NEXT_OWNER, 0, 0, 0, NULL},
	{A_PREV_OWNER, 0, 0, 0, NULL},
	VIEW_KEYS_END,
};

static const view_ops visits_ops = {
	.name = "visits",
	.draw = visits_draw,
	.act = visits_act,
	.reload = visits_reload,
	.free = visits_free_view,
	.title = visits_title,
	.footer = M_FOOTER_SESSION,
	.ctx = C_TABLE,
	.keys = visits_keys,
	.reopen = visits_reopen,
	.raw = visits_raw,
	.footer_now = visits_footer_now,
	.cursor = visits_cursor,
	.modal = visits_modal,
	.publish = visits_publish,
	.mirror = visits_mirror,
	.tick = visits_tick,
	.hangup = visits_hangup,
};

/* Start on the first company (of this terminal's group, on a group's
 * terminal) that has a visit on record; else where owner_sel_init put it. */
static void first_visited(app *a, vview *w)
{
	owner_sel *o = &w->own;
	int64_t gid = a->role == ROLE_GROUP ? store_group_id(a->st) : 0;
	for (int k = 0; k < o->n; k++)
		if ((!gid || store_company_group(a->st, o->owners[k].id) == gid)
			&& visits_has_record(a->st, w->vm, o->owners[k].id)) {
			o->idx = k;
			return;
		}
}

view *view_visits_new(app *a, int visit)
{
	visits *vm = visits_new(a->sc);
	if (!vm)
		return NULL;
	vview *w = xcalloc(1, sizeof *w);
	w->vm = vm;
	w->visit = visit >= 1 && visit <= visits_count(vm) ? visit : 1;
	w->scores = xcalloc((size_t)visits_nsections(vm), sizeof *w->scores);
	w->page = 8;
	sedit_init(&w->se, &visits_edit_ops, w);
	w->hist = visits_history_new();
	owner_sel_init(a, visits_hearing(vm), &w->own);
	first_visited(a, w);
	set_draft_prefix(w);
	load(a, w);
	restore_draft(a, w);
	view *v = xcalloc(1, sizeof *v);
	v->ops = &visits_ops;
	v->own = &w->own;
	v->act = NULL;
	v->session = visits_session(vm, w->visit);
	v->data = w;
	return v;
}
