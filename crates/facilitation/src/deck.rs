//! A table's deck: a few published observation cards and typical experiences. Participants
//! found 17 cards and all stories far too many, so a table with more than [`CARDS_ADVISED`]
//! cards or [`EXPERIENCES_ADVISED`] experiences gets a warning; it is never forbidden.

/// More cards than this on one table draws a warning.
pub const CARDS_ADVISED: usize = 5;
/// More experiences than this on one table draws a warning.
pub const EXPERIENCES_ADVISED: usize = 12;

/// What a facilitator is warned about when putting together a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeckWarning {
    TooManyCards { cards: usize },
    TooManyExperiences { experiences: usize },
}

/// The warnings for a table with `cards` cards and `experiences` experiences.
pub fn warnings(cards: usize, experiences: usize) -> Vec<DeckWarning> {
    let mut out = Vec::new();
    if cards > CARDS_ADVISED {
        out.push(DeckWarning::TooManyCards { cards });
    }
    if experiences > EXPERIENCES_ADVISED {
        out.push(DeckWarning::TooManyExperiences { experiences });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_than_five_cards_or_twelve_experiences_draws_a_warning() {
        assert!(warnings(5, 12).is_empty());
        assert_eq!(warnings(6, 0), vec![DeckWarning::TooManyCards { cards: 6 }]);
        assert_eq!(
            warnings(17, 30),
            vec![
                DeckWarning::TooManyCards { cards: 17 },
                DeckWarning::TooManyExperiences { experiences: 30 }
            ]
        );
    }
}
