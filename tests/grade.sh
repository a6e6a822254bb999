#!/bin/sh
# tests/grade.sh BINARY: `racelab grade` on a generated class of 22 students,
# two exercises each (threads/shared-counter, parallel/missing-reduction):
# right fixes, wrong ones, cheats, malformed submissions and hostile programs
# (a fork bomb, an endless loop, a 1 GB output flood, a crash, a setsid()
# escapee, writes outside the scratch directory, a network connection; and a
# memory hog, graded on its own with the case's time limit). Every row of the
# CSV must carry the status, score and reason the student earned, the
# summary, the JUnit file and the feedback must agree, and the machine must
# be as it was: no process left, nothing written outside, no connection.
# Then a class of 5 that attempted one exercise: graded without --exercise
# (its rows only), and in two shards merged back (the same files as one run;
# bad merges refused).
# Hostile submissions need the sandbox: as a normal user they are left out
# (and the test says so); CI runs as root.
set -u
RACELAB=$(realpath "${1:-build/racelab}")
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d /tmp/racelab-grade.XXXXXX)
MARK=racelab-grade-escape-$$
trap 'kill "$LISTENER" 2>/dev/null; rm -rf "$TMP" "/tmp/$MARK" "$ROOT/$MARK"' EXIT
CLASS=$TMP/class
OUT=$TMP/grades
CHEATS=$ROOT/tests/programs/exercise-cheats
HOSTILE=$ROOT/tests/programs/grade-hostile
LISTENER=
. "$ROOT/tests/lib.sh"

SC=threads/shared-counter
MR=parallel/missing-reduction
root=no
[ "$(id -u)" = 0 ] && root=yes

# submit STUDENT FILE [AS]: STUDENT hands in FILE as AS (default: FAMILY/NAME.c of shared-counter).
submit() {
    mkdir -p "$CLASS/$1/$(dirname "${3:-$SC.c}")"
    cp "$2" "$CLASS/$1/${3:-$SC.c}"
}
# hostile STUDENT PROGRAM [CLASS]: a program of tests/programs/grade-hostile, with the marker
# filled in, handed in by STUDENT of CLASS (default: the class).
hostile() {
    mkdir -p "${3:-$CLASS}/$1/threads"
    sed "s/@MARK@/$MARK/g; s/@PORT@/$PORT/g; s|@ROOT@|$ROOT|g" "$HOSTILE/$2" >"${3:-$CLASS}/$1/$SC.c"
}
reduction_fix() {
    mkdir -p "$CLASS/$1/parallel"
    sed 's/#pragma omp parallel for num_threads(2)/#pragma omp parallel for num_threads(2) reduction(+ : sum)/' \
        "$ROOT/cases/$MR.c" >"$CLASS/$1/$MR.c"
}

# A port nothing else uses, with a listener that records any connection.
PORT=$((20000 + $$ % 20000))
python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $PORT)); s.listen(5)
while True:
    c, _ = s.accept(); open('$TMP/connections', 'a').write('connected\\n'); c.close()
" &
LISTENER=$!

# ---- the class ----------------------------------------------------------------------
mkdir -p "$CLASS"
"$RACELAB" exercise start --dir "$CLASS/alice" >/dev/null            # a workspace
cp "$ROOT/safe/$SC.c" "$CLASS/alice/$SC.c"
reduction_fix alice
submit bob "$ROOT/safe/$SC.c" shared-counter.c                         # by name, one exercise
mkdir -p "$CLASS/carol/threads" "$CLASS/carol/parallel"                # untouched originals
cp "$ROOT/cases/$SC.c" "$CLASS/carol/$SC.c"
cp "$ROOT/cases/$MR.c" "$CLASS/carol/$MR.c"
sed 's/BUG: load/still a race: load/' "$ROOT/cases/$SC.c" >"$TMP/racy.c"
submit dave "$TMP/racy.c"                                              # edited, still racy
submit erin "$CHEATS/shared-counter-no-threads.c"
submit frank "$CHEATS/shared-counter-join-after-create.c"
submit grace "$CHEATS/shared-counter-whole-thread-lock.c"
submit heidi "$CHEATS/shared-counter-does-not-compile.c"
mkdir -p "$CLASS/ivan/threads"; head -c 4096 /dev/urandom >"$CLASS/ivan/$SC.c"  # binary junk
mkdir -p "$CLASS/judy/threads"; ln -s /etc/passwd "$CLASS/judy/$SC.c"  # a symbolic link
submit judy "$ROOT/safe/$SC.c" "a/shared-counter.c"                    # ... and a second file
mkdir -p "$CLASS/zoe"                                                  # nothing handed in
submit walter "$ROOT/safe/$SC.c" "work/threads/shared-counter.c"       # deep, by path
reduction_fix walter
submit xavier "$CHEATS/missing-reduction-one-thread.c" "$MR.c"
sed 's/sum += a\[i\];/sum += a[i]; \/\* still racy \*\//' "$ROOT/cases/$MR.c" >"$TMP/racy-mr.c"
submit yvonne "$TMP/racy-mr.c" "$MR.c"
submit quentin "$CHEATS/shared-counter-hangs.c"
if [ "$root" = yes ]; then
    hostile mallory fork-bomb.c
    hostile niaj endless-loop.c
    hostile olivia output-flood.c
    hostile peggy crash.c
    hostile rupert write-outside.c
    hostile sybil network.c
    # The memory limit must kill the hog before its time limit. It grows page by page, as a
    # student's would: a page fault per 4 KB, 3-4 s of CPU per GB on this project's VMs. Observed
    # runs are niced (harness/process/proc.c): beside two CPU-bound loops it gets a tenth of a
    # core, and the time limit, which counts only the time it is let run, still ends at 4 times
    # the limit on the wall clock (run_clock.h): 40 s with the class's 10 s, too short for 1 GB
    # at that share ("timeout", or "too busy", which test the time limit, not the memory limit).
    # So it is graded alone, after the class, with the case's own 30 s: 120 s of wall clock at
    # worst, as long as the hog needs when the memory limit works, bounded when it does not.
    HOG_CLASS=$TMP/hog-class
    hostile trent memory-hog.c "$HOG_CLASS"
    hostile victor setsid-escape.c
