//! `portone-v1 find` and `portone-v1 find-all`: the payments of an order id.
//!
//! The query flags (`--sorting`, `--page`, `--limit`) are generated from
//! the spec (`flags.rs`) and flattened in; `--payment-status` is written
//! here because it is not a query parameter: it picks the path
//! (`/payments/find/{merchant_uid}/{payment_status}`). Exit codes as for
//! every subcommand: 0 found (JSON on stdout), 1 not found or any failure
//! after sending, 2 invalid input, nothing sent.

use std::process::ExitCode;

use clap::Args;
use portone_v1::{
    FindPaymentError, FindPaymentOptions, FindPaymentsError, FindPaymentsOptions,
    PaymentStatusFilter,
};

use crate::flags::help::{find_payment as find_help, find_payment_with_status as status_help};
use crate::flags::{FindPaymentFlags, FindPaymentsFlags};

/// `portone-v1 find MERCHANT_UID ...`
#[derive(Debug, Args)]
pub struct FindArgs {
    #[arg(value_name = "MERCHANT_UID", help = find_help::MERCHANT_UID)]
    pub merchant_uid: String,
    #[arg(long, value_name = "STATUS", help = status_help::PAYMENT_STATUS)]
    pub payment_status: Option<PaymentStatusFilter>,
    /// The lookup's other inputs, generated from the spec.
    #[command(flatten)]
    pub flags: FindPaymentFlags,
    /// API base URL (default https://api.iamport.kr, or PORTONE_API_URL).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// `portone-v1 find-all MERCHANT_UID ...`
#[derive(Debug, Args)]
pub struct FindAllArgs {
    #[arg(value_name = "MERCHANT_UID", help = find_help::MERCHANT_UID)]
    pub merchant_uid: String,
    #[arg(long, value_name = "STATUS", help = status_help::PAYMENT_STATUS)]
    pub payment_status: Option<PaymentStatusFilter>,
    /// The lookup's other inputs (the page, its size, the order),
    /// generated from the spec.
    #[command(flatten)]
    pub flags: FindPaymentsFlags,
    /// API base URL (default https://api.iamport.kr, or PORTONE_API_URL).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// Prints the payment of the order id as JSON; no such payment is exit 1.
pub async fn find(args: &FindArgs) -> ExitCode {
    let client = match crate::client(args.base_url.as_deref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let options = args.flags.apply(FindPaymentOptions::new());
    match client
        .find_payment(&args.merchant_uid, args.payment_status, &options)
        .await
    {
        Ok(payment) => crate::print_json(&payment),
        Err(FindPaymentError::InvalidRequest(e)) => crate::invalid(e),
        Err(e) => crate::failed(&e),
    }
}

/// Prints one page of the payments of the order id as JSON (`total`,
/// `previous`, `next`, `list`); no payment at all is exit 1.
pub async fn find_all(args: &FindAllArgs) -> ExitCode {
    let client = match crate::client(args.base_url.as_deref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let options = args.flags.apply(FindPaymentsOptions::new());
    match client
        .find_payments(&args.merchant_uid, args.payment_status, &options)
        .await
    {
        Ok(page) => crate::print_json(&page),
        Err(FindPaymentsError::InvalidRequest(e)) => crate::invalid(e),
        Err(e) => crate::failed(&e),
    }
}
