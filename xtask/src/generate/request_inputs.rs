//! The client's request inputs, written to
//! [`REQUEST_INPUTS_PATH`](crate::REQUEST_INPUTS_PATH): for every operation,
//! the rules (the spec's limits, which the hand-written types read too),
//! and for every input no hand-written type claims (see [`super::claims`]),
//! a field in `<Operation>Options`, a setter on the operation's host, its
//! check in `check()` and its place on the wire.
//!
//! The mechanism (what a rule checks, how a value is put in the body) is
//! hand-written in `crates/portone-v1/src/inputs.rs`; the facts come from
//! the spec only.

use super::claims;
use super::inputs::{Input, Limits, Location, Operation, Shape, pascal, snake};
use crate::spec::SpecError;
use crate::{GENERATED_HEADER, SPEC_PATH};

/// The text of the client's inputs file.
pub fn render(operations: &[Operation], spec_file: &std::path::Path) -> Result<String, SpecError> {
    let mut s = String::new();
    s.push_str("//! The request inputs of every operation, from the spec: rules (limits),\n");
    s.push_str("//! and for the inputs no hand-written type sets, options with their setters.\n");
    s.push_str("//! The checks themselves are in `inputs.rs`.\n\n");
    let mut public = Vec::new();
    for op in operations {
        s.push_str(&operation(op, operations, spec_file, &mut public)?);
    }
    s.push_str("/// The options types that are builders of their own.\n");
    s.push_str("pub mod public {\n");
    for (module, name) in &public {
        s.push_str(&format!("    pub use super::{module}::{name};\n"));
    }
    s.push_str("}\n");
    let file = syn::parse_file(&s).map_err(|e| SpecError {
        file: spec_file.to_path_buf(),
        location: "#/paths".into(),
        message: format!(
            "the generated request inputs do not parse ({e}); this is a bug in xtask (report it with the spec)"
        ),
    })?;
    Ok(format!(
        "{GENERATED_HEADER}\n// source: {SPEC_PATH} (request parameters and bodies) and xtask/src/generate/claims.rs.\n// Change the spec, then run `cargo xtask generate`.\n\n{}",
        prettyplease::unparse(&file)
    ))
}

