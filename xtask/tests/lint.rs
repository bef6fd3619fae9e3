//! `cargo xtask lint`: the real spec is clean, the base fixture is clean, and
//! each rule fires on a fixture broken in exactly one way.

mod common;

use serde_json::{Value, json};
use xtask::lint::{self, Finding};

/// The base fixture with one edit applied, linted; `(pointer, rule)` pairs.
fn lint_with(edit: impl FnOnce(&mut Value)) -> Vec<(String, &'static str)> {
    let mut doc = common::load("base.yaml");
    edit(&mut doc);
    pairs(&common::lint(&doc))
}

fn pairs(findings: &[Finding]) -> Vec<(String, &'static str)> {
    findings
        .iter()
        .map(|f| (f.pointer.clone(), f.rule))
        .collect()
}

fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("fixture has {pointer}"))
}

fn one(pointer: &str, rule: &'static str) -> Vec<(String, &'static str)> {
    vec![(pointer.to_string(), rule)]
}

const ORDER: &str = "/components/schemas/Order";
const REQUEST: &str = "/components/schemas/CancelOrderRequest";

#[test]
fn the_real_spec_follows_every_house_rule() {
    let root = xtask::workspace_root();
    let spec = xtask::spec::load(&root.join(xtask::SPEC_PATH)).expect("the spec loads");
    let findings = lint::lint(&spec.model());
    let text: Vec<String> = findings.iter().map(ToString::to_string).collect();
    assert!(
        text.is_empty(),
        "cargo xtask lint findings:\n{}",
        text.join("\n")
    );
}

#[test]
fn the_base_fixture_is_clean() {
    assert_eq!(lint_with(|_| {}), vec![]);
}

#[test]
fn every_rule_is_documented_in_spec_readme() {
    let readme = std::fs::read_to_string(xtask::workspace_root().join("spec/README.md"))
        .expect("spec/README.md exists");
    for (id, why) in lint::RULES {
        assert!(
            readme.contains(&format!("`{id}`")),
            "spec/README.md lacks rule `{id}`"
        );
        assert!(!why.is_empty());
    }
}

#[test]
fn finding_prints_pointer_rule_message() {
    let f = Finding {
        pointer: "#/a".into(),
        rule: "described",
        message: "m".into(),
    };
    assert_eq!(f.to_string(), "#/a: described: m");
}

#[test]
fn operation_id_missing_duplicate_or_unsafe() {
    let get = "/paths/~1orders~1{order_id}/get";
    assert_eq!(
        lint_with(|d| {
            at(d, get).as_object_mut().unwrap().remove("operationId");
        }),
        one(&format!("#{get}"), "operation-id")
    );
    assert_eq!(
        lint_with(|d| *at(d, &format!("{get}/operationId")) = json!("cancelOrder")),
        one(&format!("#{get}/operationId"), "operation-id")
    );
    assert_eq!(
        lint_with(|d| *at(d, &format!("{get}/operationId")) = json!("get-order")),
        one(&format!("#{get}/operationId"), "operation-id")
    );
}

#[test]
fn described_needs_korean_and_english() {
    let memo = format!("{ORDER}/properties/memo");
    assert_eq!(
        lint_with(|d| {
            at(d, &memo).as_object_mut().unwrap().remove("description");
        }),
        one(&format!("#{memo}"), "described")
    );
    assert_eq!(
        lint_with(|d| *at(d, &format!("{memo}/description")) = json!("A note only in English.")),
        one(&format!("#{memo}/description"), "described")
    );
    assert_eq!(
        lint_with(|d| *at(d, &format!("{ORDER}/description")) = json!("주문 한 건.")),
        one(&format!("#{ORDER}/description"), "described")
    );
    let param = "/paths/~1orders~1{order_id}/get/parameters/1";
    assert_eq!(
        lint_with(|d| {
            at(d, param).as_object_mut().unwrap().remove("description");
        }),
        one(&format!("#{param}"), "described")
    );
}

#[test]
fn a_property_needs_its_own_description_even_as_a_ref() {
    // A bare $ref says nothing of what this field holds.
    assert_eq!(
        lint_with(|d| {
            *at(d, &format!("{ORDER}/properties/status")) =
                json!({"$ref": "#/components/schemas/OrderStatus"})
        }),
        one(&format!("#{ORDER}/properties/status"), "described")
    );
    // Wrapped in allOf without a description: the same finding.
    assert_eq!(
        lint_with(|d| {
            *at(d, &format!("{ORDER}/properties/status")) =
                json!({"allOf": [{"$ref": "#/components/schemas/OrderStatus"}]})
        }),
        one(&format!("#{ORDER}/properties/status"), "described")
    );
}

