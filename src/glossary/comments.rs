//! Comment keeping for the writer: what each line of a curated file is (comment, structure,
//! the inside of a scalar), where each comment belongs (header, before an entry, trailer), and
//! where each entry starts and ends, by line.

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
        for (n, (line, kind)) in text.lines().zip(classify(text)).enumerate() {
            match kind.role {
                Role::Comment => {
                    pending.push(line.trim().to_owned());
                    continue;
                }
                Role::Blank => continue,
                Role::Structure | Role::Inside => {}
            }
            // An end-of-line comment has no place in a layout the writer owns: it moves to its
            // own line at the head of its entry, so that nothing a person wrote is lost.
            if let Some(at) = kind.comment {
                pending.push(line[at..].trim_end().to_owned());
            }
            if !in_entries && kind.role == Role::Structure && line.starts_with("entries:") {
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

/// What a line of a glossary file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Blank,
    /// A line that is only a comment.
    Comment,
    /// YAML that starts on this line: keys, values, list items.
    Structure,
    /// The inside of a scalar begun on an earlier line (a `|` or `>` block, a quoted string that
    /// spans lines): text, whatever it looks like, so a `# …` line there is not a comment.
    Inside,
}

/// A line's role and where its end-of-line comment starts (a byte offset), if it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LineKind {
    pub(super) role: Role,
    pub(super) comment: Option<usize>,
}

/// The kind of each line of `text` (as `str::lines` splits it).
pub(super) fn classify(text: &str) -> Vec<LineKind> {
    // A quote or bracket still open at the end means a misread (an apostrophe taken for a
    // quote): reading each line on its own then loses less than reading on through the file.
    match classify_with(text, true) {
        (kinds, true) => kinds,
        (_, false) => classify_with(text, false).0,
    }
}

/// The kinds of the lines of `text`; `carry` lets a quoted scalar or a flow collection go on
/// to the next line. The flag is false when one is still open at the end.
fn classify_with(text: &str, carry: bool) -> (Vec<LineKind>, bool) {
    let mut out = Vec::new();
    let mut block: Option<Block> = None;
    let mut s = Scanner::default();
    for line in text.lines() {
        if !carry {
            s = Scanner::default();
        }
        if let Some(b) = &mut block {
            if let Some(role) = b.role(line) {
                out.push(LineKind {
                    role,
                    comment: None,
                });
                continue;
            }
            block = None;
        }
        if s.quote.is_some() {
            let comment = s.scan(line);
            out.push(LineKind {
                role: Role::Inside,
                comment,
            });
            continue;
        }
        let t = line.trim();
        let role = match t.chars().next() {
            None => Role::Blank,
            Some('#') => Role::Comment,
            Some(_) => Role::Structure,
        };
        let comment = if role == Role::Structure {
            s.scan(line)
        } else {
            None
        };
        if role == Role::Structure && s.quote.is_none() && s.flow == 0 {
            block = Block::start(&line[..comment.unwrap_or(line.len())]);
        }
        out.push(LineKind { role, comment });
    }
    let closed = s.quote.is_none() && s.flow == 0;
    (out, closed)
}

/// A block scalar (`|`, `>`) being read: the indentation of the node it is the value of, and
/// the indentation of its lines (given by an indicator, else by its first non-empty line).
struct Block {
    parent: usize,
    indent: Option<usize>,
}

impl Block {
    /// The block scalar `line` (without its comment) opens: its last token is `|` or `>` with
    /// optional chomping and indentation indicators, after a `key:` or a `-` and any tags or
    /// anchors.
    fn start(line: &str) -> Option<Block> {
        let body = line.trim_end();
        let (rest, token) = body.rsplit_once([' ', '\t']).unwrap_or(("", body));
        let step = block_indicator(token)?;
        let mut rest = rest.trim_end();
        while let Some((r, t)) = rest.rsplit_once([' ', '\t'])
            && t.starts_with(['!', '&'])
        {
            rest = r.trim_end();
        }
        let parent = if rest.ends_with(':') {
            key_column(body)
        } else if rest.trim_start() == "-" || rest.ends_with(" -") {
            rest.len() - 1
        } else if rest.trim().is_empty() {
            indentation(body).saturating_sub(1)
        } else {
            return None;
        };
        Some(Block {
            parent,
            indent: step.map(|m| parent + m),
        })
    }

    /// The role of `line` while this block is open; `None` once a line ends the block.
    fn role(&mut self, line: &str) -> Option<Role> {
        if line.trim().is_empty() {
            return Some(Role::Blank);
        }
        let ind = indentation(line);
        let indent = *self
            .indent
            .get_or_insert(if ind > self.parent { ind } else { usize::MAX });
        (ind >= indent).then_some(Role::Inside)
    }
}

