/* table_load.h — reading and validating table activities (internal to core). */
#ifndef MAMORI_TABLE_LOAD_H
#define MAMORI_TABLE_LOAD_H

#include <cjson/cJSON.h>

#include "table.h"
#include "validate.h"

extern const field table_fields[];

/* Builds a table definition from an activity object; tolerant of wrong
 * types (they are reported by table_check_all). */
table_def *table_build(const cJSON *act);

/* Checks every table of a scenario once all are built: columns, ref
 * targets, expressions (unknown columns, types, division by zero, cycles),
 * seed and example values, the heat map. DEFS[i] was built from ACTS[i],
 * found at PATHS[i]. Returns false when anything was reported. */
bool table_check_all(vctx *v, table_def **defs, const cJSON **acts, char **paths, int n);

#endif
