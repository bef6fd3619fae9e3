//! Request strategies: every route and its neighbours, every method, and
//! headers from valid to hostile, around the bodies of `bodies`.

use portone_v1::Payment;
use proptest::prelude::*;

use super::bodies::{body, cancel_seeds, json_body, known_ids};
use super::request::{Auth, Request};

/// Header values from reasonable to hostile: obs-text bytes, NUL, huge.
fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => "[ -~]{0,40}".prop_map(String::into_bytes),
        // What HTTP allows in a value: visible ASCII, tab, and bytes over
        // 0x7f ("obs-text", not UTF-8 as a rule).
        3 => prop::collection::vec(
            prop_oneof![Just(b'\t'), 0x20u8..0x7f, 0x80u8..=0xff],
            0..64,
        ),
        // Control bytes too (hyper refuses those itself).
        1 => prop::collection::vec(
            any::<u8>().prop_filter("no CR or LF", |b| *b != b'\r' && *b != b'\n'),
            0..64,
        ),
        2 => (1usize..70_000).prop_map(|n| vec![b'a'; n]),
        // Past hyper's header buffer (about 400 KB).
        1 => (420_000usize..430_000).prop_map(|n| vec![b'b'; n]),
    ]
}

fn auth() -> impl Strategy<Value = Auth> {
    prop_oneof![
        6 => (
            prop::sample::select(vec!["Bearer", "bearer", "BEARER", "Bearer "]),
            prop::sample::select(vec!["", " ", "\t"]),
        )
            .prop_map(|(scheme, suffix)| Auth::Live { scheme, suffix }),
        2 => Just(Auth::Missing),
        2 => prop_oneof![
            prop::sample::select(vec![
                "Basic Zm9vOmJhcg==",
                "Bearer",
                "Bearer ",
                "Token abc",
                "Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
                "Bearer \u{0}",
                "Bearer 가나다",
            ])
            .prop_map(|s| s.as_bytes().to_vec()),
            header_value(),
        ]
        .prop_map(Auth::Other),
        1 => header_value().prop_map(Auth::LiveThenOther),
    ]
}

fn content_type() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop_oneof![
        3 => Just(None),
        6 => prop::sample::select(vec![
            "application/json",
            "application/json; charset=utf-8",
            "APPLICATION/JSON",
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=euc-kr",
            "text/plain",
            "multipart/form-data; boundary=xyz",
            "application/json, application/x-www-form-urlencoded",
            "",
            ";;;",
        ])
        .prop_map(|s| Some(s.as_bytes().to_vec())),
        1 => header_value().prop_map(Some),
    ]
}

/// `X-Fake-Fault`: mostly absent; unreadable values; the faults that answer
/// at once (5xx, which the property then allows), `none`, a tiny latency.
fn fault() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop_oneof![
        12 => Just(None),
        1 => prop::sample::select(vec![
            "status=500", "status=502", "status=503", "none", "latency=1ms", "latency=1ms,status=503",
            "status=404", "explode", "latency=999s", "drop,truncate", "", ",;,", "STATUS=500",
        ])
        .prop_map(|s| Some(s.as_bytes().to_vec())),
        1 => header_value().prop_map(Some),
    ]
}

fn extra_headers() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    let name = prop::sample::select(vec![
        "Tier",
        "Accept",
        "Accept-Encoding",
        "Expect",
        "X-Forwarded-For",
        "Cookie",
        "Content-Type",
        "X-Random",
        "Origin",
    ]);
    prop::collection::vec((name.prop_map(str::to_string), header_value()), 0..3)
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just("POST".to_string()),
        4 => Just("GET".to_string()),
        3 => prop::sample::select(vec![
            "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "post", "FOO", "G E T",
        ])
        .prop_map(str::to_string),
    ]
}

