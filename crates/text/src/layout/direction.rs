//! The base direction of a paragraph, decided by its first strong character (UAX #9 rules
//! P2–P3), as Hamish needs it for alignment and caret movement.

/// Reading direction of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    LeftToRight,
    RightToLeft,
}

impl Direction {
    pub fn is_rtl(self) -> bool {
        self == Direction::RightToLeft
    }
}

/// The direction of the first strong character; a paragraph with none (digits and
/// punctuation only, or empty) is left-to-right, as UAX #9 says without a higher-level rule.
pub fn paragraph_direction(text: &str) -> Direction {
    match unicode_bidi::get_base_direction(text) {
        unicode_bidi::Direction::Rtl => Direction::RightToLeft,
        unicode_bidi::Direction::Ltr | unicode_bidi::Direction::Mixed => Direction::LeftToRight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_strong_character_decides() {
        assert_eq!(
            paragraph_direction("أعلنت جماعة (JNIM)"),
            Direction::RightToLeft
        );
        assert_eq!(
            paragraph_direction("«2023» JNIM أعلنت"),
            Direction::LeftToRight
        );
        assert_eq!(paragraph_direction("20 أغسطس 2023"), Direction::RightToLeft);
        assert_eq!(paragraph_direction("1.400"), Direction::LeftToRight);
        assert_eq!(paragraph_direction(""), Direction::LeftToRight);
    }
}
