//! `cargo xtask diff`: one spec pair per rule (`fixtures/base.yaml` against
//! `fixtures/diff/<rule>.yaml`), the semver bump, the changelog, the command.

mod common;

use std::process::Command;

use xtask::diff::{self, Bump, Change, Kind, Version};

/// The non-documentation changes from the base to `fixtures/diff/<name>.yaml`.
fn changes(name: &str) -> Vec<Change> {
    common::diff(
        &common::load("base.yaml"),
        &common::load(&format!("diff/{name}.yaml")),
    )
}

fn code_changes(name: &str) -> Vec<(Kind, &'static str, String)> {
    changes(name)
        .into_iter()
        .filter(|c| c.kind != Kind::Docs)
        .map(|c| (c.kind, c.rule, c.what))
        .collect()
}

fn expect(name: &str, kind: Kind, rule: &'static str, what: &str) {
    assert_eq!(
        code_changes(name),
        vec![(kind, rule, what.to_string())],
        "pair {name}"
    );
}

const V010: Version = Version {
    major: 0,
    minor: 1,
    patch: 0,
};

#[test]
fn identical_specs_have_no_change() {
    assert_eq!(changes("../base"), vec![]);
    let root = xtask::workspace_root();
    let spec = xtask::spec::load(&root.join(xtask::SPEC_PATH)).unwrap();
    assert_eq!(common::diff(&spec.json, &spec.json), vec![]);
}

#[test]
fn breaking_operation_removed() {
    expect(
        "operation-removed",
        Kind::Breaking,
        "operation-removed",
        "getOrder",
    );
}

#[test]
fn breaking_field_removed() {
    expect(
        "field-removed",
        Kind::Breaking,
        "field-removed",
        "Order.memo",
    );
}

#[test]
fn breaking_type_changed() {
    expect(
        "type-changed",
        Kind::Breaking,
        "type-changed",
        "Order.paid_at",
    );
}

#[test]
fn breaking_request_field_became_required() {
    expect(
        "request-field-required",
        Kind::Breaking,
        "request-field-required",
        "CancelOrderRequest.reason",
    );
}

#[test]
fn breaking_request_enum_value_removed() {
    expect(
        "enum-value-removed",
        Kind::Breaking,
        "enum-value-removed",
        "Requester",
    );
}

#[test]
fn breaking_tighter_length() {
    expect(
        "length-tighter",
        Kind::Breaking,
        "length-tighter",
        "CancelOrderRequest.reason",
    );
}

#[test]
fn breaking_response_field_became_optional() {
    expect(
        "response-field-optional",
        Kind::Breaking,
        "response-field-optional",
        "Order.paid_at",
    );
}

#[test]
fn breaking_response_field_became_nullable() {
    expect(
        "response-field-nullable",
        Kind::Breaking,
        "response-field-optional",
        "Order.paid_at",
    );
}

/// `T` → `Option<T>` through the spec's nullable reference
/// (`anyOf: [{$ref}, {enum: [null]}]`), not only through `nullable` on a type.
#[test]
fn breaking_response_ref_became_nullable_through_the_wrapper() {
    expect(
        "response-field-nullable-ref",
        Kind::Breaking,
        "response-field-optional",
        "Order.status",
    );
    // A bare `$ref` (which the house rules no longer allow for a property,
    // but older specs and `items` have) becoming nullable is the same.
    let mut bare = common::load("base.yaml");
    *bare
        .pointer_mut("/components/schemas/Order/properties/status")
        .unwrap() = serde_json::json!({"$ref": "#/components/schemas/OrderStatus"});
    let found: Vec<(Kind, &str)> = common::diff(
        &bare,
        &common::load("diff/response-field-nullable-ref.yaml"),
    )
    .into_iter()
    .filter(|c| c.kind != Kind::Docs)
    .map(|c| (c.kind, c.rule))
    .collect();
    assert_eq!(found, vec![(Kind::Breaking, "response-field-optional")]);
    // Rewrapping a bare `$ref` as a described `allOf: [$ref]` (same type)
    // is documentation only, not an unclassified change.
    let rewrapped: Vec<(Kind, &str)> = common::diff(&bare, &common::load("base.yaml"))
        .into_iter()
        .map(|c| (c.kind, c.rule))
        .collect();
    assert_eq!(rewrapped, vec![(Kind::Docs, "docs")]);
    // And back: the null member removed is `nullable-removed`.
    let back: Vec<(Kind, &str)> = common::diff(
        &common::load("diff/response-field-nullable-ref.yaml"),
        &common::load("base.yaml"),
    )
    .into_iter()
    .filter(|c| c.kind != Kind::Docs)
    .map(|c| (c.kind, c.rule))
    .collect();
    assert_eq!(back, vec![(Kind::Breaking, "nullable-removed")]);
}

