//! `cargo xtask upstream FILE`: our spec against an official PortOne V1
//! Swagger 2.0 document, for the operations we cover (matched by method and
//! path).
//!
//! Reported: fields, parameters and statuses the official document has and we
//! lack (exit 1), types that disagree (exit 1: a real type change needs a spec
//! change), then for information the official document's known quirks (`extra`
//! typed as an array without items), `required` differences (our spec follows
//! real responses), request `maxLength` differences and what only we have.
//! Response `maxLength`s are not compared: our house rules forbid them.

mod compare;
mod normalize;

pub use compare::{Difference, Severity, compare};
pub use normalize::{Field, length, normalize};

use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;

/// The readable report of a comparison.
pub fn report(
    differences: &[Difference],
    ours_label: &str,
    official_label: &str,
    official: &Value,
) -> String {
    let version = official
        .pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or("unknown version");
    let mut out = format!(
        "upstream comparison: {ours_label} against {official_label} (Swagger {}, info.version {version})\n",
        official
            .get("swagger")
            .and_then(Value::as_str)
            .unwrap_or("?")
    );
    let mut operations: Vec<&str> = differences.iter().map(|d| d.operation.as_str()).collect();
    operations.sort();
    operations.dedup();
    for op in operations {
        out.push_str(&format!("\n{op}\n"));
        for d in differences.iter().filter(|d| d.operation == op) {
            out.push_str(&format!(
                "  {:<9} {}: {}\n",
                d.severity.tag(),
                d.field,
                d.message
            ));
        }
    }
    let count = |s: Severity| differences.iter().filter(|d| d.severity == s).count();
    out.push_str(&format!(
        "\nsummary: {} lacking, {} type disagreement(s); information: {} known quirk(s), {} required difference(s), {} length difference(s), {} ours-only\n",
        count(Severity::Lacking),
        count(Severity::Type),
        count(Severity::Quirk),
        count(Severity::Required),
        count(Severity::Length),
        count(Severity::Extra),
    ));
    out.push_str(
        "note: LACKING and TYPE lines need a spec change; `required` lines are information only, because our spec follows what real responses do (fields older responses omit are optional)\n",
    );
    out
}

/// True when the differences need a spec change (something lacking or a
/// type disagreement).
pub fn needs_action(differences: &[Difference]) -> bool {
    differences
        .iter()
        .any(|d| matches!(d.severity, Severity::Lacking | Severity::Type))
}

/// `cargo xtask upstream FILE`.
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let [file] = args else {
        eprintln!(
            "error: usage: cargo xtask upstream FILE  (FILE: an official PortOne V1 Swagger 2.0 JSON document)"
        );
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let official: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            eprintln!(
                "error: {file}: not valid JSON at line {}, column {}: {e}",
                e.line(),
                e.column()
            );
            return ExitCode::FAILURE;
        }
    };
    let ours = match crate::spec::load(&root.join(crate::SPEC_PATH)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let differences = match compare(&ours.model(), &official) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    print!(
        "{}",
        report(&differences, crate::SPEC_PATH, file, &official)
    );
    if needs_action(&differences) {
        eprintln!(
            "error: the official document has fields or types our spec lacks (LACKING/TYPE lines); update {} (see README, \"When the API changes\")",
            crate::SPEC_PATH
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
