/*
 * End-to-end cases of the expert visits' records (mamori --open visits:N):
 * the real mamori binary (MAMORI_BIN) in a pty, in Japanese, on a workshop
 * of the bundled program with one company in group 1 whose hearing has its
 * network section answered "in place" and whose plan has two items.
 *
 *   e2e_visits CASE     run one case (meson registers each as e2e-visits-CASE)
 *   e2e_visits          run them all
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
#include "text.h"
#include "visits.h"

static const char *mamori_bin(void)
{
    const char *bin = getenv("MAMORI_BIN");
    if (!bin || !*bin)
        e2e_skip("MAMORI_BIN is not set (run through meson test)");
    if (access(bin, X_OK) != 0)
        e2e_fail(NULL, __FILE__, __LINE__, "MAMORI_BIN=%s is not executable", bin);
    return bin;
}

#define CHECK_OK(call)                                                     \
    do {                                                                   \
        mm_status rc_ = (call);                                            \
        if (rc_ != MM_OK)                                                  \
            e2e_fail(NULL, __FILE__, __LINE__, "%s: %s", #call, err.msg);  \
    } while (0)

static char db_path[600];
static char *program;
static int64_t company;

/* The workshop (see the top); SCORES: also visit 1 and visit 4 scored. */
static const char *make_workshop(bool scores)
{
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(db_path, sizeof db_path, "%s/workshop.db", dir);
    mm_error err;
    CHECK_OK(bundled_program(&program, &err));
    store *st = NULL;
    CHECK_OK(store_create(db_path, &st, &err));
    CHECK_OK(workshop_init(st, NULL, program, 2, &err));
    CHECK_OK(store_set_role(st, ROLE_FACILITATOR, NULL, &err));
    group_info *g;
    int ng;
    CHECK_OK(store_groups(st, &g, &ng, &err));
    CHECK_OK(store_company_add(st, "さくら精密", g[0].id, "金属加工", 28, &company, &err));
    group_list_free(g, ng);
    scenario *sc = NULL;
    buf errs = {0};
    if (scenario_parse("p", program, strlen(program), &sc, &errs, NULL) != MM_OK)
        e2e_fail(NULL, __FILE__, __LINE__, "program: %s", buf_str(&errs));
    buf_free(&errs);
    visits *v = visits_new(sc);
    E2E_CHECK(NULL, v != NULL, "the bundled program has visits");
    /* the hearing: section 3 (network) all "yes" */
    const checklist_def *d = visits_hearing_def(v);
    sheet *s = NULL;
    CHECK_OK(sheet_open(st, visits_hearing(v)->storage, OWNER_COMPANY, company, &s, &err));
    const checklist_section *net = &d->sections[2];
    for (int i = net->first; i < net->first + net->nitems; i++)
        CHECK_OK(checklist_set(st, s, d, d->items[i].id, d->col_answer, "yes", -1, NULL, NULL,
                               &err));
    sheet_free(s);
    /* the plan: two items */
    const activity *plan = visits_plan_activity(v);
    CHECK_OK(sheet_open(st, plan->storage, OWNER_COMPANY, company, &s, &err));
    const char *vals[16] = {NULL};
    vals[table_col_index(plan->storage, "issue")] = "退職者のアカウントが残っている";
    vals[table_col_index(plan->storage, "status")] = "todo";
    CHECK_OK(sheet_insert(st, s, 0, vals, NULL, NULL, &err));
    vals[table_col_index(plan->storage, "issue")] = "バックアップを戻す試験をしていない";
    CHECK_OK(sheet_insert(st, s, 1, vals, NULL, NULL, &err));
    sheet_free(s);
    if (scores) {
        const char *ids[6] = {"org", "assets", "network", "endpoints", "people", "response"};
        for (int k = 0; k < 6; k++) {
            CHECK_OK(visits_set_score(st, v, company, 1, ids[k], k == 2 ? 5 : 1, "初回", &err));
            CHECK_OK(visits_set_score(st, v, company, 4, ids[k], k == 2 ? 5 : 4, "改善", &err));
        }
    }
    visits_free(v);
    scenario_free(sc);
    store_close(st);
    return db_path;
}

