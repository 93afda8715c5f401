/* document.c — the document activity kind: validation of the scenario's
 * sections and variants, the definition and its storage table, completeness
 * and export. See document.h for how texts are stored. */
#include "document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "csv.h"
#include "kind.h"
#include "text.h"

#define MAX_SECTIONS 100
#define MAX_VARIANTS 10

/* ---- the format -------------------------------------------------------- */

static const field document_fields[] = {
	ACTIVITY_COMMON,
	{"sections", F_ARRAY, false, 0, 0, NULL},
	{"variants", F_ARRAY, false, 0, 0, NULL},
	FIELD_END,
};

static const field section_fields[] = {
	{"id", F_ID, true, 0, 0, NULL},
	{"title", F_LSTR, true, 0, 0, NULL},
	{"guidance", F_LSTR, true, 0, 0, NULL},
	{"starter", F_LSTR, false, 0, 0, NULL},
	{"required", F_BOOL, false, 0, 0, NULL},
	{"drill", F_ID, false, 0, 0, NULL}, /* a drill whose timeline shows beside it */
	FIELD_END,
};

static const field variant_fields[] = {
	{"id", F_ID, true, 0, 0, NULL},
	{"title", F_LSTR, true, 0, 0, NULL},
	{"description", F_LSTR, true, 0, 0, NULL},
	{"sections", F_ARRAY, true, 0, 0, NULL},
	FIELD_END,
};

/* Reports an id used before in the same list: IDS[0..N) are the earlier
 * items' id values, PATHS their paths. */
static void check_dup_id(vctx *v, const char *what, const cJSON *idj, const char *p,
	const cJSON **ids, char (*paths)[256], int n)
{
	if (!cJSON_IsString(idj))
		return;
	for (int k = 0; k < n; k++)
		if (ids[k] && strcmp(ids[k]->valuestring, idj->valuestring) == 0) {
			int line, col;
			jsonpos_find(&v->pos, paths[k], 0, &line, &col);
			verr(v, p, 0, tr(M_V_DUPLICATE_ID_FIRST_USED_AT), what,
				idj->valuestring, line);
			return;
		}
}

static void check_sections(vctx *v, const cJSON *arr, const char *p, bool in_variant)
{
	int n = cJSON_GetArraySize(arr);
	if (n == 0) {
		verr(v, p, 0, "%s", tr(in_variant ? M_V_VARIANT_NEEDS_SECTION
			: M_V_DOCUMENT_NEEDS_SECTION));
		return;
	}
	if (n > MAX_SECTIONS) {
		verr(v, p, 0, tr(M_V_TOO_MANY_SECTIONS_AT_MOST), n, MAX_SECTIONS);
		return;
	}
	const cJSON **ids = xcalloc((size_t)n, sizeof *ids);
	char (*paths)[256] = xcalloc((size_t)n, sizeof *paths);
	int i = 0;
	for (const cJSON *s = arr->child; s; s = s->next, i++) {
		jpath sp = sub_index(p, (size_t)i);
		check_object(v, s, sp.s, section_fields);
		if (!cJSON_IsObject(s))
			continue;
		const cJSON *idj = cJSON_GetObjectItemCaseSensitive(s, "id");
		jpath ip = sub_key(sp.s, "id");
		check_dup_id(v, "section", idj, ip.s, ids, paths, i);
		if (cJSON_IsString(idj)) {
			ids[i] = idj;
			snprintf(paths[i], sizeof paths[i], "%s", ip.s);
		}
	}
	free(ids);
	free(paths);
}

