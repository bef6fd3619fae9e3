//! The cancel rules of `POST /payments/cancel`, applied to the store.
//!
//! Refusals are HTTP 200 envelopes with a non-zero `code`: the two real
//! messages (`NOT_FOUND`, `ALREADY_CANCELLED`) and the fake's own for the
//! refusals whose real wording is not documented.

use portone_v1::CancelPaymentRequest;
use portone_v1::Payment;
use portone_v1::PaymentCancellation;
use portone_v1::money::Amount;
use portone_v1::open_enums::{PayMethod, PaymentStatus};
use serde_json::{Map, Value};

use crate::lenient;
use crate::payments::Payments;

/// Real message: no payment matches the ids (code 1).
pub const NOT_FOUND: &str = "취소할 결제건이 존재하지 않습니다.";
/// Real message: the payment is already fully cancelled (code 1).
pub const ALREADY_CANCELLED: &str = "이미 전액취소된 주문입니다.";
/// The fake's own: neither `imp_uid` nor `merchant_uid` was given.
pub const MISSING_ID: &str =
    "imp_uid 또는 merchant_uid 중 하나를 지정해야 합니다. (fake 자체 메시지)";
/// The fake's own prefix: the checksum differs from the balance.
pub const CHECKSUM_MISMATCH: &str =
    "checksum이 취소 가능 잔액과 일치하지 않아 취소하지 않았습니다.";
/// The fake's own prefix: more than the balance was asked for.
pub const OVER_BALANCE: &str = "취소 요청 금액이 취소 가능 잔액보다 큽니다.";
/// The fake's own: a negative amount.
pub const NEGATIVE_AMOUNT: &str = "취소 금액은 0보다 작을 수 없습니다. (fake 자체 메시지)";
/// The fake's own prefix: a virtual-account refund lacks refund fields.
pub const VBANK_REFUND_MISSING: &str = "가상계좌 환불에는 환불 계좌 정보가 필요합니다.";
/// The fake's own: a Naver Pay cancel without a reason.
pub const NAVERPAY_REASON_MISSING: &str =
    "네이버페이 결제를 취소하려면 reason이 필요합니다. (fake 자체 메시지)";
/// The fake's own prefix: the payment is not in a cancellable state.
pub const NOT_PAID: &str = "결제 완료(paid) 상태가 아니어서 취소할 수 없습니다.";
/// The fake's own prefix: `tax_free` or `vat_amount` exceeds the cancelled sum.
pub const PART_OVER_AMOUNT: &str = "면세 금액 또는 부가세가 취소 금액보다 큽니다.";

/// The `code` every cancel refusal carries (the documented refusals use 1).
pub const REFUSAL_CODE: i64 = 1;

/// A cancel request, read leniently: strings may be numbers and amounts
/// strings (form posts), empty strings count as absent.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct CancelInput {
    pub imp_uid: Option<String>,
    pub merchant_uid: Option<String>,
    pub amount: Option<Amount>,
    pub tax_free: Option<Amount>,
    pub vat_amount: Option<Amount>,
    pub checksum: Option<Amount>,
    pub reason: Option<String>,
    pub refund_holder: Option<String>,
    pub refund_bank: Option<String>,
    pub refund_account: Option<String>,
    /// Whether PortOne sends the webhook of this cancel (the fake's
    /// `actions::cancel` sends it only then).
    pub enable_webhook: bool,
}

impl CancelInput {
    /// Reads the fields the fake uses from a JSON object, through the
    /// generated request type: what the spec forbids (a length, an enum
    /// value, a wrong type) is an error naming the field, while form-style
    /// text (numbers and booleans as strings, empty fields) reads as
    /// PortOne reads it. Unknown fields are ignored, as a real server does.
    pub fn from_object(obj: &Map<String, Value>) -> Result<Self, String> {
        let request: CancelPaymentRequest = lenient::from_value(&Value::Object(obj.clone()))?;
        Ok(CancelInput {
            imp_uid: request.imp_uid.map(String::from),
            merchant_uid: request.merchant_uid.map(String::from),
            amount: request.amount,
            tax_free: request.tax_free,
            vat_amount: request.vat_amount,
            checksum: request.checksum,
            reason: request.reason.map(String::from),
            refund_holder: request.refund_holder.map(String::from),
            refund_bank: request.refund_bank.map(String::from),
            refund_account: request.refund_account.map(String::from),
            enable_webhook: request.enable_webhook == Some(true),
        })
    }
}

