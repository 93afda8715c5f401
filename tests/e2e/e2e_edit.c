/*
 * End-to-end cases for the editing layer shared by the five activity views
 * (table, checklist, document, board, survey): the real mamori binary
 * (MAMORI_BIN) in a pty, in Japanese, on workshops made by `mamori init`
 * with the bundled program and a small roster (`mamori import --roster`).
 *
 *   e2e_edit CASE     run one case (meson registers each as e2e-edit-CASE)
 *   e2e_edit          run them all
 *   e2e_edit --list
 *
 * Behaviours that every view that writes must share (the conflict dialog,
 * undo / redo, the draft kept over a hang-up, the key help) are one body
 * each, run per view from one table of view descriptors (`views` below):
 * CASE is BEHAVIOUR-VIEW, e.g. conflict-board.  The other cases are the
 * asset ledger's (and a few other views') known slips.  See EDIT_TESTS.md.
 *
 * What is stored is read back with `mamori export` (fork/exec); screens are
 * waited on with deadlines, never fixed sleeps.
 */
#include "vt.h"
#include "e2e_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROWS 30
#define COLS 100
#define TALL 80          /* rows of a terminal on which the whole help fits */

#define LEDGER "asset-ledger"
#define ROW_CELL (-4)    /* the table's 「タイトル: 値」 line */
#define ROW_FOOTER (-2)

/* Fixed strings of the contract (src/core/messages.def). */
#define MSG_RESTORED "前回入力中だった内容を戻しました"
#define MSG_CONFLICT "ほかの端末が同時に"
#define MSG_KEPT_MINE "あなたの値を保存しました"
#define MSG_KEPT_THEIRS "いまの値を残しました"
#define MSG_HELP "キー操作"
#define HELP_ADD_ROW "下に行を追加"
#define HELP_SEARCH_NEXT "次を検索"
#define HELP_UNDO "元に戻す"
#define HELP_NEXT_SESSION "全体を次の回へ進める"
#define HELP_PREV_SESSION "全体を前の回へ戻す"
#define HELP_TIMER "タイマーを一時停止／再開"
#define FOOTER_TABLE "Enter 編集  f 詳細"
#define FOOTER_LINE_EDIT "Enter 確定"
#define FOOTER_TEXT_EDIT "Ctrl-S 確定"
#define FOOTER_PICK "上下 選ぶ  Enter 決定"   /* any picker of one choice */
#define CTRL_S "\x13"
#define CTRL_U "\x15"
#define CTRL_R "\x12"
#define CTRL_L "\x0c"

#define T_CATEGORY "業務分類"
#define T_NAME "情報資産名称"
#define T_NOTE "備考"
#define T_PII "個人情報の種類"
#define T_C "機密性"
#define T_REGISTERED "登録日"

/* The roster of every workshop: group 1 has two companies (the checklist
 * cases switch between them with Tab), group 2 one. */
#define ROSTER "グループ,会社,氏名\n" \
               "1,さくら精密,佐藤 健一\n" \
               "1,みなと印刷,鈴木 美咲\n" \
               "2,あおば会計,高橋 大輔\n"
#define COMPANY1 "さくら精密"
#define COMPANY2 "みなと印刷"
#define PERSON1 "佐藤 健一"

static int wait_ms(void)
{
    return vt_default_wait_ms();
}

/* Soft checks: a failed one is reported (with the screen) and the case
 * goes on, so one run shows every way a view departs from the contract;
 * soft_done() at the end of the case fails it if any did. */
static int soft_failures;

static void soft_check(vt *t, bool ok, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void soft_check(vt *t, bool ok, int line, const char *fmt, ...)
{
    if (ok)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: FAIL (soft): ", __FILE__, line);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    if (t)
        vt_dump(t, stderr);
    soft_failures++;
}
#define SOFT_CHECK(t, cond, ...) soft_check((t), (cond), __LINE__, __VA_ARGS__)

static void soft_done(void)
{
    if (soft_failures)
        e2e_fail(NULL, __FILE__, __LINE__, "%d check(s) failed (see above)",
                 soft_failures);
}

/* ---- running mamori without a terminal ---------------------------------- */



static const char *write_file(const char *dir, const char *name,
                              const char *text)
{
    static char paths[8][700];
    static int next;
    char *path = paths[next++ % 8];
    snprintf(path, sizeof paths[0], "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    E2E_CHECK(NULL, f != NULL, "writing %s: %s", path, strerror(errno));
    fputs(text, f);
    fclose(f);
    return path;
}

static const char *dir_of_db(const char *db)
{
    static char dir[700];
    snprintf(dir, sizeof dir, "%s", db);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    return dir;
}

/* A fresh workshop of the bundled program with groups 1 and 2 and the
 * roster above, in a fresh temporary directory. */
static const char *new_workshop(void)
{
    static char paths[4][600];
    static int next;
    char *path = paths[next++ % 4];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(path, sizeof paths[0], "%s/workshop.db", dir);
    const char *init[] = {"init", "--db", path, "--groups", "2", NULL};
    run_result r = run_mamori(init);
    E2E_CHECK(NULL, r.status == 0, "mamori init: exit %d\n%s%s", r.status,
              r.out, r.err);
    run_free(&r);
    const char *roster = write_file(dir, "roster.csv", ROSTER);
    const char *imp[] = {"import", "--db", path, "--roster", roster, NULL};
    r = run_mamori(imp);
    E2E_CHECK(NULL, r.status == 0, "mamori import --roster: exit %d\n%s%s",
              r.status, r.out, r.err);
    run_free(&r);
    return path;
}

/* mamori import --db DB --group 1 --activity ACT FILE.csv with TEXT. */
static void import_rows(const char *db, const char *activity, const char *text)
{
    const char *csv = write_file(dir_of_db(db), "rows.csv", text);
    const char *args[] = {"import", "--db", db, "--group", "1", "--activity",
                          activity, csv, NULL};
    run_result r = run_mamori(args);
    E2E_CHECK(NULL, r.status == 0, "mamori import %s: exit %d\n%s%s", activity,
              r.status, r.out, r.err);
    run_free(&r);
}

/* ---- CSV ----------------------------------------------------------------- */


/* ---- exports --------------------------------------------------------------- */

/* mamori export --db DB [FLAG OWNER] --activity ACT --format FMT --lang ja */
static char *export_any(vt *t, const char *db, const char *flag,
                        const char *owner, const char *activity,
                        const char *format)
{
    const char *args[16];
    int n = 0;
    args[n++] = "export";
    args[n++] = "--db";
    args[n++] = db;
    if (flag) {
        args[n++] = flag;
        args[n++] = owner;
    }
    args[n++] = "--activity";
    args[n++] = activity;
    args[n++] = "--format";
    args[n++] = format;
    args[n++] = "--lang";
    args[n++] = "ja";
    args[n] = NULL;
    run_result r = run_mamori(args);
    if (r.status != 0)
        e2e_fail(t, __FILE__, __LINE__, "mamori export --activity %s: exit "
                 "%d\nstdout: %s\nstderr: %s", activity, r.status, r.out,
                 r.err);
    free(r.err);
    return r.out;
}

static char *export_ledger(vt *t, const char *db)
{
    return export_any(t, db, "--group", "1", LEDGER, "csv");
}

typedef bool (*export_pred)(const char *text, void *arg);

/* Poll an export until pred holds or the deadline passes (the terminal's
 * output is pumped meanwhile, which also paces the polling).  The last
 * export text is returned in *last (caller frees) if last is not NULL. */
static bool wait_export_until(vt *t, const char *db, const char *flag,
                              const char *owner, const char *activity,
                              const char *format, export_pred pred, void *arg,
                              int ms, char **last)
{
    long long deadline = e2e_now_ms() + ms;
    for (;;) {
        char *text = export_any(t, db, flag, owner, activity, format);
        bool ok = pred(text, arg);
        if (ok || e2e_now_ms() >= deadline) {
            if (last)
                *last = text;
            else
                free(text);
            return ok;
        }
        free(text);
        if (t)
            vt_pump(t, 150);
        else
            poll(NULL, 0, 150);
    }
}

static bool has_str(const char *text, void *arg)
{
    return strstr(text, (const char *)arg) != NULL;
}

static bool lacks_str(const char *text, void *arg)
{
    return strstr(text, (const char *)arg) == NULL;
}

typedef struct {
    const char *yes, *no;
} yes_no;

static bool has_and_lacks(const char *text, void *arg)
{
    const yes_no *p = arg;
    return strstr(text, p->yes) && !strstr(text, p->no);
}

/* ---- terminals ----------------------------------------------------------- */

/* mamori --db DB [--group G] --open ACT --lang ja, rows x COLS. */
static vt *start_mamori(const char *db, const char *group,
                        const char *activity, int rows)
{
    return e2e_open(db, group, activity, rows, COLS);
}

/* The pid of the mamori running in `t`: the child of this process whose
 * HOME is the terminal's. */
static pid_t child_pid(vt *t)
{
    char want[128];
    snprintf(want, sizeof want, "HOME=%s", vt_home(t));
    DIR *d = opendir("/proc");
    E2E_CHECK(t, d != NULL, "opendir /proc");
    pid_t found = -1;
    struct dirent *e;
    while (found < 0 && (e = readdir(d))) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0)
            continue;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t k = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[k] = '\0';
        const char *rp = strrchr(buf, ')');
        char state;
        long ppid;
        if (!rp || sscanf(rp + 1, " %c %ld", &state, &ppid) != 2 ||
            ppid != (long)getpid())
            continue;
        snprintf(path, sizeof path, "/proc/%ld/environ", pid);
        int fd = open(path, O_RDONLY);
        if (fd < 0)
            continue;
        char env[65536];
        ssize_t got = read(fd, env, sizeof env - 1);
        close(fd);
        if (got <= 0)
            continue;
        env[got] = '\0';
        for (ssize_t p = 0; p < got; p += (ssize_t)strlen(env + p) + 1)
            if (strcmp(env + p, want) == 0) {
                found = (pid_t)pid;
                break;
            }
    }
    closedir(d);
    E2E_CHECK(t, found > 0, "finding the pid of the terminal's mamori");
    return found;
}

