//! request: credentials
//! response: issued
pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    // Payment calls fetch and renew the token on their own; this call asks
    // for one only to check the key and secret (at start-up, say). The token
    // never leaves the client: only its lifetime comes back.
    let token = client.check_credentials().await?;
    println!(
        "credentials accepted; a token lives {} s",
        token.lifetime().as_secs()
    );
    Ok(())
}
