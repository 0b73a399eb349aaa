//! Small mechanisms shared by several capabilities: the parallel radix sort behind n-gram
//! counting.

pub mod radix;
