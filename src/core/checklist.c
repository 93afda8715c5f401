/* checklist.c — the checklist activity kind: its format, validation and
 * definition; scoring (total, band, sections); writing answers; CSV and
 * Markdown export; CSV import. */
#include "checklist.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "kind.h"
#include "text.h"

#define MAX_SCORE 10

/* ---- the format -------------------------------------------------------- */

static const char *const mode_values[] = {"computed", "manual", NULL};
static const char *const color_values[] = {"none", "red", "yellow", "blue", "green", NULL};

static const field checklist_fields[] = {
	ACTIVITY_COMMON,
	{"answers", F_ARRAY, true, 0, 0, NULL},
	{"sections", F_ARRAY, true, 0, 0, NULL},
	{"bands", F_ARRAY, false, 0, 0, NULL},
	{"section_score", F_OBJECT, false, 0, 0, NULL},
	{"notes", F_BOOL, false, 0, 0, NULL},
	FIELD_END,
};

static const field answer_fields[] = {
	{"value", F_STRING, true, 0, 0, NULL},
	{"label", F_LSTR, true, 0, 0, NULL},
	{"points", F_NUM, false, 0, 0, NULL},
	{"na", F_BOOL, false, 0, 0, NULL},
	FIELD_END,
};

static const field section_fields[] = {
	{"id", F_ID, true, 0, 0, NULL},
	{"title", F_LSTR, true, 0, 0, NULL},
	{"items", F_ARRAY, true, 0, 0, NULL},
	FIELD_END,
};

static const field item_fields[] = {
	{"id", F_ID, true, 0, 0, NULL},
	{"text", F_LSTR, true, 0, 0, NULL},
	{"help", F_LSTR, false, 0, 0, NULL},
	FIELD_END,
};

static const field band_fields[] = {
	{"min", F_NUM, false, 0, 0, NULL},
	{"max", F_NUM, false, 0, 0, NULL},
	{"label", F_LSTR, true, 0, 0, NULL},
	{"color", F_ENUM, false, 0, 0, color_values, M_V_WHAT_BAND_COLOR},
	FIELD_END,
};

static const field score_fields[] = {
	{"max", F_INT, false, 1, MAX_SCORE, NULL},
	{"mode", F_ENUM, false, 0, 0, mode_values, M_V_WHAT_SCORE_MODE},
	FIELD_END,
};

static void fmt_num(double v, char *out, size_t n)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(out, n, "%.0f", v);
	else
		snprintf(out, n, "%g", v);
}

/* ---- validation -------------------------------------------------------- */

static void check_answers(vctx *v, const cJSON *arr, const char *p)
{
	if (cJSON_GetArraySize(arr) == 0) {
		verr(v, p, 0, "%s", tr(M_V_A_CHECKLIST_NEEDS_AT_LEAST));
		return;
	}
	size_t i = 0;
	int scored = 0, before = v->nerrs;
	for (const cJSON *a = arr->child; a; a = a->next, i++) {
		jpath ap = sub_index(p, i);
		if (!check_object(v, a, ap.s, answer_fields))
			continue;
		const cJSON *val = cJSON_GetObjectItemCaseSensitive(a, "value");
		const cJSON *pts = cJSON_GetObjectItemCaseSensitive(a, "points");
		bool na = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "na"));
		const char *s = val->valuestring;
		if (!*s || strlen(s) > 63 || strpbrk(s, ",\r\n\t"))
			verr(v, sub_key(ap.s, "value").s, 0, "%s", tr(M_V_AN_ANSWER_VALUE_MUST_BE));
		size_t k = 0;
		for (const cJSON *b = arr->child; b != a; b = b->next, k++) {
			const cJSON *bv = cJSON_GetObjectItemCaseSensitive(b, "value");
			if (cJSON_IsString(bv) && strcmp(bv->valuestring, s) == 0) {
				verr(v, sub_key(ap.s, "value").s, 0, tr(M_V_DUPLICATE_ANSWER_VALUE_ALSO_ANSWERS), s, k);
				break;
			}
		}
		if (na && pts)
			verr(v, sub_key(ap.s, "points").s, 1, "%s", tr(M_V_AN_ANSWER_WITH_NA_TRUE));
		else if (!na && !pts)
			verr(v, ap.s, 0, "%s", tr(M_V_MISSING_REQUIRED_KEY_POINTS_OR));
		else if (!na)
			scored++;
	}
	if (i > 0 && scored == 0 && v->nerrs == before)
		verr(v, p, 0, "%s", tr(M_V_AT_LEAST_ONE_ANSWER_NEEDS));
}

/* Item and section ids share one namespace inside the activity. */
typedef struct idseen {
	const char **ids;
	char **paths;
	int n;
} idseen;

static void check_id_once(vctx *v, idseen *seen, const cJSON *obj, const char *p,
	const char *what)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
	if (!cJSON_IsString(id))
		return;
	jpath ip = sub_key(p, "id");
	for (int k = 0; k < seen->n; k++)
		if (strcmp(seen->ids[k], id->valuestring) == 0) {
			int line, col;
			jsonpos_find(&v->pos, seen->paths[k], 0, &line, &col);
			verr(v, ip.s, 0, tr(M_V_DUPLICATE_ID_FIRST_USED_AT_2), what, id->valuestring, line);
			return;
		}
	seen->ids = xrealloc(seen->ids, (size_t)(seen->n + 1) * sizeof *seen->ids);
	seen->paths = xrealloc(seen->paths, (size_t)(seen->n + 1) * sizeof *seen->paths);
	seen->ids[seen->n] = id->valuestring;
	seen->paths[seen->n] = xstrdup(ip.s);
	seen->n++;
}

