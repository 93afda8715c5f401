/*
 * End-to-end cases for the room: the projector (--present) mirrors the
 * facilitator's view state, not just the activity. The facilitator's keys
 * go to one pty, the projector's screen is read in another; no key is ever
 * sent to the projector (but q at the end).
 *
 *   e2e_present CASE     run one case (meson registers each as e2e-present-CASE)
 *   e2e_present          run them all
 *
 * The workshop is made from tests/fixtures/present/present.json
 * (PRESENT_FIXTURE): a 90-line briefing, a 40-row table with a heat map and
 * "present" columns, a document whose first section has 80 lines of
 * guidance, a small checklist and a five-lane board; the bundled program
 * for the asset ledger and risk table at 80 and 120 columns, and for the
 * groups' overview (d) with the risk table's heat map and the self-check's
 * totals per company.
 *
 * How soon the projector must follow: 500 ms (E2E_SYNC_MS overrides it, e.g.
 * for a sanitizer build).
 */
#include "vt.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SYNC_MS_DEFAULT 500

/* ---- starting mamori ------------------------------------------------------ */

static const char *mamori_bin(void)
{
    const char *bin = getenv("MAMORI_BIN");
    if (!bin || !*bin)
        e2e_skip("MAMORI_BIN is not set (run through meson test)");
    if (access(bin, X_OK) != 0)
        e2e_fail(NULL, __FILE__, __LINE__, "MAMORI_BIN=%s is not executable", bin);
    return bin;
}

static const char *fixture(void)
{
    const char *f = getenv("PRESENT_FIXTURE");
    if (!f || !*f)
        e2e_skip("PRESENT_FIXTURE is not set (run through meson test)");
    return f;
}

static int wait_ms(void)
{
    return vt_default_wait_ms();
}

static int sync_ms(void)
{
    const char *s = getenv("E2E_SYNC_MS");
    if (s && *s && atoi(s) > 0)
        return atoi(s);
    return SYNC_MS_DEFAULT;
}

