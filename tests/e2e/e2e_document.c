/*
 * End-to-end cases of the document activity: the real mamori binary
 * (MAMORI_BIN) in a pty at 80x24, on a workshop made from the fixture
 * scenario (DOC_FIXTURE) with three groups.
 *
 *   e2e_document CASE     run one case (meson registers each as e2e-CASE)
 *   e2e_document          run them all
 *
 * The cases look for the fixed UI words (記入済み, 済, 版を選ぶ, ...) and for
 * the section titles of the fixture's ir-plan.
 */
#include "vt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROWS 24
#define COLS 80
#define CTRL_S "\x13"

static const char *mamori_bin(void)
{
    const char *bin = getenv("MAMORI_BIN");
    if (!bin || !*bin)
        e2e_skip("MAMORI_BIN is not set (run through meson test)");
    return bin;
}

static const char *fixture(void)
{
    const char *f = getenv("DOC_FIXTURE");
    if (!f || !*f)
        e2e_skip("DOC_FIXTURE is not set (run through meson test)");
    return f;
}

static vt *run(const char *const args[], int rows, int cols)
{
    const char *argv[20];
    int n = 0;
    argv[n++] = mamori_bin();
    for (int i = 0; args[i] && n < 19; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    vt *t = vt_start(argv, NULL, rows, cols);
    E2E_CHECK(NULL, t != NULL, "starting %s", argv[0]);
    return t;
}

/* A new workshop from the fixture, with groups 1..3, in a new directory
 * that is also the current directory (where the view's export writes). */
static const char *new_workshop(void)
{
    static char db[600];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    E2E_CHECK(NULL, chdir(dir) == 0, "chdir %s", dir);
    snprintf(db, sizeof db, "%s/workshop.db", dir);
    const char *args[] = {"init", "--db", db, "--scenario", fixture(), "--groups", "3", NULL};
    vt *t = run(args, ROWS, COLS);
    int rc = vt_wait_exit(t, vt_default_wait_ms());
    E2E_CHECK(t, rc == 0, "mamori init exited %d", rc);
    vt_free(t);
    return db;
}

/* Group GROUP's terminal, straight on activity ID (its title in the top
 * bar). */
static vt *open_doc(const char *db, const char *group, const char *id, const char *title)
{
    const char *args[] = {"--db", db, "--group", group, "--open", id, NULL};
    vt *t = run(args, ROWS, COLS);
    E2E_CHECK(t, vt_wait_row(t, 0, title, vt_default_wait_ms()), "the title bar shows %s",
              title);
    return t;
}

/* The incident response plan, its list on screen. */
static vt *open_plan(const char *db, const char *group)
{
    vt *t = open_doc(db, group, "ir-plan", "インシデント対応計画");
    E2E_WAIT_TEXT(t, "記入済み");
    return t;
}

/* ---- reading the screen ----------------------------------------------- */

/* The list row of a section: its mark and its title on one row. */
struct mark_arg {
    const char *title;
    const char *mark;
};

static bool row_marked(vt *t, void *arg)
{
    const struct mark_arg *m = arg;
    int row;
    if (!vt_find_text(t, m->title, &row, NULL))
        return false;
    char *s = vt_row_text(t, row);
    /* the mark comes before the number and the title */
    const char *at = strstr(s, m->mark), *title = strstr(s, m->title);
    bool ok = at && title && at < title;
    free(s);
    return ok;
}

static void wait_mark(vt *t, const char *title, const char *mark)
{
    struct mark_arg m = {title, mark};
    E2E_CHECK(t, vt_wait_until(t, row_marked, &m, vt_default_wait_ms()),
              "the row of %s shows %s", title, mark);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0, k;
    char *s = malloc(cap);
    while ((k = fread(s + len, 1, cap - len - 1, f)) > 0) {
        len += k;
        if (cap - len < 2)
            s = realloc(s, cap *= 2);
    }
    fclose(f);
    s[len] = '\0';
    return s;
}

/* Chooses the baseline variant with w and the picker. */
static void choose_baseline(vt *t)
{
    E2E_WAIT_TEXT(t, "まだ選んでいません");
    E2E_WAIT_TEXT(t, "記入済み 0/10");
    vt_send(t, "w");
    E2E_WAIT_TEXT(t, "版を選ぶ");
    E2E_WAIT_TEXT(t, "2. ベースラインアプローチ");
    vt_key(t, VT_KEY_DOWN);
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_GONE(t, "版を選ぶ");
    E2E_WAIT_TEXT(t, "版：ベースラインアプローチ");
    E2E_WAIT_GONE(t, "まだ選んでいません");
    /* the baseline has its own sections: 11, none written */
    E2E_WAIT_TEXT(t, "記入済み 0/11");
    E2E_WAIT_TEXT(t, "基準と現状");
}

/* ---- the cases ---------------------------------------------------------- */

/* A group chooses the baseline approach, writes one section in Japanese,
 * sees its mark turn 済 and the count rise, and exports it as Markdown. */
static void case_write(void)
{
    const char *db = new_workshop();
    vt *t = open_plan(db, "2");
    choose_baseline(t);
    wait_mark(t, "基準と現状", "未");

    vt_key(t, VT_KEY_DOWN); /* 2. 基準と現状 */
    vt_key(t, VT_KEY_ENTER);
    /* the editor: the guidance above, the starter text to fill in */
    E2E_WAIT_TEXT(t, "ベースラインアプローチの出発点です");
    E2E_WAIT_TEXT(t, "基準にするもの：（例：IPAの自社診断25項目）");
    E2E_WAIT_TEXT(t, "Ctrl-S 確定");
    vt_key(t, VT_KEY_ENTER);
    vt_type(t, "自社診断は62点。項目24の緊急時の体制から整える。");
    E2E_WAIT_TEXT(t, "項目24の緊急時の体制から整える。");
    vt_send(t, CTRL_S);
    E2E_WAIT_TEXT(t, "保存しました");
    E2E_WAIT_TEXT(t, "記入済み 1/11");
    E2E_WAIT_TEXT(t, "必須の残り 6");
    wait_mark(t, "基準と現状", "済");
    wait_mark(t, "目的と適用範囲", "未");
    /* what was written shows under the list */
    E2E_WAIT_TEXT(t, "いまの本文");

    /* the starter alone does not count: open 1, save untouched */
    vt_key(t, VT_KEY_UP);
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "目的：（会社名）で");
    vt_send(t, CTRL_S);
    E2E_WAIT_TEXT(t, "ひな形のままです");
    E2E_CHECK(t, vt_has_text(t, "記入済み 1/11"), "the untouched template is not counted");
    wait_mark(t, "目的と適用範囲", "未");

    /* x writes the document as Markdown into the current directory */
    vt_send(t, "x");
    E2E_WAIT_TEXT(t, "ir-plan-2.md に書き出しました");
    char *md = read_file("ir-plan-2.md");
    E2E_CHECK(t, md != NULL, "ir-plan-2.md was written");
    const char *head = "# インシデント対応計画\n\n- 版: ベースラインアプローチ（Lv.2）\n"
                       "- 記入済み: 1/11（必須 1/7）\n";
    E2E_CHECK(t, strncmp(md, head, strlen(head)) == 0,
              "the export starts with the title, variant and progress:\n%s", md);
    E2E_CHECK(t, strstr(md, "## 基準と現状\n\n基準にするもの：") != NULL,
              "the written section is there, not marked:\n%s", md);
    E2E_CHECK(t, strstr(md, "自社診断は62点。項目24の緊急時の体制から整える。\n") != NULL,
              "the typed text is in the export:\n%s", md);
    E2E_CHECK(t, strstr(md, "## 目的と適用範囲 【未記入】\n") != NULL,
              "the untouched section is marked:\n%s", md);
    free(md);
    vt_free(t);
}

