//! Align: segment alignment of a Chinese text with its English translation (shared by
//! bilingual `check`), and the English equivalents UN translators used for Chinese terms.

pub mod equivalents;
mod grow;
mod ngrams;
mod occurrences;
mod rank;
mod segments;

pub use segments::{Plan, Segmentation, plan};
pub(crate) use segments::{Segment, align_files};
