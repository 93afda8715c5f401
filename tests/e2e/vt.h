/*
 * vt: end-to-end test harness for terminal programs.
 *
 * Starts a real program in a pseudo-terminal (forkpty), feeds everything it
 * writes into libvterm, and lets a test send keys and wait, with a deadline,
 * for text to appear on (or vanish from) the emulated screen.  Nothing here
 * sleeps for a fixed time: every wait pumps the pty with poll() until the
 * condition holds or the deadline passes.
 *
 * Rows are 0-based; a negative row counts from the bottom (-1 is the last
 * row, where mamori draws its status line).  Columns are cell columns: a
 * double-width character occupies two.
 */
#ifndef MAMORI_E2E_VT_H
#define MAMORI_E2E_VT_H

#include <stdbool.h>
#include <stdio.h>

typedef struct vt vt;

/* Default deadline of one wait, in ms.  E2E_WAIT_MS in the environment
 * overrides it (e.g. for a slow sanitizer build). */
#define VT_WAIT_MS_DEFAULT 5000
int vt_default_wait_ms(void);

/*
 * Start argv[0] (looked up in PATH if it has no slash) in a new pty of
 * rows x cols.  The child's environment is the parent's with
 *   TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC HOME=<new tmpdir>
 * pinned and NO_COLOR, LINES, COLUMNS (and other terminal hints such as
 * COLORTERM, TMUX, STY, LC_*) removed; then each "NAME=value" of env_extra
 * (NULL-terminated, may be NULL) is applied on top.  The HOME directory is
 * removed by vt_free.  Returns NULL (with a message on stderr) on failure.
 */
vt *vt_start(const char *const argv[], const char *const env_extra[],
             int rows, int cols);

/* Kill the child if still running (SIGTERM, then SIGKILL), reap it, remove
 * its HOME and free everything.  NULL is fine. */
void vt_free(vt *t);

/* ---- input ------------------------------------------------------------ */

/* Send raw bytes to the program (as if typed). */
void vt_send(vt *t, const char *bytes);

typedef enum {
    VT_KEY_ENTER, VT_KEY_ESC, VT_KEY_TAB, VT_KEY_BACKSPACE,
    VT_KEY_UP, VT_KEY_DOWN, VT_KEY_LEFT, VT_KEY_RIGHT,
    VT_KEY_HOME, VT_KEY_END, VT_KEY_PAGEUP, VT_KEY_PAGEDOWN,
    VT_KEY_INSERT, VT_KEY_DELETE,
    VT_KEY_F1, VT_KEY_F2, VT_KEY_F3, VT_KEY_F4, VT_KEY_F5, VT_KEY_F6,
    VT_KEY_F7, VT_KEY_F8, VT_KEY_F9, VT_KEY_F10, VT_KEY_F11, VT_KEY_F12,
} vt_key_t;

/* Send a key the way the emulated terminal would in its current mode
 * (libvterm tracks DECCKM/keypad mode: Up is "\x1bOA" after ncurses'
 * keypad(stdscr, TRUE), "\x1b[A" otherwise). */
void vt_key(vt *t, vt_key_t key);

/* Type UTF-8 text, character by character through the emulator. */
void vt_type(vt *t, const char *utf8);

/* ---- output / waiting ------------------------------------------------- */

/* Read whatever the program has written, waiting at most timeout_ms for the
 * first byte (0: don't wait).  Returns false once the program's side of the
 * pty is closed (it exited) and nothing more will come. */
bool vt_pump(vt *t, int timeout_ms);

/* Wait until the text appears anywhere on the screen (within one row). */
bool vt_wait_text(vt *t, const char *utf8, int timeout_ms);
/* Wait until the text is nowhere on the screen. */
bool vt_wait_gone(vt *t, const char *utf8, int timeout_ms);
/* Wait until row `row` contains the text. */
bool vt_wait_row(vt *t, int row, const char *utf8, int timeout_ms);
/* Wait until pred(t, arg) is true; pred is evaluated on the current screen
 * before any waiting and after each batch of output. */
bool vt_wait_until(vt *t, bool (*pred)(vt *, void *), void *arg,
                   int timeout_ms);

/* Is the text on the screen now?  Where (first match, top to bottom)? */
bool vt_has_text(vt *t, const char *utf8);
bool vt_find_text(vt *t, const char *utf8, int *row, int *col);
/* Same, but search only rows first..last (inclusive; negative ok). */
bool vt_find_text_in(vt *t, const char *utf8, int first, int last,
                     int *row, int *col);

/* Did the program ever write these bytes (anywhere in all its output,
 * whether or not they are on the screen now)? */
