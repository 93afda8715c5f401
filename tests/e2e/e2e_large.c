/*
 * End-to-end cases for a big table (issue 13): the real mamori binary
 * (MAMORI_BIN) in a pty on the asset ledger (第5回) of a workshop whose
 * group 1 holds thousands of rows.
 *
 *   e2e_large CASE     run one case (meson registers each as e2e-large-CASE)
 *   e2e_large          run them all
 *
 * The rows are written straight into the database with SQL (one statement
 * for thousands of rows; `mamori import` of that many would take most of
 * the test's time): sheet_row and cell as the store keeps them, named
 * 資産-00001 ... in position order, each with a long note.
 *
 * Cases:
 *   end-while-loading  the table opens on its first screen; End pressed at
 *                      once shows the last row (its cells are read for it,
 *                      the rest keeps loading between keys); Up, and a
 *                      search, work on rows read or not yet read.
 *   sorted-remote      one terminal sorted by name, another renames a row:
 *                      the row moves to its sorted place on the first one
 *                      without a key; a new row from the other terminal
 *                      lands in its sorted place too, and so does the
 *                      sorted terminal's own rename.
 *   filtered-remote    one terminal filtered on a word no row has; another
 *                      writes it into two rows (the later one first): both
 *                      appear, in the sheet's order.
 *   down-while-loading 150 Down keys sent at once go past the rows read at
 *                      open (the first screen's) to row 151.
 *   sort-while-loading s right after opening 60,000 rows, then s again:
 *                      sorted by name, descending, every row in place (the
 *                      last row on top, its note shown); / right after
 *                      opening finds a row far down, also in a table
 *                      sorted right after opening.
 *   wide-numbers       a table of 100,000 rows: End shows the last row's
 *                      number whole ("100000", not "10000~").
 *   english-one-row    in English a table of one row says "1 row", and
 *                      filtered "0 of 1 row" (not "1 rows").
 *   search-shown       search finds what a row shows, not only what it
 *                      stores: a choice's label (紙 for paper), a flag's
 *                      label, a short text in another case; n goes to the
 *                      next row showing it and round to the first; text no
 *                      row shows is reported, the cursor stays.
 */
#include "vt.h"
#include "e2e_util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS 30
#define COLS 100
#define LEDGER "asset-ledger"
#define MSG_FOOTER_TABLE "Enter 編集  f 詳細  a 追加"
#define ROW_CELL (-4)   /* 「タイトル: 値」 of the current cell */

static int wait_ms(void)
{
    return vt_default_wait_ms();
}

