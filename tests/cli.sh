#!/bin/sh
# tests/cli.sh BINARY: racelab's command line as a user and a CI job see it:
# exit statuses (0 pass, 1 fail, 2 usage/configuration), messages that say
# what to do, JSON and text output, colour rules, explain.
set -u
RACELAB=$(realpath "${1:-build/racelab}")
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d /tmp/racelab-cli.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. "$ROOT/tests/lib.sh"

echo "racelab command line ($RACELAB)"
expect 0 "usage: racelab" "help" -- "$RACELAB" --help
expect 2 "unknown command 'frobnicate'" "unknown command" -- "$RACELAB" frobnicate
expect 2 "no case matches 'threads/nope'" "unknown case" -- "$RACELAB" check threads/nope
expect 2 "unknown tool 'asan'" "unknown tool" -- "$RACELAB" check --tools asan
expect 2 "--runs needs a number" "bad --runs" -- "$RACELAB" check --runs 0
expect 2 "racelab explain: takes one case id" "explain without id" -- "$RACELAB" explain

# Every command has --help (and racelab help COMMAND says the same), from the
# command table; an unknown command or option gets one line and the nearest
# name, never getopt's own message as well.
for cmd in list check explain run cc flags exercise grade help; do
    expect 0 "^usage: racelab $cmd" "$cmd --help" -- "$RACELAB" "$cmd" --help
    expect 0 "^usage: racelab $cmd" "help $cmd" -- "$RACELAB" help "$cmd"
    "$RACELAB" "$cmd" --help >"$TMP/help" 2>&1
    if [ "$(awk 'length > 80' "$TMP/help" | wc -l)" -eq 0 ]; then ok "$cmd --help fits 80 columns"
    else bad "$cmd --help has lines over 80 columns"; awk 'length > 80' "$TMP/help"; fi
done
expect 0 "^usage: racelab grade merge" "grade merge --help" -- "$RACELAB" grade merge --help
expect 0 "^usage: racelab exercise" "exercise check --help" -- "$RACELAB" exercise check --help
"$RACELAB" --help >"$TMP/help" 2>&1
for cmd in list check explain run cc flags exercise grade help; do
    if grep -qE "^  $cmd +[a-z]" "$TMP/help"; then ok "racelab --help lists $cmd"
    else bad "racelab --help does not list $cmd"; fi
done
expect 2 "unknown command 'chek' \(did you mean 'check'\?\)" "a misspelt command" -- "$RACELAB" chek
expect 2 "unknown command 'lsit' \(did you mean 'list'\?\)" "help of a misspelt command" -- \
    "$RACELAB" help lsit
expect 2 "racelab exercise: unknown command 'hnit' \(did you mean 'hint'\?\)" \
    "a misspelt exercise command" -- "$RACELAB" exercise hnit
expect 2 "racelab check: unknown option '--varaint' \(did you mean '--variant'\?\)" \
    "a misspelt option" -- "$RACELAB" check --varaint safe
expect 2 "racelab run: option '--timeout' needs a value" "an option without its value" -- \
    "$RACELAB" run --timeout
expect 2 "racelab check: option '--keep' takes no value" "a value for a flag" -- \
    "$RACELAB" check --keep=yes
# make turns every failure into its own 2; the recipe's last line says which racelab gave.
if [ "$RACELAB" = "$ROOT/build/racelab" ]; then
    expect 2 "racelab check: exit status 2: a usage, configuration or tool error" \
        "make check-races names racelab's status" -- make -s check-races RACELAB_ARGS=threads/nope
fi
"$RACELAB" check --bogus >"$TMP/out" 2>&1
if [ "$(grep -c . "$TMP/out")" -eq 2 ] && ! grep -q "unrecognized" "$TMP/out"; then
    ok "an unknown option is one error line and one pointer to --help"
else
    bad "an unknown option printed more than its line:"; sed 's/^/      /' "$TMP/out"