/* The terminal goes away as when an SSH session drops: SIGHUP to mamori,
 * then wait for it to exit. */
static void hang_up(vt *t)
{
    pid_t pid = child_pid(t);
    E2E_CHECK(t, kill(pid, SIGHUP) == 0, "kill SIGHUP: %s", strerror(errno));
    int rc = vt_wait_exit(t, wait_ms());
    E2E_CHECK(t, rc != -1, "mamori still runs %d ms after SIGHUP", wait_ms());
    vt_free(t);
}

static void wait_text(vt *t, const char *text, const char *what, int line)
{
    if (!vt_wait_text(t, text, wait_ms()))
        e2e_fail(t, __FILE__, line, "%s: \"%s\" did not appear within %d ms",
                 what, text, wait_ms());
}
#define WAIT_TEXT(t, text, what) wait_text((t), (text), (what), __LINE__)

static void wait_gone(vt *t, const char *text, const char *what, int line)
{
    if (!vt_wait_gone(t, text, wait_ms()))
        e2e_fail(t, __FILE__, line, "%s: \"%s\" still shown after %d ms",
                 what, text, wait_ms());
}
#define WAIT_GONE(t, text, what) wait_gone((t), (text), (what), __LINE__)

static void quit(vt *t)
{
    vt_send(t, "q");
    vt_wait_exit(t, wait_ms());
    vt_free(t);
}

static bool screen_differs(vt *t, void *arg);

/* ---- the table's current-cell line --------------------------------------- */

static void cur_title(vt *t, char *out, size_t n)
{
    char *s = vt_row_text(t, ROW_CELL);
    const char *p = s + strspn(s, " ");
    size_t len = strcspn(p, ":");
    if (len >= n)
        len = n - 1;
    memcpy(out, p, len);
    out[len] = '\0';
    free(s);
}

static bool cur_title_is(vt *t, const char *title)
{
    char b[200];
    cur_title(t, b, sizeof b);
    return strcmp(b, title) == 0;
}

static bool title_changed(vt *t, void *arg)
{
    char b[200];
    cur_title(t, b, sizeof b);
    return strcmp(b, (const char *)arg) != 0;
}

/* Move column by column with `key` until the current-cell line names
 * `title`. */
static void move_to(vt *t, const char *key, const char *title, int line)
{
    for (int step = 0; step < 30 && !cur_title_is(t, title); step++) {
        char before[200];
        cur_title(t, before, sizeof before);
        vt_send(t, key);
        if (!vt_wait_until(t, title_changed, before, wait_ms()))
            e2e_fail(t, __FILE__, line, "%s does not move the cursor off %s "
                     "(looking for %s)", key, before, title);
    }
    if (!cur_title_is(t, title))
        e2e_fail(t, __FILE__, line, "the cursor does not reach column %s",
                 title);
}
#define MOVE_RIGHT_TO(t, title) move_to((t), "l", (title), __LINE__)
#define MOVE_LEFT_TO(t, title) move_to((t), "h", (title), __LINE__)

/* The table is open with its grid footer and the cursor on a cell. */
static void wait_table(vt *t, int line)
{
    if (!vt_wait_row(t, 1, "グループ 1 の表", wait_ms()))
        e2e_fail(t, __FILE__, line, "the table's info line");
    if (!vt_wait_row(t, ROW_FOOTER, FOOTER_TABLE, wait_ms()))
        e2e_fail(t, __FILE__, line, "the table's key footer");
}
#define WAIT_TABLE(t) wait_table((t), __LINE__)

/* ? then Esc: every key sent before has been handled, and the grid has the
 * keys again. */
static void grid_barrier(vt *t, int line)
{
    vt_send(t, "?");
    if (!vt_wait_text(t, MSG_HELP, wait_ms()))
        e2e_fail(t, __FILE__, line, "? does not open the key help (is an "
                 "editor or picker still open?)");
    vt_key(t, VT_KEY_ESC);
    if (!vt_wait_gone(t, MSG_HELP, wait_ms()))
        e2e_fail(t, __FILE__, line, "Esc does not close the key help");
}
#define GRID_BARRIER(t) grid_barrier((t), __LINE__)

/* ---- the views that write: one descriptor each ---------------------------- */

typedef struct view_desc {
    const char *name;        /* the case suffix: table, checklist, ... */
    const char *activity;    /* --open */
    const char *ready;       /* on screen once the view is open */
    /* how to read it back: mamori export [flag owner] --format format */
    const char *export_flag, *export_owner, *export_format;
    void (*prepare)(const char *db);  /* data the cases start from */
    void (*begin_edit)(vt *t);        /* from the open view: the editor on
                                         the field, empty (or its starter) */
    const char *editing;     /* on screen while the editor is open */
    const char *save;        /* the keys that save the editor */
    bool has_add_row;        /* does the view add rows / notes (a)? */
    bool has_search;         /* does the view search (/ n N)? */
} view_desc;

static char *export_view(vt *t, const char *db, const view_desc *v)
{
    return export_any(t, db, v->export_flag, v->export_owner, v->activity,
                      v->export_format);
}

static bool wait_view_export(vt *t, const char *db, const view_desc *v,
                             export_pred pred, void *arg, int ms, char **last)
{
    return wait_export_until(t, db, v->export_flag, v->export_owner,
                             v->activity, v->export_format, pred, arg, ms,
                             last);
}

static vt *open_view(const char *db, const view_desc *v, const char *group,
                     int rows)
{
    vt *t = start_mamori(db, group, v->activity, rows);
    WAIT_TEXT(t, v->ready, "the view opens");
    return t;
}

/* table: group 1's asset ledger with one row; the field is its 備考. */
static void prepare_table(const char *db)
{
    import_rows(db, LEDGER, T_CATEGORY "," T_NAME "\n総務,共有フォルダ\n");
}

static void begin_table(vt *t)
{
    WAIT_TABLE(t);
    E2E_CHECK(t, vt_wait_text(t, "共有フォルダ", wait_ms()), "the row");
    MOVE_RIGHT_TO(t, T_NOTE);
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, FOOTER_LINE_EDIT, wait_ms()),
              "Enter opens the line editor on %s", T_NOTE);
    vt_send(t, CTRL_U);
}

/* checklist: the hearing (company-scoped, with notes: the bundled
 * self-check has no note column); the field is the first entry's note. */
static void prepare_none(const char *db)
{
    (void)db;
}

static void begin_checklist(vt *t)
{
    E2E_CHECK(t, vt_wait_text(t, COMPANY1 " の回答", wait_ms()),
              "the first company's answers");
    vt_send(t, "f");
    E2E_CHECK(t, vt_wait_text(t, "Enter メモを書く", wait_ms()),
              "f opens the item's card");
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_text(t, FOOTER_TEXT_EDIT, wait_ms()),
              "Enter opens the note editor");
}

/* document: the ISMS procedure, its first section. */
static void begin_document(vt *t)
{
    E2E_CHECK(t, vt_wait_text(t, "記入済み", wait_ms()), "the section list");
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_text(t, FOOTER_TEXT_EDIT, wait_ms()),
              "Enter opens the section's editor");
}

/* board: the retrospective with one note, written through a terminal. */
#define SEED_NOTE "SEEDNOTE"
static void prepare_board(const char *db)
{
    vt *t = start_mamori(db, "1", "retrospective", ROWS);
    WAIT_TEXT(t, "振り返りボード", "the board opens");
    vt_send(t, "a");
    WAIT_TEXT(t, "新しい付箋", "a opens a new note");
    vt_send(t, SEED_NOTE);
    WAIT_TEXT(t, SEED_NOTE, "the note being typed");
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, wait_export_until(t, db, "--group", "1", "retrospective",
                                   "md", has_str, SEED_NOTE, wait_ms(), NULL),
              "the seed note is stored");
    quit(t);
}

static void begin_board(vt *t)
{
    E2E_CHECK(t, vt_wait_text(t, SEED_NOTE, wait_ms()), "the seed note");
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_text(t, "付箋を編集", wait_ms()),
              "Enter edits the note");
    vt_send(t, CTRL_U);
}

/* survey: two others have answered already (on paper, typed in by the
 * facilitator), so the results and their export show once the first person
 * answers: at least three respondents. */
static void prepare_survey(const char *db)
{
    sqlite3 *h = NULL;
    E2E_CHECK(NULL, sqlite3_open(db, &h) == SQLITE_OK, "sqlite3_open %s", db);
    char *err = NULL;
    int rc = sqlite3_exec(h,
        "INSERT INTO sheet(activity, owner_kind, owner_id) SELECT "
        "  'participant-survey', 'person', id FROM person "
        "  WHERE name IN ('鈴木 美咲', '高橋 大輔');"
        "INSERT INTO sheet_row(sheet_id, position) SELECT id, 1 FROM sheet "
        "  WHERE activity = 'participant-survey';"
        "INSERT INTO cell(row_id, col, value, who, at) SELECT r.id, "
        "  'satisfaction', 'satisfied', 'facilitator', 0 FROM sheet_row r "
        "  JOIN sheet s ON s.id = r.sheet_id "
        "  WHERE s.activity = 'participant-survey';", NULL, NULL, &err);
    E2E_CHECK(NULL, rc == SQLITE_OK, "answers on paper: %s", err ? err : "");
    sqlite3_close(h);
}

/* survey: the participant survey, answered by the group's first person
 * (chosen with W); the field is the free-text question (the last). */
static void begin_survey(vt *t)
{
    vt_send(t, "W");
    E2E_CHECK(t, vt_wait_text(t, "回答する人を選んでください", wait_ms()),
              "W asks who is answering");
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_text(t, "回答する人: " PERSON1, wait_ms()),
              "the first person answers");
    vt_key(t, VT_KEY_END);
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_text(t, FOOTER_TEXT_EDIT, wait_ms()),
              "Enter on the free-text question opens the editor");
}

