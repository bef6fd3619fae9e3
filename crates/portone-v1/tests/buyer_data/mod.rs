//! Responses full of buyer data, and every error that can come with one.
//!
//! Shared by `no_buyer_data.rs` (formatting of each error) and
//! `no_buyer_data_in_logs.rs` (the `tracing` events, in a process of their
//! own). The values are made up for these tests; each holds a sentinel that
//! no error text could contain by chance.
#![allow(dead_code)]

use std::error::Error;

use portone_v1::error::ErrorChain;
use portone_v1::{CancelError, GetPaymentError, ProvideErrorMetadata};
use portone_v1_mock::MockApi;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{card_payment, client, full, mount_token, token_body};

/// What must never appear in an error or a log line.
pub const SENTINELS: &[&str] = &[
    "BUYER-NAME-SENTINEL",
    "홍길동",
    "sentinel.buyer@example.invalid",
    "010-4821-7730",
    "SENTINEL-ADDR",
    "서초대로",
    "K-06236-SENT",
    "536181******4912",
    "VBANK-93810274-SENT",
    "VBANK-HOLDER-SENTINEL",
    "REFUND-HOLDER-SENTINEL",
    "REFUND-ACCOUNT-55501234",
    "CUSTOM-DATA-SENTINEL",
    "CANCEL-REASON-SENTINEL",
];

/// The imp_uid every case uses.
pub const IMP_UID: &str = "imp_buyer_data";

/// A virtual-account payment carrying every kind of buyer data a payment
/// body can hold (and refund account fields the spec does not list, which a
/// lenient decoder ignores but which are still in the body).
pub fn buyer_payment() -> Value {
    let mut p = card_payment(IMP_UID, json!(50000), json!(0), "paid");
    let fields = json!({
        "buyer_name": "홍길동 BUYER-NAME-SENTINEL",
        "buyer_email": "sentinel.buyer@example.invalid",
        "buyer_tel": "010-4821-7730",
        "buyer_addr": "서울특별시 서초구 서초대로 SENTINEL-ADDR 77",
        "buyer_postcode": "K-06236-SENT",
        "card_number": "536181******4912",
        "vbank_num": "VBANK-93810274-SENT",
        "vbank_holder": "VBANK-HOLDER-SENTINEL",
        "vbank_name": "국민은행",
        "custom_data": "{\"gift_note\":\"CUSTOM-DATA-SENTINEL\"}",
        "cancel_reason": "CANCEL-REASON-SENTINEL",
        "refund_holder": "REFUND-HOLDER-SENTINEL",
        "refund_bank": "004",
        "refund_account": "REFUND-ACCOUNT-55501234",
        "refund_tel": "010-4821-7730"
    });
    for (k, v) in fields.as_object().unwrap() {
        p[k] = v.clone();
    }
    p
}

/// Pretty-printed: a body re-serialized from a decoded value would differ
/// in whitespace, so an exact comparison proves the bytes are the original.
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap()
}

/// `{code, message, response: payment}`, pretty-printed.
pub fn envelope(code: i64, message: Option<&str>) -> String {
    pretty(&json!({"code": code, "message": message, "response": buyer_payment()}))
}

/// `body` with `needle` replaced once (the fixture must contain it).
pub fn with(body: &str, needle: &str, replacement: &str) -> String {
    assert!(body.contains(needle), "fixture lacks {needle:?}");
    body.replacen(needle, replacement, 1)
}

/// An HTML error page that echoes the buyer's details, as some proxies do.
pub fn html_page(status: u16) -> String {
    format!(
        "<html><body><h1>{status}</h1><pre>buyer_name=홍길동 BUYER-NAME-SENTINEL \
         buyer_tel=010-4821-7730 buyer_email=sentinel.buyer@example.invalid \
         card_number=536181******4912</pre></body></html>"
    )
}

/// The one place these tests get a mock server (the support helper owns
/// them; see `portone_v1_mock`).
pub async fn server() -> MockApi {
    MockApi::start().await
}

/// Mounts `http_method path` answering `body` with `status`, byte for byte.
pub async fn mount_raw(server: &MockServer, http_method: &str, p: &str, status: u16, body: &str) {
    Mock::given(method(http_method))
        .and(path(p))
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(server)
        .await;
}

/// Either operation's error.
#[derive(Debug)]
pub enum Failure {
    Cancel(CancelError),
    Get(GetPaymentError),
}

impl Failure {
    pub fn as_error(&self) -> &(dyn Error + 'static) {
        match self {
            Failure::Cancel(e) => e,
            Failure::Get(e) => e,
        }
    }

    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Failure::Cancel(e) => e.raw_body(),
            Failure::Get(e) => e.raw_body(),
        }
    }
}

