//! Which schema nodes a request or a response can reach.
//!
//! The house rules differ by direction (request strings need `maxLength`,
//! response schemas must carry no constraint), so every schema node is tagged
//! with the directions that reach it, following `$ref`, `allOf`/`oneOf`/
//! `anyOf`, `properties`, `items` and `additionalProperties`. The diff uses
//! the same tags to decide whether a change hurts callers or parsers.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::spec::{escape_pointer, resolve_ref};

/// Reached from a request body or a parameter.
pub const REQUEST: u8 = 1;
/// Reached from a response.
pub const RESPONSE: u8 = 2;

/// What reaches one schema node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reach {
    /// `REQUEST | RESPONSE` bits; 0 for a component nothing uses.
    pub ctx: u8,
    /// Reached from a request through a path where no enclosing
    /// `allOf` wrapper carries `maxLength` or `enum`.
    pub request_unbounded: bool,
}

/// HTTP methods an OpenAPI path item can hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of the document.
#[derive(Debug, Clone)]
pub struct Operation<'a> {
    /// The path template, e.g. `/payments/{imp_uid}`.
    pub path: &'a str,
    /// Lower-case method.
    pub method: &'static str,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// The operation object.
    pub op: &'a Value,
    /// The path item (for path-level parameters).
    pub item: &'a Value,
}

/// Every operation, in document order of paths.
pub fn operations(doc: &Value) -> Vec<Operation<'_>> {
    let mut out = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    out.push(Operation {
                        path,
                        method,
                        pointer: format!("#/paths/{}/{method}", escape_pointer(path)),
                        op,
                        item,
                    });
                }
            }
        }
    }
    out
}

/// Follows a `$ref` (if any) and returns the pointer and node it lands on.
pub fn deref<'a>(doc: &'a Value, pointer: &str, node: &'a Value) -> (String, &'a Value) {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => match resolve_ref(doc, r) {
            Some(target) => (r.to_string(), target),
            None => (pointer.to_string(), node),
        },
        None => (pointer.to_string(), node),
    }
}

/// Every parameter of an operation (path-level ones first), dereferenced:
/// `(pointer, parameter object)`.
pub fn parameters<'a>(doc: &'a Value, op: &Operation<'a>) -> Vec<(String, &'a Value)> {
    let mut out = Vec::new();
    let item_ptr = op.pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or("#");
    for (base, holder) in [(item_ptr.to_string(), op.item), (op.pointer.clone(), op.op)] {
        if let Some(list) = holder.get("parameters").and_then(Value::as_array) {
            for (i, p) in list.iter().enumerate() {
                out.push(deref(doc, &format!("{base}/parameters/{i}"), p));
            }
        }
    }
    out
}

/// The media type objects (`content/<type>`) of an operation's request body.
pub fn request_media<'a>(doc: &'a Value, op: &Operation<'a>) -> Vec<(String, &'a Value)> {
    let Some(body) = op.op.get("requestBody") else {
        return Vec::new();
    };
    let (ptr, body) = deref(doc, &format!("{}/requestBody", op.pointer), body);
    media(&ptr, body)
}

/// Every response of an operation, dereferenced: `(status, pointer, response)`.
pub fn responses<'a>(doc: &'a Value, op: &Operation<'a>) -> Vec<(String, String, &'a Value)> {
    let mut out = Vec::new();
    if let Some(map) = op.op.get("responses").and_then(Value::as_object) {
        for (status, r) in map {
            let here = format!("{}/responses/{}", op.pointer, escape_pointer(status));
            let (ptr, r) = deref(doc, &here, r);
            out.push((status.clone(), ptr, r));
        }
    }
    out
}

/// The media type objects of a request body or response object.
pub fn media<'a>(pointer: &str, holder: &'a Value) -> Vec<(String, &'a Value)> {
    holder
        .get("content")
        .and_then(Value::as_object)
        .map(|c| {
            c.iter()
                .map(|(t, m)| (format!("{pointer}/content/{}", escape_pointer(t)), m))
                .collect()
        })
        .unwrap_or_default()
}

/// Tags every schema node of `doc` (keyed by JSON pointer) with what reaches
/// it. Component schemas nothing reaches are present with `ctx` 0.
pub fn reach(doc: &Value) -> BTreeMap<String, Reach> {
    let mut walker = Walker {
        doc,
        out: BTreeMap::new(),
        seen: BTreeSet::new(),
    };
    for op in operations(doc) {
        for (ptr, p) in parameters(doc, &op) {
            if let Some(s) = p.get("schema") {
                walker.visit(&format!("{ptr}/schema"), s, REQUEST, false);
            }
        }
        for (ptr, m) in request_media(doc, &op) {
            if let Some(s) = m.get("schema") {
                walker.visit(&format!("{ptr}/schema"), s, REQUEST, false);
            }
        }
        for (_, ptr, r) in responses(doc, &op) {
            for (mptr, m) in media(&ptr, r) {
                if let Some(s) = m.get("schema") {
                    walker.visit(&format!("{mptr}/schema"), s, RESPONSE, false);
                }
            }
        }
    }
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, s) in schemas {
            walker.visit(
                &format!("#/components/schemas/{}", escape_pointer(name)),
                s,
                0,
                false,
            );
        }
    }
    walker.out
}

struct Walker<'a> {
    doc: &'a Value,
    out: BTreeMap<String, Reach>,
    seen: BTreeSet<(String, u8, bool)>,
}

impl Walker<'_> {
    fn visit(&mut self, pointer: &str, node: &Value, ctx: u8, bounded: bool) {
        if !self.seen.insert((pointer.to_string(), ctx, bounded)) {
            return;
        }
        let entry = self.out.entry(pointer.to_string()).or_default();
        entry.ctx |= ctx;
        if ctx & REQUEST != 0 && !bounded {
            entry.request_unbounded = true;
        }
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            if let Some(target) = resolve_ref(self.doc, r) {
                self.visit(r, target, ctx, bounded);
            }
            return;
        }
        let bounded_here = bounded || node.get("maxLength").is_some() || node.get("enum").is_some();
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(list) = node.get(key).and_then(Value::as_array) {
                for (i, s) in list.iter().enumerate() {
                    self.visit(&format!("{pointer}/{key}/{i}"), s, ctx, bounded_here);
                }
            }
        }
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            for (name, s) in props {
                let p = format!("{pointer}/properties/{}", escape_pointer(name));
                self.visit(&p, s, ctx, false);
            }
        }
        if let Some(items) = node.get("items") {
            self.visit(&format!("{pointer}/items"), items, ctx, false);
        }
        if let Some(extra) = node.get("additionalProperties").filter(|v| v.is_object()) {
            self.visit(
                &format!("{pointer}/additionalProperties"),
                extra,
                ctx,
                false,
            );
        }
    }
}
