#include "table_load.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kind.h"

static const char *const type_values[] = {
	"text", "longtext", "number", "scale", "choice", "flags", "bool", "date", "ref",
	"computed", NULL};
static const char *const color_values[] = {"none", "red", "yellow", "blue", "green", NULL};

static const field column_fields[] = {
	{"id", F_STRING, true, 0, 0, NULL},
	{"type", F_ENUM, true, 0, 0, type_values, M_V_WHAT_COLUMN_TYPE},
	{"title", F_LSTR, true, 0, 0, NULL},
	{"help", F_LSTR, false, 0, 0, NULL},
	{"unit", F_LSTR, false, 0, 0, NULL},
	{"width", F_INT, false, 2, 80, NULL},
	{"required", F_BOOL, false, 0, 0, NULL},
	{"min", F_NUM, false, 0, 0, NULL},
	{"max", F_NUM, false, 0, 0, NULL},
	{"levels", F_ARRAY, false, 0, 0, NULL},
	{"options", F_ARRAY, false, 0, 0, NULL},
	{"table", F_ID, false, 0, 0, NULL},
	{"expr", F_STRING, false, 0, 0, NULL},
	{"bands", F_ARRAY, false, 0, 0, NULL},
	FIELD_END,
};

static const field band_fields[] = {
	{"min", F_NUM, true, 0, 0, NULL},
	{"max", F_NUM, true, 0, 0, NULL},
	{"label", F_LSTR, true, 0, 0, NULL},
	{"color", F_ENUM, false, 0, 0, color_values, M_V_WHAT_BAND_COLOR},
	FIELD_END,
};

static const field option_fields[] = {
	{"value", F_STRING, true, 0, 0, NULL},
	{"label", F_LSTR, true, 0, 0, NULL},
	FIELD_END,
};

static const field heatmap_fields[] = {
	{"x", F_STRING, true, 0, 0, NULL},
	{"y", F_STRING, true, 0, 0, NULL},
	{"title", F_LSTR, false, 0, 0, NULL},
	{"color", F_STRING, false, 0, 0, NULL},
	FIELD_END,
};

static const char *const report_values[] = {"include", "own-rows", "exclude", NULL};

const field table_fields[] = {
	ACTIVITY_COMMON,
	{"columns", F_ARRAY, true, 0, 0, NULL},
	{"label", F_STRING, false, 0, 0, NULL},
	{"rows", F_ARRAY, false, 0, 0, NULL},
	{"example", F_ARRAY, false, 0, 0, NULL},
	{"heatmap", F_OBJECT, false, 0, 0, NULL},
	{"present", F_ARRAY, false, 0, 0, NULL},
	{"report", F_ENUM, false, 0, 0, report_values, M_V_WHAT_REPORT},
	FIELD_END,
};

/* ---- building ---------------------------------------------------------- */

static col_type type_of(const char *s)
{
	for (int k = 0; type_values[k]; k++)
		if (strcmp(type_values[k], s) == 0)
			return (col_type)k;
	return COL_TEXT;
}

static double num_or(const cJSON *o, const char *key, double dflt, bool *has)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);
	if (cJSON_IsNumber(j)) {
		if (has)
			*has = true;
		return j->valuedouble;
	}
	return dflt;
}

static void build_options(const cJSON *cj, column *c)
{
	const cJSON *opts = cJSON_GetObjectItemCaseSensitive(cj, "options");
	if (c->type == COL_SCALE) {
		const cJSON *levels = cJSON_GetObjectItemCaseSensitive(cj, "levels");
		int n = (int)(c->max - c->min + 1);
		if (n < 1 || n > 100)
			return;
		c->options = xcalloc((size_t)n, sizeof *c->options);
		c->noptions = n;
		for (int k = 0; k < n; k++) {
			char v[32];
			snprintf(v, sizeof v, "%d", (int)c->min + k);
			c->options[k].value = xstrdup(v);
			const cJSON *l = cJSON_IsArray(levels) ? cJSON_GetArrayItem(levels, k) : NULL;
			lstr_from_json(l, &c->options[k].label);
			if (!c->options[k].label.ja)
				c->options[k].label.ja = xstrdup(v);
		}
		return;
	}
	if (!cJSON_IsArray(opts))
		return;
	c->noptions = cJSON_GetArraySize(opts);
	c->options = xcalloc((size_t)c->noptions + 1, sizeof *c->options);
	int k = 0;
	for (const cJSON *o = opts->child; o; o = o->next, k++) {
		if (cJSON_IsString(o)) {
			c->options[k].value = xstrdup(o->valuestring);
			c->options[k].label.ja = xstrdup(o->valuestring);
		} else {
			c->options[k].value = read_str(o, "value");
			read_lstr(o, "label", &c->options[k].label);
		}
	}
}

static void build_bands(const cJSON *cj, column *c)
{
	const cJSON *bands = cJSON_GetObjectItemCaseSensitive(cj, "bands");
	if (!cJSON_IsArray(bands))
		return;
	c->nbands = cJSON_GetArraySize(bands);
	c->bands = xcalloc((size_t)c->nbands + 1, sizeof *c->bands);
	int k = 0;
	for (const cJSON *b = bands->child; b; b = b->next, k++) {
		c->bands[k].min = num_or(b, "min", 0, NULL);
		c->bands[k].max = num_or(b, "max", 0, NULL);
		read_lstr(b, "label", &c->bands[k].label);
		char *color = read_str(b, "color");
		for (int i = 0; color_values[i]; i++)
			if (strcmp(color_values[i], color) == 0)
				c->bands[k].color = (band_color)i;
		free(color);
	}
}

