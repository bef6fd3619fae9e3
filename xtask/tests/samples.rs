//! Usage samples (`spec/samples/<operationId>/<name>.rs|.sh`): read into the
//! model, refused by lint (rule `usage-samples`) with the file to fix, and
//! what `cargo xtask generate` makes of them (the docs' sections and the
//! generated test), on a small spec (`fixtures/samples/spec.yaml`) with a
//! samples folder written per test.

mod common;

use std::path::Path;

use xtask::lint::samples::RULE;
use xtask::model::sample_requests::SamplePair;

/// A workspace-like folder: `spec/portone-v1.yaml` (the fixture) and
/// `spec/samples/` holding `files` (`(relative path, text)`).
struct Workspace {
    root: common::TempDir,
}

impl Workspace {
    fn new(name: &str, files: &[(&str, &str)]) -> Workspace {
        Workspace::of("samples/spec.yaml", name, files)
    }

    /// The same with the fixture spec `spec` (relative to the fixtures).
    fn of(spec: &str, name: &str, files: &[(&str, &str)]) -> Workspace {
        let root = common::temp_dir(&format!("samples-{name}"));
        std::fs::create_dir_all(root.join("spec/samples")).unwrap();
        std::fs::copy(common::fixture(spec), root.join(xtask::SPEC_PATH)).unwrap();
        for (rel, text) in files {
            let path = root.join("spec/samples").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Workspace { root }
    }

    fn spec(&self) -> xtask::spec::LoadedSpec {
        xtask::spec::load(&self.root.join(xtask::SPEC_PATH)).expect("the fixture loads")
    }

    /// The rule's findings as `(place, message)`.
    fn findings(&self) -> Vec<(String, String)> {
        xtask::lint::lint(&self.spec().model())
            .into_iter()
            .filter(|f| f.rule == RULE)
            .map(|f| (f.pointer, f.message))
            .collect()
    }

    /// The model's webhook operations, as `(id, path, pointer, media)`.
    fn webhooks(&self) -> Vec<(String, String, String, Vec<String>)> {
        let spec = self.spec();
        let model = spec.model();
        assert!(
            model.operations().iter().all(|op| !op.webhook),
            "webhooks are not among the operations the client is made from"
        );
        model
            .webhooks()
            .iter()
            .map(|op| {
                assert!(op.webhook);
                (
                    op.id.unwrap().to_string(),
                    op.path.to_string(),
                    op.pointer.clone(),
                    op.request_body
                        .iter()
                        .flat_map(|b| &b.media)
                        .map(|m| m.name.to_string())
                        .collect(),
                )
            })
            .collect()
    }

    fn pairs(&self) -> Vec<SamplePair> {
        self.spec().model().resolved_samples().unwrap().pairs
    }

    fn path(&self) -> &Path {
        &self.root
    }
}

const RUN: &str = "pub async fn run(client: &portone_v1::PortOne) -> Result<(), Box<dyn std::error::Error>> {\n    let _ = client;\n    Ok(())\n}\n";

fn rust(request: &str, response: &str) -> String {
    format!("//! request: {request}\n//! response: {response}\n\n{RUN}")
}

fn cli(request: &str, response: &str, exit: i32, line: &str) -> String {
    format!("# request: {request}\n# response: {response}\n# exit: {exit}\n{line}\n")
}

/// One good pair per operation of the fixture.
fn good() -> Vec<(String, String)> {
    vec![
        ("getToken/issued.rs".into(), rust("credentials", "issued")),
        (
            "getToken/issued.sh".into(),
            cli("credentials", "issued", 0, "portone-v1 token"),
        ),
        ("cancelOrder/partial.rs".into(), rust("partial", "done")),
        (
            "cancelOrder/partial.sh".into(),
            cli(
                "partial",
                "done",
                0,
                "portone-v1 cancel --order-id order-1 \\\n  --amount 1000",
            ),
        ),
        ("getOrder/oddOne.rs".into(), rust("odd", "missing")),
        (
            "getOrder/oddOne.sh".into(),
            cli(
                "odd",
                "missing",
                1,
                "portone-v1 find 'order 1/가' --sorting \"-paid at\" --page 2",
            ),
        ),
    ]
}

fn with(changes: &[(&str, Option<&str>)]) -> Vec<(String, String)> {
    let mut files = good();
    for (rel, text) in changes {
        files.retain(|(r, _)| r != rel);
        if let Some(t) = text {
            files.push((rel.to_string(), t.to_string()));
        }
    }
    files
}

fn workspace(name: &str, files: &[(String, String)]) -> Workspace {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    Workspace::new(name, &refs)
}

/// The one finding of `files`, which must be at `place` and say `needle`.
fn one_finding(name: &str, files: &[(String, String)], place: &str, needle: &str) {
    let ws = workspace(name, files);
    let found = ws.findings();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, place, "{found:#?}");
    assert!(
        found[0].1.contains(needle),
        "{:?} lacks {needle:?}",
        found[0].1
    );
}

