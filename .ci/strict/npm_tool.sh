# Sourced by the scripts that run a pinned npm tool (.ci/strict/redocly.sh,
# .ci/strict/prism_proxy.sh, crates/portone-v1-fake/benches/load_vs_prism.sh):
# one place that installs it by name into the cargo target directory, once.
#
#   . .ci/strict/npm_tool.sh
#   PRISM=$(npm_tool @stoplight/prism-cli 5.14.2 prism prism)
#
# prints the path of the tool's binary; the install's output goes to
# <dir>/npm.log and its tail to stderr when it fails.

# npm verifies the registry's certificate against Node's own CA list; where
# the system store holds the one that signs the registry (a proxy's CA on a
# CI machine), Node needs to be told, or every fetch fails and npm waits 70 s
# per package before falling back to its cache (or fails without one).
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi

# The workspace's target directory (CARGO_TARGET_DIR or target/).
cargo_target_dir() {
    cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])'
}

# npm_tool PACKAGE VERSION DIR_PREFIX BIN: installs PACKAGE@VERSION into
# <target>/DIR_PREFIX-VERSION unless it is there, and prints the path of BIN.
npm_tool() {
    local package=$1 version=$2 prefix=$3 bin=$4 dir
    dir=$(cargo_target_dir)/$prefix-$version
    if [ ! -x "$dir/node_modules/.bin/$bin" ]; then
        echo "== installing $package $version into $dir" >&2
        mkdir -p "$dir"
        npm install --prefix "$dir" --no-audit --no-fund --save-exact \
            "$package@$version" >"$dir/npm.log" 2>&1 ||
            { tail -20 "$dir/npm.log" >&2; return 1; }
    fi
    echo "$dir/node_modules/.bin/$bin"
}
