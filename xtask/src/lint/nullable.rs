//! Rule `nullable-form`: `null` is written only in the forms that strict
//! OpenAPI 3.0.3 readers and the generator agree on.
//!
//! - An inline type: `type: T, nullable: true`.
//! - A reference: `anyOf: [{$ref: X}, {enum: [null]}]`, with only words
//!   (`description`, ...) beside the `anyOf`. typify makes it `Option<X>`
//!   (also when X is a replaced type), and strict readers accept `null`
//!   through the second member.
//!
//! What breaks, and so is refused here:
//!
//! - `nullable` beside `$ref`, `allOf`, `anyOf` or `oneOf` that refuse
//!   `null`: 3.0.3's `nullable` widens only a `type` of the same schema
//!   object, so Prism, openapi-schema-validator and Redocly still refuse
//!   `null` through the reference (the form the spec used until 2026; see
//!   `.ci/strict/`). `nullable` without any `type` does nothing in 3.0.3,
//!   and Redocly refuses it.
//! - `nullable` on a component schema: on a replaced one (`replacements()`
//!   in `generate.rs`) typify drops it silently, on any other progenitor
//!   generates `struct X(Option<XInner>)`.
//! - A null member with anything beside its `enum` (`{type: object,
//!   nullable: true, enum: [null]}` makes typify generate a flattened
//!   struct), or a null member anywhere but second in a two-member `anyOf`
//!   after a `$ref`.
//!
//! Kept in its own file, on the JSON document, so that it moves as a whole.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Finding, finding};
use crate::model::{Model, for_each_node, is_null_member, resolve_ref};

/// The rule id.
pub const RULE: &str = "nullable-form";

/// Why the rule exists (listed in [`super::RULES`] and spec/README.md).
pub const WHY: &str = "`null` only as `type: T, nullable: true` or `anyOf: [{$ref: X}, {enum: [null]}]`: 3.0.3's `nullable` widens only a `type` of the same schema, so strict readers refuse `null` beside `allOf`/`$ref`, and other forms generate flattened or `Option`-less types";

/// The fix, quoted in every message about a reference.
fn fix(reference: Option<&str>) -> String {
    let r = reference.unwrap_or("#/components/schemas/<Name>");
    format!(
        "write the place as `anyOf: [{{$ref: \"{r}\"}}, {{enum: [null]}}]` with its description beside it and no `type` or `nullable` (spec/README.md, \"Null beside a reference\")"
    )
}

/// The `$ref` a schema stands for through its wrappers, if any.
fn reference_of(node: &Value) -> Option<&str> {
    crate::model::unwrap(node).reference
}

/// Keywords allowed beside the `anyOf` of a nullable reference: words only.
const WORDS: &[&str] = &[
    "description",
    "title",
    "deprecated",
    "example",
    "readOnly",
    "writeOnly",
];

const MAX_DEPTH: usize = 32;

/// Adds a finding for every place that writes `null` in a form that breaks.
pub fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    let doc = model.doc();
    let replaced: BTreeSet<String> = crate::model::replacements::replacements_of(doc)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    for_each_node(doc, &mut |pointer, node| {
        if !is_schema_place(pointer) || !node.is_object() {
            return;
        }
        if node.get("nullable").and_then(Value::as_bool) == Some(true) {
            nullable_keyword(doc, &replaced, pointer, node, out);
        }
        if is_null_member(node) {
            null_member(doc, pointer, node, out);
        }
        if let Some(members) = node.get("anyOf").and_then(Value::as_array)
            && members.iter().any(is_null_member)
        {
            words_only_beside(pointer, node, out);
        }
    });
}

/// Example values, defaults, enum values and extension contents are data,
/// not schemas (a property may still be named `example`).
fn is_schema_place(pointer: &str) -> bool {
    let segments: Vec<&str> = pointer.split('/').collect();
    !segments.iter().enumerate().any(|(i, s)| {
        let data = matches!(*s, "example" | "examples" | "default" | "enum") || s.starts_with("x-");
        data && (i == 0 || segments[i - 1] != "properties")
    })
}

