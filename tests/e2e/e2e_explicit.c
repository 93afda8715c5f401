/*
 * End-to-end cases for behaviour a trainer used to meet by surprise and the
 * scenario now states (issue 11): a track's session label, the heat map's
 * range and colouring column, a table's introduction that stays reachable,
 * and loading a worked example (replace or add).
 *
 *   e2e_explicit CASE   (meson registers each as e2e-explicit-CASE)
 *
 * Every case works on a workshop made by `mamori init --scenario
 * EXPLICIT_FIXTURE` (tests/fixtures/explicit/explicit.json) in its own
 * temporary directory.
 */
#include "vt.h"
#include "e2e_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *fixture(void)
{
    const char *f = getenv("EXPLICIT_FIXTURE");
    if (!f || !*f)
        e2e_skip("EXPLICIT_FIXTURE is not set");
    return f;
}

static const char *new_workshop(void)
{
    static char path[600];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(path, sizeof path, "%s/workshop.db", dir);
    const char *args[] = {"init", "--db", path, "--scenario", fixture(), "--groups", "2",
                          NULL};
    run_result r = run_mamori(args);
    E2E_CHECK(NULL, r.status == 0, "mamori init: exit %d\nstdout: %s\nstderr: %s",
              r.status, r.out, r.err);
    run_free(&r);
    return path;
}

/* mamori --db DB [--group G] [--open ACT] --lang LANG at ROWS x COLS. */
static vt *start(const char *db, const char *group, const char *act, const char *lang,
                 int rows, int cols)
{
    const char *argv[16];
    int n = 0;
    argv[n++] = mamori_bin();
    argv[n++] = "--db";
    argv[n++] = db;
    if (group) {
        argv[n++] = "--group";
        argv[n++] = group;
    }
    if (act) {
        argv[n++] = "--open";
        argv[n++] = act;
    }
    argv[n++] = "--lang";
    argv[n++] = lang;
    argv[n] = NULL;
    vt *t = vt_start(argv, NULL, rows, cols);
    E2E_CHECK(NULL, t != NULL, "starting %s", argv[0]);
    return t;
}

static void quit(vt *t)
{
    vt_send(t, "q");
    int st = vt_wait_exit(t, vt_default_wait_ms());
    E2E_CHECK(t, st == 0, "mamori exits with 0 after q (got %d)", st);
    vt_free(t);
}

/* ---- 1. a track's own label on the agenda -------------------------------- */

/* The fixture's only track is "followup" with "label": フォロー{n} /
 * Follow-up {n}; without the label it read 訪問1 / Visit 1. */
static void case_track_label(void)
{
    const char *db = new_workshop();
    vt *t = start(db, NULL, NULL, "ja", 24, 80);
    E2E_WAIT_TEXT(t, "リスクの洗い出し");
    E2E_WAIT_TEXT(t, "フォロー1");
    E2E_CHECK(t, !vt_has_text(t, "訪問1"), "no 訪問1 beside the track's own label");
    quit(t);
    t = start(db, NULL, NULL, "en", 24, 80);
    E2E_WAIT_TEXT(t, "Finding risks");
    E2E_WAIT_TEXT(t, "Follow-up 1");
    E2E_CHECK(t, !vt_has_text(t, "Visit 1"), "no \"Visit 1\"");
    quit(t);
}

/* ---- 2. the heat map: a 1-5 axis, coloured by the named column ----------- */

/* The row of the heat map popup whose y label is Y ("  5 "), or -1. */
static int heat_row(vt *t, int y)
{
    int rows, cols;
    vt_size(t, &rows, &cols);
    char want[16];
    snprintf(want, sizeof want, "%3d ", y);
    for (int r = 0; r < rows; r++) {
        char *s = vt_row_text(t, r);
        /* the popup's rows: the label after the border, then cells */
        char *at = strstr(s, want);
        bool hit = at && strstr(at, "  0") != NULL;
        free(s);
        if (hit)
            return r;
    }
    return -1;
}

static bool heat_has_five(vt *t, void *arg)
{
    (void)arg;
    return heat_row(t, 5) >= 0 && heat_row(t, 4) >= 0;
}