#[test]
fn request_strings_need_max_length() {
    assert_eq!(
        lint_with(|d| {
            at(d, &format!("{REQUEST}/properties/reason"))
                .as_object_mut()
                .unwrap()
                .remove("maxLength");
        }),
        one(
            &format!("#{REQUEST}/properties/reason"),
            "request-max-length"
        )
    );
    // A closed request enum is bounded by its values; without them it is not.
    assert_eq!(
        lint_with(|d| {
            at(d, "/components/schemas/Requester")
                .as_object_mut()
                .unwrap()
                .remove("enum");
        }),
        one("#/components/schemas/Requester", "request-max-length")
    );
}

/// A string schema shared by a request and a response cannot satisfy both
/// rule sets; a request-side `allOf` wrapper carrying `maxLength` can.
#[test]
fn a_shared_string_must_be_bounded_on_the_request_side() {
    let share = |d: &mut Value, request_side: Value| {
        at(d, "/components/schemas")
            .as_object_mut()
            .unwrap()
            .insert(
                "OrderId".into(),
                json!({"type": "string", "description": "주문 번호.\n\nAn order id."}),
            );
        *at(d, &format!("{ORDER}/properties/id")) = json!({
            "description": "주문 번호.\n\nThe order id.",
            "allOf": [{"$ref": "#/components/schemas/OrderId"}]
        });
        *at(d, &format!("{REQUEST}/properties/order_id")) = request_side;
    };
    let found = lint_with(|d| {
        share(
            d,
            json!({
                "description": "주문 번호.\n\nThe order id.",
                "allOf": [{"$ref": "#/components/schemas/OrderId"}]
            }),
        )
    });
    assert_eq!(
        found,
        one("#/components/schemas/OrderId", "request-max-length")
    );
    let wrapped = json!({
        "maxLength": 40,
        "description": "주문 번호.\n\nThe order id.",
        "allOf": [{"$ref": "#/components/schemas/OrderId"}]
    });
    assert_eq!(lint_with(|d| share(d, wrapped)), vec![]);
}

#[test]
fn response_schemas_stay_open_and_unconstrained() {
    assert_eq!(
        lint_with(|d| {
            at(d, ORDER)
                .as_object_mut()
                .unwrap()
                .insert("additionalProperties".into(), json!(false));
        }),
        one(
            &format!("#{ORDER}/additionalProperties"),
            "response-additional-properties"
        )
    );
    for (key, value) in [
        ("maxLength", json!(40)),
        ("minLength", json!(1)),
        ("pattern", json!("^o")),
    ] {
        let id = format!("{ORDER}/properties/id");
        assert_eq!(
            lint_with(|d| {
                at(d, &id)
                    .as_object_mut()
                    .unwrap()
                    .insert(key.into(), value);
            }),
            one(&format!("#{id}/{key}"), "response-constraint"),
            "{key}"
        );
    }
}

#[test]
fn response_enums_are_open() {
    let status = "/components/schemas/OrderStatus";
    assert_eq!(
        lint_with(|d| {
            let s = at(d, status).as_object_mut().unwrap();
            s.remove("x-open-enum");
            s.insert("enum".into(), json!(["paid", "cancelled"]));
        }),
        one(&format!("#{status}/enum"), "response-open-enum")
    );
}

#[test]
fn error_statuses_use_error_response() {
    let resp = "/paths/~1orders~1{order_id}/get/responses";
    assert_eq!(
        lint_with(|d| {
            at(d, resp)
                .as_object_mut()
                .unwrap()
                .insert("404".into(), json!({"description": "없음.\n\nNot found."}));
        }),
        one(&format!("#{resp}/404"), "error-response")
    );
    assert_eq!(
        lint_with(|d| {
            *at(
                d,
                "/components/responses/Unauthorized/content/application~1json/schema",
            ) = json!({"$ref": "#/components/schemas/OrderResponse"});
            // ErrorResponse is now unused, which the other rule reports.
        }),
        vec![
            (
                "#/components/responses/Unauthorized/content/application~1json/schema".to_string(),
                "error-response"
            ),
            (
                "#/components/schemas/ErrorResponse".to_string(),
                "unused-component"
            ),
        ]
    );
}

