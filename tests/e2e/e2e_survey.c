/*
 * End-to-end cases of the survey: the real mamori binary (MAMORI_BIN) in
 * ptys, on a workshop made here with the fixture scenario
 * (SOURCE_ROOT/tests/fixtures/survey/survey.json) and a small roster.
 *
 *   e2e_survey CASE     run one case (meson registers each as e2e-CASE)
 *   e2e_survey          run them all
 *
 * The facilitator's terminal shows the results; a group's terminal chooses
 * who answers and answers; the results follow without a key on the
 * facilitator's side, show no names, and wait for three respondents. Once
 * a person has answered, choosing their name again (here or on another
 * terminal) shows nothing of their answers until their code is typed.
 */
#include "vt.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "demo.h"
#include "scenario.h"
#include "store.h"
#include "survey.h"

#define ROWS 30
#define COLS 100

/* Group 1: two people; group 2: one. */
static const char *const people[][2] = {
    {"1", "佐藤 健一"},
    {"1", "鈴木 美咲"},
    {"2", "高橋 大輔"},
};
#define NPEOPLE (int)(sizeof people / sizeof people[0])
static int64_t person_ids[NPEOPLE]; /* of the last workshop made */

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

static char *read_fixture(void)
{
    const char *root = getenv("SOURCE_ROOT");
    char path[600];
    snprintf(path, sizeof path, "%s/tests/fixtures/survey/survey.json",
             root && *root ? root : ".");
    FILE *f = fopen(path, "rb");
    if (!f)
        e2e_fail(NULL, __FILE__, __LINE__, "cannot read %s", path);
    buf b = {0};
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, k);
    fclose(f);
    return buf_steal(&b);
}

/* A workshop of 2 groups on the fixture, with the roster above. */
static const char *new_workshop(void)
{
    static char path[600];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(path, sizeof path, "%s/workshop.db", dir);
    store *st = NULL;
    mm_error err = {0};
    char *text = read_fixture();
    E2E_CHECK(NULL, store_create(path, &st, &err) == MM_OK, "create: %s",
              err.msg);
    E2E_CHECK(NULL, workshop_init(st, NULL, text, 2, &err) == MM_OK,
              "init: %s", err.msg);
    free(text);
    group_info *g;
    int ng;
    E2E_CHECK(NULL, store_groups(st, &g, &ng, &err) == MM_OK && ng == 2,
              "groups: %s", err.msg);
    for (int p = 0; p < NPEOPLE; p++) {
        int64_t gid = g[people[p][0][0] - '1'].id, cid;
        char company[64];
        snprintf(company, sizeof company, "株式会社テスト%d", p + 1);
        E2E_CHECK(NULL, store_company_add(st, company, gid, "", 0, &cid, &err)
                  == MM_OK, "company: %s", err.msg);
        E2E_CHECK(NULL, store_person_add(st, people[p][1], cid, gid, "", &person_ids[p],
                  &err) == MM_OK, "person: %s", err.msg);
    }
    group_list_free(g, ng);
    store_close(st);
    return path;
}

/* Runs FN on the facilitator's connection to DB with the survey activity
 * and the id of person P of the roster. */
static void with_survey(const char *db, int p,
                        void (*fn)(store *st, const activity *act,
                                   int64_t person, void *ctx),
                        void *ctx)
{
    store *st = NULL;
    mm_error err = {0};
    E2E_CHECK(NULL, store_open(db, &st, &err) == MM_OK, "open: %s", err.msg);
    E2E_CHECK(NULL, store_set_role(st, ROLE_FACILITATOR, NULL, &err) == MM_OK,
              "role: %s", err.msg);
    char *text = read_fixture();
    scenario *sc = NULL;
    buf errs = {0};
    int n = 0;
    E2E_CHECK(NULL, scenario_parse("survey.json", text, strlen(text), &sc,
              &errs, &n) == MM_OK, "parse: %s", buf_str(&errs));
    buf_free(&errs);
    free(text);
    const activity *act = scenario_find_activity(sc, "participant-survey");
    fn(st, act, person_ids[p], ctx);
    scenario_free(sc);
    store_close(st);
}