/// Removing a string's only constraint turns its generated newtype into
/// `String`: a type change, not a looser length.
#[test]
fn breaking_last_string_constraint_removed() {
    expect(
        "constraint-removed",
        Kind::Breaking,
        "type-changed",
        "CancelOrderRequest.reason",
    );
}

/// The hand-written open enum mirrors `x-open-enum`, so a dropped value
/// drops a public variant.
#[test]
fn breaking_open_enum_value_removed() {
    expect(
        "open-enum-value-removed",
        Kind::Breaking,
        "open-enum-value-removed",
        "OrderStatus",
    );
}

#[test]
fn compatible_new_optional_request_field() {
    expect(
        "request-field-added",
        Kind::Added,
        "request-field-added",
        "CancelOrderRequest.notify",
    );
}

#[test]
fn compatible_new_response_field() {
    expect(
        "response-field-added",
        Kind::Added,
        "response-field-added",
        "Order.sandbox",
    );
}

#[test]
fn compatible_new_open_enum_value() {
    expect(
        "open-enum-value-added",
        Kind::Added,
        "open-enum-value-added",
        "OrderStatus",
    );
}

#[test]
fn documentation_only() {
    let all = changes("docs");
    assert!(!all.is_empty());
    assert!(
        all.iter().all(|c| c.kind == Kind::Docs && c.rule == "docs"),
        "{all:#?}"
    );
    let whats: Vec<&str> = all.iter().map(|c| c.what.as_str()).collect();
    assert!(
        whats.contains(&"CancelOrderRequest.reason description"),
        "{whats:?}"
    );
    assert_eq!(diff::implied_bump(&all, V010).0, Bump::Patch);
}

/// Reversing a compatible pair makes it breaking, and vice versa: the
/// direction of the change matters, not just that something differs.
#[test]
fn direction_matters() {
    let base = common::load("base.yaml");
    let added = common::load("diff/response-field-added.yaml");
    let back: Vec<(Kind, &str)> = common::diff(&added, &base)
        .into_iter()
        .filter(|c| c.kind != Kind::Docs)
        .map(|c| (c.kind, c.rule))
        .collect();
    assert_eq!(back, vec![(Kind::Breaking, "field-removed")]);
    let tighter = common::load("diff/length-tighter.yaml");
    let looser: Vec<(Kind, &str)> = common::diff(&tighter, &base)
        .into_iter()
        .map(|c| (c.kind, c.rule))
        .collect();
    assert_eq!(looser, vec![(Kind::Changed, "length-looser")]);
}

#[test]
fn semver_rules() {
    let one = |kind| Change {
        kind,
        rule: "r",
        what: "w".into(),
        pointer: "#".into(),
        message: "m".into(),
    };
    let v = |s| Version::parse(s).unwrap();
    let cases = [
        (Kind::Breaking, "0.1.3", Bump::Minor, "0.2.0"),
        (Kind::Added, "0.1.3", Bump::Patch, "0.1.4"),
        (Kind::Docs, "0.1.3", Bump::Patch, "0.1.4"),
        (Kind::Breaking, "1.2.3", Bump::Major, "2.0.0"),
        (Kind::Added, "1.2.3", Bump::Minor, "1.3.0"),
        (Kind::Changed, "1.2.3", Bump::Patch, "1.2.4"),
    ];
    for (kind, current, bump, next) in cases {
        let (b, n, _) = diff::implied_bump(&[one(Kind::Docs), one(kind)], v(current));
        assert_eq!(
            (b, n.to_string()),
            (bump, next.to_string()),
            "{kind:?} at {current}"
        );
    }
    assert_eq!(diff::implied_bump(&[], V010).0, Bump::None);
    assert_eq!(Version::parse("1.2"), None);
    assert_eq!(
        Version::parse("0.3.1-rc.1"),
        Some(Version {
            major: 0,
            minor: 3,
            patch: 1
        })
    );
}

#[test]
fn changelog_entry_names_sections_and_the_bump() {
    let all = changes("field-removed");
    let md = diff::changelog(&all, V010, "old.yaml", "new.yaml");
    assert!(md.starts_with("## portone-v1 0.2.0\n"), "{md}");
    assert!(md.contains("while the major version is 0"), "{md}");
    assert!(md.contains("### Breaking\n\n- `Order.memo`: "), "{md}");
    assert!(!md.contains("### Added"), "{md}");
    let md = diff::changelog(&changes("request-field-added"), V010, "a", "b");
    assert!(md.starts_with("## portone-v1 0.1.1\n"), "{md}");
    assert!(
        md.contains("### Added\n\n- `CancelOrderRequest.notify`"),
        "{md}"
    );
    assert!(
        !md.contains("### Docs"),
        "the new field's description goes with it: {md}"
    );
    let md = diff::changelog(&changes("docs"), V010, "a", "b");
    assert!(md.contains("### Docs\n\n- "), "{md}");
    let md = diff::changelog(&[], V010, "a", "b");
    assert!(md.contains("(unchanged)"), "{md}");
}

