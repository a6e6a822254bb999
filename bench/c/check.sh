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
    # fib pairs every variant but seq with seq (a number each); seq and discipline: null.
    paired=null
    if [ "$prog" = fib ] && [ "$variant" != seq ]; then paired='[0-9]+\.[0-9]+'; fi
    env ${threads:+BENCH_THREADS=$threads} ./"$prog" "$variant" "$n" >"$out"
    rc=$?
    lines=$(wc -l <"$out")
    if [ "$rc" -ne 0 ] || [ "$lines" -ne 1 ]; then
        bad "$prog $variant $n: exit $rc, $lines line(s) of output"
        return
    fi
    json="^\{\"bench\":\"$bench\",\"lang\":\"c\",\"variant\":\"$variant\",\"n\":$n,\"jobs\":[0-9]+,\"threads\":[0-9]+,\"repeats\":[0-9]+,\"seconds\":[0-9]+\.[0-9]+,\"baseline_seconds\":$paired,\"paired_speedup\":$paired,\"result\":-?[0-9]+,\"correct\":(true|false)\}$"
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
count fib 8
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
# BENCH_REPEATS: fib runs its jobs exactly that many times (once by default), whatever the
# variant, and refuses a count that is not a whole number in 1..1000.
repeats() {
    env ${count:+BENCH_REPEATS=$count} ./fib "$1" 20 | grep -o '"repeats":[0-9]*' | cut -d: -f2
}
count=
if [ "$(repeats seq)" -eq 1 ]; then ok; else bad "fib seq 20: not one repetition by default"; fi
count=7
for v in seq omp-tasks; do
    if [ "$(repeats $v)" -eq 7 ]; then ok; else bad "fib $v 20, BENCH_REPEATS=7: not 7 repetitions"; fi
done
# Paired: seq runs beside the variant, as often; its fastest time and the speed-up are reported.
paired_fields() {
    BENCH_REPEATS=5 ./fib omp-tasks 24 | grep -Eo '"(baseline_seconds|paired_speedup)":[0-9.]+' |
        wc -l
}
if [ "$(paired_fields)" -eq 2 ]; then ok; else bad "fib omp-tasks 24: no baseline or speed-up"; fi
count=
for bad_count in x 0 -1 1.5 1001; do
    if BENCH_REPEATS=$bad_count ./fib seq 20 >/dev/null 2>&1; then
        bad "fib with BENCH_REPEATS=$bad_count: accepted"
    else
        ok
    fi
done
# An odd thread count: shares that differ by one, and a thread left without a fib job.
threads=3
check fib fib pthreads-split 20
check fib fib pthreads 20
check fib fib ceiling 20
check discipline discipline per-thread-padded 200001
check discipline discipline mutex 200001
# One thread: no pthread made, the caller takes every job or leaf.
threads=1
check fib fib ceiling 20
check fib fib pthreads 20
check fib fib pthreads-split 20
# More threads than jobs: two of five pthreads find no job left.
threads=5
check fib fib pthreads 20
threads=

# `threads` is what ran the work: the five threads asked for (the caller and four pthreads), but
# one pthread per job whatever BENCH_THREADS says.
threads_of() { BENCH_THREADS=5 ./fib "$1" 20 | grep -o '"threads":[0-9]*' | cut -d: -f2; }
if [ "$(threads_of pthreads)" = 5 ]; then ok; else bad "fib pthreads 20, 5 threads: threads not 5"; fi
if [ "$(threads_of pthreads-per-job)" = 3 ]; then ok; else
    bad "fib pthreads-per-job 20, 3 jobs: threads not 3"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
