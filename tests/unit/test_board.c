/* test_board.c — the board kind as a group meets it: dot votes and their
 * per-person limit across the whole board, taking a vote back, who may vote
 * from which terminal, sorting by votes, moving notes between lanes, notes
 * addressed to another group's company arriving in that group's inbox, the
 * Markdown and CSV exports, and the scenario checks a trainer sees. Every
 * case works on its own new database. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "board.h"
#include "buf.h"
#include "demo.h"
#include "i18n.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"

/* ---- a workshop with three groups, two companies and two people each ---- */

static const char *const scenario_text =
	"{\"format\": \"mamori-scenario/1\", \"id\": \"t\", \"title\": \"t\",\n"
	" \"tracks\": [{\"id\": \"workshop\", \"title\": \"w\", \"sessions\": [\n"
	"  {\"id\": \"ws01\", \"number\": 1, \"title\": \"s\", \"minutes\": 90, \"activities\": [\n"
	"   {\"id\": \"probs\", \"kind\": \"board\", \"title\": {\"ja\": \"課題ボード\", \"en\": \"Problems\"},\n"
	"    \"votes\": 3, \"address\": true, \"lanes\": [\n"
	"     {\"id\": \"problems\", \"title\": {\"ja\": \"自社の課題\", \"en\": \"Problems\"}},\n"
	"     {\"id\": \"measures\", \"title\": {\"ja\": \"対策\", \"en\": \"Measures\"}},\n"
	"     {\"id\": \"ideas\", \"title\": {\"ja\": \"他社への提案\", \"en\": \"Suggestions\"}}]},\n"
	"   {\"id\": \"retro\", \"kind\": \"board\", \"title\": \"振り返り\",\n"
	"    \"lanes\": [{\"id\": \"keep\", \"title\": \"Keep\"}]}]}]}]}\n";

typedef struct fixture {
	store *st;      /* the facilitator's terminal */
	scenario *sc;
	const activity *act;
	int64_t group[4];    /* [1..3] */
	int64_t company[4][2];
	int64_t person[4][2];
} fixture;

static fixture *setup(const char *name)
{
	fixture *f = xcalloc(1, sizeof *f);
	mm_error err = {0};
	if (store_create(tu_path(name), &f->st, &err) != MM_OK)
		fail_msg("store_create: %s", err.msg);
	if (workshop_init(f->st, "テスト", scenario_text, 3, &err) != MM_OK)
		fail_msg("workshop_init: %s", err.msg);
	buf errs = {0};
	if (scenario_parse("t.json", scenario_text, strlen(scenario_text), &f->sc, &errs, NULL)
		!= MM_OK)
		fail_msg("scenario_parse: %s", buf_str(&errs));
	buf_free(&errs);
	f->act = scenario_find_activity(f->sc, "probs");
	assert_non_null(f->act);
	group_info *g;
	int ng;
	assert_int_equal(store_groups(f->st, &g, &ng, &err), MM_OK);
	assert_int_equal(ng, 3);
	static const char *const companies[3][2] = {
		{"株式会社さくら精密", "有限会社みなと印刷"},
		{"株式会社あおば会計事務所", "ひかり物流株式会社"},
		{"株式会社つばめ食品", "合同会社ことの葉デザイン"},
	};
	static const char *const people[3][2] = {
		{"佐藤 健一", "鈴木 美咲"}, {"高橋 大輔", "田中 陽子"}, {"伊藤 翔太", "渡辺 由美"},
	};
	for (int k = 0; k < 3; k++) {
		f->group[k + 1] = g[k].id;
		for (int c = 0; c < 2; c++) {
			assert_int_equal(store_company_add(f->st, companies[k][c], g[k].id, "", 10,
				&f->company[k + 1][c], &err), MM_OK);
			assert_int_equal(store_person_add(f->st, people[k][c], f->company[k + 1][c],
				g[k].id, "", &f->person[k + 1][c], &err), MM_OK);
		}
	}
	group_list_free(g, ng);
	i18n_set_lang(LANG_JA);
	return f;
}

static void teardown(fixture *f)
{
	scenario_free(f->sc);
	store_close(f->st);
	free(f);
	i18n_set_lang(LANG_JA);
}

