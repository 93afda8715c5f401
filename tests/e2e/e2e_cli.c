/*
 * End-to-end cases for the command line: the real mamori binary
 * (MAMORI_BIN) run with arguments, its stdout, stderr, exit status and the
 * files and database it leaves behind; one case through a pseudo-terminal
 * (what export shows on a terminal).
 *
 *   e2e_cli CASE     run one case (meson registers each as e2e-cli-CASE)
 *   e2e_cli          run them all
 *
 * Each case works in its own temporary directory on a workshop made by
 * `mamori init --groups 2` and the roster below. The database is compared
 * before and after with a fingerprint: every row of every table.
 */
#include "vt.h"
#include "e2e_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#define ROSTER "グループ,会社,氏名\n" \
               "1,さくら精密工業,佐藤 健一\n" \
               "1,みなと印刷,鈴木 美咲\n" \
               "2,あおば会計事務所,高橋 大輔\n"

#define OSC_TITLE "\x1b]0;pwned\x07"
#define OSC_CLIP "\x1b]52;c;cm0gLXJmIH4=\x07"

/* ---- files and runs ------------------------------------------------------- */

static char *path_in(const char *dir, const char *name)
{
    static char paths[16][700];
    static int next;
    char *p = paths[next++ % 16];
    snprintf(p, sizeof paths[0], "%s/%s", dir, name);
    return p;
}

static void write_text(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    E2E_CHECK(NULL, f != NULL, "writing %s: %s", path, strerror(errno));
    fwrite(text, 1, n, f);
    fclose(f);
}

/* The whole file, or NULL when it does not exist. */
static char *read_text(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = NULL;
    size_t len = 0;
    char b[8192];
    size_t got;
    s = calloc(1, 1);
    while ((got = fread(b, 1, sizeof b, f)) > 0)
        e2e_append(&s, &len, b, got);
    fclose(f);
    if (n)
        *n = len;
    return s;
}

/* mamori ARGS with extra environment ENV ("NAME=value", NULL-terminated,
 * may be NULL) and, when FSIZE > 0, a file-size limit of FSIZE bytes (with
 * SIGXFSZ ignored, so a write past it fails instead of killing). */
static run_result run_env(const char *const env[], long fsize, const char *const args[])
{
    const char *argv[32];
    int n = 0;
    argv[n++] = mamori_bin();
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    static const char *dir;
    if (!dir)
        dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "temporary directory");
    char out[700], err[700];
    snprintf(out, sizeof out, "%s/stdout", dir);
    snprintf(err, sizeof err, "%s/stderr", dir);
    fflush(NULL);
    pid_t pid = fork();
    E2E_CHECK(NULL, pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(in, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        setenv("LANG", "C.UTF-8", 1);
        setenv("LC_ALL", "C.UTF-8", 1);
        unsetenv("MAMORI_LANG");
        for (int i = 0; env && env[i]; i++)
            putenv((char *)env[i]);
        if (fsize > 0) {
            signal(SIGXFSZ, SIG_IGN);
            struct rlimit rl = {(rlim_t)fsize, (rlim_t)fsize};
            setrlimit(RLIMIT_FSIZE, &rl);
        }
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    run_result r = {-1, NULL, NULL};
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r.out = read_text(out, NULL);
    r.err = read_text(err, NULL);
    if (!r.out)
        r.out = calloc(1, 1);
    if (!r.err)
        r.err = calloc(1, 1);
    return r;
}

static run_result run(const char *const args[])
{
    return run_env(NULL, 0, args);
}

#define RUN_OK(r, what)                                                      \
    E2E_CHECK(NULL, (r).status == 0, "%s: exit %d\nstdout: %s\nstderr: %s", \
              what, (r).status, (r).out, (r).err)

/* A workshop (2 groups, the roster above) in a fresh directory; *DIR gets
 * the directory. */
static const char *new_workshop(const char **dir)
{
    *dir = e2e_tmpdir();
    E2E_CHECK(NULL, *dir != NULL, "temporary directory");
    const char *db = path_in(*dir, "ws.db");
    const char *init[] = {"init", "--db", db, "--groups", "2", NULL};
    run_result r = run(init);
    RUN_OK(r, "mamori init");
    run_free(&r);
    const char *roster = path_in(*dir, "roster.csv");
    write_text(roster, ROSTER, strlen(ROSTER));
    const char *imp[] = {"import", "--db", db, "--roster", roster, NULL};
    r = run(imp);
    RUN_OK(r, "mamori import --roster");
    run_free(&r);
    return db;
}

/* Group 1's asset ledger gets the rows of CSV (header 業務分類,情報資産名称). */
static void import_ledger(const char *dir, const char *db, const char *csv)
{
    const char *file = path_in(dir, "rows.csv");
    write_text(file, csv, strlen(csv));
    const char *args[] = {"import", "--db", db, "--group", "1", "--activity",
                          "asset-ledger", file, NULL};
    run_result r = run(args);
    RUN_OK(r, "mamori import asset-ledger");
    run_free(&r);
}

/* Runs trusted test SQL on DB. */
static void sql(const char *db, const char *text)
{
    sqlite3 *h;
    E2E_CHECK(NULL, sqlite3_open(db, &h) == SQLITE_OK, "open %s", db);
    char *msg = NULL;
    int rc = sqlite3_exec(h, text, NULL, NULL, &msg);
    E2E_CHECK(NULL, rc == SQLITE_OK, "%s: %s", text, msg ? msg : "?");
    sqlite3_close(h);
}

/* Every row of every table of DB, as text (malloc'd). */
static char *fingerprint(const char *db)
{
    sqlite3 *h;
    E2E_CHECK(NULL, sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK,
              "open %s", db);
    char *fp = calloc(1, 1);
    size_t len = 0;
    sqlite3_stmt *tables;
    sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'table' "
                       "ORDER BY name", -1, &tables, NULL);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        char q[300];
        snprintf(q, sizeof q, "SELECT * FROM \"%s\"", name);
        e2e_append(&fp, &len, name, strlen(name));
        e2e_append(&fp, &len, ":\n", 2);
        sqlite3_stmt *rows;
        E2E_CHECK(NULL, sqlite3_prepare_v2(h, q, -1, &rows, NULL) == SQLITE_OK,
                  "%s", q);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(rows); c++) {
                const char *v = (const char *)sqlite3_column_text(rows, c);
                if (v)
                    e2e_append(&fp, &len, v, strlen(v));
                e2e_append(&fp, &len, "|", 1);
            }
            e2e_append(&fp, &len, "\n", 1);
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tables);
    sqlite3_close(h);
    return fp;
}

