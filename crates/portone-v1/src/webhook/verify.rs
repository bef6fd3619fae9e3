//! [`PortOne::verify_webhook`]: the payment a webhook names, read from
//! PortOne; the body itself is never trusted (V1 webhooks are not signed).

use std::error::Error;
use std::fmt;

use crate::client::PortOne;
use crate::error::{ErrorMetadata, GetPaymentError, ProvideErrorMetadata};
use crate::generated::types::{Payment, PaymentCancellation, WebhookPayload};
use crate::inputs::GetPaymentOptions;
use crate::open_enums::PaymentStatus;

impl PortOne {
    /// Verifies a webhook: reads the payment it names by `imp_uid`
    /// (`GET /payments/{imp_uid}`) and returns that payment, as PortOne
    /// holds it now. Nothing of the body is trusted but the `imp_uid` to
    /// look up: V1 webhooks carry no signature, so anyone can send one.
    ///
    /// It checks that the payment's `merchant_uid` is the webhook's
    /// ([`VerifyWebhookError::MerchantUidMismatch`] otherwise), and reports
    /// the payment's own status ([`VerifiedWebhook::status`]), which can
    /// differ from the webhook's when the payment changed in between.
    ///
    /// **Compare the amount with the order** before acting:
    /// `verified.payment().amount` must be what the order costs. A genuine
    /// payment can still be the wrong one, for instance a small payment
    /// made by a buyer who changed the amount in the browser.
    ///
    /// Then skip a webhook whose [`VerifiedWebhook::dedupe_key`] you have
    /// handled already: PortOne can deliver one webhook more than once.
    ///
    /// A payment made on a test channel is not found unless the options
    /// ask for it ([`verify_webhook_with`](Self::verify_webhook_with) with
    /// [`GetPaymentOptions::include_sandbox`]).
    pub async fn verify_webhook(
        &self,
        payload: &WebhookPayload,
    ) -> Result<VerifiedWebhook, VerifyWebhookError> {
        self.verify_webhook_with(payload, &GetPaymentOptions::new())
            .await
    }

    /// [`verify_webhook`](Self::verify_webhook), reading the payment with
    /// the lookup's options (e.g. `include_sandbox(true)` to verify webhooks
    /// of test-channel payments; check `payment().sandbox` then, as such a
    /// payment moves no money).
    pub async fn verify_webhook_with(
        &self,
        payload: &WebhookPayload,
        options: &GetPaymentOptions,
    ) -> Result<VerifiedWebhook, VerifyWebhookError> {
        let payment = self
            .get_payment_with(&payload.imp_uid, options)
            .await
            .map_err(VerifyWebhookError::Lookup)?;
        if payment.merchant_uid != payload.merchant_uid {
            return Err(VerifyWebhookError::MerchantUidMismatch {
                imp_uid: payment.imp_uid,
                webhook: payload.merchant_uid.clone(),
                payment: payment.merchant_uid,
            });
        }
        Ok(VerifiedWebhook::new(payment, payload))
    }
}

/// A webhook checked against PortOne: the payment as read after it came.
///
/// `Debug` shows the ids, the statuses and the dedupe key, not the payment
/// (it holds the buyer's details).
#[derive(Clone, PartialEq)]
pub struct VerifiedWebhook {
    payment: Payment,
    webhook_status: PaymentStatus,
    /// Where the cancel the webhook names sits in `payment.cancel_history`.
    cancellation: Option<usize>,
    dedupe_key: DedupeKey,
}

impl VerifiedWebhook {
    fn new(payment: Payment, payload: &WebhookPayload) -> Self {
        let cancellation = payload.cancellation_id.as_deref().and_then(|id| {
            payment
                .cancel_history
                .iter()
                .position(|c| c.cancellation_id.as_deref() == Some(id))
        });
        let dedupe_key = DedupeKey::of(&payment, cancellation);
        VerifiedWebhook {
            payment,
            webhook_status: payload.status.clone(),
            cancellation,
            dedupe_key,
        }
    }

    /// The payment as PortOne holds it: act on this, after comparing its
    /// `amount` with the order's.
    pub fn payment(&self) -> &Payment {
        &self.payment
    }

    /// The payment, owned.
    pub fn into_payment(self) -> Payment {
        self.payment
    }

    /// The payment's PortOne id.
    pub fn imp_uid(&self) -> &str {
        &self.payment.imp_uid
    }

    /// The payment's order id (the webhook's, as checked).
    pub fn merchant_uid(&self) -> &str {
        &self.payment.merchant_uid
    }

