/* progreport.c — the program report (see progreport.h). */
#include "progreport.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "csv.h"
#include "html.h"
#include "i18n.h"
#include "report.h"
#include "sheet.h"
#include "survey.h"
#include "svg.h"
#include "visits.h"

typedef struct pr {
	store *st;
	const scenario *sc;
	visits *vis;
	buf md, csv, html; /* the document so far, in each form */
	/* the section being written */
	char *title;
	buf sec_md;
	buf *charts; /* the section's charts, in the order of their marks */
	int ncharts;
	bool footnote;
	const char **head; /* the current table's header, for CSV */
	int ncols;
} pr;

/* ---- writing ---- */

static void sec_begin(pr *p, const char *title)
{
	p->title = xstrdup(title);
	buf_clear(&p->sec_md);
	p->footnote = false;
}

/* A chart's place in the section's Markdown: a line of its own holding
 * CHART_MARK and its number (text nobody types: a control character). In
 * HTML the chart goes there; the Markdown leaves the line out. */
#define CHART_MARK '\x02'

static void sec_end(pr *p)
{
	if (p->footnote)
		buf_printf(&p->sec_md, "%s\n\n", tr(M_PR_SUPPRESSED_NOTE));
	buf_puts(&p->md, "## ");
	report_md_cell(&p->md, p->title);
	buf_puts(&p->md, "\n\n");
	for (const char *l = buf_str(&p->sec_md); *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) + 1 : strlen(l);
		if (*l == CHART_MARK)
			n += nl && nl[1] == '\n'; /* and the blank line after it */
		else
			buf_append(&p->md, l, n);
		l += n;
	}
	buf_puts(&p->html, "<section class=\"part\">\n<h2>");
	html_escape(&p->html, p->title, strlen(p->title));
	buf_puts(&p->html, "</h2>\n");
	buf body = {0};
	md_to_html_body(buf_str(&p->sec_md), &body);
	for (const char *b = buf_str(&body); *b;) {
		const char *m = strstr(b, "<p>\x02");
		if (!m) {
			buf_puts(&p->html, b);
			break;
		}
		buf_append(&p->html, b, (size_t)(m - b));
		int k = atoi(m + 4);
		if (k >= 0 && k < p->ncharts)
			report_figure(&p->html, &p->charts[k]);
		const char *e = strstr(m, "</p>\n");
		b = e ? e + 5 : m + strlen(m);
	}
	buf_free(&body);
	buf_puts(&p->html, "</section>\n");
	for (int k = 0; k < p->ncharts; k++)
		buf_free(&p->charts[k]);
	free(p->charts);
	p->charts = NULL;
	p->ncharts = 0;
	free(p->title);
	p->title = NULL;
}

/* A paragraph of plain text. */
static void para(pr *p, const char *text)
{
	report_md_cell(&p->sec_md, text);
	buf_puts(&p->sec_md, "\n\n");
}

static void subhead(pr *p, const char *text)
{
	buf_puts(&p->sec_md, "### ");
	report_md_cell(&p->sec_md, text);
	buf_puts(&p->sec_md, "\n\n");
}

/* "—" for a number resting on fewer than three answers; the section gets
 * its footnote. */
static const char *suppressed(pr *p)
{
	p->footnote = true;
	return tr(M_PR_SUPPRESSED);
}

static void csv_line(pr *p, const char *item, const char *col, const char *value)
{
	bool supp = strcmp(value, tr(M_PR_SUPPRESSED)) == 0;
	const char *f[5] = {p->title, item, col, supp ? "" : value,
		supp ? tr(M_PR_SUPPRESSED_CSV) : ""};
	csv_write_record(&p->csv, f, 5);
}

static void table_head(pr *p, const char **head, int n)
{
	report_md_head(&p->sec_md, head, n);
	p->head = head;
	p->ncols = n;
}

/* A row of the current table; in CSV one line per cell after the first. */
static void table_row(pr *p, const char *const *cells)
{
	report_md_row(&p->sec_md, cells, p->ncols);
	for (int k = 1; k < p->ncols; k++)
		csv_line(p, cells[0], p->head[k], cells[k]);
}

static void table_end(pr *p)
{
	buf_puts(&p->sec_md, "\n");
}

/* SVG (taken over) as a chart at byte AT of the section's Markdown (the
 * start of a line: e.g. before the table it draws). */
