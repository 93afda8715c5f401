/* test_watch.c — a terminal sleeps until another process writes its
 * database: the watch's descriptor stays quiet while nobody writes and
 * becomes readable when another connection commits, also when the -wal file
 * is made only after the watch began; other files in the directory do not
 * count; MAMORI_NO_INOTIFY=1 (and no inotify) means the caller polls. */
#include "testutil.h"

#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"
#include "watch.h"

/* A fresh directory per case: no event from another case's files. */
static char *fresh_dir(const char *name)
{
	char *d = strdup(tu_path(name));
	assert_int_equal(mkdir(d, 0700), 0);
	return d;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Is the watch's descriptor readable within MS? */
static bool readable(store_watch *w, int ms)
{
	struct pollfd p = {.fd = store_watch_fd(w), .events = POLLIN};
	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static store_watch *watch_ok(const char *path)
{
	unsetenv("MAMORI_NO_INOTIFY");
	store_watch *w = store_watch_open(path);
	if (!w)
		skip(); /* no inotify on this system: the caller polls (test below) */
	assert_true(store_watch_fd(w) >= 0);
	return w;
}

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* Two terminals on one workshop: nothing happens, nothing wakes the first;
 * the second saves a draft, the first wakes and the store says it changed. */
static void test_wakes_on_other_terminals_write(void **state)
{
	(void)state;
	char *dir = fresh_dir("two");
	char *path = join(dir, "w.db");
	store *a = NULL, *b = NULL;
	mm_error err = {0};
	if (store_create(path, &a, &err) != MM_OK)
		fail_msg("store_create: %s", err.msg);
	if (store_open(path, &b, &err) != MM_OK)
		fail_msg("store_open: %s", err.msg);
	store_watch *w = watch_ok(path);
	store_watch_drain(w); /* whatever opening did */
	(void)store_changed(a);
	assert_false(readable(w, 0));
	assert_false(store_watch_drain(w));

	long long own_a = store_own_changes(a), own_b = store_own_changes(b);
	if (store_draft_save(b, "table:x", "typed in b", -1, &err) != MM_OK)
		fail_msg("store_draft_save: %s", err.msg);
	assert_true(readable(w, 2000));
	assert_true(store_watch_drain(w));
	assert_false(readable(w, 0)); /* drained: quiet again */
	assert_true(store_changed(a));
	/* b's own write moved b's count, not a's: a's wake was another's */
	assert_true(store_own_changes(b) > own_b);
	assert_true(store_own_changes(a) == own_a);

	/* and again: the watch keeps working after a drain */
	if (store_draft_save(b, "table:y", "more", -1, &err) != MM_OK)
		fail_msg("store_draft_save: %s", err.msg);
	assert_true(readable(w, 2000));
	assert_true(store_watch_drain(w));
	assert_true(store_changed(a));

	store_watch_close(w);
	store_close(b);
	store_close(a);
	free(path);
	free(dir);
}

/* The -wal comes and goes with the last connection: a watch begun while
 * there was none wakes when a writer makes it, and then on the writes into
 * it (the second write makes no new file, only the -wal's own event). */
static void test_wal_made_after_watch(void **state)
{
	(void)state;
	char *dir = fresh_dir("late-wal");
	char *path = join(dir, "w.db");
	char *wal = join(dir, "w.db-wal");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES(1);");
	sqlite3_close(db); /* the last connection: the -wal is removed */
	struct stat sb;
	assert_int_not_equal(stat(wal, &sb), 0);

	store_watch *w = watch_ok(path);
	assert_false(readable(w, 0));
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "INSERT INTO t VALUES(2);");
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(readable(w, 2000));
	assert_true(store_watch_drain(w));
	assert_false(readable(w, 0));

	exec_ok(db, "INSERT INTO t VALUES(3);");
	assert_true(readable(w, 2000));
	assert_true(store_watch_drain(w));
	sqlite3_close(db);
	store_watch_close(w);
	free(wal);
	free(path);
	free(dir);
}

/* Another file made or removed beside the database wakes the descriptor
 * (it is the directory's watch) but is not a change of the database. */
static void test_other_files_do_not_count(void **state)
{
	(void)state;
	char *dir = fresh_dir("others");
	char *path = join(dir, "w.db");
	char *other = join(dir, "notes.txt");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "PRAGMA journal_mode=WAL; CREATE TABLE t(x);");
	store_watch *w = watch_ok(path);
	store_watch_drain(w);
	assert_int_equal(tu_write_file(other, "x", 1), 0);
	assert_int_equal(unlink(other), 0);
	assert_true(readable(w, 2000));
	assert_false(store_watch_drain(w));
	exec_ok(db, "INSERT INTO t VALUES(1);");
	assert_true(readable(w, 2000));
	assert_true(store_watch_drain(w));
	sqlite3_close(db);
	store_watch_close(w);
	free(other);
	free(path);
	free(dir);
}

/* MAMORI_NO_INOTIFY=1: no watch, the caller polls the store; a watch on a
 * file that is not there is none either. */
static void test_no_watch_means_poll(void **state)
{
	(void)state;
	char *dir = fresh_dir("off");
	char *path = join(dir, "w.db");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "PRAGMA journal_mode=WAL; CREATE TABLE t(x);");
	setenv("MAMORI_NO_INOTIFY", "1", 1);
	store_watch *w = store_watch_open(path);
	unsetenv("MAMORI_NO_INOTIFY");
	assert_null(w);
	assert_int_equal(store_watch_fd(w), -1);
	assert_false(store_watch_drain(w));
	store_watch_close(w); /* NULL is fine */
	char *missing = join(dir, "nowhere/x.db");
	assert_null(store_watch_open(missing));
	sqlite3_close(db);
	free(missing);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wakes_on_other_terminals_write),
		cmocka_unit_test(test_wal_made_after_watch),
		cmocka_unit_test(test_other_files_do_not_count),
		cmocka_unit_test(test_no_watch_means_poll),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tu_cleanup();
	return rc;
}
