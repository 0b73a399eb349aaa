//! The rules `missing-en` and `missing-zh`: per aligned segment of a pair, the approved terms
//! of one side whose equivalent the other side lacks. `missing-en` reads the Chinese as the
//! source, `missing-zh` the English (most UN Chinese is translated from English).

use crate::align::{self, Segment};
use crate::check::deprecated::collapse;
use crate::check::matcher::{self, Folded, Match};
use crate::check::rules::{Finding, Rule};
use crate::check::{Checker, Doc, IGNORE_MARKER};
use crate::error::Result;
use crate::glossary::{Entry, FormStatus, Lang};
use crate::text::english::Vocabulary;
use crate::text::normalize;
use std::cell::OnceCell;

/// The language a pair was translated from, which says which bilingual rules run: the source
/// side's terms must have their equivalent in the translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceLang {
    /// Chinese original: `missing-en`.
    Zh,
    /// English original: `missing-zh`.
    En,
    /// Either, or not known: both rules.
    #[default]
    Both,
}

/// A missing equivalent before it is made a finding: its occurrence, whether the translation's
/// segment holds `shuyu-ignore`, and the rule. A pair dense with warnings holds these, a few
/// words each, rather than every finding with its strings at once.
#[derive(Clone, Copy)]
pub(super) struct Missing<'d> {
    pub(super) at: &'d Match,
    marked: bool,
    dir: Direction,
}

/// One direction of the bilingual check: which side's terms call for an equivalent on the
/// other side.
#[derive(Clone, Copy)]
struct Direction {
    rule: Rule,
    /// The language block of an entry on the side the terms are found on.
    source: fn(&Entry) -> Option<&Lang>,
    /// The language block the translation must carry.
    target: fn(&Entry) -> Option<&Lang>,
    /// The translation's language, in messages.
    target_name: &'static str,
}

/// Bytes of a Chinese segment searched form by form rather than by the automaton of every form.
const SHORT_SEGMENT: usize = 4096;

const TO_EN: Direction = Direction {
    rule: Rule::MissingEn,
    source: |e| e.zh.as_ref(),
    target: |e| e.en.as_ref(),
    target_name: "English",
};

const TO_ZH: Direction = Direction {
    rule: Rule::MissingZh,
    source: |e| e.en.as_ref(),
    target: |e| e.zh.as_ref(),
    target_name: "Chinese",
};

