/* cases_archive.c — fault catalogue entries (see fault.h): a whole workshop
 * in one file (export --format json, import --workshop). A refused import
 * says why in one line and leaves no database, -wal or -shm behind; the
 * existing workshop it was pointed at stays as it was. */
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

/* The workshop (with a ledger row) exported to dir/ws.json, parsed. */
static cJSON *exported(fault_env *env)
{
	if (fault_init(env, NULL) != 0 || fault_write(env, "l.csv", "name,c\r\n顧客台帳,3\r\n"))
		return NULL;
	static const char *const imp[] = {"import", "--db", "{db}", "--group", "1", "--activity",
		"asset-ledger", "{dir}/l.csv", NULL};
	static const char *const exp[] = {"export", "--db", "{db}", "--format", "json", "--out",
		"{dir}/ws.json", NULL};
	if (fault_mamori(env, imp) != 0 || fault_mamori(env, exp) != 0)
		return NULL;
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/ws.json", env->dir);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char text[4 << 20];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	return cJSON_Parse(text);
}

/* Writes ROOT to dir/bad.json; 0 on success. */
static int write_json(fault_env *env, cJSON *root)
{
	char *s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	int rc = s ? fault_write(env, "bad.json", s) : -1;
	free(s);
	return rc;
}

static cJSON *table(cJSON *root, const char *name)
{
	return cJSON_GetObjectItem(cJSON_GetObjectItem(root, "tables"), name);
}

static int setup_exported(fault_env *env)
{
	cJSON *root = exported(env);
	cJSON_Delete(root);
	return root ? 0 : -1;
}

/* A copy cut short (a file half copied to the other laptop). */
static int setup_truncated(fault_env *env)
{
	cJSON *root = exported(env);
	if (!root)
		return -1;
	char *s = cJSON_Print(root);
	cJSON_Delete(root);
	s[strlen(s) / 2] = '\0';
	int rc = fault_write(env, "bad.json", s);
	free(s);
	return rc;
}

static int setup_newer(fault_env *env)
{
	cJSON *root = exported(env);
	if (!root)
		return -1;
	cJSON_SetNumberValue(cJSON_GetObjectItem(root, "mamori-workshop"), 2);
	return write_json(env, root);
}

/* The scenario in it edited by hand into one that is not valid. */
static int setup_bad_scenario(fault_env *env)
{
	cJSON *root = exported(env);
	if (!root)
		return -1;
	cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItem(table(root, "workshop"), "rows"), 0);
	cJSON *text = cJSON_GetArrayItem(row, 2);
	char *p = text ? strstr(text->valuestring, "mamori-scenario/1") : NULL;
	if (!p)
		return -1;
	p[strlen("mamori-scenario/")] = '9';
	return write_json(env, root);
}

/* A cell whose row is not in the file. */
static int setup_broken_ref(fault_env *env)
{
	cJSON *root = exported(env);
	if (!root)
		return -1;
	cJSON *rows = cJSON_GetObjectItem(table(root, "cell"), "rows");
	cJSON_AddItemToArray(rows, cJSON_Parse("[987654, \"name\", \"x\", 1, \"facilitator\", 1]"));
	return write_json(env, root);
}

/* A table name that would move the terminal's cursor if printed raw. */
static int setup_hostile_table(fault_env *env)
{
	cJSON *root = exported(env);
	if (!root)
		return -1;
	cJSON_AddItemToObject(cJSON_GetObjectItem(root, "tables"), "\x1b]0;PWNED\x07",
		cJSON_Parse("{\"columns\": [], \"rows\": []}"));
	return write_json(env, root);
}

/* Nothing of dir/new.db exists. */
static const char *nothing_made(fault_env *env)
{
	static const char *const sides[] = {"", "-wal", "-shm"};
	for (int k = 0; k < 3; k++) {
		char path[PATH_MAX + 32];
		snprintf(path, sizeof path, "%s/new.db%s", env->dir, sides[k]);
		struct stat sb;
		if (lstat(path, &sb) == 0)
			return "a file was left behind at new.db";
	}
	return NULL;
}

#define IMPORT_BAD {"import", "--db", "{dir}/new.db", "--workshop", "{dir}/bad.json"}

const fault_case fault_cases_archive[] = {
	/* 11: never into an existing database: the workshop stays as it was */
	{.name = "archive-into-existing-db", .defect = "11", .setup = setup_exported,
		.argv = {"import", "--db", "{db}", "--workshop", "{dir}/ws.json"},
		.exit_code = 1, .message = "already exists; a workshop is restored only into a new file",
		.unchanged = true},
	{.name = "archive-not-an-archive", .defect = "11", .setup = setup_exported,
		.argv = {"import", "--db", "{dir}/new.db", "--workshop", "{dir}/l.csv"},
		.exit_code = 1, .message = "is not a mamori workshop file", .unchanged = true,
		.check = nothing_made},
	{.name = "archive-truncated", .defect = "11", .setup = setup_truncated,
		.argv = IMPORT_BAD, .exit_code = 1, .message = "is not a mamori workshop file",
		.unchanged = true, .check = nothing_made},
	{.name = "archive-newer-format", .defect = "11", .setup = setup_newer,
		.argv = IMPORT_BAD, .exit_code = 1, .message = "written by a newer mamori (format 2",
		.unchanged = true, .check = nothing_made},
	{.name = "archive-bad-scenario", .defect = "11", .setup = setup_bad_scenario,
		.argv = IMPORT_BAD, .exit_code = 1,
		.message = "bad.json:workshop.scenario:",
		.unchanged = true, .check = nothing_made},
	{.name = "archive-broken-reference", .defect = "11", .setup = setup_broken_ref,
		.argv = IMPORT_BAD, .exit_code = 1,
		.message = "a row of cell refers to a row of sheet_row that is not there; "
			"no database was made",
		.unchanged = true, .check = nothing_made},
	{.name = "archive-table-escaped", .defect = "11", .setup = setup_hostile_table,
		.argv = IMPORT_BAD, .exit_code = 1,
		.message = "\"^[]0;PWNED^G\" is not a table of mamori", .unchanged = true,
		.check = nothing_made},
	{.name = NULL},
};
