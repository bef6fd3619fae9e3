//! CPU time per cancel call, the crate and the hand-written baseline in
//! alternated blocks (perf/cancel-cpu.sh): a side-by-side figure that other
//! work on the machine disturbs far less than wall time.
//!
//! Each block makes CALLS calls of every variant (`raw` (the hand-written
//! reqwest + serde baseline), `portone`, `generated`, and `raw` again as the
//! A/A), in an order rotated from block to block, and reads the CPU time
//! the process's threads (client and server) were given, from
//! `CLOCK_PROCESS_CPUTIME_ID` (nanoseconds; time spent waiting for a core
//! does not count). A variant's ratio is taken within each block,
//! against that block's `raw`, so slow and fast phases of the machine
//! cancel out; the report gives the median over the blocks and a bootstrap
//! 95 % interval of that median. Beside it, from `getrusage`, the share
//! of that time spent in the kernel and the context switches per call:
//! where a difference comes from when instruction counts
//! (perf/cancel-instructions.sh) do not explain it.
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
    let mut per_call: Vec<[Block; 4]> = Vec::with_capacity(blocks);
    for block in 0..blocks {
        let mut row = [Block::default(); 4];
        for i in 0..SIDES.len() {
            let side = (i + block) % SIDES.len();
            row[side] = measure(&s, SIDES[side].1, &mode, calls);
        }
        per_call.push(row);
    }
    assert_eq!(s.crate_client.token_fetches(), 1, "token cache stayed warm");
    report(&mode, calls, &per_call);
}

/// One side's block, per call.
#[derive(Clone, Copy, Default)]
struct Block {
    /// CPU time, nanoseconds (`clock_gettime`).
    cpu_ns: f64,
    /// The kernel's share of the CPU time (`getrusage`; its split between
    /// user and kernel time is sampled at scheduler ticks, so only a median
    /// over many blocks means something).
    sys_share: f64,
    /// Voluntary context switches (a thread went to sleep waiting).
    sleeps: f64,
}

fn measure(s: &Setup, variant: &str, mode: &str, calls: u64) -> Block {
    let (cpu, usage) = (support::cpu_clock::process_ns(), rusage());
    run(s, variant, mode, calls);
    let (cpu_after, usage_after) = (support::cpu_clock::process_ns(), rusage());
    let user = micros(usage_after.ru_utime) - micros(usage.ru_utime);
    let sys = micros(usage_after.ru_stime) - micros(usage.ru_stime);
    Block {
        cpu_ns: (cpu_after - cpu) as f64 / calls as f64,
        sys_share: if user + sys > 0.0 {
            sys / (user + sys)
        } else {
            0.0
        },
        sleeps: (usage_after.ru_nvcsw - usage.ru_nvcsw) as f64 / calls as f64,
    }
}

fn rusage() -> libc::rusage {
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage for the call's duration.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(rc, 0, "getrusage(RUSAGE_SELF)");
    usage
}

fn micros(t: libc::timeval) -> f64 {
    t.tv_sec as f64 * 1e6 + t.tv_usec as f64
}

fn report(mode: &str, calls: u64, per_call: &[[Block; 4]]) {
    println!(
        "{mode}: {} blocks of {calls} calls per side; CPU per call (client + server threads)",
        per_call.len()
    );
    for (i, (name, _)) in SIDES.iter().enumerate() {
        let median = |f: fn(&Block) -> f64| {
            median_of(&per_call.iter().map(|row| f(&row[i])).collect::<Vec<_>>())
        };
        let (ns, sys, sleeps) = (
            median(|b| b.cpu_ns),
            median(|b| b.sys_share),
            median(|b| b.sleeps),
        );
        let ratios: Vec<f64> = per_call
            .iter()
            .map(|row| row[i].cpu_ns / row[0].cpu_ns)
            .collect();
        let (ratio, low, high) = median_with_interval(&ratios);
        println!(
            "  {name:>9}: {:7.2} µs   ratio to raw {ratio:.3} [{low:.3}, {high:.3}]   kernel {:4.1} %   sleeps {sleeps:.2}/call",
            ns / 1000.0,
            sys * 100.0
        );
        println!(
            "{{\"mode\":\"{mode}\",\"calls\":{calls},\"blocks\":{},\"side\":\"{name}\",\"median_ns\":{ns:.0},\"ratio\":{ratio:.4},\"ratio_low\":{low:.4},\"ratio_high\":{high:.4},\"sys_share\":{sys:.4},\"sleeps_per_call\":{sleeps:.3}}}",
            per_call.len(),
        );
    }
}
