/*
 * End-to-end cases of the demo workshop: `mamori --demo` opens a workshop in
 * progress (the groups' tables, self-checks and boards already written, as
 * the facilitator's overview shows), `mamori --demo --empty` one on its first
 * morning.  The real binary (MAMORI_BIN) in a pty, read through libvterm.
 *
 *   e2e_demo CASE | e2e_demo | e2e_demo --list
 */
#include "vt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROWS 40
#define COLS 120

static const char *bin(void)
{
    const char *b = getenv("MAMORI_BIN");
    if (!b || !*b)
        e2e_skip("MAMORI_BIN is not set (run through meson test)");
    return b;
}

static const char *new_db(void)
{
    static char path[600];
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "creating a temporary directory");
    snprintf(path, sizeof path, "%s/demo.db", dir);
    return path;
}

/* mamori --demo [--empty] --db DB --open ACTIVITY, on the activity. */
static vt *start(const char *db, bool empty, const char *activity)
{
    const char *argv[] = {bin(), "--demo", "--db", db, "--open", activity,
                          empty ? "--empty" : NULL, NULL};
    vt *t = vt_start(argv, NULL, ROWS, COLS);
    E2E_CHECK(NULL, t != NULL, "starting %s", argv[0]);
    return t;
}

/* The facilitator's overview of the session on screen (Esc to the session,
 * d). */
static void overview(vt *t)
{
    vt_key(t, VT_KEY_ESC);
    E2E_WAIT_GONE(t, "グループ 1 の");
    vt_send(t, "d");
    E2E_WAIT_TEXT(t, "の進み具合");
}

/* The numbers in the overview's line of an activity: per group, the first
 * number of each progress cell that matches FORMAT (a sscanf format reading
 * one int and ending with the unit, e.g. "%d行"). */
typedef struct line_count {
    const char *activity, *unit;
    int cells, nonzero;
    int want; /* groups on screen (0: five) */
} line_count;

static bool count_line(vt *t, void *arg)
{
    line_count *c = arg;
    int row, col;
    c->cells = c->nonzero = 0;
    if (!vt_find_text(t, c->activity, &row, &col))
        return false;
    char *line = vt_row_text(t, row);
    size_t ul = strlen(c->unit);
    for (char *p = strstr(line, c->unit); p; p = strstr(p + ul, c->unit)) {
        char *q = p;
        while (q > line && q[-1] >= '0' && q[-1] <= '9')
            q--;
        if (q == p)
            continue;
        c->cells++;
        c->nonzero += atoi(q) > 0;
    }
    free(line);
    return c->cells == (c->want ? c->want : 5);
}

/* The demo: the asset ledger holds group 1's rows, the session's overview
 * shows rows and edits for every group; session 1's shows self-checks done
 * in every group and their bands. */
static void case_filled(void)
{
    const char *db = new_db();
    vt *t = start(db, false, "asset-ledger");
    E2E_WAIT_TEXT(t, "グループ 1 の表");
    int row, col;
    E2E_CHECK(t, vt_find_text(t, "グループ 1 の表", &row, &col), "the table's owner line");
    char *line = vt_row_text(t, row);
    const char *bar = strstr(line, "|");
    int rows = bar ? atoi(bar + 1 + strspn(bar + 1, " ")) : 0;
    free(line);
    E2E_CHECK(t, rows >= 8, "group 1's ledger has %d rows", rows);

    overview(t);
    line_count c = {"情報資産管理台帳", "行・記入", 0, 0, 0};
    E2E_CHECK(t, vt_wait_until(t, count_line, &c, vt_default_wait_ms()),
              "the ledger's line has five groups' counts (%d)", c.cells);
    E2E_CHECK(t, c.nonzero == 5, "every group wrote rows (%d of 5)", c.nonzero);
    vt_send(t, "q");
    vt_wait_exit(t, vt_default_wait_ms());
    vt_free(t);

    /* the same file again: session 1, self-checks by company */
    t = start(db, false, "self-check");
    E2E_WAIT_TEXT(t, "第1回");
    overview(t);
    line_count s = {"自社診断", "/6社", 0, 0, 0};
    E2E_CHECK(t, vt_wait_until(t, count_line, &s, vt_default_wait_ms()),
              "the self-check's line has five groups' counts (%d)", s.cells);
    E2E_CHECK(t, s.nonzero == 5, "every group has finished self-checks (%d of 5)",
              s.nonzero);
    E2E_WAIT_TEXT(t, "/100点");
    line_count b = {"課題と対策ボード", "枚", 0, 0, 0};
    E2E_CHECK(t, vt_wait_until(t, count_line, &b, vt_default_wait_ms()),
              "the board's line has five groups' counts (%d)", b.cells);
    E2E_CHECK(t, b.nonzero == 5, "every group has notes (%d of 5)", b.nonzero);
    vt_free(t);
}

/* In English at 80x24: the overview (as many groups as fit) counts rows
 * for each of them. */
static void case_filled_en_narrow(void)
{
    const char *argv[] = {bin(), "--demo", "--db", new_db(), "--open", "risk-table",
                          "--lang", "en", NULL};
    vt *t = vt_start(argv, NULL, 24, 80);
    E2E_CHECK(NULL, t != NULL, "starting %s", argv[0]);
    E2E_WAIT_TEXT(t, "Group 1's table");
    vt_key(t, VT_KEY_ESC);
    E2E_WAIT_GONE(t, "Group 1's table");
    vt_send(t, "d");
    E2E_WAIT_TEXT(t, "Progress in");
    line_count c = {"Risk table", " rows +", 0, 0, 4};
    E2E_CHECK(t, vt_wait_until(t, count_line, &c, vt_default_wait_ms()),
              "the risk table's line has four groups' counts (%d)", c.cells);
    E2E_CHECK(t, c.nonzero == 4, "every group on screen wrote risks (%d of 4)", c.nonzero);
    /* and the heat map of the risks is there */
    E2E_WAIT_TEXT(t, "Heat map of");
    vt_free(t);
}

