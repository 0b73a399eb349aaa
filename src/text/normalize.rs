//! Normalize stage: turns a document as extracted from PDF, web or Markdown into clean running
//! text (lines broken inside a sentence joined, Markdown and footnote marks dropped, page
//! furniture removed) while keeping a map from every normalized byte back to the original file.

use super::han::{is_cjk_punct, is_han};
use rustc_hash::FxHashMap;

/// What to remove besides line breaks and inline markup.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Drop running headers, page numbers, job numbers and separator lines. Extraction wants
    /// this (a header repeated on every page would look like a frequent term); `check` does not,
    /// since a deprecated form in a repeated heading is still a finding.
    pub drop_furniture: bool,
}

/// Normalized text with a map back to the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// Sorted runs: from normalized offset `.0` on, bytes map one to one onto original offset `.1`.
    spans: Vec<(usize, usize)>,
}

impl Normalized {
    /// The original byte offset of normalized byte `offset`.
    pub fn original_offset(&self, offset: usize) -> usize {
        let i = self.spans.partition_point(|&(n, _)| n <= offset);
        if i == 0 {
            return offset;
        }
        let (n, o) = self.spans[i - 1];
        o + (offset - n)
    }

    /// The original byte range of normalized range `start..end` (end exclusive). A range that
    /// was joined across a line break in normalization spans that break in the original.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        if end <= start {
            let s = self.original_offset(start);
            return (s, s);
        }
        let last = crate::text::positions::floor_char_boundary(&self.text, end - 1);
        let last_len = self.text[last..].chars().next().map_or(1, char::len_utf8);
        (
            self.original_offset(start),
            self.original_offset(last) + last_len,
        )
    }
}

struct Builder {
    out: String,
    spans: Vec<(usize, usize)>,
    next_orig: usize,
}

impl Builder {
    fn push(&mut self, orig: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.spans.is_empty() || orig != self.next_orig {
            self.spans.push((self.out.len(), orig));
        }
        self.out.push_str(s);
        self.next_orig = orig + s.len();
    }

    /// Cuts the output back to `len` bytes, with the runs that started in what is cut: left in
    /// the map, they would send later offsets back to text that is no longer there.
    fn truncate(&mut self, len: usize) {
        self.out.truncate(len);
        let kept = self.spans.partition_point(|&(n, _)| n < len);
        self.spans.truncate(kept);
        self.next_orig = usize::MAX;
    }
}

fn is_sentence_final(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '…' | '.' | '!' | '?' | ';')
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁰' | '⁴'..='⁹')
}

/// Normalizes `original`. The result keeps one newline wherever a line break was not joined,
/// so clause boundaries and paragraphs survive.
pub fn normalize(original: &str, options: &Options) -> Normalized {
    let lines = line_ranges(original);
    // Every pass below looks at lines without their surrounding whitespace.
    let contents: Vec<&str> = lines
        .iter()
        .map(|&(s, e, _)| original[s..e].trim())
        .collect();
    let furniture = if options.drop_furniture {
        furniture_lines(&contents)
    } else {
        vec![false; lines.len()]
    };
    let joinable = !sentence_per_line(&contents, &furniture);
    let mut b = Builder {
        out: String::with_capacity(original.len()),
        spans: Vec::new(),
        next_orig: 0,
    };
    let mut pending_break: Option<(usize, usize)> = None; // original range of the break not yet emitted
    for (i, &(start, end, term_end)) in lines.iter().enumerate() {
        let content = contents[i];
        if furniture[i] || content.is_empty() {
            // Blank and furniture lines are part of the break between the lines around them.
            pending_break = Some(pending_break.map_or((start, term_end), |(s, _)| (s, term_end)));
            continue;
        }
        if let Some((bs, be)) = pending_break.take() {
            let prev = b.out.trim_end().chars().next_back();
            let next = content.chars().next();
            let join = joinable
                && matches!((prev, next), (Some(p), Some(n))
                if (is_han(p) || (is_cjk_punct(p) && !is_sentence_final(p)))
                    && (is_han(n) || is_cjk_punct(n)));
            if join {
                // Drop the break and the whitespace around it: `能力构\n\n建` is one word.
                let trimmed = b.out.trim_end().len();
                b.truncate(trimmed);
            } else {
                b.push(bs, &original[bs..be]);
            }
        }
        let body_start = content.as_ptr() as usize - original.as_ptr() as usize;
        let body = &original[body_start..end];
        inline(&mut b, body_start, body);
        pending_break = Some((end, term_end));
    }
    if let Some((bs, be)) = pending_break {
        b.push(bs, &original[bs..be]);
    }
    Normalized {
        text: b.out,
        spans: b.spans,
    }
}