/* mamori export --activity ir-plan --format md (skipped until the command
 * line handles documents). */
static void case_export_cli(void)
{
    const char *db = new_workshop();
    vt *t = open_plan(db, "1");
    choose_baseline(t);
    vt_key(t, VT_KEY_ENTER); /* 1. 目的と適用範囲 */
    E2E_WAIT_TEXT(t, "Ctrl-S 確定");
    vt_type(t, "対象は本社と工場。");
    vt_send(t, CTRL_S);
    E2E_WAIT_TEXT(t, "記入済み 1/11");
    vt_free(t);

    const char *args[] = {"export", "--db", db, "--group", "1", "--activity", "ir-plan",
                          "--format", "md", "--out", "plan.md", NULL};
    t = run(args, ROWS, COLS);
    int rc = vt_wait_exit(t, vt_default_wait_ms());
    if (rc != 0 && vt_has_text(t, "not a table")) {
        vt_free(t);
        e2e_skip("mamori export does not handle document activities yet");
    }
    E2E_CHECK(t, rc == 0, "mamori export exited %d", rc);
    char *md = read_file("plan.md");
    E2E_CHECK(t, md != NULL, "plan.md was written");
    E2E_CHECK(t, strstr(md, "# インシデント対応計画\n") == md, "the title first:\n%s", md);
    E2E_CHECK(t, strstr(md, "- 版: ベースラインアプローチ（Lv.2）\n") != NULL,
              "the variant:\n%s", md);
    E2E_CHECK(t, strstr(md, "対象は本社と工場。\n") != NULL, "the text:\n%s", md);
    free(md);
    vt_free(t);
}