static long long count(const char *db, const char *q)
{
    sqlite3 *h;
    sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *s;
    long long n = -1;
    if (sqlite3_prepare_v2(h, q, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return n;
}

static bool is_sqlite(const char *path)
{
    size_t n = 0;
    char *s = read_text(path, &n);
    bool yes = s && n >= 16 && memcmp(s, "SQLite format 3", 16) == 0;
    free(s);
    return yes;
}

/* Names in DIR other than "." and "..", joined by spaces. */
static char *dir_names(const char *dir)
{
    char *s = calloc(1, 1);
    size_t len = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        e2e_append(&s, &len, e->d_name, strlen(e->d_name));
        e2e_append(&s, &len, " ", 1);
    }
    if (d)
        closedir(d);
    return s;
}

/* ---- defect 2: --out never writes over what it must not ------------------ */

/* export --out naming the workshop database itself (by its name, through a
 * symbolic link, through a hard link): refused, the database unchanged. */
static void case_out_over_db(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    import_ledger(dir, db, "業務分類,情報資産名称\n人事,社員名簿\n");
    char *before = fingerprint(db);
    const char *sym = path_in(dir, "link.md");
    const char *hard = path_in(dir, "hard.md");
    E2E_CHECK(NULL, symlink("ws.db", sym) == 0, "symlink");
    E2E_CHECK(NULL, link(db, hard) == 0, "link");
    const char *names[] = {db, sym, hard};
    for (int k = 0; k < 3; k++) {
        for (int force = 0; force < 2; force++) {
            const char *args[] = {"export", "--db", db, "--group", "1", "--out", names[k],
                                  "--lang", "en", force ? "--force" : NULL, NULL};
            run_result r = run(args);
            E2E_CHECK(NULL, r.status == 1, "export --out %s%s: exit %d (want 1)\n%s",
                      names[k], force ? " --force" : "", r.status, r.err);
            E2E_CHECK(NULL, strstr(r.err, "database") != NULL,
                      "the message names the database: %s", r.err);
            run_free(&r);
            E2E_CHECK(NULL, is_sqlite(db), "%s is still an SQLite file", db);
        }
    }
    char *after = fingerprint(db);
    E2E_CHECK(NULL, strcmp(before, after) == 0, "the database changed");
    free(before);
    free(after);
}

/* Over an existing file: refused without --force (the file as it was),
 * replaced with it. */
static void case_out_exists(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    import_ledger(dir, db, "業務分類,情報資産名称\n人事,社員名簿\n");
    const char *out = path_in(dir, "report.md");
    write_text(out, "keep me\n", 8);
    const char *args[] = {"export", "--db", db, "--group", "1", "--out", out, "--lang", "en",
                          NULL};
    run_result r = run(args);
    E2E_CHECK(NULL, r.status == 1, "exit %d (want 1): %s", r.status, r.err);
    E2E_CHECK(NULL, strstr(r.err, "--force") != NULL, "the message tells --force: %s", r.err);
    run_free(&r);
    char *s = read_text(out, NULL);
    E2E_CHECK(NULL, s && strcmp(s, "keep me\n") == 0, "the file was changed: %s", s);
    free(s);
    const char *forced[] = {"export", "--db", db, "--group", "1", "--out", out, "--force",
                            NULL};
    r = run(forced);
    RUN_OK(r, "export --force");
    run_free(&r);
    s = read_text(out, NULL);
    E2E_CHECK(NULL, s && strncmp(s, "# ", 2) == 0 && strstr(s, "社員名簿"),
              "replaced by the report: %s", s);
    free(s);
}

/* Over another SQLite file: refused even with --force. */
static void case_out_sqlite(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    const char *other = path_in(dir, "other.db");
    const char *init[] = {"init", "--db", other, NULL};
    run_result r = run(init);
    RUN_OK(r, "init other");
    run_free(&r);
    char *before = fingerprint(other);
    const char *args[] = {"export", "--db", db, "--group", "1", "--out", other, "--force",
                          "--lang", "en", NULL};
    r = run(args);
    E2E_CHECK(NULL, r.status == 1, "exit %d (want 1): %s", r.status, r.err);
    E2E_CHECK(NULL, strstr(r.err, "SQLite") != NULL, "the message says SQLite: %s", r.err);
    E2E_CHECK(NULL, strchr(r.err, '\n') == r.err + strlen(r.err) - 1, "one line: %s", r.err);
    run_free(&r);
    char *after = fingerprint(other);
    E2E_CHECK(NULL, is_sqlite(other) && strcmp(before, after) == 0, "other.db changed");
    free(before);
    free(after);
}

/* A write that fails half way (the file-size limit) leaves neither a partial
 * file nor a temporary one; a file being replaced stays as it was. */
static void case_out_atomic(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    char *csv = calloc(1, 1);
    size_t len = 0;
    const char *head = "業務分類,情報資産名称,備考\n";
    e2e_append(&csv, &len, head, strlen(head));
    for (int k = 0; k < 1500; k++) {
        char line[200];
        int n = snprintf(line, sizeof line, "人事,社員名簿 %d,長い備考の文章が続きます %d\n", k, k);
        e2e_append(&csv, &len, line, (size_t)n);
    }
    import_ledger(dir, db, csv);
    free(csv);
    char *names = dir_names(dir);
    const char *out = path_in(dir, "big.md");
    const char *args[] = {"export", "--db", db, "--group", "1", "--out", out, NULL};
    run_result r = run_env(NULL, 60000, args);
    E2E_CHECK(NULL, r.status == 1 && strstr(r.err, "big.md") && strstr(r.err, "large"),
              "exit %d (want 1, writing big.md failed): %s", r.status, r.err);
    run_free(&r);
    E2E_CHECK(NULL, access(out, F_OK) != 0, "a partial %s was left", out);
    char *now = dir_names(dir);
    E2E_CHECK(NULL, strcmp(names, now) == 0, "files left behind: before \"%s\", after \"%s\"",
              names, now);
    free(now);
    /* replacing: the old file stays whole */
    write_text(out, "old\n", 4);
    const char *forced[] = {"export", "--db", db, "--group", "1", "--out", out, "--force",
                            NULL};
    r = run_env(NULL, 60000, forced);
    E2E_CHECK(NULL, r.status == 1, "exit %d (want 1): %s", r.status, r.err);
    run_free(&r);
    char *s = read_text(out, NULL);
    E2E_CHECK(NULL, s && strcmp(s, "old\n") == 0, "the old file was damaged: %.40s", s);
    free(s);
    /* without the limit it is written whole */
    r = run(forced);
    RUN_OK(r, "export --force");
    run_free(&r);
    size_t n = 0;
    s = read_text(out, &n);
    E2E_CHECK(NULL, n > 60000 && strstr(s, "社員名簿 1499"), "written whole: %zu bytes", n);
    free(s);
    free(names);
}

/* ---- defect 5: reading never writes ---------------------------------------- */

/* Exporting sheets nobody opened (a table with seed rows, a checklist, a
 * document, the whole report, a company's report) leaves the database
 * exactly as it was; the never-opened table exports as empty. */
static void case_export_readonly(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    char *before = fingerprint(db);
    long long sheets = count(db, "SELECT count(*) FROM sheet");
    const char *const runs[][16] = {
        {"export", "--db", db, "--group", "1", "--activity", "threats-top10", NULL},
        {"export", "--db", db, "--group", "1", "--activity", "threats-top10", "--format", "md",
         NULL},
        {"export", "--db", db, "--group", "1", "--activity", "isms-procedure", NULL},
        {"export", "--db", db, "--company", "さくら精密工業", "--activity", "self-check", NULL},
        {"export", "--db", db, "--group", "1", "--activity", "ws01-problems", NULL},
        {"export", "--db", db, "--group", "2", NULL},
        {"export", "--db", db, "--company", "みなと印刷", "--format", "html", NULL},
        {"export", "--db", db, "--format", "json", "--lang", "en", NULL},
    };
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        run_result r = run(runs[k]);
        RUN_OK(r, runs[k][6]);
        if (k == 0) {
            csv_t c = csv_parse(r.out);
            E2E_CHECK(NULL, csv_rows(&c) == 0, "a never-opened table exports empty: %s",
                      r.out);
            csv_free(&c);
        }
        run_free(&r);
    }
    char *after = fingerprint(db);
    E2E_CHECK(NULL, strcmp(before, after) == 0,
              "export wrote to the database: %lld sheets before, %lld after, %lld changes",
              sheets, count(db, "SELECT count(*) FROM sheet"),
              count(db, "SELECT count(*) FROM change"));
    free(before);
    free(after);
}

/* ---- defect 7: control sequences never reach the terminal ---------------- */

/* A group's ledger holding an OSC 0 (title) and OSC 52 (clipboard) in cells. */
static const char *hostile_workshop(const char **dir)
{
    const char *db = new_workshop(dir);
    import_ledger(*dir, db, "業務分類,情報資産名称,備考\n人事,名簿,x\n総務,契約書,y\n");
    sql(db, "UPDATE cell SET value = char(27) || ']0;pwned' || char(7) WHERE col = 'name' "
            "AND value = '名簿';"
            "UPDATE cell SET value = char(27) || ']52;c;cm0gLXJmIH4=' || char(7) "
            "WHERE col = 'note' AND value = 'y';");
    return db;
}

/* export to a terminal: no ESC reaches it, the text is shown escaped. */
static void case_export_tty(void)
{
    const char *dir;
    const char *db = hostile_workshop(&dir);
    const char *formats[] = {"csv", "md"};
    for (int k = 0; k < 2; k++) {
        const char *argv[] = {mamori_bin(), "export", "--db", db, "--group", "1",
                              "--activity", "asset-ledger", "--format", formats[k], NULL};
        vt *t = vt_start(argv, NULL, 30, 120);
        E2E_CHECK(NULL, t != NULL, "vt_start");
        int st = vt_wait_exit(t, vt_default_wait_ms());
        E2E_CHECK(t, st == 0, "export --format %s: exit %d", formats[k], st);
        E2E_CHECK(t, !vt_output_has(t, "\x1b]"), "an OSC reached the terminal (%s)",
                  formats[k]);
        E2E_CHECK(t, !vt_output_has(t, "\x1b"), "an ESC reached the terminal (%s)",
                  formats[k]);
        E2E_CHECK(t, vt_has_text(t, "pwned"), "the cell is shown, escaped (%s)", formats[k]);
        E2E_CHECK(t, vt_has_text(t, "契約書"), "the other rows are shown (%s)", formats[k]);
        vt_free(t);
    }
}

/* export to a pipe and to a file: the bytes stay exact. */
static void case_export_pipe(void)
{
    const char *dir;
    const char *db = hostile_workshop(&dir);
    const char *args[] = {"export", "--db", db, "--group", "1", "--activity", "asset-ledger",
                          "--format", "csv", NULL};
    run_result r = run(args);
    RUN_OK(r, "export to a pipe");
    E2E_CHECK(NULL, strstr(r.out, OSC_TITLE) && strstr(r.out, OSC_CLIP),
              "the bytes are exact in a pipe: %s", r.out);
    run_free(&r);
    const char *out = path_in(dir, "x.csv");
    const char *to_file[] = {"export", "--db", db, "--group", "1", "--activity",
                             "asset-ledger", "--out", out, NULL};
    r = run(to_file);
    RUN_OK(r, "export to a file");
    run_free(&r);
    char *s = read_text(out, NULL);
    E2E_CHECK(NULL, s && strstr(s, OSC_TITLE) && strstr(s, OSC_CLIP), "exact in a file: %s",
              s);
    free(s);
}

