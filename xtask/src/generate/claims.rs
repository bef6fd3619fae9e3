//! The one declared place where the hand-written request types of
//! `crates/portone-v1` claim request properties.
//!
//! Every other request property (the body of an operation that has a host
//! below, and the query parameters of every operation) gets a generated
//! setter on that operation's host and a generated CLI flag, with no hand
//! edit: see [`super::request_inputs`] and [`super::cli_flags`]. A claimed
//! property gets neither; its hand-written type sets it, and still reads its
//! limits from the generated rules, so no limit is written twice.
//!
//! Path parameters are never claimed here: they are the positional
//! arguments of the facade's calls and of the CLI's subcommands.

/// A property that a hand-written type sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    /// The operation's `operationId`.
    pub operation: &'static str,
    /// The property, as a dotted path from the body's top level
    /// (`extra.requester`).
    pub property: &'static str,
    /// The Rust item that sets it (for the docs and error messages).
    pub by: &'static str,
}

/// Why each claim exists: the API's rules the type enforces.
///
/// - `Target`: exactly one of imp_uid / merchant_uid.
/// - `CancelAmount`: full or a positive part, never a defaulted 0.
/// - `checksum`: the double-refund guard, set by `prepare_cancel`.
/// - `VbankRefund`: holder, bank and account come together.
/// - `Requester`: the Naver Pay requester, inside `extra`.
/// - `Credentials`: the key and the secret, which never show in output.
pub const CLAIMS: &[Claim] = &[
    claim("cancelPayment", "imp_uid", "cancel::Target"),
    claim("cancelPayment", "merchant_uid", "cancel::Target"),
    claim("cancelPayment", "amount", "cancel::CancelAmount"),
    claim(
        "cancelPayment",
        "checksum",
        "cancel::CancelRequestBuilder::checksum",
    ),
    claim("cancelPayment", "refund_holder", "cancel::VbankRefund"),
    claim("cancelPayment", "refund_bank", "cancel::VbankRefund"),
    claim("cancelPayment", "refund_account", "cancel::VbankRefund"),
    claim("cancelPayment", "refund_tel", "cancel::VbankRefund"),
    claim("cancelPayment", "extra.requester", "cancel::Requester"),
    claim("getToken", "imp_key", "config::ClientBuilder"),
    claim("getToken", "imp_secret", "config::ClientBuilder"),
];

const fn claim(operation: &'static str, property: &'static str, by: &'static str) -> Claim {
    Claim {
        operation,
        property,
        by,
    }
}

/// Where an operation's generated setters go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Host {
    /// The operation's `operationId`.
    pub operation: &'static str,
    /// The hand-written builder that holds the generated options in a field
    /// named `options`, as a path inside `portone_v1` (`cancel::CancelRequestBuilder`);
    /// `None`: the generated options type is itself public and is the builder.
    pub builder: Option<&'static str>,
    /// The facade call that sends it (for the docs).
    pub sent_by: &'static str,
}

/// The hosts. An operation without one may have query parameters only
/// (they go on a public `<Operation>Options`); a body property that no
/// claim covers on an operation without a builder host is refused by
/// `cargo xtask generate`, naming this file.
pub const HOSTS: &[Host] = &[
    Host {
        operation: "cancelPayment",
        builder: Some("cancel::CancelRequestBuilder"),
        sent_by: "PortOne::cancel",
    },
    Host {
        operation: "getPayment",
        builder: None,
        sent_by: "PortOne::get_payment_with",
    },
    Host {
        operation: "findPayment",
        builder: None,
        sent_by: "PortOne::find_payment",
    },
    Host {
        operation: "findPayments",
        builder: None,
        sent_by: "PortOne::find_payments",
    },
];

/// An operation that takes the options of another one instead of its own.
///
/// Why: the official document writes one path with an optional path
/// parameter (`/payments/find/{merchant_uid}/{payment_status}`), which
/// OpenAPI 3.0 can only state as two operations; the facade sends either
/// with one options type, so that a caller (and the CLI) sets `sorting` the
/// same way whichever path the status picks. `cargo xtask generate` checks
/// that the query parameters of both really are the same (names, types,
/// limits, descriptions) and refuses the spec otherwise; the operation gets
/// no options type and no flags of its own, only an
/// `apply_<operation>` on the shared options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedOptions {
    /// The operation's `operationId`.
    pub operation: &'static str,
    /// The `operationId` of the operation whose options it takes (one with
    /// a host above whose builder is its own options type).
    pub options_of: &'static str,
}

/// The operations that take another's options.
pub const SHARED_OPTIONS: &[SharedOptions] = &[
    SharedOptions {
        operation: "findPaymentWithStatus",
        options_of: "findPayment",
    },
    SharedOptions {
        operation: "findPaymentsWithStatus",
        options_of: "findPayments",
    },
];

/// The operation whose options `operation` takes, if it takes another's.
pub fn options_of(operation: &str) -> Option<&'static str> {
    SHARED_OPTIONS
        .iter()
        .find(|s| s.operation == operation)
        .map(|s| s.options_of)
}

/// The claim on `property` of `operation`, if any.
pub fn claim_of(operation: &str, property: &str) -> Option<&'static Claim> {
    CLAIMS
        .iter()
        .find(|c| c.operation == operation && c.property == property)
}

/// Whether some claim of `operation` lies inside `property` (so the
/// generator goes into its object instead of making one setter for it).
pub fn claims_inside(operation: &str, property: &str) -> bool {
    let prefix = format!("{property}.");
    CLAIMS
        .iter()
        .any(|c| c.operation == operation && c.property.starts_with(&prefix))
}

/// The host of `operation`, if any.
pub fn host_of(operation: &str) -> Option<&'static Host> {
    HOSTS.iter().find(|h| h.operation == operation)
}