#[test]
fn one_json_request_media_type() {
    let content = "/paths/~1orders~1cancel/post/requestBody/content";
    assert_eq!(
        lint_with(|d| {
            let form = at(d, &format!("{content}/application~1json/schema")).clone();
            at(d, content).as_object_mut().unwrap().insert(
                "application/x-www-form-urlencoded".into(),
                json!({"schema": form}),
            );
        }),
        one(&format!("#{content}"), "request-media-type")
    );
}

#[test]
fn examples_validate_against_their_schemas() {
    let req =
        "/paths/~1orders~1cancel/post/requestBody/content/application~1json/examples/partial/value";
    let resp =
        "/paths/~1orders~1cancel/post/responses/200/content/application~1json/examples/done/value";
    let cases: Vec<(String, Value, &str)> = vec![
        (
            format!("{req}/amount"),
            json!("1000"),
            "expected number, got string",
        ),
        (
            format!("{req}/extra/requester"),
            json!("robot"),
            "not one of the enum values",
        ),
        (
            format!("{req}/order_id"),
            json!("x".repeat(41)),
            "more than maxLength 40",
        ),
        (
            format!("{resp}/response/paid_at"),
            json!(1.5),
            "expected integer",
        ),
        (
            format!("{resp}/response/amount"),
            json!(null),
            "null, but the schema is a non-nullable number",
        ),
    ];
    for (pointer, value, expected) in cases {
        let mut doc = common::load("base.yaml");
        *at(&mut doc, &pointer) = value;
        let findings = common::lint(&doc);
        let example = pointer.rsplit_once("/value").unwrap().0.to_string() + "/value";
        assert_eq!(
            pairs(&findings),
            one(&format!("#{example}"), "example-valid"),
            "{pointer}"
        );
        assert!(
            findings[0].message.contains(expected),
            "{pointer}: {}",
            findings[0].message
        );
    }
    // A typo'd property and a missing required one.
    let found = lint_with(|d| {
        let v = at(d, req).as_object_mut().unwrap();
        v.remove("order_id");
        v.insert("amout".into(), json!(1));
    });
    assert_eq!(
        found,
        vec![
            (format!("#{req}"), "example-valid"),
            (format!("#{req}"), "example-valid")
        ]
    );
    // Parameter examples too.
    let param = "/paths/~1orders~1{order_id}/get/parameters/0/example";
    assert_eq!(
        lint_with(|d| *at(d, param) = json!(7)),
        one(&format!("#{param}"), "example-valid")
    );
}

#[test]
fn every_component_is_used() {
    assert_eq!(
        lint_with(|d| {
            at(d, "/components/schemas")
                .as_object_mut()
                .unwrap()
                .insert(
                    "Leftover".into(),
                    json!({"type": "string", "description": "남은 것.\n\nLeft over."}),
                );
        }),
        one("#/components/schemas/Leftover", "unused-component")
    );
    // A security scheme counts as used only through a security requirement.
    assert_eq!(
        lint_with(|d| {
            for op in [
                "/paths/~1orders~1cancel/post",
                "/paths/~1orders~1{order_id}/get",
            ] {
                at(d, op).as_object_mut().unwrap().remove("security");
            }
        }),
        one(
            "#/components/securitySchemes/bearerAuth",
            "unused-component"
        )
    );
}

