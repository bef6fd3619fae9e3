//! request: credentials
//! response: unauthorized
use portone_v1::AuthError;

pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {
    match client.check_credentials().await {
        // A wrong key or secret: fix the configuration, retrying cannot help.
        Err(AuthError::CredentialsRejected {
            status, message, ..
        }) => {
            eprintln!(
                "PortOne refused the key/secret (HTTP {status}): {}",
                message.unwrap_or_default()
            );
            Ok(())
        }
        Ok(_) => Err("expected the credentials to be refused".into()),
        Err(other) => Err(other.into()),
    }
}
