//! Body strategies: valid bodies seeded from the payments the fake holds
//! during the properties (its built-in seeds and the response fixtures in
//! `tests/fixtures/`), then mutated: keys deleted, values of the wrong type,
//! extra keys, nested garbage, broken JSON text, form encodings, raw bytes.

use portone_v1::Payment;
use portone_v1::open_enums::PayMethod;
use portone_v1_fake::{DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------
// Seeds

/// Cancel bodies that the fake accepts or refuses for a business reason,
/// built from the payments it holds.
pub fn cancel_seeds(payments: &[Payment]) -> Vec<Value> {
    let mut out = Vec::new();
    for p in payments {
        let balance = p.amount.checked_sub(p.cancel_amount).unwrap_or(p.amount);
        let mut base = Map::new();
        base.insert("imp_uid".into(), json!(p.imp_uid));
        if p.pay_method == Some(PayMethod::Vbank) {
            base.insert("refund_holder".into(), json!("홍길동"));
            base.insert("refund_bank".into(), json!("88"));
            base.insert("refund_account".into(), json!("110123456789"));
        }
        base.insert("reason".into(), json!("고객 요청"));
        out.push(Value::Object(base.clone()));
        let mut partial = base.clone();
        partial.insert("amount".into(), json!(1));
        partial.insert("checksum".into(), json!(balance));
        partial.insert("tax_free".into(), json!(0));
        partial.insert("vat_amount".into(), json!(0));
        partial.insert("extra".into(), json!({"requester": "customer"}));
        out.push(Value::Object(partial));
        let mut by_order = base;
        by_order.remove("imp_uid");
        by_order.insert("merchant_uid".into(), json!(p.merchant_uid));
        by_order.insert("amount".into(), json!(balance));
        out.push(Value::Object(by_order));
    }
    out.push(json!({}));
    out.push(json!({"imp_uid": "imp_does_not_exist", "amount": 1000}));
    out
}

/// getToken bodies, right and wrong.
pub fn token_seeds() -> Vec<Value> {
    vec![
        json!({"imp_key": DEFAULT_IMP_KEY, "imp_secret": DEFAULT_IMP_SECRET}),
        json!({"imp_key": DEFAULT_IMP_KEY, "imp_secret": "wrong"}),
        json!({"imp_key": DEFAULT_IMP_KEY}),
        json!({}),
    ]
}

/// `imp_uid`s the fake holds, plus ones it does not.
pub fn known_ids(payments: &[Payment]) -> Vec<String> {
    let mut ids: Vec<String> = payments.iter().map(|p| p.imp_uid.clone()).collect();
    ids.extend(["imp_unknown".to_string(), "cancel".to_string()]);
    ids
}

// ---------------------------------------------------------------------------
// Pieces

const FIELDS: &[&str] = &[
    "imp_uid",
    "merchant_uid",
    "amount",
    "tax_free",
    "vat_amount",
    "checksum",
    "reason",
    "refund_holder",
    "refund_bank",
    "refund_account",
    "refund_tel",
    "retain_promotion",
    "extra",
    "imp_key",
    "imp_secret",
    "",
    "__proto__",
    "AMOUNT",
];

/// A value of any JSON type, weird numbers and strings included.
fn junk() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop::sample::select(vec![
            json!(0),
            json!(-1),
            json!(-0.0),
            json!(0.1),
            json!(1e308),
            json!(-8.6e-104),
            json!(1e-300),
            json!(19.999),
            json!(1234567890123456.7),
            json!(i64::MIN),
            json!(u64::MAX),
        ]),
        prop::sample::select(vec![
            "",
            " ",
            "0",
            "-0",
            "1e5",
            "1E400",
            "NaN",
            "Infinity",
            "0x10",
            "1,000",
            "12.345",
            "true",
            "null",
            "\u{0}",
            "\u{feff}",
            "😀",
            "imp_fake_card_0001",
        ])
        .prop_map(|s| Value::String(s.to_string())),
        ".{0,40}".prop_map(Value::String),
        (0usize..20_000).prop_map(|n| Value::String("가".repeat(n))),
    ];
    leaf.prop_recursive(4, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(FIELDS), inner), 0..5).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// One change to a JSON body.
