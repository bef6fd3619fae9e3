//! `portone-v1 cancel`: a plain cancel, a guarded one (`--guard`) and the
//! resend of a saved guarded request (`--resend FILE`), each ending with
//! one of the exit codes of `exit.rs`:
//!
//! - plain: 0 refunded; 1 refused, or failed before sending; 3 outcome
//!   unknown, with the advice to read the payment before anything else
//!   (never to take a checksum from a read made after the attempt: it
//!   would match the balance left by a refund that went through);
//! - `--guard`: reads the payment (`PortOne::guard_cancel`), sends the
//!   request with its balance as checksum, and settles an unknown outcome
//!   with `PortOne::reconcile_with`: 0 it refunded, 1 it did not (balance
//!   unchanged, or moved by other refunds); when even that fails, saves
//!   the request (`state_file.rs`, mode 0600) and prints the command that
//!   resends it, then 3;
//! - `--resend FILE --checksum N`: sends the saved request unchanged, and
//!   settles any failure the same way (a refusal may mean that an earlier
//!   send of it went through).
//!
//! Nothing here prints the request's text fields: the refund account goes
//! only into the saved file.

use std::path::Path;
use std::process::ExitCode;

use portone_v1::error::ErrorChain;
use portone_v1::reconcile::{DEFAULT_READ_PAUSE, DEFAULT_SETTLE_WAIT};
use portone_v1::{
    CancelError, CancelOutcome, CancelRequest, FindPaymentOptions, InvalidRequest,
    PaymentCancellation, PaymentStatusFilter, PgProvider, PortOne, PreparedCancel,
    ReconcileOptions, Target,
};

use crate::args::CancelArgs;
use crate::exit::{EXIT_FAILED, EXIT_UNKNOWN};
use crate::state_file;
use crate::{client, failed, invalid, print_json};

