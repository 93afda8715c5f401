/*
 * End-to-end cases: the real mamori binary (MAMORI_BIN) in a pty.
 *
 *   e2e_mamori CASE     run one case (meson registers each as e2e-CASE)
 *   e2e_mamori          run them all
 *   e2e_mamori --list
 *
 * Each case works on its own temporary directory (removed afterwards) and
 * starts from `mamori --demo --empty --db DIR/workshop.db` (nothing written
 * yet; the demo in progress is e2e_demo.c).  The cases look for the
 * fixed UI words and the `第N回` labels, never for scenario titles.
 */
#include "vt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROWS 30
#define COLS 100
#define PRESENT_FOLLOW_MS 3000

/* ---- starting mamori ------------------------------------------------------ */

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

/* A fresh database path in a fresh temporary directory. */
static const char *new_db(void)
{
    static char path[600];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(path, sizeof path, "%s/workshop.db", dir);
    return path;
}

/* mamori ARGS... (NULL-terminated) */
static vt *start_mamori(const char *const args[], const char *const env[],
                        int rows, int cols)
{
    const char *argv[16];
    int n = 0;
    argv[n++] = mamori_bin();
    for (int i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    vt *t = vt_start(argv, env, rows, cols);
    E2E_CHECK(NULL, t != NULL, "starting %s", argv[0]);
    return t;
}

/* The facilitator on a demo workshop, showing the agenda. */
static vt *start_demo(const char *db, const char *lang,
                      const char *const env[])
{
    const char *args[] = {"--demo", "--empty", "--db", db, lang ? "--lang" : NULL, lang,
                          NULL};
    vt *t = start_mamori(args, env, ROWS, COLS);
    E2E_WAIT_TEXT(t, lang && strcmp(lang, "en") == 0 ? "Agenda"
                                                      : "アジェンダ");
    return t;
}

static int wait_ms(void)
{
    return vt_default_wait_ms();
}

/* ---- reading the agenda ------------------------------------------------- */

/* The selected agenda item: the row (above the status line) whose `第N回`
 * (or `訪問N`) label is drawn in reverse video. */
typedef struct {
    int row;        /* -1: no selection visible */
    int session;    /* N of 第N回, 0 if the selection is not a session */
    int visit;      /* N of 訪問N, 0 if not a visit */
} selection;

static bool label_reverse_on_row(vt *t, const char *label, int row)
{
    int col;
    if (!vt_find_text_in(t, label, row, row, NULL, &col))
        return false;
    vt_cell_t c;
    return vt_cell(t, row, col, &c) && c.reverse;
}

static selection selected(vt *t)
{
    selection s = {-1, 0, 0};
    int rows;
    vt_size(t, &rows, NULL);
    for (int r = 0; r < rows - 1; r++) {   /* the last row is the status */
        if (!vt_row_has_reverse(t, r))
            continue;
        char label[32];
        for (int n = 1; n <= 20; n++) {
            snprintf(label, sizeof label, "第%d回", n);
            if (label_reverse_on_row(t, label, r)) {
                s.row = r;
                s.session = n;
                return s;
            }
            snprintf(label, sizeof label, "訪問%d", n);
            if (label_reverse_on_row(t, label, r)) {
                s.row = r;
                s.visit = n;
                return s;
            }
        }
    }
    return s;
}

static bool has_selection(vt *t, void *arg)
{
    (void)arg;
    return selected(t).row >= 0;
}

static bool selection_moved(vt *t, void *arg)
{
    const selection *before = arg;
    selection now = selected(t);
    return now.row >= 0 && (now.row != before->row ||
                            now.session != before->session ||
                            now.visit != before->visit);
}

/* Move the agenda selection to session n with Up/Down, one key at a time,
 * waiting for the highlight to move after each. */
static void agenda_select(vt *t, int n)
{
    E2E_CHECK(t, vt_wait_until(t, has_selection, NULL, wait_ms()),
              "a reverse-video selection on the agenda");
    selection s = selected(t);
    bool down = !(s.session > n);
    bool flipped = false;
    for (int step = 0; step < 60 && s.session != n; step++) {
        vt_key(t, down ? VT_KEY_DOWN : VT_KEY_UP);
        if (!vt_wait_until(t, selection_moved, &s, 1500)) {
            /* At the end of the list: try the other way once. */
            E2E_CHECK(t, !flipped, "selection stuck while looking for "
                      "第%d回", n);
            flipped = true;
            down = !down;
            continue;
        }
        s = selected(t);
    }
    E2E_CHECK(t, s.session == n, "selecting 第%d回 (selected: row %d, "
              "session %d, visit %d)", n, s.row, s.session, s.visit);
}

/* The session screen's header: `第N回` in the top rows. */
static bool header_shows(vt *t, void *arg)
{
    const char *label = arg;
    return vt_find_text_in(t, label, 0, 2, NULL, NULL);
}

/* Is `第N回` on some agenda row (not the status line) tagged with tag? */
struct tag_arg {
    const char *label;
    const char *tag;
};

static bool row_tagged(vt *t, void *arg)
{
    const struct tag_arg *a = arg;
    int rows;
    vt_size(t, &rows, NULL);
    for (int r = 0; r < rows - 1; r++)
        if (vt_find_text_in(t, a->label, r, r, NULL, NULL) &&
            vt_find_text_in(t, a->tag, r, r, NULL, NULL))
            return true;
    return false;
}

static int non_blank_rows(vt *t, int first, int last)
{
    int count = 0;
    for (int r = first; r <= last; r++) {
        char *s = vt_row_text(t, r);
        if (s[strspn(s, " ")] != '\0')
            count++;
        free(s);
    }
    return count;
}

/* ---- the cases ------------------------------------------------------------ */

/* 1. The agenda lists the ten sessions, in Japanese, at 100x30. */
static void case_agenda_ja(void)
{
    vt *t = start_demo(new_db(), NULL, NULL);
    char label[32];
    for (int n = 1; n <= 10; n++) {
        snprintf(label, sizeof label, "第%d回", n);
        E2E_WAIT_TEXT(t, label);
    }
    E2E_CHECK(t, vt_wait_row(t, -1, "ファシリテーター", wait_ms()),
              "the status line names the role");
    vt_free(t);
}

/* 2. Open session 3 (Down x2, Enter) and go back (Esc). */
static void case_open_session(void)
{
    vt *t = start_demo(new_db(), NULL, NULL);
    E2E_CHECK(t, vt_wait_until(t, has_selection, NULL, wait_ms()),
              "a reverse-video selection on the agenda");
    selection s = selected(t);
    E2E_CHECK(t, s.session == 1, "the selection starts on 第1回 (row %d, "
              "session %d, visit %d)", s.row, s.session, s.visit);
    vt_key(t, VT_KEY_DOWN);
    E2E_CHECK(t, vt_wait_until(t, selection_moved, &s, wait_ms()),
              "Down moves the selection");
    s = selected(t);
    vt_key(t, VT_KEY_DOWN);
    E2E_CHECK(t, vt_wait_until(t, selection_moved, &s, wait_ms()),
              "Down moves the selection again");
    s = selected(t);
    E2E_CHECK(t, s.session == 3, "Down x2 selects 第3回 (session %d, "
              "visit %d)", s.session, s.visit);

    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_until(t, header_shows, "第3回", wait_ms()),
              "the session header shows 第3回");
    E2E_WAIT_GONE(t, "第10回");
    int rows, hrow;
    vt_size(t, &rows, NULL);
    E2E_CHECK(t, vt_find_text_in(t, "第3回", 0, 2, &hrow, NULL), "header");
    E2E_CHECK(t, non_blank_rows(t, hrow + 1, rows - 2) >= 1,
              "the session screen lists activities below its header");

    /* Opening is looking, not moving: the room has not started, and the
     * screen says this is a preview and which key brings the room here. */
    E2E_WAIT_TEXT(t, "プレビュー中");
    E2E_WAIT_TEXT(t, "p で全体をここへ");
    vt_send(t, "p");
    E2E_WAIT_TEXT(t, "全体を 第3回 に移しました");
    E2E_WAIT_GONE(t, "プレビュー中");

    vt_key(t, VT_KEY_ESC);
    E2E_WAIT_TEXT(t, "アジェンダ");
    E2E_WAIT_TEXT(t, "第10回");
    /* p moved the room, so it is now the room's current session. */
    struct tag_arg tag = {"第3回", "進行中"};
    E2E_CHECK(t, vt_wait_until(t, row_tagged, &tag, wait_ms()),
              "第3回 is tagged 進行中 after the facilitator moved the room");
    vt_free(t);
}

