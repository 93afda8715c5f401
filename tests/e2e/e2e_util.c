/* e2e_util.c — helpers the end-to-end tests share (not part of mamori):
 * running mamori without a terminal, and reading its CSV exports back. */
#include "e2e_util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vt.h"

void e2e_append(char **buf, size_t *len, const char *p, size_t n)
{
    char *q = realloc(*buf, *len + n + 1);
    if (!q)
        abort();
    memcpy(q + *len, p, n);
    *len += n;
    q[*len] = '\0';
    *buf = q;
}


csv_t csv_parse(const char *s)
{
    csv_t c = {0};
    if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    while (*s) {
        char **fields = NULL;
        int nf = 0;
        for (;;) {
            char *f = calloc(1, 1);
            size_t len = 0;
            if (*s == '"') {
                s++;
                while (*s) {
                    if (*s == '"' && s[1] == '"') {
                        e2e_append(&f, &len, "\"", 1);
                        s += 2;
                    } else if (*s == '"') {
                        s++;
                        break;
                    } else {
                        e2e_append(&f, &len, s++, 1);
                    }
                }
            }
            while (*s && *s != ',' && *s != '\r' && *s != '\n')
                e2e_append(&f, &len, s++, 1);
            fields = realloc(fields, (size_t)(nf + 1) * sizeof *fields);
            fields[nf++] = f;
            if (*s == ',') {
                s++;
                continue;
            }
            if (*s == '\r')
                s++;
            if (*s == '\n')
                s++;
            break;
        }
        c.rec = realloc(c.rec, (size_t)(c.nrec + 1) * sizeof *c.rec);
        c.nf = realloc(c.nf, (size_t)(c.nrec + 1) * sizeof *c.nf);
        c.rec[c.nrec] = fields;
        c.nf[c.nrec] = nf;
        c.nrec++;
    }
    return c;
}

void csv_free(csv_t *c)
{
    for (int r = 0; r < c->nrec; r++) {
        for (int k = 0; k < c->nf[r]; k++)
            free(c->rec[r][k]);
        free(c->rec[r]);
    }
    free(c->rec);
    free(c->nf);
    memset(c, 0, sizeof *c);
}

/* Data row `row` (1-based) under the header `title`; NULL if none. */
const char *csv_cell(const csv_t *c, int row, const char *title)
{
    if (c->nrec < 1 || row < 1 || row >= c->nrec)
        return NULL;
    for (int k = 0; k < c->nf[0]; k++)
        if (strcmp(c->rec[0][k], title) == 0)
            return k < c->nf[row] ? c->rec[row][k] : NULL;
    return NULL;
}

int csv_rows(const csv_t *c)
{
    return c->nrec > 0 ? c->nrec - 1 : 0;
}

/* How many data rows have exactly `want` under `title`. */
int csv_count(const csv_t *c, const char *title, const char *want)
{
    int n = 0;
    for (int r = 1; r < c->nrec; r++) {
        const char *v = csv_cell(c, r, title);
        if (v && strcmp(v, want) == 0)
            n++;
    }
    return n;
}

/* ---- running mamori without a terminal ------------------------------------ */

const char *mamori_bin(void)
{
    const char *bin = getenv("MAMORI_BIN");
    if (!bin || !*bin)
        e2e_skip("MAMORI_BIN is not set (run through meson test)");
    if (access(bin, X_OK) != 0)
        e2e_fail(NULL, __FILE__, __LINE__, "MAMORI_BIN=%s is not executable",
                 bin);
    return bin;
}

/* Output of a command run to completion. */

void run_free(run_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* mamori ARGS... (NULL-terminated) without a terminal: stdin /dev/null,
 * stdout and stderr captured; killed if it runs past the deadline. */
run_result run_mamori(const char *const args[])
{
    return run_mamori_as(NULL, args);
}

run_result run_mamori_as(bool (*in_child)(void), const char *const args[])
{
    const char *argv[24];
    int n = 0;
    argv[n++] = mamori_bin();
    for (int i = 0; args[i] && n < 23; i++)
        argv[n++] = args[i];
    argv[n] = NULL;

    run_result r = {-1, calloc(1, 1), calloc(1, 1)};
    int po[2], pe[2];
    E2E_CHECK(NULL, pipe(po) == 0 && pipe(pe) == 0, "pipe: %s",
              strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    E2E_CHECK(NULL, pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0)
            dup2(null, 0);
        dup2(po[1], 1);
        dup2(pe[1], 2);
        close(po[0]);
        close(pe[0]);
        close(po[1]);
        close(pe[1]);
        setenv("LANG", "C.UTF-8", 1);
        setenv("LC_ALL", "C.UTF-8", 1);
        unsetenv("MAMORI_LANG");
        if (in_child && !in_child()) {
            fprintf(stderr, "run_mamori_as: %s\n", strerror(errno));
            _exit(126);
        }
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    size_t lo = 0, le = 0;
    bool open_o = true, open_e = true;
    long long deadline = e2e_now_ms() + vt_default_wait_ms();
    while (open_o || open_e) {
        long long left = deadline - e2e_now_ms();
        if (left <= 0)
            break;
        struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
        if (!open_o)
            fds[0].fd = -1;
        if (!open_e)
            fds[1].fd = -1;
        int k = poll(fds, 2, (int)left);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        char b[4096];
        for (int i = 0; i < 2; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t got = read(fds[i].fd, b, sizeof b);
            if (got > 0) {
                if (i == 0)
                    e2e_append(&r.out, &lo, b, (size_t)got);
                else
                    e2e_append(&r.err, &le, b, (size_t)got);
            } else if (got == 0 || errno != EINTR) {
                if (i == 0)
                    open_o = false;
                else
                    open_e = false;
            }
        }
    }
    close(po[0]);
    close(pe[0]);
    int st;
    if (open_o || open_e) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        r.status = -1;
        return r;
    }
    /* Both pipes closed: the child is exiting. */
    pid_t w;
    while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
        ;
    if (w == pid)
        r.status = WIFEXITED(st) ? WEXITSTATUS(st)
                 : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
    return r;
}

vt *e2e_open(const char *db, const char *group, const char *activity, int rows, int cols)
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
    argv[n++] = "--open";
    argv[n++] = activity;
    argv[n++] = "--lang";
    argv[n++] = "ja";
    argv[n] = NULL;
    vt *t = vt_start(argv, NULL, rows, cols);
    E2E_CHECK(NULL, t != NULL, "starting %s", argv[0]);
    return t;
}
