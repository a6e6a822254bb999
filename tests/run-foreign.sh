#!/bin/sh
# tests/run-foreign.sh BINARY: `racelab run` on programs racelab did not
# write, as a CI gate sees them (issue 15): what a run leaves behind, tool
# failures told from program failures, findings kept through crashes,
# severities, one finding per bug. Real tools on real programs, built here
# from tests/programs/foreign/ and tests/programs/hostile/.
set -u
RACELAB=$(realpath "${1:-build/racelab}")
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d /tmp/racelab-foreign.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. "$ROOT/tests/lib.sh"

echo "racelab run on foreign programs ($RACELAB)"

# Nothing outlives racelab: a setsid() double fork under each tool. The
# program prints the grandchild's pid; once racelab returns it must be gone.
"$RACELAB" cc -o "$TMP/escapee" tests/programs/hostile/escapee.c >/dev/null 2>&1 ||
    bad "racelab cc builds the escapee"
for tool in tsan helgrind drd; do
    bin="$TMP/escapee"
    [ "$tool" = tsan ] && bin="$TMP/escapee.tsan"
    rm -f "$TMP/pid"
    "$RACELAB" run --tool "$tool" -- "$bin" "$TMP/pid" >"$TMP/out" 2>&1
    pid=$(sed -n 's/^escapee \([0-9][0-9]*\)$/\1/p' "$TMP/pid" 2>/dev/null)
    if [ -z "$pid" ]; then
        bad "$tool: the escapee did not say its grandchild's pid"
        sed 's/^/      /' "$TMP/out" | head -10
    elif kill -0 "$pid" 2>/dev/null; then
        bad "$tool: the setsid() grandchild $pid outlived racelab run"
        kill -9 "$pid"
    else
        ok "$tool: the setsid() grandchild is gone when racelab run returns"
    fi
done

summary "run-foreign"
