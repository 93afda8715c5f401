/* report.h — the take-home report: everything a group or a company wrote in
 * the workshop, session by session, as one Markdown or HTML document. It
 * only reads: a sheet nobody opened is not made (and not listed). */
#ifndef MAMORI_REPORT_H
#define MAMORI_REPORT_H

#include <stdint.h>

#include "buf.h"
#include "scenario.h"
#include "sheet.h"
#include "status.h"
#include "store.h"

/* The group or company (OK: OWNER_GROUP or OWNER_COMPANY) named exactly
 * NAME; MM_ENOTFOUND when there is none, the message suggesting the names
 * that contain NAME, or else the nearest ones ("did you mean ..."). */
mm_status report_find_owner(store *st, owner_kind ok, const char *name, int64_t *id,
	mm_error *err);

/* Appends to OUT the report of a group or company (OK, OWNER) of the
 * workshop titled TITLE ("" or NULL: the scenario's title) in FORMAT "md"
 * or "html". A group's report holds its group activities; a company's its
 * own and its group's, each group table only with the rows the scenario's
 * "report" setting lets in for that company. */
mm_status report_build(store *st, const scenario *sc, const char *title, owner_kind ok,
	int64_t owner, const char *format, buf *out, mm_error *err);

#endif
