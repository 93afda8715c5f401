#include "sheet.h"

#include <math.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"

static const char *const owner_names[] = {"group", "company", "person"};

/* ---- small SQL helpers (prepared statements only) ---------------------- */

static mm_status step_done(store *st, sqlite3_stmt *s, mm_error *err)
{
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_write_error(st, err);
	return MM_OK;
}

/* ---- permissions ------------------------------------------------------- */

mm_status sheet_may_write(store *st, owner_kind ok, int64_t owner, mm_error *err)
{
	mm_status rc = store_check_writable(st, err);
	if (rc != MM_OK)
		return rc;
	if (store_get_role(st) == ROLE_FACILITATOR)
		return MM_OK;
	int64_t gid = store_group_id(st);
	int64_t owner_group = 0;
	mm_error e;
	if ((rc = store_owner_group(st, (int)ok, owner, &owner_group, &e)) == MM_EDB) {
		if (err)
			*err = e;
		return rc;
	}
	if (gid && owner_group == gid)
		return MM_OK;
	return mm_fail(err, MM_EDENIED, "%s", tr(M_SHEET_DENIED));
}

mm_status sheet_may_write_in(store *st, const char *activity, owner_kind ok, int64_t owner,
	mm_error *err)
{
	mm_status rc = sheet_may_write(st, ok, owner, err);
	if (rc != MM_OK || store_get_role(st) == ROLE_FACILITATOR || !activity)
		return rc;
	/* an activity's own sheets ("drill", "drill#hotwash") lock with it */
	char id[128];
	snprintf(id, sizeof id, "%s", activity);
	id[strcspn(id, "#")] = '\0';
	bool locked;
	if ((rc = store_activity_locked(st, id, &locked, err)) != MM_OK)
		return rc;
	if (locked)
		return mm_fail(err, MM_EDENIED, "%s", tr(M_ACTIVITY_LOCKED));
	return MM_OK;
}

/* ---- loading ----------------------------------------------------------- */

typedef struct sheet_memo sheet_memo;
static void sheet_changed(sheet *s);
static void memo_free(sheet_memo *m);

/* The values read from the store live in blocks of one string store per
 * sheet, a short value (a choice, a rating, a date) once however many cells
 * hold it: 100,000 rows take a third of the memory of one allocation per
 * cell. A value written here is the cell's own (sheet_cell.shared false). */
#define STRS_BLOCK 65536
#define STRS_SHORT 40

struct sheet_strs {
	char **blocks;
	int nblocks;
	size_t used; /* in the last block */
	char **tab;  /* open addressing: the short values */
	size_t cap, n;
};

static void strs_free(struct sheet_strs *t)
{
	if (!t)
		return;
	for (int k = 0; k < t->nblocks; k++)
		free(t->blocks[k]);
	free(t->blocks);
	free(t->tab);
	free(t);
}

static char *strs_copy(struct sheet_strs *t, const char *v, size_t len)
{
	if (len + 1 > STRS_BLOCK / 4) /* a long text: its own allocation, kept with the blocks */
		return NULL;
	if (!t->nblocks || t->used + len + 1 > STRS_BLOCK) {
		t->blocks = xrealloc(t->blocks, ((size_t)t->nblocks + 1) * sizeof *t->blocks);
		t->blocks[t->nblocks++] = xmalloc(STRS_BLOCK);
		t->used = 0;
	}
	char *p = t->blocks[t->nblocks - 1] + t->used;
	memcpy(p, v, len);
	p[len] = '\0';
	t->used += len + 1;
	return p;
}

static size_t strs_hash(const char *v, size_t len)
{
	size_t h = 1469598103934665603ULL;
	for (size_t k = 0; k < len; k++)
		h = (h ^ (unsigned char)v[k]) * 1099511628211ULL;
	return h;
}

/* V (LEN bytes) in S's string store; NULL when it is too long for it. */
static char *strs_put(sheet *s, const char *v, size_t len)
{
	if (!s->strs)
		s->strs = xcalloc(1, sizeof *s->strs);
	struct sheet_strs *t = s->strs;
	if (len > STRS_SHORT)
		return strs_copy(t, v, len);
	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		char **tab = xcalloc(cap, sizeof *tab);
		for (size_t k = 0; k < t->cap; k++)
			if (t->tab[k]) {
				size_t i = strs_hash(t->tab[k], strlen(t->tab[k])) & (cap - 1);
				while (tab[i])
					i = (i + 1) & (cap - 1);
				tab[i] = t->tab[k];
			}
		free(t->tab);
		t->tab = tab;
		t->cap = cap;
	}
	size_t i = strs_hash(v, len) & (t->cap - 1);
	for (; t->tab[i]; i = (i + 1) & (t->cap - 1))
		if (strncmp(t->tab[i], v, len) == 0 && t->tab[i][len] == '\0')
			return t->tab[i];
	t->n++;
	return t->tab[i] = strs_copy(t, v, len);
}

static void cell_clear(sheet_cell *c)
{
	if (!c->shared)
		free(c->value);
	c->value = NULL;
	c->shared = false;
	c->version = 0;
}

static bool in_block(const sheet *s, const sheet_cell *c)
{
	return s->cell_block && c >= s->cell_block && c < s->cell_block + s->nblock;
}

static void row_free(sheet *s, sheet_row *r)
{
	/* a row whose cells were never set holds nothing to free (and its part
	 * of the block stays untouched memory) */
	for (int k = 0; (r->loaded || r->touched) && k < s->def->ncols; k++)
		cell_clear(&r->cells[k]);
	if (!in_block(s, r->cells))
		free(r->cells);
	r->cells = NULL;
}

static void free_rows(sheet *s)
{
	sheet_changed(s);
	for (int r = 0; r < s->nrows; r++)
		row_free(s, &s->rows[r]);
	free(s->rows);
	free(s->by_id);
	free(s->cell_block);
	strs_free(s->strs);
	s->strs = NULL;
	s->cell_block = NULL;
	s->nblock = 0;
	s->rows = NULL;
	s->by_id = NULL;
	s->nrows = 0;
	s->ids_more = false;
	s->col_read = 0;
}

static int cmp_by_id(const void *a, const void *b, void *ctx)
{
	const sheet *s = ctx;
	int64_t x = s->rows[*(const int64_t *)a].id;
	int64_t y = s->rows[*(const int64_t *)b].id;
	return (x > y) - (x < y);
}