fi
expect 0 "^threads$" "list by family" -- "$RACELAB" list
expect 0 "tsan: data-race" "list shows expectations" -- "$RACELAB" list threads/shared-counter

# A malformed header is a configuration error naming file and line.
mkdir -p "$TMP/bad/cases/threads" "$TMP/bad/safe/threads"
cp cases/threads/shared-counter.c "$TMP/bad/cases/threads/"
sed 's/^ \* tsan: clean$/ * tsan: cleen/' safe/threads/shared-counter.c >"$TMP/bad/safe/threads/shared-counter.c"
expect 2 "safe/threads/shared-counter.c:[0-9]+: unknown finding kind 'cleen'" "malformed header" -- \
    "$RACELAB" --root "$TMP/bad" check

# Several malformed headers: every problem of every file in one pass, with the
# nearest key or kind; the well-formed cases are still checked; exit 2 at the end.
mkdir -p "$TMP/bad2/cases/threads" "$TMP/bad2/safe/threads"
cp -r include "$TMP/bad2/"
cp cases/threads/shared-counter.c cases/threads/refcount-non-atomic.c "$TMP/bad2/cases/threads/"
cp safe/threads/shared-counter.c "$TMP/bad2/safe/threads/"
sed 's/^ \* tsan: clean$/ * tsan: cleen/; s/^ \* title:/ * titel:/' safe/threads/refcount-non-atomic.c \
    >"$TMP/bad2/safe/threads/refcount-non-atomic.c"
expect 2 "refcount-non-atomic.c:[0-9]+: unknown key 'titel' \(did you mean 'title'\?\)" \
    "a malformed case: its first problem, with the nearest key" -- \
    "$RACELAB" --root "$TMP/bad2" check --tools tsa
if grep -qE "refcount-non-atomic.c:[0-9]+: unknown finding kind 'cleen' \(did you mean 'clean'\?\)" \
    "$TMP/out" && grep -qE "^threads/shared-counter +unsafe +pass" "$TMP/out" &&
    ! grep -qE "^threads/refcount-non-atomic" "$TMP/out" &&
    grep -q "malformed cases were left out (listed first): exit 2" "$TMP/out"; then
    ok "every problem in one pass, and the other cases still checked"
else bad "a malformed case stopped the others, or hid a problem"; sed 's/^/      /' "$TMP/out" | head -20; fi
expect 2 "^  threads/shared-counter +Unsynchronised" "list shows the well-formed cases, exit 2" -- \
    "$RACELAB" --root "$TMP/bad2" list

# JSON report: the documented fields, exit 0 on a passing selection.
expect 0 "1 pass" "json to a file" -- "$RACELAB" check threads/shared-counter --tools tsan --variant unsafe \
    --format json --output "$TMP/report.json"
for field in '"case": "threads/shared-counter"' '"variant": "unsafe"' '"tool": "tsan"' \
    '"expected": \["data-race"\]' '"observed": \["data-race"' '"verdict": "pass"' '"runs": 1' \
    '"detected": 1' '"findings": \[' '"kind": "data-race"' '"file": "cases/threads/shared-counter.c"' \
    '"line": [0-9]+' '"function": "' '"exit_status": 0'; do
    if grep -qE -- "$field" "$TMP/report.json"; then ok "json has $field"; else bad "json lacks $field"; fi
done

# Colour: only on a terminal, never with NO_COLOR.
script -qec "$RACELAB check threads/shared-counter --tools tsan --variant safe" /dev/null >"$TMP/tty" 2>&1
if grep -q "$(printf '\033')\[" "$TMP/tty"; then ok "colour on a terminal"; else bad "no colour on a terminal"; fi
NO_COLOR=1 script -qec "$RACELAB check threads/shared-counter --tools tsan --variant safe" /dev/null >"$TMP/tty" 2>&1
if grep -q "$(printf '\033')\[" "$TMP/tty"; then bad "colour despite NO_COLOR"; else ok "NO_COLOR honoured"; fi
"$RACELAB" check threads/shared-counter --tools tsan --variant safe >"$TMP/pipe" 2>&1
if grep -q "$(printf '\033')\[" "$TMP/pipe"; then bad "colour into a pipe"; else ok "no colour into a pipe"; fi

