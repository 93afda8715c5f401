/*
 * End-to-end cases for the database file itself (issue 10): the real mamori
 * binary on a damaged file, on a full disk, in a directory its user cannot
 * write, and a running terminal whose file is deleted or replaced.
 *
 *   e2e_store CASE     run one case (meson registers each as e2e-store-CASE)
 *   e2e_store          run them all
 *
 * A full disk is a small tmpfs mounted in a mount namespace of this test
 * process only (unshare(CLONE_NEWNS), so nothing is left mounted whatever
 * happens); where that is not allowed, a file size limit (RLIMIT_FSIZE, with
 * SIGXFSZ ignored) makes the writes fail the same way (EFBIG).
 * Another user is uid/gid 65534 (nobody): as root the test drops to it in
 * the child (setuid); as another user it takes the write permission away
 * from the directory instead.
 */
#include "vt.h"
#include "e2e_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#define ROWS 30
#define COLS 200
#define NOBODY 65534

#define LEDGER "asset-ledger"
#define MSG_FOOTER_TABLE "Enter 編集  f 詳細  a 追加"
#define MSG_FOOTER_EDIT "Enter 確定  Esc 取り消し"

static char self_path[PATH_MAX];

static int wait_ms(void)
{
    return vt_default_wait_ms();
}

static int sync_ms(void)
{
    const char *s = getenv("E2E_SYNC_MS");
    if (s && *s && atoi(s) > 0)
        return atoi(s);
    return 1000;
}

/* ---- files ---------------------------------------------------------------- */

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = NULL;
    size_t len = 0;
    char chunk[8192];
    size_t got;
    b = calloc(1, 1);
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        e2e_append(&b, &len, chunk, got);
    fclose(f);
    if (n)
        *n = len;
    return b;
}

static bool same_bytes(const char *a, size_t na, const char *path)
{
    size_t nb;
    char *b = read_all(path, &nb);
    bool same = b && na == nb && memcmp(a, b, na) == 0;
    free(b);
    return same;
}

static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

static bool side_exists(const char *db, const char *suffix)
{
    char *p;
    if (asprintf(&p, "%s%s", db, suffix) < 0)
        return false;
    bool e = exists(p);
    free(p);
    return e;
}

/* The names in DIR, one a line (for messages). */
static char *list_dir(const char *dir)
{
    char *out = calloc(1, 1);
    size_t len = 0;
    DIR *d = opendir(dir);
    if (!d)
        return out;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            e2e_append(&out, &len, e->d_name, strlen(e->d_name));
            e2e_append(&out, &len, "\n", 1);
        }
    closedir(d);
    return out;
}

/* The first file of DIR whose name starts with PREFIX (static), or NULL. */
static const char *find_in(const char *dir, const char *prefix)
{
    static char found[PATH_MAX + 300];
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    const char *res = NULL;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            snprintf(found, sizeof found, "%s/%s", dir, e->d_name);
            res = found;
            break;
        }
    closedir(d);
    return res;
}

/* ---- running mamori ------------------------------------------------------ */

/* mamori init --db DIR/NAME --groups N; the path (static, 4 in turn). */
static const char *new_workshop_in(const char *dir, const char *name, int groups)
{
    static char paths[4][PATH_MAX];
    static int next;
    char *path = paths[next++ % 4];
    snprintf(path, sizeof paths[0], "%s/%s", dir, name);
    char g[16];
    snprintf(g, sizeof g, "%d", groups);
    const char *args[] = {"init", "--db", path, "--groups", g, NULL};
    run_result r = run_mamori(args);
    E2E_CHECK(NULL, r.status == 0, "mamori init --db %s: exit %d: %s", path, r.status, r.err);
    run_free(&r);
    return path;
}

static const char *new_workshop(int groups)
{
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "a temporary directory");
    return new_workshop_in(dir, "workshop.db", groups);
}

