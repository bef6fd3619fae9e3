//! The comparison of our operations with the official document's.

use std::collections::BTreeMap;

use serde_json::Value;

use super::normalize::{Field, normalize, swagger_parameter};
use crate::model::{Model, Operation, escape_pointer, resolve_ref};

/// How much a difference matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The official document has a field, parameter or response we lack.
    Lacking,
    /// Both have it, with different types.
    Type,
    /// A known mistake of the official document (information).
    Quirk,
    /// Required in one, optional in the other (information: our spec
    /// follows real responses).
    Required,
    /// Different `maxLength` on a request field (information).
    Length,
    /// We have it, the official document does not (information).
    Extra,
}

impl Severity {
    /// The tag printed before the line.
    pub fn tag(self) -> &'static str {
        match self {
            Severity::Lacking => "LACKING",
            Severity::Type => "TYPE",
            Severity::Quirk => "quirk",
            Severity::Required => "required",
            Severity::Length => "length",
            Severity::Extra => "ours-only",
        }
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// How much it matters.
    pub severity: Severity,
    /// `POST /payments/cancel`.
    pub operation: String,
    /// `request body extra`, `response 200 response.cancel_history[].amount`.
    pub field: String,
    /// What differs.
    pub message: String,
}

/// Compares every operation of `ours` (OpenAPI 3.0) with the same method and
/// path in `official` (Swagger 2.0).
pub fn compare(model: &Model<'_>, official: &Value) -> Result<Vec<Difference>, String> {
    let ours = model.doc();
    match official.get("swagger").and_then(Value::as_str) {
        Some(v) if v.starts_with("2.") => {}
        _ => return Err("the official document is not Swagger 2.0 (no `swagger: \"2.0\"` field); pass the official PortOne V1 JSON document".into()),
    }
    let mut out = Vec::new();
    for op in model.operations() {
        let name = format!("{} {}", op.method, op.path);
        let Some(theirs) = official.pointer(&format!(
            "/paths/{}/{}",
            escape_pointer(op.path),
            op.method.as_str()
        )) else {
            out.push(Difference {
                severity: Severity::Extra,
                operation: name,
                field: "operation".into(),
                message: "the official document has no such operation".into(),
            });
            continue;
        };
        let mut c = Cmp {
            op: name,
            out: &mut out,
        };
        c.request(ours, op, official, theirs);
        c.responses(ours, op, official, theirs);
    }
    out.sort();
    Ok(out)
}

struct Cmp<'a> {
    op: String,
    out: &'a mut Vec<Difference>,
}

