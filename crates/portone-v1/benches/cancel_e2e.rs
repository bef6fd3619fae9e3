//! A cancel call end to end over 127.0.0.1: the crate's `PortOne::cancel`
//! (token cached) against a hand-written `reqwest` + `serde_json` call of the
//! same request (same `reqwest::Client` settings, same headers, same body
//! bytes), sequentially and with 64 concurrent callers.
//!
//! The server is `support::start_server`: a few lines of tokio answering a
//! fixed, pre-encoded response on its own thread, so its cost is small and
//! the same for both sides. The client side runs on a single-threaded tokio
//! runtime on the bench thread: on a 2-core machine that gives client and
//! server one core each.
//!
//! Run: `cargo bench -p portone-v1 --bench cancel_e2e`. See BENCHMARKS.md.
// The fixture's `json!` literal is deeper than the default limit.
#![recursion_limit = "256"]

mod support;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use portone_v1::{CancelAmount, CancelRequest, Payment, PaymentResponse, PortOne, Target};
use progenitor_client::ClientInfo;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderName, HeaderValue};
use support::RawCancel;
use tokio::runtime::Runtime;
use tokio::task::JoinSet;

const CONCURRENT_CALLERS: usize = 64;

/// The hand-written baseline: everything a careful user would do without the
/// crate, with an already known token.
#[derive(Clone)]
struct Raw {
    http: reqwest::Client,
    url: Arc<str>,
    bearer: HeaderValue,
    api_version: HeaderValue,
}

impl Raw {
    async fn cancel<T: serde::de::DeserializeOwned>(&self, body: &RawCancel<'_>) -> T {
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
    async fn cancel_typed(&self, body: &RawCancel<'_>) -> Payment {
        let envelope: PaymentResponse = self.cancel(body).await;
        assert_eq!(envelope.code, 0);
        envelope.response.expect("a payment")
    }

    /// Decoded into a generic `Value` (what a quick hand-written client does).
    async fn cancel_value(&self, body: &RawCancel<'_>) -> serde_json::Value {
        let mut envelope: serde_json::Value = self.cancel(body).await;
        assert_eq!(envelope["code"], 0);
        envelope["response"].take()
    }
}

/// The same settings the crate's default client uses (timeouts, user agent).
fn http_client() -> reqwest::Client {
    portone_v1::tls::ensure_crypto_provider();
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent("portone-v1-rust/0.1.0")
        .build()
        .expect("an HTTP client")
}

struct Setup {
    rt: Runtime,
    /// The crate, given a client built with [`http_client`].
    crate_client: PortOne,
    /// The crate with its own default HTTP client.
    crate_default: PortOne,
    raw: Raw,
    request: Arc<CancelRequest>,
}

const IMP_UID: &str = "imp_448280090638";
const REASON: &str = "고객 변심에 의한 부분 환불";

fn setup() -> Setup {
    let addr = support::start_server(&support::token_envelope(), &support::payment_envelope(1));
    let base = format!("http://{addr}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let crate_client = PortOne::builder(support::KEY, support::SECRET)
        .base_url(&base)
        .http_client(http_client())
        .build()
        .expect("a loopback base URL");
    let crate_default = PortOne::builder(support::KEY, support::SECRET)
        .base_url(&base)
        .build()
        .expect("a loopback base URL");
    let mut bearer = HeaderValue::try_from(format!("Bearer {}", support::TOKEN)).unwrap();
    bearer.set_sensitive(true);
    let raw = Raw {
        http: http_client(),
        url: format!("{base}/payments/cancel").into(),
        bearer,
        api_version: HeaderValue::from_static(portone_v1::Client::api_version()),
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

fn raw_body() -> RawCancel<'static> {
    RawCancel {
        amount: 1000,
        checksum: 51_000,
        imp_uid: IMP_UID,
        reason: REASON,
    }
}

/// Times `iters` sequential awaits of `call` inside one `block_on`.
fn sequential<F, Fut>(rt: &Runtime, iters: u64, call: F) -> Duration
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
fn concurrent<F, Fut>(rt: &Runtime, iters: u64, call: F) -> Duration
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

fn cancel_e2e(c: &mut Criterion) {
    let s = setup();

    let mut group = c.benchmark_group("cancel_sequential");
    group.throughput(Throughput::Elements(1));
    group.bench_function("portone_cancel", |b| {
        b.iter_custom(|iters| {
            sequential(&s.rt, iters, || async {
                s.crate_client.cancel(&s.request).await.unwrap()
            })
        })
    });
    group.bench_function("raw_reqwest_typed", |b| {
        let body = raw_body();
        b.iter_custom(|iters| sequential(&s.rt, iters, || s.raw.cancel_typed(&body)))
    });
    // The generated call alone (hooks add the token; no envelope, typed
    // errors or 401 retry): splits the crate's overhead into layers.
    group.bench_function("generated_send", |b| {
        b.iter_custom(|iters| {
            sequential(&s.rt, iters, || async {
                s.crate_client
                    .generated()
                    .cancel_payment()
                    .body(s.request.to_wire().clone())
                    .send()
                    .await
                    .unwrap()
            })
        })
    });
    group.bench_function("raw_reqwest_value", |b| {
        let body = raw_body();
        b.iter_custom(|iters| sequential(&s.rt, iters, || s.raw.cancel_value(&body)))
    });
    group.bench_function("portone_cancel_default_http", |b| {
        b.iter_custom(|iters| {
            sequential(&s.rt, iters, || async {
                s.crate_default.cancel(&s.request).await.unwrap()
            })
        })
    });
    // The baseline again, last: its distance from the first run is the
    // noise floor (A/A) of this run, to read the ratios against.
    group.bench_function("raw_reqwest_typed_rerun", |b| {
        let body = raw_body();
        b.iter_custom(|iters| sequential(&s.rt, iters, || s.raw.cancel_typed(&body)))
    });
    group.finish();

    let mut group = c.benchmark_group("cancel_concurrent_64");
    group.throughput(Throughput::Elements(CONCURRENT_CALLERS as u64));
    group.bench_function("portone_cancel", |b| {
        b.iter_custom(|iters| {
            concurrent(&s.rt, iters, || {
                let client = s.crate_client.clone();
                let request = s.request.clone();
                async move { client.cancel(&request).await.unwrap() }
            })
        })
    });
    group.bench_function("generated_send", |b| {
        b.iter_custom(|iters| {
            concurrent(&s.rt, iters, || {
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
            })
        })
    });
    group.bench_function("raw_reqwest_typed", |b| {
        b.iter_custom(|iters| {
            concurrent(&s.rt, iters, || {
                let raw = s.raw.clone();
                async move { raw.cancel_typed(&raw_body()).await }
            })
        })
    });
    group.bench_function("raw_reqwest_typed_rerun", |b| {
        b.iter_custom(|iters| {
            concurrent(&s.rt, iters, || {
                let raw = s.raw.clone();
                async move { raw.cancel_typed(&raw_body()).await }
            })
        })
    });
    group.finish();

    // The token was fetched once, in setup: every measured call used the cache.
    assert_eq!(s.crate_client.token_fetches(), 1, "token cache stayed warm");
}

criterion_group!(benches, cancel_e2e);
criterion_main!(benches);
