//! The refund bank tables in the generated docs: reference.md and
//! index.html show every table of the spec with its `pg_provider` values
//! and every code with the bank's names, in the spec's order.

mod common;

use common::real_spec as spec;
use xtask::docs;

fn file(name: &str) -> String {
    let spec = spec();
    docs::generate(&spec.model())
        .unwrap()
        .into_iter()
        .find(|f| f.path == format!("docs/{name}"))
        .unwrap_or_else(|| panic!("docs/{name} is generated"))
        .contents
}

#[test]
fn every_table_and_code_is_in_the_reference_and_the_page() {
    let spec = spec();
    let model = spec.model();
    let read = model.refund_banks().unwrap().expect("the spec has tables");
    let (md, html) = (file("reference.md"), file("index.html"));
    let md_section = &md[md.find("## Refund bank codes").expect("a section")..];
    let html_section = &html[html
        .find("<section id=\"refund-bank-codes\">")
        .expect("a section")..];
    let mut last = 0;
    for t in &read.tables {
        let anchor = docs::text::anchor("refund-banks-", t.id);
        assert!(
            md_section.contains(&format!("<a id=\"{anchor}\"></a>")),
            "{anchor}"
        );
        assert!(
            html_section.contains(&format!("<h3 id=\"{anchor}\">")),
            "{anchor}"
        );
        let at = md_section
            .find(&format!("<a id=\"{anchor}\"></a>"))
            .unwrap();
        assert!(at > last, "tables in spec order: {}", t.id);
        last = at;
        let table_md = &md_section[at..];
        let pgs: Vec<String> = t.pg_providers.iter().map(|p| format!("`{p}`")).collect();
        assert!(
            table_md.contains(&format!("For `pg_provider` {}.", pgs.join(", "))),
            "{}",
            t.id
        );
        for (bank, code) in &t.codes {
            let b = read.banks.iter().find(|b| b.id == *bank).unwrap();
            assert!(
                table_md.contains(&format!("| `{code}` | {} | {} |", b.en, b.ko)),
                "{}: {code} {bank}",
                t.id
            );
            assert!(
                html_section.contains(&format!(
                    "<tr><td><code>{code}</code></td><td>{}</td>",
                    b.en.replace('&', "&amp;")
                )),
                "{}: {code} {bank}",
                t.id
            );
        }
    }
    // Shinhan, as the issue that asked for the tables put it.
    for code in [
        "`BK88` | Shinhan Bank",
        "`88` | Shinhan Bank",
        "`10` | Shinhan Bank",
        "`088` | Shinhan Bank",
    ] {
        assert!(md_section.contains(code), "{code}");
    }
    assert!(
        md.contains("- [Refund bank codes](#refund-bank-codes)"),
        "in the contents"
    );
    assert!(
        html.contains("<a href=\"#refund-bank-codes\">Refund bank codes</a>"),
        "in the nav"
    );
}

#[test]
fn the_refund_bank_field_points_at_the_tables() {
    let md = file("reference.md");
    let row = md
        .lines()
        .find(|l| l.starts_with("| `refund_bank` | body |"))
        .expect("the cancel request lists refund_bank");
    assert!(
        row.contains("a code of the table of the payment's PG"),
        "{row}"
    );
}