/* Another terminal on the same database: a group's ("1", "2", ...) or, with
 * GROUP NULL, the facilitator's. */
static store *terminal(const char *name, const char *group)
{
	store *st = NULL;
	mm_error err = {0};
	if (store_open(tu_path(name), &st, &err) != MM_OK)
		fail_msg("store_open: %s", err.msg);
	if (group && store_set_role(st, ROLE_GROUP, group, &err) != MM_OK)
		fail_msg("store_set_role: %s", err.msg);
	return st;
}

static sheet *board_sheet(store *st, const activity *act, int64_t group)
{
	sheet *s = NULL;
	mm_error err = {0};
	if (sheet_open(st, act->storage, OWNER_GROUP, group, &s, &err) != MM_OK)
		fail_msg("sheet_open: %s", err.msg);
	return s;
}

static int64_t add(store *st, sheet *s, const char *lane, const char *text)
{
	int64_t id = 0;
	mm_error err = {0};
	if (board_add(st, s, lane, text, "佐藤 健一", -1, &id, NULL, &err) != MM_OK)
		fail_msg("board_add %s: %s", text, err.msg);
	assert_true(id > 0);
	return id;
}

static int votes_of(const sheet *s, int64_t row)
{
	int r = sheet_row_index(s, row);
	assert_true(r >= 0);
	return board_note_votes(s, r);
}

static void vote_ok(store *st, sheet *s, int64_t row, int64_t person, int delta)
{
	mm_error err = {0};
	if (board_vote(st, s, row, person, delta, &err) != MM_OK)
		fail_msg("board_vote %+d: %s", delta, err.msg);
}

/* ---- votes ----------------------------------------------------------------- */

/* Three votes per person on the whole board, not per lane: the fourth is
 * refused wherever it goes, and the message says none are left. */
static void test_vote_limit_across_lanes(void **state)
{
	(void)state;
	fixture *f = setup("limit.db");
	sheet *s = board_sheet(f->st, f->act, f->group[1]);
	int64_t a = add(f->st, s, "problems", "バックアップが不安");
	int64_t b = add(f->st, s, "measures", "Windows Update は自動");
	int64_t c = add(f->st, s, "ideas", "NASを外付けにコピー");
	int64_t sato = f->person[1][0], suzuki = f->person[1][1];

	vote_ok(f->st, s, a, sato, 1);
	vote_ok(f->st, s, a, sato, 1); /* two dots on one note are fine */
	vote_ok(f->st, s, b, sato, 1);
	assert_int_equal(board_person_votes(s, sato), 3);

	mm_error err = {0};
	assert_int_equal(board_vote(f->st, s, c, sato, 1, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "佐藤 健一"));
	assert_non_null(strstr(err.msg, "残りは0票"));
	assert_non_null(strstr(err.msg, "3票"));
	assert_int_equal(votes_of(s, c), 0);
	assert_int_equal(votes_of(s, a), 2);
	assert_int_equal(votes_of(s, b), 1);

	/* someone else still has all three */
	vote_ok(f->st, s, c, suzuki, 1);
	assert_int_equal(votes_of(s, c), 1);
	assert_int_equal(board_person_votes(s, suzuki), 1);

	/* English says the same */
	i18n_set_lang(LANG_EN);
	assert_int_equal(board_vote(f->st, s, c, sato, 1, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "no votes left"));

	/* a deleted note gives its votes back */
	assert_int_equal(sheet_delete(f->st, s, a, NULL, &err), MM_OK);
	assert_int_equal(board_person_votes(s, sato), 1);
	vote_ok(f->st, s, c, sato, 1);
	assert_int_equal(votes_of(s, c), 2);
	sheet_free(s);
	teardown(f);
}

/* Taking a vote back: only one's own, one at a time; then it can be given
 * again. */
