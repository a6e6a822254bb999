#!/bin/sh
# check.sh: run every variant of fib and discipline once at a small size (make -C bench/c check).
# A variant passes when it exits 0 with exactly one line on stdout, that line is the JSON the
# runner expects (the fields in order, `variant` its own name), and `correct` is true (any value
# for racy, whose lost updates are the point). Bad arguments must exit 2. Ends with
# "N passed, N failed" and exits 1 if anything failed.
set -u
cd "$(dirname "$0")" || exit 2

passed=0
failed=0
out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT

# BENCH_THREADS for the next runs, when set (a plain prefix on a shell function call may or may
# not outlive the call, depending on the shell).
threads=

ok() { passed=$((passed + 1)); }
bad() {
    failed=$((failed + 1))
    echo "FAIL: $*"
}

# check PROGRAM BENCH VARIANT N: one run, judged as above.
check() {
    prog=$1 bench=$2 variant=$3 n=$4
    env ${threads:+BENCH_THREADS=$threads} ./"$prog" "$variant" "$n" >"$out"
    rc=$?
    lines=$(wc -l <"$out")
    if [ "$rc" -ne 0 ] || [ "$lines" -ne 1 ]; then
        bad "$prog $variant $n: exit $rc, $lines line(s) of output"
        return
    fi
    json="^\{\"bench\":\"$bench\",\"lang\":\"c\",\"variant\":\"$variant\",\"n\":$n,\"jobs\":[0-9]+,\"threads\":[0-9]+,\"repeats\":[0-9]+,\"seconds\":[0-9]+\.[0-9]+,\"result\":-?[0-9]+,\"correct\":(true|false)\}$"
    if ! grep -Eq "$json" "$out"; then
        bad "$prog $variant $n: not the expected JSON: $(cat "$out")"
    elif [ "$variant" != racy ] && ! grep -q '"correct":true}$' "$out"; then
        bad "$prog $variant $n: wrong answer: $(cat "$out")"
    else
        ok
    fi
}

# usage PROGRAM ARGS...: must be refused with exit 2 and nothing on stdout.
usage() {
    prog=$1
    shift
    env ${threads:+BENCH_THREADS=$threads} ./"$prog" "$@" >"$out" 2>/dev/null
    rc=$?
    if [ "$rc" -eq 2 ] && [ ! -s "$out" ]; then
        ok
    else
        bad "$prog $*: exit $rc (expected 2), $(wc -l <"$out") line(s) on stdout"
    fi
}

for v in $(./fib --list); do
    check fib fib "$v" 20
done
for v in $(./discipline --list); do
    check discipline discipline "$v" 200000
done
# count PROGRAM K: --list names K variants.
count() {
    if [ "$(./"$1" --list | wc -l)" -eq "$2" ]; then
        ok
    else
        bad "$1 --list: not $2 variants"
    fi
}
count fib 6
count discipline 9
for prog in fib discipline; do
    v=$(./"$prog" --list | head -n 1)
    usage "$prog"
    usage "$prog" no-such-variant
    usage "$prog" "$v" -1
    usage "$prog" "$v" 10x
    usage "$prog" "$v" 10 0
    usage "$prog" "$v" 10 3 extra
    threads=0
    usage "$prog" "$v" 10
    threads=
done
# BENCH_MIN_TIME: fib repeats a short measurement until the time is up (fib(20) x3 takes well
# under a millisecond, so more than once), once when it is 0, and refuses a bad value.
repeats() {
    env ${min_time:+BENCH_MIN_TIME=$min_time} ./fib seq 20 | grep -o '"repeats":[0-9]*' | cut -d: -f2
}
min_time=
if [ "$(repeats)" -gt 1 ]; then ok; else bad "fib seq 20: one repetition in BENCH_MIN_TIME's default"; fi
min_time=0
if [ "$(repeats)" -eq 1 ]; then ok; else bad "fib seq 20, BENCH_MIN_TIME=0: more than one repetition"; fi
min_time=
for bad_time in x -1 1e9; do
    if BENCH_MIN_TIME=$bad_time ./fib seq 20 >/dev/null 2>&1; then
        bad "fib with BENCH_MIN_TIME=$bad_time: accepted"
    else
        ok
    fi
done
# An odd thread count: shares that differ by one, and a thread left without a fib job.
threads=3
check fib fib pthreads-split 20
check discipline discipline per-thread-padded 200001
check discipline discipline mutex 200001

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
