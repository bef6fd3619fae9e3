//! Property: a mutated spec never makes `cargo xtask generate` panic; it
//! either generates, or fails with an error that names the file and a place
//! in it, and then every generated file is byte-identical.
//!
//! The seed is the real `spec/portone-v1.yaml`; each case applies zero to
//! three edits of the parsed document (deleted keys, wrong types, broken or
//! cyclic `$ref`s, renamed keys, copied subtrees, schema shapes that have
//! made progenitor or typify panic), then, in about a third of the cases,
//! one edit of the text (truncation at any byte, invalid UTF-8, one byte):
//! see `spec_mutations`. The command runs in process
//! (`xtask::cli::generate`) on a temporary copy of the generated tree.
//!
//! Cases: `PROPTEST_CASES` if set, else [`DEFAULT_CASES`] (chosen so the
//! property takes well under a minute in a debug build). Failures are kept in
//! `tests/proptest-regressions/prop_spec.txt` and replayed first.

mod common;
mod spec_mutations;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use serde_json::Value;
use xtask::spec::{self, SpecError};
use xtask::{GENERATED_CLIENT_PATH, SPEC_PATH};

use spec_mutations::{Case, cases, mutated};

/// Cases per run when `PROPTEST_CASES` is not set. Measured in a debug
/// build: a case that generates takes about 0.4 s (generation runs twice,
/// for the library's verdict and as the command), one that progenitor or
/// the OpenAPI types refuse 0.5 to 0.9 s (finding the culprit regenerates),
/// a YAML or UTF-8 error a few ms; 100 cases took 30 s of generation.
const DEFAULT_CASES: u32 = 128;

/// Cases of the composition property: most end in a precheck, in
/// milliseconds.
const COMPOSED_CASES: u32 = 64;

/// How long one case may take before it counts as a hang (progenitor or the
/// docs generator looping on a cyclic shape).
const CASE_DEADLINE: Duration = Duration::from_secs(120);

fn config() -> Config {
    config_with(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/proptest-regressions/prop_spec.txt"
        ),
        DEFAULT_CASES,
    )
}

/// `PROPTEST_CASES` if set, else `default_cases`; failures kept in
/// `regressions` (under `tests/proptest-regressions/`, committed).
fn config_with(regressions: &'static str, default_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    Config {
        cases,
        // Committed next to this file (not proptest's default, which cannot
        // find a `lib.rs` above an integration test and falls back to a file
        // beside the source).
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions))),
        // A failing case is shrunk for a bounded time, so a failure is
        // reported quickly even when each attempt runs the generator.
        max_shrink_time: 60_000,
        ..Config::default()
    }
}

fn real_spec() -> Vec<u8> {
    std::fs::read(xtask::workspace_root().join(SPEC_PATH)).expect("the real spec")
}

// ---------------------------------------------------------------------------
// The workspace copy and the oracle

/// A temporary workspace root with the real generated tree in it.
struct Workspace {
    root: common::TempDir,
    /// Every file but the spec, as it was before any case ran.
    baseline: BTreeMap<String, Vec<u8>>,
}

impl Workspace {
    fn new(name: &str) -> Workspace {
        let real = xtask::workspace_root();
        let root = common::temp_dir(name);
        let mut baseline = BTreeMap::new();
        let client = std::fs::read(real.join(GENERATED_CLIENT_PATH)).expect("generated client");
        baseline.insert(GENERATED_CLIENT_PATH.to_string(), client);
        for (rel, bytes) in common::read_tree(&real.join("docs")) {
            baseline.insert(format!("docs/{rel}"), bytes);
        }
        std::fs::create_dir_all(root.join("spec")).unwrap();
        let ws = Workspace { root, baseline };
        ws.restore();
        // A stack overflow aborts the process: no panic, and libtest's
        // captured output is lost. Say now, past the capture, where the
        // case under generation sits (the abort leaves the directory).
        let _ = writeln!(
            std::io::stderr(),
            "prop_spec: each case is written to {} before it is generated; if this test aborts, that file is the case",
            ws.spec_path().display()
        );
        ws
    }

    fn spec_path(&self) -> PathBuf {
        self.root.join(SPEC_PATH)
    }

    /// Puts the baseline back, removing anything else but the spec.
    fn restore(&self) {
        for dir in ["crates", "docs"] {
            let _ = std::fs::remove_dir_all(self.root.join(dir));
        }
        for (rel, bytes) in &self.baseline {
            let to = self.root.join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::write(to, bytes).unwrap();
        }
    }

