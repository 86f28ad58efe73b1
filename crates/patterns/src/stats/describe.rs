//! Descriptive statistics of one numeric answer, from its histogram over distinct values.

use serde::Serialize;

/// What a card shows per group: centre, spread and shape.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Description {
    pub n: u64,
    pub mean: f64,
    pub median: f64,
    /// The most frequent value (the smallest of equally frequent ones).
    pub mode: f64,
    /// Standard deviation with n − 1 in the denominator; `None` below two answers.
    pub sd: Option<f64>,
    pub q1: f64,
    pub q3: f64,
    pub min: f64,
    pub max: f64,
    /// Bias-corrected sample skewness G₁ (Joanes & Gill 1998); `None` below three answers.
    pub skewness: Option<f64>,
    /// Bias-corrected excess kurtosis G₂; `None` below four answers.
    pub kurtosis: Option<f64>,
    /// Sarle's bimodality coefficient (G₁² + 1) / (G₂ + 3(n−1)²/((n−2)(n−3))); above 5/9
    /// suggests two peaks.
    pub bimodality: Option<f64>,
}

/// The `k`-th smallest value (0-based) of the histogram.
fn order_statistic(values: &[f64], counts: &[u64], k: u64) -> f64 {
    let mut seen = 0;
    for (v, &c) in values.iter().zip(counts) {
        seen += c;
        if k < seen {
            return *v;
        }
    }
    *values.last().expect("non-empty")
}

/// Quantile with linear interpolation between order statistics (numpy's default).
fn quantile(values: &[f64], counts: &[u64], n: u64, p: f64) -> f64 {
    let h = (n - 1) as f64 * p;
    let lo = h.floor();
    let a = order_statistic(values, counts, lo as u64);
    if h == lo {
        return a;
    }
    let b = order_statistic(values, counts, lo as u64 + 1);
    a + (h - lo) * (b - a)
}

/// Describes a histogram: `counts[i]` answers have value `values[i]` (`values` ascending).
/// `None` when there are no answers.
pub fn describe(values: &[f64], counts: &[u64]) -> Option<Description> {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let mean = values
        .iter()
        .zip(counts)
        .map(|(v, &c)| v * c as f64)
        .sum::<f64>()
        / nf;
    let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
    for (v, &c) in values.iter().zip(counts) {
        let d = v - mean;
        let c = c as f64;
        m2 += c * d * d;
        m3 += c * d * d * d;
        m4 += c * d * d * d * d;
    }
    let sd = (n >= 2).then(|| (m2 / (nf - 1.0)).sqrt());
    let (m2, m3, m4) = (m2 / nf, m3 / nf, m4 / nf);
    let skewness =
        (n >= 3 && m2 > 0.0).then(|| m3 / m2.powf(1.5) * (nf * (nf - 1.0)).sqrt() / (nf - 2.0));
    let kurtosis = (n >= 4 && m2 > 0.0).then(|| {
        let g2 = m4 / (m2 * m2) - 3.0;
        ((nf + 1.0) * g2 + 6.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0))
    });
    let bimodality = match (skewness, kurtosis) {
        (Some(g1), Some(g2)) => {
            let base = 3.0 * (nf - 1.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0));
            Some((g1 * g1 + 1.0) / (g2 + base))
        }
        _ => None,
    };
    let mode = values
        .iter()
        .zip(counts)
        .fold(
            (f64::NAN, 0u64),
            |best, (v, &c)| if c > best.1 { (*v, c) } else { best },
        )
        .0;
    let first = values
        .iter()
        .zip(counts)
        .find(|(_, &c)| c > 0)
        .map(|(v, _)| *v);
    let last = values
        .iter()
        .zip(counts)
        .rev()
        .find(|(_, &c)| c > 0)
        .map(|(v, _)| *v);
    Some(Description {
        n,
        mean,
        median: quantile(values, counts, n, 0.5),
        mode,
        sd,
        q1: quantile(values, counts, n, 0.25),
        q3: quantile(values, counts, n, 0.75),
        min: first.unwrap_or(f64::NAN),
        max: last.unwrap_or(f64::NAN),
        skewness,
        kurtosis,
        bimodality,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_a_small_sample_like_a_spreadsheet() {
        // 1, 2, 2, 3, 10
        let d = describe(&[1.0, 2.0, 3.0, 10.0], &[1, 2, 1, 1]).unwrap();
        assert_eq!(
            (d.n, d.median, d.mode, d.min, d.max),
            (5, 2.0, 2.0, 1.0, 10.0)
        );
        assert!((d.mean - 3.6).abs() < 1e-12);
        assert!((d.sd.unwrap() - 3.646916505762094).abs() < 1e-12);
        // scipy.stats.skew(…, bias=False) and kurtosis(…, bias=False), as Excel's SKEW and KURT.
        assert!(
            (d.skewness.unwrap() - 2.028_699_102_080_332).abs() < 1e-12,
            "{d:?}"
        );
        assert!(
            (d.kurtosis.unwrap() - 4.272_146_531_742_893).abs() < 1e-12,
            "{d:?}"
        );
    }

    #[test]
    fn two_peaks_have_a_high_bimodality_coefficient() {
        let d = describe(&[0.0, 50.0, 100.0], &[50, 2, 50]).unwrap();
        assert!(d.bimodality.unwrap() > 5.0 / 9.0, "{d:?}");
    }
}