/// A refused cancel: nothing changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub code: i64,
    pub message: String,
}

fn refuse(message: impl Into<String>) -> Refusal {
    Refusal {
        code: REFUSAL_CODE,
        message: message.into(),
    }
}

/// What a successful cancel needs besides the request.
pub(crate) struct CancelContext {
    /// UNIX seconds.
    pub now: i64,
    /// Unique id for the new `cancel_history` entry.
    pub cancellation_id: String,
}

/// Finds the payment a cancel is about: `imp_uid` wins; by `merchant_uid`
/// the latest paid payment with that order id, else the latest one.
pub(crate) fn find_target<'a>(
    payments: &'a mut Payments,
    input: &CancelInput,
) -> Result<&'a mut Payment, Refusal> {
    let index = if let Some(imp_uid) = &input.imp_uid {
        payments.position(imp_uid)
    } else if let Some(merchant_uid) = &input.merchant_uid {
        let same = payments.positions_of_merchant_uid(merchant_uid);
        same.iter()
            .rev()
            .copied()
            .find(|&i| payments.as_slice()[i].status == PaymentStatus::Paid)
            .or_else(|| same.last().copied())
    } else {
        return Err(refuse(MISSING_ID));
    };
    index
        .map(|i| payments.at_mut(i))
        .ok_or_else(|| refuse(NOT_FOUND))
}

/// The balance still cancellable.
pub(crate) fn balance(p: &Payment) -> Amount {
    p.amount
        .checked_sub(p.cancel_amount)
        .unwrap_or(Amount::ZERO)
}

