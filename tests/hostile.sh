#!/bin/sh
# tests/hostile.sh BINARY: what users feed racelab that it did not expect
# (issue 17, part 3). Each input gets a clear error or a right verdict, never a
# crash, a hang or a wrong pass:
#   - files given to racelab run that are not programs (text, a script, an
#     object file, a library, a directory, an empty file);
#   - catalog and workspace files that are binary junk, hold NUL bytes, are
#     10 MB, loop as symbolic links, are FIFOs or directories, or cannot be read;
#   - paths with spaces, newlines and non-ASCII letters;
#   - a build directory on a full disk and on a read-only one (tmpfs, as root);
#   - programs that close every descriptor, ignore SIGTERM in process groups of
#     their own, or fill /tmp;
#   - two racelab processes sharing one build directory at once.
# Every racelab command runs under `timeout`, so a hang fails the test instead
# of stopping it.
set -u
RACELAB=$(realpath "${1:-build/racelab}")
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d /tmp/racelab-hostile.XXXXXX)
MOUNTS=""
cleanup() {
    for m in $MOUNTS; do umount "$m" 2>/dev/null; done
    chmod -R u+rwX "$TMP" 2>/dev/null
    rm -rf "$TMP"
}
[ -n "${KEEP:-}" ] || trap cleanup EXIT
. "$ROOT/tests/lib.sh"
# A racelab command that must end within $LIMIT seconds; exit 124 otherwise
# (timeout's), which no expectation accepts.
LIMIT=300
rl() { timeout -k 5 "$LIMIT" "$RACELAB" "$@"; }
am_root() { [ "$(id -u)" -eq 0 ]; }

echo "racelab on hostile files and environments ($RACELAB)"

# --- racelab run on files that are not programs -----------------------------
N=$TMP/notprog
mkdir -p "$N/dir.x"
printf 'hello\nworld\n' >"$N/text"
printf '#!/bin/sh\necho hi\n' >"$N/script"
: >"$N/empty"
printf 'int f(void) { return 1; }\n' >"$N/f.c"
cc -c -o "$N/object" "$N/f.c" && cc -shared -fPIC -o "$N/library" "$N/f.c" ||
    bad "cc builds an object file and a library"