/* A workshop of one group whose ledger holds N rows named 資産-00001... */
static const char *big_workshop(int n)
{
    static char path[600];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(path, sizeof path, "%s/workshop.db", dir);
    const char *init[] = {"init", "--db", path, "--groups", "1", NULL};
    run_result r = run_mamori(init);
    E2E_CHECK(NULL, r.status == 0, "mamori init: exit %d\n%s", r.status, r.err);
    run_free(&r);
    /* the sheet itself, made as mamori makes it: one imported row */
    char csv[700];
    snprintf(csv, sizeof csv, "%s/one.csv", dir);
    FILE *f = fopen(csv, "w");
    E2E_CHECK(NULL, f != NULL, "writing %s", csv);
    fputs("name,note\n資産-00001,最初の行\n", f);
    fclose(f);
    const char *imp[] = {"import", "--db", path, "--group", "1", "--activity", LEDGER, csv,
                         NULL};
    r = run_mamori(imp);
    E2E_CHECK(NULL, r.status == 0, "mamori import: exit %d\n%s", r.status, r.err);
    run_free(&r);
    sqlite3 *db;
    E2E_CHECK(NULL, sqlite3_open(path, &db) == SQLITE_OK, "opening %s", path);
    sqlite3_busy_timeout(db, 5000);
    const char *sql =
        "BEGIN;"
        "CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);"
        "WITH RECURSIVE c(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM c WHERE i < ?1) "
        "  INSERT INTO n SELECT i FROM c;"
        "INSERT INTO sheet_row(sheet_id, position) SELECT (SELECT sheet_id FROM sheet_row"
        "  LIMIT 1), 1000 + i FROM n;"
        "INSERT INTO cell(row_id, col, value, version, who, at) SELECT r.id, 'name',"
        "  printf('資産-%05d', CAST(r.position AS INTEGER) - 1000), 1, 'test', 0"
        "  FROM sheet_row r WHERE r.position > 1000;"
        "INSERT INTO cell(row_id, col, value, version, who, at) SELECT r.id, 'note',"
        "  '得意先・見込み客の会社名、担当者名、連絡先、取引条件をExcelで管理している', 1,"
        "  'test', 0 FROM sheet_row r WHERE r.position > 1000;"
        "COMMIT;";
    /* ?1 is bound in the third statement: run them one by one */
    const char *tail = sql;
    while (tail && *tail) {
        sqlite3_stmt *q = NULL;
        const char *next = NULL;
        E2E_CHECK(NULL, sqlite3_prepare_v2(db, tail, -1, &q, &next) == SQLITE_OK,
                  "preparing: %s", sqlite3_errmsg(db));
        if (!q)
            break;
        if (sqlite3_bind_parameter_count(q) > 0)
            sqlite3_bind_int(q, 1, n);
        int rc = sqlite3_step(q);
        E2E_CHECK(NULL, rc == SQLITE_DONE, "filling the ledger: %s", sqlite3_errmsg(db));
        sqlite3_finalize(q);
        tail = next;
    }
    sqlite3_close(db);
    return path;
}

static vt *open_ledger(const char *db, const char *group)
{
    return e2e_open(db, group, LEDGER, ROWS, COLS);
}

/* The grid's line (screen row) showing TEXT, or -1. */
static int line_of(vt *t, const char *text)
{
    int row, col;
    if (!vt_find_text_in(t, text, 3, ROWS - 5, &row, &col))
        return -1;
    return row;
}

/* The grid's first lines show the texts of WANT (NULL-terminated), in order. */
static bool top_lines(vt *t, void *arg)
{
    const char *const *want = arg;
    for (int k = 0; want[k]; k++)
        if (line_of(t, want[k]) != 3 + k)
            return false;
    return true;
}

#define WAIT_TOP(t, what, ...)                                                     \
    do {                                                                           \
        const char *want_[] = {__VA_ARGS__, NULL};                                 \
        if (!vt_wait_until((t), top_lines, (void *)want_, wait_ms()))              \
            e2e_fail((t), __FILE__, __LINE__, "%s: want %s at the top, in order",  \
                     (what), #__VA_ARGS__);                                        \
    } while (0)

static void quit(vt *t)
{
    vt_send(t, "q");
    int rc = vt_wait_exit(t, wait_ms());
    E2E_CHECK(t, rc == 0, "mamori exits 0 on q (got %d)", rc);
    vt_free(t);
}

/* The other terminal renames the row found by searching NAME to NEW. */
static void rename_row(vt *t, const char *name, const char *new_name)
{
    vt_send(t, "/");
    vt_send(t, name);
    vt_key(t, VT_KEY_ENTER);
    char want[128];
    snprintf(want, sizeof want, "情報資産名称: %s", name);
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, want, wait_ms()), "the search lands on %s", name);
    vt_key(t, VT_KEY_ENTER);
    vt_send(t, "\x15"); /* Ctrl-U: clear what the editor starts with */
    vt_send(t, new_name);
    E2E_WAIT_TEXT(t, new_name);
    vt_key(t, VT_KEY_ENTER);
    snprintf(want, sizeof want, "情報資産名称: %s", new_name);
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, want, wait_ms()), "%s saved", new_name);
}