static const view_desc VIEW_table = {
    "table", LEDGER, "情報資産管理台帳", "--group", "1", "csv",
    prepare_table, begin_table, FOOTER_LINE_EDIT, "\r", true, true,
};
static const view_desc VIEW_checklist = {
    "checklist", "visit-hearing", "ヒアリング調査表", "--company", COMPANY1,
    "csv", prepare_none, begin_checklist, FOOTER_TEXT_EDIT, CTRL_S, false,
    false,
};
static const view_desc VIEW_document = {
    "document", "isms-procedure", "ISMS 管理手順書", "--group", "1", "md",
    prepare_none, begin_document, FOOTER_TEXT_EDIT, CTRL_S, false, false,
};
static const view_desc VIEW_board = {
    "board", "retrospective", "振り返りボード", "--group", "1", "md",
    prepare_board, begin_board, "Enter 保存", "\r", true, false,
};
static const view_desc VIEW_survey = {
    "survey", "participant-survey", "参加者アンケート", NULL, NULL, "csv",
    prepare_survey, begin_survey, FOOTER_TEXT_EDIT, CTRL_S, false, false,
};

static const view_desc *const views[] = {
    &VIEW_table, &VIEW_checklist, &VIEW_document, &VIEW_board, &VIEW_survey,
};

/* ---- behaviours shared by every view --------------------------------------- */

/* Is the screen free of raw role ids, and does the dialog (the rows from
 * its title down to its keys 「2 いまの…」) name who changed the value? */
static void check_who(vt *t, const view_desc *v)
{
    char *s = vt_screen_text(t);
    bool raw = strstr(s, "group:") || strstr(s, "facilitator") ||
               strstr(s, "role:");
    free(s);
    SOFT_CHECK(t, !raw, "%s: the conflict dialog shows a raw id (group:1) for "
               "who changed the value", v->name);
    int rows, top = -1, bottom = -1;
    vt_size(t, &rows, NULL);
    for (int r = 0; r < rows - 1; r++) {
        if (top < 0 && vt_find_text_in(t, MSG_CONFLICT, r, r, NULL, NULL))
            top = r;
        if (vt_find_text_in(t, "2 いまの", r, r, NULL, NULL))
            bottom = r;
    }
    bool named = top >= 0 && bottom >= top &&
                 (vt_find_text_in(t, "グループ 1", top, bottom, NULL, NULL) ||
                  vt_find_text_in(t, "ファシリテーター", top, bottom, NULL, NULL));
    SOFT_CHECK(t, named, "%s: the conflict dialog (rows %d..%d) does not name "
               "who changed the value (「グループ 1」)", v->name, top, bottom);
}

/* One round: A and B (both group 1) open the editor on the same field; B
 * saves THEIRS; A types MINE and saves: the conflict dialog; A answers
 * `key` (1, 2 or Esc). */
static void conflict_round(const view_desc *v, const char *key)
{
    const char *db = new_workshop();
    v->prepare(db);
    const char *kn = key[0] == 27 ? "ESC" : key;
    char mine[32], theirs[32];
    snprintf(mine, sizeof mine, "MINE%sX", kn);
    snprintf(theirs, sizeof theirs, "THEIRS%sX", kn);
    printf("round %s: mine %s, theirs %s\n", kn, mine, theirs);
    vt *a = open_view(db, v, "1", ROWS);
    vt *b = open_view(db, v, "1", ROWS);
    v->begin_edit(a);
    v->begin_edit(b);
    vt_send(b, theirs);
    WAIT_TEXT(b, theirs, "B's text in its editor");
    vt_send(b, v->save);
    E2E_CHECK(b, wait_view_export(b, db, v, has_str, theirs, wait_ms(), NULL),
              "%s: B's save stores %s", v->name, theirs);
    if (v == &VIEW_survey) {
        /* a survey's answers are the person's once saved: A, which did not
         * make them, loses sight of them (its editor closes), no dialog
         * (two terminals that both hold the person, by their code:
         * e2e-survey-conflict) */
        WAIT_TEXT(a, "回答済みです", "A's view of the person closes");
        SOFT_CHECK(a, !vt_has_text(a, theirs), "%s: A does not see %s", v->name,
                   theirs);
        vt_send(a, mine);
        vt_send(a, v->save);
        yes_no want = {theirs, mine};
        char *exp = NULL;
        SOFT_CHECK(a, wait_view_export(a, db, v, has_and_lacks, &want, 0, &exp),
                   "%s: the store should hold %s, not %s:\n%s", v->name, theirs,
                   mine, exp ? exp : "");
        free(exp);
        vt_free(b);
        vt_free(a);
        return;
    }

    vt_send(a, mine);
    WAIT_TEXT(a, mine, "A's text in its editor");
    vt_send(a, v->save);
    if (!vt_wait_text(a, MSG_CONFLICT, wait_ms())) {
        char *exp = export_view(a, db, v);
        e2e_fail(a, __FILE__, __LINE__, "%s: A's save after B's shows no "
                 "conflict dialog (「%s」)\n--- export ---\n%s", v->name,
                 MSG_CONFLICT, exp);
    }
    /* the whole dialog is drawn once its keys are (「2 いまの…を残す」) */
    WAIT_TEXT(a, "2 いまの", "the conflict dialog's keys");
    check_who(a, v);
    SOFT_CHECK(a, vt_has_text(a, theirs), "%s: the dialog shows the value "
               "saved meanwhile (%s)", v->name, theirs);

    if (key[0] == 27) {
        vt_key(a, VT_KEY_ESC);
        WAIT_GONE(a, MSG_CONFLICT, "Esc closes the conflict dialog");
        SOFT_CHECK(a, vt_wait_text(a, mine, wait_ms()),
                   "%s: after Esc in the dialog my text %s is not back in the "
                   "editor", v->name, mine);
        char *exp = NULL;
        /* nothing of mine saved, theirs still there */
        yes_no want = {theirs, mine};
        bool ok = wait_view_export(a, db, v, has_and_lacks, &want, 0, &exp);
        SOFT_CHECK(a, ok, "%s: after Esc in the dialog the store should still "
                   "hold %s and not %s:\n%s", v->name, theirs, mine,
                   exp ? exp : "");
        free(exp);
        if (ok && vt_has_text(a, mine)) {
            /* the editor is live: saving again brings the dialog back */
            vt_send(a, v->save);
            SOFT_CHECK(a, vt_wait_text(a, MSG_CONFLICT, wait_ms()) ||
                          wait_view_export(a, db, v, has_str, mine, wait_ms(),
                                           NULL),
                       "%s: after Esc, the editor still saves", v->name);
        }
    } else {
        bool keep_mine = key[0] == '1';
        const char *msg = keep_mine ? MSG_KEPT_MINE : MSG_KEPT_THEIRS;
        vt_send(a, key);
        WAIT_GONE(a, MSG_CONFLICT, "the key closes the dialog");
        SOFT_CHECK(a, vt_wait_text(a, msg, wait_ms()), "%s: key %s does not "
                   "say 「%s」", v->name, key, msg);
        yes_no want = {keep_mine ? mine : theirs, keep_mine ? theirs : mine};
        char *exp = NULL;
        SOFT_CHECK(a, wait_view_export(a, db, v, has_and_lacks, &want,
                                       wait_ms(), &exp),
                   "%s: after key %s the store should hold %s, not %s:\n%s",
                   v->name, key, want.yes, want.no, exp ? exp : "");
        free(exp);
    }
    vt_free(b);
    vt_free(a);
}

static void conflict_body(const view_desc *v)
{
    conflict_round(v, "1");
    conflict_round(v, "2");
    conflict_round(v, "\x1b");
}

/* A saved edit is undone with u and redone with Ctrl-R. */
static void undo_body(const view_desc *v)
{
    const char *db = new_workshop();
    v->prepare(db);
    vt *t = open_view(db, v, "1", ROWS);
    v->begin_edit(t);
    vt_send(t, "UNDOMEX");
    WAIT_TEXT(t, "UNDOMEX", "the text in the editor");
    vt_send(t, v->save);
    E2E_CHECK(t, wait_view_export(t, db, v, has_str, "UNDOMEX", wait_ms(), NULL),
              "%s: the edit is saved", v->name);
    WAIT_GONE(t, v->editing, "the editor closes after saving");
    vt_send(t, "u");
    char *exp = NULL;
    if (!wait_view_export(t, db, v, lacks_str, "UNDOMEX", wait_ms(), &exp))
        e2e_fail(t, __FILE__, __LINE__, "%s: u does not undo the saved edit:\n%s",
                 v->name, exp);
    free(exp);
    vt_send(t, CTRL_R);
    if (!wait_view_export(t, db, v, has_str, "UNDOMEX", wait_ms(), &exp))
        e2e_fail(t, __FILE__, __LINE__, "%s: Ctrl-R does not redo the edit:\n%s",
                 v->name, exp);
    free(exp);
    vt_free(t);
}

/* Typing survives SIGHUP: the next terminal of the group gets it back in
 * the editor with 「前回入力中だった内容を戻しました」 and saves it. */
static void draft_body(const view_desc *v)
{
    const char *db = new_workshop();
    v->prepare(db);
    vt *t = open_view(db, v, "1", ROWS);
    v->begin_edit(t);
    vt_send(t, "DRAFTKEPT");
    WAIT_TEXT(t, "DRAFTKEPT", "the text being typed");
    hang_up(t);

    t = start_mamori(db, "1", v->activity, ROWS);
    SOFT_CHECK(t, vt_wait_text(t, MSG_RESTORED, wait_ms()),
               "%s: reopening does not say 「%s」", v->name, MSG_RESTORED);
    WAIT_TEXT(t, "DRAFTKEPT", "the restored text in the editor");
    vt_send(t, v->save);
    E2E_CHECK(t, wait_view_export(t, db, v, has_str, "DRAFTKEPT", wait_ms(), NULL),
              "%s: the restored text is saved by %s", v->name,
              v->save[0] == '\r' ? "Enter" : "Ctrl-S");
    vt_free(t);
}

