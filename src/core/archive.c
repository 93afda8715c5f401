/* archive.c — a whole workshop in one JSON file, and back (archive.h).
 *
 * The file:
 *   {
 *     "mamori-workshop": 1,
 *     "schema": 8,
 *     "tables": {
 *       "grp": {
 *         "columns": ["id", "name", "position"],
 *         "rows": [
 *           [1, "1", 1],
 *           ...
 *
 * Tables come in the order of archive_tables, rows sorted by their key,
 * values as SQLite holds them (text as a JSON string, byte for byte; whole
 * numbers as integers, beyond 2^53 as a string that the column turns back
 * into the same integer; reals in the shortest form that reads back to the
 * same double; NULL as null), so export -> import -> export gives the same
 * bytes. Table and column names in SQL come from the list below and from the
 * new database's own schema, never from the file. Numbers are written and
 * read in the C locale's notation: the command line never changes
 * LC_NUMERIC. */
#include "archive.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "migrate.h"
#include "scenario.h"

/* Every table of the schema that holds workshop state, parents before the
 * rows that refer to them. A table added to migrate.c must be added here
 * (or to archive_skipped, with the reason): test_archive checks. */
const char *const archive_tables[] = {
	"meta", "workshop", "grp", "company", "person", "person_code", "sheet", "sheet_row",
	"cell", "change", "drill_event", "room", "room_clock", "room_lock", "room_view", "draft",
	NULL,
};
/* How each table's rows are sorted (its key; a draft's process id is
 * rewritten, below). */
static const char *const orders[] = {
	"key", "id", "id", "id", "id", "activity, person", "id", "id",
	"row_id, col", "id", "id", "id", "scope, id", "activity", "id",
	"who, place, at DESC, pid DESC",
	NULL,
};
_Static_assert(sizeof archive_tables == sizeof orders, "one order per archived table");

/* Only the schema's one cache is left out: sheet_live, each sheet's number
 * of live rows, which the triggers make again as the rows are restored.
 * Drafts (text being typed when a terminal was hung up) are kept, as
 * everywhere in mamori: a workshop moved in the middle of a session loses
 * no line. */
const char *const archive_skipped[] = {
	"sheet_live",
	NULL,
};

#define NTABLES ((int)(sizeof archive_tables / sizeof archive_tables[0]) - 1)

/* ---- writing ------------------------------------------------------------ */

static void put_string(buf *out, const unsigned char *s, int n)
{
	buf_putc(out, '"');
	for (int i = 0; i < n; i++) {
		unsigned char c = s[i];
		switch (c) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_printf(out, "\\u%04x", c);
			else
				buf_putc(out, (char)c);
		}
	}
	buf_putc(out, '"');
}

/* The shortest of %.15g .. %.17g that reads back as D. */
static void put_real(buf *out, double d)
{
	if (isinf(d)) {
		buf_puts(out, d < 0 ? "-1e999" : "1e999");
		return;
	}
	char s[40];
	for (int p = 15; p <= 17; p++) {
		snprintf(s, sizeof s, "%.*g", p, d);
		if (strtod(s, NULL) == d)
			break;
	}
	buf_puts(out, s);
}

#define EXACT_INT 9007199254740992LL /* 2^53: a JSON reader's double holds it */

/* One row of table T as a JSON array. DRAFT_PID: the column index of a
 * draft's process id (-1: none), written as *RANK. */