fn operation(
    op: &Operation,
    operations: &[Operation],
    spec_file: &std::path::Path,
    public: &mut Vec<(String, String)>,
) -> Result<String, SpecError> {
    let module = snake(&op.id);
    let options = format!("{}Options", pascal(&op.id));
    let mut s = String::new();
    doc(
        &mut s,
        &format!("`{} {}` (`{}`).", op.method, op.path, op.id),
    );
    s.push_str(&format!("pub(crate) mod {module} {{\n"));
    s.push_str("#[allow(unused_imports)]\nuse crate::generated::types::*;\n");
    s.push_str("use crate::error::InvalidRequest;\n\n");

    // Rules: every input, claimed or not, so that no limit is written twice.
    doc(
        &mut s,
        "The spec's limits of every input of this operation.",
    );
    s.push_str("pub(crate) mod rules {\nuse crate::inputs::Rule;\n");
    for input in &op.inputs {
        s.push_str(&rule(input));
    }
    s.push_str("}\n");

    let settable = settable_inputs(op);
    if let Some(owner) = claims::options_of(&op.id) {
        s.push_str(&shared_apply(op, owner, &settable, operations, spec_file)?);
        s.push_str("}\n\n");
        return Ok(s);
    }
    let host = claims::host_of(&op.id);
    if settable.is_empty() && host.is_none() {
        s.push_str("}\n");
        return Ok(s);
    }
    let builder = host.and_then(|h| h.builder);
    if builder.is_none()
        && let Some(body) = settable.iter().find(|i| i.location == Location::Body)
    {
        return Err(SpecError {
            file: spec_file.to_path_buf(),
            location: body.pointer.clone(),
            message: format!(
                "`{}` of {} is a body property that no hand-written type sets, and {} has no builder to put its setter on; claim it or give the operation a host in xtask/src/generate/claims.rs",
                body.dotted(),
                op.id,
                op.id
            ),
        });
    }
    let visibility = if builder.is_some() {
        "pub(crate)"
    } else {
        "pub"
    };
    if builder.is_none() {
        public.push((module.clone(), options.clone()));
    }

    // The options.
    match builder {
        Some(b) => doc(
            &mut s,
            &format!(
                "The inputs of `{}` that no hand-written type sets; their setters are on `{b}` (from `{}`).",
                op.id,
                setters_path(&op.id)
            ),
        ),
        None => {
            doc(
                &mut s,
                &format!(
                    "The optional inputs of `{}` (`{} {}`), sent by `{}`.",
                    op.id,
                    op.method,
                    op.path,
                    host.map(|h| h.sent_by).unwrap_or("the facade")
                ),
            );
            for sharer in claims::SHARED_OPTIONS
                .iter()
                .filter(|x| x.options_of == op.id)
            {
                if let Some(other) = operations.iter().find(|o| o.id == sharer.operation) {
                    doc(&mut s, "");
                    doc(
                        &mut s,
                        &format!(
                            "Also the options of `{}` (`{} {}`): the same query parameters.",
                            other.id, other.method, other.path
                        ),
                    );
                }
            }
        }
    }
    s.push_str("#[derive(Debug, Clone, Default, PartialEq)]\n");
    s.push_str(&format!("{visibility} struct {options} {{\n"));
    for input in &settable {
        s.push_str(&format!(
            "    pub(crate) {}: ::std::option::Option<{}>,\n",
            input.ident(),
            stored_type(input)
        ));
    }
    s.push_str("}\n\n");

    // The setters: on the options type itself, or, for a hand-written
    // builder, in a file of their own that the builder's `impl` block
    // includes (so this file never names the builder: no import cycle).
    if builder.is_none() {
        s.push_str(&format!("impl {options} {{\n"));
        doc(&mut s, "No option set: the API's defaults.");
        s.push_str("pub fn new() -> Self { Self::default() }\n");
        s.push_str(&setter_fns(&settable, "self", false));
        s.push_str("}\n\n");
    }

    // What the API uses for an input left unset (the schema's `default`),
    // for the fake and for callers that page or sort: stated in the spec only.
    let defaults = default_constants(&settable, visibility, spec_file)?;
    if !defaults.is_empty() {
        s.push_str(&format!("impl {options} {{\n{defaults}}}\n\n"));
    }

    // Check, body and query.
    s.push_str(&format!("impl {options} {{\n"));
    // Public on an options type that is public itself: a caller (the fake,
    // a program checking input early) can check without sending.
    doc(
        &mut s,
        "Checks the spec's limits and that every required input is set; the facade calls it before sending, and sends nothing when it fails.",
    );
    s.push_str(&format!(
        "{visibility} fn check(&self) -> Result<(), InvalidRequest> {{\n"
    ));
    for input in &settable {
        let ident = input.ident();
        let constant = constant(input);
        if input.required {
            let how = match builder {
                Some(_) => format!("set it with `.{}(..)`", ident.trim_start_matches("r#")),
                None => format!(
                    "set it with `{options}::{}`",
                    ident.trim_start_matches("r#")
                ),
            };
            s.push_str(&format!(
                "if self.{ident}.is_none() {{ return Err(rules::{constant}.missing({how:?})); }}\n"
            ));
        }
        let check = match &input.shape {
            Shape::Text => Some("text(value)"),
            Shape::Scalar(_) if has_bounds(&input.limits) => Some("number(value)"),
            _ => None,
        };
        if let Some(check) = check {
            s.push_str(&format!(
                "if let Some(value) = &self.{ident} {{ rules::{constant}.{check}?; }}\n"
            ));
        }
    }
    s.push_str("Ok(())\n}\n\n");
    doc(&mut s, "Puts every body property that is set into `body`.");
    s.push_str("#[allow(unused_variables)]\n");
    s.push_str("pub(crate) fn write_body(&self, body: &mut ::serde_json::Map<String, ::serde_json::Value>) {\n");
    for input in settable.iter().filter(|i| i.location == Location::Body) {
        let path: Vec<String> = input.path.iter().map(|p| format!("{p:?}")).collect();
        s.push_str(&format!(
            "if let Some(value) = &self.{} {{ crate::inputs::put(body, &[{}], value); }}\n",
            input.ident(),
            path.join(", ")
        ));
    }
    s.push_str("}\n\n");
    doc(
        &mut s,
        "Sets every query parameter that is set on the call.",
    );
    s.push_str(&format!(
        "pub(crate) fn apply<'a>(&self, call: crate::generated::builder::{}<'a>) -> crate::generated::builder::{}<'a> {{\n",
        pascal(&op.id),
        pascal(&op.id)
    ));
    let query: Vec<&&Input> = settable
        .iter()
        .filter(|i| i.location == Location::Query)
        .collect();
    if query.is_empty() {
        s.push_str("call\n}\n");
    } else {
        s.push_str("let mut call = call;\n");
        for input in query {
            let ident = input.ident();
            s.push_str(&format!(
                "if let Some(value) = &self.{ident} {{ call = call.{ident}(value.clone()); }}\n"
            ));
        }
        s.push_str("call\n}\n");
    }
    s.push_str("}\n}\n\n");
    Ok(s)
}