/* An import error quoting a CSV header with an OSC: no ESC on stderr. */
static void case_error_escaped(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    const char *file = path_in(dir, "evil.csv");
    const char *csv = "業務分類," OSC_TITLE "\n人事,x\n";
    write_text(file, csv, strlen(csv));
    const char *args[] = {"import", "--db", db, "--group", "1", "--activity", "asset-ledger",
                          file, "--lang", "en", NULL};
    run_result r = run(args);
    E2E_CHECK(NULL, r.status == 1, "exit %d (want 1): %s", r.status, r.err);
    E2E_CHECK(NULL, !strchr(r.err, '\x1b') && !strchr(r.err, '\x07'),
              "a control character on stderr: %s", r.err);
    run_free(&r);
    /* a file name with ESC in it, in a message (a rejected import leaving
     * the database as it was is the import's own test) */
    char *before = fingerprint(db);
    const char *evil_name = path_in(dir, "\x1b]0;pwned\x07.csv");
    const char *missing[] = {"import", "--db", db, "--group", "1", "--activity",
                             "asset-ledger", evil_name, NULL};
    r = run(missing);
    E2E_CHECK(NULL, r.status == 1, "exit %d (want 1): %s", r.status, r.err);
    E2E_CHECK(NULL, !strchr(r.err, '\x1b'), "ESC on stderr: %s", r.err);
    run_free(&r);
    char *after = fingerprint(db);
    E2E_CHECK(NULL, strcmp(before, after) == 0, "the database changed");
    free(before);
    free(after);
}

/* ---- the command line as users of C tools expect -------------------------- */

/* Options before the command: mamori --lang en export ... */
static void case_options_first(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    import_ledger(dir, db, "業務分類,情報資産名称\n人事,社員名簿\n");
    const char *args[] = {"--lang", "en", "--db", db, "export", "--group", "1", NULL};
    run_result r = run(args);
    RUN_OK(r, "mamori --lang en --db DB export --group 1");
    E2E_CHECK(NULL, strncmp(r.out, "# ", 2) == 0 && strstr(r.out, "Session 5"),
              "the report in English: %s", r.out);
    run_free(&r);
}

/* The whole command line is read, and --lang applied, before anything is
 * printed: a usage error and "imported N rows" follow --lang ja even when
 * MAMORI_LANG says en and --lang comes last (or first). */
static void case_lang_ja(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    const char *env[] = {"MAMORI_LANG=en", NULL};
    const char *bad[] = {"export", "--db", db, "--bogus", "--lang", "ja", NULL};
    run_result r = run_env(env, 0, bad);
    E2E_CHECK(NULL, r.status == 2, "exit %d (want 2): %s", r.status, r.err);
    E2E_CHECK(NULL, strstr(r.err, "--bogus") && strstr(r.err, "オプション")
              && !strstr(r.err, "unknown") && !strstr(r.err, "see"),
              "a Japanese usage error: %s", r.err);
    run_free(&r);
    const char *missing[] = {"export", "--db", db, "--group", "--lang", "ja", NULL};
    r = run_env(env, 0, missing);
    E2E_CHECK(NULL, r.status == 2 && !strstr(r.err, "needs"), "Japanese: %s", r.err);
    run_free(&r);
    const char *file = path_in(dir, "in.csv");
    const char *rows = "業務分類,情報資産名称\n人事,社員名簿\n総務,契約書\n";
    write_text(file, rows, strlen(rows));
    const char *imp[] = {"--lang", "ja", "import", "--db", db, "--group", "1", "--activity",
                         "asset-ledger", file, NULL};
    r = run_env(env, 0, imp);
    RUN_OK(r, "mamori --lang ja import");
    E2E_CHECK(NULL, strstr(r.out, "2 行を asset-ledger に取り込みました") != NULL,
              "Japanese: %s", r.out);
    run_free(&r);
}

/* Columns TEXT's longest line takes (a character of three or four UTF-8
 * bytes counted as two: kana, kanji and full-width forms). */
static int widest_line(const char *text)
{
    int widest = 0, w = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\n') {
            w = 0;
            continue;
        }
        if ((*p & 0xC0) == 0x80)
            continue;
        w += *p >= 0xE0 ? 2 : 1;
        if (w > widest)
            widest = w;
    }
    return widest;
}

/* mamori export --help and mamori help export: that command's usage only. */
static void case_command_help(void)
{
    const char *a1[] = {"export", "--help", "--lang", "en", NULL};
    const char *a2[] = {"help", "export", "--lang", "en", NULL};
    const char *a3[] = {"export", "--db", "x.db", "-h", NULL};
    const char *const *runs[] = {a1, a2, a3};
    for (int k = 0; k < 3; k++) {
        run_result r = run(runs[k]);
        RUN_OK(r, "export --help");
        E2E_CHECK(NULL, strstr(r.out, "mamori export") && strstr(r.out, "--out")
                  && strstr(r.out, "--force") && !strstr(r.out, "mamori init"),
                  "export's usage only: %s", r.out);
        E2E_CHECK(NULL, r.err[0] == '\0', "nothing on stderr: %s", r.err);
        run_free(&r);
    }
    const char *ja[] = {"import", "--help", NULL};
    run_result r = run(ja);
    RUN_OK(r, "import --help");
    E2E_CHECK(NULL, strstr(r.out, "mamori import") && strstr(r.out, "--plain-csv")
              && strstr(r.out, "取り込"), "import's usage, in Japanese: %s", r.out);
    run_free(&r);
    const char *all[] = {"--help", NULL};
    r = run(all);
    RUN_OK(r, "--help");
    E2E_CHECK(NULL, strstr(r.out, "mamori init") && strstr(r.out, "mamori export")
              && strstr(r.out, "mamori drill") && strstr(r.out, "終了コード"),
              "every command: %s", r.out);
    run_free(&r);
    /* every usage fits an 80-column terminal, in both languages */
    const char *cmds[] = {"init", "validate", "export", "import", "drill", "list", "preview",
                          "help", NULL};
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++)
        for (int en = 0; en < 2; en++) {
            /* each command's help, and (no command) the whole help */
            const char *args[] = {"--help", "--lang", en ? "en" : "ja", cmds[k], NULL};
            run_result h = run(args);
            RUN_OK(h, cmds[k] ? cmds[k] : "--help");
            E2E_CHECK(NULL, widest_line(h.out) <= 80, "mamori %s --help (%s) is wider "
                      "than 80 columns:\n%s", cmds[k] ? cmds[k] : "", en ? "en" : "ja", h.out);
            run_free(&h);
        }
    const char *ver[] = {"--version", NULL};
    r = run(ver);
    RUN_OK(r, "--version");
    E2E_CHECK(NULL, strncmp(r.out, "mamori ", 7) == 0, "version: %s", r.out);
    run_free(&r);
}

/* --present is the projector: it has no group. */
static void case_present_group(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    const char *args[] = {"--db", db, "--present", "--group", "1", "--lang", "en", NULL};
    run_result r = run(args);
    E2E_CHECK(NULL, r.status == 2, "exit %d (want 2): %s", r.status, r.err);
    E2E_CHECK(NULL, strstr(r.err, "--present") && strstr(r.err, "--group"),
              "names both: %s", r.err);
    run_free(&r);
}

/* --out x.md writes Markdown (and .html HTML, .csv CSV) without --format. */
static void case_out_format(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    import_ledger(dir, db, "業務分類,情報資産名称\n人事,社員名簿\n");
    struct {
        const char *name, *starts;
    } want[] = {{"x.md", "# "}, {"x.html", "<!DOCTYPE html>"}, {"x.csv", "業務分類,"}};
    for (int k = 0; k < 3; k++) {
        const char *out = path_in(dir, want[k].name);
        const char *args[] = {"export", "--db", db, "--group", "1", "--activity",
                              "asset-ledger", "--out", out, NULL};
        run_result r = run(args);
        RUN_OK(r, want[k].name);
        run_free(&r);
        char *s = read_text(out, NULL);
        E2E_CHECK(NULL, s && strncmp(s, want[k].starts, strlen(want[k].starts)) == 0,
                  "%s starts with \"%s\": %.80s", want[k].name, want[k].starts, s);
        free(s);
    }
    /* the whole report to report.html */
    const char *out = path_in(dir, "report.html");
    const char *args[] = {"export", "--db", db, "--group", "1", "--out", out, NULL};
    run_result r = run(args);
    RUN_OK(r, "report.html");
    run_free(&r);
    char *s = read_text(out, NULL);
    E2E_CHECK(NULL, s && strncmp(s, "<!DOCTYPE html>", 15) == 0, "HTML: %.80s", s);
    free(s);
}

