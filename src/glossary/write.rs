//! The canonical writer: one layout for every glossary file, so that formatting is
//! idempotent and review diffs show only real changes; and the update merge writes, which
//! rewrites only the entries that changed and leaves every other byte of the file alone.

use super::comments::{Comments, LineKind, Role, classify, entry_spans};
use super::schema::{Entry, Glossary, Lang};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

impl Glossary {
    /// The canonical YAML text: fixed key order, flow lists, quoting only where YAML needs it,
    /// one blank line between entries. Writing the same glossary twice gives the same bytes, so
    /// review diffs show real changes.
    pub fn to_yaml(&self) -> String {
        self.to_yaml_with(&Comments::default())
    }

    /// The canonical text of a glossary read from `original`, keeping its comments (section
    /// headings of a curated file are curation too). A comment block before `entries:` stays
    /// at the top; one between entries stays before the entry after it; one inside an entry,
    /// or at the end of one of its lines, moves to its own line at that entry's head.
    pub fn to_yaml_keeping_comments(&self, original: &str) -> String {
        self.to_yaml_with(&Comments::scan(original, self.entries.len()))
    }

    /// This glossary as an update of `original`, the text `before` was read from: `original`
    /// itself when nothing changed, else `original` with only the changed entries rewritten (in
    /// canonical layout, their comments moved to their head as
    /// [`Self::to_yaml_keeping_comments`] moves them) and new entries appended after the last
    /// one. The header, every other entry, and the comments and blank lines between entries
    /// keep their bytes: a hand-formatted file stays as its author wrote it. When the layout
    /// cannot be followed by lines, or the spliced text would not read back as this glossary,
    /// the whole file is written in canonical layout instead, comments kept.
    pub fn to_yaml_updating(&self, original: &str, before: &Glossary) -> String {
        if self == before {
            return original.to_owned();
        }
        splice(self, original, before)
            .filter(|t| Glossary::parse(t, Path::new("")).is_ok_and(|g| g == *self))
            .unwrap_or_else(|| self.to_yaml_keeping_comments(original))
    }

    fn to_yaml_with(&self, comments: &Comments) -> String {
        let mut o = String::new();
        for c in &comments.header {
            let _ = writeln!(o, "{c}");
        }
        // A file must say the version of the fields it uses to load.
        let _ = writeln!(o, "version: {}", self.needed_version());
        if !self.name.is_empty() {
            let _ = writeln!(o, "name: {}", scalar(&self.name));
        }
        if self.entries.is_empty() && comments.trailer.is_empty() {
            o.push_str("entries: []\n");
            return o;
        }
        o.push_str("entries:\n");
        for (i, e) in self.entries.iter().enumerate() {
            o.push('\n');
            if let Some(block) = comments.before.get(i).filter(|b| !b.is_empty()) {
                for c in block {
                    let _ = writeln!(o, "  {c}");
                }
                o.push('\n');
            }
            write_entry(&mut o, e);
        }
        if !comments.trailer.is_empty() {
            o.push('\n');
            for c in &comments.trailer {
                let _ = writeln!(o, "  {c}");
            }
        }
        o
    }
}

