//! Exact money: the hand-written type that replaces the spec's `Amount`.
//!
//! PortOne sends amounts as JSON numbers (whole for KRW, fractional for other
//! currencies). Holding them as `f64` would make balance arithmetic drift
//! (`10.10 - 5.05` is not `5.05` in binary floating point), and a `checksum`
//! computed that way could disagree with PortOne's and refuse a refund. So
//! every amount is a [`rust_decimal::Decimal`] and crosses the wire as a
//! JSON number written in its shortest exact form.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Significant digits that survive the trip through a JSON number (an IEEE
/// double) unchanged. Amounts with more are refused by the request builder.
pub const MAX_SIGNIFICANT_DIGITS: u32 = 15;

/// A sum of money, exact. Serialized as a JSON number.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(Decimal);

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// Wraps a decimal.
    pub const fn new(value: Decimal) -> Self {
        Amount(value)
    }

    /// A whole amount, e.g. KRW.
    pub fn from_i64(value: i64) -> Self {
        Amount(Decimal::from(value))
    }

    /// The exact value.
    pub fn as_decimal(&self) -> Decimal {
        self.0
    }

    /// Whether it is strictly greater than zero.
    pub fn is_positive(&self) -> bool {
        self.0 > Decimal::ZERO
    }

    /// Whether it is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Exact subtraction; `None` on overflow.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.0.checked_sub(other.0).map(Amount)
    }

    /// Exact addition; `None` on overflow.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    /// Number of significant digits (ignoring trailing zeros of the fraction).
    pub fn significant_digits(&self) -> u32 {
        let n = self.0.normalize();
        let mantissa = n.mantissa().unsigned_abs();
        if mantissa == 0 {
            1
        } else {
            mantissa.ilog10() + 1
        }
    }

    /// Whether the value survives a JSON number (double) round trip exactly.
    pub fn fits_json_number(&self) -> bool {
        self.significant_digits() <= MAX_SIGNIFICANT_DIGITS
    }
}

impl From<Decimal> for Amount {
    fn from(value: Decimal) -> Self {
        Amount(value)
    }
}

impl From<Amount> for Decimal {
    fn from(value: Amount) -> Self {
        value.0
    }
}

impl From<i64> for Amount {
    fn from(value: i64) -> Self {
        Amount::from_i64(value)
    }
}

impl From<i32> for Amount {
    fn from(value: i32) -> Self {
        Amount(Decimal::from(value))
    }
}

impl From<u32> for Amount {
    fn from(value: u32) -> Self {
        Amount(Decimal::from(value))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.normalize(), f)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.0.normalize())
    }
}

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseAmountError(String);

impl fmt::Display for ParseAmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an amount (expected a decimal number such as 1000 or 10.50)",
            self.0
        )
    }
}

impl std::error::Error for ParseAmountError {}

impl FromStr for Amount {
    type Err = ParseAmountError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Decimal::from_str_exact(t)
            .or_else(|_| Decimal::from_scientific(t))
            .map(Amount)
            .map_err(|_| ParseAmountError(s.to_string()))
    }
}

/// Converts a double from the wire to the decimal it was written as: Rust
/// prints the shortest text that reads back to the same double, which for
/// money (≤ 15 significant digits) is exactly the text the server wrote.
fn from_f64(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    from_f64_short(v).or_else(|| Decimal::from_str_exact(&format!("{v}")).ok())
}