/* The whole key help of the terminal (a tall one, where it fits): the
 * rows above its closing hint (the footer below is not part of it). */
static char *help_text(vt *t)
{
    vt_send(t, "?");
    WAIT_TEXT(t, MSG_HELP, "? opens the key help");
    WAIT_TEXT(t, "で閉じる", "the help is drawn");
    int end;
    E2E_CHECK(t, vt_find_text(t, "で閉じる", &end, NULL), "the closing hint");
    char *out = calloc(1, 1);
    size_t len = 0;
    for (int r = 0; r < end; r++) {
        char *s = vt_row_text(t, r);
        e2e_append(&out, &len, s, strlen(s));
        e2e_append(&out, &len, "\n", 1);
        free(s);
    }
    return out;
}

/* ? lists only keys that exist in the view. */
static void help_body(const view_desc *v)
{
    const char *db = new_workshop();
    v->prepare(db);
    vt *t = open_view(db, v, "1", TALL);
    char *h = help_text(t);
    if (!v->has_add_row)
        SOFT_CHECK(t, !strstr(h, HELP_ADD_ROW), "%s: the help lists 「%s」, "
                   "which this view does not have", v->name, HELP_ADD_ROW);
    if (!v->has_search)
        SOFT_CHECK(t, !strstr(h, HELP_SEARCH_NEXT), "%s: the help lists 「%s」, "
                   "but this view has no search", v->name, HELP_SEARCH_NEXT);
    SOFT_CHECK(t, strstr(h, HELP_UNDO), "%s: the help does not list u 「%s」",
               v->name, HELP_UNDO);
    /* a group terminal cannot move the room or the timer */
    const char *fac_keys[] = {HELP_NEXT_SESSION, HELP_PREV_SESSION, HELP_TIMER};
    for (int k = 0; k < 3; k++)
        SOFT_CHECK(t, !strstr(h, fac_keys[k]), "%s: a group terminal's help "
                   "lists the facilitator's 「%s」", v->name, fac_keys[k]);
    free(h);
    vt_free(t);
}

#define PER_VIEW(beh, v) \
    static void beh##_##v(void) { beh##_body(&VIEW_##v); soft_done(); }
#define PER_BEHAVIOUR(beh)        \
    PER_VIEW(beh, table)          \
    PER_VIEW(beh, checklist)      \
    PER_VIEW(beh, document)       \
    PER_VIEW(beh, board)          \
    PER_VIEW(beh, survey)
PER_BEHAVIOUR(conflict)
PER_BEHAVIOUR(undo)
PER_BEHAVIOUR(draft)
PER_BEHAVIOUR(help)

/* ---- the asset ledger ------------------------------------------------------ */

typedef struct {
    const char *title, *value;
} cell_want;

static bool ledger_has_value(const char *text, void *arg)
{
    const cell_want *w = arg;
    csv_t c = csv_parse(text);
    bool ok = csv_count(&c, w->title, w->value) > 0;
    csv_free(&c);
    return ok;
}

static bool wait_ledger_value(vt *t, const char *db, const char *title,
                              const char *value, char **last)
{
    cell_want w = {title, value};
    return wait_export_until(t, db, "--group", "1", LEDGER, "csv",
                             ledger_has_value, &w, wait_ms(), last);
}

/* A1. Adding at the end of a 29-row ledger in a 30-line terminal, twice. */
static void case_append_end(void)
{
    const char *db = new_workshop();
    char csv[4096] = T_CATEGORY "," T_NAME "\n";
    for (int k = 1; k <= 29; k++)
        snprintf(csv + strlen(csv), sizeof csv - strlen(csv), "総務,R%02d\n", k);
    import_rows(db, LEDGER, csv);
    vt *t = start_mamori(db, "1", LEDGER, 30);
    WAIT_TABLE(t);
    const char *names[] = {"NEW30", "NEW31"};
    for (int k = 0; k < 2; k++) {
        vt_key(t, VT_KEY_END);
        vt_send(t, "a");
        E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, FOOTER_LINE_EDIT, wait_ms()),
                  "a opens the editor on the new row");
        vt_send(t, names[k]);
        vt_key(t, VT_KEY_ENTER);
        wait_ledger_value(t, db, T_NAME, names[k], NULL);
    }
    char *exp = export_ledger(t, db);
    csv_t c = csv_parse(exp);
    SOFT_CHECK(t, csv_count(&c, T_NAME, "NEW30") == 1, "no row named NEW30:\n%s",
               exp);
    SOFT_CHECK(t, csv_count(&c, T_NAME, "NEW31") == 1, "no row named NEW31:\n%s",
               exp);
    SOFT_CHECK(t, csv_count(&c, T_NAME, "NEW30NEW31") == 0,
               "a row named NEW30NEW31:\n%s", exp);
    SOFT_CHECK(t, csv_count(&c, T_NAME, "") == 0, "a row with an empty %s:\n%s",
               T_NAME, exp);
    SOFT_CHECK(t, csv_rows(&c) == 31, "31 rows expected (has %d):\n%s",
               csv_rows(&c), exp);
    csv_free(&c);
    free(exp);
    vt_free(t);
    soft_done();
}

/* A2. A row added under a filter is the new row, and stays in sight. */
static void case_add_filtered(void)
{
    const char *db = new_workshop();
    import_rows(db, LEDGER, T_CATEGORY "," T_NAME "\n営業部,顧客名簿\n"
                "総務,社員名簿\n営業部,見積書\n製造,図面\n");
    vt *t = start_mamori(db, "1", LEDGER, ROWS);
    WAIT_TABLE(t);
    vt_send(t, "F");
    WAIT_TEXT(t, "絞り込み: ", "F asks for the filter");
    vt_send(t, "営業部");
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_row(t, 1, "絞り込み中", wait_ms()), "the filter is on");
    WAIT_GONE(t, "社員名簿", "the filter hides the other rows");
    vt_send(t, "a");
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, FOOTER_LINE_EDIT, wait_ms()),
              "a opens the editor on the new row");
    vt_send(t, "XYZ");
    vt_key(t, VT_KEY_ENTER);
    char *exp = NULL;
    bool got = wait_ledger_value(t, db, T_NAME, "XYZ", &exp);
    csv_t c = csv_parse(exp);
    SOFT_CHECK(t, got, "no new row named XYZ:\n%s", exp);
    const char *old[] = {"顧客名簿", "社員名簿", "見積書", "図面"};
    for (int k = 0; k < 4; k++)
        SOFT_CHECK(t, csv_count(&c, T_NAME, old[k]) == 1,
                   "the existing row %s lost its name:\n%s", old[k], exp);
    SOFT_CHECK(t, csv_rows(&c) == 5, "5 rows expected (has %d):\n%s",
               csv_rows(&c), exp);
    csv_free(&c);
    free(exp);
    /* the screen after the save: the cursor on the new row */
    vt_wait_row(t, ROW_CELL, T_NAME ": XYZ", wait_ms());
    bool listed = false;
    for (int r = 2; r < ROWS + ROW_CELL && !listed; r++) {
        char *row = vt_row_text(t, r);
        listed = strstr(row, "XYZ") && !strstr(row, "顧客名簿") &&
                 !strstr(row, "見積書");
        free(row);
    }
    SOFT_CHECK(t, listed, "the new row XYZ is not listed on screen under the "
               "filter (a row of its own)");
    vt_free(t);
    soft_done();
}

/* A3. Keys typed while another process holds the write lock: no row lost,
 * no text run as commands. */
static void case_busy(void)
{
    const char *db = new_workshop();
    import_rows(db, LEDGER, T_CATEGORY "," T_NAME "\n総務,共有フォルダ\n"
                "営業部,顧客名簿\n");
    vt *t = start_mamori(db, "1", LEDGER, ROWS);
    WAIT_TABLE(t);
    sqlite3 *h = NULL;
    E2E_CHECK(t, sqlite3_open(db, &h) == SQLITE_OK, "sqlite3_open %s", db);
    char *err = NULL;
    E2E_CHECK(t, sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, &err) == SQLITE_OK,
              "BEGIN IMMEDIATE: %s", err ? err : "?");
    long long held = e2e_now_ms();
    vt_send(t, "a");
    vt_send(t, "Daily backup");
    vt_key(t, VT_KEY_ENTER);
    /* hold the lock ~6 s (longer than mamori's 5 s busy timeout), pumping
     * the terminal meanwhile */
    while (e2e_now_ms() - held < 6000)
        vt_pump(t, 100);
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
    printf("lock released after %lld ms\n", e2e_now_ms() - held);

    cell_want w = {T_NAME, "Daily backup"};
    char *exp = NULL;
    bool saved = wait_export_until(t, db, "--group", "1", LEDGER, "csv",
                                   ledger_has_value, &w, 2000, &exp);
    if (!saved && vt_has_text(t, "Daily backup")) {
        /* the editor kept the text: Enter again now that the lock is gone */
        vt_key(t, VT_KEY_ENTER);
        free(exp);
        saved = wait_export_until(t, db, "--group", "1", LEDGER, "csv",
                                  ledger_has_value, &w, wait_ms(), &exp);
    }
    csv_t c = csv_parse(exp);
    int n = csv_rows(&c);
    SOFT_CHECK(t, csv_count(&c, T_NAME, "共有フォルダ") == 1 &&
                  csv_count(&c, T_NAME, "顧客名簿") == 1,
               "an old row was deleted (typed D run as a command?):\n%s", exp);
    SOFT_CHECK(t, n >= 2 && n <= 3, "2 rows before, %d after (at most one "
               "new):\n%s", n, exp);
    SOFT_CHECK(t, csv_count(&c, T_NAME, "ily backup") == 0,
               "a row is named \"ily backup\" (the keys D and a were run as "
               "commands):\n%s", exp);
    if (!saved) {
        SOFT_CHECK(t, n == 2, "nothing was saved, yet %d rows:\n%s", n, exp);
        SOFT_CHECK(t, vt_wait_text(t, "破棄", wait_ms()),
                   "nothing was added and the screen does not say the keys "
                   "were discarded (破棄)");
    }
    csv_free(&c);
    free(exp);
    vt_free(t);
    soft_done();
}