# explain: the bug, the diff, the racing line quoted, the fix.
expect 0 "== The bug ==" "explain: the bug" -- "$RACELAB" explain threads/shared-counter --tools tsan
for want in "^\+\+\+ safe/threads/shared-counter.c \(below its header\)" "data-race" "> +[0-9]+ \|" "== How to fix it ==" "== In Rust =="; do
    if grep -qE -- "$want" "$TMP/out"; then ok "explain shows /$want/"; else bad "explain lacks /$want/"; fi
done
# At 80 columns every line fits (columns: UTF-8 continuation bytes take none):
# the reports wrap, code is cut with "…"; --wide gives the lines back whole.
columns_over() { awk -v w="$1" '{ s = $0; gsub(/[\200-\277]/, "", s); if (length(s) > w) n++ } END { print n + 0 }' "$2"; }
COLUMNS=80 "$RACELAB" explain threads/shared-counter --tools tsan,helgrind,rustc >"$TMP/explain80" 2>&1
COLUMNS=80 "$RACELAB" explain threads/shared-counter --tools tsan,helgrind,rustc --wide >"$TMP/explainwide" 2>&1
if [ "$(columns_over 80 "$TMP/explain80")" -eq 0 ] && grep -q "…$" "$TMP/explain80" &&
    grep -qE "^        cases/threads/shared-counter.c:[0-9]+ in worker$" "$TMP/explain80" &&
    [ "$(columns_over 80 "$TMP/explainwide")" -gt 0 ] && ! grep -q "…$" "$TMP/explainwide"; then
    ok "explain fits 80 columns (code cut, reports wrapped); --wide keeps whole lines"
else bad "explain at 80 columns"; awk 'length > 80' "$TMP/explain80" | head -5 | sed 's/^/      /'; fi
# Each race drawn as two lanes (tests/unit/test_race_diagram.c holds the golden pictures): in
# Unicode under a UTF-8 locale, in ASCII under another or with --ascii, within 80 columns.
LANG=C.UTF-8 LC_ALL= COLUMNS=80 "$RACELAB" explain threads/shared-counter --tools tsan >"$TMP/diagram-utf8" 2>&1
LANG=C LC_ALL= COLUMNS=80 "$RACELAB" explain threads/shared-counter --tools tsan >"$TMP/diagram-c" 2>&1
LANG=C.UTF-8 LC_ALL= COLUMNS=80 "$RACELAB" explain threads/shared-counter --tools tsan --ascii \
    >"$TMP/diagram-ascii" 2>&1
if grep -qE "^      T[12] +T[12]$" "$TMP/diagram-utf8" && grep -q "^      ● write shared-counter.c:63" "$TMP/diagram-utf8" &&
    grep -q "^      ✗ missing: no happens-before edge between T[12]'s write and T[12]'s write" "$TMP/diagram-utf8" &&
    [ "$(columns_over 80 "$TMP/diagram-utf8")" -eq 0 ]; then
    ok "explain draws the race: two lanes, the writes, the missing edge (UTF-8)"
else bad "explain's race diagram (UTF-8)"; sed -n '/^      global/,/would order/p' "$TMP/diagram-utf8" | sed 's/^/    /'; fi
for f in diagram-c diagram-ascii; do
    if grep -q "^      \* write shared-counter.c:63" "$TMP/$f" && grep -q "^      X missing: " "$TMP/$f" &&
        ! sed -n '/^      T[12] /,/would order/p' "$TMP/$f" | LC_ALL=C grep -q "$(printf '[\200-\377]')"; then
        ok "explain draws the race in ASCII ($f)"
    else bad "explain's race diagram in ASCII ($f)"; fi