static void case_heat_range(void)
{
    const char *db = new_workshop();
    /* the seed row: impact 5 (y) × chance 4 (x) = 20, band 高 of "score";
     * "spread" (impact + chance), the last column with bands, has no band
     * at 20 */
    vt *t = start(db, "1", "risks", "ja", 30, 100);
    E2E_WAIT_TEXT(t, "誤送信");
    vt_send(t, "m");
    E2E_WAIT_TEXT(t, "頻度 × 影響");
    E2E_CHECK(t, vt_wait_until(t, heat_has_five, NULL, vt_default_wait_ms()),
              "the heat map has rows for 5 and 4 (the axis is 1..5)");
    int r5 = heat_row(t, 5);
    char *s = vt_row_text(t, r5);
    /* x = 1..5: the cell at x 4 holds the row, with its band word */
    bool one_high = strstr(s, "  1 高") != NULL;
    bool x5 = strstr(s, "25") == NULL; /* counts, not products */
    free(s);
    E2E_CHECK(t, one_high && x5, "row 5 shows \"1 高\" (the score band of 4 × 5)");
    /* the x axis runs to 5 */
    E2E_WAIT_TEXT(t, "  4       5");
    quit(t);
}

/* ---- 3. a table's body, shown also once the table has rows --------------- */

static bool row_has(vt *t, int row, const char *text)
{
    char *s = vt_row_text(t, row);
    bool hit = strstr(s, text) != NULL;
    free(s);
    return hit;
}

static bool row3_changed(vt *t, void *arg)
{
    char *s = vt_row_text(t, 3);
    bool changed = strcmp(s, (const char *)arg) != 0;
    free(s);
    return changed;
}

/* The fixture's "risks" table has a seed row and a three-line body. Before,
 * the body showed only while the table was empty: never, here. */
static void case_body_toggle(void)
{
    const char *db = new_workshop();
    vt *t = start(db, "1", "risks", "ja", 24, 80);
    E2E_WAIT_TEXT(t, "誤送信");
    /* folded: its first line on the info line, nothing pushed down */
    E2E_CHECK(t, vt_wait_row(t, 1, "▸説明(z)", vt_default_wait_ms()),
              "the folded introduction on the info line");
    E2E_CHECK(t, row_has(t, 1, "説明の1行目"), "its first line beside it");
    E2E_CHECK(t, row_has(t, 3, "誤送信"), "the row right under the column titles");
    E2E_CHECK(t, !vt_has_text(t, "説明の2行目"), "the rest folded away");
    /* a second terminal on the same group */
    vt *u = start(db, "1", "risks", "ja", 24, 80);
    E2E_WAIT_TEXT(u, "誤送信");

    vt_send(t, "z");
    E2E_WAIT_TEXT(t, "説明の3行目");
    E2E_CHECK(t, vt_has_text(t, "説明の2行目") && row_has(t, 1, "▾説明"),
              "z opens the whole introduction");
    E2E_CHECK(t, vt_has_text(t, "誤送信"), "the table's row still on the 80x24 screen");
    int r, c;
    E2E_CHECK(t, vt_find_text(t, "誤送信", &r, &c) && r < 24 - 4,
              "the row stays above the cell line (row %d)", r);
    /* the other terminal keeps its own state: still folded */
    vt_send(u, "j"); /* any key: a redraw */
    E2E_CHECK(u, vt_wait_row(u, 1, "▸説明(z)", vt_default_wait_ms()),
              "the other terminal still folded");
    E2E_CHECK(u, !vt_has_text(u, "説明の2行目"), "the other terminal shows one line");
    quit(u);

    vt_send(t, "z");
    E2E_WAIT_GONE(t, "説明の2行目");
    E2E_CHECK(t, row_has(t, 1, "▸説明(z)"), "z folds it again");
    /* the key is in the help */
    vt_send(t, "?");
    E2E_WAIT_TEXT(t, "キー操作");
    bool listed = vt_has_text(t, "表の説明を開く／たたむ");
    for (int page = 0; page < 10 && !listed && !vt_has_text(t, "（ここまで）"); page++) {
        char *before = vt_row_text(t, 3);
        vt_key(t, VT_KEY_PAGEDOWN);
        E2E_CHECK(t, vt_wait_until(t, row3_changed, before, vt_default_wait_ms()),
                  "PgDn scrolls the help");
        free(before);
        /* row 3 is drawn first: give the rest of the page a moment to arrive */
        listed = vt_wait_text(t, "表の説明を開く／たたむ", 300);
    }
    E2E_CHECK(t, listed, "z is listed in the help");
    vt_send(t, "?");
    E2E_WAIT_GONE(t, "表の説明を開く／たたむ");
    quit(t);
}