#[test]
fn lint_command_exit_codes() {
    // A spec read from a workspace has its usage samples checked too, so
    // the clean one is the real spec with its samples.
    let clean = common::temp_root(
        "lint-clean",
        &xtask::workspace_root().join(xtask::SPEC_PATH),
        "0.1.0",
    );
    common::write_tree(
        &clean.join("spec/samples"),
        &common::read_tree(&xtask::workspace_root().join("spec/samples")),
    );
    let out = common::xtask(&clean, &["lint"]);
    assert!(out.status.success(), "{}", common::stdout(&out));

    let mut doc = common::load("base.yaml");
    at(&mut doc, &format!("{ORDER}/properties/memo"))
        .as_object_mut()
        .unwrap()
        .remove("description");
    let dirty = common::temp_dir("lint-dirty");
    std::fs::create_dir_all(dirty.join("spec")).unwrap();
    std::fs::write(
        dirty.join(xtask::SPEC_PATH),
        serde_json::to_string(&doc).unwrap(),
    )
    .unwrap();
    let out = common::xtask(&dirty, &["lint"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        common::stdout(&out).lines().next().unwrap_or_default(),
        "#/components/schemas/Order/properties/memo: described: property has no description; add one in Korean and English"
    );
}

mod validator {
    use serde_json::json;
    use xtask::lint::validate::validate;

    fn doc() -> serde_json::Value {
        json!({"components": {"schemas": {
            "Inner": {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}},
            "Name": {"type": "string", "maxLength": 3}
        }}})
    }

    #[test]
    fn nullable_allof_wrapper_accepts_null_and_checks_the_target() {
        let d = doc();
        let wrapper = json!({"type": "object", "nullable": true, "allOf": [{"$ref": "#/components/schemas/Inner"}]});
        assert_eq!(validate(&d, &wrapper, &json!(null)), Vec::<String>::new());
        assert_eq!(
            validate(&d, &wrapper, &json!({"a": 1})),
            Vec::<String>::new()
        );
        let errors = validate(&d, &wrapper, &json!({"a": "1", "b": 2}));
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].contains("property `b` is not in the schema"),
            "{errors:?}"
        );
        assert!(
            errors[1].contains("at `$.a`: expected integer, got string"),
            "{errors:?}"
        );
        let plain = json!({"allOf": [{"$ref": "#/components/schemas/Inner"}]});
        assert!(validate(&d, &plain, &json!(null))[0].contains("non-nullable object"));
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let d = doc();
        let name = json!({"$ref": "#/components/schemas/Name"});
        assert_eq!(validate(&d, &name, &json!("홍길동")), Vec::<String>::new());
        assert_eq!(validate(&d, &name, &json!("홍길동전")).len(), 1);
    }

    #[test]
    fn arrays_are_checked_item_by_item() {
        let d = doc();
        let list = json!({"type": "array", "items": {"$ref": "#/components/schemas/Inner"}});
        let errors = validate(&d, &list, &json!([{"a": 1}, {}]));
        assert_eq!(
            errors,
            vec!["at `$[1]`: required property `a` is missing".to_string()]
        );
    }
}

/// `cargo xtask check` fails on a lint finding even when every generated
/// file is up to date.
#[test]
fn check_runs_the_lint() {
    let real = std::fs::read_to_string(xtask::workspace_root().join(xtask::SPEC_PATH)).unwrap();
    let anchor = "imp_key: \"1234567890123456\"";
    assert!(
        real.contains(anchor),
        "the getToken example changed; update this test"
    );
    let broken = real.replace(anchor, "imp_key: 1234567890123456");
    let root = common::temp_dir("check-lint");
    std::fs::create_dir_all(root.join("spec")).unwrap();
    std::fs::write(root.join(xtask::SPEC_PATH), &broken).unwrap();
    let loaded = xtask::spec::load(&root.join(xtask::SPEC_PATH)).unwrap();
    let files = xtask::generate::generate_all(&loaded).expect("generation works");
    xtask::files::write_all(&root, &files).unwrap();

    let out = common::xtask(&root, &["check"]);
    let text = common::stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("generated file(s) match"), "{text}");
    assert!(
        text.contains("/examples/credentials/value: example-valid: at `$.imp_key`: expected string, got integer"),
        "{text}"
    );
}

/// Rule `nullable-form` (`xtask/src/lint/nullable.rs`): the base fixture's
/// `OrderResponse.response` is the one good form for a reference,
/// `anyOf: [{$ref: Order}, {enum: [null]}]`; each test below writes it (or
/// another place) in a form that strict readers or typify get wrong.
const ENVELOPE_RESPONSE: &str = "/components/schemas/OrderResponse/properties/response";

fn nullable_form_findings(edit: impl FnOnce(&mut Value)) -> Vec<Finding> {
    let mut doc = common::load("base.yaml");
    edit(&mut doc);
    common::lint(&doc)
        .into_iter()
        .filter(|f| f.rule == "nullable-form")
        .collect()
}

