//! `docs/index.html`: one self-contained page (inline CSS and JS, no external
//! URL at all) that works from `file://` offline, is readable on a phone and
//! filters by field name.
//!
//! The search box can be preset from the URL, `index.html#q=amount` or
//! `index.html?q=amount`, so a link can share a search (and the browser test
//! can drive it without typing). Filtering hides non-matching field rows with
//! the `hidden` attribute, and hides operations/schemas with no match.

use std::fmt::Write;

use super::content::{Doc, Field, Operation, RefundBankTableDoc, SchemaDoc};
use super::markdown::{
    CREDENTIALS_NOTE, SAMPLES_NOTE, WEBHOOK_SAMPLES_NOTE, sample_title, security_text,
};
use super::text::{Bilingual, anchor, html_escape as esc, html_inline, html_prose};
use super::{DOCS_MARKER, REFERENCE_FILE, json_schema};
use crate::SPEC_PATH;

/// Renders the page.
pub fn render(doc: &Doc) -> String {
    let mut body = String::new();
    let b = &mut body;
    let _ = writeln!(
        b,
        "<header class=\"top\"><h1>{}</h1><p class=\"meta\">Spec version <code>{}</code> · {} · <a href=\"{REFERENCE_FILE}\">Markdown version</a> · <a href=\"#toc-schemas\">JSON Schemas</a></p>",
        esc(&doc.title),
        esc(&doc.version),
        doc.servers
            .iter()
            .map(|s| format!("<code>{}</code>", esc(s)))
            .collect::<Vec<_>>()
            .join(", "),
    );
    b.push_str(
        "<div class=\"search\"><label for=\"q\">Search fields</label><input id=\"q\" type=\"search\" placeholder=\"field name, e.g. amount\" autocomplete=\"off\" spellcheck=\"false\"><p id=\"search-status\" aria-live=\"polite\"></p></div></header>\n",
    );
    b.push_str("<div class=\"layout\">\n");
    toc(b, doc);
    b.push_str("<main>\n");
    intro(b, doc);
    for op in &doc.operations {
        operation(b, op);
    }
    webhooks(b, &doc.webhooks);
    for s in &doc.schemas {
        schema(b, s);
    }
    refund_bank_tables(b, &doc.refund_bank_tables);
    b.push_str("</main>\n</div>\n");

    format!(
        "<!DOCTYPE html>\n<!-- {DOCS_MARKER}. Source: {SPEC_PATH} -->\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — reference</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n{body}<script>\n{JS}</script>\n</body>\n</html>\n",
        esc(&doc.title)
    )
}

fn toc(b: &mut String, doc: &Doc) {
    b.push_str("<nav id=\"toc\" aria-label=\"Contents\">\n<h2>Operations</h2>\n<ul>\n");
    for op in &doc.operations {
        let id = anchor("op-", &op.id);
        let _ = writeln!(
            b,
            "<li data-target=\"{id}\"><a href=\"#{id}\"><span class=\"method m-{}\">{}</span> <span class=\"path\">{}</span></a></li>",
            op.method.to_ascii_lowercase(),
            esc(&op.method),
            esc(&op.path)
        );
    }
    if !doc.webhooks.is_empty() {
        b.push_str("</ul>\n<h2><a href=\"#webhooks\">Webhooks</a></h2>\n<ul>\n");
        for op in &doc.webhooks {
            let id = anchor("webhook-", &op.id);
            let _ = writeln!(
                b,
                "<li data-target=\"{id}\"><a href=\"#{id}\"><span class=\"method m-{}\">{}</span> <span class=\"path\">{}</span></a></li>",
                op.method.to_ascii_lowercase(),
                esc(&op.method),
                esc(&op.id)
            );
        }
    }
    // Each schema links its own file: a folder link would 404 on a static host.
    b.push_str("</ul>\n<h2 id=\"toc-schemas\">Schemas</h2>\n<ul>\n");
    for s in &doc.schemas {
        let id = anchor("schema-", &s.name);
        let _ = writeln!(
            b,
            "<li data-target=\"{id}\"><a href=\"#{id}\">{}</a></li>",
            esc(&s.name)
        );
    }
    if !doc.refund_bank_tables.is_empty() {
        b.push_str("</ul>\n<h2><a href=\"#refund-bank-codes\">Refund bank codes</a></h2>\n<ul>\n");
        for t in &doc.refund_bank_tables {
            let _ = writeln!(
                b,
                "<li><a href=\"#{}\">{}</a></li>",
                anchor("refund-banks-", &t.id),
                esc(&t.en)
            );
        }
    }
    b.push_str("</ul>\n</nav>\n");
}

