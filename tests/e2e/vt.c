/*
 * vt: end-to-end test harness -- a program in a pty, its screen in libvterm.
 * See vt.h.
 */
#include "vt.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

extern char **environ;

#define RAW_KEEP 2048          /* bytes of raw output kept for dumps */
#define MAX_LIVE 128           /* terminals alive at once (the load benchmark runs 60) */
#define MAX_TMPDIRS 32
#define SETTLE_MS 60           /* quiet period before a negative wait holds */

struct vt {
    pid_t pid;
    int fd;
    VTerm *term;
    VTermScreen *screen;
    int rows, cols;
    bool eof;                  /* master read returned EOF/EIO */
    bool reaped;
    int exit_code;             /* valid when reaped */
    char *out;                 /* bytes libvterm wants to send to the child */
    size_t out_len, out_cap;
    unsigned char raw[RAW_KEEP];
    size_t raw_total;          /* bytes ever received */
    char *all;                 /* every byte received, for vt_output_has */
    size_t all_len, all_cap;
    char home[64];
    char label[256];
};

/* ---- registry of live terminals and temporary directories -------------- */

static vt *live[MAX_LIVE];
static volatile pid_t live_pids[MAX_LIVE];
static char *tmpdirs[MAX_TMPDIRS];
static bool registry_ready;

static void cleanup_at_exit(void)
{
    for (int i = 0; i < MAX_LIVE; i++)
        if (live[i])
            vt_free(live[i]);
    for (int i = 0; i < MAX_TMPDIRS; i++) {
        if (tmpdirs[i]) {
            e2e_rmtree(tmpdirs[i]);
            free(tmpdirs[i]);
            tmpdirs[i] = NULL;
        }
    }
}

/* Killed by meson's timeout or ^C: the children sit in their own sessions,
 * so take them down too (only async-signal-safe calls here). */
