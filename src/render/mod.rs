//! Rendering: turns results into what people and tools read (aligned tables, JSON, YAML, TSV,
//! SARIF, TBX, CSV, HTML). Returns strings; the binary decides where they go.

pub mod align;
pub mod check;
pub mod export;
mod extract;
mod table;

pub use extract::{Format, extraction};
pub use table::columns;
pub(crate) use table::{tsv_field, width};
