/* export.h — a sheet as CSV (and back): the same values a user sees. */
#ifndef MAMORI_EXPORT_H
#define MAMORI_EXPORT_H

#include "buf.h"
#include "sheet.h"

/* The text a cell is exported as: choices and flags by label, bools as
 * yes/no, refs by the referenced row's label, computed values without their
 * band word. */
/* Appended to OUT whole. */
void export_cell(const sheet *s, int r, int col, buf *out);
/* Header of column titles in the current language, then one line per row
 * (in display order), RFC 4180. */
void export_sheet_csv(const sheet *s, buf *out);

/* A Markdown table under a "# TITLE" heading. */
void export_sheet_md(const sheet *s, const char *title, buf *out);

/* Leaves in S (a group's table, in memory) the rows that go into COMPANY's
 * take-home report under MODE (TABLE_REPORT_*; see table.h): a row names a
 * company when a cell reads exactly a company's name of the workshop. */
mm_status export_report_rows(store *st, sheet *s, int mode, int64_t company, mm_error *err);

/* Reads CSV bytes (UTF-8, UTF-8 with BOM or Shift_JIS/CP932) into S's
 * sheet: headers by column id or title in either language, every value
 * checked against its column, refs resolved by label; all or nothing, in
 * one transaction that also makes the sheet when S was only peeked at. With
 * REPLACE the sheet becomes the file: rows whose name is in the file stay
 * (cells updated in place), rows others refer to may not go (see
 * sheet_insert_many), the rest are deleted. */
mm_status import_sheet_csv(store *st, sheet *s, const char *data, size_t n, bool replace,
	int *imported, sheet_history *hist, mm_error *err);

#endif
