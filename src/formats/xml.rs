//! The quick-xml plumbing the XML formats share: a streaming reader that knows the line and
//! column of every event, and the builder of flat texts with their origin maps.

use super::{Origin, Place, SegmentOrigin};
use crate::error::{Error, Result};
use quick_xml::events::{BytesStart, Event};
use std::path::Path;

/// Streams the events of one XML text, never building a tree, and turns byte offsets into
/// lines and columns with a cursor that only moves forward: linear over the whole file.
pub(crate) struct Xml<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    text: &'a str,
    path: &'a Path,
    /// The part of a package (`word/document.xml`) the text is, named in errors.
    part: &'a str,
    /// Byte offset, 1-based line and column (in characters) the cursor stands at.
    at: (usize, usize, usize),
}

/// What a text event holds: its text and where that text starts in the file.
pub(crate) struct Chunk<'a> {
    pub text: std::borrow::Cow<'a, str>,
    pub line: usize,
    pub column: usize,
}

impl<'a> Xml<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        let mut reader = quick_xml::Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.trim_text(false);
        Xml {
            reader,
            text,
            path,
            part: "",
            at: (0, 1, 1),
        }
    }

    /// The reader of part `part` of a package.
    pub fn in_part(mut self, part: &'a str) -> Self {
        self.part = part;
        self
    }

    /// The next event, or the error with the line and column where the XML went wrong.
    pub fn next(&mut self) -> Result<Event<'a>> {
        match self.reader.read_event() {
            Ok(e) => Ok(e),
            Err(e) => {
                let at = (self.reader.error_position() as usize).min(self.text.len());
                Err(self.error_at(at, &format!("malformed XML: {e}")))
            }
        }
    }

    /// An error naming the file and the place of byte `at`.
    pub fn error_at(&mut self, at: usize, message: &str) -> Error {
        let (line, column) = self.line_col(at);
        let part = if self.part.is_empty() {
            String::new()
        } else {
            format!("in {}: ", self.part)
        };
        Error::Syntax {
            path: self.path.to_owned(),
            line,
            column,
            message: format!("{part}{message}; fix the file (or export it again) and rerun"),
        }
    }

    /// An error at the end of the event just read.
    pub fn error_here(&mut self, message: &str) -> Error {
        let at = self.end();
        self.error_at(at, message)
    }

    /// Byte offset just past the event last read.
    pub fn end(&self) -> usize {
        (self.reader.buffer_position() as usize).min(self.text.len())
    }

    /// Line and column of byte `at`; `at` must not go back before the last offset asked.
    pub fn line_col(&mut self, at: usize) -> (usize, usize) {
        let (from, mut line, mut column) = self.at;
        if at < from {
            return (line, column);
        }
        for &b in &self.text.as_bytes()[from..at] {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
        }
        self.at = (at, line, column);
        (line, column)
    }

    /// The text of a text, CDATA or entity event with where it starts, or `None` for others.
    /// Entities are decoded; one that is not XML's own or a character reference is an error.
    pub fn chunk(&mut self, event: &Event<'a>) -> Result<Option<Chunk<'a>>> {
        let end = self.end();
        let (text, start) = match event {
            Event::Text(t) => (t.clone().into_inner(), end - t.len()),
            Event::CData(t) => (t.clone().into_inner(), end - t.len() - "]]>".len()),
            Event::GeneralRef(r) => {
                let start = end - r.len() - 2;
                let decoded = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match quick_xml::escape::resolve_predefined_entity(r) {
                        Some(s) => s.to_owned(),
                        None => {
                            let name = r.to_string();
                            return Err(self.error_at(
                                start,
                                &format!("malformed XML: unknown entity &{name};"),
                            ));
                        }
                    },
                };
                (decoded.into(), start)
            }
            _ => return Ok(None),
        };
        let (line, column) = self.line_col(start);
        Ok(Some(Chunk { text, line, column }))
    }
}

/// The local name of an element (without its namespace prefix), lowercase ASCII.
pub(crate) fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase()
}

/// The value of attribute `key` (compared by local name, without case), decoded.
pub(crate) fn attribute(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == key).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

/// One segment being read: its text, with a run wherever the text stops following the file
/// character for character (after a tag, an entity or a line break).
#[derive(Debug, Default)]
pub(crate) struct Segment {
    text: String,
    chars: usize,
    runs: Vec<(u32, u32, u32)>,
}

