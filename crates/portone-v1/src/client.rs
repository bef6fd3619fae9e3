//! The hand-written client users call: [`PortOne`].
//!
//! It wraps the generated [`Client`](crate::generated_client::Client) and
//! adds what the generated layer cannot know: the envelope (`code != 0` on
//! HTTP 200 is a refusal), one error enum per operation, the token retry
//! after a 401, and the checksum flow against double refunds.
//!
//! # Retries and double refunds
//!
//! A cancel whose request may have reached PortOne is **never retried
//! automatically**: a timeout or a dropped connection does not say whether
//! money moved. The one automatic retry is after HTTP 401, which PortOne
//! answers before doing anything.
//!
//! To retry a failed cancel safely, guard it with a `checksum` read
//! **before the first attempt**, and send that same guarded request again:
//!
//! 1. `let guarded = client.prepare_cancel(&request).await?;` reads the
//!    balance and returns the request with `checksum` set to it;
//! 2. `client.cancel(&guarded).await`; on an error for which
//!    [`CancelError::nothing_cancelled`] is `false` (timeout, dropped
//!    connection, 5xx, unreadable body) the outcome is unknown;
//! 3. retry with the **same** `guarded` value. If the first attempt went
//!    through, the balance moved, the checksum no longer matches and PortOne
//!    refuses the retry ([`CancelError::Refused`]); read the payment to see
//!    the refund that happened.
//!
//! To learn what became of an attempt instead of (or before) resending it,
//! use [`PortOne::guard_cancel`], which keeps the balance and the
//! `cancel_history` it read, and [`PortOne::reconcile`], which compares the
//! payment with them ([`reconcile`](crate::reconcile)).
//!
//! Never "retry" by reading the balance again (or by calling
//! [`PortOne::cancel_with_checksum`] again): a fresh read sees the balance
//! after the first refund, so the second request matches it and refunds
//! twice.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use progenitor_client::{ClientInfo, Error as GenError, ResponseValue};
use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;

use crate::auth::TokenFailure;
use crate::cancel::{CancelRequest, Target};
use crate::capture::{self, Captured};
use crate::config::{ClientBuilder, ConfigError};
use crate::error::{
    ApiRefusal, AuthError, CallError, CancelError, DecodeError, ErrorChain, GetPaymentError,
    InvalidRequest, ProvideErrorMetadata, RawResponse, TransportError,
};
use crate::generated::Client;
use crate::generated::types::{ErrorResponse, Payment, PaymentResponse, PaymentStatusFilter};
use crate::inputs::GetPaymentOptions;
use crate::inputs::operations::public::FindPaymentOptions;
use crate::money::Amount;
use crate::prepared::PreparedCancel;
use crate::secret::SecretString;
use crate::telemetry;

/// A PortOne V1 client with authentication, typed errors and safe cancels.
///
/// Cheap to clone; clones share the HTTP connection pool and token cache.
#[derive(Clone, Debug)]
pub struct PortOne {
    // Shared, so that a clone (one per task, typically) is a reference
    // count rather than a copy of the generated client's base URL string.
    api: Arc<Client>,
}

impl ClientBuilder {
    /// Checks everything and builds the client.
    pub fn build(self) -> Result<PortOne, ConfigError> {
        Ok(PortOne::new(self.into_generated()?))
    }
}

impl PortOne {
    /// A builder from a REST API key and secret.
    pub fn builder(
        imp_key: impl Into<String>,
        imp_secret: impl Into<SecretString>,
    ) -> ClientBuilder {
        ClientBuilder::new(imp_key, imp_secret)
    }

    /// A client configured from `PORTONE_IMP_KEY`, `PORTONE_IMP_SECRET` and
    /// optionally `PORTONE_API_URL`, `PORTONE_TIER`.
    pub fn from_env() -> Result<Self, ConfigError> {
        ClientBuilder::from_env()?.build()
    }

