//! spec → progenitor → prettyplease → the text of every generated file.
//!
//! Generation is pure: it takes a [`LoadedSpec`] and returns file contents,
//! never touching the disk, so tests can run it in memory.

use std::panic::{self, AssertUnwindSafe};

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};

pub mod claims;
pub mod cli_flags;
pub mod doc_samples;
pub mod inputs;
mod locate;
use locate::locate_failure;
pub mod open_enums;
pub mod refund_banks;
pub mod request_inputs;
pub mod response_decode;
pub mod struct_builders;
pub mod vec_fields;
pub mod webhook_delivery;

use crate::spec::{LoadedSpec, SpecError};
use crate::{
    CLI_FLAGS_PATH, GENERATED_CLIENT_PATH, GENERATED_HEADER, OPEN_ENUMS_PATH, REFUND_BANKS_PATH,
    REQUEST_INPUTS_PATH, SPEC_PATH, WEBHOOK_DELIVERY_PATH,
};

// Defined beside the code that writes and checks files, so that the docs
// generators can produce files without importing this module back.
pub use crate::files::GeneratedFile;

// The replaced schemas are the model's to say (lint reads them too); they
// are re-exported here, where progenitor is told of them.
pub use crate::model::replacements::{HAND_WRITTEN, replacements_of};

/// Every replacement of the loaded spec; see [`replacements_of`].
pub fn replacements(spec: &LoadedSpec) -> Vec<(String, String)> {
    replacements_of(&spec.json)
}

/// The progenitor settings used for the client. Kept in one place so the
/// README, the tests and the generator agree.
pub fn settings(spec: &LoadedSpec) -> GenerationSettings {
    let mut s = GenerationSettings::default();
    s.with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("schemars::JsonSchema")
        .with_derive("PartialEq")
        // Auth lives in hand-written hooks (`crates/portone-v1/src/hooks.rs`):
        // the generated calls ask `ClientHooks::pre` to add the bearer token.
        .with_inner_type("crate::auth_state::AuthState".parse().expect("valid path"))
        .with_hooks(HooksMode::Expected)
        .with_timeout(30);
    for (schema, rust) in replacements(spec) {
        let impls: Vec<TypeImpl> = match schema.as_str() {
            "ImpSecret" | "AccessTokenValue" => vec![],
            _ => vec![TypeImpl::Display, TypeImpl::FromStr],
        };
        s.with_replacement(&schema, &rust, impls.into_iter());
    }
    s
}

/// Runs progenitor on the spec and formats the result.
///
/// progenitor panics on some inputs; the panic is caught and returned as a
/// [`SpecError`] so that nothing is written. Its location is found by
/// `locate_failure`, since progenitor's own message names no place.
pub fn generate_client(spec: &LoadedSpec) -> Result<String, SpecError> {
    let err = |location: String, message: String| SpecError {
        file: spec.file.clone(),
        location,
        message,
    };
    let settings = settings(spec);
    let tokens = match run_progenitor(&settings, &spec.openapi) {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => {
            return Err(err(
                locate_failure(&settings, spec, &e.to_string()),
                format!("progenitor refused the spec: {e}; change the part at this location"),
            ));
        }
        Err(what) => {
            return Err(err(
                locate_failure(&settings, spec, &what),
                format!(
                    "progenitor panicked on a construct it does not support: {what}; simplify the part at this location (see the known traps in spec/README.md)"
                ),
            ));
        }
    };
    let tokens = response_decode::decode_responses(tokens);
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| {
        err(
            "#".into(),
            format!("progenitor produced code that does not parse: {e}"),
        )
    })?;
    gate_json_schema_derives(&mut file.items);
    struct_builders::gate_struct_builders(&mut file.items);
    vec_fields::decode_vec_fields(&mut file.items);
    let body = prettyplease::unparse(&file);
    Ok(format!(
        "{GENERATED_HEADER}\n// source: {SPEC_PATH}; generator: progenitor {}.\n// Change the spec, then run `cargo xtask generate`.\n\n{body}",
        progenitor_version()
    ))
}

/// The cargo feature of `portone-v1` that turns on the `JsonSchema` derives.
pub const JSON_SCHEMA_FEATURE: &str = "json-schema";

/// Moves every `schemars::JsonSchema` out of a `#[derive(..)]` into
/// `#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]`.
///
/// Why: the derives exist for the drift tests (`tests/type_schemas.rs`,
/// `tests/docs_drift.rs`), not for the client at run time, so `schemars`
/// is an optional dependency of `portone-v1` and a program that only calls
/// the API does not compile it. progenitor 0.15 has no option to emit a
/// derive behind a `cfg_attr`, hence this rewrite of its output.
fn gate_json_schema_derives(items: &mut [syn::Item]) {
    for item in items {
        let attrs = match item {
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &mut m.content {
                    gate_json_schema_derives(inner);
                }
                continue;
            }
            _ => continue,
        };
        let mut gated = false;
        for attr in attrs.iter_mut() {
            if !attr.path().is_ident("derive") {
                continue;
            }
            let Ok(paths) = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            ) else {
                continue;
            };
            let before = paths.len();
            let kept: Vec<&syn::Path> = paths.iter().filter(|p| !is_json_schema(p)).collect();
            if kept.len() != before {
                gated = true;
                *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
            }
        }
        if gated {
            let feature = JSON_SCHEMA_FEATURE;
            attrs.push(syn::parse_quote!(
                #[cfg_attr(feature = #feature, derive(schemars::JsonSchema))]
            ));
        }
    }
}

