//! Refund bank codes per PG: which `refund_bank` a virtual-account refund
//! must carry.
//!
//! `refund_bank` is not one national code. Each PG has its own table, and
//! the same bank has a different code in each (Shinhan Bank is `BK88` at
//! NHN KCP, `88` at KG Inicis, `10` at Kiwoom Pay, `088` at Toss Payments).
//! A code from the wrong table fails the refund at the PG, after the
//! request was accepted, so the client checks it first:
//! [`PortOne::prepare_cancel`](crate::PortOne::prepare_cancel) refuses a
//! [`VbankRefund`](crate::VbankRefund) whose bank is not a code of the
//! payment's PG, and names the right code when it can tell which bank was
//! meant. A PG with no known table is not checked: the code is sent as
//! given.
//!
//! The tables (which PGs each applies to, every code, the banks' Korean
//! and English names) are the spec's `x-refund-bank-codes`, generated into
//! `refund_banks/tables.rs` by `cargo xtask generate`; this file holds the
//! lookups only.
//!
//! ```
//! use portone_v1::PgProvider;
//! use portone_v1::refund_banks::{self, table_for};
//!
//! let kcp = table_for(&PgProvider::Kcp).expect("KCP has a table");
//! assert!(kcp.is_code("BK88"));
//! assert_eq!(kcp.find("신한은행").map(|c| c.code()), Some("BK88"));
//! assert_eq!(kcp.find("shinhan bank").map(|c| c.code()), Some("BK88"));
//! // What the CLI does with `--refund-bank`: a name or a code in, the
//! // payment's PG's code out.
//! assert_eq!(refund_banks::resolve(&PgProvider::Html5Inicis, "Shinhan Bank"), Ok("88"));
//! // Inicis's Shinhan code is no KCP code; the error names the right one.
//! let e = refund_banks::check(&PgProvider::Kcp, "88").unwrap_err();
//! assert!(e.to_string().contains("`BK88`"), "{e}");
//! // No table known for this PG: not checked.
//! assert!(table_for(&PgProvider::Paypal).is_none());
//! assert!(refund_banks::check(&PgProvider::Paypal, "88").is_ok());
//! ```

use std::fmt;

use crate::error::InvalidRequest;
use crate::generated::types::Payment;
use crate::open_enums::PgProvider;

// Written by `cargo xtask generate` from the spec.
#[rustfmt::skip]
mod tables;

/// A bank as the tables name it.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Bank {
    id: &'static str,
    ko: &'static str,
    en: &'static str,
    aliases: &'static [&'static str],
}

impl Bank {
    /// Its id in the spec (`shinhan`): the same bank in every table.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// Its Korean name (`신한은행`).
    pub fn ko(&self) -> &'static str {
        self.ko
    }

    /// Its English name (`Shinhan Bank`).
    pub fn en(&self) -> &'static str {
        self.en
    }

    /// Other names it goes by (`국민은행` for `KB국민은행`, say).
    pub fn aliases(&self) -> &'static [&'static str] {
        self.aliases
    }

    /// Whether `name` is one of its names, case and white space ignored.
    pub fn is_named(&self, name: &str) -> bool {
        let key = name_key(name);
        !key.is_empty()
            && [self.ko, self.en]
                .iter()
                .chain(self.aliases)
                .any(|n| name_key(n) == key)
    }
}

impl fmt::Display for Bank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.ko, self.en)
    }
}

/// One code of a table: what `refund_bank` carries for one bank at the
/// table's PGs.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct BankCode {
    code: &'static str,
    bank: &'static Bank,
}

impl BankCode {
    /// The code, exactly as it goes on the wire (`BK88`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The bank it stands for.
    pub fn bank(&self) -> &'static Bank {
        self.bank
    }
}

/// The codes of one group of PGs.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RefundBankTable {
    id: &'static str,
    ko: &'static str,
    en: &'static str,
    pg_providers: &'static [&'static str],
    codes: &'static [BankCode],
}

