//! Reads the spec into a neutral description of operations and schemas that
//! both renderers share, so the Markdown and the HTML page never disagree.
//!
//! Order never depends on how the JSON map iterates: operations follow the
//! spec's `tags` list, then path, then method; fields and schemas are sorted
//! by name.

use std::collections::BTreeSet;

use serde_json::Value;

use super::outcomes::{self, Outcome};
use super::text::Bilingual;
use crate::spec::{LoadedSpec, SpecError, escape_pointer, resolve_ref};

/// Everything the renderers show.
#[derive(Debug, Clone)]
pub struct Doc {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Bilingual,
    /// `servers[].url`.
    pub servers: Vec<String>,
    /// `components.securitySchemes`, by name.
    pub security_schemes: Vec<SecurityScheme>,
    /// Every operation, in tag order, then path, then method.
    pub operations: Vec<Operation>,
    /// Every component schema, by name.
    pub schemas: Vec<SchemaDoc>,
}

/// One way to authenticate.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// Its name in `components.securitySchemes`.
    pub name: String,
    /// What goes on the wire, e.g. ``header `Authorization: Bearer <token>` ``.
    pub wire: String,
    /// Its description.
    pub description: Bilingual,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// `summary`.
    pub summary: String,
    /// `description`.
    pub description: Bilingual,
    /// Security alternatives; each is a set of scheme names sent together.
    /// Empty: no authentication.
    pub security: Vec<Vec<String>>,
    /// Path, query and header parameters, then body fields (nested objects
    /// flattened as `parent.child`).
    pub fields: Vec<Field>,
    /// The request body's schema name, when it is a `$ref`.
    pub body_schema: Option<String>,
    /// The request body schema's description (rules that span fields).
    pub body_description: Bilingual,
    /// Request body examples.
    pub request_examples: Vec<Example>,
    /// Responses by status.
    pub responses: Vec<ResponseDoc>,
    /// What the client does with each documented outcome.
    pub outcomes: &'static [Outcome],
}

/// One request field, parameter or schema property.
#[derive(Debug, Clone)]
pub struct Field {
    /// Name; nested body fields are `parent.child`.
    pub name: String,
    /// `path`, `query`, `header`, `body` or `property` (in a schema table).
    pub location: String,
    /// Type as read by a person, e.g. `string`, `integer (int64)`, `array of X`.
    pub type_label: String,
    /// The component schema the type refers to, for a link.
    pub type_ref: Option<String>,
    /// Whether it must be present.
    pub required: bool,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Length limits, enums and the like, one per entry.
    pub constraints: Vec<String>,
    /// The `default`, or the description's sentence about omission/defaults.
    pub default: Option<String>,
    /// Its description (or the referenced schema's).
    pub description: Bilingual,
}

/// One response.
#[derive(Debug, Clone)]
pub struct ResponseDoc {
    /// HTTP status (or `default`).
    pub status: String,
    /// Name in `components.responses`, when it is shared.
    pub shared_name: Option<String>,
    /// Its description.
    pub description: Bilingual,
    /// The body's schema name.
    pub schema: Option<String>,
    /// Its examples.
    pub examples: Vec<Example>,
}

/// One named example.
#[derive(Debug, Clone)]
pub struct Example {
    /// Its key in the spec.
    pub name: String,
    /// Its `summary`.
    pub summary: String,
    /// The value as pretty JSON with sorted keys.
    pub json: String,
    /// The envelope `code`, when the example is an envelope.
    pub code: Option<i64>,
}

