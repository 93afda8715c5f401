/*
 * End-to-end cases for the table activity: the real mamori binary
 * (MAMORI_BIN) in a pty, on the asset ledger (第5回) and the risk table
 * (第6回).
 *
 *   e2e_table CASE     run one case (meson registers each as e2e-table-CASE)
 *   e2e_table          run them all
 *   e2e_table --list
 *
 * Each case works on its own temporary directory (removed afterwards) and a
 * blank workshop made by `mamori init --db DIR/workshop.db --groups 3`.
 * What is stored is checked through `mamori export ... --format csv`, run
 * from the test with fork/exec.
 *
 * Screen layout of a table (rows counted from the bottom are fixed): row 1
 * the info line (「グループ N の表  |  M行」), row 2 the column titles, then
 * the rows; -4 the current cell in full (「タイトル: 値」), -3 the column's
 * help, -2 the key footer (or a message), -1 the status line.
 */
#include "vt.h"
#include "e2e_util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROWS 30
#define COLS 100
/* How soon an edit must show on another terminal (no key sent to it).
 * E2E_SYNC_MS overrides it. */
#define SYNC_MS_DEFAULT 1000

#define ROW_CELL (-4)   /* 「タイトル: 値」 of the current cell */
#define ROW_FOOTER (-2) /* keys, or the last message */

#define LEDGER "asset-ledger"
#define RISK "risk-table"

/* Column titles (src/core: scenarios/sme-program.json) and messages
 * (src/core/messages.def). */
#define T_CATEGORY "業務分類"
#define T_NAME "情報資産名称"
#define T_NOTE "備考"
#define T_C "機密性"
#define T_REGISTERED "登録日"
#define T_RISK "リスク値"
#define MSG_FOOTER_TABLE "Enter 編集  f 詳細  a 追加"
#define MSG_FOOTER_EDIT "Enter 確定  Esc 取り消し"
#define MSG_FOOTER_PICK "上下 選ぶ  Enter 決定  Esc 取り消し"
#define MSG_FOOTER_HEAT "矢印 セルを選ぶ  Enter 絞り込み  Esc 閉じる"
#define MSG_CONFLICT "ほかの端末が同時にこのセルを変更しました"
#define MSG_EMPTY "まだ行がありません"

/* ---- starting mamori ------------------------------------------------------ */


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


/* A fresh workshop of `groups` groups (named 1..groups) in a fresh
 * temporary directory.  The path stays valid for the whole case. */
static const char *new_workshop(int groups)
{
    static char paths[4][600];
    static int next;
    char *path = paths[next++ % 4];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(path, sizeof paths[0], "%s/workshop.db", dir);
    char g[16];
    snprintf(g, sizeof g, "%d", groups);
    const char *args[] = {"init", "--db", path, "--groups", g, NULL};
    run_result r = run_mamori(args);
    E2E_CHECK(NULL, r.status == 0, "mamori init --db %s --groups %s: exit %d\n"
              "stdout: %s\nstderr: %s", path, g, r.status, r.out, r.err);
    run_free(&r);
    return path;
}

/* `mamori export --db DB --group G --activity ACT --format csv`; the CSV. */
static char *export_csv(vt *t, const char *db, const char *group,
                        const char *activity)
{
    const char *args[] = {"export", "--db", db, "--group", group,
                          "--activity", activity, "--format", "csv",
                          "--lang", "ja", NULL};
    run_result r = run_mamori(args);
    if (r.status != 0)
        e2e_fail(t, __FILE__, __LINE__, "mamori export --group %s --activity "
                 "%s: exit %d\nstdout: %s\nstderr: %s", group, activity,
                 r.status, r.out, r.err);
    free(r.err);
    return r.out;
}

/* mamori --db DB [--group G] --open ACT --lang ja at rows x cols. */
static vt *start_mamori(const char *db, const char *group, const char *activity,
                        int rows, int cols)
{
    return e2e_open(db, group, activity, rows, cols);
}

/* The same, waiting for the table's info line (「グループ N の表」) and its
 * key footer. */
static vt *start_table(const char *db, const char *group, const char *activity,
                       const char *shows_group, int rows, int cols)
{
    vt *t = start_mamori(db, group, activity, rows, cols);
    char info[64];
    snprintf(info, sizeof info, "グループ %s の表", shows_group);
    E2E_CHECK(t, vt_wait_row(t, 1, info, wait_ms()),
              "the table opens on its info line \"%s\"", info);
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, MSG_FOOTER_TABLE, wait_ms()),
              "the table's key footer");
    return t;
}

/* ---- CSV ------------------------------------------------------------------ */

/* Export and check one cell (row is 1-based; want "" for blank). */
static void check_export(vt *t, const char *db, const char *group,
                         const char *activity, int row, const char *title,
                         const char *want, int line)
{
    char *out = export_csv(t, db, group, activity);
    csv_t c = csv_parse(out);
    const char *got = csv_cell(&c, row, title);
    if (!got || strcmp(got, want) != 0)
        e2e_fail(t, __FILE__, line, "export of group %s's %s: row %d, column "
                 "%s is \"%s\", expected \"%s\"\n--- export ---\n%s--------------",
                 group, activity, row, title, got ? got : "(missing)", want,
                 out);
    csv_free(&c);
    free(out);
}
#define CHECK_EXPORT(t, db, g, act, row, title, want) \
    check_export((t), (db), (g), (act), (row), (title), (want), __LINE__)

/* Number of data rows in an export. */
static int export_rows(vt *t, const char *db, const char *group,
                       const char *activity)
{
    char *out = export_csv(t, db, group, activity);
    csv_t c = csv_parse(out);
    int n = c.nrec > 0 ? c.nrec - 1 : 0;
    csv_free(&c);
    free(out);
    return n;
}

/* ---- reading the grid --------------------------------------------------- */

/* Text of cells [c0, c1) of a row, trailing blanks trimmed. */
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
    while (len > 0 && out[len - 1] == ' ')
        out[--len] = '\0';
}

