//! Property tests of the cancel request builder (`CancelRequest::builder`).
//!
//! For any input (Korean text, emoji, empty and over-long strings, control
//! characters, zero, negative, huge and over-precise amounts, both targets,
//! refund accounts, ...):
//! - building never panics;
//! - an input inside the limits builds, and its wire JSON validates against
//!   `docs/schemas/CancelPaymentRequest.schema.json` and carries exactly
//!   what was put in (amounts read back to the same decimal);
//! - an input outside them is refused, and the refusal names a property of
//!   that schema which really breaks a limit.
//!
//! The length limits are read from the published schema, never restated.
//! The other rules are the builder's own, documented in the `cancel`
//! module: no control characters in text; a partial amount is positive and
//! within the checksum and holds its tax-free and VAT parts; no amount is
//! negative or has more than [`MAX_SIGNIFICANT_DIGITS`] significant digits
//! (more would not survive a JSON number). Failing cases are kept in
//! `proptest-regressions/` (see `props::config`).

mod props;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use jsonschema::Validator;
use portone_v1::money::MAX_SIGNIFICANT_DIGITS;
use portone_v1::{
    Amount, CancelAmount, CancelRequest, Decimal, InvalidRequest, Requester, Target, VbankRefund,
};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};

const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/proptest-regressions/prop_cancel_builder.txt"
);

const SCHEMA: &str = "CancelPaymentRequest";

fn request_schema() -> &'static Value {
    props::schema(SCHEMA)
}

/// The request's property names, as published.
fn properties() -> &'static BTreeSet<String> {
    static NAMES: OnceLock<BTreeSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        request_schema()["properties"]
            .as_object()
            .expect("CancelPaymentRequest has properties")
            .keys()
            .cloned()
            .collect()
    })
}

fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| props::validator(SCHEMA))
}

/// `(minLength, maxLength)` of string property `field`, as published.
fn length_limits(field: &str) -> (usize, Option<usize>) {
    let p = &request_schema()["properties"][field];
    assert_eq!(
        p["type"], "string",
        "{field} is not a string property of {SCHEMA}"
    );
    let get = |key: &str| p.get(key).and_then(Value::as_u64).map(|n| n as usize);
    (get("minLength").unwrap_or(0), get("maxLength"))
}

// ---------------------------------------------------------------- inputs

/// Everything the builder can be given.
#[derive(Debug, Clone)]
struct Input {
    target: TargetIn,
    /// `None`: `CancelAmount::FullRemaining`.
    amount: Option<Decimal>,
    checksum: Option<Decimal>,
    tax_free: Option<Decimal>,
    vat_amount: Option<Decimal>,
    reason: Option<String>,
    refund: Option<RefundIn>,
    requester: Option<Requester>,
    retain_promotion: Option<bool>,
    enable_webhook: Option<bool>,
    /// Given to `with_checksum` after a successful build.
    later_checksum: Decimal,
}

#[derive(Debug, Clone)]
enum TargetIn {
    ImpUid(String),
    MerchantUid(String),
    Both(String, String),
}

#[derive(Debug, Clone)]
struct RefundIn {
    holder: String,
    bank: String,
    account: String,
    tel: Option<String>,
}

/// A character as users type them, picked by one number (cheap to
/// generate, and shrinking towards 0 towards plain ASCII): ASCII, Hangul
/// (syllables and conjoining jamo), emoji and their joiners, quotes and
/// backslashes, CJK, fullwidth forms, and anything else that is not a
/// control character.
fn text_char() -> impl Strategy<Value = char> {
    const SPECIAL: [char; 12] = [
        '\u{200D}',
        '\u{FE0F}',
        '\u{0301}',
        '"',
        '\\',
        '/',
        '\u{2028}',
        '\u{2029}',
        '\u{FEFF}',
        '\u{FFFD}',
        '\u{10FFFF}',
        '\u{3000}',
    ];
    let pick = |lo: u32, hi: u32, n: u32| char::from_u32(lo + n % (hi - lo + 1));
    any::<u32>().prop_map(move |n| {
        let (class, n) = (n % 16, n / 16);
        let c = match class {
            0..=3 => pick(0x20, 0x7E, n),
            4..=7 => pick(0xAC00, 0xD7A3, n),
            8 => pick(0x1100, 0x11FF, n),
            9 | 10 => pick(0x1F300, 0x1FAFF, n),
            11 => Some(SPECIAL[n as usize % SPECIAL.len()]),
            12 => pick(0xA0, 0x24F, n),
            13 => pick(0x4E00, 0x9FFF, n),
            14 => pick(0xFF01, 0xFF5E, n),
            _ => char::from_u32(n % 0x11_0000),
        };
        // Surrogates are not chars; control characters come separately.
        c.filter(|c| !c.is_control()).unwrap_or('\u{FFFD}')
    })
}

