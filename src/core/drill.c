/* drill.c — the drill activity kind: its format and checks, the decision
 * log and hot wash tables, the clock computed from stored events, arrival
 * per group (branches with `unless`), and the facilitator's controls. */
#include "drill.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "export.h"
#include "sheet.h"
#include "kind.h"
#include "text.h"

/* ---- the format ------------------------------------------------------ */

static const field drill_fields[] = {
	ACTIVITY_COMMON,
	{"roles", F_ARRAY, true, 0, 0, NULL},
	{"injects", F_ARRAY, true, 0, 0, NULL},
	{"hotwash", F_ARRAY, false, 0, 0, NULL},
	FIELD_END,
};

static const field role_fields[] = {
	{"id", F_ID, true, 0, 0, NULL},
	{"title", F_LSTR, true, 0, 0, NULL},
	{"brief", F_LSTR, false, 0, 0, NULL},
	FIELD_END,
};

static const field inject_fields[] = {
	{"id", F_ID, true, 0, 0, NULL},
	{"at", F_INT, false, 0, 1440, NULL},
	{"manual", F_BOOL, false, 0, 0, NULL},
	{"unless", F_STRING, false, 0, 0, NULL},
	{"title", F_LSTR, true, 0, 0, NULL},
	{"body", F_LSTR, false, 0, 0, NULL},
	{"to", F_ARRAY, false, 0, 0, NULL},
	{"questions", F_ARRAY, false, 0, 0, NULL},
	{"expect", F_ARRAY, false, 0, 0, NULL},
	{"hints", F_ARRAY, false, 0, 0, NULL},
	FIELD_END,
};

static const field expect_fields[] = {
	{"id", F_ID, true, 0, 0, NULL},
	{"text", F_LSTR, true, 0, 0, NULL},
	FIELD_END,
};

static const field hotwash_fields[] = {
	{"id", F_ID, true, 0, 0, NULL},
	{"text", F_LSTR, true, 0, 0, NULL},
	FIELD_END,
};

