//! What the reference shows: the spec's model read into a neutral
//! description of operations and schemas that both renderers share, so the
//! Markdown and the HTML page never disagree.
//!
//! Order never depends on how the JSON map iterates: operations follow the
//! spec's `tags` list, then path, then method; webhooks (`x-webhooks`, read
//! through the model like the operations) follow by name; fields and
//! schemas are sorted by name.

use serde_json::Value;

use super::outcomes::{self, Outcome};
use super::text::Bilingual;
use crate::model::sample_requests::SamplePair;
pub use crate::model::webhook_delivery::Delivery;
use crate::model::webhook_delivery::delivery_of;
use crate::model::{Model, Schema, component_name};

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
    /// Every webhook (`x-webhooks`), by name then method: `path` holds the
    /// webhook's name, `outcomes` is empty (the client sends no webhook).
    pub webhooks: Vec<Operation>,
    /// Every component schema, by name.
    pub schemas: Vec<SchemaDoc>,
    /// The refund bank code tables (`x-refund-bank-codes`), in spec order.
    pub refund_bank_tables: Vec<RefundBankTableDoc>,
}

/// One refund bank code table: the codes that `refund_bank` takes at a
/// group of PGs.
#[derive(Debug, Clone)]
pub struct RefundBankTableDoc {
    /// Its id (for the anchor).
    pub id: String,
    /// The PGs' Korean name.
    pub ko: String,
    /// The PGs' English name.
    pub en: String,
    /// The `pg_provider` values it applies to.
    pub pg_providers: Vec<String>,
    /// `(code, Korean bank name, English bank name)`, in spec order.
    pub codes: Vec<(String, String, String)>,
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
    /// The request body's media types, in the spec's order (a webhook's
    /// body comes as JSON or as a form).
    pub body_media: Vec<String>,
    /// The request body's own description (what the webhooks show).
    pub request_description: Bilingual,
    /// The request body schema's description (rules that span fields).
    pub body_description: Bilingual,
    /// Request body examples.
    pub request_examples: Vec<Example>,
    /// Responses by status.
    pub responses: Vec<ResponseDoc>,
    /// What the client does with each documented outcome.
    pub outcomes: &'static [Outcome],
    /// The usage samples (`spec/samples/<operationId>/`), by name.
    pub samples: Vec<SampleDoc>,
    /// A webhook's delivery (`x-delivery`); `None` for an API operation.
    pub delivery: Option<Delivery>,
}

