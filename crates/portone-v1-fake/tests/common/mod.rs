//! Shared test harness: a fake server, a plain-HTTP reqwest client, and a
//! check applied to every response body the fake sends: it decodes into the
//! generated strict types, has the `{code, message, response}` envelope, is
//! ASCII-escaped, and validates against `docs/schemas/*.schema.json`.
#![allow(dead_code)] // each test file uses a different part of the harness

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use portone_v1::{AccessTokenResponse, ErrorResponse, PaymentPageResponse, PaymentResponse};
use portone_v1_fake::{FakeConfig, FakeServer};
use serde_json::{Value, json};

/// Which envelope a body must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Token,
    Payment,
    /// A page of payments (the lookups by order id).
    Page,
    Error,
}

impl Kind {
    fn schema_file(self) -> &'static str {
        match self {
            Kind::Token => "AccessTokenResponse.schema.json",
            Kind::Payment => "PaymentResponse.schema.json",
            Kind::Page => "PaymentPageResponse.schema.json",
            Kind::Error => "ErrorResponse.schema.json",
        }
    }
}

/// One HTTP answer, already checked.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub text: String,
    pub json: Value,
}

impl Reply {
    pub fn code(&self) -> i64 {
        self.json["code"].as_i64().expect("code is an integer")
    }

    pub fn message(&self) -> &str {
        self.json["message"].as_str().unwrap_or("")
    }

    pub fn payment(&self) -> portone_v1::Payment {
        let env: PaymentResponse = serde_json::from_str(&self.text).unwrap();
        env.response.expect("a payment in `response`")
    }
}

pub struct Harness {
    pub fake: FakeServer,
    pub http: reqwest::Client,
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::with(FakeConfig::default()).await
    }

    pub async fn with(config: FakeConfig) -> Harness {
        let fake = FakeServer::start(config).await.expect("fake starts");
        Harness {
            fake,
            http: http_client(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.fake.base_url())
    }

    /// A valid token for the configured credentials.
    pub async fn token(&self) -> String {
        let r = self
            .post(
                "/users/getToken",
                None,
                json!({"imp_key": self.fake.imp_key(), "imp_secret": self.fake.imp_secret().expose_secret()}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json["response"]["access_token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// POSTs JSON and checks the answer (whatever its status).
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        let mut req = self.http.post(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        checked(req.send().await.expect("the fake answers")).await
    }

    /// A cancel; checks the answer.
    pub async fn cancel(&self, token: &str, body: Value) -> Reply {
        self.post("/payments/cancel", Some(token), body).await
    }

    /// GET /payments/{imp_uid}; checks the answer.
    pub async fn get_payment(&self, token: Option<&str>, imp_uid: &str, query: &str) -> Reply {
        let mut req = self
            .http
            .get(self.url(&format!("/payments/{imp_uid}{query}")));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        checked(req.send().await.expect("the fake answers")).await
    }
}

/// A plain reqwest client. The workspace builds reqwest with
/// `rustls-no-provider`, so a crypto provider must exist first even though
/// the fake speaks plain HTTP.
pub fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// Reads a response and runs every check on it.
pub async fn checked(res: reqwest::Response) -> Reply {
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = res.text().await.expect("a complete body");
    assert!(
        content_type.starts_with("application/json"),
        "content-type {content_type}: {text}"
    );
    let json = check_body(status, &text);
    Reply { status, text, json }
}

/// The checks on one JSON body; returns it parsed.
pub fn check_body(status: u16, text: &str) -> Value {
    assert!(text.is_ascii(), "the live API escapes non-ASCII: {text}");
    let json: Value = serde_json::from_str(text).expect("JSON body");
    let obj = json.as_object().expect("an object envelope");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "message", "response"], "{text}");
    let code = json["code"].as_i64().expect("integer code");
    if code == 0 {
        assert!(
            json["message"].is_null(),
            "success has message null: {text}"
        );
        assert!(
            json["response"].is_object(),
            "success has a response: {text}"
        );
    } else {
        assert!(
            json["response"].is_null(),
            "failure has response null: {text}"
        );
        assert!(
            json["message"].as_str().is_some_and(|m| !m.is_empty()),
            "failure has a message: {text}"
        );
    }
    let kind = if status != 200 {
        Kind::Error
    } else if json["response"].get("access_token").is_some() {
        Kind::Token
    } else if json["response"].get("total").is_some() {
        Kind::Page
    } else {
        Kind::Payment
    };
    // Decode into the generated types, as the client does.
    match kind {
        Kind::Token => {
            let env: AccessTokenResponse = serde_json::from_str(text).expect("AccessTokenResponse");
            assert_eq!(env.code, code);
        }
        Kind::Payment => {
            let env: PaymentResponse = serde_json::from_str(text).expect("PaymentResponse");
            assert_eq!(env.code, code);
            if let Some(p) = &env.response {
                // Also the balance rules the fake promises.
                let sum = p
                    .cancel_history
                    .iter()
                    .fold(portone_v1::money::Amount::ZERO, |a, c| {
                        a.checked_add(c.amount).unwrap()
                    });
                assert_eq!(sum, p.cancel_amount, "history adds up: {text}");
                assert!(p.cancel_amount <= p.amount, "{text}");
            }
        }
        Kind::Page => {
            let env: PaymentPageResponse = serde_json::from_str(text).expect("PaymentPageResponse");
            assert_eq!(env.code, code);
            let page = env.response.expect("a page in `response`");
            assert!(page.total >= page.list.len() as i64, "{text}");
        }
        Kind::Error => {
            let env: ErrorResponse = serde_json::from_str(text).expect("ErrorResponse");
            assert_ne!(env.code, 0, "an HTTP error carries a non-zero code: {text}");
        }
    }
    validate_schema(kind, &json);
    json
}

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schemas")
}

/// Resolves `https://…/schemas/X.schema.json` references to docs/schemas/X.schema.json.
struct LocalSchemas;

impl jsonschema::Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(schemas_dir().join(&name))
            .map_err(|e| format!("{name}: {e}"))?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn validators() -> &'static HashMap<&'static str, jsonschema::Validator> {
    static V: OnceLock<HashMap<&'static str, jsonschema::Validator>> = OnceLock::new();
    V.get_or_init(|| {
        let mut map = HashMap::new();
        for kind in [Kind::Token, Kind::Payment, Kind::Page, Kind::Error] {
            let path = schemas_dir().join(kind.schema_file());
            // A missing schema must fail loudly: skipping it would turn
            // "every response validates" into a check of nothing.
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; run `cargo xtask generate` to write docs/schemas",
                    path.display()
                )
            });
            let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
            let v = jsonschema::options()
                .with_retriever(LocalSchemas)
                .build(&schema)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            map.insert(kind.schema_file(), v);
        }
        map
    })
}

/// Whether docs/schemas is there (it is generated by the docs tooling).
pub fn schemas_present() -> bool {
    schemas_dir().join("PaymentResponse.schema.json").exists()
}

/// Validates against the schema for `kind` when docs/schemas exists.
pub fn validate_schema(kind: Kind, json: &Value) {
    if let Some(v) = validators().get(kind.schema_file()) {
        let errors: Vec<String> = v
            .iter_errors(json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{} rejects the body: {errors:#?}\n{json}",
            kind.schema_file()
        );
    }
}
