/* demo_fill.c — the demo workshop in progress, written from data/demo-fill.json
 * through the calls a group's terminal makes (see demo_fill.h). */
#include "demo_fill.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "board.h"
#include "buf.h"
#include "bundled.h"
#include "checklist.h"
#include "document.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "survey.h"
#include "table.h"
#include "visits.h"

typedef struct fill {
	store *st;
	scenario *sc;
	const char *name;  /* the data file, for messages */
	const char *group; /* the group being written */
	int64_t company;   /* the company of the visits being written, 0 before */
	group_info *groups;
	int ngroups;
} fill;

/* ERR's message put after where it happened. */
static mm_status at(fill *f, mm_status rc, const char *where, mm_error *err)
{
	char msg[sizeof err->msg];
	snprintf(msg, sizeof msg, "%s", err->msg);
	return mm_fail(err, rc, tr(M_DEMO_FILL_AT), f->name, where, msg);
}

static mm_status at_step(fill *f, mm_status rc, const char *act_id, mm_error *err)
{
	char where[200];
	snprintf(where, sizeof where, tr(M_DEMO_FILL_WHERE_GROUP), f->group, act_id);
	return at(f, rc, where, err);
}

static mm_status at_row(fill *f, mm_status rc, const char *act_id, int row, mm_error *err)
{
	char where[200];
	snprintf(where, sizeof where, tr(M_DEMO_FILL_WHERE_ROW), f->group, act_id, row);
	return at(f, rc, where, err);
}

/* A JSON value as a person would type it: text, a number, several choices. */
static void typed(const cJSON *v, buf *out)
{
	buf_clear(out);
	if (cJSON_IsString(v)) {
		buf_puts(out, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		buf_printf(out, "%.15g", v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		buf_puts(out, cJSON_IsTrue(v) ? "1" : "0");
	} else if (cJSON_IsArray(v)) {
		const cJSON *e;
		bool first = true;
		cJSON_ArrayForEach(e, v) {
			if (cJSON_IsString(e)) {
				buf_printf(out, "%s%s", first ? "" : ",", e->valuestring);
				first = false;
			}
		}
	}
}

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The person's or company's ids of the group with id GID (KIND 1 company,
 * 2 person), in roster order. */
static mm_status owners_of(fill *f, int kind, int64_t gid, owner_info **o, int *n,
	mm_error *err)
{
	return store_owners(f->st, kind, gid, o, n, err);
}

/* Turns what is typed into the stored value of column C of S. */
static mm_status stored_value(const sheet *s, int col, const char *input, char **out,
	mm_error *err)
{
	const column *c = &s->def->cols[col];
	if (c->type == COL_REF && *input) {
		int64_t id = s->ref[col] ? sheet_find_label(s->ref[col], input) : 0;
		if (!id)
			return mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_REF), input);
		char num[32];
		snprintf(num, sizeof num, "%lld", (long long)id);
		return column_parse(c, num, out, err);
	}
	return column_parse(c, input, out, err);
}

/* ---- tables ---- */

