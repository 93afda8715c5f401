/* board.h — the board activity kind: sticky notes in lanes, dot votes with a
 * per-person limit, and notes a group addresses to another group's company
 * ("a suggestion for company X"), which that company's group sees beside its
 * own board.
 *
 * A board is stored like every other kind: one sheet per group, one row per
 * note, the cells below. Every rule (the vote limit, who may vote, which
 * companies a note may be addressed to) is enforced here, not in the UI. */
#ifndef MAMORI_BOARD_H
#define MAMORI_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "status.h"
#include "store.h"
#include "table.h"

/* The columns of a board's storage, in this order. */
enum {
	BOARD_COL_LANE,   /* choice: a lane id */
	BOARD_COL_TEXT,   /* text: the note */
	BOARD_COL_AUTHOR, /* text: the name of the person who wrote it */
	BOARD_COL_TO,     /* text: the id of the company it is addressed to, "" if none */
	BOARD_COL_VOTERS, /* text: person ids, comma-separated, one entry per vote */
	BOARD_NCOLS
};

#define BOARD_MAX_LANES 10
#define BOARD_MAX_VOTES 99
#define BOARD_DEFAULT_VOTES 3
#define BOARD_TEXT_MAX 400 /* bytes of one note */

typedef struct board_lane {
	char *id;
	lstr title;
	lstr help;
} board_lane;

typedef struct board_def {
	char *activity_id;
	board_lane *lanes;
	int nlanes;
	int votes;    /* votes per person on the whole board; 0: no voting */
	bool address; /* notes may be addressed to another group's company */
	table_def *storage;
} board_def;

/* The board definition of a sheet's activity, or NULL if the sheet is not a
 * board's. */
const board_def *board_of_sheet(const sheet *s);
/* The lane index of LANE_ID, or -1. */
int board_lane_index(const board_def *d, const char *lane_id);

/* ---- reading notes ---- */
/* Votes on the note at row index R. */
int board_note_votes(const sheet *s, int r);
/* Votes PERSON has given the note at row index R. */
int board_note_votes_by(const sheet *s, int r, int64_t person);
/* Votes PERSON has given on the whole board. */
int board_person_votes(const sheet *s, int64_t person);
/* Row indices of the notes in lane LANE (an index into the definition's
 * lanes), in board order, or with BY_VOTES most votes first (ties keep board
 * order). OUT holds at least s->nrows entries; returns the count. Notes whose
 * lane the scenario no longer has are listed in the first lane. */
int board_lane_notes(const sheet *s, int lane, bool by_votes, int *out);

/* ---- writing notes (each one compare-and-set write, undoable through H) ---- */
/* Adds a note to lane LANE_ID after the row at index AFTER (-1: at the end of
 * the board). TEXT is trimmed and must not be empty. */
mm_status board_add(store *st, sheet *s, const char *lane_id, const char *text,
	const char *author, int after, int64_t *id, sheet_history *h, mm_error *err);
/* Replaces a note's text (trimmed, not empty) if the cell is still at
 * version EXPECTED (< 0: whatever is there); else MM_ECONFLICT with the other
 * side in *CONFLICT, as sheet_set. */
mm_status board_set_text(store *st, sheet *s, int64_t row, const char *text, int expected,
	sheet_conflict *conflict, sheet_history *h, mm_error *err);
/* Moves a note to another lane; its votes, author and addressee stay. */
mm_status board_move_lane(store *st, sheet *s, int64_t row, const char *lane_id,
	sheet_history *h, mm_error *err);
/* Addresses a note to COMPANY (0: to no one). The company must belong to a
 * group other than the board's own, and the board must allow addressing. */
mm_status board_address(store *st, sheet *s, int64_t row, int64_t company,
	sheet_history *h, mm_error *err);

/* One vote (DELTA = 1) or one vote taken back (DELTA = -1) by PERSON on the
 * note ROW_ID. Refuses: voting past the per-person limit across the whole
 * board (the message says how many votes are left), taking back a vote the
 * person did not give, a person who is not a member of the board's group,
 * and, on a group's terminal, a person of another group. Reads and writes
 * inside one BEGIN IMMEDIATE transaction, so two terminals voting at once
 * are counted one after the other and the limit holds; the cell itself is
 * written compare-and-set on its version. S is reloaded afterwards. */
mm_status board_vote(store *st, sheet *s, int64_t row_id, int64_t person_id, int delta,
	mm_error *err);

/* ---- suggestions from other groups ---- */
typedef struct board_inbox_item {
	int64_t row_id;
	int64_t from_group;
	char *from_group_name;
	int64_t company_id;
	char *company_name;
	char *lane;   /* lane id in the sender's board */
	char *text;
	char *author;
	int votes;
} board_inbox_item;

/* Notes of ACTIVITY_ID on other groups' boards addressed to a company of
 * GROUP_ID, by company, then sending group, then board order. Deleted notes
 * are left out. */
mm_status board_inbox(store *st, const char *activity_id, int64_t group_id,
	board_inbox_item **out, int *n, mm_error *err);
void board_inbox_free(board_inbox_item *items, int n);

/* Companies a note on GROUP_ID's board may be addressed to: those of every
 * other group, with their group's name, by group then company. */
typedef company_info board_company; /* id, name, group_id, group_name */
mm_status board_companies(store *st, int64_t group_id, board_company **out, int *n,
	mm_error *err);
void board_companies_free(board_company *c, int n);
/* The name of company ID ("" when there is none); malloc'd. */
char *board_company_name(store *st, int64_t id);

/* A company name without its legal form (株式会社, 有限会社, 合同会社 ...),
 * for narrow screens; the whole name if nothing else would remain. */
void board_short_company(const char *name, char *out, size_t n);
/* The same, appended to OUT whole. */
void board_short_company_buf(const char *name, buf *out);

/* Writes the board of sheet S: FORMAT "md" (a heading per lane, one bullet
 * per note with its votes, author and addressee, most votes first; then the
 * suggestions other groups addressed to this group's companies) or "csv"
 * (one line per note). Texts in the current language. Another format is
 * MM_EUSER naming the ones there are. */
mm_status board_export(const activity *act, store *st, sheet *s, const char *format, buf *out,
	mm_error *err);

#endif
