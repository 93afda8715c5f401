/*
 * End-to-end cases of the checklist: the real mamori binary (MAMORI_BIN) in
 * a pty, in Japanese, on a workshop made from
 * tests/fixtures/checklist/program.json (the IPA self-check and the expert
 * hearing) with two companies in group 1.
 *
 *   e2e_checklist CASE     run one case (meson registers each as e2e-CASE)
 *   e2e_checklist          run them all
 */
#include "vt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "checklist.h"
#include "demo.h"
#include "scenario.h"
#include "sheet.h"
#include "store.h"

#define ROWS 30
#define COLS 100

static const char *mamori_bin(void)
{
    const char *bin = getenv("MAMORI_BIN");
    if (!bin || !*bin)
        e2e_skip("MAMORI_BIN is not set (run through meson test)");
    if (access(bin, X_OK) != 0)
        e2e_fail(NULL, __FILE__, __LINE__, "MAMORI_BIN=%s is not executable", bin);
    return bin;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        e2e_fail(NULL, __FILE__, __LINE__, "cannot read %s", path);
    buf b = {0};
    char chunk[8192];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, k);
    fclose(f);
    return buf_steal(&b);
}

#define CHECK_OK(call)                                                     \
    do {                                                                   \
        mm_status rc_ = (call);                                            \
        if (rc_ != MM_OK)                                                  \
            e2e_fail(NULL, __FILE__, __LINE__, "%s: %s", #call, err.msg);  \
    } while (0)

/* A workshop with the fixture program, groups 1 and 2, two companies in
 * group 1; the self-check of the first company answered as ANSWERS says
 * (one answer value per item, NULL or "" for unanswered). */
static const char *make_workshop(const char *const answers[25])
{
    static char path[600];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(path, sizeof path, "%s/workshop.db", dir);
    char *text = read_text(SOURCE_ROOT "/tests/fixtures/checklist/program.json");
    store *st = NULL;
    mm_error err;
    CHECK_OK(store_create(path, &st, &err));
    CHECK_OK(workshop_init(st, NULL, text, 2, &err));
    CHECK_OK(store_set_role(st, ROLE_FACILITATOR, NULL, &err));
    group_info *g;
    int ng;
    CHECK_OK(store_groups(st, &g, &ng, &err));
    int64_t c1, c2;
    CHECK_OK(store_company_add(st, "さくら精密", g[0].id, "金属加工", 28, &c1, &err));
    CHECK_OK(store_company_add(st, "みなと印刷", g[0].id, "印刷", 12, &c2, &err));
    group_list_free(g, ng);

    scenario *sc = NULL;
    buf errs = {0};
    if (scenario_parse("program.json", text, strlen(text), &sc, &errs, NULL) != MM_OK)
        e2e_fail(NULL, __FILE__, __LINE__, "fixture: %s", buf_str(&errs));
    buf_free(&errs);
    const activity *act = scenario_find_activity(sc, "self-check");
    const checklist_def *d = checklist_of(act);
    E2E_CHECK(NULL, d && d->nitems == 25, "the fixture's self-check has 25 items");
    sheet *s = NULL;
    CHECK_OK(sheet_open(st, act->storage, OWNER_COMPANY, c1, &s, &err));
    for (int k = 0; k < 25; k++)
        if (answers[k] && *answers[k])
            CHECK_OK(checklist_set(st, s, d, d->items[k].id, d->col_answer, answers[k], 0,
                                   NULL, NULL, &err));
    sheet_free(s);
    scenario_free(sc);
    store_close(st);
    free(text);
    return path;
}

/* mamori on activity ACT, as GROUP's terminal (NULL: the facilitator's). */
static vt *start_on(const char *db, const char *group, const char *act)
{
    const char *argv[] = {mamori_bin(), "--db", db, group ? "--group" : "--open",
                          group ? group : act, group ? "--open" : NULL,
                          act, NULL};
    vt *t = vt_start(argv, NULL, ROWS, COLS);
    E2E_CHECK(NULL, t != NULL, "starting mamori");
    return t;
}

static vt *start(const char *db, const char *group)
{
    vt *t = start_on(db, group, "self-check");
    E2E_WAIT_TEXT(t, "情報セキュリティ自社診断");
    return t;
}

/* The row of the list where item N's line is (its number at the left,
 * right-aligned in three columns), or -1. */
static int item_row(vt *t, int n)
{
    char num[16];
    snprintf(num, sizeof num, "%3d", n);
    for (int r = 2; r < ROWS - 2; r++) {
        char *s = vt_row_text(t, r);
        bool hit = strncmp(s, " ", 1) == 0 && strncmp(s + 1, num, 3) == 0;
        free(s);
        if (hit)
            return r;
    }
    return -1;
}

struct item_arg {
    int n;
    const char *text;
};

static bool item_shows(vt *t, void *arg)
{
    const struct item_arg *a = arg;
    int r = item_row(t, a->n);
    return r >= 0 && vt_find_text_in(t, a->text, r, r, NULL, NULL);
}

/* 1. A group answers item 1 with the key 1: the total, its band and the
 * unanswered count change at once, and a second terminal (the
 * facilitator's) shows the answer without a key being pressed there. */
static void case_answer_live(void)
{
    const char *answers[25];
    for (int k = 0; k < 25; k++)
        answers[k] = k == 0 ? NULL : "yes";
    const char *db = make_workshop(answers);
    vt *grp = start(db, "1");
    E2E_WAIT_TEXT(grp, "さくら精密 の回答");
    E2E_WAIT_TEXT(grp, "合計 96 / 100 点");
    E2E_WAIT_TEXT(grp, "一部不十分");
    E2E_WAIT_TEXT(grp, "未回答 1 項目");
    struct item_arg unanswered1 = {1, "未回答"};
    E2E_CHECK(grp, vt_wait_until(grp, item_shows, &unanswered1, vt_default_wait_ms()),
              "item 1 is marked 未回答 in words");

    vt *fac = start(db, NULL);
    E2E_WAIT_TEXT(fac, "さくら精密 の回答");
    E2E_WAIT_TEXT(fac, "合計 96 / 100 点");
    E2E_CHECK(fac, vt_wait_until(fac, item_shows, &unanswered1, vt_default_wait_ms()),
              "the facilitator sees item 1 unanswered too");

    vt_send(grp, "1");
    E2E_WAIT_TEXT(grp, "合計 100 / 100 点");
    E2E_WAIT_TEXT(grp, "達成：基本的な対策ができています");
    E2E_WAIT_TEXT(grp, "すべて回答済み");
    E2E_WAIT_GONE(grp, "一部不十分");
    E2E_WAIT_GONE(grp, "未回答 1 項目");
    struct item_arg yes1 = {1, "実施している"};
    E2E_CHECK(grp, vt_wait_until(grp, item_shows, &yes1, vt_default_wait_ms()),
              "item 1 shows the answer 実施している");

    /* no key is sent to the facilitator's terminal */
    E2E_WAIT_TEXT(fac, "合計 100 / 100 点");
    E2E_WAIT_TEXT(fac, "達成：基本的な対策ができています");
    E2E_CHECK(fac, vt_wait_until(fac, item_shows, &yes1, vt_default_wait_ms()),
              "the facilitator sees item 1 answered live");
    E2E_WAIT_GONE(fac, "未回答 1 項目");
    E2E_WAIT_TEXT(fac, "すべて回答済み");

    /* u takes the group's answer back, everywhere */
    vt_send(grp, "u");
    E2E_WAIT_TEXT(grp, "未回答 1 項目");
    E2E_WAIT_TEXT(fac, "合計 96 / 100 点");
    vt_free(fac);
    vt_free(grp);
}

/* 2. n jumps to the next unanswered item; わからない counts −1; Tab moves to
 * the group's other company, whose answers are its own. */
static void case_next_unanswered(void)
{
    const char *answers[25];
    for (int k = 0; k < 25; k++)
        answers[k] = k == 12 || k == 20 ? NULL : "partly";
    const char *db = make_workshop(answers);
    vt *grp = start(db, "1");
    E2E_WAIT_TEXT(grp, "合計 46 / 100 点");
    E2E_WAIT_TEXT(grp, "危険：");
    E2E_WAIT_TEXT(grp, "未回答 2 項目");
    vt_send(grp, "n");
    E2E_WAIT_TEXT(grp, "13. パソコンや書類を社外に持ち出すとき");
    vt_send(grp, "4"); /* わからない: −1 */
    E2E_WAIT_TEXT(grp, "合計 45 / 100 点");
    E2E_WAIT_TEXT(grp, "未回答 1 項目");
    struct item_arg dunno = {13, "わからない"};
    E2E_CHECK(grp, vt_wait_until(grp, item_shows, &dunno, vt_default_wait_ms()),
              "item 13 shows わからない");
    vt_send(grp, "n");
    E2E_WAIT_TEXT(grp, "21. 私物のパソコンやスマートフォン");
    /* Enter opens the picker; Down twice and Enter picks 実施していない */
    vt_key(grp, VT_KEY_ENTER);
    E2E_WAIT_TEXT(grp, "項目 21 の回答");
    vt_key(grp, VT_KEY_DOWN);
    vt_key(grp, VT_KEY_DOWN);
    vt_key(grp, VT_KEY_ENTER);
    E2E_WAIT_GONE(grp, "項目 21 の回答");
    E2E_WAIT_TEXT(grp, "すべて回答済み");
    vt_send(grp, "n");
    E2E_WAIT_TEXT(grp, "未回答の項目はありません");

    vt_key(grp, VT_KEY_TAB);
    E2E_WAIT_TEXT(grp, "みなと印刷 の回答");
    E2E_WAIT_TEXT(grp, "合計 0 / 100 点");
    E2E_WAIT_TEXT(grp, "未回答 25 項目");
    vt_free(grp);
}

/* Waits until item N's line shows TEXT. */
static void wait_item(vt *t, int n, const char *text)
{
    struct item_arg arg = {n, text};
    E2E_CHECK(t, vt_wait_until(t, item_shows, &arg, vt_default_wait_ms()),
              "item %d shows %s", n, text);
}

/* The conflict dialog is up on T: my value, theirs with WHO by name. */
static void wait_dialog(vt *t, const char *mine, const char *who, const char *theirs)
{
    char line[256];
    E2E_WAIT_TEXT(t, "ほかの端末が同時にこのセルを変更しました");
    snprintf(line, sizeof line, "あなたの値: %s", mine);
    E2E_WAIT_TEXT(t, line);
    snprintf(line, sizeof line, "いまの値（%s）: %s", who, theirs);
    E2E_WAIT_TEXT(t, line);
    E2E_WAIT_TEXT(t, "Esc 入力に戻る");
    E2E_CHECK(t, !vt_has_text(t, "group:"), "the other side is named, not group:N");
}

/* 3. The group opens item 1's picker; the facilitator answers item 1
 * meanwhile; the group's choice meets the conflict dialog: 1 keeps the
 * group's answer, 2 the facilitator's. */
static void case_conflict(void)
{
    const char *answers[25] = {NULL};
    const char *db = make_workshop(answers);
    vt *grp = start(db, "1");
    vt *fac = start(db, NULL);
    E2E_WAIT_TEXT(grp, "未回答 25 項目");
    E2E_WAIT_TEXT(fac, "未回答 25 項目");

    /* 1: keep mine */
    vt_key(grp, VT_KEY_ENTER);
    E2E_WAIT_TEXT(grp, "項目 1 の回答");
    vt_send(fac, "2");
    wait_item(fac, 1, "一部実施している");
    wait_item(grp, 1, "一部実施している"); /* behind the picker, live */
    vt_send(grp, "1"); /* the first answer, saved at once */
    wait_dialog(grp, "実施している", "ファシリテーター", "一部実施している");
    vt_send(grp, "1");
    E2E_WAIT_TEXT(grp, "あなたの値を保存しました");
    E2E_WAIT_GONE(grp, "ほかの端末が同時に");
    wait_item(grp, 1, "実施している");
    wait_item(fac, 1, "実施している");

    /* 2: keep theirs (the facilitator's answer is named as the group's
     * would be: here the facilitator saves second) */
    vt_key(fac, VT_KEY_UP);
    vt_key(fac, VT_KEY_ENTER);
    E2E_WAIT_TEXT(fac, "項目 1 の回答");
    vt_send(grp, "3");
    wait_item(grp, 1, "実施していない");
    wait_item(fac, 1, "実施していない");
    vt_send(fac, "4");
    wait_dialog(fac, "わからない", "グループ 1", "実施していない");
    vt_send(fac, "2");
    E2E_WAIT_TEXT(fac, "いまの値を残しました");
    E2E_WAIT_GONE(fac, "ほかの端末が同時に");
    wait_item(fac, 1, "実施していない");
    wait_item(grp, 1, "実施していない");
    vt_free(fac);
    vt_free(grp);
}

/* The expert hearing (notes): two terminals on the first company. */
static vt *start_hearing(const char *db)
{
    vt *t = start_on(db, NULL, "visit-hearing");
    E2E_WAIT_TEXT(t, "さくら精密 の回答");
    return t;
}

/* 4. A note typed while another terminal saves one: Esc in the dialog goes
 * back to the editor with the text typed; saving it again keeps it. */
static void case_conflict_esc(void)
{
    const char *answers[25] = {NULL};
    const char *db = make_workshop(answers);
    vt *a = start_hearing(db);
    vt *b = start_hearing(db);
    vt_send(a, "a");
    E2E_WAIT_TEXT(a, "Ctrl-S");
    vt_type(a, "Aのメモ");
    E2E_WAIT_TEXT(a, "Aのメモ");
    vt_send(b, "a");
    E2E_WAIT_TEXT(b, "Ctrl-S");
    vt_type(b, "Bのメモ");
    vt_send(b, "\x13");
    E2E_WAIT_TEXT(b, "メモ: Bのメモ");
    vt_send(a, "\x13");
    wait_dialog(a, "Aのメモ", "ファシリテーター", "Bのメモ");
    vt_key(a, VT_KEY_ESC);
    E2E_WAIT_GONE(a, "ほかの端末が同時に");
    E2E_WAIT_TEXT(a, "Ctrl-S");
    E2E_CHECK(a, vt_has_text(a, "Aのメモ"), "the editor is back with the text typed");
    vt_send(a, "\x13");
    E2E_WAIT_TEXT(a, "メモ: Aのメモ");
    E2E_WAIT_TEXT(b, "メモ: Aのメモ");
    vt_free(b);
    vt_free(a);
}

/* 5. u and Ctrl-R take back and redo a saved answer, and u still works
 * after leaving the checklist and coming back. */
static void case_undo(void)
{
    const char *answers[25];
    for (int k = 0; k < 25; k++)
        answers[k] = k == 0 ? NULL : "yes";
    const char *db = make_workshop(answers);
    vt *grp = start(db, "1");
    E2E_WAIT_TEXT(grp, "合計 96 / 100 点");
    vt_send(grp, "1");
    E2E_WAIT_TEXT(grp, "合計 100 / 100 点");
    vt_send(grp, "u");
    E2E_WAIT_TEXT(grp, "元に戻しました");
    E2E_WAIT_TEXT(grp, "合計 96 / 100 点");
    wait_item(grp, 1, "未回答");
    vt_send(grp, "\x12"); /* Ctrl-R */
    E2E_WAIT_TEXT(grp, "やり直しました");
    E2E_WAIT_TEXT(grp, "合計 100 / 100 点");
    wait_item(grp, 1, "実施している");

    vt_key(grp, VT_KEY_ESC); /* to the session, and back in */
    E2E_WAIT_GONE(grp, "合計 100 / 100 点");
    vt_key(grp, VT_KEY_ENTER);
    E2E_WAIT_TEXT(grp, "合計 100 / 100 点");
    vt_send(grp, "u");
    E2E_WAIT_TEXT(grp, "元に戻しました");
    E2E_WAIT_TEXT(grp, "合計 96 / 100 点");
    vt_free(grp);
}

/* 6. A note being typed when the terminal goes away comes back on restart;
 * saving it meets the note another terminal saved meanwhile. */
static void case_draft(void)
{
    const char *answers[25] = {NULL};
    const char *db = make_workshop(answers);
    vt *b = start_hearing(db); /* open first: a draft goes to the next to open */
    vt *a = start_hearing(db);
    vt_send(a, "a");
    E2E_WAIT_TEXT(a, "Ctrl-S");
    vt_type(a, "書きかけのメモ");
    E2E_WAIT_TEXT(a, "書きかけのメモ");
    vt_free(a); /* SIGTERM, as when the SSH session drops */

    vt_send(b, "a");
    E2E_WAIT_TEXT(b, "Ctrl-S");
    vt_type(b, "ほかのメモ");
    vt_send(b, "\x13");
    E2E_WAIT_TEXT(b, "メモ: ほかのメモ");

    a = start_hearing(db);
    E2E_WAIT_TEXT(a, "前回入力中だった内容を戻しました");
    E2E_WAIT_TEXT(a, "書きかけのメモ");
    vt_send(a, "\x13");
    wait_dialog(a, "書きかけのメモ", "ファシリテーター", "ほかのメモ");
    vt_send(a, "1");
    E2E_WAIT_TEXT(a, "メモ: 書きかけのメモ");
    E2E_WAIT_TEXT(b, "メモ: 書きかけのメモ");
    vt_free(b);
    vt_free(a);
}

/* 7. Tab to the next company puts the cursor back on item 1: a digit then
 * answers item 1 there, not the item the cursor was on before. */
static void case_tab_cursor(void)
{
    const char *answers[25] = {NULL};
    const char *db = make_workshop(answers);
    vt *grp = start(db, "1");
    E2E_WAIT_TEXT(grp, "さくら精密 の回答");
    vt_key(grp, VT_KEY_END);
    E2E_WAIT_TEXT(grp, "25. ");
    vt_key(grp, VT_KEY_TAB);
    E2E_WAIT_TEXT(grp, "みなと印刷 の回答");
    vt_send(grp, "1");
    E2E_WAIT_TEXT(grp, "未回答 24 項目");
    wait_item(grp, 1, "実施している");
    E2E_WAIT_TEXT(grp, "2. "); /* on to item 2 */
    vt_free(grp);
}

static const e2e_case cases[] = {
    {"checklist-answer-live", case_answer_live},
    {"checklist-next-unanswered", case_next_unanswered},
    {"checklist-conflict", case_conflict},
    {"checklist-conflict-esc", case_conflict_esc},
    {"checklist-undo", case_undo},
    {"checklist-draft", case_draft},
    {"checklist-tab-cursor", case_tab_cursor},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
