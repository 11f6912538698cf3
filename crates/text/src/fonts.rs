//! The fonts compiled into Hamish. Text is never laid out with a system font, so what an
//! analyst sees does not depend on the machine.

/// Noto Naskh Arabic (SIL OFL 1.1, see `assets/fonts/OFL.txt`): the article face.
pub const NASKH_ARABIC: &[u8] = include_bytes!("../../../assets/fonts/NotoNaskhArabic-Regular.ttf");
/// Noto Sans (SIL OFL 1.1): Latin letters, digits and punctuation.
pub const NOTO_SANS: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
/// Noto Sans Symbols 2 (SIL OFL 1.1): bullets and shapes articles use, such as `◙`.
pub const NOTO_SYMBOLS: &[u8] =
    include_bytes!("../../../assets/fonts/NotoSansSymbols2-Regular.ttf");
