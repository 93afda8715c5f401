/* test_store.c — the shared workshop database as the people in the room meet
 * it: creating and reopening it, files that are not ours left untouched, who
 * may move the room, the session timer, and noticing another terminal's
 * writes. Every case works on its own new file in a temporary directory. */
#include "testutil.h"
#include "i18n.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "demo.h"
#include "migrate.h"
#include "scenario.h"
#include "sheet.h"
#include "table.h"
#include "status.h"
#include "store.h"
#include "vstate.h"

/* --- helpers --- */

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static bool sidecar_exists(const char *path, const char *suffix)
{
	char p[600];
	snprintf(p, sizeof p, "%s%s", path, suffix);
	return exists(p);
}

/* A fresh path for one test's database; no file is there yet. */
static char *fresh_db(const char *name)
{
	char *p = xstrdup(tu_path(name));
	assert_false(exists(p));
	return p;
}

static store *create_ok(const char *path)
{
	store *st = NULL;
	mm_error err = {0};
	if (store_create(path, &st, &err) != MM_OK)
		fail_msg("store_create %s: %s", path, err.msg);
	assert_non_null(st);
	return st;
}

static store *open_ok(const char *path)
{
	store *st = NULL;
	mm_error err = {0};
	if (store_open(path, &st, &err) != MM_OK)
		fail_msg("store_open %s: %s", path, err.msg);
	assert_non_null(st);
	return st;
}

static int query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

static void create_workshop(store *st, int ngroups)
{
	mm_error err = {0};
	if (store_workshop_create(st, "テスト研修", "{}", ngroups, &err) != MM_OK)
		fail_msg("store_workshop_create: %s", err.msg);
}

/* The bytes of a file and whether SQLite's -wal/-shm files are beside it. */
typedef struct snap {
	char *data;
	size_t n;
	bool wal, shm;
} snap;

static snap take_snap(const char *path)
{
	snap s = {0};
	s.data = tu_read_file(path, &s.n);
	assert_non_null(s.data);
	s.wal = sidecar_exists(path, "-wal");
	s.shm = sidecar_exists(path, "-shm");
	return s;
}

/* The file holds the same bytes as in S (and S is freed). */
static void assert_bytes_unchanged(const char *path, snap *s)
{
	size_t n;
	char *now = tu_read_file(path, &n);
	assert_non_null(now);
	assert_int_equal(n, s->n);
	assert_memory_equal(now, s->data, n);
	free(now);
	free(s->data);
	s->data = NULL;
}

/* The same bytes, and no -wal or -shm file appeared: SQLite never touched it. */
static void assert_unchanged(const char *path, snap *s)
{
	assert_int_equal(sidecar_exists(path, "-wal"), s->wal);
	assert_int_equal(sidecar_exists(path, "-shm"), s->shm);
	assert_bytes_unchanged(path, s);
}

/* store_open refuses PATH with MM_EUSER and a one-line message naming the
 * file and containing WANT. */
static void assert_open_refused(const char *path, const char *want)
{
	static char sentinel;
	store *st = (store *)(void *)&sentinel; /* must be reset to NULL */
	mm_error err = {0};
	assert_int_equal(store_open(path, &st, &err), MM_EUSER);
	assert_null(st);
	assert_int_equal(err.code, MM_EUSER);
	assert_null(strchr(err.msg, '\n'));
	assert_non_null(strstr(err.msg, path));
	if (!strstr(err.msg, want))
		fail_msg("\"%s\" does not contain \"%s\"", err.msg, want);
}

/* --- creating and opening --- */

static void test_create_and_reopen(void **state)
{
	(void)state;
	char *path = fresh_db("create.db");
	store *st = create_ok(path);
	assert_string_equal(store_path(st), path);
	assert_false(store_readonly(st));

	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0600); /* other users cannot read the work */

	sqlite3 *db = store_db(st);
	assert_int_equal(query_int(db, "PRAGMA user_version"), migrate_latest());
	assert_int_equal(query_int(db, "PRAGMA application_id"), STORE_APPLICATION_ID);
	create_workshop(st, 2);
	store_close(st);

	/* reopened, it is the same workshop */
	st = open_ok(path);
	assert_false(store_readonly(st));
	assert_int_equal(query_int(store_db(st), "PRAGMA user_version"), migrate_latest());
	workshop_info w;
	mm_error err = {0};
	assert_int_equal(store_workshop_get(st, &w, &err), MM_OK);
	assert_string_equal(w.title, "テスト研修");
	workshop_info_free(&w);
	assert_int_equal(store_count(st, "grp"), 2);
	store_close(st);
	free(path);
}

static void test_create_refuses_existing_path(void **state)
{
	(void)state;
	char *path = fresh_db("existing.db");
	const char text[] = "大事なメモ\nnot a database\n";
	assert_int_equal(tu_write_file(path, text, sizeof text - 1), 0);
	snap s = take_snap(path);

	static char sentinel;
	store *st = (store *)(void *)&sentinel;
	mm_error err = {0};
	assert_int_equal(store_create(path, &st, &err), MM_EUSER);
	assert_null(st);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "already exists"));
	assert_null(strchr(err.msg, '\n'));
	assert_unchanged(path, &s);

	/* an existing database is not overwritten either */
	char *db = fresh_db("existing2.db");
	st = create_ok(db);
	create_workshop(st, 4);
	store_close(st);
	snap d = take_snap(db);
	assert_int_equal(store_create(db, &st, &err), MM_EUSER);
	assert_null(st);
	assert_unchanged(db, &d);
	st = open_ok(db);
	assert_int_equal(store_count(st, "grp"), 4);
	store_close(st);
	free(db);
	free(path);
}

static void test_open_missing_file(void **state)
{
	(void)state;
	char *path = fresh_db("missing.db");
	assert_open_refused(path, "does not exist");
	assert_false(exists(path)); /* opening never creates */
	assert_false(sidecar_exists(path, "-wal"));
	free(path);
}

