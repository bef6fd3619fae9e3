//! What a caller sets on an operation's request: its path and query
//! parameters and the properties of its JSON body, each with the schema
//! facts a setter, a rule or a CLI flag is made from.

use serde_json::Value;

use super::operation::Operation;
use super::schema::Schema;

/// Where a request input travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum InputLocation {
    /// A path parameter (`/payments/{imp_uid}`).
    Path,
    /// A query parameter.
    Query,
    /// A top-level property of the JSON request body.
    Body,
}

/// One value a caller sets on a request.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// Where it travels.
    pub location: InputLocation,
    /// Its name on the wire (a parameter's `name`, a property's key).
    pub name: &'a str,
    /// Where it is declared: the parameter object, or the property.
    pub pointer: String,
    /// Whether the API requires it (a parameter's `required`; the body
    /// schema's `required` list).
    pub required: bool,
    /// The description written at the declaration (a parameter's own, a
    /// property's own), else its schema's.
    pub description: Option<&'a str>,
    /// Its schema, resolved: type, format, limits, enums, nullability;
    /// [`Schema::properties`] for an object's nested properties.
    pub schema: Schema<'a>,
}

/// The schema of a parameter that has none: it says nothing.
static NO_SCHEMA: Value = Value::Null;

impl<'a> Operation<'a> {
    /// The path parameters, in declaration order.
    pub fn path_inputs(&self) -> Vec<Input<'a>> {
        self.parameter_inputs("path", InputLocation::Path)
    }

    /// The query parameters, in declaration order.
    pub fn query_inputs(&self) -> Vec<Input<'a>> {
        self.parameter_inputs("query", InputLocation::Query)
    }

    /// The top-level properties of the JSON request body, by name (its
    /// `allOf` members' included); empty without a JSON body.
    pub fn body_inputs(&self) -> Vec<Input<'a>> {
        let Some(body) = self.json_body() else {
            return Vec::new();
        };
        body.properties()
            .into_iter()
            .map(|p| Input {
                location: InputLocation::Body,
                name: p.name,
                pointer: p.schema.pointer.clone(),
                required: p.required,
                description: p.schema.description(),
                schema: p.schema,
            })
            .collect()
    }

    /// Every input: path parameters, query parameters, body properties.
    /// Header and cookie parameters are the transport's (the token, the
    /// tier header), not a call's, and are left out.
    pub fn inputs(&self) -> Vec<Input<'a>> {
        let mut out = self.path_inputs();
        out.extend(self.query_inputs());
        out.extend(self.body_inputs());
        out
    }

    fn parameter_inputs(&self, location: &str, kind: InputLocation) -> Vec<Input<'a>> {
        self.effective_parameters()
            .into_iter()
            .filter(|p| p.location == location)
            .map(|p| {
                let schema = p.schema.clone().unwrap_or_else(|| {
                    Schema::new(&NO_SCHEMA, format!("{}/schema", p.pointer), &NO_SCHEMA)
                });
                Input {
                    location: kind,
                    name: p.name,
                    pointer: p.pointer.clone(),
                    required: p.required,
                    description: p.description.or_else(|| schema.description()),
                    schema,
                }
            })
            .collect()
    }
}