/* Two terminals of one group write the same section: the second to save
 * gets the conflict dialog and keeps its own text; the first sees it. */
static void case_conflict(void)
{
    const char *db = new_workshop();
    vt *a = open_doc(db, "3", "doc-mini", "小さな文書");
    vt *b = open_doc(db, "3", "doc-mini", "小さな文書");
    E2E_WAIT_TEXT(a, "記入済み 0/2");
    E2E_WAIT_TEXT(b, "記入済み 0/2");
    /* both open 1. 担当 (below the introduction) */
    vt_key(a, VT_KEY_DOWN);
    vt_key(b, VT_KEY_DOWN);
    vt_key(a, VT_KEY_ENTER);
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "Ctrl-S 確定");
    E2E_WAIT_TEXT(b, "Ctrl-S 確定");
    vt_type(a, "総務課長");
    vt_type(b, "工場長");
    E2E_WAIT_TEXT(a, "担当：（役職）総務課長");
    E2E_WAIT_TEXT(b, "担当：（役職）工場長");
    vt_send(a, CTRL_S);
    E2E_WAIT_TEXT(a, "記入済み 1/2");
    vt_send(b, CTRL_S);
    E2E_WAIT_TEXT(b, "ほかの端末が同時に"); /* the one dialog every view has */
    E2E_WAIT_TEXT(b, "総務課長"); /* theirs, shown beside mine */
    E2E_WAIT_TEXT(b, "1 自分の値を残す");
    vt_send(b, "1");
    E2E_WAIT_GONE(b, "ほかの端末が同時に");
    E2E_WAIT_TEXT(b, "記入済み 1/2");
    E2E_WAIT_TEXT(b, "担当：（役職）工場長");
    /* A's screen follows without a key */
    E2E_WAIT_TEXT(a, "担当：（役職）工場長");
    vt_free(b);
    vt_free(a);
}

/* Typing is kept when the terminal goes away and offered back. */
static void case_draft(void)
{
    const char *db = new_workshop();
    vt *t = open_plan(db, "2");
    vt_key(t, VT_KEY_DOWN); /* 2. 想定する脅威 (quick) */
    /* f shows the whole guidance; Enter from there writes the section */
    E2E_WAIT_TEXT(t, "続きは f で表示します");
    vt_send(t, "f");
    E2E_WAIT_TEXT(t, "Enter この節を書く");
    E2E_WAIT_TEXT(t, "全部を選ぼうとしないこと。大きな穴から順にふさぎます。");
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "Ctrl-S 確定");
    E2E_WAIT_TEXT(t, "クイックアプローチの出発点です");
    vt_type(t, "ランサムウェアが最も心配");
    E2E_WAIT_TEXT(t, "ランサムウェアが最も心配");
    vt_free(t); /* SIGTERM, as when an SSH session drops */

    t = open_doc(db, "2", "ir-plan", "インシデント対応計画");
    E2E_WAIT_TEXT(t, "前回入力中だった内容を戻しました");
    E2E_WAIT_TEXT(t, "ランサムウェアが最も心配");
    E2E_WAIT_TEXT(t, "Ctrl-S 確定");
    vt_send(t, CTRL_S);
    E2E_WAIT_TEXT(t, "記入済み 1/10");
    wait_mark(t, "想定する脅威", "済");
    vt_free(t);
}

/* The dialog's other keys: Esc goes back to the editor with my text (now
 * on top of theirs, so saving it is no conflict), 2 keeps theirs; the other
 * side is named, never "group:3". */