static void test_unvote(void **state)
{
	(void)state;
	fixture *f = setup("unvote.db");
	sheet *s = board_sheet(f->st, f->act, f->group[1]);
	int64_t a = add(f->st, s, "problems", "パスワードの使い回し");
	int64_t b = add(f->st, s, "problems", "私物スマホで業務メール");
	int64_t sato = f->person[1][0], suzuki = f->person[1][1];
	vote_ok(f->st, s, a, sato, 1);
	vote_ok(f->st, s, a, sato, 1);
	vote_ok(f->st, s, a, suzuki, 1);
	assert_int_equal(votes_of(s, a), 3);

	vote_ok(f->st, s, a, sato, -1);
	assert_int_equal(votes_of(s, a), 2);
	assert_int_equal(board_note_votes_by(s, sheet_row_index(s, a), sato), 1);
	assert_int_equal(board_note_votes_by(s, sheet_row_index(s, a), suzuki), 1);

	mm_error err = {0};
	/* nothing to take back on a note he did not vote for */
	assert_int_equal(board_vote(f->st, s, b, sato, -1, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "投票していません"));
	assert_int_equal(votes_of(s, b), 0);

	vote_ok(f->st, s, a, sato, -1);
	/* his votes are gone; Suzuki's stays and cannot be taken by him */
	assert_int_equal(board_vote(f->st, s, a, sato, -1, &err), MM_EUSER);
	assert_int_equal(votes_of(s, a), 1);
	assert_int_equal(board_person_votes(s, sato), 0);

	/* all three are his again */
	vote_ok(f->st, s, b, sato, 1);
	vote_ok(f->st, s, b, sato, 1);
	vote_ok(f->st, s, b, sato, 1);
	assert_int_equal(board_vote(f->st, s, a, sato, 1, &err), MM_EUSER);
	/* voting needs a person */
	assert_int_equal(board_vote(f->st, s, a, 0, 1, &err), MM_EUSER);
	assert_int_equal(votes_of(s, a), 1);
	sheet_free(s);
	teardown(f);
}

/* Group 1's terminal: its own members vote; a member of group 2 cannot vote
 * from there, and nobody votes on group 2's board from there. The
 * facilitator can enter votes only for members of the board's own group. */
static void test_vote_other_group(void **state)
{
	(void)state;
	fixture *f = setup("group.db");
	store *g1 = terminal("group.db", "1");
	sheet *s = board_sheet(g1, f->act, f->group[1]);
	int64_t a = add(g1, s, "problems", "退職者のアカウントが残っている");
	mm_error err = {0};

	vote_ok(g1, s, a, f->person[1][0], 1);
	assert_int_equal(board_vote(g1, s, a, f->person[2][0], 1, &err), MM_EDENIED);
	assert_non_null(strstr(err.msg, "高橋 大輔"));
	assert_non_null(strstr(err.msg, "メンバーではない"));
	assert_int_equal(votes_of(s, a), 1);
	/* a person who is not in the roster at all */
	assert_int_equal(board_vote(g1, s, a, 999999, 1, &err), MM_ENOTFOUND);

	/* group 1's terminal on group 2's board, even with group 2's member */
	sheet *s2 = board_sheet(f->st, f->act, f->group[2]);
	int64_t b = add(f->st, s2, "problems", "メールの誤送信");
	sheet *s2_from_g1 = board_sheet(g1, f->act, f->group[2]);
	assert_int_equal(board_vote(g1, s2_from_g1, b, f->person[2][0], 1, &err), MM_EDENIED);
	assert_int_equal(board_vote(g1, s2_from_g1, b, f->person[1][0], 1, &err), MM_EDENIED);

	/* the facilitator, on group 2's board */
	vote_ok(f->st, s2, b, f->person[2][1], 1);
	assert_int_equal(board_vote(f->st, s2, b, f->person[1][0], 1, &err), MM_EDENIED);
	assert_int_equal(votes_of(s2, b), 1);

	sheet_free(s2_from_g1);
	sheet_free(s2);
	sheet_free(s);
	store_close(g1);
	teardown(f);
}

/* Two terminals of one group, each with the board loaded before the other
 * voted: the limit is counted in the database, so the stale one cannot
 * exceed it. */
