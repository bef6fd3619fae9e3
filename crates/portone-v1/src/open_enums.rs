//! Open enums: the hand-written types that replace the spec's open string
//! schemas (`PaymentStatus`, `PayMethod`, ...).
//!
//! PortOne adds payment methods, PG providers and currencies without notice.
//! A closed Rust enum would turn each such addition into a failed parse of a
//! whole payment (and so a refund that looks failed). These enums name the
//! known values and keep any other one in `Other`, unchanged on the wire.
//! The known values must equal the spec's `x-open-enum` lists; a test in
//! `tests/` checks that.

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

open_enum! {
    /// Payment status (`status`).
    PaymentStatus {
        /// Not paid yet (`ready`).
        Ready => "ready",
        /// Paid (`paid`); may be partially cancelled.
        Paid => "paid",
        /// Fully cancelled (`cancelled`).
        Cancelled => "cancelled",
        /// Failed (`failed`).
        Failed => "failed",
        /// Awaiting approval (`pending`, PayPal v2).
        Pending => "pending",
    }
}

open_enum! {
    /// Where the payment was made (`channel`).
    PaymentChannel {
        /// Authenticated on a PC.
        Pc => "pc",
        /// Authenticated on a phone.
        Mobile => "mobile",
        /// Recurring or non-authenticated, through the API.
        Api => "api",
    }
}

open_enum! {
    /// Payment method (`pay_method`).
    PayMethod {
        /// Card.
        Card => "card",
        /// Real-time bank transfer.
        Trans => "trans",
        /// Virtual account.
        Vbank => "vbank",
        /// Phone bill.
        Phone => "phone",
        /// Samsung Pay.
        Samsung => "samsung",
        /// K-Pay.
        Kpay => "kpay",
        /// Kakao Pay.
        Kakaopay => "kakaopay",
        /// PAYCO.
        Payco => "payco",
        /// L.PAY.
        Lpay => "lpay",
        /// SSGPAY.
        Ssgpay => "ssgpay",
        /// Toss Pay.
        Tosspay => "tosspay",
        /// Cultureland gift card.
        Cultureland => "cultureland",
        /// Smart culture gift card.
        Smartculture => "smartculture",
        /// Happy Money gift card.
        Happymoney => "happymoney",
        /// Book & Life gift card.
        Booknlife => "booknlife",
        /// Points.
        Point => "point",
        /// Naver Pay.
        Naverpay => "naverpay",
        /// CHAI.
        Chai => "chai",
        /// Apple Pay.
        Applepay => "applepay",
        /// PayPal.
        Paypal => "paypal",
    }
}

open_enum! {
    /// PG provider code (`pg_provider`).
    PgProvider {
        /// KG Inicis (web standard).
        Html5Inicis => "html5_inicis",
        /// KG Inicis (legacy).
        Inicis => "inicis",
        /// NHN KCP.
        Kcp => "kcp",
        /// NHN KCP billing.
        KcpBilling => "kcp_billing",
        /// NICE Payments (legacy).
        Nice => "nice",
        /// NICE Payments (new).
        NiceV2 => "nice_v2",
        /// JTNET.
        Jtnet => "jtnet",
        /// LG U+ (legacy Toss Payments).
        Uplus => "uplus",
        /// Toss Payments.
        Tosspayments => "tosspayments",
        /// Danal (phone).
        Danal => "danal",
        /// Danal (card, transfer).
        DanalTpay => "danal_tpay",
        /// KG Mobilians.
        Mobilians => "mobilians",
        /// KICC.
        Kicc => "kicc",
        /// KSNET.
        Ksnet => "ksnet",
        /// Smartro (legacy).
        Smartro => "smartro",
        /// Smartro (new).
        SmartroV2 => "smartro_v2",
        /// Kiwoom Pay (formerly Daou).
        Daou => "daou",
        /// Hecto Financial.
        Settle => "settle",
        /// Hecto Financial (my-account payment).
        SettleAcc => "settle_acc",
        /// Welcome Payments.
        Welcome => "welcome",
        /// PayPal (legacy).
        Paypal => "paypal",
        /// PayPal (RT).
        PaypalV2 => "paypal_v2",
        /// Eximbay.
        Eximbay => "eximbay",
        /// Kakao Pay.
        Kakaopay => "kakaopay",
        /// Naver Pay.
        Naverpay => "naverpay",
        /// PAYCO.
        Payco => "payco",
        /// Toss Pay (legacy).
        Tosspay => "tosspay",
        /// Toss Pay (new).
        TosspayV2 => "tosspay_v2",
        /// Toss Payments brand pay.
        TossBrandpay => "toss_brandpay",
        /// CHAI.
        Chai => "chai",
        /// Alipay.
        Alipay => "alipay",
        /// Smile Pay.
        Smilepay => "smilepay",
        /// Payple.
        Payple => "payple",
        /// Blue Walnut.
        BlueWalnut => "blue_walnut",
    }
}

open_enum! {
    /// How a billing key was used (`customer_uid_usage`).
    CustomerUidUsage {
        /// Issuing the billing key.
        Issue => "issue",
        /// Paying with the billing key.
        Payment => "payment",
        /// A scheduled payment.
        PaymentScheduled => "payment.scheduled",
    }
}

open_enum! {
    /// Payment currency (`currency`, ISO 4217).
    Currency {
        /// Korean won.
        Krw => "KRW",
        /// US dollar.
        Usd => "USD",
        /// Euro.
        Eur => "EUR",
        /// Japanese yen.
        Jpy => "JPY",
        /// Chinese yuan.
        Cny => "CNY",
        /// Vietnamese dong.
        Vnd => "VND",
        /// Thai baht.
        Thb => "THB",
        /// Singapore dollar.
        Sgd => "SGD",
        /// Australian dollar.
        Aud => "AUD",
        /// Hong Kong dollar.
        Hkd => "HKD",
    }
}

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
