//! A normalized, human-readable summary of what the spec *means*.
//!
//! The drift test in `xtask/tests/spec_summary.rs` snapshots [`summarize`]: any
//! change to an operation, a parameter, a schema or a field (type, format,
//! required, nullable, constraints, enum values, `$ref` targets) moves the
//! snapshot, so it must be reviewed with `cargo insta review`.
//!
//! What is left out, on purpose: prose (`description`, `summary`), `example`
//! and `examples`, tags' descriptions and `info`. Rewording a description does
//! not change the API, and leaving prose out keeps the summary short enough to
//! review. Every other keyword is shown; a keyword the renderer has no special
//! case for is printed raw (`key=<json>`), so nothing meaningful can hide.
//!
//! Everything is sorted (paths, methods, statuses, schemas, properties), so
//! the output depends only on the document's content, never on key order.
//!
//! Layout, one fact per line:
//!
//! ```text
//! operation POST /payments/cancel
//!   operationId: cancelPayment
//!   security: bearerAuth | bearerAuth + tierHeader
//!   request body: required
//!     application/json: -> CancelPaymentRequest
//!   response 200:
//!     application/json: -> PaymentResponse
//!
//! schema Payment: object
//!   .amount: required, -> Amount
//!   .apply_num: optional, string, nullable
//! ```

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::model::{Model, Operation, Parameter, Response};

/// Keywords that are prose or samples: they never change what the API accepts
/// or returns, so the summary leaves them out.
const PROSE: &[&str] = &[
    "description",
    "summary",
    "example",
    "examples",
    "externalDocs",
];

/// The prefix stripped from `$ref`s to component schemas (`-> Payment`).
const SCHEMA_REF: &str = "#/components/schemas/";

/// Renders the summary of the spec: header facts, every operation, every
/// security scheme, every component schema. Pure and deterministic.
pub fn summarize(model: &Model<'_>) -> String {
    let doc = model.doc();
    let mut out = String::new();
    line(
        &mut out,
        0,
        &format!("openapi {}", scalar(doc.get("openapi"))),
    );
    if let Some(servers) = doc.get("servers").and_then(Value::as_array) {
        for server in servers {
            line(
                &mut out,
                0,
                &format!("server {}", scalar(server.get("url"))),
            );
        }
    }
    line(
        &mut out,
        0,
        &format!("default security: {}", security(doc.get("security"))),
    );
    operations(&mut out, model);
    if let Some(schemes) = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
    {
        for (name, scheme) in sorted(schemes) {
            out.push('\n');
            line(&mut out, 0, &format!("security scheme {name}"));
            fields(&mut out, 1, scheme);
        }
    }
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in sorted(schemas) {
            out.push('\n');
            schema_block(&mut out, 0, &format!("schema {name}"), schema, None);
        }
    }
    out
}

fn operations(out: &mut String, model: &Model<'_>) {
    let doc = model.doc();
    // By path; a stable sort keeps each path's methods in their order.
    let mut ops: Vec<&Operation<'_>> = model.operations().iter().collect();
    ops.sort_by(|a, b| a.path.cmp(b.path));
    for op in ops {
        let node = op.node;
        out.push('\n');
        line(out, 0, &format!("operation {} {}", op.method, op.path));
        line(
            out,
            1,
            &format!("operationId: {}", scalar(node.get("operationId"))),
        );
        if let Some(tags) = node.get("tags") {
            line(out, 1, &format!("tags: {}", compact(tags)));
        }
        if node.get("deprecated").and_then(Value::as_bool) == Some(true) {
            line(out, 1, "deprecated");
        }
        let sec = match node.get("security") {
            Some(s) => security(Some(s)),
            None => format!("(inherits default) {}", security(doc.get("security"))),
        };
        line(out, 1, &format!("security: {sec}"));
        for param in &op.parameters {
            parameter(out, param);
        }
        if let Some(body) = &op.request_body {
            let head = format!(
                "request body: {}{}",
                if body.required {
                    "required"
                } else {
                    "optional"
                },
                via(body.reference)
            );
            line(out, 1, &head);
            content(out, 2, body.node.get("content"));
        }
        let mut responses: Vec<&Response<'_>> = op.responses.iter().collect();
        responses.sort_by_key(|r| r.status);
        for response in responses {
            let status = response.status;
            line(
                out,
                1,
                &format!("response {status}:{}", via(response.reference)),
            );
            content(out, 2, response.node.get("content"));
            if let Some(headers) = response.node.get("headers").and_then(Value::as_object) {
                for (name, header) in sorted(headers) {
                    schema_block(out, 2, &format!("header {name}"), header, None);
                }
            }
        }
        for (key, value) in sorted_obj(node) {
            let known = [
                "operationId",
                "tags",
                "deprecated",
                "security",
                "parameters",
                "requestBody",
                "responses",
            ];
            if !known.contains(&key) && !PROSE.contains(&key) {
                line(out, 1, &format!("{key}={}", compact(value)));
            }
        }
    }
}

