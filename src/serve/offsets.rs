//! Positions in a request's text in the three units editors count in: Unicode characters
//! (code points), UTF-16 code units (JavaScript, Java, LanguageTool, most editors) and UTF-8
//! bytes.

use serde::Serialize;

/// One position in a text, counted from its start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Unicode characters (code points) before the position.
    pub char: usize,
    /// UTF-16 code units before it: a character outside the Basic Multilingual Plane (rare
    /// CJK Extension B ideographs, emoji) counts two.
    pub utf16: usize,
    /// UTF-8 bytes before it.
    pub byte: usize,
}

/// The positions of `bytes` (byte offsets into `text`, each moved back to a character
/// boundary), in their order, counted in one pass over the text.
pub fn positions(text: &str, bytes: &[usize]) -> Vec<Position> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![Position::default(); bytes.len()];
    let mut at = Position::default();
    let mut chars = text.char_indices().peekable();
    for i in order {
        let target = crate::text::positions::floor_char_boundary(text, bytes[i].min(text.len()));
        while let Some(&(b, c)) = chars.peek() {
            if b >= target {
                break;
            }
            at.char += 1;
            at.utf16 += c.len_utf16();
            at.byte = b + c.len_utf8();
            chars.next();
        }
        at.byte = target;
        out[i] = at;
    }
    out
}

/// The byte offsets at which the lines of `text` start (`\n`, `\r\n` and a lone `\r` end a
/// line, as `check` counts them).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(crate::text::positions::line_breaks(text.as_bytes()).map(|(_, next)| next))
        .collect()
}

/// The byte offset of 1-based `line` and `column` (characters) of `text`, whose lines start
/// at `starts`; past the end of a line is its end.
pub fn byte_of(text: &str, starts: &[usize], line: usize, column: usize) -> usize {
    let Some(&start) = starts.get(line.saturating_sub(1)) else {
        return text.len();
    };
    let end = starts.get(line).copied().unwrap_or(text.len());
    let line_text = &text[start..end];
    start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_unit() {
        // 𠀀 is outside the BMP: one character, two UTF-16 units, four bytes.
        let text = "a联𠀀b";
        let p = positions(text, &[8, 0, 1, 4]);
        assert_eq!(
            p[0],
            Position {
                char: 3,
                utf16: 4,
                byte: 8
            }
        );
        assert_eq!(p[1], Position::default());
        assert_eq!(
            p[2],
            Position {
                char: 1,
                utf16: 1,
                byte: 1
            }
        );
        assert_eq!(
            p[3],
            Position {
                char: 2,
                utf16: 2,
                byte: 4
            }
        );
    }

    #[test]
    fn lines_and_columns_to_bytes() {
        let text = "联合国\r\nab\rc";
        let starts = line_starts(text);
        assert_eq!(starts, vec![0, 11, 14]);
        assert_eq!(byte_of(text, &starts, 1, 2), 3);
        assert_eq!(byte_of(text, &starts, 2, 2), 12);
        assert_eq!(byte_of(text, &starts, 3, 1), 14);
        assert_eq!(byte_of(text, &starts, 9, 1), text.len());
    }
}
