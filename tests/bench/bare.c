/*
 * bare.c — the yardstick for bench_table: a minimal ncursesw program that
 * draws the same screen as mamori's table view, and nothing else.
 *
 *   bench_bare SCREEN.tsv
 *
 * SCREEN.tsv is written by bench_table from the imported sheet (see there):
 * a few "#key<TAB>text" lines (top bar, info line, footer, status line, the
 * first column's help, and per column its width and title), then one line per
 * row with every cell's display text, tab-separated, and a last field giving
 * each cell's band colour as one digit ('0' none, 1 red, 2 yellow, 3 blue,
 * 4 green).  Rows are read from the file only as far as the screen needs
 * them, so the first frame costs what drawing it costs.
 *
 * The layout is mamori's (src/ui/view_table.c, app.c): top bar, info line,
 * column titles, the rows from line 3 to LINES-5 with the row number in
 * columns 1-5 and the first column frozen, then the current cell in full,
 * the column's help, the key hints and the status bar; the cursor row is
 * bold with its first cell in reverse video.  Cells are fitted to their
 * column by display width and cut with '~', as mamori does.  Like mamori it
 * erases and draws the whole screen after every key and lets ncurses send
 * only the difference.  Keys: Down/Up/j/k, PgDn/PgUp/Space/b, q quits.
 */
#include <curses.h>
#include <locale.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static int rownum_w = 6; /* 5 digits and a space, wider past 99,999 */
#define MAX_COLS 64

typedef struct row {
	char *line;
	char *cell[MAX_COLS];
	const char *bands;
} row;

static FILE *in;
static bool at_eof;
static row *rows;
static int nrows, caprows;
static int ncols;
static int widths[MAX_COLS];
static char *titles[MAX_COLS];
static char *top_bar, *info, *footer, *status, *help;

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (!d)
		abort();
	memcpy(d, s, n);
	return d;
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* Reads rows from the file until row K exists (or the file ends). */
static bool want_row(int k)
{
	while (k >= nrows && !at_eof) {
		char *line = NULL;
		size_t cap = 0;
		if (getline(&line, &cap, in) < 0) {
			free(line);
			at_eof = true;
			break;
		}
		chomp(line);
		if (nrows == caprows) {
			caprows = caprows ? caprows * 2 : 256;
			rows = realloc(rows, (size_t)caprows * sizeof *rows);
			if (!rows)
				abort();
		}
		row *r = &rows[nrows++];
		memset(r, 0, sizeof *r);
		r->line = line;
		char *p = line;
		for (int c = 0; c < ncols; c++) {
			r->cell[c] = p;
			char *tab = p ? strchr(p, '\t') : NULL;
			if (tab)
				*tab = '\0';
			p = tab ? tab + 1 : NULL;
			if (!r->cell[c])
				r->cell[c] = "";
		}
		r->bands = p ? p : "";
	}
	return k < nrows;
}

static bool read_header(void)
{
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, in) >= 0) {
		chomp(line);
		if (strcmp(line, "#rows") == 0) {
			free(line);
			return ncols > 0;
		}
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		const char *v = tab + 1;
		if (strcmp(line, "#top") == 0)
			top_bar = dupstr(v);
		else if (strcmp(line, "#info") == 0)
			info = dupstr(v);
		else if (strcmp(line, "#footer") == 0)
			footer = dupstr(v);
		else if (strcmp(line, "#count") == 0) {
			/* the row number column as wide as the last number, as mamori's */
			for (long lim = 100000, n = atol(v); n >= lim && rownum_w < 12; lim *= 10)
				rownum_w++;
		} else if (strcmp(line, "#status") == 0)
			status = dupstr(v);
		else if (strcmp(line, "#help") == 0)
			help = dupstr(v);
		else if (strcmp(line, "#col") == 0 && ncols < MAX_COLS) {
			char *t2 = strchr(v, '\t');
			widths[ncols] = atoi(v);
			titles[ncols] = dupstr(t2 ? t2 + 1 : "");
			ncols++;
		}
	}
	free(line);
	return false;
}

/* Display width of one character as mamori counts it (wcwidth; control
 * characters take no room). */
