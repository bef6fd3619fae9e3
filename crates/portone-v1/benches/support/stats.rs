//! The statistics of the alternated-block benches (cancel_cpu.rs,
//! decode_cpu.rs): medians and a bootstrap interval, no dependency.

/// The median of `xs` (the mean of the middle two for an even count).
pub fn median_of(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The median and a percentile-bootstrap 95 % interval of it (1,000
/// resamples, a fixed-seed generator so a rerun on the same data agrees).
pub fn median_with_interval(xs: &[f64]) -> (f64, f64, f64) {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut medians: Vec<f64> = (0..1000)
        .map(|_| {
            let sample: Vec<f64> = (0..xs.len())
                .map(|_| xs[(next() % xs.len() as u64) as usize])
                .collect();
            median_of(&sample)
        })
        .collect();
    medians.sort_by(f64::total_cmp);
    (median_of(xs), medians[25], medians[974])
}
