//! The JSON path of the place where serde_json stopped reading a body, found
//! by scanning the raw bytes up to the error's line and column.
//!
//! Why not `serde_path_to_error`: it tracks the path by wrapping the
//! deserializer, so every type decoded through it is compiled a second time
//! (all the response types, for an error that is rare). This scanner is one
//! function, whatever the type: it only follows the JSON structure (object
//! keys, array indexes) up to the error, and answers as the wrapper would:
//! an error in a value names the value, an error between the values of an
//! object (a bad separator, a cut after a comma) names the object plus `?`,
//! one between the elements of an array names the array, and an error that
//! serde raises when an object closes (a missing field) names that object.
//! Where the two differ, the scanner says more: it also follows the values
//! of unknown fields, which serde skips unseen (the wrapper ends at their
//! key), and it names the key where the wrapper named the enum or struct a
//! key's error is in. A check of every one-byte change, cut and wrong type
//! of a payment envelope found no other difference.

use serde_json::error::Category;

/// The path at which `error` stopped the reading of `body` as JSON, like
/// `response.cancel_history[0].amount`; `.` for the top level, `?` for a
/// key that is not a lowercase field name (keys of free-form objects come
/// from the body; field names from the spec), where the path ends (what
/// lies under such a key has the body's shape, not the spec's; and serde
/// skips it when the key is unknown, so the wrapper ended there too), and
/// `?` alone if the error has no position inside `body`.
pub(crate) fn at_error(body: &[u8], error: &serde_json::Error) -> String {
    let Some(end) = offset(body, error.line(), error.column()) else {
        return "?".to_string();
    };
    let mut scan = Scan::default();
    let stuck = body[..end].iter().position(|&b| !scan.step(b));
    let category = error.classify();
    let place = match (stuck, category) {
        // A byte that cannot come here: serde stopped at it. (Unless the
        // error is about data: serde may then read on a little before it
        // reports, e.g. the `,` of `[,` after refusing an array.)
        (Some(at), Category::Syntax | Category::Eof | Category::Io) => scan.stuck(Some(body[at])),
        (None, Category::Eof) => scan.at_eof(),
        (stuck, _) => {
            let end = stuck.unwrap_or(end);
            // serde names the struct a duplicate key is in, not the key.
            let duplicate = error.to_string().starts_with("duplicate field");
            // A value serde refused without reading it starts here.
            let unread = matches!(body.get(end), Some(b'[' | b'{'));
            scan.raised(category == Category::Data, duplicate, unread)
        }
    };
    render(&place)
}

/// The byte offset of serde_json's `line` (1-based) and `column` (bytes
/// into the line: the place is just after the last byte read, or after the
/// byte it peeked at).
fn offset(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += body[start..].iter().position(|&b| b == b'\n')? + 1;
    }
    let end = start.checked_add(column)?;
    (end <= body.len()).then_some(end)
}

/// One step of a path: a key (`None` when it is not a field name, or not
/// read yet) or an array index.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(Option<String>),
    Index(usize),
}

