//! Drift check 1: the meaning of the spec.
//!
//! `xtask::summary::summarize` renders every operation, parameter, schema and
//! field (type, format, required, nullable, constraints, enum values, `$ref`
//! targets) as sorted text. Any change of the spec's meaning moves this
//! snapshot: review it with `cargo insta review` and accept only what you
//! meant. Rewording a description does not move it.

mod common;

#[test]
fn spec_meaning_is_unchanged() {
    let summary = xtask::summary::summarize(&common::real_spec().model());
    insta::assert_snapshot!("spec_summary", summary);
}

#[test]
fn summary_covers_every_operation_and_schema() {
    // Guards the summary itself: if it silently dropped an operation or a
    // schema, the snapshot above would stop protecting it.
    let spec = common::real_spec();
    let summary = xtask::summary::summarize(&spec.model());
    for (path, item) in spec.json["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            let head = format!("operation {} {path}", method.to_uppercase());
            assert!(summary.contains(&head), "summary lacks `{head}`");
        }
    }
    for name in spec.json["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
    {
        let head = format!("\nschema {name}:");
        assert!(summary.contains(&head), "summary lacks schema {name}");
    }
}