static bool is_blank(const vt_cell_t *c)
{
    return c->width != 0 && (!c->text[0] || strcmp(c->text, " ") == 0);
}

/* Where the column titled `title` is: the header row and its first and
 * one-past-last cell column (up to the next title). */
static bool header_span(vt *t, const char *title, int *hrow, int *c0, int *c1)
{
    int rows, cols, r, c;
    vt_size(t, &rows, &cols);
    if (!vt_find_text_in(t, title, 1, 3, &r, &c))
        return false;
    /* skip the title itself, then the blanks after it */
    int x = c;
    vt_cell_t cell;
    while (x < cols && vt_cell(t, r, x, &cell) && !is_blank(&cell))
        x++;
    while (x < cols && vt_cell(t, r, x, &cell) && is_blank(&cell))
        x++;
    *hrow = r;
    *c0 = c;
    *c1 = x < cols ? x - 1 : cols;
    return true;
}

/* The screen row showing data row `num` (the number left of the first
 * column, under the header's "#"), or -1. */
static int grid_row(vt *t, int num)
{
    int rows, cols, hr, hc;
    vt_size(t, &rows, &cols);
    if (!vt_find_text_in(t, "#", 1, 3, &hr, &hc))
        return -1;
    int first = hc + 1;   /* where the first column starts */
    vt_cell_t cell;
    while (first < cols && vt_cell(t, hr, first, &cell) && is_blank(&cell))
        first++;
    for (int r = hr + 1; r < rows + ROW_CELL; r++) {
        char b[64];
        row_span(t, r, 0, first, b, sizeof b);
        char *end;
        long v = strtol(b, &end, 10);
        if (end != b && *end == '\0' && v == num)
            return r;
    }
    return -1;
}

/* The grid's text of row `num` under column `title`; false if not shown. */
static bool grid_cell(vt *t, int num, const char *title, char *out, size_t n)
{
    int hrow, c0, c1;
    out[0] = '\0';
    if (!header_span(t, title, &hrow, &c0, &c1))
        return false;
    int r = grid_row(t, num);
    if (r < 0)
        return false;
    row_span(t, r, c0, c1, out, n);
    return true;
}

typedef struct {
    int num;
    const char *title;
    const char *want;
} cell_arg;

static bool cell_is(vt *t, void *arg)
{
    const cell_arg *a = arg;
    char b[512];
    return grid_cell(t, a->num, a->title, b, sizeof b) && strcmp(b, a->want) == 0;
}

static void wait_cell(vt *t, int num, const char *title, const char *want,
                      int ms, int line)
{
    cell_arg a = {num, title, want};
    if (!vt_wait_until(t, cell_is, &a, ms)) {
        char b[512];
        bool shown = grid_cell(t, num, title, b, sizeof b);
        e2e_fail(t, __FILE__, line, "row %d, column %s: expected \"%s\" within "
                 "%d ms, shows %s%s%s", num, title, want, ms,
                 shown ? "\"" : "", shown ? b : "(no such row/column on screen)",
                 shown ? "\"" : "");
    }
}
#define WAIT_CELL(t, num, title, want) \
    wait_cell((t), (num), (title), (want), wait_ms(), __LINE__)

/* The current-cell line (row -4): "TITLE: VALUE" exactly. */
static bool row_equals(vt *t, int row, const char *want)
{
    char *s = vt_row_text(t, row);
    bool ok = strcmp(s, want) == 0;
    free(s);
    return ok;
}

static bool cur_cell_is(vt *t, void *arg)
{
    return row_equals(t, ROW_CELL, arg);
}

static void wait_cur_cell(vt *t, const char *title, const char *value,
                          int line)
{
    char want[600];
    snprintf(want, sizeof want, " %s:%s%s", title, *value ? " " : "", value);
    if (!vt_wait_until(t, cur_cell_is, want, wait_ms())) {
        char *s = vt_row_text(t, ROW_CELL);
        e2e_fail(t, __FILE__, line, "the current-cell line is \"%s\", not "
                 "\"%s\" after %d ms", s, want, wait_ms());
    }
}
#define WAIT_CUR_CELL(t, title, value) \
    wait_cur_cell((t), (title), (value), __LINE__)

/* The title part of the current-cell line ("TITLE: value"). */
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

/* Move the cursor one column at a time with `key` (h or l) until the
 * current-cell line names `title`; each step waits for the column's title
 * to change, so no key is sent ahead of the screen. */
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
#define move_right_to(t, title) move_to((t), "l", (title), __LINE__)
#define move_left_to(t, title) move_to((t), "h", (title), __LINE__)

/* A barrier for the grid: ? opens the key help and Esc closes it.  Once
 * the help has come and gone, every key sent before was handled, and the
 * grid (not an editor, where ? would be typed) has the keys. */
static void grid_barrier(vt *t, int line)
{
    vt_send(t, "?");
    if (!vt_wait_text(t, "キー操作", wait_ms()))
        e2e_fail(t, __FILE__, line, "? does not open the key help (is an "
                 "editor or picker still open?)");
    vt_key(t, VT_KEY_ESC);
    if (!vt_wait_gone(t, "キー操作", wait_ms()))
        e2e_fail(t, __FILE__, line, "Esc does not close the key help");
}
#define GRID_BARRIER(t) grid_barrier((t), __LINE__)

static void wait_footer(vt *t, const char *text, int line)
{
    if (!vt_wait_row(t, ROW_FOOTER, text, wait_ms()))
        e2e_fail(t, __FILE__, line, "the footer line does not show \"%s\"",
                 text);
}
#define WAIT_FOOTER(t, text) wait_footer((t), (text), __LINE__)

static bool info_has(vt *t, const char *text)
{
    return vt_find_text_in(t, text, 1, 1, NULL, NULL);
}

static void wait_info(vt *t, const char *text, int line)
{
    if (!vt_wait_row(t, 1, text, wait_ms()))
        e2e_fail(t, __FILE__, line, "the info line does not show \"%s\"", text);
}
#define WAIT_INFO(t, text) wait_info((t), (text), __LINE__)