/// A control character (Unicode `Cc`: C0, DEL, C1).
fn control_char() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::char::range('\0', '\u{1F}'),
        proptest::char::range('\u{7F}', '\u{9F}'),
    ]
}

/// Text for string property `field`, its length chosen around the
/// published limits, sometimes with a control character in it.
fn text_for(field: &'static str) -> BoxedStrategy<String> {
    let (min, max) = length_limits(field);
    // Without a maximum, a length well past the minimum stands in for it.
    let top = max.unwrap_or(min + 300);
    // Mostly inside the limits (so that most inputs build), often right at
    // them, sometimes just outside.
    let length = prop_oneof![
        2 => Just(min),
        2 => Just(top),
        6 => min..=top,
        1 => Just(min.saturating_sub(1)),
        1 => top + 1..=top + 8,
    ];
    let control = option::weighted(0.08, (control_char(), any::<Index>()));
    (length, control)
        .prop_flat_map(|(n, control)| (prop::collection::vec(text_char(), n), Just(control)))
        .prop_map(|(mut chars, control)| {
            if let Some((c, at)) = control {
                if chars.is_empty() {
                    chars.push(c);
                } else {
                    let i = at.index(chars.len());
                    chars[i] = c;
                }
            }
            chars.into_iter().collect()
        })
        .boxed()
}

fn from_parts(lo: u32, mid: u32, hi: u32, negative: bool, scale: u32) -> Decimal {
    Decimal::from_parts(lo, mid, hi, negative, scale)
}

/// Amounts: ordinary KRW and fractional sums, zero and negative zero,
/// negative sums, the extremes of `Decimal`, and amounts with around the
/// number of significant digits a JSON number keeps.
fn decimal() -> impl Strategy<Value = Decimal> {
    let digits = MAX_SIGNIFICANT_DIGITS;
    prop_oneof![
        4 => (1i64..=10_000_000_000).prop_map(Decimal::from),
        3 => (1i64..=99_999_999, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s)),
        1 => (0u32..=28, any::<bool>()).prop_map(|(s, neg)| from_parts(0, 0, 0, neg, s)),
        1 => (i64::MIN..0).prop_map(Decimal::from),
        1 => (-99_999_999i64..0, 1u32..=4).prop_map(|(m, s)| Decimal::new(m, s)),
        1 => (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
            .prop_map(|(lo, mid, hi, neg, s)| from_parts(lo, mid, hi, neg, s)),
        // Mantissas of exactly `digits - 1`, `digits` and `digits + 1`
        // digits, at any scale.
        2 => (digits - 1..=digits + 1, any::<u64>(), 0u32..=28).prop_map(|(n, r, s)| {
            let low = 10i64.pow(n - 1);
            Decimal::new(low + (r % (9 * low as u64)) as i64, s)
        }),
        1 => prop::sample::select(vec![
            Decimal::MAX,
            Decimal::MIN,
            Decimal::ONE,
            Decimal::new(1, 28),
            Decimal::from(i64::MAX),
            Decimal::from(u64::MAX),
        ]),
    ]
}

