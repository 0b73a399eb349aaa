//! Equivalents stage: proposes the English that UN translators used for Chinese terms, from
//! Chinese–English pairs cut into aligned segments. Term occurrences come from the matcher
//! (`occurrences`), English word n-grams from the shared English tokenizer (`ngrams`);
//! candidates are ranked by Dice over aligned segments, keeping the maximal n-gram among those
//! with the same support (`rank`). Also the inputs of `align`: pairs, term lists.

use crate::align::ngrams::Grams;
use crate::align::{self, Segment, occurrences, rank};
use crate::formats;
use crate::glossary::Glossary;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The JSON contract of `shuyu align --format json`, read by `shuyu merge`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alignments {
    pub terms: Vec<TermEquivalents>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermEquivalents {
    pub term: String,
    /// Occurrences of the term in the aligned Chinese segments (merge reads input without it).
    #[serde(default)]
    pub freq: u64,
    pub suggestions: Vec<Suggestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The English as most often written (case and number).
    pub en: String,
    /// Dice coefficient over aligned segments, 0–1.
    pub score: f64,
    /// Aligned segments that contain both the term and this English.
    pub support: u64,
    /// A segment pair where the term and this English meet (merge reads input without it).
    #[serde(default)]
    pub example: Example,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    pub zh: String,
    pub en: String,
}

/// How many suggestions per term, and how much evidence each needs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Suggestions per term.
    pub top_k: usize,
    /// Fewest aligned segments a suggestion must share with the term.
    pub min_support: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            top_k: 3,
            min_support: 2,
        }
    }
}

/// Nouns that point into a document (`paragraph 27`, `rule 15`): an English candidate that
/// ends with one, or starts with one and a number, is a reference cut out of a formula
/// (`Recalls paragraph`, `rule 15 of the provisional rules`), not the English of a term.
const REFERENCE_NOUNS: &[&str] = &[
    "paragraph",
    "paragraphs",
    "para",
    "paras",
    "rule",
    "rules",
    "article",
    "articles",
    "section",
    "sections",
    "chapter",
    "chapters",
    "page",
    "pages",
    "footnote",
    "footnotes",
];

/// English that is a fragment of a formula rather than a term's equivalent.
pub fn is_fragment(en: &str) -> bool {
    let words: Vec<String> = en.split_whitespace().map(str::to_lowercase).collect();
    let reference = |w: &str| REFERENCE_NOUNS.contains(&w);
    let number = |w: &str| w.chars().all(|c| c.is_ascii_digit() || c == '.');
    match words.as_slice() {
        [] => false,
        [first, second, ..] if reference(first) && number(second) => true,
        [.., last] => reference(last),
    }
}

/// Leaves out the terms whose best English is a fragment ([`is_fragment`]): for term lists
/// made by `extract`, where such a term is a formula, not a term to record.
pub fn drop_fragments(a: &mut Alignments) {
    a.terms
        .retain(|t| t.suggestions.first().is_none_or(|s| !is_fragment(&s.en)));
}

/// One decoded Chinese–English pair.
#[derive(Debug, Clone)]
pub struct PairText {
    pub zh_path: PathBuf,
    pub zh: String,
    pub en_path: PathBuf,
    pub en: String,
}

/// Proposes English equivalents for `terms` from `pairs`. Pairs that cannot be aligned are an
/// error (`Error::Align`).
pub fn suggest(pairs: &[PairText], terms: &[String], opts: &Options) -> crate::Result<Alignments> {
    let aligned = bilingual_segments(pairs)?;
    let occurrences = occurrences::find(pairs, &aligned, terms)?;
    let grams = Grams::new(occurrences.segs.iter().map(|s| s.en));
    let out: Vec<TermEquivalents> = terms
        .par_iter()
        .enumerate()
        .map(|(t, term)| {
            let segs_of_term = &occurrences.term_segs[t];
            TermEquivalents {
                term: term.clone(),
                freq: occurrences.freq[t],
                suggestions: rank::suggestions(
                    segs_of_term,
                    term.chars().count(),
                    &occurrences.segs,
                    &grams,
                    opts,
                ),
            }
        })
        .collect();
    Ok(Alignments { terms: out })
}

