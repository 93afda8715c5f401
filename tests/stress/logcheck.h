/* logcheck.h — the database agrees with its change log (shared by the
 * stress and crash tests; header-only, static).
 *
 * For every row and cell ever written: each cell holds the `new` of its last
 * 'set' and its version counts its sets; each 'set' replaced the value the
 * set before it left (its `old` is the previous `new`: no write went unseen);
 * every logged set has its cell; every row has its 'insert'; each row's
 * deleted flag is that of its last delete/undelete and its position that of
 * its last move; no row was deleted twice.
 *
 * The log is copied into an indexed temporary table first (the product's
 * `change` table is indexed by sheet only), so the checks stay linear-ish on
 * logs of tens of thousands of changes.  REPORT is called once per check
 * that fails, with how many rows break it and what it is. */
#ifndef MAMORI_TESTS_LOGCHECK_H
#define MAMORI_TESTS_LOGCHECK_H

#include <stdint.h>
#include <sqlite3.h>

static int64_t logcheck_count(sqlite3 *d, const char *sql)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(d, sql, -1, &q, NULL) != SQLITE_OK)
		return -1;
	int64_t v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sqlite3_finalize(q);
	return v;
}

/* Returns how many checks failed (a check that cannot run counts). */
static int logcheck_run(sqlite3 *d, void (*report)(int64_t bad, const char *what))
{
	static const struct {
		const char *what, *sql;
	} checks[] = {
		{"cells that do not hold the new value of their last 'set'",
			"SELECT count(*) FROM cell c WHERE c.value IS NOT (SELECT ch.new FROM lc_change ch "
			"WHERE ch.row_id = c.row_id AND ch.col = c.col AND ch.op = 'set' "
			"ORDER BY ch.id DESC LIMIT 1)"},
		{"cells whose version does not count their sets",
			"SELECT count(*) FROM cell c WHERE c.version <> (SELECT count(*) FROM lc_change ch "
			"WHERE ch.row_id = c.row_id AND ch.col = c.col AND ch.op = 'set')"},
		{"'set' changes whose old value is not the new of the set before (a lost update)",
			"SELECT count(*) FROM lc_change a WHERE a.op = 'set' AND coalesce(a.old, '') IS NOT "
			"coalesce((SELECT b.new FROM lc_change b WHERE b.row_id = a.row_id AND "
			"b.col = a.col AND b.op = 'set' AND b.id < a.id ORDER BY b.id DESC LIMIT 1), '')"},
		{"logged sets with no cell",
			"SELECT count(*) FROM lc_change ch WHERE ch.op = 'set' AND NOT EXISTS (SELECT 1 "
			"FROM cell c WHERE c.row_id = ch.row_id AND c.col = ch.col)"},
		{"rows without their 'insert'",
			"SELECT count(*) FROM sheet_row r WHERE NOT EXISTS (SELECT 1 FROM lc_change ch "
			"WHERE ch.row_id = r.id AND ch.op = 'insert')"},
		{"rows whose deleted flag is not that of their last delete/undelete",
			"SELECT count(*) FROM sheet_row r WHERE r.deleted <> coalesce((SELECT ch.op = "
			"'delete' FROM lc_change ch WHERE ch.row_id = r.id AND ch.op IN ('delete', "
			"'undelete') ORDER BY ch.id DESC LIMIT 1), 0)"},
		{"rows whose position is not that of their last move",
			"SELECT count(*) FROM sheet_row r WHERE EXISTS (SELECT 1 FROM lc_change ch WHERE "
			"ch.row_id = r.id AND ch.op = 'move') AND abs(r.position - (SELECT CAST(ch.new "
			"AS REAL) FROM lc_change ch WHERE ch.row_id = r.id AND ch.op = 'move' "
			"ORDER BY ch.id DESC LIMIT 1)) > 1e-9 * (1 + abs(r.position))"},
		{"rows deleted twice", "SELECT count(*) FROM (SELECT row_id FROM lc_change WHERE "
			"op = 'delete' GROUP BY row_id HAVING count(*) > 1)"},
	};
	int failed = 0;
	if (sqlite3_exec(d, "DROP TABLE IF EXISTS temp.lc_change; "
		"CREATE TEMP TABLE lc_change AS SELECT id, row_id, col, op, old, new FROM change; "
		"CREATE INDEX temp.lc_change_cell ON lc_change(row_id, col, op, id)", NULL, NULL,
		NULL) != SQLITE_OK) {
		report(-1, sqlite3_errmsg(d));
		return 1;
	}
	for (size_t k = 0; k < sizeof checks / sizeof checks[0]; k++) {
		int64_t bad = logcheck_count(d, checks[k].sql);
		if (bad != 0) {
			report(bad, checks[k].what);
			failed++;
		}
	}
	sqlite3_exec(d, "DROP TABLE temp.lc_change", NULL, NULL, NULL);
	return failed;
}

#endif
