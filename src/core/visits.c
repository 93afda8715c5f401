/* visits.c — the expert visits measured: section scores per visit, the
 * improvement plan's status per visit and its area tags, and the counts the
 * board, the next-year plan and the reports use. See visits.h. */
#include "visits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "board.h"
#include "buf.h"
#include "sheet.h"

struct visits {
	const scenario *sc;
	const track *tr;
	int nvisits;
	const activity *hearing;
	const checklist_def *hd;
	const activity *plan;      /* NULL when none */
	int plan_status, plan_area, plan_areas; /* columns of the plan, -1 none */
	const activity *selfcheck; /* NULL when none */
	table_def *scores;  /* "<hearing>#visits" */
	table_def *status;  /* "<plan>#visits", NULL without a plan */
};

/* columns of the score storage: key, then per visit score, basis, reason */
#define SC_SCORE(v) (1 + ((v) - 1) * 3)
#define SC_BASIS(v) (2 + ((v) - 1) * 3)
#define SC_REASON(v) (3 + ((v) - 1) * 3)
/* of the status storage: key, then per visit status, date, note */
#define ST_STATUS(v) (1 + ((v) - 1) * 3)
#define ST_DATE(v) (2 + ((v) - 1) * 3)
#define ST_NOTE(v) (3 + ((v) - 1) * 3)

/* ---- the model --------------------------------------------------------- */

static void lstr_fmt(msg_id id, int n, lstr *out)
{
	char b[128];
	snprintf(b, sizeof b, tr_in(LANG_JA, id), n);
	out->ja = xstrdup(b);
	snprintf(b, sizeof b, tr_in(LANG_EN, id), n);
	out->en = xstrdup(b);
}

static void lstr_dup(const lstr *in, lstr *out)
{
	out->ja = in->ja ? xstrdup(in->ja) : NULL;
	out->en = in->en ? xstrdup(in->en) : NULL;
}

static void set_col(column *c, const char *id, int v, col_type type, msg_id title)
{
	char b[32];
	if (v > 0)
		snprintf(b, sizeof b, "%s%d", id, v);
	else
		snprintf(b, sizeof b, "%s", id);
	c->id = xstrdup(b);
	c->type = type;
	if (v > 0)
		lstr_fmt(title, v, &c->title);
	else
		lstr_fmt(title, 0, &c->title);
}

static table_def *new_storage(const char *activity_id, int ncols)
{
	table_def *t = xcalloc(1, sizeof *t);
	char id[160];
	snprintf(id, sizeof id, "%s#visits", activity_id);
	t->activity_id = xstrdup(id);
	t->heat_x = t->heat_y = t->heat_color = -1;
	t->cols = xcalloc((size_t)ncols, sizeof *t->cols);
	t->ncols = ncols;
	return t;
}

static table_def *build_scores(const visits *v)
{
	int n = 1 + 3 * v->nvisits;
	table_def *t = new_storage(v->hearing->id, n);
	set_col(&t->cols[0], "key", 0, COL_TEXT, M_VISITS_COL_KEY);
	for (int k = 1; k <= v->nvisits; k++) {
		column *c = &t->cols[SC_SCORE(k)];
		set_col(c, "score", k, COL_SCALE, M_VISITS_COL_SCORE);
		c->has_min = c->has_max = true;
		c->min = 0;
		c->max = v->hd->score_max;
		c->noptions = v->hd->score_max + 1;
		c->options = xcalloc((size_t)c->noptions, sizeof *c->options);
		for (int o = 0; o < c->noptions; o++) {
			char b[16];
			snprintf(b, sizeof b, "%d", o);
			c->options[o].value = xstrdup(b);
			c->options[o].label.ja = xstrdup(b);
		}
		c = &t->cols[SC_BASIS(k)];
		set_col(c, "basis", k, COL_NUMBER, M_VISITS_COL_BASIS);
		c->has_min = c->has_max = true;
		c->min = 0;
		c->max = v->hd->score_max;
		set_col(&t->cols[SC_REASON(k)], "reason", k, COL_LONGTEXT, M_VISITS_COL_REASON);
	}
	/* one row per section */
	t->nrows = v->hd->nsections;
	t->rows = xcalloc((size_t)t->nrows + 1, sizeof *t->rows);
	for (int s = 0; s < t->nrows; s++) {
		t->rows[s].values = xcalloc((size_t)n, sizeof(char *));
		t->rows[s].values[0] = xstrdup(v->hd->sections[s].id);
	}
	return t;
}

static table_def *build_status(const visits *v)
{
	int n = 1 + 3 * v->nvisits;
	table_def *t = new_storage(v->plan->id, n);
	set_col(&t->cols[0], "key", 0, COL_TEXT, M_VISITS_COL_KEY);
	const column *pc = &v->plan->table->cols[v->plan_status];
	for (int k = 1; k <= v->nvisits; k++) {
		column *c = &t->cols[ST_STATUS(k)];
		set_col(c, "status", k, COL_CHOICE, M_VISITS_COL_STATUS);
		c->noptions = pc->noptions;
		c->options = xcalloc((size_t)c->noptions + 1, sizeof *c->options);
		for (int o = 0; o < c->noptions; o++) {
			c->options[o].value = xstrdup(pc->options[o].value);
			lstr_dup(&pc->options[o].label, &c->options[o].label);
		}
		set_col(&t->cols[ST_DATE(k)], "date", k, COL_DATE, M_VISITS_COL_DATE);
		set_col(&t->cols[ST_NOTE(k)], "note", k, COL_LONGTEXT, M_VISITS_COL_NOTE);
	}
	return t;
}

