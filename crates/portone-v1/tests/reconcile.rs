//! `PortOne::guard_cancel` + `PortOne::reconcile_with` against the local
//! fake: answers lost after the refund (`drop=after`, `truncate`), requests
//! lost before it (`drop`, `status=502`), concurrent guarded cancels of one
//! payment with some answers lost, a refund by someone else in between,
//! and failing reads. Then, on a mock server, a cancel still in flight at
//! the first read (the second read, after the settle wait, sees it).
//!
//! Every wait is zero or a few milliseconds (`ReconcileOptions`), and
//! every test is bounded by `bounded`: nothing here can hang, and no
//! assertion is about time.

mod support;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use portone_v1::cancel::{CancelAmount, CancelRequest, Target};
use portone_v1::money::Amount;
use portone_v1::{
    CancelError, CancelOutcome, PortOne, PreparedCancel, ProvideErrorMetadata, ReconcileError,
    ReconcileOptions, cancellable_balance,
};
use portone_v1_fake::cancel::CHECKSUM_MISMATCH;
use portone_v1_fake::{FakeConfig, FakeServer, seeds};
use portone_v1_mock::MockApi;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

/// Far longer than any test here takes; only a hang reaches it.
const LIMIT: Duration = Duration::from_secs(60);

async fn bounded<F: Future>(name: &str, f: F) -> F::Output {
    match tokio::time::timeout(LIMIT, f).await {
        Ok(v) => v,
        Err(_) => panic!("{name}: not finished after {LIMIT:?}"),
    }
}

/// No waits: the tests decide what the reads see.
fn fast() -> ReconcileOptions {
    ReconcileOptions::new()
        .settle_wait(Duration::ZERO)
        .read_pause(Duration::ZERO)
}

async fn fake_and_client() -> (FakeServer, PortOne) {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let client = PortOne::builder(fake.imp_key(), fake.imp_secret().clone())
        .base_url(fake.base_url())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    client.get_payment(seeds::CARD_PAID).await.unwrap(); // token cached
    (fake, client)
}

fn krw(n: i64) -> Amount {
    Amount::from_i64(n)
}

fn partial(imp_uid: &str, amount: i64, reason: &str) -> CancelRequest {
    CancelRequest::builder(Target::imp_uid(imp_uid), CancelAmount::partial(krw(amount)))
        .reason(reason)
        .build()
        .unwrap()
}

/// The answer to the cancel is lost after PortOne refunded: reconcile finds
/// the refund, with its entry, by reading only.
#[tokio::test]
async fn an_answer_lost_after_the_refund_settles_as_refunded() {
    bounded("refunded", async {
        let (fake, client) = fake_and_client().await;
        for (fault, id, amount) in [
            ("drop=after", seeds::CARD_PAID, 7000),
            ("truncate", seeds::POINT_PAID, 1000),
        ] {
            let guard = client
                .guard_cancel(&partial(id, amount, fault))
                .await
                .unwrap();
            assert_eq!(
                guard.request().checksum(),
                Some(guard.balance_before()),
                "the request is guarded with the balance it read"
            );
            fake.fault_next_on("/payments/cancel", 1, fault.parse().unwrap());
            let e = client.cancel(guard.request()).await.unwrap_err();
            assert!(!e.nothing_cancelled(), "{fault}: unknown outcome: {e:?}");

            let sent = fake.request_count();
            let outcome = client.reconcile_with(&guard, &fast()).await.unwrap();
            assert_eq!(
                fake.request_count(),
                sent + 1,
                "{fault}: one read, no cancel"
            );
            match &outcome {
                CancelOutcome::Refunded { entry, change } => {
                    assert_eq!(entry.amount, krw(amount));
                    assert_eq!(entry.reason.as_deref(), Some(fault));
                    assert!(entry.cancellation_id.is_some());
                    assert_eq!(change.new_entries, vec![entry.clone()]);
                    assert_eq!(
                        change.balance_now,
                        guard.balance_before().checked_sub(krw(amount)).unwrap()
                    );
                }
                other => panic!("{fault}: {other:?}"),
            }
            assert_eq!(outcome.payment(), &fake.payment(id).unwrap());
        }
    })
    .await;
}