static mm_status fill_table(fill *f, const activity *act, int64_t gid, const cJSON *step,
	mm_error *err)
{
	const cJSON *cols = cJSON_GetObjectItemCaseSensitive(step, "columns");
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(step, "rows");
	const char *match = str_of(step, "match");
	if (!cJSON_IsArray(cols) || !cJSON_IsArray(rows))
		return at_step(f, mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_SHAPE), "rows"), act->id, err);
	const table_def *def = act->table;
	int ncols = cJSON_GetArraySize(cols);
	int *map = xcalloc((size_t)ncols + 1, sizeof *map);
	int mcol = -1, mpos = -1;
	mm_status rc = MM_OK;
	for (int k = 0; k < ncols && rc == MM_OK; k++) {
		const cJSON *c = cJSON_GetArrayItem(cols, k);
		map[k] = cJSON_IsString(c) ? table_col_index(def, c->valuestring) : -1;
		if (map[k] < 0 || def->cols[map[k]].type == COL_COMPUTED)
			rc = at_step(f, mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_COLUMN),
				cJSON_IsString(c) ? c->valuestring : "?"), act->id, err);
		else if (match && strcmp(c->valuestring, match) == 0) {
			mcol = map[k];
			mpos = k;
		}
	}
	if (rc == MM_OK && match && mcol < 0)
		rc = at_step(f, mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_COLUMN), match), act->id,
			err);
	sheet *s = NULL;
	if (rc == MM_OK && (rc = sheet_open(f->st, def, OWNER_GROUP, gid, &s, err)) != MM_OK)
		rc = at_step(f, rc, act->id, err);
	char **values = xcalloc((size_t)def->ncols, sizeof *values);
	char ***all = xcalloc((size_t)cJSON_GetArraySize(rows) + 1, sizeof *all);
	int nall = 0;
	buf in = {0};
	int rn = 0;
	const cJSON *row;
	cJSON_ArrayForEach(row, rows) {
		if (rc != MM_OK)
			break;
		rn++;
		for (int k = 0; k < def->ncols; k++) {
			free(values[k]);
			values[k] = NULL;
		}
		if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != ncols) {
			rc = at_row(f, mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_SHAPE), "columns"), act->id,
				rn, err);
			break;
		}
		for (int k = 0; k < ncols && rc == MM_OK; k++) {
			typed(cJSON_GetArrayItem(row, k), &in);
			if ((rc = stored_value(s, map[k], buf_str(&in), &values[map[k]], err)) != MM_OK)
				rc = at_row(f, rc, act->id, rn, err);
		}
		if (rc != MM_OK)
			break;
		if (mcol < 0) {
			/* appended rows go in together, as an import of rows does */
			all[nall++] = values;
			values = xcalloc((size_t)def->ncols, sizeof *values);
		} else {
			int r = 0;
			while (r < s->nrows && strcmp(s->rows[r].cells[mcol].value, values[mcol]) != 0)
				r++;
			if (r == s->nrows) {
				typed(cJSON_GetArrayItem(row, mpos), &in);
				rc = mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_ROW), match, buf_str(&in));
			}
			for (int k = 0; k < ncols && rc == MM_OK; k++) {
				if (map[k] == mcol)
					continue;
				int64_t id = s->rows[r].id; /* the row may move in a reload */
				rc = sheet_set(f->st, s, id, map[k], values[map[k]],
					s->rows[r].cells[map[k]].version, NULL, NULL, err);
				r = sheet_row_index(s, id);
			}
		}
		if (rc != MM_OK)
			rc = at_row(f, rc, act->id, rn, err);
	}
	if (rc == MM_OK && nall > 0
		&& (rc = sheet_insert_many(f->st, s, all, nall, false, NULL, err)) != MM_OK)
		rc = at_step(f, rc, act->id, err);
	for (int r = 0; r < nall; r++) {
		for (int k = 0; k < def->ncols; k++)
			free(all[r][k]);
		free(all[r]);
	}
	free(all);
	for (int k = 0; k < def->ncols; k++)
		free(values[k]);
	free(values);
	buf_free(&in);
	sheet_free(s);
	free(map);
	return rc;
}

/* ---- checklists ---- */

static mm_status fill_checklist(fill *f, const activity *act, int64_t gid, const cJSON *step,
	mm_error *err)
{
	const checklist_def *d = checklist_of(act);
	const cJSON *companies = cJSON_GetObjectItemCaseSensitive(step, "companies");
	if (!cJSON_IsArray(companies))
		return at_step(f, mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_SHAPE), "companies"),
			act->id, err);
	owner_info *co = NULL;
	int nco = 0;
	mm_status rc = owners_of(f, 1, gid, &co, &nco, err);
	int k = 0;
	const cJSON *marks;
	cJSON_ArrayForEach(marks, companies) {
		if (rc != MM_OK)
			break;
		if (!cJSON_IsString(marks) || k >= nco) {
			rc = mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_SHAPE), "companies");
			break;
		}
		const char *m = marks->valuestring;
		if ((int)strlen(m) != d->nitems) {
			rc = mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_ITEMS), (int)strlen(m), d->nitems);
			break;
		}
		/* the company's answers as the CSV `mamori import` reads: one
		 * transaction per company (answering item by item is 25) */
		buf csv = {0};
		buf_puts(&csv, "id,answer\n");
		for (int i = 0; rc == MM_OK && i < d->nitems; i++) {
			const char *value = m[i] == 'y' ? "yes" : m[i] == 'p' ? "partly"
				: m[i] == 'n' ? "no" : m[i] == 'u' ? "unknown" : NULL;
			if (m[i] == '-')
				continue;
			if (!value || !checklist_answer_by_value(d, value))
				rc = mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_ANSWER), m[i]);
			else
				buf_printf(&csv, "%s,%s\n", d->items[i].id, value);
		}
		sheet *s = NULL;
		if (rc == MM_OK)
			rc = sheet_open(f->st, act->storage, OWNER_COMPANY, co[k].id, &s, err);
		if (rc == MM_OK)
			rc = checklist_import_csv(f->st, s, csv.s, csv.len, err);
		sheet_free(s);
		buf_free(&csv);
		k++;
	}
	owner_list_free(co, nco);
	return rc == MM_OK ? MM_OK : at_step(f, rc, act->id, err);
}

