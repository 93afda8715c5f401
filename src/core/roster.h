/* roster.h — who is in the workshop: groups, companies and people from a CSV
 * file (the facilitator's participant list), all or nothing. */
#ifndef MAMORI_ROSTER_H
#define MAMORI_ROSTER_H

#include <stddef.h>

#include "status.h"
#include "store.h"

typedef struct roster_counts {
	int groups, companies, people; /* newly added */
	int known;                      /* people already there (a re-import) */
} roster_counts;

/* Reads a roster CSV (UTF-8, UTF-8 with BOM or Shift_JIS) whose header names
 * the columns by id or Japanese title: group/グループ, company/会社,
 * name/氏名 (required), role/役割, industry/業種, staff/従業員数, each
 * once. Names of groups, companies and people are taken as
 * text_normalize_name gives them (spaces at the ends off, full-width ASCII
 * and half-width katakana in their usual forms), so "山田", "山田 " and
 * "山田　" are one person; a name of spaces only, a name with control
 * characters and a person named twice in one company are refused. Missing
 * groups and companies are created; a person already in that company is
 * left as is. Facilitator only. A bad line is named (line, column) and
 * nothing changes. */
mm_status roster_import(store *st, const char *data, size_t n, roster_counts *out,
	mm_error *err);

#endif