/// A value related to `base` (a share of it, or a little more), or any.
fn near(base: Decimal, more: bool) -> impl Strategy<Value = Decimal> {
    prop_oneof![
        2 => (0u32..=100).prop_map(move |pct| {
            let share = base
                .checked_mul(Decimal::from(pct))
                .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED));
            let extra = if more { base.checked_add(Decimal::from(pct)) } else { share };
            extra.unwrap_or(base)
        }),
        1 => decimal(),
    ]
}

fn target() -> impl Strategy<Value = TargetIn> {
    prop_oneof![
        2 => text_for("imp_uid").prop_map(TargetIn::ImpUid),
        2 => text_for("merchant_uid").prop_map(TargetIn::MerchantUid),
        1 => (text_for("imp_uid"), text_for("merchant_uid"))
            .prop_map(|(i, m)| TargetIn::Both(i, m)),
    ]
}

fn refund() -> impl Strategy<Value = RefundIn> {
    (
        text_for("refund_holder"),
        text_for("refund_bank"),
        text_for("refund_account"),
        option::of(text_for("refund_tel")),
    )
        .prop_map(|(holder, bank, account, tel)| RefundIn {
            holder,
            bank,
            account,
            tel,
        })
}

fn input() -> impl Strategy<Value = Input> {
    (target(), option::weighted(0.75, decimal()))
        .prop_flat_map(|(target, amount)| {
            let base = amount.unwrap_or(Decimal::from(50_000));
            (
                Just(target),
                Just(amount),
                (
                    option::of(near(base, true)),
                    option::of(near(base, false)),
                    option::of(near(base, false)),
                ),
                option::of(text_for("reason")),
                option::weighted(0.3, refund()),
                option::of(prop_oneof![
                    Just(Requester::Customer),
                    Just(Requester::Admin)
                ]),
                (option::of(any::<bool>()), option::of(any::<bool>())),
                near(base, true),
            )
        })
        .prop_map(
            |(
                target,
                amount,
                (checksum, tax_free, vat_amount),
                reason,
                refund,
                requester,
                flags,
                later,
            )| {
                Input {
                    target,
                    amount,
                    checksum,
                    tax_free,
                    vat_amount,
                    reason,
                    refund,
                    requester,
                    retain_promotion: flags.0,
                    enable_webhook: flags.1,
                    later_checksum: later,
                }
            },
        )
}

// ---------------------------------------------------------------- oracle

fn build(input: &Input) -> Result<CancelRequest, InvalidRequest> {
    let target = match &input.target {
        TargetIn::ImpUid(id) => Target::imp_uid(id.clone()),
        TargetIn::MerchantUid(id) => Target::merchant_uid(id.clone()),
        TargetIn::Both(imp_uid, merchant_uid) => Target::Both {
            imp_uid: imp_uid.clone(),
            merchant_uid: merchant_uid.clone(),
        },
    };
    let amount = match input.amount {
        None => CancelAmount::FullRemaining,
        Some(a) => CancelAmount::partial(a),
    };
    let mut b = CancelRequest::builder(target, amount);
    if let Some(v) = input.checksum {
        b = b.checksum(v);
    }
    if let Some(v) = input.tax_free {
        b = b.tax_free(v);
    }
    if let Some(v) = input.vat_amount {
        b = b.vat_amount(v);
    }
    if let Some(r) = &input.reason {
        b = b.reason(r.clone());
    }
    if let Some(r) = &input.refund {
        let mut refund = VbankRefund::new(r.holder.clone(), r.bank.clone(), r.account.clone());
        if let Some(tel) = &r.tel {
            refund = refund.tel(tel.clone());
        }
        b = b.vbank_refund(refund);
    }
    if let Some(r) = input.requester {
        b = b.requester(r);
    }
    if let Some(v) = input.retain_promotion {
        b = b.retain_promotion(v);
    }
    if let Some(v) = input.enable_webhook {
        b = b.enable_webhook(v);
    }
    b.build()
}

