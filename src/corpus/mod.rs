//! Input: finds the files under the paths a user names (`walk`), reads and decodes them into
//! documents, and pairs Chinese files with their English translations (`pair`).

mod pair;
mod walk;

pub use crate::text::decode::{DecodeError, Decoded, decode, decode_lenient, decode_owned};
pub use pair::{
    Pair, PairedBy, chinese_counterpart, discover_pairs, english_counterpart, is_english_name,
    language_folder, pair_paths, pairs_by_folder, pairs_by_name,
};
pub use walk::{Found, Passed, find_files, find_files_in, is_dir, walk_files};

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Extensions read when walking a directory for text, Chinese or English: the one list of
/// what shuyu reads (a file named explicitly is read whatever its extension, unless it is one
/// of [`UNSUPPORTED`]).
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "zh", "en"];

/// Extensions read when walking a directory for Chinese text.
pub const CHINESE_EXTENSIONS: &[&str] = &["txt", "md", "zh"];

/// Document formats shuyu does not read, by extension, with what they are: named
/// explicitly, such a file is an error rather than binary noise or markup checked as text.
pub const UNSUPPORTED: &[(&str, &str)] = &[
    ("doc", "a Word document"),
    ("docx", "a Word document"),
    ("odt", "an OpenDocument text"),
    ("rtf", "an RTF document"),
    ("pdf", "a PDF document"),
    ("xlf", "an XLIFF file"),
    ("xliff", "an XLIFF file"),
    ("sdlxliff", "an XLIFF file"),
    ("tmx", "a TMX translation memory"),
    ("pptx", "a PowerPoint presentation"),
    ("xlsx", "an Excel workbook"),
];

/// What shuyu reads, for messages.
pub fn supported() -> String {
    let exts: Vec<String> = TEXT_EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
    format!(
        "plain text files ({} when walking a directory; any text file named explicitly), in \
         UTF-8, UTF-16 or GB18030",
        exts.join(", ")
    )
}

/// Refuses a file the user named whose extension is a document format shuyu does not read.
pub fn refuse_unsupported(path: &Path) -> Result<()> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match UNSUPPORTED
        .iter()
        .find(|(x, _)| x.eq_ignore_ascii_case(ext))
    {
        Some((_, what)) => Err(not_readable(path, what)),
        None => Ok(()),
    }
}

/// The error for a file named explicitly that is not text (`what` it is instead).
pub fn not_readable(path: &Path, what: &str) -> Error {
    Error::Input {
        path: path.to_owned(),
        line: None,
        message: format!(
            "{what}, which shuyu does not read: it reads {}; save the document as plain text \
             and name that file",
            supported()
        ),
    }
}

/// Standard input read as one document, under the name given for it (`<stdin>` unless
/// `--stdin-filename` says otherwise).
#[derive(Debug, Clone)]
pub struct Stdin {
    pub name: PathBuf,
    pub bytes: Vec<u8>,
}

/// The name of standard input when `--stdin-filename` gives none.
pub const STDIN_NAME: &str = "<stdin>";

impl Stdin {
    /// Reads all of standard input.
    pub fn read(name: Option<PathBuf>) -> Result<Stdin> {
        use std::io::Read;
        let name = name.unwrap_or_else(|| PathBuf::from(STDIN_NAME));
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(&name, e))?;
        Ok(Stdin { name, bytes })
    }

    /// The text of standard input decoded as a file's would be: a document, or why it was
    /// not read, and the invalid bytes replaced.
    pub fn decode(&self) -> (std::result::Result<Document, Skipped>, Option<Repaired>) {
        match decode_lenient(self.bytes.clone()) {
            Ok(d) => {
                let repaired = (d.replaced > 0).then(|| Repaired {
                    path: self.name.clone(),
                    replaced: d.replaced,
                    at: d.replaced_at,
                });
                (Ok(Document::new(self.name.clone(), d.text)), repaired)
            }
            Err(e) => (
                Err(Skipped {
                    path: self.name.clone(),
                    reason: e.to_string(),
                }),
                None,
            ),
        }
    }
}

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

impl Skipped {
    /// Whether the file was read but is not text (binary, or in no encoding shuyu knows),
    /// rather than not readable at all.
    pub fn is_not_text(&self) -> bool {
        [DecodeError::Binary, DecodeError::Undecodable]
            .iter()
            .any(|e| e.to_string() == self.reason)
    }
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

/// [`load`], with standard input as one more document after the files.
pub fn load_with(files: &[PathBuf], stdin: Option<&Stdin>) -> Corpus {
    let mut corpus = load(files);
    if let Some(s) = stdin {
        let (doc, repaired) = s.decode();
        match doc {
            Ok(d) => corpus.documents.push(d),
            Err(skipped) => corpus.skipped.push(skipped),
        }
        corpus.repaired.extend(repaired);
    }
    corpus
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
