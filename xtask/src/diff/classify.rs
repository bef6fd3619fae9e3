//! The comparison itself: operations, parameters, bodies, responses and
//! component schemas, then documentation, then anything left over.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Change, Kind};
use crate::model::reach::{self, REQUEST, RESPONSE};
use crate::model::{Model, Operation, escape_pointer, unwrap};

/// Keys whose values are documentation only (`license`: `info.license`,
/// which no generator reads).
const DOC_KEYS: [&str; 8] = [
    "description",
    "summary",
    "example",
    "examples",
    "title",
    "externalDocs",
    "tags",
    "license",
];

/// Classifies every difference between two specs.
pub fn diff(old: &Model<'_>, new: &Model<'_>) -> Vec<Change> {
    let mut d = Differ {
        old: old.doc(),
        new: new.doc(),
        old_model: old,
        new_model: new,
        out: Vec::new(),
        covered: BTreeSet::new(),
    };
    d.operations();
    d.schemas();
    d.docs();
    d.leftovers();
    d.out
        .sort_by(|a, b| (a.kind, &a.what, a.rule).cmp(&(b.kind, &b.what, b.rule)));
    d.out.dedup();
    d.out
}

struct Differ<'a> {
    old: &'a Value,
    new: &'a Value,
    old_model: &'a Model<'a>,
    new_model: &'a Model<'a>,
    out: Vec<Change>,
    /// Pointers already explained by a change (for the leftover check).
    covered: BTreeSet<String>,
}

/// The verdict for a change that affects requests and responses differently:
/// a schema reached from both gets the harsher one.
fn by_ctx(ctx: u8, request: Kind, response: Kind) -> Kind {
    let mut k = Kind::Docs;
    if ctx & REQUEST != 0 {
        k = k.min(request);
    }
    if ctx & RESPONSE != 0 {
        k = k.min(response);
    }
    if ctx == 0 {
        k = request.min(response);
    }
    k
}

fn direction(ctx: u8) -> &'static str {
    match ctx {
        REQUEST => "request",
        RESPONSE => "response",
        _ => "request and response",
    }
}

fn ops_by_id<'m, 'a>(model: &'m Model<'a>) -> BTreeMap<String, &'m Operation<'a>> {
    model
        .operations()
        .iter()
        .map(|op| {
            let id = op
                .id
                .map(str::to_string)
                .unwrap_or_else(|| format!("{} {}", op.method, op.path));
            (id, op)
        })
        .collect()
}

fn str_set(v: Option<&Value>) -> BTreeSet<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().map(|x| x.to_string()).collect())
        .unwrap_or_default()
}

/// Whether the place admits `null`, in any of the spec's forms (see
/// [`crate::model::Unwrapped`]).
fn is_nullable(s: &Value) -> bool {
    unwrap(s).nullable
}

/// Whether a string schema keeps a constraint that makes typify generate a
/// validating newtype for it.
fn has_string_constraint(s: &Value) -> bool {
    ["maxLength", "minLength", "pattern"]
        .iter()
        .any(|k| s.get(*k).is_some())
}

/// A short name of a schema's Rust-relevant type: `ref Payment`,
/// `integer/int64`, `array<string>`, `object`...
fn shape(s: &Value) -> String {
    let u = unwrap(s);
    if let Some(r) = u.reference {
        return format!("ref {}", r.rsplit('/').next().unwrap_or(r));
    }
    if !std::ptr::eq(u.inner, s) {
        return shape(u.inner);
    }
    let t = s.get("type").and_then(Value::as_str).unwrap_or("any");
    match t {
        "array" => format!(
            "array<{}>",
            s.get("items").map(shape).unwrap_or("any".into())
        ),
        _ => match s.get("format").and_then(Value::as_str) {
            Some(f) => format!("{t}/{f}"),
            None => t.to_string(),
        },
    }
}

