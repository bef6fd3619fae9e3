//! The request inputs of every operation, read from the spec: what the
//! generated setters, rules and CLI flags are made from.
//!
//! For each operation: its parameters (path and query) and, when its body
//! is a JSON object schema, the body's properties, each with its limits,
//! whether it is required, its description, and how a Rust caller passes
//! it ([`Shape`]). The Rust type of a value that is not plain text or a
//! switch is read from the generated client itself (the field progenitor
//! made for it), so the setters take exactly what the wire type holds.

use super::claims::{self, Claim};
use crate::model::{InputLocation, Schema};
use crate::spec::{LoadedSpec, SpecError};

/// One operation's inputs.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// `POST`, `GET`, ...
    pub method: String,
    /// The path template.
    pub path: String,
    /// The inputs, parameters first (in spec order), then body properties
    /// (sorted by name, as in the generated struct).
    pub inputs: Vec<Input>,
}

/// Where an input travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A path parameter (positional in the facade and the CLI).
    Path,
    /// A query parameter.
    Query,
    /// A property of the JSON body.
    Body,
}

/// How a caller passes a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A string: the setter takes `impl Into<String>`, the rule checks its
    /// length in characters.
    Text,
    /// A boolean: a switch on the CLI.
    Switch,
    /// Any other scalar (number, closed or open enum, money), of this Rust
    /// type (as written in the generated client).
    Scalar(String),
    /// An object or an array, of this Rust type; JSON on the CLI.
    Json(String),
}

/// The limits the spec states for one input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
}

/// One input.
#[derive(Debug, Clone)]
pub struct Input {
    /// Where it travels.
    pub location: Location,
    /// Its name; for a body property inside an object property, the path
    /// from the top (`["extra", "requester"]`).
    pub path: Vec<String>,
    /// Whether the API requires it.
    pub required: bool,
    /// The spec's description (Korean, blank line, English).
    pub description: String,
    /// A JSON pointer to it in the spec, for error messages.
    pub pointer: String,
    /// How it is passed.
    pub shape: Shape,
    /// Its limits.
    pub limits: Limits,
    /// `format: password`: never a CLI flag.
    pub password: bool,
    /// The values of a closed `enum` (not of an open one: any value goes
    /// there), as the wire writes them; for the docs and the CLI's help.
    pub values: Option<Vec<String>>,
    /// The hand-written type that sets it, if one does.
    pub claim: Option<&'static Claim>,
    /// The schema's `default`: what the API uses when the input is not
    /// sent (becomes a `DEFAULT_*` constant of the options type).
    pub default: Option<serde_json::Value>,
}

impl Input {
    /// The dotted name (`extra.requester`), as errors name the field.
    pub fn dotted(&self) -> String {
        self.path.join(".")
    }

    /// The Rust identifier of its setter and field (the last name).
    pub fn ident(&self) -> String {
        rust_ident(self.path.last().expect("an input has a name"))
    }
}

/// A property or parameter name as a Rust identifier.
pub fn rust_ident(name: &str) -> String {
    let snake: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    match snake.as_str() {
        "type" | "ref" | "match" | "self" | "struct" | "enum" | "fn" | "move" | "use" | "mod"
        | "where" | "impl" | "loop" | "in" | "as" | "box" | "crate" | "super" | "async"
        | "await" | "dyn" => format!("r#{snake}"),
        _ => snake,
    }
}

