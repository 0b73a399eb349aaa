//! Lint stage: every problem of a glossary file at once, each with the line to fix, and the
//! canonical-layout check behind `glossary fmt --check`.
//!
//! Rules: YAML that does not parse; unknown keys; entries that do not deserialize; invalid
//! ids; duplicate ids; one form in two entries; a deprecated form equal to a preferred,
//! abbreviated or admitted form anywhere; an approved entry without English; an entry without
//! Chinese; an empty form, or one with spaces at either end (it would never match a text). English and the other alphabetic languages are compared case-insensitively (a
//! glossary that has `ICT` and `ict` in two entries has one form in two entries); Chinese is
//! compared as written.

use super::comments::entry_lines;
use super::lenient::{UnknownKey, parse_lenient};
use super::load::{line_of, strip_bom};
use super::schema::{ENTRY_KEYS, LANG_KEYS};
use crate::glossary::{self, Entry, Glossary};
use std::collections::HashMap;
use std::path::Path;

/// One problem, at a 1-based line when it can be placed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

/// Whether `id` is a valid entry id: lowercase ASCII letters and digits in hyphen-separated
/// groups (`ict`, `capacity-building`, `cand-1a2b3c4d`).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Lints the glossary text; problems come sorted by line.
pub fn lint(text: &str) -> Vec<Problem> {
    let text = strip_bom(text);
    let mut out = Vec::new();
    let doc = match parse_lenient(text) {
        Ok(d) => d,
        Err((line, message)) => {
            return vec![Problem {
                line,
                message: format!("not valid YAML: {message}"),
            }];
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    let starts = entry_lines(text);
    // Entry line ranges, when the layout lets them be found (block style, as `fmt` writes).
    let spans: Vec<(usize, usize)> = if starts.len() == doc.entries.len() {
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
    let span = |i: usize| spans.get(i).copied();
    let entry_line = |i: usize| span(i).map(|s| s.0);
    // The first line of entry `i` at or after `from` containing `needle` (as written, or
    // lowercased for case-insensitive forms).
    let find_in = |i: usize, from: Option<usize>, needle: &str| -> Option<usize> {
        let (s, e) = span(i)?;
        let s = from.unwrap_or(s).max(s);
        let lower = needle.to_lowercase();
        (s..=e.min(lines.len())).find(|&n| {
            let l = lines[n - 1];
            let t = l.trim_start();
            !t.starts_with('#') && (l.contains(needle) || l.to_lowercase().contains(&lower))
        })
    };
    let key_line = |i: usize, lang: Option<&str>, key: &str| -> Option<usize> {
        let from = match lang {
            Some(l) => find_key(&lines, span(i)?, None, l),
            None => None,
        };
        find_key(&lines, span(i)?, from, key).or_else(|| entry_line(i))
    };

    for e in &doc.errors {
        out.push(Problem {
            line: line_of(text, "version:").filter(|_| e.contains("version")),
            message: e.clone(),
        });
    }
    for UnknownKey { entry, lang, key } in &doc.unknown {
        let (line, place) = match (entry, lang) {
            (None, _) => (
                lines
                    .iter()
                    .position(|l| l.starts_with(&format!("{key}:")))
                    .map(|n| n + 1),
                "at the top level".to_owned(),
            ),
            (Some(i), None) => (key_line(*i, None, key), "in an entry".to_owned()),
            (Some(i), Some(l)) => (key_line(*i, Some(l), key), format!("in the `{l}` block")),
        };
        let expected = match (entry, lang) {
            (None, _) => "version, name, entries".to_owned(),
            (Some(_), None) => ENTRY_KEYS.join(", "),
            (Some(_), Some(_)) => LANG_KEYS.join(", "),
        };
        out.push(Problem {
            line,
            message: format!("unknown key `{key}` {place} (expected one of: {expected})"),
        });
    }

    let entries: Vec<(usize, &Entry)> = doc
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            Ok(e) => Some((i, e)),
            Err(m) => {
                out.push(Problem {
                    line: entry_line(i),
                    message: format!("entry {} does not load: {m}", i + 1),
                });
                None
            }
        })
        .collect();

    let mut first_id: HashMap<&str, usize> = HashMap::new();
    for &(i, e) in &entries {
        let line = key_line(i, None, "id");
        if !valid_id(&e.id) {
            out.push(Problem {
                line,
                message: format!(
                    "invalid id `{}`: use lowercase letters and digits joined by single \
                     hyphens, e.g. `capacity-building`",
                    e.id
                ),
            });
        }
        match first_id.get(e.id.as_str()) {
            Some(&j) => out.push(Problem {
                line,
                message: match entry_line(j) {
                    Some(l) => format!("duplicate id `{}` (first used at line {l})", e.id),
                    None => format!("duplicate id `{}`", e.id),
                },
            }),
            None => {
                first_id.insert(&e.id, i);
            }
        }
        if e.status == glossary::Status::Approved
            && e.en.as_ref().is_none_or(|l| l.preferred.trim().is_empty())
        {
            out.push(Problem {
                line: entry_line(i),
                message: format!("approved entry `{}` has no English (en)", e.id),
            });
        }
        if e.zh.as_ref().is_none_or(|l| l.preferred.trim().is_empty()) {
            out.push(Problem {
                line: entry_line(i),
                message: format!("entry `{}` has no Chinese (zh)", e.id),
            });
        }
    }

    // Every form, keyed by language and comparison key, with where it was first seen.
    struct Seen<'a> {
        entry: usize,
        id: &'a str,
        form: &'a str,
        deprecated: bool,
    }
    let mut seen: HashMap<(&str, String), Vec<Seen>> = HashMap::new();
    for &(i, e) in &entries {
        for (code, l) in e.languages() {
            let approved = l.approved_forms().map(|f| (f, false));
            let deprecated = l.deprecated.iter().map(|f| (f.as_str(), true));
            for (form, dep) in approved.chain(deprecated) {
                if form.trim().is_empty() {
                    out.push(Problem {
                        line: key_line(i, None, code),
                        message: format!("empty {code} form in `{}`", e.id),
                    });
                    continue;
                }
                if form.trim() != form {
                    out.push(Problem {
                        line: find_in(i, key_line(i, None, code), form.trim()),
                        message: format!(
                            "{code} form `{form}` of `{}` has spaces at either end",
                            e.id
                        ),
                    });
                }
                let key = if code == "zh" {
                    form.to_owned()
                } else {
                    form.to_lowercase()
                };
                seen.entry((code, key)).or_default().push(Seen {
                    entry: i,
                    id: &e.id,
                    form,
                    deprecated: dep,
                });
            }
        }
    }
    let mut keys: Vec<&(&str, String)> = seen.keys().collect();
    keys.sort();
    for k in keys {
        let all = &seen[k];
        let code = k.0;
        let line_of = |s: &Seen| find_in(s.entry, key_line(s.entry, None, code), s.form);
        // A deprecated form that some entry uses: one message per (deprecated, used) pair.
        let used: Vec<&Seen> = all.iter().filter(|s| !s.deprecated).collect();
        let deprecated: Vec<&Seen> = all.iter().filter(|s| s.deprecated).collect();
        for d in &deprecated {
            if let Some(u) = used.first() {
                let whose = if u.entry == d.entry {
                    "its own entry".to_owned()
                } else {
                    format!("entry `{}`{}", u.id, at(line_of(u)))
                };
                out.push(Problem {
                    line: line_of(d),
                    message: format!(
                        "deprecated {code} form `{}` of `{}` is a preferred or admitted form \
                         of {whose}",
                        d.form, d.id
                    ),
                });
            }
        }
        // The same standing in two entries (or twice in one).
        for group in [&used, &deprecated] {
            for w in group.iter().skip(1) {
                let first = group[0];
                let message = if w.entry == first.entry {
                    format!("{code} form `{}` is listed twice in `{}`", w.form, w.id)
                } else {
                    format!(
                        "{code} form `{}` is in two entries: `{}`{} and `{}`",
                        w.form,
                        first.id,
                        at(line_of(first)),
                        w.id
                    )
                };
                out.push(Problem {
                    line: line_of(w),
                    message,
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn at(line: Option<usize>) -> String {
    line.map(|l| format!(" (line {l})")).unwrap_or_default()
}

/// The first line in `span` (from `from` on) whose key, after indentation and an optional
/// `- `, is `key`.
fn find_key(lines: &[&str], span: (usize, usize), from: Option<usize>, key: &str) -> Option<usize> {
    let start = from.unwrap_or(span.0).max(span.0);
    (start..=span.1.min(lines.len())).find(|&n| {
        let t = lines[n - 1].trim_start();
        let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
        t.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':') || rest.trim_start().starts_with(':'))
    })
}

/// The canonical text of a glossary file, its comments kept (see
/// [`Glossary::to_yaml_keeping_comments`]).
pub fn canonical(text: &str, path: &Path) -> crate::Result<String> {
    Ok(Glossary::parse(text, path)?.to_yaml_keeping_comments(text))
}

/// The first line where `text` and its canonical form differ, or `None` when `text` is
/// canonical.
pub fn first_difference(text: &str, canonical: &str) -> Option<usize> {
    if text == canonical {
        return None;
    }
    let mut a = text.lines();
    let mut b = canonical.lines();
    let mut n: usize = 1;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => n += 1,
            (None, None) => return Some(n.saturating_sub(1).max(1)),
            _ => return Some(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "version: 1\nentries:\n  - id: ict\n    status: approved\n    zh: 信息和通信技术\n    en: ICT\n";

    #[test]
    fn clean_glossary_has_no_problems() {
        assert_eq!(lint(OK), vec![]);
    }

    #[test]
    fn ids() {
        assert!(valid_id("capacity-building"));
        assert!(valid_id("cand-1a2b3c4d"));
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "能力"] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn every_unknown_key_is_reported_with_its_line() {
        let text = OK.replace(
            "    en: ICT\n",
            "    en: ICT\n    colour: red\n    size: 2\n",
        );
        let p = lint(&text);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].line, Some(7));
        assert!(p[0].message.contains("`colour`"));
        assert_eq!(p[1].line, Some(8));
    }

    #[test]
    fn english_forms_compare_case_insensitively() {
        let text = format!(
            "{OK}  - id: ict2\n    status: approved\n    zh: 信通技术\n    en:\n      preferred: information\n      deprecated: [ict]\n"
        );
        let p = lint(&text);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, Some(12));
        assert!(p[0].message.contains("deprecated en form `ict`"), "{p:?}");
    }

    #[test]
    fn first_difference_points_at_the_line() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        assert_eq!(first_difference("a\nc\n", "a\nb\n"), Some(2));
        assert_eq!(first_difference("a\n", "a\nb\n"), Some(2));
    }
}
