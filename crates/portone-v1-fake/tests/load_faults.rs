//! 64 concurrent partial cancels of one payment, without and with
//! `checksum`, with no fault and then under every fault kind the fake has,
//! injected per request (`X-Fake-Fault`), queued (`fault_next_on`) and
//! global (`set_fault`).
//!
//! Each cancel carries its own `reason` ("task-NN"), so the payment's
//! `cancel_history` says exactly which requests took effect. Whatever the
//! timing, the assertions are the same: every request that took effect is in
//! the history exactly once and nothing else is; `cancel_amount` is the sum
//! of those cancels and of the history; a request that got a fault which is
//! defined as "not processed" (`status=…`, `drop`) changed nothing, and one
//! defined as "processed, then broken" (`drop=after`, `truncate`) took
//! effect exactly once; no request that asked for no fault got anything but
//! HTTP 200 (no 5xx nobody asked for). Every test is bounded by `bounded`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use common::{Harness, check_body};
use portone_v1::Payment;
use portone_v1::money::Amount;
use portone_v1_fake::cancel::CHECKSUM_MISMATCH;
use portone_v1_fake::{FAULT_HEADER, Fault, FaultOutcome, INJECTED_500, seeds};
use serde_json::{Value, json};

/// Concurrent cancels per storm.
const TASKS: usize = 64;
/// KRW per cancel; 64 of them are well inside CARD_PAID's 50,000.
const UNIT: i64 = 100;
/// Queued faults per storm (`fault_next_on`).
const QUEUED: usize = 16;
/// A storm's tasks that send the fault header: every `HEADER_EVERY`-th.
const HEADER_EVERY: usize = 4;
/// Attempts one checksummed task may make before the test gives up: under
/// contention each round lets at least one task through, so 64 rounds are
/// always enough; the rest is margin for faulted attempts.
const MAX_ATTEMPTS: usize = 1_000;
/// Far longer than any storm takes (well under a second each): only a hang
/// reaches it, and then the test fails naming itself instead of hanging.
const LIMIT: Duration = Duration::from_secs(90);

/// Every fault kind `fault.rs` defines, alone and combined with latency.
/// `applies` matches `FaultOutcome` exhaustively: a new kind does not
/// compile until it is classified there (and should be added here).
const FAULTS: [&str; 9] = [
    "latency=30ms",
    "status=500",
    "status=502",
    "status=503",
    "drop",
    "drop=after",
    "truncate",
    "latency=20ms,status=503",
    "latency=20ms,drop=after",
];

/// Whether a request with this fault takes effect on the fake.
fn applies(outcome: Option<FaultOutcome>) -> bool {
    match outcome {
        None | Some(FaultOutcome::DropAfter | FaultOutcome::Truncate) => true,
        Some(FaultOutcome::Status(_) | FaultOutcome::DropBefore) => false,
    }
}

async fn bounded<F: Future>(name: &str, f: F) -> F::Output {
    match tokio::time::timeout(LIMIT, f).await {
        Ok(v) => v,
        Err(_) => panic!("{name}: not finished after {LIMIT:?}: the fake or the test hangs"),
    }
}

/// What came back for one cancel.
#[derive(Debug)]
enum Answer {
    /// HTTP 200, code 0: the payment after the cancel.
    Applied(Box<Payment>),
    /// HTTP 200, non-zero code.
    Refused(i64, String),
    /// Another HTTP status, with the body.
    Status(u16, String),
    /// No complete answer: the connection was closed before or during the
    /// response.
    Cut(String),
}

/// Sends one cancel and classifies the answer; every complete JSON answer
/// goes through the harness's checks (envelope, generated types, schema).
async fn send_cancel(h: &Harness, token: &str, body: &Value, fault: Option<&str>) -> Answer {
    let mut req = h
        .http
        .post(h.url("/payments/cancel"))
        .bearer_auth(token)
        .json(body);
    if let Some(f) = fault {
        req = req.header(FAULT_HEADER, f);
    }
    let res = match req.send().await {
        Ok(r) => r,
        Err(e) => return Answer::Cut(format!("{e:?}")),
    };
    let status = res.status().as_u16();
    let json_body = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    let text = match res.text().await {
        Ok(t) => t,
        Err(e) => return Answer::Cut(format!("status {status}, then the body broke: {e:?}")),
    };
    if status != 200 {
        if json_body {
            check_body(status, &text);
        }
        return Answer::Status(status, text);
    }
    assert!(json_body, "HTTP 200 without JSON: {text}");
    let json = check_body(status, &text);
    let code = json["code"].as_i64().expect("an integer code");
    if code == 0 {
        let env: portone_v1::PaymentResponse = serde_json::from_str(&text).unwrap();
        Answer::Applied(Box::new(env.response.expect("a payment")))
    } else {
        Answer::Refused(code, json["message"].as_str().unwrap_or("").to_string())
    }
}

