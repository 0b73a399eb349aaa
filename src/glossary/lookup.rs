//! Lookup stage: finds glossary entries by any form in any language (Chinese as written,
//! other languages case-insensitively) or by id, falling back to the closest entries by
//! string similarity when nothing matches exactly.

use super::schema::LANGUAGES;
use crate::glossary::{FormStatus, Glossary};
use serde::Serialize;

/// Fuzzy matches below this similarity are not shown.
const MIN_SIMILARITY: f64 = 0.4;

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

/// Entries matching `query`: every exact match (entry order), or else up to `limit` of the
/// closest ones, best first.
pub fn lookup(g: &Glossary, query: &str, limit: usize) -> Vec<Hit> {
    let q = query.trim();
    if q.is_empty() {
        return Vec::new();
    }
    let ql = q.to_lowercase();
    let mut exact: Vec<Hit> = Vec::new();
    let mut best: Vec<Option<Hit>> = vec![None; g.entries.len()];
    for &lang in LANGUAGES {
        for (form, i, st) in g.forms(lang) {
            let is_exact = if lang == "zh" {
                form == q
            } else {
                form.to_lowercase() == ql
            };
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
            let s = similarity(&ql, &form.to_lowercase());
            if best[i].as_ref().is_none_or(|b| s > b.score) {
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
        return exact;
    }
    closest(best, limit)
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
/// much of the longer one it covers.
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
        let h = lookup(&g, "信息通信技术", 5);
        assert_eq!((h.len(), h[0].entry, h[0].standing), (1, 0, "deprecated"));
        let h = lookup(&g, "icts", 5);
        assert_eq!((h[0].entry, h[0].standing, h[0].score), (0, "abbr", 1.0));
        assert_eq!(lookup(&g, " Capacity-Building ", 5)[0].entry, 1);
        let h = lookup(&g, "cb", 5);
        assert_eq!((h[0].entry, h[0].lang, h[0].score), (1, "id", 1.0));
    }

    #[test]
    fn fuzzy_fallback() {
        let g = g();
        let h = lookup(&g, "能力建设措施", 5);
        assert_eq!(h[0].entry, 1);
        assert!(h[0].score < 1.0);
        assert!(lookup(&g, "zzzz", 5).is_empty());
        assert!(lookup(&g, "", 5).is_empty());
    }
}