static mm_status put_row(sqlite3_stmt *s, const char *t, int draft_pid, int rank, buf *out,
	mm_error *err)
{
	int ncols = sqlite3_column_count(s);
	buf_puts(out, "[");
	for (int c = 0; c < ncols; c++) {
		if (c)
			buf_puts(out, ", ");
		if (c == draft_pid) {
			/* a process of this machine means nothing on another one:
			 * 0, -1, -2 ... (newest first) are no live terminal's, so the
			 * next terminal of the same role takes them back */
			buf_printf(out, "%d", -rank);
			continue;
		}
		switch (sqlite3_column_type(s, c)) {
		case SQLITE_INTEGER: {
			long long v = sqlite3_column_int64(s, c);
			if (v > EXACT_INT || v < -EXACT_INT)
				buf_printf(out, "\"%lld\"", v);
			else
				buf_printf(out, "%lld", v);
			break;
		}
		case SQLITE_FLOAT:
			put_real(out, sqlite3_column_double(s, c));
			break;
		case SQLITE_TEXT: {
			const unsigned char *v = sqlite3_column_text(s, c);
			put_string(out, v, sqlite3_column_bytes(s, c));
			break;
		}
		case SQLITE_NULL:
			buf_puts(out, "null");
			break;
		default:
			return mm_fail(err, MM_EUSER, tr(M_ARC_BINARY), t);
		}
	}
	buf_puts(out, "]");
	return MM_OK;
}

static mm_status put_table(store *st, int k, buf *out, mm_error *err)
{
	const char *t = archive_tables[k];
	char sql[160];
	/* T and its order are ours (the lists above) */
	snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY %s", t, orders[k]);
	sqlite3_stmt *s = store_prep(st, sql, err);
	if (!s)
		return MM_EDB;
	int ncols = sqlite3_column_count(s);
	int draft_pid = -1, draft_who = -1, draft_place = -1;
	buf_printf(out, "    \"%s\": {\n      \"columns\": [", t);
	for (int c = 0; c < ncols; c++) {
		const char *name = sqlite3_column_name(s, c);
		if (c)
			buf_puts(out, ", ");
		put_string(out, (const unsigned char *)name, (int)strlen(name));
		if (strcmp(t, "draft") == 0) {
			if (strcmp(name, "pid") == 0)
				draft_pid = c;
			else if (strcmp(name, "who") == 0)
				draft_who = c;
			else if (strcmp(name, "place") == 0)
				draft_place = c;
		}
	}
	buf_puts(out, "],\n      \"rows\": [");
	mm_status rc = MM_OK;
	int rc2, nrows = 0, rank = 0;
	char *prev_who = NULL, *prev_place = NULL;
	while ((rc2 = sqlite3_step(s)) == SQLITE_ROW) {
		if (draft_pid >= 0 && draft_who >= 0 && draft_place >= 0) {
			/* rank within (who, place), the rows sorted newest first */
			char *who = store_col_text(s, draft_who), *place = store_col_text(s, draft_place);
			if (prev_who && strcmp(who, prev_who) == 0 && strcmp(place, prev_place) == 0)
				rank++;
			else
				rank = 0;
			free(prev_who);
			free(prev_place);
			prev_who = who;
			prev_place = place;
		}
		buf_puts(out, nrows++ ? ",\n        " : "\n        ");
		if ((rc = put_row(s, t, draft_pid, rank, out, err)) != MM_OK)
			break;
	}
	free(prev_who);
	free(prev_place);
	if (rc == MM_OK)
		rc = store_step_error(st, rc2, err);
	sqlite3_finalize(s);
	buf_puts(out, nrows ? "\n      ]\n    }" : "]\n    }");
	return rc;
}