/// The inputs of `op` that get a setter: neither claimed nor in the path.
fn settable_inputs(op: &Operation) -> Vec<&Input> {
    op.inputs
        .iter()
        .filter(|i| i.claim.is_none() && i.location != Location::Path)
        .collect()
}

/// For an operation that takes the options of `owner` (see
/// [`claims::SHARED_OPTIONS`]): after checking that both have the same
/// settable inputs, an `apply_<operation>` on the owner's options that sets
/// them on this operation's call.
fn shared_apply(
    op: &Operation,
    owner: &str,
    settable: &[&Input],
    operations: &[Operation],
    spec_file: &std::path::Path,
) -> Result<String, SpecError> {
    let here = format!(
        "#/paths/{}/{}",
        crate::model::escape_pointer(&op.path),
        op.method.to_ascii_lowercase()
    );
    let refuse = |location: String, message: String| SpecError {
        file: spec_file.to_path_buf(),
        location,
        message: format!(
            "{message}; {} takes the options of {owner} (SHARED_OPTIONS in xtask/src/generate/claims.rs)",
            op.id
        ),
    };
    let Some(owner_op) = operations.iter().find(|o| o.id == owner) else {
        return Err(refuse(here, format!("the spec has no operation `{owner}`")));
    };
    if claims::host_of(&op.id).is_some() {
        return Err(refuse(
            here,
            format!(
                "{} also has a host of its own in HOSTS; keep one of the two",
                op.id
            ),
        ));
    }
    let owner_options = match claims::host_of(owner) {
        Some(claims::Host { builder: None, .. }) => format!("{}Options", pascal(owner)),
        _ => {
            return Err(refuse(
                here,
                format!(
                    "{owner} needs a host in HOSTS whose builder is its own options type (`builder: None`)"
                ),
            ));
        }
    };
    let theirs = settable_inputs(owner_op);
    for input in settable {
        if input.location != Location::Query {
            return Err(refuse(
                input.pointer.clone(),
                format!(
                    "`{}` is a body property; only query parameters can be shared",
                    input.dotted()
                ),
            ));
        }
        let Some(other) = theirs.iter().find(|o| o.path == input.path) else {
            return Err(refuse(
                input.pointer.clone(),
                format!(
                    "the query parameter `{}` of {} is not one of {owner}'s",
                    input.dotted(),
                    op.id
                ),
            ));
        };
        if let Some(what) = difference(input, other) {
            return Err(refuse(
                input.pointer.clone(),
                format!(
                    "the query parameter `{}` of {} differs from {owner}'s ({what}); make them the same (one `components/parameters` entry both refer to, say)",
                    input.dotted(),
                    op.id
                ),
            ));
        }
    }
    if let Some(missing) = theirs
        .iter()
        .find(|o| !settable.iter().any(|i| i.path == o.path))
    {
        return Err(refuse(
            here,
            format!(
                "{owner} has the query parameter `{}`, which {} lacks",
                missing.dotted(),
                op.id
            ),
        ));
    }

    let mut s = String::new();
    let call = pascal(&op.id);
    doc(
        &mut s,
        &format!(
            "`{}` takes the options of `{owner}`: their query parameters are the same (checked by `cargo xtask generate`).",
            op.id
        ),
    );
    s.push_str(&format!(
        "impl super::{}::{owner_options} {{\n",
        snake(owner)
    ));
    doc(
        &mut s,
        &format!(
            "Sets every query parameter that is set on a `{}` call.",
            op.id
        ),
    );
    s.push_str(&format!(
        "pub(crate) fn apply_{}<'a>(&self, call: crate::generated::builder::{call}<'a>) -> crate::generated::builder::{call}<'a> {{\n",
        snake(&op.id)
    ));
    if settable.is_empty() {
        s.push_str("call\n}\n}\n");
    } else {
        s.push_str("let mut call = call;\n");
        for input in settable {
            let ident = input.ident();
            s.push_str(&format!(
                "if let Some(value) = &self.{ident} {{ call = call.{ident}(value.clone()); }}\n"
            ));
        }
        s.push_str("call\n}\n}\n");
    }
    Ok(s)
}