/* 3. Too small below 80x24; growing back restores the agenda. */
static void case_too_small(void)
{
    vt *t = start_demo(new_db(), NULL, NULL);
    vt_resize(t, 20, 60);
    E2E_WAIT_TEXT(t, "端末が小さすぎます");
    E2E_WAIT_GONE(t, "第1回");
    vt_resize(t, ROWS, COLS);
    E2E_WAIT_TEXT(t, "アジェンダ");
    E2E_WAIT_TEXT(t, "第10回");
    E2E_WAIT_GONE(t, "端末が小さすぎます");
    vt_free(t);
}

/* 4. The projector view follows the facilitator without a key press. */
static void case_present_follows(void)
{
    const char *db = new_db();
    vt *fac = start_demo(db, NULL, NULL);
    const char *pargs[] = {"--db", db, "--present", NULL};
    vt *pre = start_mamori(pargs, NULL, ROWS, COLS);
    E2E_CHECK(pre, vt_wait_row(pre, -1, "プロジェクター", wait_ms()),
              "the projector's status line names its role");

    /* Session 4, unless the demo already projects it. */
    int target = 4;
    if (vt_has_text(pre, "第4回"))
        target = 5;
    char label[32];
    snprintf(label, sizeof label, "第%d回", target);
    E2E_CHECK(pre, !vt_has_text(pre, label), "%s not yet projected", label);

    agenda_select(fac, target);
    vt_key(fac, VT_KEY_ENTER);
    E2E_CHECK(fac, vt_wait_until(fac, header_shows, label, wait_ms()),
              "the facilitator shows the %s header", label);
    /* Enter is a preview: the room moves with p. */
    E2E_WAIT_TEXT(fac, "プレビュー中");
    vt_send(fac, "p");
    long long t0 = e2e_now_ms();
    /* No key is ever sent to the projector. */
    E2E_CHECK(pre, vt_wait_text(pre, label, PRESENT_FOLLOW_MS),
              "the projector shows %s within %d ms of the facilitator's "
              "p", label, PRESENT_FOLLOW_MS);
    long long took = e2e_now_ms() - t0;
    printf("projector followed in %lld ms\n", took);
    vt_free(pre);
    vt_free(fac);
}

