//! The commands behind `cargo xtask`, each returning an exit code.

use std::path::Path;
use std::process::ExitCode;

use crate::files::{self, WriteOutcome};
use crate::{SPEC_PATH, generate, spec};

fn load_and_generate(root: &Path) -> Result<Vec<generate::GeneratedFile>, ExitCode> {
    let loaded = spec::load(&root.join(SPEC_PATH)).map_err(|e| {
        eprintln!("error: {e}");
        eprintln!("note: no generated file was changed");
        ExitCode::FAILURE
    })?;
    generate::generate_all(&loaded).map_err(|e| {
        eprintln!("error: {e}");
        eprintln!("note: no generated file was changed");
        ExitCode::FAILURE
    })
}

/// `cargo xtask generate`: regenerate and write what changed.
pub fn generate(root: &Path, args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--check") {
        return check(root, &[]);
    }
    if let Some(extra) = args.first() {
        eprintln!("error: `generate` takes no argument but `--check` (got `{extra}`)");
        return ExitCode::from(2);
    }
    let files = match load_and_generate(root) {
        Ok(f) => f,
        Err(code) => return code,
    };
    match files::write_all(root, &files) {
        Ok(outcomes) => {
            for o in outcomes {
                match o {
                    WriteOutcome::Written(p) => println!("wrote     {p}"),
                    WriteOutcome::Unchanged(p) => println!("unchanged {p}"),
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing generated files failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask check`: exit 1 with a diff when any generated file is stale.
pub fn check(root: &Path, _args: &[String]) -> ExitCode {
    let files = match load_and_generate(root) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let stale = files::check_all(root, &files);
    if stale.is_empty() {
        println!("ok: {} generated file(s) match {SPEC_PATH}", files.len());
        return ExitCode::SUCCESS;
    }
    for s in &stale {
        eprintln!("{}", s.diff);
        eprintln!("error: {} is out of date with {SPEC_PATH}", s.path);
    }
    eprintln!("hint: run `cargo xtask generate` and commit the result");
    ExitCode::FAILURE
}