/// The indentation step of a block scalar header (`|`, `>-`, `|2`, `>+1`): `Some(None)`
/// without an explicit step, `None` when `token` is not a header.
fn block_indicator(token: &str) -> Option<Option<usize>> {
    let rest = token.strip_prefix(['|', '>'])?;
    let (mut step, mut chomp) = (None, false);
    for c in rest.chars() {
        match c {
            '1'..='9' if step.is_none() => step = c.to_digit(10).map(|d| d as usize),
            '+' | '-' if !chomp => chomp = true,
            _ => return None,
        }
    }
    Some(step)
}

/// Leading spaces: YAML indents with spaces only.
fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The column of the key on a line, after any `- ` sequence indicators.
fn key_column(line: &str) -> usize {
    let mut col = indentation(line);
    while let Some(rest) = line[col..].strip_prefix('-')
        && rest.starts_with([' ', '\t'])
    {
        col += 1 + rest.len() - rest.trim_start_matches([' ', '\t']).len();
    }
    col
}

/// The state of a line-by-line reading: the quote of a quoted scalar still open, the depth of
/// flow collections (`[`, `{`), the column of the last key (or `- ` item) and whether its
/// value is still to come (`key:` alone on its line).
#[derive(Default)]
struct Scanner {
    quote: Option<char>,
    flow: usize,
    key_column: Option<usize>,
    awaiting: bool,
}

impl Scanner {
    /// Reads one line and returns where its end-of-line comment starts: a `#` after whitespace
    /// and outside quoted scalars. A quote opens a scalar only where a node starts (first on the
    /// line, after `key: `, `- `, a tag or an anchor, and in a flow collection after `[`, `{`
    /// or `,`), so the apostrophe in `note: State's behaviour` is text. A line indented deeper
    /// than a key that already has its value goes on with that value (a plain scalar over
    /// several lines): nothing starts there.
    fn scan(&mut self, line: &str) -> Option<usize> {
        let continues = self.quote.is_none()
            && self.flow == 0
            && !self.awaiting
            && self.key_column.is_some_and(|k| indentation(line) > k);
        let mut at_node = self.quote.is_none() && !continues;
        let (mut after_indicator, mut in_property, mut after_space) = (false, false, false);
        let (mut keyed, mut comment) = (false, None);
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if let Some(q) = self.quote {
                // `\x` in double quotes and `''` in single quotes are one character of text.
                let escape = match q {
                    '"' => c == '\\',
                    _ => c == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\''),
                };
                if escape {
                    chars.next();
                } else if c == q {
                    self.quote = None;
                }
                (at_node, after_indicator, after_space) = (false, false, false);
                continue;
            }
            if c.is_whitespace() {
                at_node |= after_indicator;
                (after_indicator, in_property, after_space) = (false, false, true);
                continue;
            }
            let spaced = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
            match c {
                '#' if after_space => {
                    comment = Some(i);
                    break;
                }
                '"' | '\'' if at_node => self.quote = Some(c),
                '[' | '{' if at_node => self.flow += 1,
                ']' | '}' if self.flow > 0 => self.flow -= 1,
                ':' if spaced && self.flow == 0 => keyed = true,
                '-' if spaced && at_node => keyed = true,
                _ => {}
            }
            in_property |= at_node && matches!(c, '!' | '&');
            after_indicator = match c {
                ':' => true,
                '-' | '?' => at_node,
                _ => in_property,
            };
            at_node = self.flow > 0 && matches!(c, '[' | '{' | ',');
            after_space = false;
        }
        if keyed {
            self.key_column = Some(key_column(line));
        }
        let body = line[..comment.unwrap_or(line.len())].trim_end();
        self.awaiting = self.quote.is_none()
            && (body.ends_with(':') || body.trim_start() == "-" || body.ends_with(" -"));
        comment
    }
}

/// Where the entries of a glossary's text are, by 0-based index into `text.lines()`: the first
/// line of each block-style entry (`- ` at the indentation of the first item under
/// `entries:`) and its last line of YAML (blank and comment lines after it belong to what
/// comes next).
#[derive(Debug, Default, PartialEq)]
pub(super) struct EntrySpans {
    pub(super) starts: Vec<usize>,
    pub(super) ends: Vec<usize>,
    /// The column of the entries' `-`.
    pub(super) indent: usize,
}

