//! CPU time per cancel call, the crate and the hand-written baseline in
//! alternated blocks (perf/cancel-cpu.sh): a side-by-side figure that other
//! work on the machine disturbs far less than wall time.
//!
//! Each block makes CALLS calls of every variant (`raw` (the hand-written
//! reqwest + serde baseline), `portone`, `generated`, and `raw` again as the
//! A/A), in an order rotated from block to block, and reads the CPU time
//! the process's threads (client and server) were given, from
//! `/proc/self/task/*/schedstat` (nanoseconds; time spent waiting for a
//! core does not count). A variant's ratio is taken within each block,
//! against that block's `raw`, so slow and fast phases of the machine
//! cancel out; the report gives the median over the blocks and a bootstrap
//! 95 % interval of that median.
//!
//! Usage: `cancel_cpu MODE BLOCKS CALLS` (MODE `seq` or `c64`, as in
//! support/calls.rs); without arguments (`cargo test --benches`) two small
//! blocks as a smoke test. The same sides, setup and loops as cancel_e2e.
// The fixture's `json!` literal is deeper than the default limit.
#![recursion_limit = "256"]

mod support;

use support::calls::{Setup, run, setup};
use support::stats::{median_of, median_with_interval};

/// `raw2` is the baseline run again: the A/A.
const SIDES: [(&str, &str); 4] = [
    ("raw", "raw"),
    ("portone", "portone"),
    ("generated", "generated"),
    ("raw2", "raw"),
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (mode, blocks, calls) = match args.as_slice() {
        [mode, blocks, calls] => (
            mode.clone(),
            blocks.parse().expect("BLOCKS is a number"),
            calls.parse().expect("CALLS is a number"),
        ),
        [] => ("c64".to_string(), 2, 64),
        _ => panic!("usage: cancel_cpu seq|c64 BLOCKS CALLS"),
    };
    let s = setup();
    // Warm every side (connections, allocator, caches) before measuring.
    for (_, variant) in SIDES {
        run(&s, variant, &mode, calls);
    }
    let mut per_call: Vec<[f64; 4]> = Vec::with_capacity(blocks);
    for block in 0..blocks {
        let mut row = [0.0; 4];
        for i in 0..SIDES.len() {
            let side = (i + block) % SIDES.len();
            row[side] = cpu_per_call(&s, SIDES[side].1, &mode, calls);
        }
        per_call.push(row);
    }
    assert_eq!(s.crate_client.token_fetches(), 1, "token cache stayed warm");
    report(&mode, calls, &per_call);
}

fn cpu_per_call(s: &Setup, variant: &str, mode: &str, calls: u64) -> f64 {
    let before = cpu_ns();
    run(s, variant, mode, calls);
    (cpu_ns() - before) as f64 / calls as f64
}

/// Nanoseconds on a CPU of every thread of this process so far.
fn cpu_ns() -> u64 {
    let tasks = std::fs::read_dir("/proc/self/task").expect("/proc/self/task");
    tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|line| line.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

fn report(mode: &str, calls: u64, per_call: &[[f64; 4]]) {
    println!(
        "{mode}: {} blocks of {calls} calls per side; CPU per call (client + server threads)",
        per_call.len()
    );
    for (i, (name, _)) in SIDES.iter().enumerate() {
        let ns: Vec<f64> = per_call.iter().map(|row| row[i]).collect();
        let ratios: Vec<f64> = per_call.iter().map(|row| row[i] / row[0]).collect();
        let (median, low, high) = median_with_interval(&ratios);
        println!(
            "  {name:>9}: {:7.2} µs   ratio to raw {median:.3} [{low:.3}, {high:.3}]",
            median_of(&ns) / 1000.0
        );
        println!(
            "{{\"mode\":\"{mode}\",\"calls\":{calls},\"blocks\":{},\"side\":\"{name}\",\"median_ns\":{:.0},\"ratio\":{median:.4},\"ratio_low\":{low:.4},\"ratio_high\":{high:.4}}}",
            per_call.len(),
            median_of(&ns)
        );
    }
}
