//! Rule `refund-bank-codes`: the refund bank code tables
//! (`x-refund-bank-codes`) have the shape the generator reads.
//!
//! The checks are the model's reader's ([`crate::model::refund_banks::read`]),
//! so lint and `cargo xtask generate` refuse exactly the same tables; this
//! file only turns its problems into findings.

use super::{Finding, finding};
use crate::model::Model;

/// The rule id.
pub const RULE: &str = "refund-bank-codes";

/// Why the rule exists (listed in [`super::RULES`] and spec/README.md).
pub const WHY: &str = "the refund bank code tables (`x-refund-bank-codes`) are well formed: every `pg_provider` a known `PgProvider` value in one table only, every code a quoted string `refund_bank` allows and unique in its table, every bank named once in Korean and English: the client refuses a code before sending by them, so a wrong table refuses good refunds or lets bad ones through";

/// Adds a finding for every problem of the tables.
pub fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    if let Err(problems) = model.refund_banks() {
        for p in problems {
            out.push(finding(p.pointer, RULE, p.message));
        }
    }
}