#[test]
fn nullable_beside_all_of_ref_is_refused_with_the_fix() {
    // The spec's form until issue 11: strict 3.0.3 readers refuse null here.
    let found = nullable_form_findings(|d| {
        *at(d, ENVELOPE_RESPONSE) = json!({
            "type": "object", "nullable": true, "description": "주문.\n\nThe order.",
            "allOf": [{"$ref": "#/components/schemas/Order"}]
        });
    });
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.pointer, format!("#{ENVELOPE_RESPONSE}/nullable"));
    // What, and how to fix it, with the reference filled in.
    assert!(f.message.contains("widens only `type: object`"), "{f}");
    assert!(
        f.message
            .contains("anyOf: [{$ref: \"#/components/schemas/Order\"}, {enum: [null]}]"),
        "{f}"
    );
    // Every other rule is satisfied: this is the only finding.
    assert_eq!(
        lint_with(|d| *at(d, ENVELOPE_RESPONSE) = json!({
            "type": "object", "nullable": true, "description": "주문.\n\nThe order.",
            "allOf": [{"$ref": "#/components/schemas/Order"}]
        })),
        one(&format!("#{ENVELOPE_RESPONSE}/nullable"), "nullable-form")
    );
}

#[test]
fn nullable_beside_a_bare_ref_or_without_a_type_is_refused() {
    let beside_ref = nullable_form_findings(|d| {
        *at(d, ENVELOPE_RESPONSE) = json!({
            "nullable": true, "description": "주문.\n\nThe order.",
            "$ref": "#/components/schemas/Order"
        });
    });
    assert_eq!(beside_ref.len(), 1, "{beside_ref:#?}");
    assert!(
        beside_ref[0].message.contains("beside `$ref:"),
        "{}",
        beside_ref[0]
    );
    // `nullable` with no `type` (beside the good `anyOf`, or alone) does
    // nothing in 3.0.3 and Redocly refuses it.
    let untyped = nullable_form_findings(|d| {
        at(d, ENVELOPE_RESPONSE)
            .as_object_mut()
            .unwrap()
            .insert("nullable".into(), json!(true));
    });
    let pointers: Vec<&str> = untyped.iter().map(|f| f.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [format!("#{ENVELOPE_RESPONSE}/nullable")],
        "{untyped:#?}"
    );
    assert!(
        untyped[0].message.contains("without a `type`"),
        "{}",
        untyped[0]
    );
}

#[test]
fn nullable_beside_members_that_admit_null_is_allowed() {
    // `nullable` widens the `type`, and the `allOf` member admits null (it
    // has no type of its own): a strict reader accepts null, nothing breaks.
    assert_eq!(
        nullable_form_findings(|d| {
            *at(d, &format!("{ORDER}/properties/memo")) = json!({
                "type": "string", "nullable": true, "description": "메모.\n\nA note.",
                "allOf": [{"description": "words only"}]
            });
        }),
        vec![]
    );
}

#[test]
fn nullable_on_a_component_is_refused_replaced_or_not() {
    // OrderStatus has `x-open-enum`: replaced by `crate::open_enums::OrderStatus`.
    let replaced = nullable_form_findings(|d| {
        at(d, "/components/schemas/OrderStatus")
            .as_object_mut()
            .unwrap()
            .insert("nullable".into(), json!(true));
    });
    assert_eq!(replaced.len(), 1, "{replaced:#?}");
    assert_eq!(
        replaced[0].pointer,
        "#/components/schemas/OrderStatus/nullable"
    );
    assert!(
        replaced[0]
            .message
            .contains("replaced by a hand-written one"),
        "{}",
        replaced[0]
    );
    assert!(
        replaced[0]
            .message
            .contains("{$ref: \"#/components/schemas/OrderStatus\"}"),
        "{}",
        replaced[0]
    );
    let object = nullable_form_findings(|d| {
        at(d, ORDER)
            .as_object_mut()
            .unwrap()
            .insert("nullable".into(), json!(true));
    });
    assert_eq!(object.len(), 1, "{object:#?}");
    assert!(
        object[0]
            .message
            .contains("struct Order(Option<OrderInner>)"),
        "{}",
        object[0]
    );
}

