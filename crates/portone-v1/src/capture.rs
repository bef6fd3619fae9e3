//! The scope of one attempt of a facade call: the `Authorization` value the
//! facade obtained for it (so the `pre` hook sends exactly that token and
//! never fetches one itself), and the bytes of the response it got.
//!
//! The bytes are kept exactly as they arrived, so that its errors can hand them out (`raw_body()`) instead of
//! quoting them, and without re-serializing a decoded envelope (which would
//! drop unknown fields and change numbers and key order).
//!
//! The generated client decodes every body through
//! `json_body::response_value` (routed there by `cargo xtask generate`),
//! which hands the bytes it read to [`keep_body`] before decoding them
//! (`Bytes` is reference-counted: no copy). Only calls run through
//! [`capturing`] keep anything: the generated client used on its own is
//! unchanged, and a getToken answer is never kept (it holds a token: the
//! `exec` hook calls [`keep_next`] with false for it). A body the generated client
//! does not decode (a status the spec does not list) stays in the response
//! it hands back, where the facade reads it.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use pin_project_lite::pin_project;
use reqwest::header::HeaderValue;
use tokio::task::futures::TaskLocalFuture;

tokio::task_local! {
    static SLOT: Scope;
}

/// What a [`capturing`] scope holds.
pub(crate) struct Scope {
    /// `Bearer <token>`, for the `pre` hook.
    authorization: HeaderValue,
    captured: RefCell<Option<Captured>>,
    /// Whether the next body read is kept: set by the `exec` hook for each
    /// request it sends (false for getToken), so it decides per response.
    keeping: Cell<bool>,
}

/// The last response received by a call run through [`capturing`].
pub(crate) struct Captured {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

/// Runs `call` inside a capturing scope that authorizes it with
/// `authorization`: the future's output is `call`'s and the last response
/// it received (none if no response arrived).
///
/// A plain future, not an `async fn` or block around `call`: those hold
/// `call` twice in their state (captured, and as the awaitee), and the
/// generated `send()` future is over 2 KB (future sizes: BENCHMARKS.md).
pub(crate) fn capturing<F: Future>(authorization: HeaderValue, call: F) -> Capturing<F> {
    let scope = Scope {
        authorization,
        captured: RefCell::new(None),
        keeping: Cell::new(true),
    };
    Capturing {
        scoped: SLOT.scope(scope, call),
    }
}

pin_project! {
    /// See [`capturing`].
    pub(crate) struct Capturing<F: Future> {
        #[pin]
        scoped: TaskLocalFuture<Scope, F>,
    }
}

impl<F: Future> Future for Capturing<F> {
    type Output = (F::Output, Option<Captured>);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut scoped = self.project().scoped;
        let output = ready!(scoped.as_mut().poll(cx));
        let captured = scoped
            .take_value()
            .and_then(|scope| scope.captured.into_inner());
        Poll::Ready((output, captured))
    }
}

/// Whether the current task is running a call through [`capturing`].
#[cfg(test)]
fn active() -> bool {
    SLOT.try_with(|_| ()).is_ok()
}

/// The `Authorization` value of the current [`capturing`] scope; none when
/// the generated client is used on its own.
pub(crate) fn authorization() -> Option<HeaderValue> {
    SLOT.try_with(|scope| scope.authorization.clone()).ok()
}

/// Keeps `body`, answered with `status`, as the last response of the
/// current [`capturing`] scope. Outside a scope (the generated client used
/// on its own), or in one that keeps nothing, it does nothing.
pub(crate) fn keep_body(status: u16, body: &bytes::Bytes) {
    let _ = SLOT.try_with(|scope| {
        if scope.keeping.get() {
            *scope.captured.borrow_mut() = Some(Captured {
                status,
                body: body.clone(),
            });
        }
    });
}

/// Whether the current scope keeps the body of the response to the request
/// being sent: not for getToken, whose answer holds a token.
pub(crate) fn keep_next(keep: bool) {
    let _ = SLOT.try_with(|scope| scope.keeping.set(keep));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(token: &str) -> HeaderValue {
        HeaderValue::try_from(format!("Bearer {token}")).expect("a header value")
    }

    #[tokio::test]
    async fn a_scope_is_seen_only_while_its_call_is_polled_and_keeps_the_body() {
        assert!(!active());
        let (seen, captured) = capturing(bearer("a"), async {
            let before = authorization();
            // A pending poll in between: the scope leaves the slot and comes back.
            tokio::task::yield_now().await;
            keep_body(200, &Bytes::from_static(b"the body"));
            (before, authorization())
        })
        .await;
        assert_eq!(seen.0, Some(bearer("a")));
        assert_eq!(seen.1, Some(bearer("a")));
        let captured = captured.expect("the response was kept");
        assert_eq!(captured.status, 200);
        assert_eq!(&captured.body[..], b"the body");
        assert!(!active());
        assert_eq!(authorization(), None);
    }

    #[tokio::test]
    async fn a_scope_that_keeps_nothing_keeps_nothing_and_no_scope_keeps_nothing() {
        let ((), captured) = capturing(bearer("a"), async {
            keep_next(false);
            keep_body(
                200,
                &Bytes::from_static(b"{\"response\":{\"access_token\":\"t\"}}"),
            );
        })
        .await;
        assert!(captured.is_none(), "a getToken answer is never kept");
        // The choice is per response: the next request's answer is kept.
        let ((), captured) = capturing(bearer("a"), async {
            keep_next(false);
            keep_body(200, &Bytes::from_static(b"{\"token\":1}"));
            keep_next(true);
            keep_body(200, &Bytes::from_static(b"{}"));
        })
        .await;
        assert_eq!(&captured.expect("kept").body[..], b"{}");
        // Outside any scope: nowhere to keep it, and no panic.
        keep_body(200, &Bytes::from_static(b"{}"));
        assert!(!active());
    }

    #[tokio::test]
    async fn an_inner_scope_gives_the_outer_one_back() {
        let ((inner, outer), _) = capturing(bearer("outer"), async {
            let (inner, _) = capturing(bearer("inner"), async { authorization() }).await;
            (inner, authorization())
        })
        .await;
        assert_eq!(inner, Some(bearer("inner")));
        assert_eq!(outer, Some(bearer("outer")));
    }

    #[tokio::test]
    async fn another_task_does_not_see_the_scope() {
        let (other, _) = capturing(bearer("a"), async {
            tokio::spawn(async { authorization() })
                .await
                .expect("the task ran")
        })
        .await;
        assert_eq!(other, None);
    }

    #[test]
    fn a_call_that_panics_leaves_no_scope_behind() {
        let mut call = Box::pin(capturing(bearer("a"), async {
            assert!(active());
            panic!("the call failed");
        }));
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let polled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = call.as_mut().poll(&mut cx);
        }));
        assert!(polled.is_err());
        assert!(!active());
        assert_eq!(authorization(), None);
    }
}
