/* cases_cli.c — fault catalogue entries of the command line (see fault.h):
 * main.c, the files it writes (core/outfile.c), what reaches a terminal. */
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROSTER "グループ,会社,氏名\n1,さくら精密工業,佐藤 健一\n2,みなと印刷,鈴木 美咲\n"

static int setup_init(fault_env *env)
{
	return fault_init(env, NULL);
}

/* A workshop, with a symbolic link link.md to its database. */
static int setup_link(fault_env *env)
{
	if (fault_init(env, NULL) != 0)
		return -1;
	char link_path[PATH_MAX + 16];
	snprintf(link_path, sizeof link_path, "%s/link.md", env->dir);
	return symlink(env->db, link_path);
}

/* A workshop and a file report.md the user keeps. */
static int setup_existing(fault_env *env)
{
	if (fault_init(env, NULL) != 0)
		return -1;
	return fault_write(env, "report.md", "keep me\n");
}

/* A workshop and another mamori database other.db. */
static int setup_other_db(fault_env *env)
{
	if (fault_init(env, NULL) != 0)
		return -1;
	const char *argv[] = {"init", "--db", "{dir}/other.db", NULL};
	return fault_mamori(env, argv) == 0 ? 0 : -1;
}

/* A workshop with companies, and a CSV whose header holds an OSC 0. */
static int setup_roster(fault_env *env)
{
	if (fault_init(env, NULL) != 0 || fault_write(env, "roster.csv", ROSTER) != 0)
		return -1;
	const char *argv[] = {"import", "--db", "{db}", "--roster", "{dir}/roster.csv", NULL};
	if (fault_mamori(env, argv) != 0)
		return -1;
	return fault_write(env, "evil.csv", "業務分類,\x1b]0;pwned\x07\n人事,x\n");
}

static const char *file_is(fault_env *env, const char *name, const char *want)
{
	static char why[200];
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/%s", env->dir, name);
	FILE *f = fopen(path, "rb");
	char got[64] = "";
	size_t n = f ? fread(got, 1, sizeof got - 1, f) : 0;
	got[n] = '\0';
	if (f)
		fclose(f);
	if (strncmp(got, want, strlen(want)) == 0)
		return NULL;
	snprintf(why, sizeof why, "%s holds \"%.40s\", not \"%s\"", name, got, want);
	return why;
}

static const char *report_kept(fault_env *env)
{
	return file_is(env, "report.md", "keep me\n");
}

static const char *other_db_kept(fault_env *env)
{
	return file_is(env, "other.db", "SQLite format 3");
}

static const char *report_on_stdout(fault_env *env)
{
	return env->out && strncmp(env->out, "# ", 2) == 0 ? NULL : "no report on stdout";
}

const fault_case fault_cases_cli[] = {
	{.name = "export-out-over-db", .defect = "10.2", .setup = setup_init,
		.argv = {"export", "--db", "{db}", "--group", "1", "--out", "{db}", "--force"},
		.exit_code = 1, .message = "is the workshop database itself", .unchanged = true},
	{.name = "export-out-over-db-symlink", .defect = "10.2", .setup = setup_link,
		.argv = {"export", "--db", "{db}", "--group", "1", "--out", "{dir}/link.md"},
		.exit_code = 1, .message = "is the workshop database itself", .unchanged = true},
	{.name = "export-out-over-db-wal", .defect = "10.2", .setup = setup_init,
		.argv = {"export", "--db", "{db}", "--group", "1", "--out", "{db}-wal", "--force"},
		.exit_code = 1, .unchanged = true},
	{.name = "export-out-existing-file", .defect = "10.2", .setup = setup_existing,
		.argv = {"export", "--db", "{db}", "--group", "1", "--out", "{dir}/report.md"},
		.exit_code = 1, .message = "already exists; add --force", .unchanged = true,
		.check = report_kept},
	{.name = "export-out-other-sqlite", .defect = "10.2", .setup = setup_other_db,
		.argv = {"export", "--db", "{db}", "--group", "1", "--out", "{dir}/other.db", "--force"},
		.exit_code = 1, .message = "is an SQLite database", .unchanged = true,
		.check = other_db_kept},
	{.name = "export-force-without-out", .defect = "10.2", .setup = setup_init,
		.argv = {"export", "--db", "{db}", "--group", "1", "--force"},
		.exit_code = 2, .message = "--force goes with --out", .unchanged = true},
	{.name = "export-never-opened-table", .defect = "10.5", .setup = setup_init,
		.argv = {"export", "--db", "{db}", "--group", "1", "--activity", "threats-top10"},
		.exit_code = 0, .unchanged = true},
	{.name = "export-report-reads-only", .defect = "10.5", .setup = setup_init,
		.argv = {"export", "--db", "{db}", "--group", "1"},
		.exit_code = 0, .unchanged = true, .check = report_on_stdout},
	{.name = "import-header-osc-escaped", .defect = "10.7", .setup = setup_roster,
		.argv = {"import", "--db", "{db}", "--group", "1", "--activity", "asset-ledger",
			"{dir}/evil.csv"},
		.exit_code = 1, .message = "nothing was imported"},
	{.name = "file-name-esc-escaped", .defect = "10.7", .setup = setup_init,
		.argv = {"import", "--db", "{db}", "--group", "1", "--activity", "asset-ledger",
			"{dir}/\x1b]0;pwned\x07.csv"},
		.exit_code = 1, .message = "cannot read", .unchanged = true},
	{.name = "usage-error-follows-lang", .defect = "10 cli", .setup = setup_init,
		.argv = {"export", "--db", "{db}", "--bogus", "--lang", "ja"},
		.exit_code = 2, .message = "「--bogus」というオプションはありません", .unchanged = true},
	{.name = "options-before-command", .defect = "10 cli", .setup = setup_init,
		.argv = {"--lang", "en", "--db", "{db}", "export", "--group", "1"},
		.exit_code = 0, .unchanged = true, .check = report_on_stdout},
	{.name = "present-with-group", .defect = "10 cli", .setup = setup_init,
		.argv = {"--db", "{db}", "--present", "--group", "1"},
		.exit_code = 2, .message = "use --present or --group, not both", .unchanged = true},
	{.name = "company-part-of-name", .defect = "10 cli", .setup = setup_roster,
		.argv = {"export", "--db", "{db}", "--company", "さくら精密"},
		.exit_code = 1, .message = "did you mean \"さくら精密工業\"?", .unchanged = true},
	{.name = NULL},
};
