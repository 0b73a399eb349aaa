//! Input: finds the files under the paths a user names (`walk`), reads and decodes them into
//! documents, and pairs Chinese files with their English translations (`pair`).

mod pair;
mod walk;

pub use crate::text::decode::{DecodeError, decode, decode_owned};
pub use pair::{
    Pair, chinese_counterpart, english_counterpart, is_english_name, pair_paths, pairs_by_name,
};
pub use walk::{find_files, find_files_in};

use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Extensions read when walking a directory for Chinese text.
pub const CHINESE_EXTENSIONS: &[&str] = &["txt", "md", "zh"];

/// One decoded input file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user would write it (joined from the argument they gave).
    pub path: PathBuf,
    pub text: String,
    /// Characters in `text`.
    pub chars: usize,
}

impl Document {
    /// A document of `text`, its characters counted.
    pub fn new(path: PathBuf, text: String) -> Self {
        let chars = text.chars().count();
        Document { path, text, chars }
    }
}

/// A file that was found but not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// Files found under the user's paths: the decoded ones and the ones skipped.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
}

impl Corpus {
    /// Characters in all documents.
    pub fn chars(&self) -> usize {
        self.documents.iter().map(|d| d.chars).sum()
    }
}

/// Reads and decodes files in parallel, keeping their order. Unreadable or undecodable files
/// are reported in `skipped`, never fatal: one bad file must not hide the rest of a corpus.
pub fn load(files: &[PathBuf]) -> Corpus {
    let (documents, skipped) = read_each(files, |path, text| {
        // Counted while the text is still in cache: counted later, every byte is read from
        // memory a second time.
        Document::new(path.to_owned(), text)
    });
    Corpus { documents, skipped }
}

/// Reads and decodes `files` in parallel and hands each text to `f` as soon as it is read,
/// while it is still in cache; returns what `f` made of the files that could be read, in
/// their order, and the others.
pub(crate) fn read_each<T: Send>(
    files: &[PathBuf],
    f: impl Fn(&Path, String) -> T + Sync,
) -> (Vec<T>, Vec<Skipped>) {
    let results: Vec<std::result::Result<T, Skipped>> = files
        .par_iter()
        .map(|path| {
            let skip = |reason: String| Skipped {
                path: path.clone(),
                reason,
            };
            let bytes = std::fs::read(path).map_err(|e| skip(e.to_string()))?;
            let text = decode_owned(bytes).map_err(|r| skip(r.to_string()))?;
            Ok(f(path, text))
        })
        .collect();
    let mut read = Vec::with_capacity(results.len());
    let mut skipped = Vec::new();
    for r in results {
        match r {
            Ok(t) => read.push(t),
            Err(s) => skipped.push(s),
        }
    }
    (read, skipped)
}
