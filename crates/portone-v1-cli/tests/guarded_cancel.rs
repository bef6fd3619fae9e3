//! `portone-v1 cancel --guard` and `--resend` against a mock server on
//! 127.0.0.1: every exit code (0 refunded, 1 nothing refunded, 2 invalid
//! input, 3 unknown), the settling of an unknown outcome by reading the
//! payment, the saved request (mode 0600, refund account only there) and
//! the printed resend command, run as printed.
//!
//! Every settle wait is `--settle-wait 0`: the mocks' answers, taken in
//! turn, decide what each read sees, so nothing depends on time.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use portone_v1_mock::MockApi;
use serde_json::{Value, json};
use support::text;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "guard-secret-DO-NOT-LEAK";
/// The refund account of the vbank tests: never on stdout or stderr.
const HOLDER: &str = "HOLDER-SENTINEL";
const ACCOUNT: &str = "9876543210123";
const TEL: &str = "01099998888";

async fn mount_token(server: &MockServer) {
    support::mount_token(server, "guard-token").await;
}

async fn server() -> MockApi {
    let server = MockApi::start().await;
    mount_token(&server).await;
    server
}

/// A 10,000 KRW payment `imp_1` with this cancelled amount and history.
fn payment(cancel_amount: i64, history: Value) -> Value {
    let mut p = portone_v1_fake::seeds::payment_json(portone_v1_fake::seeds::CARD_PAID)
        .expect("the fake has a card payment");
    p["imp_uid"] = json!("imp_1");
    p["merchant_uid"] = json!("order-1");
    p["amount"] = json!(10000);
    p["cancel_amount"] = json!(cancel_amount);
    p["status"] = json!("paid");
    p["cancel_history"] = history;
    p
}

fn entry(id: &str, amount: i64, reason: &str) -> Value {
    json!({"pg_tid": format!("tid-{id}"), "amount": amount, "cancelled_at": 1_732_500_100,
           "reason": reason, "receipt_url": null, "cancellation_id": id})
}

fn ok(payment: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"code": 0, "message": null, "response": payment}))
}

fn bad_gateway() -> ResponseTemplate {
    ResponseTemplate::new(502).set_body_raw("<html>502 Bad Gateway</html>", "text/html")
}

/// `GET /payments/imp_1`: `first` for the first `n` reads, `then` after.
async fn mount_reads(server: &MockServer, first: ResponseTemplate, n: u64, then: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/payments/imp_1"))
        .respond_with(first)
        .up_to_n_times(n)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_1"))
        .respond_with(then)
        .with_priority(2)
        .mount(server)
        .await;
}

async fn mount_cancel(server: &MockServer, answer: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(answer)
        .mount(server)
        .await;
}

/// Runs the binary with `XDG_STATE_HOME` set to `state` (and no HOME).
async fn run(args: &[&str], base_url: &str, state: &Path) -> Output {
    let state = state.to_str().expect("a UTF-8 temp path");
    let mut env = support::credentials("guard-key", SECRET, base_url);
    env.push(("XDG_STATE_HOME", state));
    support::run(args, &env).await
}

