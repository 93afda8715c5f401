/* cases_scenario.c — fault catalogue entries (see fault.h): scenario files
 * and formulas (issue 10, defects 1, 12 and 13). */
#include "fault.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The start and end of a scenario whose one session holds table activities
 * (positions below are counted in these exact texts). */
#define HEAD \
	"{\"format\": \"mamori-scenario/1\", \"id\": \"refs\", \"title\": \"参照\",\n" \
	" \"tracks\": [{\"id\": \"workshop\", \"title\": \"W\", \"sessions\": [{\"id\": \"ws01\", " \
	"\"number\": 1,\n" \
	"  \"title\": \"第1回\", \"minutes\": 60, \"activities\": [\n"
#define TAIL "  ]}]}]}\n"
#define NAME_COL "{\"id\": \"name\", \"type\": \"text\", \"title\": \"名前\"}"
#define REF_COL(id, table) \
	"{\"id\": \"" id "\", \"type\": \"ref\", \"title\": \"R\", \"table\": \"" table "\"}"

/* ta refers to tb and tb back to ta: tb's ref closes the circle, at 7:114. */
static const char cycle_json[] = HEAD
	"   {\"id\": \"ta\", \"kind\": \"table\", \"title\": \"T\",\n"
	"    \"columns\": [" NAME_COL ", " REF_COL("b", "tb") "]},\n"
	"   {\"id\": \"tb\", \"kind\": \"table\", \"title\": \"T\",\n"
	"    \"columns\": [" NAME_COL ", " REF_COL("a", "ta") "]}\n"
	TAIL;

/* A company's table pointing at a group's table (the ref at 5:118). */
static const char scope_json[] = HEAD
	"   {\"id\": \"plan\", \"kind\": \"table\", \"title\": \"T\", \"scope\": \"company\",\n"
	"    \"columns\": [" NAME_COL ", " REF_COL("asset", "ledger") "]},\n"
	"   {\"id\": \"ledger\", \"kind\": \"table\", \"title\": \"T\",\n"
	"    \"columns\": [" NAME_COL "]}\n"
	TAIL;

/* A maximum beyond a double (1e400 at 5:68). */
static const char big_json[] = HEAD
	"   {\"id\": \"big\", \"kind\": \"table\", \"title\": \"T\",\n"
	"    \"columns\": [{\"id\": \"n\", \"type\": \"number\", \"title\": \"N\", \"max\": 1e400}]}\n"
	TAIL;

static int setup_cycle(fault_env *env)
{
	return fault_write(env, "cycle.json", cycle_json);
}

static int setup_scope(fault_env *env)
{
	return fault_write(env, "scope.json", scope_json);
}

/* A drill of 33 roles (the fixture), copied into the case's directory. */
static int setup_roles(fault_env *env)
{
	FILE *f = fopen(fault_source("tests/fixtures/scenarios/drill-33-roles.json"), "rb");
	if (!f)
		return -1;
	static char text[65536];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	if (n == 0 || n == sizeof text - 1)
		return -1;
	text[n] = '\0';
	return fault_write(env, "roles.json", text);
}

static int setup_big(fault_env *env)
{
	return fault_write(env, "big.json", big_json);
}

/* A workshop made from a valid scenario (ta → tb), whose stored scenario is
 * then replaced by the circular one, as a version that validated it would
 * have stored it. */
static int setup_stored_cycle(fault_env *env)
{
	if (fault_init(env, "tests/fixtures/scenarios/refs-chain.json") != 0)
		return -1;
	char sql[4096];
	/* trusted test text: the JSON has no single quote */
	if (strchr(cycle_json, '\'')
		|| snprintf(sql, sizeof sql, "UPDATE workshop SET scenario = '%s'", cycle_json)
			>= (int)sizeof sql)
		return -1;
	return fault_sql(env, sql);
}

/* The chain fixture with group 1's "chain" sheet of 42 rows written
 * directly: rows 2..40 each point at the row before; rows 41 and 42 point
 * at each other. */
