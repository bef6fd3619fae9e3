//! The lookups by order id: `GET /payments/find/{merchant_uid}[/{payment_status}]`
//! (one payment) and `GET /payments/findAll/{merchant_uid}[/{payment_status}]`
//! (a page of them).
//!
//! The parameters are read into the types the client sends (the generated
//! `PaymentStatusFilter` and `PaymentSorting`, and the client's
//! `FindPaymentsOptions`, whose `check()` holds the spec's limits), so the
//! fake accepts exactly what the spec allows; anything else is the 400 the
//! spec documents. The order, the filter and the paging are in
//! [`select`], apart from HTTP.

use std::num::NonZeroU64;
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use portone_v1::{
    FindPaymentsOptions, Payment, PaymentPage, PaymentPageResponse, PaymentResponse,
    PaymentSorting, PaymentStatusFilter,
};

use crate::routes::{PAYMENT_NOT_FOUND, authorized, unauthorized};
use crate::state::Shared;
use crate::wire::{error, json_response};

/// The fake's own prefix: a parameter outside the spec (HTTP 400, code -1).
pub const BAD_PARAMETER: &str = "올바르지 않은 조회 매개변수입니다.";

/// The order when `sorting` is absent: the spec's `default` of
/// `PaymentSorting`, generated into the options type (the same for
/// `find` and `findAll`).
pub fn default_sorting() -> PaymentSorting {
    PaymentSorting::from_str(FindPaymentsOptions::DEFAULT_SORTING)
        .expect("the spec's default sorting is one of its values")
}
/// The page when `page` is absent (the spec's `default` of `PageQuery`).
pub const DEFAULT_PAGE: NonZeroU64 = non_zero(FindPaymentsOptions::DEFAULT_PAGE);
/// The page size when `limit` is absent (the spec's `default` of
/// `LimitQuery`).
pub const DEFAULT_LIMIT: NonZeroU64 = non_zero(FindPaymentsOptions::DEFAULT_LIMIT);

/// A default of a parameter whose `minimum` is 1, refused when the fake is
/// compiled if the spec ever said 0.
const fn non_zero(n: u64) -> NonZeroU64 {
    match NonZeroU64::new(n) {
        Some(n) => n,
        None => panic!("a page default of 0: the spec's minimum is 1"),
    }
}

/// What a lookup asks for, read and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Query {
    pub status: Option<PaymentStatusFilter>,
    pub sorting: PaymentSorting,
    pub page: NonZeroU64,
    pub limit: NonZeroU64,
}

/// The payments of `merchant_uid` (in `status`, if given), in `sorting`
/// order. Ties keep the seed order (reversed for a descending order, so
/// that the payment added last comes first, as with an earlier timestamp).
pub(crate) fn select(
    payments: &[Payment],
    positions: &[usize],
    status: Option<PaymentStatusFilter>,
    sorting: PaymentSorting,
) -> Vec<Payment> {
    let mut found: Vec<(i64, usize)> = positions
        .iter()
        .copied()
        .filter(|&i| status.is_none_or(|s| payments[i].status.to_string() == s.to_string()))
        .map(|i| (sort_key(&payments[i], sorting), i))
        .collect();
    found.sort_unstable();
    if descending(sorting) {
        found.reverse();
    }
    found
        .into_iter()
        .map(|(_, i)| payments[i].clone())
        .collect()
}

fn descending(sorting: PaymentSorting) -> bool {
    sorting.to_string().starts_with('-')
}

/// The time a sorting orders by. `updated` is the last change the fake
/// knows of: the latest of started, paid, failed and cancelled.
fn sort_key(p: &Payment, sorting: PaymentSorting) -> i64 {
    match sorting {
        PaymentSorting::Started | PaymentSorting::Xstarted => p.started_at,
        PaymentSorting::Paid | PaymentSorting::Xpaid => p.paid_at,
        PaymentSorting::Updated | PaymentSorting::Xupdated => p
            .started_at
            .max(p.paid_at)
            .max(p.failed_at)
            .max(p.cancelled_at),
    }
}

