//! One request to the fake, as the property tests build it: every part
//! free (method, target, version, headers, body) and the token filled in
//! only when it is sent.

/// One request, with the token left as a placeholder (it is only known once
/// the fake runs).
#[derive(Clone)]
pub struct Request {
    pub method: String,
    pub target: Vec<u8>,
    pub version: &'static str,
    pub auth: Auth,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lossy = |b: &[u8]| {
            let s = String::from_utf8_lossy(b);
            if s.chars().count() > 600 {
                let head: String = s.chars().take(600).collect();
                format!("{head}… ({} bytes)", b.len())
            } else {
                s.into_owned()
            }
        };
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("target", &lossy(&self.target))
            .field("version", &self.version)
            .field("auth", &self.auth)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(n, v)| format!("{n}: {}", lossy(v)))
                    .collect::<Vec<_>>(),
            )
            .field("body", &lossy(&self.body))
            .finish()
    }
}

/// The `Authorization` header(s).
#[derive(Clone, Debug)]
pub enum Auth {
    Missing,
    /// The live token, written `{scheme} {token}{suffix}`.
    Live {
        scheme: &'static str,
        suffix: &'static str,
    },
    /// Any other value (bytes without CR or LF).
    Other(Vec<u8>),
    /// The live token, and a second `Authorization` header after it.
    LiveThenOther(Vec<u8>),
}

impl Request {
    /// The bytes on the wire, with `token` in place of the placeholder.
    /// `Content-Length` is always right and the connection is closed after
    /// the answer, so a well-formed request never leaves the server waiting.
    pub fn to_bytes(&self, token: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + 256);
        out.extend_from_slice(self.method.as_bytes());
        out.push(b' ');
        out.extend_from_slice(&self.target);
        out.push(b' ');
        out.extend_from_slice(self.version.as_bytes());
        out.extend_from_slice(b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        let mut header = |name: &str, value: &[u8]| {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value);
            out.extend_from_slice(b"\r\n");
        };
        let live = |scheme: &str, suffix: &str| format!("{scheme} {token}{suffix}").into_bytes();
        match &self.auth {
            Auth::Missing => {}
            Auth::Live { scheme, suffix } => header("Authorization", &live(scheme, suffix)),
            Auth::Other(v) => header("Authorization", v),
            Auth::LiveThenOther(v) => {
                header("Authorization", &live("Bearer", ""));
                header("Authorization", v);
            }
        }
        for (name, value) in &self.headers {
            header(name, value);
        }
        header("Content-Length", self.body.len().to_string().as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }

    /// The injected fault the request asks for with `X-Fake-Fault`, when it
    /// is one that answers with a 5xx (the first such header counts, as in
    /// the fake).
    pub fn asked_status(&self) -> Option<u16> {
        let value = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("x-fake-fault"))?
            .1
            .as_slice();
        let fault: portone_v1_fake::Fault = std::str::from_utf8(value).ok()?.parse().ok()?;
        match fault.outcome {
            Some(portone_v1_fake::FaultOutcome::Status(s)) => Some(s),
            _ => None,
        }
    }

    /// The path of the target, without the query.
    pub fn path(&self) -> &[u8] {
        let end = self
            .target
            .iter()
            .position(|&b| b == b'?')
            .unwrap_or(self.target.len());
        &self.target[..end]
    }
}