/// One component schema.
#[derive(Debug, Clone)]
pub struct SchemaDoc {
    /// Its name.
    pub name: String,
    /// Type as read by a person.
    pub type_label: String,
    /// Its description.
    pub description: Bilingual,
    /// Constraints on the value itself (enums, lengths).
    pub constraints: Vec<String>,
    /// Properties, by name.
    pub fields: Vec<Field>,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Reads the whole spec.
pub fn read(spec: &LoadedSpec) -> Result<Doc, SpecError> {
    let root = &spec.json;
    let err = |location: String, message: String| SpecError {
        file: spec.file.clone(),
        location,
        message,
    };
    let info = root.get("info").cloned().unwrap_or(Value::Null);
    let security_schemes = sorted_entries(root.pointer("/components/securitySchemes"))
        .into_iter()
        .map(|(name, s)| SecurityScheme {
            wire: security_wire(s),
            description: describe(s),
            name,
        })
        .collect();
    let mut operations = Vec::new();
    let paths = root
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| err("#/paths".into(), "missing `paths` object".into()))?;
    for (path, item) in sorted_entries(Some(&Value::Object(paths.clone()))) {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                let pointer = format!("#/paths/{}/{method}", escape_pointer(&path));
                operations.push(
                    read_operation(root, &path, method, op, &pointer)
                        .map_err(|(loc, msg)| err(loc, msg))?,
                );
            }
        }
    }
    let tag_order: Vec<String> = root
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|t| t.get("name").and_then(Value::as_str).map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let tag_rank = |op: &Operation| {
        let tag = root
            .pointer(&format!(
                "/paths/{}/{}/tags/0",
                escape_pointer(&op.path),
                op.method.to_ascii_lowercase()
            ))
            .and_then(Value::as_str);
        tag.and_then(|t| tag_order.iter().position(|x| x == t))
            .unwrap_or(usize::MAX)
    };
    operations
        .sort_by(|a, b| (tag_rank(a), &a.path, &a.method).cmp(&(tag_rank(b), &b.path, &b.method)));
    let schemas = sorted_entries(root.pointer("/components/schemas"))
        .into_iter()
        .map(|(name, s)| read_schema(root, name, s))
        .collect();
    Ok(Doc {
        title: str_at(&info, "title"),
        version: str_at(&info, "version"),
        description: describe(&info),
        servers: root
            .get("servers")
            .and_then(Value::as_array)
            .map(|s| s.iter().map(|s| str_at(s, "url")).collect())
            .unwrap_or_default(),
        security_schemes,
        operations,
        schemas,
    })
}

