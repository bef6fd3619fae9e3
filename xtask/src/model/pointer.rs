//! JSON pointers into the spec (RFC 6901, written from `#`): escaping one
//! segment, resolving a local `$ref`, visiting every node with its pointer.

use serde_json::Value;

/// Escapes one JSON pointer segment (RFC 6901): `~` → `~0`, `/` → `~1`.
pub fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_pointer`] for one segment.
pub fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Resolves a local `$ref` (`#/a/b`) in `root`; `None` for an external
/// reference or a pointer that names nothing.
pub fn resolve_ref<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    root.pointer(pointer)
}

/// Calls `visit(pointer, value)` for every node of `root`, parents before
/// children, pointers starting with `#`.
pub fn for_each_node<'a>(root: &'a Value, visit: &mut dyn FnMut(&str, &'a Value)) {
    let mut pointer = String::from("#");
    walk(root, &mut pointer, visit);
}

fn walk<'a>(value: &'a Value, pointer: &mut String, visit: &mut dyn FnMut(&str, &'a Value)) {
    visit(pointer, value);
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer(k));
                walk(v, pointer, visit);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                walk(v, pointer, visit);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}
