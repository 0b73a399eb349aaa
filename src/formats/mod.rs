//! Formats: reads the files translators work in (XLIFF 1.2 and 2.x, TMX 1.4, DOCX) into flat
//! texts the pipeline already knows (one segment or paragraph a line) with an origin map from
//! each flat line and column back to the place in the original file.

mod docx;
mod tmx;
mod xliff;
pub(crate) mod xml;

use crate::error::{Error, Result};
use crate::text::positions::LineCol;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Extensions read as one of these formats, walking or named.
pub const EXTENSIONS: &[&str] = &["xlf", "xliff", "sdlxliff", "tmx", "docx"];

/// A format shuyu reads besides plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xliff,
    Tmx,
    Docx,
}

impl Format {
    /// The format of `path`, by its extension (any case).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlf" | "xliff" | "sdlxliff" => Some(Format::Xliff),
            "tmx" => Some(Format::Tmx),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// Whether files of this format can hold a Chinese text and its English translation.
    pub fn bilingual(self) -> bool {
        self != Format::Docx
    }
}

/// The two languages shuyu works with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The language of a language tag: `zh`, `zh-CN`, `ZH-HANS`… or `en`, `en-US`…; `None`
    /// for any other.
    pub fn of_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        let is = |code: &str| {
            tag.strip_prefix(code)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '_']))
        };
        if is("zh") {
            Some(Lang::Zh)
        } else if is("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// One text read from a file: a side of a bilingual file, or the whole of a monolingual one.
#[derive(Debug)]
pub struct Side {
    /// The language the file gives it; `None` when it says nothing (or names another).
    pub lang: Option<Lang>,
    /// One segment (or paragraph) a line.
    pub text: String,
    pub origin: Arc<Origin>,
}

/// What a file holds: its sides, and what a user should know about how it was read.
#[derive(Debug)]
pub struct Read {
    pub sides: Vec<Side>,
    pub notes: Vec<String>,
}

impl Read {
    /// The side in `lang`.
    pub fn side(&self, lang: Lang) -> Option<&Side> {
        self.sides.iter().find(|s| s.lang == Some(lang))
    }

    /// The side to read as Chinese: the Chinese one, else a side in no known language
    /// (a DOCX, an XLIFF source without a language).
    pub fn chinese(self) -> Option<Side> {
        let i = (self.sides.iter().position(|s| s.lang == Some(Lang::Zh)))
            .or_else(|| self.sides.iter().position(|s| s.lang.is_none()))?;
        self.sides.into_iter().nth(i)
    }
}

/// Where a flat text came from: the file, and for each flat line the segment it holds.
#[derive(Debug)]
pub struct Origin {
    pub path: PathBuf,
    /// The language the file says it was translated from (XLIFF's source language, TMX's
    /// `srclang`), when it is Chinese or English.
    pub source: Option<Lang>,
    /// Lines are DOCX paragraphs, their number and column reported as they are.
    paragraphs: bool,
    segments: Vec<SegmentOrigin>,
}

/// The origin of one flat line: the segment's id, the line and column of its element, and
/// runs `(flat column, line, column)` (0-based flat column, 1-based file positions) from
/// which the text follows the file character for character.
#[derive(Debug)]
pub(crate) struct SegmentOrigin {
    id: Box<str>,
    at: (u32, u32),
    runs: Box<[(u32, u32, u32)]>,
}

/// A place in an original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    /// For XML the line of the file, for DOCX the paragraph number.
    pub line: usize,
    pub column: usize,
    /// The id of the segment (XLIFF unit or segment, TMX unit) for XML formats.
    pub segment: Option<&'a str>,
}