#[derive(Clone, Debug)]
enum JsonEdit {
    DeleteKey(Index),
    SetKey(&'static str, Value),
    ReplaceNode(Index, Value),
    /// Wrap a node in `depth` arrays or objects (past serde_json's limit).
    Nest(Index, usize, bool),
    ReplaceRoot(Value),
}

fn json_edit() -> impl Strategy<Value = JsonEdit> {
    prop_oneof![
        3 => any::<Index>().prop_map(JsonEdit::DeleteKey),
        4 => (prop::sample::select(FIELDS), junk()).prop_map(|(k, v)| JsonEdit::SetKey(k, v)),
        2 => (any::<Index>(), junk()).prop_map(|(i, v)| JsonEdit::ReplaceNode(i, v)),
        1 => (any::<Index>(), 1usize..300, any::<bool>()).prop_map(|(i, d, o)| JsonEdit::Nest(i, d, o)),
        1 => junk().prop_map(JsonEdit::ReplaceRoot),
    ]
}

fn node_pointers(v: &Value) -> Vec<String> {
    fn walk(v: &Value, p: String, out: &mut Vec<String>) {
        out.push(p.clone());
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    walk(
                        c,
                        format!("{p}/{}", k.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    walk(c, format!("{p}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

fn apply_json_edit(v: &mut Value, edit: &JsonEdit) {
    match edit {
        JsonEdit::DeleteKey(i) => {
            if let Value::Object(m) = v
                && !m.is_empty()
            {
                let key = m.keys().nth(i.index(m.len())).unwrap().clone();
                m.remove(&key);
            }
        }
        JsonEdit::SetKey(k, value) => {
            if let Value::Object(m) = v {
                m.insert((*k).to_string(), value.clone());
            }
        }
        JsonEdit::ReplaceNode(i, value) => {
            let ps = node_pointers(v);
            let p = &ps[i.index(ps.len())];
            if let Some(node) = v.pointer_mut(p) {
                *node = value.clone();
            }
        }
        JsonEdit::Nest(i, depth, as_object) => {
            let ps = node_pointers(v);
            let p = &ps[i.index(ps.len())];
            if let Some(node) = v.pointer_mut(p) {
                let mut inner = node.take();
                for _ in 0..*depth {
                    inner = if *as_object {
                        json!({ "amount": inner })
                    } else {
                        json!([inner])
                    };
                }
                *node = inner;
            }
        }
        JsonEdit::ReplaceRoot(value) => *v = value.clone(),
    }
}

/// How a JSON value becomes bytes.
#[derive(Clone, Debug)]
enum Render {
    Compact,
    Pretty,
    /// Cut at some byte.
    Truncated(Index),
    /// A raw member spliced in before the last `}`: numbers JSON allows but
    /// no `f64` holds, duplicate keys, lone surrogates, invalid escapes.
    Spliced(&'static str),
    /// Whitespace, a byte order mark, or garbage around it.
    Wrapped(&'static str, &'static str),
}

const SPLICES: &[&str] = &[
    r#""amount": 1e400"#,
    r#""amount": -1e400"#,
    r#""amount": 123456789012345678901234567890"#,
    r#""amount": 0.000000000000000000000000000001"#,
    r#""checksum": 1E-400"#,
    r#""amount": 1, "amount": "two""#,
    r#""imp_uid": "\ud800""#,
    r#""reason": "\x""#,
    r#""imp_uid": "imp_fake_card_0001", "imp_uid": null"#,
    r#""extra": {"requester": "customer", "requester": 5}"#,
    r#""amount": 01"#,
    r#""amount": +1"#,
    r#""amount": .5"#,
    r#""amount": NaN"#,
];

fn render() -> impl Strategy<Value = Render> {
    prop_oneof![
        6 => Just(Render::Compact),
        1 => Just(Render::Pretty),
        2 => any::<Index>().prop_map(Render::Truncated),
        2 => prop::sample::select(SPLICES).prop_map(Render::Spliced),
        1 => prop::sample::select(vec![
            ("  \n", "\n "),
            ("\u{feff}", ""),
            ("", "garbage"),
            ("", "}"),
            ("[", "]"),
            ("\0", ""),
            (" {} ", ""),
        ])
        .prop_map(|(a, b)| Render::Wrapped(a, b)),
    ]
}

fn render_json(v: &Value, how: &Render) -> Vec<u8> {
    let compact = serde_json::to_vec(v).unwrap();
    match how {
        Render::Compact => compact,
        Render::Pretty => serde_json::to_vec_pretty(v).unwrap(),
        Render::Truncated(i) => compact[..i.index(compact.len() + 1)].to_vec(),
        Render::Spliced(member) => {
            let text = String::from_utf8(compact).unwrap();
            match text.rfind('}') {
                Some(at) => {
                    let sep = if text[..at].trim_end().ends_with('{') {
                        ""
                    } else {
                        ","
                    };
                    format!("{}{sep}{member}{}", &text[..at], &text[at..]).into_bytes()
                }
                None => text.into_bytes(),
            }
        }
        Render::Wrapped(a, b) => [a.as_bytes(), &compact, b.as_bytes()].concat(),
    }
}

/// A JSON body: a seed, zero to three edits, a rendering.
pub fn json_body(seeds: Vec<Value>) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(seeds),
        prop::collection::vec(json_edit(), 0..=3),
        render(),
    )
        .prop_map(|(mut v, edits, how)| {
            for e in &edits {
                apply_json_edit(&mut v, e);
            }
            render_json(&v, &how)
        })
}

/// A form body: pairs of known or odd keys, encoded properly or raw.
fn form_body(ids: Vec<String>) -> impl Strategy<Value = Vec<u8>> {
    let key = prop::sample::select(vec![
        "imp_uid",
        "merchant_uid",
        "amount",
        "checksum",
        "tax_free",
        "vat_amount",
        "reason",
        "refund_holder",
        "refund_bank",
        "refund_account",
        "extra[requester]",
        "extra[",
        "extra[]",
        "extra[a][b]",
        "extra",
        "imp_uid[]",
        "imp_key",
        "imp_secret",
        "",
    ]);
    let value = prop_oneof![
        prop::sample::select(ids),
        Just(DEFAULT_IMP_KEY.to_string()),
        Just(DEFAULT_IMP_SECRET.to_string()),
        prop::sample::select(vec![
            "1", "0", "-5", "1.5", "1e400", "abc", "", "%zz", "%", "%ff%fe", "a=b", "&&"
        ])
        .prop_map(str::to_string),
        ".{0,20}",
    ];
    (prop::collection::vec((key, value), 0..8), any::<bool>()).prop_map(|(pairs, encode)| {
        if encode {
            serde_urlencoded::to_string(&pairs).unwrap().into_bytes()
        } else {
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
                .into_bytes()
        }
    })
}

/// Any body at all.
pub fn body(cancels: Vec<Value>, ids: Vec<String>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => json_body(cancels),
        2 => json_body(token_seeds()),
        3 => form_body(ids),
        2 => prop::collection::vec(any::<u8>(), 0..1024),
        1 => Just(Vec::new()),
        1 => prop::sample::select(vec![" ", "\r\n", "null", "[]", "\"x\"", "0", "{", "}"]).prop_map(|s| s.as_bytes().to_vec()),
        // Over axum's 2 MB body limit.
        1 => (2_097_152usize..2_100_000).prop_map(|n| {
            let mut b = b"{\"reason\":\"".to_vec();
            b.resize(n, b'a');
            b.extend_from_slice(b"\"}");
            b
        }),
    ]
}