static const cJSON *item(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* Each element of the array KEY of OBJ is a localized string. */
static void check_lstr_array(vctx *v, const cJSON *obj, const char *key, const char *path)
{
	const cJSON *a = item(obj, key);
	if (!cJSON_IsArray(a))
		return;
	jpath ap = sub_key(path, key);
	size_t i = 0;
	for (const cJSON *e = a->child; e; e = e->next, i++)
		check_lstr(v, e, sub_index(ap.s, i).s);
}

/* Is ID one of the ids of the array KEY of the activity's objects (in
 * objects before STOP, when STOP is given)? */
static bool has_id(const cJSON *arr, const char *id, const cJSON *stop)
{
	for (const cJSON *o = cJSON_IsArray(arr) ? arr->child : NULL; o && o != stop; o = o->next) {
		const cJSON *oid = item(o, "id");
		if (cJSON_IsString(oid) && strcmp(oid->valuestring, id) == 0)
			return true;
	}
	return false;
}

static bool expect_before(const cJSON *injects, const cJSON *stop, const char *id)
{
	for (const cJSON *in = injects->child; in && in != stop; in = in->next)
		if (has_id(item(in, "expect"), id, NULL))
			return true;
	return false;
}

static bool expect_anywhere(const cJSON *injects, const char *id)
{
	return expect_before(injects, NULL, id);
}

static void check_injects(vctx *v, const cJSON *act, const char *path, int minutes)
{
	const cJSON *roles = item(act, "roles");
	const cJSON *injects = item(act, "injects");
	jpath ip = sub_key(path, "injects");
	if (cJSON_GetArraySize(injects) == 0)
		verr(v, ip.s, 0, "%s", tr(M_V_DRILL_NO_INJECTS));
	size_t i = 0;
	for (const cJSON *in = injects->child; in; in = in->next, i++) {
		jpath p = sub_index(ip.s, i);
		if (!check_object(v, in, p.s, inject_fields))
			continue;
		const cJSON *at = item(in, "at");
		bool manual = cJSON_IsTrue(item(in, "manual"));
		if (manual && at)
			verr(v, sub_key(p.s, "at").s, 1, "%s", tr(M_V_DRILL_MANUAL_AT));
		else if (!manual && !at)
			verr(v, p.s, 0, "%s", tr(M_V_DRILL_NEEDS_AT));
		else if (at && cJSON_IsNumber(at) && minutes > 0 && at->valueint > minutes)
			verr(v, sub_key(p.s, "at").s, 0, tr(M_V_DRILL_PAST_END), at->valueint, minutes);
		const cJSON *unless = item(in, "unless");
		if (cJSON_IsString(unless) && !expect_before(injects, in, unless->valuestring))
			verr(v, sub_key(p.s, "unless").s, 0, tr(expect_anywhere(injects,
				unless->valuestring) ? M_V_DRILL_UNLESS_LATER : M_V_DRILL_UNLESS_UNKNOWN),
				unless->valuestring);
		const cJSON *to = item(in, "to");
		size_t k = 0;
		for (const cJSON *t = cJSON_IsArray(to) ? to->child : NULL; t; t = t->next, k++) {
			jpath tp = sub_index(sub_key(p.s, "to").s, k);
			if (!cJSON_IsString(t))
				verr(v, tp.s, 0, tr(M_V_DRILL_TO_TYPE), json_type_word(t));
			else if (strcmp(t->valuestring, "all") != 0 && !has_id(roles, t->valuestring, NULL))
				verr(v, tp.s, 0, tr(M_V_DRILL_NO_ROLE), t->valuestring);
		}
		check_lstr_array(v, in, "questions", p.s);
		check_lstr_array(v, in, "hints", p.s);
		const cJSON *ex = item(in, "expect");
		k = 0;
		for (const cJSON *e = cJSON_IsArray(ex) ? ex->child : NULL; e; e = e->next, k++)
			check_object(v, e, sub_index(sub_key(p.s, "expect").s, k).s, expect_fields);
	}
}

/* Ids unique among the objects of one kind: ID at PATH, seen before? */
typedef struct seen_ids {
	const char *ids[256];
	char paths[256][sizeof(jpath)];
	int n;
} seen_ids;

static void unique_id(vctx *v, seen_ids *seen, const cJSON *obj, const char *path,
	msg_id what)
{
	const cJSON *id = item(obj, "id");
	if (!cJSON_IsString(id))
		return;
	jpath ip = sub_key(path, "id");
	for (int k = 0; k < seen->n; k++)
		if (strcmp(seen->ids[k], id->valuestring) == 0) {
			int line = 0, col = 0;
			jsonpos_find(&v->pos, seen->paths[k], 0, &line, &col);
			verr(v, ip.s, 0, tr(M_V_DRILL_DUPLICATE_ID), tr(what), id->valuestring, line);
			return;
		}
	if (seen->n < 256) {
		seen->ids[seen->n] = id->valuestring;
		snprintf(seen->paths[seen->n++], sizeof seen->paths[0], "%s", ip.s);
	}
}

static void check_unique(vctx *v, const cJSON *act, const char *path)
{
	static seen_ids roles, injects, expects, wash;
	roles.n = injects.n = expects.n = wash.n = 0;
	const cJSON *a = item(act, "roles");
	size_t i = 0;
	for (const cJSON *r = cJSON_IsArray(a) ? a->child : NULL; r; r = r->next, i++)
		unique_id(v, &roles, r, sub_index(sub_key(path, "roles").s, i).s, M_V_DRILL_ROLE);
	a = item(act, "injects");
	i = 0;
	for (const cJSON *in = cJSON_IsArray(a) ? a->child : NULL; in; in = in->next, i++) {
		jpath ip = sub_index(sub_key(path, "injects").s, i);
		unique_id(v, &injects, in, ip.s, M_V_DRILL_INJECT);
		const cJSON *ex = item(in, "expect");
		size_t k = 0;
		for (const cJSON *e = cJSON_IsArray(ex) ? ex->child : NULL; e; e = e->next, k++)
			unique_id(v, &expects, e, sub_index(sub_key(ip.s, "expect").s, k).s,
				M_V_DRILL_EXPECTATION);
	}
	a = item(act, "hotwash");
	i = 0;
	for (const cJSON *h = cJSON_IsArray(a) ? a->child : NULL; h; h = h->next, i++)
		unique_id(v, &wash, h, sub_index(sub_key(path, "hotwash").s, i).s, M_V_DRILL_HOTWASH);
}

/* An inject's roles are the bits of one word (drill_inject.to_roles). */
#define DRILL_MAX_ROLES 32

static void drill_check(vctx *v, const cJSON *act, const char *path)
{
	const cJSON *scope = item(act, "scope");
	if (cJSON_IsString(scope) && strcmp(scope->valuestring, "group") != 0)
		verr(v, sub_key(path, "scope").s, 0, tr(M_V_DRILL_SCOPE), scope->valuestring);
	const cJSON *mins = item(act, "minutes");
	int minutes = cJSON_IsNumber(mins) ? mins->valueint : 0;
	const cJSON *roles = item(act, "roles");
	jpath rp = sub_key(path, "roles");
	if (cJSON_GetArraySize(roles) == 0)
		verr(v, rp.s, 0, "%s", tr(M_V_DRILL_NO_ROLES));
	size_t i = 0;
	for (const cJSON *r = roles->child; r; r = r->next, i++) {
		check_object(v, r, sub_index(rp.s, i).s, role_fields);
		if (i == DRILL_MAX_ROLES)
			verr(v, sub_index(rp.s, i).s, 0, tr(M_V_DRILL_TOO_MANY_ROLES), (int)i + 1);
	}
	check_injects(v, act, path, minutes);
	const cJSON *hw = item(act, "hotwash");
	i = 0;
	for (const cJSON *h = cJSON_IsArray(hw) ? hw->child : NULL; h; h = h->next, i++)
		check_object(v, h, sub_index(sub_key(path, "hotwash").s, i).s, hotwash_fields);
	check_unique(v, act, path);
}

/* ---- building -------------------------------------------------------- */

static void lstr_copy(lstr *dst, const lstr *src)
{
	dst->ja = src->ja ? xstrdup(src->ja) : NULL;
	dst->en = src->en ? xstrdup(src->en) : NULL;
}

static lstr *read_lstr_array(const cJSON *obj, const char *key, int *n)
{
	const cJSON *a = item(obj, key);
	*n = cJSON_GetArraySize(a);
	lstr *out = xcalloc((size_t)*n + 1, sizeof *out);
	int k = 0;
	for (const cJSON *e = cJSON_IsArray(a) ? a->child : NULL; e; e = e->next)
		lstr_from_json(e, &out[k++]);
	return out;
}

static void set_lstr(lstr *l, const char *ja, const char *en)
{
	l->ja = xstrdup(ja);
	l->en = xstrdup(en);
}

static column *add_col(table_def *t, const char *id, col_type type, const char *ja,
	const char *en, int width)
{
	t->cols = xrealloc(t->cols, (size_t)(t->ncols + 2) * sizeof *t->cols);
	column *c = &t->cols[t->ncols++];
	memset(c, 0, sizeof *c);
	memset(c + 1, 0, sizeof *c);
	c->id = xstrdup(id);
	c->type = type;
	c->width = width;
	set_lstr(&c->title, ja, en);
	return c;
}

static void add_option(column *c, const char *value, const lstr *label)
{
	c->options = xrealloc(c->options, (size_t)(c->noptions + 2) * sizeof *c->options);
	col_option *o = &c->options[c->noptions++];
	o->value = xstrdup(value);
	lstr_copy(&o->label, label);
	memset(&c->options[c->noptions], 0, sizeof *o);
}

static table_def *new_table(const char *activity_id, const char *suffix)
{
	table_def *t = xcalloc(1, sizeof *t);
	buf id = {0};
	buf_printf(&id, "%s%s", activity_id, suffix);
	t->activity_id = buf_steal(&id);
	t->heat_x = t->heat_y = -1;
	return t;
}

/* The decision log: when, which inject, which role, what was decided, who
 * is told. A sheet like any other: live, undoable, exportable. */
static table_def *build_log(const char *activity_id, const drill_def *d)
{
	table_def *t = new_table(activity_id, "");
	add_col(t, "time", COL_TEXT, "時刻", "Time", 6);
	column *in = add_col(t, "inject", COL_CHOICE, "状況", "Inject", 18);
	for (int k = 0; k < d->ninjects; k++)
		add_option(in, d->injects[k].id, &d->injects[k].title);
	column *ro = add_col(t, "role", COL_CHOICE, "役割", "Role", 12);
	for (int k = 0; k < d->nroles; k++)
		add_option(ro, d->roles[k].id, &d->roles[k].title);
	add_col(t, "decision", COL_LONGTEXT, "決めたこと", "Decision", 36);
	add_col(t, "tell", COL_TEXT, "だれに伝えるか", "Who is told", 16);
	t->label_col = 3;
	return t;
}

static table_def *build_wash(const char *activity_id, const drill_def *d)
{
	table_def *t = new_table(activity_id, "#hotwash");
	for (int k = 0; k < d->nhotwash; k++)
		add_col(t, d->hotwash[k].id, COL_LONGTEXT, d->hotwash[k].text.ja,
			d->hotwash[k].text.en ? d->hotwash[k].text.en : d->hotwash[k].text.ja, 40);
	if (!t->ncols)
		add_col(t, "notes", COL_LONGTEXT, "ふりかえり", "Hot wash", 40);
	return t;
}

static int role_index(const drill_def *d, const char *id)
{
	for (int k = 0; k < d->nroles; k++)
		if (strcmp(d->roles[k].id, id) == 0)
			return k;
	return -1;
}

static void *drill_build(const cJSON *act)
{
	drill_def *d = xcalloc(1, sizeof *d);
	d->minutes = cJSON_IsNumber(item(act, "minutes")) ? item(act, "minutes")->valueint : 60;
	const cJSON *roles = item(act, "roles");
	d->nroles = cJSON_GetArraySize(roles);
	d->roles = xcalloc((size_t)d->nroles + 1, sizeof *d->roles);
	int k = 0;
	for (const cJSON *r = roles ? roles->child : NULL; r; r = r->next, k++) {
		d->roles[k].id = read_str(r, "id");
		read_lstr(r, "title", &d->roles[k].title);
		read_lstr(r, "brief", &d->roles[k].brief);
	}
	const cJSON *injects = item(act, "injects");
	d->ninjects = cJSON_GetArraySize(injects);
	d->injects = xcalloc((size_t)d->ninjects + 1, sizeof *d->injects);
	for (const cJSON *in = injects ? injects->child : NULL; in; in = in->next)
		d->nexpects += cJSON_GetArraySize(item(in, "expect"));
	d->expects = xcalloc((size_t)d->nexpects + 1, sizeof *d->expects);
	int e = 0;
	k = 0;
	for (const cJSON *in = injects ? injects->child : NULL; in; in = in->next, k++) {
		drill_inject *di = &d->injects[k];
		di->id = read_str(in, "id");
		di->at = cJSON_IsTrue(item(in, "manual")) || !item(in, "at") ? -1 : read_int(in, "at");
		read_lstr(in, "title", &di->title);
		read_lstr(in, "body", &di->body);
		di->questions = read_lstr_array(in, "questions", &di->nquestions);
		di->hints = read_lstr_array(in, "hints", &di->nhints);
		const cJSON *to = item(in, "to");
		di->to_all = !cJSON_IsArray(to) || cJSON_GetArraySize(to) == 0;
		for (const cJSON *t = cJSON_IsArray(to) ? to->child : NULL; t; t = t->next) {
			if (strcmp(t->valuestring, "all") == 0)
				di->to_all = true;
			else if (role_index(d, t->valuestring) >= 0)
				di->to_roles |= 1u << role_index(d, t->valuestring);
		}
		di->first_expect = e;
		const cJSON *ex = item(in, "expect");
		for (const cJSON *x = cJSON_IsArray(ex) ? ex->child : NULL; x; x = x->next, e++) {
			d->expects[e].id = read_str(x, "id");
			read_lstr(x, "text", &d->expects[e].text);
			d->expects[e].inject = k;
		}
		di->nexpect = e - di->first_expect;
	}
	/* `unless` once every expectation is known */
	k = 0;
	for (const cJSON *in = injects ? injects->child : NULL; in; in = in->next, k++) {
		d->injects[k].unless = -1;
		const cJSON *u = item(in, "unless");
		for (int x = 0; cJSON_IsString(u) && x < d->nexpects; x++)
			if (strcmp(d->expects[x].id, u->valuestring) == 0)
				d->injects[k].unless = x;
	}
	const cJSON *hw = item(act, "hotwash");
	d->nhotwash = cJSON_GetArraySize(hw);
	d->hotwash = xcalloc((size_t)d->nhotwash + 1, sizeof *d->hotwash);
	k = 0;
	for (const cJSON *h = cJSON_IsArray(hw) ? hw->child : NULL; h; h = h->next, k++) {
		d->hotwash[k].id = read_str(h, "id");
		read_lstr(h, "text", &d->hotwash[k].text);
	}
	char *id = read_str(act, "id");
	d->log = build_log(id, d);
	d->wash = build_wash(id, d);
	free(id);
	return d;
}

static void free_lstrs(lstr *l, int n)
{
	for (int k = 0; k < n; k++)
		free_lstr(&l[k]);
	free(l);
}

static void drill_free(void *p)
{
	drill_def *d = p;
	if (!d)
		return;
	for (int k = 0; k < d->nroles; k++) {
		free(d->roles[k].id);
		free_lstr(&d->roles[k].title);
		free_lstr(&d->roles[k].brief);
	}
	free(d->roles);
	for (int k = 0; k < d->ninjects; k++) {
		drill_inject *di = &d->injects[k];
		free(di->id);
		free_lstr(&di->title);
		free_lstr(&di->body);
		free_lstrs(di->questions, di->nquestions);
		free_lstrs(di->hints, di->nhints);
	}
	free(d->injects);
	for (int k = 0; k < d->nexpects; k++) {
		free(d->expects[k].id);
		free_lstr(&d->expects[k].text);
	}
	free(d->expects);
	for (int k = 0; k < d->nhotwash; k++) {
		free(d->hotwash[k].id);
		free_lstr(&d->hotwash[k].text);
	}
	free(d->hotwash);
	table_def_free(d->log);
	table_def_free(d->wash);
	free(d);
}

static const table_def *drill_storage(const void *def)
{
	return ((const drill_def *)def)->log;
}

static mm_status drill_timeline_md(const activity *act, store *st, const sheet *s, buf *out,
	mm_error *err);

static mm_status drill_export(const activity *act, store *st, sheet *s, const char *format,
	buf *out, mm_error *err)
{
	if (strcmp(format, "csv") == 0) {
		export_sheet_csv(s, out);
		return MM_OK;
	}
	if (strcmp(format, "md") == 0)
		return drill_timeline_md(act, st, s, out, err);
	return mm_fail(err, MM_EUSER, tr(M_DRILL_FORMATS), format);
}

static mm_status drill_import(store *st, const activity *act, sheet *s, const char *data,
	size_t n, bool replace, int *count, mm_error *err)
{
	(void)act;
	return import_sheet_csv(st, s, data, n, replace, count, NULL, err);
}

static void drill_progress_text(const activity *act, const kind_tally *t, char *out, size_t n)
{
	(void)act;
	snprintf(out, n, tr(t->rows == 1 ? M_DRILL_PROGRESS1 : M_DRILL_PROGRESS), t->rows);
}

const kind_ops drill_kind = {
	.fields = drill_fields,
	.check = drill_check,
	.build = drill_build,
	.free = drill_free,
	.storage = drill_storage,
	.export = drill_export,
	.export_format = "md",
	.import = drill_import,
	.progress = kind_count_rows,
	.progress_text = drill_progress_text,
	.has_work = kind_has_rows,
};

const drill_def *drill_of(const activity *act)
{
	return act && act->kind == KIND_DRILL ? act->def : NULL;
}

void drill_redact(drill_def *d)
{
	for (int k = 0; k < d->nexpects; k++) {
		free_lstr(&d->expects[k].text);
		d->expects[k].text = (lstr){0};
	}
	for (int k = 0; k < d->ninjects; k++)
		for (int h = 0; h < d->injects[k].nhints; h++) {
			free_lstr(&d->injects[k].hints[h]);
			d->injects[k].hints[h] = (lstr){0};
		}
	d->redacted = true;
}

/* ---- the clock ------------------------------------------------------- */

/* Walks the events up to wall time WALL: the phase and the drill seconds. */
static drill_phase walk(const drill_run *r, int64_t wall, int64_t *seconds)
{
	drill_phase ph = DP_READY;
	int64_t dt = 0, since = 0;
	for (int k = 0; k < r->nev; k++) {
		const drill_event *e = &r->ev[k];
		if (e->at > wall)
			break;
		switch (e->op) {
		case DE_START:
			if (ph == DP_READY) {
				ph = DP_RUNNING;
				since = e->at;
			}
			break;
		case DE_PAUSE:
			if (ph == DP_RUNNING) {
				dt += e->at - since;
				ph = DP_PAUSED;
			}
			break;
		case DE_RESUME:
			if (ph == DP_PAUSED) {
				ph = DP_RUNNING;
				since = e->at;
			}
			break;
		case DE_END:
			if (ph == DP_RUNNING)
				dt += e->at - since;
			if (ph != DP_READY)
				ph = DP_ENDED;
			break;
		case DE_SHIFT:
			dt += e->value;
			break;
		default:
			break;
		}
	}
	if (ph == DP_RUNNING)
		dt += wall - since;
	*seconds = dt < 0 ? 0 : dt;
	return ph;
}

drill_phase drill_clock(const drill_run *r, int64_t now, int64_t *seconds)
{
	return walk(r, now, seconds);
}

int64_t drill_time_at(const drill_run *r, int64_t wall)
{
	int64_t s;
	walk(r, wall, &s);
	return s;
}

static bool for_group(const drill_event *e, int64_t group)
{
	return e->group == 0 || e->group == group;
}

bool drill_met(const drill_run *r, int e, int64_t group, int64_t dt)
{
	bool met = false;
	for (int k = 0; k < r->nev; k++) {
		const drill_event *ev = &r->ev[k];
		if (ev->op == DE_MARK && ev->expect == e && for_group(ev, group)
			&& drill_time_at(r, ev->at) <= dt)
			met = ev->value != 0;
	}
	return met;
}

int drill_mark(const drill_run *r, int e, int64_t group)
{
	int mark = -1;
	for (int k = 0; k < r->nev; k++)
		if (r->ev[k].op == DE_MARK && r->ev[k].expect == e && for_group(&r->ev[k], group))
			mark = r->ev[k].value != 0;
	return mark;
}

bool drill_arrived(const drill_def *d, const drill_run *r, int k, int64_t group, int64_t now,
	int64_t *at)
{
	const drill_inject *in = &d->injects[k];
	int64_t clock;
	drill_phase ph = walk(r, now, &clock);
	if (ph == DP_READY)
		return false;
	/* the earliest of its time on the clock and its release */
	int64_t when = -1;
	if (in->at >= 0 && (int64_t)in->at * 60 <= clock)
		when = (int64_t)in->at * 60;
	for (int e = 0; e < r->nev; e++) {
		const drill_event *ev = &r->ev[e];
		if (ev->op != DE_RELEASE || ev->inject != k || !for_group(ev, group) || ev->at > now)
			continue;
		int64_t rt = drill_time_at(r, ev->at);
		if (when < 0 || rt < when)
			when = rt;
	}
	if (when < 0)
		return false;
	/* a branch: not for a group that had already met the expectation */
	if (in->unless >= 0 && drill_met(r, in->unless, group, when))
		return false;
	if (at)
		*at = when;
	return true;
}

bool drill_hint_released(const drill_run *r, int k, int h, int64_t group)
{
	for (int e = 0; e < r->nev; e++)
		if (r->ev[e].op == DE_HINT && r->ev[e].inject == k && r->ev[e].expect == h
			&& for_group(&r->ev[e], group))
			return true;
	return false;
}

int drill_next_timed(const drill_def *d, const drill_run *r, int64_t now)
{
	int64_t clock;
	walk(r, now, &clock);
	int best = -1;
	for (int k = 0; k < d->ninjects; k++) {
		int at = d->injects[k].at;
		if (at < 0 || (int64_t)at * 60 <= clock)
			continue;
		if (best < 0 || at < d->injects[best].at)
			best = k;
	}
	return best;
}

void drill_run_free(drill_run *r)
{
	for (int k = 0; k < r->nev; k++)
		free(r->ev[k].text);
	free(r->ev);
	r->ev = NULL;
	r->nev = 0;
}

/* ---- the store ------------------------------------------------------- */

static const char *const op_names[] = {"start", "pause", "resume", "end", "shift", "release",
	"mark", "hint"};

static int inject_index(const drill_def *d, const char *id)
{
	for (int k = 0; id && k < d->ninjects; k++)
		if (strcmp(d->injects[k].id, id) == 0)
			return k;
	return -1;
}

static int expect_index(const drill_def *d, const char *id)
{
	for (int k = 0; id && k < d->nexpects; k++)
		if (strcmp(d->expects[k].id, id) == 0)
			return k;
	return -1;
}

typedef struct load_ctx {
	const drill_def *d;
	drill_run *run;
} load_ctx;

static void take_event(void *cbctx, int64_t id, int64_t at, const char *op, const char *inject,
	int64_t group, const char *expect, int value, const char *text)
{
	load_ctx *c = cbctx;
	int o = -1;
	for (int k = 0; k < (int)(sizeof op_names / sizeof op_names[0]); k++)
		if (strcmp(op_names[k], op) == 0)
			o = k;
	if (o < 0)
		return; /* an event this version does not know */
	drill_event e = {id, at, (drill_op)o, inject_index(c->d, inject), group, -1, value, NULL,
		NULL};
	if (e.op == DE_MARK) {
		e.expect = expect_index(c->d, expect);
		if (e.expect < 0)
			return; /* an expectation the scenario no longer has */
	} else if (e.op == DE_HINT) {
		e.expect = value;
	}
	if ((e.op == DE_RELEASE || e.op == DE_HINT) && e.inject < 0)
		return;
	if (e.op == DE_HINT) {
		e.text = xstrdup(text ? text : "");
		char *sep = strchr(e.text, '\x1f');
		if (sep) {
			*sep = '\0';
			e.text_en = sep + 1;
		}
	}
	c->run->ev = xrealloc(c->run->ev, (size_t)(c->run->nev + 1) * sizeof *c->run->ev);
	c->run->ev[c->run->nev++] = e;
}

mm_status drill_load(store *st, const activity *act, drill_run *out, mm_error *err)
{
	*out = (drill_run){0};
	load_ctx c = {drill_of(act), out};
	if (!c.d)
		return mm_fail(err, MM_EUSER, tr(M_DRILL_NOT_A_DRILL), act->id);
	mm_status rc = store_drill_events(st, act->id, take_event, &c, err);
	if (rc != MM_OK)
		drill_run_free(out);
	return rc;
}

static mm_status facilitator_only(store *st, mm_error *err)
{
	if (store_get_role(st) != ROLE_FACILITATOR)
		return mm_fail(err, MM_EDENIED, "%s", tr(M_DRILL_ONLY_FACILITATOR));
	return MM_OK;
}

/* Adds an event after checking the phase allows it. */
static mm_status control(store *st, const activity *act, drill_op op, const char *inject,
	int64_t group, const char *expect, int value, const char *text, mm_error *err)
{
	mm_status rc = facilitator_only(st, err);
	if (rc != MM_OK)
		return rc;
	drill_run r;
	if ((rc = drill_load(st, act, &r, err)) != MM_OK)
		return rc;
	int64_t now = store_now(), clock;
	drill_phase ph = drill_clock(&r, now, &clock);
	drill_run_free(&r);
	msg_id refuse = 0;
	switch (op) {
	case DE_START: if (ph != DP_READY) refuse = M_DRILL_ALREADY_STARTED; break;
	case DE_PAUSE: if (ph != DP_RUNNING) refuse = M_DRILL_NOT_RUNNING; break;
	case DE_RESUME: if (ph != DP_PAUSED) refuse = M_DRILL_NOT_PAUSED; break;
	case DE_END: if (ph == DP_READY || ph == DP_ENDED) refuse = M_DRILL_NOT_RUNNING; break;
	default: if (ph == DP_READY) refuse = M_DRILL_NOT_STARTED; break;
	}
	if (refuse)
		return mm_fail(err, MM_EUSER, "%s", tr(refuse));
	return store_drill_event_add(st, act->id, now, op_names[op], inject, group, expect, value,
		text, err);
}

mm_status drill_start(store *st, const activity *act, mm_error *err)
{
	return control(st, act, DE_START, NULL, 0, NULL, 0, NULL, err);
}

mm_status drill_pause(store *st, const activity *act, mm_error *err)
{
	return control(st, act, DE_PAUSE, NULL, 0, NULL, 0, NULL, err);
}

mm_status drill_resume(store *st, const activity *act, mm_error *err)
{
	return control(st, act, DE_RESUME, NULL, 0, NULL, 0, NULL, err);
}

mm_status drill_end(store *st, const activity *act, mm_error *err)
{
	return control(st, act, DE_END, NULL, 0, NULL, 0, NULL, err);
}

mm_status drill_release(store *st, const activity *act, const char *inject, int64_t group,
	mm_error *err)
{
	const drill_def *d = drill_of(act);
	if (!d || inject_index(d, inject) < 0)
		return mm_fail(err, MM_EUSER, tr(M_DRILL_NO_INJECT), inject);
	return control(st, act, DE_RELEASE, inject, group, NULL, 0, NULL, err);
}

mm_status drill_next(store *st, const activity *act, int *which, mm_error *err)
{
	*which = -1;
	const drill_def *d = drill_of(act);
	mm_status rc = facilitator_only(st, err);
	if (rc != MM_OK || !d)
		return rc != MM_OK ? rc : mm_fail(err, MM_EUSER, tr(M_DRILL_NOT_A_DRILL), act->id);
	drill_run r;
	if ((rc = drill_load(st, act, &r, err)) != MM_OK)
		return rc;
	int64_t now = store_now(), clock;
	drill_phase ph = drill_clock(&r, now, &clock);
	int k = drill_next_timed(d, &r, now);
	drill_run_free(&r);
	if (ph == DP_READY || ph == DP_ENDED)
		return mm_fail(err, MM_EUSER, "%s", tr(ph == DP_READY ? M_DRILL_NOT_STARTED
			: M_DRILL_NOT_RUNNING));
	if (k < 0)
		return mm_fail(err, MM_EUSER, "%s", tr(M_DRILL_NO_NEXT));
	/* the clock moves on to the inject's time, so what follows keeps its
	 * spacing; the inject then arrives by its time, like any other */
	int shift = (int)((int64_t)d->injects[k].at * 60 - clock);
	rc = store_drill_event_add(st, act->id, now, op_names[DE_SHIFT], NULL, 0, NULL, shift, NULL,
		err);
	if (rc == MM_OK)
		*which = k;
	return rc;
}

mm_status drill_mark_expect(store *st, const activity *act, int64_t group, const char *expect,
	bool met, mm_error *err)
{
	const drill_def *d = drill_of(act);
	if (!d || expect_index(d, expect) < 0)
		return mm_fail(err, MM_EUSER, tr(M_DRILL_NO_EXPECT), expect);
	if (group <= 0)
		return mm_fail(err, MM_EUSER, "%s", tr(M_DRILL_MARK_NEEDS_GROUP));
	return control(st, act, DE_MARK, NULL, group, expect, met ? 1 : 0, NULL, err);
}

mm_status drill_release_hint(store *st, const activity *act, int inject, int hint,
	int64_t group, mm_error *err)
{
	const drill_def *d = drill_of(act);
	if (!d || inject < 0 || inject >= d->ninjects || hint < 0
		|| hint >= d->injects[inject].nhints || d->redacted)
		return mm_fail(err, MM_EUSER, tr(M_DRILL_NO_INJECT), "?");
	/* the hint's text goes with its release, in both languages: a group's
	 * terminal never had the unreleased ones */
	const lstr *h = &d->injects[inject].hints[hint];
	buf text = {0};
	buf_printf(&text, "%s\x1f%s", h->ja ? h->ja : "", h->en ? h->en : "");
	mm_status rc = control(st, act, DE_HINT, d->injects[inject].id, group, NULL, hint,
		buf_str(&text), err);
	buf_free(&text);
	return rc;
}

const lstr *drill_expect_text(store *st, const drill_def *d, int e, mm_status *rc)
{
	if (store_get_role(st) != ROLE_FACILITATOR || d->redacted || e < 0 || e >= d->nexpects) {
		*rc = MM_EDENIED;
		return NULL;
	}
	*rc = MM_OK;
	return &d->expects[e].text;
}

const char *drill_hint_text(store *st, const drill_def *d, const drill_run *r, int k, int h,
	int64_t group, mm_status *rc)
{
	*rc = MM_EDENIED;
	if (k < 0 || k >= d->ninjects || h < 0 || h >= d->injects[k].nhints)
		return NULL;
	if (store_get_role(st) == ROLE_FACILITATOR && !d->redacted) {
		*rc = MM_OK;
		return L(&d->injects[k].hints[h]);
	}
	for (int e = r->nev - 1; e >= 0; e--) {
		const drill_event *ev = &r->ev[e];
		if (ev->op != DE_HINT || ev->inject != k || ev->expect != h || !for_group(ev, group)
			|| !ev->text)
			continue;
		*rc = MM_OK;
		lstr both = {ev->text, (char *)ev->text_en};
		return L(&both);
	}
	return NULL;
}

/* ---- the timeline: what arrived and what the group decided, in order ---- */

static int cmp_arrival(const void *pa, const void *pb, void *ctx)
{
	const int64_t *at = ctx;
	int a = *(const int *)pa, b = *(const int *)pb;
	if (at[a] != at[b])
		return at[a] < at[b] ? -1 : 1;
	return a - b;
}

static const char *log_cell(const sheet *s, int r, int col)
{
	const char *v = s->rows[r].cells[col].value;
	return v ? v : "";
}

static mm_status drill_timeline_md(const activity *act, store *st, const sheet *s, buf *out,
	mm_error *err)
{
	const drill_def *d = drill_of(act);
	drill_run r;
	mm_status rc = drill_load(st, act, &r, err);
	if (rc != MM_OK)
		return rc;
	int64_t *at = xcalloc((size_t)d->ninjects + 1, sizeof *at);
	int *order = xcalloc((size_t)d->ninjects + 1, sizeof *order);
	int n = 0;
	for (int k = 0; k < d->ninjects; k++)
		if (drill_arrived(d, &r, k, s->owner, store_now(), &at[k]))
			order[n++] = k;
	qsort_r(order, (size_t)n, sizeof *order, cmp_arrival, at);
	buf_printf(out, "## %s\n\n", L(&act->title));
	if (!n && !s->nrows)
		buf_printf(out, "%s\n\n", tr(M_DRILL_TIMELINE_EMPTY));
	for (int i = 0; i < n; i++) {
		const drill_inject *in = &d->injects[order[i]];
		buf_printf(out, "- **%02lld:%02lld %s**\n", (long long)(at[order[i]] / 60),
			(long long)(at[order[i]] % 60), L(&in->title));
		for (int row = 0; row < s->nrows; row++) {
			if (strcmp(log_cell(s, row, 1), in->id) != 0)
				continue;
			const char *role = log_cell(s, row, 2);
			for (int x = 0; x < d->nroles; x++)
				if (strcmp(d->roles[x].id, role) == 0)
					role = L(&d->roles[x].title);
			buf_puts(out, "  - ");
			if (*role)
				buf_printf(out, tr(M_DRILL_DECISION_LINE), log_cell(s, row, 0), role,
					log_cell(s, row, 3));
			else
				buf_printf(out, "%s %s", log_cell(s, row, 0), log_cell(s, row, 3));
			if (*log_cell(s, row, 4))
				buf_printf(out, " → %s", log_cell(s, row, 4));
			buf_puts(out, "\n");
		}
	}
	buf_puts(out, "\n");
	free(at);
	free(order);
	drill_run_free(&r);
	return MM_OK;
}

mm_status drill_timeline(store *st, const activity *act, int64_t group, buf *out,
	mm_error *err)
{
	const drill_def *d = drill_of(act);
	if (!d)
		return mm_fail(err, MM_EUSER, tr(M_DRILL_NOT_A_DRILL), act->id);
	sheet *s = NULL;
	mm_status rc = sheet_peek(st, d->log, OWNER_GROUP, group, &s, err);
	if (rc == MM_OK)
		rc = drill_timeline_md(act, st, s, out, err);
	sheet_free(s);
	return rc;
}

/* ---- the command line's view ------------------------------------------------ */

void drill_redact_all(scenario *sc)
{
	for (size_t t = 0; t < sc->ntracks; t++)
		for (size_t k = 0; k < sc->tracks[t].nsessions; k++) {
			session *se = &sc->tracks[t].sessions[k];
			for (size_t a = 0; a < se->nactivities; a++)
				if (drill_of(&se->activities[a]))
					drill_redact((drill_def *)se->activities[a].def);
		}
}

static const char *const phase_names[] = {"ready", "running", "paused", "ended"};

mm_status drill_status(store *st, const activity *act, bool json, buf *out, mm_error *err)
{
	const drill_def *d = drill_of(act);
	if (!d)
		return mm_fail(err, MM_EUSER, tr(M_DRILL_NOT_A_DRILL), act->id);
	drill_run r;
	mm_status rc = drill_load(st, act, &r, err);
	if (rc != MM_OK)
		return rc;
	owner_info *groups = NULL;
	int ngroups = 0;
	if ((rc = store_owners(st, 0, 0, &groups, &ngroups, err)) != MM_OK) {
		drill_run_free(&r);
		return rc;
	}
	int64_t now = store_now(), clock;
	drill_phase ph = drill_clock(&r, now, &clock);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "activity", act->id);
	cJSON_AddStringToObject(root, "state", phase_names[ph]);
	cJSON_AddNumberToObject(root, "seconds", (double)clock);
	cJSON_AddNumberToObject(root, "minutes", d->minutes);
	int next = drill_next_timed(d, &r, now);
	if (next >= 0)
		cJSON_AddStringToObject(root, "next", d->injects[next].id);
	cJSON *ga = cJSON_AddArrayToObject(root, "groups");
	if (!json)
		buf_printf(out, tr(M_DRILL_STATUS_HEAD), act->id, (long long)(clock / 60),
			(long long)(clock % 60), d->minutes, tr(ph == DP_RUNNING ? M_DRILL_RUNNING
			: ph == DP_PAUSED ? M_DRILL_PAUSED : ph == DP_ENDED ? M_DRILL_ENDED
			: M_DRILL_READY));
	for (int g = 0; g < ngroups && rc == MM_OK; g++) {
		sheet *s = NULL;
		rc = sheet_peek(st, d->log, OWNER_GROUP, groups[g].id, &s, err);
		if (rc != MM_OK)
			break;
		cJSON *go = cJSON_CreateObject();
		cJSON_AddItemToArray(ga, go);
		cJSON_AddStringToObject(go, "group", groups[g].name);
		cJSON_AddNumberToObject(go, "decisions", s->nrows);
		cJSON *arr = cJSON_AddArrayToObject(go, "arrived");
		buf line = {0};
		for (int k = 0; k < d->ninjects; k++) {
			int64_t at;
			if (!drill_arrived(d, &r, k, groups[g].id, now, &at))
				continue;
			int n = 0;
			for (int row = 0; row < s->nrows; row++)
				n += strcmp(log_cell(s, row, 1), d->injects[k].id) == 0;
			cJSON *io = cJSON_CreateObject();
			cJSON_AddStringToObject(io, "inject", d->injects[k].id);
			cJSON_AddNumberToObject(io, "at", (double)at);
			cJSON_AddNumberToObject(io, "decisions", n);
			cJSON_AddItemToArray(arr, io);
			buf_printf(&line, " %s(%d)", d->injects[k].id, n);
		}
		if (!json)
			buf_printf(out, tr(s->nrows == 1 ? M_DRILL_STATUS_GROUP1 : M_DRILL_STATUS_GROUP),
				groups[g].name, s->nrows,
				line.len ? buf_str(&line) : " -");
		buf_free(&line);
		sheet_free(s);
	}
	if (json && rc == MM_OK) {
		char *text = cJSON_PrintUnformatted(root);
		buf_printf(out, "%s\n", text);
		cJSON_free(text);
	}
	cJSON_Delete(root);
	owner_list_free(groups, ngroups);
	drill_run_free(&r);
	return rc;
}