static void chart(pr *p, buf *svg, size_t at)
{
	p->charts = xrealloc(p->charts, (size_t)(p->ncharts + 1) * sizeof *p->charts);
	p->charts[p->ncharts] = *svg;
	*svg = (buf){0};
	char mark[32];
	int n = snprintf(mark, sizeof mark, "%c%d\n\n", CHART_MARK, p->ncharts);
	buf rest = {0};
	buf_puts(&rest, buf_str(&p->sec_md) + at);
	p->sec_md.len = at;
	p->sec_md.s[at] = '\0';
	buf_append(&p->sec_md, mark, (size_t)n);
	buf_append(&p->sec_md, buf_str(&rest), rest.len);
	buf_free(&rest);
	p->ncharts++;
}

/* COUNT of TOTAL as a share: "83%", "93.3%". */
static void share(char *out, size_t n, int count, int total)
{
	double v = total > 0 ? 100.0 * count / total : 0;
	if (fabs(v - round(v)) < 0.05)
		snprintf(out, n, "%d%%", (int)round(v));
	else
		snprintf(out, n, "%.1f%%", v);
}

/* ---- the sections ---- */

static mm_status participants(pr *p, mm_error *err)
{
	owner_info *groups = NULL, *companies = NULL, *people = NULL;
	int ng = 0, nc = 0, np = 0;
	mm_status rc = store_owners(p->st, 0, 0, &groups, &ng, err);
	if (rc == MM_OK)
		rc = store_owners(p->st, 1, 0, &companies, &nc, err);
	if (rc == MM_OK)
		rc = store_owners(p->st, 2, 0, &people, &np, err);
	if (rc == MM_OK) {
		sec_begin(p, tr(M_PR_PARTICIPANTS));
		char line[160];
		snprintf(line, sizeof line, tr(M_PR_COUNTS), ng, nc, np);
		para(p, line);
		const char *head[3] = {tr(M_PR_COL_GROUP), tr(M_PR_COL_COMPANIES),
			tr(M_PR_COL_PEOPLE)};
		table_head(p, head, 3);
		for (int g = 0; g < ng && rc == MM_OK; g++) {
			owner_info *gc = NULL, *gp = NULL;
			int ngc = 0, ngp = 0;
			rc = store_owners(p->st, 1, groups[g].id, &gc, &ngc, err);
			if (rc == MM_OK)
				rc = store_owners(p->st, 2, groups[g].id, &gp, &ngp, err);
			if (rc == MM_OK) {
				buf names = {0};
				for (int k = 0; k < ngc; k++) {
					if (k)
						buf_puts(&names, tr(M_RPT_LIST_SEP));
					buf_puts(&names, gc[k].name);
				}
				char cnt[16];
				snprintf(cnt, sizeof cnt, "%d", ngp);
				const char *row[3] = {groups[g].name, buf_str(&names), cnt};
				table_row(p, row);
				buf_free(&names);
			}
			owner_list_free(gc, ngc);
			owner_list_free(gp, ngp);
		}
		table_end(p);
		sec_end(p);
	}
	owner_list_free(groups, ng);
	owner_list_free(companies, nc);
	owner_list_free(people, np);
	return rc;
}

/* Has any owner of kind OK among LIST written ACT's sheet? */
static mm_status wrote_any(pr *p, const activity *act, owner_kind ok, const owner_info *list,
	int n, bool *out, mm_error *err)
{
	for (int k = 0; k < n && !*out; k++) {
		int rows = 0, sets = 0;
		mm_status rc = sheet_count(p->st, act->storage->activity_id, ok, list[k].id, &rows,
			&sets, err);
		if (rc != MM_OK)
			return rc;
		*out = rows > 0 || sets > 0;
	}
	return MM_OK;
}

