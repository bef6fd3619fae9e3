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
//!   before any network call, with an error naming the field. The limits
//!   are the spec's (generated rules in `inputs/operations.rs`), never
//!   written here.
//! - Every other property of the body (`reason`, `tax_free`,
//!   `retain_promotion`, ... and whatever the spec adds) has a setter
//!   generated from the spec on [`CancelRequestBuilder`], documented and
//!   checked from it; the properties these types set are declared in
//!   `xtask/src/generate/claims.rs`.
//! - No text field may hold a control character (Unicode `Cc`: a pasted
//!   newline, tab or NUL). The spec does not forbid them, but in an id, a
//!   reason or a refund account they are almost always a copy-paste slip,
//!   and what PortOne or a PG does with them is documented nowhere.

use serde_json::{Map, Value};

use crate::error::InvalidRequest;
use crate::generated::types::CancelPaymentRequest;
use crate::inputs::operations::cancel_payment::{CancelPaymentOptions, rules};
use crate::inputs::{Rule, put};
use crate::money::Amount;

/// Which payment to cancel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// By PortOne id.
    ImpUid(String),
    /// By the merchant's order id.
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
    /// Account holder (`refund_holder`).
    pub holder: String,
    /// Bank code from the PG's table (`refund_bank`).
    pub bank: String,
    /// Account number (`refund_account`).
    pub account: String,
    /// Holder's phone (`refund_tel`); some PGs need it.
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

/// Who asks for a Naver Pay cancel: the spec's `CancelRequester` (its values
/// are the spec's list, not restated here).
pub use crate::generated::types::CancelRequester as Requester;

/// A validated cancel request. Build it with [`CancelRequest::builder`].
#[derive(Debug, Clone, PartialEq)]
pub struct CancelRequest {
    target: Target,
    amount: CancelAmount,
    options: CancelPaymentOptions,
    wire: CancelPaymentRequest,
}

