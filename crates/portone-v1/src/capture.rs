//! Keeps the bytes of the response a facade call got, exactly as they
//! arrived, so that its errors can hand them out (`raw_body()`) instead of
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
use tokio::task::futures::TaskLocalFuture;

tokio::task_local! {
    static SLOT: RefCell<Option<Captured>>;
}

/// The last response received by a call run through [`capturing`].
pub(crate) struct Captured {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

/// Runs `call` inside a capturing scope: the future's output is `call`'s
/// and the last response it received (none if no response arrived).
///
/// A plain future, not an `async fn` or block around `call`: those hold
/// `call` twice in their state (captured, and as the awaitee), and the
/// generated `send()` future is over 2 KB (future sizes: BENCHMARKS.md).
pub(crate) fn capturing<F: Future>(call: F) -> Capturing<F> {
    Capturing {
        scoped: SLOT.scope(RefCell::new(None), call),
    }
}

pin_project! {
    /// See [`capturing`].
    pub(crate) struct Capturing<F: Future> {
        #[pin]
        scoped: TaskLocalFuture<RefCell<Option<Captured>>, F>,
    }
}

impl<F: Future> Future for Capturing<F> {
    type Output = (F::Output, Option<Captured>);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut scoped = self.project().scoped;
        let output = ready!(scoped.as_mut().poll(cx));
        let captured = scoped.take_value().and_then(RefCell::into_inner);
        Poll::Ready((output, captured))
    }
}

/// Whether the current task is running a call through [`capturing`].
pub(crate) fn active() -> bool {
    SLOT.try_with(|_| ()).is_ok()
}

/// Reads `response`'s body, keeps it in the current scope, and returns an
/// equivalent response (status, version, headers, URL, the same bytes).
/// A failure to read the body is returned as reqwest reported it.
pub(crate) async fn keep(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let version = response.version();
    let headers = response.headers().clone();
    let url = response.url().clone();
    let body = response.bytes().await?;
    // Outside a scope there is nothing to keep it for: ignoring is right.
    let _ = SLOT.try_with(|slot| {
        *slot.borrow_mut() = Some(Captured {
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
