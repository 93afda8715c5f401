/* main.c — the command line: parse, then hand over to core or ui. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "core/buf.h"
#include "core/bundled.h"
#include "core/demo.h"
#include "core/drill.h"
#include "core/export.h"
#include "core/csv.h"
#include "core/html.h"
#include "core/kind.h"
#include "core/roster.h"
#include "core/sheet.h"
#include "core/i18n.h"
#include "core/scenario.h"
#include "core/store.h"
#include "core/survey.h"
#include "ui/ui.h"

#define EXIT_USER 1
#define EXIT_USAGE 2

typedef struct opts {
	const char *db;
	const char *group;
	const char *open;
	const char *scenario;
	const char *title;
	const char *company;
	const char *activity;
	const char *format;
	const char *out;
	const char *roster;
	const char *encoding;
	bool replace;
	bool codes;         /* export --codes: the survey's personal codes */
	const char *expect; /* drill mark */
	bool json;          /* drill status */
	int groups;
	bool present, follow, demo, version, help;
	char **files;
	int nfiles;
} opts;

/* "mamori: MESSAGE (see 'mamori --help')" on stderr; ARG fills its %s. */
static int usage_error(msg_id msg, const char *arg)
{
	fprintf(stderr, "mamori: ");
	fprintf(stderr, tr(msg), arg);
	fprintf(stderr, "%s\n", tr(M_CLI_SEE_HELP));
	return EXIT_USAGE;
}

