/* test_roster.c — importing the participant list: groups, companies and
 * people created together, all or nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "i18n.h"
#include "roster.h"
#include "store.h"
#include "testutil.h"

static store *fresh(void)
{
	static int k;
	char name[32];
	snprintf(name, sizeof name, "roster%d.db", k++);
	store *st = NULL;
	mm_error err;
	assert_int_equal(store_create(tu_path(name), &st, &err), MM_OK);
	assert_int_equal(store_workshop_create(st, "t", "{}", 2, &err), MM_OK);
	return st;
}

static int count_people_in(store *st, const char *group)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT COUNT(*) FROM person p "
		"JOIN grp g ON g.id = p.grp_id WHERE g.name = ?1", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, group, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n;
}

static const char roster[] =
	"グループ,会社,氏名,役割,従業員数\r\n"
	"1,株式会社テスト工業,山田 太郎,総務,25\r\n"
	"1,株式会社テスト工業,佐藤 花子,,25\r\n"
	"3,有限会社サンプル,鈴木 一郎,社長,8\r\n";

static void test_import_creates_and_is_idempotent(void **state)
{
	(void)state;
	store *st = fresh();
	roster_counts c;
	mm_error err;
	assert_int_equal(roster_import(st, roster, strlen(roster), &c, &err), MM_OK);
	assert_int_equal(c.groups, 1);    /* group 3 is new; 1 existed */
	assert_int_equal(c.companies, 2);
	assert_int_equal(c.people, 3);
	assert_int_equal(count_people_in(st, "1"), 2);
	assert_int_equal(count_people_in(st, "3"), 1);
	/* the same list again adds nobody twice */
	assert_int_equal(roster_import(st, roster, strlen(roster), &c, &err), MM_OK);
	assert_int_equal(c.people, 0);
	assert_int_equal(c.known, 3);
	assert_int_equal(store_count(st, "person"), 3);
	store_close(st);
}

static void test_bad_line_changes_nothing(void **state)
{
	(void)state;
	store *st = fresh();
	static const char bad[] =
		"group,company,name,staff\n"
		"1,A社,田中 一,10\n"
		"2,B社,,5\n";
	roster_counts c;
	mm_error err;
	assert_int_equal(roster_import(st, bad, strlen(bad), &c, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "3 行目 3 列（氏名）"));
	assert_null(strchr(err.msg, '\n'));
	assert_int_equal(store_count(st, "person"), 0);
	assert_int_equal(store_count(st, "company"), 0);
	static const char staff[] = "group,company,name,staff\n1,A社,田中 一,many\n";
	assert_int_equal(roster_import(st, staff, strlen(staff), &c, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "2 行目 4 列（従業員数）"));
	i18n_set_lang(LANG_EN);
	assert_int_equal(roster_import(st, staff, strlen(staff), &c, &err), MM_EUSER);
	assert_string_equal(err.msg, "line 2, column 4 (従業員数): \"many\" is not a number of staff");
	i18n_set_lang(LANG_JA);
	static const char nohead[] = "group,name\n1,田中\n";
	assert_int_equal(roster_import(st, nohead, strlen(nohead), &c, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "company"));
	assert_int_equal(store_count(st, "company"), 0);
	store_close(st);
}

static void test_company_in_one_group_only(void **state)
{
	(void)state;
	store *st = fresh();
	static const char two[] = "group,company,name\n1,A社,田中 一\n2,A社,木村 二\n";
	roster_counts c;
	mm_error err;
	assert_int_equal(roster_import(st, two, strlen(two), &c, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "3 行目"));
	assert_int_equal(store_count(st, "person"), 0);
	store_close(st);
}

static void test_only_the_facilitator(void **state)
{
	(void)state;
	store *st = fresh();
	mm_error err;
	assert_int_equal(store_set_role(st, ROLE_GROUP, "1", &err), MM_OK);
	roster_counts c;
	assert_int_equal(roster_import(st, roster, strlen(roster), &c, &err), MM_EDENIED);
	assert_int_equal(store_count(st, "person"), 0);
	store_close(st);
}

static int teardown(void **state)
{
	(void)state;
	tu_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_creates_and_is_idempotent),
		cmocka_unit_test(test_bad_line_changes_nothing),
		cmocka_unit_test(test_company_in_one_group_only),
		cmocka_unit_test(test_only_the_facilitator),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
