//! Property tests of response decoding, seeded from `tests/fixtures/`.
//!
//! The client decodes a body exactly as the generated layer does,
//! `serde_json::from_slice::<T>` on the bytes received (a failure becomes a
//! `DecodeError`), then reads the envelope: `code` 0 with a payment is a
//! success. No public function does only the decoding, so these properties
//! call `from_slice` on the same types the client uses (`PaymentResponse`,
//! `ErrorResponse`, `AccessTokenResponse`).
//!
//! Starting from each fixture:
//! - lenient mutations (unknown members anywhere, new values in the open
//!   enums, `null` where the published schema allows it, optional members
//!   left out) still decode, keep every value (nothing but nulls and empty
//!   arrays is lost) and a success envelope still holds its payment;
//! - on top of those, a breaking mutation (a value of a type the schema
//!   does not allow, a required member left out, truncation, a byte that
//!   cannot be in JSON) gives a decode error, never a panic;
//! - anything else (any value anywhere, any bytes) never panics.
//!
//! What a field may hold (its type, whether it is required or nullable,
//! whether it is an open enum) is read from `docs/schemas/`, never restated.
//! Failing cases are kept in `proptest-regressions/` (see `props::config`).

mod props;

use std::sync::OnceLock;

use portone_v1::{AccessTokenResponse, ErrorResponse, PaymentResponse};
use portone_v1_tests::{fixture, fixtures_dir};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};

const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/proptest-regressions/prop_decode.txt"
);

// ------------------------------------------------------ schema, as types

/// What the published schema allows at one place of a body.
#[derive(Debug, Clone)]
struct Field {
    kind: Kind,
    nullable: bool,
}

#[derive(Debug, Clone)]
enum Kind {
    String,
    /// A string schema with `x-open-enum`: any string is kept as sent.
    OpenEnum,
    Integer,
    /// `Amount`: a JSON number (or, leniently, a numeric string).
    Number,
    Boolean,
    /// An object with these properties (`None`: any object).
    Object(Option<&'static Value>),
    Array(Box<Field>),
}

/// Resolves a (sub)schema of the published files into a [`Field`].
fn field_of(schema: &'static Value) -> Field {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return field_of(props::schema(props::ref_name(reference)));
    }
    if let Some(any_of) = schema.get("anyOf").and_then(Value::as_array) {
        let is_null = |s: &Value| s.get("type") == Some(&json!("null"));
        let others: Vec<&'static Value> = any_of.iter().filter(|s| !is_null(s)).collect();
        assert_eq!(others.len(), 1, "unhandled anyOf: {schema}");
        let mut field = field_of(others[0]);
        field.nullable |= any_of.iter().any(is_null);
        return field;
    }
    let (ty, nullable) = match schema.get("type") {
        Some(Value::String(t)) => (t.as_str(), false),
        Some(Value::Array(types)) => {
            let named: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let others: Vec<&str> = named.iter().copied().filter(|t| *t != "null").collect();
            assert_eq!(others.len(), 1, "unhandled type list: {schema}");
            (others[0], named.contains(&"null"))
        }
        _ => panic!("a schema without a type: {schema}"),
    };
    assert!(
        schema.get("enum").is_none(),
        "a closed enum in a response schema is not handled here: {schema}"
    );
    let kind = match ty {
        "string" if schema.get("x-open-enum").is_some() => Kind::OpenEnum,
        "string" => Kind::String,
        "integer" => Kind::Integer,
        "number" => Kind::Number,
        "boolean" => Kind::Boolean,
        "object" => Kind::Object(schema.get("properties").map(|_| schema)),
        "array" => Kind::Array(Box::new(field_of(&schema["items"]))),
        other => panic!("unhandled type {other}: {schema}"),
    };
    Field { kind, nullable }
}

fn root(schema_name: &str) -> Field {
    field_of(props::schema(schema_name))
}

/// How a place is held: the root, a member of an object, an array item.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    Root,
    Member { required: bool },
    Item,
}