impl RefundBankTable {
    /// Its id in the spec (`kcp`).
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The PGs' Korean name.
    pub fn ko(&self) -> &'static str {
        self.ko
    }

    /// The PGs' English name.
    pub fn en(&self) -> &'static str {
        self.en
    }

    /// The `pg_provider` values it applies to.
    pub fn pg_providers(&self) -> impl Iterator<Item = PgProvider> + '_ {
        self.pg_providers.iter().map(|p| PgProvider::from(*p))
    }

    /// Whether it is the table of `pg`.
    pub fn applies_to(&self, pg: &PgProvider) -> bool {
        self.pg_providers.contains(&pg.as_str())
    }

    /// Every code, in the spec's order.
    pub fn codes(&self) -> &'static [BankCode] {
        self.codes
    }

    /// Whether `code` is one of its codes, exactly as written (the wire
    /// value is compared as PortOne will see it).
    pub fn is_code(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c.code == code)
    }

    /// The code of `bank` here, if this table has one.
    pub fn code_of(&self, bank: &Bank) -> Option<&'static BankCode> {
        self.codes.iter().find(|c| c.bank.id == bank.id)
    }

    /// The entry `given` names: one of its codes (case and surrounding
    /// white space ignored), or the Korean or English name (or an alias)
    /// of one of its banks (case and white space ignored).
    pub fn find(&self, given: &str) -> Option<&'static BankCode> {
        let trimmed = given.trim();
        self.codes
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(trimmed))
            .or_else(|| self.codes.iter().find(|c| c.bank.is_named(given)))
    }
}

/// Its English name, as errors name it.
impl fmt::Display for RefundBankTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en)
    }
}

/// Every table, in the spec's order.
pub fn tables() -> &'static [RefundBankTable] {
    tables::TABLES
}

/// Every bank the tables name, in the spec's order.
pub fn banks() -> impl Iterator<Item = &'static Bank> {
    tables::BANKS.iter().copied()
}

/// The table of `pg`; `None` for a PG with no known table (its codes are
/// not checked).
pub fn table_for(pg: &PgProvider) -> Option<&'static RefundBankTable> {
    tables::TABLES.iter().find(|t| t.applies_to(pg))
}

/// The bank that `name` names (Korean, English or an alias; case and white
/// space ignored), whatever the PG.
pub fn bank_named(name: &str) -> Option<&'static Bank> {
    banks().find(|b| b.is_named(name))
}

/// Whether a refund at `pg` may carry `code`: it is a code of the PG's
/// table, or the PG has no known table.
pub fn accepts(pg: &PgProvider, code: &str) -> bool {
    check(pg, code).is_ok()
}

/// Checks `code` for a refund at `pg`, as
/// [`PortOne::prepare_cancel`](crate::PortOne::prepare_cancel) does: `Ok`
/// when it is a code of the PG's table (exactly) or the PG has no known
/// table; otherwise the error says what `code` is elsewhere and what to
/// send instead.
pub fn check(pg: &PgProvider, code: &str) -> Result<(), RefundBankError> {
    let Some(table) = table_for(pg) else {
        return Ok(());
    };
    if table.is_code(code) {
        return Ok(());
    }
    Err(not_in_table(pg, table, code))
}

/// The code to send for `given` (a code or a bank name) at `pg`, as the CLI
/// translates `--refund-bank`.
///
/// - `pg` has a table: a code of it (case ignored) or the name of one of
///   its banks gives the table's code; anything else is refused, with the
///   right code when `given` is another PG's code or a bank the table has.
/// - `pg` has no known table: `given` comes back unchanged, since nothing
///   can be checked, unless it is a bank name, which cannot be translated
///   without a table and is refused.
pub fn resolve<'a>(pg: &PgProvider, given: &'a str) -> Result<&'a str, RefundBankError> {
    match table_for(pg) {
        Some(table) => match table.find(given) {
            Some(entry) => Ok(entry.code),
            None => Err(match bank_named(given) {
                Some(bank) => RefundBankError::BankNotInTable {
                    pg: pg.clone(),
                    table,
                    bank,
                },
                None => not_in_table(pg, table, given),
            }),
        },
        None => match bank_named(given) {
            Some(bank) => Err(RefundBankError::NameWithoutTable {
                pg: pg.clone(),
                bank,
            }),
            None => Ok(given),
        },
    }
}

/// The check `prepare_cancel` makes on a request before sending it: a
/// `refund_bank` must be a code of the table of the payment's
/// `pg_provider`, when that PG has one.
pub(crate) fn check_request(
    request: &crate::CancelRequest,
    payment: &Payment,
) -> Result<(), InvalidRequest> {
    let (Some(code), Some(pg)) = (&request.to_wire().refund_bank, &payment.pg_provider) else {
        return Ok(());
    };
    check(pg, code).map_err(|e| InvalidRequest {
        field: "refund_bank",
        reason: e.to_string(),
    })
}