static void on_fatal_signal(int sig)
{
    for (int i = 0; i < MAX_LIVE; i++)
        if (live_pids[i] > 0)
            kill(live_pids[i], SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void registry_init(void)
{
    if (registry_ready)
        return;
    registry_ready = true;
    atexit(cleanup_at_exit);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static void registry_add(vt *t)
{
    registry_init();
    for (int i = 0; i < MAX_LIVE; i++) {
        if (!live[i]) {
            live[i] = t;
            live_pids[i] = t->pid;
            return;
        }
    }
    fprintf(stderr, "vt: more than %d live terminals\n", MAX_LIVE);
}

static void registry_remove(vt *t)
{
    for (int i = 0; i < MAX_LIVE; i++) {
        if (live[i] == t) {
            live_pids[i] = 0;
            live[i] = NULL;
        }
    }
}

static void registry_forget_pid(vt *t)
{
    for (int i = 0; i < MAX_LIVE; i++)
        if (live[i] == t)
            live_pids[i] = 0;
}

/* ---- small utilities ---------------------------------------------------- */

long long e2e_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int vt_default_wait_ms(void)
{
    const char *s = getenv("E2E_WAIT_MS");
    if (s && *s) {
        int v = atoi(s);
        if (v > 0)
            return v;
    }
    return VT_WAIT_MS_DEFAULT;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void e2e_rmtree(const char *path)
{
    if (path && *path)
        nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static bool make_tmpdir(char *buf, size_t cap, const char *prefix)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    int n = snprintf(buf, cap, "%s/%s-XXXXXX", base, prefix);
    if (n < 0 || (size_t)n >= cap)
        return false;
    return mkdtemp(buf) != NULL;
}

const char *e2e_tmpdir(void)
{
    registry_init();
    for (int i = 0; i < MAX_TMPDIRS; i++) {
        if (!tmpdirs[i]) {
            char buf[512];
            if (!make_tmpdir(buf, sizeof buf, "mamori-e2e")) {
                perror("e2e: mkdtemp");
                return NULL;
            }
            tmpdirs[i] = strdup(buf);
            return tmpdirs[i];
        }
    }
    fprintf(stderr, "e2e: too many temporary directories\n");
    return NULL;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "vt: out of memory\n");
        abort();
    }
    return q;
}

static size_t utf8_encode(uint32_t c, char *out)
{
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Decode one UTF-8 sequence; returns its length (>= 1), U+FFFD if bad. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    unsigned char b = s[0];
    size_t n;
    uint32_t c;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if ((b & 0xE0) == 0xC0) {
        n = 2;
        c = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
        n = 3;
        c = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
        n = 4;
        c = b & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return i;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *cp = c;
    return n;
}

/* ---- talking to the child ----------------------------------------------- */

/* libvterm's output (key sequences, answers to queries) is queued here and
 * written to the pty outside libvterm calls. */
static void output_cb(const char *s, size_t len, void *user)
{
    vt *t = user;
    if (t->out_len + len > t->out_cap) {
        t->out_cap = (t->out_len + len) * 2 + 64;
        t->out = xrealloc(t->out, t->out_cap);
    }
    memcpy(t->out + t->out_len, s, len);
    t->out_len += len;
}

static void flush_out(vt *t)
{
    size_t off = 0;
    long long deadline = e2e_now_ms() + 2000;
    while (off < t->out_len) {
        ssize_t n = write(t->fd, t->out + off, t->out_len - off);
        if (n > 0) {
            off += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN) {
            long long rem = deadline - e2e_now_ms();
            if (rem <= 0) {
                fprintf(stderr, "vt: %s: input not accepted, %zu bytes "
                        "dropped\n", t->label, t->out_len - off);
                break;
            }
            struct pollfd p = {.fd = t->fd, .events = POLLOUT};
            poll(&p, 1, (int)rem);
        } else {
            break;              /* EIO: the child is gone */
        }
    }
    t->out_len = 0;
}

static void feed(vt *t, const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        t->raw[(t->raw_total + i) % RAW_KEEP] = (unsigned char)buf[i];
    t->raw_total += n;
    if (t->all_len + n + 1 > t->all_cap) {
        size_t cap = t->all_cap ? t->all_cap * 2 : 65536;
        while (cap < t->all_len + n + 1)
            cap *= 2;
        char *p = realloc(t->all, cap);
        if (!p)
            abort();
        t->all = p;
        t->all_cap = cap;
    }
    memcpy(t->all + t->all_len, buf, n);
    t->all_len += n;
    t->all[t->all_len] = '\0';
    vterm_input_write(t->term, buf, n);
}

bool vt_pump(vt *t, int timeout_ms)
{
    if (t->eof)
        return false;
    struct pollfd p = {.fd = t->fd, .events = POLLIN};
    int r = poll(&p, 1, timeout_ms < 0 ? 0 : timeout_ms);
    if (r <= 0)
        return true;            /* timeout or EINTR */
    char buf[8192];
    for (;;) {
        ssize_t n = read(t->fd, buf, sizeof buf);
        if (n > 0) {
            feed(t, buf, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        t->eof = true;          /* 0 or EIO: slave side closed */
        break;
    }
    flush_out(t);
    return !t->eof;
}

void vt_send(vt *t, const char *bytes)
{
    output_cb(bytes, strlen(bytes), t);
    flush_out(t);
}

void vt_key(vt *t, vt_key_t key)
{
    VTermKey k = VTERM_KEY_NONE;
    switch (key) {
    case VT_KEY_ENTER: k = VTERM_KEY_ENTER; break;
    case VT_KEY_ESC: k = VTERM_KEY_ESCAPE; break;
    case VT_KEY_TAB: k = VTERM_KEY_TAB; break;
    case VT_KEY_BACKSPACE: k = VTERM_KEY_BACKSPACE; break;
    case VT_KEY_UP: k = VTERM_KEY_UP; break;
    case VT_KEY_DOWN: k = VTERM_KEY_DOWN; break;
    case VT_KEY_LEFT: k = VTERM_KEY_LEFT; break;
    case VT_KEY_RIGHT: k = VTERM_KEY_RIGHT; break;
    case VT_KEY_HOME: k = VTERM_KEY_HOME; break;
    case VT_KEY_END: k = VTERM_KEY_END; break;
    case VT_KEY_PAGEUP: k = VTERM_KEY_PAGEUP; break;
    case VT_KEY_PAGEDOWN: k = VTERM_KEY_PAGEDOWN; break;
    case VT_KEY_INSERT: k = VTERM_KEY_INS; break;
    case VT_KEY_DELETE: k = VTERM_KEY_DEL; break;
    default:
        if (key >= VT_KEY_F1 && key <= VT_KEY_F12)
            k = (VTermKey)VTERM_KEY_FUNCTION(1 + (key - VT_KEY_F1));
        break;
    }
    if (k == VTERM_KEY_NONE)
        return;
    vterm_keyboard_key(t->term, k, VTERM_MOD_NONE);
    flush_out(t);
}

void vt_type(vt *t, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    while (*s) {
        uint32_t c;
        s += utf8_decode(s, &c);
        vterm_keyboard_unichar(t->term, c, VTERM_MOD_NONE);
    }
    flush_out(t);
}

/* ---- starting and stopping ---------------------------------------------- */

static bool env_dropped(const char *entry)
{
    static const char *const drop[] = {
        "TERM", "LANG", "LANGUAGE", "LC_ALL", "TZ", "HOME", "NO_COLOR",
        "LINES", "COLUMNS", "COLORTERM", "TMUX", "STY", "TERMINFO",
        "TERMINFO_DIRS", "TERMCAP", "ESCDELAY", "TERM_PROGRAM", NULL,
    };
    if (strncmp(entry, "LC_", 3) == 0)
        return true;
    size_t len = strcspn(entry, "=");
    for (int i = 0; drop[i]; i++)
        if (strlen(drop[i]) == len && strncmp(entry, drop[i], len) == 0)
            return true;
    return false;
}

/* Set NAME=value in a NULL-terminated, malloc'd envp of capacity *cap. */
static char **env_put(char **envp, size_t *n, size_t *cap, const char *kv)
{
    size_t len = strcspn(kv, "=");
    for (size_t i = 0; i < *n; i++) {
        if (strncmp(envp[i], kv, len) == 0 && envp[i][len] == '=') {
            free(envp[i]);
            envp[i] = strdup(kv);
            return envp;
        }
    }
    if (*n + 2 > *cap) {
        *cap = (*n + 2) * 2;
        envp = xrealloc(envp, *cap * sizeof *envp);
    }
    envp[(*n)++] = strdup(kv);
    envp[*n] = NULL;
    return envp;
}

static void env_free(char **envp)
{
    if (!envp)
        return;
    for (size_t i = 0; envp[i]; i++)
        free(envp[i]);
    free(envp);
}

vt *vt_start(const char *const argv[], const char *const env_extra[],
             int rows, int cols)
{
    if (!argv || !argv[0] || rows < 1 || cols < 1) {
        fprintf(stderr, "vt_start: bad arguments\n");
        return NULL;
    }
    vt *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->fd = -1;
    t->pid = -1;
    t->rows = rows;
    t->cols = cols;

    size_t off = 0;
    for (int i = 0; argv[i] && off + 1 < sizeof t->label; i++) {
        int w = snprintf(t->label + off, sizeof t->label - off, "%s%s",
                         i ? " " : "", argv[i]);
        if (w < 0)
            break;
        off += (size_t)w;
    }

    if (!make_tmpdir(t->home, sizeof t->home, "mamori-e2e-home")) {
        perror("vt_start: mkdtemp");
        free(t);
        return NULL;
    }

    /* The child's environment, built before fork. */
    size_t n = 0, cap = 16;
    char **envp = xrealloc(NULL, cap * sizeof *envp);
    envp[0] = NULL;
    for (char **e = environ; e && *e; e++)
        if (!env_dropped(*e))
            envp = env_put(envp, &n, &cap, *e);
    char homekv[128];
    snprintf(homekv, sizeof homekv, "HOME=%s", t->home);
    const char *pinned[] = {
        "TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TZ=UTC",
        homekv, NULL,
    };
    for (int i = 0; pinned[i]; i++)
        envp = env_put(envp, &n, &cap, pinned[i]);
    for (int i = 0; env_extra && env_extra[i]; i++) {
        if (!strchr(env_extra[i], '=')) {
            fprintf(stderr, "vt_start: env entry without '=': %s\n",
                    env_extra[i]);
            continue;
        }
        envp = env_put(envp, &n, &cap, env_extra[i]);
    }

    t->term = vterm_new(rows, cols);
    vterm_set_utf8(t->term, 1);
    vterm_output_set_callback(t->term, output_cb, t);
    t->screen = vterm_obtain_screen(t->term);
    vterm_screen_enable_altscreen(t->screen, 1);
    vterm_screen_reset(t->screen, 1);

    /* forkpty sets the window size on the slave before the fork, so the
     * program sees rows x cols from its first instruction. */
    struct winsize ws = {.ws_row = (unsigned short)rows,
                         .ws_col = (unsigned short)cols};
    fflush(NULL);
    pid_t pid = forkpty(&t->fd, NULL, NULL, &ws);
    if (pid < 0) {
        perror("vt_start: forkpty");
        env_free(envp);
        vterm_free(t->term);
        e2e_rmtree(t->home);
        free(t);
        return NULL;
    }
    if (pid == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGHUP, &sa, NULL);
        sigaction(SIGPIPE, &sa, NULL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        execvpe(argv[0], (char *const *)argv, envp);
        dprintf(2, "vt: cannot exec %s: %s\r\n", argv[0], strerror(errno));
        _exit(127);
    }
    env_free(envp);
    t->pid = pid;
    fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
    fcntl(t->fd, F_SETFD, FD_CLOEXEC);
    registry_add(t);
    return t;
}

static int decode_status(int st)
{
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return -1;
}

static bool try_reap(vt *t)
{
    if (t->reaped)
        return true;
    int st;
    pid_t r = waitpid(t->pid, &st, WNOHANG);
    if (r == t->pid) {
        t->reaped = true;
        t->exit_code = decode_status(st);
        registry_forget_pid(t);
        return true;
    }
    if (r < 0 && errno == ECHILD) {
        t->reaped = true;
        t->exit_code = -1;
        registry_forget_pid(t);
        return true;
    }
    return false;
}

int vt_wait_exit(vt *t, int timeout_ms)
{
    long long deadline = e2e_now_ms() + timeout_ms;
    for (;;) {
        if (try_reap(t)) {
            while (vt_pump(t, 0) && !t->eof) {
                struct pollfd p = {.fd = t->fd, .events = POLLIN};
                if (poll(&p, 1, 0) <= 0)
                    break;
            }
            return t->exit_code;
        }
        long long rem = deadline - e2e_now_ms();
        if (rem <= 0)
            return -1;
        int step = rem < 20 ? (int)rem : 20;
        if (!t->eof)
            vt_pump(t, step);
        else
            poll(NULL, 0, step);
    }
}

bool vt_running(vt *t)
{
    return !try_reap(t);
}

void vt_free(vt *t)
{
    if (!t)
        return;
    if (!try_reap(t)) {
        kill(t->pid, SIGTERM);
        if (vt_wait_exit(t, 1000) == -1 && !t->reaped) {
            kill(t->pid, SIGKILL);
            int st;
            if (waitpid(t->pid, &st, 0) == t->pid)
                t->exit_code = decode_status(st);
            t->reaped = true;
        }
    }
    registry_remove(t);
    if (t->fd >= 0)
        close(t->fd);
    vterm_free(t->term);
    e2e_rmtree(t->home);
    free(t->out);
    free(t->all);
    free(t);
}

const char *vt_home(vt *t) { return t->home; }
int vt_fd(vt *t) { return t->fd; }
int vt_pid(vt *t) { return (int)t->pid; }
const char *vt_label(vt *t) { return t->label; }

/* ---- the screen ----------------------------------------------------------- */

static int norm_row(vt *t, int row)
{
    if (row < 0)
        row += t->rows;
    return row;
}

static bool valid_pos(vt *t, int row, int col)
{
    return row >= 0 && row < t->rows && col >= 0 && col < t->cols;
}

/* Render one row as UTF-8 into a malloc'd string, exactly `cols` display
 * columns wide (blank cells as spaces, the second half of a wide character
 * skipped).  If colmap is non-NULL it receives a malloc'd array giving, for
 * each byte, the cell column it belongs to. */
static char *render_row(vt *t, int row, int **colmap, size_t *lenp)
{
    size_t cap = (size_t)t->cols * VTERM_MAX_CHARS_PER_CELL * 4 + 1;
    char *s = xrealloc(NULL, cap);
    int *map = colmap ? xrealloc(NULL, cap * sizeof *map) : NULL;
    size_t len = 0;
    for (int col = 0; col < t->cols; col++) {
        VTermScreenCell cell;
        memset(&cell, 0, sizeof cell);
        vterm_screen_get_cell(t->screen, (VTermPos){.row = row, .col = col},
                              &cell);
        size_t start = len;
        if (cell.chars[0] == (uint32_t)-1)
            continue;           /* right half of a wide character */
        if (cell.chars[0] == 0) {
            s[len++] = ' ';
        } else {
            for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i];
                 i++)
                len += utf8_encode(cell.chars[i], s + len);
        }
        if (map)
            for (size_t b = start; b < len; b++)
                map[b] = col;
    }
    s[len] = '\0';
    if (map)
        map[len] = t->cols;
    if (colmap)
        *colmap = map;
    if (lenp)
        *lenp = len;
    return s;
}

static void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
}

char *vt_row_text(vt *t, int row)
{
    row = norm_row(t, row);
    if (row < 0 || row >= t->rows)
        return strdup("");
    char *s = render_row(t, row, NULL, NULL);
    rtrim(s);
    return s;
}

char *vt_screen_text(vt *t)
{
    size_t len = 0, cap = 256;
    char *out = xrealloc(NULL, cap);
    for (int r = 0; r < t->rows; r++) {
        char *row = vt_row_text(t, r);
        size_t n = strlen(row);
        if (len + n + 2 > cap) {
            cap = (len + n + 2) * 2;
            out = xrealloc(out, cap);
        }
        memcpy(out + len, row, n);
        len += n;
        out[len++] = '\n';
        free(row);
    }
    out[len] = '\0';
    return out;
}

bool vt_find_text_in(vt *t, const char *utf8, int first, int last,
                     int *rowp, int *colp)
{
    first = norm_row(t, first);
    last = norm_row(t, last);
    if (first < 0)
        first = 0;
    if (last >= t->rows)
        last = t->rows - 1;
    for (int r = first; r <= last; r++) {
        int *map;
        char *s = render_row(t, r, &map, NULL);
        const char *hit = strstr(s, utf8);
        if (hit) {
            if (rowp)
                *rowp = r;
            if (colp)
                *colp = map[hit - s];
            free(s);
            free(map);
            return true;
        }
        free(s);
        free(map);
    }
    return false;
}

bool vt_find_text(vt *t, const char *utf8, int *row, int *col)
{
    return vt_find_text_in(t, utf8, 0, t->rows - 1, row, col);
}

bool vt_has_text(vt *t, const char *utf8)
{
    return vt_find_text(t, utf8, NULL, NULL);
}

void vt_size(vt *t, int *rows, int *cols)
{
    if (rows)
        *rows = t->rows;
    if (cols)
        *cols = t->cols;
}

void vt_resize(vt *t, int rows, int cols)
{
    t->rows = rows;
    t->cols = cols;
    vterm_set_size(t->term, rows, cols);
    struct winsize ws = {.ws_row = (unsigned short)rows,
                         .ws_col = (unsigned short)cols};
    if (ioctl(t->fd, TIOCSWINSZ, &ws) < 0)
        perror("vt_resize: TIOCSWINSZ");
    flush_out(t);
}

static int colour_value(vt *t, VTermColor c, bool fg)
{
    if (fg ? VTERM_COLOR_IS_DEFAULT_FG(&c) : VTERM_COLOR_IS_DEFAULT_BG(&c))
        return -1;
    if (VTERM_COLOR_IS_INDEXED(&c))
        return c.indexed.idx;
    (void)t;
    return 0x1000000 | (c.rgb.red << 16) | (c.rgb.green << 8) | c.rgb.blue;
}

bool vt_cell(vt *t, int row, int col, vt_cell_t *out)
{
    row = norm_row(t, row);
    memset(out, 0, sizeof *out);
    if (!valid_pos(t, row, col))
        return false;
    VTermScreenCell cell;
    memset(&cell, 0, sizeof cell);
    vterm_screen_get_cell(t->screen, (VTermPos){.row = row, .col = col},
                          &cell);
    out->bold = cell.attrs.bold;
    out->underline = cell.attrs.underline != 0;
    out->italic = cell.attrs.italic;
    out->blink = cell.attrs.blink;
    out->reverse = cell.attrs.reverse;
    out->strike = cell.attrs.strike;
    out->fg = colour_value(t, cell.fg, true);
    out->bg = colour_value(t, cell.bg, false);
    if (cell.chars[0] == (uint32_t)-1) {
        out->width = 0;
        return true;
    }
    out->width = cell.width;
    size_t len = 0;
    for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i] &&
                    len + 4 < sizeof out->text; i++)
        len += utf8_encode(cell.chars[i], out->text + len);
    out->text[len] = '\0';
    return true;
}