else
    echo "  (not root: the hostile submissions need the sandbox and are left out)"
fi
nstudents=$(ls "$CLASS" | wc -l)

# ---- grading ----------------------------------------------------------------------------
before_procs=$(ps -e -o uid= | awk '$1 >= 64000 && $1 < 65000' | wc -l)
"$RACELAB" grade "$CLASS" --exercise $SC --exercise $MR --runs 2 --timeout 10 --out "$OUT" \
    >"$TMP/grade.out" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then ok "grade finished (exit 0) on $nstudents students"; else
    bad "grade exited $rc"; sed 's/^/      /' "$TMP/grade.out" | tail -30
fi

# row STUDENT EXERCISE STATUS [REASON-PATTERN]: the CSV row is exactly this: the status, the
# score it earns and a reason matching the pattern. The reasons of the exercise check's own
# verdicts (which tool, which lesson) are tests/exercise.sh's business: here the status is what
# a teacher acts on.
row() {
    line=$(grep -E "^\"$1\",\"$2\"," "$OUT/grades.csv")
    score=0
    [ "$3" = pass ] && score=1
    if [ "$(printf '%s\n' "$line" | grep -c .)" -ne 1 ]; then
        bad "$1 $2: not exactly one CSV row"
    elif printf '%s\n' "$line" | grep -qE "^\"$1\",\"$2\",\"$3\",\"$score\",\"[^\"]*(${4:-})"; then
        ok "$1 $2: $(printf '%s\n' "$line" | cut -d, -f3-)"
    else
        bad "$1 $2: want $3 /${4:-}/, row is: $line"
    fi
}
row alice $SC pass
row alice $MR pass
row bob $SC pass
row bob $MR missing "missing file"
row carol $SC not-attempted "not attempted"
row carol $MR not-attempted "not attempted"
row dave $SC fail "data-race|wrong-result"
row erin $SC fail    # no threads
row frank $SC fail   # joins each thread after creating it
row grace $SC fail   # one lock around each thread's whole loop
row heidi $SC does-not-compile "does not compile"
row ivan $SC does-not-compile "not a C source file"
row judy $SC refused "symbolic link"
row quentin $SC fail "timeout|deadlock"
row walter $SC pass
row walter $MR pass
row xavier $MR fail  # one thread
row yvonne $MR fail "data-race|wrong-result"
row zoe $SC missing "missing file"
row zoe $MR missing "missing file"
if [ "$root" = yes ]; then
    "$RACELAB" grade "$HOG_CLASS" --exercise $SC --runs 2 --out "$TMP/hog-grades" \
        >"$TMP/hog.out" 2>&1 || { bad "grade of the memory hog exited $?"; tail -20 "$TMP/hog.out"; }
    class_out=$OUT
    OUT=$TMP/hog-grades
    row trent $SC fail "memory"
    OUT=$class_out
    row mallory $SC refused "fork|process"  # process creation: refused
    # The endless loop meets its time limit, which counts only the time the program was let run
    # (harness/process/run_clock.h). Observed runs are niced: beside two CPU-bound loops it gets
    # a tenth of a core, and at 4 times its limit on the wall clock it is stopped as a tool error
    # ("the machine was too busy"), not a verdict, as a slow correct fix would be. Which of the
    # two rows a run gives depends on the machine's load; each is right.
    if grep -q '^"niaj","[^"]*","tool-error"' "$OUT/grades.csv"; then
        row niaj $SC tool-error "the machine was too busy"
    else
        row niaj $SC fail "timeout|CPU time"
    fi
    row olivia $SC fail
    row peggy $SC fail "crash|SIGSEGV"
    row rupert $SC refused "open"           # files
    row sybil $SC refused "socket"          # the network
    row victor $SC refused "fork|process"   # process creation
