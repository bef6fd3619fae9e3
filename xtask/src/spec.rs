//! Loading and checking the spec before progenitor sees it.
//!
//! progenitor panics or produces wrong code on several inputs; every such case
//! is refused here with an error naming the file and the place (line/column
//! for syntax errors, a JSON pointer for everything else).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod locate;
use locate::{line_column, narrow_openapi_error, path_pointer, yaml_location};

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
    let bytes = std::fs::read(path).map_err(|e| SpecError {
        file: path.to_path_buf(),
        location: "file".into(),
        message: format!("cannot read the spec: {e}"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(path, e))?;
    parse(path, &text)
}

/// Points at the first byte that is not UTF-8 (`read_to_string` only says
/// that one exists somewhere), as `line L, column C` like a syntax error.
fn not_utf8(path: &Path, e: std::string::FromUtf8Error) -> SpecError {
    let offset = e.utf8_error().valid_up_to();
    let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
    SpecError {
        file: path.to_path_buf(),
        location: line_column(valid, offset),
        message: format!(
            "not valid UTF-8 (byte offset {offset}, byte 0x{:02x}); save the file as UTF-8 and run `cargo xtask generate` again",
            e.as_bytes()[offset]
        ),
    }
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
        err(
            yaml_location(text, &e),
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
    check_media_schemas(&json).map_err(|(p, m)| err(p, m))?;
    check_composition_cycles(&json).map_err(|(p, m)| err(p, m))?;
    // serde_json's own error names no place; the path of the value that
    // failed is what makes a wrong type findable in a 1,000-line file.
    let openapi: openapiv3::OpenAPI =
        serde_path_to_error::deserialize(json.clone()).map_err(|e| {
            let message = e.inner().to_string();
            err(
                narrow_openapi_error(&json, path_pointer(e.path()), &message),
                format!(
                    "not a valid OpenAPI 3.0 document: {message}; give this value the type OpenAPI 3.0.3 defines for it"
                ),
            )
        })?;
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
            } else if let Some(wanted) = misplaced_ref(pointer, r) {
                first = Some((
                    format!("{pointer}/$ref"),
                    format!(
                        "reference `{r}` must name a component directly, `#/components/{wanted}/Name`: progenitor resolves nothing else here (it panics or fails on any other pointer)"
                    ),
                ));
            }
        }
    });
    first.map_or(Ok(()), Err)
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

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn check_operations(json: &Value) -> Result<(), (String, String)> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let Some(paths) = json.get("paths").and_then(Value::as_object) else {
        return Err(("#/paths".into(), "missing `paths` object".into()));
    };
    for (path, item) in paths {
        if item.get("$ref").is_some() {
            return Err((
                format!("#/paths/{}/$ref", escape_pointer(path)),
                "a path item that is a `$ref` is not supported by progenitor; write its operations here".into(),
            ));
        }
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

/// The component schemas `schema` is made of: its own `$ref`, and the
/// `$ref`s of its `allOf` members (inline members looked into), in order.
fn composed_of(schema: &Value, out: &mut Vec<String>) {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        out.push(name.replace("~1", "/").replace("~0", "~"));
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

/// A component schema made of itself (`A: {allOf: [{$ref: A}, ...]}`, or
/// through others: `A → B → A`) has no finite form, and progenitor recurses
/// on it until the stack overflows, which kills the process (no panic to
/// catch). Refuse the cycle at the first schema in it.
fn check_composition_cycles(json: &Value) -> Result<(), (String, String)> {
    let Some(schemas) = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Ok(());
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
        let mut seen = std::collections::BTreeSet::new();
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
                    return Err((
                        format!("#/components/schemas/{}/{kind}", escape_pointer(start)),
                        format!(
                            "`{start}` is made of itself ({}), which has no finite form: progenitor recurses on it until the stack overflows. Break the cycle: refer to the schema from a property instead",
                            cycle.join(" → ")
                        ),
                    ));
                }
                if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next, p));
                }
            }
        }
    }
    Ok(())
}

