/* fuzz_roster.c — libFuzzer target for the participant list (roster.c).
 * Any bytes are imported into a workshop of two groups on a temporary
 * database (emptied of people and companies before each input). Aborts when:
 *   - a refused import has no message, a message of more than one line or
 *     with an ESC, or changed the database;
 *   - an accepted import stored a name that is blank or not in its
 *     normalised form (text_normalize_name), or one person twice in a
 *     company;
 *   - importing the same bytes again is not accepted with nobody added. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "roster.h"
#include "status.h"
#include "store.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static store *st;

static void bad(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_roster: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

static char dir[] = "/tmp/fuzz-roster-XXXXXX";
static char path[64];

/* The file stays while the fuzzer runs: the store refuses to write into a
 * database that was deleted under it (it would be lost), so it is removed
 * only at exit. */
static void remove_workshop(void)
{
	store_close(st);
	st = NULL;
	char side[80];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	rmdir(dir);
}

static void open_workshop(void)
{
	if (!mkdtemp(dir))
		bad("mkdtemp", NULL);
	snprintf(path, sizeof path, "%s/ws.db", dir);
	mm_error err = {0};
	if (store_create(path, &st, &err) != MM_OK
		|| store_workshop_create(st, "fuzz", "{}", 2, &err) != MM_OK)
		bad("making the workshop", err.msg);
	atexit(remove_workshop);
}

static long long count(const char *sql)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) != SQLITE_OK)
		bad("query", sql);
	long long n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sqlite3_finalize(q);
	return n;
}

static long long total(void)
{
	return count("SELECT (SELECT COUNT(*) FROM grp) * 1000000 + "
		"(SELECT COUNT(*) FROM company) * 1000 + (SELECT COUNT(*) FROM person)");
}

static void check_names(const char *sql)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) != SQLITE_OK)
		bad("query", sql);
	buf b = {0};
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		buf_clear(&b);
		text_normalize_name(name, strlen(name), &b);
		if (!*name)
			bad("a blank name was stored", sql);
		if (strcmp(buf_str(&b), name) != 0)
			bad("a name was stored not normalised", name);
	}
	buf_free(&b);
	sqlite3_finalize(q);
}

static void check_refused(const mm_error *err, long long before)
{
	if (!err->msg[0])
		bad("refused without a message", NULL);
	if (strchr(err->msg, '\n') || strchr(err->msg, '\x1b'))
		bad("the message is not one plain line", err->msg);
	if (total() != before)
		bad("a refused import changed the database", err->msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!st)
		open_workshop();
	char *e = NULL;
	if (sqlite3_exec(store_db(st), "DELETE FROM person; DELETE FROM company; "
		"DELETE FROM grp WHERE id > 2", NULL, NULL, &e) != SQLITE_OK)
		bad("emptying the workshop", e);
	long long before = total();
	roster_counts c;
	mm_error err = {0};
	if (roster_import(st, (const char *)data, size, &c, &err) != MM_OK) {
		check_refused(&err, before);
		return 0;
	}
	check_names("SELECT name FROM grp WHERE id > 2");
	check_names("SELECT name FROM company");
	check_names("SELECT name FROM person");
	if (count("SELECT COUNT(*) FROM (SELECT 1 FROM person GROUP BY company_id, name "
		"HAVING COUNT(*) > 1)") != 0)
		bad("one person twice in a company", NULL);
	if (count("SELECT COUNT(*) FROM person") != c.people)
		bad("people counted wrong", NULL);
	/* the same list again adds nobody */
	long long after = total();
	roster_counts again;
	if (roster_import(st, (const char *)data, size, &again, &err) != MM_OK)
		bad("the same list again was refused", err.msg);
	if (again.people || again.companies || again.groups || again.known != c.people + c.known
		|| total() != after)
		bad("the same list again added someone", NULL);
	return 0;
}
