//! What makes a spec usable at all, checked in one place: the loader
//! ([`super::parse`]) refuses the first problem found, and `cargo xtask lint`
//! reports the operation problems ([`operations`]) among its findings.
//!
//! progenitor panics or produces wrong code on each of these; every case is
//! refused with a JSON pointer to the place and how to fix it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::{JSON, Model, escape_pointer, for_each_node, resolve_ref, unescape_pointer};

/// One structural problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// JSON pointer of the place, starting with `#`.
    pub pointer: String,
    /// Which check found it (for operations, the lint rule id it is
    /// reported under).
    pub rule: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
}

fn problem(pointer: impl Into<String>, rule: &'static str, message: impl Into<String>) -> Problem {
    Problem {
        pointer: pointer.into(),
        rule,
        message: message.into(),
    }
}

/// Runs every check in order and returns the first problem: OpenAPI
/// 3.0.x, resolvable local `$ref`s, operations (ids, one JSON request
/// media type), no `nullable` beside a `$ref`, a schema for every media
/// type, no schema made of itself, no composition that merges keywords
/// into a schema containing it.
pub fn check(file: &std::path::Path, json: &Value) -> Result<(), Problem> {
    version(json)?;
    first(refs(json))?;
    first(paths(json))?;
    first(operations(&Model::new(file, json)))?;
    first(nullable_refs(json))?;
    first(media_schemas(json))?;
    first(composition_cycles(json))?;
    first(merged_cycles(json))
}

fn first(problems: Vec<Problem>) -> Result<(), Problem> {
    problems.into_iter().next().map_or(Ok(()), Err)
}

fn version(json: &Value) -> Result<(), Problem> {
    if let Some(v) = json.get("swagger") {
        return Err(problem(
            "#/swagger",
            "openapi-version",
            format!(
                "this is a Swagger {} document; progenitor needs OpenAPI 3.0.x. Convert it (the official PortOne file is Swagger 2.0: use `cargo xtask upstream` to compare instead)",
                v.as_str().unwrap_or("2.0")
            ),
        ));
    }
    let wrong = |m: String| Err(problem("#/openapi", "openapi-version", m));
    match json.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => Ok(()),
        Some(v) => wrong(format!(
            "OpenAPI {v} is not supported; progenitor 0.15 reads OpenAPI 3.0.x only (write `openapi: 3.0.3`)"
        )),
        None => wrong("missing `openapi` version field; write `openapi: 3.0.3`".into()),
    }
}

/// Every `$ref` is local, resolves, and names a component of the section
/// progenitor looks in. Only the first is reported.
fn refs(json: &Value) -> Vec<Problem> {
    let mut found: Option<Problem> = None;
    for_each_node(json, &mut |pointer, node| {
        if found.is_some() {
            return;
        }
        let Some(Value::String(r)) = node.get("$ref") else {
            return;
        };
        let at = format!("{pointer}/$ref");
        if !r.starts_with("#/") {
            found = Some(problem(
                at,
                "ref",
                format!(
                    "external reference `{r}` is not supported; keep every schema in this file"
                ),
            ));
        } else if resolve_ref(json, r).is_none() {
            found = Some(problem(
                at,
                "ref",
                format!("unresolved reference `{r}`: no such component; add it or fix the name"),
            ));
        } else if let Some(wanted) = misplaced_ref(pointer, r) {
            found = Some(problem(
                at,
                "ref",
                format!(
                    "reference `{r}` must name a component directly, `#/components/{wanted}/Name`: progenitor resolves nothing else here (it panics or fails on any other pointer)"
                ),
            ));
        }
    });
    found.into_iter().collect()
}

/// For a `$ref` held at `holder`, the components section it must point
/// into when `reference` is not `#/components/<that section>/<Name>`.
/// progenitor (and typify below it) look references up by that form only.
fn misplaced_ref(holder: &str, reference: &str) -> Option<&'static str> {
    let segments: Vec<&str> = holder.split('/').collect();
    let n = segments.len();
    let wanted = if holder.starts_with("#/components/schemas/") || segments.contains(&"schema") {
        "schemas"
    } else if n >= 2 && segments[n - 2] == "responses" {
        "responses"
    } else if n >= 2 && segments[n - 2] == "parameters" {
        "parameters"
    } else if segments[n - 1] == "requestBody" || (n >= 2 && segments[n - 2] == "requestBodies") {
        "requestBodies"
    } else if n >= 2 && segments[n - 2] == "examples" {
        "examples"
    } else if n >= 2 && segments[n - 2] == "headers" {
        "headers"
    } else {
        // Links, callbacks, security schemes: only the form is checked.
        let parts: Vec<&str> = reference.split('/').collect();
        let well_formed =
            parts.len() == 4 && parts[0] == "#" && parts[1] == "components" && !parts[3].is_empty();
        return (!well_formed).then_some("<section>");
    };
    let name = reference.strip_prefix(&format!("#/components/{wanted}/"));
    match name {
        Some(name) if !name.is_empty() && !name.contains('/') => None,
        _ => Some(wanted),
    }
}