/// Applies one cancel to `p`, or refuses it leaving `p` untouched.
pub(crate) fn apply(
    p: &mut Payment,
    input: &CancelInput,
    ctx: CancelContext,
) -> Result<(), Refusal> {
    let balance = balance(p);
    if p.status == PaymentStatus::Cancelled || (p.amount.is_positive() && !balance.is_positive()) {
        return Err(refuse(ALREADY_CANCELLED));
    }
    if p.status != PaymentStatus::Paid {
        return Err(refuse(format!(
            "{NOT_PAID} (현재 상태: {}, fake 자체 메시지)",
            p.status
        )));
    }
    if let Some(checksum) = input.checksum
        && checksum != balance
    {
        return Err(refuse(format!(
            "{CHECKSUM_MISMATCH} (checksum: {checksum}, 잔액: {balance}, fake 자체 메시지)"
        )));
    }
    let amount = match input.amount {
        None => balance,
        Some(a) if a.is_zero() => balance,
        Some(a) if a < Amount::ZERO => return Err(refuse(NEGATIVE_AMOUNT)),
        Some(a) if a > balance => {
            return Err(refuse(format!(
                "{OVER_BALANCE} (요청: {a}, 잔액: {balance}, fake 자체 메시지)"
            )));
        }
        Some(a) => a,
    };
    for (name, part) in [
        ("tax_free", input.tax_free),
        ("vat_amount", input.vat_amount),
    ] {
        if let Some(part) = part
            && (part < Amount::ZERO || part > amount)
        {
            return Err(refuse(format!(
                "{PART_OVER_AMOUNT} ({name}: {part}, 취소 금액: {amount}, fake 자체 메시지)"
            )));
        }
    }
    if p.pay_method == Some(PayMethod::Vbank) {
        let missing: Vec<&str> = [
            ("refund_holder", &input.refund_holder),
            ("refund_bank", &input.refund_bank),
            ("refund_account", &input.refund_account),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| n)
        .collect();
        if !missing.is_empty() {
            return Err(refuse(format!(
                "{VBANK_REFUND_MISSING} (빠진 항목: {}, fake 자체 메시지)",
                missing.join(", ")
            )));
        }
    }
    if p.pay_method == Some(PayMethod::Naverpay) && input.reason.is_none() {
        return Err(refuse(NAVERPAY_REASON_MISSING));
    }

    // Every check passed: only now is anything changed.
    let new_cancel_amount = p
        .cancel_amount
        .checked_add(amount)
        .ok_or_else(|| refuse(OVER_BALANCE))?;
    let receipt_url = format!(
        "https://receipt.fake.invalid/cancel/{}",
        ctx.cancellation_id
    );
    let pg_tid = Some(format!(
        "{}-c{}",
        p.pg_tid.as_deref().unwrap_or(&p.imp_uid),
        p.cancel_history.len() + 1
    ));
    p.cancel_history.push(PaymentCancellation {
        pg_tid,
        amount,
        cancelled_at: ctx.now,
        reason: input.reason.clone(),
        receipt_url: Some(receipt_url.clone()),
        cancellation_id: Some(ctx.cancellation_id),
    });
    p.cancel_receipt_urls.push(receipt_url);
    p.cancel_amount = new_cancel_amount;
    p.cancelled_at = ctx.now;
    p.cancel_reason = input.reason.clone();
    if new_cancel_amount == p.amount {
        p.status = PaymentStatus::Cancelled;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeds;

    fn seeded(id: &str) -> Payment {
        seeds::default_payments()
            .into_iter()
            .find(|p| p.imp_uid == id)
            .unwrap()
    }

    fn ctx(n: u32) -> CancelContext {
        CancelContext {
            now: 2_000_000_000,
            cancellation_id: format!("c{n}"),
        }
    }

    fn input(amount: Option<i64>) -> CancelInput {
        CancelInput {
            amount: amount.map(Amount::from_i64),
            ..CancelInput::default()
        }
    }

    #[test]
    fn partial_then_zero_amount_cancels_the_rest() {
        let mut p = seeded(seeds::CARD_PAID);
        apply(&mut p, &input(Some(20000)), ctx(1)).unwrap();
        assert_eq!(balance(&p), Amount::from_i64(30000));
        assert_eq!(p.status, PaymentStatus::Paid);
        apply(&mut p, &input(Some(0)), ctx(2)).unwrap();
        assert_eq!(p.status, PaymentStatus::Cancelled);
        assert_eq!(p.cancel_history[1].amount, Amount::from_i64(30000));
        assert_eq!(
            apply(&mut p, &input(None), ctx(3)).unwrap_err().message,
            ALREADY_CANCELLED
        );
    }

    #[test]
    fn refusals_change_nothing() {
        let before = seeded(seeds::VBANK_PAID);
        let mut p = before.clone();
        let e = apply(&mut p, &input(None), ctx(1)).unwrap_err();
        assert!(
            e.message
                .contains("refund_holder, refund_bank, refund_account")
        );
        let e = apply(&mut p, &input(Some(45001)), ctx(1)).unwrap_err();
        assert!(e.message.starts_with(OVER_BALANCE));
        let mut with_checksum = input(Some(100));
        with_checksum.checksum = Some(Amount::from_i64(1));
        let e = apply(&mut p, &with_checksum, ctx(1)).unwrap_err();
        assert!(e.message.starts_with(CHECKSUM_MISMATCH));
        assert_eq!(p, before);
    }

    #[test]
    fn reads_form_style_strings_and_rejects_wrong_types() {
        let obj = serde_json::json!({"imp_uid": "imp_1", "amount": "1000.5", "reason": "", "checksum": 3});
        let i = CancelInput::from_object(obj.as_object().unwrap()).unwrap();
        assert_eq!(i.amount, Some("1000.5".parse().unwrap()));
        assert_eq!(i.checksum, Some(Amount::from_i64(3)));
        assert_eq!(i.reason, None);
        let bad = serde_json::json!({"amount": true});
        let e = CancelInput::from_object(bad.as_object().unwrap()).unwrap_err();
        assert!(e.contains("`amount`"), "{e}");
    }
}
