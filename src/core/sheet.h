/* sheet.h — a table's rows and cells as one group (or company, or person)
 * owns them: loaded from the store, written one compare-and-set at a time,
 * every write logged in `change`, with undo and redo of this terminal's own
 * edits. Who may write which sheet is decided here, not in the UI. */
#ifndef MAMORI_SHEET_H
#define MAMORI_SHEET_H

#include <stdbool.h>
#include <stdint.h>

#include "expr.h"
#include "status.h"
#include "store.h"
#include "table.h"

typedef enum owner_kind { OWNER_GROUP, OWNER_COMPANY, OWNER_PERSON } owner_kind;

typedef struct sheet_cell {
	char *value;  /* stored form; "" when blank */
	int version;  /* 0 when the cell was never written */
	bool shared;  /* VALUE lives in the sheet's string store (read, not written
	               * here): short values are kept once for the whole sheet */
} sheet_cell;

typedef struct sheet_row {
	int64_t id;
	double pos;
	sheet_cell *cells; /* one per column of the definition */
	bool loaded;       /* its cells are read (a sheet opened with sheet_open_first
	                    * knows every row at once, their cells a chunk at a time) */
	bool touched;      /* a cell was set (freeing skips rows never touched) */
} sheet_row;

/* What the last sheet_refresh (or a write of this terminal) changed, so a
 * view can follow it without sorting or filtering everything again. */
typedef struct sheet_delta {
	bool full;       /* read again whole: row indices from before mean nothing */
	bool refs;       /* a sheet a ref column points at changed (computed values may have) */
	int *remap;      /* old row index -> new one, -1 for a row gone; NULL: indices kept */
	int nremap;      /* the number of rows before */
	int64_t *rows;   /* ids of the rows whose cells changed, or that came or moved */
	int nchanged, cap;
} sheet_delta;

typedef struct sheet {
	int64_t id;          /* 0 until the first write creates it */
	const table_def *def;
	char *activity;
	owner_kind okind;
	int64_t owner;
	sheet_row *rows;     /* in display order (position) */
	int nrows;
	int64_t *by_id;      /* row indices sorted by row id, for ref lookups */
	struct sheet **ref;  /* per column: the sheet a ref column points at (same owner) */
	int64_t seen_change; /* the newest change of this sheet already loaded */
	int limit;           /* load the cells of this many rows at once (0: all) */
	bool partial;        /* some rows' cells are not read yet (sheet_load_more) */
	int total;           /* rows in the sheet, loaded or not */
	int nloaded;         /* rows whose cells are read */
	int load_next;       /* sheet_load_more goes on from by_id[load_next] */
	sheet_delta delta;   /* what the last refresh changed */
	sheet_cell *cell_block; /* the cells of the rows read together, one allocation */
	size_t nblock;
	struct sheet_strs *strs; /* the values read, each short one once (sheet.c) */
	struct sheet_memo *memo; /* computed values, kept until anything changes (sheet.c) */
	int *col_next;       /* per column: the column named next (sheet.c reads cells so) */
	int col_read;        /* 1 + the column sheet_load_column read for every row; 0 none */
	unsigned long long gen; /* counts the changes to its rows (computed values' memo) */
	bool bare;           /* sheet_peek_bare: no rows read (an import adds by the database) */
	bool ids_more;       /* sheet_open_first: only the first NROWS of TOTAL rows are here
	                      * yet (ids, positions); sheet_load_more reads the others' first */
} sheet;

/* Loads (never creates) the sheet of DEF's activity for an owner; a sheet
 * nobody has written yet is empty, or holds the definition's seed rows as
 * soon as it is first written. Ref targets are loaded too. */
mm_status sheet_open(store *st, const table_def *def, owner_kind ok, int64_t owner,
	sheet **out, mm_error *err);
/* Like sheet_open, but reads every row's id and position and only the
 * first FIRST_ROWS rows' cells (the first screen); the others' cells come
 * with sheet_load_more (a chunk at a time, between keys), sheet_load_rows
 * (the rows about to be shown) or sheet_complete (all). A row whose cells
 * are not read yet looks blank. A 100,000-row sheet shows at once. */
mm_status sheet_open_first(store *st, const table_def *def, owner_kind ok, int64_t owner,
	int first_rows, sheet **out, mm_error *err);
