//! TLS without system OpenSSL: rustls with the `ring` provider.
//!
//! reqwest's default rustls provider is aws-lc-rs, whose C build roughly
//! doubled a clean build of this crate; `ring` is smaller. reqwest is built
//! with `rustls-no-provider`, so a process-wide provider must be installed
//! before the first client is built; this does it once, and keeps any
//! provider the application installed itself.

/// Installs `ring` as rustls's process default unless one is installed.
pub fn ensure_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race to another installer is fine: a provider is set.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
