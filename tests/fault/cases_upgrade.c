/* cases_upgrade.c — fault catalogue entries (see fault.h): refused upgrades
 * of a begun workshop (issue 11): one line saying why, the database
 * unchanged. */
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* tests/fixtures/upgrade/NAME copied into the case's directory. */
static int copy_fixture(fault_env *env, const char *name)
{
	char rel[200];
	snprintf(rel, sizeof rel, "tests/fixtures/upgrade/%s", name);
	FILE *f = fopen(fault_source(rel), "rb");
	if (!f)
		return -1;
	static char text[65536];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	return fault_write(env, name, text);
}

/* A workshop of base.json whose group 1 wrote two ledger rows, one with a
 * note; the other fixtures beside it. */
static int setup_ledger(fault_env *env)
{
	static const char *const names[] = {"drop-note.json", "kind.json", "invalid.json",
		"drop-spare.json"};
	if (fault_init(env, "tests/fixtures/upgrade/base.json") != 0
		|| fault_write(env, "rows.csv", "名称,管理者,備考\nPC,佐藤,古い\nNAS,鈴木,\n") != 0)
		return -1;
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (copy_fixture(env, names[k]) != 0)
			return -1;
	static const char *const imp[] = {"import", "--db", "{db}", "--group", "1", "--activity",
		"ledger", "{dir}/rows.csv", NULL};
	return fault_mamori(env, imp) == 0 ? 0 : -1;
}

/* ... and a row in the spare table. */
static int setup_spare(fault_env *env)
{
	if (setup_ledger(env) != 0 || fault_write(env, "spare.csv", "名称\nx\n") != 0)
		return -1;
	static const char *const imp[] = {"import", "--db", "{db}", "--group", "2", "--activity",
		"spare", "{dir}/spare.csv", NULL};
	return fault_mamori(env, imp) == 0 ? 0 : -1;
}

const fault_case fault_cases_upgrade[] = {
	{
		.name = "upgrade-removes-column-with-work", .defect = "11", .setup = setup_ledger,
		.argv = {"upgrade", "--db", "{db}", "--scenario", "{dir}/drop-note.json"},
		.exit_code = 1,
		.message = "ledger: removing column Note would lose 1 cell written by 1 group; "
			"add --drop to delete it",
		.unchanged = true,
	},
	{
		.name = "upgrade-removes-activity-with-work", .defect = "11", .setup = setup_spare,
		.argv = {"upgrade", "--db", "{db}", "--scenario", "{dir}/drop-spare.json"},
		.exit_code = 1,
		.message = "removing activity spare would lose 1 cell written by 1 group",
		.unchanged = true,
	},
	{
		.name = "upgrade-kind-change-with-work", .defect = "11", .setup = setup_ledger,
		.argv = {"upgrade", "--db", "{db}", "--scenario", "{dir}/kind.json", "--drop"},
		.exit_code = 1,
		.message = "ledger: the kind of an activity holding 5 cells written by 1 group "
			"cannot change (table -> briefing)",
		.unchanged = true,
	},
	{
		.name = "upgrade-dry-run-refused", .defect = "11", .setup = setup_ledger,
		.argv = {"upgrade", "--db", "{db}", "--scenario", "{dir}/drop-note.json",
			"--dry-run"},
		.exit_code = 1,
		.message = "removing column Note would lose",
		.unchanged = true,
	},
	{
		.name = "upgrade-invalid-file", .defect = "11", .setup = setup_ledger,
		.argv = {"upgrade", "--db", "{db}", "--scenario", "{dir}/invalid.json"},
		.exit_code = 1,
		.message = "invalid.json:18:35: tracks[0].sessions[0].activities[0].columns[2].type:",
		.unchanged = true,
	},
	{
		.name = "upgrade-needs-scenario", .defect = "11", .setup = setup_ledger,
		.argv = {"upgrade", "--db", "{db}"},
		.exit_code = 2,
		.message = "--scenario NEW.json is needed",
		.unchanged = true,
	},
	{.name = NULL},
};
