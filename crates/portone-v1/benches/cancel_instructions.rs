//! A fixed number of cancel calls and nothing else, to be counted by
//! valgrind rather than timed (perf/cancel-instructions.sh): instructions
//! executed do not depend on what else the machine runs, so the crate's
//! per-call overhead over the hand-written baseline can be measured, and
//! located function by function (callgrind), on a busy 2-core machine.
//!
//! Usage: `cancel_instructions VARIANT MODE CALLS`
//! - VARIANT: `raw` (hand-written reqwest + serde, the baseline),
//!   `portone` (`PortOne::cancel`), `generated` (the generated call alone);
//! - MODE: `seq` (one call at a time) or `c64` (rounds of 64 concurrent
//!   callers, as in cancel_e2e's `cancel_concurrent_64`; CALLS is rounded
//!   up to a multiple of 64);
//! - the same sides, setup and loops as cancel_e2e (support/calls.rs).
//!
//! Setup (server, clients, token, first calls) costs the same for any
//! CALLS, so the script takes the difference of two runs. Without
//! arguments (`cargo test --benches`, `cargo bench`) it makes a few calls
//! of each variant and mode as a smoke test.
// The fixture's `json!` literal is deeper than the default limit.
#![recursion_limit = "256"]

mod support;

use support::calls::{MODES, VARIANTS, run, setup};

fn main() {
    // cargo passes `--bench` (and criterion-style options): not ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let s = setup();
    match args.as_slice() {
        [variant, mode, calls] => {
            let calls = calls.parse().expect("CALLS is a number");
            run(&s, variant, mode, calls);
        }
        [] => {
            for variant in VARIANTS {
                for mode in MODES {
                    run(&s, variant, mode, 64);
                }
            }
        }
        _ => panic!("usage: cancel_instructions raw|portone|generated seq|c64 CALLS"),
    }
    // Every measured call used the token fetched in setup.
    assert_eq!(s.crate_client.token_fetches(), 1, "token cache stayed warm");
}
