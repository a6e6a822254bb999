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

F=tests/programs/foreign
for prog in race-then-abort thread-crowd; do
    "$RACELAB" cc -o "$TMP/$prog" "$F/$prog.c" >/dev/null 2>&1 || bad "racelab cc builds $prog"
done
# Archer's crash is LLVM 14's: that build, whatever racelab's own toolchain.
"$RACELAB" --toolchain clang-14 cc --openmp -o "$TMP/archer-taskwait-depend" \
    "$F/archer-taskwait-depend.c" >/dev/null 2>&1 || bad "racelab cc builds archer-taskwait-depend"

# Findings made before a crash are kept, and the crash is placed in the
# program (main), not in libc's raise().
expect 1 "tsan on .*crashed: SIGABRT in main at race-then-abort.c:26" \
    "tsan: an abort is a crash placed in main" -- "$RACELAB" run --tool tsan -- "$TMP/race-then-abort"
for tool in tsan helgrind drd; do
    expect 1 "$tool on .*unexpected data-race" "$tool: the race before abort() is kept" -- \
        "$RACELAB" run --tool "$tool" -- "$TMP/race-then-abort"
    if grep -q "race-then-abort.c:\(15\|23\)" "$TMP/out"; then ok "$tool: the kept race names its line"
    else bad "$tool: the kept race lacks its line"; fi
done

# A tool's own failure is a tool error in its own words (exit 2), never the
# program's crash (1): Archer's NULL dereference on taskwait depend, and
# Valgrind's thread limit.
expect 2 "Archer \(ThreadSanitizer's OpenMP support\) crashed: SIGSEGV in libarcher" \
    "tsan: Archer's crash is a tool error" -- \
    "$RACELAB" run --tool tsan -- "$TMP/archer-taskwait-depend"
if grep -q "crash in" "$TMP/out"; then bad "Archer's crash also reads as the program's"; fi
# LLVM 19's Archer follows the same program, and finds it race-free.
if [ -x /usr/lib/llvm-19/bin/clang ]; then
    if "$RACELAB" --toolchain clang-19 cc --openmp -o "$TMP/archer19" "$F/archer-taskwait-depend.c" \
        >/dev/null 2>&1; then
        expect 0 "pass 0/" "tsan: LLVM 19's Archer judges the taskwait depend program clean" -- \
            "$RACELAB" --toolchain clang-19 run --tool tsan -- "$TMP/archer19"
    else
        bad "racelab --toolchain clang-19 cc builds archer-taskwait-depend"
    fi
fi
for tool in helgrind drd; do
    expect 2 "the 'impossible' happened: Max number of threads is too low" \
        "$tool: Valgrind's thread limit is a tool error in its words" -- \
        "$RACELAB" run --tool "$tool" -- "$TMP/thread-crowd"
    if grep -q "not well-formed" "$TMP/out"; then bad "$tool: says 'not well-formed XML'"; fi
done
# One tool's failure does not hide another tool's race.
expect 1 "tsan on .*unexpected data-race" "a race TSan found fails the gate though Valgrind failed" -- \
    "$RACELAB" run -- "$TMP/thread-crowd" race

# One bug is one finding in every format, whichever tools and runs saw it:
# two tellers race on one balance, seen by TSan, Helgrind and DRD in every
# run of both builds (DRD at -O1 places the folded loop's load at its own line;
# the variable, which racelab names from the executable, makes it the same bug).
"$RACELAB" cc -o "$TMP/two-tellers" "$F/two-tellers.c" >/dev/null 2>&1 ||
    bad "racelab cc builds two-tellers"
expect 1 "data race on 'balance' at .*two-tellers.c:26 \(in 4/4 runs, tsan \+ helgrind \+ drd\)" \
    "text: the race once, with its tools and runs" -- \
    "$RACELAB" run --tool all --runs 2 --all-runs --format text --format sarif --output "$TMP/tt.sarif" \
    --format junit --output "$TMP/tt.xml" --format json --output "$TMP/tt.json" \
    --format diagnostics --output "$TMP/tt.diag" --format github --output "$TMP/tt.gh" \
    -- "$TMP/two-tellers"
