//! `.ci/watchdog.py`, the bound on every step of `.ci/run`: a test that
//! hangs (libtest's "has been running for over 60 seconds" warning without
//! its result line) fails the step, names the test, and kills its group.
//!
//! The command under the watchdog pretends to be cargo: it prints the lines
//! libtest and cargo print, then sleeps far longer than any limit here.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use portone_v1_tests::workspace_root;

/// Runs the watchdog with `flags` over `sh -c script`.
fn watchdog(flags: &[&str], script: &str) -> (Output, Duration) {
    let started = Instant::now();
    let out = Command::new("python3")
        .arg(workspace_root().join(".ci/watchdog.py"))
        .args(flags)
        .args(["--name", "fake-cargo", "--", "sh", "-c", script])
        .output()
        .expect("python3 runs .ci/watchdog.py");
    (out, started.elapsed())
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const RUNNING: &str = "echo '     Running tests/slow.rs (target/debug/deps/slow-0)'";

#[test]
fn a_test_past_its_limit_fails_the_step_and_is_named() {
    // libtest warns 60 s into a test; a 62 s limit leaves it 2 s more.
    let script = format!(
        "{RUNNING}; echo 'test quick ... ok'; \
         echo 'test spins has been running for over 60 seconds'; sleep 120"
    );
    let (out, took) = watchdog(&["--test-limit", "62"], &script);
    assert_eq!(out.status.code(), Some(124), "{}", text(&out));
    assert!(
        text(&out).contains("test `tests/slow.rs: spins` has run for"),
        "{}",
        text(&out)
    );
    assert!(
        took < Duration::from_secs(60),
        "killed at once, not after the sleep: {took:?}"
    );
}

#[test]
fn a_slow_test_that_ends_is_not_a_hang() {
    let script = format!(
        "{RUNNING}; echo 'test slow has been running for over 60 seconds'; sleep 1; \
         echo 'test slow ... ok'; sleep 4; exit 3"
    );
    let (out, _) = watchdog(&["--test-limit", "62"], &script);
    assert_eq!(
        out.status.code(),
        Some(3),
        "the step's own exit code: {}",
        text(&out)
    );
    assert!(!text(&out).contains("hangs"), "{}", text(&out));
}

#[test]
fn silence_fails_the_step_and_names_the_binary() {
    let script = format!("{RUNNING}; sleep 120");
    let (out, took) = watchdog(&["--quiet-limit", "2"], &script);
    assert_eq!(out.status.code(), Some(124), "{}", text(&out));
    assert!(
        text(&out).contains("no output for 2 s while running `tests/slow.rs`"),
        "{}",
        text(&out)
    );
    assert!(took < Duration::from_secs(60), "{took:?}");
}

#[test]
fn a_step_past_its_limit_fails_and_leaves_no_process_behind() {
    let marker = format!("watchdog-orphan-{}", std::process::id());
    // A child in the step's group that would outlive the step.
    let script = format!("sh -c 'sleep 120; echo {marker}' & sleep 120");
    let (out, took) = watchdog(&["--step-limit", "2"], &script);
    assert_eq!(out.status.code(), Some(124), "{}", text(&out));
    assert!(
        text(&out).contains("step ran over its limit of 2 s"),
        "{}",
        text(&out)
    );
    assert!(took < Duration::from_secs(60), "{took:?}");
    // `output()` returned, so every holder of the pipe is gone: the
    // backgrounded child was killed with the group, not left running.
    assert!(!text(&out).contains(&marker));
}

#[test]
fn a_passing_step_passes_through_its_output_and_exit_code() {
    let (out, _) = watchdog(&[], "echo hello; exit 0");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).starts_with("hello\n"), "{}", text(&out));
}