/// What a value that is not a code of `table` is elsewhere.
fn not_in_table(pg: &PgProvider, table: &'static RefundBankTable, given: &str) -> RefundBankError {
    let trimmed = given.trim();
    let mut meant: Vec<Meant> = Vec::new();
    if let Some(bank) = bank_named(given) {
        meant.push(Meant {
            bank,
            elsewhere: None,
            here: table.code_of(bank).map(BankCode::code),
        });
    }
    for other in tables::TABLES {
        for entry in other.codes {
            let same_table = std::ptr::eq(other, table);
            let matches = if same_table {
                // Here only a difference of case or spacing can hide it.
                entry.code.eq_ignore_ascii_case(trimmed)
            } else {
                entry.code == trimmed
            };
            if matches && !meant.iter().any(|m| m.bank == entry.bank) {
                meant.push(Meant {
                    bank: entry.bank,
                    elsewhere: Some(other),
                    here: table.code_of(entry.bank).map(BankCode::code),
                });
            }
        }
    }
    RefundBankError::NotInTable {
        pg: pg.clone(),
        table,
        given: given.to_string(),
        meant,
    }
}

/// A bank that a refused value stands for somewhere, and its code at the
/// payment's PG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meant {
    /// The bank.
    pub bank: &'static Bank,
    /// The table whose code the value is; `None` when the value is the
    /// bank's name.
    pub elsewhere: Option<&'static RefundBankTable>,
    /// The bank's code at the payment's PG; `None` when its table has none.
    pub here: Option<&'static str>,
}

/// A `refund_bank` that the payment's PG would not take.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefundBankError {
    /// `given` is not a code of the table of `pg` (nor, for
    /// [`resolve`], a name of one of its banks).
    NotInTable {
        /// The payment's PG.
        pg: PgProvider,
        /// Its table.
        table: &'static RefundBankTable,
        /// The value given.
        given: String,
        /// What `given` stands for elsewhere (another PG's code, a bank
        /// name, this table's code in another case); empty when nothing.
        meant: Vec<Meant>,
    },
    /// `given` names a bank that the table of `pg` has no code for.
    BankNotInTable {
        /// The payment's PG.
        pg: PgProvider,
        /// Its table.
        table: &'static RefundBankTable,
        /// The bank named.
        bank: &'static Bank,
    },
    /// `given` is a bank name, but `pg` has no known table to translate it.
    NameWithoutTable {
        /// The payment's PG.
        pg: PgProvider,
        /// The bank named.
        bank: &'static Bank,
    },
}

impl fmt::Display for RefundBankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefundBankError::NotInTable {
                pg,
                table,
                given,
                meant,
            } => {
                write!(
                    f,
                    "{given:?} is not a refund bank code of pg_provider `{}` (table: {table})",
                    pg.as_str()
                )?;
                if meant.is_empty() {
                    let codes: Vec<String> = table
                        .codes
                        .iter()
                        .map(|c| format!("`{}` {}", c.code, c.bank.ko))
                        .collect();
                    return write!(f, "; send one of its codes: {}", codes.join(", "));
                }
                for (i, m) in meant.iter().enumerate() {
                    f.write_str(if i == 0 { ": " } else { "; " })?;
                    match m.elsewhere {
                        None => write!(f, "it is the name of {}", m.bank)?,
                        Some(other) if std::ptr::eq(other, *table) => {
                            write!(f, "codes are compared exactly")?
                        }
                        Some(other) => write!(f, "it is {} at {other}", m.bank)?,
                    }
                    match m.here {
                        Some(code) if m.elsewhere.is_some_and(|o| std::ptr::eq(o, *table)) => {
                            write!(f, ", send `{code}`")?
                        }
                        Some(code) => write!(f, ", send `{code}`, its code here")?,
                        None => write!(f, ", a bank this PG's table has no code for")?,
                    }
                }
                Ok(())
            }
            RefundBankError::BankNotInTable { pg, table, bank } => write!(
                f,
                "the refund bank table of pg_provider `{}` ({table}) has no code for {bank}; refund to an account at a bank it lists",
                pg.as_str()
            ),
            RefundBankError::NameWithoutTable { pg, bank } => write!(
                f,
                "{bank} is a bank name, and pg_provider `{}` has no known refund bank table to translate it with; pass the PG's own code for the bank",
                pg.as_str()
            ),
        }
    }
}

