/* kind.h — an activity kind is one table of operations (kind_ops): its
 * scenario keys, checks, definition, storage, export, import, progress and
 * "has this owner written anything". Code outside a kind looks it up with
 * kind_of() and never switches on the kind. Every kind that keeps work
 * stores it as cells of a table definition (its "storage"), so history,
 * undo, live updates and permissions are the sheet's, written once.
 * The rows are generated from kinds.def: kind NAME exports NAME_kind. */
#ifndef MAMORI_KIND_H
#define MAMORI_KIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "scenario.h"
#include "sheet.h"
#include "status.h"
#include "store.h"
#include "table.h"
#include "validate.h"

extern const char *const activity_kind_values[];  /* "briefing", "table", ... NULL */
extern const char *const activity_scope_values[]; /* "group", "company", "person", NULL */

/* Keys every activity has; each kind adds its own after these. */
#define ACTIVITY_COMMON \
	{"id", F_ID, true, 0, 0, NULL}, \
	{"kind", F_ENUM, true, 0, 0, activity_kind_values, M_V_WHAT_KIND}, \
	{"title", F_LSTR, true, 0, 0, NULL}, \
	{"prompt", F_LSTR, false, 0, 0, NULL}, \
	{"scope", F_ENUM, false, 0, 0, activity_scope_values, M_V_WHAT_SCOPE}, \
	{"minutes", F_INT, false, 1, 600, NULL}, \
	{"body", F_LSTR, false, 0, 0, NULL}

/* What the owners of one group have done on an activity, added up owner by
 * owner by the kind's progress and put in words by its progress_text. */
typedef struct kind_tally {
	int done, total; /* e.g. items answered / items, people who answered / people */
	int rows, edits; /* rows (notes) and cell writes beyond the seed */
} kind_tally;

typedef struct kind_ops {
	/* Every key the kind accepts (ACTIVITY_COMMON first), FIELD_END last;
	 * NULL while this version cannot run the kind. */
	const field *fields;
	/* Further checks once the keys have the right types: ids unique inside
	 * the activity, references, numbers that must agree. May be NULL. */
	void (*check)(vctx *v, const cJSON *act, const char *path);
	/* The kind's definition, built only from a valid activity; NULL when the
	 * scenario loader builds it itself (tables, which refer to each other). */
	void *(*build)(const cJSON *act);
	void (*free)(void *def);
	/* The table definition its sheets store cells in (owned by DEF, with
	 * activity_id set to the activity's id); NULL if it stores nothing. */
	const table_def *(*storage)(const void *def);

	/* Writes the sheet S (NULL when export_whole) in FORMAT ("csv", "md")
	 * to OUT; MM_EUSER naming the formats it knows for any other. NULL: the
	 * kind holds nothing to export. */
	mm_status (*export)(const activity *act, store *st, sheet *s, const char *format,
		buf *out, mm_error *err);
	const char *export_format; /* the format when none is asked for */
	bool export_whole;         /* exports the whole workshop's results, not an owner's */
	/* Reads CSV bytes into S, all or nothing; *COUNT gets the rows imported,
	 * or -1 when what was imported is answers rather than rows. REPLACE
	 * empties S first where the kind has rows to replace. NULL: no import. */
	mm_status (*import)(store *st, const activity *act, sheet *s, const char *data, size_t n,
		bool replace, int *count, mm_error *err);
	/* Adds OWNER's progress on ACT to T, counted in the database (kinds whose
	 * sheets may be long); reads only, never makes a sheet. */
	mm_status (*progress)(store *st, const activity *act, owner_kind ok, int64_t owner,
		kind_tally *t, mm_error *err);
	/* Or adds the progress of the owner's sheet S (loaded read-only; empty
	 * when nobody wrote it yet) to T. Neither: nothing to show (a briefing). */
	void (*tally)(const activity *act, const sheet *s, kind_tally *t);
	/* T in a few words for the facilitator's overview. */
	void (*progress_text)(const activity *act, const kind_tally *t, char *out, size_t n);
	/* Has the owner of S written anything here? */
	bool (*has_work)(const activity *act, const sheet *s);
} kind_ops;

#define KIND(id, name) extern const kind_ops name##_kind;
#include "kinds.def"
#undef KIND

/* The operations of kind K (never NULL for K < KIND_COUNT). */
const kind_ops *kind_of(activity_kind k);

/* Shared pieces for kinds' rows. */
/* A sheet with at least one row has work in it (tables, boards). */
bool kind_has_rows(const activity *act, const sheet *s);
/* Adds the owner's rows and cell writes beyond the seed to T, counted in the
 * database without loading the sheet (a table may have thousands of rows). */
mm_status kind_count_rows(store *st, const activity *act, owner_kind ok, int64_t owner,
	kind_tally *t, mm_error *err);

/* The kind of ACT as a word in the current language ("表", "table"). */
const char *activity_kind_word(const activity *act);

/* Through the kind, with a message for a kind that cannot: */
mm_status activity_export(const activity *act, store *st, sheet *s, const char *format,
	buf *out, mm_error *err);
mm_status activity_import(store *st, const activity *act, sheet *s, const char *data, size_t n,
	bool replace, int *count, mm_error *err);
bool activity_has_work(const activity *act, const sheet *s);

#endif
