//! Lookup stage: finds glossary entries by any form in any language (Chinese as written,
//! other languages case-insensitively) or by id, falling back to the closest entries by
//! string similarity when nothing matches exactly.

use super::schema::{LANGUAGES, MAX_FORM_CHARS};
use crate::error::{Error, Result};
use crate::glossary::{FormStatus, Glossary};
use serde::Serialize;

/// Fuzzy matches below this similarity are not shown.
const MIN_SIMILARITY: f64 = 0.4;

/// The longest query: no form is longer, and comparing a longer one with every form of a
/// large glossary would take minutes.
pub const MAX_QUERY_CHARS: usize = MAX_FORM_CHARS;

/// One entry found, with the form that matched it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Index of the entry in the glossary.
    #[serde(skip)]
    pub entry: usize,
    /// 1 for an exact match, else the similarity of the closest form (0..1).
    pub score: f64,
    /// Language of the form matched, or `id` when the query is the entry's id.
    pub lang: &'static str,
    pub form: String,
    /// preferred | abbr | admitted | deprecated | id
    pub standing: &'static str,
}

/// A usage error for a query longer than [`MAX_QUERY_CHARS`], which [`lookup`] refuses: a
/// command can ask before it loads a large glossary.
pub fn check_query(query: &str) -> Result<()> {
    let q = query.trim();
    if q.len() > MAX_QUERY_CHARS && q.chars().nth(MAX_QUERY_CHARS).is_some() {
        return Err(Error::Usage(format!(
            "the term to look up has {} characters, more than the {MAX_QUERY_CHARS} of the \
             longest form a glossary may have; look up a term, not a passage",
            q.chars().count()
        )));
    }
    Ok(())
}

/// Entries matching `query`: every exact match (entry order), or else up to `limit` of the
/// closest ones, best first. A query longer than [`MAX_QUERY_CHARS`] is a usage error.
pub fn lookup(g: &Glossary, query: &str, limit: usize) -> Result<Vec<Hit>> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    check_query(q)?;
    let ql = q.to_lowercase();
    let ql_chars = ql.chars().count();
    let mut exact: Vec<Hit> = Vec::new();
    let mut best: Vec<Option<Hit>> = vec![None; g.entries.len()];
    for &lang in LANGUAGES {
        for (form, i, st) in g.forms(lang) {
            let fl = form.to_lowercase();
            let is_exact = if lang == "zh" { form == q } else { fl == ql };
            let hit = |score| Hit {
                entry: i,
                score,
                lang,
                form: form.to_owned(),
                standing: standing(st),
            };
            if is_exact {
                if !exact.iter().any(|h| h.entry == i) {
                    exact.push(hit(1.0));
                }
                continue;
            }
            let floor = best[i].as_ref().map_or(MIN_SIMILARITY, |b| b.score);
            if let Some(s) = similarity_above(&ql, ql_chars, &fl, floor)
                && best[i].as_ref().is_none_or(|b| s > b.score)
            {
                best[i] = Some(hit(s));
            }
        }
    }
    if let Some(i) = g.entries.iter().position(|e| e.id == ql)
        && !exact.iter().any(|h| h.entry == i)
    {
        exact.push(Hit {
            entry: i,
            score: 1.0,
            lang: "id",
            form: g.entries[i].id.clone(),
            standing: "id",
        });
    }
    if !exact.is_empty() {
        exact.sort_by_key(|h| h.entry);
        return Ok(exact);
    }
    Ok(closest(best, limit))
}

/// Up to `limit` of the best fuzzy hits (one per entry), best first, scores to three decimals.
fn closest(best: Vec<Option<Hit>>, limit: usize) -> Vec<Hit> {
    let mut near: Vec<Hit> = best
        .into_iter()
        .flatten()
        .filter(|h| h.score >= MIN_SIMILARITY)
        .collect();
    near.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
    near.truncate(limit);
    for h in &mut near {
        h.score = (h.score * 1e3).round() / 1e3;
    }
    near
}

fn standing(s: FormStatus) -> &'static str {
    match s {
        FormStatus::Preferred => "preferred",
        FormStatus::Abbr => "abbr",
        FormStatus::Admitted => "admitted",
        FormStatus::Deprecated => "deprecated",
    }
}

