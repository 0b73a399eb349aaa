//! Where things are in a glossary file's text: the line of an entry, of one of its keys, of
//! one of its forms, so that every lint problem points at the line to fix.

use crate::glossary::comments::entry_lines;

/// The lines of a glossary file and the line range of each entry.
pub(super) struct Layout<'a> {
    pub(super) text: &'a str,
    lines: Vec<&'a str>,
    /// 1-based first and last line of each entry; empty when the layout does not let them be
    /// found (flow-style entries), and then problems have no line rather than a wrong one.
    spans: Vec<(usize, usize)>,
}

impl<'a> Layout<'a> {
    /// The layout of `text`, which holds `entries` entries.
    pub(super) fn new(text: &'a str, entries: usize) -> Layout<'a> {
        let lines: Vec<&str> = text.lines().collect();
        let starts = entry_lines(text);
        let spans = if starts.len() == entries {
            starts
                .iter()
                .enumerate()
                .map(|(i, &s)| {
                    let end = starts.get(i + 1).map_or(lines.len(), |&n| n - 1);
                    (s, end)
                })
                .collect()
        } else {
            Vec::new()
        };
        Layout { text, lines, spans }
    }

    /// The first line of entry `i`.
    pub(super) fn entry_line(&self, i: usize) -> Option<usize> {
        self.spans.get(i).map(|s| s.0)
    }

    /// The line of a top-level key.
    pub(super) fn top_key_line(&self, key: &str) -> Option<usize> {
        let prefix = format!("{key}:");
        self.lines
            .iter()
            .position(|l| l.starts_with(&prefix))
            .map(|n| n + 1)
    }

    /// The line of `key` in entry `i` (inside the `lang` block when given), else the entry's
    /// first line.
    pub(super) fn key_line(&self, i: usize, lang: Option<&str>, key: &str) -> Option<usize> {
        let span = *self.spans.get(i)?;
        let from = lang.and_then(|l| self.find_key(span, None, l));
        self.find_key(span, from, key)
            .or_else(|| self.entry_line(i))
    }

    /// The line of `form` in the `code` block of entry `i`.
    pub(super) fn form_line(&self, i: usize, code: &str, form: &str) -> Option<usize> {
        self.find_in(i, self.key_line(i, None, code), form)
    }

    /// The first line of entry `i` at or after `from` containing `needle` (as written, or
    /// lowercased for case-insensitive forms).
    fn find_in(&self, i: usize, from: Option<usize>, needle: &str) -> Option<usize> {
        let (s, e) = *self.spans.get(i)?;
        let s = from.unwrap_or(s).max(s);
        let lower = needle.to_lowercase();
        (s..=e.min(self.lines.len())).find(|&n| {
            let l = self.lines[n - 1];
            let t = l.trim_start();
            !t.starts_with('#') && (l.contains(needle) || l.to_lowercase().contains(&lower))
        })
    }

    /// The first line in `span` (from `from` on) whose key, after indentation and an optional
    /// `- `, is `key`.
    fn find_key(&self, span: (usize, usize), from: Option<usize>, key: &str) -> Option<usize> {
        let start = from.unwrap_or(span.0).max(span.0);
        (start..=span.1.min(self.lines.len())).find(|&n| {
            let t = self.lines[n - 1].trim_start();
            let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
            t.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':') || rest.trim_start().starts_with(':'))
        })
    }
}
