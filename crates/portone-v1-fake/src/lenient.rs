//! Reads a request body into a generated (strict) request type as leniently
//! as PortOne reads it, and no more leniently.
//!
//! PortOne takes form posts, where every value is text, so a number or a
//! boolean may come as a string, a string may come as a number, and an empty
//! field counts as absent. Everything else the generated type refuses (a
//! length, an enum value, a wrong shape) is refused, and the error names the
//! field. The limits themselves live in the spec; the generated types carry
//! them, so nothing here restates one.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde_json::{Error, Value};

/// Decodes `value` into `T` with PortOne's leniency; the error starts with
/// the path of the offending field (`` `extra.requester`: ... ``).
pub(crate) fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    serde_path_to_error::deserialize(Lenient(value)).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.inner().to_string()
        } else {
            format!("`{path}`: {}", e.inner())
        }
    })
}

/// A JSON value seen through form-post eyes.
struct Lenient<'a>(&'a Value);

/// A string that a form would send for "nothing".
fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

impl<'de> de::Deserializer<'de> for Lenient<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(LenientMap {
                entries: map.iter(),
                value: None,
            }),
            // Arrays and scalars: as serde_json reads them (no request field
            // is an array; a scalar's leniency is in the typed methods).
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) if matches!(s.as_str(), "true" | "1") => visitor.visit_bool(true),
            Value::String(s) if matches!(s.as_str(), "false" | "0") => visitor.visit_bool(false),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Number(n) => visitor.visit_string(n.to_string()),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            Value::String(s) if is_blank(s) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// The entries of an object, each value read leniently in turn.
struct LenientMap<'a> {
    entries: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'de> MapAccess<'de> for LenientMap<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key.as_str().into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value without a key"))?;
        seed.deserialize(Lenient(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portone_v1::{Amount, CancelPaymentRequest, CancelRequester};
    use serde_json::json;

    fn read(v: Value) -> Result<CancelPaymentRequest, String> {
        from_value(&v)
    }

    #[test]
    fn form_style_values_read_as_the_typed_ones() {
        let r = read(json!({
            "imp_uid": "imp_1", "merchant_uid": 20261125, "amount": "1000.5",
            "checksum": 3, "reason": "", "retain_promotion": "true",
            "enable_webhook": "0", "extra": {"requester": "customer"}, "unknown": [1]
        }))
        .unwrap();
        assert_eq!(r.imp_uid.as_deref().map(String::as_str), Some("imp_1"));
        assert_eq!(
            r.merchant_uid.as_deref().map(String::as_str),
            Some("20261125")
        );
        assert_eq!(r.amount, Some("1000.5".parse::<Amount>().unwrap()));
        assert_eq!(r.checksum, Some(Amount::from_i64(3)));
        assert_eq!(r.reason, None);
        assert_eq!(r.retain_promotion, Some(true));
        assert_eq!(r.enable_webhook, Some(false));
        assert_eq!(
            r.extra.and_then(|e| e.requester),
            Some(CancelRequester::Customer)
        );
    }

    #[test]
    fn what_the_spec_forbids_is_refused_naming_the_field() {
        for (body, field) in [
            (json!({"imp_uid": "x".repeat(33)}), "`imp_uid`"),
            (json!({"reason": "사".repeat(257)}), "`reason`"),
            (json!({"refund_bank": "12345"}), "`refund_bank`"),
            (json!({"amount": true}), "`amount`"),
            (json!({"amount": "lots"}), "`amount`"),
            (json!({"retain_promotion": "yes"}), "`retain_promotion`"),
            (json!({"extra": 5}), "`extra`"),
            (
                json!({"extra": {"requester": "buyer"}}),
                "`extra.requester`",
            ),
            (json!({"imp_uid": ["imp_1"]}), "`imp_uid`"),
        ] {
            let e = read(body.clone()).unwrap_err();
            assert!(e.starts_with(field), "{body}: {e}");
        }
        assert!(read(json!([1, 2])).is_err());
    }
}
