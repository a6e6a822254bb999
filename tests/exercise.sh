#!/bin/sh
# tests/exercise.sh BINARY: the classroom mode as a student meets it, with the
# real tools: a workspace started and resumed, a check that fails with the
# student's own lines and the next hint, hints one level at a time, a fix that
# passes, the solution unlocked, reset; the cheats the check must reject
# (tests/programs/exercise-cheats/); and a whole session driven through tmux,
# the watch loop included (save, verdict, keys).
set -u
RACELAB=$(realpath "${1:-build/racelab}")
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d /tmp/racelab-exercise.XXXXXX)
SESSION=racelab-test-$$
trap 'tmux kill-session -t "$SESSION" 2>/dev/null; rm -rf "$TMP"' EXIT
WS=$TMP/exercises
CHEATS=$ROOT/tests/programs/exercise-cheats
RUNS=3
. "$ROOT/tests/lib.sh"

ex() { "$RACELAB" exercise "$@" --dir "$WS"; }
# use FILE ID: put FILE in the workspace as exercise ID.
use() { cp "$1" "$WS/$2.c"; }

echo "racelab exercise ($RACELAB)"
expect 0 "42 exercises in .* \(42 copied, 0 of yours kept" "start" -- ex start
echo "/* mine */" >>"$WS/threads/shared-counter.c"
expect 0 "\(0 copied, 42 of yours kept" "start again keeps every file" -- ex start
grep -q "/\* mine \*/" "$WS/threads/shared-counter.c" && ok "an edited file survives start" ||
    bad "start overwrote an edited file"
expect 0 "> \[ \] exit-while-running" "list: the current exercise, pending" -- ex list
expect 0 "0/42 done" "list: progress" -- ex list
expect 2 "no exercise 'threads/nope'" "unknown exercise" -- ex check threads/nope
expect 2 "needs an ID" "solution needs an ID" -- ex solution
expect 2 "no exercises in .*: start them" "no workspace" -- "$RACELAB" exercise list --dir "$TMP/none"

# A failing check: the report points at the student's file, and at the next hint.
# The first run that decides ends a check: the lost updates (native) or the race (a detector).
expect 1 "NOT YET threads/shared-counter: (data-race|wrong-result) \(" "the bug fails" \
    -- ex check threads/shared-counter --runs $RUNS
cp "$WS/threads/shared-counter.c" "$TMP/started.c"
use "$CHEATS/shared-counter-racy-flag.c" threads/shared-counter # right answer: a detector decides
expect 1 "threads/shared-counter.c:[0-9]+ in worker" "the report names the student's lines" \
    -- ex check threads/shared-counter --runs 1
# ... and draws the student's race: two lanes, an access of the student's file, the missing edge.
if grep -qE "^    (●|\*) (atomic )?(read|write) shared-counter.c:[0-9]+" "$TMP/out" &&
    grep -qE "^    (✗|X) missing: " "$TMP/out"; then
    ok "the report draws the student's race as two threads on a timeline"
else bad "no race diagram in the failing check's report"; sed 's/^/      /' "$TMP/out" | head -30; fi
use "$TMP/started.c" threads/shared-counter
expect 1 "stuck\? racelab exercise hint threads/shared-counter \(hint 1 of [3-9]: a nudge\)" \
    "a failing check says which hint comes next" -- ex check threads/shared-counter --runs 1
expect 0 "hint 1 of [3-9] \(a nudge\)" "hint 1" -- ex hint threads/shared-counter
expect 0 "hint 2 of [3-9] \(the concept\)" "hint 2 after hint 1" -- \
    env COLUMNS=60 "$RACELAB" exercise hint --dir "$WS"
if [ "$(awk 'length > 60' "$TMP/out" | wc -l)" -eq 0 ] && [ "$(grep -c . "$TMP/out")" -gt 4 ]; then
    ok "COLUMNS=60: the hints are wrapped to fit"
else bad "a hint line is wider than COLUMNS"; sed 's/^/      /' "$TMP/out"; fi
grep -q "^threads/shared-counter pending 2$" "$WS/progress.txt" && ok "progress.txt: 2 hints read" ||
    bad "progress.txt lacks 'threads/shared-counter pending 2'"
expect 1 "unlocks once your fix passes" "solution locked before a pass" \
    -- ex solution threads/shared-counter

