//! OpenAPI 3.0 component schemas → JSON Schema draft 2020-12, one document per
//! component.
//!
//! Conversion rules (also stated in `docs/reference.md`):
//! - `nullable: true` beside `type: T` becomes `type: [T, "null"]` (and adds
//!   `null` to an `enum`); beside a composition it becomes
//!   `anyOf: [<schema>, {type: null}]`.
//! - `$ref: '#/components/schemas/X'` becomes the relative `X.schema.json`,
//!   which resolves against `$id` to the sibling file.
//! - A wrapped reference (`allOf: [{$ref}]`, the spec's way to put a
//!   description beside a reference, or a nullable one: `nullable` beside
//!   that `allOf`, or `anyOf: [{$ref}, {enum: [null]}]`; see
//!   [`crate::model::unwrap`]) becomes that `$ref` directly, or
//!   `anyOf: [{$ref}, {type: null}]` when nullable: both nullable forms give
//!   the same document.
//! - `example` becomes `examples: [..]`; boolean `exclusiveMinimum`/`Maximum`
//!   become the numeric 2020-12 form; `x-*` extensions such as `x-open-enum`
//!   are kept as annotations (an open enum still accepts any string).
//! - No `additionalProperties: false` is added: the API adds fields over time
//!   and the client ignores unknown ones, so the schemas do too.
//! - Any other keyword is refused, so a spec change cannot silently vanish
//!   from the docs.
//!
//! Each schema's `$id` is `https://portone-v1.invalid/schemas/<Name>.schema.json`:
//! stable, absolute (validators need a base to resolve the relative refs) and
//! on the reserved `.invalid` domain so that nothing ever tries to fetch it.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::content::sorted;
use super::{DOCS_MARKER, SCHEMAS_DIR};
use crate::SPEC_PATH;
use crate::model::{Model, escape_pointer, unwrap};
use crate::spec::SpecError;

/// The base every `$id` starts with.
pub const SCHEMA_ID_BASE: &str = "https://portone-v1.invalid/schemas/";
/// The dialect every schema declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Path of a component's schema file, relative to the docs folder.
pub fn file_name(name: &str) -> String {
    format!("{SCHEMAS_DIR}/{name}.schema.json")
}

/// The `$id` of a component's schema.
pub fn schema_id(name: &str) -> String {
    format!("{SCHEMA_ID_BASE}{name}.schema.json")
}

/// Every component schema converted, by name.
pub fn convert_all(model: &Model<'_>) -> Result<BTreeMap<String, Value>, SpecError> {
    let mut out = BTreeMap::new();
    for (name, schema) in model.components() {
        let converted = convert_component(name, schema.node, &schema.pointer).map_err(
            |(location, message)| SpecError {
                file: model.file().to_path_buf(),
                location,
                message,
            },
        )?;
        out.insert(name.to_string(), converted);
    }
    Ok(out)
}

/// One component as a standalone 2020-12 document.
pub fn convert_component(
    name: &str,
    schema: &Value,
    pointer: &str,
) -> Result<Value, (String, String)> {
    let mut doc = match convert(schema, pointer)? {
        Value::Object(m) => m,
        other => {
            let mut m = Map::new();
            m.insert("allOf".into(), json!([other]));
            m
        }
    };
    doc.insert("$schema".into(), json!(DIALECT));
    doc.insert("$id".into(), json!(schema_id(name)));
    doc.insert(
        "$comment".into(),
        json!(format!("{DOCS_MARKER}. Source: {SPEC_PATH}{pointer}")),
    );
    doc.insert("title".into(), json!(name));
    Ok(sorted(&Value::Object(doc)))
}

/// Pretty JSON with sorted keys and a final newline.
pub fn to_text(schema: &Value) -> String {
    let mut s = serde_json::to_string_pretty(&sorted(schema)).expect("JSON always serializes");
    s.push('\n');
    s
}

/// Keywords copied as they are.
const COPIED: &[&str] = &[
    "default",
    "deprecated",
    "description",
    "format",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "multipleOf",
    "pattern",
    "readOnly",
    "required",
    "title",
    "uniqueItems",
    "writeOnly",
];