impl Differ<'_> {
    fn push(&mut self, kind: Kind, rule: &'static str, what: &str, pointer: &str, message: String) {
        self.covered.insert(pointer.to_string());
        self.out.push(Change {
            kind,
            rule,
            what: what.to_string(),
            pointer: pointer.to_string(),
            message,
        });
    }

    fn operations(&mut self) {
        let old_ops = ops_by_id(self.old_model);
        let new_ops = ops_by_id(self.new_model);
        for (id, op) in &old_ops {
            if !new_ops.contains_key(id) {
                self.push(
                    Kind::Breaking,
                    "operation-removed",
                    id,
                    &op.pointer,
                    format!(
                        "operation `{id}` ({} {}) was removed: its client method is gone",
                        op.method, op.path
                    ),
                );
            }
        }
        for (id, op) in &new_ops {
            let Some(old_op) = old_ops.get(id) else {
                self.push(
                    Kind::Added,
                    "operation-added",
                    id,
                    &op.pointer,
                    format!("new operation `{id}` ({} {})", op.method, op.path),
                );
                continue;
            };
            if (old_op.method, old_op.path) != (op.method, op.path) {
                self.covered.insert(old_op.pointer.clone());
                self.push(
                    Kind::Breaking,
                    "operation-moved",
                    id,
                    &op.pointer,
                    format!(
                        "`{id}` moved from {} {} to {} {}: the same method now calls another endpoint",
                        old_op.method, old_op.path, op.method, op.path
                    ),
                );
                continue;
            }
            self.parameters(id, old_op, op);
            self.request_body(id, old_op, op);
            self.responses(id, old_op, op);
        }
    }

    fn parameters(&mut self, id: &str, old_op: &Operation<'_>, op: &Operation<'_>) {
        let key = |p: &Value| {
            format!(
                "{}:{}",
                p.get("in").and_then(Value::as_str).unwrap_or("?"),
                p.get("name").and_then(Value::as_str).unwrap_or("?")
            )
        };
        let by_key = |op: &Operation<'_>| -> BTreeMap<String, (String, Value)> {
            op.parameters
                .iter()
                .map(|p| (key(p.node), (p.pointer.clone(), p.node.clone())))
                .collect()
        };
        let (old, new) = (by_key(old_op), by_key(op));
        let required = |p: &Value| p.get("required").and_then(Value::as_bool) == Some(true);
        for (k, (ptr, _)) in &old {
            if !new.contains_key(k) {
                let what = format!("{id}({k})");
                self.push(
                    Kind::Breaking,
                    "parameter-removed",
                    &what,
                    ptr,
                    format!("parameter `{k}` was removed: its builder method is gone"),
                );
            }
        }
        for (k, (ptr, p)) in &new {
            let what = format!("{id}({k})");
            match old.get(k) {
                None if required(p) => self.push(
                    Kind::Breaking,
                    "request-field-required",
                    &what,
                    ptr,
                    format!("new required parameter `{k}`: every existing call must now set it"),
                ),
                None => self.push(
                    Kind::Added,
                    "request-field-added",
                    &what,
                    ptr,
                    format!("new optional parameter `{k}`"),
                ),
                Some((old_ptr, old_p)) => {
                    if !required(old_p) && required(p) {
                        self.push(
                            Kind::Breaking,
                            "request-field-required",
                            &what,
                            ptr,
                            format!(
                                "parameter `{k}` became required: calls that leave it out now fail"
                            ),
                        );
                    } else if required(old_p) && !required(p) {
                        self.push(
                            Kind::Changed,
                            "request-field-optional",
                            &what,
                            ptr,
                            format!("parameter `{k}` became optional"),
                        );
                    }
                    if let (Some(os), Some(ns)) = (old_p.get("schema"), p.get("schema")) {
                        self.covered.insert(old_ptr.clone());
                        self.schema(os, ns, REQUEST, &what, &format!("{ptr}/schema"), 0);
                    }
                }
            }
        }
    }

    fn request_body(&mut self, id: &str, old_op: &Operation<'_>, op: &Operation<'_>) {
        let first_schema = |op: &Operation<'_>| -> Option<(String, Value)> {
            op.request_body
                .iter()
                .flat_map(|b| &b.media)
                .find_map(|m| m.schema.as_ref())
                .map(|s| (s.pointer.clone(), s.node.clone()))
        };
        let what = format!("{id} request body");
        match (first_schema(old_op), first_schema(op)) {
            (Some((ptr, _)), None) => self.push(
                Kind::Breaking,
                "field-removed",
                &what,
                &ptr,
                "the request body was removed".into(),
            ),
            (None, Some((ptr, _))) => self.push(
                Kind::Breaking,
                "request-field-required",
                &what,
                &ptr,
                "a request body was added: existing calls do not send it".into(),
            ),
            (Some((_, os)), Some((ptr, ns))) => self.schema(&os, &ns, REQUEST, &what, &ptr, 0),
            (None, None) => {}
        }
    }

    fn responses(&mut self, id: &str, old_op: &Operation<'_>, op: &Operation<'_>) {
        let collect = |op: &Operation<'_>| -> BTreeMap<String, (String, Option<Value>)> {
            op.responses
                .iter()
                .map(|r| {
                    let status = r.status.to_string();
                    match r.media.iter().find_map(|m| m.schema.as_ref()) {
                        Some(s) => (status, (s.pointer.clone(), Some(s.node.clone()))),
                        None => (status, (r.pointer.clone(), None)),
                    }
                })
                .collect()
        };
        let old = collect(old_op);
        let new = collect(op);
        for (status, (ptr, _)) in &old {
            if !new.contains_key(status) {
                let what = format!("{id} response {status}");
                self.push(Kind::Breaking, "response-removed", &what, ptr, format!("response {status} was removed: code handling it no longer compiles or sees it"));
            }
        }
        for (status, (ptr, s)) in &new {
            let what = format!("{id} response {status}");
            match old.get(status) {
                None => self.push(
                    Kind::Added,
                    "response-added",
                    &what,
                    ptr,
                    format!("new documented response {status}"),
                ),
                Some((_, os)) => match (os, s) {
                    (Some(os), Some(ns)) => self.schema(os, ns, RESPONSE, &what, ptr, 0),
                    (None, Some(_)) => self.push(
                        Kind::Changed,
                        "response-body-added",
                        &what,
                        ptr,
                        format!("response {status} now has a typed body"),
                    ),
                    (Some(_), None) => self.push(
                        Kind::Breaking,
                        "field-removed",
                        &what,
                        ptr,
                        format!("response {status} lost its body schema"),
                    ),
                    (None, None) => {}
                },
            }
        }
    }

    fn schemas(&mut self) {
        let names = |doc: &Value| -> BTreeSet<String> {
            doc.pointer("/components/schemas")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        };
        let (old_names, new_names) = (names(self.old), names(self.new));
        let old_reach = reach::reach(self.old_model);
        let new_reach = reach::reach(self.new_model);
        for name in old_names.difference(&new_names) {
            let ptr = format!("#/components/schemas/{}", escape_pointer(name));
            self.push(
                Kind::Breaking,
                "schema-removed",
                name,
                &ptr,
                format!("schema `{name}` was removed: its Rust type is gone"),
            );
        }
        for name in new_names.difference(&old_names) {
            let ptr = format!("#/components/schemas/{}", escape_pointer(name));
            self.push(
                Kind::Added,
                "schema-added",
                name,
                &ptr,
                format!("new schema `{name}` (a new Rust type)"),
            );
        }
        for name in old_names.intersection(&new_names) {
            let ptr = format!("#/components/schemas/{}", escape_pointer(name));
            let ctx =
                old_reach.get(&ptr).map_or(0, |r| r.ctx) | new_reach.get(&ptr).map_or(0, |r| r.ctx);
            let os = self.old.pointer(&ptr[1..]).cloned().unwrap_or_default();
            let ns = self.new.pointer(&ptr[1..]).cloned().unwrap_or_default();
            self.component_body(&os, &ns, ctx, name, &ptr);
        }
    }

    /// Compares a component's own body (a `$ref` at its top is compared as
    /// a type, anything else field by field).
    fn component_body(&mut self, os: &Value, ns: &Value, ctx: u8, what: &str, ptr: &str) {
        if os.get("$ref").is_some() || ns.get("$ref").is_some() {
            self.schema(os, ns, ctx, what, ptr, 0);
        } else {
            self.schema_fields(os, ns, ctx, what, ptr, 0);
        }
    }

    /// Compares two schemas at one place; `$ref`s are compared by name only
    /// (each component is compared once, on its own).
    fn schema(&mut self, os: &Value, ns: &Value, ctx: u8, what: &str, ptr: &str, depth: usize) {
        let (o, n) = (shape(os), shape(ns));
        if o != n {
            self.push(
                Kind::Breaking,
                "type-changed",
                what,
                ptr,
                format!("type changed from `{o}` to `{n}`: the Rust type changes"),
            );
            return;
        }
        self.cover_ref_rewrap(os, ns, ptr);
        if os.get("$ref").is_some() || ns.get("$ref").is_some() {
            // Same target, but one side may be a nullable wrapper and the
            // other the bare `$ref`: that is exactly `T` ↔ `Option<T>` in
            // Rust.
            self.nullability(os, ns, ctx, what, ptr);
            return;
        }
        self.schema_fields(os, ns, ctx, what, ptr, depth);
    }

    fn schema_fields(
        &mut self,
        os: &Value,
        ns: &Value,
        ctx: u8,
        what: &str,
        ptr: &str,
        depth: usize,
    ) {
        if depth > 32 {
            return;
        }
        let (o, n) = (shape(os), shape(ns));
        if o != n {
            self.push(
                Kind::Breaking,
                "type-changed",
                what,
                ptr,
                format!("type changed from `{o}` to `{n}`: the Rust type changes"),
            );
            return;
        }
        self.nullability(os, ns, ctx, what, ptr);
        self.enums(os, ns, ctx, what, ptr);
        self.lengths(os, ns, ctx, what, ptr);
        self.properties(os, ns, ctx, what, ptr, depth);
        if let (Some(oi), Some(ni)) = (os.get("items"), ns.get("items")) {
            self.schema(
                oi,
                ni,
                ctx,
                &format!("{what}[]"),
                &format!("{ptr}/items"),
                depth + 1,
            );
        }
    }

    /// A bare `$ref`, `allOf: [$ref]` (the form that can carry a
    /// description) and the nullable forms (`nullable` + `allOf: [$ref]`,
    /// `anyOf: [$ref, {enum: [null]}]`) of one target are the same Rust type
    /// (`T` or `Option<T>`): rewrapping one as another is not a change; only
    /// nullability (checked on its own) and the description can differ.
    fn cover_ref_rewrap(&mut self, os: &Value, ns: &Value, ptr: &str) {
        if let (Some(a), Some(b)) = (unwrap(os).reference, unwrap(ns).reference)
            && a == b
        {
            for key in ["$ref", "allOf", "anyOf", "oneOf", "type", "nullable"] {
                self.covered.insert(format!("{ptr}/{key}"));
            }
        }
    }

    fn nullability(&mut self, os: &Value, ns: &Value, ctx: u8, what: &str, ptr: &str) {
        match (is_nullable(os), is_nullable(ns)) {
            (false, true) => {
                let kind = by_ctx(ctx, Kind::Changed, Kind::Breaking);
                let rule = if kind == Kind::Breaking { "response-field-optional" } else { "request-field-nullable" };
                self.push(kind, rule, what, ptr, format!("became nullable in a {}: a response value may now be null, its Rust type becomes `Option<_>`", direction(ctx)));
            }
            (true, false) => self.push(
                Kind::Breaking,
                "nullable-removed",
                what,
                ptr,
                format!("no longer nullable in a {}: the Rust type loses its `Option` and a null no longer passes", direction(ctx)),
            ),
            _ => {}
        }
    }

    fn enums(&mut self, os: &Value, ns: &Value, ctx: u8, what: &str, ptr: &str) {
        let (oe, ne) = (str_set(os.get("enum")), str_set(ns.get("enum")));
        let removed: Vec<&String> = oe.difference(&ne).collect();
        let added: Vec<&String> = ne.difference(&oe).collect();
        if !removed.is_empty() && !ne.is_empty() {
            self.push(
                Kind::Breaking,
                "enum-value-removed",
                what,
                &format!("{ptr}/enum"),
                format!(
                    "enum value(s) {} removed from a {} enum: the Rust variant is gone",
                    join(&removed),
                    direction(ctx)
                ),
            );
        }
        if !added.is_empty() && !oe.is_empty() {
            let kind = by_ctx(ctx, Kind::Added, Kind::Breaking);
            self.push(
                kind,
                "enum-value-added",
                what,
                &format!("{ptr}/enum"),
                format!(
                    "enum value(s) {} added to a closed {} enum",
                    join(&added),
                    direction(ctx)
                ),
            );
        }
        if oe.is_empty() != ne.is_empty() {
            let how = if ne.is_empty() {
                "is no longer"
            } else {
                "became"
            };
            self.push(
                Kind::Breaking,
                "type-changed",
                what,
                &format!("{ptr}/enum"),
                format!("{how} a closed enum: the Rust type changes between an enum and a string"),
            );
        }
        let (oo, no) = (
            str_set(os.get("x-open-enum")),
            str_set(ns.get("x-open-enum")),
        );
        let added: Vec<&String> = no.difference(&oo).collect();
        let removed: Vec<&String> = oo.difference(&no).collect();
        if !added.is_empty() {
            self.push(Kind::Added, "open-enum-value-added", what, &format!("{ptr}/x-open-enum"), format!("new known value(s) {} of an open enum (`cargo xtask generate` adds the variant to the open enum)", join(&added)));
        }
        if !removed.is_empty() {
            // The open enum is generated from `x-open-enum`, so its
            // variant goes too: code matching on it
            // stops compiling, and the value now parses as `Other(..)`.
            self.push(
                Kind::Breaking,
                "open-enum-value-removed",
                what,
                &format!("{ptr}/x-open-enum"),
                format!(
                    "value(s) {} no longer listed in an open enum: the generated enum loses the variant(s), and the value(s) now parse as `Other`",
                    join(&removed)
                ),
            );
        }
    }

    fn lengths(&mut self, os: &Value, ns: &Value, ctx: u8, what: &str, ptr: &str) {
        let num = |s: &Value, k: &str| s.get(k).and_then(Value::as_u64);
        for (key, upper) in [
            ("maxLength", true),
            ("maxItems", true),
            ("minLength", false),
            ("minItems", false),
        ] {
            let (o, n) = (num(os, key), num(ns, key));
            if o == n {
                continue;
            }
            let tighter = match (o, n) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => {
                    if upper {
                        b < a
                    } else {
                        b > a
                    }
                }
                (None, None) => false,
            };
            let show = |v: Option<u64>| v.map_or("none".to_string(), |v| v.to_string());
            let p = format!("{ptr}/{key}");
            let string_key = key.ends_with("Length");
            if string_key && o.is_some() && n.is_none() && !has_string_constraint(ns) {
                // typify makes a validating newtype for a constrained string;
                // with the last constraint gone the field becomes `String`.
                self.push(Kind::Breaking, "type-changed", what, &p, format!("`{key}` ({}) removed, the last constraint of the string: its generated newtype becomes a plain `String`, a Rust type change", show(o)));
                continue;
            }
            if tighter {
                self.push(Kind::Breaking, "length-tighter", what, &p, format!("`{key}` tightened from {} to {} in a {}: values accepted before are now refused", show(o), show(n), direction(ctx)));
            } else {
                self.push(
                    Kind::Changed,
                    "length-looser",
                    what,
                    &p,
                    format!("`{key}` loosened from {} to {}", show(o), show(n)),
                );
            }
        }
        let (op, np) = (os.get("pattern"), ns.get("pattern"));
        if op != np {
            let p = format!("{ptr}/pattern");
            if np.is_some() {
                self.push(
                    Kind::Breaking,
                    "length-tighter",
                    what,
                    &p,
                    format!(
                        "`pattern` added or changed in a {}: values accepted before may be refused",
                        direction(ctx)
                    ),
                );
            } else if !has_string_constraint(ns) {
                self.push(Kind::Breaking, "type-changed", what, &p, "`pattern` removed, the last constraint of the string: its generated newtype becomes a plain `String`, a Rust type change".into());
            } else {
                self.push(
                    Kind::Changed,
                    "length-looser",
                    what,
                    &p,
                    "`pattern` removed".into(),
                );
            }
        }
    }

    fn properties(&mut self, os: &Value, ns: &Value, ctx: u8, what: &str, ptr: &str, depth: usize) {
        let empty = serde_json::Map::new();
        let op = os
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let np = ns
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let (oreq, nreq) = (str_set(os.get("required")), str_set(ns.get("required")));
        let req = |set: &BTreeSet<String>, name: &str| {
            set.contains(&Value::String(name.into()).to_string())
        };
        for name in op.keys().filter(|k| !np.contains_key(*k)) {
            let here = format!("{what}.{name}");
            let p = format!("{ptr}/properties/{}", escape_pointer(name));
            self.push(
                Kind::Breaking,
                "field-removed",
                &here,
                &p,
                format!(
                    "field removed from a {}: the Rust field is gone",
                    direction(ctx)
                ),
            );
        }
        for (name, ns_prop) in np {
            let here = format!("{what}.{name}");
            let p = format!("{ptr}/properties/{}", escape_pointer(name));
            let (was, is) = (req(&oreq, name), req(&nreq, name));
            let Some(os_prop) = op.get(name) else {
                if is {
                    let kind = by_ctx(ctx, Kind::Breaking, Kind::Breaking);
                    let rule = if ctx & REQUEST != 0 || ctx == 0 {
                        "request-field-required"
                    } else {
                        "response-field-required"
                    };
                    let effect = match ctx {
                        REQUEST => "existing calls do not set it",
                        RESPONSE => "responses that lack it fail to parse",
                        _ => {
                            "existing calls do not set it and responses that lack it fail to parse"
                        }
                    };
                    self.push(
                        kind,
                        rule,
                        &here,
                        &p,
                        format!("new required field in a {}: {effect}", direction(ctx)),
                    );
                } else {
                    let rule = if ctx == REQUEST {
                        "request-field-added"
                    } else {
                        "response-field-added"
                    };
                    self.push(
                        Kind::Added,
                        rule,
                        &here,
                        &p,
                        format!("new optional field in a {}", direction(ctx)),
                    );
                }
                continue;
            };
            if !was && is {
                let rule = if ctx & REQUEST != 0 || ctx == 0 {
                    "request-field-required"
                } else {
                    "response-field-required"
                };
                let effect = match ctx {
                    REQUEST => "every request must now set it",
                    RESPONSE => "responses that lack it now fail to parse",
                    _ => "requests must set it and responses that lack it fail to parse",
                };
                self.push(
                    Kind::Breaking,
                    rule,
                    &here,
                    &format!("{ptr}/required"),
                    format!(
                        "became required in a {}: its Rust type loses its `Option`; {effect}",
                        direction(ctx)
                    ),
                );
            } else if was && !is {
                let kind = by_ctx(ctx, Kind::Changed, Kind::Breaking);
                let rule = if kind == Kind::Breaking {
                    "response-field-optional"
                } else {
                    "request-field-optional"
                };
                self.push(
                    kind,
                    rule,
                    &here,
                    &format!("{ptr}/required"),
                    format!(
                        "became optional in a {}: its Rust type becomes `Option<_>`",
                        direction(ctx)
                    ),
                );
            }
            self.schema(os_prop, ns_prop, ctx, &here, &p, depth + 1);
        }
        if oreq != nreq {
            self.covered.insert(format!("{ptr}/required"));
        }
    }

    /// Documentation changes, one per changed description/summary/example.
    fn docs(&mut self) {
        let (o, n) = (doc_leaves(self.old), doc_leaves(self.new));
        let pointers: BTreeSet<&String> = o.keys().chain(n.keys()).collect();
        for p in pointers {
            // The docs of a field that was added or removed go with it.
            let parent = p
                .rsplit_once('/')
                .map_or("", |(a, _)| a)
                .trim_start_matches('#');
            let in_both = self.old.pointer(parent).is_some() && self.new.pointer(parent).is_some();
            if in_both && o.get(p) != n.get(p) {
                let what = label(p);
                let verb = match (o.contains_key(p), n.contains_key(p)) {
                    (false, _) => "added",
                    (_, false) => "removed",
                    _ => "changed",
                };
                let key = p.rsplit('/').next().unwrap_or("");
                self.push(Kind::Docs, "docs", &what, p, format!("{key} {verb}"));
            }
        }
    }

    /// Anything the rules above did not explain is still reported, so no
    /// change goes unseen.
    fn leftovers(&mut self) {
        let (o, n) = (leaves(self.old), leaves(self.new));
        let pointers: BTreeSet<&String> = o.keys().chain(n.keys()).collect();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for p in pointers {
            if o.get(p) == n.get(p) {
                continue;
            }
            let covered = self.covered.iter().any(|c| {
                p == c || p.starts_with(&format!("{c}/")) || c.starts_with(&format!("{p}/"))
            });
            if covered {
                continue;
            }
            let group: String = p.split('/').take(5).collect::<Vec<_>>().join("/");
            if seen.insert(group.clone()) {
                // Unknown effect on the generated code: assume the worst
                // (e.g. `additionalProperties: false` makes a response type
                // reject unknown fields) until a person has looked.
                self.push(
                    Kind::Breaking,
                    "unclassified",
                    &label(&group),
                    &group,
                    "changed in a way no rule classifies: treated as breaking until reviewed by hand (rerun with --allow-breaking once it is known to be harmless)".into(),
                );
            }
        }
    }
}