done

# A race written into a safe file makes the check exit 1, naming that file and line.
mkdir -p "$TMP/inject/cases/threads" "$TMP/inject/safe/threads"
cp -r include "$TMP/inject/" # racelab's headers: the cases include racelab/param.h
cp cases/threads/shared-counter.c "$TMP/inject/cases/threads/"
awk '/^int main\(/ && !done { print "static long injected;"; print "static void *injector(void *arg)";
     print "{"; print "    injected++; /* the injected race */"; print "    return arg;"; print "}";
     print "__attribute__((constructor)) static void start_injector(void)"; print "{";
     print "    pthread_t t;"; print "    pthread_create(&t, NULL, injector, NULL);";
     print "    injected++;"; print "    pthread_join(t, NULL);"; print "}"; done = 1 } { print }' \
    safe/threads/shared-counter.c >"$TMP/inject/safe/threads/shared-counter.c"
line=$(grep -n "the injected race" "$TMP/inject/safe/threads/shared-counter.c" | cut -d: -f1)
other=$((line + 7))
expect 1 "safe/threads/shared-counter.c:($line|$other) in (injector|start_injector)" "injected race fails, names the line" -- \
    "$RACELAB" --root "$TMP/inject" check --tools tsan,helgrind
# The thread starts in a constructor, before the thread-count shim's own: Helgrind sees the race too.
if grep -q "helgrind on safe/threads/shared-counter.c: unexpected data-race" "$TMP/out"; then
    ok "a thread started from a constructor: Helgrind reports the race"
else
    bad "Helgrind does not report the injected race"; grep helgrind "$TMP/out" | head -3
fi

# racelab run on a small multi-file program: the racy build fails (1) under
# every tool, naming the racing line; its fixed version passes (0).
mkdir -p "$TMP/bank"
expect 0 "" "racelab cc builds the racy program" -- \
    "$RACELAB" cc -o "$TMP/bank/racy" tests/programs/bank/main.c tests/programs/bank/ledger.c
expect 0 "" "racelab cc builds the fixed program" -- \
    "$RACELAB" cc -o "$TMP/bank/fixed" tests/programs/bank/main.c tests/programs/bank-fixed/ledger.c \
    -- -Itests/programs/bank
if [ -x "$TMP/bank/racy" ] && [ -x "$TMP/bank/racy.tsan" ]; then
    ok "racelab cc writes PROGRAM and PROGRAM.tsan"
else
    bad "racelab cc did not write both binaries"
fi
expect 1 "tsan on .*racy: unexpected data-race" "run: the racy program fails" -- \
    "$RACELAB" run -- "$TMP/bank/racy"
if grep -qE "^run/racy +run +FAIL [0-9/]+ +not run +not run" "$TMP/out"; then
    ok "run: by default TSan judges, Helgrind and DRD are its fallback"
else bad "run: by default not TSan alone"; fi
expect 1 "tsan on .*racy: unexpected data-race" "run --tool all: every tool" -- \
    "$RACELAB" run --tool all -- "$TMP/bank/racy"
for want in "helgrind on .*racy: unexpected data-race" "drd on .*racy: unexpected data-race" \
    "at tests/programs/bank/ledger.c:8 in ledger_post"; do
    if grep -qE -- "$want" "$TMP/out"; then ok "run reports /$want/"; else bad "run lacks /$want/"; fi
done
expect 0 "OK: every expectation met" "run: the fixed program passes" -- \
    "$RACELAB" run --runs 3 -- "$TMP/bank/fixed"
# Two runs: racelab cc's -O1 and -O0 builds, run's default plan.
expect 0 "^run/fixed.tsan +run +pass 0/2 +n/a \[1\] +n/a \[1\]" "run: a TSan binary is n/a under Valgrind" -- \
    "$RACELAB" run -- "$TMP/bank/fixed.tsan"
