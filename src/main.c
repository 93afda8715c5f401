/* main.c — the command line: parse, then hand over to core or ui.
 *
 * Every command is one row of `commands` (as tmux's cmd_entry): its name,
 * its synopsis, what it does, its options and its handler. The whole command
 * line is read first — options may come before or after the command — and
 * --lang applied, so everything printed afterwards, errors included, is in
 * that language. Every message on stderr and every export to a terminal goes
 * through text_escape_controls: data never drives the user's terminal. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "config.h"
#include "core/archive.h"
#include "core/buf.h"
#include "core/bundled.h"
#include "core/csv.h"
#include "core/demo.h"
#include "core/demo_fill.h"
#include "core/drill.h"
#include "core/html.h"
#include "core/i18n.h"
#include "core/kind.h"
#include "core/listing.h"
#include "core/outfile.h"
#include "core/progreport.h"
#include "core/report.h"
#include "core/roster.h"
#include "core/scenario.h"
#include "core/sheet.h"
#include "core/store.h"
#include "core/survey.h"
#include "core/text.h"
#include "core/upgrade.h"
#include "core/visits.h"
#include "ui/ui.h"

#define EXIT_USER 1
#define EXIT_USAGE 2

/* What the command line asked for. */
typedef struct opts {
	const char *db, *group, *company, *activity, *open, *scenario, *title, *groups;
	const char *format, *encoding, *out, *roster, *expect, *lang, *columns;
	bool warnings;
	bool present, follow, demo, version, help;
	bool empty; /* --demo --empty: nothing written yet */
	bool replace, codes, json, force, plain_csv, program;
	const char *workshop; /* import --workshop FILE */
	bool dry_run, drop;
	const char **args; /* the words that are not options, the command's own */
	int nargs;
} opts;

/* One option: NAME (and SHORT_NAME) sets the opts field at OFF, a
 * const char * when it takes a value ARG, else a bool. */
typedef struct opt_def {
	const char *name;
	const char *short_name;
	const char *arg;
	size_t off;
	msg_id help;
} opt_def;

#define VAL(name, arg, field, help) {name, NULL, arg, offsetof(opts, field), help}
#define FLAG(name, field, help) {name, NULL, NULL, offsetof(opts, field), help}
#define OPT_END {NULL, NULL, NULL, 0, 0}

#define O_DB VAL("--db", "FILE", db, M_OPT_DB)
#define O_GROUP VAL("--group", "NAME", group, M_OPT_GROUP)
#define O_COMPANY VAL("--company", "NAME", company, M_OPT_COMPANY)
#define O_ACTIVITY VAL("--activity", "ID", activity, M_OPT_ACTIVITY)
#define O_PLAIN_CSV FLAG("--plain-csv", plain_csv, M_OPT_PLAIN_CSV)

/* Options every command takes. */
static const opt_def common_opts[] = {
	VAL("--lang", "ja|en", lang, M_OPT_LANG),
	{"--help", "-h", NULL, offsetof(opts, help), M_OPT_HELP},
	OPT_END,
};

static const opt_def screen_opts[] = {
	O_DB,
	VAL("--group", "NAME", group, M_OPT_SCREEN_GROUP),
	FLAG("--follow", follow, M_OPT_FOLLOW),
	FLAG("--present", present, M_OPT_PRESENT),
	VAL("--open", "ACTIVITY", open, M_OPT_OPEN),
	FLAG("--demo", demo, M_OPT_DEMO),
	FLAG("--empty", empty, M_OPT_EMPTY),
	{"--version", "-V", NULL, offsetof(opts, version), M_OPT_VERSION},
	OPT_END,
};

static const opt_def init_opts[] = {
	O_DB,
	VAL("--scenario", "FILE", scenario, M_OPT_SCENARIO),
	VAL("--groups", "N", groups, M_OPT_GROUPS),
	VAL("--title", "TITLE", title, M_OPT_TITLE),
	OPT_END,
};

static const opt_def validate_opts[] = {
	VAL("--columns", "chars|bytes", columns, M_OPT_COLUMNS),
	FLAG("--warnings", warnings, M_OPT_WARNINGS),
	OPT_END,
};

static const opt_def export_opts[] = {
	O_DB,
	O_GROUP,
	O_COMPANY,
	O_ACTIVITY,
	VAL("--format", "csv|md|html|json", format, M_OPT_FORMAT),
	VAL("--encoding", "utf8|utf8-bom|sjis", encoding, M_OPT_ENCODING),
	VAL("--out", "PATH", out, M_OPT_OUT),
	FLAG("--force", force, M_OPT_FORCE),
	O_PLAIN_CSV,
	FLAG("--codes", codes, M_OPT_CODES),
	FLAG("--program", program, M_OPT_PROGRAM),
	OPT_END,
};

static const opt_def import_opts[] = {
	O_DB,
	O_GROUP,
	O_COMPANY,
	O_ACTIVITY,
	FLAG("--replace", replace, M_OPT_REPLACE),
	O_PLAIN_CSV,
	VAL("--roster", "FILE.csv", roster, M_OPT_ROSTER),
	VAL("--workshop", "FILE.json", workshop, M_OPT_WORKSHOP),
	OPT_END,
};

static const opt_def drill_opts[] = {
	O_DB,
	O_ACTIVITY,
	VAL("--group", "NAME", group, M_OPT_DRILL_GROUP),
	VAL("--expect", "ID", expect, M_OPT_EXPECT),
	FLAG("--json", json, M_OPT_JSON),
	OPT_END,
};

static const opt_def list_opts[] = {
	O_DB,
	VAL("--scenario", "FILE", scenario, M_OPT_LIST_SCENARIO),
	OPT_END,
};

static const opt_def preview_opts[] = {
	VAL("--open", "ACTIVITY", open, M_OPT_PREVIEW_OPEN),
	OPT_END,
};

static const opt_def upgrade_opts[] = {
	O_DB,
	VAL("--scenario", "NEW.json", scenario, M_OPT_UP_SCENARIO),
	FLAG("--dry-run", dry_run, M_OPT_DRY_RUN),
	FLAG("--drop", drop, M_OPT_DROP),
	OPT_END,
};

