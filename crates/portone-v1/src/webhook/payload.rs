//! The webhook body: read from JSON or from a form, written the same two ways.
//!
//! Read leniently, as every response is: unknown fields are ignored, a
//! status this crate does not know is kept ([`PaymentStatus::Other`]), and
//! a `null` or empty value counts as absent (a form cannot say `null`).
//! What the type needs and the body lacks is an error naming the field;
//! no error quotes the body, which anyone can send and which could hold
//! anything.
//!
//! [`PaymentStatus::Other`]: crate::PaymentStatus::Other

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

use crate::generated::types::WebhookPayload;

/// How a webhook body is encoded: a console setting at PortOne.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WebhookFormat {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
}

impl WebhookFormat {
    /// The `Content-Type` a body of this format is sent with.
    pub fn content_type(self) -> &'static str {
        match self {
            WebhookFormat::Json => "application/json",
            WebhookFormat::Form => "application/x-www-form-urlencoded",
        }
    }

    /// The format a `Content-Type` value names, parameters (`; charset=...`)
    /// and case ignored; `None` for any other media type.
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        let media = content_type.split(';').next().unwrap_or("").trim();
        if media.eq_ignore_ascii_case("application/json") {
            Some(WebhookFormat::Json)
        } else if media.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
            Some(WebhookFormat::Form)
        } else {
            None
        }
    }
}

impl fmt::Display for WebhookFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WebhookFormat::Json => "json",
            WebhookFormat::Form => "form",
        })
    }
}

impl FromStr for WebhookFormat {
    type Err = String;

    /// `json` or `form` (what [`Display`](fmt::Display) writes).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "json" => Ok(WebhookFormat::Json),
            "form" => Ok(WebhookFormat::Form),
            other => Err(format!(
                "webhook format `{other}` is neither `json` nor `form`"
            )),
        }
    }
}

/// Why a webhook body could not be read. `Display` names the format and,
/// where there is one, the field; never a value from the body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookParseError {
    /// Not well-formed JSON, or not a decodable form.
    Malformed {
        /// The format it was read as.
        format: WebhookFormat,
        /// Line of the failure in a JSON body (1-based); 0 for a form.
        line: usize,
        /// Column of the failure in a JSON body (1-based); 0 for a form.
        column: usize,
    },
    /// JSON, but not an object.
    NotAnObject,
    /// A field the payload needs is absent, `null` or empty.
    MissingField {
        /// The format it was read as.
        format: WebhookFormat,
        /// The field, as named on the wire.
        field: String,
    },
    /// A field holds a value of the wrong type (a number where text
    /// belongs, say).
    WrongType {
        /// The format it was read as.
        format: WebhookFormat,
        /// The field, as named on the wire.
        field: String,
    },
}

impl fmt::Display for WebhookParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookParseError::Malformed {
                format: WebhookFormat::Json,
                line,
                column,
            } => write!(
                f,
                "the webhook body is not well-formed JSON (line {line}, column {column})"
            ),
            WebhookParseError::Malformed { format, .. } => write!(
                f,
                "the webhook body is not a decodable {format} (`key=value&...`, UTF-8)"
            ),
            WebhookParseError::NotAnObject => {
                write!(f, "the webhook body is JSON but not an object")
            }
            WebhookParseError::MissingField { format, field } => write!(
                f,
                "the webhook body ({format}) lacks `{field}`, which every PortOne webhook carries"
            ),
            WebhookParseError::WrongType { format, field } => write!(
                f,
                "the webhook body ({format}) holds a value of the wrong type in `{field}` (not shown)"
            ),
        }
    }
}

impl std::error::Error for WebhookParseError {}

