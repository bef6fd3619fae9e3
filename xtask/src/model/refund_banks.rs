//! The refund bank code tables (`x-refund-bank-codes`), read and checked.
//!
//! `refund_bank` is not one national code: each PG has its own table (the
//! same bank is `BK88` at KCP, `88` at KG Inicis, `088` at Toss Payments).
//! The spec holds the tables as data on the schema of `refund_bank`:
//!
//! ```yaml
//! x-refund-bank-codes:
//!   banks:                       # every bank a table names, once
//!     - {id: shinhan, ko: "신한은행", en: "Shinhan Bank", aliases: ["..."]}
//!   tables:                      # one per group of PGs sharing codes
//!     - id: kcp
//!       ko: "NHN KCP"
//!       en: "NHN KCP"
//!       pg_provider: [kcp]       # values of PgProvider's x-open-enum
//!       codes:
//!         - {bank: shinhan, code: "BK88"}
//! ```
//!
//! [`read`] is the one reader: lint reports its [`Problem`]s as findings of
//! rule `refund-bank-codes`, the generator refuses to write from a table
//! with one, and the docs show what it read. Names are matched by
//! [`name_key`] (case and spaces ignored), here and in the client crate.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Model, for_each_node};

/// The extension keyword.
pub const EXTENSION: &str = "x-refund-bank-codes";

/// The open enum whose values a table's `pg_provider` lists.
pub const PG_PROVIDER_SCHEMA: &str = "PgProvider";

/// The tables as the spec states them.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundBanks<'a> {
    /// Where the extension is (`…/x-refund-bank-codes`).
    pub pointer: String,
    /// Every bank, in spec order.
    pub banks: Vec<Bank<'a>>,
    /// Every table, in spec order.
    pub tables: Vec<Table<'a>>,
}

/// One bank.
#[derive(Debug, Clone, PartialEq)]
pub struct Bank<'a> {
    /// Its id: lowercase ASCII letters, digits and `_`, starting with a letter.
    pub id: &'a str,
    /// Its Korean name.
    pub ko: &'a str,
    /// Its English name.
    pub en: &'a str,
    /// Other names it goes by (looked up like `ko` and `en`).
    pub aliases: Vec<&'a str>,
}

/// The codes of one group of PGs.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<'a> {
    /// Its id (as a bank's).
    pub id: &'a str,
    /// The PGs' Korean name.
    pub ko: &'a str,
    /// The PGs' English name.
    pub en: &'a str,
    /// The `pg_provider` values it applies to.
    pub pg_providers: Vec<&'a str>,
    /// `(bank id, code)`, in spec order.
    pub codes: Vec<(&'a str, &'a str)>,
}

/// What is wrong with the tables, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// JSON pointer, from `#`.
    pub pointer: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// A name as lookups compare it: lowercase, without white space, so that
/// `Shinhan Bank`, `shinhan bank` and `ShinhanBank` are one name.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The tables of the spec: `Ok(None)` when no schema carries
/// [`EXTENSION`], every problem when they are not as described above.
pub fn read<'a>(model: &Model<'a>) -> Result<Option<RefundBanks<'a>>, Vec<Problem>> {
    let doc = model.doc();
    let mut places: Vec<(String, &'a Value)> = Vec::new();
    for_each_node(doc, &mut |pointer, node| {
        if let Some(ext) = node.get(EXTENSION)
            && node.is_object()
        {
            places.push((pointer.to_string(), ext));
        }
    });
    // The one on `refund_bank` is the real one; any other is the second.
    places.sort_by_key(|(pointer, _)| !pointer.ends_with("/properties/refund_bank"));
    let mut problems = Vec::new();
    let Some((holder, ext)) = places.first().cloned() else {
        return Ok(None);
    };
    for (other, _) in places.iter().skip(1) {
        problems.push(problem(
            format!("{other}/{EXTENSION}"),
            format!(
                "a second `{EXTENSION}`; the tables live in one place ({holder}), since there is one `refund_bank`: move these entries there"
            ),
        ));
    }
    let holder_node = doc
        .pointer(holder.trim_start_matches('#'))
        .unwrap_or(&Value::Null);
    let mut r = Reader {
        at: format!("{holder}/{EXTENSION}"),
        problems,
    };
    let tables = r.tables(model, holder_node, ext);
    if r.problems.is_empty() {
        let (banks, tables) = tables;
        Ok(Some(RefundBanks {
            pointer: r.at,
            banks,
            tables,
        }))
    } else {
        r.problems.sort();
        Err(r.problems)
    }
}