/// Similarity of two lowercased strings, by characters: normalized Levenshtein, raised when
/// one contains the other (a query 能力建设 for 能力建设措施, `cyber` for `cyberspace`), by how
/// much of the longer one it covers; `a` has `la` characters. `None` when it is surely below
/// `floor`, found without the Levenshtein distance, which costs the product of the lengths, when
/// the lengths alone rule it out. When one contains the other, the containment score is the
/// similarity (the distance is at least the difference in length, so the normalized
/// Levenshtein is at most the ratio of the lengths, and below that score); otherwise the
/// ratio of the lengths bounds it.
fn similarity_above(a: &str, la: usize, b: &str, floor: f64) -> Option<f64> {
    let lb = b.chars().count();
    let (short, long) = if la <= lb { (a, b) } else { (b, a) };
    let ratio = la.min(lb) as f64 / la.max(lb).max(1) as f64;
    if a == b {
        return Some(1.0);
    }
    if !short.is_empty() && long.contains(short) {
        return Some(0.5 + 0.5 * ratio);
    }
    // The margin keeps a pair whose distance is exactly the length difference: its
    // similarity is the ratio up to rounding.
    if ratio + 1e-9 < floor {
        return None;
    }
    Some(strsim::normalized_levenshtein(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn g() -> Glossary {
        Glossary::parse(
            "version: 1\nentries:\n  - id: ict\n    status: approved\n    zh:\n      preferred: 信息和通信技术\n      deprecated: [信息通信技术]\n    en:\n      preferred: information and communications technologies\n      abbr: ICTs\n  - id: cb\n    status: approved\n    zh: 能力建设\n    en: capacity-building\n",
            Path::new("g.yaml"),
        )
        .unwrap()
    }

    #[test]
    fn exact_by_any_form() {
        let g = g();
        let h = lookup(&g, "信息通信技术", 5).unwrap();
        assert_eq!((h.len(), h[0].entry, h[0].standing), (1, 0, "deprecated"));
        let h = lookup(&g, "icts", 5).unwrap();
        assert_eq!((h[0].entry, h[0].standing, h[0].score), (0, "abbr", 1.0));
        assert_eq!(lookup(&g, " Capacity-Building ", 5).unwrap()[0].entry, 1);
        let h = lookup(&g, "cb", 5).unwrap();
        assert_eq!((h[0].entry, h[0].lang, h[0].score), (1, "id", 1.0));
    }

    /// The similarity as it was computed for every form.
    fn similarity(a: &str, b: &str) -> f64 {
        let lev = strsim::normalized_levenshtein(a, b);
        let (la, lb) = (a.chars().count(), b.chars().count());
        let (short, long) = if la <= lb { (a, b) } else { (b, a) };
        let contained = if !short.is_empty() && long.contains(short) {
            0.5 + 0.5 * (la.min(lb) as f64 / la.max(lb) as f64)
        } else {
            0.0
        };
        lev.max(contained)
    }

    #[test]
    fn pruned_similarity_equals_the_full_one() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "能力",
            "能力建设",
            "建设能力",
            "cyber",
            "cyberspace",
            "cy",
        ];
        let mut strings: Vec<String> = Vec::new();
        for a in words {
            for b in words {
                strings.push(format!("{a}{b}"));
                strings.push(format!("{a} {b}x"));
            }
        }
        for a in strings.iter().filter(|a| !a.is_empty()) {
            for b in &strings {
                let full = similarity(a, b);
                for floor in [MIN_SIMILARITY, 0.5, 0.75, 1.0] {
                    match similarity_above(a, a.chars().count(), b, floor) {
                        Some(s) => assert_eq!(s.to_bits(), full.to_bits(), "{a:?} {b:?}"),
                        None => assert!(full < floor, "{a:?} {b:?} {full} {floor}"),
                    }
                }
            }
        }
    }

    #[test]
    fn a_passage_is_not_a_query() {
        let long = "能".repeat(MAX_QUERY_CHARS + 1);
        assert!(matches!(lookup(&g(), &long, 5), Err(Error::Usage(_))));
        assert!(lookup(&g(), &"能".repeat(MAX_QUERY_CHARS), 5).is_ok());
    }

    #[test]
    fn fuzzy_fallback() {
        let g = g();
        let h = lookup(&g, "能力建设措施", 5).unwrap();
        assert_eq!(h[0].entry, 1);
        assert!(h[0].score < 1.0);
        assert!(lookup(&g, "zzzz", 5).unwrap().is_empty());
        assert!(lookup(&g, "", 5).unwrap().is_empty());
    }
}