mm_status archive_export(store *st, buf *out, mm_error *err)
{
	sqlite3 *db = store_db(st);
	/* one snapshot: terminals may write between two tables' reads */
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return mm_fail(err, MM_EDB, "%s: %s", tr(M_DB_CANNOT_READ), sqlite3_errmsg(db));
	buf_printf(out, "{\n  \"mamori-workshop\": %d,\n  \"schema\": %d,\n  \"tables\": {\n",
		ARCHIVE_FORMAT, migrate_latest());
	mm_status rc = MM_OK;
	for (int k = 0; k < NTABLES && rc == MM_OK; k++) {
		rc = put_table(st, k, out, err);
		buf_puts(out, k + 1 < NTABLES ? ",\n" : "\n");
	}
	buf_puts(out, "  }\n}\n");
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

static int table_index(const char *name)
{
	for (int k = 0; k < NTABLES; k++)
		if (strcmp(archive_tables[k], name) == 0)
			return k;
	return -1;
}

/* Looks at the archive's shape before anything is made: the marker, the
 * versions, the tables (known names, once each, columns and rows as
 * arrays). TABLES[k] gets archive_tables[k]'s object or NULL. */
static mm_status check_shape(const cJSON *root, const char *name, const cJSON **tables,
	int *schema, mm_error *err)
{
	const cJSON *fmt = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root,
		"mamori-workshop") : NULL;
	const cJSON *sch = fmt ? cJSON_GetObjectItemCaseSensitive(root, "schema") : NULL;
	const cJSON *tabs = fmt ? cJSON_GetObjectItemCaseSensitive(root, "tables") : NULL;
	if (!cJSON_IsNumber(fmt) || fmt->valuedouble < 1 || !cJSON_IsNumber(sch)
		|| sch->valuedouble < 1 || !cJSON_IsObject(tabs))
		return mm_fail(err, MM_EUSER, tr(M_ARC_NOT_ARCHIVE), name);
	*schema = sch->valuedouble > 1e6 ? 1000000 : (int)sch->valuedouble;
	int format = fmt->valuedouble > 1e6 ? 1000000 : (int)fmt->valuedouble;
	if (format > ARCHIVE_FORMAT || *schema > migrate_latest())
		return mm_fail(err, MM_EUSER, tr(M_ARC_NEWER), name, format, *schema,
			ARCHIVE_FORMAT, migrate_latest());
	for (int k = 0; k < NTABLES; k++)
		tables[k] = NULL;
	const cJSON *t;
	cJSON_ArrayForEach(t, tabs) {
		int k = table_index(t->string);
		if (k < 0)
			return mm_fail(err, MM_EUSER, tr(M_ARC_UNKNOWN_TABLE), name, t->string);
		if (tables[k])
			return mm_fail(err, MM_EUSER, tr(M_ARC_TWICE), name, t->string);
		const cJSON *cols = cJSON_GetObjectItemCaseSensitive(t, "columns");
		const cJSON *rows = cJSON_GetObjectItemCaseSensitive(t, "rows");
		if (!cJSON_IsArray(cols) || !cJSON_IsArray(rows))
			return mm_fail(err, MM_EUSER, tr(M_ARC_BAD_TABLE), name, t->string);
		const cJSON *c;
		cJSON_ArrayForEach(c, cols)
			if (!cJSON_IsString(c))
				return mm_fail(err, MM_EUSER, tr(M_ARC_BAD_TABLE), name, t->string);
		tables[k] = t;
	}
	/* an archive of this schema has every table; an older one may lack
	 * those added since (they start empty, as after an upgrade) */
	if (*schema == migrate_latest())
		for (int k = 0; k < NTABLES; k++)
			if (!tables[k])
				return mm_fail(err, MM_EUSER, tr(M_ARC_MISSING_TABLE), name,
					archive_tables[k]);
	return MM_OK;
}

/* The embedded scenario, validated as `mamori init` validates a file. */
static mm_status check_scenario(const cJSON *workshop, const char *name, mm_error *err)
{
	const cJSON *cols = workshop ? cJSON_GetObjectItemCaseSensitive(workshop, "columns") : NULL;
	const cJSON *rows = workshop ? cJSON_GetObjectItemCaseSensitive(workshop, "rows") : NULL;
	int at = -1, k = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, cols) {
		if (strcmp(c->valuestring, "scenario") == 0)
			at = k;
		k++;
	}
	const cJSON *row = cJSON_GetArrayItem(rows, 0);
	const cJSON *text = at >= 0 ? cJSON_GetArrayItem(row, at) : NULL;
	if (cJSON_GetArraySize(rows) != 1 || !cJSON_IsString(text))
		return mm_fail(err, MM_EUSER, tr(M_ARC_NO_WORKSHOP), name);
	char where[300];
	snprintf(where, sizeof where, "%s:workshop.scenario", name);
	buf errs = {0};
	scenario *sc = NULL;
	mm_status rc = scenario_parse(where, text->valuestring, strlen(text->valuestring), &sc,
		&errs, NULL);
	if (rc != MM_OK) {
		size_t n = errs.len;
		while (n && errs.s[n - 1] == '\n')
			errs.s[--n] = '\0';
		mm_fail(err, MM_EUSER, tr(M_SCENARIO_INVALID), buf_str(&errs));
	}
	scenario_free(sc);
	buf_free(&errs);
	return rc == MM_OK ? MM_OK : MM_EUSER;
}

