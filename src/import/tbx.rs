//! TBX reader: v3 (ISO 30042:2019, `<tbx>`, `conceptEntry/langSec/termSec`, DCA or DCT style)
//! and v2 (`<martif>`, TBX-Basic, `termEntry/langSet/tig|ntig`), streamed with quick-xml
//! (events over the text, no tree), each concept built as its end tag is read.
//!
//! Per term: `administrativeStatus` (or v2's `normativeAuthorization`) gives its standing
//! (preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts,
//! supersededTerm-admn-sts, and the bare `preferredTerm` … values), `termType` abbreviation,
//! acronym, shortForm or initialism makes it an abbreviation. Notes (concept, language and
//! term level), definitions and `source` are kept; `<note>shuyu status: X</note>`, which
//! shuyu's own export writes for entries that are not approved, is the entry's status, and
//! in a file shuyu exported an entry without it is approved.

use super::{Concept, Standing, language_of};
use crate::error::{Error, Result};
use crate::glossary::Status;
use crate::render::export::{DETECT_OFF_NOTE, STATUS_NOTE};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::path::Path;

/// What the text of an element being read is for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cap {
    Term,
    Status,
    TermType,
    Note,
    Definition,
    Source,
    SourceDesc,
}

/// An open element, as far as the reader cares.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Open {
    Concept,
    Lang,
    TermSec,
    Capture,
    Other,
}

/// The term section being read.
#[derive(Default)]
struct TermBuild {
    text: String,
    standing: Option<Standing>,
    abbr: bool,
    notes: Vec<String>,
}

#[derive(Default)]
struct State {
    concepts: Vec<Concept>,
    concept: Option<Concept>,
    /// Language of the open language section; `None` inside one of another language.
    lang: Option<&'static str>,
    in_lang: bool,
    term: Option<TermBuild>,
    capture: Option<(Cap, String)>,
    stack: Vec<Open>,
    by_shuyu: bool,
}

