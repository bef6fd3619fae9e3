//! The fake's payments: kept in seed order (what `payments()` lists) with an
//! index by `imp_uid`, so that a lookup costs the same however many
//! payments the fake holds.

use std::collections::HashMap;

use portone_v1::Payment;

/// Payments in seed order, plus where each `imp_uid` and `merchant_uid`
/// sits. Ids never change after a payment is added (a cancel changes only
/// balances and history), so only adding and replacing touch the indexes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Payments {
    list: Vec<Payment>,
    by_imp_uid: HashMap<String, usize>,
    /// Positions in ascending order: several payments may share an order id.
    by_merchant_uid: HashMap<String, Vec<usize>>,
}

impl Payments {
    /// Indexes `list` as it is. With a repeated `imp_uid` (which seed
    /// validation refuses) the first one is found.
    pub fn new(list: Vec<Payment>) -> Self {
        let mut payments = Payments {
            list: Vec::with_capacity(list.len()),
            ..Payments::default()
        };
        for p in list {
            payments.push(p);
        }
        payments
    }

    fn push(&mut self, p: Payment) {
        let i = self.list.len();
        self.by_imp_uid.entry(p.imp_uid.clone()).or_insert(i);
        self.by_merchant_uid
            .entry(p.merchant_uid.clone())
            .or_default()
            .push(i);
        self.list.push(p);
    }

    /// Adds `p`, or replaces the payment with its `imp_uid` in place.
    pub fn upsert(&mut self, p: Payment) {
        let Some(&i) = self.by_imp_uid.get(&p.imp_uid) else {
            self.push(p);
            return;
        };
        let old = &self.list[i].merchant_uid;
        if *old != p.merchant_uid {
            if let Some(same) = self.by_merchant_uid.get_mut(old) {
                same.retain(|&j| j != i);
                if same.is_empty() {
                    self.by_merchant_uid.remove(old);
                }
            }
            let same = self
                .by_merchant_uid
                .entry(p.merchant_uid.clone())
                .or_default();
            let at = same.partition_point(|&j| j < i);
            same.insert(at, i);
        }
        self.list[i] = p;
    }

    /// Every payment, in seed order.
    pub fn as_slice(&self) -> &[Payment] {
        &self.list
    }

    /// The payment with this `imp_uid`.
    pub fn get(&self, imp_uid: &str) -> Option<&Payment> {
        self.by_imp_uid.get(imp_uid).map(|&i| &self.list[i])
    }

    /// Where the payment with this `imp_uid` is.
    pub fn position(&self, imp_uid: &str) -> Option<usize> {
        self.by_imp_uid.get(imp_uid).copied()
    }

    /// Where the payments with this `merchant_uid` are, in seed order.
    pub fn positions_of_merchant_uid(&self, merchant_uid: &str) -> &[usize] {
        self.by_merchant_uid
            .get(merchant_uid)
            .map_or(&[], Vec::as_slice)
    }

    /// The payment at a position found above, to change anything but its ids.
    pub fn at_mut(&mut self, position: usize) -> &mut Payment {
        &mut self.list[position]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeds;

    #[test]
    fn upsert_keeps_order_and_both_indexes_right() {
        let seeded = seeds::default_payments();
        let mut payments = Payments::new(seeded.clone());
        let mut moved = seeded[0].clone();
        moved.merchant_uid = seeded[1].merchant_uid.clone();
        payments.upsert(moved.clone());
        let mut added = seeded[2].clone();
        added.imp_uid = "imp_added".to_string();
        payments.upsert(added.clone());

        let ids: Vec<&str> = payments
            .as_slice()
            .iter()
            .map(|p| p.imp_uid.as_str())
            .collect();
        let mut want: Vec<&str> = seeded.iter().map(|p| p.imp_uid.as_str()).collect();
        want.push("imp_added");
        assert_eq!(ids, want);
        assert_eq!(payments.get(&moved.imp_uid), Some(&moved));
        assert_eq!(payments.position("imp_added"), Some(seeded.len()));
        assert!(
            payments
                .positions_of_merchant_uid(&seeded[0].merchant_uid)
                .is_empty()
        );
        assert_eq!(
            payments.positions_of_merchant_uid(&seeded[1].merchant_uid),
            [0, 1]
        );
        assert_eq!(
            payments.positions_of_merchant_uid(&seeded[2].merchant_uid),
            [2, seeded.len()]
        );
        assert_eq!(payments.get("imp_nope"), None);
    }
}
