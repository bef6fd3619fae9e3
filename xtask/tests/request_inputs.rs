//! The generated request inputs and CLI flags (`inputs/operations.rs`, the
//! builders' `inputs/*_setters.rs`, `flags.rs`): which properties get setters and flags, and how, read off
//! the files `generate_all` writes for the real spec and for edits of it.
//! (That the results compile and work is `tests/upstream_edit.rs`.)

mod common;

use common::{generated_files, real_spec};
use serde_json::{Value, json};
use xtask::{CLI_FLAGS_PATH, REQUEST_INPUTS_PATH};

/// The committed spec as JSON, to edit as upstream would.
fn real() -> Value {
    real_spec().json
}

/// `(inputs file, flags file)` for `doc`, or the generator's error.
fn generate(doc: &Value) -> Result<(String, String), String> {
    let files = generated_files(doc)?;
    let get = |path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} is generated"))
            .contents
            .clone()
    };
    // The rules and options, and the setters of the hand-written builders
    // (files of their own, included beside each builder).
    let mut inputs = get(REQUEST_INPUTS_PATH);
    for f in files.iter().filter(|f| f.path.ends_with("_setters.rs")) {
        inputs.push_str(&f.contents);
    }
    Ok((inputs, get(CLI_FLAGS_PATH)))
}

fn cancel_props(doc: &mut Value) -> &mut serde_json::Map<String, Value> {
    doc.pointer_mut("/components/schemas/CancelPaymentRequest/properties")
        .unwrap()
        .as_object_mut()
        .unwrap()
}

#[test]
fn claimed_properties_get_no_setter_and_the_others_do() {
    let (inputs, flags) = generate(&real()).unwrap();
    for claimed in [
        "imp_uid",
        "merchant_uid",
        "amount",
        "checksum",
        "refund_bank",
        "imp_key",
    ] {
        assert!(
            !inputs.contains(&format!("pub fn {claimed}(")),
            "{claimed} has a setter"
        );
        let flag = format!("long = \"{}\"", claimed.replace('_', "-"));
        assert!(!flags.contains(&flag), "{claimed} has a generated flag");
        // Its rule is generated all the same: the hand-written type reads it.
        let rule = format!("pub(crate) const {}: Rule", claimed.to_uppercase());
        assert!(inputs.contains(&rule), "{claimed} has no rule");
    }
    for (setter, flag) in [
        ("reason", "reason"),
        ("tax_free", "tax-free"),
        ("vat_amount", "vat-amount"),
        ("retain_promotion", "retain-promotion"),
        ("enable_webhook", "enable-webhook"),
        ("include_sandbox", "include-sandbox"),
    ] {
        assert!(
            inputs.contains(&format!("pub fn {setter}(")),
            "no setter {setter}"
        );
        assert!(
            flags.contains(&format!("long = \"{flag}\"")),
            "no flag --{flag}"
        );
    }
    // A boolean is a switch: a plain `bool` field, no value.
    assert!(flags.contains("pub retain_promotion: bool,"), "{flags}");
    // The limit of `reason` is checked in build(), from the spec.
    assert!(inputs.contains("rules::REASON.text(value)?"), "{inputs}");
    assert!(
        inputs.contains("Rule::new(\"reason\").max_length(256)"),
        "{inputs}"
    );
}

#[test]
fn a_required_property_is_refused_until_set_and_required_on_the_cli() {
    let mut doc = real();
    cancel_props(&mut doc).insert(
        "operator_id".into(),
        json!({"type": "string", "maxLength": 20, "description": "직원.\n\nStaff."}),
    );
    doc["components"]["schemas"]["CancelPaymentRequest"]["required"] = json!(["operator_id"]);
    let (inputs, flags) = generate(&doc).unwrap();
    assert!(
        inputs.contains("if self.options.operator_id.is_none()")
            || inputs.contains("if self.operator_id.is_none()"),
        "{inputs}"
    );
    assert!(inputs.contains("rules::OPERATOR_ID.missing("), "{inputs}");
    assert!(
        inputs.contains("set it with `.operator_id(..)`"),
        "{inputs}"
    );
    assert!(flags.contains("required = true"), "{flags}");
}

#[test]
fn objects_and_arrays_take_json_and_numbers_are_bounded() {
    let mut doc = real();
    cancel_props(&mut doc).insert(
        "labels".into(),
        json!({"type": "array", "items": {"type": "string"}, "description": "표시.\n\nLabels."}),
    );
    cancel_props(&mut doc).insert(
        "installments".into(),
        json!({"type": "integer", "minimum": 1, "maximum": 36, "description": "할부.\n\nInstalments."}),
    );
    let (inputs, flags) = generate(&doc).unwrap();
    assert!(flags.contains("long = \"labels\""), "{flags}");
    assert!(flags.contains("value_name = \"JSON\""), "{flags}");
    assert!(flags.contains("crate::json_flag::parse::<"), "{flags}");
    assert!(inputs.contains(".minimum(1.0, false)"), "{inputs}");
    assert!(inputs.contains(".maximum(36.0, false)"), "{inputs}");
    assert!(
        inputs.contains("rules::INSTALLMENTS.number(value)?"),
        "{inputs}"
    );
}

