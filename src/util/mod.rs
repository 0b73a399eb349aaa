//! Small mechanisms shared by several capabilities: the parallel radix sort behind n-gram
//! counting, and stable hashing and rounding.

pub mod hash;
pub mod radix;