n=$(grep -c "^    data race" "$TMP/out")
if [ "$n" = 1 ]; then ok "text: one bug listed"; else bad "text: $n bugs listed, not 1"; fi
python3 - "$TMP" <<'PY' >"$TMP/formats" 2>&1
import json, sys, xml.etree.ElementTree as ET
tmp = sys.argv[1]
results = json.load(open(tmp + "/tt.sarif"))["runs"][0]["results"]
print("sarif", len(results), " ".join(results[0]["properties"]["tools"]) if results else "-",
      results[0]["properties"].get("runsSeen") == {"tsan": 4, "helgrind": 4, "drd": 4} if results else "-")
suite = ET.parse(tmp + "/tt.xml").getroot()
print("junit", suite.get("tests"), suite.get("failures"), suite.get("errors"))
bugs = json.load(open(tmp + "/tt.json"))["bugs"]
print("json", len(bugs), bugs[0]["runs_seen"]["drd"] if bugs else "-")
print("diagnostics", sum(" error: " in l for l in open(tmp + "/tt.diag")))
print("github", sum(l.startswith("::error ") for l in open(tmp + "/tt.gh")))
PY
for want in "sarif 1 tsan helgrind drd True" "junit 1 1 0" "json 1 [4, 4]" "diagnostics 1" "github 1"; do
    if grep -qxF "$want" "$TMP/formats"; then ok "one bug: $want"
    else bad "one bug: wanted '$want', got: $(tr '\n' ';' <"$TMP/formats")"; fi
done

# A tool stops at its first decisive run: of TSan's six runs (three of each
# build), only those already going when the first found the race are made.
expect 1 "tsan on .*: unexpected data-race in ([12])/\\1 runs; found under .*; [45] more runs not needed" \
    "tsan: the runs after the first decisive one are not made" -- \
    "$RACELAB" run --tool tsan --runs 3 -- "$TMP/two-tellers"

# Severities: a thread leak warns (exit 0, the leak shown), --fail-on makes
# it fail; SARIF level "warning", a GitHub ::warning annotation.
"$RACELAB" cc -o "$TMP/unjoined-worker" "$F/unjoined-worker.c" >/dev/null 2>&1 ||
    bad "racelab cc builds unjoined-worker"
expect 0 "tsan: warning: thread-leak in 2/2 runs" "a thread leak is a warning (at -O1 and -O0)" -- \
    "$RACELAB" run -- "$TMP/unjoined-worker"
if grep -q "created by main thread at .*unjoined-worker.c:49" "$TMP/out"; then ok "the warning says where"
else bad "the warning does not say where the thread was created"; fi
expect 1 "unexpected thread-leak" "--fail-on thread-leak fails on it" -- \
    "$RACELAB" run --tool tsan --fail-on thread-leak -- "$TMP/unjoined-worker"
expect 2 "fails the gate already" "--fail-on a kind that always fails is a usage error" -- \
    "$RACELAB" run --fail-on data-race -- "$TMP/unjoined-worker"
expect 2 "unknown finding kind 'leak'" "--fail-on an unknown kind" -- \
    "$RACELAB" run --fail-on leak -- "$TMP/unjoined-worker"
expect 0 "^::warning file=.*unjoined-worker.c,line=[0-9]+.*thread leak" "GitHub: a ::warning" -- \
    "$RACELAB" run --tool tsan --format github -- "$TMP/unjoined-worker"
if grep -q "^::error" "$TMP/out"; then bad "GitHub: the leak is also an ::error"; fi
expect 0 "" "SARIF of a leak" -- "$RACELAB" run --tool tsan --format sarif --output "$TMP/leak.sarif" \
    -- "$TMP/unjoined-worker"