static void check_sections(vctx *v, const cJSON *arr, const char *p)
{
	if (cJSON_GetArraySize(arr) == 0) {
		verr(v, p, 0, "%s", tr(M_V_A_CHECKLIST_NEEDS_AT_LEAST_2));
		return;
	}
	idseen seen = {0};
	size_t i = 0;
	for (const cJSON *s = arr->child; s; s = s->next, i++) {
		jpath sp = sub_index(p, i);
		if (!check_object(v, s, sp.s, section_fields))
			continue;
		check_id_once(v, &seen, s, sp.s, "section");
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(s, "items");
		jpath ip = sub_key(sp.s, "items");
		if (cJSON_GetArraySize(items) == 0) {
			verr(v, ip.s, 0, "%s", tr(M_V_A_SECTION_NEEDS_AT_LEAST));
			continue;
		}
		size_t k = 0;
		for (const cJSON *it = items->child; it; it = it->next, k++) {
			jpath itp = sub_index(ip.s, k);
			if (check_object(v, it, itp.s, item_fields))
				check_id_once(v, &seen, it, itp.s, "item");
		}
	}
	for (int k = 0; k < seen.n; k++)
		free(seen.paths[k]);
	free(seen.ids);
	free(seen.paths);
}

static void band_range(const cJSON *b, double *lo, double *hi)
{
	const cJSON *mn = cJSON_GetObjectItemCaseSensitive(b, "min");
	const cJSON *mx = cJSON_GetObjectItemCaseSensitive(b, "max");
	*lo = cJSON_IsNumber(mn) ? mn->valuedouble : -INFINITY;
	*hi = cJSON_IsNumber(mx) ? mx->valuedouble : INFINITY;
}

static void range_text(double lo, double hi, char *out, size_t n)
{
	char a[32], b[32];
	fmt_num(lo, a, sizeof a);
	fmt_num(hi, b, sizeof b);
	if (isinf(lo) && isinf(hi))
		snprintf(out, n, "%s", tr(M_V_ANY_TOTAL));
	else if (isinf(lo))
		snprintf(out, n, tr(M_V_UP_TO), b);
	else if (isinf(hi))
		snprintf(out, n, tr(M_V_AND_UP), a);
	else
		snprintf(out, n, tr(M_V_RANGE), a, b);
}

static void check_bands(vctx *v, const cJSON *arr, const char *p)
{
	size_t i = 0;
	for (const cJSON *b = arr->child; b; b = b->next, i++) {
		jpath bp = sub_index(p, i);
		if (!check_object(v, b, bp.s, band_fields))
			continue;
		double lo, hi;
		band_range(b, &lo, &hi);
		if (lo > hi) {
			verr(v, bp.s, 0, "%s", tr(M_V_BAND_MIN_IS_LARGER_THAN));
			continue;
		}
		size_t k = 0;
		for (const cJSON *c = arr->child; c != b; c = c->next, k++) {
			if (!cJSON_IsObject(c))
				continue;
			double clo, chi;
			band_range(c, &clo, &chi);
			if (clo > chi)
				continue;
			if (lo <= chi && clo <= hi) {
				char r1[80], r2[80];
				range_text(lo, hi, r1, sizeof r1);
				range_text(clo, chi, r2, sizeof r2);
				verr(v, bp.s, 0, tr(M_V_BANDS_OVERLAP_THIS_BAND_AND), r1, k, r2);
				break;
			}
		}
	}
}

static void checklist_check(vctx *v, const cJSON *act, const char *p)
{
	const cJSON *answers = cJSON_GetObjectItemCaseSensitive(act, "answers");
	if (cJSON_IsArray(answers))
		check_answers(v, answers, sub_key(p, "answers").s);
	const cJSON *sections = cJSON_GetObjectItemCaseSensitive(act, "sections");
	if (cJSON_IsArray(sections))
		check_sections(v, sections, sub_key(p, "sections").s);
	const cJSON *bands = cJSON_GetObjectItemCaseSensitive(act, "bands");
	if (cJSON_IsArray(bands))
		check_bands(v, bands, sub_key(p, "bands").s);
	const cJSON *ss = cJSON_GetObjectItemCaseSensitive(act, "section_score");
	if (cJSON_IsObject(ss))
		check_object(v, ss, sub_key(p, "section_score").s, score_fields);
}

/* ---- the definition ------------------------------------------------------ */

/* Live definitions, so a sheet of a checklist's storage leads back to it. */
static const checklist_def **live;
static int nlive, caplive;

static void live_add(const checklist_def *d)
{
	if (nlive == caplive) {
		caplive = caplive ? caplive * 2 : 8;
		live = xrealloc(live, (size_t)caplive * sizeof *live);
	}
	live[nlive++] = d;
}

static void live_remove(const checklist_def *d)
{
	for (int k = 0; k < nlive; k++)
		if (live[k] == d) {
			live[k] = live[--nlive];
			break;
		}
	if (nlive == 0) {
		free(live);
		live = NULL;
		caplive = 0;
	}
}

static const checklist_def *def_of_storage(const table_def *t)
{
	for (int k = 0; k < nlive; k++)
		if (live[k]->storage == t)
			return live[k];
	return NULL;
}

static void lstr_msg(msg_id id, lstr *out)
{
	out->ja = xstrdup(tr_in(LANG_JA, id));
	out->en = xstrdup(tr_in(LANG_EN, id));
}

static void lstr_copy(const lstr *in, lstr *out)
{
	out->ja = in->ja ? xstrdup(in->ja) : NULL;
	out->en = in->en ? xstrdup(in->en) : NULL;
}