static void document_check(vctx *v, const cJSON *act, const char *p)
{
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(act, "sections");
	const cJSON *vars = cJSON_GetObjectItemCaseSensitive(act, "variants");
	if (secs && vars) {
		verr(v, sub_key(p, "variants").s, 1, "%s", tr(M_V_GIVE_EITHER_SECTIONS_OR_VARIANTS));
		return;
	}
	if (!secs && !vars) {
		verr(v, p, 0, "%s", tr(M_V_MISSING_REQUIRED_KEY_SECTIONS_OR));
		return;
	}
	if (secs) {
		check_sections(v, secs, sub_key(p, "sections").s, false);
		return;
	}
	jpath vp = sub_key(p, "variants");
	int n = cJSON_GetArraySize(vars);
	if (n == 0) {
		verr(v, vp.s, 0, "%s", tr(M_V_A_DOCUMENT_WITH_VARIANTS_NEEDS));
		return;
	}
	if (n > MAX_VARIANTS) {
		verr(v, vp.s, 0, tr(M_V_TOO_MANY_VARIANTS_AT_MOST), n, MAX_VARIANTS);
		return;
	}
	const cJSON **ids = xcalloc((size_t)n, sizeof *ids);
	char (*paths)[256] = xcalloc((size_t)n, sizeof *paths);
	int i = 0;
	for (const cJSON *va = vars->child; va; va = va->next, i++) {
		jpath ap = sub_index(vp.s, (size_t)i);
		check_object(v, va, ap.s, variant_fields);
		if (!cJSON_IsObject(va))
			continue;
		const cJSON *idj = cJSON_GetObjectItemCaseSensitive(va, "id");
		jpath ip = sub_key(ap.s, "id");
		check_dup_id(v, "variant", idj, ip.s, ids, paths, i);
		if (cJSON_IsString(idj)) {
			ids[i] = idj;
			snprintf(paths[i], sizeof paths[i], "%s", ip.s);
		}
		const cJSON *vs = cJSON_GetObjectItemCaseSensitive(va, "sections");
		if (cJSON_IsArray(vs))
			check_sections(v, vs, sub_key(ap.s, "sections").s, true);
	}
	free(ids);
	free(paths);
}

/* ---- the definition ---------------------------------------------------- */

static void build_sections(const cJSON *arr, doc_variant *out)
{
	out->nsections = cJSON_GetArraySize(arr);
	out->sections = xcalloc((size_t)out->nsections + 1, sizeof *out->sections);
	int i = 0;
	for (const cJSON *s = arr ? arr->child : NULL; s; s = s->next, i++) {
		doc_section *sec = &out->sections[i];
		sec->id = read_str(s, "id");
		read_lstr(s, "title", &sec->title);
		read_lstr(s, "guidance", &sec->guidance);
		read_lstr(s, "starter", &sec->starter);
		const cJSON *dr = cJSON_GetObjectItemCaseSensitive(s, "drill");
		sec->drill = cJSON_IsString(dr) ? xstrdup(dr->valuestring) : NULL;
		const cJSON *rq = cJSON_GetObjectItemCaseSensitive(s, "required");
		sec->required = !cJSON_IsFalse(rq);
	}
}

static lstr lstr2(const char *ja, const char *en)
{
	return (lstr){xstrdup(ja), xstrdup(en)};
}

static void add_seed(table_def *t, int *cap, const char *key)
{
	if (t->nrows == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		t->rows = xrealloc(t->rows, (size_t)*cap * sizeof *t->rows);
	}
	seed_row *r = &t->rows[t->nrows++];
	r->values = xcalloc(2, sizeof *r->values);
	r->values[DOCUMENT_COL_SECTION] = xstrdup(key);
	r->values[DOCUMENT_COL_TEXT] = NULL;
}

/* Two columns, and a seed row per section of every variant (and one for the
 * chosen variant), so two terminals never make a section's row twice. */
static table_def *build_storage(const document_def *d)
{
	table_def *t = xcalloc(1, sizeof *t);
	t->activity_id = xstrdup(d->activity_id);
	t->ncols = 2;
	t->cols = xcalloc(2, sizeof *t->cols);
	t->cols[DOCUMENT_COL_SECTION].id = xstrdup("section");
	t->cols[DOCUMENT_COL_SECTION].type = COL_TEXT;
	t->cols[DOCUMENT_COL_SECTION].title = lstr2("節", "Section");
	t->cols[DOCUMENT_COL_TEXT].id = xstrdup("text");
	t->cols[DOCUMENT_COL_TEXT].type = COL_LONGTEXT;
	t->cols[DOCUMENT_COL_TEXT].title = lstr2("本文", "Text");
	t->label_col = DOCUMENT_COL_SECTION;
	t->heat_x = t->heat_y = -1;
	int cap = 0;
	if (d->has_variants)
		add_seed(t, &cap, DOCUMENT_VARIANT_KEY);
	for (int v = 0; v < d->nvariants; v++)
		for (int s = 0; s < d->variants[v].nsections; s++) {
			char key[160];
			document_section_key(d, v, s, key, sizeof key);
			add_seed(t, &cap, key);
		}
	return t;
}