/* A seed value as the text a user would have typed. */
static char *json_as_input(const cJSON *j)
{
	if (cJSON_IsString(j))
		return xstrdup(j->valuestring);
	if (cJSON_IsBool(j))
		return xstrdup(cJSON_IsTrue(j) ? "1" : "0");
	if (cJSON_IsNumber(j)) {
		char b[64];
		if (j->valuedouble == floor(j->valuedouble) && fabs(j->valuedouble) < 1e15)
			snprintf(b, sizeof b, "%.0f", j->valuedouble);
		else
			snprintf(b, sizeof b, "%.10g", j->valuedouble);
		return xstrdup(b);
	}
	if (cJSON_IsArray(j)) {
		buf b = {0};
		for (const cJSON *e = j->child; e; e = e->next)
			if (cJSON_IsString(e))
				buf_printf(&b, "%s%s", b.len ? "," : "", e->valuestring);
		return buf_steal(&b);
	}
	return NULL;
}

static seed_row *build_rows(const cJSON *arr, const table_def *t, int *n)
{
	*n = 0;
	if (!cJSON_IsArray(arr))
		return NULL;
	int cnt = cJSON_GetArraySize(arr);
	seed_row *rows = xcalloc((size_t)cnt + 1, sizeof *rows);
	for (const cJSON *r = arr->child; r; r = r->next) {
		seed_row *sr = &rows[(*n)++];
		sr->values = xcalloc((size_t)t->ncols + 1, sizeof *sr->values);
		if (!cJSON_IsObject(r))
			continue;
		for (int k = 0; k < t->ncols; k++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, t->cols[k].id);
			/* raw input here; table_check_all turns it into stored values */
			sr->values[k] = v ? json_as_input(v) : NULL;
		}
	}
	return rows;
}

table_def *table_build(const cJSON *act)
{
	table_def *t = xcalloc(1, sizeof *t);
	t->activity_id = read_str(act, "id");
	t->heat_x = t->heat_y = t->heat_color = -1;
	t->heat_xmin = t->heat_ymin = 1;
	t->heat_xmax = t->heat_ymax = 3;
	const cJSON *rep = cJSON_GetObjectItemCaseSensitive(act, "report");
	for (int k = 0; cJSON_IsString(rep) && report_values[k]; k++)
		if (strcmp(report_values[k], rep->valuestring) == 0)
			t->report = k;
	const cJSON *cols = cJSON_GetObjectItemCaseSensitive(act, "columns");
	if (cJSON_IsArray(cols)) {
		t->ncols = cJSON_GetArraySize(cols);
		t->cols = xcalloc((size_t)t->ncols + 1, sizeof *t->cols);
		int k = 0;
		for (const cJSON *cj = cols->child; cj; cj = cj->next, k++) {
			column *c = &t->cols[k];
			c->id = read_str(cj, "id");
			char *type = read_str(cj, "type");
			c->type = type_of(type);
			free(type);
			read_lstr(cj, "title", &c->title);
			if (!c->title.ja)
				c->title.ja = xstrdup(c->id);
			read_lstr(cj, "help", &c->help);
			read_lstr(cj, "unit", &c->unit);
			c->width = read_int(cj, "width");
			c->required = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cj, "required"));
			c->min = num_or(cj, "min", c->type == COL_SCALE ? 1 : 0, &c->has_min);
			c->max = num_or(cj, "max", c->type == COL_SCALE ? 3 : 0, &c->has_max);
			if (c->type == COL_SCALE)
				c->has_min = c->has_max = true;
			build_options(cj, c);
			build_bands(cj, c);
			const cJSON *rt = cJSON_GetObjectItemCaseSensitive(cj, "table");
			if (cJSON_IsString(rt))
				c->ref_table = xstrdup(rt->valuestring);
			const cJSON *ex = cJSON_GetObjectItemCaseSensitive(cj, "expr");
			if (cJSON_IsString(ex)) {
				c->expr_src = xstrdup(ex->valuestring);
				c->ex = expr_parse(c->expr_src, NULL, NULL);
			}
		}
	}
	const cJSON *label = cJSON_GetObjectItemCaseSensitive(act, "label");
	t->label_col = cJSON_IsString(label) ? table_col_index(t, label->valuestring) : 0;
	if (t->label_col < 0)
		t->label_col = 0;
	t->rows = build_rows(cJSON_GetObjectItemCaseSensitive(act, "rows"), t, &t->nrows);
	t->example = build_rows(cJSON_GetObjectItemCaseSensitive(act, "example"), t, &t->nexample);
	const cJSON *hm = cJSON_GetObjectItemCaseSensitive(act, "heatmap");
	if (cJSON_IsObject(hm)) {
		char *x = read_str(hm, "x"), *y = read_str(hm, "y");
		t->heat_x = table_col_index(t, x);
		t->heat_y = table_col_index(t, y);
		free(x);
		free(y);
		read_lstr(hm, "title", &t->heat_title);
		const cJSON *cj = cJSON_GetObjectItemCaseSensitive(hm, "color");
		if (cJSON_IsString(cj)) {
			t->heat_color = table_col_index(t, cj->valuestring);
		} else { /* the default: the last computed column with bands */
			for (int k = 0; k < t->ncols; k++)
				if (t->cols[k].nbands && t->cols[k].type == COL_COMPUTED)
					t->heat_color = k;
		}
		for (int a = 0; a < 2; a++) { /* until checked: a scale's levels, else 1..3 */
			int k = a ? t->heat_y : t->heat_x;
			if (k >= 0 && t->cols[k].type == COL_SCALE) {
				*(a ? &t->heat_ymin : &t->heat_xmin) = (int)t->cols[k].min;
				*(a ? &t->heat_ymax : &t->heat_xmax) = (int)t->cols[k].max;
			}
		}
	}
	/* the projector's columns: known ones, each once (the rest is the
	 * checker's to report) */
	const cJSON *pr = cJSON_GetObjectItemCaseSensitive(act, "present");
	if (cJSON_IsArray(pr) && t->ncols) {
		t->present = xcalloc((size_t)t->ncols, sizeof *t->present);
		for (const cJSON *e = pr->child; e; e = e->next) {
			int k = cJSON_IsString(e) ? table_col_index(t, e->valuestring) : -1;
			bool had = k < 0;
			for (int j = 0; j < t->npresent && !had; j++)
				had = t->present[j] == k;
			if (!had && t->npresent < t->ncols)
				t->present[t->npresent++] = k;
		}
	}
	return t;
}

