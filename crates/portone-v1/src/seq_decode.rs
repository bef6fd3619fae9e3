//! How the generated types decode their `Vec` fields (`cancel_history`,
//! `cancel_receipt_urls`, ...): `cargo xtask generate` gives each one
//! `#[serde(deserialize_with = "crate::seq_decode::vec")]`.
//!
//! serde's own `Vec` impl starts empty when the format gives no length (JSON
//! never does) and grows by doubling: 10 cancels of 120 bytes each cost
//! allocations of 480, 960 and 1,920 bytes with two copies, and one past
//! 1 KiB makes glibc's malloc consolidate its free lists first.
//! Here the first elements go to a buffer on the stack and the `Vec` is
//! allocated once, at its final size, when the array is that short (longer
//! ones start at twice the buffer). Typed decoding of a payment with 100
//! cancels took about 9 % less CPU time, with 10 cancels 1 % fewer
//! instructions and no time difference that the noise showed
//! (perf/decode-cpu.sh, BENCHMARKS.md). The elements, their order and every
//! error are serde's.

use std::fmt;
use std::marker::PhantomData;
use std::mem::size_of;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// Elements kept on the stack before the `Vec` is allocated.
const BUFFERED: usize = 16;

/// Largest element buffered: 16 × 256 bytes keeps the buffer within 4 KiB
/// of stack. Larger elements (a whole `Payment` in a list) take serde's path.
const MAX_BUFFERED_SIZE: usize = 256;

/// Decodes a sequence as serde's `Vec<T>` impl does, allocating once for
/// arrays of up to [`BUFFERED`] elements.
pub(crate) fn vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_seq(VecVisitor(PhantomData))
}

struct VecVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // serde's wording, so that errors read as before.
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        if let Some(len) = seq.size_hint() {
            // The format knows the length (e.g. a `serde_json::Value`);
            // capped like serde's, so a lying hint cannot exhaust memory.
            let cap = len.min(1024 * 1024 / size_of::<T>().max(1));
            return push_rest(Vec::with_capacity(cap), seq);
        }
        if size_of::<T>() > MAX_BUFFERED_SIZE {
            return push_rest(Vec::new(), seq);
        }
        let mut buffer: [Option<T>; BUFFERED] = [const { None }; BUFFERED];
        let mut n = 0;
        while n < BUFFERED {
            let Some(element) = seq.next_element()? else {
                break;
            };
            buffer[n] = Some(element);
            n += 1;
        }
        let next = if n < BUFFERED {
            None
        } else {
            seq.next_element()?
        };
        let Some(next) = next else {
            // The whole array: one allocation at its size.
            let mut out = Vec::with_capacity(n);
            out.extend(buffer[..n].iter_mut().filter_map(Option::take));
            return Ok(out);
        };
        let mut out = Vec::with_capacity(2 * BUFFERED);
        out.extend(buffer[..n].iter_mut().filter_map(Option::take));
        out.push(next);
        push_rest(out, seq)
    }
}

fn push_rest<'de, T: Deserialize<'de>, A: SeqAccess<'de>>(
    mut out: Vec<T>,
    mut seq: A,
) -> Result<Vec<T>, A::Error> {
    while let Some(element) = seq.next_element()? {
        out.push(element);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Holder {
        #[serde(deserialize_with = "vec")]
        items: Vec<String>,
    }

    fn items(json: &str) -> Result<Vec<String>, String> {
        serde_json::from_str::<Holder>(json)
            .map(|h| h.items)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn every_length_decodes_in_order_at_its_size() {
        for n in [0, 1, 2, 15, 16, 17, 31, 32, 33, 100] {
            let list: Vec<String> = (0..n).map(|i| format!("e{i}")).collect();
            let json = serde_json::json!({ "items": list }).to_string();
            let got = items(&json).unwrap();
            assert_eq!(got, list, "{n} elements");
            if n <= BUFFERED {
                assert_eq!(got.capacity(), n, "{n} elements: one exact allocation");
            }
            // From a `Value` (a length hint) as well.
            let value = serde_json::json!({ "items": list });
            let from_value: Holder = serde_json::from_value(value).unwrap();
            assert_eq!(from_value.items, list);
        }
    }

    #[test]
    fn errors_read_as_serde_vec_errors() {
        #[derive(serde::Deserialize)]
        struct Plain {
            #[allow(dead_code)]
            items: Vec<String>,
        }
        for json in [
            r#"{"items": "x"}"#,
            r#"{"items": null}"#,
            r#"{"items": ["a", 1]}"#,
            r#"{"items": ["a""#,
        ] {
            let plain = serde_json::from_str::<Plain>(json)
                .err()
                .map(|e| e.to_string());
            assert_eq!(items(json).err(), plain, "{json}");
        }
    }

    #[test]
    fn large_elements_take_serde_path() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Big {
            #[serde(deserialize_with = "vec")]
            items: Vec<([u64; 32], u64)>,
        }
        assert!(size_of::<([u64; 32], u64)>() > MAX_BUFFERED_SIZE);
        let (zeros, twos) = ([0u64; 32], [2u64; 32]);
        let json = serde_json::json!({ "items": [[zeros, 1], [twos, 3]] }).to_string();
        let big: Big = serde_json::from_str(&json).unwrap();
        assert_eq!(big.items, vec![([0u64; 32], 1), ([2u64; 32], 3)]);
    }
}
