/* table_kind.c — the table kind's row in the table of kinds: a table's
 * definition is built by the scenario loader (tables refer to each other),
 * so this row holds what is done with its sheets. */
#include <stdio.h>
#include <string.h>

#include "export.h"
#include "i18n.h"
#include "kind.h"
#include "table_load.h"

static mm_status table_export(const activity *act, store *st, sheet *s, const char *format,
	buf *out, mm_error *err)
{
	(void)st;
	if (strcmp(format, "csv") == 0)
		export_sheet_csv(s, out);
	else if (strcmp(format, "md") == 0)
		export_sheet_md(s, L(&act->title), out);
	else
		return mm_fail(err, MM_EUSER, tr(M_TABLE_FORMATS), format);
	return MM_OK;
}

static mm_status table_import(store *st, const activity *act, sheet *s, const char *data,
	size_t n, bool replace, int *count, mm_error *err)
{
	(void)act;
	return import_sheet_csv(st, s, data, n, replace, count, NULL, err);
}

static void table_progress_text(const activity *act, const kind_tally *t, char *out, size_t n)
{
	(void)act;
	snprintf(out, n, tr(t->rows == 1 ? M_PROGRESS_ROW1 : M_PROGRESS_ROWS), t->rows, t->edits);
}

const kind_ops table_kind = {
	.fields = table_fields,
	.export = table_export,
	.export_format = "csv",
	.import = table_import,
	.progress = kind_count_rows,
	.progress_text = table_progress_text,
	.has_work = kind_has_rows,
};
