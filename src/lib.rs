//! shuyu (术语): terminology mining, glossary management and terminology checking for Chinese
//! United Nations documents. The library never prints; the `shuyu` binary does.
//!
//! The capabilities, each a folder: [`extract`] mines terms from a Chinese corpus, [`glossary`]
//! holds the curated glossary (schema, load, write, lint, merge, lookup), [`check`] finds
//! deprecated forms and missing equivalents, [`align`] proposes the English translators used.
//! [`config`] reads `shuyu.toml`. They share [`text`] (normalization, positions, character classes), [`corpus`] (reading and
//! pairing files) and [`render`] (tables, JSON, SARIF, TBX, CSV, HTML).

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod check;
pub mod config;
pub mod corpus;
pub mod error;
pub mod extract;
pub mod formats;
pub mod glossary;
pub mod import;
pub mod render;
pub mod serve;
pub mod text;
pub mod util;

pub use error::{Error, Result};
