//! Helpers shared by the xtask integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// `xtask/tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A fixture spec as JSON (through the same loader the commands use).
pub fn load(rel: &str) -> Value {
    xtask::spec::load(&fixture(rel))
        .unwrap_or_else(|e| panic!("fixture {rel} must load: {e}"))
        .json
}

/// A fresh, empty directory for one test (removed first if left over).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// A throwaway workspace root holding `spec` as `spec/portone-v1.yaml` and
/// a crate manifest at `version`.
pub fn temp_root(name: &str, spec: &Path, version: &str) -> PathBuf {
    let root = temp_dir(name);
    std::fs::create_dir_all(root.join("spec")).unwrap();
    std::fs::create_dir_all(root.join("crates/portone-v1")).unwrap();
    std::fs::copy(spec, root.join(xtask::SPEC_PATH)).unwrap();
    std::fs::write(
        root.join("crates/portone-v1/Cargo.toml"),
        format!("[package]\nname = \"portone-v1\"\nversion = \"{version}\"\n"),
    )
    .unwrap();
    root
}

/// Runs the built `xtask` binary with `--root root` and `args`.
pub fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run the xtask binary")
}

/// Stdout of a run, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
