//! [`DecodeError`]: a body that is not the expected JSON, described by where
//! it breaks, never by what it holds.
//!
//! serde's own message quotes the offending value (`invalid type: string
//! "홍길동", expected ...`), and the body around it is a payment with the
//! buyer's details, so neither is kept in the text: only serde's category,
//! line and column, and the JSON path of the failure. The path is found by
//! decoding the bytes once more with `serde_path_to_error` (only on failure,
//! so the success path pays nothing).

use std::fmt;

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_path_to_error::Segment;

use crate::raw_response::RawBody;

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
    /// The failure of decoding `body` as `T`: `error` is what decoding
    /// reported; the path comes from decoding `body` again, tracking it
    /// (if that succeeds, `error` was about another type: path `?`).
    pub(crate) fn of<T: DeserializeOwned>(
        status: Option<u16>,
        body: Bytes,
        error: &serde_json::Error,
    ) -> Self {
        let (path, category, line, column) = match locate::<T>(&body) {
            Some(located) => located,
            None => (
                "?".to_string(),
                error.classify(),
                error.line(),
                error.column(),
            ),
        };
        DecodeError {
            status,
            category,
            line,
            column,
            path,
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
    /// (`[a-z_][a-z0-9_]*`) is shown as `?`: keys of free-form objects come
    /// from the body, field names from the spec.
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

/// Where decoding `body` as `T` fails: path, category, line, column; `None`
/// if it does not fail. Decodes exactly as `serde_json::from_slice` does,
/// trailing characters included.
fn locate<T: DeserializeOwned>(body: &[u8]) -> Option<(String, Category, usize, usize)> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let (path, error) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => (describe(e.path()), e.into_inner()),
        Ok(_) => (".".to_string(), de.end().err()?),
    };
    Some((path, error.classify(), error.line(), error.column()))
}

/// The path as `a.b[0].c`, with every key that is not a field name hidden.
fn describe(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key: name } | Segment::Enum { variant: name } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(if is_field_name(name) { name } else { "?" });
            }
            Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

/// Whether a key looks like the spec's field names (all lowercase
/// snake_case). Names, e-mails, phone, card and account numbers and
/// addresses do not: they have capitals, non-ASCII letters, `@`, `-`,
/// spaces or a leading digit.
fn is_field_name(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= 64
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generated::types::PaymentResponse;

    fn located(body: &str) -> (String, Category) {
        let (path, category, _, _) = locate::<PaymentResponse>(body.as_bytes()).unwrap();
        (path, category)
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
        assert!(locate::<PaymentResponse>(br#"{"code":1}"#).is_none());
    }

    #[test]
    fn field_names_are_lowercase_snake_case() {
        assert!(is_field_name("buyer_name"));
        assert!(is_field_name("_x1"));
        for key in ["", "Buyer", "홍길동", "a@b.c", "010-1234", "1abc", "a b"] {
            assert!(!is_field_name(key), "{key}");
        }
    }
}