/* What the store holds for the company at VISIT, read as another terminal. */
static void read_back(int visit, visit_score out[6], visit_plan_item **items, int *n)
{
    mm_error err;
    store *st = NULL;
    CHECK_OK(store_open(db_path, &st, &err));
    scenario *sc = NULL;
    buf errs = {0};
    if (scenario_parse("p", program, strlen(program), &sc, &errs, NULL) != MM_OK)
        e2e_fail(NULL, __FILE__, __LINE__, "program: %s", buf_str(&errs));
    buf_free(&errs);
    visits *v = visits_new(sc);
    CHECK_OK(visits_scores(st, v, company, visit, out, &err));
    CHECK_OK(visits_plan(st, v, company, items, n, &err));
    visits_free(v);
    scenario_free(sc);
    store_close(st);
}

static vt *start(const char *group, const char *target, int rows, int cols)
{
    const char *argv[] = {mamori_bin(), "--db", db_path, "--open", target,
                          group ? "--group" : NULL, group, NULL};
    vt *t = vt_start(argv, NULL, rows, cols);
    E2E_CHECK(NULL, t != NULL, "starting mamori");
    E2E_WAIT_TEXT(t, "さくら精密");
    E2E_WAIT_TEXT(t, "セクション評価");
    return t;
}

/* 1. A score other than the suggestion asks for a reason: Enter without one
 * is refused and nothing is kept; with one, the score, its reason and the
 * suggestion all show and are stored. */
static void case_override(void)
{
    make_workshop(false);
    vt *t = start(NULL, "visits:1", 30, 100);
    /* the network section: suggested 5 from its answers */
    vt_key(t, VT_KEY_DOWN);
    vt_key(t, VT_KEY_DOWN);
    vt_send(t, "3");
    E2E_WAIT_TEXT(t, "理由（目安 5、評価 3）");
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "回答からの目安（5点）と違う評価には、理由を書いてください");
    /* the reason's editor stays open to type it */
    E2E_CHECK(t, vt_has_text(t, "理由（目安 5、評価 3）"), "the editor is still open");
    vt_type(t, "UTMのファームウェアが古い");
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "評価を記録しました");
    E2E_WAIT_TEXT(t, "5    3 * UTMのファームウェアが古い");
    vt_free(t);

    visit_score sc[6];
    visit_plan_item *items;
    int n;
    read_back(1, sc, &items, &n);
    E2E_CHECK(NULL, sc[2].entered == 3 && sc[2].suggested == 5,
              "network at visit 1: entered %d, suggested %d", sc[2].entered, sc[2].suggested);
    E2E_CHECK(NULL, strcmp(sc[2].reason, "UTMのファームウェアが古い") == 0, "reason %s",
              sc[2].reason);
    E2E_CHECK(NULL, sc[0].entered == -1, "org untouched (%d)", sc[0].entered);
    visit_scores_free(sc, 6);
    visits_plan_free(items, n, 4);
}

/* Does the row of the first plan item show 完了? */
static bool item_done(vt *t, void *arg)
{
    (void)arg;
    int row, col;
    if (!vt_find_text(t, "退職者のアカウントが残っている", &row, &col))
        return false;
    char *line = vt_row_text(t, row);
    bool ok = strstr(line, "完了") != NULL;
    free(line);
    return ok;
}

/* 2. On group 1's terminal at visit 3, a digit sets a plan item's status
 * for visit 3; the facilitator's terminal shows it live; the plan table's
 * own status follows. */