/// The payment as a client reads it (`GET`), with `X-Fake-Fault: none` so
/// that no queued or global fault touches the read.
async fn read_payment(h: &Harness, token: &str) -> Payment {
    let r = common::checked(
        h.http
            .get(h.url(&format!("/payments/{}", seeds::CARD_PAID)))
            .bearer_auth(token)
            .header(FAULT_HEADER, "none")
            .send()
            .await
            .expect("the fake answers a read"),
    )
    .await;
    assert_eq!(r.status, 200, "a read that asked for no fault: {}", r.text);
    r.payment()
}

fn reason(task: usize) -> String {
    format!("task-{task:02}")
}

fn in_history(p: &Payment, task: usize) -> bool {
    let r = reason(task);
    p.cancel_history
        .iter()
        .any(|c| c.reason.as_deref() == Some(r.as_str()))
}

fn balance(p: &Payment) -> Amount {
    p.amount.checked_sub(p.cancel_amount).unwrap()
}

/// How faults reach a storm's cancels.
#[derive(Clone, Copy, Debug)]
enum Injection {
    /// None at all.
    NoFault,
    /// `X-Fake-Fault` on the first attempt of every `HEADER_EVERY`-th task.
    Header,
    /// `fault_next_on("/payments/cancel", QUEUED, ..)` before the storm.
    Queued,
    /// `set_fault(..)` for the whole storm.
    Global,
}

/// What one task saw.
#[derive(Debug)]
struct TaskResult {
    task: usize,
    /// The task's own request asked for the fault (header injection).
    asked_for_fault: bool,
    /// Every answer, in order (more than one only with `checksum`).
    answers: Vec<Answer>,
    /// With `checksum`: whether the history showed this task's cancel right
    /// after its faulted first attempt.
    in_after_fault: Option<bool>,
}

/// One cancel per task, all released at once; no `checksum`.
async fn plain_task(
    h: Arc<Harness>,
    token: Arc<String>,
    task: usize,
    header: Option<String>,
) -> TaskResult {
    let body = json!({"imp_uid": seeds::CARD_PAID, "amount": UNIT, "reason": reason(task)});
    let answer = send_cancel(&h, &token, &body, header.as_deref()).await;
    TaskResult {
        task,
        asked_for_fault: header.is_some(),
        answers: vec![answer],
        in_after_fault: None,
    }
}

/// Read the balance, cancel with it as `checksum`, and try again until this
/// task's cancel is in: after losing the race to another task (checksum
/// mismatch), after a fault that is defined as not processed, and after a
/// cut connection that the history shows did not take effect.
async fn checksum_task(
    h: Arc<Harness>,
    token: Arc<String>,
    task: usize,
    header: Option<String>,
) -> TaskResult {
    let mut answers = Vec::new();
    let mut in_after_fault = None;
    for attempt in 0..MAX_ATTEMPTS {
        // The balance straight from the fake's state: the same value a GET
        // returns (checked once per storm), without decoding and validating
        // a growing payment body on each of the ~2,000 attempts.
        let before = h.fake.payment(seeds::CARD_PAID).unwrap();
        let checksum = balance(&before);
        let body = json!({
            "imp_uid": seeds::CARD_PAID, "amount": UNIT, "checksum": checksum,
            "reason": reason(task),
        });
        let fault = if attempt == 0 {
            header.as_deref()
        } else {
            None
        };
        let answer = send_cancel(&h, &token, &body, fault).await;
        let done = match &answer {
            Answer::Applied(p) => {
                // The balance it was checked against was the real one: the
                // new cancel_amount is exactly that balance's complement
                // plus this cancel.
                let expected = p
                    .amount
                    .checked_sub(checksum)
                    .and_then(|a| a.checked_add(Amount::from_i64(UNIT)))
                    .unwrap();
                assert_eq!(p.cancel_amount, expected, "{}", reason(task));
                true
            }
            Answer::Refused(1, m) if m.starts_with(CHECKSUM_MISMATCH) => false,
            Answer::Refused(code, m) => panic!("{}: refused, code {code}: {m}", reason(task)),
            // The outcome is not known from the answer: a real client would
            // look the payment up before resending; so does this one.
            Answer::Status(..) | Answer::Cut(_) => {
                let found = in_history(&h.fake.payment(seeds::CARD_PAID).unwrap(), task);
                if fault.is_some() {
                    in_after_fault = Some(found);
                }
                found
            }
        };
        answers.push(answer);
        if done {
            return TaskResult {
                task,
                asked_for_fault: header.is_some(),
                answers,
                in_after_fault,
            };
        }
    }
    panic!("{}: not in after {MAX_ATTEMPTS} attempts", reason(task));
}

