//! Command-line arguments and their translation into a checked request.

use clap::{Args, Parser, Subcommand, ValueEnum};
use portone_v1::{
    Amount, CancelAmount, CancelRequest, InvalidRequest, Requester, Target, VbankRefund,
};

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

/// Who asks for a Naver Pay cancel.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RequesterArg {
    /// The buyer.
    Customer,
    /// The merchant's staff.
    Admin,
}

/// `portone-v1 cancel ...`
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["imp_uid", "merchant_uid"])))]
pub struct CancelArgs {
    /// PortOne id of the payment (at most 32 characters).
    #[arg(long, value_name = "ID")]
    pub imp_uid: Option<String>,
    /// Merchant order id (at most 40 characters).
    #[arg(long, value_name = "ID")]
    pub merchant_uid: Option<String>,
    /// Amount to cancel; omit it to cancel the whole remaining balance.
    #[arg(long, value_name = "N")]
    pub amount: Option<Amount>,
    /// The cancellable balance you expect; PortOne refuses if it differs.
    #[arg(long, value_name = "N")]
    pub checksum: Option<Amount>,
    /// Tax-free part of the cancelled amount.
    #[arg(long, value_name = "N")]
    pub tax_free: Option<Amount>,
    /// VAT part of the cancelled amount.
    #[arg(long, value_name = "N")]
    pub vat_amount: Option<Amount>,
    /// Why (at most 256 characters).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Refund account holder (virtual-account payments).
    #[arg(long, value_name = "H", requires_all = ["refund_bank", "refund_account"])]
    pub refund_holder: Option<String>,
    /// Refund bank code (virtual-account payments).
    #[arg(long, value_name = "CODE", requires_all = ["refund_holder", "refund_account"])]
    pub refund_bank: Option<String>,
    /// Refund account number (virtual-account payments).
    #[arg(long, value_name = "ACC", requires_all = ["refund_holder", "refund_bank"])]
    pub refund_account: Option<String>,
    /// Refund account holder's phone (some PGs need it).
    #[arg(long, value_name = "TEL", requires = "refund_holder")]
    pub refund_tel: Option<String>,
    /// Naver Pay: who asks for the cancel.
    #[arg(long, value_enum)]
    pub requester: Option<RequesterArg>,
    /// Keep a promotion even if the remaining amount breaks its terms.
    #[arg(long)]
    pub retain_promotion: bool,
    /// Send the merchant's cancel webhook on success.
    #[arg(long)]
    pub enable_webhook: bool,
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
        if let Some(v) = self.tax_free {
            b = b.tax_free(v);
        }
        if let Some(v) = self.vat_amount {
            b = b.vat_amount(v);
        }
        if let Some(v) = &self.reason {
            b = b.reason(v);
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
            b = b.requester(match r {
                RequesterArg::Customer => Requester::Customer,
                RequesterArg::Admin => Requester::Admin,
            });
        }
        if self.retain_promotion {
            b = b.retain_promotion(true);
        }
        if self.enable_webhook {
            b = b.enable_webhook(true);
        }
        b.build()
    }
}

/// `portone-v1 payment IMP_UID ...`
#[derive(Debug, Args)]
pub struct PaymentArgs {
    /// PortOne id of the payment.
    pub imp_uid: String,
    /// Also find payments made on a test channel.
    #[arg(long)]
    pub include_sandbox: bool,
    /// API base URL (default https://api.iamport.kr, or PORTONE_API_URL).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}
