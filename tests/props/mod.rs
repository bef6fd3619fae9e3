//! What the property tests (`prop_*.rs`) share: the proptest configuration
//! and the published JSON Schemas (`docs/schemas/`), which are where the
//! tests read every limit and every field's type, so that nothing the spec
//! states is restated here.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jsonschema::{Retrieve, Uri, Validator};
use proptest::test_runner::{Config, FileFailurePersistence, contextualize_config};
use serde_json::Value;
use xtask::docs::json_schema::SCHEMA_ID_BASE;

/// `cases` per property unless `PROPTEST_CASES` (or any other `PROPTEST_*`
/// variable) says otherwise.
///
/// Failing cases are appended to `regressions` (a path below this package,
/// e.g. `proptest-regressions/prop_decode.txt`), which is committed and
/// replayed before any new case. The path is absolute (from
/// `CARGO_MANIFEST_DIR`), so it does not depend on the working directory
/// and never lands in `target/`. A clean checkout simply has no file yet;
/// a read-only tree only makes proptest print the seed line instead of
/// saving it (the failure itself is reported either way).
/// `PROPTEST_DISABLE_FAILURE_PERSISTENCE` turns saving off.
pub fn config(cases: u32, regressions: &'static str) -> Config {
    contextualize_config(Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions))),
        // Shrinking is bounded, so a failure is reported in seconds.
        max_shrink_iters: 2048,
        ..Config::default()
    })
}

/// Every `docs/schemas/<Name>.schema.json`, by name, read once.
pub fn schemas() -> &'static BTreeMap<String, Value> {
    static SCHEMAS: OnceLock<BTreeMap<String, Value>> = OnceLock::new();
    SCHEMAS.get_or_init(portone_v1_tests::published_schemas)
}

/// The published schema `name`.
pub fn schema(name: &str) -> &'static Value {
    schemas()
        .get(name)
        .unwrap_or_else(|| panic!("no docs/schemas/{name}.schema.json"))
}

/// The schema name a `$ref` between published files points at.
pub fn ref_name(reference: &str) -> &str {
    reference
        .strip_prefix(SCHEMA_ID_BASE)
        .unwrap_or(reference)
        .strip_suffix(".schema.json")
        .unwrap_or_else(|| panic!("unexpected $ref {reference}"))
}

/// Serves the published schemas by `$id`, so nothing is ever fetched.
struct LocalOnly;

impl Retrieve for LocalOnly {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        uri.as_str()
            .strip_prefix(SCHEMA_ID_BASE)
            .and_then(|rest| rest.strip_suffix(".schema.json"))
            .and_then(|name| schemas().get(name).cloned())
            .ok_or_else(|| format!("{uri} is not one of docs/schemas/*.schema.json").into())
    }
}

/// A validator for the published schema `name`.
pub fn validator(name: &str) -> Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_retriever(LocalOnly)
        .build(schema(name))
        .unwrap_or_else(|e| panic!("docs/schemas/{name}.schema.json does not compile: {e}"))
}
