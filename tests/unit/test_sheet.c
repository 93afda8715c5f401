/* test_sheet.c — a table as the terminals in the room share it: sheets made
 * with their seed rows, writes that bump versions and leave a trail in the
 * change table, several terminals on one database file, compare-and-set
 * conflicts where nothing is lost, who may write which sheet (enforced in
 * core, checked against the database itself), row order, undo and redo, the
 * worked example and drafts.
 *
 * Each case has its own new database (a fresh file in the temporary
 * directory); a "terminal" is a separate store handle on that file. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "status.h"
#include "store.h"
#include "table.h"

#define SME SOURCE_ROOT "/scenarios/sme-program.json"
#define COLUMNS_FIXTURE SOURCE_ROOT "/tests/fixtures/tables/columns.json"

/* --- scenarios, loaded once --- */

static struct {
	scenario *sme, *fx;
	char *sme_text;
	const table_def *ledger, *risk, *kinds, *threats, *measures;
} S;

static int group_setup(void **state)
{
	(void)state;
	S.sme = tu_load_scenario(SME, &S.sme_text);
	S.fx = tu_load_scenario(COLUMNS_FIXTURE, NULL);
	S.ledger = tu_table_of(S.sme, "asset-ledger");
	S.risk = tu_table_of(S.sme, "risk-table");
	S.kinds = tu_table_of(S.fx, "kinds");
	S.threats = tu_table_of(S.fx, "threats");
	S.measures = tu_table_of(S.fx, "measures");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	scenario_free(S.sme);
	scenario_free(S.fx);
	free(S.sme_text);
	memset(&S, 0, sizeof S);
	return 0;
}

/* --- per test: a new database, and everything opened on it --- */

typedef struct fx {
	char *path;
	store *st;          /* the facilitator's terminal, which made the workshop */
	int64_t g[3];       /* groups "1", "2", "3" */
	store *terms[8];
	int nterms;
	sheet *sheets[32];
	int nsheets;
	sheet_history h[4];
} fx;

static int fx_setup(void **state)
{
	static int seq;
	fx *f = xcalloc(1, sizeof *f);
	char name[64];
	snprintf(name, sizeof name, "sheet-%d.db", ++seq);
	f->path = xstrdup(tu_path(name));
	mm_error err = {0};
	if (store_create(f->path, &f->st, &err) != MM_OK)
		fail_msg("store_create: %s", err.msg);
	if (store_workshop_create(f->st, "", S.sme_text, 3, &err) != MM_OK)
		fail_msg("store_workshop_create: %s", err.msg);
	owner_info *o;
	int n;
	assert_int_equal(store_owners(f->st, 0, 0, &o, &n, &err), MM_OK);
	assert_int_equal(n, 3);
	for (int k = 0; k < 3; k++)
		f->g[k] = o[k].id;
	owner_list_free(o, n);
	i18n_set_lang(LANG_JA);
	unsetenv("MAMORI_NOW");
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	fx *f = *state;
	for (int k = 0; k < f->nsheets; k++)
		sheet_free(f->sheets[k]);
	for (int k = 0; k < 4; k++)
		history_free(&f->h[k]);
	for (int k = 0; k < f->nterms; k++)
		store_close(f->terms[k]);
	store_close(f->st);
	free(f->path);
	free(f);
	unsetenv("MAMORI_NOW");
	return 0;
}

/* Another terminal on the same database file. */
static store *terminal(fx *f, store_role role, const char *group)
{
	store *st = NULL;
	mm_error err = {0};
	if (store_open(f->path, &st, &err) != MM_OK)
		fail_msg("store_open: %s", err.msg);
	f->terms[f->nterms++] = st;
	if (store_set_role(st, role, group, &err) != MM_OK)
		fail_msg("store_set_role: %s", err.msg);
	return st;
}

static sheet *sopen(fx *f, store *st, const table_def *def, owner_kind ok, int64_t owner)
{
	sheet *s = NULL;
	mm_error err = {0};
	if (sheet_open(st, def, ok, owner, &s, &err) != MM_OK)
		fail_msg("sheet_open %s: %s", def->activity_id, err.msg);
	assert_non_null(s);
	f->sheets[f->nsheets++] = s;
	return s;
}

static int col_index(const table_def *t, const char *id)
{
	int k = table_col_index(t, id);
	if (k < 0)
		fail_msg("no column %s in %s", id, t->activity_id);
	return k;
}

/* The stored value of column ID in row index R ("" when blank). */
static const char *cell(const sheet *s, int r, const char *id)
{
	assert_true(r >= 0 && r < s->nrows);
	const char *v = s->rows[r].cells[col_index(s->def, id)].value;
	return v ? v : "";
}

static const char *cell_of(const sheet *s, int64_t row, const char *id)
{
	int r = sheet_row_index(s, row);
	if (r < 0)
		fail_msg("row %lld is not in %s", (long long)row, s->def->activity_id);
	return cell(s, r, id);
}

static int version_of(const sheet *s, int64_t row, const char *id)
{
	int r = sheet_row_index(s, row);
	assert_true(r >= 0);
	return s->rows[r].cells[col_index(s->def, id)].version;
}

/* The labels of the rows in display order, joined with '|'. */
static const char *labels(const sheet *s)
{
	static char out[4096];
	out[0] = '\0';
	size_t n = 0;
	for (int r = 0; r < s->nrows; r++) {
		const char *v = s->rows[r].cells[s->def->label_col].value;
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", r ? "|" : "", v ? v : "");
	}
	return out;
}

static void order_is(const sheet *s, const char *want)
{
	const char *got = labels(s);
	if (strcmp(got, want) != 0)
		fail_msg("rows are \"%s\", want \"%s\"", got, want);
	for (int r = 1; r < s->nrows; r++)
		assert_true(s->rows[r - 1].pos < s->rows[r].pos); /* a strict order */
}

/* Inserts a row whose label column is NAME (and optional COL=VALUE pairs,
 * NULL-terminated) at index AT; returns its id. */
static int64_t add_row(store *st, sheet *s, int at, sheet_history *h, const char *name, ...)
{
	const table_def *d = s->def;
	const char **vals = xcalloc((size_t)d->ncols + 1, sizeof *vals);
	vals[d->label_col] = name;
	va_list ap;
	va_start(ap, name);
	for (const char *id; (id = va_arg(ap, const char *)) != NULL;)
		vals[col_index(d, id)] = va_arg(ap, const char *);
	va_end(ap);
	int64_t id = 0;
	mm_error err = {0};
	mm_status rc = sheet_insert(st, s, at, vals, &id, h, &err);
	free(vals);
	if (rc != MM_OK)
		fail_msg("sheet_insert \"%s\": %s", name, err.msg);
	assert_true(id > 0);
	return id;
}

static void set_ok(store *st, sheet *s, int64_t row, const char *id, const char *v,
	sheet_history *h)
{
	mm_error err = {0};
	int expected = version_of(s, row, id);
	if (sheet_set(st, s, row, col_index(s->def, id), v, expected, NULL, h, &err) != MM_OK)
		fail_msg("sheet_set %s = \"%s\": %s", id, v, err.msg);
	assert_string_equal(cell_of(s, row, id), v);
}

static int query_int(store *st, const char *sql)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* One text from the database, by SQL with one integer parameter. */
static char *query_text(store *st, const char *sql, int64_t p)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
	sqlite3_bind_int64(q, 1, p);
	char *out = NULL;
	if (sqlite3_step(q) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);
		out = xstrdup(t ? (const char *)t : "(null)");
	}
	sqlite3_finalize(q);
	return out;
}

/* What the database holds, to show that a refused write changed nothing. */
typedef struct counts {
	int sheets, rows, live, cells, changes, cellsum;
} counts;

static counts count_all(store *st)
{
	counts c;
	c.sheets = query_int(st, "SELECT COUNT(*) FROM sheet");
	c.rows = query_int(st, "SELECT COUNT(*) FROM sheet_row");
	c.live = query_int(st, "SELECT COUNT(*) FROM sheet_row WHERE deleted = 0");
	c.cells = query_int(st, "SELECT COUNT(*) FROM cell");
	c.changes = query_int(st, "SELECT COUNT(*) FROM change");
	c.cellsum = query_int(st, "SELECT COALESCE(SUM(version), 0) FROM cell");
	return c;
}

static void assert_counts_equal(counts a, counts b)
{
	assert_int_equal(a.sheets, b.sheets);
	assert_int_equal(a.rows, b.rows);
	assert_int_equal(a.live, b.live);
	assert_int_equal(a.cells, b.cells);
	assert_int_equal(a.changes, b.changes);
	assert_int_equal(a.cellsum, b.cellsum);
}

static void assert_denied(mm_status rc, const mm_error *err)
{
	assert_int_equal(rc, MM_EDENIED);
	assert_true(err->msg[0] != '\0');
	assert_null(strchr(err->msg, '\n'));
}

/* --- sheets and seed rows --- */

static void test_open_creates_seed_rows(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM sheet"), 0);
	sheet *s = sopen(f, g1, S.threats, OWNER_GROUP, f->g[0]);
	assert_true(s->id > 0);
	order_is(s, "ランサムウェア|標的型攻撃|内部不正");
	assert_string_equal(cell(s, 0, "rating"), "3");
	assert_string_equal(cell(s, 1, "rating"), "");
	assert_string_equal(cell(s, 2, "rating"), "1");
	assert_int_equal(s->rows[0].cells[0].version, 1);
	assert_int_equal(s->rows[1].cells[1].version, 0); /* never written */
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM sheet"), 1);
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM sheet_row"), 3);
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM change WHERE op = 'insert' "
		"AND who = 'group:1'"), 3);

	/* opening again does not add the seeds twice */
	sheet *again = sopen(f, g1, S.threats, OWNER_GROUP, f->g[0]);
	assert_int_equal(again->id, s->id);
	order_is(again, "ランサムウェア|標的型攻撃|内部不正");
	for (int r = 0; r < 3; r++)
		assert_int_equal(again->rows[r].id, s->rows[r].id);
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM sheet_row"), 3);

	/* every group starts from the same seeds, in its own rows */
	store *g2 = terminal(f, ROLE_GROUP, "2");
	sheet *s2 = sopen(f, g2, S.threats, OWNER_GROUP, f->g[1]);
	assert_int_not_equal(s2->id, s->id);
	order_is(s2, "ランサムウェア|標的型攻撃|内部不正");
	for (int r = 0; r < 3; r++)
		assert_int_equal(sheet_row_index(s, s2->rows[r].id), -1);

	/* the projector only looks: a sheet nobody wrote stays unmade and empty */
	store *p = terminal(f, ROLE_PRESENTER, NULL);
	sheet *s3 = sopen(f, p, S.threats, OWNER_GROUP, f->g[2]);
	assert_int_equal(s3->nrows, 0);
	assert_int_equal(s3->id, 0);
	assert_int_equal(query_int(p, "SELECT COUNT(*) FROM sheet"), 2);
	/* ... and the presenter sees a group's sheet once it exists */
	sheet *seen = sopen(f, p, S.threats, OWNER_GROUP, f->g[0]);
	order_is(seen, "ランサムウェア|標的型攻撃|内部不正");

	/* a table without seed rows opens empty */
	sheet *ledger = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	assert_int_equal(ledger->nrows, 0);
}

