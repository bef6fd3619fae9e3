//! Facts the spec states as data rather than prose, generated into
//! constants: a parameter's `default` (`DEFAULT_*` of the options type) and
//! a webhook's `x-delivery` (`webhook::delivery`). Read off the files
//! `generate_all` writes for the real spec and for edits of it.

mod common;

use common::{generated_file as generated, real_spec};
use serde_json::{Value, json};
use xtask::{REQUEST_INPUTS_PATH, WEBHOOK_DELIVERY_PATH};

/// The committed spec as JSON, to edit as upstream would.
fn real() -> Value {
    real_spec().json
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_parameter_default_becomes_a_constant_of_its_options() {
    let mut doc = real();
    let text = squash(&generated(&doc, REQUEST_INPUTS_PATH).unwrap());
    assert!(
        text.contains("pub const DEFAULT_LIMIT: u64 = 20;"),
        "{text}"
    );
    assert!(text.contains("pub const DEFAULT_PAGE: u64 = 1;"));
    assert!(text.contains("pub const DEFAULT_SORTING: &str = \"-started\";"));

    // Upstream changes the page size: one spec edit, a new constant.
    doc.pointer_mut("/components/parameters/LimitQuery/schema")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert("default".into(), json!(50));
    let text = squash(&generated(&doc, REQUEST_INPUTS_PATH).unwrap());
    assert!(
        text.contains("pub const DEFAULT_LIMIT: u64 = 50;"),
        "{text}"
    );

    // A default no constant can hold is refused, naming the parameter.
    doc.pointer_mut("/components/parameters/LimitQuery/schema")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert("default".into(), json!([20]));
    let error = generated(&doc, REQUEST_INPUTS_PATH).unwrap_err();
    assert!(error.contains("`default: [20]` of `limit`"), "{error}");
}

#[test]
fn a_webhook_delivery_becomes_constants() {
    let mut doc = real();
    let text = squash(&generated(&doc, WEBHOOK_DELIVERY_PATH).unwrap());
    assert!(text.contains("pub mod payment_notice"), "{text}");
    assert!(text.contains("pub const RETRIES: usize = 5;"), "{text}");
    assert!(text.contains("RESPONSE_TIMEOUT: Duration = Duration::from_secs(30);"));

    let delivery = "/x-webhooks/paymentNotice/post/x-delivery";
    doc.pointer_mut(delivery)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert("retries".into(), json!(3));
    let text = squash(&generated(&doc, WEBHOOK_DELIVERY_PATH).unwrap());
    assert!(text.contains("pub const RETRIES: usize = 3;"), "{text}");

    // A key the generator does not know, or a missing one, is refused with
    // its place.
    doc.pointer_mut(delivery)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert("jitter".into(), json!(1));
    let error = generated(&doc, WEBHOOK_DELIVERY_PATH).unwrap_err();
    assert!(
        error.contains("`jitter` is not a key of `x-delivery`"),
        "{error}"
    );
    assert!(error.contains("x-delivery/jitter"), "{error}");
    let object = doc.pointer_mut(delivery).unwrap().as_object_mut().unwrap();
    object.remove("jitter");
    object.remove("retries");
    let error = generated(&doc, WEBHOOK_DELIVERY_PATH).unwrap_err();
    assert!(
        error.contains("`x-delivery.retries` must be a whole number"),
        "{error}"
    );
}
