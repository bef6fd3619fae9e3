//! typify's struct builders (`types::builder::X`, `X::builder()`) behind the
//! client's optional `type-builders` feature.
//!
//! progenitor writes them whenever the operations get builders
//! (`InterfaceStyle::Builder`, which the facade uses) and routes every
//! request body through them: the operation builder holds
//! `Result<types::builder::X, String>` and converts to `X` and back on each
//! call. They were almost half of the generated file and a third of the
//! client's LLVM IR (BENCHMARKS.md), for something no caller needs to send
//! a request. progenitor 0.15 has no option for it,
//! hence this rewrite of its output:
//! - `pub mod builder` inside `types` and the `X::builder()` constructors
//!   get `#[cfg(feature = "type-builders")]`;
//! - the operation builders hold the body as `Result<types::X, String>`,
//!   start from "body was not initialized" (like a required parameter),
//!   and `body_map`, which takes the struct builder, is kept for the
//!   feature only, converting through it.

use syn::{Expr, ImplItem, ImplItemFn, Item, Stmt, Type, parse_quote};

/// The cargo feature of `portone-v1` that keeps typify's struct builders.
pub const TYPE_BUILDERS_FEATURE: &str = "type-builders";

/// Applies the rewrite to the items of the generated file.
pub fn gate_struct_builders(items: &mut [Item]) {
    for item in items {
        let Item::Mod(module) = item else { continue };
        let Some((_, content)) = module.content.as_mut() else {
            continue;
        };
        if module.ident == "types" {
            gate_in_types(content);
        } else if module.ident == "builder" {
            bodies_without_struct_builders(content);
        }
    }
}

