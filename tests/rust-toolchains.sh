#!/bin/sh
# The rustc column with every Rust toolchain on this machine: Debian's
# cargo/rustc 1.63 (/usr/bin, installed by scripts/install-deps) and the cargo
# first on PATH when it is another one (a rustup stable). Every twin must give
# the error codes its header names, and every twin that compiles must run
# correctly or show its symptom, with each toolchain.
#
#   tests/rust-toolchains.sh build/racelab
set -eu
racelab=${1:-build/racelab}
cargos=""
[ -x /usr/bin/cargo ] && cargos="/usr/bin/cargo"
path_cargo=$(command -v cargo || true)
if [ -n "$path_cargo" ] && [ "$(readlink -f "$path_cargo")" != "$(readlink -f /usr/bin/cargo 2>/dev/null || echo none)" ]; then
    cargos="$cargos $path_cargo"
fi
if [ -z "$cargos" ]; then
    echo "rust-toolchains: no cargo installed (run scripts/install-deps)" >&2
    exit 1
fi
failed=0
for cargo in $cargos; do
    rustc="$(dirname "$cargo")/rustc"
    echo "rust-toolchains: $("$rustc" --version) ($cargo)"
    if ! RACELAB_CARGO=$cargo "$racelab" --build-dir build/test-catalog check --tools rustc --runs 2 >build/rust-toolchain.log 2>&1; then
        cat build/rust-toolchain.log
        failed=1
    else
        tail -2 build/rust-toolchain.log
    fi
done
exit $failed