fn nullable_keyword(
    doc: &Value,
    replaced: &BTreeSet<String>,
    pointer: &str,
    node: &Value,
    out: &mut Vec<Finding>,
) {
    let here = format!("{pointer}/nullable");
    if let Some(name) = pointer.strip_prefix("#/components/schemas/")
        && !name.contains('/')
    {
        let message = if replaced.contains(name) {
            format!(
                "`nullable: true` on `{name}`, whose generated type is replaced by a hand-written one: typify drops the `nullable` of a replaced schema silently (a required field gets no `Option`, so a null fails the parse); remove it here, and at each place that may be null {}",
                fix(Some(&format!("#/components/schemas/{name}")))
            )
        } else {
            format!(
                "`nullable: true` on the component `{name}` makes progenitor generate `struct {name}(Option<{name}Inner>)` for every use; remove it here, and at each place that may be null {}",
                fix(Some(&format!("#/components/schemas/{name}")))
            )
        };
        out.push(finding(here, RULE, message));
        return;
    }
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        out.push(finding(
            here,
            RULE,
            format!("`nullable: true` beside `$ref: {r}` does not admit null (OpenAPI 3.0.3 ignores keywords beside `$ref`, and progenitor drops it); {}", fix(Some(r))),
        ));
        return;
    }
    let Some(ty) = node.get("type").and_then(Value::as_str) else {
        let fix = if node
            .get("allOf")
            .or(node.get("anyOf"))
            .or(node.get("oneOf"))
            .is_some()
        {
            fix(reference_of(node))
        } else {
            "add the `type` it widens (`type: string, nullable: true`)".to_string()
        };
        out.push(finding(
            here,
            RULE,
            format!("`nullable: true` without a `type` in the same schema admits nothing under OpenAPI 3.0.3 (it widens only that `type`), and Redocly refuses it; {fix}"),
        ));
        return;
    };
    for key in ["allOf", "anyOf", "oneOf"] {
        let Some(members) = node.get(key).and_then(Value::as_array) else {
            continue;
        };
        let refuses = if key == "allOf" {
            members.iter().any(|m| refuses_null(doc, m, 0))
        } else {
            members.iter().all(|m| refuses_null(doc, m, 0))
        };
        if refuses {
            out.push(finding(
                here.clone(),
                RULE,
                format!("`nullable: true` widens only `type: {ty}` of this schema (OpenAPI 3.0.3), not the `{key}` beside it, whose members refuse null, so strict readers (Prism, openapi-schema-validator, Redocly) refuse a null here; {}", fix(reference_of(node))),
            ));
            return;
        }
    }
}

/// Whether a strict 3.0.3 reader refuses `null` for `schema`.
fn refuses_null(doc: &Value, schema: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return resolve_ref(doc, r).is_some_and(|t| refuses_null(doc, t, depth + 1));
    }
    let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
    if schema.get("type").is_some() && !nullable {
        return true;
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array)
        && !values.contains(&Value::Null)
    {
        return true;
    }
    let members = |k: &str| schema.get(k).and_then(Value::as_array);
    if members("allOf").is_some_and(|m| m.iter().any(|s| refuses_null(doc, s, depth + 1))) {
        return true;
    }
    ["anyOf", "oneOf"]
        .iter()
        .any(|k| members(k).is_some_and(|m| m.iter().all(|s| refuses_null(doc, s, depth + 1))))
}

fn null_member(doc: &Value, pointer: &str, node: &Value, out: &mut Vec<Finding>) {
    let extra: Vec<&str> = node
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k.as_str())
        .filter(|k| *k != "enum")
        .collect();
    if !extra.is_empty() || node["enum"] != Value::Array(vec![Value::Null]) {
        out.push(finding(
            pointer,
            RULE,
            format!(
                "a null member must be exactly `{{enum: [null]}}`, not with {} beside it: typify generates a flattened struct instead of `Option<_>` for `{{type: object, nullable: true, enum: [null]}}`, and Redocly refuses `nullable` without `type`; remove everything but `enum: [null]`",
                if extra.is_empty() { "more values".to_string() } else { format!("`{}`", extra.join("`, `")) }
            ),
        ));
    }
    // The place: second of exactly two `anyOf` members, after a bare `$ref`.
    let placed = pointer.strip_suffix("/anyOf/1").and_then(|parent| {
        let members = doc
            .pointer(parent.strip_prefix('#').unwrap_or(parent))?
            .get("anyOf")?
            .as_array()?;
        let first = members.first()?.as_object()?;
        Some(members.len() == 2 && first.len() == 1 && first.contains_key("$ref"))
    });
    if placed != Some(true) {
        out.push(finding(
            pointer,
            RULE,
            format!("a null member belongs second in a two-member `anyOf` whose first member is a bare `$ref` (the form known to generate `Option<_>`); for a reference {}; for an inline type write `type: T, nullable: true` instead", fix(None)),
        ));
    }
}

fn words_only_beside(pointer: &str, node: &Value, out: &mut Vec<Finding>) {
    for key in node.as_object().into_iter().flatten().map(|(k, _)| k) {
        if key != "anyOf"
            && key != "nullable"
            && !WORDS.contains(&key.as_str())
            && !key.starts_with("x-")
        {
            out.push(finding(
                format!("{pointer}/{}", crate::model::escape_pointer(key)),
                RULE,
                format!("`{key}` beside a nullable reference (`anyOf: [{{$ref}}, {{enum: [null]}}]`) changes what typify generates; keep only its description beside the `anyOf` and put constraints on the referenced schema"),
            ));
        }
    }
}
