//! Plain-language sentences from numbers, in Dutch and English, in the style of the
//! observation cards: name the groups and the direction, round the numbers.

use vertelpunt_model::Text;

use crate::variables::{Numeric, Scale};

/// A number with one decimal, Dutch style (decimal comma).
pub fn nl_number(v: f64) -> String {
    format!("{v:.1}").replace('.', ",")
}

/// A number with one decimal, English style.
pub fn en_number(v: f64) -> String {
    format!("{v:.1}")
}

/// A share as a whole percentage.
pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// Where a mean lies, in words: "richting 'Ik voelde me gehoord' (gemiddeld 72,0 op 0–100)".
pub fn position(numeric: &Numeric, mean: f64) -> Text {
    match &numeric.scale {
        Scale::Slider { left, right } => {
            let (nl_pole, en_pole) = if mean >= 50.0 {
                (&right.nl, &right.en)
            } else {
                (&left.nl, &left.en)
            };
            Text::new(
                format!(
                    "richting '{nl_pole}' (gemiddeld {} op 0–100)",
                    nl_number(mean)
                ),
                format!("towards '{en_pole}' (mean {} on 0–100)", en_number(mean)),
            )
        }
        Scale::Ordinal { options } => {
            let nearest = (mean.round() as usize).clamp(1, options.len()) - 1;
            Text::new(
                format!(
                    "rond '{}' (gemiddeld {} op 1–{})",
                    options[nearest].nl,
                    nl_number(mean),
                    options.len()
                ),
                format!(
                    "around '{}' (mean {} on 1–{})",
                    options[nearest].en,
                    en_number(mean),
                    options.len()
                ),
            )
        }
        Scale::Days => {
            let date = chrono::DateTime::from_timestamp(mean as i64 * 86_400, 0)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default();
            Text::new(format!("rond {date}"), format!("around {date}"))
        }
    }
}

/// The direction of a numeric variable, for correlations: its right pole or "hoger".
pub fn upward(numeric: &Numeric) -> Text {
    match &numeric.scale {
        Scale::Slider { right, .. } => Text::new(
            format!("meer richting '{}'", right.nl),
            format!("more towards '{}'", right.en),
        ),
        Scale::Ordinal { options } => {
            let last = options.last().cloned().unwrap_or_default();
            Text::new(
                format!("meer richting '{}'", last.nl),
                format!("more towards '{}'", last.en),
            )
        }
        Scale::Days => Text::new("later", "later"),
    }
}

/// The opposite direction.
pub fn downward(numeric: &Numeric) -> Text {
    match &numeric.scale {
        Scale::Slider { left, .. } => Text::new(
            format!("meer richting '{}'", left.nl),
            format!("more towards '{}'", left.en),
        ),
        Scale::Ordinal { options } => {
            let first = options.first().cloned().unwrap_or_default();
            Text::new(
                format!("meer richting '{}'", first.nl),
                format!("more towards '{}'", first.en),
            )
        }
        Scale::Days => Text::new("eerder", "earlier"),
    }
}

/// The sentence for a pattern that could not be tested.
pub fn not_tested(what: &Text, reason_nl: &str, reason_en: &str) -> Text {
    Text::new(
        format!("'{}': niet getoetst — {reason_nl}.", what.nl),
        format!("'{}': not tested — {reason_en}.", what.en),
    )
}
