/*
 * Self-test of the vt harness on programs other than mamori: sh, tput and
 * the ncursesw fixture (fixture_tui.c, path in FIXTURE_BIN).
 *
 *   harness_selftest CASE      run one case (meson registers each)
 *   harness_selftest           run them all
 */
#include "vt.h"

#include <stdlib.h>
#include <string.h>

static const char *fixture(void)
{
    const char *f = getenv("FIXTURE_BIN");
    if (!f || !*f)
        e2e_skip("FIXTURE_BIN is not set");
    return f;
}

static vt *start_fixture(const char *const env_extra[], int rows, int cols)
{
    const char *argv[] = {fixture(), NULL};
    vt *t = vt_start(argv, env_extra, rows, cols);
    E2E_CHECK(NULL, t != NULL, "starting the fixture");
    E2E_WAIT_TEXT(t, "ready");
    return t;
}

static vt *start_sh(const char *script, const char *const env_extra[])
{
    const char *argv[] = {"sh", "-c", script, NULL};
    vt *t = vt_start(argv, env_extra, 24, 80);
    E2E_CHECK(NULL, t != NULL, "starting sh");
    return t;
}

/* Japanese text: wide cells are rendered once, so the string matches, and
 * the columns are cell columns. */
static void case_wide(void)
{
    vt *t = start_fixture(NULL, 24, 80);
    E2E_WAIT_TEXT(t, "fixture 日本語テスト");
    int row, col;
    E2E_CHECK(t, vt_find_text(t, "テスト", &row, &col), "find");
    E2E_CHECK(t, row == 0 && col == 14, "テスト at %d,%d, want 0,14", row,
              col);
    vt_cell_t c;
    E2E_CHECK(t, vt_cell(t, 0, 14, &c) && c.width == 2 &&
                 strcmp(c.text, "テ") == 0, "cell 0,14 = '%s' w%d", c.text,
              c.width);
    E2E_CHECK(t, vt_cell(t, 0, 15, &c) && c.width == 0, "continuation w%d",
              c.width);
    char *row0 = vt_row_text(t, 0);
    E2E_CHECK(t, strcmp(row0, "fixture 日本語テスト") == 0, "row 0 '%s'",
              row0);
    free(row0);
    char *all = vt_screen_text(t);
    E2E_CHECK(t, strncmp(all, "fixture 日本語テスト\nsize 24x80\n", 36) == 0,
              "screen text starts '%.40s'", all);
    free(all);
    /* rep: 40 '=' drawn with CSI b */
    char eq[41];
    memset(eq, '=', 40);
    eq[40] = '\0';
    char *row5 = vt_row_text(t, 5);
    E2E_CHECK(t, strcmp(row5, eq) == 0, "row 5 '%s'", row5);
    free(row5);
    vt_free(t);
}

/* Keys go out in the terminal's current mode (ncurses' keypad mode makes
 * libvterm send SS3 sequences). */
static void case_keys(void)
{
    vt *t = start_fixture(NULL, 24, 80);
    static const struct {
        vt_key_t key;
        const char *name;
    } keys[] = {
        {VT_KEY_UP, "KEY_UP"},       {VT_KEY_DOWN, "KEY_DOWN"},
        {VT_KEY_LEFT, "KEY_LEFT"},   {VT_KEY_RIGHT, "KEY_RIGHT"},
        {VT_KEY_HOME, "KEY_HOME"},   {VT_KEY_END, "KEY_END"},
        {VT_KEY_PAGEDOWN, "KEY_NPAGE"}, {VT_KEY_PAGEUP, "KEY_PPAGE"},
        {VT_KEY_DELETE, "KEY_DC"},   {VT_KEY_F1, "KEY_F(1)"},
        {VT_KEY_F5, "KEY_F(5)"},     {VT_KEY_ENTER, "^J"},
        {VT_KEY_TAB, "^I"},          {VT_KEY_ESC, "^["},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "key: %s", keys[i].name);
        vt_key(t, keys[i].key);
        E2E_CHECK(t, vt_wait_row(t, 2, want, vt_default_wait_ms()),
                  "waiting for %s", want);
        /* Something else in between so the same key twice is visible. */
        vt_send(t, "z");
        E2E_CHECK(t, vt_wait_row(t, 2, "key: z", vt_default_wait_ms()),
                  "after %s", keys[i].name);
    }
    vt_type(t, "j");
    E2E_CHECK(t, vt_wait_row(t, 2, "key: j", vt_default_wait_ms()), "typed");
    vt_free(t);
}

/* vt_resize reaches the program as SIGWINCH with the new size. */
static void case_resize(void)
{
    vt *t = start_fixture(NULL, 30, 100);
    E2E_WAIT_TEXT(t, "size 30x100");
    vt_resize(t, 20, 60);
    E2E_WAIT_TEXT(t, "size 20x60");
    int rows, cols;
    vt_size(t, &rows, &cols);
    E2E_CHECK(t, rows == 20 && cols == 60, "vt_size %dx%d", rows, cols);
    E2E_CHECK(t, vt_wait_row(t, -1, "ready", vt_default_wait_ms()),
              "last row after shrinking");
    vt_resize(t, 30, 100);
    E2E_WAIT_TEXT(t, "size 30x100");
    E2E_CHECK(t, vt_wait_row(t, 29, "ready", vt_default_wait_ms()),
              "last row after growing");
    vt_free(t);
}