#[test]
fn good_samples_are_clean_and_resolved_to_the_request_they_send() {
    let ws = workspace("good", &good());
    assert_eq!(ws.findings(), Vec::<(String, String)>::new());
    let pairs = ws.pairs();
    let names: Vec<String> = pairs
        .iter()
        .map(|p| format!("{}/{}", p.operation, p.name))
        .collect();
    assert_eq!(
        names,
        ["cancelOrder/partial", "getOrder/oddOne", "getToken/issued"]
    );
    let get = &pairs[1];
    // The path segment as the client's `encode_path`, the query as
    // reqwest's form encoding, parameters by name.
    assert_eq!(
        get.request_line(),
        "GET /orders/order%201%2F%EA%B0%80?page=2&sorting=-paid+at"
    );
    assert_eq!(
        get.query,
        [
            ("page".to_string(), "2".to_string()),
            ("sorting".to_string(), "-paid at".to_string())
        ]
    );
    assert_eq!(get.body, None);
    assert_eq!((get.status, get.exit, get.stdout.clone()), (404, 1, None));
    assert_eq!(
        get.argv,
        [
            "portone-v1",
            "find",
            "order 1/가",
            "--sorting",
            "-paid at",
            "--page",
            "2"
        ]
    );
    assert_eq!(get.credentials, ("key-1".into(), "secret-1".into()));
    assert!(get.token.is_some());
    assert_eq!(get.rust, RUN, "the header is not shown");

    let cancel = &pairs[0];
    assert_eq!(
        cancel.body,
        Some(serde_json::json!({"order_id": "order-1", "amount": 1000}))
    );
    assert_eq!(cancel.stdout, Some(serde_json::json!({"id": "order-1"})));

    let token = &pairs[2];
    assert_eq!(token.token, None, "getToken's own sample is the token call");
    assert_eq!(
        token.stdout,
        Some(serde_json::json!({"now": 1, "expired_at": 1801})),
        "the CLI never prints a `format: password` field"
    );
}

#[test]
fn an_operation_without_a_pair_names_the_files_to_create() {
    one_finding(
        "no-pair",
        &with(&[("getOrder/oddOne.rs", None), ("getOrder/oddOne.sh", None)]),
        "spec/samples/getOrder/",
        "operation `getOrder` (GET /orders/{order_id}) has no usage sample; create spec/samples/getOrder/<name>.rs",
    );
}

#[test]
fn half_a_pair_names_the_missing_file() {
    one_finding(
        "half",
        &with(&[("cancelOrder/partial.sh", None)]),
        "spec/samples/cancelOrder/partial.rs",
        "spec/samples/cancelOrder/partial.sh is missing; create it with the CLI line",
    );
    one_finding(
        "half-rs",
        &with(&[("cancelOrder/partial.rs", None)]),
        "spec/samples/cancelOrder/partial.sh",
        "spec/samples/cancelOrder/partial.rs is missing; create it with the Rust call",
    );
}