static void get_code(store *st, const activity *act, int64_t person, void *ctx)
{
    mm_error err = {0};
    char *code = NULL;
    E2E_CHECK(NULL, survey_code(st, act, person, &code, &err) == MM_OK,
              "code: %s", err.msg);
    snprintf(ctx, SURVEY_CODE_LEN + 1, "%s", code);
    free(code);
}

/* The code the facilitator hands person P. */
static void code_of(const char *db, int p, char out[SURVEY_CODE_LEN + 1])
{
    with_survey(db, p, get_code, out);
}

static void put_answer(store *st, const activity *act, int64_t person, void *ctx)
{
    mm_error err = {0};
    E2E_CHECK(NULL, survey_answer(st, act, person, "satisfaction", ctx, &err)
              == MM_OK, "answer: %s", err.msg);
}

/* Person P's satisfaction answered on paper, typed in by the facilitator. */
static void answer_on_paper(const char *db, int p, const char *value)
{
    with_survey(db, p, put_answer, (void *)value);
}

/* What `mamori export --db DB --activity participant-survey --codes` prints. */
static char *codes_cli(const char *db)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "'%s' export --db '%s' --activity participant-survey --codes",
             mamori_bin(), db);
    FILE *p = popen(cmd, "r");
    E2E_CHECK(NULL, p != NULL, "running %s", cmd);
    buf b = {0};
    char chunk[1024];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_append(&b, chunk, k);
    E2E_CHECK(NULL, pclose(p) == 0, "%s failed", cmd);
    return buf_steal(&b);
}

/* The locked screen is up on T: type CODE after c. */
static void type_code(vt *t, const char *code)
{
    E2E_WAIT_TEXT(t, "回答済みです。変更するにはファシリテーターから受け取ったコードを入力してください");
    vt_send(t, "c");
    E2E_WAIT_TEXT(t, "コード:");
    vt_type(t, code);
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "コードを確認しました");
}

static vt *start_rows(const char *db, const char *group, const char *lng,
                      int rows)
{
    const char *argv[12];
    int n = 0;
    argv[n++] = mamori_bin();
    argv[n++] = "--db";
    argv[n++] = db;
    if (group) {
        argv[n++] = "--group";
        argv[n++] = group;
    }
    if (lng) {
        argv[n++] = "--lang";
        argv[n++] = lng;
    }
    argv[n++] = "--open";
    argv[n++] = "participant-survey";
    argv[n] = NULL;
    vt *t = vt_start(argv, NULL, rows, COLS);
    E2E_CHECK(NULL, t != NULL, "starting %s", argv[0]);
    return t;
}

static vt *start(const char *db, const char *group, const char *lng)
{
    return start_rows(db, group, lng, ROWS);
}

/* Is there a row that reads exactly TEXT, once its blanks are trimmed (a
 * headline alone on its line)? */
static bool row_is(vt *t, void *arg)
{
    const char *text = arg;
    int rows;
    vt_size(t, &rows, NULL);
    for (int r = 0; r < rows; r++) {
        char *s = vt_row_text(t, r);
        const char *p = s + strspn(s, " ");
        bool hit = strcmp(p, text) == 0;
        free(s);
        if (hit)
            return true;
    }
    return false;
}

/* Is the row holding TEXT drawn in reverse video (the picker's cursor)? */
static bool row_reverse(vt *t, void *arg)
{
    int row;
    return vt_find_text(t, arg, &row, NULL) && vt_row_has_reverse(t, row);
}

static void wait_cursor_on(vt *t, const char *text)
{
    E2E_CHECK(t, vt_wait_until(t, row_reverse, (void *)text, vt_default_wait_ms()),
              "the cursor on \"%s\"", text);
}

static void wait_row_is(vt *t, const char *text)
{
    E2E_CHECK(t, vt_wait_until(t, row_is, (void *)text, vt_default_wait_ms()),
              "a line reading \"%s\"", text);
}

static void no_names(vt *t)
{
    for (int p = 0; p < NPEOPLE; p++)
        E2E_CHECK(t, !vt_has_text(t, people[p][1]),
                  "the results show no names (%s is on screen)", people[p][1]);
}