#[test]
fn the_crate_version_is_read_from_the_workspace() {
    let v = diff::workspace_version(&xtask::workspace_root()).expect("portone-v1 has a version");
    let manifest = std::fs::read_to_string(xtask::workspace_root().join("Cargo.toml")).unwrap();
    assert!(manifest.contains(&format!("version = \"{v}\"")), "{v}");
}

#[test]
fn command_exits_1_on_breaking_unless_allowed() {
    let root = common::temp_root("diff-cmd", &common::fixture("base.yaml"), "0.4.2");
    let base = common::fixture("base.yaml");
    let base = base.to_str().unwrap();
    let breaking = common::fixture("diff/field-removed.yaml");
    let breaking = breaking.to_str().unwrap();

    let out = common::xtask(&root, &["diff", base, breaking]);
    assert_eq!(out.status.code(), Some(1));
    assert!(common::stdout(&out).starts_with("## portone-v1 0.5.0\n"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-breaking"));

    let out = common::xtask(&root, &["diff", base, breaking, "--allow-breaking"]);
    assert_eq!(out.status.code(), Some(0));

    // NEW defaults to the working tree's spec (here: the base itself).
    let added = common::fixture("diff/response-field-added.yaml");
    let out = common::xtask(&root, &["diff", added.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stdout(&out));
    assert!(common::stdout(&out).contains("`Order.sandbox`: field removed"));

    let out = common::xtask(&root, &["diff"]);
    assert_eq!(out.status.code(), Some(2));
    let out = common::xtask(&root, &["diff", "no-such-revision-or-file"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("neither a spec file nor a git revision")
    );
}

#[test]
fn old_can_be_a_git_revision() {
    let root = common::temp_root("diff-git", &common::fixture("base.yaml"), "0.1.0");
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(&*root)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "spec/portone-v1.yaml"]);
    git(&["commit", "-q", "-m", "base"]);
    std::fs::copy(
        common::fixture("diff/open-enum-value-added.yaml"),
        root.join(xtask::SPEC_PATH),
    )
    .unwrap();
    let out = common::xtask(&root, &["diff", "HEAD"]);
    let text = common::stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("from `HEAD:spec/portone-v1.yaml` to `spec/portone-v1.yaml (working tree)`"),
        "{text}"
    );
    assert!(
        text.contains("- `OrderStatus`: new known value(s) \"refunded\""),
        "{text}"
    );
    assert!(text.starts_with("## portone-v1 0.1.1\n"), "{text}");
}

/// The 2025-11 official change (`sandbox` in responses, `include_sandbox` on
/// the lookup), replayed on the real spec: both are compatible additions.
#[test]
fn replaying_a_real_api_change_on_the_real_spec() {
    let root = xtask::workspace_root();
    let new = xtask::spec::load(&root.join(xtask::SPEC_PATH))
        .unwrap()
        .json;
    let mut old = new.clone();
    old.pointer_mut("/components/schemas/Payment/properties")
        .and_then(|p| p.as_object_mut())
        .expect("Payment has properties")
        .remove("sandbox")
        .expect("Payment.sandbox exists");
    let params = old
        .pointer_mut("/paths/~1payments~1{imp_uid}/get/parameters")
        .and_then(|p| p.as_array_mut())
        .expect("getPayment has parameters");
    params.retain(|p| p["name"] != "include_sandbox");
    let found: Vec<(Kind, &str, String)> = common::diff(&old, &new)
        .into_iter()
        .map(|c| (c.kind, c.rule, c.what))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                Kind::Added,
                "response-field-added",
                "Payment.sandbox".to_string()
            ),
            (
                Kind::Added,
                "request-field-added",
                "getPayment(query:include_sandbox)".to_string()
            ),
        ]
    );
}

/// A change no rule knows (here: the server URL) is still reported, and
/// counts as breaking until a person has looked at it.
#[test]
fn unclassified_changes_are_still_reported() {
    let old = common::load("base.yaml");
    let mut new = old.clone();
    new["servers"][0]["url"] = "https://orders-v2.example.com".into();
    let found: Vec<(Kind, &str, String)> = common::diff(&old, &new)
        .into_iter()
        .map(|c| (c.kind, c.rule, c.pointer))
        .collect();
    assert_eq!(
        found,
        vec![(
            Kind::Breaking,
            "unclassified",
            "#/servers/0/url".to_string()
        )]
    );
}