static mm_status attendance(pr *p, mm_error *err)
{
	owner_info *groups = NULL;
	int ng = 0;
	mm_status rc = store_owners(p->st, 0, 0, &groups, &ng, err);
	if (rc != MM_OK)
		return rc;
	/* each group's companies and people, once */
	owner_info **gc = xcalloc((size_t)ng + 1, sizeof *gc), **gp = xcalloc((size_t)ng + 1,
		sizeof *gp);
	int *ngc = xcalloc((size_t)ng + 1, sizeof *ngc), *ngp = xcalloc((size_t)ng + 1,
		sizeof *ngp);
	for (int g = 0; g < ng && rc == MM_OK; g++) {
		rc = store_owners(p->st, 1, groups[g].id, &gc[g], &ngc[g], err);
		if (rc == MM_OK)
			rc = store_owners(p->st, 2, groups[g].id, &gp[g], &ngp[g], err);
	}
	sec_begin(p, tr(M_PR_ATTENDANCE));
	const char **head = xcalloc((size_t)ng + 2, sizeof *head);
	head[0] = tr(M_PR_COL_SESSION);
	for (int g = 0; g < ng; g++)
		head[g + 1] = groups[g].name;
	head[ng + 1] = tr(M_PR_COL_WROTE);
	if (rc == MM_OK)
		table_head(p, head, ng + 2);
	const char **row = xcalloc((size_t)ng + 2, sizeof *row);
	for (size_t t = 0; t < p->sc->ntracks && rc == MM_OK; t++)
		for (size_t si = 0; si < p->sc->tracks[t].nsessions && rc == MM_OK; si++) {
			const session *se = &p->sc->tracks[t].sessions[si];
			bool stored = false;
			for (size_t a = 0; a < se->nactivities; a++)
				stored |= se->activities[a].storage != NULL;
			if (!stored)
				continue;
			char label[128];
			scenario_session_label(se, label, sizeof label);
			buf name = {0};
			buf_printf(&name, "%s %s", label, L(&se->title));
			row[0] = buf_str(&name);
			int wrote = 0;
			for (int g = 0; g < ng && rc == MM_OK; g++) {
				bool w = false;
				for (size_t a = 0; a < se->nactivities && !w && rc == MM_OK; a++) {
					const activity *act = &se->activities[a];
					if (!act->storage)
						continue;
					if (act->scope == SCOPE_COMPANY)
						rc = wrote_any(p, act, OWNER_COMPANY, gc[g], ngc[g], &w, err);
					else if (act->scope == SCOPE_PERSON)
						rc = wrote_any(p, act, OWNER_PERSON, gp[g], ngp[g], &w, err);
					else
						rc = wrote_any(p, act, OWNER_GROUP, &groups[g], 1, &w, err);
				}
				row[g + 1] = w ? tr(M_PR_WROTE) : "";
				wrote += w;
			}
			char cnt[32];
			snprintf(cnt, sizeof cnt, "%d / %d", wrote, ng);
			row[ng + 1] = cnt;
			if (rc == MM_OK)
				table_row(p, row);
			buf_free(&name);
		}
	table_end(p);
	para(p, tr(M_PR_ATTEND_NOTE));
	sec_end(p);
	free(row);
	free(head);
	for (int g = 0; g < ng; g++) {
		owner_list_free(gc[g], ngc[g]);
		owner_list_free(gp[g], ngp[g]);
	}
	free(gc);
	free(gp);
	free(ngc);
	free(ngp);
	owner_list_free(groups, ng);
	return rc;
}

/* The self-check: the first checklist with bands answered by companies
 * (outside the visits). */
static const activity *find_selfcheck(const pr *p)
{
	if (p->vis && visits_selfcheck(p->vis))
		return visits_selfcheck(p->vis);
	for (size_t t = 0; t < p->sc->ntracks; t++)
		for (size_t s = 0; s < p->sc->tracks[t].nsessions; s++) {
			const session *se = &p->sc->tracks[t].sessions[s];
			for (size_t a = 0; a < se->nactivities; a++) {
				const checklist_def *d = checklist_of(&se->activities[a]);
				if (d && d->nbands && se->activities[a].scope == SCOPE_COMPANY)
					return &se->activities[a];
			}
		}
	return NULL;
}

