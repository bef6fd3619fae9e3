//! Every response the generated client decodes goes through
//! [`RESPONSE_DECODER`] (`crates/portone-v1/src/json_body.rs`) instead of
//! progenitor-client's `ResponseValue::from_response`. That one runs
//! `serde_json::from_slice`, which checks UTF-8 again for every string and
//! key of the body (16 % of the instructions of a typed payment decode),
//! and clones the header map; ours checks the whole body once, parses it as
//! `&str`, and moves the headers. progenitor has no option for the decoder
//! it calls, hence this rewrite of its output, done on the tokens before
//! they are parsed (the call sits deep inside generated method bodies).

use proc_macro2::{Group, TokenStream, TokenTree};

/// The hand-written decoder the generated calls are given (same signature
/// as `ResponseValue::from_response`).
pub const RESPONSE_DECODER: &str = "crate::json_body::response_value";

/// Replaces each `ResponseValue::from_response` path in `tokens` with
/// [`RESPONSE_DECODER`].
pub fn decode_responses(tokens: TokenStream) -> TokenStream {
    let decoder: TokenStream = RESPONSE_DECODER.parse().expect("a Rust path");
    rewrite(tokens, &decoder)
}

fn rewrite(tokens: TokenStream, decoder: &TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        let in_longer_path = matches!(out.last(), Some(TokenTree::Punct(p)) if p.as_char() == ':');
        if !in_longer_path && is_from_response(&trees[i..]) {
            out.extend(decoder.clone());
            i += 4;
            continue;
        }
        match &trees[i] {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), rewrite(g.stream(), decoder));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// `ResponseValue :: from_response` at the start of `trees`, not itself
/// the tail of a longer path (`x::ResponseValue::from_response` is someone
/// else's).
fn is_from_response(trees: &[TokenTree]) -> bool {
    matches!(
        trees,
        [
            TokenTree::Ident(a),
            TokenTree::Punct(c1),
            TokenTree::Punct(c2),
            TokenTree::Ident(b),
            ..
        ] if a == "ResponseValue" && c1.as_char() == ':' && c2.as_char() == ':' && b == "from_response"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(src: &str) -> (String, usize) {
        let out = decode_responses(src.parse().unwrap()).to_string();
        let n = out.matches("json_body :: response_value").count();
        (out, n)
    }

    #[test]
    fn every_call_deep_in_a_body_is_replaced() {
        let (out, n) = rewritten(
            "fn f() { match s { 200u16 => ResponseValue::from_response(r).await, 400u16 => Err(Error::ErrorResponse(ResponseValue::from_response(r).await?)), } }",
        );
        assert_eq!(n, 2, "{out}");
        assert!(!out.contains("from_response"), "{out}");
        assert_eq!(
            out.matches("crate :: json_body :: response_value (r)")
                .count(),
            2,
            "{out}"
        );
    }

    #[test]
    fn other_paths_are_left_alone() {
        let src = "fn f() { ResponseValue::new(a, b, c); from_response(r); ResponseValue::from_responses(r); other::ResponseValue::from_response(r); }";
        let (out, n) = rewritten(src);
        assert_eq!(n, 0);
        assert_eq!(out, src.parse::<TokenStream>().unwrap().to_string());
    }
}
