//! [`ErrorChain`]: an error and its causes on one line.
//!
//! Each error of this crate says only what happened at its own level in
//! `Display` and hands on the cause through `source()`, as the Rust API
//! guidelines ask, so that reporters which walk `source()` themselves
//! (anyhow's `{:#}`, eyre, `tracing`'s error values) show each cause once.
//! A plain `{}` therefore shows the outermost level only; `ErrorChain` is the
//! walk for a program that prints an error itself (the command line does).

use std::error::Error;
use std::fmt;

/// Displays an error followed by each of its `source()`s, separated by
/// `": "`, the way anyhow's `{:#}` does.
///
/// ```
/// use portone_v1::error::ErrorChain;
///
/// # fn report(e: &portone_v1::CancelError) {
/// eprintln!("error: {}", ErrorChain::new(e));
/// # }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ErrorChain<'a>(&'a (dyn Error + 'static));

impl<'a> ErrorChain<'a> {
    /// The chain of `error`.
    pub fn new(error: &'a (dyn Error + 'static)) -> Self {
        ErrorChain(error)
    }
}

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut cause = self.0.source();
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}
