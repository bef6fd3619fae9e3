//! The published JSON Schemas (`docs/schemas/`) accept every example in the
//! spec and every response fixture in `tests/fixtures/`, and reject
//! deliberately wrong documents at the right place.
//!
//! The schemas are read from disk, as a user gets them; `docs_drift.rs` checks
//! that they equal a fresh generation. `$ref`s between files are resolved by a
//! retriever that serves only these files, so nothing is ever fetched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::{Value, json};
use xtask::docs::json_schema::{SCHEMA_ID_BASE, schema_id};

fn root() -> PathBuf {
    xtask::workspace_root()
}

/// Every `docs/schemas/<Name>.schema.json`, by name, and at least the
/// component schemas.
fn published_schemas() -> BTreeMap<String, Value> {
    let out = portone_v1_tests::published_schemas();
    let dir = root().join("docs/schemas");
    assert!(
        out.len() >= 10,
        "expected the component schemas in {}, found {}",
        dir.display(),
        out.len()
    );
    out
}

/// Serves the published schemas by `$id`; refuses anything else.
struct LocalOnly(BTreeMap<String, Value>);

impl Retrieve for LocalOnly {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .strip_prefix(SCHEMA_ID_BASE)
            .and_then(|rest| rest.strip_suffix(".schema.json"));
        name.and_then(|n| self.0.get(n).cloned())
            .ok_or_else(|| format!("{uri} is not one of docs/schemas/*.schema.json").into())
    }
}

fn validator(schemas: &BTreeMap<String, Value>, name: &str) -> Validator {
    let schema = schemas
        .get(name)
        .unwrap_or_else(|| panic!("no docs/schemas/{name}.schema.json"));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_retriever(LocalOnly(schemas.clone()))
        .build(schema)
        .unwrap_or_else(|e| panic!("docs/schemas/{name}.schema.json does not compile: {e}"))
}