/* --- files that are not mamori databases --- */

static void test_refuses_text_and_empty_files(void **state)
{
	(void)state;
	char *path = fresh_db("notes.txt");
	const char text[] = "SQLite format 3 is what this line says, but it is a memo.\n"
		"会議メモ：来週の研修について\n";
	assert_int_equal(tu_write_file(path, text, sizeof text - 1), 0);
	snap s = take_snap(path);
	assert_open_refused(path, "is not a mamori database");
	assert_unchanged(path, &s);
	free(path);

	path = fresh_db("empty.db");
	assert_int_equal(tu_write_file(path, "", 0), 0);
	s = take_snap(path);
	assert_open_refused(path, "is not a mamori database");
	assert_unchanged(path, &s);
	assert_int_equal(s.n, 0);
	free(path);

	/* SQLite's magic in a file shorter than a database header is not one either */
	path = fresh_db("short.db");
	char head[100] = "SQLite format 3";
	assert_int_equal(tu_write_file(path, head, 50), 0);
	s = take_snap(path);
	assert_open_refused(path, "is not a mamori database");
	assert_unchanged(path, &s);
	free(path);
}

static void test_refuses_plain_sqlite_database(void **state)
{
	(void)state;
	char *path = fresh_db("plain.sqlite");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT);"
		"INSERT INTO notes(text) VALUES ('someone else''s data');");
	sqlite3_close(db);
	assert_false(sidecar_exists(path, "-wal"));

	snap s = take_snap(path);
	assert_open_refused(path, "is an SQLite database but not a mamori one");
	assert_unchanged(path, &s);
	assert_false(sidecar_exists(path, "-journal"));
	free(path);
}

static void test_refuses_directory(void **state)
{
	(void)state;
	char *path = fresh_db("a-directory");
	assert_int_equal(mkdir(path, 0700), 0);
	assert_open_refused(path, "is a directory");

	/* still an empty directory, nothing beside it */
	DIR *d = opendir(path);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	assert_int_equal(n, 0);
	assert_false(sidecar_exists(path, "-wal"));
	assert_false(sidecar_exists(path, "-shm"));
	free(path);
}

static void test_refuses_newer_database(void **state)
{
	(void)state;
	char *path = fresh_db("newer.db");
	store *st = create_ok(path);
	create_workshop(st, 2);
	store_close(st);

	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", migrate_latest() + 1);
	exec_ok(db, sql);
	sqlite3_close(db);

	snap s = take_snap(path);
	assert_false(s.wal);
	assert_open_refused(path, "newer");
	assert_unchanged(path, &s);
	char want[64];
	snprintf(want, sizeof want, "schema %d", migrate_latest() + 1);
	assert_open_refused(path, want);
	free(path);
}

/* Found while writing these tests (store_open checked the schema version
 * only in the file header): while a newer mamori still has the database
 * open, its schema bump sits in the -wal file and the header still shows the
 * old version; an older mamori must still refuse the file rather than write
 * into a schema it does not know. */
static void test_refuses_newer_database_still_open(void **state)
{
	(void)state;
	char *path = fresh_db("newer-open.db");
	store *st = create_ok(path);
	create_workshop(st, 2);
	store_close(st);

	/* a newer mamori migrates the file and keeps it open */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", migrate_latest() + 1);
	exec_ok(db, sql);

	st = NULL;
	mm_error err = {0};
	mm_status rc = store_open(path, &st, &err);
	store_close(st);
	sqlite3_close(db);
	free(path);
	assert_int_equal(rc, MM_EUSER);
	assert_non_null(strstr(err.msg, "newer"));
}

static void test_readonly_file(void **state)
{
	(void)state;
	if (geteuid() == 0) {
		/* root may write any file whatever its mode, so store_open rightly
		 * opens it read-write; the read-only case cannot be shown as root. */
		skip();
	}
	char *path = fresh_db("readonly.db");
	store *st = create_ok(path);
	create_workshop(st, 2);
	mm_error err = {0};
	assert_int_equal(store_room_set(st, "ws01", "ws01-intro", &err), MM_OK);
	store_close(st);
	assert_int_equal(chmod(path, 0400), 0);
	snap s = take_snap(path);

	st = open_ok(path);
	assert_true(store_readonly(st));
	room_state r;
	assert_int_equal(store_room_get(st, &r, &err), MM_OK);
	assert_string_equal(r.session, "ws01"); /* reading works */
	assert_int_equal(store_count(st, "grp"), 2);

	assert_int_equal(store_check_writable(st, &err), MM_EREADONLY);
	assert_int_equal(store_room_set(st, "ws02", "", &err), MM_EREADONLY);
	assert_null(strchr(err.msg, '\n'));
	assert_true(err.msg[0] != '\0');
	assert_int_equal(store_group_add(st, "4", NULL, &err), MM_EREADONLY);
	assert_int_equal(store_room_toggle_pause(st, 100, &err), MM_EREADONLY);
	assert_int_equal(store_workshop_create(st, "x", "{}", 1, &err), MM_EREADONLY);
	store_close(st);
	/* SQLite may leave a -wal beside it in a writable directory; the
	 * database file itself is untouched */
	assert_bytes_unchanged(path, &s);
	assert_int_equal(chmod(path, 0600), 0);
	free(path);
}

/* --- the workshop --- */

/* The roster one name at a time: finding, the group of an owner, names,
 * the companies of the other groups. */
