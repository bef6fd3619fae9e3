//! The maintainer's path, end to end: an upstream API change is a spec edit
//! and `cargo xtask generate`, and nothing else.
//!
//! On a temporary copy of the workspace, the spec gets the kinds of change
//! the official schema really went through (two new optional cancel
//! parameters, one with a `maxLength`, plus a required one and an array
//! one; a new query parameter on the payment lookup; new nullable response
//! fields of string, object and array type; a new `PgProvider` value).
//! Then, in the copy: `cargo xtask generate`; the docs show the change; and
//! the tests in `tests/upstream_edit/` compile against the regenerated
//! crates and run: the new setters (limits and the required one checked),
//! the new CLI flags against a local mock (the wire checked), the fake
//! serving the new fields and applying the new rules.
//!
//! The copy shares this workspace's `target/` (dependencies are not built
//! twice); its binaries are renamed so that they cannot replace this
//! workspace's own in `target/debug/` while other tests use them.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_yaml::{Mapping, Value};

/// Each cargo run in the copy is bounded: a hang fails here, named.
const STEP_LIMIT: Duration = Duration::from_secs(420);

#[test]
fn an_upstream_edit_reaches_setters_flags_the_fake_and_the_docs() {
    let root = xtask::workspace_root();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside target/")
        .to_path_buf();
    // A fixed place, so the copy's crates keep the same identity from run
    // to run and cargo reuses their last build instead of piling up new
    // ones in target/. Emptied first; left after a run for a look.
    let copy = Copy(target.join("upstream-edit").join("workspace"));
    if copy.0.exists() {
        std::fs::remove_dir_all(&copy.0).unwrap();
    }
    copy_workspace(&root, copy.path());
    distinguish(copy.path());
    edit_spec(&copy.path().join(xtask::SPEC_PATH));
    for (file, dest) in [
        ("client.rs", "crates/portone-v1/tests/upstream_edit.rs"),
        ("cli.rs", "crates/portone-v1-cli/tests/upstream_edit.rs"),
        ("fake.rs", "crates/portone-v1-fake/tests/upstream_edit.rs"),
    ] {
        std::fs::copy(
            root.join("tests/upstream_edit").join(file),
            copy.path().join(dest),
        )
        .unwrap();
    }

    cargo(
        copy.path(),
        &target,
        &["xtask", "generate"],
        "cargo xtask generate",
    );
    for (path, needles) in [
        (
            xtask::REQUEST_INPUTS_PATH,
            &["pub fn fields", "OPERATOR_ID", "PROMOTION_NOTE"][..],
        ),
        (
            "crates/portone-v1/src/inputs/cancel_payment_setters.rs",
            &[
                "pub fn promotion_note",
                "pub fn operator_id",
                "pub fn notify_buyer",
            ][..],
        ),
        (
            xtask::CLI_FLAGS_PATH,
            &["\"promotion-note\"", "\"notify-buyer\"", "\"fields\""][..],
        ),
        (
            "docs/reference.md",
            // Table rows, not bare words: `fields` already occurs in
            // today's prose.
            &[
                "| `promotion_note` | body",
                "| `operator_id` | body",
                "| `fields` | query",
                "| `routed_pg` |",
                "| `settlement` |",
                "hecto_v2",
            ][..],
        ),
    ] {
        let before = std::fs::read_to_string(root.join(path)).unwrap();
        let text = std::fs::read_to_string(copy.path().join(path)).unwrap();
        for needle in needles {
            // Absent before the edit, so its presence after proves the edit.
            assert!(
                !before.contains(needle),
                "{path} already shows {needle} before the edit: pick a needle that only the edit brings"
            );
            assert!(
                text.contains(needle),
                "{path} does not show {needle} after the edit"
            );
        }
    }
    let out = cargo(
        copy.path(),
        &target,
        &[
            "test",
            "--offline",
            "-p",
            "portone-v1",
            "-p",
            "portone-v1-cli",
            "-p",
            "portone-v1-fake",
            "--test",
            "upstream_edit",
        ],
        "the drills in tests/upstream_edit/",
    );
    // Three test binaries, each of which ran its tests (none filtered out).
    let results: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("test result: ok."))
        .collect();
    assert_eq!(results.len(), 3, "expected the three drills to run:\n{out}");
    for line in results {
        assert!(
            !line.starts_with("test result: ok. 0 passed"),
            "a drill ran no test: {line}\n{out}"
        );
    }
}

/// Where the copy lives.
struct Copy(PathBuf);

impl Copy {
    fn path(&self) -> &Path {
        &self.0
    }
}

/// Runs cargo in `dir` with the shared target directory, bounded by
/// [`STEP_LIMIT`]; fails with its output.
fn cargo(dir: &Path, target: &Path, args: &[&str], what: &str) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut child = Command::new(cargo)
        .args(args)
        // Its own process group, so a hang is ended with every rustc in it.
        .process_group(0)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_MANIFEST_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let pid = child.id();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let status = match rx.recv_timeout(STEP_LIMIT) {
        Ok(status) => status.unwrap(),
        Err(_) => {
            // kill(2) on the group (never /usr/bin/kill, which mangles a
            // negative pid). SAFETY: a plain syscall on a group we made.
            unsafe {
                libc::kill(-(pid as i32), libc::SIGKILL);
            }
            panic!(
                "{what} (cargo {}) ran past {STEP_LIMIT:?} in the copy",
                args.join(" ")
            );
        }
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    assert!(
        status.success(),
        "{what} (cargo {}) failed in the copy:\n--- stdout\n{out}\n--- stderr\n{err}",
        args.join(" ")
    );
    out
}