/// The string fields given, by wire name.
fn texts(input: &Input) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    match &input.target {
        TargetIn::ImpUid(id) => out.push(("imp_uid", id.as_str())),
        TargetIn::MerchantUid(id) => out.push(("merchant_uid", id.as_str())),
        TargetIn::Both(i, m) => {
            out.push(("imp_uid", i.as_str()));
            out.push(("merchant_uid", m.as_str()));
        }
    }
    if let Some(r) = &input.reason {
        out.push(("reason", r));
    }
    if let Some(r) = &input.refund {
        out.push(("refund_holder", &r.holder));
        out.push(("refund_bank", &r.bank));
        out.push(("refund_account", &r.account));
        if let Some(t) = &r.tel {
            out.push(("refund_tel", t));
        }
    }
    out
}

/// Significant digits of `d`, counted on its own (not with `Amount`'s).
fn significant_digits(d: Decimal) -> u32 {
    d.normalize().mantissa().unsigned_abs().max(1).ilog10() + 1
}

/// An amount any field may hold: not negative, exact as a JSON number.
fn amount_ok(d: Decimal) -> bool {
    d >= Decimal::ZERO && significant_digits(d) <= MAX_SIGNIFICANT_DIGITS
}

/// The fields of `input` that break a limit (empty: it must build).
fn violations(input: &Input) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    for (field, value) in texts(input) {
        let (min, max) = length_limits(field);
        let n = value.chars().count();
        // Control characters: the builder's own documented rule (the spec
        // does not forbid them; see the `cancel` module docs).
        if n < min || max.is_some_and(|max| n > max) || value.chars().any(char::is_control) {
            out.insert(field);
        }
    }
    if let Some(a) = input.amount
        && (!amount_ok(a) || a.is_zero())
    {
        out.insert("amount");
    }
    for (field, value) in [
        ("checksum", input.checksum),
        ("tax_free", input.tax_free),
        ("vat_amount", input.vat_amount),
    ] {
        if let Some(v) = value
            && !amount_ok(v)
        {
            out.insert(field);
        }
    }
    if let Some(a) = input.amount {
        if input.checksum.is_some_and(|c| a > c) {
            out.insert("amount");
        }
        if input.tax_free.is_some_and(|t| t > a) {
            out.insert("tax_free");
        }
        if input.vat_amount.is_some_and(|v| v > a) {
            out.insert("vat_amount");
        }
    }
    out
}

/// The wire JSON `input` must produce, amounts aside.
fn expected_wire(input: &Input) -> Map<String, Value> {
    let mut out = Map::new();
    for (field, value) in texts(input) {
        out.insert(field.into(), json!(value));
    }
    if let Some(r) = input.requester {
        let who = match r {
            Requester::Customer => "customer",
            Requester::Admin => "admin",
        };
        out.insert("extra".into(), json!({ "requester": who }));
    }
    if let Some(v) = input.retain_promotion {
        out.insert("retain_promotion".into(), json!(v));
    }
    if let Some(v) = input.enable_webhook {
        out.insert("enable_webhook".into(), json!(v));
    }
    out
}

