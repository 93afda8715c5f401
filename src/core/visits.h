/* visits.h — the four expert visits measured: the hearing's six section
 * scores recorded per visit (suggested from the answers, entered by the
 * expert with a reason, both kept), the improvement plan's items with a
 * status per visit (and a date and a note) and area tags, and the counts the
 * progress board, the next-year plan and the reports need.
 *
 * Where the pieces are (no C constants; see scenarios/README.md, "Visits"):
 * the track with id "visits" (its sessions are visits 1..N by number); in
 * it the first checklist with section scores (the hearing) and the first
 * table with a choice column "status" (the improvement plan; its "area"
 * choice column names a hearing section, its optional flags column "areas"
 * holds the area tags, whose options are the program's list of areas); the
 * self-check is the first checklist with bands outside that track.
 *
 * Everything written is a cell of a table built here, owned by the company
 * (so live updates, history, permissions and the group write-guard are the
 * sheet's):
 *   "<hearing id>#visits": one row per section ("key" = section id), per
 *     visit v the columns "score<v>" (0..max, what the expert entered),
 *     "basis<v>" (the suggestion when it was entered) and "reason<v>";
 *   "<plan id>#visits": one row per plan item ("key" = the plan row's id),
 *     per visit v "status<v>" (the plan's status options), "date<v>",
 *     "note<v>".
 * Area tags are the plan table's own "areas" cells. */
#ifndef MAMORI_VISITS_H
#define MAMORI_VISITS_H

#include <stdbool.h>
#include <stdint.h>

#include "checklist.h"
#include "i18n.h"
#include "scenario.h"
#include "status.h"
#include "store.h"
#include "table.h"

typedef struct visits visits;

/* The visits model of SC, or NULL when SC has no "visits" track with a
 * hearing checklist. Free with visits_free. */
visits *visits_new(const scenario *sc);
void visits_free(visits *v);

int visits_count(const visits *v);               /* visits (sessions of the track) */
const session *visits_session(const visits *v, int visit); /* 1..count, else NULL */
const activity *visits_hearing(const visits *v);
const checklist_def *visits_hearing_def(const visits *v);
const activity *visits_plan_activity(const visits *v);     /* may be NULL */
const activity *visits_selfcheck(const visits *v);         /* may be NULL */
int visits_nsections(const visits *v);
int visits_score_max(const visits *v);
/* The plan's status options (value and label), in the scenario's order. */
const col_option *visits_statuses(const visits *v, int *n);
/* The program's areas (the plan's "areas" options); *N = 0 when none. */
const col_option *visits_areas(const visits *v, int *n);
/* The storage tables (for views that watch them). */
const table_def *visits_score_storage(const visits *v);
const table_def *visits_status_storage(const visits *v);

/* ---- writing: compare-and-set, and undo ---- */
/* This terminal's edits on the visits' records, newest last: each score,
 * status, note or area tagging is one step, however many cells (in however
 * many sheets: a visit-1 score is the hearing's section score too) it
 * wrote. Undo and redo write a step back in one transaction, and only if
 * every cell still holds what this terminal wrote (else MM_ECONFLICT, and
 * nothing changes): another terminal's later change is never undone. */
typedef struct visits_history visits_history;
visits_history *visits_history_new(void);
void visits_history_free(visits_history *h);
void visits_history_clear(visits_history *h);
/* Undoes (REDO: redoes) the last step; *VISIT (may be NULL) gets the visit
 * it was at. Nothing to do: MM_ENOTFOUND with a message. */
mm_status visits_undo(store *st, const visits *v, visits_history *h, bool redo, int *visit,
	mm_error *err);

/* How a write meets others': EXPECTED is the version of the cell it sets
 * (the score, the status, or with a note alone the note; the areas) as the
 * caller saw it (visit_score.version, visit_status.version and
 * .note_version, visit_plan_item.areas_version); when another terminal wrote
 * it since, MM_ECONFLICT, *CF (may be NULL) gets what is there now and who
 * wrote it, and nothing is written. EXPECTED < 0 writes whatever is there.
 * H (may be NULL) gets the write as one undo step. */
typedef struct visits_edit {
	int expected;
	sheet_conflict *cf;
	visits_history *h;
} visits_edit;
#define VISITS_EDIT_ANY ((visits_edit){-1, NULL, NULL})

/* ---- section scores per visit ---- */
typedef struct visit_score {
	const char *section; /* the hearing's section id */
	const lstr *title;
	int suggested; /* from the hearing's answers (kept as entered), -1 none */
	int entered;   /* what the expert entered, -1 none */
	char *reason;  /* why, "" none */
	int final;     /* entered if set, else suggested (-1 none) */
	int version;   /* the version of the entered score's cell (0: never written) */
} visit_score;

/* Fills OUT (visits_nsections entries) with COMPANY's scores at VISIT
 * (1..count). A visit nobody scored shows the live suggestion. Free the
 * reasons with visit_scores_free. */
mm_status visits_scores(store *st, const visits *v, int64_t company, int visit,
	visit_score *out, mm_error *err);
void visit_scores_free(visit_score *s, int n);
/* Enters SCORE (0..max) for SECTION at VISIT; a score other than the
 * suggestion needs a REASON (MM_EUSER otherwise, nothing written). The
 * suggestion of the moment is kept beside it. SCORE -1 clears the entry
 * (back to the suggestion). */
mm_status visits_set_score(store *st, const visits *v, int64_t company, int visit,
	const char *section, int score, const char *reason, mm_error *err);
/* The same, in one transaction, with ED's compare-and-set and undo step (ED
 * may be NULL: VISITS_EDIT_ANY). */
mm_status visits_set_score_ex(store *st, const visits *v, int64_t company, int visit,
	const char *section, int score, const char *reason, const visits_edit *ed, mm_error *err);

