//! Score stage: ranks candidates by termhood.
//!
//! ```text
//! score(a) = C(a) · U(a) · S(a)^1.7 · G(a)               0 if a is a phrase (`phrases`)
//!
//! C(a) = log2(1 + |a|) · f(a)                              if no candidate contains a
//!      = log2(1 + |a|) · (f(a) − Σ_{b∈T(a)} f(b) / |T(a)|)  otherwise            (C-value)
//! U(a) = 1 − exp(−min(H_L(a), H_R(a)))                                          (unithood)
//! S(a) = max(0.1, ln(p_corpus(a) / p_general(a)))                             (specificity)
//! G(a) = `GENERAL_WORD_FACTOR` if a is a general single word, else 1
//! for an approved glossary term: U(a) = 1 and C(a) = log2(1 + |a|) · f(a)
//! ```
//!
//! Candidates are scored by surface form: jieba may cut one string differently in different
//! contexts, and all its segmentations are one term. `|a|` is the length in characters, `f`
//! the corpus frequency (occurrences inside a glossary word the segmenter kept whole included),
//! `T(a)` the longer candidates that contain `a`. `H_L`, `H_R` are the left and right branching
//! entropies (nats), where a clause boundary or an edge-only function word counts as a new
//! neighbour each time: a fragment such as 成员名额, always between 不限 and 工作组, has
//! entropy 0 and so U = 0. S is the weirdness ratio (Ahmad et al.): `p_corpus` is the term's
//! relative frequency here (per token), `p_general` the product of its tokens' relative
//! frequencies in jieba's dictionary of general Chinese (about 60 million counts; jieba's own
//! independence estimate), both add-one smoothed. A token the dictionary lacks (a glossary term
//! kept whole, a name the HMM found) counts as the dictionary words it is made of, so a string
//! scores the same whether or not the segmenter kept it whole. A general word as common here
//! as anywhere (国家, 会议) gets S near 1; a compound general Chinese never uses (不限成员名额工作组) gets S
//! above 10. The exponent 1.7 is explained at `SPECIFICITY_WEIGHT`, G at `is_general_word`.
//! Ties break by the term text, so the ranking is deterministic.

mod containers;
mod exact;
mod formula;
mod nesting;
mod phrases;
mod surface_hash;
mod surfaces;

use crate::extract::count::{Gram, Table};
use crate::extract::lexicon::Vocab;
use crate::extract::segment::Segmenter;
use crate::extract::stream::Streams;
use containers::Containers;
use exact::{Exact, exact_where_it_matters};
use formula::Formula;
use nesting::Nesting;
use phrases::Phrases;
use rayon::prelude::*;
use surfaces::Surfaces;

/// A ranked candidate.
#[derive(Debug, Clone)]
pub(crate) struct Scored {
    /// Every segmentation of the term that was counted.
    pub grams: Vec<Gram>,
    /// Glossary words (token ids) the segmenter kept whole that contain the term.
    pub containers: Vec<u32>,
    pub term: String,
    pub freq: u64,
    pub score: f64,
}

/// Scores candidates and ranks them, best first, keeping the best `top` (all when 0; ties at
/// the cut are resolved by the term, like every tie). jieba may cut one string differently in
/// different contexts (不限|成员 and 不|限|成员), so candidates are merged by surface form before
/// scoring: a fragment nested in both segmentations of a longer term is nested in one term,
/// not two.
pub(crate) fn rank(
    table: &Table,
    vocab: &Vocab,
    streams: &Streams,
    cands: &[Gram],
    seg: &Segmenter,
    top: usize,
) -> Vec<Scored> {
    let mut surfaces = Surfaces::group(table, vocab, cands);
    let containers = Containers::find(table, vocab, &mut surfaces);
    let formula = Formula::new(table, vocab, &surfaces, cands, seg);
    let nesting = Nesting {
        table,
        surfaces: &surfaces,
        cands,
        container_pairs: &containers.pairs,
        types: vocab.len(),
    };
    let phrases = Phrases {
        table,
        vocab,
        streams,
        surfaces: &surfaces,
    };
    let main = |sid: usize| formula.main(sid);
    let specific = |sid: usize| formula.specificity(sid);
    let score = |sid: usize, exact: &Exact| formula.score(sid, exact);
    let scores = exact_where_it_matters(surfaces.len(), top, &score, |sids, exact| {
        let grams: Vec<Gram> = sids
            .iter()
            .flat_map(|&sid| surfaces.grams(sid).iter().copied())
            .collect();
        table.left_neighbours(streams, vocab, &grams, &mut exact.left);
        exact.nested.resize(surfaces.len(), None);
        nesting.fill(sids, &mut exact.nested);
        phrases.fill(sids, &main, &specific, &mut exact.phrase);
    });
    best(&surfaces, &containers, &scores, top)
}

/// The best `top` surfaces (all when 0), best first, ties broken by the term.
fn best(
    surfaces: &Surfaces,
    containers: &Containers,
    scores: &[(Gram, f64)],
    top: usize,
) -> Vec<Scored> {
    // Only the best `top`, and whatever ties with the last of them, need their strings.
    let mut chosen: Vec<usize> = (0..surfaces.len()).collect();
    if top > 0 && top < chosen.len() {
        let better = |a: &usize, b: &usize| scores[*b].1.total_cmp(&scores[*a].1);
        chosen.select_nth_unstable_by(top - 1, better);
        let cut = scores[chosen[top - 1]].1;
        chosen = (0..surfaces.len())
            .filter(|&i| scores[i].1.total_cmp(&cut).is_ge())
            .collect();
    }
    let mut scored: Vec<Scored> = chosen
        .into_par_iter()
        .map(|sid| Scored {
            grams: surfaces.grams(sid).to_vec(),
            containers: containers.of[sid].clone(),
            term: surfaces.string_of(scores[sid].0),
            freq: surfaces.freq[sid],
            score: scores[sid].1,
        })
        .collect();
    scored.par_sort_unstable_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.term.cmp(&b.term))
    });
    if top > 0 {
        scored.truncate(top);
    }
    scored
}
