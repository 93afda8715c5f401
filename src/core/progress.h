/* progress.h — how far each group is with an activity, in a few words, for
 * the facilitator's overview of the room. */
#ifndef MAMORI_PROGRESS_H
#define MAMORI_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "status.h"
#include "store.h"

/* Writes GROUP's progress on ACT into OUT: rows and edits of a table,
 * answered items of a checklist (companies done when each company answers),
 * sections written of a document, notes on a board, people who answered a
 * survey. "" for a briefing. Reads only; never creates a sheet. */
mm_status activity_progress(store *st, const activity *act, int64_t group, char *out, size_t n,
	mm_error *err);

#endif
