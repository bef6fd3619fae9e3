//! Each error variant of `cancel` and `get_payment`, from the response that
//! causes it, with `code()` / `message()` and the kept response.
#![recursion_limit = "256"]

mod support;

use std::time::Duration;

use portone_v1::error::ErrorChain;
use portone_v1::{AuthError, CancelError, GetPaymentError, PortOne, ProvideErrorMetadata};
use portone_v1_mock::MockApi;
use serde_json::json;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

async fn cancel_against(status: u16, body: serde_json::Value) -> CancelError {
    let server = MockApi::start().await;
    mount_token(&server).await;
    mount_cancel(&server, status, body).await;
    client(&server).cancel(&full("imp_1")).await.unwrap_err()
}

#[tokio::test]
async fn http_200_code_1_unknown_payment_is_no_payment_to_cancel() {
    let err = cancel_against(200, error_envelope(1, "취소할 결제건이 존재하지 않습니다.")).await;
    assert!(matches!(err, CancelError::NoPaymentToCancel(_)), "{err:?}");
    assert_eq!(err.code(), Some(1));
    assert_eq!(err.message(), Some("취소할 결제건이 존재하지 않습니다."));
    assert_eq!(err.raw().unwrap().status, 200);
    assert!(err.nothing_cancelled());
    assert!(err.to_string().contains("code 1"), "{err}");
}

#[tokio::test]
async fn http_200_code_1_already_cancelled_is_its_own_variant() {
    let err = cancel_against(200, error_envelope(1, "이미 전액취소된 주문입니다.")).await;
    assert!(matches!(err, CancelError::AlreadyCancelled(_)), "{err:?}");
    assert_eq!(err.message(), Some("이미 전액취소된 주문입니다."));
}

#[tokio::test]
async fn pg_refusal_keeps_code_and_message() {
    let err = cancel_against(200, error_envelope(-1, "[PG] 취소 가능 기간이 지났습니다.")).await;
    assert!(matches!(err, CancelError::Refused(_)), "{err:?}");
    assert_eq!(err.code(), Some(-1));
    assert!(err.to_string().contains("취소 가능 기간"), "{err}");
}