/* mamori ARGS... without a terminal; its exit status, stderr into ERR. */
static int run_mamori(const char *const args[], char *err, size_t errn)
{
    const char *argv[24];
    int n = 0;
    argv[n++] = mamori_bin();
    for (int i = 0; args[i] && n < 23; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    int pe[2];
    E2E_CHECK(NULL, pipe(pe) == 0, "pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    E2E_CHECK(NULL, pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
        }
        dup2(pe[1], 2);
        close(pe[0]);
        close(pe[1]);
        setenv("LANG", "C.UTF-8", 1);
        setenv("LC_ALL", "C.UTF-8", 1);
        unsetenv("MAMORI_LANG");
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(pe[1]);
    size_t len = 0;
    bool eof = false;
    long long deadline = e2e_now_ms() + wait_ms();
    for (;;) {
        long long left = deadline - e2e_now_ms();
        if (left <= 0)
            break;
        struct pollfd fd = {pe[0], POLLIN, 0};
        int k = poll(&fd, 1, (int)left);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        char b[1024];
        ssize_t got = read(pe[0], b, sizeof b);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            eof = true;
            break;
        }
        if (len + 1 < errn) {
            size_t c = (size_t)got < errn - len - 1 ? (size_t)got : errn - len - 1;
            memcpy(err + len, b, c);
            len += c;
        }
    }
    if (errn)
        err[len] = '\0';
    close(pe[0]);
    int st;
    if (!eof)
        kill(pid, SIGKILL);
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (!eof)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A workshop of 3 groups, from the fixture (or the bundled program). */
static const char *new_workshop(bool bundled)
{
    static char path[600];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(path, sizeof path, "%s/workshop.db", dir);
    const char *with[] = {"init", "--db", path, "--groups", "3", "--scenario", fixture(), NULL};
    const char *plain[] = {"init", "--db", path, "--groups", "3", NULL};
    char err[2048];
    int rc = run_mamori(bundled ? plain : with, err, sizeof err);
    E2E_CHECK(NULL, rc == 0, "mamori init: exit %d: %s", rc, err);
    return path;
}

/* The facilitator, straight into ACTIVITY. */
static vt *facilitator(const char *db, const char *activity, int rows, int cols)
{
    const char *argv[] = {mamori_bin(), "--db", db, "--open", activity, "--lang", "ja", NULL};
    vt *t = vt_start(argv, NULL, rows, cols);
    E2E_CHECK(NULL, t != NULL, "starting the facilitator");
    return t;
}

static vt *projector(const char *db, int rows, int cols)
{
    const char *argv[] = {mamori_bin(), "--db", db, "--present", "--lang", "ja", NULL};
    vt *t = vt_start(argv, NULL, rows, cols);
    E2E_CHECK(NULL, t != NULL, "starting the projector");
    E2E_CHECK(t, vt_wait_text(t, "プロジェクター", wait_ms()), "the projector's status line");
    return t;
}

static void quit(vt *t)
{
    vt_send(t, "q");
    E2E_CHECK(t, vt_wait_exit(t, wait_ms()) == 0, "quits with status 0");
    vt_free(t);
}

/* The projector shows TEXT within the sync deadline of the key just sent. */
#define FOLLOWS(p, text, what)                                                \
    E2E_CHECK((p), vt_wait_text((p), (text), sync_ms()),                      \
              "the projector shows \"%s\" within %d ms (%s)", (text),         \
              sync_ms(), (what))
#define DROPS(p, text, what)                                                  \
    E2E_CHECK((p), vt_wait_gone((p), (text), sync_ms()),                      \
              "\"%s\" leaves the projector within %d ms (%s)", (text),        \
              sync_ms(), (what))

/* ---- the table -------------------------------------------------------------- */

/* End on a 40-row table: the projector shows the last row within 0.5 s. */
static void case_table_end(void)
{
    const char *db = new_workshop(false);
    vt *f = facilitator(db, "ledger", 24, 80);
    E2E_CHECK(f, vt_wait_row(f, 1, "グループ 1 の表", wait_ms()), "the facilitator's table");
    vt *p = projector(db, 40, 120);
    E2E_CHECK(p, vt_wait_text(p, "資産01", wait_ms()), "the projector shows the table");
    E2E_CHECK(p, !vt_has_text(p, "資産40"), "the 40th row is below the projector's screen");
    long long t0 = e2e_now_ms();
    vt_key(f, VT_KEY_END);
    FOLLOWS(p, "資産40", "End on the facilitator's table");
    printf("the projector followed End in %lld ms\n", e2e_now_ms() - t0);
    E2E_CHECK(f, vt_wait_text(f, "資産40", wait_ms()), "the facilitator is on the last row");
    /* and back to the top */
    vt_key(f, VT_KEY_HOME);
    FOLLOWS(p, "資産01", "Home");
    quit(f);
    quit(p);
}

static bool header_narrowed(vt *t, void *arg)
{
    (void)arg;
    return !vt_find_text_in(t, "保管場所", 2, 2, NULL, NULL)
        && !vt_find_text_in(t, "機密性", 2, 2, NULL, NULL);
}

/* Sort, filter, heat filter, search, the row form and the projector's
 * columns all follow. */
static void case_table_state(void)
{
    const char *db = new_workshop(false);
    vt *f = facilitator(db, "ledger", 24, 100);
    E2E_CHECK(f, vt_wait_row(f, 1, "グループ 1 の表", wait_ms()), "the facilitator's table");
    vt *p = projector(db, 40, 120);
    E2E_CHECK(p, vt_wait_text(p, "資産01", wait_ms()), "the projector shows the table");
    /* the projector's columns: the scenario's "present", not the free text */
    E2E_CHECK(p, vt_wait_row(p, 2, "重要度", wait_ms()), "importance on the projector");
    E2E_CHECK(p, vt_find_text_in(p, "機密性", 2, 2, NULL, NULL), "and the rating");
    E2E_CHECK(p, !vt_find_text_in(p, "保管場所", 2, 2, NULL, NULL), "no free text");
    E2E_CHECK(f, vt_wait_row(f, 2, "保管場所", wait_ms()), "the facilitator has every column");

    /* + shows one more column there, - one fewer */
    vt_send(f, "+");
    E2E_CHECK(p, vt_wait_row(p, 2, "保管場所", sync_ms()), "+ adds a column to the projector");
    E2E_CHECK(f, vt_wait_text(f, "プロジェクターに「保管場所」を表示", wait_ms()), "and says so");
    vt_send(f, "-");
    vt_send(f, "-");
    E2E_CHECK(p, vt_wait_until(p, header_narrowed, NULL, sync_ms()),
              "- twice leaves the name and importance on the projector");
    E2E_CHECK(p, vt_find_text_in(p, "重要度", 2, 2, NULL, NULL), "importance stays");
    vt_send(f, "+");
    E2E_CHECK(p, vt_wait_row(p, 2, "機密性", sync_ms()), "+ brings the rating back");
    /* the facilitator's cursor on a column the projector leaves out: the
     * projector's columns stay where they are */
    vt_key(f, VT_KEY_RIGHT);
    vt_key(f, VT_KEY_RIGHT);
    E2E_CHECK(f, vt_wait_text(f, "自由記述メモ: ", wait_ms()), "the cursor on the memo");
    E2E_CHECK(f, vt_wait_row(f, 0, "四十行の台帳", wait_ms()), "the facilitator's screen");
    vt_send(f, "s"); /* sorted by the memo: the projector says so */
    FOLLOWS(p, "並べ替え: 自由記述メモ", "a sort by a column the projector leaves out");
    E2E_CHECK(p, vt_find_text_in(p, "重要度", 2, 2, NULL, NULL)
              && vt_find_text_in(p, "機密性", 2, 2, NULL, NULL),
              "the projector's columns stay in view");
    vt_send(f, "s");
    vt_send(f, "s");
    DROPS(p, "並べ替え: 自由記述メモ", "the sort off");
    vt_key(f, VT_KEY_LEFT);
    vt_key(f, VT_KEY_LEFT);

    /* sort by name, twice: descending, 資産40 on top */
    vt_send(f, "s");
    vt_send(f, "s");
    E2E_CHECK(f, vt_wait_text(f, "降順", wait_ms()), "the facilitator sorted descending");
    FOLLOWS(p, "降順", "the sort");
    vt_key(f, VT_KEY_HOME); /* the cursor kept its row: to the new first */
    E2E_CHECK(p, vt_wait_row(p, 3, "資産40", sync_ms()), "資産40 first on the projector");
    vt_send(f, "s"); /* back to the table's order */
    DROPS(p, "降順", "the sort off");

    /* filter */
    vt_send(f, "F");
    vt_type(f, "資産3");
    vt_key(f, VT_KEY_ENTER);
    FOLLOWS(p, "絞り込み", "the filter");
    DROPS(p, "資産01", "rows the filter leaves out");
    E2E_CHECK(p, vt_has_text(p, "資産35"), "rows it keeps");
    vt_key(f, VT_KEY_ESC); /* clears the filter */
    DROPS(p, "絞り込み", "the filter cleared");
    E2E_CHECK(p, vt_wait_text(p, "資産20", wait_ms()), "every row again");
    vt_key(f, VT_KEY_HOME);

    /* heat filter: the cell 3 x 3 */
    vt_send(f, "m");
    E2E_CHECK(f, vt_wait_text(f, "機密性 × 重要度", wait_ms()), "the heat map opens");
    vt_key(f, VT_KEY_ENTER);
    FOLLOWS(p, "3×3", "the heat filter");
    DROPS(p, "資産01", "rows outside the cell");
    E2E_CHECK(p, vt_has_text(p, "資産02"), "rows of the cell");
    vt_key(f, VT_KEY_ESC);
    DROPS(p, "3×3", "the heat filter cleared");
    E2E_CHECK(p, vt_wait_text(p, "資産01", wait_ms()), "every row again");

    /* search */
    vt_send(f, "/");
    vt_type(f, "資産33");
    vt_key(f, VT_KEY_ENTER);
    FOLLOWS(p, "検索「資産33」", "the search");

    /* the row form */
    vt_send(f, "f");
    FOLLOWS(p, "#33  資産33", "the row form");
    vt_key(f, VT_KEY_ESC);
    DROPS(p, "#33  資産33", "the form closed");
    quit(f);
    quit(p);
}

/* The bundled ledger and risk table: ratings, importance and risk are on
 * the projector at 80 and at 120 columns. */
static void case_columns(void)
{
    const char *db = new_workshop(true);
    static const struct {
        const char *activity;
        const char *want[6];
    } tables[] = {
        {"asset-ledger", {"情報資産名称", "機密性", "完全性", "可用性", "重要度", NULL}},
        {"risk-table", {"リスク", "重要度", "脅威", "脆弱性", "リスク値", NULL}},
    };
    vt *p80 = projector(db, 24, 80);
    vt *p120 = projector(db, 40, 120);
    for (int k = 0; k < 2; k++) {
        vt *f = facilitator(db, tables[k].activity, 24, 80);
        E2E_CHECK(f, vt_wait_row(f, 1, "グループ 1 の表", wait_ms()), "the facilitator's table");
        vt *ps[2] = {p80, p120};
        for (int j = 0; j < 2; j++) {
            E2E_CHECK(ps[j], vt_wait_row(ps[j], 1, "グループ 1 の表", wait_ms()),
                      "the projector shows %s", tables[k].activity);
            for (int w = 0; tables[k].want[w]; w++)
                E2E_CHECK(ps[j], vt_wait_row(ps[j], 2, tables[k].want[w], wait_ms()),
                          "%s: \"%s\" on the projector at %d columns", tables[k].activity,
                          tables[k].want[w], j ? 120 : 80);
        }
        quit(f);
    }
    quit(p80);
    quit(p120);
}

/* ---- text that scrolls ------------------------------------------------------- */

/* PgDn in a long briefing: the projector scrolls too; End shows the end. */
static void case_briefing_scroll(void)
{
    const char *db = new_workshop(false);
    vt *f = facilitator(db, "brief", 24, 80);
    E2E_CHECK(f, vt_wait_text(f, "段落001", wait_ms()), "the facilitator's briefing");
    vt *p = projector(db, 30, 100);
    E2E_CHECK(p, vt_wait_text(p, "段落001", wait_ms()), "the projector shows the briefing");
    E2E_CHECK(p, !vt_has_text(p, "段落040"), "not yet further down");
    vt_key(f, VT_KEY_PAGEDOWN);
    E2E_CHECK(f, vt_wait_gone(f, "段落001", wait_ms()), "the facilitator scrolled");
    DROPS(p, "段落001", "PgDn in the briefing");
    E2E_CHECK(p, vt_wait_text(p, "段落040", wait_ms()), "the projector shows what follows");
    vt_key(f, VT_KEY_END);
    FOLLOWS(p, "段落090", "End in the briefing");
    vt_key(f, VT_KEY_HOME);
    FOLLOWS(p, "段落001", "Home in the briefing");
    quit(f);
    quit(p);
}

/* PgDn in a document's reader (a section's whole guidance): the projector
 * opens the same section and scrolls with it; Esc takes both to the list. */
static void case_document_scroll(void)
{
    const char *db = new_workshop(false);
    vt *f = facilitator(db, "doc", 24, 80);
    E2E_CHECK(f, vt_wait_text(f, "節その1", wait_ms()), "the facilitator's document");
    vt *p = projector(db, 30, 100);
    E2E_CHECK(p, vt_wait_text(p, "節その3", wait_ms()), "the projector shows the list");
    vt_send(f, "f");
    E2E_CHECK(f, vt_wait_text(f, "手引き001", wait_ms()), "the reader opens on the guidance");
    FOLLOWS(p, "手引き001", "the reader");
    E2E_CHECK(p, !vt_has_text(p, "手引き040"), "not yet further down");
    vt_key(f, VT_KEY_PAGEDOWN);
    E2E_CHECK(f, vt_wait_gone(f, "手引き001", wait_ms()), "the facilitator scrolled");
    DROPS(p, "手引き001", "PgDn in the reader");
    E2E_CHECK(p, vt_wait_text(p, "手引き030", wait_ms()), "the projector shows what follows");
    vt_key(f, VT_KEY_END);
    FOLLOWS(p, "手引き080", "End in the reader");
    vt_key(f, VT_KEY_ESC);
    FOLLOWS(p, "節その3", "Esc: back to the list");
    quit(f);
    quit(p);
}

/* ---- the checklist and the board; no key hints ------------------------------- */

static bool lane_selected(vt *t, const char *lane)
{
    int row, col;
    vt_cell_t c;
    return vt_find_text(t, lane, &row, &col) && vt_cell(t, row, col, &c) && c.reverse;
}

typedef struct {
    const char *lane;
} lane_arg;

static bool lane_selected_pred(vt *t, void *arg)
{
    return lane_selected(t, ((lane_arg *)arg)->lane);
}

static void case_checklist_board(void)
{
    const char *db = new_workshop(false);
    vt *f = facilitator(db, "check", 24, 100);
    E2E_CHECK(f, vt_wait_text(f, "設問11の文", wait_ms()), "the facilitator's checklist");
    E2E_CHECK(f, vt_wait_text(f, "Tab で切り替え", wait_ms()),
              "the facilitator is told Tab switches groups");
    vt *p = projector(db, 40, 120);
    E2E_CHECK(p, vt_wait_text(p, "設問11の文", wait_ms()), "the projector's checklist");
    E2E_CHECK(p, vt_wait_text(p, "1/3", wait_ms()), "with whose answers of how many");
    E2E_CHECK(p, !vt_has_text(p, "Tab で"), "but no key hint");
    E2E_CHECK(p, !vt_has_text(p, "f で説明"), "and no f hint");
    /* the item (the detail under the list shows its help there) */
    E2E_CHECK(p, vt_wait_text(p, "設問11の説明", wait_ms()), "the first item");
    vt_key(f, VT_KEY_DOWN);
    FOLLOWS(p, "設問12の説明", "the facilitator's item");
    vt_send(f, "\t");
    FOLLOWS(p, "2/3", "Tab: group 2");
    /* another group's answers open at their first item, on both */
    FOLLOWS(p, "設問11の説明", "group 2's first item");
    quit(f);

    f = facilitator(db, "board", 24, 100);
    E2E_CHECK(f, vt_wait_text(f, "W で選ぶ", wait_ms()), "the facilitator's board says W chooses");
    E2E_CHECK(p, vt_wait_text(p, "レーン1", wait_ms()), "the projector's board");
    E2E_CHECK(p, !vt_has_text(p, "W で"), "no W hint on the projector");
    E2E_CHECK(p, !vt_has_text(p, "a で追加"), "no a hint on the projector");
    E2E_CHECK(p, lane_selected(p, "レーン1"), "the first lane is the current one");
    vt_key(f, VT_KEY_RIGHT);
    vt_key(f, VT_KEY_RIGHT);
    lane_arg la = {"レーン3"};
    E2E_CHECK(p, vt_wait_until(p, lane_selected_pred, &la, sync_ms()),
              "the projector's current lane follows to lane 3");
    quit(f);
    quit(p);
}

/* ---- the facilitator's overview of the groups ---------------------------------- */

static bool text_reverse(vt *t, const char *text)
{
    int row, col;
    vt_cell_t c;
    return vt_find_text(t, text, &row, &col) && vt_cell(t, row, col, &c) && c.reverse;
}

typedef struct {
    const char *text;
    bool want;
} rev_arg;

static bool text_reverse_pred(vt *t, void *arg)
{
    rev_arg *r = arg;
    return text_reverse(t, r->text) == r->want;
}

static vt *group_terminal(const char *db, const char *group, const char *activity)
{
    const char *argv[] = {mamori_bin(), "--db", db, "--group", group, "--open", activity,
                          "--lang", "ja", NULL};
    vt *t = vt_start(argv, NULL, 24, 100);
    E2E_CHECK(NULL, t != NULL, "starting group %s", group);
    return t;
}

/* d on the facilitator's terminal: the projector shows the overview of the
 * same session, every group's column side by side with the table's small
 * heat map and the checklist's totals, follows the facilitator's selection,
 * updates as a group writes, and goes back when the facilitator leaves it. */
static void case_overview(void)
{
    const char *db = new_workshop(false);
    vt *g = group_terminal(db, "2", "ledger");
    E2E_CHECK(g, vt_wait_row(g, 1, "グループ 2 の表", wait_ms()), "group 2's table");
    vt *f = facilitator(db, "ledger", 24, 100);
    E2E_CHECK(f, vt_wait_row(f, 1, "グループ 1 の表", wait_ms()), "the facilitator's table");
    vt *p = projector(db, 40, 120);
    E2E_CHECK(p, vt_wait_text(p, "資産01", wait_ms()), "the projector shows the table");

    long long t0 = e2e_now_ms();
    vt_send(f, "d");
    E2E_CHECK(f, vt_wait_text(f, "の進み具合", wait_ms()), "the facilitator's overview");
    FOLLOWS(p, "の進み具合", "d on the facilitator's terminal");
    FOLLOWS(p, "グループ 1", "group 1's column");
    FOLLOWS(p, "グループ 2", "group 2's column");
    FOLLOWS(p, "グループ 3", "group 3's column");
    printf("the projector showed the overview in %lld ms\n", e2e_now_ms() - t0);
    DROPS(p, "資産01", "the table is gone from the projector");
    E2E_CHECK(p, vt_wait_text(p, "四十行の台帳 のヒートマップ", wait_ms()),
              "the table's heat map per group");
    E2E_CHECK(p, vt_wait_text(p, "合計", wait_ms()), "the checklist's totals per group");
    E2E_CHECK(p, vt_wait_text(p, "点", wait_ms()), "as points");
    E2E_CHECK(p, !vt_has_text(p, "Enter 開く") && !vt_has_text(p, "左右 グループ"),
              "no key hints on the projector");

    /* the selection: the group column */
    E2E_CHECK(p, vt_wait_until(p, text_reverse_pred, &(rev_arg){"グループ 1", true}, sync_ms()),
              "group 1's column is the chosen one");
    vt_key(f, VT_KEY_RIGHT);
    E2E_CHECK(p, vt_wait_until(p, text_reverse_pred, &(rev_arg){"グループ 2", true}, sync_ms()),
              "Right: group 2's column on the projector too");
    E2E_CHECK(p, !text_reverse(p, "グループ 1"), "and no longer group 1's");
    /* the selection: the activity row */
    E2E_CHECK(p, text_reverse(p, "四十行の台帳 [表]"), "the table's row is the chosen one");
    vt_key(f, VT_KEY_DOWN);
    E2E_CHECK(p, vt_wait_until(p, text_reverse_pred, &(rev_arg){"長い手順書 [文書]", true},
                               sync_ms()),
              "Down: the document's row on the projector too");
    vt_key(f, VT_KEY_UP);
    E2E_CHECK(p, vt_wait_until(p, text_reverse_pred, &(rev_arg){"四十行の台帳 [表]", true},
                               sync_ms()),
              "Up: back on the table's row");

    /* a group writes: the projector's overview follows without a key */
    E2E_CHECK(p, !vt_has_text(p, "41行"), "41 rows nowhere yet");
    vt_send(g, "a");
    vt_type(g, "仮の名前");
    vt_key(g, VT_KEY_ENTER);
    E2E_CHECK(g, vt_wait_text(g, "41行", wait_ms()), "group 2 added a row");
    t0 = e2e_now_ms();
    E2E_CHECK(p, vt_wait_text(p, "41行", wait_ms()), "the projector's overview shows it");
    printf("the projector's overview followed the write in %lld ms\n", e2e_now_ms() - t0);

    /* Esc on the facilitator: the projector goes back to the table */
    vt_key(f, VT_KEY_ESC);
    DROPS(p, "の進み具合", "Esc on the facilitator's terminal");
    E2E_CHECK(p, vt_wait_text(p, "資産01", wait_ms()), "the projector shows the table again");
    quit(f);
    quit(g);
    quit(p);
}

/* The bundled risk table: its heat map in the overview names each cell's
 * band in words, so a monochrome projector (NO_COLOR) reads it too. */
static void case_overview_bands(void)
{
    const char *db = new_workshop(true);
    vt *f = facilitator(db, "risk-table", 24, 100);
    E2E_CHECK(f, vt_wait_row(f, 1, "グループ 1 の表", wait_ms()), "the facilitator's table");
    const char *argv[] = {mamori_bin(), "--db", db, "--present", "--lang", "ja", NULL};
    const char *mono[] = {"NO_COLOR=1", NULL};
    vt *p = vt_start(argv, mono, 40, 120);
    E2E_CHECK(NULL, p != NULL, "starting the projector");
    E2E_CHECK(p, vt_wait_text(p, "プロジェクター", wait_ms()), "the projector's status line");
    vt_send(f, "d");
    FOLLOWS(p, "グループ 3", "d on the facilitator's terminal");
    DROPS(p, "このシートのつかい方", "the table's guidance leaves the projector");
    /* the map's last line: the whole overview is on the screen */
    E2E_CHECK(p, vt_wait_text(p, "被害発生可能性 →", wait_ms()), "the heat map's axis");
    E2E_CHECK(p, vt_has_text(p, "リスク分析シート のヒートマップ（被害発生可能性 × 重要度）"),
              "the heat map's title");
    E2E_CHECK(p, vt_has_text(p, " 0大") && vt_has_text(p, " 0中") && vt_has_text(p, " 0小"),
              "each cell with its band's word");
    E2E_CHECK(p, !vt_wait_text(p, "このシートのつかい方", 1000),
              "the projector stays on the overview");
    quit(f);

    /* session 1's self-check is answered by each company: a total per company */
    char roster[700];
    snprintf(roster, sizeof roster, "%s.roster.csv", db);
    FILE *rf = fopen(roster, "w");
    E2E_CHECK(NULL, rf != NULL, "writing %s", roster);
    fputs("グループ,会社,氏名\n1,さくら精密,佐藤 健一\n1,みなと印刷,鈴木 美咲\n"
          "2,あおば会計,高橋 大輔\n", rf);
    fclose(rf);
    const char *imp[] = {"import", "--db", db, "--roster", roster, NULL};
    char err[2048];
    int rc = run_mamori(imp, err, sizeof err);
    E2E_CHECK(NULL, rc == 0, "mamori import --roster: exit %d: %s", rc, err);
    f = facilitator(db, "self-check", 24, 100);
    E2E_CHECK(f, vt_wait_text(f, "さくら精密", wait_ms()), "the facilitator's checklist");
    vt_send(f, "d");
    E2E_CHECK(f, vt_wait_text(f, "の進み具合", wait_ms()), "the facilitator's overview");
    FOLLOWS(p, "第1回 の進み具合", "d in session 1");
    E2E_CHECK(p, vt_wait_text(p, "合計", wait_ms()), "the checklist's totals");
    E2E_CHECK(p, vt_wait_text(p, "さくら精密", wait_ms()), "group 1's first company");
    E2E_CHECK(p, vt_wait_text(p, "みなと印刷", wait_ms()), "and its second");
    E2E_CHECK(p, vt_wait_text(p, "あおば会計", wait_ms()), "group 2's company");
    /* the facilitator quits on the overview: it leaves the projector too */
    quit(f);
    DROPS(p, "の進み具合", "the facilitator quit");
    quit(p);
}

/* ---- the scenario key ---------------------------------------------------------- */

static void case_validate(void)
{
    const char *dir = e2e_tmpdir();
    char path[600];
    snprintf(path, sizeof path, "%s/bad.json", dir);
    FILE *in = fopen(fixture(), "r");
    E2E_CHECK(NULL, in != NULL, "reading the fixture");
    char *text = NULL;
    size_t n = 0, cap = 0;
    int ch;
    while ((ch = fgetc(in)) != EOF) {
        if (n + 2 > cap)
            text = realloc(text, cap = cap ? cap * 2 : 65536);
        text[n++] = (char)ch;
    }
    text[n] = '\0';
    fclose(in);
    char *at = strstr(text, "\"importance\",\n");
    E2E_CHECK(NULL, at && strstr(text, "\"present\"") < at, "the fixture's present list");
    FILE *out = fopen(path, "w");
    E2E_CHECK(NULL, out != NULL, "writing %s", path);
    fwrite(text, 1, (size_t)(at - text), out);
    fputs("\"importanse\",\n", out);
    fputs(at + strlen("\"importance\",\n"), out);
    fclose(out);
    /* where the wrong id is: line and column */
    int line = 1, col = 1;
    for (const char *c = text; c < at; c++) {
        if (*c == '\n') {
            line++;
            col = 1;
        } else if ((*c & 0xC0) != 0x80) {
            col++;
        }
    }
    free(text);
    const char *args[] = {"validate", "--lang", "ja", path, NULL};
    char err[4096];
    int rc = run_mamori(args, err, sizeof err);
    E2E_CHECK(NULL, rc == 1, "validate exits 1: %d %s", rc, err);
    char want[800];
    snprintf(want, sizeof want, "%s:%d:%d:", path, line, col);
    E2E_CHECK(NULL, strstr(err, want), "the error names %s:\n%s", want, err);
    E2E_CHECK(NULL, strstr(err, "present[1]") && strstr(err, "importanse"),
              "with the path and the id:\n%s", err);
}

static const e2e_case cases[] = {
    {"table-end", case_table_end},
    {"table-state", case_table_state},
    {"columns", case_columns},
    {"briefing-scroll", case_briefing_scroll},
    {"document-scroll", case_document_scroll},
    {"checklist-board", case_checklist_board},
    {"overview", case_overview},
    {"overview-bands", case_overview_bands},
    {"validate", case_validate},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