static void case_plan_status(void)
{
    make_workshop(false);
    vt *fac = start(NULL, "visits:3", 30, 100);
    vt *grp = start("1", "visits:3", 30, 100);
    E2E_WAIT_TEXT(grp, "改善計画（訪問3の状況を記録）");
    for (int k = 0; k < 6; k++)
        vt_key(grp, VT_KEY_DOWN);
    vt_send(grp, "3");
    E2E_WAIT_TEXT(grp, "訪問3の状況：完了");
    E2E_WAIT_TEXT(grp, "改善計画 2項目：  未着手 1  対応中 0  完了 1");
    /* the other terminal, no key pressed */
    E2E_WAIT_TEXT(fac, "改善計画 2項目：  未着手 1  対応中 0  完了 1");
    /* the screen may arrive in pieces: wait for the item's row itself */
    E2E_CHECK(fac, vt_wait_until(fac, item_done, NULL, vt_default_wait_ms()),
              "the item's row shows 完了 under visit 3");
    vt_free(fac);
    vt_free(grp);

    visit_score sc[6];
    visit_plan_item *items;
    int n;
    read_back(3, sc, &items, &n);
    E2E_CHECK(NULL, n == 2, "two items (%d)", n);
    E2E_CHECK(NULL, strcmp(items[0].by_visit[2].status, "done") == 0, "visit 3: %s",
              items[0].by_visit[2].status);
    E2E_CHECK(NULL, strcmp(items[0].by_visit[1].status, "") == 0, "visit 2 untouched");
    E2E_CHECK(NULL, strcmp(items[0].current, "done") == 0, "plan status %s", items[0].current);
    E2E_CHECK(NULL, strlen(items[0].by_visit[2].date) == 10, "dated today (%s)",
              items[0].by_visit[2].date);
    visit_scores_free(sc, 6);
    visits_plan_free(items, n, 4);
}

/* Is there a braille character (a dot of the radar's lines) in S? */
static bool has_braille(const char *s)
{
    for (; s[0] && s[1] && s[2]; s++)
        if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] >= 0xA0
            && (unsigned char)s[1] <= 0xA3)
            return true;
    return false;
}

/* The radar's side label LABEL (found at column MIN_COL or further right,
 * where the radar is), whole, with SCORES on the line under it, and no dot
 * of a line after it (AFTER: a label right of the hexagon) or before it
 * within the radar (a label left of it). */
static bool side_label(vt *t, const char *label, const char *scores, int min_col, bool after)
{
    int rows, cols;
    vt_size(t, &rows, &cols);
    for (int row = 0; row + 1 < rows; row++) {
        char *line = vt_row_text(t, row);
        const char *at = NULL;
        for (const char *p = strstr(line, label); p && !at; p = strstr(p + 1, label)) {
            char *head = strndup(line, (size_t)(p - line));
            if (text_width(head) >= min_col)
                at = p;
            free(head);
        }
        bool ok = false;
        if (at) {
            char *below = vt_row_text(t, row + 1);
            if (after) {
                ok = !has_braille(at) && strstr(below, scores) != NULL;
            } else {
                /* from where the radar starts to the label */
                size_t skip = text_fit(line, min_col, NULL);
                char *head = strndup(line + skip, (size_t)(at - line) - skip);
                ok = !has_braille(head) && strstr(below, scores) != NULL;
                free(head);
            }
            free(below);
        }
        free(line);
        if (at)
            return ok;
    }
    return false;
}

/* 3. The radar: visit 1 against visit 4 with both series' legend and
 * glyphs, beside the list at 120x40 and alone (m) at 80x24. */
static void case_radar(void)
{
    make_workshop(true);
    vt *t = start(NULL, "visits:4", 40, 120);
    E2E_WAIT_TEXT(t, "o.. 訪問1（点線・⠤）   @== 訪問4（実線・⣿）");
    E2E_WAIT_TEXT(t, "1 組織とルール 1->4");
    E2E_WAIT_TEXT(t, "⣿⣿⣿⣿⣿⣿⣿⣿⣿⣿⣿⣿"); /* visit 4's bars (4 of 5) */
    E2E_WAIT_TEXT(t, "⠤⠤⠤"); /* visit 1's */
    E2E_WAIT_TEXT(t, "@"); /* the latest's corners */
    /* the side labels whole, their scores under them, no dot of a line
     * beside them: the right ones have nothing after them, the left ones
     * nothing before them */
    E2E_CHECK(t, side_label(t, "3 ネットワーク", "5->5", 60, true),
              "the radar's 3 ネットワーク: whole, scores under it, clear of lines");
    E2E_CHECK(t, side_label(t, "5 人と教育", "1->4", 60, false),
              "the radar's 5 人と教育: whole, scores under it, clear of lines");
    vt_free(t);

    t = start(NULL, "visits:4", 24, 80);
    E2E_CHECK(t, !vt_has_text(t, "@=="), "the list alone at 80x24");
    vt_send(t, "m");
    E2E_WAIT_TEXT(t, "@== 訪問4");
    E2E_WAIT_TEXT(t, "セクション別");
    E2E_WAIT_TEXT(t, "3 ネットワ");
    vt_send(t, "m");
    E2E_WAIT_GONE(t, "セクション別");
    vt_free(t);
}

