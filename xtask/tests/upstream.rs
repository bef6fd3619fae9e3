//! `cargo xtask upstream`: the base fixture against small Swagger 2.0
//! documents shaped like the official one (formData parameters, string
//! `maxLength`, `extra` typed as an array without items, `allOf` envelopes).

mod common;

use serde_json::Value;
use xtask::upstream::{self, Difference, Severity};

fn official(name: &str) -> Value {
    let text = std::fs::read_to_string(common::fixture(&format!("upstream/{name}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn compare(name: &str) -> Vec<Difference> {
    common::compare(&common::load("base.yaml"), &official(name)).expect("a Swagger 2.0 document")
}

fn of(diffs: &[Difference], severity: Severity) -> Vec<(String, String)> {
    diffs
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| (d.operation.clone(), d.field.clone()))
        .collect()
}

fn pair(op: &str, field: &str) -> (String, String) {
    (op.to_string(), field.to_string())
}

const CANCEL: &str = "POST /orders/cancel";
const GET: &str = "GET /orders/{order_id}";

#[test]
fn matching_document_needs_no_action_and_reports_the_quirks() {
    let d = compare("matching");
    assert!(!upstream::needs_action(&d), "{d:#?}");
    assert_eq!(of(&d, Severity::Lacking), vec![]);
    assert_eq!(of(&d, Severity::Type), vec![]);
    // `extra` is an array without items there and an object here.
    assert_eq!(of(&d, Severity::Quirk), vec![pair(CANCEL, "request extra")]);
    // Operations are matched by method and path, not by operationId
    // (getOrderById there, getOrder here).
    assert!(d.iter().all(|x| x.field != "operation"), "{d:#?}");
}

#[test]
fn string_max_length_is_read_as_a_number() {
    let d = compare("matching");
    let lengths: Vec<&Difference> = d
        .iter()
        .filter(|x| x.severity == Severity::Length)
        .collect();
    // order_id: "32" (a string) there, 40 here; reason: 256 (a number) on
    // both sides, so no line.
    assert_eq!(lengths.len(), 1, "{d:#?}");
    assert_eq!(lengths[0].field, "request order_id");
    assert_eq!(lengths[0].message, "official maxLength 32; ours 40");
    assert_eq!(upstream::length(&Value::from("32")), Some(32));
    assert_eq!(upstream::length(&Value::from(16)), Some(16));
}

#[test]
fn required_differences_are_information() {
    let d = compare("matching");
    assert_eq!(
        of(&d, Severity::Required),
        vec![
            pair(GET, "response 200 code"),
            pair(GET, "response 200 response.memo"),
            pair(CANCEL, "request order_id"),
            pair(CANCEL, "response 200 code"),
            pair(CANCEL, "response 200 response.memo"),
        ]
    );
}

#[test]
fn fields_parameters_and_statuses_we_lack() {
    let d = compare("newer");
    assert!(upstream::needs_action(&d));
    let mut lacking = of(&d, Severity::Lacking);
    lacking.sort();
    assert_eq!(
        lacking,
        vec![
            pair(GET, "parameter include_deleted"),
            pair(GET, "response 200 response.sandbox"),
            pair(GET, "response 404"),
            pair(CANCEL, "request notify"),
            pair(CANCEL, "response 200 response.sandbox"),
        ]
    );
}

#[test]
fn types_that_disagree() {
    let d = compare("types");
    assert!(upstream::needs_action(&d));
    let types: Vec<(String, String, String)> = d
        .iter()
        .filter(|x| x.severity == Severity::Type)
        .map(|x| (x.operation.clone(), x.field.clone(), x.message.clone()))
        .collect();
    assert_eq!(
        types,
        vec![
            (
                GET.into(),
                "response 200 response.paid_at".into(),
                "official: string; ours: integer".into()
            ),
            (
                CANCEL.into(),
                "request amount".into(),
                "official: string; ours: number".into()
            ),
            (
                CANCEL.into(),
                "response 200 response.paid_at".into(),
                "official: string; ours: integer".into()
            ),
        ]
    );
}

#[test]
fn fields_only_we_have() {
    // An official document without `memo`: ours shows as ours-only, which
    // needs no action.
    let mut older = official("matching");
    older["definitions"]["OrderAnnotation"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("memo");
    let d = common::compare(&common::load("base.yaml"), &older).unwrap();
    assert_eq!(
        of(&d, Severity::Extra),
        vec![
            pair(GET, "response 200 response.memo"),
            pair(CANCEL, "response 200 response.memo")
        ]
    );
    assert!(!upstream::needs_action(&d));
}

#[test]
fn only_swagger_2_is_accepted() {
    let ours = common::load("base.yaml");
    let err = common::compare(&ours, &ours).unwrap_err();
    assert!(err.contains("not Swagger 2.0"), "{err}");
}

#[test]
fn command_report_and_exit_codes() {
    let root = common::temp_root("upstream-cmd", &common::fixture("base.yaml"), "0.1.0");
    let file = common::fixture("upstream/matching.json");
    let out = common::xtask(&root, &["upstream", file.to_str().unwrap()]);
    let text = common::stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("\nPOST /orders/cancel\n  quirk     request extra: official: `array` without `items`; ours: object"), "{text}");
    assert!(
        text.contains("summary: 0 lacking, 0 type disagreement(s)"),
        "{text}"
    );

    let file = common::fixture("upstream/newer.json");
    let out = common::xtask(&root, &["upstream", file.to_str().unwrap()]);
    let text = common::stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("  LACKING   request notify: the official document has this request field (boolean), our spec lacks it"), "{text}");

    let out = common::xtask(&root, &["upstream"]);
    assert_eq!(out.status.code(), Some(2));
}