static const opt_def help_opts[] = {
	OPT_END,
};

typedef struct cmd_entry {
	const char *name;  /* NULL: the workshop screen (no command word) */
	const char *usage; /* synopsis lines, one per line */
	msg_id about;      /* what it does */
	const opt_def *opts;
	int min_args, max_args; /* words after the command that are not options */
	msg_id missing;         /* the usage error when fewer than min_args */
	int (*exec)(opts *o);
} cmd_entry;

static int cmd_screen(opts *o);
static int cmd_init(opts *o);
static int cmd_validate(opts *o);
static int cmd_export(opts *o);
static int cmd_import(opts *o);
static int cmd_drill(opts *o);
static int cmd_upgrade(opts *o);
static int cmd_help(opts *o);
static int cmd_list(opts *o);
static int cmd_preview(opts *o);

static const cmd_entry commands[] = {
	{NULL,
		"mamori [--db FILE] [--group NAME [--follow]] [--present] [--open ACTIVITY]\n"
		"mamori --demo [--empty] [--db FILE]\n"
		"mamori --version | --help",
		M_CMD_SCREEN, screen_opts, 0, 0, 0, cmd_screen},
	{"init", "mamori init [--db FILE] [--scenario FILE] [--groups N] [--title TITLE]",
		M_CMD_INIT, init_opts, 0, 0, 0, cmd_init},
	{"validate", "mamori validate [--warnings] [--columns chars|bytes] FILE...", M_CMD_VALIDATE, validate_opts, 1, 1 << 20,
		M_CLI_VALIDATE_NEEDS_FILE, cmd_validate},
	{"export",
		"mamori export [--db FILE] (--group NAME | --company NAME) [--activity ID]\n"
		"              [--format csv|md|html] [--encoding utf8|utf8-bom|sjis]\n"
		"              [--plain-csv] [--out PATH [--force]]\n"
		"mamori export [--db FILE] --activity SURVEY [--codes] [--out PATH [--force]]\n"
		"mamori export [--db FILE] --format json [--out PATH [--force]]\n"
		"mamori export [--db FILE] --program [--format html|md|csv] [--encoding ...]\n"
		"              [--out PATH [--force]]",
		M_CMD_EXPORT, export_opts, 0, 0, 0, cmd_export},
	{"import",
		"mamori import [--db FILE] (--group NAME | --company NAME) --activity ID\n"
		"              [--replace] [--plain-csv] FILE.csv\n"
		"mamori import [--db FILE] --roster FILE.csv\n"
		"mamori import --db NEW.db --workshop FILE.json",
		M_CMD_IMPORT, import_opts, 0, 1, 0, cmd_import},
	{"drill",
		"mamori drill start|pause|resume|end|next|status --activity ID\n"
		"             [--db FILE] [--json]\n"
		"mamori drill release --activity ID INJECT [--group NAME] [--db FILE]\n"
		"mamori drill mark --activity ID --group NAME --expect ID met|unmet [--db FILE]",
		M_CMD_DRILL, drill_opts, 1, 3, M_CLI_DRILL_USAGE, cmd_drill},
	{"list", "mamori list [--db FILE | --scenario FILE]", M_CMD_LIST, list_opts, 0, 0, 0,
		cmd_list},
	{"preview", "mamori preview FILE.json [--open ACTIVITY]", M_CMD_PREVIEW, preview_opts, 1, 1,
		M_CLI_PREVIEW_NEEDS_FILE, cmd_preview},
	{"upgrade", "mamori upgrade [--db FILE] --scenario NEW.json [--dry-run] [--drop]",
		M_CMD_UPGRADE, upgrade_opts, 0, 0, 0, cmd_upgrade},
	{"help", "mamori help [COMMAND]", M_CMD_HELP, help_opts, 0, 1, 0, cmd_help},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* The command being run (for the hint in usage errors). */
static const cmd_entry *running = &commands[0];

/* ---- output --------------------------------------------------------------- */

/* Writes S (N bytes) to F with every control character made visible text
 * (KEEP: which of "\n", "\t" pass). */
static void put_escaped(FILE *f, const char *s, size_t n, const char *keep)
{
	buf b = {0};
	text_escape_controls(s, n, keep, &b);
	fwrite(buf_str(&b), 1, b.len, f);
	buf_free(&b);
}

/* "mamori: TEXT" as one line on stderr, escaped. */
static void fail_text(const char *text)
{
	size_t n = strlen(text);
	while (n && text[n - 1] == '\n')
		n--;
	fputs("mamori: ", stderr);
	put_escaped(stderr, text, n, "\n");
	fputc('\n', stderr);
}

/* "mamori: MESSAGE" on stderr, MSG a catalogue format. */
static void fail(msg_id msg, ...)
{
	va_list ap;
	va_start(ap, msg);
	buf b = {0};
	buf_vprintf(&b, tr(msg), ap);
	va_end(ap);
	fail_text(buf_str(&b));
	buf_free(&b);
}

/* A core error on stderr; EXIT_USER. */
static int fail_err(const mm_error *err)
{
	fail_text(err->msg);
	return EXIT_USER;
}

/* "mamori: MESSAGE (see 'mamori COMMAND --help')" on stderr; ARG fills its %s. */
static int usage_error(msg_id msg, const char *arg)
{
	buf b = {0};
	buf_printf(&b, tr(msg), arg);
	if (running->name)
		buf_printf(&b, tr(M_CLI_SEE_COMMAND_HELP), running->name);
	else
		buf_puts(&b, tr(M_CLI_SEE_HELP));
	fail_text(buf_str(&b));
	buf_free(&b);
	return EXIT_USAGE;
}

/* A message of ours on stdout (a line), escaped: it may quote names. */
static void say(msg_id msg, ...)
{
	va_list ap;
	va_start(ap, msg);
	buf b = {0};
	buf_vprintf(&b, tr(msg), ap);
	va_end(ap);
	if (!b.len || b.s[b.len - 1] != '\n')
		buf_putc(&b, '\n');
	put_escaped(stdout, b.s, b.len, "\n");
	buf_free(&b);
}

/* Data (an export, a status) on stdout: exact into a file or pipe; on a
 * terminal with its control characters shown as text (a cell's OSC never
 * changes the title or the clipboard); "\r\n" line ends stay. */
static int put_stdout(const buf *data)
{
	if (!isatty(STDOUT_FILENO)) {
		fwrite(buf_str(data), 1, data->len, stdout);
	} else {
		const char *p = buf_str(data), *end = p + data->len;
		while (p < end) {
			const char *crlf = strstr(p, "\r\n");
			size_t n = crlf ? (size_t)(crlf - p) : (size_t)(end - p);
			put_escaped(stdout, p, n, "\n\t");
			if (!crlf)
				break;
			fputs("\r\n", stdout);
			p = crlf + 2;
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fail(M_CLI_CANNOT_WRITE, tr(M_CLI_STDOUT));
		return EXIT_USER;
	}
	return 0;
}

static const char *db_path(const opts *o)
{
	return o->db ? o->db : "mamori.db";
}

/* DATA to --out (never over the workshop or an SQLite file; over another
 * file only with --force) or to stdout. */
static int emit(const opts *o, const buf *data)
{
	if (!o->out)
		return put_stdout(data);
	mm_error err;
	if (outfile_write(o->out, buf_str(data), data->len, o->force ? OUTFILE_FORCE : 0,
			db_path(o), &err) != MM_OK)
		return fail_err(&err);
	return 0;
}

/* ---- the command line ----------------------------------------------------- */

static const opt_def *find_in(const opt_def *list, const char *a, size_t n)
{
	for (const opt_def *d = list; d->name; d++)
		if ((strlen(d->name) == n && strncmp(a, d->name, n) == 0)
			|| (d->short_name && strlen(d->short_name) == n && strncmp(a, d->short_name, n) == 0))
			return d;
	return NULL;
}

/* The option A (up to its "=") of command C or of every command. */
static const opt_def *find_opt(const cmd_entry *c, const char *a)
{
	size_t n = strcspn(a, "=");
	const opt_def *d = find_in(c->opts, a, n);
	return d ? d : find_in(common_opts, a, n);
}

/* The option A of any command (to tell "not for this command" from
 * "unknown", and which options take a value before the command is known). */
static const opt_def *find_any(const char *a)
{
	for (size_t k = 0; k < NCOMMANDS; k++) {
		const opt_def *d = find_opt(&commands[k], a);
		if (d)
			return d;
	}
	return NULL;
}

static bool is_option(const char *a)
{
	return a[0] == '-' && a[1] != '\0';
}

static const cmd_entry *command_named(const char *name)
{
	for (size_t k = 1; k < NCOMMANDS; k++)
		if (strcmp(commands[k].name, name) == 0)
			return &commands[k];
	return NULL;
}

/* The first error met while parsing, kept until --lang is known. */
typedef struct parse_error {
	msg_id msg;
	const char *arg;
	bool set;
} parse_error;

static void note(parse_error *e, msg_id msg, const char *arg)
{
	if (!e->set)
		*e = (parse_error){msg, arg, true};
}

/* The index of the command word in ARGV (0: none): the first word that is
 * not an option or an option's value. */
static int find_command(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return i + 1 < argc ? i + 1 : 0;
		if (!is_option(a))
			return i;
		const opt_def *d = find_any(a);
		if (d && d->arg && !strchr(a, '=') && i + 1 < argc && !find_any(argv[i + 1]))
			i++;
	}
	return 0;
}

/* Reads every argument of command C (its word at CMDI, 0: none) into O;
 * the first problem in *E. */
static void parse(int argc, char **argv, int cmdi, const cmd_entry *c, opts *o, parse_error *e)
{
	bool options = true;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (i == cmdi)
			continue;
		if (options && strcmp(a, "--") == 0) {
			options = false;
			continue;
		}
		if (!options || !is_option(a)) {
			if (!c->name)
				note(e, M_CLI_UNKNOWN_COMMAND, a);
			else if (o->nargs >= c->max_args)
				note(e, M_CLI_UNEXPECTED_ARG, a);
			else
				o->args[o->nargs++] = a;
			continue;
		}
		const opt_def *d = find_opt(c, a);
		if (!d) {
			static char name[64];
			if (find_any(a)) {
				snprintf(name, sizeof name, "%.*s", (int)strcspn(a, "="), a);
				note(e, M_CLI_OPTION_NOT_HERE, name);
			} else {
				note(e, M_CLI_UNKNOWN_OPTION, a);
			}
			continue;
		}
		const char *eq = strchr(a, '=');
		if (!d->arg) {
			if (eq)
				note(e, M_CLI_TAKES_NO_VALUE, d->name);
			else
				*(bool *)((char *)o + d->off) = true;
			continue;
		}
		const char *v = NULL;
		if (eq)
			v = eq + 1;
		else if (i + 1 < argc && i + 1 != cmdi && !find_any(argv[i + 1]))
			v = argv[++i];
		if (!v)
			note(e, M_CLI_NEEDS_VALUE, d->name);
		else
			*(const char **)((char *)o + d->off) = v;
	}
	if (!e->set && c->min_args > o->nargs && !o->help)
		note(e, c->missing, NULL);
}