/* Regression test (a bug found while writing these tests, since fixed): sheet.c ensure_sheet() writes a seed row's ref cells as NULL
 * ("ref seeds are resolved by label when the row is written", but nothing
 * ever resolves them). The fixture's "measures" table has the seed row
 * {"measure": "バックアップを毎日とる", "threat": "ランサムウェア"}, a ref to a
 * seed row of "threats" (scenarios/README.md: a ref cell in rows holds the
 * label of a row of the other table's rows or example, and validation checks
 * it). Opening the sheet as group 1 gives the row a blank 脅威 cell and a
 * blank computed 評価: expected the ref to show "ランサムウェア" and 評価 3. */
static void test_seed_row_refs_resolved(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.measures, OWNER_GROUP, f->g[0]);
	assert_int_equal(s->nrows, 1);
	assert_string_equal(cell(s, 0, "measure"), "バックアップを毎日とる");
	char shown[128], rating[32];
	sheet_display(s, 0, col_index(S.measures, "threat"), shown, sizeof shown);
	sheet_display(s, 0, col_index(S.measures, "rating"), rating, sizeof rating);
	assert_string_equal(shown, "ランサムウェア");
	assert_string_equal(rating, "3");
}

/* A computed value read through a ref follows the referred sheet: its
 * value is kept (memo) only until that sheet changes, also when another
 * terminal changed it and a refresh brought it in, and reading other sheets
 * meanwhile (a summary) does not matter. */
static void test_computed_follows_ref_refresh(void **state)
{
	fx *f = *state;
	store *a = terminal(f, ROLE_GROUP, "1");
	store *b = terminal(f, ROLE_GROUP, "1");
	sheet *m = sopen(f, a, S.measures, OWNER_GROUP, f->g[0]);
	int rating = col_index(S.measures, "rating");
	char shown[32];
	sheet_display(m, 0, rating, shown, sizeof shown);
	assert_string_equal(shown, "3");
	sheet *t = sopen(f, b, S.threats, OWNER_GROUP, f->g[0]);
	assert_string_equal(cell(t, 0, "threat"), "ランサムウェア");
	set_ok(b, t, t->rows[0].id, "rating", "1", NULL);
	sheet *other = sopen(f, a, S.ledger, OWNER_GROUP, f->g[1]); /* read, not changed */
	(void)other;
	sheet_display(m, 0, rating, shown, sizeof shown);
	assert_string_equal(shown, "3"); /* not refreshed yet: as read */
	bool changed = false;
	mm_error err = {0};
	assert_int_equal(sheet_refresh(a, m, &changed, &err), MM_OK);
	assert_true(changed);
	sheet_display(m, 0, rating, shown, sizeof shown);
	assert_string_equal(shown, "1");
}

/* --- writing, versions, the change table, other terminals --- */

/* A write that depends on the whole sheet (a vote against a limit) goes in
 * only on the sheet as loaded: any other write in between is a conflict,
 * and after a reload it goes in. */
static void test_set_if_unchanged(void **state)
{
	fx *f = *state;
	store *a = terminal(f, ROLE_GROUP, "1");
	store *b = terminal(f, ROLE_GROUP, "1");
	sheet *sa = sopen(f, a, S.ledger, OWNER_GROUP, f->g[0]);
	int64_t r1 = add_row(a, sa, 0, NULL, "顧客台帳", NULL);
	int64_t r2 = add_row(a, sa, 1, NULL, "見積書", NULL);
	sheet *sb = sopen(f, b, S.ledger, OWNER_GROUP, f->g[0]);
	assert_int_equal(sheet_reload(a, sa, NULL), MM_OK);
	mm_error err = {0};
	int note = col_index(S.ledger, "note");
	/* b writes another row: a's sheet is no longer as loaded */
	assert_int_equal(sheet_set(b, sb, r2, note, "b", -1, NULL, NULL, &err), MM_OK);
	assert_int_equal(sheet_set_if_unchanged(a, sa, r1, note, "a", NULL, &err), MM_ECONFLICT);
	assert_true(err.msg[0] != '\0');
	assert_string_equal(cell_of(sa, r1, "note"), "");
	assert_int_equal(sheet_reload(a, sa, &err), MM_OK);
	assert_int_equal(sheet_set_if_unchanged(a, sa, r1, note, "a", NULL, &err), MM_OK);
	assert_int_equal(sheet_reload(b, sb, &err), MM_OK);
	assert_string_equal(cell_of(sb, r1, "note"), "a");
	/* and it is still a sheet write: another group's terminal may not */
	store *c = terminal(f, ROLE_GROUP, "2");
	sheet *sc = sopen(f, c, S.ledger, OWNER_GROUP, f->g[0]);
	assert_int_equal(sheet_set_if_unchanged(c, sc, r1, note, "c", NULL, &err), MM_EDENIED);
}

static void test_set_bumps_version_and_logs(void **state)
{
	fx *f = *state;
	store *a = terminal(f, ROLE_GROUP, "1");
	store *b = terminal(f, ROLE_FACILITATOR, NULL); /* the facilitator's laptop */
	sheet *sa = sopen(f, a, S.ledger, OWNER_GROUP, f->g[0]);
	int64_t row = add_row(a, sa, 0, NULL, "顧客台帳", "c", "3", NULL);
	sheet *sb = sopen(f, b, S.ledger, OWNER_GROUP, f->g[0]);
	order_is(sb, "顧客台帳");
	(void)store_changed(b);
	assert_false(store_changed(b));

	mm_error err = {0};
	int note = col_index(S.ledger, "note");
	assert_int_equal(version_of(sa, row, "note"), 0);
	assert_int_equal(sheet_set(a, sa, row, note, "得意先の連絡先", 0, NULL, NULL, &err), MM_OK);
	assert_string_equal(cell_of(sa, row, "note"), "得意先の連絡先");
	assert_int_equal(version_of(sa, row, "note"), 1);
	assert_int_equal(sheet_set(a, sa, row, note, "得意先と見込み客", 1, NULL, NULL, &err),
		MM_OK);
	assert_int_equal(version_of(sa, row, "note"), 2);

	/* the other terminal notices, and sees the value once it reloads */
	assert_true(store_changed(b));
	assert_false(store_changed(b));
	assert_false(store_changed(a)); /* its own write is not news */
	assert_string_equal(cell_of(sb, row, "note"), "");
	assert_int_equal(sheet_reload(b, sb, &err), MM_OK);
	assert_string_equal(cell_of(sb, row, "note"), "得意先と見込み客");
	assert_int_equal(version_of(sb, row, "note"), 2);
	assert_string_equal(cell_of(sb, row, "c"), "3");

	/* the change table holds old, new and who, in order */
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(b), "SELECT old, new, who FROM change "
		"WHERE op = 'set' AND row_id = ?1 AND col = 'note' ORDER BY id", -1, &q, NULL),
		SQLITE_OK);
	sqlite3_bind_int64(q, 1, row);
	static const char *const want[2][3] = {
		{"", "得意先の連絡先", "group:1"},
		{"得意先の連絡先", "得意先と見込み客", "group:1"},
	};
	int n = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		assert_true(n < 2);
		for (int k = 0; k < 3; k++)
			assert_string_equal((const char *)sqlite3_column_text(q, k), want[n][k]);
		n++;
	}
	sqlite3_finalize(q);
	assert_int_equal(n, 2);

	/* writing what is already there is no change */
	int changes = query_int(a, "SELECT COUNT(*) FROM change");
	assert_int_equal(sheet_set(a, sa, row, note, "得意先と見込み客", 2, NULL, NULL, &err),
		MM_OK);
	assert_int_equal(version_of(sa, row, "note"), 2);
	assert_int_equal(query_int(a, "SELECT COUNT(*) FROM change"), changes);

	/* a computed cell cannot be written */
	assert_int_equal(sheet_set(a, sa, row, col_index(S.ledger, "importance"), "1", -1, NULL,
		NULL, &err), MM_EUSER);
	assert_int_equal(query_int(a, "SELECT COUNT(*) FROM change"), changes);
}

static void test_conflict_keep_mine(void **state)
{
	fx *f = *state;
	store *a = terminal(f, ROLE_GROUP, "1");
	store *b = terminal(f, ROLE_FACILITATOR, NULL);
	sheet *sa = sopen(f, a, S.ledger, OWNER_GROUP, f->g[0]);
	int64_t row = add_row(a, sa, 0, NULL, "受注データ（電子）", NULL);
	set_ok(a, sa, row, "note", "初めの備考", NULL);
	sheet *sb = sopen(f, b, S.ledger, OWNER_GROUP, f->g[0]);
	int v = version_of(sb, row, "note");
	assert_int_equal(v, version_of(sa, row, "note"));
	int note = col_index(S.ledger, "note");
	mm_error err = {0};

	/* A writes first */
	assert_int_equal(sheet_set(a, sa, row, note, "Aの備考", v, NULL, NULL, &err), MM_OK);
	/* B still expects version v */
	sheet_conflict c = {0};
	assert_int_equal(sheet_set(b, sb, row, note, "Bの備考", v, &c, NULL, &err), MM_ECONFLICT);
	assert_int_equal(err.code, MM_ECONFLICT);
	assert_non_null(c.theirs);
	assert_string_equal(c.theirs, "Aの備考");
	assert_string_equal(c.who, "group:1");
	assert_int_equal(c.version, v + 1);
	assert_string_equal(cell_of(sb, row, "note"), "初めの備考"); /* B's view untouched */
	char *now = query_text(b, "SELECT value FROM cell WHERE row_id = ?1 AND col = 'note'",
		row);
	assert_string_equal(now, "Aの備考");
	free(now);

	/* B keeps its own value, knowing what it overwrites */
	int expected = c.version;
	sheet_conflict_free(&c);
	assert_int_equal(sheet_set(b, sb, row, note, "Bの備考", expected, &c, NULL, &err), MM_OK);
	assert_null(c.theirs);
	assert_string_equal(cell_of(sb, row, "note"), "Bの備考");
	assert_int_equal(version_of(sb, row, "note"), v + 2);
	assert_int_equal(sheet_reload(a, sa, &err), MM_OK);
	assert_string_equal(cell_of(sa, row, "note"), "Bの備考");

	/* both values are in the history */
	char *hist = query_text(a, "SELECT group_concat(new || '<-' || old || '@' || who, ' ; ') "
		"FROM (SELECT * FROM change WHERE row_id = ?1 AND col = 'note' ORDER BY id)", row);
	assert_string_equal(hist, "初めの備考<-@group:1 ; Aの備考<-初めの備考@group:1 ; "
		"Bの備考<-Aの備考@facilitator");
	free(hist);
}

