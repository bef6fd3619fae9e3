//! Command-line arguments and their translation into a checked request.
//!
//! Only the flags of the inputs that the client's hand-written types set
//! (the target, the amount, the checksum, the refund account, the Naver Pay
//! requester) are written here, with their help taken from the spec; every
//! other input of an operation is a flag generated from the spec into
//! `flags.rs` and flattened in.

use clap::{Args, Parser, Subcommand};
use portone_v1::{
    Amount, CancelAmount, CancelRequest, GetPaymentOptions, InvalidRequest, Requester, Target,
    VbankRefund,
};

use crate::flags::help::{cancel_payment as cancel_help, get_payment as payment_help};
use crate::flags::{CancelPaymentFlags, GetPaymentFlags};

/// Cancel (refund) or look up PortOne V1 payments.
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
}

/// `portone-v1 cancel ...`
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["imp_uid", "merchant_uid"])))]
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
    #[arg(long, value_name = "CODE", requires_all = ["refund_holder", "refund_account"], help = cancel_help::REFUND_BANK)]
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
    /// API base URL (default https://api.iamport.kr, or PORTONE_API_URL).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

impl CancelArgs {
    /// The checked request; an error names the flag's field.
    pub fn to_request(&self) -> Result<CancelRequest, InvalidRequest> {
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
