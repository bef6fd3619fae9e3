//! The webhooks the fake sends, delivered as PortOne delivers V1 webhooks
//! (the spec's `x-webhooks` entry): one POST of `{imp_uid, merchant_uid,
//! status, cancellation_id}`, as JSON or as a form; with retries enabled, up
//! to [`WEBHOOK_RETRIES`] more after a network error or a 5xx answer.
//!
//! Only to this machine: the URL must name a loopback host, so that a fake
//! started with a stray URL cannot post anywhere else. Plain HTTP only.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Uri, header};
use hyper_util::rt::TokioIo;
use portone_v1::webhook::delivery::payment_notice;
use portone_v1::{Payment, PaymentStatus, WebhookFormat, WebhookPayload};
use tokio::net::TcpStream;
use tokio::runtime::Handle;
use tokio::sync::watch;

/// How many more attempts follow a failed one when retries are enabled
/// (the spec's `x-delivery`, generated into the client).
pub const WEBHOOK_RETRIES: usize = payment_notice::RETRIES;
/// The wait between attempts unless configured (the spec's `x-delivery`).
pub const DEFAULT_RETRY_INTERVAL: Duration = payment_notice::RETRY_INTERVAL;
/// How long one attempt waits for an answer unless configured (the spec's
/// `x-delivery`).
pub const DEFAULT_TIMEOUT: Duration = payment_notice::RESPONSE_TIMEOUT;
/// The longest wait for a connection (the spec's `x-delivery`), shortened
/// to the attempt's timeout when that is shorter.
const CONNECT_TIMEOUT: Duration = payment_notice::CONNECT_TIMEOUT;

/// A webhook URL the fake accepts: `http://` to a loopback host
/// (`127.0.0.0/8`, `[::1]` or `localhost`), any port and path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookUrl {
    url: String,
    addr: SocketAddr,
    authority: String,
    path_and_query: String,
}

impl WebhookUrl {
    /// Checks `url`; the error says what is wrong and what is accepted.
    pub fn parse(url: &str) -> Result<Self, WebhookUrlError> {
        let refuse = |reason: &str| WebhookUrlError {
            url: url.to_string(),
            reason: reason.to_string(),
        };
        let uri: Uri = url
            .parse()
            .map_err(|_| refuse("it is not a URL (`http://127.0.0.1:PORT/PATH`)"))?;
        match uri.scheme_str() {
            Some("http") => {}
            Some("https") => {
                return Err(refuse(
                    "it is https; the fake sends plain http to a receiver on this machine",
                ));
            }
            Some(_) => return Err(refuse("its scheme is not http")),
            None => return Err(refuse("it has no scheme; write `http://...`")),
        }
        let authority = uri.authority().ok_or_else(|| refuse("it names no host"))?;
        if authority.as_str().contains('@') {
            return Err(refuse("it carries a user name or password"));
        }
        let host = authority.host();
        let ip = if host.eq_ignore_ascii_case("localhost") {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            host.trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .map_err(|_| refuse("its host is a name; only 127.0.0.1, [::1] or localhost"))?
        };
        if !ip.is_loopback() {
            return Err(refuse("its host is not this machine (loopback)"));
        }
        let port = authority.port_u16().unwrap_or(80);
        Ok(WebhookUrl {
            url: url.to_string(),
            addr: SocketAddr::new(ip, port),
            authority: authority.as_str().to_string(),
            path_and_query: uri
                .path_and_query()
                .map_or("/".to_string(), |p| p.as_str().to_string()),
        })
    }

    /// The URL as given.
    pub fn as_str(&self) -> &str {
        &self.url
    }
}

impl FromStr for WebhookUrl {
    type Err = WebhookUrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WebhookUrl::parse(s)
    }
}

impl fmt::Display for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

/// A webhook URL the fake refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookUrlError {
    url: String,
    reason: String,
}

impl fmt::Display for WebhookUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "webhook URL `{}` refused: {}; the fake posts webhooks to this machine only, \
             e.g. http://127.0.0.1:8000/webhook",
            self.url, self.reason
        )
    }
}

impl std::error::Error for WebhookUrlError {}

/// What became of one webhook: its payload and every attempt so far.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct WebhookDelivery {
    /// What was sent.
    pub payload: WebhookPayload,
    /// How it was encoded.
    pub format: WebhookFormat,
    /// Where it went.
    pub url: String,
    /// Each attempt's outcome, in order.
    pub attempts: Vec<WebhookAttempt>,
    /// True once no attempt is left to make (answered, out of retries, or
    /// the fake stopped).
    pub finished: bool,
}

/// The outcome of one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebhookAttempt {
    /// The receiver answered with this HTTP status (5xx is retried).
    Answered(u16),
    /// No answer: refused, timed out or cut (retried).
    Failed(String),
}

impl WebhookAttempt {
    /// Whether PortOne would try again after this (when retries are on).
    fn retried(&self) -> bool {
        match self {
            WebhookAttempt::Answered(status) => *status >= 500,
            WebhookAttempt::Failed(_) => true,
        }
    }
}

/// Where and how webhooks go.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub url: Option<WebhookUrl>,
    pub format: WebhookFormat,
    pub retries: bool,
    pub retry_interval: Duration,
    pub timeout: Duration,
}

/// The sender: settings, the log of deliveries, and the stop signal that
/// ends every delivery still under way when the fake stops.
#[derive(Debug)]
pub(crate) struct Webhooks {
    settings: Mutex<Settings>,
    log: Mutex<Vec<WebhookDelivery>>,
    stop: watch::Sender<bool>,
    runtime: Handle,
}

