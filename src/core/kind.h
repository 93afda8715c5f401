/* kind.h — how an activity kind plugs into the scenario loader (internal to
 * core). Each kind other than briefing and table lives in its own file and
 * exports one kind_ops; every kind stores what groups write as cells of a
 * table definition (its "storage"), so history, undo, live updates and
 * permissions are the sheet's, written once. */
#ifndef MAMORI_KIND_H
#define MAMORI_KIND_H

#include <cjson/cJSON.h>

#include "table.h"
#include "validate.h"

extern const char *const activity_kind_values[];  /* "briefing", "table", ... NULL */
extern const char *const activity_scope_values[]; /* "group", "company", "person", NULL */

/* Keys every activity has; each kind adds its own after these. */
#define ACTIVITY_COMMON \
	{"id", F_ID, true, 0, 0, NULL}, \
	{"kind", F_ENUM, true, 0, 0, activity_kind_values}, \
	{"title", F_LSTR, true, 0, 0, NULL}, \
	{"prompt", F_LSTR, false, 0, 0, NULL}, \
	{"scope", F_ENUM, false, 0, 0, activity_scope_values}, \
	{"minutes", F_INT, false, 1, 600, NULL}, \
	{"body", F_LSTR, false, 0, 0, NULL}

typedef struct kind_ops {
	/* Every key the kind accepts (ACTIVITY_COMMON first), FIELD_END last;
	 * NULL while this version cannot run the kind. */
	const field *fields;
	/* Further checks once the keys have the right types: ids unique inside
	 * the activity, references, numbers that must agree. May be NULL. */
	void (*check)(vctx *v, const cJSON *act, const char *path);
	/* The kind's definition, built only from a valid activity. */
	void *(*build)(const cJSON *act);
	void (*free)(void *def);
	/* The table definition its sheets store cells in (owned by DEF, with
	 * activity_id set to the activity's id); NULL if it stores nothing. */
	const table_def *(*storage)(const void *def);
} kind_ops;

extern const kind_ops checklist_kind;
extern const kind_ops document_kind;
extern const kind_ops board_kind;
extern const kind_ops survey_kind;
extern const kind_ops drill_kind;

#endif
