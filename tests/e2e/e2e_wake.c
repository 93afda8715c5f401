/* e2e_wake.c — a terminal sleeps until something happens (issue 13).
 *
 * A group's terminal shows a row another process imported, with inotify
 * (the default) and without it (MAMORI_NO_INOTIFY=1: the poll of old), also
 * a second and a third time. An idle terminal wakes rarely: on the agenda
 * (nothing on it moves but the minute) and on a table (a draft kept each
 * second) the process blocks and is woken at most a few times in a 3-second
 * window, measured from its /proc/PID/status (voluntary context switches:
 * every sleep in ppoll is one) and its CPU time from /proc/PID/stat. The
 * 200 ms poll woke 15 times in that window. While it sleeps a resize and
 * keys with escape sequences (arrows, Esc) still arrive at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_util.h"
#include "vt.h"

#define ROWS 24
#define COLS 80

static const char *new_workshop(void)
{
    static char path[600];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(path, sizeof path, "%s/workshop.db", dir);
    const char *args[] = {"init", "--db", path, "--groups", "2", NULL};
    run_result r = run_mamori(args);
    E2E_CHECK(NULL, r.status == 0, "mamori init: exit %d\n%s", r.status, r.err);
    run_free(&r);
    return path;
}

/* mamori --db DB --group 1 [--open ACT] --lang ja, with ENV on top. */
static vt *start_group1(const char *db, const char *activity, const char *const env[])
{
    const char *argv[12];
    int n = 0;
    argv[n++] = mamori_bin();
    argv[n++] = "--db";
    argv[n++] = db;
    argv[n++] = "--group";
    argv[n++] = "1";
    if (activity) {
        argv[n++] = "--open";
        argv[n++] = activity;
    }
    argv[n++] = "--lang";
    argv[n++] = "ja";
    argv[n] = NULL;
    vt *t = vt_start(argv, env, ROWS, COLS);
    E2E_CHECK(NULL, t != NULL, "starting %s", argv[0]);
    return t;
}

/* `mamori import --group 1 --activity it-inventory` of one row NAME: another
 * process writing the database. */
static void import_row(vt *t, const char *db, const char *name)
{
    char csv[700];
    snprintf(csv, sizeof csv, "%s.csv", db);
    FILE *f = fopen(csv, "w");
    E2E_CHECK(t, f != NULL, "writing %s", csv);
    fprintf(f, "name,company,users\n%s,会社A,総務\n", name);
    fclose(f);
    const char *args[] = {"import", "--db", db, "--group", "1", "--activity",
                          "it-inventory", csv, NULL};
    run_result r = run_mamori(args);
    E2E_CHECK(t, r.status == 0, "mamori import: exit %d\n%s", r.status, r.err);
    run_free(&r);
}

static void another_process_edit(const char *const env[])
{
    const char *db = new_workshop();
    vt *t = start_group1(db, "it-inventory", env);
    E2E_WAIT_TEXT(t, "グループ 1 の表");
    E2E_WAIT_TEXT(t, "まだ行がありません");
    import_row(t, db, "金庫室の端末");
    E2E_WAIT_TEXT(t, "金庫室の端末");
    E2E_WAIT_TEXT(t, "1行");
    import_row(t, db, "受付のタブレット");
    E2E_WAIT_TEXT(t, "受付のタブレット");
    E2E_WAIT_TEXT(t, "2行");
    import_row(t, db, "倉庫のルータ");
    E2E_WAIT_TEXT(t, "倉庫のルータ");
    E2E_WAIT_TEXT(t, "3行");
    vt_free(t);
}

/* Another process's import appears on a terminal that is sent no key. */
static void case_inotify(void)
{
    another_process_edit(NULL);
}

/* The same without inotify: the poll still finds it. */
static void case_fallback(void)
{
    static const char *const env[] = {"MAMORI_NO_INOTIFY=1", NULL};
    another_process_edit(env);
}

/* The process's voluntary context switches (each sleep is one) and its
 * user + system CPU time in clock ticks. */