/* 1. End at once after opening a big table: the last row. */
static void case_end_while_loading(void)
{
    const int n = 60000;
    const char *db = big_workshop(n);
    vt *t = open_ledger(db, NULL);
    E2E_CHECK(t, vt_wait_row(t, 1, "|  60000行", wait_ms()), "the info line counts every row");
    E2E_CHECK(t, vt_wait_row(t, 3, "資産-00001", wait_ms()), "the first row on the first screen");
    vt_key(t, VT_KEY_END);
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, "情報資産名称: 資産-60000", wait_ms()),
              "End shows the last row as the current one");
    E2E_CHECK(t, vt_wait_row(t, ROWS - 5, "得意先・見込み客", wait_ms()), "with its note");
    vt_key(t, VT_KEY_UP);
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, "情報資産名称: 資産-59999", wait_ms()),
              "Up moves to the row before it");
    /* a search goes through every row, read while keys were answered */
    vt_send(t, "/");
    vt_send(t, "資産-30000");
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, "情報資産名称: 資産-30000", wait_ms()),
              "search as you type finds a row in the middle");
    vt_key(t, VT_KEY_ENTER);
    quit(t);
}

/* 2. A sorted view follows another terminal's edits. */
static void case_sorted_remote(void)
{
    const char *db = big_workshop(3000);
    vt *f = open_ledger(db, NULL);
    vt *g = open_ledger(db, "1");
    E2E_CHECK(f, vt_wait_row(f, -2, MSG_FOOTER_TABLE, wait_ms()), "the facilitator's table");
    E2E_CHECK(g, vt_wait_row(g, -2, MSG_FOOTER_TABLE, wait_ms()), "the group's table");
    vt_send(f, "s"); /* on the name column: up */
    E2E_CHECK(f, vt_wait_row(f, 1, "並べ替え: 情報資産名称 昇順", wait_ms()), "sorted up");
    vt_send(f, "s"); /* down */
    E2E_CHECK(f, vt_wait_row(f, 1, "並べ替え: 情報資産名称 降順", wait_ms()), "sorted down");
    vt_key(f, VT_KEY_HOME); /* the cursor stayed on its row, now the last */
    WAIT_TOP(f, "sorted down", "資産-03000", "資産-02999");
    /* renamed past the top: the row moves there on the facilitator's screen */
    rename_row(g, "資産-01234", "資産-09999");
    WAIT_TOP(f, "the renamed row at its sorted place", "資産-09999", "資産-03000");
    /* renamed into the middle of the first rows */
    rename_row(g, "資産-00007", "資産-02999x");
    WAIT_TOP(f, "資産-02999x between 資産-03000 and 資産-02999", "資産-09999", "資産-03000",
             "資産-02999x", "資産-02999 ", "資産-02998");
    E2E_CHECK(f, vt_wait_row(f, 1, "|  3000行", wait_ms()), "still 3000 rows");
    /* a new row from the group lands at its sorted place */
    vt_send(g, "a");
    E2E_CHECK(g, vt_wait_row(g, -2, "Enter 確定", wait_ms()), "the new row's editor");
    vt_send(g, "資産-99999");
    vt_key(g, VT_KEY_ENTER);
    E2E_CHECK(f, vt_wait_row(f, 1, "|  3001行", wait_ms()), "the new row counted");
    WAIT_TOP(f, "the new row at its sorted place", "資産-99999", "資産-09999", "資産-03000");
    /* and the facilitator's own rename in its sorted view */
    rename_row(f, "資産-02998", "資産-09998");
    vt_key(f, VT_KEY_HOME);
    WAIT_TOP(f, "its own renamed row at its sorted place", "資産-99999", "資産-09999",
             "資産-09998", "資産-03000");
    WAIT_TOP(g, "the group's unsorted view keeps the row in place", "資産-00001");
    quit(f);
    quit(g);
}