/// One error from one response, and what it must show.
pub struct Case {
    pub name: &'static str,
    pub failure: Failure,
    /// The body the error must hand out through `raw_body()`, exactly;
    /// `None` where it must hand out none (a getToken body may hold a token).
    pub body: Option<String>,
    /// How the error's `Debug` starts (the variant this case is about).
    pub variant: &'static str,
    /// Texts the error with its causes must show (status, code, JSON
    /// path, ...), at whichever level of the `source()` chain.
    pub shows: Vec<String>,
}

impl Case {
    /// Asserts that no formatting of the error, of any error in its
    /// `source()` chain, nor `log` (when given) holds buyer data; that the
    /// error is the variant and shows what the case says; and that
    /// `raw_body()` is the exact body.
    pub fn check(&self, log: Option<&str>) {
        let e = self.failure.as_error();
        let mut texts = vec![
            ("Display", format!("{e}")),
            ("Debug", format!("{e:?}")),
            ("Debug (alternate)", format!("{e:#?}")),
        ];
        let mut source = e.source();
        while let Some(s) = source {
            texts.push(("source Display", format!("{s}")));
            texts.push(("source Debug", format!("{s:?}")));
            source = s.source();
        }
        if let Some(log) = log {
            texts.push(("tracing output", log.to_string()));
        }
        for (what, text) in &texts {
            for sentinel in SENTINELS {
                assert!(
                    !text.contains(sentinel),
                    "{}: {what} shows buyer data {sentinel:?}:\n{text}",
                    self.name
                );
            }
        }
        let debug = format!("{:?}", self.failure);
        let debug = debug.split_once('(').map_or("", |(_, rest)| rest);
        assert!(
            debug.starts_with(self.variant),
            "{}: expected {}, got {debug}",
            self.name,
            self.variant
        );
        let display = ErrorChain::new(e).to_string();
        for shown in &self.shows {
            assert!(
                display.contains(shown.as_str()),
                "{}: the message lacks {shown:?}: {display}",
                self.name
            );
        }
        assert_eq!(
            self.failure.raw_body(),
            self.body.as_deref().map(str::as_bytes),
            "{}: raw_body() is not the body as sent",
            self.name
        );
    }
}

fn shows(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|s| s.to_string()).collect()
}

/// A cancel answered `status` + `body`.
async fn cancel_case(
    name: &'static str,
    status: u16,
    body: String,
    variant: &'static str,
    shown: &[&str],
) -> Case {
    let server = server().await;
    mount_token(&server).await;
    mount_raw(&server, "POST", "/payments/cancel", status, &body).await;
    let err = client(&server).cancel(&full(IMP_UID)).await.unwrap_err();
    Case {
        name,
        failure: Failure::Cancel(err),
        body: Some(body),
        variant,
        shows: shows(shown),
    }
}

/// A payment lookup answered `status` + `body`.
async fn get_case(
    name: &'static str,
    status: u16,
    body: String,
    variant: &'static str,
    shown: &[&str],
) -> Case {
    let server = server().await;
    mount_token(&server).await;
    mount_raw(
        &server,
        "GET",
        &format!("/payments/{IMP_UID}"),
        status,
        &body,
    )
    .await;
    let err = client(&server).get_payment(IMP_UID).await.unwrap_err();
    Case {
        name,
        failure: Failure::Get(err),
        body: Some(body),
        variant,
        shows: shows(shown),
    }
}