/* ---- documents ---- */

static mm_status fill_document(fill *f, const activity *act, int64_t gid, const cJSON *step,
	mm_error *err)
{
	const document_def *d = document_of(act);
	const cJSON *sections = cJSON_GetObjectItemCaseSensitive(step, "sections");
	const char *variant = str_of(step, "variant");
	if (!cJSON_IsObject(sections))
		return at_step(f, mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_SHAPE), "sections"),
			act->id, err);
	sheet *s = NULL;
	bool company = act->scope == SCOPE_COMPANY;
	mm_status rc = sheet_open(f->st, act->storage, company ? OWNER_COMPANY : OWNER_GROUP,
		company ? f->company : gid, &s, err);
	if (rc == MM_OK && variant) {
		int v = 0;
		while (v < d->nvariants && strcmp(d->variants[v].id, variant) != 0)
			v++;
		rc = v < d->nvariants ? document_choose_variant(f->st, s, d, v, NULL, err)
			: mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_VARIANT), variant);
	}
	int v = rc == MM_OK ? document_variant(d, s) : 0;
	const cJSON *sec;
	cJSON_ArrayForEach(sec, sections) {
		if (rc != MM_OK)
			break;
		int k = 0;
		while (k < d->variants[v].nsections && strcmp(d->variants[v].sections[k].id,
			sec->string) != 0)
			k++;
		if (k == d->variants[v].nsections || !cJSON_IsString(sec)) {
			rc = mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_SECTION), sec->string);
			break;
		}
		rc = document_set_text(f->st, s, d, v, k, sec->valuestring, -1, NULL, NULL, err);
	}
	sheet_free(s);
	return rc == MM_OK ? MM_OK : at_step(f, rc, act->id, err);
}

/* ---- boards ---- */

static mm_status fill_board(fill *f, const activity *act, int64_t gid, const cJSON *step,
	mm_error *err)
{
	const cJSON *notes = cJSON_GetObjectItemCaseSensitive(step, "notes");
	if (!cJSON_IsArray(notes))
		return at_step(f, mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_SHAPE), "notes"), act->id,
			err);
	owner_info *people = NULL;
	int np = 0;
	sheet *s = NULL;
	mm_status rc = owners_of(f, 2, gid, &people, &np, err);
	if (rc == MM_OK)
		rc = sheet_open(f->st, act->storage, OWNER_GROUP, gid, &s, err);
	if (rc == MM_OK && !board_of_sheet(s))
		rc = mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_WRONG_KIND), act->id, "notes",
			kind_name(act->kind));
	int n = 0;
	const cJSON *note;
	cJSON_ArrayForEach(note, notes) {
		if (rc != MM_OK)
			break;
		n++;
		const char *lane = str_of(note, "lane"), *text = str_of(note, "text");
		const char *to = str_of(note, "to");
		const cJSON *by = cJSON_GetObjectItemCaseSensitive(note, "by");
		int who = cJSON_IsNumber(by) ? by->valueint : 0;
		if (!lane || !text) {
			rc = mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_SHAPE), "notes");
			break;
		}
		if (who < 0 || who >= np) {
			rc = mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_PERSON), who);
			break;
		}
		int64_t id = 0;
		rc = board_add(f->st, s, lane, text, people[who].name, -1, &id, NULL, err);
		if (rc == MM_OK && to) {
			int64_t cid = 0;
			rc = store_find(f->st, 1, to, 0, &cid, err);
			if (rc == MM_OK && !cid)
				rc = mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_COMPANY), to);
			if (rc == MM_OK)
				rc = board_address(f->st, s, id, cid, NULL, err);
		}
		const cJSON *v;
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(note, "votes")) {
			if (rc != MM_OK)
				break;
			int p = cJSON_IsNumber(v) ? v->valueint : -1;
			rc = p >= 0 && p < np ? board_vote(f->st, s, id, people[p].id, 1, err)
				: mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_PERSON), p);
		}
	}
	sheet_free(s);
	owner_list_free(people, np);
	return rc == MM_OK ? MM_OK : at_row(f, rc, act->id, n, err);
}

