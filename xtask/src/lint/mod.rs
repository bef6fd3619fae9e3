//! `cargo xtask lint`: the spec's house rules, checked mechanically.
//!
//! Each rule is listed in [`RULES`] with the reason it exists (the same lines
//! are in `spec/README.md`); each finding names the JSON pointer and the rule.

pub mod nullable;
pub mod refund_banks;
pub mod samples;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;

use crate::model::reach::{self, REQUEST, RESPONSE};
use crate::model::{Model, escape_pointer, for_each_node};
use crate::spec::structure;

/// Every rule id with one line on why it exists.
pub const RULES: &[(&str, &str)] = &[
    (
        "operation-id",
        "every operation has a unique, identifier-safe operationId: the generated method is named after it",
    ),
    (
        "described",
        "every component schema, property and parameter has a Korean and an English description: they become the rustdoc of the generated types",
    ),
    (
        "request-max-length",
        "every request string has `maxLength` (or an `enum`): the client refuses an over-long value before sending it, as the server would",
    ),
    (
        "response-additional-properties",
        "no `additionalProperties: false` on a response schema: a field the API adds tomorrow must not break parsing",
    ),
    (
        "response-constraint",
        "no `maxLength`/`minLength`/`pattern`/`minItems`/`maxItems` on a response schema: typify checks them on deserialize, so one long real value fails the whole response",
    ),
    (
        "response-open-enum",
        "no `enum` in a response schema; use `type: string` with `x-open-enum` (generated as an open enum): an unknown value must not fail the parse",
    ),
    (
        "error-response",
        "every 4xx/5xx/default response has a JSON body that is exactly `$ref: ErrorResponse`: one error type for callers to handle",
    ),
    (
        "request-media-type",
        "a request body has exactly one media type, `application/json`: progenitor panics on more than one",
    ),
    (
        "example-valid",
        "every example validates against its schema: examples are documentation and test data, a wrong one misleads both",
    ),
    (
        "unused-component",
        "every component is used (`$ref` or security requirement): an unused one generates dead public types or stale docs",
    ),
    (nullable::RULE, nullable::WHY),
    (refund_banks::RULE, refund_banks::WHY),
    (samples::RULE, samples::WHY),
];

/// One broken house rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// JSON pointer of the offending node, starting with `#`; for a usage
    /// sample, the file (`spec/samples/<operationId>/<name>.rs`).
    pub pointer: String,
    /// The rule id (see [`RULES`]).
    pub rule: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.pointer, self.rule, self.message)
    }
}

/// Checks every house rule; findings come sorted by pointer.
///
/// The rules `operation-id` (present, unique) and `request-media-type` are
/// the loader's own structural checks ([`structure::operations`]), reported
/// here too so that a document is linted whole; a spec that fails them does
/// not load, so `cargo xtask lint` stops at the first.
pub fn lint(model: &Model<'_>) -> Vec<Finding> {
    let doc = model.doc();
    let mut out: Vec<Finding> = structure::operations(model)
        .into_iter()
        .map(|p| finding(p.pointer, p.rule, p.message))
        .collect();
    let reached = reach::reach(model);
    identifier_safe_operation_ids(model, &mut out);
    described(model, &reached, &mut out);
    request_max_length(doc, &reached, &mut out);
    response_rules(doc, &reached, &mut out);
    error_responses(model, &mut out);
    examples(model, &reached, &mut out);
    unused_components(model, &mut out);
    nullable::check(model, &mut out);
    refund_banks::check(model, &mut out);
    samples::check(model, &mut out);
    out.sort();
    out.dedup();
    out
}

fn finding(pointer: impl Into<String>, rule: &'static str, message: impl Into<String>) -> Finding {
    Finding {
        pointer: pointer.into(),
        rule,
        message: message.into(),
    }
}

/// The house part of `operation-id` (presence and uniqueness are
/// structural): the id makes a Rust method name as it is.
fn identifier_safe_operation_ids(model: &Model<'_>, out: &mut Vec<Finding>) {
    for op in model.operations() {
        let Some(id) = op.id.filter(|id| !id.is_empty()) else {
            continue;
        };
        let safe = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !safe {
            out.push(finding(
                format!("{}/operationId", op.pointer),
                "operation-id",
                format!("`{id}` is not identifier-safe; use letters, digits and `_`, starting with a letter"),
            ));
        }
    }
}

/// True when `text` has both a Hangul and a Latin letter; otherwise says
/// which half is missing.
fn bilingual(text: &str) -> Result<(), &'static str> {
    let hangul = text
        .chars()
        .any(|c| matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}'));
    let latin = text.chars().any(|c| c.is_ascii_alphabetic());
    match (hangul, latin) {
        (true, true) => Ok(()),
        (false, true) => {
            Err("has no Korean paragraph; write \"Korean paragraph\\n\\nEnglish paragraph\"")
        }
        (true, false) => {
            Err("has no English paragraph; write \"Korean paragraph\\n\\nEnglish paragraph\"")
        }
        (false, false) => {
            Err("is empty of words; write \"Korean paragraph\\n\\nEnglish paragraph\"")
        }
    }
}