/// The bodies of the cancels sent, in order.
async fn cancels_sent(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/payments/cancel")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

fn assert_no_refund_account(out: &Output) {
    support::assert_absent(out, &[HOLDER, ACCOUNT, TEL, SECRET]);
}

/// The files saved below the state home.
fn saved_files(state: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(state.join("portone-v1")) {
        Ok(dir) => dir.map(|e| e.unwrap().path()).collect(),
        Err(_) => vec![],
    }
}

/// The printed resend command (the stderr line that starts with it), split
/// as a POSIX shell would (plain words and single-quoted ones).
fn resend_command(stderr: &str) -> Vec<String> {
    let line = stderr
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("portone-v1 cancel --resend "))
        .unwrap_or_else(|| panic!("no resend command in: {stderr}"));
    let (mut words, mut word, mut quoted, mut in_word) = (vec![], String::new(), false, false);
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                in_word = true;
            }
            ' ' if !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                }
                in_word = false;
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guard_reads_the_balance_sends_it_as_checksum_and_exits_0() {
    let server = server().await;
    let state = tempfile::tempdir().unwrap();
    let history = json!([entry("c0", 3000, "earlier")]);
    mount_reads(
        &server,
        ok(payment(3000, history.clone())),
        1,
        bad_gateway(),
    )
    .await;
    mount_cancel(&server, ok(payment(5000, history))).await;
    let out = run(
        &[
            "cancel",
            "--imp-uid",
            "imp_1",
            "--amount",
            "2000",
            "--reason",
            "반품",
            "--guard",
        ],
        &server.uri(),
        state.path(),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("the payment as JSON");
    assert_eq!(printed["cancel_amount"], 5000);
    assert_eq!(
        cancels_sent(&server).await,
        vec![json!({"imp_uid": "imp_1", "amount": 2000, "checksum": 7000, "reason": "반품"})]
    );
    assert!(saved_files(state.path()).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guard_refused_or_failed_before_sending_exits_1() {
    let state = tempfile::tempdir().unwrap();
    // PortOne refuses the cancel: nothing refunded, one line.
    let server = server().await;
    mount_reads(&server, ok(payment(0, json!([]))), 1, bad_gateway()).await;
    mount_cancel(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "code": -1, "message": "PG사 취소 실패", "response": null
        })),
    )
    .await;
    let out = run(
        &["cancel", "--imp-uid", "imp_1", "--guard"],
        &server.uri(),
        state.path(),
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains("PG사 취소 실패"), "{err}");
    assert_eq!(cancels_sent(&server).await.len(), 1);

    // The guard's read fails: the cancel is never sent.
    let server = server_with_failing_reads().await;
    let out = run(
        &["cancel", "--imp-uid", "imp_1", "--guard"],
        &server.uri(),
        state.path(),
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("nothing was cancelled"),
        "{}",
        text(&out.stderr)
    );
    assert!(cancels_sent(&server).await.is_empty());
    assert!(saved_files(state.path()).is_empty());
}