/// The refund bank tables, one per group of PGs. Not a searchable item
/// (it has no fields); hidden while searching, like the introduction.
fn refund_bank_tables(b: &mut String, tables: &[RefundBankTableDoc]) {
    if tables.is_empty() {
        return;
    }
    b.push_str("<section id=\"refund-bank-codes\">\n<h2>Refund bank codes</h2>\n<p><code>refund_bank</code> (<code>POST /payments/cancel</code>) takes the code that the payment's PG uses for the bank: the same bank has a different code at each PG, and another PG's code fails the refund there. The <code>portone-v1</code> client refuses, before sending, a code that is not in the table of the payment's <code>pg_provider</code> (<code>PortOne::prepare_cancel</code>, <code>portone-v1 cancel --guard</code>), and the CLI translates a bank name into the code; a PG with no table here is not checked.</p>\n");
    for t in tables {
        let ko = if t.ko == t.en {
            String::new()
        } else {
            format!(" <span lang=\"ko\">({})</span>", esc(&t.ko))
        };
        let _ = writeln!(
            b,
            "<h3 id=\"{}\">{}{ko}</h3>",
            anchor("refund-banks-", &t.id),
            esc(&t.en),
        );
        let pgs: Vec<String> = t
            .pg_providers
            .iter()
            .map(|p| format!("<code>{}</code>", esc(p)))
            .collect();
        let _ = writeln!(b, "<p>For <code>pg_provider</code> {}.</p>", pgs.join(", "));
        b.push_str("<div class=\"table-wrap\"><table class=\"plain\"><thead><tr><th>code</th><th>bank</th><th lang=\"ko\">은행</th></tr></thead><tbody>\n");
        for (code, ko, en) in &t.codes {
            let _ = writeln!(
                b,
                "<tr><td><code>{}</code></td><td>{}</td><td lang=\"ko\">{}</td></tr>",
                esc(code),
                esc(en),
                esc(ko)
            );
        }
        b.push_str("</tbody></table></div>\n");
    }
    b.push_str("</section>\n");
}

fn intro(b: &mut String, doc: &Doc) {
    b.push_str("<section id=\"intro\">\n");
    bilingual(b, &doc.description);
    b.push_str("<h2 id=\"authentication\">Authentication</h2>\n<div class=\"table-wrap\"><table class=\"plain\"><thead><tr><th>scheme</th><th>sent as</th><th>description</th></tr></thead><tbody>\n");
    for s in &doc.security_schemes {
        let _ = writeln!(
            b,
            "<tr id=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            anchor("auth-", &s.name),
            esc(&s.name),
            html_inline(&s.wire),
            bilingual_inline(&s.description)
        );
    }
    b.push_str("</tbody></table></div>\n<p class=\"note\">Required: the key must be present. Nullable: <code>null</code> is a valid value. An <em>open list</em> names the values known today; others are accepted. Each schema is also a JSON Schema (draft 2020-12) file.</p>\n</section>\n");
}

fn operation(b: &mut String, op: &Operation) {
    let id = anchor("op-", &op.id);
    let _ = writeln!(
        b,
        "<section class=\"item op\" id=\"{id}\" data-name=\"{}\">",
        esc(&op.id)
    );
    let _ = writeln!(
        b,
        "<h2><span class=\"method m-{}\">{}</span> <code>{}</code></h2>",
        op.method.to_ascii_lowercase(),
        esc(&op.method),
        esc(&op.path)
    );
    let _ = writeln!(
        b,
        "<p class=\"summary\">{} <span class=\"opid\">operationId <code>{}</code></span></p>",
        esc(&op.summary),
        esc(&op.id)
    );
    bilingual(b, &op.description);
    let auth = security_text(op, |s| {
        format!(
            "<a href=\"#{}\"><code>{}</code></a>",
            anchor("auth-", s),
            esc(s)
        )
    })
    .replace("**or**", "<strong>or</strong>");
    let _ = writeln!(b, "<p><strong>Authentication:</strong> {auth}</p>");

    b.push_str("<h3>Request</h3>\n");
    if let Some(body) = &op.body_schema {
        let _ = writeln!(
            b,
            "<p>Body: <a href=\"#{}\"><code>{}</code></a> as JSON (<a href=\"{}\">JSON Schema</a>).</p>",
            anchor("schema-", body),
            esc(body),
            json_schema::file_name(body)
        );
        bilingual(b, &op.body_description);
    }
    if op.fields.is_empty() {
        b.push_str("<p>No parameters and no body.</p>\n");
    } else {
        fields_table(b, &id, &op.fields, true);
    }

    b.push_str("<h3>Responses</h3>\n");
    responses_table(b, op);

    b.push_str("<h3>Errors and what the client does</h3>\n");
    if op.outcomes.is_empty() {
        b.push_str("<p>The <code>portone-v1</code> client does not wrap this operation yet.</p>\n");
    } else {
        b.push_str("<div class=\"table-wrap\"><table class=\"plain\"><thead><tr><th>HTTP</th><th>code</th><th>meaning</th><th>the client</th></tr></thead><tbody>\n");
        for o in op.outcomes {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(o.status),
                esc(o.code),
                html_inline(o.meaning),
                html_inline(o.client)
            );
        }
        b.push_str("</tbody></table></div>\n");
    }

    b.push_str("<h3>Examples</h3>\n");
    examples(b, op, "Request");
    samples(b, op);
    b.push_str("</section>\n");
}

