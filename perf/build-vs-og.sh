#!/usr/bin/env bash
# Clean debug build of crates/portone-v1 against the openapi-generator crate,
# alternated: ROUNDS (3) rounds of three clean builds each, `ours`, `og` and
# `ours` again (the A/A pair: the same build measured twice shows the noise),
# in a rotated order per round (ours/og/ours2, og/ours2/ours, ours2/ours/og)
# so that neither side always runs first or after the other.
# Each build is perf/clean-build.sh (what exactly is timed: see there).
#
# Usage: perf/build-vs-og.sh             # this working tree
#        WS=path/to/workspace perf/build-vs-og.sh   # e.g. an older snapshot
#        OURS_ARGS="--no-default-features --features native-tls,tracing" \
#            perf/build-vs-og.sh    # ours with other features (both `ours`)
# Appends to target/perf-results/build-vs-og.jsonl and prints medians,
# ours/og, and the A/A ratio (ours2/ours).
set -euo pipefail
cd "$(dirname "$0")/.."
. perf/common.sh
rounds=${ROUNDS:-3}
[ -d "$OG_CRATE" ] || perf/og-crate.sh
# Everything both builds need is downloaded before anything is timed.
cargo fetch --locked --quiet --manifest-path "${WS:-.}/Cargo.toml"
(cd "$OG_CRATE" && cargo fetch --locked --quiet)
mkdir -p target/perf-results
out=target/perf-results/build-vs-og.jsonl
run=$(date +%Y%m%dT%H%M%S)
orders=("ours og ours2" "og ours2 ours" "ours2 ours og")
for ((r = 0; r < rounds; r++)); do
    for label in ${orders[r % 3]}; do
        which=${label%2}
        args=()
        [ "$which" = ours ] && read -ra args <<< "${OURS_ARGS:-}"
        line=$(perf/clean-build.sh "$which" "${args[@]}")
        echo "$line" | python3 -c "
import json, sys
d = json.loads(sys.stdin.read()); d.update(run='$run', round=$r, label='$label')
print(json.dumps(d))" | tee -a "$out"
    done
done
python3 perf/build_summary.py "$out" "$run"
