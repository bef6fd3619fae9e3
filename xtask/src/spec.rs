//! Loading and checking the spec before progenitor sees it.
//!
//! progenitor panics or produces wrong code on several inputs; every such case
//! is refused here with an error naming the file and the place (line/column
//! for syntax errors, a JSON pointer for everything else).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// A spec that cannot be used, with the file and the place that is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file.
    pub file: PathBuf,
    /// Where in the file: `line L, column C` or a JSON pointer such as `#/paths/~1payments~1cancel`.
    pub location: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.file.display(),
            self.location,
            self.message
        )
    }
}

impl std::error::Error for SpecError {}

/// A spec that parsed and passed the structural checks.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file it came from.
    pub file: PathBuf,
    /// The document as generic JSON (for lint, docs and summaries).
    pub json: Value,
    /// The document as typed OpenAPI 3.0 (for progenitor).
    pub openapi: openapiv3::OpenAPI,
}

/// Reads `path` and checks it; see [`parse`].
pub fn load(path: &Path) -> Result<LoadedSpec, SpecError> {
    let text = std::fs::read_to_string(path).map_err(|e| SpecError {
        file: path.to_path_buf(),
        location: "file".into(),
        message: format!("cannot read the spec: {e}"),
    })?;
    parse(path, &text)
}

/// Parses spec text (YAML or JSON) and checks what progenitor needs:
/// OpenAPI 3.0.x, resolvable local `$ref`s, unique operationIds, one JSON
/// request media type per operation.
pub fn parse(file: &Path, text: &str) -> Result<LoadedSpec, SpecError> {
    let err = |location: String, message: String| SpecError {
        file: file.to_path_buf(),
        location,
        message,
    };
    let json: Value = serde_yaml::from_str(text).map_err(|e| {
        let location = e
            .location()
            .map(|l| format!("line {}, column {}", l.line(), l.column()))
            .unwrap_or_else(|| "document".into());
        err(
            location,
            format!("not valid YAML: {e}; fix the syntax and run `cargo xtask generate` again"),
        )
    })?;
    if !json.is_object() {
        return Err(err(
            "#".into(),
            "the document is not a mapping; expected an OpenAPI 3.0.3 object".into(),
        ));
    }
    // A Swagger document is pointed at its `swagger` field, anything else at `openapi`.
    let version_field = if json.get("swagger").is_some() {
        "#/swagger"
    } else {
        "#/openapi"
    };
    check_version(&json).map_err(|m| err(version_field.into(), m))?;
    check_refs(&json).map_err(|(p, m)| err(p, m))?;
    check_operations(&json).map_err(|(p, m)| err(p, m))?;
    check_nullable_refs(&json).map_err(|(p, m)| err(p, m))?;
    let openapi: openapiv3::OpenAPI = serde_json::from_value(json.clone())
        .map_err(|e| err("#".into(), format!("not a valid OpenAPI 3.0 document: {e}")))?;
    Ok(LoadedSpec {
        file: file.to_path_buf(),
        json,
        openapi,
    })
}

fn check_version(json: &Value) -> Result<(), String> {
    if let Some(v) = json.get("swagger") {
        return Err(format!(
            "this is a Swagger {} document; progenitor needs OpenAPI 3.0.x. Convert it (the official PortOne file is Swagger 2.0: use `cargo xtask upstream` to compare instead)",
            v.as_str().unwrap_or("2.0")
        ));
    }
    match json.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => Ok(()),
        Some(v) => Err(format!(
            "OpenAPI {v} is not supported; progenitor 0.15 reads OpenAPI 3.0.x only (write `openapi: 3.0.3`)"
        )),
        None => Err("missing `openapi` version field; write `openapi: 3.0.3`".into()),
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Resolves a local `$ref` (`#/a/b`) in `root`.
pub fn resolve_ref<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    root.pointer(pointer)
}

fn walk<'a>(value: &'a Value, pointer: &mut String, visit: &mut dyn FnMut(&str, &'a Value)) {
    visit(pointer, value);
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer(k));
                walk(v, pointer, visit);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                walk(v, pointer, visit);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Calls `visit(pointer, value)` for every node, pointers starting with `#`.
pub fn for_each_node<'a>(root: &'a Value, visit: &mut dyn FnMut(&str, &'a Value)) {
    let mut pointer = String::from("#");
    walk(root, &mut pointer, visit);
}

fn check_refs(json: &Value) -> Result<(), (String, String)> {
    let mut first: Option<(String, String)> = None;
    for_each_node(json, &mut |pointer, node| {
        if first.is_some() {
            return;
        }
        if let Some(Value::String(r)) = node.get("$ref") {
            if !r.starts_with("#/") {
                first = Some((
                    format!("{pointer}/$ref"),
                    format!(
                        "external reference `{r}` is not supported; keep every schema in this file"
                    ),
                ));
            } else if resolve_ref(json, r).is_none() {
                first = Some((
                    format!("{pointer}/$ref"),
                    format!(
                        "unresolved reference `{r}`: no such component; add it or fix the name"
                    ),
                ));
            }
        }
    });
    first.map_or(Ok(()), Err)
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn check_operations(json: &Value) -> Result<(), (String, String)> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let Some(paths) = json.get("paths").and_then(Value::as_object) else {
        return Err(("#/paths".into(), "missing `paths` object".into()));
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let pointer = format!("#/paths/{}/{method}", escape_pointer(path));
            let id = match op.get("operationId").and_then(Value::as_str) {
                Some(id) if !id.is_empty() => id.to_string(),
                _ => {
                    return Err((
                        pointer,
                        "operation has no operationId; the generated method is named after it, so add one (camelCase, unique)".into(),
                    ));
                }
            };
            if let Some(other) = seen.insert(id.clone(), pointer.clone()) {
                return Err((
                    format!("{pointer}/operationId"),
                    format!(
                        "duplicate operationId `{id}` (also used at {other}); operationIds must be unique"
                    ),
                ));
            }
            if let Some(content) = op
                .pointer("/requestBody/content")
                .and_then(Value::as_object)
            {
                let types: Vec<&String> = content.keys().collect();
                if types.len() != 1 || types[0] != "application/json" {
                    return Err((
                        format!("{pointer}/requestBody/content"),
                        format!(
                            "the request body must have exactly one media type, `application/json` (found {types:?}); progenitor panics on more than one"
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// progenitor ignores `nullable: true` beside a lone `$ref`; refuse it so the
/// Rust type does not silently lose its `Option`.
fn check_nullable_refs(json: &Value) -> Result<(), (String, String)> {
    let mut first = None;
    for_each_node(json, &mut |pointer, node| {
        if first.is_none()
            && node.get("$ref").is_some()
            && node.get("nullable").and_then(Value::as_bool) == Some(true)
        {
            first = Some((
                pointer.to_string(),
                "`nullable: true` beside `$ref` is ignored by progenitor; write `type: object, nullable: true, allOf: [{$ref: ...}]`".to_string(),
            ));
        }
    });
    first.map_or(Ok(()), Err)
}
