#include "roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "csv.h"
#include "i18n.h"

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
	int map[R_NCOLS];
	for (int k = 0; k < R_NCOLS; k++)
		map[k] = -1;
	if (doc.nrecords == 0) {
		rc = mm_fail_at(err, MM_EUSER, 1, 0, NULL, "%s", tr(M_ROSTER_EMPTY));
		goto out;
	}
	const csv_record *head = &doc.records[0];
	for (size_t f = 0; f < head->nfields; f++) {
		int found = -1;
		for (int k = 0; k < R_NCOLS; k++)
			if (strcasecmp(head->fields[f], cols[k].id) == 0
				|| strcmp(head->fields[f], cols[k].ja) == 0)
				found = k;
		if (found < 0) {
			rc = mm_fail_at(err, MM_EUSER, head->line, f + 1, NULL, tr(M_ROSTER_UNKNOWN_COLUMN),
				head->fields[f]);
			goto out;
		}
		map[found] = (int)f;
	}
	for (int k = 0; k < R_NCOLS; k++)
		if (cols[k].required && map[k] < 0) {
			rc = mm_fail_at(err, MM_EUSER, head->line, 0, NULL, tr(M_ROSTER_MISSING_COLUMN),
				cols[k].id, cols[k].ja);
			goto out;
		}
	if ((rc = store_begin(st, err)) != MM_OK)
		goto out;
	for (size_t r = 1; r < doc.nrecords && rc == MM_OK; r++) {
		const csv_record *rec = &doc.records[r];
		if (rec->nfields == 1 && !rec->fields[0][0])
			continue;
		const char *v[R_NCOLS];
		for (int k = 0; k < R_NCOLS; k++) {
			v[k] = map[k] >= 0 && (size_t)map[k] < rec->nfields ? rec->fields[map[k]] : "";
			if (cols[k].required && !*v[k]) {
				rc = mm_fail_at(err, MM_EUSER, rec->line, (size_t)map[k] + 1, cols[k].ja, "%s",
					tr(M_ERR_REQUIRED));
				break;
			}
		}
		if (rc != MM_OK)
			break;
		int staff = 0;
		if (*v[R_STAFF]) {
			char *end;
			long s = strtol(v[R_STAFF], &end, 10);
			if (*end || s < 0 || s > 1000000) {
				rc = mm_fail_at(err, MM_EUSER, rec->line, (size_t)map[R_STAFF] + 1,
					cols[R_STAFF].ja, tr(M_ROSTER_STAFF), v[R_STAFF]);
				break;
			}
			staff = (int)s;
		}
		int64_t g, c, p;
		if ((rc = store_find(st, 0, v[R_GROUP], 0, &g, err)) != MM_OK)
			break;
		if (!g) {
			if ((rc = store_group_add(st, v[R_GROUP], &g, err)) != MM_OK)
				break;
			out->groups++;
		}
		if ((rc = store_find(st, 1, v[R_COMPANY], 0, &c, err)) != MM_OK)
			break;
		if (!c) {
			rc = store_company_add(st, v[R_COMPANY], g, v[R_INDUSTRY], staff, &c, err);
			if (rc != MM_OK)
				break;
			out->companies++;
		} else if (store_company_group(st, c) != g) {
			rc = mm_fail_at(err, MM_EUSER, rec->line, (size_t)map[R_GROUP] + 1,
				cols[R_GROUP].ja, tr(M_ROSTER_OTHER_GROUP), v[R_COMPANY]);
			break;
		}
		if ((rc = store_find(st, 2, v[R_NAME], c, &p, err)) != MM_OK)
			break;
		if (p) {
			out->known++;
			continue;
		}
		if ((rc = store_person_add(st, v[R_NAME], c, g, v[R_ROLE], NULL, err)) != MM_OK)
			break;
		out->people++;
	}
	if (rc == MM_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	if (rc != MM_OK)
		memset(out, 0, sizeof *out);
out:
	csv_doc_free(&doc);
	return rc;
}
