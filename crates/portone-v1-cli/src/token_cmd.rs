//! `portone-v1 token`: checks the credentials with one getToken call and
//! prints the token's lifetime as JSON (`{"now": .., "expired_at": ..}`,
//! UNIX seconds by PortOne's clock), never the token itself.
//!
//! Exit codes as for every subcommand: 0 the credentials work; 1 PortOne
//! refused them, or getToken failed on the way (timeout, no connection,
//! an unreadable answer); 2 invalid input (missing or malformed settings),
//! nothing sent.

use std::process::ExitCode;

use clap::Args;

/// `portone-v1 token`
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// API base URL (default https://api.iamport.kr, or PORTONE_API_URL).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// Runs `portone-v1 token`.
pub async fn run(args: &TokenArgs) -> ExitCode {
    let client = match crate::client(args.base_url.as_deref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match client.check_credentials().await {
        Ok(lifetime) => crate::print_json(&lifetime),
        Err(e) => crate::failed(&e),
    }
}