/* --company with part of a name suggests the full names. */
static void case_company_suggest(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    const char *args[] = {"export", "--db", db, "--company", "さくら精密", "--lang", "en",
                          NULL};
    run_result r = run(args);
    E2E_CHECK(NULL, r.status == 1, "exit %d (want 1): %s", r.status, r.err);
    E2E_CHECK(NULL, strstr(r.err, "さくら精密工業") != NULL, "suggests the full name: %s",
              r.err);
    run_free(&r);
    /* a slip of one character: the nearest name */
    const char *typo[] = {"export", "--db", db, "--company", "みなと印届", "--activity",
                          "self-check", NULL};
    r = run(typo);
    E2E_CHECK(NULL, r.status == 1 && strstr(r.err, "みなと印刷"), "nearest: %s", r.err);
    run_free(&r);
}

/* --plain-csv: the CSV as stored, with no spreadsheet guard. */
static void case_plain_csv(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    import_ledger(dir, db, "業務分類,情報資産名称\n人事,社員名簿\n");
    sql(db, "UPDATE cell SET value = '=1+2' WHERE col = 'name'");
    const char *args[] = {"export", "--db", db, "--group", "1", "--activity", "asset-ledger",
                          "--plain-csv", NULL};
    run_result r = run(args);
    RUN_OK(r, "export --plain-csv");
    csv_t c = csv_parse(r.out);
    const char *v = csv_cell(&c, 1, "情報資産名称");
    E2E_CHECK(NULL, v && strcmp(v, "=1+2") == 0, "exact: %s", r.out);
    csv_free(&c);
    run_free(&r);
}

/* ---- issue 11: a whole workshop in one file ---------------------------------- */

/* export --format json, import --workshop into a new file, export again: the
 * same bytes; the restored workshop gives the same take-home reports, and a
 * cell's Japanese, line breaks and quotes come back exactly. */
static void case_workshop_round_trip(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    import_ledger(dir, db, "業務分類,情報資産名称,備考\n"
                  "人事,\"社員名簿 \"\"最新\"\"\",x\n"
                  "総務,契約書,y\n");
    const char *risks = path_in(dir, "risks.csv");
    const char *csv = "risk,measure\n退職者のアカウント,\"一行目\n二行目\"\n";
    write_text(risks, csv, strlen(csv));
    const char *vc[] = {"import", "--db", db, "--group", "1", "--activity", "vc-risks", risks,
                        NULL};
    run_result r = run(vc);
    RUN_OK(r, "import vc-risks");
    run_free(&r);
    const char *drill[] = {"drill", "start", "--db", db, "--activity", "ransomware-drill",
                           NULL};
    r = run(drill);
    RUN_OK(r, "drill start");
    run_free(&r);
    const char *json = path_in(dir, "ws.json");
    const char *exp[] = {"export", "--db", db, "--format", "json", "--out", json, NULL};
    r = run(exp);
    RUN_OK(r, "export --format json");
    run_free(&r);
    const char *copy = path_in(dir, "copy.db");
    const char *imp[] = {"import", "--db", copy, "--workshop", json, "--lang", "en", NULL};
    r = run(imp);
    RUN_OK(r, "import --workshop");
    E2E_CHECK(NULL, strstr(r.out, "2 groups, 3 companies, 3 people"), "says what: %s", r.out);
    run_free(&r);
    /* again, to stdout and with the format from --out's name */
    const char *again[] = {"export", "--db", copy, "--format", "json", NULL};
    r = run(again);
    RUN_OK(r, "export the copy");
    size_t n = 0;
    char *first = read_text(json, &n);
    E2E_CHECK(NULL, first && strlen(r.out) == n && memcmp(first, r.out, n) == 0,
              "export -> import -> export is not byte-identical");
    run_free(&r);
    const char *json2 = path_in(dir, "ws2.json");
    const char *byname[] = {"export", "--db", copy, "--out", json2, NULL};
    r = run(byname);
    RUN_OK(r, "export --out ws2.json");
    run_free(&r);
    size_t n2 = 0;
    char *second = read_text(json2, &n2);
    E2E_CHECK(NULL, second && n2 == n && memcmp(first, second, n) == 0,
              "--out x.json is the same file");
    free(first);
    free(second);
    const char *who[][2] = {{"--group", "1"}, {"--company", "さくら精密工業"}};
    for (int k = 0; k < 2; k++) {
        const char *a[] = {"export", "--db", db, who[k][0], who[k][1], NULL};
        const char *b[] = {"export", "--db", copy, who[k][0], who[k][1], NULL};
        run_result ra = run(a), rb = run(b);
        RUN_OK(ra, "report");
        RUN_OK(rb, "report of the copy");
        E2E_CHECK(NULL, strcmp(ra.out, rb.out) == 0, "the reports differ:\n%s\n---\n%s", ra.out,
                  rb.out);
        if (k == 0)
            E2E_CHECK(NULL, strstr(rb.out, "社員名簿 \"最新\"") && strstr(rb.out, "二行目"),
                      "the cells: %s", rb.out);
        run_free(&ra);
        run_free(&rb);
    }
    E2E_CHECK(NULL, count(copy, "SELECT count(*) FROM drill_event") == 1, "the drill run");
}

/* S is one line, ending in a line break. */
static bool one_line(const char *s)
{
    const char *nl = strchr(s, '\n');
    return nl && nl[1] == '\0';
}

/* import --workshop never writes into an existing file, refuses what is not
 * a workshop file or is newer, in one line, and leaves no file behind. */
static void case_workshop_refused(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    const char *json = path_in(dir, "ws.json");
    const char *exp[] = {"export", "--db", db, "--format", "json", "--out", json, NULL};
    run_result r = run(exp);
    RUN_OK(r, "export --format json");
    run_free(&r);
    char *before = fingerprint(db);
    const char *over[] = {"import", "--db", db, "--workshop", json, "--lang", "en", NULL};
    r = run(over);
    E2E_CHECK(NULL, r.status == 1 && strstr(r.err, "already exists")
              && strstr(r.err, "new file name") && one_line(r.err),
              "into the workshop itself: exit %d: %s", r.status, r.err);
    run_free(&r);
    char *after = fingerprint(db);
    E2E_CHECK(NULL, strcmp(before, after) == 0, "the database changed");
    free(before);
    free(after);
    char *names = dir_names(dir);
    size_t n = 0;
    char *text = read_text(json, &n);
    char *newer = strdup(text);
    memcpy(strstr(newer, "\"mamori-workshop\": 1"), "\"mamori-workshop\": 9", 20);
    const char *newer_path = path_in(dir, "newer.json");
    write_text(newer_path, newer, strlen(newer));
    free(names);
    names = dir_names(dir);
    struct {
        const char *file, *says;
    } bad[] = {
        {path_in(dir, "roster.csv"), "is not a mamori workshop file"},
        {newer_path, "newer mamori"},
        {path_in(dir, "none.json"), "cannot read"},
    };
    for (int k = 0; k < 3; k++) {
        const char *args[] = {"import", "--db", path_in(dir, "new.db"), "--workshop",
                              bad[k].file, "--lang", "en", NULL};
        r = run(args);
        E2E_CHECK(NULL, r.status == 1 && strstr(r.err, bad[k].says) && one_line(r.err),
                  "%s: exit %d: %s", bad[k].file, r.status, r.err);
        run_free(&r);
        char *now = dir_names(dir);
        E2E_CHECK(NULL, strcmp(now, names) == 0, "left behind: %s (was %s)", now, names);
        free(now);
    }
    /* --workshop stands alone */
    const char *mixed[] = {"import", "--db", path_in(dir, "new.db"), "--workshop", json,
                           "--group", "1", NULL};
    r = run(mixed);
    E2E_CHECK(NULL, r.status == 2, "with --group: exit %d: %s", r.status, r.err);
    run_free(&r);
    free(names);
    free(text);
    free(newer);
}

/* ---- upgrade: changing a workshop that has begun --------------------------- */

/* tests/fixtures/upgrade/NAME */
static const char *upgrade_fixture(const char *name)
{
    static char p[4][700];
    static int next;
    char *s = p[next++ % 4];
    const char *root = getenv("SOURCE_ROOT");
    E2E_CHECK(NULL, root && *root, "SOURCE_ROOT is set by meson");
    snprintf(s, sizeof p[0], "%s/tests/fixtures/upgrade/%s", root, name);
    return s;
}

/* A workshop of tests/fixtures/upgrade/base.json (2 groups) whose group 1
 * and group 2 wrote two ledger rows each, one of them with a note (備考). */
static const char *upgrade_workshop(const char **dir)
{
    *dir = e2e_tmpdir();
    E2E_CHECK(NULL, *dir != NULL, "temporary directory");
    const char *db = path_in(*dir, "ws.db");
    const char *init[] = {"init", "--db", db, "--groups", "2", "--scenario",
                          upgrade_fixture("base.json"), NULL};
    run_result r = run(init);
    RUN_OK(r, "mamori init --scenario base.json");
    run_free(&r);
    const char *csv = "名称,管理者,備考\nPC,佐藤,古い\nNAS,鈴木,\n";
    const char *file = path_in(*dir, "rows.csv");
    write_text(file, csv, strlen(csv));
    for (int g = 1; g <= 2; g++) {
        const char *args[] = {"import", "--db", db, "--group", g == 1 ? "1" : "2",
                              "--activity", "ledger", file, NULL};
        r = run(args);
        RUN_OK(r, "mamori import ledger");
        run_free(&r);
    }
    return db;
}

