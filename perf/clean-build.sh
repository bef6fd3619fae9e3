#!/usr/bin/env bash
# One clean debug build, timed: `ours` = `cargo build -p portone-v1` in this
# workspace (its Cargo.lock, default features); `og` = `cargo build` of the
# openapi-generator crate (perf/og-crate.sh; its kept Cargo.lock, default
# features). Each from an empty, fresh CARGO_TARGET_DIR under
# target/perf-build-*/ (deleted afterwards), --offline --locked against the
# already fetched registry, so only compiling and linking is timed (plus
# cargo's own start-up and resolution, the same for both).
#
# Usage: perf/clean-build.sh ours|og [CARGO ARGS...]
#        perf/clean-build.sh ours --timings       # keeps the timing report
#        perf/clean-build.sh ours --features type-builders
#        WS=path/to/workspace perf/clean-build.sh ours   # another copy of it
# Prints one JSON line: which, extra cargo args, wall/user/sys seconds,
# units compiled, load. With --timings the cargo-timing.html is kept in
# target/perf-timings/WHICH.html.
set -euo pipefail
cd "$(dirname "$0")/.."
. perf/common.sh
which=$1
shift
extra=("$@")
root=$PWD
dir="$root/target/perf-build-$which-$$"
rm -rf "$dir"
trap 'rm -rf "$dir"' EXIT
case $which in
    ours) cmd=(cargo build --offline --locked -p portone-v1); cwd=$(cd "${WS:-$root}" && pwd) ;;
    og) cmd=(cargo build --offline --locked); cwd=$root/$OG_CRATE ;;
    *) echo "usage: $0 ours|og [--timings]" >&2; exit 2 ;;
esac
cmd+=("${extra[@]}")
log="$dir.log"
load_before=$(load1)
( cd "$cwd" && CARGO_TARGET_DIR="$dir" CARGO_TERM_COLOR=never \
    /usr/bin/time -f '%e %U %S' -o "$dir.time" "${cmd[@]}" ) > "$log" 2>&1 || {
    cat "$log" >&2
    exit 1
}
load_after=$(load1)
if [ -f "$dir/cargo-timings/cargo-timing.html" ]; then
    mkdir -p target/perf-timings
    cp "$dir"/cargo-timings/cargo-timing.html "target/perf-timings/$which.html"
fi
read -r wall user sys < "$dir.time"
units=$(grep -c '^ *Compiling ' "$log" || true)
rm -f "$dir.time" "$log"
printf '{"which":"%s","args":"%s","wall":%s,"user":%s,"sys":%s,"units":%s,"load_before":%s,"load_after":%s}\n' \
    "$which" "${extra[*]}" "$wall" "$user" "$sys" "$units" "$load_before" "$load_after"
