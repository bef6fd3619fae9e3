//! Helpers shared by the xtask integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use xtask::model::Model;
use xtask::spec::LoadedSpec;

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

/// The model of a document (as the commands read it), named `test.yaml`
/// in errors.
pub fn model(doc: &Value) -> Model<'_> {
    Model::new(Path::new("test.yaml"), doc)
}

/// `cargo xtask lint`'s findings for a document.
pub fn lint(doc: &Value) -> Vec<xtask::lint::Finding> {
    xtask::lint::lint(&model(doc))
}

/// `cargo xtask diff`'s changes between two documents.
pub fn diff(old: &Value, new: &Value) -> Vec<xtask::diff::Change> {
    xtask::diff::diff(&model(old), &model(new))
}

/// `cargo xtask upstream`'s comparison of our document with an official one.
pub fn compare(ours: &Value, official: &Value) -> Result<Vec<xtask::upstream::Difference>, String> {
    xtask::upstream::compare(&model(ours), official)
}

/// A directory of one test, removed when the test is done with it (also
/// when it fails: the panic unwinds through the drop). A process that
/// aborts (a stack overflow) leaves it, which keeps the case that did it.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh, empty directory for one test (removed first if left over).
pub fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("xtask-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    TempDir(dir)
}

/// A throwaway workspace root holding `spec` as `spec/portone-v1.yaml` and
/// a crate manifest at `version`.
pub fn temp_root(name: &str, spec: &Path, version: &str) -> TempDir {
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

/// The committed spec, loaded and checked as `cargo xtask generate` does.
pub fn real_spec() -> LoadedSpec {
    let path = xtask::workspace_root().join(xtask::SPEC_PATH);
    xtask::spec::load(&path).unwrap_or_else(|e| panic!("the committed spec must load: {e}"))
}

/// A temporary workspace root holding the committed spec, its usage
/// samples and a fresh generation of every file generated from them. Fresh, not copied: whether
/// the committed files are fresh is checked once, in `generated_files.rs`.
pub fn fresh_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join(xtask::SPEC_PATH);
    std::fs::create_dir_all(spec.parent().unwrap()).unwrap();
    std::fs::copy(xtask::workspace_root().join(xtask::SPEC_PATH), &spec).unwrap();
    // The usage samples too: the docs and the samples' test are made from
    // them, and lint asks for them.
    let samples = Path::new("spec").join(xtask::spec::SAMPLES_DIR);
    write_tree(
        &dir.path().join(&samples),
        &read_tree(&xtask::workspace_root().join(&samples)),
    );
    let files = xtask::generate::generate_all(&real_spec())
        .unwrap_or_else(|e| panic!("the committed spec must generate: {e}"));
    xtask::files::write_all(dir.path(), &files).expect("write the generated files");
    dir
}

/// Every file below `dir` with its bytes, keyed by its path relative to
/// `dir` (`/`-separated), in path order; empty when `dir` does not exist.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Writes `tree` (as [`read_tree`] returns it) below `dir`.
pub fn write_tree(dir: &Path, tree: &BTreeMap<String, Vec<u8>>) {
    for (rel, bytes) in tree {
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
}

/// The file at `path` that `generate_all` writes for `doc` (read as if it
/// were the real spec), or the generator's error as text.
pub fn generated_file(doc: &Value, path: &str) -> Result<String, String> {
    Ok(generated_files(doc)?
        .into_iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is generated"))
        .contents)
}

/// Every file `generate_all` writes for `doc`, or its error as text.
pub fn generated_files(doc: &Value) -> Result<Vec<xtask::generate::GeneratedFile>, String> {
    let loaded = xtask::spec::parse(
        &xtask::workspace_root().join(xtask::SPEC_PATH),
        &serde_json::to_string(doc).unwrap(),
    )
    .map_err(|e| e.to_string())?;
    xtask::generate::generate_all(&loaded).map_err(|e| e.to_string())
}