    /// Every file under the root except the spec.
    fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        let mut t = common::read_tree(&self.root);
        t.remove(SPEC_PATH);
        t
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// What one run of the generator gave.
struct Outcome {
    /// The library's verdict: the files, or the error.
    library: Result<Vec<xtask::generate::GeneratedFile>, SpecError>,
    /// `cargo xtask generate`'s exit code, run in process on the copy.
    command: ExitCode,
}

/// Runs the generator on a helper thread with a deadline, so that a case on
/// which it loops fails instead of hanging the suite. A panic on that
/// thread is the property's failure, with its message.
fn generate_with_deadline(root: &Path) -> Result<Outcome, TestCaseError> {
    let root = root.to_path_buf();
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name("prop-spec-generate".into())
        // The stack `cargo xtask` has on its main thread (Linux's default),
        // not a test thread's 2 MiB: a deep but finite recursion must be
        // judged as the command would meet it.
        .stack_size(8 << 20)
        .spawn(move || {
            let library = spec::load(&root.join(SPEC_PATH))
                .and_then(|loaded| xtask::generate::generate_all(&loaded));
            let command = xtask::cli::generate(&root, &[]);
            let _ = tx.send(Outcome { library, command });
        })
        .expect("spawn the generator thread");
    match rx.recv_timeout(CASE_DEADLINE) {
        Ok(outcome) => {
            let _ = worker.join();
            Ok(outcome)
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Err(TestCaseError::fail(format!(
            "generation did not finish within {}s (a loop?)",
            CASE_DEADLINE.as_secs()
        ))),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let payload = worker.join().err();
            let message = payload
                .as_ref()
                .and_then(|p| {
                    p.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                })
                .unwrap_or_else(|| "a panic without a message".into());
            Err(TestCaseError::fail(format!(
                "the generator panicked: {message}"
            )))
        }
    }
}

/// An error names the spec file and a place: a JSON pointer to a node that
/// exists (`#/...`; `#` only for a fault of the whole document, such as a
/// missing top-level field), or `line L, column C` inside the text.
fn check_located(err: &SpecError, spec_path: &Path, text: &[u8]) -> Result<(), TestCaseError> {
    prop_assert_eq!(&err.file, spec_path, "error names another file: {}", err);
    prop_assert!(
        err.to_string().contains(&spec_path.display().to_string()),
        "the message does not name the file: {}",
        err
    );
    prop_assert!(!err.message.trim().is_empty(), "empty message: {:?}", err);
    let loc = err.location.as_str();
    // `#` alone is a place only for a fault of the whole document.
    let whole_document = err.message.starts_with("the document is not a mapping")
        || err.message.contains("missing field");
    let pointer = loc.starts_with("#/") || (loc == "#" && whole_document);
    let line_col = loc
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(", column "))
        .and_then(|(l, c)| Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?)));
    match line_col {
        Some((line, column)) => {
            let lines = text.split(|&b| b == b'\n').count();
            prop_assert!(
                line >= 1 && line <= lines + 1 && column >= 1,
                "`{}` is outside the text ({} lines): {}",
                loc,
                lines,
                err
            );
        }
        None => {
            prop_assert!(pointer, "no usable location in: {}", err);
            // The place exists, or is where something missing belongs:
            // its parent exists.
            let doc: Option<Value> = std::str::from_utf8(text)
                .ok()
                .and_then(|t| serde_yaml::from_str(t).ok());
            let parent = loc.rsplit_once('/').map_or("#", |(p, _)| p);
            prop_assert!(
                doc.as_ref().is_some_and(|d| {
                    d.pointer(&loc[1..]).is_some() || d.pointer(&parent[1..]).is_some()
                }),
                "`{}` is not a place in the document: {}",
                loc,
                err
            );
        }
    }
    Ok(())
}

/// What the cases ended in, printed at the end (`--nocapture` shows it):
/// proof that the mutations reach past the YAML parser.
#[derive(Default)]
struct Tally(std::cell::RefCell<BTreeMap<String, u32>>);

impl Tally {
    fn add(&self, outcome: &Result<Vec<xtask::generate::GeneratedFile>, SpecError>) {
        let key = match outcome {
            Ok(_) => "generated".to_string(),
            Err(e) => {
                // The kind of error: its words up to the first `:` or `(`,
                // quoted names left out.
                let mut head = String::new();
                let mut quoted = false;
                for c in e.message.chars() {
                    match c {
                        '`' => {
                            quoted = !quoted;
                            if quoted {
                                head.push_str("`…`");
                            }
                        }
                        ':' | '(' if !quoted => break,
                        c if !quoted => head.push(c),
                        _ => {}
                    }
                }
                format!("refused: {}", head.trim())
            }
        };
        *self.0.borrow_mut().entry(key).or_default() += 1;
    }
}

fn check_case(
    ws: &Workspace,
    base: &[u8],
    case: &Case,
    tally: &Tally,
) -> Result<(), TestCaseError> {
    check_text(ws, &mutated(base, case), tally)
}