fi
rows=$(($(wc -l <"$OUT/grades.csv") - 1))
[ "$rows" -eq $((nstudents * 2)) ] && ok "one CSV row per student and exercise ($rows)" ||
    bad "$rows CSV rows for $nstudents students and 2 exercises"
awk -F'","' 'NR > 1 && (($3 == "pass") != ($4 == "1")) { bad = 1 } END { exit bad }' "$OUT/grades.csv" &&
    ok "score 1 on every pass, 0 on every other row" || bad "a score does not match its status"

# The summary: a line per student; passed, attempted (neither missing nor untouched), total, percent.
summary_row() {
    grep -qxF "\"$1\",\"$2\",\"$3\",\"$4\",\"$5\"$(printf '\r')" "$OUT/grades-summary.csv" &&
        ok "summary: $1 $2 of $4 passed, $3 attempted, $5%" ||
        bad "summary: want $1 $2 $3 $4 $5, have $(grep "^\"$1\"," "$OUT/grades-summary.csv")"
}
summary_row bob 1 1 2 50.0
summary_row carol 0 0 2 0.0
summary_row heidi 0 1 2 0.0
summary_row judy 0 1 2 0.0
summary_row zoe 0 0 2 0.0
[ "$(($(wc -l <"$OUT/grades-summary.csv") - 1))" -eq "$nstudents" ] && ok "a summary line per student" ||
    bad "grades-summary.csv: $(wc -l <"$OUT/grades-summary.csv") lines for $nstudents students"

# JUnit: well-formed, one suite per student, a test case per row, each as its CSV row says:
# pass passes, tool-error is an <error>, every other status a <failure> that names it.
if python3 - "$OUT/grades.xml" "$OUT/grades.csv" <<'PY'; then
import csv, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
rows = {(r["student"], r["exercise"]): r["status"] for r in csv.DictReader(open(sys.argv[2]))}
cases = root.findall("testsuite/testcase")
bad = [] if len(cases) == len(rows) else ["%d test cases, %d rows" % (len(cases), len(rows))]
for c in cases:
    status = rows.get((c.get("classname"), c.get("name")))
    failure, error = c.find("failure"), c.find("error")
    if status == "pass":
        ok = failure is None and error is None
    elif status == "tool-error":
        ok = error is not None and error.get("message").startswith("tool-error: ")
    else:
        ok = failure is not None and failure.get("message").startswith("%s: " % status)
    if not ok:
        bad.append("%s %s: %s" % (c.get("classname"), c.get("name"), status))
for b in bad:
    print("      " + b)
sys.exit(1 if bad else 0)
PY
    ok "JUnit: a test case per row; pass passes, tool-error an <error>, the rest a <failure>"
else
    bad "JUnit does not match the CSV"
fi
[ "$(ls "$OUT/feedback" | wc -l)" -eq "$nstudents" ] && ok "a feedback file per student" ||
    bad "feedback files: $(ls "$OUT/feedback" | wc -l), want $nstudents"
fb=$OUT/feedback
grep -q ": fail$" "$fb/dave.txt" && grep -q "a hint:" "$fb/dave.txt" &&
    grep -qF "$(grep '^"dave","threads' "$OUT/grades.csv" | cut -d'"' -f10)" "$fb/dave.txt" &&
    ok "feedback on a fail: the status, the reason and a hint" || bad "feedback/dave.txt lacks the reason or a hint"
grep -q ": does-not-compile$" "$fb/heidi.txt" && grep -q "error:" "$fb/heidi.txt" &&
    ! grep -q "a hint:" "$fb/heidi.txt" && ok "feedback on a compile error: the compiler's message, no hint" ||
    bad "feedback/heidi.txt: want the compiler's message and no hint"
grep -q ": refused$" "$fb/judy.txt" && ! grep -q "a hint:" "$fb/judy.txt" &&
    ok "feedback on a refusal: no hint" || bad "feedback/judy.txt: want refused and no hint"
awk -v id="$SC" 'index($0, id " (") == 1 { pass = /: pass$/; after = (getline next_line) > 0 ? next_line : "" }
    END { exit !(pass && after == "") }' "$fb/bob.txt" &&
    ok "feedback on a pass: nothing but pass" || bad "feedback/bob.txt says more than pass for $SC"