static table_def *build_storage(checklist_def *d)
{
	table_def *t = xcalloc(1, sizeof *t);
	t->activity_id = xstrdup(d->activity_id);
	t->heat_x = t->heat_y = -1;
	int n = 2 + (d->notes ? 1 : 0) + (d->score_mode == CL_SCORE_MANUAL ? 1 : 0);
	t->cols = xcalloc((size_t)n, sizeof *t->cols);
	t->ncols = n;
	int k = 0;
	column *c = &t->cols[d->col_item = k++];
	c->id = xstrdup("item");
	c->type = COL_TEXT;
	c->width = 8;
	lstr_msg(M_CHECKLIST_COL_ITEM, &c->title);
	c = &t->cols[d->col_answer = k++];
	c->id = xstrdup("answer");
	c->type = COL_CHOICE;
	lstr_msg(M_CHECKLIST_COL_ANSWER, &c->title);
	c->options = xcalloc((size_t)d->nanswers, sizeof *c->options);
	c->noptions = d->nanswers;
	for (int a = 0; a < d->nanswers; a++) {
		c->options[a].value = xstrdup(d->answers[a].value);
		lstr_copy(&d->answers[a].label, &c->options[a].label);
	}
	d->col_note = d->col_score = -1;
	if (d->notes) {
		c = &t->cols[d->col_note = k++];
		c->id = xstrdup("note");
		c->type = COL_LONGTEXT;
		lstr_msg(M_CHECKLIST_COL_NOTE, &c->title);
	}
	if (d->score_mode == CL_SCORE_MANUAL) {
		c = &t->cols[d->col_score = k++];
		c->id = xstrdup("score");
		c->type = COL_SCALE;
		lstr_msg(M_CHECKLIST_COL_SCORE, &c->title);
		c->has_min = c->has_max = true;
		c->min = 0;
		c->max = d->score_max;
		c->noptions = d->score_max + 1;
		c->options = xcalloc((size_t)c->noptions, sizeof *c->options);
		for (int o = 0; o < c->noptions; o++) {
			char v[16];
			snprintf(v, sizeof v, "%d", o);
			c->options[o].value = xstrdup(v);
			c->options[o].label.ja = xstrdup(v);
		}
	}
	/* seed rows: in manual mode a section's row, then one row per item */
	int nrows = d->nitems + (d->score_mode == CL_SCORE_MANUAL ? d->nsections : 0);
	t->rows = xcalloc((size_t)nrows, sizeof *t->rows);
	t->nrows = nrows;
	int r = 0;
	for (int s = 0; s < d->nsections; s++) {
		if (d->score_mode == CL_SCORE_MANUAL) {
			t->rows[r].values = xcalloc((size_t)n, sizeof(char *));
			t->rows[r++].values[d->col_item] = xstrdup(d->sections[s].id);
		}
		for (int i = d->sections[s].first; i < d->sections[s].first + d->sections[s].nitems;
			i++) {
			t->rows[r].values = xcalloc((size_t)n, sizeof(char *));
			t->rows[r++].values[d->col_item] = xstrdup(d->items[i].id);
		}
	}
	return t;
}

static void *checklist_build(const cJSON *a)
{
	checklist_def *d = xcalloc(1, sizeof *d);
	d->activity_id = read_str(a, "id");
	const cJSON *answers = cJSON_GetObjectItemCaseSensitive(a, "answers");
	d->nanswers = cJSON_GetArraySize(answers);
	d->answers = xcalloc((size_t)d->nanswers + 1, sizeof *d->answers);
	int k = 0;
	bool any = false;
	for (const cJSON *j = answers->child; j; j = j->next, k++) {
		checklist_answer *an = &d->answers[k];
		an->value = read_str(j, "value");
		read_lstr(j, "label", &an->label);
		an->na = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "na"));
		const cJSON *pts = cJSON_GetObjectItemCaseSensitive(j, "points");
		an->points = !an->na && cJSON_IsNumber(pts) ? pts->valuedouble : 0;
		if (!an->na && (!any || an->points > d->item_max)) {
			d->item_max = an->points;
			any = true;
		}
	}
	const cJSON *sections = cJSON_GetObjectItemCaseSensitive(a, "sections");
	d->nsections = cJSON_GetArraySize(sections);
	d->sections = xcalloc((size_t)d->nsections + 1, sizeof *d->sections);
	for (const cJSON *s = sections->child; s; s = s->next)
		d->nitems += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(s, "items"));
	d->items = xcalloc((size_t)d->nitems + 1, sizeof *d->items);
	int si = 0, ii = 0;
	for (const cJSON *s = sections->child; s; s = s->next, si++) {
		checklist_section *sec = &d->sections[si];
		sec->id = read_str(s, "id");
		read_lstr(s, "title", &sec->title);
		sec->first = ii;
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(s, "items");
		for (const cJSON *it = items->child; it; it = it->next, ii++) {
			checklist_item *item = &d->items[ii];
			item->id = read_str(it, "id");
			read_lstr(it, "text", &item->text);
			read_lstr(it, "help", &item->help);
			item->number = ii + 1;
			item->section = si;
		}
		sec->nitems = ii - sec->first;
	}
	const cJSON *bands = cJSON_GetObjectItemCaseSensitive(a, "bands");
	d->nbands = cJSON_GetArraySize(bands);
	d->bands = xcalloc((size_t)d->nbands + 1, sizeof *d->bands);
	k = 0;
	for (const cJSON *b = bands ? bands->child : NULL; b; b = b->next, k++) {
		checklist_band *bd = &d->bands[k];
		const cJSON *mn = cJSON_GetObjectItemCaseSensitive(b, "min");
		const cJSON *mx = cJSON_GetObjectItemCaseSensitive(b, "max");
		bd->has_min = cJSON_IsNumber(mn);
		bd->has_max = cJSON_IsNumber(mx);
		bd->min = bd->has_min ? mn->valuedouble : 0;
		bd->max = bd->has_max ? mx->valuedouble : 0;
		read_lstr(b, "label", &bd->label);
		char *color = read_str(b, "color");
		for (int c = 0; color_values[c]; c++)
			if (strcmp(color_values[c], color) == 0)
				bd->color = (band_color)c;
		free(color);
	}
	const cJSON *ss = cJSON_GetObjectItemCaseSensitive(a, "section_score");
	d->score_max = 5;
	if (cJSON_IsObject(ss)) {
		const cJSON *mx = cJSON_GetObjectItemCaseSensitive(ss, "max");
		const cJSON *mode = cJSON_GetObjectItemCaseSensitive(ss, "mode");
		if (cJSON_IsNumber(mx))
			d->score_max = (int)mx->valuedouble;
		d->score_mode = cJSON_IsString(mode) && strcmp(mode->valuestring, "manual") == 0
			? CL_SCORE_MANUAL : CL_SCORE_COMPUTED;
	}
	d->notes = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "notes"));
	d->storage = build_storage(d);
	live_add(d);
	return d;
}

