//! A webhook receiver on 127.0.0.1 for the tests: it records every request
//! and answers each as told (a status, no answer at all, or a cut
//! connection). Dropping it stops it and every connection it holds.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::{JoinHandle, JoinSet};

/// How the receiver answers one request.
#[derive(Clone, Copy, Debug)]
pub enum Answer {
    Status(u16),
    /// Never answers (the sender's timeout must end it).
    Hang,
    /// Closes the connection without a byte.
    Cut,
}

/// One request as it arrived.
#[derive(Debug)]
pub struct Received {
    pub path: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

pub struct Receiver {
    pub url: String,
    requests: mpsc::UnboundedReceiver<Received>,
    task: JoinHandle<()>,
}

/// How long a test waits for a webhook that should come.
pub const PATIENCE: Duration = Duration::from_secs(10);

impl Receiver {
    /// Answers the requests in the order of `answers`, then 200.
    pub async fn start(answers: &[Answer]) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/portone-webhook", listener.local_addr().unwrap());
        let answers = Arc::new(Mutex::new(answers.iter().copied().collect::<VecDeque<_>>()));
        let (tx, requests) = mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            // Owned here: aborting the accept loop drops every connection.
            let mut connections = JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let answer = answers
                    .lock()
                    .unwrap()
                    .pop_front()
                    .unwrap_or(Answer::Status(200));
                if let Answer::Cut = answer {
                    drop(stream);
                    continue;
                }
                let tx = tx.clone();
                connections.spawn(async move {
                    let service = service_fn(move |req: Request<Incoming>| {
                        let tx = tx.clone();
                        async move {
                            let path = req.uri().path().to_string();
                            let content_type = req
                                .headers()
                                .get("content-type")
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or("")
                                .to_string();
                            let body = req.into_body().collect().await.unwrap().to_bytes().to_vec();
                            let _ = tx.send(Received {
                                path,
                                content_type,
                                body,
                            });
                            if let Answer::Hang = answer {
                                std::future::pending::<()>().await;
                            }
                            let status = match answer {
                                Answer::Status(s) => s,
                                _ => 200,
                            };
                            let mut res = Response::new(String::new());
                            *res.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
                            Ok::<_, Infallible>(res)
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Receiver {
            url,
            requests,
            task,
        }
    }

    /// The next request; fails the test after [`PATIENCE`].
    pub async fn next(&mut self) -> Received {
        tokio::time::timeout(PATIENCE, self.requests.recv())
            .await
            .expect("a webhook arrives in time")
            .expect("the receiver runs")
    }

    /// Every request that arrived so far, without waiting.
    pub fn drain(&mut self) -> Vec<Received> {
        let mut out = Vec::new();
        while let Ok(r) = self.requests.try_recv() {
            out.push(r);
        }
        out
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}