async fn server_with_failing_reads() -> MockApi {
    let server = server().await;
    mount_reads(&server, bad_gateway(), 1, bad_gateway()).await;
    mount_cancel(&server, ok(payment(10000, json!([])))).await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_guard_or_resend_input_exits_2_and_sends_nothing() {
    let server = server().await;
    mount_reads(
        &server,
        ok(payment(0, json!([]))),
        100,
        ok(payment(0, json!([]))),
    )
    .await;
    let state = tempfile::tempdir().unwrap();
    let uri = server.uri();
    let missing = state.path().join("missing.json");
    let missing = missing.to_str().unwrap();
    for args in [
        vec![
            "cancel",
            "--imp-uid",
            "imp_1",
            "--guard",
            "--checksum",
            "10000",
        ],
        vec![
            "cancel",
            "--imp-uid",
            "imp_1",
            "--guard",
            "--settle-wait",
            "soon",
        ],
        vec!["cancel", "--resend", missing],
        vec!["cancel", "--resend", missing, "--checksum", "10000"],
        vec![
            "cancel",
            "--resend",
            missing,
            "--checksum",
            "1",
            "--imp-uid",
            "imp_1",
        ],
        vec![
            "cancel",
            "--resend",
            missing,
            "--checksum",
            "1",
            "--amount",
            "5",
        ],
    ] {
        let out = run(&args, &uri, state.path()).await;
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).is_empty());
    }
    // More than the balance read by the guard: refused before the cancel.
    let out = run(
        &[
            "cancel",
            "--imp-uid",
            "imp_1",
            "--amount",
            "10001",
            "--guard",
        ],
        &uri,
        state.path(),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("more than the cancellable balance"));
    assert!(cancels_sent(&server).await.is_empty(), "no cancel was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_outcome_that_went_through_settles_to_0() {
    let server = server().await;
    let state = tempfile::tempdir().unwrap();
    mount_reads(
        &server,
        ok(payment(0, json!([]))),
        1,
        ok(payment(4000, json!([entry("c1", 4000, "반품")]))),
    )
    .await;
    mount_cancel(&server, bad_gateway()).await;
    let out = run(
        &[
            "cancel",
            "--imp-uid",
            "imp_1",
            "--amount",
            "4000",
            "--reason",
            "반품",
            "--guard",
            "--settle-wait",
            "0",
        ],
        &server.uri(),
        state.path(),
    )
    .await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {err}");
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["cancel_amount"], 4000);
    assert!(err.contains("502"), "the lost answer is reported: {err}");
    assert!(
        err.contains("went through") && err.contains("cancellation_id c1"),
        "{err}"
    );
    assert_eq!(
        cancels_sent(&server).await.len(),
        1,
        "the cancel is never resent"
    );
    assert!(saved_files(state.path()).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_outcome_moved_by_someone_else_settles_to_1() {
    let server = server().await;
    let state = tempfile::tempdir().unwrap();
    mount_reads(
        &server,
        ok(payment(0, json!([]))),
        1,
        ok(payment(2500, json!([entry("theirs", 2500, "콘솔 환불")]))),
    )
    .await;
    mount_cancel(&server, bad_gateway()).await;
    let out = run(
        &[
            "cancel",
            "--imp-uid",
            "imp_1",
            "--amount",
            "4000",
            "--guard",
            "--settle-wait",
            "0",
        ],
        &server.uri(),
        state.path(),
    )
    .await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(out.stdout.is_empty());
    assert!(err.contains("refunded nothing"), "{err}");
    assert!(
        err.contains("10000 to 7500") && err.contains("cancellation_id theirs"),
        "{err}"
    );
    assert!(
        saved_files(state.path()).is_empty(),
        "the request can do nothing more"
    );
}

/// Balance unchanged on both reads: nothing was refunded (exit 1), and the
/// request is kept with the command that resends it; when that resend is
/// refused because an earlier send went through after all, it settles to 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_refunded_settles_to_1_and_a_refused_resend_settles_by_reading() {
    let server = server().await;
    let state = tempfile::tempdir().unwrap();
    let unmoved = ok(payment(0, json!([])));
    mount_reads(&server, unmoved.clone(), 100, unmoved).await;
    mount_cancel(&server, bad_gateway()).await;
    let out = run(
        &[
            "cancel",
            "--imp-uid",
            "imp_1",
            "--amount",
            "1000",
            "--guard",
            "--settle-wait",
            "0",
        ],
        &server.uri(),
        state.path(),
    )
    .await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(err.contains("nothing was refunded"), "{err}");
    let reads = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .count();
    assert_eq!(reads, 3, "the guard's read, then two settling reads");
    let command = resend_command(&err);
    assert_eq!(saved_files(state.path()).len(), 1);

    // The first send had gone through after all: the resend is refused for
    // its checksum, and reading the payment shows this request's refund.
    server.reset().await;
    mount_token(&server).await;
    mount_reads(
        &server,
        ok(payment(1000, json!([entry("c9", 1000, "")]))),
        100,
        bad_gateway(),
    )
    .await;
    mount_cancel(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "code": 1, "message": "checksum 불일치", "response": null
        })),
    )
    .await;
    let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
    let out = run(&args, &server.uri(), state.path()).await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {err}");
    assert!(err.contains("earlier send"), "{err}");
    assert!(
        saved_files(state.path()).is_empty(),
        "settled: the file is gone"
    );
}