visits *visits_new(const scenario *sc)
{
	if (!sc)
		return NULL;
	const track *tr = NULL;
	for (size_t k = 0; k < sc->ntracks; k++)
		if (strcmp(sc->tracks[k].id, "visits") == 0)
			tr = &sc->tracks[k];
	if (!tr || tr->nsessions == 0)
		return NULL;
	visits *v = xcalloc(1, sizeof *v);
	v->sc = sc;
	v->tr = tr;
	v->plan_status = v->plan_area = v->plan_areas = -1;
	for (size_t s = 0; s < tr->nsessions; s++) {
		if (tr->sessions[s].number > v->nvisits)
			v->nvisits = tr->sessions[s].number;
		for (size_t a = 0; a < tr->sessions[s].nactivities; a++) {
			const activity *act = &tr->sessions[s].activities[a];
			const checklist_def *d = checklist_of(act);
			if (!v->hearing && d && d->score_mode != CL_SCORE_NONE && d->nsections > 0) {
				v->hearing = act;
				v->hd = d;
			}
			if (!v->plan && act->kind == KIND_TABLE && act->table) {
				int c = table_col_index(act->table, "status");
				if (c >= 0 && act->table->cols[c].type == COL_CHOICE) {
					v->plan = act;
					v->plan_status = c;
					v->plan_area = table_col_index(act->table, "area");
					v->plan_areas = table_col_index(act->table, "areas");
					if (v->plan_areas >= 0 && act->table->cols[v->plan_areas].type != COL_FLAGS)
						v->plan_areas = -1;
				}
			}
		}
	}
	if (!v->hearing || v->nvisits > 20) {
		free(v);
		return NULL;
	}
	for (size_t k = 0; k < sc->ntracks && !v->selfcheck; k++) {
		if (&sc->tracks[k] == tr)
			continue;
		for (size_t s = 0; s < sc->tracks[k].nsessions && !v->selfcheck; s++)
			for (size_t a = 0; a < sc->tracks[k].sessions[s].nactivities; a++) {
				const activity *act = &sc->tracks[k].sessions[s].activities[a];
				const checklist_def *d = checklist_of(act);
				if (d && d->nbands > 0) {
					v->selfcheck = act;
					break;
				}
			}
	}
	v->scores = build_scores(v);
	if (v->plan)
		v->status = build_status(v);
	return v;
}

void visits_free(visits *v)
{
	if (!v)
		return;
	table_def_free(v->scores);
	table_def_free(v->status);
	free(v);
}

int visits_count(const visits *v) { return v->nvisits; }
const activity *visits_hearing(const visits *v) { return v->hearing; }
const checklist_def *visits_hearing_def(const visits *v) { return v->hd; }
const activity *visits_plan_activity(const visits *v) { return v->plan; }
const activity *visits_selfcheck(const visits *v) { return v->selfcheck; }
int visits_nsections(const visits *v) { return v->hd->nsections; }
int visits_score_max(const visits *v) { return v->hd->score_max; }
const table_def *visits_score_storage(const visits *v) { return v->scores; }
const table_def *visits_status_storage(const visits *v) { return v->status; }

bool visits_has_record(store *st, const visits *v, int64_t company)
{
	/* the hearing's answers, the entered scores, the plan's statuses */
	const table_def *defs[3] = {v->hearing->storage, v->scores, v->status};
	for (int k = 0; k < 3; k++) {
		int rows = 0, sets = 0;
		mm_error err;
		if (defs[k] && sheet_count(st, defs[k]->activity_id, OWNER_COMPANY, company, &rows,
			&sets, &err) == MM_OK && sets > 0)
			return true;
	}
	return false;
}

const session *visits_session(const visits *v, int visit)
{
	for (size_t s = 0; s < v->tr->nsessions; s++)
		if (v->tr->sessions[s].number == visit)
			return &v->tr->sessions[s];
	return NULL;
}

const col_option *visits_statuses(const visits *v, int *n)
{
	if (!v->plan) {
		*n = 0;
		return NULL;
	}
	const column *c = &v->plan->table->cols[v->plan_status];
	*n = c->noptions;
	return c->options;
}

const col_option *visits_areas(const visits *v, int *n)
{
	if (!v->plan || v->plan_areas < 0) {
		*n = 0;
		return NULL;
	}
	const column *c = &v->plan->table->cols[v->plan_areas];
	*n = c->noptions;
	return c->options;
}

/* ---- helpers ------------------------------------------------------------ */

static int row_by_key(const sheet *s, const char *key)
{
	for (int r = 0; s && r < s->nrows; r++) {
		const char *k = s->rows[r].cells[0].value;
		if (k && strcmp(k, key) == 0)
			return r;
	}
	return -1;
}

static const char *cell(const sheet *s, int r, int col)
{
	if (!s || r < 0 || r >= s->nrows)
		return "";
	const char *x = s->rows[r].cells[col].value;
	return x ? x : "";
}

static int version_of(const sheet *s, int r, int col)
{
	if (!s || r < 0 || r >= s->nrows)
		return 0;
	return s->rows[r].cells[col].version;
}

static int int_or(const char *s, int lo, int hi)
{
	char *end;
	if (!s || !*s)
		return -1;
	long n = strtol(s, &end, 10);
	if (*end || n < lo || n > hi)
		return -1;
	return (int)n;
}

static mm_status check_visit(const visits *v, int visit, mm_error *err)
{
	if (visit < 1 || visit > v->nvisits)
		return mm_fail(err, MM_EUSER, tr(M_VISITS_BAD_VISIT), v->nvisits);
	return MM_OK;
}

static int section_index(const visits *v, const char *id)
{
	for (int s = 0; id && s < v->hd->nsections; s++)
		if (strcmp(v->hd->sections[s].id, id) == 0)
			return s;
	return -1;
}

/* ---- writing in one transaction, and undo ------------------------------- */