/// What differs between two inputs of the same name, in words; `None`
/// when they are the same in everything a setter, a rule or a flag reads.
fn difference(a: &Input, b: &Input) -> Option<String> {
    if a.location != b.location {
        return Some("one is in the query, the other is not".into());
    }
    if a.required != b.required {
        return Some("one is required, the other is not".into());
    }
    if a.shape != b.shape {
        return Some(format!("types {:?} and {:?}", a.shape, b.shape));
    }
    if a.limits != b.limits {
        return Some(format!("limits {:?} and {:?}", a.limits, b.limits));
    }
    if a.password != b.password {
        return Some("one is a password, the other is not".into());
    }
    if a.description != b.description {
        return Some("different descriptions".into());
    }
    None
}

/// The file of the setters of `operation`'s hand-written builder, relative
/// to `crates/portone-v1/src` (what the `include!` beside the builder names).
pub fn setters_path(operation: &str) -> String {
    format!("inputs/{}_setters.rs", snake(operation))
}

/// The setter files, one per operation whose host is a hand-written
/// builder: `(path from the workspace root, text)`.
pub fn render_setters(operations: &[Operation]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for op in operations {
        let Some(builder) = claims::host_of(&op.id).and_then(|h| h.builder) else {
            continue;
        };
        let fns = setter_fns(&settable_inputs(op), "self.options", true);
        // The builder's bare name: the file is included in the module
        // that defines it (an `impl` of its own there).
        let name = builder.rsplit("::").next().unwrap_or(builder);
        let file = syn::parse_file(&format!("impl {name} {{\n{fns}}}\n"))
            .map_err(|e| format!("the generated setters of {} do not parse: {e}", op.id))?;
        let text = prettyplease::unparse(&file);
        out.push((
            format!("crates/portone-v1/src/{}", setters_path(&op.id)),
            format!(
                "{GENERATED_HEADER}\n// source: {SPEC_PATH} (the `{}` body and query) and xtask/src/generate/claims.rs.\n// Change the spec, then run `cargo xtask generate`.\n//\n// The setters of `{builder}`, included (`include!`) where it is defined:\n// one per input of `{}` that no hand-written type sets.\n\n{text}",
                op.id,
                op.id,
            ),
        ));
    }
    Ok(out)
}

/// The setter fns of `inputs`, writing to `{target}.<field>`; with
/// `qualified`, the generated types are named by their full path (the fns
/// land in a hand-written file that imports none of them).
fn setter_fns(inputs: &[&Input], target: &str, qualified: bool) -> String {
    let mut s = String::new();
    for input in inputs {
        for line in input.description.lines() {
            doc(&mut s, line);
        }
        let notes = notes(input);
        if !notes.is_empty() {
            doc(&mut s, "");
            doc(&mut s, &notes);
        }
        let ident = input.ident();
        let ty = |t: &str| {
            if qualified {
                super::inputs::qualify(t, "crate::generated::types")
            } else {
                t.to_string()
            }
        };
        let (arg, value) = match &input.shape {
            Shape::Text => ("impl Into<String>".to_string(), "value.into()".to_string()),
            Shape::Switch => ("bool".to_string(), "value".to_string()),
            Shape::Scalar(t) | Shape::Json(t) => {
                (format!("impl Into<{}>", ty(t)), "value.into()".into())
            }
        };
        s.push_str(&format!(
            "pub fn {ident}(mut self, value: {arg}) -> Self {{ {target}.{ident} = Some({value}); self }}\n"
        ));
    }
    s
}

