/* upgrade.c — a begun workshop's scenario replaced, work kept by id.
 * Like the store and sheet layers it reads and writes the database through
 * prepared statements only (store_prep); every value is bound. */
#include "upgrade.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kind.h"
#include "table.h"
#include "text.h"

/* ---- what an activity or column holds ------------------------------------ */

typedef struct holding {
	int cells, rows, owners, events;
	activity_scope scope;
} holding;

static bool holds(const holding *h)
{
	return h->cells > 0 || h->events > 0;
}

/* Is VALUE one of the seed values of column COL of DEF (what every new sheet
 * starts with, not written by anyone)? */
static bool is_seed(const table_def *def, int col, const char *value)
{
	if (!def || col < 0)
		return false;
	for (int r = 0; r < def->nrows; r++) {
		const char *v = def->rows[r].values ? def->rows[r].values[col] : NULL;
		if (v && strcmp(v, value) == 0)
			return true;
	}
	return false;
}

static void add_id(int64_t **v, int *n, int64_t id)
{
	for (int k = 0; k < *n; k++)
		if ((*v)[k] == id)
			return;
	*v = xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
	(*v)[(*n)++] = id;
}

/* The written cells (live rows, not blank, not a seed value) of activity ID's
 * sheets (its own and ID#..., a drill's hot wash), of column COL only when
 * COL is not NULL; DEF is the old storage definition (for the seeds). */
static mm_status count_holding(store *st, const char *id, const char *col,
	const table_def *def, activity_scope scope, holding *h, mm_error *err)
{
	memset(h, 0, sizeof *h);
	h->scope = scope;
	sqlite3_stmt *q = store_prep(st,
		"SELECT s.activity, s.owner_kind, s.owner_id, r.id, c.col, c.value "
		"FROM sheet s JOIN sheet_row r ON r.sheet_id = s.id AND r.deleted = 0 "
		"JOIN cell c ON c.row_id = r.id "
		"WHERE (s.activity = ?1 OR substr(s.activity, 1, length(?1) + 1) = ?1 || '#') "
		"AND (?2 IS NULL OR c.col = ?2) AND c.value <> ''", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_TRANSIENT);
	if (col)
		sqlite3_bind_text(q, 2, col, -1, SQLITE_TRANSIENT);
	int64_t *owners = NULL, *rows = NULL;
	int nowners = 0, nrows = 0, rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *act = (const char *)sqlite3_column_text(q, 0);
		const char *okind = (const char *)sqlite3_column_text(q, 1);
		const char *c = (const char *)sqlite3_column_text(q, 4);
		const char *v = (const char *)sqlite3_column_text(q, 5);
		if (!act || !okind || !c || !v)
			continue;
		bool own = def && strcmp(act, def->activity_id) == 0;
		if (own && is_seed(def, table_col_index(def, c), v))
			continue;
		h->cells++;
		int64_t kind = okind[0] == 'g' ? 0 : okind[0] == 'c' ? 1 : 2;
		add_id(&owners, &nowners, sqlite3_column_int64(q, 2) * 4 + kind);
		add_id(&rows, &nrows, sqlite3_column_int64(q, 3));
	}
	sqlite3_finalize(q);
	free(owners);
	free(rows);
	h->owners = nowners;
	h->rows = nrows;
	if (rc != SQLITE_DONE)
		return store_step_error(st, rc, err);
	if (col)
		return MM_OK;
	q = store_prep(st, "SELECT COUNT(*) FROM drill_event WHERE activity = ?1", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		h->events = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return store_step_error(st, rc, err);
	return MM_OK;
}

/* "12 cells written by 3 groups, 4 drill events" into OUT. */
static void holding_text(const holding *h, buf *out)
{
	if (h->cells) {
		bool one = h->owners == 1;
		msg_id by = h->scope == SCOPE_COMPANY ? (one ? M_UP_BY_COMPANY1 : M_UP_BY_COMPANIES)
			: h->scope == SCOPE_PERSON ? (one ? M_UP_BY_PERSON1 : M_UP_BY_PEOPLE)
			: one ? M_UP_BY_GROUP1 : M_UP_BY_GROUPS;
		buf_printf(out, tr(h->cells == 1 ? M_UP_CELL1 : M_UP_CELLS), h->cells);
		buf_printf(out, tr(by), h->owners);
	}
	if (h->events) {
		if (h->cells)
			buf_puts(out, tr(M_UP_AND));
		buf_printf(out, tr(h->events == 1 ? M_UP_EVENT1 : M_UP_EVENTS), h->events);
	}
}