/// The responses as a table: status, body, description.
fn responses_table(b: &mut String, op: &Operation) {
    b.push_str("<div class=\"table-wrap\"><table class=\"plain\"><thead><tr><th>status</th><th>body</th><th>description</th></tr></thead><tbody>\n");
    for r in &op.responses {
        let body = r
            .schema
            .as_ref()
            .map(|s| {
                format!(
                    "<a href=\"#{}\"><code>{}</code></a>",
                    anchor("schema-", s),
                    esc(s)
                )
            })
            .unwrap_or_else(|| "—".into());
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td>{body}</td><td>{}</td></tr>",
            esc(&r.status),
            bilingual_inline(&r.description)
        );
    }
    b.push_str("</tbody></table></div>\n");
}

/// The request examples (titled `{what} <name>`), then every response's.
fn examples(b: &mut String, op: &Operation, what: &str) {
    for e in &op.request_examples {
        example(
            b,
            &format!("{what} <code>{}</code>", esc(&e.name)),
            &e.summary,
            &e.json,
        );
    }
    for r in &op.responses {
        for e in &r.examples {
            let code = e.code.map(|c| format!(", code {c}")).unwrap_or_default();
            example(
                b,
                &format!(
                    "Response {}{code} <code>{}</code>",
                    esc(&r.status),
                    esc(&e.name)
                ),
                &e.summary,
                &e.json,
            );
        }
    }
}

/// The webhooks, as in the Markdown reference: each a searchable item
/// (its body's fields are rows like an operation's).
fn webhooks(b: &mut String, webhooks: &[Operation]) {
    if webhooks.is_empty() {
        return;
    }
    b.push_str("<section id=\"webhooks\">\n<h2>Webhooks</h2>\n<p>Requests PortOne sends to the merchant's server (the URL set in the console), not calls the client makes. The spec writes them under <code>x-webhooks</code>, as OpenAPI 3.0 has no <code>webhooks</code>.</p>\n</section>\n");
    for op in webhooks {
        webhook(b, op);
    }
}

fn webhook(b: &mut String, op: &Operation) {
    let id = anchor("webhook-", &op.id);
    let _ = writeln!(
        b,
        "<section class=\"item op webhook\" id=\"{id}\" data-name=\"{}\">",
        esc(&op.id)
    );
    let _ = writeln!(
        b,
        "<h2><span class=\"method m-{}\">{}</span> webhook <code>{}</code></h2>",
        op.method.to_ascii_lowercase(),
        esc(&op.method),
        esc(&op.id)
    );
    let _ = writeln!(
        b,
        "<p class=\"summary\">{} <span class=\"opid\">operationId <code>{}</code> · sent by PortOne to the merchant's URL</span></p>",
        esc(&op.summary),
        esc(&op.id)
    );
    bilingual(b, &op.description);
    if let Some(d) = &op.delivery {
        let _ = writeln!(
            b,
            "<p><strong>Delivery</strong> (<code>x-delivery</code>): {}</p>",
            esc(&super::text::delivery_sentence(d))
        );
    }
    let auth = security_text(op, |s| {
        format!(
            "<a href=\"#{}\"><code>{}</code></a>",
            anchor("auth-", s),
            esc(s)
        )
    })
    .replace("**or**", "<strong>or</strong>");
    let _ = writeln!(b, "<p><strong>Authentication:</strong> {auth}</p>");

    b.push_str("<h3>Body</h3>\n");
    let media: Vec<String> = op
        .body_media
        .iter()
        .map(|m| format!("<code>{}</code>", esc(m)))
        .collect();
    match &op.body_schema {
        Some(body) => {
            let _ = writeln!(
                b,
                "<p>Body: <a href=\"#{}\"><code>{}</code></a> as {} (<a href=\"{}\">JSON Schema</a>).</p>",
                anchor("schema-", body),
                esc(body),
                media.join(" or "),
                json_schema::file_name(body)
            );
        }
        None => {
            let _ = writeln!(b, "<p>Body: {}.</p>", media.join(" or "));
        }
    }
    bilingual(b, &op.request_description);
    bilingual(b, &op.body_description);
    if !op.fields.is_empty() {
        fields_table(b, &id, &op.fields, true);
    }

    b.push_str("<h3>Responses (the merchant's server answers)</h3>\n");
    responses_table(b, op);

    b.push_str("<h3>Examples</h3>\n");
    examples(b, op, "Body");
    samples(b, op);
    b.push_str("</section>\n");
}