/// One place in a body, with what the schema allows there.
#[derive(Debug, Clone)]
struct Slot {
    path: Vec<Seg>,
    field: Field,
    place: Place,
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn properties(schema: &Value) -> &serde_json::Map<String, Value> {
    schema["properties"].as_object().expect("properties")
}

fn required(schema: &Value, key: &str) -> bool {
    schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|k| k == key))
}

/// Every place of `value` the schema describes (unknown members excluded).
fn slots(value: &Value, root: &Field) -> Vec<Slot> {
    fn walk(value: &Value, field: &Field, path: &mut Vec<Seg>, place: Place, out: &mut Vec<Slot>) {
        out.push(Slot {
            path: path.clone(),
            field: field.clone(),
            place,
        });
        match (&field.kind, value) {
            (Kind::Object(Some(schema)), Value::Object(map)) => {
                for (key, sub) in properties(schema) {
                    if let Some(v) = map.get(key) {
                        path.push(Seg::Key(key.clone()));
                        let place = Place::Member {
                            required: required(schema, key),
                        };
                        walk(v, &field_of(sub), path, place, out);
                        path.pop();
                    }
                }
            }
            (Kind::Array(item), Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    walk(v, item, path, Place::Item, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, root, &mut Vec::new(), Place::Root, &mut out);
    out
}

fn at<'a>(value: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(value, |v, seg| match seg {
        Seg::Key(k) => &mut v[k.as_str()],
        Seg::Index(i) => &mut v[*i],
    })
}

/// Removes the member at `path` (which names an object member).
fn remove(value: &mut Value, path: &[Seg]) {
    let (last, parent) = path.split_last().expect("a member, not the root");
    if let (Seg::Key(k), Value::Object(map)) = (last, at(value, parent)) {
        map.remove(k);
    }
}

/// The envelope's `response`: whether it is null is how the client tells a
/// refusal from a success (`code` 0 without a payment is a decode error),
/// so lenient mutations leave it be.
fn is_envelope_response(slot: &Slot) -> bool {
    slot.path == [Seg::Key("response".into())]
}

/// `value` reduced to what the schema describes: unknown members dropped.
fn known_only(value: &Value, field: &Field) -> Value {
    match (&field.kind, value) {
        (Kind::Object(Some(schema)), Value::Object(map)) => {
            let props = properties(schema);
            Value::Object(
                map.iter()
                    .filter_map(|(k, v)| Some((k.clone(), known_only(v, &field_of(props.get(k)?)))))
                    .collect(),
            )
        }
        (Kind::Array(item), Value::Array(items)) => {
            Value::Array(items.iter().map(|v| known_only(v, item)).collect())
        }
        _ => value.clone(),
    }
}

/// Without nulls and empty arrays: what decoding may drop (an absent
/// optional member is `None` and written back as absent).
fn without_nothing(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null() && *v != &json!([]))
                .map(|(k, v)| (k.clone(), without_nothing(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nothing).collect()),
        other => other.clone(),
    }
}

// ---------------------------------------------------------------- seeds

/// A fixture and the envelope it is parsed as.
#[derive(Debug)]
struct Seed {
    file: String,
    schema: &'static str,
    text: String,
    json: Value,
}

/// The envelopes the client decodes, by schema name.
const DECODED: [&str; 3] = ["PaymentResponse", "ErrorResponse", "AccessTokenResponse"];

/// Every fixture whose `parse as` column (tests/fixtures/README.md) names
/// an envelope the client decodes.
fn seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let readme = std::fs::read_to_string(fixtures_dir().join("README.md")).unwrap();
        let mut out = Vec::new();
        for row in readme.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = row.split('|').map(|c| c.trim().trim_matches('`')).collect();
            let (file, parse_as) = (cells[1], cells[2]);
            let Some(schema) = DECODED.into_iter().find(|s| *s == parse_as) else {
                continue;
            };
            let text = fixture(file);
            let json = serde_json::from_str(&text).unwrap();
            out.push(Seed {
                file: file.into(),
                schema,
                text,
                json,
            });
        }
        for schema in DECODED {
            assert!(
                out.iter().any(|s| s.schema == schema),
                "no fixture is parsed as {schema}"
            );
        }
        out
    })
}