typedef struct hcell {
	const table_def *def; /* which of the company's sheets */
	int64_t row;
	int col;
	char *before, *after;
} hcell;

typedef struct hstep {
	int64_t company;
	int visit;
	hcell *cells;
	int n;
} hstep;

struct visits_history {
	hstep *v;
	int n, cap, done; /* steps [0, done) applied, [done, n) can be redone */
};

visits_history *visits_history_new(void)
{
	return xcalloc(1, sizeof(visits_history));
}

static void step_free(hstep *s)
{
	for (int k = 0; k < s->n; k++) {
		free(s->cells[k].before);
		free(s->cells[k].after);
	}
	free(s->cells);
	memset(s, 0, sizeof *s);
}

void visits_history_clear(visits_history *h)
{
	for (int k = 0; h && k < h->n; k++)
		step_free(&h->v[k]);
	if (h)
		h->n = h->done = 0;
}

void visits_history_free(visits_history *h)
{
	if (!h)
		return;
	visits_history_clear(h);
	free(h->v);
	free(h);
}

/* The cells of one write, the sheets they are in opened once each. */
typedef struct batch {
	store *st;
	int64_t company;
	sheet *sheets[4];
	int nsheets;
	sheet_put *p;
	int n, cap;
} batch;

static mm_status batch_sheet(batch *b, const table_def *def, sheet **out, mm_error *err)
{
	for (int k = 0; k < b->nsheets; k++)
		if (b->sheets[k]->def == def) {
			*out = b->sheets[k];
			return MM_OK;
		}
	sheet *s = NULL;
	mm_status rc = sheet_open(b->st, def, OWNER_COMPANY, b->company, &s, err);
	if (rc != MM_OK)
		return rc;
	b->sheets[b->nsheets++] = s;
	*out = s;
	return MM_OK;
}

static void batch_add(batch *b, sheet *s, int64_t row, int col, const char *stored,
	int expected)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 8;
		b->p = xrealloc(b->p, (size_t)b->cap * sizeof *b->p);
	}
	b->p[b->n++] = (sheet_put){.s = s, .row = row, .col = col,
		.stored = xstrdup(stored ? stored : ""), .expected = expected};
}

static void batch_free(batch *b)
{
	for (int k = 0; k < b->n; k++) {
		free((char *)b->p[k].stored);
		free(b->p[k].before);
	}
	free(b->p);
	for (int k = 0; k < b->nsheets; k++)
		sheet_free(b->sheets[k]);
	memset(b, 0, sizeof *b);
}

/* Writes the batch in one transaction; on success H gets it as one step
 * (the cells that changed). */
static mm_status batch_run(batch *b, int visit, const visits_edit *ed, mm_error *err)
{
	mm_status rc = sheet_set_many(b->st, b->p, b->n, ed ? ed->cf : NULL, NULL, err);
	if (rc != MM_OK || !ed || !ed->h)
		return rc;
	hstep step = {b->company, visit, xcalloc((size_t)b->n + 1, sizeof(hcell)), 0};
	for (int k = 0; k < b->n; k++) {
		const sheet_put *p = &b->p[k];
		if (strcmp(p->before ? p->before : "", p->stored) == 0)
			continue;
		step.cells[step.n++] = (hcell){p->s->def, p->row, p->col,
			xstrdup(p->before ? p->before : ""), xstrdup(p->stored)};
	}
	if (!step.n) {
		step_free(&step);
		return MM_OK;
	}
	visits_history *h = ed->h;
	for (int k = h->done; k < h->n; k++)
		step_free(&h->v[k]);
	h->n = h->done;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->v = xrealloc(h->v, (size_t)h->cap * sizeof *h->v);
	}
	h->v[h->n++] = step;
	h->done = h->n;
	return MM_OK;
}

mm_status visits_undo(store *st, const visits *v, visits_history *h, bool redo, int *visit,
	mm_error *err)
{
	(void)v;
	if (!h || (redo ? h->done >= h->n : h->done <= 0))
		return mm_fail(err, MM_ENOTFOUND, "%s",
			tr(redo ? M_SHEET_NOTHING_TO_REDO : M_SHEET_NOTHING_TO_UNDO));
	hstep *s = &h->v[redo ? h->done : h->done - 1];
	batch b = {.st = st, .company = s->company};
	mm_status rc = MM_OK;
	for (int k = 0; k < s->n && rc == MM_OK; k++) {
		sheet *sh = NULL;
		if ((rc = batch_sheet(&b, s->cells[k].def, &sh, err)) == MM_OK) {
			/* only what this terminal wrote is taken back: the cell must
			 * still hold it, checked inside the transaction */
			batch_add(&b, sh, s->cells[k].row, s->cells[k].col,
				redo ? s->cells[k].after : s->cells[k].before, -1);
			b.p[b.n - 1].holds = redo ? s->cells[k].before : s->cells[k].after;
		}
	}
	sheet_conflict cf = {0};
	if (rc == MM_OK)
		rc = sheet_set_many(st, b.p, b.n, &cf, NULL, err);
	if (rc == MM_ECONFLICT)
		mm_fail(err, MM_ECONFLICT, "%s", tr(M_VISITS_UNDO_CHANGED));
	sheet_conflict_free(&cf);
	if (rc == MM_OK) {
		h->done += redo ? 1 : -1;
		if (visit)
			*visit = s->visit;
	}
	batch_free(&b);
	return rc;
}

/* Row index of the row keyed KEY (column KCOL) of S, the row (and the sheet)
 * made first when there is none: a row with only its key means nothing yet,
 * so it is written before, on its own, and never undone. */