/// The segments of each pair where both sides have text.
fn bilingual_segments(pairs: &[PairText]) -> crate::Result<Vec<Vec<Segment>>> {
    pairs
        .par_iter()
        .map(|p| {
            align::align_files(&p.zh_path, &p.zh, &p.en_path, &p.en).map(|a| {
                a.segments
                    .into_iter()
                    .filter(Segment::is_bilingual)
                    .collect()
            })
        })
        .collect()
}

/// Reads the files of `pairs`; a pair with an unreadable side is left out and the file
/// reported in the second list.
pub fn load_pairs(pairs: &[crate::corpus::Pair]) -> (Vec<PairText>, Vec<crate::corpus::Skipped>) {
    // The sides of a bilingual file are read together, from one reading of the file.
    let files: Vec<PathBuf> = pairs
        .iter()
        .flat_map(|p| match one_file(p) {
            Some(file) => vec![file.to_owned()],
            None => vec![p.zh.clone(), p.en.clone()],
        })
        .collect();
    let mut loaded = crate::corpus::load(&files);
    for p in pairs {
        let Some(file) = one_file(p) else { continue };
        let sides = loaded
            .documents
            .iter()
            .filter(|d| d.path == p.zh || d.path == p.en);
        if sides.count() < 2 && !loaded.skipped.iter().any(|s| s.path == file) {
            let notes: Vec<&str> = (loaded.notes.iter())
                .filter(|(n, _)| n == file)
                .map(|(_, note)| note.as_str())
                .collect();
            loaded.skipped.push(crate::corpus::Skipped {
                path: file.to_owned(),
                reason: format!("has not both a zh and an en side: {}", notes.join("; ")),
            });
        }
    }
    let text: FxHashMap<&std::path::Path, &str> = loaded
        .documents
        .iter()
        .map(|d| (d.path.as_path(), d.text.as_str()))
        .collect();
    let texts = pairs
        .iter()
        .filter_map(|p| {
            Some(PairText {
                zh_path: p.zh.clone(),
                zh: (*text.get(p.zh.as_path())?).to_owned(),
                en_path: p.en.clone(),
                en: (*text.get(p.en.as_path())?).to_owned(),
            })
        })
        .collect();
    (texts, loaded.skipped)
}

/// The bilingual file both sides of `p` are, if they are.
fn one_file(p: &crate::corpus::Pair) -> Option<&Path> {
    match (formats::half_of(&p.zh), formats::half_of(&p.en)) {
        (Some((a, _)), Some((b, _))) if a == b => Some(a),
        _ => None,
    }
}

/// Terms of a `--terms` file: one per line (text before a tab), `#` comments, duplicates once.
pub fn read_terms(path: &Path) -> crate::Result<Vec<String>> {
    let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
    let text = crate::corpus::decode(&bytes).map_err(|e| crate::Error::Input {
        path: path.to_owned(),
        line: None,
        message: e.to_string(),
    })?;
    let mut seen = rustc_hash::FxHashSet::default();
    Ok(text
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| seen.insert(l.to_string()))
        .map(str::to_owned)
        .collect())
}

