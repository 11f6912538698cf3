//! `hamish-text`: the text services under Hamish's model, with no knowledge of projects, files
//! or windows.
//!
//! Typed positions ([`CharOffset`] in Unicode scalar values, [`ByteOffset`], [`Utf16Offset`])
//! and the conversions between them; input decoding; Arabic matching normalisation;
//! tokenisation; and bidi paragraph layout on the bundled fonts. The model crate
//! (`hamish-core`) builds on this one; nothing here depends on it, so the layering is the
//! compiler's to enforce.

pub mod caret;
pub mod decode;
pub mod field;
pub mod fonts;
pub mod index;
pub mod layout;
pub mod normalize;
pub mod offset;
pub mod tokenize;

pub use caret::Caret;
pub use field::FieldBuffer;
pub use index::{ByteOffset, CharIndex, Utf16Offset, slice_chars};
pub use offset::{CharOffset, CharRange};
pub use tokenize::{Token, sentence_at, sentence_text_at, sentences, tokenize};