static void checklist_free(void *p)
{
	checklist_def *d = p;
	if (!d)
		return;
	live_remove(d);
	for (int k = 0; k < d->nanswers; k++) {
		free(d->answers[k].value);
		free_lstr(&d->answers[k].label);
	}
	free(d->answers);
	for (int k = 0; k < d->nsections; k++) {
		free(d->sections[k].id);
		free_lstr(&d->sections[k].title);
	}
	free(d->sections);
	for (int k = 0; k < d->nitems; k++) {
		free(d->items[k].id);
		free_lstr(&d->items[k].text);
		free_lstr(&d->items[k].help);
	}
	free(d->items);
	for (int k = 0; k < d->nbands; k++)
		free_lstr(&d->bands[k].label);
	free(d->bands);
	table_def_free(d->storage);
	free(d->activity_id);
	free(d);
}

static const table_def *checklist_storage(const void *p)
{
	return ((const checklist_def *)p)->storage;
}


/* ---- lookups ----------------------------------------------------------- */

const checklist_def *checklist_of(const activity *act)
{
	return act && act->kind == KIND_CHECKLIST ? act->def : NULL;
}

const checklist_answer *checklist_answer_by_value(const checklist_def *d, const char *value)
{
	if (!value || !*value)
		return NULL;
	for (int k = 0; k < d->nanswers; k++)
		if (strcmp(d->answers[k].value, value) == 0)
			return &d->answers[k];
	return NULL;
}

const checklist_band *checklist_band_for(const checklist_def *d, double total)
{
	for (int k = 0; k < d->nbands; k++) {
		const checklist_band *b = &d->bands[k];
		if ((!b->has_min || total >= b->min) && (!b->has_max || total <= b->max))
			return b;
	}
	return NULL;
}

int checklist_row_of(const checklist_def *d, const sheet *s, const char *key)
{
	if (!s)
		return -1;
	for (int r = 0; r < s->nrows; r++) {
		const char *v = s->rows[r].cells[d->col_item].value;
		if (v && strcmp(v, key) == 0)
			return r;
	}
	return -1;
}

static const char *cell_of(const checklist_def *d, const sheet *s, const char *key, int col)
{
	if (col < 0)
		return "";
	int r = checklist_row_of(d, s, key);
	const char *v = r >= 0 ? s->rows[r].cells[col].value : NULL;
	return v ? v : "";
}

/* ---- scoring ----------------------------------------------------------- */

void checklist_score(const checklist_def *d, const sheet *s, checklist_result *out)
{
	memset(out, 0, sizeof *out);
	out->nsections = d->nsections;
	out->sections = xcalloc((size_t)d->nsections + 1, sizeof *out->sections);
	for (int si = 0; si < d->nsections; si++) {
		const checklist_section *sec = &d->sections[si];
		checklist_section_result *sr = &out->sections[si];
		for (int i = sec->first; i < sec->first + sec->nitems; i++) {
			const checklist_answer *a = checklist_answer_by_value(d,
				cell_of(d, s, d->items[i].id, d->col_answer));
			sr->items++;
			if (a && a->na) {
				sr->na++;
				continue;
			}
			sr->max += d->item_max;
			if (a) {
				sr->answered++;
				sr->sum += a->points;
			} else {
				sr->unanswered++;
			}
		}
		if (sr->max > 0) {
			double pos = sr->sum > 0 ? sr->sum : 0;
			double scaled = pos * d->score_max / sr->max;
			sr->computed = (int)round(scaled);
			if (sr->computed > d->score_max)
				sr->computed = d->score_max;
			sr->percent = (int)round(pos * 100 / sr->max);
			if (sr->percent > 100)
				sr->percent = 100;
		} else {
			sr->computed = sr->percent = -1;
		}
		sr->manual = -1;
		if (d->score_mode == CL_SCORE_MANUAL) {
			const char *v = cell_of(d, s, sec->id, d->col_score);
			char *end;
			long m = strtol(v, &end, 10);
			if (*v && !*end && m >= 0 && m <= d->score_max)
				sr->manual = (int)m;
			sr->score = sr->manual;
		} else if (d->score_mode == CL_SCORE_COMPUTED) {
			sr->score = sr->computed;
		} else {
			sr->score = -1;
		}
		out->total += sr->sum;
		out->max += sr->max;
		out->items += sr->items;
		out->answered += sr->answered;
		out->unanswered += sr->unanswered;
		out->na += sr->na;
	}
	out->band = checklist_band_for(d, out->total);
}

void checklist_result_free(checklist_result *r)
{
	free(r->sections);
	memset(r, 0, sizeof *r);
}

/* ---- writing ------------------------------------------------------------- */

mm_status checklist_set(store *st, sheet *s, const checklist_def *d, const char *key, int col,
	const char *stored, int expected, sheet_conflict *conflict, sheet_history *h,
	mm_error *err)
{
	if (col < 0 || col >= d->storage->ncols || col == d->col_item)
		return mm_fail(err, MM_EUSER, "%s", tr(M_SHEET_NO_COLUMN));
	mm_status rc;
	if (!s->id) {
		/* the sheet (with its seed rows) is made by the first write */
		if ((rc = sheet_insert_many(st, s, NULL, 0, false, NULL, err)) != MM_OK)
			return rc;
	}
	int r = checklist_row_of(d, s, key);
	if (r < 0) {
		/* an item the sheet has no row for (added to the program later) */
		const char **vals = xcalloc((size_t)d->storage->ncols, sizeof *vals);
		vals[d->col_item] = key;
		vals[col] = stored;
		rc = sheet_insert(st, s, s->nrows, vals, NULL, h, err);
		free(vals);
		return rc;
	}
	return sheet_set(st, s, s->rows[r].id, col, stored, expected, conflict, h, err);
}