/* ---- checking ---------------------------------------------------------- */

static bool valid_col_id(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

typedef struct lookctx {
	table_def **defs;
	int n;
	const table_def *t;
	int depth;
	/* per table, per column: the computed type once known (state 2), or
	 * being worked out (state 1: a column reached again through its own
	 * refs, e.g. p = me.p + 1, is ANY there) */
	unsigned char **state;
	expr_coltype **type;
	/* the last column lookup_type did not find (for a "did you mean") */
	const char *miss_ref, *miss_name;
	/* per table, per computed column: its type rests on a mistake reported
	 * elsewhere (a ref to a table that does not exist, an expression that
	 * does not check), so nothing is said about it (no follow-on errors);
	 * BROKEN: the expression being checked read such a thing */
	unsigned char **bad;
	bool broken;
} lookctx;

/* The column of T closest to NAME, for a "did you mean", or NULL. */
static const char *close_column(const table_def *t, const char *name)
{
	if (!t)
		return NULL;
	const char **ids = xcalloc((size_t)t->ncols + 1, sizeof *ids);
	for (int k = 0; k < t->ncols; k++)
		ids[k] = t->cols[k].id;
	const char *best = expr_suggest_name(name, ids, (size_t)t->ncols);
	free(ids);
	return best;
}

/* "no column NAME in this table", with the closest one when there is one. */
static void no_column(vctx *v, const char *path, int at_key, const table_def *t,
	const char *name)
{
	const char *best = close_column(t, name);
	if (best) {
		verr(v, path, at_key, tr(M_V_NO_COLUMN_DID_YOU_MEAN), name, best);
	} else if (t && t->ncols > 0) {
		/* nothing close: the columns there are, to copy */
		buf all = {0};
		for (int k = 0; k < t->ncols && k < 16; k++)
			buf_printf(&all, "%s%s", k ? tr(M_V_LIST_SEP) : "", t->cols[k].id);
		if (t->ncols > 16)
			buf_printf(&all, "%s...", tr(M_V_LIST_SEP));
		verr(v, path, at_key, tr(M_V_NO_COLUMN_LIST), name, buf_str(&all));
		buf_free(&all);
	} else {
		verr(v, path, at_key, tr(M_V_NO_COLUMN_IN_THIS_TABLE), name);
	}
}

static expr_coltype computed_type(lookctx *lc, const table_def *t, const column *c);

static const table_def *find_def(lookctx *lc, const char *id)
{
	for (int k = 0; k < lc->n; k++)
		if (strcmp(lc->defs[k]->activity_id, id) == 0)
			return lc->defs[k];
	return NULL;
}

/* Column I of T has a "type" that is not one (reported at it): what it
 * holds is unknown, and nothing is said about what reads it. */
static bool type_unknown(const lookctx *lc, const table_def *t, int i)
{
	for (int d = 0; d < lc->n; d++)
		if (lc->defs[d] == t)
			return lc->bad && t->cols[i].type != COL_COMPUTED && lc->bad[d][i];
	return false;
}

static bool type_of_col(lookctx *lc, const table_def *t, const char *name, expr_coltype *out)
{
	int i = table_col_index(t, name);
	if (i < 0)
		return false;
	const column *c = &t->cols[i];
	if (type_unknown(lc, t, i)) {
		lc->broken = true;
		*out = (expr_coltype){EXPR_T_ANY, false, 0, 0};
		return true;
	}
	*out = c->type == COL_COMPUTED ? computed_type(lc, t, c) : column_exprtype(c);
	return true;
}

static bool lookup_type(void *ctx, const char *ref, const char *name, expr_coltype *out)
{
	lookctx *lc = ctx;
	lc->miss_ref = ref;
	lc->miss_name = name;
	if (!ref)
		return type_of_col(lc, lc->t, name, out);
	int i = table_col_index(lc->t, ref);
	if (i < 0 || lc->t->cols[i].type != COL_REF || !lc->t->cols[i].ref_table)
		return false;
	const table_def *target = find_def(lc, lc->t->cols[i].ref_table);
	if (!target) {
		/* the ref's table id is wrong: reported at the ref column, once */
		lc->broken = true;
		return true;
	}
	const table_def *save = lc->t;
	lc->t = target;
	bool ok = type_of_col(lc, target, name, out);
	lc->t = save;
	if (!ok) {
		lc->miss_ref = ref;
		lc->miss_name = name;
	}
	return ok;
}

/* The type of a computed column, worked out once per column: an expression
 * reading another row's value of itself (me.p) or of a column that reads it
 * back gets ANY for that read, where a depth-limited recursion used to take
 * 3^16 steps for p = me.p + me.p + me.p. Cycles inside a row are reported
 * elsewhere. */
static expr_coltype computed_type(lookctx *lc, const table_def *t, const column *c)
{
	expr_coltype r = {EXPR_T_ANY, false, 0, 0};
	int d = -1;
	for (int k = 0; k < lc->n && d < 0; k++)
		if (lc->defs[k] == t)
			d = k;
	int ci = (int)(c - t->cols);
	if (!c->ex) {
		/* its formula does not parse (or is missing): reported there */
		lc->broken = true;
		return r;
	}
	if (d < 0 || !lc->state || lc->depth > 64)
		return r;
	if (lc->state[d][ci] == 2) {
		lc->broken |= lc->bad[d][ci];
		return lc->type[d][ci];
	}
	if (lc->state[d][ci] == 1)
		return r;
	lc->state[d][ci] = 1;
	lc->depth++;
	const table_def *save = lc->t;
	const char *save_ref = lc->miss_ref, *save_name = lc->miss_name;
	bool save_broken = lc->broken;
	lc->broken = false;
	lc->t = t;
	if (expr_check(c->ex, lookup_type, lc, &r, NULL, NULL) != MM_OK) {
		r = (expr_coltype){EXPR_T_ANY, false, 0, 0};
		lc->broken = true;
	}
	lc->bad[d][ci] = lc->broken;
	lc->broken = save_broken || lc->bad[d][ci];
	lc->t = save;
	lc->miss_ref = save_ref;
	lc->miss_name = save_name;
	lc->depth--;
	lc->state[d][ci] = 2;
	lc->type[d][ci] = r;
	return r;
}

static void check_columns_json(vctx *v, const cJSON *act, const char *p)
{
	const cJSON *cols = cJSON_GetObjectItemCaseSensitive(act, "columns");
	if (!cJSON_IsArray(cols))
		return;
	jpath cp = sub_key(p, "columns");
	if (cJSON_GetArraySize(cols) == 0)
		verr(v, cp.s, 0, "%s", tr(M_V_A_TABLE_NEEDS_AT_LEAST));
	size_t i = 0;
	for (const cJSON *cj = cols->child; cj; cj = cj->next, i++) {
		jpath colp = sub_index(cp.s, i);
		if (!check_object(v, cj, colp.s, column_fields))
			continue;
		const char *id = cJSON_GetObjectItemCaseSensitive(cj, "id")->valuestring;
		if (!valid_col_id(id))
			verr(v, sub_key(colp.s, "id").s, 0, tr(M_V_COLUMN_ID_MUST_START_WITH), id);
		for (const cJSON *o = cols->child; o != cj; o = o->next) {
			const cJSON *oid = cJSON_GetObjectItemCaseSensitive(o, "id");
			if (cJSON_IsString(oid) && strcmp(oid->valuestring, id) == 0)
				verr(v, sub_key(colp.s, "id").s, 0, tr(M_V_DUPLICATE_COLUMN_ID), id);
		}
		const char *type = cJSON_GetObjectItemCaseSensitive(cj, "type")->valuestring;
		col_type t = type_of(type);
		const cJSON *opts = cJSON_GetObjectItemCaseSensitive(cj, "options");
		bool wants_options = t == COL_CHOICE || t == COL_FLAGS;
		if (wants_options && !opts)
			verr(v, colp.s, 0, tr(M_V_A_COLUMN_NEEDS_OPTIONS), type);
		if (!wants_options && opts)
			verr(v, sub_key(colp.s, "options").s, 1, "%s", tr(M_V_ONLY_CHOICE_AND_FLAGS_COLUMNS));
		if (cJSON_IsArray(opts)) {
			size_t k = 0;
			for (const cJSON *o = opts->child; o; o = o->next, k++)
				if (!cJSON_IsString(o))
					check_object(v, o, sub_index(sub_key(colp.s, "options").s, k).s,
						option_fields);
		}
		if (t == COL_REF && !cJSON_GetObjectItemCaseSensitive(cj, "table"))
			verr(v, colp.s, 0, "%s", tr(M_V_A_REF_COLUMN_NEEDS_TABLE));
		if (t != COL_REF && cJSON_GetObjectItemCaseSensitive(cj, "table"))
			verr(v, sub_key(colp.s, "table").s, 1, "%s", tr(M_V_ONLY_REF_COLUMNS_TAKE_TABLE));
		if (t == COL_COMPUTED && !cJSON_GetObjectItemCaseSensitive(cj, "expr"))
			verr(v, colp.s, 0, "%s", tr(M_V_A_COMPUTED_COLUMN_NEEDS_EXPR));
		if (t != COL_COMPUTED && cJSON_GetObjectItemCaseSensitive(cj, "expr"))
			verr(v, sub_key(colp.s, "expr").s, 1, "%s", tr(M_V_ONLY_COMPUTED_COLUMNS_TAKE_EXPR));
		bool numeric = t == COL_NUMBER || t == COL_SCALE;
		if (!numeric && (cJSON_GetObjectItemCaseSensitive(cj, "min")
			|| cJSON_GetObjectItemCaseSensitive(cj, "max")))
			verr(v, colp.s, 0, "%s", tr(M_V_ONLY_NUMBER_AND_SCALE_COLUMNS));
		if (t == COL_SCALE) {
			const cJSON *mn = cJSON_GetObjectItemCaseSensitive(cj, "min");
			const cJSON *mx = cJSON_GetObjectItemCaseSensitive(cj, "max");
			double lo = cJSON_IsNumber(mn) ? mn->valuedouble : 1;
			double hi = cJSON_IsNumber(mx) ? mx->valuedouble : 3;
			if (lo != floor(lo) || hi != floor(hi) || lo >= hi || hi - lo > 20)
				verr(v, colp.s, 0, "%s", tr(M_V_A_SCALE_NEEDS_WHOLE_NUMBERS));
			const cJSON *levels = cJSON_GetObjectItemCaseSensitive(cj, "levels");
			if (cJSON_IsArray(levels)) {
				if (cJSON_GetArraySize(levels) != (int)(hi - lo + 1))
					verr(v, sub_key(colp.s, "levels").s, 0, tr(M_V_LEVELS_FOR_A_SCALE_OF), cJSON_GetArraySize(levels), lo, hi,
						(int)(hi - lo + 1));
				size_t k = 0;
				for (const cJSON *l = levels->child; l; l = l->next, k++)
					check_lstr(v, l, sub_index(sub_key(colp.s, "levels").s, k).s);
			}
		} else if (cJSON_GetObjectItemCaseSensitive(cj, "levels")) {
			verr(v, sub_key(colp.s, "levels").s, 1, "%s", tr(M_V_ONLY_SCALE_COLUMNS_TAKE_LEVELS));
		}
		const cJSON *mn = cJSON_GetObjectItemCaseSensitive(cj, "min");
		const cJSON *mx = cJSON_GetObjectItemCaseSensitive(cj, "max");
		if (t == COL_NUMBER && cJSON_IsNumber(mn) && cJSON_IsNumber(mx)
			&& mn->valuedouble > mx->valuedouble)
			verr(v, colp.s, 0, "%s", tr(M_V_MIN_IS_LARGER_THAN_MAX));
		const cJSON *bands = cJSON_GetObjectItemCaseSensitive(cj, "bands");
		if (bands && !(numeric || t == COL_COMPUTED))
			verr(v, sub_key(colp.s, "bands").s, 1, "%s", tr(M_V_ONLY_NUMBER_SCALE_AND_COMPUTED));
		if (cJSON_IsArray(bands)) {
			size_t k = 0;
			for (const cJSON *b = bands->child; b; b = b->next, k++) {
				jpath bp = sub_index(sub_key(colp.s, "bands").s, k);
				if (check_object(v, b, bp.s, band_fields)
					&& cJSON_GetObjectItemCaseSensitive(b, "min")->valuedouble
					> cJSON_GetObjectItemCaseSensitive(b, "max")->valuedouble)
					verr(v, bp.s, 0, "%s", tr(M_V_BAND_MIN_IS_LARGER_THAN));
			}
		}
	}
}

static void check_rows(vctx *v, table_def **defs, int n, table_def *t, const cJSON *act,
	const char *p, const char *key, seed_row *rows, int nrows)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(act, key);
	if (!cJSON_IsArray(arr))
		return;
	jpath rp = sub_key(p, key);
	int r = 0;
	for (const cJSON *row = arr->child; row && r < nrows; row = row->next, r++) {
		jpath rowp = sub_index(rp.s, (size_t)r);
		if (!cJSON_IsObject(row)) {
			verr(v, rowp.s, 0, tr(M_V_EXPECTED_A_ROW_OBJECT_COLUMN),
				json_type_word(row));
			continue;
		}
		for (const cJSON *cell = row->child; cell; cell = cell->next) {
			jpath cellp = sub_key(rowp.s, cell->string);
			int ci = table_col_index(t, cell->string);
			if (ci < 0) {
				no_column(v, cellp.s, 1, t, cell->string);
				continue;
			}
			column *c = &t->cols[ci];
			if (c->type == COL_COMPUTED) {
				verr(v, cellp.s, 1, tr(M_V_IS_COMPUTED_LEAVE_IT_OUT), cell->string);
				continue;
			}
			if (cJSON_IsNumber(cell) && !isfinite(cell->valuedouble))
				continue; /* reported with every number of the file */
			char *in = rows[r].values[ci];
			if (!in) {
				verr(v, cellp.s, 0, tr(M_V_EXPECTED_A_STRING_NUMBER_TRUE), json_type_word(cell));
				continue;
			}
			if (c->type == COL_REF) {
				/* must name a row of the target's seed or example rows */
				const table_def *target = NULL;
				for (int k = 0; k < n; k++)
					if (c->ref_table && strcmp(defs[k]->activity_id, c->ref_table) == 0)
						target = defs[k];
				bool found = !target; /* a dangling ref is reported once, elsewhere */
				for (int k = 0; target && !found && k < target->nrows + target->nexample; k++) {
					const seed_row *sr = k < target->nrows ? &target->rows[k]
						: &target->example[k - target->nrows];
					const char *lab = sr->values[target->label_col];
					found = lab && strcmp(lab, in) == 0;
				}
				if (!found)
					verr(v, cellp.s, 0, tr(M_V_NO_ROW_LABELLED_IN_THE), in, c->ref_table);
				continue;
			}
			char *stored;
			mm_error err;
			lang save = i18n_lang();
			i18n_set_lang(LANG_EN);
			mm_status rc = column_parse(c, in, &stored, &err);
			i18n_set_lang(save);
			if (rc != MM_OK) {
				verr(v, cellp.s, 0, "%s", err.msg);
				continue;
			}
			free(rows[r].values[ci]);
			rows[r].values[ci] = stored;
		}
	}
}