/// The operation's usage samples, as in the Markdown reference.
fn samples(b: &mut String, op: &Operation) {
    if op.samples.is_empty() {
        return;
    }
    let intro = if op.samples.iter().any(|s| s.verified_by.is_some()) {
        WEBHOOK_SAMPLES_NOTE
    } else {
        SAMPLES_NOTE
    };
    let _ = writeln!(
        b,
        "<h3>Usage samples</h3>\n<p class=\"note\">Each pair is <code>spec/samples/{}/&lt;name&gt;.rs</code> and <code>.sh</code>; {} {}</p>",
        esc(&op.id),
        html_inline(intro),
        html_inline(CREDENTIALS_NOTE)
    );
    for s in &op.samples {
        let code = |t: &str| format!("<code>{}</code>", esc(t));
        let _ = writeln!(
            b,
            "<div class=\"sample\" id=\"{}\"><p class=\"sample-title\">{}</p>",
            anchor("sample-", &format!("{}-{}", op.id, s.name)),
            sample_title(s, code, code)
        );
        if let Some(request_line) = &s.request_line {
            let sends = match &s.verified_by {
                Some(_) => "Verifying it sends",
                None => "Sends",
            };
            let _ = writeln!(b, "<p>{sends} <code>{}</code>.</p>", esc(request_line));
        }
        let _ = writeln!(
            b,
            "<pre class=\"rust\"><code>{}</code></pre>\n<pre class=\"sh\"><code>{}</code></pre>",
            esc(s.rust.trim_end()),
            esc(s.cli.trim_end())
        );
        if s.exit != 0 {
            let _ = writeln!(b, "<p>The command exits with code {}.</p>", s.exit);
        }
        b.push_str("</div>\n");
    }
}

fn example(b: &mut String, title_html: &str, summary: &str, json: &str) {
    let summary = if summary.is_empty() {
        String::new()
    } else {
        format!(": {}", esc(summary))
    };
    let _ = writeln!(
        b,
        "<details class=\"example\"><summary>{title_html}{summary}</summary><pre><code>{}</code></pre></details>",
        esc(json)
    );
}

fn schema(b: &mut String, s: &SchemaDoc) {
    let id = anchor("schema-", &s.name);
    let _ = writeln!(
        b,
        "<section class=\"item schema\" id=\"{id}\" data-name=\"{}\">",
        esc(&s.name)
    );
    let _ = writeln!(b, "<h2>{}</h2>", esc(&s.name));
    let _ = writeln!(
        b,
        "<p class=\"summary\">Type <code>{}</code> · <a href=\"{}\">JSON Schema</a></p>",
        esc(&s.type_label),
        json_schema::file_name(&s.name)
    );
    bilingual(b, &s.description);
    if !s.constraints.is_empty() {
        b.push_str("<ul class=\"constraints\">");
        for c in &s.constraints {
            let _ = write!(b, "<li>{}</li>", html_inline(c));
        }
        b.push_str("</ul>\n");
    }
    if !s.fields.is_empty() {
        fields_table(b, &id, &s.fields, false);
    }
    b.push_str("</section>\n");
}

