# tests/lib.sh: what the shell tests share; sourced once TMP (a scratch
# directory of the script's own) is set.
#   ok WHAT / bad WHAT     count one check, and print it
#   expect STATUS PATTERN WHAT -- COMMAND...
#                          run COMMAND (stdin /dev/null), then check its exit
#                          status and that its output (stdout and stderr)
#                          matches the extended regex PATTERN (empty: any)
#   summary NAME           print the counts; fails when a check failed
passed=0
failed=0
# Full lines: the checks read racelab's reasons whole (a pipe is 100 columns
# to racelab otherwise); the ones about wrapping set COLUMNS themselves.
COLUMNS=1000
export COLUMNS

ok() { passed=$((passed + 1)); echo "  ok: $1"; }
bad() { failed=$((failed + 1)); echo "  FAILED: $1"; }

expect() {
    want=$1 pattern=$2 what=$3
    shift 4
    "$@" >"$TMP/out" 2>&1 </dev/null
    got=$?
    if [ "$got" -ne "$want" ]; then
        bad "$what: exit $got, expected $want"
        sed 's/^/      /' "$TMP/out" | head -30
    elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$TMP/out"; then
        bad "$what: output lacks /$pattern/"
        sed 's/^/      /' "$TMP/out" | head -30
    else
        ok "$what"
    fi
}

summary() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
