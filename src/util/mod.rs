//! Small mechanisms shared by several capabilities: atomic file writes, stable hashing and
//! rounding, and the parallel radix sort behind n-gram counting.

pub mod fs;
pub mod hash;
pub(crate) mod radix;
