//! Typed decoding against `serde_json::Value` as CPU time in alternated
//! blocks (perf/decode-cpu.sh): the same bodies as decode.rs (a card payment
//! with 1, 10 and 100 cancel_history entries, and 10 in USD), each block
//! decoding a body N times per side, in a rotated order, timed by this
//! thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`, so waiting for a core does
//! not count). The sides ([`SIDES`]):
//! - `typed`: `PaymentResponse` as the client reads it
//!   (`portone_v1::json_body::decode`), and `typed2`, the same again (A/A);
//! - `value`: `serde_json::from_slice::<Value>`, what `reqwest`'s
//!   `Response::json` does: the goal's baseline;
//! - `value_str`: `Value` given json_body's treatment (one UTF-8 check, then
//!   `from_str`), a stricter baseline;
//! - `typed_slice`: the typed decode through `from_slice`, as before
//!   json_body.
//!
//! Ratios are taken within each block against that block's `typed`; the
//! report gives the median over the blocks with a bootstrap 95 % interval:
//! how many times faster typed decoding is.
//!
//! Usage: `decode_cpu BLOCKS`; without arguments (`cargo test --benches`)
//! two blocks as a smoke test. `decode_cpu count SIDE BODY N` only decodes
//! body `BODY` (`1`, `10`, `100`, `usd`) N times as SIDE, for valgrind to
//! count instructions: the difference of two such runs divided by the
//! difference of their N is the cost of one decode, setup excluded.
// The fixture's `json!` literal is deeper than the default limit.
#![recursion_limit = "256"]

mod support;

use std::hint::black_box;

use portone_v1::PaymentResponse;
use support::stats::median_with_interval;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let blocks: usize = match args.as_slice() {
        [blocks] => blocks.parse().expect("BLOCKS is a number"),
        [] => 2,
        [count, side, body, n] if count == "count" => {
            return count_only(side, body, n.parse().expect("N is a number"));
        }
        _ => panic!("usage: decode_cpu BLOCKS | decode_cpu count SIDE BODY N"),
    };
    let bodies = [
        ("1", support::payment_envelope(1)),
        ("10", support::payment_envelope(10)),
        ("100", support::payment_envelope(100)),
        ("10 USD", support::payment_envelope_usd(10)),
    ];
    for (side, how) in SIDES {
        println!("{side:>11}: {how}");
    }
    for (name, body) in &bodies {
        // About 20 ms of decoding per side and block.
        let reps = (4_000_000 / body.len()).max(20);
        let run = |side: &str| {
            let decode = decoder(side);
            for _ in 0..reps {
                decode(body);
            }
        };
        for (side, _) in SIDES {
            run(side);
        }
        let mut ratios: Vec<Vec<f64>> = vec![Vec::with_capacity(blocks); SIDES.len()];
        for block in 0..blocks {
            let mut ns = [0u64; SIDES.len()];
            for i in 0..SIDES.len() {
                let k = (i + block) % SIDES.len();
                let before = support::cpu_clock::thread_ns();
                run(SIDES[k].0);
                ns[k] = support::cpu_clock::thread_ns() - before;
            }
            for (k, r) in ratios.iter_mut().enumerate() {
                r.push(ns[k] as f64 / ns[0] as f64);
            }
        }
        let [_, value, value_str, slice, aa] =
            [0, 1, 2, 3, 4].map(|k| median_with_interval(&ratios[k]));
        let shown = |(m, lo, hi): (f64, f64, f64)| format!("{m:.3} [{lo:.3}, {hi:.3}]");
        println!(
            "{name:>7} ({} B, {reps} decodes per side and block): typed is {}× faster than value, {}× than value_str; typed_slice/typed {}; A/A typed2/typed {}",
            body.len(),
            shown(value),
            shown(value_str),
            shown(slice),
            shown(aa)
        );
        let row = serde_json::json!({
            "body": name, "bytes": body.len(), "blocks": blocks,
            "speedup": value.0, "speedup_low": value.1, "speedup_high": value.2,
            "vs_value_str": value_str.0, "vs_value_str_low": value_str.1,
            "vs_value_str_high": value_str.2,
            "slice_over_typed": slice.0, "aa": aa.0,
        });
        println!("{row}");
    }
}

/// The sides of a block, `typed` first (the ratios' denominator), each
/// with what it decodes through.
const SIDES: [(&str, &str); 5] = [
    ("typed", "portone_v1::json_body::decode::<PaymentResponse>"),
    ("value", "serde_json::from_slice::<Value>"),
    (
        "value_str",
        "str::from_utf8, then serde_json::from_str::<Value>",
    ),
    ("typed_slice", "serde_json::from_slice::<PaymentResponse>"),
    (
        "typed2",
        "portone_v1::json_body::decode::<PaymentResponse> (A/A)",
    ),
];

/// How `side` decodes a body (see [`SIDES`]): looked up once per run, so
/// that no side pays for the lookup inside its timed loop.
fn decoder(side: &str) -> fn(&[u8]) {
    fn typed(body: &[u8]) {
        black_box(portone_v1::json_body::decode::<PaymentResponse>(black_box(body)).unwrap());
    }
    fn value(body: &[u8]) {
        black_box(serde_json::from_slice::<serde_json::Value>(black_box(body)).unwrap());
    }
    fn value_str(body: &[u8]) {
        let text = std::str::from_utf8(black_box(body)).unwrap();
        black_box(serde_json::from_str::<serde_json::Value>(text).unwrap());
    }
    fn typed_slice(body: &[u8]) {
        black_box(serde_json::from_slice::<PaymentResponse>(black_box(body)).unwrap());
    }
    match side {
        "typed" | "typed2" => typed,
        "value" => value,
        "value_str" => value_str,
        "typed_slice" => typed_slice,
        _ => panic!("unknown side {side:?}: one of {:?}", SIDES.map(|s| s.0)),
    }
}

/// The `count` mode: N decodes of one body as one side, nothing timed.
fn count_only(side: &str, body: &str, n: usize) {
    let body = match body {
        "usd" => support::payment_envelope_usd(10),
        cancels => support::payment_envelope(cancels.parse().expect("BODY is 1, 10, 100 or usd")),
    };
    let decode = decoder(side);
    for _ in 0..n {
        decode(&body);
    }
}