/* Add a row below the cursor: `a` opens the line editor on the new row's
 * name, and the row is made when the name is saved.  `rows_after` is the
 * row count the info line must show. */
static void add_empty_row(vt *t, int rows_after)
{
    char want[32];
    snprintf(want, sizeof want, "|  %d行", rows_after);
    /* a row is made when its name is saved; `a` then Esc adds nothing */
    vt_send(t, "a");
    WAIT_FOOTER(t, MSG_FOOTER_EDIT);
    vt_send(t, "仮の名前");
    vt_key(t, VT_KEY_ENTER);
    WAIT_INFO(t, want);
    GRID_BARRIER(t);
}

/* On the current row, move to the text column `title` (from the left),
 * Enter, type `text` the way an IME commits (one write) and Enter. */
static void set_text_cell(vt *t, const char *first, const char *title,
                          const char *text)
{
    move_left_to(t, first);
    move_right_to(t, title);
    vt_key(t, VT_KEY_ENTER);
    vt_send(t, "\x15"); /* Ctrl-U: clear what the editor starts with */
    vt_send(t, text);
    vt_key(t, VT_KEY_ENTER);
    /* the current-cell line shows the stored value: saved */
    WAIT_CUR_CELL(t, title, text);
}

/* q from the grid: mamori must exit with status 0 (a sanitizer build
 * exits non-zero on a memory error or leak), then the terminal is freed. */
static void quit_table(vt *t, int line)
{
    vt_send(t, "q");
    int rc = vt_wait_exit(t, wait_ms());
    if (rc != 0)
        e2e_fail(t, __FILE__, line, "exit status %d after q (-1: still "
                 "running)", rc);
    vt_free(t);
}
#define QUIT(t) quit_table((t), __LINE__)

/* ---- the cases ------------------------------------------------------------ */

/* 1. Japanese typed into the asset's name (as an IME commits it: the whole
 * UTF-8 string in one write) is shown in the grid and stored. */
static void case_japanese(void)
{
    const char *db = new_workshop(3);
    vt *t = start_table(db, "2", LEDGER, "2", ROWS, COLS);
    E2E_WAIT_TEXT(t, MSG_EMPTY);
    /* `a` then Esc adds nothing: a row is made when its name is saved */
    vt_send(t, "a");
    WAIT_FOOTER(t, MSG_FOOTER_EDIT);
    vt_key(t, VT_KEY_ESC);
    GRID_BARRIER(t);
    WAIT_INFO(t, "|  0行");
    vt_send(t, "a");
    WAIT_FOOTER(t, MSG_FOOTER_EDIT);
    vt_send(t, "顧客名簿");
    E2E_WAIT_TEXT(t, "顧客名簿");
    vt_key(t, VT_KEY_ENTER);
    WAIT_FOOTER(t, MSG_FOOTER_TABLE);
    WAIT_CELL(t, 1, T_NAME, "顧客名簿");
    WAIT_CUR_CELL(t, T_NAME, "顧客名簿");
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_NAME, "顧客名簿");
    /* Typed character by character too (vt_type), into 備考. */
    move_right_to(t, T_NOTE);
    vt_key(t, VT_KEY_ENTER);
    WAIT_FOOTER(t, MSG_FOOTER_EDIT);
    vt_type(t, "紙とExcel（営業部）");
    vt_key(t, VT_KEY_ENTER);
    WAIT_FOOTER(t, MSG_FOOTER_TABLE);
    WAIT_CELL(t, 1, T_NOTE, "紙とExcel（営業部）");
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_NOTE, "紙とExcel（営業部）");
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_NAME, "顧客名簿");
    QUIT(t);
}

/* 1b. `a` adds a row and opens the line editor on the row's name
 * (情報資産名称), so what is typed right away names the asset. */
static void case_add_row_name(void)
{
    const char *db = new_workshop(3);
    vt *t = start_table(db, "2", LEDGER, "2", ROWS, COLS);
    vt_send(t, "a");
    WAIT_FOOTER(t, MSG_FOOTER_EDIT);
    vt_send(t, "顧客名簿");
    E2E_WAIT_TEXT(t, "顧客名簿");
    vt_key(t, VT_KEY_ENTER);
    WAIT_FOOTER(t, MSG_FOOTER_TABLE);
    WAIT_INFO(t, "|  1行");
    char b[256], col[200];
    grid_cell(t, 1, T_NAME, b, sizeof b);
    if (strcmp(b, "顧客名簿") != 0) {
        cur_title(t, col, sizeof col);
        e2e_fail(t, __FILE__, __LINE__, "the text typed right after `a` went "
                 "into %s, not %s (which shows \"%s\")", col, T_NAME, b);
    }
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_NAME, "顧客名簿");
    QUIT(t);
}

/* 2. A scale column takes its value from the picker (a digit picks the
 * level); a date that does not exist is refused with its reason and the
 * cell keeps its old (blank) value. */