static void proc_counts(vt *t, long *switches, long *ticks)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", vt_pid(t));
    FILE *f = fopen(path, "r");
    E2E_CHECK(t, f != NULL, "reading %s", path);
    *switches = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "voluntary_ctxt_switches: %ld", switches) == 1)
            break;
    fclose(f);
    E2E_CHECK(t, *switches >= 0, "no voluntary_ctxt_switches in %s", path);
    snprintf(path, sizeof path, "/proc/%d/stat", vt_pid(t));
    f = fopen(path, "r");
    E2E_CHECK(t, f != NULL, "reading %s", path);
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* fields after the command's closing parenthesis: 3 state ... 14 utime 15 stime */
    const char *p = strrchr(buf, ')');
    unsigned long ut = 0, stime = 0;
    E2E_CHECK(t, p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                             &ut, &stime) == 2, "parsing %s", path);
    *ticks = (long)(ut + stime);
}

/* Lets the terminal alone for MS (reading whatever it writes) and returns
 * how often it woke and the CPU it used, in ms. */
static void idle_window(vt *t, int ms, long *wakes, long *cpu_ms)
{
    long s0, c0, s1, c1;
    proc_counts(t, &s0, &c0);
    long long end = e2e_now_ms() + ms;
    for (long long now = e2e_now_ms(); now < end; now = e2e_now_ms())
        vt_pump(t, (int)(end - now));
    proc_counts(t, &s1, &c1);
    *wakes = s1 - s0;
    *cpu_ms = (c1 - c0) * 1000 / sysconf(_SC_CLK_TCK);
}

#define WINDOW_MS 3000
/* generous: CPU time is counted in 10 ms ticks on a shared machine */
#define CPU_MS_MAX 150

/* On the agenda nothing moves but the clock's minute: the terminal sleeps.
 * A resize and arrow keys still arrive at once. */
static void case_idle_agenda(void)
{
    const char *db = new_workshop();
    vt *t = start_group1(db, NULL, NULL);
    E2E_WAIT_TEXT(t, "アジェンダ");
    E2E_WAIT_TEXT(t, "第1回");
    long wakes, cpu;
    idle_window(t, WINDOW_MS, &wakes, &cpu);
    fprintf(stderr, "agenda idle %d ms: %ld wakes, %ld ms CPU\n", WINDOW_MS, wakes, cpu);
    /* at most the minute's turn, and slack for the harness */
    E2E_CHECK(t, wakes <= 4, "the idle agenda woke %ld times in %d ms", wakes, WINDOW_MS);
    E2E_CHECK(t, cpu <= CPU_MS_MAX, "the idle agenda used %ld ms CPU in %d ms", cpu,
              WINDOW_MS);

    /* asleep until the next minute, yet the resize is drawn now */
    vt_resize(t, 30, 100);
    E2E_CHECK(t, vt_wait_row(t, -1, "グループ 1", vt_default_wait_ms()),
              "the status line on the new last row after a resize");
    /* keys with escape sequences, and Esc alone */
    vt_key(t, VT_KEY_DOWN);
    vt_key(t, VT_KEY_UP);
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_TEXT(t, "アクティビティ");
    vt_key(t, VT_KEY_ESC);
    E2E_WAIT_GONE(t, "アクティビティ");
    E2E_WAIT_TEXT(t, "アジェンダ");
    vt_free(t);
}

/* On a table (a view that keeps drafts every second) the terminal wakes
 * about once a second, and a key still answers at once. */
static void case_idle_table(void)
{
    const char *db = new_workshop();
    vt *t = start_group1(db, "it-inventory", NULL);
    E2E_WAIT_TEXT(t, "グループ 1 の表");
    E2E_WAIT_TEXT(t, "まだ行がありません");
    long wakes, cpu;
    idle_window(t, WINDOW_MS, &wakes, &cpu);
    fprintf(stderr, "table idle %d ms: %ld wakes, %ld ms CPU\n", WINDOW_MS, wakes, cpu);
    E2E_CHECK(t, wakes <= 7, "the idle table woke %ld times in %d ms", wakes, WINDOW_MS);
    E2E_CHECK(t, cpu <= CPU_MS_MAX, "the idle table used %ld ms CPU in %d ms", cpu,
              WINDOW_MS);
    vt_send(t, "a");
    E2E_WAIT_TEXT(t, "Enter 確定");
    vt_free(t);
}

int main(int argc, char **argv)
{
    static const e2e_case cases[] = {
        {"inotify", case_inotify},
        {"fallback", case_fallback},
        {"idle-agenda", case_idle_agenda},
        {"idle-table", case_idle_table},
        {NULL, NULL},
    };
    return e2e_main(argc, argv, cases);
}