/* 3. A filtered view gains the rows another terminal makes match. */
static void case_filtered_remote(void)
{
    const char *db = big_workshop(3000);
    vt *f = open_ledger(db, NULL);
    vt *g = open_ledger(db, "1");
    E2E_CHECK(f, vt_wait_row(f, -2, MSG_FOOTER_TABLE, wait_ms()), "the facilitator's table");
    E2E_CHECK(g, vt_wait_row(g, -2, MSG_FOOTER_TABLE, wait_ms()), "the group's table");
    vt_send(f, "F");
    vt_send(f, "更新対象");
    vt_key(f, VT_KEY_ENTER);
    E2E_CHECK(f, vt_wait_text(f, "絞り込みに合う行はありません", wait_ms()), "no row matches yet");
    rename_row(g, "資産-02500", "資産-02500 更新対象");
    E2E_CHECK(f, vt_wait_row(f, 3, "資産-02500 更新対象", wait_ms()), "the renamed row appears");
    E2E_CHECK(f, vt_wait_row(f, 1, "1/3000行", wait_ms()), "one of 3000 rows shown");
    rename_row(g, "資産-00042", "資産-00042 更新対象");
    E2E_CHECK(f, vt_wait_row(f, 1, "2/3000行", wait_ms()), "two of 3000 rows shown");
    WAIT_TOP(f, "in the sheet's order", "資産-00042 更新対象", "資産-02500 更新対象");
    /* and one that stops matching goes */
    rename_row(g, "資産-02500 更新対象", "資産-02500");
    E2E_CHECK(f, vt_wait_row(f, 1, "1/3000行", wait_ms()), "one again");
    E2E_CHECK(f, vt_wait_gone(f, "資産-02500", wait_ms()), "the row that no longer matches");
    quit(f);
    quit(g);
}

/* 4. Only the first screen's rows are read at open (issue 13): keys that
 * go past them, sent at once, land on the right rows. */
static void case_down_while_loading(void)
{
    const char *db = big_workshop(60000);
    vt *t = open_ledger(db, NULL);
    E2E_CHECK(t, vt_wait_row(t, 3, "資産-00001", wait_ms()), "the first row on the first screen");
    for (int k = 0; k < 150; k++)
        vt_key(t, VT_KEY_DOWN);
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, "情報資産名称: 資産-00151", wait_ms()),
              "150 Down keys: row 151, past the rows read at open");
    E2E_CHECK(t, vt_wait_row(t, 1, "|  60000行", wait_ms()), "still every row counted");
    vt_key(t, VT_KEY_UP);
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, "情報資産名称: 資産-00150", wait_ms()),
              "Up: the row before it");
    quit(t);
}

/* Runs SQL (trusted test text) on the workshop DB. */
static void db_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    E2E_CHECK(NULL, sqlite3_open(path, &db) == SQLITE_OK, "opening %s", path);
    sqlite3_busy_timeout(db, 5000);
    char *emsg = NULL;
    E2E_CHECK(NULL, sqlite3_exec(db, sql, NULL, NULL, &emsg) == SQLITE_OK, "%s: %s", sql,
              emsg ? emsg : "");
    sqlite3_close(db);
}

/* The grid's current (highlighted) row is the one showing the text ARG. */
static bool current_is(vt *t, void *arg)
{
    int line = line_of(t, arg);
    return line >= 0 && vt_row_has_reverse(t, line);
}

#define WAIT_CURRENT(t, name, what)                                                \
    E2E_CHECK((t), vt_wait_until((t), current_is, (void *)(name), wait_ms()),      \
              "%s: the current row is %s", (what), (name))

/* Searches TEXT (a new search, Enter): the row NAME is the current one, the
 * cell line shows CELL (the column holding the match). */
static void search_to(vt *t, const char *text, const char *name, const char *cell)
{
    vt_send(t, "/");
    vt_send(t, text);
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, cell, wait_ms()), "searching %s: %s", text, cell);
    WAIT_CURRENT(t, name, text);
    vt_key(t, VT_KEY_ENTER);
}

