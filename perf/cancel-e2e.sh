#!/usr/bin/env bash
# `cancel()` against the hand-written reqwest + serde baseline, from the
# existing criterion bench crates/portone-v1/benches/cancel_e2e.rs: ROUNDS
# (3) runs of its GROUP (default cancel_concurrent_64: 64 callers at once),
# each run printing every function's median with criterion's 95 %
# confidence interval and its ratio to raw_reqwest_typed of the same run;
# raw_reqwest_typed_rerun / raw_reqwest_typed is that run's A/A.
#
# Usage: perf/cancel-e2e.sh
#        GROUP=cancel_sequential ROUNDS=1 perf/cancel-e2e.sh
#        TASKSET=1 perf/cancel-e2e.sh    # client and server on core 1 only
# Appends every row to target/perf-results/cancel-e2e.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
group=${GROUP:-cancel_concurrent_64}
rounds=${ROUNDS:-3}
criterion_args=(--warm-up-time "${WARMUP:-2}" --measurement-time "${MEASURE:-5}")
pin=()
[ -n "${TASKSET:-}" ] && pin=(taskset -c "$TASKSET")
mkdir -p target/perf-results
out=target/perf-results/cancel-e2e.jsonl
run=$(date +%Y%m%dT%H%M%S)
cargo bench -p portone-v1 --bench cancel_e2e --no-run --quiet
for ((r = 0; r < rounds; r++)); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    "${pin[@]}" cargo bench -p portone-v1 --bench cancel_e2e --quiet -- "$group" "${criterion_args[@]}" \
        > target/perf-results/cancel-e2e.last.log 2>&1 || {
        cat target/perf-results/cancel-e2e.last.log >&2
        exit 1
    }
    echo "round $r (load ${load}${TASKSET:+, pinned to core $TASKSET})"
    python3 perf/criterion_ratios.py "${CARGO_TARGET_DIR:-target}/criterion" "$group" raw_reqwest_typed
    python3 perf/criterion_ratios.py "${CARGO_TARGET_DIR:-target}/criterion" "$group" raw_reqwest_typed --json |
        python3 -c "
import json, sys
for line in sys.stdin:
    d = json.loads(line); d.update(run='$run', round=$r, load=$load, pinned='${TASKSET:-}')
    print(json.dumps(d))" >> "$out"
done
python3 perf/e2e_summary.py "$out" "$run" "$group"
