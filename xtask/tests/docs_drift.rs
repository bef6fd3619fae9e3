//! The docs as generated: part of the generated set, deterministic, marked,
//! and the refund call's and the webhook's sections of the reference as
//! reviewed (snapshots);
//! the outcome table names variants the client has.
//!
//! That the committed docs are fresh is `generated_files.rs`'s check; that
//! the docs agree with the Rust types is `tests/docs_drift.rs` of the
//! workspace tests (it needs the client crate).

mod common;

use common::real_spec as spec;
use xtask::docs;

/// Whether the committed docs are fresh is checked with every other
/// generated file (`generated_files.rs`, `cargo xtask check`), because they
/// are part of the generated set.
#[test]
fn docs_are_part_of_the_generated_set() {
    let spec = spec();
    let files = docs::generate(&spec.model()).expect("docs generate");
    let all = xtask::generate::generate_all(&spec).expect("generate_all");
    for f in &files {
        assert!(
            all.iter().any(|g| g.path == f.path),
            "{} is missing from generate_all",
            f.path
        );
    }
}

#[test]
fn generation_is_deterministic_and_marked() {
    let spec = spec();
    let first = docs::generate(&spec.model()).unwrap();
    let second = docs::generate(&spec.model()).unwrap();
    assert_eq!(first, second, "two generations differ");
    for f in &first {
        let head: String = f.contents.chars().take(200).collect();
        assert!(
            head.contains(docs::DOCS_MARKER),
            "{} lacks the generated marker near its start",
            f.path
        );
        assert!(
            f.contents.ends_with('\n'),
            "{} lacks a final newline",
            f.path
        );
    }
    let names: Vec<&str> = first.iter().map(|f| f.path.as_str()).collect();
    insta::assert_snapshot!("docs_files", names.join("\n"));
}

/// reference.md as `cargo xtask generate` writes it for the committed spec.
fn reference_md() -> String {
    docs::generate(&spec().model())
        .unwrap()
        .into_iter()
        .find(|f| f.path == "docs/reference.md")
        .expect("reference.md is generated")
        .contents
}

/// The refund call's section of reference.md: the part merchants read most.
#[test]
fn cancel_section_of_the_reference() {
    let reference = &reference_md();
    let start = reference
        .find("<a id=\"op-cancelpayment\">")
        .expect("cancelPayment has an anchor");
    let end = reference[start..]
        .find("#### Examples")
        .map(|i| start + i)
        .expect("the section has examples");
    insta::assert_snapshot!("reference_cancel_payment", &reference[start..end]);
}

/// The webhook's section of reference.md, up to its examples: what a
/// merchant's server receives and answers (the examples and samples are
/// checked by `samples.rs` and run by the doc_samples test).
#[test]
fn webhook_section_of_the_reference() {
    let reference = &reference_md();
    let contents = reference
        .find("- [Webhooks](#webhooks)")
        .expect("the contents list the webhooks");
    assert!(
        reference[contents..]
            .starts_with("- [Webhooks](#webhooks)\n  - [`paymentNotice`](#webhook-paymentnotice)"),
        "{}",
        &reference[contents..contents + 120]
    );
    let start = reference
        .find("<a id=\"webhook-paymentnotice\">")
        .expect("paymentNotice has an anchor");
    let end = reference[start..]
        .find("#### Examples")
        .map(|i| start + i)
        .expect("the section has examples");
    insta::assert_snapshot!("reference_payment_notice", &reference[start..end]);
}

#[test]
fn outcomes_name_variants_that_exist_in_the_client() {
    // error.rs and the files of the errors it re-exports (`*_error.rs`).
    let path = xtask::workspace_root().join("crates/portone-v1/src/error.rs");
    let mut source = std::fs::read_to_string(&path).expect("error.rs exists");
    for entry in std::fs::read_dir(path.parent().unwrap()).unwrap() {
        let file = entry.unwrap().path();
        if file.to_string_lossy().ends_with("_error.rs") {
            source.push_str(&std::fs::read_to_string(&file).unwrap());
        }
    }
    let variants = docs::outcomes::named_variants();
    assert!(variants.len() >= 5, "too few variants parsed: {variants:?}");
    for v in variants {
        let (ty, variant) = v.split_once("::").unwrap();
        assert!(
            source.contains(&format!("pub enum {ty} ")),
            "docs name `{v}`, but {} has no `enum {ty}`: update xtask/src/docs/outcomes.rs",
            path.display()
        );
        let enum_body = source.split(&format!("pub enum {ty} ")).nth(1).unwrap();
        let enum_body = &enum_body[..enum_body.find("\n}").unwrap_or(enum_body.len())];
        assert!(
            enum_body.contains(&format!("    {variant}("))
                || enum_body.contains(&format!("    {variant} {{")),
            "docs name `{v}`, but `{ty}` has no such variant: update xtask/src/docs/outcomes.rs"
        );
    }
}
