//! [`PreparedCancel`]: a guarded cancel together with what was read just
//! before it was sent, the evidence [`PortOne::reconcile`] compares a later
//! read with.
//!
//! V1 has no idempotency key: after a timeout or a cut connection, the only
//! way to learn whether a cancel went through is the payment itself, its
//! balance and its `cancel_history`. Those only say something when compared
//! with what they were *before* the send, which is why the guard keeps them.
//!
//! [`PortOne::reconcile`]: crate::PortOne::reconcile

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::cancel::{CancelAmount, CancelRequest};
use crate::client::cancellable_balance;
use crate::error::InvalidRequest;
use crate::generated::types::{CancelPaymentRequest, Payment, PaymentCancellation};
use crate::money::Amount;

/// A cancel request guarded with `checksum`, and what was read before it
/// was sent: the payment's imp_uid, its cancellable balance (the checksum)
/// and its `cancel_history` entries. Made by
/// [`PortOne::guard_cancel`](crate::PortOne::guard_cancel).
///
/// Send [`request`](Self::request) with [`PortOne::cancel`](crate::PortOne::cancel),
/// as often as needed: PortOne refuses it once the balance has moved, so it
/// refunds at most once. After an unknown outcome,
/// [`PortOne::reconcile`](crate::PortOne::reconcile) settles it.
///
/// It serializes to JSON (and back, checked again) so that a program can
/// keep it across a crash or a restart. **That JSON holds the whole
/// request, refund account details included**: keep it where only its owner
/// can read it (the CLI writes it with mode 0600). `Debug` shows none of
/// them.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Saved", into = "Saved")]
pub struct PreparedCancel {
    request: CancelRequest,
    imp_uid: String,
    balance_before: Amount,
    history_before: Vec<PaymentCancellation>,
}

impl PreparedCancel {
    /// `request` (already guarded with the balance of `payment`) and what
    /// `payment` said before the send.
    pub(crate) fn new(request: CancelRequest, payment: &Payment) -> Self {
        PreparedCancel {
            request,
            imp_uid: payment.imp_uid.clone(),
            balance_before: cancellable_balance(payment),
            history_before: payment.cancel_history.clone(),
        }
    }

    /// The guarded request: the one to send, and to send again unchanged.
    pub fn request(&self) -> &CancelRequest {
        &self.request
    }

    /// The guarded request, without the rest.
    pub fn into_request(self) -> CancelRequest {
        self.request
    }

    /// The PortOne id of the payment that was read (the one the cancel
    /// hits, and the one [`reconcile`](crate::PortOne::reconcile) reads).
    pub fn imp_uid(&self) -> &str {
        &self.imp_uid
    }

    /// The cancellable balance before the send: the request's `checksum`.
    pub fn balance_before(&self) -> Amount {
        self.balance_before
    }

    /// The payment's `cancel_history` before the send.
    pub fn history_before(&self) -> &[PaymentCancellation] {
        &self.history_before
    }

    /// The JSON this serializes to (the same as `serde_json::to_vec`),
    /// refund account details included: see the type's docs.
    pub fn to_json(&self) -> Vec<u8> {
        // A struct of strings, numbers and the generated request type:
        // serializing it cannot fail.
        serde_json::to_vec_pretty(self).expect("a prepared cancel serializes to JSON")
    }

    /// Reads what [`to_json`](Self::to_json) wrote, and checks the request
    /// again as [`CancelRequestBuilder::build`](crate::CancelRequestBuilder::build)
    /// would. Unlike serde's own errors, the error never quotes a value of
    /// the file (it holds refund account details): it names the place.
    pub fn from_json(json: &[u8]) -> Result<PreparedCancel, InvalidRequest> {
        let invalid = |reason: String| InvalidRequest {
            field: "prepared cancel",
            reason,
        };
        let mut reader = serde_json::Deserializer::from_slice(json);
        let saved = Saved::deserialize(&mut reader).map_err(|e| {
            invalid(format!(
                "is not a guarded cancel this version wrote: {:?} error at `{}` (line {}, column {})",
                e.classify(),
                crate::decode_error::json_path::at_error(json, &e),
                e.line(),
                e.column()
            ))
        })?;
        reader
            .end()
            .map_err(|_| invalid("has more after the JSON value".into()))?;
        PreparedCancel::try_from(saved).map_err(invalid)
    }

    /// How much this request refunds if it goes through: its partial
    /// amount, or for a full cancel the whole balance it was guarded with.
    pub fn expected_refund(&self) -> Amount {
        match self.request.amount() {
            CancelAmount::Partial(amount) => amount,
            CancelAmount::FullRemaining => self.balance_before,
        }
    }
}

