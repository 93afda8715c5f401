/* report.c — the take-home report of a group or a company (see report.h). */
#include "report.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "html.h"
#include "i18n.h"
#include "kind.h"
#include "text.h"

/* Edit distance between A and B in code points (at most 64 of each). */
static int distance(const char *a, const char *b)
{
	uint32_t x[64], y[64];
	int nx = 0, ny = 0;
	for (size_t i = 0, n = strlen(a); i < n && nx < 64; nx++)
		i += utf8_decode(a + i, n - i, &x[nx]);
	for (size_t i = 0, n = strlen(b); i < n && ny < 64; ny++)
		i += utf8_decode(b + i, n - i, &y[ny]);
	int prev[65], cur[65];
	for (int j = 0; j <= ny; j++)
		prev[j] = j;
	for (int i = 1; i <= nx; i++) {
		cur[0] = i;
		for (int j = 1; j <= ny; j++) {
			int best = prev[j - 1] + (x[i - 1] != y[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			cur[j] = best;
		}
		memcpy(prev, cur, sizeof cur);
	}
	return prev[ny];
}

/* The names of LIST worth suggesting for WANT, quoted, joined into OUT:
 * those that contain it, or else those nearest to it (a few slips). */
static void suggest(const owner_info *list, int n, const char *want, buf *out)
{
	enum { MAX_SUGGEST = 5 };
	int pick[MAX_SUGGEST], np = 0;
	for (int k = 0; k < n && np < MAX_SUGGEST; k++)
		if (*want && strstr(list[k].name, want))
			pick[np++] = k;
	if (!np) {
		int len = (int)strlen(want) > 0 ? text_width(want) : 0;
		int limit = len / 4 + 1, best = limit + 1;
		for (int k = 0; k < n; k++) {
			int d = distance(want, list[k].name);
			if (d < best) {
				best = d;
				np = 0;
			}
			if (d == best && np < MAX_SUGGEST)
				pick[np++] = k;
		}
	}
	for (int k = 0; k < np; k++)
		buf_printf(out, tr(k ? M_REPORT_SUGGEST_MORE : M_REPORT_SUGGEST_FIRST),
			list[pick[k]].name);
}

mm_status report_find_owner(store *st, owner_kind ok, const char *name, int64_t *id,
	mm_error *err)
{
	owner_info *list;
	int n;
	*id = 0;
	mm_status rc = store_owners(st, (int)ok, 0, &list, &n, err);
	if (rc != MM_OK)
		return rc;
	for (int k = 0; k < n && !*id; k++)
		if (strcmp(list[k].name, name) == 0)
			*id = list[k].id;
	if (!*id) {
		buf names = {0};
		suggest(list, n, name, &names);
		msg_id none = ok == OWNER_COMPANY ? M_NO_COMPANY : ok == OWNER_PERSON
			? M_REPORT_NO_PERSON : M_NO_GROUP;
		buf msg = {0};
		buf_printf(&msg, tr(none), name);
		if (names.len)
			buf_printf(&msg, tr(M_REPORT_DID_YOU_MEAN), buf_str(&names));
		rc = mm_fail(err, MM_ENOTFOUND, "%s", buf_str(&msg));
		buf_free(&msg);
		buf_free(&names);
	}
	owner_list_free(list, n);
	return rc;
}

/* Appends one activity's Markdown for an owner to OUT (nothing if empty).
 * COMPANY (0: none): a group table in that company's report, with only the
 * rows the scenario's "report" lets in (export_report_rows). */
static mm_status report_activity(store *st, const activity *act, owner_kind ok, int64_t owner,
	int64_t company, buf *out, mm_error *err)
{
	sheet *s = NULL;
	bool filter = company && act->table; /* a table activity: its "report" setting */
	if (filter && act->storage->report == TABLE_REPORT_EXCLUDE)
		return MM_OK;
	mm_status rc = sheet_peek(st, act->storage, ok, owner, &s, err);
	if (rc == MM_EDENIED) /* a private sheet: not in anyone else's report */
		return MM_OK;
	if (rc == MM_OK && filter)
		rc = export_report_rows(st, s, act->storage->report, company, err);
	if (rc == MM_OK && activity_has_work(act, s)) {
		buf part = {0};
		rc = activity_export(act, st, s, "md", &part, err);
		if (rc == MM_OK) {
			/* each part starts with "# title": two levels down in the report */
			buf_puts(out, "##");
			for (const char *p = buf_str(&part); *p; p++) {
				buf_putc(out, *p);
				if (*p == '\n' && p[1] == '#')
					buf_puts(out, "##");
			}
			buf_puts(out, "\n");
		}
		buf_free(&part);
	}
	sheet_free(s);
	return rc;
}

mm_status report_build(store *st, const scenario *sc, const char *title, owner_kind ok,
	int64_t owner, const char *format, buf *out, mm_error *err)
{
	bool html = format && strcmp(format, "html") == 0;
	if (format && !html && strcmp(format, "md") != 0)
		return mm_fail(err, MM_EUSER, tr(M_CLI_REPORT_FORMATS), format);
	if (ok != OWNER_GROUP && ok != OWNER_COMPANY)
		return mm_fail(err, MM_EUSER, "%s", tr(M_CLI_REPORT_NEEDS_OWNER));
	char *name = store_name_of(st, (int)ok, owner);
	if (!*name) {
		free(name);
		return mm_fail(err, MM_ENOTFOUND, tr(ok == OWNER_GROUP ? M_NO_GROUP : M_NO_COMPANY),
			"?");
	}
	int64_t group = ok == OWNER_GROUP ? owner : store_company_group(st, owner);
	int64_t company = ok == OWNER_COMPANY ? owner : 0;
	const char *heading = title && *title ? title : L(&sc->title);
	buf md = {0};
	buf_printf(&md, "# %s — %s\n\n", heading, name);
	mm_status rc = MM_OK;
	for (size_t t = 0; t < sc->ntracks && rc == MM_OK; t++)
		for (size_t si = 0; si < sc->tracks[t].nsessions && rc == MM_OK; si++) {
			const session *se = &sc->tracks[t].sessions[si];
			size_t before = md.len;
			char label[128];
			scenario_session_label(se, label, sizeof label);
			buf_printf(&md, "## %s %s\n\n", label, L(&se->title));
			size_t head = md.len;
			for (size_t k = 0; k < se->nactivities && rc == MM_OK; k++) {
				const activity *act = &se->activities[k];
				if (!act->storage || act->scope == SCOPE_PERSON)
					continue;
				if (act->scope == SCOPE_GROUP && group)
					rc = report_activity(st, act, OWNER_GROUP, group, company, &md, err);
				else if (act->scope == SCOPE_COMPANY && company)
					rc = report_activity(st, act, OWNER_COMPANY, company, 0, &md, err);
			}
			if (md.len == head) { /* nothing written in this session */
				md.len = before;
				md.s[before] = '\0';
			}
		}
	if (rc == MM_OK && html) {
		buf page_title = {0};
		buf_printf(&page_title, "%s — %s", heading, name);
		md_to_html(buf_str(&md), buf_str(&page_title), tr(M_LANG_CODE), out);
		buf_free(&page_title);
	} else if (rc == MM_OK) {
		buf_append(out, buf_str(&md), md.len);
	}
	buf_free(&md);
	free(name);
	return rc;
}