static void test_conflict_keep_theirs(void **state)
{
	fx *f = *state;
	store *a = terminal(f, ROLE_GROUP, "2");
	store *b = terminal(f, ROLE_GROUP, "2"); /* a second laptop of the same group */
	sheet *sa = sopen(f, a, S.ledger, OWNER_GROUP, f->g[1]);
	int64_t row = add_row(a, sa, 0, NULL, "給与データ", NULL);
	sheet *sb = sopen(f, b, S.ledger, OWNER_GROUP, f->g[1]);
	int owner = col_index(S.ledger, "owner");
	mm_error err = {0};
	assert_int_equal(sheet_set(a, sa, row, owner, "総務課長", 0, NULL, NULL, &err), MM_OK);
	sheet_conflict c = {0};
	assert_int_equal(sheet_set(b, sb, row, owner, "社長", 0, &c, NULL, &err), MM_ECONFLICT);
	assert_string_equal(c.theirs, "総務課長");
	assert_int_equal(c.version, 1);

	/* B keeps theirs: its own value goes to the history, not the cell */
	counts before = count_all(b);
	assert_int_equal(sheet_log_discarded(b, sb, row, owner, "社長", &err), MM_OK);
	sheet_conflict_free(&c);
	counts after = count_all(b);
	assert_int_equal(after.changes, before.changes + 1);
	assert_int_equal(after.cellsum, before.cellsum); /* the cell is not written */
	char *v = query_text(b, "SELECT value FROM cell WHERE row_id = ?1 AND col = 'owner'", row);
	assert_string_equal(v, "総務課長");
	free(v);
	char *d = query_text(b, "SELECT op || ':' || new || ':' || who FROM change "
		"WHERE row_id = ?1 AND col = 'owner' ORDER BY id DESC LIMIT 1", row);
	assert_string_equal(d, "discard:社長:group:2");
	free(d);
	char *first = query_text(b, "SELECT op || ':' || new FROM change "
		"WHERE row_id = ?1 AND col = 'owner' ORDER BY id LIMIT 1", row);
	assert_string_equal(first, "set:総務課長");
	free(first);
	assert_int_equal(sheet_reload(b, sb, &err), MM_OK);
	assert_string_equal(cell_of(sb, row, "owner"), "総務課長");
}

/* --- permissions, enforced in core --- */

static void test_group_cannot_write_other_group(void **state)
{
	fx *f = *state;
	sheet *own = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[1]);
	int64_t r1 = add_row(f->st, own, 0, NULL, "図面・CADデータ", "c", "3", NULL);
	int64_t r2 = add_row(f->st, own, 1, NULL, "メール", NULL);

	store *g1 = terminal(f, ROLE_GROUP, "1");
	mm_error err = {0};
	assert_denied(sheet_may_write(g1, OWNER_GROUP, f->g[1], &err), &err);
	assert_int_equal(sheet_may_write(g1, OWNER_GROUP, f->g[0], &err), MM_OK);
	/* group 1 may look at group 2's table ... */
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[1]);
	order_is(s, "図面・CADデータ|メール");
	counts before = count_all(g1);

	/* ... but not change it, in any way */
	int c = col_index(S.ledger, "c");
	sheet_conflict conf = {0};
	assert_denied(sheet_set(g1, s, r1, c, "1", 1, &conf, NULL, &err), &err);
	assert_null(conf.theirs);
	assert_denied(sheet_set(g1, s, r1, c, "1", -1, NULL, NULL, &err), &err);
	int64_t id = 0;
	assert_denied(sheet_insert(g1, s, 0, NULL, &id, NULL, &err), &err);
	assert_int_equal(id, 0);
	assert_denied(sheet_delete(g1, s, r2, NULL, &err), &err);
	assert_denied(sheet_move(g1, s, r2, 0, NULL, &err), &err);
	assert_denied(sheet_duplicate(g1, s, r1, &id, NULL, &err), &err);
	char *vals[16] = {0};
	vals[S.ledger->label_col] = "侵入";
	char **rows[1] = {vals};
	assert_denied(sheet_insert_many(g1, s, rows, 1, false, NULL, &err), &err);
	assert_denied(sheet_insert_many(g1, s, rows, 1, true, NULL, &err), &err);
	assert_denied(sheet_load_example(g1, s, NULL, &err), &err);
	assert_denied(sheet_log_discarded(g1, s, r1, c, "1", &err), &err);

	/* undo of edits made elsewhere cannot sneak through either */
	sheet_history h = {0};
	sheet *mine = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	int64_t m = add_row(g1, mine, 0, &h, "自分の資産", NULL);
	(void)m;
	before = count_all(g1);
	assert_denied(sheet_undo(g1, s, &h, false, &err), &err);
	history_free(&h);

	assert_counts_equal(count_all(g1), before);
	assert_int_equal(sheet_reload(f->st, own, &err), MM_OK);
	order_is(own, "図面・CADデータ|メール");
	assert_string_equal(cell_of(own, r1, "c"), "3");

	/* in English too, a one-line reason */
	i18n_set_lang(LANG_EN);
	assert_denied(sheet_set(g1, s, r1, c, "1", -1, NULL, NULL, &err), &err);
	assert_non_null(strstr(err.msg, "another group"));
}

static void test_presenter_cannot_write(void **state)
{
	fx *f = *state;
	sheet *own = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]);
	int64_t r = add_row(f->st, own, 0, NULL, "会計データ", NULL);
	store *p = terminal(f, ROLE_PRESENTER, NULL);
	counts before = count_all(p);
	mm_error err = {0};
	for (int g = 0; g < 3; g++)
		assert_denied(sheet_may_write(p, OWNER_GROUP, f->g[g], &err), &err);
	sheet *s = sopen(f, p, S.ledger, OWNER_GROUP, f->g[0]);
	order_is(s, "会計データ");
	assert_denied(sheet_set(p, s, r, col_index(S.ledger, "c"), "2", -1, NULL, NULL, &err),
		&err);
	assert_denied(sheet_insert(p, s, 1, NULL, NULL, NULL, &err), &err);
	assert_denied(sheet_delete(p, s, r, NULL, &err), &err);
	assert_denied(sheet_load_example(p, s, NULL, &err), &err);
	/* opening sheets nobody has written does not make them */
	sheet *other = sopen(f, p, S.risk, OWNER_GROUP, f->g[2]);
	assert_int_equal(other->nrows, 0);
	assert_counts_equal(count_all(p), before);
}

/* A locked activity (presentations): a group's every write to its own sheet
 * of that activity is refused in core, with the reason; other activities,
 * and the facilitator, still write; unlocking gives the group its pen back. */
static void test_locked_activity_refuses_group_writes(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *mine = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	sheet_history h = {0};
	int64_t r1 = add_row(g1, mine, 0, &h, "顧客台帳", NULL);
	int64_t r2 = add_row(g1, mine, 1, &h, "メール", NULL);
	mm_error err = {0};

	/* only the facilitator locks */
	assert_denied(store_activity_lock(g1, "asset-ledger", true, &err), &err);
	assert_int_equal(store_activity_lock(f->st, "asset-ledger", true, &err), MM_OK);
	bool locked = false;
	assert_int_equal(store_activity_locked(g1, "asset-ledger", &locked, &err), MM_OK);
	assert_true(locked);
	assert_int_equal(store_activity_locked(g1, "risk-table", &locked, &err), MM_OK);
	assert_false(locked);

	/* the group may still write sheets of its own group, but not here */
	assert_int_equal(sheet_may_write(g1, OWNER_GROUP, f->g[0], &err), MM_OK);
	assert_denied(sheet_may_write_in(g1, "asset-ledger", OWNER_GROUP, f->g[0], &err), &err);
	assert_non_null(strstr(err.msg, "発表中のため編集できません"));
	assert_int_equal(sheet_may_write_in(g1, "risk-table", OWNER_GROUP, f->g[0], &err),
		MM_OK);
	/* the activity's own further sheets ("#...") lock with it */
	assert_denied(sheet_may_write_in(g1, "asset-ledger#x", OWNER_GROUP, f->g[0], &err),
		&err);

	counts before = count_all(g1);
	int c = col_index(S.ledger, "c");
	assert_denied(sheet_set(g1, mine, r1, c, "1", -1, NULL, NULL, &err), &err);
	int64_t id = 0;
	assert_denied(sheet_insert(g1, mine, 0, NULL, &id, NULL, &err), &err);
	assert_int_equal(id, 0);
	assert_denied(sheet_delete(g1, mine, r2, NULL, &err), &err);
	assert_denied(sheet_move(g1, mine, r2, 0, NULL, &err), &err);
	assert_denied(sheet_duplicate(g1, mine, r1, &id, NULL, &err), &err);
	char *vals[16] = {0};
	vals[S.ledger->label_col] = "侵入";
	char **rows[1] = {vals};
	assert_denied(sheet_insert_many(g1, mine, rows, 1, false, NULL, &err), &err);
	assert_denied(sheet_load_example(g1, mine, NULL, &err), &err);
	assert_denied(sheet_undo(g1, mine, &h, false, &err), &err);
	assert_counts_equal(count_all(g1), before);

	/* another activity of the group is not locked */
	sheet *risk = sopen(f, g1, S.risk, OWNER_GROUP, f->g[0]);
	assert_int_equal(sheet_insert(g1, risk, 0, NULL, &id, NULL, &err), MM_OK);

	/* the facilitator still writes the group's locked sheet */
	sheet *fs = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]);
	set_ok(f->st, fs, r1, "c", "3", NULL);

	/* unlocked: the group writes again */
	assert_int_equal(store_activity_lock(f->st, "asset-ledger", false, &err), MM_OK);
	assert_int_equal(sheet_reload(g1, mine, &err), MM_OK);
	assert_int_equal(sheet_set(g1, mine, r1, c, "1", -1, NULL, NULL, &err), MM_OK);

	/* in English too */
	assert_int_equal(store_activity_lock(f->st, "asset-ledger", true, &err), MM_OK);
	i18n_set_lang(LANG_EN);
	assert_denied(sheet_set(g1, mine, r1, c, "2", -1, NULL, NULL, &err), &err);
	assert_non_null(strstr(err.msg, "cannot be edited"));
	history_free(&h);
}

static void test_facilitator_writes_any_group(void **state)
{
	fx *f = *state;
	static const char *const names[3] = {"顧客台帳", "図面・CADデータ", "給与データ"};
	for (int g = 0; g < 3; g++) {
		sheet *s = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[g]);
		int64_t r = add_row(f->st, s, 0, NULL, names[g], NULL);
		set_ok(f->st, s, r, "c", "3", NULL);
	}
	/* each group sees its own row, and only that */
	static const char *const gn[3] = {"1", "2", "3"};
	for (int g = 0; g < 3; g++) {
		store *t = terminal(f, ROLE_GROUP, gn[g]);
		sheet *s = sopen(f, t, S.ledger, OWNER_GROUP, f->g[g]);
		order_is(s, names[g]);
		assert_string_equal(cell(s, 0, "c"), "3");
	}
}

