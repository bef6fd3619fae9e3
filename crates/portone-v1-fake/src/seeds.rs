//! Seed payments: the built-in set that makes the fake useful with zero
//! configuration, and the loader/validator for a user's own `--seed` file.
//!
//! A seed file is a JSON array of `Payment` objects, exactly as
//! `GET /payments/{imp_uid}` returns them inside `response`.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use portone_v1::money::Amount;
use portone_v1::{CancelPaymentRequestMerchantUid, GetPaymentImpUid, Payment, PaymentResponse};

/// A paid card payment (50,000 KRW, html5_inicis).
pub const CARD_PAID: &str = "imp_fake_card_0001";
/// A paid virtual-account payment (45,000 KRW, kcp): refunds need the refund fields.
pub const VBANK_PAID: &str = "imp_fake_vbank_0001";
/// A paid easy-pay point payment (12,000 KRW, kakaopay).
pub const POINT_PAID: &str = "imp_fake_point_0001";
/// A paid Naver Pay payment (23,000 KRW): cancels need a `reason`.
pub const NAVERPAY_PAID: &str = "imp_fake_naverpay_0001";
/// A card payment of 30,000 KRW with 10,000 already cancelled.
pub const PARTIALLY_CANCELLED: &str = "imp_fake_partial_0001";
/// A card payment of 8,000 KRW, fully cancelled.
pub const FULLY_CANCELLED: &str = "imp_fake_cancelled_0001";
/// A paid 19.99 USD PayPal payment: fractional amounts.
pub const USD_PAID: &str = "imp_fake_usd_0001";
/// A paid 1,000 KRW test-channel payment: found only with `include_sandbox=true`.
pub const SANDBOX_PAID: &str = "imp_fake_sandbox_0001";

/// The built-in seed file (also a template for your own).
pub const DEFAULT_SEEDS_JSON: &str = include_str!("../seeds/default.json");

/// The built-in payments: one of each kind listed by the constants above.
pub fn default_payments() -> Vec<Payment> {
    // The built-in file is checked by a unit test, so this cannot fail at run time.
    parse_seeds(DEFAULT_SEEDS_JSON).expect("the built-in seed file is valid")
}

/// A built-in payment as the fake, like the live API, writes it inside
/// `response`: every field the API sends as an explicit `null` is there.
/// The one home of the payment bodies that the client's tests, its
/// benchmarks and the command line's tests start from (they change what
/// they need: ids, amounts, status); none if no built-in payment has
/// `imp_uid`.
pub fn payment_json(imp_uid: &str) -> Option<serde_json::Value> {
    let payment = default_payments()
        .into_iter()
        .find(|p| p.imp_uid == imp_uid)?;
    let envelope = crate::wire::envelope_json(&PaymentResponse {
        code: 0,
        message: None,
        response: Some(payment),
    });
    let mut envelope: serde_json::Value =
        serde_json::from_str(&envelope).expect("the fake writes JSON");
    Some(envelope["response"].take())
}

/// Reads and validates a seed file.
pub fn load_seed_file(path: &Path) -> Result<Vec<Payment>, SeedError> {
    let text = std::fs::read_to_string(path).map_err(|e| SeedError {
        file: Some(path.display().to_string()),
        problem: format!("cannot read the file: {e}"),
        ..SeedError::default()
    })?;
    parse_seeds(&text).map_err(|mut e| {
        e.file = Some(path.display().to_string());
        e
    })
}

/// Parses and validates seed JSON: an array of `Payment` objects.
pub fn parse_seeds(json: &str) -> Result<Vec<Payment>, SeedError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| SeedError {
        problem: format!("not valid JSON: {e}"),
        ..SeedError::default()
    })?;
    let serde_json::Value::Array(entries) = value else {
        return Err(SeedError {
            problem: "the top level must be a JSON array of Payment objects".to_string(),
            ..SeedError::default()
        });
    };
    let mut payments = Vec::with_capacity(entries.len());
    for (index, entry) in entries.into_iter().enumerate() {
        let imp_uid = entry
            .get("imp_uid")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let payment: Payment = serde_path_to_error::deserialize(entry).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            let field = if path == "." {
                // serde reports a missing field at its parent: pull the name out.
                inner.split('`').nth(1).unwrap_or("?").to_string()
            } else {
                path
            };
            SeedError {
                index: Some(index),
                imp_uid: imp_uid.clone(),
                field: Some(field),
                problem: inner,
                ..SeedError::default()
            }
        })?;
        payments.push(payment);
    }
    validate_payments(&payments)?;
    Ok(payments)
}

