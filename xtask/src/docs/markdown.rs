//! `docs/reference.md`: the reference as Markdown that reads well on a
//! code-hosting site (tables, explicit anchors, collapsible examples).

use std::fmt::Write;

use super::content::{Doc, Field, Operation, RefundBankTableDoc, SchemaDoc};
use super::text::{Bilingual, anchor, md_cell};
use super::{DOCS_MARKER, INDEX_FILE, json_schema};
use crate::SPEC_PATH;

/// Renders the whole reference.
pub fn render(doc: &Doc) -> String {
    let mut out = String::new();
    let w = &mut out;
    line(w, &format!("<!-- {DOCS_MARKER}. Source: {SPEC_PATH} -->"));
    line(w, &format!("# {}: reference", doc.title));
    line(w, "");
    line(
        w,
        &format!(
            "Spec version `{}` · server {} · [one-page version]({INDEX_FILE}) · [JSON Schemas]({}/)",
            doc.version,
            doc.servers
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", "),
            super::SCHEMAS_DIR
        ),
    );
    line(w, "");
    prose(w, &doc.description);
    contents(w, doc);
    reading_notes(w);
    authentication(w, doc);
    line(w, "## Operations");
    line(w, "");
    for op in &doc.operations {
        operation(w, op);
    }
    webhooks(w, &doc.webhooks);
    line(w, "## Schemas");
    line(w, "");
    for s in &doc.schemas {
        schema(w, s);
    }
    refund_bank_tables(w, &doc.refund_bank_tables);
    // Exactly one trailing newline.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn line(w: &mut String, s: &str) {
    w.push_str(s);
    w.push('\n');
}

fn prose(w: &mut String, b: &Bilingual) {
    for part in [&b.ko, &b.en] {
        if !part.is_empty() {
            line(w, part);
            line(w, "");
        }
    }
}

fn contents(w: &mut String, doc: &Doc) {
    line(w, "## Contents");
    line(w, "");
    line(w, "- [How to read this page](#how-to-read)");
    line(w, "- [Authentication](#authentication)");
    line(w, "- [Operations](#operations)");
    for op in &doc.operations {
        line(
            w,
            &format!(
                "  - [`{} {}`](#{}) ({})",
                op.method,
                op.path,
                anchor("op-", &op.id),
                op.id
            ),
        );
    }
    if !doc.webhooks.is_empty() {
        line(w, "- [Webhooks](#webhooks)");
        for op in &doc.webhooks {
            line(
                w,
                &format!(
                    "  - [`{}`](#{}) ({} from PortOne)",
                    op.id,
                    anchor("webhook-", &op.id),
                    op.method
                ),
            );
        }
    }
    line(w, "- [Schemas](#schemas)");
    let names: Vec<String> = doc
        .schemas
        .iter()
        .map(|s| format!("[{}](#{})", s.name, anchor("schema-", &s.name)))
        .collect();
    line(w, &format!("  - {}", names.join(" · ")));
    if !doc.refund_bank_tables.is_empty() {
        line(w, "- [Refund bank codes](#refund-bank-codes)");
        let tables: Vec<String> = doc
            .refund_bank_tables
            .iter()
            .map(|t| format!("[{}](#{})", md_cell(&t.en), anchor("refund-banks-", &t.id)))
            .collect();
        line(w, &format!("  - {}", tables.join(" · ")));
    }
    line(w, "");
}

