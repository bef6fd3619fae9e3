//! The docs agree with the Rust types. (That they are generated, current,
//! deterministic and marked is xtask's to test: `xtask/tests/docs_drift.rs`.)
//!
//! Drift between spec and types: the JSON Schemas converted from the spec
//! (`xtask::docs::json_schema`) and those schemars derives from the generated
//! types must agree, per object schema, on
//! - field names (serde renames included: schemars reports wire names);
//! - the required set (schemars: a field not `Option` and without
//!   `#[serde(default)]`);
//! - nullability, normalized on both sides to "accepts `null`" (a `"null"`
//!   type, or an `anyOf`/`oneOf` branch that accepts it, following `$ref`s).
//!   For a required field both sides must agree exactly. For an optional
//!   field the spec's "nullable" must hold in Rust; the reverse is allowed,
//!   because progenitor maps "may be absent" to `Option<T>`, which schemars
//!   always shows as nullable.
//!
//! Types are not compared: several are hand-written replacements (money,
//! secrets, open enums) whose JSON shape is tested in `wire_format.rs`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use xtask::docs;

fn spec() -> xtask::spec::LoadedSpec {
    xtask::spec::load(&xtask::workspace_root().join(xtask::SPEC_PATH)).expect("the spec loads")
}

/// Whether `schema` accepts `null`, following `$ref`s through `resolve`.
fn accepts_null(schema: &Value, resolve: &dyn Fn(&str) -> Option<Value>, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        return true;
    }
    match schema.get("type") {
        Some(Value::String(t)) if t == "null" => return true,
        Some(Value::Array(ts)) if ts.iter().any(|t| t == "null") => return true,
        _ => {}
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(items) = schema.get(key).and_then(Value::as_array)
            && items.iter().any(|s| accepts_null(s, resolve, depth + 1))
        {
            return true;
        }
    }
    if let Some(items) = schema.get("allOf").and_then(Value::as_array)
        && !items.is_empty()
        && items.iter().all(|s| accepts_null(s, resolve, depth + 1))
    {
        return true;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return resolve(r).is_some_and(|t| accepts_null(&t, resolve, depth + 1));
    }
    false
}

/// One object schema, normalized.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    fields: BTreeSet<String>,
    required: BTreeSet<String>,
    nullable: BTreeSet<String>,
}

fn shape(schema: &Value, resolve: &dyn Fn(&str) -> Option<Value>) -> Shape {
    let props = schema
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    Shape {
        fields: props.keys().cloned().collect(),
        required: schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default(),
        nullable: props
            .iter()
            .filter(|(_, s)| accepts_null(s, resolve, 0))
            .map(|(k, _)| k.clone())
            .collect(),
    }
}

fn rust_shape(root: schemars::schema::RootSchema) -> Shape {
    let value = serde_json::to_value(&root).unwrap();
    let definitions = value.get("definitions").cloned().unwrap_or(Value::Null);
    let resolve = move |r: &str| {
        r.strip_prefix("#/definitions/")
            .and_then(|n| definitions.get(n).cloned())
    };
    shape(&value, &resolve)
}

macro_rules! rust_shapes {
    ($($name:ident),* $(,)?) => {
        BTreeMap::from([
            $((stringify!($name), rust_shape(schemars::schema_for!(portone_v1::$name)))),*
        ])
    };
}

#[test]
fn spec_schemas_and_rust_types_agree() {
    let spec_schemas = docs::json_schema::convert_all(&spec().model()).unwrap();
    let rust = rust_shapes!(
        AccessToken,
        AccessTokenResponse,
        CancelExtra,
        CancelPaymentRequest,
        ErrorResponse,
        GetTokenRequest,
        Payment,
        PaymentCancellation,
        PaymentPage,
        PaymentPageResponse,
        PaymentResponse,
        Promotion,
        VbankDeposit,
        WebhookPayload,
    );
    let objects: BTreeSet<&str> = spec_schemas
        .iter()
        .filter(|(_, s)| s.get("properties").is_some())
        .map(|(n, _)| n.as_str())
        .collect();
    let compared: BTreeSet<&str> = rust.keys().copied().collect();
    assert_eq!(
        objects, compared,
        "every object schema in the spec must be compared: add new ones to the list in this test"
    );

    // Guard against a vacuous comparison (e.g. a schemars layout this test no
    // longer reads): the Rust side must see what we know is there.
    let payment = &rust["Payment"];
    assert!(payment.fields.len() >= 40, "{payment:?}");
    assert!(payment.required.contains("imp_uid"), "{payment:?}");
    assert!(
        payment.nullable.contains("customer_uid_usage"),
        "{payment:?}"
    );
    assert!(payment.nullable.contains("pg_tid"), "{payment:?}");
    assert!(!payment.nullable.contains("amount"), "{payment:?}");
    assert!(rust["PaymentResponse"].nullable.contains("response"));

    let problems = drift(&spec_schemas, &rust);
    assert!(
        problems.is_empty(),
        "spec and generated types drifted (run `cargo xtask generate`, or fix the spec):\n{}",
        problems.join("\n")
    );
}

