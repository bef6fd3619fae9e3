//! CPU time for the alternated-block benches (cancel_cpu, decode_cpu).
//!
//! `clock_gettime`, not the schedstat files: the kernel brings a running
//! thread's schedstat up to date only at a scheduler tick (4 ms here), so on
//! an idle machine, where nothing preempts the bench, blocks of ~20 ms read
//! in whole ticks and every ratio came out as a multiple of 0.25.

/// Nanoseconds of CPU time of `clock` (`CLOCK_THREAD_CPUTIME_ID`: this
/// thread; `CLOCK_PROCESS_CPUTIME_ID`: every thread of the process).
fn read(clock: libc::clockid_t) -> u64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(clock, &mut t) };
    assert_eq!(rc, 0, "clock_gettime({clock})");
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

/// This thread's CPU time, in nanoseconds.
pub fn thread_ns() -> u64 {
    read(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// The CPU time of every thread of this process (client and server), in
/// nanoseconds.
pub fn process_ns() -> u64 {
    read(libc::CLOCK_PROCESS_CPUTIME_ID)
}
