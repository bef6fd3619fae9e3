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
                    WriteOutcome::Removed(p) => println!("removed   {p} (no longer in the spec)"),
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
    // The house rules are part of `check`, so CI fails on a lint finding too.
    let lint_ok = crate::lint::run(root, &[]) == ExitCode::SUCCESS;
    if stale.is_empty() {
        println!("ok: {} generated file(s) match {SPEC_PATH}", files.len());
        return if lint_ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    for s in &stale {
        eprintln!("{}", s.diff);
        if s.leftover {
            eprintln!(
                "error: {} is no longer generated from {SPEC_PATH} (a leftover)",
                s.path
            );
        } else {
            eprintln!("error: {} is out of date with {SPEC_PATH}", s.path);
        }
    }
    eprintln!("hint: run `cargo xtask generate` and commit the result");
    ExitCode::FAILURE
}

/// `cargo xtask lint`: the spec's house rules; exit 1 on a finding.
pub fn lint(root: &Path, args: &[String]) -> ExitCode {
    crate::lint::run(root, args)
}

/// `cargo xtask diff OLD [NEW] [--allow-breaking]`: classify spec changes.
pub fn diff(root: &Path, args: &[String]) -> ExitCode {
    crate::diff::run(root, args)
}

/// `cargo xtask upstream FILE`: compare with an official Swagger 2.0 document.
pub fn upstream(root: &Path, args: &[String]) -> ExitCode {
    crate::upstream::run(root, args)
}

/// `cargo xtask docs --out DIR`: write the schema docs (the same files as
/// `docs/`, plus `.nojekyll`) into DIR as a static site ready to publish.
pub fn docs(root: &Path, args: &[String]) -> ExitCode {
    let out = match args {
        [flag, dir] if flag == "--out" => std::path::PathBuf::from(dir),
        _ => {
            eprintln!(
                "error: `docs` needs `--out DIR` and nothing else (got {args:?}); e.g. `cargo xtask docs --out site`"
            );
            return ExitCode::from(2);
        }
    };
    let loaded = match spec::load(&root.join(SPEC_PATH)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let site = match crate::docs::site(&loaded.model()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match files::write_all(&out, &site) {
        Ok(outcomes) => {
            println!(
                "ok: {} file(s) in {} ({} rewritten); open {}/index.html or publish the folder as it is",
                site.len(),
                out.display(),
                outcomes
                    .iter()
                    .filter(|o| matches!(o, WriteOutcome::Written(_) | WriteOutcome::Removed(_)))
                    .count(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing the site into {} failed: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