#[test]
fn a_folder_or_file_that_is_no_sample_is_refused() {
    let rs = rust("partial", "done");
    one_finding(
        "unknown-op",
        &with(&[("cancelOrders/partial.rs", Some(&rs))]),
        "spec/samples/cancelOrders/",
        "there is no operation `cancelOrders` under `paths` or `x-webhooks`; rename the folder to one of `cancelOrder`, `getOrder`, `getToken`",
    );
    one_finding(
        "stray",
        &with(&[("cancelOrder/notes.txt", Some("x"))]),
        "spec/samples/cancelOrder/notes.txt",
        "not a sample file",
    );
    one_finding(
        "not-camel",
        &with(&[
            ("cancelOrder/partial.rs", None),
            ("cancelOrder/partial.sh", None),
            ("cancelOrder/Partial_one.rs", Some(&rs)),
            (
                "cancelOrder/Partial_one.sh",
                Some(&cli("partial", "done", 0, "portone-v1 cancel")),
            ),
        ]),
        "spec/samples/cancelOrder/Partial_one.rs",
        "not a lowerCamelCase name",
    );
}

#[test]
fn a_header_naming_no_example_lists_the_ones_there_are() {
    one_finding(
        "no-request",
        &with(&[
            ("cancelOrder/partial.rs", Some(&rust("full", "done"))),
            (
                "cancelOrder/partial.sh",
                Some(&cli("full", "done", 0, "portone-v1 cancel")),
            ),
        ]),
        "spec/samples/cancelOrder/partial.rs",
        "`request: full` names no example of `cancelOrder`'s request body; name one of `partial`",
    );
    one_finding(
        "no-response",
        &with(&[
            ("cancelOrder/partial.rs", Some(&rust("partial", "gone"))),
            (
                "cancelOrder/partial.sh",
                Some(&cli("partial", "gone", 0, "portone-v1 cancel")),
            ),
        ]),
        "spec/samples/cancelOrder/partial.rs",
        "`response: gone` names no example of `cancelOrder`'s responses; name one of `done`, `refused`",
    );
    // Bodiless: the request names the parameters' `examples` key.
    one_finding(
        "no-param-example",
        &with(&[
            ("getOrder/oddOne.rs", Some(&rust("even", "found"))),
            (
                "getOrder/oddOne.sh",
                Some(&cli("even", "found", 0, "portone-v1 find x")),
            ),
        ]),
        "spec/samples/getOrder/oddOne.rs",
        "no parameter has `examples.even`; name one of `odd`, `plain`",
    );
    // `plain` gives the path parameter only: sent without a query.
    let ws = workspace(
        "path-only",
        &with(&[
            ("getOrder/oddOne.rs", Some(&rust("plain", "found"))),
            (
                "getOrder/oddOne.sh",
                Some(&cli("plain", "found", 0, "portone-v1 find order-1")),
            ),
        ]),
    );
    assert_eq!(ws.findings(), Vec::<(String, String)>::new());
    assert_eq!(ws.pairs()[1].request_line(), "GET /orders/order-1");
}

#[test]
fn the_two_files_of_a_pair_must_agree() {
    one_finding(
        "disagree",
        &with(&[(
            "cancelOrder/partial.sh",
            Some(&cli("partial", "refused", 1, "portone-v1 cancel")),
        )]),
        "spec/samples/cancelOrder/partial.sh",
        "the two files of the pair disagree: spec/samples/cancelOrder/partial.rs says `response: done`, this file `response: refused`",
    );
}

#[test]
fn a_cli_line_must_split_and_run_portone_v1() {
    one_finding(
        "no-split",
        &with(&[(
            "cancelOrder/partial.sh",
            Some(&cli(
                "partial",
                "done",
                0,
                "portone-v1 cancel --reason 'open",
            )),
        )]),
        "spec/samples/cancelOrder/partial.sh",
        "the command line does not split: line 4: a single quote is not closed",
    );
    one_finding(
        "pipe",
        &with(&[(
            "cancelOrder/partial.sh",
            Some(&cli("partial", "done", 0, "portone-v1 cancel | jq .")),
        )]),
        "spec/samples/cancelOrder/partial.sh",
        "`|` is shell syntax",
    );
    one_finding(
        "other-binary",
        &with(&[(
            "cancelOrder/partial.sh",
            Some(&cli("partial", "done", 0, "curl -X POST x")),
        )]),
        "spec/samples/cancelOrder/partial.sh",
        "starts with `curl`, not `portone-v1`",
    );
    one_finding(
        "bad-exit",
        &with(&[(
            "cancelOrder/partial.sh",
            Some("# request: partial\n# response: done\n# exit: yes\nportone-v1 cancel\n"),
        )]),
        "spec/samples/cancelOrder/partial.sh",
        "`exit: yes` is not a whole number",
    );
}