/// One section per table: which `pg_provider` values it is for, then its
/// codes with the bank's names.
fn refund_bank_tables(w: &mut String, tables: &[RefundBankTableDoc]) {
    if tables.is_empty() {
        return;
    }
    line(w, "<a id=\"refund-bank-codes\"></a>");
    line(w, "## Refund bank codes");
    line(w, "");
    line(
        w,
        "`refund_bank` (`POST /payments/cancel`) takes the code that the payment's PG uses for the bank: the same bank has a different code at each PG, and another PG's code fails the refund there. The `portone-v1` client refuses, before sending, a code that is not in the table of the payment's `pg_provider` (`PortOne::prepare_cancel`, `portone-v1 cancel --guard`), and the CLI translates a bank name into the code; a PG with no table here is not checked.",
    );
    line(w, "");
    for t in tables {
        line(
            w,
            &format!("<a id=\"{}\"></a>", anchor("refund-banks-", &t.id)),
        );
        line(w, "");
        if t.ko == t.en {
            line(w, &format!("### {}", md_cell(&t.en)));
        } else {
            line(w, &format!("### {} ({})", md_cell(&t.en), md_cell(&t.ko)));
        }
        line(w, "");
        let pgs: Vec<String> = t.pg_providers.iter().map(|p| format!("`{p}`")).collect();
        line(w, &format!("For `pg_provider` {}.", pgs.join(", ")));
        line(w, "");
        line(w, "| code | bank | 은행 |");
        line(w, "| --- | --- | --- |");
        for (code, ko, en) in &t.codes {
            line(
                w,
                &format!("| `{code}` | {} | {} |", md_cell(en), md_cell(ko)),
            );
        }
        line(w, "");
    }
}

fn reading_notes(w: &mut String) {
    line(w, "<a id=\"how-to-read\"></a>");
    line(w, "## How to read this page");
    line(w, "");
    line(
        w,
        "- Fields are listed by name. `parent.child` is a field of a nested object.",
    );
    line(
        w,
        "- **required**: the key must be present. **nullable**: `null` is a valid value. A field that is neither may be left out but never sent as `null`.",
    );
    line(
        w,
        "- **default**: the spec's `default`, or what its description says an omitted value means.",
    );
    line(
        w,
        "- An *open list* names the values known today; the client accepts others without error.",
    );
    line(
        w,
        &format!(
            "- Every schema also exists as JSON Schema (draft 2020-12) in [`{dir}/`]({dir}/), with `$id` `{base}<Name>.schema.json` (a stable name on a reserved domain, never fetched) and relative `$ref`s between the files. `nullable` became a `\"null\"` type.",
            dir = super::SCHEMAS_DIR,
            base = json_schema::SCHEMA_ID_BASE
        ),
    );
    line(w, "");
}

fn authentication(w: &mut String, doc: &Doc) {
    line(w, "<a id=\"authentication\"></a>");
    line(w, "## Authentication");
    line(w, "");
    line(w, "| scheme | sent as | description |");
    line(w, "| --- | --- | --- |");
    for s in &doc.security_schemes {
        line(
            w,
            &format!(
                "| <a id=\"{}\"></a>`{}` | {} | {} |",
                anchor("auth-", &s.name),
                s.name,
                md_cell(&s.wire),
                bilingual_cell(&s.description)
            ),
        );
    }
    line(w, "");
}

/// The operation's security alternatives as one sentence.
pub fn security_text(op: &Operation, link: impl Fn(&str) -> String) -> String {
    if op.security.is_empty() {
        return "none".into();
    }
    let alts: Vec<String> = op
        .security
        .iter()
        .map(|alt| alt.iter().map(|s| link(s)).collect::<Vec<_>>().join(" + "))
        .collect();
    if alts.len() == 1 {
        alts[0].clone()
    } else {
        format!("one of: {}", alts.join(" **or** "))
    }
}

