//! A webhook receiver on axum: it answers PortOne at once and verifies each
//! webhook in the background (V1 webhooks are not signed, so the payment is
//! read from PortOne, and that is what counts).
//!
//! ```sh
//! cargo run --example webhook
//! ```
//!
//! Without `PORTONE_IMP_KEY` in the environment it starts the local fake
//! server (`crates/portone-v1-fake`) with its webhooks pointed at this
//! receiver, makes two console cancels there (the second one delivered
//! twice, to show the duplicate being skipped) and exits. With
//! `PORTONE_IMP_KEY` and `PORTONE_IMP_SECRET` set it listens on
//! 127.0.0.1:PORT (8000 unless given) at `/portone-webhook` until Ctrl-C;
//! expose it with a tunnel and register the URL in PortOne's console:
//!
//! ```sh
//! PORTONE_IMP_KEY=... PORTONE_IMP_SECRET=... cargo run --example webhook -- 8000
//! ```

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use portone_v1::{Amount, DedupeKey, PortOne, VerifiedWebhook, WebhookPayload};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// What the receiver shares between requests.
#[derive(Clone)]
struct App {
    client: PortOne,
    /// Your orders: what each `merchant_uid` must cost. A database in a
    /// real shop; empty when the example runs against the real API.
    orders: Arc<HashMap<String, Amount>>,
    /// The dedupe keys handled so far (a unique column, in a real shop).
    handled: Arc<Mutex<HashSet<DedupeKey>>>,
    /// Where each outcome is reported (printed by `main`).
    events: mpsc::UnboundedSender<String>,
}

/// `POST /portone-webhook`: parse, answer, verify afterwards. PortOne waits
/// for this answer (and, with retries enabled, sends again after a 5xx), so
/// nothing slow happens before it.
async fn receive(State(app): State<App>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let payload = match WebhookPayload::from_body(content_type, &body) {
        Ok(payload) => payload,
        Err(e) => {
            // Not a webhook: 4xx, which PortOne does not retry.
            let _ = app.events.send(format!("refused a body: {e}"));
            return StatusCode::BAD_REQUEST;
        }
    };
    tokio::spawn(async move {
        let line = match app.client.verify_webhook(&payload).await {
            Ok(verified) => handle(&app, &verified),
            // Nothing of the body is acted on; the error never quotes it.
            Err(e) => format!("not verified: {}", portone_v1::error::ErrorChain::new(&e)),
        };
        let _ = app.events.send(line);
    });
    StatusCode::OK
}

/// Acts on a verified webhook once: the payment as PortOne holds it, its
/// amount checked against the order.
fn handle(app: &App, verified: &VerifiedWebhook) -> String {
    if !app
        .handled
        .lock()
        .unwrap()
        .insert(verified.dedupe_key().clone())
    {
        return format!("duplicate, skipped: {}", verified.dedupe_key());
    }
    let payment = verified.payment();
    match app.orders.get(verified.merchant_uid()) {
        Some(expected) if *expected != payment.amount => format!(
            "order {} costs {expected} but {} was paid: do not ship",
            verified.merchant_uid(),
            payment.amount
        ),
        Some(_) => format!(
            "order {} is now {} ({} of {} {} refunded; key {})",
            verified.merchant_uid(),
            verified.status(),
            payment.cancel_amount,
            payment.amount,
            payment.currency,
            verified.dedupe_key()
        ),
        None => format!(
            "{} is {}: look up order {} and compare its amount with {} before acting",
            verified.imp_uid(),
            verified.status(),
            verified.merchant_uid(),
            payment.amount
        ),
    }
}

fn router(app: App) -> Router {
    Router::new()
        .route("/portone-webhook", post(receive))
        .with_state(app)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if std::env::var_os("PORTONE_IMP_KEY").is_some() {
        return real_api(&args).await;
    }

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/portone-webhook", listener.local_addr()?);
    let fake = portone_v1_fake::FakeServer::start(
        portone_v1_fake::FakeConfig::default().webhook_url(url.as_str()),
    )
    .await?;
    println!(
        "No PORTONE_IMP_KEY set: the local fake PortOne at {} sends its webhooks to {url}",
        fake.base_url()
    );
    let client = PortOne::builder(fake.imp_key(), fake.imp_secret().clone())
        .base_url(fake.base_url())
        .build()?;
    let orders = fake
        .payments()
        .into_iter()
        .map(|p| (p.merchant_uid, p.amount))
        .collect();
    let (events, mut printed) = mpsc::unbounded_channel();
    let app = App {
        client,
        orders: Arc::new(orders),
        handled: Arc::default(),
        events,
    };
    tokio::spawn(async move { axum::serve(listener, router(app)).await });

    let card = portone_v1_fake::seeds::CARD_PAID;
    fake.console_cancel(card, Some(Amount::from_i64(3000)))
        .map_err(|m| format!("the console cancel was refused: {m}"))?;
    expect_line(&mut printed).await?;
    // PortOne may deliver one webhook twice: the same verified state, the
    // same key, handled once.
    let again = fake.webhook_deliveries()[0].payload.clone();
    deliver_again(&url, &again).await?;
    expect_line(&mut printed).await?;
    fake.console_cancel(card, None)
        .map_err(|m| format!("the console cancel was refused: {m}"))?;
    expect_line(&mut printed).await?;
    fake.shutdown().await;
    Ok(())
}

/// Prints the next outcome; gives up after a few seconds.
async fn expect_line(printed: &mut mpsc::UnboundedReceiver<String>) -> Result<(), String> {
    match tokio::time::timeout(Duration::from_secs(10), printed.recv()).await {
        Ok(Some(line)) => {
            println!("  {line}");
            Ok(())
        }
        _ => Err("no webhook was handled within 10 seconds".into()),
    }
}

/// Sends a payload to the receiver again, as PortOne would (JSON): the
/// duplicate delivery of the demo.
async fn deliver_again(
    url: &str,
    payload: &WebhookPayload,
) -> Result<(), Box<dyn std::error::Error>> {
    portone_v1::tls::ensure_crypto_provider();
    let format = portone_v1::WebhookFormat::Json;
    let answer = reqwest::Client::new()
        .post(url)
        .header(header::CONTENT_TYPE, format.content_type())
        .body(payload.to_body(format))
        .send()
        .await?;
    if answer.status() != StatusCode::OK {
        return Err(format!("the receiver answered {}", answer.status()).into());
    }
    Ok(())
}

async fn real_api(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = match args.first() {
        Some(p) => p.parse().map_err(|_| format!("`{p}` is not a port"))?,
        None => 8000,
    };
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        "receiving PortOne webhooks on http://{}/portone-webhook (Ctrl-C stops)",
        listener.local_addr()?
    );
    let (events, mut printed) = mpsc::unbounded_channel();
    let app = App {
        client: PortOne::from_env()?,
        orders: Arc::default(),
        handled: Arc::default(),
        events,
    };
    tokio::spawn(async move {
        while let Some(line) = printed.recv().await {
            println!("{line}");
        }
    });
    axum::serve(listener, router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
