/* scenario.h — the trainer's program: tracks, sessions, activities.
 * A scenario is validated completely before any of it is used; every error
 * names FILE:LINE:COL and the JSON path. */
#ifndef MAMORI_SCENARIO_H
#define MAMORI_SCENARIO_H

#include <stddef.h>

#include "buf.h"
#include "i18n.h"
#include "status.h"
#include "table.h"

#define SCENARIO_FORMAT "mamori-scenario/1"

typedef enum activity_kind {
#define KIND(id, name) id,
#include "kinds.def"
#undef KIND
	KIND_COUNT
} activity_kind;

typedef enum activity_scope { SCOPE_GROUP, SCOPE_COMPANY, SCOPE_PERSON } activity_scope;

struct session;

typedef struct activity {
	char *id;
	activity_kind kind;
	lstr title;
	lstr prompt;
	activity_scope scope;
	int minutes; /* 0 when not given */
	lstr body;   /* briefing; an optional introduction for other kinds */
	table_def *table; /* table */
	void *def;        /* checklist, document, board, survey: the kind's definition */
	const table_def *storage; /* the table its sheets hold (table or the kind's) */
	const struct session *session;
} activity;

struct track;

typedef struct session {
	char *id;
	int number;
	lstr title;
	lstr seminar;
	lstr goal;
	int minutes;
	activity *activities;
	size_t nactivities;
	const struct track *track;
} session;

typedef struct track {
	char *id;
	lstr title;
	/* "label": how a session of this track is named, "{n}" its number;
	 * unset: 第{n}回 / Session {n} for the track "workshop", 訪問{n} / Visit {n}
	 * for any other */
	lstr label;
	session *sessions;
	size_t nsessions;
} track;

typedef struct scenario {
	char *id;
	lstr title;
	lstr description;
	track *tracks;
	size_t ntracks;
} scenario;

/* Parses and validates TEXT (NAME is used in messages). On failure returns
 * MM_EUSER, appends one "NAME:LINE:COL: path: message\n" line per error to
 * ERRS and stores their count in *NERRS; *OUT stays NULL. */
mm_status scenario_parse(const char *name, const char *text, size_t len, scenario **out,
	buf *errs, int *nerrs);
/* Supplies the data file REL (as written in "rows_from") or NULL with the
 * reason in WHY. The result is malloc'd, N its length. */
typedef char *(*scenario_reader)(void *ctx, const char *rel, size_t *n, char *why,
	size_t whysz);
/* Like scenario_parse, reading data files through READER; *EXPANDED (may be
 * NULL) receives the scenario with every "rows_from" replaced by its rows —
 * what a workshop stores, so it keeps working when the files move. Free it
 * with cJSON_free. */
mm_status scenario_parse_ex(const char *name, const char *text, size_t len,
	scenario_reader reader, void *rctx, scenario **out, char **expanded, buf *errs,
	int *nerrs);
/* Reads PATH and parses it, data files read beside it; *TEXT_OUT (may be NULL)
 * receives the expanded text to store. */
mm_status scenario_load_file(const char *path, char **text_out, scenario **out, buf *errs,
	int *nerrs);
/* What `mamori validate` shows (flags may be combined):
 * SCENARIO_SNIPPETS: under each FILE:LINE:COL: line, the source line and a
 *   caret under the column (tabs expanded, double-width characters counted
 *   twice, so it lines up on a terminal);
 * SCENARIO_BYTE_COLUMNS: COL counts bytes of the line (Vim's quickfix)
 *   instead of characters;
 * SCENARIO_WARNINGS: also FILE:LINE:COL: warning: lines for things that are
 *   valid but most likely not meant; they do not count in *NERRS. */
enum { SCENARIO_SNIPPETS = 1, SCENARIO_BYTE_COLUMNS = 2, SCENARIO_WARNINGS = 4 };
/* With SCENARIO_SNIPPETS, SCENARIO_WIDTH(N) added to the flags: the terminal
 * is N columns wide (0: not known), so a long source line is cut to fit it
 * rather than wrapped, which would leave the caret under another character. */
#define SCENARIO_WIDTH(n) ((unsigned)((n) > 0 && (n) < 65536 ? (n) : 0) << 16)
#define SCENARIO_WIDTH_OF(flags) ((int)((flags) >> 16))
/* Validates the scenario file PATH (data files read beside it) for
 * `mamori validate`; *NWARNS (may be NULL) gets the number of warnings. */
mm_status scenario_validate_file(const char *path, unsigned flags, buf *errs, int *nerrs,
	int *nwarns);
/* The scenario a workshop stores (scenario_parse checked it before it was
 * stored, init, upgrade and import alike): parsed and built without the
 * position scan, which only names places in messages and finds duplicate
 * keys, a third of the time at every start. Should it not pass the checks
 * (a file written by hand), it is parsed again the full way, so ERRS gets
 * the same FILE:LINE:COL lines scenario_parse gives. */
mm_status scenario_parse_stored(const char *name, const char *text, size_t len, scenario **out,
	buf *errs, int *nerrs);
void scenario_free(scenario *sc);

const char *kind_name(activity_kind k);
/* The name of session S in the current language: its track's "label" with
 * {n} replaced by the session's number (see track.label). */
void scenario_session_label(const session *s, char *out, size_t n);
const activity *scenario_find_activity(const scenario *sc, const char *id);
const session *scenario_find_session(const scenario *sc, const char *id);
/* All sessions of all tracks in order, for moving the room forward and back:
 * the session after (DIR = 1) or before (DIR = -1) ID, or NULL. */
const session *scenario_step_session(const scenario *sc, const char *id, int dir);

#endif