/// A request lost before PortOne processed it: the balance does not move,
/// also on the second read, so nothing was refunded; resending the same
/// guarded request then refunds once, and once only.
#[tokio::test]
async fn a_request_lost_before_processing_settles_as_not_refunded() {
    bounded("not refunded", async {
        let (fake, client) = fake_and_client().await;
        for fault in ["drop", "status=502", "status=503"] {
            let before = fake.payment(seeds::CARD_PAID).unwrap();
            let guard = client
                .guard_cancel(&partial(seeds::CARD_PAID, 1000, fault))
                .await
                .unwrap();
            fake.fault_next_on("/payments/cancel", 1, fault.parse().unwrap());
            let e = client.cancel(guard.request()).await.unwrap_err();
            assert!(!e.nothing_cancelled(), "{fault}: {e:?}");

            let sent = fake.request_count();
            let outcome = client.reconcile_with(&guard, &fast()).await.unwrap();
            assert_eq!(
                fake.request_count(),
                sent + 2,
                "{fault}: read, wait, read again; never the cancel"
            );
            match &outcome {
                CancelOutcome::NotRefunded { change } => {
                    assert_eq!(change.balance_now, cancellable_balance(&before));
                    assert!(change.new_entries.is_empty());
                }
                other => panic!("{fault}: {other:?}"),
            }

            // Safe to resend: it refunds now, and a further resend is refused.
            let after = client.cancel(guard.request()).await.unwrap();
            assert_eq!(after.cancel_history.len(), before.cancel_history.len() + 1);
            let e = client.cancel(guard.request()).await.unwrap_err();
            assert!(matches!(e, CancelError::Refused(_)), "{e:?}");
            assert_eq!(
                fake.payment(seeds::CARD_PAID).unwrap().cancel_amount,
                before.cancel_amount.checked_add(krw(1000)).unwrap(),
                "{fault}: refunded exactly once"
            );
            // Now reconcile sees this request's refund.
            assert!(
                client
                    .reconcile_with(&guard, &fast())
                    .await
                    .unwrap()
                    .refunded()
            );
        }
    })
    .await;
}

/// The entries that were there before the guard read are not taken for
/// new ones, and a full cancel expects the whole guarded balance.
#[tokio::test]
async fn a_full_cancel_of_a_partly_cancelled_payment() {
    bounded("full", async {
        let (fake, client) = fake_and_client().await;
        let request = CancelRequest::builder(
            Target::imp_uid(seeds::PARTIALLY_CANCELLED),
            CancelAmount::FullRemaining,
        )
        .build()
        .unwrap();
        let guard = client.guard_cancel(&request).await.unwrap();
        assert!(!guard.history_before().is_empty(), "the seed has history");
        fake.fault_next_on("/payments/cancel", 1, "drop=after".parse().unwrap());
        client.cancel(guard.request()).await.unwrap_err();
        match client.reconcile_with(&guard, &fast()).await.unwrap() {
            CancelOutcome::Refunded { entry, change } => {
                assert_eq!(entry.amount, guard.balance_before());
                assert_eq!(change.new_entries.len(), 1);
                assert_eq!(change.balance_now, Amount::ZERO);
            }
            other => panic!("{other:?}"),
        }
    })
    .await;
}

/// Someone else refunds between the guard's read and the send: the
/// guarded cancel is refused (its checksum no longer matches), and when its
/// answer is lost, reconcile says the balance moved otherwise and shows the
/// other refund.
#[tokio::test]
async fn another_refund_in_between_settles_as_moved_otherwise() {
    bounded("moved otherwise", async {
        let (fake, client) = fake_and_client().await;
        let guard = client
            .guard_cancel(&partial(seeds::CARD_PAID, 3000, "ours"))
            .await
            .unwrap();
        // The console (or another process) refunds 2,500 meanwhile.
        client
            .cancel(&partial(seeds::CARD_PAID, 2500, "theirs"))
            .await
            .unwrap();
        fake.fault_next_on("/payments/cancel", 1, "drop=after".parse().unwrap());
        let e = client.cancel(guard.request()).await.unwrap_err();
        assert!(!e.nothing_cancelled());
        match client.reconcile_with(&guard, &fast()).await.unwrap() {
            CancelOutcome::MovedOtherwise { change } => {
                assert_eq!(change.balance_before, guard.balance_before());
                assert_eq!(change.moved(), krw(2500));
                assert_eq!(change.new_entries.len(), 1);
                assert_eq!(change.new_entries[0].reason.as_deref(), Some("theirs"));
            }
            other => panic!("{other:?}"),
        }
        // What the fake holds agrees: only the other refund happened.
        let payment = fake.payment(seeds::CARD_PAID).unwrap();
        assert_eq!(payment.cancel_amount, krw(2500));
        // And the guarded request can refund nothing any more.
        let e = client.cancel(guard.request()).await.unwrap_err();
        assert!(
            e.message()
                .unwrap_or_default()
                .starts_with(CHECKSUM_MISMATCH),
            "{e}"
        );
    })
    .await;
}

