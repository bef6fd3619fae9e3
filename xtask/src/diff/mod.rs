//! `cargo xtask diff OLD [NEW]`: what a spec change does to the generated
//! client and its users.
//!
//! Every change is classified by its effect on the Rust code generated from
//! the spec: [`Kind::Breaking`] when code that compiled and worked before may
//! stop compiling or start failing (a removed operation or field, a changed
//! type, a new required request field, a tighter length, a response field
//! that becomes optional or nullable...), [`Kind::Added`] for new optional
//! request fields, new response fields and new open-enum values,
//! [`Kind::Changed`] for other compatible changes, [`Kind::Docs`] for
//! descriptions, summaries and examples. [`changelog`] turns them into a
//! Markdown entry with the implied semver bump.

mod classify;
mod output;
mod source;

pub use classify::diff;
pub use output::{Bump, Version, changelog, implied_bump, workspace_version};
pub use source::load_source;

use std::path::Path;
use std::process::ExitCode;

/// How a change affects users of the generated client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Code that worked may stop compiling or start failing.
    Breaking,
    /// A new capability; existing code keeps working.
    Added,
    /// Another compatible change (e.g. a looser length).
    Changed,
    /// Descriptions, summaries, examples: no effect on the code's behaviour.
    Docs,
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// How it affects users.
    pub kind: Kind,
    /// Stable rule id, e.g. `field-removed` (tests and the README use it).
    pub rule: &'static str,
    /// Human name of the place: `CancelPaymentRequest.reason`, `cancelPayment`.
    pub what: String,
    /// JSON pointer of the place (in the new spec, or the old one if removed).
    pub pointer: String,
    /// What changed and what it means for users.
    pub message: String,
}

/// `cargo xtask diff OLD [NEW] [--allow-breaking]`.
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let allow_breaking = args.iter().any(|a| a == "--allow-breaking");
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if let Some(bad) = args
        .iter()
        .find(|a| a.starts_with("--") && *a != "--allow-breaking")
    {
        eprintln!(
            "error: unknown option `{bad}` for `diff`; usage: cargo xtask diff OLD [NEW] [--allow-breaking]"
        );
        return ExitCode::from(2);
    }
    let (old_arg, new_arg) = match positional.as_slice() {
        [old] => (old.as_str(), None),
        [old, new] => (old.as_str(), Some(new.as_str())),
        _ => {
            eprintln!(
                "error: usage: cargo xtask diff OLD [NEW] [--allow-breaking]\n  OLD, NEW: a spec file or a git revision (e.g. HEAD~1) of {}; NEW defaults to the working tree",
                crate::SPEC_PATH
            );
            return ExitCode::from(2);
        }
    };
    let load = |arg: Option<&str>| load_source(root, arg).map_err(|e| eprintln!("error: {e}"));
    let Ok((old_label, old)) = load(Some(old_arg)) else {
        return ExitCode::FAILURE;
    };
    let Ok((new_label, new)) = load(new_arg) else {
        return ExitCode::FAILURE;
    };
    let version = match workspace_version(root) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let changes = diff(&old.model(), &new.model());
    print!("{}", changelog(&changes, version, &old_label, &new_label));
    let breaking = changes.iter().filter(|c| c.kind == Kind::Breaking).count();
    if breaking > 0 && !allow_breaking {
        eprintln!(
            "error: {breaking} breaking change(s) for users of portone-v1 (listed under ### Breaking); if they are intended, rerun with --allow-breaking and bump the version as shown"
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
