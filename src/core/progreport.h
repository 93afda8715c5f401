/* progreport.h — the program report for the trainer or organiser: the
 * whole workshop in numbers, shaped like the seed program's own report.
 *
 *   participants and companies (per group);
 *   attendance by session: which groups wrote anything (their own sheets,
 *     their companies' or their people's, as the store's change history
 *     counts them);
 *   the self-check's bands across companies;
 *   the participant survey as the seed reports it: its headlines (share
 *     satisfied / rather satisfied, "security level rose"), each question's
 *     shares, the open answers grouped by question;
 *   the share of companies working on each area (the improvement plan's
 *     area tags);
 *   the average section score at visit 1 and at the last visit.
 *
 * A number that rests on fewer than PROGREPORT_MIN_ANSWERS answers is not
 * shown: "—", with a footnote (in CSV an empty value and a note). It only
 * reads; nothing is written and no sheet is made. */
#ifndef MAMORI_PROGREPORT_H
#define MAMORI_PROGREPORT_H

#include "buf.h"
#include "scenario.h"
#include "status.h"
#include "store.h"

#define PROGREPORT_MIN_ANSWERS 3

/* Appends the program report of the workshop titled TITLE ("" or NULL: the
 * scenario's) to OUT in FORMAT "html" (a self-contained page with SVG
 * charts), "md" (the same as tables) or "csv" (one line per number:
 * section, item, column, value, note). Any other format: MM_EUSER. */
mm_status progreport_build(store *st, const scenario *sc, const char *title, const char *format,
	buf *out, mm_error *err);

#endif