/// Page `page` of `limit` out of `all`: `previous` is `page - 1` (0 on the
/// first page), `next` is `page + 1` while payments remain after this page
/// (0 otherwise); a page past the end is empty, with the full `total`.
pub(crate) fn page_of(all: Vec<Payment>, page: NonZeroU64, limit: NonZeroU64) -> PaymentPage {
    let total = all.len() as u64;
    let start = (page.get() - 1).checked_mul(limit.get());
    let end = start.and_then(|s| s.checked_add(limit.get()));
    let list: Vec<Payment> = match start {
        Some(s) if s < total => all
            .into_iter()
            .skip(s as usize)
            .take(limit.get() as usize)
            .collect(),
        _ => Vec::new(),
    };
    let next = match end {
        Some(e) if e < total => page.get() + 1,
        _ => 0,
    };
    // `page` was checked to fit an int64 (the spec's format), so these do.
    let int = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    PaymentPage {
        total: int(total),
        previous: int(page.get() - 1),
        next: int(next),
        list,
    }
}

/// Reads the query string: `sorting`, and for a list `page` and `limit`;
/// the first value of a repeated parameter counts, unknown ones are
/// ignored. Errors name the parameter, for the 400.
fn read_query(
    uri: &Uri,
    status: Option<PaymentStatusFilter>,
    paged: bool,
) -> Result<Query, String> {
    let pairs: Vec<(String, String)> = uri
        .query()
        .map(serde_urlencoded::from_str)
        .transpose()
        .map_err(|e| format!("the query string: {e}"))?
        .unwrap_or_default();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let sorting = match value("sorting") {
        None => default_sorting(),
        Some(v) => PaymentSorting::from_str(v).map_err(|_| format!("sorting: `{v}`"))?,
    };
    let mut query = Query {
        status,
        sorting,
        page: DEFAULT_PAGE,
        limit: DEFAULT_LIMIT,
    };
    if !paged {
        return Ok(query);
    }
    let number = |name: &str| -> Result<Option<NonZeroU64>, String> {
        value(name)
            .map(|v| {
                let n = NonZeroU64::from_str(v).map_err(|e| format!("{name}: `{v}`: {e}"))?;
                // `format: int64`: the page numbers answered are int64 too.
                i64::try_from(n.get())
                    .map(|_| n)
                    .map_err(|_| format!("{name}: `{v}` does not fit an int64"))
            })
            .transpose()
    };
    let mut options = FindPaymentsOptions::new();
    if let Some(page) = number("page")? {
        query.page = page;
        options = options.page(page);
    }
    if let Some(limit) = number("limit")? {
        query.limit = limit;
        options = options.limit(limit);
    }
    // The spec's limits (`limit` up to its maximum), as the client checks them.
    options
        .check()
        .map_err(|e| format!("{}: {}", e.field, e.reason))?;
    Ok(query)
}

/// The status segment of a `.../{payment_status}` path.
fn read_status(segment: &str) -> Result<PaymentStatusFilter, String> {
    PaymentStatusFilter::from_str(segment).map_err(|_| format!("payment_status: `{segment}`"))
}

fn bad_parameter(detail: String) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        -1,
        format!("{BAD_PARAMETER} ({detail}, fake 자체 메시지)"),
    )
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, -1, PAYMENT_NOT_FOUND)
}

/// One lookup: authentication, then the parameters, then the store.
fn lookup(
    shared: &Shared,
    headers: &HeaderMap,
    uri: &Uri,
    merchant_uid: Result<String, ()>,
    status: Option<&str>,
    paged: bool,
) -> Response {
    if !authorized(shared, headers) {
        return unauthorized();
    }
    let status = match status.map(read_status).transpose() {
        Ok(s) => s,
        Err(detail) => return bad_parameter(detail),
    };
    let query = match read_query(uri, status, paged) {
        Ok(q) => q,
        Err(detail) => return bad_parameter(detail),
    };
    // An order id that does not percent-decode to UTF-8 names no payment:
    // the 404 of an unknown one (as `GET /payments/{imp_uid}` does).
    let Ok(merchant_uid) = merchant_uid else {
        return not_found();
    };
    let found = {
        let store = shared.store();
        let positions = store.payments.positions_of_merchant_uid(&merchant_uid);
        select(
            store.payments.as_slice(),
            positions,
            query.status,
            query.sorting,
        )
    };
    if found.is_empty() {
        return not_found();
    }
    if !paged {
        let first = found.into_iter().next();
        return json_response(
            StatusCode::OK,
            &PaymentResponse {
                code: 0,
                message: None,
                response: first,
            },
        );
    }
    json_response(
        StatusCode::OK,
        &PaymentPageResponse {
            code: 0,
            message: None,
            response: Some(page_of(found, query.page, query.limit)),
        },
    )
}

/// `GET /payments/find/{merchant_uid}`.
pub(crate) async fn find_payment(
    State(shared): State<Arc<Shared>>,
    merchant_uid: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let merchant_uid = merchant_uid.map(|Path(m)| m).map_err(drop);
    lookup(&shared, &headers, &uri, merchant_uid, None, false)
}

