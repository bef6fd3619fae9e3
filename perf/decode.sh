#!/usr/bin/env bash
# Typed decoding against serde_json::Value, from the existing criterion bench
# crates/portone-v1/benches/decode.rs (a cancel response with 1, 10 and 100
# cancel_history entries, and 10 in USD): ROUNDS (3) runs, each printing the
# medians with criterion's 95 % confidence intervals and `value`/`typed`,
# i.e. how many times faster typed decoding is (goal: at least 1.5).
#
# Usage: perf/decode.sh
# Appends every row to target/perf-results/decode.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
target=${CARGO_TARGET_DIR:-target}
mkdir -p "$target/perf-results"
out=$target/perf-results/decode.jsonl
run=$(date +%Y%m%dT%H%M%S)
cargo bench -p portone-v1 --bench decode --no-run --quiet
for ((r = 0; r < rounds; r++)); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    cargo bench -p portone-v1 --bench decode --quiet -- '^decode_cancel_response' \
        --warm-up-time "${WARMUP:-1}" --measurement-time "${MEASURE:-3}" \
        > "$target/perf-results/decode.last.log" 2>&1 || {
        cat "$target/perf-results/decode.last.log" >&2
        exit 1
    }
    echo "round $r (load $load): ratio to typed, so the value row is typed's speed-up"
    for group in decode_cancel_response decode_cancel_response_usd; do
        python3 perf/criterion_ratios.py "$target/criterion" "$group" typed
        python3 perf/criterion_ratios.py "$target/criterion" "$group" typed --json |
            python3 -c "
import json, sys
for line in sys.stdin:
    d = json.loads(line); d.update(run='$run', round=$r, load=$load)
    print(json.dumps(d))" >> "$out"
    done
done
python3 - "$out" "$run" <<'PY'
import json, statistics, sys
path, run = sys.argv[1:3]
rows = [json.loads(l) for l in open(path) if l.strip()]
rows = [r for r in rows if r["run"] == run and r["function"] == "value"]
by = {}
for r in rows:
    by.setdefault((r["group"], r["parameter"]), []).append(r["ratio"])
print(f"typed decoding is N times faster than Value (run {run}), per round and median:")
for (group, param), xs in sorted(by.items(), key=lambda kv: (kv[0][0], int(kv[0][1]))):
    print(f"  {group:>27} {param:>4}: " + ", ".join(f"{x:.2f}" for x in xs)
          + f"   median {statistics.median(xs):.2f}")
PY
