//! A schema at one place of the spec: the spec's wrappers peeled off by one
//! rule ([`unwrap`]), `$ref`s followed, and the facts a generator reads
//! ([`Schema`]).

use std::collections::BTreeSet;

use serde_json::Value;

use super::pointer::{escape_pointer, resolve_ref};

/// How deep `$ref` chains (`A: {$ref: B}`) are followed before giving up
/// (a loaded spec has none deeper; a cycle must not hang).
const MAX_REF_CHAIN: usize = 16;

/// A schema with the spec's wrappers taken off.
///
/// The spec wraps a reference to give it words or `null` of its own, in
/// one of these forms, all of which [`unwrap`] reads the same way:
///
/// - `{$ref: X}`: the reference itself;
/// - `{description: .., allOf: [{$ref: X}]}`: a reference with its own
///   description (and, with `nullable: true` and a `type` beside it, the
///   older nullable form);
/// - `{description: .., anyOf: [{$ref: X}, {enum: [null]}]}` (or `oneOf`):
///   a reference that may be `null`, the form OpenAPI 3.0.3's own reading
///   of `nullable` accepts.
///
/// The member inside may itself be an inline schema (`anyOf: [{type:
/// array, ..}, {enum: [null]}]`): then there is no reference, and
/// [`Unwrapped::inner`] is that member.
#[derive(Debug, Clone, PartialEq)]
pub struct Unwrapped<'a> {
    /// The schema the wrappers hold: a `{$ref}` or an inline schema; the
    /// schema itself when it is no wrapper.
    pub inner: &'a Value,
    /// The `$ref` of [`inner`](Self::inner), if it is one.
    pub reference: Option<&'a str>,
    /// Whether the place admits `null`: `nullable: true` on it or on a
    /// wrapper, or a null member beside the schema.
    pub nullable: bool,
    /// The keyword of the outermost wrapper (`allOf`, `anyOf` or `oneOf`);
    /// `None` when the schema is no wrapper.
    pub wrapper: Option<&'static str>,
    /// Where [`inner`](Self::inner) is, relative to the schema
    /// (`/allOf/0`, `/anyOf/1`; empty when it is the schema itself).
    pub inner_path: String,
}

/// Whether `schema` is a null member: `{enum: [null]}` (anything beside
/// the `enum` is not looked at; lint says which forms generate well).
pub fn is_null_member(schema: &Value) -> bool {
    schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_null))
}

/// Takes the spec's wrappers off `schema` (see [`Unwrapped`]); a schema
/// that is no wrapper comes back as its own `inner`.
///
/// A schema with `properties` of its own is never a wrapper: its `allOf`
/// composes an object instead.
pub fn unwrap(schema: &Value) -> Unwrapped<'_> {
    let own_nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
    if schema.get("properties").is_none() {
        if let Some([only]) = schema
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            let inner = unwrap(only);
            return Unwrapped {
                nullable: own_nullable || inner.nullable,
                wrapper: Some("allOf"),
                inner_path: format!("/allOf/0{}", inner.inner_path),
                ..inner
            };
        }
        for key in ["anyOf", "oneOf"] {
            let Some(members) = schema.get(key).and_then(Value::as_array) else {
                continue;
            };
            let others: Vec<(usize, &Value)> = members
                .iter()
                .enumerate()
                .filter(|(_, m)| !is_null_member(m))
                .collect();
            if let [(i, other)] = others.as_slice()
                && members.len() > 1
            {
                let inner = unwrap(other);
                return Unwrapped {
                    nullable: true,
                    wrapper: Some(key),
                    inner_path: format!("/{key}/{i}{}", inner.inner_path),
                    ..inner
                };
            }
        }
    }
    Unwrapped {
        inner: schema,
        reference: schema.get("$ref").and_then(Value::as_str),
        nullable: own_nullable,
        wrapper: None,
        inner_path: String::new(),
    }
}

/// The component name of a `#/components/schemas/<Name>` reference.
pub fn component_name(reference: &str) -> Option<&str> {
    reference
        .strip_prefix("#/components/schemas/")
        .filter(|name| !name.contains('/'))
}

