/* table.h — the definition of a table activity: typed columns, bands,
 * computed columns, seed rows and a heat map; and the rules that turn what a
 * user typed into a stored value and a stored value into display text. */
#ifndef MAMORI_TABLE_H
#define MAMORI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "expr.h"
#include "i18n.h"
#include "status.h"

typedef enum col_type {
	COL_TEXT, COL_LONGTEXT, COL_NUMBER, COL_SCALE, COL_CHOICE, COL_FLAGS, COL_BOOL,
	COL_DATE, COL_REF, COL_COMPUTED, COL_TYPE_COUNT
} col_type;

typedef enum band_color { BAND_NONE, BAND_RED, BAND_YELLOW, BAND_BLUE, BAND_GREEN } band_color;

typedef struct col_option {
	char *value; /* what is stored */
	lstr label;  /* what is shown */
} col_option;

typedef struct band {
	double min, max;
	lstr label; /* shown beside the value: a band is never colour alone */
	band_color color;
} band;

struct table_def;

typedef struct column {
	char *id;
	col_type type;
	lstr title;
	lstr help;
	lstr unit;
	int width; /* display columns; 0 = from the type */
	bool required;
	bool has_min, has_max;
	double min, max;
	col_option *options; /* choice, flags; scale levels (value "1".."3") */
	int noptions;
	char *ref_table;     /* ref: the activity id of the referenced table */
	const struct table_def *ref; /* resolved after loading */
	char *expr_src;      /* computed */
	expr *ex;
	band *bands;
	int nbands;
} column;

typedef struct seed_row {
	char **values; /* per column, canonical text or NULL; ref cells hold labels */
} seed_row;

typedef struct table_def {
	char *activity_id;
	column *cols;
	int ncols;
	int label_col; /* the column that names a row (for refs): "label" or the first */
	seed_row *rows; /* every new sheet starts with these */
	int nrows;
	seed_row *example; /* the worked example the facilitator can load */
	int nexample;
	int heat_x, heat_y; /* column indices of the heat map axes, -1 if none */
	/* the axes' ranges: the columns' own min..max (a scale's levels, a
	 * number's min and max, a computed column's range), set when the
	 * scenario is checked; 1..3 until then */
	int heat_xmin, heat_xmax, heat_ymin, heat_ymax;
	/* "color": the column whose bands colour a heat cell, by the band of
	 * x × y; not given: the last computed column with bands; -1 none */
	int heat_color;
	lstr heat_title;
	int *present;  /* "present": the columns the projector shows, in order */
	int npresent;  /* 0: not given (the default of table_present_order) */
	/* a person's sheet is theirs alone once they have answered: a group's
	 * terminal neither reads nor writes it unless it holds the person's code
	 * (store_hold); the survey's storage */
	bool private_person;
	/* "report": what of a group's table goes into a company's take-home
	 * report (TABLE_REPORT_*) */
	int report;
	/* the ref columns of the scenario's tables (this one's included) that
	 * point at rows of this table, set where refs are resolved: a row they
	 * refer to must not silently go (import --replace) */
	struct table_referrer {
		const struct table_def *def;
		int col;
	} *referrers;
	int nreferrers;
} table_def;

/* A group table in a company's take-home report: its rows but those that
 * name another company (the default), only the rows that name the company,
 * or nothing. A row names a company when one of its cells reads exactly
 * that company's name (as exported: labels, refs by label), blanks around
 * it ignored. */
enum { TABLE_REPORT_INCLUDE, TABLE_REPORT_OWN_ROWS, TABLE_REPORT_EXCLUDE };

const char *col_type_name(col_type t);
int table_col_index(const table_def *t, const char *id);
bool col_is_numeric(const column *c);

/* Turns user input into the stored form (trims; full-width digits allowed;
 * choices by value, label in either language or number). An empty input is
 * a blank cell unless the column is required. For ref columns the caller
 * resolves labels; this accepts a row id. On a bad value returns MM_EUSER
 * with the reason, in the current language. *OUT is malloc'd. */
mm_status column_parse(const column *c, const char *input, char **out, mm_error *err);
/* Display text of a stored value (not for computed or ref columns),
 * appended to OUT whole. */
void column_format_buf(const column *c, const char *stored, buf *out);
/* The same into a fixed array, cut to N bytes. */
void column_format(const column *c, const char *stored, char *out, size_t n);
/* The band a number falls in, or NULL. */
const band *column_band(const column *c, double v);
/* The value as an expression sees it. */
expr_value column_value(const column *c, const char *stored);
/* The static type of a non-computed column for the expression checker. */
expr_coltype column_exprtype(const column *c);

/* The columns in the order the projector shows them, into ORDER (ncols
 * entries): the scenario's "present" list first, then the label column,
 * computed, rating and choice columns, numbers, dates and refs, then free
 * text. Returns how many of them the projector shows before the
 * facilitator widens or narrows it: the "present" list, or by default every
 * column but free text. */
int table_present_order(const table_def *t, int *order);

void table_def_free(table_def *t);

#endif