bool vt_row_has_reverse(vt *t, int row)
{
    row = norm_row(t, row);
    for (int c = 0; c < t->cols; c++) {
        vt_cell_t cell;
        if (vt_cell(t, row, c, &cell) && cell.reverse)
            return true;
    }
    return false;
}

bool vt_screen_has_colour(vt *t)
{
    for (int r = 0; r < t->rows; r++)
        for (int c = 0; c < t->cols; c++) {
            vt_cell_t cell;
            if (vt_cell(t, r, c, &cell) && (cell.fg != -1 || cell.bg != -1))
                return true;
        }
    return false;
}

void vt_cursor(vt *t, int *row, int *col)
{
    VTermPos pos;
    vterm_state_get_cursorpos(vterm_obtain_state(t->term), &pos);
    if (row)
        *row = pos.row;
    if (col)
        *col = pos.col;
}

/* ---- waiting -------------------------------------------------------------- */

/* Wait until pred holds.  With settle_ms > 0 it must also still hold after
 * settle_ms without new output (for "gone" conditions, which a half-drawn
 * frame can fake). */
static bool wait_cond(vt *t, bool (*pred)(vt *, void *), void *arg,
                      int timeout_ms, int settle_ms)
{
    long long deadline = e2e_now_ms() + timeout_ms;
    for (;;) {
        /* Take in whatever has already arrived before judging. */
        while (!t->eof) {
            struct pollfd p = {.fd = t->fd, .events = POLLIN};
            if (poll(&p, 1, 0) <= 0)
                break;
            vt_pump(t, 0);
        }
        if (pred(t, arg)) {
            if (settle_ms <= 0 || t->eof)
                return true;
            long long rem = deadline - e2e_now_ms();
            int wait = rem < settle_ms ? (int)(rem > 0 ? rem : 0) : settle_ms;
            struct pollfd p = {.fd = t->fd, .events = POLLIN};
            if (poll(&p, 1, wait) == 0)
                return true;    /* quiet: the condition is stable */
            continue;           /* more output: re-judge */
        }
        long long rem = deadline - e2e_now_ms();
        if (rem <= 0 || t->eof)
            return false;
        vt_pump(t, (int)rem);
    }
}

