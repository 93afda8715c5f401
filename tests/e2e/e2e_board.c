/*
 * End-to-end cases of the board: the real mamori binary (MAMORI_BIN) in
 * ptys, on a workshop made from tests/fixtures/board/board.json (BOARD_FIXTURE)
 * with three groups of two companies and two people each.
 *
 *   e2e_board CASE     run one case (meson registers each as e2e-board-CASE)
 *   e2e_board          run them all
 */
#include "vt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "demo.h"
#include "store.h"

#define LIVE_MS 1000 /* another terminal's suggestion must arrive within 1 s */

static const char *mamori_bin(void)
{
    const char *bin = getenv("MAMORI_BIN");
    if (!bin || !*bin)
        e2e_skip("MAMORI_BIN is not set (run through meson test)");
    if (access(bin, X_OK) != 0)
        e2e_fail(NULL, __FILE__, __LINE__, "MAMORI_BIN=%s is not executable",
                 bin);
    return bin;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf b = {0};
    char chunk[8192];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, k);
    fclose(f);
    return buf_steal(&b);
}

/* A workshop of the fixture scenario with a roster: group N has companies
 * and people of its own. Returns the database path. */
static const char *make_workshop(void)
{
    static char path[600];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(path, sizeof path, "%s/board.db", dir);
    const char *fixture = getenv("BOARD_FIXTURE");
    if (!fixture || !*fixture)
        e2e_skip("BOARD_FIXTURE is not set (run through meson test)");
    char *text = read_all(fixture);
    E2E_CHECK(NULL, text != NULL, "reading %s", fixture);
    store *st = NULL;
    mm_error err = {0};
    E2E_CHECK(NULL, store_create(path, &st, &err) == MM_OK, "store_create: %s",
              err.msg);
    E2E_CHECK(NULL, workshop_init(st, NULL, text, 3, &err) == MM_OK,
              "workshop_init: %s", err.msg);
    free(text);
    static const char *const companies[3][2] = {
        {"株式会社さくら精密", "有限会社みなと印刷"},
        {"株式会社あおば会計事務所", "ひかり物流株式会社"},
        {"株式会社つばめ食品", "合同会社ことの葉デザイン"},
    };
    static const char *const people[3][2] = {
        {"佐藤 健一", "鈴木 美咲"},
        {"高橋 大輔", "田中 陽子"},
        {"伊藤 翔太", "渡辺 由美"},
    };
    group_info *g = NULL;
    int ng = 0;
    E2E_CHECK(NULL, store_groups(st, &g, &ng, &err) == MM_OK && ng == 3,
              "three groups");
    for (int k = 0; k < 3; k++)
        for (int c = 0; c < 2; c++) {
            int64_t cid = 0;
            E2E_CHECK(NULL, store_company_add(st, companies[k][c], g[k].id, "",
                                              10, &cid, &err) == MM_OK,
                      "company: %s", err.msg);
            E2E_CHECK(NULL, store_person_add(st, people[k][c], cid, g[k].id,
                                             "", NULL, &err) == MM_OK,
                      "person: %s", err.msg);
        }
    group_list_free(g, ng);
    store_close(st);
    return path;
}

static vt *open_board(const char *db, const char *group, const char *activity,
                      int rows, int cols)
{
    const char *argv[] = {mamori_bin(), "--db", db, "--group", group,
                          "--open", activity, NULL};
    vt *t = vt_start(argv, NULL, rows, cols);
    E2E_CHECK(NULL, t != NULL, "starting mamori for group %s", group);
    return t;
}

/* Group 1 writes a suggestion and addresses it to group 2's company; group
 * 2's terminal, never touched, shows it in its inbox within a second; when
 * group 1 takes the address away it leaves again. */