static mm_status selfcheck(pr *p, mm_error *err)
{
	sec_begin(p, tr(M_PR_SELFCHECK));
	const activity *act = find_selfcheck(p);
	if (!act) {
		para(p, tr(M_PR_NO_SELFCHECK));
		sec_end(p);
		return MM_OK;
	}
	const checklist_def *d = checklist_of(act);
	owner_info *companies = NULL;
	int nc = 0;
	mm_status rc = store_owners(p->st, 1, 0, &companies, &nc, err);
	int *counts = xcalloc((size_t)d->nbands + 1, sizeof *counts);
	int answered = 0;
	for (int c = 0; c < nc && rc == MM_OK; c++) {
		sheet *s = NULL;
		rc = sheet_peek(p->st, d->storage, OWNER_COMPANY, companies[c].id, &s, err);
		if (rc == MM_EDENIED) {
			rc = MM_OK;
			continue;
		}
		if (rc != MM_OK)
			break;
		checklist_result res;
		checklist_score(d, s, &res);
		if (res.answered > 0) {
			answered++;
			for (int b = 0; b < d->nbands; b++)
				if (res.band == &d->bands[b])
					counts[b]++;
		}
		checklist_result_free(&res);
		sheet_free(s);
	}
	if (rc == MM_OK) {
		char line[300];
		snprintf(line, sizeof line, "%s: ", L(&act->title));
		snprintf(line + strlen(line), sizeof line - strlen(line), tr(M_PR_SC_ANSWERED),
			answered, nc);
		para(p, line);
		bool hide = answered < PROGREPORT_MIN_ANSWERS;
		const char *head[3] = {tr(M_PR_COL_BAND), tr(M_PR_COL_NCOMP), tr(M_PR_COL_SHARE)};
		size_t at = p->sec_md.len;
		table_head(p, head, 3);
		svg_bar *bars = xcalloc((size_t)d->nbands + 1, sizeof *bars);
		char (*texts)[48] = xcalloc((size_t)d->nbands + 1, sizeof *texts);
		char (*words)[96] = xcalloc((size_t)d->nbands + 1, sizeof *words);
		for (int b = 0; b < d->nbands; b++) {
			report_band_word(L(&d->bands[b].label), words[b], sizeof words[b]);
			char cnt[16], sh[16];
			snprintf(cnt, sizeof cnt, "%d", counts[b]);
			share(sh, sizeof sh, counts[b], answered);
			const char *row[3] = {L(&d->bands[b].label), hide ? suppressed(p) : cnt,
				hide ? suppressed(p) : sh};
			table_row(p, row);
			snprintf(texts[b], sizeof texts[b], "%s (%s)", row[1], row[2]);
			bars[b] = (svg_bar){words[b], hide ? -1 : counts[b],
				hide ? tr(M_PR_SUPPRESSED) : texts[b], d->bands[b].color};
		}
		table_end(p);
		buf svg = {0};
		buf title = {0};
		buf_printf(&title, tr(M_PR_CHART_OF), L(&act->title), tr(M_PR_COL_BAND));
		if (!hide) { /* a chart of dashes says nothing */
			svg_hbars(&svg, buf_str(&title), bars, d->nbands, answered);
			chart(p, &svg, at);
		}
		buf_free(&svg);
		buf_free(&title);
		free(bars);
		free(texts);
		free(words);
	}
	sec_end(p);
	free(counts);
	owner_list_free(companies, nc);
	return rc;
}

/* A summary's label without its placeholders ("満足 {percent}" → "満足"). */
static void headline_label(const lstr *label, buf *out)
{
	const char *s = L(label);
	buf tmp = {0};
	while (*s) {
		if (*s == '{') {
			const char *e = strchr(s, '}');
			if (e) {
				s = e + 1;
				continue;
			}
		}
		buf_putc(&tmp, *s++);
	}
	/* trim spaces (also the full-width one) at both ends */
	const char *a = buf_str(&tmp);
	size_t n = tmp.len;
	for (;;) {
		if (n && a[0] == ' ') {
			a++;
			n--;
		} else if (n >= 3 && strncmp(a, "　", 3) == 0) {
			a += 3;
			n -= 3;
		} else if (n && a[n - 1] == ' ') {
			n--;
		} else if (n >= 3 && strncmp(a + n - 3, "　", 3) == 0) {
			n -= 3;
		} else {
			break;
		}
	}
	buf_append(out, a, n);
	buf_free(&tmp);
}

static const activity *find_survey(const scenario *sc)
{
	for (size_t t = 0; t < sc->ntracks; t++)
		for (size_t s = 0; s < sc->tracks[t].nsessions; s++) {
			const session *se = &sc->tracks[t].sessions[s];
			for (size_t a = 0; a < se->nactivities; a++)
				if (survey_of(&se->activities[a]))
					return &se->activities[a];
		}
	return NULL;
}