/* Binds JSON value V as parameter I: text, integer, real or NULL. */
static bool bind_value(sqlite3_stmt *s, int i, const cJSON *v)
{
	if (cJSON_IsString(v))
		return sqlite3_bind_text(s, i, v->valuestring, -1, SQLITE_TRANSIENT) == SQLITE_OK;
	if (cJSON_IsNull(v))
		return sqlite3_bind_null(s, i) == SQLITE_OK;
	if (!cJSON_IsNumber(v))
		return false;
	double d = v->valuedouble;
	if (d == floor(d) && fabs(d) <= (double)EXACT_INT)
		return sqlite3_bind_int64(s, i, (sqlite3_int64)d) == SQLITE_OK;
	return sqlite3_bind_double(s, i, d) == SQLITE_OK;
}

/* Writes the rows of archive table T (table K) into the new database. */
static mm_status restore_table(store *st, int k, const cJSON *t, bool whole, const char *name,
	int *count, mm_error *err)
{
	const char *table = archive_tables[k];
	char sql[4096];
	snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", table);
	sqlite3_stmt *q = store_prep(st, sql, err);
	if (!q)
		return MM_EDB;
	int ndb = sqlite3_column_count(q);
	const cJSON *cols = cJSON_GetObjectItemCaseSensitive(t, "columns");
	int ncols = cJSON_GetArraySize(cols);
	/* INSERT INTO "t"("a", "b") VALUES (?1, ?2): the names the new
	 * database gives, matched to the file's */
	buf ins = {0};
	buf_printf(&ins, "INSERT INTO \"%s\"(", table);
	mm_status rc = MM_OK;
	bool *seen = xcalloc((size_t)ndb + 1, sizeof *seen);
	int c = 0;
	const cJSON *col;
	cJSON_ArrayForEach(col, cols) {
		int d = 0;
		while (d < ndb && strcmp(sqlite3_column_name(q, d), col->valuestring) != 0)
			d++;
		if (d == ndb) {
			rc = mm_fail(err, MM_EUSER, tr(M_ARC_UNKNOWN_COLUMN), name, table,
				col->valuestring);
			break;
		}
		if (seen[d]) {
			rc = mm_fail(err, MM_EUSER, tr(M_ARC_TWICE), name, col->valuestring);
			break;
		}
		seen[d] = true;
		buf_printf(&ins, "%s\"%s\"", c++ ? ", " : "", sqlite3_column_name(q, d));
	}
	for (int d = 0; rc == MM_OK && whole && d < ndb; d++)
		if (!seen[d])
			rc = mm_fail(err, MM_EUSER, tr(M_ARC_MISSING_COLUMN), name, table,
				sqlite3_column_name(q, d));
	buf_puts(&ins, ") VALUES (");
	for (int i = 1; i <= ncols; i++)
		buf_printf(&ins, "%s?%d", i > 1 ? ", " : "", i);
	buf_puts(&ins, ")");
	free(seen);
	sqlite3_finalize(q);
	if (rc != MM_OK || ncols == 0) {
		buf_free(&ins);
		return rc;
	}
	/* the rows a new database starts with (the room) give way */
	snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", table);
	if (sqlite3_exec(store_db(st), sql, NULL, NULL, NULL) != SQLITE_OK) {
		buf_free(&ins);
		return store_write_error(st, err);
	}
	sqlite3_stmt *s = store_prep(st, buf_str(&ins), err);
	buf_free(&ins);
	if (!s)
		return MM_EDB;
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(t, "rows");
	const cJSON *row;
	int r = 0;
	cJSON_ArrayForEach(row, rows) {
		r++;
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != ncols) {
			rc = mm_fail(err, MM_EUSER, tr(M_ARC_BAD_ROW), name, table, r,
				tr(M_ARC_ROW_SHAPE));
			break;
		}
		int i = 0;
		const cJSON *v;
		bool ok = true;
		cJSON_ArrayForEach(v, row)
			ok = ok && bind_value(s, ++i, v);
		if (!ok) {
			rc = mm_fail(err, MM_EUSER, tr(M_ARC_BAD_ROW), name, table, r,
				tr(M_ARC_ROW_VALUE));
			break;
		}
		if (sqlite3_step(s) != SQLITE_DONE) {
			int ec = sqlite3_extended_errcode(store_db(st)) & 0xff;
			if (ec == SQLITE_CONSTRAINT || ec == SQLITE_MISMATCH)
				rc = mm_fail(err, MM_EUSER, tr(M_ARC_BAD_ROW), name, table, r,
					sqlite3_errmsg(store_db(st)));
			else
				rc = store_write_error(st, err);
			break;
		}
	}
	sqlite3_finalize(s);
	*count = r;
	return rc;
}