static void case_inbox_live(void)
{
    const char *db = make_workshop();
    vt *b = open_board(db, "2", "ws01-problems", 40, 120);
    E2E_WAIT_TEXT(b, "あなたの会社あての提案 (0)");
    E2E_WAIT_TEXT(b, "まだ届いていません");
    vt *a = open_board(db, "1", "ws01-problems", 24, 80);
    E2E_WAIT_TEXT(a, "他社への提案 (0)");

    const char *note = "経理PCのバックアップを週1回取る";
    vt_key(a, VT_KEY_RIGHT);
    vt_key(a, VT_KEY_RIGHT);
    vt_send(a, "a");
    E2E_WAIT_TEXT(a, "新しい付箋（他社への提案）");
    vt_type(a, note);
    E2E_WAIT_TEXT(a, note);
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "他社への提案 (1)");

    vt_send(a, "T");
    E2E_WAIT_TEXT(a, "どの会社あての提案にしますか");
    /* the picker lists other groups' companies with their group, never
     * group 1's own */
    E2E_WAIT_TEXT(a, "株式会社あおば会計事務所（グループ 2）");
    E2E_WAIT_TEXT(a, "株式会社つばめ食品（グループ 3）");
    E2E_CHECK(a, !vt_has_text(a, "さくら精密（グループ"),
              "group 1's own company is not offered");
    vt_key(a, VT_KEY_ENTER); /* the first company: あおば, group 2 */
    E2E_WAIT_TEXT(a, "あおば会計事務所 あてにしました");
    long long t0 = e2e_now_ms();
    E2E_CHECK(b, vt_wait_text(b, note, LIVE_MS),
              "group 2's inbox shows the suggestion within %d ms, with no key "
              "pressed", LIVE_MS);
    long long took = e2e_now_ms() - t0;
    E2E_WAIT_TEXT(b, "あなたの会社あての提案 (1)");
    E2E_WAIT_TEXT(b, "グループ 1 -> あおば会計事務所");
    E2E_WAIT_TEXT(a, "-> あおば会計事務所");
    printf("the suggestion arrived in %lld ms\n", took);

    /* at 80 columns the inbox sits below the lanes, still there */
    vt_resize(b, 24, 80);
    E2E_WAIT_TEXT(b, "あなたの会社あての提案 (1)");
    E2E_WAIT_TEXT(b, "グループ 1 -> あおば会計事務所");

    /* group 1 takes the address away: it leaves group 2's screen */
    vt_send(a, "T");
    E2E_WAIT_TEXT(a, "どの会社あての提案にしますか");
    vt_key(a, VT_KEY_HOME);
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "あて先を外しました");
    E2E_WAIT_GONE(b, "グループ 1 -> あおば会計事務所");
    E2E_WAIT_TEXT(b, "あなたの会社あての提案 (0)");
    vt_free(a);
    vt_free(b);
}

/* Dot voting on a group's terminal: W chooses who votes, three votes, the
 * fourth is refused with the count left, V gives one back. */
static void case_vote_limit(void)
{
    const char *db = make_workshop();
    vt *a = open_board(db, "1", "retrospective", 24, 80);
    E2E_WAIT_TEXT(a, "改善点 (0)");
    vt_send(a, "a");
    E2E_WAIT_TEXT(a, "新しい付箋（改善点）");
    vt_type(a, "パスワードを見直した");
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "改善点 (1)");
    vt_send(a, "W");
    E2E_WAIT_TEXT(a, "記入・投票する人");
    E2E_WAIT_TEXT(a, "鈴木 美咲（残り 3票）");
    E2E_CHECK(a, !vt_has_text(a, "高橋 大輔"), "only group 1's people");
    vt_key(a, VT_KEY_DOWN);
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "記入・投票: 鈴木 美咲（残り 3/3票）");
    vt_send(a, "v");
    E2E_WAIT_TEXT(a, "残り 2/3票");
    vt_send(a, "v");
    E2E_WAIT_TEXT(a, "残り 1/3票");
    vt_send(a, "v");
    E2E_WAIT_TEXT(a, "残り 0/3票");
    E2E_WAIT_TEXT(a, "3票");
    vt_send(a, "v");
    E2E_WAIT_TEXT(a, "鈴木 美咲さんの残りは0票です");
    vt_send(a, "V");
    E2E_WAIT_TEXT(a, "残り 1/3票");
    E2E_WAIT_TEXT(a, "2票");
    vt_free(a);
}