/// One schema at one place, as the code generated from it sees it.
///
/// Made by [`Model::schema`](super::Model::schema) (or found through an
/// operation, a component or a property). Keywords are read from the place
/// first and then from the schema it stands for, so a property that adds
/// words or a tighter limit beside a reference is read with them.
#[derive(Debug, Clone)]
pub struct Schema<'a> {
    /// Where the schema is written (a JSON pointer from `#`).
    pub pointer: String,
    /// The schema as written there (possibly a wrapper).
    pub node: &'a Value,
    /// What it stands for: the referenced component (`$ref` chains
    /// followed), or the unwrapped inline schema, or the node itself.
    pub target: &'a Value,
    /// Where [`target`](Self::target) is.
    pub target_pointer: String,
    /// The `$ref` written at the place (through the wrappers), if any.
    pub reference: Option<&'a str>,
    /// Whether `null` is admitted: by the place (see [`Unwrapped`]) or by
    /// the target's own `nullable: true`.
    pub nullable: bool,
    doc: &'a Value,
}

/// One property of an object schema.
#[derive(Debug, Clone)]
pub struct Property<'a> {
    /// Its name on the wire.
    pub name: &'a str,
    /// Whether the object's `required` lists it.
    pub required: bool,
    /// Its schema (pointer: `…/properties/<name>`).
    pub schema: Schema<'a>,
}