/* The picker's highlighted option: the first row in reverse video that
 * holds one of `options` (the grid's header and current row are in
 * reverse video too, but hold none of them). */
static bool highlighted(vt *t, const char *const options[], char *out,
                        size_t n)
{
    int rows;
    vt_size(t, &rows, NULL);
    for (int r = 0; r < rows - 1; r++) {
        if (!vt_row_has_reverse(t, r))
            continue;
        char *s = vt_row_text(t, r);
        bool hit = false;
        for (int k = 0; options[k] && !hit; k++)
            hit = strstr(s, options[k]) != NULL;
        if (hit)
            snprintf(out, n, "%s", s);
        free(s);
        if (hit)
            return true;
    }
    out[0] = '\0';
    return false;
}

static const char *const pii_options[] = {"[ ]", "[x]", NULL};

static bool some_highlight(vt *t, void *arg)
{
    char b[512];
    return highlighted(t, arg, b, sizeof b);
}
static const char *const c_options[] = {"漏れても", "漏れると", "（空にする）",
                                        NULL};

/* Open a new ledger with one row and the cursor on `title`. */
static vt *ledger_on(const char *db, const char *title)
{
    import_rows(db, LEDGER, T_CATEGORY "," T_NAME "\n総務,共有フォルダ\n");
    vt *t = start_mamori(db, "1", LEDGER, ROWS);
    WAIT_TABLE(t);
    MOVE_RIGHT_TO(t, title);
    return t;
}

/* A4a. The flags picker: Space ticks, Enter saves the ticks. */
static void case_flags_picker(void)
{
    const char *db = new_workshop();
    vt *t = ledger_on(db, T_PII);
    vt_key(t, VT_KEY_ENTER);
    WAIT_TEXT(t, "特定個人情報", "Enter opens the flags picker");
    vt_wait_until(t, some_highlight, (void *)pii_options, wait_ms());
    char before[512] = "", after[512] = "";
    highlighted(t, pii_options, before, sizeof before);
    vt_send(t, " ");
    E2E_CHECK(t, vt_wait_text(t, "[x]", wait_ms()),
              "Space ticks the highlighted option ([x]); highlighted before: "
              "\"%s\"", before);
    highlighted(t, pii_options, after, sizeof after);
    E2E_CHECK(t, vt_has_text(t, "要配慮個人情報"), "the picker is still open "
              "after Space (it did not page away)");
    vt_key(t, VT_KEY_ENTER);
    char *exp = NULL;
    long long deadline = e2e_now_ms() + wait_ms();
    const char *v = NULL;
    csv_t c = {0};
    for (;;) {
        free(exp);
        csv_free(&c);
        exp = export_ledger(t, db);
        c = csv_parse(exp);
        v = csv_cell(&c, 1, T_PII);
        if ((v && *v) || e2e_now_ms() > deadline)
            break;
        vt_pump(t, 150);
    }
    E2E_CHECK(t, v && *v, "Enter saves the ticked option (highlighted: \"%s\"):"
              "\n%s", after, exp);
    printf("stored %s: %s\n", T_PII, v);
    csv_free(&c);
    free(exp);
    vt_free(t);
}

/* A4b. A digit in a scale picker chooses that level and saves it. */
static void case_scale_digit(void)
{
    const char *db = new_workshop();
    vt *t = ledger_on(db, T_C);
    vt_key(t, VT_KEY_ENTER);
    WAIT_TEXT(t, "漏れると、事業に大きな影響がある", "Enter opens the scale picker");
    vt_send(t, "2");
    char *exp = NULL;
    if (!wait_ledger_value(t, db, T_C, "2", &exp))
        e2e_fail(t, __FILE__, __LINE__, "the digit 2 does not save 機密性 2 "
                 "(without Enter):\n%s", exp);
    free(exp);
    WAIT_GONE(t, "漏れると、事業に大きな影響がある", "the picker closes");
    vt_free(t);
}

/* A4c. On a blank cell the picker starts on the first real option, not on
 * （空にする）. */
static void case_picker_blank(void)
{
    const char *db = new_workshop();
    vt *t = ledger_on(db, T_C);
    vt_key(t, VT_KEY_ENTER);
    WAIT_TEXT(t, "漏れると、事業に大きな影響がある", "Enter opens the scale picker");
    char hl[512] = "";
    WAIT_TEXT(t, "（空にする）", "the whole picker");
    E2E_CHECK(t, vt_wait_until(t, some_highlight, (void *)c_options, wait_ms()),
              "a highlighted option");
    E2E_CHECK(t, highlighted(t, c_options, hl, sizeof hl), "a highlighted option");
    E2E_CHECK(t, !strstr(hl, "（空にする）"), "the picker opens on "
              "（空にする）: \"%s\"", hl);
    vt_key(t, VT_KEY_ENTER);
    char *exp = NULL;
    cell_want w = {T_C, "1"};
    if (!wait_export_until(t, db, "--group", "1", LEDGER, "csv",
                           ledger_has_value, &w, wait_ms(), &exp))
        e2e_fail(t, __FILE__, __LINE__, "Enter at once stores the first level "
                 "(1):\n%s", exp);
    free(exp);
    vt_free(t);
}

/* A5a. A's typing survives a hang-up; B saved the cell meanwhile; A's
 * successor gets the text back and Enter shows the conflict dialog. */
static void case_draft_conflict(void)
{
    const char *db = new_workshop();
    prepare_table(db);
    vt *a = open_view(db, &VIEW_table, "1", ROWS);
    /* B is the facilitator on group 1's table: another role, so it has no
     * claim on group 1's drafts (draft-live checks another terminal of the
     * same group) */
    vt *b = open_view(db, &VIEW_table, NULL, ROWS);
    begin_table(a);
    vt_send(a, "mine");
    WAIT_TEXT(a, "mine", "A's text");
    hang_up(a);
    begin_table(b);
    vt_send(b, "theirs");
    WAIT_TEXT(b, "theirs", "B's text");
    vt_key(b, VT_KEY_ENTER);
    E2E_CHECK(b, wait_ledger_value(b, db, T_NOTE, "theirs", NULL),
              "B saves theirs");
    quit(b);

    a = start_mamori(db, "1", LEDGER, ROWS);
    if (!vt_wait_text(a, MSG_RESTORED, wait_ms()))
        e2e_fail(a, __FILE__, __LINE__, "A's successor does not say 「%s」 (a "
                 "live terminal of the group took the draft?)", MSG_RESTORED);
    WAIT_TEXT(a, "mine", "A's text back in the editor");
    vt_key(a, VT_KEY_ENTER);
    if (!vt_wait_text(a, MSG_CONFLICT, wait_ms())) {
        char *exp = export_ledger(a, db);
        e2e_fail(a, __FILE__, __LINE__, "Enter on the restored text shows no "
                 "conflict dialog:\n%s", exp);
    }
    vt_free(a);
}

/* A5b. A second live terminal of the group does not take A's draft; A's
 * successor does. */
static void case_draft_live(void)
{
    const char *db = new_workshop();
    prepare_table(db);
    vt *a = open_view(db, &VIEW_table, "1", ROWS);
    begin_table(a);
    vt_send(a, "livedraft");
    WAIT_TEXT(a, "livedraft", "A's text");
    vt *b = start_mamori(db, "1", LEDGER, ROWS);
    E2E_CHECK(b, vt_wait_row(b, 1, "グループ 1 の表", wait_ms()), "B's table");
    SOFT_CHECK(b, !vt_wait_text(b, "前回入力中", 1500),
               "a second live terminal of the group takes A's draft");
    SOFT_CHECK(b, !vt_has_text(b, "livedraft"), "B shows A's unsaved text");
    hang_up(a);
    a = start_mamori(db, "1", LEDGER, ROWS);
    SOFT_CHECK(a, vt_wait_text(a, MSG_RESTORED, wait_ms()),
               "A's successor does not get A's draft back (「%s」)",
               MSG_RESTORED);
    SOFT_CHECK(a, vt_wait_text(a, "livedraft", wait_ms()),
               "A's text is not back in A's successor's editor");
    vt_free(b);
    vt_free(a);
    soft_done();
}

/* A6. A draft longer than 1,024 bytes survives a hang-up intact: 1,500
 * bytes of ASCII in the ledger's 備考, 600 Japanese characters (1,800
 * bytes) in a document section. */
static void draft_long_in(const view_desc *v, const char *text)
{
    const char *db = new_workshop();
    v->prepare(db);
    vt *t = open_view(db, v, "1", ROWS);
    v->begin_edit(t);
    vt_send(t, text);
    WAIT_TEXT(t, "END", "the end of the long text in the editor");
    hang_up(t);
    t = start_mamori(db, "1", v->activity, ROWS);
    SOFT_CHECK(t, vt_wait_text(t, MSG_RESTORED, wait_ms()),
               "%s: the long draft is not restored (「%s」)", v->name,
               MSG_RESTORED);
    vt_send(t, v->save);
    char *exp = NULL;
    /* wait until the save is done (the start of the text is stored) */
    char head[16];
    snprintf(head, sizeof head, "%.10s", text);
    wait_view_export(t, db, v, has_str, head, wait_ms(), NULL);
    SOFT_CHECK(t, wait_view_export(t, db, v, has_str, (void *)text, 1000, &exp),
               "%s: the saved text is not the whole %zu bytes typed:\n%.3000s",
               v->name, strlen(text), exp ? exp : "");
    free(exp);
    vt_free(t);
}

/* Is TEXT in a draft kept in the database now? (the test reads the file
 * itself, as a crash would leave it) */
