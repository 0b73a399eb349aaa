//! Where the terms to align occur: found by the one matcher in each pair's normalized Chinese,
//! kept where they are whole words of their sentence, and attributed to the aligned segment
//! they start in.

use crate::align::Segment;
use crate::align::equivalents::PairText;
use crate::check::matcher::ZhMatcher;
use crate::error::Result;
use crate::extract::segment::Segmenter;
use crate::text::han::is_han;
use crate::text::normalize;
use rayon::prelude::*;

/// One aligned segment pair, as text.
pub(super) struct SegmentText<'a> {
    pub(super) zh: &'a str,
    pub(super) en: &'a str,
}

/// The aligned segments of all pairs, and where each term occurs in them.
pub(super) struct Occurrences<'a> {
    /// The bilingual segments of every pair, pair after pair.
    pub(super) segs: Vec<SegmentText<'a>>,
    /// Per term: the indices in `segs` of the segments it occurs in, ascending, once each.
    pub(super) term_segs: Vec<Vec<u32>>,
    /// Per term: its occurrences in those segments.
    pub(super) freq: Vec<u64>,
}

/// The occurrences of `terms` in `pairs`, whose bilingual segments are `aligned`.
pub(super) fn find<'a>(
    pairs: &'a [PairText],
    aligned: &[Vec<Segment>],
    terms: &[String],
) -> Result<Occurrences<'a>> {
    let zm = ZhMatcher::from_terms(terms.iter().map(String::as_str))?;
    let seg = Segmenter::new(terms.iter().map(String::as_str));
    let per_pair: Vec<Vec<(usize, usize)>> = pairs
        .par_iter()
        .zip(aligned)
        .map(|(p, segments)| hits(&zm, &seg, &p.zh, segments))
        .collect();
    let mut out = Occurrences {
        segs: Vec::new(),
        term_segs: vec![Vec::new(); terms.len()],
        freq: vec![0u64; terms.len()],
    };
    for ((p, segments), hits) in pairs.iter().zip(aligned).zip(&per_pair) {
        let base = out.segs.len() as u32;
        out.segs.extend(segments.iter().map(|s| SegmentText {
            zh: &p.zh[s.zh.0..s.zh.1],
            en: &p.en[s.en.0..s.en.1],
        }));
        for &(seg, term) in hits {
            out.freq[term] += 1;
            let id = base + seg as u32;
            if out.term_segs[term].last() != Some(&id) {
                out.term_segs[term].push(id);
            }
        }
    }
    Ok(out)
}

/// `(segment, term)` for each whole-word occurrence of a term in one pair's Chinese `zh`, in
/// text order.
fn hits(zm: &ZhMatcher, seg: &Segmenter, zh: &str, segments: &[Segment]) -> Vec<(usize, usize)> {
    let starts: Vec<usize> = segments.iter().map(|s| s.zh.0).collect();
    let n = normalize::normalize(
        zh,
        &normalize::Options {
            drop_furniture: false,
        },
    );
    let mut hits = Vec::new();
    for m in zm.find_plain(&n.text) {
        if !whole_word(seg, &n.text, m.start, m.end) {
            continue;
        }
        let start = n.original_offset(m.start);
        let i = starts.partition_point(|&s| s <= start);
        if i > 0 && start < segments[i - 1].zh.1 {
            hits.push((i - 1, m.entry));
        }
    }
    hits
}

/// Han characters of context the word-boundary check segments on each side of a match.
const WINDOW: usize = 10;

/// Whether a term occurrence is a word of its sentence and not the inside of a longer one:
/// 常驻代表 (permanent representative) in 常驻代表团 (permanent mission) is not, as jieba
/// segments it (常驻/代表团). Only a junction of two Han characters can cut through a word.
fn whole_word(seg: &Segmenter, text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let after = text[end..].chars().next();
    let check_start = before.is_some_and(is_han) && first.is_some_and(is_han);
    let check_end = last.is_some_and(is_han) && after.is_some_and(is_han);
    if !check_start && !check_end {
        return true;
    }
    let from = text[..start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_han(c))
        .take(WINDOW)
        .last()
        .map_or(start, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .take_while(|&(_, c)| is_han(c))
        .take(WINDOW)
        .last()
        .map_or(end, |(i, c)| end + i + c.len_utf8());
    let tokens = seg.cut(&text[from..to]);
    let at = |offset: usize| tokens.iter().any(|t| from + t.start == offset);
    let ends_at = |offset: usize| tokens.iter().any(|t| from + t.end == offset);
    (!check_start || at(start)) && (!check_end || ends_at(end))
}