static void test_vote_limit_two_terminals(void **state)
{
	(void)state;
	fixture *f = setup("two.db");
	store *t1 = terminal("two.db", "1");
	store *t2 = terminal("two.db", "1");
	sheet *s1 = board_sheet(t1, f->act, f->group[1]);
	int64_t a = add(t1, s1, "problems", "バックアップ");
	int64_t b = add(t1, s1, "problems", "パスワード");
	sheet *s2 = board_sheet(t2, f->act, f->group[1]);
	int64_t sato = f->person[1][0];
	vote_ok(t1, s1, a, sato, 1);
	vote_ok(t1, s1, a, sato, 1);
	vote_ok(t1, s1, b, sato, 1);
	/* s2 still shows no votes */
	assert_int_equal(board_person_votes(s2, sato), 0);
	mm_error err = {0};
	assert_int_equal(board_vote(t2, s2, b, sato, 1, &err), MM_EUSER);
	/* and it is up to date afterwards */
	assert_int_equal(board_person_votes(s2, sato), 3);
	/* t2 takes one back; t1's old copy votes again on top of it */
	vote_ok(t2, s2, a, sato, -1);
	vote_ok(t1, s1, b, sato, 1);
	assert_int_equal(votes_of(s1, a), 1);
	assert_int_equal(votes_of(s1, b), 2);
	assert_int_equal(board_vote(t1, s1, b, sato, 1, &err), MM_EUSER);
	/* every vote is in the history */
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT COUNT(*) FROM change "
		"WHERE col = 'voters'", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 5);
	sqlite3_finalize(q);
	sheet_free(s1);
	sheet_free(s2);
	store_close(t1);
	store_close(t2);
	teardown(f);
}

static void test_sort_by_votes(void **state)
{
	(void)state;
	fixture *f = setup("sort.db");
	sheet *s = board_sheet(f->st, f->act, f->group[1]);
	int64_t a = add(f->st, s, "problems", "A");
	int64_t b = add(f->st, s, "problems", "B");
	int64_t c = add(f->st, s, "problems", "C");
	int64_t d = add(f->st, s, "problems", "D");
	add(f->st, s, "measures", "other lane");
	vote_ok(f->st, s, c, f->person[1][0], 1);
	vote_ok(f->st, s, c, f->person[1][1], 1);
	vote_ok(f->st, s, b, f->person[1][0], 1);
	vote_ok(f->st, s, d, f->person[1][1], 1);
	int idx[16];
	/* board order */
	assert_int_equal(board_lane_notes(s, 0, false, idx), 4);
	assert_int_equal(s->rows[idx[0]].id, a);
	assert_int_equal(s->rows[idx[3]].id, d);
	/* most votes first; B and D tie and keep their board order */
	assert_int_equal(board_lane_notes(s, 0, true, idx), 4);
	assert_int_equal(s->rows[idx[0]].id, c);
	assert_int_equal(s->rows[idx[1]].id, b);
	assert_int_equal(s->rows[idx[2]].id, d);
	assert_int_equal(s->rows[idx[3]].id, a);
	assert_int_equal(board_lane_notes(s, 1, true, idx), 1);
	sheet_free(s);
	teardown(f);
}

/* Moving a note to another lane keeps its votes (and they still count
 * against the voter's limit); undo moves it back. */
static void test_move_keeps_votes(void **state)
{
	(void)state;
	fixture *f = setup("move.db");
	sheet *s = board_sheet(f->st, f->act, f->group[1]);
	sheet_history h = {0};
	int64_t a = add(f->st, s, "problems", "紙の書類を机に放置");
	int64_t sato = f->person[1][0];
	vote_ok(f->st, s, a, sato, 1);
	vote_ok(f->st, s, a, sato, 1);
	mm_error err = {0};
	assert_int_equal(board_move_lane(f->st, s, a, "measures", &h, &err), MM_OK);
	int r = sheet_row_index(s, a);
	assert_string_equal(s->rows[r].cells[BOARD_COL_LANE].value, "measures");
	assert_int_equal(votes_of(s, a), 2);
	int idx[8];
	assert_int_equal(board_lane_notes(s, 0, false, idx), 0);
	assert_int_equal(board_lane_notes(s, 1, false, idx), 1);
	assert_int_equal(board_person_votes(s, sato), 2);
	/* a lane the board does not have */
	assert_int_equal(board_move_lane(f->st, s, a, "nowhere", &h, &err), MM_EUSER);
	assert_int_equal(sheet_undo(f->st, s, &h, false, &err), MM_OK);
	r = sheet_row_index(s, a);
	assert_string_equal(s->rows[r].cells[BOARD_COL_LANE].value, "problems");
	assert_int_equal(votes_of(s, a), 2);
	history_free(&h);
	sheet_free(s);
	teardown(f);
}

