#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "text.h"

void export_cell(const sheet *s, int r, int col, buf *out)
{
	const column *c = &s->def->cols[col];
	if (c->type == COL_COMPUTED) {
		expr_value v = sheet_value(s, r, col);
		expr_format_buf(&v, out);
		return;
	}
	if (c->type == COL_NUMBER || c->type == COL_SCALE) {
		const char *v = s->rows[r].cells[col].value;
		buf_puts(out, v ? v : "");
		return;
	}
	sheet_display_buf(s, r, col, out);
}

void export_sheet_csv(const sheet *s, buf *out)
{
	const table_def *d = s->def;
	const char **fields = xcalloc((size_t)d->ncols + 1, sizeof *fields);
	for (int k = 0; k < d->ncols; k++)
		fields[k] = L(&d->cols[k].title);
	csv_write_record(out, fields, (size_t)d->ncols);
	buf *cells = xcalloc((size_t)d->ncols + 1, sizeof *cells);
	for (int r = 0; r < s->nrows; r++) {
		for (int k = 0; k < d->ncols; k++) {
			buf_clear(&cells[k]);
			export_cell(s, r, k, &cells[k]);
			fields[k] = buf_str(&cells[k]);
		}
		csv_write_record(out, fields, (size_t)d->ncols);
	}
	for (int k = 0; k < d->ncols; k++)
		buf_free(&cells[k]);
	free(cells);
	free(fields);
}

/* Which column a header names: its id, or its title in either language. */
static int header_column(const table_def *d, const char *h)
{
	/* an id wins over a title that happens to read the same */
	for (int k = 0; k < d->ncols; k++)
		if (strcmp(d->cols[k].id, h) == 0)
			return k;
	for (int k = 0; k < d->ncols; k++)
		if (d->cols[k].title.ja && strcmp(d->cols[k].title.ja, h) == 0)
			return k;
	for (int k = 0; k < d->ncols; k++)
		if (d->cols[k].title.en && strcasecmp(d->cols[k].title.en, h) == 0)
			return k;
	return -1;
}