static void *document_build(const cJSON *act)
{
	document_def *d = xcalloc(1, sizeof *d);
	d->activity_id = read_str(act, "id");
	read_lstr(act, "title", &d->title);
	const cJSON *vars = cJSON_GetObjectItemCaseSensitive(act, "variants");
	if (cJSON_IsArray(vars)) {
		d->has_variants = true;
		d->nvariants = cJSON_GetArraySize(vars);
		d->variants = xcalloc((size_t)d->nvariants + 1, sizeof *d->variants);
		int i = 0;
		for (const cJSON *va = vars->child; va; va = va->next, i++) {
			doc_variant *dv = &d->variants[i];
			dv->id = read_str(va, "id");
			read_lstr(va, "title", &dv->title);
			read_lstr(va, "description", &dv->description);
			build_sections(cJSON_GetObjectItemCaseSensitive(va, "sections"), dv);
		}
	} else {
		d->nvariants = 1;
		d->variants = xcalloc(1, sizeof *d->variants);
		d->variants[0].id = xstrdup("");
		build_sections(cJSON_GetObjectItemCaseSensitive(act, "sections"), &d->variants[0]);
	}
	d->table = build_storage(d);
	return d;
}

static void document_free(void *p)
{
	document_def *d = p;
	if (!d)
		return;
	for (int v = 0; v < d->nvariants; v++) {
		doc_variant *dv = &d->variants[v];
		for (int s = 0; s < dv->nsections; s++) {
			doc_section *sec = &dv->sections[s];
			free(sec->id);
			free(sec->drill);
			free_lstr(&sec->title);
			free_lstr(&sec->guidance);
			free_lstr(&sec->starter);
		}
		free(dv->sections);
		free(dv->id);
		free_lstr(&dv->title);
		free_lstr(&dv->description);
	}
	free(d->variants);
	free(d->activity_id);
	free_lstr(&d->title);
	table_def_free(d->table);
	free(d);
}

static const table_def *document_storage(const void *p)
{
	return ((const document_def *)p)->table;
}


const document_def *document_of(const activity *act)
{
	return act && act->kind == KIND_DOCUMENT ? act->def : NULL;
}

/* ---- completeness ------------------------------------------------------ */

/* S without surrounding blanks (ASCII space, tab, CR, LF and U+3000): the
 * start in *START and the length in *LEN. */
static void trim_span(const char *s, const char **start, size_t *len)
{
	if (!s)
		s = "";
	size_t n = strlen(s), a = 0, b = n;
	for (;;) {
		if (a < b && s[a] && strchr(" \t\r\n", s[a]))
			a++;
		else if (b - a >= 3 && memcmp(s + a, "\xE3\x80\x80", 3) == 0)
			a += 3;
		else
			break;
	}
	for (;;) {
		if (b > a && s[b - 1] && strchr(" \t\r\n", s[b - 1]))
			b--;
		else if (b - a >= 3 && memcmp(s + b - 3, "\xE3\x80\x80", 3) == 0)
			b -= 3;
		else
			break;
	}
	*start = s + a;
	*len = b - a;
}

/* The line of N bytes at S with every blank (ASCII and U+3000) left out. */
static void squeeze(const char *s, size_t n, buf *out)
{
	buf_clear(out);
	for (size_t k = 0; k < n; k++) {
		if (n - k >= 3 && memcmp(s + k, "\xE3\x80\x80", 3) == 0)
			k += 2;
		else if (!strchr(" \t\r", s[k]))
			buf_putc(out, s[k]);
	}
}

