#!/bin/sh
# tests/html-report.sh BINARY: the HTML report of a real `racelab check`, opened
# in Debian's headless Chromium as a reader's browser would open it. Fails
# unless Chromium renders it (exit 0), the DOM it builds holds the matrix and
# every case, nothing on the page loads or runs (no src, no stylesheet link,
# every href a fragment), and its log shows no console message, no Content
# Security Policy violation and no failed load. A page made to break those
# rules is opened first, to prove the log check catches them here.
#
# The page: `racelab check --format html --output FILE` on a scratch catalog
# (three cases, a race injected into one safe twin, markup in the racing
# line). The page, the DOM, a screenshot
# (1400x3000) and Chromium's logs stay in BUILD/test-html/ for a person to
# look at.
set -u
RACELAB=$(realpath "${1:-build/racelab}")
cd "$(dirname "$0")/.." || exit 2
BUILD=$(dirname "$RACELAB")
OUT=$BUILD/test-html
CASES="threads/shared-counter locking/lock-order-inversion locking/double-unlock"
TMP=$(mktemp -d /tmp/racelab-html.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
. ./tests/lib.sh
finish() {
    summary "html report"
    exit
}

echo "racelab HTML report in Chromium ($RACELAB)"
if ! command -v chromium >/dev/null 2>&1; then
    bad "chromium is not installed: run sudo scripts/install-deps"
    finish
fi

# Chromium with nothing of its own: a fresh profile, no background requests,
# and, where we may (root), no network at all.
NONET=""
if unshare -n true 2>/dev/null; then NONET="unshare -n"; fi
browse() { # browse URL LOG ARGS...: run Chromium on URL, its log into LOG
    url=$1 log=$2
    shift 2
    # shellcheck disable=SC2086 # NONET is a command prefix or nothing
    timeout 120 $NONET chromium --headless --no-sandbox --disable-gpu --user-data-dir="$TMP/profile" \
        --no-first-run --disable-background-networking --disable-component-update --disable-sync \
        --disable-extensions --disable-default-apps --enable-logging=stderr --v=0 "$@" "$url" 2>"$log"
}
# What a page that loads or runs something leaves in the log.
LOG_PROBLEMS='CONSOLE|Refused to|Content Security Policy|Failed to load|net::ERR_'

# The negative control: a script and an image under the report's policy.
cat >"$TMP/bad.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"/>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/>
<title>bad</title></head>
<body><img src="http://127.0.0.1:9/x.png"/><script>console.error("ran")</script></body></html>
EOF
browse "file://$TMP/bad.html" "$TMP/bad.log" --dump-dom >/dev/null
if grep -qE "$LOG_PROBLEMS" "$TMP/bad.log"; then
    ok "the log check catches a blocked image and script"
else
    bad "Chromium logged nothing for a page that loads an image and runs a script"
fi

# The page: racelab's own, on a scratch catalog with an injected race.
rm -f "$OUT/report.html"
cat_root=$TMP/catalog
for id in $CASES; do
    for f in "cases/$id.c" "safe/$id.c" "rust/cases/$id.rs" "rust/safe/$id.rs"; do
        mkdir -p "$cat_root/$(dirname "$f")" && cp "$f" "$cat_root/$f"
    done
done
cp -r include "$cat_root/"
awk '/^int main\(/ && !done { print "static long injected;"; print "static void *racer(void *arg)";
     print "{"; print "    injected++; /* </div><script>alert(\"src\")</script> & the injected race */";
     print "    return arg;"; print "}";
     print "__attribute__((constructor)) static void start_racer(void)"; print "{";
     print "    pthread_t t;"; print "    pthread_create(&t, NULL, racer, NULL);";
     print "    injected++;"; print "    pthread_join(t, NULL);"; print "}"; done = 1 } { print }' \
    safe/threads/shared-counter.c >"$cat_root/safe/threads/shared-counter.c"
