//! Seed payments: from the library API and from `--seed FILE.json` on the
//! binary, with clear errors for bad entries.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::{Harness, checked, http_client};
use portone_v1::Payment;
use portone_v1::money::Amount;
use portone_v1_fake::seeds::{self, DEFAULT_SEEDS_JSON};
use portone_v1_fake::{DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, FakeConfig, FakeServer, StartError};
use serde_json::{Value, json};

/// A seed entry of our own, from the first built-in one.
fn custom(imp_uid: &str, amount: i64) -> Value {
    let mut all: Value = serde_json::from_str(DEFAULT_SEEDS_JSON).unwrap();
    let mut p = all[0].take();
    p["imp_uid"] = json!(imp_uid);
    p["merchant_uid"] = json!(format!("order-{imp_uid}"));
    p["amount"] = json!(amount);
    p
}

fn payment(v: Value) -> Payment {
    serde_json::from_value(v).unwrap()
}

#[tokio::test]
async fn configured_seeds_replace_the_built_in_ones() {
    let h =
        Harness::with(FakeConfig::default().seeds(vec![payment(custom("imp_mine_1", 7000))])).await;
    let token = h.token().await;
    assert_eq!(
        h.get_payment(Some(&token), "imp_mine_1", "").await.status,
        200
    );
    assert_eq!(
        h.get_payment(Some(&token), seeds::CARD_PAID, "")
            .await
            .status,
        404
    );
    assert_eq!(h.fake.payments().len(), 1);
}

#[tokio::test]
async fn seed_adds_or_replaces_and_reset_replaces_all() {
    let h = Harness::start().await;
    let n = h.fake.payments().len();
    h.fake
        .seed(vec![
            payment(custom("imp_mine_2", 1000)),
            payment(custom(seeds::CARD_PAID, 99)),
        ])
        .unwrap();
    assert_eq!(h.fake.payments().len(), n + 1);
    assert_eq!(
        h.fake.payment(seeds::CARD_PAID).unwrap().amount,
        Amount::from_i64(99)
    );

    h.fake.reset(vec![payment(custom("imp_only", 5))]).unwrap();
    assert_eq!(h.fake.payments().len(), 1);
}

#[tokio::test]
async fn bad_seeds_are_refused_with_the_entry_and_field_and_change_nothing() {
    let h = Harness::start().await;
    let before = h.fake.payments();
    let mut bad = custom("imp_bad_1", 1000);
    bad["cancel_amount"] = json!(2000);
    let e = h
        .fake
        .seed(vec![payment(custom("imp_ok", 1)), payment(bad.clone())])
        .unwrap_err();
    assert_eq!(e.imp_uid.as_deref(), Some("imp_bad_1"));
    assert_eq!(e.field.as_deref(), Some("cancel_amount"));
    assert_eq!(h.fake.payments(), before);

    let e = FakeServer::start(FakeConfig::default().seeds(vec![payment(bad)]))
        .await
        .unwrap_err();
    assert!(matches!(e, StartError::Seeds(_)), "{e}");
    assert!(
        e.to_string()
            .contains("entry 0 (imp_uid `imp_bad_1`), field `cancel_amount`"),
        "{e}"
    );
}

/// Kills the child process on drop, so a failing test leaves nothing behind.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary and returns it with the URL it printed.
fn run_binary(args: &[&str]) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portone-v1-fake"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let mut reader = BufReader::new(stdout);
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    // Keep reading the rest, as a terminal would, until the process ends.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let url = first
        .trim()
        .strip_prefix("portone-v1-fake listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_string();
    (running, url)
}

#[tokio::test]
async fn the_binary_serves_a_seed_file_with_custom_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seeds.json");
    std::fs::write(&file, json!([custom("imp_from_file", 4200)]).to_string()).unwrap();
    let (_running, url) = run_binary(&[
        "--seed",
        file.to_str().unwrap(),
        "--imp-key",
        "k1",
        "--imp-secret",
        "s1",
    ]);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let http = http_client();
    let r = http
        .post(format!("{url}/users/getToken"))
        .json(&json!({"imp_key": "k1", "imp_secret": "s1"}))
        .send()
        .await
        .unwrap();
    let token = checked(r).await.json["response"]["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = http
        .get(format!("{url}/payments/imp_from_file"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let r = checked(r).await;
    assert_eq!(r.payment().amount, Amount::from_i64(4200));
    let r = http
        .get(format!("{url}/payments/{}", seeds::CARD_PAID))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        404,
        "the file replaced the built-in seeds"
    );
}

#[tokio::test]
async fn the_binary_applies_a_global_fault() {
    let (_running, url) = run_binary(&["--fault", "status=502"]);
    let r = http_client()
        .post(format!("{url}/users/getToken"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 502);
}

#[test]
fn the_binary_names_the_bad_entry_of_a_seed_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.json");
    let mut second = custom("imp_second", 1000);
    second["cancel_history"] = json!([{"amount": 1000, "cancelled_at": "yesterday"}]);
    std::fs::write(&file, json!([custom("imp_first", 1), second]).to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_portone-v1-fake"))
        .args(["--seed", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "bad.json",
        "entry 1",
        "imp_uid `imp_second`",
        "field `cancel_history[0].cancelled_at`",
    ] {
        assert!(err.contains(needle), "{needle} missing from: {err}");
    }
    assert!(out.stdout.is_empty(), "it did not start");
    assert!(
        !err.contains("usage:"),
        "a seed error is not a usage error: {err}"
    );
}

#[tokio::test]
async fn a_port_in_use_is_a_clear_start_error() {
    let first = FakeServer::start(FakeConfig::default()).await.unwrap();
    let e = FakeServer::start(FakeConfig::default().port(first.addr().port()))
        .await
        .unwrap_err();
    assert!(matches!(e, StartError::Bind { .. }), "{e:?}");
    let text = e.to_string();
    assert!(text.contains(&first.addr().to_string()), "{text}");
    assert!(text.contains("port 0"), "{text}");
}

/// Whoever reads the binary's stdout may go away (a script that read the
/// URL line and moved on): the server must keep serving. Here the pipe's
/// reading end is closed before the binary writes a byte, so its very first
/// write fails (EPIPE); a `println!` would panic and end the process.
#[tokio::test]
async fn the_binary_keeps_serving_after_its_stdout_is_closed() {
    // A free port, named up front: stdout cannot tell us this time.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = Command::new(env!("CARGO_BIN_EXE_portone-v1-fake"))
        .args(["--port", &port.to_string()])
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut running = Running(child);
    let url = format!("http://127.0.0.1:{port}");
    // Wait until it listens (or dies), then give it time to write.
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = running.0.try_wait().unwrap() {
            let mut err = String::new();
            let _ = std::io::Read::read_to_string(running.0.stderr.as_mut().unwrap(), &mut err);
            panic!("the binary ended ({status}) instead of serving: {err}");
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "never listened"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        running.0.try_wait().unwrap().is_none(),
        "the binary ended after its stdout went away"
    );
    let r = http_client()
        .post(format!("{url}/users/getToken"))
        .json(&json!({"imp_key": DEFAULT_IMP_KEY, "imp_secret": DEFAULT_IMP_SECRET}))
        .send()
        .await
        .expect("still serving");
    assert_eq!(r.status().as_u16(), 200);
}
