#!/bin/sh
# tests/grade.sh BINARY: `racelab grade` on a generated class of 23 students,
# two exercises each (threads/shared-counter, parallel/missing-reduction):
# right fixes, wrong ones, cheats, malformed submissions and hostile programs
# (a fork bomb, an endless loop, a 1 GB output flood, a crash, a memory hog,
# a setsid() escapee, writes outside the scratch directory, a network
# connection). Every row of the CSV must carry the verdict and reason the
# student earned, the JUnit file and the feedback must agree, and the machine
# must be as it was: no process left, nothing written outside, no connection.
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
# hostile STUDENT PROGRAM: a program of tests/programs/grade-hostile, with the marker filled in.
hostile() {
    mkdir -p "$CLASS/$1/threads"
    sed "s/@MARK@/$MARK/g; s/@PORT@/$PORT/g; s|@ROOT@|$ROOT|g" "$HOSTILE/$2" >"$CLASS/$1/$SC.c"
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
    hostile trent memory-hog.c
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

# row STUDENT EXERCISE VERDICT REASON-PATTERN: the CSV row is exactly this.
row() {
    line=$(grep -E "^\"$1\",\"$2\"," "$OUT/grades.csv")
    if [ "$(printf '%s\n' "$line" | grep -c .)" -ne 1 ]; then
        bad "$1 $2: not exactly one CSV row"
    elif printf '%s\n' "$line" | grep -qE "^\"$1\",\"$2\",\"$3\",\"[^\"]*($4)"; then
        ok "$1 $2: $3 ${4:+($4)}"
    else
        bad "$1 $2: want $3 /$4/, row is: $line"
    fi
}
row alice $SC pass ""
row alice $MR pass ""
row bob $SC pass ""
row bob $MR fail "missing file"
row carol $SC fail "not attempted"
row carol $MR fail "not attempted"
row dave $SC fail "data-race"
row erin $SC fail "fewer threads than the exercise needs"
row frank $SC fail "the threads no longer run at the same time"
row grace $SC fail "the threads no longer run at the same time"
row heidi $SC fail "does not compile"
row ivan $SC fail "not a C source file"
row judy $SC fail "symbolic link"
row quentin $SC fail "timeout"
row walter $SC pass ""
row walter $MR pass ""
row xavier $MR fail "fewer threads than the exercise needs"
row yvonne $MR fail "data-race"
row zoe $SC fail "missing file"
row zoe $MR fail "missing file"
if [ "$root" = yes ]; then
    row mallory $SC fail ""
    row niaj $SC fail "timeout|CPU time"
    row olivia $SC fail ""
    row peggy $SC fail "crash|SIGSEGV"
    row rupert $SC pass ""   # it computes the right answer only when every escape failed
    row sybil $SC pass ""    # likewise when connect() failed
    row trent $SC fail "memory"
    row victor $SC "(pass|fail)" ""  # whatever it earns: what matters is below
fi
rows=$(($(wc -l <"$OUT/grades.csv") - 1))
[ "$rows" -eq $((nstudents * 2)) ] && ok "one CSV row per student and exercise ($rows)" ||
    bad "$rows CSV rows for $nstudents students and 2 exercises"

# JUnit: well-formed, one suite per student, a test case per row, failures as in the CSV.
notpass=$(grep -vc '","pass",' "$OUT/grades.csv")
notpass=$((notpass - 1)) # the header
if python3 - "$OUT/grades.xml" "$nstudents" "$rows" "$notpass" <<'PY'; then
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall("testsuite/testcase")
failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
ok = (len(root.findall("testsuite")), len(cases), len(failed)) == tuple(map(int, sys.argv[2:5]))
sys.exit(0 if ok else 1)
PY
    ok "JUnit: a suite per student, a test case per row, failures as in the CSV"
else
    bad "JUnit does not match the CSV"
fi
[ "$(ls "$OUT/feedback" | wc -l)" -eq "$nstudents" ] && ok "a feedback file per student" ||
    bad "feedback files: $(ls "$OUT/feedback" | wc -l), want $nstudents"
grep -q "a hint:" "$OUT/feedback/dave.txt" && grep -q "data-race" "$OUT/feedback/dave.txt" &&
    ok "feedback: the reason and a hint" || bad "feedback/dave.txt lacks the reason or a hint"

# The machine as it was.
[ ! -e "/tmp/$MARK" ] && [ ! -e "$ROOT/$MARK" ] && ok "nothing written outside the scratch directories" ||
    bad "a submission wrote outside its scratch directory"
[ ! -s "$TMP/connections" ] && ok "no submission reached the network" || bad "a submission connected"
after_procs=$(ps -e -o uid= | awk '$1 >= 64000 && $1 < 65000' | wc -l)
[ "$after_procs" -eq 0 ] && ok "no process of a sandbox user is left ($before_procs before)" ||
    { bad "$after_procs processes of sandbox users outlived grading"; ps -e -o uid,pid,args | awk '$1 >= 64000 && $1 < 65000'; }
[ ! -d "$ROOT/build/grade" ] || [ -z "$(ls -A "$ROOT/build/grade" 2>/dev/null)" ] &&
    ok "staging directories removed" || bad "build/grade/ is not empty"

summary grade.sh
