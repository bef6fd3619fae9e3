//! A small validator for the part of OpenAPI 3.0 schema the spec uses:
//! `$ref`, `type`, `nullable`, `required`, `properties`, `additionalProperties`,
//! `items`, `enum`, `minLength`/`maxLength`, `minItems`/`maxItems`, `allOf`,
//! `oneOf`/`anyOf` (as "any member"). Enough to prove the examples right
//! without a JSON Schema engine.
//!
//! Stricter than OpenAPI on one point: an example object may not carry a
//! property its schema does not declare, because in an example that is a typo
//! or an undocumented field.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::resolve_ref;

/// Validates `value` against `schema`; returns one message per problem, each
/// naming where in the value it is (`$`, `$.response.amount`, `$.items[0]`).
pub fn validate(doc: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(doc, schema, value, "$", true, &mut errors, 0);
    errors
}

const MAX_DEPTH: usize = 64;

fn check(
    doc: &Value,
    schema: &Value,
    value: &Value,
    at: &str,
    strict: bool,
    errors: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        errors.push(format!(
            "at `{at}`: schema nests too deep (a `$ref` cycle?)"
        ));
        return;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        match resolve_ref(doc, r) {
            Some(target) => check(doc, target, value, at, strict, errors, depth + 1),
            None => errors.push(format!("at `{at}`: unresolved `$ref` {r}")),
        }
        return;
    }
    if value.is_null() {
        if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
            return;
        }
        if let Some(t) = schema.get("type").and_then(Value::as_str) {
            errors.push(format!(
                "at `{at}`: null, but the schema is a non-nullable {t}"
            ));
            return;
        }
    }
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        let ok = match t {
            "string" => value.is_string(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => true,
        };
        if !ok {
            errors.push(format!("at `{at}`: expected {t}, got {}", kind(value)));
            return;
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        errors.push(format!(
            "at `{at}`: {value} is not one of the enum values {}",
            Value::Array(allowed.clone())
        ));
    }
    if let Some(s) = value.as_str() {
        let len = s.chars().count() as u64;
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
            && len > max
        {
            errors.push(format!(
                "at `{at}`: {len} characters, more than maxLength {max}"
            ));
        }
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
            && len < min
        {
            errors.push(format!(
                "at `{at}`: {len} characters, fewer than minLength {min}"
            ));
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
            && items.len() as u64 > max
        {
            errors.push(format!("at `{at}`: more than maxItems {max} items"));
        }
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            errors.push(format!("at `{at}`: fewer than minItems {min} items"));
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                check(
                    doc,
                    item_schema,
                    item,
                    &format!("{at}[{i}]"),
                    true,
                    errors,
                    depth + 1,
                );
            }
        }
    }
    if let Some(map) = value.as_object() {
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(name) {
                    errors.push(format!("at `{at}`: required property `{name}` is missing"));
                }
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        let extra = schema.get("additionalProperties");
        for (name, v) in map {
            let here = format!("{at}.{name}");
            if let Some(s) = props.and_then(|p| p.get(name)) {
                check(doc, s, v, &here, true, errors, depth + 1);
            } else if let Some(s) = extra.filter(|e| e.is_object()) {
                check(doc, s, v, &here, true, errors, depth + 1);
            } else if extra == Some(&Value::Bool(false)) {
                errors.push(format!(
                    "at `{at}`: property `{name}` is not allowed (`additionalProperties: false`)"
                ));
            } else if strict
                && !allows_any(extra)
                && let Some(known) = known_properties(doc, schema, 0)
                && !known.contains(name.as_str())
            {
                errors.push(format!(
                            "at `{at}`: property `{name}` is not in the schema (a typo, or a field the schema should declare)"
                        ));
            }
        }
    }
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        for m in members {
            check(doc, m, value, at, false, errors, depth + 1);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(members) = schema.get(key).and_then(Value::as_array) {
            let mut failed: Vec<(&Value, Vec<String>)> = Vec::new();
            for m in members {
                let mut e = Vec::new();
                check(doc, m, value, at, strict, &mut e, depth + 1);
                if e.is_empty() {
                    failed.clear();
                    break;
                }
                failed.push((m, e));
            }
            if failed.len() < members.len() {
                continue;
            }
            // A value that is not null can only have meant the member that
            // is not the null member (`anyOf: [{$ref: X}, {enum: [null]}]`):
            // say what is wrong inside it, not only that nothing matched.
            let mut meant = failed
                .into_iter()
                .filter(|(m, _)| value.is_null() || !crate::model::is_null_member(m));
            match (meant.next(), meant.next()) {
                (Some((_, inner)), None) => errors.extend(inner),
                _ => errors.push(format!("at `{at}`: matches no member of `{key}`")),
            }
        }
    }
}

fn allows_any(extra: Option<&Value>) -> bool {
    extra == Some(&Value::Bool(true))
}

/// The property names a schema declares, through `$ref` and `allOf`; `None`
/// when the schema is not about objects at all (no properties anywhere).
fn known_properties<'a>(
    doc: &'a Value,
    schema: &'a Value,
    depth: usize,
) -> Option<BTreeSet<&'a str>> {
    if depth > MAX_DEPTH {
        return None;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return known_properties(doc, resolve_ref(doc, r)?, depth + 1);
    }
    let mut names: Option<BTreeSet<&str>> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().map(String::as_str).collect());
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        for m in members {
            if let Some(more) = known_properties(doc, m, depth + 1) {
                names.get_or_insert_with(BTreeSet::new).extend(more);
            }
        }
    }
    names
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