static mm_status keyed_row(store *st, sheet *s, int kcol, const char *key, int *r,
	mm_error *err)
{
	mm_status rc;
	if (!s->id && (rc = sheet_insert_many(st, s, NULL, 0, false, NULL, err)) != MM_OK)
		return rc;
	for (*r = 0; *r < s->nrows; (*r)++) {
		const char *k = s->rows[*r].cells[kcol].value;
		if (k && strcmp(k, key) == 0)
			return MM_OK;
	}
	const char **vals = xcalloc((size_t)s->def->ncols, sizeof *vals);
	vals[kcol] = key;
	int64_t id = 0;
	rc = sheet_insert(st, s, s->nrows, vals, &id, NULL, err);
	free(vals);
	if (rc == MM_OK)
		*r = sheet_row_index(s, id);
	return rc == MM_OK && *r < 0 ? mm_fail(err, MM_EDB, "%s", tr(M_SHEET_ROW_GONE)) : rc;
}

/* ---- scores ------------------------------------------------------------- */

/* The score the answers suggest: -1 until an item of the section is answered. */
static int suggestion(const checklist_section_result *r)
{
	return r->answered > 0 ? r->computed : -1;
}

mm_status visits_scores(store *st, const visits *v, int64_t company, int visit,
	visit_score *out, mm_error *err)
{
	mm_status rc = check_visit(v, visit, err);
	if (rc != MM_OK)
		return rc;
	sheet *hs = NULL, *ss = NULL;
	if ((rc = sheet_peek(st, v->hearing->storage, OWNER_COMPANY, company, &hs, err)) != MM_OK)
		return rc;
	if ((rc = sheet_peek(st, v->scores, OWNER_COMPANY, company, &ss, err)) != MM_OK) {
		sheet_free(hs);
		return rc;
	}
	checklist_result res;
	checklist_score(v->hd, hs, &res);
	int max = v->hd->score_max;
	for (int s = 0; s < v->hd->nsections; s++) {
		visit_score *o = &out[s];
		const checklist_section *sec = &v->hd->sections[s];
		o->section = sec->id;
		o->title = &sec->title;
		int r = row_by_key(ss, sec->id);
		o->entered = int_or(cell(ss, r, SC_SCORE(visit)), 0, max);
		o->reason = xstrdup(cell(ss, r, SC_REASON(visit)));
		o->version = version_of(ss, r, SC_SCORE(visit));
		if (o->entered >= 0) {
			o->suggested = int_or(cell(ss, r, SC_BASIS(visit)), 0, max);
		} else {
			o->suggested = suggestion(&res.sections[s]);
			/* visit 1: a score entered on the hearing sheet itself counts */
			if (visit == 1 && res.sections[s].manual >= 0)
				o->entered = res.sections[s].manual;
		}
		o->final = o->entered >= 0 ? o->entered : o->suggested;
	}
	checklist_result_free(&res);
	sheet_free(hs);
	sheet_free(ss);
	return MM_OK;
}

