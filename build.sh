#!/usr/bin/env bash
# build.sh — set up, build and run mamori on a Debian 12 machine.
#   ./build.sh demo   install what is missing, build, open the demo workshop
#   ./build.sh test   install what is missing, build, run the whole test suite
#                     (normal build with warnings as errors, then the same suite
#                     under AddressSanitizer + UndefinedBehaviorSanitizer, then the
#                     fuzz targets for a bounded time); ends with "N passed, N failed"
#   ./build.sh build  install what is missing and build only
set -u
cd "$(dirname "$0")"

PACKAGES="gcc clang meson ninja-build pkg-config python3 libncurses-dev libsqlite3-dev
libcjson-dev libcmocka-dev libvterm-dev python3-jsonschema"
# for `./build.sh test` only: the reports' browser test (skipped, saying so, without them)
OPTIONAL="chromium tidy"
FUZZ_SECONDS=${FUZZ_SECONDS:-20}

install_missing() {
	local missing=""
	for p in $PACKAGES; do
		dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	local optional=""
	[ -n "${WANT_OPTIONAL:-}" ] || OPTIONAL=""
	for p in $OPTIONAL; do
		dpkg -s "$p" >/dev/null 2>&1 || optional="$optional $p"
	done
	[ -z "$missing$optional" ] && return 0
	echo "installing:$missing$optional"
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get update -qq || true
	if [ -n "$missing" ]; then
		$sudo env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq $missing >/dev/null || {
			echo "could not install:$missing" >&2
			exit 1
		}
	fi
	if [ -n "$optional" ]; then
		$sudo env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq $optional >/dev/null ||
			echo "could not install:$optional (the browser test will be skipped)" >&2
	fi
}

build() { # build DIR [meson options...]
	local dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >/dev/null || { meson setup "$dir" "$@"; return 1; }
	fi
	ninja -C "$dir"
}

PASSED=0
FAILED=0
count() { # count DIR: add up meson's results
	local log=$1/meson-logs/testlog.json
	[ -f "$log" ] || return 0
	local p f
	p=$(grep -c '"result": "OK"' "$log")
	f=$(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log")
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
}

run_suite() { # run_suite DIR LABEL
	echo "== $2"
	meson test -C "$1" --print-errorlogs --num-processes 2 || true
	count "$1"
}

run_fuzz() {
	echo "== fuzz targets (${FUZZ_SECONDS}s each)"
	if ! CC=clang build build-fuzz -Dfuzz=true -Db_lundef=false --buildtype=debug \
		>build-fuzz.log 2>&1; then
		tail -n 30 build-fuzz.log
		echo "FAIL fuzz build"
		FAILED=$((FAILED + 1))
		return
	fi
	for t in build-fuzz/tests/fuzz/fuzz_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		local name corpus maxlen
		name=$(basename "$t")
		corpus=$(mktemp -d)
		maxlen=8192
		case $name in
		fuzz_scenario) cp scenarios/*.json scenarios/drills/*.json tests/fixtures/drill/*.json "$corpus"/ ;;
		fuzz_drill) # whole drills are 36-45 KB: let the fuzzer keep them whole
			maxlen=65536
			cp scenarios/drills/*.json tests/fixtures/drill/*.json tests/fixtures/scenarios/drill-*.json "$corpus"/ ;;
		fuzz_roster) printf 'グループ,会社,氏名,役割,業種,従業員数\r\n1,ＡＢＣ商事,山田　太郎,総務,製造,25\r\n2,ﾃｽﾄ工業, 佐藤 ,,,\r\n' >"$corpus"/roster.csv ;;
		esac
		if "$t" -max_total_time="$FUZZ_SECONDS" -max_len="$maxlen" -timeout=10 \
			-rss_limit_mb=2048 "$corpus" >"build-fuzz/$name.log" 2>&1; then
			echo "ok   $name"
			PASSED=$((PASSED + 1))
		else
			echo "FAIL $name"
			tail -n 40 "build-fuzz/$name.log"
			FAILED=$((FAILED + 1))
		fi
		rm -rf "$corpus"
	done
}

case "${1:-}" in
demo)
	install_missing
	build build || exit 1
	exec ./build/mamori --demo "${@:2}"
	;;
build)
	install_missing
	build build
	;;
test)
	WANT_OPTIONAL=1 install_missing
	if ! build build -Dwerror=true; then
		echo "0 passed, 1 failed"
		exit 1
	fi
	run_suite build "tests"
	if build build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
		--buildtype=debug; then
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
			UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 E2E_SYNC_MS=2000 \
			run_suite build-asan "tests under AddressSanitizer + UBSan"
	else
		FAILED=$((FAILED + 1))
	fi
	run_fuzz
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
	;;
*)
	sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
	;;
esac
