//! Matcher: the one term-matching mechanism of shuyu. Chinese forms are found by a single
//! leftmost-longest Aho-Corasick automaton over every form of every entry, run on normalized
//! text and mapped back to the original; English forms (in [`en`]) case-insensitively on word
//! boundaries, singular and plural alike. `check` and `align` both match here.

mod en;

pub(crate) use en::{EnMatcher, Folded};

use crate::error::{Error, Result};
use crate::extract::segment::Segmenter;
use crate::glossary::{FormStatus, Glossary};
use crate::text::normalize;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;

/// One occurrence of a form: its entry (index into the glossary or term list), the standing of
/// the form, the pattern that matched, and the byte range in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    pub entry: usize,
    pub status: FormStatus,
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
struct Pattern {
    text: String,
    entry: usize,
    status: FormStatus,
}

/// Automaton states past which forms are matched by a contiguous NFA instead of a DFA. A DFA
/// state holds a 4-byte transition for each of up to 256 byte classes, up to 1 KiB for about
/// every byte of the forms, so this cap keeps a DFA within 64 MiB. Curated glossaries stay far
/// below it; far above it the DFA's state identifiers overflow and it cannot be built at all.
const DFA_MAX_STATES: usize = 1 << 16;

/// The automaton over `patterns`, `None` when there are none. A DFA while it stays small: on
/// Chinese text, where every character starts with one of a few lead bytes, an NFA is several
/// times slower. Larger pattern sets, and any the DFA builder refuses, get a contiguous NFA.
fn build(patterns: &[Pattern], kind: MatchKind) -> Built {
    if patterns.is_empty() {
        return Ok(None);
    }
    let texts: Vec<&[u8]> = patterns.iter().map(|p| p.text.as_bytes()).collect();
    let build_as = |automaton| {
        AhoCorasickBuilder::new()
            .match_kind(kind)
            .kind(Some(automaton))
            .build(&texts)
    };
    // Every byte of every pattern adds at most one state to the trie under the automaton.
    let states = 1 + texts.iter().map(|t| t.len()).sum::<usize>();
    if states <= DFA_MAX_STATES
        && let Ok(dfa) = build_as(AhoCorasickKind::DFA)
    {
        return Ok(Some(dfa));
    }
    build_as(AhoCorasickKind::ContiguousNFA)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// An automaton, none for no patterns, or why the automaton builder refused them.
type Built = std::result::Result<Option<AhoCorasick>, String>;

/// Chinese forms. Every form of every entry, deprecated ones included, is in the automaton, so
/// a deprecated form inside a longer listed name or title is consumed by the longer form.
#[derive(Debug, Clone)]
pub(crate) struct ZhMatcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// Every occurrence of every form, nested ones included, built when first needed.
    overlapping: OnceLock<Built>,
}

impl ZhMatcher {
    /// All `zh` forms of `glossary`.
    pub(crate) fn new(glossary: &Glossary) -> Result<Self> {
        Self::from_forms(glossary.forms("zh"))
    }