/// Runs `portone-v1 cancel ...`.
pub async fn run(args: &CancelArgs) -> ExitCode {
    if let Some(path) = &args.resend {
        return resend(args, path).await;
    }
    if args.guard && args.refund_bank_is_name() {
        // A bank name is sent as the code of the payment's PG, which only
        // a read of the payment tells: read it, then build and guard.
        let client = match client(args.base_url.as_deref()) {
            Ok(c) => c,
            Err(code) => return code,
        };
        let pg = match payment_pg(args, &client).await {
            Ok(pg) => pg,
            Err(code) => return code,
        };
        let request = match args.to_request_for(&pg) {
            Ok(r) => r,
            Err(e) => return invalid(e),
        };
        return guarded(args, &client, &request).await;
    }
    // Validate everything before reading credentials or sending.
    let request = match args.to_request() {
        Ok(r) => r,
        Err(e) => return invalid(e),
    };
    let client = match client(args.base_url.as_deref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if args.guard {
        guarded(args, &client, &request).await
    } else {
        plain(&client, &request).await
    }
}

/// The PG of the payment a guarded cancel would hit (the payment by
/// imp_uid, or the order's paid one, as `guard_cancel` reads it). Only a
/// read was sent when this fails: nothing was cancelled (exit 1).
async fn payment_pg(args: &CancelArgs, client: &PortOne) -> Result<PgProvider, ExitCode> {
    let payment = match (&args.imp_uid, &args.merchant_uid) {
        (Some(imp_uid), _) => client.get_payment(imp_uid).await.map_err(|e| failed(&e))?,
        (None, Some(merchant_uid)) => client
            .find_payment(
                merchant_uid,
                Some(PaymentStatusFilter::Paid),
                &FindPaymentOptions::new(),
            )
            .await
            .map_err(|e| failed(&e))?,
        (None, None) => {
            return Err(invalid(InvalidRequest {
                field: "imp_uid",
                reason: "give exactly one of --imp-uid and --merchant-uid".into(),
            }));
        }
    };
    payment.pg_provider.ok_or_else(|| {
        invalid(InvalidRequest {
            field: "refund_bank",
            reason: "the payment names no pg_provider, so a bank name cannot be turned into its code; pass the code".into(),
        })
    })
}

/// One cancel as given; an unknown outcome is left to the user, with the
/// one safe first step.
async fn plain(client: &PortOne, request: &CancelRequest) -> ExitCode {
    match client.cancel(request).await {
        Ok(payment) => print_json(&payment),
        Err(CancelError::InvalidRequest(e)) => invalid(e),
        Err(e) if e.nothing_cancelled() => failed(&e),
        Err(e) => {
            eprintln!("error: {}", ErrorChain::new(&e));
            eprintln!("{}", unknown_advice(request));
            ExitCode::from(EXIT_UNKNOWN)
        }
    }
}

/// What to do after a plain cancel whose outcome is unknown.
fn unknown_advice(request: &CancelRequest) -> String {
    let read = match request.target() {
        Target::MerchantUid(m) => format!("portone-v1 find {}", shell_word(m)),
        target => format!(
            "portone-v1 payment {}",
            shell_word(target.imp_uid_str().unwrap_or_default())
        ),
    };
    let mut advice = format!(
        "outcome unknown: the refund may or may not have happened. Before anything else, read the \
         payment ({read}) and look for this refund in its cancel_history. Do not cancel again with \
         a checksum taken from a read made now: it would match the balance left by a refund that \
         went through, and refund twice."
    );
    if let Some(checksum) = request.checksum() {
        advice.push_str(&format!(
            " This cancel carried --checksum {checksum}: running the very same command again \
             refunds at most once (PortOne refuses it once the balance has moved)."
        ));
    }
    advice
}

/// `--guard`: read, send once with the balance as checksum, settle.
async fn guarded(args: &CancelArgs, client: &PortOne, request: &CancelRequest) -> ExitCode {
    let guard = match client.guard_cancel(request).await {
        Ok(guard) => guard,
        Err(CancelError::InvalidRequest(e)) => return invalid(e),
        // Only the read was sent: nothing was cancelled.
        Err(e) => return failed(&e),
    };
    match client.cancel(guard.request()).await {
        Ok(payment) => print_json(&payment),
        Err(CancelError::InvalidRequest(e)) => invalid(e),
        Err(e) if e.nothing_cancelled() => failed(&e),
        Err(e) => {
            eprintln!("error: {}", ErrorChain::new(&e));
            settle(args, client, &guard, None).await
        }
    }
}

/// `--resend FILE`: the saved request, unchanged.
async fn resend(args: &CancelArgs, path: &Path) -> ExitCode {
    if args.request_flags_given() {
        return invalid(InvalidRequest {
            field: "resend",
            reason:
                "takes the whole request from its file; leave out every other flag of the request"
                    .into(),
        });
    }
    let guard = match state_file::load(path) {
        Ok(guard) => guard,
        Err(e) => return invalid(e),
    };
    let saved = guard.balance_before();
    if args.checksum != Some(saved) {
        return invalid(InvalidRequest {
            field: "checksum",
            reason: format!(
                "must repeat the checksum the saved request was guarded with ({saved}): a resend is the same request, unchanged"
            ),
        });
    }
    let client = match client(args.base_url.as_deref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match client.cancel(guard.request()).await {
        Ok(payment) => {
            state_file::remove(path);
            print_json(&payment)
        }
        Err(CancelError::InvalidRequest(e)) => invalid(e),
        Err(e) => {
            eprintln!("error: {}", ErrorChain::new(&e));
            if e.nothing_cancelled() {
                eprintln!(
                    "note: an earlier send of this guarded request may have refunded; reading the payment to settle it"
                );
            }
            settle(args, &client, &guard, Some(path)).await
        }
    }
}

/// Reads the payment again to settle an unknown outcome (or a resend's
/// refusal): exit 0 refunded, 1 not, 3 still unknown (request saved).
async fn settle(
    args: &CancelArgs,
    client: &PortOne,
    guard: &PreparedCancel,
    saved: Option<&Path>,
) -> ExitCode {
    let wait = args.settle_wait.unwrap_or(DEFAULT_SETTLE_WAIT);
    // A short settle wait (a test's, a hurried user's) shortens the pause
    // between read retries too.
    let options = ReconcileOptions::new()
        .settle_wait(wait)
        .read_pause(wait.min(DEFAULT_READ_PAUSE));
    match client.reconcile_with(guard, &options).await {
        Ok(CancelOutcome::Refunded { entry, change }) => {
            eprintln!(
                "settled: the cancel went through: {} refunded ({}); balance {} -> {}",
                entry.amount,
                entry_id(&entry),
                change.balance_before,
                change.balance_now
            );
            if let Some(path) = saved {
                state_file::remove(path);
            }
            print_json(&change.payment)
        }
        Ok(CancelOutcome::NotRefunded { change }) => {
            eprintln!(
                "settled: nothing was refunded: the balance is still {} (read again after {}s)",
                change.balance_now,
                wait.as_secs_f64()
            );
            keep_for_resend(
                args,
                guard,
                saved,
                "to try again, resend this same request (safe even if the first send is still on its \
                 way: PortOne refuses whichever comes second)",
                "to try again, read the payment first",
            );
            ExitCode::from(EXIT_FAILED)
        }
        Ok(CancelOutcome::MovedOtherwise { change }) => {
            eprintln!(
                "settled: this cancel refunded nothing: the balance went from {} to {} by other refunds \
                 ({}); this guarded request can refund nothing any more",
                change.balance_before,
                change.balance_now,
                describe(&change.new_entries)
            );
            if let Some(path) = saved {
                state_file::remove(path);
            }
            ExitCode::from(EXIT_FAILED)
        }
        Ok(other) => {
            eprintln!(
                "error: reading the payment gave an outcome this version does not know: {other:?}"
            );
            keep_for_resend(
                args,
                guard,
                saved,
                "read the payment before anything else; to resend it unchanged",
                "read the payment before anything else",
            );
            ExitCode::from(EXIT_UNKNOWN)
        }
        Err(e) => {
            eprintln!("error: {}", ErrorChain::new(&e));
            let read = format!("portone-v1 payment {}", shell_word(guard.imp_uid()));
            let never = "never with a new --guard cancel: its fresh read would match the balance \
                         left by a refund that went through";
            keep_for_resend(
                args,
                guard,
                saved,
                &format!(
                    "before anything else, read the payment ({read}); to refund, resend the saved \
                     request unchanged (safe: PortOne refuses it once the balance has moved), {never}"
                ),
                &format!("before anything else, read the payment ({read}); to refund, {never}"),
            );
            ExitCode::from(EXIT_UNKNOWN)
        }
    }
}

/// Saves the guarded request (unless it came from a file) and prints
/// `advice` and the command that resends it, on a line of its own; if it
/// cannot be saved, says so and prints `unsaved_advice`.
fn keep_for_resend(
    args: &CancelArgs,
    guard: &PreparedCancel,
    saved: Option<&Path>,
    advice: &str,
    unsaved_advice: &str,
) {
    let path = match saved {
        Some(path) => Ok(path.to_path_buf()),
        None => state_file::state_dir(args.state_dir.as_deref()).and_then(|dir| {
            state_file::save(&dir, guard)
                .map_err(|e| format!("cannot write in {}: {e}", dir.display()))
        }),
    };
    match path {
        Ok(path) => {
            eprintln!(
                "the guarded request is saved in {} (mode 0600: it holds the whole request); {advice}:",
                path.display()
            );
            eprintln!("  {}", resend_command(args, guard, &path));
        }
        Err(e) => eprintln!(
            "error: the guarded request could not be saved ({e}; --state-dir DIR chooses where); \
             {unsaved_advice}"
        ),
    }
}

/// The command that resends the saved request unchanged.
fn resend_command(args: &CancelArgs, guard: &PreparedCancel, path: &Path) -> String {
    let mut command = format!(
        "portone-v1 cancel --resend {} --checksum {}",
        shell_word(&path.to_string_lossy()),
        guard.balance_before()
    );
    if let Some(url) = &args.base_url {
        command.push_str(&format!(" --base-url {}", shell_word(url)));
    }
    command
}

/// An entry's id for a person: its cancellation_id, else its pg_tid.
fn entry_id(entry: &PaymentCancellation) -> String {
    match (&entry.cancellation_id, &entry.pg_tid) {
        (Some(id), _) => format!("cancellation_id {id}"),
        (None, Some(tid)) => format!("pg_tid {tid}"),
        (None, None) => format!("cancelled_at {}", entry.cancelled_at),
    }
}

/// The new entries, one short phrase each.
fn describe(entries: &[PaymentCancellation]) -> String {
    if entries.is_empty() {
        return "no new cancel_history entry".into();
    }
    entries
        .iter()
        .map(|e| format!("{} refunded, {}", e.amount, entry_id(e)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `text` as one shell word: as it is when it is plain, else single-quoted.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