mm_status sheet_complete(store *st, sheet *s, mm_error *err);
/* Reads the cells of rows not read yet for about BUDGET_MS; *MORE tells
 * whether any are left. */
mm_status sheet_load_more(store *st, sheet *s, int budget_ms, bool *more, mm_error *err);
/* While S->ids_more: reads the ids and positions of the rows after those
 * read until S has at least N rows (every row: N < 0); the rows are
 * appended (indices of rows read stay). Another terminal changed the
 * sheet meanwhile: N < 0 reads S again (S->delta.full), N >= 0 leaves it
 * to sheet_refresh. */
mm_status sheet_load_ids(store *st, sheet *s, int n, mm_error *err);
/* Reads the cells of rows [FROM, FROM + N) that are not read yet. */
mm_status sheet_load_rows(store *st, sheet *s, int from, int n, mm_error *err);
/* Every row's id, and column COL's cells of the rows not read yet (their
 * other cells come as before): what sorting by COL needs, in one scan, a
 * fraction of reading every cell. Nothing for a computed column, which
 * reads its row's other cells (sheet_complete). */
mm_status sheet_load_column(store *st, sheet *s, int col, mm_error *err);
/* Like sheet_open, but only reads: a sheet nobody wrote yet is empty and is
 * not made (for overviews that must not write). */
mm_status sheet_peek(store *st, const table_def *def, owner_kind ok, int64_t owner,
	sheet **out, mm_error *err);
/* Like sheet_peek, but reads no rows, of S nor of the sheets its refs point
 * at (their ids only): for a command that adds rows (mamori import), whose
 * cost must follow the rows it imports, not the sheet's size. Labels are
 * looked up in the database (sheet_find_labels); sheet_insert_many reads
 * only what a --replace replaces, inside its transaction. */
mm_status sheet_peek_bare(store *st, const table_def *def, owner_kind ok, int64_t owner,
	sheet **out, mm_error *err);
/* Rows (not deleted) and cell writes of ACTIVITY's sheet of an owner,
 * counted in the database without loading it; 0 and 0 when there is none. */
mm_status sheet_count(store *st, const char *activity, owner_kind ok, int64_t owner, int *rows,
	int *sets, mm_error *err);
/* Brings S up to date with what other terminals wrote since it was loaded,
 * from the change log: changed cells are read one by one, added, deleted or
 * moved rows one by one and put in place (never the whole sheet again);
 * S->delta says what changed. *CHANGED tells whether anything did. Cheap
 * when nothing changed. */
mm_status sheet_refresh(store *st, sheet *s, bool *changed, mm_error *err);
/* Reads the rows again (another terminal wrote). Keeps S's identity. */
mm_status sheet_reload(store *st, sheet *s, mm_error *err);
/* The view took S->delta in: empty it (a remap must be applied once). */
void sheet_delta_clear(sheet *s);
void sheet_free(sheet *s);

int sheet_row_index(const sheet *s, int64_t row_id);

/* May this terminal write sheets of this owner? (MM_EDENIED with a reason) */
mm_status sheet_may_write(store *st, owner_kind ok, int64_t owner, mm_error *err);
/* ... and in ACTIVITY: on a group's terminal, not while the facilitator has
 * locked it (store_activity_lock); every sheet write checks this. */
mm_status sheet_may_write_in(store *st, const char *activity, owner_kind ok, int64_t owner,
	mm_error *err);

/* May this terminal read the sheet of DEF for an owner? Only a private
 * sheet (table_def.private_person) refuses: MM_EDENIED once its person has
 * saved anything, on any terminal but the facilitator's that does not hold it
 * (store_hold). Every load (sheet_open, sheet_peek, sheet_reload) checks. */
mm_status sheet_may_read(store *st, const table_def *def, owner_kind ok, int64_t owner,
	mm_error *err);
/* Does ACTIVITY's sheet of an owner hold any non-blank cell in a live row?
 * Counted in the database; reads no values out. */
mm_status sheet_has_values(store *st, const char *activity, owner_kind ok, int64_t owner,
	bool *any, mm_error *err);

