//! Turning the bytes of an input text file into document text.
//!
//! Accepted: UTF-8 with or without a byte-order mark, and Arabic text in Windows-1256 (the
//! legacy Windows code page many Arabic sites and archives still use). Line ends CRLF and CR
//! become LF, so offsets never depend on the platform a file came from. Nothing else is changed:
//! no Unicode normalisation, no trimming, so offsets into the decoded text are offsets into what
//! the author wrote.

use thiserror::Error;

/// Which encoding the bytes were read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1256,
}

/// Decoded text and what was done to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// True when CRLF or CR line ends were turned into LF.
    pub converted_line_ends: bool,
}

/// Why a file cannot be a document.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("the file is empty (or holds only white space)")]
    Empty,
    #[error("the file looks binary (a NUL or control byte at byte {0}), not text")]
    Binary(usize),
    #[error("the file is neither UTF-8 (invalid byte at {at}) nor Arabic Windows-1256 text")]
    UnknownEncoding { at: usize },
}

/// Decode a text file's bytes; see the module documentation for what is accepted.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if let Some(at) = body.iter().position(|&b| is_binary_byte(b)) {
        return Err(DecodeError::Binary(at + usize::from(bom) * 3));
    }
    let (text, encoding) = match std::str::from_utf8(body) {
        Ok(text) => (
            text.to_owned(),
            if bom {
                Encoding::Utf8Bom
            } else {
                Encoding::Utf8
            },
        ),
        Err(err) => {
            let at = err.valid_up_to() + usize::from(bom) * 3;
            let (text, _, had_errors) = encoding_rs::WINDOWS_1256.decode(body);
            if had_errors || !looks_arabic(&text) {
                return Err(DecodeError::UnknownEncoding { at });
            }
            (text.into_owned(), Encoding::Windows1256)
        }
    };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    let converted_line_ends = text.contains('\r');
    let text = if converted_line_ends {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok(Decoded {
        text,
        encoding,
        converted_line_ends,
    })
}

/// Control bytes that never occur in a text file (tab, LF, CR and form feed may).
fn is_binary_byte(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F)
}

/// Windows-1256 maps every byte to something, so decoding never fails; a wrong guess shows up
/// as a text with few Arabic letters among its non-ASCII characters.
fn looks_arabic(text: &str) -> bool {
    let mut arabic = 0usize;
    let mut other = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        if ('\u{0600}'..='\u{06FF}').contains(&c) {
            arabic += 1;
        } else {
            other += 1;
        }
    }
    arabic > 0 && arabic >= 4 * other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let d = decode_text("\u{feff}عنوان\r\nسطر\rآخر\n".as_bytes()).unwrap();
        assert_eq!(d.text, "عنوان\nسطر\nآخر\n");
        assert_eq!(d.encoding, Encoding::Utf8Bom);
        assert!(d.converted_line_ends);
    }

    #[test]
    fn windows_1256_arabic() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("هجوم على مدينة تمبكتو في 2023");
        let d = decode_text(&bytes).unwrap();
        assert_eq!(d.text, "هجوم على مدينة تمبكتو في 2023");
        assert_eq!(d.encoding, Encoding::Windows1256);
    }

    #[test]
    fn refuses_binary_empty_and_latin1() {
        assert_eq!(
            decode_text(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(DecodeError::Binary(6))
        );
        assert_eq!(decode_text(b" \n\t\r\n"), Err(DecodeError::Empty));
        assert_eq!(decode_text(b""), Err(DecodeError::Empty));
        assert!(matches!(
            decode_text(b"caf\xe9 cr\xe8me br\xfbl\xe9e"),
            Err(DecodeError::UnknownEncoding { at: 3 })
        ));
    }
}