static int cw(wchar_t c)
{
	int w = wcwidth(c);
	return w < 0 ? 0 : w;
}

/* S fitted into exactly W columns: cut with '~' when too wide, padded with
 * blanks (text_fit_pad in src/core/text.c). */
static void fit_pad(const char *s, int w, char *out, size_t outsz)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int total = 0;
	const char *p = s;
	size_t left = strlen(s);
	while (left) {
		wchar_t c;
		size_t k = mbrtowc(&c, p, left, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			break;
		total += cw(c);
		p += k;
		left -= k;
	}
	int limit = total <= w ? w : w - 1;
	size_t n = 0;
	int used = 0;
	memset(&st, 0, sizeof st);
	p = s;
	left = strlen(s);
	while (left) {
		wchar_t c;
		size_t k = mbrtowc(&c, p, left, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			break;
		if (used + cw(c) > limit || n + k + 1 >= outsz)
			break;
		memcpy(out + n, p, k);
		n += k;
		used += cw(c);
		p += k;
		left -= k;
	}
	if (total > w && n + 1 < outsz) {
		out[n++] = '~';
		used++;
	}
	while (used < w && n + 1 < outsz) {
		out[n++] = ' ';
		used++;
	}
	out[n] = '\0';
}

static void put(int y, int x, int w, const char *s, attr_t a)
{
	if (w <= 0)
		return;
	char b[4096];
	fit_pad(s, w, b, sizeof b);
	attrset(a);
	mvaddstr(y, x, b);
	attrset(A_NORMAL);
}

enum { P_BAR = 1, P_HEAD, P_EMPH, P_SEL = 6, P_RED, P_YELLOW, P_BLUE, P_GREEN };

static attr_t band_attr(char b)
{
	switch (b) {
	case '1': return COLOR_PAIR(P_RED) | A_BOLD;
	case '2': return COLOR_PAIR(P_YELLOW);
	case '3': return COLOR_PAIR(P_BLUE);
	case '4': return COLOR_PAIR(P_GREEN);
	default: return 0;
	}
}

static int cur, top, page;

/* The last column (right of the frozen first one) that fits in GW. */
static int last_visible(int gw)
{
	int x = rownum_w + widths[0] + 1, last = 0;
	for (int k = 1; k < ncols; k++) {
		if (x + widths[k] > gw && k > 1)
			break;
		x += widths[k] + 1;
		last = k;
	}
	return last;
}

static void draw(void)
{
	erase();
	int ax = 1, aw = COLS - 2, gw = aw;
	/* top bar */
	attrset(COLOR_PAIR(P_BAR) | A_BOLD);
	mvhline(0, 0, ' ', COLS);
	put(0, 0, COLS - 1, top_bar, COLOR_PAIR(P_BAR) | A_BOLD);
	put(1, ax, aw, info, A_DIM);
	int y = 2, x = ax;
	put(y, x, rownum_w, "    #", COLOR_PAIR(P_HEAD) | A_BOLD | A_UNDERLINE);
	x += rownum_w;
	int last = last_visible(gw);
	for (int k = 0; k <= last; k = k == 0 ? 1 : k + 1) {
		int w = widths[k];
		if (x + w > ax + gw)
			w = ax + gw - x;
		if (w <= 0)
			break;
		put(y, x, w, titles[k], k == 0 ? COLOR_PAIR(P_SEL) | A_REVERSE | A_BOLD
			: COLOR_PAIR(P_HEAD) | A_BOLD | A_UNDERLINE);
		x += w + 1;
	}
	if (last < ncols - 1)
		put(y, ax + gw - 1, 1, ">", COLOR_PAIR(P_EMPH) | A_BOLD);
	y++;
	int bottom = 1 + (LINES - 3) - 2;
	page = bottom - y;
	if (page < 1)
		page = 1;
	if (cur < top)
		top = cur;
	if (cur >= top + page)
		top = cur - page + 1;
	for (int i = top; y < bottom && want_row(i); i++, y++) {
		row *r = &rows[i];
		bool cr = i == cur;
		char num[16];
		snprintf(num, sizeof num, "%*d ", rownum_w - 1, i + 1);
		x = ax;
		put(y, x, rownum_w, num, cr ? A_BOLD : COLOR_PAIR(P_HEAD));
		x += rownum_w;
		for (int k = 0; k <= last; k = k == 0 ? 1 : k + 1) {
			int w = widths[k];
			if (x + w > ax + gw)
				w = ax + gw - x;
			if (w <= 0)
				break;
			attr_t a = cr ? A_BOLD : A_NORMAL;
			if (k < (int)strlen(r->bands) && r->bands[k] != '0')
				a = band_attr(r->bands[k]);
			if (cr && k == 0)
				a = COLOR_PAIR(P_SEL) | A_REVERSE | A_BOLD;
			put(y, x, w, r->cell[k], a);
			x += w + 1;
		}
	}
	if (want_row(cur)) {
		char line[4096];
		snprintf(line, sizeof line, "%s: %s", titles[0], rows[cur].cell[0]);
		put(LINES - 4, ax, aw, line, COLOR_PAIR(P_EMPH) | A_BOLD);
		put(LINES - 3, ax, aw, help, A_DIM);
	}
	put(LINES - 2, 0, COLS, footer, A_DIM);
	attrset(COLOR_PAIR(P_BAR));
	mvhline(LINES - 1, 0, ' ', COLS);
	put(LINES - 1, 0, COLS, status, COLOR_PAIR(P_BAR));
	refresh();
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bench_bare SCREEN.tsv\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in || !read_header()) {
		fprintf(stderr, "bench_bare: cannot read %s\n", argv[1]);
		return 1;
	}
	if (!top_bar || !info || !footer || !status || !help) {
		fprintf(stderr, "bench_bare: %s lacks a #top/#info/#footer/#status/#help line\n",
			argv[1]);
		return 1;
	}
	setlocale(LC_ALL, "");
	initscr();
	raw();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	start_color();
	use_default_colors();
	init_pair(P_BAR, COLOR_WHITE, COLOR_BLUE);
	init_pair(P_HEAD, COLOR_CYAN, -1);
	init_pair(P_EMPH, COLOR_YELLOW, -1);
	init_pair(P_SEL, COLOR_CYAN, COLOR_BLACK);
	init_pair(P_RED, COLOR_WHITE, COLOR_RED);
	init_pair(P_YELLOW, COLOR_BLACK, COLOR_YELLOW);
	init_pair(P_BLUE, COLOR_WHITE, COLOR_BLUE);
	init_pair(P_GREEN, COLOR_BLACK, COLOR_GREEN);
	draw();
	for (;;) {
		wint_t ch;
		int r = get_wch(&ch);
		if (r == ERR)
			continue;
		bool key = r == KEY_CODE_YES;
		if (!key && (ch == 'q' || ch == 3))
			break;
		if ((key && ch == KEY_DOWN) || (!key && ch == 'j')) {
			if (want_row(cur + 1))
				cur++;
		} else if ((key && ch == KEY_UP) || (!key && ch == 'k')) {
			if (cur > 0)
				cur--;
		} else if ((key && ch == KEY_NPAGE) || (!key && ch == ' ')) {
			int to = cur + (page > 1 ? page - 1 : 1);
			while (to > cur && !want_row(to))
				to--;
			cur = to;
		} else if ((key && ch == KEY_PPAGE) || (!key && ch == 'b')) {
			cur -= page > 1 ? page - 1 : 1;
			if (cur < 0)
				cur = 0;
		} else if (key && ch == KEY_END) {
			want_row(INT_MAX); /* the rest of the file */
			cur = nrows > 0 ? nrows - 1 : 0;
		} else if (key && ch == KEY_HOME) {
			cur = 0;
		} else if (!(key && ch == KEY_RESIZE)) {
			continue;
		}
		draw();
	}
	endwin();
	for (int k = 0; k < nrows; k++)
		free(rows[k].line);
	free(rows);
	for (int k = 0; k < ncols; k++)
		free(titles[k]);
	free(top_bar);
	free(info);
	free(footer);
	free(status);
	free(help);
	fclose(in);
	return 0;
}