# The machine as it was.
[ ! -e "/tmp/$MARK" ] && [ ! -e "$ROOT/$MARK" ] && ok "nothing written outside the scratch directories" ||
    bad "a submission wrote outside its scratch directory"
[ ! -s "$TMP/connections" ] && ok "no submission reached the network" || bad "a submission connected"
after_procs=$(ps -e -o uid= | awk '$1 >= 64000 && $1 < 65000' | wc -l)
[ "$after_procs" -eq 0 ] && ok "no process of a sandbox user is left ($before_procs before)" ||
    { bad "$after_procs processes of sandbox users outlived grading"; ps -e -o uid,pid,args | awk '$1 >= 64000 && $1 < 65000'; }
[ ! -d "$ROOT/build/grade" ] || [ -z "$(ls -A "$ROOT/build/grade" 2>/dev/null)" ] &&
    ok "staging directories removed" || bad "build/grade/ is not empty"

# ---- a class that attempted one exercise, graded whole and in shards ----------------------------
# Without --exercise only the exercises someone changed are graded: ann's workspace holds all 42
# starting copies and one fix, eve copied two originals by hand. The shards merged must be the
# unsharded run, byte for byte (every reason here is the grader's or the compiler's own).
SMALL=$TMP/small
mkdir -p "$SMALL"
"$RACELAB" exercise start --dir "$SMALL/ann" >/dev/null
cp "$ROOT/safe/$SC.c" "$SMALL/ann/$SC.c"
mkdir -p "$SMALL/ben/threads" "$SMALL/cat/threads" "$SMALL/dan" "$SMALL/eve/threads" "$SMALL/eve/parallel"
cp "$CHEATS/shared-counter-does-not-compile.c" "$SMALL/ben/$SC.c"
ln -s "$ROOT/safe/$SC.c" "$SMALL/cat/$SC.c"
cp "$ROOT/cases/$SC.c" "$SMALL/eve/$SC.c"
cp "$ROOT/cases/$MR.c" "$SMALL/eve/$MR.c"
grade_small() { # OUT [OPTIONS]
    o=$1
    shift
    "$RACELAB" grade "$SMALL" --runs 2 --timeout 10 --out "$o" "$@" >"$TMP/small.out" 2>&1 ||
        { bad "grade $* exited $?"; sed 's/^/      /' "$TMP/small.out" | tail -20; }
}
grade_small "$TMP/small-all"
if [ "$(cut -d, -f2 "$TMP/small-all/grades.csv" | sort -u | tr -d '\r' | tr '\n' ' ')" = "\"exercise\" \"$SC\" " ]; then
    ok "without --exercise: rows only for the exercise the class attempted"
else
    bad "without --exercise: exercises graded: $(cut -d, -f2 "$TMP/small-all/grades.csv" | sort -u | tr -d '\r' | tr '\n' ' ')"
fi
OUT=$TMP/small-all
row ann $SC pass
row ben $SC does-not-compile "does not compile"
row cat $SC refused "symbolic link"
row dan $SC missing "missing file"
row eve $SC not-attempted "not attempted"

grade_small "$TMP/small-1" --shard 1/2
grade_small "$TMP/small-2" --shard 2/2
expect 0 "merged 2 shard" "grade merge of shards 2/2 and 1/2" -- \
    "$RACELAB" grade merge "$TMP/small-merged" "$TMP/small-2" "$TMP/small-1"
for f in grades.csv grades-summary.csv grades.xml grades-run.txt; do
    cmp -s "$TMP/small-all/$f" "$TMP/small-merged/$f" && ok "shards 1/2 + 2/2 merged: $f as unsharded" ||
        { bad "shards 1/2 + 2/2 merged: $f differs"; diff "$TMP/small-all/$f" "$TMP/small-merged/$f" | head -10; }
done
diff -r "$TMP/small-all/feedback" "$TMP/small-merged/feedback" >/dev/null &&
    ok "shards merged: the same feedback files" || bad "shards merged: feedback/ differs"
expect 2 "small-1/grades-run.txt: shard 1/2 again" "grade merge refuses a shard given twice" -- \
    "$RACELAB" grade merge "$TMP/small-bad" "$TMP/small-1" "$TMP/small-1"
expect 2 "shard 2/2 is missing" "grade merge refuses a missing shard" -- \
    "$RACELAB" grade merge "$TMP/small-bad" "$TMP/small-1"
expect 2 "small-all/grades-run.txt: shard 1/1 of a class of 5, but" "grade merge refuses another run's shard" -- \
    "$RACELAB" grade merge "$TMP/small-bad" "$TMP/small-1" "$TMP/small-all"
[ ! -e "$TMP/small-bad" ] && ok "a refused merge writes nothing" || bad "a refused merge wrote $TMP/small-bad"

summary grade.sh