static mm_status survey(pr *p, mm_error *err)
{
	sec_begin(p, tr(M_PR_SURVEY));
	const activity *act = find_survey(p->sc);
	if (!act) {
		para(p, tr(M_PR_NO_SURVEY));
		sec_end(p);
		return MM_OK;
	}
	const survey_def *d = survey_of(act);
	survey_result r;
	mm_status rc = survey_results(p->st, act, &r, err);
	if (rc != MM_OK) {
		survey_result_free(&r);
		free(p->title);
		p->title = NULL;
		return rc;
	}
	char line[160];
	subhead(p, L(&act->title));
	snprintf(line, sizeof line, tr(M_SURVEY_RESPONDENTS), r.respondents, r.people);
	para(p, line);
	/* the headlines, as the seed reports them */
	if (d->nsummaries) {
		subhead(p, tr(M_PR_HEADLINES));
		const char *head[3] = {tr(M_PR_HEADLINES), tr(M_PR_COL_SHARE), tr(M_PR_COL_COUNT)};
		size_t at = p->sec_md.len;
		table_head(p, head, 3);
		svg_bar *bars = xcalloc((size_t)d->nsummaries, sizeof *bars);
		buf *labels = xcalloc((size_t)d->nsummaries, sizeof *labels);
		char (*texts)[32] = xcalloc((size_t)d->nsummaries, sizeof *texts);
		for (int k = 0; k < d->nsummaries; k++) {
			headline_label(&d->summaries[k].label, &labels[k]);
			const survey_headline *h = r.hidden ? NULL : &r.headlines[k];
			bool hide = !h || h->total < PROGREPORT_MIN_ANSWERS;
			char sh[16], cnt[32];
			if (!hide) {
				share(sh, sizeof sh, h->count, h->total);
				snprintf(cnt, sizeof cnt, "%d / %d", h->count, h->total);
			}
			const char *row[3] = {buf_str(&labels[k]), hide ? suppressed(p) : sh,
				hide ? suppressed(p) : cnt};
			table_row(p, row);
			snprintf(texts[k], sizeof texts[k], "%s", row[1]);
			bars[k] = (svg_bar){buf_str(&labels[k]),
				hide ? -1 : 100.0 * h->count / (h->total ? h->total : 1), texts[k],
				BAND_BLUE};
		}
		table_end(p);
		buf svg = {0}, title = {0};
		buf_printf(&title, tr(M_PR_HEADLINE_CHART), L(&act->title));
		bool shown = false;
		for (int k = 0; k < d->nsummaries; k++)
			shown |= bars[k].value >= 0;
		if (shown) {
			svg_hbars(&svg, buf_str(&title), bars, d->nsummaries, 100);
			chart(p, &svg, at);
		}
		buf_free(&svg);
		buf_free(&title);
		for (int k = 0; k < d->nsummaries; k++)
			buf_free(&labels[k]);
		free(labels);
		free(bars);
		free(texts);
	}
	/* every question with options: each option's count and share */
	for (int q = 0; q < d->nquestions; q++) {
		const survey_question *sq = &d->questions[q];
		if (sq->type == SQ_TEXT)
			continue;
		const survey_qresult *qr = r.hidden ? NULL : &r.q[q];
		bool hide = !qr || qr->answered < PROGREPORT_MIN_ANSWERS;
		subhead(p, L(&sq->text));
		if (sq->type == SQ_MULTI)
			para(p, tr(M_SURVEY_MULTI_NOTE));
		const char *head[3] = {tr(M_PR_COL_ANSWER), tr(M_PR_COL_COUNT), tr(M_PR_COL_SHARE)};
		size_t at = p->sec_md.len;
		table_head(p, head, 3);
		svg_bar *bars = xcalloc((size_t)sq->noptions + 1, sizeof *bars);
		char (*texts)[16] = xcalloc((size_t)sq->noptions + 1, sizeof *texts);
		for (int o = 0; o < sq->noptions; o++) {
			char cnt[16];
			if (!hide) {
				snprintf(cnt, sizeof cnt, "%d", qr->counts[o]);
				share(texts[o], sizeof texts[o], qr->counts[o], qr->answered);
				bars[o] = (svg_bar){L(&sq->options[o].label), 100.0 * qr->counts[o]
					/ qr->answered, texts[o], BAND_BLUE};
			}
			const char *row[3] = {L(&sq->options[o].label), hide ? suppressed(p) : cnt,
				hide ? suppressed(p) : texts[o]};
			table_row(p, row);
		}
		if (!hide) {
			buf svg = {0};
			svg_hbars(&svg, L(&sq->text), bars, sq->noptions, 100);
			chart(p, &svg, at);
		}
		free(bars);
		free(texts);
		char total[16];
		snprintf(total, sizeof total, "%d", qr ? qr->answered : 0);
		const char *row[3] = {tr(M_PR_TOTAL_ROW), hide ? suppressed(p) : total, ""};
		table_row(p, row);
		table_end(p);
	}
	/* open answers, grouped by question */
	bool open_head = false;
	for (int q = 0; q < d->nquestions; q++) {
		const survey_question *sq = &d->questions[q];
		if (sq->type != SQ_TEXT)
			continue;
		if (!open_head) {
			subhead(p, tr(M_PR_OPEN_ANSWERS));
			open_head = true;
		}
		buf_puts(&p->sec_md, "**");
		report_md_cell(&p->sec_md, L(&sq->text));
		buf_puts(&p->sec_md, "**\n\n");
		const survey_qresult *qr = r.hidden ? NULL : &r.q[q];
		if (!qr || qr->answered < PROGREPORT_MIN_ANSWERS) {
			buf_printf(&p->sec_md, "- %s\n\n", suppressed(p));
			csv_line(p, L(&sq->text), tr(M_PR_COL_ANSWER), tr(M_PR_SUPPRESSED));
			continue;
		}
		for (int k = 0; k < qr->ntexts; k++) {
			buf_puts(&p->sec_md, "- ");
			report_md_cell(&p->sec_md, qr->texts[k]);
			buf_puts(&p->sec_md, "\n");
			csv_line(p, L(&sq->text), tr(M_PR_COL_ANSWER), qr->texts[k]);
		}
		if (!qr->ntexts)
			buf_printf(&p->sec_md, "- %s\n", tr(M_SURVEY_NO_TEXTS));
		buf_puts(&p->sec_md, "\n");
	}
	survey_result_free(&r);
	sec_end(p);
	return MM_OK;
}

