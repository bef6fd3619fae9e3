//! `--refund-bank`: a code, or a bank name translated into the code of the
//! payment's PG (`portone_v1::refund_banks`, the spec's tables).
//!
//! A name can only be translated once the payment's PG is known, so a
//! cancel that reads the payment first (`--guard`) builds its request with
//! [`CancelArgs::to_request_for`](crate::args::CancelArgs::to_request_for);
//! one that does not read it refuses a name here, before anything is
//! sent, and passes a code on unchanged.

use portone_v1::refund_banks;
use portone_v1::{InvalidRequest, PgProvider};

use crate::flags::help::cancel_payment as cancel_help;

/// The help of `--refund-bank`: the spec's words, and what the CLI adds.
pub fn help() -> String {
    format!(
        "{} The CLI also takes a bank name (Korean or English, e.g. 신한은행 or \"Shinhan Bank\") and sends the code of the payment's PG; a name needs --guard, which reads the payment.",
        cancel_help::REFUND_BANK
    )
}

/// The `refund_bank` to send for `given`: with the payment's PG, what
/// [`refund_banks::resolve`] makes of it; without, `given` unchanged unless
/// it is a bank name, which is refused with what to do instead (`guarded`:
/// --guard was given, so suggesting it would not help).
pub fn code(given: &str, pg: Option<&PgProvider>, guarded: bool) -> Result<String, InvalidRequest> {
    match pg {
        Some(pg) => refund_banks::resolve(pg, given)
            .map(str::to_string)
            .map_err(InvalidRequest::from),
        None => match refund_banks::bank_named(given) {
            Some(bank) => Err(InvalidRequest {
                field: "refund_bank",
                reason: format!(
                    "{given:?} is the name of {bank}, and its code depends on the payment's PG, which is not known here: pass the PG's code (docs/reference.md, \"Refund bank codes\"){}",
                    if guarded {
                        ""
                    } else {
                        ", or add --guard to read the payment and send its PG's code"
                    }
                ),
            }),
            None => Ok(given.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_needs_the_pg() {
        let e = code("신한은행", None, false).unwrap_err();
        assert_eq!(e.field, "refund_bank");
        assert!(
            e.reason.contains("--guard") && e.reason.contains("pass the PG's code"),
            "{e}"
        );
        // With --guard given, suggesting it would not help.
        let e = code("신한은행", None, true).unwrap_err();
        assert!(!e.reason.contains("--guard"), "{e}");
        assert_eq!(
            code("088", None, false).unwrap(),
            "088",
            "a code goes as given"
        );
        let kcp = Some(&PgProvider::Kcp);
        assert_eq!(code("신한은행", kcp, true).unwrap(), "BK88");
        assert_eq!(
            code("shinhan bank", Some(&PgProvider::Daou), true).unwrap(),
            "10"
        );
        let e = code("88", kcp, true).unwrap_err();
        assert!(e.reason.contains("`BK88`"), "{e}");
    }
}