/* ---- refs between tables ------------------------------------------------ */

static const char *scope_of(const cJSON *act)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(act, "scope");
	return cJSON_IsString(j) ? j->valuestring : "group";
}

static const char *scope_word(const char *scope)
{
	return strcmp(scope, "company") == 0 ? tr(M_V_SCOPE_COMPANY)
		: strcmp(scope, "person") == 0 ? tr(M_V_SCOPE_PERSON) : tr(M_V_SCOPE_GROUP);
}

static int def_index(table_def **defs, int n, const table_def *t)
{
	for (int k = 0; k < n; k++)
		if (defs[k] == t)
			return k;
	return -1;
}

/* Depth-first through the ref columns from table D (STATE: 0 not seen, 1 on
 * the path STACK[0..depth], 2 done). A ref back to a table on the path
 * closes a circle: reported at that ref column, naming the tables
 * ("ta → tb → ta"). A ref to its own table is a chain of rows, not a circle
 * of tables. Recursion as deep as there are tables. */
static void ref_walk(vctx *v, table_def **defs, char **paths, int n, int d, int *state,
	int *stack, int depth)
{
	state[d] = 1;
	stack[depth] = d;
	const table_def *t = defs[d];
	for (int k = 0; k < t->ncols; k++) {
		const column *c = &t->cols[k];
		if (c->type != COL_REF || !c->ref || c->ref == t)
			continue;
		int e = def_index(defs, n, c->ref);
		if (e < 0)
			continue;
		if (state[e] == 0) {
			ref_walk(v, defs, paths, n, e, state, stack, depth + 1);
		} else if (state[e] == 1) {
			buf m = {0};
			int from = depth;
			while (from > 0 && stack[from] != e)
				from--;
			for (int i = from; i <= depth; i++)
				buf_printf(&m, "%s → ", defs[stack[i]]->activity_id);
			buf_puts(&m, defs[e]->activity_id);
			jpath cp = sub_index(sub_key(paths[d], "columns").s, (size_t)k);
			verr(v, sub_key(cp.s, "table").s, 0, tr(M_V_REF_CYCLE), buf_str(&m));
			buf_free(&m);
		}
	}
	state[d] = 2;
}