static bool draft_in_db(const char *db, const char *text)
{
    sqlite3 *h = NULL;
    bool found = false;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(h, "SELECT text FROM draft", -1, &q, NULL) == SQLITE_OK) {
            while (sqlite3_step(q) == SQLITE_ROW) {
                const char *t = (const char *)sqlite3_column_text(q, 0);
                found |= t && strstr(t, text) != NULL;
            }
        }
        sqlite3_finalize(q);
    }
    sqlite3_close(h);
    return found;
}

/* A6b. A long text is kept in the database while it is typed — all of it,
 * not its first kilobyte — so even a crash (SIGKILL: nothing is saved on
 * the way out) loses at most a second of typing. */
static void case_draft_crash_long(void)
{
    /* 1,100 bytes, kept; then 400 more typed after that autosave */
    char first[1200], more[500], all[1700];
    size_t len = (size_t)snprintf(first, sizeof first, "LONG<");
    while (len < 1100) {
        first[len] = (char)('a' + (len % 26));
        len++;
    }
    snprintf(first + len, sizeof first - len, "|MID");
    len = 0;
    while (len < 400) {
        more[len] = (char)('A' + (len % 26));
        len++;
    }
    snprintf(more + len, sizeof more - len, ">END");
    snprintf(all, sizeof all, "%s%s", first, more);
    const char *db = new_workshop();
    prepare_table(db);
    vt *t = open_view(db, &VIEW_table, "1", ROWS);
    VIEW_table.begin_edit(t);
    const char *phases[] = {first, more};
    const char *marks[] = {"|MID", ">END"};
    for (int k = 0; k < 2; k++) {
        vt_send(t, phases[k]);
        WAIT_TEXT(t, marks[k], "the end of what was typed, in the editor");
        long long deadline = e2e_now_ms() + wait_ms();
        bool kept = false;
        while (!(kept = draft_in_db(db, marks[k])) && e2e_now_ms() < deadline)
            vt_pump(t, 100); /* the terminal keeps running; the test only waits */
        E2E_CHECK(t, kept, "the draft in the database never took in what was typed up to "
                  "\"%s\" (%zu bytes)", marks[k], strlen(first) + (k ? strlen(more) : 0));
    }
    pid_t pid = child_pid(t);
    E2E_CHECK(t, kill(pid, SIGKILL) == 0, "kill: %s", strerror(errno));
    vt_wait_exit(t, wait_ms());
    vt_free(t);
    t = start_mamori(db, "1", LEDGER, ROWS);
    WAIT_TEXT(t, MSG_RESTORED, "the draft is offered back after the crash");
    vt_send(t, "\r");
    SOFT_CHECK(t, wait_view_export(t, db, &VIEW_table, has_str, (void *)all, wait_ms(), NULL),
               "the whole long text is saved after the crash");
    vt_free(t);
    soft_done();
}

static void case_draft_long(void)
{
    char ascii[1600];
    size_t len = (size_t)snprintf(ascii, sizeof ascii, "LONG<");
    while (len < 1500) {
        ascii[len] = (char)('a' + (len % 26));
        len++;
    }
    snprintf(ascii + len, sizeof ascii - len, ">END");
    draft_long_in(&VIEW_table, ascii);

    static const char *const kana[] = {"あ", "い", "う", "え", "お", "か", "き",
                                       "く", "け", "こ"};
    char ja[2000];
    len = (size_t)snprintf(ja, sizeof ja, "長文");
    for (int k = 0; k < 596; k++)
        len += (size_t)snprintf(ja + len, sizeof ja - len, "%s", kana[k % 10]);
    snprintf(ja + len, sizeof ja - len, "END");
    draft_long_in(&VIEW_document, ja);
    soft_done();
}

/* A8a. The checklist's help: no add-row, no search; the digit keys. */
static void case_help_checklist(void)
{
    const char *db = new_workshop();
    vt *t = start_mamori(db, "1", "self-check", TALL);
    WAIT_TEXT(t, COMPANY1 " の回答", "the self-check opens");
    char *h = help_text(t);
    SOFT_CHECK(t, !strstr(h, HELP_ADD_ROW), "the checklist's help lists 「%s」",
              HELP_ADD_ROW);
    SOFT_CHECK(t, !strstr(h, HELP_SEARCH_NEXT), "the checklist's help lists "
              "「%s」", HELP_SEARCH_NEXT);
    SOFT_CHECK(t, strstr(h, "数字") || strstr(h, "1-9") || strstr(h, "0-9") ||
                 strstr(h, "1〜") || strstr(h, "0〜"),
              "the checklist's help lists the digit keys (数字 / 1-9)");
    free(h);
    vt_free(t);
    soft_done();
}

/* A8b. A group's help has none of the facilitator's session keys; the
 * facilitator's does. */
static void case_help_group(void)
{
    const char *db = new_workshop();
    const char *fac_keys[] = {HELP_NEXT_SESSION, HELP_PREV_SESSION, HELP_TIMER};
    vt *g = start_mamori(db, "1", LEDGER, TALL);
    WAIT_TABLE(g);
    char *h = help_text(g);
    for (int k = 0; k < 3; k++)
        SOFT_CHECK(g, !strstr(h, fac_keys[k]), "a group terminal's help lists "
                  "the facilitator's 「%s」", fac_keys[k]);
    free(h);
    vt_free(g);
    vt *f = start_mamori(db, NULL, LEDGER, TALL);
    E2E_CHECK(f, vt_wait_row(f, ROW_FOOTER, FOOTER_TABLE, wait_ms()),
              "the facilitator's table");
    h = help_text(f);
    for (int k = 0; k < 3; k++)
        SOFT_CHECK(f, strstr(h, fac_keys[k]), "the facilitator's help lists "
                  "「%s」", fac_keys[k]);
    free(h);
    vt_free(f);
    soft_done();
}

static bool screen_differs(vt *t, void *arg)
{
    char *s = vt_screen_text(t);
    bool d = strcmp(s, (const char *)arg) != 0;
    free(s);
    return d;
}

/* The help's last entry: the last line above the closing hint. */
static void last_help_entry(vt *t, char *out, size_t n)
{
    int rows, r;
    vt_size(t, &rows, NULL);
    E2E_CHECK(t, vt_find_text(t, "で閉じる", &r, NULL), "the help's closing hint");
    out[0] = '\0';
    for (int k = r - 1; k > 0; k--) {
        char *s = vt_row_text(t, k);
        const char *p = s + strspn(s, " ");
        if (*p) {
            /* the description: after the key names (two blanks or more) */
            const char *d = strstr(p, "  ");
            d = d ? d + strspn(d, " ") : p;
            snprintf(out, n, "%s", d);
            free(s);
            return;
        }
        free(s);
    }
}

/* A8c. At 40 rows the table's help can be read to its last entry. */
static void case_help_40(void)
{
    const char *db = new_workshop();
    vt *tall = start_mamori(db, "1", LEDGER, 120);
    WAIT_TABLE(tall);
    free(help_text(tall));
    char last[256];
    last_help_entry(tall, last, sizeof last);
    printf("the help's last entry: %s\n", last);
    E2E_CHECK(tall, *last, "the help's last entry");
    vt_free(tall);

    vt *t = start_mamori(db, "1", LEDGER, 40);
    WAIT_TABLE(t);
    free(help_text(t));
    vt_key_t keys[] = {VT_KEY_PAGEDOWN, VT_KEY_DOWN};
    for (int step = 0; step < 80 && !vt_has_text(t, last); step++) {
        char *before = vt_screen_text(t);
        vt_key(t, keys[step % 2 == 0 ? 0 : 1]);
        bool moved = vt_wait_until(t, screen_differs, before, 1000);
        free(before);
        if (!moved && step > 1)
            break;
        E2E_CHECK(t, vt_has_text(t, MSG_HELP) || vt_has_text(t, last),
                  "scrolling closed the help before its last entry");
    }
    E2E_CHECK(t, vt_has_text(t, last), "at 40 rows the help's last entry "
              "「%s」 cannot be reached", last);
    vt_free(t);
}

/* A9a. a then Esc leaves no empty row. */
static void case_add_esc(void)
{
    const char *db = new_workshop();
    prepare_table(db);
    vt *t = start_mamori(db, "1", LEDGER, ROWS);
    WAIT_TABLE(t);
    vt_send(t, "a");
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, FOOTER_LINE_EDIT, wait_ms()),
              "a opens the editor on a new row");
    vt_key(t, VT_KEY_ESC);
    GRID_BARRIER(t);
    char *exp = export_ledger(t, db);
    csv_t c = csv_parse(exp);
    E2E_CHECK(t, csv_rows(&c) == 1, "a then Esc leaves %d rows, not 1:\n%s",
              csv_rows(&c), exp);
    csv_free(&c);
    free(exp);
    vt_free(t);
}

/* Edit the current row's `title` to `text` (the row must be row 1). */
static void set_cell(vt *t, const char *db, const char *title,
                     const char *text)
{
    MOVE_RIGHT_TO(t, title);
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, FOOTER_LINE_EDIT, wait_ms()),
              "Enter opens the editor on %s", title);
    vt_send(t, CTRL_U);
    vt_send(t, text);
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, wait_ledger_value(t, db, title, text, NULL),
              "%s is saved as %s", title, text);
}

