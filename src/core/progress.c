#include "progress.h"

#include <stdio.h>
#include <string.h>

#include "board.h"
#include "checklist.h"
#include "document.h"
#include "i18n.h"
#include "sheet.h"

/* The owners of a group for a scope: the group itself, its companies or its
 * people. */
static mm_status owners_of(store *st, activity_scope scope, int64_t group, owner_info **o,
	int *n, mm_error *err)
{
	int kind = scope == SCOPE_COMPANY ? 1 : scope == SCOPE_PERSON ? 2 : 0;
	return store_owners(st, kind, group, o, n, err);
}

/* Rows and cell writes of a sheet, counted in the database without loading
 * it (a table may have thousands of rows); the seed's own values are not
 * the group's writing. */
static void count_rows(store *st, const table_def *d, owner_kind ok, int64_t owner, int *rows,
	int *edits)
{
	static const char *const kinds[] = {"group", "company", "person"};
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(store_db(st),
		"SELECT (SELECT COUNT(*) FROM sheet_row r WHERE r.sheet_id = s.id AND r.deleted = 0),"
		"       (SELECT COUNT(*) FROM change c WHERE c.sheet_id = s.id AND c.op = 'set') "
		"FROM sheet s WHERE s.activity = ?1 AND s.owner_kind = ?2 AND s.owner_id = ?3",
		-1, &q, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(q, 1, d->activity_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, kinds[ok], -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, owner);
	if (sqlite3_step(q) == SQLITE_ROW) {
		int n = sqlite3_column_int(q, 1);
		for (int r = 0; r < d->nrows; r++)
			for (int k = 0; k < d->ncols; k++)
				if (d->rows[r].values[k] && *d->rows[r].values[k])
					n--;
		*rows += sqlite3_column_int(q, 0);
		*edits += n > 0 ? n : 0;
	}
	sqlite3_finalize(q);
}

static bool has_answer(const sheet *s)
{
	for (int r = 0; r < s->nrows; r++)
		for (int k = 0; k < s->def->ncols; k++)
			if (s->rows[r].cells[k].value && *s->rows[r].cells[k].value)
				return true;
	return false;
}

mm_status activity_progress(store *st, const activity *act, int64_t group, char *out, size_t n,
	mm_error *err)
{
	out[0] = '\0';
	if (!act->storage)
		return MM_OK;
	owner_info *own;
	int nown;
	mm_status rc = owners_of(st, act->scope, group, &own, &nown, err);
	if (rc != MM_OK)
		return rc;
	bool ja = i18n_lang() == LANG_JA;
	int done = 0, total = 0, rows = 0, sum_edits = 0;
	owner_kind ok = act->scope == SCOPE_COMPANY ? OWNER_COMPANY
		: act->scope == SCOPE_PERSON ? OWNER_PERSON : OWNER_GROUP;
	for (int k = 0; k < nown && rc == MM_OK; k++) {
		if (act->kind == KIND_TABLE || act->kind == KIND_BOARD) {
			count_rows(st, act->storage, ok, own[k].id, &rows, &sum_edits);
			continue;
		}
		sheet *s = NULL;
		if ((rc = sheet_peek(st, act->storage, ok, own[k].id, &s, err)) != MM_OK)
			break;
		switch (act->kind) {
		case KIND_CHECKLIST: {
			checklist_result res;
			checklist_score(checklist_of(act), s, &res);
			if (act->scope == SCOPE_GROUP) {
				done += res.answered + res.na;
				total += res.items;
			} else {
				done += res.unanswered == 0;
				total++;
			}
			checklist_result_free(&res);
			break;
		}
		case KIND_DOCUMENT: {
			doc_progress p = document_progress(document_of(act), s);
			done += p.done;
			total += p.total;
			break;
		}
		default: /* a survey: has this person answered? */
			done += has_answer(s);
			total++;
			break;
		}
		sheet_free(s);
	}
	owner_list_free(own, nown);
	if (rc != MM_OK)
		return rc;
	switch (act->kind) {
	case KIND_CHECKLIST:
		if (act->scope == SCOPE_GROUP)
			snprintf(out, n, "%d/%d", done, total);
		else
			snprintf(out, n, ja ? "%d/%d社" : "%d/%d co.", done, total);
		break;
	case KIND_DOCUMENT:
		snprintf(out, n, "%d/%d", done, total);
		break;
	case KIND_SURVEY:
		snprintf(out, n, ja ? "%d/%d人" : "%d/%d ppl", done, total);
		break;
	case KIND_BOARD:
		snprintf(out, n, ja ? "%d枚" : "%d notes", rows);
		break;
	default:
		snprintf(out, n, ja ? "%d行・記入%d" : "%d rows +%d", rows, sum_edits);
	}
	return MM_OK;
}