expect 2 "no such program" "run: a missing program is exit 2" -- "$RACELAB" run -- "$TMP/bank/nope"
expect 2 "not built with -fsanitize=thread" "run --tool tsan on a plain binary is exit 2" -- \
    "$RACELAB" run --tool tsan -- /bin/true
expect 1 "wrong result in 1/1 runs: exit status 1, expected 0" "run: a wrong exit status fails" -- \
    "$RACELAB" run --tool helgrind -- /bin/false
expect 0 "^-fsanitize=thread " "flags tsan" -- "$RACELAB" flags tsan
expect 2 "racelab flags: takes one of cc, tsan, valgrind or openmp, not 'asan'" "flags: unknown profile" -- \
    "$RACELAB" flags asan

# Baselines: taken on the racy program, a second run passes (known findings are
# reported, not failed); a build with a new race fails on that race alone.
expect 0 "" "racelab cc builds a program with a new race" -- \
    "$RACELAB" cc -o "$TMP/bank/newrace" tests/programs/bank/main.c tests/programs/bank/ledger.c \
    -- -DNEW_RACE
expect 0 "wrote $TMP/bank/baseline: 3 findings" "--update-baseline records the known races" -- \
    "$RACELAB" run --tool all --runs 2 --baseline "$TMP/bank/baseline" --update-baseline -- \
    "$TMP/bank/racy"
# The rows are judged against the baseline just written, not shown failing first.
if grep -q "FAIL" "$TMP/out" || ! grep -qE "^run/racy +run +pass 0/[0-9]+ +pass 0/[0-9]+ +pass 0/[0-9]+" "$TMP/out" ||
    ! grep -q "OK: every expectation met" "$TMP/out"; then
    bad "--update-baseline shows rows that fail before the baseline"; sed 's/^/      /' "$TMP/out"
else ok "--update-baseline shows the rows judged against the new baseline"; fi
if head -1 "$TMP/bank/baseline" | grep -qx "racelab-baseline 1" &&
    [ "$(grep -c " data-race tests/programs/bank/ledger.c:ledger_post:" "$TMP/bank/baseline")" -eq 3 ]; then
    ok "the baseline names the ledger race once per tool"
else
    bad "unexpected baseline"; sed 's/^/      /' "$TMP/bank/baseline"
fi
expect 0 "not judged: 0 findings suppressed, 1 in the baseline" \
    "a second run against the baseline passes, and says what it forgave" -- \
    "$RACELAB" run --runs 3 --baseline "$TMP/bank/baseline" -- "$TMP/bank/racy"
expect 1 "tests/programs/bank/main.c:[0-9]+ in teller" "a new race fails against the baseline" -- \
    "$RACELAB" run --baseline "$TMP/bank/baseline" -- "$TMP/bank/newrace"
if grep -q "ledger.c:8 in ledger_post" "$TMP/out"; then
    bad "the known race is reported as new"
else
    ok "only the new race fails"
fi
# On the catalog: a baseline of a clean check, then a race injected into a safe twin fails.
expect 0 "OK: every expectation met" "a baseline taken on the catalog" -- \
    "$RACELAB" check threads/shared-counter --tools tsan,helgrind --baseline "$TMP/catalog.baseline" \
    --update-baseline
expect 0 "OK: every expectation met" "the catalog passes against it" -- \
    "$RACELAB" check threads/shared-counter --tools tsan,helgrind --baseline "$TMP/catalog.baseline"
expect 1 "unexpected data-race" "an injected race fails against it" -- \
    "$RACELAB" --root "$TMP/inject" check --tools tsan,helgrind --baseline "$TMP/catalog.baseline"