static mm_status areas(pr *p, mm_error *err)
{
	sec_begin(p, tr(M_PR_AREAS));
	visits_area_count *ac = NULL;
	int n = 0, ncomp = 0;
	if (!p->vis) {
		para(p, tr(M_PR_NO_VISITS));
		sec_end(p);
		return MM_OK;
	}
	mm_status rc = visits_area_share(p->st, p->vis, &ac, &n, &ncomp, err);
	if (rc != MM_OK) {
		free(p->title);
		p->title = NULL;
		return rc;
	}
	/* most worked-on first, as the seed's report lists them (ties keep the
	 * program's order) */
	for (int i = 1; i < n; i++) {
		visits_area_count t = ac[i];
		int j = i;
		for (; j > 0 && ac[j - 1].companies < t.companies; j--)
			ac[j] = ac[j - 1];
		ac[j] = t;
	}
	char line[160];
	snprintf(line, sizeof line, tr(M_PR_AREAS_BASE), ncomp);
	para(p, line);
	bool hide = ncomp < PROGREPORT_MIN_ANSWERS;
	const char *head[3] = {tr(M_PR_COL_AREA), tr(M_PR_COL_NCOMP), tr(M_PR_COL_SHARE)};
	size_t at = p->sec_md.len;
	table_head(p, head, 3);
	svg_bar *bars = xcalloc((size_t)n + 1, sizeof *bars);
	char (*texts)[16] = xcalloc((size_t)n + 1, sizeof *texts);
	for (int k = 0; k < n; k++) {
		char cnt[16];
		snprintf(cnt, sizeof cnt, "%d", ac[k].companies);
		share(texts[k], sizeof texts[k], ac[k].companies, ncomp);
		const char *row[3] = {L(ac[k].label), hide ? suppressed(p) : cnt,
			hide ? suppressed(p) : texts[k]};
		table_row(p, row);
		bars[k] = (svg_bar){L(ac[k].label), hide ? -1 : 100.0 * ac[k].companies
			/ (ncomp ? ncomp : 1), hide ? tr(M_PR_SUPPRESSED) : texts[k], BAND_GREEN};
	}
	table_end(p);
	if (n && !hide) {
		buf svg = {0};
		svg_hbars(&svg, tr(M_PR_AREAS), bars, n, 100);
		chart(p, &svg, at);
		buf_free(&svg);
	}
	free(bars);
	free(texts);
	free(ac);
	sec_end(p);
	return MM_OK;
}