static int setup_chain(fault_env *env)
{
	if (fault_init(env, "tests/fixtures/scenarios/chain.json") != 0)
		return -1;
	return fault_sql(env,
		"INSERT INTO sheet(activity, owner_kind, owner_id) "
		"  VALUES ('chain', 'group', (SELECT id FROM grp WHERE name = '1'));"
		"WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 42) "
		"INSERT INTO sheet_row(id, sheet_id, position) "
		"  SELECT 100000 + k, (SELECT id FROM sheet WHERE activity = 'chain'), k FROM n;"
		"INSERT INTO cell(row_id, col, value, who, at) "
		"  SELECT id, 'name', 'r' || (id - 100000), 't', 0 FROM sheet_row WHERE id > 100000;"
		"INSERT INTO cell(row_id, col, value, who, at) "
		"  SELECT id, 'me', id - 1, 't', 0 FROM sheet_row WHERE id BETWEEN 100002 AND 100040;"
		"INSERT INTO cell(row_id, col, value, who, at) "
		"  VALUES (100041, 'me', '100042', 't', 0), (100042, 'me', '100041', 't', 0);");
}

/* The export of the chain, timed: it took 4 min 35 s. */
static int run_chain_export(fault_env *env)
{
	static const char *const argv[] = {"export", "--db", "{db}", "--group", "1", "--format",
		"md", NULL};
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fault_mamori(env, argv);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (took > 5.0) {
		fprintf(stderr, "  export took %.1f s\n", took);
		return -1;
	}
	return 0;
}

static const char *check_chain(fault_env *env)
{
	if (!strstr(env->out, "| r1 |  | 1 | 2 |"))
		return "row 1 is not p = 1, q = 2";
	if (!strstr(env->out, "| r40 | r39 | 40 | 80 |"))
		return "row 40 is not p = 40, q = 80";
	if (!strstr(env->out, "| r41 | r42 | #rows refer to each other in a circle |"))
		return "rows 41 and 42 do not show the circle as an error value";
	return NULL;
}

/* Two tables taking their rows from one 9 MB data file: each file is under
 * the 16 MiB limit, the scenario init would store (rows written in) is not.
 * validate said "valid"; init refused it as "scenario:1:1: the file is
 * larger than 16 MiB", naming no file of the user's. */
static int setup_expanded(fault_env *env)
{
	static char data[9 * 1024 * 1024 + 4096];
	size_t n = 0;
	data[n++] = '[';
	for (int r = 0; r < 150; r++) {
		n += (size_t)snprintf(data + n, sizeof data - n, "%s{\"note\": \"", r ? ",\n" : "");
		memset(data + n, 'x', 60000);
		n += 60000;
		data[n++] = '"';
		data[n++] = '}';
	}
	data[n++] = ']';
	data[n++] = '\n';
	if (fault_write_bytes(env, "notes.json", data, n) != 0)
		return -1;
	return fault_write(env, "big-data.json", HEAD
		"   {\"id\": \"a1\", \"kind\": \"table\", \"title\": \"T\", \"rows_from\": \"notes.json\",\n"
		"    \"columns\": [{\"id\": \"note\", \"type\": \"longtext\", \"title\": \"N\"}]},\n"
		"   {\"id\": \"a2\", \"kind\": \"table\", \"title\": \"T\", \"rows_from\": \"notes.json\",\n"
		"    \"columns\": [{\"id\": \"note\", \"type\": \"longtext\", \"title\": \"N\"}]}\n"
		TAIL);
}

static const char *check_no_db(fault_env *env)
{
	FILE *f = fopen(env->db, "rb");
	if (f) {
		fclose(f);
		return "init left a database behind";
	}
	return NULL;
}