/// `DEFAULT_<NAME>` constants for the inputs whose schema has a `default`:
/// an integer as `u64` (or `i64` when it is negative), a string (an enum's
/// wire value too) as `&str`, a boolean as `bool`.
fn default_constants(
    inputs: &[&Input],
    visibility: &str,
    spec_file: &std::path::Path,
) -> Result<String, SpecError> {
    let mut s = String::new();
    for input in inputs {
        let Some(value) = &input.default else {
            continue;
        };
        let (ty, literal) = match value {
            serde_json::Value::Number(n) if n.as_u64().is_some() => ("u64", n.to_string()),
            serde_json::Value::Number(n) if n.as_i64().is_some() => ("i64", n.to_string()),
            serde_json::Value::String(t) => ("&str", format!("{t:?}")),
            serde_json::Value::Bool(b) => ("bool", b.to_string()),
            other => {
                return Err(SpecError {
                    file: spec_file.to_path_buf(),
                    location: input.pointer.clone(),
                    message: format!(
                        "`default: {other}` of `{}`: only integer, string and boolean defaults become constants; write it as one of those, or teach xtask/src/generate/request_inputs.rs the type",
                        input.dotted()
                    ),
                });
            }
        };
        doc(
            &mut s,
            &format!(
                "What PortOne uses when `{}` is not sent (the spec's `default`).",
                input.dotted()
            ),
        );
        s.push_str(&format!(
            "{visibility} const DEFAULT_{}: {ty} = {literal};\n",
            constant(input)
        ));
    }
    Ok(s)
}

/// What an options field holds.
fn stored_type(input: &Input) -> String {
    match &input.shape {
        Shape::Text => "String".into(),
        Shape::Switch => "bool".into(),
        Shape::Scalar(t) | Shape::Json(t) => t.clone(),
    }
}

/// The rule constant's name (`REFUND_BANK`, `EXTRA_FOO`).
pub fn constant(input: &Input) -> String {
    input
        .path
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("_")
}

fn rule(input: &Input) -> String {
    let l = &input.limits;
    let mut s = String::new();
    let mut d = format!("`{}`", input.dotted());
    let notes = notes(input);
    if !notes.is_empty() {
        d.push_str(": ");
        d.push_str(&notes);
    }
    doc(&mut s, &d);
    let mut value = format!("Rule::new({:?})", input.dotted());
    if let Some(v) = l.min_length {
        value.push_str(&format!(".min_length({v})"));
    }
    if let Some(v) = l.max_length {
        value.push_str(&format!(".max_length({v})"));
    }
    if let Some(v) = l.minimum {
        value.push_str(&format!(".minimum({v:?}, {})", l.exclusive_minimum));
    }
    if let Some(v) = l.maximum {
        value.push_str(&format!(".maximum({v:?}, {})", l.exclusive_maximum));
    }
    s.push_str("#[allow(dead_code)]\n");
    s.push_str(&format!(
        "pub(crate) const {}: Rule = {value};\n",
        constant(input)
    ));
    s
}

fn has_bounds(l: &Limits) -> bool {
    l.minimum.is_some() || l.maximum.is_some()
}

/// The limits, the values of a closed enum and the required flag, in
/// words (for docs and help).
pub fn notes(input: &Input) -> String {
    notes_of(input, input.required)
}

/// [`notes`], saying "Required." only when `required`.
pub fn notes_of(input: &Input, required: bool) -> String {
    let l = &input.limits;
    let mut parts = Vec::new();
    if required {
        parts.push("Required.".to_string());
    }
    match (l.min_length, l.max_length) {
        (Some(min), Some(max)) if min > 0 => parts.push(format!("{min} to {max} characters.")),
        (_, Some(max)) => parts.push(format!("At most {max} characters.")),
        (Some(min), None) if min > 0 => parts.push(format!("At least {min} characters.")),
        _ => {}
    }
    if let Some(min) = l.minimum {
        let op = if l.exclusive_minimum { ">" } else { "≥" };
        parts.push(format!("{op} {min}."));
    }
    if let Some(max) = l.maximum {
        let op = if l.exclusive_maximum { "<" } else { "≤" };
        parts.push(format!("{op} {max}."));
    }
    if let Some(values) = &input.values {
        parts.push(format!("One of: {}.", values.join(", ")));
    }
    parts.join(" ")
}

fn doc(s: &mut String, line: &str) {
    s.push_str(&format!("#[doc = {:?}]\n", format!(" {}", line.trim_end())));
}