    /// Wraps a generated client built by [`ClientBuilder::build`], which
    /// has checked every setting.
    pub(crate) fn new(api: Client) -> Self {
        PortOne { api: Arc::new(api) }
    }

    /// The generated client underneath (authenticated by the same hooks,
    /// sent with the same HTTP client): the way to the generated client,
    /// see [`generated_client`](crate::generated_client).
    ///
    /// Its errors are progenitor's: unlike this facade's, their `Display`
    /// quotes response bodies, which can hold buyer data. Do not log them.
    pub fn generated(&self) -> &Client {
        &self.api
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &str {
        self.api.baseurl()
    }

    /// How many times a token was fetched so far (diagnostics, tests).
    pub fn token_fetches(&self) -> u64 {
        self.api.inner().token_fetches()
    }

    /// Cancels (refunds) a payment in full or in part and returns the payment
    /// as PortOne holds it afterwards. Not retried automatically except after
    /// a 401; see the module docs for retrying safely.
    pub async fn cancel(&self, request: &CancelRequest) -> Result<Payment, CancelError> {
        let started = Instant::now();
        let result = self
            .authed("cancelPayment", || {
                let call = self.api.cancel_payment().body(request.to_wire().clone());
                request.options().apply(call).send()
            })
            .await;
        let outcome = match result {
            Ok((value, body)) => match envelope_payment(value, body) {
                Ok(p) => Ok(p),
                Err(Envelope::Refused(r)) => Err(CancelError::from_refusal(r)),
                Err(Envelope::Decode(d)) => Err(CancelError::Decode(d)),
            },
            Err(e) => Err(CancelError::from(e)),
        };
        finish("cancelPayment", started, &outcome);
        outcome
    }

    /// Reads one payment by its PortOne id.
    pub async fn get_payment(&self, imp_uid: &str) -> Result<Payment, GetPaymentError> {
        self.get_payment_with(imp_uid, &GetPaymentOptions::new())
            .await
    }

    /// Reads one payment, with the lookup's options (generated from the
    /// spec's query parameters, e.g. [`GetPaymentOptions::include_sandbox`]).
    pub async fn get_payment_with(
        &self,
        imp_uid: &str,
        options: &GetPaymentOptions,
    ) -> Result<Payment, GetPaymentError> {
        let started = Instant::now();
        crate::inputs::operations::get_payment::rules::IMP_UID
            .text(imp_uid)
            .and_then(|()| options.check())
            .map_err(GetPaymentError::InvalidRequest)?;
        let result = self
            .authed("getPayment", || {
                options
                    .apply(self.api.get_payment().imp_uid(imp_uid))
                    .send()
            })
            .await;
        let outcome = match result {
            Ok((value, body)) => match envelope_payment(value, body) {
                Ok(p) => Ok(p),
                Err(Envelope::Refused(r)) => Err(GetPaymentError::Refused(r)),
                Err(Envelope::Decode(d)) => Err(GetPaymentError::Decode(d)),
            },
            Err(e) => Err(GetPaymentError::from(e)),
        };
        finish("getPayment", started, &outcome);
        outcome
    }

    /// The payment's cancellable balance, `amount - cancel_amount`, exact.
    pub async fn cancellable_balance(&self, imp_uid: &str) -> Result<Amount, GetPaymentError> {
        let payment = self.get_payment(imp_uid).await?;
        Ok(cancellable_balance(&payment))
    }

    /// Reads the payment's current balance and returns `request` with
    /// `checksum` set to it: the request to send, and to send again
    /// unchanged if the outcome of a send is unknown (see the module docs).
    /// PortOne refuses it once the balance has moved, so it can refund at
    /// most once however often it is sent.
    ///
    /// A checksum already set on `request` is replaced. A partial amount
    /// above the balance is refused here, before anything is sent, and so
    /// is a [`VbankRefund`](crate::VbankRefund) whose bank is not a code of
    /// the payment's PG ([`refund_banks`](crate::refund_banks); a PG with
    /// no known table is not checked).
    ///
    /// The payment read is the one the cancel will hit. With an imp_uid
    /// target (or both ids: imp_uid wins) it is that payment. A merchant_uid
    /// target is read with [`find_payment`](Self::find_payment) in status
    /// `paid`: several payments can share an order id (a failed attempt,
    /// then the paid one; a payment cancelled in full and paid again), and
    /// a paid payment, partly cancelled ones included, is the only kind a
    /// cancel can refund, so it is the one a cancel by order id means.
    /// Among several paid ones the one started last is read. The request
    /// returned then names that payment's imp_uid beside the order id
    /// ([`Target::Both`](crate::Target::Both), where imp_uid wins), so the
    /// cancel hits exactly the payment whose balance is its checksum, not
    /// whichever payment PortOne would pick for the order id. No paid
    /// payment with the order id is [`CancelError::NoPaidPayment`], before
    /// anything is sent.
    ///
    /// [`guard_cancel`](Self::guard_cancel) returns the same request
    /// together with what was read, for [`reconcile`](Self::reconcile).
    pub async fn prepare_cancel(
        &self,
        request: &CancelRequest,
    ) -> Result<CancelRequest, CancelError> {
        self.guard_cancel(request)
            .await
            .map(PreparedCancel::into_request)
    }

    /// [`prepare_cancel`](Self::prepare_cancel), keeping what it read
    /// before the send: the guarded request with the balance and the
    /// `cancel_history` it was guarded against, so that after an unknown
    /// outcome [`reconcile`](Self::reconcile) can tell from a later read
    /// whether this request refunded.
    pub async fn guard_cancel(
        &self,
        request: &CancelRequest,
    ) -> Result<PreparedCancel, CancelError> {
        let (payment, request) = self.read_cancel_target(request).await?;
        crate::refund_banks::check_request(&request, &payment)?;
        let balance = cancellable_balance(&payment);
        if let crate::cancel::CancelAmount::Partial(amount) = request.amount()
            && amount > balance
        {
            return Err(CancelError::InvalidRequest(InvalidRequest {
                field: "amount",
                reason: format!("{amount} is more than the cancellable balance {balance}"),
            }));
        }
        let guarded = request
            .with_checksum(balance)
            .map_err(CancelError::InvalidRequest)?;
        Ok(PreparedCancel::new(guarded, &payment))
    }

    /// The payment a cancel of `request` would hit, and the request aimed at
    /// exactly that payment (see [`prepare_cancel`](Self::prepare_cancel)).
    async fn read_cancel_target(
        &self,
        request: &CancelRequest,
    ) -> Result<(Payment, CancelRequest), CancelError> {
        let merchant_uid = match request.target() {
            Target::ImpUid(imp_uid) | Target::Both { imp_uid, .. } => {
                let payment = self
                    .get_payment(imp_uid)
                    .await
                    .map_err(CancelError::from_lookup)?;
                return Ok((payment, request.clone()));
            }
            Target::MerchantUid(merchant_uid) => merchant_uid,
        };
        let payment = self
            .find_payment(
                merchant_uid,
                Some(PaymentStatusFilter::Paid),
                &FindPaymentOptions::new(),
            )
            .await
            .map_err(CancelError::from_order_lookup)?;
        let aimed = request
            .with_target(Target::Both {
                imp_uid: payment.imp_uid.clone(),
                merchant_uid: merchant_uid.clone(),
            })
            .map_err(CancelError::InvalidRequest)?;
        Ok((payment, aimed))
    }

    /// [`prepare_cancel`](Self::prepare_cancel) then [`cancel`](Self::cancel),
    /// for a single attempt: PortOne refuses if the balance moved between
    /// the read and the cancel (a concurrent refund, for instance).
    ///
    /// **Not a retry tool.** Calling it again after an unknown outcome reads
    /// the balance anew, which already reflects a refund that went through,
    /// and can refund twice. To be able to retry, use `prepare_cancel` and
    /// resend the request it returned.
    pub async fn cancel_with_checksum(
        &self,
        request: &CancelRequest,
    ) -> Result<Payment, CancelError> {
        let guarded = self.prepare_cancel(request).await?;
        self.cancel(&guarded).await
    }

    /// Runs a generated call with a valid token; after a 401, fetches a new
    /// token and runs it once more (safe: a 401 is answered before anything
    /// happens). A second 401 is an [`AuthError::TokenRejectedTwice`].
    /// Returns the decoded answer with its body as received.
    pub(crate) async fn authed<T, F, Fut>(
        &self,
        operation: &'static str,
        call: F,
    ) -> Result<(ResponseValue<T>, Bytes), CallError>
    where
        T: DeserializeOwned,
        F: Fn() -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, GenError<ErrorResponse>>>,
    {
        let authorization = self.token().await?;
        // A block of its own: `result` (1.3 KB) must be dead before the
        // retry below, or it is kept beside the attempt in the state of
        // every call (4.2 KB instead of 2.9 KB).
        {
            // The call boxed: its future (2.3 KB) would otherwise be part
            // of every `cancel(..)` future, which is moved whole on spawn
            // and await (3.7 KB then, 1.5 KB now; one allocation is cheaper:
            // perf/cancel-instructions.sh, BENCHMARKS.md).
            let (result, captured) =
                capture::capturing(authorization.clone(), Box::pin(call())).await;
            match result {
                Err(GenError::ErrorResponse(value)) if value.status().as_u16() == 401 => {}
                Ok(value) => return Ok((value, body_of(captured))),
                Err(e) => return Err(Box::pin(map_generated(e, captured)).await),
            }
        }
        // The retry after a 401 and the error mapping are boxed: inline,
        // these rare paths made the future of every call 6.2 KB instead of
        // 3.7 KB, and that future is copied on each await and spawn
        // (measured in benches/cancel_e2e.rs, see BENCHMARKS.md).
        Box::pin(async {
            telemetry::retry_after_401(operation);
            self.api.inner().invalidate(&authorization).await;
            let authorization = self.token().await?;
            let (result, captured) = capture::capturing(authorization, call()).await;
            match result {
                Err(GenError::ErrorResponse(value)) if value.status().as_u16() == 401 => {
                    Err(CallError::Auth(AuthError::TokenRejectedTwice {
                        refusal: refusal_of(value, captured),
                    }))
                }
                Ok(value) => Ok((value, body_of(captured))),
                Err(e) => Err(map_generated(e, captured).await),
            }
        })
        .await
    }

    /// The `Authorization` value that sends the token for one attempt (the
    /// hooks use exactly this one; see capture.rs). The only path by which a
    /// token failure reaches the caller, typed.
    async fn token(&self) -> Result<HeaderValue, CallError> {
        let auth = self.api.inner();
        // A cached token, the common case, without the boxed fetch future.
        if let Some(authorization) = auth.cached() {
            return Ok(authorization);
        }
        auth.token(&self.api)
            .await
            .map_err(|failure| CallError::Auth(auth_error(failure)))
    }
}

/// Why no token could be had, for the caller.
pub(crate) fn auth_error(failure: TokenFailure) -> AuthError {
    match failure {
        TokenFailure::Rejected {
            status,
            code,
            message,
        } => AuthError::CredentialsRejected {
            status,
            code,
            message,
        },
        // Nothing was sent but getToken: whatever went wrong, it is an
        // authentication failure (money cannot have moved), described
        // without any response body, which may hold a token.
        failure => AuthError::TokenUnavailable {
            reason: failure.describe(),
        },
    }
}

/// `amount - cancel_amount`, exact (the value to pass as `checksum`).
pub fn cancellable_balance(payment: &Payment) -> Amount {
    payment
        .amount
        .checked_sub(payment.cancel_amount)
        .unwrap_or(Amount::ZERO)
}

pub(crate) enum Envelope {
    Refused(ApiRefusal),
    Decode(DecodeError),
}

/// The body the exec hook kept (none only if no response arrived, which
/// cannot be when a response was decoded).
fn body_of(captured: Option<Captured>) -> Bytes {
    captured.map(|c| c.body).unwrap_or_default()
}

pub(crate) fn envelope_payment(
    value: ResponseValue<PaymentResponse>,
    body: Bytes,
) -> Result<Payment, Envelope> {
    let status = value.status().as_u16();
    let envelope = value.into_inner();
    if envelope.code == 0 {
        return match envelope.response {
            Some(payment) => Ok(payment),
            None => Err(Envelope::Decode(DecodeError::problem(
                status,
                body,
                "response",
                "code 0 but `response` is null: no payment in a success envelope",
            ))),
        };
    }
    Err(Envelope::Refused(ApiRefusal {
        code: envelope.code,
        message: envelope.message.unwrap_or_default(),
        raw: RawResponse::new(status, body),
    }))
}

fn refusal_of(value: ResponseValue<ErrorResponse>, captured: Option<Captured>) -> ApiRefusal {
    let status = value.status().as_u16();
    refusal(status, value.into_inner(), body_of(captured))
}

fn refusal(status: u16, envelope: ErrorResponse, body: Bytes) -> ApiRefusal {
    ApiRefusal {
        raw: RawResponse::new(status, body),
        code: envelope.code,
        message: envelope.message.unwrap_or_default(),
    }
}

/// The error of a generated call; `captured` is the response the exec hook
/// kept, if one arrived. Not generic over the success type (the JSON path
/// of a decode error comes from the bytes), so one copy serves every
/// operation.
async fn map_generated(error: GenError<ErrorResponse>, captured: Option<Captured>) -> CallError {
    match error {
        GenError::ErrorResponse(value) => CallError::Envelope(refusal_of(value, captured)),
        GenError::CommunicationError(source)
        | GenError::InvalidUpgrade(source)
        | GenError::ResponseBodyError(source) => CallError::Transport(TransportError { source }),
        GenError::InvalidResponsePayload(bytes, source) => {
            let status = captured.map(|c| c.status);
            CallError::Decode(DecodeError::of(status, bytes, &source))
        }
        GenError::UnexpectedResponse(response) => {
            let status = response.status().as_u16();
            let bytes = match response.bytes().await {
                Ok(bytes) => bytes,
                Err(source) => return CallError::Transport(TransportError { source }),
            };
            // A 404 in PortOne's envelope means "no such payment" on any
            // operation, even one whose spec lists no 404 (cancel).
            let envelope = (status == 404)
                .then(|| crate::json_body::decode::<ErrorResponse>(&bytes).ok())
                .flatten();
            match envelope {
                Some(envelope) => CallError::Envelope(refusal(status, envelope, bytes)),
                None => CallError::UnexpectedStatus(RawResponse::new(status, bytes)),
            }
        }
        // Only the `pre` hook fails with `Custom`, and in a facade call only
        // for a header it could not build (the token is the facade's own):
        // like a request the generated code could not build, nothing was sent.
        GenError::InvalidRequest(reason) | GenError::Custom(reason) => {
            CallError::Invalid(InvalidRequest {
                field: "request",
                reason,
            })
        }
    }
}

/// Records the end of a call: for a failure its HTTP status, the envelope's
/// code and the error with its causes. Only these are logged, and no
/// error's text quotes a body.
pub(crate) fn finish<T, E: std::error::Error + ProvideErrorMetadata + 'static>(
    operation: &'static str,
    started: Instant,
    outcome: &Result<T, E>,
) {
    match outcome {
        Ok(_) => telemetry::call_succeeded(operation, started.elapsed()),
        Err(e) => telemetry::call_failed(
            operation,
            e.status(),
            e.code(),
            &ErrorChain::new(e),
            started.elapsed(),
        ),
    }
}
