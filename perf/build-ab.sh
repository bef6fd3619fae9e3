#!/usr/bin/env bash
# Clean debug build of crates/portone-v1 against the same build with extra
# cargo arguments (e.g. `--features type-builders`: what a change of the
# default features saves), alternated: ROUNDS (3) rounds of `a` (plain) and
# `b` (with ARGS), the order swapped every round. Each build is
# perf/clean-build.sh ours.
#
# Usage: perf/build-ab.sh --features type-builders
# Appends to target/perf-results/build-ab.jsonl; prints medians and b/a.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
mkdir -p target/perf-results
out=target/perf-results/build-ab.jsonl
run=$(date +%Y%m%dT%H%M%S)
for ((r = 0; r < rounds; r++)); do
    order="a b"
    [ $((r % 2)) = 1 ] && order="b a"
    for label in $order; do
        if [ "$label" = a ]; then line=$(perf/clean-build.sh ours); else line=$(perf/clean-build.sh ours "$@"); fi
        echo "$line" | python3 -c "
import json, sys
d = json.loads(sys.stdin.read()); d.update(run='$run', round=$r, label='$label')
print(json.dumps(d))" | tee -a "$out"
    done
done
python3 - "$out" "$run" <<'PY'
import json, statistics, sys
path, run = sys.argv[1:3]
rows = [json.loads(l) for l in open(path) if l.strip()]
rows = [r for r in rows if r["run"] == run]
med = {}
for label in ("a", "b"):
    rs = [r for r in rows if r["label"] == label]
    med[label] = statistics.median(r["wall"] for r in rs)
    cpu = statistics.median(r["user"] + r["sys"] for r in rs)
    print(f"{label} ({rs[0]['args'] or 'default features'}): wall "
          + " ".join(f"{r['wall']:.1f}" for r in rs) + f"  median {med[label]:.1f} s, cpu {cpu:.1f} s, {rs[0]['units']} units")
print(f"b/a: {med['b'] / med['a']:.3f}")
PY
