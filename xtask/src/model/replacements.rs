//! The schemas whose generated type is swapped for a hand-written one in
//! `crates/portone-v1/src`: what `generate` tells progenitor and what
//! `lint` refuses `nullable` on (a replaced target drops it silently).

use serde_json::Value;

/// Schemas swapped for a hand-written type, and why:
///
/// - `Amount`: money must be an exact decimal, not `f64`.
/// - `ImpSecret`, `AccessTokenValue`: secrets must not show in `Debug`.
///
/// The open enums are swapped too, but they are not listed here: every
/// schema with `x-open-enum` is (see [`replacements_of`]).
pub const HAND_WRITTEN: &[(&str, &str)] = &[
    ("Amount", "crate::money::Amount"),
    ("ImpSecret", "crate::secret::SecretString"),
    ("AccessTokenValue", "crate::secret::SecretString"),
];

/// Every replacement of a document: [`HAND_WRITTEN`], then each schema with
/// `x-open-enum` swapped for `crate::open_enums::<Name>` (generated into
/// [`OPEN_ENUMS_PATH`](crate::OPEN_ENUMS_PATH)), since a typify enum would
/// reject a value the spec does not list, where the open enum keeps it in
/// `Other`.
pub fn replacements_of(doc: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = HAND_WRITTEN
        .iter()
        .map(|(s, r)| (s.to_string(), r.to_string()))
        .collect();
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            if schema.get("x-open-enum").is_some() {
                out.push((name.clone(), format!("crate::open_enums::{name}")));
            }
        }
    }
    out
}