/* ---- one group's steps ---- */

static mm_status fill_step(fill *f, int64_t gid, const cJSON *step, mm_error *err)
{
	const char *id = str_of(step, "activity");
	const activity *act = id ? scenario_find_activity(f->sc, id) : NULL;
	if (!act)
		return at_step(f, mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_ACTIVITY),
			id ? id : "?"), id ? id : "?", err);
	/* what the step holds says what it writes; the activity must be of
	 * that kind */
	const char *what = cJSON_HasObjectItem(step, "rows") ? "rows"
		: cJSON_HasObjectItem(step, "companies") ? "companies"
		: cJSON_HasObjectItem(step, "sections") ? "sections"
		: cJSON_HasObjectItem(step, "notes") ? "notes" : "?";
	bool fits = (what[0] == 'r' && act->table)
		|| (what[0] == 'c' && checklist_of(act) && act->scope == SCOPE_COMPANY)
		|| (what[0] == 's' && document_of(act) && (act->scope == SCOPE_GROUP
			|| (act->scope == SCOPE_COMPANY && f->company)))
		|| (what[0] == 'n' && act->storage && act->scope == SCOPE_GROUP); /* board: below */
	if (!fits)
		return at_step(f, mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_WRONG_KIND), id, what,
			kind_name(act->kind)), id, err);
	switch (what[0]) {
	case 'r': return fill_table(f, act, gid, step, err);
	case 'c': return fill_checklist(f, act, gid, step, err);
	case 's': return fill_document(f, act, gid, step, err);
	default: return fill_board(f, act, gid, step, err);
	}
}

static mm_status fill_group(fill *f, const cJSON *g, mm_error *err)
{
	f->group = str_of(g, "group");
	int64_t gid = 0;
	for (int k = 0; f->group && k < f->ngroups; k++)
		if (strcmp(f->groups[k].name, f->group) == 0)
			gid = f->groups[k].id;
	if (!gid) {
		mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_GROUP), f->group ? f->group : "?");
		return at(f, MM_EUSER, "groups", err);
	}
	mm_status rc = store_set_role(f->st, ROLE_GROUP, f->group, err);
	const cJSON *step;
	cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(g, "steps")) {
		if (rc != MM_OK)
			break;
		rc = fill_step(f, gid, step, err);
	}
	return rc;
}

/* ---- the expert visits of one company ---- */

/* Visits 1–4 of the company named in VI (the hearing, scores, the plan and
 * its progress: visits_demo_fill), then VI's steps, the company's own
 * documents and its group's boards, on the company's group's terminal. */
static mm_status fill_visits(fill *f, const cJSON *vi, mm_error *err)
{
	const char *name = str_of(vi, "company");
	int64_t cid = 0;
	mm_status rc = name ? store_find(f->st, 1, name, 0, &cid, err) : MM_OK;
	if (rc == MM_OK && !cid)
		rc = mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_COMPANY), name ? name : "?");
	if (rc != MM_OK)
		return at(f, rc, "visits", err);
	int64_t gid = store_company_group(f->st, cid);
	char *group = store_name_of(f->st, 0, gid);
	f->group = group;
	f->company = cid;
	rc = store_set_role(f->st, ROLE_GROUP, group, err);
	if (rc == MM_OK && (rc = visits_demo_fill(f->st, f->sc, cid, err)) != MM_OK)
		rc = at_step(f, rc, "visits", err);
	const cJSON *step;
	cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(vi, "steps")) {
		if (rc != MM_OK)
			break;
		rc = fill_step(f, gid, step, err);
	}
	f->group = NULL;
	f->company = 0;
	free(group);
	return rc;
}

/* ---- the survey ---- */

