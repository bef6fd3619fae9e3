//! Shared helpers for the workspace's drift and wire-format tests.
//!
//! The tests live in this package (`portone-v1-tests`) rather than in each
//! crate because they tie the pieces together: the spec, the generator
//! (`xtask`) and the generated client (`portone-v1`).
//!
//! Response fixtures live in `tests/fixtures/` (see its README); other
//! packages (the fake server, the docs tests) read them through
//! [`fixture`] and [`fixture_names`].
#![deny(missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use xtask::spec::LoadedSpec;

/// The workspace root (the directory holding the root `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    xtask::workspace_root()
}

/// The directory of the JSON response fixtures.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The text of fixture `name` (e.g. `payment-card-paid.json`), exactly as
/// written on disk.
pub fn fixture(name: &str) -> String {
    let path = fixtures_dir().join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

/// Fixture `name` parsed as generic JSON.
pub fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// Every `*.json` fixture file name, sorted.
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

/// The committed spec, loaded and checked as `cargo xtask generate` does.
pub fn load_spec() -> LoadedSpec {
    let path = workspace_root().join(xtask::SPEC_PATH);
    xtask::spec::load(&path).unwrap_or_else(|e| panic!("the committed spec must load: {e}"))
}

/// `value` with every `null` object member removed, recursively: what the
/// generated types write back, since they skip `None` fields.
pub fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// The path of the real `xtask` binary, built once per test process.
///
/// Cargo does not expose `CARGO_BIN_EXE_*` of another package, so this asks
/// cargo to build it (a no-op when it is fresh) and reads the executable
/// path from cargo's JSON messages rather than guessing the target dir.
pub fn xtask_binary() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .current_dir(workspace_root())
            .args([
                "build",
                "--quiet",
                "--package",
                "xtask",
                "--bin",
                "xtask",
                "--message-format=json",
            ])
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "building the xtask binary failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "xtask")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the xtask executable")
    })
    .clone()
}

/// Every file below `dir` with its bytes, keyed by its path relative to
/// `dir` (`/`-separated), in path order.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Writes `tree` (as [`read_tree`] returns it) below `dir`.
pub fn write_tree(dir: &Path, tree: &std::collections::BTreeMap<String, Vec<u8>>) {
    for (rel, bytes) in tree {
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
}

/// Every published `docs/schemas/<Name>.schema.json`, by name.
pub fn published_schemas() -> std::collections::BTreeMap<String, Value> {
    let dir = workspace_root().join("docs/schemas");
    let mut out = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run `cargo xtask generate`",
            dir.display()
        )
    }) {
        let path = entry.unwrap().path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".schema.json"))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let value: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        out.insert(name.to_string(), value);
    }
    out
}
