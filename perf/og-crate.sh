#!/usr/bin/env bash
# Generates the comparison crate: openapi-generator 7.26.0 (`-g rust
# --library reqwest`, all other options default) from the official Swagger
# document cut to our spec's operations (or, with OG_OPS=extract, from the
# reference folder's cancel extract; see perf/common.sh), into
# target/perf-og/crate. The documents are read where they lie (shared/,
# beside the repo) and never copied into the repo.
#
# Installs openapi-generator-cli from PyPI into target/perf-venv on first use
# (it needs a Java runtime: `apt-get install -y default-jre-headless`).
# Then resolves and fetches the crate's dependencies once (target/perf-og/
# Cargo.lock is kept), so that timed builds can run --offline --locked.
#
# Prints the generator's wall time in seconds on the last line
# (generate-vs-og.sh times it itself; this is for a look).
set -euo pipefail
cd "$(dirname "$0")/.."
. perf/common.sh

og_install
rm -rf "$OG_CRATE"
mkdir -p "$(dirname "$OG_CRATE")"
start=$(now)
og_generate "$OG_CRATE" > target/perf-og/generate.log 2>&1
end=$(now)
# A workspace of its own: it lies under this repo's workspace root, whose
# Cargo.toml would otherwise claim it. Changes nothing in how it builds.
printf '\n[workspace]\n' >> "$OG_CRATE/Cargo.toml"
if [ -f "target/perf-og/Cargo.lock" ] && [ "$(cat target/perf-og/ops 2>/dev/null)" = "$OG_OPS" ]; then
    cp target/perf-og/Cargo.lock "$OG_CRATE/Cargo.lock"
else
    (cd "$OG_CRATE" && cargo generate-lockfile --quiet)
    cp "$OG_CRATE/Cargo.lock" target/perf-og/Cargo.lock
fi
echo "$OG_OPS" > target/perf-og/ops
(cd "$OG_CRATE" && cargo fetch --locked --quiet)
echo "generated $OG_CRATE ($(find "$OG_CRATE/src" -name '*.rs' | xargs cat | wc -l) lines of Rust)"
echo "$(secs "$start" "$end")"