#[test]
fn the_null_member_is_exactly_enum_null_second_after_a_ref() {
    let member = format!("#{ENVELOPE_RESPONSE}/anyOf/1");
    // `{type: object, nullable: true, enum: [null]}`: typify flattens it.
    let typed = nullable_form_findings(|d| {
        *at(d, &format!("{ENVELOPE_RESPONSE}/anyOf/1")) =
            json!({"type": "object", "nullable": true, "enum": [null]});
    });
    assert_eq!(typed.len(), 1, "{typed:#?}");
    assert_eq!(typed[0].pointer, member);
    assert!(
        typed[0].message.contains("`type`") && typed[0].message.contains("`nullable`"),
        "{}",
        typed[0]
    );
    assert!(
        typed[0].message.contains("flattened struct"),
        "{}",
        typed[0]
    );
    // First instead of second, or beside an inline schema: the wrong place.
    let first = nullable_form_findings(|d| {
        at(d, &format!("{ENVELOPE_RESPONSE}/anyOf"))
            .as_array_mut()
            .unwrap()
            .reverse();
    });
    assert_eq!(
        first.iter().map(|f| f.pointer.as_str()).collect::<Vec<_>>(),
        [format!("#{ENVELOPE_RESPONSE}/anyOf/0")],
        "{first:#?}"
    );
    let inline = nullable_form_findings(|d| {
        *at(d, &format!("{ORDER}/properties/memo")) = json!({
            "description": "메모.\n\nA note.",
            "anyOf": [{"type": "string"}, {"enum": [null]}]
        });
    });
    assert_eq!(inline.len(), 1, "{inline:#?}");
    assert!(
        inline[0].message.contains("`type: T, nullable: true`"),
        "{}",
        inline[0]
    );
}

#[test]
fn only_words_beside_a_nullable_reference() {
    let found = nullable_form_findings(|d| {
        at(d, ENVELOPE_RESPONSE)
            .as_object_mut()
            .unwrap()
            .insert("type".into(), json!("object"));
    });
    assert_eq!(
        found.iter().map(|f| f.pointer.as_str()).collect::<Vec<_>>(),
        [format!("#{ENVELOPE_RESPONSE}/type")],
        "{found:#?}"
    );
}

/// The null member is no closed response enum: `response-open-enum` leaves
/// it to `nullable-form`, and the good form has no finding at all.
#[test]
fn the_null_member_is_not_a_response_enum() {
    assert_eq!(lint_with(|_| {}), vec![]);
    let base = common::load("base.yaml");
    assert_eq!(
        base.pointer(&format!("{ENVELOPE_RESPONSE}/anyOf/1")),
        Some(&json!({"enum": [null]})),
        "the base fixture must keep the good form"
    );
}

// Rule `refund-bank-codes`: the tables of `x-refund-bank-codes`.

const REFUND_BANK: &str = "/components/schemas/CancelOrderRequest/properties/refund_bank";
const TABLES: &str =
    "/components/schemas/CancelOrderRequest/properties/refund_bank/x-refund-bank-codes";

/// The base fixture with a `PgProvider` open enum (used by `Order`) and a
/// `refund_bank` request property carrying two good tables.
fn with_tables(d: &mut Value) {
    at(d, "/components/schemas")
        .as_object_mut()
        .unwrap()
        .insert(
            "PgProvider".into(),
            json!({
                "type": "string",
                "x-open-enum": ["kcp", "html5_inicis", "inicis", "tosspayments"],
                "description": "PG사(열린 목록).\n\nThe PG (an open list)."
            }),
        );
    at(d, &format!("{ORDER}/properties")).as_object_mut().unwrap().insert(
        "pg_provider".into(),
        json!({"description": "PG사.\n\nThe PG.", "allOf": [{"$ref": "#/components/schemas/PgProvider"}]}),
    );
    at(d, &format!("{REQUEST}/properties")).as_object_mut().unwrap().insert(
        "refund_bank".into(),
        json!({
            "type": "string",
            "minLength": 1,
            "maxLength": 4,
            "description": "환불 은행 코드.\n\nThe refund bank code.",
            "x-refund-bank-codes": {
                "banks": [
                    {"id": "shinhan", "ko": "신한은행", "en": "Shinhan Bank"},
                    {"id": "kookmin", "ko": "KB국민은행", "en": "KB Kookmin Bank", "aliases": ["국민은행"]}
                ],
                "tables": [
                    {"id": "kcp", "ko": "NHN KCP", "en": "NHN KCP", "pg_provider": ["kcp"],
                     "codes": [{"bank": "shinhan", "code": "BK88"}, {"bank": "kookmin", "code": "BK04"}]},
                    {"id": "inicis", "ko": "KG이니시스", "en": "KG Inicis",
                     "pg_provider": ["html5_inicis", "inicis"],
                     "codes": [{"bank": "shinhan", "code": "88"}]}
                ]
            }
        }),
    );
}

/// Findings of the fixture with good tables and then `edit`.
fn tables_with(edit: impl FnOnce(&mut Value)) -> Vec<Finding> {
    let mut doc = common::load("base.yaml");
    with_tables(&mut doc);
    edit(&mut doc);
    common::lint(&doc)
}