const fault_case fault_cases_scenario[] = {
	{
		.name = "ref-cycle-validate", .defect = "10.1", .setup = setup_cycle,
		.argv = {"validate", "{dir}/cycle.json"},
		.exit_code = 1,
		.message = "cycle.json:7:114: tracks[0].sessions[0].activities[1].columns[1].table: "
			"tables refer to each other in a circle: ta → tb → ta",
	},
	{
		.name = "ref-cycle-init", .defect = "10.1", .setup = setup_cycle,
		.argv = {"init", "--db", "{db}", "--scenario", "{dir}/cycle.json"},
		.exit_code = 1,
		.message = "cycle.json:7:114: ",
		.unchanged = true, .check = check_no_db,
	},
	{
		/* it died of a stack overflow in open_sheet */
		.name = "ref-cycle-stored-export", .defect = "10.1", .setup = setup_stored_cycle,
		.argv = {"export", "--db", "{db}", "--group", "1", "--format", "md"},
		.exit_code = 1,
		.message = "tables refer to each other in a circle: ta → tb → ta",
		.unchanged = true,
	},
	{
		/* the terminal died the same way opening either table */
		.name = "ref-cycle-stored-open", .defect = "10.1", .setup = setup_stored_cycle,
		.argv = {"--db", "{db}", "--open", "ta"},
		.exit_code = 1,
		.message = "tables refer to each other in a circle: ta → tb → ta",
		.unchanged = true,
	},
	{
		.name = "ref-across-scopes-validate", .defect = "10.12", .setup = setup_scope,
		.argv = {"validate", "{dir}/scope.json"},
		.exit_code = 1,
		.message = "scope.json:5:118: tracks[0].sessions[0].activities[0].columns[1].table: "
			"\"ledger\" is kept per group and this table per company",
	},
	{
		.name = "self-ref-chain-export", .defect = "10.12", .setup = setup_chain,
		.run = run_chain_export,
		.exit_code = 0,
		.unchanged = true, .check = check_chain,
	},
	{
		.name = "number-1e400-validate", .defect = "10.13", .setup = setup_big,
		.argv = {"validate", "{dir}/big.json"},
		.exit_code = 1,
		.message = "big.json:5:68: tracks[0].sessions[0].activities[0].columns[0].max: "
			"number too large",
	},
	{
		/* init refused it pointing into the re-serialised text */
		.name = "number-1e400-init", .defect = "10.13", .setup = setup_big,
		.argv = {"init", "--db", "{db}", "--scenario", "{dir}/big.json"},
		.exit_code = 1,
		.message = "big.json:5:68: tracks[0].sessions[0].activities[0].columns[0].max: "
			"number too large",
		.unchanged = true, .check = check_no_db,
	},
	{
		.name = "expanded-too-large-validate", .defect = "10.13", .setup = setup_expanded,
		.argv = {"validate", "{dir}/big-data.json"},
		.exit_code = 1,
		.message = "big-data.json:1:1: the scenario with its data files is larger than 16 MiB",
	},
	{
		.name = "expanded-too-large-init", .defect = "10.13", .setup = setup_expanded,
		.argv = {"init", "--db", "{db}", "--scenario", "{dir}/big-data.json"},
		.exit_code = 1,
		.message = "big-data.json:1:1: the scenario with its data files is larger than 16 MiB",
		.unchanged = true, .check = check_no_db,
	},
	{
		/* role 33's inject went to role 1 (1u << 32): found by fuzz_drill */
		.name = "drill-33-roles-validate", .defect = "fuzz", .setup = setup_roles,
		.argv = {"validate", "{dir}/roles.json"},
		.exit_code = 1,
		.message = "roles.json:70:17: tracks[0].sessions[0].activities[0].roles[32]: "
			"a drill has at most 32 roles (this is role 33)",
	},
	{
		.name = "drill-33-roles-init", .defect = "fuzz", .setup = setup_roles,
		.argv = {"init", "--db", "{db}", "--scenario", "{dir}/roles.json"},
		.exit_code = 1,
		.message = "roles[32]: a drill has at most 32 roles",
		.unchanged = true, .check = check_no_db,
	},
	{.name = NULL},
};
