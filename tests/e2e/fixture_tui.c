/*
 * A tiny ncursesw program the harness self-test drives in place of mamori.
 *
 *   row 0  "fixture 日本語テスト"        (hidden/shown again by 'h')
 *   row 1  "size ROWSxCOLS"              (redrawn on SIGWINCH / KEY_RESIZE)
 *   row 2  "key: NAME"                   (the last key, by keyname())
 *   row 3  " selected "                  (reverse video)
 *   row 4  "TERM=... NO_COLOR=..."
 *   row 5  40 '=' (ncurses sends them with the rep capability)
 *   row 6  "colour" in colour pair 1 unless NO_COLOR is set
 *   last   "ready"
 *
 * Keys: q exits 0, x exits 7, h toggles row 0.  --delay MS draws "ready"
 * only after MS milliseconds.
 */
#include <curses.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool hidden;
static char last_key[64] = "none";
static bool ready;

static void draw(void)
{
    erase();
    if (!hidden)
        mvaddstr(0, 0, "fixture 日本語テスト");
    mvprintw(1, 0, "size %dx%d", LINES, COLS);
    mvprintw(2, 0, "key: %s", last_key);
    attron(A_REVERSE);
    mvaddstr(3, 0, " selected ");
    attroff(A_REVERSE);
    const char *nc = getenv("NO_COLOR");
    mvprintw(4, 0, "TERM=%s NO_COLOR=%s", getenv("TERM") ? getenv("TERM") : "",
             nc ? nc : "unset");
    move(5, 0);
    for (int i = 0; i < 40; i++)
        addch('=');
    bool colour = has_colors() && !(nc && *nc);
    if (colour)
        attron(COLOR_PAIR(1));
    mvaddstr(6, 0, "colour");
    if (colour)
        attroff(COLOR_PAIR(1));
    if (ready)
        mvaddstr(LINES - 1, 0, "ready");
    refresh();
}

int main(int argc, char **argv)
{
    int delay = 0;
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--delay") == 0)
            delay = atoi(argv[i + 1]);

    setlocale(LC_ALL, "");
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    /* Wake up now and then: a SIGWINCH that lands between ncurses' check of
     * its resize flag and a blocking read() would otherwise wait for the
     * next key (mamori polls the same way). */
    timeout(100);
    const char *nc = getenv("NO_COLOR");
    if (has_colors() && !(nc && *nc)) {
        start_color();
        init_pair(1, COLOR_RED, COLOR_BLACK);
    }
    draw();
    if (delay > 0) {
        napms(delay);
    }
    ready = true;
    draw();

    for (;;) {
        int ch = getch();
        if (ch == ERR)
            continue;
        if (ch == 'q') {
            endwin();
            return 0;
        }
        if (ch == 'x') {
            endwin();
            return 7;
        }
        if (ch == 'h')
            hidden = !hidden;
        if (ch != KEY_RESIZE) {
            const char *name = keyname(ch);
            snprintf(last_key, sizeof last_key, "%s", name ? name : "?");
        }
        draw();
    }
}