fn is_json_schema(path: &syn::Path) -> bool {
    let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    names == ["schemars", "JsonSchema"]
}

thread_local! {
    /// Set while this thread runs progenitor: the panic hook stores the
    /// message here instead of printing it.
    static CAPTURED_PANIC: std::cell::RefCell<Option<Option<String>>> =
        const { std::cell::RefCell::new(None) };
}

/// Installs, once per process, a panic hook that captures panics of threads
/// inside [`run_progenitor`] and hands every other panic to the hook that
/// was there before.
///
/// Why not swap the hook around each run: the hook is process-wide, and
/// tests generate on parallel threads; a swap on one thread could restore
/// another's hook or swallow another thread's panic message (it made
/// `broken_spec` fail about 2 runs in 100, silently).
fn install_capturing_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let captured = CAPTURED_PANIC.with(|slot| {
                let mut slot = slot.borrow_mut();
                match slot.as_mut() {
                    Some(message) => {
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
                        *message = Some(format!("{payload}{location}"));
                        true
                    }
                    None => false,
                }
            });
            if !captured {
                previous(info);
            }
        }));
    });
}

/// Runs progenitor once with panics caught: `Err` holds the panic message
/// and where in progenitor it happened.
fn run_progenitor(
    settings: &GenerationSettings,
    openapi: &openapiv3::OpenAPI,
) -> Result<Result<proc_macro2::TokenStream, progenitor::Error>, String> {
    install_capturing_hook();
    CAPTURED_PANIC.with(|slot| *slot.borrow_mut() = Some(None));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        Generator::new(settings).generate_tokens(openapi)
    }));
    let message = CAPTURED_PANIC.with(|slot| slot.borrow_mut().take().flatten());
    result.map_err(|_| message.unwrap_or_else(|| "unknown panic".into()))
}

/// The pinned progenitor version (recorded in the generated header).
pub fn progenitor_version() -> &'static str {
    "0.15.1"
}

/// Every generated file for the spec, in a stable order.
pub fn generate_all(spec: &LoadedSpec) -> Result<Vec<GeneratedFile>, SpecError> {
    // The open enums first: a list that makes no Rust names is refused
    // with its location before progenitor runs.
    let open_enums = open_enums::render(&open_enums::open_enums(spec)?);
    // The refund bank tables next: a malformed table is refused with its
    // location, as lint reports it.
    let refund_banks = refund_banks::generate(&spec.model())?;
    let webhook_delivery = webhook_delivery::generate(&spec.model())?;
    let client = generate_client(spec)?;
    // The setters and flags take the types progenitor wrote, so they are
    // read from the client just generated.
    let parsed: syn::File = syn::parse_str(&client).map_err(|e| SpecError {
        file: spec.file.clone(),
        location: "#".into(),
        message: format!("the generated client does not parse: {e}"),
    })?;
    let operations = inputs::operations(spec, &parsed)?;
    let mut files = vec![
        GeneratedFile {
            path: GENERATED_CLIENT_PATH.to_string(),
            contents: client,
        },
        GeneratedFile {
            path: OPEN_ENUMS_PATH.to_string(),
            contents: open_enums,
        },
        GeneratedFile {
            path: REFUND_BANKS_PATH.to_string(),
            contents: refund_banks,
        },
        GeneratedFile {
            path: WEBHOOK_DELIVERY_PATH.to_string(),
            contents: webhook_delivery,
        },
        GeneratedFile {
            path: REQUEST_INPUTS_PATH.to_string(),
            contents: request_inputs::render(&operations, &spec.file)?,
        },
        GeneratedFile {
            path: CLI_FLAGS_PATH.to_string(),
            contents: cli_flags::render(&operations, &spec.file)?,
        },
    ];
    for (path, contents) in
        request_inputs::render_setters(&operations).map_err(|message| SpecError {
            file: spec.file.clone(),
            location: "#/paths".into(),
            message,
        })?
    {
        files.push(GeneratedFile { path, contents });
    }
    // The schema docs under `docs/` are generated files too, so `check`
    // catches them when stale. They refuse samples the spec does not back.
    let model = spec.model();
    files.extend(crate::docs::generate(&model)?);
    // The usage samples' test, when the samples were read with the spec.
    if let (Some(samples), Some(resolved)) = (model.samples(), model.resolved_samples()) {
        files.push(GeneratedFile {
            path: doc_samples::DOC_SAMPLES_PATH.to_string(),
            contents: doc_samples::render(&resolved, &samples.label),
        });
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::gate_json_schema_derives;

    fn gated(src: &str) -> String {
        let mut file: syn::File = syn::parse_str(src).unwrap();
        gate_json_schema_derives(&mut file.items);
        prettyplease::unparse(&file)
    }

    #[test]
    fn json_schema_derives_move_behind_the_feature() {
        let out = gated(
            "pub mod types { #[derive(Clone, schemars::JsonSchema, Debug)] #[serde(deny_unknown_fields)] pub struct A {} }",
        );
        assert!(out.contains("#[derive(Clone, Debug)]"), "{out}");
        assert!(
            out.contains("#[cfg_attr(feature = \"json-schema\", derive(schemars::JsonSchema))]"),
            "{out}"
        );
        assert_eq!(out.matches("JsonSchema").count(), 1, "{out}");
    }

    #[test]
    fn other_items_are_left_alone() {
        let src = "#[derive(Clone, Debug)] pub enum B { X } pub struct JsonSchema; #[derive(other::JsonSchema)] struct C;";
        let out = gated(src);
        let expected = prettyplease::unparse(&syn::parse_str(src).unwrap());
        assert_eq!(out, expected);
    }
}
