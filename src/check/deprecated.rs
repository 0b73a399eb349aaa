//! The rules `deprecated-zh` and `deprecated-en`: a deprecated form of an approved entry in a
//! document, with the correction to make.

use crate::check::inputs::Language;
use crate::check::rules::{Finding, Rule};
use crate::check::{Checker, Doc};
use crate::glossary::{FormStatus, Lang};
use crate::text::english;

impl Checker<'_> {
    /// The deprecated forms among a document's matches.
    pub(super) fn deprecated(&self, d: &Doc) -> Vec<Finding> {
        d.matches
            .iter()
            .filter(|m| m.status == FormStatus::Deprecated && self.reportable(m.entry))
            .filter_map(|m| {
                let e = &self.glossary.entries[m.entry];
                let (rule, found, expected) = match d.lang {
                    Language::Zh => {
                        let found = self.zh.form(m).to_owned();
                        (Rule::DeprecatedZh, found, e.zh.as_ref()?.preferred.clone())
                    }
                    Language::En => {
                        let found = collapse(&d.text[m.start..m.end]);
                        let expected = closest_approved(e.en.as_ref()?, &found);
                        (Rule::DeprecatedEn, found, expected)
                    }
                };
                let message = format!("“{found}” is deprecated; use “{expected}” ({})", e.id);
                Some(d.finding(m, rule, found, expected, &e.id, message))
            })
            .collect()
    }
}

/// An English match as one line: a form wrapped across lines is reported with single spaces.
fn collapse(s: &str) -> String {
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