bool vt_output_has(vt *t, const char *bytes);

/* ---- screen ----------------------------------------------------------- */

void vt_size(vt *t, int *rows, int *cols);
/* Resize: vterm_set_size, then TIOCSWINSZ on the master (the kernel sends
 * SIGWINCH to the program). */
void vt_resize(vt *t, int rows, int cols);

/* Whole screen as UTF-8, one line per row ("\n" after each), trailing
 * blanks trimmed.  Caller frees. */
char *vt_screen_text(vt *t);
/* One row as UTF-8, trailing blanks trimmed.  Caller frees. */
char *vt_row_text(vt *t, int row);

typedef struct {
    bool bold, underline, italic, blink, reverse, strike;
    /* -1: default colour; 0..255: palette index; 0x1000000 | 0xRRGGBB:
     * direct colour. */
    int fg, bg;
    int width;          /* 1, 2 (first half of a wide char), 0 (second half) */
    char text[32];      /* the cell's character(s) as UTF-8, "" if blank */
} vt_cell_t;

bool vt_cell(vt *t, int row, int col, vt_cell_t *out);
/* Does any cell of the row have the reverse attribute? */
bool vt_row_has_reverse(vt *t, int row);
/* Does any cell of the screen use a non-default colour? */
bool vt_screen_has_colour(vt *t);

void vt_cursor(vt *t, int *row, int *col);

/* Print the screen inside a border with row numbers, the cursor, the
 * process state and the last ~2 KB received (escaped). */
void vt_dump(vt *t, FILE *out);

/* ---- process ---------------------------------------------------------- */

/* Wait for the program to exit (pumping its output meanwhile).  Returns its
 * exit status, 128 + signal number if it was killed, -1 on timeout. */
int vt_wait_exit(vt *t, int timeout_ms);
bool vt_running(vt *t);
const char *vt_home(vt *t);
/* The pty master (non-blocking), to poll many terminals at once; read it
 * only through vt_pump. */
int vt_fd(vt *t);
/* The program's process id (e.g. to send it SIGHUP, as a dropped SSH
 * connection does). */
int vt_pid(vt *t);
const char *vt_label(vt *t);

/* ---- test helpers ----------------------------------------------------- */

/* A new temporary directory (removed at exit, also on E2E failure); caller
 * must not free.  NULL on failure. */
const char *e2e_tmpdir(void);
/* Recursively remove a directory tree. */
void e2e_rmtree(const char *path);
/* Monotonic milliseconds. */
long long e2e_now_ms(void);

/* Report a failure: message, then the dump of `t` (if any) and of every other
 * live terminal, to stderr; kill everything, clean up, exit(1). */
void e2e_fail(vt *t, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), noreturn));

void e2e_fail_check(vt *t, const char *file, int line, const char *cond,
                    const char *fmt, ...)
    __attribute__((format(printf, 5, 6), noreturn));

/* E2E_CHECK(t, cond, "printf format", args...): on failure report the
 * condition and the message, dump the screens, exit 1. */
#define E2E_CHECK(t, cond, ...)                                          \
    do {                                                                 \
        if (!(cond))                                                     \
            e2e_fail_check((t), __FILE__, __LINE__, #cond, __VA_ARGS__); \
    } while (0)

/* Wait for text with the default deadline, failing the test if it doesn't
 * appear / go away. */
#define E2E_WAIT_TEXT(t, text)                                           \
    do {                                                                 \
        const char *e2e_text_ = (text);                                  \
        int e2e_ms_ = vt_default_wait_ms();                              \
        if (!vt_wait_text((t), e2e_text_, e2e_ms_))                      \
            e2e_fail((t), __FILE__, __LINE__,                            \
                     "\"%s\" did not appear within %d ms", e2e_text_,    \
                     e2e_ms_);                                           \
    } while (0)
#define E2E_WAIT_GONE(t, text)                                           \
    do {                                                                 \
        const char *e2e_text_ = (text);                                  \
        int e2e_ms_ = vt_default_wait_ms();                              \
        if (!vt_wait_gone((t), e2e_text_, e2e_ms_))                      \
            e2e_fail((t), __FILE__, __LINE__,                            \
                     "\"%s\" still shown after %d ms", e2e_text_,        \
                     e2e_ms_);                                           \
    } while (0)

/* Table of named cases; e2e_main runs the one named by argv[1] (or lists
 * them).  Exit 0 pass, 1 fail, 77 skip (meson's convention). */
typedef struct {
    const char *name;
    void (*fn)(void);
} e2e_case;

int e2e_main(int argc, char **argv, const e2e_case *cases);
/* Skip the running case (exit 77) with a reason. */
void e2e_skip(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif
