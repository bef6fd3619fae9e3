//! Which schema nodes a request or a response can reach.
//!
//! The house rules differ by direction (request strings need `maxLength`,
//! response schemas must carry no constraint), so every schema node is tagged
//! with the directions that reach it, following `$ref`, `allOf`/`oneOf`/
//! `anyOf`, `properties`, `items` and `additionalProperties`. Lint and the
//! diff read the same tags: the diff decides by them whether a change hurts
//! callers or parsers.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Model, escape_pointer, resolve_ref};

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

/// Tags every schema node of the spec (keyed by JSON pointer) with what
/// reaches it. Component schemas nothing reaches are present with `ctx` 0.
pub fn reach(model: &Model<'_>) -> BTreeMap<String, Reach> {
    let doc = model.doc();
    let mut walker = Walker {
        doc,
        out: BTreeMap::new(),
        seen: BTreeSet::new(),
    };
    for op in model.operations() {
        let requests = op.parameters.iter().filter_map(|p| p.schema.as_ref());
        let bodies = op.request_body.iter().flat_map(|b| &b.media);
        for s in requests.chain(bodies.filter_map(|m| m.schema.as_ref())) {
            walker.visit(&s.pointer, s.node, REQUEST, false);
        }
        for m in op.responses.iter().flat_map(|r| &r.media) {
            if let Some(s) = &m.schema {
                walker.visit(&s.pointer, s.node, RESPONSE, false);
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
