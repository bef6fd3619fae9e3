//! Properties of the fake under arbitrary requests: whatever arrives on any
//! route (bytes, headers, JSON shapes, forms, methods, targets), the fake
//! does not panic, answers no 5xx that no fault asked for, and a refused
//! request (a non-2xx status or a non-zero `code`) changes no payment.
//!
//! One fake per property, started in process on 127.0.0.1 and seeded with
//! its built-in payments and the response fixtures; each case starts from
//! that state again. Requests go over a raw socket (`props::raw_http`),
//! which can send what an HTTP client library refuses to.
//!
//! The statuses themselves are not asserted (which 4xx a schema-violating
//! request gets is the spec's business, tested elsewhere): only "no 5xx, no
//! panic, refused ⇒ nothing changed", plus the body checks every other test
//! of the fake applies to a JSON answer (`common::check_body`).
//!
//! Cases: `PROPTEST_CASES` if set, else the defaults below. Failures are
//! kept in `tests/proptest-regressions/` and replayed first.

mod common;
mod props;

use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};

use props::raw_http::{Exchange, RawResponse, exchange, exchange_retrying_resets};
use props::request::Request;
use props::requests::request;
use props::runner::{FakeUnderTest, config, take_server_panics};

/// Cases of the structured property when `PROPTEST_CASES` is not set.
const REQUEST_CASES: u32 = 1024;
/// Cases of the raw-bytes property when `PROPTEST_CASES` is not set.
const RAW_CASES: u32 = 512;

/// Whether an answer refuses the request: a non-2xx status, or a JSON
/// envelope with a non-zero `code`.
fn refused(r: &RawResponse) -> bool {
    if !(200..300).contains(&r.status) {
        return true;
    }
    serde_json::from_slice::<serde_json::Value>(&r.body)
        .ok()
        .and_then(|v| v.get("code").and_then(serde_json::Value::as_i64))
        .is_none_or(|code| code != 0)
}

/// What the cases ended in, printed at the end (`--nocapture` shows it):
/// proof that the requests reach the handlers and some cancels go through.
#[derive(Default)]
struct Tally(std::cell::RefCell<std::collections::BTreeMap<String, u32>>);

impl Tally {
    fn add(&self, key: String) {
        *self.0.borrow_mut().entry(key).or_default() += 1;
    }

    fn print(&self, what: &str) {
        println!("{what} (cases and shrink steps): {:#?}", self.0.borrow());
    }
}

fn outcome_key(r: &RawResponse, changed: bool) -> String {
    let code = serde_json::from_slice::<serde_json::Value>(&r.body)
        .ok()
        .and_then(|v| v.get("code").and_then(serde_json::Value::as_i64));
    match (code, changed) {
        (_, true) => format!("HTTP {} code 0, payment changed", r.status),
        (Some(c), false) => format!("HTTP {} code {c}", r.status),
        (None, false) => format!("HTTP {} (no envelope)", r.status),
    }
}

