#include "roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "csv.h"
#include "i18n.h"
#include "text.h"

enum { R_GROUP, R_COMPANY, R_NAME, R_ROLE, R_INDUSTRY, R_STAFF, R_NCOLS };

static const struct {
	const char *id, *ja;
	bool required;
} cols[R_NCOLS] = {
	{"group", "グループ", true},
	{"company", "会社", true},
	{"name", "氏名", true},
	{"role", "役割", false},
	{"industry", "業種", false},
	{"staff", "従業員数", false},
};

/* A group, company or person the workshop has, or one this import adds:
 * its name as text_normalize_name gives it, so that "山田", "山田 " and
 * "山田　" are one. LINE: the line of the file that named it (0: not yet). */
typedef struct known {
	int64_t id;
	int64_t parent; /* a company's group, a person's company */
	char *key;
	int line;
} known;

typedef struct known_list {
	known *v;
	int n, cap;
} known_list;

static void known_add(known_list *l, int64_t id, int64_t parent, const char *key, int line)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = (known){id, parent, xstrdup(key), line};
}

static known *known_find(known_list *l, const char *key, int64_t parent, bool by_parent)
{
	for (int k = 0; k < l->n; k++)
		if ((!by_parent || l->v[k].parent == parent) && strcmp(l->v[k].key, key) == 0)
			return &l->v[k];
	return NULL;
}

static void known_free(known_list *l)
{
	for (int k = 0; k < l->n; k++)
		free(l->v[k].key);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void normalize(const char *s, buf *out)
{
	buf_clear(out);
	text_normalize_name(s, strlen(s), out);
}

/* Reads what the workshop has (SQL: id, name, parent) into L by normalised
 * name. */
static mm_status load_known(store *st, const char *sql, known_list *l, mm_error *err)
{
	sqlite3_stmt *q = store_prep(st, sql, err);
	if (!q)
		return MM_EDB;
	buf key = {0};
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 1);
		normalize(name ? name : "", &key);
		known_add(l, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 2), buf_str(&key), 0);
	}
	buf_free(&key);
	sqlite3_finalize(q);
	return store_step_error(st, rc, err);
}

/* Text from the file, fit to be shown in a one-line message: controls made
 * visible (text_escape_controls), in a static buffer per slot. */
static const char *shown(int slot, const char *s)
{
	static buf b[2];
	buf_clear(&b[slot]);
	text_escape_controls(s, strlen(s), "", &b[slot]);
	return buf_str(&b[slot]);
}

/* Does S hold a character that could drive a terminal (C0, DEL, C1, bidi)? */
static bool has_controls(const char *s)
{
	for (size_t i = 0, n = strlen(s); i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if (cp == '\t' || cp == '\n' || cp == '\r')
			continue; /* spaces to a name (text_normalize_name) */
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp_is_bidi_control(cp))
			return true;
	}
	return false;
}

/* Which roster column the header H names, or -1. */
static int header_column(const char *h)
{
	for (int k = 0; k < R_NCOLS; k++)
		if (strcasecmp(h, cols[k].id) == 0 || strcmp(h, cols[k].ja) == 0)
			return k;
	return -1;
}

typedef struct ctx {
	store *st;
	known_list groups, companies, people;
	buf key[R_NCOLS];
	roster_counts *out;
	mm_error *err;
} ctx;

/* One line of the file: the person, with their group and company made if
 * new. */
static mm_status roster_line(ctx *c, const csv_record *rec, const int *map)
{
	mm_error *err = c->err;
	const char *v[R_NCOLS];
	for (int k = 0; k < R_NCOLS; k++) {
		v[k] = map[k] >= 0 && (size_t)map[k] < rec->nfields ? rec->fields[map[k]] : "";
		size_t col = (size_t)map[k] + 1;
		if (k > R_NAME) /* role, industry, staff: as written, ends trimmed */
			normalize(v[k], &c->key[k]);
		if (k > R_NAME)
			continue;
		if (has_controls(v[k]))
			return mm_fail_at(err, MM_EUSER, rec->line, col, cols[k].ja,
				tr(M_ROSTER_CONTROL), shown(0, v[k]));
		normalize(v[k], &c->key[k]);
		if (cols[k].required && !c->key[k].len)
			return mm_fail_at(err, MM_EUSER, rec->line, col, cols[k].ja, "%s",
				tr(*v[k] ? M_ROSTER_BLANK : M_ERR_REQUIRED));
	}
	const char *group = buf_str(&c->key[R_GROUP]), *company = buf_str(&c->key[R_COMPANY]),
		*name = buf_str(&c->key[R_NAME]);
	int staff = 0;
	const char *sv = buf_str(&c->key[R_STAFF]);
	if (*sv) {
		char *end;
		long s = strtol(sv, &end, 10);
		if (*end || s < 0 || s > 1000000)
			return mm_fail_at(err, MM_EUSER, rec->line, (size_t)map[R_STAFF] + 1,
				cols[R_STAFF].ja, tr(M_ROSTER_STAFF), shown(0, v[R_STAFF]));
		staff = (int)s;
	}
	mm_status rc;
	known *g = known_find(&c->groups, group, 0, false);
	if (!g) {
		int64_t id;
		if ((rc = store_group_add(c->st, group, &id, err)) != MM_OK)
			return rc;
		known_add(&c->groups, id, 0, group, rec->line);
		g = &c->groups.v[c->groups.n - 1];
		c->out->groups++;
	}
	int64_t gid = g->id;
	known *co = known_find(&c->companies, company, 0, false);
	if (!co) {
		int64_t id;
		rc = store_company_add(c->st, company, gid, buf_str(&c->key[R_INDUSTRY]), staff, &id,
			err);
		if (rc != MM_OK)
			return rc;
		known_add(&c->companies, id, gid, company, rec->line);
		co = &c->companies.v[c->companies.n - 1];
		c->out->companies++;
	} else if (co->parent != gid) {
		return mm_fail_at(err, MM_EUSER, rec->line, (size_t)map[R_GROUP] + 1, cols[R_GROUP].ja,
			tr(M_ROSTER_OTHER_GROUP), shown(0, company));
	}
	int64_t cid = co->id;
	known *p = known_find(&c->people, name, cid, true);
	if (p && p->line)
		return mm_fail_at(err, MM_EUSER, rec->line, (size_t)map[R_NAME] + 1, cols[R_NAME].ja,
			tr(M_ROSTER_DUP_PERSON), shown(0, name), p->line);
	if (p) {
		p->line = rec->line;
		c->out->known++;
		return MM_OK;
	}
	int64_t pid = 0;
	if ((rc = store_person_add(c->st, name, cid, gid, buf_str(&c->key[R_ROLE]), &pid, err))
		!= MM_OK)
		return rc;
	known_add(&c->people, pid, cid, name, rec->line);
	c->out->people++;
	return MM_OK;
}

