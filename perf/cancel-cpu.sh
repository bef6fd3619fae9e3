#!/usr/bin/env bash
# CPU time per cancel call, the crate against the hand-written reqwest +
# serde baseline, in alternated blocks within one process
# (crates/portone-v1/benches/cancel_cpu.rs, release / bench profile): per
# block the ratio of each side to that block's baseline, then the median
# over BLOCKS (30) blocks with a bootstrap 95 % interval, and the baseline's
# second run (raw2) as the A/A. CPU time (client + server threads, from
# clock_gettime) leaves out the time spent waiting for a core, so it holds up
# on a busy machine far better than criterion's wall time; perf/cancel-e2e.sh
# is the wall-time figure for a quiet one.
#
# Usage: perf/cancel-cpu.sh             # MODE=c64: 64 concurrent callers
#        MODE=seq perf/cancel-cpu.sh    # one call at a time
#        TASKSET=1 perf/cancel-cpu.sh   # client and server on core 1
# Appends to target/perf-results/cancel-cpu.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${MODE:-c64}
blocks=${BLOCKS:-30}
calls=${CALLS:-640}
target=${CARGO_TARGET_DIR:-target}
pin=()
[ -n "${TASKSET:-}" ] && pin=(taskset -c "$TASKSET")
bin=$(cargo bench -p portone-v1 --bench cancel_cpu --no-run --message-format=json 2> /dev/null |
    python3 -c "
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get('reason') == 'compiler-artifact' and m['target']['name'] == 'cancel_cpu' and m.get('executable'):
        print(m['executable'])")
[ -x "$bin" ] || { echo "could not build the cancel_cpu bench" >&2; exit 1; }
mkdir -p "$target/perf-results"
run=$(date +%Y%m%dT%H%M%S)
load=$(cut -d' ' -f1 /proc/loadavg)
echo "load $load${TASKSET:+, pinned to core $TASKSET}"
"${pin[@]}" "$bin" "$mode" "$blocks" "$calls" | while IFS= read -r line; do
    case $line in
        '{'*) echo "$line" | python3 -c "
import json, sys
d = json.loads(sys.stdin.read()); d.update(run='$run', load=$load, pinned='${TASKSET:-}')
print(json.dumps(d))" >> "$target/perf-results/cancel-cpu.jsonl" ;;
        *) echo "$line" ;;
    esac
done
