//! How a generated flag of an object or array input reads its value: JSON,
//! into the client's type for it, so a mistake is refused before anything
//! is sent, with serde's words for where the value went wrong.

use serde::de::DeserializeOwned;

/// Parses a flag's JSON value.
// Used by the flags that `cargo xtask generate` writes for object and
// array inputs; the spec may have none at a given time.
#[allow(dead_code)]
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("not the JSON this flag takes: {e}"))
}
