#!/bin/sh
# tests/harness-under-helgrind.sh BINARY: racelab is concurrent code itself
# (a pool of workers, a streaming printer). Run a real check, two cases
# under TSan and the static tools with two workers, inside Helgrind, and fail on any report
# about racelab's own threads. (The programs under test run as children,
# outside Helgrind: --trace-children=no.)
set -u
RACELAB=$(realpath "${1:-build/racelab}")
cd "$(dirname "$0")/.."
out=$(mktemp /tmp/racelab-helgrind.XXXXXX)
# A fresh build directory: every build and static analysis really runs.
builds=$(mktemp -d /tmp/racelab-helgrind-build.XXXXXX)
trap 'rm -rf "$out" "$builds"' EXIT
valgrind --tool=helgrind --error-exitcode=99 --trace-children=no -q \
    "$RACELAB" --build-dir "$builds" check threads/shared-counter locking/lock-order-inversion --tools tsan,tsa,analyzer,tidy -j 2 >"$out" 2>&1
status=$?
if [ "$status" -eq 0 ]; then
    echo "1 passed, 0 failed (racelab check under Helgrind: no reports)"
    exit 0
fi
echo "racelab check under Helgrind: exit $status"
cat "$out"
echo "0 passed, 1 failed"
exit 1