static void test_company_sheets_follow_the_group(void **state)
{
	fx *f = *state;
	mm_error err = {0};
	int64_t mine = 0, theirs = 0;
	assert_int_equal(store_company_add(f->st, "つばめ台ばね製作所", f->g[0], "製造", 30, &mine,
		&err), MM_OK);
	assert_int_equal(store_company_add(f->st, "みなと商事", f->g[1], "卸売", 12, &theirs, &err),
		MM_OK);
	store *g1 = terminal(f, ROLE_GROUP, "1");
	assert_int_equal(sheet_may_write(g1, OWNER_COMPANY, mine, &err), MM_OK);
	assert_denied(sheet_may_write(g1, OWNER_COMPANY, theirs, &err), &err);

	/* a company of group 1: its sheet is group 1's to fill in */
	sheet *s = sopen(f, g1, S.kinds, OWNER_COMPANY, mine);
	int64_t r = add_row(g1, s, 0, NULL, "UTMの導入", "cost", "120", NULL);
	set_ok(g1, s, r, "treat", "reduce", NULL);
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM sheet WHERE owner_kind = 'company'"), 1);

	/* a company of group 2: not even made by opening it */
	counts before = count_all(g1);
	sheet *o = sopen(f, g1, S.kinds, OWNER_COMPANY, theirs);
	assert_int_equal(o->nrows, 0);
	assert_denied(sheet_insert(g1, o, 0, NULL, NULL, NULL, &err), &err);
	char *vals[16] = {0};
	vals[0] = "他社の件";
	char **rows[1] = {vals};
	assert_denied(sheet_insert_many(g1, o, rows, 1, false, NULL, &err), &err);
	assert_counts_equal(count_all(g1), before);

	/* group 2 may */
	store *g2 = terminal(f, ROLE_GROUP, "2");
	sheet *o2 = sopen(f, g2, S.kinds, OWNER_COMPANY, theirs);
	add_row(g2, o2, 0, NULL, "バックアップ装置", NULL);
	/* and group 2 may not touch group 1's company */
	sheet *s2 = sopen(f, g2, S.kinds, OWNER_COMPANY, mine);
	before = count_all(g2);
	assert_denied(sheet_set(g2, s2, r, col_index(S.kinds, "cost"), "0", -1, NULL, NULL, &err),
		&err);
	assert_denied(sheet_delete(g2, s2, r, NULL, &err), &err);
	assert_counts_equal(count_all(g2), before);
}

static void test_row_of_another_sheet_refused(void **state)
{
	fx *f = *state;
	sheet *theirs = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[1]);
	int64_t victim = add_row(f->st, theirs, 0, NULL, "グループ2の資産", "c", "2", NULL);

	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *mine = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	add_row(g1, mine, 0, NULL, "グループ1の資産", NULL);
	counts before = count_all(g1);
	mm_error err = {0};
	int name = col_index(S.ledger, "name"), c = col_index(S.ledger, "c");
	/* guessing another sheet's row id gets nowhere, even "keep mine" (-1) */
	assert_int_not_equal(sheet_set(g1, mine, victim, name, "書き換えた", -1, NULL, NULL, &err),
		MM_OK);
	assert_true(err.msg[0] != '\0');
	assert_int_not_equal(sheet_set(g1, mine, victim, c, "1", 1, NULL, NULL, &err), MM_OK);
	assert_int_not_equal(sheet_set(g1, mine, victim, c, "1", 0, NULL, NULL, &err), MM_OK);
	assert_int_not_equal(sheet_delete(g1, mine, victim, NULL, &err), MM_OK);
	assert_int_not_equal(sheet_set(g1, mine, 999999, name, "x", -1, NULL, NULL, &err), MM_OK);
	assert_counts_equal(count_all(g1), before);

	/* the facilitator cannot mix sheets up either */
	sheet *f1 = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]);
	assert_int_not_equal(sheet_set(f->st, f1, victim, name, "書き換えた", -1, NULL, NULL,
		&err), MM_OK);
	/* nor write a ledger row through the risk table */
	sheet *risk = sopen(f, f->st, S.risk, OWNER_GROUP, f->g[1]);
	assert_int_not_equal(sheet_set(f->st, risk, victim, col_index(S.risk, "scenario"), "x", -1,
		NULL, NULL, &err), MM_OK);
	assert_int_equal(sheet_reload(f->st, theirs, &err), MM_OK);
	assert_string_equal(cell_of(theirs, victim, "name"), "グループ2の資産");
	assert_string_equal(cell_of(theirs, victim, "c"), "2");
	assert_int_equal(query_int(f->st, "SELECT COUNT(*) FROM cell WHERE value = '書き換えた'"), 0);
}

/* --- rows: order, moving, deleting, duplicating --- */

static void test_insert_keeps_order(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	add_row(g1, s, 0, NULL, "B", NULL);
	add_row(g1, s, s->nrows, NULL, "D", NULL);  /* end */
	add_row(g1, s, 0, NULL, "A", NULL);         /* start */
	add_row(g1, s, 2, NULL, "C", NULL);         /* middle */
	order_is(s, "A|B|C|D");
	add_row(g1, s, 3, NULL, "C2", NULL);
	add_row(g1, s, 9, NULL, "F", NULL);         /* past the end appends */
	add_row(g1, s, 5, NULL, "E", NULL);         /* just before the last */
	order_is(s, "A|B|C|C2|D|E|F");
	/* another terminal reads the same order */
	sheet *t = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]);
	order_is(t, "A|B|C|C2|D|E|F");
}

static void test_move_up_and_down(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	int64_t a = add_row(g1, s, 0, NULL, "A", NULL);
	add_row(g1, s, 1, NULL, "B", NULL);
	add_row(g1, s, 2, NULL, "C", NULL);
	int64_t d = add_row(g1, s, 3, NULL, "D", NULL);
	mm_error err = {0};
	assert_int_equal(sheet_move(g1, s, a, 1, NULL, &err), MM_OK); /* down one */
	order_is(s, "B|A|C|D");
	assert_int_equal(sheet_move(g1, s, a, 2, NULL, &err), MM_OK); /* down again */
	order_is(s, "B|C|A|D");
	assert_int_equal(sheet_move(g1, s, d, 2, NULL, &err), MM_OK); /* up one */
	order_is(s, "B|C|D|A");
	assert_int_equal(sheet_move(g1, s, d, 0, NULL, &err), MM_OK); /* to the top */
	order_is(s, "D|B|C|A");
	assert_int_equal(sheet_move(g1, s, d, 3, NULL, &err), MM_OK); /* to the bottom */
	order_is(s, "B|C|A|D");
	int changes = query_int(g1, "SELECT COUNT(*) FROM change");
	assert_int_equal(sheet_move(g1, s, d, 3, NULL, &err), MM_OK); /* already there */
	assert_int_equal(sheet_move(g1, s, d, 4, NULL, &err), MM_OK); /* past the end */
	order_is(s, "B|C|A|D");
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM change"), changes);
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM change WHERE op = 'move'"), 5);
	sheet *t = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]);
	order_is(t, "B|C|A|D");
}

static void test_delete_hides_row(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	add_row(g1, s, 0, NULL, "A", NULL);
	int64_t b = add_row(g1, s, 1, NULL, "B", "note", "消す行", NULL);
	add_row(g1, s, 2, NULL, "C", NULL);
	sheet *t = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]);
	mm_error err = {0};
	assert_int_equal(sheet_delete(g1, s, b, NULL, &err), MM_OK);
	order_is(s, "A|C");
	assert_int_equal(sheet_row_index(s, b), -1);
	assert_int_equal(sheet_reload(f->st, t, &err), MM_OK);
	order_is(t, "A|C");
	/* hidden, not destroyed: the row and its cells are still in the file */
	char *del = query_text(g1, "SELECT deleted FROM sheet_row WHERE id = ?1", b);
	assert_string_equal(del, "1");
	free(del);
	char *note = query_text(g1, "SELECT value FROM cell WHERE row_id = ?1 AND col = 'note'", b);
	assert_string_equal(note, "消す行");
	free(note);
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM change WHERE op = 'delete'"), 1);
	/* a deleted row cannot be deleted again or written */
	counts before = count_all(g1);
	assert_int_equal(sheet_delete(g1, s, b, NULL, &err), MM_ENOTFOUND);
	assert_int_not_equal(sheet_set(g1, s, b, col_index(S.ledger, "note"), "x", -1, NULL, NULL,
		&err), MM_OK);
	assert_counts_equal(count_all(g1), before);
}

static void test_duplicate_copies_values(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	add_row(g1, s, 0, NULL, "A", NULL);
	int64_t b = add_row(g1, s, 1, NULL, "人事記録（紙）", "media", "paper", "pii",
		"personal,sensitive", "c", "3", "i", "2", "a", "1", "registered", "2026-10-15", NULL);
	add_row(g1, s, 2, NULL, "C", NULL);
	int64_t copy = 0;
	mm_error err = {0};
	assert_int_equal(sheet_duplicate(g1, s, b, &copy, NULL, &err), MM_OK);
	assert_true(copy > 0 && copy != b);
	order_is(s, "A|人事記録（紙）|人事記録（紙）|C"); /* right below the original */
	assert_int_equal(s->rows[2].id, copy);
	for (int k = 0; k < S.ledger->ncols; k++) {
		char x[256], y[256];
		sheet_display(s, 1, k, x, sizeof x);
		sheet_display(s, 2, k, y, sizeof y);
		assert_string_equal(x, y);
	}
	assert_string_equal(cell_of(s, copy, "pii"), "personal,sensitive");
	assert_string_equal(cell_of(s, copy, "registered"), "2026-10-15");
	/* the copy is a row of its own */
	set_ok(g1, s, copy, "name", "人事記録（電子）", NULL);
	set_ok(g1, s, copy, "media", "pc", NULL);
	assert_string_equal(cell_of(s, b, "name"), "人事記録（紙）");
	assert_string_equal(cell_of(s, b, "media"), "paper");
	order_is(s, "A|人事記録（紙）|人事記録（電子）|C");
}

static void test_many_inserts_same_spot(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	add_row(g1, s, 0, NULL, "first", NULL);
	add_row(g1, s, 1, NULL, "last", NULL);
	/* always right after "first": each new row halves the gap, 60 times */
	for (int k = 1; k <= 60; k++) {
		char name[16];
		snprintf(name, sizeof name, "n%02d", k);
		add_row(g1, s, 1, NULL, name, NULL);
		assert_string_equal(cell(s, 1, "name"), name);
		assert_string_equal(cell(s, 0, "name"), "first");
		assert_string_equal(cell(s, s->nrows - 1, "name"), "last");
	}
	char want[1024] = "first";
	for (int k = 60; k >= 1; k--) {
		char p[16];
		snprintf(p, sizeof p, "|n%02d", k);
		strcat(want, p);
	}
	strcat(want, "|last");
	order_is(s, want);
	/* no two rows share a position, so every terminal sorts them the same */
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(DISTINCT position) FROM sheet_row WHERE "
		"sheet_id = %lld AND deleted = 0", (long long)s->id);
	assert_int_equal(query_int(g1, sql), 62);
	sheet *t = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]);
	order_is(t, want);
	/* and inserting between the two closest rows still works */
	add_row(g1, s, 2, NULL, "between", NULL);
	assert_string_equal(cell(s, 1, "name"), "n60");
	assert_string_equal(cell(s, 2, "name"), "between");
	assert_string_equal(cell(s, 3, "name"), "n59");
}

/* --- undo and redo --- */