    /// The verified status: the payment's, as read.
    pub fn status(&self) -> &PaymentStatus {
        &self.payment.status
    }

    /// The status the webhook claimed (not to be acted on; it can be stale,
    /// or made up).
    pub fn webhook_status(&self) -> &PaymentStatus {
        &self.webhook_status
    }

    /// The `cancel_history` entry of the cancel the webhook names by
    /// `cancellation_id`, when the payment read has it; `None` for a webhook
    /// naming no cancel, or one the payment does not know.
    pub fn cancellation(&self) -> Option<&PaymentCancellation> {
        self.cancellation.map(|i| &self.payment.cancel_history[i])
    }

    /// The key to skip duplicates by; see [`DedupeKey`].
    pub fn dedupe_key(&self) -> &DedupeKey {
        &self.dedupe_key
    }
}

impl fmt::Debug for VerifiedWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedWebhook")
            .field("imp_uid", &self.payment.imp_uid)
            .field("merchant_uid", &self.payment.merchant_uid)
            .field("status", &self.payment.status)
            .field("webhook_status", &self.webhook_status)
            .field("dedupe_key", &self.dedupe_key)
            .finish_non_exhaustive()
    }
}

/// What a verified webhook is about, built from the payment as read, never
/// from the body's bytes: its `imp_uid`, its status, and the cancel the
/// webhook names (its `cancellation_id`, found in the payment's
/// `cancel_history`) or else how many cancels the payment has.
///
/// Two deliveries of one webhook give the same key while the payment stays
/// as it was, whatever their bytes (JSON or form, fields in any order);
/// a payment that changed (paid, cancelled again) gives a new key, so its
/// webhook is handled. Keep the keys you handled (with a database unique
/// constraint, say) and skip a webhook whose key is among them.
///
/// The text is `IMP_UID:STATUS:cancel=ID` or `IMP_UID:STATUS:cancels=N`,
/// for example `imp_100000000001:paid:cancels=0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DedupeKey(String);

impl DedupeKey {
    fn of(payment: &Payment, cancellation: Option<usize>) -> Self {
        let what =
            match cancellation.and_then(|i| payment.cancel_history[i].cancellation_id.as_deref()) {
                Some(id) => format!("cancel={id}"),
                None => format!("cancels={}", payment.cancel_history.len()),
            };
        DedupeKey(format!("{}:{}:{what}", payment.imp_uid, payment.status))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DedupeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a webhook could not be verified: do not act on it.
#[derive(Debug)]
#[non_exhaustive]
pub enum VerifyWebhookError {
    /// Reading the payment failed. [`GetPaymentError::PaymentNotFound`]
    /// means PortOne has no such payment for these credentials: the webhook
    /// is made up, or for another merchant (or a test-channel payment read
    /// without `include_sandbox`). Other causes are transient
    /// ([`is_transient`](Self::is_transient)).
    Lookup(GetPaymentError),
    /// The payment exists but belongs to another order than the webhook
    /// says: made up, or sent to the wrong shop.
    MerchantUidMismatch {
        /// The payment's PortOne id.
        imp_uid: String,
        /// The order id the webhook gave.
        webhook: String,
        /// The payment's order id.
        payment: String,
    },
}

impl VerifyWebhookError {
    /// True when verifying again later may succeed: the lookup got no
    /// answer, an undocumented status or an unreadable body. A receiver
    /// that verifies before answering can answer 5xx for these, so that
    /// PortOne sends the webhook again (when retries are enabled).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            VerifyWebhookError::Lookup(
                GetPaymentError::Transport(_)
                    | GetPaymentError::UnexpectedStatus { .. }
                    | GetPaymentError::Decode(_)
            )
        )
    }
}

impl fmt::Display for VerifyWebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyWebhookError::Lookup(_) => write!(
                f,
                "the webhook could not be verified: reading its payment failed"
            ),
            VerifyWebhookError::MerchantUidMismatch { imp_uid, .. } => write!(
                f,
                "the webhook does not match PortOne's payment {imp_uid}: its merchant_uid is not the payment's; do not act on it"
            ),
        }
    }
}

impl Error for VerifyWebhookError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            VerifyWebhookError::Lookup(e) => Some(e),
            VerifyWebhookError::MerchantUidMismatch { .. } => None,
        }
    }
}

impl ProvideErrorMetadata for VerifyWebhookError {
    fn meta(&self) -> ErrorMetadata<'_> {
        match self {
            VerifyWebhookError::Lookup(e) => e.meta(),
            VerifyWebhookError::MerchantUidMismatch { .. } => ErrorMetadata::default(),
        }
    }
}
