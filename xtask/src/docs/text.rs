//! Small text helpers shared by the renderers: splitting a bilingual
//! description, escaping for HTML and for Markdown table cells.

/// A description split into its Korean and English paragraphs.
///
/// The spec writes every description as Korean paragraphs, a blank line, then
/// English paragraphs; a paragraph with any Hangul syllable counts as Korean.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bilingual {
    /// Korean paragraphs, joined by blank lines.
    pub ko: String,
    /// English paragraphs, joined by blank lines.
    pub en: String,
}

impl Bilingual {
    /// Splits `text` by paragraph language.
    pub fn split(text: &str) -> Self {
        let mut ko = Vec::new();
        let mut en = Vec::new();
        for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            if para.chars().any(is_hangul) {
                ko.push(para);
            } else {
                en.push(para);
            }
        }
        Bilingual {
            ko: ko.join("\n\n"),
            en: en.join("\n\n"),
        }
    }

    /// Whether both halves are empty.
    pub fn is_empty(&self) -> bool {
        self.ko.is_empty() && self.en.is_empty()
    }
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c) || ('\u{1100}'..='\u{11FF}').contains(&c)
}

/// Escapes `&`, `<`, `>` and `"` for HTML text and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// HTML for prose from the spec: escaped, `` `code` `` spans as `<code>`,
/// paragraphs as `<p>`.
pub fn html_prose(s: &str) -> String {
    s.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", html_inline(p.trim())))
        .collect::<Vec<_>>()
        .join("")
}

/// One line of prose as HTML: escaped, backtick spans as `<code>`.
pub fn html_inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        // Odd parts sit between backticks. An unpaired trailing backtick just
        // leaves the rest as code, which is harmless.
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(&html_escape(part));
            out.push_str("</code>");
        } else {
            out.push_str(&html_escape(part).replace('\n', "<br>"));
        }
    }
    out
}

/// Text for one Markdown table cell: pipes escaped, line breaks as `<br>`.
pub fn md_cell(s: &str) -> String {
    s.trim()
        .replace('|', "\\|")
        .replace("\n\n", "<br><br>")
        .replace('\n', " ")
}

/// An anchor id safe in HTML and in Markdown links: lowercase ASCII letters,
/// digits and `-`.
pub fn anchor(prefix: &str, name: &str) -> String {
    let mut out = String::from(prefix);
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A webhook's delivery in one English sentence, for both pages.
pub fn delivery_sentence(d: &crate::model::webhook_delivery::Delivery) -> String {
    format!(
        "one attempt; for a merchant with retries enabled, up to {} more after a network error or a 5xx answer, {} s apart. An attempt waits {} s for the connection and {} s for the answer: answer first, verify after.",
        d.retries, d.retry_interval_seconds, d.connect_timeout_seconds, d.response_timeout_seconds
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_korean_from_english() {
        let b = Bilingual::split("한국어 문장.\n\nAn English sentence.\n\n두 번째.");
        assert_eq!(b.ko, "한국어 문장.\n\n두 번째.");
        assert_eq!(b.en, "An English sentence.");
    }

    #[test]
    fn escapes_html_and_marks_code() {
        assert_eq!(
            html_inline("a <b> & `x<y>`"),
            "a &lt;b&gt; &amp; <code>x&lt;y&gt;</code>"
        );
    }

    #[test]
    fn anchors_are_lowercase_and_dashed() {
        assert_eq!(anchor("op-", "cancelPayment"), "op-cancelpayment");
        assert_eq!(anchor("f-", "extra.requester"), "f-extra-requester");
    }
}
