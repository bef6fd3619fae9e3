#!/usr/bin/env bash
# Typed decoding against serde_json::Value as CPU time in alternated blocks
# (crates/portone-v1/benches/decode_cpu.rs, release / bench profile): per
# body, BLOCKS (30) blocks of typed, value and typed again (the A/A), the
# order rotated; prints how many times faster typed decoding is (median of
# the per-block value/typed, bootstrap 95 % interval; goal: at least 1.5).
# Thread CPU time leaves out time spent waiting for a core, so this holds
# up on a busy machine; perf/decode.sh is criterion's wall time.
#
# Usage: perf/decode-cpu.sh
# Appends to target/perf-results/decode-cpu.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
blocks=${BLOCKS:-30}
target=${CARGO_TARGET_DIR:-target}
bin=$(cargo bench -p portone-v1 --bench decode_cpu --no-run --message-format=json 2> /dev/null |
    python3 -c "
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get('reason') == 'compiler-artifact' and m['target']['name'] == 'decode_cpu' and m.get('executable'):
        print(m['executable'])")
[ -x "$bin" ] || { echo "could not build the decode_cpu bench" >&2; exit 1; }
mkdir -p "$target/perf-results"
run=$(date +%Y%m%dT%H%M%S)
load=$(cut -d' ' -f1 /proc/loadavg)
echo "load $load"
"$bin" "$blocks" | while IFS= read -r line; do
    case $line in
        '{'*) echo "$line" | python3 -c "
import json, sys
d = json.loads(sys.stdin.read()); d.update(run='$run', load=$load)
print(json.dumps(d))" >> "$target/perf-results/decode-cpu.jsonl" ;;
        *) echo "$line" ;;
    esac
done
