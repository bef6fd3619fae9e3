//! Typed decoding against `serde_json::Value` as CPU time in alternated
//! blocks (perf/decode-cpu.sh): the same bodies as decode.rs (a card payment
//! with 1, 10 and 100 cancel_history entries, and 10 in USD), each block
//! decoding a body N times as `typed` (`PaymentResponse`), `value` and
//! `typed` again (the A/A), in a rotated order, timed by this thread's CPU
//! time (`CLOCK_THREAD_CPUTIME_ID`, so waiting for a core does not
//! count). `value`/`typed` is taken within each block; the report gives
//! the median over the blocks with a bootstrap 95 % interval: how many
//! times faster typed decoding is.
//!
//! Usage: `decode_cpu BLOCKS`; without arguments (`cargo test --benches`)
//! two blocks as a smoke test. `decode_cpu count typed|value BODY N` only
//! decodes body `BODY` (`1`, `10`, `100`, `usd`) N times, for valgrind to
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
        _ => panic!("usage: decode_cpu BLOCKS | decode_cpu count typed|value BODY N"),
    };
    let bodies = [
        ("1", support::payment_envelope(1)),
        ("10", support::payment_envelope(10)),
        ("100", support::payment_envelope(100)),
        ("10 USD", support::payment_envelope_usd(10)),
    ];
    for (name, body) in &bodies {
        // About 20 ms of decoding per side and block.
        let reps = (4_000_000 / body.len()).max(20);
        let typed = || {
            for _ in 0..reps {
                black_box(serde_json::from_slice::<PaymentResponse>(black_box(body)).unwrap());
            }
        };
        let value = || {
            for _ in 0..reps {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(body)).unwrap());
            }
        };
        typed();
        value();
        let mut speedups = Vec::with_capacity(blocks);
        let mut aa = Vec::with_capacity(blocks);
        for block in 0..blocks {
            let mut ns = [0u64; 3];
            for i in 0..3 {
                let side = (i + block) % 3;
                let before = support::cpu_clock::thread_ns();
                if side == 1 {
                    value()
                } else {
                    typed()
                }
                ns[side] = support::cpu_clock::thread_ns() - before;
            }
            speedups.push(ns[1] as f64 / ns[0] as f64);
            aa.push(ns[2] as f64 / ns[0] as f64);
        }
        let (m, lo, hi) = median_with_interval(&speedups);
        let (a, alo, ahi) = median_with_interval(&aa);
        println!(
            "{name:>7} ({} B, {reps} decodes per side and block): typed is {m:.2}× faster [{lo:.2}, {hi:.2}]; A/A typed2/typed {a:.3} [{alo:.3}, {ahi:.3}]",
            body.len()
        );
        println!(
            "{{\"body\":\"{name}\",\"bytes\":{},\"blocks\":{blocks},\"speedup\":{m:.4},\"speedup_low\":{lo:.4},\"speedup_high\":{hi:.4},\"aa\":{a:.4}}}",
            body.len()
        );
    }
}

/// The `count` mode: N decodes of one body as one side, nothing timed.
fn count_only(side: &str, body: &str, n: usize) {
    let body = match body {
        "usd" => support::payment_envelope_usd(10),
        cancels => support::payment_envelope(cancels.parse().expect("BODY is 1, 10, 100 or usd")),
    };
    for _ in 0..n {
        match side {
            "typed" => {
                black_box(serde_json::from_slice::<PaymentResponse>(black_box(&body)).unwrap());
            }
            "value" => {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(&body)).unwrap());
            }
            _ => panic!("side is typed or value"),
        }
    }
}