static void test_roster_lookups(void **state)
{
	(void)state;
	char *path = fresh_db("roster.db");
	store *st = create_ok(path);
	mm_error err = {0};
	int64_t g1, g2, c1, c2, p1, id;
	assert_int_equal(store_group_add(st, "A", &g1, &err), MM_OK);
	assert_int_equal(store_group_add(st, "B", &g2, &err), MM_OK);
	assert_int_equal(store_company_add(st, "さくら", g1, "", 5, &c1, &err), MM_OK);
	assert_int_equal(store_company_add(st, "みなと", g2, "", 5, &c2, &err), MM_OK);
	assert_int_equal(store_person_add(st, "佐藤", c1, g1, "", &p1, &err), MM_OK);

	assert_int_equal(store_find(st, 0, "B", 0, &id, &err), MM_OK);
	assert_int_equal(id, g2);
	assert_int_equal(store_find(st, 1, "さくら", 0, &id, &err), MM_OK);
	assert_int_equal(id, c1);
	assert_int_equal(store_find(st, 2, "佐藤", c1, &id, &err), MM_OK);
	assert_int_equal(id, p1);
	assert_int_equal(store_find(st, 2, "佐藤", c2, &id, &err), MM_OK);
	assert_int_equal(id, 0); /* not of that company */
	assert_int_equal(store_find(st, 0, "Z", 0, &id, &err), MM_OK);
	assert_int_equal(id, 0);

	assert_int_equal(store_owner_group(st, 2, p1, &id, &err), MM_OK);
	assert_int_equal(id, g1);
	assert_int_equal(store_owner_group(st, 1, c2, &id, &err), MM_OK);
	assert_int_equal(id, g2);
	assert_int_equal(store_owner_group(st, 0, g2, &id, &err), MM_OK);
	assert_int_equal(id, g2);
	assert_int_equal(store_owner_group(st, 1, 999, &id, &err), MM_ENOTFOUND);
	assert_int_equal(store_company_group(st, c2), g2);

	char *name = store_name_of(st, 1, c2);
	assert_string_equal(name, "みなと");
	free(name);
	name = store_name_of(st, 0, 999);
	assert_string_equal(name, "");
	free(name);

	company_info *cs;
	int n;
	assert_int_equal(store_companies(st, g1, &cs, &n, &err), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(cs[0].id, c2);
	assert_string_equal(cs[0].group_name, "B");
	company_list_free(cs, n);
	store_close(st);
	free(path);
}

static void test_workshop_and_groups(void **state)
{
	(void)state;
	char *path = fresh_db("workshop.db");
	store *st = create_ok(path);
	workshop_info w;
	mm_error err = {0};
	assert_int_equal(store_workshop_get(st, &w, &err), MM_EUSER); /* none yet */
	assert_null(w.title);

	char *scen = tu_read_file(SOURCE_ROOT "/scenarios/example-mini.json", NULL);
	assert_non_null(scen);
	setenv("MAMORI_NOW", "1700000000", 1);
	assert_int_equal(store_workshop_create(st, "ミニ研修 2024", scen, 3, &err), MM_OK);
	unsetenv("MAMORI_NOW");

	group_info *g;
	int n;
	assert_int_equal(store_groups(st, &g, &n, &err), MM_OK);
	assert_int_equal(n, 3);
	assert_string_equal(g[0].name, "1");
	assert_string_equal(g[1].name, "2");
	assert_string_equal(g[2].name, "3");
	assert_true(g[0].id != g[1].id && g[1].id != g[2].id);
	group_list_free(g, n);

	assert_int_equal(store_workshop_get(st, &w, &err), MM_OK);
	assert_string_equal(w.title, "ミニ研修 2024");
	assert_string_equal(w.scenario_json, scen); /* byte for byte */
	assert_int_equal(strlen(w.scenario_hash), 16);
	assert_int_equal(w.created_at, 1700000000);
	workshop_info_free(&w);

	/* one workshop per database */
	assert_int_not_equal(store_workshop_create(st, "second", "{}", 2, &err), MM_OK);
	assert_int_equal(store_count(st, "grp"), 3); /* and no extra groups */
	assert_int_equal(store_workshop_get(st, &w, &err), MM_OK);
	assert_string_equal(w.title, "ミニ研修 2024");
	workshop_info_free(&w);

	/* a group added later comes last */
	int64_t id;
	assert_int_equal(store_group_add(st, "見学", &id, &err), MM_OK);
	assert_int_equal(store_groups(st, &g, &n, &err), MM_OK);
	assert_int_equal(n, 4);
	assert_string_equal(g[3].name, "見学");
	assert_int_equal(g[3].id, id);
	group_list_free(g, n);

	free(scen);
	store_close(st);
	free(path);
}

/* --- who may change what --- */

static void assert_room(store *st, const char *want_session, const char *want_activity)
{
	room_state r;
	mm_error err = {0};
	assert_int_equal(store_room_get(st, &r, &err), MM_OK);
	assert_string_equal(r.session, want_session);
	assert_string_equal(r.activity, want_activity);
}

static void test_roles(void **state)
{
	(void)state;
	char *path = fresh_db("roles.db");
	store *st = create_ok(path);
	create_workshop(st, 3);
	mm_error err = {0};
	assert_int_equal(store_get_role(st), ROLE_FACILITATOR);
	assert_string_equal(store_who(st), "facilitator");
	assert_int_equal(store_room_set(st, "ws01", "ws01-intro", &err), MM_OK);

	/* a group that exists */
	assert_int_equal(store_set_role(st, ROLE_GROUP, "2", &err), MM_OK);
	assert_int_equal(store_get_role(st), ROLE_GROUP);
	assert_string_equal(store_who(st), "group:2");
	group_info *g;
	int n;
	assert_int_equal(store_groups(st, &g, &n, &err), MM_OK);
	assert_int_equal(store_group_id(st), g[1].id);
	group_list_free(g, n);

	/* a group cannot move the room */
	assert_int_equal(store_room_set(st, "ws02", "", &err), MM_EDENIED);
	assert_null(strchr(err.msg, '\n'));
	assert_int_equal(store_room_toggle_pause(st, 50, &err), MM_EDENIED);
	assert_room(st, "ws01", "ws01-intro");

	/* a group that does not exist */
	assert_int_equal(store_set_role(st, ROLE_GROUP, "9", &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "\"9\""));
	assert_null(strchr(err.msg, '\n'));

	/* the projector view cannot change anything */
	assert_int_equal(store_set_role(st, ROLE_PRESENTER, NULL, &err), MM_OK);
	assert_string_equal(store_who(st), "presenter");
	assert_int_equal(store_group_id(st), 0);
	assert_int_equal(store_room_set(st, "ws02", "", &err), MM_EDENIED);
	assert_int_equal(store_group_add(st, "4", NULL, &err), MM_EDENIED);
	assert_room(st, "ws01", "ws01-intro");
	assert_int_equal(store_count(st, "grp"), 3);

	/* the facilitator can */
	assert_int_equal(store_set_role(st, ROLE_FACILITATOR, NULL, &err), MM_OK);
	assert_int_equal(store_room_set(st, "ws02", "ws02-intro", &err), MM_OK);
	assert_room(st, "ws02", "ws02-intro");

	/* and another terminal sees it */
	store *other = open_ok(path);
	assert_room(other, "ws02", "ws02-intro");
	store_close(other);
	store_close(st);
	free(path);
}

/* --- the session timer --- */

static void set_now(const char *t)
{
	assert_int_equal(setenv("MAMORI_NOW", t, 1), 0);
}

static room_state room(store *st)
{
	room_state r;
	mm_error err = {0};
	assert_int_equal(store_room_get(st, &r, &err), MM_OK);
	return r;
}

static void test_room_timer(void **state)
{
	(void)state;
	char *path = fresh_db("timer.db");
	store *st = create_ok(path);
	create_workshop(st, 2);
	mm_error err = {0};

	room_state r = room(st);
	assert_string_equal(r.session, "");
	assert_int_equal(room_elapsed(&r, 5000), 0); /* no session yet */

	set_now("1000");
	assert_int_equal(store_now(), 1000);
	assert_int_equal(store_room_set(st, "s1", "a1", &err), MM_OK);
	r = room(st);
	assert_int_equal(r.started_at, 1000);
	assert_int_equal(room_elapsed(&r, 1300), 300);

	/* paused at 1300: the clock stands still */
	assert_int_equal(store_room_toggle_pause(st, 1300, &err), MM_OK);
	r = room(st);
	assert_int_equal(r.paused_at, 1300);
	assert_int_equal(room_elapsed(&r, 1300), 300);
	assert_int_equal(room_elapsed(&r, 1450), 300);
	/* resumed at 1500 */
	assert_int_equal(store_room_toggle_pause(st, 1500, &err), MM_OK);
	r = room(st);
	assert_int_equal(r.paused_at, 0);
	assert_int_equal(r.paused_total, 200);
	assert_int_equal(room_elapsed(&r, 1600), 400);

	/* another activity in the same session does not restart the timer */
	set_now("1700");
	assert_int_equal(store_room_set(st, "s1", "a2", &err), MM_OK);
	r = room(st);
	assert_string_equal(r.activity, "a2");
	assert_int_equal(r.started_at, 1000);
	assert_int_equal(room_elapsed(&r, 1700), 500);

	/* paused, then on to another session: a fresh, running timer */
	assert_int_equal(store_room_toggle_pause(st, 1800, &err), MM_OK);
	set_now("2000");
	assert_int_equal(store_room_set(st, "s2", "", &err), MM_OK);
	r = room(st);
	assert_string_equal(r.session, "s2");
	assert_string_equal(r.activity, "");
	assert_int_equal(r.started_at, 2000);
	assert_int_equal(r.paused_at, 0);
	assert_int_equal(r.paused_total, 0);
	assert_int_equal(room_elapsed(&r, 2100), 100);

	/* and back to s1 continues s1's clock where it stood (600 s, frozen by
	 * the pause at 1800), and a1's (500 s, when a2 took over at 1700) */
	set_now("3000");
	assert_int_equal(store_room_set(st, "s1", "a1", &err), MM_OK);
	r = room(st);
	assert_int_equal(r.paused_at, 0);
	assert_int_equal(room_elapsed(&r, 3060), 660);
	assert_int_equal(room_activity_elapsed(&r, 3060), 560);

	/* a2 ran 100 s (1700 to the pause at 1800) and continues from there */
	set_now("3100");
	assert_int_equal(store_room_set(st, "s1", "a2", &err), MM_OK);
	r = room(st);
	assert_int_equal(room_elapsed(&r, 3100), 700);
	assert_int_equal(room_activity_elapsed(&r, 3100), 100);
	assert_int_equal(room_activity_elapsed(&r, 3130), 130);
	/* pausing stops the activity's clock too */
	assert_int_equal(store_room_toggle_pause(st, 3130, &err), MM_OK);
	r = room(st);
	assert_int_equal(room_activity_elapsed(&r, 3500), 130);
	assert_int_equal(store_room_toggle_pause(st, 3500, &err), MM_OK);
	r = room(st);
	assert_int_equal(room_activity_elapsed(&r, 3510), 140);

	/* s2 kept its 1000 s (2000 to 3000) */
	set_now("4000");
	assert_int_equal(store_room_set(st, "s2", "", &err), MM_OK);
	r = room(st);
	assert_int_equal(room_elapsed(&r, 4000), 1000);
	assert_int_equal(room_activity_elapsed(&r, 4000), 0);
	/* setting the room where it already is changes nothing */
	set_now("4100");
	assert_int_equal(store_room_set(st, "s2", "", &err), MM_OK);
	r = room(st);
	assert_int_equal(room_elapsed(&r, 4100), 1100);

	unsetenv("MAMORI_NOW");
	store_close(st);
	free(path);
}

/* --- noticing other terminals --- */

static void test_store_changed(void **state)
{
	(void)state;
	char *path = fresh_db("changed.db");
	store *a = create_ok(path);
	create_workshop(a, 2);
	store *b = open_ok(path);
	mm_error err = {0};
	assert_false(store_changed(a));
	assert_false(store_changed(b));

	/* a writes: b notices once, a does not notice itself */
	assert_int_equal(store_room_set(a, "ws01", "", &err), MM_OK);
	assert_true(store_changed(b));
	assert_false(store_changed(b));
	assert_false(store_changed(a));

	/* and the other way round */
	assert_int_equal(store_group_add(b, "4", NULL, &err), MM_OK);
	assert_true(store_changed(a));
	assert_false(store_changed(a));
	assert_false(store_changed(b));

	/* b writes, then a writes before its next look: b's write is still
	 * news to a (its own commit must not swallow it) */
	assert_int_equal(store_group_add(b, "5", NULL, &err), MM_OK);
	assert_int_equal(store_room_set(a, "ws02", "", &err), MM_OK);
	assert_true(store_changed(a));
	assert_false(store_changed(a));

	/* a write refused for lack of rights is no change */
	assert_int_equal(store_set_role(b, ROLE_PRESENTER, NULL, &err), MM_OK);
	assert_int_equal(store_room_set(b, "ws02", "", &err), MM_EDENIED);
	assert_false(store_changed(a));

	store_close(b);
	store_close(a);
	free(path);
}

/* --- the view state the projector mirrors --- */

static void test_room_view(void **state)
{
	(void)state;
	char *path = fresh_db("view.db");
	store *st = create_ok(path);
	create_workshop(st, 2);
	mm_error err = {0};
	room_view v;
	assert_int_equal(store_room_view_get(st, &v, &err), MM_OK);
	assert_string_equal(v.activity, "");
	assert_string_equal(v.state, "");
	room_view_free(&v);

	/* a record of numbers and text, text with line breaks and backslashes */
	buf rec = {0};
	vstate_int(&rec, "top", 12);
	vstate_str(&rec, "filter", "サーバ\n2行目\\");
	vstate_int(&rec, "neg", -3);
	assert_int_equal(store_room_view_set(st, "asset-ledger", 2, buf_str(&rec), &err), MM_OK);
	assert_int_equal(store_room_view_get(st, &v, &err), MM_OK);
	assert_string_equal(v.activity, "asset-ledger");
	assert_int_equal(v.owner, 2);
	assert_int_equal(vstate_get_int(v.state, "top", 0), 12);
	assert_int_equal(vstate_get_int(v.state, "neg", 0), -3);
	assert_int_equal(vstate_get_int(v.state, "to", 7), 7); /* a prefix is not the key */
	assert_int_equal(vstate_get_int(v.state, "filter", 7), 7); /* not a number */
	buf text = {0};
	assert_true(vstate_get_str(v.state, "filter", &text));
	assert_string_equal(buf_str(&text), "サーバ\n2行目\\");
	assert_false(vstate_get_str(v.state, "search", &text));
	buf_free(&text);
	buf_free(&rec);
	room_view_free(&v);

	/* only the facilitator writes it */
	assert_int_equal(store_set_role(st, ROLE_PRESENTER, NULL, &err), MM_OK);
	assert_int_equal(store_room_view_set(st, "risk-table", 1, "", &err), MM_EDENIED);
	assert_int_equal(store_room_view_get(st, &v, &err), MM_OK);
	assert_string_equal(v.activity, "asset-ledger");
	room_view_free(&v);
	store_close(st);
	free(path);
}

/* --- the schema --- */

/* A database of schema 1 (before the room knew whose work is shown) opens
 * in this version: it is brought forward and keeps its data. */
static void test_migrate_from_version_1(void **state)
{
	(void)state;
	char *path = fresh_db("v1.db");
	store *st = create_ok(path);
	create_workshop(st, 3);
	mm_error err;
	assert_int_equal(store_room_set(st, "ws05", "asset-ledger", &err), MM_OK);
	store_close(st);
	/* take it back to schema 1 */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	/* rows written before schema 9 kept no count: the migration counts them */
	exec_ok(db, "INSERT INTO sheet(id, activity, owner_kind, owner_id) "
		"VALUES (90, 'asset-ledger', 'group', 1), (91, 'risk-table', 'group', 1)");
	exec_ok(db, "INSERT INTO sheet_row(sheet_id, position, deleted) "
		"VALUES (90, 1, 0), (90, 2, 0), (90, 3, 1), (91, 1, 0)");
	exec_ok(db, "DROP TRIGGER sheet_live_insert");
	exec_ok(db, "DROP TRIGGER sheet_live_delete");
	exec_ok(db, "DROP TRIGGER sheet_live_update");
	exec_ok(db, "DROP TRIGGER sheet_live_sheet_gone");
	exec_ok(db, "DROP TABLE sheet_live");
	exec_ok(db, "ALTER TABLE room DROP COLUMN owner");
	exec_ok(db, "ALTER TABLE room DROP COLUMN activity_base");
	exec_ok(db, "ALTER TABLE room DROP COLUMN message");
	exec_ok(db, "DROP TABLE room_lock");
	exec_ok(db, "DROP TABLE room_clock");
	exec_ok(db, "DROP TABLE drill_event");
	exec_ok(db, "DROP TABLE room_view");
	exec_ok(db, "DROP TABLE person_code");
	exec_ok(db, "DROP TABLE draft");
	exec_ok(db, "CREATE TABLE draft(who TEXT NOT NULL, place TEXT NOT NULL, text TEXT NOT NULL, "
		"at INTEGER NOT NULL, PRIMARY KEY (who, place))");
	exec_ok(db, "INSERT INTO draft VALUES ('group:1', 'table:x:0:1:5:name', '書きかけ', 1)");
	exec_ok(db, "PRAGMA user_version = 1");
	sqlite3_close(db);

	assert_int_equal(store_open(path, &st, &err), MM_OK);
	assert_int_equal(query_int(store_db(st), "PRAGMA user_version"), migrate_latest());
	room_state r;
	assert_int_equal(store_room_get(st, &r, &err), MM_OK);
	assert_string_equal(r.session, "ws05");
	assert_string_equal(r.activity, "asset-ledger");
	assert_int_equal(r.owner, 0);
	assert_int_equal(store_room_set_owner(st, 2, &err), MM_OK);
	assert_int_equal(store_room_get(st, &r, &err), MM_OK);
	assert_int_equal(r.owner, 2);
	/* the room's message and locks came with the migration */
	assert_string_equal(r.message, "");
	assert_int_equal(store_room_set_message(st, "あと5分です", &err), MM_OK);
	assert_int_equal(store_room_get(st, &r, &err), MM_OK);
	assert_string_equal(r.message, "あと5分です");
	assert_int_equal(store_room_set_message(st, "", &err), MM_OK);
	assert_int_equal(store_room_get(st, &r, &err), MM_OK);
	assert_string_equal(r.message, "");
	bool locked = true;
	assert_int_equal(store_activity_locked(st, "asset-ledger", &locked, &err), MM_OK);
	assert_false(locked);
	assert_int_equal(store_count(st, "grp"), 3);
	/* a draft of schema 1 is still offered back (it has no terminal) */
	assert_int_equal(query_int(store_db(st), "SELECT COUNT(*) FROM draft WHERE pid = 0 "
		"AND base = -1 AND text = '書きかけ'"), 1);
	assert_int_equal(query_int(store_db(st), "SELECT n FROM sheet_live WHERE sheet_id = 90"), 2);
	assert_int_equal(query_int(store_db(st), "SELECT n FROM sheet_live WHERE sheet_id = 91"), 1);
	store_close(st);
	free(path);
}

static void test_migrate_fresh_database(void **state)
{
	(void)state;
	char *path = fresh_db("raw.sqlite");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	mm_error err = {0};
	assert_int_equal(migrate_run(db, 0, &err), MM_OK);
	static const char *const tables[] = {"sheet", "sheet_row", "cell", "change", "room",
		"draft", "grp", "company", "person", "workshop", "meta", "room_view"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
			"AND name = '%s'", tables[i]);
		if (query_int(db, sql) != 1)
			fail_msg("table %s is missing", tables[i]);
	}
	assert_int_equal(query_int(db, "PRAGMA user_version"), migrate_latest());
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM room"), 1); /* the room exists */
	/* running it again at the latest version changes nothing */
	assert_int_equal(migrate_run(db, migrate_latest(), &err), MM_OK);
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM room"), 1);
	sqlite3_close(db);
	free(path);

	/* a failing step leaves the database as it was */
	path = fresh_db("clash.sqlite");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "CREATE TABLE room(x TEXT)");
	assert_int_equal(migrate_run(db, 0, &err), MM_EDB);
	assert_null(strchr(err.msg, '\n'));
	assert_non_null(strstr(err.msg, "room"));
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"), 1);
	assert_int_equal(query_int(db, "PRAGMA user_version"), 0);
	assert_int_equal(sqlite3_get_autocommit(db), 1); /* no transaction left open */
	sqlite3_close(db);
	free(path);
}