/// Checks that payments are consistent enough for the fake to serve:
/// unique ids, balances that add up, a status that matches the balance.
pub fn validate_payments(payments: &[Payment]) -> Result<(), SeedError> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (index, p) in payments.iter().enumerate() {
        let fail = |field: &str, problem: String| SeedError {
            index: Some(index),
            imp_uid: Some(p.imp_uid.clone()).filter(|s| !s.is_empty()),
            field: Some(field.to_string()),
            problem,
            ..SeedError::default()
        };
        check_payment(p).map_err(|(field, problem)| fail(&field, problem))?;
        if let Some(first) = seen.insert(p.imp_uid.as_str(), index) {
            return Err(fail(
                "imp_uid",
                format!("the same imp_uid is already used by entry {first}"),
            ));
        }
    }
    Ok(())
}

fn check_payment(p: &Payment) -> Result<(), (String, String)> {
    let fail = |field: &str, problem: String| Err((field.to_string(), problem));
    // The ids' limits are the spec's, checked by the generated request
    // types: an id a client could not send names a payment nobody can reach.
    if let Err(e) = GetPaymentImpUid::try_from(p.imp_uid.as_str()) {
        return fail(
            "imp_uid",
            format!("not an id `GET /payments/{{imp_uid}}` accepts: {e}"),
        );
    }
    if let Err(e) = CancelPaymentRequestMerchantUid::try_from(p.merchant_uid.as_str()) {
        return fail(
            "merchant_uid",
            format!("not an id `POST /payments/cancel` accepts: {e}"),
        );
    }
    for (field, amount) in [("amount", p.amount), ("cancel_amount", p.cancel_amount)] {
        if amount < Amount::ZERO {
            return fail(field, format!("{amount} is negative"));
        }
        if !amount.fits_json_number() {
            return fail(
                field,
                format!("{amount} has too many digits for a JSON number"),
            );
        }
    }
    if p.cancel_amount > p.amount {
        return fail(
            "cancel_amount",
            format!("{} is more than amount {}", p.cancel_amount, p.amount),
        );
    }
    let mut sum = Amount::ZERO;
    for (i, c) in p.cancel_history.iter().enumerate() {
        if !c.amount.is_positive() {
            return fail(
                &format!("cancel_history[{i}].amount"),
                format!("{} is not positive", c.amount),
            );
        }
        sum = sum
            .checked_add(c.amount)
            .ok_or_else(|| ("cancel_history".to_string(), "sum overflows".to_string()))?;
    }
    if sum != p.cancel_amount {
        return fail(
            "cancel_history",
            format!(
                "its amounts add up to {sum} but cancel_amount is {}",
                p.cancel_amount
            ),
        );
    }
    let fully_cancelled = p.amount.is_positive() && p.cancel_amount == p.amount;
    match p.status.as_str() {
        "cancelled" if !fully_cancelled => fail(
            "status",
            format!(
                "is `cancelled` but {} of {} is still cancellable (a partly cancelled payment stays `paid`)",
                p.amount
                    .checked_sub(p.cancel_amount)
                    .unwrap_or(Amount::ZERO),
                p.amount
            ),
        ),
        "paid" if fully_cancelled => fail(
            "status",
            "is `paid` but the whole amount is cancelled; use `cancelled`".to_string(),
        ),
        _ => Ok(()),
    }
}

/// A seed file or seed list the fake cannot use: says which entry, which
/// field and what is wrong with it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeedError {
    /// The file, when the seeds came from one.
    pub file: Option<String>,
    /// Index of the bad entry in the array (0-based).
    pub index: Option<usize>,
    /// The bad entry's `imp_uid`, when it has one.
    pub imp_uid: Option<String>,
    /// The field at fault (a path such as `cancel_history[0].amount`).
    pub field: Option<String>,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("bad seed payments")?;
        if let Some(file) = &self.file {
            write!(f, " in `{file}`")?;
        }
        if let Some(i) = self.index {
            write!(f, ": entry {i}")?;
            if let Some(id) = &self.imp_uid {
                write!(f, " (imp_uid `{id}`)")?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(
            f,
            ": {}. Each entry must be a Payment object as GET /payments/{{imp_uid}} returns it; \
             crates/portone-v1-fake/seeds/default.json is a template",
            self.problem
        )
    }
}