/// The one finding, which must be of rule `refund-bank-codes` at `pointer`.
fn one_table_finding(found: &[Finding], pointer: &str) -> String {
    assert_eq!(
        pairs(found),
        one(&format!("#{pointer}"), "refund-bank-codes"),
        "{found:#?}"
    );
    found[0].message.clone()
}

#[test]
fn good_refund_bank_tables_are_clean_and_read_by_the_model() {
    assert_eq!(tables_with(|_| {}), vec![]);
    let mut doc = common::load("base.yaml");
    with_tables(&mut doc);
    let model = common::model(&doc);
    let read = model.refund_banks().unwrap().expect("the tables are read");
    assert_eq!(read.pointer, format!("#{TABLES}"));
    assert_eq!(read.tables[1].pg_providers, ["html5_inicis", "inicis"]);
    assert_eq!(
        read.tables[0].codes,
        [("shinhan", "BK88"), ("kookmin", "BK04")]
    );
    assert_eq!(read.banks[1].aliases, ["국민은행"]);
}

#[test]
fn a_pg_provider_must_be_a_known_value_in_one_table() {
    let message = one_table_finding(
        &tables_with(|d| {
            *at(d, &format!("{TABLES}/tables/0/pg_provider/0")) = json!("kcpp");
        }),
        &format!("{TABLES}/tables/0/pg_provider/0"),
    );
    assert!(
        message.contains("\"kcpp\" is not a value of `PgProvider`'s `x-open-enum`")
            && message.contains("fix the spelling"),
        "{message}"
    );
    let message = one_table_finding(
        &tables_with(|d| {
            at(d, &format!("{TABLES}/tables/1/pg_provider"))
                .as_array_mut()
                .unwrap()
                .push(json!("kcp"));
        }),
        &format!("{TABLES}/tables/1/pg_provider/2"),
    );
    assert!(message.contains("also listed by table `kcp`"), "{message}");
    let message = one_table_finding(
        &tables_with(|d| *at(d, &format!("{TABLES}/tables/1/pg_provider")) = json!([])),
        &format!("{TABLES}/tables/1/pg_provider"),
    );
    assert!(message.contains("non-empty list"), "{message}");
}

#[test]
fn the_pg_provider_values_need_the_open_enum() {
    let found = tables_with(|d| {
        at(d, "/components/schemas/PgProvider")
            .as_object_mut()
            .unwrap()
            .remove("x-open-enum");
    });
    let ours: Vec<&Finding> = found
        .iter()
        .filter(|f| f.rule == "refund-bank-codes")
        .collect();
    assert_eq!(ours.len(), 3, "one per pg_provider value: {found:#?}");
    assert!(
        ours[0].message.contains("has no `x-open-enum`"),
        "{}",
        ours[0]
    );
}

#[test]
fn a_code_is_a_quoted_string_the_request_allows_once_per_table() {
    // YAML `88` (unquoted) is a number.
    let message = one_table_finding(
        &tables_with(|d| *at(d, &format!("{TABLES}/tables/1/codes/0/code")) = json!(88)),
        &format!("{TABLES}/tables/1/codes/0/code"),
    );
    assert!(message.contains("must be a string; quote it"), "{message}");
    let message = one_table_finding(
        &tables_with(|d| *at(d, &format!("{TABLES}/tables/0/codes/0/code")) = json!("BK088")),
        &format!("{TABLES}/tables/0/codes/0/code"),
    );
    assert!(
        message.contains("5 characters, outside the 1–4"),
        "{message}"
    );
    let message = one_table_finding(
        &tables_with(|d| *at(d, &format!("{TABLES}/tables/0/codes/1/code")) = json!("bk88")),
        &format!("{TABLES}/tables/0/codes/1/code"),
    );
    assert!(
        message.contains("also bank `shinhan`'s in table `kcp`"),
        "{message}"
    );
    let message = one_table_finding(
        &tables_with(|d| *at(d, &format!("{TABLES}/tables/0/codes/1/code")) = json!("B-4")),
        &format!("{TABLES}/tables/0/codes/1/code"),
    );
    assert!(
        message.contains("only ASCII letters and digits"),
        "{message}"
    );
}