/* 4. Group 2's terminal sees group 1's company but cannot score it. */
static void case_other_group(void)
{
    make_workshop(false);
    vt *t = start("2", "visits:1", 30, 100);
    vt_send(t, "2");
    E2E_WAIT_TEXT(t, "ほかのグループのシートには書き込めません");
    E2E_CHECK(t, !vt_has_text(t, "理由（"), "no reason asked");
    vt_free(t);
    visit_score sc[6];
    visit_plan_item *items;
    int n;
    read_back(1, sc, &items, &n);
    E2E_CHECK(NULL, sc[0].entered == -1, "nothing written (%d)", sc[0].entered);
    visit_scores_free(sc, 6);
    visits_plan_free(items, n, 4);
}

/* 5. The next-year plan's first section starts from what is known, not
 * from （　） blanks; at visit 3, E puts the plan on the progress board. */
static void case_prefill(void)
{
    make_workshop(true);
    const char *argv[] = {mamori_bin(), "--db", db_path, "--group", "1", "--open",
                          "next-year-plan", NULL};
    vt *t = vt_start(argv, NULL, 30, 100);
    E2E_CHECK(NULL, t != NULL, "starting mamori");
    E2E_WAIT_TEXT(t, "今年の成果");
    vt_key(t, VT_KEY_DOWN);
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "さくら精密の今年度の取組の成果は、次のとおりです。");
    E2E_WAIT_TEXT(t, "改善計画：全2項目のうち、未着手 2、対応中 0、完了 0、見送り 0");
    E2E_WAIT_TEXT(t, "・3 ネットワーク：5点 → 5点");
    E2E_WAIT_TEXT(t, "・1 組織とルール：1点 → 4点");
    vt_free(t);

    t = start("1", "visits:3", 30, 100);
    vt_send(t, "E");
    E2E_WAIT_TEXT(t, "進捗確認ボードに付箋を2枚書き出しました");
    vt_free(t);
    const char *argv2[] = {mamori_bin(), "--db", db_path, "--group", "1", "--open",
                           "progress-check", NULL};
    t = vt_start(argv2, NULL, 30, 140); /* wide enough for the fourth lane */
    E2E_CHECK(NULL, t != NULL, "starting mamori");
    E2E_WAIT_TEXT(t, "次回までにやること (2)");
    E2E_WAIT_TEXT(t, "【さくら精密】退職者");
    vt_free(t);
}

/* 6. The projector shows the records the facilitator has open, and follows
 * another visit. */
static void case_projector(void)
{
    make_workshop(true);
    vt *fac = start(NULL, "visits:4", 30, 100);
    const char *argv[] = {mamori_bin(), "--db", db_path, "--present", NULL};
    vt *pro = vt_start(argv, NULL, 40, 120);
    E2E_CHECK(NULL, pro != NULL, "starting the projector");
    E2E_WAIT_TEXT(pro, "@== 訪問4");
    E2E_WAIT_TEXT(pro, "改善計画（訪問4の状況を記録）");
    vt_key(fac, VT_KEY_LEFT);
    E2E_WAIT_TEXT(fac, "改善計画（訪問3の状況を記録）");
    E2E_WAIT_TEXT(pro, "改善計画（訪問3の状況を記録）");
    vt_key(fac, VT_KEY_ESC);
    E2E_WAIT_GONE(pro, "改善計画（訪問3の状況を記録）");
    vt_free(pro);
    vt_free(fac);
}