#[test]
fn a_rust_sample_must_define_run() {
    one_finding(
        "no-run",
        &with(&[(
            "cancelOrder/partial.rs",
            Some("//! request: partial\n//! response: done\nfn main() {}\n"),
        )]),
        "spec/samples/cancelOrder/partial.rs",
        "has no `pub async fn run(`",
    );
}

#[test]
fn generation_refuses_a_bad_sample_at_its_file_and_renders_good_ones() {
    let bad = workspace("gen-bad", &with(&[("cancelOrder/partial.sh", None)]));
    // The docs refuse it (and so `generate_all`, which makes them first).
    let e = xtask::docs::generate(&bad.spec().model()).unwrap_err();
    assert_eq!(e.location, "spec/samples/cancelOrder/partial.rs", "{e}");
    assert!(
        e.message.contains("`cargo xtask lint` lists every problem"),
        "{e}"
    );

    let ws = workspace("gen-good", &good());
    let files = xtask::docs::generate(&ws.spec().model()).unwrap();
    let reference = &files
        .iter()
        .find(|f| f.path == "docs/reference.md")
        .unwrap()
        .contents;
    for needle in [
        "#### Usage samples",
        "**`oddOne`**: request `odd` → response `missing` (HTTP 404)",
        "Sends `GET /orders/order%201%2F%EA%B0%80?page=2&sorting=-paid+at`.",
        &format!("```rust\n{RUN}```"),
        "```sh\nportone-v1 find 'order 1/가' --sorting \"-paid at\" --page 2\n```",
        "The command exits with code 1.",
        "`PORTONE_IMP_KEY` and `PORTONE_IMP_SECRET`",
    ] {
        assert!(reference.contains(needle), "reference.md lacks {needle:?}");
    }
    assert!(!reference.contains("//! request:"), "headers are not shown");
    // A body operation shows its body example above, not a request line.
    assert!(!reference.contains("Sends `POST"), "{reference}");
    let html = &files
        .iter()
        .find(|f| f.path == "docs/index.html")
        .unwrap()
        .contents;
    assert!(html.contains("<h3>Usage samples</h3>"));
    assert!(
        html.contains("<code>GET /orders/order%201%2F%EA%B0%80?page=2&amp;sorting=-paid+at</code>")
    );

    // (The fixture is no spec progenitor would take: the test file is
    // rendered from the resolved samples as `generate_all` renders it.)
    let spec = ws.spec();
    let model = spec.model();
    let test = xtask::generate::doc_samples::render(
        &model.resolved_samples().unwrap(),
        &model.samples().unwrap().label,
    );
    assert_eq!(test.lines().next(), Some(xtask::GENERATED_HEADER));
    for needle in [
        "#[path = \"../../../../spec/samples/getOrder/oddOne.rs\"]\nmod get_order_odd_one;",
        "async fn get_order_odd_one() {",
        r#"query: &[("page", "2"), ("sorting", "-paid at")],"#,
        r#"argv: &["portone-v1", "find", "order 1/가", "--sorting", "-paid at", "--page", "2"],"#,
        "exit: 1,",
        "check(&SAMPLE, |client| Box::pin(get_order_odd_one::run(client))).await;",
    ] {
        assert!(
            test.contains(needle),
            "generated test lacks {needle:?}:\n{test}"
        );
    }
    // The lint command refuses what the library does, with the file.
    std::fs::remove_file(ws.path().join("spec/samples/getToken/issued.sh")).unwrap();
    let out = common::xtask(ws.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        common::stdout(&out)
            .contains("spec/samples/getToken/issued.rs: usage-samples: a sample is a pair"),
        "{}",
        common::stdout(&out)
    );
}