impl WebhookPayload {
    /// Reads a body in the format its `Content-Type` names. A JSON content
    /// type is read as JSON; anything else (a form, no content type, a
    /// mislabelled body) as JSON when it starts with `{`, else as a form:
    /// `curl -d '{...}'` labels JSON as a form.
    pub fn from_body(content_type: Option<&str>, body: &[u8]) -> Result<Self, WebhookParseError> {
        let named = content_type.and_then(WebhookFormat::from_content_type);
        let looks_like_json = body
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'{');
        if named == Some(WebhookFormat::Json) || looks_like_json {
            Self::from_json(body)
        } else {
            Self::from_form(body)
        }
    }

    /// Reads a JSON body (`{"imp_uid": ..., "merchant_uid": ..., ...}`).
    pub fn from_json(body: &[u8]) -> Result<Self, WebhookParseError> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| WebhookParseError::Malformed {
                format: WebhookFormat::Json,
                line: e.line(),
                column: e.column(),
            })?;
        let Value::Object(object) = value else {
            return Err(WebhookParseError::NotAnObject);
        };
        from_object(object, WebhookFormat::Json)
    }

    /// Reads a form body (`imp_uid=...&merchant_uid=...&status=paid`). A
    /// key given twice keeps its last value; a body that is not text is
    /// malformed (percent-escapes that decode to no text become U+FFFD).
    pub fn from_form(body: &[u8]) -> Result<Self, WebhookParseError> {
        let malformed = |_| WebhookParseError::Malformed {
            format: WebhookFormat::Form,
            line: 0,
            column: 0,
        };
        let text = std::str::from_utf8(body).map_err(|e| malformed(e.to_string()))?;
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(text).map_err(|e| malformed(e.to_string()))?;
        let object = pairs
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        from_object(object, WebhookFormat::Form)
    }

    /// The body as PortOne sends it in `format` (for a test of a receiver;
    /// the fake server sends these). Absent fields are left out.
    pub fn to_body(&self, format: WebhookFormat) -> Vec<u8> {
        match format {
            WebhookFormat::Json => {
                serde_json::to_vec(self).expect("a payload of strings always serializes")
            }
            WebhookFormat::Form => serde_urlencoded::to_string(self)
                .expect("a flat payload of strings always encodes as a form")
                .into_bytes(),
        }
    }
}

/// Decodes the object into the generated type, `null` and `""` dropped so
/// that they read as absent.
fn from_object(
    mut object: Map<String, Value>,
    format: WebhookFormat,
) -> Result<WebhookPayload, WebhookParseError> {
    object.retain(|_, v| !(v.is_null() || v.as_str() == Some("")));
    // Read from bytes, not from the object: serde_json's error then has a
    // line and column to find the field at (crate::decode_error::json_path).
    // Written as text by serde_json, so read as text: no UTF-8 check.
    let text = serde_json::to_string(&object).expect("a JSON object always serializes");
    let bytes = text.as_bytes();
    serde_json::from_str(&text).map_err(|e| {
        let inner = e.to_string();
        // serde's own text for an absent field is "missing field `name`",
        // the name taken from the type (never from the body).
        match inner
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            Some(field) => WebhookParseError::MissingField {
                format,
                field: field_name(field),
            },
            None => WebhookParseError::WrongType {
                format,
                field: field_name(&crate::decode_error::json_path::at_error(bytes, &e)),
            },
        }
    })
}

