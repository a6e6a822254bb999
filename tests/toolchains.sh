#!/bin/sh
# tests/toolchains.sh BINARY: racelab under each clang it supports, and on
# binaries gcc built (issue 17). The unit tests check the whole catalog under
# the default toolchain (the newest installed); here every other installed
# one checks it too, each toolchain's OpenMP build loads its own libomp and
# Archer, and `racelab run` judges gcc's ThreadSanitizer (libtsan) builds.
set -u
RACELAB=$(realpath "${1:-build/racelab}")
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d /tmp/racelab-toolchains.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. "$ROOT/tests/lib.sh"

echo "racelab under each toolchain ($RACELAB)"

# The rows of harness/core/toolchain.c, as --help lists them, are the
# versions scripts/build-shims builds for.
rows=$("$RACELAB" --help | sed -n 's/^ *\(clang-[0-9][0-9]*\) (.*/\1/p' | tr '\n' ' ')
shims=$(sed -n 's/^TOOLCHAINS="\(.*\)"$/\1/p' scripts/build-shims | sed 's/\([0-9][0-9]*\)/clang-\1/g')
if [ "$rows" = "$shims " ]; then
    ok "scripts/build-shims builds for every supported toolchain ($rows)"
else
    bad "toolchain rows '$rows' and scripts/build-shims's '$shims' differ"
fi
installed=""
for tc in $rows; do
    [ -x "/usr/lib/llvm-${tc#clang-}/bin/clang" ] && installed="$installed $tc"
