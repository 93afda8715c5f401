/*
 * The ten-mistake trial of issue 11, pinned: a trainer's four-session
 * scenario for a chain of dental clinics (tests/fixtures/trial/dental.json,
 * TRIAL_FIXTURE) and, made from it by one text substitution each, the
 * mistakes a trainer makes. Each is graded as the trial graded it, on the
 * real `mamori validate`:
 *
 *   - one mistake, one error: exactly one line on stderr, exit 1 (no
 *     follow-on errors);
 *   - FILE:LINE:COL at the mistake: worked out here from the text of the
 *     mistaken file (COL in characters), not written down;
 *   - plain words for JSON mistakes, "did you mean" with the right name for
 *     a misspelt one, in English and in Japanese;
 *   - on a terminal (a pty) 80 and 160 columns wide, the line of the file
 *     (cut to fit, never wrapped) with a caret under the character the
 *     mistake is at.
 *
 * 01-11 are the trial's ten lines (10 split into a cycle and a missing
 * ")"); 12-15 are mistakes found since: a column type from another tool, a
 * column name copied from the bundled program, a forgotten comma, and a
 * comma typed with a Japanese input method.
 *
 *   e2e_trial CASE     one case (meson registers each as e2e-trial-CASE)
 *   e2e_trial          all of them
 */
#include "vt.h"
#include "e2e_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    const char *find;    /* unique in dental.json */
    const char *replace; /* what the trainer wrote instead */
    const char *at;      /* the mistake is at this text in REPLACE ... */
    int skip;            /* ... this many bytes into it */
    const char *en;      /* the English message says this */
    const char *ja;      /* and the Japanese one this */
    const char *paren;   /* missing ")": the "(" it names is at this text in REPLACE */
} mistake;

