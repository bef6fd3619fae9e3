//! `crates/portone-v1-cli/tests/doc_samples/generated.rs`: one test per
//! usage sample pair, each a data row for the hand-written harness
//! (`crates/portone-v1-cli/tests/doc_samples.rs`) plus the sample's Rust
//! file as a `#[path]` module, so the snippet the docs show compiles and
//! runs in the test.
//!
//! The rows are what [`crate::model::sample_requests`] resolved: the
//! request the sample must send, the response the mock answers, the argv
//! of the CLI line; for a webhook's pair, the notice the test POSTs to
//! `portone-v1 listen` (the request rows are then the verifying call's).
//! Text is written as Rust string literals (`{:?}` of a
//! `str` is one), JSON as compact text with sorted keys.

use std::fmt::Write;

use serde_json::Value;

use crate::GENERATED_HEADER;
use crate::model::sample_requests::{Resolved, SamplePair};

/// Where the file goes, relative to the workspace root.
pub use crate::DOC_SAMPLES_PATH;

/// From the generated file's folder to the workspace root.
const TO_ROOT: &str = "../../../..";

/// The file's text. `samples_dir` is the samples folder relative to the
/// workspace root (`spec/samples`).
pub fn render(resolved: &Resolved, samples_dir: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{GENERATED_HEADER}");
    let _ = writeln!(
        out,
        "// source: {samples_dir}/ and spec/portone-v1.yaml; run `cargo xtask generate` after changing either."
    );
    out.push_str("//\n// One test per usage sample pair: the Rust file compiles as a module and\n// runs against a mock answering the named response, then the CLI line runs\n// against the same mock (see ../doc_samples.rs).\n\n");
    if !resolved.pairs.is_empty() {
        out.push_str("use super::{Sample, check};\n");
    }
    for p in &resolved.pairs {
        out.push('\n');
        pair(&mut out, p, samples_dir);
    }
    out
}

/// The test's (and module's) name: `cancel_payment_partial`.
pub fn test_name(p: &SamplePair) -> String {
    format!(
        "{}_{}",
        super::inputs::snake(&p.operation),
        super::inputs::snake(&p.name)
    )
}

fn pair(out: &mut String, p: &SamplePair, samples_dir: &str) {
    let name = test_name(p);
    let _ = writeln!(out, "#[path = \"{TO_ROOT}/{samples_dir}/{}\"]", p.rust_rel);
    let _ = writeln!(out, "mod {name};");
    out.push('\n');
    let _ = writeln!(out, "#[tokio::test]");
    let _ = writeln!(out, "async fn {name}() {{");
    let _ = writeln!(out, "    const SAMPLE: Sample = Sample {{");
    let field = |out: &mut String, key: &str, value: String| {
        let _ = writeln!(out, "        {key}: {value},");
    };
    field(out, "file", lit(&p.stem));
    field(out, "operation", lit(&p.operation));
    field(out, "method", lit(p.method.upper()));
    field(out, "path", lit(&p.path));
    field(out, "target", lit(&p.target()));
    field(
        out,
        "query",
        format!(
            "&[{}]",
            p.query
                .iter()
                .map(|(k, v)| format!("({}, {})", lit(k), lit(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    field(
        out,
        "body",
        match &p.body {
            Some(b) => format!("Some({})", json_lit(b)),
            None => "None".into(),
        },
    );
    field(out, "status", p.status.to_string());
    field(out, "response", lit(&json(&p.response_body)));
    field(
        out,
        "argv",
        format!(
            "&[{}]",
            p.argv.iter().map(|a| lit(a)).collect::<Vec<_>>().join(", ")
        ),
    );
    field(out, "exit", p.exit.to_string());
    field(
        out,
        "stdout",
        match &p.stdout {
            Some(v) => format!("Some({})", json_lit(v)),
            None => "None".into(),
        },
    );
    field(out, "imp_key", lit(&p.credentials.0));
    field(out, "imp_secret", lit(&p.credentials.1));
    field(
        out,
        "token",
        match &p.token {
            Some((req, res)) => format!("Some(({}, {}))", json_lit(req), json_lit(res)),
            None => "None".into(),
        },
    );
    field(
        out,
        "notice",
        match &p.notice {
            Some(n) => format!("Some({})", json_lit(&n.body)),
            None => "None".into(),
        },
    );
    let _ = writeln!(out, "    }};");
    let _ = writeln!(
        out,
        "    check(&SAMPLE, |client| Box::pin({name}::run(client))).await;"
    );
    let _ = writeln!(out, "}}");
}

/// A Rust string literal: raw (`r#"..."#`) when it holds quotes, so the
/// JSON reads as JSON.
fn lit(s: &str) -> String {
    if s.contains('"') && !s.contains("\"#") && !s.contains(['\\', '\n', '\r']) {
        format!("r#\"{s}\"#")
    } else {
        format!("{s:?}")
    }
}

fn json(v: &Value) -> String {
    serde_json::to_string(&crate::docs::content::sorted(v)).expect("JSON serializes")
}

fn json_lit(v: &Value) -> String {
    lit(&json(v))
}

#[cfg(test)]
mod tests {
    /// The generated test's names come from the one snake-case conversion
    /// the generators share.
    #[test]
    fn test_names_are_snake_case() {
        use super::super::inputs::snake;
        assert_eq!(snake("alreadyCancelled"), "already_cancelled");
        assert_eq!(snake("findPaymentsWithStatus"), "find_payments_with_status");
    }
}