/* Two people of group 1 answer the satisfaction question on the group's
 * terminal, one after the other; the facilitator's results follow live,
 * with no key pressed there, and never show a name. The second person does
 * not see the first one's answer. */
static void case_live(void)
{
    const char *db = new_workshop();
    vt *fac = start(db, NULL, NULL);
    E2E_WAIT_TEXT(fac, "結果（名前は表示されません）");
    E2E_WAIT_TEXT(fac, "まだ回答はありません");
    E2E_WAIT_TEXT(fac, "回答者 0人（参加者 3人）");

    vt *grp = start(db, "1", NULL);
    E2E_WAIT_TEXT(grp, "回答する人: まだ選ばれていません");
    vt_send(grp, "W");
    E2E_WAIT_TEXT(grp, "回答する人を選んでください");
    E2E_WAIT_TEXT(grp, "鈴木 美咲");
    E2E_CHECK(grp, !vt_has_text(grp, "高橋 大輔"),
              "the picker lists only the group's own members");
    vt_key(grp, VT_KEY_ENTER);
    E2E_WAIT_TEXT(grp, "回答する人: 佐藤 健一");
    E2E_WAIT_TEXT(grp, "( ) 満足");
    vt_send(grp, "1");
    E2E_WAIT_TEXT(grp, "回答済み 1/5問");

    /* the facilitator's screen follows by itself; one answer is not shown */
    E2E_WAIT_TEXT(fac, "回答者 1人（参加者 3人）");
    E2E_WAIT_TEXT(fac, "回答が3人以上になると表示します");
    E2E_CHECK(fac, !vt_has_text(fac, "満足 100%"), "no results below three");
    no_names(fac);

    /* the next person: Tab to them; the first one's answer is not shown */
    vt_key(grp, VT_KEY_TAB);
    E2E_WAIT_TEXT(grp, "回答する人: 鈴木 美咲");
    E2E_WAIT_TEXT(grp, "回答済み 0/5問");
    E2E_CHECK(grp, !vt_has_text(grp, "(*)"),
              "the previous person's answer is not on screen");
    vt_send(grp, "2");
    E2E_WAIT_TEXT(grp, "回答済み 1/5問");

    E2E_WAIT_TEXT(fac, "回答者 2人（参加者 3人）");
    E2E_WAIT_TEXT(fac, "回答が3人以上になると表示します");

    /* the third respondent, on group 2's terminal: now the results show */
    vt *grp2 = start(db, "2", NULL);
    vt_send(grp2, "W");
    E2E_WAIT_TEXT(grp2, "回答する人を選んでください");
    vt_key(grp2, VT_KEY_ENTER);
    E2E_WAIT_TEXT(grp2, "回答する人: 高橋 大輔");
    vt_send(grp2, "1");
    E2E_WAIT_TEXT(grp2, "回答済み 1/5問");
    E2E_WAIT_TEXT(fac, "回答者 3人（参加者 3人）");
    wait_row_is(fac, "満足 67%");
    wait_row_is(fac, "満足・やや満足 100%");
    E2E_WAIT_TEXT(fac, "平均 3.67");
    no_names(fac);

    /* a changed answer moves the numbers too */
    vt_key(grp, VT_KEY_UP);
    vt_send(grp, "4");
    wait_row_is(fac, "満足・やや満足 67%");
    vt_free(grp2);
    vt_free(grp);
    vt_free(fac);
}

/* In English: several answers through the checklist (Space), a free text
 * through the editor; the facilitator sees the text listed without names. */