#[test]
fn a_password_input_is_never_a_flag() {
    let mut doc = real();
    doc["paths"]["/payments/{imp_uid}"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(json!({
            "name": "pin", "in": "query", "required": false,
            "description": "비밀번호.\n\nA PIN.",
            "schema": {"type": "string", "format": "password", "maxLength": 8}
        }));
    let (inputs, flags) = generate(&doc).unwrap();
    assert!(inputs.contains("pub fn pin("), "{inputs}");
    assert!(!flags.contains("long = \"pin\""), "{flags}");
}

#[test]
fn a_new_property_inside_a_claimed_object_gets_its_own_setter() {
    let mut doc = real();
    doc["components"]["schemas"]["CancelExtra"]["properties"]["channel_key"] =
        json!({"type": "string", "maxLength": 10, "description": "채널.\n\nChannel."});
    let (inputs, flags) = generate(&doc).unwrap();
    assert!(inputs.contains("pub fn channel_key("), "{inputs}");
    assert!(inputs.contains("&[\"extra\", \"channel_key\"]"), "{inputs}");
    assert!(
        inputs.contains("Rule::new(\"extra.channel_key\")"),
        "{inputs}"
    );
    assert!(flags.contains("long = \"extra-channel-key\""), "{flags}");
    assert!(
        !inputs.contains("pub fn requester("),
        "the claimed one stays hand-written"
    );
}

#[test]
fn a_body_property_with_no_host_is_refused_naming_the_claims() {
    let mut doc = real();
    doc["components"]["schemas"]["GetTokenRequest"]["properties"]["agency"] =
        json!({"type": "string", "description": "대행사.\n\nAgency."});
    let e = generate(&doc).unwrap_err();
    assert!(e.contains("agency"), "{e}");
    assert!(e.contains("xtask/src/generate/claims.rs"), "{e}");
    assert!(e.contains("GetTokenRequest"), "names where: {e}");
}

/// The operation whose `parameters` list is `op`'s (`/payments/find/...`).
fn parameters<'a>(doc: &'a mut Value, path: &str) -> &'a mut Vec<Value> {
    doc["paths"][path]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
}

#[test]
fn an_operation_sharing_options_gets_an_apply_on_the_owners_options_and_nothing_of_its_own() {
    let (inputs, flags) = generate(&real()).unwrap();
    assert!(inputs.contains("pub struct FindPaymentOptions"), "{inputs}");
    assert!(!inputs.contains("FindPaymentWithStatusOptions"), "{inputs}");
    assert!(
        inputs.contains("impl super::find_payment::FindPaymentOptions"),
        "{inputs}"
    );
    assert!(
        inputs.contains("fn apply_find_payment_with_status<'a>"),
        "{inputs}"
    );
    assert!(
        inputs.contains("call: crate::generated::builder::FindPaymentWithStatus<'a>"),
        "{inputs}"
    );
    assert!(
        inputs.contains("fn apply_find_payments_with_status<'a>"),
        "{inputs}"
    );
    // One flags type, the owner's; the sharer still has its help texts.
    assert!(flags.contains("pub struct FindPaymentFlags"), "{flags}");
    assert!(!flags.contains("FindPaymentWithStatusFlags"), "{flags}");
    assert!(
        flags.contains("pub mod find_payment_with_status"),
        "{flags}"
    );
    // A value starting with `-` is a value of the flag, not another flag.
    assert!(flags.contains("allow_hyphen_values = true"), "{flags}");
    assert!(
        flags.contains("One of: -started, started, -paid, paid, -updated, updated."),
        "{flags}"
    );
}

#[test]
fn shared_options_need_the_same_query_parameters() {
    let with = "/payments/find/{merchant_uid}/{payment_status}";
    let without = "/payments/find/{merchant_uid}";
    let sorting = json!({"$ref": "#/components/parameters/SortingQuery"});
    let extra = json!({
        "name": "channel", "in": "query", "required": false,
        "description": "채널.\n\nChannel.",
        "schema": {"type": "string", "maxLength": 10}
    });

    // A parameter the sharer has and the owner lacks.
    let mut doc = real();
    parameters(&mut doc, with).push(extra.clone());
    let e = generate(&doc).unwrap_err();
    assert!(
        e.contains("`channel`") && e.contains("is not one of findPayment's"),
        "{e}"
    );
    assert!(
        e.contains("SHARED_OPTIONS in xtask/src/generate/claims.rs"),
        "{e}"
    );
    assert!(e.contains("/parameters/3"), "names where: {e}");

    // One the owner has and the sharer lacks.
    let mut doc = real();
    parameters(&mut doc, without).push(extra);
    let e = generate(&doc).unwrap_err();
    assert!(
        e.contains("`channel`") && e.contains("which findPaymentWithStatus lacks"),
        "{e}"
    );

    // The same name, another limit.
    let mut doc = real();
    let params = parameters(&mut doc, with);
    let at = params.iter().position(|p| *p == sorting).unwrap();
    params[at] = json!({
        "name": "sorting", "in": "query", "required": false,
        "description": "정렬.\n\nOrder.",
        "schema": {"type": "string", "maxLength": 8}
    });
    let e = generate(&doc).unwrap_err();
    assert!(
        e.contains("`sorting`") && e.contains("differs from findPayment's"),
        "{e}"
    );

    // The same schema, another description: the setter's docs would lie.
    let mut doc = real();
    let mut own = doc["components"]["parameters"]["SortingQuery"].clone();
    own["description"] = json!("다른 설명.\n\nAnother description.");
    let params = parameters(&mut doc, with);
    let at = params.iter().position(|p| *p == sorting).unwrap();
    params[at] = own;
    let e = generate(&doc).unwrap_err();
    assert!(e.contains("different descriptions"), "{e}");
}
