//! The rules `deprecated-zh` and `deprecated-en`: a deprecated form of an approved entry in a
//! document, with the correction to make.

use crate::check::matcher::Match;
use crate::check::rules::{Finding, Rule};
use crate::check::{Checker, Doc};
use crate::glossary::{FormStatus, Lang};
use crate::text::english;

impl Checker<'_> {
    /// The deprecated forms among a document's matches, Chinese and English alike: a Chinese
    /// report quoting English, or an English one quoting Chinese, is checked in both.
    pub(super) fn deprecated(&self, d: &Doc) -> Vec<Finding> {
        let zh = d.zh.iter().map(|m| (m, Rule::DeprecatedZh));
        let en = d.en.iter().map(|m| (m, Rule::DeprecatedEn));
        let mut hits: Vec<(&Match, Rule)> = zh
            .chain(en)
            .filter(|(m, _)| m.status == FormStatus::Deprecated && self.reportable(m.entry))
            .collect();
        // In text order, as positions are counted on from one finding to the next.
        hits.sort_by_key(|(m, _)| m.start);
        hits.into_iter()
            .filter_map(|(m, rule)| {
                let e = &self.glossary.entries[m.entry];
                let (found, expected) = match rule {
                    Rule::DeprecatedZh => {
                        (self.zh.form(m).to_owned(), e.zh.as_ref()?.preferred.clone())
                    }
                    _ => {
                        let found = collapse(&d.text[m.start..m.end]);
                        let expected = closest_approved(e.en.as_ref()?, &found);
                        (found, expected)
                    }
                };
                let message = format!("“{found}” is deprecated; use “{expected}” ({})", e.id);
                Some(d.finding(m, rule, found, expected, &e.id, message))
            })
            .collect()
    }
}

/// An English match as one line: a form wrapped across lines is reported with single spaces.
pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The approved English form nearest to a deprecated one (`member countries` → `Member States`,
/// `information and communication technology` → `information and communications technology`):
/// the correction a translator would make, number kept.
fn closest_approved(lang: &Lang, found: &str) -> String {
    let found_l = found.to_lowercase();
    let mut best: Option<(usize, String)> = None;
    let abbr = lang.abbr.as_deref();
    for f in lang.approved_forms().filter(|f| Some(*f) != abbr) {
        for cand in std::iter::once(f.to_owned()).chain(english::number_variants(f)) {
            let d = strsim::levenshtein(&cand.to_lowercase(), &found_l);
            if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                best = Some((d, cand));
            }
        }
    }
    best.map_or_else(|| lang.preferred.clone(), |(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Glossary;

    #[test]
    fn nearest_approved_english() {
        let g = Glossary::builtin();
        let e = g.entries.iter().find(|e| e.id == "member-states").unwrap();
        assert_eq!(
            closest_approved(e.en.as_ref().unwrap(), "member countries"),
            "Member States"
        );
    }
}