/* A9b. Undo survives leaving the view and coming back. */
static void case_undo_leave(void)
{
    const char *db = new_workshop();
    prepare_table(db);
    vt *t = start_mamori(db, "1", LEDGER, ROWS);
    WAIT_TABLE(t);
    set_cell(t, db, T_NOTE, "undoleave");
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, FOOTER_TABLE, wait_ms()),
              "back on the grid");
    vt_key(t, VT_KEY_ESC);
    E2E_CHECK(t, vt_wait_gone(t, "グループ 1 の表", wait_ms()),
              "Esc leaves the table for the session");
    WAIT_TEXT(t, "情報資産管理台帳", "the session lists the ledger");
    /* put the session's cursor on the ledger (wherever it starts) */
    for (int k = 0; k < 15; k++) {
        int r;
        if (vt_find_text(t, "情報資産管理台帳", &r, NULL) && r > 0 &&
            vt_row_has_reverse(t, r))
            break;
        char *before = vt_screen_text(t);
        vt_key(t, VT_KEY_DOWN);
        vt_wait_until(t, screen_differs, before, 1000);
        free(before);
    }
    vt_key(t, VT_KEY_ENTER);
    if (!vt_wait_row(t, 1, "グループ 1 の表", wait_ms()))
        e2e_fail(t, __FILE__, __LINE__, "Enter in the session reopens the table "
                 "(the cursor should still be on the ledger)");
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, FOOTER_TABLE, wait_ms()), "grid");
    vt_send(t, "u");
    char *exp = NULL;
    if (!wait_export_until(t, db, "--group", "1", LEDGER, "csv", lacks_str,
                           "undoleave", wait_ms(), &exp))
        e2e_fail(t, __FILE__, __LINE__, "u after leaving and reopening the "
                 "table does not undo the edit:\n%s", exp);
    free(exp);
    vt_free(t);
}

/* A9c. Rows imported with I are removed by u. */
static void case_import_undo(void)
{
    const char *db = new_workshop();
    prepare_table(db);
    const char *csv = write_file(dir_of_db(db), "more.csv",
                                 T_CATEGORY "," T_NAME "\n製造,図面\n製造,治具一覧\n");
    vt *t = start_mamori(db, "1", LEDGER, ROWS);
    WAIT_TABLE(t);
    vt_send(t, "I");
    WAIT_TEXT(t, "取り込むCSVファイル", "I asks for the file");
    vt_send(t, csv);
    vt_key(t, VT_KEY_ENTER);
    WAIT_TEXT(t, "2 行を取り込みました", "the import");
    E2E_CHECK(t, wait_export_until(t, db, "--group", "1", LEDGER, "csv",
                                   has_str, "治具一覧", wait_ms(), NULL),
              "the rows are stored");
    vt_send(t, "u");
    char *exp = NULL;
    if (!wait_export_until(t, db, "--group", "1", LEDGER, "csv", lacks_str,
                           "治具一覧", wait_ms(), &exp))
        e2e_fail(t, __FILE__, __LINE__, "u does not take the imported rows "
                 "back:\n%s", exp);
    E2E_CHECK(t, !strstr(exp, "図面") && strstr(exp, "共有フォルダ"),
              "u removes both imported rows and only them:\n%s", exp);
    free(exp);
    vt_free(t);
}

/* A9d. After Tab to the next company the cursor is on item 1 again. */
static bool item1_answered(const char *text, void *arg)
{
    (void)arg;
    csv_t c = csv_parse(text);
    const char *v = csv_cell(&c, 1, "回答");
    bool ok = v && *v;
    csv_free(&c);
    return ok;
}

static void case_checklist_tab(void)
{
    const char *db = new_workshop();
    vt *t = start_mamori(db, "1", "self-check", ROWS);
    WAIT_TEXT(t, COMPANY1 " の回答", "the self-check opens");
    for (int k = 0; k < 5; k++)
        vt_key(t, VT_KEY_DOWN);
    WAIT_TEXT(t, "6.", "the cursor moved down to item 6");
    vt_key(t, VT_KEY_TAB);
    WAIT_TEXT(t, COMPANY2 " の回答", "Tab goes to the next company");
    vt_send(t, "1");
    char *exp = NULL;
    if (!wait_export_until(t, db, "--company", COMPANY2, "self-check", "csv",
                           item1_answered, NULL, wait_ms(), &exp))
        e2e_fail(t, __FILE__, __LINE__, "after Tab, 1 does not answer item 1 of "
                 "%s:\n%s", COMPANY2, exp);
    free(exp);
    vt_free(t);
}

/* A9e. A section that is still its starter, placeholders （…） untouched,
 * is not 済: saved untouched (at 80 columns, where the editor wraps the
 * starter's long lines), saved with blanks added, and as the facilitator's
 * overview counts it. */
static void case_doc_starter(void)
{
    const char *db = new_workshop();
    const view_desc *v = &VIEW_document;
    const char *argv[] = {mamori_bin(), "--db", db, "--group", "1", "--open",
                          v->activity, "--lang", "ja", NULL};
    vt *t = vt_start(argv, NULL, 24, 80);
    E2E_CHECK(NULL, t != NULL, "starting mamori");
    E2E_CHECK(t, vt_wait_text(t, "記入済み 0/6", wait_ms()), "nothing written");
    /* 1. 目的, saved as it starts */
    v->begin_edit(t);
    WAIT_TEXT(t, "（会社名）", "the starter with its placeholders");
    vt_send(t, v->save);
    WAIT_GONE(t, v->editing, "Ctrl-S closes the editor");
    GRID_BARRIER(t);
    SOFT_CHECK(t, vt_has_text(t, "記入済み 0/6"), "the untouched starter "
               "counts as written");
    /* 2. 適用範囲, the starter with a line of blanks added */
    vt_key(t, VT_KEY_DOWN);
    v->begin_edit(t);
    WAIT_TEXT(t, "対象者：（", "the starter of 適用範囲");
    vt_key(t, VT_KEY_ENTER);
    vt_send(t, "\xE3\x80\x80 ");  /* a full-width and a half-width blank */
    vt_key(t, VT_KEY_ENTER);
    vt_send(t, v->save);
    WAIT_GONE(t, v->editing, "Ctrl-S closes the editor");
    GRID_BARRIER(t);
    SOFT_CHECK(t, vt_has_text(t, "記入済み 0/6"), "the starter with blanks "
               "added counts as written");
    char *md = export_view(t, db, v);
    SOFT_CHECK(t, strstr(md, "- 記入済み: 0/6") != NULL, "the export counts "
               "the starter as written:\n%s", md);
    free(md);
    vt_free(t);

    /* the facilitator's overview of the session */
    vt *f = start_mamori(db, NULL, v->activity, ROWS);
    WAIT_TEXT(f, "記入済み", "the facilitator's document");
    vt_send(f, "d");
    WAIT_TEXT(f, "の進み具合", "d opens the overview");
    int r;
    E2E_CHECK(f, vt_wait_text(f, v->ready, wait_ms()) &&
                 vt_find_text(f, v->ready, &r, NULL), "the document's row");
    SOFT_CHECK(f, vt_find_text_in(f, "0/6", r, r, NULL, NULL),
               "the overview does not show group 1's document as 0/6");
    vt_free(f);
    soft_done();
}

/* A9f. Wide characters typed into a cell leave nothing stray on the row:
 * into a cut-off 業務分類, then into a cut-off name (情報資産名称). */
/* Text of cells [c0, c1) of a row. */
static void row_span(vt *t, int row, int c0, int c1, char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (int c = c0; c < c1; c++) {
        vt_cell_t cell;
        if (!vt_cell(t, row, c, &cell) || cell.width == 0)
            continue;
        const char *s = cell.text[0] ? cell.text : " ";
        size_t l = strlen(s);
        if (len + l + 1 > n)
            break;
        memcpy(out + len, s, l);
        len += l;
        out[len] = '\0';
    }
}

static void wide_into(vt *t, const char *db, const char *title,
                      const char *next_title)
{
    /* the row's name is the frozen first column, 業務分類 next to it */
    MOVE_LEFT_TO(t, T_NAME);
    MOVE_RIGHT_TO(t, title);
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, FOOTER_LINE_EDIT, wait_ms()),
              "the editor");
    vt_send(t, CTRL_U);
    vt_type(t, "ラウドメ");
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, wait_ledger_value(t, db, title, "ラウドメ", NULL), "saved");
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, FOOTER_TABLE, wait_ms()), "grid");
    int r, c0, c1, hr;
    E2E_CHECK(t, vt_find_text_in(t, "ラウドメ", 2, 10, &r, NULL),
              "the row shows ラウドメ");
    E2E_CHECK(t, vt_find_text_in(t, title, 2, 2, &hr, &c0) &&
                 vt_find_text_in(t, next_title, 2, 2, &hr, &c1),
              "the header shows %s and %s", title, next_title);
    char cell[256];
    row_span(t, r, c0, c1, cell, sizeof cell);
    char *before = vt_row_text(t, r);
    vt_send(t, CTRL_L);
    GRID_BARRIER(t);
    char *after = vt_row_text(t, r);
    SOFT_CHECK(t, strcmp(before, after) == 0, "%s: the row differs from its "
               "redrawn self (Ctrl-L):\nbefore: \"%s\"\nafter:  \"%s\"", title,
               before, after);
    SOFT_CHECK(t, !strchr(cell, '~'), "%s: a stray ~ in the cell: \"%s\"",
               title, cell);
    free(before);
    free(after);
}

static void case_wide_chars(void)
{
    const char *db = new_workshop();
    import_rows(db, LEDGER, T_CATEGORY "," T_NAME "," T_NOTE "\n"
                "営業部・経理部・総務部・製造部,ファイルサーバーのバックアップ一式,週次\n");
    vt *t = start_mamori(db, "1", LEDGER, ROWS);
    WAIT_TABLE(t);
    /* 業務分類 first: once it is short, no cell of the row is cut (~) */
    wide_into(t, db, T_CATEGORY, T_NOTE);
    wide_into(t, db, T_NAME, T_CATEGORY);
    vt_free(t);
    soft_done();
}

/* The footer's key hints ("KEY words" separated by two blanks): the first
 * key shown twice in footer text S (copied to DUP), or false. */
static bool footer_dup(const char *s, char dup[64])
{
    char keys[32][64];
    int n = 0;
    const char *p = s + strspn(s, " ");
    while (*p && n < 32) {
        size_t len = strcspn(p, " ");
        if (len >= sizeof keys[0])
            len = sizeof keys[0] - 1;
        memcpy(keys[n], p, len);
        keys[n][len] = '\0';
        for (int k = 0; k < n; k++)
            if (strcmp(keys[k], keys[n]) == 0) {
                memcpy(dup, keys[n], 64);
                return true;
            }
        n++;
        const char *next = strstr(p, "  ");
        if (!next)
            break;
        p = next + strspn(next, " ");
    }
    return false;
}

