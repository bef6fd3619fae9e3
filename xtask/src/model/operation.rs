//! The operations of the spec: method and path, parameters, request body
//! and responses, each `$ref` followed once, here, for every command.

use serde_json::Value;

use super::Located;
use super::pointer::escape_pointer;
use super::schema::Schema;

/// An HTTP method an OpenAPI 3.0 path item can hold: the one list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `get`
    Get,
    /// `put`
    Put,
    /// `post`
    Post,
    /// `delete`
    Delete,
    /// `options`
    Options,
    /// `head`
    Head,
    /// `patch`
    Patch,
    /// `trace`
    Trace,
}

impl Method {
    /// Every method, in the order OpenAPI 3.0.3 lists the path item's
    /// fields (the order operations of one path come in).
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The path item's key: `get`, `post`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// As HTTP writes it: `GET`, `POST`, ...
    pub fn upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// The method for a path item key (`get` → [`Method::Get`]).
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == key)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.upper())
    }
}

/// One operation: a method of a path item, or of a webhook (an item under
/// `x-webhooks`, a request PortOne sends to the merchant's server).
#[derive(Debug, Clone)]
pub struct Operation<'a> {
    /// The path template, e.g. `/payments/{imp_uid}`; for a webhook, its
    /// name under `x-webhooks` (the merchant picks the URL).
    pub path: &'a str,
    /// Whether it is a webhook (under `x-webhooks`, not `paths`).
    pub webhook: bool,
    /// The method.
    pub method: Method,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// The operation object, for keywords the model does not name.
    pub node: &'a Value,
    /// The path item holding it.
    pub item: &'a Value,
    /// `operationId` as written (`None` when absent or not a string).
    pub id: Option<&'a str>,
    /// Every parameter, path-level ones first, each dereferenced. (An
    /// operation-level parameter overrides a path-level one of the same
    /// name and location: see [`Operation::effective_parameters`].)
    pub parameters: Vec<Parameter<'a>>,
    /// The request body, dereferenced.
    pub request_body: Option<RequestBody<'a>>,
    /// Every response, by status as written (`200`, `default`),
    /// dereferenced, in the document's order.
    pub responses: Vec<Response<'a>>,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Parameter<'a> {
    /// Where it is: the component's pointer when it is a `$ref`.
    pub pointer: String,
    /// The `$ref` it was written as, if any.
    pub reference: Option<&'a str>,
    /// The parameter object.
    pub node: &'a Value,
    /// `name` (empty when absent).
    pub name: &'a str,
    /// `in`: `path`, `query`, `header` or `cookie` (empty when absent).
    pub location: &'a str,
    /// `required: true`.
    pub required: bool,
    /// `description`.
    pub description: Option<&'a str>,
    /// Its `schema` (pointer `…/schema`); `None` for a parameter without
    /// one.
    pub schema: Option<Schema<'a>>,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody<'a> {
    /// Where it is: the component's pointer when it is a `$ref`.
    pub pointer: String,
    /// The `$ref` it was written as, if any.
    pub reference: Option<&'a str>,
    /// The request body object.
    pub node: &'a Value,
    /// `required: true`.
    pub required: bool,
    /// Its media types, in the document's order.
    pub media: Vec<MediaType<'a>>,
}

/// One response.
#[derive(Debug, Clone)]
pub struct Response<'a> {
    /// The status as written: `200`, `4XX`, `default`.
    pub status: &'a str,
    /// Where it is: the shared response's pointer when it is a `$ref`.
    pub pointer: String,
    /// The `$ref` of a shared response (`#/components/responses/Name`).
    pub reference: Option<&'a str>,
    /// The response object.
    pub node: &'a Value,
    /// Its media types, in the document's order.
    pub media: Vec<MediaType<'a>>,
}

/// One media type of a request body or a response (`content/<type>`).
#[derive(Debug, Clone)]
pub struct MediaType<'a> {
    /// JSON pointer of the media type object.
    pub pointer: String,
    /// The media type, e.g. `application/json`.
    pub name: &'a str,
    /// The media type object (for `example`, `examples`).
    pub node: &'a Value,
    /// Its `schema` (pointer `…/schema`).
    pub schema: Option<Schema<'a>>,
}

/// The media type every body of this API uses.
pub const JSON: &str = "application/json";

impl<'a> Operation<'a> {
    /// The parameters that apply: an operation-level one replaces a
    /// path-level one with the same name and location (OpenAPI 3.0.3).
    pub fn effective_parameters(&self) -> Vec<&Parameter<'a>> {
        let mut out: Vec<&Parameter<'a>> = Vec::new();
        for p in &self.parameters {
            match out
                .iter()
                .position(|q| (q.name, q.location) == (p.name, p.location))
            {
                Some(i) => out[i] = p,
                None => out.push(p),
            }
        }
        out
    }

    /// The schema of the JSON request body.
    pub fn json_body(&self) -> Option<&Schema<'a>> {
        self.request_body
            .as_ref()?
            .json()
            .and_then(|m| m.schema.as_ref())
    }
}