/* ---- export -------------------------------------------------------------- */

static void owner_name(store *st, const sheet *s, buf *out)
{
	owner_info *o = NULL;
	int no = 0;
	if (!st || store_owners(st, (int)s->okind, 0, &o, &no, NULL) != MM_OK)
		return;
	for (int k = 0; k < no; k++)
		if (o[k].id == s->owner) {
			buf_clear(out);
			buf_puts(out, o[k].name);
		}
	owner_list_free(o, no);
}

static void export_csv(const checklist_def *d, const sheet *s, buf *out)
{
	const char *head[7] = {tr(M_CHECKLIST_H_SECTION), tr(M_CHECKLIST_H_NUMBER),
		tr(M_CHECKLIST_H_ID), tr(M_CHECKLIST_H_ITEM), tr(M_CHECKLIST_H_ANSWER),
		tr(M_CHECKLIST_H_POINTS), tr(M_CHECKLIST_H_NOTE)};
	size_t nf = d->notes ? 7 : 6;
	csv_write_record(out, head, nf);
	for (int si = 0; si < d->nsections; si++) {
		const checklist_section *sec = &d->sections[si];
		for (int i = sec->first; i < sec->first + sec->nitems; i++) {
			const checklist_item *it = &d->items[i];
			const checklist_answer *a = checklist_answer_by_value(d,
				cell_of(d, s, it->id, d->col_answer));
			char num[16], pts[32] = "";
			snprintf(num, sizeof num, "%d", it->number);
			if (a && !a->na)
				fmt_num(a->points, pts, sizeof pts);
			const char *f[7] = {L(&sec->title), num, it->id, L(&it->text),
				a ? L(&a->label) : "", pts, cell_of(d, s, it->id, d->col_note)};
			csv_write_record(out, f, nf);
		}
		if (d->score_mode == CL_SCORE_MANUAL) {
			const char *f[7] = {L(&sec->title), "", sec->id, tr(M_CHECKLIST_H_SECTION_SCORE),
				"", cell_of(d, s, sec->id, d->col_score), cell_of(d, s, sec->id, d->col_note)};
			csv_write_record(out, f, nf);
		}
	}
}

static void md_text(buf *out, const char *v)
{
	for (const char *p = v; *p; p++) {
		if (*p == '|')
			buf_puts(out, "\\|");
		else if (*p == '\n')
			buf_puts(out, "<br>");
		else if (*p != '\r')
			buf_putc(out, *p);
	}
}

static void md_row(buf *out, const char *const *cells, int n)
{
	buf_puts(out, "|");
	for (int k = 0; k < n; k++) {
		buf_puts(out, " ");
		md_text(out, cells[k]);
		buf_puts(out, " |");
	}
	buf_puts(out, "\n");
}

static void md_head(buf *out, const char *const *cells, int n)
{
	md_row(out, cells, n);
	buf_puts(out, "|");
	for (int k = 0; k < n; k++)
		buf_puts(out, " --- |");
	buf_puts(out, "\n");
}

static void export_md(const activity *act, const checklist_def *d, store *st, const sheet *s,
	buf *out)
{
	checklist_result res;
	checklist_score(d, s, &res);
	char tot[32], mx[32];
	buf who = {0};
	owner_name(st, s, &who);
	buf_puts(out, "# ");
	md_text(out, L(&act->title));
	buf_puts(out, "\n\n");
	if (who.len)
		buf_printf(out, "- %s: %s\n", tr(M_CHECKLIST_MD_OWNER), buf_str(&who));
	buf_free(&who);
	fmt_num(res.total, tot, sizeof tot);
	fmt_num(res.max, mx, sizeof mx);
	buf_printf(out, "- %s: ", tr(M_CHECKLIST_MD_TOTAL));
	buf_printf(out, tr(M_CHECKLIST_TOTAL), tot, mx);
	buf_puts(out, "\n");
	if (d->nbands)
		buf_printf(out, "- %s: %s\n", tr(M_CHECKLIST_MD_BAND),
			res.band ? L(&res.band->label) : tr(M_CHECKLIST_NO_BAND));
	buf_printf(out, "- %s: %d\n\n", tr(M_CHECKLIST_MD_UNANSWERED), res.unanswered);

	buf_printf(out, "## %s\n\n", tr(M_CHECKLIST_MD_SECTIONS));
	bool manual = d->score_mode == CL_SCORE_MANUAL;
	const char *sh[5] = {tr(M_CHECKLIST_H_SECTION), tr(M_CHECKLIST_H_POINTS),
		manual ? tr(M_CHECKLIST_H_SUGGESTED)
		: d->score_mode == CL_SCORE_COMPUTED ? tr(M_CHECKLIST_H_SCORE)
		: tr(M_CHECKLIST_H_PERCENT),
		tr(M_CHECKLIST_H_SCORE), tr(M_CHECKLIST_MD_UNANSWERED)};
	if (manual) {
		md_head(out, sh, 5);
	} else {
		const char *h4[4] = {sh[0], sh[1], sh[2], sh[4]};
		md_head(out, h4, 4);
	}
	for (int si = 0; si < d->nsections; si++) {
		const checklist_section_result *sr = &res.sections[si];
		char sum[32], smax[32], pts[80], comp[32], man[32], un[16];
		fmt_num(sr->sum, sum, sizeof sum);
		fmt_num(sr->max, smax, sizeof smax);
		snprintf(pts, sizeof pts, "%s / %s", sum, smax);
		if (d->score_mode == CL_SCORE_NONE && sr->percent >= 0)
			snprintf(comp, sizeof comp, "%d%%", sr->percent);
		else if (d->score_mode != CL_SCORE_NONE && sr->computed >= 0)
			snprintf(comp, sizeof comp, "%d / %d", sr->computed, d->score_max);
		else
			snprintf(comp, sizeof comp, "-");
		if (sr->manual >= 0)
			snprintf(man, sizeof man, "%d / %d", sr->manual, d->score_max);
		else
			snprintf(man, sizeof man, "%s", tr(M_CHECKLIST_NOT_SCORED));
		snprintf(un, sizeof un, "%d", sr->unanswered);
		const char *row[5] = {L(&d->sections[si].title), pts, comp, man, un};
		if (manual) {
			md_row(out, row, 5);
		} else {
			const char *r4[4] = {row[0], row[1], row[2], row[4]};
			md_row(out, r4, 4);
		}
	}
	buf_printf(out, "\n## %s\n", tr(M_CHECKLIST_MD_ANSWERS));
	const char *ih[5] = {tr(M_CHECKLIST_H_NUMBER), tr(M_CHECKLIST_H_ITEM),
		tr(M_CHECKLIST_H_ANSWER), tr(M_CHECKLIST_H_POINTS), tr(M_CHECKLIST_H_NOTE)};
	int ni = d->notes ? 5 : 4;
	for (int si = 0; si < d->nsections; si++) {
		const checklist_section *sec = &d->sections[si];
		buf_puts(out, "\n### ");
		md_text(out, L(&sec->title));
		buf_puts(out, "\n\n");
		if (manual) {
			const char *v = cell_of(d, s, sec->id, d->col_note);
			if (*v) {
				buf_printf(out, "%s: ", tr(M_CHECKLIST_REASON));
				md_text(out, v);
				buf_puts(out, "\n\n");
			}
		}
		md_head(out, ih, ni);
		for (int i = sec->first; i < sec->first + sec->nitems; i++) {
			const checklist_item *it = &d->items[i];
			const checklist_answer *a = checklist_answer_by_value(d,
				cell_of(d, s, it->id, d->col_answer));
			char num[16], pts[32] = "";
			snprintf(num, sizeof num, "%d", it->number);
			if (a && !a->na)
				fmt_num(a->points, pts, sizeof pts);
			buf ans = {0};
			buf_printf(&ans, a ? "%s" : "**%s**",
				a ? L(&a->label) : tr(M_CHECKLIST_UNANSWERED));
			const char *row[5] = {num, L(&it->text), buf_str(&ans), pts,
				cell_of(d, s, it->id, d->col_note)};
			md_row(out, row, ni);
			buf_free(&ans);
		}
	}
	checklist_result_free(&res);
}

