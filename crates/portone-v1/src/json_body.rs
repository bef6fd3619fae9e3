//! How the client reads a JSON body: the whole body checked as UTF-8 once,
//! then parsed as text.
//!
//! `serde_json::from_slice` checks UTF-8 again for every string and key it
//! meets; on PortOne's bodies (many short strings, Korean sent as `\uXXXX`
//! escapes) that was 16 % of the instructions of a typed payment decode.
//! Parsing the checked text with `serde_json::from_str` gives the same
//! values and the same errors (line and column count bytes either way) for
//! less. Every response of the generated client comes through
//! [`response_value`] (`cargo xtask generate` routes the calls here:
//! xtask/src/generate/response_decode.rs), the facade's error envelopes and
//! the webhook bodies through [`decode`].

use progenitor_client::{Error, ResponseValue};
use serde::de::DeserializeOwned;

/// Decodes a JSON body as `T`, the way the client reads every response.
///
/// The bytes are checked as UTF-8 once and parsed as text; a body that is
/// not UTF-8 gets serde_json's own error for it, which names the line and
/// column of the first bad byte.
///
/// ```
/// let envelope: portone_v1::ErrorResponse =
///     portone_v1::json_body::decode(br#"{"code": 1, "message": "\uc5c6\uc74c", "response": null}"#)?;
/// assert_eq!(envelope.message.as_deref(), Some("없음"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => Err(not_utf8(body)),
    }
}

/// serde_json's error for a body that is not UTF-8, at the first bad byte.
///
/// Read as a `Value`, not as the caller's type: `from_slice::<T>` would
/// compile every response type's decoder a second time (for the byte
/// reader) just for this error. serde_json checks UTF-8 in every string
/// and key it reads, and a bad byte outside a string is a syntax error, so
/// the `Value` read fails at the first bad byte. (`from_slice::<T>` could
/// have failed earlier, on a wrong type before that byte; the body is
/// broken either way, and this error says where it stops being text.)
#[cold]
fn not_utf8(body: &[u8]) -> serde_json::Error {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Err(e) => e,
        Ok(_) => <serde_json::Error as serde::de::Error>::custom("the body is not UTF-8"),
    }
}

/// What the generated client calls for each JSON response, in place of
/// progenitor-client's `ResponseValue::from_response` (same signature and
/// errors): the status, the headers (moved, not cloned) and the body
/// decoded by [`decode`]. Inside a facade call the bytes are kept first,
/// exactly as received (capture.rs), for its errors' `raw_body()`.
pub(crate) async fn response_value<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> Result<ResponseValue<T>, Error<E>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let full = response.bytes().await.map_err(Error::ResponseBodyError)?;
    crate::capture::keep_body(status.as_u16(), &full);
    let inner = decode(&full).map_err(|e| Error::InvalidResponsePayload(full, e))?;
    Ok(ResponseValue::new(inner, status, headers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorResponse;

    #[test]
    fn text_and_bytes_decode_alike() {
        let body =
            br#"{"code": -1, "message": "\ud658\ubd88 \uc2e4\ud328", "response": null, "new": 1}"#;
        let ours: ErrorResponse = decode(body).unwrap();
        let theirs: ErrorResponse = serde_json::from_slice(body).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(ours.message.as_deref(), Some("환불 실패"));
    }

    #[test]
    fn errors_are_serde_jsons_with_their_place() {
        // A syntax error: the same line and column as from_slice.
        let broken = b"{\n  \"code\": 0,\n  \"message\": nul }";
        let ours = decode::<ErrorResponse>(broken).unwrap_err();
        let theirs = serde_json::from_slice::<ErrorResponse>(broken).unwrap_err();
        assert_eq!(
            (ours.line(), ours.column()),
            (theirs.line(), theirs.column())
        );
        assert_eq!(ours.to_string(), theirs.to_string());
        // Not UTF-8: serde_json's error at the bad byte, not a panic.
        let latin1 = b"{\"code\": 0, \"message\": \"caf\xe9\", \"response\": null}";
        let e = decode::<ErrorResponse>(latin1).unwrap_err();
        assert_eq!(
            e.to_string(),
            serde_json::from_slice::<ErrorResponse>(latin1)
                .unwrap_err()
                .to_string()
        );
        assert_eq!(e.line(), 1);
    }
}