void visit_scores_free(visit_score *s, int n)
{
	for (int k = 0; s && k < n; k++) {
		free(s[k].reason);
		s[k].reason = NULL;
	}
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

mm_status visits_set_score(store *st, const visits *v, int64_t company, int visit,
	const char *section, int score, const char *reason, mm_error *err)
{
	return visits_set_score_ex(st, v, company, visit, section, score, reason, NULL, err);
}

mm_status visits_set_score_ex(store *st, const visits *v, int64_t company, int visit,
	const char *section, int score, const char *reason, const visits_edit *ed, mm_error *err)
{
	mm_status rc = check_visit(v, visit, err);
	if (rc != MM_OK)
		return rc;
	if ((rc = sheet_may_write_in(st, v->scores->activity_id, OWNER_COMPANY, company, err))
		!= MM_OK)
		return rc;
	int si = section_index(v, section);
	if (si < 0)
		return mm_fail(err, MM_EUSER, tr(M_VISITS_BAD_SECTION), section ? section : "");
	int max = v->hd->score_max;
	if (score < -1 || score > max)
		return mm_fail(err, MM_EUSER, tr(M_VISITS_BAD_SCORE), max);
	/* the suggestion of the moment, from the hearing's answers */
	sheet *hs = NULL;
	if ((rc = sheet_peek(st, v->hearing->storage, OWNER_COMPANY, company, &hs, err)) != MM_OK)
		return rc;
	checklist_result res;
	checklist_score(v->hd, hs, &res);
	int suggested = suggestion(&res.sections[si]);
	checklist_result_free(&res);
	sheet_free(hs);
	if (score >= 0 && score != suggested && blank(reason)) {
		if (suggested < 0)
			return mm_fail(err, MM_EUSER, "%s", tr(M_VISITS_NEED_REASON_NONE));
		return mm_fail(err, MM_EUSER, tr(M_VISITS_NEED_REASON), suggested);
	}
	char sv[16] = "", bv[16] = "";
	if (score >= 0) {
		snprintf(sv, sizeof sv, "%d", score);
		if (suggested >= 0)
			snprintf(bv, sizeof bv, "%d", suggested);
	}
	batch b = {.st = st, .company = company};
	sheet *ss = NULL;
	int r = -1;
	if ((rc = batch_sheet(&b, v->scores, &ss, err)) == MM_OK)
		rc = keyed_row(st, ss, 0, section, &r, err);
	if (rc == MM_OK) {
		int64_t row = ss->rows[r].id;
		batch_add(&b, ss, row, SC_REASON(visit), score >= 0 && reason ? reason : "", -1);
		batch_add(&b, ss, row, SC_BASIS(visit), bv, -1);
		batch_add(&b, ss, row, SC_SCORE(visit), sv, ed ? ed->expected : -1);
	}
	/* visit 1's score is the hearing sheet's own section score too: both
	 * in the same transaction, so undo takes both back */
	if (rc == MM_OK && visit == 1 && v->hd->col_score >= 0) {
		sheet *h = NULL;
		int hr = -1;
		if ((rc = batch_sheet(&b, v->hearing->storage, &h, err)) == MM_OK)
			rc = keyed_row(st, h, v->hd->col_item, section, &hr, err);
		if (rc == MM_OK)
			batch_add(&b, h, h->rows[hr].id, v->hd->col_score, sv, -1);
	}
	if (rc == MM_OK)
		rc = batch_run(&b, visit, ed, err);
	batch_free(&b);
	return rc;
}

/* ---- the plan ----------------------------------------------------------- */

static void split_flags(const char *s, char ***out, int *n)
{
	*out = NULL;
	*n = 0;
	if (!s || !*s)
		return;
	int cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == ',';
	*out = xcalloc((size_t)cap, sizeof **out);
	char *copy = xstrdup(s), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		(*out)[(*n)++] = xstrdup(t);
	free(copy);
}

mm_status visits_plan(store *st, const visits *v, int64_t company, visit_plan_item **out,
	int *n, mm_error *err)
{
	*out = NULL;
	*n = 0;
	if (!v->plan)
		return MM_OK;
	sheet *ps = NULL, *ss = NULL;
	mm_status rc = sheet_peek(st, v->plan->storage, OWNER_COMPANY, company, &ps, err);
	if (rc != MM_OK)
		return rc;
	if ((rc = sheet_peek(st, v->status, OWNER_COMPANY, company, &ss, err)) != MM_OK) {
		sheet_free(ps);
		return rc;
	}
	visit_plan_item *items = xcalloc((size_t)ps->nrows + 1, sizeof *items);
	for (int r = 0; r < ps->nrows; r++) {
		visit_plan_item *it = &items[r];
		it->row = ps->rows[r].id;
		it->label = xstrdup(sheet_label(ps, it->row));
		it->section = xstrdup(v->plan_area >= 0 ? cell(ps, r, v->plan_area) : "");
		char key[32];
		snprintf(key, sizeof key, "%lld", (long long)it->row);
		int sr = row_by_key(ss, key);
		it->by_visit = xcalloc((size_t)v->nvisits, sizeof *it->by_visit);
		const char *cur = cell(ps, r, v->plan_status);
		for (int k = 1; k <= v->nvisits; k++) {
			visit_status *vs = &it->by_visit[k - 1];
			vs->status = xstrdup(cell(ss, sr, ST_STATUS(k)));
			vs->date = xstrdup(cell(ss, sr, ST_DATE(k)));
			vs->note = xstrdup(cell(ss, sr, ST_NOTE(k)));
			vs->version = version_of(ss, sr, ST_STATUS(k));
			vs->note_version = version_of(ss, sr, ST_NOTE(k));
			if (*vs->status)
				cur = vs->status;
		}
		it->current = xstrdup(cur);
		if (v->plan_areas >= 0) {
			split_flags(cell(ps, r, v->plan_areas), &it->areas, &it->nareas);
			it->areas_version = version_of(ps, r, v->plan_areas);
		}
	}
	*out = items;
	*n = ps->nrows;
	sheet_free(ps);
	sheet_free(ss);
	return MM_OK;
}

void visits_plan_free(visit_plan_item *items, int n, int nvisits)
{
	for (int k = 0; items && k < n; k++) {
		visit_plan_item *it = &items[k];
		free(it->label);
		free(it->section);
		free(it->current);
		for (int j = 0; it->by_visit && j < nvisits; j++) {
			free(it->by_visit[j].status);
			free(it->by_visit[j].date);
			free(it->by_visit[j].note);
		}
		free(it->by_visit);
		for (int j = 0; j < it->nareas; j++)
			free(it->areas[j]);
		free(it->areas);
	}
	free(items);
}

static void today(char *out, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, n, "%Y-%m-%d", &tm);
}

mm_status visits_set_status(store *st, const visits *v, int64_t company, int64_t row,
	int visit, const char *status, const char *date, const char *note, mm_error *err)
{
	return visits_set_status_ex(st, v, company, row, visit, status, date, note, NULL, err);
}

mm_status visits_set_status_ex(store *st, const visits *v, int64_t company, int64_t row,
	int visit, const char *status, const char *date, const char *note, const visits_edit *ed,
	mm_error *err)
{
	if (!v->plan)
		return mm_fail(err, MM_EUSER, "%s", tr(M_VISITS_NO_PLAN));
	mm_status rc = check_visit(v, visit, err);
	if (rc != MM_OK)
		return rc;
	if ((rc = sheet_may_write_in(st, v->status->activity_id, OWNER_COMPANY, company, err))
		!= MM_OK)
		return rc;
	bool note_only = status == NULL;
	char *sv = NULL, *dv = NULL;
	if (!note_only && (rc = column_parse(&v->status->cols[ST_STATUS(visit)], status, &sv, err))
		!= MM_OK)
		return rc;
	char d[16];
	if (!note_only && blank(date) && sv && *sv) {
		today(d, sizeof d);
		date = d;
	}
	/* a status is written with its date (a cleared one with none); a note
	 * alone keeps the date there unless one is given */
	if ((!note_only || date)
		&& (rc = column_parse(&v->status->cols[ST_DATE(visit)], date ? date : "", &dv, err))
		!= MM_OK) {
		free(sv);
		return rc;
	}
	batch b = {.st = st, .company = company};
	sheet *ps = NULL, *ss = NULL;
	int pr = -1, sr = -1;
	char key[32];
	snprintf(key, sizeof key, "%lld", (long long)row);
	if ((rc = batch_sheet(&b, v->plan->storage, &ps, err)) != MM_OK)
		goto out;
	if ((pr = sheet_row_index(ps, row)) < 0) {
		rc = mm_fail(err, MM_EUSER, "%s", tr(M_VISITS_NO_ROW));
		goto out;
	}
	if ((rc = batch_sheet(&b, v->status, &ss, err)) != MM_OK
		|| (rc = keyed_row(st, ss, 0, key, &sr, err)) != MM_OK)
		goto out;
	int64_t srow = ss->rows[sr].id;
	if (note_only) {
		/* a note goes with a status: the one there, else the plan's */
		const char *there = cell(ss, sr, ST_STATUS(visit));
		sv = xstrdup(*there ? there : cell(ps, pr, v->plan_status));
		if (!dv && !*there && *sv) {
			today(d, sizeof d);
			dv = xstrdup(d);
		}
	}
	if (note)
		batch_add(&b, ss, srow, ST_NOTE(visit), note, note_only && ed ? ed->expected : -1);
	if (dv)
		batch_add(&b, ss, srow, ST_DATE(visit), dv, -1);
	batch_add(&b, ss, srow, ST_STATUS(visit), sv, !note_only && ed ? ed->expected : -1);
	/* the plan's own status follows the latest visit's */
	const char *latest = NULL;
	for (int k = 1; k <= v->nvisits; k++) {
		const char *x = k == visit ? sv : cell(ss, sr, ST_STATUS(k));
		if (x && *x)
			latest = x;
	}
	if (latest && strcmp(cell(ps, pr, v->plan_status), latest) != 0)
		batch_add(&b, ps, row, v->plan_status, latest, -1);
	rc = batch_run(&b, visit, ed, err);
out:
	batch_free(&b);
	free(sv);
	free(dv);
	return rc;
}