/* Is CSV's first line exactly HEADER? */
static bool header_is(const char *csv, const char *header)
{
    size_t n = strlen(header);
    return strncmp(csv, header, n) == 0 && (csv[n] == '\r' || csv[n] == '\n');
}

static char *export_ledger(const char *db)
{
    const char *args[] = {"export", "--db", db, "--group", "1", "--activity", "ledger", NULL};
    run_result r = run(args);
    RUN_OK(r, "mamori export ledger");
    char *out = r.out;
    r.out = NULL;
    run_free(&r);
    return out;
}

/* A retitled activity and column: applied, every cell kept, the export
 * heads the column with its new title. */
static void case_upgrade_retitle(void)
{
    const char *dir;
    const char *db = upgrade_workshop(&dir);
    long long cells = count(db, "SELECT COUNT(*) FROM cell");
    const char *args[] = {"upgrade", "--db", db, "--scenario", upgrade_fixture("retitle.json"),
                          NULL};
    run_result r = run(args);
    RUN_OK(r, "mamori upgrade retitle.json");
    E2E_CHECK(NULL, strstr(r.out, "「資産台帳」→「情報資産台帳」")
              && strstr(r.out, "「備考」→「メモ」") && strstr(r.out, "再起動"),
              "the changes and the restart are reported: %s", r.out);
    run_free(&r);
    E2E_CHECK(NULL, count(db, "SELECT COUNT(*) FROM cell") == cells, "every cell is kept");
    char *csv = export_ledger(db);
    E2E_CHECK(NULL, header_is(csv, "名称,管理者,メモ")
              && strstr(csv, "PC,佐藤,古い"), "the export has the new title and the work: %s",
              csv);
    free(csv);
    E2E_CHECK(NULL, count(db, "SELECT COUNT(*) FROM workshop WHERE scenario LIKE '%情報資産台帳%'")
              == 1, "the stored scenario is the new one");
}

/* Removing a column that holds work: refused in one line naming the column
 * and how much, the database unchanged; with --drop applied. */
static void case_upgrade_drop(void)
{
    const char *dir;
    const char *db = upgrade_workshop(&dir);
    char *before = fingerprint(db);
    const char *args[] = {"upgrade", "--db", db, "--scenario",
                          upgrade_fixture("drop-note.json"), NULL};
    run_result r = run(args);
    E2E_CHECK(NULL, r.status == 1, "refused: exit %d", r.status);
    E2E_CHECK(NULL, strstr(r.err, "備考") && strstr(r.err, "2セル（2グループが記入）")
              && strstr(r.err, "--drop") && strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
              "one line naming the column and the amount: %s", r.err);
    run_free(&r);
    char *after = fingerprint(db);
    E2E_CHECK(NULL, strcmp(before, after) == 0, "the database is unchanged");
    free(after);
    free(before);
    const char *drop[] = {"upgrade", "--db", db, "--scenario",
                          upgrade_fixture("drop-note.json"), "--drop", "--lang", "en", NULL};
    r = run(drop);
    RUN_OK(r, "mamori upgrade --drop");
    E2E_CHECK(NULL, strstr(r.out, "column Note removed")
              && strstr(r.out, "2 cells written by 2 groups"), "reported: %s", r.out);
    run_free(&r);
    char *csv = export_ledger(db);
    E2E_CHECK(NULL, header_is(csv, "名称,管理者")
              && strstr(csv, "PC,佐藤"), "the column is gone, the rest kept: %s", csv);
    free(csv);
}

/* --dry-run and an identical file write nothing; an invalid file prints
 * validate's errors and changes nothing. */
static void case_upgrade_nothing_written(void)
{
    const char *dir;
    const char *db = upgrade_workshop(&dir);
    char *before = fingerprint(db);
    const char *dry[] = {"upgrade", "--db", db, "--scenario", upgrade_fixture("retitle.json"),
                         "--dry-run", NULL};
    run_result r = run(dry);
    RUN_OK(r, "mamori upgrade --dry-run");
    E2E_CHECK(NULL, strstr(r.out, "「備考」→「メモ」") && strstr(r.out, "--dry-run"),
              "the changes are shown: %s", r.out);
    run_free(&r);
    const char *same[] = {"upgrade", "--db", db, "--scenario", upgrade_fixture("base.json"),
                          NULL};
    r = run(same);
    RUN_OK(r, "mamori upgrade base.json");
    E2E_CHECK(NULL, strstr(r.out, "変更はありません"), "nothing to change: %s", r.out);
    run_free(&r);
    const char *bad = upgrade_fixture("invalid.json");
    const char *val[] = {"validate", bad, NULL};
    run_result v = run(val);
    E2E_CHECK(NULL, v.status == 1 && strstr(v.err, "invalid.json:18:35:"), "validate: %s", v.err);
    const char *inv[] = {"upgrade", "--db", db, "--scenario", bad, NULL};
    r = run(inv);
    E2E_CHECK(NULL, r.status == 1 && strcmp(r.err, v.err) == 0 && !*r.out,
              "validate's errors, exit 1: %d\n%s", r.status, r.err);
    run_free(&r);
    run_free(&v);
    char *after = fingerprint(db);
    E2E_CHECK(NULL, strcmp(before, after) == 0, "nothing was written");
    free(after);
    free(before);
}

/* A new session with a new activity: applied, the new activity usable. */
static void case_upgrade_add(void)
{
    const char *dir;
    const char *db = upgrade_workshop(&dir);
    const char *args[] = {"upgrade", "--db", db, "--scenario", upgrade_fixture("add.json"),
                          "--lang", "en", NULL};
    run_result r = run(args);
    RUN_OK(r, "mamori upgrade add.json");
    E2E_CHECK(NULL, strstr(r.out, "+ session ws02") && strstr(r.out, "+ activity risks"),
              "reported: %s", r.out);
    run_free(&r);
    const char *csv = "資産,大きさ\nPC,大\n";
    const char *file = path_in(dir, "risks.csv");
    write_text(file, csv, strlen(csv));
    const char *imp[] = {"import", "--db", db, "--group", "1", "--activity", "risks", file,
                         NULL};
    r = run(imp);
    RUN_OK(r, "mamori import risks");
    run_free(&r);
    char *led = export_ledger(db);
    E2E_CHECK(NULL, strstr(led, "PC,佐藤,古い"), "the old work is kept: %s", led);
    free(led);
}

/* ---- the manual -------------------------------------------------------------- */

/* doc/mamori.1 renders without warnings, and names every command and every
 * option that `mamori COMMAND --help` lists (they come from the same option
 * tables as the parser). */
/* upgrade's report fits 80 columns: a long new title goes on to the next
 * line, under the change it belongs to (it used to run to 95 columns). */
static void case_upgrade_narrow(void)
{
    const char *root = getenv("SOURCE_ROOT");
    E2E_CHECK(NULL, root && *root, "SOURCE_ROOT is set by meson");
    char dental[700];
    snprintf(dental, sizeof dental, "%s/tests/fixtures/trial/dental.json", root);
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "temporary directory");
    const char *db = path_in(dir, "ws.db");
    const char *init[] = {"init", "--db", db, "--groups", "2", "--scenario", dental, NULL};
    run_result r = run(init);
    RUN_OK(r, "mamori init --scenario dental.json");
    run_free(&r);
    size_t n;
    char *text = read_text(dental, &n);
    E2E_CHECK(NULL, text != NULL, "reading %s", dental);
    const char *old = "\"title\": {\"ja\": \"対策計画\", \"en\": \"Measures plan\"}";
    const char *new_ = "\"title\": {\"ja\": \"対策計画（担当者と期限つき、費用の見積もりも）\", "
                       "\"en\": \"Measures plan with owners, due dates and costs\"}";
    char *at = strstr(text, old);
    E2E_CHECK(NULL, at != NULL, "the measures plan's title in dental.json");
    char *changed = malloc(n + strlen(new_) + 1);
    size_t head = (size_t)(at - text);
    memcpy(changed, text, head);
    strcpy(changed + head, new_);
    strcat(changed, at + strlen(old));
    const char *file = path_in(dir, "new.json");
    write_text(file, changed, strlen(changed));
    free(changed);
    free(text);
    const char *langs[] = {"en", "ja"};
    for (int k = 0; k < 2; k++) {
        const char *args[] = {"upgrade", "--lang", langs[k], "--db", db, "--scenario", file,
                              "--dry-run", NULL};
        r = run(args);
        RUN_OK(r, "mamori upgrade --dry-run");
        E2E_CHECK(NULL, strstr(r.out, k ? "「対策計画」→" : "\"Measures plan\" ->")
                  && strstr(r.out, k ? "費用の見積もりも）」" : "and costs\""),
                  "the retitling, old and new (--lang %s):\n%s", langs[k], r.out);
        E2E_CHECK(NULL, widest_line(r.out) <= 80, "wider than 80 columns (--lang %s):\n%s",
                  langs[k], r.out);
        run_free(&r);
    }
}

