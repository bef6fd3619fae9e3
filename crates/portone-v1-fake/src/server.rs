//! [`FakeServer`]: binds 127.0.0.1, serves connections with hyper, and gives
//! tests a handle on the state.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use portone_v1::money::Amount;
use portone_v1::secret::SecretString;
use portone_v1::{Payment, WebhookFormat};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

use crate::actions::{self, DepositRefusal, SendWebhook};
use crate::cancel::CancelInput;
use crate::config::FakeConfig;
use crate::fault::Fault;
use crate::inject::ConnControl;
use crate::payments::Payments;
use crate::routes;
use crate::seeds::{self, SeedError};
use crate::state::Shared;
use crate::webhook::{self, WebhookDelivery, WebhookUrl, WebhookUrlError, Webhooks};

/// Why a fake server could not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum StartError {
    /// The port could not be bound.
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The configured seed payments are inconsistent.
    Seeds(SeedError),
    /// The webhook URL is not a loopback `http://` URL.
    WebhookUrl(WebhookUrlError),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Bind { addr, source } => write!(
                f,
                "cannot listen on {addr}: {source}; pick another port, or port 0 for any free one"
            ),
            StartError::Seeds(e) => write!(f, "{e}"),
            StartError::WebhookUrl(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Bind { source, .. } => Some(source),
            StartError::Seeds(e) => Some(e),
            StartError::WebhookUrl(e) => Some(e),
        }
    }
}