impl Webhooks {
    /// Must be called inside the tokio runtime the deliveries run on.
    pub fn new(settings: Settings) -> Self {
        Webhooks {
            settings: Mutex::new(settings),
            log: Mutex::new(Vec::new()),
            stop: watch::channel(false).0,
            runtime: Handle::current(),
        }
    }

    pub fn settings(&self) -> MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn log(&self) -> MutexGuard<'_, Vec<WebhookDelivery>> {
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn deliveries(&self) -> Vec<WebhookDelivery> {
        self.log().clone()
    }

    /// Ends every delivery under way; none starts after this.
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }

    /// The webhook of a cancel: status `cancelled`, whether or not the
    /// payment stays `paid` after a partial one (the guide names
    /// `cancelled` for every cancel), with the new cancel's id.
    pub fn cancelled(self: &Arc<Self>, payment: &Payment) {
        let cancellation_id = payment
            .cancel_history
            .last()
            .and_then(|c| c.cancellation_id.clone());
        self.send(payment, PaymentStatus::Cancelled, cancellation_id);
    }

    /// The webhook of a payment that reached `status`, no cancel involved.
    pub fn status(self: &Arc<Self>, payment: &Payment) {
        self.send(payment, payment.status.clone(), None);
    }

    fn send(
        self: &Arc<Self>,
        payment: &Payment,
        status: PaymentStatus,
        cancellation_id: Option<String>,
    ) {
        let settings = self.settings().clone();
        let Some(url) = settings.url.clone() else {
            return;
        };
        if *self.stop.borrow() {
            return;
        }
        let payload = WebhookPayload {
            imp_uid: payment.imp_uid.clone(),
            merchant_uid: payment.merchant_uid.clone(),
            status,
            cancellation_id,
        };
        let index = {
            let mut log = self.log();
            log.push(WebhookDelivery {
                payload: payload.clone(),
                format: settings.format,
                url: url.as_str().to_string(),
                attempts: Vec::new(),
                finished: false,
            });
            log.len() - 1
        };
        let this = self.clone();
        let mut stop = self.stop.subscribe();
        self.runtime.spawn(async move {
            tokio::select! {
                () = this.deliver(index, &url, &payload, &settings) => {}
                _ = stop.wait_for(|stopped| *stopped) => {}
            }
            this.log()[index].finished = true;
        });
    }

    async fn deliver(
        &self,
        index: usize,
        url: &WebhookUrl,
        payload: &WebhookPayload,
        settings: &Settings,
    ) {
        let body = payload.to_body(settings.format);
        let attempts = if settings.retries {
            1 + WEBHOOK_RETRIES
        } else {
            1
        };
        for n in 0..attempts {
            if n > 0 {
                tokio::time::sleep(settings.retry_interval).await;
            }
            let outcome = attempt(url, &body, settings.format, settings.timeout).await;
            let again = outcome.retried();
            self.log()[index].attempts.push(outcome);
            if !again {
                return;
            }
        }
    }
}

/// One POST over a fresh connection, as a webhook sender makes it.
async fn attempt(
    url: &WebhookUrl,
    body: &[u8],
    format: WebhookFormat,
    timeout: Duration,
) -> WebhookAttempt {
    let connect = tokio::time::timeout(CONNECT_TIMEOUT.min(timeout), TcpStream::connect(url.addr));
    let stream = match connect.await {
        Ok(Ok(stream)) => stream,
        Ok(Err(e)) => return WebhookAttempt::Failed(format!("cannot connect: {e}")),
        Err(_) => return WebhookAttempt::Failed("connecting timed out".into()),
    };
    let exchange = async {
        let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("HTTP handshake failed: {e}"))?;
        let request = Request::post(url.path_and_query.as_str())
            .header(header::HOST, url.authority.as_str())
            .header(header::CONTENT_TYPE, format.content_type())
            .header(header::USER_AGENT, "portone-v1-fake")
            .body(Body::from(body.to_vec()))
            .map_err(|e| format!("cannot build the request: {e}"))?;
        // The connection is driven here, beside the request, not spawned:
        // when the answer is in (or the timeout hits) both are dropped
        // and the socket closes, leaving no task behind.
        let send = sender.send_request(request);
        tokio::pin!(send, conn);
        let response = tokio::select! {
            response = &mut send => response,
            _ = &mut conn => send.await,
        };
        response
            .map(|r| r.status().as_u16())
            .map_err(|e| format!("no answer: {e}"))
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(Ok(status)) => WebhookAttempt::Answered(status),
        Ok(Err(reason)) => WebhookAttempt::Failed(reason),
        Err(_) => WebhookAttempt::Failed(format!("no answer within {timeout:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_loopback_http_only() {
        for ok in [
            "http://127.0.0.1:8000/webhook",
            "http://localhost:9/",
            "http://[::1]:8080/a?b=c",
            "http://127.1.2.3",
        ] {
            let url = WebhookUrl::parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert!(url.addr.ip().is_loopback());
        }
        let u = WebhookUrl::parse("http://127.0.0.1/").unwrap();
        assert_eq!(u.addr.port(), 80);
        assert_eq!(
            WebhookUrl::parse("http://[::1]:8080/a?b=c")
                .unwrap()
                .path_and_query,
            "/a?b=c"
        );
        for (bad, why) in [
            ("https://127.0.0.1/x", "https"),
            ("http://example.com/x", "only 127.0.0.1"),
            ("http://10.0.0.1/x", "not this machine"),
            ("http://0.0.0.0:80/", "not this machine"),
            ("ftp://127.0.0.1/", "not http"),
            ("127.0.0.1:8000", "no scheme"),
            ("http://user:pw@127.0.0.1/", "user name"),
            ("not a url", "not a URL"),
        ] {
            let e = WebhookUrl::parse(bad).unwrap_err().to_string();
            assert!(e.contains(why) && e.contains(bad), "{bad}: {e}");
        }
    }
}
