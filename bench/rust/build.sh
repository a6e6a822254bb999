#!/bin/sh
# build.sh [--release|--debug] [--cargo PATH]
#
# Builds the Rust benchmark offline from Debian's packaged crates
# (.cargo/config.toml) and prints the path of the `fib` binary on stdout;
# cargo's own output goes to stderr. --release (the default) is cargo's
# optimised profile, --debug its unoptimised one. --cargo picks the cargo
# (default: the first on PATH), e.g. /usr/bin/cargo for Debian's rustc 1.63.
set -eu

usage() {
    echo "usage: build.sh [--release|--debug] [--cargo PATH]" >&2
    exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
profile=release
cargo=cargo
while [ $# -gt 0 ]; do
    case $1 in
    --release) profile=release ;;
    --debug) profile=debug ;;
    --cargo)
        [ $# -ge 2 ] || usage
        cargo=$2
        shift
        ;;
    --cargo=*) cargo=${1#--cargo=} ;;
    *) usage ;;
    esac
    shift
done

cargo_path=$(command -v "$cargo") || {
    echo "build.sh: no cargo '$cargo'" >&2
    exit 2
}
case $cargo_path in
/*) ;;
*) cargo_path=$PWD/$cargo_path ;;
esac

# The rustc beside that cargo (Debian's cargo with Debian's rustc, rustup's
# proxy with rustup's), as racelab's own Rust builds choose it; cargo alone
# would take whichever rustc comes first on PATH.
rustc=$(dirname "$cargo_path")/rustc
if [ ! -x "$rustc" ]; then
    rustc=$(command -v rustc) || {
        echo "build.sh: no rustc beside $cargo_path nor on PATH" >&2
        exit 2
    }
fi
version=$("$rustc" --version | cut -d' ' -f2)

# One target directory per compiler, so that the binaries of both toolchains
# can be measured side by side without one build replacing the other.
target=$here/target/rustc-$version
case $profile in
release) set -- --release ;;
debug) set -- ;;
esac

# cargo reads .cargo/config.toml from the working directory, not the manifest's.
# --locked: the committed Cargo.lock is used as it is, by either cargo.
cd "$here"
RUSTC=$rustc CARGO_TARGET_DIR=$target "$cargo_path" build --locked "$@" >&2
echo "$target/$profile/fib"