mm_status import_sheet_csv(store *st, sheet *s, const char *data, size_t n, bool replace,
	int *imported, sheet_history *hist, mm_error *err)
{
	const table_def *d = s->def;
	char *text = NULL;
	size_t len = 0;
	csv_encoding enc;
	*imported = 0;
	mm_status rc = csv_decode(data, n, &text, &len, &enc, err);
	if (rc != MM_OK)
		return rc;
	csv_doc doc = {0};
	rc = csv_parse(text, len, &doc, err);
	free(text);
	if (rc != MM_OK)
		return rc;
	if (doc.nrecords == 0) {
		csv_doc_free(&doc);
		return mm_fail_at(err, MM_EUSER, 1, 0, NULL, "%s", tr(M_IMP_EMPTY));
	}
	const csv_record *head = &doc.records[0];
	int *map = xcalloc(head->nfields + 1, sizeof *map);
	for (size_t f = 0; f < head->nfields; f++) {
		const char *h = head->fields[f];
		if (f == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0)
			h += 3;
		map[f] = header_column(d, h);
		if (map[f] < 0) {
			rc = mm_fail_at(err, MM_EUSER, head->line, f + 1, NULL, tr(M_IMP_NO_COLUMN), h,
				d->activity_id);
			goto out;
		}
		for (size_t g = 0; g < f; g++)
			if (map[g] == map[f]) {
				rc = mm_fail_at(err, MM_EUSER, head->line, f + 1, NULL, tr(M_IMP_TWICE), h);
				goto out;
			}
	}
	for (int k = 0; k < d->ncols; k++) {
		const column *c = &d->cols[k];
		bool present = false;
		for (size_t f = 0; f < head->nfields; f++)
			present |= map[f] == k;
		if (c->required && c->type != COL_COMPUTED && !present) {
			rc = mm_fail_at(err, MM_EUSER, head->line, 0, NULL, tr(M_IMP_REQUIRED_COLUMN),
				L(&c->title), c->id);
			goto out;
		}
	}
	int nrecs = (int)doc.nrecords - 1, nrows = 0;
	/* the rows ref columns name, all looked up at once per column (by the
	 * database when S was only peeked at bare: an import's cost follows its
	 * rows, not the size of the sheets it refers to) */
	int64_t **refid = xcalloc(head->nfields + 1, sizeof *refid);
	const char **names = xcalloc((size_t)nrecs + 1, sizeof *names);
	for (size_t f = 0; f < head->nfields && rc == MM_OK; f++) {
		if (d->cols[map[f]].type != COL_REF)
			continue;
		for (int i = 0; i < nrecs; i++) {
			const csv_record *rec = &doc.records[i + 1];
			names[i] = f < rec->nfields ? rec->fields[f] : NULL;
		}
		refid[f] = xcalloc((size_t)nrecs + 1, sizeof **refid);
		const sheet *target = s->ref[map[f]] ? s->ref[map[f]] : s;
		rc = sheet_find_labels(st, target, names, nrecs, refid[f], err);
	}
	free(names);
	char ***rows = xcalloc((size_t)nrecs + 1, sizeof *rows);
	for (int i = 0; i < nrecs && rc == MM_OK; i++) {
		const csv_record *rec = &doc.records[i + 1];
		if (rec->nfields == 1 && !rec->fields[0][0])
			continue; /* an empty line is no row */
		int r = nrows++;
		rows[r] = xcalloc((size_t)d->ncols + 1, sizeof **rows);
		if (rec->nfields > head->nfields) {
			rc = mm_fail_at(err, MM_EUSER, rec->line, head->nfields + 1, NULL, "%s",
				tr(M_IMP_MORE_FIELDS));
			break;
		}
		for (size_t f = 0; f < rec->nfields && rc == MM_OK; f++) {
			const column *c = &d->cols[map[f]];
			const char *v = rec->fields[f];
			if (c->type == COL_COMPUTED)
				continue; /* computed again from the other columns */
			if (c->type == COL_REF) {
				if (!*v) {
					if (c->required)
						rc = mm_fail_at(err, MM_EUSER, rec->line, f + 1, L(&c->title),
							"%s", tr(M_ERR_REQUIRED));
					continue;
				}
				int64_t id = refid[f][i];
				if (!id) {
					rc = mm_fail_at(err, MM_EUSER, rec->line, f + 1, L(&c->title),
						tr(M_IMP_NO_ROW), v, c->ref_table);
					break;
				}
				rows[r][map[f]] = xmalloc(24);
				snprintf(rows[r][map[f]], 24, "%lld", (long long)id);
				continue;
			}
			mm_error verr;
			if (column_parse(c, v, &rows[r][map[f]], &verr) != MM_OK)
				rc = mm_fail_at(err, MM_EUSER, rec->line, f + 1, L(&c->title), "%s",
					verr.msg);
		}
		/* a short line leaves its last columns blank: required ones must not be */
		for (size_t f = rec->nfields; rc == MM_OK && f < head->nfields; f++) {
			const column *c = &d->cols[map[f]];
			if (c->required && c->type != COL_COMPUTED)
				rc = mm_fail_at(err, MM_EUSER, rec->line, f + 1, L(&c->title), "%s",
					tr(M_ERR_REQUIRED));
		}
	}
	if (rc == MM_OK) {
		rc = sheet_insert_many(st, s, rows, nrows, replace, hist, err);
		if (rc == MM_OK)
			*imported = nrows;
	}
	for (int r = 0; r < nrows; r++) {
		for (int k = 0; k < d->ncols; k++)
			free(rows[r][k]);
		free(rows[r]);
	}
	free(rows);
	for (size_t f = 0; f < head->nfields; f++)
		free(refid[f]);
	free(refid);
out:
	free(map);
	csv_doc_free(&doc);
	/* headers and values from the file are echoed: no control reaches a
	 * terminal through the message */
	if (rc != MM_OK && err)
		text_escape_in_place(err->msg, sizeof err->msg);
	return rc;
}

static void md_cell(buf *out, const char *v)
{
	buf_puts(out, " ");
	for (const char *p = v; *p; p++) {
		if (*p == '|')
			buf_puts(out, "\\|");
		else if (*p == '\n')
			buf_puts(out, "<br>");
		else if (*p != '\r')
			buf_putc(out, *p);
	}
	buf_puts(out, " |");
}