mm_status visits_set_areas(store *st, const visits *v, int64_t company, int64_t row,
	const char *const *areas, int n, mm_error *err)
{
	return visits_set_areas_ex(st, v, company, row, areas, n, NULL, err);
}

mm_status visits_set_areas_ex(store *st, const visits *v, int64_t company, int64_t row,
	const char *const *areas, int n, const visits_edit *ed, mm_error *err)
{
	if (!v->plan)
		return mm_fail(err, MM_EUSER, "%s", tr(M_VISITS_NO_PLAN));
	if (v->plan_areas < 0)
		return mm_fail(err, MM_EUSER, "%s", tr(M_VISITS_NO_AREAS));
	mm_status rc = sheet_may_write_in(st, v->plan->id, OWNER_COMPANY, company, err);
	if (rc != MM_OK)
		return rc;
	buf in = {0};
	for (int k = 0; k < n; k++)
		buf_printf(&in, "%s%s", k ? "," : "", areas[k] ? areas[k] : "");
	char *stored = NULL;
	rc = column_parse(&v->plan->table->cols[v->plan_areas], buf_str(&in), &stored, err);
	buf_free(&in);
	if (rc != MM_OK)
		return rc;
	batch b = {.st = st, .company = company};
	sheet *ps = NULL;
	if ((rc = batch_sheet(&b, v->plan->storage, &ps, err)) == MM_OK) {
		if (sheet_row_index(ps, row) < 0)
			rc = mm_fail(err, MM_EUSER, "%s", tr(M_VISITS_NO_ROW));
		else {
			batch_add(&b, ps, row, v->plan_areas, stored, ed ? ed->expected : -1);
			rc = batch_run(&b, 0, ed, err);
		}
	}
	batch_free(&b);
	free(stored);
	return rc;
}

/* ---- counts ------------------------------------------------------------- */

mm_status visits_summarize(store *st, const visits *v, int64_t company, visits_summary *out,
	mm_error *err)
{
	memset(out, 0, sizeof *out);
	int ns = v->hd->nsections, nst = 0;
	const col_option *opts = visits_statuses(v, &nst);
	out->status_counts = xcalloc((size_t)nst + 1, sizeof *out->status_counts);
	out->first = xcalloc((size_t)ns, sizeof *out->first);
	out->latest = xcalloc((size_t)ns, sizeof *out->latest);
	visit_plan_item *items = NULL;
	int n = 0;
	mm_status rc = visits_plan(st, v, company, &items, &n, err);
	if (rc != MM_OK)
		goto fail;
	out->nplan = n;
	for (int k = 0; k < n; k++) {
		int o = 0;
		while (o < nst && strcmp(opts[o].value, items[k].current) != 0)
			o++;
		if (o < nst)
			out->status_counts[o]++;
		else
			out->unset++;
	}
	visits_plan_free(items, n, v->nvisits);
	visit_score *sc = xcalloc((size_t)ns, sizeof *sc);
	for (int vis = 1; vis <= v->nvisits && rc == MM_OK; vis++) {
		if ((rc = visits_scores(st, v, company, vis, sc, err)) != MM_OK)
			break;
		bool any = false;
		for (int s = 0; s < ns; s++) {
			if (vis == 1)
				out->first[s] = sc[s].final;
			any = any || sc[s].entered >= 0;
		}
		if (any || vis == 1) {
			if (any)
				out->latest_visit = vis;
			for (int s = 0; s < ns; s++)
				out->latest[s] = sc[s].final;
		}
		visit_scores_free(sc, ns);
	}
	free(sc);
	if (rc != MM_OK)
		goto fail;
	if (v->selfcheck) {
		const checklist_def *d = checklist_of(v->selfcheck);
		owner_kind ok = v->selfcheck->scope == SCOPE_COMPANY ? OWNER_COMPANY : OWNER_GROUP;
		int64_t owner = ok == OWNER_COMPANY ? company : store_company_group(st, company);
		sheet *s = NULL;
		if ((rc = sheet_peek(st, v->selfcheck->storage, ok, owner, &s, err)) != MM_OK)
			goto fail;
		checklist_result r;
		checklist_score(d, s, &r);
		out->has_selfcheck = r.answered > 0;
		out->selfcheck_total = r.total;
		out->selfcheck_max = r.max;
		out->selfcheck_band = r.band && out->has_selfcheck ? &r.band->label : NULL;
		checklist_result_free(&r);
		sheet_free(s);
	}
	return MM_OK;
fail:
	visits_summary_free(out);
	return rc;
}