/* 5. Search finds what the rows show (issue 13: answers kept by value). */
static void case_search_shown(void)
{
    const char *db = big_workshop(3000);
    db_exec(db,
            "INSERT INTO cell(row_id, col, value, version, who, at)"
            "  SELECT row_id, 'media', 'paper', 1, 'test', 0 FROM cell"
            "  WHERE col = 'name' AND value IN ('資産-02000', '資産-02600');"
            "INSERT INTO cell(row_id, col, value, version, who, at)"
            "  SELECT row_id, 'pii', 'mynumber', 1, 'test', 0 FROM cell"
            "  WHERE col = 'name' AND value = '資産-02500';"
            "INSERT INTO cell(row_id, col, value, version, who, at)"
            "  SELECT row_id, 'owner', 'NAS-Admin', 1, 'test', 0 FROM cell"
            "  WHERE col = 'name' AND value IN ('資産-00700', '資産-02800');"
            "INSERT INTO cell(row_id, col, value, version, who, at)"
            "  SELECT row_id, 'users', '本社NAS管理Admin', 1, 'test', 0 FROM cell"
            "  WHERE col = 'name' AND value = '資産-01500';");
    vt *t = open_ledger(db, NULL);
    E2E_CHECK(t, vt_wait_row(t, -2, MSG_FOOTER_TABLE, wait_ms()), "the table");
    /* the choice's label, not the stored "paper" */
    search_to(t, "紙", "資産-02000", "媒体・保存先: 紙");
    vt_send(t, "n");
    WAIT_CURRENT(t, "資産-02600", "n: the next row showing 紙");
    vt_send(t, "n");
    WAIT_CURRENT(t, "資産-02000", "n again: round to the first");
    /* a flag's label; a short text typed in another case, from here on */
    search_to(t, "特定個人情報", "資産-02500", "個人情報の種類: 特定個人情報");
    search_to(t, "nas-admin", "資産-02800", "リスク所有者: NAS-Admin");
    vt_send(t, "n");
    WAIT_CURRENT(t, "資産-00700", "n: round to the first");
    /* letters in another case around other characters */
    search_to(t, "nas管理admin", "資産-01500", "利用者範囲: 本社NAS管理Admin");
    /* nothing shows it: said so, the cursor stays */
    vt_send(t, "/");
    vt_send(t, "paper");
    E2E_CHECK(t, vt_wait_text(t, "「paper」は見つかりません", wait_ms()),
              "the stored value of a choice is not what the row shows");
    vt_send(t, "\x1b");
    WAIT_CURRENT(t, "資産-01500", "the cursor where it was");
    quit(t);
}

/* 6. Sort and search right after opening a big table (issue 13: a sort
 * reads its column only; a search reads rows as it reaches them). */
static void case_sort_while_loading(void)
{
    const char *db = big_workshop(60000);
    vt *t = open_ledger(db, NULL);
    E2E_CHECK(t, vt_wait_row(t, 3, "資産-00001", wait_ms()), "the first row on the first screen");
    vt_send(t, "s");
    E2E_CHECK(t, vt_wait_row(t, 1, "昇順", wait_ms()), "sorted up");
    WAIT_TOP(t, "ascending by name", "資産-00001", "資産-00002", "資産-00003");
    vt_send(t, "s");
    E2E_CHECK(t, vt_wait_row(t, 1, "降順", wait_ms()), "sorted down");
    WAIT_CURRENT(t, "資産-00001", "the cursor stays on its row, now the last");
    vt_key(t, VT_KEY_HOME);
    WAIT_TOP(t, "descending by name", "資産-60000", "資産-59999", "資産-59998");
    E2E_CHECK(t, vt_wait_row(t, 3, "得意先・見込み客", wait_ms()), "the top row's note is read");
    E2E_CHECK(t, vt_wait_row(t, 1, "|  60000行", wait_ms()), "every row counted");
    vt_key(t, VT_KEY_END);
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, "情報資産名称: 資産-00001", wait_ms()),
              "End: the smallest name");
    quit(t);
    /* a search typed right after opening reaches a row far down */
    t = open_ledger(db, NULL);
    E2E_CHECK(t, vt_wait_row(t, 3, "資産-00001", wait_ms()), "the first row again");
    vt_send(t, "/");
    vt_send(t, "資産-45678");
    WAIT_CURRENT(t, "資産-45678", "search right after opening");
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, "情報資産名称: 資産-45678", wait_ms()), "its cell");
    vt_key(t, VT_KEY_ENTER);
    quit(t);
    /* and in a table sorted right after opening (down: the row is far) */
    t = open_ledger(db, NULL);
    E2E_CHECK(t, vt_wait_row(t, 3, "資産-00001", wait_ms()), "the first row once more");
    vt_send(t, "s");
    E2E_CHECK(t, vt_wait_row(t, 1, "昇順", wait_ms()), "sorted up");
    vt_send(t, "s");
    E2E_CHECK(t, vt_wait_row(t, 1, "降順", wait_ms()), "sorted down");
    vt_key(t, VT_KEY_HOME);
    WAIT_TOP(t, "descending", "資産-60000");
    vt_send(t, "/");
    vt_send(t, "資産-01234");
    WAIT_CURRENT(t, "資産-01234", "search in the sorted table");
    vt_key(t, VT_KEY_ENTER);
    quit(t);
}

