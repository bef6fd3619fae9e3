//! Request inputs: the checks behind every rule and generated setter.
//!
//! `inputs/operations.rs` is generated from the spec by `cargo xtask
//! generate`: for each operation, a [`Rule`] per input (its limits, as the
//! spec states them) and, for the inputs that no hand-written type sets,
//! options with setters (on [`CancelRequestBuilder`](crate::CancelRequestBuilder)
//! for the cancel body, on [`GetPaymentOptions`] for the lookup's query).
//! This file holds only the mechanism: what a rule checks and how a value is
//! put into a body. The hand-written domain types (`Target`, `CancelAmount`,
//! `VbankRefund`, ...) check their fields with the same rules, so no limit
//! is written twice.

use serde_json::{Map, Value};

use crate::error::InvalidRequest;
use crate::money::Amount;

// Generated for every operation alike, so an operation may leave a helper
// (its `apply` with no query parameter, say) unused.
#[rustfmt::skip]
#[allow(dead_code, unused_imports, clippy::all)]
pub(crate) mod operations;

pub(crate) use operations::public::GetPaymentOptions;

/// The limits of one input, as the spec states them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    /// The input's name, dotted for a nested property (`extra.requester`).
    pub(crate) field: &'static str,
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
    pub(crate) minimum: Option<(f64, bool)>,
    pub(crate) maximum: Option<(f64, bool)>,
}

impl Rule {
    /// No limits yet.
    pub(crate) const fn new(field: &'static str) -> Self {
        Rule {
            field,
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
        }
    }

    /// `minLength`.
    pub(crate) const fn min_length(mut self, n: u64) -> Self {
        self.min_length = Some(n);
        self
    }

    /// `maxLength`.
    pub(crate) const fn max_length(mut self, n: u64) -> Self {
        self.max_length = Some(n);
        self
    }

    /// `minimum`, and whether it is exclusive.
    #[allow(dead_code)] // used by the generated rules when the spec states bounds
    pub(crate) const fn minimum(mut self, v: f64, exclusive: bool) -> Self {
        self.minimum = Some((v, exclusive));
        self
    }

    /// `maximum`, and whether it is exclusive.
    #[allow(dead_code)] // as `minimum`
    pub(crate) const fn maximum(mut self, v: f64, exclusive: bool) -> Self {
        self.maximum = Some((v, exclusive));
        self
    }

    /// The error for this input.
    pub(crate) fn invalid(&self, reason: impl Into<String>) -> InvalidRequest {
        InvalidRequest {
            field: self.field,
            reason: reason.into(),
        }
    }

    /// The error for a required input left unset; `how` says how to set it.
    #[allow(dead_code)] // used by the generated checks when the spec requires an input
    pub(crate) fn missing(&self, how: &str) -> InvalidRequest {
        self.invalid(format!("is required by the API; {how}"))
    }

    /// Checks a text value: its length in characters (as the API counts
    /// them) and no control character (Unicode `Cc`). The spec does not
    /// forbid those, but in an id, a reason or an account they are almost
    /// always a copy-paste slip, and what PortOne or a PG does with them is
    /// documented nowhere.
    pub(crate) fn text(&self, value: &str) -> Result<(), InvalidRequest> {
        let n = value.chars().count() as u64;
        if let Some(min) = self.min_length
            && n < min
        {
            return Err(if n == 0 {
                self.invalid("must not be empty")
            } else {
                self.invalid(format!(
                    "is {n} characters long; the API needs at least {min}"
                ))
            });
        }
        if let Some(max) = self.max_length
            && n > max
        {
            return Err(self.invalid(format!(
                "is {n} characters long; the API allows at most {max}"
            )));
        }
        if value.chars().any(char::is_control) {
            return Err(self.invalid("must not contain control characters"));
        }
        Ok(())
    }

    /// Checks a number against `minimum` / `maximum`.
    #[allow(dead_code)] // as `minimum`
    pub(crate) fn number(&self, value: &impl AsNumber) -> Result<(), InvalidRequest> {
        let v = value.as_f64();
        if let Some((min, exclusive)) = self.minimum
            && (v < min || (exclusive && v == min))
        {
            let op = if exclusive { "more than" } else { "at least" };
            return Err(self.invalid(format!("is {v}; the API needs {op} {min}")));
        }
        if let Some((max, exclusive)) = self.maximum
            && (v > max || (exclusive && v == max))
        {
            let op = if exclusive { "less than" } else { "at most" };
            return Err(self.invalid(format!("is {v}; the API allows {op} {max}")));
        }
        Ok(())
    }
}

/// A value a `minimum` / `maximum` applies to.
#[allow(dead_code)] // as `Rule::minimum`
pub(crate) trait AsNumber {
    /// The value as the spec's bounds compare it.
    fn as_f64(&self) -> f64;
}

impl AsNumber for Amount {
    fn as_f64(&self) -> f64 {
        use rust_decimal::prelude::ToPrimitive;
        self.as_decimal().to_f64().unwrap_or(f64::NAN)
    }
}

macro_rules! as_number {
    ($($t:ty),*) => {$(
        impl AsNumber for $t {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn as_f64(&self) -> f64 { *self as f64 }
        }
    )*};
}
as_number!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

// typify writes an integer whose `minimum` is 1 as a `NonZero` type.
macro_rules! as_number_nonzero {
    ($($t:ty),*) => {$(
        impl AsNumber for $t {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn as_f64(&self) -> f64 { self.get() as f64 }
        }
    )*};
}
as_number_nonzero!(
    std::num::NonZeroU8,
    std::num::NonZeroU16,
    std::num::NonZeroU32,
    std::num::NonZeroU64
);

/// Puts `value` at `path` in a JSON body, making the objects on the way.
pub(crate) fn put(body: &mut Map<String, Value>, path: &[&str], value: &impl serde::Serialize) {
    let (last, parents) = path.split_last().expect("a property has a name");
    let mut object = body;
    for key in parents {
        let slot = object
            .entry((*key).to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        object = slot.as_object_mut().expect("made an object just above");
    }
    // Serializing the types the setters take cannot fail: they are
    // strings, numbers, booleans, enums and structs with string keys.
    let value = serde_json::to_value(value).expect("a request value serializes to JSON");
    object.insert((*last).to_string(), value);
}