impl Origin {
    /// The place in the file of 1-based `line` and `column` of the flat text.
    pub fn place(&self, line: usize, column: usize) -> Place<'_> {
        match self.segments.get(line.wrapping_sub(1)) {
            Some(s) if !self.paragraphs => s.place(column),
            _ => Place {
                line,
                column,
                segment: None,
            },
        }
    }

    /// The place just past the character before 1-based `column` of flat `line`: the
    /// exclusive end of a range, which ends where its text does, not past a tag after it.
    pub fn place_end(&self, line: usize, column: usize) -> Place<'_> {
        if column <= 1 {
            return self.place(line, column);
        }
        let mut p = self.place(line, column - 1);
        p.column += 1;
        p
    }

    /// Whether lines are paragraphs (DOCX), shown as `¶N`.
    pub fn paragraphs(&self) -> bool {
        self.paragraphs
    }

    /// The origin of a DOCX's paragraphs: a flat line is a paragraph.
    fn of_paragraphs(path: &Path) -> Origin {
        Origin {
            path: path.to_owned(),
            source: None,
            paragraphs: true,
            segments: Vec::new(),
        }
    }
}

/// The positions in its file of the flat range from `start` to `end` (exclusive) and the id of
/// the segment it starts in; without an origin (a text file), the positions as they are.
pub fn range(
    origin: Option<&Origin>,
    start: LineCol,
    end: LineCol,
) -> ((usize, usize), (usize, usize), Option<&str>) {
    match origin {
        Some(o) => {
            let s = o.place(start.line, start.column);
            let e = o.place_end(end.line, end.column);
            ((s.line, s.column), (e.line, e.column), s.segment)
        }
        None => ((start.line, start.column), (end.line, end.column), None),
    }
}

/// Whether a file named `path` is shown with paragraph numbers (a DOCX).
pub fn shows_paragraphs(path: &str) -> bool {
    Format::of(Path::new(path)) == Some(Format::Docx)
}

/// Reads a file of a format shuyu knows from its bytes.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Read> {
    match Format::of(path) {
        Some(format) => read_as(path, bytes, format),
        None => Err(Error::Input {
            path: path.to_owned(),
            line: None,
            message: "not an XLIFF, TMX or DOCX file".into(),
        }),
    }
}

/// Reads `bytes` of the file at `path` as `format`, whatever its extension.
pub fn read_as(path: &Path, bytes: Vec<u8>, format: Format) -> Result<Read> {
    match format {
        Format::Xliff => xliff::read(path, &decode(path, bytes)?),
        Format::Tmx => tmx::read(path, &decode(path, bytes)?),
        Format::Docx => docx::read(path, &bytes),
    }
}

/// Reads the file at `path`.
pub fn read_file(path: &Path) -> Result<Read> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read(path, bytes)
}

/// Why a file could not be read, for a report that names the file itself: the error without
/// its path.
pub fn reason(e: &Error) -> String {
    match e {
        Error::Syntax {
            line,
            column,
            message,
            ..
        } => format!("line {line}, column {column}: {message}"),
        Error::Input { message, .. } => message.clone(),
        Error::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// The error of a file that was skipped for `reason`: the file read again for its typed
/// error (line and column), else `reason` as it was given.
pub fn error_of(path: &Path, reason: &str) -> Error {
    match read_file(path) {
        Err(e) => e,
        Ok(_) => Error::Input {
            path: path.to_owned(),
            line: None,
            message: reason.to_owned(),
        },
    }
}

/// XML text as UTF-8 (or UTF-16 with its byte-order mark, as TMX files often are).
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    crate::text::decode::decode_owned(bytes).map_err(|e| Error::Input {
        path: path.to_owned(),
        line: None,
        message: format!("{e}: an XML file must be UTF-8 or UTF-16"),
    })
}

/// The path that stands for side `lang` of the bilingual file `real`: `real/zh`, which no
/// file can have (`real` is a file), so it is never confused with one on disk.
pub fn half_path(real: &Path, lang: Lang) -> PathBuf {
    real.join(lang.as_str())
}

/// The bilingual file and side a path made by [`half_path`] stands for.
pub fn half_of(path: &Path) -> Option<(&Path, Lang)> {
    let lang = match path.file_name()?.to_str()? {
        "zh" => Lang::Zh,
        "en" => Lang::En,
        _ => return None,
    };
    let real = path.parent()?;
    Format::of(real).filter(|f| f.bilingual())?;
    Some((real, lang))
}

/// The file a path stands for: the bilingual file for a side of one, else the path itself.
pub fn real_path(path: &Path) -> &Path {
    half_of(path).map_or(path, |(real, _)| real)
}

#[cfg(test)]
mod tests;