/* ---- the improvement plan ---- */
typedef struct visit_status {
	char *status; /* stored value ("todo", ...), "" when not recorded */
	char *date;   /* YYYY-MM-DD, "" */
	char *note;   /* "" */
	int version;      /* the status cell's version (0: never written) */
	int note_version; /* the note cell's */
} visit_status;

typedef struct visit_plan_item {
	int64_t row;        /* the plan table's row id */
	char *label;        /* the item as the plan names it (its issue) */
	char *section;      /* the plan's "area" (a hearing section id), "" */
	char *current;      /* the status now: the latest visit's, else the plan's */
	visit_status *by_visit; /* count entries, [0] is visit 1 */
	char **areas;       /* area tags (values) */
	int nareas;
	int areas_version;  /* the plan's areas cell's version */
} visit_plan_item;

mm_status visits_plan(store *st, const visits *v, int64_t company, visit_plan_item **out,
	int *n, mm_error *err);
void visits_plan_free(visit_plan_item *items, int n, int nvisits);
/* Records plan row ROW's STATUS (a value or label of the plan's status
 * column) at VISIT, with DATE (YYYY-MM-DD; NULL or "": today) and NOTE
 * (may be NULL). When VISIT is the latest visit with a status for the row,
 * the plan table's own status cell follows. Bad input: MM_EUSER, nothing
 * written. */
mm_status visits_set_status(store *st, const visits *v, int64_t company, int64_t row,
	int visit, const char *status, const char *date, const char *note, mm_error *err);
/* The same, in one transaction, with ED (ED->expected is the note cell's
 * version when STATUS is NULL: a note alone, the status kept). */
mm_status visits_set_status_ex(store *st, const visits *v, int64_t company, int64_t row,
	int visit, const char *status, const char *date, const char *note, const visits_edit *ed,
	mm_error *err);
/* Tags plan row ROW with AREAS (values or labels of the plan's "areas"
 * options; N = 0 clears). */
mm_status visits_set_areas(store *st, const visits *v, int64_t company, int64_t row,
	const char *const *areas, int n, mm_error *err);
mm_status visits_set_areas_ex(store *st, const visits *v, int64_t company, int64_t row,
	const char *const *areas, int n, const visits_edit *ed, mm_error *err);

/* ---- counts (progress board, next-year plan, reports) ---- */
typedef struct visits_summary {
	int nplan;          /* plan items */
	int *status_counts; /* per status option (visits_statuses), by current status */
	int unset;          /* items with no status */
	int *first;         /* per section: the final score at visit 1, -1 none */
	int *latest;        /* per section: at latest_visit, -1 none */
	int latest_visit;   /* the last visit with an entered score, 0 none */
	bool has_selfcheck; /* the self-check has answers */
	double selfcheck_total, selfcheck_max;
	const lstr *selfcheck_band; /* NULL when no band */
} visits_summary;

mm_status visits_summarize(store *st, const visits *v, int64_t company, visits_summary *out,
	mm_error *err);
void visits_summary_free(visits_summary *s);

/* Share of companies with at least one plan item tagged with each area:
 * OUT gets one entry per area (visits_areas order); *NCOMPANIES the
 * companies with a plan (the denominator). Free OUT with free(). */
typedef struct visits_area_count {
	const char *value;
	const lstr *label;
	int companies;
} visits_area_count;
mm_status visits_area_share(store *st, const visits *v, visits_area_count **out, int *n,
	int *ncompanies, mm_error *err);

/* Has COMPANY a visit on record: its hearing answered, a score entered or
 * a plan item's status recorded? (false when it cannot be read) */
bool visits_has_record(store *st, const visits *v, int64_t company);

/* Does ID (what --open takes) name the visits' records: "visits" (visit 1)
 * or "visits:N" with 1 <= N <= count? *VISIT (may be NULL) gets N. */
bool visits_open_target(const scenario *sc, const char *id, int *visit);

/* The text section SECTION_ID of the next-year plan (a document of the
 * visits track) starts with for COMPANY, with what mamori knows filled in
 * instead of （　） blanks, in the current language: "results" (the plan's
 * status counts, the section scores at visit 1 and the latest visit, the
 * self-check's score and band), "remaining" (the items not done, with their
 * status and latest note). False (OUT untouched) for any other section or
 * activity, or when nothing is known yet: the scenario's starter stays. */
bool visits_starter(store *st, const scenario *sc, const char *activity_id,
	const char *section_id, int64_t company, buf *out);

/* The progress board of VISIT (the first board of its session, owned by
 * COMPANY's group) gets one note per plan item of COMPANY, written as a
 * group would: "【company】item（status）note" with the status recorded at
 * VISIT (else the item's current one), in the lane "done" for done items,
 * "stuck" for deferred ones and "next" for the rest (the first lane when the
 * board has no such lane). A note already on the board is not added twice.
 * *ADDED (may be NULL) gets how many were added. MM_EUSER when the visit has
 * no board or the company no plan. */
mm_status visits_fill_board(store *st, const visits *v, int64_t company, int visit, int *added,
	mm_error *err);

/* ---- the demo ---- */
/* Writes believable visits 1..4 for COMPANY through the calls above: a
 * hearing, scores that rise, a plan whose items move to done. */
mm_status visits_demo_fill(store *st, const scenario *sc, int64_t company, mm_error *err);
/* The demo's other visited companies (one per other group; four with visits
 * 1..4, one with visit 1 and the plan of visit 2 only), each written on its
 * group's terminal (the store's role is left as the last group's). A company
 * the roster lacks is skipped. */
mm_status visits_demo_fill_others(store *st, const scenario *sc, mm_error *err);

#endif