/* Adding: text is required, the lane must exist, the author is kept. */
static void test_add_rules(void **state)
{
	(void)state;
	fixture *f = setup("add.db");
	sheet *s = board_sheet(f->st, f->act, f->group[1]);
	mm_error err = {0};
	int64_t id = 0;
	assert_int_equal(board_add(f->st, s, "problems", "  　 ", "x", -1, &id, NULL, &err),
		MM_EUSER);
	assert_int_equal(board_add(f->st, s, "nope", "text", "x", -1, &id, NULL, &err), MM_EUSER);
	assert_int_equal(s->nrows, 0);
	assert_int_equal(board_add(f->st, s, "ideas", "  ウイルス対策ソフトを更新  ", "鈴木 美咲",
		-1, &id, NULL, &err), MM_OK);
	int r = sheet_row_index(s, id);
	assert_string_equal(s->rows[r].cells[BOARD_COL_TEXT].value, "ウイルス対策ソフトを更新");
	assert_string_equal(s->rows[r].cells[BOARD_COL_AUTHOR].value, "鈴木 美咲");
	assert_string_equal(s->rows[r].cells[BOARD_COL_LANE].value, "ideas");
	sheet_free(s);
	teardown(f);
}

/* ---- addressing and the inbox ------------------------------------------- */

static bool inbox_has(fixture *f, int64_t group, const char *text, board_inbox_item *want)
{
	board_inbox_item *items = NULL;
	int n = 0;
	mm_error err = {0};
	if (board_inbox(f->st, "probs", group, &items, &n, &err) != MM_OK)
		fail_msg("board_inbox: %s", err.msg);
	bool found = false;
	for (int k = 0; k < n; k++)
		if (strcmp(items[k].text, text) == 0) {
			found = true;
			if (want) {
				want->from_group = items[k].from_group;
				want->company_id = items[k].company_id;
				want->votes = items[k].votes;
				want->from_group_name = xstrdup(items[k].from_group_name);
				want->company_name = xstrdup(items[k].company_name);
				want->author = xstrdup(items[k].author);
				want->lane = xstrdup(items[k].lane);
			}
		}
	board_inbox_free(items, n);
	return found;
}