/* Two rows in group G's asset ledger, through `mamori import`. */
static void two_rows(const char *db, const char *g)
{
    char csv[PATH_MAX];
    snprintf(csv, sizeof csv, "%s.rows.csv", db);
    FILE *f = fopen(csv, "w");
    E2E_CHECK(NULL, f != NULL, "writing %s", csv);
    fputs("業務分類,情報資産名称,備考\n会計,経理PC,事務所\n営業,顧客台帳,共有フォルダ\n", f);
    fclose(f);
    const char *args[] = {"import", "--db", db, "--group", g, "--activity", LEDGER, csv, NULL};
    run_result r = run_mamori(args);
    E2E_CHECK(NULL, r.status == 0, "import: exit %d: %s", r.status, r.err);
    run_free(&r);
    unlink(csv);
}

/* Drops to uid/gid NOBODY (the caller is root); false if it cannot. */
static bool become_nobody(void)
{
    return setgroups(0, NULL) == 0 && setgid(NOBODY) == 0 && setuid(NOBODY) == 0;
}

/* Like run_mamori, as user NOBODY when AS_NOBODY (the test runs as root). */
static run_result run_as(bool as_nobody, const char *const args[])
{
    return run_mamori_as(as_nobody ? become_nobody : NULL, args);
}

/* One line on stderr (the message and its newline), no ESC. */
static bool one_line(const char *err)
{
    const char *nl = strchr(err, '\n');
    return nl && nl[1] == '\0' && !strchr(err, '\x1b');
}

/* mamori in a pty: --db DB [--group G] [--open ACT] --lang ja, as NOBODY
 * (through this program: "e2e_store --as-nobody mamori ...") when asked. */
static vt *start_mamori(const char *db, const char *group, const char *activity,
                        bool as_nobody)
{
    const char *argv[20];
    int n = 0;
    if (as_nobody) {
        argv[n++] = self_path;
        argv[n++] = "--as-nobody";
    }
    argv[n++] = mamori_bin();
    argv[n++] = "--db";
    argv[n++] = db;
    if (group) {
        argv[n++] = "--group";
        argv[n++] = group;
    }
    if (activity) {
        argv[n++] = "--open";
        argv[n++] = activity;
    }
    argv[n++] = "--lang";
    argv[n++] = "ja";
    argv[n] = NULL;
    vt *t = vt_start(argv, NULL, ROWS, COLS);
    E2E_CHECK(NULL, t != NULL, "starting mamori");
    return t;
}

/* ---- a damaged file (defect 4) ------------------------------------------ */

/* Overwrites N bytes at OFFSET of the first page of TABLE's b-tree, found
 * through sqlite_master. */
static void corrupt_page(const char *db, const char *table, long offset, int byte, int n)
{
    sqlite3 *h;
    E2E_CHECK(NULL, sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK,
              "opening %s", db);
    sqlite3_stmt *s;
    int root = 0, page = 0;
    E2E_CHECK(NULL, sqlite3_prepare_v2(h, "SELECT rootpage FROM sqlite_master WHERE name = ?1",
              -1, &s, NULL) == SQLITE_OK, "prepare");
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW)
        root = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    E2E_CHECK(NULL, sqlite3_prepare_v2(h, "PRAGMA page_size", -1, &s, NULL) == SQLITE_OK,
              "prepare");
    if (sqlite3_step(s) == SQLITE_ROW)
        page = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    E2E_CHECK(NULL, root > 1 && page >= 512, "the root page of %s: %d", table, root);
    E2E_CHECK(NULL, !side_exists(db, "-wal"), "everything is in the main file");
    int fd = open(db, O_WRONLY);
    E2E_CHECK(NULL, fd >= 0, "opening %s: %s", db, strerror(errno));
    char junk[256];
    memset(junk, byte, sizeof junk);
    E2E_CHECK(NULL, n <= (int)sizeof junk && pwrite(fd, junk, (size_t)n,
              (off_t)(root - 1) * page + offset) == n, "pwrite");
    close(fd);
}

