//! [`DecodeError`]: a body that is not the expected JSON, described by where
//! it breaks, never by what it holds.
//!
//! serde's own message quotes the offending value (`invalid type: string
//! "홍길동", expected ...`), and the body around it is a payment with the
//! buyer's details, so neither is kept in the text: only serde's category,
//! line and column, and the JSON path of the failure. The path is found by
//! scanning the bytes up to serde's line and column ([`json_path`]; only on
//! failure, so the success path pays nothing, and without decoding again,
//! so no type is compiled twice for it).

use std::fmt;

use bytes::Bytes;
use serde_json::error::Category;

use crate::raw_response::RawBody;

pub(crate) mod json_path;

/// A response arrived but its body is not the expected JSON.
///
/// `Display` and `Debug` show the HTTP status, serde's category, the line,
/// column and JSON path of the failure, never the body or serde's message
/// (both can hold buyer data). [`DecodeError::raw_body`] gives the body.
#[derive(Debug)]
pub struct DecodeError {
    status: Option<u16>,
    category: Category,
    line: usize,
    column: usize,
    path: String,
    /// A problem found in a body that decoded (a fixed text, no body data).
    problem: Option<&'static str>,
    body: RawBody,
}

impl DecodeError {
    /// The failure of decoding `body`: `error` is what decoding reported;
    /// the JSON path comes from the bytes (see [`json_path`]), so this is
    /// not generic over the type decoded.
    pub(crate) fn of(status: Option<u16>, body: Bytes, error: &serde_json::Error) -> Self {
        DecodeError {
            status,
            category: error.classify(),
            line: error.line(),
            column: error.column(),
            path: json_path::at_error(&body, error),
            problem: None,
            body: RawBody::new(body),
        }
    }

    /// A body that decoded but breaks the envelope's rules at `path`.
    pub(crate) fn problem(
        status: u16,
        body: Bytes,
        path: &'static str,
        problem: &'static str,
    ) -> Self {
        DecodeError {
            status: Some(status),
            category: Category::Data,
            line: 0,
            column: 0,
            path: path.to_string(),
            problem: Some(problem),
            body: RawBody::new(body),
        }
    }

    /// HTTP status of the response, when known.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// serde's category: [`Category::Syntax`] (not JSON), [`Category::Eof`]
    /// (cut short), [`Category::Data`] (JSON of the wrong shape) or
    /// [`Category::Io`].
    pub fn category(&self) -> Category {
        self.category
    }

    /// Line of the failure (1-based; 0 when the body decoded but its
    /// envelope is inconsistent).
    pub fn line(&self) -> usize {
        self.line
    }

    /// Column of the failure (1-based; 0 as for [`DecodeError::line`]).
    pub fn column(&self) -> usize {
        self.column
    }

    /// JSON path of the failure, like `response.cancel_history[0].amount`
    /// (`.` for the top level). A key that is not a lowercase field name
    /// (`[a-z_][a-z0-9_]*`) is shown as `?`, and the path ends there: keys
    /// of free-form objects come from the body, field names from the spec.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The body exactly as it arrived. It may hold buyer data (name, phone,
    /// e-mail, address, card and account numbers): do not log it.
    pub fn raw_body(&self) -> &[u8] {
        self.body.as_bytes()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not parse the response")?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        write!(f, ": {} error", category_name(self.category))?;
        if self.line > 0 {
            write!(f, " at line {}, column {}", self.line, self.column)?;
        }
        write!(f, ", JSON path `{}`", self.path)?;
        if let Some(problem) = self.problem {
            write!(f, ": {problem}")?;
        }
        write!(
            f,
            " (the body is not shown, it may hold buyer data; raw_body() has it)"
        )
    }
}

impl std::error::Error for DecodeError {}

fn category_name(category: Category) -> &'static str {
    match category {
        Category::Syntax => "syntax",
        Category::Data => "data",
        Category::Eof => "eof",
        Category::Io => "io",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generated::types::PaymentResponse;

    /// What decoding `body` as a payment envelope reports.
    fn located(body: &str) -> (String, Category) {
        let error = serde_json::from_slice::<PaymentResponse>(body.as_bytes()).unwrap_err();
        let d = DecodeError::of(Some(200), Bytes::from(body.to_string()), &error);
        assert_eq!((d.line(), d.column()), (error.line(), error.column()));
        (d.path().to_string(), d.category())
    }

    #[test]
    fn paths_name_fields_and_hide_other_keys() {
        assert_eq!(
            located(r#"{"code":"zero"}"#),
            ("code".to_string(), Category::Data)
        );
        assert_eq!(
            located(r#"{"code":0,"response":{"Kim Minsu@x":[1,"#),
            ("response.?".to_string(), Category::Eof)
        );
        assert_eq!(
            located(r#"{"code":0,"response":{"cancel_history":[{"amount":true"#),
            (
                "response.cancel_history[0].amount".to_string(),
                Category::Data
            )
        );
        assert_eq!(
            located(r#"{"code":0} x"#),
            (".".to_string(), Category::Syntax)
        );
    }

    #[test]
    fn the_text_shows_the_place_but_not_the_body() {
        let body = r#"{"code":0,"response":{"buyer_name":"홍길동","amount":"many"}}"#;
        let error = serde_json::from_slice::<PaymentResponse>(body.as_bytes()).unwrap_err();
        let d = DecodeError::of(Some(200), Bytes::from(body), &error);
        let text = d.to_string();
        assert!(
            text.contains("data error at line 1, column 62, JSON path `response.amount`"),
            "{text}"
        );
        assert!(!text.contains("홍길동") && !text.contains("many"), "{text}");
    }
}
