#include "testutil.h"

#include "buf.h"
#include "demo.h"
#include "roster.h"
#include "scenario.h"
#include "store.h"

#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];
static char pathbuf[512];

const char *tu_tmpdir(void)
{
	if (!dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/mamori-test-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(dir)) {
			perror("mkdtemp");
			abort();
		}
	}
	return dir;
}

const char *tu_path(const char *name)
{
	snprintf(pathbuf, sizeof pathbuf, "%s/%s", tu_tmpdir(), name);
	return pathbuf;
}

void tu_cleanup(void)
{
	if (dir[0]) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
		dir[0] = '\0';
	}
}

int tu_write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(data, 1, n, f);
	return (fclose(f) == 0 && w == n) ? 0 : -1;
}

char *tu_read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0;
	char *s = malloc(cap);
	size_t k;
	while ((k = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += k;
		if (cap - len < 2)
			s = realloc(s, cap *= 2);
	}
	fclose(f);
	s[len] = '\0';
	if (n)
		*n = len;
	return s;
}

scenario *tu_load_scenario(const char *path, char **text)
{
	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = -1;
	if (scenario_load_file(path, text, &sc, &errs, &nerrs) != MM_OK)
		fail_msg("%s: %s", path, buf_str(&errs));
	buf_free(&errs);
	assert_non_null(sc);
	return sc;
}

const table_def *tu_table_of(const scenario *sc, const char *id)
{
	const activity *a = scenario_find_activity(sc, id);
	if (!a || !a->table)
		fail_msg("no table activity %s", id);
	return a->table;
}

long long tu_count(struct store *st, const char *sql)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	long long n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

struct store *tu_bundled_workshop(const char *name, int groups, const char *roster,
	struct scenario **sc, char **text)
{
	mm_error err = {0};
	if (bundled_program(text, &err) != MM_OK)
		fail_msg("bundled program: %s", err.msg);
	buf errs = {0};
	if (scenario_parse(name, *text, strlen(*text), sc, &errs, NULL) != MM_OK)
		fail_msg("bundled program: %s", buf_str(&errs));
	buf_free(&errs);
	store *st = NULL;
	if (store_create(tu_path(name), &st, &err) != MM_OK
		|| store_workshop_create(st, "", *text, groups, &err) != MM_OK)
		fail_msg("%s: %s", name, err.msg);
	roster_counts c;
	if (roster && roster_import(st, roster, strlen(roster), &c, &err) != MM_OK)
		fail_msg("roster: %s", err.msg);
	return st;
}