/// `original` with the entries of `after` that differ from those of `before` rewritten, those
/// it no longer has removed (their full-line comments kept) and the new ones appended; `None`
/// when that cannot be done by lines (entries not found one for one, reordered, a changed
/// header, or no entry to append after).
fn splice(after: &Glossary, original: &str, before: &Glossary) -> Option<String> {
    let n = before.entries.len();
    let kept = kept_in_order(before, after)?;
    if after.name != before.name || n == 0 {
        return None;
    }
    let bom = if original.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let version = after.needed_version();
    let text = match version == before.version {
        true => std::borrow::Cow::Borrowed(&original[bom.len()..]),
        false => std::borrow::Cow::Owned(with_version(&original[bom.len()..], version)?),
    };
    let text = text.as_ref();
    let kinds = classify(text);
    let spans = entry_spans(text, &kinds);
    if spans.starts.len() != n {
        return None;
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let eol = if lines.first().is_some_and(|l| l.ends_with("\r\n")) {
        "\r\n"
    } else {
        "\n"
    };
    let render = |e: &Entry, comments: &[String]| {
        let mut o = String::new();
        for c in comments {
            let _ = writeln!(o, "  {c}");
        }
        write_entry(&mut o, e);
        reindent(&o, spans.indent, eol)
    };
    let mut out = String::from(bom);
    let mut next = 0;
    for (i, (old, now)) in before.entries.iter().zip(&kept).enumerate() {
        let (s, e) = (spans.starts[i], spans.ends[i]);
        let new = now.map(|j| &after.entries[j]);
        if new == Some(old) {
            continue;
        }
        out.extend(lines[next..s].iter().copied());
        match new {
            Some(new) => out.push_str(&render(new, &comments_in(&lines[s..=e], &kinds[s..=e]))),
            None => out.extend(
                (s..=e)
                    .filter(|&l| kinds[l].role == Role::Comment)
                    .map(|l| lines[l]),
            ),
        }
        next = e + 1;
    }
    let appended = kept.iter().flatten().count();
    if after.entries.len() > appended {
        let last = spans.ends[n - 1];
        out.extend(lines[next.min(last + 1)..=last].iter().copied());
        let new: Vec<String> = after.entries[appended..]
            .iter()
            .map(|e| render(e, &[]))
            .collect();
        append(&mut out, &new, lines.get(last + 1), eol);
        next = next.max(last + 1);
    }
    out.extend(lines[next..].iter().copied());
    Some(out)
}

/// `text` with the number of its top-level `version:` line replaced by `version`.
fn with_version(text: &str, version: u32) -> Option<String> {
    let at = text
        .match_indices("version:")
        .map(|(i, _)| i)
        .find(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')?;
    let rest = &text[at + "version:".len()..];
    let digits_at = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let digits = rest[digits_at..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    (digits > 0).then(|| {
        let from = at + "version:".len() + digits_at;
        format!("{}{version}{}", &text[..from], &text[from + digits..])
    })
}

/// For each entry of `before`, its index in `after` (`None`: removed), when `after` is
/// `before`'s entries, some removed, in the same order, then new ones.
fn kept_in_order(before: &Glossary, after: &Glossary) -> Option<Vec<Option<usize>>> {
    let mut kept = Vec::with_capacity(before.entries.len());
    let mut j = 0;
    for e in &before.entries {
        let here = after.entries.get(j).is_some_and(|a| a.id == e.id);
        kept.push(here.then_some(j));
        j += usize::from(here);
    }
    let old: std::collections::HashSet<&str> =
        before.entries.iter().map(|e| e.id.as_str()).collect();
    let reordered = after.entries[j..]
        .iter()
        .any(|e| old.contains(e.id.as_str()));
    (!reordered).then_some(kept)
}

/// New entries after the last line of the last entry, each after a blank line, and a blank
/// line before what follows (a trailing comment) if there is none.
fn append(out: &mut String, entries: &[String], following: Option<&&str>, eol: &str) {
    if !out.ends_with('\n') {
        out.push_str(eol);
    }
    for e in entries {
        // A removed last entry leaves the blank line before it: one blank line between.
        if !out.ends_with(&format!("{eol}{eol}")) {
            out.push_str(eol);
        }
        out.push_str(e);
    }
    if following.is_some_and(|l| !l.trim().is_empty()) {
        out.push_str(eol);
    }
}

/// The comments of an entry's lines, full-line and end-of-line, in order.
fn comments_in(lines: &[&str], kinds: &[LineKind]) -> Vec<String> {
    let mut out = Vec::new();
    for (line, k) in lines.iter().zip(kinds) {
        let line = line.trim_end();
        if k.role == Role::Comment {
            out.push(line.trim().to_owned());
        } else if let Some(at) = k.comment {
            out.push(line[at..].to_owned());
        }
    }
    out
}

/// Canonical entry text (its `-` in column 2) moved to the file's own indentation of entries
/// and line ending.
fn reindent(canonical: &str, indent: usize, eol: &str) -> String {
    let pad = " ".repeat(indent);
    let mut o = String::with_capacity(canonical.len());
    for line in canonical.lines() {
        o.push_str(&pad);
        o.push_str(line.strip_prefix("  ").unwrap_or(line));
        o.push_str(eol);
    }
    o
}

/// One entry: what a person curates first, then what `extract`, `merge` and `align` fill in.
fn write_entry(o: &mut String, e: &Entry) {
    let _ = writeln!(o, "  - id: {}", scalar(&e.id));
    let _ = writeln!(o, "    type: {}", e.kind.as_str());
    let _ = writeln!(o, "    status: {}", e.status.as_str());
    for (code, lang) in e.languages() {
        write_lang(o, code, lang);
    }
    if let Some(n) = &e.note {
        let _ = writeln!(o, "    note: {}", scalar(n));
    }
    if !e.sources.is_empty() {
        let _ = writeln!(o, "    sources: {}", flow(&e.sources));
    }
    write_machine_fields(o, e);
}

/// A language block: the bare-string shorthand when it has only a preferred form.
fn write_lang(o: &mut String, code: &str, lang: &Lang) {
    if lang.is_short() {
        let _ = writeln!(o, "    {code}: {}", scalar(&lang.preferred));
        return;
    }
    let _ = writeln!(o, "    {code}:");
    let _ = writeln!(o, "      preferred: {}", scalar(&lang.preferred));
    if let Some(a) = &lang.abbr {
        let _ = writeln!(o, "      abbr: {}", scalar(a));
    }
    if !lang.admitted.is_empty() {
        let _ = writeln!(o, "      admitted: {}", flow(&lang.admitted));
    }
    if !lang.deprecated.is_empty() {
        let _ = writeln!(o, "      deprecated: {}", flow(&lang.deprecated));
    }
    if !lang.detect {
        o.push_str("      detect: false\n");
    }
}

/// Corpus statistics, contexts and the suggestions merge records for a person to review.
fn write_machine_fields(o: &mut String, e: &Entry) {
    if let Some(s) = &e.stats {
        let _ = writeln!(o, "    stats: {{ freq: {}, docs: {} }}", s.freq, s.docs);
    }
    if !e.contexts.is_empty() {
        o.push_str("    contexts:\n");
        for c in &e.contexts {
            let _ = writeln!(
                o,
                "      - {{ file: {}, line: {}, text: {} }}",
                scalar(&c.file),
                c.line,
                scalar(&c.text)
            );
        }
    }
    if !e.suggested_variants.is_empty() {
        let _ = writeln!(o, "    suggested_variants: {}", flow(&e.suggested_variants));
    }
    if !e.en_suggestions.is_empty() {
        o.push_str("    en_suggestions:\n");
        for s in &e.en_suggestions {
            let from = s.from.as_ref().map(|f| format!(", from: {}", scalar(f)));
            let _ = writeln!(
                o,
                "      - {{ en: {}, score: {}, support: {}{} }}",
                scalar(&s.en),
                fmt_score(s.score),
                s.support,
                from.unwrap_or_default()
            );
        }
    }
    if let Some(c) = &e.changed {
        let (by, at) = (scalar(&c.by), scalar(&c.at));
        let _ = writeln!(o, "    changed: {{ by: {by}, at: {at} }}");
    }
}

/// Any serializable value as YAML: the one place outside the glossary types that needs a YAML
/// writer goes through here, so serde_yaml stays behind this folder.
pub(crate) fn to_yaml_string<T: Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// Scores are written with four decimals so a re-run with the same data gives the same text.
fn fmt_score(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_owned()
    }
}

fn flow(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| scalar(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// A YAML scalar: plain when unambiguous in both block and flow context, else double-quoted.
fn scalar(s: &str) -> String {
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ];
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(|c: char| c.is_ascii_digit() || "-?:,[]{}#&*!|>'\"%@`.+".contains(c))
        && !s.chars().any(|c| escaped(c) || ",[]{}#:\"'\\`".contains(c))
        && !reserved.contains(&s.to_ascii_lowercase().as_str());
    if plain {
        return s.to_owned();
    }
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            c if escaped(c) => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// The characters written as an escape: those a YAML stream may not carry (C0 and C1
/// controls, DEL, U+FFFE, U+FFFF; a reader stops at them with "control characters are not
/// allowed"), those YAML reads as line breaks (LF, CR, NEL, U+2028, U+2029), tab, and the
/// byte order mark U+FEFF. All are in the Basic Multilingual Plane, so `\uXXXX` carries each
/// one and every string reads back as it was.
fn escaped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::SAMPLE;
    use std::path::Path;

    #[test]
    fn canonical_writer_round_trips_and_is_stable() {
        let g = Glossary::parse(SAMPLE, Path::new("g.yaml")).unwrap();
        let once = g.to_yaml();
        let again = Glossary::parse(&once, Path::new("g.yaml")).unwrap();
        assert_eq!(g, again);
        assert_eq!(once, again.to_yaml());
    }

    #[test]
    fn quotes_what_yaml_would_misread() {
        assert_eq!(
            scalar("2021-2025 年信息和通信技术"),
            "\"2021-2025 年信息和通信技术\""
        );
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("大会"), "大会");
        assert_eq!(scalar("A/RES/77/36"), "A/RES/77/36");
    }

    #[test]
    fn escapes_what_yaml_cannot_carry() {
        assert_eq!(scalar("a\u{2028}b"), "\"a\\u2028b\"");
        assert_eq!(
            scalar("\u{fffe}\u{ffff}\u{feff}\u{85}\u{2029}\u{7f}\t\n"),
            "\"\\ufffe\\uffff\\ufeff\\u0085\\u2029\\u007f\\t\\n\""
        );
        // Allowed as they are: no quotes for these.
        assert_eq!(
            scalar("a\u{3000}b\u{fffd}\u{1f600}"),
            "a\u{3000}b\u{fffd}\u{1f600}"
        );
    }

    fn updated(original: &str, edit: impl Fn(&mut Glossary)) -> String {
        let before = Glossary::parse(original, Path::new("g.yaml")).unwrap();
        let mut after = before.clone();
        edit(&mut after);
        let out = after.to_yaml_updating(original, &before);
        assert_eq!(Glossary::parse(&out, Path::new("g.yaml")).unwrap(), after);
        out
    }

    #[test]
    fn updating_rewrites_only_changed_entries() {
        let text = "\u{feff}version: 1\r\nentries:\r\n  - {id: a, zh: 甲}\r\n  - id: b\r\n    zh: 乙 # b\r\n  - id: c\r\n    zh:   丙";
        assert_eq!(updated(text, |_| {}), text);
        let out = updated(text, |g| {
            g.entries[1].stats = Some(crate::glossary::Stats { freq: 1, docs: 1 });
            g.entries.push(Entry {
                id: "d".into(),
                ..Entry::default()
            });
        });
        assert_eq!(
            out,
            "\u{feff}version: 1\r\nentries:\r\n  - {id: a, zh: 甲}\r\n  # b\r\n  - id: b\r\n    type: term\r\n    status: candidate\r\n    zh: 乙\r\n    stats: { freq: 1, docs: 1 }\r\n  - id: c\r\n    zh:   丙\r\n\r\n  - id: d\r\n    type: term\r\n    status: candidate\r\n"
        );
    }

    #[test]
    fn updating_removes_entries_and_bumps_the_version_line_only() {
        let text = "version: 1 # schema\nentries:\n  - {id: a, zh: 甲}\n\n  # Section B\n  - id: b\n    zh: 乙 # gone\n\n  - id: c\n    zh:   丙\n";
        let out = updated(text, |g| {
            g.entries.remove(1);
            g.entries[0].changed = Some(crate::glossary::Stamp {
                by: "Li Wei".into(),
                at: "2026-12-06T05:00:00Z".into(),
            });
            g.version = 3;
        });
        assert_eq!(
            out,
            "version: 3 # schema\nentries:\n  - id: a\n    type: term\n    status: candidate\n    zh: 甲\n    changed: { by: Li Wei, at: \"2026-12-06T05:00:00Z\" }\n\n  # Section B\n\n  - id: c\n    zh:   丙\n"
        );
        // The last entry removed, one appended.
        let out = updated(text, |g| {
            g.entries.remove(2);
            g.entries.push(Entry {
                id: "d".into(),
                ..Entry::default()
            });
        });
        assert!(
            out.ends_with(
                "    zh: 乙 # gone\n\n  - id: d\n    type: term\n    status: candidate\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn updating_falls_back_to_the_canonical_layout() {
        // Flow-style entries cannot be spliced by lines: the whole file is written.
        let flow = "version: 1\nentries: [{id: a, zh: 甲}]\n";
        let out = updated(flow, |g| g.entries[0].note = Some("n".into()));
        assert!(
            out.starts_with("version: 1\nentries:\n\n  - id: a\n"),
            "{out}"
        );
        // A new name is a change to the header.
        let out = updated("# c\nversion: 1\nentries:\n- id: a\n", |g| {
            g.name = "x".into()
        });
        assert_eq!(
            out,
            "# c\nversion: 1\nname: x\nentries:\n\n  - id: a\n    type: term\n    status: candidate\n"
        );
    }
}