static void case_validate(void)
{
    const char *db = new_workshop(3);
    vt *t = start_table(db, "2", LEDGER, "2", ROWS, COLS);
    add_empty_row(t, 1);
    move_right_to(t, T_C);
    WAIT_CUR_CELL(t, T_C, "");

    /* A scale opens a picker of its levels (no free typing). */
    vt_key(t, VT_KEY_ENTER);
    WAIT_FOOTER(t, MSG_FOOTER_PICK);
    E2E_WAIT_TEXT(t, "漏れると、事業に大きな影響がある");
    E2E_WAIT_TEXT(t, "（空にする）");
    /* A digit picks the level of that number and saves it at once; a
     * digit out of range does nothing. */
    vt_send(t, "7");
    vt_send(t, "3");
    WAIT_FOOTER(t, MSG_FOOTER_TABLE);
    E2E_WAIT_GONE(t, "（空にする）");
    WAIT_CUR_CELL(t, T_C, "3");
    WAIT_CELL(t, 1, T_C, "3");
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_C, "3");
    /* ...and with the arrows: Up from 3 to 2. */
    vt_key(t, VT_KEY_ENTER);
    WAIT_FOOTER(t, MSG_FOOTER_PICK);
    vt_key(t, VT_KEY_UP);
    vt_key(t, VT_KEY_ENTER);
    WAIT_FOOTER(t, MSG_FOOTER_TABLE);
    WAIT_CUR_CELL(t, T_C, "2");
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_C, "2");

    /* 2026-02-30 is refused with its reason; the cell stays blank. */
    move_right_to(t, T_REGISTERED);
    WAIT_CUR_CELL(t, T_REGISTERED, "");
    vt_key(t, VT_KEY_ENTER);
    WAIT_FOOTER(t, MSG_FOOTER_EDIT);
    vt_send(t, "2026-02-30");
    E2E_WAIT_TEXT(t, "2026-02-30");
    vt_key(t, VT_KEY_ENTER);
    WAIT_FOOTER(t, "2026-02-30 という日付はありません");
    WAIT_CUR_CELL(t, T_REGISTERED, "");
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_REGISTERED, "");
    /* Esc leaves the editor; the grid cell is blank. */
    vt_key(t, VT_KEY_ESC);
    WAIT_CELL(t, 1, T_REGISTERED, "");
    WAIT_CUR_CELL(t, T_REGISTERED, "");
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_REGISTERED, "");
    /* A real date is taken. */
    vt_key(t, VT_KEY_ENTER);
    vt_send(t, "2026-02-28");
    E2E_WAIT_TEXT(t, "2026-02-28");
    vt_key(t, VT_KEY_ENTER);
    WAIT_CUR_CELL(t, T_REGISTERED, "2026-02-28");
    WAIT_CELL(t, 1, T_REGISTERED, "2026-02-28");
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_REGISTERED, "2026-02-28");
    QUIT(t);
}

/* Wait (on a terminal that is sent no key) for a cell, within sync_ms of
 * `since`. */
static void wait_synced(vt *t, int num, const char *title, const char *want,
                        long long since, const char *what)
{
    int left = sync_ms() - (int)(e2e_now_ms() - since);
    if (left < 1)
        left = 1;
    cell_arg a = {num, title, want};
    if (!vt_wait_until(t, cell_is, &a, left))
        e2e_fail(t, __FILE__, __LINE__, "%s: \"%s\" not shown within %d ms "
                 "of the other terminal's Enter", what, want, sync_ms());
    printf("%s: shown after %lld ms\n", what, e2e_now_ms() - since);
}

/* On the current row: column `title`, Enter, the text in one write, Enter;
 * returns when the Enter was sent. */
static long long type_cell_and_enter(vt *t, const char *title, const char *text)
{
    move_left_to(t, T_NAME);
    move_right_to(t, title);
    vt_key(t, VT_KEY_ENTER);
    vt_send(t, "\x15"); /* Ctrl-U: clear what the editor starts with */
    vt_send(t, text);
    E2E_WAIT_TEXT(t, text);
    long long t0 = e2e_now_ms();
    vt_key(t, VT_KEY_ENTER);
    return t0;
}

/* 3. Group 1's terminal and the facilitator on group 1's table see each
 * other's edits without a key press. */
static void case_sync(void)
{
    const char *db = new_workshop(3);
    vt *g = start_table(db, "1", LEDGER, "1", ROWS, COLS);
    vt *f = start_table(db, NULL, LEDGER, "1", ROWS, COLS);
    E2E_CHECK(f, vt_wait_row(f, -1, "ファシリテーター", wait_ms()),
              "the facilitator's status line");
    E2E_CHECK(g, vt_wait_row(g, -1, "グループ 1", wait_ms()),
              "the group's status line");

    /* group -> facilitator: a new row, then its name */
    add_empty_row(g, 1);
    E2E_CHECK(f, vt_wait_row(f, 1, "|  1行", sync_ms()),
              "the facilitator shows the group's new row within %d ms",
              sync_ms());
    long long t0 = type_cell_and_enter(g, T_NAME, "サーバ室の鍵");
    wait_synced(f, 1, T_NAME, "サーバ室の鍵", t0, "group 1 -> facilitator");
    WAIT_CELL(g, 1, T_NAME, "サーバ室の鍵");

    /* facilitator -> group */
    t0 = type_cell_and_enter(f, T_NOTE, "金庫に保管");
    wait_synced(g, 1, T_NOTE, "金庫に保管", t0, "facilitator -> group 1");
    WAIT_CELL(f, 1, T_NOTE, "金庫に保管");

    /* and a row deleted by the facilitator goes from the group's screen */
    vt_send(f, "D");
    WAIT_INFO(f, "|  0行");
    E2E_CHECK(g, vt_wait_row(g, 1, "|  0行", sync_ms()),
              "the group's table loses the row within %d ms", sync_ms());
    E2E_CHECK(g, vt_wait_gone(g, "サーバ室の鍵", wait_ms()), "row gone");
    QUIT(f);
    QUIT(g);
}

/* One round of the conflict: A opens the editor on 備考 and types `mine`
 * without saving; B saves `theirs` there; A's Enter shows the dialog with
 * both; A presses `key`; `winner` ends up in the cell on both screens and
 * in the database. */