/* ---- 4. loading the worked example: replace or add ----------------------- */

/* How many rows of group 1's ACT are named NAME under TITLE (and in all,
 * into *TOTAL). */
static int export_count(vt *t, const char *db, const char *act, const char *title,
                        const char *name, int *total)
{
    const char *args[] = {"export", "--db", db, "--group", "1", "--activity", act,
                          "--format", "csv", "--lang", "ja", NULL};
    run_result r = run_mamori(args);
    E2E_CHECK(t, r.status == 0, "mamori export %s: exit %d\n%s", act, r.status, r.err);
    csv_t c = csv_parse(r.out);
    int n = csv_count(&c, title, name);
    if (total)
        *total = csv_rows(&c);
    csv_free(&c);
    run_free(&r);
    return n;
}

/* The "risks" table holds its seed row 誤送信; its example is 誤送信 and
 * 紛失 (asset 見積書, which the "assets" table lacks). Before, E asked
 * only "load? (y/n)" and appended: 誤送信 twice, and a row added to
 * "assets" without a word. */
static void case_example_choice(void)
{
    const char *db = new_workshop();
    vt *t = start(db, "1", "risks", "ja", 24, 80);
    E2E_CHECK(t, vt_wait_row(t, 1, "1行", vt_default_wait_ms()), "the seed row");
    /* E: what it will do, and the choice */
    vt_send(t, "E");
    E2E_WAIT_TEXT(t, "記入例 2 行を読み込みます。いまある 1 行は？");
    E2E_WAIT_TEXT(t, "置き換える");
    E2E_WAIT_TEXT(t, "追加する");
    E2E_WAIT_TEXT(t, "ほかの表にも記入例を足します：表「資産」に 1 行");
    /* Esc: nothing happens */
    vt_key(t, VT_KEY_ESC);
    E2E_WAIT_GONE(t, "置き換える");
    int total;
    E2E_CHECK(t, export_count(t, db, "risks", "リスク", "誤送信", &total) == 1 && total == 1,
              "Esc loads nothing (%d rows)", total);

    /* add: after the seed row, 誤送信 twice */
    vt_send(t, "E");
    E2E_WAIT_TEXT(t, "追加する");
    vt_key(t, VT_KEY_DOWN);
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_row(t, 1, "3行", vt_default_wait_ms()), "added: 3 rows");
    E2E_WAIT_TEXT(t, "記入例を 2 行読み込みました");
    E2E_CHECK(t, export_count(t, db, "risks", "リスク", "誤送信", &total) == 2 && total == 3,
              "add appends (誤送信 twice, %d rows)", total);
    E2E_CHECK(t, export_count(t, db, "assets", "資産名", "見積書", &total) == 1 && total == 2,
              "assets got 見積書 as announced (%d rows)", total);
    vt_send(t, "u");
    E2E_CHECK(t, vt_wait_row(t, 1, "1行", vt_default_wait_ms()), "u undoes the add");

    /* replace: the table becomes the example, 誤送信 once */
    vt_send(t, "E");
    E2E_WAIT_TEXT(t, "置き換える");
    vt_key(t, VT_KEY_ENTER);
    E2E_CHECK(t, vt_wait_row(t, 1, "2行", vt_default_wait_ms()), "replaced: 2 rows");
    E2E_WAIT_TEXT(t, "表を記入例 2 行に置き換えました");
    E2E_CHECK(t, export_count(t, db, "risks", "リスク", "誤送信", &total) == 1 && total == 2,
              "replace leaves one 誤送信 (%d rows)", total);
    E2E_CHECK(t, export_count(t, db, "risks", "リスク", "紛失", NULL) == 1, "and 紛失");
    /* assets already has 見積書 now: nothing more to add there */
    vt_send(t, "E");
    E2E_WAIT_TEXT(t, "いまある 2 行は？");
    E2E_CHECK(t, !vt_has_text(t, "ほかの表にも"), "no other table gets rows now");
    vt_key(t, VT_KEY_ESC);
    E2E_WAIT_GONE(t, "置き換える");
    quit(t);
}

static const e2e_case cases[] = {
    {"track-label", case_track_label},
    {"heat-range", case_heat_range},
    {"body-toggle", case_body_toggle},
    {"example-choice", case_example_choice},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
