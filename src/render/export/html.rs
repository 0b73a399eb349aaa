//! The glossary as one self-contained HTML page (no server, no network) to search as you type.

use super::xml_escape;
use crate::glossary::Entry;
use serde::Serialize;

/// The HTML page; the glossary goes in as JSON where the template says so.
const HTML_TEMPLATE: &str = include_str!("page.html");

/// The page's search, shared with the workspace page of `shuyu serve`.
pub const SEARCH_SCRIPT: &str = include_str!("search.js");

/// The style of the page's header, controls and entry cards, shared likewise.
pub const SEARCH_STYLE: &str = include_str!("search.css");

/// The status and type filters and the count `SEARCH_SCRIPT` reads and writes, indented for
/// the header's controls, where both pages put them.
pub const SEARCH_FILTERS: &str = include_str!("search-filters.html");

/// What the HTML page's script reads, one record per entry.
#[derive(Serialize)]
struct PageEntry<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    langs: Vec<PageLang<'a>>,
    note: Option<&'a str>,
    sources: &'a [String],
    contexts: Vec<&'a str>,
    /// `[freq, docs]` in the corpus last merged.
    stats: Option<[u64; 2]>,
    /// Machine suggestions awaiting review: near-duplicate Chinese forms, English from align.
    variants: &'a [String],
    en_suggestions: Vec<&'a str>,
}

#[derive(Serialize)]
struct PageLang<'a> {
    code: &'static str,
    preferred: &'a str,
    abbr: Option<&'a str>,
    admitted: &'a [String],
    deprecated: &'a [String],
}

/// One self-contained HTML page (inline style and script, no network) to search the glossary.
pub fn html(name: &str, entries: &[&Entry]) -> String {
    let title = if name.is_empty() { "Glossary" } else { name };
    fill(
        HTML_TEMPLATE,
        &[
            ("{{TITLE}}", &xml_escape(title)),
            ("{{GENERATOR}}", env!("CARGO_PKG_VERSION")),
            ("{{DATA}}", &page_data(entries)),
            ("{{STYLE}}", SEARCH_STYLE),
            ("{{SCRIPT}}", SEARCH_SCRIPT),
            ("{{SEARCH_FILTERS}}", SEARCH_FILTERS),
        ],
    )
}

/// The records `SEARCH_SCRIPT` reads from its `#glossary-data` element, as JSON that can sit
/// inside `<script>`.
pub fn page_data(entries: &[&Entry]) -> String {
    let records: Vec<PageEntry> = entries
        .iter()
        .map(|e| PageEntry {
            id: &e.id,
            kind: e.kind.as_str(),
            status: e.status.as_str(),
            langs: e
                .languages()
                .map(|(code, l)| PageLang {
                    code,
                    preferred: &l.preferred,
                    abbr: l.abbr.as_deref(),
                    admitted: &l.admitted,
                    deprecated: &l.deprecated,
                })
                .collect(),
            note: e.note.as_deref(),
            sources: &e.sources,
            contexts: e.contexts.iter().map(|c| c.text.as_str()).collect(),
            stats: e.stats.map(|s| [s.freq, s.docs]),
            variants: &e.suggested_variants,
            en_suggestions: e.en_suggestions.iter().map(|s| s.en.as_str()).collect(),
        })
        .collect();
    let json = serde_json::to_string(&records).unwrap_or_else(|_| "[]".into());
    script_safe(&json)
}

/// The template with each placeholder replaced, in one pass over the template, so a value
/// that happens to contain a placeholder is never expanded.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut o = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let hit = values.iter().find(|(k, _)| rest[start..].starts_with(k));
        match hit {
            Some((k, v)) => {
                o.push_str(&rest[..start]);
                o.push_str(v);
                rest = &rest[start + k.len()..];
            }
            None => {
                o.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
            }
        }
    }
    o.push_str(rest);
    o
}

/// JSON that can sit inside `<script>`: `<`, `>` and `&` as \u escapes, so no `</script>` or
/// `<!--` in a note can end the element; U+2028/2029 escaped for older parsers.
pub fn script_safe(json: &str) -> String {
    let mut o = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => o.push_str("\\u003c"),
            '>' => o.push_str("\\u003e"),
            '&' => o.push_str("\\u0026"),
            '\u{2028}' => o.push_str("\\u2028"),
            '\u{2029}' => o.push_str("\\u2029"),
            c => o.push(c),
        }
    }
    o
}