impl Checker<'_> {
    /// The `missing-en` findings of one pair, whose bilingual `segments` are given, at the
    /// Chinese occurrences, when the pair's source language calls for them.
    pub(super) fn missing_en<'d>(
        &self,
        zh: &'d Doc,
        en: &Doc,
        segments: &[Segment],
    ) -> Result<Vec<Missing<'d>>> {
        if self.source_of(zh, en) == SourceLang::En {
            return Ok(Vec::new());
        }
        // Every English form, deprecated ones too: a deprecated rendering is reported as
        // `deprecated-en` on the English side, not again as a missing equivalent.
        let carried = Carried::new(&self.english_carried(en.text)?, segments, |s| s.en);
        let terms = self.by_segment(&zh.zh, segments, |s| s.zh, TO_EN);
        Ok(self.uncovered(&terms, &carried, segments, en, TO_EN))
    }

    /// The `missing-zh` findings of one pair, whose bilingual `segments` are given, at the
    /// English occurrences, when the pair's source language calls for them.
    pub(super) fn missing_zh<'d>(
        &self,
        zh: &Doc,
        en: &'d Doc,
        segments: &[Segment],
    ) -> Result<Vec<Missing<'d>>> {
        if self.source_of(zh, en) == SourceLang::Zh {
            return Ok(Vec::new());
        }
        let terms = en.en.iter().filter(|m| self.as_written(en.text, m));
        let terms = self.by_segment(terms, segments, |s| s.en, TO_ZH);
        let carried = self.chinese_carried(zh.text, segments, &terms)?;
        Ok(self.uncovered(&terms, &carried, segments, zh, TO_ZH))
    }

    /// For each segment whose English has `terms`, the entries its Chinese carries: any
    /// Chinese form, a whole word or not (联合国 is carried by 联合国开发计划署). A short
    /// segment is searched for the forms of those entries only, so that checking lines of a
    /// parallel text never builds the automaton of every form nested in every other; a long one
    /// (a paragraph or a whole document) through that automaton, in time linear in its length.
    fn chinese_carried(
        &self,
        zh: &str,
        segments: &[Segment],
        terms: &[Vec<&Match>],
    ) -> Result<Carried> {
        let mut by_segment = vec![Vec::new(); segments.len()];
        for (i, ms) in terms.iter().enumerate().filter(|(_, ms)| !ms.is_empty()) {
            let text = &zh[segments[i].zh.0..segments[i].zh.1];
            by_segment[i] = if text.len() <= SHORT_SEGMENT {
                let n = normalize::normalize(text, &normalize::Options::default());
                let mut entries: Vec<usize> = ms.iter().map(|m| m.entry).collect();
                entries.sort_unstable();
                entries.dedup();
                entries
                    .into_iter()
                    .filter(|&e| {
                        self.glossary.entries[e].zh.as_ref().is_some_and(|l| {
                            l.all_forms().any(|f| !f.is_empty() && n.text.contains(f))
                        })
                    })
                    .map(|e| (e, 1))
                    .collect()
            } else {
                matcher::count_by_entry(&self.zh.find_all(text)?)
            };
        }
        Ok(Carried { by_segment })
    }

    /// Whether an English occurrence is the term as the glossary writes it, not part of a
    /// hyphenated name (`UN-Habitat` is 人居署), nor a lower-case use of a capitalized one,
    /// nor the head of another body's name (`the Organization for Security and Co-operation in
    /// Europe` is 欧安组织, not 联合国).
    fn as_written(&self, text: &str, m: &Match) -> bool {
        let glued = text[..m.start].ends_with('-') || text[m.end..].starts_with('-');
        let form = self.en.form(m);
        !glued && keeps_capitals(&text[m.start..m.end], form) && !heads_a_name(text, m, form)
    }

    /// Every occurrence of an English form in `text`, overlaps included, by segment.
    fn english_carried(&self, text: &str) -> Result<Vec<Match>> {
        let folded = Folded::new(text);
        let mut matches: Vec<Match> = self
            .en
            .find_all(&folded.text)?
            .into_iter()
            .map(|mut m| {
                (m.start, m.end) = folded.original_range(m.start, m.end);
                m
            })
            .collect();
        matches.sort_by_key(|m| m.start);
        Ok(matches)
    }

    /// The matches that call for an equivalent in `dir` (approved forms of approved entries
    /// whose source language detects and that have the target language), grouped by the
    /// segment (its side `side`) they start in.
    fn by_segment<'d>(
        &self,
        matches: impl IntoIterator<Item = &'d Match>,
        segments: &[Segment],
        side: fn(&Segment) -> (usize, usize),
        dir: Direction,
    ) -> Vec<Vec<&'d Match>> {
        let starts: Vec<usize> = segments.iter().map(|s| side(s).0).collect();
        let mut by_segment: Vec<Vec<&Match>> = vec![Vec::new(); segments.len()];
        for m in matches {
            let e = &self.glossary.entries[m.entry];
            let eligible = m.status != FormStatus::Deprecated
                && self.reportable(m.entry)
                && (dir.source)(e).is_some_and(|l| l.detect)
                && (dir.target)(e).is_some();
            if !eligible {
                continue;
            }
            let i = starts.partition_point(|&s| s <= m.start);
            if i > 0 && m.start < side(&segments[i - 1]).1 {
                by_segment[i - 1].push(m);
            }
        }
        by_segment
    }

    /// The source occurrences `terms` (per segment) that the translation's segment does not
    /// carry, in text order: findings to be, made one at a time as they are reported.
    fn uncovered<'d>(
        &self,
        terms: &[Vec<&'d Match>],
        carried: &Carried,
        segments: &[Segment],
        target: &Doc,
        dir: Direction,
    ) -> Vec<Missing<'d>> {
        let mut out = Vec::new();
        for (i, ms) in terms.iter().enumerate() {
            if ms.is_empty() {
                continue;
            }
            let (from, to) = if dir.rule == Rule::MissingEn {
                segments[i].en
            } else {
                segments[i].zh
            };
            let segment = &target.text[from..to];
            // The translator's side of the pair can carry the marker too.
            let marked = segment.contains(IGNORE_MARKER);
            let vocabulary = OnceCell::new();
            let in_other_words = |entry: usize| {
                dir.rule == Rule::MissingEn
                    && (dir.target)(&self.glossary.entries[entry]).is_some_and(|l| {
                        let v = vocabulary.get_or_init(|| Vocabulary::new(segment));
                        l.approved_forms()
                            .filter(|f| Some(*f) != l.abbr.as_deref())
                            .any(|f| v.carries(f))
                    })
            };
            for m in ms
                .iter()
                .filter(|m| !carried.has(i, m.entry) && !in_other_words(m.entry))
            {
                out.push(Missing { at: m, marked, dir });
            }
        }
        out
    }

    /// The finding `missing` stands for, in `source`, the document of its occurrence.
    pub(super) fn missing_finding(&self, source: &Doc, missing: &Missing) -> Finding {
        let (m, dir) = (missing.at, missing.dir);
        let e = &self.glossary.entries[m.entry];
        let found = match dir.rule {
            Rule::MissingEn => self.zh.form(m).to_owned(),
            _ => collapse(&source.text[m.start..m.end]),
        };
        let target = (dir.target)(e).expect("only entries with the target language");
        let message = message(&found, &e.id, target, dir.target_name);
        let expected = target.preferred.clone();
        let mut f = source.finding(m, dir.rule, found, expected, &e.id, message);
        f.suppressed |= missing.marked;
        f
    }
}