static void check_damaged_export(const char *db)
{
    size_t n;
    char *before = read_all(db, &n);
    const char *csv[] = {"export", "--db", db, "--group", "1", "--activity", LEDGER,
                         "--format", "csv", "--lang", "en", NULL};
    run_result r = run_mamori(csv);
    E2E_CHECK(NULL, r.status == 1, "export of a damaged file: exit %d\nstdout: %s\nstderr: %s",
              r.status, r.out, r.err);
    E2E_CHECK(NULL, strstr(r.err, "is damaged") && strstr(r.err, "restore it from a backup")
              && one_line(r.err), "one line saying it is damaged: %s", r.err);
    E2E_CHECK(NULL, r.out[0] == '\0', "no data printed (no blank cells):\n%s", r.out);
    run_free(&r);
    /* the group's whole report too, and in Japanese */
    const char *md[] = {"export", "--db", db, "--group", "1", "--format", "md",
                        "--lang", "ja", NULL};
    r = run_mamori(md);
    E2E_CHECK(NULL, r.status == 1 && strstr(r.err, "壊れています")
              && strstr(r.err, "バックアップから戻してください") && one_line(r.err),
              "report of a damaged file: exit %d: %s", r.status, r.err);
    E2E_CHECK(NULL, r.out[0] == '\0', "no report printed:\n%s", r.out);
    run_free(&r);
    E2E_CHECK(NULL, same_bytes(before, n, db), "the damaged file is left as it was");
    free(before);
}

/* A corrupted page of the cell table: export says the file is damaged and
 * prints no cell, never blank cells as data. */
static void case_corrupt_export(void)
{
    /* the cell pointers of the page: the rows used to come out blank */
    const char *db = new_workshop(2);
    two_rows(db, "1");
    corrupt_page(db, "cell", 8, 0x07, 40);
    check_damaged_export(db);
    /* the page header: the report used to come out empty, exit 0 */
    db = new_workshop(2);
    two_rows(db, "1");
    corrupt_page(db, "cell", 0, 0xff, 64);
    check_damaged_export(db);
}

/* ---- a full disk (defect 11) -------------------------------------------- */

/* A directory DIR/full of about KB kilobytes of free space: a tmpfs in this
 * process's own mount namespace, or (when mounting is not allowed) a file
 * size limit of KB for this process and its children. Which one, in *HOW. */
static void small_disk(const char *dir, char *full, size_t n, int kb, const char **how)
{
    snprintf(full, n, "%s/full%d", dir, kb);
    E2E_CHECK(NULL, mkdir(full, 0755) == 0, "mkdir %s: %s", full, strerror(errno));
    char opts[64];
    snprintf(opts, sizeof opts, "size=%dk,mode=0755", kb);
    const char *force = getenv("E2E_DISK_FULL"); /* "rlimit": try the fallback */
    if (!(force && strcmp(force, "rlimit") == 0) && unshare(CLONE_NEWNS) == 0 && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0
        && mount("tmpfs", full, "tmpfs", 0, opts) == 0) {
        *how = "tmpfs";
        return;
    }
    *how = "rlimit";
}

/* Fills the tmpfs at FULL to the last byte (the rlimit way needs none). */
static void fill(const char *full, const char *how)
{
    if (strcmp(how, "tmpfs") != 0)
        return;
    char p[PATH_MAX + 16];
    snprintf(p, sizeof p, "%s/filler", full);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    E2E_CHECK(NULL, fd >= 0, "filler: %s", strerror(errno));
    char b[4096] = {0};
    while (write(fd, b, sizeof b) > 0)
        ;
    while (write(fd, b, 1) > 0)
        ;
    close(fd);
}

/* What mamori must say: the disk is full, or (the fallback) the size limit. */
static const char *full_says(const char *how)
{
    return strcmp(how, "tmpfs") == 0 ? "is full; free some space" : "ulimit -f";
}

static void limit_size(const char *how, rlim_t bytes)
{
    if (strcmp(how, "rlimit") != 0)
        return;
    signal(SIGXFSZ, SIG_IGN); /* inherited: the write fails with EFBIG instead */
    struct rlimit rl = {bytes, bytes};
    E2E_CHECK(NULL, setrlimit(RLIMIT_FSIZE, &rl) == 0, "setrlimit: %s", strerror(errno));
}

/* mamori init on a full disk: says the disk is full, and leaves nothing
 * (before: "could not save: database or disk is full", and a -wal and -shm
 * left behind). The disk fills while the schema is made (96k) or while the
 * scenario is stored (200k). */
