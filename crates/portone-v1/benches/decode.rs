//! Decoding a cancel response: typed `PaymentResponse` as the client reads
//! it (`portone_v1::json_body::decode`: one UTF-8 check, then the text)
//! against generic `serde_json::Value` parsing of the same bytes, for a card
//! payment with 1, 10 and 100 `cancel_history` entries, ASCII-escaped like
//! the real server. Beside them: `typed_slice` (the typed decode through
//! `serde_json::from_slice`, as before `json_body`) and `value_str` (`Value`
//! given the same one-check treatment).
//!
//! Run: `cargo bench -p portone-v1 --bench decode`. See BENCHMARKS.md.
// The fixture's `json!` literal is deeper than the default limit.
#![recursion_limit = "256"]

mod support;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use portone_v1::{Decimal, PaymentResponse, PaymentStatus};

/// The `Amount` decoder as it was before BENCHMARKS.md's changes (every
/// double formatted to text, then parsed), kept as an in-run reference.
struct FormattedAmount(#[allow(dead_code)] Decimal);

impl<'de> serde::Deserialize<'de> for FormattedAmount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Decimal::from_str_exact(&format!("{v}"))
            .map(FormattedAmount)
            .map_err(serde::de::Error::custom)
    }
}

/// The open-enum decoder as it was before (through `Cow<str>`, whose serde
/// impl always allocates a `String`), kept as an in-run reference.
struct CowStatus(#[allow(dead_code)] PaymentStatus);

impl<'de> serde::Deserialize<'de> for CowStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(CowStatus(PaymentStatus::from(s.as_ref())))
    }
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_cancel_response");
    for cancels in [1usize, 10, 100] {
        let body = support::payment_envelope(cancels);
        // The fixture must decode and keep every entry, or the bench
        // would measure an early error.
        let typed: PaymentResponse = serde_json::from_slice(&body).expect("fixture decodes");
        let payment = typed.response.expect("fixture has a payment");
        assert_eq!(payment.cancel_history.len(), cancels);
        assert_eq!(payment.card_name.as_deref(), Some("신한카드"));

        group.throughput(Throughput::Bytes(body.len() as u64));
        sides(&mut group, cancels, &body);
    }
    group.finish();

    // Fractional amounts: the `Amount` decoder's floating-point path.
    let mut group = c.benchmark_group("decode_cancel_response_usd");
    let body = support::payment_envelope_usd(10);
    let typed: PaymentResponse = serde_json::from_slice(&body).expect("fixture decodes");
    let payment = typed.response.expect("fixture has a payment");
    assert_eq!(payment.cancel_history[0].amount.to_string(), "12.34");
    assert_eq!(payment.cancel_amount.to_string(), "123.4");
    group.throughput(Throughput::Bytes(body.len() as u64));
    sides(&mut group, 10, &body);
    group.finish();
}

/// The four ways of decoding `body` compared (see the top of the file).
fn sides(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    cancels: usize,
    body: &[u8],
) {
    group.bench_with_input(BenchmarkId::new("typed", cancels), body, |b, body| {
        b.iter(|| portone_v1::json_body::decode::<PaymentResponse>(black_box(body)).unwrap())
    });
    group.bench_with_input(BenchmarkId::new("value", cancels), body, |b, body| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)).unwrap())
    });
    group.bench_with_input(BenchmarkId::new("typed_slice", cancels), body, |b, body| {
        b.iter(|| serde_json::from_slice::<PaymentResponse>(black_box(body)).unwrap())
    });
    group.bench_with_input(BenchmarkId::new("value_str", cancels), body, |b, body| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(body)).unwrap();
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        })
    });
}

/// The hand-written leaf decoders alone, 1,000 values at a time, against
/// the plain serde type of the same JSON: where typed decoding spends.
fn leaves(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_leaves_x1000");
    let ints = serde_json::to_vec(&(0..1000).map(|i| 1000 + i * 7).collect::<Vec<i64>>()).unwrap();
    let floats =
        serde_json::to_vec(&(0..1000).map(|i| 12.34 + i as f64).collect::<Vec<f64>>()).unwrap();
    let statuses = serde_json::to_vec(
        &(0..1000)
            .map(|i| ["paid", "cancelled", "ready", "paid", "failed"][i % 5])
            .collect::<Vec<_>>(),
    )
    .unwrap();
    group.bench_function("amount_int", |b| {
        b.iter(|| serde_json::from_slice::<Vec<portone_v1::Amount>>(black_box(&ints)).unwrap())
    });
    group.bench_function("i64", |b| {
        b.iter(|| serde_json::from_slice::<Vec<i64>>(black_box(&ints)).unwrap())
    });
    group.bench_function("amount_float", |b| {
        b.iter(|| serde_json::from_slice::<Vec<portone_v1::Amount>>(black_box(&floats)).unwrap())
    });
    group.bench_function("amount_float_via_format_old", |b| {
        b.iter(|| serde_json::from_slice::<Vec<FormattedAmount>>(black_box(&floats)).unwrap())
    });
    group.bench_function("f64", |b| {
        b.iter(|| serde_json::from_slice::<Vec<f64>>(black_box(&floats)).unwrap())
    });
    group.bench_function("payment_status", |b| {
        b.iter(|| {
            serde_json::from_slice::<Vec<portone_v1::PaymentStatus>>(black_box(&statuses)).unwrap()
        })
    });
    group.bench_function("payment_status_via_cow_old", |b| {
        b.iter(|| serde_json::from_slice::<Vec<CowStatus>>(black_box(&statuses)).unwrap())
    });
    group.bench_function("string", |b| {
        b.iter(|| serde_json::from_slice::<Vec<String>>(black_box(&statuses)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, decode, leaves);
criterion_main!(benches);