void visits_summary_free(visits_summary *s)
{
	free(s->status_counts);
	free(s->first);
	free(s->latest);
	memset(s, 0, sizeof *s);
}

mm_status visits_area_share(store *st, const visits *v, visits_area_count **out, int *n,
	int *ncompanies, mm_error *err)
{
	int na = 0;
	const col_option *areas = visits_areas(v, &na);
	*out = xcalloc((size_t)na + 1, sizeof **out);
	*n = na;
	*ncompanies = 0;
	for (int a = 0; a < na; a++) {
		(*out)[a].value = areas[a].value;
		(*out)[a].label = &areas[a].label;
	}
	if (!v->plan)
		return MM_OK;
	company_info *cs = NULL;
	int nc = 0;
	mm_status rc = store_companies(st, 0, &cs, &nc, err);
	if (rc != MM_OK)
		goto fail;
	bool *tagged = xcalloc((size_t)na + 1, sizeof *tagged);
	for (int c = 0; c < nc && rc == MM_OK; c++) {
		sheet *ps = NULL;
		if ((rc = sheet_peek(st, v->plan->storage, OWNER_COMPANY, cs[c].id, &ps, err)) != MM_OK)
			break;
		if (ps->nrows > 0) {
			(*ncompanies)++;
			memset(tagged, 0, (size_t)na * sizeof *tagged);
			for (int r = 0; r < ps->nrows && v->plan_areas >= 0; r++) {
				char **tags;
				int nt;
				split_flags(cell(ps, r, v->plan_areas), &tags, &nt);
				for (int t = 0; t < nt; t++) {
					for (int a = 0; a < na; a++)
						if (strcmp(tags[t], areas[a].value) == 0)
							tagged[a] = true;
					free(tags[t]);
				}
				free(tags);
			}
			for (int a = 0; a < na; a++)
				(*out)[a].companies += tagged[a];
		}
		sheet_free(ps);
	}
	free(tagged);
	company_list_free(cs, nc);
	if (rc == MM_OK)
		return MM_OK;
fail:
	free(*out);
	*out = NULL;
	*n = 0;
	return rc;
}

bool visits_open_target(const scenario *sc, const char *id, int *visit)
{
	if (!id || strncmp(id, "visits", 6) != 0 || (id[6] && id[6] != ':'))
		return false;
	int n = 1;
	if (id[6]) {
		char *end;
		long l = strtol(id + 7, &end, 10);
		if (end == id + 7 || *end || l < 1 || l > 99)
			return false;
		n = (int)l;
	}
	visits *v = visits_new(sc);
	bool ok = v && n <= v->nvisits;
	visits_free(v);
	if (ok && visit)
		*visit = n;
	return ok;
}

/* ---- the next-year plan, filled in -------------------------------------- */

static bool in_track(const visits *v, const char *activity_id)
{
	for (size_t s = 0; s < v->tr->nsessions; s++)
		for (size_t a = 0; a < v->tr->sessions[s].nactivities; a++) {
			const activity *act = &v->tr->sessions[s].activities[a];
			if (act->kind == KIND_DOCUMENT && strcmp(act->id, activity_id) == 0)
				return true;
		}
	return false;
}

static void score_text(int v, char *out, size_t n)
{
	if (v >= 0)
		snprintf(out, n, "%d", v);
	else
		snprintf(out, n, "%s", i18n_lang() == LANG_JA ? "（　）" : "( )");
}

static void starter_results(store *st, const visits *v, int64_t company,
	const visits_summary *sm, buf *out)
{
	char *name = store_name_of(st, 1, company);
	buf_printf(out, tr(M_VISITS_ST_RESULTS_HEAD), name);
	buf_putc(out, '\n');
	free(name);
	int nst;
	const col_option *opts = visits_statuses(v, &nst);
	if (v->plan) {
		buf_printf(out, tr(sm->nplan == 1 ? M_VISITS_ST_PLAN1 : M_VISITS_ST_PLAN), sm->nplan);
		for (int k = 0; k < nst; k++)
			buf_printf(out, tr(M_VISITS_ST_PLAN_PART), L(&opts[k].label), sm->status_counts[k]);
		buf_putc(out, '\n');
	}
	char l1[64], l2[64];
	scenario_session_label(visits_session(v, 1), l1, sizeof l1);
	int last = sm->latest_visit > 1 ? sm->latest_visit : v->nvisits;
	scenario_session_label(visits_session(v, last), l2, sizeof l2);
	buf_printf(out, tr(M_VISITS_ST_SCORES), l1, l2);
	buf_putc(out, '\n');
	for (int s = 0; s < v->hd->nsections; s++) {
		char a[32], b[32];
		score_text(sm->first[s], a, sizeof a);
		score_text(sm->latest_visit > 1 ? sm->latest[s] : -1, b, sizeof b);
		buf_printf(out, tr(M_VISITS_ST_SCORE_LINE), L(&v->hd->sections[s].title), a, b);
		buf_putc(out, '\n');
	}
	if (sm->has_selfcheck) {
		char t[32];
		snprintf(t, sizeof t, "%g", sm->selfcheck_total);
		buf_printf(out, tr(M_VISITS_ST_SELFCHECK), t,
			sm->selfcheck_band ? L(sm->selfcheck_band) : "-");
		buf_putc(out, '\n');
	}
	buf_puts(out, tr(M_VISITS_ST_MAIN));
}