impl Cmp<'_> {
    fn push(&mut self, severity: Severity, field: &str, message: String) {
        self.out.push(Difference {
            severity,
            operation: self.op.clone(),
            field: field.to_string(),
            message,
        });
    }

    fn request(&mut self, ours: &Value, op: &Operation<'_>, official: &Value, theirs: &Value) {
        // Ours: the JSON body's properties and the path/query parameters.
        let body = op
            .request_body
            .iter()
            .flat_map(|b| &b.media)
            .find_map(|m| m.schema.as_ref().map(|s| normalize(ours, s.node)))
            .unwrap_or_default();
        let mut our_params: BTreeMap<String, (String, bool, Field)> = BTreeMap::new();
        for p in &op.parameters {
            let or_unknown = |s: &str| if s.is_empty() { "?" } else { s }.to_string();
            let f = p
                .schema
                .as_ref()
                .map(|s| normalize(ours, s.node))
                .unwrap_or_default();
            our_params.insert(or_unknown(p.name), (or_unknown(p.location), p.required, f));
        }
        // Theirs: formData parameters (and a `body` parameter's properties)
        // are body fields; path/query/header parameters are parameters.
        let mut their_body = Field {
            ty: "object".into(),
            ..Field::default()
        };
        let mut their_params: BTreeMap<String, (String, bool, Field)> = BTreeMap::new();
        let list = theirs
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for p in &list {
            let p = p
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| resolve_ref(official, r))
                .unwrap_or(p);
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            let loc = p
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            let required = p.get("required").and_then(Value::as_bool) == Some(true);
            match loc.as_str() {
                "formData" => {
                    if required {
                        their_body.required.insert(name.clone());
                    }
                    their_body
                        .props
                        .insert(name, swagger_parameter(official, p));
                }
                "body" => {
                    let f = swagger_parameter(official, p);
                    their_body.required.extend(f.required.iter().cloned());
                    their_body.props.extend(f.props);
                }
                _ => {
                    their_params.insert(name, (loc, required, swagger_parameter(official, p)));
                }
            }
        }
        for (name, (loc, required, theirs)) in &their_params {
            let field = format!("parameter {name}");
            match our_params.get(name) {
                None => self.push(
                    Severity::Lacking,
                    &field,
                    format!(
                        "the official document has this {loc} parameter ({}), our spec lacks it",
                        theirs.ty
                    ),
                ),
                Some((our_loc, our_required, ours)) => {
                    if our_loc != loc {
                        self.push(
                            Severity::Type,
                            &field,
                            format!("official: in {loc}; ours: in {our_loc}"),
                        );
                    }
                    if our_required != required {
                        self.push(
                            Severity::Required,
                            &field,
                            required_message(*required, *our_required),
                        );
                    }
                    self.field(&field, ours, theirs, true, false);
                }
            }
        }
        for (name, (loc, _, _)) in &our_params {
            if !their_params.contains_key(name) {
                self.push(
                    Severity::Extra,
                    &format!("parameter {name}"),
                    format!("our {loc} parameter is not in the official document"),
                );
            }
        }
        if !their_body.props.is_empty() || !body.props.is_empty() {
            self.object("request", &body, &their_body, true, true);
        }
    }

    fn responses(&mut self, ours: &Value, op: &Operation<'_>, official: &Value, theirs: &Value) {
        let our_responses: BTreeMap<String, Option<Field>> = op
            .responses
            .iter()
            .map(|r| {
                let schema = r
                    .media
                    .iter()
                    .find_map(|m| m.schema.as_ref().map(|s| normalize(ours, s.node)));
                (r.status.to_string(), schema)
            })
            .collect();
        let their_responses = theirs
            .get("responses")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (status, r) in &their_responses {
            let field = format!("response {status}");
            let Some(our_schema) = our_responses.get(status) else {
                self.push(
                    Severity::Lacking,
                    &field,
                    "the official document lists this status, our spec lacks it".into(),
                );
                continue;
            };
            let Some(their_schema) = r.get("schema").map(|s| normalize(official, s)) else {
                continue;
            };
            match our_schema {
                Some(ours) => self.field(&field, ours, &their_schema, false, true),
                None => self.push(
                    Severity::Lacking,
                    &field,
                    "the official document gives this response a body schema, ours has none".into(),
                ),
            }
        }
        for status in our_responses.keys() {
            if !their_responses.contains_key(status) {
                self.push(
                    Severity::Extra,
                    &format!("response {status}"),
                    "our response status is not in the official document".into(),
                );
            }
        }
    }

    /// Compares one field; `request` decides whether lengths matter.
    fn field(&mut self, at: &str, ours: &Field, theirs: &Field, request: bool, root: bool) {
        if theirs.ty == "array" && theirs.items.is_none() && ours.ty == "object" {
            self.push(
                Severity::Quirk,
                at,
                "official: `array` without `items`; ours: object. A known mistake of the official document (the API takes an object); nothing to do".into(),
            );
            return;
        }
        if ours.ty != theirs.ty && theirs.ty != "any" {
            self.push(
                Severity::Type,
                at,
                format!("official: {}; ours: {}", theirs.ty, ours.ty),
            );
            return;
        }
        if request && ours.max_length != theirs.max_length && theirs.max_length.is_some() {
            self.push(
                Severity::Length,
                at,
                format!(
                    "official maxLength {}; ours {}",
                    show(theirs.max_length),
                    show(ours.max_length)
                ),
            );
        }
        if ours.ty == "object" || !theirs.props.is_empty() {
            self.object(at, ours, theirs, request, root);
        }
        if let (Some(oi), Some(ti)) = (&ours.items, &theirs.items) {
            self.field(&format!("{at}[]"), oi, ti, request, false);
        }
    }

    /// `root` is true for the top of a body (`request`, `response 200`):
    /// its fields read `request imp_uid`, deeper ones `response 200 response.amount`.
    fn object(&mut self, at: &str, ours: &Field, theirs: &Field, request: bool, root: bool) {
        let child = |name: &str| {
            if root {
                format!("{at} {name}")
            } else {
                format!("{at}.{name}")
            }
        };
        for (name, t) in &theirs.props {
            let here = child(name);
            match ours.props.get(name) {
                None => self.push(
                    Severity::Lacking,
                    &here,
                    format!(
                        "the official document has this {} field ({}), our spec lacks it",
                        if request { "request" } else { "response" },
                        t.ty
                    ),
                ),
                Some(o) => {
                    let (tr, or) = (theirs.required.contains(name), ours.required.contains(name));
                    if tr != or {
                        self.push(Severity::Required, &here, required_message(tr, or));
                    }
                    self.field(&here, o, t, request, false);
                }
            }
        }
        for name in ours.props.keys() {
            if !theirs.props.contains_key(name) {
                self.push(
                    Severity::Extra,
                    &child(name),
                    "we have it, the official document does not".into(),
                );
            }
        }
    }
}

fn required_message(theirs: bool, ours: bool) -> String {
    let word = |r: bool| if r { "required" } else { "optional" };
    format!("official: {}; ours: {}", word(theirs), word(ours))
}

fn show(v: Option<u64>) -> String {
    v.map_or("none".into(), |v| v.to_string())
}
