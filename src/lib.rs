//! shuyu (术语): terminology mining, glossary management and terminology checking for Chinese
//! United Nations documents. The library never prints; the `shuyu` binary does.

pub mod align;
pub mod candidates;
pub mod check;
pub mod contexts;
pub mod corpus;
pub mod equivalents;
pub mod error;
pub mod export;
pub mod extract;
pub mod glossary;
pub mod lint;
pub mod lookup;
pub mod matcher;
pub mod merge;
pub mod normalize;
pub mod positions;
pub mod radix;
pub mod report;
pub mod score;
pub mod segment;

pub use error::{Error, Result};