/* --- the demo workshop --- */

static void test_demo_populate(void **state)
{
	(void)state;
	char *path = fresh_db("demo.db");
	store *st = create_ok(path);
	mm_error err = {0};
	if (demo_populate(st, &err) != MM_OK)
		fail_msg("demo_populate: %s", err.msg);
	assert_int_equal(store_count(st, "grp"), DEMO_GROUPS);
	assert_int_equal(store_count(st, "grp"), 5);
	assert_int_equal(store_count(st, "company"), 30);
	assert_int_equal(store_count(st, "person"), 30);

	sqlite3 *db = store_db(st);
	/* six people per group, each from a different company */
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT grp_id, COUNT(*), COUNT(DISTINCT company_id) "
		"FROM person GROUP BY grp_id ORDER BY grp_id", -1, &s, NULL), SQLITE_OK);
	int groups = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		assert_true(sqlite3_column_type(s, 0) != SQLITE_NULL);
		assert_int_equal(sqlite3_column_int(s, 1), 6);
		assert_int_equal(sqlite3_column_int(s, 2), 6);
		groups++;
	}
	sqlite3_finalize(s);
	assert_int_equal(groups, 5);
	/* nobody without a company, and each company sits in its person's group */
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM person WHERE company_id IS NULL"), 0);
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM person p JOIN company c "
		"ON c.id = p.company_id WHERE c.grp_id IS NOT p.grp_id"), 0);
	assert_int_equal(query_int(db, "SELECT COUNT(DISTINCT company_id) FROM person"), 30);

	/* the bundled program is the workshop's scenario */
	workshop_info w;
	assert_int_equal(store_workshop_get(st, &w, &err), MM_OK);
	assert_non_null(strstr(w.scenario_json, "\"mamori-scenario/1\""));
	assert_non_null(strstr(w.scenario_json, "\"ws10\""));
	workshop_info_free(&w);
	store_close(st);
	free(path);
}


