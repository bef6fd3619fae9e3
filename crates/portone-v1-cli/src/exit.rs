//! The exit codes, in one place: what each tells a script about the money.
//! 0 (`ExitCode::SUCCESS`) is success, and for a cancel that it refunded
//! (the payment is on stdout).

/// Failed, and for a cancel nothing was refunded: PortOne refused, or it
/// failed before the cancel was sent, or settling an unknown outcome
/// proved that this request refunded nothing.
pub const EXIT_FAILED: u8 = 1;
/// Invalid input: nothing was sent.
pub const EXIT_INVALID: u8 = 2;
/// The cancel may or may not have happened (a timeout, a cut connection,
/// a 5xx or an unreadable answer after it was sent), and nothing could
/// settle it. Read the payment before anything else.
pub const EXIT_UNKNOWN: u8 = 3;
