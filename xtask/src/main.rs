//! `cargo xtask <command>`: argument parsing only; the work is in the library.

use std::process::ExitCode;

fn usage() -> &'static str {
    "usage: cargo xtask <command>\n\n\
     commands:\n  \
     generate   regenerate every generated file from spec/portone-v1.yaml\n  \
     check      fail (exit 1) with a diff if a committed generated file is stale\n\n\
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