/* --- the database file itself (issue 10) --- */

/* A workshop with a few cells written, closed (so everything is in the main
 * file): the path, malloc'd. */
static char *db_with_cells(const char *name)
{
	char *path = fresh_db(name);
	store *st = create_ok(path);
	create_workshop(st, 2);
	sqlite3 *db = store_db(st);
	exec_ok(db, "INSERT INTO sheet(id, activity, owner_kind, owner_id) VALUES (1, 'asset-ledger', 'group', 1)");
	for (int r = 1; r <= 40; r++) {
		char sql[300];
		snprintf(sql, sizeof sql, "INSERT INTO sheet_row(id, sheet_id, position) VALUES (%d, 1, %d);"
			"INSERT INTO cell(row_id, col, value, who, at) VALUES (%d, 'name', 'PC %d', 'group:1', 1),"
			"(%d, 'note', 'note %d', 'group:1', 1)", r, r, r, r, r, r);
		exec_ok(db, sql);
	}
	store_close(st);
	assert_false(sidecar_exists(path, "-wal"));
	return path;
}

/* Overwrites N bytes at OFFSET of the first page of table TABLE's b-tree. */
static void corrupt_table_page(const char *path, const char *table, long offset, int byte, size_t n)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT rootpage FROM sqlite_master WHERE name = '%s'", table);
	int root = query_int(db, sql);
	int page = query_int(db, "PRAGMA page_size");
	sqlite3_close(db);
	assert_true(root > 1);
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, (long)(root - 1) * page + offset, SEEK_SET), 0);
	for (size_t k = 0; k < n; k++)
		fputc(byte, f);
	assert_int_equal(fclose(f), 0);
}