static void case_conflict_keys(void)
{
    const char *db = new_workshop();
    vt *a = open_doc(db, "3", "doc-mini", "小さな文書");
    vt *b = open_doc(db, "3", "doc-mini", "小さな文書");
    E2E_WAIT_TEXT(a, "記入済み 0/2");
    E2E_WAIT_TEXT(b, "記入済み 0/2");
    vt_key(a, VT_KEY_DOWN);
    vt_key(b, VT_KEY_DOWN);
    vt_key(a, VT_KEY_ENTER);
    vt_key(b, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "Ctrl-S 確定");
    E2E_WAIT_TEXT(b, "Ctrl-S 確定");
    vt_type(a, "総務課長");
    vt_type(b, "工場長");
    E2E_WAIT_TEXT(b, "担当：（役職）工場長");
    vt_send(a, CTRL_S);
    E2E_WAIT_TEXT(a, "記入済み 1/2");
    vt_send(b, CTRL_S);
    E2E_WAIT_TEXT(b, "ほかの端末が同時に");
    E2E_WAIT_TEXT(b, "（グループ 3）");
    E2E_CHECK(b, !vt_has_text(b, "group:"), "the other side is shown by name");

    /* Esc: back to the editor, my text in it */
    vt_key(b, VT_KEY_ESC);
    E2E_WAIT_GONE(b, "ほかの端末が同時に");
    E2E_WAIT_TEXT(b, "Ctrl-S 確定");
    E2E_WAIT_TEXT(b, "担当：（役職）工場長");

    /* A saves again meanwhile; B's save meets it, and 2 keeps A's */
    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, "Ctrl-S 確定");
    vt_type(a, "と課長代理");
    E2E_WAIT_TEXT(a, "総務課長と課長代理");
    vt_send(a, CTRL_S);
    E2E_WAIT_GONE(a, "Ctrl-S 確定"); /* saved: the list again */
    E2E_WAIT_TEXT(a, "いまの本文");
    vt_send(b, CTRL_S);
    E2E_WAIT_TEXT(b, "ほかの端末が同時に");
    E2E_WAIT_TEXT(b, "総務課長と課長代理");
    vt_send(b, "2");
    E2E_WAIT_GONE(b, "ほかの端末が同時に");
    E2E_WAIT_TEXT(b, "いまの値を残しました");
    E2E_WAIT_TEXT(b, "担当：（役職）総務課長と課長代理");
    E2E_CHECK(b, !vt_has_text(b, "工場長"), "B's text was not saved");
    E2E_CHECK(a, !vt_has_text(a, "工場長"), "A never sees B's text");
    vt_free(b);
    vt_free(a);
}

/* u takes a saved section back and Ctrl-R puts it again, also after
 * leaving the document and coming back. */
static void case_undo(void)
{
    const char *db = new_workshop();
    vt *t = open_doc(db, "1", "doc-mini", "小さな文書");
    E2E_WAIT_TEXT(t, "記入済み 0/2");
    vt_key(t, VT_KEY_DOWN);
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "Ctrl-S 確定");
    vt_type(t, "総務課長");
    vt_send(t, CTRL_S);
    E2E_WAIT_TEXT(t, "記入済み 1/2");
    vt_send(t, "u");
    E2E_WAIT_TEXT(t, "元に戻しました");
    E2E_WAIT_TEXT(t, "記入済み 0/2");
    vt_send(t, "\x12"); /* Ctrl-R */
    E2E_WAIT_TEXT(t, "やり直しました");
    E2E_WAIT_TEXT(t, "記入済み 1/2");
    /* out of the document and back in: the history is still there */
    vt_key(t, VT_KEY_ESC);
    E2E_WAIT_GONE(t, "記入済み");
    int row = -1;
    for (int k = 0; k < 12; k++) { /* the session's list: down to it */
        vt_pump(t, 200);
        if (vt_find_text(t, "小さな文書", &row, NULL) && vt_row_has_reverse(t, row))
            break;
        vt_key(t, VT_KEY_DOWN);
    }
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "記入済み 1/2");
    vt_send(t, "u");
    E2E_WAIT_TEXT(t, "記入済み 0/2");
    vt_send(t, "\x12");
    E2E_WAIT_TEXT(t, "記入済み 1/2");
    vt_free(t);
}

/* A draft typed against a section that another terminal saved meanwhile:
 * it is offered back after the hang-up and saving it meets the conflict.
 * Esc over changed text asks first: n goes back to it, y drops it. */