/* "mamori: MESSAGE" on stderr, MSG (a msg_id) a catalogue format. */
static void fail(int msg, ...)
{
	va_list ap;
	va_start(ap, msg);
	fprintf(stderr, "mamori: ");
	vfprintf(stderr, tr((msg_id)msg), ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Takes the value of --NAME VALUE or --NAME=VALUE. */
static const char *take_value(int argc, char **argv, int *i, const char *name, int *rc)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (a[n] == '=')
		return a + n + 1;
	if (*i + 1 >= argc) {
		*rc = usage_error(M_CLI_NEEDS_VALUE, name);
		return NULL;
	}
	return argv[++*i];
}

static bool is_opt(const char *a, const char *name)
{
	size_t n = strlen(name);
	return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

static bool is_port(const char *cmd)
{
	return strcmp(cmd, "export") == 0 || strcmp(cmd, "import") == 0;
}

static bool is_drill(const char *cmd)
{
	return cmd && strcmp(cmd, "drill") == 0;
}

static int parse(int argc, char **argv, int start, const char *cmd, opts *o)
{
	int rc = 0;
	for (int i = start; i < argc; i++) {
		const char *a = argv[i];
		const char *v = NULL;
		if (is_opt(a, "--db")) {
			if (!(o->db = take_value(argc, argv, &i, "--db", &rc)))
				return rc;
		} else if (is_opt(a, "--lang")) {
			if (!(v = take_value(argc, argv, &i, "--lang", &rc)))
				return rc;
			int l = i18n_parse(v);
			if (l < 0)
				return usage_error(M_CLI_UNKNOWN_LANG, v);
			i18n_set_lang((lang)l);
		} else if (!cmd && is_opt(a, "--group")) {
			if (!(o->group = take_value(argc, argv, &i, "--group", &rc)))
				return rc;
		} else if (!cmd && is_opt(a, "--open")) {
			if (!(o->open = take_value(argc, argv, &i, "--open", &rc)))
				return rc;
		} else if (!cmd && strcmp(a, "--present") == 0) {
			o->present = true;
		} else if (!cmd && strcmp(a, "--follow") == 0) {
			o->follow = true;
		} else if (!cmd && strcmp(a, "--demo") == 0) {
			o->demo = true;
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			o->version = true;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			o->help = true;
		} else if (cmd && strcmp(cmd, "init") == 0 && is_opt(a, "--scenario")) {
			if (!(o->scenario = take_value(argc, argv, &i, "--scenario", &rc)))
				return rc;
		} else if (cmd && strcmp(cmd, "init") == 0 && is_opt(a, "--title")) {
			if (!(o->title = take_value(argc, argv, &i, "--title", &rc)))
				return rc;
		} else if (cmd && strcmp(cmd, "init") == 0 && is_opt(a, "--groups")) {
			if (!(v = take_value(argc, argv, &i, "--groups", &rc)))
				return rc;
			char *end;
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 99)
				return usage_error(M_CLI_GROUPS_RANGE, v);
			o->groups = (int)n;
		} else if (is_drill(cmd) && is_opt(a, "--expect")) {
			if (!(o->expect = take_value(argc, argv, &i, "--expect", &rc)))
				return rc;
		} else if (is_drill(cmd) && strcmp(a, "--json") == 0) {
			o->json = true;
		} else if (is_drill(cmd) && a[0] != '-') {
			o->files[o->nfiles++] = argv[i];
		} else if (cmd && (is_port(cmd) || is_drill(cmd)) && is_opt(a, "--group")) {
			if (!(o->group = take_value(argc, argv, &i, "--group", &rc)))
				return rc;
		} else if (cmd && is_port(cmd) && is_opt(a, "--company")) {
			if (!(o->company = take_value(argc, argv, &i, "--company", &rc)))
				return rc;
		} else if (cmd && (is_port(cmd) || is_drill(cmd)) && is_opt(a, "--activity")) {
			if (!(o->activity = take_value(argc, argv, &i, "--activity", &rc)))
				return rc;
		} else if (cmd && strcmp(cmd, "export") == 0 && is_opt(a, "--format")) {
			if (!(o->format = take_value(argc, argv, &i, "--format", &rc)))
				return rc;
		} else if (cmd && strcmp(cmd, "export") == 0 && is_opt(a, "--encoding")) {
			if (!(o->encoding = take_value(argc, argv, &i, "--encoding", &rc)))
				return rc;
			if (strcmp(o->encoding, "utf8") != 0 && strcmp(o->encoding, "utf8-bom") != 0
				&& strcmp(o->encoding, "sjis") != 0)
				return usage_error(M_CLI_ENCODINGS, o->encoding);
		} else if (cmd && strcmp(cmd, "export") == 0 && is_opt(a, "--out")) {
			if (!(o->out = take_value(argc, argv, &i, "--out", &rc)))
				return rc;
		} else if (cmd && strcmp(cmd, "import") == 0 && is_opt(a, "--roster")) {
			if (!(o->roster = take_value(argc, argv, &i, "--roster", &rc)))
				return rc;
		} else if (cmd && strcmp(cmd, "import") == 0 && strcmp(a, "--replace") == 0) {
			o->replace = true;
		} else if (cmd && strcmp(cmd, "export") == 0 && strcmp(a, "--codes") == 0) {
			o->codes = true;
		} else if (cmd && (strcmp(cmd, "validate") == 0 || strcmp(cmd, "import") == 0)
			&& a[0] != '-') {
			o->files[o->nfiles++] = argv[i];
		} else if (a[0] == '-') {
			return usage_error(M_CLI_UNKNOWN_OPTION, a);
		} else {
			return usage_error(M_CLI_UNEXPECTED_ARG, a);
		}
	}
	return 0;
}

static int cmd_validate(opts *o)
{
	if (o->nfiles == 0)
		return usage_error(M_CLI_VALIDATE_NEEDS_FILE, NULL);
	int bad = 0;
	for (int k = 0; k < o->nfiles; k++) {
		buf errs = {0};
		scenario *sc = NULL;
		int n = 0;
		if (scenario_load_file(o->files[k], NULL, &sc, &errs, &n) != MM_OK) {
			fputs(buf_str(&errs), stderr);
			bad++;
		}
		scenario_free(sc);
		buf_free(&errs);
	}
	if (!bad && o->nfiles > 0) {
		printf(tr(o->nfiles == 1 ? M_CLI_VALID_ONE : M_CLI_VALID_N), o->nfiles);
		putchar('\n');
	}
	return bad ? EXIT_USER : 0;
}

static int cmd_init(opts *o)
{
	const char *db = o->db ? o->db : "mamori.db";
	char *text = NULL;
	if (o->scenario) {
		buf errs = {0};
		scenario *sc = NULL;
		int n = 0;
		if (scenario_load_file(o->scenario, &text, &sc, &errs, &n) != MM_OK) {
			fputs(buf_str(&errs), stderr);
			buf_free(&errs);
			return EXIT_USER;
		}
		scenario_free(sc);
		buf_free(&errs);
	} else {
		mm_error berr;
		if (bundled_program(&text, &berr) != MM_OK) {
			fprintf(stderr, "mamori: %s\n", berr.msg);
			return EXIT_USER;
		}
	}
	store *st;
	mm_error err;
	if (store_create(db, &st, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		free(text);
		return EXIT_USER;
	}
	mm_status rc = workshop_init(st, o->title, text, o->groups ? o->groups : 5, &err);
	free(text);
	store_close(st);
	if (rc != MM_OK) {
		unlink(db);
		fprintf(stderr, "mamori: %s\n", err.msg);
		return EXIT_USER;
	}
	printf(tr(M_CLI_CREATED), db, o->groups ? o->groups : 5);
	putchar('\n');
	return 0;
}

/* Writes DATA to PATH through a temporary file, so PATH is never half written. */
static int write_file(const char *path, const char *data, size_t n)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	snprintf(tmp, plen + 16, "%s.tmp%d", path, (int)getpid());
	FILE *f = fopen(tmp, "wb");
	bool ok = f && fwrite(data, 1, n, f) == n;
	if (f && fclose(f) != 0)
		ok = false;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		fail(M_CLI_CANNOT_WRITE, path);
		unlink(tmp);
	}
	free(tmp);
	return ok ? 0 : EXIT_USER;
}

