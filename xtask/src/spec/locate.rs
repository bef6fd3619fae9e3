//! Where in the spec an error is, for errors whose source names no place
//! (or the wrong one): a byte offset as `line L, column C`, a YAML reader
//! error, an OpenAPI type error below serde's flattened and untagged types.

use serde_json::{Value, json};

use crate::model::escape_pointer;

/// `line L, column C` (both from 1, the column in characters) of the byte
/// `offset` in `text`.
pub(super) fn line_column(text: &str, offset: usize) -> String {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("line {line}, column {column}")
}

/// Where a YAML error is. libyaml's reader errors (a control character, a
/// byte order mark in the middle) carry no mark, so serde_yaml reports them
/// at line 1, column 1; their message has the byte offset (`at position N`).
pub(super) fn yaml_location(text: &str, e: &serde_yaml::Error) -> String {
    let at_start = e
        .location()
        .is_none_or(|l| l.line() == 1 && l.column() == 1);
    let message = e.to_string();
    let position = message
        .split_once(" at position ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<usize>().ok());
    match (at_start, position, e.location()) {
        (true, Some(offset), _) => line_column(text, offset),
        (_, _, Some(l)) => format!("line {}, column {}", l.line(), l.column()),
        (_, _, None) => "line 1, column 1".into(),
    }
}

/// Narrows the place of an OpenAPI type error below `start`.
///
/// Why: openapiv3 flattens maps and uses untagged enums, below which serde
/// loses the path (`#/paths` for a wrong type five levels down). So, from
/// `start` down, copies of the document are tried with one child of the
/// node changed:
/// 1. a child whose removal makes the document valid holds the culprit:
///    go on inside it;
/// 2. a child whose value, replaced by one of another JSON type, makes it
///    valid is the culprit itself;
/// 3. a child whose removal changes the error (other than into a missing
///    field, which says nothing) holds the first culprit: go on inside it;
/// 4. a required child (its removal is a missing field) inside which a
///    removal makes the document valid or changes the error: go on inside.
///
/// Else the node itself is reported. Only runs on the failure path.
pub(super) fn narrow_openapi_error(json: &Value, start: String, message: &str) -> String {
    #[derive(PartialEq)]
    enum Verdict {
        Valid,
        Changed,
        Missing,
        Same,
    }
    let verdict = |doc: Value| match serde_json::from_value::<openapiv3::OpenAPI>(doc) {
        Ok(_) => Verdict::Valid,
        Err(e) => {
            let m = e.to_string();
            if m.starts_with("missing field") {
                Verdict::Missing
            } else if m == message {
                Verdict::Same
            } else {
                Verdict::Changed
            }
        }
    };
    // The document with the node at `parent` changed by `edit`.
    let edited = |parent: &str, edit: &dyn Fn(&mut Value)| {
        let mut doc = json.clone();
        if let Some(node) = doc.pointer_mut(&parent[1..]) {
            edit(node);
        }
        doc
    };
    let remove = |child: &str| {
        let child = child.to_string();
        move |node: &mut Value| match node {
            Value::Object(map) => {
                map.remove(&child);
            }
            Value::Array(items) => {
                if let Ok(i) = child.parse::<usize>() {
                    items.remove(i);
                }
            }
            _ => {}
        }
    };
    let children = |pointer: &str| -> Vec<(String, Value)> {
        match json.pointer(&pointer[1..]) {
            Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v.clone()))
                .collect(),
            _ => Vec::new(),
        }
    };
    let below = |pointer: &str, child: &str| format!("{pointer}/{}", escape_pointer(child));
    let replacements = [
        json!(""),
        json!({}),
        json!([]),
        json!(0),
        json!(true),
        Value::Null,
    ];
    let mut pointer = start;
    'descend: loop {
        let kids = children(&pointer);
        let removed: Vec<Verdict> = kids
            .iter()
            .map(|(k, _)| verdict(edited(&pointer, &remove(k))))
            .collect();
        if let Some(i) = removed.iter().position(|v| *v == Verdict::Valid) {
            pointer = below(&pointer, &kids[i].0);
            continue;
        }
        for (k, v) in &kids {
            for r in replacements
                .iter()
                .filter(|r| std::mem::discriminant(*r) != std::mem::discriminant(v))
            {
                let set = |node: &mut Value| {
                    if let Value::Object(map) = node {
                        map.insert(k.clone(), r.clone());
                    } else if let (Value::Array(items), Ok(i)) = (node, k.parse::<usize>()) {
                        items[i] = r.clone();
                    }
                };
                if verdict(edited(&pointer, &set)) == Verdict::Valid {
                    return below(&pointer, k);
                }
            }
        }
        if let Some(i) = removed.iter().position(|v| *v == Verdict::Changed) {
            pointer = below(&pointer, &kids[i].0);
            continue;
        }
        for (i, (k, _)) in kids.iter().enumerate() {
            if removed[i] != Verdict::Missing {
                continue;
            }
            let inner = below(&pointer, k);
            let helps = children(&inner).iter().any(|(g, _)| {
                matches!(
                    verdict(edited(&inner, &remove(g))),
                    Verdict::Valid | Verdict::Changed
                )
            });
            if helps {
                pointer = inner;
                continue 'descend;
            }
        }
        return pointer;
    }
}

/// The JSON pointer of a serde path (`paths./x.get` → `#/paths/~1x/get`).
pub(super) fn path_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer(key));
            }
            Segment::Enum { variant } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer(variant));
            }
            // Below an untagged enum or a flattened map serde loses track:
            // the pointer stops at the last place it knew.
            Segment::Unknown => break,
        }
    }
    pointer
}
