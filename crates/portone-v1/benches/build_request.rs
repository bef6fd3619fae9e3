//! Request building and validation: the cost of `CancelRequest::builder(..)
//! .build()` per request, of what `cancel(..)` does with the built request
//! before sending (clone + progenitor's body conversion), and, as the
//! in-process baseline, building and serializing the same body by hand.
//!
//! Run: `cargo bench -p portone-v1 --bench build_request`. See BENCHMARKS.md.

// `support`'s large `json!` fixtures need a deeper macro recursion.
#![recursion_limit = "256"]

mod support;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use portone_v1::{Amount, CancelAmount, CancelRequest, PortOne, Target, VbankRefund};
use support::RawCancel;

fn card_request() -> CancelRequest {
    CancelRequest::builder(
        Target::imp_uid(black_box("imp_448280090638")),
        CancelAmount::partial(black_box(1000)),
    )
    .checksum(black_box(51_000))
    .reason(black_box("고객 변심에 의한 부분 환불"))
    .build()
    .expect("a valid request")
}

fn build_request(c: &mut Criterion) {
    let mut group = c.benchmark_group("build_request");
    group.bench_function("builder_build_card", |b| b.iter(card_request));
    group.bench_function("builder_build_vbank_fractional", |b| {
        b.iter(|| {
            CancelRequest::builder(
                Target::merchant_uid(black_box("order_20241125_000123")),
                CancelAmount::partial(black_box("12.34".parse::<Amount>().unwrap())),
            )
            .checksum(black_box("99.99".parse::<Amount>().unwrap()))
            .tax_free(0)
            .reason(black_box("입금 전 주문 취소"))
            .vbank_refund(VbankRefund::new("홍길동", "088", "110123456789").tel("01012345678"))
            .build()
            .expect("a valid request")
        })
    });
    group.bench_function("builder_build_refused", |b| {
        b.iter(|| {
            CancelRequest::builder(
                Target::imp_uid(black_box("imp_448280090638")),
                CancelAmount::partial(black_box(0)),
            )
            .build()
            .unwrap_err()
        })
    });
    // What `cancel(..)` adds per call before anything is serialized.
    let client = PortOne::builder("key", "secret")
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("a client");
    let request = card_request();
    group.bench_function("per_call_clone_and_generated_body", |b| {
        b.iter(|| {
            client
                .generated()
                .cancel_payment()
                .body(black_box(&request).to_wire().clone())
        })
    });
    group.bench_function("serialize_body", |b| {
        b.iter(|| serde_json::to_vec(black_box(&request).to_wire()).unwrap())
    });
    // Baseline: the same body, by hand, built and serialized.
    group.bench_function("raw_body_serialize", |b| {
        b.iter(|| {
            serde_json::to_vec(&RawCancel {
                amount: black_box(1000),
                checksum: black_box(51_000),
                imp_uid: black_box("imp_448280090638"),
                reason: black_box("고객 변심에 의한 부분 환불"),
            })
            .unwrap()
        })
    });
    group.finish();

    // Per-call work of the generated layer and its hooks that a hand-written
    // call does not do (BENCHMARKS.md, "what bounds the overhead").
    let mut group = c.benchmark_group("per_call_parts");
    let mut response_headers = reqwest::header::HeaderMap::new();
    for (name, value) in [
        ("content-type", "application/json; charset=utf-8"),
        ("content-length", "2278"),
        ("date", "Mon, 25 Nov 2024 05:00:00 GMT"),
        ("server", "nginx"),
    ] {
        response_headers.insert(name, value.parse().unwrap());
    }
    group.bench_function("response_headers_clone_and_drop", |b| {
        b.iter(|| black_box(&response_headers).clone())
    });
    group.bench_function("bearer_header_from_token", |b| {
        let token = "bench-token-0123456789abcdef0123456789abcdef";
        b.iter(|| {
            let mut v =
                reqwest::header::HeaderValue::try_from(format!("Bearer {}", black_box(token)))
                    .unwrap();
            v.set_sensitive(true);
            v
        })
    });
    group.bench_function("url_and_api_version_header", |b| {
        let base = "http://127.0.0.1:8080";
        b.iter(|| {
            let url = format!("{}/payments/cancel", black_box(base));
            let mut headers = reqwest::header::HeaderMap::with_capacity(1);
            headers.append(
                reqwest::header::HeaderName::from_static("api-version"),
                reqwest::header::HeaderValue::from_static("2026-07-27"),
            );
            (url, headers)
        })
    });
    group.finish();
}

criterion_group!(benches, build_request);
criterion_main!(benches);