static void case_man_page(void)
{
    const char *root = getenv("SOURCE_ROOT");
    E2E_CHECK(NULL, root && *root, "SOURCE_ROOT is set by meson");
    char page[700];
    snprintf(page, sizeof page, "%s/doc/mamori.1", root);
    char *src = read_text(page, NULL);
    E2E_CHECK(NULL, src != NULL, "%s exists", page);
    /* the source with \- as - */
    char *plain = calloc(1, strlen(src) + 1);
    size_t n = 0;
    for (const char *p = src; *p; p++) {
        if (p[0] == '\\' && p[1] == '-')
            p++;
        plain[n++] = *p;
    }
    const char *cmds[] = {"", "init", "validate", "export", "import", "drill", "list", "preview",
                          "upgrade", "help"};
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
        const char *args[] = {cmds[k][0] ? cmds[k] : "--help", cmds[k][0] ? "--help" : NULL,
                              NULL};
        run_result r = run(args);
        RUN_OK(r, cmds[k]);
        if (cmds[k][0]) {
            char want[64];
            snprintf(want, sizeof want, "mamori %s", cmds[k]);
            E2E_CHECK(NULL, strstr(plain, cmds[k]) != NULL, "the manual names \"%s\"", want);
        }
        int opts = 0;
        for (const char *p = r.out; (p = strstr(p, "--")); ) {
            size_t len = 2;
            while (p[len] && (p[len] == '-' || (p[len] >= 'a' && p[len] <= 'z')))
                len++;
            char opt[64];
            snprintf(opt, sizeof opt, "%.*s", (int)len, p);
            if (len > 2) {
                opts++;
                E2E_CHECK(NULL, strstr(plain, opt) != NULL,
                          "the manual does not name %s (of mamori %s)", opt, cmds[k]);
            }
            p += len;
        }
        E2E_CHECK(NULL, opts > 0, "mamori %s --help lists options: %s", cmds[k], r.out);
        run_free(&r);
    }
    const char *must[] = {"EXIT STATUS", "FILES", "KEYS", "ENVIRONMENT", "MAMORI_LANG",
                          "--plain-csv", "--force", "Ctrl-S", "SEE ALSO"};
    for (size_t k = 0; k < sizeof must / sizeof must[0]; k++)
        E2E_CHECK(NULL, strstr(plain, must[k]), "the manual has %s", must[k]);
    free(plain);
    free(src);
    if (access("/usr/bin/groff", X_OK) != 0)
        e2e_skip("groff is not installed: the page's rendering is not checked");
    char cmd[900];
    snprintf(cmd, sizeof cmd, "groff -man -Tutf8 -ww -z '%s' 2>&1", page);
    FILE *p = popen(cmd, "r");
    E2E_CHECK(NULL, p != NULL, "popen groff");
    char *warn = calloc(1, 1);
    size_t wl = 0;
    char b[1024];
    size_t got;
    while ((got = fread(b, 1, sizeof b, p)) > 0)
        e2e_append(&warn, &wl, b, got);
    int st = pclose(p);
    E2E_CHECK(NULL, st == 0 && wl == 0, "groff warns about doc/mamori.1:\n%s", warn);
    free(warn);
}


/* ---- mamori validate: what a trainer reads (issue 11) ---------------------- */

#define SCEN_HEAD "{\"format\": \"mamori-scenario/1\", \"id\": \"t\", \"title\": \"研修\",\n" \
    " \"tracks\": [{\"id\": \"w\", \"title\": \"全体\", \"sessions\": [{\"id\": \"s1\",\n" \
    "  \"number\": 1, \"title\": \"第1回\", \"minutes\": 60, \"activities\": [\n"
#define SCEN_TAIL "]}]}]}\n"

/* validate FILE (SCEN_HEAD + ACTS + SCEN_TAIL) with EXTRA options (up to 3,
 * NULL-terminated); *DIRP the file's directory. */
static run_result validate_acts(const char *acts, const char *const *extra, const char **dirp)
{
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "temporary directory");
    const char *file = path_in(dir, "t.json");
    char text[8192];
    snprintf(text, sizeof text, "%s%s%s", SCEN_HEAD, acts, SCEN_TAIL);
    write_text(file, text, strlen(text));
    const char *args[10] = {"validate", "--lang", "en"};
    int n = 3;
    for (int k = 0; extra && extra[k] && n < 8; k++)
        args[n++] = extra[k];
    args[n++] = file;
    args[n] = NULL;
    if (dirp)
        *dirp = dir;
    return run(args);
}

/* stderr of R with DIR/ cut out, for comparing whole reports. */
static char *without_dir(const run_result *r, const char *dir)
{
    char *out = calloc(1, strlen(r->err) + 1);
    size_t n = 0, dl = strlen(dir);
    for (const char *p = r->err; *p;) {
        if (strncmp(p, dir, dl) == 0 && p[dl] == '/')
            p += dl + 1;
        else
            out[n++] = *p++;
    }
    return out;
}

/* On a terminal: the line of the file and a caret under the column (a tab
 * and double-width characters before it); through a pipe the one line
 * editors parse, unchanged; --columns bytes for Vim. */
static void case_validate_snippet(void)
{
    const char *acts = "   {\"id\": \"b\", \"kind\": \"briefing\", \"title\": \"説明\", \"body\": \"本文\",\t\"colour\": 1}\n";
    const char *dir;
    run_result r = validate_acts(acts, NULL, &dir);
    E2E_CHECK(NULL, r.status == 1, "exit %d (want 1): %s", r.status, r.err);
    char *got = without_dir(&r, dir);
    const char *want =
        "t.json:4:65: tracks[0].sessions[0].activities[0].colour: unknown key \"colour\" "
        "(the keys here: id, kind, title, prompt, scope, minutes, body)\n";
    E2E_CHECK(NULL, strcmp(got, want) == 0, "stderr:\n%s\nwant:\n%s", got, want);
    free(got);
    run_free(&r);
    /* a terminal: the caret in the screen column of the "colour" above it */
    const char *file = path_in(dir, "t.json");
    const char *argv[] = {mamori_bin(), "validate", "--lang", "en", file, NULL};
    vt *t = vt_start(argv, NULL, 30, 160);
    E2E_CHECK(NULL, t != NULL, "vt_start");
    int st = vt_wait_exit(t, vt_default_wait_ms());
    E2E_CHECK(t, st == 1, "validate on a terminal: exit %d", st);
    int row, col, crow, ccol;
    E2E_CHECK(t, vt_find_text(t, "4 |    {\"id\": \"b\"", &row, &col), "the source line");
    E2E_CHECK(t, vt_find_text(t, "\"colour\": 1}", &row, &col), "the key on screen");
    E2E_CHECK(t, vt_find_text(t, "^", &crow, &ccol), "a caret");
    E2E_CHECK(t, crow == row + 1 && ccol == col, "caret at %d:%d, \"colour\" at %d:%d",
              crow, ccol, row, col);
    vt_free(t);
    /* bytes: 説明 and 本文 are 6 bytes each, not 2 characters */
    const char *bytes[] = {"--columns", "bytes", NULL};
    r = validate_acts(acts, bytes, &dir);
    E2E_CHECK(NULL, r.status == 1, "exit %d (want 1): %s", r.status, r.err);
    E2E_CHECK(NULL, strstr(r.err, "/t.json:4:73: tracks[0].sessions[0].activities[0].colour: "),
              "byte column 73: %s", r.err);
    run_free(&r);
    const char *chars[] = {"--columns", "chars", NULL};
    r = validate_acts(acts, chars, &dir);
    E2E_CHECK(NULL, strstr(r.err, "/t.json:4:65: "), "chars is the default: %s", r.err);
    run_free(&r);
    const char *bad[] = {"--columns", "utf16", NULL};
    r = validate_acts(acts, bad, &dir);
    E2E_CHECK(NULL, r.status == 2 && strstr(r.err, "--columns takes chars or bytes"),
              "exit %d (want 2): %s", r.status, r.err);
    run_free(&r);
}

/* validate --warnings: FILE:LINE:COL: warning: lines, exit status 0. */
static void case_validate_warnings(void)
{
    const char *acts = "   {\"id\": \"b\", \"kind\": \"briefing\", \"title\": {\"ja\": \"説明\", \"en\": \"\"},"
                       " \"body\": \"本文\", \"minutes\": 90}\n";
    const char *warn[] = {"--warnings", NULL};
    const char *dir;
    run_result r = validate_acts(acts, warn, &dir);
    E2E_CHECK(NULL, r.status == 0, "exit %d (want 0, only warnings): %s", r.status, r.err);
    E2E_CHECK(NULL, strstr(r.err, "/t.json:4:64: warning: tracks[0].sessions[0].activities[0].title.en: "
                           "the English text is empty"), "stderr: %s", r.err);
    E2E_CHECK(NULL, strstr(r.err, "/t.json:3:43: warning: tracks[0].sessions[0].minutes: "
                           "the activities add up to 90 minutes, more than the session's 60"),
              "stderr: %s", r.err);
    E2E_CHECK(NULL, strstr(r.out, "1 file valid"), "stdout: %s", r.out);
    run_free(&r);
    r = validate_acts(acts, NULL, &dir);
    E2E_CHECK(NULL, r.status == 0 && r.err[0] == '\0', "without --warnings: exit %d: %s",
              r.status, r.err);
    run_free(&r);
    /* an error as well: exit 1 */
    const char *both = "   {\"id\": \"b\", \"kind\": \"briefing\", \"title\": {\"ja\": \"説明\", \"en\": \"\"}}\n";
    r = validate_acts(both, warn, &dir);
    E2E_CHECK(NULL, r.status == 1 && strstr(r.err, "warning: ") && strstr(r.err, "missing required key \"body\""),
              "exit %d: %s", r.status, r.err);
    run_free(&r);
}