bool vt_wait_until(vt *t, bool (*pred)(vt *, void *), void *arg,
                   int timeout_ms)
{
    return wait_cond(t, pred, arg, timeout_ms, 0);
}

static bool pred_has(vt *t, void *arg)
{
    return vt_has_text(t, arg);
}

static bool pred_gone(vt *t, void *arg)
{
    return !vt_has_text(t, arg);
}

struct row_arg {
    int row;
    const char *text;
};

static bool pred_row(vt *t, void *arg)
{
    struct row_arg *a = arg;
    return vt_find_text_in(t, a->text, a->row, a->row, NULL, NULL);
}

bool vt_wait_text(vt *t, const char *utf8, int timeout_ms)
{
    return wait_cond(t, pred_has, (void *)utf8, timeout_ms, 0);
}

bool vt_wait_gone(vt *t, const char *utf8, int timeout_ms)
{
    return wait_cond(t, pred_gone, (void *)utf8, timeout_ms, SETTLE_MS);
}

bool vt_wait_row(vt *t, int row, const char *utf8, int timeout_ms)
{
    struct row_arg a = {.row = row, .text = utf8};
    return wait_cond(t, pred_row, &a, timeout_ms, 0);
}

/* ---- dumping -------------------------------------------------------------- */

static void dump_raw(vt *t, FILE *out)
{
    size_t n = t->raw_total < RAW_KEEP ? t->raw_total : RAW_KEEP;
    size_t start = t->raw_total - n;
    fprintf(out, "--- last %zu of %zu bytes received (escaped) ---\n", n,
            t->raw_total);
    bool skipping = start > 0;  /* don't start inside a UTF-8 sequence */
    int col = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = t->raw[(start + i) % RAW_KEEP];
        if (skipping && (c & 0xC0) == 0x80)
            continue;
        skipping = false;
        if (c == '\n') {
            fputs("\\n\n", out);
            col = 0;
            continue;
        }
        if (c == 0x1b)
            col += fprintf(out, "\\e");
        else if (c == '\r')
            col += fprintf(out, "\\r");
        else if (c == '\\')
            col += fprintf(out, "\\\\");
        else if (c < 0x20 || c == 0x7f)
            col += fprintf(out, "\\x%02x", c);
        else {
            fputc(c, out);
            if ((c & 0xC0) != 0x80)
                col++;
        }
        if (col >= 100) {
            fputc('\n', out);
            col = 0;
        }
    }
    if (col)
        fputc('\n', out);
    fputs("--- end ---\n", out);
}

