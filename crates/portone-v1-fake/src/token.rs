//! Access tokens, as `POST /users/getToken` hands them out: one token per
//! key, 30 minutes, the same token on repeat, 5 more minutes when asked in
//! the last minute.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

/// How long a fresh token lives (seconds).
pub const TOKEN_LIFETIME_SECS: i64 = 30 * 60;
/// Asking again with this many seconds or fewer left extends the token.
pub const EXTEND_WINDOW_SECS: i64 = 60;
/// How much an extension adds (seconds).
pub const EXTENSION_SECS: i64 = 5 * 60;

/// The token currently issued for the configured key.
#[derive(Clone, Debug)]
pub(crate) struct IssuedToken {
    pub value: String,
    pub expires_at: i64,
}

/// Token state: at most one live token, like the real API per key.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    current: Option<IssuedToken>,
}

impl Tokens {
    /// The token to answer getToken with at `now` (UNIX seconds).
    pub fn issue(&mut self, now: i64) -> IssuedToken {
        match &mut self.current {
            Some(t) if now < t.expires_at => {
                if t.expires_at - now <= EXTEND_WINDOW_SECS {
                    t.expires_at += EXTENSION_SECS;
                }
                t.clone()
            }
            _ => {
                let t = IssuedToken {
                    value: random_hex_40(),
                    expires_at: now + TOKEN_LIFETIME_SECS,
                };
                self.current = Some(t.clone());
                t
            }
        }
    }

    /// Whether `presented` is the live token at `now`.
    pub fn is_valid(&self, presented: &str, now: i64) -> bool {
        self.current
            .as_ref()
            .is_some_and(|t| t.value == presented && now < t.expires_at)
    }
}

/// 40 lowercase hex characters (the real tokens' shape), from the standard
/// library's per-process random hash keys: unguessable enough for a fake,
/// without a random-number dependency.
fn random_hex_40() -> String {
    let mut out = String::with_capacity(48);
    for i in 0..3u64 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out.truncate(40);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_token_until_expiry_then_a_new_one() {
        let mut t = Tokens::default();
        let a = t.issue(1000);
        assert_eq!(a.value.len(), 40);
        assert_eq!(a.expires_at, 1000 + TOKEN_LIFETIME_SECS);
        let b = t.issue(1500);
        assert_eq!(
            (b.value.as_str(), b.expires_at),
            (a.value.as_str(), a.expires_at)
        );
        assert!(t.is_valid(&a.value, a.expires_at - 1));
        assert!(!t.is_valid(&a.value, a.expires_at));
        assert!(!t.is_valid("someone-else", 1500));
        let c = t.issue(a.expires_at);
        assert_ne!(c.value, a.value);
    }

    #[test]
    fn extends_by_five_minutes_in_the_last_minute_only() {
        let mut t = Tokens::default();
        let a = t.issue(0);
        let early = t.issue(a.expires_at - 61);
        assert_eq!(early.expires_at, a.expires_at);
        let late = t.issue(a.expires_at - 60);
        assert_eq!(late.expires_at, a.expires_at + EXTENSION_SECS);
        assert_eq!(late.value, a.value);
    }
}