static void starter_remaining(const visits *v, const visit_plan_item *items, int n, buf *out)
{
	int nst, k = 0;
	const col_option *opts = visits_statuses(v, &nst);
	for (int i = 0; i < n; i++) {
		const visit_plan_item *it = &items[i];
		if (strcmp(it->current, "done") == 0)
			continue;
		const char *label = it->current;
		for (int o = 0; o < nst; o++)
			if (strcmp(opts[o].value, it->current) == 0)
				label = L(&opts[o].label);
		if (k)
			buf_putc(out, '\n');
		buf_printf(out, tr(M_VISITS_ST_ISSUE), ++k, it->label);
		buf_putc(out, '\n');
		buf_printf(out, tr(M_VISITS_ST_NOW), *label ? label : "-");
		/* its latest note, with the visit it was written at */
		for (int vis = v->nvisits; vis >= 1; vis--)
			if (*it->by_visit[vis - 1].note) {
				char lab[64];
				scenario_session_label(visits_session(v, vis), lab, sizeof lab);
				buf_printf(out, tr(M_VISITS_ST_NOTE), lab, it->by_visit[vis - 1].note);
				break;
			}
		buf_putc(out, '\n');
		buf_puts(out, tr(M_VISITS_ST_NEXT));
	}
	if (!k)
		buf_puts(out, tr(M_VISITS_ST_NONE_LEFT));
}

bool visits_starter(store *st, const scenario *sc, const char *activity_id,
	const char *section_id, int64_t company, buf *out)
{
	if (!activity_id || !section_id || company <= 0)
		return false;
	bool results = strcmp(section_id, "results") == 0;
	if (!results && strcmp(section_id, "remaining") != 0)
		return false;
	visits *v = visits_new(sc);
	if (!v || !in_track(v, activity_id)) {
		visits_free(v);
		return false;
	}
	bool done = false;
	mm_error err;
	visits_summary sm;
	if (visits_summarize(st, v, company, &sm, &err) == MM_OK) {
		if (results && (sm.nplan > 0 || sm.latest_visit > 0)) {
			starter_results(st, v, company, &sm, out);
			done = true;
		} else if (!results && sm.nplan > 0) {
			visit_plan_item *items = NULL;
			int n = 0;
			if (visits_plan(st, v, company, &items, &n, &err) == MM_OK) {
				starter_remaining(v, items, n, out);
				done = true;
			}
			visits_plan_free(items, n, v->nvisits);
		}
		visits_summary_free(&sm);
	}
	visits_free(v);
	return done;
}

/* ---- the progress board, filled in -------------------------------------- */

static const char *lane_for(const board_def *d, const char *status)
{
	const char *want = strcmp(status, "done") == 0 ? "done"
		: strcmp(status, "deferred") == 0 ? "stuck" : "next";
	return board_lane_index(d, want) >= 0 ? want : d->lanes[0].id;
}

mm_status visits_fill_board(store *st, const visits *v, int64_t company, int visit, int *added,
	mm_error *err)
{
	if (added)
		*added = 0;
	mm_status rc = check_visit(v, visit, err);
	if (rc != MM_OK)
		return rc;
	const session *ses = visits_session(v, visit);
	const activity *board = NULL;
	for (size_t a = 0; ses && a < ses->nactivities && !board; a++)
		if (ses->activities[a].kind == KIND_BOARD)
			board = &ses->activities[a];
	if (!board)
		return mm_fail(err, MM_EUSER, tr(M_VISITS_NO_BOARD), visit);
	visit_plan_item *items = NULL;
	int n = 0;
	if ((rc = visits_plan(st, v, company, &items, &n, err)) != MM_OK)
		return rc;
	if (n == 0) {
		visits_plan_free(items, n, v->nvisits);
		return mm_fail(err, MM_EUSER, "%s", tr(M_VISITS_NO_PLAN_YET));
	}
	owner_kind ok = board->scope == SCOPE_COMPANY ? OWNER_COMPANY : OWNER_GROUP;
	int64_t owner = ok == OWNER_COMPANY ? company : store_company_group(st, company);
	sheet *s = NULL;
	if ((rc = sheet_may_write_in(st, board->id, ok, owner, err)) != MM_OK
		|| (rc = sheet_open(st, board->storage, ok, owner, &s, err)) != MM_OK) {
		visits_plan_free(items, n, v->nvisits);
		return rc;
	}
	const board_def *d = board_of_sheet(s);
	char *name = store_name_of(st, 1, company);
	int nst;
	const col_option *opts = visits_statuses(v, &nst);
	for (int i = 0; i < n && rc == MM_OK && d && d->nlanes > 0; i++) {
		const visit_plan_item *it = &items[i];
		const visit_status *vs = &it->by_visit[visit - 1];
		const char *st_now = *vs->status ? vs->status : it->current;
		if (!*st_now)
			continue;
		const char *label = st_now;
		for (int o = 0; o < nst; o++)
			if (strcmp(opts[o].value, st_now) == 0)
				label = L(&opts[o].label);
		buf text = {0};
		buf_printf(&text, tr(M_VISITS_BOARD_NOTE), name, it->label, label);
		if (*vs->note)
			buf_printf(&text, " %s", vs->note);
		bool there = false;
		for (int r = 0; r < s->nrows && !there; r++) {
			const char *t = s->rows[r].cells[BOARD_COL_TEXT].value;
			there = t && strcmp(t, buf_str(&text)) == 0;
		}
		if (!there) {
			rc = board_add(st, s, lane_for(d, st_now), buf_str(&text), NULL, -1, NULL, NULL,
				err);
			if (rc == MM_OK && added)
				(*added)++;
		}
		buf_free(&text);
	}
	free(name);
	sheet_free(s);
	visits_plan_free(items, n, v->nvisits);
	return rc;
}
