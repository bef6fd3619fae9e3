//! The delivery constants of every webhook (the spec's `x-delivery`, read
//! by [`crate::model::webhook_delivery`]), written to
//! [`WEBHOOK_DELIVERY_PATH`](crate::WEBHOOK_DELIVERY_PATH) as
//! `portone_v1::webhook::delivery::<webhook>::{RETRIES, ...}`: what a
//! receiver can rely on (answer within `RESPONSE_TIMEOUT`), and what the
//! fake's delivery imitates, stated in the spec only.

use crate::model::Model;
use crate::model::webhook_delivery::{EXTENSION, delivery_of};
use crate::spec::SpecError;
use crate::{GENERATED_HEADER, SPEC_PATH};

use super::inputs::snake;

/// The text of the generated file.
pub fn generate(model: &Model<'_>) -> Result<String, SpecError> {
    let refuse = |location: String, message: String| SpecError {
        file: model.file().to_path_buf(),
        location,
        message,
    };
    let mut body = String::from(
        "//! How PortOne delivers each webhook, from the spec's `x-delivery`.\nuse std::time::Duration;\n",
    );
    for webhook in model.webhooks() {
        let Some(d) = delivery_of(webhook).map_err(|(at, why)| refuse(at, why))? else {
            continue;
        };
        let id = webhook.id.ok_or_else(|| {
            refuse(
                webhook.pointer.clone(),
                format!("a webhook with `{EXTENSION}` needs an operationId (its module's name)"),
            )
        })?;
        body.push_str(&format!(
            "/// `{id}` (`x-webhooks` → `{}`).\npub mod {} {{\nuse super::Duration;\n",
            webhook.path,
            snake(id)
        ));
        body.push_str(&format!(
            "/// How many more attempts follow a failed one (a network error or a 5xx answer), for a merchant with retries enabled; none otherwise.\npub const RETRIES: usize = {};\n",
            d.retries
        ));
        body.push_str(&format!(
            "/// The wait between two attempts.\npub const RETRY_INTERVAL: Duration = Duration::from_secs({});\n",
            d.retry_interval_seconds
        ));
        body.push_str(&format!(
            "/// How long an attempt waits for the connection.\npub const CONNECT_TIMEOUT: Duration = Duration::from_secs({});\n",
            d.connect_timeout_seconds
        ));
        body.push_str(&format!(
            "/// How long an attempt waits for the receiver's answer: answer first, verify after.\npub const RESPONSE_TIMEOUT: Duration = Duration::from_secs({});\n}}\n",
            d.response_timeout_seconds
        ));
    }
    let file = syn::parse_file(&body).map_err(|e| {
        refuse(
            "#/x-webhooks".into(),
            format!("the generated webhook delivery constants do not parse: {e}; this is a bug of xtask/src/generate/webhook_delivery.rs"),
        )
    })?;
    Ok(format!(
        "{GENERATED_HEADER}\n// source: {SPEC_PATH} (`{EXTENSION}` of each `x-webhooks` operation).\n// Change the spec, then run `cargo xtask generate`.\n\n{}",
        prettyplease::unparse(&file)
    ))
}