fn problem(pointer: String, message: String) -> Problem {
    Problem { pointer, message }
}

struct Reader {
    at: String,
    problems: Vec<Problem>,
}

type Read<'a> = (Vec<Bank<'a>>, Vec<Table<'a>>);

impl Reader {
    fn push(&mut self, pointer: String, message: impl Into<String>) {
        self.problems.push(problem(pointer, message.into()));
    }

    fn tables<'a>(&mut self, model: &Model<'a>, holder: &'a Value, ext: &'a Value) -> Read<'a> {
        let at = self.at.clone();
        if holder.get("type").and_then(Value::as_str) != Some("string") {
            self.push(
                at.clone(),
                format!("`{EXTENSION}` belongs on the `type: string` schema of `refund_bank`; move it there"),
            );
        }
        let Some(map) = ext.as_object() else {
            self.push(
                at,
                "must be a mapping with `banks` and `tables`; see spec/README.md (\"Refund bank codes\")",
            );
            return (Vec::new(), Vec::new());
        };
        for key in map.keys() {
            if key != "banks" && key != "tables" {
                self.push(
                    format!("{at}/{}", super::escape_pointer(key)),
                    format!("unknown key `{key}`; only `banks` and `tables` are read: drop it"),
                );
            }
        }
        let banks = self.banks(map.get("banks"));
        let known_pgs = model
            .component(PG_PROVIDER_SCHEMA)
            .and_then(|s| s.open_enum())
            .map(|values| {
                values
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<BTreeSet<_>>()
            });
        let bounds = (
            holder.get("minLength").and_then(Value::as_u64),
            holder.get("maxLength").and_then(Value::as_u64),
        );
        let tables = self.table_list(map.get("tables"), &banks, known_pgs.as_ref(), bounds);
        let used: BTreeSet<&str> = tables
            .iter()
            .flat_map(|t| t.codes.iter().map(|(bank, _)| *bank))
            .collect();
        for (i, bank) in banks.iter().enumerate() {
            if !used.contains(bank.id) {
                self.push(
                    format!("{at}/banks/{i}"),
                    format!(
                        "bank `{}` is in no table; drop it or give it a code in a table",
                        bank.id
                    ),
                );
            }
        }
        // A name must name one bank, and never read as a code.
        let codes: BTreeSet<String> = tables
            .iter()
            .flat_map(|t| t.codes.iter().map(|(_, code)| name_key(code)))
            .collect();
        let mut names: BTreeMap<String, &str> = BTreeMap::new();
        for (i, bank) in banks.iter().enumerate() {
            for name in [bank.ko, bank.en]
                .into_iter()
                .chain(bank.aliases.iter().copied())
            {
                let key = name_key(name);
                if codes.contains(&key) {
                    self.push(
                        format!("{at}/banks/{i}"),
                        format!("the name {name:?} of bank `{}` is also a code; a lookup by name or code could not tell them apart: rename it", bank.id),
                    );
                }
                match names.get(&key) {
                    Some(other) if *other != bank.id => self.push(
                        format!("{at}/banks/{i}"),
                        format!("the name {name:?} of bank `{}` is also a name of bank `{other}` (case and spaces ignored); a lookup by name must find one bank: drop or change one", bank.id),
                    ),
                    Some(_) => self.push(
                        format!("{at}/banks/{i}"),
                        format!("bank `{}` lists the name {name:?} twice (case and spaces ignored); drop one", bank.id),
                    ),
                    None => {
                        names.insert(key, bank.id);
                    }
                }
            }
        }
        (banks, tables)
    }

    fn list<'a>(&mut self, value: Option<&'a Value>, key: &str) -> &'a [Value] {
        match value.and_then(Value::as_array) {
            Some(items) if !items.is_empty() => items,
            _ => {
                let at = format!("{}/{key}", self.at);
                self.push(at, format!("`{key}` must be a non-empty list"));
                &[]
            }
        }
    }

    fn text<'a>(&mut self, entry: &'a Value, at: &str, key: &str) -> &'a str {
        match entry.get(key).and_then(Value::as_str) {
            Some(s) if !s.trim().is_empty() => s,
            Some(_) => {
                self.push(format!("{at}/{key}"), format!("`{key}` is empty; write it"));
                ""
            }
            None if entry.get(key).is_some() => {
                self.push(
                    format!("{at}/{key}"),
                    format!("`{key}` must be a string; quote it"),
                );
                ""
            }
            None => {
                self.push(at.to_string(), format!("`{key}` is missing; add it"));
                ""
            }
        }
    }

    fn id<'a>(&mut self, entry: &'a Value, at: &str) -> &'a str {
        let id = self.text(entry, at, "id");
        let ok = id.starts_with(|c: char| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !id.is_empty() && !ok {
            self.push(
                format!("{at}/id"),
                format!("the id {id:?} must be lowercase ASCII letters, digits and `_`, starting with a letter (it names generated Rust items)"),
            );
        }
        id
    }

    fn keys_only(&mut self, entry: &Value, at: &str, allowed: &[&str]) {
        let Some(map) = entry.as_object() else {
            self.push(
                at.to_string(),
                format!("must be a mapping with {}", allowed.join(", ")),
            );
            return;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                self.push(
                    format!("{at}/{}", super::escape_pointer(key)),
                    format!(
                        "unknown key `{key}`; an entry here has only {}: drop it or fix its spelling",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    fn banks<'a>(&mut self, value: Option<&'a Value>) -> Vec<Bank<'a>> {
        let mut out: Vec<Bank<'a>> = Vec::new();
        for (i, entry) in self.list(value, "banks").iter().enumerate() {
            let at = format!("{}/banks/{i}", self.at);
            self.keys_only(entry, &at, &["id", "ko", "en", "aliases"]);
            let id = self.id(entry, &at);
            let ko = self.text(entry, &at, "ko");
            let en = self.text(entry, &at, "en");
            if !ko.is_empty() && !ko.chars().any(is_hangul) {
                self.push(
                    format!("{at}/ko"),
                    format!("the Korean name {ko:?} has no Hangul; write the bank's Korean name (the English one goes in `en`)"),
                );
            }
            if en.chars().any(is_hangul) {
                self.push(
                    format!("{at}/en"),
                    format!("the English name {en:?} holds Hangul; write the bank's English name (the Korean one goes in `ko`)"),
                );
            }
            let mut aliases = Vec::new();
            if let Some(list) = entry.get("aliases") {
                match list.as_array() {
                    Some(items) => {
                        for (j, alias) in items.iter().enumerate() {
                            match alias.as_str().filter(|a| !a.trim().is_empty()) {
                                Some(a) => aliases.push(a),
                                None => self.push(
                                    format!("{at}/aliases/{j}"),
                                    "an alias must be a non-empty string; quote it or drop it",
                                ),
                            }
                        }
                    }
                    None => self.push(format!("{at}/aliases"), "`aliases` must be a list of names"),
                }
            }
            if !id.is_empty() && out.iter().any(|b| b.id == id) {
                self.push(
                    format!("{at}/id"),
                    format!("bank id `{id}` is listed twice; a bank is listed once, and its codes go in the tables"),
                );
            }
            out.push(Bank {
                id,
                ko,
                en,
                aliases,
            });
        }
        out
    }

    fn table_list<'a>(
        &mut self,
        value: Option<&'a Value>,
        banks: &[Bank<'a>],
        known_pgs: Option<&BTreeSet<&str>>,
        (min, max): (Option<u64>, Option<u64>),
    ) -> Vec<Table<'a>> {
        let mut out: Vec<Table<'a>> = Vec::new();
        let mut pg_owner: BTreeMap<&str, &str> = BTreeMap::new();
        for (i, entry) in self.list(value, "tables").iter().enumerate() {
            let at = format!("{}/tables/{i}", self.at);
            self.keys_only(entry, &at, &["id", "ko", "en", "pg_provider", "codes"]);
            let id = self.id(entry, &at);
            let ko = self.text(entry, &at, "ko");
            let en = self.text(entry, &at, "en");
            if !id.is_empty() && out.iter().any(|t| t.id == id) {
                self.push(
                    format!("{at}/id"),
                    format!("table id `{id}` is used twice; give each table its own id"),
                );
            }
            let mut pg_providers = Vec::new();
            match entry.get("pg_provider").and_then(Value::as_array) {
                Some(items) if !items.is_empty() => {
                    for (j, pg) in items.iter().enumerate() {
                        let here = format!("{at}/pg_provider/{j}");
                        let Some(pg) = pg.as_str() else {
                            self.push(here, "a `pg_provider` value must be a string; quote it");
                            continue;
                        };
                        match known_pgs {
                            None => self.push(
                                here,
                                format!("`{PG_PROVIDER_SCHEMA}` has no `x-open-enum` to check {pg:?} against; the tables apply to its values"),
                            ),
                            Some(known) if !known.contains(pg) => self.push(
                                here,
                                format!("{pg:?} is not a value of `{PG_PROVIDER_SCHEMA}`'s `x-open-enum`; fix the spelling, or add the PG to that list first"),
                            ),
                            Some(_) => {}
                        }
                        if let Some(other) = pg_owner.insert(pg, id)
                            && !id.is_empty()
                        {
                            let what = if other == id {
                                format!("{pg:?} is listed twice in table `{id}`; drop one")
                            } else {
                                format!("{pg:?} is also listed by table `{other}`; a PG has one table: keep it in one")
                            };
                            self.push(format!("{at}/pg_provider/{j}"), what);
                        }
                        pg_providers.push(pg);
                    }
                }
                _ => self.push(
                    format!("{at}/pg_provider"),
                    format!("`pg_provider` must be a non-empty list of `{PG_PROVIDER_SCHEMA}` values: the PGs this table applies to"),
                ),
            }
            let mut codes: Vec<(&'a str, &'a str)> = Vec::new();
            match entry.get("codes").and_then(Value::as_array) {
                Some(items) if !items.is_empty() => {
                    for (j, code) in items.iter().enumerate() {
                        let here = format!("{at}/codes/{j}");
                        self.keys_only(code, &here, &["bank", "code"]);
                        let bank = self.text(code, &here, "bank");
                        let value = self.text(code, &here, "code");
                        if !bank.is_empty() && !banks.iter().any(|b| b.id == bank) {
                            self.push(
                                format!("{here}/bank"),
                                format!("no bank has the id `{bank}`; add it to `banks` or fix the spelling"),
                            );
                        }
                        if !value.is_empty() {
                            self.code(&here, value, (min, max));
                        }
                        if let Some((_, c)) = codes.iter().find(|(b, _)| *b == bank)
                            && !bank.is_empty()
                        {
                            self.push(
                                format!("{here}/bank"),
                                format!("bank `{bank}` already has the code {c:?} in table `{id}`; a bank has one code per table"),
                            );
                        }
                        if let Some((b, _)) = codes
                            .iter()
                            .find(|(_, c)| !value.is_empty() && c.eq_ignore_ascii_case(value))
                        {
                            self.push(
                                format!("{here}/code"),
                                format!("the code {value:?} is also bank `{b}`'s in table `{id}` (case ignored); a code names one bank"),
                            );
                        }
                        codes.push((bank, value));
                    }
                }
                _ => self.push(
                    format!("{at}/codes"),
                    "`codes` must be a non-empty list of `{bank, code}`".to_string(),
                ),
            }
            out.push(Table {
                id,
                ko,
                en,
                pg_providers,
                codes,
            });
        }
        out
    }

    fn code(&mut self, at: &str, code: &str, (min, max): (Option<u64>, Option<u64>)) {
        if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.push(
                format!("{at}/code"),
                format!("the code {code:?} may hold only ASCII letters and digits"),
            );
        }
        let len = code.chars().count() as u64;
        if max.is_some_and(|m| len > m) || min.is_some_and(|m| len < m) {
            self.push(
                format!("{at}/code"),
                format!(
                    "the code {code:?} has {len} characters, outside the {}–{} that `refund_bank` allows; the client would refuse it",
                    min.unwrap_or(0),
                    max.map_or("∞".to_string(), |m| m.to_string())
                ),
            );
        }
    }
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}