static void case_draft_conflict(void)
{
    const char *db = new_workshop();
    vt *t = open_doc(db, "3", "doc-mini", "小さな文書");
    vt *w = open_doc(db, "3", "doc-mini", "小さな文書");
    E2E_WAIT_TEXT(t, "記入済み 0/2");
    E2E_WAIT_TEXT(w, "記入済み 0/2");
    vt_key(t, VT_KEY_DOWN);
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "Ctrl-S 確定");
    vt_type(t, "工場長");
    E2E_WAIT_TEXT(t, "担当：（役職）工場長");
    vt_key(w, VT_KEY_DOWN);
    vt_key(w, VT_KEY_ENTER);
    E2E_WAIT_TEXT(w, "Ctrl-S 確定");
    vt_type(w, "総務課長");
    vt_send(w, CTRL_S);
    E2E_WAIT_TEXT(w, "記入済み 1/2");
    vt_free(t); /* SIGTERM, handled as a hang-up */

    vt *r = open_doc(db, "3", "doc-mini", "小さな文書");
    E2E_WAIT_TEXT(r, "前回入力中だった内容を戻しました");
    E2E_WAIT_TEXT(r, "担当：（役職）工場長");
    vt_key(r, VT_KEY_ESC);
    E2E_WAIT_TEXT(r, "保存せずに閉じますか");
    vt_send(r, "n");
    E2E_WAIT_GONE(r, "保存せずに閉じますか");
    E2E_WAIT_TEXT(r, "Ctrl-S 確定");
    E2E_WAIT_TEXT(r, "担当：（役職）工場長");
    vt_send(r, CTRL_S);
    E2E_WAIT_TEXT(r, "ほかの端末が同時に");
    E2E_WAIT_TEXT(r, "総務課長");
    vt_send(r, "1");
    E2E_WAIT_TEXT(r, "あなたの値を保存しました");
    E2E_WAIT_TEXT(r, "記入済み 1/2");
    E2E_WAIT_TEXT(w, "担当：（役職）工場長");

    /* y closes without saving, and leaves no draft behind */
    vt_key(r, VT_KEY_ENTER);
    E2E_WAIT_TEXT(r, "Ctrl-S 確定");
    vt_type(r, "と総務課長");
    E2E_WAIT_TEXT(r, "工場長と総務課長");
    vt_key(r, VT_KEY_ESC);
    E2E_WAIT_TEXT(r, "保存せずに閉じますか");
    vt_send(r, "y");
    E2E_WAIT_TEXT(r, "保存しませんでした");
    vt_free(r);
    r = open_doc(db, "3", "doc-mini", "小さな文書");
    E2E_WAIT_TEXT(r, "記入済み 1/2");
    E2E_CHECK(r, !vt_has_text(r, "前回入力中") && !vt_has_text(r, "と総務課長"),
              "nothing comes back after y");
    vt_free(r);
    vt_free(w);
}

/* A section left as its template, its （　） empty, is not done, however
 * its lines were trimmed or spaced. */
static void case_placeholder(void)
{
    const char *db = new_workshop();
    vt *t = open_plan(db, "2");
    E2E_WAIT_TEXT(t, "記入済み 0/10");
    vt_key(t, VT_KEY_DOWN); /* 2. 想定する脅威 */
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "脅威3：（　）");
    E2E_WAIT_TEXT(t, "Ctrl-S 確定");
    /* the last line taken away: only the template's lines are left */
    for (int k = 0; k < 12; k++)
        vt_key(t, VT_KEY_BACKSPACE);
    E2E_WAIT_GONE(t, "起きたときの被害：（　）\n");
    vt_send(t, CTRL_S);
    E2E_WAIT_TEXT(t, "保存しました");
    E2E_WAIT_TEXT(t, "記入済み 0/10");
    wait_mark(t, "想定する脅威", "未");
    E2E_WAIT_TEXT(t, "ひな形のままです");
    /* one blank filled in: done */
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "Ctrl-S 確定");
    vt_type(t, "\n脅威4：取引先を装うメール");
    vt_send(t, CTRL_S);
    E2E_WAIT_TEXT(t, "記入済み 1/10");
    wait_mark(t, "想定する脅威", "済");
    vt_free(t);
}

static const e2e_case cases[] = {
    {"document-write", case_write},
    {"document-export-cli", case_export_cli},
    {"document-conflict", case_conflict},
    {"document-draft", case_draft},
    {"document-conflict-keys", case_conflict_keys},
    {"document-undo", case_undo},
    {"document-draft-conflict", case_draft_conflict},
    {"document-placeholder", case_placeholder},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