/* --demo --empty: the same overview with nothing written. */
static void case_empty(void)
{
    vt *t = start(new_db(), true, "asset-ledger");
    E2E_WAIT_TEXT(t, "グループ 1 の表  |  0行");
    overview(t);
    line_count c = {"情報資産管理台帳", "行・記入", 0, 0, 0};
    E2E_CHECK(t, vt_wait_until(t, count_line, &c, vt_default_wait_ms()),
              "the ledger's line has five groups' counts (%d)", c.cells);
    E2E_CHECK(t, c.nonzero == 0, "nothing written (%d groups have rows)", c.nonzero);
    vt_free(t);
}

/* The footer line (second from the bottom) ends with WANT: the last hint is
 * whole, not cut with "~" at the screen's edge. */
static void footer_ends_with(vt *t, const char *want, const char *has)
{
    char *line = vt_row_text(t, -2);
    size_t n = strlen(line), w = strlen(want);
    bool ok = n >= w && strcmp(line + n - w, want) == 0 && !strstr(line, "~")
              && (!has || strstr(line, has));
    if (!ok) {
        char copy[600];
        snprintf(copy, sizeof copy, "%s", line);
        free(line);
        e2e_fail(t, __FILE__, __LINE__, "footer \"%s\" should end with \"%s\"%s%s", copy,
                 want, has ? " and hold " : "", has ? has : "");
    }
    free(line);
}

/* The visits screen at 80x24 in Japanese and in English: every hint of the
 * footer whole, and the radar's among them; opened from the agenda (a
 * preview, whose footer starts with "p room here") it still ends with the
 * whole "Esc back". */
static void case_visits_footer(void)
{
    const char *db = new_db();
    for (int en = 0; en < 2; en++) {
        const char *argv[] = {bin(), "--demo", "--db", db, "--open", "visits",
                              en ? "--lang" : NULL, "en", NULL};
        vt *t = vt_start(argv, NULL, 24, 80);
        E2E_CHECK(NULL, t != NULL, "starting %s", argv[0]);
        E2E_WAIT_TEXT(t, en ? "Visit records" : "訪問の記録");
        E2E_CHECK(t, vt_wait_row(t, -2, "0-5", vt_default_wait_ms()), "the visits' footer");
        footer_ends_with(t, en ? "Esc back" : "Esc 戻る", en ? "m radar" : "m レーダー");
        if (!en) {
            /* the agenda, visit 4 (a preview: the room is on visit 1), its
             * last line */
            vt_key(t, VT_KEY_ESC);
            E2E_WAIT_GONE(t, "訪問の記録：評価と進み具合");
            vt_key(t, VT_KEY_ESC);
            E2E_WAIT_TEXT(t, "アジェンダ");
            vt_send(t, "G");
            vt_key(t, VT_KEY_ENTER);
            E2E_WAIT_TEXT(t, "プレビュー中");
            vt_send(t, "G");
            vt_key(t, VT_KEY_ENTER);
            E2E_WAIT_TEXT(t, "訪問の記録：評価と進み具合");
            E2E_CHECK(t, vt_wait_row(t, -2, "0-5", vt_default_wait_ms()),
                      "the visits' footer");
            footer_ends_with(t, "Esc 戻る", "p 全体をここへ");
        }
        vt_free(t);
    }
}

/* A group's terminal opens the visits' records on the company of the group
 * that had the visits (the demo's data), not on the group's first company:
 * group 2 on 株式会社しらゆり介護サービス (its first is 株式会社かえで工務店),
 * group 5 on 株式会社はやて運送 (visit 1 and its plan only). */
static void case_visits_group(void)
{
    const char *db = new_db();
    vt *f = start(db, false, "visits"); /* the facilitator makes the demo */
    E2E_WAIT_TEXT(f, "訪問の記録：評価と進み具合");
    vt_send(f, "q");
    E2E_CHECK(f, vt_wait_exit(f, vt_default_wait_ms()) == 0, "the facilitator quits");
    vt_free(f);
    static const char *const want[][3] = {
        {"2", "株式会社しらゆり介護サービス", "株式会社かえで工務店"},
        {"5", "株式会社はやて運送", "株式会社いずみ税理士法人"},
    };
    for (int k = 0; k < 2; k++) {
        const char *argv[] = {bin(), "--db", db, "--group", want[k][0], "--open",
                              "visits", NULL};
        vt *t = vt_start(argv, NULL, ROWS, COLS);
        E2E_CHECK(NULL, t != NULL, "starting %s", argv[0]);
        E2E_WAIT_TEXT(t, "訪問の記録：評価と進み具合");
        E2E_CHECK(t, vt_wait_row(t, 0, want[k][1], vt_default_wait_ms()),
                  "group %s opens on %s", want[k][0], want[k][1]);
        E2E_CHECK(t, !vt_has_text(t, want[k][2]), "not on %s", want[k][2]);
        /* Tab still steps through the group's companies */
        vt_key(t, VT_KEY_TAB);
        E2E_WAIT_GONE(t, want[k][1]);
        vt_free(t);
    }
}

static const e2e_case cases[] = {
    {"filled", case_filled},
    {"filled-en-narrow", case_filled_en_narrow},
    {"empty", case_empty},
    {"visits-footer", case_visits_footer},
    {"visits-group", case_visits_group},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    return e2e_main(argc, argv, cases);
}