#[test]
fn a_spec_parsed_in_memory_has_no_samples_to_check() {
    let text = std::fs::read_to_string(common::fixture("samples/spec.yaml")).unwrap();
    let loaded = xtask::spec::parse(Path::new("spec.yaml"), &text).unwrap();
    assert!(loaded.model().samples().is_none());
    assert!(
        xtask::lint::lint(&loaded.model())
            .iter()
            .all(|f| f.rule != RULE)
    );
}

// ---- Webhooks (`x-webhooks`): `fixtures/samples/webhook.yaml` ----

/// A good pair for each of the webhook fixture's operations: the notice
/// `deposited` verified with getPayment's `paid`.
fn hook_good() -> Vec<(String, String)> {
    vec![
        ("getToken/issued.rs".into(), rust("credentials", "issued")),
        (
            "getToken/issued.sh".into(),
            cli("credentials", "issued", 0, "portone-v1 token"),
        ),
        ("getPayment/paid.rs".into(), rust("one", "paid")),
        (
            "getPayment/paid.sh".into(),
            cli("one", "paid", 0, "portone-v1 get 'imp 1'"),
        ),
        (
            "paymentNotice/deposited.rs".into(),
            rust("deposited", "paid"),
        ),
        (
            "paymentNotice/deposited.sh".into(),
            cli("deposited", "paid", 0, "portone-v1 listen --port 0"),
        ),
    ]
}

fn hook_with(changes: &[(&str, Option<&str>)]) -> Vec<(String, String)> {
    let mut files = hook_good();
    for (rel, text) in changes {
        files.retain(|(r, _)| r != rel);
        if let Some(t) = text {
            files.push((rel.to_string(), t.to_string()));
        }
    }
    files
}

fn hook_workspace(name: &str, files: &[(String, String)]) -> Workspace {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    Workspace::of("samples/webhook.yaml", &format!("hook-{name}"), &refs)
}

/// The one finding of the webhook fixture with `files`.
fn one_hook_finding(name: &str, files: &[(String, String)], place: &str, needle: &str) {
    let found = hook_workspace(name, files).findings();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, place, "{found:#?}");
    assert!(
        found[0].1.contains(needle),
        "{:?} lacks {needle:?}",
        found[0].1
    );
}

#[test]
fn the_model_reads_webhooks_apart_from_the_operations() {
    let ws = hook_workspace("model", &hook_good());
    assert_eq!(
        ws.webhooks(),
        [(
            "paymentNotice".to_string(),
            "paymentNotice".to_string(),
            "#/x-webhooks/paymentNotice/post".to_string(),
            vec![
                "application/json".to_string(),
                "application/x-www-form-urlencoded".to_string()
            ]
        )]
    );
    // The fixture of the operations has none.
    assert_eq!(workspace("model-none", &good()).webhooks(), []);
}

#[test]
fn a_webhook_pair_resolves_to_the_call_that_verifies_its_notice() {
    let ws = hook_workspace("good", &hook_good());
    assert_eq!(ws.findings(), Vec::<(String, String)>::new());
    let pairs = ws.pairs();
    let hook = pairs
        .iter()
        .find(|p| p.operation == "paymentNotice")
        .expect("the webhook's pair");
    // What reaches the mock is the verification: the payment the notice
    // names, its path parameter taken from the notice and encoded.
    assert_eq!(hook.request_line(), "GET /payments/imp%201");
    assert_eq!((hook.body.clone(), hook.query.clone()), (None, vec![]));
    assert_eq!(
        (hook.status, hook.exit, hook.stdout.clone()),
        (200, 0, None)
    );
    assert_eq!(hook.response_body["response"]["merchant_uid"], "order-1");
    let notice = hook.notice.as_ref().expect("a notice");
    assert_eq!(
        notice.body,
        serde_json::json!({"imp_uid": "imp 1", "merchant_uid": "order-1", "status": "paid"})
    );
    assert_eq!(notice.verified_by, "getPayment");
    assert_eq!(hook.argv, ["portone-v1", "listen", "--port", "0"]);
    assert!(hook.token.is_some(), "the verification signs in first");
    assert_eq!(hook.credentials, ("key-1".into(), "secret-1".into()));
    // The other pairs have none.
    assert!(
        pairs
            .iter()
            .filter(|p| p.operation != "paymentNotice")
            .all(|p| p.notice.is_none())
    );
}