/// ` (via <ref>)` after a component reached through a `$ref`.
fn via(reference: Option<&str>) -> String {
    reference.map_or(String::new(), |r| format!(" (via {r})"))
}

fn parameter(out: &mut String, param: &Parameter<'_>) {
    let node = param.node;
    let label = format!(
        "param {} {}{}",
        scalar(node.get("in")),
        scalar(node.get("name")),
        via(param.reference)
    );
    let schema = node.get("schema").cloned().unwrap_or(Value::Null);
    schema_block(out, 1, &label, &schema, Some(param.required));
    let skip = ["in", "name", "required", "schema"];
    for (key, value) in sorted_obj(node) {
        if !skip.contains(&key) && !PROSE.contains(&key) {
            line(out, 2, &format!("{key}={}", compact(value)));
        }
    }
}

fn content(out: &mut String, indent: usize, content: Option<&Value>) {
    let Some(content) = content.and_then(Value::as_object) else {
        line(out, indent, "(no content)");
        return;
    };
    for (media, body) in sorted(content) {
        let schema = body.get("schema").cloned().unwrap_or(Value::Null);
        schema_block(out, indent, media, &schema, None);
    }
}

/// `security` as alternatives joined by `|`, each a `+`-joined list of
/// schemes (with scopes in brackets when there are any).
fn security(value: Option<&Value>) -> String {
    let Some(alternatives) = value.and_then(Value::as_array) else {
        return "(none declared)".into();
    };
    if alternatives.is_empty() {
        return "none (public)".into();
    }
    alternatives
        .iter()
        .map(|req| {
            let Some(req) = req.as_object() else {
                return compact(req);
            };
            if req.is_empty() {
                return "anonymous".into();
            }
            sorted(req)
                .into_iter()
                .map(|(name, scopes)| match scopes.as_array() {
                    Some(s) if !s.is_empty() => format!("{name}{}", compact(scopes)),
                    _ => name.to_string(),
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// One schema: a head line `label: facts`, then its parts (properties, items,
/// composition members) on indented lines below.
fn schema_block(
    out: &mut String,
    indent: usize,
    label: &str,
    schema: &Value,
    required: Option<bool>,
) {
    let mut facts = Vec::new();
    if let Some(r) = required {
        facts.push(if r { "required" } else { "optional" }.to_string());
    }
    let Some(obj) = schema.as_object() else {
        facts.push(if schema.is_null() {
            "(no schema)".to_string()
        } else {
            format!("schema={}", compact(schema))
        });
        line(out, indent, &format!("{label}: {}", facts.join(", ")));
        return;
    };
    if let Some(r) = obj.get("$ref") {
        facts.push(ref_target(r));
    }
    if let Some(t) = obj.get("type") {
        let t = scalar(Some(t));
        facts.push(match obj.get("format") {
            Some(f) => format!("{t}/{}", scalar(Some(f))),
            None => t,
        });
    } else if let Some(f) = obj.get("format") {
        facts.push(format!("format {}", scalar(Some(f))));
    }
    if obj.get("nullable").and_then(Value::as_bool) == Some(true) {
        facts.push("nullable".into());
    }
    for (key, name) in [("enum", "enum"), ("x-open-enum", "open enum")] {
        if let Some(values) = obj.get(key) {
            facts.push(format!("{name} {}", compact(values)));
        }
    }
    // Composition members that are bare `$ref`s stay on the head line.
    let mut nested: Vec<(String, &Value)> = Vec::new();
    for key in ["allOf", "anyOf", "oneOf"] {
        let Some(members) = obj.get(key).and_then(Value::as_array) else {
            continue;
        };
        let bare = members.iter().all(|m| {
            m.as_object()
                .is_some_and(|o| o.len() == 1 && o.contains_key("$ref"))
        });
        if bare {
            let targets: Vec<String> = members.iter().map(|m| ref_target(&m["$ref"])).collect();
            facts.push(format!("{key} [{}]", targets.join(", ")));
        } else {
            for (i, m) in members.iter().enumerate() {
                nested.push((format!("{key}[{i}]"), m));
            }
        }
    }
    let handled = [
        "$ref",
        "type",
        "format",
        "nullable",
        "enum",
        "x-open-enum",
        "allOf",
        "anyOf",
        "oneOf",
        "properties",
        "required",
        "items",
        "additionalProperties",
        "not",
        crate::model::refund_banks::EXTENSION,
    ];
    // Constraints and every other keyword, sorted, raw.
    for (key, value) in sorted(obj) {
        if !handled.contains(&key) && !PROSE.contains(&key) {
            facts.push(format!("{key} {}", compact(value)));
        }
    }
    match obj.get("additionalProperties") {
        Some(Value::Bool(b)) => facts.push(format!("additionalProperties {b}")),
        Some(other) => nested.push(("additionalProperties".into(), other)),
        None => {}
    }
    if let Some(not) = obj.get("not") {
        nested.push(("not".into(), not));
    }
    line(out, indent, &format!("{label}: {}", facts.join(", ")));

    let required_names: Vec<&str> = obj
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let props = obj.get("properties").and_then(Value::as_object);
    for name in &required_names {
        if !props.is_some_and(|p| p.contains_key(*name)) {
            line(
                out,
                indent + 1,
                &format!("required but not declared: {name}"),
            );
        }
    }
    if let Some(props) = props {
        for (name, prop) in sorted(props) {
            let req = required_names.contains(&name);
            schema_block(out, indent + 1, &format!(".{name}"), prop, Some(req));
        }
    }
    if let Some(items) = obj.get("items") {
        schema_block(out, indent + 1, "[]", items, None);
    }
    for (label, member) in nested {
        schema_block(out, indent + 1, &label, member, None);
    }
    if let Some(ext) = obj.get(crate::model::refund_banks::EXTENSION) {
        refund_bank_tables(out, indent + 1, ext);
    }
}

/// One line per refund bank table: its PGs and its codes with the bank
/// ids (the bank names are prose, left out like descriptions).
fn refund_bank_tables(out: &mut String, indent: usize, ext: &Value) {
    let tables = ext.get("tables").and_then(Value::as_array);
    for table in tables.into_iter().flatten() {
        let pgs = table.get("pg_provider").map(compact).unwrap_or_default();
        let codes: Vec<String> = table
            .get("codes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|c| format!("{} {}", scalar(c.get("code")), scalar(c.get("bank"))))
            .collect();
        line(
            out,
            indent,
            &format!(
                "refund bank table {} for {pgs}: {}",
                scalar(table.get("id")),
                codes.join(", ")
            ),
        );
    }
}

/// Every field of a flat object (used for security schemes), prose left out.
fn fields(out: &mut String, indent: usize, value: &Value) {
    for (key, v) in sorted_obj(value) {
        if !PROSE.contains(&key) {
            line(out, indent, &format!("{key}: {}", scalar(Some(v))));
        }
    }
}

fn ref_target(r: &Value) -> String {
    let r = scalar(Some(r));
    match r.strip_prefix(SCHEMA_REF) {
        Some(name) => format!("-> {name}"),
        None => format!("-> {r}"),
    }
}

fn sorted(map: &Map<String, Value>) -> Vec<(&str, &Value)> {
    let mut entries: Vec<(&str, &Value)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

fn sorted_obj(value: &Value) -> Vec<(&str, &Value)> {
    value.as_object().map(sorted).unwrap_or_default()
}

/// A string as itself, anything else as compact JSON, absence as `(none)`.
fn scalar(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(other) => compact(other),
        None => "(none)".into(),
    }
}

fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn line(out: &mut String, indent: usize, text: &str) {
    let _ = writeln!(out, "{:indent$}{text}", "", indent = indent * 2);
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::summarize;
    use crate::spec::parse;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{id}:
    get:
      operationId: getThing
      summary: prose that must not show
      security: [{bearerAuth: []}]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, maxLength: 8}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
  schemas:
    Thing:
      type: object
      description: prose that must not show
      required: [id]
      properties:
        id: {type: string}
        note: {type: string, nullable: true, minLength: 1}
        status: {type: string, x-open-enum: [on, off]}
        kind: {type: string, enum: [a, b]}
        parent: {type: object, nullable: true, allOf: [{$ref: "#/components/schemas/Thing"}]}
"##;

    fn summary_of(text: &str) -> String {
        summarize(
            &parse(Path::new("spec.yaml"), text)
                .expect("test spec is valid")
                .model(),
        )
    }

    #[test]
    fn shows_every_fact_and_no_prose() {
        let s = summary_of(SPEC);
        for expected in [
            "operation GET /things/{id}",
            "  operationId: getThing",
            "  security: bearerAuth",
            "  param path id: required, string, maxLength 8",
            "  response 200:",
            "    application/json: -> Thing",
            "schema Thing: object",
            "  .id: required, string",
            "  .note: optional, string, nullable, minLength 1",
            "  .status: optional, string, open enum [\"on\",\"off\"]",
            "  .kind: optional, string, enum [\"a\",\"b\"]",
            "  .parent: optional, object, nullable, allOf [-> Thing]",
        ] {
            assert!(
                s.lines().any(|l| l == expected),
                "missing line {expected:?} in:\n{s}"
            );
        }
        assert!(!s.contains("prose"), "prose leaked into:\n{s}");
    }

    #[test]
    fn does_not_depend_on_key_order() {
        // Same document, properties and keys written in another order.
        let reordered = SPEC
            .replace(
                "        id: {type: string}\n        note: {type: string, nullable: true, minLength: 1}\n",
                "        note: {minLength: 1, nullable: true, type: string}\n        id: {type: string}\n",
            );
        assert_ne!(reordered, SPEC);
        assert_eq!(summary_of(&reordered), summary_of(SPEC));
    }

    #[test]
    fn a_change_of_meaning_changes_the_summary() {
        let changed = SPEC.replace("maxLength: 8", "maxLength: 9");
        assert_ne!(summary_of(&changed), summary_of(SPEC));
        let reworded = SPEC.replace("prose that must not show", "other words");
        assert_eq!(summary_of(&reworded), summary_of(SPEC));
    }
}