mm_status roster_import(store *st, const char *data, size_t n, roster_counts *out,
	mm_error *err)
{
	memset(out, 0, sizeof *out);
	if (store_get_role(st) != ROLE_FACILITATOR)
		return mm_fail(err, MM_EDENIED, "%s", tr(M_ROSTER_FACILITATOR_ONLY));
	char *text = NULL;
	size_t len = 0;
	csv_encoding enc;
	mm_status rc = csv_decode(data, n, &text, &len, &enc, err);
	if (rc != MM_OK)
		return rc;
	csv_doc doc = {0};
	rc = csv_parse(text, len, &doc, err);
	free(text);
	if (rc != MM_OK)
		return rc;
	ctx c = {.st = st, .out = out, .err = err};
	int map[R_NCOLS];
	for (int k = 0; k < R_NCOLS; k++)
		map[k] = -1;
	if (doc.nrecords == 0) {
		rc = mm_fail_at(err, MM_EUSER, 1, 0, NULL, "%s", tr(M_ROSTER_EMPTY));
		goto out;
	}
	const csv_record *head = &doc.records[0];
	buf h = {0};
	for (size_t f = 0; f < head->nfields && rc == MM_OK; f++) {
		normalize(head->fields[f], &h);
		int found = header_column(buf_str(&h));
		if (found < 0)
			rc = mm_fail_at(err, MM_EUSER, head->line, f + 1, NULL,
				tr(M_ROSTER_UNKNOWN_COLUMN), shown(0, head->fields[f]));
		else if (map[found] >= 0)
			rc = mm_fail_at(err, MM_EUSER, head->line, f + 1, NULL, tr(M_ROSTER_DUP_COLUMN),
				shown(0, head->fields[f]), map[found] + 1);
		else
			map[found] = (int)f;
	}
	buf_free(&h);
	if (rc != MM_OK)
		goto out;
	for (int k = 0; k < R_NCOLS; k++)
		if (cols[k].required && map[k] < 0) {
			rc = mm_fail_at(err, MM_EUSER, head->line, 0, NULL, tr(M_ROSTER_MISSING_COLUMN),
				cols[k].id, cols[k].ja);
			goto out;
		}
	if ((rc = store_begin(st, err)) != MM_OK)
		goto out;
	rc = load_known(st, "SELECT id, name, 0 FROM grp ORDER BY id", &c.groups, err);
	if (rc == MM_OK)
		rc = load_known(st, "SELECT id, name, COALESCE(grp_id, 0) FROM company ORDER BY id",
			&c.companies, err);
	if (rc == MM_OK)
		rc = load_known(st, "SELECT id, name, COALESCE(company_id, 0) FROM person ORDER BY id",
			&c.people, err);
	for (size_t r = 1; r < doc.nrecords && rc == MM_OK; r++) {
		const csv_record *rec = &doc.records[r];
		if (rec->nfields == 1 && !rec->fields[0][0])
			continue;
		rc = roster_line(&c, rec, map);
	}
	if (rc == MM_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	if (rc != MM_OK)
		memset(out, 0, sizeof *out);
out:
	known_free(&c.groups);
	known_free(&c.companies);
	known_free(&c.people);
	for (int k = 0; k < R_NCOLS; k++)
		buf_free(&c.key[k]);
	csv_doc_free(&doc);
	if (rc != MM_OK && err)
		text_escape_in_place(err->msg, sizeof err->msg);
	return rc;
}
