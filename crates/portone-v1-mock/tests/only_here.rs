//! No test in the workspace starts a wiremock server itself: every one goes
//! through `portone_v1_mock::MockApi`, whose drop cannot spin.

use std::fs;
use std::path::{Path, PathBuf};

/// Ways of getting a `wiremock::MockServer` without `MockApi`.
const FORBIDDEN: &[&str] = &["MockServer::start", "MockServer::builder"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_test_starts_a_wiremock_server_directly() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = here.parent().unwrap().parent().unwrap();
    let allowed = [here.join("src/lib.rs"), here.join("tests")];
    let mut files = Vec::new();
    rust_files(root, &mut files);
    assert!(files.len() > 20, "the scan found the workspace's sources");
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !allowed.iter().any(|a| f.starts_with(a)))
        .filter_map(|f| {
            let text = fs::read_to_string(f).ok()?;
            let hit = FORBIDDEN.iter().find(|p| text.contains(*p))?;
            Some(format!(
                "{} uses `{hit}`",
                f.strip_prefix(root).unwrap().display()
            ))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "start mock servers with portone_v1_mock::MockApi::start() instead:\n{}",
        offenders.join("\n")
    );
}