/* Every reference between rows holds (PRAGMA foreign_key_check). */
static mm_status check_references(store *st, const char *name, mm_error *err)
{
	sqlite3_stmt *s = store_prep(st, "PRAGMA foreign_key_check", err);
	if (!s)
		return MM_EDB;
	mm_status rc = MM_OK;
	int src = sqlite3_step(s);
	if (src == SQLITE_ROW)
		rc = mm_fail(err, MM_EUSER, tr(M_ARC_BROKEN_REF), name,
			(const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 2));
	else
		rc = store_step_error(st, src, err);
	sqlite3_finalize(s);
	return rc;
}

static void remove_db(const char *path)
{
	char side[PATH_MAX + 8];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

mm_status archive_import(const char *path, const char *name, const char *data, size_t n,
	archive_counts *counts, mm_error *err)
{
	struct stat sb;
	if (lstat(path, &sb) == 0)
		return mm_fail(err, MM_EUSER, tr(M_ARC_DB_EXISTS), path);
	cJSON *root = cJSON_ParseWithLength(data, n);
	const cJSON *tables[NTABLES];
	int schema = 0;
	mm_status rc = check_shape(root, name, tables, &schema, err);
	if (rc == MM_OK)
		rc = check_scenario(tables[table_index("workshop")], name, err);
	if (rc != MM_OK) {
		cJSON_Delete(root);
		return rc;
	}
	store *st = NULL;
	if ((rc = store_create(path, &st, err)) != MM_OK) {
		cJSON_Delete(root);
		return rc;
	}
	int rows[NTABLES] = {0};
	if ((rc = store_begin(st, err)) == MM_OK) {
		/* the references are checked once every row is in */
		sqlite3_exec(store_db(st), "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL);
		for (int k = 0; k < NTABLES && rc == MM_OK; k++)
			if (tables[k])
				rc = restore_table(st, k, tables[k], schema == migrate_latest(), name,
					&rows[k], err);
		if (rc == MM_OK)
			rc = check_references(st, name, err);
		if (rc == MM_OK)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	}
	store_close(st);
	cJSON_Delete(root);
	if (rc != MM_OK) {
		/* the file is ours (store_create made it): nothing stays */
		remove_db(path);
		return rc;
	}
	if (counts)
		*counts = (archive_counts){rows[table_index("grp")], rows[table_index("company")],
			rows[table_index("person")], rows[table_index("sheet")],
			rows[table_index("change")]};
	return MM_OK;
}
