/* owners.c — whose sheet a view shows: a group terminal sees its own group
 * (or its group's companies or people); the facilitator steps through all. */
#include <stdio.h>

#include "ui.h"

void owner_sel_init(app *a, const activity *act, owner_sel *o)
{
	o->okind = act->scope == SCOPE_COMPANY ? OWNER_COMPANY
		: act->scope == SCOPE_PERSON ? OWNER_PERSON : OWNER_GROUP;
	o->owners = NULL;
	o->n = o->idx = 0;
	mm_error err;
	/* a group terminal reads every group's and company's work (Tab steps
	 * through it, read-only; the core refuses writes) and starts on its
	 * own; people's answers stay its own people's */
	int64_t gid = a->role == ROLE_GROUP ? store_group_id(a->st) : 0;
	int64_t filter = o->okind == OWNER_PERSON ? gid : 0;
	if (store_owners(a->st, (int)o->okind, filter, &o->owners, &o->n, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	for (int k = 0; gid && k < o->n; k++)
		if (o->okind == OWNER_GROUP ? o->owners[k].id == gid
			: store_company_group(a->st, o->owners[k].id) == gid) {
			o->idx = k;
			break;
		}
}

bool owner_sel_step(owner_sel *o, int dir)
{
	if (o->n < 2)
		return false;
	o->idx = (o->idx + (dir > 0 ? 1 : o->n - 1)) % o->n;
	return true;
}

int64_t owner_sel_id(const owner_sel *o)
{
	return o->n ? o->owners[o->idx].id : 0;
}

const char *owner_sel_name(const owner_sel *o)
{
	return o->n ? o->owners[o->idx].name : "-";
}

void owner_sel_free(owner_sel *o)
{
	owner_list_free(o->owners, o->n);
	o->owners = NULL;
	o->n = o->idx = 0;
}

int64_t view_owner(const view *v)
{
	return v->own ? owner_sel_id(v->own) : 0;
}

void view_show_group(app *a, view *v, int64_t group)
{
	if (!v->own)
		return;
	for (int k = 0; k < v->own->n; k++) {
		int64_t id = v->own->owners[k].id;
		bool of_group = v->own->okind == OWNER_GROUP ? id == group
			: v->own->okind == OWNER_COMPANY && store_company_group(a->st, id) == group;
		if (of_group) {
			view_show_owner(a, v, id);
			return;
		}
	}
}

void view_show_owner(app *a, view *v, int64_t owner)
{
	if (!v->own || !v->ops->reopen)
		return;
	for (int k = 0; k < v->own->n; k++)
		if (v->own->owners[k].id == owner && k != v->own->idx) {
			v->own->idx = k;
			v->ops->reopen(a, v);
		}
}