static void check_ref_cycles(vctx *v, table_def **defs, char **paths, int n)
{
	int *state = xcalloc((size_t)n + 1, sizeof *state);
	int *stack = xcalloc((size_t)n + 1, sizeof *stack);
	for (int d = 0; d < n; d++)
		if (state[d] == 0)
			ref_walk(v, defs, paths, n, d, state, stack, 0);
	free(state);
	free(stack);
}

/* Notes on TARGET that column COL of T refers to its rows (once). */
static void table_add_referrer(table_def *target, const table_def *t, int col)
{
	for (int k = 0; k < target->nreferrers; k++)
		if (target->referrers[k].def == t && target->referrers[k].col == col)
			return;
	target->referrers = xrealloc(target->referrers,
		((size_t)target->nreferrers + 1) * sizeof *target->referrers);
	target->referrers[target->nreferrers++] = (struct table_referrer){t, col};
}

/* The heat map's "color" names a column of T that has bands. */
static void check_heat_color(vctx *v, const table_def *t, const cJSON *cj, const char *p)
{
	if (!cJSON_IsString(cj))
		return;
	const char *name = cj->valuestring;
	int k = table_col_index(t, name);
	if (k < 0) {
		no_column(v, p, 0, t, name);
	} else if (!t->cols[k].nbands) {
		verr(v, p, 0, tr(M_V_HEAT_COLOR_NO_BANDS), name);
	}
}

