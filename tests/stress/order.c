/*
 * order.c — a row moved on one terminal stays where it was moved, and the
 * sheet's row order agrees with the change log, when another terminal with
 * an older view of the sheet writes next.
 *
 * Two terminals (two stores on one file) on group 1's asset ledger, rows
 * A B C:
 *   1. both insert a row at index 1 from the same view: two new rows with
 *      the same position (the in-memory midpoint of A and B);
 *   2. terminal 1 reloads (it sees A N1 N2 B C);
 *   3. terminal 2 moves C to the top: told ok, logged as a 'move';
 *   4. terminal 1, which has not seen that move, moves B between N1 and N2.
 *      Their positions are equal, so there is no midpoint: the core numbers
 *      the rows afresh from terminal 1's *old* order (A N1 N2 B C), which
 *      puts C back at the bottom, and logs none of it.
 * Then C must still be the first row (what terminal 2 was told), and every
 * row's position must be the one its last logged move gave it.
 *
 *   meson test -C BUILD stress-order
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "demo.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"

#include "logcheck.h"

#ifndef SOURCE_ROOT
#error "SOURCE_ROOT must be defined (the project's source directory)"
#endif

static int fails;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("order: FAIL: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	fails++;
}

static void report_log(int64_t bad, const char *what)
{
	if (bad < 0)
		fail("cannot check the log: %s", what);
	else
		fail("%lld %s", (long long)bad, what);
}

#define MUST(call)                                                         \
	do {                                                                   \
		if ((call) != MM_OK) {                                             \
			fprintf(stderr, "order: %s: %s\n", #call, err.msg);            \
			exit(1);                                                       \
		}                                                                  \
	} while (0)

static int index_of_name(sheet *s, int name_col, const char *name)
{
	for (int r = 0; r < s->nrows; r++)
		if (strcmp(s->rows[r].cells[name_col].value, name) == 0)
			return r;
	return -1;
}

int main(void)
{
	i18n_set_lang(LANG_EN);
	char dir[512], db[600];
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/mamori-order-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	snprintf(db, sizeof db, "%s/order.db", dir);
	char *text = NULL;
	buf errs = {0};
	scenario *sc = NULL;
	if (scenario_load_file(SOURCE_ROOT "/scenarios/sme-program.json", &text, &sc, &errs, NULL)
		!= MM_OK) {
		fprintf(stderr, "order: %s", buf_str(&errs));
		return 1;
	}
	buf_free(&errs);
	const table_def *def = scenario_find_activity(sc, "asset-ledger")->table;
	int name = table_col_index(def, "name");
	mm_error err;
	store *st1, *st2;
	MUST(store_create(db, &st1, &err));
	MUST(workshop_init(st1, "order", text, 1, &err));
	MUST(store_open(db, &st2, &err));
	owner_info *g;
	int ng;
	MUST(store_owners(st1, 0, 0, &g, &ng, &err));
	int64_t gid = g[0].id;
	owner_list_free(g, ng);

	sheet *s1, *s2;
	MUST(sheet_open(st1, def, OWNER_GROUP, gid, &s1, &err));
	const char **vals = xcalloc((size_t)def->ncols + 1, sizeof *vals);
	static const char *const names[] = {"A", "B", "C", "N1", "N2"};
	for (int k = 0; k < 3; k++) {
		vals[name] = names[k];
		MUST(sheet_insert(st1, s1, s1->nrows, vals, NULL, NULL, &err));
	}
	MUST(sheet_open(st2, def, OWNER_GROUP, gid, &s2, &err));
	/* 1. both insert at index 1 from the same view */
	vals[name] = "N1";
	MUST(sheet_insert(st1, s1, 1, vals, NULL, NULL, &err));
	vals[name] = "N2";
	MUST(sheet_insert(st2, s2, 1, vals, NULL, NULL, &err));
	free(vals);
	/* 2. terminal 1 sees both */
	MUST(sheet_reload(st1, s1, &err));
	/* 3. terminal 2 moves C to the top */
	int64_t c_id = s2->rows[index_of_name(s2, name, "C")].id;
	MUST(sheet_move(st2, s2, c_id, 0, NULL, &err));
	if (index_of_name(s2, name, "C") != 0)
		fail("terminal 2 does not show C first after moving it there");
	/* 4. terminal 1, not having seen that, moves B between N1 and N2 */
	int b = index_of_name(s1, name, "B"), n1 = index_of_name(s1, name, "N1"),
		n2 = index_of_name(s1, name, "N2");
	int to = n1 < n2 ? n1 + 1 : n2 + 1; /* the slot between them, B coming from below */
	MUST(sheet_move(st1, s1, s1->rows[b].id, to, NULL, &err));

	/* what a third terminal opening the sheet now sees */
	sheet *s3;
	MUST(sheet_open(st1, def, OWNER_GROUP, gid, &s3, &err));
	char order[200] = "";
	for (int r = 0; r < s3->nrows; r++) {
		size_t l = strlen(order);
		snprintf(order + l, sizeof order - l, "%s%s(%g)", r ? " " : "",
			s3->rows[r].cells[name].value, s3->rows[r].pos);
	}
	if (index_of_name(s3, name, "C") != 0)
		fail("C, moved to the top on terminal 2 (told ok, logged), is not first any more: "
			"%s", order);
	if (logcheck_run(store_db(st1), report_log) != 0)
		fail("the row order disagrees with the change log: %s", order);
	printf("order: %s — %s\n", order, fails ? "FAILED" : "C stays first, order agrees with "
		"the log");
	sheet_free(s1);
	sheet_free(s2);
	sheet_free(s3);
	store_close(st2);
	store_close(st1);
	scenario_free(sc);
	free(text);
	char p[700];
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t k = 0; k < 4; k++) {
		snprintf(p, sizeof p, "%s%s", db, suffix[k]);
		unlink(p);
	}
	rmdir(dir);
	return fails ? 1 : 0;
}