/* Is LINE (squeezed) one of STARTER's lines, squeezed the same way? */
static bool starter_line(const char *starter, const buf *line, buf *tmp)
{
	for (const char *p = starter; p;) {
		const char *nl = strchr(p, '\n');
		squeeze(p, nl ? (size_t)(nl - p) : strlen(p), tmp);
		if (tmp->len == line->len && memcmp(tmp->s, line->s, line->len) == 0)
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

bool document_section_complete(const doc_section *sec, const char *text)
{
	/* written: some line that is not blank and not a line of the starter
	 * as it was (its （　） still empty), in either language */
	bool written = false;
	buf line = {0}, tmp = {0};
	for (const char *p = text ? text : ""; p && !written;) {
		const char *nl = strchr(p, '\n');
		squeeze(p, nl ? (size_t)(nl - p) : strlen(p), &line);
		written = line.len && !(sec->starter.ja && starter_line(sec->starter.ja, &line, &tmp))
			&& !(sec->starter.en && starter_line(sec->starter.en, &line, &tmp));
		p = nl ? nl + 1 : NULL;
	}
	buf_free(&line);
	buf_free(&tmp);
	return written;
}

/* ---- reading the sheet ------------------------------------------------- */

void document_section_key(const document_def *d, int variant, int section, char *out,
	size_t n)
{
	const doc_variant *dv = &d->variants[variant];
	if (d->has_variants)
		snprintf(out, n, "%s:%s", dv->id, dv->sections[section].id);
	else
		snprintf(out, n, "%s", dv->sections[section].id);
}

/* The first row (in display order) whose key is KEY, or -1. */
static int row_by_key(const sheet *s, const char *key)
{
	for (int r = 0; s && r < s->nrows; r++) {
		const char *v = s->rows[r].cells[DOCUMENT_COL_SECTION].value;
		if (v && strcmp(v, key) == 0)
			return r;
	}
	return -1;
}

int document_row(const document_def *d, const sheet *s, int variant, int section)
{
	char key[160];
	document_section_key(d, variant, section, key, sizeof key);
	return row_by_key(s, key);
}

const char *document_text(const document_def *d, const sheet *s, int variant, int section)
{
	int r = document_row(d, s, variant, section);
	if (r < 0)
		return "";
	const char *v = s->rows[r].cells[DOCUMENT_COL_TEXT].value;
	return v ? v : "";
}

int document_version(const document_def *d, const sheet *s, int variant, int section)
{
	int r = document_row(d, s, variant, section);
	return r < 0 ? 0 : s->rows[r].cells[DOCUMENT_COL_TEXT].version;
}

int document_chosen_variant(const document_def *d, const sheet *s)
{
	if (!d->has_variants)
		return 0;
	int r = row_by_key(s, DOCUMENT_VARIANT_KEY);
	const char *v = r >= 0 ? s->rows[r].cells[DOCUMENT_COL_TEXT].value : NULL;
	for (int k = 0; v && k < d->nvariants; k++)
		if (strcmp(d->variants[k].id, v) == 0)
			return k;
	return -1;
}

int document_variant(const document_def *d, const sheet *s)
{
	int v = document_chosen_variant(d, s);
	return v < 0 ? 0 : v;
}

doc_progress document_progress(const document_def *d, const sheet *s)
{
	doc_progress p = {0};
	p.variant = document_variant(d, s);
	const doc_variant *dv = &d->variants[p.variant];
	for (int k = 0; k < dv->nsections; k++) {
		bool done = document_section_complete(&dv->sections[k],
			document_text(d, s, p.variant, k));
		p.total++;
		p.done += done;
		if (dv->sections[k].required) {
			p.req_total++;
			p.req_done += done;
		}
	}
	return p;
}

/* ---- writing ------------------------------------------------------------ */

/* Writes STORED into the text cell of the row keyed KEY, making the row when
 * the sheet has none (a sheet made before this section existed). */
static mm_status set_by_key(store *st, sheet *s, const char *key, const char *stored,
	int expected, sheet_conflict *conflict, sheet_history *h, mm_error *err)
{
	int r = row_by_key(s, key);
	if (r < 0) {
		/* someone else may have made it meanwhile */
		mm_status rc = sheet_reload(st, s, err);
		if (rc != MM_OK)
			return rc;
		r = row_by_key(s, key);
	}
	if (r < 0) {
		const char *vals[2] = {key, stored};
		return sheet_insert(st, s, s->nrows, vals, NULL, h, err);
	}
	return sheet_set(st, s, s->rows[r].id, DOCUMENT_COL_TEXT, stored, expected, conflict, h,
		err);
}

mm_status document_set_text(store *st, sheet *s, const document_def *d, int variant,
	int section, const char *text, int expected, sheet_conflict *conflict, sheet_history *h,
	mm_error *err)
{
	if (variant < 0 || variant >= d->nvariants || section < 0
		|| section >= d->variants[variant].nsections)
		return mm_fail(err, MM_ENOTFOUND, "%s", tr(M_DOCUMENT_NO_SECTION));
	/* blanks and empty lines at the end are not part of the text */
	const char *start;
	size_t len;
	trim_span(text, &start, &len);
	char *typed = xstrndup(text, (size_t)(start - text) + len);
	char *stored = NULL;
	mm_status rc = column_parse(&d->table->cols[DOCUMENT_COL_TEXT], typed, &stored, err);
	free(typed);
	if (rc != MM_OK)
		return rc;
	char key[160];
	document_section_key(d, variant, section, key, sizeof key);
	rc = set_by_key(st, s, key, stored, expected, conflict, h, err);
	free(stored);
	return rc;
}

mm_status document_choose_variant(store *st, sheet *s, const document_def *d, int v,
	sheet_history *h, mm_error *err)
{
	if (!d->has_variants)
		return mm_fail(err, MM_EUSER, "%s", tr(M_DOCUMENT_NO_VARIANTS));
	if (v < 0 || v >= d->nvariants)
		return mm_fail(err, MM_ENOTFOUND, "%s", tr(M_DOCUMENT_NO_VARIANT));
	/* choosing is not a text anyone types over: the last choice wins */
	return set_by_key(st, s, DOCUMENT_VARIANT_KEY, d->variants[v].id, -1, NULL, h, err);
}

/* ---- export ------------------------------------------------------------- */

/* Appends TEXT, with a '\' before a '#' that starts a line so a group's
 * text never turns into a heading of the document. */
static void md_text(buf *out, const char *text)
{
	const char *t;
	size_t n;
	trim_span(text, &t, &n);
	bool line_start = true;
	for (size_t i = 0; i < n; i++) {
		if (line_start && t[i] == '#')
			buf_putc(out, '\\');
		buf_putc(out, t[i]);
		line_start = t[i] == '\n';
	}
	buf_putc(out, '\n');
}

static void export_md(const document_def *d, const activity *act, const sheet *s, buf *out)
{
	doc_progress p = document_progress(d, s);
	const doc_variant *dv = &d->variants[p.variant];
	buf_printf(out, "# %s\n\n", L(&act->title));
	if (d->has_variants) {
		buf_puts(out, "- ");
		buf_printf(out, tr(M_DOCUMENT_MD_VARIANT), L(&dv->title));
		if (document_chosen_variant(d, s) < 0)
			buf_puts(out, tr(M_DOCUMENT_NOT_CHOSEN));
		buf_putc(out, '\n');
	}
	buf_puts(out, "- ");
	if (p.req_total != p.total)
		buf_printf(out, tr(M_DOCUMENT_MD_PROGRESS_REQ), p.done, p.total, p.req_done,
			p.req_total);
	else
		buf_printf(out, tr(M_DOCUMENT_MD_PROGRESS), p.done, p.total);
	buf_puts(out, "\n");
	for (int k = 0; k < dv->nsections; k++) {
		const doc_section *sec = &dv->sections[k];
		const char *text = document_text(d, s, p.variant, k);
		bool done = document_section_complete(sec, text);
		buf_printf(out, "\n## %s", L(&sec->title));
		if (!done)
			buf_printf(out, " %s", tr(M_DOCUMENT_MD_TODO));
		buf_puts(out, "\n\n");
		const char *t;
		size_t n;
		trim_span(text, &t, &n);
		if (n)
			md_text(out, text);
		else
			buf_printf(out, "%s\n", tr(M_DOCUMENT_NOT_WRITTEN));
	}
}

static void export_csv(const document_def *d, const sheet *s, buf *out)
{
	const char *head[4] = {"section", "title", "text", "complete"};
	csv_write_record(out, head, 4);
	int v = document_variant(d, s);
	const doc_variant *dv = &d->variants[v];
	for (int k = 0; k < dv->nsections; k++) {
		const doc_section *sec = &dv->sections[k];
		const char *text = document_text(d, s, v, k);
		const char *f[4] = {sec->id, L(&sec->title), text,
			tr(document_section_complete(sec, text) ? M_YES : M_NO)};
		csv_write_record(out, f, 4);
	}
}

mm_status document_export(const activity *act, store *st, sheet *s, const char *format,
	buf *out, mm_error *err)
{
	(void)st;
	const document_def *d = document_of(act);
	if (!d)
		return mm_fail(err, MM_EUSER, tr(M_NOT_A_KIND), act ? act->id : "?",
			tr(M_KIND_document));
	if (format && strcmp(format, "md") == 0)
		export_md(d, act, s, out);
	else if (format && strcmp(format, "csv") == 0)
		export_csv(d, s, out);
	else
		return mm_fail(err, MM_EUSER, tr(M_DOCUMENT_FORMATS), format ? format : "");
	return MM_OK;
}

/* ---- the kind's row in the table of kinds ---- */

static bool document_has_work(const activity *act, const sheet *s)
{
	return document_progress(document_of(act), s).done > 0;
}

/* Sections written, of every owner. */
static void document_tally(const activity *act, const sheet *s, kind_tally *t)
{
	doc_progress p = document_progress(document_of(act), s);
	t->done += p.done;
	t->total += p.total;
}

static void document_progress_text(const activity *act, const kind_tally *t, char *out,
	size_t n)
{
	(void)act;
	snprintf(out, n, tr(M_PROGRESS_DONE), t->done, t->total);
}

const kind_ops document_kind = {
	.fields = document_fields,
	.check = document_check,
	.build = document_build,
	.free = document_free,
	.storage = document_storage,
	.export = document_export,
	.export_format = "md",
	.tally = document_tally,
	.progress_text = document_progress_text,
	.has_work = document_has_work,
};
