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

/// How a paragraph's base direction is chosen: by its first strong character (UAX #9 P2–P3),
/// or forced (a higher-level protocol in UAX #9's terms, HL1), for an Arabic article whose
/// paragraph happens to begin with a Latin name (`JNIM أعلنت …`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum BaseDirection {
    #[default]
    FirstStrong,
    RightToLeft,
    LeftToRight,
}

impl BaseDirection {
    pub const ALL: [BaseDirection; 3] = [
        BaseDirection::FirstStrong,
        BaseDirection::RightToLeft,
        BaseDirection::LeftToRight,
    ];

    pub fn is_first_strong(&self) -> bool {
        *self == BaseDirection::FirstStrong
    }

    /// The direction of a paragraph of `text` under this rule.
    pub fn of(self, text: &str) -> Direction {
        match self {
            BaseDirection::FirstStrong => paragraph_direction(text),
            BaseDirection::RightToLeft => Direction::RightToLeft,
            BaseDirection::LeftToRight => Direction::LeftToRight,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            BaseDirection::FirstStrong => "by first letter",
            BaseDirection::RightToLeft => "right to left",
            BaseDirection::LeftToRight => "left to right",
        }
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