fn operation(w: &mut String, op: &Operation) {
    line(w, &format!("<a id=\"{}\"></a>", anchor("op-", &op.id)));
    line(w, "");
    line(w, &format!("### `{} {}`", op.method, op.path));
    line(w, "");
    line(
        w,
        &format!("**{}** · operationId `{}`", md_cell(&op.summary), op.id),
    );
    line(w, "");
    prose(w, &op.description);
    let auth = security_text(op, |s| format!("[`{s}`](#{})", anchor("auth-", s)));
    line(w, &format!("**Authentication:** {auth}"));
    line(w, "");

    line(w, "#### Request");
    line(w, "");
    if let Some(body) = &op.body_schema {
        line(
            w,
            &format!(
                "Body: [`{body}`](#{}) as JSON ([JSON Schema]({})).",
                anchor("schema-", body),
                json_schema::file_name(body)
            ),
        );
        line(w, "");
        prose(w, &op.body_description);
    }
    if op.fields.is_empty() {
        line(w, "No parameters and no body.");
        line(w, "");
    } else {
        fields_table(w, &op.fields, true);
    }

    line(w, "#### Responses");
    line(w, "");
    responses_table(w, op);

    line(w, "#### Errors and what the client does");
    line(w, "");
    if op.outcomes.is_empty() {
        line(
            w,
            "The `portone-v1` client does not wrap this operation yet.",
        );
    } else {
        line(w, "| HTTP | code | meaning | the `portone-v1` client |");
        line(w, "| --- | --- | --- | --- |");
        for o in op.outcomes {
            line(
                w,
                &format!(
                    "| {} | {} | {} | {} |",
                    o.status,
                    o.code,
                    md_cell(o.meaning),
                    md_cell(o.client)
                ),
            );
        }
    }
    line(w, "");

    line(w, "#### Examples");
    line(w, "");
    examples(w, op, "Request");
    samples(w, op);
}

/// The responses as a table: status (and shared name), body, description.
fn responses_table(w: &mut String, op: &Operation) {
    line(w, "| status | body | description |");
    line(w, "| --- | --- | --- |");
    for r in &op.responses {
        let body = r
            .schema
            .as_ref()
            .map(|s| format!("[`{s}`](#{})", anchor("schema-", s)))
            .unwrap_or_else(|| "—".into());
        let shared = r
            .shared_name
            .as_ref()
            .map(|n| format!(" (`{n}`)"))
            .unwrap_or_default();
        line(
            w,
            &format!(
                "| {}{shared} | {body} | {} |",
                r.status,
                bilingual_cell(&r.description)
            ),
        );
    }
    line(w, "");
}

/// The request examples (titled `{what} <name>`), then every response's.
fn examples(w: &mut String, op: &Operation, what: &str) {
    for e in &op.request_examples {
        example(w, &format!("{what} `{}`", e.name), &e.summary, &e.json);
    }
    for r in &op.responses {
        for e in &r.examples {
            let code = e.code.map(|c| format!(", code {c}")).unwrap_or_default();
            example(
                w,
                &format!("Response {}{code} `{}`", r.status, e.name),
                &e.summary,
                &e.json,
            );
        }
    }
}

/// The webhooks: requests PortOne sends to the merchant's server, each with
/// its body (as JSON or a form), what the server answers, its examples and
/// its usage samples.
fn webhooks(w: &mut String, webhooks: &[Operation]) {
    if webhooks.is_empty() {
        return;
    }
    line(w, "<a id=\"webhooks\"></a>");
    line(w, "## Webhooks");
    line(w, "");
    line(
        w,
        "Requests PortOne sends to the merchant's server (the URL set in the console), not calls the client makes. The spec writes them under `x-webhooks`, as OpenAPI 3.0 has no `webhooks`.",
    );
    line(w, "");
    for op in webhooks {
        webhook(w, op);
    }
}

