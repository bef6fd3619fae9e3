//! Every usage sample pair resolved against the spec: the request its
//! header names (method, encoded path and query, JSON body), the response
//! (status and body), the CLI argv and exit code, and the credentials the
//! test's client uses; or, for each thing that does not fit, a problem
//! naming the file (or spec place) and the fix.
//!
//! One reading for every command: lint reports the problems, generation
//! and the docs refuse a spec that has any, so the docs never show, and
//! the test never runs, a sample the spec does not back.

use std::collections::BTreeSet;

use serde_json::Value;

use super::Model;
use super::operation::{Method, Operation};
use super::pointer::escape_pointer;
use super::samples::{Kind, PairFiles, Samples, is_lower_camel, parse_header};
use super::shell_words;

/// The operation whose `credentials` request example and `issued`
/// response example the test's token mock uses.
pub const TOKEN_OPERATION: &str = "getToken";
/// getToken's request example holding the client's credentials.
pub const CREDENTIALS_EXAMPLE: &str = "credentials";
/// getToken's response example the token mock answers.
pub const ISSUED_EXAMPLE: &str = "issued";
/// The first word of every CLI line.
pub const CLI_NAME: &str = "portone-v1";
/// What every Rust sample defines.
pub const RUN_FN: &str = "pub async fn run(";
/// The operation that verifies a webhook: V1 notices carry no signature,
/// so the client reads the payment they name (`GET /payments/{imp_uid}`,
/// its path parameters taken from the notice's members of the same name)
/// and a webhook sample's `response:` names an example of its responses.
pub const VERIFY_OPERATION: &str = "getPayment";
/// The CLI command a webhook sample runs: it receives notices on
/// 127.0.0.1, verifies each and prints one JSON line.
pub const LISTEN_COMMAND: &str = "listen";

/// A sample the spec backs, with everything the docs and the test need.
#[derive(Debug, Clone, PartialEq)]
pub struct SamplePair {
    /// The operationId.
    pub operation: String,
    /// The sample's name (`partial`).
    pub name: String,
    /// Path of the `.rs` relative to the samples folder
    /// (`cancelPayment/partial.rs`).
    pub rust_rel: String,
    /// How findings name the pair: `spec/samples/cancelPayment/partial`.
    pub stem: String,
    /// The method.
    pub method: Method,
    /// The path with the example's path parameters, percent-encoded as
    /// the client encodes a path segment.
    pub path: String,
    /// The query parameters sent, `(name, value)` decoded, by name.
    pub query: Vec<(String, String)>,
    /// The JSON body, for an operation with one.
    pub body: Option<Value>,
    /// The request example named (`None`: a parameterless, bodiless call).
    pub request: Option<String>,
    /// The response example named.
    pub response: String,
    /// Its HTTP status.
    pub status: u16,
    /// Its body.
    pub response_body: Value,
    /// The CLI line split into words.
    pub argv: Vec<String>,
    /// The exit code the CLI ends with.
    pub exit: i32,
    /// What the CLI prints on stdout for exit 0, as JSON: the response
    /// body's `response` member without its secrets (the properties whose
    /// schema is `format: password`, such as the access token, which the
    /// CLI never prints). `None` for another exit code.
    pub stdout: Option<Value>,
    /// The Rust file without its header.
    pub rust: String,
    /// The CLI file without its header.
    pub cli: String,
    /// The credentials of the client (`imp_key`, `imp_secret`).
    pub credentials: (String, String),
    /// The token mock, `(request body, response body)`; `None` for
    /// getToken's own samples, whose request is the token call.
    pub token: Option<(Value, Value)>,
    /// For a webhook's sample (an operation under `x-webhooks`): the
    /// notice it handles. The request fields above are then the
    /// verification's ([`VERIFY_OPERATION`]), which is what reaches the
    /// mock; `request` names the notice's body example.
    pub notice: Option<Notice>,
}

/// The notice of a webhook sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// The body example named by `request:`, which the test POSTs to
    /// `listen` as JSON.
    pub body: Value,
    /// The operation whose call verifies it ([`VERIFY_OPERATION`]).
    pub verified_by: String,
}