impl std::error::Error for SeedError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_seeds_are_valid_and_cover_each_kind() {
        let seeds = default_payments();
        for id in [
            CARD_PAID,
            VBANK_PAID,
            POINT_PAID,
            NAVERPAY_PAID,
            PARTIALLY_CANCELLED,
            FULLY_CANCELLED,
            USD_PAID,
            SANDBOX_PAID,
        ] {
            assert!(seeds.iter().any(|p| p.imp_uid == id), "{id} missing");
        }
        let partial = seeds
            .iter()
            .find(|p| p.imp_uid == PARTIALLY_CANCELLED)
            .unwrap();
        assert!(partial.cancel_amount.is_positive() && partial.cancel_amount < partial.amount);
    }

    fn one(entry: serde_json::Value) -> SeedError {
        let mut base: serde_json::Value = serde_json::from_str(DEFAULT_SEEDS_JSON).unwrap();
        let first = base[0].as_object_mut().unwrap();
        for (k, v) in entry.as_object().unwrap() {
            if v.is_null() {
                first.remove(k);
            } else {
                first.insert(k.clone(), v.clone());
            }
        }
        parse_seeds(&base.to_string()).unwrap_err()
    }

    #[test]
    fn names_the_entry_and_field_at_fault() {
        let e = one(serde_json::json!({"amount": "lots"}));
        assert_eq!((e.index, e.field.as_deref()), (Some(0), Some("amount")));
        assert_eq!(e.imp_uid.as_deref(), Some(CARD_PAID));

        let e = one(serde_json::json!({"status": null}));
        assert_eq!(e.field.as_deref(), Some("status"));
        assert!(e.problem.contains("missing field"), "{e}");

        let e = one(serde_json::json!({"cancel_amount": 60000}));
        assert_eq!(e.field.as_deref(), Some("cancel_amount"));

        let e = one(serde_json::json!({"cancel_amount": 100}));
        assert_eq!(e.field.as_deref(), Some("cancel_history"));

        let e = one(serde_json::json!({"status": "cancelled"}));
        assert_eq!(e.field.as_deref(), Some("status"));

        let e = one(serde_json::json!({"imp_uid": "imp_fake_vbank_0001"}));
        assert_eq!((e.index, e.field.as_deref()), (Some(1), Some("imp_uid")));
        assert!(e.to_string().contains("entry 0"), "{e}");

        // Far past the spec's limits, whatever they are exactly.
        let e = one(serde_json::json!({"imp_uid": "i".repeat(1000)}));
        assert_eq!(e.field.as_deref(), Some("imp_uid"));
        let e = one(serde_json::json!({"merchant_uid": ""}));
        assert_eq!(e.field.as_deref(), Some("merchant_uid"));

        let e = one(serde_json::json!({"cancel_history": [{"amount": 1, "cancelled_at": "x"}]}));
        assert_eq!(e.field.as_deref(), Some("cancel_history[0].cancelled_at"));
    }

    #[test]
    fn a_built_in_payment_as_json_has_the_explicit_nulls() {
        let card = payment_json(CARD_PAID).unwrap();
        assert_eq!(card["imp_uid"], CARD_PAID);
        assert!(
            card["vbank_num"].is_null() && card["fail_reason"].is_null(),
            "{card}"
        );
        let decoded: Payment = serde_json::from_value(card).unwrap();
        assert_eq!(
            decoded,
            default_payments()
                .into_iter()
                .find(|p| p.imp_uid == CARD_PAID)
                .unwrap()
        );
        assert!(payment_json("imp_not_built_in").is_none());
    }

    #[test]
    fn rejects_a_non_array() {
        let e = parse_seeds("{}").unwrap_err();
        assert!(e.problem.contains("array"), "{e}");
        let e = parse_seeds("[").unwrap_err();
        assert!(e.problem.contains("not valid JSON"), "{e}");
    }
}
