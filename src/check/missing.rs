//! The rule `missing-en`: per aligned segment of a pair, each approved entry's Chinese
//! occurrences beyond the count of its approved English forms in the English segment.

use crate::align::{self, Segment};
use crate::check::matcher::{self, Folded, Match};
use crate::check::rules::{Finding, Rule};
use crate::check::{Checker, Doc, IGNORE_MARKER};
use crate::error::Result;
use crate::glossary::{FormStatus, Lang};
use rustc_hash::FxHashMap;

impl Checker<'_> {
    /// Missing English equivalents in one pair, reported at the Chinese occurrence.
    pub(super) fn missing(&self, zh: &Doc, en: &Doc) -> Result<Vec<Finding>> {
        let segments: Vec<Segment> = align::align_files(zh.path, zh.text, en.path, en.text)?
            .segments
            .into_iter()
            .filter(Segment::is_bilingual)
            .collect();
        let en_matches = self.approved_english(en.text)?;
        let zh_by_segment = self.chinese_by_segment(zh, &segments);
        let mut out = Vec::new();
        for (seg, zms) in segments.iter().zip(&zh_by_segment) {
            if zms.is_empty() {
                continue;
            }
            let lo = en_matches.partition_point(|m| m.start < seg.en.0);
            let hi = en_matches.partition_point(|m| m.start < seg.en.1);
            let carried = matcher::count_by_entry(&en_matches[lo..hi]);
            let en_segment = &en.text[seg.en.0..seg.en.1];
            out.extend(self.uncovered(zh, zms, &carried, en_segment));
        }
        Ok(out)
    }

    /// Every occurrence of an approved English form in `text`, overlaps included, ranges in
    /// `text`, by start.
    fn approved_english(&self, text: &str) -> Result<Vec<Match>> {
        let folded = Folded::new(text);
        let mut matches: Vec<Match> = self
            .en
            .find_all(&folded.text)?
            .into_iter()
            .filter(|m| m.status != FormStatus::Deprecated)
            .map(|mut m| {
                (m.start, m.end) = folded.original_range(m.start, m.end);
                m
            })
            .collect();
        matches.sort_by_key(|m| m.start);
        Ok(matches)
    }

    /// The Chinese matches that call for an English equivalent (approved forms of approved
    /// entries with English), grouped by the segment they start in.
    fn chinese_by_segment<'d>(&self, zh: &'d Doc, segments: &[Segment]) -> Vec<Vec<&'d Match>> {
        let zh_starts: Vec<usize> = segments.iter().map(|s| s.zh.0).collect();
        let mut by_segment: Vec<Vec<&Match>> = vec![Vec::new(); segments.len()];
        for m in &zh.matches {
            let eligible = m.status != FormStatus::Deprecated
                && self.reportable(m.entry)
                && self.glossary.entries[m.entry].en.is_some();
            if !eligible {
                continue;
            }
            let i = zh_starts.partition_point(|&s| s <= m.start);
            if i > 0 && m.start < segments[i - 1].zh.1 {
                by_segment[i - 1].push(m);
            }
        }
        by_segment
    }

    /// Findings for the Chinese occurrences `zms` of one segment beyond the `(entry, count)`
    /// of approved English forms its English side carries.
    fn uncovered(
        &self,
        zh: &Doc,
        zms: &[&Match],
        carried: &[(usize, usize)],
        en_segment: &str,
    ) -> Vec<Finding> {
        let mut seen: FxHashMap<usize, usize> = FxHashMap::default();
        let mut occurrences: FxHashMap<usize, usize> = FxHashMap::default();
        for m in zms {
            *occurrences.entry(m.entry).or_default() += 1;
        }
        // The translator's side of the pair can carry the marker too.
        let marked = en_segment.contains(IGNORE_MARKER);
        let mut out = Vec::new();
        for m in zms {
            let k = seen.entry(m.entry).or_default();
            *k += 1;
            // By entry: a whole-text segment can carry thousands of a large glossary's entries.
            let have = carried
                .binary_search_by_key(&m.entry, |&(e, _)| e)
                .map_or(0, |i| carried[i].1);
            if *k <= have {
                continue;
            }
            let e = &self.glossary.entries[m.entry];
            let Some(en_lang) = &e.en else { continue };
            let found = self.zh.form(m).to_owned();
            let message = message(&found, &e.id, en_lang, have, occurrences[&m.entry]);
            let expected = en_lang.preferred.clone();
            let mut f = zh.finding(m, Rule::MissingEn, found, expected, &e.id, message);
            f.suppressed |= marked;
            out.push(f);
        }
        out
    }
}

/// What is missing: no approved English at all, or fewer than the Chinese `occurrences`.
fn message(found: &str, id: &str, en: &Lang, have: usize, occurrences: usize) -> String {
    let expected = &en.preferred;
    let alternatives: Vec<&str> = en.approved_forms().skip(1).collect();
    let also = if alternatives.is_empty() {
        String::new()
    } else {
        format!(" (or {})", alternatives.join(", "))
    };
    if have == 0 {
        format!(
            "“{found}” ({id}) has no approved English equivalent in the aligned translation: expected “{expected}”{also}"
        )
    } else {
        format!(
            "“{found}” ({id}) occurs {occurrences} times here but its English equivalent only {have}: expected “{expected}”{also}"
        )
    }
}