static void test_address_and_inbox(void **state)
{
	(void)state;
	fixture *f = setup("inbox.db");
	store *g1 = terminal("inbox.db", "1");
	sheet *s = board_sheet(g1, f->act, f->group[1]);
	sheet_history h = {0};
	const char *text = "経理PCのバックアップを週1回、外付けディスクへ";
	int64_t a = add(g1, s, "ideas", text);
	int64_t other = add(g1, s, "ideas", "まだあて先なし");
	vote_ok(g1, s, a, f->person[1][1], 1);
	mm_error err = {0};

	/* not to one's own group's companies; not to a company that is not there */
	assert_int_equal(board_address(g1, s, a, f->company[1][0], &h, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "自分のグループ"));
	assert_int_equal(board_address(g1, s, a, 987654, &h, &err), MM_ENOTFOUND);
	assert_false(inbox_has(f, f->group[2], text, NULL));

	assert_int_equal(board_address(g1, s, a, f->company[2][0], &h, &err), MM_OK);
	board_inbox_item it = {0};
	assert_true(inbox_has(f, f->group[2], text, &it));
	assert_string_equal(it.from_group_name, "1");
	assert_string_equal(it.company_name, "株式会社あおば会計事務所");
	assert_string_equal(it.author, "佐藤 健一");
	assert_string_equal(it.lane, "ideas");
	assert_int_equal(it.votes, 1);
	assert_int_equal(it.from_group, f->group[1]);
	free(it.from_group_name);
	free(it.company_name);
	free(it.author);
	free(it.lane);
	/* not for group 3, nor for the sender itself; the unaddressed note nowhere */
	assert_false(inbox_has(f, f->group[3], text, NULL));
	assert_false(inbox_has(f, f->group[1], text, NULL));
	assert_false(inbox_has(f, f->group[2], "まだあて先なし", NULL));
	assert_false(inbox_has(f, f->group[3], "まだあて先なし", NULL));
	(void)other;

	/* readdressed to group 3's company: it moves */
	assert_int_equal(board_address(g1, s, a, f->company[3][1], &h, &err), MM_OK);
	assert_false(inbox_has(f, f->group[2], text, NULL));
	assert_true(inbox_has(f, f->group[3], text, NULL));
	/* undo puts it back to group 2 */
	assert_int_equal(sheet_undo(g1, s, &h, false, &err), MM_OK);
	assert_true(inbox_has(f, f->group[2], text, NULL));
	assert_false(inbox_has(f, f->group[3], text, NULL));

	/* a deleted note disappears from the inbox; undo brings it back */
	assert_int_equal(sheet_delete(g1, s, a, &h, &err), MM_OK);
	assert_false(inbox_has(f, f->group[2], text, NULL));
	assert_int_equal(sheet_undo(g1, s, &h, false, &err), MM_OK);
	assert_true(inbox_has(f, f->group[2], text, NULL));

	/* addressed to no one */
	assert_int_equal(board_address(g1, s, a, 0, &h, &err), MM_OK);
	assert_false(inbox_has(f, f->group[2], text, NULL));

	/* a board without addressing refuses */
	const activity *retro = scenario_find_activity(f->sc, "retro");
	sheet *r = board_sheet(g1, retro, f->group[1]);
	int64_t k = add(g1, r, "keep", "毎回の宿題");
	assert_int_equal(board_address(g1, r, k, f->company[2][0], NULL, &err), MM_EUSER);

	/* the companies a note may go to: every other group's, with its group */
	board_company *cs = NULL;
	int n = 0;
	assert_int_equal(board_companies(g1, f->group[1], &cs, &n, &err), MM_OK);
	assert_int_equal(n, 4);
	assert_int_equal(cs[0].id, f->company[2][0]);
	assert_string_equal(cs[0].group_name, "2");
	for (int i = 0; i < n; i++)
		assert_true(cs[i].group_id != f->group[1]);
	board_companies_free(cs, n);

	sheet_free(r);
	history_free(&h);
	sheet_free(s);
	store_close(g1);
	teardown(f);
}

/* ---- export ---------------------------------------------------------------- */

static void test_export_md(void **state)
{
	(void)state;
	fixture *f = setup("md.db");
	sheet *s = board_sheet(f->st, f->act, f->group[1]);
	int64_t a = add(f->st, s, "problems", "Backups unclear");
	int64_t b = add(f->st, s, "problems", "Shared passwords");
	int64_t c = add(f->st, s, "ideas", "Copy the NAS weekly");
	mm_error err = {0};
	assert_int_equal(board_address(f->st, s, c, f->company[2][0], NULL, &err), MM_OK);
	vote_ok(f->st, s, b, f->person[1][0], 1);
	vote_ok(f->st, s, b, f->person[1][1], 1);
	vote_ok(f->st, s, a, f->person[1][0], 1);
	(void)a;
	/* group 2 suggests something to group 1's company */
	sheet *s2 = board_sheet(f->st, f->act, f->group[2]);
	int64_t x = 0;
	assert_int_equal(board_add(f->st, s2, "ideas", "Lock screens", "", -1, &x, NULL, &err),
		MM_OK);
	assert_int_equal(board_address(f->st, s2, x, f->company[1][1], NULL, &err), MM_OK);

	i18n_set_lang(LANG_EN);
	buf out = {0};
	assert_int_equal(board_export(f->act, f->st, s, "md", &out, &err), MM_OK);
	const char *want =
		"# Problems (group 1)\n"
		"\n## Problems\n\n"
		"- Shared passwords (2 votes, by 佐藤 健一)\n"
		"- Backups unclear (1 vote, by 佐藤 健一)\n"
		"\n## Measures\n\n"
		"(no notes)\n"
		"\n## Suggestions\n\n"
		"- Copy the NAS weekly (0 votes, by 佐藤 健一, to 株式会社あおば会計事務所)\n"
		"\n## Suggestions for your companies\n\n"
		"- Lock screens (from group 2 to 有限会社みなと印刷)\n";
	assert_string_equal(buf_str(&out), want);

	/* Japanese */
	i18n_set_lang(LANG_JA);
	buf_clear(&out);
	assert_int_equal(board_export(f->act, f->st, s, "md", &out, &err), MM_OK);
	assert_non_null(strstr(buf_str(&out), "# 課題ボード（グループ 1）\n"));
	assert_non_null(strstr(buf_str(&out),
		"- Shared passwords（2票、書いた人: 佐藤 健一）\n"));
	assert_non_null(strstr(buf_str(&out), "あて先: 株式会社あおば会計事務所）"));
	assert_non_null(strstr(buf_str(&out), "## あなたの会社あての提案"));

	/* CSV: one line per note */
	buf_clear(&out);
	assert_int_equal(board_export(f->act, f->st, s, "csv", &out, &err), MM_OK);
	assert_string_equal(buf_str(&out),
		"レーン,付箋,票,書いた人,あて先の会社\r\n"
		"自社の課題,Shared passwords,2,佐藤 健一,\r\n"
		"自社の課題,Backups unclear,1,佐藤 健一,\r\n"
		"他社への提案,Copy the NAS weekly,0,佐藤 健一,株式会社あおば会計事務所\r\n");

	/* an unknown format names the ones there are */
	buf_clear(&out);
	assert_int_equal(board_export(f->act, f->st, s, "pdf", &out, &err), MM_EUSER);
	assert_non_null(strstr(err.msg, "md"));
	assert_non_null(strstr(err.msg, "csv"));
	buf_free(&out);
	sheet_free(s2);
	sheet_free(s);
	teardown(f);
}

