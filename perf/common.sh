# Shared by the perf/ scripts (sourced, not run). Paths are relative to the
# repository root, where every script cds first.

OG_VERSION=7.26.0
# The official document, read in place (shared/ lies beside the repo).
OFFICIAL=${OFFICIAL:-../shared/reference/official/v1-cancel-extract.2026-07-27.json}
OG_VENV=target/perf-venv
OG_CRATE=target/perf-og/crate

now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

og_install() {
    if [ ! -x "$OG_VENV/bin/openapi-generator-cli" ]; then
        command -v java > /dev/null || {
            echo "openapi-generator needs Java: apt-get install -y default-jre-headless" >&2
            exit 1
        }
        python3 -m venv "$OG_VENV"
        "$OG_VENV/bin/pip" install --quiet --disable-pip-version-check "openapi-generator-cli==$OG_VERSION"
    fi
    [ -f "$OFFICIAL" ] || { echo "no official document at $OFFICIAL (set OFFICIAL=...)" >&2; exit 1; }
}

# og_generate OUT_DIR: one run of the generator, default options.
og_generate() {
    "$OG_VENV/bin/openapi-generator-cli" generate -i "$OFFICIAL" -g rust --library reqwest -o "$1"
}
