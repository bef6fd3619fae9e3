//! `portone-v1 listen`: receives PortOne webhooks on 127.0.0.1 (as `stripe
//! listen` does for Stripe), verifies each through the client and prints
//! one JSON line per verified webhook on stdout.
//!
//! Each webhook is answered at once (200, or 400 for a body that is no
//! webhook) and verified afterwards: the payment is read by `imp_uid`, since
//! V1 webhooks carry no signature. The line holds what was verified (ids,
//! statuses, amounts, the dedupe key), never buyer data; a webhook that
//! does not verify gets one line on stderr, which quotes nothing of its
//! body either.

use std::collections::HashSet;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, header};
use clap::Args;
use portone_v1::error::ErrorChain;
use portone_v1::{DedupeKey, GetPaymentOptions, PortOne, VerifiedWebhook, WebhookPayload};
use serde_json::json;

use crate::flags::GetPaymentFlags;

/// `portone-v1 listen ...`
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Port on 127.0.0.1 to receive webhooks on; 0 picks a free one. The
    /// URL is printed on stderr at start.
    #[arg(long, value_name = "N", default_value_t = 8000)]
    pub port: u16,
    /// The options of the lookup that verifies each webhook, generated
    /// from the spec (--include-sandbox verifies test-channel payments).
    #[command(flatten)]
    pub flags: GetPaymentFlags,
    /// API base URL (default https://api.iamport.kr, or PORTONE_API_URL).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// What every request shares.
#[derive(Clone)]
struct Listener {
    client: PortOne,
    options: Arc<GetPaymentOptions>,
    /// The keys printed so far: a repeat is marked `"duplicate": true`.
    seen: Arc<Mutex<HashSet<DedupeKey>>>,
}

/// Runs until Ctrl-C. Exit 2 for a configuration it cannot use, 1 when
/// the port cannot be bound.
pub async fn run(args: ListenArgs) -> ExitCode {
    let client = match crate::client(args.base_url.as_deref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let socket = match tokio::net::TcpListener::bind(addr).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {addr}: {e}; pick another --port, or 0 for any free one"
            );
            return ExitCode::from(crate::exit::EXIT_FAILED);
        }
    };
    let bound = socket.local_addr().unwrap_or(addr);
    eprintln!(
        "portone-v1 listen: receiving webhooks on http://{bound}/ (POST, any path); \
         verifying each against {}; Ctrl-C stops",
        client.base_url()
    );
    let state = Listener {
        client,
        options: Arc::new(args.flags.apply(GetPaymentOptions::new())),
        seen: Arc::default(),
    };
    let app = Router::new().fallback(receive).with_state(state);
    let served = axum::serve(socket, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: receiving webhooks failed: {e}");
            ExitCode::from(crate::exit::EXIT_FAILED)
        }
    }
}

/// Every path: a webhook URL may have any path. Answers before verifying.
async fn receive(
    State(state): State<Listener>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    if method != Method::POST {
        return StatusCode::METHOD_NOT_ALLOWED;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let payload = match WebhookPayload::from_body(content_type, &body) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}; answered 400");
            return StatusCode::BAD_REQUEST;
        }
    };
    tokio::spawn(async move {
        match state
            .client
            .verify_webhook_with(&payload, &state.options)
            .await
        {
            Ok(verified) => println!("{}", line(&state, &verified)),
            Err(e) => eprintln!("error: {}", ErrorChain::new(&e)),
        }
    });
    StatusCode::OK
}

/// The JSON line of a verified webhook: no buyer data.
fn line(state: &Listener, verified: &VerifiedWebhook) -> String {
    let duplicate = !state
        .seen
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(verified.dedupe_key().clone());
    let payment = verified.payment();
    json!({
        "imp_uid": verified.imp_uid(),
        "merchant_uid": verified.merchant_uid(),
        "status": verified.status(),
        "webhook_status": verified.webhook_status(),
        "cancellation_id": verified.cancellation().and_then(|c| c.cancellation_id.as_deref()),
        "amount": payment.amount,
        "cancel_amount": payment.cancel_amount,
        "currency": payment.currency,
        "dedupe_key": verified.dedupe_key().as_str(),
        "duplicate": duplicate,
    })
    .to_string()
}