/* ---- the report and its refusals ----------------------------------------- */

typedef struct drop_col {
	const char *activity; /* the storage's sheet activity */
	const char *col;
	const char *key; /* not NULL: the cells of the rows whose COL is KEY, but COL */
} drop_col;

typedef struct plan {
	buf *report;
	int lines;
	bool drop;
	int refused;
	mm_error first; /* the first refusal */
	const char **drop_acts; /* activities whose storage goes */
	int ndrop_acts;
	drop_col *drop_cols;
	int ndrop_cols;
} plan;

#define REPORT_WIDTH 80 /* the report fits an 80-column terminal */
#define REPORT_INDENT 6 /* a long line goes on under its "~ " */

typedef struct wrap_out {
	buf *out;
	bool first;
} wrap_out;

static void wrap_line(const char *s, size_t n, void *ctx)
{
	wrap_out *w = ctx;
	if (!w->first)
		buf_printf(w->out, "%*s", REPORT_INDENT, "");
	w->first = false;
	buf_append(w->out, s, n);
	buf_putc(w->out, '\n');
}

static void line(plan *p, msg_id m, ...) /* one item of the report */
{
	va_list ap;
	va_start(ap, m);
	buf b = {0};
	buf_vprintf(&b, tr(m), ap);
	va_end(ap);
	wrap_out w = {p->report, true};
	text_wrap(buf_str(&b), REPORT_WIDTH - REPORT_INDENT, wrap_line, &w);
	buf_free(&b);
	p->lines++;
}

static void refuse(plan *p, msg_id m, ...)
{
	if (p->refused++ == 0) {
		va_list ap;
		va_start(ap, m);
		buf b = {0};
		buf_vprintf(&b, tr(m), ap);
		va_end(ap);
		mm_fail(&p->first, MM_EUSER, "%s", buf_str(&b));
		buf_free(&b);
	}
}

static bool lstr_same(const lstr *a, const lstr *b)
{
	const char *x = a->ja ? a->ja : "", *y = b->ja ? b->ja : "";
	const char *u = a->en ? a->en : "", *v = b->en ? b->en : "";
	return strcmp(x, y) == 0 && strcmp(u, v) == 0;
}

/* The two titles to show for a retitle: in the current language, or in the
 * other one when only that one changed. */
static void titles(const lstr *a, const lstr *b, const char **x, const char **y)
{
	*x = L(a);
	*y = L(b);
	if (strcmp(*x, *y) == 0) {
		bool ja = strcmp(*x, a->ja ? a->ja : "") == 0;
		*x = ja ? (a->en ? a->en : "") : (a->ja ? a->ja : "");
		*y = ja ? (b->en ? b->en : "") : (b->ja ? b->ja : "");
	}
}

static const char *col_name(const column *c)
{
	const char *t = L(&c->title);
	return *t ? t : c->id;
}

/* A type change whose stored values keep their meaning. */
static bool type_change_safe(col_type a, col_type b)
{
	bool ta = a == COL_TEXT || a == COL_LONGTEXT, tb = b == COL_TEXT || b == COL_LONGTEXT;
	return (ta && tb) || a == COL_COMPUTED || b == COL_COMPUTED;
}

/* After a line about a change that would lose H: what happens to it. */
static void losing(plan *p, const holding *h, bool never)
{
	buf b = {0};
	holding_text(h, &b);
	line(p, M_UP_LOSES, buf_str(&b));
	buf_free(&b);
	line(p, never ? M_UP_NEVER : p->drop ? M_UP_WILL_DROP : M_UP_NEEDS_DROP);
}