/* An expression's unknown column (LC's miss) with nothing close: reported
 * with the columns there are, to copy (asset.importance where the ledger
 * has impact). False when the miss is not an unknown column. */
static bool unknown_column_list(vctx *v, lookctx *lc, const table_def *t, const char *path,
	const char *src, size_t off)
{
	if (!lc->miss_name)
		return false;
	const table_def *in = t;
	if (lc->miss_ref) {
		int ri = table_col_index(t, lc->miss_ref);
		if (ri < 0 || t->cols[ri].type != COL_REF || !t->cols[ri].ref_table)
			return false;
		in = find_def(lc, t->cols[ri].ref_table);
	}
	if (!in || in->ncols == 0 || table_col_index(in, lc->miss_name) >= 0)
		return false;
	buf all = {0};
	for (int k = 0; k < in->ncols && k < 16; k++)
		buf_printf(&all, "%s%s", k ? tr(M_V_LIST_SEP) : "", in->cols[k].id);
	if (in->ncols > 16)
		buf_printf(&all, "%s...", tr(M_V_LIST_SEP));
	if (lc->miss_ref)
		verr_in_string(v, path, src, off, tr(M_V_UNKNOWN_COLUMN_LIST_REF), lc->miss_ref,
			lc->miss_name, in->activity_id, buf_str(&all));
	else
		verr_in_string(v, path, src, off, tr(M_V_UNKNOWN_COLUMN_LIST), lc->miss_name,
			buf_str(&all));
	buf_free(&all);
	return true;
}