/* A group's terminal on the retrospective board with one note written. */
static vt *retro_with_note(const char *db, const char *note)
{
    vt *a = open_board(db, "1", "retrospective", 24, 80);
    E2E_WAIT_TEXT(a, "改善点 (0)");
    vt_send(a, "a");
    E2E_WAIT_TEXT(a, "新しい付箋（改善点）");
    vt_type(a, note);
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "改善点 (1)");
    return a;
}

/* A and B edit the same note; B saves second and meets the dialog. */
static void conflict_round(vt *a, vt *b, const char *mine, const char *theirs)
{
    vt_key(a, VT_KEY_ENTER);
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "付箋を編集");
    E2E_WAIT_TEXT(b, "付箋を編集");
    vt_send(a, "\x15"); /* Ctrl-U: the line emptied */
    vt_send(b, "\x15");
    vt_type(a, theirs);
    vt_type(b, mine);
    E2E_WAIT_TEXT(b, mine);
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_GONE(a, "付箋を編集");
    E2E_WAIT_TEXT(a, theirs);
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_TEXT(b, "ほかの端末が同時に");
    E2E_WAIT_TEXT(b, "（グループ 1）"); /* the other side by name */
    E2E_CHECK(b, !vt_has_text(b, "group:"), "never group:1");
    E2E_WAIT_TEXT(b, theirs);
}

/* The conflict dialog's three keys: Esc goes back to my text (saving it
 * then is no conflict), 2 keeps theirs, 1 keeps mine. */
static void case_conflict(void)
{
    const char *db = make_workshop();
    vt *a = retro_with_note(db, "最初の付箋");
    vt *b = open_board(db, "1", "retrospective", 24, 80);
    E2E_WAIT_TEXT(b, "最初の付箋");

    conflict_round(a, b, "Bの文その1", "Aの文その1");
    vt_key(b, VT_KEY_ESC);
    E2E_WAIT_GONE(b, "ほかの端末が同時に");
    E2E_WAIT_TEXT(b, "付箋を編集");
    E2E_WAIT_TEXT(b, "Bの文その1");
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_GONE(b, "付箋を編集");
    E2E_WAIT_TEXT(a, "Bの文その1");

    conflict_round(a, b, "Bの文その2", "Aの文その2");
    vt_send(b, "2");
    E2E_WAIT_TEXT(b, "いまの値を残しました");
    E2E_WAIT_TEXT(b, "Aの文その2");
    E2E_CHECK(b, !vt_has_text(b, "Bの文その2"), "B's text was not saved");

    conflict_round(a, b, "Bの文その3", "Aの文その3");
    vt_send(b, "1");
    E2E_WAIT_TEXT(b, "あなたの値を保存しました");
    E2E_WAIT_TEXT(a, "Bの文その3");
    E2E_WAIT_GONE(a, "Aの文その3");
    vt_free(b);
    vt_free(a);
}

/* u takes back a new note and its edit, Ctrl-R puts them again, also after
 * leaving the board and coming back. */