static void case_disk_full_init(void)
{
    const char *dir = e2e_tmpdir();
    const int sizes[] = {96, 200};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        pid_t pid = fork(); /* each in a process of its own: the limit stays there */
        E2E_CHECK(NULL, pid >= 0, "fork");
        if (pid > 0) {
            int st;
            waitpid(pid, &st, 0);
            E2E_CHECK(NULL, WIFEXITED(st) && WEXITSTATUS(st) == 0, "at %d KB", sizes[k]);
            continue;
        }
        char full[PATH_MAX];
        const char *how;
        small_disk(dir, full, sizeof full, sizes[k], &how);
        fprintf(stderr, "disk full by: %s, %d KB\n", how, sizes[k]);
        limit_size(how, (rlim_t)sizes[k] * 1024);
        char db[PATH_MAX + 16];
        snprintf(db, sizeof db, "%s/ws.db", full);
        const char *args[] = {"init", "--db", db, "--lang", "en", NULL};
        run_result r = run_mamori(args);
        char *left = list_dir(full);
        E2E_CHECK(NULL, r.status == 1 && strstr(r.err, full_says(how))
                  && one_line(r.err), "init on a full disk (%s): exit %d: %s", how, r.status,
                  r.err);
        E2E_CHECK(NULL, !exists(db) && !side_exists(db, "-wal") && !side_exists(db, "-shm"),
                  "nothing left behind (%s):\n%s", how, left);
        free(left);
        run_free(&r);
        fflush(NULL);
        _exit(0); /* not exit(): the temporary directory is the parent's to remove */
    }
}

/* A workshop on a disk that fills up before a terminal opens it: the disk
 * is full (not "disk I/O error"), the file is unchanged, and no -wal or
 * 3-byte -shm is left to trip up the next reader. */
static void case_disk_full_open(void)
{
    const char *dir = e2e_tmpdir();
    const char *made = new_workshop_in(dir, "made.db", 2);
    size_t n;
    char *bytes = read_all(made, &n);
    E2E_CHECK(NULL, bytes != NULL, "reading %s", made);
    char full[PATH_MAX];
    const char *how;
    small_disk(dir, full, sizeof full, (int)(n / 1024) + 24, &how);
    fprintf(stderr, "disk full by: %s\n", how);
    char db[PATH_MAX + 16];
    snprintf(db, sizeof db, "%s/ws.db", full);
    int fd = open(db, O_WRONLY | O_CREAT | O_EXCL, 0600);
    E2E_CHECK(NULL, fd >= 0 && write(fd, bytes, n) == (ssize_t)n, "copying the workshop");
    close(fd);
    fill(full, how);
    limit_size(how, 16 * 1024); /* less than a -shm: reading the file is not writing */
    const char *args[] = {"export", "--db", db, "--group", "1", "--activity", LEDGER,
                          "--format", "csv", "--lang", "en", NULL};
    run_result r = run_mamori(args);
    char *left = list_dir(full);
    E2E_CHECK(NULL, r.status == 1 && strstr(r.err, full_says(how))
              && one_line(r.err), "opening on a full disk (%s): exit %d: %s", how, r.status, r.err);
    E2E_CHECK(NULL, !side_exists(db, "-wal") && !side_exists(db, "-shm"),
              "no -wal or -shm left behind (%s):\n%s", how, left);
    E2E_CHECK(NULL, same_bytes(bytes, n, db), "the workshop file is unchanged");
    free(left);
    free(bytes);
    run_free(&r);
    if (strcmp(how, "tmpfs") == 0)
        umount2(full, MNT_DETACH); /* so the temporary directory can go */
}

/* ---- deleted or replaced under a running terminal (defect 6) ------------- */