/// What `shuyu extract` finds in the Chinese side, then the glossary entries still lacking
/// English. Callers align them and then [`drop_fragments`].
pub fn default_terms(
    pairs: &[PairText],
    glossary: &Glossary,
    top: usize,
) -> crate::Result<Vec<String>> {
    let corpus = crate::corpus::Corpus {
        documents: pairs
            .iter()
            .map(|p| crate::corpus::Document::new(p.zh_path.clone(), p.zh.clone()))
            .collect(),
        ..Default::default()
    };
    let opts = crate::extract::Options {
        top,
        contexts: 0,
        ..crate::extract::Options::default()
    };
    let found = crate::extract::run(&corpus, glossary, &opts, &crate::extract::Silent)?;
    let mut seen = rustc_hash::FxHashSet::default();
    Ok(found
        .terms
        .into_iter()
        .map(|t| t.term)
        .chain(
            glossary
                .entries
                .iter()
                .filter(|e| e.en.is_none())
                .filter_map(|e| e.zh.as_ref().map(|z| z.preferred.clone())),
        )
        .filter(|t| seen.insert(t.clone()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_of_formulae() {
        for f in [
            "Recalls paragraph",
            "paragraph",
            "rule 15 of the provisional rules",
        ] {
            assert!(is_fragment(f), "{f}");
        }
        for t in [
            "rule of law",
            "rules of procedure",
            "Agenda item",
            "annex",
            "Group of 77",
        ] {
            assert!(!is_fragment(t), "{t}");
        }
    }

    #[test]
    fn formula_openers_and_forms_of_address_are_not_proposed() {
        // A/69/... budget resolutions: "Recalls paragraph N of the report of the Advisory
        // Committee", and letters naming "Mr." someone.
        let zh = "回顾行预咨委会报告第27段。\n回顾行预咨委会报告第12段。\n回顾行预咨委会报告第31段。\n大会赞赏地注意到先生的发言。\n大会感谢先生。\n";
        let en = "Recalls paragraph 27 of the report of the Advisory Committee.\nRecalls paragraph 12 of the report of the Advisory Committee.\nRecalls paragraph 31 of the report of the Advisory Committee.\nThe General Assembly notes with appreciation the statement of Mr. Kubiš.\nThe General Assembly thanks Mr. Kubiš.\n";
        let mut r = suggest(
            &[pair(zh, en)],
            &["行预咨委会报告".into(), "先生".into()],
            &Options::default(),
        )
        .unwrap();
        let all: Vec<&str> = (r.terms.iter())
            .flat_map(|t| t.suggestions.iter().map(|s| s.en.as_str()))
            .collect();
        assert!(
            !all.iter().any(|e| e.starts_with("Recalls") || *e == "Mr"),
            "{all:?}"
        );
        assert_eq!(
            r.terms[0].suggestions[0].en,
            "report of the Advisory Committee"
        );
        r.terms[0].suggestions[0].en = "paragraph".into();
        drop_fragments(&mut r);
        assert_eq!(r.terms.len(), 1);
        assert_eq!(r.terms[0].term, "先生");
    }

    fn pair(zh: &str, en: &str) -> PairText {
        PairText {
            zh_path: "a.zh".into(),
            zh: zh.into(),
            en_path: "a.en".into(),
            en: en.into(),
        }
    }

    #[test]
    fn proposes_the_maximal_equivalent_with_its_usual_case() {
        let zh = "人权理事会通过了决议。\n大会注意到人权理事会的报告。\n会员国欢迎人权理事会的工作。\n会员国发言。\n";
        let en = "The Human Rights Council adopted a resolution.\nThe General Assembly took note of the report of the Human Rights Council.\nMember States welcomed the work of the Human Rights Council.\nA Member State spoke.\n";
        let r = suggest(
            &[pair(zh, en)],
            &["人权理事会".into(), "会员国".into()],
            &Options::default(),
        )
        .unwrap();
        let hrc = &r.terms[0];
        assert_eq!(hrc.freq, 3);
        assert_eq!(hrc.suggestions[0].en, "Human Rights Council");
        assert_eq!(hrc.suggestions[0].support, 3);
        assert!(hrc.suggestions.iter().all(|s| s.en != "Rights Council"));
        let ms = &r.terms[1];
        assert_eq!(ms.suggestions[0].en, "Member States");
        assert_eq!(ms.suggestions[0].support, 2);
        assert_eq!(ms.suggestions[0].example.zh, "会员国欢迎人权理事会的工作。");
    }
}