int sheet_row_index(const sheet *s, int64_t row_id)
{
	int lo = 0, hi = s->nrows;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		int64_t id = s->rows[s->by_id[mid]].id;
		if (id == row_id)
			return (int)s->by_id[mid];
		if (id < row_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static mm_status find_sheet_id(store *st, sheet *s, mm_error *err)
{
	sqlite3_stmt *q = store_prep(st, "SELECT id FROM sheet WHERE activity = ?1 AND owner_kind = ?2 "
		"AND owner_id = ?3", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_text(q, 1, s->activity, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, owner_names[s->okind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, s->owner);
	int rc = sqlite3_step(q);
	s->id = 0;
	if (rc == SQLITE_ROW) {
		s->id = sqlite3_column_int64(q, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(q);
	return store_step_error(st, rc, err);
}

/* SQL whose ?1 ?2 ?3 are an activity, an owner kind and an owner: prepared
 * and bound (NULL with ERR set when it cannot be). */
static sqlite3_stmt *prep_owner(store *st, const char *sql, const char *activity, owner_kind ok,
	int64_t owner, mm_error *err)
{
	sqlite3_stmt *q = store_prep(st, sql, err);
	if (!q)
		return NULL;
	sqlite3_bind_text(q, 1, activity, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, owner_names[ok], -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, owner);
	return q;
}

mm_status sheet_count(store *st, const char *activity, owner_kind ok, int64_t owner, int *rows,
	int *sets, mm_error *err)
{
	*rows = *sets = 0;
	sqlite3_stmt *q = prep_owner(st,
		"SELECT coalesce((SELECT n FROM sheet_live l WHERE l.sheet_id = s.id), 0),"
		"       (SELECT COUNT(*) FROM change c WHERE c.sheet_id = s.id AND c.op = 'set') "
		"FROM sheet s WHERE s.activity = ?1 AND s.owner_kind = ?2 AND s.owner_id = ?3",
		activity, ok, owner, err);
	if (!q)
		return MM_EDB;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*rows = sqlite3_column_int(q, 0);
		*sets = sqlite3_column_int(q, 1);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_step_error(st, rc, err);
	return MM_OK;
}

static mm_status max_change(store *st, const sheet *s, int64_t *out, mm_error *err)
{
	*out = 0;
	sqlite3_stmt *q = store_prep(st,
		"SELECT COALESCE(MAX(id), 0) FROM change WHERE sheet_id = ?1", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, s->id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(q, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(q);
	return store_step_error(st, rc, err);
}

static int cmp_col_names(const void *a, const void *b, void *ctx)
{
	const table_def *d = ctx;
	return strcmp(d->cols[*(const int *)a].id, d->cols[*(const int *)b].id);
}

/* The column a stored cell belongs to. Cells arrive in column-name order
 * row after row (the cell table's key), so the column named next after the
 * previous answer is tried first: one comparison a cell, not one a column. */
static int col_of(sheet *s, const char *name, int *hint)
{
	const table_def *d = s->def;
	if (!s->col_next) {
		int *byname = xmalloc(((size_t)d->ncols + 1) * sizeof *byname);
		for (int k = 0; k < d->ncols; k++)
			byname[k] = k;
		qsort_r(byname, (size_t)d->ncols, sizeof *byname, cmp_col_names, (void *)d);
		s->col_next = xmalloc(((size_t)d->ncols + 1) * sizeof *s->col_next);
		for (int k = 0; k < d->ncols; k++)
			s->col_next[byname[k]] = byname[(k + 1) % d->ncols];
		free(byname);
	}
	for (int k = 0; k < d->ncols; k++) {
		int c = (*hint + k) % d->ncols;
		if (strcmp(d->cols[c].id, name) == 0) {
			*hint = s->col_next[c];
			return c;
		}
	}
	return -1;
}

static void put_cell(sheet *s, int ri, int ci, sqlite3_stmt *q, int vi)
{
	sheet_changed(s);
	sheet_cell *c = &s->rows[ri].cells[ci];
	s->rows[ri].touched = true;
	cell_clear(c);
	const char *v = (const char *)sqlite3_column_text(q, vi);
	size_t len = v ? (size_t)sqlite3_column_bytes(q, vi) : 0;
	c->value = strs_put(s, v ? v : "", len);
	c->shared = c->value != NULL;
	if (!c->value)
		c->value = xstrdup(v ? v : "");
	c->version = sqlite3_column_int(q, vi + 1);
}

static mm_status read_rows(store *st, sheet *s, mm_error *err);
static mm_status read_rows_n(store *st, sheet *s, int prefix, mm_error *err);

/* Reads S's rows again; on an error S is left empty, never half read. */
static mm_status load_rows(store *st, sheet *s, mm_error *err)
{
	mm_status rc = read_rows(st, s, err);
	if (rc != MM_OK)
		free_rows(s);
	return rc;
}

/* A private sheet (table_def.private_person: the survey's answers) is its
 * person's alone once they have saved anything: a terminal other than the
 * facilitator's reads or writes it only while it holds it (store_hold). */
static mm_status private_check(store *st, const sheet *s, mm_error *err)
{
	if (!s->def->private_person || s->okind != OWNER_PERSON
		|| store_get_role(st) == ROLE_FACILITATOR || store_holds(st, s->activity, s->owner))
		return MM_OK;
	int rows = 0, sets = 0;
	mm_status rc = sheet_count(st, s->activity, s->okind, s->owner, &rows, &sets, err);
	if (rc != MM_OK)
		return rc;
	if (rows == 0 && sets == 0)
		return MM_OK;
	return mm_fail(err, MM_EDENIED, "%s", tr(M_PRIV_ANSWERED_LOCKED));
}

mm_status sheet_may_read(store *st, const table_def *def, owner_kind ok, int64_t owner,
	mm_error *err)
{
	sheet s = {.def = def, .activity = def->activity_id, .okind = ok, .owner = owner};
	return private_check(st, &s, err);
}

mm_status sheet_has_values(store *st, const char *activity, owner_kind ok, int64_t owner,
	bool *any, mm_error *err)
{
	*any = false;
	sqlite3_stmt *q = prep_owner(st,
		"SELECT EXISTS (SELECT 1 FROM sheet s JOIN sheet_row r ON r.sheet_id = s.id "
		"  AND r.deleted = 0 JOIN cell c ON c.row_id = r.id AND c.value <> '' "
		"  WHERE s.activity = ?1 AND s.owner_kind = ?2 AND s.owner_id = ?3)",
		activity, ok, owner, err);
	if (!q)
		return MM_EDB;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*any = sqlite3_column_int(q, 0) != 0;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(q);
	return store_step_error(st, rc, err);
}

static void delta_reset(sheet *s)
{
	sheet_delta *d = &s->delta;
	free(d->remap);
	d->remap = NULL;
	d->nremap = 0;
	d->nchanged = 0;
	d->full = d->refs = false;
}

void sheet_delta_clear(sheet *s)
{
	delta_reset(s);
}

static void delta_add(sheet *s, int64_t id)
{
	sheet_delta *d = &s->delta;
	if (d->nchanged == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->rows = xrealloc(d->rows, (size_t)d->cap * sizeof *d->rows);
	}
	d->rows[d->nchanged++] = id;
}

/* Forgets the cells of row R (to be read afresh). */
static void clear_cells(sheet *s, int r)
{
	for (int k = 0; k < s->def->ncols; k++)
		cell_clear(&s->rows[r].cells[k]);
}

static mm_status read_cells_span(store *st, sheet *s, int from, int n, int64_t lo, int64_t hi,
	mm_error *err);

/* Reads the cells of rows [FROM, FROM + N) not read yet: in one range scan
 * of the cell table when their ids lie close (rows added together), else
 * one row at a time (the rows of a screen). */
static mm_status read_cells_of(store *st, sheet *s, int from, int n, mm_error *err)
{
	if (from < 0)
		from = 0;
	if (n > s->nrows - from)
		n = s->nrows - from;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	int unread = 0;
	for (int r = from; r < from + n; r++)
		if (!s->rows[r].loaded) {
			unread++;
			if (s->rows[r].id < lo)
				lo = s->rows[r].id;
			if (s->rows[r].id > hi)
				hi = s->rows[r].id;
		}
	if (unread > 8 && (uint64_t)(hi - lo) < 4 * (uint64_t)unread)
		return read_cells_span(st, s, from, n, lo, hi, err);
	sqlite3_stmt *q = NULL;
	int rc = SQLITE_DONE, hint = 0;
	for (int r = from; r < from + n && rc == SQLITE_DONE; r++) {
		if (s->rows[r].loaded)
			continue;
		if (!q && !(q = store_prep(st, "SELECT col, value, version FROM cell WHERE row_id = ?1",
			err)))
			return MM_EDB;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, s->rows[r].id);
		clear_cells(s, r);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			int ci = col_of(s, (const char *)sqlite3_column_text(q, 0), &hint);
			if (ci >= 0)
				put_cell(s, r, ci, q, 1);
		}
		if (rc == SQLITE_DONE) {
			s->rows[r].loaded = true;
			s->nloaded++;
		}
	}
	sqlite3_finalize(q);
	s->partial = s->nloaded < s->nrows || s->ids_more;
	return store_step_error(st, rc, err);
}

/* read_cells_of for rows [FROM, FROM + N) whose unread ids lie in LO..HI. */
static mm_status read_cells_span(store *st, sheet *s, int from, int n, int64_t lo, int64_t hi,
	mm_error *err)
{
	sqlite3_stmt *q = store_prep(st, "SELECT row_id, col, value, version FROM cell "
		"WHERE row_id BETWEEN ?1 AND ?2 ORDER BY row_id", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, lo);
	sqlite3_bind_int64(q, 2, hi);
	for (int r = from; r < from + n; r++)
		if (!s->rows[r].loaded && s->rows[r].touched)
			clear_cells(s, r);
	int rc, hint = 0, ri = -1;
	int64_t last = -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		if (id != last) { /* a row's cells come together: one search a row */
			ri = sheet_row_index(s, id);
			last = id;
			if (ri < from || ri >= from + n || s->rows[ri].loaded)
				ri = -1; /* another sheet's, or a row not asked for or read */
		}
		if (ri < 0)
			continue;
		int ci = col_of(s, (const char *)sqlite3_column_text(q, 1), &hint);
		if (ci >= 0)
			put_cell(s, ri, ci, q, 2);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_step_error(st, rc, err);
	for (int r = from; r < from + n; r++)
		if (!s->rows[r].loaded) {
			s->rows[r].loaded = true;
			s->nloaded++;
		}
	s->partial = s->nloaded < s->nrows || s->ids_more;
	return MM_OK;
}

/* Reads the cells of the rows by_id[K0, K1) not read yet, in one range scan
 * of the cell table's key (row id, column): the rows of a sheet were mostly
 * added together, so their ids lie close. */
static mm_status read_cells_by_id(store *st, sheet *s, int k0, int k1, mm_error *err)
{
	if (k0 >= k1)
		return MM_OK;
	sqlite3_stmt *q = store_prep(st, "SELECT row_id, col, value, version FROM cell "
		"WHERE row_id BETWEEN ?1 AND ?2 ORDER BY row_id", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, s->rows[s->by_id[k0]].id);
	sqlite3_bind_int64(q, 2, s->rows[s->by_id[k1 - 1]].id);
	for (int k = k0; k < k1; k++) /* a row never touched has no cell to clear */
		if (!s->rows[s->by_id[k]].loaded && s->rows[s->by_id[k]].touched)
			clear_cells(s, (int)s->by_id[k]);
	int rc, hint = 0, k = k0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		while (k < k1 && s->rows[s->by_id[k]].id < id)
			k++;
		if (k == k1)
			break;
		int ri = (int)s->by_id[k];
		if (s->rows[ri].id != id || s->rows[ri].loaded)
			continue; /* another sheet's row, a deleted one, or read already */
		int ci = col_of(s, (const char *)sqlite3_column_text(q, 1), &hint);
		if (ci >= 0)
			put_cell(s, ri, ci, q, 2);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_step_error(st, rc, err);
	for (k = k0; k < k1; k++)
		if (!s->rows[s->by_id[k]].loaded) {
			s->rows[s->by_id[k]].loaded = true;
			s->nloaded++;
		}
	s->partial = s->nloaded < s->nrows || s->ids_more;
	return MM_OK;
}

static void sort_by_id(sheet *s)
{
	for (int k = 0; k < s->nrows; k++)
		s->by_id[k] = k;
	bool sorted = true; /* rows added in order: ids rise with the position */
	for (int k = 1; k < s->nrows && sorted; k++)
		sorted = s->rows[k - 1].id < s->rows[k].id;
	if (!sorted)
		qsort_r(s->by_id, (size_t)s->nrows, sizeof *s->by_id, cmp_by_id, s);
}

static void point_cells(sheet *s, int from)
{
	for (int r = from; r < s->nrows; r++)
		s->rows[r].cells = s->cell_block + (size_t)r * (size_t)s->def->ncols;
}

/* Appends the rows Q yields (id, position) to S->rows, which has room for
 * CAP (grown when it has not: *CAP is then updated). */
static int append_rows(sheet *s, sqlite3_stmt *q, int *cap)
{
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (s->nrows == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			s->rows = xrealloc(s->rows, (size_t)*cap * sizeof *s->rows);
		}
		sheet_row *r = &s->rows[s->nrows++];
		r->id = sqlite3_column_int64(q, 0);
		r->pos = sqlite3_column_double(q, 1);
		r->cells = NULL;
		r->loaded = false;
		r->touched = false;
	}
	return rc;
}

static void savepoint(store *st, const char *sql)
{
	mm_error e;
	sqlite3_stmt *q = store_prep(st, sql, &e);
	if (q) {
		sqlite3_step(q);
		sqlite3_finalize(q);
	}
}

/* by_id for rows [FROM, NROWS) appended to rows whose by_id is sorted:
 * the new ones sorted, then merged in (O(n), no sort of it all). */
static void by_id_append(sheet *s, int from)
{
	int n = s->nrows;
	for (int k = from; k < n; k++)
		s->by_id[k] = k;
	bool sorted = true;
	for (int k = from + 1; k < n && sorted; k++)
		sorted = s->rows[k - 1].id < s->rows[k].id;
	if (!sorted)
		qsort_r(s->by_id + from, (size_t)(n - from), sizeof *s->by_id, cmp_by_id, s);
	if (from == 0 || n == from || s->rows[s->by_id[from - 1]].id < s->rows[s->by_id[from]].id)
		return; /* rows added in order: ids rise with the position */
	int64_t *m = xmalloc(((size_t)n + 1) * sizeof *m);
	int i = 0, j = from, o = 0;
	while (i < from || j < n) {
		if (j == n || (i < from && s->rows[s->by_id[i]].id < s->rows[s->by_id[j]].id))
			m[o++] = s->by_id[i++];
		else
			m[o++] = s->by_id[j++];
	}
	memcpy(s->by_id, m, (size_t)n * sizeof *m);
	free(m);
}

#define IDS_CHUNK 1024   /* rows whose ids one sheet_load_more reads: half a millisecond */
#define IDS_REST_MIN 2048 /* fewer rows than this after the first screen: read them at once */

mm_status sheet_load_ids(store *st, sheet *s, int n, mm_error *err)
{
	if (!s->ids_more)
		return MM_OK;
	if (n >= 0 && s->nrows >= n)
		return MM_OK;
	savepoint(st, "SAVEPOINT sheet_ids"); /* one snapshot: the change seen and the rows */
	int64_t seen = 0;
	mm_status rc = max_change(st, s, &seen, err);
	if (rc == MM_OK && seen != s->seen_change) {
		savepoint(st, "RELEASE sheet_ids");
		if (n >= 0)
			return MM_OK; /* sheet_refresh reads it again */
		/* every row's id; the cells of the first screen, the others later */
		rc = read_rows_n(st, s, 0, err);
		if (rc != MM_OK)
			free_rows(s);
		return rc;
	}
	sqlite3_stmt *q = rc == MM_OK ? store_prep(st, "SELECT id, position FROM sheet_row "
		"WHERE sheet_id = ?1 AND deleted = 0 AND position >= ?2 AND (position > ?2 OR id > ?3) "
		"ORDER BY position, id LIMIT ?4", err) : NULL;
	if (!q) {
		savepoint(st, "RELEASE sheet_ids");
		return MM_EDB;
	}
	int from = s->nrows, want = s->total - from;
	if (n >= 0 && n - from < want)
		want = n - from;
	sqlite3_bind_int64(q, 1, s->id);
	sqlite3_bind_double(q, 2, s->rows[from - 1].pos);
	sqlite3_bind_int64(q, 3, s->rows[from - 1].id);
	sqlite3_bind_int(q, 4, want);
	int cap = s->total;
	int src = append_rows(s, q, &cap);
	sqlite3_finalize(q);
	savepoint(st, "RELEASE sheet_ids");
	point_cells(s, from);
	by_id_append(s, from);
	if (src != SQLITE_DONE) {
		free_rows(s);
		return store_step_error(st, src, err);
	}
	if (s->nrows - from < want || s->nrows >= s->total) {
		s->ids_more = false;
		s->total = s->nrows;
	}
	s->partial = s->nloaded < s->nrows || s->ids_more;
	return MM_OK;
}

static mm_status read_rows(store *st, sheet *s, mm_error *err)
{
	/* the first screen's cells, and the ids of some screens after it (the
	 * first keys down need not read them); read again while the first rows
	 * only are here: as many as were */
	int ahead = s->limit > 0 ? s->limit * 4 + 64 : 0;
	return read_rows_n(st, s, s->ids_more && s->nrows > ahead ? s->nrows : ahead, err);
}

/* PREFIX > 0: the ids of that many rows only when there are many more. */
static mm_status read_rows_n(store *st, sheet *s, int prefix, mm_error *err)
{
	free_rows(s);
	delta_reset(s);
	s->delta.full = true;
	mm_status prc = private_check(st, s, err);
	if (prc != MM_OK)
		return prc;
	s->partial = false;
	s->nloaded = 0;
	s->load_next = 0;
	s->total = 0;
	if (!s->id && find_sheet_id(st, s, err) != MM_OK)
		return MM_EDB;
	if (!s->id)
		return MM_OK;
	int ncols = s->def->ncols;
	/* a long sheet opened for its first screen: the count and the first
	 * rows' ids now (one snapshot with the change seen), the other ids
	 * with sheet_load_ids */
	int count = -1;
	if (prefix > 0) {
		savepoint(st, "SAVEPOINT sheet_first");
		sqlite3_stmt *c = store_prep(st, "SELECT coalesce((SELECT n FROM sheet_live "
			"WHERE sheet_id = ?1), 0)", err);
		int crc = SQLITE_ERROR;
		if (c) {
			sqlite3_bind_int64(c, 1, s->id);
			if ((crc = sqlite3_step(c)) == SQLITE_ROW)
				count = sqlite3_column_int(c, 0);
			sqlite3_finalize(c);
		}
		if (!c || (crc != SQLITE_ROW && crc != SQLITE_DONE)) {
			savepoint(st, "RELEASE sheet_first");
			return c ? store_step_error(st, crc, err) : MM_EDB;
		}
		if (count <= prefix + IDS_REST_MIN) {
			savepoint(st, "RELEASE sheet_first");
			count = -1;
		}
	}
	if (max_change(st, s, &s->seen_change, err) != MM_OK) {
		if (count >= 0)
			savepoint(st, "RELEASE sheet_first");
		return MM_EDB;
	}
	sqlite3_stmt *q = store_prep(st, count >= 0 ? "SELECT id, position FROM sheet_row "
		"WHERE sheet_id = ?1 AND deleted = 0 ORDER BY position, id LIMIT ?2"
		: "SELECT id, position FROM sheet_row WHERE sheet_id = ?1 "
		"AND deleted = 0 ORDER BY position, id", err);
	if (!q) {
		if (count >= 0)
			savepoint(st, "RELEASE sheet_first");
		return MM_EDB;
	}
	sqlite3_bind_int64(q, 1, s->id);
	int cap = 0, rc;
	if (count >= 0) {
		sqlite3_bind_int(q, 2, prefix);
		cap = count;
		s->rows = xmalloc(((size_t)cap + 1) * sizeof *s->rows);
	}
	rc = append_rows(s, q, &cap);
	sqlite3_finalize(q);
	if (count >= 0)
		savepoint(st, "RELEASE sheet_first");
	/* every row's cells in one block (calloc: pages are touched only when
	 * a row is read) */
	int room = count >= 0 ? count : s->nrows;
	s->nblock = (size_t)room * (size_t)ncols;
	s->cell_block = xcalloc(s->nblock + 1, sizeof *s->cell_block);
	point_cells(s, 0);
	if (rc != SQLITE_DONE)
		return store_step_error(st, rc, err);
	s->by_id = xmalloc(((size_t)room + 1) * sizeof *s->by_id);
	sort_by_id(s);
	s->total = s->nrows;
	if (count > s->nrows) {
		s->ids_more = true;
		s->total = count;
	}
	if (s->limit > 0 && (s->ids_more || s->nrows > s->limit)) {
		/* the first screen only: its cells row by row, the rest later */
		s->partial = true;
		return read_cells_of(st, s, 0, s->limit, err);
	}
	s->limit = 0; /* every row is here: later loads must not stop at the first screen */
	q = store_prep(st, "SELECT c.row_id, c.col, c.value, c.version FROM cell c "
		"JOIN sheet_row r ON r.id = c.row_id WHERE r.sheet_id = ?1 AND r.deleted = 0", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, s->id);
	int64_t last_id = -1;
	int ri = -1, hint = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		if (id != last_id) { /* a row's cells come together: one search a row */
			ri = sheet_row_index(s, id);
			last_id = id;
		}
		if (ri < 0)
			continue;
		int ci = col_of(s, (const char *)sqlite3_column_text(q, 1), &hint);
		if (ci >= 0)
			put_cell(s, ri, ci, q, 2); /* else a column the scenario no longer has */
	}
	sqlite3_finalize(q);
	for (int r = 0; r < s->nrows; r++)
		s->rows[r].loaded = true;
	s->nloaded = s->nrows;
	return store_step_error(st, rc, err);
}

static double ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

#define LOAD_CHUNK 48 /* rows: half a millisecond (a key waits for one chunk at most) */

mm_status sheet_load_more(store *st, sheet *s, int budget_ms, bool *more, mm_error *err)
{
	double t0 = ms_now();
	mm_status rc = MM_OK;
	while (rc == MM_OK && s->ids_more) { /* the ids first: the rows' order is then whole */
		int before = s->nrows;
		rc = sheet_load_ids(st, s, s->nrows + IDS_CHUNK, err);
		/* no more read: another terminal changed the sheet (sheet_refresh
		 * reads it again) */
		if (rc != MM_OK || (s->ids_more && (s->nrows == before
			|| (budget_ms >= 0 && ms_now() - t0 >= budget_ms)))) {
			if (more)
				*more = s->partial;
			return rc;
		}
	}
	while (rc == MM_OK && s->partial && s->load_next < s->nrows) {
		int k1 = s->load_next + LOAD_CHUNK;
		if (k1 > s->nrows)
			k1 = s->nrows;
		rc = read_cells_by_id(st, s, s->load_next, k1, err);
		if (rc == MM_OK)
			s->load_next = k1;
		if (budget_ms >= 0 && ms_now() - t0 >= budget_ms)
			break;
	}
	if (rc == MM_OK && s->load_next >= s->nrows && s->nloaded < s->nrows) {
		/* rows that came meanwhile before the point reached (they are read
		 * when they come, so this is only a safety net) */
		rc = read_cells_of(st, s, 0, s->nrows, err);
	}
	if (rc == MM_OK && !s->partial)
		s->limit = 0;
	if (more)
		*more = s->partial;
	return rc;
}

mm_status sheet_load_rows(store *st, sheet *s, int from, int n, mm_error *err)
{
	if (!s->partial)
		return MM_OK;
	mm_status rc = read_cells_of(st, s, from, n, err);
	if (rc == MM_OK && !s->partial)
		s->limit = 0;
	return rc;
}

mm_status sheet_load_column(store *st, sheet *s, int col, mm_error *err)
{
	if (!s->partial || col < 0 || col >= s->def->ncols
		|| s->def->cols[col].type == COL_COMPUTED)
		return MM_OK;
	if (s->col_read == col + 1)
		return MM_OK; /* read already (a second sort of it) */
	mm_status rc = sheet_load_ids(st, s, -1, err);
	if (rc != MM_OK || !s->partial || s->nrows == 0)
		return rc;
	sqlite3_stmt *q = store_prep(st, "SELECT row_id, value, version FROM cell "
		"WHERE row_id BETWEEN ?1 AND ?2 AND col = ?3 ORDER BY row_id", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, s->rows[s->by_id[0]].id);
	sqlite3_bind_int64(q, 2, s->rows[s->by_id[s->nrows - 1]].id);
	sqlite3_bind_text(q, 3, s->def->cols[col].id, -1, SQLITE_STATIC);
	int src, k = 0;
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		while (k < s->nrows && s->rows[s->by_id[k]].id < id)
			k++;
		if (k == s->nrows)
			break;
		int ri = (int)s->by_id[k];
		if (s->rows[ri].id == id && !s->rows[ri].loaded)
			put_cell(s, ri, col, q, 1); /* another sheet's row, or read already */
	}
	sqlite3_finalize(q);
	if (src != SQLITE_DONE && src != SQLITE_ROW)
		return store_step_error(st, src, err);
	s->col_read = col + 1;
	return MM_OK;
}

mm_status sheet_complete(store *st, sheet *s, mm_error *err)
{
	if (!s->partial)
		return MM_OK;
	mm_status rc = sheet_load_ids(st, s, -1, err);
	if (rc != MM_OK)
		return rc;
	return sheet_load_more(st, s, -1, NULL, err);
}

typedef struct row_news {
	int64_t id;
	double pos;
	int old;    /* its index before, or -1 */
	bool live;  /* in the sheet now */
} row_news;

static int cmp_news_id(const void *a, const void *b)
{
	int64_t x = ((const row_news *)a)->id, y = ((const row_news *)b)->id;
	return (x > y) - (x < y);
}

static int cmp_news_pos(const void *a, const void *b)
{
	const row_news *x = a, *y = b;
	if (x->live != y->live)
		return x->live ? -1 : 1;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Rows that came, went or moved (IDS, N of them, duplicates allowed): each
 * read from the store and put in its place in position order by a merge;
 * the other rows keep their cells. Sets S->delta.remap. */
static mm_status apply_rows(store *st, sheet *s, int64_t *ids, int n, mm_error *err)
{
	row_news *nw = xcalloc((size_t)n + 1, sizeof *nw);
	for (int k = 0; k < n; k++)
		nw[k].id = ids[k];
	qsort(nw, (size_t)n, sizeof *nw, cmp_news_id);
	int m = 0;
	for (int k = 0; k < n; k++)
		if (!m || nw[m - 1].id != nw[k].id)
			nw[m++] = nw[k];
	n = m;
	sqlite3_stmt *q = store_prep(st, "SELECT position, deleted, sheet_id FROM sheet_row "
		"WHERE id = ?1", err);
	if (!q) {
		free(nw);
		return MM_EDB;
	}
	int rc = SQLITE_DONE;
	for (int k = 0; k < n && rc == SQLITE_DONE; k++) {
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, nw[k].id);
		nw[k].old = sheet_row_index(s, nw[k].id);
		if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			nw[k].pos = sqlite3_column_double(q, 0);
			nw[k].live = sqlite3_column_int(q, 1) == 0 && sqlite3_column_int64(q, 2) == s->id;
			rc = SQLITE_DONE;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(nw);
		return store_step_error(st, rc, err);
	}
	qsort(nw, (size_t)n, sizeof *nw, cmp_news_pos);
	int nlive = 0;
	/* per old row: 0 stays where it is, 1 moves, 2 is gone */
	unsigned char *gone = xcalloc((size_t)s->nrows + 1, sizeof *gone);
	for (int k = 0; k < n; k++) {
		if (nw[k].live)
			nlive++;
		if (nw[k].old >= 0)
			gone[nw[k].old] = nw[k].live ? 1 : 2;
	}
	int old_n = s->nrows;
	int *remap = xmalloc(((size_t)old_n + 1) * sizeof *remap);
	sheet_row *rows = xmalloc(((size_t)old_n + (size_t)nlive + 1) * sizeof *rows);
	int nn = 0, j = 0;
	int64_t *fresh = xmalloc(((size_t)nlive + 1) * sizeof *fresh); /* new indices of new rows */
	int nfresh = 0;
	for (int i = 0; i <= old_n; i++) {
		/* the moved and new rows that go before old row I */
		while (j < nlive && (i == old_n || nw[j].pos < s->rows[i].pos
			|| (nw[j].pos == s->rows[i].pos && nw[j].id < s->rows[i].id))) {
			sheet_row r;
			if (nw[j].old >= 0) {
				r = s->rows[nw[j].old];
				remap[nw[j].old] = nn;
			} else {
				r = (sheet_row){.id = nw[j].id,
					.cells = xcalloc((size_t)s->def->ncols + 1, sizeof *r.cells)};
				fresh[nfresh++] = nn;
			}
			r.pos = nw[j].pos;
			rows[nn++] = r;
			j++;
		}
		if (i == old_n)
			break;
		if (gone[i] == 0) {
			remap[i] = nn;
			rows[nn++] = s->rows[i];
		} else if (gone[i] == 2) { /* deleted: its cells go */
			remap[i] = -1;
			if (s->rows[i].loaded)
				s->nloaded--;
			row_free(s, &s->rows[i]);
		} /* else moved: placed (and remapped) with the new rows */
	}
	free(gone);
	free(s->rows);
	s->rows = rows;
	s->nrows = nn;
	s->total = nn;
	/* by_id: the old order through REMAP, then the new ids merged in */
	int64_t *by = xmalloc(((size_t)nn + 1) * sizeof *by);
	int nb = 0;
	for (int k = 0; k < old_n; k++) {
		int r = remap[s->by_id[k]];
		if (r >= 0)
			by[nb++] = r;
	}
	/* FRESH holds indices in position order; merge them by id */
	for (int f = 0; f < nfresh; f++) {
		int64_t id = rows[fresh[f]].id;
		int lo = 0, hi = nb;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (rows[by[mid]].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		memmove(by + lo + 1, by + lo, (size_t)(nb - lo) * sizeof *by);
		by[lo] = fresh[f];
		nb++;
	}
	free(s->by_id);
	s->by_id = by;
	sheet_changed(s);
	/* the new rows' cells */
	mm_status mrc = MM_OK;
	for (int f = 0; f < nfresh && mrc == MM_OK; f++) {
		int r = (int)fresh[f];
		s->rows[r].loaded = false;
		mrc = read_cells_of(st, s, r, 1, err);
	}
	s->partial = s->nloaded < s->nrows || s->ids_more;
	free(fresh);
	free(s->delta.remap);
	s->delta.remap = remap;
	s->delta.nremap = old_n;
	for (int k = 0; k < n; k++)
		delta_add(s, nw[k].id);
	free(nw);
	return mrc;
}

/* Applies what the change log holds past S->seen_change (another
 * terminal's writes, or this one's): changed cells in place, rows that came,
 * went or moved put where they belong (apply_rows); most rows moved: read
 * whole again. Fills S->delta (reset by the caller). */
static mm_status apply_log(store *st, sheet *s, bool *changed, mm_error *err)
{
	mm_status rc = MM_OK;
	sqlite3_stmt *q = store_prep(st, "SELECT ch.id, ch.op, ch.row_id, ch.col, c.value, c.version "
		"FROM change ch LEFT JOIN cell c ON c.row_id = ch.row_id AND c.col = ch.col "
		"WHERE ch.sheet_id = ?1 AND ch.id > ?2 ORDER BY ch.id", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, s->id);
	sqlite3_bind_int64(q, 2, s->seen_change);
	int64_t *moved = NULL; /* rows that came, went or moved */
	int nmoved = 0, capm = 0;
	bool full = false;
	int hint = 0, src;
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		*changed = true;
		s->seen_change = sqlite3_column_int64(q, 0);
		const char *op = (const char *)sqlite3_column_text(q, 1);
		if (strcmp(op, "discard") == 0)
			continue;
		int64_t rid = sqlite3_column_int64(q, 2);
		int ri = sheet_row_index(s, rid);
		bool set = strcmp(op, "set") == 0;
		if (set && ri >= 0) {
			const unsigned char *col = sqlite3_column_text(q, 3);
			int ci = col ? col_of(s, (const char *)col, &hint) : -1;
			if (ci >= 0)
				put_cell(s, ri, ci, q, 4); /* the cell as it is now */
			delta_add(s, rid);
			continue;
		}
		if (nmoved == capm) {
			capm = capm ? capm * 2 : 16;
			moved = xrealloc(moved, (size_t)capm * sizeof *moved);
		}
		moved[nmoved++] = rid; /* read again from the store below */
		if (nmoved > 64 && nmoved > s->nrows / 4) {
			full = true; /* most rows moved (renumbered): read all again */
			break;
		}
	}
	sqlite3_finalize(q);
	/* stopped early for a full reload, or read to the end: else an error */
	if (!full && src != SQLITE_DONE) {
		free(moved);
		return store_step_error(st, src, err);
	}
	if (!full && nmoved) {
		rc = apply_rows(st, s, moved, nmoved, err);
		if (rc != MM_OK)
			full = true;
	}
	free(moved);
	if (full) {
		/* a sheet still loading its rest stays so; a whole one stays whole */
		s->limit = s->partial ? (s->limit ? s->limit : 1) : 0;
		rc = load_rows(st, s, err);
	}
	return rc;
}

mm_status sheet_refresh(store *st, sheet *s, bool *changed, mm_error *err)
{
	*changed = false;
	delta_reset(s);
	mm_status rc = MM_OK;
	for (int k = 0; rc == MM_OK && k < s->def->ncols; k++)
		if (s->ref[k]) {
			bool c = false;
			rc = sheet_refresh(st, s->ref[k], &c, err);
			*changed |= c;
			s->delta.refs |= c;
		}
	if (rc != MM_OK)
		return rc;
	if (!s->id) {
		if (find_sheet_id(st, s, err) != MM_OK)
			return MM_EDB;
		if (!s->id)
			return MM_OK;
		*changed = true;
		return load_rows(st, s, err);
	}
	if (s->ids_more) {
		/* the rows after the first are not all here to put others' rows
		 * among: read again (as many rows as were) when the sheet changed */
		int64_t seen = 0;
		if (max_change(st, s, &seen, err) != MM_OK)
			return MM_EDB;
		if (seen == s->seen_change)
			return MM_OK;
		*changed = true;
		return load_rows(st, s, err);
	}
	return apply_log(st, s, changed, err);
}

static sheet *sheet_new(const table_def *def, owner_kind ok, int64_t owner)
{
	sheet *s = xcalloc(1, sizeof *s);
	s->def = def;
	s->activity = xstrdup(def->activity_id);
	s->okind = ok;
	s->owner = owner;
	s->ref = xcalloc((size_t)def->ncols + 1, sizeof *s->ref);
	return s;
}

static mm_status ensure_sheet(store *st, sheet *s, mm_error *err);

static mm_status open_sheet(store *st, const table_def *def, owner_kind ok, int64_t owner,
	int first_rows, bool create, sheet **out, mm_error *err);

#define REF_PATH_MAX 256

/* Does a chain of ref columns from DEF lead back to a table on PATH (the
 * tables it came through)? Writes the circle ("ta → tb → ta") to OUT. A ref
 * to its own table is a chain of rows, no circle. */
static bool ref_circle(const table_def *def, const table_def **path, int depth, buf *out)
{
	for (int i = 0; i < depth; i++)
		if (path[i] == def) {
			for (int j = i; j < depth; j++)
				buf_printf(out, "%s → ", path[j]->activity_id);
			buf_puts(out, def->activity_id);
			return true;
		}
	if (depth == REF_PATH_MAX) {
		buf_printf(out, "%s → …", def->activity_id);
		return true;
	}
	path[depth] = def;
	for (int k = 0; k < def->ncols; k++) {
		const column *c = &def->cols[k];
		if (c->type == COL_REF && c->ref && c->ref != def
			&& ref_circle(c->ref, path, depth + 1, out))
			return true;
	}
	return false;
}

/* open_sheet opens the sheets a sheet's refs point at, and theirs: tables
 * that refer to each other (a scenario stored before validate refused
 * them) would open without end. An error instead. */
static mm_status refs_open_safely(const table_def *def, mm_error *err)
{
	const table_def *path[REF_PATH_MAX];
	buf m = {0};
	mm_status rc = MM_OK;
	if (ref_circle(def, path, 0, &m))
		rc = mm_fail(err, MM_EUSER, tr(M_SHEET_REF_CYCLE), buf_str(&m));
	buf_free(&m);
	return rc;
}

mm_status sheet_open(store *st, const table_def *def, owner_kind ok, int64_t owner,
	sheet **out, mm_error *err)
{
	*out = NULL;
	if (refs_open_safely(def, err) != MM_OK)
		return MM_EUSER;
	return open_sheet(st, def, ok, owner, 0, true, out, err);
}

mm_status sheet_open_first(store *st, const table_def *def, owner_kind ok, int64_t owner,
	int first_rows, sheet **out, mm_error *err)
{
	*out = NULL;
	if (refs_open_safely(def, err) != MM_OK)
		return MM_EUSER;
	return open_sheet(st, def, ok, owner, first_rows, true, out, err);
}

mm_status sheet_peek(store *st, const table_def *def, owner_kind ok, int64_t owner,
	sheet **out, mm_error *err)
{
	*out = NULL;
	if (refs_open_safely(def, err) != MM_OK)
		return MM_EUSER;
	return open_sheet(st, def, ok, owner, 0, false, out, err);
}

mm_status sheet_peek_bare(store *st, const table_def *def, owner_kind ok, int64_t owner,
	sheet **out, mm_error *err)
{
	*out = NULL;
	if (refs_open_safely(def, err) != MM_OK)
		return MM_EUSER;
	return open_sheet(st, def, ok, owner, -1, false, out, err);
}

/* FIRST_ROWS: 0 every row, > 0 the first rows only, < 0 none (bare). */
static mm_status open_sheet(store *st, const table_def *def, owner_kind ok, int64_t owner,
	int first_rows, bool create, sheet **out, mm_error *err)
{
	*out = NULL;
	sheet *s = sheet_new(def, ok, owner);
	s->limit = first_rows > 0 ? first_rows : 0;
	s->bare = first_rows < 0;
	mm_status rc = MM_OK;
	/* the sheets ref columns point at come first: seed rows name their rows */
	for (int k = 0; rc == MM_OK && k < def->ncols; k++) {
		const column *c = &def->cols[k];
		if (c->type == COL_REF && c->ref && c->ref != def)
			rc = open_sheet(st, c->ref, ok, owner, s->bare ? -1 : 0, create, &s->ref[k], err);
	}
	if (rc == MM_OK)
		rc = find_sheet_id(st, s, err);
	/* a sheet is made (with its seed rows) by the first terminal that may write it */
	if (rc == MM_OK && create && !s->id && sheet_may_write(st, ok, owner, NULL) == MM_OK) {
		if ((rc = store_begin(st, err)) == MM_OK) {
			rc = ensure_sheet(st, s, err);
			if (rc == MM_OK)
				rc = store_commit(st, err);
			else
				store_rollback(st);
		}
		if (rc != MM_OK)
			s->id = 0;
	}
	if (rc == MM_OK)
		rc = s->bare ? private_check(st, s, err) : load_rows(st, s, err);
	if (rc != MM_OK) {
		sheet_free(s);
		return rc;
	}
	*out = s;
	return MM_OK;
}

mm_status sheet_reload(store *st, sheet *s, mm_error *err)
{
	s->limit = 0;
	s->bare = false;
	mm_status rc = load_rows(st, s, err);
	for (int k = 0; rc == MM_OK && k < s->def->ncols; k++)
		if (s->ref[k])
			rc = sheet_reload(st, s->ref[k], err);
	return rc;
}

void sheet_free(sheet *s)
{
	if (!s)
		return;
	free_rows(s);
	for (int k = 0; k < s->def->ncols; k++)
		sheet_free(s->ref[k]);
	free(s->ref);
	delta_reset(s);
	free(s->delta.rows);
	free(s->col_next);
	memo_free(s->memo);
	free(s->activity);
	free(s);
}

/* ---- writing ----------------------------------------------------------- */

static mm_status log_change(store *st, sheet *s, int64_t row, const char *col, const char *op,
	const char *old, const char *new_, mm_error *err)
{
	sqlite3_stmt *q = store_prep(st, "INSERT INTO change(sheet_id, row_id, col, op, old, new, who, "
		"at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, s->id);
	if (row)
		sqlite3_bind_int64(q, 2, row);
	if (col)
		sqlite3_bind_text(q, 3, col, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, op, -1, SQLITE_STATIC);
	if (old)
		sqlite3_bind_text(q, 5, old, -1, SQLITE_TRANSIENT);
	if (new_)
		sqlite3_bind_text(q, 6, new_, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 7, store_who(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 8, store_now());
	return step_done(st, q, err);
}

static mm_status write_cell(store *st, int64_t row, const char *col,
	const char *value, mm_error *err)
{
	sqlite3_stmt *q = store_prep(st, "INSERT INTO cell(row_id, col, value, version, who, at) "
		"VALUES (?1, ?2, ?3, 1, ?4, ?5) ON CONFLICT(row_id, col) DO UPDATE SET "
		"value = excluded.value, version = cell.version + 1, who = excluded.who, "
		"at = excluded.at", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, row);
	sqlite3_bind_text(q, 2, col, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, value, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, store_who(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 5, store_now());
	return step_done(st, q, err);
}

static mm_status insert_row_at(store *st, sheet *s, double pos, const char *const *values,
	int64_t *id, mm_error *err)
{
	sqlite3_stmt *q = store_prep(st, "INSERT INTO sheet_row(sheet_id, position) VALUES (?1, ?2)",
		err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, s->id);
	sqlite3_bind_double(q, 2, pos);
	mm_status rc = step_done(st, q, err);
	if (rc != MM_OK)
		return rc;
	int64_t rid = sqlite3_last_insert_rowid(store_db(st));
	if (id)
		*id = rid;
	if ((rc = log_change(st, s, rid, NULL, "insert", NULL, NULL, err)) != MM_OK)
		return rc;
	for (int k = 0; values && k < s->def->ncols; k++) {
		if (!values[k] || !*values[k] || s->def->cols[k].type == COL_COMPUTED)
			continue;
		if ((rc = write_cell(st, rid, s->def->cols[k].id, values[k], err)) != MM_OK)
			return rc;
		if ((rc = log_change(st, s, rid, s->def->cols[k].id, "set", "", values[k], err))
			!= MM_OK)
			return rc;
	}
	return MM_OK;
}

/* Inside a transaction: makes the sheet row and its seed rows if needed. */
static mm_status ensure_sheet(store *st, sheet *s, mm_error *err)
{
	if (s->id)
		return MM_OK;
	if (find_sheet_id(st, s, err) != MM_OK)
		return MM_EDB;
	if (s->id)
		return MM_OK;
	sqlite3_stmt *q = store_prep(st, "INSERT INTO sheet(activity, owner_kind, owner_id) "
		"VALUES (?1, ?2, ?3)", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_text(q, 1, s->activity, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, owner_names[s->okind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, s->owner);
	mm_status rc = step_done(st, q, err);
	if (rc != MM_OK)
		return rc;
	s->id = sqlite3_last_insert_rowid(store_db(st));
	/* seed rows name rows of the sheets they refer to: those come first, in
	 * this transaction too when S was only peeked at (an import's) */
	for (int k = 0; s->def->nrows && k < s->def->ncols; k++) {
		sheet *t = s->ref[k];
		if (!t || t->id || s->def->cols[k].type != COL_REF)
			continue;
		if ((rc = ensure_sheet(st, t, err)) != MM_OK
			|| (rc = load_rows(st, t, err)) != MM_OK)
			return rc;
	}
	for (int r = 0; r < s->def->nrows; r++) {
		/* a ref seed names a row of the referenced sheet by its label */
		const char **vals = xcalloc((size_t)s->def->ncols + 1, sizeof *vals);
		char **ids = xcalloc((size_t)s->def->ncols + 1, sizeof *ids);
		for (int k = 0; rc == MM_OK && k < s->def->ncols; k++) {
			const char *v = s->def->rows[r].values[k];
			if (s->def->cols[k].type == COL_REF && v) {
				int64_t id = 0;
				if (s->ref[k]) /* a bare sheet's (an import's) by the database */
					rc = sheet_find_labels(st, s->ref[k], &v, 1, &id, err);
				if (id) {
					ids[k] = xmalloc(24);
					snprintf(ids[k], 24, "%lld", (long long)id);
				}
				vals[k] = ids[k];
			} else {
				vals[k] = v;
			}
		}
		if (rc == MM_OK)
			rc = insert_row_at(st, s, r + 1, vals, NULL, err);
		for (int k = 0; k < s->def->ncols; k++)
			free(ids[k]);
		free(ids);
		free(vals);
		if (rc != MM_OK)
			return rc;
	}
	return MM_OK;
}

/* Starts a write: permission, transaction, the sheet made if needed. */
static mm_status begin_write(store *st, sheet *s, mm_error *err)
{
	mm_status rc = sheet_may_write_in(st, s->activity, s->okind, s->owner, err);
	if (rc != MM_OK)
		return rc;
	if ((rc = store_begin(st, err)) != MM_OK)
		return rc;
	/* a private sheet: refused once answered elsewhere; the terminal that
	 * makes the first answer holds it from then on */
	if ((rc = private_check(st, s, err)) != MM_OK) {
		store_rollback(st);
		return rc;
	}
	if (s->def->private_person && s->okind == OWNER_PERSON
		&& store_get_role(st) != ROLE_FACILITATOR)
		store_hold(st, s->activity, s->owner);
	if ((rc = ensure_sheet(st, s, err)) != MM_OK)
		store_rollback(st);
	return rc;
}

static mm_status end_write(store *st, mm_status rc, mm_error *err)
{
	if (rc != MM_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

/* The row must be a live row of this sheet (never another sheet's). */
static mm_status check_row(store *st, sheet *s, int64_t row, bool want_deleted, mm_error *err)
{
	sqlite3_stmt *q = store_prep(st, "SELECT sheet_id, deleted FROM sheet_row WHERE id = ?1", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, row);
	mm_status rc = MM_OK;
	int src = sqlite3_step(q);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		rc = store_step_error(st, src, err);
	else if (src != SQLITE_ROW || sqlite3_column_int64(q, 0) != s->id)
		rc = mm_fail(err, MM_ENOTFOUND, "%s", tr(M_SHEET_ROW_GONE));
	else if ((sqlite3_column_int(q, 1) != 0) != want_deleted)
		rc = mm_fail(err, MM_ENOTFOUND, "%s", tr(M_SHEET_ROW_DELETED));
	sqlite3_finalize(q);
	return rc;
}

static void hist_push(sheet_history *h, hist_entry e)
{
	if (!h) {
		free(e.before);
		free(e.after);
		return;
	}
	/* a new edit drops what could be redone */
	for (int k = h->done; k < h->n; k++) {
		free(h->v[k].before);
		free(h->v[k].after);
	}
	h->n = h->done;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 32;
		h->v = xrealloc(h->v, (size_t)h->cap * sizeof *h->v);
	}
	e.group = h->next_group;
	h->v[h->n++] = e;
	h->done = h->n;
}

static void hist_close_group(sheet_history *h)
{
	if (h)
		h->next_group++;
}

void history_free(sheet_history *h)
{
	for (int k = 0; k < h->n; k++) {
		free(h->v[k].before);
		free(h->v[k].after);
	}
	free(h->v);
	memset(h, 0, sizeof *h);
}

void sheet_conflict_free(sheet_conflict *c)
{
	free(c->theirs);
	free(c->who);
	memset(c, 0, sizeof *c);
}

/* EXPECTED == SET_IF_UNCHANGED: only if nothing in the sheet changed since
 * it was loaded. */
#define SET_IF_UNCHANGED (-2)

static mm_status set_in_tx(store *st, sheet *s, int64_t row, int col, const char *stored,
	int expected, sheet_conflict *conflict, char **old_out, int *new_version, mm_error *err)
{
	const column *c = &s->def->cols[col];
	*old_out = NULL;
	mm_status rc = check_row(st, s, row, false, err);
	if (rc != MM_OK)
		return rc;
	if (expected == SET_IF_UNCHANGED) {
		int64_t newest = 0;
		if ((rc = max_change(st, s, &newest, err)) != MM_OK)
			return rc;
		if (newest != s->seen_change)
			return mm_fail(err, MM_ECONFLICT, "%s", tr(M_ERR_SHEET_CHANGED));
		expected = -1;
	}
	sqlite3_stmt *q = store_prep(st, "SELECT value, version, who FROM cell WHERE row_id = ?1 "
		"AND col = ?2", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, row);
	sqlite3_bind_text(q, 2, c->id, -1, SQLITE_STATIC);
	char *cur = NULL, *who = NULL;
	int version = 0;
	int src = sqlite3_step(q);
	if (src == SQLITE_ROW) {
		cur = store_col_text(q, 0);
		version = sqlite3_column_int(q, 1);
		who = store_col_text(q, 2);
		src = SQLITE_DONE;
	}
	sqlite3_finalize(q);
	if (src != SQLITE_DONE)
		return store_step_error(st, src, err);
	if (expected >= 0 && version != expected) {
		if (conflict) {
			conflict->theirs = cur ? cur : xstrdup("");
			conflict->who = who ? who : xstrdup("");
			conflict->version = version;
		} else {
			free(cur);
			free(who);
		}
		return mm_fail(err, MM_ECONFLICT, "%s", tr(M_SHEET_CELL_CHANGED));
	}
	free(who);
	if (cur && strcmp(cur, stored) == 0) {
		*new_version = version;
		*old_out = cur;
		return MM_OK;
	}
	rc = write_cell(st, row, c->id, stored, err);
	if (rc == MM_OK)
		rc = log_change(st, s, row, c->id, "set", cur ? cur : "", stored, err);
	*new_version = version + 1;
	*old_out = cur ? cur : xstrdup("");
	return rc;
}

mm_status sheet_set(store *st, sheet *s, int64_t row, int col, const char *stored,
	int expected, sheet_conflict *conflict, sheet_history *h, mm_error *err)
{
	if (col < 0 || col >= s->def->ncols)
		return mm_fail(err, MM_EUSER, "%s", tr(M_SHEET_NO_COLUMN));
	if (s->def->cols[col].type == COL_COMPUTED)
		return mm_fail(err, MM_EUSER, "%s", tr(M_ERR_COMPUTED));
	mm_status rc = begin_write(st, s, err);
	if (rc != MM_OK)
		return rc;
	char *old = NULL;
	int nv = 0;
	rc = set_in_tx(st, s, row, col, stored, expected, conflict, &old, &nv, err);
	rc = end_write(st, rc, err);
	if (rc == MM_OK && old) {
		int ri = sheet_row_index(s, row);
		delta_reset(s);
		delta_add(s, row);
		if (ri >= 0) {
			sheet_cell *cell = &s->rows[ri].cells[col];
			sheet_changed(s);
			s->rows[ri].touched = true;
			cell_clear(cell);
			cell->value = xstrdup(stored);
			cell->version = nv;
		}
		if (strcmp(old, stored) != 0) {
			hist_push(h, (hist_entry){.op = H_SET, .row = row, .col = col,
				.before = old, .after = xstrdup(stored)});
			old = NULL;
		}
		hist_close_group(h);
	}
	free(old);
	return rc;
}

mm_status sheet_set_if_unchanged(store *st, sheet *s, int64_t row, int col, const char *stored,
	sheet_history *h, mm_error *err)
{
	return sheet_set(st, s, row, col, stored, SET_IF_UNCHANGED, NULL, h, err);
}

mm_status sheet_log_discarded(store *st, sheet *s, int64_t row, int col, const char *stored,
	mm_error *err)
{
	mm_status rc = begin_write(st, s, err);
	if (rc != MM_OK)
		return rc;
	rc = log_change(st, s, row, s->def->cols[col].id, "discard", NULL, stored, err);
	return end_write(st, rc, err);
}

mm_status sheet_set_many(store *st, sheet_put *p, int n, sheet_conflict *cf, int *failed,
	mm_error *err)
{
	if (failed)
		*failed = -1;
	for (int k = 0; k < n; k++) {
		p[k].before = NULL;
		p[k].version = 0;
		if (p[k].col < 0 || p[k].col >= p[k].s->def->ncols)
			return mm_fail(err, MM_EUSER, "%s", tr(M_SHEET_NO_COLUMN));
		if (p[k].s->def->cols[p[k].col].type == COL_COMPUTED)
			return mm_fail(err, MM_EUSER, "%s", tr(M_ERR_COMPUTED));
	}
	if (n <= 0)
		return MM_OK;
	mm_status rc = begin_write(st, p[0].s, err);
	if (rc != MM_OK)
		return rc;
	/* every other sheet: the same checks begin_write makes */
	for (int k = 1; k < n && rc == MM_OK; k++) {
		bool seen = false;
		for (int j = 0; j < k && !seen; j++)
			seen = p[j].s == p[k].s;
		if (seen)
			continue;
		sheet *s = p[k].s;
		if ((rc = sheet_may_write_in(st, s->activity, s->okind, s->owner, err)) == MM_OK
			&& (rc = private_check(st, s, err)) == MM_OK)
			rc = ensure_sheet(st, s, err);
	}
	for (int k = 0; k < n && rc == MM_OK; k++) {
		rc = set_in_tx(st, p[k].s, p[k].row, p[k].col, p[k].stored, p[k].expected, cf,
			&p[k].before, &p[k].version, err);
		if (rc == MM_OK && p[k].holds && strcmp(p[k].before, p[k].holds) != 0) {
			if (cf) {
				cf->theirs = xstrdup(p[k].before);
				cf->who = xstrdup("");
				cf->version = p[k].version;
			}
			rc = mm_fail(err, MM_ECONFLICT, "%s", tr(M_SHEET_UNDO_CHANGED));
		}
		if (rc != MM_OK && failed)
			*failed = k;
	}
	rc = end_write(st, rc, err);
	if (rc != MM_OK) {
		for (int k = 0; k < n; k++) {
			free(p[k].before);
			p[k].before = NULL;
		}
		return rc;
	}
	for (int k = 0; k < n; k++) {
		sheet_changed(p[k].s);
		int ri = sheet_row_index(p[k].s, p[k].row);
		if (ri >= 0) {
			sheet_cell *c = &p[k].s->rows[ri].cells[p[k].col];
			cell_clear(c); /* a value read may live in the sheet's string store */
			c->value = xstrdup(p[k].stored);
			c->version = p[k].version;
		}
	}
	return MM_OK;
}

static double pos_for_index(const sheet *s, int at)
{
	if (s->nrows == 0)
		return 1;
	if (at <= 0)
		return s->rows[0].pos - 1;
	if (at >= s->nrows)
		return s->rows[s->nrows - 1].pos + 1;
	return (s->rows[at - 1].pos + s->rows[at].pos) / 2;
}

static mm_status set_position(store *st, sheet *s, int64_t row, double from, double to,
	mm_error *err);

/* When there is no room between two rows (halving ran out of precision, or
 * two terminals inserted at one place from the same view), number the live
 * rows afresh in the order the database holds now (inside this write
 * transaction), not this terminal's possibly older view, and log each as a
 * move, so no other terminal's move is undone and the log tells the order. */
static mm_status renumber(store *st, sheet *s, mm_error *err)
{
	sqlite3_stmt *q = store_prep(st, "SELECT id, position FROM sheet_row WHERE sheet_id = ?1 "
		"AND deleted = 0 ORDER BY position, id", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int64(q, 1, s->id);
	int64_t *ids = NULL;
	double *old = NULL;
	int n = 0, cap = 0, src;
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			ids = xrealloc(ids, (size_t)cap * sizeof *ids);
			old = xrealloc(old, (size_t)cap * sizeof *old);
		}
		ids[n] = sqlite3_column_int64(q, 0);
		old[n++] = sqlite3_column_double(q, 1);
	}
	mm_status rc = src == SQLITE_DONE ? MM_OK : store_step_error(st, src, err);
	sqlite3_finalize(q);
	for (int k = 0; k < n && rc == MM_OK; k++) {
		if (old[k] == k + 1)
			continue;
		rc = set_position(st, s, ids[k], old[k], k + 1, err);
		int i = sheet_row_index(s, ids[k]);
		if (i >= 0)
			s->rows[i].pos = k + 1;
	}
	free(ids);
	free(old);
	return rc;
}

static mm_status free_position(store *st, sheet *s, int at, double *pos, mm_error *err)
{
	*pos = pos_for_index(s, at);
	if (at > 0 && at < s->nrows
		&& (*pos <= s->rows[at - 1].pos || *pos >= s->rows[at].pos)) {
		mm_status rc = renumber(st, s, err);
		if (rc != MM_OK)
			return rc;
		*pos = pos_for_index(s, at);
	}
	return MM_OK;
}

/* After this terminal wrote: what it wrote, from the change log like
 * another terminal's writes (S->delta says what changed), so a write into a
 * 100,000-row sheet does not read it all again; whole when that fails. */
static mm_status reload_written(store *st, sheet *s, mm_error *err)
{
	/* a bare sheet (an import's) has read no rows: nothing to apply the
	 * log to, it reads them all */
	if (s->id && !s->bare) {
		bool changed = false;
		delta_reset(s);
		if (apply_log(st, s, &changed, NULL) == MM_OK)
			return MM_OK;
	}
	s->limit = 0;
	return load_rows(st, s, err);
}

/* Every row read again, whatever the change log says. */
static mm_status reload_whole(store *st, sheet *s, mm_error *err)
{
	s->limit = 0;
	return load_rows(st, s, err);
}

mm_status sheet_insert(store *st, sheet *s, int at, const char *const *values, int64_t *id,
	sheet_history *h, mm_error *err)
{
	mm_status rc = begin_write(st, s, err);
	if (rc != MM_OK)
		return rc;
	double pos;
	int64_t rid = 0;
	rc = free_position(st, s, at, &pos, err);
	if (rc == MM_OK)
		rc = insert_row_at(st, s, pos, values, &rid, err);
	rc = end_write(st, rc, err);
	if (rc == MM_OK) {
		if (id)
			*id = rid;
		hist_push(h, (hist_entry){.op = H_INSERT, .row = rid});
		hist_close_group(h);
		rc = reload_written(st, s, err);
	}
	return rc;
}

static mm_status set_deleted(store *st, sheet *s, int64_t row, bool deleted, mm_error *err)
{
	mm_status rc = check_row(st, s, row, !deleted, err);
	if (rc != MM_OK)
		return rc;
	sqlite3_stmt *q = store_prep(st, "UPDATE sheet_row SET deleted = ?1 WHERE id = ?2", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_int(q, 1, deleted);
	sqlite3_bind_int64(q, 2, row);
	if ((rc = step_done(st, q, err)) != MM_OK)
		return rc;
	return log_change(st, s, row, NULL, deleted ? "delete" : "undelete", NULL, NULL, err);
}

mm_status sheet_delete(store *st, sheet *s, int64_t row, sheet_history *h, mm_error *err)
{
	mm_status rc = begin_write(st, s, err);
	if (rc != MM_OK)
		return rc;
	rc = end_write(st, set_deleted(st, s, row, true, err), err);
	if (rc == MM_OK) {
		hist_push(h, (hist_entry){.op = H_DELETE, .row = row});
		hist_close_group(h);
		rc = reload_written(st, s, err);
	}
	return rc;
}

static mm_status set_position(store *st, sheet *s, int64_t row, double from, double to,
	mm_error *err)
{
	sqlite3_stmt *q = store_prep(st, "UPDATE sheet_row SET position = ?1 WHERE id = ?2", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_double(q, 1, to);
	sqlite3_bind_int64(q, 2, row);
	mm_status rc = step_done(st, q, err);
	if (rc != MM_OK)
		return rc;
	char a[40], b[40];
	snprintf(a, sizeof a, "%.17g", from);
	snprintf(b, sizeof b, "%.17g", to);
	return log_change(st, s, row, NULL, "move", a, b, err);
}

mm_status sheet_move(store *st, sheet *s, int64_t row, int to, sheet_history *h,
	mm_error *err)
{
	int from = sheet_row_index(s, row);
	if (from < 0)
		return mm_fail(err, MM_ENOTFOUND, "%s", tr(M_SHEET_NO_ROW));
	if (to < 0 || to >= s->nrows || to == from)
		return MM_OK;
	mm_status rc = begin_write(st, s, err);
	if (rc != MM_OK)
		return rc;
	rc = check_row(st, s, row, false, err);
	double before = s->rows[from].pos, pos = 0;
	/* the slot between the rows around the target, as if the row were gone */
	int at = to > from ? to + 1 : to;
	if (rc == MM_OK)
		rc = free_position(st, s, at, &pos, err);
	before = s->rows[from].pos;
	if (rc == MM_OK)
		rc = set_position(st, s, row, before, pos, err);
	rc = end_write(st, rc, err);
	if (rc == MM_OK) {
		hist_push(h, (hist_entry){.op = H_MOVE, .row = row, .pos_before = before,
			.pos_after = pos});
		hist_close_group(h);
		rc = reload_written(st, s, err);
	}
	return rc;
}

mm_status sheet_duplicate(store *st, sheet *s, int64_t row, int64_t *id, sheet_history *h,
	mm_error *err)
{
	int r = sheet_row_index(s, row);
	if (r < 0)
		return mm_fail(err, MM_ENOTFOUND, "%s", tr(M_SHEET_NO_ROW));
	/* copy the values: load_rows inside sheet_insert frees the originals */
	char **copy = xcalloc((size_t)s->def->ncols + 1, sizeof *copy);
	for (int k = 0; k < s->def->ncols; k++)
		copy[k] = s->rows[r].cells[k].value ? xstrdup(s->rows[r].cells[k].value) : NULL;
	mm_status rc = sheet_insert(st, s, r + 1, (const char *const *)copy, id, h, err);
	for (int k = 0; k < s->def->ncols; k++)
		free(copy[k]);
	free(copy);
	return rc;
}

static mm_status load_examples(store *st, sheet *s, const bool *only, sheet_history *h,
	mm_error *err);

/* The example rows of S's referenced tables that S's example names but
 * that sheet lacks (the group wrote its own rows): those come first. With
 * ST NULL only counts them into PLAN. */
static mm_status load_needed_targets_(store *st, const sheet *s, example_plan *plan,
	mm_error *err)
{
	const table_def *d = s->def;
	for (int k = 0; k < d->ncols; k++) {
		sheet *t = s->ref[k];
		if (!t || t == s || !t->def->nexample)
			continue;
		const table_def *td = t->def;
		bool *need = xcalloc((size_t)td->nexample + 1, sizeof *need);
		int n = 0;
		if (t->nrows == 0) { /* an empty table gets its whole worked example */
			for (int e = 0; e < td->nexample; e++)
				need[e] = true;
			n = td->nexample;
		}
		for (int r = 0; r < d->nexample && t->nrows; r++) {
			const char *label = d->example[r].values[k];
			if (!label || sheet_find_label(t, label))
				continue;
			for (int e = 0; e < td->nexample; e++) {
				const char *l = td->example[e].values[td->label_col];
				if (l && strcmp(l, label) == 0 && !need[e])
					need[e] = true, n++;
			}
		}
		mm_status rc = MM_OK;
		if (!st && n && plan->nother < EXAMPLE_PLAN_MAX) {
			int j = 0; /* two ref columns to one table: one entry */
			while (j < plan->nother && plan->other[j].def != td)
				j++;
			if (j == plan->nother) {
				plan->other[j].def = td;
				plan->other[j].rows = 0;
				plan->nother++;
			}
			if (plan->other[j].rows < n)
				plan->other[j].rows = n;
		} else if (st && n) {
			rc = load_examples(st, t, need, NULL, err);
		}
		free(need);
		if (rc != MM_OK)
			return rc;
	}
	return MM_OK;
}

static mm_status load_needed_targets(store *st, sheet *s, mm_error *err)
{
	return load_needed_targets_(st, s, NULL, err);
}

void sheet_example_plan(const sheet *s, example_plan *p)
{
	memset(p, 0, sizeof *p);
	p->rows = s->def->nexample;
	p->current = s->nrows;
	load_needed_targets_(NULL, s, p, NULL);
}

mm_status sheet_load_example_as(store *st, sheet *s, bool replace, sheet_history *h,
	mm_error *err)
{
	if (!replace)
		return sheet_load_example(st, s, h, err);
	const table_def *d = s->def;
	if (d->nexample == 0)
		return mm_fail(err, MM_EUSER, "%s", tr(M_SHEET_NO_EXAMPLE));
	mm_status rc = load_needed_targets(st, s, err);
	if (rc != MM_OK)
		return rc;
	/* the example as stored values: refs by the id of the labelled row */
	char ***vals = xcalloc((size_t)d->nexample, sizeof *vals);
	for (int r = 0; r < d->nexample; r++) {
		vals[r] = xcalloc((size_t)d->ncols + 1, sizeof **vals);
		for (int k = 0; k < d->ncols; k++) {
			const char *v = d->example[r].values[k];
			if (d->cols[k].type == COL_REF && v) {
				const sheet *target = s->ref[k] ? s->ref[k] : s;
				int64_t rid = sheet_find_label(target, v);
				if (rid) {
					vals[r][k] = xmalloc(24);
					snprintf(vals[r][k], 24, "%lld", (long long)rid);
				}
			} else if (v) {
				vals[r][k] = xstrdup(v);
			}
		}
	}
	rc = sheet_insert_many(st, s, vals, d->nexample, true, h, err);
	for (int r = 0; r < d->nexample; r++) {
		for (int k = 0; k < d->ncols; k++)
			free(vals[r][k]);
		free(vals[r]);
	}
	free(vals);
	return rc;
}

mm_status sheet_load_example(store *st, sheet *s, sheet_history *h, mm_error *err)
{
	if (s->def->nexample == 0)
		return mm_fail(err, MM_EUSER, "%s", tr(M_SHEET_NO_EXAMPLE));
	/* referenced tables first, so the example's refs find their rows */
	mm_status rc = load_needed_targets(st, s, err);
	if (rc != MM_OK)
		return rc;
	return load_examples(st, s, NULL, h, err);
}

/* Appends the example rows (those marked in ONLY, or all). */
static mm_status load_examples(store *st, sheet *s, const bool *only, sheet_history *h,
	mm_error *err)
{
	const table_def *d = s->def;
	mm_status rc = begin_write(st, s, err);
	if (rc != MM_OK)
		return rc;
	double pos = s->nrows ? s->rows[s->nrows - 1].pos + 1 : 1;
	if (h) {
		/* a new edit drops what could be redone */
		for (int k = h->done; k < h->n; k++) {
			free(h->v[k].before);
			free(h->v[k].after);
		}
		h->n = h->done;
	}
	int first = h ? h->n : 0;
	for (int r = 0, placed = 0; rc == MM_OK && r < d->nexample; r++) {
		if (only && !only[r])
			continue;
		const char **vals = xcalloc((size_t)d->ncols + 1, sizeof *vals);
		char **ids = xcalloc((size_t)d->ncols + 1, sizeof *ids);
		for (int k = 0; k < d->ncols; k++) {
			const char *v = d->example[r].values[k];
			if (d->cols[k].type == COL_REF && v) {
				const sheet *target = s->ref[k] ? s->ref[k] : s;
				int64_t rid = sheet_find_label(target, v);
				if (rid) {
					ids[k] = xmalloc(24);
					snprintf(ids[k], 24, "%lld", (long long)rid);
				}
				vals[k] = ids[k];
			} else {
				vals[k] = v;
			}
		}
		int64_t rid;
		rc = insert_row_at(st, s, pos + placed++, vals, &rid, err);
		if (rc == MM_OK && h) {
			hist_entry e = {.op = H_INSERT, .row = rid};
			if (h->n == h->cap) {
				h->cap = h->cap ? h->cap * 2 : 32;
				h->v = xrealloc(h->v, (size_t)h->cap * sizeof *h->v);
			}
			e.group = h->next_group;
			h->v[h->n++] = e;
		}
		for (int k = 0; k < d->ncols; k++)
			free(ids[k]);
		free(ids);
		free(vals);
	}
	rc = end_write(st, rc, err);
	if (h) {
		if (rc != MM_OK)
			h->n = first;
		h->done = h->n;
		hist_close_group(h);
	}
	if (rc == MM_OK)
		rc = sheet_reload(st, s, err);
	return rc;
}

static mm_status apply(store *st, sheet *s, const hist_entry *e, bool redo, mm_error *err)
{
	switch (e->op) {
	case H_SET: {
		int r = sheet_row_index(s, e->row);
		if (r < 0)
			return mm_fail(err, MM_ENOTFOUND, "%s", tr(M_SHEET_ROW_GONE));
		const sheet_cell *c = &s->rows[r].cells[e->col];
		const char *want_now = redo ? e->before : e->after;
		if (strcmp(c->value ? c->value : "", want_now) != 0)
			return mm_fail(err, MM_ECONFLICT, "%s", tr(M_SHEET_UNDO_CHANGED));
		char *old = NULL;
		int nv;
		mm_status rc = set_in_tx(st, s, e->row, e->col, redo ? e->after : e->before,
			c->version, NULL, &old, &nv, err);
		free(old);
		return rc;
	}
	case H_INSERT:
		return set_deleted(st, s, e->row, !redo, err);
	case H_DELETE:
		return set_deleted(st, s, e->row, redo, err);
	case H_MOVE: {
		mm_status rc = check_row(st, s, e->row, false, err);
		if (rc != MM_OK)
			return rc;
		return set_position(st, s, e->row, redo ? e->pos_before : e->pos_after,
			redo ? e->pos_after : e->pos_before, err);
	}
	}
	return MM_OK;
}

mm_status sheet_undo(store *st, sheet *s, sheet_history *h, bool redo, mm_error *err)
{
	if (redo ? h->done >= h->n : h->done <= 0)
		return mm_fail(err, MM_ENOTFOUND, "%s",
			tr(redo ? M_SHEET_NOTHING_TO_REDO : M_SHEET_NOTHING_TO_UNDO));
	mm_status rc = begin_write(st, s, err);
	if (rc != MM_OK)
		return rc;
	int from = redo ? h->done : h->done - 1;
	int group = h->v[from].group;
	int k = from;
	if (redo)
		for (; rc == MM_OK && k < h->n && h->v[k].group == group; k++)
			rc = apply(st, s, &h->v[k], true, err);
	else
		for (; rc == MM_OK && k >= 0 && h->v[k].group == group; k--)
			rc = apply(st, s, &h->v[k], false, err);
	rc = end_write(st, rc, err);
	if (rc == MM_OK) {
		h->done = redo ? k : k + 1;
		rc = reload_written(st, s, err);
	}
	return rc;
}

/* ---- reading ----------------------------------------------------------- */

/* Computed values are kept per sheet, row and column, each worked out once
 * until the sheet or a sheet it reads through a ref changes: every change
 * to a loaded sheet (a reload, a cell read or written, rows kept) counts in
 * its generation, and a memo holds for the sum of its sheet's and its ref
 * sheets' generations (each only grows), so a value read through a ref is
 * never stale. Per sheet: a terminal reading another sheet for a summary
 * (the status line's progress) does not drop the table's memo. */
static void sheet_changed(sheet *s)
{
	s->gen++;
}


enum { MEMO_UNKNOWN, MEMO_BUSY, MEMO_DONE };

struct sheet_memo {
	unsigned long long epoch;
	const sheet **dep; /* the sheets read through refs, however far (their generations) */
	int ndep;
	lang lang; /* error values are texts of the language they were made in */
	int nrows, ncols; /* ncols: the computed columns only */
	int *slot;        /* per column of the definition: its computed column's index */
	unsigned char *state;
	expr_value *val;
};

static void memo_free(sheet_memo *m)
{
	if (!m)
		return;
	free(m->slot);
	free(m->dep);
	free(m->state);
	free(m->val);
	free(m);
}

/* S's memo, emptied if anything changed since it was filled. The memo is a
 * cache: reading a const sheet fills it. */
/* Adds the sheets S reads through refs (and they through theirs) to M's. */
static void find_deps(sheet_memo *m, const sheet *s, int depth)
{
	for (int k = 0; depth < 16 && s->ref && k < s->def->ncols; k++) {
		const sheet *t = s->ref[k];
		if (!t || t == s)
			continue;
		m->dep = xrealloc(m->dep, ((size_t)m->ndep + 1) * sizeof *m->dep);
		m->dep[m->ndep++] = t;
		find_deps(m, t, depth + 1);
	}
}

static sheet_memo *memo_of(const sheet *s)
{
	sheet_memo *m = s->memo;
	if (!m) {
		m = xcalloc(1, sizeof *m);
		m->epoch = ~0ULL; /* worked out for no generation yet */
		find_deps(m, s, 0); /* a sheet's refs stay the same sheets while it lives */
		m->slot = xcalloc((size_t)s->def->ncols + 1, sizeof *m->slot);
		for (int k = 0; k < s->def->ncols; k++)
			if (s->def->cols[k].type == COL_COMPUTED)
				m->slot[k] = m->ncols++;
		((sheet *)s)->memo = m;
	}
	unsigned long long gen = s->gen;
	for (int k = 0; k < m->ndep; k++)
		gen += m->dep[k]->gen;
	if (m->epoch != gen || m->lang != i18n_lang() || m->nrows != s->nrows) {
		size_t n = (size_t)s->nrows * (size_t)m->ncols;
		if (m->nrows * m->ncols != (int)n || !m->state) {
			free(m->state);
			free(m->val);
			m->state = xcalloc(n + 1, sizeof *m->state);
			m->val = xcalloc(n + 1, sizeof *m->val);
		} else {
			memset(m->state, 0, n);
		}
		m->epoch = gen;
		m->lang = i18n_lang();
		m->nrows = s->nrows;
	}
	return m;
}

typedef struct cellref {
	const sheet *s;
	int r, col;
} cellref;

typedef struct evalctx {
	const sheet *s;
	int r;
	bool missing;   /* a computed cell it reads is not known yet: */
	cellref need;   /* this one, to be worked out first */
} evalctx;

static expr_value v_error(const char *msg)
{
	expr_value e = {EXPR_ERROR, 0, msg};
	return e;
}

/* A cell as the expression being evaluated reads it: stored values as they
 * are, computed ones from the memo. One not known yet is noted in C (the
 * evaluation is then thrown away and done again once it is known); one
 * being worked out is a circle of rows. */
static expr_value read_cell(evalctx *c, const sheet *s, int r, int col)
{
	const column *cd = &s->def->cols[col];
	if (cd->type != COL_COMPUTED)
		return column_value(cd, s->rows[r].cells[col].value);
	sheet_memo *m = memo_of(s);
	size_t i = (size_t)r * (size_t)m->ncols + (size_t)m->slot[col];
	if (m->state[i] == MEMO_DONE)
		return m->val[i];
	if (m->state[i] == MEMO_BUSY)
		return v_error(tr(M_X_ROW_CYCLE));
	if (!c->missing) {
		c->missing = true;
		c->need = (cellref){s, r, col};
	}
	return v_error(tr(M_X_ROW_CYCLE)); /* a stand-in, never kept */
}

/* table_col_index for an expression's name: the answer for the same name
 * (its text in the parsed expression) kept, checked before it is used, so
 * computing a column over 100,000 rows looks each name up once. */
static int col_by_name(const table_def *d, const char *name)
{
	static struct {
		const table_def *d;
		const char *name;
		int ci;
	} seen[64];
	size_t h = ((uintptr_t)name >> 3) % (sizeof seen / sizeof seen[0]);
	int ci = seen[h].ci;
	if (seen[h].d == d && seen[h].name == name && ci >= 0 && ci < d->ncols
		&& strcmp(d->cols[ci].id, name) == 0)
		return ci;
	ci = table_col_index(d, name);
	if (ci >= 0) {
		seen[h].d = d;
		seen[h].name = name;
		seen[h].ci = ci;
	}
	return ci;
}

static bool lookup_value(void *ctx, const char *ref, const char *name, expr_value *out)
{
	evalctx *c = ctx;
	const sheet *s = c->s;
	if (!ref) {
		int ci = col_by_name(s->def, name);
		if (ci < 0)
			return false;
		*out = read_cell(c, s, c->r, ci);
		return true;
	}
	int ri = col_by_name(s->def, ref);
	if (ri < 0 || s->def->cols[ri].type != COL_REF)
		return false;
	const sheet *target = s->ref[ri] ? s->ref[ri] : s;
	const char *v = s->rows[c->r].cells[ri].value;
	int tr_ = v && *v ? sheet_row_index(target, strtoll(v, NULL, 10)) : -1;
	int ci = col_by_name(target->def, name);
	if (ci < 0)
		return false;
	if (tr_ < 0)
		return true; /* blank: no row chosen yet */
	*out = read_cell(c, target, tr_, ci);
	return true;
}

/* The value of a cell; computed cells in dependency order without
 * recursion: the cell is put on a stack, and whenever the one on top reads
 * a computed cell not known yet, that one goes on top. Each cell is
 * evaluated at most once more than the number of cells it reads first
 * time, so a chain of N rows costs N, not 3^N, and its depth costs no C
 * stack. A cell that reads one still on the stack closes a circle of rows
 * (p reading me.p through rows that lead back): an error value. */
static expr_value value_at(const sheet *s, int r, int col)
{
	const column *c = &s->def->cols[col];
	if (c->type != COL_COMPUTED)
		return column_value(c, s->rows[r].cells[col].value);
	sheet_memo *m = memo_of(s);
	size_t i = (size_t)r * (size_t)m->ncols + (size_t)m->slot[col];
	if (m->state[i] == MEMO_DONE)
		return m->val[i];
	cellref *stack = NULL;
	size_t n = 0, cap = 0;
	cellref start = {s, r, col};
	m->state[i] = MEMO_BUSY;
	stack = xrealloc(stack, (cap = 16) * sizeof *stack);
	stack[n++] = start;
	while (n) {
		cellref top = stack[n - 1];
		const column *tc = &top.s->def->cols[top.col];
		evalctx ctx = {top.s, top.r, false, {NULL, 0, 0}};
		expr_value v = tc->ex ? expr_eval(tc->ex, lookup_value, &ctx)
			: v_error(tr(M_X_NONE));
		if (ctx.missing) {
			sheet_memo *nm = memo_of(ctx.need.s);
			nm->state[(size_t)ctx.need.r * (size_t)nm->ncols + (size_t)nm->slot[ctx.need.col]] = MEMO_BUSY;
			if (n == cap)
				stack = xrealloc(stack, (cap *= 2) * sizeof *stack);
			stack[n++] = ctx.need;
			continue;
		}
		sheet_memo *tm = memo_of(top.s);
		size_t ti = (size_t)top.r * (size_t)tm->ncols + (size_t)tm->slot[top.col];
		tm->val[ti] = v;
		tm->state[ti] = MEMO_DONE;
		n--;
	}
	free(stack);
	return m->val[i];
}

expr_value sheet_value(const sheet *s, int r, int col)
{
	return value_at(s, r, col);
}

const band *sheet_band(const sheet *s, int r, int col)
{
	const column *c = &s->def->cols[col];
	if (!c->nbands)
		return NULL;
	expr_value v = sheet_value(s, r, col);
	return v.kind == EXPR_NUM ? column_band(c, v.num) : NULL;
}

const char *sheet_label(const sheet *s, int64_t row_id)
{
	int r = sheet_row_index(s, row_id);
	if (r < 0)
		return "";
	const char *v = s->rows[r].cells[s->def->label_col].value;
	return v ? v : "";
}

int64_t sheet_find_label(const sheet *s, const char *label)
{
	for (int r = 0; r < s->nrows; r++) {
		const char *v = s->rows[r].cells[s->def->label_col].value;
		if (v && strcmp(v, label) == 0)
			return s->rows[r].id;
	}
	return 0;
}

typedef struct label_want {
	const char *label;
	int idx;
} label_want;

static int cmp_want(const void *a, const void *b)
{
	const label_want *x = a, *y = b;
	int c = strcmp(x->label, y->label);
	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* A row named LABEL with id ID, in display order: the first one answers
 * every want of that label still open. Returns how many it answered. */
static int want_row(label_want *w, int nw, const char *label, int64_t id, int64_t *ids)
{
	int lo = 0, hi = nw;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (strcmp(w[mid].label, label) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	int done = 0;
	for (; lo < nw && strcmp(w[lo].label, label) == 0 && !ids[w[lo].idx]; lo++, done++)
		ids[w[lo].idx] = id;
	return done;
}

mm_status sheet_find_labels(store *st, const sheet *s, const char *const *labels, int n,
	int64_t *ids, mm_error *err)
{
	label_want *w = xcalloc((size_t)n + 1, sizeof *w);
	int nw = 0;
	for (int i = 0; i < n; i++) {
		ids[i] = 0;
		if (labels[i] && *labels[i])
			w[nw++] = (label_want){labels[i], i};
	}
	qsort(w, (size_t)nw, sizeof *w, cmp_want);
	int open = nw;
	mm_status rc = MM_OK;
	if (!s->bare) {
		for (int r = 0; open > 0 && r < s->nrows; r++) {
			const char *v = s->rows[r].cells[s->def->label_col].value;
			if (v && *v)
				open -= want_row(w, nw, v, s->rows[r].id, ids);
		}
	} else if (open > 0 && s->id) {
		/* one pass in display order, stopping once every label is found */
		sqlite3_stmt *q = store_prep(st, "SELECT r.id, c.value FROM sheet_row r "
			"JOIN cell c ON c.row_id = r.id AND c.col = ?2 "
			"WHERE r.sheet_id = ?1 AND r.deleted = 0 ORDER BY r.position, r.id", err);
		if (!q) {
			rc = MM_EDB;
		} else {
			sqlite3_bind_int64(q, 1, s->id);
			sqlite3_bind_text(q, 2, s->def->cols[s->def->label_col].id, -1, SQLITE_STATIC);
			int src = SQLITE_DONE;
			while (open > 0 && (src = sqlite3_step(q)) == SQLITE_ROW) {
				const char *v = (const char *)sqlite3_column_text(q, 1);
				if (v && *v)
					open -= want_row(w, nw, v, sqlite3_column_int64(q, 0), ids);
			}
			if (src != SQLITE_ROW && src != SQLITE_DONE)
				rc = store_step_error(st, src, err);
			sqlite3_finalize(q);
		}
	}
	free(w);
	return rc;
}

void sheet_display_buf(const sheet *s, int r, int col, buf *out)
{
	const column *c = &s->def->cols[col];
	const char *stored = s->rows[r].cells[col].value;
	if (c->type == COL_COMPUTED) {
		expr_value v = sheet_value(s, r, col);
		expr_format_buf(&v, out);
		const band *bd = v.kind == EXPR_NUM ? column_band(c, v.num) : NULL;
		if (bd && bd->label.ja)
			buf_printf(out, " %s", L(&bd->label));
		return;
	}
	if (c->type == COL_REF) {
		const sheet *target = s->ref[col] ? s->ref[col] : s;
		if (stored && *stored)
			buf_puts(out, sheet_label(target, strtoll(stored, NULL, 10)));
		return;
	}
	column_format_buf(c, stored, out);
}

void sheet_display(const sheet *s, int r, int col, char *out, size_t n)
{
	buf b = {0};
	sheet_display_buf(s, r, col, &b);
	snprintf(out, n, "%s", buf_str(&b));
	buf_free(&b);
}

/* ---- importing many rows (sheet_insert_many) ---------------------------- */

static const char *row_label(const sheet *s, int i)
{
	const char *v = s->rows[i].cells[s->def->label_col].value;
	return v ? v : "";
}

static int cmp_label(const void *a, const void *b, void *ctx)
{
	const sheet *s = ctx;
	int x = *(const int *)a, y = *(const int *)b;
	int c = strcmp(row_label(s, x), row_label(s, y));
	return c ? c : (x > y) - (x < y); /* equal names in display order */
}

/* For each of the NROWS rows of VALUES, the index of the row of S (loaded)
 * with the same name, each row of S taken at most once, in display order;
 * -1 for a new row. */
static void match_by_label(const sheet *s, char ***values, int nrows, int *match)
{
	int lc = s->def->label_col;
	int *order = xcalloc((size_t)s->nrows + 1, sizeof *order);
	bool *used = xcalloc((size_t)s->nrows + 1, sizeof *used);
	for (int i = 0; i < s->nrows; i++)
		order[i] = i;
	qsort_r(order, (size_t)s->nrows, sizeof *order, cmp_label, (void *)s);
	for (int r = 0; r < nrows; r++) {
		const char *want = values[r] && values[r][lc] ? values[r][lc] : "";
		int lo = 0, hi = s->nrows;
		while (lo < hi) { /* the first of the rows named WANT */
			int mid = (lo + hi) / 2;
			if (strcmp(row_label(s, order[mid]), want) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		match[r] = -1;
		for (; lo < s->nrows && strcmp(row_label(s, order[lo]), want) == 0; lo++)
			if (!used[order[lo]]) {
				used[order[lo]] = true;
				match[r] = order[lo];
				break;
			}
	}
	free(used);
	free(order);
}

static mm_status referred_error(const sheet *s, int i, const table_def *by, const char *by_label,
	mm_error *err)
{
	buf a = {0}, b = {0};
	const char *l = row_label(s, i);
	text_escape_controls(l, strlen(l), "", &a);
	text_escape_controls(by_label, strlen(by_label), "", &b);
	mm_status rc = mm_fail(err, MM_EUSER, tr(M_IMP_REPLACE_REFERRED), buf_str(&a),
		by->activity_id, buf_str(&b));
	buf_free(&a);
	buf_free(&b);
	return rc;
}

/* Inside the transaction of a replacing import: no row of S that GOES may
 * be referred to by a live row of any table (the definition's referrers),
 * nor by the rows coming in (VALUES, for a table that refers to itself). */
static mm_status check_referrers(store *st, sheet *s, const bool *goes, char ***values,
	int nrows, mm_error *err)
{
	const table_def *d = s->def;
	for (int k = 0; k < d->nreferrers; k++) {
		const table_def *by = d->referrers[k].def;
		int col = d->referrers[k].col;
		if (by == d) {
			for (int r = 0; r < nrows; r++) {
				const char *v = values[r] ? values[r][col] : NULL;
				int i = v && *v ? sheet_row_index(s, strtoll(v, NULL, 10)) : -1;
				if (i >= 0 && goes[i]) {
					const char *l = values[r][d->label_col];
					return referred_error(s, i, by, l ? l : "", err);
				}
			}
		}
		/* every live reference of that column; this sheet's own rows are
		 * either going or rewritten from the file */
		sqlite3_stmt *q = store_prep(st, "SELECT c.value, COALESCE(lc.value, '') "
			"FROM sheet sh JOIN sheet_row r ON r.sheet_id = sh.id AND r.deleted = 0 "
			"JOIN cell c ON c.row_id = r.id AND c.col = ?2 AND c.value <> '' "
			"LEFT JOIN cell lc ON lc.row_id = r.id AND lc.col = ?3 "
			"WHERE sh.activity = ?1 AND sh.id <> ?4 ORDER BY r.position, r.id", err);
		if (!q)
			return MM_EDB;
		sqlite3_bind_text(q, 1, by->activity_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, by->cols[col].id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, by->cols[by->label_col].id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 4, s->id);
		int src;
		mm_status rc = MM_OK;
		while (rc == MM_OK && (src = sqlite3_step(q)) == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(q, 0);
			int i = v ? sheet_row_index(s, strtoll(v, NULL, 10)) : -1;
			if (i >= 0 && goes[i])
				rc = referred_error(s, i, by, (const char *)sqlite3_column_text(q, 1), err);
		}
		if (rc == MM_OK && src != SQLITE_DONE)
			rc = store_step_error(st, src, err);
		sqlite3_finalize(q);
		if (rc != MM_OK)
			return rc;
	}
	return MM_OK;
}

typedef struct hist_list {
	hist_entry *v;
	int n, cap;
} hist_list;

static void hist_note(hist_list *l, hist_entry e)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = e;
}

/* Replacing: the rows of VALUES in the file's order; a row of S with the
 * same name is kept (the same row, its cells written in place where they
 * differ, logged), the others are new; the rows of S not in VALUES are
 * deleted unless something refers to them (then nothing happens). */
static mm_status replace_rows(store *st, sheet *s, char ***values, int nrows, hist_list *hl,
	mm_error *err)
{
	const table_def *d = s->def;
	int *match = xcalloc((size_t)nrows + 1, sizeof *match);
	bool *goes = xcalloc((size_t)s->nrows + 1, sizeof *goes);
	match_by_label(s, values, nrows, match);
	for (int i = 0; i < s->nrows; i++)
		goes[i] = true;
	for (int r = 0; r < nrows; r++)
		if (match[r] >= 0)
			goes[match[r]] = false;
	mm_status rc = check_referrers(st, s, goes, values, nrows, err);
	for (int r = 0; rc == MM_OK && r < nrows; r++) {
		double pos = r + 1;
		if (match[r] < 0) {
			int64_t id = 0;
			rc = insert_row_at(st, s, pos, (const char *const *)values[r], &id, err);
			hist_note(hl, (hist_entry){.op = H_INSERT, .row = id});
			continue;
		}
		const sheet_row *row = &s->rows[match[r]];
		for (int k = 0; rc == MM_OK && k < d->ncols; k++) {
			const char *want = values[r] && values[r][k] ? values[r][k] : "";
			const char *now = row->cells[k].value ? row->cells[k].value : "";
			if (d->cols[k].type == COL_COMPUTED || strcmp(want, now) == 0)
				continue;
			char *old = NULL;
			int nv = 0;
			rc = set_in_tx(st, s, row->id, k, want, -1, NULL, &old, &nv, err);
			if (rc == MM_OK)
				hist_note(hl, (hist_entry){.op = H_SET, .row = row->id, .col = k,
					.before = old ? old : xstrdup(""), .after = xstrdup(want)});
			else
				free(old);
		}
		if (rc == MM_OK && row->pos != pos) {
			rc = set_position(st, s, row->id, row->pos, pos, err);
			hist_note(hl, (hist_entry){.op = H_MOVE, .row = row->id, .pos_before = row->pos,
				.pos_after = pos});
		}
	}
	for (int i = 0; rc == MM_OK && i < s->nrows; i++)
		if (goes[i]) {
			rc = set_deleted(st, s, s->rows[i].id, true, err);
			hist_note(hl, (hist_entry){.op = H_DELETE, .row = s->rows[i].id});
		}
	free(goes);
	free(match);
	return rc;
}

/* After a rolled-back transaction: S (when MADE in it) and the sheets its
 * refs point at (REF_MADE) are not made after all; frees REF_MADE. */
static void unmake(sheet *s, bool made, bool *ref_made)
{
	if (made)
		s->id = 0;
	for (int k = 0; k < s->def->ncols; k++)
		if (ref_made[k] && s->ref[k]) {
			s->ref[k]->id = 0;
			free_rows(s->ref[k]);
		}
	free(ref_made);
}

/* Starts a write of many rows: the sheet (and its seed rows) is made inside
 * this transaction when nobody wrote it yet, with the sheets its seed rows
 * refer to, so a write refused leaves nothing behind. *MADE and *REF_MADE
 * (freed by unmake, or by the caller) say what was made; on an error
 * nothing is. */
static mm_status begin_bulk(store *st, sheet *s, bool *made, bool **ref_made, mm_error *err)
{
	*made = !s->id;
	*ref_made = xcalloc((size_t)s->def->ncols + 1, sizeof **ref_made);
	for (int k = 0; k < s->def->ncols; k++)
		(*ref_made)[k] = s->ref[k] && !s->ref[k]->id;
	mm_status rc = begin_write(st, s, err);
	if (rc != MM_OK)
		unmake(s, *made, *ref_made);
	return rc;
}

mm_status sheet_insert_many(store *st, sheet *s, char ***values, int nrows, bool replace,
	sheet_history *h, mm_error *err)
{
	bool made, *ref_made;
	mm_status rc = begin_bulk(st, s, &made, &ref_made, err);
	if (rc != MM_OK)
		return rc;
	hist_list hl = {0};
	if (replace) {
		/* what is in the sheet now, read inside the transaction */
		rc = reload_written(st, s, err);
		if (rc == MM_OK)
			rc = replace_rows(st, s, values, nrows, &hl, err);
	} else {
		/* after the last row there is now (seed rows of a sheet just made
		 * included), without reading the whole sheet under the write lock */
		double pos = 1;
		sqlite3_stmt *q = store_prep(st, "SELECT MAX(position) FROM sheet_row "
			"WHERE sheet_id = ?1 AND deleted = 0", err);
		if (!q) {
			rc = MM_EDB;
		} else {
			sqlite3_bind_int64(q, 1, s->id);
			int src = sqlite3_step(q);
			if (src == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
				pos = floor(sqlite3_column_double(q, 0)) + 1;
			if (src != SQLITE_ROW)
				rc = store_step_error(st, src, err);
			sqlite3_finalize(q);
		}
		for (int r = 0; rc == MM_OK && r < nrows; r++) {
			int64_t id = 0;
			rc = insert_row_at(st, s, pos + r, (const char *const *)values[r], &id, err);
			hist_note(&hl, (hist_entry){.op = H_INSERT, .row = id});
		}
	}
	rc = end_write(st, rc, err);
	/* one undo step takes the whole import back */
	for (int k = 0; k < hl.n; k++) {
		if (rc == MM_OK && h) {
			hist_push(h, hl.v[k]);
		} else {
			free(hl.v[k].before);
			free(hl.v[k].after);
		}
	}
	if (rc == MM_OK && h && hl.n)
		hist_close_group(h);
	free(hl.v);
	if (rc != MM_OK)
		unmake(s, made, ref_made); /* their making was rolled back too */
	else
		free(ref_made);
	if (s->bare) /* a command's: nobody looks at the rows afterwards */
		free_rows(s);
	else if (rc == MM_OK)
		rc = reload_written(st, s, err);
	else if (replace)
		reload_whole(st, s, NULL); /* the rows as they are, not as read in the transaction */
	return rc;
}

mm_status sheet_put_by_label(store *st, sheet *s, char ***values, int nrows, mm_error *err)
{
	bool made, *ref_made;
	mm_status rc = begin_bulk(st, s, &made, &ref_made, err);
	if (rc != MM_OK)
		return rc;
	/* the rows as they are now, read inside the transaction: a cell another
	 * terminal wrote since the caller last looked is kept, not overwritten
	 * with what the caller had read */
	rc = reload_written(st, s, err);
	int *match = xcalloc((size_t)nrows + 1, sizeof *match);
	if (rc == MM_OK)
		match_by_label(s, values, nrows, match);
	double pos = s->nrows ? floor(s->rows[s->nrows - 1].pos) + 1 : 1;
	for (int r = 0; rc == MM_OK && r < nrows; r++) {
		if (match[r] < 0) {
			rc = insert_row_at(st, s, pos++, (const char *const *)values[r], NULL, err);
			continue;
		}
		const sheet_row *row = &s->rows[match[r]];
		for (int k = 0; rc == MM_OK && k < s->def->ncols; k++) {
			const char *want = values[r] ? values[r][k] : NULL;
			const char *now = row->cells[k].value ? row->cells[k].value : "";
			if (!want || s->def->cols[k].type == COL_COMPUTED || strcmp(want, now) == 0)
				continue;
			char *old = NULL;
			int nv = 0;
			rc = set_in_tx(st, s, row->id, k, want, -1, NULL, &old, &nv, err);
			free(old);
		}
	}
	free(match);
	rc = end_write(st, rc, err);
	if (rc != MM_OK)
		unmake(s, made, ref_made);
	else
		free(ref_made);
	if (s->bare)
		free_rows(s);
	else if (rc == MM_OK)
		rc = reload_written(st, s, err);
	else
		reload_whole(st, s, NULL); /* the rows as they are, not as read in the transaction */
	return rc;
}

/* ---- reading across sheets ------------------------------------------- */

void sheet_keep_rows(sheet *s, const bool *keep)
{
	sheet_changed(s);
	int n = 0;
	for (int r = 0; r < s->nrows; r++) {
		if (keep[r]) {
			s->rows[n++] = s->rows[r];
			continue;
		}
		if (s->rows[r].loaded)
			s->nloaded--;
		row_free(s, &s->rows[r]);
	}
	s->nrows = n;
	s->total = n;
	s->partial = s->nloaded < n;
	delta_reset(s);
	s->delta.full = true;
	for (int k = 0; k < n; k++)
		s->by_id[k] = k;
	if (n > 1) /* an empty sheet (never written) has no by_id array at all */
		qsort_r(s->by_id, (size_t)n, sizeof *s->by_id, cmp_by_id, s);
}

mm_status sheet_first_row_cells(store *st, const char *activity, owner_kind ok,
	void (*fn)(void *ctx, int64_t sheet_id, const char *col, const char *value), void *ctx,
	mm_error *err)
{
	sqlite3_stmt *q = store_prep(st,
		"SELECT s.id, c.col, c.value FROM sheet s "
		"JOIN sheet_row r ON r.id = (SELECT r2.id FROM sheet_row r2 WHERE r2.sheet_id = s.id "
		"  AND r2.deleted = 0 ORDER BY r2.position, r2.id LIMIT 1) "
		"JOIN cell c ON c.row_id = r.id "
		"WHERE s.activity = ?1 AND s.owner_kind = ?2 "
		"ORDER BY s.id", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_text(q, 1, activity, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, owner_names[ok], -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		fn(ctx, sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, 1),
			(const char *)sqlite3_column_text(q, 2));
	sqlite3_finalize(q);
	return store_step_error(st, rc, err);
}

/* The values of COLS of row ROW into VALUES ("" when unset). */
static mm_status row_values(store *st, sqlite3_stmt *q, int64_t row, const char *const *cols,
	int ncols, char **values)
{
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, row);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(q, 0);
		for (int k = 0; col && k < ncols; k++)
			if (strcmp(col, cols[k]) == 0) {
				free(values[k]);
				values[k] = store_col_text(q, 1);
			}
	}
	for (int k = 0; k < ncols; k++)
		if (!values[k])
			values[k] = xstrdup("");
	return store_step_error(st, rc, NULL);
}

mm_status sheet_addressed_rows(store *st, const char *activity, const char *to_col,
	int64_t group, const char *const *cols, int ncols, sheet_addressed **out, int *n,
	mm_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q = store_prep(st,
		"SELECT r.id, sh.owner_id, COALESCE(g.name, ''), co.id, co.name "
		"FROM sheet sh "
		"JOIN sheet_row r ON r.sheet_id = sh.id AND r.deleted = 0 "
		"JOIN cell tc ON tc.row_id = r.id AND tc.col = ?3 AND tc.value <> '' "
		"JOIN company co ON co.id = CAST(tc.value AS INTEGER) "
		"LEFT JOIN grp g ON g.id = sh.owner_id "
		"WHERE sh.activity = ?1 AND sh.owner_kind = 'group' AND sh.owner_id <> ?2 "
		"  AND co.grp_id = ?2 "
		"ORDER BY co.id, COALESCE(g.position, 0), sh.owner_id, r.position, r.id", err);
	if (!q)
		return MM_EDB;
	sqlite3_stmt *cq = store_prep(st, "SELECT col, value FROM cell WHERE row_id = ?1", err);
	if (!cq) {
		sqlite3_finalize(q);
		return MM_EDB;
	}
	sqlite3_bind_text(q, 1, activity, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, group);
	sqlite3_bind_text(q, 3, to_col, -1, SQLITE_TRANSIENT);
	int cap = 0, rc = SQLITE_DONE;
	mm_status cells = MM_OK;
	while (cells == MM_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		sheet_addressed *a = &(*out)[(*n)++];
		a->row_id = sqlite3_column_int64(q, 0);
		a->from_group = sqlite3_column_int64(q, 1);
		a->from_group_name = store_col_text(q, 2);
		a->company_id = sqlite3_column_int64(q, 3);
		a->company_name = store_col_text(q, 4);
		a->values = xcalloc((size_t)ncols + 1, sizeof *a->values);
		cells = row_values(st, cq, a->row_id, cols, ncols, a->values);
	}
	if (cells != MM_OK)
		rc = SQLITE_ERROR;
	mm_status st_rc = store_step_error(st, rc, err);
	sqlite3_finalize(cq);
	sqlite3_finalize(q);
	if (st_rc != MM_OK) {
		sheet_addressed_free(*out, *n, ncols);
		*out = NULL;
		*n = 0;
	}
	return st_rc;
}

void sheet_addressed_free(sheet_addressed *a, int n, int ncols)
{
	for (int k = 0; k < n; k++) {
		free(a[k].from_group_name);
		free(a[k].company_name);
		for (int c = 0; c < ncols; c++)
			free(a[k].values[c]);
		free(a[k].values);
	}
	free(a);
}