fn check_request(f: &FakeUnderTest, req: &Request, tally: &Tally) -> Result<(), TestCaseError> {
    f.reset();
    let before = f.fake.payments();
    let bytes = req.to_bytes(&f.token);
    let outcome =
        f.rt.block_on(exchange_retrying_resets(f.fake.addr(), &bytes));
    let panics = take_server_panics();
    prop_assert!(panics.is_empty(), "the fake panicked: {panics:#?}");
    let responses = match outcome {
        Exchange::Answered { responses, .. } => responses,
        Exchange::TimedOut { received } => {
            return Err(TestCaseError::fail(format!(
                "no complete answer within the deadline; received {:?}",
                String::from_utf8_lossy(&received)
            )));
        }
    };
    prop_assert_eq!(
        responses.len(),
        1,
        "one answer per request: {:?}",
        responses
    );
    let r = &responses[0];
    let asked = req.asked_status();
    prop_assert!(
        r.status < 500 || asked == Some(r.status),
        "HTTP {} that no fault asked for (asked: {:?}): {}",
        r.status,
        asked,
        String::from_utf8_lossy(&r.body)
    );
    // The fake answers with its envelope; the only other answers are
    // hyper's own refusals of what is no HTTP (empty body, no content
    // type), axum's documented 413 for a body over its limit, an injected
    // fault's page, and HEAD's empty body.
    let hyper_refusal = r.body.is_empty() && r.header("content-type").is_none();
    prop_assert!(
        r.is_json()
            || hyper_refusal
            || r.status == 413
            || asked == Some(r.status)
            || req.method == "HEAD",
        "HTTP {} without the JSON envelope: {:?}",
        r.status,
        String::from_utf8_lossy(&r.body)
    );
    // A cut body is the client's loss, not the fake's: the fake answered
    // before reading a large request and closing reset the connection.
    if r.is_json() && req.method != "HEAD" && r.complete {
        let text = String::from_utf8(r.body.clone())
            .map_err(|_| TestCaseError::fail("a JSON body that is not UTF-8"))?;
        common::check_body(r.status, &text);
    }
    let after = f.fake.payments();
    tally.add(outcome_key(r, after != before));
    if refused(r) {
        prop_assert!(
            after == before,
            "HTTP {} refused the request but payments changed: {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        );
    } else if after != before {
        // Only an accepted cancel changes anything, and what it answers is
        // the payment as it now is.
        prop_assert!(
            req.method == "POST" && req.path() == b"/payments/cancel",
            "{} {} changed payments",
            req.method,
            String::from_utf8_lossy(&req.target)
        );
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        let answered: portone_v1::Payment = serde_json::from_value(v["response"].clone()).unwrap();
        let stored = f.fake.payment(&answered.imp_uid);
        prop_assert_eq!(
            stored.as_ref(),
            Some(&answered),
            "the answer is not the stored payment"
        );
        let changed = before.iter().zip(&after).filter(|(b, a)| b != a).count();
        prop_assert_eq!(changed, 1, "one cancel changed {} payments", changed);
    }
    Ok(())
}

#[test]
fn any_request_on_any_route_gets_no_5xx_and_a_refusal_changes_nothing() {
    let f = FakeUnderTest::start();
    let strategy = request(&f.baseline);
    let mut runner = TestRunner::new(config(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/proptest-regressions/prop_requests-any_request.txt"
        ),
        REQUEST_CASES,
    ));
    let tally = Tally::default();
    let result = runner.run(&strategy, |req| check_request(&f, &req, &tally));
    tally.print("answers");
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The oracle itself can fail: an unasked 5xx (a global fault the request
/// does not know of) and a request without an answer (`drop=after`, which
/// also cancels) are both reported.
#[test]
fn the_oracle_reports_an_unasked_5xx_and_a_missing_answer() {
    let f = FakeUnderTest::start();
    let cancel = Request {
        method: "POST".into(),
        target: b"/payments/cancel".to_vec(),
        version: "HTTP/1.1",
        auth: props::request::Auth::Live {
            scheme: "Bearer",
            suffix: "",
        },
        headers: vec![("Content-Type".into(), b"application/json".to_vec())],
        body: format!(
            r#"{{"imp_uid":"{}","amount":1}}"#,
            portone_v1_fake::seeds::CARD_PAID
        )
        .into_bytes(),
    };
    let tally = Tally::default();
    check_request(&f, &cancel, &tally).expect("the plain cancel passes");
    for (fault, needle) in [
        ("status=500", "no fault asked for"),
        ("drop=after", "one answer per request"),
    ] {
        f.fake.set_fault(fault.parse().unwrap());
        let err = check_request(&f, &cancel, &tally).expect_err(fault);
        assert!(err.to_string().contains(needle), "{fault}: {err}");
    }
    f.fake.set_fault(portone_v1_fake::Fault::none());
}

/// Found by the property: `GET /payments/%ff%fe` (an id that is not
/// UTF-8 once decoded) got axum's plain-text 400, even without a token.
/// Now the 401 without a token and the 404 envelope with one.
#[test]
fn regression_an_imp_uid_that_is_not_utf8_is_an_unknown_payment() {
    let f = FakeUnderTest::start();
    let tally = Tally::default();
    for (auth, status) in [
        (props::request::Auth::Missing, 401),
        (
            props::request::Auth::Live {
                scheme: "Bearer",
                suffix: "",
            },
            404,
        ),
    ] {
        let req = Request {
            method: "GET".into(),
            target: b"/payments/%ff%fe".to_vec(),
            version: "HTTP/1.1",
            auth,
            headers: vec![],
            body: vec![],
        };
        check_request(&f, &req, &tally).unwrap();
        let raw =
            f.rt.block_on(exchange(f.fake.addr(), &req.to_bytes(&f.token), false));
        let Exchange::Answered { responses: rs, .. } = raw else {
            panic!("no answer")
        };
        assert_eq!(
            rs[0].status,
            status,
            "{:?}",
            String::from_utf8_lossy(&rs[0].body)
        );
        assert!(rs[0].is_json());
    }
}

// ---------------------------------------------------------------------------
// Raw bytes

/// Pieces of HTTP/1.1 and of the fake's routes, for byte soups that get
/// further into the parser than uniform random bytes.
const PIECES: &[&str] = &[
    "POST ",
    "GET ",
    "HEAD ",
    "/payments/cancel",
    "/payments/imp_fake_card_0001",
    "/users/getToken",
    "?include_sandbox=true",
    " HTTP/1.1",
    " HTTP/1.0",
    " HTTP/2.0",
    "\r\n",
    "\n",
    "\r\n\r\n",
    "Host: 127.0.0.1",
    "Content-Length: ",
    "Content-Length: 5",
    "Content-Length: -1",
    "Content-Length: 99999999999999999999",
    "Transfer-Encoding: chunked",
    "Transfer-Encoding: gzip, chunked",
    "0\r\n\r\n",
    "5\r\nhello\r\n",
    "ffffffffffffffff\r\n",
    "Connection: keep-alive",
    "Connection: close",
    "Expect: 100-continue",
    "Upgrade: websocket",
    "Authorization: Bearer ",
    "X-Fake-Fault: explode",
    "Content-Type: application/x-www-form-urlencoded",
    ": ",
    " ",
    "\t",
    "{\"imp_uid\":\"imp_fake_card_0001\"}",
    "imp_uid=imp_fake_card_0001&amount=1",
    "\0",
    "\u{ff}",
    "가",
];

/// Bytes shown as text in a failure report.
#[derive(Clone)]
struct RawBytes(Vec<u8>);

impl std::fmt::Debug for RawBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(&self.0))
    }
}