fn webhook(w: &mut String, op: &Operation) {
    line(w, &format!("<a id=\"{}\"></a>", anchor("webhook-", &op.id)));
    line(w, "");
    line(w, &format!("### Webhook `{}`", op.id));
    line(w, "");
    line(
        w,
        &format!(
            "**{}** · operationId `{}` · `{}` from PortOne to the merchant's URL",
            md_cell(&op.summary),
            op.id,
            op.method
        ),
    );
    line(w, "");
    prose(w, &op.description);
    if let Some(d) = &op.delivery {
        line(
            w,
            &format!(
                "**Delivery** (`x-delivery`): {}",
                super::text::delivery_sentence(d)
            ),
        );
        line(w, "");
    }
    let auth = security_text(op, |s| format!("[`{s}`](#{})", anchor("auth-", s)));
    line(w, &format!("**Authentication:** {auth}"));
    line(w, "");

    line(w, "#### Body");
    line(w, "");
    let media: Vec<String> = op.body_media.iter().map(|m| format!("`{m}`")).collect();
    match &op.body_schema {
        Some(body) => line(
            w,
            &format!(
                "Body: [`{body}`](#{}) as {} ([JSON Schema]({})).",
                anchor("schema-", body),
                media.join(" or "),
                json_schema::file_name(body)
            ),
        ),
        None => line(w, &format!("Body: {}.", media.join(" or "))),
    }
    line(w, "");
    prose(w, &op.request_description);
    prose(w, &op.body_description);
    if !op.fields.is_empty() {
        fields_table(w, &op.fields, true);
    }

    line(w, "#### Responses (the merchant's server answers)");
    line(w, "");
    responses_table(w, op);

    line(w, "#### Examples");
    line(w, "");
    examples(w, op, "Body");
    samples(w, op);
}

/// The operation's usage samples: per pair the request line (bodiless
/// operations), the Rust call and the CLI line.
fn samples(w: &mut String, op: &Operation) {
    if op.samples.is_empty() {
        return;
    }
    line(w, "#### Usage samples");
    line(w, "");
    let intro = if op.samples.iter().any(|s| s.verified_by.is_some()) {
        WEBHOOK_SAMPLES_NOTE
    } else {
        SAMPLES_NOTE
    };
    line(
        w,
        &format!(
            "Each pair is `spec/samples/{}/<name>.rs` and `.sh`; {intro} {CREDENTIALS_NOTE}",
            op.id
        ),
    );
    line(w, "");
    for s in &op.samples {
        line(
            w,
            &sample_title(s, |t| format!("`{t}`"), |t| format!("**`{t}`**")),
        );
        line(w, "");
        if let Some(request_line) = &s.request_line {
            let sends = match &s.verified_by {
                Some(_) => "Verifying it sends",
                None => "Sends",
            };
            line(w, &format!("{sends} `{request_line}`."));
            line(w, "");
        }
        code(w, "rust", &s.rust);
        code(w, "sh", &s.cli);
        if s.exit != 0 {
            line(w, &format!("The command exits with code {}.", s.exit));
            line(w, "");
        }
    }
}

/// What the test does with an operation's samples.
pub const SAMPLES_NOTE: &str = "the test `crates/portone-v1-cli/tests/doc_samples.rs` runs both against a local mock that answers the named response.";

/// What the test does with a webhook's samples.
pub const WEBHOOK_SAMPLES_NOTE: &str = "the test `crates/portone-v1-cli/tests/doc_samples.rs` runs both against a local mock whose verifying call answers the named response: the Rust call parses the notice and verifies it; the command line receives notices on 127.0.0.1 and prints one JSON line per verified notice, and the test POSTs the notice (as JSON) to the URL it prints on stderr, checks that line and stops it.";

/// A sample's title line: `name: request X → response Y (HTTP N)`, or for
/// a webhook's `name: notice X → verified by <op>'s response Y (HTTP N)`;
/// `code` formats a name, `strong` the sample's own.
pub fn sample_title(
    s: &super::content::SampleDoc,
    code: impl Fn(&str) -> String,
    strong: impl Fn(&str) -> String,
) -> String {
    let request = match (&s.request, &s.verified_by) {
        (Some(r), Some(_)) => format!("notice {}", code(r)),
        (Some(r), None) => format!("request {}", code(r)),
        (None, _) => "no parameters".into(),
    };
    let response = match &s.verified_by {
        Some(op) => format!("verified by {}'s response {}", code(op), code(&s.response)),
        None => format!("response {}", code(&s.response)),
    };
    format!(
        "{}: {request} → {response} (HTTP {})",
        strong(&s.name),
        s.status
    )
}

