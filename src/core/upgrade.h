/* upgrade.h — changing a workshop that has begun: the stored scenario
 * replaced by a new one, all work kept by id (mamori upgrade).
 *
 * Sessions, activities and columns are matched by id: a retitled or moved
 * one keeps every cell. What a removed activity or column holds is counted
 * in the database (cells written in live rows, seed values not counted,
 * drill events); removing one that holds any is refused unless DROP. A kind
 * change of an activity with work, or a type change of a column with values
 * (other than text <-> longtext, or to or from computed), is refused even with
 * DROP: its cells would be read with another meaning under the same id. */
#ifndef MAMORI_UPGRADE_H
#define MAMORI_UPGRADE_H

#include <stdbool.h>

#include "buf.h"
#include "scenario.h"
#include "status.h"
#include "store.h"

typedef enum upgrade_outcome {
	UPGRADE_NOTHING, /* the new text is the stored one: nothing written */
	UPGRADE_DRY_RUN, /* the report only, nothing written */
	UPGRADE_APPLIED, /* the new scenario is the workshop's */
} upgrade_outcome;

/* Compares the workshop's stored scenario with NEW_TEXT (already validated
 * and parsed as NEWSC) and appends the change report to REPORT, one line per
 * change. Unless DRY_RUN, applies it in one transaction: the stored scenario
 * replaced, the storage of removed activities and the cells of removed
 * columns deleted (each dropped cell logged in `change` as op 'drop'). A
 * change it refuses returns MM_EUSER with the first reason in ERR (one line)
 * and writes nothing; DRY_RUN returns the same refusal after the report. */
mm_status upgrade_run(store *st, const char *new_text, const scenario *newsc, bool dry_run,
	bool drop, buf *report, upgrade_outcome *out, mm_error *err);

#endif
