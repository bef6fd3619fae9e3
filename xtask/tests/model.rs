//! The one model of the spec (`xtask::model`): operations, `$ref`s followed
//! in one place, the spec's wrapped references read by one rule in both
//! nullable forms, and the request inputs the setter and flag generators
//! read. Also: every command reads the two nullable forms alike, and the
//! loader and lint report a structural problem with the same words.

mod common;

use std::path::Path;

use serde_json::{Value, json};
use xtask::model::{InputLocation, Method, Model};

/// A small document with one operation of each kind of input.
fn orders() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/orders/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": true,
                     "description": "path-level", "schema": {"type": "string"}},
                    {"name": "tier", "in": "header", "schema": {"type": "string"}}
                ],
                "post": {
                    "operationId": "updateOrder",
                    "parameters": [
                        {"name": "id", "in": "path", "required": true,
                         "description": "operation-level",
                         "schema": {"type": "string", "minLength": 1, "maxLength": 8}},
                        {"$ref": "#/components/parameters/Verbose"}
                    ],
                    "requestBody": {"$ref": "#/components/requestBodies/Update"},
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Order"}}}},
                        "404": {"$ref": "#/components/responses/NotFound"}
                    }
                },
                "get": {"operationId": "getOrder", "responses": {}}
            }
        },
        "components": {
            "parameters": {
                "Verbose": {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}
            },
            "requestBodies": {
                "Update": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Update"}}}}
            },
            "responses": {
                "NotFound": {"description": "no", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Order"}}}}
            },
            "schemas": {
                "Note": {"type": "string", "maxLength": 40, "description": "a note"},
                "Level": {"type": "string", "enum": ["low", "high"]},
                "Order": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Base": {"type": "object", "required": ["memo"], "properties": {
                    "memo": {"type": "string", "maxLength": 100}}},
                "Update": {
                    "type": "object",
                    "required": ["amount"],
                    "allOf": [{"$ref": "#/components/schemas/Base"}],
                    "properties": {
                        "amount": {"type": "integer", "minimum": 1, "maximum": 500,
                                   "exclusiveMaximum": true},
                        "old_note": {"type": "object", "nullable": true,
                                     "description": "own words, tighter",
                                     "maxLength": 20,
                                     "allOf": [{"$ref": "#/components/schemas/Note"}]},
                        "new_note": {"description": "own words, tighter",
                                     "maxLength": 20,
                                     "anyOf": [{"$ref": "#/components/schemas/Note"},
                                               {"enum": [null]}]},
                        "level": {"allOf": [{"$ref": "#/components/schemas/Level"}]},
                        "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}},
                        "secret": {"type": "string", "format": "password", "maxLength": 64}
                    }
                }
            }
        }
    })
}

fn model(doc: &Value) -> Model<'_> {
    Model::new(Path::new("orders.yaml"), doc)
}

#[test]
fn http_methods_are_one_list_in_path_item_order() {
    let keys: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
    assert_eq!(
        keys,
        [
            "get", "put", "post", "delete", "options", "head", "patch", "trace"
        ]
    );
    for m in Method::ALL {
        assert_eq!(Method::from_key(m.as_str()), Some(m));
        assert_eq!(m.to_string(), m.as_str().to_uppercase());
    }
    assert_eq!(Method::from_key("GET"), None, "keys are lower-case");
    let doc = orders();
    let m = model(&doc);
    let found: Vec<(Method, Option<&str>)> =
        m.operations().iter().map(|op| (op.method, op.id)).collect();
    assert_eq!(
        found,
        [
            (Method::Get, Some("getOrder")),
            (Method::Post, Some("updateOrder"))
        ]
    );
}