fn read_operation(
    root: &Value,
    path: &str,
    method: &str,
    op: &Value,
    pointer: &str,
) -> Result<Operation, (String, String)> {
    let id = str_at(op, "operationId");
    let security = op
        .get("security")
        .or_else(|| root.get("security"))
        .and_then(Value::as_array)
        .map(|alts| {
            alts.iter()
                .map(|alt| {
                    sorted_entries(Some(alt))
                        .into_iter()
                        .map(|(k, _)| k)
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    // `security: [{}]` means "optional auth"; an empty alternative adds nothing.
    let security: Vec<Vec<String>> = security.into_iter().filter(|a| !a.is_empty()).collect();

    let mut fields = Vec::new();
    for param in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let param = deref(root, param);
        let schema = param.get("schema").cloned().unwrap_or(Value::Null);
        let mut f = field(
            root,
            &str_at(param, "name"),
            &str_at(param, "in"),
            &schema,
            param.get("required").and_then(Value::as_bool) == Some(true),
        );
        if param.get("description").is_some() {
            f.description = describe(param);
            f.default = default_of(&schema, &f.description);
        }
        fields.push(f);
    }
    let mut body_schema = None;
    let mut body_description = Bilingual::default();
    let mut request_examples = Vec::new();
    if let Some(body) = op.get("requestBody") {
        let body = deref(root, body);
        let media = body.pointer("/content/application~1json").ok_or_else(|| {
            (
                format!("{pointer}/requestBody/content"),
                "the docs need an `application/json` request body".to_string(),
            )
        })?;
        let schema = media.get("schema").cloned().unwrap_or(Value::Null);
        body_schema = ref_name(&schema);
        body_description = describe(target(root, &schema).1);
        body_fields(root, "", &schema, &mut fields, 0);
        request_examples = examples(media);
    }
    let mut responses = Vec::new();
    let statuses = sorted_entries(op.get("responses"));
    for (status, response) in statuses {
        let shared_name = response
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.rsplit('/').next())
            .map(String::from);
        let response = deref(root, response);
        let media = response.pointer("/content/application~1json");
        responses.push(ResponseDoc {
            status,
            shared_name,
            description: describe(response),
            schema: media.and_then(|m| m.get("schema")).and_then(ref_name),
            examples: media.map(examples).unwrap_or_default(),
        });
    }
    Ok(Operation {
        outcomes: outcomes::for_operation(&id),
        id,
        method: method.to_ascii_uppercase(),
        path: path.to_string(),
        summary: str_at(op, "summary"),
        description: describe(op),
        security,
        fields,
        body_schema,
        body_description,
        request_examples,
        responses,
    })
}

/// Adds the body's properties to `out`, descending into object-typed
/// properties so that e.g. `extra.requester` gets its own row.
fn body_fields(root: &Value, prefix: &str, schema: &Value, out: &mut Vec<Field>, depth: usize) {
    let (_, target) = target(root, schema);
    let Some(props) = target.get("properties") else {
        return;
    };
    let required = required_set(target);
    for (name, prop) in sorted_entries(Some(props)) {
        let full = format!("{prefix}{name}");
        out.push(field(root, &full, "body", prop, required.contains(&name)));
        // Four levels is far deeper than the API goes; it also stops cycles.
        if depth < 4 {
            body_fields(root, &format!("{full}."), prop, out, depth + 1);
        }
    }
}

fn read_schema(root: &Value, name: String, schema: &Value) -> SchemaDoc {
    let required = required_set(schema);
    let fields = sorted_entries(schema.get("properties"))
        .into_iter()
        .map(|(prop, s)| {
            let req = required.contains(&prop);
            field(root, &prop, "property", s, req)
        })
        .collect();
    SchemaDoc {
        type_label: base_type(root, schema),
        description: describe(schema),
        constraints: constraints(schema, true),
        fields,
        name,
    }
}

/// Describes one property or parameter schema.
pub fn field(root: &Value, name: &str, location: &str, schema: &Value, required: bool) -> Field {
    let (mut type_ref, target) = target(root, schema);
    if type_ref.is_none() {
        // `array of X`: link the item schema.
        type_ref = schema.get("items").and_then(ref_name);
    }
    let type_label = if std::ptr::eq(target, schema) {
        base_type(root, schema)
    } else {
        // `Name (string, password)` reads better than `Name (string (password))`.
        let base = base_type(root, target);
        let base = match base.split_once(" (") {
            Some((ty, format)) => format!("{ty}, {}", format.trim_end_matches(')')),
            None => base,
        };
        format!("{} ({base})", type_ref.as_deref().unwrap_or_default())
    };
    let nullable = is_nullable(schema) || is_nullable(target);
    let mut constraints = constraints(schema, false);
    if !std::ptr::eq(target, schema) {
        for c in self::constraints(target, false) {
            if !constraints.contains(&c) {
                constraints.push(c);
            }
        }
    }
    let description = if schema.get("description").is_some() {
        describe(schema)
    } else {
        describe(target)
    };
    let default = default_of(schema, &description).or_else(|| default_of(target, &description));
    Field {
        name: name.to_string(),
        location: location.to_string(),
        type_label,
        type_ref,
        required,
        nullable,
        constraints,
        default,
        description,
    }
}

/// The schema a property stands for: itself, or the component it names via
/// `$ref` or a single-entry `allOf` (the spec's way to add a description or
/// `nullable` beside a reference).
fn target<'a>(root: &'a Value, schema: &'a Value) -> (Option<String>, &'a Value) {
    let reference = schema.get("$ref").or_else(|| {
        schema
            .get("allOf")
            .and_then(Value::as_array)
            .filter(|a| a.len() == 1)
            .and_then(|a| a[0].get("$ref"))
    });
    match reference.and_then(Value::as_str) {
        Some(r) => match resolve_ref(root, r) {
            Some(t) => (r.rsplit('/').next().map(String::from), t),
            None => (None, schema),
        },
        None => (None, schema),
    }
}

fn base_type(root: &Value, schema: &Value) -> String {
    if let Some(name) = ref_name(schema) {
        return name;
    }
    let ty = schema.get("type").and_then(Value::as_str).unwrap_or("any");
    match ty {
        "array" => {
            let items = schema.get("items").cloned().unwrap_or(Value::Null);
            let (name, t) = target(root, &items);
            format!("array of {}", name.unwrap_or_else(|| base_type(root, t)))
        }
        _ => match schema.get("format").and_then(Value::as_str) {
            Some(f) => format!("{ty} ({f})"),
            None => ty.to_string(),
        },
    }
}

fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
}

