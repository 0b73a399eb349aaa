//! DOCX: the paragraphs of `word/document.xml`, then those of the footnotes, one a line, runs
//! joined; deleted and moved-away text and field instructions skipped. Entries are read
//! decompressed within a bound, so a zip bomb is an error, not an exhausted machine.

use super::xml::{Xml, attribute, local};
use super::{Origin, Read, Side};
use crate::error::{Error, Result};
use quick_xml::events::{BytesStart, Event};
use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

/// What the entries read may decompress to, at most: this many times the file's size...
pub const RATIO: u64 = 64;
/// ...but never less than this (a small document compresses well too)...
pub const FLOOR: u64 = 16 << 20;
/// ...and never more than this.
pub const CAP: u64 = 1 << 30;

const BODY: &str = "word/document.xml";
const FOOTNOTES: &str = "word/footnotes.xml";

/// The bytes the entries of a file of `size` bytes may decompress to.
pub fn budget(size: u64) -> u64 {
    size.saturating_mul(RATIO).clamp(FLOOR, CAP)
}

pub(super) fn read(path: &Path, bytes: &[u8]) -> Result<Read> {
    let bad = |message: String| Error::Input {
        path: path.to_owned(),
        line: None,
        message,
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        bad(format!(
            "not a Word document (.docx is a zip archive: {e}); save it again as .docx, or as \
             plain text"
        ))
    })?;
    let mut left = budget(bytes.len() as u64);
    let body = entry(&mut zip, BODY, &mut left, path)?.ok_or_else(|| {
        bad(format!(
            "a zip archive without {BODY}, so not a Word document; save it again as .docx"
        ))
    })?;
    let mut paragraphs = Paragraphs::default();
    paragraphs.read(path, BODY, &body)?;
    drop(body);
    if let Some(notes) = entry(&mut zip, FOOTNOTES, &mut left, path)? {
        paragraphs.read(path, FOOTNOTES, &notes)?;
    }
    Ok(Read {
        sides: vec![Side {
            // Word names a language for Latin text and another for East Asian text in every
            // document, whatever it holds: the content tells which this is.
            lang: None,
            text: paragraphs.text,
            origin: Arc::new(Origin::of_paragraphs(path)),
        }],
        notes: Vec::new(),
    })
}

/// The text of entry `name`, `None` when the archive has none; its decompressed size counts
/// against `left`, checked as it is read, not only as the archive declares it.
fn entry<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    left: &mut u64,
    path: &Path,
) -> Result<Option<String>> {
    let bad = |message: String| Error::Input {
        path: path.to_owned(),
        line: None,
        message,
    };
    let limit = *left;
    let bomb = || {
        bad(format!(
            "{name} decompresses to more than {limit} bytes, the most shuyu reads from a \
             .docx of its size (64 times the file, at least 16 MiB, at most 1 GiB): a damaged \
             file or a zip bomb"
        ))
    };
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(format!("{name}: {e}"))),
    };
    if file.size() > limit {
        return Err(bomb());
    }
    let mut out = Vec::with_capacity(file.size() as usize);
    file.take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| bad(format!("{name}: {e}")))?;
    if out.len() as u64 > limit {
        return Err(bomb());
    }
    *left -= out.len() as u64;
    crate::text::decode::decode_owned(out)
        .map(Some)
        .map_err(|e| bad(format!("{name}: {e}")))
}

/// Paragraphs read so far, one a line.
#[derive(Default)]
struct Paragraphs {
    text: String,
    count: usize,
}

/// Where the reader is inside a part.
#[derive(Default)]
struct Part {
    stack: Vec<String>,
    /// Open paragraphs' texts, innermost last (a text box's paragraphs sit inside one).
    open: Vec<String>,
    /// Depth of content skipped: deleted or moved-away text, alternate content, separator
    /// footnotes.
    skip: usize,
    /// Fields open: whether each is past its `separate` (showing its result).
    fields: Vec<bool>,
    /// Inside `<w:t>`.
    text: bool,
}

/// Elements whose whole content is not the document's text.
const SKIPPED: &[&str] = &["movefrom", "fallback", "del"];

impl Paragraphs {
    fn read(&mut self, path: &Path, part_name: &str, xml: &str) -> Result<()> {
        let mut x = Xml::new(path, xml).in_part(part_name);
        let mut p = Part::default();
        loop {
            let event = x.next()?;
            match &event {
                Event::Start(e) => {
                    self.start(&mut p, e);
                    p.stack.push(local(e.name().as_ref()));
                }
                Event::Empty(e) => {
                    self.start(&mut p, e);
                    p.stack.push(local(e.name().as_ref()));
                    self.end(&mut p);
                }
                Event::End(_) => self.end(&mut p),
                Event::Eof => break,
                _ => {
                    if p.text
                        && p.skip == 0
                        && p.fields.iter().all(|&shown| shown)
                        && let (Some(chunk), Some(cur)) = (x.chunk(&event)?, p.open.last_mut())
                    {
                        cur.extend(chunk.text.chars().map(|c| match c {
                            '\n' | '\r' => ' ',
                            c => c,
                        }));
                    }
                }
            }
        }
        for cur in p.open.drain(..).rev() {
            self.paragraph(cur);
        }
        Ok(())
    }

    fn start(&mut self, p: &mut Part, e: &BytesStart) {
        let name = local(e.name().as_ref());
        if p.skip > 0
            || SKIPPED.contains(&name.as_str())
            || (name == "footnote" && attribute(e, "type").is_some_and(|t| t != "normal"))
        {
            p.skip += 1;
            return;
        }
        let in_run = p.stack.last().is_some_and(|s| s == "r");
        let push = |p: &mut Part, c: char| {
            if p.fields.iter().all(|&shown| shown)
                && let Some(cur) = p.open.last_mut()
            {
                cur.push(c);
            }
        };
        match name.as_str() {
            "p" => p.open.push(String::new()),
            "t" => p.text = true,
            "tab" if in_run => push(p, '\t'),
            "br" | "cr" if in_run => push(p, ' '),
            "nobreakhyphen" if in_run => push(p, '-'),
            "fldchar" => match attribute(e, "fldchartype").as_deref() {
                Some("begin") => p.fields.push(false),
                Some("separate") => {
                    if let Some(last) = p.fields.last_mut() {
                        *last = true;
                    }
                }
                Some("end") => {
                    p.fields.pop();
                }
                _ => {}
            },
            _ => {}
        }
    }

    fn end(&mut self, p: &mut Part) {
        let name = p.stack.pop().unwrap_or_default();
        if p.skip > 0 {
            p.skip -= 1;
            return;
        }
        match name.as_str() {
            "t" => p.text = false,
            "p" => {
                if let Some(cur) = p.open.pop() {
                    self.paragraph(cur);
                }
            }
            _ => {}
        }
    }

    fn paragraph(&mut self, text: String) {
        if self.count > 0 {
            self.text.push('\n');
        }
        self.text.push_str(&text);
        self.count += 1;
    }
}