/// The sentence beside every CLI line: where its credentials come from.
pub const CREDENTIALS_NOTE: &str = "The CLI reads its credentials from the environment, `PORTONE_IMP_KEY` and `PORTONE_IMP_SECRET` (and the base URL from `PORTONE_API_URL` when set), never from the command line; the Rust calls get a `PortOne` client built from the same credentials.";

/// A fenced code block, with a fence longer than any backtick run inside.
fn code(w: &mut String, lang: &str, text: &str) {
    let mut fence = "```".to_string();
    while text.contains(&fence) {
        fence.push('`');
    }
    line(w, &format!("{fence}{lang}"));
    w.push_str(text);
    if !text.ends_with('\n') {
        w.push('\n');
    }
    line(w, &fence);
    line(w, "");
}

fn example(w: &mut String, title: &str, summary: &str, json: &str) {
    let summary = if summary.is_empty() {
        String::new()
    } else {
        format!(": {summary}")
    };
    // GitHub renders Markdown inside <details> only with blank lines around it.
    line(
        w,
        &format!("<details><summary>{}{}</summary>", md_title(title), summary),
    );
    line(w, "");
    line(w, "```json");
    line(w, json);
    line(w, "```");
    line(w, "");
    line(w, "</details>");
    line(w, "");
}

/// Backtick spans as `<code>` (Markdown is not parsed inside `<summary>`).
fn md_title(s: &str) -> String {
    super::text::html_inline(s)
}

fn fields_table(w: &mut String, fields: &[Field], with_location: bool) {
    if with_location {
        line(
            w,
            "| field | in | type | required | nullable | constraints | default | description |",
        );
        line(w, "| --- | --- | --- | --- | --- | --- | --- | --- |");
    } else {
        line(
            w,
            "| field | type | required | nullable | constraints | default | description |",
        );
        line(w, "| --- | --- | --- | --- | --- | --- | --- |");
    }
    for f in fields {
        let mut row = format!("| `{}` |", f.name);
        if with_location {
            let _ = write!(row, " {} |", f.location);
        }
        let _ = write!(
            row,
            " {} | {} | {} | {} | {} | {} |",
            type_cell(f),
            yes_no(f.required),
            yes_no(f.nullable),
            md_cell(&f.constraints.join("; ")),
            md_cell(f.default.as_deref().unwrap_or("")),
            bilingual_cell(&f.description)
        );
        line(w, &row);
    }
    line(w, "");
}

fn type_cell(f: &Field) -> String {
    let label = md_cell(&f.type_label);
    match &f.type_ref {
        Some(r) => label.replacen(r, &format!("[`{r}`](#{})", anchor("schema-", r)), 1),
        None => label,
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn bilingual_cell(b: &Bilingual) -> String {
    match (b.ko.is_empty(), b.en.is_empty()) {
        (false, false) => format!("{}<br><br>{}", md_cell(&b.ko), md_cell(&b.en)),
        (false, true) => md_cell(&b.ko),
        _ => md_cell(&b.en),
    }
}

fn schema(w: &mut String, s: &SchemaDoc) {
    line(w, &format!("<a id=\"{}\"></a>", anchor("schema-", &s.name)));
    line(w, "");
    line(w, &format!("### {}", s.name));
    line(w, "");
    line(
        w,
        &format!(
            "Type: `{}` · [JSON Schema]({})",
            s.type_label,
            json_schema::file_name(&s.name)
        ),
    );
    line(w, "");
    prose(w, &s.description);
    for c in &s.constraints {
        line(w, &format!("- {c}"));
    }
    if !s.constraints.is_empty() {
        line(w, "");
    }
    if !s.fields.is_empty() {
        fields_table(w, &s.fields, false);
    }
}
