//! The CLI's flags, written to [`CLI_FLAGS_PATH`](crate::CLI_FLAGS_PATH):
//! for every operation with a host (see [`super::claims`]), one clap
//! `Args` struct with a flag per input no hand-written type claims, named
//! `--` + the property with `_` as `-`, and `apply`, which calls the
//! generated setters; and the help text of every input, claimed or not, so
//! the hand-written flags take theirs from the spec too.
//!
//! A boolean is a switch; a scalar takes a value (parsed with its type's
//! `FromStr`); an object or an array takes JSON; a `format: password`
//! input is never a flag (a secret on a command line lands in the shell's
//! history and in `ps`). Path parameters stay the hand-written positional
//! arguments.

use super::claims;
use super::inputs::{Input, Location, Operation, Shape, pascal, snake};
use super::request_inputs::{constant, notes_of};
use crate::spec::SpecError;
use crate::{GENERATED_HEADER, SPEC_PATH};

/// The text of the CLI's flags file.
pub fn render(operations: &[Operation], spec_file: &std::path::Path) -> Result<String, SpecError> {
    let mut s = String::new();
    s.push_str("//! The flags generated from the spec, and the help of every input.\n\n");
    s.push_str("#[allow(unused_imports)]\nuse portone_v1::types::*;\n\n");
    for op in operations {
        let Some(host) = claims::host_of(&op.id) else {
            continue;
        };
        let flags: Vec<&Input> = op
            .inputs
            .iter()
            .filter(|i| i.claim.is_none() && i.location != Location::Path && !i.password)
            .collect();
        let name = format!("{}Flags", pascal(&op.id));
        let module = snake(&op.id);
        let host_type = match host.builder {
            Some(b) => format!("portone_v1::{b}"),
            None => format!("portone_v1::{}Options", pascal(&op.id)),
        };
        doc(
            &mut s,
            &format!(
                "The flags of `{}` (`{} {}`) that no hand-written argument covers.",
                op.id, op.method, op.path
            ),
        );
        s.push_str("#[derive(Debug, clap::Args)]\n");
        s.push_str(&format!("pub struct {name} {{\n"));
        for input in &flags {
            let flag = input.path.join("-").replace('_', "-");
            let help = format!("help::{module}::{}", constant(input));
            let ident = input.ident();
            match &input.shape {
                Shape::Switch => {
                    s.push_str(&format!("#[arg(long = {flag:?}, help = {help})]\n"));
                    s.push_str(&format!("pub {ident}: bool,\n"));
                }
                Shape::Text => {
                    s.push_str(&format!(
                        "#[arg(long = {flag:?}, value_name = \"TEXT\", help = {help}{})]\n",
                        required(input)
                    ));
                    s.push_str(&format!("pub {ident}: Option<String>,\n"));
                }
                Shape::Scalar(t) => {
                    let t = public_type(t);
                    s.push_str(&format!(
                        "#[arg(long = {flag:?}, value_name = \"VALUE\", help = {help}{}{})]\n",
                        required(input),
                        hyphen_values(input)
                    ));
                    s.push_str(&format!("pub {ident}: Option<{t}>,\n"));
                }
                Shape::Json(t) => {
                    let t = public_type(t);
                    s.push_str(&format!(
                        "#[arg(long = {flag:?}, value_name = \"JSON\", value_parser = crate::json_flag::parse::<{t}>, help = {help}{})]\n",
                        required(input)
                    ));
                    s.push_str(&format!("pub {ident}: Option<{t}>,\n"));
                }
            }
        }
        s.push_str("}\n\n");
        s.push_str(&format!("impl {name} {{\n"));
        doc(&mut s, "Calls the setter of every flag given.");
        s.push_str(&format!(
            "pub fn apply(&self, to: {host_type}) -> {host_type} {{\n"
        ));
        if flags.is_empty() {
            s.push_str("to\n}\n}\n\n");
            continue;
        }
        s.push_str("let mut to = to;\n");
        for input in &flags {
            let ident = input.ident();
            match &input.shape {
                Shape::Switch => {
                    s.push_str(&format!("if self.{ident} {{ to = to.{ident}(true); }}\n"))
                }
                _ => s.push_str(&format!(
                    "if let Some(value) = &self.{ident} {{ to = to.{ident}(value.clone()); }}\n"
                )),
            }
        }
        s.push_str("to\n}\n}\n\n");
    }
    doc(
        &mut s,
        "The help of every input, from the spec's English description and its limits.",
    );
    s.push_str("pub mod help {\n");
    for op in operations {
        doc(&mut s, &format!("`{}`.", op.id));
        s.push_str(&format!("pub mod {} {{\n", snake(&op.id)));
        for input in &op.inputs {
            s.push_str("#[allow(dead_code)]\n");
            s.push_str(&format!(
                "pub const {}: &str = {:?};\n",
                constant(input),
                help_text(input)
            ));
        }
        s.push_str("}\n");
    }
    s.push_str("}\n");
    let file = syn::parse_file(&s).map_err(|e| SpecError {
        file: spec_file.to_path_buf(),
        location: "#/paths".into(),
        message: format!(
            "the generated CLI flags do not parse ({e}); this is a bug in xtask (report it with the spec)"
        ),
    })?;
    Ok(format!(
        "{GENERATED_HEADER}\n// source: {SPEC_PATH} (request parameters and bodies) and xtask/src/generate/claims.rs.\n// Change the spec, then run `cargo xtask generate`.\n\n{}",
        prettyplease::unparse(&file)
    ))
}

/// A value that starts with `-` (`--sorting -paid`) is taken as the flag's
/// value, not as another flag, when the spec lists such a value.
fn hyphen_values(input: &Input) -> &'static str {
    let hyphen = input.values.iter().flatten().any(|v| v.starts_with('-'));
    if hyphen {
        ", allow_hyphen_values = true"
    } else {
        ""
    }
}

fn required(input: &Input) -> &'static str {
    if input.required {
        ", required = true"
    } else {
        ""
    }
}

/// A type as the client names it inside itself, as the CLI names it
/// (names of the generated types resolve through the file's glob import
/// of `portone_v1::types`).
fn public_type(t: &str) -> String {
    t.replace("crate ::", "portone_v1 ::")
}

/// The English paragraph of the description (the spec writes Korean, a
/// blank line, English), then the limits.
fn help_text(input: &Input) -> String {
    let paragraphs: Vec<&str> = input
        .description
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let english = paragraphs
        .iter()
        .find(|p| p.is_ascii())
        .or(paragraphs.last())
        .copied()
        .unwrap_or("");
    let mut text = english.replace('\n', " ");
    // Whether a path parameter must be given on the command line is the
    // hand-written argument's business (positional, or a flag that picks
    // the path), not the spec's "required".
    let notes = notes_of(input, input.required && input.location != Location::Path);
    if !notes.is_empty() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&notes);
    }
    text
}

fn doc(s: &mut String, line: &str) {
    s.push_str(&format!("#[doc = {:?}]\n", format!(" {}", line.trim_end())));
}
