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

static char *name_of(store *st, const char *sql, int64_t id)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_int64(q, 1, id);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	char *s = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return s;
}

static void assert_refused(store *st, const char *csv, const char *want)
{
	int people = store_count(st, "person"), companies = store_count(st, "company"),
		groups = store_count(st, "grp");
	roster_counts c;
	mm_error err = {0};
	assert_int_equal(roster_import(st, csv, strlen(csv), &c, &err), MM_EUSER);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\", want \"%s\" in it", err.msg, want);
	assert_null(strchr(err.msg, '\n'));
	assert_null(strchr(err.msg, '\x1b'));
	assert_int_equal(store_count(st, "person"), people);
	assert_int_equal(store_count(st, "company"), companies);
	assert_int_equal(store_count(st, "grp"), groups);
}

/* 山田, 山田 and 山田　 (an ideographic space) are one person: a list that
 * names them on three lines is refused at the second, naming the first. */
static void test_duplicate_names_refused(void **state)
{
	(void)state;
	store *st = fresh();
	assert_refused(st, "group,company,name\n1,A社,山田\n1,A社,山田 \n1,A社,山田　\n",
		"3 行目 3 列（氏名）");
	assert_refused(st, "group,company,name\n1,A社,山田\n1,A社,山田 \n", "2 行目");
	/* full-width letters and half-width katakana are the same as their usual forms */
	assert_refused(st, "group,company,name\n1,A社,ＡＢＣ　太郎\n1,A社,ABC 太郎\n",
		"3 行目 3 列（氏名）");
	assert_refused(st, "group,company,name\n1,A社,ﾔﾏﾀﾞ ｶﾞｸ\n1,A社,ヤマダ　ガク\n",
		"3 行目 3 列（氏名）");
	/* the same name in two companies is two people */
	roster_counts c;
	mm_error err;
	static const char two[] = "group,company,name\n1,A社,佐藤\n1,B社,佐藤\n";
	assert_int_equal(roster_import(st, two, strlen(two), &c, &err), MM_OK);
	assert_int_equal(c.people, 2);
	i18n_set_lang(LANG_EN);
	assert_refused(st, "group,company,name\n1,A社,山田\n1,A社,　山田\n",
		"line 3, column 3 (氏名): ");
	assert_refused(st, "group,company,name\n1,A社,山田\n1,A社,　山田\n", "line 2");
	i18n_set_lang(LANG_JA);
	store_close(st);
}

/* Names are kept as people read them: spaces at both ends off, inner runs
 * one space, full-width ASCII and half-width katakana in their NFKC forms;
 * the same list with other spacing finds the same people. */
static void test_names_normalised(void **state)
{
	(void)state;
	store *st = fresh();
	static const char list[] = "group,company,name\n"
		"１,　ＡＢＣ商事 ,\t山田　　太郎　\n"
		" 2 ,ﾃｽﾄ工業,ﾊﾟﾋﾟﾌﾟ ｳﾞｨﾝ\n";
	roster_counts c;
	mm_error err;
	if (roster_import(st, list, strlen(list), &c, &err) != MM_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(c.groups, 0); /* １ and " 2 " are groups 1 and 2 */
	assert_int_equal(c.companies, 2);
	assert_int_equal(c.people, 2);
	char *p = name_of(st, "SELECT name FROM person WHERE id = ?1", 1);
	assert_string_equal(p, "山田 太郎");
	free(p);
	p = name_of(st, "SELECT name FROM company WHERE id = ?1", 1);
	assert_string_equal(p, "ABC商事");
	free(p);
	p = name_of(st, "SELECT name FROM person WHERE id = ?1", 2);
	assert_string_equal(p, "パピプ ヴィン");
	free(p);
	p = name_of(st, "SELECT name FROM company WHERE id = ?1", 2);
	assert_string_equal(p, "テスト工業");
	free(p);
	static const char again[] = "group,company,name\n1,ABC商事,山田 太郎\n2,テスト工業,パピプ　ヴィン \n";
	assert_int_equal(roster_import(st, again, strlen(again), &c, &err), MM_OK);
	assert_int_equal(c.people, 0);
	assert_int_equal(c.companies, 0);
	assert_int_equal(c.known, 2);
	/* a name stored before names were normalised is found too */
	int64_t co = 0, g = 0, pid = 0;
	assert_int_equal(store_find(st, 0, "1", 0, &g, &err), MM_OK);
	assert_int_equal(store_company_add(st, "古い会社 ", g, "", 0, &co, &err), MM_OK);
	assert_int_equal(store_person_add(st, "鈴木 ", co, g, "", NULL, &err), MM_OK);
	(void)pid;
	static const char old[] = "group,company,name\n1,古い会社,鈴木\n";
	assert_int_equal(roster_import(st, old, strlen(old), &c, &err), MM_OK);
	assert_int_equal(c.known, 1);
	assert_int_equal(c.people, 0);
	assert_int_equal(c.companies, 0);
	store_close(st);
}

/* A name of spaces only is no name; a column named twice is refused. */
static void test_blank_names_and_duplicate_headers(void **state)
{
	(void)state;
	store *st = fresh();
	assert_refused(st, "group,company,name\n1,A社,田中\n1,A社, 　 \n", "3 行目 3 列（氏名）");
	assert_refused(st, "group,company,name\n1,　,田中\n", "2 行目 2 列（会社）");
	assert_refused(st, "group,company,name,name\n1,A社,田中,木村\n", "1 行目 4 列");
	assert_refused(st, "group,company,氏名,name\n1,A社,田中,木村\n", "1 行目 4 列");
	assert_refused(st, "group,company,name, name \n1,A社,田中,木村\n", "1 行目 4 列");
	/* a header or value echoed in a message is escaped: no ESC reaches the terminal */
	assert_refused(st, "group,company,name,\x1b[2Jrole\n1,A社,田中,x\n", "^[[2Jrole");
	assert_refused(st, "group,company,name,staff\n1,A社,田中,\x1b]0;x\x07\n", "^[]0;x^G");
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
		cmocka_unit_test(test_duplicate_names_refused),
		cmocka_unit_test(test_names_normalised),
		cmocka_unit_test(test_blank_names_and_duplicate_headers),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