/* A ledger saved by Excel (UTF-8 with BOM, rows ending CRLF, Alt+Enter as
 * LF inside quoted fields) is taken whole: one-line text keeps each line
 * break as " / ", a flags cell takes one choice per line; the group's
 * screen shows each row on one grid line. */
static void case_excel_line_breaks(void)
{
    const char *root = getenv("SOURCE_ROOT");
    E2E_CHECK(NULL, root && *root, "SOURCE_ROOT is set by meson");
    char fixture[700];
    snprintf(fixture, sizeof fixture, "%s/tests/fixtures/tables/asset-ledger-excel.csv", root);
    const char *dir;
    const char *db = new_workshop(&dir);
    const char *args[] = {"import", "--db", db, "--group", "1", "--activity", "asset-ledger",
                          fixture, NULL};
    run_result r = run(args);
    RUN_OK(r, "import of Excel's CSV");
    E2E_CHECK(NULL, strstr(r.out, "3"), "three rows imported: %s", r.out);
    run_free(&r);
    E2E_CHECK(NULL, count(db, "SELECT count(*) FROM cell WHERE col = 'note' AND value = "
                              "'紙で保管 / 鍵付き書庫'") == 1, "備考's line break as \" / \"");
    E2E_CHECK(NULL, count(db, "SELECT count(*) FROM cell WHERE col = 'note' AND value = "
                              "'特定個人情報あり / 経理PCのみ'") == 1,
              "an empty line between two is one \" / \"");
    E2E_CHECK(NULL, count(db, "SELECT count(*) FROM cell WHERE col = 'name' AND value = "
                              "'契約書 / （原本）'") == 1, "the asset name too");
    E2E_CHECK(NULL, count(db, "SELECT count(*) FROM cell WHERE col = 'pii' AND value = "
                              "'personal,mynumber'") == 1, "one choice per line in a flags cell");
    E2E_CHECK(NULL, count(db, "SELECT count(*) FROM cell WHERE value LIKE '%' || char(10) "
                              "|| '%' OR value LIKE '%' || char(13) || '%'") == 0,
              "no line break stored in a one-line column");

    /* on the group's screen: one grid line per row, the columns in place */
    const char *argv[] = {mamori_bin(), "--db", db, "--group", "1", "--open", "asset-ledger",
                          NULL};
    vt *t = vt_start(argv, NULL, 24, 80);
    E2E_CHECK(NULL, t != NULL, "vt_start");
    E2E_CHECK(t, vt_wait_text(t, "給与データ", vt_default_wait_ms()), "the ledger's rows");
    int r1, c1, r2, c2, r3, c3, rn, cn, rh, ch;
    E2E_CHECK(t, vt_find_text(t, "顧客台帳", &r1, &c1) && vt_find_text(t, "契約書 / ", &r2, &c2)
                 && vt_find_text(t, "給与データ", &r3, &c3),
              "the three asset names");
    E2E_CHECK(t, r2 == r1 + 1 && r3 == r2 + 1, "one grid line each (rows %d, %d, %d)", r1, r2,
              r3);
    E2E_CHECK(t, c1 == c2 && c2 == c3, "the names in one column (%d, %d, %d)", c1, c2, c3);
    E2E_CHECK(t, vt_find_text(t, "紙で保管 / 鍵付き書庫", &rn, &cn) && rn == r1,
              "備考 on its row, with \" / \"");
    E2E_CHECK(t, vt_find_text(t, "備考", &rh, &ch) && ch == cn,
              "備考 under its heading (heading col %d, cell col %d)", ch, cn);
    vt_send(t, "q");
    vt_wait_exit(t, vt_default_wait_ms());
    vt_free(t);
}

/* mamori list --db: the workshop's sessions and activity ids, kinds and
 * what export / import take, the groups and companies; Japanese titles, or
 * English with --lang en; every line fits 80 columns; ./mamori.db without
 * --db. */
static void case_list_db(void)
{
    const char *dir;
    const char *db = new_workshop(&dir);
    const char *args[] = {"list", "--db", db, NULL};
    run_result r = run(args);
    RUN_OK(r, "mamori list --db");
    E2E_CHECK(NULL, strstr(r.out, "トラック workshop: ワークショップ（全10回）")
                    && strstr(r.out, "ws05  第5回  対策基準と情報資産台帳"),
              "tracks and sessions, in Japanese: %s", r.out);
    E2E_CHECK(NULL, strstr(r.out, "asset-ledger           表              グループ  +    +     "
                                  "情報資産管理台帳\n"),
              "an activity: id, kind, scope, export and import, title: %s", r.out);
    E2E_CHECK(NULL, strstr(r.out, "ws05-intro             説明  "), "a briefing: %s", r.out);
    E2E_CHECK(NULL, strstr(r.out, "ws01-problems          ボード          グループ  +          "),
              "a board exports, imports nothing: %s", r.out);
    E2E_CHECK(NULL, strstr(r.out, "グループ（--group）: 1、2\n")
                    && strstr(r.out, "会社（--company）: ") && strstr(r.out, "みなと印刷"),
              "the names --group and --company take: %s", r.out);
    E2E_CHECK(NULL, widest_line(r.out) <= 80, "wider than 80 columns:\n%s", r.out);
    run_free(&r);

    const char *en[] = {"list", "--db", db, "--lang", "en", NULL};
    r = run(en);
    RUN_OK(r, "mamori list --lang en");
    E2E_CHECK(NULL, strstr(r.out, "Information asset ledger") && strstr(r.out, "Track workshop:")
                    && strstr(r.out, "table") && !strstr(r.out, "情報資産管理台帳"),
              "English titles with --lang en: %s", r.out);
    E2E_CHECK(NULL, widest_line(r.out) <= 80, "wider than 80 columns:\n%s", r.out);
    run_free(&r);

    /* no --db: ./mamori.db, as every command */
    const char *here = path_in(dir, "mamori.db");
    const char *init[] = {"init", "--db", here, "--groups", "3", NULL};
    r = run(init);
    RUN_OK(r, "init ./mamori.db");
    run_free(&r);
    char cwd[700];
    E2E_CHECK(NULL, getcwd(cwd, sizeof cwd) != NULL, "getcwd");
    E2E_CHECK(NULL, chdir(dir) == 0, "chdir");
    const char *plain[] = {"list", NULL};
    r = run(plain);
    E2E_CHECK(NULL, chdir(cwd) == 0, "chdir back");
    RUN_OK(r, "mamori list in the workshop's directory");
    E2E_CHECK(NULL, strstr(r.out, "グループ（--group）: 1、2、3\n"), "./mamori.db's groups: %s",
              r.out);
    run_free(&r);

    /* no workshop there: one line, exit 1 */
    const char *none[] = {"list", "--db", path_in(dir, "none.db"), NULL};
    r = run(none);
    E2E_CHECK(NULL, r.status == 1 && *r.err && !*r.out, "no workshop: exit %d, %s", r.status,
              r.err);
    run_free(&r);
}

/* mamori list --scenario FILE: a file's program without a workshop; an
 * invalid file gives validate's errors, exit 1; --db with --scenario is a
 * usage error. */
static void case_list_scenario(void)
{
    const char *root = getenv("SOURCE_ROOT");
    E2E_CHECK(NULL, root && *root, "SOURCE_ROOT is set by meson");
    char file[700], bad[700];
    snprintf(file, sizeof file, "%s/scenarios/drills/bec.json", root);
    snprintf(bad, sizeof bad, "%s/tests/fixtures/scenarios/three-errors.json", root);
    const char *args[] = {"list", "--scenario", file, NULL};
    run_result r = run(args);
    RUN_OK(r, "mamori list --scenario");
    E2E_CHECK(NULL, strstr(r.out, "シナリオ: ") && strstr(r.out, "訓練"),
              "the drill file's program: %s", r.out);
    E2E_CHECK(NULL, !strstr(r.out, "--group"), "no groups without a workshop: %s", r.out);
    E2E_CHECK(NULL, widest_line(r.out) <= 80, "wider than 80 columns:\n%s", r.out);
    run_free(&r);

    /* a title too long for the first line goes on; the id after it stays
     * whole (it used to be cut to "(dent~") */
    char dental[700];
    snprintf(dental, sizeof dental, "%s/tests/fixtures/trial/dental.json", root);
    const char *en[] = {"list", "--lang", "en", "--scenario", dental, NULL};
    r = run(en);
    RUN_OK(r, "mamori list --lang en --scenario dental.json");
    E2E_CHECK(NULL, strstr(r.out, "(dental-chain-2026)") && !strstr(r.out, "~"),
              "the scenario's id whole, nothing cut:\n%s", r.out);
    E2E_CHECK(NULL, widest_line(r.out) <= 80, "wider than 80 columns:\n%s", r.out);
    run_free(&r);

    const char *v[] = {"validate", bad, NULL};
    run_result want = run(v);
    const char *b[] = {"list", "--scenario", bad, NULL};
    r = run(b);
    E2E_CHECK(NULL, r.status == 1 && !*r.out && strcmp(r.err, want.err) == 0,
              "an invalid file: exit %d, validate's errors\nlist: %s\nvalidate: %s", r.status,
              r.err, want.err);
    run_free(&r);
    run_free(&want);

    const char *both[] = {"list", "--db", "x.db", "--scenario", file, NULL};
    r = run(both);
    E2E_CHECK(NULL, r.status == 2 && strstr(r.err, "--db と --scenario"),
              "both: exit %d, %s", r.status, r.err);
    run_free(&r);
}

