#!/bin/sh
# tests/redteam.sh BINARY: the red team. Every program of tests/programs/redteam/
# FAMILY/NAME/ is a student's attempt at exercise FAMILY/NAME, written as a
# determined student would: cheats (detectors switched off or detected, the
# answer printed, the threads serialised, the evidence tampered with...) that
# must be refused or fail, and correct but unusual fixes that must pass. Each
# starts with its verdict as data:
#   /* redteam: cheat|fix
#    * class: what it tries
#    * expect: refused|fail|pass       (REFUSED, NOT YET, PASS)
#    * reason: ERE                     (on the verdict line and the report after it)
#    * smoke: yes                      (optional: one of the few --smoke runs, in make test)
#    * known: WHY                      (optional: a wrong verdict racelab is known to give,
#                                       documented in docs/classroom.md: reported as KNOWN,
#                                       not as a failure; seen right, it says so)
# Two passes over them, as a student and as a teacher meet them:
#   1. `racelab exercise check ID --runs 2`, each program copied over the
#      exercise's file (two workspaces at a time, REDTEAM_JOBS=N to change;
#      the results are printed in file order);
#   2. one `racelab grade` of a class with one student per program (named
#      after the file; a name used by several exercises hands in one file for
#      each): a fix's row must be pass, a refused cheat's refused, a failing
#      cheat's fail (or refused).
# tests/redteam.sh --smoke BINARY: only the programs marked `smoke: yes`, one
# per kind of attack and of unusual fix (make test; make redteam runs all).
set -u
SMOKE=
[ "${1:-}" = --smoke ] && SMOKE=1 && shift
RACELAB=$(realpath "${1:-build/racelab}")
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d /tmp/racelab-redteam.XXXXXX)
# Builds and grade's staging outside /tmp: as root, grade's sandbox has a private /tmp.
BUILD=$ROOT/build/redteam.$$
trap 'rm -rf "$TMP" "$BUILD"' EXIT
RED=$ROOT/tests/programs/redteam
RUNS=2
JOBS=${REDTEAM_JOBS:-2}
. "$ROOT/tests/lib.sh"
t0=$(date +%s)

# head_field FILE KEY: the value of ` * KEY: ` in FILE's header comment.
head_field() {
    sed -n '1,/\*\//{s/^ \* '"$2"': //p;}' "$1" | head -n 1
}

known=0 known_right=0
# known_or_bad FILE WHAT: a mismatch, counted as KNOWN when FILE documents it.
known_or_bad() {
    why=$(head_field "$1" known)
    if [ -n "$why" ]; then
        known=$((known + 1))
        echo "  KNOWN: $2 ($why)"
    else
        bad "$2"
    fi
}
# ok_or_known_right FILE WHAT: a match; a documented wrong verdict that came out right is noted.
ok_or_known_right() {
    [ -n "$(head_field "$1" known)" ] && known_right=$((known_right + 1)) && echo "  (known limit, right this time)"
    ok "$2"
}
echo "racelab red team ($RACELAB)${SMOKE:+, smoke}"
find "$RED" -name '*.c' | sort >"$TMP/all"
if [ -n "$SMOKE" ]; then
    while read -r f; do
        [ "$(head_field "$f" smoke)" = yes ] && echo "$f"
    done <"$TMP/all" >"$TMP/programs"
else
    cp "$TMP/all" "$TMP/programs"
fi
n=$(wc -l <"$TMP/programs")