    /// Plain terms (`align --terms`); the entry of a match is the index in `terms`.
    pub(crate) fn from_terms<'a>(terms: impl IntoIterator<Item = &'a str>) -> Result<Self> {
        Self::from_forms(
            terms
                .into_iter()
                .enumerate()
                .map(|(i, t)| (t, i, FormStatus::Preferred)),
        )
    }

    fn from_forms<'a>(forms: impl Iterator<Item = (&'a str, usize, FormStatus)>) -> Result<Self> {
        let mut seen = rustc_hash::FxHashSet::default();
        let patterns: Vec<Pattern> = forms
            .filter(|(f, _, _)| !f.trim().is_empty() && seen.insert(f.to_string()))
            .map(|(f, entry, status)| Pattern {
                text: f.to_owned(),
                entry,
                status,
            })
            .collect();
        Ok(ZhMatcher {
            ac: build(&patterns, MatchKind::LeftmostLongest).map_err(|message| {
                Error::Automaton {
                    forms: patterns.len(),
                    message,
                }
            })?,
            patterns,
            overlapping: OnceLock::new(),
        })
    }

    /// The form a match stands for.
    pub(crate) fn form(&self, m: &Match) -> &str {
        &self.patterns[m.pattern].text
    }

    /// Matches in `text` itself, offsets into `text`.
    pub(crate) fn find_plain(&self, text: &str) -> Vec<Match> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        ac.find_iter(text)
            .map(|m| self.to_match(m.pattern().as_usize(), m.start(), m.end()))
            .collect()
    }

    /// Matches in `text` itself that are whole words of their sentence
    /// ([`Segmenter::is_whole_word`]), offsets into `text`: 国际法 is no match in 国际法院.
    /// `segmenter` is called only when a match has a Han character on either side.
    pub(crate) fn find_plain_words<'s>(
        &self,
        text: &str,
        segmenter: impl Fn() -> &'s Segmenter,
    ) -> Vec<Match> {
        let mut out = self.find_plain(text);
        out.retain(|m| {
            !Segmenter::at_junction(text, m.start, m.end) || {
                segmenter().is_whole_word(text, m.start, m.end)
            }
        });
        out
    }

    /// Normalizes `original` (keeping page furniture: a deprecated form in a heading is still a
    /// finding) and finds the whole-word matches in it, with ranges in `original`: a form broken
    /// across lines or wrapped in Markdown emphasis is found and reported where it is.
    pub(crate) fn find_words<'s>(
        &self,
        original: &str,
        segmenter: impl Fn() -> &'s Segmenter,
    ) -> Vec<Match> {
        self.find_normalized(original, |text| self.find_plain_words(text, segmenter))
    }

    /// Every occurrence of every form in `original`, nested ones included and whole words or
    /// not, ranges in `original`, by start: evidence that a translation carries a term, as
    /// 联合国 is carried by 《联合国宪章》 and by 联合国开发计划署.
    pub(crate) fn find_all(&self, original: &str) -> Result<Vec<Match>> {
        let Some(ac) = self.overlapping()? else {
            return Ok(Vec::new());
        };
        let mut out = self.find_normalized(original, |text| {
            ac.find_overlapping_iter(text)
                .map(|m| self.to_match(m.pattern().as_usize(), m.start(), m.end()))
                .collect()
        });
        out.sort_by_key(|m| m.start);
        Ok(out)
    }

    /// The overlapping automaton, built on first use; `None` for no forms.
    pub(crate) fn overlapping(&self) -> Result<Option<&AhoCorasick>> {
        let built = self
            .overlapping
            .get_or_init(|| build(&self.patterns, MatchKind::Standard));
        match built {
            Ok(ac) => Ok(ac.as_ref()),
            Err(message) => Err(Error::Automaton {
                forms: self.patterns.len(),
                message: message.clone(),
            }),
        }
    }

    fn to_match(&self, pattern: usize, start: usize, end: usize) -> Match {
        let p = &self.patterns[pattern];
        Match {
            entry: p.entry,
            status: p.status,
            pattern,
            start,
            end,
        }
    }

    fn find_normalized(&self, original: &str, find: impl FnOnce(&str) -> Vec<Match>) -> Vec<Match> {
        if self.ac.is_none() {
            return Vec::new();
        }
        let n = normalize::normalize(
            original,
            &normalize::Options {
                drop_furniture: false,
            },
        );
        let mut out = find(&n.text);
        for m in &mut out {
            (m.start, m.end) = n.original_range(m.start, m.end);
        }
        out
    }
}

/// For each entry, how many non-overlapping occurrences `matches` hold (longest first at each
/// position), as `(entry, count)` sorted by entry.
pub(crate) fn count_by_entry(matches: &[Match]) -> Vec<(usize, usize)> {
    let mut ms: Vec<&Match> = matches.iter().collect();
    ms.sort_by_key(|m| (m.entry, m.start, std::cmp::Reverse(m.end)));
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut last_end = 0;
    for m in ms {
        match out.last_mut() {
            Some((e, n)) if *e == m.entry => {
                if m.start >= last_end {
                    *n += 1;
                    last_end = m.end;
                }
            }
            _ => {
                out.push((m.entry, 1));
                last_end = m.end;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    fn glossary() -> Glossary {
        Glossary::builtin()
    }

    fn id<'g>(g: &'g Glossary, m: &Match) -> &'g str {
        &g.entries[m.entry].id
    }

    #[test]
    fn zh_longest_form_wins_and_broken_forms_are_found() {
        let g = glossary();
        let zm = ZhMatcher::new(&g).unwrap();
        let text = "促进信息和通信技术安全，能力构\n\n建措施，**信息通信技术**。";
        let seg = Segmenter::for_words(g.forms("zh").map(|(f, _, _)| f));
        let ms = zm.find_words(text, || &seg);
        let found: Vec<(&str, &str, FormStatus)> = ms
            .iter()
            .map(|m| (id(&g, m), &text[m.start..m.end], m.status))
            .collect();
        assert_eq!(
            found,
            vec![
                ("ict-security", "信息和通信技术安全", FormStatus::Preferred),
                ("capacity-building", "能力构\n\n建", FormStatus::Deprecated),
                ("ict", "信息通信技术", FormStatus::Deprecated),
            ]
        );
    }
    #[test]
    fn zh_forms_match_only_as_whole_words() {
        let zm = ZhMatcher::from_terms(["报告", "国际法"]).unwrap();
        let seg = Segmenter::for_words(["报告", "国际法"]);
        let text = "特别报告员提交报告，国际法院适用国际法。";
        let words: Vec<&str> = zm
            .find_words(text, || &seg)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(words, vec!["报告", "国际法"]);
        let all: Vec<&str> = zm
            .find_all(text)
            .unwrap()
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(all, vec!["报告", "报告", "国际法", "国际法"]);
    }
}