# shellcheck disable=SC2086 # CASES is a list of ids
"$RACELAB" --root "$cat_root" --build-dir "$OUT/build" check $CASES --format html \
    --output "$OUT/report.html" >"$TMP/check.out" 2>&1
status=$?
if [ "$status" -eq 1 ]; then
    ok "racelab check --format html: exit 1 (the injected race)"
else
    bad "racelab check --format html: exit $status, expected 1"; sed 's/^/      /' "$TMP/check.out" | tail -20
fi
[ -s "$OUT/report.html" ] || { bad "no page was written"; finish; }

# Rendered: the DOM as Chromium built it, and a screenshot.
if browse "file://$OUT/report.html" "$OUT/chromium-dom.log" --dump-dom >"$OUT/dom.html"; then
    ok "Chromium renders the page (--dump-dom)"
else
    bad "Chromium --dump-dom exited $?"
fi
rm -f "$OUT/screenshot.png"
if browse "file://$OUT/report.html" "$OUT/chromium-screenshot.log" \
    --screenshot="$OUT/screenshot.png" --window-size=1400,3000 >/dev/null && [ -s "$OUT/screenshot.png" ]; then
    ok "Chromium takes a screenshot ($OUT/screenshot.png)"
else
    bad "Chromium --screenshot failed"
fi
for log in "$OUT/chromium-dom.log" "$OUT/chromium-screenshot.log"; do
    # Chromium's own pages (chrome://...) log for themselves, e.g. "Slow network
    # is detected" on a loaded machine: only messages about the report count.
    if grep -E "$LOG_PROBLEMS" "$log" | grep -v 'source: chrome://' >"$TMP/problems"; then
        bad "$(basename "$log"): a console message, CSP violation or failed load"
        sed 's/^/      /' "$TMP/problems" | head -10
    else
        ok "$(basename "$log"): no console message, no CSP violation, no failed load"
    fi
done

# What the reader sees.
dom=$OUT/dom.html
if grep -q '<table class="matrix">' "$dom" && grep -q 'id="matrix"' "$dom"; then
    ok "the DOM holds the matrix"
else
    bad "the DOM has no matrix"
fi
for id in $CASES; do
    anchor=case-$(echo "$id" | tr '/' '_')
    if grep -q "id=\"$anchor\"" "$dom" && grep -q "data-case=\"$id\" data-variant=\"unsafe\"" "$dom" &&
        grep -q "data-case=\"$id\" data-variant=\"safe\"" "$dom"; then
        ok "the DOM holds $id: both rows of the matrix and its section"
    else
        bad "the DOM lacks $id (matrix rows or section $anchor)"
    fi
done
if grep -q 'FAIL 1/1' "$dom" && grep -q 'class="l hit"' "$dom"; then
    ok "the injected race: a FAIL cell and a highlighted source line"
else
    bad "no FAIL cell or no highlighted source line"
fi
# The markup in the racing line is text in the DOM, not an element.
if grep -q '&lt;/div&gt;&lt;script&gt;alert("src")&lt;/script&gt;' "$dom" && ! grep -q '<script' "$dom"; then
    ok "markup from the source is text, and the DOM has no script"
else
    bad "markup from the source was not escaped, or the DOM has a script"
fi
# Only markup counts: text on the page may say anything (a finding's message does).
grep -oE '<[a-zA-Z][^>]*>' "$dom" >"$TMP/tags"
grep -iE '[[:space:]](src|srcset|action|data|poster)=|^<(link|img|iframe|object|embed|base)[[:space:]>]' \
    "$TMP/tags" >"$TMP/loaders"
grep -oE '[[:space:]]href="[^"]*"' "$TMP/tags" | grep -v 'href="#' >>"$TMP/loaders"
sed -n '/<style>/,/<\/style>/p' "$dom" | grep -E 'url\(|@import' >>"$TMP/loaders"
if [ -s "$TMP/loaders" ]; then
    bad "the DOM loads something:"; sed 's/^/      /' "$TMP/loaders" | head -5
else
    ok "nothing in the DOM loads: no src, no link, no url(), every href a fragment"
fi
finish
