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
use crate::formats::{self, Format, Lang, Origin};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Extensions read when walking a directory for text, Chinese or English: the one list of
/// what shuyu reads (a file named explicitly is read whatever its extension, unless it is one
/// of [`UNSUPPORTED`]). XLIFF, TMX and DOCX files are read through [`crate::formats`].
pub const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "md", "zh", "en", "xlf", "xliff", "sdlxliff", "tmx", "docx",
];

/// Extensions read when walking a directory for Chinese text (of an XLIFF or TMX file, its
/// Chinese side).
pub const CHINESE_EXTENSIONS: &[&str] =
    &["txt", "md", "zh", "xlf", "xliff", "sdlxliff", "tmx", "docx"];

/// Document formats shuyu does not read, by extension, with what they are: named
/// explicitly, such a file is an error rather than binary noise or markup checked as text.
pub const UNSUPPORTED: &[(&str, &str)] = &[
    ("doc", "a Word 97-2003 document"),
    ("odt", "an OpenDocument text"),
    ("rtf", "an RTF document"),
    ("pdf", "a PDF document"),
    ("pptx", "a PowerPoint presentation"),
    ("xlsx", "an Excel workbook"),
];

/// What shuyu reads, for messages.
pub fn supported() -> String {
    let exts: Vec<String> = TEXT_EXTENSIONS
        .iter()
        .filter(|e| crate::formats::Format::of(Path::new(&format!("a.{e}"))).is_none())
        .map(|e| format!(".{e}"))
        .collect();
    format!(
        "plain text files ({} when walking a directory; any text file named explicitly), in \
         UTF-8, UTF-16 or GB18030, and Word (.docx), XLIFF (.xlf, .xliff, .sdlxliff) and TMX \
         (.tmx) files",
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
            "{what}, which shuyu does not read: it reads {}; save the document as .docx or \
             plain text and name that file",
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
    /// For a document read from an XLIFF, TMX or DOCX file, where its lines came from.
    pub origin: Option<Arc<Origin>>,
}

impl Document {
    /// A document of `text`, its characters counted.
    pub fn new(path: PathBuf, text: String) -> Self {
        let chars = text.chars().count();
        Document {
            path,
            text,
            chars,
            origin: None,
        }
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
    /// What a user should know about how files were read (`path`, what), in path order.
    pub notes: Vec<(PathBuf, String)>,
}

impl Corpus {
    /// Characters in all documents.
    pub fn chars(&self) -> usize {
        self.documents.iter().map(|d| d.chars).sum()
    }
}

/// Reads and decodes files in parallel, keeping their order. Unreadable or undecodable files
/// are reported in `skipped`, never fatal: one bad file must not hide the rest of a corpus.
/// A bilingual XLIFF or TMX file is two documents, one a side (see [`formats::half_path`]).
pub fn load(files: &[PathBuf]) -> Corpus {
    let all = read_each(files, Sides::All, |path, text, origin| {
        // Counted while the text is still in cache: counted later, every byte is read from
        // memory a second time.
        let mut d = Document::new(path.to_owned(), text);
        d.origin = origin;
        d
    });
    Corpus {
        documents: all.read,
        skipped: all.skipped,
        repaired: all.repaired,
        notes: all.notes,
    }
}

/// [`load`], with standard input as one more document after the files.
pub fn load_with(files: &[PathBuf], stdin: Option<&Stdin>) -> Corpus {
    let mut corpus = load(files);
    if let Some(s) = stdin
        && Format::of(&s.name).is_some()
    {
        // Standard input named as an XLIFF, TMX or DOCX file is read as one.
        match documents_of(&s.name, Sides::All, formats::read(&s.name, s.bytes.clone())) {
            Ok((texts, _, notes)) => {
                corpus.documents.extend(texts.into_iter().map(|(p, t, o)| {
                    let mut d = Document::new(p, t);
                    d.origin = o;
                    d
                }));
                corpus
                    .notes
                    .extend(notes.into_iter().map(|n| (s.name.clone(), n)));
            }
            Err(skipped) => corpus.skipped.push(skipped),
        }
        return corpus;
    }
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

/// Which sides of a bilingual file a reader wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sides {
    /// Each side a document (`check`): the Chinese and English under their half paths.
    All,
    /// The Chinese side only, under the file's own path (`extract`).
    Chinese,
}

/// What [`read_each`] made of a list of files.
pub(crate) struct ReadAll<T> {
    /// What `f` made of each document read, in order.
    pub read: Vec<T>,
    pub skipped: Vec<Skipped>,
    /// Files read with invalid bytes replaced (they are in `read` too).
    pub repaired: Vec<Repaired>,
    pub notes: Vec<(PathBuf, String)>,
}

/// One document of a file: its path, text and origin.
type Text = (PathBuf, String, Option<Arc<Origin>>);

/// What one file gave: its documents (or what was made of them), whether bytes were replaced,
/// notes.
type Of<D> = std::result::Result<(Vec<D>, Option<Repaired>, Vec<String>), Skipped>;
type One = Of<Text>;

/// Reads and decodes `files` in parallel and hands each text to `f` as soon as it is read,
/// while it is still in cache, with its origin when it comes from an XLIFF, TMX or DOCX file.
pub(crate) fn read_each<T: Send>(
    files: &[PathBuf],
    sides: Sides,
    f: impl Fn(&Path, String, Option<Arc<Origin>>) -> T + Sync,
) -> ReadAll<T> {
    let results: Vec<Of<T>> = files
        .par_iter()
        .map(|path| {
            let (texts, repaired, notes) = read_one(path, sides)?;
            let made = texts.into_iter().map(|(p, t, o)| f(&p, t, o)).collect();
            Ok((made, repaired, notes))
        })
        .collect();
    let mut all = ReadAll {
        read: Vec::with_capacity(results.len()),
        skipped: Vec::new(),
        repaired: Vec::new(),
        notes: Vec::new(),
    };
    for (r, path) in results.into_iter().zip(files) {
        match r {
            Ok((t, repaired, notes)) => {
                all.read.extend(t);
                all.repaired.extend(repaired);
                let real = formats::real_path(path);
                all.notes
                    .extend(notes.into_iter().map(|n| (real.to_owned(), n)));
            }
            Err(s) => all.skipped.push(s),
        }
    }
    all.notes.dedup();
    all.skipped.dedup();
    all
}

/// Reads one file: a text file decoded, or a file of a format [`formats`] reads.
fn read_one(path: &Path, sides: Sides) -> One {
    if formats::half_of(path).is_some() || Format::of(path).is_some() {
        return read_format(path, sides);
    }
    let skip = |reason: String| Skipped {
        path: path.to_owned(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| skip(e.to_string()))?;
    let d = decode_lenient(bytes).map_err(|r| skip(r.to_string()))?;
    let repaired = (d.replaced > 0).then(|| Repaired {
        path: path.to_owned(),
        replaced: d.replaced,
        at: d.replaced_at,
    });
    Ok((vec![(path.to_owned(), d.text, None)], repaired, Vec::new()))
}

/// Reads an XLIFF, TMX or DOCX file, or one side of a bilingual one (`a.tmx/en`), into the
/// documents `sides` asks for.
fn read_format(path: &Path, sides: Sides) -> One {
    documents_of(path, sides, formats::read_file(formats::real_path(path)))
}

/// The documents `sides` asks for of what was `read` from `path` (a file, or a side of one).
fn documents_of(path: &Path, sides: Sides, read: Result<formats::Read>) -> One {
    let real = formats::real_path(path);
    let skip = |reason: String| Skipped {
        path: real.to_owned(),
        reason,
    };
    let read = read.map_err(|e| skip(formats::reason(&e)))?;
    let mut notes = read.notes.clone();
    let doc = |side: formats::Side, path: PathBuf| (path, side.text, Some(side.origin));
    if let Some((_, lang)) = formats::half_of(path) {
        let side = one_side(read, lang).map_err(skip)?;
        return Ok((vec![doc(side, path.to_owned())], None, notes));
    }
    let both = read.side(Lang::Zh).is_some() && read.side(Lang::En).is_some();
    let texts = match sides {
        Sides::Chinese => match read.chinese() {
            Some(s) => vec![doc(s, real.to_owned())],
            None => {
                return Err(skip(
                    "has no Chinese side: its metadata names no zh language".into(),
                ));
            }
        },
        Sides::All if both => read
            .sides
            .into_iter()
            .filter_map(|s| {
                let lang = s.lang?;
                Some(doc(s, formats::half_path(real, lang)))
            })
            .collect(),
        Sides::All => {
            if read.sides.len() > 1 {
                notes.push(
                    "its languages are not Chinese and English: only its source is read".into(),
                );
            }
            read.sides
                .into_iter()
                .take(1)
                .map(|s| doc(s, real.to_owned()))
                .collect()
        }
    };
    Ok((texts, None, notes))
}

/// The side in `lang` of what a file holds, or why it has none.
fn one_side(read: formats::Read, lang: Lang) -> std::result::Result<formats::Side, String> {
    let Some(i) = read.sides.iter().position(|s| s.lang == Some(lang)) else {
        let why = if read.notes.is_empty() {
            let name = if lang == Lang::Zh {
                "Chinese"
            } else {
                "English"
            };
            format!("its metadata names no {name} language")
        } else {
            read.notes.join("; ")
        };
        return Err(format!("has no {} side: {why}", lang.as_str()));
    };
    let mut all = read.sides;
    Ok(all.swap_remove(i))
}