void vt_dump(vt *t, FILE *out)
{
    if (!t)
        return;
    /* Take in anything already sent so the dump is current. */
    while (!t->eof) {
        struct pollfd p = {.fd = t->fd, .events = POLLIN};
        if (poll(&p, 1, 0) <= 0)
            break;
        vt_pump(t, 0);
    }
    /* The pty closed: the program is exiting; get its status. */
    if (t->eof && !t->reaped)
        vt_wait_exit(t, 1000);
    bool running = !try_reap(t);
    fprintf(out, "=== screen of `%s` (%dx%d), pid %d, ", t->label, t->cols,
            t->rows, (int)t->pid);
    if (running)
        fprintf(out, "running ===\n");
    else
        fprintf(out, "exited with status %d ===\n", t->exit_code);
    fputs("    +", out);
    for (int c = 0; c < t->cols; c++)
        fputc('-', out);
    fputs("+\n", out);
    for (int r = 0; r < t->rows; r++) {
        char *s = render_row(t, r, NULL, NULL);
        fprintf(out, "%3d |%s|%s\n", r, s,
                vt_row_has_reverse(t, r) ? " (reverse)" : "");
        free(s);
    }
    fputs("    +", out);
    for (int c = 0; c < t->cols; c++)
        fputc('-', out);
    fputs("+\n", out);
    int cr, cc;
    vt_cursor(t, &cr, &cc);
    fprintf(out, "cursor at row %d, col %d\n", cr, cc);
    dump_raw(t, out);
    fflush(out);
}

