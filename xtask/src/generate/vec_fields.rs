//! Every `Vec` field of a generated type that derives `Deserialize` decodes
//! through [`VEC_DECODER`] (`crates/portone-v1/src/seq_decode.rs`), which
//! allocates a short array once at its final size where serde's `Vec` impl
//! grows it by doubling (the reason and the figures are in that file).
//! progenitor has no option for a field's `deserialize_with`, hence this
//! rewrite of its output: the field gets
//! `#[serde(deserialize_with = "crate::seq_decode::vec")]`, which keeps its
//! other serde attributes (`default` for optional arrays).

use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{Attribute, Fields, Item, Path, Token, Type, parse_quote};

/// The hand-written decoder the `Vec` fields are given.
pub const VEC_DECODER: &str = "crate::seq_decode::vec";

/// Applies the rewrite to the structs of the generated `types` module.
pub fn decode_vec_fields(items: &mut [Item]) {
    for item in items {
        let Item::Mod(module) = item else { continue };
        if module.ident != "types" {
            continue;
        }
        let Some((_, content)) = module.content.as_mut() else {
            continue;
        };
        for item in content {
            let Item::Struct(s) = item else { continue };
            if !derives_deserialize(&s.attrs) {
                continue;
            }
            let Fields::Named(fields) = &mut s.fields else {
                continue;
            };
            for field in fields.named.iter_mut() {
                if is_vec(&field.ty) && !has_own_decoder(&field.attrs) {
                    let decoder = VEC_DECODER;
                    field
                        .attrs
                        .push(parse_quote!(#[serde(deserialize_with = #decoder)]));
                }
            }
        }
    }
}

fn derives_deserialize(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("derive")
            && attr
                .parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
                .is_ok_and(|paths| {
                    paths
                        .iter()
                        .any(|p| p.segments.last().is_some_and(|s| s.ident == "Deserialize"))
                })
    })
}

/// `Vec<T>` itself; `Option<Vec<T>>` keeps serde's path.
fn is_vec(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "Vec"))
}

/// A field that already says how it decodes (`with`, `deserialize_with`).
fn has_own_decoder(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("serde") && {
            let text = attr.meta.to_token_stream().to_string();
            text.contains("deserialize_with") || text.contains("with =")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(src: &str) -> String {
        let mut file: syn::File = syn::parse_str(src).unwrap();
        decode_vec_fields(&mut file.items);
        prettyplease::unparse(&file)
    }

    #[test]
    fn vec_fields_of_deserialized_types_get_the_decoder() {
        let out = rewrite(
            r#"
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize)]
                pub struct A {
                    pub list: ::std::vec::Vec<B>,
                    #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                    pub optional: ::std::vec::Vec<B>,
                    pub maybe: ::std::option::Option<::std::vec::Vec<B>>,
                    pub name: ::std::string::String,
                }
                #[derive(::serde::Serialize)]
                pub struct OnlySent {
                    pub list: ::std::vec::Vec<B>,
                }
            }
            "#,
        );
        assert_eq!(
            out.matches(r#"#[serde(deserialize_with = "crate::seq_decode::vec")]"#)
                .count(),
            2,
            "{out}"
        );
        assert!(
            out.contains(
                "#[serde(default, skip_serializing_if = \"::std::vec::Vec::is_empty\")]\n        #[serde(deserialize_with"
            ),
            "{out}"
        );
    }
}
