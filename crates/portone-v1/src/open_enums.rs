//! Open enums: the types that replace the spec's open string schemas
//! (`PaymentStatus`, `PayMethod`, ...).
//!
//! PortOne adds payment methods, PG providers and currencies without notice.
//! A closed Rust enum would turn each such addition into a failed parse of a
//! whole payment (and so a refund that looks failed). These enums name the
//! known values and keep any other one in `Other`, unchanged on the wire.
//! The mechanism, the `open_enum!` macro, is hand-written here; the types
//! (names, known values, docs) are generated from the spec's `x-open-enum`
//! lists into `open_enums/values.rs`, so they cannot drift from it.

macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The wire values this version knows, in spec order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Other(s) => s.as_str(),
                }
            }

            /// Whether this is a value the crate does not know.
            pub fn is_other(&self) -> bool {
                matches!(self, Self::Other(_))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $( $wire => Self::$variant, )+
                    other => Self::Other(other.to_string()),
                })
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s.parse() {
                    Ok(v) => v,
                    Err(never) => match never {},
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // A visitor, not `Cow<str>` (whose impl always allocates a
                // `String`): a known value then costs no allocation.
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a string (", stringify!($name), ")"))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from(v))
                    }
                }
                d.deserialize_str(Visitor)
            }
        }

        #[cfg(feature = "json-schema")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> String {
                stringify!($name).to_string()
            }

            fn json_schema(_: &mut ::schemars::r#gen::SchemaGenerator) -> ::schemars::schema::Schema {
                // Open: any string is valid; the known values are documented.
                let mut schema = ::schemars::schema::SchemaObject {
                    instance_type: Some(::schemars::schema::InstanceType::String.into()),
                    ..Default::default()
                };
                schema.extensions.insert(
                    "x-open-enum".to_string(),
                    ::serde_json::json!(Self::KNOWN),
                );
                schema.into()
            }
        }
    };
}

// The invocations, one per spec schema with `x-open-enum`, are generated
// (`cargo xtask generate`): the lists are facts of the spec, stated once.
mod values;
pub use values::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_kept_not_rejected() {
        let s: PaymentStatus = serde_json::from_str("\"partial_refunded\"").unwrap();
        assert_eq!(s, PaymentStatus::Other("partial_refunded".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"partial_refunded\"");
        let k: PaymentStatus = serde_json::from_str("\"paid\"").unwrap();
        assert_eq!(k, PaymentStatus::Paid);
        let u: CustomerUidUsage = serde_json::from_str("\"payment.scheduled\"").unwrap();
        assert_eq!(u, CustomerUidUsage::PaymentScheduled);
    }

    #[test]
    fn escaped_and_non_string_input() {
        let k: PaymentStatus = serde_json::from_str("\"\\u0070aid\"").unwrap();
        assert_eq!(k, PaymentStatus::Paid);
        let o: PayMethod = serde_json::from_str("\"\\uc0c8\"").unwrap();
        assert_eq!(o, PayMethod::Other("새".into()));
        let v: PaymentStatus = serde_json::from_value(serde_json::json!("cancelled")).unwrap();
        assert_eq!(v, PaymentStatus::Cancelled);
        let e = serde_json::from_str::<PaymentStatus>("1").unwrap_err();
        assert!(e.to_string().contains("PaymentStatus"), "{e}");
    }
}
