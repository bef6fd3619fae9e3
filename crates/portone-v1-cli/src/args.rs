//! Command-line arguments and their translation into a checked request.
//!
//! Only the flags of the inputs that the client's hand-written types set
//! (the target, the amount, the checksum, the refund account, the Naver Pay
//! requester) are written here, with their help taken from the spec; every
//! other input of an operation is a flag generated from the spec into
//! `flags.rs` and flattened in.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use portone_v1::{
    Amount, CancelAmount, CancelRequest, GetPaymentOptions, InvalidRequest, PgProvider, Requester,
    Target, VbankRefund,
};

use crate::flags::help::{cancel_payment as cancel_help, get_payment as payment_help};
use crate::flags::{CancelPaymentFlags, GetPaymentFlags};

/// Cancel (refund) or look up PortOne V1 payments, and verify their webhooks.
///
/// Credentials are read from PORTONE_IMP_KEY and PORTONE_IMP_SECRET (and
/// optionally PORTONE_API_URL, PORTONE_TIER), never from arguments.
#[derive(Debug, Parser)]
#[command(name = "portone-v1", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Cancel a payment in full (no --amount) or in part (--amount N).
    Cancel(Box<CancelArgs>),
    /// Print one payment as JSON.
    Payment(PaymentArgs),
    /// Print the payment of an order id as JSON (exit 1 when there is
    /// none); with --payment-status, only one in that status.
    Find(crate::find_cmd::FindArgs),
    /// Print a page of the payments of an order id as JSON (total,
    /// previous, next, list); with --payment-status, only those in that
    /// status.
    FindAll(crate::find_cmd::FindAllArgs),
    /// Receive PortOne webhooks on 127.0.0.1, verify each by reading its
    /// payment, and print one JSON line per verified webhook (like `stripe
    /// listen`).
    Listen(crate::listen::ListenArgs),
    /// Check the credentials: ask PortOne for a token once and print when
    /// it expires as JSON (now, expired_at; never the token itself).
    Token(crate::token_cmd::TokenArgs),
}

/// `portone-v1 cancel ...`
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["imp_uid", "merchant_uid", "resend"])))]
pub struct CancelArgs {
    #[arg(long, value_name = "ID", help = cancel_help::IMP_UID)]
    pub imp_uid: Option<String>,
    #[arg(long, value_name = "ID", help = cancel_help::MERCHANT_UID)]
    pub merchant_uid: Option<String>,
    /// Amount to cancel; omit it to cancel the whole remaining balance.
    #[arg(long, value_name = "N")]
    pub amount: Option<Amount>,
    #[arg(long, value_name = "N", help = cancel_help::CHECKSUM)]
    pub checksum: Option<Amount>,
    #[arg(long, value_name = "H", requires_all = ["refund_bank", "refund_account"], help = cancel_help::REFUND_HOLDER)]
    pub refund_holder: Option<String>,
    #[arg(long, value_name = "BANK", requires_all = ["refund_holder", "refund_account"], help = crate::refund_bank_arg::help())]
    pub refund_bank: Option<String>,
    #[arg(long, value_name = "ACC", requires_all = ["refund_holder", "refund_bank"], help = cancel_help::REFUND_ACCOUNT)]
    pub refund_account: Option<String>,
    #[arg(long, value_name = "TEL", requires = "refund_holder", help = cancel_help::REFUND_TEL)]
    pub refund_tel: Option<String>,
    #[arg(long, value_name = "WHO", help = cancel_help::EXTRA_REQUESTER)]
    pub requester: Option<Requester>,
    /// The other inputs of the cancel, generated from the spec.
    #[command(flatten)]
    pub flags: CancelPaymentFlags,
    /// Read the payment first and send its balance as --checksum; if the
    /// outcome is unknown, settle it by reading the payment again (exit 0
    /// or 1), and if that fails too, save the request and print the
    /// command that resends it (exit 3).
    #[arg(long, conflicts_with = "checksum")]
    pub guard: bool,
    /// Resend a request saved by --guard, unchanged; --checksum must repeat
    /// the checksum it was saved with. Takes no other request flag.
    #[arg(
        long,
        value_name = "FILE",
        requires = "checksum",
        conflicts_with_all = ["amount", "refund_holder", "refund_bank", "refund_account", "refund_tel", "requester", "guard"]
    )]
    pub resend: Option<PathBuf>,
    /// Where --guard saves a request it could not settle (default
    /// $XDG_STATE_HOME/portone-v1, or ~/.local/state/portone-v1).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// With --guard or --resend: seconds to wait before reading the payment
    /// a second time when its balance has not moved (a cancel may still be
    /// in flight); default: the client's, 5.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub settle_wait: Option<Duration>,
    /// API base URL (default https://api.iamport.kr, or PORTONE_API_URL).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// A number of seconds, fractions allowed (`0.5`).
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    Duration::try_from_secs_f64(secs)
        .map_err(|_| format!("`{text}` is not a usable number of seconds"))
}