# A wrong fix the exercise warns about: its lesson, before TSan's report (the lock held on one
# side), though the plain run's short total decided first.
use "$CHEATS/shared-counter-lock-write-only.c" threads/shared-counter
ex check threads/shared-counter --runs 1 >"$TMP/wrong-fix.out" 2>&1
lesson=$(grep -n "A lock around the store alone" "$TMP/wrong-fix.out" | cut -d: -f1)
raw=$(grep -n "(mutexes: write M" "$TMP/wrong-fix.out" | head -n 1 | cut -d: -f1)
[ -n "$lesson" ] && [ -n "$raw" ] && [ "$lesson" -lt "$raw" ] &&
    ok "wrong fix (lock around the write): the lesson, then TSan's report" ||
    { bad "wrong fix (lock around the write): want the lesson before TSan's report" &&
        sed 's/^/      /' "$TMP/wrong-fix.out" | head -n 20; }
use "$TMP/started.c" threads/shared-counter

# The cheats: each rejected, with the reason a student can act on.
cp "$WS/atomics/relaxed-publication.c" "$TMP/fresh-relaxed.c"
use "$CHEATS/shared-counter-no-threads.c" threads/shared-counter
expect 1 "fewer threads than the exercise needs" "cheat: the threads deleted" \
    -- ex check threads/shared-counter --runs $RUNS
use "$CHEATS/shared-counter-join-after-create.c" threads/shared-counter
expect 1 "the threads no longer run at the same time" "cheat: join right after create" \
    -- ex check threads/shared-counter --runs $RUNS
use "$CHEATS/shared-counter-whole-thread-lock.c" threads/shared-counter
expect 1 "the threads take turns|the threads run one after the other" \
    "cheat: one lock around each thread's whole loop" -- ex check threads/shared-counter --runs $RUNS
use "$CHEATS/shared-counter-does-not-compile.c" threads/shared-counter
expect 1 "does not compile.*|threads/shared-counter.c:[0-9]+:[0-9]+: error" "a fix that does not compile" \
    -- ex check threads/shared-counter --runs 1
use "$CHEATS/shared-counter-hangs.c" threads/shared-counter
expect 1 "timeout" "a fix that deadlocks: timeout (possible deadlock)" \
    -- ex check threads/shared-counter --runs 1
# A fence: refused with the reason (no tool here models it), never called a race. The scan's
# cache is racelab's own: a build of racelab with other rules scans again.
use "$ROOT/tests/programs/redteam/atomics/relaxed-publication/fix-fences.c" atomics/relaxed-publication
expect 1 "relaxed-publication.c:[0-9]+: .*standalone memory fence.*does not model" \
    "a fence: refused, the tools cannot judge it" \
    -- "$RACELAB" --build-dir "$TMP/scan-cache" exercise check atomics/relaxed-publication \
    --runs 1 --dir "$WS"
cp "$RACELAB" "$TMP/racelab-other" && printf 'x' >>"$TMP/racelab-other"
"$TMP/racelab-other" --root "$ROOT" --build-dir "$TMP/scan-cache" exercise check \
    atomics/relaxed-publication --runs 1 --dir "$WS" >/dev/null 2>&1
n=$(find "$TMP/scan-cache" -name 'optout-*' | wc -l)
[ "$n" -eq 2 ] && ok "the scan's cache is keyed by racelab's own binary" ||
    bad "another racelab reused the scan cached by this one ($n cache files, want 2)"
use "$TMP/fresh-relaxed.c" atomics/relaxed-publication
printf 'int main(void)\0\1\2' >"$WS/threads/shared-counter.c"
expect 1 "not a C source file" "binary junk" -- ex check threads/shared-counter --runs 1
use "$CHEATS/missing-reduction-one-thread.c" parallel/missing-reduction
expect 1 "fewer threads than the exercise needs" "cheat: OpenMP on one thread" \
    -- ex check parallel/missing-reduction --runs $RUNS

# Real fixes pass: the safe twin (with a student's comment, so that the
# solution has a diff to show), and a student's own fix of missing-reduction.
{ cat "$ROOT/safe/threads/shared-counter.c"; echo "/* fixed it */"; } >"$TMP/fix.c"
use "$TMP/fix.c" threads/shared-counter
expect 0 "PASS threads/shared-counter" "the fix passes" -- ex check threads/shared-counter --runs $RUNS
expect 0 "1/42 done" "progress counts it" -- ex list
expect 0 "\+\+\+ reference \(safe/threads/shared-counter.c\)" "solution: the diff with the reference" \
    -- ex solution threads/shared-counter
expect 0 "In Rust \(rust/safe/threads/shared-counter.rs\)" "solution: the Rust twin" \
    -- ex solution threads/shared-counter
sed 's/#pragma omp parallel for num_threads(2)/#pragma omp parallel for num_threads(2) reduction(+ : sum)/' \
    "$ROOT/cases/parallel/missing-reduction.c" >"$WS/parallel/missing-reduction.c"
expect 0 "PASS parallel/missing-reduction" "a student's reduction passes" \
    -- ex check parallel/missing-reduction --runs $RUNS