/// Each cell's content sits in one `<div>`: on a phone the cell becomes a
/// two-column grid (label, value), and a bare link beside text would land in
/// separate grid cells.
fn fields_table(b: &mut String, owner: &str, fields: &[Field], with_location: bool) {
    b.push_str("<div class=\"table-wrap\"><table class=\"fields\"><thead><tr><th>field</th>");
    if with_location {
        b.push_str("<th>in</th>");
    }
    b.push_str("<th>type</th><th>required</th><th>nullable</th><th>constraints</th><th>default</th><th>description</th></tr></thead><tbody>\n");
    for f in fields {
        let _ = write!(
            b,
            "<tr class=\"field\" data-field=\"{}\" id=\"{}\"><td data-label=\"field\"><div><code>{}</code></div></td>",
            esc(&f.name),
            anchor(&format!("{owner}-"), &f.name),
            esc(&f.name)
        );
        if with_location {
            let _ = write!(
                b,
                "<td data-label=\"in\"><div>{}</div></td>",
                esc(&f.location)
            );
        }
        let _ = writeln!(
            b,
            "<td data-label=\"type\"><div>{}</div></td><td data-label=\"required\" class=\"{}\"><div>{}</div></td><td data-label=\"nullable\"><div>{}</div></td><td data-label=\"constraints\"><div>{}</div></td><td data-label=\"default\"><div>{}</div></td><td data-label=\"description\"><div>{}</div></td></tr>",
            type_cell(f),
            if f.required { "req" } else { "opt" },
            yes_no(f.required),
            yes_no(f.nullable),
            f.constraints
                .iter()
                .map(|c| html_inline(c))
                .collect::<Vec<_>>()
                .join("<br>"),
            html_inline(f.default.as_deref().unwrap_or("")),
            bilingual_inline(&f.description)
        );
    }
    b.push_str("</tbody></table></div>\n");
}

fn type_cell(f: &Field) -> String {
    let label = esc(&f.type_label);
    match &f.type_ref {
        Some(r) => label.replacen(
            r.as_str(),
            &format!(
                "<a href=\"#{}\"><code>{}</code></a>",
                anchor("schema-", r),
                esc(r)
            ),
            1,
        ),
        None => label,
    }
}

fn yes_no(v: bool) -> &'static str {
    if v { "yes" } else { "no" }
}

fn bilingual(b: &mut String, d: &Bilingual) {
    if !d.ko.is_empty() {
        let _ = writeln!(
            b,
            "<div class=\"ko\" lang=\"ko\">{}</div>",
            html_prose(&d.ko)
        );
    }
    if !d.en.is_empty() {
        let _ = writeln!(
            b,
            "<div class=\"en\" lang=\"en\">{}</div>",
            html_prose(&d.en)
        );
    }
}

fn bilingual_inline(d: &Bilingual) -> String {
    let mut out = String::new();
    if !d.ko.is_empty() {
        let _ = write!(out, "<span lang=\"ko\">{}</span>", html_inline(&d.ko));
    }
    if !d.ko.is_empty() && !d.en.is_empty() {
        out.push_str("<br>");
    }
    if !d.en.is_empty() {
        let _ = write!(
            out,
            "<span lang=\"en\" class=\"en\">{}</span>",
            html_inline(&d.en)
        );
    }
    out
}

