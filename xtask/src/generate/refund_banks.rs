//! The refund bank code tables as static Rust data, written to
//! [`REFUND_BANKS_PATH`](crate::REFUND_BANKS_PATH).
//!
//! The types and lookups are hand-written in
//! `crates/portone-v1/src/refund_banks.rs`; the data (every bank, every
//! table, which PGs each applies to) comes from the spec's
//! `x-refund-bank-codes` only (read by [`crate::model::refund_banks`]), so
//! a new code is a spec edit and `cargo xtask generate`.

use std::fmt::Write as _;

use crate::model::Model;
use crate::model::refund_banks::{EXTENSION, RefundBanks};
use crate::spec::SpecError;
use crate::{GENERATED_HEADER, SPEC_PATH};

/// The Rust name of a bank's static: `BANK_` and its id in upper case
/// (ids are lowercase ASCII, digits and `_`, so this is an identifier).
pub fn bank_static(id: &str) -> String {
    format!("BANK_{}", id.to_ascii_uppercase())
}

/// The text of the generated file; an error names the first problem of
/// the tables (`cargo xtask lint` lists them all).
pub fn generate(model: &Model<'_>) -> Result<String, SpecError> {
    let tables = model.refund_banks().map_err(|problems| {
        let first = &problems[0];
        SpecError {
            file: model.file().to_path_buf(),
            location: first.pointer.clone(),
            message: format!(
                "{} ({} problem(s) in the refund bank tables; `cargo xtask lint` lists them all)",
                first.message,
                problems.len()
            ),
        }
    })?;
    let body = render_body(tables.as_ref());
    let file = syn::parse_file(&body).map_err(|e| SpecError {
        file: model.file().to_path_buf(),
        location: tables.as_ref().map_or("#".into(), |t| t.pointer.clone()),
        message: format!("the generated refund bank tables do not parse: {e}; this is a bug of xtask/src/generate/refund_banks.rs"),
    })?;
    let source = tables.as_ref().map_or_else(
        || format!("no `{EXTENSION}` in the spec"),
        |t| format!("`{}`", t.pointer),
    );
    Ok(format!(
        "{GENERATED_HEADER}\n// source: {SPEC_PATH} ({source}).\n// Change the spec, then run `cargo xtask generate`.\n\n{}",
        prettyplease::unparse(&file)
    ))
}

fn render_body(tables: Option<&RefundBanks<'_>>) -> String {
    let mut s = String::from(
        "//! The refund bank code tables of the spec, as static data; the types\n//! and the lookups are in `refund_banks.rs`.\nuse super::{Bank, BankCode, RefundBankTable};\n",
    );
    let (banks, list) = match tables {
        Some(t) => (&t.banks[..], &t.tables[..]),
        None => (&[][..], &[][..]),
    };
    for bank in banks {
        let _ = writeln!(
            s,
            "/// {} ({}).\npub(super) static {}: Bank = Bank {{ id: {:?}, ko: {:?}, en: {:?}, aliases: &[{}] }};",
            bank.ko,
            bank.en,
            bank_static(bank.id),
            bank.id,
            bank.ko,
            bank.en,
            bank.aliases
                .iter()
                .map(|a| format!("{a:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        s,
        "/// Every bank the tables name, in spec order.\npub(super) static BANKS: &[&Bank] = &[{}];",
        banks
            .iter()
            .map(|b| format!("&{}", bank_static(b.id)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    s.push_str(
        "/// Every table, in spec order.\npub(super) static TABLES: &[RefundBankTable] = &[\n",
    );
    for table in list {
        let _ = writeln!(
            s,
            "RefundBankTable {{ id: {:?}, ko: {:?}, en: {:?}, pg_providers: &[{}], codes: &[{}] }},",
            table.id,
            table.ko,
            table.en,
            table
                .pg_providers
                .iter()
                .map(|p| format!("{p:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            table
                .codes
                .iter()
                .map(|(bank, code)| format!(
                    "BankCode {{ code: {code:?}, bank: &{} }}",
                    bank_static(bank)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    s.push_str("];\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_tables_make_empty_data() {
        let body = render_body(None);
        let file = syn::parse_file(&body).expect("parses");
        let text = prettyplease::unparse(&file);
        assert!(
            text.contains("pub(super) static BANKS: &[&Bank] = &[];"),
            "{text}"
        );
        assert!(
            text.contains("pub(super) static TABLES: &[RefundBankTable] = &[];"),
            "{text}"
        );
    }

    #[test]
    fn bank_statics_are_prefixed() {
        // `banks` or `tables` as an id must not collide with the lists.
        assert_eq!(bank_static("banks"), "BANK_BANKS");
        assert_eq!(bank_static("shinhan"), "BANK_SHINHAN");
    }
}