/// The oracle for one spec text: generation on the copy never panics, and
/// either succeeds (and wrote what it generated) or gives a located error
/// and leaves every file as it was.
fn check_text(ws: &Workspace, text: &[u8], tally: &Tally) -> Result<(), TestCaseError> {
    std::fs::write(ws.spec_path(), text).unwrap();
    let before = ws.tree();
    let outcome = generate_with_deadline(&ws.root)?;
    let after = ws.tree();
    tally.add(&outcome.library);
    match &outcome.library {
        Err(err) => {
            check_located(err, &ws.spec_path(), text)?;
            prop_assert_eq!(
                outcome.command,
                ExitCode::FAILURE,
                "the library refused the spec but the command did not: {}",
                err
            );
            let changed: Vec<&String> = before
                .keys()
                .chain(after.keys())
                .filter(|k| before.get(*k) != after.get(*k))
                .collect();
            prop_assert!(
                changed.is_empty(),
                "a refused spec changed generated files {:?}: {}",
                changed,
                err
            );
        }
        Ok(files) => {
            prop_assert_eq!(outcome.command, ExitCode::SUCCESS, "the command failed");
            // What was written is what the library generated.
            for f in files {
                prop_assert!(
                    after.get(&f.path).map(Vec::as_slice) == Some(f.contents.as_bytes()),
                    "{} is not what was generated",
                    f.path
                );
            }
            ws.restore();
        }
    }
    Ok(())
}

#[test]
fn mutated_specs_give_a_located_error_or_generate_and_never_panic() {
    let base = real_spec();
    let ws = Workspace::new("prop-spec-mutated");
    let tally = Tally::default();
    let mut runner = TestRunner::new(config());
    let result = runner.run(&cases(), |case| check_case(&ws, &base, &case, &tally));
    println!("outcomes (cases and shrink steps): {:#?}", tally.0.borrow());
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Schemas made of one another through `allOf` (or a bare `$ref`): one made
/// of itself, a pair, a chain of three, with or without properties of its
/// own. Each cycle used to kill the process with a stack overflow inside
/// progenitor (no panic to catch, nothing persisted: the case is in
/// `xtask::spec`'s unit tests), so this property aims at them directly.
fn compositions() -> impl Strategy<Value = (Vec<prop::sample::Index>, bool, bool)> {
    (
        prop::collection::vec(any::<prop::sample::Index>(), 1..=3),
        any::<bool>(),
        any::<bool>(),
    )
}

fn composed(
    base: &[u8],
    (picks, own_properties, bare_ref): &(Vec<prop::sample::Index>, bool, bool),
) -> Vec<u8> {
    let mut doc: Value = serde_yaml::from_slice(base).expect("the real spec is YAML");
    let names: Vec<String> = doc["components"]["schemas"]
        .as_object()
        .expect("component schemas")
        .keys()
        .cloned()
        .collect();
    let chain: Vec<&String> = picks.iter().map(|i| &names[i.index(names.len())]).collect();
    for (k, name) in chain.iter().enumerate() {
        let next = chain[(k + 1) % chain.len()];
        let reference = serde_json::json!({"$ref": format!("#/components/schemas/{next}")});
        let schema = &mut doc["components"]["schemas"][name.as_str()];
        if *bare_ref && !*own_properties {
            *schema = reference;
        } else {
            if !*own_properties && let Some(obj) = schema.as_object_mut() {
                obj.remove("properties");
            }
            schema["allOf"] = serde_json::json!([reference]);
        }
    }
    serde_yaml::to_string(&doc).unwrap().into_bytes()
}

#[test]
fn schemas_made_of_one_another_give_a_located_error() {
    let base = real_spec();
    let ws = Workspace::new("prop-spec-composed");
    let tally = Tally::default();
    let mut runner = TestRunner::new(config_with(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/proptest-regressions/prop_spec-composed.txt"
        ),
        COMPOSED_CASES,
    ));
    let result = runner.run(&compositions(), |c| {
        check_text(&ws, &composed(&base, &c), &tally)
    });
    println!("outcomes (cases and shrink steps): {:#?}", tally.0.borrow());
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn the_unmutated_spec_generates_into_the_copy_unchanged() {
    // The property means something only if the real spec passes the same
    // path: it must generate and leave the committed tree as it is (when
    // the tree is fresh; `cargo xtask check` proves that part).
    let base = real_spec();
    let ws = Workspace::new("prop-spec-unmutated");
    std::fs::write(ws.spec_path(), &base).unwrap();
    let outcome = generate_with_deadline(&ws.root).unwrap();
    assert!(outcome.library.is_ok(), "{:?}", outcome.library.err());
    assert_eq!(outcome.command, ExitCode::SUCCESS);
}