mm_status checklist_export(const activity *act, store *st, sheet *s, const char *format,
	buf *out, mm_error *err)
{
	const checklist_def *d = checklist_of(act);
	if (!d)
		return mm_fail(err, MM_EUSER, tr(M_NOT_A_KIND), act ? act->id : "?",
			tr(M_KIND_checklist));
	if (!format || strcmp(format, "csv") == 0)
		export_csv(d, s, out);
	else if (strcmp(format, "md") == 0)
		export_md(act, d, st, s, out);
	else
		return mm_fail(err, MM_EUSER, tr(M_CHECKLIST_BAD_FORMAT), format);
	return MM_OK;
}

/* ---- import -------------------------------------------------------------- */

enum { IC_SECTION, IC_NUMBER, IC_ID, IC_ITEM, IC_ANSWER, IC_POINTS, IC_NOTE, IC_COUNT };

static const msg_id import_heads[IC_COUNT] = {M_CHECKLIST_H_SECTION, M_CHECKLIST_H_NUMBER,
	M_CHECKLIST_H_ID, M_CHECKLIST_H_ITEM, M_CHECKLIST_H_ANSWER, M_CHECKLIST_H_POINTS,
	M_CHECKLIST_H_NOTE};
static const char *const import_keys[IC_COUNT] = {"section", "number", "id", "item", "answer",
	"points", "note"};

/* Trimmed copy (ASCII spaces, tabs and U+3000 at either end). */
static char *trimmed(const char *s)
{
	while (*s == ' ' || *s == '\t' || strncmp(s, "\xE3\x80\x80", 3) == 0)
		s += *s == ' ' || *s == '\t' ? 1 : 3;
	size_t n = strlen(s);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	return xstrndup(s, n);
}

static int header_index(const char *h)
{
	for (int k = 0; k < IC_COUNT; k++)
		if (strcasecmp(h, import_keys[k]) == 0 || strcmp(h, tr_in(LANG_JA, import_heads[k])) == 0
			|| strcasecmp(h, tr_in(LANG_EN, import_heads[k])) == 0)
			return k;
	return -1;
}

static bool lstr_is(const lstr *l, const char *s)
{
	return (l->ja && strcmp(l->ja, s) == 0) || (l->en && strcasecmp(l->en, s) == 0);
}

/* Target of a line: item index, or nitems + section index; -1 if none. */
static int import_target(const checklist_def *d, const char *id, const char *num,
	const char *text)
{
	if (id && *id) {
		for (int k = 0; k < d->nitems; k++)
			if (strcmp(d->items[k].id, id) == 0)
				return k;
		if (d->score_mode == CL_SCORE_MANUAL)
			for (int k = 0; k < d->nsections; k++)
				if (strcmp(d->sections[k].id, id) == 0)
					return d->nitems + k;
		return -1;
	}
	if (num && *num) {
		char *end;
		long n = strtol(num, &end, 10);
		return !*end && n >= 1 && n <= d->nitems ? (int)n - 1 : -1;
	}
	if (text && *text)
		for (int k = 0; k < d->nitems; k++)
			if (lstr_is(&d->items[k].text, text))
				return k;
	return -1;
}