/* The hearing sheet's own score of section SI (what the checklist view
 * shows as visit 1's), -1 none. */
static int hearing_score(int si)
{
    mm_error err;
    store *st = NULL;
    CHECK_OK(store_open(db_path, &st, &err));
    scenario *sc = NULL;
    buf errs = {0};
    if (scenario_parse("p", program, strlen(program), &sc, &errs, NULL) != MM_OK)
        e2e_fail(NULL, __FILE__, __LINE__, "program: %s", buf_str(&errs));
    buf_free(&errs);
    visits *v = visits_new(sc);
    sheet *h = NULL;
    CHECK_OK(sheet_peek(st, visits_hearing(v)->storage, OWNER_COMPANY, company, &h, &err));
    checklist_result r;
    checklist_score(visits_hearing_def(v), h, &r);
    int m = r.sections[si].manual;
    checklist_result_free(&r);
    sheet_free(h);
    visits_free(v);
    scenario_free(sc);
    store_close(st);
    return m;
}

/* 7. u takes a visit-1 score back, on this terminal and on another one,
 * in the visits' records and in the hearing's own section score; Ctrl-R
 * does it again. */
static void case_undo(void)
{
    make_workshop(true); /* visit 1: 1 組織とルール scored 1, reason 初回 */
    vt *a = start(NULL, "visits:1", 30, 100);
    vt *b = start("1", "visits:1", 30, 100);
    E2E_WAIT_TEXT(b, "1 * 初回");
    vt_send(a, "3");
    E2E_WAIT_TEXT(a, "理由（評価 3、回答からの目安なし）");
    vt_type(a, "規程を作った");
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "3 * 規程を作った");
    E2E_WAIT_TEXT(b, "3 * 規程を作った");
    E2E_CHECK(NULL, hearing_score(0) == 3, "the hearing's score is 3 (%d)", hearing_score(0));
    vt_send(a, "u");
    E2E_WAIT_TEXT(a, "元に戻しました");
    E2E_WAIT_TEXT(a, "1 * 初回");
    E2E_WAIT_TEXT(b, "1 * 初回"); /* the other terminal, no key pressed */
    E2E_WAIT_GONE(b, "規程を作った"); /* its reason too */
    E2E_CHECK(NULL, hearing_score(0) == 1, "the hearing's score is 1 again (%d)",
              hearing_score(0));
    vt_send(a, "\x12"); /* Ctrl-R */
    E2E_WAIT_TEXT(a, "やり直しました");
    E2E_WAIT_TEXT(b, "3 * 規程を作った");
    E2E_CHECK(NULL, hearing_score(0) == 3, "redone in the hearing too (%d)", hearing_score(0));
    /* the group's terminal changes it later: a's undo would lose that */
    vt_send(b, "2");
    E2E_WAIT_TEXT(b, "理由（評価 2");
    vt_type(b, "運用が未定");
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "2 * 運用が未定");
    vt_send(a, "u");
    E2E_WAIT_TEXT(a, "ほかの端末が後から変更したので元に戻しません");
    E2E_CHECK(a, vt_has_text(a, "2 * 運用が未定"), "b's score stays");
    vt_free(b);
    vt_free(a);
    E2E_CHECK(NULL, hearing_score(0) == 2, "the hearing keeps b's 2 (%d)", hearing_score(0));
}

/* 8. Two terminals score one section at once: the one whose view is stale
 * is told who set what, its reason stays in the editor, nothing of it is
 * written until Enter once more saves it over. */