fn check_description(pointer: &str, node: &Value, what: &str, out: &mut Vec<Finding>) {
    match node.get("description").and_then(Value::as_str) {
        None => out.push(finding(
            pointer,
            "described",
            format!("{what} has no description; add one in Korean and English"),
        )),
        Some(text) => {
            if let Err(why) = bilingual(text) {
                out.push(finding(
                    format!("{pointer}/description"),
                    "described",
                    format!("the description of this {what} {why}"),
                ));
            }
        }
    }
}

/// A component that is only `$ref` (an alias) is described by its target.
/// Properties get no such pass: the same schema means different things in
/// different places (`Payment.amount` vs `cancel_amount`), so each property
/// says what it holds (`description` + `allOf: [$ref]`).
fn is_bare_ref(node: &Value) -> bool {
    node.as_object()
        .is_some_and(|m| m.len() == 1 && m.contains_key("$ref"))
}

fn described(model: &Model<'_>, reached: &BTreeMap<String, reach::Reach>, out: &mut Vec<Finding>) {
    let doc = model.doc();
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, s) in schemas {
            let p = format!("#/components/schemas/{}", escape_pointer(name));
            if !is_bare_ref(s) {
                check_description(&p, s, "schema", out);
            }
        }
    }
    for pointer in reached.keys() {
        let Some(node) = doc.pointer(pointer.trim_start_matches('#')) else {
            continue;
        };
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            for (name, p) in props {
                let here = format!("{pointer}/properties/{}", escape_pointer(name));
                if is_bare_ref(p) {
                    out.push(Finding {
                        pointer: here,
                        rule: "described",
                        message: "a property that is only a `$ref` has no description of its own; write `description` (Korean and English) + `allOf: [{$ref: ...}]`".into(),
                    });
                } else {
                    check_description(&here, p, "property", out);
                }
            }
        }
    }
    for op in model.operations() {
        for param in &op.parameters {
            check_description(&param.pointer, param.node, "parameter", out);
        }
    }
}

fn node_at<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    doc.pointer(pointer.strip_prefix('#').unwrap_or(pointer))
}

fn request_max_length(
    doc: &Value,
    reached: &BTreeMap<String, reach::Reach>,
    out: &mut Vec<Finding>,
) {
    for (pointer, r) in reached {
        if r.ctx & REQUEST == 0 || !r.request_unbounded {
            continue;
        }
        let Some(node) = node_at(doc, pointer) else {
            continue;
        };
        let is_string = node.get("type").and_then(Value::as_str) == Some("string");
        if is_string && node.get("maxLength").is_none() && node.get("enum").is_none() {
            let shared = if r.ctx & RESPONSE != 0 {
                " This schema is also reached from a response, where constraints are forbidden: give the request its own copy with `maxLength`."
            } else {
                ""
            };
            out.push(finding(
                pointer.clone(),
                "request-max-length",
                format!("request string without `maxLength`; add the documented limit so the client refuses an over-long value before sending it.{shared}"),
            ));
        }
    }
}

const RESPONSE_CONSTRAINTS: [&str; 5] =
    ["maxLength", "minLength", "pattern", "minItems", "maxItems"];

fn response_rules(doc: &Value, reached: &BTreeMap<String, reach::Reach>, out: &mut Vec<Finding>) {
    for (pointer, r) in reached {
        if r.ctx & RESPONSE == 0 {
            continue;
        }
        let Some(node) = node_at(doc, pointer) else {
            continue;
        };
        let shared = if r.ctx & REQUEST != 0 {
            " (this schema is shared with a request; a shared schema follows the response rules: give the request its own copy if it needs the constraint)"
        } else {
            ""
        };
        if node.get("additionalProperties") == Some(&Value::Bool(false)) {
            out.push(finding(
                format!("{pointer}/additionalProperties"),
                "response-additional-properties",
                format!("`additionalProperties: false` on a response schema; remove it so a new field from the API does not fail the parse{shared}"),
            ));
        }
        for key in RESPONSE_CONSTRAINTS {
            if node.get(key).is_some() {
                out.push(finding(
                    format!("{pointer}/{key}"),
                    "response-constraint",
                    format!("`{key}` on a response schema is checked on deserialize and fails the whole response on one unexpected value; remove it and say the limit in the description{shared}"),
                ));
            }
        }
        // The null member of a nullable reference (`{enum: [null]}`) admits
        // null only, no value the API could add; its form is `nullable-form`'s.
        if node.get("enum").is_some() && !crate::model::is_null_member(node) {
            out.push(finding(
                format!("{pointer}/enum"),
                "response-open-enum",
                format!("closed `enum` in a response: a value the API adds later would fail the parse; make it a named `type: string` schema with `x-open-enum`, which `cargo xtask generate` makes an open enum that keeps unknown values in `Other`{shared}"),
            ));
        }
    }
}