done
newest=${installed# }
newest=${newest%% *}
[ -n "$newest" ] || { bad "no supported clang is installed"; summary toolchains; exit 1; }

# Choosing one: by option, by variable, or the newest installed.
expect 0 "^/usr/lib/llvm-${newest#clang-}/bin/clang\$" "the default is the newest installed, $newest" -- \
    "$RACELAB" flags cc
expect 2 "--toolchain clang-9: not a toolchain racelab supports \\(clang-" \
    "an unknown --toolchain is refused, with the supported ones" -- \
    "$RACELAB" --toolchain clang-9 list
expect 2 "RACELAB_CLANG 7: not a toolchain racelab supports" "an unknown RACELAB_CLANG is refused" -- \
    env RACELAB_CLANG=7 "$RACELAB" list
for tc in $rows; do
    case " $installed " in
    *" $tc "*) ;;
    *)
        expect 2 "--toolchain $tc: .* is not installed; run 'sudo scripts/install-deps'" \
            "$tc, not installed, is refused with what to install" -- "$RACELAB" --toolchain "$tc" list
        continue
        ;;
    esac
    v=${tc#clang-}
    expect 0 "^/usr/lib/llvm-$v/bin/clang\$" "--toolchain $v picks $tc" -- "$RACELAB" --toolchain "$v" flags cc
    expect 0 "^/usr/lib/llvm-$v/bin/clang\$" "RACELAB_CLANG=$tc picks it" -- \
        env RACELAB_CLANG="$tc" "$RACELAB" flags cc

    # OpenMP: the build loads this release's libomp, which loads its Archer,
    # and TSan judges a team of 8 (the race) under it.
    if "$RACELAB" --toolchain "$tc" cc --openmp -o "$TMP/omp-$v" tests/programs/foreign/omp-pair-update.c \
        >"$TMP/cc.out" 2>&1; then
        libomp=$(ldd "$TMP/omp-$v.tsan" | sed -n 's/.*libomp.so.5 => \([^ ]*\).*/\1/p')
        dir=$(dirname "$libomp")
        if [ -f "$dir/libarcher.so" ] && strings "$dir/libarcher.so" | grep -q . &&
            "/usr/lib/llvm-$v/bin/clang" --version | grep -q "version $v\\." &&
            { [ "$dir" = "/usr/lib/llvm-$v/lib" ] || [ "$dir" = "/opt/racelab/llvm-$v/lib" ]; }; then
            ok "$tc: an OpenMP build loads LLVM $v's libomp and Archer ($dir)"
        else
            bad "$tc: the OpenMP build loads $libomp"
        fi
        OMP_TOOL_VERBOSE_INIT=stdout "$TMP/omp-$v.tsan" 2>&1 | grep -q "Opening libarcher.so... Success" &&
            ok "$tc: libomp starts Archer under TSan" || bad "$tc: libomp did not start Archer"
        expect 1 "data race" "$tc: racelab run finds the team-of-8 race with Archer" -- \
            "$RACELAB" --toolchain "$tc" run --tool tsan -- "$TMP/omp-$v"
    else
        bad "$tc: racelab cc builds an OpenMP program"
        sed 's/^/      /' "$TMP/cc.out" | head -10
    fi

    # The whole catalog, every expectation met (the default's is the unit tests').
    if [ "$tc" != "$newest" ]; then
        expect 0 "OK: every expectation met" "$tc: the whole catalog, every expectation met" -- \
            "$RACELAB" --toolchain "$tc" --build-dir "$ROOT/build/test-toolchain-$tc" check
    fi
done

# Where the toolchains differ, the header says so and explain shows why.
expect 0 "under clang-19.*: clang 19's TSan also reports the worker's last write" \
    "explain shows a toolchain line's reason" -- "$RACELAB" explain threads/exit-while-running

# Address-space randomisation: clang 14's TSan cannot place its shadow memory
# with 32 bits of it (newer kernels' default; CI runners lower it to 28),
# clang 19's can. As root, with both installed, the kernel's setting is
# raised for two runs and put back whatever happens.
rnd=/proc/sys/vm/mmap_rnd_bits
if [ "$(id -u)" -eq 0 ] && [ -w "$rnd" ] && [ -x /usr/lib/llvm-14/bin/clang ] &&
    [ -x /usr/lib/llvm-19/bin/clang ] &&
    "$RACELAB" --toolchain clang-14 cc -o "$TMP/rnd14" cases/threads/shared-counter.c -- -Iinclude \
        >/dev/null 2>&1 &&
    "$RACELAB" --toolchain clang-19 cc -o "$TMP/rnd19" cases/threads/shared-counter.c -- -Iinclude \
        >/dev/null 2>&1; then
    was=$(cat "$rnd")
    trap 'echo "$was" >"$rnd"; rm -rf "$TMP"' EXIT
    if echo 32 >"$rnd" 2>/dev/null; then
        expect 2 "unexpected memory mapping .*vm.mmap_rnd_bits=28.*build with clang 19" \
            "32 bits of mmap randomisation: clang 14's TSan fails, and the error says what to do" -- \
            "$RACELAB" run --tool tsan -- "$TMP/rnd14"
        expect 1 "data race on 'counter'" "32 bits of mmap randomisation: clang 19's TSan copes" -- \
            "$RACELAB" run --tool tsan -- "$TMP/rnd19"
    else
        echo "  (skipped: this kernel keeps vm.mmap_rnd_bits below 32)"
    fi
    echo "$was" >"$rnd"
fi

# gcc's ThreadSanitizer (libtsan): racelab run judges its builds, plain and
# TSan side by side as racelab cc would write them.
for variant in cases safe; do
    src=$variant/threads/shared-counter.c
    gcc -std=c17 -g -O1 -pthread -Iinclude "$src" -o "$TMP/gcc-$variant" &&
        gcc -std=c17 -g -O1 -pthread -fsanitize=thread -Iinclude "$src" -o "$TMP/gcc-$variant.tsan" ||
        bad "gcc builds $src"
done
readelf -d "$TMP/gcc-cases.tsan" | grep -q "libtsan" && ok "the gcc build links gcc's libtsan" ||
    bad "the gcc TSan build does not link libtsan"
expect 1 "data race on 'counter' at cases/threads/shared-counter.c" "gcc's libtsan build: the race is reported" -- \
    "$RACELAB" run --tool tsan -- "$TMP/gcc-cases"
expect 1 "helgrind.*data race|data race.*helgrind" "gcc's plain build: Helgrind reports the race too" -- \
    "$RACELAB" run --tool helgrind -- "$TMP/gcc-cases"
expect 0 "" "gcc's libtsan and plain builds of the safe twin pass under every tool" -- \
    "$RACELAB" run --tool all -- "$TMP/gcc-safe"

summary toolchains