fn render(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Key(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                match name {
                    Some(name) => out.push_str(name),
                    None => {
                        out.push('?');
                        break;
                    }
                }
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
pub(crate) fn is_field_name(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= 64
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Where inside an object the scan is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum InObject {
    /// Just after `{`: a key or `}`.
    FirstKey,
    /// After `,`: a key.
    Key,
    /// Inside a key's string.
    InKey,
    /// After a key: `:`.
    Colon,
    /// After `:`: the value.
    Value,
    /// After a value: `,` or `}`.
    After,
}

/// Where inside an array the scan is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum InArray {
    /// Just after `[`: a value or `]`.
    First,
    /// After `,`: a value.
    Value,
    /// After a value: `,` or `]`.
    After,
}

#[derive(Debug)]
enum Frame {
    /// `key`: the last key read (its value is the current one).
    Object { key: Option<String>, at: InObject },
    /// `index`: the current element.
    Array { index: usize, at: InArray },
}

/// A scalar being read.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
enum Token {
    #[default]
    None,
    /// A string; `escape`: after `\` (1), inside `\uXXXX` (2 + digits
    /// read, `hex` their value).
    Str {
        escape: u8,
        hex: u32,
    },
    Number(Number),
    /// `true`, `false` or `null`: the bytes still to come.
    Literal(&'static [u8]),
}

/// The JSON number grammar, as states.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Number {
    Minus,
    Zero,
    Int,
    Dot,
    Fraction,
    E,
    ESign,
    Exponent,
}

impl Number {
    /// The state after `b`: `Ok(None)` if `b` ends the number, `Err` if the
    /// number cannot end or go on with `b`.
    fn next(self, b: u8) -> Result<Option<Number>, ()> {
        use Number::*;
        Ok(Some(match (self, b) {
            (Minus, b'0') => Zero,
            (Minus | Int, b'1'..=b'9') | (Int, b'0') => Int,
            (Zero | Int, b'.') => Dot,
            (Dot | Fraction, b'0'..=b'9') => Fraction,
            (Zero | Int | Fraction, b'e' | b'E') => E,
            (E, b'+' | b'-') => ESign,
            (E | ESign | Exponent, b'0'..=b'9') => Exponent,
            (Zero | Int | Fraction | Exponent, _) if !b.is_ascii_digit() => return Ok(None),
            _ => return Err(()),
        }))
    }

    fn complete(self) -> bool {
        matches!(
            self,
            Number::Zero | Number::Int | Number::Fraction | Number::Exponent
        )
    }
}

#[derive(Debug, Default)]
struct Scan {
    frames: Vec<Frame>,
    /// The top-level value has been read.
    done: bool,
    token: Token,
    /// The key being read, while it can still be a field name.
    key: Option<String>,
}

impl Scan {
    /// Reads `b`; `false` if `b` cannot come here (the scan stops).
    fn step(&mut self, b: u8) -> bool {
        match self.token {
            Token::None => self.structural(b),
            Token::Str { escape, hex } => {
                self.string(b, escape, hex);
                true
            }
            Token::Number(n) => match n.next(b) {
                Ok(Some(n)) => {
                    self.token = Token::Number(n);
                    true
                }
                Ok(None) => {
                    self.token = Token::None;
                    self.completed();
                    self.structural(b)
                }
                Err(()) => false,
            },
            Token::Literal(rest) => {
                if rest.first() != Some(&b) {
                    return false;
                }
                if rest.len() == 1 {
                    self.token = Token::None;
                    self.completed();
                } else {
                    self.token = Token::Literal(&rest[1..]);
                }
                true
            }
        }
    }

    fn expects_value(&self) -> bool {
        match self.frames.last() {
            None => !self.done,
            Some(Frame::Object { at, .. }) => *at == InObject::Value,
            Some(Frame::Array { at, .. }) => *at != InArray::After,
        }
    }

    fn in_key(&self) -> bool {
        matches!(
            self.frames.last(),
            Some(Frame::Object {
                at: InObject::InKey,
                ..
            })
        )
    }

    /// A byte outside any scalar.
    fn structural(&mut self, b: u8) -> bool {
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            return true;
        }
        if self.expects_value() {
            self.token = match b {
                b'{' => {
                    self.frames.push(Frame::Object {
                        key: None,
                        at: InObject::FirstKey,
                    });
                    return true;
                }
                b'[' => {
                    self.frames.push(Frame::Array {
                        index: 0,
                        at: InArray::First,
                    });
                    return true;
                }
                b']' if matches!(
                    self.frames.last(),
                    Some(Frame::Array {
                        at: InArray::First,
                        ..
                    })
                ) =>
                {
                    self.close();
                    return true;
                }
                b'"' => Token::Str { escape: 0, hex: 0 },
                b'-' => Token::Number(Number::Minus),
                b'0' => Token::Number(Number::Zero),
                b'1'..=b'9' => Token::Number(Number::Int),
                b't' => Token::Literal(b"rue"),
                b'f' => Token::Literal(b"alse"),
                b'n' => Token::Literal(b"ull"),
                _ => return false,
            };
            return true;
        }
        match self.frames.last_mut() {
            None => false,
            Some(Frame::Object { at, .. }) => match (*at, b) {
                (InObject::FirstKey | InObject::Key, b'"') => {
                    *at = InObject::InKey;
                    self.token = Token::Str { escape: 0, hex: 0 };
                    self.key = Some(String::new());
                    true
                }
                (InObject::Colon, b':') => {
                    *at = InObject::Value;
                    true
                }
                (InObject::After, b',') => {
                    *at = InObject::Key;
                    true
                }
                (InObject::FirstKey | InObject::After, b'}') => {
                    self.close();
                    true
                }
                _ => false,
            },
            Some(Frame::Array { index, at }) => match (*at, b) {
                (InArray::After, b',') => {
                    *index += 1;
                    *at = InArray::Value;
                    true
                }
                (InArray::After, b']') => {
                    self.close();
                    true
                }
                _ => false,
            },
        }
    }

    /// A byte inside a string. Not validated: serde_json stops at a bad
    /// escape or control character, and so does the scan (the error's
    /// position is there).
    fn string(&mut self, b: u8, escape: u8, hex: u32) {
        let key = self.in_key();
        let mut push = |c: Option<char>| {
            if key {
                let field = c.filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_');
                match (field, &mut self.key) {
                    (Some(c), Some(k)) => k.push(c),
                    _ => self.key = None,
                }
            }
        };
        self.token = match (escape, b) {
            (0, b'"') => {
                self.token = Token::None;
                if key {
                    let name = self.key.take().filter(|k| is_field_name(k));
                    if let Some(Frame::Object { key, at }) = self.frames.last_mut() {
                        *key = name;
                        *at = InObject::Colon;
                    }
                } else {
                    self.completed();
                }
                return;
            }
            (0, b'\\') => Token::Str { escape: 1, hex: 0 },
            (0, _) => {
                push(Some(b as char).filter(|_| b.is_ascii()));
                Token::Str { escape: 0, hex: 0 }
            }
            (1, b'u') => Token::Str { escape: 2, hex: 0 },
            (1, _) => {
                // `\"`, `\\`, `\/`, `\n`...: none is a field name's letter.
                push(None);
                Token::Str { escape: 0, hex: 0 }
            }
            (_, _) => {
                let hex = hex * 16 + char::from(b).to_digit(16).unwrap_or(0);
                if escape < 5 {
                    Token::Str {
                        escape: escape + 1,
                        hex,
                    }
                } else {
                    // The fourth digit. A surrogate is no field name's letter.
                    push(char::from_u32(hex));
                    Token::Str { escape: 0, hex: 0 }
                }
            }
        };
    }

    /// The current value (a scalar, or the container just closed) is read.
    fn completed(&mut self) {
        match self.frames.last_mut() {
            None => self.done = true,
            Some(Frame::Object { at, .. }) => *at = InObject::After,
            Some(Frame::Array { at, .. }) => *at = InArray::After,
        }
    }

    fn close(&mut self) {
        self.frames.pop();
        self.completed();
    }

    /// The path of the innermost container, and the step of its current
    /// key or element (if any).
    fn container(&self) -> (Vec<Step>, Option<Step>) {
        let mut path = Vec::new();
        let n = self.frames.len();
        for (i, frame) in self.frames.iter().enumerate() {
            let step = match frame {
                Frame::Object { key, .. } => Step::Key(key.clone()),
                Frame::Array { index, .. } => Step::Index(*index),
            };
            if i + 1 == n {
                return (path, Some(step));
            }
            path.push(step);
        }
        (path, None)
    }

    fn with(mut path: Vec<Step>, step: Option<Step>) -> Vec<Step> {
        path.extend(step);
        path
    }

    /// The error is at `b` (`None`: the end of the body), which cannot come
    /// where the scan is.
    fn stuck(&self, b: Option<u8>) -> Vec<Step> {
        let (path, current) = self.container();
        if self.token != Token::None {
            // Inside a scalar: the value's path (a key's: its object's `?`).
            return match self.in_key() {
                true => Self::with(path, Some(Step::Key(None))),
                false => Self::with(path, current),
            };
        }
        match self.frames.last() {
            None => path,
            Some(Frame::Object { at, .. }) => match at {
                InObject::Colon => path,
                InObject::Value => Self::with(path, current),
                _ => Self::with(path, Some(Step::Key(None))),
            },
            Some(Frame::Array { at, .. }) => match (at, b) {
                (InArray::First | InArray::Value, Some(b)) if b != b']' => {
                    Self::with(path, current)
                }
                _ => path,
            },
        }
    }

    /// The body ends where the scan is.
    fn at_eof(&mut self) -> Vec<Step> {
        if let Token::Number(n) = self.token
            && n.complete()
        {
            self.token = Token::None;
            self.completed();
        }
        self.stuck(None)
    }

    /// serde raised a (`data`) error just after what the scan read: about
    /// the value just read, the key just read (`duplicate`: serde names the
    /// key's object), the container just opened (a type that takes no
    /// object or array), or the value about to start (`unread`: its `[` or
    /// `{` comes next, refused before serde read it).
    fn raised(&self, data: bool, duplicate: bool, unread: bool) -> Vec<Step> {
        let (path, current) = self.container();
        if self.token != Token::None {
            return self.stuck(None);
        }
        match self.frames.last() {
            None => path,
            Some(Frame::Object { at, .. }) => match at {
                InObject::FirstKey => path,
                InObject::Key | InObject::InKey if !data => path,
                InObject::Key | InObject::InKey => Self::with(path, Some(Step::Key(None))),
                InObject::Colon if duplicate => path,
                InObject::Colon if !data => Self::with(path, Some(Step::Key(None))),
                InObject::Colon | InObject::Value | InObject::After => Self::with(path, current),
            },
            Some(Frame::Array { at, .. }) => match at {
                InArray::First if !(data && unread) => path,
                _ => Self::with(path, current),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde::de::DeserializeOwned;

    use super::*;

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Order {
        id: u32,
        items: Vec<Item>,
        tags: Option<Vec<String>>,
        meta: Option<BTreeMap<String, serde_json::Value>>,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Item {
        name: String,
        qty: u32,
    }

    /// The path serde_json's own error when decoding `body` as `T` leads to.
    fn path<T: DeserializeOwned>(body: &str) -> String {
        let error = match serde_json::from_str::<T>(body) {
            Err(e) => e,
            Ok(_) => panic!("{body} decodes"),
        };
        at_error(body.as_bytes(), &error)
    }

    fn order(body: &str) -> String {
        path::<Order>(body)
    }

    #[test]
    fn a_type_error_in_an_array_of_objects_names_the_element_and_field() {
        let body = r#"{"id":1,"items":[{"name":"a","qty":1},{"name":"b","qty":"x"}]}"#;
        assert_eq!(order(body), "items[1].qty");
        let body = r#"{"id":1,"items":[{"name":"a","qty":1},{"name":"b","qty":-1}]}"#;
        assert_eq!(order(body), "items[1].qty");
        // A value refused before it is read (an array where text belongs).
        assert_eq!(
            order(r#"{"id":1,"items":[{"name":["a"]}]}"#),
            "items[0].name"
        );
        assert_eq!(order(r#"{"id":1,"items":[],"tags":["a",{}]}"#), "tags[1]");
        assert_eq!(order(r#"{"id":1,"items":[],"tags":[[]]}"#), "tags[0]");
        // A type that takes no array, given one: the array itself.
        assert_eq!(order(r#"{"id":[1],"items":[]}"#), "id");
    }

    #[test]
    fn nested_objects_and_arrays_and_many_lines() {
        let body = "{\n  \"id\": 1,\n  \"items\": [\n    {\"name\": \"a\", \"qty\": 1},\n    {\"name\": 5}\n  ]\n}";
        assert_eq!(order(body), "items[1].name");
        let body = r#"{"id":1,"items":[],"meta":{"a":{"b":[1,[2,x]]}}}"#;
        assert_eq!(order(body), "meta.a.b[1][1]");
    }

    #[test]
    fn missing_fields_name_the_object_that_lacks_them() {
        assert_eq!(order(r#"{"items":[]}"#), ".");
        assert_eq!(
            order(r#"{"id":1,"items":[{"name":"a","qty":1},{"name":"b"}]}"#),
            "items[1]"
        );
        assert_eq!(order(r#"{"id":1,"items":[{}]}"#), "items[0]");
    }

    #[test]
    fn escaped_keys_are_read_as_serde_reads_them() {
        // `\u0069\u0064` is `id`; an escaped quote does not end a key.
        assert_eq!(order(r#"{"\u0069\u0064":"x","items":[]}"#), "id");
        assert_eq!(order(r#"{"a\"b":1,"id":"x","items":[]}"#), "id");
        // Keys that are no field names are hidden, escaped or not.
        assert_eq!(
            order(r#"{"id":1,"items":[],"meta":{"Kim \"M\"":[1,}}"#),
            "meta.?"
        );
        assert_eq!(
            order(r#"{"id":1,"items":[],"meta":{"a\nb":[x]}}"#),
            "meta.?"
        );
        assert_eq!(
            order(r#"{"id":1,"items":[],"meta":{"홍길동":[x]}}"#),
            "meta.?"
        );
        assert_eq!(
            order(r#"{"id":1,"items":[],"meta":{"\ud55c":[x]}}"#),
            "meta.?"
        );
        // Nothing under a hidden key is described, field-like or not.
        assert_eq!(
            order(r#"{"id":1,"items":[],"meta":{"Kim":{"qty":[x]}}}"#),
            "meta.?"
        );
        // An unknown field's value is followed (serde skips it unseen).
        assert_eq!(
            order(r#"{"id":1,"items":[],"other":{"qty":[x]}}"#),
            "other.qty[0]"
        );
    }

    #[test]
    fn errors_at_eof() {
        assert_eq!(order(""), ".");
        assert_eq!(order("{"), "?");
        assert_eq!(order(r#"{"na"#), "?");
        assert_eq!(order(r#"{"id""#), ".");
        assert_eq!(order(r#"{"id":"#), "id");
        assert_eq!(order(r#"{"id":-"#), "id");
        assert_eq!(order(r#"{"id":1"#), "?");
        assert_eq!(order(r#"{"id":1,"items":["#), "items");
        assert_eq!(order(r#"{"id":1,"items":[{"name":"a","qty":1},"#), "items");
        assert_eq!(order(r#"{"id":1,"items":[{"name":"a"#), "items[0].name");
        assert_eq!(order(r#"{"id":1,"items":[{"name":"a""#), "items[0].?");
        assert_eq!(order(r#"{"id":1,"items":[{"name":tr"#), "items[0].name");
        assert_eq!(order(r#"{"id":1,"items":[{"qty":1.5e"#), "items[0].qty");
    }

    #[test]
    fn errors_at_a_key_name_the_object_errors_at_a_value_name_the_value() {
        // At a key (or where one belongs): the object, then `?`.
        assert_eq!(order(r#"{"id":1,x"#), "?");
        assert_eq!(order(r#"{"id":1,"items":[{"name":"a",}]}"#), "items[0].?");
        assert_eq!(order(r#"{"id":1 "items":[]}"#), "?");
        // A key without its colon: the object.
        assert_eq!(order(r#"{"id" 1}"#), ".");
        // A key given twice: serde names the object.
        assert_eq!(order(r#"{"id":1,"id":2,"items":[]}"#), ".");
        // At a value: the value.
        assert_eq!(order(r#"{"id":x}"#), "id");
        assert_eq!(order(r#"{"id":tru}"#), "id");
        assert_eq!(order(r#"{"id":01}"#), "id");
        assert_eq!(
            order(r#"{"id":1,"items":[{"name":"a","qty":1} {}]}"#),
            "items"
        );
        assert_eq!(order(r#"{"id":1,"items":[,]}"#), "items[0]");
        assert_eq!(
            order(r#"{"id":1,"items":[{"name":"a","qty":1},]}"#),
            "items"
        );
    }

    #[test]
    fn errors_after_the_top_value_or_without_a_place() {
        assert_eq!(order(r#"{"id":1,"items":[]} x"#), ".");
        assert_eq!(path::<u32>("\"1\""), ".");
        let no_place = serde_json::from_value::<u32>(serde_json::json!("1")).unwrap_err();
        assert_eq!(at_error(b"\"1\"", &no_place), "?");
        let past_the_end = serde_json::from_str::<u32>("\n\n\"1\"").unwrap_err();
        assert_eq!(at_error(b"\"1\"", &past_the_end), "?");
    }

    #[test]
    fn field_names_are_lowercase_snake_case() {
        assert!(is_field_name("buyer_name"));
        assert!(is_field_name("_x1"));
        for key in ["", "Buyer", "홍길동", "a@b.c", "010-1234", "1abc", "a b"] {
            assert!(!is_field_name(key), "{key}");
        }
        assert!(!is_field_name(&"a".repeat(65)));
    }
}