static void test_undo_redo_set(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	sheet_history *h = &f->h[0];
	int64_t r = add_row(g1, s, 0, NULL, "見積書（電子）", "c", "2", NULL);
	set_ok(g1, s, r, "c", "3", h);
	set_ok(g1, s, r, "note", "NASの営業フォルダ", h);
	mm_error err = {0};
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	assert_string_equal(cell_of(s, r, "note"), "");
	assert_string_equal(cell_of(s, r, "c"), "3");
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	assert_string_equal(cell_of(s, r, "c"), "2");
	/* the database agrees, and another terminal sees it */
	sheet *t = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]);
	assert_string_equal(cell_of(t, r, "c"), "2");
	assert_string_equal(cell_of(t, r, "note"), "");

	assert_int_equal(sheet_undo(g1, s, h, true, &err), MM_OK); /* redo */
	assert_string_equal(cell_of(s, r, "c"), "3");
	assert_int_equal(sheet_undo(g1, s, h, true, &err), MM_OK);
	assert_string_equal(cell_of(s, r, "note"), "NASの営業フォルダ");
	counts before = count_all(g1);
	assert_int_equal(sheet_undo(g1, s, h, true, &err), MM_ENOTFOUND);
	assert_string_equal(err.msg, "やり直す操作はありません");
	assert_counts_equal(count_all(g1), before);

	/* undo twice more, then there is nothing left (the insert was not recorded) */
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_ENOTFOUND);
	assert_string_equal(err.msg, "元に戻す操作はありません");
	i18n_set_lang(LANG_EN);
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_ENOTFOUND);
	assert_string_equal(err.msg, "Nothing to undo");
	assert_string_equal(cell_of(s, r, "c"), "2");
	assert_int_equal(s->nrows, 1);

	/* a new edit after an undo drops what could be redone */
	assert_int_equal(sheet_undo(g1, s, h, true, &err), MM_OK);
	assert_string_equal(cell_of(s, r, "c"), "3");
	set_ok(g1, s, r, "a", "1", h);
	assert_int_equal(sheet_undo(g1, s, h, true, &err), MM_ENOTFOUND);
	assert_string_equal(cell_of(s, r, "note"), "");
}

static void test_undo_insert_and_delete(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	sheet_history *h = &f->h[0];
	add_row(g1, s, 0, NULL, "A", NULL);
	int64_t b = add_row(g1, s, 1, h, "B", "note", "Bの備考", NULL);
	add_row(g1, s, 2, NULL, "C", NULL);
	mm_error err = {0};
	/* the last recorded edit is B's insert: undo takes the row away */
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	order_is(s, "A|C");
	assert_int_equal(sheet_undo(g1, s, h, true, &err), MM_OK);
	order_is(s, "A|B|C");
	assert_string_equal(cell_of(s, b, "note"), "Bの備考");

	/* deleting, then undoing the delete brings the row back as it was */
	assert_int_equal(sheet_delete(g1, s, b, h, &err), MM_OK);
	order_is(s, "A|C");
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	order_is(s, "A|B|C");
	assert_string_equal(cell_of(s, b, "note"), "Bの備考");
	sheet *t = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]);
	order_is(t, "A|B|C");
	assert_int_equal(sheet_undo(g1, s, h, true, &err), MM_OK);
	order_is(s, "A|C");

	/* a move is undone too */
	int64_t c = s->rows[1].id;
	assert_int_equal(sheet_move(g1, s, c, 0, h, &err), MM_OK);
	order_is(s, "C|A");
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	order_is(s, "A|C");
}

static void test_undo_refused_after_other_change(void **state)
{
	fx *f = *state;
	store *a = terminal(f, ROLE_GROUP, "1");
	store *b = terminal(f, ROLE_FACILITATOR, NULL);
	sheet *sa = sopen(f, a, S.ledger, OWNER_GROUP, f->g[0]);
	sheet_history *h = &f->h[0];
	int64_t r = add_row(a, sa, 0, NULL, "メール", NULL);
	set_ok(a, sa, r, "owner", "総務課長", h);
	sheet *sb = sopen(f, b, S.ledger, OWNER_GROUP, f->g[0]);
	set_ok(b, sb, r, "owner", "社長", NULL);

	/* A sees B's write, then tries to undo its own older one */
	mm_error err = {0};
	assert_int_equal(sheet_reload(a, sa, &err), MM_OK);
	counts before = count_all(a);
	assert_int_equal(sheet_undo(a, sa, h, false, &err), MM_ECONFLICT);
	assert_string_equal(err.msg, "ほかの端末が後から変更したので元に戻せません");
	assert_counts_equal(count_all(a), before);
	assert_string_equal(cell_of(sa, r, "owner"), "社長");
	i18n_set_lang(LANG_EN);
	assert_int_equal(sheet_undo(a, sa, h, false, &err), MM_ECONFLICT);
	assert_string_equal(err.msg, "Someone changed it since; not undone");
	assert_counts_equal(count_all(a), before);
	char *v = query_text(a, "SELECT value FROM cell WHERE row_id = ?1 AND col = 'owner'", r);
	assert_string_equal(v, "社長");
	free(v);
	/* the edit stays undoable once the cell is back to what A wrote */
	set_ok(b, sb, r, "owner", "総務課長", NULL);
	assert_int_equal(sheet_reload(a, sa, &err), MM_OK);
	assert_int_equal(sheet_undo(a, sa, h, false, &err), MM_OK);
	assert_string_equal(cell_of(sa, r, "owner"), "");
}

/* Runs sheet_undo(ST, S, H, false) in a child process, so that a crash fails
 * this test instead of ending the whole run; returns the wait status. The
 * child only makes that one call on the connection it inherits and leaves
 * with _exit: 0 when undo was refused with MM_ECONFLICT, 10 + the status
 * otherwise. */
static int undo_in_child(store *st, sheet *s, sheet_history *h)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		mm_error err = {0};
		mm_status rc = sheet_undo(st, s, h, false, &err);
		_exit(rc == MM_ECONFLICT ? 0 : 10 + (int)rc);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

/* Regression test (a bug found while writing these tests, since fixed): sheet.c apply() (the H_SET case of undo/redo) declares "char *old;"
 * without a value, calls set_in_tx(..., &old, ...) and then free(old); but
 * set_in_tx() returns without setting *old_out when the cell's version is no
 * longer the expected one (and when check_row() fails). So undo on a sheet
 * that has not been reloaded since another terminal changed the cell (or
 * deleted the row) frees an uninitialised pointer: the program aborts
 * ("munmap_chunk(): invalid pointer") instead of refusing. Input: group 1
 * sets リスク所有者 to "総務課長" (recorded for undo), the facilitator sets it
 * to "社長", group 1 presses undo before its next reload. Expected
 * MM_ECONFLICT and nothing changed; got a crash of the terminal. */
static void test_undo_before_reload_does_not_crash(void **state)
{
	fx *f = *state;
	store *a = terminal(f, ROLE_GROUP, "1");
	store *b = terminal(f, ROLE_FACILITATOR, NULL);
	sheet *sa = sopen(f, a, S.ledger, OWNER_GROUP, f->g[0]);
	sheet_history *h = &f->h[0];
	int64_t r = add_row(a, sa, 0, NULL, "メール", NULL);
	set_ok(a, sa, r, "owner", "総務課長", h);
	sheet *sb = sopen(f, b, S.ledger, OWNER_GROUP, f->g[0]);
	set_ok(b, sb, r, "owner", "社長", NULL);

	counts before = count_all(a);
	int status = undo_in_child(a, sa, h); /* A has not seen B's write yet */
	assert_counts_equal(count_all(a), before);
	char *v = query_text(a, "SELECT value FROM cell WHERE row_id = ?1 AND col = 'owner'", r);
	assert_string_equal(v, "社長");
	free(v);
	if (WIFSIGNALED(status))
		fail_msg("undo crashed with signal %d", WTERMSIG(status));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_undo_load_example(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	sheet_history *h = &f->h[0];
	add_row(g1, s, 0, h, "自社の資産", NULL);
	mm_error err = {0};
	assert_int_equal(sheet_load_example(g1, s, h, &err), MM_OK);
	assert_int_equal(s->nrows, 1 + S.ledger->nexample);
	assert_int_equal(S.ledger->nexample, 13);
	assert_string_equal(cell(s, 0, "name"), "自社の資産");       /* appended after */
	assert_string_equal(cell(s, 1, "name"), "顧客台帳");
	assert_string_equal(cell(s, 13, "name"), "NASのバックアップ（USBディスク）");
	/* one undo takes the whole example away, and only it */
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	order_is(s, "自社の資産");
	sheet *t = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]);
	order_is(t, "自社の資産");
	assert_int_equal(sheet_undo(g1, s, h, true, &err), MM_OK);
	assert_int_equal(s->nrows, 14);
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	assert_int_equal(s->nrows, 0);
}

/* Loading the worked example: what it will do is known first (the rows, the
 * rows there now, the rows it adds to referenced tables), and "replace"
 * makes the table the example without duplicating a label. */
static void test_load_example_replace(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	mm_error err = {0};
	/* the risk table refers to the empty ledger: all 13 of its rows go there */
	sheet *r = sopen(f, g1, S.risk, OWNER_GROUP, f->g[0]);
	example_plan p;
	sheet_example_plan(r, &p);
	assert_int_equal(p.rows, S.risk->nexample);
	assert_int_equal(p.current, 0);
	assert_int_equal(p.nother, 1);
	assert_ptr_equal(p.other[0].def, S.ledger);
	assert_int_equal(p.other[0].rows, 13);

	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	sheet_history *h = &f->h[0];
	add_row(g1, s, 0, h, "自社の資産", NULL);
	add_row(g1, s, 1, h, "顧客台帳", NULL);
	sheet_example_plan(s, &p);
	assert_int_equal(p.rows, 13);
	assert_int_equal(p.current, 2);
	assert_int_equal(p.nother, 0); /* the ledger refers to no table */
	assert_int_equal(sheet_load_example_as(g1, s, true, h, &err), MM_OK);
	assert_int_equal(s->nrows, 13);
	int named = 0;
	for (int k = 0; k < s->nrows; k++) {
		named += strcmp(cell(s, k, "name"), "顧客台帳") == 0;
		assert_string_not_equal(cell(s, k, "name"), "自社の資産");
	}
	assert_int_equal(named, 1); /* not twice, as adding gives */
	assert_string_equal(cell(s, 0, "name"), "顧客台帳");
	/* one undo brings the group's two rows back */
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	order_is(s, "自社の資産|顧客台帳");
	/* add: after them, the label twice */
	assert_int_equal(sheet_load_example_as(g1, s, false, h, &err), MM_OK);
	assert_int_equal(s->nrows, 15);
	named = 0;
	for (int k = 0; k < s->nrows; k++)
		named += strcmp(cell(s, k, "name"), "顧客台帳") == 0;
	assert_int_equal(named, 2);
}

/* Regression test (a bug found while writing these tests, since fixed): sheet.c sheet_load_example() appends its history entries at h->n
 * without dropping the entries that were undone (h->done..h->n), which
 * hist_push() does for every other edit ("a new edit drops what could be
 * redone"); it then sets h->done = h->n, so the undone edits count as done
 * again. Sequence: set 備考 to "メモ" (recorded), undo it (備考 blank), load
 * the worked example, undo (example removed), undo again. Expected the last
 * undo to say there is nothing to undo (MM_ENOTFOUND "元に戻す操作はありま
 * せん"), since the set was already undone; got MM_ECONFLICT "ほかの端末が後
 * から変更したので元に戻せません", the old set being undone a second time
 * (had the cell been "メモ" again it would silently be cleared). */
