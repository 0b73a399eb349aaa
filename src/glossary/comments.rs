//! Comment keeping for the writer: where each comment of a curated file belongs (header,
//! before an entry, trailer), and where each entry starts, by line.

use super::load::strip_bom;

/// Comments of a glossary file. A block before `entries:` is the header; a block between two
/// entries belongs to the entry after it (a section heading), a comment inside an entry, or
/// at the end of one of its lines, moves to that entry's head, and comments after the last
/// entry stay last.
#[derive(Debug, Default)]
pub(super) struct Comments {
    pub(super) header: Vec<String>,
    /// By entry index, in file order (the writer keeps the order of entries).
    pub(super) before: Vec<Vec<String>>,
    pub(super) trailer: Vec<String>,
}

impl Comments {
    pub(super) fn scan(text: &str, entries: usize) -> Comments {
        let text = strip_bom(text);
        let starts = entry_lines(text);
        let mut c = Comments::default();
        let mut pending: Vec<String> = Vec::new();
        let mut current: Option<usize> = None;
        let mut in_entries = false;
        let mut next = 0;
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.starts_with('#') {
                pending.push(t.to_owned());
                continue;
            }
            if t.is_empty() {
                continue;
            }
            // An end-of-line comment has no place in a layout the writer owns: it moves to its
            // own line at the head of its entry, so that nothing a person wrote is lost.
            if let Some(comment) = end_of_line_comment(line) {
                pending.push(comment.to_owned());
            }
            if !in_entries && line.starts_with("entries:") {
                in_entries = true;
                c.header.append(&mut pending);
                continue;
            }
            if starts.get(next) == Some(&(n + 1)) {
                current = Some(next);
                next += 1;
            }
            match current {
                Some(i) if !pending.is_empty() => {
                    if c.before.len() <= i {
                        c.before.resize(i + 1, Vec::new());
                    }
                    c.before[i].append(&mut pending);
                }
                None if !pending.is_empty() => c.header.append(&mut pending),
                _ => {}
            }
        }
        c.trailer = pending;
        // More entry starts than entries means a layout this scanner misreads: keep every
        // comment, at the top, rather than attach one to the wrong entry. (Fewer is normal:
        // merge appends entries the original text does not have yet.)
        if starts.len() > entries {
            let mut all = std::mem::take(&mut c.header);
            all.extend(c.before.drain(..).flatten());
            all.append(&mut c.trailer);
            c.header = all;
        }
        c
    }
}

/// The comment at the end of a YAML content line (`id: ict  # note`), if any: a `#` after
/// whitespace and outside quoted scalars. A quote opens a scalar only where a value starts (at
/// the start of the line or after `:`, `-`, `[`, `{` or `,`), so the apostrophe in
/// `note: State's behaviour` is text.
fn end_of_line_comment(line: &str) -> Option<&str> {
    let mut quote: Option<char> = None;
    let mut prev_solid: Option<char> = None;
    let mut prev: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('"') => match c {
                '\\' => {
                    chars.next();
                }
                '"' => quote = None,
                _ => {}
            },
            Some(_) => {
                if c == '\'' {
                    if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
            }
            None => match c {
                '"' | '\''
                    if prev_solid.is_none_or(|p| matches!(p, ':' | '-' | '[' | '{' | ',')) =>
                {
                    quote = Some(c)
                }
                '#' if prev.is_some_and(char::is_whitespace) => return Some(line[i..].trim_end()),
                _ => {}
            },
        }
        if !c.is_whitespace() {
            prev_solid = Some(c);
        }
        prev = Some(c);
    }
    None
}

/// The 1-based first line of each block-style entry (`- ` at the indentation of the first item
/// under `entries:`), in file order; lint and the writer use it to place things by line.
pub(super) fn entry_lines(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_entries = false;
    let mut indent = None;
    for (n, line) in text.lines().enumerate() {
        if !in_entries {
            in_entries = line.starts_with("entries:");
            continue;
        }
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let ind = line.len() - t.len();
        if ind == 0 && !t.starts_with('-') {
            break;
        }
        if t == "-" || t.starts_with("- ") {
            let want = *indent.get_or_insert(ind);
            if ind == want {
                out.push(n + 1);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Glossary};
    use std::path::Path;

    #[test]
    fn comments_stay_with_their_entries() {
        let text = "# file header\nversion: 1\nentries:\n  # Section A\n  - id: a\n    # moved to the head of a\n    zh: 甲\n\n  # Section B\n  - id: b\n    zh: 乙\n  # the end\n";
        let g = Glossary::parse(text, Path::new("g.yaml")).unwrap();
        let out = g.to_yaml_keeping_comments(text);
        assert_eq!(
            out,
            "# file header\nversion: 1\nentries:\n\n  # Section A\n  # moved to the head of a\n\n  - id: a\n    type: term\n    status: candidate\n    zh: 甲\n\n  # Section B\n\n  - id: b\n    type: term\n    status: candidate\n    zh: 乙\n\n  # the end\n"
        );
        assert_eq!(g.to_yaml_keeping_comments(&out), out, "idempotent");
        // Entries appended later (merge) come without comments; the others keep theirs.
        let mut more = g.clone();
        more.entries.push(Entry {
            id: "c".into(),
            ..Entry::default()
        });
        let out = more.to_yaml_keeping_comments(text);
        assert!(out.contains("  # Section B\n\n  - id: b\n"), "{out}");
        assert!(
            out.ends_with("  - id: c\n    type: term\n    status: candidate\n\n  # the end\n"),
            "{out}"
        );
    }

    #[test]
    fn end_of_line_comments_move_to_their_entry() {
        for (line, comment) in [
            ("  - id: a  # first", Some("# first")),
            ("    note: \"a # b\"  # real", Some("# real")),
            ("    note: 'it''s # not' # yes", Some("# yes")),
            ("    note: State's # c", Some("# c")),
            ("    en: [a, \"b #c\"]", None),
            ("    note: a#b", None),
            ("    zh: 信息和通信技术", None),
        ] {
            assert_eq!(end_of_line_comment(line), comment, "{line}");
        }
        let text = "version: 1 # v\nentries:\n  - id: a\n    zh: 甲 # UN usage\n  - id: b # second\n    zh: 乙\n";
        let g = Glossary::parse(text, Path::new("g.yaml")).unwrap();
        let out = g.to_yaml_keeping_comments(text);
        assert_eq!(
            out,
            "# v\nversion: 1\nentries:\n\n  # UN usage\n\n  - id: a\n    type: term\n    status: candidate\n    zh: 甲\n\n  # second\n\n  - id: b\n    type: term\n    status: candidate\n    zh: 乙\n"
        );
        assert_eq!(g.to_yaml_keeping_comments(&out), out);
    }
}