impl Segment {
    /// Appends the text of `chunk`; its line breaks become spaces so the segment stays one
    /// line of the flat text with every character where it was.
    pub fn push(&mut self, chunk: &Chunk) {
        let mut line = chunk.line;
        self.run(line, chunk.column);
        for c in chunk.text.chars() {
            match c {
                '\n' => {
                    self.add(' ');
                    line += 1;
                    self.run(line, 1);
                }
                '\r' => self.add(' '),
                c => self.add(c),
            }
        }
    }

    fn add(&mut self, c: char) {
        self.text.push(c);
        self.chars += 1;
    }

    fn run(&mut self, line: usize, column: usize) {
        let run = (self.chars as u32, line as u32, column as u32);
        if self.runs.last().is_some_and(|r| r.0 == run.0) {
            self.runs.pop();
        }
        self.runs.push(run);
    }
}

/// A flat text being built: one segment a line, with where each came from.
#[derive(Debug, Default)]
pub(crate) struct FlatBuilder {
    text: String,
    segments: Vec<SegmentOrigin>,
}

impl FlatBuilder {
    /// Appends `segment` as the next line, `id` naming it and `at` the line and column of its
    /// element (where an empty segment is reported).
    pub fn line(&mut self, segment: Segment, id: &str, at: (usize, usize)) {
        if !self.segments.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(&segment.text);
        let mut runs = segment.runs;
        runs.shrink_to_fit();
        self.segments.push(SegmentOrigin {
            id: id.into(),
            at: (at.0 as u32, at.1 as u32),
            runs: runs.into_boxed_slice(),
        });
    }

    pub fn lines(&self) -> usize {
        self.segments.len()
    }

    /// The flat text and its origin in `path`.
    pub fn finish(mut self, path: &Path) -> (String, Origin) {
        // An empty last segment would end the text with a line break, which ends the line
        // before it rather than making one: the sides would differ in lines.
        if self.segments.len() > 1 && self.text.ends_with('\n') {
            self.text.push(' ');
        }
        let origin = Origin {
            path: path.to_owned(),
            source: None,
            paragraphs: false,
            segments: self.segments,
        };
        (self.text, origin)
    }
}

impl SegmentOrigin {
    /// The place of 1-based character `column` of this segment's line.
    pub(crate) fn place(&self, column: usize) -> Place<'_> {
        let col = column.saturating_sub(1) as u32;
        let i = self.runs.partition_point(|r| r.0 <= col);
        let (line, column) = match i.checked_sub(1).map(|i| self.runs[i]) {
            Some((from, line, c)) => (line as usize, (c + col - from) as usize),
            None => (self.at.0 as usize, self.at.1 as usize),
        };
        Place {
            line,
            column,
            segment: Some(&self.id),
        }
    }
}

/// What a reader does with a file's elements and text, in document order.
pub(super) trait Events {
    /// The names of the open elements, which [`walk`] keeps.
    fn stack(&mut self) -> &mut Vec<String>;
    /// The root element opens (its name already checked).
    fn root(&mut self, _e: &BytesStart) {}
    /// An element opens (an empty one closes right after).
    fn start(&mut self, x: &mut Xml, e: &BytesStart) -> Result<()>;
    /// The innermost open element closes: its name is on top of the stack, for `end` to pop.
    fn end(&mut self);
    /// Text (or a character reference) inside the open elements.
    fn text(&mut self, chunk: &Chunk);
}

/// The root element a format's files have: its name, and the format as messages name it
/// (`an XLIFF`).
pub(super) struct Root {
    pub name: &'static str,
    pub format: &'static str,
}

/// Reads the whole of `x`, handing every element and text to `st`: the one event loop of the
/// XLIFF and TMX readers. A file whose root element is not `root` is an error.
pub(super) fn walk(x: &mut Xml, st: &mut impl Events, root: Root) -> Result<()> {
    let mut rooted = false;
    loop {
        let event = x.next()?;
        let (e, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                st.end();
                continue;
            }
            Event::Eof if rooted => return Ok(()),
            Event::Eof => {
                return Err(x.error_here(&format!(
                    "not {} file: it has no <{}> root element",
                    root.format, root.name
                )));
            }
            _ => {
                if let Some(chunk) = x.chunk(&event)? {
                    st.text(&chunk);
                }
                continue;
            }
        };
        let name = local(e.name().as_ref());
        if rooted {
            st.start(x, e)?;
        } else if name == root.name {
            rooted = true;
            st.root(e);
        } else {
            return Err(x.error_here(&format!(
                "not {} file: its root element is <{name}>, not <{}>",
                root.format, root.name
            )));
        }
        st.stack().push(name);
        if empty {
            st.end();
        }
    }
}