printf 'racelab-baseline 2\n' >"$TMP/bad.baseline"
expect 2 "bad.baseline:1: " "a baseline of another version is exit 2" -- \
    "$RACELAB" run --baseline "$TMP/bad.baseline" -- "$TMP/bank/fixed"
expect 2 "needs --baseline FILE" "--update-baseline alone" -- \
    "$RACELAB" run --update-baseline -- "$TMP/bank/fixed"

# Suppressions: one file for every tool; the racy program passes with its race
# forgiven, a new race still fails, and a broken file is a configuration error.
printf '# the ledger is being rewritten (#12)\nall data-race,use-after-free fun:ledger_post -- legacy ledger\n' \
    >"$TMP/bank/supp"
expect 0 "OK: every expectation met" "a suppressed race passes" -- \
    "$RACELAB" run --runs 2 --suppressions "$TMP/bank/supp" -- "$TMP/bank/racy"
expect 1 "main.c:[0-9]+ in teller" "a race the suppressions do not name fails" -- \
    "$RACELAB" run --suppressions "$TMP/bank/supp" -- "$TMP/bank/newrace"
printf 'all data-rice fun:ledger_post\n' >"$TMP/bank/bad.supp"
expect 2 "bad.supp:1: unknown finding kind 'data-rice'" "a broken suppressions file is exit 2" -- \
    "$RACELAB" run --suppressions "$TMP/bank/bad.supp" -- "$TMP/bank/racy"
expect 2 "nope.supp" "a missing suppressions file is exit 2" -- \
    "$RACELAB" check threads/shared-counter --suppressions "$TMP/nope.supp"
# A suppression never hides a lesson: the catalog's expected races still show.
printf 'all * fun:*\n' >"$TMP/everything.supp"
expect 0 "OK: every expectation met" "suppressing everything leaves expected findings judged" -- \
    "$RACELAB" check threads/shared-counter --tools tsan,helgrind --suppressions "$TMP/everything.supp"

# Reports: several formats from one run, at most one on stdout.
expect 1 "" "--format json and text to files" -- "$RACELAB" run --tool helgrind --format json \
    --output "$TMP/run.json" --format text --output "$TMP/run.txt" -- "$TMP/bank/racy"
if grep -q '"variant": "run"' "$TMP/run.json" && grep -q "^run/racy " "$TMP/run.txt"; then
    ok "both reports written"
else
    bad "a report is missing"
fi
expect 2 "would both write to stdout" "two formats on stdout" -- \
    "$RACELAB" check threads/shared-counter --format json --format text
expect 2 "--format must be one of" "unknown format" -- "$RACELAB" check --format yaml

# --shard K/N: every case in exactly one shard, the same split every time.
for k in 1 2 3; do
    "$RACELAB" check --tools tsa --variant unsafe --shard "$k/3" |
        sed -n 's/^\([a-z]*\/[a-z-]*\) .*/\1/p' >"$TMP/shard$k"
done
sort "$TMP/shard1" "$TMP/shard2" "$TMP/shard3" >"$TMP/shards"
"$RACELAB" list --wide | sed -n 's/^  \([a-z]*\/[a-z-]*\) .*/\1/p' | sort >"$TMP/all"
if cmp -s "$TMP/shards" "$TMP/all" && [ -s "$TMP/shard3" ]; then
    ok "three shards cover the catalog once"
else
    bad "the shards do not partition the catalog"
fi
expect 2 "--shard needs K/N" "bad shard" -- "$RACELAB" check --shard 4/3

# The static tools: the whole catalog in seconds, every expectation met.
expect 0 "OK: every expectation met" "check --tools static: the whole catalog" -- \
    "$RACELAB" check --tools static