impl<'a> RequestBody<'a> {
    /// The `application/json` media type.
    pub fn json(&self) -> Option<&MediaType<'a>> {
        self.media.iter().find(|m| m.name == JSON)
    }
}

impl<'a> Response<'a> {
    /// The `application/json` media type.
    pub fn json(&self) -> Option<&MediaType<'a>> {
        self.media.iter().find(|m| m.name == JSON)
    }

    /// The name of the shared response it refers to.
    pub fn shared_name(&self) -> Option<&'a str> {
        self.reference.and_then(|r| r.rsplit('/').next())
    }
}

/// Every operation of `doc`, paths in the document's order, methods in
/// [`Method::ALL`] order.
pub(super) fn read_all<'a>(
    doc: &'a Value,
    deref: &dyn Fn(String, &'a Value) -> Located<'a>,
) -> Vec<Operation<'a>> {
    read_items(doc, deref, "paths", false)
}

/// Every webhook operation of `doc` (`x-webhooks`: OpenAPI 3.0 has no
/// `webhooks`, so the spec writes them under an extension with the shape
/// of 3.1's), in the document's order, methods in [`Method::ALL`] order.
pub(super) fn read_webhooks<'a>(
    doc: &'a Value,
    deref: &dyn Fn(String, &'a Value) -> Located<'a>,
) -> Vec<Operation<'a>> {
    read_items(doc, deref, "x-webhooks", true)
}

/// The operations of the path items under `doc[key]`.
fn read_items<'a>(
    doc: &'a Value,
    deref: &dyn Fn(String, &'a Value) -> Located<'a>,
    key: &str,
    webhook: bool,
) -> Vec<Operation<'a>> {
    let mut out = Vec::new();
    let Some(paths) = doc.get(key).and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        for method in Method::ALL {
            let Some(node) = item.get(method.as_str()) else {
                continue;
            };
            let item_pointer = format!("#/{key}/{}", escape_pointer(path));
            let pointer = format!("{item_pointer}/{}", method.as_str());
            let mut parameters = Vec::new();
            for (base, holder) in [(&item_pointer, item), (&pointer, node)] {
                for (i, p) in holder
                    .get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    parameters.push(parameter(doc, deref(format!("{base}/parameters/{i}"), p)));
                }
            }
            let request_body = node.get("requestBody").map(|b| {
                let at = deref(format!("{pointer}/requestBody"), b);
                RequestBody {
                    required: at.node.get("required").and_then(Value::as_bool) == Some(true),
                    media: media(doc, &at.pointer, at.node),
                    pointer: at.pointer,
                    reference: at.via,
                    node: at.node,
                }
            });
            let responses = node
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(status, r)| {
                    let at = deref(format!("{pointer}/responses/{}", escape_pointer(status)), r);
                    Response {
                        status,
                        media: media(doc, &at.pointer, at.node),
                        pointer: at.pointer,
                        reference: at.via,
                        node: at.node,
                    }
                })
                .collect();
            out.push(Operation {
                path,
                webhook,
                method,
                pointer,
                node,
                item,
                id: node.get("operationId").and_then(Value::as_str),
                parameters,
                request_body,
                responses,
            });
        }
    }
    out
}

fn parameter<'a>(doc: &'a Value, at: Located<'a>) -> Parameter<'a> {
    let text = |key: &str| at.node.get(key).and_then(Value::as_str);
    Parameter {
        name: text("name").unwrap_or_default(),
        location: text("in").unwrap_or_default(),
        required: at.node.get("required").and_then(Value::as_bool) == Some(true),
        description: text("description"),
        schema: at
            .node
            .get("schema")
            .map(|s| Schema::new(doc, format!("{}/schema", at.pointer), s)),
        pointer: at.pointer,
        reference: at.via,
        node: at.node,
    }
}

/// The media type objects (`content/<type>`) of a request body or response.
fn media<'a>(doc: &'a Value, pointer: &str, holder: &'a Value) -> Vec<MediaType<'a>> {
    holder
        .get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, node)| {
            let pointer = format!("{pointer}/content/{}", escape_pointer(name));
            MediaType {
                schema: node
                    .get("schema")
                    .map(|s| Schema::new(doc, format!("{pointer}/schema"), s)),
                pointer,
                name,
                node,
            }
        })
        .collect()
}
