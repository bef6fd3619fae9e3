//! spec → progenitor → prettyplease → the text of every generated file.
//!
//! Generation is pure: it takes a [`LoadedSpec`] and returns file contents,
//! never touching the disk, so tests can run it in memory.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};

use crate::spec::{LoadedSpec, SpecError};
use crate::{GENERATED_CLIENT_PATH, GENERATED_HEADER, SPEC_PATH};

/// One file the generator owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root.
    pub path: String,
    /// Full contents, header included.
    pub contents: String,
}

/// Schemas whose generated type is swapped for a hand-written one in
/// `crates/portone-v1/src`, and why:
///
/// - `Amount`: money must be an exact decimal, not `f64`.
/// - `ImpSecret`, `AccessTokenValue`: secrets must not show in `Debug`.
/// - the open enums: a value the spec does not list must parse (`Other`),
///   which a typify enum would reject.
pub const REPLACEMENTS: &[(&str, &str)] = &[
    ("Amount", "crate::money::Amount"),
    ("ImpSecret", "crate::secret::SecretString"),
    ("AccessTokenValue", "crate::secret::SecretString"),
    ("PaymentStatus", "crate::open_enums::PaymentStatus"),
    ("PaymentChannel", "crate::open_enums::PaymentChannel"),
    ("PayMethod", "crate::open_enums::PayMethod"),
    ("PgProvider", "crate::open_enums::PgProvider"),
    ("CustomerUidUsage", "crate::open_enums::CustomerUidUsage"),
    ("Currency", "crate::open_enums::Currency"),
];

/// The progenitor settings used for the client. Kept in one place so the
/// README, the tests and the generator agree.
pub fn settings() -> GenerationSettings {
    let mut s = GenerationSettings::default();
    s.with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("schemars::JsonSchema")
        .with_derive("PartialEq")
        // Auth lives in hand-written hooks (`crates/portone-v1/src/hooks.rs`):
        // the generated calls ask `ClientHooks::pre` to add the bearer token.
        .with_inner_type("crate::auth::AuthState".parse().expect("valid path"))
        .with_hooks(HooksMode::Expected)
        .with_timeout(30);
    for (schema, rust) in REPLACEMENTS {
        let impls: Vec<TypeImpl> = match *schema {
            "Amount" => vec![TypeImpl::Display, TypeImpl::FromStr],
            "ImpSecret" | "AccessTokenValue" => vec![],
            _ => vec![TypeImpl::Display, TypeImpl::FromStr],
        };
        s.with_replacement(*schema, *rust, impls.into_iter());
    }
    s
}

/// Runs progenitor on the spec and formats the result.
///
/// progenitor panics on some inputs; the panic is caught and returned as a
/// [`SpecError`] so that nothing is written.
pub fn generate_client(spec: &LoadedSpec) -> Result<String, SpecError> {
    let err = |message: String| SpecError {
        file: spec.file.clone(),
        location: "#".into(),
        message,
    };
    let settings = settings();
    let panic_message: Arc<Mutex<Option<String>>> = Arc::default();
    let tokens = {
        let sink = panic_message.clone();
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map(|l| format!(" (at {}:{})", l.file(), l.line()))
                .unwrap_or_default();
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            *sink.lock().unwrap_or_else(|p| p.into_inner()) = Some(format!("{payload}{location}"));
        }));
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            let mut generator = Generator::new(&settings);
            generator.generate_tokens(&spec.openapi)
        }));
        panic::set_hook(previous);
        match result {
            Ok(Ok(tokens)) => tokens,
            Ok(Err(e)) => return Err(err(format!("progenitor refused the spec: {e}"))),
            Err(_) => {
                let what = panic_message
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .take()
                    .unwrap_or_default();
                return Err(err(format!(
                    "progenitor panicked on a construct it does not support: {what}; simplify the schema it names (see the known traps in spec/README.md)"
                )));
            }
        }
    };
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| err(format!("progenitor produced code that does not parse: {e}")))?;
    let body = prettyplease::unparse(&file);
    Ok(format!(
        "{GENERATED_HEADER}\n// source: {SPEC_PATH}; generator: progenitor {}.\n// Change the spec, then run `cargo xtask generate`.\n\n{body}",
        progenitor_version()
    ))
}

/// The pinned progenitor version (recorded in the generated header).
pub fn progenitor_version() -> &'static str {
    "0.15.1"
}

/// Every generated file for the spec, in a stable order.
pub fn generate_all(spec: &LoadedSpec) -> Result<Vec<GeneratedFile>, SpecError> {
    Ok(vec![GeneratedFile {
        path: GENERATED_CLIENT_PATH.to_string(),
        contents: generate_client(spec)?,
    }])
}
