//! One normalized view of a schema, shared by our OpenAPI 3.0 spec and the
//! official Swagger 2.0 document: `$ref`s followed, `allOf` merged, string
//! `maxLength`s read as numbers.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::resolve_ref;

/// A field or schema after normalization.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Field {
    /// `string`, `number`, `integer`, `boolean`, `array`, `object` or `any`.
    pub ty: String,
    /// `maxLength`, whether written as a number or (Swagger quirk) a string.
    pub max_length: Option<u64>,
    /// Properties of an object.
    pub props: BTreeMap<String, Field>,
    /// Required property names of an object.
    pub required: BTreeSet<String>,
    /// Item type of an array; `None` for an array without `items`.
    pub items: Option<Box<Field>>,
}

const MAX_DEPTH: usize = 32;

/// Normalizes `schema` (resolving `$ref`s inside `doc`).
pub fn normalize(doc: &Value, schema: &Value) -> Field {
    let mut f = Field::default();
    merge(doc, schema, &mut f, 0);
    if f.ty.is_empty() {
        f.ty = if f.props.is_empty() {
            "any".into()
        } else {
            "object".into()
        };
    }
    f
}

fn merge(doc: &Value, schema: &Value, f: &mut Field, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        if let Some(target) = resolve_ref(doc, r) {
            merge(doc, target, f, depth + 1);
        }
        return;
    }
    // A nullable reference (`anyOf: [{$ref: X}, {enum: [null]}]`) stands
    // for X: compare X's fields, not an untyped `anyOf`.
    let unwrapped = crate::model::unwrap(schema);
    if matches!(unwrapped.wrapper, Some("anyOf" | "oneOf")) {
        merge(doc, unwrapped.inner, f, depth + 1);
        return;
    }
    if let Some(t) = schema.get("type").and_then(Value::as_str)
        && f.ty.is_empty()
    {
        f.ty = t.to_string();
    }
    if let Some(m) = schema.get("maxLength").and_then(length) {
        f.max_length.get_or_insert(m);
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (name, p) in props {
            f.props
                .entry(name.clone())
                .or_insert_with(|| normalize_at(doc, p, depth + 1));
        }
    }
    if let Some(req) = schema.get("required").and_then(Value::as_array) {
        f.required
            .extend(req.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if let Some(items) = schema.get("items") {
        f.items
            .get_or_insert_with(|| Box::new(normalize_at(doc, items, depth + 1)));
    }
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        for m in members {
            merge(doc, m, f, depth + 1);
        }
    }
}

fn normalize_at(doc: &Value, schema: &Value, depth: usize) -> Field {
    let mut f = Field::default();
    merge(doc, schema, &mut f, depth);
    if f.ty.is_empty() {
        f.ty = if f.props.is_empty() {
            "any".into()
        } else {
            "object".into()
        };
    }
    f
}

/// `maxLength: 32` or, in the official document, `maxLength: "32"`.
pub fn length(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| v.as_str()?.trim().parse().ok())
}

/// A Swagger 2.0 parameter as a field (its type lives on the parameter).
pub fn swagger_parameter(doc: &Value, p: &Value) -> Field {
    match p.get("schema") {
        Some(s) => normalize(doc, s),
        None => normalize(doc, p),
    }
}