static void conflict_round(const char *db, vt *a, vt *b, const char *mine,
                           const char *theirs, const char *key,
                           const char *winner, const char *loser)
{
    move_left_to(a, T_NAME);
    move_right_to(a, T_NOTE);
    vt_key(a, VT_KEY_ENTER);
    vt_send(a, "\x15");
    vt_send(a, mine);
    E2E_WAIT_TEXT(a, mine);

    long long t0 = type_cell_and_enter(b, T_NOTE, theirs);
    WAIT_CUR_CELL(b, T_NOTE, theirs);
    /* A's editor is still open and still holds A's text. */
    E2E_CHECK(a, vt_wait_row(a, ROW_CELL, theirs, sync_ms() + 200),
              "A's current-cell line shows B's saved value (%lld ms)",
              e2e_now_ms() - t0);
    E2E_CHECK(a, vt_has_text(a, mine), "A's editor still holds %s", mine);

    vt_key(a, VT_KEY_ENTER);
    E2E_WAIT_TEXT(a, MSG_CONFLICT);
    char line[256];
    snprintf(line, sizeof line, "あなたの値: %s", mine);
    E2E_WAIT_TEXT(a, line);
    E2E_WAIT_TEXT(a, "いまの値（");
    int r;
    E2E_CHECK(a, vt_find_text(a, "いまの値（", &r, NULL), "theirs line");
    E2E_CHECK(a, vt_find_text_in(a, theirs, r, r, NULL, NULL),
              "the dialog's いまの値 line shows B's value %s", theirs);
    E2E_WAIT_TEXT(a, "1 自分の値を残す");
    E2E_WAIT_TEXT(a, "2 いまの値を残す");

    vt_send(a, key);
    E2E_WAIT_GONE(a, MSG_CONFLICT);
    WAIT_FOOTER(a, strcmp(key, "1") == 0 ? "あなたの値を保存しました"
                                         : "いまの値を残しました");
    WAIT_CELL(a, 1, T_NOTE, winner);
    WAIT_CUR_CELL(a, T_NOTE, winner);
    WAIT_CELL(b, 1, T_NOTE, winner);
    WAIT_CUR_CELL(b, T_NOTE, winner);
    E2E_CHECK(a, !vt_has_text(a, loser), "A no longer shows %s", loser);
    E2E_CHECK(b, !vt_has_text(b, loser), "B no longer shows %s", loser);
    CHECK_EXPORT(a, db, "1", LEDGER, 1, T_NOTE, winner);
}

/* 4. Two terminals save the same cell: the second to save gets the
 * conflict dialog; 1 keeps its value, 2 keeps the other's. */
static void case_conflict(void)
{
    const char *db = new_workshop(3);
    vt *a = start_table(db, "1", LEDGER, "1", ROWS, COLS);
    vt *b = start_table(db, NULL, LEDGER, "1", ROWS, COLS);
    add_empty_row(a, 1);
    set_text_cell(a, T_NAME, T_NAME, "見積書");
    WAIT_CELL(b, 1, T_NAME, "見積書");

    /* 1: keep mine */
    conflict_round(db, a, b, "Aの値", "Bの値", "1", "Aの値", "Bの値");
    /* 2: keep theirs */
    conflict_round(db, a, b, "Aの二回目", "Bの二回目", "2", "Bの二回目",
                   "Aの二回目");
    QUIT(b);
    QUIT(a);
}

/* The heat map's selected cell: the reverse-video run within the matrix
 * rows (below the title and the y-axis title). */
typedef struct {
    int count, row, col;
} heat_sel;

static bool heat_selected(vt *t, heat_sel *h)
{
    int tr, tc;
    if (!vt_find_text(t, "被害発生可能性 × 重要度", &tr, &tc))
        return false;
    int cols;
    vt_size(t, NULL, &cols);
    for (int r = tr + 2; r <= tr + 4; r++) {
        for (int c = tc - 2; c < cols; c++) {
            vt_cell_t cell;
            if (!vt_cell(t, r, c, &cell) || !cell.reverse)
                continue;
            int e = c;
            vt_cell_t x;
            while (e < cols && vt_cell(t, r, e, &x) && x.reverse)
                e++;
            char b[64];
            row_span(t, r, c, e, b, sizeof b);
            char *end;
            long n = strtol(b, &end, 10);
            if (end == b)
                return false;
            h->count = (int)n;
            h->row = r;
            h->col = c;
            return true;
        }
    }
    return false;
}

static bool heat_shown(vt *t, void *arg)
{
    (void)arg;
    heat_sel h;
    return heat_selected(t, &h);
}

static bool heat_moved(vt *t, void *arg)
{
    const heat_sel *before = arg;
    heat_sel h;
    return heat_selected(t, &h) &&
           (h.row != before->row || h.col != before->col);
}

/* 5. The facilitator loads the worked example into group 1's risk table,
 * sees the risk bands, and filters the grid from the heat map. */
static void case_heatmap(void)
{
    const char *db = new_workshop(3);
    vt *t = start_table(db, NULL, RISK, "1", ROWS, COLS);
    E2E_WAIT_TEXT(t, MSG_EMPTY);
    vt_send(t, "E");
    E2E_WAIT_TEXT(t, "記入例を読み込みますか");
    vt_send(t, "y");
    WAIT_FOOTER(t, "記入例を 9 行読み込みました");
    WAIT_INFO(t, "|  9行");
    int total = export_rows(t, db, "1", RISK);
    E2E_CHECK(t, total == 9, "the export has 9 rows (has %d)", total);
    /* The first example row rates importance 3 × likelihood 3: 9 大. */
    move_right_to(t, T_RISK);
    WAIT_CUR_CELL(t, T_RISK, "9 大");
    WAIT_CELL(t, 1, T_RISK, "9 大");

    vt_send(t, "m");
    /* (the footer still shows the example message: no MSG_FOOTER_HEAT) */
    E2E_WAIT_TEXT(t, "被害発生可能性 × 重要度");
    E2E_CHECK(t, vt_wait_until(t, heat_shown, NULL, wait_ms()),
              "a selected (reverse-video) heat map cell");
    heat_sel h;
    heat_selected(t, &h);
    vt_key_t path[] = {VT_KEY_LEFT, VT_KEY_LEFT, VT_KEY_DOWN, VT_KEY_RIGHT,
                       VT_KEY_RIGHT};
    /* At least one arrow, then on until the cell holds some rows but not
     * all. */
    for (size_t k = 0; k < sizeof path / sizeof path[0] &&
                       (k == 0 || !(h.count > 0 && h.count < total)); k++) {
        heat_sel before = h;
        vt_key(t, path[k]);
        E2E_CHECK(t, vt_wait_until(t, heat_moved, &before, wait_ms()),
                  "arrow %zu moves the heat map selection", k);
        heat_selected(t, &h);
    }
    E2E_CHECK(t, h.count > 0 && h.count < total,
              "found a heat map cell with a count (selected: %d)", h.count);
    printf("heat map cell selected: %d rows\n", h.count);
    vt_key(t, VT_KEY_ENTER);
    E2E_WAIT_GONE(t, "被害発生可能性 × 重要度");
    char want[64];
    snprintf(want, sizeof want, "|  %d/%d行", h.count, total);
    WAIT_INFO(t, want);
    WAIT_INFO(t, "絞り込み中:");
    /* exactly h.count data rows are listed */
    int shown = 0;
    for (int n = 1; n <= total; n++)
        shown += grid_row(t, n) >= 0;
    E2E_CHECK(t, shown == h.count, "%d rows listed after the heat filter, "
              "expected %d", shown, h.count);
    /* Esc clears the filter. */
    vt_key(t, VT_KEY_ESC);
    WAIT_INFO(t, "|  9行");
    E2E_CHECK(t, !info_has(t, "絞り込み中"), "filter cleared");
    QUIT(t);
}

