//! The cancel request, with the API's rules made into types and checks.
//!
//! - The target is exactly one of imp_uid / merchant_uid ([`Target`]); both
//!   may be sent, as the API documents, and then imp_uid wins.
//! - The amount is either the whole remaining balance or a positive partial
//!   amount ([`CancelAmount`]); there is no default, so a forgotten amount can
//!   never turn into a full refund by accident, and 0 is never sent.
//! - A virtual-account refund is one value ([`VbankRefund`]): holder, bank and
//!   account come together or not at all.
//! - Lengths and one-of rules are checked by [`CancelRequestBuilder::build`]
//!   before any network call, with an error naming the field.
//! - No text field may hold a control character (Unicode `Cc`: a pasted
//!   newline, tab or NUL). The spec does not forbid them, but in an id, a
//!   reason or a refund account they are almost always a copy-paste slip,
//!   and what PortOne or a PG does with them is documented nowhere.

use crate::error::InvalidRequest;
use crate::generated::types::{CancelExtra, CancelPaymentRequest, CancelRequester};
use crate::money::Amount;

/// Which payment to cancel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// By PortOne id (at most 32 characters).
    ImpUid(String),
    /// By the merchant's order id (at most 40 characters).
    MerchantUid(String),
    /// Both: the API uses `imp_uid` and ignores `merchant_uid` for lookup.
    Both {
        /// PortOne id; it wins.
        imp_uid: String,
        /// Merchant order id.
        merchant_uid: String,
    },
}

impl Target {
    /// By PortOne id.
    pub fn imp_uid(id: impl Into<String>) -> Self {
        Target::ImpUid(id.into())
    }

    /// By merchant order id.
    pub fn merchant_uid(id: impl Into<String>) -> Self {
        Target::MerchantUid(id.into())
    }

    /// The imp_uid, if given.
    pub fn imp_uid_str(&self) -> Option<&str> {
        match self {
            Target::ImpUid(id) | Target::Both { imp_uid: id, .. } => Some(id),
            Target::MerchantUid(_) => None,
        }
    }
}

/// How much to cancel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelAmount {
    /// Everything still cancellable (the `amount` field is left out).
    FullRemaining,
    /// This much; must be positive.
    Partial(Amount),
}

impl CancelAmount {
    /// A partial cancel of `amount`.
    pub fn partial(amount: impl Into<Amount>) -> Self {
        CancelAmount::Partial(amount.into())
    }
}

/// Refund account for a virtual-account (vbank) payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VbankRefund {
    /// Account holder (at most 16 characters).
    pub holder: String,
    /// Bank code from the PG's table (at most 4 characters).
    pub bank: String,
    /// Account number (at most 16 characters).
    pub account: String,
    /// Holder's phone (at most 16 characters); some PGs need it.
    pub tel: Option<String>,
}

impl VbankRefund {
    /// Holder, bank code and account number.
    pub fn new(
        holder: impl Into<String>,
        bank: impl Into<String>,
        account: impl Into<String>,
    ) -> Self {
        VbankRefund {
            holder: holder.into(),
            bank: bank.into(),
            account: account.into(),
            tel: None,
        }
    }

    /// Adds the holder's phone number.
    pub fn tel(mut self, tel: impl Into<String>) -> Self {
        self.tel = Some(tel.into());
        self
    }
}

/// Who asks for a Naver Pay cancel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requester {
    /// The buyer.
    Customer,
    /// The merchant's staff (the API's default).
    Admin,
}

/// A validated cancel request. Build it with [`CancelRequest::builder`].
#[derive(Debug, Clone, PartialEq)]
pub struct CancelRequest {
    target: Target,
    amount: CancelAmount,
    wire: CancelPaymentRequest,
}

impl CancelRequest {
    /// Starts a request: which payment, and how much (no default).
    pub fn builder(target: Target, amount: CancelAmount) -> CancelRequestBuilder {
        CancelRequestBuilder {
            target,
            amount,
            checksum: None,
            tax_free: None,
            vat_amount: None,
            reason: None,
            refund: None,
            requester: None,
            retain_promotion: None,
            enable_webhook: None,
        }
    }

    /// The target.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The amount.
    pub fn amount(&self) -> CancelAmount {
        self.amount
    }