/// Shows the payment, the amounts and how many entries the history had;
/// never the request's text fields (refund account details).
impl fmt::Debug for PreparedCancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedCancel")
            .field("imp_uid", &self.imp_uid)
            .field("amount", &self.request.amount())
            .field("checksum", &self.request.checksum())
            .field("balance_before", &self.balance_before)
            .field("history_before", &self.history_before.len())
            .finish_non_exhaustive()
    }
}

/// What the file format calls itself, so that a file of some other kind
/// (or of a later format) is refused rather than misread.
const FORMAT: &str = "portone-v1 guarded cancel, version 1";

/// The serialized form: the wire body as it is sent, and the evidence.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Saved {
    format: String,
    imp_uid: String,
    balance_before: Amount,
    history_before: Vec<PaymentCancellation>,
    request: CancelPaymentRequest,
}

impl From<PreparedCancel> for Saved {
    fn from(p: PreparedCancel) -> Self {
        Saved {
            format: FORMAT.to_string(),
            imp_uid: p.imp_uid,
            balance_before: p.balance_before,
            history_before: p.history_before,
            request: p.request.to_wire().clone(),
        }
    }
}

impl TryFrom<Saved> for PreparedCancel {
    type Error = String;

    fn try_from(s: Saved) -> Result<Self, String> {
        if s.format != FORMAT {
            return Err(format!(
                "`format` is `{}`, not `{FORMAT}`: not a guarded cancel this version wrote",
                s.format
            ));
        }
        let request = CancelRequest::from_wire(s.request).map_err(|e| e.to_string())?;
        if request.checksum() != Some(s.balance_before) {
            return Err(
                "the request's `checksum` is not the `balance_before` it was guarded with".into(),
            );
        }
        if request.target().imp_uid_str() != Some(s.imp_uid.as_str()) {
            return Err("the request's `imp_uid` is not the payment that was read".into());
        }
        Ok(PreparedCancel {
            request,
            imp_uid: s.imp_uid,
            balance_before: s.balance_before,
            history_before: s.history_before,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cancel::{Target, VbankRefund};

    fn guard() -> PreparedCancel {
        let request = CancelRequest::builder(Target::imp_uid("imp_1"), CancelAmount::partial(3000))
            .reason("반품")
            .vbank_refund(VbankRefund::new("홍길동", "088", "110123456789"))
            .checksum(10000)
            .build()
            .unwrap();
        PreparedCancel {
            request,
            imp_uid: "imp_1".into(),
            balance_before: Amount::from_i64(10000),
            history_before: vec![],
        }
    }

    #[test]
    fn round_trips_through_json_with_the_same_wire_body() {
        let g = guard();
        let json = serde_json::to_string(&g).unwrap();
        let back: PreparedCancel = serde_json::from_str(&json).unwrap();
        assert_eq!(back.request().to_wire(), g.request().to_wire());
        assert_eq!(back.imp_uid(), "imp_1");
        assert_eq!(back.balance_before(), Amount::from_i64(10000));
        assert_eq!(back.expected_refund(), Amount::from_i64(3000));
    }

    #[test]
    fn from_json_names_the_place_never_the_value() {
        let g = guard();
        let back = PreparedCancel::from_json(&g.to_json()).unwrap();
        assert_eq!(back.request().to_wire(), g.request().to_wire());
        assert_eq!(back.history_before(), g.history_before());
        let mut json = serde_json::to_value(&g).unwrap();
        json["request"]["refund_account"] = serde_json::json!("1101234567890123456789");
        let e = PreparedCancel::from_json(&serde_json::to_vec(&json).unwrap()).unwrap_err();
        assert!(e.reason.contains("request.refund_account"), "{e}");
        assert!(!e.to_string().contains("1101234567890123456789"), "{e}");
        let e = PreparedCancel::from_json(b"{\"format\": 1}").unwrap_err();
        assert!(e.reason.contains("format"), "{e}");
    }

    #[test]
    fn debug_shows_no_refund_account() {
        let text = format!("{:?} {:#?}", guard(), guard());
        for secret in ["홍길동", "110123456789", "088"] {
            assert!(!text.contains(secret), "{text}");
        }
    }

    #[test]
    fn a_tampered_file_is_refused() {
        let mut json = serde_json::to_value(guard()).unwrap();
        json["balance_before"] = serde_json::json!(9000);
        let e = serde_json::from_value::<PreparedCancel>(json).unwrap_err();
        assert!(e.to_string().contains("checksum"), "{e}");
        let mut json = serde_json::to_value(guard()).unwrap();
        json["format"] = serde_json::json!("something else");
        assert!(serde_json::from_value::<PreparedCancel>(json).is_err());
        let mut json = serde_json::to_value(guard()).unwrap();
        json["request"]["reason"] = serde_json::json!("line\nbreak");
        let e = serde_json::from_value::<PreparedCancel>(json).unwrap_err();
        assert!(e.to_string().contains("control"), "{e}");
    }
}
