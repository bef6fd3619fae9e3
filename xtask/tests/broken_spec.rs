//! A broken spec gets a clear error and changes nothing.
//!
//! Each case breaks the real spec in one way. It is checked twice:
//! - in memory (`xtask::spec::parse`, `xtask::generate::generate_all`): the
//!   exact location and message;
//! - through the real `xtask` binary on a copy of the workspace
//!   (`xtask --root <tmp> generate`): non-zero exit, stderr naming the file,
//!   the location and the fix, and the generated file byte-identical.

mod common;

use std::path::Path;

use common::{read_tree, write_tree};
use xtask::spec::SpecError;
use xtask::{GENERATED_CLIENT_PATH, SPEC_PATH, workspace_root};

/// One way to break the spec.
struct Case {
    /// The broken spec text.
    text: String,
    /// What the error's location must be (exactly, or a prefix for YAML
    /// syntax errors whose column depends on the parser).
    location: Location,
    /// Words the message must contain: what is wrong and how to fix it.
    message: &'static [&'static str],
}

enum Location {
    Pointer(&'static str),
    /// `line L, column C` with L within a few lines of the broken line.
    NearLine(usize),
    /// Pointer reported when progenitor panics and the culprit is found.
    PanicPointer(&'static str),
}

fn real_spec() -> String {
    std::fs::read_to_string(workspace_root().join(SPEC_PATH)).expect("the spec exists")
}

/// The real spec with `from` (which must occur exactly once) replaced.
fn edited(from: &str, to: &str) -> String {
    let spec = real_spec();
    assert_eq!(
        spec.matches(from).count(),
        1,
        "test setup: `{from}` must occur once in the spec"
    );
    spec.replacen(from, to, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    let offset = text.find(needle).expect("needle present");
    text[..offset].lines().count() + 1
}

fn yaml_syntax_error() -> Case {
    let text = edited("operationId: getToken\n", "operationId: [getToken\n");
    let line = line_of(&text, "operationId: [getToken");
    Case {
        text,
        location: Location::NearLine(line),
        message: &["not valid YAML", "fix the syntax"],
    }
}

fn unresolved_ref() -> Case {
    Case {
        text: edited(
            "$ref: \"#/components/schemas/CancelExtra\"",
            "$ref: \"#/components/schemas/CancelExtras\"",
        ),
        location: Location::Pointer(
            "#/components/schemas/CancelPaymentRequest/properties/extra/allOf/0/$ref",
        ),
        message: &[
            "unresolved reference",
            "CancelExtras",
            "add it or fix the name",
        ],
    }
}

fn missing_operation_id() -> Case {
    Case {
        // The operation's own operationId, not a link's (links name it too).
        text: edited(
            "      operationId: getPayment\n      summary:",
            "      summary:",
        ),
        location: Location::Pointer("#/paths/~1payments~1{imp_uid}/get"),
        message: &["no operationId", "add one"],
    }
}

fn duplicate_operation_id() -> Case {
    Case {
        text: edited(
            "      operationId: getPayment\n      summary:",
            "      operationId: cancelPayment\n      summary:",
        ),
        location: Location::Pointer("#/paths/~1payments~1{imp_uid}/get/operationId"),
        message: &[
            "duplicate operationId `cancelPayment`",
            "#/paths/~1payments~1cancel/post",
            "must be unique",
        ],
    }
}

fn openapi_3_1() -> Case {
    Case {
        text: edited("openapi: 3.0.3\n", "openapi: 3.1.0\n"),
        location: Location::Pointer("#/openapi"),
        message: &["OpenAPI 3.1.0 is not supported", "openapi: 3.0.3"],
    }
}

fn swagger_2() -> Case {
    Case {
        text: "swagger: \"2.0\"\ninfo:\n  title: PortOne\n  version: \"1\"\nhost: api.iamport.kr\npaths: {}\n"
            .into(),
        location: Location::Pointer("#/swagger"),
        message: &["Swagger 2.0", "OpenAPI 3.0"],
    }
}

fn two_request_media_types() -> Case {
    let json_body = "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/CancelPaymentRequest\"\n";
    let both = format!(
        "{json_body}          application/x-www-form-urlencoded:\n            schema:\n              $ref: \"#/components/schemas/CancelPaymentRequest\"\n"
    );
    Case {
        text: edited(json_body, &both),
        location: Location::Pointer("#/paths/~1payments~1cancel/post/requestBody/content"),
        message: &["exactly one media type", "application/json"],
    }
}

/// Passes every pre-check but makes progenitor 0.15.1 panic: a schema with
/// no `type` that mixes `allOf` with `exclusiveMinimum: true` and no
/// `minimum` hits `todo!("exclusive_minimum set without minimum")` in
/// progenitor-impl's `to_schema.rs`. (Someone writing "a positive amount"
/// in OpenAPI 3.1 style would write exactly this.)
fn progenitor_panic() -> Case {
    let amount = "        amount:\n          description: |-\n            취소할 금액.";
    Case {
        text: edited(
            amount,
            &amount.replace("amount:\n", "amount:\n          exclusiveMinimum: true\n"),
        ),
        location: Location::PanicPointer("#/components/schemas/CancelPaymentRequest"),
        message: &[
            "progenitor panicked",
            "exclusive_minimum set without minimum",
        ],
    }
}

fn check_error(name: &str, case: &Case, err: &SpecError) {
    match &case.location {
        Location::Pointer(p) | Location::PanicPointer(p) => {
            assert_eq!(err.location, *p, "{name}: wrong location in: {err}")
        }
        Location::NearLine(line) => {
            let reported: usize = err
                .location
                .strip_prefix("line ")
                .and_then(|rest| rest.split(',').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{name}: location is not `line L, column C`: {err}"));
            assert!(
                (*line..=line + 3).contains(&reported),
                "{name}: error at line {reported}, broken line is {line}: {err}"
            );
            assert!(err.location.contains("column "), "{name}: {err}");
        }
    }
    for words in case.message {
        assert!(
            err.message.contains(words),
            "{name}: `{words}` missing in: {err}"
        );
    }
}

/// The in-memory error for a case: from the pre-checks, or from generation.
fn in_memory_error(case: &Case) -> SpecError {
    let file = Path::new(SPEC_PATH);
    match xtask::spec::parse(file, &case.text) {
        Err(e) => e,
        Ok(loaded) => match xtask::generate::generate_all(&loaded) {
            Err(e) => e,
            Ok(_) => panic!("the broken spec generated without error"),
        },
    }
}

/// Runs `xtask --root <copy> generate` with the broken spec and checks the
/// outcome from the outside.
fn check_binary(name: &str, case: &Case) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let spec_path = root.join(SPEC_PATH);
    let generated_path = root.join(GENERATED_CLIENT_PATH);
    std::fs::create_dir_all(spec_path.parent().unwrap()).unwrap();
    std::fs::create_dir_all(generated_path.parent().unwrap()).unwrap();
    std::fs::write(&spec_path, &case.text).unwrap();
    let before = std::fs::read(workspace_root().join(GENERATED_CLIENT_PATH)).unwrap();
    std::fs::write(&generated_path, &before).unwrap();
    // The docs are generated files too: they must survive untouched.
    let docs_before = read_tree(&workspace_root().join("docs"));
    write_tree(&root.join("docs"), &docs_before);

    let output = common::xtask(root, &["generate"]);
    let stderr = String::from_utf8_lossy(&output.stderr);

    assert!(!output.status.success(), "{name}: exit 0 on a broken spec");
    assert_ne!(
        output.status.code(),
        Some(101),
        "{name}: xtask itself panicked:\n{stderr}"
    );
    assert!(
        stderr.contains(&spec_path.display().to_string()),
        "{name}: stderr does not name the spec file:\n{stderr}"
    );
    let location = match &case.location {
        Location::Pointer(p) | Location::PanicPointer(p) => p.to_string(),
        Location::NearLine(_) => "line ".to_string(),
    };
    assert!(
        stderr.contains(&location),
        "{name}: stderr lacks the location `{location}`:\n{stderr}"
    );
    for words in case.message {
        assert!(
            stderr.contains(words),
            "{name}: stderr lacks `{words}`:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("no generated file was changed"),
        "{name}: stderr should say nothing was written:\n{stderr}"
    );
    let after = std::fs::read(&generated_path).unwrap();
    assert!(after == before, "{name}: the generated file changed");
    assert!(
        read_tree(&root.join("docs")) == docs_before,
        "{name}: docs/ changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(generated_path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "{name}: stray files left: {leftovers:?}"
    );
}

macro_rules! broken_spec_cases {
    ($($name:ident,)+) => {
        mod in_memory {
            $(
                #[test]
                fn $name() {
                    let case = super::$name();
                    let err = super::in_memory_error(&case);
                    super::check_error(stringify!($name), &case, &err);
                    assert_eq!(err.file, std::path::Path::new(xtask::SPEC_PATH));
                }
            )+
        }

        mod binary {
            $(
                #[test]
                fn $name() {
                    super::check_binary(stringify!($name), &super::$name());
                }
            )+
        }
    };
}

broken_spec_cases! {
    yaml_syntax_error,
    unresolved_ref,
    missing_operation_id,
    duplicate_operation_id,
    openapi_3_1,
    swagger_2,
    two_request_media_types,
    progenitor_panic,
}

#[test]
fn the_real_spec_passes_the_same_checks() {
    // The cases above only mean something if the unbroken spec is accepted.
    let loaded = xtask::spec::parse(Path::new(SPEC_PATH), &real_spec()).expect("real spec loads");
    xtask::generate::generate_all(&loaded).expect("real spec generates");
}