static mm_status section_scores(pr *p, mm_error *err)
{
	if (!p->vis) {
		sec_begin(p, tr(M_PR_SCORES));
		para(p, tr(M_PR_NO_VISITS));
		sec_end(p);
		return MM_OK;
	}
	int nv = visits_count(p->vis), ns = visits_nsections(p->vis);
	char title[160];
	snprintf(title, sizeof title, tr(M_PR_SCORES), nv);
	sec_begin(p, title);
	owner_info *companies = NULL;
	int nc = 0;
	mm_status rc = store_owners(p->st, 1, 0, &companies, &nc, err);
	double *sum1 = xcalloc((size_t)ns + 1, sizeof *sum1), *sumn = xcalloc((size_t)ns + 1,
		sizeof *sumn);
	int *n1 = xcalloc((size_t)ns + 1, sizeof *n1), *nn = xcalloc((size_t)ns + 1, sizeof *nn);
	/* the change at the companies that have both visits: the averages
	 * above may rest on different companies (one not visited again) */
	double *first = xcalloc((size_t)ns + 1, sizeof *first);
	double *dsum = xcalloc((size_t)ns + 1, sizeof *dsum);
	int *dn = xcalloc((size_t)ns + 1, sizeof *dn);
	visit_score *sc = xcalloc((size_t)ns + 1, sizeof *sc);
	const lstr **titles = xcalloc((size_t)ns + 1, sizeof *titles);
	for (int c = 0; c < nc && rc == MM_OK; c++) {
		/* visit 1: the baseline (entered, or suggested from the hearing) */
		if ((rc = visits_scores(p->st, p->vis, companies[c].id, 1, sc, err)) != MM_OK)
			break;
		for (int s = 0; s < ns; s++) {
			titles[s] = sc[s].title;
			first[s] = sc[s].final;
			if (sc[s].final >= 0) {
				sum1[s] += sc[s].final;
				n1[s]++;
			}
		}
		visit_scores_free(sc, ns);
		/* the last visit: only what an expert entered */
		if (nv > 1) {
			if ((rc = visits_scores(p->st, p->vis, companies[c].id, nv, sc, err)) != MM_OK)
				break;
			for (int s = 0; s < ns; s++)
				if (sc[s].entered >= 0) {
					sumn[s] += sc[s].entered;
					nn[s]++;
					if (first[s] >= 0) {
						dsum[s] += sc[s].entered - first[s];
						dn[s]++;
					}
				}
			visit_scores_free(sc, ns);
		}
	}
	if (rc == MM_OK) {
		char l1[64], ln[64], h1[96], hn1[96], h2[96], hn2[96];
		scenario_session_label(visits_session(p->vis, 1), l1, sizeof l1);
		scenario_session_label(visits_session(p->vis, nv), ln, sizeof ln);
		snprintf(h1, sizeof h1, tr(M_PR_COL_AVG), l1);
		snprintf(hn1, sizeof hn1, tr(M_PR_COL_N), l1);
		snprintf(h2, sizeof h2, tr(M_PR_COL_AVG), ln);
		snprintf(hn2, sizeof hn2, tr(M_PR_COL_N), ln);
		const char *head[7] = {tr(M_RPT_COL_SECTION), h1, hn1, h2, hn2, tr(M_PR_COL_CHANGE),
			tr(M_PR_COL_NPAIR)};
		int ncol = nv > 1 ? 7 : 5;
		size_t at = p->sec_md.len;
		table_head(p, head, ncol);
		double *v = xcalloc((size_t)ns * 2 + 1, sizeof *v);
		const char **axes = xcalloc((size_t)ns + 1, sizeof *axes);
		bool any = false;
		const checklist_def *hd = visits_hearing_def(p->vis);
		for (int s = 0; s < ns; s++) {
			char a1[16], c1[16], a2[16], c2[16], d[16], cd[16];
			bool hide1 = n1[s] < PROGREPORT_MIN_ANSWERS, hide2 = nn[s] < PROGREPORT_MIN_ANSWERS;
			bool hided = dn[s] < PROGREPORT_MIN_ANSWERS;
			double dm = dn[s] ? dsum[s] / dn[s] : 0;
			snprintf(d, sizeof d, "%+.1f", dm == 0 ? 0.0 : dm); /* no "-0.0" */
			snprintf(cd, sizeof cd, "%d", dn[s]);
			snprintf(a1, sizeof a1, "%.1f", n1[s] ? sum1[s] / n1[s] : 0);
			snprintf(a2, sizeof a2, "%.1f", nn[s] ? sumn[s] / nn[s] : 0);
			snprintf(c1, sizeof c1, "%d", n1[s]);
			snprintf(c2, sizeof c2, "%d", nn[s]);
			axes[s] = titles[s] ? L(titles[s]) : L(&hd->sections[s].title);
			const char *row[7] = {axes[s], hide1 ? suppressed(p) : a1, c1,
				hide2 ? suppressed(p) : a2, c2, hided ? suppressed(p) : d, cd};
			table_row(p, row);
			v[s] = hide1 ? -1 : sum1[s] / n1[s];
			v[ns + s] = hide2 ? -1 : sumn[s] / nn[s];
			any |= !hide1 || !hide2;
		}
		table_end(p);
		if (any && ns >= 3) {
			char s1[96], s2[96];
			snprintf(s1, sizeof s1, tr(M_PR_SERIES_AVG), l1);
			snprintf(s2, sizeof s2, tr(M_PR_SERIES_AVG), ln);
			svg_series series[2] = {{s1, v}, {s2, v + ns}};
			buf svg = {0};
			svg_radar(&svg, title, axes, ns, visits_score_max(p->vis), series, nv > 1 ? 2 : 1);
			chart(p, &svg, at);
			buf_free(&svg);
		}
		free(v);
		free(axes);
	}
	sec_end(p);
	free(sum1);
	free(sumn);
	free(n1);
	free(nn);
	free(first);
	free(dsum);
	free(dn);
	free(sc);
	free(titles);
	owner_list_free(companies, nc);
	return rc;
}

