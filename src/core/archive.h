/* archive.h — a whole workshop in one JSON file, and back.
 *
 * archive_export writes every table that holds workshop state (scenario,
 * groups, companies, people, sheets with every cell's version, the change
 * history, the room, drill runs, survey codes, drafts) with its ids, rows
 * sorted, in one fixed layout: exporting what archive_import restored gives
 * the same bytes. This is how a workshop moves to another laptop, is
 * archived, or is prepared as a pre-filled demo. */
#ifndef MAMORI_ARCHIVE_H
#define MAMORI_ARCHIVE_H

#include <stddef.h>

#include "buf.h"
#include "status.h"
#include "store.h"

/* The format marker's value: "mamori-workshop": ARCHIVE_FORMAT. */
#define ARCHIVE_FORMAT 1

/* The tables an archive holds, in the order they are written and restored
 * (a row's references come before it); NULL-terminated. */
extern const char *const archive_tables[];
/* Tables of the schema an archive leaves out on purpose; NULL-terminated
 * (empty today: see archive.c). */
extern const char *const archive_skipped[];

/* Appends the whole workshop in ST to OUT, read in one snapshot (other
 * terminals may keep writing). */
mm_status archive_export(store *st, buf *out, mm_error *err);

/* What an import restored (rows of grp, company, person, sheet, change). */
typedef struct archive_counts {
	int groups, companies, people, sheets, changes;
} archive_counts;

/* Makes a new database at PATH (which must not exist) from the archive DATA
 * (N bytes) read from NAME (for messages): the format and schema checked,
 * the embedded scenario validated as `mamori init` does, every row written
 * in one transaction, every reference between rows checked. All or
 * nothing: on any failure nothing is left at PATH. COUNTS may be NULL. */
mm_status archive_import(const char *path, const char *name, const char *data, size_t n,
	archive_counts *counts, mm_error *err);

#endif