chmod +x "$N/text" "$N/script" "$N/empty" "$N/object" "$N/library"
for what in "text|not a program: neither an ELF executable nor a script \\(it starts with \"hello" \
    "script|a script \\(#!/bin/sh\\), not a compiled program" \
    "empty|an empty file, not a program" \
    "object|an object file \\(.o\\), not a program" \
    "library|a shared library, not a program" \
    "dir.x|a directory, not a program"; do
    f=${what%%|*} pattern=${what#*|}
    expect 2 "racelab run: .*$f: $pattern" "run: a +x $f is refused with why, not judged" -- \
        rl --build-dir "$TMP/b" run -- "$N/$f"
done

# --- catalog files ----------------------------------------------------------
# A small catalog: one good case, and beside it every kind of bad file. The
# good case is still listed and checked; each bad one is named with what is
# wrong, and the exit status is 2.
C=$TMP/catalog
mkdir -p "$C/cases/threads" "$C/safe/threads"
cp -r include "$C/"
cp cases/threads/shared-counter.c "$C/cases/threads/"
cp safe/threads/shared-counter.c "$C/safe/threads/"
head -c 4096 /dev/urandom >"$C/cases/threads/junk.c"
printf '/* racelab-case\n * title: x\n * bug: a NUL \000 here\n */\n' >"$C/cases/threads/nul.c"
{
    sed -n '1,/^ \* timeout:/p' cases/threads/shared-counter.c
    i=0
    while [ $i -lt 1000 ]; do
        printf ' * hint: %s\n' "$(printf '%0100d' 0)"
        i=$((i + 1))
    done
} >"$C/cases/threads/hints.c"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 \
    31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 \
    61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 \
    91 92 93 94 95 96 97 98 99 100; do
    cat "$C/cases/threads/hints.c"
done >"$C/cases/threads/huge-header.c" # about 10 MB
rm "$C/cases/threads/hints.c"
ln -s loop.c "$C/cases/threads/loop.c"
mkfifo "$C/cases/threads/fifo.c"
mkdir "$C/cases/threads/dir.c"
ln -s "$C/cases" "$C/cases/threads/family-loop"
expect 2 "cases/threads/junk.c: not a text file: line [0-9]+ holds a NUL byte" \
    "catalog: binary junk is named as not text" -- rl --root "$C" list
for what in "nul.c: not a text file: line 3 holds a NUL byte" \
    "huge-header.c: too large: [0-9.]+ MB" \
    "loop.c: cannot read: Too many levels of symbolic links" \
    "fifo.c: not a regular file \\(a FIFO\\)" \
    "dir.c: not a regular file \\(a directory\\)"; do
    if grep -qE "racelab: cases/threads/$what" "$TMP/out"; then ok "catalog: ${what%%:*} is named with why"
    else bad "catalog: ${what%%:*} is not named with why"; fi
done
if grep -q "threads/shared-counter .*lost update" "$TMP/out"; then ok "catalog: the good case is still listed"
else bad "catalog: the good case is not listed"; fi
expect 2 "threads/shared-counter +unsafe +FAIL|threads/shared-counter +unsafe +pass" \
    "catalog: the good case is still checked beside the bad files" -- \
    rl --root "$C" --build-dir "$TMP/cb" check threads/shared-counter --tools tsan
# A file only root could read: racelab run as nobody says it cannot read it.
if am_root; then
    chmod 755 "$TMP"
    cp cases/threads/shared-counter.c "$C/cases/threads/secret.c"
    chmod 000 "$C/cases/threads/secret.c"
    chmod -R a+rX "$C" && chmod 000 "$C/cases/threads/secret.c"
    mkdir -p "$TMP/nobody" && chown nobody "$TMP/nobody"
    expect 2 "cases/threads/secret.c: cannot read: Permission denied" \
        "catalog: an unreadable file is named (racelab as nobody)" -- \
        setpriv --reuid=nobody --regid=nogroup --clear-groups \
        timeout -k 5 "$LIMIT" "$RACELAB" --root "$C" --build-dir "$TMP/nobody/b" list
    rm -f "$C/cases/threads/secret.c"
else
    echo "  (not root: the unreadable-file leg needs another user to read as; skipped)"
fi

# --- workspace files --------------------------------------------------------
W=$TMP/ws
rl --build-dir "$TMP/wb" exercise start --dir "$W" >/dev/null 2>&1 || bad "exercise start"
SC=$W/threads/shared-counter.c
student() { # $1: what the student's file is now; then check it
    expect 1 "NOT YET threads/shared-counter: $2" "exercise: a student's $1 is refused with why" -- \
        rl --build-dir "$TMP/wb" exercise check threads/shared-counter --dir "$W" --runs 1 -j 1
    grep -qE "$3" "$TMP/out" || bad "exercise: the $1 is not described ($3)"
}
rm -f "$SC" && mkfifo "$SC"
student FIFO "not a C source file" "not a regular file \\(a FIFO\\)"
expect 0 "threads" "exercise list does not wait on the FIFO" -- rl exercise list --dir "$W"
rm -f "$SC" && ln -s shared-counter.c "$SC"
student "symbolic-link loop" "unreadable file" "Too many levels of symbolic links"
rm -f "$SC" && mkdir "$SC"
student directory "not a C source file" "not a regular file \\(a directory\\)"
rmdir "$SC" && printf 'int main(void) { return 0; }\000\n' >"$SC"
student "NUL byte" "not a C source file" "line 1 holds a NUL byte"
head -c 2097152 /dev/zero | tr '\0' '/' >"$SC"
student "2 MB file" "not a C source file" "too large: 2.0 MB"
printf 'threads/shared-counter pending 99999999999999999999\n' >"$W/progress.txt"
expect 2 "progress.txt:1: expected 'ID done\\|pending HINTS'" \
    "exercise: a hint count too large for an int is an error, not undefined" -- \
    rl exercise list --dir "$W"
printf 'x\000y\n' >"$W/progress.txt"
expect 2 "progress.txt: not a text file" "exercise: a progress file with a NUL byte is refused" -- \
    rl exercise list --dir "$W"

# --- paths with spaces, newlines and non-ASCII letters -------------------------
P="$TMP/with space/ünïcödé
newline"
mkdir -p "$P"
cp tests/programs/hostile/close-all-fds.c "$P/prog ü.c"
sed -i 's/counter++; \/\* the race \*\//__atomic_fetch_add(\&counter, 1, __ATOMIC_RELAXED);/' "$P/prog ü.c"
expect 0 "" "paths: racelab cc builds a source whose path has a space, a newline and ü" -- \
    rl cc -o "$P/prog ü" "$P/prog ü.c"
expect 0 "pass 0/[0-9]+ +pass 0/[0-9]+ +pass 0/[0-9]+" "paths: racelab run judges it, its build directory odd too" -- \
    rl --build-dir "$P/build dir" run --tool all -- "$P/prog ü"
if grep -q "^run/prog ü  run  " "$TMP/out" && grep -q "^CASE        VARIANT" "$TMP/out"; then
    ok "paths: the matrix pads the name by columns (ü is one)"
else bad "paths: the matrix is out of line for a UTF-8 name"; fi
CS="$TMP/my catalög"
mkdir -p "$CS" && cp -r include "$CS/" && mkdir -p "$CS/cases/threads" "$CS/safe/threads"
cp cases/threads/shared-counter.c "$CS/cases/threads/" && cp safe/threads/shared-counter.c "$CS/safe/threads/"
expect 0 "OK: every expectation met" "paths: a catalog root with a space and ö checks" -- \
    rl --root "$CS" --build-dir "$CS/build" check --tools tsan,helgrind,tsa

# An exercise workspace there too: the student's copy is checked (observed
# runs, the report channels) and its race found.
rl --build-dir "$P/build dir" exercise start --dir "$P/ws" >/dev/null 2>&1 ||
    bad "paths: exercise start in a workspace with a newline and ü"
expect 1 "NOT YET threads/shared-counter: data-race \\(tsan\\)" \
    "paths: an exercise in a workspace with a newline and ü is judged" -- \
    rl --build-dir "$P/build dir" exercise check threads/shared-counter --dir "$P/ws" --runs 1 -j 1

# --- a full disk and a read-only build directory (tmpfs, as root) ----------------
if am_root; then
    F=$TMP/full
    mkdir -p "$F"
    if mount -t tmpfs -o size=2m tmpfs "$F"; then
        MOUNTS="$F $MOUNTS"
        head -c 1900000 /dev/zero >"$F/filler" 2>/dev/null
        expect 2 "No space left on device" "disk: a full build directory is a clear error" -- \
            rl --build-dir "$F/b" check threads/shared-counter --tools tsan,helgrind
        umount "$F" && MOUNTS=""
    else
        bad "disk: mount a 2 MB tmpfs as root"
    fi
    RO=$TMP/readonly
    mkdir -p "$RO"
    if mount -t tmpfs -o size=8m,ro tmpfs "$RO"; then
        MOUNTS="$RO $MOUNTS"
        expect 2 "Read-only file system" "disk: a read-only build directory is a clear error" -- \
            rl --build-dir "$RO" check threads/shared-counter --tools tsan
        umount "$RO" && MOUNTS=""
    else
        bad "disk: mount a read-only tmpfs as root"
    fi
else
    echo "  (not root: the full-disk and read-only legs mount a tmpfs; skipped)"
fi

# --- programs that misbehave -------------------------------------------------
H=tests/programs/hostile
for p in close-all-fds ignore-sigterm fill-tmp; do
    rl cc -o "$TMP/$p" "$H/$p.c" >/dev/null 2>&1 || bad "racelab cc builds $p"
done
expect 1 "unexpected data-race" "programs: a race after closing every descriptor is still reported" -- \
    rl --build-dir "$TMP/b" run --tool all -- "$TMP/close-all-fds"
if grep -qE "^run/close-all-fds +run +FAIL [0-9]+/[0-9]+ +FAIL [0-9]+/[0-9]+ +FAIL [0-9]+/[0-9]+" "$TMP/out"; then
    ok "programs: every tool reports it, none errs"
else bad "programs: not every tool reported the race after close()"; sed 's/^/      /' "$TMP/out" | head; fi
rm -f "$TMP/pid"
expect 1 "deadlock: killed at the 5 s limit" \
    "programs: one that ignores SIGTERM in a group of its own is killed at the limit" -- \
    rl --build-dir "$TMP/b" run --tool tsan --timeout 5 -- "$TMP/ignore-sigterm.tsan" "$TMP/pid"
pid=$(cat "$TMP/pid" 2>/dev/null)
if [ -z "$pid" ]; then bad "programs: ignore-sigterm did not write its child's pid"
elif kill -0 "$pid" 2>/dev/null; then bad "programs: ignore-sigterm's child $pid outlived racelab"; kill -9 "$pid"
else ok "programs: nothing of it is left once racelab returns"; fi
# /tmp filled, in a mount namespace of its own where /tmp is a 4 MB tmpfs.
if am_root && unshare -m true 2>/dev/null; then
    # Everything the leg needs lives outside /tmp, which the new tmpfs hides
    # (this checkout, racelab and $TMP may all be under it).
    FT=$(mktemp -d /run/racelab-fill.XXXXXX 2>/dev/null || mktemp -d /var/tmp/racelab-fill.XXXXXX)
    cp "$RACELAB" "$TMP/fill-tmp" "$TMP/fill-tmp.tsan" "$FT/"
    unshare -m --propagation private sh -c '
        mount -t tmpfs -o size=4m tmpfs /tmp || exit 99
        cd "$1" && timeout -k 5 '"$LIMIT"' ./racelab --build-dir "$1/b" run --tool all -- "$1/fill-tmp" \
            >"$1/out" 2>&1
        echo $? >"$1/status"' sh "$FT"
    st=$(cat "$FT/status" 2>/dev/null)
    if [ "$st" = 0 ] && grep -qE "^run/fill-tmp +run +pass 0/1 +pass 0/1 +pass 0/1" "$FT/out"; then
        ok "programs: one that fills /tmp is judged (pass), racelab unhurt"
    else
        bad "programs: filling /tmp gave exit ${st:-none}"; sed 's/^/      /' "$FT/out" | head -20
    fi
    rm -rf "$FT"
else
    echo "  (no private mount namespace here: the /tmp-filling leg needs root and unshare; skipped)"
fi

# --- two racelab processes, one build directory ------------------------------
# Both build and cache the same programs at the same time; each must get every
# verdict right, and a third run afterwards must build nothing (the cache
# they left is whole) and agree with them.
B=$TMP/shared
sel="threads/shared-counter atomics/relaxed-publication locking/lock-order-inversion"
tools=tsan,helgrind,tsa,analyzer,cppcheck
for i in 1 2; do
    (
        rl --build-dir "$B" check $sel --tools $tools --format json --output "$TMP/run$i.json" \
            >"$TMP/run$i.out" 2>&1
        echo $? >"$TMP/run$i.status"
    ) &
done
wait
for i in 1 2; do
    if [ "$(cat "$TMP/run$i.status")" = 0 ] && grep -q " 0 fail" "$TMP/run$i.out"; then
        ok "shared build dir: run $i met every expectation"
    else bad "shared build dir: run $i did not"; sed 's/^/      /' "$TMP/run$i.out" | head -20; fi
done
expect 0 " 0 fail" "shared build dir: a third run after them passes" -- \
    rl --build-dir "$B" check $sel --tools $tools --format json --output "$TMP/run3.json"
verdicts() { python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(d["summary"]["compiler_runs"] if sys.argv[2] == "builds" else
      sorted((r["case"], r["variant"], r["tool"], r["verdict"]) for r in d["results"]))' "$1" "$2"; }
if [ "$(verdicts "$TMP/run3.json" builds)" = 0 ]; then ok "shared build dir: the third run built nothing"
else bad "shared build dir: the third run rebuilt $(verdicts "$TMP/run3.json" builds) programs"; fi
if [ "$(verdicts "$TMP/run1.json" v)" = "$(verdicts "$TMP/run3.json" v)" ] &&
    [ "$(verdicts "$TMP/run2.json" v)" = "$(verdicts "$TMP/run3.json" v)" ]; then
    ok "shared build dir: the three runs agree on every verdict"
else bad "shared build dir: the runs disagree"; fi

summary "hostile"