/* 5. English. */
static void case_lang_en(void)
{
    vt *t = start_demo(new_db(), "en", NULL);
    E2E_WAIT_TEXT(t, "Agenda");
    E2E_WAIT_TEXT(t, "Session 1");
    E2E_WAIT_TEXT(t, "Session 10");
    E2E_CHECK(t, vt_wait_row(t, -1, "Facilitator", wait_ms()),
              "the status line names the role in English");
    E2E_CHECK(t, !vt_has_text(t, "アジェンダ"), "no Japanese title");
    vt_free(t);
}

/* 6. '?' opens the key help, Esc closes it. */
static void case_help(void)
{
    vt *t = start_demo(new_db(), NULL, NULL);
    vt_send(t, "?");
    E2E_WAIT_TEXT(t, "キー操作");
    vt_key(t, VT_KEY_ESC);
    E2E_WAIT_GONE(t, "キー操作");
    E2E_WAIT_TEXT(t, "アジェンダ");
    vt_free(t);
}

/* 7. 'q' on the agenda quits with status 0 and restores the terminal. */
static void case_quit(void)
{
    vt *t = start_demo(new_db(), NULL, NULL);
    vt_send(t, "q");
    int rc = vt_wait_exit(t, wait_ms());
    E2E_CHECK(t, rc == 0, "exit status %d after q (-1: still running)", rc);
    E2E_CHECK(t, !vt_has_text(t, "アジェンダ"),
              "the terminal's normal screen is back (endwin)");
    vt_free(t);
}

/* 8. NO_COLOR=1: the selection is still visible, as reverse video. */
static void case_no_color(void)
{
    const char *env[] = {"NO_COLOR=1", NULL};
    vt *t = start_demo(new_db(), NULL, env);
    E2E_CHECK(t, vt_wait_until(t, has_selection, NULL, wait_ms()),
              "a reverse-video selection without colour");
    selection s = selected(t);
    vt_key(t, VT_KEY_DOWN);
    E2E_CHECK(t, vt_wait_until(t, selection_moved, &s, wait_ms()),
              "the reverse-video selection follows Down");
    E2E_CHECK(t, !vt_screen_has_colour(t),
              "no colour is drawn when NO_COLOR is set");
    vt_free(t);
}

/* ---- the room: preview, clocks ----------------------------------------- */

#define T0 1767225600LL /* 2026-01-01 00:00 UTC */

static char clock_path[600];
static char clock_env[640];

/* A clock file every mamori of the case reads (MAMORI_CLOCK_FILE), at T0. */
static const char *const *clock_new(void)
{
    static const char *env[2];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(clock_path, sizeof clock_path, "%s/clock", dir);
    snprintf(clock_env, sizeof clock_env, "MAMORI_CLOCK_FILE=%s", clock_path);
    env[0] = clock_env;
    env[1] = NULL;
    return env;
}

/* Moves the shared clock to T0 + SECONDS. */
static void clock_at(long long seconds)
{
    char tmp[660];
    snprintf(tmp, sizeof tmp, "%s.new", clock_path);
    FILE *f = fopen(tmp, "w");
    E2E_CHECK(NULL, f != NULL, "writing the clock file");
    fprintf(f, "%lld\n", T0 + seconds);
    fclose(f);
    E2E_CHECK(NULL, rename(tmp, clock_path) == 0, "moving the clock file");
}

/* The status line (the last row) shows TEXT. */
static void wait_status(vt *t, const char *text)
{
    E2E_CHECK(t, vt_wait_row(t, -1, text, wait_ms()),
              "the status line shows \"%s\"", text);
}

/* The footer (the row above the status line) shows TEXT. */
static void wait_footer(vt *t, const char *text)
{
    E2E_CHECK(t, vt_wait_row(t, -2, text, wait_ms()),
              "the footer shows \"%s\"", text);
}

/* TEXT does not come within a second (after the screen has settled). */
static void stays_away(vt *t, const char *text)
{
    E2E_CHECK(t, !vt_wait_text(t, text, 1000), "\"%s\" is not shown", text);
}

static vt *start_present(const char *db, const char *const env[])
{
    const char *args[] = {"--db", db, "--present", NULL};
    vt *p = start_mamori(args, env, ROWS, COLS);
    E2E_CHECK(p, vt_wait_row(p, -1, "プロジェクター", wait_ms()),
              "the projector's status line names its role");
    return p;
}