#[test]
fn a_webhook_without_a_pair_or_with_half_of_one_is_refused() {
    one_hook_finding(
        "none",
        &hook_with(&[
            ("paymentNotice/deposited.rs", None),
            ("paymentNotice/deposited.sh", None),
        ]),
        "spec/samples/paymentNotice/",
        "webhook `paymentNotice` (`paymentNotice` under `x-webhooks`) has no usage sample; create spec/samples/paymentNotice/<name>.rs",
    );
    // A misspelt folder: the webhooks are among the names offered.
    one_hook_finding(
        "misspelt",
        &hook_with(&[(
            "paymentNotices/deposited.rs",
            Some(&rust("deposited", "paid")),
        )]),
        "spec/samples/paymentNotices/",
        "rename the folder to one of `getPayment`, `getToken`, `paymentNotice`",
    );
    one_hook_finding(
        "half",
        &hook_with(&[("paymentNotice/deposited.sh", None)]),
        "spec/samples/paymentNotice/deposited.rs",
        "a sample is a pair: spec/samples/paymentNotice/deposited.sh is missing",
    );
}

#[test]
fn a_webhook_pair_must_name_a_notice_and_a_verifying_answer_the_spec_has() {
    let rs = "spec/samples/paymentNotice/deposited.rs";
    let both = |request: &str, response: &str| {
        hook_with(&[
            ("paymentNotice/deposited.rs", Some(&rust(request, response))),
            (
                "paymentNotice/deposited.sh",
                Some(&cli(request, response, 0, "portone-v1 listen --port 0")),
            ),
        ])
    };
    one_hook_finding(
        "no-notice",
        &both("refunded", "paid"),
        rs,
        "`request: refunded` names no example of the webhook `paymentNotice`'s JSON body; name one of `anonymous`, `deposited`",
    );
    one_hook_finding(
        "no-answer",
        &both("deposited", "done"),
        rs,
        "`response: done` names no example of `getPayment`'s responses (a webhook's sample names the answer of the call that verifies it); name one of `missing`, `paid`",
    );
    one_hook_finding(
        "not-2xx",
        &both("deposited", "missing"),
        rs,
        "`response: missing` is `getPayment`'s HTTP 404 answer; a webhook's sample shows a notice that verifies: name a 2xx example of `getPayment`",
    );
    one_hook_finding(
        "no-imp-uid",
        &both("anonymous", "paid"),
        rs,
        "the notice `anonymous` has no `imp_uid`, which verification reads the payment by (`GET /payments/{imp_uid}`)",
    );
    // Without a `request:` line: which notice is it?
    one_hook_finding(
        "no-request-line",
        &hook_with(&[
            (
                "paymentNotice/deposited.rs",
                Some(&format!("//! response: paid\n\n{RUN}")),
            ),
            (
                "paymentNotice/deposited.sh",
                Some("# response: paid\nportone-v1 listen --port 0\n"),
            ),
        ]),
        rs,
        "has no `//! request: <example>` header line; a webhook's sample names the notice it handles",
    );
}

