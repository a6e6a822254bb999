#!/bin/sh
# tests/executor.sh: proves include/racelab/executor.h, the runtime every async case
# uses, correct and race-free: tests/executor/executor_test.c is built and run
# natively, under ThreadSanitizer, under Helgrind and under DRD. Each leg must exit 0
# with no report (TSan: halt_on_error, exit 66 on any warning; Valgrind: exit 1 on
# any error). One line per leg; exit status 1 if any leg failed.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d /tmp/racelab-executor.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
SRC="$ROOT/tests/executor/executor_test.c"
CFLAGS="-std=c17 -Wall -Wextra -Werror -g -O1 -pthread -I$ROOT/include"
LIMIT=600 # seconds per leg; Helgrind is slow on a shared machine
failed=0

# leg NAME COMMAND...: run COMMAND; pass if it exits 0 and prints no tool report.
leg() {
    name=$1
    shift
    start=$(date +%s)
    timeout "$LIMIT" "$@" >"$TMP/$name.out" 2>&1
    status=$?
    secs=$(($(date +%s) - start))
    if [ "$status" -eq 0 ] && ! grep -qE 'WARNING: ThreadSanitizer|^==[0-9]+== [A-Z]' "$TMP/$name.out"; then
        echo "ok: executor $name (${secs}s)"
    else
        echo "FAILED: executor $name (exit $status, ${secs}s)"
        sed 's/^/    /' "$TMP/$name.out" | tail -60
        failed=1
    fi
}

# The build: any warning is an error, as for the cases.
if ! clang $CFLAGS -o "$TMP/native" "$SRC" ||
    ! clang $CFLAGS -fsanitize=thread -o "$TMP/tsan" "$SRC" ||
    ! clang $CFLAGS -gdwarf-4 -o "$TMP/valgrind" "$SRC"; then
    echo "FAILED: executor build"
    exit 1
fi

# Valgrind reads ~/.valgrindrc, ./.valgrindrc and VALGRIND_OPTS: neutralise them.
unset VALGRIND_OPTS
cd "$TMP"
leg native ./native
leg tsan env TSAN_OPTIONS="halt_on_error=1:exitcode=66" ./tsan
leg helgrind env HOME="$TMP" valgrind -q --tool=helgrind --error-exitcode=1 ./valgrind
leg drd env HOME="$TMP" valgrind -q --tool=drd --error-exitcode=1 ./valgrind
exit $failed