static vt *start_group(const char *db, const char *group,
                       const char *const env[])
{
    const char *args[] = {"--db", db, "--group", group, NULL};
    vt *g = start_mamori(args, env, ROWS, COLS);
    E2E_WAIT_TEXT(g, "アジェンダ");
    return g;
}

/* 9. Looking is not moving: opening a session or activity on the
 * facilitator's terminal is a preview; the room, the projector and the
 * room's timer stay; p brings the room to the screen. */
static void case_room_preview(void)
{
    const char *db = new_db();
    const char *const *env = clock_new();
    clock_at(0);
    vt *fac = start_demo(db, NULL, env);
    vt *pre = start_present(db, env);
    E2E_WAIT_TEXT(pre, "ファシリテーターの操作を待っています");

    /* Opening 第4回 before the room has started: a preview. */
    agenda_select(fac, 4);
    vt_key(fac, VT_KEY_ENTER);
    E2E_CHECK(fac, vt_wait_until(fac, header_shows, "第4回", wait_ms()),
              "the facilitator shows 第4回");
    E2E_WAIT_TEXT(fac, "プレビュー中 — 全体はまだ始まっていません");
    E2E_WAIT_TEXT(fac, "p で全体をここへ");
    wait_footer(fac, "p 全体をここへ");
    stays_away(pre, "第4回");
    E2E_WAIT_TEXT(pre, "ファシリテーターの操作を待っています");

    /* p: the room, and the projector, come to 第4回; its timer starts. */
    vt_send(fac, "p");
    E2E_WAIT_TEXT(fac, "全体を 第4回 に移しました");
    E2E_WAIT_GONE(fac, "プレビュー中");
    wait_status(fac, "第4回");
    wait_status(fac, "経過 00:00 / 90分");
    E2E_WAIT_TEXT(pre, "第4回");
    clock_at(3 * 60 + 7);
    wait_status(fac, "経過 03:07 / 90分");
    wait_status(pre, "経過 03:07 / 90分");

    /* Peeking at 第1回 while the room is on 第4回. */
    vt_key(fac, VT_KEY_ESC);
    E2E_WAIT_TEXT(fac, "アジェンダ");
    struct tag_arg tag4 = {"第4回", "進行中"};
    E2E_CHECK(fac, vt_wait_until(fac, row_tagged, &tag4, wait_ms()),
              "第4回 is tagged 進行中");
    agenda_select(fac, 1);
    vt_key(fac, VT_KEY_ENTER);
    E2E_CHECK(fac, vt_wait_until(fac, header_shows, "第1回", wait_ms()),
              "the facilitator shows 第1回");
    E2E_WAIT_TEXT(fac, "プレビュー中 — 全体は 第4回 のまま");
    E2E_WAIT_TEXT(fac, "p で全体をここへ");
    wait_status(fac, "第4回");
    wait_status(fac, "経過 03:07 / 90分"); /* not reset to 00:00 */
    stays_away(pre, "第1回");
    wait_status(pre, "第4回");
    clock_at(4 * 60 + 7);
    wait_status(fac, "経過 04:07 / 90分"); /* and still running */
    wait_status(pre, "経過 04:07 / 90分");

    /* Into an activity of 第1回: still a preview; Esc moves nothing. */
    vt_key(fac, VT_KEY_ENTER);
    E2E_WAIT_GONE(fac, "アクティビティ");
    E2E_WAIT_TEXT(fac, "プレビュー中 — 全体は 第4回 のまま");
    vt_key(fac, VT_KEY_ESC);
    E2E_WAIT_TEXT(fac, "アクティビティ");
    E2E_WAIT_TEXT(fac, "プレビュー中 — 全体は 第4回 のまま");
    wait_status(fac, "第4回");
    wait_status(fac, "経過 04:07 / 90分");
    stays_away(pre, "第1回");

    /* Opening the session the room is on is no preview. */
    vt_key(fac, VT_KEY_ESC);
    E2E_WAIT_TEXT(fac, "アジェンダ");
    E2E_WAIT_GONE(fac, "プレビュー中");
    agenda_select(fac, 4);
    vt_key(fac, VT_KEY_ENTER);
    E2E_CHECK(fac, vt_wait_until(fac, header_shows, "第4回", wait_ms()),
              "the facilitator shows 第4回");
    stays_away(fac, "プレビュー中");
    vt_send(fac, "p");
    E2E_WAIT_TEXT(fac, "全体はもうここです");
    wait_status(fac, "経過 04:07 / 90分");

    /* p on a previewed activity takes the room, and the projector, there. */
    vt_key(fac, VT_KEY_ESC);
    E2E_WAIT_TEXT(fac, "アジェンダ");
    agenda_select(fac, 1);
    vt_key(fac, VT_KEY_ENTER);
    E2E_WAIT_TEXT(fac, "プレビュー中 — 全体は 第4回 のまま");
    vt_key(fac, VT_KEY_ENTER);
    E2E_WAIT_GONE(fac, "アクティビティ");
    vt_send(fac, "p");
    E2E_WAIT_TEXT(fac, "全体を 第1回「");
    E2E_WAIT_GONE(fac, "プレビュー中");
    wait_status(fac, "第1回");
    wait_status(fac, "経過 00:00 / 90分");
    E2E_CHECK(pre, vt_wait_text(pre, "第1回", PRESENT_FOLLOW_MS),
              "the projector follows p to 第1回");

    /* The key is in the facilitator's help. */
    vt_send(fac, "?");
    E2E_WAIT_TEXT(fac, "キー操作");
    E2E_WAIT_TEXT(fac, "全体をこの画面の回・アクティビティへ移す");
    vt_key(fac, VT_KEY_ESC);
    E2E_WAIT_GONE(fac, "キー操作");
    vt_free(pre);
    vt_free(fac);
}