/// The reads fail too: exit 3, the guarded request saved with mode 0600
/// (refund account only in there), and the printed command resends it,
/// byte for byte, `--checksum` included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsettled_outcome_saves_the_request_and_the_printed_command_resends_it() {
    let server = server().await;
    let state = tempfile::tempdir().unwrap();
    mount_reads(&server, ok(payment(0, json!([]))), 1, bad_gateway()).await;
    mount_cancel(&server, bad_gateway()).await;
    let out = run(
        &[
            "cancel",
            "--imp-uid",
            "imp_1",
            "--refund-holder",
            HOLDER,
            "--refund-bank",
            "88",
            "--refund-account",
            ACCOUNT,
            "--refund-tel",
            TEL,
            "--guard",
            "--settle-wait",
            "0",
        ],
        &server.uri(),
        state.path(),
    )
    .await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "stderr: {err}");
    assert!(out.stdout.is_empty());
    assert_no_refund_account(&out);
    assert!(err.contains("still unknown"), "{err}");
    assert!(
        err.contains("before anything else, read the payment"),
        "{err}"
    );
    let first = cancels_sent(&server).await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["checksum"], 10000);
    assert_eq!(first[0]["refund_account"], ACCOUNT);

    let command = resend_command(&err);
    assert_eq!(&command[..3], ["portone-v1", "cancel", "--resend"]);
    assert_eq!(&command[4..], ["--checksum", "10000"]);
    let file = PathBuf::from(&command[3]);
    assert_eq!(saved_files(state.path()), vec![file.clone()]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only its owner can read it: {mode:o}");
        let dir = std::fs::metadata(file.parent().unwrap()).unwrap();
        assert_eq!(dir.permissions().mode() & 0o777, 0o700);
    }
    // The file holds the very request that was sent (the resend must be the
    // same); it is the only place the refund account is written.
    let saved: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(saved["request"], first[0]);
    assert_eq!(saved["balance_before"], 10000);

    // Run the printed command; the cancel now succeeds.
    server.reset().await;
    mount_token(&server).await;
    mount_cancel(&server, ok(payment(10000, json!([entry("c1", 10000, "")])))).await;
    let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
    let out = run(&args, &server.uri(), state.path()).await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(cancels_sent(&server).await, first, "resent unchanged");
    assert!(
        !file.exists(),
        "the file is removed once the request refunded"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_request_readable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let server = server().await;
    let state = tempfile::tempdir().unwrap();
    mount_reads(&server, ok(payment(0, json!([]))), 1, bad_gateway()).await;
    mount_cancel(&server, bad_gateway()).await;
    let out = run(
        &[
            "cancel",
            "--imp-uid",
            "imp_1",
            "--guard",
            "--settle-wait",
            "0",
        ],
        &server.uri(),
        state.path(),
    )
    .await;
    assert_eq!(out.status.code(), Some(3));
    let command = resend_command(&text(&out.stderr));
    std::fs::set_permissions(&command[3], std::fs::Permissions::from_mode(0o644)).unwrap();
    let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
    let sent = cancels_sent(&server).await.len();
    let out = run(&args, &server.uri(), state.path()).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("chmod 600"));
    assert_eq!(cancels_sent(&server).await.len(), sent, "nothing was sent");
    // A resend must repeat the saved checksum.
    std::fs::set_permissions(&command[3], std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = run(
        &["cancel", "--resend", &command[3], "--checksum", "9999"],
        &server.uri(),
        state.path(),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("(10000)"),
        "{}",
        text(&out.stderr)
    );
    // And takes no request flag of its own.
    let out = run(
        &[
            "cancel",
            "--resend",
            &command[3],
            "--checksum",
            "10000",
            "--reason",
            "x",
        ],
        &server.uri(),
        state.path(),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(cancels_sent(&server).await.len(), sent, "nothing was sent");
}

/// `--state-dir` wins over XDG_STATE_HOME.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_state_dir_flag_says_where_the_request_goes() {
    let server = server().await;
    let state = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = elsewhere.path().join("guards");
    mount_reads(&server, ok(payment(0, json!([]))), 1, bad_gateway()).await;
    mount_cancel(&server, bad_gateway()).await;
    let out = run(
        &[
            "cancel",
            "--imp-uid",
            "imp_1",
            "--guard",
            "--settle-wait",
            "0",
            "--state-dir",
            dir.to_str().unwrap(),
        ],
        &server.uri(),
        state.path(),
    )
    .await;
    assert_eq!(out.status.code(), Some(3));
    let command = resend_command(&text(&out.stderr));
    assert!(Path::new(&command[3]).starts_with(&dir), "{command:?}");
    assert!(saved_files(state.path()).is_empty());

    // A state directory that cannot be made (a file is in the way): still
    // 3, with the advice to read the payment first, and no resend command.
    let in_the_way = elsewhere.path().join("a-file");
    std::fs::write(&in_the_way, b"").unwrap();
    server.reset().await;
    mount_token(&server).await;
    mount_reads(&server, ok(payment(0, json!([]))), 1, bad_gateway()).await;
    mount_cancel(&server, bad_gateway()).await;
    let out = run(
        &[
            "cancel",
            "--imp-uid",
            "imp_1",
            "--guard",
            "--settle-wait",
            "0",
            "--state-dir",
            in_the_way.join("sub").to_str().unwrap(),
        ],
        &server.uri(),
        state.path(),
    )
    .await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("could not be saved"), "{err}");
    assert!(
        err.contains("before anything else, read the payment"),
        "{err}"
    );
    assert!(!err.contains("--resend"), "{err}");
}

