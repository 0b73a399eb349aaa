//! LanguageTool's `data` field: a text given as parts of text and markup (Markdown, LaTeX,
//! HTML in an editor). The text parts (and what markup is to be read as) are checked;
//! positions are given back in the whole annotated text, as LanguageTool gives them.

use super::problem::Problem;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Data {
    annotation: Vec<Part>,
}

/// One part: `{"text": …}`, or `{"markup": …}` with what it reads as (`"interpretAs":
/// "\n\n"` for a paragraph break), else nothing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Part {
    text: Option<String>,
    markup: Option<String>,
    #[serde(rename = "interpretAs")]
    interpret_as: Option<String>,
}

/// A stretch of the plain text and where it came from.
#[derive(Debug, Clone, Copy)]
struct Span {
    /// Start in the plain text, in UTF-16 units.
    plain: usize,
    /// Start of its part in the annotated text, in UTF-16 units.
    original: usize,
    /// Length of its part in the annotated text, in UTF-16 units.
    original_len: usize,
    /// A text part (positions inside it map one to one), not markup.
    text: bool,
}

/// The text to check, and how to map its positions back.
#[derive(Debug)]
pub struct Annotated {
    pub plain: String,
    spans: Vec<Span>,
}

impl Annotated {
    /// Reads the JSON of a `data` field.
    pub fn parse(data: &str) -> Result<Annotated, Problem> {
        let data: Data = serde_json::from_str(data).map_err(|e| {
            Problem::bad_request(format!(
                "data is not LanguageTool's annotation JSON ({{\"annotation\": [{{\"text\": \
                 \"…\"}}, {{\"markup\": \"…\"}}]}}): {e}"
            ))
        })?;
        let mut out = Annotated {
            plain: String::new(),
            spans: Vec::with_capacity(data.annotation.len()),
        };
        let (mut plain, mut original) = (0, 0);
        for part in data.annotation {
            let (shown, len, text) = match (part.text, part.markup) {
                (Some(t), None) => {
                    let n = t.encode_utf16().count();
                    (t, n, true)
                }
                (None, Some(m)) => {
                    let n = m.encode_utf16().count();
                    (part.interpret_as.unwrap_or_default(), n, false)
                }
                _ => {
                    return Err(Problem::bad_request(
                        "data: each annotation part has either text or markup",
                    ));
                }
            };
            out.spans.push(Span {
                plain,
                original,
                original_len: len,
                text,
            });
            plain += shown.encode_utf16().count();
            original += len;
            out.plain.push_str(&shown);
        }
        Ok(out)
    }

    /// The annotated-text offset and length of the plain-text range `offset..offset +
    /// length` (UTF-16 units): a position inside markup moves to the markup's edge.
    pub fn original(&self, offset: usize, length: usize) -> (usize, usize) {
        let start = self.map(offset, false);
        let end = self.map(offset + length, true).max(start);
        (start, end - start)
    }

    fn map(&self, at: usize, end: bool) -> usize {
        // The span holding `at`: for an end, the one it closes (the last starting before it).
        let i = self
            .spans
            .partition_point(|s| if end { s.plain < at } else { s.plain <= at });
        let Some(s) = i.checked_sub(1).map(|i| self.spans[i]) else {
            return 0;
        };
        match (s.text, end) {
            (true, _) => s.original + (at - s.plain).min(s.original_len),
            (false, false) => s.original,
            (false, true) => s.original + s.original_len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_plain_positions_back_over_markup() {
        let data = r#"{"annotation": [{"text": "加强"}, {"markup": "**"},
            {"text": "能力构建"}, {"markup": "**"}, {"markup": "<br>", "interpretAs": "\n"},
            {"text": "𠀀ok"}]}"#;
        let a = Annotated::parse(data).unwrap();
        assert_eq!(a.plain, "加强能力构建\n𠀀ok");
        // 能力构建: plain 2..6, annotated 4..8.
        assert_eq!(a.original(2, 4), (4, 4));
        // ok: plain 9..11 (𠀀 is two units), annotated 16..18.
        assert_eq!(a.original(9, 2), (16, 2));
        assert!(Annotated::parse(r#"{"annotation": [{}]}"#).is_err());
        assert!(Annotated::parse("[").is_err());
    }
}
