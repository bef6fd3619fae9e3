//! `portone-v1`: cancel or look up a PortOne V1 payment from the terminal.
//!
//! Credentials come only from the environment (`PORTONE_IMP_KEY`,
//! `PORTONE_IMP_SECRET`, optional `PORTONE_API_URL`, `PORTONE_TIER`), never
//! from argv, where other users of the machine could read them.
//!
//! Exit codes: 0 success (the payment as JSON on stdout); 2 invalid input,
//! nothing sent; 1 any failure after sending, with one line on stderr.

mod args;
// Generated from the spec by `cargo xtask generate`; `clone()` of a Copy
// value is how it treats every type alike.
#[rustfmt::skip]
#[allow(clippy::clone_on_copy)]
mod flags;
mod json_flag;

use std::process::ExitCode;

use clap::Parser;
use portone_v1::error::ErrorChain;
use portone_v1::{CancelError, ClientBuilder, GetPaymentError, PortOne};

use crate::args::{Cli, Command};

/// Exit code for invalid input: nothing was sent.
const EXIT_INVALID: u8 = 2;
/// Exit code for a failure after sending.
const EXIT_FAILED: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    runtime.block_on(run(cli))
}

fn client(base_url: Option<&str>) -> Result<PortOne, ExitCode> {
    let mut builder = ClientBuilder::from_env().map_err(invalid)?;
    if let Some(url) = base_url {
        builder = builder.base_url(url);
    }
    builder.build().map_err(invalid)
}

fn invalid(e: impl std::error::Error + 'static) -> ExitCode {
    eprintln!("error: {}", ErrorChain::new(&e));
    ExitCode::from(EXIT_INVALID)
}

/// A failure after sending: the error and every cause on one line (each
/// error's `Display` says only its own level), then exit 1.
fn failed(e: &(dyn std::error::Error + 'static)) -> ExitCode {
    eprintln!("error: {}", ErrorChain::new(e));
    ExitCode::from(EXIT_FAILED)
}

fn print_payment(payment: &portone_v1::Payment) -> ExitCode {
    match serde_json::to_string_pretty(payment) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: could not print the payment: {e}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Cancel(args) => {
            // Validate everything before reading credentials or sending.
            let request = match args.to_request() {
                Ok(r) => r,
                Err(e) => return invalid(e),
            };
            let client = match client(args.base_url.as_deref()) {
                Ok(c) => c,
                Err(code) => return code,
            };
            match client.cancel(&request).await {
                Ok(payment) => print_payment(&payment),
                Err(CancelError::InvalidRequest(e)) => invalid(e),
                Err(e) => failed(&e),
            }
        }
        Command::Payment(args) => {
            let client = match client(args.base_url.as_deref()) {
                Ok(c) => c,
                Err(code) => return code,
            };
            match client
                .get_payment_with(&args.imp_uid, &args.options())
                .await
            {
                Ok(payment) => print_payment(&payment),
                Err(GetPaymentError::InvalidRequest(e)) => invalid(e),
                Err(e) => failed(&e),
            }
        }
    }
}
