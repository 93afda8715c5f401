/*
 * End-to-end cases for the drill: the real mamori binary in ptys — a
 * facilitator, two group terminals and a projector — on the drill fixture
 * (tests/fixtures/drill/drill.json, DRILL_FIXTURE), with the clock in a file
 * the test moves on (MAMORI_CLOCK_FILE), never a sleep.
 *
 *   e2e_drill CASE     run one case (meson registers each as e2e-drill-CASE)
 *
 * The fixture: injects t0 (0 min, expectation "isolate"), spread (15 min,
 * unless isolate, to the IT role), call (30 min), press (manual).
 */
#include "vt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROWS 30
#define COLS 100
#define T0 1800000000LL

/* The fixture's texts. */
#define T_T0 "脅迫文"
#define T_SPREAD "共有フォルダも暗号化"
#define T_CALL "取引先からの電話"
#define T_PRESS "記者からの問い合わせ"
/* the facilitator's only: an expectation and a hint, in pieces that fit a
 * line whatever the width */
#define SECRET_EXPECT "ネットワークから切り離す"
#define SECRET_HINT "LANケーブルとWi-Fi"

static const char *bin(void)
{
    const char *b = getenv("MAMORI_BIN");
    if (!b || !*b)
        e2e_skip("MAMORI_BIN is not set (run through meson test)");
    return b;
}

static char clock_path[600];

/* Moves the shared clock to T0 + SECONDS. */
static void clock_at(long long seconds)
{
    char tmp[640];
    snprintf(tmp, sizeof tmp, "%s.new", clock_path);
    FILE *f = fopen(tmp, "w");
    E2E_CHECK(NULL, f != NULL, "writing the clock file");
    fprintf(f, "%lld\n", T0 + seconds);
    fclose(f);
    E2E_CHECK(NULL, rename(tmp, clock_path) == 0, "moving the clock file");
}