/* 10. A group's terminal has no preview, and neither the facilitator's key
 * in its help nor in its footer; p there goes where the room is. */
static void case_room_preview_group(void)
{
    const char *db = new_db();
    const char *const *env = clock_new();
    clock_at(0);
    vt *fac = start_demo(db, NULL, env);
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第1回 に進めました");
    vt *g = start_group(db, "1", env);
    wait_status(g, "第1回");
    agenda_select(g, 3);
    vt_key(g, VT_KEY_ENTER);
    E2E_CHECK(g, vt_wait_until(g, header_shows, "第3回", wait_ms()),
              "the group shows 第3回");
    stays_away(g, "プレビュー中");
    E2E_CHECK(g, !vt_find_text_in(g, "全体をここへ", -2, -2, NULL, NULL),
              "no room key in a group's footer");
    /* p on a group's terminal goes where the room is (it moves nothing) */
    vt_send(g, "p");
    E2E_WAIT_TEXT(g, "全体の 第1回 に移動しました");
    E2E_CHECK(g, vt_wait_until(g, header_shows, "第1回", wait_ms()),
              "the group shows 第1回");
    vt_send(g, "?");
    E2E_WAIT_TEXT(g, "キー操作");
    E2E_CHECK(g, !vt_has_text(g, "全体をこの画面の回・アクティビティへ移す"),
              "no room key in a group's help");
    E2E_WAIT_TEXT(g, "全体が今いる回・アクティビティへ移動");
    vt_key(g, VT_KEY_ESC);
    E2E_WAIT_GONE(g, "キー操作");
    wait_status(fac, "第1回");
    vt_free(g);
    vt_free(fac);
}

/* 11. Each session keeps its time: > and < move the room and say so, going
 * back continues the session's clock, and there is nowhere to go before
 * the first or after the last. */
static void case_room_session_clocks(void)
{
    const char *db = new_db();
    const char *const *env = clock_new();
    clock_at(0);
    vt *fac = start_demo(db, NULL, env);
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第1回 に進めました");
    wait_status(fac, "第1回");
    wait_status(fac, "経過 00:00 / 90分");
    clock_at(10 * 60);
    wait_status(fac, "経過 10:00 / 90分");
    vt_send(fac, "<");
    E2E_WAIT_TEXT(fac, "これより前の回はありません");
    wait_status(fac, "経過 10:00 / 90分");

    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第2回 に進めました");
    wait_status(fac, "第2回");
    wait_status(fac, "経過 00:00 / 90分");
    clock_at(13 * 60);
    wait_status(fac, "経過 03:00 / 90分");

    vt_send(fac, "<");
    E2E_WAIT_TEXT(fac, "第1回に戻しました");
    wait_status(fac, "第1回");
    wait_status(fac, "経過 10:00 / 90分"); /* continues, not from zero */
    clock_at(14 * 60);
    wait_status(fac, "経過 11:00 / 90分");
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第2回 に進めました");
    wait_status(fac, "経過 03:00 / 90分");

    /* The last visit: nothing after it. */
    vt_key(fac, VT_KEY_ESC);
    E2E_WAIT_TEXT(fac, "アジェンダ");
    vt_send(fac, "G");
    E2E_WAIT_TEXT(fac, "訪問4");
    vt_key(fac, VT_KEY_ENTER);
    E2E_CHECK(fac, vt_wait_until(fac, header_shows, "訪問4", wait_ms()),
              "the facilitator shows 訪問4");
    vt_send(fac, "p");
    E2E_WAIT_TEXT(fac, "全体を 訪問4 に移しました");
    wait_status(fac, "経過 00:00 / 120分");
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "これより後の回はありません");
    wait_status(fac, "訪問4");
    vt_free(fac);
}

/* 12. The activity's countdown on every terminal: 残り, あと2分, 時間です;
 * the pause says so; leaving and coming back continues it. */
