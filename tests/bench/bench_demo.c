/*
 * bench_demo — how long the demo in progress takes to make and to open, next
 * to the empty demo measured in the same run (the baseline).
 *
 *   bench_demo MAMORI_BIN [RUNS]
 *
 * 1. In process: store_create + demo_populate (the empty demo) against the
 *    same + demo_fill (the demo in progress); medians of RUNS (default 7).
 * 2. The real binary in a pty: `mamori --demo --db NEW` until the agenda is
 *    on screen, against `mamori --demo --empty --db NEW`; and a second start
 *    on the file the first one made (what every later `./build.sh demo` is).
 * Prints milliseconds and ratios; the target is "well under a second".
 */
#include "vt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"
#include "demo_fill.h"
#include "store.h"

static int cmp(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static long long median(long long *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return v[n / 2];
}

static long long make(const char *dir, int k, bool fill)
{
    char path[700];
    snprintf(path, sizeof path, "%s/m%d%s.db", dir, k, fill ? "f" : "e");
    long long t0 = e2e_now_ms();
    store *st = NULL;
    mm_error err;
    if (store_create(path, &st, &err) != MM_OK || demo_populate(st, &err) != MM_OK
        || (fill && demo_fill(st, &err) != MM_OK)) {
        fprintf(stderr, "bench_demo: %s\n", err.msg);
        exit(1);
    }
    store_close(st);
    return e2e_now_ms() - t0;
}

/* mamori --demo [--empty] --db PATH until the agenda shows; ms. */
static long long open_demo(const char *bin, const char *path, bool empty)
{
    const char *argv[] = {bin, "--demo", "--db", path, empty ? "--empty" : NULL, NULL};
    long long t0 = e2e_now_ms();
    vt *t = vt_start(argv, NULL, 40, 120);
    if (!t || !vt_wait_text(t, "アジェンダ", 20000)) {
        fprintf(stderr, "bench_demo: the agenda did not show\n");
        exit(1);
    }
    long long ms = e2e_now_ms() - t0;
    vt_free(t);
    return ms;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_demo MAMORI_BIN [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    if (runs < 1 || runs > 100)
        runs = 7;
    const char *dir = e2e_tmpdir();
    long long *e = calloc((size_t)runs, sizeof *e), *f = calloc((size_t)runs, sizeof *f);
    long long *pe = calloc((size_t)runs, sizeof *pe), *pf = calloc((size_t)runs, sizeof *pf);
    long long *again = calloc((size_t)runs, sizeof *again);
    for (int k = 0; k < runs; k++) {
        e[k] = make(dir, k, false);
        f[k] = make(dir, k, true);
        char pathe[700], pathf[700];
        snprintf(pathe, sizeof pathe, "%s/p%de.db", dir, k);
        snprintf(pathf, sizeof pathf, "%s/p%df.db", dir, k);
        pe[k] = open_demo(argv[1], pathe, true);
        pf[k] = open_demo(argv[1], pathf, false);
        again[k] = open_demo(argv[1], pathf, false);
    }
    long long me = median(e, runs), mf = median(f, runs);
    long long mpe = median(pe, runs), mpf = median(pf, runs), ma = median(again, runs);
    printf("demo, median of %d runs\n", runs);
    printf("  make in process: empty %lld ms, in progress %lld ms (ratio %.1f)\n", me, mf,
           me ? (double)mf / (double)me : 0.0);
    printf("  first start to the agenda: --empty %lld ms, in progress %lld ms (ratio %.1f)\n",
           mpe, mpf, mpe ? (double)mpf / (double)mpe : 0.0);
    printf("  later start (file exists): %lld ms (ratio to the first empty start %.1f)\n", ma,
           mpe ? (double)ma / (double)mpe : 0.0);
    printf("  target: the demo in progress opens in well under 1000 ms: %s\n",
           mpf < 1000 ? "yes" : "NO");
    free(e);
    free(f);
    free(pe);
    free(pf);
    free(again);
    return 0;
}