static void assert_damaged(const char *path)
{
	snap s = take_snap(path);
	store *st = NULL;
	mm_error err = {0};
	mm_status rc = store_open(path, &st, &err);
	store_close(st);
	if (rc == MM_OK)
		fail_msg("a damaged %s was opened as if it were sound", path);
	assert_non_null(strstr(err.msg, "damaged"));
	assert_non_null(strstr(err.msg, "restore it from a backup"));
	assert_null(strchr(err.msg, '\n'));
	assert_bytes_unchanged(path, &s);
}

/* A corrupted page of the cell table: refused on opening with "damaged",
 * never read as blank cells (issue 10, defect 4). */
static void test_corrupt_cell_page(void **state)
{
	(void)state;
	/* the cell pointers of the page: the rows read back blank */
	char *path = db_with_cells("corrupt-pointers.db");
	corrupt_table_page(path, "cell", 8, 0x07, 40);
	assert_damaged(path);
	free(path);
	/* the page header: every read of the table fails */
	path = db_with_cells("corrupt-header.db");
	corrupt_table_page(path, "cell", 0, 0xff, 64);
	assert_damaged(path);
	free(path);
	/* the workshop's own table */
	path = db_with_cells("corrupt-workshop.db");
	corrupt_table_page(path, "workshop", 0, 0x00, 12);
	assert_damaged(path);
	free(path);
}