/// The spec lists no 404 for cancel (the API answers 200 + code 1 for an
/// unknown payment), but a 404 in PortOne's envelope still means "no such
/// payment": its own variant, nothing cancelled. A 404 that is not the
/// envelope (a proxy's page) stays an unexpected status.
#[tokio::test]
async fn http_404_envelope_on_cancel_is_payment_not_found() {
    let err = cancel_against(404, error_envelope(-1, "존재하지 않는 결제정보입니다.")).await;
    assert!(matches!(err, CancelError::PaymentNotFound(_)), "{err:?}");
    assert_eq!(err.code(), Some(-1));
    assert_eq!(err.message(), Some("존재하지 않는 결제정보입니다."));
    assert_eq!(err.raw().unwrap().status, 404);
    assert!(err.nothing_cancelled());

    let err = cancel_against(404, json!("<html>Not Found</html>")).await;
    assert!(
        matches!(err, CancelError::UnexpectedStatus { status: 404, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn success_code_without_payment_is_a_decode_error() {
    let err = cancel_against(200, json!({"code": 0, "message": null, "response": null})).await;
    assert!(matches!(err, CancelError::Decode(_)), "{err:?}");
    assert!(!err.nothing_cancelled());
}

#[tokio::test]
async fn html_502_from_a_proxy_is_an_unexpected_status() {
    let server = MockApi::start().await;
    mount_token(&server).await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(
            ResponseTemplate::new(502)
                .insert_header("content-type", "text/html")
                .set_body_string(
                    "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                ),
        )
        .mount(&server)
        .await;
    let err = client(&server).cancel(&full("imp_1")).await.unwrap_err();
    match &err {
        CancelError::UnexpectedStatus { status, raw } => {
            assert_eq!(*status, 502);
            assert_eq!(
                raw.body_bytes(),
                b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
            );
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert!(
        !err.nothing_cancelled(),
        "a 502 does not prove nothing happened"
    );
    // The message points at the safe retry, not at re-reading the balance.
    let text = err.to_string();
    assert!(
        text.contains("may or may not have happened") && text.contains("prepare_cancel"),
        "{text}"
    );
}

#[tokio::test]
async fn truncated_json_body_is_a_decode_error_with_its_place_and_the_body() {
    let server = MockApi::start().await;
    mount_token(&server).await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .set_body_string(r#"{"code":0,"message":null,"response":{"imp_uid":"imp_1","amou"#),
        )
        .mount(&server)
        .await;
    let err = client(&server).cancel(&full("imp_1")).await.unwrap_err();
    match &err {
        CancelError::Decode(d) => {
            assert_eq!(
                d.raw_body(),
                br#"{"code":0,"message":null,"response":{"imp_uid":"imp_1","amou"#
            );
            assert_eq!(d.category(), serde_json::error::Category::Eof, "{d}");
            assert_eq!(d.status(), Some(200));
            assert_eq!((d.line(), d.column()), (1, 60), "{d}");
            assert_eq!(d.path(), "response.?", "{d}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn slow_server_is_a_timeout() {
    let server = MockApi::start().await;
    mount_token(&server).await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(error_envelope(1, "late"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let client = PortOne::builder(KEY, SECRET)
        .base_url(server.uri())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = client.cancel(&full("imp_1")).await.unwrap_err();
    match &err {
        CancelError::Transport(t) => assert!(t.is_timeout(), "{t}"),
        other => panic!("expected Transport timeout, got {other:?}"),
    }
    let report = ErrorChain::new(&err).to_string();
    assert!(report.contains("timed out"), "{report}");
    assert!(!err.nothing_cancelled());
}

#[tokio::test]
async fn unreachable_server_is_a_connect_error_and_nothing_was_sent() {
    // Cold token cache: the first thing that fails is getToken, so nothing
    // was sent; it is reported as an authentication failure.
    // Bound but never listening: a connect is refused, and while `closed`
    // lives no other test can take the port (a dropped listener's could be).
    let closed = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    closed
        .bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    let port = closed.local_addr().unwrap().as_socket().unwrap().port();
    let cold = PortOne::builder(KEY, SECRET)
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let err = cold.cancel(&full("imp_1")).await.unwrap_err();
    assert!(
        matches!(&err, CancelError::Auth(AuthError::TokenUnavailable { .. })),
        "{err:?}"
    );
    let report = ErrorChain::new(&err).to_string();
    assert!(report.contains("could not connect"), "{report}");
    assert!(err.nothing_cancelled());

    // Token cached, then the server goes away (the fake closes every
    // connection on shutdown; wiremock keeps pooled servers alive): the
    // cancel itself cannot connect, a transport error that sent nothing.
    let fake = portone_v1_fake::FakeServer::start(portone_v1_fake::FakeConfig::default())
        .await
        .unwrap();
    let warm = PortOne::builder(fake.imp_key(), fake.imp_secret().clone())
        .base_url(fake.base_url())
        .build()
        .unwrap();
    warm.get_payment(portone_v1_fake::seeds::CARD_PAID)
        .await
        .unwrap();
    fake.shutdown().await;
    let err = warm
        .cancel(&full(portone_v1_fake::seeds::CARD_PAID))
        .await
        .unwrap_err();
    assert_eq!(warm.token_fetches(), 1, "the token came from the cache");
    match &err {
        CancelError::Transport(t) => assert!(t.is_connect(), "{t}"),
        other => panic!("expected Transport, got {other:?}"),
    }
    assert!(err.nothing_cancelled());
}

#[tokio::test]
async fn bad_credentials_are_an_auth_error_and_no_cancel_is_sent() {
    let server = MockApi::start().await;
    mount_get_token(
        &server,
        ResponseTemplate::new(401).set_body_json(error_envelope(-1, "Unauthorized")),
    )
    .await;
    mount_cancel(&server, 200, error_envelope(1, "unreachable")).await;
    let err = client(&server).cancel(&full("imp_1")).await.unwrap_err();
    match &err {
        CancelError::Auth(AuthError::CredentialsRejected { status, code, .. }) => {
            assert_eq!(*status, 401);
            assert_eq!(*code, Some(-1));
        }
        other => panic!("expected CredentialsRejected, got {other:?}"),
    }
    let report = ErrorChain::new(&err).to_string();
    assert!(report.contains("PORTONE_IMP_KEY"), "{report}");
    assert!(requests_to(&server, "/payments/cancel").await.is_empty());
}

#[tokio::test]
async fn get_payment_404_is_payment_not_found_with_code_and_message() {
    let server = MockApi::start().await;
    mount_token(&server).await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_missing"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(error_envelope(-1, "존재하지 않는 결제정보입니다.")),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .get_payment("imp_missing")
        .await
        .unwrap_err();
    assert!(
        matches!(err, GetPaymentError::PaymentNotFound(_)),
        "{err:?}"
    );
    assert_eq!(err.code(), Some(-1));
    assert_eq!(err.message(), Some("존재하지 않는 결제정보입니다."));
    assert_eq!(err.raw().unwrap().status, 404);
}

#[tokio::test]
async fn get_payment_sends_include_sandbox_only_when_asked() {
    let server = MockApi::start().await;
    mount_token(&server).await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_9"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(ok_envelope(card_payment(
                "imp_9",
                json!(1000),
                json!(0),
                "paid",
            ))),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let p = client.get_payment("imp_9").await.unwrap();
    assert_eq!(p.imp_uid, "imp_9");
    client
        .get_payment_with(
            "imp_9",
            &portone_v1::GetPaymentOptions::new().include_sandbox(true),
        )
        .await
        .unwrap();
    let sent = requests_to(&server, "/payments/imp_9").await;
    assert_eq!(sent[0].url.query(), None);
    assert_eq!(sent[1].url.query(), Some("include_sandbox=true"));
}

/// A raw HTTP/1.1 server: getToken answers normally; the cancel response
/// promises 500 bytes, sends 40 and closes the connection.
async fn cut_connection_server() -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        for _ in 0..4 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut seen = Vec::new();
                loop {
                    let n = socket.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&seen).to_string();
                    let Some(head_end) = text.find("\r\n\r\n") else {
                        continue;
                    };
                    let len: usize = text
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if seen.len() < head_end + 4 + len {
                        continue;
                    }
                    let reply = if text.starts_with("POST /users/getToken") {
                        let body = token_body(TOKEN, 1_732_500_000, 1800).to_string();
                        format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        )
                    } else {
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\nconnection: close\r\n\r\n{\"code\":0,\"message\":null,\"response\":{\"i".to_string()
                    };
                    let _ = socket.write_all(reply.as_bytes()).await;
                    if !text.starts_with("POST /users/getToken") {
                        let _ = socket.shutdown().await;
                        return;
                    }
                    seen.clear();
                }
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn connection_cut_mid_body_is_a_transport_error_that_may_have_cancelled() {
    let base = cut_connection_server().await;
    let client = PortOne::builder(KEY, SECRET)
        .base_url(base)
        .build()
        .unwrap();
    let err = client.cancel(&full("imp_1")).await.unwrap_err();
    match &err {
        CancelError::Transport(t) => assert!(!t.is_connect(), "{t}"),
        other => panic!("expected Transport, got {other:?}"),
    }
    assert!(
        !err.nothing_cancelled(),
        "the server may have cancelled before the cut"
    );
    assert!(
        err.to_string().contains("may or may not have happened"),
        "{err}"
    );
}
