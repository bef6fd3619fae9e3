//! A small POSIX-shell word splitter for the CLI line of a usage sample
//! (`spec/samples/<op>/<name>.sh`): quotes and backslashes as `sh` reads
//! them, and nothing a sample must not use (variables, substitutions,
//! pipes, redirections, globs), which is refused with the reason.
//!
//! Why not a crate: the samples need a few dozen lines of it, and the
//! refusals (what a sample may not contain) are the point.

/// Splits `text` into commands (one per line, `\`-newline continues a
/// line), each a list of words, with quotes removed. `#` at the start of a
/// word starts a comment to the end of the line. Empty lines give no
/// command. `text` starts at line `first_line` of its file (errors name
/// the file's line).
pub fn split_commands_from(text: &str, first_line: usize) -> Result<Vec<Vec<String>>, String> {
    let mut commands: Vec<Vec<String>> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    // The word being read; `None` between words (quotes make an empty
    // word, so `''` is a word and nothing is not).
    let mut word: Option<String> = None;
    let mut chars = text.chars().peekable();
    let mut line = first_line;
    let finish = |word: &mut Option<String>, words: &mut Vec<String>| {
        if let Some(w) = word.take() {
            words.push(w);
        }
    };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => finish(&mut word, &mut words),
            '\n' => {
                finish(&mut word, &mut words);
                if !words.is_empty() {
                    commands.push(std::mem::take(&mut words));
                }
                line += 1;
            }
            '#' if word.is_none() => {
                while chars.peek().is_some_and(|c| *c != '\n') {
                    chars.next();
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                let opened = line;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => push_counting(w, c, &mut line),
                        None => return Err(unclosed(opened, '\'')),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                let opened = line;
                loop {
                    let Some(c) = chars.next() else {
                        return Err(unclosed(opened, '"'));
                    };
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some(e @ ('"' | '\\')) => w.push(e),
                            Some('\n') => line += 1,
                            Some(e @ ('$' | '`')) => w.push(e),
                            Some(e) => {
                                w.push('\\');
                                w.push(e);
                            }
                            None => return Err(unclosed(opened, '"')),
                        },
                        '$' | '`' => {
                            return Err(format!(
                                "line {line}: `{c}` inside double quotes expands in a shell; write the value itself, or put it in single quotes"
                            ));
                        }
                        c => push_counting(w, c, &mut line),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => line += 1,
                Some(e) => word.get_or_insert_with(String::new).push(e),
                None => {
                    return Err(format!(
                        "line {line}: the line ends in a lone `\\`; remove it or escape it as `\\\\`"
                    ));
                }
            },
            '$' | '`' => {
                return Err(format!(
                    "line {line}: `{c}` is a variable or command substitution; a sample writes every value out (credentials come from the environment, never from the line)"
                ));
            }
            '|' | '&' | ';' | '<' | '>' | '(' | ')' => {
                return Err(format!(
                    "line {line}: `{c}` is shell syntax (pipe, list, redirection or subshell); a sample is one plain command: quote the character if it is part of a value"
                ));
            }
            '*' | '?' | '[' => {
                return Err(format!(
                    "line {line}: `{c}` is a glob a shell would expand; quote it"
                ));
            }
            '~' if word.is_none() => {
                return Err(format!(
                    "line {line}: `~` at the start of a word expands to a home directory; quote it"
                ));
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    finish(&mut word, &mut words);
    if !words.is_empty() {
        commands.push(words);
    }
    Ok(commands)
}

/// Adds `c` to a quoted word, counting the lines it spans.
fn push_counting(word: &mut String, c: char, line: &mut usize) {
    if c == '\n' {
        *line += 1;
    }
    word.push(c);
}

/// The error for a quote `quote` opened at line `opened` and never closed.
fn unclosed(opened: usize, quote: char) -> String {
    let name = if quote == '"' { "double" } else { "single" };
    format!("line {opened}: a {name} quote is not closed; close it with `{quote}`")
}

/// [`split_one_from`] for text that starts at line 1 (the tests').
#[cfg(test)]
fn split_one(text: &str) -> Result<Vec<String>, String> {
    split_one_from(text, 1)
}

/// The one command of `text`, which starts at line `first_line` of its
/// file; an error when it has none or several.
pub fn split_one_from(text: &str, first_line: usize) -> Result<Vec<String>, String> {
    let mut commands = split_commands_from(text, first_line)?;
    match commands.len() {
        1 => Ok(commands.remove(0)),
        0 => {
            Err("there is no command line after the header; write one `portone-v1 ...` line".into())
        }
        n => Err(format!(
            "there are {n} command lines after the header; a sample is one `portone-v1 ...` line (continue a long one with `\\` at the end of the line)"
        )),
    }
}

/// `word` quoted for a POSIX shell only where it needs it (the inverse of
/// [`split_commands_from`] for one word; the round-trip tests use it).
#[cfg(test)]
fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Vec<String> {
        split_one(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn plain_words_split_on_blanks() {
        assert_eq!(
            one("portone-v1  find\torder-1 --sorting -started\n"),
            ["portone-v1", "find", "order-1", "--sorting", "-started"]
        );
    }

    #[test]
    fn quotes_and_backslashes_are_removed_as_sh_does() {
        assert_eq!(
            one(
                r#"portone-v1 cancel --reason '고객 변심 / changed mind' --x "a \"b\" \$ \q" c\ d ''"#
            ),
            [
                "portone-v1",
                "cancel",
                "--reason",
                "고객 변심 / changed mind",
                "--x",
                "a \"b\" $ \\q",
                "c d",
                ""
            ]
        );
        assert_eq!(one("a'b'\"c\"d"), ["abcd"]);
        assert_eq!(one("it's'' a'"), ["its a"]);
    }

    #[test]
    fn comments_blank_lines_and_continuations() {
        assert_eq!(
            one("# a comment\n\nportone-v1 find \\\n  order-1 # trailing\n"),
            ["portone-v1", "find", "order-1"]
        );
        // `#` inside a word is a character.
        assert_eq!(one("a#b"), ["a#b"]);
    }

    #[test]
    fn two_lines_are_two_commands() {
        let e = split_one("portone-v1 a\nportone-v1 b\n").unwrap_err();
        assert!(e.contains("2 command lines"), "{e}");
        let e = split_one("# only a comment\n").unwrap_err();
        assert!(e.contains("no command line"), "{e}");
    }

    #[test]
    fn what_a_shell_would_expand_is_refused_with_the_line() {
        for (text, needle) in [
            ("portone-v1 find $ORDER", "`$` is a variable"),
            ("portone-v1 find `x`", "``` is a variable"),
            ("portone-v1 find \"$X\"", "inside double quotes"),
            ("portone-v1 find a | jq", "`|` is shell syntax"),
            ("portone-v1 find a > out", "`>` is shell syntax"),
            ("portone-v1 find a; ls", "`;` is shell syntax"),
            ("portone-v1 find a*", "glob"),
            ("portone-v1 find ~/x", "home directory"),
            (
                "\nportone-v1 find 'open\n",
                "line 2: a single quote is not closed",
            ),
            (
                "portone-v1 find \"a\nb",
                "line 1: a double quote is not closed",
            ),
            ("portone-v1 find \"open", "double quote is not closed"),
            ("portone-v1 find \\", "lone `\\`"),
        ] {
            let e = split_one(text).unwrap_err();
            assert!(e.contains(needle), "{text:?}: {e}");
        }
    }

    #[test]
    fn quote_round_trips() {
        for w in [
            "plain",
            "two words",
            "it's",
            "",
            "a\"b",
            "--reason=x y",
            "한국어",
        ] {
            assert_eq!(one(&quote(w)), [w], "{w:?} as {}", quote(w));
        }
        assert_eq!(quote("order-1"), "order-1");
    }
}
