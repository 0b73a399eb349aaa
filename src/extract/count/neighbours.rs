//! Branching entropies: Σ c·ln c over the distinct neighbours of an n-gram, right ones counted
//! with each level, left ones for single tokens while counting and for longer n-grams only when
//! scoring asks.

use super::flags::Flags;
use super::packed::runs;
use super::{Gram, PIECE, Table};
use crate::extract::lexicon::Vocab;
use crate::extract::stream::{DOC_END, Streams};
use crate::util::radix::{bits_for, sort_pieces};
use rayon::prelude::*;

/// Σ c·ln c over the non-free left neighbours of the n-grams `Table::left_neighbours` was
/// asked for, in fixed point like the right ones; 0 for the others, as if every neighbour
/// were distinct, which makes their left entropy an upper bound.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Left {
    /// Per level, per id.
    clnc: Vec<Vec<u64>>,
}

pub(super) const FIXED: f64 = 1e6;

pub(super) fn clnc_fixed(c: usize) -> u64 {
    // Most runs are short: their values are looked up, without a logarithm or a branch on
    // the length (c = 1, which gives 0, is the most common and the least predictable).
    static SMALL: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let small = SMALL.get_or_init(|| (0..1024).map(clnc_computed).collect());
    match small.get(c) {
        Some(&v) => v,
        None => clnc_computed(c),
    }
}

fn clnc_computed(c: usize) -> u64 {
    if c <= 1 {
        return 0;
    }
    let c = c as f64;
    (c * c.ln() * FIXED).round() as u64
}

/// Adds to `left0`, for each surviving token that may end a candidate, the left neighbours
/// that level 1 did not count: non-free tokens that do not survive (joiners, words that only
/// end terms). A neighbour seen once adds nothing (c·ln c = 0), so only tokens seen twice are
/// looked at.
pub(super) fn left_of_others(toks: &[u32], flags: &Flags, mut left0: Vec<u64>) -> Vec<u64> {
    let tok_bits = bits_for(flags.len());
    let other: Vec<bool> = flags
        .all_types()
        .iter()
        .map(|&f| f & (Flags::TWICE | Flags::SURVIVES | Flags::FREE) == Flags::TWICE)
        .collect();
    let pieces: Vec<Vec<u64>> = toks
        .par_chunks(PIECE)
        .enumerate()
        .map(|(i, chunk)| {
            let mut pairs = Vec::new();
            for (j, &a) in chunk.iter().enumerate() {
                if a == DOC_END || !other[a as usize] {
                    continue;
                }
                let Some(&b) = toks.get(i * PIECE + j + 1) else {
                    continue;
                };
                if flags.all(b, Flags::SURVIVES | Flags::CAN_END) {
                    pairs.push((u64::from(b) << tok_bits) | u64::from(a));
                }
            }
            pairs
        })
        .collect();
    let keys = sort_pieces(pieces, 2 * tok_bits, |x| x);
    for (s, len) in runs(&keys, |x| x) {
        left0[(keys[s as usize] >> tok_bits) as usize] += clnc_fixed(len as usize);
    }
    left0
}

impl Table {
    /// Σ c·ln c of the left neighbours of `grams` that may end a candidate, into `left`.
    /// Counting leaves this out for longer n-grams because only candidates need it, and
    /// scoring only for those that may rank (see `score::rank`).
    pub(crate) fn left_neighbours(
        &self,
        streams: &Streams,
        vocab: &Vocab,
        grams: &[Gram],
        left: &mut Left,
    ) {
        let toks = &streams.tokens;
        left.clnc.resize_with(self.levels.len(), Vec::new);
        for (clnc, level) in left.clnc.iter_mut().zip(&self.levels) {
            clnc.resize(level.freq.len(), 0);
        }
        let mut grams: Vec<Gram> = grams
            .iter()
            .copied()
            .filter(|&g| vocab.can_end(*self.tokens_of(g).last().expect("a token")))
            .collect();
        grams.sort_unstable();
        grams.dedup();
        let sums: Vec<u64> = grams
            .par_iter()
            .map(|&g| {
                let id = g.id as usize;
                if g.level == 0 {
                    return if self.survives0[id] {
                        self.left0[id]
                    } else {
                        0
                    };
                }
                let mut neighbours: Vec<u32> = self
                    .positions(g)
                    .iter()
                    .filter_map(|&p| toks.get((p as usize).checked_sub(1)?).copied())
                    .filter(|&t| !vocab.is_free(t))
                    .collect();
                neighbours.sort_unstable();
                neighbours
                    .chunk_by(|a, b| a == b)
                    .map(|run| clnc_fixed(run.len()))
                    .sum()
            })
            .collect();
        for (g, sum) in grams.iter().zip(sums) {
            left.clnc[g.level][g.id as usize] = sum;
        }
    }

    /// Left and right branching entropy (nats). Free boundaries (clause ends, function words)
    /// count as a distinct neighbour each. The left one is exact if `left_neighbours` put `g`
    /// in `left`, and otherwise its upper bound, ln f.
    pub(crate) fn entropies(&self, g: Gram, left: &Left) -> (f64, f64) {
        let lv = &self.levels[g.level];
        let f = f64::from(lv.freq[g.id as usize]);
        if f == 0.0 {
            return (0.0, 0.0);
        }
        // Fixed-point rounding leaves ~1e-7 where the entropy is exactly 0.
        let h = |clnc: u64| {
            let h = f.ln() - clnc as f64 / FIXED / f;
            if h < 1e-5 { 0.0 } else { h }
        };
        (
            h(left
                .clnc
                .get(g.level)
                .and_then(|c| c.get(g.id as usize))
                .copied()
                .unwrap_or(0)),
            h(lv.right_clnc[g.id as usize]),
        )
    }
}