/// 16 guarded cancels of one payment, all read before any is sent, sent at
/// once, the first 5 to arrive losing their answer after processing.
/// Exactly one refunds (the checksum lets only the first through); every
/// lost answer settles, and exactly one of all the requests says it
/// refunded, the one whose reason is on the new entry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_guarded_cancels_refund_once_and_settle() {
    const TASKS: usize = 16;
    const LOST: usize = 5;
    bounded("concurrent", async {
        let (fake, client) = fake_and_client().await;
        let before = fake.payment(seeds::CARD_PAID).unwrap();
        let mut guards = Vec::new();
        for i in 0..TASKS {
            let request = partial(seeds::CARD_PAID, 1000, &format!("task-{i:02}"));
            guards.push(Arc::new(client.guard_cancel(&request).await.unwrap()));
        }
        fake.fault_next_on("/payments/cancel", LOST, "drop=after".parse().unwrap());
        let mut tasks = tokio::task::JoinSet::new();
        for (i, guard) in guards.iter().enumerate() {
            let (client, guard) = (client.clone(), guard.clone());
            tasks.spawn(async move { (i, client.cancel(guard.request()).await) });
        }
        let mut answers = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            answers.push(joined.unwrap());
        }

        let mut refunded_by = Vec::new();
        let mut lost = 0;
        for (i, answer) in answers {
            match answer {
                Ok(_) => refunded_by.push(i),
                Err(e) if e.nothing_cancelled() => {
                    assert!(matches!(e, CancelError::Refused(_)), "task {i}: {e:?}");
                }
                Err(_) => {
                    lost += 1;
                    match client.reconcile_with(&guards[i], &fast()).await.unwrap() {
                        CancelOutcome::Refunded { entry, .. } => {
                            assert_eq!(entry.reason, Some(format!("task-{i:02}")));
                            refunded_by.push(i);
                        }
                        CancelOutcome::MovedOtherwise { change } => {
                            assert_eq!(change.moved(), krw(1000));
                            assert_ne!(change.new_entries[0].reason, Some(format!("task-{i:02}")));
                        }
                        other => panic!("task {i}: {other:?}"),
                    }
                }
            }
        }
        assert_eq!(lost, LOST, "the queued faults hit {LOST} requests");
        assert_eq!(
            refunded_by.len(),
            1,
            "exactly one refunded: {refunded_by:?}"
        );
        let after = fake.payment(seeds::CARD_PAID).unwrap();
        assert_eq!(
            after.cancel_amount,
            before.cancel_amount.checked_add(krw(1000)).unwrap()
        );
        assert_eq!(after.cancel_history.len(), before.cancel_history.len() + 1);
        assert_eq!(
            after.cancel_history.last().unwrap().reason,
            Some(format!("task-{:02}", refunded_by[0]))
        );
    })
    .await;
}