static bool footer_clean(vt *t, void *arg)
{
    (void)arg;
    char dup[64];
    char *s = vt_row_text(t, ROW_FOOTER);
    bool ok = !footer_dup(s, dup);
    free(s);
    return ok;
}

/* No key twice in the footer. A screen still arriving (half the new
 * footer over the old one) is waited out; one that stays so fails. */
static void check_footer(vt *t, const char *where)
{
    vt_wait_until(t, footer_clean, NULL, vt_default_wait_ms());
    char dup[64];
    char *s = vt_row_text(t, ROW_FOOTER);
    E2E_CHECK(t, !footer_dup(s, dup), "%s: the footer shows the key %s twice: \"%s\"",
              where, dup, s);
    free(s);
}

/* A9g. The footer never shows the same key hint twice (each view; the
 * table also in its editor). */
static void case_footer_dup(void)
{
    const char *db = new_workshop();
    for (size_t k = 0; k < sizeof views / sizeof views[0]; k++)
        views[k]->prepare(db);
    for (int fac = 0; fac < 2; fac++)
        for (size_t k = 0; k < sizeof views / sizeof views[0]; k++) {
            const view_desc *v = views[k];
            char where[64];
            snprintf(where, sizeof where, "%s (%s)", v->name,
                     fac ? "facilitator" : "group 1");
            vt *t = open_view(db, v, fac ? NULL : "1", ROWS);
            GRID_BARRIER(t);
            check_footer(t, where);
            /* f: the table's form, the checklist's card, the document's
             * guidance, the survey's results (the board: nothing) */
            char *before = vt_screen_text(t);
            vt_send(t, "f");
            if (vt_wait_until(t, screen_differs, before, 1000)) {
                char w2[80];
                snprintf(w2, sizeof w2, "%s after f", where);
                check_footer(t, w2);
                vt_key(t, VT_KEY_ESC);
            }
            free(before);
            vt_free(t);
            t = open_view(db, v, fac ? NULL : "1", ROWS);
            if (!fac) {
                v->begin_edit(t);
                check_footer(t, where);
            }
            vt_free(t);
        }
}

/* A9h. Scrolled right, the frozen first column shows the row's label
 * (情報資産名称), not 業務分類. */
static void case_frozen_column(void)
{
    const char *db = new_workshop();
    import_rows(db, LEDGER, T_CATEGORY "," T_NAME "\nGYOUMU,LABELNAME\n");
    vt *t = start_mamori(db, "1", LEDGER, ROWS);
    WAIT_TABLE(t);
    WAIT_TEXT(t, "LABELNAME", "the row");
    MOVE_RIGHT_TO(t, T_REGISTERED);
    E2E_CHECK(t, vt_wait_gone(t, T_NOTE, wait_ms()),
              "the columns scrolled (備考 is out of sight)");
    E2E_CHECK(t, vt_has_text(t, "LABELNAME"), "scrolled right, the frozen "
              "column does not show the row's label LABELNAME (shows 業務分類 "
              "GYOUMU: %s)", vt_has_text(t, "GYOUMU") ? "yes" : "no");
    E2E_CHECK(t, !vt_has_text(t, "GYOUMU"), "scrolled right, 業務分類 is "
              "still shown in the frozen column");
    vt_free(t);
}

/* ---- pickers, the same in every view ------------------------------------------ */

/* The picker's highlighted choice (the reverse-video row inside its box),
 * as text. */
static char *picker_selection(vt *t)
{
    int rows;
    vt_size(t, &rows, NULL);
    for (int r = 1; r < rows - 2; r++) {
        vt_cell_t c;
        int cols;
        vt_size(t, NULL, &cols);
        /* a popup row: reverse somewhere away from the left edge */
        for (int x = 10; x < cols - 10; x++)
            if (vt_cell(t, r, x, &c) && c.reverse && c.text[0] && c.text[0] != ' ')
                return vt_row_text(t, r);
    }
    return NULL;
}

/* A picker never opens on its empty "clear" choice, and a digit chooses
 * the Nth choice and saves it at once (the picker closes). */
static void pick_second(vt *t, const char *view, const char *footer)
{
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, footer, wait_ms()), "%s: the picker opens", view);
    char *sel = picker_selection(t);
    SOFT_CHECK(t, sel && !strstr(sel, "空にする") && !strstr(sel, "消す"),
               "%s: the picker opens on an empty choice: \"%s\"", view, sel ? sel : "?");
    free(sel);
    vt_send(t, "2");
    E2E_CHECK(t, vt_wait_gone(t, footer, wait_ms()), "%s: the digit chose and closed the picker",
              view);
}

static void case_picker_table(void)
{
    const char *db = new_workshop();
    prepare_table(db);
    vt *t = open_view(db, &VIEW_table, "1", ROWS);
    WAIT_TABLE(t);
    E2E_CHECK(t, vt_wait_text(t, "共有フォルダ", wait_ms()), "the row");
    MOVE_RIGHT_TO(t, T_C);
    vt_key(t, VT_KEY_ENTER);
    pick_second(t, "table", FOOTER_PICK);
    SOFT_CHECK(t, wait_export_until(t, db, "--group", "1", LEDGER, "csv", has_str,
                                    (void *)"共有フォルダ,,,,,,2,", wait_ms(), NULL),
               "table: 2 saved into 機密性");
    vt_free(t);
    soft_done();
}

static void case_picker_checklist(void)
{
    const char *db = new_workshop();
    vt *t = open_view(db, &VIEW_checklist, "1", ROWS);
    E2E_CHECK(t, vt_wait_text(t, COMPANY1 " の回答", wait_ms()), "the hearing");
    vt_key(t, VT_KEY_ENTER);
    pick_second(t, "checklist", FOOTER_PICK);
    SOFT_CHECK(t, wait_export_until(t, db, "--company", COMPANY1, "visit-hearing", "csv",
                                    has_str, (void *)"一部実施している", wait_ms(), NULL),
               "checklist: the second answer (一部実施している) saved");
    vt_free(t);
    soft_done();
}

static void case_picker_survey(void)
{
    const char *db = new_workshop();
    vt *t = open_view(db, &VIEW_survey, "1", ROWS);
    vt_send(t, "W");
    E2E_CHECK(t, vt_wait_text(t, "回答する人を選んでください", wait_ms()), "W");
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_text(t, "回答する人: " PERSON1, wait_ms()), "the first person");
    vt_key(t, VT_KEY_ENTER); /* the first question, a scale */
    pick_second(t, "survey", FOOTER_PICK);
    SOFT_CHECK(t, vt_wait_text(t, "やや満足", wait_ms()), "survey: the second option is the "
               "answer");
    vt_free(t);
    soft_done();
}

static void case_picker_board(void)
{
    const char *db = new_workshop();
    prepare_board(db);
    vt *t = open_view(db, &VIEW_board, "1", ROWS);
    E2E_CHECK(t, vt_wait_text(t, SEED_NOTE, wait_ms()), "the note");
    vt_send(t, "M"); /* move the note: a picker of lanes */
    pick_second(t, "board", FOOTER_PICK);
    char *md = NULL;
    bool moved = wait_export_until(t, db, "--group", "1", "retrospective", "md", has_str,
                                   (void *)"メリット", wait_ms(), &md);
    const char *lane = md ? strstr(md, "メリット") : NULL;
    const char *next = lane ? strstr(lane, "デメリット") : NULL;
    const char *note = lane ? strstr(lane, SEED_NOTE) : NULL;
    SOFT_CHECK(t, moved && note && (!next || note < next),
               "board: the note is in the second lane (メリット):\n%s", md ? md : "");
    free(md);
    vt_free(t);
    soft_done();
}

static void case_picker_document(void)
{
    const char *db = new_workshop();
    vt *t = start_mamori(db, "1", "ir-plan", ROWS);
    E2E_CHECK(t, vt_wait_text(t, "記入済み", wait_ms()), "the plan's sections");
    vt_send(t, "w"); /* the variant: a picker */
    pick_second(t, "document", FOOTER_PICK);
    SOFT_CHECK(t, vt_wait_text(t, "ベースラインアプローチ", wait_ms()),
               "document: the second variant (baseline) chosen");
    vt_free(t);
    soft_done();
}

static const e2e_case cases[] = {
    {"draft-crash-long", case_draft_crash_long},
    {"picker-table", case_picker_table},
    {"picker-checklist", case_picker_checklist},
    {"picker-survey", case_picker_survey},
    {"picker-board", case_picker_board},
    {"picker-document", case_picker_document},
    {"append-end", case_append_end},
    {"add-filtered", case_add_filtered},
    {"busy", case_busy},
    {"flags-picker", case_flags_picker},
    {"scale-digit", case_scale_digit},
    {"picker-blank", case_picker_blank},
    {"draft-conflict", case_draft_conflict},
    {"draft-live", case_draft_live},
    {"draft-long", case_draft_long},
    {"help-selfcheck", case_help_checklist},
    {"help-group", case_help_group},
    {"help-40", case_help_40},
    {"add-esc", case_add_esc},
    {"undo-leave", case_undo_leave},
    {"import-undo", case_import_undo},
    {"checklist-tab", case_checklist_tab},
    {"doc-starter", case_doc_starter},
    {"wide-chars", case_wide_chars},
    {"footer-dup", case_footer_dup},
    {"frozen-column", case_frozen_column},
#define VIEW_CASES(beh)                         \
    {#beh "-table", beh##_table},               \
    {#beh "-checklist", beh##_checklist},       \
    {#beh "-document", beh##_document},         \
    {#beh "-board", beh##_board},               \
    {#beh "-survey", beh##_survey},
    VIEW_CASES(conflict)
    VIEW_CASES(undo)
    VIEW_CASES(draft)
    VIEW_CASES(help)
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
