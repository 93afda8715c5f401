/* checklist.h — the checklist activity: items grouped in sections, an answer
 * set with points, bands on the total and a score per section (computed from
 * the answers, or entered by an expert). What a group answers is stored as
 * cells of a table built in code (the activity's storage): one row per item
 * (column "item" holds the item id, "answer" the answer's value, "note" a
 * free-text note) and, when section scores are entered by hand, one row per
 * section (the section id in "item", the score in "score"). Scoring, exports
 * and imports live here, so every front end counts the same way. */
#ifndef MAMORI_CHECKLIST_H
#define MAMORI_CHECKLIST_H

#include <stdbool.h>

#include "buf.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "status.h"
#include "store.h"
#include "table.h"

typedef struct checklist_answer {
	char *value;   /* what is stored, e.g. "yes" */
	lstr label;    /* what is shown, e.g. 実施している */
	double points; /* 0 for an answer that does not apply */
	bool na;       /* "does not apply": the item leaves the total and the maximum */
} checklist_answer;

typedef struct checklist_item {
	char *id;
	lstr text;
	lstr help;    /* may be unset */
	int number;   /* 1.. across the whole checklist */
	int section;  /* index into sections */
} checklist_item;

typedef struct checklist_section {
	char *id;
	lstr title;
	int first;    /* index of its first item */
	int nitems;
} checklist_section;

typedef struct checklist_band {
	bool has_min, has_max; /* an open end when left out */
	double min, max;       /* both ends included */
	lstr label;
	band_color color;
} checklist_band;

typedef enum checklist_score_mode {
	CL_SCORE_NONE,     /* no section_score: sections show a percentage */
	CL_SCORE_COMPUTED, /* the section's points scaled to 0..max */
	CL_SCORE_MANUAL,   /* an expert enters 0..max; the computed value is a suggestion */
} checklist_score_mode;

typedef struct checklist_def {
	char *activity_id;
	checklist_answer *answers;
	int nanswers;
	checklist_section *sections;
	int nsections;
	checklist_item *items;
	int nitems;
	checklist_band *bands;
	int nbands;
	checklist_score_mode score_mode;
	int score_max;   /* section scores run 0..score_max (5 unless given) */
	bool notes;
	double item_max; /* the most points one item can give */
	table_def *storage;
	/* columns of the storage; -1 when absent */
	int col_item, col_answer, col_note, col_score;
} checklist_def;

/* The checklist definition of an activity, or NULL if it is not one. */
const checklist_def *checklist_of(const activity *act);

/* The answer stored as VALUE, or NULL (blank or unknown). */
const checklist_answer *checklist_answer_by_value(const checklist_def *d, const char *value);
/* The band containing TOTAL (the first one), or NULL. */
const checklist_band *checklist_band_for(const checklist_def *d, double total);
/* Row index in S of the row whose "item" cell is KEY (an item or section
 * id), or -1 when the sheet has none (yet). */
int checklist_row_of(const checklist_def *d, const sheet *s, const char *key);

/* ---- scoring ---- */
typedef struct checklist_section_result {
	double sum;      /* points of its answered items */
	double max;      /* the most its items can give (items that do not apply left out) */
	int items, answered, unanswered, na;
	int computed;    /* sum scaled to 0..score_max, rounded, negatives as 0; -1 when max is 0 */
	int percent;     /* sum as 0..100 of max (negatives as 0); -1 when max is 0 */
	int manual;      /* the score entered by hand, -1 when none (manual mode only) */
	int score;       /* manual mode: manual; computed mode: computed; none: -1 */
} checklist_section_result;

typedef struct checklist_result {
	double total;    /* points of every answered item (わからない -1 counts) */
	double max;      /* the most possible: item_max for every item that applies */
	int items, answered, unanswered, na;
	const checklist_band *band; /* the band of total, or NULL */
	checklist_section_result *sections; /* nsections of the definition */
	int nsections;
} checklist_result;

/* Scores the answers in S (S may be NULL: nothing answered). Free the result
 * with checklist_result_free. */
void checklist_score(const checklist_def *d, const sheet *s, checklist_result *out);
void checklist_result_free(checklist_result *r);

/* ---- writing ---- */
/* Writes STORED into column COL of the row for KEY (an item or section id),
 * compare-and-set on EXPECTED like sheet_set; a missing row is added first
 * (in the same undo step). */
mm_status checklist_set(store *st, sheet *s, const checklist_def *d, const char *key, int col,
	const char *stored, int expected, sheet_conflict *conflict, sheet_history *h,
	mm_error *err);

/* ---- export and import ---- */
/* FORMAT "csv": a header in the current language (section, number, id,
 * item, answer, points, note) and one line per item; in manual mode one line
 * per section's score follows its items. FORMAT "md": a report with the
 * total, band, section scores and every item's answer. Anything else:
 * MM_EUSER naming the formats. */
mm_status checklist_export(const activity *act, store *st, sheet *s, const char *format,
	buf *out, mm_error *err);

/* Reads CSV bytes (UTF-8, with BOM, or Shift_JIS) into S, a sheet of a
 * checklist's storage. The header names columns by the titles of the export
 * (either language) or as id, number, item, answer, points, note. Rows are
 * matched to items by id, else by number, else by item text (either
 * language); answers by value, label (either language) or number in the
 * answer list; in manual mode a section's line sets its score from the
 * points column. All or nothing: the first bad line is named with its
 * column; *IMPORTED (may be NULL) gets the number of lines applied. */
mm_status checklist_import_csv(store *st, sheet *s, const char *data, size_t n, mm_error *err);
mm_status checklist_import_csv_n(store *st, sheet *s, const char *data, size_t n, int *imported,
	mm_error *err);

#endif
