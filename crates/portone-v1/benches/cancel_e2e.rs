//! A cancel call end to end over 127.0.0.1: the crate's `PortOne::cancel`
//! (token cached) against a hand-written `reqwest` + `serde_json` call of the
//! same request (same `reqwest::Client` settings, same headers, same body
//! bytes), sequentially and with 64 concurrent callers.
//!
//! Both sides, and the loops that time them, are in `support/calls.rs`.
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

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use support::calls::{CONCURRENT_CALLERS, concurrent, raw_body, sequential, setup};

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