/* ---- history of this terminal's edits (undo/redo) ---- */
typedef enum hist_op { H_SET, H_INSERT, H_DELETE, H_MOVE } hist_op;
typedef struct hist_entry {
	hist_op op;
	int64_t row;
	int col;
	char *before, *after; /* H_SET */
	double pos_before, pos_after; /* H_MOVE */
	int group; /* entries with the same group undo together */
} hist_entry;
typedef struct sheet_history {
	hist_entry *v;
	int n, cap;
	int done; /* entries [0, done) are applied; [done, n) can be redone */
	int next_group;
} sheet_history;
void history_free(sheet_history *h);

/* The other side of a conflict: what is in the cell now. */
typedef struct sheet_conflict {
	char *theirs;
	char *who;
	int version;
} sheet_conflict;
void sheet_conflict_free(sheet_conflict *c);

/* Writes STORED (already checked by column_parse) into a cell if its version
 * is still EXPECTED; else returns MM_ECONFLICT and fills *CONFLICT (may be
 * NULL). EXPECTED < 0 writes whatever is there (the user chose "keep mine").
 * H (may be NULL) records the edit for undo. */
mm_status sheet_set(store *st, sheet *s, int64_t row, int col, const char *stored,
	int expected, sheet_conflict *conflict, sheet_history *h, mm_error *err);
/* Like sheet_set, but only if nothing at all in the sheet changed since S
 * was loaded or refreshed (a write that depends on other cells, such as a
 * vote counted against a limit for the whole board); else MM_ECONFLICT. */
mm_status sheet_set_if_unchanged(store *st, sheet *s, int64_t row, int col, const char *stored,
	sheet_history *h, mm_error *err);
/* One cell of a write that spans cells and sheets (sheet_set_many). */
typedef struct sheet_put {
	sheet *s;           /* opened for writing */
	int64_t row;        /* a live row of S */
	int col;
	const char *stored; /* already checked by column_parse */
	int expected;       /* the version it must still have; < 0: whatever */
	const char *holds;  /* non-NULL: the value it must still hold (an undo) */
	char *before;       /* out: what it held (malloc'd; free it) */
	int version;        /* out: its version after the write */
} sheet_put;
/* Writes the N cells of P in one transaction, each compare-and-set on its
 * version (and value, with `holds`): when any has changed (MM_ECONFLICT, *CF
 * and *FAILED, both may be NULL, tell which and what is there now) or any
 * fails, nothing is written.
 * No undo history: the caller keeps its own (the befores and versions). */
mm_status sheet_set_many(store *st, sheet_put *p, int n, sheet_conflict *cf, int *failed,
	mm_error *err);
/* Records that the user kept the other value over STORED, so both are in
 * the history. */
mm_status sheet_log_discarded(store *st, sheet *s, int64_t row, int col, const char *stored,
	mm_error *err);
/* Inserts an empty row before index AT (AT == nrows appends); VALUES (may be
 * NULL) gives stored values per column. */
mm_status sheet_insert(store *st, sheet *s, int at, const char *const *values, int64_t *id,
	sheet_history *h, mm_error *err);
mm_status sheet_delete(store *st, sheet *s, int64_t row, sheet_history *h, mm_error *err);
/* Moves a row to index TO (in the current order). */
mm_status sheet_move(store *st, sheet *s, int64_t row, int to, sheet_history *h,
	mm_error *err);
mm_status sheet_duplicate(store *st, sheet *s, int64_t row, int64_t *id, sheet_history *h,
	mm_error *err);
/* Appends the definition's worked example (refs resolved by label against
 * the referenced sheets, which get their example first if they are empty). */
mm_status sheet_load_example(store *st, sheet *s, sheet_history *h, mm_error *err);
/* What loading S's worked example does, to tell the group first: ROWS
 * example rows into S, which holds CURRENT rows now; and the rows it adds to
 * the tables S's example refers to (the example rows of those tables that
 * S's example names but they lack; an empty table gets its whole example). */
#define EXAMPLE_PLAN_MAX 4
typedef struct example_plan {
	int rows, current;
	int nother;
	struct {
		const table_def *def;
		int rows;
	} other[EXAMPLE_PLAN_MAX];
} example_plan;
void sheet_example_plan(const sheet *s, example_plan *p);
/* Loads the worked example: REPLACE makes S exactly the example (a row
 * whose label is in the example stays that row, the others go, as
 * sheet_insert_many's replace), else it is appended (sheet_load_example).
 * The referenced tables get the rows the plan names in both cases. One
 * undo step for S's rows. */