/// Exact powers of ten as doubles (all below 2^53).
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The fast path of [`from_f64`], without formatting (which cost ~90 ns per
/// number): the fewest fraction digits `s` whose integer `m = round(v·10^s)`
/// reads back as `v`. For fewer than 15 significant digits `m` is exact,
/// `m / 10^s` is the correctly rounded parse of that decimal, and the first
/// `s` that round-trips is the shortest text, i.e. what `format!` would
/// print. Anything longer returns `None` and takes the formatting path.
///
/// Cents come first: most fractional amounts have two digits (USD 12.34),
/// and trying scales 0, 1, 2 in turn cost three divisions where one does.
/// If `m = round(100·v)` reads back, it is the only two-digit decimal that
/// does (two of them are at least 0.01 apart, more than an ulp of any `v`
/// below 10^13), so the shortest text is `m` without its trailing zeros.
fn from_f64_short(v: f64) -> Option<Decimal> {
    if let Some(m) = round_trips(v, 100.0) {
        let (mut m, mut scale) = (m, 2);
        while scale > 0 && m % 10 == 0 {
            m /= 10;
            scale -= 1;
        }
        return Some(Decimal::new(m, scale));
    }
    for (scale, pow) in POW10.iter().enumerate() {
        let m = (v * pow).round();
        if m.abs() >= 1e15 {
            return None;
        }
        if m / pow == v {
            return Some(Decimal::new(m as i64, scale as u32));
        }
    }
    None
}

/// `round(v·pow)` if it is below 10^15 in magnitude and `m / pow` reads back
/// as `v`. Rounds by adding ½ and truncating, not with `f64::round`, which
/// is a libm call on baseline x86-64: below 2^52 the sum is exact, so this is
/// the same rounding (half away from zero).
fn round_trips(v: f64, pow: f64) -> Option<i64> {
    let x = v * pow;
    if x.is_nan() || x.abs() >= 1e15 {
        return None;
    }
    let m = (x + 0.5f64.copysign(x)) as i64;
    (m as f64 / pow == v).then_some(m)
}

/// Powers of ten that are exact doubles (10^22 is the last one).
const EXACT_POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The double nearest to `d`, so that its shortest text (what serde_json
/// writes) is `d` itself whenever `d` has at most [`MAX_SIGNIFICANT_DIGITS`]
/// significant digits. `Decimal::to_f64` is not enough: it rounds twice and
/// is an ulp off from a scale of 23 on (`0.0000000000000554548229016270`
/// went out as `5.5454822901626996e-14`, which does not even read back as
/// an amount). With a mantissa below 2^53 and a scale up to 22 both
/// operands are exact doubles and one IEEE division rounds correctly;
/// anything else goes through Rust's correctly rounded parser.
fn nearest_f64(d: Decimal) -> Option<f64> {
    let mantissa = d.mantissa();
    if mantissa.unsigned_abs() < 1 << 53
        && let Some(pow) = EXACT_POW10.get(d.scale() as usize)
    {
        return Some(mantissa as f64 / pow);
    }
    d.to_string().parse().ok()
}

impl serde::Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let n = self.0.normalize();
        if n.scale() == 0
            && let Some(i) = n.to_i64()
        {
            return serializer.serialize_i64(i);
        }
        match nearest_f64(n) {
            Some(f) => serializer.serialize_f64(f),
            None => Err(serde::ser::Error::custom(format!(
                "amount {n} cannot be written as a JSON number"
            ))),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount as a JSON number")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
                Ok(Amount(Decimal::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
                Ok(Amount(Decimal::from(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Amount, E> {
                from_f64(v)
                    .map(Amount)
                    .ok_or_else(|| E::custom(format!("{v} is not a representable amount")))
            }
            // Lenient: some gateways quote numbers. Accept a numeric string.
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for Amount {
    fn schema_name() -> String {
        "Amount".to_string()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::Number.into()),
            ..Default::default()
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amt(s: &str) -> Amount {
        s.parse().unwrap()
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(amt("10.10").checked_sub(amt("5.05")).unwrap(), amt("5.05"));
        assert_eq!(amt("0.1").checked_add(amt("0.2")).unwrap(), amt("0.3"));
    }

    #[test]
    fn serializes_whole_amounts_as_integers_and_fractions_exactly() {
        assert_eq!(serde_json::to_string(&amt("1000")).unwrap(), "1000");
        assert_eq!(serde_json::to_string(&amt("1000.00")).unwrap(), "1000");
        assert_eq!(serde_json::to_string(&amt("5.05")).unwrap(), "5.05");
        assert_eq!(serde_json::to_string(&amt("19.99")).unwrap(), "19.99");
    }

    #[test]
    fn deserializes_numbers_to_the_decimal_written() {
        let a: Amount = serde_json::from_str("10.1").unwrap();
        assert_eq!(a.as_decimal().to_string(), "10.1");
        let b: Amount = serde_json::from_str("45000").unwrap();
        assert_eq!(b, Amount::from_i64(45000));
        let c: Amount = serde_json::from_str("\"12.5\"").unwrap();
        assert_eq!(c, amt("12.5"));
        assert!(serde_json::from_str::<Amount>("true").is_err());
    }

    #[test]
    fn fast_float_path_matches_formatting() {
        let slow = |v: f64| Decimal::from_str_exact(&format!("{v}")).unwrap();
        let mut checked = 0;
        for cents in (0..2_000_000i64).step_by(7) {
            for v in [
                cents as f64 / 100.0,
                cents as f64 / 1000.0,
                -(cents as f64) / 100.0,
            ] {
                let fast = from_f64_short(v).expect("short decimals take the fast path");
                assert_eq!(fast, slow(v), "{v}");
                assert_eq!(fast.scale(), slow(v).scale(), "{v}");
                checked += 1;
            }
        }
        assert!(checked > 800_000);
        // Up to the fast path's bound (|100·v| < 10^15), where an ulp is
        // largest, and just past it (the general loop).
        let mut cents = 1_000_000_007i64;
        while cents < 2_000_000_000_000_000 {
            for v in [cents as f64 / 100.0, -(cents as f64) / 100.0] {
                if let Some(fast) = from_f64_short(v) {
                    assert_eq!(fast, slow(v), "{v}");
                    assert_eq!(fast.scale(), slow(v).scale(), "{v}");
                }
            }
            cents = cents * 3 / 2 + 1;
        }
        assert_eq!(from_f64_short(12.30).unwrap().scale(), 1);
        assert_eq!(from_f64_short(100.0).unwrap().scale(), 0);
        assert_eq!(from_f64_short(9_999_999_999_999.99).unwrap().scale(), 2);
        for v in [0.1 + 0.2, 1e300, 1.0 / 3.0, 5e-324] {
            assert_eq!(
                from_f64(v),
                Decimal::from_str_exact(&format!("{v}")).ok(),
                "{v}"
            );
        }
        assert_eq!(from_f64(12.34).unwrap().to_string(), "12.34");
        assert_eq!(from_f64(3000.0).unwrap().to_string(), "3000");
    }

    #[test]
    fn fractions_with_many_digits_are_written_as_the_nearest_double() {
        // Beyond a scale of 22, `Decimal::to_f64` was an ulp off. Read back
        // with Rust's correctly rounded parser: serde_json's default one is
        // itself an ulp off for such exponents.
        for text in [
            "0.0000000000000000000000000001",
            "0.0000000000000554548229016270",
            "0.00000000123374542271013",
            "0.0000000000000997123970843034",
            "123456789012.345",
            "-0.000000000298797279951183",
        ] {
            let json = serde_json::to_string(&amt(text)).unwrap();
            let double: f64 = json.parse().unwrap();
            assert_eq!(
                double,
                text.parse::<f64>().unwrap(),
                "{text} went out as {json}"
            );
            assert_eq!(
                from_f64(double),
                Some(amt(text).0),
                "{text} went out as {json}"
            );
        }
    }

    #[test]
    fn counts_significant_digits() {
        assert_eq!(amt("1000").significant_digits(), 4);
        assert_eq!(amt("123456789012345").significant_digits(), 15);
        assert!(!amt("1234567890123456").fits_json_number());
        assert!(amt("0.05").fits_json_number());
    }
}
