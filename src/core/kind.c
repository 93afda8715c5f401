/* kind.c — the table of kinds (one row per line of kinds.def), the kinds
 * without a file of their own, and what kinds share. */
#include "kind.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

/* ---- briefing: text on the projector, nothing stored ---------------- */

static const field briefing_fields[] = {
	ACTIVITY_COMMON,
	FIELD_END,
};

static void briefing_check(vctx *v, const cJSON *act, const char *path)
{
	if (!cJSON_GetObjectItemCaseSensitive(act, "body"))
		verr(v, path, 0, "%s", tr(M_V_MISSING_REQUIRED_KEY_BODY));
}

const kind_ops briefing_kind = {
	.fields = briefing_fields,
	.check = briefing_check,
};

/* ---- the table --------------------------------------------------------- */

static const kind_ops *const registry[KIND_COUNT] = {
#define KIND(id, name) [id] = &name##_kind,
#include "kinds.def"
#undef KIND
};

const kind_ops *kind_of(activity_kind k)
{
	static const kind_ops none = {.fields = NULL};
	return (unsigned)k < KIND_COUNT ? registry[k] : &none;
}

/* ---- shared pieces ----------------------------------------------------- */

bool kind_has_rows(const activity *act, const sheet *s)
{
	(void)act;
	return s->nrows > 0;
}

mm_status kind_count_rows(store *st, const activity *act, owner_kind ok, int64_t owner,
	kind_tally *t, mm_error *err)
{
	const table_def *d = act->storage;
	int rows, sets;
	mm_status rc = sheet_count(st, d->activity_id, ok, owner, &rows, &sets, err);
	if (rc != MM_OK)
		return rc;
	/* the seed's own values are not the owner's writing */
	if (rows > 0 || sets > 0)
		for (int r = 0; r < d->nrows; r++)
			for (int k = 0; k < d->ncols; k++)
				if (d->rows[r].values[k] && *d->rows[r].values[k])
					sets--;
	t->rows += rows;
	t->edits += sets > 0 ? sets : 0;
	return MM_OK;
}

const char *activity_kind_word(const activity *act)
{
	return tr((msg_id)(M_KIND_briefing + act->kind));
}

mm_status activity_export(const activity *act, store *st, sheet *s, const char *format,
	buf *out, mm_error *err)
{
	const kind_ops *k = kind_of(act->kind);
	if (!k->export || !act->storage)
		return mm_fail(err, MM_EUSER, tr(M_ERR_NOTHING_TO_EXPORT), act->id, activity_kind_word(act));
	return k->export(act, st, s, format ? format : k->export_format, out, err);
}

bool activity_has_work(const activity *act, const sheet *s)
{
	const kind_ops *k = kind_of(act->kind);
	return s && k->has_work && k->has_work(act, s);
}
