//! The open enums: one `open_enum!` invocation per spec schema with
//! `x-open-enum`, written to [`OPEN_ENUMS_PATH`](crate::OPEN_ENUMS_PATH).
//!
//! The macro (the mechanism) is hand-written in
//! `crates/portone-v1/src/open_enums.rs`; the lists (the facts) come from
//! the spec only, so adding a value is a spec edit and `cargo xtask generate`.
//!
//! Variant names come from the wire values by one rule, [`variant_name`]:
//! split at `_`, `.` and `-`, capitalise each part, lowercase the rest
//! (`html5_inicis` → `Html5Inicis`, `payment.scheduled` →
//! `PaymentScheduled`, `KRW` → `Krw`).

use serde_json::Value;

use crate::model::escape_pointer;
use crate::spec::{LoadedSpec, SpecError};
use crate::{GENERATED_HEADER, SPEC_PATH};

/// One schema with `x-open-enum`, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenEnum {
    /// The schema name, which is also the Rust type name.
    pub name: String,
    /// The schema's `description`.
    pub description: String,
    /// `(variant, wire value)` in spec order.
    pub values: Vec<(String, String)>,
}

/// The Rust variant for a wire value, or why there is none.
///
/// Only ASCII letters, digits and the separators `_`, `.`, `-` are allowed,
/// so that the rule stays obvious and the name is a plain identifier.
pub fn variant_name(wire: &str) -> Result<String, String> {
    if let Some(c) = wire
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
    {
        return Err(format!(
            "the value {wire:?} holds {c:?}; an open enum value may hold only ASCII letters, digits, `_`, `.` and `-` (its Rust variant name is derived from it)"
        ));
    }
    let mut name = String::new();
    for part in wire.split(['_', '.', '-']).filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        let first = chars.next().expect("non-empty part");
        name.push(first.to_ascii_uppercase());
        name.extend(chars.map(|c| c.to_ascii_lowercase()));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!(
            "the value {wire:?} gives the Rust variant name {name:?}, which is not an identifier; it must start with a letter"
        ));
    }
    if name == "Other" || name == "Self" {
        return Err(format!(
            "the value {wire:?} gives the Rust variant name `{name}`, which is reserved (`Other` holds unknown values; `Self` is a keyword)"
        ));
    }
    Ok(name)
}

/// Every schema with `x-open-enum`, in schema-name order, each checked:
/// a `type: string` schema with a description and a non-empty list of
/// distinct strings that give distinct, valid variant names.
pub fn open_enums(spec: &LoadedSpec) -> Result<Vec<OpenEnum>, SpecError> {
    let err = |location: String, message: String| SpecError {
        file: spec.file.clone(),
        location,
        message,
    };
    let Some(schemas) = spec.json["components"]["schemas"].as_object() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, schema) in schemas {
        let Some(list) = schema.get("x-open-enum") else {
            continue;
        };
        let at = format!("#/components/schemas/{}", escape_pointer(name));
        if schema.get("type").and_then(Value::as_str) != Some("string") {
            return Err(err(
                at,
                "a schema with `x-open-enum` must be `type: string` (it becomes an open string enum)".into(),
            ));
        }
        let Some(description) = schema.get("description").and_then(Value::as_str) else {
            return Err(err(
                at,
                "a schema with `x-open-enum` needs a `description` (it documents the Rust type)"
                    .into(),
            ));
        };
        let Some(items) = list.as_array().filter(|a| !a.is_empty()) else {
            return Err(err(
                format!("{at}/x-open-enum"),
                "`x-open-enum` must be a non-empty list of the known string values".into(),
            ));
        };
        let mut values: Vec<(String, String)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let here = format!("{at}/x-open-enum/{i}");
            let Some(wire) = item.as_str() else {
                return Err(err(
                    here,
                    format!("`x-open-enum` values must be strings; found {item}; quote it"),
                ));
            };
            let variant = variant_name(wire)
                .map_err(|m| err(here.clone(), format!("{m}; rename or drop it")))?;
            if let Some((_, earlier)) = values.iter().find(|(v, _)| *v == variant) {
                let what = if earlier == wire {
                    format!("the value {wire:?} is listed twice; drop one")
                } else {
                    format!(
                        "the values {earlier:?} and {wire:?} both give the Rust variant name `{variant}`; the names must differ"
                    )
                };
                return Err(err(here, what));
            }
            values.push((variant, wire.to_string()));
        }
        out.push(OpenEnum {
            name: name.clone(),
            description: description.to_string(),
            values,
        });
    }
    Ok(out)
}

