//! How the fake writes its bodies: the generated types, serialized, then
//! shaped like the live API's output (explicit nulls, ASCII-escaped JSON).

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use portone_v1::ErrorResponse;
use serde::Serialize;
use serde_json::Value;

/// Payment fields that the live API sends as an explicit `null` rather than
/// leaving out (each is `nullable` in the spec; a test checks that).
pub const NULL_WHEN_ABSENT: &[&str] = &[
    "emb_pg_provider",
    "apply_num",
    "bank_code",
    "bank_name",
    "card_code",
    "card_name",
    "card_number",
    "card_type",
    "vbank_code",
    "vbank_name",
    "vbank_num",
    "vbank_holder",
    "buyer_name",
    "buyer_email",
    "buyer_tel",
    "buyer_addr",
    "buyer_postcode",
    "custom_data",
    "fail_reason",
    "cancel_reason",
    "customer_uid",
    "customer_uid_usage",
];

/// An envelope (`AccessTokenResponse`, `PaymentResponse`, `ErrorResponse`)
/// as the JSON text the fake sends.
pub fn envelope_json<T: Serialize>(envelope: &T) -> String {
    let mut value = serde_json::to_value(envelope).expect("generated types always serialize");
    if let Value::Object(top) = &mut value {
        // The generated types leave out `None`; the live API writes null.
        top.entry("message").or_insert(Value::Null);
        let response = top.entry("response").or_insert(Value::Null);
        if let Value::Object(payment) = response
            && payment.contains_key("imp_uid")
        {
            explicit_nulls(payment);
        }
        // A page (the lookups by order id): its `list` always written, `[]`
        // when empty, and each payment in it like one on its own.
        if let Value::Object(page) = response
            && page.contains_key("total")
        {
            let list = page
                .entry("list")
                .or_insert_with(|| Value::Array(Vec::new()));
            for payment in list.as_array_mut().into_iter().flatten() {
                if let Value::Object(payment) = payment {
                    explicit_nulls(payment);
                }
            }
        }
    }
    ascii_escape(&value.to_string())
}

/// Writes `null` for every field of [`NULL_WHEN_ABSENT`] the payment lacks.
fn explicit_nulls(payment: &mut serde_json::Map<String, Value>) {
    for field in NULL_WHEN_ABSENT {
        payment.entry(*field).or_insert(Value::Null);
    }
}

/// Escapes JSON text the way the live API does: every non-ASCII character as
/// `\uXXXX` (UTF-16 units) and `/` as `\/`. Both can only occur inside JSON
/// strings, so escaping the whole text is safe.
pub fn ascii_escape(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    for c in json.chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

/// A JSON response with the envelope as body.
pub fn json_response<T: Serialize>(status: StatusCode, envelope: &T) -> Response {
    let mut res = Response::new(Body::from(envelope_json(envelope)));
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    res
}

/// An `ErrorResponse` envelope with `response: null`: the body of every
/// refusal outside a cancel, from a route or from fault injection.
pub fn error(status: StatusCode, code: i64, message: impl Into<String>) -> Response {
    json_response(
        status,
        &ErrorResponse {
            code,
            message: Some(message.into()),
            response: None,
        },
    )
}

/// An HTML error page such as a reverse proxy or load balancer sends.
pub fn html_response(status: StatusCode) -> Response {
    let reason = status.canonical_reason().unwrap_or("Error");
    let code = status.as_u16();
    let page = format!(
        "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n\
         <center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n\
         </body>\r\n</html>\r\n"
    );
    let mut res = Response::new(Body::from(page));
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_live_api_and_stays_the_same_json() {
        let v =
            serde_json::json!({"m": "이미 전액취소된 주문입니다.", "u": "https://x/y", "e": "😀"});
        let text = ascii_escape(&v.to_string());
        assert!(text.is_ascii());
        assert!(text.contains("\\uc774\\ubbf8"), "{text}");
        assert!(text.contains("https:\\/\\/x\\/y"), "{text}");
        assert!(text.contains("\\ud83d\\ude00"), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn envelopes_carry_explicit_nulls() {
        let e = portone_v1::ErrorResponse {
            code: -1,
            message: Some("x".into()),
            response: None,
        };
        let v: Value = serde_json::from_str(&envelope_json(&e)).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"code": -1, "message": "x", "response": null})
        );
    }
}