/// A file with one sentence per line (a parallel corpus such as UNPC, a translation memory
/// export) has no lines broken by layout: joining its headings to the next sentence would make
/// n-grams that never occur. Such files are recognised by most lines ending a sentence.
fn sentence_per_line(contents: &[&str], furniture: &[bool]) -> bool {
    let (mut content, mut ending) = (0usize, 0usize);
    for (&t, &furniture) in contents.iter().zip(furniture) {
        if furniture || t.is_empty() {
            continue;
        }
        content += 1;
        let last = t
            .trim_end_matches(['”', '’', '"', '）', ')'])
            .chars()
            .next_back();
        if last.is_some_and(is_sentence_final) {
            ending += 1;
        }
    }
    content >= 5 && ending * 2 >= content
}

/// `(start, end, end including the terminator)` of every line.
fn line_ranges(text: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (end, next) in crate::text::positions::line_breaks(text.as_bytes()) {
        out.push((start, end, next));
        start = next;
    }
    if start < text.len() {
        out.push((start, text.len(), text.len()));
    }
    out
}

/// Page numbers (`3`, `3/5`, `- 3 -`), job numbers (`22-12345 (C)`), bare document symbols
/// (`A/RES/77/36`), separator rules, and short lines repeated three times or more without
/// clause punctuation (running headers).
fn furniture_lines(contents: &[&str]) -> Vec<bool> {
    // Lines are short: counting the bytes that start a character beats `chars().count()`,
    // whose setup costs more than the count on a line of 80 bytes.
    let at_most_60_chars = |t: &str| {
        t.len() <= 60 || t.len() <= 240 && t.bytes().filter(|&b| (b as i8) >= -64).count() <= 60
    };
    let mut counts: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(contents.len(), Default::default());
    for &t in contents {
        if !t.is_empty() && at_most_60_chars(t) {
            *counts.entry(t).or_default() += 1;
        }
    }
    contents
        .iter()
        .map(|&t| {
            if t.is_empty() {
                return false;
            }
            let repeated = counts.get(t).is_some_and(|&n| n >= 3)
                && !t
                    .chars()
                    .any(|c| matches!(c, '，' | '。' | '；' | '：' | '、'));
            repeated || is_furniture_pattern(t)
        })
        .collect()
}

fn is_furniture_pattern(t: &str) -> bool {
    if t.len() > 40 {
        return false;
    }
    let digits_slash = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '/');
    if digits_slash(t) && t.len() <= 9 {
        return true; // page number or n/m
    }
    if let Some(inner) = t.strip_prefix('-').and_then(|x| x.strip_suffix('-'))
        && inner.trim().chars().all(|c| c.is_ascii_digit())
    {
        return true;
    }
    if t.len() >= 3 && t.chars().all(|c| matches!(c, '_' | '-' | '=' | '*' | '—')) {
        return true; // separator rule
    }
    // Job numbers such as `22-12345 (C)`.
    let job = t.trim_end_matches("(C)").trim_end_matches("（C）").trim();
    if job.len() == 8
        && job.as_bytes()[2] == b'-'
        && job.bytes().filter(u8::is_ascii_digit).count() == 7
    {
        return true;
    }
    // A document symbol alone on a line: `A/RES/77/36`, `A/77/275`.
    t.starts_with("A/")
        && t.len() <= 30
        && !t.contains(' ')
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-'))
}