bool table_check_all(vctx *v, table_def **defs, const cJSON **acts, char **paths, int n)
{
	int before = v->nerrs;
	for (int d = 0; d < n; d++)
		check_columns_json(v, acts[d], paths[d]);
	lookctx lc = {defs, n, NULL, 0, NULL, NULL, NULL, NULL, NULL, false};
	lc.state = xcalloc((size_t)n + 1, sizeof *lc.state);
	lc.type = xcalloc((size_t)n + 1, sizeof *lc.type);
	lc.bad = xcalloc((size_t)n + 1, sizeof *lc.bad);
	for (int d = 0; d < n; d++) {
		lc.state[d] = xcalloc((size_t)defs[d]->ncols + 1, sizeof **lc.state);
		lc.type[d] = xcalloc((size_t)defs[d]->ncols + 1, sizeof **lc.type);
		lc.bad[d] = xcalloc((size_t)defs[d]->ncols + 1, sizeof **lc.bad);
		/* a column whose type is not one (table_build made it text) */
		const cJSON *cols = cJSON_GetObjectItemCaseSensitive(acts[d], "columns");
		int k = 0;
		for (const cJSON *cj = cJSON_IsArray(cols) ? cols->child : NULL;
			cj && k < defs[d]->ncols; cj = cj->next, k++) {
			const cJSON *ty = cJSON_GetObjectItemCaseSensitive(cj, "type");
			bool known = false;
			for (int j = 0; cJSON_IsString(ty) && type_values[j]; j++)
				known |= strcmp(type_values[j], ty->valuestring) == 0;
			lc.bad[d][k] = !known;
		}
	}
	for (int d = 0; d < n; d++) {
		table_def *t = defs[d];
		const char *p = paths[d];
		jpath cp = sub_key(p, "columns");
		const char **names = xcalloc((size_t)t->ncols + 1, sizeof *names);
		const expr **exprs = xcalloc((size_t)t->ncols + 1, sizeof *exprs);
		int ncomp = 0;
		for (int k = 0; k < t->ncols; k++) {
			column *c = &t->cols[k];
			jpath colp = sub_index(cp.s, (size_t)k);
			if (c->type == COL_REF && c->ref_table) {
				const table_def *target = find_def(&lc, c->ref_table);
				if (!target) {
					const char **ids = xcalloc((size_t)n + 1, sizeof *ids);
					for (int i = 0; i < n; i++)
						ids[i] = defs[i]->activity_id;
					const char *best = expr_suggest_name(c->ref_table, ids, (size_t)n);
					if (best)
						verr(v, sub_key(colp.s, "table").s, 0,
							tr(M_V_NO_TABLE_ACTIVITY_DID_YOU_MEAN), c->ref_table, best);
					else {
						/* nothing close: the ids it can be, to copy */
						buf all = {0};
						for (int i = 0; i < n && i < 8; i++)
							buf_printf(&all, "%s%s", i ? tr(M_V_LIST_SEP) : "", ids[i]);
						if (n > 8)
							buf_printf(&all, "%s...", tr(M_V_LIST_SEP));
						verr(v, sub_key(colp.s, "table").s, 0,
							tr(M_V_NO_TABLE_ACTIVITY_LIST), c->ref_table, buf_str(&all));
						buf_free(&all);
					}
					free(ids);
				}
				/* a sheet's refs open sheets of the same owner: a company's
				 * table pointing at a group's would open a phantom group
				 * table owned by the company */
				int ti = def_index(defs, n, target);
				if (ti >= 0 && strcmp(scope_of(acts[d]), scope_of(acts[ti])) != 0)
					verr(v, sub_key(colp.s, "table").s, 0, tr(M_V_REF_OTHER_SCOPE),
						c->ref_table, scope_word(scope_of(acts[ti])),
						scope_word(scope_of(acts[d])));
				c->ref = target;
				if (target)
					table_add_referrer((table_def *)target, t, k);
			}
			if (c->type != COL_COMPUTED || !c->expr_src)
				continue;
			jpath ep = sub_key(colp.s, "expr");
			size_t off = 0, lparen;
			mm_error err;
			expr *ex = expr_parse_paren(c->expr_src, &off, &err, &lparen);
			if (!ex && lparen != SIZE_MAX) {
				int pl, pc;
				vpos_in_string(v, ep.s, c->expr_src, lparen, &pl, &pc);
				if (v->flags & SCENARIO_BYTE_COLUMNS)
					pc = vbyte_column(v, pl, pc);
				verr_in_string(v, ep.s, c->expr_src, off, tr(M_V_MISSING_PAREN_AT), pl, pc);
				continue;
			}
			if (!ex) {
				verr_in_string(v, ep.s, c->expr_src, off, "%s", err.msg);
				continue;
			}
			expr_free(ex);
			names[ncomp] = c->id;
			exprs[ncomp++] = c->ex;
		}
		char msg[256];
		size_t closer = 0, closer_off = 0;
		bool cycle = expr_find_cycle_blame(names, exprs, (size_t)ncomp, msg, sizeof msg, &closer,
			&closer_off);
		if (cycle) {
			/* at the formula that most likely made the circle, where it reads
			 * the circle round (see expr_find_cycle_blame) */
			int k = table_col_index(t, names[closer]);
			jpath ep = sub_key(sub_index(cp.s, (size_t)k).s, "expr");
			const char *chain = strncmp(msg, "cycle: ", 7) == 0 ? msg + 7 : msg;
			verr_in_string(v, ep.s, t->cols[k].expr_src, closer_off, tr(M_V_COLUMN_CYCLE),
				chain);
		}
		else
			for (int k = 0; k < t->ncols; k++) {
				column *c = &t->cols[k];
				if (c->type != COL_COMPUTED || !c->ex)
					continue;
				jpath ep = sub_key(sub_index(cp.s, (size_t)k).s, "expr");
				size_t off = 0;
				mm_error err;
				lc.t = t;
				lc.miss_ref = lc.miss_name = NULL;
				expr_coltype rt;
				if (expr_check(c->ex, lookup_type, &lc, &rt, &off, &err) != MM_OK) {
					const char *best = NULL;
					if (lc.miss_name && !lc.miss_ref) {
						best = close_column(t, lc.miss_name);
					} else if (lc.miss_name) {
						int ri = table_col_index(t, lc.miss_ref);
						if (ri >= 0 && t->cols[ri].type == COL_REF && t->cols[ri].ref_table)
							best = close_column(find_def(&lc, t->cols[ri].ref_table),
								lc.miss_name);
					}
					if (best && lc.miss_ref)
						verr_in_string(v, ep.s, c->expr_src, off,
							tr(M_V_UNKNOWN_COLUMN_DID_YOU_MEAN_REF), lc.miss_ref,
							lc.miss_name, lc.miss_ref, best);
					else if (best)
						verr_in_string(v, ep.s, c->expr_src, off,
							tr(M_V_UNKNOWN_COLUMN_DID_YOU_MEAN), lc.miss_name, best);
					else if (!unknown_column_list(v, &lc, t, ep.s, c->expr_src, off))
						verr_in_string(v, ep.s, c->expr_src, off, "%s", err.msg);
				}
				else if (c->nbands && rt.type == EXPR_T_TEXT)
					verr(v, sub_key(sub_index(cp.s, (size_t)k).s, "bands").s, 1,
						tr(M_V_BANDS_NEED_A_NUMBER_BUT), c->id);
			}
		free(names);
		free(exprs);
		const cJSON *label = cJSON_GetObjectItemCaseSensitive(acts[d], "label");
		if (cJSON_IsString(label) && table_col_index(t, label->valuestring) < 0)
			no_column(v, sub_key(p, "label").s, 0, t, label->valuestring);
		const cJSON *pr = cJSON_GetObjectItemCaseSensitive(acts[d], "present");
		if (cJSON_IsArray(pr)) {
			size_t k = 0;
			for (const cJSON *e = pr->child; e; e = e->next, k++) {
				jpath ep = sub_index(sub_key(p, "present").s, k);
				if (!cJSON_IsString(e))
					verr(v, ep.s, 0, tr(M_V_EXPECTED_A_STRING_FOUND), json_type_word(e));
				else if (table_col_index(t, e->valuestring) < 0)
					no_column(v, ep.s, 0, t, e->valuestring);
			}
		}
		/* warnings: a band no value reaches (outside what the column can
		 * hold, or behind an earlier band that takes all its values) */
		for (int k = 0; k < t->ncols && (v->flags & SCENARIO_WARNINGS); k++) {
			column *c = &t->cols[k];
			if (!c->nbands)
				continue;
			lc.broken = false;
			expr_coltype ty = c->type == COL_COMPUTED ? computed_type(&lc, t, c)
				: column_exprtype(c);
			bool known = !lc.broken && (ty.type == EXPR_T_NUM || ty.type == EXPR_T_BOOL)
				&& ty.bounded;
			jpath bp = sub_key(sub_index(cp.s, (size_t)k).s, "bands");
			for (int b = 0; b < c->nbands; b++) {
				const band *bd = &c->bands[b];
				char lo[32], hi[32];
				if (known && (bd->max < ty.min || bd->min > ty.max)) {
					snprintf(lo, sizeof lo, "%g", ty.min);
					snprintf(hi, sizeof hi, "%g", ty.max);
					vwarn(v, sub_index(bp.s, (size_t)b).s, 0, tr(M_W_BAND_OUT_OF_RANGE),
						c->id, lo, hi);
					continue;
				}
				for (int e = 0; e < b; e++)
					if (c->bands[e].min <= bd->min && c->bands[e].max >= bd->max) {
						vwarn(v, sub_index(bp.s, (size_t)b).s, 0, tr(M_W_BAND_SHADOWED), e);
						break;
					}
			}
		}
		const cJSON *hm = cJSON_GetObjectItemCaseSensitive(acts[d], "heatmap");
		if (cJSON_IsObject(hm) && t->heat_x >= 0 && t->heat_x == t->heat_y)
			vwarn(v, sub_key(sub_key(p, "heatmap").s, "y").s, 0, tr(M_W_HEATMAP_SAME_AXIS),
				t->cols[t->heat_x].id);
		if (cJSON_IsObject(hm) && check_object(v, hm, sub_key(p, "heatmap").s, heatmap_fields)) {
			const char *axes[2] = {"x", "y"};
			int idx[2] = {t->heat_x, t->heat_y};
			for (int a = 0; a < 2; a++) {
				jpath ap = sub_key(sub_key(p, "heatmap").s, axes[a]);
				const char *name = cJSON_GetObjectItemCaseSensitive(hm, axes[a])->valuestring;
				if (idx[a] < 0) {
					no_column(v, ap.s, 0, t, name);
					continue;
				}
				column *c = &t->cols[idx[a]];
				lc.broken = false;
				expr_coltype ty = c->type == COL_COMPUTED ? computed_type(&lc, t, c)
					: column_exprtype(c);
				if ((c->type == COL_COMPUTED && (cycle || lc.broken))
					|| type_unknown(&lc, t, idx[a]))
					continue; /* its expression's (or type's) mistake is reported */
				if (ty.type != EXPR_T_NUM || !ty.bounded || ty.max - ty.min > 9
					|| ty.min != floor(ty.min)) {
					verr(v, ap.s, 0, tr(M_V_A_HEAT_MAP_AXIS_NEEDS), name);
					continue;
				}
				/* the axis runs over the column's whole range */
				*(a ? &t->heat_ymin : &t->heat_xmin) = (int)ty.min;
				*(a ? &t->heat_ymax : &t->heat_xmax) = (int)floor(ty.max);
			}
			check_heat_color(v, t, cJSON_GetObjectItemCaseSensitive(hm, "color"),
				sub_key(sub_key(p, "heatmap").s, "color").s);
		}
	}
	for (int d = 0; d < n; d++) {
		free(lc.state[d]);
		free(lc.type[d]);
		free(lc.bad[d]);
	}
	free(lc.state);
	free(lc.type);
	free(lc.bad);
	check_ref_cycles(v, defs, paths, n);
	for (int d = 0; d < n; d++) {
		check_rows(v, defs, n, defs[d], acts[d], paths[d], "rows", defs[d]->rows,
			defs[d]->nrows);
		check_rows(v, defs, n, defs[d], acts[d], paths[d], "example", defs[d]->example,
			defs[d]->nexample);
	}
	return v->nerrs == before;
}