#[test]
fn a_code_names_a_listed_bank_once_per_table() {
    let message = one_table_finding(
        &tables_with(|d| {
            at(d, &format!("{TABLES}/tables/0/codes"))
                .as_array_mut()
                .unwrap()
                .push(json!({"bank": "shinhan", "code": "BK99"}));
        }),
        &format!("{TABLES}/tables/0/codes/2/bank"),
    );
    assert!(
        message.contains("already has the code \"BK88\""),
        "{message}"
    );
    // A misspelt bank id; kookmin is then used by no table either.
    let found =
        tables_with(|d| *at(d, &format!("{TABLES}/tables/0/codes/1/bank")) = json!("kookmim"));
    assert_eq!(
        pairs(&found),
        vec![
            (format!("#{TABLES}/banks/1"), "refund-bank-codes"),
            (
                format!("#{TABLES}/tables/0/codes/1/bank"),
                "refund-bank-codes"
            ),
        ],
        "{found:#?}"
    );
    assert!(
        found[1].message.contains("no bank has the id `kookmim`"),
        "{}",
        found[1]
    );
    assert!(found[0].message.contains("is in no table"), "{}", found[0]);
}

#[test]
fn bank_names_are_bilingual_and_name_one_bank() {
    let message = one_table_finding(
        &tables_with(|d| *at(d, &format!("{TABLES}/banks/0/ko")) = json!("Shinhan")),
        &format!("{TABLES}/banks/0/ko"),
    );
    assert!(message.contains("has no Hangul"), "{message}");
    let message = one_table_finding(
        &tables_with(|d| *at(d, &format!("{TABLES}/banks/0/en")) = json!("신한")),
        &format!("{TABLES}/banks/0/en"),
    );
    assert!(message.contains("holds Hangul"), "{message}");
    // Case and spaces are ignored when names are looked up.
    let message = one_table_finding(
        &tables_with(|d| *at(d, &format!("{TABLES}/banks/1/aliases")) = json!(["shinhan bank"])),
        &format!("{TABLES}/banks/1"),
    );
    assert!(
        message.contains("also a name of bank `shinhan`"),
        "{message}"
    );
    let message = one_table_finding(
        &tables_with(|d| *at(d, &format!("{TABLES}/banks/1/aliases")) = json!(["bk88"])),
        &format!("{TABLES}/banks/1"),
    );
    assert!(message.contains("is also a code"), "{message}");
    let message = one_table_finding(
        &tables_with(|d| {
            *at(d, &format!("{TABLES}/banks/1/id")) = json!("Kookmin");
            *at(d, &format!("{TABLES}/tables/0/codes/1/bank")) = json!("Kookmin");
        }),
        &format!("{TABLES}/banks/1/id"),
    );
    assert!(message.contains("lowercase ASCII"), "{message}");
}

#[test]
fn the_tables_have_one_place_and_only_known_keys() {
    let message = one_table_finding(
        &tables_with(|d| {
            at(d, &format!("{TABLES}/tables/0"))
                .as_object_mut()
                .unwrap()
                .insert("pg_providers".into(), json!(["kcp"]));
        }),
        &format!("{TABLES}/tables/0/pg_providers"),
    );
    assert!(message.contains("unknown key `pg_providers`"), "{message}");
    let message = one_table_finding(
        &tables_with(|d| {
            let tables = at(d, TABLES).clone();
            at(d, &format!("{REQUEST}/properties/reason"))
                .as_object_mut()
                .unwrap()
                .insert("x-refund-bank-codes".into(), tables);
        }),
        &format!("{REQUEST}/properties/reason/x-refund-bank-codes"),
    );
    assert!(
        message.contains("a second `x-refund-bank-codes`"),
        "{message}"
    );
    let message = one_table_finding(
        &tables_with(|d| *at(d, &format!("{REFUND_BANK}/type")) = json!("integer")),
        TABLES,
    );
    assert!(message.contains("`type: string` schema"), "{message}");
}

#[test]
fn generation_refuses_the_tables_lint_refuses_at_the_same_place() {
    let mut doc = common::load("base.yaml");
    with_tables(&mut doc);
    *at(&mut doc, &format!("{TABLES}/tables/0/pg_provider/0")) = json!("kcpp");
    let e = xtask::generate::refund_banks::generate(&common::model(&doc)).unwrap_err();
    assert_eq!(e.location, format!("#{TABLES}/tables/0/pg_provider/0"));
    assert!(e.message.contains("cargo xtask lint"), "{e}");
    let e = xtask::docs::generate(&common::model(&doc)).unwrap_err();
    assert_eq!(e.location, format!("#{TABLES}/tables/0/pg_provider/0"));
}
