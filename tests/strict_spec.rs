//! The spec through strict third-party OpenAPI 3.0.3 readers
//! (`.ci/strict/check.py`: openapi-spec-validator for the document,
//! openapi-schema-validator's OAS 3.0 strict validator for every value):
//! the document, its examples, every response fixture and every route of
//! the fake must pass, and the check must catch the `nullable` beside
//! `allOf: [$ref]` that strict readers refuse.
//!
//! The Python tools are pinned in `.ci/strict/requirements.txt`, which
//! `.ci/run` installs; without them these tests fail with the command that
//! installs them (under CI and locally alike: a missing tool is never a
//! pass). The checker only talks to 127.0.0.1 and runs under a time limit.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use portone_v1_fake::{FakeConfig, FakeServer};
use portone_v1_tests::workspace_root;
use serde_json::Value;

/// The checker's exit code for "a pinned tool is missing" (see oas30.py).
const TOOL_MISSING: i32 = 3;
/// Generous: a full run takes about 2 s; the limit only stops a hang.
const LIMIT: Duration = Duration::from_secs(180);

fn checker() -> PathBuf {
    workspace_root().join(".ci/strict/check.py")
}

/// Runs `python3 .ci/strict/check.py ARGS` under [`LIMIT`]; its exit
/// status and its output (stdout then stderr).
fn run_checker(args: &[&str], scratch: &Path) -> (ExitStatus, String) {
    let out_path = scratch.join("check.out");
    let err_path = scratch.join("check.err");
    let mut child = Command::new("python3")
        .arg(checker())
        .args(args)
        .current_dir(workspace_root())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run python3 ({e}); install Python 3, then `python3 -m pip install -r .ci/strict/requirements.txt`")
        });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > LIMIT {
            // Our own child, by its handle (kill(2) on its pid).
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "check.py did not finish within {LIMIT:?}; its output so far:\n{}",
                read_output(&out_path, &err_path)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = read_output(&out_path, &err_path);
    if status.code() == Some(TOOL_MISSING) {
        panic!(
            "the strict validators are not installed (CI installs them in .ci/run); run `python3 -m pip install -r .ci/strict/requirements.txt`:\n{output}"
        );
    }
    (status, output)
}

fn read_output(out: &Path, err: &Path) -> String {
    format!(
        "{}{}",
        std::fs::read_to_string(out).unwrap_or_default(),
        std::fs::read_to_string(err).unwrap_or_default()
    )
}

#[test]
fn strict_readers_accept_the_spec_its_examples_the_fixtures_and_every_route_of_the_fake() {
    let scratch = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (key, secret) = ("strict-check-key", "strict-check-secret");
    let fake = runtime
        .block_on(FakeServer::start(
            FakeConfig::default().credentials(key, secret),
        ))
        .expect("the fake starts on 127.0.0.1");
    // The driver builds its cancels from exactly what the fake holds.
    let seeds = scratch.path().join("seeds.json");
    std::fs::write(&seeds, serde_json::to_vec(&fake.payments()).unwrap()).unwrap();
    let url = fake.base_url();
    let (status, output) = run_checker(
        &[
            "--fake",
            &url,
            "--seeds",
            seeds.to_str().unwrap(),
            "--imp-key",
            key,
            "--imp-secret",
            secret,
        ],
        scratch.path(),
    );
    runtime.block_on(fake.shutdown());
    assert!(status.success(), "check.py failed ({status}):\n{output}");
    // It really looked: examples, fixtures and the fake's answers.
    for part in ["examples: ", "fixtures: ", "fake: "] {
        let line = output
            .lines()
            .find(|l| l.starts_with(part))
            .unwrap_or_else(|| panic!("no `{part}` line:\n{output}"));
        let checked: usize = line[part.len()..]
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(checked > 0, "{line}\n{output}");
    }
}

/// The form the spec used before: `nullable` beside `allOf: [$ref]`. Under
/// OpenAPI 3.0.3 the referenced object still refuses null, so every refusal
/// envelope (`response: null`) fails; the check must say so, and where.
#[test]
fn the_check_refuses_nullable_beside_all_of_ref() {
    let scratch = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(workspace_root().join(xtask::SPEC_PATH)).unwrap();
    let mut spec: Value = serde_yaml::from_str(&text).unwrap();
    let response = spec
        .pointer_mut("/components/schemas/PaymentResponse/properties/response")
        .expect("the spec has PaymentResponse.response");
    let description = response["description"].clone();
    *response = serde_json::json!({
        "type": "object",
        "nullable": true,
        "description": description,
        "allOf": [{"$ref": "#/components/schemas/Payment"}],
    });
    let path = scratch.path().join("old-form.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&spec).unwrap()).unwrap();

    let (status, output) = run_checker(&["--spec", path.to_str().unwrap()], scratch.path());
    assert_eq!(status.code(), Some(1), "{output}");
    assert!(
        output.contains("fixture tests/fixtures/cancel-error-not-found.json as cancelPayment 200"),
        "{output}"
    );
    assert!(
        output.contains("at `$.response`: expected object, got null"),
        "{output}"
    );
    // The document itself is valid 3.0.3: only the values show the problem.
    assert!(output.contains("document: 0 error(s)"), "{output}");
}