/// One usage sample pair: the Rust call and the CLI line for a request
/// and response example of the operation.
#[derive(Debug, Clone)]
pub struct SampleDoc {
    /// Its name (the files' stem).
    pub name: String,
    /// The request example it sends (`None`: no parameters, no body).
    pub request: Option<String>,
    /// The response example it handles.
    pub response: String,
    /// That response's HTTP status.
    pub status: u16,
    /// For an operation without a body: the request line it sends,
    /// `GET /payments/find/order-1?sorting=-started`.
    pub request_line: Option<String>,
    /// The Rust file without its header.
    pub rust: String,
    /// The CLI file without its header.
    pub cli: String,
    /// The CLI's exit code for that response.
    pub exit: i32,
    /// For a webhook's sample: the operation whose call verifies the
    /// notice (`response` is its example, `request_line` its request).
    pub verified_by: Option<String>,
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

/// Reads the whole spec.
pub fn read(model: &Model<'_>) -> Doc {
    let root = model.doc();
    let info = root.get("info").cloned().unwrap_or(Value::Null);
    let security_schemes = sorted_entries(root.pointer("/components/securitySchemes"))
        .into_iter()
        .map(|(name, s)| SecurityScheme {
            wire: security_wire(s),
            description: describe(s),
            name,
        })
        .collect();
    let tag_order: Vec<String> = root
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|t| t.get("name").and_then(Value::as_str).map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let samples = model
        .resolved_samples()
        .map(|r| r.pairs)
        .unwrap_or_default();
    let mut ranked: Vec<(usize, Operation)> = model
        .operations()
        .iter()
        .map(|op| {
            let tag = op.node.pointer("/tags/0").and_then(Value::as_str);
            let rank = tag
                .and_then(|t| tag_order.iter().position(|x| x == t))
                .unwrap_or(usize::MAX);
            let mut read = read_operation(model, op);
            read.samples = samples_of(&samples, op.id);
            (rank, read)
        })
        .collect();
    let mut webhooks: Vec<Operation> = model
        .webhooks()
        .iter()
        .map(|op| {
            let mut read = read_operation(model, op);
            read.outcomes = &[];
            read.samples = samples_of(&samples, op.id);
            // A malformed `x-delivery` is refused by `generate` (the
            // delivery constants' generator), which runs before the docs;
            // here it is just left out.
            read.delivery = delivery_of(op).ok().flatten();
            read
        })
        .collect();
    webhooks.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    ranked.sort_by(|(ra, a), (rb, b)| (ra, &a.path, &a.method).cmp(&(rb, &b.path, &b.method)));
    let schemas = model
        .components()
        .into_iter()
        .map(|(name, s)| read_schema(name, &s))
        .collect();
    Doc {
        title: str_at(&info, "title"),
        version: str_at(&info, "version"),
        description: describe(&info),
        servers: root
            .get("servers")
            .and_then(Value::as_array)
            .map(|s| s.iter().map(|s| str_at(s, "url")).collect())
            .unwrap_or_default(),
        security_schemes,
        operations: ranked.into_iter().map(|(_, op)| op).collect(),
        webhooks,
        schemas,
        refund_bank_tables: refund_bank_tables(model),
    }
}

/// The usage samples of the operation `id`, by name.
fn samples_of(pairs: &[SamplePair], id: Option<&str>) -> Vec<SampleDoc> {
    pairs
        .iter()
        .filter(|p| Some(p.operation.as_str()) == id)
        .map(|p| SampleDoc {
            name: p.name.clone(),
            request: p.request.clone(),
            response: p.response.clone(),
            status: p.status,
            request_line: p.body.is_none().then(|| p.request_line()),
            rust: p.rust.clone(),
            cli: p.cli.clone(),
            exit: p.exit,
            verified_by: p.notice.as_ref().map(|n| n.verified_by.clone()),
        })
        .collect()
}

/// The refund bank tables as the model reads them. Malformed tables show
/// as none here: [`super::generate`] refuses them first, with their place.
fn refund_bank_tables(model: &Model<'_>) -> Vec<RefundBankTableDoc> {
    let Ok(Some(read)) = model.refund_banks() else {
        return Vec::new();
    };
    read.tables
        .iter()
        .map(|t| RefundBankTableDoc {
            id: t.id.to_string(),
            ko: t.ko.to_string(),
            en: t.en.to_string(),
            pg_providers: t.pg_providers.iter().map(|p| p.to_string()).collect(),
            codes: t
                .codes
                .iter()
                .filter_map(|(bank, code)| {
                    let b = read.banks.iter().find(|b| b.id == *bank)?;
                    Some((code.to_string(), b.ko.to_string(), b.en.to_string()))
                })
                .collect(),
        })
        .collect()
}

fn read_operation(model: &Model<'_>, op: &crate::model::Operation<'_>) -> Operation {
    let root = model.doc();
    let id = op.id.unwrap_or_default().to_string();
    let security = op
        .node
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
    for param in op.effective_parameters() {
        let schema = param
            .schema
            .clone()
            .unwrap_or_else(|| model.schema(format!("{}/schema", param.pointer), &Value::Null));
        let mut f = field(param.name, param.location, &schema, param.required);
        if param.description.is_some() {
            f.description = describe(param.node);
            f.default = default_of(schema.node, &f.description);
        }
        fields.push(f);
    }
    let mut body_schema = None;
    let mut body_description = Bilingual::default();
    let mut request_examples = Vec::new();
    let body_media: Vec<String> = op
        .request_body
        .iter()
        .flat_map(|b| &b.media)
        .map(|m| m.name.to_string())
        .collect();
    let request_description = op
        .request_body
        .as_ref()
        .map(|b| describe(b.node))
        .unwrap_or_default();
    // The loader refuses a request body that is not `application/json`
    // (a webhook's may also come as a form: the same schema).
    if let Some(media) = op.request_body.as_ref().and_then(|b| b.json()) {
        if let Some(schema) = &media.schema {
            body_schema = schema.name().map(String::from);
            body_description = describe(schema.target);
            body_fields("", schema, &mut fields, 0);
        }
        request_examples = examples(media.node);
    }
    let mut responses: Vec<ResponseDoc> = op
        .responses
        .iter()
        .map(|response| {
            let media = response.json();
            ResponseDoc {
                status: response.status.to_string(),
                shared_name: response.shared_name().map(String::from),
                description: describe(response.node),
                schema: media
                    .and_then(|m| m.schema.as_ref())
                    .and_then(Schema::name)
                    .map(String::from),
                examples: media.map(|m| examples(m.node)).unwrap_or_default(),
            }
        })
        .collect();
    responses.sort_by(|a, b| a.status.cmp(&b.status));
    Operation {
        outcomes: outcomes::for_operation(&id),
        id,
        method: op.method.upper().to_string(),
        path: op.path.to_string(),
        summary: str_at(op.node, "summary"),
        description: describe(op.node),
        security,
        fields,
        body_schema,
        body_media,
        request_description,
        body_description,
        request_examples,
        responses,
        samples: Vec::new(),
        delivery: None,
    }
}

/// Adds the body's properties to `out`, descending into object-typed
/// properties so that e.g. `extra.requester` gets its own row.
fn body_fields(prefix: &str, schema: &Schema<'_>, out: &mut Vec<Field>, depth: usize) {
    for prop in schema.properties() {
        let full = format!("{prefix}{}", prop.name);
        out.push(field(&full, "body", &prop.schema, prop.required));
        // Four levels is far deeper than the API goes; it also stops cycles.
        if depth < 4 {
            body_fields(&format!("{full}."), &prop.schema, out, depth + 1);
        }
    }
}

fn read_schema(name: &str, schema: &Schema<'_>) -> SchemaDoc {
    let fields = schema
        .properties()
        .into_iter()
        .map(|p| field(p.name, "property", &p.schema, p.required))
        .collect();
    SchemaDoc {
        type_label: base_type(schema.node, schema.items()),
        description: describe(schema.node),
        constraints: constraints(schema.node, true),
        fields,
        name: name.to_string(),
    }
}

/// Describes one property or parameter schema.
pub fn field(name: &str, location: &str, schema: &Schema<'_>, required: bool) -> Field {
    let (node, target) = (schema.node, schema.target);
    // `array of X`: link the item schema.
    let type_ref = schema
        .name()
        .or_else(|| node.get("items").and_then(ref_name))
        .map(String::from);
    let type_label = match schema.name() {
        None => base_type(target, schema.items()),
        Some(name) => {
            // `Name (string, password)` reads better than `Name (string (password))`.
            let base = base_type(target, schema.items());
            let base = match base.split_once(" (") {
                Some((ty, format)) => format!("{ty}, {}", format.trim_end_matches(')')),
                None => base,
            };
            format!("{name} ({base})")
        }
    };
    let mut constraints = constraints(node, false);
    if !std::ptr::eq(target, node) {
        for c in self::constraints(target, false) {
            if !constraints.contains(&c) {
                constraints.push(c);
            }
        }
    }
    let description = Bilingual::split(schema.description().unwrap_or(""));
    let default = default_of(node, &description).or_else(|| default_of(target, &description));
    Field {
        name: name.to_string(),
        location: location.to_string(),
        type_label,
        type_ref,
        required,
        nullable: schema.nullable,
        constraints,
        default,
        description,
    }
}

/// `string`, `integer (int64)`, `array of X`; a `$ref` left unresolved
/// shows its name.
fn base_type(schema: &Value, items: Option<Schema<'_>>) -> String {
    if let Some(name) = ref_name(schema) {
        return name.to_string();
    }
    let ty = schema.get("type").and_then(Value::as_str).unwrap_or("any");
    match ty {
        "array" => {
            let item = match &items {
                Some(i) => i
                    .name()
                    .map(String::from)
                    .unwrap_or_else(|| base_type(i.target, i.items())),
                None => "any".to_string(),
            };
            format!("array of {item}")
        }
        _ => match schema.get("format").and_then(Value::as_str) {
            Some(f) => format!("{ty} ({f})"),
            None => ty.to_string(),
        },
    }
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
    if schema.get(crate::model::refund_banks::EXTENSION).is_some() {
        out.push("a code of the table of the payment's PG (see Refund bank codes)".to_string());
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

/// The component a bare `{$ref}` names.
fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(component_name)
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