/* ---- help ----------------------------------------------------------------- */

#define HELP_WIDTH 80
#define HELP_OPT_COL 30 /* where an option's description starts */

typedef struct wrap_out {
	int indent;
	const char *lead; /* printed instead of the indent on the first line */
} wrap_out;

static void wrap_line(const char *line, size_t len, void *ctx)
{
	wrap_out *w = ctx;
	if (w->lead) {
		fputs(w->lead, stdout);
		w->lead = NULL;
	} else {
		printf("%*s", w->indent, "");
	}
	printf("%.*s\n", (int)len, line);
}

/* TEXT wrapped to the help's width after INDENT columns (Japanese breaks
 * between characters); LEAD, as wide as INDENT, before its first line. */
static void print_wrapped(const char *text, int indent, const char *lead)
{
	wrap_out w = {indent, lead};
	text_wrap(text, HELP_WIDTH - indent, wrap_line, &w);
}

static void print_options(const opt_def *list)
{
	for (const opt_def *d = list; d->name; d++) {
		char left[120];
		snprintf(left, sizeof left, "  %s%s%s%s%s", d->short_name ? d->short_name : "  ",
			d->short_name ? ", " : "  ", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
		if (text_width(left) < HELP_OPT_COL - 1) {
			char padded[200];
			text_fit_pad(left, HELP_OPT_COL, padded);
			print_wrapped(tr(d->help), HELP_OPT_COL, padded);
		} else {
			printf("%s\n", left);
			print_wrapped(tr(d->help), HELP_OPT_COL, NULL);
		}
	}
}

/* TEXT's lines, each after INDENT spaces. */
static void print_indented(const char *text, int indent)
{
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		printf("%*s%.*s\n", indent, "", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

/* One command's help: synopsis, what it does, its options. */
static void print_command_help(const cmd_entry *c)
{
	printf("%s\n", tr(M_CLI_HELP_USAGE));
	print_indented(c->usage, 2);
	putchar('\n');
	print_wrapped(tr(c->about), 0, NULL);
	printf("\n%s\n", tr(M_CLI_HELP_OPTIONS));
	print_options(c->opts);
	print_options(common_opts);
	putchar('\n');
	print_wrapped(tr(M_CLI_HELP_FOOTER), 0, NULL);
}

/* The whole help: every command's synopsis, the screen's options. */
static void print_help(void)
{
	printf("%s\n\n%s\n", tr(M_CLI_HELP_TITLE), tr(M_CLI_HELP_USAGE));
	for (size_t k = 0; k < NCOMMANDS; k++) {
		print_indented(commands[k].usage, 2);
		print_wrapped(tr(commands[k].about), 6, NULL);
	}
	putchar('\n');
	print_wrapped(tr(M_CLI_HELP_SCREEN_OPTIONS), 0, NULL);
	print_options(screen_opts);
	print_options(common_opts);
	putchar('\n');
	print_wrapped(tr(M_CLI_HELP_FOOTER), 0, NULL);
}

static int cmd_help(opts *o)
{
	if (!o->nargs) {
		print_help();
		return 0;
	}
	const cmd_entry *c = command_named(o->args[0]);
	if (!c)
		return usage_error(M_CLI_UNKNOWN_COMMAND, o->args[0]);
	print_command_help(c);
	return 0;
}

/* ---- shared steps ----------------------------------------------------------- */

/* A command waits this long in all for other terminals' writes before it
 * says the database is busy (a terminal's keystroke waits less: its text is
 * kept to save again; nothing keeps a command's). */
#define CLI_BUSY_MS 30000

/* Opens the workshop's store; a one-line reason on stderr and NULL when it
 * cannot. */
static store *open_store(const opts *o)
{
	store *st = NULL;
	mm_error err;
	if (store_open(db_path(o), &st, &err) != MM_OK) {
		fail_err(&err);
		return NULL;
	}
	store_set_busy_wait(st, CLI_BUSY_MS);
	return st;
}

/* The same for a command that touches a few rows (import): its cost follows
 * them, not the file's size (store_open_lean). */
static store *open_store_lean(const opts *o)
{
	store *st = NULL;
	mm_error err;
	if (store_open_lean(db_path(o), &st, &err) != MM_OK) {
		fail_err(&err);
		return NULL;
	}
	store_set_busy_wait(st, CLI_BUSY_MS);
	return st;
}

/* The workshop in an open store and its scenario; a one-line reason on
 * stderr and false when either cannot be read. */
static bool load_workshop(const char *db, store *st, workshop_info *ws, scenario **sc)
{
	mm_error err;
	if (store_workshop_get(st, ws, &err) != MM_OK) {
		fail_err(&err);
		return false;
	}
	buf errs = {0};
	bool ok = scenario_parse_stored(db, ws->scenario_json, strlen(ws->scenario_json), sc, &errs,
		NULL) == MM_OK;
	if (!ok)
		fail(M_CLI_STORED_INVALID, db, buf_str(&errs));
	buf_free(&errs);
	return ok;
}

/* The group or company --group / --company names for ACT; 0 with a message
 * on stderr when there is none. */
static int64_t find_owner(store *st, const opts *o, const activity *act, owner_kind *okind)
{
	bool company = act->scope == SCOPE_COMPANY;
	if ((!company && !o->group) || (company && !o->company)) {
		fail(company ? M_CLI_OWNER_NEEDED_COMPANY : act->scope == SCOPE_PERSON
			? M_CLI_OWNER_NEEDED_PERSON : M_CLI_OWNER_NEEDED_GROUP, act->id);
		return 0;
	}
	*okind = company ? OWNER_COMPANY : OWNER_GROUP;
	int64_t id = 0;
	mm_error err;
	if (report_find_owner(st, *okind, company ? o->company : o->group, &id, &err) != MM_OK)
		fail_err(&err);
	return id;
}

/* ---- commands --------------------------------------------------------------- */

static int cmd_validate(opts *o)
{
	/* the source lines only for a person at a terminal: a pipe, a log or
	 * an editor gets one line per problem, as before */
	unsigned flags = isatty(STDERR_FILENO) ? SCENARIO_SNIPPETS : 0;
	struct winsize ws;
	if (flags && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0)
		flags |= SCENARIO_WIDTH(ws.ws_col); /* cut, not wrapped, under the caret */
	if (o->columns && strcmp(o->columns, "bytes") == 0)
		flags |= SCENARIO_BYTE_COLUMNS;
	else if (o->columns && strcmp(o->columns, "chars") != 0)
		return usage_error(M_CLI_COLUMNS_VALUES, o->columns);
	if (o->warnings)
		flags |= SCENARIO_WARNINGS;
	int bad = 0;
	for (int k = 0; k < o->nargs; k++) {
		buf errs = {0};
		int n = 0, w = 0;
		if (scenario_validate_file(o->args[k], flags, &errs, &n, &w) != MM_OK)
			bad++;
		if (errs.len)
			put_escaped(stderr, buf_str(&errs), errs.len, "\n");
		buf_free(&errs);
	}
	if (!bad)
		say(o->nargs == 1 ? M_CLI_VALID_ONE : M_CLI_VALID_N, o->nargs);
	return bad ? EXIT_USER : 0;
}

static int cmd_init(opts *o)
{
	int groups = 5;
	if (o->groups) {
		char *end;
		long n = strtol(o->groups, &end, 10);
		if (*end || end == o->groups || n < 1 || n > 99)
			return usage_error(M_CLI_GROUPS_RANGE, o->groups);
		groups = (int)n;
	}
	const char *db = db_path(o);
	char *text = NULL;
	mm_error err;
	if (o->scenario) {
		buf errs = {0};
		scenario *sc = NULL;
		int n = 0;
		mm_status rc = scenario_load_file(o->scenario, &text, &sc, &errs, &n);
		if (rc != MM_OK)
			put_escaped(stderr, buf_str(&errs), errs.len, "\n");
		scenario_free(sc);
		buf_free(&errs);
		if (rc != MM_OK)
			return EXIT_USER;
	} else if (bundled_program(&text, &err) != MM_OK) {
		return fail_err(&err);
	}
	store *st;
	if (store_create(db, &st, &err) != MM_OK) {
		free(text);
		return fail_err(&err);
	}
	mm_status rc = workshop_init(st, o->title, text, groups, &err);
	free(text);
	store_close(st);
	if (rc != MM_OK) {
		unlink(db);
		return fail_err(&err);
	}
	say(groups == 1 ? M_CLI_CREATED1 : M_CLI_CREATED, db, groups);
	return 0;
}

/* mamori upgrade: the workshop's scenario replaced by a new one (checked as
 * validate does), work kept by id; the changes on stdout. */
static int cmd_upgrade(opts *o)
{
	if (!o->scenario)
		return usage_error(M_UP_NEEDS_SCENARIO, NULL);
	buf errs = {0}, report = {0};
	scenario *sc = NULL;
	char *text = NULL;
	int rc = EXIT_USER;
	if (scenario_load_file(o->scenario, &text, &sc, &errs, NULL) != MM_OK) {
		put_escaped(stderr, buf_str(&errs), errs.len, "\n");
		goto out;
	}
	store *st = open_store(o);
	if (!st)
		goto out;
	upgrade_outcome done;
	mm_error err;
	mm_status r = upgrade_run(st, text, sc, o->dry_run, o->drop, &report, &done, &err);
	store_close(st);
	put_escaped(stdout, buf_str(&report), report.len, "\n");
	if (r != MM_OK) {
		fflush(stdout);
		fail_err(&err);
		goto out;
	}
	if (done == UPGRADE_NOTHING)
		say(M_UP_NOTHING, o->scenario);
	else if (done == UPGRADE_DRY_RUN)
		say(M_UP_DRY_RUN);
	else {
		say(M_UP_APPLIED, db_path(o));
		say(M_UP_RESTART);
	}
	rc = 0;
out:
	free(text);
	scenario_free(sc);
	buf_free(&errs);
	buf_free(&report);
	return rc;
}

/* mamori import --roster FILE: the groups, companies and people. */
static int cmd_roster(opts *o)
{
	if (o->activity || o->group || o->company || o->nargs)
		return usage_error(M_CLI_ROSTER_ALONE, NULL);
	store *st = open_store(o);
	if (!st)
		return EXIT_USER;
	size_t n;
	char *data = file_read_all(o->roster, (size_t)64 << 20, &n);
	int rc = EXIT_USER;
	roster_counts c;
	mm_error err;
	if (!data)
		fail(M_CLI_CANNOT_READ, o->roster);
	else if (roster_import(st, data, n, &c, &err) != MM_OK)
		fail(M_CLI_NOTHING_IMPORTED, o->roster, err.msg);
	else {
		say(M_CLI_ROSTER_ADDED, c.groups, c.companies, c.people, c.known);
		rc = 0;
	}
	free(data);
	store_close(st);
	return rc;
}

/* The format --out's name implies (x.md: md), or NULL. */
static const char *format_of_name(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return NULL;
	static const char *const map[][2] = {
		{".md", "md"}, {".markdown", "md"}, {".html", "html"}, {".htm", "html"},
		{".csv", "csv"},
	};
	for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
		if (strcasecmp(dot, map[k][0]) == 0)
			return map[k][1];
	return NULL;
}

/* Opens O's database and its workshop, runs FN on them and closes them:
 * FN's exit status, or EXIT_USER (said why) when either cannot be read. */
typedef int (*workshop_fn)(opts *o, store *st, const workshop_info *ws, const scenario *sc);

static int with_workshop(opts *o, workshop_fn fn)
{
	store *st = open_store(o);
	if (!st)
		return EXIT_USER;
	workshop_info ws = {0};
	scenario *sc = NULL;
	int rc = load_workshop(db_path(o), st, &ws, &sc) ? fn(o, st, &ws, sc) : EXIT_USER;
	scenario_free(sc);
	workshop_info_free(&ws);
	store_close(st);
	return rc;
}

static int build_report(opts *o, store *st, const workshop_info *ws, const scenario *sc)
{
	buf out = {0};
	mm_error err;
	int rc = EXIT_USER;
	owner_kind ok = o->group ? OWNER_GROUP : OWNER_COMPANY;
	int64_t owner = 0;
	if (report_find_owner(st, ok, o->group ? o->group : o->company, &owner, &err) != MM_OK
		|| report_build(st, sc, ws->title, ok, owner, o->format, &out, &err) != MM_OK)
		fail_err(&err);
	else
		rc = emit(o, &out);
	buf_free(&out);
	return rc;
}

/* mamori export --group G | --company C without --activity: everything that
 * group or company wrote, as one report to take home. */
static int export_report(opts *o)
{
	if (!o->group == !o->company)
		return usage_error(M_CLI_REPORT_NEEDS_OWNER, NULL);
	if (o->format && strcmp(o->format, "md") != 0 && strcmp(o->format, "html") != 0)
		return usage_error(M_CLI_REPORT_FORMATS, o->format);
	return with_workshop(o, build_report);
}

static int build_program(opts *o, store *st, const workshop_info *ws, const scenario *sc)
{
	buf out = {0};
	mm_error err;
	int rc = EXIT_USER;
	char *enc = NULL;
	size_t enclen = 0;
	if (progreport_build(st, sc, ws->title, o->format, &out, &err) != MM_OK)
		fail_err(&err);
	else if (o->encoding && strcmp(o->encoding, "utf8") != 0 /* for Excel */
		&& csv_encode(buf_str(&out), out.len, strcmp(o->encoding, "sjis") == 0
			? CSV_CP932 : CSV_UTF8_BOM, &enc, &enclen, &err) != MM_OK)
		fail_err(&err);
	else {
		if (enc) {
			buf_clear(&out);
			buf_append(&out, enc, enclen);
		}
		rc = emit(o, &out);
	}
	free(enc);
	buf_free(&out);
	return rc;
}

/* mamori export --program: the whole program in numbers, for the organiser. */
static int export_program(opts *o)
{
	if (o->group || o->company || o->activity || o->codes)
		return usage_error(M_PR_ALONE, NULL);
	if (o->format && strcmp(o->format, "md") != 0 && strcmp(o->format, "html") != 0
		&& strcmp(o->format, "csv") != 0)
		return usage_error(M_PR_FORMATS, o->format);
	return with_workshop(o, build_program);
}

/* mamori export --format json without --group, --company or --activity:
 * the whole workshop in one file (archive.h). */
static int export_archive(opts *o)
{
	if (o->encoding)
		return usage_error(M_ARC_JSON_ENCODING, NULL);
	store *st = open_store(o);
	if (!st)
		return EXIT_USER;
	buf out = {0};
	mm_error err;
	int rc = archive_export(st, &out, &err) == MM_OK ? emit(o, &out) : fail_err(&err);
	buf_free(&out);
	store_close(st);
	return rc;
}

/* mamori import --workshop FILE: a new database from a whole-workshop file. */
static int import_archive(opts *o)
{
	if (o->activity || o->group || o->company || o->roster || o->replace || o->nargs)
		return usage_error(M_ARC_WORKSHOP_ALONE, NULL);
	const char *db = db_path(o);
	size_t n;
	char *data = file_read_all(o->workshop, (size_t)1 << 30, &n);
	if (!data) {
		fail(M_CLI_CANNOT_READ, o->workshop);
		return EXIT_USER;
	}
	bool existed = access(db, F_OK) == 0;
	archive_counts c;
	mm_error err;
	mm_status r = archive_import(db, o->workshop, data, n, &c, &err);
	free(data);
	if (r != MM_OK) {
		if (existed)
			return fail_err(&err);
		fail(M_ARC_NOTHING_MADE, err.msg);
		return EXIT_USER;
	}
	say(M_ARC_RESTORED, db, o->workshop, c.groups, c.companies, c.people, c.sheets, c.changes);
	return 0;
}

/* mamori export --activity SURVEY --codes: each person's code (made on the
 * first request), by group, for the facilitator to hand out. Never on a
 * group's screen: the command line is the facilitator's. */
static int print_codes(store *st, const activity *act, const opts *o)
{
	if (!survey_of(act)) {
		fail(M_PRIV_CODES_NEED_SURVEY);
		return EXIT_USER;
	}
	mm_error err;
	owner_info *own = NULL;
	int n = 0;
	if (store_owners(st, (int)OWNER_PERSON, 0, &own, &n, &err) != MM_OK)
		return fail_err(&err);
	buf out = {0};
	buf_printf(&out, tr(M_PRIV_CODES_TITLE), L(&act->title));
	buf_puts(&out, "\n");
	int rc = 0;
	for (int k = 0; k < n && rc == 0; k++) {
		char *code = NULL;
		if (survey_code(st, act, own[k].id, &code, &err) != MM_OK) {
			rc = fail_err(&err);
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
	if (rc == 0)
		rc = emit(o, &out);
	buf_free(&out);
	return rc;
}

/* The activity --activity names in an open workshop, with storage; NULL
 * with a message when there is none. */
static const activity *stored_activity(const opts *o, const scenario *sc, bool import)
{
	const activity *act = scenario_find_activity(sc, o->activity);
	if (!act)
		fail(M_NO_SUCH_ACTIVITY, o->activity);
	else if (!act->storage)
		fail(import ? M_CLI_NOTHING_TO_IMPORT : M_CLI_NOTHING_TO_EXPORT, o->activity,
			activity_kind_word(act));
	return act && act->storage ? act : NULL;
}

/* ACT's export in FORMAT for sheet S (NULL: the whole workshop's) into OUT,
 * with --encoding applied; 0 or an exit code after a message. */
static int export_bytes(const opts *o, const activity *act, store *st, sheet *s,
	const char *format, buf *out)
{
	mm_error err;
	bool html = strcmp(format, "html") == 0;
	if (activity_export(act, st, s, html ? "md" : format, out, &err) != MM_OK)
		return fail_err(&err);
	if (html) {
		buf page = {0};
		md_to_html(buf_str(out), L(&act->title), tr(M_LANG_CODE), &page);
		buf_free(out);
		*out = page;
	}
	if (o->encoding && strcmp(o->encoding, "utf8") != 0) {
		/* for Excel: a BOM, or Shift_JIS (a character it cannot hold is named) */
		char *enc = NULL;
		size_t enclen = 0;
		if (csv_encode(buf_str(out), out->len, strcmp(o->encoding, "sjis") == 0 ? CSV_CP932
				: CSV_UTF8_BOM, &enc, &enclen, &err) != MM_OK)
			return fail_err(&err);
		buf_clear(out);
		buf_append(out, enc, enclen);
		free(enc);
	}
	return 0;
}

/* mamori export: the take-home report, one activity of a group or company
 * (read only: a sheet nobody opened exports empty and is not made), a
 * survey's anonymous results, or its codes. */
static int cmd_export(opts *o)
{
	if (o->force && !o->out)
		return usage_error(M_CLI_FORCE_NEEDS_OUT, NULL);
	if (o->encoding && strcmp(o->encoding, "utf8") != 0 && strcmp(o->encoding, "utf8-bom") != 0
		&& strcmp(o->encoding, "sjis") != 0)
		return usage_error(M_CLI_ENCODINGS, o->encoding);
	if (!o->format && o->out)
		o->format = format_of_name(o->out);
	if (o->plain_csv)
		csv_set_formula_guard(false);
	if (o->program)
		return export_program(o);
	const char *ext = o->out ? strrchr(o->out, '.') : NULL;
	if (!o->activity && !o->group && !o->company && (o->format ? strcmp(o->format, "json") == 0
			: ext && strcasecmp(ext, ".json") == 0))
		return export_archive(o);
	if (!o->activity)
		return export_report(o);
	if (o->group && o->company)
		return usage_error(M_CLI_GROUP_OR_COMPANY, NULL);
	store *st = open_store(o);
	if (!st)
		return EXIT_USER;
	workshop_info ws = {0};
	scenario *sc = NULL;
	sheet *s = NULL;
	int rc = EXIT_USER;
	mm_error err;
	const activity *act = NULL;
	if (!load_workshop(db_path(o), st, &ws, &sc) || !(act = stored_activity(o, sc, false)))
		goto out;
	if (o->codes) {
		rc = print_codes(st, act, o);
		goto out;
	}
	const kind_ops *kind = kind_of(act->kind);
	if (!kind->export_whole) {
		owner_kind okind;
		int64_t owner = find_owner(st, o, act, &okind);
		if (!owner)
			goto out;
		if (sheet_peek(st, act->storage, okind, owner, &s, &err) != MM_OK) {
			fail_err(&err);
			goto out;
		}
	}
	buf data = {0};
	rc = export_bytes(o, act, st, s, o->format ? o->format : kind->export_format, &data);
	if (rc == 0)
		rc = emit(o, &data);
	buf_free(&data);
out:
	sheet_free(s);
	scenario_free(sc);
	workshop_info_free(&ws);
	store_close(st);
	return rc;
}

/* mamori import: table rows or checklist answers from CSV, or the roster. */
static int cmd_import(opts *o)
{
	if (o->plain_csv)
		csv_set_formula_guard(false);
	if (o->workshop)
		return import_archive(o);
	if (o->roster)
		return cmd_roster(o);
	if (!o->activity)
		return usage_error(M_CLI_NEEDS_ACTIVITY, NULL);
	if (o->group && o->company)
		return usage_error(M_CLI_GROUP_OR_COMPANY, NULL);
	if (o->nargs != 1)
		return usage_error(M_CLI_IMPORT_ONE_FILE, NULL);
	const char *file = o->args[0];
	store *st = open_store_lean(o);
	if (!st)
		return EXIT_USER;
	workshop_info ws = {0};
	scenario *sc = NULL;
	sheet *s = NULL;
	int rc = EXIT_USER;
	mm_error err;
	const activity *act = NULL;
	if (!load_workshop(db_path(o), st, &ws, &sc) || !(act = stored_activity(o, sc, true)))
		goto out;
	const kind_ops *kind = kind_of(act->kind);
	if (!kind->import) {
		fail(M_CLI_IMPORT_KINDS, o->activity, activity_kind_word(act));
		goto out;
	}
	owner_kind okind;
	int64_t owner = find_owner(st, o, act, &okind);
	if (!owner)
		goto out;
	size_t n;
	char *data = file_read_all(file, (size_t)256 << 20, &n);
	if (!data) {
		fail(M_CLI_CANNOT_READ, file);
		goto out;
	}
	int count = 0;
	/* no rows read: the import's cost follows the file, not the sheet */
	mm_status r = sheet_peek_bare(st, act->storage, okind, owner, &s, &err);
	if (r == MM_OK)
		r = kind->import(st, act, s, data, n, o->replace, &count, &err);
	free(data);
	if (r != MM_OK) {
		fail(M_CLI_NOTHING_IMPORTED, file, err.msg);
		goto out;
	}
	if (count >= 0)
		say(count == 1 ? M_CLI_IMPORTED_ROW1 : M_CLI_IMPORTED_ROWS, count, o->activity);
	else
		say(M_CLI_IMPORTED_ANSWERS, o->activity);
	rc = 0;
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
	const char *sub = o->args[0];
	int k = 0;
	while (subs[k] && strcmp(subs[k], sub) != 0)
		k++;
	if (!subs[k])
		return usage_error(M_CLI_DRILL_UNKNOWN, sub);
	if (!o->activity)
		return usage_error(M_CLI_NEEDS_ACTIVITY, NULL);
	bool want_inject = strcmp(sub, "release") == 0, want_mark = strcmp(sub, "mark") == 0;
	if (o->nargs != 1 + (want_inject || want_mark))
		return usage_error(want_inject ? M_CLI_DRILL_INJECT : want_mark ? M_CLI_DRILL_MARK
			: M_CLI_DRILL_USAGE, sub);
	if (want_mark && (!o->group || !o->expect))
		return usage_error(M_CLI_DRILL_MARK, sub);
	if (want_mark && strcmp(o->args[1], "met") != 0 && strcmp(o->args[1], "unmet") != 0)
		return usage_error(M_CLI_DRILL_MARK, sub);
	store *st = open_store(o);
	if (!st)
		return EXIT_USER;
	workshop_info ws = {0};
	scenario *sc = NULL;
	int rc = EXIT_USER;
	mm_error err;
	buf out = {0};
	if (!load_workshop(db_path(o), st, &ws, &sc))
		goto done;
	const activity *act = scenario_find_activity(sc, o->activity);
	if (!act) {
		fail(M_NO_SUCH_ACTIVITY, o->activity);
		goto done;
	}
	owner_kind okind;
	int64_t group = 0;
	if (o->group && !(group = find_owner(st, o, act, &okind)))
		goto done;
	mm_status r = MM_OK;
	int which = -1;
	switch (k) {
	case 0: r = drill_start(st, act, &err); break;
	case 1: r = drill_pause(st, act, &err); break;
	case 2: r = drill_resume(st, act, &err); break;
	case 3: r = drill_end(st, act, &err); break;
	case 4: r = drill_next(st, act, &which, &err); break;
	case 5: r = drill_release(st, act, o->args[1], group, &err); break;
	case 6:
		r = drill_mark_expect(st, act, group, o->expect, strcmp(o->args[1], "met") == 0,
			&err);
		break;
	default: r = drill_status(st, act, o->json, &out, &err); break;
	}
	if (r != MM_OK) {
		fail_err(&err);
	} else {
		rc = put_stdout(&out);
		if (k == 4)
			say(M_CLI_DRILL_NEXT, drill_of(act)->injects[which].id);
	}
done:
	buf_free(&out);
	scenario_free(sc);
	workshop_info_free(&ws);
	store_close(st);
	return rc;
}

/* mamori list: the ids of a workshop's or a scenario file's activities. */
static int cmd_list(opts *o)
{
	if (o->db && o->scenario)
		return usage_error(M_CLI_LIST_DB_OR_SCENARIO, NULL);
	buf out = {0}, errs = {0};
	scenario *sc = NULL;
	store *st = NULL;
	workshop_info ws = {0};
	mm_error err;
	int rc = EXIT_USER;
	if (o->scenario) {
		if (scenario_load_file(o->scenario, NULL, &sc, &errs, NULL) != MM_OK) {
			put_escaped(stderr, buf_str(&errs), errs.len, "\n");
			goto out;
		}
		listing_scenario(sc, HELP_WIDTH, &out);
	} else {
		if (!(st = open_store(o)) || !load_workshop(db_path(o), st, &ws, &sc))
			goto out;
		listing_scenario(sc, HELP_WIDTH, &out);
		if (listing_owners(st, HELP_WIDTH, &out, &err) != MM_OK) {
			fail_err(&err);
			goto out;
		}
	}
	rc = put_stdout(&out);
out:
	buf_free(&out);
	buf_free(&errs);
	scenario_free(sc);
	workshop_info_free(&ws);
	store_close(st);
	return rc;
}

/* mamori preview FILE: the file's program on screen, as the facilitator, in
 * a throwaway workshop removed at exit. */
static int cmd_preview(opts *o)
{
	buf errs = {0};
	scenario *sc = NULL;
	char *text = NULL, *dir = NULL;
	store *st = NULL;
	mm_error err;
	int rc = EXIT_USER;
	if (scenario_load_file(o->args[0], &text, &sc, &errs, NULL) != MM_OK) {
		put_escaped(stderr, buf_str(&errs), errs.len, "\n");
		goto out;
	}
	if (o->open && !scenario_find_activity(sc, o->open)
		&& !visits_open_target(sc, o->open, NULL)) {
		fail(M_NO_SUCH_ACTIVITY, o->open);
		goto out;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fail(M_NEEDS_TERMINAL);
		goto out;
	}
	if (preview_create(text, 5, &dir, &st, &err) != MM_OK
		|| store_set_role(st, ROLE_FACILITATOR, NULL, &err) != MM_OK) {
		fail_err(&err);
		goto out;
	}
	ui_options uo = {.role = ROLE_FACILITATOR, .open_activity = o->open};
	rc = ui_run(st, sc, L(&sc->title), &uo);
out:
	store_close(st);
	preview_remove(dir);
	free(text);
	scenario_free(sc);
	buf_free(&errs);
	return rc;
}

/* mamori [--db FILE] [--group NAME | --present]: the workshop screen. */
static int cmd_screen(opts *o)
{
	if (o->version) {
		printf("mamori %s\n", MAMORI_VERSION);
		return 0;
	}
	if (o->demo && (o->group || o->present))
		return usage_error(M_CLI_DEMO_FACILITATOR, NULL);
	if (o->present && o->group)
		return usage_error(M_CLI_PRESENT_GROUP, NULL);
	if (o->follow && !o->group)
		return usage_error(M_CLI_FOLLOW_GROUP, NULL);
	if (o->empty && !o->demo)
		return usage_error(M_CLI_EMPTY_DEMO, NULL);
	/* the demo in progress and the empty one are two files, so that one
	 * never opens as the other */
	const char *db = o->db ? o->db
		: o->demo ? (o->empty ? "mamori-demo-empty.db" : "mamori-demo.db") : "mamori.db";
	store *st = NULL;
	mm_error err;
	if (o->demo && access(db, F_OK) != 0) {
		if (store_create(db, &st, &err) != MM_OK || demo_populate(st, &err) != MM_OK
			|| (!o->empty && demo_fill(st, &err) != MM_OK)) {
			fail_err(&err);
			if (st) {
				store_close(st);
				unlink(db);
			}
			return EXIT_USER;
		}
	} else if (store_open(db, &st, &err) != MM_OK) {
		return fail_err(&err);
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
		fail_err(&err);
		goto out;
	}
	if (o->open && !scenario_find_activity(sc, o->open)
		&& !visits_open_target(sc, o->open, NULL)) {
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
	o.args = calloc((size_t)argc + 1, sizeof *o.args);
	if (!o.args)
		return EXIT_USER;
	parse_error e = {0};
	int cmdi = find_command(argc, argv);
	const cmd_entry *c = cmdi ? command_named(argv[cmdi]) : &commands[0];
	if (!c) { /* not a command: the screen's parse reports it */
		c = &commands[0];
		cmdi = 0;
	}
	running = c;
	parse(argc, argv, cmdi, c, &o, &e);
	/* the language first, so that everything printed is in it */
	int rc;
	if (o.lang && i18n_parse(o.lang) < 0)
		rc = usage_error(M_CLI_UNKNOWN_LANG, o.lang);
	else {
		if (o.lang)
			i18n_set_lang((lang)i18n_parse(o.lang));
		if (e.set)
			rc = usage_error(e.msg, e.arg);
		else if (o.help && !c->name)
			print_help(), rc = 0;
		else if (o.help)
			print_command_help(c), rc = 0;
		else
			rc = c->exec(&o);
	}
	free(o.args);
	return rc;
}