expect 2 "run it in a terminal to confirm, or add --yes" "reset asks first" \
    -- ex reset parallel/missing-reduction
expect 0 "the original buggy program again" "reset --yes" -- ex reset parallel/missing-reduction --yes
# The original is the student's starting copy (the task, not the case's header), as start makes it.
"$RACELAB" exercise start --dir "$TMP/fresh" >/dev/null 2>&1
cmp -s "$WS/parallel/missing-reduction.c" "$TMP/fresh/parallel/missing-reduction.c" &&
    ok "reset restored the original" || bad "reset did not restore the original"

# ---- a session through tmux, as a student types it ---------------------------------
# wait_for PATTERN SECONDS: until the pane shows PATTERN.
wait_for() {
    i=0
    while [ "$i" -lt $(($2 * 5)) ]; do
        tmux capture-pane -p -S -200 -t "$SESSION" >"$TMP/pane" 2>/dev/null
        grep -qE -- "$1" "$TMP/pane" && return 0
        sleep 0.2
        i=$((i + 1))
    done
    return 1
}
step() { # step DESCRIPTION PATTERN SECONDS: the pane shows PATTERN in time.
    if wait_for "$2" "$3"; then ok "tmux: $1"; else
        bad "tmux: $1: no /$2/ on the screen"; tail -25 "$TMP/pane" | sed 's/^/      /'
    fi
}
type_line() { tmux send-keys -t "$SESSION" "$1" Enter; }

WS2=$TMP/class
tmux new-session -d -s "$SESSION" -x 160 -y 50 "env -i PATH=$PATH HOME=$TMP TERM=xterm sh"
type_line "cd $TMP && export R=$RACELAB && \$R exercise start --dir $WS2; echo started-\$?"
step "start" "started-0" 30
type_line "\$R exercise check threads/shared-counter --dir $WS2 --runs 2; echo checked-\$?"
step "check fails" "checked-1" 120
type_line "clear; \$R exercise hint --dir $WS2"
step "hint" "hint 1 of [3-9] \(a nudge\)" 30
type_line "clear; cp $TMP/fix.c $WS2/threads/shared-counter.c; \$R exercise check --dir $WS2 --runs 2; echo checked-\$?"
step "check passes after the edit" "checked-0" 120
type_line "clear; \$R exercise solution threads/shared-counter --dir $WS2 | head -5"
step "solution shown" "reference \(safe/threads/shared-counter.c\)" 30

# watch: a verdict on start, another on every save, keys h, n and q.
cp "$ROOT/cases/threads/refcount-non-atomic.c" "$WS2/threads/refcount-non-atomic.c"
type_line "clear; \$R exercise watch threads/refcount-non-atomic --dir $WS2 --runs 2; echo watch-ended-\$?"
step "watch: first verdict" "NOT YET threads/refcount-non-atomic" 120
step "watch: waits, with its keys" "keys: n next exercise, h hint, l list, q quit" 30
cp "$ROOT/safe/threads/refcount-non-atomic.c" "$WS2/threads/refcount-non-atomic.c"
step "watch: the save is checked" "PASS threads/refcount-non-atomic" 120
step "watch: the progress bar" "2/42 done" 10
tmux send-keys -t "$SESSION" h
step "watch: h shows a hint" "refcount-non-atomic: .*|hint 1 of" 20
tmux send-keys -t "$SESSION" n
step "watch: n moves to the next exercise and checks it" "checking threads/static-buffer-helper|checking threads/[a-z-]+ \(" 120
tmux send-keys -t "$SESSION" q
step "watch: q quits" "watch-ended-0" 30
tmux kill-session -t "$SESSION" 2>/dev/null

# Without a terminal: plain output, no keys; SIGTERM ends it cleanly.
"$RACELAB" exercise watch threads/shared-counter --dir "$WS2" --runs 1 >"$TMP/watch.out" 2>&1 </dev/null &
pid=$!
i=0
while [ "$i" -lt 600 ] && ! grep -q "watching" "$TMP/watch.out"; do sleep 0.2; i=$((i + 1)); done
kill -TERM "$pid"
wait "$pid"
rc=$?
if [ "$rc" -eq 0 ] && grep -q "PASS threads/shared-counter" "$TMP/watch.out" &&
    ! grep -q "keys:" "$TMP/watch.out" && ! grep -q "$(printf '\033')" "$TMP/watch.out"; then
    ok "watch without a terminal: plain output, no keys, ends on SIGTERM"
else
    bad "watch without a terminal (exit $rc)"; sed 's/^/      /' "$TMP/watch.out" | head -20
fi

summary exercise.sh