static const mistake mistakes[] = {
    {"01-array-comma",
     "\"color\": \"blue\"}\n                 ]},\n                {\"id\": \"threat\"",
     "\"color\": \"blue\"},\n                 ]},\n                {\"id\": \"threat\"",
     "},\n", 1, "JSON does not allow a trailing comma", "最後の要素の後に ',' を書けません", NULL},
    {"02-object-comma",
     "\"title\": {\"ja\": \"脅威\", \"en\": \"Threat\"}}",
     "\"title\": {\"ja\": \"脅威\", \"en\": \"Threat\",}}",
     ",}", 0, "JSON does not allow a trailing comma", "最後の要素の後に ',' を書けません", NULL},
    {"03-comment",
     "                {\"id\": \"c\", \"type\": \"scale\"",
     "                // 機密性・完全性・可用性は1〜3で評価\n                {\"id\": \"c\", \"type\": \"scale\"",
     "//", 0, "JSON has no comments", "JSON にはコメントがありません", NULL},
    {"04-double-comma",
     "\"c\": 3, \"i\": 3, \"a\": 3,",
     "\"c\": 3,, \"i\": 3, \"a\": 3,",
     ",,", 1, "two commas in a row", "',' が2つ続いています", NULL},
    {"05-table-typo",
     "\"table\": \"dental-assets\"",
     "\"table\": \"dental-asset\"",
     "\"dental-asset\"", 0,
     "no table activity \"dental-asset\" in this scenario (did you mean \"dental-assets\"?)",
     "「dental-asset」という表のアクティビティはありません（「dental-assets」のことですか）", NULL},
    {"06-column-typo",
     "\"expr\": \"impact * likelihood\"",
     "\"expr\": \"impact * likelyhood\"",
     "likelyhood", 0,
     "unknown column \"likelyhood\" (did you mean \"likelihood\"?)",
     "「likelyhood」という列はありません（「likelihood」のことですか）", NULL},
    {"07-function-typo",
     "\"expr\": \"max(c, i, a, if(pii, 3, 0))\"",
     "\"expr\": \"max(c, i, a, iff(pii, 3, 0))\"",
     "iff(", 0,
     "unknown function \"iff\" (did you mean \"if\"?)",
     "「iff」という関数はありません（「if」のことですか）", NULL},
    {"08-kind-typo",
     "\"kind\": \"board\"",
     "\"kind\": \"bord\"",
     "\"bord\"", 0,
     "unknown activity kind \"bord\" (did you mean \"board\"?)",
     "「bord」というアクティビティの種類はありません（「board」のことですか）", NULL},
    /* the ledger's id as the bundled program spells it: dental-measures
     * reads asset.impact through this ref and draws a heat map of it */
    {"09-wrong-table",
     "\"table\": \"dental-assets\"",
     "\"table\": \"asset-ledger\"",
     "\"asset-ledger\"", 0,
     "no table activity \"asset-ledger\" in this scenario (its tables: dental-assets, "
     "dental-measures)",
     "「asset-ledger」という表のアクティビティはありません（表は dental-assets、dental-measures）",
     NULL},
    /* the trainer changes likelihood to read risk, which reads likelihood */
    {"10-cycle",
     "\"expr\": \"ceil(threat / (4 - vuln))\"",
     "\"expr\": \"ceil(threat / (4 - vuln)) * min(risk, 1)\"",
     "risk, 1)", 0,
     "computed columns read each other in a circle: risk -> likelihood -> risk",
     "計算列どうしが循環して参照しています: risk -> likelihood -> risk", NULL},
    {"11-missing-paren",
     "\"expr\": \"ceil(threat / (4 - vuln))\"",
     "\"expr\": \"ceil(threat / (4 - vuln)\"",
     "vuln)\"", 5,
     "missing \")\" to close the \"(\" at line %d, column %d",
     "「)」がありません: %d 行 %d 列の「(」を閉じてください",
     "ceil("},
    /* a type from another tool: the formulas reading the column (impact,
     * and through it risk and the other table) used to say "type
     * mismatch" as well */
    {"12-type-typo",
     "{\"id\": \"c\", \"type\": \"scale\"",
     "{\"id\": \"c\", \"type\": \"rating\"",
     "\"rating\"", 0,
     "unknown type \"rating\" (expected one of \"text\", \"longtext\", \"number\", \"scale\"",
     "列の型「rating」はありません（\"text\", \"longtext\", \"number\", \"scale\"", NULL},
    /* the bundled program's column name, through the ref: nothing is
     * close to it, so the ledger's columns are listed */
    {"13-ref-column",
     "\"expr\": \"asset.impact\"",
     "\"expr\": \"asset.importance\"",
     "asset.importance", 0,
     "unknown column \"asset.importance\" (the columns of dental-assets: name, place, pii, c, i, "
     "a, impact, threat, vuln, likelihood, risk)",
     "「asset.importance」という列はありません（dental-assets の列: name、place、pii、c、i、a、"
     "impact、threat、vuln、likelihood、risk）", NULL},
    /* a comma forgotten at the end of a line: at the end of that line */
    {"14-missing-comma",
     "{\"id\": \"i\", \"type\": \"scale\", \"title\": {\"ja\": \"完全性\", \"en\": \"Integrity\"}},",
     "{\"id\": \"i\", \"type\": \"scale\", \"title\": {\"ja\": \"完全性\", \"en\": \"Integrity\"}}",
     "}}", 2, "missing ',' before the next value: add one here",
     "',' がありません: 次の値との間のここに ',' を書いてください", NULL},
    /* typed with a Japanese input method */
    {"15-fullwidth-comma",
     "\"c\": 3, \"i\": 3, \"a\": 3,",
     "\"c\": 3， \"i\": 3, \"a\": 3,",
     "，", 0, "a full-width comma: JSON needs the ASCII ','",
     "全角の「，」「、」は JSON の区切りになりません: 半角の ',' にしてください", NULL},
};
#define NMISTAKES (sizeof mistakes / sizeof mistakes[0])

/* ---- files ---------------------------------------------------------------- */

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    E2E_CHECK(NULL, f != NULL, "reading %s: %s", path, strerror(errno));
    char *s = calloc(1, 1);
    size_t len = 0, got;
    char b[8192];
    while ((got = fread(b, 1, sizeof b, f)) > 0)
        e2e_append(&s, &len, b, got);
    fclose(f);
    return s;
}

static void write_all(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    E2E_CHECK(NULL, f != NULL, "writing %s: %s", path, strerror(errno));
    fputs(text, f);
    fclose(f);
}