fn join(values: &[&String]) -> String {
    values
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `pointer → value` for every documentation key.
fn doc_leaves(doc: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    collect(doc, "#", true, &mut out);
    out
}

/// `pointer → scalar` for every leaf that is not documentation.
fn leaves(doc: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    collect(doc, "#", false, &mut out);
    out
}

fn collect(node: &Value, pointer: &str, docs: bool, out: &mut BTreeMap<String, Value>) {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{pointer}/{}", escape_pointer(k));
                let is_doc = DOC_KEYS.contains(&k.as_str()) && !pointer.ends_with("/properties");
                match (is_doc, docs) {
                    (true, true) => {
                        out.insert(p, v.clone());
                    }
                    (true, false) => {}
                    (false, _) => collect(v, &p, docs, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect(v, &format!("{pointer}/{i}"), docs, out);
            }
        }
        leaf if !docs => {
            out.insert(pointer.to_string(), leaf.clone());
        }
        _ => {}
    }
}

/// A readable name for a pointer: `Payment.cancel_history[].amount`,
/// `POST /payments/cancel responses/200`.
pub fn label(pointer: &str) -> String {
    let segs: Vec<String> = pointer
        .trim_start_matches("#/")
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let (mut out, rest) = match segs.as_slice() {
        [c, s, name, rest @ ..] if c == "components" && s == "schemas" => (name.clone(), rest),
        [p, path, method, rest @ ..] if p == "paths" => {
            (format!("{} {path}", method.to_uppercase()), rest)
        }
        _ => return pointer.to_string(),
    };
    let mut i = 0;
    while i < rest.len() {
        match rest[i].as_str() {
            "properties" if i + 1 < rest.len() => {
                out.push('.');
                out.push_str(&rest[i + 1]);
                i += 2;
                continue;
            }
            "items" => out.push_str("[]"),
            "allOf" | "oneOf" | "anyOf" => {
                i += 2;
                continue;
            }
            other => {
                out.push(' ');
                out.push_str(other);
            }
        }
        i += 1;
    }
    out
}