fn cfg_feature() -> syn::Attribute {
    let feature = TYPE_BUILDERS_FEATURE;
    parse_quote!(#[cfg(feature = #feature)])
}

fn gate_in_types(items: &mut [Item]) {
    for item in items {
        match item {
            Item::Mod(m) if m.ident == "builder" => m.attrs.push(cfg_feature()),
            Item::Impl(i) if i.trait_.is_none() && is_only_builder_constructor(&i.items) => {
                i.attrs.push(cfg_feature())
            }
            _ => {}
        }
    }
}

fn is_only_builder_constructor(items: &[ImplItem]) -> bool {
    matches!(items, [ImplItem::Fn(f)] if f.sig.ident == "builder" && f.sig.inputs.is_empty())
}

fn bodies_without_struct_builders(items: &mut [Item]) {
    for item in items {
        match item {
            Item::Struct(s) => {
                for field in s.fields.iter_mut() {
                    strip_builder(&mut field.ty);
                }
            }
            Item::Impl(i) => {
                for member in &mut i.items {
                    let ImplItem::Fn(f) = member else { continue };
                    if f.sig.ident == "body_map" {
                        rewrite_body_map(f);
                    } else if f.sig.ident == "new" {
                        uninitialized_body(&mut f.block);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `types::builder::X` → `types::X`, also inside generic arguments
/// (`Result<types::builder::X, String>`).
fn strip_builder(ty: &mut Type) {
    let Type::Path(p) = ty else { return };
    if struct_builder_name(&p.path).is_some() {
        p.path.segments = p
            .path
            .segments
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .map(|(_, s)| s.clone())
            .collect();
    }
    for segment in &mut p.path.segments {
        if let syn::PathArguments::AngleBracketed(args) = &mut segment.arguments {
            for arg in &mut args.args {
                if let syn::GenericArgument::Type(t) = arg {
                    strip_builder(t);
                }
            }
        }
    }
}

/// `X` of a path `types::builder::X`.
fn struct_builder_name(path: &syn::Path) -> Option<syn::Ident> {
    let s: Vec<_> = path.segments.iter().collect();
    match s.as_slice() {
        [t, b, x] if t.ident == "types" && b.ident == "builder" => Some(x.ident.clone()),
        _ => None,
    }
}

/// `Self { .., body: Ok(Default::default()) }` (an empty struct builder)
/// → `body: Err("body was not initialized")`.
fn uninitialized_body(block: &mut syn::Block) {
    for stmt in &mut block.stmts {
        let Stmt::Expr(Expr::Struct(init), _) = stmt else {
            continue;
        };
        for field in &mut init.fields {
            let is_body = matches!(&field.member, syn::Member::Named(n) if n == "body");
            if is_body && is_ok_default(&field.expr) {
                field.expr = parse_quote!(Err("body was not initialized".to_string()));
            }
        }
    }
}

fn is_ok_default(expr: &Expr) -> bool {
    let Expr::Call(ok) = expr else { return false };
    let (Expr::Path(f), [Expr::Call(default)]) =
        (&*ok.func, ok.args.iter().collect::<Vec<_>>().as_slice())
    else {
        return false;
    };
    let Expr::Path(d) = &*default.func else {
        return false;
    };
    f.path.is_ident("Ok")
        && default.args.is_empty()
        && d.path.segments.last().is_some_and(|s| s.ident == "default")
}

/// `body_map(f)` for the feature only, through the struct builder.
fn rewrite_body_map(f: &mut ImplItemFn) {
    // The builder type is named in the closure bound of the where clause.
    let x = f
        .sig
        .generics
        .where_clause
        .iter()
        .flat_map(|w| &w.predicates)
        .find_map(|p| {
            let syn::WherePredicate::Type(t) = p else {
                return None;
            };
            t.bounds.iter().find_map(|b| {
                let syn::TypeParamBound::Trait(tr) = b else {
                    return None;
                };
                let last = tr.path.segments.last()?;
                let syn::PathArguments::Parenthesized(args) = &last.arguments else {
                    return None;
                };
                args.inputs.iter().find_map(|input| match &input.ty {
                    Type::Path(p) => struct_builder_name(&p.path),
                    _ => None,
                })
            })
        });
    let Some(x) = x else { return };
    f.attrs.push(cfg_feature());
    f.block = parse_quote!({
        self.body = self
            .body
            .and_then(|v| types::#x::try_from(f(v.into())).map_err(|e| e.to_string()));
        self
    });
}

#[cfg(test)]
mod tests {
    use super::gate_struct_builders;

    fn rewritten(src: &str) -> String {
        let mut file: syn::File = syn::parse_str(src).unwrap();
        gate_struct_builders(&mut file.items);
        prettyplease::unparse(&file)
    }

    const GENERATED: &str = r#"
        pub mod types {
            pub struct A { pub x: i64 }
            impl A { pub fn builder() -> builder::A { Default::default() } }
            impl A { pub fn other(&self) {} }
            pub mod builder { pub struct A { x: Result<i64, String> } }
        }
        pub mod builder {
            pub struct Op<'a> { client: &'a super::Client, body: Result<types::builder::A, String> }
            impl<'a> Op<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client: client, body: Ok(::std::default::Default::default()) }
                }
                pub fn body_map<F>(mut self, f: F) -> Self
                where F: std::ops::FnOnce(types::builder::A) -> types::builder::A {
                    self.body = self.body.map(f);
                    self
                }
            }
        }
    "#;

    #[test]
    fn struct_builders_go_behind_the_feature() {
        let out = rewritten(GENERATED);
        assert_eq!(
            out.matches("#[cfg(feature = \"type-builders\")]").count(),
            3,
            "the builder module, `A::builder()` and `body_map`: {out}"
        );
        assert!(out.contains("impl A {\n        pub fn other"), "{out}");
    }

    #[test]
    fn operation_builders_hold_the_type_itself() {
        let out = rewritten(GENERATED);
        assert!(out.contains("body: Result<types::A, String>"), "{out}");
        assert!(
            out.contains("body: Err(\"body was not initialized\".to_string())"),
            "{out}"
        );
        assert!(out.contains("types::A::try_from(f(v.into()))"), "{out}");
        // `body_map` still takes the struct builder, under the feature.
        assert!(
            out.contains("FnOnce(types::builder::A) -> types::builder::A"),
            "{out}"
        );
    }
}
