//! `cargo xtask <command>`: argument parsing only; the work is in the library.

use std::process::ExitCode;

fn usage() -> &'static str {
    "usage: cargo xtask <command>\n\n\
     commands:\n  \
     generate   regenerate every generated file from spec/portone-v1.yaml\n  \
     check      fail (exit 1) with a diff if a committed generated file is stale, or on a lint finding\n  \
     lint       check the spec's house rules (spec/README.md); exit 1 on a finding\n  \
     diff OLD [NEW] [--allow-breaking]\n             classify spec changes, print a changelog entry and the semver bump;\n             OLD/NEW are files or git revisions (NEW: the working tree); exit 1 on a breaking change\n  \
     upstream FILE\n             compare the spec with an official PortOne V1 Swagger 2.0 document; exit 1 when we lack something\n  \
     docs --out DIR\n             write the schema docs (reference.md, JSON Schemas, index.html) into DIR as a static site\n\n\
     global option:\n  \
     --root DIR  act on the workspace at DIR instead of this one (used by tests)\n"
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut root = xtask::workspace_root();
    if let Some(i) = args.iter().position(|a| a == "--root") {
        match args.get(i + 1) {
            Some(dir) => root = dir.into(),
            None => {
                eprintln!("error: `--root` needs a directory\n\n{}", usage());
                return ExitCode::from(2);
            }
        }
        args.drain(i..i + 2);
    }
    match args.first().map(String::as_str) {
        Some("generate") => xtask::cli::generate(&root, &args[1..]),
        Some("check") => xtask::cli::check(&root, &args[1..]),
        Some("lint") => xtask::cli::lint(&root, &args[1..]),
        Some("diff") => xtask::cli::diff(&root, &args[1..]),
        Some("upstream") => xtask::cli::upstream(&root, &args[1..]),
        Some("docs") => xtask::cli::docs(&root, &args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{}", usage());
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("error: unknown command `{other}`\n\n{}", usage());
            ExitCode::from(2)
        }
        None => {
            eprint!("{}", usage());
            ExitCode::from(2)
        }
    }
}
