//! The lookups by the merchant's order id: [`PortOne::find_payment`] (one
//! payment) and [`PortOne::find_payments`] (every payment of the order id,
//! a page at a time).
//!
//! Several payments can share an order id: a failed attempt and then a paid
//! one, or a payment cancelled and paid again. `find_payment` answers the
//! first in the `sorting` order (by default the one started last); with a
//! status it picks among the payments in that status. This is why
//! [`PortOne::prepare_cancel`] reads a merchant_uid target with the status
//! `paid` and then names the imp_uid it read (see its docs).
//!
//! In the API a status is an optional last path segment
//! (`/payments/find/{merchant_uid}/{payment_status}`), two operations in
//! the spec; here it is one argument, and the options (`sorting`, and
//! `page`/`limit` for the list) are one generated type for both paths
//! ([`FindPaymentOptions`], [`FindPaymentsOptions`]).
//!
//! Lookups change nothing, so they are safe to retry (see
//! [`FindPaymentError`]); they are not retried automatically, except once
//! after a 401, as every call is.

use std::time::Instant;

use crate::client::{Envelope, PortOne, envelope_payment, finish};
use crate::decode_error::DecodeError;
use crate::error::{ApiRefusal, FindPaymentError, FindPaymentsError, RawResponse};
use crate::generated::types::{Payment, PaymentPage, PaymentPageResponse, PaymentStatusFilter};
use crate::inputs::operations::public::{FindPaymentOptions, FindPaymentsOptions};
use crate::inputs::operations::{
    find_payment, find_payment_with_status, find_payments, find_payments_with_status,
};

/// What an answer says when its payment belongs to another order id.
const OTHER_ORDER: &str =
    "the payment answered has another order id than the one asked for; it is not used";

impl PortOne {
    /// Finds one payment by the merchant's order id (`merchant_uid`), in
    /// `status` if one is given: the first in the options' `sorting` order
    /// (`-started`, the one started last, unless set).
    ///
    /// Sends `GET /payments/find/{merchant_uid}`, or with a status
    /// `GET /payments/find/{merchant_uid}/{payment_status}`. No payment of
    /// that order id (in that status) is
    /// [`FindPaymentError::PaymentNotFound`]. An answer whose payment has
    /// another order id is refused as [`FindPaymentError::Decode`], so the
    /// payment returned is always one of `merchant_uid`.
    ///
    /// A read: safe to retry (see [`FindPaymentError`]).
    pub async fn find_payment(
        &self,
        merchant_uid: &str,
        status: Option<PaymentStatusFilter>,
        options: &FindPaymentOptions,
    ) -> Result<Payment, FindPaymentError> {
        let started = Instant::now();
        let operation = match status {
            None => "findPayment",
            Some(_) => "findPaymentWithStatus",
        };
        match status {
            None => find_payment::rules::MERCHANT_UID.text(merchant_uid),
            Some(_) => find_payment_with_status::rules::MERCHANT_UID.text(merchant_uid),
        }
        .and_then(|()| options.check())
        .map_err(FindPaymentError::InvalidRequest)?;
        let result = match status {
            None => {
                self.authed(operation, || {
                    options
                        .apply(self.generated().find_payment().merchant_uid(merchant_uid))
                        .send()
                })
                .await
            }
            Some(status) => {
                self.authed(operation, || {
                    options
                        .apply_find_payment_with_status(
                            self.generated()
                                .find_payment_with_status()
                                .merchant_uid(merchant_uid)
                                .payment_status(status),
                        )
                        .send()
                })
                .await
            }
        };
        let outcome = match result {
            Ok((value, body)) => {
                let http = value.status().as_u16();
                match envelope_payment(value, body.clone()) {
                    Ok(p) if p.merchant_uid != merchant_uid => Err(FindPaymentError::Decode(
                        DecodeError::problem(http, body, "response.merchant_uid", OTHER_ORDER),
                    )),
                    Ok(p) => Ok(p),
                    Err(Envelope::Refused(r)) => Err(FindPaymentError::Refused(r)),
                    Err(Envelope::Decode(d)) => Err(FindPaymentError::Decode(d)),
                }
            }
            Err(e) => Err(FindPaymentError::from(e)),
        };
        finish(operation, started, &outcome);
        outcome
    }

    /// Every payment of the merchant's order id (`merchant_uid`), in
    /// `status` if one is given, one page at a time: the page and its size
    /// (`page`, `limit`) and the order (`sorting`) are the options.
    ///
    /// Sends `GET /payments/findAll/{merchant_uid}`, or with a status
    /// `GET /payments/findAll/{merchant_uid}/{payment_status}`. The page's
    /// `total` counts every match, `next` is the next page's number (0
    /// after the last one). No payment of that order id (in that status) is
    /// [`FindPaymentsError::PaymentNotFound`]; a page past the last one is
    /// an empty `list`. A listed payment of another order id is refused as
    /// [`FindPaymentsError::Decode`].
    ///
    /// A read: safe to retry (see [`FindPaymentsError`]).
    pub async fn find_payments(
        &self,
        merchant_uid: &str,
        status: Option<PaymentStatusFilter>,
        options: &FindPaymentsOptions,
    ) -> Result<PaymentPage, FindPaymentsError> {
        let started = Instant::now();
        let operation = match status {
            None => "findPayments",
            Some(_) => "findPaymentsWithStatus",
        };
        match status {
            None => find_payments::rules::MERCHANT_UID.text(merchant_uid),
            Some(_) => find_payments_with_status::rules::MERCHANT_UID.text(merchant_uid),
        }
        .and_then(|()| options.check())
        .map_err(FindPaymentsError::InvalidRequest)?;
        let result = match status {
            None => {
                self.authed(operation, || {
                    options
                        .apply(self.generated().find_payments().merchant_uid(merchant_uid))
                        .send()
                })
                .await
            }
            Some(status) => {
                self.authed(operation, || {
                    options
                        .apply_find_payments_with_status(
                            self.generated()
                                .find_payments_with_status()
                                .merchant_uid(merchant_uid)
                                .payment_status(status),
                        )
                        .send()
                })
                .await
            }
        };
        let outcome = match result {
            Ok((value, body)) => {
                let http = value.status().as_u16();
                match envelope_page(value.into_inner(), http, body.clone()) {
                    Ok(page) if page.list.iter().any(|p| p.merchant_uid != merchant_uid) => {
                        Err(FindPaymentsError::Decode(DecodeError::problem(
                            http,
                            body,
                            "response.list[].merchant_uid",
                            OTHER_ORDER,
                        )))
                    }
                    Ok(page) => Ok(page),
                    Err(Envelope::Refused(r)) => Err(FindPaymentsError::Refused(r)),
                    Err(Envelope::Decode(d)) => Err(FindPaymentsError::Decode(d)),
                }
            }
            Err(e) => Err(FindPaymentsError::from(e)),
        };
        finish(operation, started, &outcome);
        outcome
    }
}

/// The page of a success envelope, or why there is none.
fn envelope_page(
    envelope: PaymentPageResponse,
    status: u16,
    body: bytes::Bytes,
) -> Result<PaymentPage, Envelope> {
    if envelope.code == 0 {
        return envelope.response.ok_or_else(|| {
            Envelope::Decode(DecodeError::problem(
                status,
                body,
                "response",
                "code 0 but `response` is null: no page in a success envelope",
            ))
        });
    }
    Err(Envelope::Refused(ApiRefusal {
        code: envelope.code,
        message: envelope.message.unwrap_or_default(),
        raw: RawResponse::new(status, body),
    }))
}
