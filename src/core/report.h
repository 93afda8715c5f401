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
 * "report" setting lets in for that company. Sessions with something
 * written come one after another (in HTML one printed page each), each
 * activity with its charts under its heading: a checklist's section scores
 * (a radar when an expert scores the sections, else bars with the band), a
 * table's heat map and the progress of its "status" column, a drill's
 * timeline (SVG in HTML; in Markdown the same numbers as tables). What is
 * not written yet is named ("Nothing written yet: ..."), never left out
 * silently. */
mm_status report_build(store *st, const scenario *sc, const char *title, owner_kind ok,
	int64_t owner, const char *format, buf *out, mm_error *err);

/* Pieces the take-home and the program report share. A Markdown table cell
 * ('|' escaped, line breaks as <br>), a row and a header with its rule. */
void report_md_cell(buf *out, const char *s);
void report_md_row(buf *out, const char *const *cells, int n);
void report_md_head(buf *out, const char *const *cells, int n);
/* A self-contained HTML page: <head> with inline CSS (the system's Japanese
 * fonts, A4 print: a page per session, no chart cut in two), up to <body>;
 * and its end. */
void report_page_open(buf *out, const char *title);
void report_page_close(buf *out);
/* A band's label up to its first colon, for a chart: 「一部不十分」 of
 * 「一部不十分：できていない項目を…」. */
void report_band_word(const char *label, char *out, size_t n);
/* SVG (a chart from svg.h) in a <figure class="chart">. */
void report_figure(buf *out, const buf *svg);

#endif