/// Copies one line, dropping Markdown emphasis, heading marks, link syntax, footnote references
/// (`[1]`, `[^1]`) and superscript footnote marks.
fn inline(b: &mut Builder, base: usize, line: &str) {
    let bytes = line.as_bytes();
    // Most lines carry no markup: `*`, `_`, `[`, `#`, `>`, or a superscript digit
    // (U+00B9/B2/B3 start with 0xC2, U+2070–2079 with 0xE2 0x81). memchr's vectorised scans
    // make this check, run on every byte of the corpus, several times cheaper than a loop. The
    // two-byte finder is built once: built for every line, it cost more than the search.
    static SUPERSCRIPT: std::sync::LazyLock<memchr::memmem::Finder> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(&[0xE2, 0x81]));
    let plain = memchr::memchr3(b'*', b'_', b'[', bytes).is_none()
        && memchr::memchr3(b'#', b'>', 0xC2, bytes).is_none()
        && SUPERSCRIPT.find(bytes).is_none();
    if plain {
        b.push(base, line);
        return;
    }
    let mut i = 0;
    let mut copy_from = 0;
    // Heading and quote marks at the start of a line.
    let marker = line.len() - line.trim_start_matches(['#', '>']).len();
    if marker > 0 && line[marker..].starts_with(' ') {
        i = marker + 1;
        copy_from = i;
    }
    let flush = |b: &mut Builder, from: usize, to: usize| {
        if to > from {
            b.push(base + from, &line[from..to]);
        }
    };
    while i < line.len() {
        let c = line[i..].chars().next().unwrap();
        let clen = c.len_utf8();
        match c {
            '*' | '_' => {
                let double = bytes.get(i + 1) == Some(&bytes[i]);
                let prev = line[..i].chars().next_back();
                let next = line[i + if double { 2 } else { 1 }..].chars().next();
                let near_han = prev.is_some_and(is_han) || next.is_some_and(is_han);
                if double || near_han || c == '*' && (prev.is_none() || next.is_none()) {
                    flush(b, copy_from, i);
                    i += if double { 2 } else { 1 };
                    copy_from = i;
                    continue;
                }
            }
            '[' => {
                if let Some(close) = line[i + 1..].find(']').map(|k| i + 1 + k) {
                    let inner = &line[i + 1..close];
                    let after = &line[close + 1..];
                    let is_ref = !inner.is_empty()
                        && inner
                            .trim_start_matches('^')
                            .chars()
                            .all(|c| c.is_ascii_digit());
                    if after.starts_with('(') && !is_ref {
                        if let Some(paren) = after.find(')') {
                            // `[text](url)` keeps `text` at its own original position.
                            flush(b, copy_from, i);
                            b.push(base + i + 1, inner);
                            i = close + 1 + paren + 1;
                            copy_from = i;
                            continue;
                        }
                    } else if is_ref {
                        flush(b, copy_from, i);
                        i = close + 1;
                        copy_from = i;
                        continue;
                    }
                }
            }
            c if is_superscript_digit(c) => {
                flush(b, copy_from, i);
                i += clen;
                copy_from = i;
                continue;
            }
            _ => {}
        }
        i += clen;
    }
    flush(b, copy_from, line.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(
            s,
            &Options {
                drop_furniture: true,
            },
        )
        .text
    }

    #[test]
    fn joins_pdf_line_breaks_inside_words() {
        // From A/RES/77/36: the term is broken by the PDF layout.
        let src = "要在 2021-2025 年信息和通信技术安全和使用问题不限成员名额工作组进一步重\n\n点讨论专门为";
        let n = normalize(src, &Options::default());
        assert!(n.text.contains("进一步重点讨论"), "{}", n.text);
        let off = n.text.find("点讨论").unwrap();
        assert_eq!(&src[n.original_offset(off)..][..3], "点");
    }

    #[test]
    fn keeps_breaks_after_sentence_final_punctuation() {
        assert_eq!(norm("第一句。\n第二句"), "第一句。\n第二句");
        assert_eq!(norm("2008\n\n年 12 月"), "2008\n\n年 12 月");
    }

    #[test]
    fn strips_markdown_and_footnote_marks() {
        assert_eq!(norm("1. **促请**会员国："), "1. 促请会员国：");
        assert_eq!(norm("2015 年报告，³"), "2015 年报告，");
        assert_eq!(norm("¹ [A/65/201](#)。"), " A/65/201。");
        assert_eq!(norm("见报告[1]。"), "见报告。");
    }

    #[test]
    fn maps_ranges_back_across_joins() {
        let src = "能力构\n\n建措施";
        let n = normalize(src, &Options::default());
        assert_eq!(n.text, "能力构建措施");
        let s = n.text.find("能力构建").unwrap();
        assert_eq!(
            n.original_range(s, s + "能力构建".len()),
            (0, src.find("措施").unwrap())
        );
    }

    #[test]
    fn keeps_lines_of_sentence_per_line_files() {
        // From the UNPC dev set: a heading line, then sentences, one per line.
        let src = "不扩散核武器\n条约不结盟缔约国集团强调指出。\n第二句。\n第三句。\n第四句。\n第五句。\n";
        assert_eq!(norm(src), src);
    }

    #[test]
    fn drops_page_furniture() {
        let src = "正文第一段，\nA/RES/77/36\n3/5\n22-12345 (C)\n__________________\n继续";
        assert_eq!(norm(src), "正文第一段，继续");
    }

    /// The next number of a xorshift generator (deterministic, no crate needed).
    fn xorshift(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    /// What random documents are made of: Han text, ASCII, full-width punctuation, line ends of
    /// both kinds, blank lines, Markdown marks and links, footnote marks, page furniture, and
    /// characters of two, three and four bytes.
    const PIECES: &[&str] = &[
        "能力建设",
        "信息和通信技术",
        "安全",
        "措施",
        "重\n\n点",
        "COVID-19",
        "abc ",
        " ",
        "\t",
        "2021",
        "，",
        "。",
        "：",
        "、",
        "（",
        "）",
        "；",
        "？",
        "\n",
        "\r\n",
        "\n\n",
        "\r\n\r\n",
        "\n   \n",
        "**",
        "*",
        "_",
        "__",
        "# ",
        "## ",
        "> ",
        "#",
        "[1]",
        "[^2]",
        "[文本](http://x)",
        "[",
        "]",
        "(",
        "¹",
        "²",
        "³",
        "⁴",
        "⁹",
        "\n3/5\n",
        "\n- 3 -\n",
        "\n22-12345 (C)\n",
        "\n__________\n",
        "\nA/RES/77/36\n",
        "\n联合国大会\n",
        "é",
        "😀",
        "𠀀",
        "　",
        "…",
    ];

    fn random_document(seed: &mut u64) -> String {
        let pieces = 1 + xorshift(seed) % 60;
        (0..pieces)
            .map(|_| PIECES[(xorshift(seed) % PIECES.len() as u64) as usize])
            .collect()
    }

    /// Every position of the normalized text maps back into the original, onto the start of a
    /// character, and every character's range maps onto whole characters there.
    #[test]
    fn every_normalized_offset_maps_onto_the_original() {
        let mut seed = 0x2545_F491_4F6C_DD1D;
        for case in 0..400 {
            let original = random_document(&mut seed);
            let drop_furniture = case % 2 == 0;
            let n = normalize(&original, &Options { drop_furniture });
            let at = |i: usize| format!("{original:?} → {:?}, offset {i}", n.text);
            for i in 0..=n.text.len() {
                let o = n.original_offset(i);
                assert!(o <= original.len(), "{}", at(i));
                if !n.text.is_char_boundary(i) {
                    continue;
                }
                assert!(original.is_char_boundary(o), "{}", at(i));
                let Some(c) = n.text[i..].chars().next() else {
                    continue;
                };
                let (start, end) = n.original_range(i, i + c.len_utf8());
                assert!(start <= end && end <= original.len(), "{}", at(i));
                assert!(
                    original.is_char_boundary(start) && original.is_char_boundary(end),
                    "{}",
                    at(i)
                );
            }
        }
    }

    /// A line of markup and spaces alone (`__ `) leaves its line break and its space in the
    /// text; joining the next line to the one before removes both, and their runs with them, so
    /// the first character joined maps onto itself, not onto the removed line break.
    #[test]
    fn a_join_after_a_markup_line_maps_onto_the_joined_text() {
        let original = "能力建设\n__ \n信息";
        let n = normalize(original, &Options::default());
        assert_eq!(n.text, "能力建设信息");
        let i = n.text.find("信息").unwrap();
        assert_eq!(n.original_offset(i), original.find("信息").unwrap());
    }
}