#[test]
fn refs_of_parameters_bodies_and_responses_are_followed() {
    let doc = orders();
    let m = model(&doc);
    let op = m.operation("updateOrder").unwrap();
    assert_eq!(op.pointer, "#/paths/~1orders~1{id}/post");
    let verbose = op.parameters.iter().find(|p| p.name == "verbose").unwrap();
    assert_eq!(verbose.pointer, "#/components/parameters/Verbose");
    assert_eq!(verbose.reference, Some("#/components/parameters/Verbose"));
    assert_eq!(verbose.location, "query");
    let body = op.request_body.as_ref().unwrap();
    assert_eq!(body.pointer, "#/components/requestBodies/Update");
    assert!(body.required);
    assert_eq!(op.json_body().unwrap().name(), Some("Update"));
    let not_found = op.responses.iter().find(|r| r.status == "404").unwrap();
    assert_eq!(not_found.shared_name(), Some("NotFound"));
    assert_eq!(
        not_found.json().unwrap().pointer,
        "#/components/responses/NotFound/content/application~1json"
    );
    // An unresolved reference is left where it is, not dropped.
    let dangling = json!({"$ref": "#/components/schemas/Nope"});
    let at = m.deref("#/x", &dangling);
    assert_eq!((at.pointer.as_str(), at.via), ("#/x", None));
}

#[test]
fn inputs_are_path_query_then_body_properties() {
    let doc = orders();
    let m = model(&doc);
    let op = m.operation("updateOrder").unwrap();
    let inputs = op.inputs();
    let names: Vec<(InputLocation, &str, bool)> = inputs
        .iter()
        .map(|i| (i.location, i.name, i.required))
        .collect();
    assert_eq!(
        names,
        [
            (InputLocation::Path, "id", true),
            (InputLocation::Query, "verbose", false),
            // By name, the `allOf` member's `memo` (required there) included.
            (InputLocation::Body, "amount", true),
            (InputLocation::Body, "level", false),
            (InputLocation::Body, "memo", true),
            (InputLocation::Body, "new_note", false),
            (InputLocation::Body, "old_note", false),
            (InputLocation::Body, "secret", false),
            (InputLocation::Body, "tags", false),
        ],
        "the header parameter is the transport's, not an input"
    );
    let by = |name: &str| inputs.iter().find(|i| i.name == name).unwrap();

    // The operation-level `id` overrides the path-level one.
    let id = by("id");
    assert_eq!(id.description, Some("operation-level"));
    assert_eq!(
        (id.schema.min_length(), id.schema.max_length()),
        (Some(1), Some(8))
    );
    assert_eq!(id.pointer, "#/paths/~1orders~1{id}/post/parameters/0");
    assert_eq!(by("verbose").schema.ty(), Some("boolean"));

    let amount = by("amount");
    assert_eq!(amount.schema.ty(), Some("integer"));
    assert_eq!(
        (amount.schema.minimum(), amount.schema.maximum()),
        (Some(1.0), Some(500.0))
    );
    assert!(amount.schema.exclusive_maximum() && !amount.schema.exclusive_minimum());
    assert_eq!(
        amount.pointer,
        "#/components/schemas/Update/properties/amount"
    );
    assert_eq!(
        by("memo").pointer,
        "#/components/schemas/Base/properties/memo"
    );

    let level = by("level");
    assert_eq!(level.schema.name(), Some("Level"));
    assert_eq!(
        level.schema.enum_values(),
        Some(&[json!("low"), json!("high")][..])
    );
    assert!(!level.schema.nullable);

    assert_eq!(by("secret").schema.format(), Some("password"));
    let tags = by("tags");
    assert_eq!(tags.schema.ty(), Some("array"));
    let item = tags.schema.items().unwrap();
    assert_eq!((item.name(), item.max_length()), (Some("Note"), Some(40)));

    // The other operation of the path has the path-level `id` alone.
    let get = m.operation("getOrder").unwrap().inputs();
    assert_eq!(get.len(), 1);
    assert_eq!(
        (get[0].name, get[0].description),
        ("id", Some("path-level"))
    );
    assert_eq!(get[0].schema.max_length(), None);
}