/* 6. u undoes adding a row with text; Ctrl-R redoes it. */
static void case_undo(void)
{
    const char *db = new_workshop(3);
    vt *t = start_table(db, "2", LEDGER, "2", ROWS, COLS);
    add_empty_row(t, 1);
    set_text_cell(t, T_NAME, T_NAME, "社員名簿");
    WAIT_CELL(t, 1, T_NAME, "社員名簿");
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_NAME, "社員名簿");

    vt_send(t, "u");
    WAIT_FOOTER(t, "元に戻しました");
    E2E_WAIT_GONE(t, "社員名簿");
    char *out = export_csv(t, db, "2", LEDGER);
    E2E_CHECK(t, strstr(out, "社員名簿") == NULL,
              "the export no longer has 社員名簿 after u:\n%s", out);
    free(out);
    /* Undo the rest (the row itself) if the name was a step of its own. */
    GRID_BARRIER(t);
    printf("after one u: %s\n", info_has(t, "|  0行") ? "the row is gone"
           : "the row is still there, its name blank");
    if (!info_has(t, "|  0行")) {
        vt_send(t, "u");
        WAIT_INFO(t, "|  0行");
    }
    E2E_WAIT_TEXT(t, MSG_EMPTY);
    E2E_CHECK(t, export_rows(t, db, "2", LEDGER) == 0, "no rows stored");

    vt_send(t, "\x12"); /* Ctrl-R */
    WAIT_FOOTER(t, "やり直しました");
    WAIT_INFO(t, "|  1行");
    if (!vt_has_text(t, "社員名簿")) {
        vt_send(t, "\x12");
        E2E_WAIT_TEXT(t, "社員名簿");
    }
    WAIT_CELL(t, 1, T_NAME, "社員名簿");
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_NAME, "社員名簿");
    QUIT(t);
}

/* 7. A group's terminal shows only its own table: Tab / Shift-Tab don't
 * switch, and its edits leave group 1's table alone (the facilitator's Tab
 * does switch). */
static void case_own_group(void)
{
    const char *db = new_workshop(3);
    vt *g1 = start_table(db, "1", LEDGER, "1", ROWS, COLS);
    add_empty_row(g1, 1);
    set_text_cell(g1, T_NAME, T_NAME, "グループ1の資産");
    QUIT(g1);
    char *before = export_csv(NULL, db, "1", LEDGER);
    E2E_CHECK(NULL, strstr(before, "グループ1の資産") != NULL,
              "group 1's row is stored:\n%s", before);

    vt *t = start_table(db, "2", LEDGER, "2", ROWS, COLS);
    E2E_WAIT_TEXT(t, MSG_EMPTY);
    /* Everyone can read everything: Tab shows the other groups' tables,
     * read-only (the core refuses the writes), and Shift-Tab comes back. */
    vt_send(t, "\x1b[Z");
    WAIT_INFO(t, "グループ 1 の表");
    WAIT_INFO(t, "表示のみ");
    WAIT_CELL(t, 1, T_NAME, "グループ1の資産");
    vt_send(t, "D");
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, "書き込めません", wait_ms()),
              "deleting on group 1's table is refused with a reason");
    vt_send(t, "a");
    E2E_CHECK(t, vt_wait_row(t, ROW_FOOTER, "書き込めません", wait_ms()),
              "adding on group 1's table is refused with a reason");
    E2E_CHECK(t, !vt_has_text(t, "新しい行"), "no editor opened on group 1's table");
    vt_send(t, "\t");
    WAIT_INFO(t, "グループ 2 の表");
    E2E_CHECK(t, vt_wait_gone(t, "グループ1の資産", wait_ms()),
              "back on group 2's own table");
    /* Edits on group 2's own table. */
    add_empty_row(t, 1);
    set_text_cell(t, T_NAME, T_NAME, "グループ2の資産");
    move_right_to(t, T_NOTE);
    vt_key(t, VT_KEY_ENTER);
    vt_send(t, "メモ");
    vt_key(t, VT_KEY_ENTER);
    WAIT_CUR_CELL(t, T_NOTE, "メモ");
    WAIT_INFO(t, "グループ 2 の表");
    vt_send(t, "E");
    E2E_WAIT_TEXT(t, "追加する");
    vt_key(t, VT_KEY_DOWN);
    vt_key(t, VT_KEY_ENTER);
    WAIT_FOOTER(t, "記入例を");
    CHECK_EXPORT(t, db, "2", LEDGER, 1, T_NAME, "グループ2の資産");
    char *after = export_csv(t, db, "1", LEDGER);
    if (strcmp(before, after) != 0)
        e2e_fail(t, __FILE__, __LINE__, "group 1's table changed after group "
                 "2's edits\n--- before ---\n%s--- after ---\n%s", before, after);
    free(before);
    free(after);
    QUIT(t);

    /* The facilitator, by contrast, starts on group 1 and Tab / Shift-Tab
     * go through the groups. */
    vt *f = start_table(db, NULL, LEDGER, "1", ROWS, COLS);
    WAIT_CELL(f, 1, T_NAME, "グループ1の資産");
    vt_send(f, "\t");
    WAIT_INFO(f, "グループ 2 の表");
    WAIT_CELL(f, 1, T_NAME, "グループ2の資産");
    E2E_CHECK(f, vt_wait_gone(f, "グループ1の資産", wait_ms()),
              "group 1's row is not on group 2's table");
    vt_send(f, "\x1b[Z");
    WAIT_INFO(f, "グループ 1 の表");
    WAIT_CELL(f, 1, T_NAME, "グループ1の資産");
    QUIT(f);
}

