//! memoQ term-base CSV export: the column layout memoQ's own CSV export writes, so that memoQ's
//! import maps every column from its header.
//!
//! memoQ (docs/cat-tools.md cites the pages): one row per entry; `Entry_Note` (the entry id,
//! status unless approved, note and sources); then, per language, one column per term — the
//! language's name as memoQ writes it (`Chinese_PRC`, `English`), repeated as often as the
//! entry with the most forms of that language needs — each followed by its `Term_Info`.
//! Forms go preferred, abbreviation, admitted, then deprecated; a deprecated form's
//! `Term_Info` is `CasePermissive;HalfPrefix;NonTerm`, the value memoQ's export gives a
//! forbidden term (memoQ's default matching, then `NonTerm`; docs/cat-tools.md says what memoQ
//! documents and what it does not), the others' is empty so the term base's defaults apply. No cell
//! ever holds two terms, so memoQ's "split alternatives" option stays off and no separator
//! character can collide with a form. UTF-8 with a byte order mark, comma-separated, RFC 4180
//! quoting, CRLF.

use super::csv::csv_row;
use crate::glossary::{Entry, Lang, Status};
use std::collections::HashSet;

/// The `Term_Info` of a forbidden term: memoQ's default case and prefix matching, `NonTerm`.
pub const FORBIDDEN: &str = "CasePermissive;HalfPrefix;NonTerm";

/// A language's forms in an entry.
type Forms = fn(&Entry) -> Option<&Lang>;

/// The languages memoQ gets, with the column header memoQ gives each: Chinese (PRC), and
/// English without a locale (memoQ's major language), as UN English is not a memoQ locale.
const LANGS: [(&str, Forms); 2] = [
    ("Chinese_PRC", |e| e.zh.as_ref()),
    ("English", |e| e.en.as_ref()),
];

/// The memoQ CSV (see the module documentation for the columns).
pub fn memoq(entries: &[&Entry]) -> String {
    let widths: Vec<usize> = LANGS
        .iter()
        .map(|(_, lang)| {
            entries
                .iter()
                .map(|e| lang(e).map_or(0, |l| terms(l).len()))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let mut header = vec!["Entry_Note".to_owned()];
    for ((name, _), &w) in LANGS.iter().zip(&widths) {
        for _ in 0..w {
            header.push((*name).to_owned());
            header.push("Term_Info".to_owned());
        }
    }
    let mut o = String::from("\u{feff}");
    csv_row(&mut o, header.into_iter());
    for e in entries {
        let mut row = vec![entry_note(e)];
        for ((_, lang), &w) in LANGS.iter().zip(&widths) {
            let forms = lang(e).map(terms).unwrap_or_default();
            for i in 0..w {
                match forms.get(i) {
                    Some((form, forbidden)) => {
                        row.push((*form).to_owned());
                        row.push(if *forbidden { FORBIDDEN } else { "" }.to_owned());
                    }
                    None => row.extend([String::new(), String::new()]),
                }
            }
        }
        csv_row(&mut o, row.into_iter());
    }
    o
}

/// A language's forms in memoQ's order, each with whether it is forbidden. A form listed twice
/// (admitted and deprecated by mistake) is written once, forbidden, so memoQ never offers it.
fn terms(l: &Lang) -> Vec<(&str, bool)> {
    let deprecated: HashSet<&str> = l.deprecated.iter().map(String::as_str).collect();
    let allowed = std::iter::once(l.preferred.as_str())
        .chain(l.abbr.as_deref())
        .chain(l.admitted.iter().map(String::as_str))
        .filter(|f| !deprecated.contains(f));
    let mut seen = HashSet::new();
    allowed
        .map(|f| (f, false))
        .chain(l.deprecated.iter().map(|d| (d.as_str(), true)))
        .filter(|(f, _)| !f.is_empty() && seen.insert(*f))
        .collect()
}

/// What memoQ shows as the entry's note: the glossary id in brackets (to find the entry in the
/// YAML), the status when not approved, the note, the sources.
fn entry_note(e: &Entry) -> String {
    let mut parts = vec![format!("[{}]", e.id)];
    if e.status != Status::Approved {
        parts.push(e.status.as_str().to_owned());
    }
    if let Some(n) = &e.note {
        parts.push(n.clone());
    }
    if !e.sources.is_empty() {
        parts.push(format!("Sources: {}", e.sources.join("; ")));
    }
    parts.join(" · ")
}