/// A plain cancel with an unknown outcome: exit 3, and the advice is to
/// read the payment first, never to guard a new attempt with a read made
/// now; with a --checksum of its own, running it again unchanged is safe.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_cancel_with_an_unknown_outcome_exits_3_and_says_read_first() {
    let server = server().await;
    let state = tempfile::tempdir().unwrap();
    mount_cancel(&server, bad_gateway()).await;
    let out = run(
        &["cancel", "--imp-uid", "imp_1"],
        &server.uri(),
        state.path(),
    )
    .await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "stderr: {err}");
    assert!(out.stdout.is_empty());
    assert!(
        err.contains("Before anything else, read the payment (portone-v1 payment imp_1)"),
        "{err}"
    );
    assert!(
        !err.contains("--guard") && !err.contains("--checksum"),
        "{err}"
    );
    assert!(!err.contains("--resend"), "{err}");

    let out = run(
        &["cancel", "--merchant-uid", "order 1", "--checksum", "10000"],
        &server.uri(),
        state.path(),
    )
    .await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "stderr: {err}");
    assert!(err.contains("portone-v1 find 'order 1'"), "{err}");
    assert!(err.contains("carried --checksum 10000"), "{err}");
    assert!(
        saved_files(state.path()).is_empty(),
        "a plain cancel saves nothing"
    );
    let gets = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .count();
    assert_eq!(gets, 0, "a plain cancel reads nothing");
}

/// `--guard` by order id: the order's paid payment is read, the cancel
/// names its imp_uid beside the order id, and settling reads that payment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guard_by_order_id_aims_at_the_payment_it_read_and_settles_by_it() {
    let server = server().await;
    let state = tempfile::tempdir().unwrap();
    Mock::given(method("GET"))
        .and(path("/payments/find/order-1/paid"))
        .respond_with(ok(payment(0, json!([]))))
        .mount(&server)
        .await;
    mount_reads(
        &server,
        ok(payment(10000, json!([entry("c1", 10000, "")]))),
        100,
        bad_gateway(),
    )
    .await;
    mount_cancel(&server, bad_gateway()).await;
    let out = run(
        &[
            "cancel",
            "--merchant-uid",
            "order-1",
            "--guard",
            "--settle-wait",
            "0",
        ],
        &server.uri(),
        state.path(),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(
        cancels_sent(&server).await,
        vec![json!({"imp_uid": "imp_1", "merchant_uid": "order-1", "checksum": 10000})]
    );
}