#[test]
fn a_webhook_s_cli_line_runs_listen_on_a_free_port() {
    let sh = "spec/samples/paymentNotice/deposited.sh";
    let line = |exit: i32, text: &str| {
        hook_with(&[(
            "paymentNotice/deposited.sh",
            Some(&cli("deposited", "paid", exit, text)),
        )])
    };
    one_hook_finding(
        "not-listen",
        &line(0, "portone-v1 get 'imp 1'"),
        sh,
        "a webhook's CLI line runs `portone-v1 listen ...` (the test POSTs the notice to it)",
    );
    one_hook_finding(
        "fixed-port",
        &line(0, "portone-v1 listen --port 8000"),
        sh,
        "must pick a free port: add `--port 0`",
    );
    one_hook_finding(
        "exit",
        &line(1, "portone-v1 listen --port 0"),
        sh,
        "`exit: 1`, but `listen` runs until stopped",
    );
    // `--port=0` is the same line.
    let ws = hook_workspace("port-eq", &line(0, "portone-v1 listen --port=0"));
    assert_eq!(ws.findings(), Vec::<(String, String)>::new());
}

#[test]
fn the_docs_show_each_webhook_with_its_body_examples_and_samples() {
    let ws = hook_workspace("docs", &hook_good());
    let files = xtask::docs::generate(&ws.spec().model()).unwrap();
    let text = |path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .unwrap()
            .contents
            .clone()
    };
    let reference = text("docs/reference.md");
    for needle in [
        "- [Webhooks](#webhooks)\n  - [`paymentNotice`](#webhook-paymentnotice) (POST from PortOne)",
        "<a id=\"webhook-paymentnotice\"></a>\n\n### Webhook `paymentNotice`",
        "**A notice** · operationId `paymentNotice` · `POST` from PortOne to the merchant's URL",
        "Sent by the server.",
        "Body: [`Notice`](#schema-notice) as `application/json` or `application/x-www-form-urlencoded` ([JSON Schema](schemas/Notice.schema.json)).",
        "The notice.\n\nWhat a notice holds.",
        "| `imp_uid` | body | string | yes |",
        "#### Responses (the merchant's server answers)",
        "| 200 | — | taken |",
        "<details><summary>Body <code>deposited</code>: Paid</summary>",
        "**`deposited`**: notice `deposited` → verified by `getPayment`'s response `paid` (HTTP 200)",
        "Verifying it sends `GET /payments/imp%201`.",
        "```sh\nportone-v1 listen --port 0\n```",
        "the test POSTs the notice (as JSON) to the URL it prints on stderr",
    ] {
        assert!(
            reference.contains(needle),
            "reference.md lacks {needle:?}:\n{reference}"
        );
    }
    // After the operations, before the schemas; the webhook is no operation.
    let at = |needle: &str| reference.find(needle).unwrap();
    assert!(at("## Operations") < at("## Webhooks") && at("## Webhooks") < at("## Schemas"));
    assert!(!reference.contains("#op-paymentnotice"));
    let html = text("docs/index.html");
    for needle in [
        "<li data-target=\"webhook-paymentnotice\"><a href=\"#webhook-paymentnotice\"><span class=\"method m-post\">POST</span> <span class=\"path\">paymentNotice</span></a></li>",
        "<section class=\"item op webhook\" id=\"webhook-paymentnotice\" data-name=\"paymentNotice\">",
        "as <code>application/json</code> or <code>application/x-www-form-urlencoded</code>",
        "<tr class=\"field\" data-field=\"imp_uid\" id=\"webhook-paymentnotice-imp-uid\">",
        "<code>deposited</code>: notice <code>deposited</code> → verified by <code>getPayment</code>'s response <code>paid</code> (HTTP 200)",
        "<p>Verifying it sends <code>GET /payments/imp%201</code>.</p>",
    ] {
        assert!(html.contains(needle), "index.html lacks {needle:?}");
    }
    // And the generated test gets the notice to POST to `listen`.
    let spec = ws.spec();
    let model = spec.model();
    let test = xtask::generate::doc_samples::render(
        &model.resolved_samples().unwrap(),
        &model.samples().unwrap().label,
    );
    for needle in [
        "async fn payment_notice_deposited() {",
        r#"path: "/payments/imp%201","#,
        r##"notice: Some(r#"{"imp_uid":"imp 1","merchant_uid":"order-1","status":"paid"}"#),"##,
    ] {
        assert!(
            test.contains(needle),
            "generated test lacks {needle:?}:\n{test}"
        );
    }
    assert_eq!(test.matches("notice: None,").count(), 2, "{test}");
}
