//! Contexts stage: keyword-in-context lines for an occurrence, cut from the normalized text
//! (so a term broken across lines reads whole) and located in the original file.

use crate::text::normalize::Normalized;
use crate::text::positions::LineIndex;
use serde::{Deserialize, Serialize};

/// Characters of context on each side.
pub(crate) const WIDTH: usize = 15;

/// One keyword-in-context line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kwic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub left: String,
    #[serde(rename = "match")]
    pub matched: String,
    pub right: String,
    /// The id of the XLIFF or TMX segment it is in; for DOCX, `line` is the paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
}

/// A document as the later stages see it: original text, line index and normalized text.
pub(crate) struct Located<'a> {
    pub file: String,
    pub original: &'a str,
    /// Built on first use: most files of a large corpus never provide a context.
    pub lines: std::sync::OnceLock<LineIndex>,
    pub normalized: &'a Normalized,
    /// Where the lines of an XLIFF, TMX or DOCX file's text came from.
    pub origin: Option<std::sync::Arc<crate::formats::Origin>>,
}

impl Located<'_> {
    /// The context of normalized range `start..end`.
    pub(crate) fn kwic(&self, start: usize, end: usize) -> Kwic {
        let text = &self.normalized.text;
        let lines = self.lines.get_or_init(|| LineIndex::new(self.original));
        let pos = lines.line_col(self.original, self.normalized.original_offset(start));
        let place = self.origin.as_ref().map(|o| o.place(pos.line, pos.column));
        let left: Vec<char> = text[..start].chars().rev().take(WIDTH).collect();
        let left: String = left.into_iter().rev().collect();
        let right: String = text[end..].chars().take(WIDTH).collect();
        Kwic {
            file: self.file.clone(),
            line: place.map_or(pos.line, |p| p.line),
            column: place.map_or(pos.column, |p| p.column),
            left: one_line(&left),
            matched: text[start..end].to_owned(),
            right: one_line(&right),
            segment: place.and_then(|p| p.segment.map(str::to_owned)),
        }
    }
}

/// Contexts are shown on one line: line breaks and runs of spaces become one space.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::{Options, normalize};

    #[test]
    fn context_of_a_term_broken_across_lines_points_at_its_first_line() {
        let original =
            "能力建设措施应力求促进为和平目的使用信息和通信技术，并需\n\n要在 2021-2025 年";
        let n = normalize(original, &Options::default());
        let loc = Located {
            file: "a.txt".into(),
            original,
            lines: Default::default(),
            normalized: &n,
            origin: None,
        };
        let s = n.text.find("需要").unwrap();
        let k = loc.kwic(s, s + "需要".len());
        assert_eq!((k.line, k.column), (1, 28));
        assert_eq!(k.matched, "需要");
        assert_eq!(k.right, "在 2021-2025 年");
        assert_eq!(k.left.chars().count(), WIDTH);
    }
}