# ---- the programs' headers ------------------------------------------------------------
cheats=0 fixes=0 i=0
while read -r f; do
    i=$((i + 1))
    rel=${f#"$RED"/}
    kind=$(sed -n '1s/^\/\* redteam: \([a-z]*\)$/\1/p' "$f")
    expect=$(head_field "$f" expect)
    name=$(basename "$f" .c)
    case "$kind:$expect:${name%%-*}" in
    cheat:refused:cheat | cheat:fail:cheat | fix:pass:fix) ;;
    *)
        want="'/* redteam: cheat' (expect: refused or fail) in cheat-*.c, or '/* redteam: fix'"
        bad "$rel: header: want $want (expect: pass) in fix-*.c (have '$kind', '$expect')"
        continue
        ;;
    esac
    if [ -z "$(head_field "$f" class)" ] || [ -z "$(head_field "$f" reason)" ]; then
        bad "$rel: header: class and reason are required"
        continue
    fi
    case "$rel" in
    */*/*) ;;
    *) bad "$rel: not under FAMILY/NAME/" && continue ;;
    esac
    [ -f "$ROOT/cases/${rel%/*}.c" ] || { bad "$rel: no exercise ${rel%/*}" && continue; }
    [ "$kind" = cheat ] && cheats=$((cheats + 1)) || fixes=$((fixes + 1))
    printf '%s %s %s %s\n' "$i" "$f" "${rel%/*}" "$name" >>"$TMP/table"
done <"$TMP/programs"
if [ -n "$SMOKE" ]; then
    least_cheats=8 least_fixes=4
else
    least_cheats=30 least_fixes=12
fi
[ "$cheats" -ge $least_cheats ] && [ "$fixes" -ge $least_fixes ] &&
    ok "$n programs: $cheats cheats, $fixes fixes" ||
    bad "$n programs: $cheats cheats and $fixes fixes (at least $least_cheats and $least_fixes wanted)"

# ---- 1. racelab exercise check, each program as a student's fix --------------------------
# Lane k checks programs k, k+JOBS, ... in a workspace and a build directory of its own.
mkdir -p "$TMP/res"
lane() {
    ws=$TMP/ws$1
    "$RACELAB" --build-dir "$BUILD/lane$1" exercise start --dir "$ws" >/dev/null 2>&1
    while read -r i f id name; do
        [ $(((i - 1) % JOBS)) -eq "$1" ] || continue
        cp "$f" "$ws/$id.c"
        "$RACELAB" --build-dir "$BUILD/lane$1" exercise check "$id" --dir "$ws" --runs $RUNS -j 1 \
            >"$TMP/res/$i.out" 2>&1 </dev/null
        echo $? >"$TMP/res/$i.rc"
    done <"$TMP/table"
}
k=0
while [ "$k" -lt "$JOBS" ]; do
    lane "$k" &
    k=$((k + 1))
done
wait
t1=$(date +%s)

# The verdict: from the line that says it (PASS, NOT YET, REFUSED, ERROR) to the end.
while read -r i f id name; do
    expect=$(head_field "$f" expect)
    reason=$(head_field "$f" reason)
    case "$expect" in
    pass) want=0 word=PASS ;;
    refused) want=1 word=REFUSED ;;
    *) want=1 word="NOT YET" ;;
    esac
    awk '/^(PASS|NOT YET|REFUSED|ERROR) /{p=1} p' "$TMP/res/$i.out" >"$TMP/verdict"
    got=$(cat "$TMP/res/$i.rc" 2>/dev/null || echo none)
    line=$(head -n 1 "$TMP/verdict")
    if [ "$got" = "$want" ] && [ "${line#"$word "}" != "$line" ] &&
        grep -qE -- "$reason" "$TMP/verdict"; then
        ok_or_known_right "$f" "check $id $name: $(printf '%.110s' "$line")"
    else
        known_or_bad "$f" "check $id $name: expected $expect /$reason/ (exit $want), got exit $got"
        [ -n "$(head_field "$f" known)" ] ||
            sed 's/^/      /' "$TMP/res/$i.out" | grep -v 'progress \[' | head -n 25
    fi
done <"$TMP/table"

# ---- 2. racelab grade, one student per program -------------------------------------------
CLASS=$TMP/class
set --
while read -r i f id name; do
    mkdir -p "$CLASS/$name/${id%/*}"
    cp "$f" "$CLASS/$name/$id.c"
done <"$TMP/table"
for id in $(cut -d' ' -f3 "$TMP/table" | sort -u); do
    set -- "$@" --exercise "$id"
done
"$RACELAB" --build-dir "$BUILD/grade" grade "$CLASS" "$@" --runs $RUNS --out "$TMP/grades" \
    >"$TMP/grade.out" 2>&1 </dev/null
rc=$?
[ "$rc" -eq 0 ] && ok "grade finished (exit 0): $(grep '^graded' "$TMP/grade.out")" ||
    { bad "grade exited $rc" && tail -n 20 "$TMP/grade.out" | sed 's/^/      /'; }
while read -r i f id name; do
    expect=$(head_field "$f" expect)
    case "$expect" in
    pass) want=pass ;;
    refused) want=refused ;;
    *) want='fail|refused' ;;
    esac
    row=$(grep -E "^\"$name\",\"$id\"," "$TMP/grades/grades.csv" 2>/dev/null)
    status=$(printf '%s\n' "$row" | cut -d, -f3 | tr -d '"')
    if printf '%s\n' "$status" | grep -qxE "$want"; then
        ok_or_known_right "$f" "grade $name $id: $(printf '%.100s' "$(printf '%s\n' "$row" | cut -d, -f3-)")"
    else
        known_or_bad "$f" "grade $name $id: expected $want, row is: ${row:-none}"
    fi
done <"$TMP/table"
t2=$(date +%s)

# ---- 3. the measurement's script (make classroom-accuracy), on two programs once --------
if [ -n "$SMOKE" ]; then
    ACCURACY_OUT=$TMP/accuracy.md "$ROOT/scripts/classroom-accuracy" --repeat 1 \
        --only 'fix-atomic-no-barrier|cheat-no-sanitize\.c' "$RACELAB" >"$TMP/accuracy.out" 2>&1
    rc=$?
    rows=$(grep -c '^| threads/shared-counter/' "$TMP/accuracy.md" 2>/dev/null)
    if [ "$rc" -eq 0 ] && [ "$rows" = 2 ] && grep -q '^Precision ' "$TMP/accuracy.md" &&
        grep -q 'Errors (no verdict): 0\.' "$TMP/accuracy.md"; then
        ok "classroom-accuracy: a row per program, precision and recall, no errors"
    else
        bad "classroom-accuracy: exit $rc, $rows rows"
        sed 's/^/      /' "$TMP/accuracy.out" | head -n 20
    fi
fi

echo "redteam.sh: $n programs; exercise check $((t1 - t0)) s ($JOBS at a time)," \
    "grade $((t2 - t1)) s, $((t2 - t0)) s in all"
echo "redteam.sh: $known wrong verdicts known and documented (docs/classroom.md)," \
    "$known_right of the known ones right this time"
summary redteam.sh