/// Runs one storm of `TASKS` concurrent cancels against a fresh fake.
async fn storm(
    spec: &str,
    injection: Injection,
    checksum: bool,
) -> (Vec<TaskResult>, Payment, Payment) {
    let h = Arc::new(Harness::start().await);
    let token = Arc::new(h.token().await);
    let before = h.fake.payment(seeds::CARD_PAID).unwrap();
    let fault: Fault = spec.parse().unwrap();
    match injection {
        Injection::Queued => h.fake.fault_next_on("/payments/cancel", QUEUED, fault),
        Injection::Global => h.fake.set_fault(fault),
        Injection::NoFault | Injection::Header => {}
    }
    let barrier = Arc::new(tokio::sync::Barrier::new(TASKS));
    let mut tasks = tokio::task::JoinSet::new();
    for task in 0..TASKS {
        let header = (matches!(injection, Injection::Header) && task % HEADER_EVERY == 0)
            .then(|| spec.to_string());
        let (h, token, barrier) = (h.clone(), token.clone(), barrier.clone());
        tasks.spawn(async move {
            barrier.wait().await;
            if checksum {
                checksum_task(h, token, task, header).await
            } else {
                plain_task(h, token, task, header).await
            }
        });
    }
    let mut results = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        results.push(joined.expect("a task completes without panicking"));
    }
    results.sort_by_key(|r| r.task);
    h.fake.set_fault(Fault::none());
    let after = h.fake.payment(seeds::CARD_PAID).unwrap();
    // What a client reads agrees with the fake's own view.
    assert_eq!(read_payment(&h, &token).await, after);
    (results, before, after)
}

/// The answer a request with this fault must get.
fn assert_fault_answer(outcome: Option<FaultOutcome>, answer: &Answer, ctx: &str) {
    match (outcome, answer) {
        // Answered, or cut as the fault asks (whether the cancel took effect
        // is checked on the state, by `applies`).
        (None, Answer::Applied(_))
        | (Some(FaultOutcome::DropBefore | FaultOutcome::DropAfter), Answer::Cut(_)) => {}
        // With a checksum a processed request may be refused: lost race.
        (None, Answer::Refused(1, m)) if m.starts_with(CHECKSUM_MISMATCH) => {}
        (Some(FaultOutcome::Status(500)), Answer::Status(500, text)) => {
            let json: Value = serde_json::from_str(text).unwrap();
            assert_eq!(json["code"], -1, "{ctx}: {text}");
            assert_eq!(json["message"], INJECTED_500, "{ctx}: {text}");
        }
        (Some(FaultOutcome::Status(s)), Answer::Status(got, text)) if s == *got => {
            assert!(text.contains(&format!("<title>{s} ")), "{ctx}: {text}");
        }
        (Some(FaultOutcome::Truncate), Answer::Cut(e)) => {
            assert!(
                e.starts_with("status 200, then the body broke"),
                "{ctx}: {e}"
            );
        }
        (outcome, answer) => panic!("{ctx}: fault {outcome:?} but the answer was {answer:?}"),
    }
}

/// The invariants of every storm, given which tasks' cancels must have
/// taken effect.
fn assert_state(before: &Payment, after: &Payment, applied: &BTreeSet<usize>, ctx: &str) {
    assert!(
        before.cancel_history.is_empty(),
        "{ctx}: starts uncancelled"
    );
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for c in &after.cancel_history {
        *reasons
            .entry(c.reason.clone().unwrap_or_default())
            .or_default() += 1;
        assert_eq!(c.amount, Amount::from_i64(UNIT), "{ctx}");
    }
    let expected: BTreeMap<String, usize> = applied.iter().map(|&t| (reason(t), 1)).collect();
    assert_eq!(
        reasons, expected,
        "{ctx}: exactly the requests that took effect, each once"
    );
    let n = applied.len() as i64;
    assert_eq!(after.cancel_history.len() as i64, n, "{ctx}");
    assert_eq!(after.cancel_receipt_urls.len() as i64, n, "{ctx}");
    assert_eq!(after.cancel_amount, Amount::from_i64(n * UNIT), "{ctx}");
    let sum = after
        .cancel_history
        .iter()
        .fold(Amount::ZERO, |a, c| a.checked_add(c.amount).unwrap());
    assert_eq!(sum, after.cancel_amount, "{ctx}: history adds up");
    let ids: BTreeSet<_> = after
        .cancel_history
        .iter()
        .map(|c| c.cancellation_id.clone())
        .collect();
    assert_eq!(ids.len() as i64, n, "{ctx}: cancellation ids are unique");
}