static const checklist_answer *parse_answer(const checklist_def *d, const char *s, bool *blank)
{
	*blank = !*s || strcmp(s, tr_in(LANG_JA, M_CHECKLIST_UNANSWERED)) == 0
		|| strcasecmp(s, tr_in(LANG_EN, M_CHECKLIST_UNANSWERED)) == 0;
	if (*blank)
		return NULL;
	for (int k = 0; k < d->nanswers; k++)
		if (strcmp(d->answers[k].value, s) == 0 || lstr_is(&d->answers[k].label, s))
			return &d->answers[k];
	char *end;
	long n = strtol(s, &end, 10);
	if (!*end && n >= 1 && n <= d->nanswers)
		return &d->answers[n - 1];
	return NULL;
}

typedef struct import_set {
	int target;
	bool has_answer, has_note, has_score;
	char *answer, *note, *score;
	int line;
} import_set;

mm_status checklist_import_csv(store *st, sheet *s, const char *data, size_t n, mm_error *err)
{
	return checklist_import_csv_n(st, s, data, n, NULL, err);
}

mm_status checklist_import_csv_n(store *st, sheet *s, const char *data, size_t n, int *imported,
	mm_error *err)
{
	if (imported)
		*imported = 0;
	const checklist_def *d = s ? def_of_storage(s->def) : NULL;
	if (!d)
		return mm_fail(err, MM_EUSER, "%s", tr(M_CHECKLIST_IMP_NOT_CHECKLIST));
	char *text = NULL;
	size_t len = 0;
	mm_status rc = csv_decode(data, n, &text, &len, NULL, err);
	if (rc != MM_OK)
		return rc;
	csv_doc doc = {0};
	rc = csv_parse(text, len, &doc, err);
	free(text);
	if (rc != MM_OK)
		return rc;
	int map[64];
	import_set *sets = NULL;
	int nsets = 0;
	if (doc.nrecords == 0) {
		rc = mm_fail(err, MM_EUSER, "%s", tr(M_CHECKLIST_IMP_EMPTY));
		goto out;
	}
	const csv_record *head = &doc.records[0];
	int col_of[IC_COUNT];
	for (int k = 0; k < IC_COUNT; k++)
		col_of[k] = -1;
	for (size_t f = 0; f < head->nfields && f < 64; f++) {
		char *h = trimmed(head->fields[f]);
		map[f] = header_index(h);
		if (map[f] < 0) {
			buf names = {0};
			for (int k = 0; k < IC_COUNT; k++)
				buf_printf(&names, "%s%s", k ? ", " : "", tr(import_heads[k]));
			rc = mm_fail(err, MM_EUSER, tr(M_CHECKLIST_IMP_NO_COLUMN), head->line,
				(int)f + 1, h, buf_str(&names));
			buf_free(&names);
			free(h);
			goto out;
		}
		if (col_of[map[f]] >= 0) {
			rc = mm_fail(err, MM_EUSER, tr(M_CHECKLIST_IMP_TWICE), head->line, (int)f + 1, h);
			free(h);
			goto out;
		}
		col_of[map[f]] = (int)f;
		free(h);
	}
	if (head->nfields > 64 || (col_of[IC_ID] < 0 && col_of[IC_NUMBER] < 0
		&& col_of[IC_ITEM] < 0) || (col_of[IC_ANSWER] < 0 && col_of[IC_NOTE] < 0
		&& col_of[IC_POINTS] < 0)) {
		rc = mm_fail(err, MM_EUSER, tr(M_CHECKLIST_IMP_NEED), head->line);
		goto out;
	}
	sets = xcalloc(doc.nrecords, sizeof *sets);
	for (size_t r = 1; r < doc.nrecords && rc == MM_OK; r++) {
		const csv_record *rec = &doc.records[r];
		if (rec->nfields == 1 && !rec->fields[0][0])
			continue; /* an empty line */
		if (rec->nfields > head->nfields) {
			rc = mm_fail(err, MM_EUSER, tr(M_CHECKLIST_IMP_MORE), rec->line,
				(int)head->nfields + 1);
			break;
		}
		char *v[IC_COUNT] = {0};
		for (int k = 0; k < IC_COUNT; k++)
			if (col_of[k] >= 0 && (size_t)col_of[k] < rec->nfields)
				v[k] = k == IC_NOTE ? xstrdup(rec->fields[col_of[k]])
					: trimmed(rec->fields[col_of[k]]);
		/* the item is named by its id, else its number, else its text */
		static const int namers[3] = {IC_ID, IC_NUMBER, IC_ITEM};
		int which = -1;
		for (int k = 0; k < 3 && which < 0; k++)
			if (v[namers[k]] && *v[namers[k]])
				which = namers[k];
		for (int k = 0; k < 3 && which < 0; k++)
			if (col_of[namers[k]] >= 0)
				which = namers[k];
		int t = import_target(d, which == IC_ID ? v[IC_ID] : NULL,
			which == IC_NUMBER ? v[IC_NUMBER] : NULL, which == IC_ITEM ? v[IC_ITEM] : NULL);
		import_set *is = &sets[nsets];
		is->target = t;
		is->line = rec->line;
		if (t < 0) {
			rc = mm_fail(err, MM_EUSER, tr(M_CHECKLIST_IMP_NO_ITEM), rec->line,
				col_of[which] + 1, v[which] ? v[which] : "");
		}
		for (int k = 0; rc == MM_OK && k < nsets; k++)
			if (sets[k].target == t) {
				if (t < d->nitems)
					rc = mm_fail(err, MM_EUSER, tr(M_CHECKLIST_IMP_AGAIN), rec->line,
						d->items[t].number, sets[k].line);
				else
					rc = mm_fail(err, MM_EUSER, tr(M_CHECKLIST_IMP_AGAIN), rec->line, 0,
						sets[k].line);
			}
		if (rc == MM_OK && t < d->nitems && v[IC_ANSWER]) {
			bool blank;
			const checklist_answer *a = parse_answer(d, v[IC_ANSWER], &blank);
			if (!a && !blank) {
				buf names = {0};
				for (int k = 0; k < d->nanswers; k++)
					buf_printf(&names, "%s%s", k ? " / " : "", L(&d->answers[k].label));
				buf why = {0};
				buf_printf(&why, tr(M_CHECKLIST_BAD_ANSWER), v[IC_ANSWER],
					buf_str(&names));
				buf_free(&names);
				rc = mm_fail(err, MM_EUSER, tr(M_CHECKLIST_IMP_FIELD), rec->line,
					col_of[IC_ANSWER] + 1, buf_str(&why));
				buf_free(&why);
			} else {
				is->has_answer = true;
				is->answer = xstrdup(a ? a->value : "");
			}
		}
		if (rc == MM_OK && t >= d->nitems && v[IC_POINTS]) {
			const column *c = &d->storage->cols[d->col_score];
			mm_error e2;
			char *stored = NULL;
			if (column_parse(c, v[IC_POINTS], &stored, &e2) != MM_OK) {
				rc = mm_fail(err, MM_EUSER, tr(M_CHECKLIST_IMP_FIELD), rec->line,
					col_of[IC_POINTS] + 1, e2.msg);
			} else {
				is->has_score = true;
				is->score = stored;
			}
		}
		if (rc == MM_OK && d->col_note >= 0 && v[IC_NOTE]) {
			const column *c = &d->storage->cols[d->col_note];
			mm_error e2;
			char *stored = NULL;
			if (column_parse(c, v[IC_NOTE], &stored, &e2) != MM_OK) {
				rc = mm_fail(err, MM_EUSER, tr(M_CHECKLIST_IMP_FIELD), rec->line,
					col_of[IC_NOTE] + 1, e2.msg);
			} else {
				is->has_note = true;
				is->note = stored;
			}
		}
		for (int k = 0; k < IC_COUNT; k++)
			free(v[k]);
		nsets++;
	}
	if (rc != MM_OK)
		goto out;
	/* apply: the newest rows, with the imported cells put in, replace the
	 * sheet's rows in one transaction (the old ones stay in the history) */
	if ((rc = sheet_reload(st, s, err)) != MM_OK)
		goto out;
	int ncols = d->storage->ncols;
	int nrows = 0;
	/* one row a set: its item (the row's name) and the cells the file
	 * gives; NULL cells stay as they are when it is written */
	char ***rows = xcalloc((size_t)nsets + 1, sizeof *rows);
	bool changed = false;
	for (int k = 0; k < nsets; k++) {
		const import_set *is = &sets[k];
		const char *key = is->target < d->nitems ? d->items[is->target].id
			: d->sections[is->target - d->nitems].id;
		const sheet_row *now = NULL;
		for (int r = 0; !now && r < s->nrows; r++)
			if (s->rows[r].cells[d->col_item].value
				&& strcmp(s->rows[r].cells[d->col_item].value, key) == 0)
				now = &s->rows[r];
		changed |= !now;
		char **row = rows[nrows++] = xcalloc((size_t)ncols, sizeof **rows);
		row[d->col_item] = xstrdup(key);
		struct {
			bool has;
			int col;
			const char *v;
		} put[3] = {{is->has_answer, d->col_answer, is->answer},
			{is->has_note, d->col_note, is->note}, {is->has_score, d->col_score, is->score}};
		for (int p = 0; p < 3; p++) {
			if (!put[p].has || put[p].col < 0)
				continue;
			const char *was = now && now->cells[put[p].col].value
				? now->cells[put[p].col].value : "";
			changed |= strcmp(was, put[p].v) != 0;
			row[put[p].col] = xstrdup(put[p].v);
		}
	}
	/* what is in the sheet is read again inside the write: an answer another
	 * terminal saved meanwhile is not written over with the one read above */
	if (changed)
		rc = sheet_put_by_label(st, s, rows, nrows, err);
	for (int r = 0; r < nrows; r++) {
		for (int k = 0; k < ncols; k++)
			free(rows[r][k]);
		free(rows[r]);
	}
	free(rows);
	if (rc == MM_OK && imported)
		*imported = nsets;
out:
	for (int k = 0; k < nsets; k++) {
		free(sets[k].answer);
		free(sets[k].note);
		free(sets[k].score);
	}
	free(sets);
	csv_doc_free(&doc);
	/* headers and values from the file are echoed: no control reaches a
	 * terminal through the message */
	if (rc != MM_OK && err)
		text_escape_in_place(err->msg, sizeof err->msg);
	return rc;
}

