/* bench_util.h — what the benchmarks share: the clock, settings from the
 * environment, a seeded pick, and running mamori for its set-up. */
#ifndef MAMORI_BENCH_UTIL_H
#define MAMORI_BENCH_UTIL_H

#include <stdint.h>

/* CLOCK_MONOTONIC in milliseconds. */
double bench_now_ms(void);
/* The whole number in the environment variable NAME, DEF when it is unset
 * or empty; outside LO..HI (or not a number) the program stops with a
 * one-line message naming the variable and the range (exit 2). */
int bench_env_int(const char *name, int def, int lo, int hi);
/* 0 .. N-1 from the xorshift state *STATE (the same sequence every run). */
unsigned bench_pick(uint64_t *state, unsigned n);
/* Runs BIN with ARGS (NULL-terminated; at most 22), MAMORI_LANG=ja and
 * LANG=C.UTF-8:
 * stdout to /dev/null and stderr as it is, or both to OUT_PATH. Its exit
 * status, 128 + the signal when one killed it, -1 when it could not start. */
int bench_run(const char *bin, const char *const args[], const char *out_path);

#endif
