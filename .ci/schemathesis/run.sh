#!/usr/bin/env bash
# schemathesis against portone-v1-fake, with spec/portone-v1.yaml: both
# generation modes (positive, then negative), every check, every phase
# (examples, coverage, fuzzing, stateful). A fresh fake for each mode, so
# that each starts with the seeded payments. Exits non-zero on any failure.
#
# Bounded: each mode is killed after ST_MODE_TIMEOUT seconds (default 150)
# and counts as a failure then. Only 127.0.0.1 is reached: the fake listens
# there and schemathesis gets no other URL (cache and example database off).
#
# Needs schemathesis (see the pip line in .ci/run). Knobs, for a local run:
#   ST_MAX_EXAMPLES  test cases per operation and phase (default 200)
#   ST_SEED          the random seed (default fixed, so CI is repeatable)
set -euo pipefail

# No __pycache__ next to hooks.py in the work tree.
export PYTHONDONTWRITEBYTECODE=1

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

max_examples="${ST_MAX_EXAMPLES:-200}"
seed="${ST_SEED:-20261125}"
mode_timeout="${ST_MODE_TIMEOUT:-150}"
# The key and secret of the spec's getToken example, so that the examples
# phase gets a token too; schemathesis.toml's dynamic auth uses the same.
imp_key="1234567890123456"
imp_secret="example-secret-not-a-real-one"

work="$root/target/schemathesis"
mkdir -p "$work"

echo "-- hooks.py's own test"
python3 -m pytest -q -p no:cacheprovider "$here/test_hooks.py"

echo "-- building the fake"
cargo build -p portone-v1-fake --quiet
# A copy, so that a rebuild by someone else mid-run cannot swap it.
cp target/debug/portone-v1-fake "$work/portone-v1-fake"

fake_pid=""
fake_url=""

stop_fake() {
    if [ -n "$fake_pid" ]; then
        kill "$fake_pid" 2>/dev/null || true
        wait "$fake_pid" 2>/dev/null || true
        fake_pid=""
    fi
}
trap stop_fake EXIT

# Starts the fake on a free port and waits for its "listening on" line.
start_fake() {
    local log="$1"
    # Emptied here, not by the redirection below: that happens in the child,
    # possibly after the loop has read a previous run's line and port.
    : >"$log"
    "$work/portone-v1-fake" --port 0 --imp-key "$imp_key" --imp-secret "$imp_secret" \
        >"$log" 2>&1 &
    fake_pid=$!
    for _ in $(seq 200); do
        fake_url="$(sed -n 's|^portone-v1-fake listening on \(http://127\.0\.0\.1:[0-9][0-9]*\)$|\1|p' "$log")"
        if [ -n "$fake_url" ]; then
            return 0
        fi
        if ! kill -0 "$fake_pid" 2>/dev/null; then
            echo "the fake exited before listening:" >&2
            cat "$log" >&2
            fake_pid=""
            return 1
        fi
        sleep 0.05
    done
    echo "the fake did not print its 'listening on' line within 10 s:" >&2
    cat "$log" >&2
    return 1
}

status=0
for mode in positive negative; do
    rm -f "$work/events-$mode.ndjson"
    echo "-- schemathesis, $mode mode (max $max_examples examples, seed $seed)"
    start_fake "$work/fake-$mode.log"
    # negative_data_rejection: replaced by hooks.py's check, see schemathesis.toml.
    if ! (cd "$work" && SCHEMATHESIS_HOOKS="$here/hooks.py" \
        timeout --kill-after=10 "$mode_timeout" \
        python3 -m schemathesis.cli --config-file "$here/schemathesis.toml" run \
        "$root/spec/portone-v1.yaml" \
        --url "$fake_url" \
        --mode "$mode" \
        --checks all --exclude-checks negative_data_rejection \
        --max-examples "$max_examples" \
        --seed "$seed" \
        --request-timeout 10 \
        --report ndjson --report-ndjson-path "$work/events-$mode.ndjson" \
        --no-color); then
        echo "schemathesis ($mode mode) failed or ran out of time (${mode_timeout}s)" >&2
        status=1
    fi
    stop_fake
    if [ -f "$work/events-$mode.ndjson" ]; then
        python3 "$here/phase_counts.py" "$work/events-$mode.ndjson" || echo "(no phase counts: the events file is unreadable)"
    fi
done
exit "$status"