/* Entries of DIR other than . and .., counted. */
static int dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    E2E_CHECK(NULL, d != NULL, "opendir %s", dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

/* mamori preview FILE: the file's program on screen as the facilitator, its
 * workshop in $TMPDIR while it runs and gone after; --open starts on an
 * activity; an invalid file gets validate's errors and exit 1. */
static void case_preview(void)
{
    const char *root = getenv("SOURCE_ROOT");
    E2E_CHECK(NULL, root && *root, "SOURCE_ROOT is set by meson");
    char file[700], bad[700], envtmp[760];
    snprintf(file, sizeof file, "%s/scenarios/example-mini.json", root);
    snprintf(bad, sizeof bad, "%s/tests/fixtures/scenarios/three-errors.json", root);
    const char *tmp = e2e_tmpdir();
    E2E_CHECK(NULL, tmp != NULL, "temporary directory");
    snprintf(envtmp, sizeof envtmp, "TMPDIR=%s", tmp);
    const char *env[] = {envtmp, NULL};

    const char *argv[] = {mamori_bin(), "preview", file, NULL};
    vt *t = vt_start(argv, env, 24, 80);
    E2E_CHECK(NULL, t != NULL, "vt_start");
    E2E_CHECK(t, vt_wait_text(t, "パスワードを見直す", vt_default_wait_ms())
                 && vt_wait_text(t, "バックアップを考える", vt_default_wait_ms()),
              "the agenda shows the file's two sessions");
    E2E_CHECK(t, vt_wait_text(t, "ミニ研修", vt_default_wait_ms()), "the file's title");
    E2E_CHECK(t, dir_entries(tmp) == 1, "one workshop directory in $TMPDIR while it runs");
    vt_send(t, "q");
    int st = vt_wait_exit(t, vt_default_wait_ms());
    E2E_CHECK(t, st == 0, "exit %d after q", st);
    vt_free(t);
    E2E_CHECK(NULL, dir_entries(tmp) == 0, "nothing left in $TMPDIR after q");

    const char *open_argv[] = {mamori_bin(), "preview", file, "--open", "backup-intro", NULL};
    t = vt_start(open_argv, env, 24, 80);
    E2E_CHECK(NULL, t != NULL, "vt_start");
    E2E_CHECK(t, vt_wait_text(t, "3-2-1ルール", vt_default_wait_ms()),
              "--open backup-intro shows the briefing");
    /* a hang-up (the SSH connection dropped) cleans up as well */
    kill(vt_pid(t), SIGHUP);
    vt_wait_exit(t, vt_default_wait_ms());
    vt_free(t);
    E2E_CHECK(NULL, dir_entries(tmp) == 0, "nothing left in $TMPDIR after a hang-up");

    const char *v[] = {"validate", bad, NULL};
    run_result want = run(v);
    const char *envs[] = {envtmp, NULL};
    const char *b[] = {"preview", bad, NULL};
    run_result r = run_env(envs, 0, b);
    E2E_CHECK(NULL, r.status == 1 && strcmp(r.err, want.err) == 0,
              "an invalid file: exit %d, validate's errors\npreview: %s\nvalidate: %s",
              r.status, r.err, want.err);
    run_free(&r);
    run_free(&want);
    const char *nosuch[] = {"preview", file, "--open", "no-such", NULL};
    r = run_env(envs, 0, nosuch);
    E2E_CHECK(NULL, r.status == 1 && strstr(r.err, "no-such"), "an unknown --open: exit %d, %s",
              r.status, r.err);
    run_free(&r);
    E2E_CHECK(NULL, dir_entries(tmp) == 0, "nothing left in $TMPDIR after errors");
}

/* The status line (the last row) holds TEXT whole. */
static bool status_has(vt *t, void *arg)
{
    char *row = vt_row_text(t, -1);
    bool has = strstr(row, (const char *)arg) != NULL;
    free(row);
    return has;
}

/* mamori preview at 80 columns, a program with a long title (48 columns in
 * Japanese, 45 in English): the status line shows the title whole, the
 * parts with nothing to say ("-" for no session and no timer) left out
 * rather than the title cut. */
static void case_preview_title(void)
{
    const char *root = getenv("SOURCE_ROOT");
    E2E_CHECK(NULL, root && *root, "SOURCE_ROOT is set by meson");
    char mini[700];
    snprintf(mini, sizeof mini, "%s/scenarios/example-mini.json", root);
    char *text = read_text(mini, NULL);
    E2E_CHECK(NULL, text != NULL, "reading %s", mini);
    static const char *const titles[][2] = {
        {"ミニ研修：パスワードとバックアップ", "中小製造業のための情報セキュリティ基礎研修コース"},
        {"Mini course: passwords and backups", "Information security basics for small makers"},
    };
    struct {
        char *s;
        size_t n;
    } out = {NULL, 0};
    for (const char *p = text; *p;) {
        const char *hit = NULL;
        int which = -1;
        for (int k = 0; k < 2; k++) {
            const char *h = strstr(p, titles[k][0]);
            if (h && (!hit || h < hit)) {
                hit = h;
                which = k;
            }
        }
        if (!hit) {
            e2e_append(&out.s, &out.n, p, strlen(p));
            break;
        }
        e2e_append(&out.s, &out.n, p, (size_t)(hit - p));
        e2e_append(&out.s, &out.n, titles[which][1], strlen(titles[which][1]));
        p = hit + strlen(titles[which][0]);
    }
    free(text);
    const char *tmp = e2e_tmpdir();
    E2E_CHECK(NULL, tmp != NULL, "temporary directory");
    char *file = path_in(tmp, "long-title.json");
    write_text(file, out.s, out.n);
    free(out.s);
    char envtmp[760];
    snprintf(envtmp, sizeof envtmp, "TMPDIR=%s", tmp);
    const char *env[] = {envtmp, NULL};
    for (int en = 0; en < 2; en++) {
        const char *argv[] = {mamori_bin(), "preview", file, en ? "--lang" : NULL, "en", NULL};
        vt *t = vt_start(argv, env, 24, 80);
        E2E_CHECK(NULL, t != NULL, "vt_start");
        E2E_CHECK(t, vt_wait_text(t, en ? "Agenda" : "アジェンダ", vt_default_wait_ms()),
                  "the agenda");
        E2E_CHECK(t, vt_wait_until(t, status_has, (void *)titles[en][1],
                                   vt_default_wait_ms()),
                  "the status line shows \"%s\" whole", titles[en][1]);
        vt_send(t, "q");
        vt_wait_exit(t, vt_default_wait_ms());
        vt_free(t);
    }
}

static const e2e_case cases[] = {
    {"out-over-db", case_out_over_db},
    {"out-exists", case_out_exists},
    {"out-sqlite", case_out_sqlite},
    {"out-atomic", case_out_atomic},
    {"export-readonly", case_export_readonly},
    {"export-tty", case_export_tty},
    {"export-pipe", case_export_pipe},
    {"error-escaped", case_error_escaped},
    {"options-first", case_options_first},
    {"lang-ja", case_lang_ja},
    {"command-help", case_command_help},
    {"present-group", case_present_group},
    {"out-format", case_out_format},
    {"company-suggest", case_company_suggest},
    {"plain-csv", case_plain_csv},
    {"man-page", case_man_page},
    {"workshop-round-trip", case_workshop_round_trip},
    {"workshop-refused", case_workshop_refused},
    {"validate-snippet", case_validate_snippet},
    {"validate-warnings", case_validate_warnings},
    {"excel-line-breaks", case_excel_line_breaks},
    {"list-db", case_list_db},
    {"list-scenario", case_list_scenario},
    {"preview", case_preview},
    {"preview-title", case_preview_title},
    {"upgrade-retitle", case_upgrade_retitle},
    {"upgrade-drop", case_upgrade_drop},
    {"upgrade-nothing-written", case_upgrade_nothing_written},
    {"upgrade-add", case_upgrade_add},
    {"upgrade-narrow", case_upgrade_narrow},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