static void test_example_after_undo_drops_redo(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	sheet_history *h = &f->h[0];
	int64_t r = add_row(g1, s, 0, NULL, "自社の資産", NULL);
	set_ok(g1, s, r, "note", "メモ", h);
	mm_error err = {0};
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	assert_string_equal(cell_of(s, r, "note"), "");
	assert_int_equal(sheet_load_example(g1, s, h, &err), MM_OK);
	assert_int_equal(sheet_undo(g1, s, h, true, &err), MM_ENOTFOUND); /* nothing to redo */
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	order_is(s, "自社の資産");
	mm_status rc = sheet_undo(g1, s, h, false, &err);
	assert_int_equal(rc, MM_ENOTFOUND);
	assert_string_equal(err.msg, "元に戻す操作はありません");
}

/* --- the worked example --- */

/* A group that wrote its own ledger rows still gets a working risk example:
 * only the ledger example rows the risks name are added, and every risk
 * row's asset points at one of them. */
static void test_load_example_with_own_ledger_rows(void **state)
{
	fx *f = *state;
	store *g2 = terminal(f, ROLE_GROUP, "2");
	sheet *risk = sopen(f, g2, S.risk, OWNER_GROUP, f->g[1]);
	int casset = col_index(S.risk, "asset");
	add_row(g2, risk->ref[casset], 0, NULL, "自社の顧客名簿", NULL);
	mm_error err = {0};
	assert_int_equal(sheet_load_example(g2, risk, NULL, &err), MM_OK);
	sheet *ledger = risk->ref[casset];
	assert_true(ledger->nrows > 1);
	assert_true(ledger->nrows < 1 + S.ledger->nexample); /* not the whole example */
	assert_true(sheet_find_label(ledger, "自社の顧客名簿") != 0); /* the group's row stays */
	for (int r = 0; r < risk->nrows; r++) {
		char shown[256];
		sheet_display(risk, r, casset, shown, sizeof shown);
		if (!shown[0])
			fail_msg("risk row %d has no asset", r + 1);
	}
}

static void test_load_example_risk_table_loads_ledger_first(void **state)
{
	fx *f = *state;
	store *g2 = terminal(f, ROLE_GROUP, "2");
	sheet *risk = sopen(f, g2, S.risk, OWNER_GROUP, f->g[1]);
	int casset = col_index(S.risk, "asset");
	assert_non_null(risk->ref[casset]);
	assert_int_equal(risk->ref[casset]->nrows, 0);
	mm_error err = {0};
	assert_int_equal(sheet_load_example(g2, risk, NULL, &err), MM_OK);
	assert_int_equal(risk->nrows, S.risk->nexample);
	assert_int_equal(risk->nrows, 9);
	assert_int_equal(risk->ref[casset]->nrows, S.ledger->nexample);
	sheet *ledger = sopen(f, g2, S.ledger, OWNER_GROUP, f->g[1]);
	assert_int_equal(ledger->nrows, 13);

	int crisk = col_index(S.risk, "risk");
	bool big = false, mid = false, small = false;
	for (int r = 0; r < risk->nrows; r++) {
		char shown[256];
		sheet_display(risk, r, casset, shown, sizeof shown);
		const char *want = S.risk->example[r].values[casset];
		assert_non_null(want);
		assert_string_equal(shown, want);             /* every ref resolves */
		assert_true(sheet_find_label(ledger, shown) > 0);
		assert_int_equal(sheet_value(risk, r, col_index(S.risk, "importance")).kind, EXPR_NUM);
		const band *b = sheet_band(risk, r, crisk);
		assert_non_null(b);
		big |= strcmp(b->label.ja, "大") == 0;
		mid |= strcmp(b->label.ja, "中") == 0;
		small |= strcmp(b->label.ja, "小") == 0;
	}
	assert_true(big && mid && small);
	/* the first example: 図面・CADデータ (3), threat 3, vuln 3 */
	char shown[64];
	sheet_display(risk, 0, crisk, shown, sizeof shown);
	assert_string_equal(shown, "9 大");
	/* the ledger's example is the ledger's own rows, in order */
	assert_string_equal(cell(ledger, 0, "name"), "顧客台帳");
	assert_string_equal(cell(ledger, 0, "pii"), "personal");
	assert_string_equal(cell(ledger, 0, "media"), "server");
}

/* --- drafts --- */

static int interrupt_all(void *ctx)
{
	(void)ctx;
	return 1;
}

/* A read that fails part way (here: every statement interrupted) is an
 * error, never rows read so far reported as the whole sheet or roster. */
static void test_read_errors_are_errors(void **state)
{
	fx *f = *state;
	store *a = terminal(f, ROLE_GROUP, "1");
	sheet *sa = sopen(f, a, S.ledger, OWNER_GROUP, f->g[0]);
	add_row(a, sa, 0, NULL, "顧客台帳", NULL);
	add_row(a, sa, 1, NULL, "見積書", NULL);
	mm_error err = {0};
	sqlite3_progress_handler(store_db(a), 1, interrupt_all, NULL);
	assert_int_equal(sheet_reload(a, sa, &err), MM_EDB);
	assert_true(err.msg[0] != '\0');
	assert_int_equal(sa->nrows, 0); /* empty, not half read */
	bool changed;
	assert_int_equal(sheet_refresh(a, sa, &changed, &err), MM_EDB);
	owner_info *o = NULL;
	int n = -1;
	assert_int_equal(store_owners(a, 0, 0, &o, &n, &err), MM_EDB);
	assert_int_equal(n, 0);
	assert_null(o);
	group_info *g = NULL;
	assert_int_equal(store_groups(a, &g, &n, &err), MM_EDB);
	assert_int_equal(n, 0);
	sheet *peek = NULL;
	assert_int_equal(sheet_peek(a, S.ledger, OWNER_GROUP, f->g[0], &peek, &err), MM_EDB);
	assert_null(peek);
	int rows, sets;
	assert_int_equal(sheet_count(a, "asset-ledger", OWNER_GROUP, f->g[0], &rows, &sets, &err),
		MM_EDB);
	sqlite3_progress_handler(store_db(a), 0, NULL, NULL);
	assert_int_equal(sheet_reload(a, sa, &err), MM_OK);
	assert_int_equal(sa->nrows, 2);
}

static void test_drafts(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	mm_error err = {0};
	char *place = NULL, *text = NULL;
	setenv("MAMORI_NOW", "1800000000", 1);
	assert_int_equal(store_draft_save(g1, "sheet:asset-ledger:5:note", "途中まで書いた備考",
		-1, &err), MM_OK);
	assert_int_equal(store_draft_save(g1, "sheet:asset-ledger:5:note", "途中まで書いた備考（続き）",
		-1, &err), MM_OK); /* one draft per place: the newest text */
	assert_int_equal(store_draft_take(g1, "sheet:asset-ledger:", &place, &text, NULL, &err), MM_OK);
	assert_non_null(place);
	assert_string_equal(place, "sheet:asset-ledger:5:note");
	assert_string_equal(text, "途中まで書いた備考（続き）");
	free(place);
	free(text);
	/* taking it deletes it */
	assert_int_equal(store_draft_take(g1, "sheet:asset-ledger:", &place, &text, NULL, &err), MM_OK);
	assert_null(place);
	assert_null(text);
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM draft"), 0);

	/* another terminal's draft is not ours */
	store *g2 = terminal(f, ROLE_GROUP, "2");
	assert_int_equal(store_draft_save(g2, "sheet:asset-ledger:7:name", "グループ2の下書き",
		-1, &err), MM_OK);
	assert_int_equal(store_draft_take(g1, "sheet:", &place, &text, NULL, &err), MM_OK);
	assert_null(place);
	assert_null(text);
	assert_int_equal(store_draft_take(f->st, "sheet:", &place, &text, NULL, &err), MM_OK);
	assert_null(place); /* not even the facilitator's */

	/* a dropped connection loses nothing: the same group on a new handle */
	assert_int_equal(store_draft_save(g1, "sheet:risk-table:3:measure", "対策案の下書き\n2行目",
		-1, &err), MM_OK);
	setenv("MAMORI_NOW", "1800000100", 1);
	assert_int_equal(store_draft_save(g1, "sheet:risk-table:4:measure", "新しいほう", -1, &err),
		MM_OK);
	assert_int_equal(store_draft_save(g1, "board:1", "別の場所", -1, &err), MM_OK);
	store *again = terminal(f, ROLE_GROUP, "1");
	assert_int_equal(store_draft_take(again, "sheet:", &place, &text, NULL, &err), MM_OK);
	assert_string_equal(place, "sheet:risk-table:4:measure"); /* the newest first */
	assert_string_equal(text, "新しいほう");
	free(place);
	free(text);
	assert_int_equal(store_draft_take(again, "sheet:", &place, &text, NULL, &err), MM_OK);
	assert_string_equal(place, "sheet:risk-table:3:measure");
	assert_string_equal(text, "対策案の下書き\n2行目");
	free(place);
	free(text);
	assert_int_equal(store_draft_take(again, "sheet:", &place, &text, NULL, &err), MM_OK);
	assert_null(place);
	/* group 2's draft and the other place are still there */
	assert_int_equal(store_draft_take(g2, "sheet:", &place, &text, NULL, &err), MM_OK);
	assert_string_equal(text, "グループ2の下書き");
	free(place);
	free(text);
	assert_int_equal(store_draft_take(g1, "board:", &place, &text, NULL, &err), MM_OK);
	assert_string_equal(text, "別の場所");
	free(place);
	free(text);
}

/* A cell's display text comes back whole however long it is: a 5,000-byte
 * note (multi-byte text, so a cut would also split a character) is shown by
 * sheet_display_buf byte for byte, where the fixed-size form gave at most the
 * size of the caller's array. */
static void test_display_long_value_whole(void **state)
{
	fx *f = *state;
	store *a = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, a, S.ledger, OWNER_GROUP, f->g[0]);
	int64_t row = add_row(a, s, 0, NULL, "顧客台帳", "c", "3", NULL);
	buf want = {0};
	while (want.len < 4998)
		buf_puts(&want, "備考"); /* 6 bytes each */
	while (want.len < 5000)
		buf_putc(&want, 'x');
	assert_int_equal(want.len, 5000);
	mm_error err = {0};
	int note = col_index(S.ledger, "note");
	assert_int_equal(sheet_set(a, s, row, note, buf_str(&want), -1, NULL, NULL, &err), MM_OK);
	int r = sheet_row_index(s, row);
	assert_true(r >= 0);
	buf got = {0};
	sheet_display_buf(s, r, note, &got);
	assert_int_equal(got.len, 5000);
	assert_string_equal(buf_str(&got), buf_str(&want));
	/* it appends: a second call doubles the text */
	sheet_display_buf(s, r, note, &got);
	assert_int_equal(got.len, 10000);
	buf_free(&got);
	buf_free(&want);
}

/* Replacing the rows of a table (an import with --replace): a row another
 * table refers to (here the measures' seed row, which names ランサムウェア)
 * may not go; a row with the same name stays the same row, so the
 * reference and what is computed through it hold. */
