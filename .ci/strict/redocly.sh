#!/usr/bin/env bash
# Redocly CLI's lint (recommended rules, `no-invalid-media-type-examples` as
# an error; see redocly.yaml) on the spec. Target: 0 errors, 0 warnings.
#
#   .ci/strict/redocly.sh [SPEC]     # default spec/portone-v1.yaml
#
# Redocly is installed from npm by name into target/ on first use (pinned).
set -euo pipefail
# npm verifies the registry's certificate against Node's own CA list; where
# the system store holds the one that signs the registry (a proxy's CA on a
# CI machine), Node needs to be told, or every fetch fails and npm waits 70 s
# per package before falling back to its cache (or fails without one).
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SPEC=$(realpath "${1:-spec/portone-v1.yaml}")
REDOCLY_VERSION=2.77.0
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
REDOCLY_DIR=$TARGET_DIR/redocly-$REDOCLY_VERSION
REDOCLY=$REDOCLY_DIR/node_modules/.bin/redocly

if [ ! -x "$REDOCLY" ]; then
    echo "== installing @redocly/cli $REDOCLY_VERSION into $REDOCLY_DIR"
    npm install --prefix "$REDOCLY_DIR" --no-audit --no-fund --save-exact \
        "@redocly/cli@$REDOCLY_VERSION" >/dev/null
fi
# No telemetry, no update check: the lint runs offline.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
out=$(timeout 120 "$REDOCLY" lint --config .ci/strict/redocly.yaml --format stylish "$SPEC" 2>&1) || {
    echo "$out"
    exit 1
}
echo "$out"
# Warnings do not fail `redocly lint`; here they do (the target is 0).
if echo "$out" | grep -qiE '[1-9][0-9]* warnings?'; then
    echo "redocly: warnings found; the target is 0 errors and 0 warnings" >&2
    exit 1
fi