// ------------------------------------------------------------- decoding

/// Decodes `body` as the client does and writes it back as JSON. Errors
/// are serde's (the client wraps them in a `DecodeError`), plus the
/// client's one envelope rule: `code` 0 must come with a payment.
fn decode(schema: &str, body: &[u8]) -> Result<Value, Failure> {
    fn back<T: serde::Serialize>(t: &T) -> Value {
        serde_json::to_value(t).expect("a decoded value writes back")
    }
    match schema {
        "PaymentResponse" => {
            let r: PaymentResponse = serde_json::from_slice(body).map_err(Failure::Serde)?;
            if r.code == 0 && r.response.is_none() {
                return Err(Failure::SuccessWithoutPayment);
            }
            Ok(back(&r))
        }
        "ErrorResponse" => Ok(back(
            &serde_json::from_slice::<ErrorResponse>(body).map_err(Failure::Serde)?,
        )),
        "AccessTokenResponse" => Ok(back(
            &serde_json::from_slice::<AccessTokenResponse>(body).map_err(Failure::Serde)?,
        )),
        other => panic!("no decoder for {other}"),
    }
}

#[derive(Debug)]
enum Failure {
    Serde(serde_json::Error),
    SuccessWithoutPayment,
}

// ------------------------------------------------------------ mutations

/// Arbitrary JSON, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop::num::f64::NORMAL.prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        "[가-힣 ]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::from),
            vec((any::<String>(), inner), 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// A string as a new enum value or member name: anything, Korean, or
/// shaped like the known values.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z][a-z0-9_.]{0,20}",
        "[가-힣]{1,6}",
        Just(String::new()),
    ]
}

#[derive(Debug, Clone)]
enum Lenient {
    /// A member no schema names, in the `n`th object.
    Unknown(Index, String, Value),
    /// Another value in the `n`th open-enum place.
    NewEnumValue(Index, String),
    /// `null` in the `n`th place the schema allows null.
    Null(Index),
    /// Leaves out the `n`th optional member.
    Drop(Index),
}

fn lenient() -> impl Strategy<Value = Lenient> {
    prop_oneof![
        (any::<Index>(), any_text(), any_json()).prop_map(|(i, k, v)| Lenient::Unknown(i, k, v)),
        (any::<Index>(), any_text()).prop_map(|(i, v)| Lenient::NewEnumValue(i, v)),
        any::<Index>().prop_map(Lenient::Null),
        any::<Index>().prop_map(Lenient::Drop),
    ]
}

fn pick<'a, T>(items: &'a [T], i: &Index) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[i.index(items.len())])
}

fn apply_lenient(body: &mut Value, root: &Field, m: &Lenient) {
    let all = slots(body, root);
    let choose = |keep: &dyn Fn(&Slot) -> bool, i: &Index| {
        let matching: Vec<Slot> = all.iter().filter(|s| keep(s)).cloned().collect();
        pick(&matching, i).cloned()
    };
    match m {
        Lenient::Unknown(i, key, value) => {
            let object = |s: &Slot| matches!(s.field.kind, Kind::Object(_));
            let Some(slot) = choose(&object, i) else {
                return;
            };
            let mut key = key.clone();
            if let Kind::Object(Some(schema)) = slot.field.kind {
                while properties(schema).contains_key(&key) {
                    key.push_str("_unknown");
                }
            }
            if let Value::Object(map) = at(body, &slot.path) {
                map.insert(key, value.clone());
            }
        }
        Lenient::NewEnumValue(i, value) => {
            let open = |s: &Slot| matches!(s.field.kind, Kind::OpenEnum);
            if let Some(slot) = choose(&open, i) {
                *at(body, &slot.path) = json!(value);
            }
        }
        Lenient::Null(i) => {
            let nullable = |s: &Slot| s.field.nullable && !is_envelope_response(s);
            if let Some(slot) = choose(&nullable, i) {
                *at(body, &slot.path) = Value::Null;
            }
        }
        Lenient::Drop(i) => {
            let optional =
                |s: &Slot| s.place == Place::Member { required: false } && !is_envelope_response(s);
            if let Some(slot) = choose(&optional, i) {
                remove(body, &slot.path);
            }
        }
    }
}