/// A `paths` object whose path items hold their operations themselves.
fn paths(json: &Value) -> Vec<Problem> {
    let Some(paths) = json.get("paths").and_then(Value::as_object) else {
        return vec![problem("#/paths", "paths", "missing `paths` object")];
    };
    paths
        .iter()
        .filter(|(_, item)| item.get("$ref").is_some())
        .map(|(path, _)| {
            problem(
                format!("#/paths/{}/$ref", escape_pointer(path)),
                "paths",
                "a path item that is a `$ref` is not supported by progenitor; write its operations here",
            )
        })
        .take(1)
        .collect()
}

/// Per operation, in order: an operationId (the generated method is
/// named after it), unique, and a request body with exactly one media
/// type, `application/json` (progenitor panics on more than one). Rule
/// ids: `operation-id`, `request-media-type`.
pub fn operations(model: &Model<'_>) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for op in model.operations() {
        match op.id {
            None | Some("") => out.push(problem(
                op.pointer.clone(),
                "operation-id",
                "operation has no operationId; the generated method is named after it, so add one (camelCase, unique)",
            )),
            Some(id) => {
                if let Some(other) = seen.insert(id, &op.pointer) {
                    out.push(problem(
                        format!("{}/operationId", op.pointer),
                        "operation-id",
                        format!(
                            "duplicate operationId `{id}` (also used at {other}); operationIds must be unique"
                        ),
                    ));
                }
            }
        }
        if let Some(body) = &op.request_body {
            let types: Vec<&str> = body.media.iter().map(|m| m.name).collect();
            if types != [JSON] {
                out.push(problem(
                    format!("{}/content", body.pointer),
                    "request-media-type",
                    format!(
                        "the request body must have exactly one media type, `application/json` (found {types:?}); progenitor panics on more than one"
                    ),
                ));
            }
        }
    }
    out
}

/// progenitor ignores `nullable: true` beside a lone `$ref`; refuse it so the
/// Rust type does not silently lose its `Option`.
fn nullable_refs(json: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    for_each_node(json, &mut |pointer, node| {
        if out.is_empty()
            && node.get("$ref").is_some()
            && node.get("nullable").and_then(Value::as_bool) == Some(true)
        {
            out.push(problem(
                pointer,
                "nullable-ref",
                "`nullable: true` beside `$ref` is ignored by progenitor (and by OpenAPI 3.0.3); write `anyOf: [{$ref: ...}, {enum: [null]}]` (spec/README.md, \"Null beside a reference\")",
            ));
        }
    });
    out
}

/// progenitor panics (`todo!`) on a request or response media type without
/// a `schema`; refuse it where it is.
fn media_schemas(json: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    for_each_node(json, &mut |pointer, node| {
        if !out.is_empty() || pointer.starts_with("#/components/schemas/") {
            return;
        }
        let segments: Vec<&str> = pointer.split('/').collect();
        let n = segments.len();
        // A response (`…/responses/<code or name>`) or a request body.
        let is_body = segments[n - 1] == "requestBody"
            || (n >= 2 && matches!(segments[n - 2], "responses" | "requestBodies"));
        if !is_body || segments.contains(&"schema") {
            return;
        }
        let Some(content) = node.get("content").and_then(Value::as_object) else {
            return;
        };
        if let Some((media, _)) = content.iter().find(|(_, m)| m.get("schema").is_none()) {
            out.push(problem(
                format!("{pointer}/content/{}", escape_pointer(media)),
                "media-schema",
                format!(
                    "media type `{media}` has no `schema`; progenitor panics on it, so give it one (`$ref: \"#/components/schemas/Name\"`)"
                ),
            ));
        }
    });
    out
}

/// The component schemas `schema` is made of: its own `$ref`, and the
/// `$ref`s of its `allOf` members (inline members looked into), in order.
fn composed_of(schema: &Value, out: &mut Vec<String>) {
    if let Some(name) = schema_ref(schema) {
        out.push(name);
    }
    for member in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        composed_of(member, out);
    }
}

/// The component schema `node`'s own `$ref` names, if it names one.
fn schema_ref(node: &Value) -> Option<String> {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .map(unescape_pointer)
}

/// `#/components/schemas`, if the spec has any.
fn component_schemas(json: &Value) -> Option<&serde_json::Map<String, Value>> {
    json.pointer("/components/schemas")
        .and_then(Value::as_object)
}

