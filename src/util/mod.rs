//! Small mechanisms shared by several capabilities: atomic file writes, stable hashing and
//! rounding, parallel maps, and the parallel radix sort behind n-gram counting.

pub mod fs;
pub mod hash;
pub(crate) mod par;
pub(crate) mod radix;
