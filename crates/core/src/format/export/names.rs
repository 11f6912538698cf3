//! File names made from document titles: safe on every platform and unique within an export.
//!
//! A name keeps letters (Arabic included), digits, `-` and `_`; everything else (path
//! separators, dots, spaces, control and reserved characters) becomes `_`, runs of `_` are
//! squeezed, and the result is cut to 80 characters. Windows device names (`CON`, `NUL`,
//! `COM1`…) get a `_` prefix, an empty name becomes `document`, and clashes (compared without
//! case) get `-2`, `-3`….

use std::collections::HashSet;

const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Longest name kept, in characters.
const MAX_CHARS: usize = 80;

/// A safe file stem for `title` (no extension).
pub fn sanitize(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        let keep = c.is_alphanumeric() || c == '-' || c == '_' || is_mark(c);
        let c = if keep { c } else { '_' };
        if c == '_' && out.ends_with('_') {
            continue;
        }
        out.push(c);
    }
    let trimmed: String = out.trim_matches('_').chars().take(MAX_CHARS).collect();
    let trimmed = trimmed.trim_end_matches('_').to_owned();
    if trimmed.is_empty() {
        return "document".to_owned();
    }
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(&trimmed)) {
        return format!("_{trimmed}");
    }
    trimmed
}

/// Arabic and other combining marks, kept so vowelled titles stay readable.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0300}'..='\u{036F}')
}

/// Hands out unique names.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: HashSet<String>,
}

impl UniqueNames {
    /// Reserve names that must not be handed out (e.g. the config files of a brat folder).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_lowercase());
    }

    /// A sanitised, unused stem for `title`.
    pub fn name_for(&mut self, title: &str) -> String {
        let base = sanitize(title);
        let mut name = base.clone();
        let mut n = 2;
        while !self.taken.insert(name.to_lowercase()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strips_separators_dots_and_reserved_names() {
        assert_eq!(sanitize("../../etc/passwd"), "etc_passwd");
        assert_eq!(sanitize("هجوم على بامبا"), "هجوم_على_بامبا");
        assert_eq!(sanitize("a\\b:c*d?"), "a_b_c_d");
        assert_eq!(sanitize("nul"), "_nul");
        assert_eq!(sanitize("CON"), "_CON");
        assert_eq!(sanitize("..."), "document");
        assert_eq!(sanitize(""), "document");
    }

    #[test]
    fn clashes_get_numbers() {
        let mut u = UniqueNames::default();
        u.reserve("annotation");
        assert_eq!(u.name_for("Annotation"), "Annotation-2");
        assert_eq!(u.name_for("a b"), "a_b");
        assert_eq!(u.name_for("a/b"), "a_b-2");
        assert_eq!(u.name_for("A B"), "A_B-3");
    }

    proptest! {
        #[test]
        fn names_are_always_safe(title in "\\PC{0,100}") {
            let name = sanitize(&title);
            prop_assert!(!name.is_empty());
            prop_assert!(!name.contains('/') && !name.contains('\\') && !name.contains('.'));
            prop_assert!(name.chars().count() <= MAX_CHARS + 1);
            prop_assert!(!RESERVED.iter().any(|r| r.eq_ignore_ascii_case(&name)));
        }
    }
}
