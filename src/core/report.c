/* report.c — the take-home report of a group or a company (see report.h). */
#include "report.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "drill.h"
#include "export.h"
#include "html.h"
#include "i18n.h"
#include "kind.h"
#include "svg.h"
#include "text.h"
#include "visits.h"

/* Edit distance between A and B in code points (at most 64 of each). */
static int distance(const char *a, const char *b)
{
	uint32_t x[64], y[64];
	int nx = 0, ny = 0;
	for (size_t i = 0, n = strlen(a); i < n && nx < 64; nx++)
		i += utf8_decode(a + i, n - i, &x[nx]);
	for (size_t i = 0, n = strlen(b); i < n && ny < 64; ny++)
		i += utf8_decode(b + i, n - i, &y[ny]);
	int prev[65], cur[65];
	for (int j = 0; j <= ny; j++)
		prev[j] = j;
	for (int i = 1; i <= nx; i++) {
		cur[0] = i;
		for (int j = 1; j <= ny; j++) {
			int best = prev[j - 1] + (x[i - 1] != y[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			cur[j] = best;
		}
		memcpy(prev, cur, sizeof cur);
	}
	return prev[ny];
}

/* The names of LIST worth suggesting for WANT, quoted, joined into OUT:
 * those that contain it, or else those nearest to it (a few slips). */
static void suggest(const owner_info *list, int n, const char *want, buf *out)
{
	enum { MAX_SUGGEST = 5 };
	int pick[MAX_SUGGEST], np = 0;
	for (int k = 0; k < n && np < MAX_SUGGEST; k++)
		if (*want && strstr(list[k].name, want))
			pick[np++] = k;
	if (!np) {
		int len = (int)strlen(want) > 0 ? text_width(want) : 0;
		int limit = len / 4 + 1, best = limit + 1;
		for (int k = 0; k < n; k++) {
			int d = distance(want, list[k].name);
			if (d < best) {
				best = d;
				np = 0;
			}
			if (d == best && np < MAX_SUGGEST)
				pick[np++] = k;
		}
	}
	for (int k = 0; k < np; k++)
		buf_printf(out, tr(k ? M_REPORT_SUGGEST_MORE : M_REPORT_SUGGEST_FIRST),
			list[pick[k]].name);
}

mm_status report_find_owner(store *st, owner_kind ok, const char *name, int64_t *id,
	mm_error *err)
{
	owner_info *list;
	int n;
	*id = 0;
	mm_status rc = store_owners(st, (int)ok, 0, &list, &n, err);
	if (rc != MM_OK)
		return rc;
	for (int k = 0; k < n && !*id; k++)
		if (strcmp(list[k].name, name) == 0)
			*id = list[k].id;
	if (!*id) {
		buf names = {0};
		suggest(list, n, name, &names);
		msg_id none = ok == OWNER_COMPANY ? M_NO_COMPANY : ok == OWNER_PERSON
			? M_REPORT_NO_PERSON : M_NO_GROUP;
		buf msg = {0};
		buf_printf(&msg, tr(none), name);
		if (names.len)
			buf_printf(&msg, tr(M_REPORT_DID_YOU_MEAN), buf_str(&names));
		rc = mm_fail(err, MM_ENOTFOUND, "%s", buf_str(&msg));
		buf_free(&msg);
		buf_free(&names);
	}
	owner_list_free(list, n);
	return rc;
}

/* ---- pieces shared with the program report ---- */

void report_md_cell(buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			buf_puts(out, "\\|");
		else if (*s == '\n')
			buf_puts(out, "<br>");
		else if (*s != '\r')
			buf_putc(out, *s);
	}
}

void report_md_row(buf *out, const char *const *cells, int n)
{
	buf_puts(out, "|");
	for (int k = 0; k < n; k++) {
		buf_putc(out, ' ');
		report_md_cell(out, cells[k]);
		buf_puts(out, " |");
	}
	buf_puts(out, "\n");
}

void report_md_head(buf *out, const char *const *cells, int n)
{
	report_md_row(out, cells, n);
	buf_puts(out, "|");
	for (int k = 0; k < n; k++)
		buf_puts(out, " --- |");
	buf_puts(out, "\n");
}

void report_page_open(buf *out, const char *title)
{
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"");
	buf_puts(out, tr(M_LANG_CODE));
	buf_puts(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_escape(out, title, strlen(title));
	buf_puts(out, "</title>\n<style>\n"
		"@page{size:A4;margin:14mm 12mm}\n"
		"body{font-family:\"Noto Sans CJK JP\",\"Noto Sans JP\",\"Hiragino Sans\","
		"\"Hiragino Kaku Gothic ProN\",\"Yu Gothic\",\"Meiryo\",sans-serif;"
		"max-width:60em;margin:2em auto;padding:0 1em;line-height:1.6;color:#222}\n"
		"h1{border-bottom:3px solid #1f4e9c;padding-bottom:.2em}\n"
		"h2{border-bottom:1px solid #999;margin-top:1.6em}\n"
		"h3{margin-top:1.4em}\n"
		"table{border-collapse:collapse;margin:1em 0;font-size:.9em}\n"
		"th,td{border:1px solid #999;padding:.2em .5em;vertical-align:top}\n"
		"th{background:#eef2f8}\n"
		"figure.chart{margin:1em 0;page-break-inside:avoid;break-inside:avoid}\n"
		"figure.chart svg{max-width:100%;height:auto;display:block}\n"
		".missing{color:#555}\n"
		"section.glance .charts{display:flex;flex-wrap:wrap;gap:0 1.5em;align-items:flex-start}\n"
		"section.glance .charts figure.chart{margin:.5em 0;flex:1 1 20em}\n"
		".note{color:#555;font-size:.85em}\n"
		"@media print{body{max-width:none;margin:0;padding:0;font-size:10.5pt}"
		"section.session{page-break-before:always;break-before:page}"
		"h1+section.session{page-break-before:auto;break-before:auto}"
		"h2,h3{page-break-after:avoid;break-after:avoid}"
		"tr,figure.chart,svg{page-break-inside:avoid;break-inside:avoid}}\n"
		"</style>\n</head>\n<body>\n");
}

void report_page_close(buf *out)
{
	buf_puts(out, "</body>\n</html>\n");
}

void report_figure(buf *out, const buf *svg)
{
	buf_puts(out, "<figure class=\"chart\">\n");
	buf_append(out, buf_str(svg), svg->len);
	buf_puts(out, "</figure>\n");
}

/* ---- the charts of one activity ---- */

/* A band's label up to its first colon: 「一部不十分」 of 「一部不十分：…」. */
void report_band_word(const char *label, char *out, size_t n)
{
	size_t len = strlen(label);
	const char *c1 = strstr(label, "："), *c2 = strchr(label, ':');
	const char *c = c1 && (!c2 || c1 < c2) ? c1 : c2;
	if (c)
		len = (size_t)(c - label);
	if (len >= n)
		len = text_fit(label, (int)n / 3, NULL);
	snprintf(out, n, "%.*s", (int)len, label);
}

static void chart_heading(buf *out, const char *title)
{
	buf_puts(out, "#### ");
	buf_printf(out, tr(M_RPT_CHART), title);
	buf_puts(out, "\n\n");
}

/* A checklist with section scores: a radar of the sections. The hearing of
 * the visits has one series per visit that scored it (visits.h): visit 1
 * (the baseline, or the suggestion from the answers when nobody scored it)
 * and each later visit with a score entered; any other such checklist one
 * series, its own scores. */
static mm_status checklist_radar(store *st, const visits *vis, int64_t company,
	const activity *act, const checklist_def *d, const checklist_result *res, bool html,
	buf *out, mm_error *err)
{
	int ns = d->nsections;
	double *v = xcalloc((size_t)ns * SVG_RADAR_MAX_SERIES, sizeof *v);
	char (*names)[128] = xcalloc(SVG_RADAR_MAX_SERIES, sizeof *names);
	const char **axes = xcalloc((size_t)ns, sizeof *axes);
	int nseries = 0;
	bool any = false;
	for (int k = 0; k < ns; k++)
		axes[k] = L(&d->sections[k].title);
	mm_status rc = MM_OK;
	if (vis && company && visits_hearing(vis) == act && visits_nsections(vis) == ns) {
		visit_score *sc = xcalloc((size_t)ns, sizeof *sc);
		for (int visit = 1; visit <= visits_count(vis) && nseries < SVG_RADAR_MAX_SERIES
				&& rc == MM_OK; visit++) {
			if ((rc = visits_scores(st, vis, company, visit, sc, err)) != MM_OK)
				break;
			bool entered = false, some = false;
			for (int k = 0; k < ns; k++) {
				entered |= sc[k].entered >= 0;
				some |= sc[k].final >= 0;
			}
			if (entered || (visit == 1 && some)) {
				for (int k = 0; k < ns; k++) {
					v[nseries * ns + k] = sc[k].final;
					any |= sc[k].final >= 0;
				}
				scenario_session_label(visits_session(vis, visit), names[nseries],
					sizeof names[nseries]);
				nseries++;
			}
			visit_scores_free(sc, ns);
		}
		free(sc);
	} else {
		for (int k = 0; k < ns; k++) {
			const checklist_section_result *sr = &res->sections[k];
			v[k] = sr->score >= 0 ? sr->score : sr->computed;
			any |= v[k] >= 0;
		}
		scenario_session_label(act->session, names[0], sizeof names[0]);
		nseries = 1;
	}
	buf title = {0};
	buf_printf(&title, tr(M_RPT_RADAR_TITLE), L(&act->title));
	if (rc != MM_OK || !any) {
		/* answered, but no section has a score yet: no chart */
	} else if (html) {
		svg_series series[SVG_RADAR_MAX_SERIES];
		for (int s = 0; s < nseries; s++)
			series[s] = (svg_series){names[s], v + s * ns};
		buf svg = {0};
		svg_radar(&svg, buf_str(&title), axes, ns, d->score_max, series, nseries);
		report_figure(out, &svg);
		buf_free(&svg);
	} else {
		chart_heading(out, buf_str(&title));
		const char *h[1 + SVG_RADAR_MAX_SERIES];
		h[0] = tr(M_RPT_COL_SECTION);
		for (int s = 0; s < nseries; s++)
			h[s + 1] = names[s];
		report_md_head(out, h, nseries + 1);
		char (*cells)[32] = xcalloc(SVG_RADAR_MAX_SERIES, sizeof *cells);
		for (int k = 0; k < ns; k++) {
			h[0] = axes[k];
			for (int s = 0; s < nseries; s++) {
				double x = v[s * ns + k];
				if (x >= 0)
					snprintf(cells[s], sizeof cells[s], tr(M_RPT_SCORE_OF), (int)x,
						d->score_max);
				else
					snprintf(cells[s], sizeof cells[s], "%s", tr(M_RPT_NO_SCORE));
				h[s + 1] = cells[s];
			}
			report_md_row(out, h, nseries + 1);
		}
		free(cells);
		buf_puts(out, "\n");
	}
	buf_free(&title);
	free(v);
	free(names);
	free(axes);
	return rc;
}

/* A checklist scored as a whole (the self-check): a bar per section, as
 * the share of its points, coloured by the band that share would be of the
 * whole; and the total with its band. */
static void checklist_bars(const activity *act, const checklist_def *d,
	const checklist_result *res, bool html, buf *out)
{
	int n = d->nsections + 1;
	svg_bar *bars = xcalloc((size_t)n, sizeof *bars);
	char (*texts)[96] = xcalloc((size_t)n, sizeof *texts);
	char (*words)[64] = xcalloc((size_t)n, sizeof *words);
	for (int k = 0; k < n; k++) {
		double pct;
		const char *label;
		if (k < d->nsections) {
			/* a part nobody answered has no score (not 0%) */
			pct = res->sections[k].answered ? res->sections[k].percent : -1;
			label = L(&d->sections[k].title);
		} else {
			pct = res->max > 0 ? (res->total < 0 ? 0 : res->total) * 100 / res->max : -1;
			label = tr(M_RPT_TOTAL);
		}
		const checklist_band *b = pct >= 0 ? checklist_band_for(d, pct * res->max / 100) : NULL;
		if (k == d->nsections)
			b = res->band;
		if (b)
			report_band_word(L(&b->label), words[k], sizeof words[k]);
		if (pct >= 0)
			snprintf(texts[k], sizeof texts[k], "%d%%  %s", (int)(pct + 0.5), words[k]);
		else
			snprintf(texts[k], sizeof texts[k], "%s", tr(M_RPT_NO_SCORE));
		bars[k] = (svg_bar){label, pct, texts[k], b ? b->color : BAND_NONE};
	}
	buf title = {0};
	buf_printf(&title, tr(M_RPT_BARS_TITLE), L(&act->title));
	if (html) {
		buf svg = {0};
		svg_hbars(&svg, buf_str(&title), bars, n, 100);
		report_figure(out, &svg);
		buf_free(&svg);
	} else {
		chart_heading(out, buf_str(&title));
		const char *h[3] = {tr(M_RPT_COL_SECTION), tr(M_RPT_COL_SCORE), tr(M_RPT_COL_BAND)};
		report_md_head(out, h, 3);
		for (int k = 0; k < n; k++) {
			char pct[32];
			if (bars[k].value >= 0)
				snprintf(pct, sizeof pct, "%d%%", (int)(bars[k].value + 0.5));
			else
				snprintf(pct, sizeof pct, "%s", tr(M_RPT_NO_SCORE));
			const char *row[3] = {bars[k].label, pct, words[k][0] ? words[k]
				: tr(M_RPT_NO_SCORE)};
			report_md_row(out, row, 3);
		}
		buf_puts(out, "\n");
	}
	buf_free(&title);
	free(bars);
	free(texts);
	free(words);
}

/* A whole number V in LO..HI from a cell's value, or false. */
static bool int_in(expr_value v, int lo, int hi, int *out)
{
	if (v.kind != EXPR_NUM || v.num != (double)(int)v.num || v.num < lo || v.num > hi)
		return false;
	*out = (int)v.num;
	return true;
}

/* A table with a heat map: its rows counted on the map's axes. */
static void table_heat(const activity *act, const table_def *t, const sheet *s, bool html,
	buf *out)
{
	int xmin = t->heat_xmin, xmax = t->heat_xmax, ymin = t->heat_ymin, ymax = t->heat_ymax;
	if (xmax < xmin || ymax < ymin || xmax - xmin > 11 || ymax - ymin > 11)
		return;
	int nx = xmax - xmin + 1, ny = ymax - ymin + 1, placed = 0;
	int *counts = xcalloc((size_t)(nx * ny), sizeof *counts);
	band_color *colors = xcalloc((size_t)(nx * ny), sizeof *colors);
	const char **words = xcalloc((size_t)(nx * ny), sizeof *words);
	for (int r = 0; r < s->nrows; r++) {
		int x, y;
		if (int_in(sheet_value(s, r, t->heat_x), xmin, xmax, &x)
			&& int_in(sheet_value(s, r, t->heat_y), ymin, ymax, &y)) {
			counts[(y - ymin) * nx + (x - xmin)]++;
			placed++;
		}
	}
	for (int y = ymin; y <= ymax; y++)
		for (int x = xmin; x <= xmax; x++) {
			const band *b = t->heat_color >= 0
				? column_band(&t->cols[t->heat_color], (double)x * y) : NULL;
			colors[(y - ymin) * nx + (x - xmin)] = b ? b->color : BAND_NONE;
			words[(y - ymin) * nx + (x - xmin)] = b ? L(&b->label) : NULL;
		}
	buf title = {0};
	buf_printf(&title, tr(M_RPT_HEAT_TITLE), L(&t->heat_title)[0] ? L(&t->heat_title)
		: L(&act->title));
	const char *xt = L(&t->cols[t->heat_x].title), *yt = L(&t->cols[t->heat_y].title);
	if (!placed) {
		/* rows, but none rated on both axes yet: no map */
	} else if (html) {
		svg_heat h = {xt, yt, xmin, xmax, ymin, ymax, counts, colors, words};
		buf svg = {0};
		svg_heatmap(&svg, buf_str(&title), &h);
		report_figure(out, &svg);
		buf_free(&svg);
	} else {
		chart_heading(out, buf_str(&title));
		const char **h = xcalloc((size_t)nx + 1, sizeof *h);
		char (*hx)[16] = xcalloc((size_t)nx, sizeof *hx);
		buf corner = {0};
		buf_printf(&corner, tr(M_RPT_HEAT_CORNER), yt, xt);
		h[0] = buf_str(&corner);
		for (int x = 0; x < nx; x++) {
			snprintf(hx[x], sizeof hx[x], "%d", xmin + x);
			h[x + 1] = hx[x];
		}
		report_md_head(out, h, nx + 1);
		char (*cell)[64] = xcalloc((size_t)nx + 1, sizeof *cell);
		for (int y = ymax; y >= ymin; y--) {
			snprintf(cell[0], sizeof cell[0], "%d", y);
			h[0] = cell[0];
			for (int x = 0; x < nx; x++) {
				int i = (y - ymin) * nx + x;
				if (counts[i] && words[i])
					snprintf(cell[x + 1], sizeof cell[x + 1], "%d（%s）", counts[i], words[i]);
				else if (counts[i])
					snprintf(cell[x + 1], sizeof cell[x + 1], "%d", counts[i]);
				else
					cell[x + 1][0] = '\0';
				h[x + 1] = cell[x + 1];
			}
			report_md_row(out, h, nx + 1);
		}
		buf_puts(out, "\n");
		free(cell);
		free(hx);
		free(h);
		buf_free(&corner);
	}
	buf_free(&title);
	free(counts);
	free(colors);
	free(words);
}

/* How a status reads, from its stored value: done, under way, set aside
 * or (anything else) not started. */
static svg_shade shade_of(const char *value)
{
	static const struct {
		const char *value;
		svg_shade shade;
	} map[] = {
		{"done", SHADE_DONE}, {"yes", SHADE_DONE}, {"complete", SHADE_DONE},
		{"doing", SHADE_DOING}, {"partial", SHADE_DOING}, {"partly", SHADE_DOING},
		{"in-progress", SHADE_DOING},
		{"deferred", SHADE_ASIDE}, {"na", SHADE_ASIDE}, {"dropped", SHADE_ASIDE},
	};
	for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
		if (strcmp(map[k].value, value) == 0)
			return map[k].shade;
	return SHADE_TODO;
}

/* The option index of VALUE in C, or DEFLT. */
static int option_of(const column *c, const char *value, int n, int deflt)
{
	for (int o = 0; value && *value && o < n; o++)
		if (strcmp(c->options[o].value, value) == 0)
			return o;
	return deflt;
}

/* A table with a "status" choice column (an improvement plan, a risk
 * table's treatment): how many rows stand at each status; a blank status
 * counts as the first (not started) unless an option means that. The
 * visits' improvement plan has a bar per visit that recorded a status
 * (visits.h), each item at the status it had then. */
static mm_status table_progress(store *st, const visits *vis, int64_t company,
	const activity *act, const table_def *t, const sheet *s, bool html, buf *out,
	mm_error *err)
{
	int col = table_col_index(t, "status");
	if (col < 0 || t->cols[col].type != COL_CHOICE || t->cols[col].noptions < 2 || !s->nrows)
		return MM_OK;
	const column *c = &t->cols[col];
	int n = c->noptions > SVG_PROGRESS_MAX_PARTS ? SVG_PROGRESS_MAX_PARTS : c->noptions;
	const char *labels[SVG_PROGRESS_MAX_PARTS];
	svg_shade shades[SVG_PROGRESS_MAX_PARTS];
	int blank = 0; /* where a blank status counts: the first "not started" option */
	for (int k = n - 1; k >= 0; k--) {
		labels[k] = L(&c->options[k].label);
		shades[k] = shade_of(c->options[k].value);
		if (shades[k] == SHADE_TODO)
			blank = k;
	}
	enum { MAX_ROWS = 8 };
	int counts[MAX_ROWS * SVG_PROGRESS_MAX_PARTS] = {0};
	char rowname[MAX_ROWS][64];
	const char *rows[MAX_ROWS];
	int nrows = 0;
	bool by_visit = false;
	mm_status rc = MM_OK;
	if (vis && company && visits_plan_activity(vis) == act) {
		visit_plan_item *items = NULL;
		int ni = 0, nv = visits_count(vis);
		rc = visits_plan(st, vis, company, &items, &ni, err);
		if (rc != MM_OK)
			return rc;
		int first = 0, lastv = 0;
		for (int v = 1; v <= nv; v++)
			for (int i = 0; i < ni; i++)
				if (*items[i].by_visit[v - 1].status) {
					if (!first)
						first = v;
					lastv = v;
				}
		for (int v = first; first && v <= lastv && nrows < MAX_ROWS; v++) {
			for (int i = 0; i < ni; i++) {
				/* the status recorded at or before visit V */
				const char *stv = "";
				for (int u = 1; u <= v; u++)
					if (*items[i].by_visit[u - 1].status)
						stv = items[i].by_visit[u - 1].status;
				counts[nrows * n + option_of(c, stv, n, blank)]++;
			}
			scenario_session_label(visits_session(vis, v), rowname[nrows],
				sizeof rowname[nrows]);
			rows[nrows] = rowname[nrows];
			nrows++;
		}
		visits_plan_free(items, ni, nv);
		by_visit = nrows > 0;
	}
	if (!nrows) { /* the table's own status column */
		for (int r = 0; r < s->nrows; r++)
			counts[option_of(c, s->rows[r].cells[col].value, n, blank)]++;
		nrows = 1;
	}
	buf title = {0};
	buf_printf(&title, tr(M_RPT_PROGRESS_TITLE), L(&act->title));
	if (html) {
		buf svg = {0};
		svg_progress(&svg, buf_str(&title), labels, shades, n, by_visit ? rows : NULL, counts,
			nrows);
		report_figure(out, &svg);
		buf_free(&svg);
	} else {
		chart_heading(out, buf_str(&title));
		const char *h[1 + MAX_ROWS];
		h[0] = tr(M_RPT_COL_STATUS);
		for (int r = 0; r < nrows; r++)
			h[r + 1] = by_visit ? rows[r] : tr(M_RPT_COL_COUNT);
		report_md_head(out, h, nrows + 1);
		char cells[MAX_ROWS][32];
		for (int k = 0; k < n; k++) {
			h[0] = labels[k];
			for (int r = 0; r < nrows; r++) {
				int tot = 0;
				for (int j = 0; j < n; j++)
					tot += counts[r * n + j];
				snprintf(cells[r], sizeof cells[r], "%d（%d%%）", counts[r * n + k],
					tot ? (counts[r * n + k] * 100 + tot / 2) / tot : 0);
				h[r + 1] = cells[r];
			}
			report_md_row(out, h, nrows + 1);
		}
		buf_puts(out, "\n");
	}
	buf_free(&title);
	return MM_OK;
}

static int cmp_event(const void *a, const void *b)
{
	const svg_event *x = a, *y = b;
	if (x->seconds != y->seconds)
		return x->seconds < y->seconds ? -1 : 1;
	return (int)y->filled - (int)x->filled; /* the inject before what was decided on it */
}

/* "mm:ss" or "hh:mm:ss" as seconds, or -1. */
static int parse_time(const char *s)
{
	int a, b, c;
	char tail;
	if (sscanf(s, "%d:%d:%d%c", &a, &b, &c, &tail) == 3)
		return a * 3600 + b * 60 + c;
	if (sscanf(s, "%d:%d%c", &a, &b, &tail) == 2)
		return a * 60 + b;
	return -1;
}

/* A drill: what arrived for the group and what it decided, in time order
 * (HTML only: the Markdown export of a drill is this timeline already). */
static mm_status drill_chart(store *st, const activity *act, const sheet *s, bool html, buf *out,
	mm_error *err)
{
	const drill_def *d = drill_of(act);
	if (!html || !d)
		return MM_OK;
	drill_run run;
	mm_status rc = drill_load(st, act, &run, err);
	if (rc != MM_OK)
		return rc;
	svg_event *ev = xcalloc((size_t)(d->ninjects + s->nrows + 1), sizeof *ev);
	int *arrived = xcalloc((size_t)d->ninjects + 1, sizeof *arrived);
	int n = 0;
	int64_t now = store_now();
	for (int k = 0; k < d->ninjects; k++) {
		int64_t at;
		arrived[k] = -1;
		if (drill_arrived(d, &run, k, s->owner, now, &at)) {
			arrived[k] = (int)at;
			ev[n++] = (svg_event){(int)at, L(&d->injects[k].title), true};
		}
	}
	int cin = table_col_index(s->def, "inject"), ctime = table_col_index(s->def, "time");
	int cdec = table_col_index(s->def, "decision");
	for (int r = 0; r < s->nrows && cdec >= 0; r++) {
		const char *dec = s->rows[r].cells[cdec].value;
		if (!dec || !*dec)
			continue;
		int t = ctime >= 0 && s->rows[r].cells[ctime].value
			? parse_time(s->rows[r].cells[ctime].value) : -1;
		if (t < 0 && cin >= 0 && s->rows[r].cells[cin].value)
			for (int k = 0; k < d->ninjects; k++)
				if (strcmp(d->injects[k].id, s->rows[r].cells[cin].value) == 0)
					t = arrived[k];
		ev[n++] = (svg_event){t < 0 ? 0 : t, dec, false};
	}
	if (n) {
		qsort(ev, (size_t)n, sizeof *ev, cmp_event);
		buf title = {0}, svg = {0};
		buf_printf(&title, tr(M_RPT_TIMELINE_TITLE), L(&act->title));
		svg_timeline(&svg, buf_str(&title), ev, n, tr(M_RPT_TL_INJECT), tr(M_RPT_TL_DECISION));
		report_figure(out, &svg);
		buf_free(&svg);
		buf_free(&title);
	}
	free(ev);
	free(arrived);
	drill_run_free(&run);
	return MM_OK;
}

static mm_status activity_charts(store *st, const visits *vis, int64_t company,
	const activity *act, const sheet *s, bool html, buf *out, mm_error *err)
{
	const checklist_def *cl = checklist_of(act);
	if (cl) {
		checklist_result res;
		checklist_score(cl, s, &res);
		mm_status rc = MM_OK;
		if (cl->score_mode != CL_SCORE_NONE && cl->nsections >= 3)
			rc = checklist_radar(st, vis, company, act, cl, &res, html, out, err);
		else if (cl->nsections > 0)
			checklist_bars(act, cl, &res, html, out);
		checklist_result_free(&res);
		return rc;
	}
	if (act->table) {
		if (act->table->heat_x >= 0 && act->table->heat_y >= 0)
			table_heat(act, act->table, s, html, out);
		return table_progress(st, vis, company, act, act->table, s, html, out, err);
	}
	return drill_chart(st, act, s, html, out, err);
}

/* ---- at a glance: the company's progress on its first page ---- */

static void fmt_points(double v, char *out, size_t n)
{
	if (v == (double)(long)v)
		snprintf(out, n, "%ld", (long)v);
	else
		snprintf(out, n, "%.1f", v);
}

/* The self-check's total and band, the hearing's scores first and last,
 * the plan's items by status (visits_summarize), as a list; in HTML with
 * the radar and the plan's progress again. Nothing when the company has
 * none of it. */
static mm_status glance(store *st, const visits *vis, int64_t company, bool html, buf *out,
	mm_error *err)
{
	visits_summary sum;
	mm_status rc = visits_summarize(st, vis, company, &sum, err);
	if (rc != MM_OK)
		return rc;
	buf list = {0}, charts = {0};
	const activity *sc = visits_selfcheck(vis);
	if (sum.has_selfcheck && sc) {
		char tot[32], mx[32];
		fmt_points(sum.selfcheck_total, tot, sizeof tot);
		fmt_points(sum.selfcheck_max, mx, sizeof mx);
		buf_puts(&list, "- ");
		buf_printf(&list, tr(M_RPT_GL_SELFCHECK), L(&sc->title), tot, mx,
			sum.selfcheck_band ? L(sum.selfcheck_band) : tr(M_RPT_NO_SCORE));
		buf_puts(&list, "\n");
	}
	int ns = visits_nsections(vis), s1 = 0, sn = 0;
	bool all1 = true, alln = true;
	for (int k = 0; k < ns; k++) {
		all1 &= sum.first[k] >= 0;
		alln &= sum.latest[k] >= 0;
		s1 += sum.first[k] > 0 ? sum.first[k] : 0;
		sn += sum.latest[k] > 0 ? sum.latest[k] : 0;
	}
	const activity *hearing = visits_hearing(vis);
	if (sum.latest_visit > 1 && all1 && alln) {
		char l1[64], ln[64];
		scenario_session_label(visits_session(vis, 1), l1, sizeof l1);
		scenario_session_label(visits_session(vis, sum.latest_visit), ln, sizeof ln);
		buf_puts(&list, "- ");
		buf_printf(&list, tr(M_RPT_GL_SCORES), L(&hearing->title), l1, s1, ln, sn,
			ns * visits_score_max(vis));
		buf_puts(&list, "\n");
	}
	const activity *plan = visits_plan_activity(vis);
	if (plan && sum.nplan > 0) {
		int nst = 0;
		const col_option *st_opts = visits_statuses(vis, &nst);
		buf parts = {0};
		for (int k = 0; k < nst; k++) {
			if (!sum.status_counts[k])
				continue;
			if (parts.len)
				buf_puts(&parts, tr(M_RPT_LIST_SEP));
			buf_printf(&parts, tr(M_RPT_GL_PART), L(&st_opts[k].label), sum.status_counts[k]);
		}
		buf_puts(&list, "- ");
		buf_printf(&list, tr(sum.nplan == 1 ? M_RPT_GL_PLAN1 : M_RPT_GL_PLAN), L(&plan->title), sum.nplan, buf_str(&parts));
		buf_puts(&list, "\n");
		buf_free(&parts);
	}
	/* the charts of the hearing and the plan once more, side by side */
	if (html && hearing) {
		sheet *s = NULL;
		rc = sheet_peek(st, hearing->storage, OWNER_COMPANY, company, &s, err);
		if (rc == MM_OK) {
			checklist_result res;
			checklist_score(visits_hearing_def(vis), s, &res);
			rc = checklist_radar(st, vis, company, hearing, visits_hearing_def(vis), &res,
				true, &charts, err);
			checklist_result_free(&res);
		} else if (rc == MM_EDENIED) {
			rc = MM_OK;
		}
		sheet_free(s);
	}
	if (html && plan && rc == MM_OK) {
		sheet *s = NULL;
		rc = sheet_peek(st, plan->storage, OWNER_COMPANY, company, &s, err);
		if (rc == MM_OK)
			rc = table_progress(st, vis, company, plan, plan->table, s, true, &charts, err);
		else if (rc == MM_EDENIED)
			rc = MM_OK;
		sheet_free(s);
	}
	if (rc == MM_OK && (list.len || charts.len)) {
		if (html) {
			buf_puts(out, "<section class=\"glance\">\n<h2>");
			buf_puts(out, tr(M_RPT_GLANCE));
			buf_puts(out, "</h2>\n");
			md_to_html_body(buf_str(&list), out);
			if (charts.len) {
				buf_puts(out, "<div class=\"charts\">\n");
				buf_append(out, buf_str(&charts), charts.len);
				buf_puts(out, "</div>\n");
			}
			buf_puts(out, "</section>\n");
		} else {
			buf_printf(out, "## %s\n\n", tr(M_RPT_GLANCE));
			buf_append(out, buf_str(&list), list.len);
			buf_puts(out, "\n");
		}
	}
	buf_free(&list);
	buf_free(&charts);
	visits_summary_free(&sum);
	return rc;
}

/* ---- the report ---- */

/* Would OWNER's sheet of ACT be in this report at all? */
static bool in_report(const activity *act, int64_t group, int64_t company)
{
	if (!act->storage || act->scope == SCOPE_PERSON)
		return false;
	if (act->scope == SCOPE_GROUP)
		return group && !(company && act->table
			&& act->storage->report == TABLE_REPORT_EXCLUDE);
	return act->scope == SCOPE_COMPANY && company;
}

/* Appends one activity's part (Markdown, or HTML when HTML) for an owner
 * to OUT, its charts right under its heading; *WRITTEN tells whether there
 * was anything. COMPANY (0: none): a group table in that company's report,
 * with only the rows the scenario's "report" lets in (export_report_rows). */
static mm_status report_activity(store *st, const visits *vis, const activity *act,
	owner_kind ok, int64_t owner, int64_t company, bool html, buf *out, bool *written,
	mm_error *err)
{
	sheet *s = NULL;
	*written = false;
	bool filter = company && act->table; /* a table activity: its "report" setting */
	mm_status rc = sheet_peek(st, act->storage, ok, owner, &s, err);
	if (rc == MM_EDENIED) /* a private sheet: not in anyone else's report */
		return MM_OK;
	if (rc == MM_OK && filter)
		rc = export_report_rows(st, s, act->storage->report, company, err);
	if (rc == MM_OK && activity_has_work(act, s)) {
		*written = true;
		buf part = {0}, md = {0}, charts = {0};
		rc = activity_export(act, st, s, "md", &part, err);
		if (rc == MM_OK)
			rc = activity_charts(st, vis, ok == OWNER_COMPANY ? owner : company, act, s, html,
				&charts, err);
		if (rc == MM_OK) {
			/* each part starts with "# title": two levels down in the report */
			buf_puts(&md, "##");
			for (const char *p = buf_str(&part); *p; p++) {
				buf_putc(&md, *p);
				if (*p == '\n' && p[1] == '#')
					buf_puts(&md, "##");
			}
			buf_puts(&md, "\n");
			buf body = {0};
			if (html)
				md_to_html_body(buf_str(&md), &body);
			else
				buf_append(&body, buf_str(&md), md.len);
			/* the charts go right under the part's heading */
			const char *b = buf_str(&body);
			const char *mark = html ? strstr(b, "</h3>\n") : strstr(b, "\n\n");
			size_t at = mark ? (size_t)(mark - b) + (html ? 6 : 2) : body.len;
			buf_append(out, b, at);
			buf_append(out, buf_str(&charts), charts.len);
			buf_append(out, b + at, body.len - at);
			buf_free(&body);
		}
		buf_free(&part);
		buf_free(&md);
		buf_free(&charts);
	}
	sheet_free(s);
	return rc;
}

/* Appends "LABEL: activities" of what is missing, as a list item. */
static void missing_line(buf *out, const char *label, const buf *names, bool html)
{
	if (html) {
		buf_puts(out, "<li>");
		html_escape(out, label, strlen(label));
		buf_puts(out, ": ");
		html_escape(out, buf_str(names), names->len);
		buf_puts(out, "</li>\n");
	} else {
		buf_puts(out, "- ");
		report_md_cell(out, label);
		buf_puts(out, ": ");
		report_md_cell(out, buf_str(names));
		buf_puts(out, "\n");
	}
}

mm_status report_build(store *st, const scenario *sc, const char *title, owner_kind ok,
	int64_t owner, const char *format, buf *out, mm_error *err)
{
	bool html = format && strcmp(format, "html") == 0;
	if (format && !html && strcmp(format, "md") != 0)
		return mm_fail(err, MM_EUSER, tr(M_CLI_REPORT_FORMATS), format);
	if (ok != OWNER_GROUP && ok != OWNER_COMPANY)
		return mm_fail(err, MM_EUSER, "%s", tr(M_CLI_REPORT_NEEDS_OWNER));
	char *name = store_name_of(st, (int)ok, owner);
	if (!*name) {
		free(name);
		return mm_fail(err, MM_ENOTFOUND, tr(ok == OWNER_GROUP ? M_NO_GROUP : M_NO_COMPANY),
			"?");
	}
	int64_t group = ok == OWNER_GROUP ? owner : store_company_group(st, owner);
	int64_t company = ok == OWNER_COMPANY ? owner : 0;
	const char *heading = title && *title ? title : L(&sc->title);
	buf page_title = {0};
	buf_printf(&page_title, "%s — %s", heading, name);
	buf body = {0}, missing = {0};
	int written_sessions = 0;
	visits *vis = visits_new(sc);
	mm_status rc = MM_OK;
	for (size_t t = 0; t < sc->ntracks && rc == MM_OK; t++)
		for (size_t si = 0; si < sc->tracks[t].nsessions && rc == MM_OK; si++) {
			const session *se = &sc->tracks[t].sessions[si];
			char label[128];
			scenario_session_label(se, label, sizeof label);
			buf sec = {0}, absent = {0};
			int written = 0;
			for (size_t k = 0; k < se->nactivities && rc == MM_OK; k++) {
				const activity *act = &se->activities[k];
				if (!in_report(act, group, company))
					continue;
				bool w = false;
				if (act->scope == SCOPE_GROUP)
					rc = report_activity(st, vis, act, OWNER_GROUP, group, company, html, &sec,
						&w, err);
				else
					rc = report_activity(st, vis, act, OWNER_COMPANY, company, 0, html, &sec,
						&w, err);
				written += w;
				if (!w) {
					if (absent.len)
						buf_puts(&absent, tr(M_RPT_LIST_SEP));
					buf_puts(&absent, L(&act->title));
				}
			}
			buf head = {0};
			buf_printf(&head, "%s %s", label, L(&se->title));
			if (written) {
				written_sessions++;
				if (html) {
					buf_puts(&body, "<section class=\"session\">\n<h2>");
					html_escape(&body, buf_str(&head), head.len);
					buf_puts(&body, "</h2>\n");
					buf_append(&body, buf_str(&sec), sec.len);
					if (absent.len) {
						buf_puts(&body, "<p class=\"missing\">");
						buf line = {0};
						buf_printf(&line, tr(M_RPT_NOT_WRITTEN), buf_str(&absent));
						html_escape(&body, buf_str(&line), line.len);
						buf_free(&line);
						buf_puts(&body, "</p>\n");
					}
					buf_puts(&body, "</section>\n");
				} else {
					buf_puts(&body, "## ");
					report_md_cell(&body, buf_str(&head));
					buf_puts(&body, "\n\n");
					buf_append(&body, buf_str(&sec), sec.len);
					if (absent.len) {
						buf_puts(&body, "*");
						buf line = {0};
						buf_printf(&line, tr(M_RPT_NOT_WRITTEN), buf_str(&absent));
						report_md_cell(&body, buf_str(&line));
						buf_free(&line);
						buf_puts(&body, "*\n\n");
					}
				}
			} else if (absent.len) {
				missing_line(&missing, buf_str(&head), &absent, html);
			}
			buf_free(&head);
			buf_free(&sec);
			buf_free(&absent);
		}
	buf top = {0};
	if (rc == MM_OK && vis && company && written_sessions)
		rc = glance(st, vis, company, html, &top, err);
	if (rc == MM_OK) {
		if (html) {
			report_page_open(out, buf_str(&page_title));
			buf_puts(out, "<h1>");
			html_escape(out, buf_str(&page_title), page_title.len);
			buf_puts(out, "</h1>\n");
			buf_append(out, buf_str(&top), top.len);
			if (!written_sessions) {
				buf_puts(out, "<p class=\"missing\"><strong>");
				buf_puts(out, tr(M_RPT_NOTHING_YET));
				buf_puts(out, "</strong></p>\n");
			}
			buf_append(out, buf_str(&body), body.len);
			if (missing.len) {
				buf_puts(out, "<section class=\"missing\">\n<h2>");
				buf_puts(out, tr(M_RPT_MISSING_TITLE));
				buf_puts(out, "</h2>\n<ul>\n");
				buf_append(out, buf_str(&missing), missing.len);
				buf_puts(out, "</ul>\n</section>\n");
			}
			report_page_close(out);
		} else {
			buf_puts(out, "# ");
			report_md_cell(out, buf_str(&page_title));
			buf_puts(out, "\n\n");
			if (!written_sessions)
				buf_printf(out, "**%s**\n\n", tr(M_RPT_NOTHING_YET));
			buf_append(out, buf_str(&top), top.len);
			buf_append(out, buf_str(&body), body.len);
			if (missing.len) {
				buf_printf(out, "## %s\n\n", tr(M_RPT_MISSING_TITLE));
				buf_append(out, buf_str(&missing), missing.len);
				buf_puts(out, "\n");
			}
		}
	}
	buf_free(&top);
	visits_free(vis);
	buf_free(&body);
	buf_free(&missing);
	buf_free(&page_title);
	free(name);
	return rc;
}