static void case_room_countdown(void)
{
    const char *db = new_db();
    const char *const *env = clock_new();
    clock_at(0);
    vt *fac = start_demo(db, NULL, env);
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第1回 に進めました");
    vt *g = start_group(db, "2", env);
    wait_status(g, "第1回");
    E2E_CHECK(g, !vt_find_text_in(g, "残り", -1, -1, NULL, NULL),
              "no countdown while the room is on no activity");

    /* The session's first activity takes 5 minutes. */
    vt_key(fac, VT_KEY_ENTER);
    E2E_WAIT_TEXT(fac, "プレビュー中 — 全体は 第1回 のまま");
    vt_send(fac, "p");
    E2E_WAIT_GONE(fac, "プレビュー中");
    wait_status(fac, "残り 05:00");
    wait_status(g, "残り 05:00");
    clock_at(60);
    wait_status(fac, "残り 04:00");
    wait_status(g, "残り 04:00");
    wait_status(g, "経過 01:00 / 90分");

    /* Leaving the activity is looking elsewhere: the room stays on it until
     * p brings the room to the session; coming back continues the
     * activity's clock. */
    vt_key(fac, VT_KEY_ESC);
    E2E_WAIT_TEXT(fac, "アクティビティ");
    E2E_WAIT_TEXT(fac, "プレビュー中");
    E2E_CHECK(g, vt_has_text(g, "残り"), "the room is still on the activity");
    vt_send(fac, "p");
    E2E_CHECK(fac, vt_wait_gone(fac, "残り", wait_ms()), "no countdown on the session");
    E2E_CHECK(g, vt_wait_gone(g, "残り", wait_ms()), "nor on the group's terminal");
    clock_at(5 * 60);
    wait_status(g, "経過 05:00 / 90分");
    vt_key(fac, VT_KEY_ENTER);
    E2E_WAIT_TEXT(fac, "プレビュー中");
    vt_send(fac, "p");
    wait_status(fac, "残り 04:00");
    wait_status(g, "残り 04:00");

    /* Two minutes before the end: a calm warning. */
    clock_at(7 * 60);
    wait_status(fac, "あと2分（残り 02:00）");
    wait_status(g, "あと2分（残り 02:00）");

    /* Paused: said on the status line everywhere and to the facilitator;
     * the clocks stand still. */
    vt_send(fac, "t");
    E2E_WAIT_TEXT(fac, "タイマーを一時停止しました（t で再開）");
    wait_status(fac, "一時停止中");
    wait_status(g, "一時停止中");
    clock_at(9 * 60);
    wait_status(g, "経過 07:00 / 90分");
    wait_status(g, "あと2分（残り 02:00）");
    vt_send(fac, "t");
    E2E_WAIT_TEXT(fac, "タイマーを再開しました");
    E2E_CHECK(fac, vt_wait_gone(fac, "一時停止中", wait_ms()), "running again");
    E2E_CHECK(g, vt_wait_gone(g, "一時停止中", wait_ms()), "running again there too");
    clock_at(10 * 60);
    wait_status(g, "あと2分（残り 01:00）");

    /* At zero. */
    clock_at(11 * 60);
    wait_status(fac, "時間です");
    wait_status(g, "時間です");
    vt_free(g);
    vt_free(fac);
}

/* 13. At 80x24 the countdown and the pause still show whole on the status
 * line (the session's timer gives way to them). */
static void case_room_countdown_narrow(void)
{
    const char *db = new_db();
    const char *const *env = clock_new();
    clock_at(0);
    const char *args[] = {"--demo", "--empty", "--db", db, NULL};
    vt *fac = start_mamori(args, env, 24, 80);
    E2E_WAIT_TEXT(fac, "アジェンダ");
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第1回 に進めました");
    vt_key(fac, VT_KEY_DOWN); /* the 30-minute table */
    vt_key(fac, VT_KEY_ENTER);
    E2E_WAIT_TEXT(fac, "プレビュー中");
    vt_send(fac, "p");
    E2E_WAIT_GONE(fac, "プレビュー中");
    wait_status(fac, "残り 30:00");
    clock_at(29 * 60);
    wait_status(fac, "あと2分（残り 01:00）");
    vt_send(fac, "t");
    wait_status(fac, "あと2分（残り 01:00） (一時停止中)");
    wait_status(fac, "00:29");
    vt_free(fac);
}


static vt *start_group_args(const char *const args[], const char *const env[])
{
    vt *g = start_mamori(args, env, ROWS, COLS);
    E2E_CHECK(g, vt_wait_row(g, -1, "グループ", wait_ms()),
              "the group's status line names its role");
    return g;
}

/* The top bar (row 0) of T as text, malloc'd. */
static bool same_header(vt *t, void *arg)
{
    char *row = vt_row_text(t, 0);
    bool same = strstr(row, (const char *)arg) != NULL;
    free(row);
    return same;
}

/* The part of the facilitator's top bar from 第N回 on (what the screen
 * shows), for comparing with a group's. */
static char *header_from(vt *t, const char *label)
{
    char *row = vt_row_text(t, 0);
    char *at = strstr(row, label);
    E2E_CHECK(t, at != NULL, "the top bar shows %s", label);
    char *out = strdup(at);
    free(row);
    size_t n = strlen(out);
    while (n && out[n - 1] == ' ')
        out[--n] = '\0';
    return out;
}

/* 14. Groups follow the room: a notice on a group's terminal when the room
 * moves (until the group goes there with p or hides it with c); --follow
 * moves the terminal with the room until the group opens something else,
 * then the notice comes instead, and p joins again. */