mm_status sheet_load_example_as(store *st, sheet *s, bool replace, sheet_history *h,
	mm_error *err);
/* Undo or redo this terminal's last edit group; false when nothing to do. */
mm_status sheet_undo(store *st, sheet *s, sheet_history *h, bool redo, mm_error *err);

/* ---- reading ---- */
/* The value of column COL of row index R as expressions see it; computed
 * columns evaluated (refs followed). */
expr_value sheet_value(const sheet *s, int r, int col);
/* Display text of a cell (computed, ref labels, choice labels, bands),
 * appended to OUT whole. */
void sheet_display_buf(const sheet *s, int r, int col, buf *out);
/* The same into a fixed array, cut to N bytes. */
void sheet_display(const sheet *s, int r, int col, char *out, size_t n);
/* The band of a cell's numeric value, or NULL. */
const band *sheet_band(const sheet *s, int r, int col);
/* The label of a row of S by id ("" if none). */
const char *sheet_label(const sheet *s, int64_t row_id);
/* Row id of the row whose label is LABEL, or 0. */
int64_t sheet_find_label(const sheet *s, const char *label);
/* For each of the N LABELS (NULL or "": none), into IDS the id of the first
 * live row of S (display order) with that label, or 0, as sheet_find_label
 * would; in one pass over S's rows: those loaded, or for a bare sheet
 * (sheet_peek_bare) those in the database, never loading the sheet. */
mm_status sheet_find_labels(store *st, const sheet *s, const char *const *labels, int n,
	int64_t *ids, mm_error *err);


/* Inserts NROWS rows of stored VALUES (per row, one per column; NULL or ""
 * for blank) at the end, in one transaction, which also makes the sheet and
 * its seed rows when nobody wrote it yet (S may come from sheet_peek): a
 * refused import writes nothing. With REPLACE the sheet becomes VALUES in
 * their order: a row whose name (label column) is in VALUES stays the same
 * row, its cells written in place where they differ (logged, so refs to it
 * hold); the other rows are deleted, unless a live row of a table refers to
 * one (table_def.referrers): then MM_EUSER names the row and the table and
 * nothing changes. H gets one undo step for the whole. */
mm_status sheet_insert_many(store *st, sheet *s, char ***values, int nrows, bool replace,
	sheet_history *h, mm_error *err);

/* Writes cells by row name, in one transaction that reads S's rows first
 * (so nothing another terminal wrote meanwhile is written over): for each
 * of the NROWS rows of VALUES, the row of S with the same label (each row
 * taken once, in display order) gets the non-NULL cells of VALUES that
 * differ (logged); a name S does not have is a new row at the end. NULL
 * cells are left as they are; nothing is deleted. */
mm_status sheet_put_by_label(store *st, sheet *s, char ***values, int nrows, mm_error *err);

/* Drops from S (in memory only, never the store) the rows whose KEEP is
 * false; KEEP has one entry per row. For reports. */
void sheet_keep_rows(sheet *s, const bool *keep);

/* ---- reading across sheets (overviews and results) ---- */
/* For every sheet of ACTIVITY owned by an OK, the cells of its first live
 * row, sheet after sheet: FN(CTX, sheet id, column id, value). */
mm_status sheet_first_row_cells(store *st, const char *activity, owner_kind ok,
	void (*fn)(void *ctx, int64_t sheet_id, const char *col, const char *value), void *ctx,
	mm_error *err);

/* A row of another group's sheet addressed to a company of this group. */
typedef struct sheet_addressed {
	int64_t row_id;
	int64_t from_group; /* the group whose sheet holds the row */
	char *from_group_name;
	int64_t company_id;
	char *company_name;
	char **values;      /* per column asked for; "" when unset */
} sheet_addressed;
/* Live rows of other groups' sheets of ACTIVITY whose column TO_COL holds
 * the id of a company of GROUP, by company, group and position, with the
 * values of the NCOLS columns COLS. */
mm_status sheet_addressed_rows(store *st, const char *activity, const char *to_col,
	int64_t group, const char *const *cols, int ncols, sheet_addressed **out, int *n,
	mm_error *err);
void sheet_addressed_free(sheet_addressed *a, int n, int ncols);

#endif
