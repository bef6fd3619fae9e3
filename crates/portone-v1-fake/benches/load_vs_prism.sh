#!/usr/bin/env bash
# The fake and Stoplight Prism's mock server of the same spec, under the same
# load, side by side in one run: ROUNDS rounds, each a fresh fake then a fresh
# Prism on free ports of 127.0.0.1, loaded by benches/load (CLIENTS clients,
# WARMUP + DURATION seconds); then a table of medians and the fake/Prism
# ratio. Prism is stateless, so only speed is compared.
#
#   crates/portone-v1-fake/benches/load_vs_prism.sh
#   ROUNDS=3 CLIENTS=64 WARMUP=6 DURATION=10 crates/portone-v1-fake/benches/load_vs_prism.sh
#   PRISM_ARGS='-v silent' ...   # extra `prism mock` flags (default: none)
#
# Needs cargo, node + npm (Prism is installed into target/ on first use) and
# python3. Results go to target/load-vs-prism/ (one RESULT line per run in
# results.jsonl, the servers' logs). See BENCHMARKS.md, "The fake under load".
set -euo pipefail

ROUNDS=${ROUNDS:-3}
CLIENTS=${CLIENTS:-64}
# Prism answers its first requests slowly (some of a burst of new
# connections wait 5 s); the warm-up keeps them out of the figures.
WARMUP=${WARMUP:-6}
DURATION=${DURATION:-10}
# Pinned: an upgrade is a deliberate change to the figures' baseline.
PRISM_VERSION=5.14.2
# Each seeded payment takes CANCELS_PER_PAYMENT cancels, so its history stays
# short; PAYMENTS of them last a whole round at the fake's cancel rate here
# (about 3,500/s at 64 clients), with margin. A cancel refused for want of
# payments is reported as `refused` (and should be 0).
CANCELS_PER_PAYMENT=${CANCELS_PER_PAYMENT:-16}
PAYMENTS=${PAYMENTS:-6000}
PRISM_ARGS=${PRISM_ARGS:-}

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
OUT=$ROOT/target/load-vs-prism
mkdir -p "$OUT"
: > "$OUT/results.jsonl"

