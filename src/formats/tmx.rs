//! TMX 1.4: each `<tu>` with a Chinese (`zh*`) and an English (`en*`) `<tuv>` is one line of
//! each side, streamed: what is held is the two flat texts and the unit being read.

use super::xml::{Chunk, Events, FlatBuilder, Root, Segment, Xml, attribute, local, walk};
use super::{Lang, Read, Side};
use crate::error::Result;
use quick_xml::events::BytesStart;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// Inline elements whose content is native code, not text.
const CODE: &[&str] = &["bpt", "ept", "it", "ph", "ut"];

/// Languages named in a message, at most.
const SHOWN: usize = 8;

/// A `<tu>`: its id, where it starts, its Chinese and English segments.
type Unit = (String, (usize, usize), Option<Segment>, Option<Segment>);

#[derive(Default)]
struct State {
    stack: Vec<String>,
    /// The open `<tu>`: its id, where it starts, its Chinese and English segments.
    unit: Option<Unit>,
    /// The language of the open `<tuv>`.
    tuv: Option<Option<Lang>>,
    /// The open `<seg>` and its depth.
    seg: Option<(Segment, usize)>,
    code: usize,
    zh: FlatBuilder,
    en: FlatBuilder,
    units: usize,
    /// Languages seen on `<tuv>`s, for the message of a memory without zh or en.
    langs: BTreeSet<String>,
    /// The header's `srclang` (`*all*` names none).
    source: Option<Lang>,
}

pub(super) fn read(path: &Path, text: &str) -> Result<Read> {
    let mut x = Xml::new(path, text);
    let mut st = State::default();
    let root = Root {
        name: "tmx",
        format: "a TMX",
    };
    walk(&mut x, &mut st, root)?;
    if st.zh.lines() == 0 {
        let seen: Vec<&str> = st.langs.iter().take(SHOWN).map(String::as_str).collect();
        return Err(x.error_here(&format!(
            "no translation unit has both a Chinese (zh*) and an English (en*) <tuv> \
             ({} {}; languages seen: {}): shuyu reads Chinese–English memories",
            st.units,
            if st.units == 1 { "unit" } else { "units" },
            if seen.is_empty() {
                "none".to_owned()
            } else {
                seen.join(", ")
            }
        )));
    }
    Ok(st.finish(path))
}

impl Events for State {
    fn stack(&mut self) -> &mut Vec<String> {
        &mut self.stack
    }

    fn start(&mut self, x: &mut Xml, e: &BytesStart) -> Result<()> {
        let name = local(e.name().as_ref());
        if self.seg.is_some() {
            if self.code > 0 || CODE.contains(&name.as_str()) {
                self.code += 1;
            }
            return Ok(());
        }
        match name.as_str() {
            "header" => {
                self.source = attribute(e, "srclang").and_then(|t| Lang::of_tag(&t));
            }
            "tu" => {
                self.units += 1;
                let id = attribute(e, "tuid").unwrap_or_else(|| self.units.to_string());
                let at = x.line_col(x.end());
                self.unit = Some((id, at, None, None));
            }
            "tuv" if self.unit.is_some() => {
                // `xml:lang` in TMX 1.4, `lang` in 1.1; both have the local name `lang`.
                let tag = attribute(e, "lang").unwrap_or_default();
                if self.langs.len() < 64 {
                    self.langs.insert(tag.to_ascii_lowercase());
                }
                self.tuv = Some(Lang::of_tag(&tag));
            }
            "seg" if matches!(self.tuv, Some(Some(_))) => {
                self.seg = Some((Segment::default(), self.stack.len()));
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self) {
        let name = self.stack.pop().unwrap_or_default();
        if let Some((_, depth)) = &self.seg {
            if self.stack.len() > *depth {
                self.code = self.code.saturating_sub(1);
                return;
            }
            let (segment, _) = self.seg.take().unwrap_or_default();
            self.code = 0;
            if let (Some((_, _, zh, en)), Some(Some(lang))) = (self.unit.as_mut(), self.tuv) {
                let slot = if lang == Lang::Zh { zh } else { en };
                slot.get_or_insert(segment);
            }
            return;
        }
        match name.as_str() {
            "tuv" => self.tuv = None,
            "tu" => {
                if let Some((id, at, Some(zh), Some(en))) = self.unit.take() {
                    self.zh.line(zh, &id, at);
                    self.en.line(en, &id, at);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, chunk: &Chunk) {
        if let Some((segment, _)) = self.seg.as_mut()
            && self.code == 0
        {
            segment.push(chunk);
        }
    }
}

impl State {
    fn finish(self, path: &Path) -> Read {
        let kept = self.zh.lines();
        let mut notes = Vec::new();
        if kept < self.units {
            notes.push(format!(
                "{} of {} translation units lack a Chinese (zh*) or an English (en*) <tuv> and \
                 are left out",
                self.units - kept,
                self.units
            ));
        }
        let source = self.source;
        let side = |lang, flat: FlatBuilder| {
            let (text, mut origin) = flat.finish(path);
            origin.source = source;
            Side {
                lang: Some(lang),
                text,
                origin: Arc::new(origin),
            }
        };
        Read {
            sides: vec![side(Lang::Zh, self.zh), side(Lang::En, self.en)],
            notes,
        }
    }
}
