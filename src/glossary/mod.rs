//! The curated YAML glossary (schema version 1, see docs/glossary-schema.md) and the commands
//! that work on it as a file.
//!
//! - `schema`: the types an entry deserializes into, and the key lists.
//! - `load`: reading a file (UTF-8, line-accurate errors), the embedded default, several files
//!   combined; `lenient`: the reader lint uses, which collects every problem.
//! - `write`: the canonical layout `fmt` and `merge` write; `comments`: keeping a curated
//!   file's comments with the entries they belong to; `update`: the one locked, atomic
//!   read-modify-write of a file (`merge`, `import`, the service).
//! - `forms`: the form index `check`, `extract` and `lookup` match against.
//! - `lint`, `merge`, `lookup`: the commands.
//!
//! serde_yaml (deprecated upstream) is used only in this folder, so it can be replaced in one
//! place.

mod comments;
mod forms;
mod lenient;
mod load;
mod schema;
mod update;
mod write;

pub mod lint;
pub mod lookup;
pub mod merge;
pub(crate) mod variants;

pub use forms::FormStatus;
pub use load::{
    DEFAULT_GLOSSARY, DEFAULT_GLOSSARY_PATH, GLOSSARY_EXTENSIONS, GlossarySource, read_or_empty,
    read_text,
};
pub use schema::{
    Context, EnSuggestion, Entry, Glossary, Kind, Lang, MAX_FORM_CHARS, Stamp, Stats, Status,
    VERSION, xml_id,
};
pub use update::{Mode, Updated, update};
pub(crate) use write::to_yaml_string;

/// A small glossary the unit tests of this folder share.
#[cfg(test)]
const SAMPLE: &str = "version: 1\nname: t\nentries:\n  - id: ict\n    type: term\n    status: approved\n    zh:\n      preferred: 信息和通信技术\n      deprecated: [信息通信技术]\n    en: information and communications technologies\n";