static void test_short_company(void **state)
{
	(void)state;
	char b[128];
	board_short_company("株式会社さくら精密", b, sizeof b);
	assert_string_equal(b, "さくら精密");
	board_short_company("ひかり物流株式会社", b, sizeof b);
	assert_string_equal(b, "ひかり物流");
	board_short_company("有限会社 みなと印刷", b, sizeof b);
	assert_string_equal(b, "みなと印刷");
	board_short_company("株式会社", b, sizeof b);
	assert_string_equal(b, "株式会社");
	board_short_company("Acme", b, sizeof b);
	assert_string_equal(b, "Acme");
}

/* ---- the scenario format ------------------------------------------------- */

static char *wrap_activity(const char *act)
{
	buf b = {0};
	buf_printf(&b, "{\"format\": \"mamori-scenario/1\", \"id\": \"t\", \"title\": \"t\",\n"
		" \"tracks\": [{\"id\": \"workshop\", \"title\": \"w\", \"sessions\": [\n"
		"  {\"id\": \"ws01\", \"number\": 1, \"title\": \"s\", \"minutes\": 90,\n"
		"   \"activities\": [\n%s]}]}]}\n", act);
	return buf_steal(&b);
}

static char *parse_errors(const char *act, int *nerrs)
{
	char *text = wrap_activity(act);
	scenario *sc = NULL;
	buf errs = {0};
	lang was = i18n_lang();
	i18n_set_lang(LANG_EN); /* validator messages are checked in English */
	mm_status rc = scenario_parse("t.json", text, strlen(text), &sc, &errs, nerrs);
	i18n_set_lang(was);
	scenario_free(sc);
	free(text);
	if (rc == MM_OK)
		assert_int_equal(*nerrs, 0);
	return buf_steal(&errs);
}