static bool has_rownum(vt *t, void *arg)
{
    return grid_row(t, *(int *)arg) >= 0;
}

/* 8. At 80x24 the table's title, header, rows, cell line, footer and status
 * line are all in place, wide text is cut without shifting the columns; at
 * 60x20 the too-small screen shows instead. */
static void case_layout(void)
{
    const char *db = new_workshop(3);
    vt *t = start_table(db, "2", LEDGER, "2", 24, 80);
    add_empty_row(t, 1);
    /* longer than the column (28 cells): cut, not spilling into 備考 */
    set_text_cell(t, T_NAME, T_NAME,
                  "営業部の顧客台帳と見積書の写し（ノートPC内）");
    set_text_cell(t, T_NAME, T_NOTE, "メモ");
    move_left_to(t, T_NAME);

    E2E_CHECK(t, vt_wait_row(t, 0, "第5回", wait_ms()), "title row");
    E2E_CHECK(t, vt_find_text_in(t, "情報資産管理台帳", 0, 0, NULL, NULL),
              "the activity title on row 0");
    WAIT_INFO(t, "グループ 2 の表");
    int hrow, c0, c1;
    E2E_CHECK(t, header_span(t, T_NAME, &hrow, &c0, &c1) && hrow == 2,
              "the header row (row 2) shows %s", T_NAME);
    E2E_CHECK(t, vt_find_text_in(t, "#", 2, 2, NULL, NULL) &&
                 vt_find_text_in(t, T_CATEGORY, 2, 2, NULL, NULL) &&
                 vt_find_text_in(t, T_NOTE, 2, 2, NULL, NULL),
              "the header row shows #, %s and %s", T_CATEGORY, T_NOTE);
    int one = 1;
    E2E_CHECK(t, vt_wait_until(t, has_rownum, &one, wait_ms()) &&
                 grid_row(t, 1) == 3, "data row 1 right below the header");
    char name[256], note[64];
    E2E_CHECK(t, grid_cell(t, 1, T_NAME, name, sizeof name), "name cell");
    E2E_CHECK(t, strncmp(name, "営業部の顧客台帳", strlen("営業部の顧客台帳")) == 0,
              "the name column starts with the name (shows \"%s\")", name);
    E2E_CHECK(t, grid_cell(t, 1, T_NOTE, note, sizeof note) &&
                 strcmp(note, "メモ") == 0,
              "備考 stays under its title, next to a cut-off name (shows "
              "\"%s\")", note);
    /* no wide character straddles the right edge or a column boundary */
    int cols;
    vt_size(t, NULL, &cols);
    for (int r = 0; r < 24; r++) {
        vt_cell_t c;
        E2E_CHECK(t, !vt_cell(t, r, cols - 1, &c) || c.width != 2,
                  "row %d ends with half a wide character", r);
    }
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, T_NAME ":", wait_ms()),
              "the current-cell line on row 20");
    E2E_CHECK(t, vt_wait_row(t, -3, "資産の名前です", wait_ms()),
              "the column help on row 21");
    WAIT_FOOTER(t, MSG_FOOTER_TABLE);
    E2E_CHECK(t, vt_wait_row(t, -1, "グループ 2", wait_ms()),
              "the status line on row 23");

    vt_resize(t, 20, 60);
    E2E_WAIT_TEXT(t, "端末が小さすぎます");
    E2E_WAIT_TEXT(t, "80×24 以上にしてください（いま 60×20）");
    E2E_WAIT_GONE(t, T_NAME);
    vt_resize(t, 24, 80);
    E2E_WAIT_GONE(t, "端末が小さすぎます");
    E2E_CHECK(t, vt_wait_row(t, 2, T_NAME, wait_ms()), "header back");
    WAIT_FOOTER(t, MSG_FOOTER_TABLE);
    QUIT(t);

    /* Started at 60x20 straight away. */
    vt *s = start_mamori(db, "2", LEDGER, 20, 60);
    E2E_WAIT_TEXT(s, "端末が小さすぎます");
    E2E_WAIT_TEXT(s, "（いま 60×20）");
    vt_resize(s, 24, 80);
    E2E_CHECK(s, vt_wait_row(s, 1, "グループ 2 の表", wait_ms()),
              "growing to 80x24 shows the table");
    E2E_CHECK(s, vt_wait_row(s, 2, T_NAME, wait_ms()), "its header");
    QUIT(s);
}

/* The projector (--present) follows the facilitator into the risk table and
 * shows the group the facilitator is looking at, live: the worked example
 * appears there, and Tab moves the projector to group 2 as well. */
