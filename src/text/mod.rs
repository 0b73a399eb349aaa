//! Text mechanisms every capability shares: decoding of input files, normalization of extracted
//! documents with a map back to the original bytes, line/column positions in the original file,
//! Han and CJK character classes, and English words with their singular and plural.

pub mod decode;
pub(crate) mod english;
pub(crate) mod han;
pub(crate) mod normalize;
pub(crate) mod positions;