/// Bodies that do not decode, failing at different JSON paths.
pub async fn decode_failures() -> Vec<Case> {
    let ok = envelope(0, None);
    let mut cases = Vec::new();
    for (name, body, shown) in [
        (
            "wrong type at response.amount",
            with(
                &ok,
                "\"amount\": 50000",
                "\"amount\": \"홍길동 BUYER-NAME-SENTINEL\"",
            ),
            &["HTTP 200", "data error", "`response.amount`"][..],
        ),
        (
            "wrong type at response.card_quota",
            with(
                &ok,
                "\"card_quota\": 0",
                "\"card_quota\": \"010-4821-7730\"",
            ),
            &["data error", "`response.card_quota`"],
        ),
        (
            "wrong type at response.cancel_history[0].amount",
            with(
                &ok,
                "\"cancel_history\": []",
                "\"cancel_history\": [{\"amount\": \"VBANK-HOLDER-SENTINEL\"}]",
            ),
            &["data error", "`response.cancel_history[0].amount`"],
        ),
        (
            "cut short after the buyer's details",
            {
                let end =
                    ok.find("CANCEL-REASON-SENTINEL").unwrap() + "CANCEL-REASON-SENTINEL".len();
                ok[..end].to_string()
            },
            &["eof error", "line "],
        ),
        (
            "not JSON in the middle",
            with(
                &ok,
                "\"buyer_tel\": \"010-4821-7730\",",
                "\"buyer_tel\": \"010-4821-7730\" #",
            ),
            &["syntax error", "`response"],
        ),
        (
            "trailing text after the envelope",
            format!("{ok}\nbuyer_name=홍길동 BUYER-NAME-SENTINEL"),
            &["syntax error", "JSON path `.`"],
        ),
        (
            "an unknown key made of buyer data, broken inside",
            with(
                &ok,
                "\"amount\": 50000,",
                "\"amount\": 50000, \"sentinel.buyer@example.invalid\": {\"a\": 1 2},",
            ),
            &["syntax error", "`response.?`"],
        ),
        (
            "code 0 without a payment, buyer data beside it",
            pretty(&json!({
                "code": 0, "message": null, "response": null, "echo": buyer_payment()
            })),
            &["HTTP 200", "`response`", "null"],
        ),
    ] {
        cases.push(cancel_case(name, 200, body, "Decode(", shown).await);
    }
    cases.push(
        get_case(
            "lookup: wrong type at response.buyer_email",
            200,
            with(
                &ok,
                "\"buyer_email\": \"sentinel",
                "\"buyer_email\": 7, \"x\": \"sentinel",
            ),
            "Decode(",
            &["data error", "`response.buyer_email`"],
        )
        .await,
    );
    cases.push(
        get_case(
            "lookup: a 404 body that is not the envelope's shape",
            404,
            with(
                &envelope(-1, Some("없음")),
                "\"code\": -1",
                "\"code\": \"K-06236-SENT\"",
            ),
            "Decode(",
            &["HTTP 404", "data error", "`code`"],
        )
        .await,
    );
    cases.push(
        get_case(
            "lookup: a 401 body that is not JSON",
            401,
            html_page(401),
            "Decode(",
            &[
                "HTTP 401",
                "syntax error",
                "line 1, column 1",
                "JSON path `.`",
            ],
        )
        .await,
    );
    cases
}

/// Statuses the spec does not document, with buyer data in the body.
pub async fn unexpected_statuses() -> Vec<Case> {
    vec![
        cancel_case(
            "cancel: 500 echoing the payment",
            500,
            envelope(0, None),
            "UnexpectedStatus {",
            &["HTTP 500"],
        )
        .await,
        cancel_case(
            "cancel: a proxy's 502 page",
            502,
            html_page(502),
            "UnexpectedStatus {",
            &["HTTP 502"],
        )
        .await,
        cancel_case(
            "cancel: a 404 that is not the envelope",
            404,
            html_page(404),
            "UnexpectedStatus {",
            &["HTTP 404"],
        )
        .await,
        get_case(
            "lookup: 503 echoing the payment",
            503,
            envelope(-1, Some("점검 중")),
            "UnexpectedStatus {",
            &["HTTP 503"],
        )
        .await,
    ]
}

/// HTTP 200 with a non-zero code, the payment in `response`.
pub async fn api_refusals() -> Vec<Case> {
    vec![
        cancel_case(
            "cancel: no such payment",
            200,
            envelope(1, Some(portone_v1::error::MESSAGE_NO_PAYMENT_TO_CANCEL)),
            "NoPaymentToCancel(",
            &["code 1", portone_v1::error::MESSAGE_NO_PAYMENT_TO_CANCEL],
        )
        .await,
        cancel_case(
            "cancel: already cancelled",
            200,
            envelope(1, Some(portone_v1::error::MESSAGE_ALREADY_CANCELLED)),
            "AlreadyCancelled(",
            &["code 1", portone_v1::error::MESSAGE_ALREADY_CANCELLED],
        )
        .await,
        cancel_case(
            "cancel: refused by the PG",
            200,
            envelope(-1, Some("[PG] 취소 가능 기간이 지났습니다.")),
            "Refused(",
            &["code -1", "취소 가능 기간"],
        )
        .await,
        get_case(
            "lookup: refused",
            200,
            envelope(-1, Some("권한이 없습니다.")),
            "Refused(",
            &["code -1", "권한이 없습니다."],
        )
        .await,
    ]
}

/// HTTP 404 in PortOne's envelope, buyer data in its `response` object.
pub async fn not_found_404() -> Vec<Case> {
    let body = envelope(-1, Some("존재하지 않는 결제정보입니다."));
    vec![
        cancel_case(
            "cancel: 404 envelope",
            404,
            body.clone(),
            "PaymentNotFound(",
            &["HTTP 404", "code -1", "존재하지 않는 결제정보입니다."],
        )
        .await,
        get_case(
            "lookup: 404 envelope",
            404,
            body,
            "PaymentNotFound(",
            &["HTTP 404", "code -1", "존재하지 않는 결제정보입니다."],
        )
        .await,
    ]
}