#[test]
fn both_nullable_forms_are_read_alike() {
    let doc = orders();
    let m = model(&doc);
    let op = m.operation("updateOrder").unwrap();
    let inputs = op.body_inputs();
    let by = |name: &str| inputs.iter().find(|i| i.name == name).unwrap();
    let (old, new) = (by("old_note"), by("new_note"));
    for input in [old, new] {
        let s = &input.schema;
        assert_eq!(s.name(), Some("Note"), "{}", input.name);
        assert!(s.nullable, "{}", input.name);
        assert_eq!(s.ty(), Some("string"), "{}", input.name);
        // The place's own words and tighter limit win over the target's.
        assert_eq!(input.description, Some("own words, tighter"));
        assert_eq!(s.max_length(), Some(20), "{}", input.name);
        assert_eq!(s.target_pointer, "#/components/schemas/Note");
    }
}

/// The two forms must not look different to any command that reads
/// meaning: the diff sees no code change, the docs are the same.
#[test]
fn every_command_reads_both_nullable_forms_alike() {
    let old = orders();
    let mut new = orders();
    let props = new
        .pointer_mut("/components/schemas/Update/properties")
        .unwrap();
    props["old_note"] = props["new_note"].clone();
    let (mo, mn) = (model(&old), model(&new));

    let changes = xtask::diff::diff(&mo, &mn);
    assert!(changes.is_empty(), "{changes:#?}");

    let (so, sn) = (
        xtask::docs::json_schema::convert_all(&mo).unwrap(),
        xtask::docs::json_schema::convert_all(&mn).unwrap(),
    );
    assert_eq!(so["Update"], sn["Update"]);
    assert_eq!(
        so["Update"]["properties"]["old_note"]["anyOf"][1],
        json!({"type": "null"})
    );

    let row = |m: &Model<'_>| {
        let content = xtask::docs::content::read(m);
        let op = content
            .operations
            .into_iter()
            .find(|o| o.id == "updateOrder")
            .unwrap();
        let f = op
            .fields
            .into_iter()
            .find(|f| f.name == "old_note")
            .unwrap();
        (f.type_label, f.nullable, f.constraints)
    };
    let (label, nullable, constraints) = row(&mo);
    assert_eq!((label.as_str(), nullable), ("Note (string)", true));
    assert!(
        constraints.contains(&"length ≤ 20".to_string()),
        "{constraints:?}"
    );
    assert_eq!(row(&mo), row(&mn));
}

/// One check, one message: what the loader refuses, lint reports in the
/// same words at the same place.
#[test]
fn a_structural_problem_reads_the_same_from_the_loader_and_from_lint() {
    let mut doc = orders();
    doc["paths"]["/orders/{id}"]["get"]["operationId"] = json!("updateOrder");
    let text = serde_json::to_string(&doc).unwrap();
    let loaded = xtask::spec::parse(Path::new("orders.yaml"), &text).unwrap_err();
    let lint = xtask::lint::lint(&model(&doc));
    let found = lint
        .iter()
        .find(|f| f.rule == "operation-id")
        .expect("lint reports it");
    assert_eq!(found.pointer, loaded.location);
    assert_eq!(found.message, loaded.message);
    assert!(
        loaded
            .message
            .contains("duplicate operationId `updateOrder`")
    );
}

/// The real spec through the model: every input points at what it says,
/// and every operation of the document is there.
#[test]
fn the_real_spec_reads_whole() {
    let spec = common::real_spec();
    let m = spec.model();
    let raw_count: usize = spec.json["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| {
            Method::ALL
                .iter()
                .filter(|m| item.get(m.as_str()).is_some())
                .count()
        })
        .sum();
    assert_eq!(m.operations().len(), raw_count);
    let mut body_inputs = 0;
    for op in m.operations() {
        for input in op.inputs() {
            let node = spec
                .json
                .pointer(&input.pointer[1..])
                .unwrap_or_else(|| panic!("{}: {} points at nothing", op.pointer, input.pointer));
            match input.location {
                InputLocation::Body => {
                    body_inputs += 1;
                    assert!(
                        input
                            .pointer
                            .ends_with(&format!("/properties/{}", input.name))
                    );
                    assert!(std::ptr::eq(node, input.schema.node));
                }
                _ => assert_eq!(node["name"], json!(input.name)),
            }
        }
    }
    assert!(body_inputs > 0, "the spec has request bodies");
}