    /// The checksum, if set.
    pub fn checksum(&self) -> Option<Amount> {
        self.wire.checksum
    }

    /// The body sent on the wire.
    pub fn to_wire(&self) -> &CancelPaymentRequest {
        &self.wire
    }

    /// A copy with `checksum` set (used by `cancel_with_checksum`).
    pub fn with_checksum(&self, checksum: Amount) -> Result<CancelRequest, InvalidRequest> {
        check_amount("checksum", checksum, false)?;
        let mut copy = self.clone();
        copy.wire.checksum = Some(checksum);
        Ok(copy)
    }
}

/// Builder for [`CancelRequest`]; [`build`](Self::build) checks every rule.
#[derive(Debug, Clone)]
pub struct CancelRequestBuilder {
    target: Target,
    amount: CancelAmount,
    checksum: Option<Amount>,
    tax_free: Option<Amount>,
    vat_amount: Option<Amount>,
    reason: Option<String>,
    refund: Option<VbankRefund>,
    requester: Option<Requester>,
    retain_promotion: Option<bool>,
    enable_webhook: Option<bool>,
}

impl CancelRequestBuilder {
    /// The cancellable balance you believe PortOne holds before this cancel;
    /// PortOne cancels nothing if its balance differs (double-refund guard).
    pub fn checksum(mut self, balance: impl Into<Amount>) -> Self {
        self.checksum = Some(balance.into());
        self
    }

    /// The tax-free part of the cancelled amount.
    pub fn tax_free(mut self, amount: impl Into<Amount>) -> Self {
        self.tax_free = Some(amount.into());
        self
    }

    /// The VAT part of the cancelled amount (needed if VAT was set at payment).
    pub fn vat_amount(mut self, amount: impl Into<Amount>) -> Self {
        self.vat_amount = Some(amount.into());
        self
    }

    /// Why (at most 256 characters; Naver Pay requires one).
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Refund account for a virtual-account payment.
    pub fn vbank_refund(mut self, refund: VbankRefund) -> Self {
        self.refund = Some(refund);
        self
    }

    /// Naver Pay: who asks for the cancel.
    pub fn requester(mut self, requester: Requester) -> Self {
        self.requester = Some(requester);
        self
    }

    /// Keep a promotion even if the remaining amount breaks its terms.
    pub fn retain_promotion(mut self, retain: bool) -> Self {
        self.retain_promotion = Some(retain);
        self
    }

    /// Send the merchant's cancel webhook on success.
    pub fn enable_webhook(mut self, enable: bool) -> Self {
        self.enable_webhook = Some(enable);
        self
    }

    /// Checks every rule (lengths, no control characters in text, amounts
    /// positive or not negative and within the checksum); nothing is sent
    /// if one fails.
    pub fn build(self) -> Result<CancelRequest, InvalidRequest> {
        let mut wire = CancelPaymentRequest::default();
        match &self.target {
            Target::ImpUid(id) => wire.imp_uid = Some(text("imp_uid", id, 1, 32)?),
            Target::MerchantUid(id) => wire.merchant_uid = Some(text("merchant_uid", id, 1, 40)?),
            Target::Both {
                imp_uid,
                merchant_uid,
            } => {
                wire.imp_uid = Some(text("imp_uid", imp_uid, 1, 32)?);
                wire.merchant_uid = Some(text("merchant_uid", merchant_uid, 1, 40)?);
            }
        }
        if let CancelAmount::Partial(amount) = self.amount {
            check_amount("amount", amount, true)?;
            wire.amount = Some(amount);
        }
        if let Some(checksum) = self.checksum {
            check_amount("checksum", checksum, false)?;
            if let CancelAmount::Partial(amount) = self.amount
                && amount > checksum
            {
                return Err(invalid(
                    "amount",
                    format!("{amount} is more than the checksum balance {checksum}"),
                ));
            }
            wire.checksum = Some(checksum);
        }
        for (field, value) in [("tax_free", self.tax_free), ("vat_amount", self.vat_amount)] {
            if let Some(v) = value {
                check_amount(field, v, false)?;
                if let CancelAmount::Partial(amount) = self.amount
                    && v > amount
                {
                    return Err(invalid(
                        field,
                        format!("{v} is more than the cancelled amount {amount}"),
                    ));
                }
            }
        }
        wire.tax_free = self.tax_free;
        wire.vat_amount = self.vat_amount;
        if let Some(reason) = &self.reason {
            wire.reason = Some(text("reason", reason, 0, 256)?);
        }
        if let Some(refund) = &self.refund {
            wire.refund_holder = Some(text("refund_holder", &refund.holder, 1, 16)?);
            wire.refund_bank = Some(text("refund_bank", &refund.bank, 1, 4)?);
            wire.refund_account = Some(text("refund_account", &refund.account, 1, 16)?);
            if let Some(tel) = &refund.tel {
                wire.refund_tel = Some(text("refund_tel", tel, 1, 16)?);
            }
        }
        if let Some(requester) = self.requester {
            wire.extra = Some(CancelExtra {
                requester: Some(match requester {
                    Requester::Customer => CancelRequester::Customer,
                    Requester::Admin => CancelRequester::Admin,
                }),
            });
        }
        wire.retain_promotion = self.retain_promotion;
        wire.enable_webhook = self.enable_webhook;
        Ok(CancelRequest {
            target: self.target,
            amount: self.amount,
            wire,
        })
    }
}