/* ---- test layer ------------------------------------------------------------ */

static void dump_all(vt *first)
{
    if (first)
        vt_dump(first, stderr);
    for (int i = 0; i < MAX_LIVE; i++)
        if (live[i] && live[i] != first)
            vt_dump(live[i], stderr);
}

static void vfail(vt *t, const char *file, int line, const char *cond,
                  const char *fmt, va_list ap)
{
    fflush(stdout);
    fprintf(stderr, "%s:%d: FAIL: ", file, line);
    if (cond)
        fprintf(stderr, "check failed: %s: ", cond);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    dump_all(t);
    exit(1);
}

void e2e_fail(vt *t, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(t, file, line, NULL, fmt, ap);
    va_end(ap);
    exit(1);
}

void e2e_fail_check(vt *t, const char *file, int line, const char *cond,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(t, file, line, cond, fmt, ap);
    va_end(ap);
    exit(1);
}

void e2e_skip(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stdout, "SKIP: ");
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    exit(77);
}

static int run_forked(const e2e_case *c)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        c->fn();
        exit(0);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return decode_status(st);
}

int e2e_main(int argc, char **argv, const e2e_case *cases)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 2 && strcmp(argv[1], "--list") == 0) {
        for (const e2e_case *c = cases; c->name; c++)
            printf("%s\n", c->name);
        return 0;
    }
    if (argc >= 2) {
        for (const e2e_case *c = cases; c->name; c++) {
            if (strcmp(c->name, argv[1]) == 0) {
                registry_init();
                printf("case %s\n", c->name);
                c->fn();
                printf("PASS %s\n", c->name);
                return 0;
            }
        }
        fprintf(stderr, "%s: no case named '%s' (try --list)\n", argv[0],
                argv[1]);
        return 2;
    }
    /* No argument: run every case in its own process. */
    int passed = 0, failed = 0, skipped = 0;
    for (const e2e_case *c = cases; c->name; c++) {
        long long t0 = e2e_now_ms();
        int rc = run_forked(c);
        const char *what = rc == 0 ? "PASS" : rc == 77 ? "SKIP" : "FAIL";
        printf("%s %s (%lld ms)\n", what, c->name, e2e_now_ms() - t0);
        if (rc == 0)
            passed++;
        else if (rc == 77)
            skipped++;
        else
            failed++;
    }
    printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}

bool vt_output_has(vt *t, const char *bytes)
{
    return t->all && memmem(t->all, t->all_len, bytes, strlen(bytes)) != NULL;
}
