//! One model of the spec, read by every command: generate, docs, lint,
//! diff, upstream and the summary.
//!
//! The model is a view over the document (no copy): [`Model::new`] indexes
//! the operations once, following each `$ref` of a parameter, request body
//! or response here and nowhere else, and every schema is read through one
//! rule for the spec's wrapped references ([`unwrap`]). What it does not
//! name stays reachable as JSON ([`Model::doc`], and `node` on each part),
//! for the commands that must see every keyword (the summary, the docs'
//! JSON Schemas, the diff's leftover check).
//!
//! Data flows one way: `spec` loads and checks the text, the model reads
//! the loaded document, the commands read the model, `files` writes what
//! they make. The model imports nothing of the crate.
//!
//! # The API
//!
//! ```text
//! Model::new(file, doc) / LoadedSpec::model()
//! ├─ operations() -> &[Operation]      every method of every path
//! │    path, method: Method, pointer, id, node, item
//! │    parameters: Vec<Parameter>     name, location (`in`), required,
//! │                                   description, schema: Option<Schema>
//! │    request_body: Option<RequestBody> { required, media, json() }
//! │    responses: Vec<Response>       status, shared_name(), media, json()
//! │    json_body() -> Option<&Schema>
//! │    path_inputs() / query_inputs() / body_inputs() / inputs() -> Vec<Input>
//! ├─ operation(id)                     by operationId
//! ├─ webhooks() / webhook(id)          the `x-webhooks` operations (same
//! │                                    shape, `webhook: true`, `path` = name)
//! ├─ components() / component(name)    the component schemas, as Schema
//! ├─ schema(pointer, node) -> Schema   any schema at a place
//! ├─ deref(pointer, node) -> Located   the one `$ref` follower
//! ├─ resolve(reference)                a `$ref`'s target
//! ├─ samples() / resolved_samples()    the usage samples beside the spec
//! │                                    (`spec/samples/`, read by `spec::load`)
//! │                                    and what each pair sends and answers
//! ├─ refund_banks()                    the refund bank code tables
//! │                                    (`x-refund-bank-codes`, checked)
//! └─ reach::reach(&model)              which schema nodes requests and
//!                                      responses reach (lint, diff)
//! ```
//!
//! ## Request inputs, for the setter and flag generators
//!
//! Per operation, [`Operation::path_inputs`], [`Operation::query_inputs`]
//! and [`Operation::body_inputs`] (all three: [`Operation::inputs`]) give
//! one [`Input`] per value a caller sets: its [`InputLocation`], wire
//! `name`, declaring `pointer` (for located errors), `required`,
//! `description` (the declaration's own, else its schema's) and `schema`.
//! Operation-level parameters override path-level ones; header and cookie
//! parameters are not inputs; body properties come sorted by name, with
//! those of the body's `allOf` members.
//!
//! [`Schema`] answers from the place first, then from what it refers to
//! (a wrapper's own description or tighter limit wins):
//! [`ty`](Schema::ty), [`format`](Schema::format) (`password`: a secret),
//! [`max_length`](Schema::max_length), [`min_length`](Schema::min_length),
//! [`minimum`](Schema::minimum), [`maximum`](Schema::maximum),
//! [`exclusive_minimum`](Schema::exclusive_minimum),
//! [`exclusive_maximum`](Schema::exclusive_maximum),
//! [`pattern`](Schema::pattern), [`enum_values`](Schema::enum_values)
//! (closed), [`open_enum`](Schema::open_enum) (`x-open-enum`),
//! [`default`](Schema::default), [`description`](Schema::description),
//! [`nullable`](Schema::nullable), [`name`](Schema::name) (the referenced
//! component, e.g. `Amount`), [`items`](Schema::items) and
//! [`properties`](Schema::properties) (nested objects: `extra.requester`).
//!
//! ```
//! use std::path::Path;
//! use xtask::model::{InputLocation, Model};
//!
//! let doc = serde_json::json!({
//!     "openapi": "3.0.3",
//!     "paths": {"/p/{id}": {"post": {
//!         "operationId": "doIt",
//!         "parameters": [{"name": "id", "in": "path", "required": true,
//!                         "schema": {"type": "string", "maxLength": 8}}],
//!         "requestBody": {"content": {"application/json": {"schema":
//!             {"$ref": "#/components/schemas/Body"}}}}
//!     }}},
//!     "components": {"schemas": {
//!         "Body": {"type": "object", "required": ["reason"], "properties": {
//!             "reason": {"type": "string", "maxLength": 256},
//!             "note": {"description": "d", "anyOf": [
//!                 {"$ref": "#/components/schemas/Note"}, {"enum": [null]}]}}},
//!         "Note": {"type": "string", "maxLength": 16}
//!     }}
//! });
//! let model = Model::new(Path::new("spec.yaml"), &doc);
//! let op = model.operation("doIt").unwrap();
//! let inputs = op.inputs();
//! assert_eq!(inputs[0].location, InputLocation::Path);
//! assert_eq!(inputs[0].schema.max_length(), Some(8));
//! let note = &inputs[1];
//! assert_eq!((note.name, note.required), ("note", false));
//! assert_eq!(note.schema.name(), Some("Note"));
//! assert!(note.schema.nullable);
//! assert_eq!(note.schema.max_length(), Some(16));
//! assert_eq!(note.description, Some("d"));
//! assert!(inputs[2].required);
//! ```

mod inputs;
mod operation;
pub mod pointer;
pub mod reach;
pub mod refund_banks;
pub mod replacements;
pub mod sample_requests;
pub mod samples;
mod schema;
pub mod shell_words;
pub mod webhook_delivery;

use std::path::Path;

use serde_json::Value;