/// A running fake PortOne V1 server on 127.0.0.1. Dropping it stops it;
/// [`FakeServer::shutdown`] stops it and waits.
pub struct FakeServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeServer")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl FakeServer {
    /// Starts a server in the current tokio runtime.
    pub async fn start(config: FakeConfig) -> Result<FakeServer, StartError> {
        let payments = match config.seeds {
            Some(payments) => {
                seeds::validate_payments(&payments).map_err(StartError::Seeds)?;
                payments
            }
            None => seeds::default_payments(),
        };
        let webhook_url = config
            .webhook_url
            .as_deref()
            .map(WebhookUrl::parse)
            .transpose()
            .map_err(StartError::WebhookUrl)?;
        let webhooks = Webhooks::new(webhook::Settings {
            url: webhook_url,
            format: config.webhook_format,
            retries: config.webhook_retries,
            retry_interval: config.webhook_retry_interval,
            timeout: config.webhook_timeout,
        });
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, config.port));
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| StartError::Bind { addr, source })?;
        let shared = Arc::new(Shared::new(
            config.imp_key,
            config.imp_secret,
            payments,
            config.fault,
            webhooks,
        ));
        let router = routes::router(shared.clone());
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(serve(listener, router, stopped));
        Ok(FakeServer {
            addr,
            shared,
            stop,
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The `imp_key` it accepts.
    pub fn imp_key(&self) -> &str {
        &self.shared.imp_key
    }

    /// The `imp_secret` it accepts.
    pub fn imp_secret(&self) -> &SecretString {
        &self.shared.imp_secret
    }

    /// Adds payments, replacing any with the same `imp_uid`. The whole
    /// resulting set is validated first; on error nothing changes.
    pub fn seed(&self, payments: Vec<Payment>) -> Result<(), SeedError> {
        let mut store = self.shared.store();
        let mut next = store.payments.clone();
        for p in payments {
            next.upsert(p);
        }
        seeds::validate_payments(next.as_slice())?;
        store.payments = next;
        Ok(())
    }

    /// Replaces every payment. Validated first; on error nothing changes.
    pub fn reset(&self, payments: Vec<Payment>) -> Result<(), SeedError> {
        seeds::validate_payments(&payments)?;
        self.shared.store().payments = Payments::new(payments);
        Ok(())
    }

    /// The payment as it is now, sandbox or not.
    pub fn payment(&self, imp_uid: &str) -> Option<Payment> {
        self.shared.store().payments.get(imp_uid).cloned()
    }

    /// Every payment, in seed order.
    pub fn payments(&self) -> Vec<Payment> {
        self.shared.store().payments.as_slice().to_vec()
    }

    /// Sets the fault for every request that names none (`Fault::none()`
    /// clears it).
    pub fn set_fault(&self, fault: Fault) {
        self.shared.faults().global = fault;
    }

    /// Applies `fault` to the next `count` requests that name none, before
    /// the global fault applies again: "fail twice, then succeed".
    pub fn fault_next(&self, count: usize, fault: Fault) {
        let mut faults = self.shared.faults();
        faults
            .queued
            .extend(std::iter::repeat_n((None, fault), count));
    }

    /// Like [`FakeServer::fault_next`], but only requests to `path` (for
    /// example `/payments/cancel`) take these faults; others pass them by.
    pub fn fault_next_on(&self, path: &str, count: usize, fault: Fault) {
        let mut faults = self.shared.faults();
        faults
            .queued
            .extend(std::iter::repeat_n((Some(path.to_string()), fault), count));
    }

    /// Moves the fake's clock forward (token expiry, timestamps).
    pub fn advance_clock(&self, by: Duration) {
        self.shared
            .advance_clock(i64::try_from(by.as_secs()).unwrap_or(i64::MAX));
    }

    /// The fake's clock now (UNIX seconds).
    pub fn now(&self) -> i64 {
        self.shared.now()
    }

    /// How many requests arrived so far (faulted ones included; the
    /// fake-only routes under `/__fake` are not counted).
    pub fn request_count(&self) -> u64 {
        self.shared.request_count()
    }

    /// Sends later webhooks to `url` (loopback `http://` only), or none
    /// (`None`); a delivery under way keeps its URL. As changing the URL in
    /// PortOne's console, and how a test points a fake started first at a
    /// receiver started after it.
    pub fn set_webhook_url(&self, url: Option<&str>) -> Result<(), WebhookUrlError> {
        let url = url.map(WebhookUrl::parse).transpose()?;
        self.shared.webhooks.settings().url = url;
        Ok(())
    }

    /// Encodes later webhooks as JSON or as a form.
    pub fn set_webhook_format(&self, format: WebhookFormat) {
        self.shared.webhooks.settings().format = format;
    }

    /// Every webhook sent so far, with each attempt's outcome.
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.shared.webhooks.deliveries()
    }

    /// A cancel made in the admin console (`POST /__fake/payments/{imp_uid}/cancel`):
    /// `amount` or, with `None`, the whole balance; the same rules as an
    /// API cancel, and the webhook is sent. The error is the refusal's
    /// message.
    pub fn console_cancel(&self, imp_uid: &str, amount: Option<Amount>) -> Result<Payment, String> {
        let input = CancelInput {
            imp_uid: Some(imp_uid.to_string()),
            amount,
            ..CancelInput::default()
        };
        actions::cancel(&self.shared, &input, SendWebhook::Yes).map_err(|r| r.message)
    }

    /// The buyer pays into the virtual account of a `ready` vbank payment
    /// (`POST /__fake/payments/{imp_uid}/deposit`): it becomes `paid` and
    /// its webhook is sent. The error says why not.
    pub fn deposit(&self, imp_uid: &str) -> Result<Payment, String> {
        actions::deposit(&self.shared, imp_uid).map_err(|r| match r {
            DepositRefusal::NotFound => routes::PAYMENT_NOT_FOUND.to_string(),
            DepositRefusal::Refused(message) => message,
        })
    }

    /// Stops accepting, closes every connection and waits for that.
    pub async fn shutdown(mut self) {
        self.shared.webhooks.stop();
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.shared.webhooks.stop();
        let _ = self.stop.send(true);
    }
}

/// Accepts connections until told to stop; each connection is served by
/// hyper and can be cut at once through its [`ConnControl`].
async fn serve(listener: TcpListener, router: Router, mut stop: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => {
                        // Out of file descriptors or similar: back off briefly.
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let kill = Arc::new(Notify::new());
                let control = ConnControl(kill.clone());
                let router = router.clone();
                let service = tower::service_fn(move |mut req: hyper::Request<Incoming>| {
                    req.extensions_mut().insert(control.clone());
                    router.clone().oneshot(req)
                });
                connections.spawn(async move {
                    let conn = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
                    tokio::select! {
                        _ = conn => {}
                        // Dropping `conn` closes the socket mid-exchange.
                        _ = kill.notified() => {}
                    }
                });
                while connections.try_join_next().is_some() {}
            }
        }
    }
    // Abort every connection still open and wait until each task has ended
    // (its socket dropped), so `shutdown().await` returns with no
    // connection left, whatever the runtime's scheduling.
    drop(listener);
    connections.shutdown().await;
}