levels=$(python3 -c 'import json, sys
print(" ".join(r["level"] for run in json.load(open(sys.argv[1]))["runs"] for r in run["results"]))' \
    "$TMP/leak.sarif")
if [ "$levels" = warning ]; then ok "SARIF: one result, level warning"
else bad "SARIF: the leak's results have levels '$levels', not one warning"; fi

# Helgrind and DRD do not model pthread_once: a table its routine built,
# read by threads that took glibc's fast path, is not a race. The report is
# kept as a filtered finding that says why (JSON filtered_by "tool-model").
"$RACELAB" cc -o "$TMP/crc-once" bench/accuracy/pthread/crc-table-pthread-once.c >/dev/null 2>&1 ||
    bad "racelab cc builds crc-table-pthread-once"
expect 0 "run/crc-once +run +pass 0/2 +pass 0/2" "helgrind, drd: a pthread_once table is not a race" -- \
    "$RACELAB" run --tool helgrind,drd --format text --format json --output "$TMP/once.json" \
    -- "$TMP/crc-once"
kept=$(python3 -c 'import json, sys
print(sum(f.get("filtered_by") == "tool-model" for r in json.load(open(sys.argv[1]))["results"]
          if r["tool"] == "helgrind" for f in r["filtered"]))' "$TMP/once.json")
if [ "$kept" -ge 1 ]; then ok "helgrind's once-routine report is kept, marked tool-model"
else bad "helgrind's once-routine report is not kept as tool-model ($kept)"; fi

# TSan does not model atomic_thread_fence: a release fence before a relaxed
# flag, an acquire fence after it, order the sample's writes before its reads,
# and TSan's report of them is kept as tool-model; without the release fence
# the race is real and fails.
for p in telemetry-fence-pair telemetry-fence-relaxed-flag; do
    "$RACELAB" cc -o "$TMP/$p" "bench/accuracy/pthread/$p.c" >/dev/null 2>&1 || bad "racelab cc builds $p"
done
expect 0 "run/telemetry-fence-pair +run +pass 0/2" "tsan: a fence pair is not a race" -- \
    "$RACELAB" run --tool tsan --format text --format json --output "$TMP/fence.json" \
    -- "$TMP/telemetry-fence-pair"
kept=$(python3 -c 'import json, sys
print(sum(f.get("filtered_by") == "tool-model" for r in json.load(open(sys.argv[1]))["results"]
          for f in r["filtered"]))' "$TMP/fence.json")
if [ "$kept" -ge 1 ]; then ok "tsan's report on the fence pair is kept, marked tool-model"
else bad "tsan's report on the fence pair is not kept as tool-model ($kept)"; fi
expect 1 "data race on 'sample' at .*telemetry-fence-relaxed-flag.c:44" \
    "tsan: an acquire fence with no release to pair with is still a race" -- \
    "$RACELAB" run --tool tsan -- "$TMP/telemetry-fence-relaxed-flag"
# Decoy fences: an acquire fence after loading `ready`, a release on an
# unrelated `decoy`: the two go through different globals, and the race counts
# in both builds.
"$RACELAB" cc -o "$TMP/decoy-fences" \
    tests/programs/redteam/atomics/relaxed-publication/cheat-decoy-fences.c -- -Iinclude \
    >/dev/null 2>&1 || bad "racelab cc builds cheat-decoy-fences"
expect 1 "unexpected data-race in 2/2 runs; found under -O0 and -O1" \
    "tsan: a fence pair through two different atomics is a race" -- \
    "$RACELAB" run --tool tsan --all-runs -- "$TMP/decoy-fences"

# The tools that can judge the program: Helgrind and DRD are n/a on OpenMP
# and on C11 atomics unless asked for, and then run with a caveat.
"$RACELAB" cc -o "$TMP/atomic-handoff" "$F/atomic-handoff.c" >/dev/null 2>&1 ||
    bad "racelab cc builds atomic-handoff"
expect 0 "n/a: the tool cannot judge this program" "C11 atomics: Helgrind and DRD are n/a by default" -- \
    "$RACELAB" run -- "$TMP/atomic-handoff"
if grep -qE "^run/atomic-handoff +run +pass [0-9/]+ +n/a \[1\] +n/a \[1\]" "$TMP/out" &&
    grep -q "uses C11 atomics" "$TMP/out"; then ok "C11 atomics: TSan judges, the others say why not"
else bad "C11 atomics: not TSan alone with the reason"; sed 's/^/      /' "$TMP/out" | head; fi
expect 2 "an OpenMP program: Valgrind's tools do not understand" "OpenMP: Helgrind and DRD n/a" -- \
    "$RACELAB" run -- "$TMP/archer-taskwait-depend"
"$RACELAB" cc -o "$TMP/hg-clean-handoff" "$F/hg-clean-handoff.c" >/dev/null 2>&1 ||
    bad "racelab cc builds hg-clean-handoff"
expect 0 "n/a \[1\].*" "VALGRIND_HG_CLEAN_MEMORY: DRD is n/a, TSan and Helgrind pass" -- \
    "$RACELAB" run --explore thorough -- "$TMP/hg-clean-handoff"
if grep -qE "^run/hg-clean-handoff +run +pass [0-9/]+ +pass [0-9/]+ +n/a \[1\]" "$TMP/out" &&
    grep -q "VALGRIND_HG_CLEAN_MEMORY, which DRD ignores" "$TMP/out"; then ok "DRD says why not"
else bad "hg-clean-handoff: not TSan and Helgrind with DRD n/a"; sed 's/^/      /' "$TMP/out" | head; fi
# C11 threads: racelab cc links the shim that makes <threads.h> of pthread
# calls the tools see, and every tool judges the program. Built without it,
# they crash clang 14's TSan in its own handler: a tool error, with why.
"$RACELAB" cc -o "$TMP/c11-thrd-counter" "$F/c11-thrd-counter.c" >/dev/null 2>&1 ||
    bad "racelab cc builds c11-thrd-counter"
expect 0 "run/c11-thrd-counter +run +pass 0/2 +pass 0/2 +pass 0/2" \
    "C11 threads built by racelab cc: TSan, Helgrind and DRD judge them" -- \
    "$RACELAB" run --tool all -- "$TMP/c11-thrd-counter"
# pthread_spin_lock: racelab cc's plain builds link one Helgrind follows
# (glibc's re-enters Helgrind's wrapper and reads as a recursive lock).
"$RACELAB" cc -o "$TMP/spin-counter" "$F/spin-counter.c" >/dev/null 2>&1 ||
    bad "racelab cc builds spin-counter"
expect 0 "run/spin-counter +run +pass 0/2" "helgrind: a spinlock counter built by racelab cc passes" \
    -- "$RACELAB" run --tool helgrind -- "$TMP/spin-counter"
# shellcheck disable=SC2046 # the flags are words
clang $("$RACELAB" flags tsan) -o "$TMP/c11-bare.tsan" "$F/c11-thrd-counter.c" >/dev/null 2>&1 ||
    bad "clang builds c11-thrd-counter without the shim"
expect 2 "nested bug.*does not follow C11 thrd_create" \
    "TSan on C11 threads without the shim: a tool error that says why" \
    -- "$RACELAB" run --tool tsan -- "$TMP/c11-bare.tsan"

# The fallback: by default TSan alone judges what it can, and Helgrind and
# DRD are not needed (JUnit: skipped, with why)...
expect 0 "run/c11-thrd-counter +run +pass 0/2 +not run +not run" \
    "default plan: TSan judges, Helgrind and DRD are not needed" -- \
    "$RACELAB" run --format text --format junit --output "$TMP/fb.xml" -- "$TMP/c11-thrd-counter"
if grep -q "helgrind, drd: not run: tsan judged the program" "$TMP/out" &&
    grep -q 'name="not run under drd"' "$TMP/fb.xml"; then ok "the fallback not run says why"
else bad "the fallback not run does not say why"; fi
# ... but where TSan could not judge, they run, and say so. Built without the
# shim, C11 threads crash clang 14's TSan and DRD's own pthread_create
# wrapper (glibc's thrd_create passes it a marker): two tool errors in their
# tools' words, made up for by Helgrind, which judges the program clean: the
# gate passes (exit 0), the errors are notes, not failures.
# shellcheck disable=SC2046 # the flags are words
clang $("$RACELAB" flags valgrind) -o "$TMP/c11-bare" "$F/c11-thrd-counter.c" >/dev/null 2>&1 ||
    bad "clang builds c11-thrd-counter without the shim (plain)"
expect 0 "helgrind, drd: run as the fallback: tsan could not judge the program in 1/1 runs \(ThreadSanitizer crashed inside its own signal handler" \
    "a TSan tool error: Helgrind and DRD run as the fallback" -- \
    "$RACELAB" run --format text --format junit --output "$TMP/fb.xml" -- "$TMP/c11-bare"
if grep -qE "^run/c11-bare +run +TOOL ERR 1/1 +pass 0/1 +TOOL ERR 1/1" "$TMP/out" &&
    grep -q "DRD crashed in its own wrapper of pthread_create (vgpreload_drd-amd64-linux.so): SIGSEGV, when the C library's thrd_create called it from main" "$TMP/out" &&
    ! grep -q "crash in" "$TMP/out" &&
    grep -q "^OK: the tools that could judge the program found nothing" "$TMP/out"; then
    ok "DRD's crash in its own wrapper is a tool error, and Helgrind's verdict stands"
else bad "the fallback's verdicts are not as expected"; sed 's/^/      /' "$TMP/out" | head -12; fi
counts=$(python3 -c 'import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot()
print(s.get("tests"), s.get("failures"), s.get("errors"), s.get("skipped"))' "$TMP/fb.xml")
if [ "$counts" = "3 0 0 2" ]; then ok "JUnit: the made-up-for tool errors are skipped, not errors"
else bad "JUnit: tests failures errors skipped = $counts, not 3 0 0 2"; fi
# A library TSan does not see (built without -fsanitize=thread): Helgrind and
# DRD run beside TSan, not as its fallback, and find the race inside it.
mkdir -p "$TMP/lib"
clang -g -gdwarf-4 -O1 -fPIC -shared -o "$TMP/lib/libtally.so" "$F/tally-lib.c" ||
    bad "clang builds libtally.so"
"$RACELAB" cc -o "$TMP/lib/tally-user" "$F/tally-user.c" -- -L"$TMP/lib" -ltally \
    -Wl,-rpath,'$ORIGIN' >/dev/null 2>&1 || bad "racelab cc builds tally-user"
expect 1 "helgrind, drd: run beside tsan, not as its fallback: the program loads libtally.so" \
    "an uninstrumented library: Helgrind and DRD run beside TSan" -- \
    "$RACELAB" run -- "$TMP/lib/tally-user"
if grep -qE "^run/tally-user +run +pass 0/2 +FAIL" "$TMP/out" &&
    grep -q "data race on 'visits' at .*tally-lib.c:13" "$TMP/out"; then
    ok "the race inside the library, which TSan cannot see, fails the gate"
else bad "the race inside the uninstrumented library is not found"; sed 's/^/      /' "$TMP/out" | head; fi
# Built with -fsanitize=thread, the library is TSan's to judge, and it does.
clang -fsanitize=thread -g -O1 -fPIC -shared -o "$TMP/lib/libtally.so" "$F/tally-lib.c" ||
    bad "clang builds an instrumented libtally.so"
expect 1 "tsan on .*tally-user: unexpected data-race" \
    "an instrumented library: TSan judges, and sees the race" -- \
    "$RACELAB" run -- "$TMP/lib/tally-user"
if grep -qE "^run/tally-user +run +FAIL [0-9/]+ +not run +not run" "$TMP/out"; then
    ok "an instrumented library leaves Helgrind and DRD as the fallback"
else bad "an instrumented library: not TSan alone"; sed 's/^/      /' "$TMP/out" | head; fi
# Asked for by name, each tool must work: the same errors are exit 2.
expect 2 "^TOOL ERROR: a tool could not judge the program" "--tool all: a tool error is exit 2" -- \
    "$RACELAB" run --tool all -- "$TMP/c11-bare"
"$RACELAB" run --tool helgrind -- "$TMP/atomic-handoff" >"$TMP/out" 2>&1
if grep -q "caveat: helgrind runs as asked, though it cannot judge this program" "$TMP/out"; then
    ok "--tool helgrind on atomics runs it, with a caveat"
else bad "--tool helgrind on atomics: no caveat"; fi

# The exploration plan: racelab cc makes -O0 builds beside the -O1 ones, and
# run tries them and large OpenMP teams, saying where each finding was found.
"$RACELAB" cc -o "$TMP/dead-load-race" "$F/dead-load-race.c" >/dev/null 2>&1 ||
    bad "racelab cc builds dead-load-race"
if [ -x "$TMP/dead-load-race.O0" ] && [ -x "$TMP/dead-load-race.O0.tsan" ]; then
    ok "racelab cc writes PROGRAM.O0 and PROGRAM.O0.tsan"
else bad "racelab cc did not write the -O0 builds"; fi
expect 0 "" "--explore off: the -O1 build hides the dead load's race" -- \
    "$RACELAB" run --tool tsan --explore off -- "$TMP/dead-load-race"
expect 1 "unexpected data-race in 1/2 runs; found under -O0" "by default, the -O0 build shows it" -- \
    "$RACELAB" run --tool tsan -- "$TMP/dead-load-race"
if grep -q "dead-load-race.c:25" "$TMP/out"; then ok "the -O0 finding names the racy load"
else bad "the -O0 finding lacks dead-load-race.c:25"; fi
"$RACELAB" cc --openmp -o "$TMP/omp-pair-update" "$F/omp-pair-update.c" >/dev/null 2>&1 ||
    bad "racelab cc builds omp-pair-update"
expect 0 "" "a team of 2, --explore off: the pairs never split" -- \
    env OMP_NUM_THREADS=2 "$RACELAB" run --explore off -- "$TMP/omp-pair-update"
expect 1 "found under .*OMP_NUM_THREADS=8" "by default, a team of 8 splits them" -- \
    env OMP_NUM_THREADS=2 "$RACELAB" run -- "$TMP/omp-pair-update"
if grep -q "OMP_NUM_THREADS=2 (yours)" "$TMP/out" || ! grep -q "found under .*OMP_NUM_THREADS=2" "$TMP/out"
then ok "the user's OMP_NUM_THREADS is one configuration"
else bad "the user's OMP_NUM_THREADS is not marked as theirs"; fi
expect 1 '"plan": \["-O1, OMP_NUM_THREADS=2 \(yours\)", "-O0, OMP_NUM_THREADS=2 \(yours\)", "-O1, OMP_NUM_THREADS=8", "-O0, OMP_NUM_THREADS=8", "-O1, OMP_NUM_THREADS=32", "-O0, OMP_NUM_THREADS=32"\]' \
    "--explore thorough adds a team of 32" -- \
    env OMP_NUM_THREADS=2 "$RACELAB" run --explore thorough --format json -- "$TMP/omp-pair-update"
expect 1 "found under .*OMP_NUM_THREADS=32" "--all-runs: the team of 32 shows the race too" -- \
    env OMP_NUM_THREADS=2 "$RACELAB" run --explore thorough --all-runs -- "$TMP/omp-pair-update"
# OpenMP tasks race only when the runtime puts them on two threads, decided
# anew each run: each configuration gets three runs.
"$RACELAB" cc --openmp -o "$TMP/task-pipeline" bench/accuracy/openmp/audio-block-task-pipeline.c \
    >/dev/null 2>&1 || bad "racelab cc builds audio-block-task-pipeline"
expect 0 "1 program, 3 tools, 12 runs each" "OpenMP tasks: three runs of each of the 4 configurations" \
    -- "$RACELAB" run -- "$TMP/task-pipeline"
expect 2 "--explore takes off, quick or thorough, not 'deep'" "--explore deep" -- \
    "$RACELAB" run --explore deep -- "$TMP/omp-pair-update"

# Timeouts told apart from outside: blocked threads are a deadlock (exit 1),
# a program still computing is too slow under the tool (exit 2).
"$RACELAB" cc -o "$TMP/opposite-order-hang" "$F/opposite-order-hang.c" >/dev/null 2>&1 ||
    bad "racelab cc builds opposite-order-hang"
"$RACELAB" cc -o "$TMP/slow-under-valgrind" "$F/slow-under-valgrind.c" >/dev/null 2>&1 ||
    bad "racelab cc builds slow-under-valgrind"
for tool in tsan drd; do
    expect 1 "deadlock: killed at the 5 s limit, every thread blocked" "$tool: a deadlock is a deadlock" \
        -- "$RACELAB" run --tool "$tool" --explore off --timeout 5 -- "$TMP/opposite-order-hang"
done
expect 2 "too slow under helgrind: still computing when killed at the 5 s limit.*natively it took [0-9.]+ s" \
    "helgrind: a slow correct program is too slow (with its native time), not a deadlock" -- \
    "$RACELAB" run --tool helgrind --explore off --timeout 5 -- "$TMP/slow-under-valgrind"
if grep -q "possible deadlock" "$TMP/out"; then bad "the slow program is still called a possible deadlock"; fi
# Without --timeout the limits scale from a native run: the deadlock hangs
# natively too, so TSan gets its 10 s start-up allowance, not 300 s.
expect 1 "deadlock: killed at the 10 s limit, every thread blocked .*it hangs natively too" \
    "tsan: a program that hangs natively is judged at the allowance" -- \
    "$RACELAB" run --tool tsan --explore off -- "$TMP/opposite-order-hang"
# and a quick correct program gets a limit that scales with it, and passes.
expect 0 "run/atomic-handoff +run +pass 0/1" "a quick correct program passes under the scaled limits" -- \
    "$RACELAB" run --explore off -- "$TMP/atomic-handoff"

# A report the tool's parser cannot read is a tool error that says why and
# keeps what the tool wrote, never "clean": the program garbles its own
# run's report files (tests/programs/hostile/garbled-report.c).
"$RACELAB" cc -o "$TMP/garbled" tests/programs/hostile/garbled-report.c >/dev/null 2>&1 ||
    bad "racelab cc builds garbled-report"
for tool in tsan helgrind drd; do
    bin="$TMP/garbled"
    [ "$tool" = tsan ] && bin="$TMP/garbled.tsan"
    expect 2 "'s output could not be read: line [0-9]+: .*\(kept in" \
        "$tool: an unreadable report is a tool error that keeps the file" -- \
        "$RACELAB" --build-dir "$TMP/garbled-build" run --tool "$tool" --runs 1 -- "$bin"
    kept=$(tr '\n' ' ' <"$TMP/out" | sed -n 's/.*(kept in *\([^)]*\)).*/\1/p' | tr -d ' ')
    if [ -n "$kept" ] && [ -s "$kept" ] && grep -q "ThreadSanitizer: data race\|this is not XML" "$kept"; then
        ok "$tool: the kept file holds the garbled report"
    else
        bad "$tool: no kept file with the garbled report ('$kept')"
    fi
done

# A smoke of make accuracy: two labelled programs, one of each label, every
# column scored and the report written.
expect 0 "racelab default \| 2 \| " "make accuracy's script on two programs" -- \
    scripts/accuracy --only 'hidden/(route-cache-generation-peek|config-snapshot-before-spawn)' \
    --timeout 60 --out "$TMP/accuracy" "$RACELAB"
for col in "raw tsan" "raw helgrind" "raw drd" "racelab default: tsan"; do
    if grep -q "^| $col | 2 |" "$TMP/accuracy/report.md"; then ok "accuracy report scores $col"
    else bad "accuracy report lacks $col"; fi
done
for plan in "default \\(.*timed alone" "default \\(.*in the accuracy pass" "thorough \\("; do
    if grep -qE "^- $plan.*\): median [0-9.]+x, worst [0-9.]+x, on the 2 programs" \
        "$TMP/accuracy/report.md"; then ok "accuracy report times the plan: $plan"
    else bad "accuracy report does not time the plan: $plan"; fi
done

summary "run-foreign"