static void test_insert_many_replace_keeps_referred_rows(void **state)
{
	fx *f = *state;
	mm_error err = {0};
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *m = sopen(f, g1, S.measures, OWNER_GROUP, f->g[0]);
	sheet *t = m->ref[col_index(S.measures, "threat")];
	assert_non_null(t);
	int64_t ransom = t->rows[0].id;
	assert_string_equal(cell(t, 0, "threat"), "ランサムウェア");
	char shown[64];
	sheet_display(m, 0, col_index(S.measures, "rating"), shown, sizeof shown);
	assert_string_equal(shown, "3");

	char *a[] = {"標的型攻撃", "2"}, *b[] = {"内部不正", "1"};
	char **without[] = {a, b};
	int rows = query_int(g1, "SELECT COUNT(*) FROM sheet_row");
	int changes = query_int(g1, "SELECT COUNT(*) FROM change");
	assert_int_equal(sheet_insert_many(g1, t, without, 2, true, NULL, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "「ランサムウェア」"));
	assert_non_null(strstr(err.msg, "measures"));
	assert_non_null(strstr(err.msg, "バックアップを毎日とる"));
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM sheet_row"), rows);
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM change"), changes);
	assert_int_equal(t->nrows, 3);

	char *r2[] = {"ランサムウェア", "2"}, *n[] = {"新しい脅威", ""};
	char **with[] = {n, r2};
	assert_int_equal(sheet_insert_many(g1, t, with, 2, true, NULL, &err), MM_OK);
	order_is(t, "新しい脅威|ランサムウェア");
	assert_int_equal(t->rows[1].id, ransom);
	assert_int_equal(sheet_reload(g1, m, &err), MM_OK);
	sheet_display(m, 0, col_index(S.measures, "rating"), shown, sizeof shown);
	assert_string_equal(shown, "2");
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM change WHERE op = 'delete'"), 2);
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM change WHERE op = 'set' "
		"AND col = 'rating' AND old = '3' AND new = '2'"), 1);
}

/* An import into a table nobody has opened (the command line only peeks):
 * the table and its seed rows are made in the import's transaction, and so
 * are the tables its seed rows refer to, so the seed row's reference is
 * there as when a terminal opens the table first. */
static void test_insert_many_into_peeked_sheet_makes_ref_targets(void **state)
{
	fx *f = *state;
	mm_error err = {0};
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *m = NULL;
	assert_int_equal(sheet_peek(g1, S.measures, OWNER_GROUP, f->g[0], &m, &err), MM_OK);
	f->sheets[f->nsheets++] = m;
	assert_int_equal(m->id, 0);
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM sheet"), 0);
	char *row[] = {"鍵をかける", "", ""};
	char **rows[] = {row};
	assert_int_equal(sheet_insert_many(g1, m, rows, 1, false, NULL, &err), MM_OK);
	order_is(m, "バックアップを毎日とる|鍵をかける");
	char shown[64];
	sheet_display(m, 0, col_index(S.measures, "threat"), shown, sizeof shown);
	assert_string_equal(shown, "ランサムウェア");
	sheet_display(m, 0, col_index(S.measures, "rating"), shown, sizeof shown);
	assert_string_equal(shown, "3");
	assert_int_equal(query_int(g1, "SELECT COUNT(*) FROM sheet"), 2);
	/* the same as a terminal that opens the table sees */
	sheet *o = sopen(f, f->st, S.measures, OWNER_GROUP, f->g[0]);
	sheet_display(o, 0, col_index(S.measures, "threat"), shown, sizeof shown);
	assert_string_equal(shown, "ランサムウェア");
}

/* Two sheets hold the same rows in the same order with the same cells. */
static void same_sheet(const sheet *a, const sheet *b)
{
	assert_int_equal(a->nrows, b->nrows);
	for (int r = 0; r < a->nrows; r++) {
		assert_int_equal(a->rows[r].id, b->rows[r].id);
		for (int k = 0; k < a->def->ncols; k++) {
			const char *x = a->rows[r].cells[k].value, *y = b->rows[r].cells[k].value;
			assert_string_equal(x ? x : "", y ? y : "");
		}
		assert_int_equal(sheet_row_index(a, a->rows[r].id), r);
	}
}

/* Another terminal's inserts, deletes, moves and edits are put in place one
 * row at a time: the rows nobody touched keep their cells (no reload), the
 * result is what a fresh open reads, and the delta names what changed. */
static void test_refresh_applies_rows_in_place(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	int64_t a = add_row(g1, s, 0, NULL, "A", NULL);
	int64_t b = add_row(g1, s, 1, NULL, "B", NULL);
	int64_t c = add_row(g1, s, 2, NULL, "C", NULL);
	add_row(g1, s, 3, NULL, "D", NULL);
	sheet *t = sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]);
	order_is(t, "A|B|C|D");
	sheet_cell *d_cells = t->rows[3].cells; /* row D: nobody touches it */
	mm_error err = {0};
	bool changed = false;
	int64_t e = add_row(g1, s, 2, NULL, "E", "note", "新しい行", NULL); /* A B E C D */
	assert_int_equal(sheet_delete(g1, s, b, NULL, &err), MM_OK);         /* A E C D */
	assert_int_equal(sheet_move(g1, s, a, 3, NULL, &err), MM_OK);        /* E C D A */
	set_ok(g1, s, c, "note", "書き換え", NULL);
	assert_int_equal(sheet_refresh(f->st, t, &changed, &err), MM_OK);
	assert_true(changed);
	order_is(t, "E|C|D|A");
	assert_false(t->delta.full);
	assert_non_null(t->delta.remap);
	assert_int_equal(t->delta.nremap, 4);
	assert_int_equal(t->delta.remap[1], -1);             /* B went */
	assert_int_equal(t->delta.remap[0], 3);              /* A moved to the end */
	assert_int_equal(t->delta.remap[3], 2);              /* D stayed, one up */
	assert_ptr_equal(t->rows[2].cells, d_cells);          /* and was not read again */
	assert_string_equal(cell_of(t, e, "note"), "新しい行");
	assert_string_equal(cell_of(t, c, "note"), "書き換え");
	bool named[4] = {false};
	for (int k = 0; k < t->delta.nchanged; k++) {
		named[0] |= t->delta.rows[k] == e;
		named[1] |= t->delta.rows[k] == b;
		named[2] |= t->delta.rows[k] == a;
		named[3] |= t->delta.rows[k] == c;
	}
	assert_true(named[0] && named[1] && named[2] && named[3]);
	same_sheet(t, sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]));
	/* a cell edit only: indices kept, no remap */
	set_ok(g1, s, e, "note", "もう一度", NULL);
	assert_int_equal(sheet_refresh(f->st, t, &changed, &err), MM_OK);
	assert_true(changed);
	assert_null(t->delta.remap);
	assert_int_equal(t->delta.nchanged, 1);
	assert_int_equal(t->delta.rows[0], e);
	assert_string_equal(cell_of(t, e, "note"), "もう一度");
	/* nothing new: nothing changed */
	assert_int_equal(sheet_refresh(f->st, t, &changed, &err), MM_OK);
	assert_false(changed);
}

/* This terminal's own writes are applied from the change log like another
 * terminal's: the rows it did not touch are not read again. */
static void test_local_write_applies_in_place(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	add_row(g1, s, 0, NULL, "A", NULL);
	int64_t b = add_row(g1, s, 1, NULL, "B", NULL);
	add_row(g1, s, 2, NULL, "C", NULL);
	sheet_cell *a_cells = s->rows[0].cells, *c_cells = s->rows[2].cells;
	int64_t n = add_row(g1, s, 1, NULL, "N", NULL);
	order_is(s, "A|N|B|C");
	assert_false(s->delta.full);
	assert_non_null(s->delta.remap);
	assert_ptr_equal(s->rows[0].cells, a_cells);
	assert_ptr_equal(s->rows[3].cells, c_cells);
	assert_int_equal(sheet_row_index(s, n), 1);
	mm_error err = {0};
	assert_int_equal(sheet_delete(g1, s, b, NULL, &err), MM_OK);
	order_is(s, "A|N|C");
	assert_int_equal(s->delta.remap[2], -1);
	assert_ptr_equal(s->rows[2].cells, c_cells);
	same_sheet(s, sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]));
}

/* A sheet opened with its first rows only knows every row at once; the
 * rest of the cells come a chunk at a time, and what other terminals write
 * meanwhile (into rows read or not yet read, new rows) ends up exactly as a
 * fresh open reads it. */
/* Inserts N ledger rows named 資産-0001... (counting down from N when
 * DOWN), each with the note NOTE(r) (none when NULL), in one import. */
static void insert_numbered(store *st, sheet *s, int n, bool down, const char *(*note)(int r))
{
	int name = col_index(S.ledger, "name"), nc = col_index(S.ledger, "note");
	char ***vals = xcalloc((size_t)n, sizeof *vals);
	for (int r = 0; r < n; r++) {
		vals[r] = xcalloc((size_t)S.ledger->ncols + 1, sizeof **vals);
		vals[r][name] = xmalloc(32);
		snprintf(vals[r][name], 32, "資産-%04d", down ? n - r : r + 1);
		if (note)
			vals[r][nc] = xstrdup(note(r));
	}
	mm_error err = {0};
	assert_int_equal(sheet_insert_many(st, s, vals, n, false, NULL, &err), MM_OK);
	for (int r = 0; r < n; r++) {
		for (int k = 0; k < S.ledger->ncols; k++)
			free(vals[r][k]);
		free(vals[r]);
	}
	free(vals);
}

static const char *odd_even(int r)
{
	return r % 2 ? "奇数" : "偶数";
}

static const char *numbered_note(int r)
{
	static char b[32];
	snprintf(b, sizeof b, "備考%d", r);
	return b;
}

static void test_open_first_then_load_more(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	enum { N = 1500 };
	insert_numbered(g1, s, N, false, odd_even);
	mm_error err = {0};
	sheet *t = NULL;
	assert_int_equal(sheet_open_first(f->st, S.ledger, OWNER_GROUP, f->g[0], 20, &t, &err),
		MM_OK);
	f->sheets[f->nsheets++] = t;
	assert_int_equal(t->nrows, N);          /* every row is known */
	assert_true(t->partial);
	assert_string_equal(cell(t, 19, "name"), "資産-0020");
	assert_string_equal(cell(t, N - 1, "name"), "");  /* not read yet */
	/* the last screen, read on its own (End) */
	assert_int_equal(sheet_load_rows(f->st, t, N - 20, 20, &err), MM_OK);
	assert_string_equal(cell(t, N - 1, "name"), "資産-1500");
	/* another terminal writes meanwhile: a row not read yet, a row read,
	 * a new row, a deleted row */
	set_ok(g1, s, s->rows[700].id, "note", "途中で変更", NULL);
	set_ok(g1, s, s->rows[5].id, "note", "先頭で変更", NULL);
	add_row(g1, s, 1000, NULL, "途中の新しい行", NULL);
	assert_int_equal(sheet_delete(g1, s, s->rows[1200].id, NULL, &err), MM_OK);
	bool changed = false, more = true;
	assert_int_equal(sheet_refresh(f->st, t, &changed, &err), MM_OK);
	assert_true(changed);
	assert_int_equal(t->nrows, N);          /* one more, one less */
	int chunks = 0;
	while (more) {
		assert_int_equal(sheet_load_more(f->st, t, 0, &more, &err), MM_OK);
		chunks++;
	}
	assert_true(chunks > 1);                /* a chunk at a time, not all at once */
	assert_false(t->partial);
	same_sheet(t, s);
	same_sheet(t, sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]));
	/* sheet_complete reads the rest at once */
	sheet *u = NULL;
	assert_int_equal(sheet_open_first(f->st, S.ledger, OWNER_GROUP, f->g[0], 20, &u, &err),
		MM_OK);
	f->sheets[f->nsheets++] = u;
	assert_int_equal(sheet_load_rows(f->st, u, 100, 30, &err), MM_OK);
	assert_int_equal(sheet_complete(f->st, u, &err), MM_OK);
	assert_false(u->partial);
	same_sheet(u, s);
}