# The matrix's counts are the README's: what the headers expect is what was seen.
"$RACELAB" check --tools static >"$TMP/static.txt" 2>&1
"$RACELAB" list --format summary >"$TMP/summary.txt"
for t in tsa analyzer tidy cppcheck; do
    seen=$(sed -n "s/^caught, of [0-9]* buggy programs: .*$t \([0-9]*\).*/\1/p" "$TMP/static.txt")
    listed=$(sed -n "s/^| $t (.*) | compile time | \([0-9]*\) |\$/\1/p" "$TMP/summary.txt")
    if [ -n "$seen" ] && [ "$seen" = "$listed" ]; then
        ok "$t catches $seen buggy programs in the matrix and in the summary table"
    else
        bad "$t: the matrix says '$seen', the summary table '$listed'"
    fi
done
expect 0 "^CASE +VARIANT +TSA +ANALYZER +TIDY +CPPCHECK +CAUGHT EARLIEST" "static columns" -- \
    "$RACELAB" check locking --tools static --wide
expect 0 "^locking/double-unlock +unsafe +pass 1/1 +pass 1/1 +pass 0/1 +pass 0/1 +C: compile \(tsa, analyzer\)" \
    "the earliest catch of a buggy row" -- "$RACELAB" check locking/double-unlock --tools static --wide
# Narrower than the matrix: a row per variant under the case, short cells, a legend;
# nothing wider than the terminal; --wide gives the full matrix back.
COLUMNS=80 "$RACELAB" check locking --tools static >"$TMP/narrow.txt" 2>&1
if grep -qE "^CASE +TSA +ANALYZE +TIDY +CPPCHEC" "$TMP/narrow.txt" &&
    grep -q "^(ANALYZE analyzer, CPPCHEC cppcheck; ok pass" "$TMP/narrow.txt" &&
    grep -qE "^locking/double-unlock +caught: C: compile \(tsa, analyzer\)" "$TMP/narrow.txt" &&
    grep -qE "^  unsafe ok 1/1 +ok 1/1 +ok 0/1 +ok 0/1" "$TMP/narrow.txt" &&
    [ "$(awk 'length > 80' "$TMP/narrow.txt" | wc -l)" -eq 0 ]; then
    ok "at 80 columns the matrix is narrow, with a legend, and fits"
else bad "the narrow matrix"; sed 's/^/      /' "$TMP/narrow.txt" | head -12; fi
COLUMNS=80 "$RACELAB" list >"$TMP/list80.txt" 2>&1
# Not a terminal and no COLUMNS: 100 columns.
env -u COLUMNS "$RACELAB" list >"$TMP/list100.txt" 2>&1
if [ "$(awk 'length > 100' "$TMP/list100.txt" | wc -l)" -eq 0 ] &&
    [ "$(awk 'length > 80' "$TMP/list100.txt" | wc -l)" -gt 0 ]; then
    ok "a pipe without COLUMNS gets 100 columns"
else bad "a pipe without COLUMNS is not 100 columns wide"; fi
if [ "$(awk 'length > 80' "$TMP/list80.txt" | wc -l)" -eq 0 ] &&
    [ "$("$RACELAB" list --wide | awk 'length > 100' | wc -l)" -gt 0 ]; then
    ok "list fits 80 columns, and --wide keeps its long lines"
else bad "list at 80 columns"; awk 'length > 80' "$TMP/list80.txt" | head -5; fi
# guarded.h compiles to nothing under gcc, and a twin using it builds warning-free there.
if printf '#define _GNU_SOURCE\n#include "racelab/guarded.h"\nint x GUARDED_BY(l) ACQUIRED_BEFORE(l);\n' |
    gcc -E -P -Iinclude -x c - | grep -q "^int x ;\$" &&
    gcc -std=c17 -Wall -Wextra -Werror -pthread -Iinclude -c safe/locking/relock-in-helper.c -o /dev/null; then
    ok "guarded.h: the annotations vanish under gcc"
else
    bad "guarded.h does not compile to nothing under gcc"
