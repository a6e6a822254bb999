#!/bin/sh
# tests/workflows.sh: the CI workflows and the container recipe, as far
# as a machine without a container engine can check them: the workflows'
# triggers, permissions and steps (read with python3's YAML parser, as GitHub
# reads them), the recipe's files, and racelab built the way the recipe
# builds it (a copy of the tree without build/, `make all`) judging a racy
# program with `racelab run`.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d /tmp/racelab-workflows.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. "$ROOT/tests/lib.sh"

echo "workflows and the container recipe"
check_yaml() { # FILE PYTHON-ASSERTIONS: each failing assertion's message on stdout
    python3 - "$1" <<PY
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
on = w.get(True, w.get("on"))  # YAML 1.1 reads the key on: as True
steps = [s for j in w["jobs"].values() for s in j["steps"]]
runs = " ".join(s.get("run", "") for s in steps)
uses = [s.get("uses", "") for s in steps]
perms = w.get("permissions", {})
$2
PY
}
assertions_common='
if set(on) != {"pull_request", "push"} or on["push"] != {"branches": ["main"]}:
    print("triggers: a pull request, and a push to main only, so each change is checked once")
if perms.get("actions") != "read":
    print("permissions: actions: read (private repositories)")
if "install-deps --no-test" not in runs:
    print("installs the run-time packages only (scripts/install-deps --no-test)")
'
out=$(check_yaml .github/workflows/races.yml "$assertions_common
if any(u.startswith(\"github/codeql-action/upload-sarif\") for u in uses) or \"sarif\" in runs:
    print(\"the catalog's deliberate bugs are not uploaded as code-scanning alerts\")
if \"security-events\" in perms:
    print(\"no security-events permission without a SARIF upload\")
if \"build/racelab \" not in runs or \" check --shard\" not in runs or \"junit\" not in runs or \"html\" not in runs:
    print(\"gates on build/racelab check, keeping JUnit and HTML\")
if not any(u.startswith(\"actions/upload-artifact\") for u in uses):
    print(\"keeps the reports as artifacts\")
matrix = w[\"jobs\"][\"check-races\"][\"strategy\"][\"matrix\"]
if set(matrix.get(\"toolchain\", [])) != {\"clang-14\", \"clang-19\"} or \"--toolchain \${{ matrix.toolchain }}\" not in runs:
    print(\"checks the catalog under each supported clang (--toolchain from the matrix)\")")
if [ -z "$out" ]; then ok "races.yml: the catalog's gate"; else bad "races.yml: $out"; fi
out=$(check_yaml .github/workflows/own-program.yml "$assertions_common
if not any(u.startswith(\"github/codeql-action/upload-sarif\") for u in uses):
    print(\"uploads its SARIF\")
if perms.get(\"security-events\") != \"write\":
    print(\"security-events: write for the SARIF upload\")
if \"racelab cc\" not in runs or \"racelab run\" not in runs or \"--format sarif\" not in runs:
    print(\"builds with racelab cc and gates with racelab run, writing SARIF\")")
if [ -z "$out" ]; then ok "own-program.yml: a program of your own, SARIF uploaded"
else bad "own-program.yml: $out"; fi

# The recipe: Debian 12, the whole tree copied, the run-time packages, make all.
D=docker/Dockerfile
if grep -qx "FROM debian:12" "$D" && grep -qx "COPY . /opt/racelab" "$D" &&
    grep -q "scripts/install-deps --no-test" "$D" && grep -q "make all" "$D" &&
    [ -x scripts/install-deps ] && grep -qx "build/" .dockerignore; then
    ok "the recipe: debian:12, the tree without build/, the run-time packages, make all"
else bad "the recipe does not build racelab as documented"; fi
# Its packages are install-deps' own list, which has no test packages.
if sh -c '. /dev/stdin; for p in $TEST_PACKAGES; do case " $PACKAGES " in *" $p "*) exit 1;; esac; done' \
    <<EOF2
$(grep -E '^(PACKAGES|TEST_PACKAGES)=' scripts/install-deps)
EOF2
then ok "--no-test installs none of the test packages"
else bad "a test package is among the run-time packages"; fi

# racelab built as the recipe builds it, from a copy without build/, then
# `racelab run` on a racy program, as the image's users will.
mkdir -p "$TMP/opt"
tar -C "$ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$TMP/opt" -xf -
if make -s -C "$TMP/opt" all >"$TMP/make.log" 2>&1; then
    ok "make all in a copy of the tree, as the image's RUN does"
else bad "make all failed in a copy of the tree"; tail -20 "$TMP/make.log"; fi
IMG="$TMP/opt/build/racelab"
expect 0 "" "the image's racelab builds a racy program" -- \
    "$IMG" cc -o "$TMP/racy" tests/programs/bank/main.c tests/programs/bank/ledger.c
expect 1 "data-race|data race" "the image's racelab run finds the race (exit 1)" -- \
    "$IMG" run --format text --format sarif --output "$TMP/races.sarif" -- "$TMP/racy"
if python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["runs"][0]["results"]; sys.exit(0 if r else 1)' \
    "$TMP/races.sarif"; then ok "its SARIF, for the upload step, has the race"
else bad "no result in the SARIF the workflow would upload"; fi

summary workflows.sh
