//! Shared helpers for the workspace's drift and wire-format tests.
//!
//! The tests live in this package (`portone-v1-tests`) rather than in each
//! crate because they tie the pieces together: the spec, what the generator
//! (`xtask`) made of it, and the client (`portone-v1`). The generator's own
//! tests (its commands, the loader, lint, diff, the docs and the one check
//! that the committed generated files are fresh) are in `xtask/tests/`.
//!
//! Response fixtures live in `tests/fixtures/` (see its README); other
//! packages (the fake server, the docs tests) read them through
//! [`fixture`] and [`fixture_names`].
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

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