/// A value that is no string and no number: for a string's place, a
/// number's, an object's, ...
fn candidates() -> impl Strategy<Value = Vec<Value>> {
    (
        "[a-z가-힣 ]{0,10}",
        any::<i64>(),
        any::<bool>(),
        vec(any_json(), 0..3),
        any_json(),
    )
        .prop_map(|(text, int, flag, items, member)| {
            vec![
                // Never a number, not even leniently (an amount may come
                // as a numeric string).
                json!(format!("x{text}")),
                json!(int),
                json!(u64::MAX),
                json!(int as f64 + 0.5),
                json!(1e300),
                json!(-1e300),
                json!(flag),
                Value::Array(items),
                json!({ "member": member }),
                Value::Null,
            ]
        })
}

/// Whether the schema's place `slot` must refuse `value`. `false` also
/// for what this test does not decide (an object or array whose content
/// decides, `null` where the schema neither allows nor requires a member).
fn must_refuse(slot: &Slot, value: &Value) -> bool {
    if value.is_null() {
        return !slot.field.nullable && slot.place != Place::Member { required: false };
    }
    match (&slot.field.kind, value) {
        (Kind::String | Kind::OpenEnum, v) => !v.is_string(),
        (Kind::Integer, v) => v.as_i64().is_none(),
        (Kind::Number, Value::Number(n)) => n.as_f64().is_some_and(|f| f.abs() > 1e29),
        (Kind::Number, Value::String(s)) => s.starts_with('x'),
        (Kind::Number, _) => true,
        (Kind::Boolean, v) => !v.is_boolean(),
        (Kind::Object(_), v) => !v.is_object(),
        (Kind::Array(_), v) => !v.is_array(),
    }
}

#[derive(Debug, Clone)]
enum Breaking {
    /// The `n`th place gets the `m`th of the values it must refuse.
    WrongType(Index, Index, Vec<Value>),
    /// Leaves out the `n`th required member.
    RemoveRequired(Index),
    /// Cuts the body before its end.
    Truncate(Index),
    /// Inserts a byte no JSON text can hold at that point (a control
    /// character or a byte that breaks UTF-8).
    InsertByte(Index, u8),
    /// Overwrites an ASCII byte with such a byte.
    OverwriteAscii(Index, u8),
}

impl Breaking {
    fn is_on_bytes(&self) -> bool {
        !matches!(self, Breaking::WrongType(..) | Breaking::RemoveRequired(_))
    }
}

/// A byte that is never valid where it is put in a JSON text: a control
/// character other than the four JSON whitespace bytes (inside a string it
/// is unescaped, outside one it is no token), or a byte of 0x80 and above
/// (one such byte added to valid UTF-8, or put over an ASCII byte, always
/// leaves an invalid sequence).
fn bad_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        0x00u8..=0x08,
        Just(0x0B),
        Just(0x0C),
        0x0Eu8..=0x1F,
        0x80u8..=0xFF
    ]
}

fn breaking() -> impl Strategy<Value = Breaking> {
    prop_oneof![
        3 => (any::<Index>(), any::<Index>(), candidates())
            .prop_map(|(i, j, c)| Breaking::WrongType(i, j, c)),
        2 => any::<Index>().prop_map(Breaking::RemoveRequired),
        2 => any::<Index>().prop_map(Breaking::Truncate),
        1 => (any::<Index>(), bad_byte()).prop_map(|(i, b)| Breaking::InsertByte(i, b)),
        1 => (any::<Index>(), bad_byte()).prop_map(|(i, b)| Breaking::OverwriteAscii(i, b)),
    ]
}

