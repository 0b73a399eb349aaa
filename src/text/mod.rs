//! Text mechanisms every capability shares: decoding of input files, normalization of extracted
//! documents with a map back to the original bytes, and line/column positions in the original
//! file.

pub mod decode;
pub mod normalize;
pub mod positions;