/// progenitor panics (`todo!`) on a request or response media type without
/// a `schema`; refuse it where it is.
fn check_media_schemas(json: &Value) -> Result<(), (String, String)> {
    let mut first = None;
    for_each_node(json, &mut |pointer, node| {
        if first.is_some() || pointer.starts_with("#/components/schemas/") {
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
        for (media, object) in content {
            if object.get("schema").is_none() {
                first = Some((
                    format!("{pointer}/content/{}", escape_pointer(media)),
                    format!(
                        "media type `{media}` has no `schema`; progenitor panics on it, so give it one (`$ref: \"#/components/schemas/Name\"`)"
                    ),
                ));
                return;
            }
        }
    });
    first.map_or(Ok(()), Err)
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

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: \"1\"\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/X\"\ncomponents:\n  schemas:\n    X:\n      type: object\n      properties:\n        n:\n          type: integer\n";

    fn file() -> &'static Path {
        Path::new("spec.yaml")
    }

    #[test]
    fn the_minimal_spec_loads() {
        parse(file(), MINIMAL).unwrap();
    }

    // The regressions below were found by the property test
    // (xtask/tests/prop_spec.rs): each error used to name no place.

    #[test]
    fn invalid_utf8_is_located_at_its_byte() {
        let dir = std::env::temp_dir().join(format!("xtask-spec-utf8-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("spec.yaml");
        std::fs::write(&path, b"openapi: 3.0.3\ninfo:\n  title: \xc3\xa9t\xff\n").unwrap();
        let e = load(&path).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        // `é` is one column: the bad byte is the 12th character of line 3.
        assert_eq!(e.location, "line 3, column 12", "{e}");
        assert!(e.message.contains("not valid UTF-8"), "{e}");
        assert!(e.message.contains("0xff"), "{e}");
    }

    #[test]
    fn a_control_character_is_located_where_it_is_not_at_the_start() {
        let text = MINIMAL.replace("title: t", "title: t\u{1}t");
        let e = parse(file(), &text).unwrap_err();
        assert_eq!(e.location, "line 3, column 11", "{e}");
        assert!(e.message.contains("control characters"), "{e}");
    }

    #[test]
    fn a_wrong_openapi_type_is_located_by_its_path() {
        let text = MINIMAL.replace(
            "          description: ok\n",
            "          description: [ok]\n",
        );
        let e = parse(file(), &text).unwrap_err();
        assert_eq!(
            e.location, "#/paths/~1x/get/responses/200/description",
            "{e}"
        );
        assert!(
            e.message.contains("not a valid OpenAPI 3.0 document"),
            "{e}"
        );
    }

    #[test]
    fn a_ref_that_names_no_component_is_refused_where_it_is() {
        for (target, wanted) in [
            ("#/components/schemas/X/properties/n", "schemas"),
            ("#/components", "schemas"),
            ("#/paths/~1x", "schemas"),
        ] {
            let text = MINIMAL.replace(
                "$ref: \"#/components/schemas/X\"",
                &format!("$ref: \"{target}\""),
            );
            let e = parse(file(), &text).unwrap_err();
            assert_eq!(
                e.location, "#/paths/~1x/get/responses/200/content/application~1json/schema/$ref",
                "{e}"
            );
            assert!(
                e.message.contains(&format!(
                    "must name a component directly, `#/components/{wanted}/Name`"
                )),
                "{e}"
            );
        }
    }

    #[test]
    fn a_path_item_ref_is_refused_where_it_is() {
        let text = MINIMAL.replace(
            "  /x:\n    get:\n",
            "  /y:\n    $ref: \"#/components/schemas/X\"\n  /x:\n    get:\n",
        );
        let e = parse(file(), &text).unwrap_err();
        assert_eq!(e.location, "#/paths/~1y/$ref", "{e}");
        assert!(e.message.contains("path item that is a `$ref`"), "{e}");
    }

    #[test]
    fn a_media_type_without_schema_is_refused_where_it_is() {
        let text = MINIMAL.replace(
            "            application/json:\n              schema:\n                $ref: \"#/components/schemas/X\"\n",
            "            application/json: {}\n",
        );
        let e = parse(file(), &text).unwrap_err();
        assert_eq!(
            e.location, "#/paths/~1x/get/responses/200/content/application~1json",
            "{e}"
        );
        assert!(e.message.contains("has no `schema`"), "{e}");
    }

    /// Found by the property test: these killed `cargo xtask generate`
    /// with a stack overflow inside progenitor.
    #[test]
    fn a_schema_made_of_itself_is_refused() {
        let own = MINIMAL.replace(
            "    X:\n      type: object\n",
            "    X:\n      type: object\n      allOf:\n        - $ref: \"#/components/schemas/X\"\n",
        );
        let e = parse(file(), &own).unwrap_err();
        assert_eq!(e.location, "#/components/schemas/X/allOf", "{e}");
        assert!(e.message.contains("(X → X)"), "{e}");
        let pair = format!(
            "{MINIMAL}    Y:\n      allOf:\n        - $ref: \"#/components/schemas/Z\"\n    Z:\n      allOf:\n        - type: object\n        - allOf:\n            - $ref: \"#/components/schemas/Y\"\n"
        );
        let e = parse(file(), &pair).unwrap_err();
        assert_eq!(e.location, "#/components/schemas/Y/allOf", "{e}");
        assert!(e.message.contains("(Y → Z → Y)"), "{e}");
        // A schema that refers to itself from a property is a recursive
        // type, which progenitor handles.
        let recursive = MINIMAL.replace(
            "        n:\n          type: integer\n",
            "        n:\n          type: integer\n        next:\n          $ref: \"#/components/schemas/X\"\n",
        );
        parse(file(), &recursive).unwrap();
    }

    #[test]
    fn a_response_ref_must_name_a_response() {
        let text = MINIMAL.replace(
            "        \"200\":\n          description: ok\n",
            "        \"401\":\n          $ref: \"#/components/schemas/X\"\n        \"200\":\n          description: ok\n",
        );
        let e = parse(file(), &text).unwrap_err();
        assert_eq!(e.location, "#/paths/~1x/get/responses/401/$ref", "{e}");
        assert!(e.message.contains("`#/components/responses/Name`"), "{e}");
    }
}