static void gone_case(bool replace)
{
    const char *db = new_workshop(3);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", db);
    *strrchr(dir, '/') = '\0';
    vt *g = start_mamori(db, "2", LEDGER, false);
    E2E_CHECK(g, vt_wait_text(g, MSG_FOOTER_TABLE, wait_ms()), "the table opens");
    vt_send(g, "a");
    E2E_CHECK(g, vt_wait_text(g, MSG_FOOTER_EDIT, wait_ms()), "the editor opens");
    vt_type(g, "書きかけの資産名");
    E2E_CHECK(g, vt_wait_text(g, "書きかけの資産名", wait_ms()), "the text being typed");
    size_t n = 0;
    char *other_bytes = NULL;
    if (replace) {
        /* a backup (another workshop) moved into its place */
        const char *other = new_workshop_in(dir, "backup.db", 5);
        other_bytes = read_all(other, &n);
        E2E_CHECK(g, rename(other, db) == 0, "rename: %s", strerror(errno));
    } else {
        E2E_CHECK(g, unlink(db) == 0, "unlink: %s", strerror(errno));
    }
    long long t0 = e2e_now_ms();
    E2E_CHECK(g, vt_wait_text(g, "削除されたか置き換えられました", wait_ms()),
              "the terminal says the database went away");
    long long took = e2e_now_ms() - t0;
    E2E_CHECK(g, took <= sync_ms(), "noticed within %d ms (took %lld)", sync_ms(), took);
    fprintf(stderr, "noticed in %lld ms\n", took);
    E2E_CHECK(g, vt_wait_text(g, "mamori-draft-2-", wait_ms()), "and says where the draft is");
    int status = vt_wait_exit(g, wait_ms());
    E2E_CHECK(g, status == 1, "it stops (exit %d)", status);
    const char *draft = find_in(dir, "mamori-draft-2-");
    E2E_CHECK(g, draft != NULL, "a draft file beside the database");
    char *text = read_all(draft, NULL);
    E2E_CHECK(g, text && strstr(text, "書きかけの資産名"), "the typed text is in it:\n%s",
              text ? text : "(unreadable)");
    free(text);
    struct stat sb;
    E2E_CHECK(g, stat(draft, &sb) == 0 && (sb.st_mode & 077) == 0, "private (mode %o)",
              (unsigned)sb.st_mode & 0777);
    vt_free(g);
    if (replace) {
        E2E_CHECK(NULL, same_bytes(other_bytes, n, db), "the file moved in is untouched");
        /* and it reads as itself, not through the old file's WAL */
        const char *args[] = {"export", "--db", db, "--group", "5", "--activity", LEDGER,
                              "--format", "csv", NULL};
        run_result r = run_mamori(args);
        E2E_CHECK(NULL, r.status == 0, "the backup opens: exit %d: %s", r.status, r.err);
        run_free(&r);
        free(other_bytes);
    }
}

static void case_gone_replaced(void)
{
    gone_case(true);
}

static void case_gone_deleted(void)
{
    gone_case(false);
}

/* ---- a directory the user cannot write (defect 9) ------------------------ */

/* A workshop in a directory the test's other user may read but not write:
 * root gives the directory and the file to root, readable by all, and runs
 * mamori as nobody; another user takes away its own write permission. *AS
 * says whether to drop to nobody. */
static const char *unwritable_workshop(bool *as_nobody)
{
    const char *db = new_workshop(2);
    two_rows(db, "1");
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", db);
    *strrchr(dir, '/') = '\0';
    E2E_CHECK(NULL, chmod(db, 0644) == 0, "chmod %s", db);
    if (geteuid() == 0) {
        E2E_CHECK(NULL, chmod(dir, 0755) == 0, "chmod %s", dir);
        /* nobody must reach the directory through its parents */
        char up[PATH_MAX];
        snprintf(up, sizeof up, "%s", dir);
        for (char *s = strrchr(up, '/'); s && s != up; s = strrchr(up, '/')) {
            *s = '\0';
            struct stat sb;
            if (stat(up, &sb) == 0 && !(sb.st_mode & S_IXOTH))
                e2e_skip("%s is not searchable by other users", up);
        }
        pid_t p = fork();
        if (p == 0)
            _exit(become_nobody() ? 0 : 1);
        int st;
        waitpid(p, &st, 0);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            e2e_skip("cannot switch to uid %d here", NOBODY);
        *as_nobody = true;
    } else {
        E2E_CHECK(NULL, chmod(dir, 0555) == 0, "chmod %s", dir);
        *as_nobody = false;
    }
    return db;
}

/* Before any terminal that can write has it open: not a frozen snapshot
 * ("waiting for the facilitator" forever) but one line saying exactly what
 * is wrong, on the command line and from the terminal. */