/* A database cut short (a half-finished copy) is damaged, not empty. */
static void test_truncated_database(void **state)
{
	(void)state;
	const long sizes[] = {-2, 100};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		char name[40];
		snprintf(name, sizeof name, "cut%zu.db", k);
		char *path = db_with_cells(name);
		struct stat sb;
		assert_int_equal(stat(path, &sb), 0);
		long to = sizes[k] < 0 ? (long)sb.st_size / -sizes[k] : sizes[k];
		assert_int_equal(truncate(path, to), 0);
		assert_damaged(path);
		free(path);
	}
}

/* The files in the test directory whose name starts with PREFIX: the first
 * one's path (static), or NULL. */
static const char *find_file(const char *prefix)
{
	static char found[600];
	DIR *d = opendir(tu_tmpdir());
	assert_non_null(d);
	const char *res = NULL;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
			snprintf(found, sizeof found, "%s/%s", tu_tmpdir(), e->d_name);
			res = found;
			break;
		}
	closedir(d);
	return res;
}

static void remove_drafts(void)
{
	const char *p;
	while ((p = find_file("mamori-draft-")))
		assert_int_equal(unlink(p), 0);
}

/* The database deleted or replaced under a running terminal: no write
 * "succeeds" into the old file any more, and what was being typed goes to a
 * draft file beside where the database was (issue 10, defect 6). */
static void gone_case(bool replace)
{
	remove_drafts();
	char *path = fresh_db(replace ? "gone-replaced.db" : "gone-unlinked.db");
	store *st = create_ok(path);
	create_workshop(st, 2);
	mm_error err = {0};
	assert_int_equal(store_set_role(st, ROLE_GROUP, "2", &err), MM_OK);
	assert_int_equal(store_draft_save(st, "cell:1:name", "まだ保存していない文", -1, &err), MM_OK);
	snap s = {0};
	if (replace) {
		/* another workshop copied over it, as a restore from a backup does */
		char *other = xstrdup(tu_path("other.db"));
		store *o = create_ok(other);
		create_workshop(o, 3);
		store_close(o);
		assert_int_equal(rename(other, path), 0);
		free(other);
		s = take_snap(path);
	} else {
		assert_int_equal(unlink(path), 0);
	}
	/* writes are refused, saying why */
	mm_status rc = store_draft_drop(st, "nothing", &err);
	assert_int_not_equal(store_group_add(st, "9", NULL, &err), MM_OK);
	assert_non_null(strstr(err.msg, "deleted or replaced"));
	assert_null(strchr(err.msg, '\n'));
	(void)rc;
	/* what is typed now is kept in a file beside the database */
	assert_int_equal(store_draft_save(st, "cell:1:name", "まだ保存していない文です", -1, &err), MM_OK);
	const char *draft = find_file("mamori-draft-2-");
	if (!draft)
		fail_msg("no mamori-draft-2-*.txt beside %s", path);
	char *text = tu_read_file(draft, NULL);
	assert_non_null(text);
	assert_non_null(strstr(text, "まだ保存していない文です"));
	free(text);
	struct stat sb;
	assert_int_equal(stat(draft, &sb), 0);
	assert_int_equal(sb.st_mode & 0077, 0); /* the text may be private */
	store_close(st);
	if (replace) {
		/* the file put in its place is untouched */
		assert_bytes_unchanged(path, &s);
		store *o = open_ok(path);
		assert_int_equal(store_count(o, "grp"), 3);
		store_close(o);
	}
	remove_drafts();
	free(path);
}

static void test_gone_replaced(void **state)
{
	(void)state;
	gone_case(true);
}

static void test_gone_unlinked(void **state)
{
	(void)state;
	gone_case(false);
}

/* The disk fills up while a group writes a table (SQLite's max_page_count
 * stands in for the disk): the write says the disk is full and what to do,
 * in one line, and nothing half-written stays. */