# The server started last; stopped by pid (a positive one only: the
# builtin kill calls kill(2) with it as given).
SERVER_PID=
stop_server() {
    if [[ "$SERVER_PID" =~ ^[1-9][0-9]*$ ]]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits (bounded) until getToken answers on $1.
wait_ready() {
    local url=$1
    for _ in $(seq 1 120); do
        if curl -s -o /dev/null --max-time 2 -X POST "$url/users/getToken" \
            -H 'content-type: application/json' \
            -d '{"imp_key":"fake-imp-key","imp_secret":"fake-imp-secret"}'; then
            return 0
        fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "load_vs_prism: the server exited before answering; see $OUT" >&2
            return 1
        fi
        sleep 0.5
    done
    echo "load_vs_prism: $url did not answer within 60 s" >&2
    return 1
}

echo "== Prism $PRISM_VERSION"
. .ci/strict/npm_tool.sh
PRISM=$(npm_tool @stoplight/prism-cli "$PRISM_VERSION" prism prism)
"$PRISM" --version

echo "== building the fake and the load generator (release)"
cargo build --release -p portone-v1-fake --bin portone-v1-fake
FAKE=$ROOT/target/release/portone-v1-fake
LOAD=$(cargo bench -p portone-v1-fake --bench load --no-run --message-format=json \
    | python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "load" and m.get("executable"):
        print(m["executable"])')
SEED=$OUT/seed.json
"$LOAD" --bench --write-seed "$SEED" --payments "$PAYMENTS" \
    --cancels-per-payment "$CANCELS_PER_PAYMENT"

# One load run against $2 (a URL), labelled $1, the server being $SERVER_PID.
load() {
    local label=$1 url=$2
    # A run with failed requests still reports them (and the table counts
    # them); only a run without a RESULT line stops the script.
    timeout $((WARMUP + DURATION + 60)) "$LOAD" --bench --url "$url" --label "$label" \
        --clients "$CLIENTS" --warmup "$WARMUP" --duration "$DURATION" \
        --payments "$PAYMENTS" --cancels-per-payment "$CANCELS_PER_PAYMENT" \
        --server-pid "$SERVER_PID" | tee "$OUT/$label.last.txt" || true
    grep '^RESULT ' "$OUT/$label.last.txt" | sed 's/^RESULT //' >> "$OUT/results.jsonl"
}

for round in $(seq 1 "$ROUNDS"); do
    echo "== round $round of $ROUNDS: fake"
    port=$(free_port)
    "$FAKE" --port "$port" --seed "$SEED" > "$OUT/fake.log" 2>&1 &
    SERVER_PID=$!
    wait_ready "http://127.0.0.1:$port"
    load fake "http://127.0.0.1:$port"
    stop_server

    echo "== round $round of $ROUNDS: prism"
    port=$(free_port)
    # shellcheck disable=SC2086 # PRISM_ARGS is a list of flags
    "$PRISM" mock spec/portone-v1.yaml -p "$port" -h 127.0.0.1 $PRISM_ARGS \
        > "$OUT/prism.log" 2>&1 &
    SERVER_PID=$!
    wait_ready "http://127.0.0.1:$port"
    load prism "http://127.0.0.1:$port"
    stop_server
done

echo "== medians of $ROUNDS rounds ($CLIENTS clients, ${DURATION} s measured after ${WARMUP} s warm-up)"
python3 - "$OUT/results.jsonl" <<'EOF'
import json, statistics, sys

runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in runs:
    by.setdefault(r["label"], []).append(r)

def med(label, f):
    vals = [f(r) for r in by.get(label, []) if f(r) is not None]
    return statistics.median(vals) if vals else float("nan")

rows = [
    ("throughput (req/s)", lambda r: r["rps"], "{:,.0f}"),
    ("p50, all calls (µs)", lambda r: r["p50_us"], "{:,.0f}"),
    ("p99, all calls (µs)", lambda r: r["p99_us"], "{:,.0f}"),
]
for call in ("getToken", "getPayment", "cancel"):
    rows.append((f"p50 {call} (µs)", lambda r, c=call: r["by_call"][c]["p50_us"], "{:,.0f}"))
    rows.append((f"p99 {call} (µs)", lambda r, c=call: r["by_call"][c]["p99_us"], "{:,.0f}"))
rows += [
    ("server CPU per request (µs)", lambda r: r["server_cpu_us_per_req"], "{:,.1f}"),
    ("load generator CPU per request (µs)", lambda r: r["client_cpu_us_per_req"], "{:,.1f}"),
]
print(f"| {'':<36} | {'fake':>10} | {'prism':>10} | {'fake / prism':>12} |")
print(f"| {'-'*36} | {'-'*10}: | {'-'*10}: | {'-'*12}: |")
for name, f, fmt in rows:
    a, b = med("fake", f), med("prism", f)
    print(f"| {name:<36} | {fmt.format(a):>10} | {fmt.format(b):>10} | {a / b:>12.2f} |")
# Each round ran the fake, then Prism: a ratio per round pairs runs made
# under the same background load.
pairs = [f / p for f, p in zip([r["rps"] for r in by.get("fake", [])],
                               [r["rps"] for r in by.get("prism", [])])]
if pairs:
    print("throughput fake / prism per round: "
          + ", ".join(f"{x:.1f}" for x in pairs)
          + f" (median {statistics.median(pairs):.1f})")
for label, rs in sorted(by.items()):
    rps = ", ".join(f"{r['rps']:,.0f}" for r in rs)
    errs = sum(r["errors"] for r in rs)
    refused = sum(r["refused"] for r in rs)
    load = ", ".join(f"{r.get('loadavg_1m') or float('nan'):.1f}" for r in rs)
    print(f"{label}: {len(rs)} rounds, req/s per round: {rps}; errors {errs}, refused {refused}; "
          f"1-min load average after each: {load}")
EOF