static mm_status fill_survey(fill *f, const cJSON *sv, mm_error *err)
{
	const char *id = str_of(sv, "activity");
	const activity *act = id ? scenario_find_activity(f->sc, id) : NULL;
	if (!act || !survey_of(act))
		return at(f, mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_NO_ACTIVITY), id ? id : "?"),
			"survey", err);
	const cJSON *qs = cJSON_GetObjectItemCaseSensitive(sv, "questions");
	const cJSON *people = cJSON_GetObjectItemCaseSensitive(sv, "people");
	int nq = cJSON_GetArraySize(qs);
	mm_status rc = MM_OK;
	buf in = {0};
	int k = 0; /* the person's place in the roster */
	for (int g = 0; g < f->ngroups && rc == MM_OK; g++) {
		owner_info *p = NULL;
		int np = 0;
		if ((rc = owners_of(f, 2, f->groups[g].id, &p, &np, err)) != MM_OK)
			break;
		f->group = f->groups[g].name;
		rc = store_set_role(f->st, ROLE_GROUP, f->group, err);
		for (int i = 0; i < np && rc == MM_OK; i++, k++) {
			const cJSON *ans = cJSON_GetArrayItem(people, k);
			if (!ans)
				continue;
			if (cJSON_GetArraySize(ans) != nq) {
				rc = mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_SHAPE), "people");
				break;
			}
			for (int q = 0; q < nq && rc == MM_OK; q++) {
				typed(cJSON_GetArrayItem(ans, q), &in);
				const cJSON *qid = cJSON_GetArrayItem(qs, q);
				if (in.len && cJSON_IsString(qid))
					rc = survey_answer(f->st, act, p[i].id, qid->valuestring, buf_str(&in),
						err);
			}
			if (rc != MM_OK)
				rc = at_row(f, rc, id, k + 1, err);
		}
		owner_list_free(p, np);
	}
	buf_free(&in);
	/* the answers stay each person's own: the terminal that made them holds
	 * none of them afterwards */
	store_release_all(f->st);
	return rc;
}

/* ---- the whole ---- */

static int line_of(const char *text, const char *p)
{
	int line = 1;
	for (const char *q = text; p && q < p && *q; q++)
		line += *q == '\n';
	return line;
}

mm_status demo_fill_text(store *st, const char *name, const char *text, size_t n,
	mm_error *err)
{
	cJSON *root = cJSON_ParseWithLength(text, n);
	if (!root)
		return mm_fail(err, MM_EUSER, tr(M_DEMO_FILL_JSON), name,
			line_of(text, cJSON_GetErrorPtr()));
	fill f = {.st = st, .name = name};
	workshop_info ws = {0};
	buf errs = {0};
	int nerrs = 0;
	mm_status rc = store_workshop_get(st, &ws, err);
	if (rc == MM_OK && scenario_parse_stored("scenario", ws.scenario_json, strlen(ws.scenario_json),
		&f.sc, &errs, &nerrs) != MM_OK)
		rc = mm_fail(err, MM_EUSER, "%s", buf_str(&errs));
	if (rc == MM_OK)
		rc = store_groups(st, &f.groups, &f.ngroups, err);
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(root, "groups")) {
		if (rc != MM_OK)
			break;
		rc = fill_group(&f, g, err);
	}
	const cJSON *vi = cJSON_GetObjectItemCaseSensitive(root, "visits");
	if (rc == MM_OK && vi)
		rc = fill_visits(&f, vi, err);
	if (rc == MM_OK && vi && (rc = visits_demo_fill_others(st, f.sc, err)) != MM_OK)
		rc = at(&f, rc, "visits", err);
	const cJSON *sv = cJSON_GetObjectItemCaseSensitive(root, "survey");
	if (rc == MM_OK && sv)
		rc = fill_survey(&f, sv, err);
	mm_error ignore;
	store_set_role(st, ROLE_FACILITATOR, NULL, rc == MM_OK ? err : &ignore);
	group_list_free(f.groups, f.ngroups);
	scenario_free(f.sc);
	workshop_info_free(&ws);
	buf_free(&errs);
	cJSON_Delete(root);
	return rc;
}

mm_status demo_fill(store *st, mm_error *err)
{
	const bundled_file *bf = bundled_find(DEMO_FILL_FILE);
	if (!bf)
		return mm_fail(err, MM_EIO, tr(M_DEMO_FILL_MISSING), DEMO_FILL_FILE);
	return demo_fill_text(st, DEMO_FILL_FILE, bf->text, bf->len, err);
}