/// Successful answers each saw a different `cancel_amount`: no two cancels
/// read the same balance.
fn assert_serialized(results: &[TaskResult], ctx: &str) {
    let seen: Vec<Amount> = results
        .iter()
        .flat_map(|r| &r.answers)
        .filter_map(|a| match a {
            Answer::Applied(p) => Some(p.cancel_amount),
            _ => None,
        })
        .collect();
    let distinct: BTreeSet<String> = seen.iter().map(|a| a.to_string()).collect();
    assert_eq!(distinct.len(), seen.len(), "{ctx}: {seen:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_concurrent_partial_cancels_lose_no_update() {
    bounded(
        "sixty_four_concurrent_partial_cancels_lose_no_update",
        async {
            for checksum in [false, true] {
                let ctx = format!("no fault, checksum {checksum}");
                let (results, before, after) = storm("none", Injection::NoFault, checksum).await;
                for r in &results {
                    let last = r.answers.last().unwrap();
                    assert!(matches!(last, Answer::Applied(_)), "{ctx}: {r:?}");
                    for a in &r.answers {
                        assert_fault_answer(None, a, &ctx);
                    }
                }
                assert_serialized(&results, &ctx);
                assert_state(&before, &after, &(0..TASKS).collect(), &ctx);
            }
        },
    )
    .await;
}

/// Every `HEADER_EVERY`-th task asks for the fault in its (first) request.
async fn header_storms(checksum: bool) {
    for spec in FAULTS {
        let outcome = spec.parse::<Fault>().unwrap().outcome;
        let ctx = format!("header `{spec}`, checksum {checksum}");
        let (results, before, after) = storm(spec, Injection::Header, checksum).await;
        let mut applied = BTreeSet::new();
        for r in &results {
            let ctx = format!("{ctx}, {}", reason(r.task));
            assert_eq!(r.asked_for_fault, r.task % HEADER_EVERY == 0, "{ctx}");
            for (i, a) in r.answers.iter().enumerate() {
                // Only a faulted task's first attempt carries the fault;
                // every other request asked for none and must not see a
                // 5xx or a cut.
                let fault = if r.asked_for_fault && i == 0 {
                    outcome
                } else {
                    None
                };
                assert_fault_answer(fault, a, &ctx);
            }
            if checksum {
                // A fault defined as "not processed" left no trace (looked
                // up right after it).
                if r.asked_for_fault && !applies(outcome) {
                    assert_eq!(r.in_after_fault, Some(false), "{ctx}");
                }
                // Every task retries until it is in.
                applied.insert(r.task);
            } else if !r.asked_for_fault || applies(outcome) {
                applied.insert(r.task);
            }
        }
        assert_serialized(&results, &ctx);
        assert_state(&before, &after, &applied, &ctx);
        if !checksum && !applies(outcome) {
            assert_eq!(applied.len(), TASKS - TASKS / HEADER_EVERY, "{ctx}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_cancels_under_each_fault_kind_by_header() {
    bounded(
        "concurrent_cancels_under_each_fault_kind_by_header",
        header_storms(false),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checksummed_concurrent_cancels_under_each_fault_kind_by_header() {
    bounded(
        "checksummed_concurrent_cancels_under_each_fault_kind_by_header",
        header_storms(true),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_cancels_under_each_queued_or_global_fault_kind() {
    bounded(
        "concurrent_cancels_under_each_queued_or_global_fault_kind",
        async {
            for spec in FAULTS {
                let outcome = spec.parse::<Fault>().unwrap().outcome;
                for (injection, faulted) in
                    [(Injection::Queued, QUEUED), (Injection::Global, TASKS)]
                {
                    let ctx = format!("{injection:?} `{spec}`");
                    let (results, before, after) = storm(spec, injection, false).await;
                    let mut applied = BTreeSet::new();
                    let mut hit = 0;
                    for r in &results {
                        let a = &r.answers[0];
                        // Which tasks take a queued fault depends on arrival
                        // order; the answer says which did.
                        let took_fault = outcome.is_some() && !matches!(a, Answer::Applied(_));
                        if took_fault {
                            hit += 1;
                        }
                        let fault = if took_fault { outcome } else { None };
                        assert_fault_answer(fault, a, &format!("{ctx}, {}", reason(r.task)));
                        if !took_fault || applies(outcome) {
                            applied.insert(r.task);
                        }
                    }
                    let expected_hits = if outcome.is_some() { faulted } else { 0 };
                    assert_eq!(hit, expected_hits, "{ctx}: exactly that many faults");
                    assert_serialized(&results, &ctx);
                    assert_state(&before, &after, &applied, &ctx);
                }
            }
        },
    )
    .await;
}
