//! Positions: byte offsets inside the library, 1-based line and character column at the output,
//! always of the original file. Every command reports positions through this one index.

/// Start offsets of the lines of one original text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and a 1-based column counted in Unicode characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(line_breaks(text.as_bytes()).map(|(_, next)| next));
        LineIndex { starts }
    }

    /// Line and column of byte `offset` in `text` (the text this index was built from).
    /// An offset inside a multi-byte character counts as that character.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = text[start..floor_char_boundary(text, offset)]
            .chars()
            .count()
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The text of 1-based `line`, without its line terminator.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(text.len(), |&e| e - 1);
        let line = &text[start..end];
        line.strip_suffix('\r').unwrap_or(line)
    }
}

/// `(end, next)` of every line break in `bytes`: a line ends at `end`, the next starts at
/// `next`. `\n`, `\r\n` and a lone `\r` (old Mac files) each end one line, as editors show
/// them; every command splits lines here, so their line numbers agree.
pub(crate) fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(move |i| match bytes[i] {
        b'\r' if bytes.get(i + 1) == Some(&b'\n') => None,
        b'\n' if i > 0 && bytes[i - 1] == b'\r' => Some((i - 1, i + 1)),
        _ => Some((i, i + 1)),
    })
}

/// The largest char boundary at or before `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = " 大会， \n 回顾其第 36/103 号";
        let idx = LineIndex::new(text);
        let off = text.find("回顾").unwrap();
        assert_eq!(idx.line_col(text, off), LineCol { line: 2, column: 2 });
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_text(text, 1), " 大会， ");
    }

    #[test]
    fn a_lone_cr_ends_a_line_and_crlf_is_one_break() {
        let text = "一\r二\r\n三\n\r四\r";
        let idx = LineIndex::new(text);
        let lines: Vec<&str> = (1..=6).map(|l| idx.line_text(text, l)).collect();
        assert_eq!(lines, ["一", "二", "三", "", "四", ""]);
        let off = text.find('四').unwrap();
        assert_eq!(idx.line_col(text, off), LineCol { line: 5, column: 1 });
        let breaks: Vec<(usize, usize)> = line_breaks(b"a\r\nb\rc\n").collect();
        assert_eq!(breaks, [(1, 3), (4, 5), (6, 7)]);
    }
}