/// A component schema made of itself (`A: {allOf: [{$ref: A}, ...]}`, or
/// through others: `A → B → A`) has no finite form, and progenitor recurses
/// on it until the stack overflows, which kills the process (no panic to
/// catch). Refuse the cycle at the first schema in it.
fn composition_cycles(json: &Value) -> Vec<Problem> {
    let Some(schemas) = component_schemas(json) else {
        return Vec::new();
    };
    let edges = |name: &str| {
        let mut out = Vec::new();
        if let Some(schema) = schemas.get(name) {
            composed_of(schema, &mut out);
        }
        out
    };
    for start in schemas.keys() {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((name, path)) = stack.pop() {
            for next in edges(&name) {
                if &next == start {
                    let kind = if schemas[start].get("allOf").is_some() {
                        "allOf"
                    } else {
                        "$ref"
                    };
                    let mut cycle = path.clone();
                    cycle.push(next);
                    return vec![problem(
                        format!("#/components/schemas/{}/{kind}", escape_pointer(start)),
                        "composition-cycle",
                        format!(
                            "`{start}` is made of itself ({}), which has no finite form: progenitor recurses on it until the stack overflows. Break the cycle: refer to the schema from a property instead",
                            cycle.join(" → ")
                        ),
                    )];
                }
                if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next, p));
                }
            }
        }
    }
    Vec::new()
}

/// Keywords typify leaves alone beside a `oneOf`/`anyOf`/`allOf`:
/// annotations, and `type` (which it checks against the members). Any
/// other sibling (`items`, `required`, `enum`, `properties`, ...) it merges
/// into every member, resolving each member's `$ref` to do so.
const NOT_MERGED: &[&str] = &[
    "oneOf",
    "anyOf",
    "allOf",
    "type",
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "nullable",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "discriminator",
];

/// The component schemas named by a `$ref` anywhere inside `node`.
fn referenced(node: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for_each_node(node, &mut |_, n| {
        if let Some(name) = schema_ref(n) {
            out.insert(name);
        }
    });
    out
}

/// A composition with merged keywords beside it (`{items: ..., oneOf:
/// [{$ref: Payment}]}` inside `Payment`) whose members lead back to the
/// component holding it: typify merges the keywords into the member, which
/// holds the composition again, and recurses until the stack overflows
/// (found by the property test; no panic to catch). Recursion through a
/// plain property, or a composition with only annotations beside it, is a
/// recursive type and generates; this refuses only the merging form.
fn merged_cycles(json: &Value) -> Vec<Problem> {
    let Some(schemas) = component_schemas(json) else {
        return Vec::new();
    };
    let direct: BTreeMap<&str, BTreeSet<String>> = schemas
        .iter()
        .map(|(name, schema)| (name.as_str(), referenced(schema)))
        .collect();
    // The way from `from` to `to` through the references, if there is one.
    let way = |from: &str, to: &str| -> Option<Vec<String>> {
        let mut queue = std::collections::VecDeque::from([vec![from.to_string()]]);
        let mut seen = BTreeSet::from([from.to_string()]);
        while let Some(path) = queue.pop_front() {
            let last = path.last().expect("non-empty path");
            if last == to {
                return Some(path);
            }
            for next in direct.get(last.as_str()).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    queue.push_back(p);
                }
            }
        }
        None
    };
    for (name, schema) in schemas {
        let base = format!("#/components/schemas/{}", escape_pointer(name));
        let mut found = None;
        for_each_node(schema, &mut |pointer, node| {
            if found.is_some() {
                return;
            }
            let Some(obj) = node.as_object() else { return };
            let Some(keyword) = ["oneOf", "anyOf", "allOf"]
                .into_iter()
                .find(|k| obj.contains_key(*k))
            else {
                return;
            };
            let merged: Vec<&str> = obj
                .keys()
                .map(String::as_str)
                .filter(|k| !NOT_MERGED.contains(k) && !k.starts_with("x-"))
                .collect();
            if merged.is_empty() {
                return;
            }
            let Some(cycle) = referenced(node).iter().find_map(|r| way(r, name)) else {
                return;
            };
            let at = format!("{base}{}", pointer.trim_start_matches('#'));
            found = Some(problem(
                format!("{at}/{keyword}"),
                "composition-cycle",
                format!(
                    "`{keyword}` beside `{}` leads back to `{name}` ({name} → {}): progenitor merges those keywords into each member, which holds this `{keyword}` again, and recurses until the stack overflows. Move the keywords into the members, or drop them",
                    merged.join("`, `"),
                    cycle.join(" → ")
                ),
            ));
        });
        if let Some(p) = found {
            return vec![p];
        }
    }
    Vec::new()
}