/// `cancelPayment` → `CancelPayment`.
pub fn pascal(id: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in id.chars() {
        if c == '_' || c == '-' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `cancelPayment` → `cancel_payment`.
pub fn snake(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '-' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

/// Every operation's inputs, in the model's order (path, then method).
///
/// `client` is the generated client (parsed), where the Rust types of
/// scalar, enum, object and array inputs are read.
pub fn operations(spec: &LoadedSpec, client: &syn::File) -> Result<Vec<Operation>, SpecError> {
    let model = spec.model();
    let mut out = Vec::new();
    for op in model.operations() {
        let Some(id) = op.id else {
            continue;
        };
        let mut inputs = Vec::new();
        for param in op.path_inputs().into_iter().chain(op.query_inputs()) {
            let location = match param.location {
                InputLocation::Path => Location::Path,
                _ => Location::Query,
            };
            let rust = builder_field_type(client, &pascal(id), param.name);
            inputs.push(input(
                spec,
                InputSite {
                    operation: id,
                    location,
                    path: vec![param.name.to_string()],
                    required: param.required,
                    description: param.description.unwrap_or(""),
                    pointer: param.pointer,
                    schema: &param.schema,
                    rust,
                },
            )?);
        }
        if let Some(body) = op.json_body() {
            let struct_name = body.name().ok_or_else(|| SpecError {
                file: spec.file.clone(),
                location: body.pointer.clone(),
                message: "a JSON request body must be a `$ref` to a schema in `components/schemas` (its generated struct is where setters write)".into(),
            })?;
            body_properties(spec, client, id, &[], struct_name, body, &mut inputs)?;
        }
        out.push(Operation {
            id: id.to_string(),
            method: op.method.upper().to_string(),
            path: op.path.to_string(),
            inputs,
        });
    }
    Ok(out)
}

fn body_properties(
    spec: &LoadedSpec,
    client: &syn::File,
    operation: &str,
    parent: &[String],
    struct_name: &str,
    schema: &Schema<'_>,
    inputs: &mut Vec<Input>,
) -> Result<(), SpecError> {
    for prop in schema.properties() {
        let mut path = parent.to_vec();
        path.push(prop.name.to_string());
        let dotted = path.join(".");
        if claims::claims_inside(operation, &dotted) {
            let inner = prop.schema.name().ok_or_else(|| SpecError {
                file: spec.file.clone(),
                location: prop.schema.pointer.clone(),
                message: format!(
                    "`{dotted}` holds a claimed property (see xtask/src/generate/claims.rs), so it must be a `$ref` to an object schema"
                ),
            })?;
            body_properties(spec, client, operation, &path, inner, &prop.schema, inputs)?;
            continue;
        }
        let rust = struct_field_type(client, struct_name, prop.name);
        inputs.push(input(
            spec,
            InputSite {
                operation,
                location: Location::Body,
                path,
                required: prop.required,
                description: prop.schema.description().unwrap_or(""),
                pointer: prop.schema.pointer.clone(),
                schema: &prop.schema,
                rust,
            },
        )?);
    }
    Ok(())
}

struct InputSite<'a, 's> {
    operation: &'a str,
    location: Location,
    path: Vec<String>,
    required: bool,
    description: &'a str,
    pointer: String,
    schema: &'a Schema<'s>,
    rust: Option<String>,
}

fn input(spec: &LoadedSpec, site: InputSite<'_, '_>) -> Result<Input, SpecError> {
    let dotted = site.path.join(".");
    let schema = site.schema;
    let limits = Limits {
        min_length: schema.min_length(),
        max_length: schema.max_length(),
        minimum: schema.minimum(),
        maximum: schema.maximum(),
        exclusive_minimum: schema.exclusive_minimum(),
        exclusive_maximum: schema.exclusive_maximum(),
    };
    let has_enum = schema.enum_values().is_some() || schema.open_enum().is_some();
    let claim = claims::claim_of(site.operation, &dotted);
    let needs_rust = || {
        site.rust.clone().ok_or_else(|| SpecError {
            file: spec.file.clone(),
            location: site.pointer.clone(),
            message: format!(
                "found no field for `{dotted}` of {} in the generated client; this is a bug in xtask (report it with the spec)",
                site.operation
            ),
        })
    };
    // A claimed input's Rust type is the hand-written type's business.
    let rust = |json: bool| -> Result<Shape, SpecError> {
        let t = if claim.is_some() {
            site.rust.clone().unwrap_or_default()
        } else {
            needs_rust()?
        };
        Ok(if json {
            Shape::Json(t)
        } else {
            Shape::Scalar(t)
        })
    };
    let shape = match schema.ty() {
        Some("boolean") => Shape::Switch,
        Some("string") if !has_enum && !schema.is_reference() => Shape::Text,
        Some("object") | Some("array") => rust(true)?,
        _ => rust(false)?,
    };
    Ok(Input {
        location: site.location,
        path: site.path,
        required: site.required,
        description: site.description.trim().to_string(),
        pointer: site.pointer,
        shape,
        limits,
        password: schema.format() == Some("password"),
        values: schema.enum_values().map(|values| {
            values
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect()
        }),
        claim,
        default: schema.default().cloned(),
    })
}

/// The type of field `json_name` of `struct_name` in the generated `types`
/// module, without its `Option`.
fn struct_field_type(client: &syn::File, struct_name: &str, json_name: &str) -> Option<String> {
    let types = module(&client.items, "types")?;
    let fields = struct_fields(types, struct_name)?;
    for field in fields {
        if field_json_name(field) == json_name {
            return Some(tokens(strip_option(&field.ty)));
        }
    }
    None
}

/// The type a query or path parameter takes in progenitor's builder for
/// the operation: its field is `Result<Option<T>, String>` (or `Result<T,
/// String>` when required); `types::X` names are made relative to `types`.
fn builder_field_type(client: &syn::File, builder: &str, name: &str) -> Option<String> {
    let module = module(&client.items, "builder")?;
    let fields = struct_fields(module, builder)?;
    let ident = rust_ident(name);
    let field = fields.iter().find(|f| {
        f.ident
            .as_ref()
            .is_some_and(|i| i == ident.trim_start_matches("r#"))
    })?;
    let syn::Type::Path(p) = &field.ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let syn::GenericArgument::Type(ok) = args.args.first()? else {
        return None;
    };
    let text = tokens(strip_option(ok));
    Some(
        text.strip_prefix("types :: ")
            .map(str::to_string)
            .unwrap_or(text),
    )
}

fn module<'a>(items: &'a [syn::Item], name: &str) -> Option<&'a [syn::Item]> {
    items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, i)| i.as_slice()),
        _ => None,
    })
}