impl SamplePair {
    /// `/payments/find/order-1?sorting=-started`, as the client sends it.
    pub fn target(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let query: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", encode_query(k), encode_query(v)))
            .collect();
        format!("{}?{}", self.path, query.join("&"))
    }

    /// `GET /payments/find/order-1?sorting=-started`.
    pub fn request_line(&self) -> String {
        format!("{} {}", self.method.upper(), self.target())
    }
}

/// Something wrong with the samples, where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// A sample file (`spec/samples/cancelPayment/partial.rs`), a folder,
    /// or a spec pointer (`#/paths/...`).
    pub place: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// The samples read against the spec.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolved {
    /// The pairs the spec backs, by operationId then name.
    pub pairs: Vec<SamplePair>,
    /// Everything that does not fit, sorted: generation refuses these.
    pub problems: Vec<Problem>,
    /// The operations without any sample, as problems: lint reports them,
    /// generation does not refuse them (nothing it makes is wrong for the
    /// lack of one).
    pub missing: Vec<Problem>,
}

/// Resolves every pair of `samples` against `model`.
pub fn resolve(model: &Model<'_>, samples: &Samples) -> Resolved {
    let mut out = Resolved::default();
    let problem = |place: String, message: String| Problem { place, message };
    for s in &samples.strays {
        out.problems.push(problem(
            format!("{}/{}", samples.label, s.rel),
            format!("{}; move or remove it", s.why),
        ));
    }
    let pairs = samples.pairs();
    let with_samples: BTreeSet<&str> = pairs.keys().map(|(op, _)| *op).collect();
    for op in model.operations().iter().chain(model.webhooks()) {
        let Some(id) = op.id else { continue };
        if !with_samples.contains(id) {
            let (what, call, line) = if op.webhook {
                (
                    format!("webhook `{id}` (`{}` under `x-webhooks`)", op.path),
                    format!("parsing a notice and verifying it with `{VERIFY_OPERATION}`"),
                    format!("the `{CLI_NAME} {LISTEN_COMMAND} --port 0` line"),
                )
            } else {
                (
                    format!("operation `{id}` ({} {})", op.method.upper(), op.path),
                    "making the call".to_string(),
                    format!("the `{CLI_NAME} ...` line"),
                )
            };
            out.missing.push(problem(
                format!("{}/{id}/", samples.label),
                format!(
                    "{what} has no usage sample; create {dir}/{id}/<name>.rs (a `pub async fn run(client: &portone_v1::PortOne)` {call}) and {dir}/{id}/<name>.sh ({line}), each starting with `request: <example>` and `response: <example>` header lines (spec/README.md, \"Usage samples\")",
                    dir = samples.label
                ),
            ));
        }
    }
    let token = token_examples(model);
    for ((op_id, name), files) in pairs {
        match pair(model, samples, op_id, name, files, &token) {
            Ok(p) => out.pairs.push(p),
            Err(mut problems) => out.problems.append(&mut problems),
        }
    }
    out.problems.sort();
    out.problems.dedup();
    out
}

type TokenExamples = Result<(Value, Value), Problem>;

/// getToken's `credentials` request and `issued` response examples.
fn token_examples(model: &Model<'_>) -> TokenExamples {
    let missing = |place: String, what: &str| Problem {
        place,
        message: format!(
            "the usage samples' test signs in with getToken's `{CREDENTIALS_EXAMPLE}` request example and answers with its `{ISSUED_EXAMPLE}` response example; {what}"
        ),
    };
    let Some(op) = model.operation(TOKEN_OPERATION) else {
        return Err(missing(
            "#/paths".into(),
            &format!("the spec has no operation `{TOKEN_OPERATION}`"),
        ));
    };
    let request = body_example(model, op, CREDENTIALS_EXAMPLE).ok_or_else(|| {
        missing(
            format!("{}/requestBody", op.pointer),
            &format!("add `{CREDENTIALS_EXAMPLE}` to its JSON body's `examples`"),
        )
    })?;
    let (_, response) = response_example(model, op, ISSUED_EXAMPLE)
        .ok()
        .and_then(|found| found.into_iter().next())
        .ok_or_else(|| {
            missing(
                format!("{}/responses", op.pointer),
                &format!("add `{ISSUED_EXAMPLE}` to its 200 response's `examples`"),
            )
        })?;
    Ok((request, response))
}

