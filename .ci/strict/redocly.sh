#!/usr/bin/env bash
# Redocly CLI's lint (recommended rules, `no-invalid-media-type-examples` as
# an error; see redocly.yaml) on the spec. Target: 0 errors, 0 warnings.
#
#   .ci/strict/redocly.sh [SPEC]     # default spec/portone-v1.yaml
#
# Redocly is installed from npm by name into target/ on first use (pinned).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SPEC=$(realpath "${1:-spec/portone-v1.yaml}")
. .ci/strict/npm_tool.sh
REDOCLY=$(npm_tool @redocly/cli 2.77.0 redocly redocly)
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