static void case_multi_text_en(void)
{
    const char *db = new_workshop();
    /* two answers on paper first: results show from three respondents */
    answer_on_paper(db, 0, "satisfied");
    answer_on_paper(db, 1, "satisfied");
    vt *fac = start_rows(db, NULL, "en", 60); /* the whole report at once */
    E2E_WAIT_TEXT(fac, "Shown once at least three people have answered");

    vt *grp = start(db, "2", "en");
    E2E_WAIT_TEXT(grp, "Answering: nobody yet");
    /* Enter before choosing asks who is answering */
    vt_key(grp, VT_KEY_ENTER);
    E2E_WAIT_TEXT(grp, "Who is answering?");
    vt_key(grp, VT_KEY_ENTER);
    E2E_WAIT_TEXT(grp, "Answering: 高橋 大輔");

    /* question 3: the checklist */
    vt_key(grp, VT_KEY_DOWN);
    vt_key(grp, VT_KEY_DOWN);
    E2E_WAIT_TEXT(grp, "[ ] Security awareness and education");
    /* the picker is the shared one: a popup of the options, unnumbered */
    vt_key(grp, VT_KEY_ENTER);
    wait_cursor_on(grp, "[ ] Network security");
    vt_send(grp, " ");
    E2E_WAIT_TEXT(grp, "[x] Network security");
    vt_key(grp, VT_KEY_DOWN);
    wait_cursor_on(grp, "[ ] Security awareness");
    vt_send(grp, " ");
    E2E_WAIT_TEXT(grp, "[x] Security awareness");
    E2E_CHECK(grp, vt_has_text(grp, "0 of 5 answered"),
              "nothing is saved before Enter");
    vt_key(grp, VT_KEY_ENTER);
    E2E_WAIT_TEXT(grp, "1 of 5 answered");

    /* question 5: the editor */
    vt_key(grp, VT_KEY_END);
    vt_key(grp, VT_KEY_ENTER);
    E2E_WAIT_TEXT(grp, "Ctrl-S save");
    vt_type(grp, "More drills, please");
    vt_send(grp, "\x13"); /* Ctrl-S */
    E2E_WAIT_TEXT(grp, "2 of 5 answered");

    E2E_WAIT_TEXT(fac, "respondents: 3 (of 3 participants)");
    /* the checklist's two answers, each 100% of those who answered */
    E2E_WAIT_TEXT(fac, "- More drills, please");
    E2E_WAIT_TEXT(fac, "Security awareness and education  100%");
    no_names(fac);
    vt_free(grp);
    vt_free(fac);
}

/* A group's terminal with its first member chosen to answer. */
static vt *start_as_first(const char *db, const char *group)
{
    vt *t = start(db, group, NULL);
    E2E_WAIT_TEXT(t, "回答する人: まだ選ばれていません");
    vt_send(t, "W");
    E2E_WAIT_TEXT(t, "回答する人を選んでください");
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "（W で変更）");
    return t;
}

/* The conflict dialog is up on T: my answer, theirs with WHO by name. */
static void wait_dialog(vt *t, const char *mine, const char *who, const char *theirs)
{
    char line[256];
    E2E_WAIT_TEXT(t, "ほかの端末が同時にこのセルを変更しました");
    snprintf(line, sizeof line, "あなたの値: %s", mine);
    E2E_WAIT_TEXT(t, line);
    snprintf(line, sizeof line, "いまの値（%s）: %s", who, theirs);
    E2E_WAIT_TEXT(t, line);
    E2E_CHECK(t, !vt_has_text(t, "group:"), "the other side is named, not group:N");
}

/* Two terminals of group 1 answer for the same person at once (the second
 * with the person's code): the one that saves second meets the dialog. 1
 * keeps its answer, 2 the other's, Esc goes back to the text it typed. */
