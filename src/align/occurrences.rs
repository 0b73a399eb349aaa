//! Where the terms to align occur: found by the one matcher in each pair's normalized Chinese,
//! kept where they are whole words of their sentence, and attributed to the aligned segment
//! they start in.

use crate::align::Segment;
use crate::align::equivalents::PairText;
use crate::check::matcher::ZhMatcher;
use crate::error::Result;
use crate::extract::segment::Segmenter;
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
    let seg = Segmenter::for_words(terms.iter().map(String::as_str));
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
    for m in zm.find_plain_words(&n.text, || seg) {
        let start = n.original_offset(m.start);
        let i = starts.partition_point(|&s| s <= start);
        if i > 0 && start < segments[i - 1].zh.1 {
            hits.push((i - 1, m.entry));
        }
    }
    hits
}
