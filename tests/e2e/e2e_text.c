/*
 * End-to-end cases for control characters in cell text (issue 10, defect
 * 7): the real mamori binary (MAMORI_BIN) in a pty, on the asset ledger.
 *
 *   e2e_text CASE     run one case (meson registers each as e2e-text-CASE)
 *   e2e_text          run them all
 *
 * A bidi override (U+202E ... U+202C) typed into a cell is shown as
 * "<U+202E>" where it is edited and on another terminal, in the order it
 * was typed; the editor's cursor stays on the character it is on; the
 * value is stored exactly as typed.
 */
#include "vt.h"
#include "e2e_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS 30
#define COLS 100
#define LEDGER "asset-ledger"

#define RLO "\xe2\x80\xae" /* U+202E RIGHT-TO-LEFT OVERRIDE */
#define PDF "\xe2\x80\xac" /* U+202C POP DIRECTIONAL FORMATTING */

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

static vt *start_table(const char *db, const char *group)
{
    vt *t = e2e_open(db, group, LEDGER, ROWS, COLS);
    E2E_CHECK(t, vt_wait_row(t, 1, "グループ 1 の表", vt_default_wait_ms()),
              "the table opens on group 1's table");
    return t;
}

static void quit(vt *t)
{
    vt_send(t, "q");
    int rc = vt_wait_exit(t, vt_default_wait_ms());
    E2E_CHECK(t, rc == 0, "exit status %d after q", rc);
    vt_free(t);
}

typedef struct {
    const char *text;
    int col; /* the cursor column wanted, relative to where TEXT starts */
} cursor_at;

static bool cursor_in_text(vt *t, void *arg)
{
    const cursor_at *c = arg;
    int row, col, cr, cc;
    if (!vt_find_text(t, c->text, &row, &col))
        return false;
    vt_cursor(t, &cr, &cc);
    return cr == row && cc == col + c->col;
}

/* Types TEXT into group 1's new row's name: the editor shows SHOWN with the
 * cursor after it. */
static void type_name(vt *g, const char *text, const char *shown, int width)
{
    vt_send(g, "a");
    E2E_CHECK(g, vt_wait_text(g, "Enter 確定", vt_default_wait_ms()), "the editor opens");
    vt_send(g, text);
    cursor_at at = {shown, width};
    E2E_CHECK(g, vt_wait_until(g, cursor_in_text, &at, vt_default_wait_ms()),
              "the editor shows \"%s\" with the cursor %d columns on", shown, width);
}

/* The stored value, through `mamori export`. */
static void check_stored(const char *db, const char *want)
{
    const char *args[] = {"export", "--db", db, "--group", "1", "--activity", LEDGER,
                          "--format", "csv", "--lang", "ja", NULL};
    run_result r = run_mamori(args);
    E2E_CHECK(NULL, r.status == 0, "mamori export: exit %d\n%s", r.status, r.err);
    csv_t c = csv_parse(r.out);
    const char *v = csv_cell(&c, 1, "情報資産名称");
    E2E_CHECK(NULL, v && strcmp(v, want) == 0, "stored \"%s\", want \"%s\"", v ? v : "(none)",
              want);
    csv_free(&c);
    run_free(&r);
}

/* The editor draws the override as "<U+202E>" (8 columns) and measures it
 * so: the cursor follows the text, Left steps over a marker as one
 * character, and what is typed there lands there. */
static void case_bidi_editor(void)
{
    const char *db = new_workshop();
    vt *g = start_table(db, "1");
    type_name(g, "ab" RLO "cd" PDF "ef", "ab<U+202E>cd<U+202C>ef", 22);
    /* three characters back: before the <U+202C> marker */
    vt_key(g, VT_KEY_LEFT);
    vt_key(g, VT_KEY_LEFT);
    vt_key(g, VT_KEY_LEFT);
    cursor_at at = {"ab<U+202E>cd<U+202C>ef", 12};
    E2E_CHECK(g, vt_wait_until(g, cursor_in_text, &at, vt_default_wait_ms()),
              "Left x3 puts the cursor on the <U+202C> marker");
    vt_send(g, "X");
    cursor_at x = {"ab<U+202E>cdX<U+202C>ef", 13};
    E2E_CHECK(g, vt_wait_until(g, cursor_in_text, &x, vt_default_wait_ms()),
              "X is typed before the marker, the cursor after it");
    E2E_CHECK(g, !vt_output_has(g, RLO), "the override never reached the terminal");
    vt_key(g, VT_KEY_ENTER);
    E2E_CHECK(g, vt_wait_row(g, 1, "1行", vt_default_wait_ms()), "the row is saved");
    quit(g);
    check_stored(db, "ab" RLO "cdX" PDF "ef");
}

/* What one group types shows on another terminal (the facilitator's, on
 * group 1's table) with the markers, in the order typed, and the override
 * itself never reaches that terminal. */
static void case_bidi_other_terminal(void)
{
    const char *db = new_workshop();
    vt *f = start_table(db, NULL);
    vt *g = start_table(db, "1");
    type_name(g, "\xe5\x8f\xb3" RLO "\xe5\xb7\xa6" PDF "end",
              "右<U+202E>左<U+202C>end", 23);
    vt_key(g, VT_KEY_ENTER);
    E2E_CHECK(g, vt_wait_row(g, 1, "1行", vt_default_wait_ms()), "the row is saved");
    E2E_CHECK(f, vt_wait_text(f, "右<U+202E>左<U+202C>end", vt_default_wait_ms() * 2),
              "the facilitator's terminal shows the markers in the typed order");
    E2E_CHECK(f, !vt_output_has(f, RLO) && !vt_output_has(f, PDF),
              "no bidi control reached the facilitator's terminal");
    quit(g);
    quit(f);
    check_stored(db, "\xe5\x8f\xb3" RLO "\xe5\xb7\xa6" PDF "end");
}

static const e2e_case cases[] = {
    {"bidi-editor", case_bidi_editor},
    {"bidi-other-terminal", case_bidi_other_terminal},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
