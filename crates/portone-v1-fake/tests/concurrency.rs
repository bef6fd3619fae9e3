//! 500 cancels of one payment at the same time: no lost update, the balance
//! never below zero, the history adding up to `cancel_amount`.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::Harness;
use portone_v1::money::Amount;
use portone_v1::open_enums::PaymentStatus;
use portone_v1_fake::cancel::{ALREADY_CANCELLED, CHECKSUM_MISMATCH};
use portone_v1_fake::seeds;
use serde_json::json;

const CONCURRENT: usize = 500;

/// File descriptors one storm needs: a client and a server socket per
/// cancel, plus the test's own.
const FDS_NEEDED: libc::rlim_t = 2 * CONCURRENT as libc::rlim_t + 150;

/// One storm at a time: two at once would need twice the descriptors.
static ONE_STORM: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Raises this process's soft limit on open files to its hard limit when
/// the soft one is too low for a storm (1024 is a common default), and
/// fails with the fix when even the hard limit is.
fn ensure_fd_limit() {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(|| {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit/setrlimit only read and write `limit`.
        unsafe {
            assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
            if limit.rlim_cur < FDS_NEEDED {
                assert!(
                    limit.rlim_max >= FDS_NEEDED,
                    "the concurrency tests need about {FDS_NEEDED} open files, but the hard limit is {}: raise it (ulimit -Hn)",
                    limit.rlim_max
                );
                limit.rlim_cur = limit.rlim_max;
                assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
            }
        }
    });
}

/// Runs `CONCURRENT` cancels at once (a barrier releases them together)
/// and returns every answer's JSON.
async fn storm(h: Arc<Harness>, body: serde_json::Value) -> Vec<(i64, serde_json::Value)> {
    ensure_fd_limit();
    let _one = ONE_STORM.lock().await;
    let token = Arc::new(h.token().await);
    let barrier = Arc::new(tokio::sync::Barrier::new(CONCURRENT));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENT {
        let (h, token, barrier, body) = (h.clone(), token.clone(), barrier.clone(), body.clone());
        tasks.spawn(async move {
            barrier.wait().await;
            let r = h.cancel(&token, body).await;
            assert_eq!(r.status, 200, "{}", r.text);
            (r.code(), r.json)
        });
    }
    let mut out = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        out.push(joined.expect("task completes"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_partial_cancels_lose_nothing() {
    let h = Arc::new(Harness::start().await);
    // 20,000 left of 30,000; 500 cancels of 100 ask for 50,000.
    let answers = storm(
        h.clone(),
        json!({"imp_uid": seeds::PARTIALLY_CANCELLED, "amount": 100}),
    )
    .await;
    let ok: Vec<&serde_json::Value> = answers
        .iter()
        .filter(|(code, _)| *code == 0)
        .map(|(_, j)| j)
        .collect();
    assert_eq!(ok.len(), 200, "exactly the balance is cancelled");
    for (code, j) in answers.iter().filter(|(code, _)| *code != 0) {
        assert_eq!(
            (*code, j["message"].as_str().unwrap()),
            (1, ALREADY_CANCELLED)
        );
    }
    // Every success saw a different cancel_amount: no two read the same balance.
    let seen: BTreeSet<i64> = ok
        .iter()
        .map(|j| j["response"]["cancel_amount"].as_i64().unwrap())
        .collect();
    assert_eq!(seen, (101..=300).map(|n| n * 100).collect::<BTreeSet<_>>());

    let p = h.fake.payment(seeds::PARTIALLY_CANCELLED).unwrap();
    assert_eq!(p.cancel_amount, p.amount);
    assert_eq!(p.status, PaymentStatus::Cancelled);
    assert_eq!(p.cancel_history.len(), 201);
    assert_eq!(p.cancel_receipt_urls.len(), 201);
    let sum = p
        .cancel_history
        .iter()
        .fold(Amount::ZERO, |a, c| a.checked_add(c.amount).unwrap());
    assert_eq!(sum, p.cancel_amount);
    let ids: BTreeSet<_> = p
        .cancel_history
        .iter()
        .map(|c| c.cancellation_id.clone())
        .collect();
    assert_eq!(ids.len(), 201, "cancellation ids are unique");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_cancels_with_the_same_checksum_succeed_once() {
    let h = Arc::new(Harness::start().await);
    let answers = storm(
        h.clone(),
        json!({"imp_uid": seeds::CARD_PAID, "amount": 1000, "checksum": 50000}),
    )
    .await;
    let ok = answers.iter().filter(|(code, _)| *code == 0).count();
    assert_eq!(ok, 1, "the checksum lets exactly one through");
    for (code, j) in answers.iter().filter(|(code, _)| *code != 0) {
        assert_eq!(*code, 1);
        assert!(
            j["message"]
                .as_str()
                .unwrap()
                .starts_with(CHECKSUM_MISMATCH)
        );
    }
    let p = h.fake.payment(seeds::CARD_PAID).unwrap();
    assert_eq!(p.cancel_amount, Amount::from_i64(1000));
    assert_eq!(p.cancel_history.len(), 1);
}
