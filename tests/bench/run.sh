#!/usr/bin/env bash
# run.sh — build and run the benchmarks.
#   tests/bench/run.sh [BUILD_DIR] [table|table-100k|load|refresh|import|crash|all]
#     BUILD_DIR  default build (made if missing)
#     table      (default) the 10,000-row table next to bare ncurses
#                (tests/bench/bench_table.c), then mamori's sort, search as
#                you type and another terminal's new row, and VisiData on
#                the same rows where it is installed (`vd`; skipped with a
#                message when not); BENCH_REPS, BENCH_ROWS, BENCH_ONLY=small|
#                large, BENCH_KEEP=1, BENCH_DIR=KEPT_DIR (measure again on a
#                kept database) and BENCH_NO_OPS=1 pass through.
#                Exit 0 every target met, 1 a target missed, 2 the run failed.
#     table-100k the same at 100,000 rows (issue 13; importing them takes a
#                minute or two: BENCH_KEEP=1 then BENCH_DIR=... to repeat).
#     load       60 terminals (10 groups x 6 `mamori --group N` in ptys) typing
#                into one database for 60 s with a CLI export every 3 s
#                (tests/bench/bench_load.c); LOAD_TERMINALS, LOAD_SECONDS, ...
#                pass through.  Exit 0: 0 lost edits and 0 errors.
#     refresh    60 terminals on one table: another process's edit timed until
#                it is on every screen (p50/p95/p99) and the idle CPU per
#                terminal, with the 200 ms poll (MAMORI_NO_INOTIFY=1) and with
#                inotify (tests/bench/bench_refresh.c); REFRESH_TERMINALS,
#                REFRESH_EDITS, ... pass through.  Exit 0: inotify's p95
#                <= 50 ms.
#     import     `mamori import` of 10 rows into an empty sheet and appended
#                to a 100,000-row sheet: time, CPU, peak RSS and the ratios
#                (tests/bench/bench_import.c); IMPORT_BIG, IMPORT_SMALL,
#                BENCH_REPS pass through.  Exit 0: the large case within 2x
#                of the empty one in time and peak RSS.
#     crash      100 rounds of SIGKILL mid-write (tests/stress/crash.c).
#     all        the five, in that order; the worst exit status.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
WHICH=${2:-table}
if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" >/dev/null
fi
run_table() {
	ninja -C "$BUILD" mamori tests/bench/bench_table tests/bench/bench_bare >/dev/null
	"$BUILD/tests/bench/bench_table" "$BUILD/mamori" "$BUILD/tests/bench/bench_bare"
}
run_table_100k() {
	export BENCH_ROWS=${BENCH_ROWS:-100000}
	run_table
}
run_load() {
	ninja -C "$BUILD" mamori tests/bench/bench_load >/dev/null
	"$BUILD/tests/bench/bench_load" "$BUILD/mamori"
}
run_refresh() {
	ninja -C "$BUILD" mamori tests/bench/bench_refresh >/dev/null
	"$BUILD/tests/bench/bench_refresh" "$BUILD/mamori"
}
run_import() {
	ninja -C "$BUILD" mamori tests/bench/bench_import >/dev/null
	"$BUILD/tests/bench/bench_import" "$BUILD/mamori"
}
run_crash() {
	ninja -C "$BUILD" tests/stress/test_crash >/dev/null
	"$BUILD/tests/stress/test_crash" 100
}
case "$WHICH" in
table) run_table ;;
table-100k) run_table_100k ;;
load) run_load ;;
refresh) run_refresh ;;
import) run_import ;;
crash) run_crash ;;
all)
	worst=0
	for b in run_table run_load run_refresh run_import run_crash; do
		rc=0
		$b || rc=$?
		[ "$rc" -gt "$worst" ] && worst=$rc
	done
	exit "$worst"
	;;
*) echo "usage: $0 [BUILD_DIR] [table|table-100k|load|refresh|import|crash|all]" >&2; exit 2 ;;
esac
