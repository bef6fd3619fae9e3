//! `portone-v1`: cancel or look up a PortOne V1 payment from the terminal.
//!
//! Credentials come only from the environment (`PORTONE_IMP_KEY`,
//! `PORTONE_IMP_SECRET`, optional `PORTONE_API_URL`, `PORTONE_TIER`), never
//! from argv, where other users of the machine could read them.
//!
//! Exit codes (`exit.rs`), the same for every subcommand: 0 success (the
//! payment as JSON on stdout; for a cancel, it refunded); 1 failed, and
//! for a cancel nothing was refunded (PortOne refused, it failed before
//! the cancel was sent, or settling proved it); 2 invalid input, nothing
//! sent; 3 the cancel's outcome is unknown (it was sent, and no answer or
//! read says whether it went through). Exit 1 used to cover that case too
//! (CHANGELOG).
//!
//! `cancel --guard` reads the payment first and sends its balance as
//! `checksum`; an unknown outcome is then settled by reading the payment
//! again (0 or 1), and only when that fails too is the request saved
//! (mode 0600, in `--state-dir`, `$XDG_STATE_HOME/portone-v1` or
//! `~/.local/state/portone-v1`) with the `cancel --resend FILE --checksum N`
//! command that sends it again unchanged, and 3. See `cancel_cmd.rs`.

mod args;
mod cancel_cmd;
mod exit;
mod find_cmd;
// Generated from the spec by `cargo xtask generate`; `clone()` of a Copy
// value is how it treats every type alike.
#[rustfmt::skip]
#[allow(clippy::clone_on_copy)]
mod flags;
mod json_flag;
mod listen;
mod refund_bank_arg;
mod state_file;
mod token_cmd;

use std::process::ExitCode;

use clap::Parser;
use portone_v1::error::ErrorChain;
use portone_v1::{ClientBuilder, GetPaymentError, PortOne};

use crate::args::{Cli, Command};

use crate::exit::{EXIT_FAILED, EXIT_INVALID};

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

/// A failure with nothing refunded: the error and every cause on one line
/// (each error's `Display` says only its own level), then exit 1.
fn failed(e: &(dyn std::error::Error + 'static)) -> ExitCode {
    eprintln!("error: {}", ErrorChain::new(e));
    ExitCode::from(EXIT_FAILED)
}

/// Prints `value` as JSON on stdout (exit 0), or says why it cannot (exit 1).
fn print_json<T: serde::Serialize>(value: &T) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: could not print the answer as JSON: {e}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Cancel(args) => cancel_cmd::run(&args).await,
        Command::Find(args) => find_cmd::find(&args).await,
        Command::FindAll(args) => find_cmd::find_all(&args).await,
        Command::Listen(args) => listen::run(args).await,
        Command::Token(args) => token_cmd::run(&args).await,
        Command::Payment(args) => {
            let client = match client(args.base_url.as_deref()) {
                Ok(c) => c,
                Err(code) => return code,
            };
            match client
                .get_payment_with(&args.imp_uid, &args.options())
                .await
            {
                Ok(payment) => print_json(&payment),
                Err(GetPaymentError::InvalidRequest(e)) => invalid(e),
                Err(e) => failed(&e),
            }
        }
    }
}
