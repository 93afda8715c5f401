#include "progress.h"

#include "kind.h"

mm_status activity_progress(store *st, const activity *act, int64_t group, char *out, size_t n,
	mm_error *err)
{
	out[0] = '\0';
	const kind_ops *k = kind_of(act->kind);
	if (!act->storage || (!k->progress && !k->tally) || !k->progress_text)
		return MM_OK;
	/* the owners of the group for the activity's scope: the group itself,
	 * its companies or its people */
	owner_kind ok = act->scope == SCOPE_COMPANY ? OWNER_COMPANY
		: act->scope == SCOPE_PERSON ? OWNER_PERSON : OWNER_GROUP;
	owner_info *own;
	int nown;
	mm_status rc = store_owners(st, (int)ok, group, &own, &nown, err);
	if (rc != MM_OK)
		return rc;
	kind_tally t = {0};
	for (int i = 0; i < nown && rc == MM_OK; i++) {
		if (k->progress) {
			rc = k->progress(st, act, ok, own[i].id, &t, err);
			continue;
		}
		sheet *s = NULL;
		if ((rc = sheet_peek(st, act->storage, ok, own[i].id, &s, err)) == MM_OK)
			k->tally(act, s, &t);
		sheet_free(s);
	}
	owner_list_free(own, nown);
	if (rc != MM_OK)
		return rc;
	k->progress_text(act, &t, out, n);
	return MM_OK;
}