static void case_room_follow(void)
{
    const char *db = new_db();
    const char *const *env = clock_new();
    clock_at(0);
    vt *fac = start_demo(db, NULL, env);
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第1回 に進めました");
    vt *g = start_group(db, "1", env);
    wait_status(g, "第1回");
    stays_away(g, "全体が");

    /* the room moves: a notice, the group stays where it is */
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第2回 に進めました");
    E2E_WAIT_TEXT(g, "全体が 第2回 に移りました — p で移動・c で閉じる");
    E2E_WAIT_TEXT(g, "アジェンダ");
    /* p takes the group there; the notice goes */
    vt_send(g, "p");
    E2E_CHECK(g, vt_wait_until(g, header_shows, "第2回", wait_ms()),
              "the group shows 第2回");
    E2E_WAIT_GONE(g, "全体が 第2回 に移りました");

    /* into an activity with p: the notice names it; c hides it */
    vt_key(fac, VT_KEY_ENTER);
    E2E_WAIT_TEXT(fac, "プレビュー中");
    vt_send(fac, "p");
    E2E_WAIT_TEXT(fac, "全体を 第2回「");
    E2E_WAIT_TEXT(g, "全体が 第2回「");
    vt_send(g, "c");
    E2E_WAIT_GONE(g, "全体が 第2回「");
    E2E_CHECK(g, vt_wait_until(g, header_shows, "第2回", wait_ms()),
              "the group stays on 第2回");

    /* --follow: straight to the room's activity, no key */
    const char *fargs[] = {"--db", db, "--group", "2", "--follow", NULL};
    vt *f = start_group_args(fargs, env);
    char *where = header_from(fac, "第2回");
    E2E_CHECK(f, vt_wait_until(f, same_header, where, wait_ms()),
              "the following group shows the room's activity (%s)", where);
    free(where);
    /* the room moves on: the following group goes along, the other is told */
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第3回 に進めました");
    E2E_CHECK(f, vt_wait_until(f, header_shows, "第3回", wait_ms()),
              "the following group moves to 第3回 by itself");
    stays_away(f, "全体が");
    E2E_WAIT_TEXT(g, "全体が 第3回 に移りました");

    /* the following group goes elsewhere itself: the notice comes instead */
    vt_key(f, VT_KEY_ESC);
    E2E_WAIT_TEXT(f, "アジェンダ");
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第4回 に進めました");
    E2E_WAIT_TEXT(f, "全体が 第4回 に移りました — p で移動");
    E2E_WAIT_TEXT(f, "アジェンダ");
    /* p joins again, and it follows again */
    vt_send(f, "p");
    E2E_CHECK(f, vt_wait_until(f, header_shows, "第4回", wait_ms()),
              "p takes the group to 第4回");
    E2E_WAIT_GONE(f, "全体が 第4回");
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第5回 に進めました");
    E2E_CHECK(f, vt_wait_until(f, header_shows, "第5回", wait_ms()),
              "following again after p: 第5回");
    stays_away(f, "全体が");

    /* the group's help has the room's keys, not the facilitator's */
    vt_send(g, "?");
    E2E_WAIT_TEXT(g, "キー操作");
    E2E_WAIT_TEXT(g, "全体の移動のお知らせを閉じる");
    E2E_CHECK(g, !vt_has_text(g, "全体へのメッセージ"),
              "no facilitator keys in a group's help");
    vt_key(g, VT_KEY_ESC);
    vt_free(f);
    vt_free(g);
    vt_free(fac);
}

/* 15. A message to the room: the facilitator's ! shows it on every terminal
 * (groups and the projector) until an empty message clears it. */
static void case_room_message(void)
{
    const char *db = new_db();
    const char *const *env = clock_new();
    clock_at(0);
    vt *fac = start_demo(db, NULL, env);
    vt_send(fac, ">");
    E2E_WAIT_TEXT(fac, "全体を 第1回 に進めました");
    vt *g = start_group(db, "1", env);
    vt *pre = start_present(db, env);

    vt_send(fac, "!");
    E2E_WAIT_TEXT(fac, "全体へのメッセージ（空で消去");
    vt_type(fac, "あと5分です");
    vt_key(fac, VT_KEY_ENTER);
    E2E_WAIT_TEXT(fac, "全体にメッセージを表示しました");
    E2E_WAIT_TEXT(fac, "お知らせ: あと5分です");
    E2E_WAIT_TEXT(g, "お知らせ: あと5分です");
    E2E_WAIT_TEXT(pre, "お知らせ: あと5分です");
    /* it stays while the terminals move about */
    vt_send(g, "p");
    E2E_CHECK(g, vt_wait_until(g, header_shows, "第1回", wait_ms()),
              "the group shows 第1回");
    E2E_WAIT_TEXT(g, "お知らせ: あと5分です");
    /* only the facilitator sends one */
    vt_send(g, "!");
    E2E_WAIT_TEXT(g, "全体の進行はファシリテーターだけが変えられます");
    /* Esc keeps the message */
    vt_send(fac, "!");
    E2E_WAIT_TEXT(fac, "全体へのメッセージ（空で消去");
    vt_key(fac, VT_KEY_ESC);
    E2E_WAIT_GONE(fac, "全体へのメッセージ（空で消去");
    E2E_WAIT_TEXT(g, "お知らせ: あと5分です");
    /* an empty message clears it everywhere */
    vt_send(fac, "!");
    E2E_WAIT_TEXT(fac, "全体へのメッセージ（空で消去");
    vt_send(fac, "\x15"); /* Ctrl-U: the old text goes */
    vt_key(fac, VT_KEY_ENTER);
    E2E_WAIT_TEXT(fac, "全体へのメッセージを消しました");
    E2E_WAIT_GONE(fac, "お知らせ:");
    E2E_WAIT_GONE(g, "お知らせ:");
    E2E_WAIT_GONE(pre, "お知らせ:");
    /* the key is in the facilitator's help */
    vt_send(fac, "?");
    E2E_WAIT_TEXT(fac, "全体へのメッセージを表示・消去");
    E2E_WAIT_TEXT(fac, "このアクティビティをロック・解除");
    vt_key(fac, VT_KEY_ESC);
    vt_free(pre);
    vt_free(g);
    vt_free(fac);
}

