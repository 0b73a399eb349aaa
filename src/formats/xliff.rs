//! XLIFF 1.2 and 2.x: the `source` and `target` of each `trans-unit` (1.2) or `segment` (2.x),
//! one a line, languages from `source-language`/`target-language` on `<file>` (1.2) or
//! `srcLang`/`trgLang` on `<xliff>` (2.x). Inline codes are skipped, their text kept.

use super::xml::{Chunk, Events, FlatBuilder, Root, Segment, Xml, attribute, local, walk};
use super::{Lang, Read, Side};
use crate::error::Result;
use quick_xml::events::BytesStart;
use std::path::Path;
use std::sync::Arc;

/// Inline elements whose content is native code, not text: `<bpt>`, `<ept>`, `<it>`, `<ph>`
/// (1.2, with their `<sub>`), and 2.x's `<cp>` (a code point XML cannot hold).
const CODE: &[&str] = &["bpt", "ept", "it", "ph", "cp"];

/// The unit being read: its id, where it starts, its source and target.
#[derive(Default)]
struct Unit {
    id: String,
    at: (usize, usize),
    source: Option<Segment>,
    target: Option<Segment>,
}

#[derive(Default)]
struct State {
    src_lang: Option<String>,
    trg_lang: Option<String>,
    /// Open elements, by local name.
    stack: Vec<String>,
    /// The id of the open 2.x `<unit>`.
    unit_id: String,
    unit: Option<Unit>,
    /// The segment being read, its element's depth, whether it is the target.
    reading: Option<(Segment, usize, bool)>,
    /// Depth inside inline code being skipped.
    code: usize,
    source: FlatBuilder,
    target: FlatBuilder,
    /// Units with a target.
    targets: usize,
}

pub(super) fn read(path: &Path, text: &str) -> Result<Read> {
    let mut x = Xml::new(path, text);
    let mut st = State::default();
    let root = Root {
        name: "xliff",
        format: "an XLIFF",
    };
    walk(&mut x, &mut st, root)?;
    Ok(st.finish(path))
}

impl Events for State {
    fn stack(&mut self) -> &mut Vec<String> {
        &mut self.stack
    }

    /// XLIFF 2's languages are on the root.
    fn root(&mut self, e: &BytesStart) {
        self.src_lang = attribute(e, "srclang");
        self.trg_lang = attribute(e, "trglang");
    }

    fn start(&mut self, x: &mut Xml, e: &BytesStart) -> Result<()> {
        let name = local(e.name().as_ref());
        if self.reading.is_some() {
            if self.code > 0 || CODE.contains(&name.as_str()) {
                self.code += 1;
            }
            return Ok(());
        }
        let at = x.line_col(x.end());
        let parent = self.stack.last().map(String::as_str);
        match name.as_str() {
            "file" if self.src_lang.is_none() => {
                self.src_lang = attribute(e, "source-language");
                self.trg_lang = attribute(e, "target-language");
            }
            "unit" => self.unit_id = attribute(e, "id").unwrap_or_default(),
            "trans-unit" | "segment" => {
                let own = attribute(e, "id");
                let id = match (name.as_str(), own) {
                    ("segment", Some(s)) if !self.unit_id.is_empty() => {
                        format!("{}/{s}", self.unit_id)
                    }
                    ("segment", None) => self.unit_id.clone(),
                    (_, own) => own.unwrap_or_default(),
                };
                self.unit = Some(Unit {
                    id,
                    at,
                    ..Unit::default()
                });
            }
            "source" | "target"
                if self.unit.is_some() && matches!(parent, Some("trans-unit" | "segment")) =>
            {
                self.reading = Some((Segment::default(), self.stack.len(), name == "target"));
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self) {
        let name = self.stack.pop().unwrap_or_default();
        if let Some((_, depth, _)) = &self.reading {
            if self.stack.len() > *depth {
                self.code = self.code.saturating_sub(1);
                return;
            }
            let (segment, _, target) = self.reading.take().unwrap_or_default();
            if let Some(unit) = self.unit.as_mut() {
                let slot = if target {
                    &mut unit.target
                } else {
                    &mut unit.source
                };
                slot.get_or_insert(segment);
            }
            self.code = 0;
            return;
        }
        if name == "trans-unit" || name == "segment" {
            let Some(unit) = self.unit.take() else { return };
            let n = self.source.lines() + 1;
            let id = if unit.id.is_empty() {
                n.to_string()
            } else {
                unit.id
            };
            self.targets += usize::from(unit.target.is_some());
            self.source
                .line(unit.source.unwrap_or_default(), &id, unit.at);
            self.target
                .line(unit.target.unwrap_or_default(), &id, unit.at);
        }
    }

    fn text(&mut self, chunk: &Chunk) {
        if let Some((segment, _, _)) = self.reading.as_mut()
            && self.code == 0
        {
            segment.push(chunk);
        }
    }
}

impl State {
    fn finish(self, path: &Path) -> Read {
        let src = self.src_lang.as_deref().and_then(Lang::of_tag);
        let trg = self.trg_lang.as_deref().and_then(Lang::of_tag);
        let units = self.source.lines();
        let mut notes = Vec::new();
        let (text, mut origin) = self.source.finish(path);
        origin.source = src;
        let mut sides = vec![Side {
            lang: src,
            text,
            origin: Arc::new(origin),
        }];
        if self.targets == 0 {
            notes.push(format!(
                "no unit has a <target>: only the source{} is read",
                src.map(|l| format!(" ({})", l.as_str()))
                    .unwrap_or_default()
            ));
        } else {
            if self.targets < units {
                notes.push(format!(
                    "{} of {units} units have no <target>: their source is checked alone",
                    units - self.targets
                ));
            }
            let (text, mut origin) = self.target.finish(path);
            origin.source = src;
            sides.push(Side {
                lang: trg,
                text,
                origin: Arc::new(origin),
            });
        }
        Read { sides, notes }
    }
}
