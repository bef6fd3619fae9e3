//! The usage samples of the operations: `spec/samples/<operationId>/<name>.rs`
//! (the Rust call) and `.sh` (the CLI line), always as a pair, each
//! starting with header lines that name the request and response examples
//! of the spec they show (`//! request: partial`, `# response: ...`).
//!
//! [`Samples::read`] reads the folder as it is (no judgement); the model
//! holds it beside the document, and [`resolve`](super::sample_requests::resolve)
//! turns every pair into what the docs and the generated test need, or
//! into located problems that lint reports and generation refuses. The
//! file format is written down in spec/README.md ("Usage samples").

use std::collections::BTreeMap;
use std::path::Path;

/// Which file of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `<name>.rs`: a module with `pub async fn run(client: &PortOne)`.
    Rust,
    /// `<name>.sh`: one `portone-v1 ...` command line.
    Cli,
}

impl Kind {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Kind::Rust => "rs",
            Kind::Cli => "sh",
        }
    }

    /// What starts a header line: `//! ` (inner doc comment) or `# `.
    pub fn header_prefix(self) -> &'static str {
        match self {
            Kind::Rust => "//! ",
            Kind::Cli => "# ",
        }
    }

    /// The header keys this file may carry.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Rust => &["request", "response"],
            Kind::Cli => &["request", "response", "exit"],
        }
    }
}

/// One sample file as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleFile {
    /// The operation's folder name (an operationId, if it is right).
    pub operation: String,
    /// The file name without its extension.
    pub name: String,
    /// `.rs` or `.sh`.
    pub kind: Kind,
    /// Its text, or why it could not be read.
    pub text: Result<String, String>,
}

/// Something in the samples folder that is no sample file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    /// Path relative to the samples folder.
    pub rel: String,
    /// Why it does not belong.
    pub why: String,
}

/// The samples folder as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Samples {
    /// The folder as findings name it, e.g. `spec/samples`.
    pub label: String,
    /// Every `<operation>/<name>.rs|.sh`, sorted by operation, name, kind.
    pub files: Vec<SampleFile>,
    /// Everything else found in it.
    pub strays: Vec<Stray>,
}

impl Samples {
    /// No samples (the folder does not exist), named `label` in findings.
    pub fn empty(label: impl Into<String>) -> Samples {
        Samples {
            label: label.into(),
            ..Samples::default()
        }
    }

    /// Reads `dir` (a missing folder reads as no samples; lint then asks
    /// for a pair per operation). `label` is how findings name the folder.
    pub fn read(dir: &Path, label: impl Into<String>) -> Samples {
        let mut out = Samples::empty(label);
        let Ok(ops) = std::fs::read_dir(dir) else {
            return out;
        };
        let mut ops: Vec<_> = ops.flatten().collect();
        ops.sort_by_key(|e| e.file_name());
        for op in ops {
            let op_name = op.file_name().to_string_lossy().into_owned();
            if !op.path().is_dir() {
                out.strays.push(Stray {
                    why: "a file directly in the samples folder; samples live in `<operationId>/<name>.rs|.sh`".into(),
                    rel: op_name,
                });
                continue;
            }
            let Ok(entries) = std::fs::read_dir(op.path()) else {
                continue;
            };
            let mut entries: Vec<_> = entries.flatten().collect();
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                let file_name = entry.file_name().to_string_lossy().into_owned();
                let rel = format!("{op_name}/{file_name}");
                let kind = match file_name.rsplit_once('.') {
                    Some((_, "rs")) => Some(Kind::Rust),
                    Some((_, "sh")) => Some(Kind::Cli),
                    _ => None,
                };
                match (kind, entry.path().is_file()) {
                    (Some(kind), true) => {
                        let name = file_name.rsplit_once('.').unwrap().0.to_string();
                        let text = std::fs::read(entry.path())
                            .map_err(|e| format!("cannot be read: {e}"))
                            .and_then(|b| {
                                String::from_utf8(b).map_err(|_| {
                                    "is not UTF-8; save it as UTF-8".to_string()
                                })
                            });
                        out.files.push(SampleFile {
                            operation: op_name.clone(),
                            name,
                            kind,
                            text,
                        });
                    }
                    _ => out.strays.push(Stray {
                        rel,
                        why: "not a sample file; a sample folder holds only `<name>.rs` and `<name>.sh` pairs".into(),
                    }),
                }
            }
        }
        out
    }

    /// The files grouped by `(operation, name)`: the `.rs` and the `.sh`
    /// when present.
    pub fn pairs(&self) -> BTreeMap<(&str, &str), PairFiles<'_>> {
        let mut out: BTreeMap<(&str, &str), PairFiles<'_>> = BTreeMap::new();
        for f in &self.files {
            let slot = out.entry((&f.operation, &f.name)).or_default();
            match f.kind {
                Kind::Rust => slot.rust = Some(f),
                Kind::Cli => slot.cli = Some(f),
            }
        }
        out
    }

    /// How findings name a file: `spec/samples/<operation>/<name>.<ext>`.
    pub fn path_of(&self, operation: &str, name: &str, kind: Kind) -> String {
        format!("{}/{operation}/{name}.{}", self.label, kind.ext())
    }
}

/// The two files of one sample, as far as they exist.
#[derive(Debug, Clone, Copy, Default)]
pub struct PairFiles<'a> {
    /// `<name>.rs`.
    pub rust: Option<&'a SampleFile>,
    /// `<name>.sh`.
    pub cli: Option<&'a SampleFile>,
}

