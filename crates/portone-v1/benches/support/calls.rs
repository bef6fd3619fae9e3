//! The two sides of the end-to-end benches (cancel_e2e.rs, and
//! cancel_instructions.rs under valgrind): the crate's `PortOne::cancel` and
//! a hand-written `reqwest` + `serde_json` call of the same request (same
//! `reqwest::Client` settings, same headers, same body bytes), both against
//! the responder of `super::start_server`, and the loops that drive them.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use portone_v1::generated_client::{Client, ClientInfo};
use portone_v1::{CancelAmount, CancelRequest, Payment, PaymentResponse, PortOne, Target};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderName, HeaderValue};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;

use super::RawCancel;

pub const CONCURRENT_CALLERS: usize = 64;

/// The hand-written baseline: everything a careful user would do without the
/// crate, with an already known token.
#[derive(Clone)]
pub struct Raw {
    pub http: reqwest::Client,
    pub url: Arc<str>,
    pub bearer: HeaderValue,
    pub api_version: HeaderValue,
}

impl Raw {
    pub async fn cancel<T: serde::de::DeserializeOwned>(&self, body: &RawCancel<'_>) -> T {
        let response = self
            .http
            .post(&*self.url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(
                HeaderName::from_static("api-version"),
                self.api_version.clone(),
            )
            .header(AUTHORIZATION, self.bearer.clone())
            .json(body)
            .send()
            .await
            .expect("the local server answers");
        assert_eq!(response.status(), 200);
        let bytes = response.bytes().await.expect("a body");
        serde_json::from_slice(&bytes).expect("a payment envelope")
    }

    /// Decoded into the crate's own envelope type, with the `code` check the
    /// crate does, so only the call machinery differs.
    pub async fn cancel_typed(&self, body: &RawCancel<'_>) -> Payment {
        let envelope: PaymentResponse = self.cancel(body).await;
        assert_eq!(envelope.code, 0);
        envelope.response.expect("a payment")
    }

    /// Decoded into a generic `Value` (what a quick hand-written client does).
    pub async fn cancel_value(&self, body: &RawCancel<'_>) -> serde_json::Value {
        let mut envelope: serde_json::Value = self.cancel(body).await;
        assert_eq!(envelope["code"], 0);
        envelope["response"].take()
    }
}

/// The same settings the crate's default client uses (timeouts, user agent).
pub fn http_client() -> reqwest::Client {
    portone_v1::tls::ensure_crypto_provider();
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent("portone-v1-rust/0.1.0")
        .build()
        .expect("an HTTP client")
}

pub struct Setup {
    pub rt: Runtime,
    /// The crate, given a client built with [`http_client`].
    pub crate_client: PortOne,
    /// The crate with its own default HTTP client.
    pub crate_default: PortOne,
    pub raw: Raw,
    pub request: Arc<CancelRequest>,
}

/// The payment the server answers with (the fake's card payment).
pub const IMP_UID: &str = portone_v1_fake::seeds::CARD_PAID;
pub const REASON: &str = "고객 변심에 의한 부분 환불";

pub fn setup() -> Setup {
    let addr = super::start_server(&super::token_envelope(), &super::payment_envelope(1));
    let base = format!("http://{addr}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let crate_client = PortOne::builder(super::KEY, super::SECRET)
        .base_url(&base)
        .http_client(http_client())
        .build()
        .expect("a loopback base URL");
    let crate_default = PortOne::builder(super::KEY, super::SECRET)
        .base_url(&base)
        .build()
        .expect("a loopback base URL");
    let mut bearer = HeaderValue::try_from(format!("Bearer {}", super::TOKEN)).unwrap();
    bearer.set_sensitive(true);
    let raw = Raw {
        http: http_client(),
        url: format!("{base}/payments/cancel").into(),
        bearer,
        api_version: HeaderValue::from_static(Client::api_version()),
    };
    let request = CancelRequest::builder(Target::imp_uid(IMP_UID), CancelAmount::partial(1000))
        .checksum(51_000)
        .reason(REASON)
        .build()
        .expect("a valid request");
    let raw_body = raw_body();
    assert_eq!(
        serde_json::to_vec(request.to_wire()).unwrap(),
        serde_json::to_vec(&raw_body).unwrap(),
        "both sides must send the same body bytes"
    );
    // Warm the token caches and connection pools, and check both sides get
    // the same payment.
    let (a, b, c) = rt.block_on(async {
        (
            crate_client.cancel(&request).await.expect("crate cancel"),
            crate_default.cancel(&request).await.expect("crate cancel"),
            raw.cancel_typed(&raw_body).await,
        )
    });
    assert_eq!(a, c);
    assert_eq!(b, c);
    assert_eq!(a.cancel_history.len(), 1);
    Setup {
        rt,
        crate_client,
        crate_default,
        raw,
        request: Arc::new(request),
    }
}

pub fn raw_body() -> RawCancel<'static> {
    RawCancel {
        amount: 1000,
        checksum: 51_000,
        imp_uid: IMP_UID,
        reason: REASON,
    }
}

/// Times `iters` sequential awaits of `call` inside one `block_on`.
pub fn sequential<F, Fut>(rt: &Runtime, iters: u64, call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future,
{
    rt.block_on(async {
        let started = Instant::now();
        for _ in 0..iters {
            std::hint::black_box(call().await);
        }
        started.elapsed()
    })
}

/// Times `iters` rounds of [`CONCURRENT_CALLERS`] calls in flight at once.
pub fn concurrent<F, Fut>(rt: &Runtime, iters: u64, call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future + Send + 'static,
    Fut::Output: Send + 'static,
{
    rt.block_on(async {
        let started = Instant::now();
        for _ in 0..iters {
            let mut set = JoinSet::new();
            for _ in 0..CONCURRENT_CALLERS {
                set.spawn(call());
            }
            while let Some(done) = set.join_next().await {
                std::hint::black_box(done.expect("a caller panicked"));
            }
        }
        started.elapsed()
    })
}

/// The variants of [`run`].
pub const VARIANTS: [&str; 3] = ["raw", "portone", "generated"];
/// The modes of [`run`].
pub const MODES: [&str; 2] = ["seq", "c64"];

/// Makes `calls` calls of `variant` (`raw`: the hand-written baseline,
/// `portone`: `PortOne::cancel`, `generated`: the generated call alone) in
/// `mode` (`seq`: one at a time; `c64`: rounds of [`CONCURRENT_CALLERS`]
/// concurrent callers, `calls` rounded up to a multiple of 64).
pub fn run(s: &Setup, variant: &str, mode: &str, calls: u64) {
    let rounds = calls.div_ceil(CONCURRENT_CALLERS as u64);
    match (variant, mode) {
        ("raw", "seq") => {
            let body = raw_body();
            sequential(&s.rt, calls, || s.raw.cancel_typed(&body));
        }
        ("raw", "c64") => {
            concurrent(&s.rt, rounds, || {
                let raw = s.raw.clone();
                async move { raw.cancel_typed(&raw_body()).await }
            });
        }
        ("portone", "seq") => {
            sequential(&s.rt, calls, || async {
                s.crate_client.cancel(&s.request).await.unwrap()
            });
        }
        ("portone", "c64") => {
            concurrent(&s.rt, rounds, || {
                let client = s.crate_client.clone();
                let request = s.request.clone();
                async move { client.cancel(&request).await.unwrap() }
            });
        }
        ("generated", "seq") => {
            sequential(&s.rt, calls, || async {
                s.crate_client
                    .generated()
                    .cancel_payment()
                    .body(s.request.to_wire().clone())
                    .send()
                    .await
                    .unwrap()
            });
        }
        ("generated", "c64") => {
            concurrent(&s.rt, rounds, || {
                let client = s.crate_client.clone();
                let request = s.request.clone();
                async move {
                    client
                        .generated()
                        .cancel_payment()
                        .body(request.to_wire().clone())
                        .send()
                        .await
                        .unwrap()
                        .into_inner()
                }
            });
        }
        _ => panic!("unknown variant {variant:?} or mode {mode:?}"),
    }
}