/* Cells of column COL of activity ACT's live rows holding VALUE. */
static mm_status count_value(store *st, const char *act, const char *col, const char *value,
	int *n, mm_error *err)
{
	*n = 0;
	sqlite3_stmt *q = store_prep(st, "SELECT COUNT(*) FROM cell c "
		"JOIN sheet_row r ON r.id = c.row_id AND r.deleted = 0 "
		"JOIN sheet s ON s.id = r.sheet_id WHERE s.activity = ?1 AND c.col = ?2 "
		"AND c.value = ?3", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_text(q, 1, act, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, col, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, value, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? MM_OK : store_step_error(st, rc, err);
}

/* Choices of a choice column (a board's lanes, a checklist's answers) that
 * go: reported with the cells that hold them, which keep their value. */
static mm_status diff_options(store *st, plan *p, const char *act, const column *oc,
	const column *nc, mm_error *err)
{
	if (oc->type != COL_CHOICE || nc->type != COL_CHOICE)
		return MM_OK;
	for (int k = 0; k < oc->noptions; k++) {
		bool kept = false;
		for (int j = 0; j < nc->noptions && !kept; j++)
			kept = strcmp(oc->options[k].value, nc->options[j].value) == 0;
		if (kept)
			continue;
		const char *label = L(&oc->options[k].label);
		line(p, M_UP_OPTION_REMOVED, act, col_name(nc), *label ? label : oc->options[k].value);
		int n;
		mm_status rc = count_value(st, act, oc->id, oc->options[k].value, &n, err);
		if (rc != MM_OK)
			return rc;
		if (n)
			line(p, M_UP_OPTION_KEPT, n);
	}
	return MM_OK;
}

/* The key of seed row R of a kind's storage whose rows are keyed (a
 * checklist's items, a document's sections): its label, or NULL. */
static const char *row_key(const table_def *t, int r)
{
	const char *const *v = (const char *const *)t->rows[r].values;
	return v && t->label_col >= 0 && t->label_col < t->ncols ? v[t->label_col] : NULL;
}

static bool has_key(const table_def *t, const char *key)
{
	for (int r = 0; r < t->nrows; r++) {
		const char *k = row_key(t, r);
		if (k && strcmp(k, key) == 0)
			return true;
	}
	return false;
}

/* Written cells of the live rows of ACT's sheets whose column COL is KEY
 * (COL itself not counted), and their owners. */
static mm_status count_keyed(store *st, const char *act, const char *col, const char *key,
	activity_scope scope, holding *h, mm_error *err)
{
	memset(h, 0, sizeof *h);
	h->scope = scope;
	sqlite3_stmt *q = store_prep(st, "SELECT COUNT(*), "
		"COUNT(DISTINCT s.owner_kind || ':' || s.owner_id), COUNT(DISTINCT r.id) FROM cell c "
		"JOIN sheet_row r ON r.id = c.row_id AND r.deleted = 0 "
		"JOIN sheet s ON s.id = r.sheet_id "
		"JOIN cell k ON k.row_id = r.id AND k.col = ?2 AND k.value = ?3 "
		"WHERE s.activity = ?1 AND c.col <> ?2 AND c.value <> ''", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_text(q, 1, act, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, col, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		h->cells = sqlite3_column_int(q, 0);
		h->owners = sqlite3_column_int(q, 1);
		h->rows = sqlite3_column_int(q, 2);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? MM_OK : store_step_error(st, rc, err);
}

/* A kind whose rows are its definition's (a checklist's items, a
 * document's sections: every seed row a key): the keys that go, with the
 * work their rows hold. A table's rows are the group's own, not keyed. */
static mm_status diff_keys(store *st, plan *p, const activity *oa, const activity *na,
	mm_error *err)
{
	const table_def *od = oa->storage, *nd = na->storage;
	if (oa->table || na->table || od->label_col < 0 || od->label_col >= od->ncols
		|| nd->label_col < 0 || nd->label_col >= nd->ncols
		|| strcmp(od->cols[od->label_col].id, nd->cols[nd->label_col].id) != 0)
		return MM_OK;
	const char *col = od->cols[od->label_col].id;
	for (int r = 0; r < od->nrows; r++) {
		const char *key = row_key(od, r);
		if (!key || has_key(nd, key))
			continue;
		line(p, M_UP_KEY_REMOVED, na->id, key);
		holding h;
		mm_status rc = count_keyed(st, od->activity_id, col, key, oa->scope, &h, err);
		if (rc != MM_OK)
			return rc;
		if (!holds(&h))
			continue;
		losing(p, &h, false);
		if (!p->drop) {
			buf b = {0};
			holding_text(&h, &b);
			refuse(p, M_UP_REFUSE_KEY, na->id, key, buf_str(&b));
			buf_free(&b);
		}
		p->drop_cols = xrealloc(p->drop_cols, (size_t)(p->ndrop_cols + 1)
			* sizeof *p->drop_cols);
		p->drop_cols[p->ndrop_cols++] = (drop_col){od->activity_id, col, key};
	}
	return MM_OK;
}

static mm_status diff_columns(store *st, plan *p, const activity *oa, const activity *na,
	mm_error *err)
{
	const table_def *od = oa->storage, *nd = na->storage;
	if (!od || !nd)
		return MM_OK;
	mm_status krc = diff_keys(st, p, oa, na, err);
	if (krc != MM_OK)
		return krc;
	for (int k = 0; k < od->ncols; k++) {
		const column *oc = &od->cols[k];
		if (table_col_index(nd, oc->id) >= 0)
			continue;
		line(p, M_UP_COL_REMOVED, na->id, col_name(oc));
		holding h;
		mm_status rc = count_holding(st, od->activity_id, oc->id, od, oa->scope, &h, err);
		if (rc != MM_OK)
			return rc;
		if (holds(&h)) {
			losing(p, &h, false);
			if (!p->drop) {
				buf b = {0};
				holding_text(&h, &b);
				refuse(p, M_UP_REFUSE_COL, na->id, col_name(oc), buf_str(&b));
				buf_free(&b);
			}
		}
		p->drop_cols = xrealloc(p->drop_cols, (size_t)(p->ndrop_cols + 1)
			* sizeof *p->drop_cols);
		p->drop_cols[p->ndrop_cols++] = (drop_col){od->activity_id, oc->id, NULL};
	}
	for (int k = 0; k < nd->ncols; k++) {
		const column *nc = &nd->cols[k];
		int i = table_col_index(od, nc->id);
		if (i < 0) {
			line(p, M_UP_COL_ADDED, na->id, col_name(nc));
			continue;
		}
		const column *oc = &od->cols[i];
		if (!lstr_same(&oc->title, &nc->title)) {
			const char *x, *y;
			titles(&oc->title, &nc->title, &x, &y);
			line(p, M_UP_COL_RETITLED, na->id, nc->id, x, y);
		}
		mm_status orc = diff_options(st, p, od->activity_id, oc, nc, err);
		if (orc != MM_OK)
			return orc;
		if (oc->type != nc->type) {
			line(p, M_UP_COL_TYPE, na->id, col_name(nc), col_type_name(oc->type),
				col_type_name(nc->type));
			if (type_change_safe(oc->type, nc->type))
				continue;
			holding h;
			mm_status rc = count_holding(st, od->activity_id, oc->id, od, oa->scope, &h,
				err);
			if (rc != MM_OK)
				return rc;
			if (holds(&h)) {
				losing(p, &h, true);
				buf b = {0};
				holding_text(&h, &b);
				refuse(p, M_UP_REFUSE_TYPE, na->id, col_name(nc), buf_str(&b),
					col_type_name(oc->type), col_type_name(nc->type));
				buf_free(&b);
			}
		}
	}
	return MM_OK;
}

static mm_status diff(store *st, plan *p, const scenario *os, const scenario *ns, mm_error *err)
{
	for (size_t t = 0; t < os->ntracks; t++)
		for (size_t s = 0; s < os->tracks[t].nsessions; s++) {
			const session *se = &os->tracks[t].sessions[s];
			if (!scenario_find_session(ns, se->id))
				line(p, M_UP_SESSION_REMOVED, se->id, L(&se->title));
		}
	for (size_t t = 0; t < ns->ntracks; t++)
		for (size_t s = 0; s < ns->tracks[t].nsessions; s++) {
			const session *se = &ns->tracks[t].sessions[s];
			const session *old = scenario_find_session(os, se->id);
			if (!old) {
				line(p, M_UP_SESSION_ADDED, se->id, L(&se->title));
			} else if (!lstr_same(&old->title, &se->title)) {
				const char *x, *y;
				titles(&old->title, &se->title, &x, &y);
				line(p, M_UP_SESSION_RETITLED, se->id, x, y);
			}
		}
	for (size_t t = 0; t < os->ntracks; t++)
		for (size_t s = 0; s < os->tracks[t].nsessions; s++) {
			const session *se = &os->tracks[t].sessions[s];
			for (size_t a = 0; a < se->nactivities; a++) {
				const activity *oa = &se->activities[a];
				if (scenario_find_activity(ns, oa->id))
					continue;
				line(p, M_UP_ACT_REMOVED, oa->id, L(&oa->title));
				holding h;
				mm_status rc = count_holding(st, oa->id, NULL, oa->storage, oa->scope, &h,
					err);
				if (rc != MM_OK)
					return rc;
				if (holds(&h)) {
					losing(p, &h, false);
					if (!p->drop) {
						buf b = {0};
						holding_text(&h, &b);
						refuse(p, M_UP_REFUSE_ACT, oa->id, buf_str(&b));
						buf_free(&b);
					}
				}
				p->drop_acts = xrealloc(p->drop_acts, (size_t)(p->ndrop_acts + 1)
					* sizeof *p->drop_acts);
				p->drop_acts[p->ndrop_acts++] = oa->id;
			}
		}
	for (size_t t = 0; t < ns->ntracks; t++)
		for (size_t s = 0; s < ns->tracks[t].nsessions; s++) {
			const session *se = &ns->tracks[t].sessions[s];
			for (size_t a = 0; a < se->nactivities; a++) {
				const activity *na = &se->activities[a];
				const activity *oa = scenario_find_activity(os, na->id);
				if (!oa) {
					line(p, M_UP_ACT_ADDED, na->id, L(&na->title),
						activity_kind_word(na));
					continue;
				}
				if (!lstr_same(&oa->title, &na->title)) {
					const char *x, *y;
					titles(&oa->title, &na->title, &x, &y);
					line(p, M_UP_ACT_RETITLED, na->id, x, y);
				}
				if (strcmp(oa->session->id, na->session->id) != 0)
					line(p, M_UP_ACT_MOVED, na->id, oa->session->id, na->session->id);
				if (oa->kind != na->kind) {
					line(p, M_UP_ACT_KIND, na->id, activity_kind_word(oa),
						activity_kind_word(na));
					holding h;
					mm_status rc = count_holding(st, oa->id, NULL, oa->storage, oa->scope,
						&h, err);
					if (rc != MM_OK)
						return rc;
					if (holds(&h)) {
						losing(p, &h, true);
						buf b = {0};
						holding_text(&h, &b);
						refuse(p, M_UP_REFUSE_KIND, na->id, buf_str(&b),
							activity_kind_word(oa), activity_kind_word(na));
						buf_free(&b);
					} else {
						/* nothing written: its empty sheets go with the old kind */
						p->drop_acts = xrealloc(p->drop_acts, (size_t)(p->ndrop_acts
							+ 1) * sizeof *p->drop_acts);
						p->drop_acts[p->ndrop_acts++] = oa->id;
					}
					continue;
				}
				mm_status rc = diff_columns(st, p, oa, na, err);
				if (rc != MM_OK)
					return rc;
			}
		}
	return MM_OK;
}

/* ---- applying -------------------------------------------------------------- */

static mm_status exec_bound(store *st, const char *sql, const char *a, const char *b,
	mm_error *err)
{
	sqlite3_stmt *q = store_prep(st, sql, err);
	if (!q)
		return MM_EDB;
	if (a)
		sqlite3_bind_text(q, 1, a, -1, SQLITE_TRANSIENT);
	if (b)
		sqlite3_bind_text(q, 2, b, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_write_error(st, err);
	return MM_OK;
}

#define ACT_SHEETS "(SELECT id FROM sheet WHERE activity = ?1 " \
	"OR substr(activity, 1, length(?1) + 1) = ?1 || '#')"

/* Everything stored for activity ID: its sheets (and ID#... ones), drill
 * events, codes, lock and clock; the room leaves it. */
static mm_status drop_activity(store *st, const char *id, mm_error *err)
{
	static const char *const sql[] = {
		"DELETE FROM cell WHERE row_id IN (SELECT id FROM sheet_row WHERE sheet_id IN "
			ACT_SHEETS ")",
		"DELETE FROM sheet_row WHERE sheet_id IN " ACT_SHEETS,
		"DELETE FROM change WHERE sheet_id IN " ACT_SHEETS,
		"DELETE FROM sheet WHERE id IN " ACT_SHEETS,
		"DELETE FROM drill_event WHERE activity = ?1",
		"DELETE FROM person_code WHERE activity = ?1",
		"DELETE FROM room_lock WHERE activity = ?1",
		"DELETE FROM room_clock WHERE scope = 'activity' AND id = ?1",
		"UPDATE room SET activity = '', activity_base = 0 WHERE activity = ?1",
		"UPDATE room_view SET activity = '', owner = 0, state = '' WHERE activity = ?1",
	};
	for (size_t k = 0; k < sizeof sql / sizeof sql[0]; k++) {
		mm_status rc = exec_bound(st, sql[k], id, NULL, err);
		if (rc != MM_OK)
			return rc;
	}
	return MM_OK;
}

/* The cells of column COL of activity ACT's sheets, each logged as dropped. */
/* The cells but COL of the rows of ACT's sheets whose COL is KEY, each
 * logged as dropped; the rows stay, holding their key only. */
static mm_status drop_keyed(store *st, const char *act, const char *col, const char *key,
	mm_error *err)
{
	static const char *const sql[] = {
		"INSERT INTO change(sheet_id, row_id, col, op, old, new, who, at) "
		"SELECT r.sheet_id, r.id, c.col, 'drop', c.value, NULL, ?4, ?5 "
		"FROM cell c JOIN sheet_row r ON r.id = c.row_id "
		"JOIN cell k ON k.row_id = r.id AND k.col = ?2 AND k.value = ?3 "
		"WHERE r.sheet_id IN (SELECT id FROM sheet WHERE activity = ?1) AND c.col <> ?2 "
		"AND c.value <> ''",
		"DELETE FROM cell WHERE col <> ?2 AND row_id IN (SELECT r.id FROM sheet_row r "
		"JOIN cell k ON k.row_id = r.id AND k.col = ?2 AND k.value = ?3 "
		"WHERE r.sheet_id IN (SELECT id FROM sheet WHERE activity = ?1))",
	};
	for (int k = 0; k < 2; k++) {
		sqlite3_stmt *q = store_prep(st, sql[k], err);
		if (!q)
			return MM_EDB;
		sqlite3_bind_text(q, 1, act, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, col, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 3, key, -1, SQLITE_TRANSIENT);
		if (k == 0) {
			sqlite3_bind_text(q, 4, store_who(st), -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(q, 5, store_now());
		}
		int rc = sqlite3_step(q);
		sqlite3_finalize(q);
		if (rc != SQLITE_DONE)
			return store_write_error(st, err);
	}
	return MM_OK;
}

static mm_status drop_column(store *st, const char *act, const char *col, mm_error *err)
{
	sqlite3_stmt *q = store_prep(st,
		"INSERT INTO change(sheet_id, row_id, col, op, old, new, who, at) "
		"SELECT r.sheet_id, r.id, c.col, 'drop', c.value, NULL, ?3, ?4 "
		"FROM cell c JOIN sheet_row r ON r.id = c.row_id "
		"WHERE r.sheet_id IN (SELECT id FROM sheet WHERE activity = ?1) AND c.col = ?2 "
		"AND c.value <> ''", err);
	if (!q)
		return MM_EDB;
	sqlite3_bind_text(q, 1, act, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, col, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, store_who(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 4, store_now());
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_write_error(st, err);
	return exec_bound(st, "DELETE FROM cell WHERE col = ?2 AND row_id IN "
		"(SELECT id FROM sheet_row WHERE sheet_id IN "
		"(SELECT id FROM sheet WHERE activity = ?1))", act, col, err);
}

static mm_status apply(store *st, const plan *p, const scenario *ns, const char *text,
	mm_error *err)
{
	mm_status rc = MM_OK;
	for (int k = 0; rc == MM_OK && k < p->ndrop_acts; k++)
		rc = drop_activity(st, p->drop_acts[k], err);
	for (int k = 0; rc == MM_OK && k < p->ndrop_cols; k++)
		rc = p->drop_cols[k].key ? drop_keyed(st, p->drop_cols[k].activity,
			p->drop_cols[k].col, p->drop_cols[k].key, err)
			: drop_column(st, p->drop_cols[k].activity, p->drop_cols[k].col, err);
	if (rc != MM_OK)
		return rc;
	/* the room leaves a session that is gone */
	sqlite3_stmt *q = store_prep(st, "SELECT session FROM room WHERE id = 1", err);
	if (!q)
		return MM_EDB;
	char *cur = sqlite3_step(q) == SQLITE_ROW ? store_col_text(q, 0) : NULL;
	sqlite3_finalize(q);
	if (cur && *cur && !scenario_find_session(ns, cur))
		rc = exec_bound(st, "UPDATE room SET session = '', activity = '', started_at = 0, "
			"paused_at = 0, paused_total = 0, activity_base = 0 WHERE id = 1", NULL, NULL,
			err);
	free(cur);
	if (rc != MM_OK)
		return rc;
	char hash[17];
	store_hash_text(text, hash);
	return exec_bound(st, "UPDATE workshop SET scenario = ?1, scenario_hash = ?2 WHERE id = 1",
		text, hash, err);
}

mm_status upgrade_run(store *st, const char *new_text, const scenario *newsc, bool dry_run,
	bool drop, buf *report, upgrade_outcome *out, mm_error *err)
{
	*out = dry_run ? UPGRADE_DRY_RUN : UPGRADE_APPLIED;
	mm_status rc;
	if (!dry_run && (rc = store_begin(st, err)) != MM_OK)
		return rc;
	workshop_info ws = {0};
	scenario *os = NULL;
	plan p = {.report = report, .drop = drop};
	buf errs = {0};
	if ((rc = store_workshop_get(st, &ws, err)) != MM_OK)
		goto done;
	if (strcmp(ws.scenario_json, new_text) == 0) {
		*out = UPGRADE_NOTHING;
		goto done;
	}
	if (scenario_parse_stored(store_path(st), ws.scenario_json, strlen(ws.scenario_json), &os, &errs,
			NULL) != MM_OK) {
		size_t n = strcspn(buf_str(&errs), "\n");
		rc = mm_fail(err, MM_EUSER, "%.*s", (int)n, buf_str(&errs));
		goto done;
	}
	buf_puts(report, tr(M_UP_CHANGES));
	buf_putc(report, '\n');
	if ((rc = diff(st, &p, os, newsc, err)) != MM_OK)
		goto done;
	if (!p.lines) {
		buf_puts(report, tr(M_UP_TEXT_ONLY));
		buf_putc(report, '\n');
	}
	if (p.refused) {
		*err = p.first;
		if (p.refused > 1) {
			size_t n = strlen(err->msg);
			snprintf(err->msg + n, sizeof err->msg - n, tr(M_UP_MORE_REFUSED),
				p.refused - 1);
		}
		rc = MM_EUSER;
		goto done;
	}
	if (!dry_run)
		rc = apply(st, &p, newsc, new_text, err);
done:
	if (!dry_run) {
		if (rc == MM_OK && *out == UPGRADE_APPLIED)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	}
	buf_free(&errs);
	free(p.drop_acts);
	free(p.drop_cols);
	scenario_free(os);
	workshop_info_free(&ws);
	return rc;
}