fi
# Removing the lock from a safe twin that uses racelab/guarded.h: tsa fails it at
# compile time, at the unguarded write, before anything runs.
mkdir -p "$TMP/unlocked/cases/locking" "$TMP/unlocked/safe/locking"
cp -r include "$TMP/unlocked/"
cp cases/locking/inconsistent-locking.c "$TMP/unlocked/cases/locking/"
awk '/rl_mutex_lock\(&balance_lock\);/ && !locked { locked = 1; next }
     /rl_mutex_unlock\(&balance_lock\);/ && locked == 1 { locked = 2; next } { print }' \
    safe/locking/inconsistent-locking.c >"$TMP/unlocked/safe/locking/inconsistent-locking.c"
line=$(grep -n "balance += amount;" "$TMP/unlocked/safe/locking/inconsistent-locking.c" | cut -d: -f1)
expect 1 "safe/locking/inconsistent-locking.c:$line" "tsa fails a safe twin with its lock removed" -- \
    "$RACELAB" --root "$TMP/unlocked" check --tools tsa --variant safe
if grep -qE "tsa on safe/locking/inconsistent-locking.c: unexpected data-race" "$TMP/out" &&
    grep -qE "writing variable 'balance' requires holding mutex 'balance_lock'" "$TMP/out"; then
    ok "tsa names the unguarded write"
else
    bad "tsa's verdict lacks the unguarded write"; sed 's/^/      /' "$TMP/out" | head -20
fi

# The catalog page: generated from the headers, and the checked-in copy is current.
expect 0 "^\| \`threads/shared-counter\` \|" "list --format markdown: a table row per pair" -- \
    "$RACELAB" list --format markdown
if "$RACELAB" list --format markdown | cmp -s - docs/catalog.md; then
    ok "docs/catalog.md matches racelab list --format markdown"
else
    bad "docs/catalog.md is stale: run 'make catalog-page'"
fi
# The README's summary tables are the same generator's, between two markers.
cp README.md "$TMP/README.md"
scripts/update-readme-summary "$RACELAB" "$TMP/README.md"
if cmp -s README.md "$TMP/README.md"; then
    ok "README.md's summary tables match racelab list --format summary"
else
    bad "README.md's summary tables are stale: run 'make catalog-page'"
fi
expect 0 "^\| tsa .* \| compile time \| [0-9]+ \|$" "list --format summary: a row per tool" -- \
    "$RACELAB" list --format summary
expect 2 "racelab list: --format must be text, markdown or summary" "list: bad format" -- "$RACELAB" list --format html
expect 0 "rustc: rejected E[0-9]{4}" "list shows the rustc expectation" -- "$RACELAB" list threads/shared-counter

# A Rust twin with a malformed header is a configuration error naming file and line.
mkdir -p "$TMP/badtwin/cases/threads" "$TMP/badtwin/safe/threads" "$TMP/badtwin/rust/cases/threads" \
    "$TMP/badtwin/rust/safe/threads"
cp cases/threads/shared-counter.c "$TMP/badtwin/cases/threads/"
cp safe/threads/shared-counter.c "$TMP/badtwin/safe/threads/"
sed 's/^ \* rustc: .*/ * rustc: refused/' rust/cases/threads/shared-counter.rs \
    >"$TMP/badtwin/rust/cases/threads/shared-counter.rs"
cp rust/safe/threads/shared-counter.rs "$TMP/badtwin/rust/safe/threads/"
expect 2 "rust/cases/threads/shared-counter.rs:[0-9]+: 'rustc' is 'compiles' or 'rejected CODE, ...'" \
    "malformed Rust twin header" -- "$RACELAB" --root "$TMP/badtwin" list
rm "$TMP/badtwin/rust/safe/threads/shared-counter.rs"
cp rust/cases/threads/shared-counter.rs "$TMP/badtwin/rust/cases/threads/"
expect 2 "has no safe Rust twin rust/safe/threads/shared-counter.rs" "a Rust twin without its pair" -- \
    "$RACELAB" --root "$TMP/badtwin" list

summary cli.sh