/// Reads the concepts of a TBX file (v2 or v3).
pub fn read(path: &Path, bytes: &[u8]) -> Result<Vec<Concept>> {
    let text = super::decode(path, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut r = Reader::from_str(text);
    let mut lines = Lines::default();
    let mut st = State::default();
    let mut root = false;
    loop {
        let at = r.buffer_position() as usize;
        let ev = r
            .read_event()
            .map_err(|e| syntax(path, text, r.error_position() as usize, &e.to_string()))?;
        let bad = |m: &str| syntax(path, text, at, m);
        match ev {
            Event::Start(e) | Event::Empty(e) if !root => {
                let name = local(&e);
                if name != "tbx" && name != "martif" {
                    return Err(bad(&format!(
                        "not TBX: the root element is <{name}>, expected <tbx> (TBX v3) or \
                         <martif> (TBX v2)"
                    )));
                }
                root = true;
                st.stack.push(Open::Other);
            }
            Event::Start(e) => {
                let line = lines.line_at(text, at);
                let open = st.start(&e, line).map_err(|m| bad(&m))?;
                st.stack.push(open);
            }
            Event::Empty(e) => {
                let line = lines.line_at(text, at);
                let open = st.start(&e, line).map_err(|m| bad(&m))?;
                st.end(open);
            }
            Event::End(_) => {
                let open = st.stack.pop().unwrap_or(Open::Other);
                st.end(open);
            }
            Event::Text(t) => st.text(&t.xml10_content()),
            Event::CData(t) => st.text(&t.xml10_content()),
            Event::GeneralRef(g) => {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => predefined(&g.xml10_content())
                        .ok_or_else(|| bad(&format!("unknown entity &{};", g.xml10_content())))?
                        .to_string(),
                    Err(e) => return Err(bad(&e.to_string())),
                };
                st.text(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root {
        return Err(syntax(path, text, text.len(), "not TBX: no root element"));
    }
    if !st.stack.is_empty() {
        return Err(syntax(
            path,
            text,
            text.len(),
            "not well-formed XML: the file ends before its elements are closed",
        ));
    }
    Ok(st.concepts)
}

impl State {
    /// Opens an element; `Err` holds the message for an element that cannot be read.
    fn start(&mut self, e: &BytesStart, line: usize) -> std::result::Result<Open, String> {
        let name = local(e);
        let kind = attr(e, "type")?;
        let cap = match (name.as_str(), kind.as_deref()) {
            ("conceptEntry" | "termEntry", _) => {
                let id = attr(e, "id")?.map(|id| undo_prefix(id.trim()));
                self.concept = Some(Concept {
                    line,
                    id,
                    ..Concept::default()
                });
                return Ok(Open::Concept);
            }
            ("langSec" | "langSet", _) => {
                let tag = match attr(e, "xml:lang")? {
                    Some(t) => Some(t),
                    None => attr(e, "lang")?,
                };
                self.lang = tag.as_deref().and_then(language_of);
                self.in_lang = true;
                return Ok(Open::Lang);
            }
            ("termSec" | "tig" | "ntig", _) => {
                self.term = Some(TermBuild::default());
                return Ok(Open::TermSec);
            }
            ("sourceDesc", _) => Some(Cap::SourceDesc),
            _ if self.capture.is_some() || self.concept.is_none() => None,
            ("term", _) => Some(Cap::Term),
            ("termNote" | "descrip" | "admin", Some(t)) => category(t),
            ("note", _) => Some(Cap::Note),
            (other, _) => category(other),
        };
        match cap {
            Some(c) if self.capture.is_none() => {
                self.capture = Some((c, String::new()));
                Ok(Open::Capture)
            }
            _ => Ok(Open::Other),
        }
    }

    fn text(&mut self, s: &str) {
        if let Some((_, buf)) = &mut self.capture {
            buf.push_str(s);
        }
    }

    fn end(&mut self, open: Open) {
        match open {
            Open::Capture => {
                if let Some((cap, text)) = self.capture.take() {
                    self.captured(cap, text.trim());
                }
            }
            Open::TermSec => {
                if let (Some(t), Some(code), Some(c)) =
                    (self.term.take(), self.lang, &mut self.concept)
                {
                    let standing = match t.standing {
                        Some(Standing::Deprecated) => Standing::Deprecated,
                        _ if t.abbr => Standing::Abbr,
                        s => s.unwrap_or(Standing::Unmarked),
                    };
                    c.push_term(code, &t.text, standing);
                    for n in t.notes {
                        c.notes.push(format!("{}: {n}", t.text.trim()));
                    }
                }
            }
            Open::Lang => {
                self.lang = None;
                self.in_lang = false;
            }
            Open::Concept => {
                if let Some(mut c) = self.concept.take() {
                    if c.status.is_none() && self.by_shuyu {
                        c.status = Some(Status::Approved);
                    }
                    self.concepts.push(c);
                }
            }
            Open::Other => {}
        }
    }

    fn captured(&mut self, cap: Cap, text: &str) {
        if cap == Cap::SourceDesc {
            self.by_shuyu |= text.contains("Exported by shuyu");
            return;
        }
        let (Some(c), false) = (&mut self.concept, text.is_empty()) else {
            return;
        };
        let lang = self.lang.filter(|_| self.in_lang);
        match (cap, &mut self.term) {
            (Cap::Term, Some(t)) => t.text = text.to_owned(),
            (Cap::Status, Some(t)) => t.standing = standing(text),
            (Cap::TermType, Some(t)) => t.abbr |= is_abbreviation(text),
            (Cap::Note, Some(t)) => t.notes.push(text.to_owned()),
            (Cap::Note, None) => match (shuyu_status(text), lang) {
                (Some(s), _) if !self.in_lang => c.status = Some(s),
                (_, Some(l)) if text == DETECT_OFF_NOTE => c.no_detect.push(l),
                _ => c.notes.push(text.to_owned()),
            },
            (Cap::Definition, _) => c.notes.push(match lang {
                Some(l) => format!("Definition ({l}): {text}"),
                None => format!("Definition: {text}"),
            }),
            (Cap::Source, _) => {
                c.sources.push(text.to_owned());
            }
            _ => {}
        }
    }
}

/// The capture for a data category, by its `type` (DCA style) or element name (DCT style).
fn category(name: &str) -> Option<Cap> {
    Some(match name {
        "administrativeStatus" | "normativeAuthorization" => Cap::Status,
        "termType" => Cap::TermType,
        "definition" => Cap::Definition,
        "source" => Cap::Source,
        _ => return None,
    })
}

/// A term's standing from its administrative status or normative authorization.
fn standing(value: &str) -> Option<Standing> {
    let v = value.trim().to_ascii_lowercase();
    let v = v.strip_suffix("-admn-sts").unwrap_or(&v);
    Some(match v {
        "preferredterm" | "standardizedterm" | "preferred" => Standing::Preferred,
        "admittedterm" | "legalterm" | "regulatedterm" | "admitted" => Standing::Admitted,
        "deprecatedterm" | "supersededterm" | "deprecated" | "superseded" | "forbidden"
        | "obsolete" | "notrecommended" => Standing::Deprecated,
        _ => return None,
    })
}

fn is_abbreviation(value: &str) -> bool {
    matches!(
        value.trim(),
        "abbreviation" | "acronym" | "shortForm" | "initialism"
    )
}

/// The status in shuyu's own `shuyu status: candidate` note.
fn shuyu_status(note: &str) -> Option<Status> {
    match note.strip_prefix(STATUS_NOTE.trim_end())?.trim() {
        "approved" => Some(Status::Approved),
        "candidate" => Some(Status::Candidate),
        "rejected" => Some(Status::Rejected),
        _ => None,
    }
}

/// An id without the `_` shuyu's export puts before one that starts with a digit.
fn undo_prefix(id: &str) -> String {
    match id.strip_prefix('_') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest.to_owned(),
        _ => id.to_owned(),
    }
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_owned()
}

/// The value of attribute `key` (its full name, `xml:lang`), unescaped.
fn attr(e: &BytesStart, key: &str) -> std::result::Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|e| format!("not well-formed XML: {e}"))?;
        if a.key.as_ref() == key {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                .map_err(|e| format!("not well-formed XML: {e}"))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

/// Line numbers of byte offsets met in increasing order, counted once over the text.
#[derive(Default)]
struct Lines {
    pos: usize,
    line: usize,
}

impl Lines {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset < self.pos {
            (self.pos, self.line) = (0, 0);
        }
        self.line += memchr::memchr_iter(b'\n', &text.as_bytes()[self.pos..offset]).count();
        self.pos = offset;
        self.line + 1
    }
}

/// A one-line error at `offset`: `path:line:column: message`.
fn syntax(path: &Path, text: &str, offset: usize, message: &str) -> Error {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let message = if message.starts_with("not ") || message.starts_with("unknown") {
        message.to_owned()
    } else {
        format!("not well-formed XML: {message}")
    };
    Error::Syntax {
        path: path.to_owned(),
        line,
        column: before[start..].chars().count() + 1,
        message: format!("{message}: fix the file or export it again"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V2: &str = r#"<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="_2021-a">
  <descrip type="definition">a def</descrip>
  <langSet xml:lang="zh-CN">
    <tig><term>信息和通信技术</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <ntig><termGrp><term>信息通信技术</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termGrp></ntig>
  </langSet>
  <langSet xml:lang="en-US">
    <tig><term>ICTs</term><termNote type="termType">acronym</termNote></tig>
    <tig><term>information &amp; communications technologies</term></tig>
    <tig><term>x</term><note>old</note><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
  </langSet>
  <langSet xml:lang="de"><tig><term>IKT</term></tig></langSet>
  <admin type="source">A/RES/77/36</admin>
</termEntry>
</body></text></martif>"#;

    #[test]
    fn reads_tbx_v2() {
        let c = read(Path::new("a.tbx"), V2.as_bytes()).unwrap();
        assert_eq!(c.len(), 1);
        let c = &c[0];
        assert_eq!((c.line, c.id.as_deref()), (6, Some("2021-a")));
        let zh = c.lang("zh").unwrap();
        assert_eq!(zh.preferred, "信息和通信技术");
        assert_eq!(zh.deprecated, vec!["信息通信技术"]);
        let en = c.lang("en").unwrap();
        assert_eq!(en.preferred, "information & communications technologies");
        assert_eq!(en.abbr.as_deref(), Some("ICTs"));
        assert_eq!(en.deprecated, vec!["x"]);
        assert_eq!(c.notes, vec!["Definition: a def", "x: old"]);
        assert_eq!(c.sources, vec!["A/RES/77/36"]);
        assert_eq!(c.status, None);
    }

    #[test]
    fn reads_tbx_v3_dct_style_and_shuyu_statuses() {
        let v3 = r#"<tbx type="TBX-Basic" style="dct" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic">
<tbxHeader><fileDesc><sourceDesc><p>Exported by shuyu 0.1.0 from a glossary</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="iate_3515206"><langSec xml:lang="zh"><termSec><term>风险边际</term>
<basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus></termSec>
<termSec><term>风险<hi>余量</hi></term><basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus></termSec></langSec>
<basic:source>EIOPA</basic:source></conceptEntry>
<conceptEntry id="b"><note>shuyu status: candidate</note><langSec xml:lang="zh"><termSec><term>乙</term></termSec></langSec></conceptEntry>
</body></text></tbx>"#;
        let c = read(Path::new("a.tbx"), v3.as_bytes()).unwrap();
        let zh = c[0].lang("zh").unwrap();
        assert_eq!(zh.preferred, "风险边际");
        assert_eq!(zh.deprecated, vec!["风险余量"]);
        assert_eq!(c[0].sources, vec!["EIOPA"]);
        // Exported by shuyu: no status note means approved.
        assert_eq!(c[0].status, Some(Status::Approved));
        assert_eq!(c[1].status, Some(Status::Candidate));
        assert!(c[1].notes.is_empty());
    }

    #[test]
    fn malformed_xml_names_line_and_column() {
        let bad = "<tbx>\n<text><body>\n  <conceptEntry id=\"a\"></langSec>";
        let e = read(Path::new("b.tbx"), bad.as_bytes()).unwrap_err();
        assert!(e.to_string().starts_with("b.tbx:3:"), "{e}");
        let e = read(Path::new("b.tbx"), b"<html/>").unwrap_err();
        assert!(e.to_string().contains("not TBX"), "{e}");
        let e = read(Path::new("b.tbx"), b"<tbx><text>").unwrap_err();
        assert!(e.to_string().starts_with("b.tbx:1:"), "{e}");
    }
}