static void test_disk_full_write(void **state)
{
	(void)state;
	char *text = NULL;
	scenario *sc = tu_load_scenario(SOURCE_ROOT "/scenarios/sme-program.json", &text);
	const table_def *ledger = tu_table_of(sc, "asset-ledger");
	char *path = fresh_db("full-write.db");
	store *st = create_ok(path);
	mm_error err = {0};
	assert_int_equal(store_workshop_create(st, "t", text, 2, &err), MM_OK);
	sheet *s = NULL;
	assert_int_equal(sheet_open(st, ledger, OWNER_GROUP, 1, &s, &err), MM_OK);
	char sql[80];
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %d",
		query_int(store_db(st), "PRAGMA page_count") + 2);
	exec_ok(store_db(st), sql);
	char big[3000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	const char **vals = xcalloc((size_t)ledger->ncols + 1, sizeof *vals);
	for (int k = 0; k < ledger->ncols; k++)
		vals[k] = ledger->cols[k].type == COL_TEXT ? big : NULL;
	mm_status rc = MM_OK;
	int rows = 0;
	for (; rows < 200 && rc == MM_OK; rows++)
		rc = sheet_insert(st, s, s->nrows, vals, NULL, NULL, &err);
	assert_int_not_equal(rc, MM_OK);
	assert_non_null(strstr(err.msg, "is full; free some space"));
	assert_null(strchr(err.msg, '\n'));
	/* what was refused left nothing: the sheet reads back as the rows saved */
	int saved = query_int(store_db(st), "SELECT count(*) FROM sheet_row");
	assert_int_equal(saved, rows - 1);
	free(vals);
	sheet_free(s);
	store_close(st);
	/* a full disk during the workshop never costs the file */
	st = open_ok(path);
	workshop_info w;
	assert_int_equal(store_workshop_get(st, &w, &err), MM_OK);
	workshop_info_free(&w);
	assert_int_equal(query_int(store_db(st), "SELECT count(*) FROM sheet_row"), rows - 1);
	store_close(st);
	free(path);
	scenario_free(sc);
	free(text);
}

/* The -wal of an open database deleted (by hand, or by a terminal that saw
 * the file replaced while this one had just opened the new file): a write
 * would go into the deleted -wal and be lost, so it is refused. */
static void test_wal_deleted_under_store(void **state)
{
	(void)state;
	char *path = fresh_db("wal-gone.db");
	store *st = create_ok(path);
	create_workshop(st, 2);
	mm_error err = {0};
	assert_int_equal(store_group_add(st, "3", NULL, &err), MM_OK);
	assert_true(sidecar_exists(path, "-wal"));
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", path);
	assert_int_equal(unlink(wal), 0);
	assert_int_not_equal(store_group_add(st, "4", NULL, &err), MM_OK);
	assert_non_null(strstr(err.msg, "deleted or replaced"));
	assert_true(store_gone(st));
	store_close(st);
	free(path);
}

/* The database's whole directory removed under a running terminal: the
 * draft goes to the home directory, and the store says where. */
static void test_gone_directory_draft_home(void **state)
{
	(void)state;
	remove_drafts();
	char dir[600];
	snprintf(dir, sizeof dir, "%s/room", tu_tmpdir());
	assert_int_equal(mkdir(dir, 0700), 0);
	char path[700];
	snprintf(path, sizeof path, "%s/ws.db", dir);
	store *st = create_ok(path);
	create_workshop(st, 2);
	mm_error err = {0};
	assert_int_equal(store_set_role(st, ROLE_GROUP, "1", &err), MM_OK);
	char cmd[800];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	const char *old_home = getenv("HOME");
	char *saved = old_home ? xstrdup(old_home) : NULL;
	setenv("HOME", tu_tmpdir(), 1);
	assert_true(store_gone(st));
	assert_int_equal(store_draft_save(st, "doc:1", "家に残す文", -1, &err), MM_OK);
	const char *where = NULL;
	assert_int_equal(store_rescue_drafts(st, &where, &err), MM_OK);
	assert_non_null(where);
	assert_int_equal(strncmp(where, tu_tmpdir(), strlen(tu_tmpdir())), 0);
	char *text = tu_read_file(where, NULL);
	assert_non_null(text);
	assert_non_null(strstr(text, "家に残す文"));
	free(text);
	if (saved)
		setenv("HOME", saved, 1);
	else
		unsetenv("HOME");
	free(saved);
	store_close(st);
	remove_drafts();
}

int main(void)
{
	i18n_set_lang(LANG_EN); /* the messages checked below are the English ones */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_reopen),
		cmocka_unit_test(test_create_refuses_existing_path),
		cmocka_unit_test(test_open_missing_file),
		cmocka_unit_test(test_refuses_text_and_empty_files),
		cmocka_unit_test(test_refuses_plain_sqlite_database),
		cmocka_unit_test(test_refuses_directory),
		cmocka_unit_test(test_refuses_newer_database),
		cmocka_unit_test(test_refuses_newer_database_still_open),
		cmocka_unit_test(test_readonly_file),
		cmocka_unit_test(test_workshop_and_groups),
		cmocka_unit_test(test_roster_lookups),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_room_timer),
		cmocka_unit_test(test_store_changed),
		cmocka_unit_test(test_room_view),
		cmocka_unit_test(test_migrate_fresh_database),
		cmocka_unit_test(test_migrate_from_version_1),
		cmocka_unit_test(test_demo_populate),
		cmocka_unit_test(test_corrupt_cell_page),
		cmocka_unit_test(test_truncated_database),
		cmocka_unit_test(test_gone_replaced),
		cmocka_unit_test(test_gone_unlinked),
		cmocka_unit_test(test_disk_full_write),
		cmocka_unit_test(test_wal_deleted_under_store),
		cmocka_unit_test(test_gone_directory_draft_home),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tu_cleanup();
	return rc;
}
