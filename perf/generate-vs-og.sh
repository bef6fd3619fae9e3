#!/usr/bin/env bash
# Wall time of `cargo xtask generate` against openapi-generator 7.26.0
# (`-g rust --library reqwest`, see perf/og-crate.sh) generating from the
# official document's cancel extract, alternated: ROUNDS (5) rounds of
# `ours`, `og` and `ours` again (the A/A pair), in a rotated order.
#
# What is timed, as a maintainer runs them after a spec edit:
# - ours: `cargo xtask --root DIR generate`: cargo's start-up and
#   up-to-date check of the (already built) generator, loading and checking
#   the spec, progenitor, formatting, docs, and comparing/writing every
#   generated file. DIR is a scratch workspace root under target/perf-gen/
#   holding a copy of spec/portone-v1.yaml (the working tree's is never
#   written); one untimed run fills it first.
# - og: `openapi-generator-cli generate -i DOC -g rust --library reqwest -o
#   OUT` into a fresh OUT: the Python launcher, the JVM, the generator.
# The generator is built (`cargo build -p xtask`) before anything is timed,
# and run once untimed before each timed run of it.
#
# Usage: perf/generate-vs-og.sh
# Appends to target/perf-results/generate-vs-og.jsonl; prints medians,
# ours/og (goal: at most 0.1) and the A/A ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
. perf/common.sh
rounds=${ROUNDS:-5}
og_install
cargo build --quiet -p xtask
root=target/perf-gen/ws
rm -rf target/perf-gen
mkdir -p "$root/spec"
cp spec/portone-v1.yaml "$root/spec/"
cargo xtask --root "$root" generate > /dev/null
mkdir -p target/perf-results
out=target/perf-results/generate-vs-og.jsonl
run=$(date +%Y%m%dT%H%M%S)
timed() { # LABEL COMMAND... -> one JSON line
    local label=$1 load t
    shift
    load=$(load1)
    /usr/bin/time -f '%e %U %S' -o target/perf-gen/time "$@" > target/perf-gen/log 2>&1 || {
        cat target/perf-gen/log >&2
        exit 1
    }
    read -r wall user sys < target/perf-gen/time
    printf '{"run":"%s","round":%d,"label":"%s","wall":%s,"user":%s,"sys":%s,"load":%s}\n' \
        "$run" "$r" "$label" "$wall" "$user" "$sys" "$load"
}
orders=("ours og ours2" "og ours2 ours" "ours2 ours og")
for ((r = 0; r < rounds; r++)); do
    for label in ${orders[r % 3]}; do
        case $label in
            ours | ours2)
                # Untimed first: others edit this tree, so cargo may have a
                # changed xtask to rebuild; the timed run finds it built.
                cargo xtask --root "$root" generate > /dev/null
                timed "$label" cargo xtask --root "$root" generate
                ;;
            og)
                timed og "$OG_VENV/bin/openapi-generator-cli" generate -i "$OFFICIAL" \
                    -g rust --library reqwest -o "target/perf-gen/og-$r"
                rm -rf "target/perf-gen/og-$r"
                ;;
        esac
    done
done | tee -a "$out"
python3 - "$out" "$run" <<'PY'
import json, statistics, sys
path, run = sys.argv[1:3]
rows = [json.loads(l) for l in open(path) if l.strip()]
rows = [r for r in rows if r["run"] == run]
med = {}
for label in ("ours", "og", "ours2"):
    walls = [r["wall"] for r in sorted(rows, key=lambda r: r["round"]) if r["label"] == label]
    med[label] = statistics.median(walls)
    print(f"{label:>6}: " + " ".join(f"{w:.2f}" for w in walls) + f"   median {med[label]:.2f} s")
print(f"ours/og: {med['ours'] / med['og']:.3f}   A/A ours2/ours: {med['ours2'] / med['ours']:.3f}")
PY