fn convert(schema: &Value, pointer: &str) -> Result<Value, (String, String)> {
    let Some(map) = schema.as_object() else {
        return Err((
            pointer.to_string(),
            "a schema must be a mapping; the docs converter cannot read this".into(),
        ));
    };
    if let Some(r) = map.get("$ref") {
        let mut out = Map::new();
        out.insert("$ref".into(), json!(relative_ref(r, pointer)?));
        if let Some(d) = map.get("description") {
            out.insert("description".into(), d.clone());
        }
        return Ok(Value::Object(out));
    }
    let mut out = Map::new();
    // A wrapped reference: its wrapper keyword is not converted member by
    // member (see the module docs).
    let wrapped = unwrap(schema);
    let single_ref = match (wrapped.reference, wrapped.wrapper) {
        (Some(r), Some(key)) => Some((r, key, format!("{pointer}{}", wrapped.inner_path))),
        _ => None,
    };
    let nullable = match single_ref {
        Some(_) => wrapped.nullable,
        None => map.get("nullable").and_then(Value::as_bool) == Some(true),
    };
    for (key, value) in map {
        let at = format!("{pointer}/{}", escape_pointer(key));
        match key.as_str() {
            "nullable" | "type" | "exclusiveMinimum" | "exclusiveMaximum" => {}
            k if single_ref
                .as_ref()
                .is_some_and(|(_, wrapper, _)| *wrapper == k) => {}
            "allOf" | "anyOf" | "oneOf" => {
                let items = value
                    .as_array()
                    .ok_or_else(|| (at.clone(), format!("`{key}` must be a list")))?;
                let converted = items
                    .iter()
                    .enumerate()
                    .map(|(i, s)| convert(s, &format!("{at}/{i}")))
                    .collect::<Result<Vec<_>, _>>()?;
                out.insert(key.clone(), Value::Array(converted));
            }
            "not" | "items" => {
                out.insert(key.clone(), convert(value, &at)?);
            }
            "additionalProperties" => {
                let v = if value.is_boolean() {
                    value.clone()
                } else {
                    convert(value, &at)?
                };
                out.insert(key.clone(), v);
            }
            "properties" => {
                let props = value
                    .as_object()
                    .ok_or_else(|| (at.clone(), "`properties` must be a mapping".into()))?;
                let mut converted = Map::new();
                for (name, prop) in props {
                    converted.insert(
                        name.clone(),
                        convert(prop, &format!("{at}/{}", escape_pointer(name)))?,
                    );
                }
                out.insert(key.clone(), Value::Object(converted));
            }
            "enum" => {
                let mut values = value
                    .as_array()
                    .ok_or_else(|| (at.clone(), "`enum` must be a list".into()))?
                    .clone();
                if nullable && !values.contains(&Value::Null) {
                    values.push(Value::Null);
                }
                out.insert(key.clone(), Value::Array(values));
            }
            "example" => {
                out.insert("examples".into(), json!([value]));
            }
            k if COPIED.contains(&k) || k.starts_with("x-") => {
                out.insert(key.clone(), value.clone());
            }
            other => {
                return Err((
                    at,
                    format!(
                        "the docs converter does not handle `{other}`; teach xtask/src/docs/json_schema.rs how to convert it, or drop it from the spec"
                    ),
                ));
            }
        }
    }
    for (bound, limit) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if map.get(bound).and_then(Value::as_bool) == Some(true)
            && let Some(v) = out.remove(limit)
        {
            out.insert(bound.into(), v);
        }
    }
    let ty = map.get("type").cloned();
    if let Some((r, _, member)) = single_ref {
        // The reference carries the type; a `type` beside it in the spec only
        // repeats it (progenitor needs it there, JSON Schema does not).
        let reference = json!(relative_ref(&json!(r), &member)?);
        if nullable {
            let description = out.remove("description");
            let mut inner = out;
            inner.insert("$ref".into(), reference);
            let mut wrapped = Map::new();
            wrapped.insert("anyOf".into(), json!([inner, {"type": "null"}]));
            if let Some(d) = description {
                wrapped.insert("description".into(), d);
            }
            return Ok(Value::Object(wrapped));
        }
        out.insert("$ref".into(), reference);
        return Ok(Value::Object(out));
    }
    let composed = ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|k| out.contains_key(*k));
    match (ty, nullable) {
        (Some(t), true) if !composed => {
            out.insert("type".into(), json!([t, "null"]));
        }
        (t, true) => {
            if let Some(t) = t {
                out.insert("type".into(), t);
            }
            let description = out.remove("description");
            let mut wrapped = Map::new();
            wrapped.insert("anyOf".into(), json!([out, {"type": "null"}]));
            if let Some(d) = description {
                wrapped.insert("description".into(), d);
            }
            return Ok(Value::Object(wrapped));
        }
        (Some(t), false) => {
            out.insert("type".into(), t);
        }
        (None, false) => {}
    }
    Ok(Value::Object(out))
}

fn relative_ref(reference: &Value, pointer: &str) -> Result<String, (String, String)> {
    reference
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .filter(|name| !name.contains('/'))
        .map(|name| format!("{name}.schema.json"))
        .ok_or_else(|| {
            (
                format!("{pointer}/$ref"),
                format!(
                    "the docs converter only follows `#/components/schemas/<Name>` references, not {reference}; point at a whole component"
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(v: Value) -> Value {
        sorted(&convert(&v, "#").unwrap())
    }

    #[test]
    fn nullable_type_becomes_type_list() {
        assert_eq!(
            conv(json!({"type": "string", "nullable": true})),
            json!({"type": ["string", "null"]})
        );
    }

    #[test]
    fn nullable_single_ref_becomes_any_of_with_null() {
        assert_eq!(
            conv(json!({
                "type": "object", "nullable": true, "description": "d",
                "allOf": [{"$ref": "#/components/schemas/Payment"}]
            })),
            json!({"anyOf": [{"$ref": "Payment.schema.json"}, {"type": "null"}], "description": "d"})
        );
    }

    #[test]
    fn both_nullable_forms_give_the_same_document() {
        let any_of = conv(json!({
            "description": "d",
            "anyOf": [{"$ref": "#/components/schemas/Payment"}, {"enum": [null]}]
        }));
        let all_of = conv(json!({
            "type": "object", "nullable": true, "description": "d",
            "allOf": [{"$ref": "#/components/schemas/Payment"}]
        }));
        assert_eq!(any_of, all_of);
    }

    #[test]
    fn plain_single_ref_keeps_its_description() {
        assert_eq!(
            conv(json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/Amount"}]})),
            json!({"$ref": "Amount.schema.json", "description": "d"})
        );
    }

    #[test]
    fn unknown_keyword_is_refused_with_its_place() {
        let (at, msg) =
            convert(&json!({"type": "object", "discriminator": {}}), "#/x").unwrap_err();
        assert_eq!(at, "#/x/discriminator");
        assert!(msg.contains("json_schema.rs"), "{msg}");
    }
}