static void case_stale(void)
{
    make_workshop(false);
    vt *a = start(NULL, "visits:2", 30, 100);
    vt *b = start("1", "visits:2", 30, 100);
    vt_key(a, VT_KEY_DOWN);
    vt_key(a, VT_KEY_DOWN);
    vt_send(a, "2");
    E2E_WAIT_TEXT(a, "理由（目安 5、評価 2）");
    vt_type(a, "古い機器が残る");
    vt_key(b, VT_KEY_DOWN);
    vt_key(b, VT_KEY_DOWN);
    vt_send(b, "4");
    E2E_WAIT_TEXT(b, "理由（目安 5、評価 4）");
    vt_type(b, "一部未対応");
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_TEXT(b, "4 * 一部未対応");
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "グループ 1が先に「4」にしていました");
    E2E_CHECK(a, vt_has_text(a, "古い機器が残る"), "a's reason is kept in the editor");
    visit_score sc[6];
    visit_plan_item *items;
    int n;
    read_back(2, sc, &items, &n);
    E2E_CHECK(NULL, sc[2].entered == 4 && strcmp(sc[2].reason, "一部未対応") == 0,
              "b's score and reason stay (%d, %s)", sc[2].entered, sc[2].reason);
    visit_scores_free(sc, 6);
    visits_plan_free(items, n, 4);
    /* a has seen it: Enter saves over */
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "評価を記録しました");
    E2E_WAIT_TEXT(b, "2 * 古い機器が残る");
    vt_free(b);
    vt_free(a);
}

/* 9. A reason typed for an override, and a note, when the terminal goes
 * away: offered back on the next start, at their visit and line, not saved
 * until Enter. */
static void case_draft(void)
{
    make_workshop(false);
    vt *t = start("1", "visits:2", 30, 100);
    vt_key(t, VT_KEY_DOWN);
    vt_key(t, VT_KEY_DOWN);
    vt_send(t, "2");
    E2E_WAIT_TEXT(t, "理由（目安 5、評価 2）");
    vt_type(t, "ファームウェアが古いまま");
    E2E_WAIT_TEXT(t, "ファームウェアが古いまま");
    vt_free(t); /* SIGTERM, handled as a hang-up */
    t = start("1", "visits:1", 30, 100);
    E2E_WAIT_TEXT(t, "前回入力中だった内容を戻しました");
    E2E_WAIT_TEXT(t, "理由（目安 5、評価 2）");
    E2E_WAIT_TEXT(t, "ファームウェアが古いまま");
    E2E_WAIT_TEXT(t, "訪問2");
    visit_score sc[6];
    visit_plan_item *items;
    int n;
    read_back(2, sc, &items, &n);
    E2E_CHECK(NULL, sc[2].entered == -1, "not saved yet (%d)", sc[2].entered);
    visit_scores_free(sc, 6);
    visits_plan_free(items, n, 4);
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "5    2 * ファームウェアが古いまま");

    /* a note on the second plan item at visit 2 */
    for (int k = 0; k < 5; k++)
        vt_key(t, VT_KEY_DOWN);
    vt_send(t, "a");
    E2E_WAIT_TEXT(t, "メモ（訪問2）");
    vt_type(t, "見積を依頼中");
    E2E_WAIT_TEXT(t, "見積を依頼中");
    vt_free(t);
    t = start("1", "visits:4", 30, 100);
    E2E_WAIT_TEXT(t, "前回入力中だった内容を戻しました");
    E2E_WAIT_TEXT(t, "メモ（訪問2）");
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "メモを記録しました");
    vt_free(t);
    read_back(2, sc, &items, &n);
    E2E_CHECK(NULL, sc[2].entered == 2, "the reason's score saved (%d)", sc[2].entered);
    E2E_CHECK(NULL, n == 2 && strcmp(items[1].by_visit[1].note, "見積を依頼中") == 0,
              "the note saved at visit 2 (%s)", n == 2 ? items[1].by_visit[1].note : "?");
    visit_scores_free(sc, 6);
    visits_plan_free(items, n, 4);
}

static const e2e_case cases[] = {
    {"override", case_override},
    {"plan-status", case_plan_status},
    {"radar", case_radar},
    {"other-group", case_other_group},
    {"prefill", case_prefill},
    {"projector", case_projector},
    {"undo", case_undo},
    {"stale", case_stale},
    {"draft", case_draft},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