fn error_responses(model: &Model<'_>, out: &mut Vec<Finding>) {
    let wanted = serde_json::json!({"$ref": "#/components/schemas/ErrorResponse"});
    for op in model.operations() {
        for response in &op.responses {
            let status = response.status;
            let is_error =
                status.starts_with('4') || status.starts_with('5') || status == "default";
            if !is_error {
                continue;
            }
            if response.media.is_empty() {
                out.push(finding(
                    response.pointer.clone(),
                    "error-response",
                    format!("error response {status} has no body schema; give it `application/json` with `$ref: \"#/components/schemas/ErrorResponse\"`"),
                ));
            }
            for m in &response.media {
                if m.node.get("schema") != Some(&wanted) {
                    out.push(finding(
                        format!("{}/schema", m.pointer),
                        "error-response",
                        format!("error response {status} does not use the one error envelope; write `$ref: \"#/components/schemas/ErrorResponse\"`"),
                    ));
                }
            }
        }
    }
}

/// Examples live on media type objects, parameters and schemas.
fn examples(model: &Model<'_>, reached: &BTreeMap<String, reach::Reach>, out: &mut Vec<Finding>) {
    let doc = model.doc();
    let check = |pointer: String, schema: &Value, value: &Value, out: &mut Vec<Finding>| {
        for e in validate::validate(doc, schema, value) {
            out.push(finding(
                pointer.clone(),
                "example-valid",
                format!("{e}; fix the example or the schema"),
            ));
        }
    };
    let mut holders: Vec<(String, &Value)> = Vec::new();
    for_each_node(doc, &mut |pointer, node| {
        let segments: Vec<&str> = pointer.split('/').collect();
        if segments.iter().any(|s| *s == "example" || *s == "examples") {
            return;
        }
        let parent = segments.len().checked_sub(2).map(|i| segments[i]);
        let is_media = parent == Some("content");
        let is_param = node.get("in").is_some() && node.get("name").is_some();
        if (is_media || is_param) && node.get("schema").is_some() {
            holders.push((pointer.to_string(), node));
        }
    });
    for (pointer, holder) in holders {
        let schema = &holder["schema"];
        if let Some(v) = holder.get("example") {
            check(format!("{pointer}/example"), schema, v, out);
        }
        if let Some(map) = holder.get("examples").and_then(Value::as_object) {
            for (name, ex) in map {
                let here = format!("{pointer}/examples/{}", escape_pointer(name));
                let ex = model.deref(here, ex);
                if let Some(v) = ex.node.get("value") {
                    check(format!("{}/value", ex.pointer), schema, v, out);
                }
            }
        }
    }
    for pointer in reached.keys() {
        if let Some(node) = node_at(doc, pointer)
            && let Some(v) = node.get("example")
        {
            check(format!("{pointer}/example"), node, v, out);
        }
    }
}

fn unused_components(model: &Model<'_>, out: &mut Vec<Finding>) {
    let doc = model.doc();
    let mut refs: BTreeSet<String> = BTreeSet::new();
    for_each_node(doc, &mut |_, node| {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            refs.insert(r.to_string());
        }
    });
    let mut schemes_used: BTreeSet<String> = BTreeSet::new();
    let mut requirement_lists: Vec<&Value> = doc.get("security").into_iter().collect();
    for op in model.operations() {
        requirement_lists.extend(op.node.get("security"));
    }
    for list in requirement_lists {
        for req in list.as_array().into_iter().flatten() {
            schemes_used.extend(
                req.as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k.clone()),
            );
        }
    }
    let Some(components) = doc.get("components").and_then(Value::as_object) else {
        return;
    };
    for (kind, entries) in components {
        for name in entries.as_object().into_iter().flatten().map(|(k, _)| k) {
            let pointer = format!(
                "#/components/{}/{}",
                escape_pointer(kind),
                escape_pointer(name)
            );
            let used = if kind == "securitySchemes" {
                schemes_used.contains(name)
            } else {
                refs.contains(&pointer)
            };
            if !used {
                out.push(finding(
                    pointer,
                    "unused-component",
                    format!("`{name}` is never used; remove it or refer to it"),
                ));
            }
        }
    }
}

/// `cargo xtask lint`: prints every finding; exit 1 when there is one.
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    if let Some(extra) = args.first() {
        eprintln!("error: `lint` takes no argument (got `{extra}`)");
        return ExitCode::from(2);
    }
    let path = root.join(crate::SPEC_PATH);
    let loaded = match crate::spec::load(&path) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    report(&lint(&loaded.model()))
}

/// Prints findings (stdout) and a summary (stderr); the exit code for them.
pub fn report(findings: &[Finding]) -> ExitCode {
    if findings.is_empty() {
        println!(
            "ok: {} follows every house rule ({} rules)",
            crate::SPEC_PATH,
            RULES.len()
        );
        return ExitCode::SUCCESS;
    }
    for f in findings {
        println!("{f}");
    }
    eprintln!(
        "error: {} house-rule finding(s) in {} or its usage samples; the rules and their reasons are in spec/README.md",
        findings.len(),
        crate::SPEC_PATH
    );
    ExitCode::FAILURE
}