pub use inputs::{Input, InputLocation};
pub use operation::{JSON, MediaType, Method, Operation, Parameter, RequestBody, Response};
pub use pointer::{escape_pointer, for_each_node, resolve_ref, unescape_pointer};
pub use schema::{Property, Schema, Unwrapped, component_name, is_null_member, unwrap};

/// How many `$ref`s in a row [`Model::deref`] follows (a cycle of
/// references must not hang).
const MAX_DEREF: usize = 16;

/// The spec, indexed for the commands.
#[derive(Debug, Clone)]
pub struct Model<'a> {
    file: &'a Path,
    doc: &'a Value,
    operations: Vec<Operation<'a>>,
    webhooks: Vec<Operation<'a>>,
    samples: Option<&'a samples::Samples>,
}

/// A node after following its `$ref`s.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    /// Where it is: the last reference's target, or the node's own place.
    pub pointer: String,
    /// The node.
    pub node: &'a Value,
    /// The `$ref` it was written as, if it was one and it resolved.
    pub via: Option<&'a str>,
}

impl<'a> Model<'a> {
    /// The model of `doc`, read from `file` (named in errors).
    pub fn new(file: &'a Path, doc: &'a Value) -> Model<'a> {
        let operations = operation::read_all(doc, &|pointer, node| deref(doc, pointer, node));
        let webhooks = operation::read_webhooks(doc, &|pointer, node| deref(doc, pointer, node));
        Model {
            file,
            doc,
            operations,
            webhooks,
            samples: None,
        }
    }

    /// The model of `doc` with the usage samples read beside it
    /// (`spec/samples/`; see [`samples`]).
    pub fn with_samples(
        file: &'a Path,
        doc: &'a Value,
        samples: &'a samples::Samples,
    ) -> Model<'a> {
        Model {
            samples: Some(samples),
            ..Model::new(file, doc)
        }
    }

    /// The usage samples, when they were read with the spec (a spec
    /// loaded from a file has them, even none; one parsed from text in
    /// memory does not, and no sample rule applies to it).
    pub fn samples(&self) -> Option<&'a samples::Samples> {
        self.samples
    }

    /// The samples resolved against the spec ([`sample_requests::resolve`]);
    /// `None` when the model has no samples.
    pub fn resolved_samples(&self) -> Option<sample_requests::Resolved> {
        self.samples.map(|s| sample_requests::resolve(self, s))
    }

    /// The file the document was read from.
    pub fn file(&self) -> &'a Path {
        self.file
    }

    /// The whole document, for keywords the model does not name.
    pub fn doc(&self) -> &'a Value {
        self.doc
    }

    /// Every operation: paths in the document's order, then
    /// [`Method::ALL`] order.
    pub fn operations(&self) -> &[Operation<'a>] {
        &self.operations
    }

    /// Every webhook operation (`x-webhooks`: requests PortOne sends to the
    /// merchant's server), each with [`Operation::webhook`] set and its
    /// name as [`Operation::path`]. Kept apart from [`Model::operations`]:
    /// the client, its inputs and the CLI flags are made from those, and a
    /// webhook is no call the client makes.
    pub fn webhooks(&self) -> &[Operation<'a>] {
        &self.webhooks
    }

    /// The webhook operation with this `operationId`.
    pub fn webhook(&self, id: &str) -> Option<&Operation<'a>> {
        self.webhooks.iter().find(|op| op.id == Some(id))
    }

    /// The operation with this `operationId`.
    pub fn operation(&self, id: &str) -> Option<&Operation<'a>> {
        self.operations.iter().find(|op| op.id == Some(id))
    }

    /// The target of a local `$ref`.
    pub fn resolve(&self, reference: &str) -> Option<&'a Value> {
        resolve_ref(self.doc, reference)
    }

    /// `node` (written at `pointer`) with its `$ref`s followed.
    pub fn deref(&self, pointer: impl Into<String>, node: &'a Value) -> Located<'a> {
        deref(self.doc, pointer.into(), node)
    }

    /// The schema written at `pointer`.
    pub fn schema(&self, pointer: impl Into<String>, node: &'a Value) -> Schema<'a> {
        Schema::new(self.doc, pointer.into(), node)
    }

    /// Every component schema (`#/components/schemas`), in the document's
    /// order.
    pub fn components(&self) -> Vec<(&'a str, Schema<'a>)> {
        self.doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, node)| {
                let pointer = format!("#/components/schemas/{}", escape_pointer(name));
                (name.as_str(), self.schema(pointer, node))
            })
            .collect()
    }

    /// The refund bank code tables of the spec (see [`refund_banks`]):
    /// `Ok(None)` when it has none, every located problem when they are
    /// malformed.
    pub fn refund_banks(
        &self,
    ) -> Result<Option<refund_banks::RefundBanks<'a>>, Vec<refund_banks::Problem>> {
        refund_banks::read(self)
    }

    /// The component schema `name`.
    pub fn component(&self, name: &str) -> Option<Schema<'a>> {
        let node = self.doc.get("components")?.get("schemas")?.get(name)?;
        Some(self.schema(
            format!("#/components/schemas/{}", escape_pointer(name)),
            node,
        ))
    }
}

/// The one `$ref` follower: `node`, or what its `$ref` (and theirs, up to
/// [`MAX_DEREF`]) names. An unresolved reference leaves the node as it is.
fn deref<'a>(doc: &'a Value, pointer: String, node: &'a Value) -> Located<'a> {
    let mut at = Located {
        pointer,
        node,
        via: None,
    };
    for _ in 0..MAX_DEREF {
        let Some(r) = at.node.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(target) = resolve_ref(doc, r) else {
            break;
        };
        at = Located {
            pointer: r.to_string(),
            node: target,
            via: at.via.or(Some(r)),
        };
    }
    at
}