static void case_undo(void)
{
    const char *db = make_workshop();
    vt *a = retro_with_note(db, "最初の付箋");
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "付箋を編集");
    vt_type(a, "と直した文");
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "最初の付箋と直した文");
    vt_send(a, "u");
    E2E_WAIT_TEXT(a, "元に戻しました");
    E2E_WAIT_GONE(a, "最初の付箋と直した文");
    E2E_WAIT_TEXT(a, "最初の付箋");
    vt_send(a, "u");
    E2E_WAIT_TEXT(a, "改善点 (0)");
    vt_send(a, "\x12"); /* Ctrl-R */
    E2E_WAIT_TEXT(a, "やり直しました");
    E2E_WAIT_TEXT(a, "改善点 (1)");
    /* out of the board and back in: the history is still there */
    vt_key(a, VT_KEY_ESC);
    E2E_WAIT_GONE(a, "改善点 (1)");
    int row = -1;
    for (int k = 0; k < 12; k++) { /* the session's list: down to it */
        vt_pump(a, 200);
        if (vt_find_text(a, "振り返りボード", &row, NULL) && row > 0
            && vt_row_has_reverse(a, row))
            break;
        vt_key(a, VT_KEY_DOWN);
    }
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "改善点 (1)");
    vt_send(a, "\x12");
    E2E_WAIT_TEXT(a, "最初の付箋と直した文");
    vt_send(a, "u");
    vt_send(a, "u");
    E2E_WAIT_TEXT(a, "改善点 (0)");
    vt_free(a);
}

/* Esc on a new note leaves nothing; a note being typed when the terminal
 * goes away comes back; an edit typed on a note another terminal changed
 * meanwhile comes back too, and saving it meets the conflict. */
static void case_draft(void)
{
    const char *db = make_workshop();
    vt *a = open_board(db, "1", "retrospective", 24, 80);
    E2E_WAIT_TEXT(a, "改善点 (0)");
    vt_send(a, "a");
    E2E_WAIT_TEXT(a, "新しい付箋（改善点）");
    vt_type(a, "やめた付箋");
    E2E_WAIT_TEXT(a, "やめた付箋");
    vt_key(a, VT_KEY_ESC);
    E2E_WAIT_GONE(a, "やめた付箋");
    E2E_CHECK(a, vt_has_text(a, "改善点 (0)"), "Esc made no note");

    vt_send(a, "a");
    E2E_WAIT_TEXT(a, "新しい付箋（改善点）");
    vt_type(a, "書きかけの付箋");
    E2E_WAIT_TEXT(a, "書きかけの付箋");
    vt_free(a); /* SIGTERM, handled as a hang-up */
    a = open_board(db, "1", "retrospective", 24, 80);
    E2E_WAIT_TEXT(a, "前回入力中だった内容を戻しました");
    E2E_WAIT_TEXT(a, "新しい付箋（改善点）");
    E2E_WAIT_TEXT(a, "書きかけの付箋");
    E2E_CHECK(a, vt_has_text(a, "改善点 (0)"), "not saved yet");
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "改善点 (1)");

    /* an edit typed against the note, while B saves it */
    vt *b = open_board(db, "1", "retrospective", 24, 80);
    E2E_WAIT_TEXT(b, "書きかけの付箋");
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "付箋を編集");
    vt_type(a, "（Aの追記）");
    E2E_WAIT_TEXT(a, "（Aの追記）");
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_TEXT(b, "付箋を編集");
    vt_type(b, "（Bの追記）");
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_GONE(b, "付箋を編集");
    vt_free(a);
    a = open_board(db, "1", "retrospective", 24, 80);
    E2E_WAIT_TEXT(a, "前回入力中だった内容を戻しました");
    E2E_WAIT_TEXT(a, "書きかけの付箋（Aの追記）");
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "ほかの端末が同時に");
    E2E_WAIT_TEXT(a, "書きかけの付箋（Bの追記）");
    vt_send(a, "1");
    E2E_WAIT_TEXT(a, "あなたの値を保存しました");
    E2E_WAIT_TEXT(b, "書きかけの付箋（Aの追記）");
    vt_free(b);
    vt_free(a);
}

static const e2e_case cases[] = {
    {"inbox-live", case_inbox_live},
    {"vote-limit", case_vote_limit},
    {"conflict", case_conflict},
    {"undo", case_undo},
    {"draft", case_draft},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
