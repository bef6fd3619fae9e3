//! Where in the spec progenitor fails: its panics and errors name no place.

use progenitor::GenerationSettings;
use serde_json::{Value, json};

use super::run_progenitor;
use crate::model::{Method, escape_pointer};
use crate::spec::LoadedSpec;

/// A part of the spec that can be taken out of a copy without breaking
/// anything else.
enum Part {
    /// A component schema, blanked to `{}` (references to it stay valid).
    Schema(String),
    /// A shared response, reduced to a description (removing it would
    /// break the references to it, a failure of its own).
    Response(String),
    /// One operation, removed.
    Operation(String, &'static str),
    /// A whole path item, removed: a fault outside its operations (the
    /// item's parameters, a `$ref` in its place) is found there.
    PathItem(String),
}

impl Part {
    fn pointer(&self) -> String {
        match self {
            Part::Schema(n) => format!("#/components/schemas/{}", escape_pointer(n)),
            Part::Response(n) => format!("#/components/responses/{}", escape_pointer(n)),
            Part::Operation(p, m) => format!("#/paths/{}/{m}", escape_pointer(p)),
            Part::PathItem(p) => format!("#/paths/{}", escape_pointer(p)),
        }
    }

    fn take_out(&self, doc: &mut Value) {
        match self {
            Part::Schema(n) => doc["components"]["schemas"][n] = json!({}),
            Part::Response(n) => doc["components"]["responses"][n] = json!({"description": "-"}),
            Part::Operation(p, m) => {
                if let Some(item) = doc["paths"][p].as_object_mut() {
                    item.remove(*m);
                }
            }
            Part::PathItem(p) => {
                if let Some(paths) = doc["paths"].as_object_mut() {
                    paths.remove(p);
                }
            }
        }
    }
}

/// Schemas, responses, operations, then whole path items.
fn parts(spec: &Value) -> Vec<Part> {
    let keys = |pointer: &str| -> Vec<String> {
        spec.pointer(pointer)
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut parts: Vec<Part> = keys("/components/schemas")
        .into_iter()
        .map(Part::Schema)
        .collect();
    parts.extend(
        keys("/components/responses")
            .into_iter()
            .map(Part::Response),
    );
    let paths = keys("/paths");
    for path in &paths {
        for method in Method::ALL {
            if spec["paths"][path].get(method.as_str()).is_some() {
                parts.push(Part::Operation(path.clone(), method.as_str()));
            }
        }
    }
    parts.extend(paths.into_iter().map(Part::PathItem));
    parts
}

/// progenitor's verdict on a document: `None` for success, else its error
/// or panic message; `Some("")` when it is no OpenAPI document at all.
fn outcome(settings: &GenerationSettings, doc: Value) -> Option<String> {
    let Ok(openapi) = serde_json::from_value::<openapiv3::OpenAPI>(doc) else {
        return Some(String::new());
    };
    match run_progenitor(settings, &openapi) {
        Ok(Ok(_)) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(panic) => Some(panic),
    }
}

/// Finds the part of the spec that makes progenitor fail with `failure`
/// (its error or panic message), as a JSON pointer:
/// 1. the first part (see [`parts`]) whose absence from a copy changes the
///    outcome: generation succeeds, or fails differently. "Differently"
///    matters when several parts are broken: taking out the one progenitor
///    stumbled on first does not make it succeed, but changes its message;
/// 2. else, when several parts fail with the same message, the parts are
///    taken out one after another from the same copy, and the one after
///    which generation succeeds is reported: it is broken itself;
/// 3. else `#`.
///
/// Only runs on the failure path: at most two generations per part.
pub(super) fn locate_failure(
    settings: &GenerationSettings,
    spec: &LoadedSpec,
    failure: &str,
) -> String {
    let parts = parts(&spec.json);
    for part in &parts {
        let mut doc = spec.json.clone();
        part.take_out(&mut doc);
        let result = outcome(settings, doc);
        if result.as_deref() != Some(failure) && result.as_deref() != Some("") {
            return part.pointer();
        }
    }
    let mut doc = spec.json.clone();
    for part in &parts {
        part.take_out(&mut doc);
        if outcome(settings, doc.clone()).is_none() {
            return part.pointer();
        }
    }
    "#".into()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::spec::LoadedSpec;
    use crate::{SPEC_PATH, workspace_root};

    /// The real spec with `exclusiveMinimum: true` (and no `minimum`) on the
    /// `amount` of each schema named: progenitor 0.15.1 panics on each with
    /// the same `todo!` message.
    fn broken(schemas: &[&str]) -> LoadedSpec {
        let text = std::fs::read_to_string(workspace_root().join(SPEC_PATH)).unwrap();
        let mut json: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        for s in schemas {
            json["components"]["schemas"][s]["properties"]["amount"]["exclusiveMinimum"] =
                serde_json::json!(true);
        }
        LoadedSpec {
            file: Path::new(SPEC_PATH).to_path_buf(),
            openapi: serde_json::from_value(json.clone()).unwrap(),
            json,
            samples: None,
        }
    }

    #[test]
    fn one_broken_schema_is_found() {
        let e = crate::generate::generate_client(&broken(&["PaymentCancellation"])).unwrap_err();
        assert_eq!(
            e.location, "#/components/schemas/PaymentCancellation",
            "{e}"
        );
    }

    /// Found by the property test (xtask/tests/prop_spec.rs): with two
    /// parts broken alike, taking out either one left the same failure,
    /// and the error said `#`.
    #[test]
    fn two_parts_broken_alike_are_located_at_one_of_them() {
        let e = crate::generate::generate_client(&broken(&["CancelPaymentRequest", "Payment"]))
            .unwrap_err();
        assert!(
            [
                "#/components/schemas/CancelPaymentRequest",
                "#/components/schemas/Payment"
            ]
            .contains(&e.location.as_str()),
            "{e}"
        );
        assert!(
            e.message.contains("exclusive_minimum set without minimum"),
            "{e}"
        );
    }
}