/* tput reads the size with TIOCGWINSZ: set before exec. */
static void case_tput(void)
{
    const char *argv[] = {"sh", "-c", "echo \"cols=$(tput cols) "
                          "lines=$(tput lines)\"", NULL};
    vt *t = vt_start(argv, NULL, 30, 100);
    E2E_CHECK(NULL, t != NULL, "start");
    E2E_WAIT_TEXT(t, "cols=100 lines=30");
    E2E_CHECK(t, vt_wait_exit(t, vt_default_wait_ms()) == 0, "exit status");
    vt_free(t);
}

static void case_attrs(void)
{
    vt *t = start_fixture(NULL, 24, 80);
    E2E_CHECK(t, vt_row_has_reverse(t, 3), "row 3 reverse");
    E2E_CHECK(t, !vt_row_has_reverse(t, 0), "row 0 not reverse");
    vt_cell_t c;
    E2E_CHECK(t, vt_cell(t, 6, 0, &c) && c.fg == 1 && !c.reverse,
              "colour cell fg %d", c.fg);
    E2E_CHECK(t, vt_screen_has_colour(t), "colour in use");
    vt_free(t);

    const char *env[] = {"NO_COLOR=1", NULL};
    t = start_fixture(env, 24, 80);
    E2E_WAIT_TEXT(t, "NO_COLOR=1");
    E2E_CHECK(t, vt_row_has_reverse(t, 3), "row 3 reverse without colour");
    E2E_CHECK(t, !vt_screen_has_colour(t), "no colour with NO_COLOR");
    vt_free(t);
}

/* The child's environment is pinned; env_extra comes last. */
static void case_env(void)
{
    setenv("LINES", "5", 1);
    setenv("COLUMNS", "7", 1);
    setenv("NO_COLOR", "1", 1);
    setenv("LC_MESSAGES", "fr_FR.UTF-8", 1);
    setenv("TERM", "dumb", 1);
    const char *env[] = {"EXTRA=yes", "TZ=Asia/Tokyo", NULL};
    vt *t = start_sh("echo \"L=${LINES-unset} C=${COLUMNS-unset} "
                     "N=${NO_COLOR-unset} M=${LC_MESSAGES-unset}\"; "
                     "echo \"T=$TERM LA=$LANG LC=$LC_ALL TZ=$TZ X=$EXTRA\"; "
                     "echo \"H=$HOME\"; test -d \"$HOME\" && echo home-ok; "
                     /* stay until killed: Linux may drop a pty's last output
                      * when the child exits before it is read */
                     "exec cat >/dev/null",
                     env);
    E2E_WAIT_TEXT(t, "L=unset C=unset N=unset M=unset");
    E2E_WAIT_TEXT(t, "T=xterm-256color LA=C.UTF-8 LC=C.UTF-8 TZ=Asia/Tokyo "
                     "X=yes");
    char want[256];
    snprintf(want, sizeof want, "H=%s", vt_home(t));
    E2E_WAIT_TEXT(t, want);
    E2E_WAIT_TEXT(t, "home-ok");
    vt_send(t, "\x04"); /* end of input: cat, and so the shell, exits */
    E2E_CHECK(t, vt_wait_exit(t, vt_default_wait_ms()) == 0, "exit");
    vt_free(t);

    const char *nc[] = {"NO_COLOR=1", NULL};
    t = start_sh("echo \"N=${NO_COLOR-unset} TZ=$TZ\"", nc);
    E2E_WAIT_TEXT(t, "N=1 TZ=UTC");
    vt_free(t);
}

static void case_exit(void)
{
    vt *t = start_fixture(NULL, 24, 80);
    vt_send(t, "q");
    int rc = vt_wait_exit(t, vt_default_wait_ms());
    E2E_CHECK(t, rc == 0, "q exits %d", rc);
    /* endwin left the alternate screen: the normal one is back. */
    E2E_CHECK(t, !vt_has_text(t, "ready"), "alternate screen left");
    vt_free(t);

    t = start_fixture(NULL, 24, 80);
    vt_send(t, "x");
    rc = vt_wait_exit(t, vt_default_wait_ms());
    E2E_CHECK(t, rc == 7, "x exits %d", rc);
    vt_free(t);

    t = start_sh("exit 3", NULL);
    rc = vt_wait_exit(t, vt_default_wait_ms());
    E2E_CHECK(t, rc == 3, "sh exit %d", rc);
    vt_free(t);

    t = start_sh("kill -9 $$", NULL);
    rc = vt_wait_exit(t, vt_default_wait_ms());
    E2E_CHECK(t, rc == 128 + 9, "killed: %d", rc);
    vt_free(t);

    const char *argv[] = {"/nonexistent/program", NULL};
    t = vt_start(argv, NULL, 24, 80);
    E2E_CHECK(NULL, t != NULL, "start");
    rc = vt_wait_exit(t, vt_default_wait_ms());
    E2E_CHECK(t, rc == 127, "exec failure: %d", rc);
    E2E_CHECK(t, vt_has_text(t, "cannot exec"), "message shown");
    vt_free(t);

    /* A running program is killed and reaped by vt_free. */
    t = start_fixture(NULL, 24, 80);
    E2E_CHECK(t, vt_running(t), "running");
    E2E_CHECK(t, vt_wait_exit(t, 100) == -1, "still running");
    vt_free(t);
}