/* mamori ARGS... to completion: its exit status; its stdout in OUT. */
static int run(char *out, size_t n, const char *const args[])
{
    const char *argv[24];
    int k = 0;
    argv[k++] = bin();
    for (int i = 0; args[i] && k < 22; i++)
        argv[k++] = args[i];
    argv[k] = NULL;
    int p[2];
    E2E_CHECK(NULL, pipe(p) == 0, "pipe");
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        dup2(p[1], 2);
        close(p[0]);
        close(p[1]);
        alarm(30); /* never hangs the suite */
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(p[1]);
    size_t len = 0;
    ssize_t got;
    while ((got = read(p[0], out + len, n - 1 - len)) > 0 || (got < 0 && errno == EINTR))
        if (got > 0)
            len += (size_t)got;
    out[len] = '\0';
    close(p[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static const char *db_path;

static void drill(const char *sub, const char *extra1, const char *extra2,
                  const char *extra3, const char *extra4)
{
    char out[4096];
    const char *args[] = {"drill", sub, "--db", db_path, "--activity", "mini-drill",
                          extra1, extra2, extra3, extra4, NULL};
    int rc = run(out, sizeof out, args);
    E2E_CHECK(NULL, rc == 0, "mamori drill %s failed (%d): %s", sub, rc, out);
}

static void new_drill(void)
{
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "a temporary directory");
    static char db[600];
    snprintf(db, sizeof db, "%s/drill.db", dir);
    snprintf(clock_path, sizeof clock_path, "%s/clock", dir);
    setenv("MAMORI_CLOCK_FILE", clock_path, 1);
    clock_at(0);
    db_path = db;
    const char *fixture = getenv("DRILL_FIXTURE");
    E2E_CHECK(NULL, fixture && *fixture, "DRILL_FIXTURE is set");
    char out[4096];
    const char *args[] = {"init", "--db", db, "--scenario", fixture, "--groups", "2", NULL};
    E2E_CHECK(NULL, run(out, sizeof out, args) == 0, "init: %s", out);
}

static vt *start(const char *group, bool present)
{
    const char *argv[12];
    int n = 0;
    argv[n++] = bin();
    argv[n++] = "--db";
    argv[n++] = db_path;
    if (present) {
        argv[n++] = "--present";
    } else {
        if (group) {
            argv[n++] = "--group";
            argv[n++] = group;
        }
        argv[n++] = "--open";
        argv[n++] = "mini-drill";
    }
    argv[n] = NULL;
    vt *t = vt_start(argv, NULL, ROWS, COLS);
    E2E_CHECK(NULL, t != NULL, "starting mamori");
    return t;
}

/* Waits until the terminal's drill clock reads MMSS ("15:00"). */
static void wait_clock(vt *t, const char *mmss)
{
    char want[64];
    snprintf(want, sizeof want, "訓練時刻 %s", mmss);
    E2E_CHECK(t, vt_wait_text(t, want, vt_default_wait_ms()), "the drill clock reads %s",
              mmss);
}

/* How many rows of the screen show TEXT. */
static int rows_with(vt *t, const char *text)
{
    int n = 0;
    for (int r = 0; r < ROWS; r++) {
        char *s = vt_row_text(t, r);
        n += strstr(s, text) != NULL;
        free(s);
    }
    return n;
}

static bool newest_on_top(vt *t, void *arg)
{
    (void)arg;
    int rs, r0;
    return vt_find_text_in(t, "15:00 " T_SPREAD, 3, 12, &rs, NULL)
           && vt_find_text_in(t, "00:00 " T_T0, 3, 12, &r0, NULL) && rs < r0;
}

/* 1. Injects arrive on the drill clock, newest on top, with a bell. */
static void case_arrival(void)
{
    new_drill();
    vt *g = start("2", false);
    E2E_WAIT_TEXT(g, "ファシリテーターが訓練を始めるのを待っています");
    E2E_CHECK(g, !vt_has_text(g, T_T0), "nothing before the start");
    drill("start", NULL, NULL, NULL, NULL);
    E2E_WAIT_TEXT(g, T_T0);
    wait_clock(g, "00:00");
    clock_at(15 * 60 - 1);
    wait_clock(g, "14:59");
    E2E_CHECK(g, !vt_has_text(g, T_SPREAD), "spread (15:00) is not there at 14:59");
    clock_at(15 * 60);
    E2E_WAIT_TEXT(g, T_SPREAD);
    E2E_CHECK(g, vt_output_has(g, "\a"), "a new inject rings the terminal bell");
    /* newest on top: spread's row is above t0's (waited for: the screen
     * may be caught between two frames) */
    E2E_CHECK(g, vt_wait_until(g, newest_on_top, NULL, vt_default_wait_ms()),
              "the newest inject is on top");
    vt_free(g);
}

/* 2. Pause and resume: nothing arrives during the pause, and the inject
 * due at 15:00 comes exactly when the clock reaches it afterwards, once. */
static void case_pause(void)
{
    new_drill();
    vt *g = start("2", false);
    drill("start", NULL, NULL, NULL, NULL);
    clock_at(14 * 60);
    wait_clock(g, "14:00");
    drill("pause", NULL, NULL, NULL, NULL);
    E2E_WAIT_TEXT(g, "一時停止中");
    clock_at(24 * 60); /* ten minutes of the room's time, paused */
    /* the room's clock moved on ten minutes: the drill's stays at 14:00 */
    E2E_WAIT_TEXT(g, "訓練時刻 14:00 / 40分  一時停止中");
    E2E_CHECK(g, !vt_has_text(g, T_SPREAD), "nothing arrives during the pause");
    /* a manual inject released during the pause arrives at once */
    drill("release", "press", NULL, NULL, NULL);
    E2E_WAIT_TEXT(g, T_PRESS);
    drill("resume", NULL, NULL, NULL, NULL);
    E2E_WAIT_GONE(g, "一時停止中");
    clock_at(25 * 60 - 1);
    wait_clock(g, "14:59");
    E2E_CHECK(g, !vt_has_text(g, T_SPREAD), "not early after the resume");
    clock_at(25 * 60);
    E2E_WAIT_TEXT(g, T_SPREAD);
    wait_clock(g, "15:00");
    clock_at(26 * 60);
    wait_clock(g, "16:00");
    E2E_CHECK(g, rows_with(g, T_SPREAD) == 1, "it is listed once, not twice");
    vt_free(g);
}

/* 3. A branch: group 1 isolated the PC in time, group 2 did not; at 15:00
 * only group 2 is told the file share is encrypted. A release to one
 * group reaches that group only. */
static void case_branch(void)
{
    new_drill();
    vt *g1 = start("1", false);
    vt *g2 = start("2", false);
    drill("start", NULL, NULL, NULL, NULL);
    clock_at(5 * 60);
    drill("mark", "met", "--group", "1", "--expect=isolate");
    clock_at(15 * 60);
    E2E_WAIT_TEXT(g2, T_SPREAD);
    wait_clock(g1, "15:00");
    E2E_CHECK(g1, !vt_has_text(g1, T_SPREAD), "group 1 isolated the PC: no spread");
    drill("release", "press", "--group", "2", NULL);
    E2E_WAIT_TEXT(g2, T_PRESS);
    clock_at(15 * 60 + 5);
    wait_clock(g1, "15:05");
    E2E_CHECK(g1, !vt_has_text(g1, T_PRESS), "released to group 2 only");
    vt_free(g1);
    vt_free(g2);
}

/* 4. A decision logged on a group terminal shows on the facilitator's
 * terminal and the projector at once, and exports as CSV and a timeline. */
static void case_decisions(void)
{
    new_drill();
    vt *f = start(NULL, false);
    vt *g = start("2", false);
    vt *p = start(NULL, true);
    E2E_WAIT_TEXT(f, "状況（すべて。時刻順）");
    vt_send(f, "s"); /* the facilitator starts the drill from the keyboard */
    E2E_WAIT_TEXT(f, "訓練を開始しました");
    E2E_WAIT_TEXT(g, T_T0);
    E2E_WAIT_TEXT(p, T_T0);
    E2E_WAIT_TEXT(p, "グループ 2  まだ");
    vt_send(g, "W");
    E2E_WAIT_TEXT(g, "あなたの役割");
    vt_send(g, "2"); /* 情報システム担当 */
    E2E_WAIT_TEXT(g, "あなたの役割: 情報システム担当");
    clock_at(90);
    wait_clock(g, "01:30");
    vt_send(g, "a");
    E2E_WAIT_TEXT(g, "「脅迫文」で決めたこと");
    vt_type(g, "LANケーブルを抜く");
    vt_key(g, VT_KEY_ENTER);
    E2E_WAIT_TEXT(g, "だれに伝えますか");
    vt_type(g, "社長");
    vt_key(g, VT_KEY_ENTER);
    E2E_WAIT_TEXT(g, "01:30【情報システム担当】LANケーブルを抜く  → 社長");
    /* the facilitator, on group 2, without a key there but Tab */
    vt_key(f, VT_KEY_TAB);
    E2E_WAIT_TEXT(f, "LANケーブルを抜く");
    E2E_WAIT_TEXT(p, "グループ 2  記録あり");
    char out[8192];
    const char *csv[] = {"export", "--db", db_path, "--activity", "mini-drill", "--group", "2",
                         "--format", "csv", NULL};
    E2E_CHECK(NULL, run(out, sizeof out, csv) == 0 && strstr(out, "LANケーブルを抜く")
                    && strstr(out, "01:30") && strstr(out, "情報システム担当"),
              "the CSV export: %s", out);
    const char *md[] = {"export", "--db", db_path, "--activity", "mini-drill", "--group", "2",
                        "--format", "md", NULL};
    E2E_CHECK(NULL, run(out, sizeof out, md) == 0 && strstr(out, "00:00 脅迫文")
                    && strstr(out, "【情報システム担当】LANケーブルを抜く → 社長"),
              "the timeline: %s", out);
    vt_free(p);
    vt_free(g);
    vt_free(f);
}

/* 5. The facilitator's text — expectations and hints not released — never
 * reaches a group's or the projector's terminal, whatever happens on the
 * screen; a hint released to group 2 reaches group 2 only. */
static void case_secrets(void)
{
    new_drill();
    vt *f = start(NULL, false);
    vt *g1 = start("1", false);
    vt *g2 = start("2", false);
    vt *p = start(NULL, true);
    drill("start", NULL, NULL, NULL, NULL);
    E2E_WAIT_TEXT(f, SECRET_EXPECT);
    E2E_WAIT_TEXT(f, SECRET_HINT);
    E2E_WAIT_TEXT(g2, T_T0);
    E2E_WAIT_TEXT(p, T_T0);
    vt_send(g2, "?"); /* the help, too */
    E2E_WAIT_TEXT(g2, "キー操作");
    vt_key(g2, VT_KEY_ESC);
    vt_key(f, VT_KEY_TAB); /* the facilitator on group 2 */
    E2E_WAIT_TEXT(f, "グループ 2");
    vt_send(f, "h"); /* the first hint, to group 2 */
    E2E_WAIT_TEXT(f, "ヒントを届けました");
    E2E_WAIT_TEXT(g2, SECRET_HINT);
    vt_send(f, "1"); /* mark the expectation for group 2 */
    E2E_WAIT_TEXT(f, "【達成】");
    clock_at(60);
    wait_clock(g1, "01:00");
    wait_clock(g2, "01:00");
    E2E_CHECK(p, vt_wait_text(p, "訓練時刻 01:00", vt_default_wait_ms()), "projector clock");
    vt *views[] = {g1, g2, p};
    const char *names[] = {"group 1", "group 2", "projector"};
    for (int k = 0; k < 3; k++)
        E2E_CHECK(views[k], !vt_output_has(views[k], SECRET_EXPECT),
                  "an expectation reached the %s's terminal", names[k]);
    E2E_CHECK(g1, !vt_output_has(g1, SECRET_HINT), "a hint reached group 1");
    E2E_CHECK(p, !vt_output_has(p, SECRET_HINT), "a hint reached the projector");
    E2E_CHECK(g2, !vt_output_has(g2, "【達成】") && !vt_output_has(p, "【達成】"),
              "a mark reached a group or the projector");
    vt_free(p);
    vt_free(g2);
    vt_free(g1);
    vt_free(f);
}

/* 6. The facilitator runs it from the keyboard: n moves the clock on to the
 * next inject; E ends the drill and opens the hot wash. */
static void case_controls(void)
{
    new_drill();
    vt *f = start(NULL, false);
    vt *g = start("2", false);
    E2E_WAIT_TEXT(f, "状況（すべて。時刻順）");
    vt_send(f, "n");
    E2E_WAIT_TEXT(f, "訓練はまだ始まっていません");
    vt_send(f, "s");
    E2E_WAIT_TEXT(g, T_T0);
    vt_send(f, "n");
    E2E_WAIT_TEXT(f, "次の状況まで時計を進めました");
    wait_clock(g, "15:00");
    E2E_WAIT_TEXT(g, T_SPREAD);
    vt_send(f, "s");
    E2E_WAIT_TEXT(g, "一時停止中");
    vt_send(f, "s");
    E2E_WAIT_GONE(g, "一時停止中");
    vt_send(f, "E");
    E2E_WAIT_TEXT(f, "訓練を終了して");
    vt_send(f, "y");
    E2E_WAIT_TEXT(f, "ふりかえり（ホットウォッシュ）");
    E2E_WAIT_TEXT(g, "終了");
    /* the group writes its hot wash */
    vt_send(g, "w");
    E2E_WAIT_TEXT(g, "何が起き、いつ気づきましたか");
    vt_key(g, VT_KEY_ENTER);
    vt_type(g, "月曜8時40分に経理のPCで");
    vt_send(g, "\x13"); /* Ctrl-S */
    E2E_WAIT_GONE(g, "Ctrl-S 確定"); /* saved: the editor is closed */
    E2E_WAIT_TEXT(g, "月曜8時40分に経理のPCで");
    vt_key(f, VT_KEY_TAB);
    E2E_WAIT_TEXT(f, "月曜8時40分に経理のPCで");
    vt_free(g);
    vt_free(f);
}

static const e2e_case cases[] = {
    {"arrival", case_arrival},
    {"pause", case_pause},
    {"branch", case_branch},
    {"decisions", case_decisions},
    {"secrets", case_secrets},
    {"controls", case_controls},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