static void case_conflict(void)
{
    const char *db = new_workshop();
    vt *a = start_as_first(db, "1");
    vt_send(a, "4");
    E2E_WAIT_TEXT(a, "回答済み 1/5問");
    vt_key(a, VT_KEY_UP);
    char code[SURVEY_CODE_LEN + 1];
    code_of(db, 0, code);
    vt *b = start(db, "1", NULL);
    vt_send(b, "W");
    E2E_WAIT_TEXT(b, "回答する人を選んでください");
    vt_key(b, VT_KEY_ENTER);
    type_code(b, code);
    E2E_WAIT_TEXT(b, "回答済み 1/5問");
    vt_key(b, VT_KEY_UP);
    E2E_WAIT_TEXT(b, "(*) 不満");

    /* 1: keep mine */
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "（空にする）");
    vt_send(b, "2");
    wait_row_is(b, "やや満足"); /* saved, and on to question 2 */
    vt_send(a, "1");
    wait_dialog(a, "満足", "グループ 1", "やや満足");
    vt_send(a, "1");
    E2E_WAIT_TEXT(a, "あなたの値を保存しました");
    E2E_WAIT_TEXT(a, "(*) 満足");
    E2E_WAIT_GONE(b, "やや満足");

    /* 2: keep theirs */
    vt_key(a, VT_KEY_DOWN);
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "（空にする）");
    vt_send(b, "3");
    E2E_WAIT_TEXT(b, "回答済み 2/5問");
    vt_send(a, "1");
    wait_dialog(a, "上がった", "グループ 1", "わからない");
    vt_send(a, "2");
    E2E_WAIT_TEXT(a, "いまの値を残しました");
    E2E_WAIT_TEXT(a, "(*) わからない");

    /* Esc: back to the text typed, which then saves */
    vt_key(a, VT_KEY_END);
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "Ctrl-S");
    vt_type(a, "Aの感想");
    E2E_WAIT_TEXT(a, "Aの感想");
    vt_key(b, VT_KEY_END);
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_TEXT(b, "Ctrl-S");
    vt_type(b, "Bの感想");
    vt_send(b, "\x13");
    E2E_WAIT_TEXT(b, "回答を保存しました");
    vt_send(a, "\x13");
    wait_dialog(a, "Aの感想", "グループ 1", "Bの感想");
    vt_key(a, VT_KEY_ESC);
    E2E_WAIT_GONE(a, "ほかの端末が同時に");
    E2E_CHECK(a, vt_has_text(a, "Aの感想"), "the editor is back with the text typed");
    vt_send(a, "\x13");
    E2E_WAIT_TEXT(a, "回答を保存しました");
    E2E_WAIT_TEXT(b, "Aの感想");
    E2E_WAIT_GONE(b, "Bの感想");
    vt_free(b);
    vt_free(a);
}

/* u and Ctrl-R take back and redo an answer, and u still works after
 * leaving the survey and coming back. */
static void case_undo(void)
{
    const char *db = new_workshop();
    vt *t = start_as_first(db, "1");
    vt_send(t, "1");
    E2E_WAIT_TEXT(t, "回答済み 1/5問");
    vt_send(t, "u");
    E2E_WAIT_TEXT(t, "元に戻しました");
    E2E_WAIT_TEXT(t, "回答済み 0/5問");
    vt_send(t, "\x12"); /* Ctrl-R */
    E2E_WAIT_TEXT(t, "やり直しました");
    E2E_WAIT_TEXT(t, "回答済み 1/5問");

    vt_key(t, VT_KEY_ESC); /* to the session, and back in */
    E2E_WAIT_GONE(t, "回答済み 1/5問");
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "回答する人: まだ選ばれていません");
    vt_send(t, "W");
    E2E_WAIT_TEXT(t, "回答する人を選んでください");
    vt_key(t, VT_KEY_ENTER);
    /* chosen again, the answers are the person's: their code opens them */
    char code[SURVEY_CODE_LEN + 1];
    code_of(db, 0, code);
    type_code(t, code);
    E2E_WAIT_TEXT(t, "回答済み 1/5問");
    vt_send(t, "u");
    E2E_WAIT_TEXT(t, "元に戻しました");
    E2E_WAIT_TEXT(t, "回答済み 0/5問");
    vt_free(t);
}

/* A free text being typed when the terminal goes away comes back on
 * restart, for the same person, and saves; the person's answers are then
 * closed to the group's other terminal (the draft too). */
static void case_draft(void)
{
    const char *db = new_workshop();
    vt *b = start(db, "2", NULL); /* open first: a draft goes to the next to open */
    E2E_WAIT_TEXT(b, "回答する人: まだ選ばれていません");
    vt *a = start_as_first(db, "2");
    vt_key(a, VT_KEY_END);
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "Ctrl-S");
    vt_type(a, "書きかけの感想");
    E2E_WAIT_TEXT(a, "書きかけの感想");
    vt_free(a); /* SIGTERM, as when the SSH session drops */

    a = start(db, "2", NULL);
    E2E_WAIT_TEXT(a, "前回入力中だった内容を戻しました");
    E2E_WAIT_TEXT(a, "回答する人: 高橋 大輔");
    E2E_WAIT_TEXT(a, "書きかけの感想");
    vt_send(a, "\x13");
    E2E_WAIT_TEXT(a, "回答を保存しました");
    E2E_WAIT_TEXT(a, "回答済み 1/5問");

    vt_send(b, "W");
    E2E_WAIT_TEXT(b, "回答する人を選んでください");
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_TEXT(b, "回答済みです。変更するには");
    E2E_CHECK(b, !vt_has_text(b, "書きかけの感想"), "the answer stays hidden");
    vt_free(b);
    vt_free(a);
}