/* 8. Row numbers past 99,999 are shown whole. */
static void case_wide_numbers(void)
{
    const char *db = big_workshop(100000);
    vt *t = open_ledger(db, NULL);
    E2E_CHECK(t, vt_wait_row(t, 3, "資産-00001", wait_ms()), "the first row on the first screen");
    E2E_CHECK(t, vt_wait_row(t, 3, "      1 資産-00001", wait_ms()),
              "the number column is as wide as the last number");
    vt_key(t, VT_KEY_END);
    E2E_CHECK(t, vt_wait_row(t, ROW_CELL, "情報資産名称: 資産-100000", wait_ms()), "End");
    E2E_CHECK(t, vt_wait_text(t, " 100000 資産-100000", wait_ms()), "its number whole");
    E2E_CHECK(t, !vt_has_text(t, "10000~"), "not cut");
    quit(t);
}

/* 7. English counts one row in the singular. */
static void case_english_one_row(void)
{
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    char db[600], csv[700];
    snprintf(db, sizeof db, "%s/one.db", dir);
    snprintf(csv, sizeof csv, "%s/one.csv", dir);
    const char *init[] = {"init", "--db", db, "--groups", "1", NULL};
    run_result r = run_mamori(init);
    E2E_CHECK(NULL, r.status == 0, "mamori init: exit %d\n%s", r.status, r.err);
    run_free(&r);
    FILE *f = fopen(csv, "w");
    E2E_CHECK(NULL, f != NULL, "writing %s", csv);
    fputs("name,note\nNAS,backup\n", f);
    fclose(f);
    const char *imp[] = {"import", "--db", db, "--group", "1", "--activity", LEDGER, "--lang", "en",
                         csv, NULL};
    r = run_mamori(imp);
    E2E_CHECK(NULL, r.status == 0, "mamori import: exit %d\n%s", r.status, r.err);
    E2E_CHECK(NULL, strstr(r.out, "1 row") && !strstr(r.out, "1 rows"),
              "the import says 1 row: %s", r.out);
    run_free(&r);
    const char *argv[] = {mamori_bin(), "--db", db, "--open", LEDGER, "--lang", "en", NULL};
    vt *t = vt_start(argv, NULL, ROWS, COLS);
    E2E_CHECK(NULL, t != NULL, "starting mamori");
    E2E_CHECK(t, vt_wait_row(t, 1, "|  1 row ", wait_ms()), "the info line: 1 row");
    E2E_CHECK(t, !vt_find_text_in(t, "1 rows", 1, 1, NULL, NULL), "not 1 rows");
    vt_send(t, "F");
    vt_send(t, "zzz");
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_row(t, 1, "0 of 1 row ", wait_ms()), "filtered: 0 of 1 row");
    quit(t);
}

static const e2e_case cases[] = {
    {"end-while-loading", case_end_while_loading},
    {"sorted-remote", case_sorted_remote},
    {"filtered-remote", case_filtered_remote},
    {"down-while-loading", case_down_while_loading},
    {"search-shown", case_search_shown},
    {"sort-while-loading", case_sort_while_loading},
    {"english-one-row", case_english_one_row},
    {"wide-numbers", case_wide_numbers},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