/// All errors as `path: message` lines (empty when valid).
fn errors(v: &Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// `(where, schema name, value)` for every example in the spec whose media
/// type names a component schema.
fn spec_examples() -> Vec<(String, String, Value)> {
    let spec = xtask::spec::load(&root().join(xtask::SPEC_PATH)).expect("the spec loads");
    let mut out = Vec::new();
    xtask::model::for_each_node(&spec.json, &mut |pointer, node| {
        let Some(name) = node
            .pointer("/schema/$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        else {
            return;
        };
        if let Some(examples) = node.get("examples").and_then(Value::as_object) {
            for (key, example) in examples {
                let value = example.get("value").cloned().unwrap_or(Value::Null);
                out.push((format!("{pointer}/examples/{key}"), name.to_string(), value));
            }
        }
        if let Some(value) = node.get("example") {
            out.push((
                format!("{pointer}/example"),
                name.to_string(),
                value.clone(),
            ));
        }
    });
    out
}

#[test]
fn every_spec_example_validates() {
    let schemas = published_schemas();
    let examples = spec_examples();
    // The spec has request examples for every operation and response
    // examples for every status; far fewer means the walk above broke.
    assert!(
        examples.len() >= 10,
        "found only {} examples in the spec",
        examples.len()
    );
    for name in ["CancelPaymentRequest", "PaymentResponse", "ErrorResponse"] {
        assert!(
            examples.iter().any(|(_, n, _)| n == name),
            "no spec example checks {name}"
        );
    }
    let mut failures = Vec::new();
    for (at, name, value) in &examples {
        let errs = errors(&validator(&schemas, name), value);
        if !errs.is_empty() {
            failures.push(format!("{at} (as {name}):\n  {}", errs.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "spec examples that break the published JSON Schemas:\n{}",
        failures.join("\n")
    );
}

/// Which envelope a fixture is: by its name, else by the `parse as` column of
/// `tests/fixtures/README.md`.
fn schema_for_fixture(file: &str, readme: &str) -> Option<&'static str> {
    let by_prefix = [
        ("payment-", "PaymentResponse"),
        ("cancel-", "PaymentResponse"),
        ("error-", "ErrorResponse"),
        ("token-", "AccessTokenResponse"),
    ];
    if let Some((_, s)) = by_prefix.iter().find(|(p, _)| file.starts_with(p)) {
        return Some(s);
    }
    let row = readme
        .lines()
        .find(|l| l.starts_with('|') && l.contains(&format!("`{file}`")))?;
    let column = row.split('|').nth(2)?.trim().trim_matches('`');
    [
        "PaymentResponse",
        "ErrorResponse",
        "AccessTokenResponse",
        "Payment",
        "CancelPaymentRequest",
    ]
    .into_iter()
    .find(|s| *s == column)
}

fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(fixtures(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn every_response_fixture_validates() {
    let schemas = published_schemas();
    let dir = root().join("tests/fixtures");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap_or_default();
    let files = fixtures(&dir);
    assert!(
        !files.is_empty(),
        "no JSON fixtures under {}",
        dir.display()
    );
    let mut seen = BTreeMap::<&str, usize>::new();
    let mut failures = Vec::new();
    for path in &files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(name) = schema_for_fixture(&file, &readme) else {
            failures.push(format!(
                "{file}: cannot tell which schema it is; name it payment-/cancel-/error-/token-*.json or give it a `parse as` row in tests/fixtures/README.md"
            ));
            continue;
        };
        *seen.entry(name).or_default() += 1;
        let value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
        let errs = errors(&validator(&schemas, name), &value);
        if !errs.is_empty() {
            failures.push(format!("{file} (as {name}):\n  {}", errs.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "fixtures that break the published JSON Schemas:\n{}",
        failures.join("\n")
    );
    for name in ["PaymentResponse", "ErrorResponse", "AccessTokenResponse"] {
        assert!(
            seen.contains_key(name),
            "no fixture is checked as {name}: {seen:?}"
        );
    }
}

/// A valid cancel response from the spec, to break on purpose.
fn good_payment_response() -> Value {
    spec_examples()
        .into_iter()
        .find(|(at, name, v)| {
            name == "PaymentResponse" && at.contains("cancel") && v["code"] == json!(0)
        })
        .map(|(_, _, v)| v)
        .expect("the spec has a successful cancel response example")
}

#[test]
fn deliberately_wrong_documents_fail_where_they_are_wrong() {
    let schemas = published_schemas();
    let envelope = validator(&schemas, "PaymentResponse");
    let good = good_payment_response();
    assert_eq!(
        errors(&envelope, &good),
        Vec::<String>::new(),
        "the base document must be valid"
    );

    // `response` is `anyOf [Payment, null]`, and a validator reports a failed
    // `anyOf` at the envelope level; so each broken payment is checked
    // against `Payment` for the exact place, and inside the envelope for the
    // overall verdict.
    let payment = validator(&schemas, "Payment");
    let base = good["response"].clone();
    let mut cases: Vec<(&str, Value, &str)> = Vec::new();
    let mut amount_text = base.clone();
    amount_text["amount"] = json!("abc");
    cases.push(("amount as a string", amount_text, "/amount"));
    let mut status_number = base.clone();
    status_number["status"] = json!(3);
    cases.push(("status as a number", status_number, "/status"));
    let mut no_imp_uid = base.clone();
    no_imp_uid.as_object_mut().unwrap().remove("imp_uid");
    cases.push(("imp_uid missing", no_imp_uid, ""));
    let mut null_history = base.clone();
    null_history["cancel_history"] = Value::Null;
    cases.push(("cancel_history null", null_history, "/cancel_history"));
    let mut text_time = base.clone();
    text_time["cancel_history"][0]["cancelled_at"] = json!("2026-11-25");
    cases.push((
        "timestamp as text",
        text_time,
        "/cancel_history/0/cancelled_at",
    ));

    for (what, broken, path) in &cases {
        let errs = errors(&payment, broken);
        assert!(
            errs.iter().any(|e| e.starts_with(&format!("{path}:"))),
            "{what}: expected an error at `{path}`, got {errs:?}"
        );
        let mut doc = good.clone();
        doc["response"] = broken.clone();
        assert!(
            !errors(&envelope, &doc).is_empty(),
            "{what}: the envelope must fail too"
        );
    }
    let mut code_text = good.clone();
    code_text["code"] = json!("0");
    assert!(
        errors(&envelope, &code_text)
            .iter()
            .any(|e| e.starts_with("/code:")),
        "code as a string must fail at /code"
    );

    let request = validator(&schemas, "CancelPaymentRequest");
    let long_uid = json!({"imp_uid": "i".repeat(33), "reason": "x"});
    assert!(
        errors(&request, &long_uid)
            .iter()
            .any(|e| e.starts_with("/imp_uid:")),
        "an imp_uid over 32 characters must fail"
    );
    let bad_requester = json!({"imp_uid": "imp_1", "extra": {"requester": "robot"}});
    assert!(
        errors(&request, &bad_requester)
            .iter()
            .any(|e| e.starts_with("/extra/requester:")),
        "requester outside customer/admin must fail"
    );
    let amount_null = json!({"imp_uid": "imp_1", "amount": null});
    assert!(
        !errors(&request, &amount_null).is_empty(),
        "amount is not nullable: an explicit null must fail"
    );
}

#[test]
fn open_enums_accept_unknown_values_and_nullable_fields_accept_null() {
    let schemas = published_schemas();
    let envelope = validator(&schemas, "PaymentResponse");
    let mut doc = good_payment_response();
    doc["response"]["status"] = json!("some_future_status");
    doc["response"]["pg_provider"] = json!("brand_new_pg");
    doc["response"]["customer_uid_usage"] = Value::Null;
    doc["response"]["promotion"] = Value::Null;
    doc["response"]["card_type"] = Value::Null;
    // Fields the API adds later must not break old schemas.
    doc["response"]["a_field_added_in_2030"] = json!(1);
    assert_eq!(errors(&envelope, &doc), Vec::<String>::new());
}

#[test]
fn schema_ids_and_refs_stay_inside_the_folder() {
    let schemas = published_schemas();
    for (name, schema) in &schemas {
        assert_eq!(schema["$id"], json!(schema_id(name)), "{name}: $id");
        assert_eq!(
            schema["$schema"],
            json!("https://json-schema.org/draft/2020-12/schema"),
            "{name}: dialect"
        );
        assert!(
            schema["$comment"]
                .as_str()
                .is_some_and(|c| c.starts_with(xtask::docs::DOCS_MARKER)),
            "{name}: missing the generated marker in $comment"
        );
        xtask::model::for_each_node(schema, &mut |pointer, node| {
            if let Some(r) = node.get("$ref").and_then(Value::as_str) {
                let target = r
                    .strip_suffix(".schema.json")
                    .unwrap_or_else(|| panic!("{name}{pointer}: $ref {r} is not a sibling file"));
                assert!(
                    schemas.contains_key(target),
                    "{name}{pointer}: $ref {r} names no file in docs/schemas"
                );
            }
            assert!(
                node.get("nullable").is_none()
                    || !node.is_object()
                    || pointer.contains("/properties/nullable"),
                "{name}{pointer}: OpenAPI `nullable` left in a JSON Schema"
            );
        });
    }
}