/// The header of a sample file and what follows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// `request: X`.
    pub request: Option<String>,
    /// `response: Y`.
    pub response: Option<String>,
    /// `exit: N` (CLI files only).
    pub exit: Option<i32>,
    /// The text after the header lines (leading blank lines dropped), as
    /// the docs show it.
    pub body: String,
    /// The line of the file [`body`](Self::body) starts at (1-based).
    pub body_line: usize,
}

/// Reads the header lines of a sample file: the leading lines of the form
/// `<prefix><key>: <value>` (`//! request: partial`, `# exit: 1`), where
/// `key` is one lowercase word. Stops at the first other line.
pub fn parse_header(text: &str, kind: Kind) -> Result<Header, String> {
    let mut header = Header::default();
    let mut rest = text;
    let mut line_no = 0;
    loop {
        let (line, after) = match rest.split_once('\n') {
            Some((l, a)) => (l, a),
            None => (rest, ""),
        };
        let Some((key, value)) = header_line(line, kind) else {
            break;
        };
        line_no += 1;
        let value = value.trim();
        if !kind.keys().contains(&key) {
            let other = match kind {
                Kind::Rust if key == "exit" => {
                    " (the exit code belongs in the `.sh` file)".to_string()
                }
                _ => String::new(),
            };
            return Err(format!(
                "header line {line_no}: unknown key `{key}`{other}; a `.{}` file's header keys are {}",
                kind.ext(),
                kind.keys()
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if value.is_empty() {
            return Err(format!(
                "header line {line_no}: `{key}:` has no value; write `{}{key}: <example name>`",
                kind.header_prefix()
            ));
        }
        let taken = match key {
            "request" => header.request.replace(value.to_string()).is_some(),
            "response" => header.response.replace(value.to_string()).is_some(),
            _ => {
                let n: i32 = value.parse().map_err(|_| {
                    format!(
                        "header line {line_no}: `exit: {value}` is not a whole number; write the exit code the CLI ends with, e.g. `# exit: 1`"
                    )
                })?;
                header.exit.replace(n).is_some()
            }
        };
        if taken {
            return Err(format!(
                "header line {line_no}: `{key}` is given twice; keep one"
            ));
        }
        rest = after;
        if after.is_empty() {
            break;
        }
    }
    let body = rest.trim_start_matches(['\n', '\r']);
    header.body_line = line_no + 1 + rest[..rest.len() - body.len()].matches('\n').count();
    header.body = body.trim_end().to_string();
    if !header.body.is_empty() {
        header.body.push('\n');
    }
    Ok(header)
}

/// `(key, value)` when `line` is a header line of `kind`.
fn header_line(line: &str, kind: Kind) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(kind.header_prefix())?;
    let (key, value) = rest.split_once(':')?;
    let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase());
    is_key.then_some((key, value))
}

/// Whether `name` is lowerCamelCase (`partial`, `alreadyCancelled`), the
/// form of the spec's example names; the generated test's module names are
/// made from it.
pub fn is_lower_camel(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rust_header_is_read_and_left_out_of_the_body() {
        let h = parse_header(
            "//! request: partial\n//! response: partiallyCancelled\n\nuse portone_v1::PortOne;\n\n//! not: header\n",
            Kind::Rust,
        )
        .unwrap();
        assert_eq!(h.request.as_deref(), Some("partial"));
        assert_eq!(h.response.as_deref(), Some("partiallyCancelled"));
        assert_eq!(h.exit, None);
        assert_eq!(h.body, "use portone_v1::PortOne;\n\n//! not: header\n");
        assert_eq!(h.body_line, 4);
    }

    #[test]
    fn a_cli_header_has_an_exit_code() {
        let h = parse_header(
            "# request: full\n# response: alreadyCancelled\n# exit: 1\nportone-v1 cancel x\n",
            Kind::Cli,
        )
        .unwrap();
        assert_eq!(h.exit, Some(1));
        assert_eq!(h.body, "portone-v1 cancel x\n");
    }

    #[test]
    fn the_header_ends_at_the_first_other_line() {
        // A doc line that is not `key: value` (capital, two words) ends it.
        let h = parse_header(
            "//! response: issued\n//! Issue a token: once.\n//! request: x\n",
            Kind::Rust,
        )
        .unwrap();
        assert_eq!(h.request, None);
        assert_eq!(h.response.as_deref(), Some("issued"));
        assert_eq!(h.body, "//! Issue a token: once.\n//! request: x\n");
        let h = parse_header("portone-v1 find a\n", Kind::Cli).unwrap();
        assert_eq!(
            h,
            Header {
                body: "portone-v1 find a\n".into(),
                body_line: 1,
                ..Header::default()
            }
        );
    }

    #[test]
    fn a_bad_header_says_which_line_and_what_to_write() {
        for (text, kind, needle) in [
            ("//! exit: 1\n", Kind::Rust, "belongs in the `.sh` file"),
            ("# reqest: x\n", Kind::Cli, "unknown key `reqest`"),
            ("# request:\n", Kind::Cli, "has no value"),
            ("# exit: one\n", Kind::Cli, "not a whole number"),
            (
                "# response: a\n# response: b\n",
                Kind::Cli,
                "header line 2: `response` is given twice",
            ),
        ] {
            let e = parse_header(text, kind).unwrap_err();
            assert!(e.contains(needle), "{text:?}: {e}");
        }
    }

    #[test]
    fn names_are_lower_camel_case() {
        assert!(is_lower_camel("alreadyCancelled"));
        assert!(is_lower_camel("v2"));
        assert!(!is_lower_camel("Partial"));
        assert!(!is_lower_camel("already_cancelled"));
        assert!(!is_lower_camel(""));
    }
}