/* ---- the kind's row in the table of kinds ---- */

static bool checklist_has_work(const activity *act, const sheet *s)
{
	checklist_result r;
	checklist_score(checklist_of(act), s, &r);
	bool any = r.answered + r.na > 0;
	checklist_result_free(&r);
	return any;
}

/* Items answered for a group; companies that answered every item for a
 * checklist each company fills in. */
static void checklist_tally(const activity *act, const sheet *s, kind_tally *t)
{
	checklist_result res;
	checklist_score(checklist_of(act), s, &res);
	if (act->scope == SCOPE_GROUP) {
		t->done += res.answered + res.na;
		t->total += res.items;
	} else {
		t->done += res.unanswered == 0;
		t->total++;
	}
	checklist_result_free(&res);
}

static void checklist_progress_text(const activity *act, const kind_tally *t, char *out,
	size_t n)
{
	snprintf(out, n, tr(act->scope == SCOPE_GROUP ? M_PROGRESS_DONE : M_PROGRESS_COMPANIES),
		t->done, t->total);
}

static mm_status checklist_import(store *st, const activity *act, sheet *s, const char *data,
	size_t n, bool replace, int *count, mm_error *err)
{
	(void)act;
	(void)replace; /* answers replace answers item by item */
	*count = -1;
	return checklist_import_csv(st, s, data, n, err);
}

const kind_ops checklist_kind = {
	.fields = checklist_fields,
	.check = checklist_check,
	.build = checklist_build,
	.free = checklist_free,
	.storage = checklist_storage,
	.export = checklist_export,
	.export_format = "csv",
	.import = checklist_import,
	.tally = checklist_tally,
	.progress_text = checklist_progress_text,
	.has_work = checklist_has_work,
};