static void case_projector(void)
{
    const char *db = new_workshop(3);
    vt *f = start_table(db, NULL, RISK, "1", ROWS, COLS);
    const char *argv[] = {mamori_bin(), "--db", db, "--present", "--lang", "ja", NULL};
    vt *p = vt_start(argv, NULL, 40, 120);
    E2E_CHECK(NULL, p != NULL, "starting the projector");
    E2E_CHECK(p, vt_wait_text(p, "グループ 1 の表", wait_ms()),
              "the projector shows group 1's risk table");
    E2E_CHECK(p, vt_wait_text(p, "表示のみ", wait_ms()), "and says it only shows");
    vt_send(f, "E");
    vt_send(f, "y");
    E2E_CHECK(f, vt_wait_row(f, 1, "|  9行", wait_ms()), "the example on the facilitator's table");
    E2E_CHECK(p, vt_wait_row(p, 1, "|  9行", sync_ms()),
              "the example appears on the projector without a key");
    /* the risk table's projector columns ("present"): the risk, its
     * ratings and value; the asset column is left for the groups' screens */
    E2E_CHECK(p, vt_wait_text(p, "NASがランサムウェアで暗号化さ", wait_ms()), "with its rows");
    vt_send(f, "\t");
    E2E_CHECK(f, vt_wait_row(f, 1, "グループ 2 の表", wait_ms()), "Tab moves to group 2");
    E2E_CHECK(p, vt_wait_text(p, "グループ 2 の表", sync_ms()),
              "the projector follows to group 2");
    E2E_CHECK(p, vt_wait_gone(p, "NASがランサムウェアで暗号化さ", wait_ms()),
              "group 2 has no rows yet");
    /* looking elsewhere is not moving: the facilitator leaves the table and
     * the room stays on it, until p brings the room to the session */
    vt_key(f, VT_KEY_ESC);
    E2E_CHECK(f, vt_wait_text(f, "プレビュー中", wait_ms()), "the session list is a preview");
    E2E_CHECK(p, vt_has_text(p, "グループ 2 の表"), "the projector stays on the table");
    vt_send(f, "p");
    E2E_CHECK(p, vt_wait_gone(p, "グループ 2 の表", sync_ms()),
              "p takes the room, and the projector, back to the session");
    QUIT(f);
    vt_send(p, "q");
    E2E_CHECK(p, vt_wait_exit(p, wait_ms()) == 0, "the projector quits with status 0");
    vt_free(p);
}

/* The facilitator's overview (d) shows each group's progress and follows a
 * group's writing live. */
static void case_dashboard(void)
{
    const char *db = new_workshop(3);
    vt *f = start_table(db, NULL, LEDGER, "1", ROWS, COLS);
    vt *g = start_table(db, "2", LEDGER, "2", ROWS, COLS);
    vt_send(f, "d");
    E2E_CHECK(f, vt_wait_text(f, "第5回 の進み具合", wait_ms()), "the overview opens");
    E2E_CHECK(f, vt_wait_text(f, "グループ 3", wait_ms()), "with a column per group");
    E2E_CHECK(f, vt_wait_text(f, "情報資産管理台帳", wait_ms()), "and the session's table");
    add_empty_row(g, 1);
    E2E_CHECK(f, vt_wait_text(f, "1行", sync_ms()),
              "group 2's new row shows in the overview without a key");
    vt_key(f, VT_KEY_ESC);
    E2E_CHECK(f, vt_wait_gone(f, "の進み具合", wait_ms()), "Esc leaves the overview");
    QUIT(g);
    QUIT(f);
}

/* Typing that was never saved survives the terminal going away (SIGTERM /
 * SIGHUP, as when an SSH session drops) and is offered back on restart. */
static void case_draft(void)
{
    const char *db = new_workshop(3);
    vt *g = start_table(db, "2", LEDGER, "2", ROWS, COLS);
    vt_send(g, "a");
    WAIT_FOOTER(g, MSG_FOOTER_EDIT);
    vt_type(g, "書きかけの資産名");
    E2E_CHECK(g, vt_wait_text(g, "書きかけの資産名", wait_ms()), "the text being typed");
    vt_free(g);

    g = start_mamori(db, "2", LEDGER, ROWS, COLS); /* it opens in the editor */
    E2E_CHECK(g, vt_wait_text(g, "前回入力中だった内容を戻しました", wait_ms()),
              "the restart says the typing was kept");
    E2E_CHECK(g, vt_wait_text(g, "書きかけの資産名", wait_ms()), "and shows it in the editor");
    vt_key(g, VT_KEY_ENTER);
    WAIT_CELL(g, 1, T_NAME, "書きかけの資産名");
    char *csv = export_csv(g, db, "2", LEDGER);
    E2E_CHECK(g, strstr(csv, "書きかけの資産名") != NULL, "saved after Enter:\n%s", csv);
    free(csv);
    QUIT(g);
}

/* `mamori export --group G` without --activity: the group's whole report,
 * with only the activities it wrote in. */
static void case_report(void)
{
    const char *db = new_workshop(3);
    vt *f = start_table(db, NULL, RISK, "1", ROWS, COLS);
    vt_send(f, "E");
    vt_send(f, "y");
    E2E_CHECK(f, vt_wait_row(f, 1, "|  9行", wait_ms()), "the example is loaded");
    QUIT(f);
    const char *args[] = {"export", "--db", db, "--group", "1", "--lang", "ja", NULL};
    run_result r = run_mamori(args);
    E2E_CHECK(NULL, r.status == 0, "export --group 1: exit %d: %s", r.status, r.err);
    E2E_CHECK(NULL, strstr(r.out, "## 第5回") && strstr(r.out, "### 情報資産管理台帳"),
              "the ledger, under its session:\n%s", r.out);
    E2E_CHECK(NULL, strstr(r.out, "### リスク分析シート") && strstr(r.out, "9 大"),
              "the risk table with its bands:\n%.2000s", r.out);
    E2E_CHECK(NULL, !strstr(r.out, "## 第1回"), "no part for a session the group did not write in");
    E2E_CHECK(NULL, strstr(r.out, "## まだ記入がないもの") && strstr(r.out, "- 第1回"),
              "it is named among what is not written yet:\n%s", r.out);
    run_free(&r);
    const char *none[] = {"export", "--db", db, "--group", "2", NULL};
    r = run_mamori(none);
    E2E_CHECK(NULL, r.status == 0 && !strstr(r.out, "## 第") && strstr(r.out, "まだ記入がありません"),
              "group 2 wrote nothing, and the report says so: %s", r.out);
    run_free(&r);
}

static const e2e_case cases[] = {
    {"report", case_report},
    {"draft", case_draft},
    {"dashboard", case_dashboard},
    {"projector", case_projector},
    {"japanese", case_japanese},
    {"add-row-name", case_add_row_name},
    {"validate", case_validate},
    {"sync", case_sync},
    {"conflict", case_conflict},
    {"heatmap", case_heatmap},
    {"undo", case_undo},
    {"own-group", case_own_group},
    {"layout", case_layout},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