static void test_format_errors(void **state)
{
	(void)state;
	int n;
	char *e = parse_errors("{\"id\": \"b\", \"kind\": \"board\", \"title\": \"b\", \"lanes\": []}", &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(e, "lanes: a board needs at least one lane"));
	free(e);

	e = parse_errors("{\"id\": \"b\", \"kind\": \"board\", \"title\": \"b\", \"lanes\": [\n"
		"{\"id\": \"keep\", \"title\": \"K\"},\n"
		"{\"id\": \"keep\", \"title\": \"P\"}]}", &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(e, "t.json:7:8: tracks[0].sessions[0].activities[0].lanes[1].id: "
		"duplicate lane id \"keep\" (first used at line 6)"));
	free(e);

	e = parse_errors("{\"id\": \"b\", \"kind\": \"board\", \"title\": \"b\", \"votes\": -1,\n"
		"\"lanes\": [{\"id\": \"a\", \"title\": \"A\"}]}", &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(e, "votes: -1 is out of range (0 to 99)"));
	free(e);

	e = parse_errors("{\"id\": \"b\", \"kind\": \"board\", \"title\": \"b\",\n"
		"\"scope\": \"person\", \"lanes\": [{\"id\": \"Keep\", \"titel\": \"K\"}]}", &n);
	assert_int_equal(n, 4);
	assert_non_null(strstr(e, "scope: a board is shared by a group: scope must be \"group\""));
	assert_non_null(strstr(e, "unknown key \"titel\" (did you mean \"title\"?)"));
	assert_non_null(strstr(e, "id \"Keep\" must be lower-case"));
	assert_non_null(strstr(e, "missing required key \"title\""));
	free(e);

	e = parse_errors("{\"id\": \"b\", \"kind\": \"board\", \"title\": \"b\"}", &n);
	assert_non_null(strstr(e, "missing required key \"lanes\""));
	free(e);

	e = parse_errors("{\"id\": \"b\", \"kind\": \"board\", \"title\": \"b\", \"address\": \"yes\","
		" \"lanes\": [{\"id\": \"a\", \"title\": \"A\"}]}", &n);
	assert_non_null(strstr(e, "address: expected true or false"));
	free(e);

	/* a valid one, with the defaults */
	char *text = wrap_activity("{\"id\": \"b\", \"kind\": \"board\", \"title\": \"b\", "
		"\"lanes\": [{\"id\": \"a\", \"title\": \"A\", \"help\": {\"ja\": \"説明\"}}]}");
	scenario *sc = NULL;
	buf errs = {0};
	assert_int_equal(scenario_parse("t.json", text, strlen(text), &sc, &errs, &n), MM_OK);
	const activity *act = scenario_find_activity(sc, "b");
	const board_def *d = act->def;
	assert_int_equal(d->votes, 3);
	assert_false(d->address);
	assert_int_equal(d->nlanes, 1);
	assert_string_equal(d->lanes[0].help.ja, "説明");
	assert_ptr_equal(act->storage, d->storage);
	assert_string_equal(act->storage->activity_id, "b");
	scenario_free(sc);
	buf_free(&errs);
	free(text);
}

/* The bundled program's boards have the lanes the program needs. */
static void test_drafts(void **state)
{
	(void)state;
	scenario *sc = NULL;
	buf errs = {0};
	int n = 0;
	if (scenario_load_file(SOURCE_ROOT "/scenarios/sme-program.json", NULL, &sc, &errs, &n)
		!= MM_OK)
		fail_msg("%s", buf_str(&errs));
	buf_free(&errs);
	const board_def *p = scenario_find_activity(sc, "ws01-problems")->def;
	assert_int_equal(p->nlanes, 3);
	assert_string_equal(p->lanes[0].title.ja, "自社の課題");
	assert_string_equal(p->lanes[1].title.ja, "取り組んでいる対策");
	assert_string_equal(p->lanes[2].title.ja, "他社への提案");
	assert_int_equal(p->votes, 3);
	assert_true(p->address);
	const board_def *r = scenario_find_activity(sc, "retrospective")->def;
	assert_int_equal(r->nlanes, 4);
	assert_string_equal(r->lanes[0].title.ja, "改善点");
	assert_string_equal(r->lanes[1].title.ja, "メリット");
	assert_string_equal(r->lanes[2].title.ja, "デメリット");
	assert_string_equal(r->lanes[3].title.ja, "来年やること");
	assert_int_equal(r->votes, 3);
	assert_false(r->address);
	for (int k = 0; k < r->nlanes; k++)
		assert_non_null(r->lanes[k].title.en);
	scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vote_limit_across_lanes),
		cmocka_unit_test(test_unvote),
		cmocka_unit_test(test_vote_other_group),
		cmocka_unit_test(test_vote_limit_two_terminals),
		cmocka_unit_test(test_sort_by_votes),
		cmocka_unit_test(test_move_keeps_votes),
		cmocka_unit_test(test_add_rules),
		cmocka_unit_test(test_address_and_inbox),
		cmocka_unit_test(test_export_md),
		cmocka_unit_test(test_short_company),
		cmocka_unit_test(test_format_errors),
		cmocka_unit_test(test_drafts),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tu_cleanup();
	return rc;
}