void export_sheet_md(const sheet *s, const char *title, buf *out)
{
	const table_def *d = s->def;
	buf_printf(out, "# %s\n\n|", title);
	for (int k = 0; k < d->ncols; k++)
		md_cell(out, L(&d->cols[k].title));
	buf_puts(out, "\n|");
	for (int k = 0; k < d->ncols; k++)
		buf_puts(out, " --- |");
	buf_puts(out, "\n");
	buf cell = {0};
	for (int r = 0; r < s->nrows; r++) {
		buf_puts(out, "|");
		for (int k = 0; k < d->ncols; k++) {
			buf_clear(&cell);
			sheet_display_buf(s, r, k, &cell);
			md_cell(out, buf_str(&cell));
		}
		buf_puts(out, "\n");
	}
	buf_free(&cell);
}

/* ---- the take-home report ---- */

/* A company's name as groups write it in the room: without spaces (ASCII
 * and U+3000) and without its legal form before or after ("株式会社",
 * "（株）", "㈱", ", Inc." ...), so "さくら精密", "(株)さくら精密" and
 * "株式会社 さくら精密" are one company. */
static const char *const legal_forms[] = {
	"株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人",
	"一般財団法人", "公益社団法人", "公益財団法人", "社会福祉法人", "医療法人社団",
	"医療法人", "特定非営利活動法人", "NPO法人", "税理士法人", "弁護士法人",
	"司法書士法人", "行政書士法人", "社会保険労務士法人", "監査法人",
	"(株)", "（株）", "㈱", "(有)", "（有）", "㈲", "(同)", "（同）",
	"Co.,Ltd.", "Co.,Ltd", "Ltd.", "Inc.", "K.K.", ",", NULL,
};

static void name_core(const char *in, buf *out)
{
	buf_clear(out);
	for (const char *p = in; *p;) {
		if (*p == ' ' || *p == '\t') {
			p++;
		} else if (strncmp(p, "\xe3\x80\x80", 3) == 0) {
			p += 3;
		} else {
			buf_putc(out, *p);
			p++;
		}
	}
	const char *v = buf_str(out);
	size_t start = 0, end = strlen(v);
	for (bool cut = true; cut;) {
		cut = false;
		for (int k = 0; legal_forms[k]; k++) {
			size_t n = strlen(legal_forms[k]);
			if (end - start > n && strncmp(v + start, legal_forms[k], n) == 0) {
				start += n;
				cut = true;
			} else if (end - start > n && strncmp(v + end - n, legal_forms[k], n) == 0) {
				end -= n;
				cut = true;
			}
		}
	}
	buf core = {0};
	buf_append(&core, v + start, end - start);
	buf_clear(out);
	buf_puts(out, buf_str(&core));
	buf_free(&core);
}

/* Does a cell of row R read NAME (compared by name_core; NAME given as its
 * core already)? */
static bool cell_is(const sheet *s, int r, const char *name, buf *tmp, buf *core)
{
	for (int k = 0; k < s->def->ncols; k++) {
		buf_clear(tmp);
		export_cell(s, r, k, tmp);
		name_core(buf_str(tmp), core);
		if (*buf_str(core) && strcmp(buf_str(core), name) == 0)
			return true;
	}
	return false;
}

mm_status export_report_rows(store *st, sheet *s, int mode, int64_t company, mm_error *err)
{
	bool *keep = xcalloc((size_t)s->nrows + 1, sizeof *keep);
	if (mode == TABLE_REPORT_EXCLUDE) {
		sheet_keep_rows(s, keep);
		free(keep);
		return MM_OK;
	}
	company_info *c = NULL;
	int nc = 0;
	mm_status rc = store_companies(st, 0, &c, &nc, err);
	if (rc != MM_OK) {
		free(keep);
		return rc;
	}
	buf tmp = {0}, core = {0};
	char **names = xcalloc((size_t)nc + 1, sizeof *names);
	for (int k = 0; k < nc; k++) {
		name_core(c[k].name, &core);
		names[k] = buf_steal(&core);
	}
	for (int r = 0; r < s->nrows; r++) {
		bool own = false, other = false;
		for (int k = 0; k < nc; k++) {
			if (!cell_is(s, r, names[k], &tmp, &core))
				continue;
			if (c[k].id == company)
				own = true;
			else
				other = true;
		}
		keep[r] = mode == TABLE_REPORT_OWN_ROWS ? own : (own || !other);
	}
	buf_free(&tmp);
	buf_free(&core);
	for (int k = 0; k < nc; k++)
		free(names[k]);
	free(names);
	company_list_free(c, nc);
	sheet_keep_rows(s, keep);
	free(keep);
	return MM_OK;
}
