#!/bin/sh
# report_browser.sh MAMORI [SHOTS_DIR] — the reports as a browser shows
# them. Makes the demo workshop, exports the take-home report of the company
# with the most work (Japanese and English) and the program report, and for
# each page:
#   - tidy -errors finds no error (every tag closed, nothing unknown);
#   - headless Chromium loads it with no console error and keeps every
#     chart: the DOM it built has as many <svg> as the file, each with
#     shapes in it, and the kinds of chart the report must have;
#   - printed to PDF (A4), its page count is within bounds: at least one
#     page per session written (each starts a page), not more than a few
#     each;
#   - a 1200x1600 screenshot, kept in SHOTS_DIR (default: a directory
#     beside the test's build output) to look at.
# The PDF and the screenshot are made for the Japanese pages only (each
# Chromium start takes seconds); the English ones get the other checks.
# Exit 77 (skipped) only when chromium or tidy is not installed.
set -u
mamori=$1
shots=${2:-${MESON_BUILD_ROOT:-.}/report-shots}

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	echo "SKIP: chromium is not installed (Debian: apt-get install chromium; build.sh test installs it)"
	exit 77
fi
if ! command -v tidy >/dev/null 2>&1; then
	echo "SKIP: tidy is not installed (Debian: apt-get install tidy; build.sh test installs it)"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is not installed"
	exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$shots"
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# the demo workshop: made on first use; the screen then wants a terminal,
# which it has not got here (that is expected)
"$mamori" --demo --db "$tmp/demo.db" </dev/null >/dev/null 2>&1
if [ ! -s "$tmp/demo.db" ]; then
	echo "FAIL: mamori --demo made no database"
	exit 1
fi
company=$(python3 - "$tmp/demo.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
row = db.execute("SELECT c.name FROM company c JOIN sheet s ON s.owner_kind = 'company' "
                 "AND s.owner_id = c.id GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1").fetchone()
print(row[0] if row else "")
EOF
)
if [ -z "$company" ]; then
	echo "FAIL: the demo has no company with work"
	exit 1
fi

chrome() { # chrome ARGS... (quiet, bounded in time, its own profile)
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--no-first-run --user-data-dir="$tmp/profile" "$@"
}

# check NAME FILE MIN_PAGES MAX_PAGES CHART_KINDS... (MIN_PAGES 0: no PDF
# and no screenshot, to keep the test's time down; one language has them)
check() {
	name=$1 file=$2 minp=$3 maxp=$4
	shift 4
	echo "== $name ($file)"
	tidy -errors -q "$file" >"$tmp/tidy.txt" 2>&1
	if [ $? -ge 2 ] || grep -q "Error:" "$tmp/tidy.txt"; then
		fail "$name: tidy reports errors:"
		cat "$tmp/tidy.txt"
	fi
	url="file://$file"
	chrome --enable-logging=stderr --v=0 --dump-dom "$url" >"$tmp/dom.html" 2>"$tmp/console.txt"
	if grep -E "Uncaught|ERROR:CONSOLE|CONSOLE\([0-9]+\)|Refused to" "$tmp/console.txt"; then
		fail "$name: the browser's console reports errors"
	fi
	python3 - "$file" "$tmp/dom.html" "$@" <<'EOF' || failures=$((failures + 1))
import re, sys
from html.parser import HTMLParser

class Svgs(HTMLParser):
    """Each <svg> and how many shapes and texts it holds."""
    def __init__(self):
        super().__init__()
        self.svgs, self.depth = [], 0
    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.depth += 1
            self.svgs.append({"class": dict(attrs).get("class", ""), "shapes": 0, "texts": 0})
        elif self.depth and tag in ("path", "rect", "circle", "polygon", "line"):
            self.svgs[-1]["shapes"] += 1
        elif self.depth and tag == "text":
            self.svgs[-1]["texts"] += 1
    def handle_endtag(self, tag):
        if tag == "svg":
            self.depth -= 1

class Balance(HTMLParser):
    """Every element closed, in order (tidy only warns about some)."""
    VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr"}
    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []
    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> at line {self.getpos()[0]} closes "
                               f"<{self.stack[-1] if self.stack else 'nothing'}>")
        elif self.stack:
            self.stack.pop()

src, dom, kinds = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(src, encoding="utf-8").read()
built = open(dom, encoding="utf-8").read()
ok = True
bal = Balance()
bal.feed(text)
if bal.errors or bal.stack:
    print(f"FAIL: tags not closed: {bal.errors[:3]} {bal.stack[-3:]}"); ok = False
if "<script" in text or "<link" in text or re.search(r'\ssrc=', text):
    print("FAIL: the page refers to something outside itself"); ok = False
a, b = Svgs(), Svgs()
a.feed(text); b.feed(built)
if len(b.svgs) != len(a.svgs) or not a.svgs:
    print(f"FAIL: {len(a.svgs)} charts in the file, {len(b.svgs)} in the browser's page"); ok = False
for s in b.svgs:
    if s["shapes"] < 2 or s["texts"] < 2:
        print(f"FAIL: an empty chart: {s}"); ok = False
have = {c for s in b.svgs for c in s["class"].split()}
for k in kinds:
    if k not in have:
        print(f"FAIL: no {k} chart (have {sorted(have)})"); ok = False
print(f"charts: {len(b.svgs)} ({', '.join(sorted(have - {'chart'}))})")
sys.exit(0 if ok else 1)
EOF
	[ "$minp" -gt 0 ] || return 0
	chrome --no-pdf-header-footer --print-to-pdf="$tmp/page.pdf" "$url" >/dev/null 2>&1
	pages=$(python3 -c '
import re, sys
data = open(sys.argv[1], "rb").read()
print(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)))' "$tmp/page.pdf" 2>/dev/null || echo 0)
	echo "pages: $pages (expected $minp..$maxp)"
	if [ "$pages" -lt "$minp" ] || [ "$pages" -gt "$maxp" ]; then
		fail "$name: $pages pages in the PDF, expected $minp..$maxp"
	fi
	chrome --window-size=1200,1600 --screenshot="$shots/$name.png" "$url" >/dev/null 2>&1
	if [ ! -s "$shots/$name.png" ]; then
		fail "$name: no screenshot"
	else
		echo "screenshot: $shots/$name.png"
	fi
}

for lang in ja en; do
	out="$tmp/company-$lang.html"
	if ! "$mamori" export --db "$tmp/demo.db" --company "$company" --format html --lang "$lang" \
		--out "$out"; then
		fail "export --company $company --lang $lang"
		continue
	fi
	sessions=$(grep -c '<section class="session">' "$out")
	[ "$lang" = ja ] || sessions=0
	check "company-$lang" "$out" "$sessions" $((sessions * 5 + 2)) bars heat radar progress
done
for lang in ja en; do
	out="$tmp/program-$lang.html"
	if ! "$mamori" export --db "$tmp/demo.db" --program --format html --lang "$lang" \
		--out "$out"; then
		fail "export --program --lang $lang"
		continue
	fi
	minp=2
	[ "$lang" = ja ] || minp=0
	check "program-$lang" "$out" "$minp" 20 bars
done

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "ok"