impl CancelArgs {
    /// Whether a flag of the request itself was given besides --resend
    /// (which takes the whole request from its file): the hand-written
    /// ones are refused by clap, the generated ones are found by applying
    /// them to an empty request.
    pub fn request_flags_given(&self) -> bool {
        let probe =
            || CancelRequest::builder(Target::imp_uid("probe"), CancelAmount::FullRemaining);
        match (self.flags.apply(probe()).build(), probe().build()) {
            (Ok(with), Ok(without)) => with.to_wire() != without.to_wire(),
            _ => true,
        }
    }

    /// The checked request; an error names the flag's field. A bank name in
    /// --refund-bank is refused: it needs the payment's PG
    /// ([`to_request_for`](Self::to_request_for)).
    pub fn to_request(&self) -> Result<CancelRequest, InvalidRequest> {
        self.request(None)
    }

    /// The checked request for a payment at `pg` (read first, as --guard
    /// does): --refund-bank may be a bank name, sent as the PG's code, and
    /// a code the PG's table lacks is refused (`refund_bank_arg.rs`).
    pub fn to_request_for(&self, pg: &PgProvider) -> Result<CancelRequest, InvalidRequest> {
        self.request(Some(pg))
    }

    /// Whether --refund-bank names a bank rather than giving a code: then
    /// only [`to_request_for`](Self::to_request_for), with the PG of the
    /// payment read first, can build the request.
    pub fn refund_bank_is_name(&self) -> bool {
        self.refund_bank
            .as_deref()
            .is_some_and(|b| portone_v1::refund_banks::bank_named(b).is_some())
    }

    fn request(&self, pg: Option<&PgProvider>) -> Result<CancelRequest, InvalidRequest> {
        let target = match (&self.imp_uid, &self.merchant_uid) {
            (Some(i), None) => Target::imp_uid(i),
            (None, Some(m)) => Target::merchant_uid(m),
            _ => {
                return Err(InvalidRequest {
                    field: "imp_uid",
                    reason: "give exactly one of --imp-uid and --merchant-uid".into(),
                });
            }
        };
        let amount = match self.amount {
            None => CancelAmount::FullRemaining,
            Some(a) if a.is_zero() => {
                return Err(InvalidRequest {
                    field: "amount",
                    reason: "is 0, which PortOne reads as a full cancel; leave --amount out to cancel everything".into(),
                });
            }
            Some(a) => CancelAmount::Partial(a),
        };
        let mut b = CancelRequest::builder(target, amount);
        if let Some(v) = self.checksum {
            b = b.checksum(v);
        }
        if let (Some(h), Some(bank), Some(acc)) =
            (&self.refund_holder, &self.refund_bank, &self.refund_account)
        {
            let bank = crate::refund_bank_arg::code(bank, pg, self.guard)?;
            let mut refund = VbankRefund::new(h, bank, acc);
            if let Some(tel) = &self.refund_tel {
                refund = refund.tel(tel);
            }
            b = b.vbank_refund(refund);
        }
        if let Some(r) = self.requester {
            b = b.requester(r);
        }
        self.flags.apply(b).build()
    }
}

/// `portone-v1 payment IMP_UID ...`
#[derive(Debug, Args)]
pub struct PaymentArgs {
    #[arg(help = payment_help::IMP_UID)]
    pub imp_uid: String,
    /// The lookup's other inputs, generated from the spec.
    #[command(flatten)]
    pub flags: GetPaymentFlags,
    /// API base URL (default https://api.iamport.kr, or PORTONE_API_URL).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

impl PaymentArgs {
    /// The lookup's options.
    pub fn options(&self) -> GetPaymentOptions {
        self.flags.apply(GetPaymentOptions::new())
    }
}