/// The text of the generated open-enum file.
pub fn render(enums: &[OpenEnum]) -> String {
    let mut s = format!(
        "{GENERATED_HEADER}\n// source: {SPEC_PATH} (every schema with `x-open-enum`).\n// Change the spec, then run `cargo xtask generate`.\n\n//! The open enums of the spec, one per schema with `x-open-enum`; the\n//! `open_enum!` macro that expands them is in `open_enums.rs`.\n"
    );
    for e in enums {
        s.push_str("\nopen_enum! {\n");
        for line in e.description.lines() {
            push_doc(&mut s, "    ", line);
        }
        s.push_str(&format!("    {} {{\n", e.name));
        for (variant, wire) in &e.values {
            push_doc(&mut s, "        ", &format!("The wire value `{wire}`."));
            s.push_str(&format!("        {variant} => {wire:?},\n"));
        }
        s.push_str("    }\n}\n");
    }
    s
}

fn push_doc(s: &mut String, indent: &str, line: &str) {
    let line = line.trim_end();
    if line.is_empty() {
        s.push_str(&format!("{indent}///\n"));
    } else {
        s.push_str(&format!("{indent}/// {line}\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_follow_the_rule() {
        for (wire, name) in [
            ("html5_inicis", "Html5Inicis"),
            ("payment.scheduled", "PaymentScheduled"),
            ("KRW", "Krw"),
            ("nice_v2", "NiceV2"),
            ("kakaopay", "Kakaopay"),
            ("a-b", "AB"),
        ] {
            assert_eq!(variant_name(wire).as_deref(), Ok(name), "{wire}");
        }
    }

    #[test]
    fn values_that_make_no_identifier_are_refused() {
        for (wire, says) in [
            ("3ds", "must start with a letter"),
            ("", "must start with a letter"),
            ("__", "must start with a letter"),
            ("새", "only ASCII"),
            ("a b", "only ASCII"),
            ("other", "reserved"),
            ("self", "reserved"),
        ] {
            let e = variant_name(wire).unwrap_err();
            assert!(e.contains(says), "{wire}: {e}");
        }
    }

    fn spec_with(list: &str) -> LoadedSpec {
        let text = format!(
            "openapi: 3.0.3\ninfo:\n  title: t\n  version: \"1\"\npaths: {{}}\ncomponents:\n  schemas:\n    Mode:\n      type: string\n      description: A mode.\n      x-open-enum: {list}\n"
        );
        crate::spec::parse(std::path::Path::new("t.yaml"), &text).expect("loads")
    }

    #[test]
    fn a_bad_list_is_located_at_the_value() {
        let e = open_enums(&spec_with("[on, off, \"on\"]")).unwrap_err();
        assert_eq!(e.location, "#/components/schemas/Mode/x-open-enum/2");
        assert!(e.message.contains("listed twice"), "{e}");
        let e = open_enums(&spec_with("[a_b, a.b]")).unwrap_err();
        assert_eq!(e.location, "#/components/schemas/Mode/x-open-enum/1");
        assert!(
            e.message.contains("both give the Rust variant name `AB`"),
            "{e}"
        );
        let e = open_enums(&spec_with("[on, 2x]")).unwrap_err();
        assert_eq!(e.location, "#/components/schemas/Mode/x-open-enum/1");
        assert!(e.message.contains("\"2x\""), "{e}");
        let e = open_enums(&spec_with("[on, 3]")).unwrap_err();
        assert!(e.message.contains("must be strings"), "{e}");
        let e = open_enums(&spec_with("[]")).unwrap_err();
        assert_eq!(e.location, "#/components/schemas/Mode/x-open-enum");
    }

    #[test]
    fn a_good_list_renders_one_invocation() {
        let enums = open_enums(&spec_with("[on, off.now]")).unwrap();
        let text = render(&enums);
        assert!(text.starts_with(GENERATED_HEADER), "{text}");
        assert!(
            text.contains("    /// A mode.\n    Mode {\n        /// The wire value `on`.\n        On => \"on\",\n"),
            "{text}"
        );
        assert!(text.contains("        OffNow => \"off.now\",\n"), "{text}");
    }
}