/// `GET /payments/find/{merchant_uid}/{payment_status}`.
pub(crate) async fn find_payment_with_status(
    State(shared): State<Arc<Shared>>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    with_status(&shared, &headers, &uri, path, false)
}

/// `GET /payments/findAll/{merchant_uid}`.
pub(crate) async fn find_payments(
    State(shared): State<Arc<Shared>>,
    merchant_uid: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let merchant_uid = merchant_uid.map(|Path(m)| m).map_err(drop);
    lookup(&shared, &headers, &uri, merchant_uid, None, true)
}

/// `GET /payments/findAll/{merchant_uid}/{payment_status}`.
pub(crate) async fn find_payments_with_status(
    State(shared): State<Arc<Shared>>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    with_status(&shared, &headers, &uri, path, true)
}

/// A path with a status segment. When the path does not decode, its raw
/// status segment (the last one) still says whether it is a known status.
fn with_status(
    shared: &Shared,
    headers: &HeaderMap,
    uri: &Uri,
    path: Result<Path<(String, String)>, PathRejection>,
    paged: bool,
) -> Response {
    match path {
        Ok(Path((merchant_uid, status))) => {
            lookup(shared, headers, uri, Ok(merchant_uid), Some(&status), paged)
        }
        Err(_) => {
            let raw = uri.path().rsplit('/').next().unwrap_or_default();
            lookup(shared, headers, uri, Err(()), Some(raw), paged)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeds;

    fn order(ids: &[(&str, &str, i64, i64)]) -> (Vec<Payment>, Vec<usize>) {
        let card = seeds::default_payments()
            .into_iter()
            .find(|p| p.imp_uid == seeds::CARD_PAID)
            .unwrap();
        let list: Vec<Payment> = ids
            .iter()
            .map(|&(imp_uid, status, started_at, paid_at)| {
                let mut p = card.clone();
                p.imp_uid = imp_uid.into();
                p.status = status.parse().unwrap();
                p.started_at = started_at;
                p.paid_at = paid_at;
                p
            })
            .collect();
        let positions = (0..list.len()).collect();
        (list, positions)
    }

    fn ids(found: &[Payment]) -> Vec<&str> {
        found.iter().map(|p| p.imp_uid.as_str()).collect()
    }

    #[test]
    fn every_sorting_orders_and_ties_keep_the_seed_order() {
        let (list, at) = order(&[
            ("a", "failed", 100, 0),
            ("b", "paid", 300, 310),
            ("c", "paid", 200, 400),
            ("d", "ready", 300, 0),
        ]);
        let by = |s: &str| ids(&select(&list, &at, None, s.parse().unwrap())).join("");
        assert_eq!(by("started"), "acbd");
        assert_eq!(by("-started"), "dbca");
        assert_eq!(by("paid"), "adbc");
        assert_eq!(by("-paid"), "cbda");
        assert_eq!(by("updated"), "adbc");
        assert_eq!(by("-updated"), "cbda");
        let paid = select(
            &list,
            &at,
            Some(PaymentStatusFilter::Paid),
            default_sorting(),
        );
        assert_eq!(ids(&paid), ["b", "c"]);
        assert!(
            select(
                &list,
                &at,
                Some(PaymentStatusFilter::Cancelled),
                default_sorting()
            )
            .is_empty()
        );
    }

    #[test]
    fn pages_count_from_one_and_say_what_is_around_them() {
        let (list, _) = order(&[
            ("a", "paid", 1, 1),
            ("b", "paid", 2, 2),
            ("c", "paid", 3, 3),
        ]);
        let page = |p: u64, l: u64| {
            let page = page_of(
                list.clone(),
                NonZeroU64::new(p).unwrap(),
                NonZeroU64::new(l).unwrap(),
            );
            (
                page.total,
                page.previous,
                page.next,
                ids(&page.list).join(""),
            )
        };
        assert_eq!(page(1, 2), (3, 0, 2, "ab".into()));
        assert_eq!(page(2, 2), (3, 1, 0, "c".into()));
        assert_eq!(page(3, 2), (3, 2, 0, String::new()));
        assert_eq!(page(1, 3), (3, 0, 0, "abc".into()));
        // No overflow, however far past the end.
        assert_eq!(
            page(u64::MAX / 2, u64::MAX / 2),
            (3, i64::MAX - 1, 0, String::new())
        );
    }
}