/// HTTP 401 on both tries, buyer data in the envelope's `response`.
pub async fn token_rejected_twice() -> Vec<Case> {
    let body = envelope(-1, Some("Unauthorized"));
    vec![
        cancel_case(
            "cancel: 401 twice",
            401,
            body.clone(),
            "Auth(TokenRejectedTwice",
            &["401 twice", "code -1", "Unauthorized"],
        )
        .await,
        get_case(
            "lookup: 401 twice",
            401,
            body,
            "Auth(TokenRejectedTwice",
            &["401 twice", "code -1", "Unauthorized"],
        )
        .await,
    ]
}

/// getToken failing with buyer-shaped data in its body. No cancel is sent,
/// and no getToken body is handed out (it may hold a token).
pub async fn get_token_failures() -> Vec<Case> {
    let mut cases = Vec::new();
    let broken_token = {
        let mut t = token_body("tok", 1_732_500_000, 1800);
        t["response"]["now"] = json!("홍길동 BUYER-NAME-SENTINEL");
        pretty(&t)
    };
    let refused = pretty(&json!({
        "code": -1, "message": "Unauthorized", "response": buyer_payment()
    }));
    // `response` must be null or a token to decode; the payment rides beside.
    let refused_200 = pretty(&json!({
        "code": 1, "message": "imp_key 또는 imp_secret이 맞지 않습니다.", "response": null,
        "echo": buyer_payment()
    }));
    for (name, status, body, variant, shown) in [
        (
            "getToken: 500 page",
            500,
            html_page(500),
            "Auth(TokenUnavailable",
            &["HTTP 500"][..],
        ),
        (
            "getToken: a token body that does not parse",
            200,
            broken_token,
            "Auth(TokenUnavailable",
            &["not the expected JSON"],
        ),
        (
            "getToken: 401 envelope",
            401,
            refused,
            "Auth(CredentialsRejected",
            &["HTTP 401", "code -1", "Unauthorized"],
        ),
        (
            "getToken: 200 with a non-zero code",
            200,
            refused_200,
            "Auth(CredentialsRejected",
            &["HTTP 200", "code 1", "맞지 않습니다"],
        ),
    ] {
        let server = server().await;
        mount_raw(&server, "POST", "/users/getToken", status, &body).await;
        let err = client(&server).cancel(&full(IMP_UID)).await.unwrap_err();
        cases.push(Case {
            name,
            failure: Failure::Cancel(err),
            body: None,
            variant,
            shows: shows(shown),
        });
    }
    cases
}

/// `prepare_cancel` whose balance read fails: the error wraps the lookup's,
/// and hands out the lookup's body.
pub async fn lookup_failures() -> Vec<Case> {
    let mut cases = Vec::new();
    let ok = envelope(0, None);
    for (name, status, body, shown) in [
        (
            "prepare_cancel: 502 page",
            502,
            html_page(502),
            &["HTTP 502"][..],
        ),
        (
            "prepare_cancel: a payment that does not parse",
            200,
            with(
                &ok,
                "\"cancel_amount\": 0",
                "\"cancel_amount\": \"CUSTOM-DATA-SENTINEL\"",
            ),
            &["data error", "`response.cancel_amount`"],
        ),
    ] {
        let server = server().await;
        mount_token(&server).await;
        mount_raw(
            &server,
            "GET",
            &format!("/payments/{IMP_UID}"),
            status,
            &body,
        )
        .await;
        let err = client(&server)
            .prepare_cancel(&full(IMP_UID))
            .await
            .unwrap_err();
        cases.push(Case {
            name,
            failure: Failure::Cancel(err),
            body: Some(body),
            variant: "Lookup(",
            shows: shows(shown),
        });
    }
    cases
}

/// Every case above.
pub async fn all_cases() -> Vec<Case> {
    let mut cases = decode_failures().await;
    cases.extend(unexpected_statuses().await);
    cases.extend(api_refusals().await);
    cases.extend(not_found_404().await);
    cases.extend(token_rejected_twice().await);
    cases.extend(get_token_failures().await);
    cases.extend(lookup_failures().await);
    cases
}

/// The fixture is a real payment body: a cancel answered with it succeeds.
pub async fn fixture_decodes() {
    let server = server().await;
    mount_token(&server).await;
    mount_raw(&server, "POST", "/payments/cancel", 200, &envelope(0, None)).await;
    let payment = client(&server).cancel(&full(IMP_UID)).await.unwrap();
    assert_eq!(
        payment.buyer_name.as_deref(),
        Some("홍길동 BUYER-NAME-SENTINEL")
    );
    assert_eq!(payment.card_number.as_deref(), Some("536181******4912"));
}