static const char *fixture(void)
{
    const char *p = getenv("TRIAL_FIXTURE");
    E2E_CHECK(NULL, p && *p, "TRIAL_FIXTURE is set by meson");
    return p;
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Line and column (characters, as validate counts them by default) of
 * byte OFF of TEXT. */
static void line_col(const char *text, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

/* The mistaken file M: its text, and where its mistake (and the "(" a
 * missing ")" would close) is. */
typedef struct {
    char *text;
    size_t off;
    int line, col, pline, pcol;
} mistaken;

static mistaken make(const mistake *m)
{
    char *src = read_all(fixture());
    E2E_CHECK(NULL, count_of(src, m->find) == 1, "%s: \"%s\" is in dental.json %d times, not once",
              m->name, m->find, count_of(src, m->find));
    const char *at = strstr(m->replace, m->at);
    E2E_CHECK(NULL, at != NULL, "%s: \"%s\" not in the replacement", m->name, m->at);
    size_t head = (size_t)(strstr(src, m->find) - src);
    mistaken r = {0};
    size_t n = strlen(src) - strlen(m->find) + strlen(m->replace);
    r.text = malloc(n + 1);
    memcpy(r.text, src, head);
    strcpy(r.text + head, m->replace);
    strcat(r.text, src + head + strlen(m->find));
    r.off = head + (size_t)(at - m->replace) + (size_t)m->skip;
    line_col(r.text, r.off, &r.line, &r.col);
    if (m->paren) {
        const char *p = strstr(m->replace, m->paren);
        E2E_CHECK(NULL, p != NULL, "%s: \"%s\" not in the replacement", m->name, m->paren);
        line_col(r.text, head + (size_t)(p - m->replace) + strlen(m->paren) - 1, &r.pline,
                 &r.pcol);
    }
    free(src);
    return r;
}

/* ---- grading -------------------------------------------------------------- */

/* validate [--lang LANG] FILE through pipes: one line, FILE:LINE:COL at the
 * mistake, the words WANT (a format taking the "(" position for a missing
 * ")"). */
static void grade_pipe(const mistake *m, const mistaken *x, const char *file, const char *lang,
                       const char *want)
{
    const char *args[6] = {"validate"};
    int n = 1;
    if (lang) {
        args[n++] = "--lang";
        args[n++] = lang;
    }
    args[n++] = file;
    args[n] = NULL;
    run_result r = run_mamori(args);
    const char *l = lang ? lang : "ja (default)";
    E2E_CHECK(NULL, r.status == 1, "%s, %s: exit %d (want 1)\nstderr:\n%s", m->name, l, r.status,
              r.err);
    E2E_CHECK(NULL, count_of(r.err, "\n") == 1,
              "%s, %s: one mistake must give one error (no follow-on errors), got:\n%s", m->name,
              l, r.err);
    char where[800];
    snprintf(where, sizeof where, "%s:%d:%d: ", file, x->line, x->col);
    E2E_CHECK(NULL, strncmp(r.err, where, strlen(where)) == 0,
              "%s, %s: the error must start \"%s\" (the mistake's place), got:\n%s", m->name, l,
              where, r.err);
    char words[600];
    if (m->paren)
        snprintf(words, sizeof words, want, x->pline, x->pcol);
    else
        snprintf(words, sizeof words, "%s", want);
    E2E_CHECK(NULL, strstr(r.err, words) != NULL, "%s, %s: want the words\n  %s\ngot:\n%s",
              m->name, l, words, r.err);
    run_free(&r);
}

/* The characters on screen from ROW, COL (double-width ones once). */
static void screen_from(vt *t, int row, int col, char *out, size_t outsz, int nchars)
{
    size_t n = 0;
    int rows, cols;
    vt_size(t, &rows, &cols);
    out[0] = '\0';
    for (int c = col; c < cols && nchars > 0; c++) {
        vt_cell_t cell;
        if (!vt_cell(t, row, c, &cell) || cell.width == 0)
            continue;
        const char *s = cell.text[0] ? cell.text : " ";
        size_t k = strlen(s);
        if (n + k + 1 > outsz)
            break;
        memcpy(out + n, s, k);
        n += k;
        out[n] = '\0';
        nchars--;
    }
}

/* The NCHARS characters on screen just left of ROW, COL. */
static void screen_before(vt *t, int row, int col, char *out, size_t outsz, int nchars)
{
    const char *got[16];
    char cells[16][32];
    int n = 0;
    for (int c = col - 1; c >= 0 && n < nchars && n < 16; c--) {
        vt_cell_t cell;
        if (!vt_cell(t, row, c, &cell) || cell.width == 0)
            continue;
        snprintf(cells[n], sizeof cells[n], "%s", cell.text[0] ? cell.text : " ");
        got[n] = cells[n];
        n++;
    }
    out[0] = '\0';
    for (int k = n - 1; k >= 0; k--)
        if (strlen(out) + strlen(got[k]) + 1 <= outsz)
            strcat(out, got[k]);
}

/* validate FILE on a terminal: under the error the file's line LINE, and a
 * caret under the character the mistake is at (the text from the caret's
 * column on the line above is the file's text from the mistake on, and the
 * text left of it the file's text before the mistake). */
static void grade_tty(const mistake *m, const mistaken *x, const char *file, int cols)
{
    const char *argv[] = {mamori_bin(), "validate", "--lang", "en", file, NULL};
    vt *t = vt_start(argv, NULL, 24, cols);
    E2E_CHECK(NULL, t != NULL, "vt_start");
    int st = vt_wait_exit(t, vt_default_wait_ms());
    E2E_CHECK(t, st == 1, "%s on a terminal: exit %d (want 1)", m->name, st);
    char gutter[32];
    snprintf(gutter, sizeof gutter, "%d |", x->line);
    int srow, scol, crow, ccol;
    E2E_CHECK(t, vt_find_text(t, gutter, &srow, &scol), "%s: the source line \"%s\" is shown",
              m->name, gutter);
    E2E_CHECK(t, vt_find_text_in(t, "^", srow + 1, srow + 1, &crow, &ccol),
              "%s: a caret on the line under the source line", m->name);
    /* what the file holds from the mistake on, to the end of its line (at
     * most 6 characters) */
    char want[64];
    size_t n = 0;
    int chars = 0;
    for (const char *p = x->text + x->off; *p && *p != '\n' && chars < 6 && n + 5 < sizeof want;
         chars++) {
        size_t k = 1;
        while ((((unsigned char)p[k]) & 0xC0) == 0x80)
            k++;
        memcpy(want + n, p, k);
        n += k;
        p += k;
    }
    want[n] = '\0';
    char got[128];
    screen_from(t, srow, ccol, got, sizeof got, chars);
    E2E_CHECK(t, strcmp(got, want) == 0,
              "%s at %d columns: the caret is under \"%s\", want it under \"%s\" (line %d, "
              "column %d)", m->name, cols, got, want, x->line, x->col);
    /* and what comes before it on its line (at most 6 characters) */
    const char *ls = x->text + x->off;
    int bchars = 0;
    while (ls > x->text && ls[-1] != '\n' && bchars < 6) {
        ls--;
        if ((((unsigned char)*ls) & 0xC0) != 0x80)
            bchars++;
    }
    char wantb[64];
    snprintf(wantb, sizeof wantb, "%.*s", (int)(x->text + x->off - ls), ls);
    screen_before(t, srow, ccol, got, sizeof got, bchars);
    E2E_CHECK(t, strcmp(got, wantb) == 0,
              "%s at %d columns: left of the caret \"%s\", want \"%s\" (line %d, column %d)",
              m->name, cols, got, wantb, x->line, x->col);
    vt_free(t);
}

static void run_trial(const mistake *m)
{
    mistaken x = make(m);
    const char *dir = e2e_tmpdir();
    E2E_CHECK(NULL, dir != NULL, "temporary directory");
    char file[700];
    snprintf(file, sizeof file, "%s/%s.json", dir, m->name);
    write_all(file, x.text);
    grade_pipe(m, &x, file, "en", m->en);
    grade_pipe(m, &x, file, NULL, m->ja);
    grade_tty(m, &x, file, 80);
    grade_tty(m, &x, file, 160);
    printf("%s: A (one error at %d:%d, caret, words)\n", m->name, x.line, x.col);
    free(x.text);
}

#define TRIAL_CASE(i) \
    static void case_##i(void) { run_trial(&mistakes[i]); }
TRIAL_CASE(0)
TRIAL_CASE(1)
TRIAL_CASE(2)
TRIAL_CASE(3)
TRIAL_CASE(4)
TRIAL_CASE(5)
TRIAL_CASE(6)
TRIAL_CASE(7)
TRIAL_CASE(8)
TRIAL_CASE(9)
TRIAL_CASE(10)
TRIAL_CASE(11)
TRIAL_CASE(12)
TRIAL_CASE(13)
TRIAL_CASE(14)

/* The scenario itself: valid, and nothing to warn about, in both
 * languages. */
static void case_valid(void)
{
    const char *langs[] = {"en", "ja"};
    for (int i = 0; i < 2; i++) {
        const char *args[] = {"validate", "--warnings", "--lang", langs[i], fixture(), NULL};
        run_result r = run_mamori(args);
        E2E_CHECK(NULL, r.status == 0 && r.err[0] == '\0',
                  "dental.json (--lang %s): exit %d, stderr:\n%s", langs[i], r.status, r.err);
        run_free(&r);
    }
}

static const e2e_case cases[] = {
    {"valid", case_valid},
    {"01-array-comma", case_0},
    {"02-object-comma", case_1},
    {"03-comment", case_2},
    {"04-double-comma", case_3},
    {"05-table-typo", case_4},
    {"06-column-typo", case_5},
    {"07-function-typo", case_6},
    {"08-kind-typo", case_7},
    {"09-wrong-table", case_8},
    {"10-cycle", case_9},
    {"11-missing-paren", case_10},
    {"12-type-typo", case_11},
    {"13-ref-column", case_12},
    {"14-missing-comma", case_13},
    {"15-fullwidth-comma", case_14},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    _Static_assert(NMISTAKES == 15, "one case per mistake");
    return e2e_main(argc, argv, cases);
}