/// Schema validation errors as `path: message` lines.
fn schema_errors(wire: &Value) -> Vec<String> {
    validator()
        .iter_errors(wire)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Removes amount `field` from `wire` and checks it reads back as `want`.
fn take_amount(
    wire: &mut Map<String, Value>,
    field: &str,
    want: Option<Decimal>,
) -> Result<(), TestCaseError> {
    let got = wire
        .remove(field)
        .map(|v| {
            serde_json::from_value::<Amount>(v.clone())
                .map_err(|e| TestCaseError::fail(format!("`{field}` {v} does not read back: {e}")))
        })
        .transpose()?
        .map(Decimal::from);
    prop_assert_eq!(got, want, "`{}` on the wire is not the amount given", field);
    Ok(())
}

/// The whole property, for one input.
fn check(input: &Input) -> Result<(), TestCaseError> {
    let broken = violations(input);
    match build(input) {
        Ok(request) => {
            prop_assert!(
                broken.is_empty(),
                "built although {:?} break a limit",
                broken
            );
            let wire = serde_json::to_value(request.to_wire())
                .map_err(|e| TestCaseError::fail(format!("wire body does not serialize: {e}")))?;
            let errors = schema_errors(&wire);
            prop_assert!(
                errors.is_empty(),
                "wire body breaks {}: {:?}\n{}",
                SCHEMA,
                errors,
                wire
            );
            let mut fields = wire.as_object().expect("an object").clone();
            take_amount(&mut fields, "amount", input.amount)?;
            take_amount(&mut fields, "checksum", input.checksum)?;
            take_amount(&mut fields, "tax_free", input.tax_free)?;
            take_amount(&mut fields, "vat_amount", input.vat_amount)?;
            prop_assert_eq!(fields, expected_wire(input));
            prop_assert_eq!(request.checksum().map(Decimal::from), input.checksum);

            // A checksum set later follows the same rules.
            let later = input.later_checksum;
            match request.with_checksum(later.into()) {
                Ok(guarded) => {
                    prop_assert!(amount_ok(later), "with_checksum accepted {}", later);
                    let wire = serde_json::to_value(guarded.to_wire()).unwrap();
                    let errors = schema_errors(&wire);
                    prop_assert!(errors.is_empty(), "{:?}", errors);
                    let mut fields = wire.as_object().unwrap().clone();
                    take_amount(&mut fields, "checksum", Some(later))?;
                }
                Err(e) => {
                    prop_assert!(!amount_ok(later), "with_checksum refused {}: {}", later, e);
                    prop_assert_eq!(e.field, "checksum");
                }
            }
        }
        Err(e) => {
            prop_assert!(
                properties().contains(e.field),
                "refusal names `{}`, which is not a property of {}",
                e.field,
                SCHEMA
            );
            prop_assert!(
                broken.contains(e.field),
                "refused on `{}` ({}) but only {:?} break a limit",
                e.field,
                e.reason,
                broken
            );
            prop_assert!(!e.reason.trim().is_empty(), "a refusal says why");
            prop_assert!(e.to_string().contains(e.field), "{}", e);
        }
    }
    Ok(())
}

/// Text users may type as an amount (the CLI parses it with `FromStr`).
fn amount_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(vec![
            "NaN", "nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "1e-400", "1e28",
            "1e29", "7.9228162514264337593543950336e28", "79228162514264337593543950336",
            "-0", "-0.0", "0.000", "+5", "5.", ".5", "1_000", "1,000", "１２３", "", " ",
            "1e", "e5", "0x10", "--1", "1e+", "9999999999999999999999999999999999999999",
        ]).prop_map(String::from),
        3 => "[-+]?[0-9]{0,30}(\\.[0-9]{0,30})?([eE][-+]?[0-9]{1,5})?",
        1 => "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(props::config(1024, REGRESSIONS))]

    #[test]
    fn any_input_builds_within_the_limits_and_is_refused_by_field_outside(input in input()) {
        check(&input)?;
    }
}

proptest! {
    #![proptest_config(props::config(1024, REGRESSIONS))]

    #[test]
    fn amounts_typed_as_text_never_panic_and_follow_the_same_rules(
        text in amount_text(),
        input in input(),
    ) {
        if let Ok(amount) = text.parse::<Amount>() {
            let input = Input { amount: Some(amount.into()), ..input };
            check(&input)?;
        }
    }
}

/// The generators reach both outcomes and every field (a generator that
/// only ever produced refusals would make the properties above vacuous).
#[test]
fn the_inputs_cover_builds_and_refusals_of_every_field() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = input();
    let (mut built, mut refused) = (0, BTreeSet::new());
    for _ in 0..1000 {
        let input = strategy.new_tree(&mut runner).unwrap().current();
        match build(&input) {
            Ok(_) => built += 1,
            Err(e) => {
                refused.insert(e.field);
            }
        }
    }
    assert!(built >= 100, "only {built} of 1000 inputs built");
    for field in [
        "imp_uid",
        "merchant_uid",
        "amount",
        "checksum",
        "tax_free",
        "vat_amount",
        "reason",
        "refund_holder",
        "refund_bank",
        "refund_account",
        "refund_tel",
    ] {
        assert!(
            refused.contains(field),
            "no input was refused on `{field}`: {refused:?}"
        );
    }
}