fn struct_fields<'a>(items: &'a [syn::Item], name: &str) -> Option<Vec<&'a syn::Field>> {
    items.iter().find_map(|item| match item {
        syn::Item::Struct(s) if s.ident == name => Some(s.fields.iter().collect()),
        _ => None,
    })
}

fn field_json_name(field: &syn::Field) -> String {
    for attr in &field.attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        let mut renamed = None;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                renamed = Some(lit.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
        if let Some(name) = renamed {
            return name;
        }
    }
    field
        .ident
        .as_ref()
        .map(|i| i.to_string().trim_start_matches("r#").to_string())
        .unwrap_or_default()
}

fn strip_option(ty: &syn::Type) -> &syn::Type {
    if let syn::Type::Path(p) = ty
        && let Some(last) = p.path.segments.last()
        && last.ident == "Option"
        && let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
    {
        return inner;
    }
    ty
}

fn tokens(ty: &syn::Type) -> String {
    use quote::ToTokens;
    ty.to_token_stream().to_string()
}

/// `ty` (Rust type tokens as the generated client writes them) with every
/// bare type name that is not a primitive or a prelude type prefixed by
/// `prefix`: `Vec<CancelLabel>` → `Vec<crate::generated::types::CancelLabel>`.
pub fn qualify(ty: &str, prefix: &str) -> String {
    use quote::ToTokens;
    let Ok(mut parsed) = syn::parse_str::<syn::Type>(ty) else {
        return ty.to_string();
    };
    qualify_type(&mut parsed, prefix);
    parsed.to_token_stream().to_string()
}

fn qualify_type(ty: &mut syn::Type, prefix: &str) {
    use quote::ToTokens;
    match ty {
        syn::Type::Path(p) => {
            for seg in p.path.segments.iter_mut() {
                if let syn::PathArguments::AngleBracketed(args) = &mut seg.arguments {
                    for arg in args.args.iter_mut() {
                        if let syn::GenericArgument::Type(t) = arg {
                            qualify_type(t, prefix);
                        }
                    }
                }
            }
            let bare =
                p.qself.is_none() && p.path.leading_colon.is_none() && p.path.segments.len() == 1;
            let name = p.path.segments[0].ident.to_string();
            let known = matches!(
                name.as_str(),
                "bool"
                    | "char"
                    | "str"
                    | "String"
                    | "Vec"
                    | "Option"
                    | "Box"
                    | "i8"
                    | "i16"
                    | "i32"
                    | "i64"
                    | "i128"
                    | "isize"
                    | "u8"
                    | "u16"
                    | "u32"
                    | "u64"
                    | "u128"
                    | "usize"
                    | "f32"
                    | "f64"
                    | "Self"
                    | "crate"
            );
            if bare && !known {
                let full = format!("{prefix}::{}", p.path.to_token_stream());
                if let Ok(path) = syn::parse_str::<syn::Path>(&full) {
                    p.path = path;
                }
            }
        }
        syn::Type::Array(a) => qualify_type(&mut a.elem, prefix),
        syn::Type::Slice(a) => qualify_type(&mut a.elem, prefix),
        syn::Type::Reference(r) => qualify_type(&mut r.elem, prefix),
        syn::Type::Tuple(t) => t.elems.iter_mut().for_each(|e| qualify_type(e, prefix)),
        _ => {}
    }
}