impl CancelRequest {
    /// Starts a request: which payment, and how much (no default).
    pub fn builder(target: Target, amount: CancelAmount) -> CancelRequestBuilder {
        CancelRequestBuilder {
            target,
            amount,
            checksum: None,
            refund: None,
            requester: None,
            options: CancelPaymentOptions::default(),
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

    /// The generated options (for their query parameters, if any).
    pub(crate) fn options(&self) -> &CancelPaymentOptions {
        &self.options
    }

    /// The request whose body is `wire`, a body this crate built, read back
    /// (a saved [`PreparedCancel`](crate::PreparedCancel)), and checked
    /// again: the generated types checked the lengths while reading it;
    /// here the target, the amounts, and no control character in any text.
    ///
    /// The generated options stay empty: the body already holds every body
    /// property, and the cancel call has no query parameter to keep.
    pub(crate) fn from_wire(wire: CancelPaymentRequest) -> Result<CancelRequest, InvalidRequest> {
        let imp_uid = wire.imp_uid.as_deref().map(String::as_str);
        let merchant_uid = wire.merchant_uid.as_deref().map(String::as_str);
        let target = match (imp_uid, merchant_uid) {
            (Some(i), None) => Target::imp_uid(i),
            (None, Some(m)) => Target::merchant_uid(m),
            (Some(i), Some(m)) => Target::Both {
                imp_uid: i.to_string(),
                merchant_uid: m.to_string(),
            },
            (None, None) => {
                return Err(invalid(
                    rules::IMP_UID.field,
                    "is missing, and so is merchant_uid: the request names no payment".into(),
                ));
            }
        };
        let amount = match wire.amount {
            None => CancelAmount::FullRemaining,
            Some(a) => {
                check_amount(rules::AMOUNT.field, a, true)?;
                CancelAmount::Partial(a)
            }
        };
        if let Some(checksum) = wire.checksum {
            check_amount(rules::CHECKSUM.field, checksum, false)?;
        }
        let body = serde_json::to_value(&wire).map_err(|_| {
            invalid(
                "request",
                "does not serialize; this is a bug, please report it".into(),
            )
        })?;
        if let Some(path) = control_character_at(&body, "") {
            return Err(invalid(
                "request",
                format!("`{path}` must not contain control characters"),
            ));
        }
        Ok(CancelRequest {
            target,
            amount,
            options: CancelPaymentOptions::default(),
            wire,
        })
    }

    /// A copy aimed at `target` instead, checked with the same rules
    /// (`prepare_cancel` names the imp_uid of the payment it read).
    pub(crate) fn with_target(&self, target: Target) -> Result<CancelRequest, InvalidRequest> {
        fn id<T: std::str::FromStr>(rule: Rule, value: &str) -> Result<T, InvalidRequest> {
            rule.text(value)?;
            value.parse().map_err(|_| {
                invalid(
                    rule.field,
                    "passes the spec's rules but not the generated type; this is a bug, please report it".into(),
                )
            })
        }
        let (imp_uid, merchant_uid) = match &target {
            Target::ImpUid(i) => (Some(i.as_str()), None),
            Target::MerchantUid(m) => (None, Some(m.as_str())),
            Target::Both {
                imp_uid,
                merchant_uid,
            } => (Some(imp_uid.as_str()), Some(merchant_uid.as_str())),
        };
        let mut copy = self.clone();
        copy.wire.imp_uid = imp_uid.map(|i| id(rules::IMP_UID, i)).transpose()?;
        copy.wire.merchant_uid = merchant_uid
            .map(|m| id(rules::MERCHANT_UID, m))
            .transpose()?;
        copy.target = target;
        Ok(copy)
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
///
/// The setters of the properties no type here models (`reason`,
/// `tax_free`, `vat_amount`, `retain_promotion`, `enable_webhook`, and any
/// the spec adds) are generated from the spec, with its descriptions.
#[derive(Debug, Clone)]
pub struct CancelRequestBuilder {
    target: Target,
    amount: CancelAmount,
    checksum: Option<Amount>,
    refund: Option<VbankRefund>,
    requester: Option<Requester>,
    /// Set by the generated setters.
    pub(crate) options: CancelPaymentOptions,
}

// The setters of every other property of the body, generated from the
// spec (`reason`, `tax_free`, `vat_amount`, `retain_promotion`,
// `enable_webhook`, ...). Included rather than written as an `impl` in the
// generated module, so that the generated code never names this file.
include!("inputs/cancel_payment_setters.rs");

impl CancelRequestBuilder {
    /// The cancellable balance you believe PortOne holds before this cancel;
    /// PortOne cancels nothing if its balance differs (double-refund guard).
    pub fn checksum(mut self, balance: impl Into<Amount>) -> Self {
        self.checksum = Some(balance.into());
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

    /// Checks every rule (lengths, no control characters in text, amounts
    /// positive or not negative and within the checksum); nothing is sent
    /// if one fails.
    pub fn build(self) -> Result<CancelRequest, InvalidRequest> {
        let mut body = Map::new();
        let mut target = |rule: Rule, id: &str| -> Result<(), InvalidRequest> {
            rule.text(id)?;
            put(&mut body, &[rule.field], &id);
            Ok(())
        };
        match &self.target {
            Target::ImpUid(id) => target(rules::IMP_UID, id)?,
            Target::MerchantUid(id) => target(rules::MERCHANT_UID, id)?,
            Target::Both {
                imp_uid,
                merchant_uid,
            } => {
                target(rules::IMP_UID, imp_uid)?;
                target(rules::MERCHANT_UID, merchant_uid)?;
            }
        }
        if let CancelAmount::Partial(amount) = self.amount {
            check_amount(rules::AMOUNT.field, amount, true)?;
            put(&mut body, &[rules::AMOUNT.field], &amount);
        }
        if let Some(checksum) = self.checksum {
            check_amount(rules::CHECKSUM.field, checksum, false)?;
            if let CancelAmount::Partial(amount) = self.amount
                && amount > checksum
            {
                return Err(invalid(
                    rules::AMOUNT.field,
                    format!("{amount} is more than the checksum balance {checksum}"),
                ));
            }
            put(&mut body, &[rules::CHECKSUM.field], &checksum);
        }
        // Money rules the spec cannot state: the parts of a cancelled sum
        // are never negative nor more than it.
        for (rule, value) in [
            (rules::TAX_FREE, self.options.tax_free),
            (rules::VAT_AMOUNT, self.options.vat_amount),
        ] {
            if let Some(v) = value {
                check_amount(rule.field, v, false)?;
                if let CancelAmount::Partial(amount) = self.amount
                    && v > amount
                {
                    return Err(invalid(
                        rule.field,
                        format!("{v} is more than the cancelled amount {amount}"),
                    ));
                }
            }
        }
        self.options.check()?;
        if let Some(refund) = &self.refund {
            let mut text = |rule: Rule, value: &str| -> Result<(), InvalidRequest> {
                rule.text(value)?;
                put(&mut body, &[rule.field], &value);
                Ok(())
            };
            text(rules::REFUND_HOLDER, &refund.holder)?;
            text(rules::REFUND_BANK, &refund.bank)?;
            text(rules::REFUND_ACCOUNT, &refund.account)?;
            if let Some(tel) = &refund.tel {
                text(rules::REFUND_TEL, tel)?;
            }
        }
        if let Some(requester) = self.requester {
            put(&mut body, &["extra", "requester"], &requester);
        }
        self.options.write_body(&mut body);
        // Every value was checked above with the spec's rules, so the
        // generated type takes the body; if it did not, the rules and the
        // type disagree (a bug), and no value is echoed (it may be a
        // refund account).
        // Read from `&Value` so that the body is still there to find the
        // path in (the bytes it serializes to, read again: only then).
        let body = Value::Object(body);
        let wire = <CancelPaymentRequest as serde::Deserialize>::deserialize(&body).map_err(|_| {
            let bytes = serde_json::to_vec(&body).unwrap_or_default();
            let path = match serde_json::from_slice::<CancelPaymentRequest>(&bytes) {
                Err(e) => crate::decode_error::json_path::at_error(&bytes, &e),
                Ok(_) => "?".to_string(),
            };
            invalid(
                "request",
                format!(
                    "the checked body does not fit the generated type at `{path}`; this is a bug, please report it"
                ),
            )
        })?;
        Ok(CancelRequest {
            target: self.target,
            amount: self.amount,
            options: self.options,
            wire,
        })
    }
}

/// The dotted path of the first text in `value` holding a control character.
fn control_character_at(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(s) => s.chars().any(char::is_control).then(|| path.to_string()),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let path = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            control_character_at(v, &path)
        }),
        _ => None,
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