/* Waits wait for the text (no fixed sleep), give up at the deadline, and
 * give up early once the program has exited. */
static void case_deadlines(void)
{
    const char *argv[] = {fixture(), "--delay", "600", NULL};
    vt *t = vt_start(argv, NULL, 24, 80);
    E2E_CHECK(NULL, t != NULL, "start");
    E2E_WAIT_TEXT(t, "fixture");
    long long t0 = e2e_now_ms();
    E2E_WAIT_TEXT(t, "ready");
    long long waited = e2e_now_ms() - t0;
    E2E_CHECK(t, waited >= 300, "ready came after %lld ms", waited);

    t0 = e2e_now_ms();
    E2E_CHECK(t, !vt_wait_text(t, "never shown", 300), "absent text");
    waited = e2e_now_ms() - t0;
    E2E_CHECK(t, waited >= 290 && waited < 2000, "deadline kept: %lld ms",
              waited);

    vt_send(t, "h");
    E2E_WAIT_GONE(t, "日本語");
    vt_send(t, "h");
    E2E_WAIT_TEXT(t, "日本語");
    t0 = e2e_now_ms();
    E2E_CHECK(t, !vt_wait_gone(t, "日本語", 300), "present text");
    waited = e2e_now_ms() - t0;
    E2E_CHECK(t, waited >= 290 && waited < 2000, "deadline kept: %lld ms",
              waited);
    vt_free(t);

    t = start_sh("echo hi", NULL);
    E2E_WAIT_TEXT(t, "hi");
    t0 = e2e_now_ms();
    E2E_CHECK(t, !vt_wait_text(t, "bye", 5000), "exited program");
    waited = e2e_now_ms() - t0;
    E2E_CHECK(t, waited < 2000, "gave up after %lld ms", waited);
    vt_free(t);
}

static void case_dump(void)
{
    vt *t = start_fixture(NULL, 10, 40);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    vt_dump(t, f);
    fclose(f);
    E2E_CHECK(t, strstr(buf, "|fixture 日本語テスト") != NULL, "row in dump");
    E2E_CHECK(t, strstr(buf, "+----------------------------------------+"),
              "border");
    E2E_CHECK(t, strstr(buf, "(reverse)") != NULL, "reverse marked");
    E2E_CHECK(t, strstr(buf, "\\e[") != NULL, "raw bytes escaped");
    E2E_CHECK(t, strstr(buf, "running") != NULL, "process state");
    free(buf);
    vt_free(t);
}

/* Two programs at once, each with its own screen. */
static void case_two(void)
{
    vt *a = start_fixture(NULL, 24, 80);
    vt *b = start_fixture(NULL, 30, 100);
    vt_send(a, "a");
    E2E_CHECK(a, vt_wait_row(a, 2, "key: a", vt_default_wait_ms()), "a");
    E2E_CHECK(b, vt_wait_row(b, 2, "key: none", 100), "b untouched");
    E2E_WAIT_TEXT(b, "size 30x100");
    vt_free(a);
    vt_send(b, "q");
    E2E_CHECK(b, vt_wait_exit(b, vt_default_wait_ms()) == 0, "b exits");
    vt_free(b);
}

/* A failing check must exit non-zero after dumping (meson: should_fail). */
static void case_fail_dumps(void)
{
    vt *t = start_fixture(NULL, 10, 40);
    const char *dir = e2e_tmpdir();
    E2E_CHECK(t, dir != NULL, "tmpdir");
    E2E_CHECK(t, vt_wait_text(t, "this text never appears", 200),
              "intentional failure: the screen dump follows");
}

static const e2e_case cases[] = {
    {"wide", case_wide},
    {"keys", case_keys},
    {"resize", case_resize},
    {"tput", case_tput},
    {"attrs", case_attrs},
    {"env", case_env},
    {"exit", case_exit},
    {"deadlines", case_deadlines},
    {"dump", case_dump},
    {"two", case_two},
    {NULL, NULL},
};

static const e2e_case fail_cases[] = {
    {"fail-dumps", case_fail_dumps},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "fail-dumps") == 0)
        return e2e_main(argc, argv, fail_cases);
    return e2e_main(argc, argv, cases);
}