/// Applies `m` to the JSON `body`; `None` when it found no place to act.
fn apply_breaking_to_json(body: &mut Value, root: &Field, m: &Breaking) -> Option<()> {
    let all = slots(body, root);
    match m {
        Breaking::WrongType(i, j, values) => {
            let slot = pick(&all, i)?;
            let refused: Vec<&Value> = values.iter().filter(|v| must_refuse(slot, v)).collect();
            let value = (*pick(&refused, j)?).clone();
            *at(body, &slot.path) = value;
        }
        Breaking::RemoveRequired(i) => {
            let required: Vec<&Slot> = all
                .iter()
                .filter(|s| s.place == Place::Member { required: true })
                .collect();
            remove(body, &pick(&required, i)?.path);
        }
        _ => unreachable!("byte mutations are applied to the text"),
    }
    Some(())
}

fn apply_breaking_to_bytes(body: &mut Vec<u8>, m: &Breaking) {
    while body.last().is_some_and(u8::is_ascii_whitespace) {
        body.pop();
    }
    match m {
        Breaking::Truncate(i) => body.truncate(i.index(body.len())),
        Breaking::InsertByte(i, b) => body.insert(i.index(body.len() + 1), *b),
        Breaking::OverwriteAscii(i, b) => {
            let ascii: Vec<usize> = (0..body.len()).filter(|&k| body[k].is_ascii()).collect();
            let k = ascii[i.index(ascii.len())];
            body[k] = *b;
        }
        _ => unreachable!("JSON mutations are applied to the value"),
    }
}

/// How the mutated body is written out.
#[derive(Debug, Clone, Copy)]
enum Style {
    Compact,
    Pretty,
    /// As `api.iamport.kr` writes it: non-ASCII as `\uXXXX`, `/` as `\/`.
    Server,
}

fn style() -> impl Strategy<Value = Style> {
    prop_oneof![
        Just(Style::Compact),
        Just(Style::Pretty),
        Just(Style::Server)
    ]
}

fn write(value: &Value, style: Style) -> Vec<u8> {
    match style {
        Style::Compact => serde_json::to_vec(value).unwrap(),
        Style::Pretty => serde_json::to_vec_pretty(value).unwrap(),
        // The live API's escaping (`\uXXXX`, `\/`), as the fake writes it.
        Style::Server => {
            portone_v1_fake::wire::ascii_escape(&serde_json::to_string(value).unwrap()).into_bytes()
        }
    }
}

/// A fixture, lenient mutations, and how to write the result.
fn mutated() -> impl Strategy<Value = (usize, Vec<Lenient>, Style)> {
    (0..seeds().len(), vec(lenient(), 0..8), style())
}

// ----------------------------------------------------------- properties