const CSS: &str = r#":root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --soft: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Apple SD Gothic Neo", sans-serif; color: var(--fg); background: var(--bg); }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
code { background: var(--soft); padding: 0 0.25em; border-radius: 4px; overflow-wrap: anywhere; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header.top { padding: 0.75rem 1rem; border-bottom: 1px solid var(--line); background: var(--soft); position: sticky; top: 0; z-index: 2; }
header.top h1 { font-size: 1.15rem; margin: 0; }
.meta { margin: 0.2rem 0 0.5rem; color: var(--muted); font-size: 0.85rem; }
.search { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.6rem; }
.search label { font-weight: 600; font-size: 0.9rem; }
.search input { flex: 1 1 14rem; max-width: 28rem; font: inherit; padding: 0.4rem 0.6rem; border: 1px solid var(--line); border-radius: 6px; }
#search-status { margin: 0; width: 100%; color: var(--muted); font-size: 0.8rem; }
.layout { display: grid; grid-template-columns: 16rem minmax(0, 1fr); }
nav#toc { border-right: 1px solid var(--line); padding: 0.5rem 1rem; position: sticky; top: 8.5rem; align-self: start; max-height: calc(100vh - 8.5rem); overflow-y: auto; }
nav#toc h2 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); margin: 0.8rem 0 0.3rem; }
nav#toc ul { list-style: none; margin: 0; padding: 0; }
nav#toc li { margin: 0.15rem 0; font-size: 0.9rem; overflow-wrap: anywhere; }
main { padding: 0 1.25rem 3rem; min-width: 0; }
section { border-bottom: 1px solid var(--line); padding: 0.5rem 0 1rem; scroll-margin-top: 9rem; }
section h2 { font-size: 1.2rem; margin: 1rem 0 0.3rem; overflow-wrap: anywhere; }
section h3 { font-size: 1rem; margin: 1.1rem 0 0.4rem; }
.summary { font-weight: 600; margin: 0.2rem 0; }
.opid { font-weight: 400; color: var(--muted); font-size: 0.85rem; margin-left: 0.4rem; }
.ko p, .en p { margin: 0.35rem 0; }
.en { color: #32383f; }
.note { color: var(--muted); font-size: 0.85rem; }
.method { display: inline-block; min-width: 3.2em; text-align: center; font: 700 0.75rem/1.6 ui-monospace, monospace; color: #fff; background: #6e7781; border-radius: 4px; padding: 0 0.35em; vertical-align: middle; }
.m-get { background: #1a7f37; } .m-post { background: #0969da; } .m-put, .m-patch { background: #9a6700; } .m-delete { background: #cf222e; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.88rem; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); }
table.plain td:first-child { white-space: nowrap; }
td.req { font-weight: 700; }
td[data-label="description"] { min-width: 16rem; }
details.example { margin: 0.3rem 0; border: 1px solid var(--line); border-radius: 6px; padding: 0.3rem 0.6rem; }
details.example summary { cursor: pointer; }
pre { background: var(--soft); padding: 0.6rem; overflow-x: auto; border-radius: 6px; }
pre code { background: none; padding: 0; }
.sample { margin: 0.6rem 0 1rem; }
.sample-title { font-weight: 600; margin: 0.3rem 0; }
pre.rust, pre.sh { border-left: 3px solid var(--line); }
@media (max-width: 760px) {
  .layout { display: block; }
  header.top { position: static; }
  nav#toc { position: static; max-height: none; border-right: 0; border-bottom: 1px solid var(--line); }
  nav#toc ul { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; }
  main { padding: 0 0.75rem 2rem; }
  section { scroll-margin-top: 0.5rem; }
  table.fields thead { display: none; }
  table.fields, table.fields tbody, table.fields tr, table.fields td { display: block; width: 100%; }
  table.fields tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 0.6rem; }
  table.fields td { border: 0; border-bottom: 1px solid var(--soft); display: grid; grid-template-columns: 6.5rem minmax(0, 1fr); gap: 0.5rem; min-width: 0; }
  table.fields td::before { content: attr(data-label); color: var(--muted); font-size: 0.8rem; }
  table.fields td[data-label="description"] { min-width: 0; }
}
"#;

const JS: &str = r#"(function () {
  "use strict";
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.item"));
  function apply(raw) {
    var term = (raw || "").trim().toLowerCase();
    var shown = 0, total = 0;
    sections.forEach(function (section) {
      var any = false;
      section.querySelectorAll("tr.field").forEach(function (row) {
        var match = !term || row.getAttribute("data-field").toLowerCase().indexOf(term) !== -1;
        row.hidden = !match;
        total += 1;
        if (match) { shown += 1; any = true; }
      });
      var visible = !term || any;
      section.hidden = !visible;
      var link = document.querySelector('#toc li[data-target="' + section.id + '"]');
      if (link) { link.hidden = !visible; }
    });
    // While searching, the results matter more than the introduction.
    document.getElementById("intro").hidden = !!term;
    ["refund-bank-codes", "webhooks"].forEach(function (id) {
      var part = document.getElementById(id);
      if (part) { part.hidden = !!term; }
    });
    document.body.setAttribute("data-search", term);
    status.textContent = term
      ? shown + " of " + total + " fields match \u201c" + term + "\u201d"
      : total + " fields in " + sections.length + " operations and schemas";
  }
  function fromUrl() {
    var m = /^#q=([^&]*)/.exec(location.hash) || /[?&]q=([^&]*)/.exec(location.search);
    if (m) {
      var value = m[1].replace(/\+/g, " ");
      try { value = decodeURIComponent(value); } catch (e) { /* keep it raw */ }
      input.value = value;
    }
    apply(input.value);
  }
  input.addEventListener("input", function () { apply(input.value); });
  window.addEventListener("hashchange", fromUrl);
  fromUrl();
})();
"#;
