//! The scope of one attempt of a facade call: the `Authorization` value the
//! facade obtained for it (so the `pre` hook sends exactly that token and
//! never fetches one itself), and the bytes of the response it got.
//!
//! The bytes are kept exactly as they arrived, so that its errors can hand them out (`raw_body()`) instead of
//! quoting them, and without re-serializing a decoded envelope (which would
//! drop unknown fields and change numbers and key order).
//!
//! The generated client decodes bodies itself and drops the bytes. Its
//! `exec` hook (hooks.rs) therefore reads the body first, stores it here
//! (`Bytes` is reference-counted: no copy) and passes on a response rebuilt
//! around the same bytes. Only calls run through [`capturing`] do this: the
//! generated client used on its own is unchanged, and a getToken answer is
//! never kept (it holds a token).

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use pin_project_lite::pin_project;
use reqwest::ResponseBuilderExt;
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
pub(crate) fn active() -> bool {
    SLOT.try_with(|_| ()).is_ok()
}

/// The `Authorization` value of the current [`capturing`] scope; none when
/// the generated client is used on its own.
pub(crate) fn authorization() -> Option<HeaderValue> {
    SLOT.try_with(|scope| scope.authorization.clone()).ok()
}

/// Reads `response`'s body, keeps it in the current scope, and returns an
/// equivalent response (status, version, headers, URL, the same bytes).
/// A failure to read the body is returned as reqwest reported it.
pub(crate) async fn keep(mut response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let version = response.version();
    // Moved, not cloned: reading the body does not look at them.
    let headers = std::mem::take(response.headers_mut());
    let url = response.url().clone();
    let body = response.bytes().await?;
    // Outside a scope there is nothing to keep it for: ignoring is right.
    let _ = SLOT.try_with(|scope| {
        *scope.captured.borrow_mut() = Some(Captured {
            status: status.as_u16(),
            body: body.clone(),
        });
    });
    let mut rebuilt = http::Response::builder()
        .status(status)
        .version(version)
        .url(url)
        .body(body)
        .expect("a builder given a StatusCode, a Version and an extension cannot fail");
    *rebuilt.headers_mut() = headers;
    Ok(rebuilt.into())
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
            let response = keep(reqwest::Response::from(http::Response::new("the body")))
                .await
                .expect("a body in memory");
            (
                before,
                authorization(),
                response.bytes().await.expect("a body"),
            )
        })
        .await;
        assert_eq!(seen.0, Some(bearer("a")));
        assert_eq!(seen.1, Some(bearer("a")));
        assert_eq!(
            &seen.2[..],
            b"the body",
            "the rebuilt response has the same bytes"
        );
        let captured = captured.expect("the response was kept");
        assert_eq!(captured.status, 200);
        assert_eq!(&captured.body[..], b"the body");
        assert!(!active());
        assert_eq!(authorization(), None);
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