/// A request target: the routes, their neighbours, odd forms, queries.
fn target(ids: Vec<String>) -> impl Strategy<Value = Vec<u8>> {
    let path = prop_oneof![
        3 => Just("/users/getToken".to_string()),
        3 => Just("/payments/cancel".to_string()),
        3 => prop::sample::select(ids).prop_map(|id| format!("/payments/{id}")),
        1 => "[A-Za-z0-9_.~%-]{0,40}".prop_map(|id| format!("/payments/{id}")),
        2 => prop::sample::select(vec![
            "/", "/payments", "/payments/", "/payments/cancel/x", "/users/getToken/",
            "/users/gettoken", "//payments/cancel", "/payments/%2e%2e/cancel", "/payments/cancel%00",
            "/payments/%ff%fe", "/payments/imp_fake_card_0001/", "/subscribe/payments/again", "*",
            "http://127.0.0.1/payments/cancel", "/payments/imp_fake_card_0001#frag",
        ])
        .prop_map(str::to_string),
        // The lookups by order id, with and without a status, and odd ones.
        2 => prop::sample::select(vec![
            "/payments/find/order-fake-card-0001", "/payments/find/order-fake-card-0001/paid",
            "/payments/findAll/order-fake-partial-0001", "/payments/findAll/order-fake-cancelled-0001/cancelled",
            "/payments/find/order-fake-card-0001/bogus", "/payments/findAll/%ff/paid",
            "/payments/find/", "/payments/findAll/order-fake-card-0001/paid/x", "/payments/find/%2F",
        ])
        .prop_map(str::to_string),
        // RFC 3986 path characters, and rarely any visible ASCII (hyper
        // refuses `"`, `<`, `{` and the like itself).
        2 => "/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,60}",
        1 => "/[!-~]{0,60}",
    ];
    let query = prop_oneof![
        4 => Just(String::new()),
        3 => prop::sample::select(vec![
            "?", "?include_sandbox=true", "?include_sandbox=1", "?include_sandbox=TRUE",
            "?include_sandbox", "?include_sandbox=%74rue", "?include_sandbox=true&include_sandbox=false",
            "?a=%ff", "?=&=&", "?%", "??",
            "?sorting=-paid", "?sorting=%2Dstarted", "?sorting=bogus", "?page=2&limit=1",
            "?page=0", "?limit=1001", "?limit=1000&page=9223372036854775807", "?page=18446744073709551616",
        ])
        .prop_map(str::to_string),
        2 => "\\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,80}",
        1 => "\\?[!-~]{0,80}",
        1 => (1usize..20_000).prop_map(|n| format!("?q={}", "x".repeat(n))),
    ];
    (path, query).prop_map(|(p, q)| format!("{p}{q}").into_bytes())
}

/// Content type, fault and other headers.
fn headers() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    (content_type(), fault(), extra_headers()).prop_map(|(ct, fault, extra)| {
        let mut h = Vec::new();
        if let Some(ct) = ct {
            h.push(("Content-Type".to_string(), ct));
        }
        if let Some(f) = fault {
            h.push(("X-Fake-Fault".to_string(), f));
        }
        h.extend(extra);
        h
    })
}

/// Requests of every kind; about half aim at a route with the live token
/// so that mutations reach the handlers, not only the authentication.
pub fn request(payments: &[Payment]) -> impl Strategy<Value = Request> {
    let cancels = cancel_seeds(payments);
    let ids = known_ids(payments);
    let version = prop_oneof![
        12 => Just("HTTP/1.1"),
        1 => prop::sample::select(vec!["HTTP/1.0", "http/1.1", "HTTP/1.2"]),
    ];
    let any_request = (
        method(),
        target(ids.clone()),
        version,
        auth(),
        headers(),
        body(cancels.clone(), ids.clone()),
    )
        .prop_map(|(method, target, version, auth, headers, body)| Request {
            method,
            target,
            version,
            auth,
            headers,
            body,
        });
    let cancel = (
        json_body(cancels),
        auth(),
        headers(),
        prop::sample::select(vec![
            None,
            Some("application/json"),
            Some("application/x-www-form-urlencoded"),
        ]),
    )
        .prop_map(|(body, auth, mut headers, ct)| {
            if let Some(ct) = ct {
                headers.insert(0, ("Content-Type".to_string(), ct.as_bytes().to_vec()));
            }
            Request {
                method: "POST".into(),
                target: b"/payments/cancel".to_vec(),
                version: "HTTP/1.1",
                auth,
                headers,
                body,
            }
        });
    prop_oneof![
        3 => any_request,
        2 => cancel,
    ]
}