pub(super) fn entry_spans(text: &str, kinds: &[LineKind]) -> EntrySpans {
    let mut out = EntrySpans::default();
    let mut in_entries = false;
    let mut indent = None;
    let mut last = 0;
    for (n, (line, k)) in text.lines().zip(kinds).enumerate() {
        match k.role {
            Role::Blank | Role::Comment => continue,
            Role::Inside => {
                last = n;
                continue;
            }
            Role::Structure => {}
        }
        if !in_entries {
            in_entries = line.starts_with("entries:");
            continue;
        }
        let t = line.trim_start();
        let ind = line.len() - t.len();
        if ind == 0 && !t.starts_with('-') {
            break;
        }
        if (t == "-" || t.starts_with("- ")) && ind == *indent.get_or_insert(ind) {
            if !out.starts.is_empty() {
                out.ends.push(last);
            }
            out.starts.push(n);
        }
        last = n;
    }
    if !out.starts.is_empty() {
        out.ends.push(last);
    }
    out.indent = indent.unwrap_or(2);
    out
}

/// The 1-based first line of each block-style entry, in file order; lint and the writer use
/// it to place things by line.
pub(super) fn entry_lines(text: &str) -> Vec<usize> {
    entry_spans(text, &classify(text))
        .starts
        .iter()
        .map(|n| n + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Glossary};
    use std::path::Path;

    fn end_of_line_comment(line: &str) -> Option<&str> {
        Scanner::default().scan(line).map(|i| line[i..].trim_end())
    }

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
            ("    note: !!str 'a # b' # tagged", Some("# tagged")),
            ("    en: [a, \"b #c\"]", None),
            ("    note: a#b", None),
            ("    note: a - 'b # c", Some("# c")),
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

    #[test]
    fn a_hash_line_inside_a_block_scalar_is_text() {
        let text = "version: 1\nentries:\n  - id: a\n    note: |\n      first\n      # not a comment\n\n      - not an entry\n    zh: 甲 # real\n  - id: b\n    note: >-2\n      # text too\n    # a comment\n    zh: 乙\n";
        let g = Glossary::parse(text, Path::new("g.yaml")).unwrap();
        assert_eq!(
            g.entries[0].note.as_deref(),
            Some("first\n# not a comment\n\n- not an entry\n")
        );
        let c = Comments::scan(text, 2);
        assert_eq!(
            c.before,
            vec![vec!["# real".to_owned()], vec!["# a comment".into()]]
        );
        let roles: Vec<Role> = classify(text).iter().map(|k| k.role).collect();
        assert_eq!(roles[5], Role::Inside);
        assert_eq!(roles[11], Role::Inside);
        assert_eq!(roles[12], Role::Comment);
        let out = g.to_yaml_keeping_comments(text);
        let stray = out.lines().filter(|l| l.trim_start().starts_with("# not"));
        assert_eq!(stray.count(), 0, "{out}");
        assert_eq!(Glossary::parse(&out, Path::new("g.yaml")).unwrap(), g);
    }

    #[test]
    fn a_quoted_scalar_over_several_lines_is_text() {
        let text = "version: 1\nentries:\n  - id: a\n    note: \"one\n      # two\n      - three\" # real\n    zh: 甲\n";
        let g = Glossary::parse(text, Path::new("g.yaml")).unwrap();
        assert_eq!(g.entries[0].note.as_deref(), Some("one # two - three"));
        assert_eq!(
            Comments::scan(text, 1).before,
            vec![vec!["# real".to_owned()]]
        );
        // An apostrophe misread as a quote that never closes: each line is read on its own.
        let odd = "version: 1\nentries:\n  - id: a\n    note: x\n      'y\n  # c\n  - id: b\n    note: z\n      'w\n";
        assert_eq!(entry_lines(odd), vec![3, 7]);
        assert_eq!(
            Comments::scan(odd, 2).before,
            vec![vec![], vec!["# c".to_owned()]]
        );
        // A quote that never closes was misread: each line is then read on its own.
        let roles: Vec<Role> = classify("a: b\n'c\n# d\n").iter().map(|k| k.role).collect();
        assert_eq!(roles, [Role::Structure, Role::Structure, Role::Comment]);
    }

    #[test]
    fn entry_spans_end_at_the_last_line_of_yaml() {
        let text = "version: 1\nentries:\n- id: a\n  note: |\n    x\n\n  # gap\n- id: b\n  zh: 乙\n\nname: n\n";
        let s = entry_spans(text, &classify(text));
        assert_eq!(
            s,
            EntrySpans {
                starts: vec![2, 7],
                ends: vec![4, 8],
                indent: 0
            }
        );
    }
}