impl std::error::Error for RefundBankError {}

impl From<RefundBankError> for InvalidRequest {
    fn from(e: RefundBankError) -> Self {
        InvalidRequest {
            field: "refund_bank",
            reason: e.to_string(),
        }
    }
}

/// A name as lookups compare it: lowercase, without white space. The spec's
/// lint (rule `refund-bank-codes`) keeps every name distinct by this rule.
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn pg(wire: &str) -> PgProvider {
        PgProvider::from(wire)
    }

    fn shinhan_at(wire: &str) -> Option<&'static str> {
        let shinhan = bank_named("신한은행").expect("Shinhan is a bank of the tables");
        table_for(&pg(wire))?.code_of(shinhan).map(BankCode::code)
    }

    #[test]
    fn shinhan_has_the_code_of_each_pg() {
        for (wire, code) in [
            ("kcp", "BK88"),
            ("html5_inicis", "88"),
            ("inicis", "88"),
            ("daou", "10"),
            ("tosspayments", "088"),
            ("danal", "088"),
            ("danal_tpay", "088"),
            ("kicc", "088"),
            ("smartro", "088"),
            ("smartro_v2", "088"),
            ("settle", "088"),
            ("nice", "088"),
            ("nice_v2", "088"),
            ("welcome", "088"),
        ] {
            assert_eq!(shinhan_at(wire), Some(code), "{wire}");
        }
    }

    #[test]
    fn codes_and_banks_are_unique_within_each_table() {
        assert!(!tables().is_empty());
        for t in tables() {
            let codes: BTreeSet<String> = t
                .codes()
                .iter()
                .map(|c| c.code().to_ascii_lowercase())
                .collect();
            assert_eq!(codes.len(), t.codes().len(), "a code twice in {}", t.id());
            let banks: BTreeSet<&str> = t.codes().iter().map(|c| c.bank().id()).collect();
            assert_eq!(banks.len(), t.codes().len(), "a bank twice in {}", t.id());
            assert!(
                t.pg_providers().next().is_some(),
                "{} applies to no PG",
                t.id()
            );
        }
    }

    #[test]
    fn every_pg_has_at_most_one_table_and_every_known_value_resolves() {
        for t in tables() {
            for p in t.pg_providers() {
                assert!(!p.is_other(), "{} is not a known PgProvider", p.as_str());
                assert_eq!(table_for(&p), Some(t), "{}", p.as_str());
            }
        }
    }

    #[test]
    fn names_are_unique_across_banks_and_never_codes() {
        let mut seen = BTreeSet::new();
        for b in banks() {
            for n in [b.ko(), b.en()].iter().chain(b.aliases()) {
                assert!(seen.insert(name_key(n)), "the name {n} is used twice");
                assert_eq!(bank_named(n), Some(b), "{n}");
            }
        }
        for t in tables() {
            for c in t.codes() {
                assert!(
                    bank_named(c.code()).is_none(),
                    "{} reads as a name",
                    c.code()
                );
            }
        }
    }

    #[test]
    fn find_takes_a_code_or_a_name_in_any_case() {
        let kcp = table_for(&PgProvider::Kcp).unwrap();
        for given in [
            "BK88",
            "bk88",
            " BK88 ",
            "신한은행",
            "Shinhan Bank",
            "SHINHANBANK",
            " shinhan  bank ",
        ] {
            assert_eq!(
                kcp.find(given).map(BankCode::code),
                Some("BK88"),
                "{given:?}"
            );
        }
        assert_eq!(kcp.find("국민은행").map(BankCode::code), Some("BK04"));
        assert_eq!(kcp.find("88"), None, "Inicis's code is no KCP code");
        assert_eq!(kcp.find(""), None);
        assert_eq!(kcp.find("   "), None);
        // Kiwoom keeps KEB and Hana apart; the others know Hana by both.
        let kiwoom = table_for(&PgProvider::Daou).unwrap();
        assert_eq!(kiwoom.find("외환은행").map(BankCode::code), Some("05"));
        assert_eq!(kiwoom.find("하나은행").map(BankCode::code), Some("12"));
        let inicis = table_for(&PgProvider::Html5Inicis).unwrap();
        assert_eq!(
            inicis.find("하나(외환)은행").map(BankCode::code),
            Some("81")
        );
        assert_eq!(inicis.find("외환은행"), None);
    }

    #[test]
    fn is_code_is_exact() {
        let kcp = table_for(&PgProvider::Kcp).unwrap();
        assert!(kcp.is_code("BK88"));
        assert!(!kcp.is_code("bk88"));
        assert!(!kcp.is_code("88"));
        assert!(accepts(&PgProvider::Kcp, "BK04"));
        assert!(!accepts(&PgProvider::Kcp, "004"));
        assert!(
            accepts(&PgProvider::Paypal, "anything"),
            "no table, not checked"
        );
        assert!(
            accepts(&pg("a_new_pg"), "88"),
            "an unknown PG is not checked"
        );
    }

    #[test]
    fn another_pgs_code_is_refused_with_the_right_one() {
        let e = check(&PgProvider::Kcp, "88").unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("\"88\" is not a refund bank code of pg_provider `kcp` (table: NHN KCP)"),
            "{text}"
        );
        assert!(
            text.contains("it is 신한은행 (Shinhan Bank) at KG Inicis"),
            "{text}"
        );
        assert!(text.contains("send `BK88`, its code here"), "{text}");
        // `31` is Daegu at Inicis and the post office at Kiwoom: both named.
        let text = check(&PgProvider::Tosspayments, "31")
            .unwrap_err()
            .to_string();
        assert!(
            text.contains("대구은행") && text.contains("`031`"),
            "{text}"
        );
        assert!(text.contains("우체국") && text.contains("`071`"), "{text}");
        // A bank the PG's table lacks: said so.
        let text = check(&PgProvider::Daou, "BK90").unwrap_err().to_string();
        assert!(
            text.contains("카카오뱅크") && text.contains("table has no code for"),
            "{text}"
        );
    }

    #[test]
    fn a_name_or_a_case_slip_is_refused_by_check_with_the_code() {
        let text = check(&PgProvider::Kcp, "농협").unwrap_err().to_string();
        assert!(text.contains("it is the name of 농협"), "{text}");
        assert!(text.contains("`BK11`"), "{text}");
        let text = check(&PgProvider::Kcp, "bk11").unwrap_err().to_string();
        assert!(
            text.contains("compared exactly") && text.contains("`BK11`"),
            "{text}"
        );
    }

    #[test]
    fn an_unknown_value_lists_the_codes() {
        let RefundBankError::NotInTable { meant, .. } = check(&PgProvider::Kcp, "ZZ").unwrap_err()
        else {
            panic!("not in table");
        };
        assert!(meant.is_empty());
        let text = check(&PgProvider::Kcp, "ZZ").unwrap_err().to_string();
        assert!(
            text.contains("`BK88` 신한은행") && text.contains("`BK04` KB국민은행"),
            "{text}"
        );
    }

    #[test]
    fn resolve_translates_names_and_refuses_what_it_cannot() {
        assert_eq!(resolve(&PgProvider::Kcp, "신한은행"), Ok("BK88"));
        assert_eq!(resolve(&PgProvider::Daou, "Shinhan Bank"), Ok("10"));
        assert_eq!(resolve(&PgProvider::NiceV2, "shinhan bank"), Ok("088"));
        assert_eq!(resolve(&PgProvider::Kcp, "bk88"), Ok("BK88"));
        assert_eq!(resolve(&PgProvider::Kcp, "BK88"), Ok("BK88"));
        let e = resolve(&PgProvider::Kcp, "88").unwrap_err();
        assert!(e.to_string().contains("`BK88`"), "{e}");
        let e = resolve(&PgProvider::Daou, "카카오뱅크").unwrap_err();
        assert!(matches!(e, RefundBankError::BankNotInTable { .. }), "{e:?}");
        // No table: a code goes as given, a name cannot be translated.
        assert_eq!(resolve(&PgProvider::Paypal, "0088"), Ok("0088"));
        let e = resolve(&PgProvider::Paypal, "신한은행").unwrap_err();
        assert!(
            matches!(e, RefundBankError::NameWithoutTable { .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("pass the PG's own code"), "{e}");
    }

    #[test]
    fn into_invalid_request_names_the_field() {
        let e: InvalidRequest = check(&PgProvider::Kcp, "88").unwrap_err().into();
        assert_eq!(e.field, "refund_bank");
        assert!(e.to_string().contains("nothing was sent"), "{e}");
    }
}
