//! Text services beside the model: offset conversion, input decoding, and (in their own
//! modules) bidi layout, normalisation, tokenisation and snapping.

pub mod decode;
pub mod index;
pub mod layout;
pub mod normalize;
pub mod snap;
pub mod tokenize;

pub use index::{ByteOffset, CharIndex, Utf16Offset, slice_chars};
pub use tokenize::{Token, sentences, tokenize};
