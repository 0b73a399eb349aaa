//! Input: finds the files under the paths a user names (`walk`), reads and decodes them into
//! documents, and pairs Chinese files with their English translations (`pair`).

mod pair;
mod walk;

pub use crate::text::decode::{DecodeError, Decoded, decode, decode_lenient, decode_owned};
pub use pair::{
    Pair, chinese_counterpart, english_counterpart, is_english_name, pair_paths, pairs_by_name,
};
pub use walk::{Found, find_files, find_files_in, is_dir, walk_files};

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

/// A file (or directory) that was found but not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// A file read with invalid UTF-8 sequences replaced by U+FFFD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    pub path: PathBuf,
    /// Sequences replaced.
    pub replaced: usize,
    /// Byte offsets in the file of the first few.
    pub at: Vec<usize>,
}

impl std::fmt::Display for Repaired {
    /// `invalid UTF-8 at byte 12 replaced by U+FFFD`, or with the count and first offsets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at: Vec<String> = self.at.iter().map(usize::to_string).collect();
        match self.replaced {
            1 => write!(
                f,
                "invalid UTF-8 at byte {} replaced by U+FFFD",
                at.join("")
            ),
            n if n == at.len() => write!(
                f,
                "{n} invalid UTF-8 sequences replaced by U+FFFD, at bytes {}",
                at.join(", ")
            ),
            n => write!(
                f,
                "{n} invalid UTF-8 sequences replaced by U+FFFD, the first at bytes {}",
                at.join(", ")
            ),
        }
    }
}

/// Files found under the user's paths: the decoded ones and the ones skipped.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
    pub repaired: Vec<Repaired>,
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
    let all = read_each(files, |path, text| {
        // Counted while the text is still in cache: counted later, every byte is read from
        // memory a second time.
        Document::new(path.to_owned(), text)
    });
    Corpus {
        documents: all.read,
        skipped: all.skipped,
        repaired: all.repaired,
    }
}

/// What [`read_each`] made of a list of files.
pub(crate) struct ReadAll<T> {
    /// What `f` made of each file read, in order.
    pub read: Vec<T>,
    pub skipped: Vec<Skipped>,
    /// Files read with invalid bytes replaced (they are in `read` too).
    pub repaired: Vec<Repaired>,
}

/// Reads and decodes `files` in parallel and hands each text to `f` as soon as it is read,
/// while it is still in cache.
pub(crate) fn read_each<T: Send>(
    files: &[PathBuf],
    f: impl Fn(&Path, String) -> T + Sync,
) -> ReadAll<T> {
    type One<T> = std::result::Result<(T, Option<Repaired>), Skipped>;
    let results: Vec<One<T>> = files
        .par_iter()
        .map(|path| {
            let skip = |reason: String| Skipped {
                path: path.clone(),
                reason,
            };
            let bytes = std::fs::read(path).map_err(|e| skip(e.to_string()))?;
            let d = decode_lenient(bytes).map_err(|r| skip(r.to_string()))?;
            let repaired = (d.replaced > 0).then(|| Repaired {
                path: path.clone(),
                replaced: d.replaced,
                at: d.replaced_at,
            });
            Ok((f(path, d.text), repaired))
        })
        .collect();
    let mut all = ReadAll {
        read: Vec::with_capacity(results.len()),
        skipped: Vec::new(),
        repaired: Vec::new(),
    };
    for r in results {
        match r {
            Ok((t, repaired)) => {
                all.read.push(t);
                all.repaired.extend(repaired);
            }
            Err(s) => all.skipped.push(s),
        }
    }
    all
}