/// Every disagreement between the spec's schemas and the Rust shapes.
fn drift(spec_schemas: &BTreeMap<String, Value>, rust: &BTreeMap<&str, Shape>) -> Vec<String> {
    let lookup = spec_schemas.clone();
    let resolve = move |r: &str| {
        r.strip_suffix(".schema.json")
            .and_then(|n| lookup.get(n).cloned())
    };
    let mut problems = Vec::new();
    for (name, rust_shape) in rust {
        let spec_shape = shape(&spec_schemas[*name], &resolve);
        if spec_shape.fields != rust_shape.fields {
            problems.push(format!(
                "{name}: fields only in the spec {:?}, only in Rust {:?}",
                spec_shape
                    .fields
                    .difference(&rust_shape.fields)
                    .collect::<Vec<_>>(),
                rust_shape
                    .fields
                    .difference(&spec_shape.fields)
                    .collect::<Vec<_>>()
            ));
        }
        if spec_shape.required != rust_shape.required {
            problems.push(format!(
                "{name}: required in the spec {:?}, in Rust {:?}",
                spec_shape.required, rust_shape.required
            ));
        }
        for field in spec_shape.fields.intersection(&rust_shape.fields) {
            let (s, r) = (
                spec_shape.nullable.contains(field),
                rust_shape.nullable.contains(field),
            );
            let required = spec_shape.required.contains(field);
            let ok = if required { s == r } else { !s || r };
            if !ok {
                problems.push(format!(
                    "{name}.{field}: nullable in the spec: {s}, accepts null in Rust: {r} (required: {required})"
                ));
            }
        }
    }
    problems
}

#[test]
fn drift_is_reported_for_each_kind_of_change() {
    // Edit the spec side in memory the way a careless spec change would,
    // and check that each edit is reported against the unchanged Rust type.
    let spec_schemas = docs::json_schema::convert_all(&spec().model()).unwrap();
    let rust = rust_shapes!(Payment);
    let mut edited = spec_schemas.clone();
    let payment = edited.get_mut("Payment").unwrap();
    payment["properties"]
        .as_object_mut()
        .unwrap()
        .remove("pg_tid");
    payment["required"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f != "merchant_uid");
    payment["properties"]["paid_at"]["type"] = serde_json::json!(["integer", "null"]);
    let problems = drift(&edited, &rust).join("\n");
    for expected in [
        "only in Rust [\"pg_tid\"]",
        "required in the spec",
        "Payment.paid_at",
    ] {
        assert!(
            problems.contains(expected),
            "missing `{expected}` in:\n{problems}"
        );
    }
    assert!(drift(&spec_schemas, &rust).is_empty());
}

#[test]
fn nullability_normalization_sees_both_forms() {
    // The comparison above is only as good as `accepts_null`; pin its cases.
    let none = |_: &str| None;
    let yes = [
        serde_json::json!({"type": ["string", "null"]}),
        serde_json::json!({"anyOf": [{"$ref": "X"}, {"type": "null"}]}),
        serde_json::json!({"nullable": true, "type": "string"}),
    ];
    for s in &yes {
        assert!(accepts_null(s, &none, 0), "{s}");
    }
    let no = [
        serde_json::json!({"type": "string"}),
        serde_json::json!({"$ref": "X"}),
        serde_json::json!({"allOf": [{"$ref": "X"}]}),
    ];
    for s in &no {
        assert!(!accepts_null(s, &none, 0), "{s}");
    }
}
