# Shared by the perf/ scripts (sourced, not run). Paths are relative to the
# repository root, where every script cds first.

OG_VERSION=7.26.0
# The official documents, read in place (shared/ lies beside the repo) and
# never copied into the repo.
OFFICIAL_DIR=${OFFICIAL_DIR:-../shared/reference/official}
# OG_OPS=spec (default): the full official document cut to the operations
# spec/portone-v1.yaml has (perf/og_input.py), so both crates have the same
# operations. OG_OPS=extract: the cancel extract of the reference folder
# (getToken, cancel, getPayment only).
OG_OPS=${OG_OPS:-spec}
case $OG_OPS in
    spec) OFFICIAL=target/perf-og/input.json ;;
    extract) OFFICIAL=$OFFICIAL_DIR/v1-cancel-extract.2026-07-27.json ;;
    *) echo "OG_OPS is spec or extract" >&2; exit 2 ;;
esac
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
    if [ "$OG_OPS" = spec ]; then
        mkdir -p target/perf-og
        python3 perf/og_input.py "$OFFICIAL_DIR/v1.openapi.2026-07-27.json" spec/portone-v1.yaml \
            "$OFFICIAL" > target/perf-og/input.log
    fi
    [ -f "$OFFICIAL" ] || { echo "no official document at $OFFICIAL (set OFFICIAL_DIR=...)" >&2; exit 1; }
}

# og_generate OUT_DIR: one run of the generator, default options.
og_generate() {
    "$OG_VENV/bin/openapi-generator-cli" generate -i "$OFFICIAL" -g rust --library reqwest -o "$1"
}