/* A long sheet opened for its first screen reads the count and the first
 * rows' ids only (issue 13: the first frame of 100,000 rows); the other ids
 * come a chunk at a time, in order, or all at once (End); another
 * terminal's writes meanwhile end up exactly as a fresh open reads them. */
/* Sorting a long table just opened reads one column of the rows not read
 * yet (sheet_load_column), a screen's rows in one range read
 * (sheet_load_rows); the rest comes as before and the sheet ends equal to a
 * fresh open. */
static void test_load_column_then_rest(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	enum { N = 3000 };
	int name = col_index(S.ledger, "name");
	insert_numbered(g1, s, N, true, numbered_note);
	mm_error err = {0};
	sheet *t = NULL;
	assert_int_equal(sheet_open_first(f->st, S.ledger, OWNER_GROUP, f->g[0], 20, &t, &err),
		MM_OK);
	f->sheets[f->nsheets++] = t;
	assert_true(t->ids_more);
	assert_int_equal(sheet_load_column(f->st, t, name, &err), MM_OK);
	assert_false(t->ids_more);             /* every row's id */
	assert_int_equal(t->nrows, N);
	assert_true(t->partial);               /* the other cells still to come */
	for (int r = 0; r < N; r++)
		assert_string_equal(cell(t, r, "name"), cell(s, r, "name"));
	assert_string_equal(cell(t, 2000, "note"), ""); /* not read yet */
	/* a screen's rows in the middle, in one read */
	assert_int_equal(sheet_load_rows(f->st, t, 2000, 30, &err), MM_OK);
	for (int r = 2000; r < 2030; r++) {
		assert_true(t->rows[r].loaded);
		assert_string_equal(cell(t, r, "note"), cell(s, r, "note"));
	}
	assert_false(t->rows[2030].loaded);
	/* another terminal renames a row not read yet: the refresh puts it in */
	set_ok(g1, s, s->rows[2500].id, "name", "改名した資産", NULL);
	bool changed = false, more = true;
	assert_int_equal(sheet_refresh(f->st, t, &changed, &err), MM_OK);
	assert_true(changed);
	assert_string_equal(cell(t, 2500, "name"), "改名した資産");
	while (more)
		assert_int_equal(sheet_load_more(f->st, t, 0, &more, &err), MM_OK);
	assert_false(t->partial);
	same_sheet(t, s);
	same_sheet(t, sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]));
}

/* Every sheet's stored number of live rows (what a terminal opening a long
 * table shows as its total) equals a count of them. */
static void live_counts_true(store *st)
{
	assert_int_equal(query_int(st, "SELECT COUNT(*) FROM sheet s WHERE "
		"(SELECT COUNT(*) FROM sheet_row r WHERE r.sheet_id = s.id AND r.deleted = 0) "
		"<> coalesce((SELECT n FROM sheet_live l WHERE l.sheet_id = s.id), 0)"), 0);
}

/* The count follows inserts, deletions, undo and redo of both, a move, a
 * replacing import and a worked example, in every sheet they touch. */
static void test_live_count_follows_writes(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	sheet_history *h = &f->h[0];
	mm_error err = {0};
	live_counts_true(g1);
	add_row(g1, s, 0, h, "A", NULL);
	int64_t b = add_row(g1, s, 1, h, "B", NULL);
	add_row(g1, s, 2, h, "C", NULL);
	live_counts_true(g1);
	assert_true(query_int(g1, "SELECT sum(n) FROM sheet_live") >= 3);
	assert_int_equal(sheet_delete(g1, s, b, h, &err), MM_OK);
	live_counts_true(g1);
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK); /* the delete */
	live_counts_true(g1);
	assert_int_equal(sheet_undo(g1, s, h, true, &err), MM_OK);  /* again */
	live_counts_true(g1);
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK);
	assert_int_equal(sheet_undo(g1, s, h, false, &err), MM_OK); /* C's insert */
	live_counts_true(g1);
	assert_int_equal(sheet_move(g1, s, s->rows[0].id, 1, h, &err), MM_OK);
	char *a[] = {"X"}, *c[] = {"Y"};
	char **rows[] = {a, c};
	int name = col_index(S.ledger, "name");
	char **vals[2];
	for (int r = 0; r < 2; r++) {
		vals[r] = xcalloc((size_t)S.ledger->ncols + 1, sizeof **vals);
		vals[r][name] = rows[r][0];
	}
	assert_int_equal(sheet_insert_many(g1, s, vals, 2, true, NULL, &err), MM_OK);
	for (int r = 0; r < 2; r++)
		free(vals[r]);
	live_counts_true(g1);
	live_counts_true(f->st);
}

static void test_open_first_reads_ids_later(void **state)
{
	fx *f = *state;
	store *g1 = terminal(f, ROLE_GROUP, "1");
	sheet *s = sopen(f, g1, S.ledger, OWNER_GROUP, f->g[0]);
	enum { N = 3000 };
	insert_numbered(g1, s, N, false, NULL);
	mm_error err = {0};
	sheet *t = NULL;
	assert_int_equal(sheet_open_first(f->st, S.ledger, OWNER_GROUP, f->g[0], 20, &t, &err),
		MM_OK);
	f->sheets[f->nsheets++] = t;
	/* the ids of the first screen and of some screens after it */
	assert_int_equal(t->nrows, 20 * 4 + 64);
	assert_int_equal(t->total, N);         /* and the count of them all */
	assert_true(t->ids_more);
	assert_true(t->partial);
	assert_string_equal(cell(t, 19, "name"), "資産-0020"); /* the first screen's cells */
	assert_true(t->rows[19].loaded);
	assert_false(t->rows[20].loaded);
	/* Down and PgDn past them: the ids up to there, in the sheet's order */
	assert_int_equal(sheet_load_ids(f->st, t, 300, &err), MM_OK);
	assert_true(t->nrows >= 300 && t->nrows < N);
	for (int r = 0; r < t->nrows; r++)
		assert_true(t->rows[r].id == s->rows[r].id);
	assert_int_equal(sheet_row_index(t, s->rows[99].id), 99);
	assert_int_equal(sheet_row_index(t, s->rows[N - 1].id), -1);
	assert_int_equal(sheet_load_rows(f->st, t, 80, 20, &err), MM_OK);
	assert_string_equal(cell(t, 99, "name"), "資産-0100");
	int known = t->nrows;
	/* another terminal writes: a row read, a new row after them, a deletion */
	set_ok(g1, s, s->rows[50].id, "name", "先頭で変更", NULL);
	add_row(g1, s, 2500, NULL, "後ろの新しい行", NULL);
	assert_int_equal(sheet_delete(g1, s, s->rows[10].id, NULL, &err), MM_OK);
	/* between keys no ids are read past a change: sheet_refresh reads again */
	assert_int_equal(sheet_load_ids(f->st, t, known + 100, &err), MM_OK);
	assert_int_equal(t->nrows, known);
	bool changed = false, more = false;
	assert_int_equal(sheet_load_more(f->st, t, -1, &more, &err), MM_OK); /* returns */
	assert_true(more);
	assert_int_equal(t->nrows, known);
	assert_int_equal(sheet_refresh(f->st, t, &changed, &err), MM_OK);
	assert_true(changed);
	assert_true(t->delta.full);
	assert_int_equal(t->total, N);         /* one more, one less */
	assert_int_equal(t->nrows, known);     /* as many rows as were read */
	int chunks = 0;
	while (more) {
		assert_int_equal(sheet_load_more(f->st, t, 0, &more, &err), MM_OK);
		chunks++;
	}
	assert_true(chunks > 1);
	assert_false(t->ids_more);
	assert_false(t->partial);
	same_sheet(t, s);
	same_sheet(t, sopen(f, f->st, S.ledger, OWNER_GROUP, f->g[0]));
	/* End: every id at once; a change just before it reads the sheet again */
	sheet *u = NULL;
	assert_int_equal(sheet_open_first(f->st, S.ledger, OWNER_GROUP, f->g[0], 20, &u, &err),
		MM_OK);
	f->sheets[f->nsheets++] = u;
	assert_true(u->ids_more);
	add_row(g1, s, 5, NULL, "もう一つ", NULL);
	assert_int_equal(sheet_load_ids(f->st, u, -1, &err), MM_OK);
	assert_false(u->ids_more);
	assert_int_equal(u->nrows, N + 1);
	assert_int_equal(sheet_load_rows(f->st, u, N - 19, 20, &err), MM_OK);
	assert_string_equal(cell(u, N, "name"), cell(s, N, "name"));
	assert_int_equal(sheet_complete(f->st, u, &err), MM_OK);
	assert_false(u->partial);
	same_sheet(u, s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
		T(test_open_creates_seed_rows),
		T(test_seed_row_refs_resolved),
		T(test_computed_follows_ref_refresh),
		T(test_display_long_value_whole),
		T(test_set_bumps_version_and_logs),
		T(test_set_if_unchanged),
		T(test_conflict_keep_mine),
		T(test_conflict_keep_theirs),
		T(test_group_cannot_write_other_group),
		T(test_presenter_cannot_write),
		T(test_locked_activity_refuses_group_writes),
		T(test_facilitator_writes_any_group),
		T(test_company_sheets_follow_the_group),
		T(test_row_of_another_sheet_refused),
		T(test_insert_keeps_order),
		T(test_move_up_and_down),
		T(test_delete_hides_row),
		T(test_duplicate_copies_values),
		T(test_many_inserts_same_spot),
		T(test_undo_redo_set),
		T(test_undo_insert_and_delete),
		T(test_undo_refused_after_other_change),
		T(test_undo_before_reload_does_not_crash),
		T(test_undo_load_example),
		T(test_load_example_replace),
		T(test_example_after_undo_drops_redo),
		T(test_load_example_risk_table_loads_ledger_first),
		T(test_load_example_with_own_ledger_rows),
		T(test_drafts),
		T(test_read_errors_are_errors),
		T(test_insert_many_replace_keeps_referred_rows),
		T(test_insert_many_into_peeked_sheet_makes_ref_targets),
		T(test_refresh_applies_rows_in_place),
		T(test_local_write_applies_in_place),
		T(test_open_first_then_load_more),
		T(test_open_first_reads_ids_later),
		T(test_live_count_follows_writes),
		T(test_load_column_then_rest),
#undef T
	};
	int rc = cmocka_run_group_tests(tests, group_setup, group_teardown);
	tu_cleanup();
	return rc;
}
