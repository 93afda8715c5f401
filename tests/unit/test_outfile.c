/* test_outfile.c — core/outfile.c, the one writer of files the user asked
 * for: never over the workshop (any name of it, its side files), never over
 * an SQLite file, over another file only when forced, never half written. */
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "outfile.h"

static char *path_of(const char *name)
{
	return xstrdup(tu_path(name));
}

static int entries(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void test_new_file_written_whole(void **state)
{
	(void)state;
	char *p = path_of("a.md");
	mm_error err;
	assert_int_equal(outfile_write(p, "# 報告\n", 9, 0, NULL, &err), MM_OK);
	size_t n;
	char *s = tu_read_file(p, &n);
	assert_string_equal(s, "# 報告\n");
	free(s);
	assert_int_equal(entries(tu_tmpdir()), 1); /* no temporary file left */
	free(p);
	tu_cleanup();
}

static void test_existing_needs_force(void **state)
{
	(void)state;
	char *p = path_of("b.md");
	tu_write_file(p, "keep", 4);
	chmod(p, 0640);
	mm_error err;
	assert_int_equal(outfile_write(p, "new", 3, 0, NULL, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "--force"));
	char *s = tu_read_file(p, NULL);
	assert_string_equal(s, "keep");
	free(s);
	assert_int_equal(outfile_write(p, "new", 3, OUTFILE_FORCE, NULL, &err), MM_OK);
	s = tu_read_file(p, NULL);
	assert_string_equal(s, "new");
	free(s);
	struct stat st;
	stat(p, &st);
	assert_int_equal(st.st_mode & 0777, 0640); /* a replaced file keeps its mode */
	free(p);
	tu_cleanup();
}

static void test_never_over_the_database(void **state)
{
	(void)state;
	char *db = path_of("ws.db"), *hard = path_of("hard.md"), *sym = path_of("sym.md");
	char *wal = path_of("ws.db-wal");
	tu_write_file(db, "not even SQLite", 15);
	assert_int_equal(link(db, hard), 0);
	assert_int_equal(symlink(db, sym), 0);
	mm_error err;
	const char *names[] = {db, hard, sym, wal};
	for (int k = 0; k < 4; k++)
		assert_int_equal(outfile_write(names[k], "x", 1, OUTFILE_FORCE, db, &err), MM_EUSER);
	assert_int_equal(access(wal, F_OK), -1); /* not even a new side file */
	char *s = tu_read_file(db, NULL);
	assert_string_equal(s, "not even SQLite");
	free(s);
	free(db), free(hard), free(sym), free(wal);
	tu_cleanup();
}

static void test_never_over_sqlite(void **state)
{
	(void)state;
	char *p = path_of("other.db");
	tu_write_file(p, "SQLite format 3\0rest", 20);
	mm_error err;
	assert_int_equal(outfile_write(p, "x", 1, OUTFILE_FORCE, NULL, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "SQLite"));
	size_t n;
	char *s = tu_read_file(p, &n);
	assert_int_equal(n, 20);
	free(s);
	free(p);
	tu_cleanup();
}

static void test_write_new_picks_a_free_name(void **state)
{
	(void)state;
	char *stem = path_of("asset-ledger-1");
	char *first = path_of("asset-ledger-1.csv");
	tu_write_file(first, "old", 3);
	buf path = {0};
	mm_error err;
	assert_int_equal(outfile_write_new(stem, "csv", "a,b\n", 4, &path, &err), MM_OK);
	assert_non_null(strstr(buf_str(&path), "asset-ledger-1-2.csv"));
	char *s = tu_read_file(first, NULL);
	assert_string_equal(s, "old");
	free(s);
	s = tu_read_file(buf_str(&path), NULL);
	assert_string_equal(s, "a,b\n");
	free(s);
	assert_int_equal(entries(tu_tmpdir()), 2);
	buf_free(&path);
	free(stem), free(first);
	tu_cleanup();
}

/* A write that fails part way (the file-size limit, in a child) leaves no
 * file at all, for both writers, and an old file whole. */
static void test_failed_write_leaves_nothing(void **state)
{
	(void)state;
	char *p = path_of("big.md"), *old = path_of("old.md"), *stem = path_of("view");
	tu_write_file(old, "old", 3);
	size_t n = 1 << 20;
	char *data = xmalloc(n);
	memset(data, 'x', n);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGXFSZ, SIG_IGN);
		struct rlimit rl = {65536, 65536};
		setrlimit(RLIMIT_FSIZE, &rl);
		mm_error err;
		buf path = {0};
		int bad = outfile_write(p, data, n, 0, NULL, &err) != MM_EIO;
		bad |= outfile_write(old, data, n, OUTFILE_FORCE, NULL, &err) != MM_EIO;
		bad |= outfile_write_new(stem, "md", data, n, &path, &err) != MM_EIO;
		_exit(bad);
	}
	int st;
	waitpid(pid, &st, 0);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(access(p, F_OK), -1);
	char *s = tu_read_file(old, NULL);
	assert_string_equal(s, "old");
	free(s);
	assert_int_equal(entries(tu_tmpdir()), 1); /* only old.md */
	free(data);
	free(p), free(old), free(stem);
	tu_cleanup();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_file_written_whole),
		cmocka_unit_test(test_existing_needs_force),
		cmocka_unit_test(test_never_over_the_database),
		cmocka_unit_test(test_never_over_sqlite),
		cmocka_unit_test(test_write_new_picks_a_free_name),
		cmocka_unit_test(test_failed_write_leaves_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