static void case_readonly_dir_first(void)
{
    bool nobody;
    const char *db = unwritable_workshop(&nobody);
    const char *args[] = {"export", "--db", db, "--group", "1", "--activity", LEDGER,
                          "--format", "csv", "--lang", "en", NULL};
    run_result r = run_as(nobody, args);
    E2E_CHECK(NULL, r.status == 1 && strstr(r.err, "is not writable for you")
              && strstr(r.err, "start the facilitator") && one_line(r.err),
              "export: exit %d\nstdout: %s\nstderr: %s", r.status, r.out, r.err);
    run_free(&r);
    vt *p = start_mamori(db, NULL, NULL, nobody);
    E2E_CHECK(p, vt_wait_text(p, "書き込めない", wait_ms()), "the projector says why");
    int status = vt_wait_exit(p, wait_ms());
    E2E_CHECK(p, status == 1, "and stops (exit %d)", status);
    vt_free(p);
    E2E_CHECK(NULL, !side_exists(db, "-shm"), "nothing made beside it");
}

/* Once a terminal that can write has it open, a read-only terminal opens it
 * and follows every write live, like any other. */
static void case_readonly_dir_live(void)
{
    bool nobody;
    const char *db = unwritable_workshop(&nobody);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", db);
    *strrchr(dir, '/') = '\0';
    /* the facilitator's side: a connection that stays open (its -wal and
     * -shm stay, readable by all as the file is); without root, the test's
     * user is the writer while it may write the directory */
    if (!nobody)
        chmod(dir, 0755);
    sqlite3 *w;
    E2E_CHECK(NULL, sqlite3_open(db, &w) == SQLITE_OK, "opening %s", db);
    E2E_CHECK(NULL, sqlite3_exec(w, "SELECT count(*) FROM grp", NULL, NULL, NULL) == SQLITE_OK,
              "reading");
    E2E_CHECK(NULL, side_exists(db, "-shm"), "the writer's -shm is there");
    if (!nobody)
        chmod(dir, 0555);
    vt *g = start_mamori(db, "1", LEDGER, nobody);
    E2E_CHECK(g, vt_wait_text(g, "経理PC", wait_ms()), "the read-only terminal shows the rows");
    E2E_CHECK(g, vt_wait_text(g, "読み取り専用", wait_ms()), "and says it is read-only");
    if (!nobody)
        chmod(dir, 0755);
    const char *tmp = e2e_tmpdir();
    char csv[PATH_MAX];
    snprintf(csv, sizeof csv, "%s/more.csv", tmp);
    FILE *f = fopen(csv, "w");
    E2E_CHECK(g, f != NULL, "writing %s", csv);
    fputs("業務分類,情報資産名称\n総務,入退室カード\n", f);
    fclose(f);
    const char *args[] = {"import", "--db", db, "--group", "1", "--activity", LEDGER, csv, NULL};
    run_result r = run_mamori(args);
    E2E_CHECK(g, r.status == 0, "import by the writer: exit %d: %s", r.status, r.err);
    run_free(&r);
    E2E_CHECK(g, vt_wait_text(g, "入退室カード", sync_ms()),
              "the read-only terminal shows the new row within %d ms", sync_ms());
    vt_free(g);
    sqlite3_close(w);
}

static const e2e_case cases[] = {
    {"corrupt-export", case_corrupt_export},
    {"disk-full-init", case_disk_full_init},
    {"disk-full-open", case_disk_full_open},
    {"gone-replaced", case_gone_replaced},
    {"gone-deleted", case_gone_deleted},
    {"readonly-dir-first", case_readonly_dir_first},
    {"readonly-dir-live", case_readonly_dir_live},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    /* the wrapper for a terminal of another user: e2e_store --as-nobody CMD... */
    if (argc > 2 && strcmp(argv[1], "--as-nobody") == 0) {
        if (!become_nobody()) {
            perror("setuid");
            return 126;
        }
        execv(argv[2], argv + 2);
        perror(argv[2]);
        return 127;
    }
    ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    if (n > 0)
        self_path[n] = '\0';
    return e2e_main(argc, argv, cases);
}