/* Finds the sheet owner that --group or --company names; 0 with a message
 * on stderr when there is none. */
static int64_t find_owner(store *st, const opts *o, const activity *act, owner_kind *okind)
{
	int kind = act->scope == SCOPE_COMPANY ? 1 : 0;
	if ((kind == 0 && !o->group) || (kind == 1 && !o->company)) {
		fail(act->scope == SCOPE_COMPANY ? M_CLI_OWNER_NEEDED_COMPANY
			: act->scope == SCOPE_PERSON ? M_CLI_OWNER_NEEDED_PERSON
			: M_CLI_OWNER_NEEDED_GROUP, act->id);
		return 0;
	}
	owner_info *owners;
	int n;
	mm_error err;
	if (store_owners(st, kind, 0, &owners, &n, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		return 0;
	}
	const char *want = kind ? o->company : o->group;
	int64_t id = 0;
	for (int k = 0; k < n; k++)
		if (strcmp(owners[k].name, want) == 0)
			id = owners[k].id;
	owner_list_free(owners, n);
	if (!id)
		fail(kind ? M_NO_COMPANY : M_NO_GROUP, want);
	*okind = kind ? OWNER_COMPANY : OWNER_GROUP;
	return id;
}

/* mamori import --roster FILE: the groups, companies and people. */
static int cmd_roster(opts *o)
{
	if (o->activity || o->group || o->company || o->nfiles)
		return usage_error(M_CLI_ROSTER_ALONE, NULL);
	const char *db = o->db ? o->db : "mamori.db";
	store *st = NULL;
	mm_error err;
	if (store_open(db, &st, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		return EXIT_USER;
	}
	size_t n;
	char *data = file_read_all(o->roster, (size_t)64 << 20, &n);
	int rc = EXIT_USER;
	roster_counts c;
	if (!data)
		fail(M_CLI_CANNOT_READ, o->roster);
	else if (roster_import(st, data, n, &c, &err) != MM_OK)
		fail(M_CLI_NOTHING_IMPORTED, o->roster, err.msg);
	else {
		printf(tr(M_CLI_ROSTER_ADDED), c.groups, c.companies, c.people, c.known);
		putchar('\n');
		rc = 0;
	}
	free(data);
	store_close(st);
	return rc;
}

/* The workshop in an open store and its scenario; a one-line reason on
 * stderr and false when either cannot be read. */
static bool load_workshop(const char *db, store *st, workshop_info *ws, scenario **sc)
{
	mm_error err;
	if (store_workshop_get(st, ws, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		return false;
	}
	buf errs = {0};
	bool ok = scenario_parse(db, ws->scenario_json, strlen(ws->scenario_json), sc, &errs, NULL)
		== MM_OK;
	if (!ok) { /* the errors end with a line break */
		fprintf(stderr, "mamori: ");
		fprintf(stderr, tr(M_CLI_STORED_INVALID), db, buf_str(&errs));
	}
	buf_free(&errs);
	return ok;
}

/* Appends one activity's Markdown for an owner to OUT (nothing if empty).
 * COMPANY (0: none): a group table in that company's report, with only the
 * rows the scenario's "report" lets in (export_report_rows). */
static void report_activity(store *st, const activity *act, owner_kind ok, int64_t owner,
	int64_t company, buf *out)
{
	sheet *s = NULL;
	mm_error err;
	bool filter = company && act->table; /* a table activity: its "report" setting */
	if (filter && act->storage->report == TABLE_REPORT_EXCLUDE)
		return;
	if (sheet_peek(st, act->storage, ok, owner, &s, &err) != MM_OK)
		return;
	if (filter && export_report_rows(st, s, act->storage->report, company, &err) != MM_OK) {
		sheet_free(s);
		return;
	}
	if (activity_has_work(act, s)) {
		buf part = {0};
		if (activity_export(act, st, s, "md", &part, &err) == MM_OK) {
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
}

/* mamori export --group G | --company C without --activity: everything that
 * group or company wrote, as one Markdown report to take home. A company's
 * report holds its own work and its group's. */
static int cmd_report(opts *o)
{
	if (!o->group == !o->company)
		return usage_error(M_CLI_REPORT_NEEDS_OWNER, NULL);
	if (o->format && strcmp(o->format, "md") != 0 && strcmp(o->format, "html") != 0)
		return usage_error(M_CLI_REPORT_FORMATS, o->format);
	const char *db = o->db ? o->db : "mamori.db";
	store *st = NULL;
	mm_error err;
	workshop_info ws = {0};
	scenario *sc = NULL;
	int rc = EXIT_USER;
	buf out = {0};
	if (store_open(db, &st, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		goto done;
	}
	if (!load_workshop(db, st, &ws, &sc))
		goto done;
	/* the owner, and for a company its group */
	owner_info *list;
	int n;
	int kind = o->group ? 0 : 1;
	const char *want = o->group ? o->group : o->company;
	if (store_owners(st, kind, 0, &list, &n, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		goto done;
	}
	int64_t owner = 0;
	for (int k = 0; k < n; k++)
		if (strcmp(list[k].name, want) == 0)
			owner = list[k].id;
	owner_list_free(list, n);
	if (!owner) {
		fail(o->group ? M_NO_GROUP : M_NO_COMPANY, want);
		goto done;
	}
	int64_t group = o->group ? owner : 0;
	if (!group)
		group = store_company_group(st, owner);
	buf_printf(&out, "# %s — %s\n\n", ws.title[0] ? ws.title : L(&sc->title), want);
	for (size_t t = 0; t < sc->ntracks; t++)
		for (size_t si = 0; si < sc->tracks[t].nsessions; si++) {
			const session *se = &sc->tracks[t].sessions[si];
			size_t before = out.len;
			char label[32];
			bool visit = strcmp(se->track->id, "workshop") != 0;
			snprintf(label, sizeof label, tr(visit ? M_VISIT_N : M_SESSION_N), se->number);
			buf_printf(&out, "## %s %s\n\n", label, L(&se->title));
			size_t head = out.len;
			for (size_t k = 0; k < se->nactivities; k++) {
				const activity *act = &se->activities[k];
				if (!act->storage || act->scope == SCOPE_PERSON)
					continue;
				if (act->scope == SCOPE_GROUP && group)
					report_activity(st, act, OWNER_GROUP, group, o->group ? 0 : owner,
						&out);
				else if (act->scope == SCOPE_COMPANY && !o->group)
					report_activity(st, act, OWNER_COMPANY, owner, 0, &out);
			}
			if (out.len == head) { /* nothing written in this session */
				out.len = before;
				out.s[before] = '\0';
			}
		}
	if (o->format && strcmp(o->format, "html") == 0) {
		buf html = {0};
		char title[300];
		snprintf(title, sizeof title, "%s — %s", ws.title[0] ? ws.title : L(&sc->title), want);
		md_to_html(buf_str(&out), title, tr(M_LANG_CODE), &html);
		buf_free(&out);
		out = html;
	}
	if (o->out)
		rc = write_file(o->out, buf_str(&out), out.len);
	else
		rc = fwrite(buf_str(&out), 1, out.len, stdout) == out.len ? 0 : EXIT_USER;
done:
	buf_free(&out);
	scenario_free(sc);
	workshop_info_free(&ws);
	store_close(st);
	return rc;
}

/* mamori export --activity SURVEY --codes: each person's code (made on the
 * first request), by group, for the facilitator to hand out. Never on a
 * group's screen: the command line is the facilitator's. */
static int print_codes(store *st, const activity *act, const opts *o)
{
	if (!survey_of(act)) {
		fprintf(stderr, "mamori: %s\n", tr(M_PRIV_CODES_NEED_SURVEY));
		return EXIT_USER;
	}
	mm_error err;
	owner_info *own = NULL;
	int n = 0;
	if (store_owners(st, (int)OWNER_PERSON, 0, &own, &n, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		return EXIT_USER;
	}
	buf out = {0};
	buf_printf(&out, tr(M_PRIV_CODES_TITLE), L(&act->title));
	buf_puts(&out, "\n");
	int rc = 0;
	for (int k = 0; k < n && rc == 0; k++) {
		char *code = NULL;
		if (survey_code(st, act, own[k].id, &code, &err) != MM_OK) {
			fprintf(stderr, "mamori: %s\n", err.msg);
			rc = EXIT_USER;
			break;
		}
		int64_t g = 0;
		mm_error e2;
		store_owner_group(st, (int)OWNER_PERSON, own[k].id, &g, &e2);
		char *gname = store_name_of(st, 0, g);
		buf_printf(&out, "%s\t%s\t%s\n", gname, own[k].name, code);
		free(gname);
		free(code);
	}
	owner_list_free(own, n);
	if (rc == 0) {
		if (o->out)
			rc = write_file(o->out, buf_str(&out), out.len);
		else
			rc = fwrite(buf_str(&out), 1, out.len, stdout) == out.len ? 0 : EXIT_USER;
	}
	buf_free(&out);
	return rc;
}

/* mamori export / import of one activity: a group's or company's sheet, or
 * a survey's anonymous results for the whole workshop. */
static int cmd_port(opts *o, bool import)
{
	if (!o->activity && !import)
		return cmd_report(o);
	if (!o->activity)
		return usage_error(M_CLI_NEEDS_ACTIVITY, NULL);
	if (o->group && o->company)
		return usage_error(M_CLI_GROUP_OR_COMPANY, NULL);
	if (import && o->nfiles != 1)
		return usage_error(M_CLI_IMPORT_ONE_FILE, NULL);
	const char *db = o->db ? o->db : "mamori.db";
	store *st = NULL;
	mm_error err;
	workshop_info ws = {0};
	scenario *sc = NULL;
	sheet *s = NULL;
	int rc = EXIT_USER;
	if (store_open(db, &st, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		goto out;
	}
	if (!load_workshop(db, st, &ws, &sc))
		goto out;
	const activity *act = scenario_find_activity(sc, o->activity);
	if (!act) {
		fail(M_NO_SUCH_ACTIVITY, o->activity);
		goto out;
	}
	if (!act->storage) {
		fail(import ? M_CLI_NOTHING_TO_IMPORT : M_CLI_NOTHING_TO_EXPORT, o->activity,
			activity_kind_word(act));
		goto out;
	}
	if (o->codes && !import) {
		rc = print_codes(st, act, o);
		goto out;
	}
	const kind_ops *kind = kind_of(act->kind);
	bool whole_workshop = kind->export_whole && !import;
	if (!whole_workshop) {
		owner_kind okind;
		int64_t owner = find_owner(st, o, act, &okind);
		if (!owner)
			goto out;
		if (sheet_open(st, act->storage, okind, owner, &s, &err) != MM_OK) {
			fprintf(stderr, "mamori: %s\n", err.msg);
			goto out;
		}
	}
	if (import) {
		if (!kind->import) {
			fail(M_CLI_IMPORT_KINDS, o->activity, activity_kind_word(act));
			goto out;
		}
		size_t n;
		char *data = file_read_all(o->files[0], (size_t)256 << 20, &n);
		if (!data) {
			fail(M_CLI_CANNOT_READ, o->files[0]);
			goto out;
		}
		int count = 0;
		mm_status r = kind->import(st, act, s, data, n, o->replace, &count, &err);
		free(data);
		if (r != MM_OK) {
			fail(M_CLI_NOTHING_IMPORTED, o->files[0], err.msg);
			goto out;
		}
		if (count >= 0)
			printf(tr(M_CLI_IMPORTED_ROWS), count, o->activity);
		else
			printf(tr(M_CLI_IMPORTED_ANSWERS), o->activity);
		putchar('\n');
		rc = 0;
		goto out;
	}
	const char *format = o->format ? o->format : kind->export_format;
	buf outb = {0};
	bool html = strcmp(format, "html") == 0;
	if (activity_export(act, st, s, html ? "md" : format, &outb, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		buf_free(&outb);
		goto out;
	}
	if (html) {
		buf page = {0};
		md_to_html(buf_str(&outb), L(&act->title), tr(M_LANG_CODE), &page);
		buf_free(&outb);
		outb = page;
	}
	if (o->encoding && strcmp(o->encoding, "utf8") != 0) {
		/* for Excel: a BOM, or Shift_JIS (a character it cannot hold is named) */
		char *enc = NULL;
		size_t enclen = 0;
		if (csv_encode(buf_str(&outb), outb.len, strcmp(o->encoding, "sjis") == 0 ? CSV_CP932
			: CSV_UTF8_BOM, &enc, &enclen, &err) != MM_OK) {
			fprintf(stderr, "mamori: %s\n", err.msg);
			buf_free(&outb);
			goto out;
		}
		buf_clear(&outb);
		buf_append(&outb, enc, enclen);
		free(enc);
	}
	if (o->out)
		rc = write_file(o->out, buf_str(&outb), outb.len);
	else
		rc = fwrite(buf_str(&outb), 1, outb.len, stdout) == outb.len ? 0 : EXIT_USER;
	buf_free(&outb);
out:
	sheet_free(s);
	scenario_free(sc);
	workshop_info_free(&ws);
	store_close(st);
	return rc;
}

/* mamori drill start|pause|resume|end|next|release|mark|status: the drill
 * run from the command line (a co-facilitator's laptop, a script). */
static int cmd_drill(opts *o)
{
	static const char *const subs[] = {"start", "pause", "resume", "end", "next", "release",
		"mark", "status", NULL};
	if (!o->nfiles)
		return usage_error(M_CLI_DRILL_USAGE, NULL);
	const char *sub = o->files[0];
	int k = 0;
	while (subs[k] && strcmp(subs[k], sub) != 0)
		k++;
	if (!subs[k])
		return usage_error(M_CLI_DRILL_UNKNOWN, sub);
	if (!o->activity)
		return usage_error(M_CLI_NEEDS_ACTIVITY, NULL);
	bool want_inject = strcmp(sub, "release") == 0, want_mark = strcmp(sub, "mark") == 0;
	if (o->nfiles != 1 + (want_inject || want_mark))
		return usage_error(want_inject ? M_CLI_DRILL_INJECT : want_mark ? M_CLI_DRILL_MARK
			: M_CLI_DRILL_USAGE, sub);
	if (want_mark && (!o->group || !o->expect))
		return usage_error(M_CLI_DRILL_MARK, sub);
	const char *db = o->db ? o->db : "mamori.db";
	store *st = NULL;
	mm_error err;
	workshop_info ws = {0};
	scenario *sc = NULL;
	int rc = EXIT_USER;
	if (store_open(db, &st, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		return EXIT_USER;
	}
	if (!load_workshop(db, st, &ws, &sc))
		goto out;
	const activity *act = scenario_find_activity(sc, o->activity);
	if (!act) {
		fail(M_NO_SUCH_ACTIVITY, o->activity);
		goto out;
	}
	owner_kind okind;
	int64_t group = 0;
	if (o->group && !(group = find_owner(st, o, act, &okind)))
		goto out;
	mm_status r = MM_OK;
	int which = -1;
	buf out = {0};
	switch (k) {
	case 0: r = drill_start(st, act, &err); break;
	case 1: r = drill_pause(st, act, &err); break;
	case 2: r = drill_resume(st, act, &err); break;
	case 3: r = drill_end(st, act, &err); break;
	case 4: r = drill_next(st, act, &which, &err); break;
	case 5: r = drill_release(st, act, o->files[1], group, &err); break;
	case 6:
		if (strcmp(o->files[1], "met") != 0 && strcmp(o->files[1], "unmet") != 0) {
			rc = usage_error(M_CLI_DRILL_MARK, sub);
			goto out;
		}
		r = drill_mark_expect(st, act, group, o->expect, strcmp(o->files[1], "met") == 0,
			&err);
		break;
	default: r = drill_status(st, act, o->json, &out, &err); break;
	}
	if (r != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
	} else {
		fputs(buf_str(&out), stdout);
		if (k == 4)
			printf(tr(M_CLI_DRILL_NEXT), drill_of(act)->injects[which].id);
		rc = 0;
	}
	buf_free(&out);
out:
	scenario_free(sc);
	workshop_info_free(&ws);
	store_close(st);
	return rc;
}

static int run_tui(opts *o)
{
	const char *db = o->db ? o->db : (o->demo ? "mamori-demo.db" : "mamori.db");
	store *st = NULL;
	mm_error err;
	if (o->demo && access(db, F_OK) != 0) {
		if (store_create(db, &st, &err) != MM_OK || demo_populate(st, &err) != MM_OK) {
			fprintf(stderr, "mamori: %s\n", err.msg);
			if (st) {
				store_close(st);
				unlink(db);
			}
			return EXIT_USER;
		}
	} else if (store_open(db, &st, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		return EXIT_USER;
	}
	int rc = EXIT_USER;
	workshop_info ws = {0};
	scenario *sc = NULL;
	store_role role = o->present ? ROLE_PRESENTER : o->group ? ROLE_GROUP : ROLE_FACILITATOR;
	if (!load_workshop(db, st, &ws, &sc))
		goto out;
	if (role != ROLE_FACILITATOR)
		drill_redact_all(sc); /* a drill's expectations and hints stay the facilitator's */
	if (store_set_role(st, role, o->group, &err) != MM_OK) {
		fprintf(stderr, "mamori: %s\n", err.msg);
		goto out;
	}
	if (o->open && !scenario_find_activity(sc, o->open)) {
		fail(M_NO_SUCH_ACTIVITY, o->open);
		goto out;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fail(M_NEEDS_TERMINAL);
		goto out;
	}
	ui_options uo = {.role = role, .group = o->group, .open_activity = o->open,
		.follow = o->follow};
	rc = ui_run(st, sc, ws.title, &uo);
out:
	scenario_free(sc);
	workshop_info_free(&ws);
	store_close(st);
	return rc;
}

int main(int argc, char **argv)
{
	const char *env_lang = getenv("MAMORI_LANG");
	if (i18n_parse(env_lang) >= 0)
		i18n_set_lang((lang)i18n_parse(env_lang));
	opts o = {0};
	o.files = calloc((size_t)argc + 1, sizeof *o.files);
	const char *cmd = NULL;
	int start = 1;
	if (argc > 1 && argv[1][0] != '-') {
		cmd = argv[1];
		start = 2;
		if (strcmp(cmd, "init") != 0 && strcmp(cmd, "validate") != 0 && !is_port(cmd)
			&& !is_drill(cmd)) {
			free(o.files);
			return usage_error(M_CLI_UNKNOWN_COMMAND, cmd);
		}
	}
	int rc = parse(argc, argv, start, cmd, &o);
	if (rc) {
		free(o.files);
		return rc;
	}
	if (o.help) {
		fputs(tr(M_CLI_USAGE), stdout);
	} else if (o.version) {
		printf("mamori %s\n", MAMORI_VERSION);
	} else if (cmd && strcmp(cmd, "validate") == 0) {
		rc = cmd_validate(&o);
	} else if (cmd && strcmp(cmd, "init") == 0) {
		rc = cmd_init(&o);
	} else if (cmd && strcmp(cmd, "import") == 0 && o.roster) {
		rc = cmd_roster(&o);
	} else if (cmd && is_port(cmd)) {
		rc = cmd_port(&o, strcmp(cmd, "import") == 0);
	} else if (is_drill(cmd)) {
		rc = cmd_drill(&o);
	} else {
		if (o.demo && (o.group || o.present))
			rc = usage_error(M_CLI_DEMO_FACILITATOR, NULL);
		else if (o.follow && !o.group)
			rc = usage_error(M_CLI_FOLLOW_GROUP, NULL);
		else
			rc = run_tui(&o);
	}
	free(o.files);
	return rc;
}
