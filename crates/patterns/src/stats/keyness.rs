//! Keyness: the words one group of stories uses distinctly more (or less) than the rest.
//!
//! Dunning's (1993) log-likelihood G² for one word in two corpora, with Hardie's (2014) log
//! ratio as the effect size.

use serde::Serialize;

use super::dist::chi_square_sf;

/// The keyness of one word in a group against the rest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Keyness {
    /// Occurrences in the group and in the rest.
    pub group_count: u64,
    pub rest_count: u64,
    pub g2: f64,
    pub p: f64,
    /// log₂ of the ratio of relative frequencies (0.5 added to a zero count).
    pub log_ratio: f64,
}

fn x_ln_x_over(x: f64, e: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else {
        x * (x / e).ln()
    }
}

/// G² of a word seen `a` times among the `group_total` words of the group and `b` times among
/// the `rest_total` words of the rest.
pub fn log_likelihood(a: u64, b: u64, group_total: u64, rest_total: u64) -> Keyness {
    let (af, bf, c, d) = (a as f64, b as f64, group_total as f64, rest_total as f64);
    let e1 = c * (af + bf) / (c + d);
    let e2 = d * (af + bf) / (c + d);
    let g2 = (2.0 * (x_ln_x_over(af, e1) + x_ln_x_over(bf, e2))).max(0.0);
    let adjusted = |x: f64| if x == 0.0 { 0.5 } else { x };
    Keyness {
        group_count: a,
        rest_count: b,
        g2,
        p: chi_square_sf(g2, 1.0),
        log_ratio: ((adjusted(af) / c) / (adjusted(bf) / d)).log2(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_used_in_proportion_has_no_keyness() {
        let k = log_likelihood(10, 90, 1000, 9000);
        assert!(k.g2.abs() < 1e-9 && k.log_ratio.abs() < 1e-12);
    }

    #[test]
    fn twice_the_relative_frequency_gives_the_textbook_g2() {
        // 100 of 10,000 against 50 of 20,000: expected 50 and 100, so
        // G² = 2 (100 ln 2 + 50 ln ½) = 100 ln 2.
        let k = log_likelihood(100, 50, 10_000, 20_000);
        assert!((k.g2 - 100.0 * 2f64.ln()).abs() < 1e-9, "{k:?}");
        assert!((k.log_ratio - 2.0).abs() < 1e-12);
    }
}