impl<'a> Schema<'a> {
    /// The schema written at `pointer` in `doc`.
    pub fn new(doc: &'a Value, pointer: String, node: &'a Value) -> Schema<'a> {
        let u = unwrap(node);
        let (mut target, mut target_pointer) = (u.inner, format!("{pointer}{}", u.inner_path));
        let mut next = u.reference;
        for _ in 0..MAX_REF_CHAIN {
            let Some(r) = next else { break };
            let Some(t) = resolve_ref(doc, r) else { break };
            target = t;
            target_pointer = r.to_string();
            next = t.get("$ref").and_then(Value::as_str);
        }
        let nullable = u.nullable || target.get("nullable").and_then(Value::as_bool) == Some(true);
        Schema {
            pointer,
            node,
            target,
            target_pointer,
            reference: u.reference,
            nullable,
            doc,
        }
    }

    /// The component this place refers to (`Payment` for a reference to
    /// `#/components/schemas/Payment`).
    pub fn name(&self) -> Option<&'a str> {
        self.reference.and_then(component_name)
    }

    /// Whether the place refers to another schema (by `$ref`, through its
    /// wrappers) rather than stating one inline.
    pub fn is_reference(&self) -> bool {
        self.reference.is_some()
    }

    /// `key` as written at the place, else on the target.
    pub fn keyword(&self, key: &str) -> Option<&'a Value> {
        self.node.get(key).or_else(|| self.target.get(key))
    }

    /// `type`: the target's (a `type` beside a wrapper only repeats it for
    /// progenitor), else the place's.
    pub fn ty(&self) -> Option<&'a str> {
        self.target
            .get("type")
            .or_else(|| self.node.get("type"))
            .and_then(Value::as_str)
    }

    /// `format` (e.g. `int64`, `password`).
    pub fn format(&self) -> Option<&'a str> {
        self.keyword("format").and_then(Value::as_str)
    }

    /// The place's own `description`, else the target's.
    pub fn description(&self) -> Option<&'a str> {
        self.keyword("description").and_then(Value::as_str)
    }

    /// `default`.
    pub fn default(&self) -> Option<&'a Value> {
        self.keyword("default")
    }

    /// `maxLength`: the tighter of the place's and the target's.
    pub fn max_length(&self) -> Option<u64> {
        self.bound("maxLength", Value::as_u64, u64::min)
    }

    /// `minLength`: the tighter of the place's and the target's.
    pub fn min_length(&self) -> Option<u64> {
        self.bound("minLength", Value::as_u64, u64::max)
    }

    /// `maximum`: the tighter of the place's and the target's.
    pub fn maximum(&self) -> Option<f64> {
        self.bound("maximum", Value::as_f64, f64::min)
    }

    /// `minimum`: the tighter of the place's and the target's.
    pub fn minimum(&self) -> Option<f64> {
        self.bound("minimum", Value::as_f64, f64::max)
    }

    /// OpenAPI 3.0's boolean `exclusiveMaximum`.
    pub fn exclusive_maximum(&self) -> bool {
        self.keyword("exclusiveMaximum").and_then(Value::as_bool) == Some(true)
    }

    /// OpenAPI 3.0's boolean `exclusiveMinimum`.
    pub fn exclusive_minimum(&self) -> bool {
        self.keyword("exclusiveMinimum").and_then(Value::as_bool) == Some(true)
    }

    /// `pattern`.
    pub fn pattern(&self) -> Option<&'a str> {
        self.keyword("pattern").and_then(Value::as_str)
    }

    /// A closed `enum`'s values.
    pub fn enum_values(&self) -> Option<&'a [Value]> {
        self.keyword("enum")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
    }

    /// The known values of an open enum (`x-open-enum`).
    pub fn open_enum(&self) -> Option<&'a [Value]> {
        self.keyword("x-open-enum")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
    }

    /// An array's item schema.
    pub fn items(&self) -> Option<Schema<'a>> {
        let items = self.target.get("items")?;
        Some(Schema::new(
            self.doc,
            format!("{}/items", self.target_pointer),
            items,
        ))
    }

    /// The properties of an object schema, by name: the target's own and
    /// those of its `allOf` members (references followed), first
    /// declaration winning.
    pub fn properties(&self) -> Vec<Property<'a>> {
        let mut out: Vec<Property<'a>> = Vec::new();
        let mut required = BTreeSet::new();
        self.collect(
            self.target,
            &self.target_pointer,
            &mut out,
            &mut required,
            0,
        );
        for p in &mut out {
            p.required = required.contains(p.name);
        }
        out.sort_by(|a, b| a.name.cmp(b.name));
        out
    }

    fn collect(
        &self,
        object: &'a Value,
        pointer: &str,
        out: &mut Vec<Property<'a>>,
        required: &mut BTreeSet<&'a str>,
        depth: usize,
    ) {
        if depth > MAX_REF_CHAIN {
            return;
        }
        required.extend(
            object
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str),
        );
        if let Some(props) = object.get("properties").and_then(Value::as_object) {
            for (name, node) in props {
                if out.iter().all(|p| p.name != name) {
                    out.push(Property {
                        name,
                        required: false,
                        schema: Schema::new(
                            self.doc,
                            format!("{pointer}/properties/{}", escape_pointer(name)),
                            node,
                        ),
                    });
                }
            }
        }
        for (i, member) in object
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let member = Schema::new(self.doc, format!("{pointer}/allOf/{i}"), member);
            self.collect(
                member.target,
                &member.target_pointer,
                out,
                required,
                depth + 1,
            );
        }
    }

    fn bound<T>(
        &self,
        key: &str,
        read: fn(&Value) -> Option<T>,
        tighter: fn(T, T) -> T,
    ) -> Option<T> {
        let here = self.node.get(key).and_then(read);
        let there = if std::ptr::eq(self.node, self.target) {
            None
        } else {
            self.target.get(key).and_then(read)
        };
        match (here, there) {
            (Some(a), Some(b)) => Some(tighter(a, b)),
            (a, b) => a.or(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn both_nullable_forms_unwrap_to_the_same_reference() {
        let x = "#/components/schemas/X";
        for (schema, nullable, wrapper) in [
            (json!({"$ref": x}), false, None),
            (
                json!({"description": "d", "allOf": [{"$ref": x}]}),
                false,
                Some("allOf"),
            ),
            (
                json!({"type": "object", "nullable": true, "allOf": [{"$ref": x}]}),
                true,
                Some("allOf"),
            ),
            (
                json!({"anyOf": [{"$ref": x}, {"enum": [null]}]}),
                true,
                Some("anyOf"),
            ),
            (
                json!({"anyOf": [{"enum": [null]}, {"$ref": x}]}),
                true,
                Some("anyOf"),
            ),
            (
                json!({"oneOf": [{"$ref": x}, {"enum": [null]}]}),
                true,
                Some("oneOf"),
            ),
        ] {
            let u = unwrap(&schema);
            assert_eq!(u.reference, Some(x), "{schema}");
            assert_eq!(u.nullable, nullable, "{schema}");
            assert_eq!(u.wrapper, wrapper, "{schema}");
        }
    }

    #[test]
    fn compositions_are_no_wrappers() {
        for schema in [
            json!({"allOf": [{"$ref": "#/a"}, {"$ref": "#/b"}]}),
            json!({"allOf": [{"$ref": "#/a"}], "properties": {"n": {}}}),
            json!({"anyOf": [{"$ref": "#/a"}, {"$ref": "#/b"}]}),
            json!({"anyOf": [{"enum": [null]}]}),
        ] {
            let u = unwrap(&schema);
            assert!(u.wrapper.is_none() && u.reference.is_none(), "{schema}");
        }
        let inline = json!({"anyOf": [{"type": "array"}, {"enum": [null]}]});
        let u = unwrap(&inline);
        assert_eq!((u.inner, u.nullable), (&json!({"type": "array"}), true));
    }
}