/// Raw bytes: uniform noise, a soup of HTTP pieces, or a valid request head
/// followed by noise. None carries the token, so nothing may change.
fn raw_bytes() -> impl Strategy<Value = RawBytes> {
    let piece = prop::sample::select(PIECES).prop_map(|p| p.as_bytes().to_vec());
    let noise = prop::collection::vec(any::<u8>(), 0..512);
    prop_oneof![
        2 => noise.clone(),
        4 => prop::collection::vec(prop_oneof![4 => piece, 1 => noise.clone()], 0..40)
            .prop_map(|parts| parts.concat()),
        2 => (
            prop::sample::select(vec![
                "POST /payments/cancel HTTP/1.1\r\n",
                "GET /payments/imp_fake_card_0001 HTTP/1.1\r\nHost: x\r\n",
                "POST /users/getToken HTTP/1.1\r\nContent-Length: 10\r\n\r\n",
                "POST /users/getToken HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            ]),
            noise,
        )
            .prop_map(|(head, tail)| [head.as_bytes(), &tail].concat()),
    ]
    .prop_map(RawBytes)
}

fn check_raw(f: &FakeUnderTest, bytes: &[u8], tally: &Tally) -> Result<(), TestCaseError> {
    f.reset();
    let before = f.fake.payments();
    // Half-closed after sending, so a server waiting for more bytes sees
    // the end; no answer at all is allowed (bytes that are no request).
    let outcome = f.rt.block_on(exchange(f.fake.addr(), bytes, true));
    let panics = take_server_panics();
    prop_assert!(panics.is_empty(), "the fake panicked: {panics:#?}");
    let responses = match outcome {
        Exchange::Answered { responses, .. } => responses,
        Exchange::TimedOut { received } => {
            return Err(TestCaseError::fail(format!(
                "the connection stayed open past the deadline; received {:?}",
                String::from_utf8_lossy(&received)
            )));
        }
    };
    if responses.is_empty() {
        tally.add("no answer".into());
    }
    for r in &responses {
        tally.add(format!("HTTP {}", r.status));
        prop_assert!(
            r.status < 500,
            "HTTP {} to raw bytes: {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        );
    }
    prop_assert!(f.fake.payments() == before, "raw bytes changed payments");
    Ok(())
}

#[test]
fn raw_bytes_get_no_5xx_and_change_nothing() {
    let f = FakeUnderTest::start();
    let mut runner = TestRunner::new(config(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/proptest-regressions/prop_requests-raw_bytes.txt"
        ),
        RAW_CASES,
    ));
    let tally = Tally::default();
    let result = runner.run(&raw_bytes(), |bytes| check_raw(&f, &bytes.0, &tally));
    tally.print("answers");
    if let Err(e) = result {
        panic!("{e}");
    }
}