/// The segments of a pair where both sides have text.
pub(super) fn bilingual_segments(zh: &Doc, en: &Doc) -> Result<Vec<Segment>> {
    Ok(align::align_files(zh.path, zh.text, en.path, en.text)?
        .segments
        .into_iter()
        .filter(Segment::is_bilingual)
        .collect())
}

/// The entries whose forms (any standing) each segment of the translation carries.
struct Carried {
    /// `(entry, count)` by entry, per segment.
    by_segment: Vec<Vec<(usize, usize)>>,
}

impl Carried {
    /// Sorts `matches` (of one side, by start) into the segments whose `side` holds them.
    fn new(matches: &[Match], segments: &[Segment], side: fn(&Segment) -> (usize, usize)) -> Self {
        let by_segment = segments
            .iter()
            .map(|s| {
                let (from, to) = side(s);
                let lo = matches.partition_point(|m| m.start < from);
                let hi = matches.partition_point(|m| m.start < to);
                matcher::count_by_entry(&matches[lo..hi])
            })
            .collect();
        Carried { by_segment }
    }

    fn has(&self, segment: usize, entry: usize) -> bool {
        self.by_segment[segment]
            .binary_search_by_key(&entry, |&(e, _)| e)
            .is_ok()
    }
}

/// Whether an English occurrence keeps every capital of the form it matched: `member States`
/// (of another organization, 成员国) is not `Member States` (of the United Nations, 会员国),
/// while `Capacity-building` opening a sentence is `capacity-building`.
fn keeps_capitals(text: &str, form: &str) -> bool {
    let text: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let form = form.chars().filter(|c| c.is_alphanumeric());
    // Forms and their occurrences differ in spacing, hyphens and plural endings; the letters
    // they share line up from the start.
    form.zip(&text)
        .all(|(f, t)| !f.is_uppercase() || t.is_uppercase())
}

/// Whether a capitalized occurrence goes on as a longer name: `of` or `for`, then a
/// capitalized word (`the Organization of Eastern Caribbean States`, `Member States of ECOWAS`,
/// `the Organization for the Prohibition of Chemical Weapons`).
fn heads_a_name(text: &str, m: &Match, form: &str) -> bool {
    if !form.chars().any(char::is_uppercase) {
        return false;
    }
    let rest = &text[m.end..];
    let Some(rest) = rest
        .strip_prefix(" of ")
        .or_else(|| rest.strip_prefix(" for "))
    else {
        return false;
    };
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    rest.chars().next().is_some_and(char::is_uppercase)
}

/// The equivalent the translation lacks, with the other approved forms that would do.
fn message(found: &str, id: &str, target: &Lang, language: &str) -> String {
    let expected = &target.preferred;
    let alternatives: Vec<&str> = target.approved_forms().skip(1).collect();
    let also = if alternatives.is_empty() {
        String::new()
    } else {
        format!(" (or {})", alternatives.join(", "))
    };
    format!(
        "“{found}” ({id}) has no approved {language} equivalent in the aligned translation: expected “{expected}”{also}"
    )
}
