//! The `xtask` commands as a user runs them, on a workspace holding the
//! spec and a fresh generation of its files (`xtask --root <tmp> ...`):
//! `check` on a stale and on a leftover file, `generate` writing only what
//! changed and removing what it no longer produces, and `docs --out DIR`.

mod common;

use std::path::{Path, PathBuf};

use common::{read_tree, xtask};
use xtask::GENERATED_CLIENT_PATH;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file below `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    read_tree(dir).into_keys().collect()
}

#[test]
fn check_passes_on_a_fresh_generation_and_fails_on_a_hand_edit() {
    let dir = common::fresh_workspace();
    let root = dir.path();
    let ok = xtask(root, &["check"]);
    assert!(ok.status.success(), "stderr: {}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("generated file(s) match"));

    let generated = root.join(GENERATED_CLIENT_PATH);
    let committed = std::fs::read_to_string(&generated).unwrap();
    std::fs::write(
        &generated,
        committed.replacen("pub mod types", "pub mod typez", 1),
    )
    .unwrap();
    let stale = xtask(root, &["check"]);
    let err = text(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "stderr: {err}");
    assert!(
        err.contains("-pub mod typez") && err.contains("+pub mod types"),
        "a diff: {err}"
    );
    assert!(
        err.contains(&format!("{GENERATED_CLIENT_PATH} is out of date")),
        "{err}"
    );
    assert!(err.contains("run `cargo xtask generate`"), "the fix: {err}");
}

#[test]
fn generate_writes_only_what_changed_and_removes_leftovers() {
    let dir = common::fresh_workspace();
    let root = dir.path();
    let generated = root.join(GENERATED_CLIENT_PATH);
    let committed = std::fs::read_to_string(&generated).unwrap();
    std::fs::write(&generated, format!("{committed}\n// a hand edit\n")).unwrap();
    // A schema that was removed from the spec leaves its JSON Schema behind.
    let leftover = root.join("docs/schemas/Removed.schema.json");
    std::fs::write(&leftover, "{}\n").unwrap();
    let unrelated = root.join("docs/schemas/README.txt");
    std::fs::write(&unrelated, "not the generator's\n").unwrap();

    let check = xtask(root, &["check"]);
    let err = text(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{err}");
    assert!(
        err.contains("docs/schemas/Removed.schema.json is no longer generated"),
        "the leftover is named: {err}"
    );

    let docs_before = std::fs::metadata(root.join("docs/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    let out = xtask(root, &["generate"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(
        stdout.contains(&format!("wrote     {GENERATED_CLIENT_PATH}")),
        "{stdout}"
    );
    assert!(stdout.contains("unchanged docs/index.html"), "{stdout}");
    assert!(
        stdout.contains("removed   docs/schemas/Removed.schema.json"),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("wrote ").count(),
        1,
        "only the edited file: {stdout}"
    );
    assert_eq!(std::fs::read_to_string(&generated).unwrap(), committed);
    assert!(!leftover.exists());
    assert!(
        unrelated.exists(),
        "only `*.schema.json` files are the generator's"
    );
    let docs_after = std::fs::metadata(root.join("docs/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        docs_before, docs_after,
        "an unchanged file is not rewritten"
    );
    let stray: Vec<String> = listing(root)
        .into_iter()
        .filter(|p| p.contains(".tmp-"))
        .collect();
    assert!(stray.is_empty(), "temporary files left: {stray:?}");

    let again = xtask(root, &["generate"]);
    assert!(
        !text(&again.stdout).contains("wrote "),
        "{}",
        text(&again.stdout)
    );
    assert!(xtask(root, &["check"]).status.success());
}

#[test]
fn docs_out_writes_a_publishable_site_equal_to_docs() {
    let dir = common::fresh_workspace();
    let root = dir.path();
    let site: PathBuf = root.join("site");
    std::fs::create_dir_all(site.join("schemas")).unwrap();
    std::fs::write(site.join("schemas/Old.schema.json"), "{}\n").unwrap();

    let out = xtask(root, &["docs", "--out", site.to_str().unwrap()]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("index.html"),
        "{}",
        text(&out.stdout)
    );

    let docs = read_tree(&root.join("docs"));
    let mut published = read_tree(&site);
    assert!(
        published.remove(".nojekyll").is_some(),
        "the site has .nojekyll"
    );
    assert_eq!(
        published.keys().collect::<Vec<_>>(),
        docs.keys().collect::<Vec<_>>(),
        "the same files as docs/, plus .nojekyll"
    );
    for (rel, bytes) in &docs {
        assert!(published[rel] == *bytes, "{rel} differs from docs/");
    }
    let html = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "the page loads nothing from the network"
    );

    let usage = xtask(root, &["docs"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(text(&usage.stderr).contains("--out DIR"));
}
