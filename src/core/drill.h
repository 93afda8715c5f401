/* drill.h — the drill activity kind: a tabletop incident exercise run live.
 *
 * The clock is data: a drill run is a list of events in the store (start,
 * pause, resume, shift, release, mark, hint, end), and every terminal
 * computes the same drill time from them and the wall clock; nothing fires
 * from a timer in one process. An inject has arrived for a group when its
 * time is at or before the drill time (or it was released), and the
 * expectation it names with `unless` was not marked met for that group when
 * it arrived.
 *
 * Expectations and hints are the facilitator's: they are read only through
 * drill_expect_text / drill_hint_text, which refuse any other role, and
 * drill_redact removes their text from a definition loaded on a group or
 * projector terminal. */
#ifndef MAMORI_DRILL_H
#define MAMORI_DRILL_H

#include <stdbool.h>
#include <stdint.h>

#include "i18n.h"
#include "scenario.h"
#include "status.h"
#include "store.h"
#include "table.h"

typedef struct drill_role {
	char *id;
	lstr title, brief;
} drill_role;

typedef struct drill_expect {
	char *id;
	lstr text; /* the facilitator's only */
	int inject; /* the inject it belongs to */
} drill_expect;

typedef struct drill_inject {
	char *id;
	int at;          /* minutes on the drill clock; -1 for a manual inject */
	int unless;      /* index into drill_def.expects, -1 for none */
	bool to_all;
	unsigned to_roles; /* bits of drill_def.roles when not to_all */
	lstr title, body;
	lstr *questions;
	int nquestions;
	int first_expect, nexpect; /* its expectations in drill_def.expects */
	lstr *hints;     /* the facilitator's only until released */
	int nhints;
} drill_inject;

typedef struct drill_def {
	int minutes;
	drill_role *roles;
	int nroles;
	drill_inject *injects;
	int ninjects;
	drill_expect *expects;
	int nexpects;
	struct {
		char *id;
		lstr text;
	} *hotwash;
	int nhotwash;
	table_def *log;     /* the decision log: one sheet a group */
	table_def *wash;    /* the hot wash answers: one sheet a group */
	bool redacted;
} drill_def;

const drill_def *drill_of(const activity *act);
/* Removes every expectation's and hint's text (a group's or the
 * projector's terminal loads the scenario without them). */
void drill_redact(drill_def *d);

/* ---- the run: events and the clock ---- */
typedef enum drill_op {
	DE_START, DE_PAUSE, DE_RESUME, DE_END, DE_SHIFT, DE_RELEASE, DE_MARK, DE_HINT,
} drill_op;

typedef struct drill_event {
	int64_t id;
	int64_t at;      /* wall clock, seconds */
	drill_op op;
	int inject;      /* DE_RELEASE, DE_HINT: the inject (index); else -1 */
	int64_t group;   /* 0: every group */
	int expect;      /* DE_MARK: the expectation (index); DE_HINT: the hint */
	int value;       /* DE_MARK: 1 met, 0 not met; DE_SHIFT: seconds */
	char *text;      /* DE_HINT: the hint as released (a group reads it here) */
	const char *text_en; /* its English, inside TEXT's allocation */
} drill_event;

typedef struct drill_run {
	drill_event *ev;
	int nev;
} drill_run;

typedef enum drill_phase { DP_READY, DP_RUNNING, DP_PAUSED, DP_ENDED } drill_phase;

/* The phase and the drill time (seconds) at wall time NOW. */
drill_phase drill_clock(const drill_run *r, int64_t now, int64_t *seconds);
/* The drill time at wall time WALL (events after it left out). */
int64_t drill_time_at(const drill_run *r, int64_t wall);
/* Is expectation E marked met for GROUP when the drill clock read DT?
 * (the last mark of it at or before that drill time) */
bool drill_met(const drill_run *r, int e, int64_t group, int64_t dt);
/* The mark of E for GROUP now: 1 met, 0 not met, -1 none. */
int drill_mark(const drill_run *r, int e, int64_t group);
/* Has inject K arrived for GROUP at wall time NOW? *AT gets the drill time
 * it arrived (may be NULL). */
bool drill_arrived(const drill_def *d, const drill_run *r, int k, int64_t group, int64_t now,
	int64_t *at);
/* Has hint H of inject K been released to GROUP? */
bool drill_hint_released(const drill_run *r, int k, int h, int64_t group);
/* The next timed inject still to come (index), or -1. */
int drill_next_timed(const drill_def *d, const drill_run *r, int64_t now);
void drill_run_free(drill_run *r);

/* ---- the store ---- */
mm_status drill_load(store *st, const activity *act, drill_run *out, mm_error *err);
/* The facilitator's controls (MM_EDENIED for any other role). GROUP 0 is
 * every group. */
mm_status drill_start(store *st, const activity *act, mm_error *err);
mm_status drill_pause(store *st, const activity *act, mm_error *err);
mm_status drill_resume(store *st, const activity *act, mm_error *err);
mm_status drill_end(store *st, const activity *act, mm_error *err);
mm_status drill_release(store *st, const activity *act, const char *inject, int64_t group,
	mm_error *err);
/* Releases the next timed inject now and moves the clock on to its time;
 * *WHICH gets its index (-1 when none is left). */
mm_status drill_next(store *st, const activity *act, int *which, mm_error *err);
mm_status drill_mark_expect(store *st, const activity *act, int64_t group, const char *expect,
	bool met, mm_error *err);
mm_status drill_release_hint(store *st, const activity *act, int inject, int hint,
	int64_t group, mm_error *err);
/* The facilitator-only texts: NULL (and MM_EDENIED in *RC) for any other
 * role. */
const lstr *drill_expect_text(store *st, const drill_def *d, int e, mm_status *rc);
/* A hint's text: any hint for the facilitator; for a group only a hint
 * released to it (its text as stored with the release), else NULL. */
const char *drill_hint_text(store *st, const drill_def *d, const drill_run *r, int k, int h,
	int64_t group, mm_status *rc);

/* The drill's state for the command line: the clock and phase, and per
 * group which injects have arrived and how many decisions it logged; as
 * text lines or (JSON) one object. Never the facilitator's text. */
mm_status drill_status(store *st, const activity *act, bool json, buf *out, mm_error *err);
/* GROUP's timeline of the drill ACT (what arrived, when, and what it
 * decided) as Markdown; reads only. */
mm_status drill_timeline(store *st, const activity *act, int64_t group, buf *out,
	mm_error *err);
/* Removes the facilitator's text from every drill of SC (a group's or the
 * projector's terminal). */
void drill_redact_all(scenario *sc);

#endif