fn constraints(schema: &Value, full: bool) -> Vec<String> {
    let num = |k: &str| schema.get(k).and_then(Value::as_f64);
    let mut out = Vec::new();
    match (num("minLength"), num("maxLength")) {
        (Some(a), Some(b)) => out.push(format!("length {a}–{b}")),
        (Some(a), None) => out.push(format!("length ≥ {a}")),
        (None, Some(b)) => out.push(format!("length ≤ {b}")),
        (None, None) => {}
    }
    match (num("minimum"), num("maximum")) {
        (Some(a), Some(b)) => out.push(format!("{a} ≤ value ≤ {b}")),
        (Some(a), None) => out.push(format!("value ≥ {a}")),
        (None, Some(b)) => out.push(format!("value ≤ {b}")),
        (None, None) => {}
    }
    if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
        out.push(format!("pattern `{p}`"));
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        out.push(format!("one of {}", value_list(values)));
    }
    if let Some(values) = schema.get("x-open-enum").and_then(Value::as_array) {
        // Long lists would swamp a table cell; the schema section lists them all.
        if full || values.len() <= 10 {
            out.push(format!(
                "open list (other values accepted): {}",
                value_list(values)
            ));
        } else {
            out.push(format!(
                "open list (other values accepted) of {} known values",
                values.len()
            ));
        }
    }
    out
}

/// `` `a`, `b` `` for a list of JSON values.
pub fn value_list(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| match v {
            Value::String(s) => format!("`{s}`"),
            other => format!("`{other}`"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `default` keyword, or else the English sentence that says what an
/// omitted value means ("False when omitted.", "Null by default; ...").
fn default_of(schema: &Value, description: &Bilingual) -> Option<String> {
    if let Some(d) = schema.get("default") {
        return Some(format!("`{d}`"));
    }
    description
        .en
        .split(". ")
        .map(|s| s.trim().trim_end_matches('.'))
        .find(|s| {
            let l = s.to_ascii_lowercase();
            // "Required when `x` is absent" is about another field: not a default.
            ["omitted", "when absent", "absent or", "default"]
                .iter()
                .any(|k| l.contains(k))
        })
        .map(|s| format!("{s}."))
}

fn required_set(schema: &Value) -> BTreeSet<String> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

fn examples(media: &Value) -> Vec<Example> {
    let mut out: Vec<Example> = sorted_entries(media.get("examples"))
        .into_iter()
        .map(|(name, e)| {
            let value = e.get("value").cloned().unwrap_or(Value::Null);
            Example {
                summary: str_at(e, "summary"),
                code: value.get("code").and_then(Value::as_i64),
                json: pretty(&value),
                name,
            }
        })
        .collect();
    if let Some(value) = media.get("example") {
        out.push(Example {
            name: "example".into(),
            summary: String::new(),
            code: value.get("code").and_then(Value::as_i64),
            json: pretty(value),
        });
    }
    out
}

fn security_wire(s: &Value) -> String {
    match (
        s.get("type").and_then(Value::as_str),
        s.get("scheme").and_then(Value::as_str),
    ) {
        (Some("http"), Some("bearer")) => "header `Authorization: Bearer <token>`".into(),
        (Some("http"), Some(scheme)) => format!("HTTP `{scheme}` authentication"),
        (Some("apiKey"), _) => format!(
            "{} `{}`",
            str_at(s, "in"),
            s.get("name").and_then(Value::as_str).unwrap_or("?")
        ),
        (Some(other), _) => other.to_string(),
        (None, _) => "unspecified".into(),
    }
}

/// Pretty JSON with keys sorted, whatever map type serde_json was built with.
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(&sorted(value)).expect("a JSON value always serializes")
}

/// A copy of `value` with every object's keys inserted in sorted order, so
/// the output is the same with or without serde_json's `preserve_order`.
pub fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&map[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// Entries of a JSON object, sorted by key; empty for anything else.
fn sorted_entries(value: Option<&Value>) -> Vec<(String, &Value)> {
    let mut out: Vec<(String, &Value)> = value
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v)).collect())
        .unwrap_or_default();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn deref<'a>(root: &'a Value, value: &'a Value) -> &'a Value {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| resolve_ref(root, r))
        .unwrap_or(value)
}

fn ref_name(schema: &Value) -> Option<String> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .map(String::from)
}

fn describe(v: &Value) -> Bilingual {
    Bilingual::split(v.get("description").and_then(Value::as_str).unwrap_or(""))
}

fn str_at(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}