/* A survey answer cannot be read back by choosing the same name on another
 * terminal, nor changed there; nor on the same terminal once someone else
 * was chosen. The person's own code (from the facilitator) opens them. */
static void case_private(void)
{
    const char *db = new_workshop();
    vt *a = start_as_first(db, "1");
    E2E_WAIT_TEXT(a, "回答する人: 佐藤 健一");
    vt_send(a, "2");
    E2E_WAIT_TEXT(a, "回答済み 1/5問");
    vt_key(a, VT_KEY_END);
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "Ctrl-S");
    vt_type(a, "ないしょの感想");
    vt_send(a, "\x13");
    E2E_WAIT_TEXT(a, "回答を保存しました");

    /* another terminal of the same group chooses the same name */
    vt *b = start(db, "1", NULL);
    vt_send(b, "W");
    E2E_WAIT_TEXT(b, "回答する人を選んでください");
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_TEXT(b, "回答済みです。変更するにはファシリテーターから受け取ったコードを入力してください");
    /* (the options of question 1 were on screen before anyone was chosen:
     * wait for the whole screen to be drawn) */
    E2E_WAIT_GONE(b, "やや満足");
    E2E_WAIT_GONE(b, "(*)");
    E2E_CHECK(b, !vt_has_text(b, "ないしょの感想"), "the free text stays hidden");
    E2E_CHECK(b, !vt_has_text(b, "回答済み 2/5問"), "not even how many were answered");
    /* nor can it change them */
    vt_send(b, "4");
    vt_key(b, VT_KEY_ENTER);
    E2E_CHECK(b, !vt_has_text(b, "（空にする）"), "no picker opens");
    /* a wrong code opens nothing */
    vt_send(b, "c");
    E2E_WAIT_TEXT(b, "コード:");
    vt_type(b, "XXXXXX");
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_TEXT(b, "コードが違います");
    E2E_CHECK(b, !vt_has_text(b, "ないしょの感想"), "still hidden");

    /* the answers were not changed: A, which made them, still has them */
    vt_key(a, VT_KEY_HOME);
    E2E_WAIT_TEXT(a, "(*) やや満足");

    /* the same terminal, once someone else was chosen, is locked out too */
    vt_key(a, VT_KEY_TAB);
    E2E_WAIT_TEXT(a, "回答する人: 鈴木 美咲");
    vt_key(a, VT_KEY_TAB);
    E2E_WAIT_TEXT(a, "回答する人: 佐藤 健一");
    E2E_WAIT_TEXT(a, "回答済みです。変更するには");
    E2E_WAIT_GONE(a, "ないしょの感想"); /* hidden on A too now */

    /* the person's code, as the facilitator prints it, opens them on B */
    char *list = codes_cli(db);
    char code[SURVEY_CODE_LEN + 1];
    code_of(db, 0, code);
    char line[128];
    snprintf(line, sizeof line, "1\t佐藤 健一\t%s\n", code);
    E2E_CHECK(b, strstr(list, line) != NULL, "--codes lists 佐藤's code:\n%s", list);
    E2E_CHECK(b, strstr(list, "2\t高橋 大輔\t") != NULL, "--codes lists everyone:\n%s", list);
    free(list);
    type_code(b, code);
    E2E_WAIT_TEXT(b, "回答済み 2/5問");
    E2E_WAIT_TEXT(b, "ないしょの感想");
    vt_key(b, VT_KEY_HOME);
    E2E_WAIT_TEXT(b, "(*) やや満足");
    vt_free(b);
    vt_free(a);
}

static const e2e_case cases[] = {
    {"survey-live", case_live},
    {"survey-multi-text-en", case_multi_text_en},
    {"survey-conflict", case_conflict},
    {"survey-undo", case_undo},
    {"survey-draft", case_draft},
    {"survey-private", case_private},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