static bool footer_lacks(vt *t, void *arg)
{
    return !vt_find_text_in(t, (const char *)arg, -2, -2, NULL, NULL);
}

/* 16. Pencils down: the facilitator's P locks the activity on screen; every
 * terminal says so, and a group's write is refused (by the core); P again
 * unlocks it and the group writes. */
static void case_room_lock(void)
{
    const char *db = new_db();
    const char *const *env = clock_new();
    clock_at(0);
    const char *args[] = {"--demo", "--empty", "--db", db, "--open", "asset-ledger", NULL};
    vt *fac = start_mamori(args, env, ROWS, COLS);
    E2E_CHECK(fac, vt_wait_row(fac, -1, "第5回", wait_ms()),
              "the room is on 第5回");
    const char *gargs[] = {"--db", db, "--group", "1", "--follow", NULL};
    vt *g = start_group_args(gargs, env);
    char *where = header_from(fac, "第5回");
    E2E_CHECK(g, vt_wait_until(g, same_header, where, wait_ms()),
              "the group shows the asset ledger (%s)", where);
    free(where);
    vt *pre = start_present(db, env);

    /* the group is typing a new row when the facilitator locks */
    vt_send(g, "a");
    E2E_WAIT_TEXT(g, "新しい行の");
    vt_type(g, "ロック中の行");
    E2E_WAIT_TEXT(g, "ロック中の行");
    vt_send(fac, "P");
    E2E_WAIT_TEXT(fac, "をロックしました");
    E2E_WAIT_TEXT(fac, "ロック中 — グループは編集できません（P で解除）");
    E2E_WAIT_TEXT(g, "発表中のため編集できません");
    E2E_WAIT_TEXT(pre, "発表中のため編集できません");

    /* saving it: the core refuses, nothing is written, the text is kept */
    vt_key(g, VT_KEY_ENTER);
    E2E_CHECK(g, vt_wait_row(g, -2, "発表中のため編集できません", wait_ms()),
              "the refusal is the footer's message");
    E2E_WAIT_TEXT(g, "新しい行の情報資産名称: ロック中の行");
    vt_key(g, VT_KEY_ESC); /* the editor goes */
    E2E_WAIT_GONE(g, "ロック中の行");
    E2E_WAIT_TEXT(g, "グループ 1 の表  |  0行");
    /* a new edit is refused at once: no editor opens */
    vt_send(g, "a");
    E2E_CHECK(g, vt_wait_row(g, -2, "発表中のため編集できません", wait_ms()),
              "a is refused at once");
    stays_away(g, "新しい行の");
    vt_send(g, "j"); /* the next key clears the message */
    E2E_CHECK(g, vt_wait_until(g, footer_lacks, "発表中", wait_ms()),
              "the footer's message goes");

    /* the facilitator unlocks; the group writes */
    vt_send(fac, "P");
    E2E_WAIT_TEXT(fac, "のロックを解除しました");
    E2E_WAIT_GONE(g, "発表中のため編集できません");
    E2E_WAIT_GONE(pre, "発表中のため編集できません");
    vt_send(g, "a");
    vt_type(g, "解除後の行");
    vt_key(g, VT_KEY_ENTER);
    E2E_WAIT_TEXT(g, "1 解除後の行");
    E2E_WAIT_TEXT(g, "グループ 1 の表  |  1行");
    vt_free(pre);
    vt_free(g);
    vt_free(fac);
}

static const e2e_case cases[] = {
    {"agenda-ja", case_agenda_ja},
    {"open-session", case_open_session},
    {"too-small", case_too_small},
    {"present-follows", case_present_follows},
    {"lang-en", case_lang_en},
    {"help", case_help},
    {"quit", case_quit},
    {"no-color", case_no_color},
    {"room-preview", case_room_preview},
    {"room-preview-group", case_room_preview_group},
    {"room-session-clocks", case_room_session_clocks},
    {"room-countdown", case_room_countdown},
    {"room-countdown-narrow", case_room_countdown_narrow},
    {"room-follow", case_room_follow},
    {"room-message", case_room_message},
    {"room-lock", case_room_lock},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
