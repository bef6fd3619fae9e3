//! `cargo xtask <command>`: argument parsing only; the work is in the library.

use std::process::ExitCode;

fn usage() -> &'static str {
    "usage: cargo xtask <command>\n\n\
     commands:\n  \
     generate   regenerate every generated file from spec/portone-v1.yaml\n  \
     check      fail (exit 1) with a diff if a committed generated file is stale\n"
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = xtask::workspace_root();
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