fn invalid(field: &'static str, reason: String) -> InvalidRequest {
    InvalidRequest { field, reason }
}

fn check_amount(field: &'static str, v: Amount, positive: bool) -> Result<(), InvalidRequest> {
    if positive && !v.is_positive() {
        return Err(invalid(
            field,
            format!(
                "must be positive, got {v}; for a full cancel use CancelAmount::FullRemaining (0 would cancel everything)"
            ),
        ));
    }
    if v.as_decimal().is_sign_negative() && !v.is_zero() {
        return Err(invalid(field, format!("must not be negative, got {v}")));
    }
    if !v.fits_json_number() {
        return Err(invalid(
            field,
            format!(
                "{v} has more than {} significant digits and would not survive a JSON number",
                crate::money::MAX_SIGNIFICANT_DIGITS
            ),
        ));
    }
    Ok(())
}

/// Checks a length in characters and converts to the generated newtype.
fn text<T>(field: &'static str, value: &str, min: usize, max: usize) -> Result<T, InvalidRequest>
where
    T: TryFrom<String>,
{
    let n = value.chars().count();
    if n < min {
        return Err(invalid(field, "must not be empty".to_string()));
    }
    if n > max {
        return Err(invalid(
            field,
            format!("is {n} characters long; the API allows at most {max}"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(field, "must not contain control characters".into()));
    }
    T::try_from(value.to_string())
        .map_err(|_| invalid(field, format!("is not accepted (length {min}..={max})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_cancel_leaves_amount_out() {
        let r = CancelRequest::builder(Target::imp_uid("imp_1"), CancelAmount::FullRemaining)
            .build()
            .unwrap();
        let json = serde_json::to_value(r.to_wire()).unwrap();
        assert_eq!(json, serde_json::json!({"imp_uid": "imp_1"}));
    }

    #[test]
    fn zero_or_negative_partial_is_refused() {
        for a in [0i64, -5] {
            let e = CancelRequest::builder(Target::imp_uid("imp_1"), CancelAmount::partial(a))
                .build()
                .unwrap_err();
            assert_eq!(e.field, "amount");
        }
    }

    #[test]
    fn lengths_are_checked_in_characters() {
        let e = CancelRequest::builder(
            Target::merchant_uid("가".repeat(41)),
            CancelAmount::FullRemaining,
        )
        .build()
        .unwrap_err();
        assert_eq!(e.field, "merchant_uid");
        assert!(e.reason.contains("41"), "{e}");
        assert!(
            CancelRequest::builder(
                Target::merchant_uid("가".repeat(40)),
                CancelAmount::FullRemaining
            )
            .build()
            .is_ok()
        );
        let e = CancelRequest::builder(Target::imp_uid("i"), CancelAmount::FullRemaining)
            .vbank_refund(VbankRefund::new("홍길동", "12345", "1"))
            .build()
            .unwrap_err();
        assert_eq!(e.field, "refund_bank");
    }

    #[test]
    fn partial_over_checksum_is_refused() {
        let e = CancelRequest::builder(Target::imp_uid("i"), CancelAmount::partial(5000))
            .checksum(4000)
            .build()
            .unwrap_err();
        assert_eq!(e.field, "amount");
    }
}
