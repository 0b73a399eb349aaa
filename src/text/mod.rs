//! Text mechanisms every capability shares: decoding of input files, normalization of extracted
//! documents with a map back to the original bytes, line/column positions in the original file,
//! and English words with their singular and plural.

pub mod decode;
pub mod english;
pub mod normalize;
pub mod positions;
