//! What the `portone-v1` client does with each documented outcome of an
//! operation. The spec says what the API answers; this table says how the
//! facade (`crates/portone-v1/src/error.rs`) maps it, so the reference can
//! tell a merchant's engineer which error variant to match.
//!
//! Keep it in step with `error.rs`: `xtask/tests/docs_drift.rs` fails when a variant
//! named here no longer exists there.

/// One answer the API gives and what the client turns it into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// HTTP status, e.g. `200`, or `other` for anything undocumented.
    pub status: &'static str,
    /// The envelope `code`, e.g. `0`, `1`, `-1`, `≠ 0` or `any`.
    pub code: &'static str,
    /// What the API means by it.
    pub meaning: &'static str,
    /// What the client does: the value or error variant the caller gets.
    pub client: &'static str,
}

const fn o(
    status: &'static str,
    code: &'static str,
    meaning: &'static str,
    client: &'static str,
) -> Outcome {
    Outcome {
        status,
        code,
        meaning,
        client,
    }
}

const GET_TOKEN: &[Outcome] = &[
    o(
        "200",
        "0",
        "Token issued.",
        "Cached and sent as the bearer token until `expired_at - now` says it is about to expire.",
    ),
    o(
        "200",
        "≠ 0",
        "The key or secret was refused.",
        "`AuthError::CredentialsRejected` (with the code and message); no retry.",
    ),
    o(
        "401",
        "any",
        "Wrong REST API key or secret.",
        "`AuthError::CredentialsRejected`; no retry: check the key and secret.",
    ),
];

const CANCEL_PAYMENT: &[Outcome] = &[
    o(
        "200",
        "0",
        "Cancelled; `response` is the payment after the cancel.",
        "`Ok(Payment)`.",
    ),
    o(
        "200",
        "1",
        "No payment to cancel has the id (`취소할 결제건이 존재하지 않습니다.`).",
        "`CancelError::NoPaymentToCancel`; nothing was cancelled.",
    ),
    o(
        "200",
        "1",
        "Already fully cancelled (`이미 전액취소된 주문입니다.`).",
        "`CancelError::AlreadyCancelled`; nothing was cancelled.",
    ),
    o(
        "200",
        "-1",
        "Refused by the PG (its message in `message`); also a checksum mismatch or an amount over the balance.",
        "`CancelError::Refused`; nothing was cancelled.",
    ),
    o(
        "401",
        "any",
        "Missing, wrong or expired token.",
        "Fetches a new token and retries once; a second 401 is `CancelError::Auth(AuthError::TokenRejectedTwice)`.",
    ),
    o(
        "404",
        "any",
        "Payment not found (not documented for this call, handled anyway).",
        "`CancelError::PaymentNotFound`; nothing was cancelled.",
    ),
    o(
        "other",
        "any",
        "Not documented (e.g. a proxy's 502 page).",
        "`CancelError::UnexpectedStatus`: the cancel may have happened; read the payment, then retry with `checksum`.",
    ),
];

const GET_PAYMENT: &[Outcome] = &[
    o("200", "0", "The payment.", "`Ok(Payment)`."),
    o(
        "200",
        "≠ 0",
        "Refused with a message.",
        "`GetPaymentError::Refused`.",
    ),
    o(
        "401",
        "any",
        "Missing, wrong or expired token.",
        "Fetches a new token and retries once; a second 401 is `GetPaymentError::Auth(AuthError::TokenRejectedTwice)`.",
    ),
    o(
        "404",
        "any",
        "No payment has this `imp_uid`.",
        "`GetPaymentError::PaymentNotFound`.",
    ),
    o(
        "other",
        "any",
        "Not documented.",
        "`GetPaymentError::UnexpectedStatus`.",
    ),
];

const FIND_PAYMENT: &[Outcome] = &[
    o(
        "200",
        "0",
        "The first payment of the order id (in the status) by `sorting`.",
        "`Ok(Payment)`; a payment of another order id is `FindPaymentError::Decode`.",
    ),
    o(
        "200",
        "≠ 0",
        "Refused with a message.",
        "`FindPaymentError::Refused`.",
    ),
    o(
        "400",
        "any",
        "A parameter PortOne does not accept (the client checks them first).",
        "`FindPaymentError::BadRequest`.",
    ),
    o(
        "401",
        "any",
        "Missing, wrong or expired token.",
        "Fetches a new token and retries once; a second 401 is `FindPaymentError::Auth(AuthError::TokenRejectedTwice)`.",
    ),
    o(
        "404",
        "any",
        "No payment has the order id (in the status).",
        "`FindPaymentError::PaymentNotFound`; from `prepare_cancel`, `CancelError::NoPaidPayment`.",
    ),
    o(
        "other",
        "any",
        "Not documented.",
        "`FindPaymentError::UnexpectedStatus`; safe to retry (a read).",
    ),
];

const FIND_PAYMENTS: &[Outcome] = &[
    o(
        "200",
        "0",
        "A page of the payments of the order id (in the status).",
        "`Ok(PaymentPage)`; a listed payment of another order id is `FindPaymentsError::Decode`.",
    ),
    o(
        "200",
        "≠ 0",
        "Refused with a message.",
        "`FindPaymentsError::Refused`.",
    ),
    o(
        "400",
        "any",
        "A parameter PortOne does not accept (the client checks them first).",
        "`FindPaymentsError::BadRequest`.",
    ),
    o(
        "401",
        "any",
        "Missing, wrong or expired token.",
        "Fetches a new token and retries once; a second 401 is `FindPaymentsError::Auth(AuthError::TokenRejectedTwice)`.",
    ),
    o(
        "404",
        "any",
        "No payment has the order id (in the status).",
        "`FindPaymentsError::PaymentNotFound`.",
    ),
    o(
        "other",
        "any",
        "Not documented.",
        "`FindPaymentsError::UnexpectedStatus`; safe to retry (a read).",
    ),
];

/// The outcomes for `operation_id`; empty for an operation the client does
/// not wrap yet.
pub fn for_operation(operation_id: &str) -> &'static [Outcome] {
    match operation_id {
        "getToken" => GET_TOKEN,
        "cancelPayment" => CANCEL_PAYMENT,
        "getPayment" => GET_PAYMENT,
        "findPayment" | "findPaymentWithStatus" => FIND_PAYMENT,
        "findPayments" | "findPaymentsWithStatus" => FIND_PAYMENTS,
        _ => &[],
    }
}

/// Every error variant path the table names (`Type::Variant`), for the test
/// that keeps it in step with the client.
pub fn named_variants() -> Vec<&'static str> {
    let mut out = Vec::new();
    for table in [
        GET_TOKEN,
        CANCEL_PAYMENT,
        GET_PAYMENT,
        FIND_PAYMENT,
        FIND_PAYMENTS,
    ] {
        for outcome in table {
            for (i, part) in outcome.client.split('`').enumerate() {
                if i % 2 == 1 && part.contains("Error::") {
                    out.extend(part.split(['(', ')']).filter(|p| p.contains("::")));
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}