mm_status progreport_build(store *st, const scenario *sc, const char *title, const char *format,
	buf *out, mm_error *err)
{
	const char *f = format ? format : "md";
	bool html = strcmp(f, "html") == 0, md = strcmp(f, "md") == 0, csv = strcmp(f, "csv") == 0;
	if (!html && !md && !csv)
		return mm_fail(err, MM_EUSER, tr(M_PR_FORMATS), f);
	pr p = {.st = st, .sc = sc, .vis = visits_new(sc)};
	const char *ch[5] = {tr(M_PR_CSV_SECTION), tr(M_PR_CSV_ITEM), tr(M_PR_CSV_COLUMN),
		tr(M_PR_CSV_VALUE), tr(M_PR_CSV_NOTE)};
	csv_write_record(&p.csv, ch, 5);
	mm_status rc = participants(&p, err);
	if (rc == MM_OK)
		rc = attendance(&p, err);
	if (rc == MM_OK)
		rc = selfcheck(&p, err);
	if (rc == MM_OK)
		rc = survey(&p, err);
	if (rc == MM_OK)
		rc = areas(&p, err);
	if (rc == MM_OK)
		rc = section_scores(&p, err);
	if (rc == MM_OK) {
		buf heading = {0};
		buf_printf(&heading, tr(M_PR_TITLE), title && *title ? title : L(&sc->title));
		if (html) {
			report_page_open(out, buf_str(&heading));
			buf_puts(out, "<h1>");
			html_escape(out, buf_str(&heading), heading.len);
			buf_puts(out, "</h1>\n");
			buf_append(out, buf_str(&p.html), p.html.len);
			report_page_close(out);
		} else if (md) {
			buf_puts(out, "# ");
			report_md_cell(out, buf_str(&heading));
			buf_puts(out, "\n\n");
			buf_append(out, buf_str(&p.md), p.md.len);
		} else {
			buf_append(out, buf_str(&p.csv), p.csv.len);
		}
		buf_free(&heading);
	}
	free(p.title);
	buf_free(&p.md);
	buf_free(&p.csv);
	buf_free(&p.html);
	buf_free(&p.sec_md);
	for (int k = 0; k < p.ncharts; k++)
		buf_free(&p.charts[k]);
	free(p.charts);
	visits_free(p.vis);
	return rc;
}
