#!/usr/bin/env bash
# Instructions per cancel call, counted by valgrind (cachegrind, no cache
# simulation) instead of timed: the same on an idle or a busy machine, so
# the crate's per-call overhead over the hand-written reqwest + serde
# baseline can be measured while other builds run. Client and server
# threads are both counted (the server's share is the same for every
# variant); the kernel is not (syscalls are the same for every variant).
#
# Runs crates/portone-v1/benches/cancel_instructions.rs (release, the bench
# profile) with SMALL and LARGE calls; setup cancels out in the difference:
#   per call = (Ir(LARGE) - Ir(SMALL)) / (LARGE - SMALL)
#
# Usage: perf/cancel-instructions.sh            # all variants, seq and c64
#        MODES=c64 perf/cancel-instructions.sh
#        PROFILE=1 ...  # also a callgrind profile of each LARGE run in
#                       # target/perf-results/callgrind.VARIANT.MODE
# Appends to target/perf-results/cancel-instructions.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind > /dev/null || { echo "needs valgrind: apt-get install -y valgrind" >&2; exit 1; }
small=${SMALL:-128}
large=${LARGE:-2176}
modes=${MODES:-seq c64}
variants=${VARIANTS:-raw portone generated}
target=${CARGO_TARGET_DIR:-target}
bin=$(cargo bench -p portone-v1 --bench cancel_instructions --no-run --message-format=json 2> /dev/null |
    python3 -c "
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get('reason') == 'compiler-artifact' and m['target']['name'] == 'cancel_instructions' and m.get('executable'):
        print(m['executable'])")
[ -x "$bin" ] || { echo "could not build the cancel_instructions bench" >&2; exit 1; }
mkdir -p "$target/perf-results"
out=$target/perf-results/cancel-instructions.jsonl
run=$(date +%Y%m%dT%H%M%S)
ir() { # VARIANT MODE CALLS -> instructions of the whole run
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$bin" "$@" 2>&1 |
        sed -n 's/.*I *refs: *//p' | tr -d ,
}
for mode in $modes; do
    for variant in $variants; do
        a=$(ir "$variant" "$mode" "$small")
        b=$(ir "$variant" "$mode" "$large")
        per=$(( (b - a) / (large - small) ))
        printf '{"run":"%s","variant":"%s","mode":"%s","per_call":%d,"small":%d,"large":%d}\n' \
            "$run" "$variant" "$mode" "$per" "$small" "$large" | tee -a "$out"
        if [ -n "${PROFILE:-}" ]; then
            valgrind --tool=callgrind --callgrind-out-file="$target/perf-results/callgrind.$variant.$mode" \
                "$bin" "$variant" "$mode" "$large" > /dev/null 2>&1
        fi
    done
done
python3 - "$out" "$run" <<'PY'
import json, sys
path, run = sys.argv[1:3]
rows = [json.loads(l) for l in open(path) if l.strip()]
rows = [r for r in rows if r["run"] == run]
base = {r["mode"]: r["per_call"] for r in rows if r["variant"] == "raw"}
print(f"instructions per call (run {run}), ratio to raw of the same mode:")
for r in rows:
    extra = r["per_call"] - base[r["mode"]]
    print(f"  {r['mode']:>4} {r['variant']:>10} {r['per_call']:>9,}  "
          f"{r['per_call'] / base[r['mode']]:.3f}  ({extra:+,})")
PY
