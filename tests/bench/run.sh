#!/usr/bin/env bash
# run.sh — build and run the table benchmark (tests/bench/bench_table.c).
#   tests/bench/run.sh [BUILD_DIR]     default BUILD_DIR: build (made if missing)
# BENCH_REPS, BENCH_ROWS, BENCH_ONLY=small|large and BENCH_KEEP=1 pass through.
# Exit status: 0 every target met, 1 a target missed, 2 the run failed.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" >/dev/null
fi
ninja -C "$BUILD" mamori tests/bench/bench_table tests/bench/bench_bare >/dev/null
exec "$BUILD/tests/bench/bench_table" "$BUILD/mamori" "$BUILD/tests/bench/bench_bare"