/// A field name as the spec writes them, or `?`: nothing else from the
/// body reaches an error.
fn field_name(name: &str) -> String {
    if crate::decode_error::json_path::is_field_name(name) {
        name.to_string()
    } else {
        "?".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::open_enums::PaymentStatus;

    #[test]
    fn json_and_form_read_the_same_payload() {
        let json = br#"{"imp_uid":"imp_1","merchant_uid":"order-1","status":"cancelled","cancellation_id":"c-1","extra":{"x":1}}"#;
        let form =
            b"imp_uid=imp_1&merchant_uid=order-1&status=cancelled&cancellation_id=c-1&extra=x";
        let a = WebhookPayload::from_json(json).unwrap();
        let b = WebhookPayload::from_form(form).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.status, PaymentStatus::Cancelled);
        assert_eq!(a.cancellation_id.as_deref(), Some("c-1"));
        assert_eq!(
            WebhookPayload::from_body(Some("application/json; charset=utf-8"), json).unwrap(),
            a
        );
        assert_eq!(
            WebhookPayload::from_body(Some("application/x-www-form-urlencoded"), form).unwrap(),
            a
        );
        // Mislabelled or unlabelled JSON is still JSON.
        assert_eq!(
            WebhookPayload::from_body(Some("application/x-www-form-urlencoded"), json).unwrap(),
            a
        );
        assert_eq!(WebhookPayload::from_body(None, form).unwrap(), a);
    }

    #[test]
    fn new_statuses_and_absent_cancellation_ids_are_fine() {
        let p = WebhookPayload::from_form(
            b"imp_uid=imp_1&merchant_uid=o&status=partial_refunded&cancellation_id=",
        )
        .unwrap();
        assert_eq!(p.status, PaymentStatus::Other("partial_refunded".into()));
        assert_eq!(p.cancellation_id, None);
        let p = WebhookPayload::from_json(
            br#"{"imp_uid":"imp_1","merchant_uid":"o","status":"paid","cancellation_id":null}"#,
        )
        .unwrap();
        assert_eq!(p.cancellation_id, None);
    }

    #[test]
    fn round_trips_through_both_formats() {
        let p = WebhookPayload::from_json(
            r#"{"imp_uid":"imp_1","merchant_uid":"주문/1 & 2","status":"paid"}"#.as_bytes(),
        )
        .unwrap();
        for format in [WebhookFormat::Json, WebhookFormat::Form] {
            let body = p.to_body(format);
            let back = WebhookPayload::from_body(Some(format.content_type()), &body).unwrap();
            assert_eq!(back, p, "{format}");
            assert_eq!(format.to_string().parse::<WebhookFormat>(), Ok(format));
        }
        assert!(
            !String::from_utf8(p.to_body(WebhookFormat::Form))
                .unwrap()
                .contains("cancellation_id")
        );
    }

    #[test]
    fn errors_name_the_field_and_never_a_value() {
        let secret = "홍길동-010-1234-5678";
        let cases: Vec<(Vec<u8>, WebhookParseError)> = vec![
            (
                format!(r#"{{"merchant_uid":"{secret}","status":"paid"}}"#).into_bytes(),
                WebhookParseError::MissingField {
                    format: WebhookFormat::Json,
                    field: "imp_uid".into(),
                },
            ),
            (
                format!("imp_uid=imp_1&merchant_uid=&status={secret}").into_bytes(),
                WebhookParseError::MissingField {
                    format: WebhookFormat::Form,
                    field: "merchant_uid".into(),
                },
            ),
            (
                format!(r#"{{"imp_uid":["{secret}"],"merchant_uid":"o","status":"paid"}}"#)
                    .into_bytes(),
                WebhookParseError::WrongType {
                    format: WebhookFormat::Json,
                    field: "imp_uid".into(),
                },
            ),
            (
                format!(r#"{{"imp_uid":"{secret}""#).into_bytes(),
                WebhookParseError::Malformed {
                    format: WebhookFormat::Json,
                    line: 1,
                    column: 30,
                },
            ),
            (
                format!(r#"  ["{secret}"]"#).into_bytes(),
                WebhookParseError::NotAnObject,
            ),
            (
                b"imp_uid=\xff\xfe".to_vec(),
                WebhookParseError::Malformed {
                    format: WebhookFormat::Form,
                    line: 0,
                    column: 0,
                },
            ),
        ];
        for (body, want) in cases {
            let e = match want {
                WebhookParseError::NotAnObject => WebhookPayload::from_json(&body),
                _ => WebhookPayload::from_body(None, &body),
            }
            .unwrap_err();
            let text = format!("{e} {e:?}");
            assert!(!text.contains("홍길동") && !text.contains("1234"), "{text}");
            if let WebhookParseError::Malformed {
                format: WebhookFormat::Json,
                ..
            } = want
            {
                assert!(
                    matches!(
                        e,
                        WebhookParseError::Malformed {
                            format: WebhookFormat::Json,
                            ..
                        }
                    ),
                    "{e:?}"
                );
            } else {
                assert_eq!(e, want);
            }
        }
        let e = WebhookPayload::from_json(b"{\"status\":\"paid\"}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the webhook body (json) lacks `imp_uid`, which every PortOne webhook carries"
        );
    }
}