/// Copies every file git knows or would add (tracked and untracked, not
/// ignored), so a working tree with unstaged work is copied as it is.
fn copy_workspace(root: &Path, to: &Path) {
    let listed = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(root)
        .output()
        .expect("git lists the workspace's files");
    assert!(listed.status.success(), "git ls-files failed");
    for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let rel = PathBuf::from(String::from_utf8(name.to_vec()).unwrap());
        let from = root.join(&rel);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let dest = to.join(&rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&from, &dest).unwrap();
    }
}

/// Makes the copy's crates other crates to cargo, so that sharing
/// `target/` cannot mix their artifacts with this workspace's.
///
/// Cargo names a workspace member's artifacts by a hash of its name,
/// version and path *relative to the workspace root*, which the copy
/// shares: built as they are, the copy's `libportone_v1-<hash>.rlib` (made
/// from the edited spec) would replace this workspace's, and the next
/// build here could link it. A different version makes different hashes;
/// renamed binaries keep the copy out of `target/debug/portone-v1` and the
/// like, which the CLI tests run.
fn distinguish(copy: &Path) {
    let manifest = copy.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let (head, tail) = text
        .split_once("[workspace.package]")
        .expect("the workspace sets its package version");
    let version = tail
        .lines()
        .find(|l| l.starts_with("version = "))
        .expect("[workspace.package] has a version");
    let bumped = tail.replacen(version, "version = \"0.1.999\"", 1);
    std::fs::write(&manifest, format!("{head}[workspace.package]{bumped}")).unwrap();
    rename_binaries(copy);
}

/// `portone-v1` → `portone-v1-upstream`, and so on for every `[[bin]]`.
fn rename_binaries(copy: &Path) {
    for manifest in [
        "crates/portone-v1-cli/Cargo.toml",
        "crates/portone-v1-fake/Cargo.toml",
        "xtask/Cargo.toml",
    ] {
        let path = copy.join(manifest);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = String::new();
        let mut in_bin = false;
        for line in text.lines() {
            if line.starts_with('[') {
                in_bin = line.trim() == "[[bin]]";
            }
            if in_bin
                && let Some(name) = line.strip_prefix("name = \"")
                && let Some(name) = name.strip_suffix('"')
            {
                out.push_str(&format!("name = \"{name}-upstream\"\n"));
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        assert!(
            out.contains("-upstream\""),
            "{manifest} declares no [[bin]]"
        );
        std::fs::write(&path, out).unwrap();
    }
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap()
}

fn map<'a>(v: &'a mut Value, path: &[&str]) -> &'a mut Mapping {
    let mut v = v;
    for key in path {
        v = v
            .get_mut(*key)
            .unwrap_or_else(|| panic!("the spec has no {key} on the way to {path:?}"));
    }
    v.as_mapping_mut().unwrap()
}

/// The upstream change, as a maintainer would write it.
fn edit_spec(spec: &Path) {
    let mut doc: Value = serde_yaml::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap();
    let cancel = map(&mut doc, &["components", "schemas", "CancelPaymentRequest"]);
    let props = cancel
        .get_mut("properties")
        .unwrap()
        .as_mapping_mut()
        .unwrap();
    props.insert(
        "promotion_note".into(),
        yaml("type: string\nmaxLength: 8\ndescription: \"프로모션 메모.\\n\\nA note on the promotion.\""),
    );
    props.insert(
        "notify_buyer".into(),
        yaml("type: boolean\ndescription: \"구매자에게 알릴지 여부.\\n\\nWhether the buyer is told.\""),
    );
    props.insert(
        "operator_id".into(),
        yaml("type: string\nminLength: 1\nmaxLength: 20\ndescription: \"취소한 직원.\\n\\nThe staff member who cancels.\""),
    );
    props.insert(
        "labels".into(),
        yaml("type: array\nitems:\n  type: string\ndescription: \"분류 표시.\\n\\nLabels for the cancel.\""),
    );
    cancel.insert("required".into(), yaml("[operator_id]"));

    let get = map(&mut doc, &["paths", "/payments/{imp_uid}", "get"]);
    get.get_mut("parameters")
        .unwrap()
        .as_sequence_mut()
        .unwrap()
        .push(yaml(
            "name: fields\nin: query\nrequired: false\ndescription: \"응답에 담을 필드.\\n\\nThe fields to answer with.\"\nschema:\n  type: string\n  maxLength: 64",
        ));

    let payment = map(
        &mut doc,
        &["components", "schemas", "Payment", "properties"],
    );
    payment.insert(
        "routed_pg".into(),
        yaml("type: string\nnullable: true\ndescription: \"허브형 결제의 실제 PG.\\n\\nThe PG behind a hub payment.\""),
    );
    payment.insert(
        "settlement".into(),
        yaml("type: object\nnullable: true\ndescription: \"정산 정보.\\n\\nSettlement details.\"\nproperties:\n  scheduled_at:\n    type: integer\n    description: \"정산 예정 시각.\\n\\nWhen it is settled.\""),
    );
    payment.insert(
        "tags".into(),
        yaml("type: array\nnullable: true\ndescription: \"태그.\\n\\nTags.\"\nitems:\n  type: string"),
    );

    let pg = map(&mut doc, &["components", "schemas", "PgProvider"]);
    pg.get_mut("x-open-enum")
        .unwrap()
        .as_sequence_mut()
        .unwrap()
        .push("hecto_v2".into());

    std::fs::write(spec, serde_yaml::to_string(&doc).unwrap()).unwrap();
}