fn pair(
    model: &Model<'_>,
    samples: &Samples,
    op_id: &str,
    name: &str,
    files: PairFiles<'_>,
    token: &TokenExamples,
) -> Result<SamplePair, Vec<Problem>> {
    let rs = samples.path_of(op_id, name, Kind::Rust);
    let sh = samples.path_of(op_id, name, Kind::Cli);
    let stem = format!("{}/{op_id}/{name}", samples.label);
    let mut problems = Vec::new();
    let mut add = |place: &str, message: String| {
        problems.push(Problem {
            place: place.to_string(),
            message,
        })
    };
    let Some(op) = model.operation(op_id).or_else(|| model.webhook(op_id)) else {
        let known: Vec<&str> = model
            .operations()
            .iter()
            .chain(model.webhooks())
            .filter_map(|o| o.id)
            .collect();
        add(
            &format!("{}/{op_id}/", samples.label),
            format!(
                "there is no operation `{op_id}` under `paths` or `x-webhooks`; rename the folder to one of {} or remove it",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        return Err(problems);
    };
    if !is_lower_camel(name) {
        let place = if files.rust.is_some() { &rs } else { &sh };
        add(
            place,
            format!(
                "`{name}` is not a lowerCamelCase name (like the spec's example names, e.g. `partiallyCancelled`); rename both files of the pair"
            ),
        );
    }
    let (Some(rust), Some(cli)) = (files.rust, files.cli) else {
        let (have, want) = if files.rust.is_some() {
            (&rs, &sh)
        } else {
            (&sh, &rs)
        };
        let what = if files.rust.is_some() {
            "the CLI line (`portone-v1 ...`) with the same header"
        } else {
            "the Rust call (`pub async fn run(client: &portone_v1::PortOne)`) with the same header"
        };
        add(
            have,
            format!("a sample is a pair: {want} is missing; create it with {what}"),
        );
        return Err(problems);
    };
    let read =
        |f: &super::samples::SampleFile, place: &str, problems: &mut Vec<Problem>| match &f.text {
            Ok(t) => match parse_header(t, f.kind) {
                Ok(h) => Some(h),
                Err(e) => {
                    problems.push(Problem {
                        place: place.to_string(),
                        message: e,
                    });
                    None
                }
            },
            Err(e) => {
                problems.push(Problem {
                    place: place.to_string(),
                    message: format!("the file {e}"),
                });
                None
            }
        };
    let rust_header = read(rust, &rs, &mut problems);
    let cli_header = read(cli, &sh, &mut problems);
    let (Some(rust_header), Some(cli_header)) = (rust_header, cli_header) else {
        return Err(problems);
    };
    let mut add = |place: &str, message: String| {
        problems.push(Problem {
            place: place.to_string(),
            message,
        })
    };
    if !rust_header.body.contains(RUN_FN) {
        add(
            &rs,
            "has no `pub async fn run(`; the test calls `run(&client)`: write `pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>>`".into(),
        );
    }
    let argv = match shell_words::split_one_from(&cli_header.body, cli_header.body_line) {
        Ok(argv) if argv.first().map(String::as_str) == Some(CLI_NAME) => Some(argv),
        Ok(argv) => {
            add(
                &sh,
                format!(
                    "the command line starts with `{}`, not `{CLI_NAME}`; a sample runs the `{CLI_NAME}` binary (credentials come from the environment)",
                    argv.first().map(String::as_str).unwrap_or_default()
                ),
            );
            None
        }
        Err(e) => {
            add(&sh, format!("the command line does not split: {e}"));
            None
        }
    };
    for (key, r, c) in [
        ("request", &rust_header.request, &cli_header.request),
        ("response", &rust_header.response, &cli_header.response),
    ] {
        if r != c {
            let show = |v: &Option<String>| {
                v.as_ref()
                    .map(|v| format!("`{key}: {v}`"))
                    .unwrap_or_else(|| format!("no `{key}:`"))
            };
            add(
                &sh,
                format!(
                    "the two files of the pair disagree: {rs} says {}, this file {}; make them name the same example",
                    show(r),
                    show(c)
                ),
            );
        }
    }
    if op.webhook {
        return webhook_pair(
            model,
            op,
            WebhookFiles {
                op_id,
                name,
                rs: &rs,
                sh: &sh,
                stem,
            },
            (rust_header, cli_header),
            argv,
            token,
            problems,
        );
    }
    let Some(response) = &rust_header.response else {
        add(
            &rs,
            format!(
                "has no `//! response: <example>` header line; name one of {}",
                names(&all_response_examples(op))
            ),
        );
        return Err(problems);
    };
    let request = match request_of(model, op, rust_header.request.as_deref()) {
        Ok(r) => Some(r),
        Err(e) => {
            add(&rs, e);
            None
        }
    };
    let answer = match response_example(model, op, response) {
        Ok(found) if found.len() == 1 => Some(found.into_iter().next().unwrap()),
        Ok(found) if found.is_empty() => {
            add(
                &rs,
                format!(
                    "`response: {response}` names no example of `{op_id}`'s responses; name one of {} or add `{response}` to a response's `examples`",
                    names(&all_response_examples(op))
                ),
            );
            None
        }
        Ok(found) => {
            let statuses: Vec<String> = found.iter().map(|(s, _)| s.to_string()).collect();
            add(
                &rs,
                format!(
                    "`response: {response}` names an example of several responses ({}); rename one of them in the spec",
                    statuses.join(", ")
                ),
            );
            None
        }
        Err(e) => {
            add(&rs, e);
            None
        }
    };
    let credentials_body = if op_id == TOKEN_OPERATION {
        request.as_ref().and_then(|r| r.body.clone())
    } else {
        match token {
            Ok((req, _)) => Some(req.clone()),
            Err(p) => {
                problems.push(p.clone());
                None
            }
        }
    };
    let credentials = credentials_body.as_ref().map(|b| {
        let text = |k: &str| {
            b.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        (text("imp_key"), text("imp_secret"))
    });
    let (Some(request), Some((status, response_body)), Some(argv), Some(credentials), true) =
        (request, answer, argv, credentials, problems.is_empty())
    else {
        return Err(problems);
    };
    let stdout = (cli_header.exit.unwrap_or(0) == 0).then(|| printed(op, status, &response_body));
    Ok(SamplePair {
        operation: op_id.to_string(),
        name: name.to_string(),
        rust_rel: format!("{op_id}/{name}.rs"),
        stem,
        method: op.method,
        path: request.path,
        query: request.query,
        body: request.body,
        request: rust_header.request.clone(),
        response: response.clone(),
        status,
        response_body,
        argv,
        exit: cli_header.exit.unwrap_or(0),
        stdout,
        rust: rust_header.body,
        cli: cli_header.body,
        credentials,
        token: match (op_id == TOKEN_OPERATION, token) {
            (false, Ok(t)) => Some(t.clone()),
            _ => None,
        },
        notice: None,
    })
}

/// Where a webhook pair is, for [`webhook_pair`].
struct WebhookFiles<'s> {
    op_id: &'s str,
    name: &'s str,
    rs: &'s str,
    sh: &'s str,
    stem: String,
}

/// A webhook's pair: `request:` names an example of the notice's JSON
/// body, `response:` an example of the verification's responses (a 2xx:
/// the sample shows a notice that verifies), the CLI line runs `listen`
/// on a free port.
fn webhook_pair(
    model: &Model<'_>,
    op: &Operation<'_>,
    at: WebhookFiles<'_>,
    (rust_header, cli_header): (super::samples::Header, super::samples::Header),
    argv: Option<Vec<String>>,
    token: &TokenExamples,
    mut problems: Vec<Problem>,
) -> Result<SamplePair, Vec<Problem>> {
    let WebhookFiles {
        op_id,
        name,
        rs,
        sh,
        stem,
    } = at;
    let mut add = |place: &str, message: String| {
        problems.push(Problem {
            place: place.to_string(),
            message,
        })
    };
    let bodies = op
        .request_body
        .as_ref()
        .and_then(|b| b.json())
        .map(|m| example_names(m.node))
        .unwrap_or_default();
    let notice = match rust_header.request.as_deref() {
        None => {
            add(
                rs,
                format!(
                    "has no `//! request: <example>` header line; a webhook's sample names the notice it handles: one of the examples of `{op_id}`'s JSON body ({})",
                    names(&bodies)
                ),
            );
            None
        }
        Some(request) => {
            let found = body_example(model, op, request);
            if found.is_none() {
                add(
                    rs,
                    format!(
                        "`request: {request}` names no example of the webhook `{op_id}`'s JSON body; name one of {} or add `{request}` to its `examples`",
                        names(&bodies)
                    ),
                );
            }
            found
        }
    };
    let Some(verify) = model.operation(VERIFY_OPERATION) else {
        add(
            "#/paths",
            format!(
                "a webhook's sample is verified with `{VERIFY_OPERATION}`, and the spec has no operation `{VERIFY_OPERATION}`"
            ),
        );
        return Err(problems);
    };
    let answer = match rust_header.response.as_deref() {
        None => {
            add(
                rs,
                format!(
                    "has no `//! response: <example>` header line; a webhook's sample names the answer of the call that verifies it: one of `{VERIFY_OPERATION}`'s response examples ({})",
                    names(&all_response_examples(verify))
                ),
            );
            None
        }
        Some(response) => match response_example(model, verify, response) {
            Ok(found) if found.len() == 1 => {
                let (status, body) = found.into_iter().next().unwrap();
                if (200..300).contains(&status) {
                    Some((response.to_string(), status, body))
                } else {
                    add(
                        rs,
                        format!(
                            "`response: {response}` is `{VERIFY_OPERATION}`'s HTTP {status} answer; a webhook's sample shows a notice that verifies: name a 2xx example of `{VERIFY_OPERATION}`"
                        ),
                    );
                    None
                }
            }
            Ok(found) if found.is_empty() => {
                add(
                    rs,
                    format!(
                        "`response: {response}` names no example of `{VERIFY_OPERATION}`'s responses (a webhook's sample names the answer of the call that verifies it); name one of {}",
                        names(&all_response_examples(verify))
                    ),
                );
                None
            }
            Ok(_) => {
                add(
                    rs,
                    format!(
                        "`response: {response}` names an example of several `{VERIFY_OPERATION}` responses; rename one of them in the spec"
                    ),
                );
                None
            }
            Err(e) => {
                add(rs, e);
                None
            }
        },
    };
    // The verification's path, from the notice's members of the same name.
    let path = notice.as_ref().and_then(|body| {
        let mut path = verify.path.to_string();
        for p in verify
            .effective_parameters()
            .into_iter()
            .filter(|p| p.location == "path")
        {
            match body.get(p.name).map(|v| scalar(p.name, v)) {
                Some(Ok(v)) => path = path.replace(&format!("{{{}}}", p.name), &encode_path(&v)),
                Some(Err(e)) => {
                    add(rs, e);
                    return None;
                }
                None => {
                    add(
                        rs,
                        format!(
                            "the notice `{}` has no `{}`, which verification reads the payment by (`{} {}`); add it to the example",
                            rust_header.request.as_deref().unwrap_or_default(),
                            p.name,
                            verify.method.upper(),
                            verify.path
                        ),
                    );
                    return None;
                }
            }
        }
        Some(path)
    });
    if let Some(argv) = &argv {
        let port_zero = argv.windows(2).any(|w| w[0] == "--port" && w[1] == "0")
            || argv.iter().any(|a| a == "--port=0");
        if argv.get(1).map(String::as_str) != Some(LISTEN_COMMAND) {
            add(
                sh,
                format!(
                    "a webhook's CLI line runs `{CLI_NAME} {LISTEN_COMMAND} ...` (the test POSTs the notice to it); this one runs `{}`",
                    argv.join(" ")
                ),
            );
        } else if !port_zero {
            add(
                sh,
                format!(
                    "the test runs the line as it is, so `{CLI_NAME} {LISTEN_COMMAND}` must pick a free port: add `--port 0` (it prints the URL it took)"
                ),
            );
        }
    }
    if let Some(exit) = cli_header.exit.filter(|e| *e != 0) {
        add(
            sh,
            format!(
                "`exit: {exit}`, but `{LISTEN_COMMAND}` runs until stopped: the test stops it after its line, so there is no exit code to check; remove the `exit:` line or write `# exit: 0`"
            ),
        );
    }
    let token = match token {
        Ok(t) => Some(t.clone()),
        Err(p) => {
            problems.push(p.clone());
            None
        }
    };
    let (
        Some(body),
        Some((response, status, response_body)),
        Some(path),
        Some(argv),
        Some(token),
        true,
    ) = (notice, answer, path, argv, token, problems.is_empty())
    else {
        return Err(problems);
    };
    let text = |k: &str| {
        token
            .0
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    Ok(SamplePair {
        operation: op_id.to_string(),
        name: name.to_string(),
        rust_rel: format!("{op_id}/{name}.rs"),
        stem,
        method: verify.method,
        path,
        query: Vec::new(),
        body: None,
        request: rust_header.request.clone(),
        response,
        status,
        response_body,
        argv,
        exit: 0,
        stdout: None,
        rust: rust_header.body,
        cli: cli_header.body,
        credentials: (text("imp_key"), text("imp_secret")),
        token: Some(token),
        notice: Some(Notice {
            body,
            verified_by: VERIFY_OPERATION.to_string(),
        }),
    })
}

/// What the CLI prints for a `status` response `body` of `op`: the
/// envelope's `response` member (the body itself when it has none),
/// without the properties the schema marks secret (`format: password`).
fn printed(op: &Operation<'_>, status: u16, body: &Value) -> Value {
    let mut member = body
        .get("response")
        .cloned()
        .unwrap_or_else(|| body.clone());
    let schema = op
        .responses
        .iter()
        .find(|r| r.status == status.to_string())
        .and_then(|r| r.json())
        .and_then(|m| m.schema.as_ref());
    let member_schema = schema.and_then(|s| {
        s.properties()
            .into_iter()
            .find(|p| p.name == "response")
            .map(|p| p.schema)
    });
    if let (Some(s), Some(map)) = (member_schema, member.as_object_mut()) {
        for p in s.properties() {
            if p.schema.format() == Some("password") {
                map.remove(p.name);
            }
        }
    }
    member
}

/// What a request example makes: the path, query and body sent.
struct Request {
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
}

/// The request `name` of `op`: the JSON body's example for an operation
/// with a body; else every parameter's `examples.<name>`.
fn request_of(
    model: &Model<'_>,
    op: &Operation<'_>,
    name: Option<&str>,
) -> Result<Request, String> {
    let id = op.id.unwrap_or_default();
    let params: Vec<_> = op
        .effective_parameters()
        .into_iter()
        .filter(|p| p.location == "path" || p.location == "query")
        .collect();
    if let Some(media) = op.request_body.as_ref().and_then(|b| b.json()) {
        let available = example_names(media.node);
        let Some(name) = name else {
            return Err(format!(
                "has no `//! request: <example>` header line; `{id}` has a body: name one of its examples ({})",
                names(&available)
            ));
        };
        let body = body_example(model, op, name).ok_or_else(|| {
            format!(
                "`request: {name}` names no example of `{id}`'s request body; name one of {} or add `{name}` to its `examples`",
                names(&available)
            )
        })?;
        // Bodies and path parameters together: the path's own examples.
        let path =
            fill_path(op, &params, model, Some(name)).unwrap_or_else(|_| op.path.to_string());
        return Ok(Request {
            path,
            query: Vec::new(),
            body: Some(body),
        });
    }
    let Some(name) = name else {
        if params.is_empty() {
            return Ok(Request {
                path: op.path.to_string(),
                query: Vec::new(),
                body: None,
            });
        }
        return Err(format!(
            "has no `//! request: <example>` header line; `{id}` takes parameters: name the key of their `examples` to send ({})",
            names(&param_example_names(&params))
        ));
    };
    if params.is_empty() {
        return Err(format!(
            "`request: {name}`, but `{id}` takes no parameter and no body; remove the `request:` line from both files"
        ));
    }
    if !params
        .iter()
        .any(|p| example_value(model, &p.pointer, p.node, name).is_some())
    {
        return Err(format!(
            "`request: {name}` names no example of `{id}`'s parameters: no parameter has `examples.{name}`; name one of {} or add `examples: {{{name}: {{value: ...}}}}` to the parameters it sends",
            names(&param_example_names(&params))
        ));
    }
    let path = fill_path(op, &params, model, Some(name))?;
    let mut query = Vec::new();
    for p in params.iter().filter(|p| p.location == "query") {
        if let Some(v) = example_value(model, &p.pointer, p.node, name) {
            query.push((p.name.to_string(), scalar(p.name, &v)?));
        }
    }
    query.sort();
    Ok(Request {
        path,
        query,
        body: None,
    })
}

/// The path with each path parameter's `examples.<name>`, encoded.
fn fill_path(
    op: &Operation<'_>,
    params: &[&super::operation::Parameter<'_>],
    model: &Model<'_>,
    name: Option<&str>,
) -> Result<String, String> {
    let mut path = op.path.to_string();
    for p in params.iter().filter(|p| p.location == "path") {
        let value = name.and_then(|n| example_value(model, &p.pointer, p.node, n)).ok_or_else(|| {
            format!(
                "path parameter `{}` has no `examples.{}` (at {}); every path parameter needs a value in the request the sample sends: add it",
                p.name,
                name.unwrap_or("<request>"),
                p.pointer
            )
        })?;
        path = path.replace(
            &format!("{{{}}}", p.name),
            &encode_path(&scalar(p.name, &value)?),
        );
    }
    Ok(path)
}

/// A parameter value as it goes into a URL.
fn scalar(param: &str, v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!(
            "the example value of parameter `{param}` is `{other}`, which a URL cannot carry; give a string, number or boolean"
        )),
    }
}

fn param_example_names(params: &[&super::operation::Parameter<'_>]) -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    for p in params {
        out.extend(example_names(p.node));
    }
    out.into_iter().collect()
}

fn body_example(model: &Model<'_>, op: &Operation<'_>, name: &str) -> Option<Value> {
    let media = op.request_body.as_ref()?.json()?;
    example_value(model, &media.pointer, media.node, name)
}

fn example_value(model: &Model<'_>, pointer: &str, holder: &Value, name: &str) -> Option<Value> {
    let ex = holder.get("examples")?.get(name)?;
    let at = model.deref(format!("{pointer}/examples/{}", escape_pointer(name)), ex);
    at.node.get("value").cloned()
}

/// `(status, body)` of every response of `op` with a JSON example `name`.
fn response_example(
    model: &Model<'_>,
    op: &Operation<'_>,
    name: &str,
) -> Result<Vec<(u16, Value)>, String> {
    let mut out = Vec::new();
    for r in &op.responses {
        let Some(media) = r.json() else {
            continue;
        };
        let Some(v) = example_value(model, &media.pointer, media.node, name) else {
            continue;
        };
        let status: u16 = r.status.parse().map_err(|_| {
            format!(
                "`response: {name}` is an example of the `{}` response, which has no status a mock can answer; move it to a response with a numeric status",
                r.status
            )
        })?;
        out.push((status, v));
    }
    Ok(out)
}

fn all_response_examples(op: &Operation<'_>) -> Vec<String> {
    let mut out = BTreeSet::new();
    for r in &op.responses {
        if let Some(m) = r.json() {
            out.extend(example_names(m.node));
        }
    }
    out.into_iter().collect()
}

fn example_names(holder: &Value) -> Vec<String> {
    holder
        .get("examples")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        return "(none yet)".into();
    }
    list.iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A path segment percent-encoded as the generated client encodes it
/// (progenitor-client's `encode_path`: controls, space, `"#<>?`{}/%` and
/// every non-ASCII byte).
pub fn encode_path(segment: &str) -> String {
    let mut out = String::new();
    for b in segment.bytes() {
        let keep = b.is_ascii_graphic() && !b"\"#<>?`{}/%".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A query name or value as `application/x-www-form-urlencoded` writes it
/// (reqwest's `query`): letters, digits and `*-._` as they are, space as
/// `+`, every other byte `%XX`.
pub fn encode_query(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries_are_encoded_as_the_client_sends_them() {
        assert_eq!(encode_path("order-1"), "order-1");
        assert_eq!(encode_path("a b/c?%"), "a%20b%2Fc%3F%25");
        assert_eq!(encode_path("주문"), "%EC%A3%BC%EB%AC%B8");
        assert_eq!(encode_query("-started"), "-started");
        assert_eq!(encode_query("a b&c=d"), "a+b%26c%3Dd");
    }
}