/// Reads are retried; a failure a retry cannot mend is not; reads that
/// keep failing leave the outcome unknown.
#[tokio::test]
async fn failing_reads_are_retried_then_reported() {
    bounded("reads", async {
        let (fake, client) = fake_and_client().await;
        let guard = client
            .guard_cancel(&partial(seeds::CARD_PAID, 1000, "reads"))
            .await
            .unwrap();
        let lookup = format!("/payments/{}", seeds::CARD_PAID);
        let options = fast().read_attempts(3);

        // Two failed tries, then a good one (and its second read).
        fake.fault_next_on(&lookup, 2, "status=502".parse().unwrap());
        let sent = fake.request_count();
        let outcome = client.reconcile_with(&guard, &options).await.unwrap();
        assert!(
            matches!(outcome, CancelOutcome::NotRefunded { .. }),
            "{outcome:?}"
        );
        assert_eq!(fake.request_count(), sent + 4);

        // Three failed tries: the outcome stays unknown.
        fake.fault_next_on(&lookup, 3, "drop".parse().unwrap());
        let e = client.reconcile_with(&guard, &options).await.unwrap_err();
        assert!(
            matches!(e, ReconcileError::Read { attempts: 3, .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("still unknown"), "{e}");

        // No such payment any more: one try, no retry.
        let others: Vec<_> = fake
            .payments()
            .into_iter()
            .filter(|p| p.imp_uid != seeds::CARD_PAID)
            .collect();
        fake.reset(others).unwrap();
        let e = client.reconcile_with(&guard, &options).await.unwrap_err();
        assert!(
            matches!(e, ReconcileError::Read { attempts: 1, .. }),
            "{e:?}"
        );
        assert_eq!(e.status(), Some(404));
    })
    .await;
}

/// A guard saved as JSON and read back settles the same way (what the CLI
/// does across processes).
#[tokio::test]
async fn a_saved_guard_settles_after_a_restart() {
    bounded("saved", async {
        let (fake, client) = fake_and_client().await;
        let guard = client
            .guard_cancel(&partial(seeds::CARD_PAID, 4000, "saved"))
            .await
            .unwrap();
        let saved = guard.to_json();
        fake.fault_next_on("/payments/cancel", 1, "drop=after".parse().unwrap());
        client.cancel(guard.request()).await.unwrap_err();
        let back = PreparedCancel::from_json(&saved).unwrap();
        assert_eq!(back.request().to_wire(), guard.request().to_wire());
        assert!(
            client
                .reconcile_with(&back, &fast())
                .await
                .unwrap()
                .refunded()
        );
    })
    .await;
}

/// A cancel still in flight when the first read is made: the balance has
/// not moved yet, the second read (after the settle wait) sees the refund.
/// On a mock, whose reads answer in turn, so that nothing depends on time.
#[tokio::test]
async fn a_cancel_in_flight_at_the_first_read_is_seen_by_the_second() {
    bounded("in flight", async {
        let server = MockApi::start().await;
        support::mount_token(&server).await;
        let payment = |cancel_amount: i64, history: serde_json::Value| {
            let mut p =
                support::card_payment("imp_flight", json!(10000), json!(cancel_amount), "paid");
            p["cancel_history"] = history;
            json!({"code": 0, "message": null, "response": p})
        };
        let unmoved = payment(0, json!([]));
        let refunded = payment(
            3000,
            json!([{"pg_tid": "t1", "amount": 3000, "cancelled_at": 1_732_500_100,
                    "reason": "flight", "receipt_url": null, "cancellation_id": "c1"}]),
        );
        // The guard's read and the first reconcile read see no refund.
        Mock::given(method("GET"))
            .and(path("/payments/imp_flight"))
            .respond_with(ResponseTemplate::new(200).set_body_json(unmoved))
            .up_to_n_times(2)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/payments/imp_flight"))
            .respond_with(ResponseTemplate::new(200).set_body_json(refunded))
            .with_priority(2)
            .mount(&server)
            .await;
        let client = support::client(&server);
        let guard = client
            .guard_cancel(&partial("imp_flight", 3000, "flight"))
            .await
            .unwrap();
        let options = fast().settle_wait(Duration::from_millis(5));
        match client.reconcile_with(&guard, &options).await.unwrap() {
            CancelOutcome::Refunded { entry, .. } => {
                assert_eq!(entry.cancellation_id.as_deref(), Some("c1"))
            }
            other => panic!("{other:?}"),
        }
        let reads = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.method.as_str() == "GET")
            .count();
        assert_eq!(reads, 3, "the guard's read and two reconcile reads");
    })
    .await;
}