proptest! {
    #![proptest_config(props::config(1024, REGRESSIONS))]

    #[test]
    fn lenient_mutations_still_decode_and_keep_every_value(
        (seed, mutations, style) in mutated(),
    ) {
        let seed = &seeds()[seed];
        let root = root(seed.schema);
        let mut body = seed.json.clone();
        for m in &mutations {
            apply_lenient(&mut body, &root, m);
        }
        let bytes = write(&body, style);
        let decoded = decode(seed.schema, &bytes).map_err(|e| {
            TestCaseError::fail(format!(
                "{} after {mutations:?} does not decode: {e:?}\n{}",
                seed.file,
                String::from_utf8_lossy(&bytes)
            ))
        })?;
        // Nothing is lost but nulls and empty arrays: new enum values and
        // every other known member come back as sent.
        prop_assert_eq!(
            without_nothing(&decoded),
            without_nothing(&known_only(&body, &root)),
            "{} after {:?}",
            &seed.file,
            mutations
        );
    }

    #[test]
    fn any_other_mutation_is_a_decode_error_not_a_panic(
        (seed, mutations, style) in mutated(),
        breaking in breaking(),
    ) {
        let seed = &seeds()[seed];
        let root = root(seed.schema);
        // An unknown member is skipped unread, so bytes broken inside it
        // may go unnoticed: byte mutations go to bodies without any.
        let on_bytes = breaking.is_on_bytes();
        let mut body = seed.json.clone();
        for m in &mutations {
            if !(on_bytes && matches!(m, Lenient::Unknown(..))) {
                apply_lenient(&mut body, &root, m);
            }
        }
        let bytes = if on_bytes {
            let mut bytes = if mutations.is_empty() {
                seed.text.clone().into_bytes()
            } else {
                write(&body, style)
            };
            apply_breaking_to_bytes(&mut bytes, &breaking);
            bytes
        } else {
            if apply_breaking_to_json(&mut body, &root, &breaking).is_none() {
                // Nothing to break here (no required member left, say).
                return Ok(());
            }
            write(&body, style)
        };
        match decode(seed.schema, &bytes) {
            Ok(decoded) => prop_assert!(
                false,
                "{} after {:?} then {:?} decoded:\n{}\nto {}",
                &seed.file,
                mutations,
                breaking,
                String::from_utf8_lossy(&bytes),
                decoded
            ),
            Err(Failure::Serde(e)) => {
                // What a `DecodeError` reports: the category and a
                // position in the body.
                use serde_json::error::Category;
                let expected = if on_bytes {
                    &[Category::Syntax, Category::Eof][..]
                } else {
                    &[Category::Data][..]
                };
                prop_assert!(
                    expected.contains(&e.classify()),
                    "{:?} for {:?}: {}",
                    e.classify(),
                    breaking,
                    e
                );
                prop_assert!(e.line() >= 1, "no position: {}", e);
            }
            // The client's own decode error (`code` 0 without a payment).
            Err(Failure::SuccessWithoutPayment) => {}
        }
    }

    #[test]
    fn no_value_anywhere_and_no_bytes_make_decoding_panic(
        (seed, mutations, style) in mutated(),
        place in any::<Index>(),
        value in any_json(),
        flips in vec((any::<Index>(), any::<u8>()), 0..4),
    ) {
        let seed = &seeds()[seed];
        let root = root(seed.schema);
        let mut body = seed.json.clone();
        for m in &mutations {
            apply_lenient(&mut body, &root, m);
        }
        if let Some(slot) = pick(&slots(&body, &root), &place) {
            *at(&mut body, &slot.path) = value;
        }
        let mut bytes = write(&body, style);
        for (i, b) in &flips {
            let k = i.index(bytes.len());
            bytes[k] = *b;
        }
        // Decoding returns, whatever it returns.
        let _ = decode(seed.schema, &bytes);
    }
}

/// The generated mutations reach what they are meant to reach.
#[test]
fn every_kind_of_place_is_found_in_the_fixtures() {
    let mut open_enums = 0;
    let mut nullable = 0;
    let mut optional = 0;
    let mut required = 0;
    for seed in seeds() {
        for slot in slots(&seed.json, &root(seed.schema)) {
            open_enums += matches!(slot.field.kind, Kind::OpenEnum) as usize;
            nullable += slot.field.nullable as usize;
            optional += (slot.place == Place::Member { required: false }) as usize;
            required += (slot.place == Place::Member { required: true }) as usize;
        }
    }
    // Six open enums per payment, in seven payment fixtures.
    assert!(open_enums >= 6 * 7, "{open_enums} open-enum places");
    assert!(nullable >= 100, "{nullable} nullable places");
    assert!(optional >= 100, "{optional} optional places");
    assert!(required >= 50, "{required} required places");
    // Every fixture decodes as it is (the mutations start from real shapes).
    for seed in seeds() {
        decode(seed.schema, seed.text.as_bytes())
            .unwrap_or_else(|e| panic!("{} does not decode: {e:?}", seed.file));
    }
}
