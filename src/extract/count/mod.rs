//! Counting stage: counts contiguous token n-grams inside clauses over the whole corpus, in
//! parallel, keeping frequencies and the left/right neighbour statistics that scoring needs.
//!
//! Counting is level-wise (Apriori): an n-gram can only reach `min_freq` if its (n−1)-token
//! prefix did, so level n+1 only extends positions whose level-n n-gram survived. Each surviving
//! n-gram gets a dense id per level, and an (n+1)-gram is keyed by `(id of its prefix, last
//! token)`, so keys stay small whatever the length. A level is counted by packing every
//! extension as `key · 2^p + position` into one integer and radix-sorting them (`radix`): equal
//! keys become runs, runs are counts, and ids follow key order (`extend`). Sorting streams
//! through memory where a hash table would miss the cache once per occurrence, and the order,
//! so every count, id and output, is the same for any number of threads.
//!
//! Only what scoring can use is counted: an n-gram with a verb where no candidate may have one
//! is neither kept nor extended, since nothing that contains it is a candidate.

mod extend;
mod flags;
mod lookup;
mod neighbours;
mod packed;
mod partition;
mod spill;
#[cfg(test)]
mod tests;

use crate::extract::lexicon::Vocab;
use crate::extract::stream::Streams;
use crate::util::radix::bits_for;
use extend::{Extended, Step};
use flags::Flags;
pub(crate) use neighbours::Left;
use neighbours::left_of_others;
use packed::mark;
pub(crate) use partition::Assembly;
pub(crate) use partition::{Part, fingerprint, ranges};
use rayon::prelude::*;
pub(crate) use spill::{
    Header, Positions, SPILL_VERSION, SpillError, check_shape, read_part, write_part,
};

/// Longest n-gram counted, in tokens.
pub(crate) const MAX_LEN: usize = 16;

/// Positions per piece of parallel work.
const PIECE: usize = 1 << 16;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub min_freq: u32,
    pub max_len: usize,
}

/// The n-grams of one length that reached `min_freq` (and may be part of a candidate), in key
/// order.
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
struct Level {
    /// The last token of each n-gram (level 0: every token type).
    last: Vec<u32>,
    freq: Vec<u32>,
    /// Σ c·ln c over non-free right neighbours, in fixed point (`FIXED`) so that the sum is
    /// the same in any order; the entropy follows from this and `freq` (the left one: `Left`).
    /// Exact for the n-grams that may end a candidate; no other needs it, and their extensions
    /// by a verb are not counted.
    right_clnc: Vec<u64>,
    /// Ids are in `(prefix, last)` order, so the extensions of prefix `p` are the ids
    /// `first_child[p]..first_child[p + 1]`, sorted by last token (level 0: empty).
    first_child: Vec<u32>,
    /// Occurrences as `position << 32 | id`, in stream order. Only counting needs them: they
    /// are freed once the next level is counted (see `count_levels`). Level 0 keeps none: its
    /// occurrences are the stream's tokens that may start a candidate, read where they are.
    occurrences: Vec<u64>,
    /// The same positions grouped by id, in stream order within an id: those of id `i` are
    /// `by_id[by_id_start[i]..by_id_start[i + 1]]`. Scoring and contexts look up a few
    /// n-grams' occurrences, which a scan of `occurrences` would make cost a pass over every
    /// level each time. Level 0 is not indexed (empty).
    by_id: Vec<u32>,
    by_id_start: Vec<u32>,
    /// The token ids of every n-gram, `level + 1` per n-gram in id order (level 0: empty,
    /// `last` serves). Scoring reads the tokens of a million n-grams several times, and
    /// walking prefix ids up the levels would cost a dependent load per level each time.
    tokens: Vec<u32>,
}

/// Every n-gram that reached `min_freq`, by length (`levels[0]` holds single tokens).
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct Table {
    levels: Vec<Level>,
    /// Corpus frequency of every token type, whatever its frequency.
    unigram: Vec<u32>,
    /// Tokens counted (clause ends left out).
    tokens: u64,
    /// Single tokens that reached `min_freq` (level 0 also lists the others).
    survives0: Vec<bool>,
    /// Single tokens that may start a candidate: level 0 lists these, whatever their frequency.
    starts0: Vec<bool>,
    /// Per surviving token type that may end a candidate, Σ c·ln c over its non-free left
    /// neighbours: those that survive are counted with level 1, the others (joiners, words
    /// that only end terms) in a pass of their own.
    left0: Vec<u64>,
    /// Where the positions are when the levels' `by_id` are empty: left in the files of a
    /// partitioned count.
    on_disk: Option<spill::OnDisk>,
}

/// An n-gram: its length in tokens (level + 1) and its id at that level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Gram {
    pub level: usize,
    pub id: u32,
}

/// Where an n-gram occurs: its document and its position in the corpus stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Occurrence {
    pub doc: usize,
    pub pos: usize,
}

impl Table {
    /// Counts every n-gram of 1 to `limits.max_len` tokens that starts with a token allowed to
    /// start a candidate, occurs at least `limits.min_freq` times and has no verb where a
    /// candidate may not (after its first word, or its second after 不).
    pub(crate) fn count(streams: &Streams, vocab: &Vocab, limits: Limits) -> Table {
        Self::count_packed(streams, vocab, limits, false)
    }

    /// `count`, with 128-bit packing forced when `wide` (it is otherwise used only when keys and
    /// positions need more than 64 bits, which tests cannot reach with small inputs).
    fn count_packed(streams: &Streams, vocab: &Vocab, limits: Limits, wide: bool) -> Table {
        let toks = &streams.tokens;
        let n = vocab.len();
        let (freq, survives0) = level0_counts(toks, vocab, limits);
        let tokens = freq.iter().map(|&f| u64::from(f)).sum();
        let flags = Flags::new(vocab, &freq, &survives0);
        let level0 = Level {
            last: (0..n as u32).collect(),
            freq: freq.clone(),
            right_clnc: vec![0; n],
            ..Level::default()
        };
        let (levels, left0) = count_levels(toks, vocab, &flags, level0, limits, wide, None);
        let left0 = left_of_others(toks, &flags, left0);
        Table {
            levels,
            unigram: freq,
            tokens,
            survives0,
            starts0: (0..n as u32).map(|t| vocab.can_start(t)).collect(),
            left0,
            on_disk: None,
        }
    }
}

/// Corpus frequency of every token type, and which single tokens reach `min_freq` (or are
/// known) and may start a candidate.
fn level0_counts(toks: &[u32], vocab: &Vocab, limits: Limits) -> (Vec<u32>, Vec<bool>) {
    let min = limits.min_freq.max(1);
    let freq = unigram_counts(toks, vocab);
    let survives0 = (0..vocab.len() as u32)
        .map(|t| {
            let f = freq[t as usize];
            (f >= min || vocab.is_known(t) && f > 0) && vocab.can_start(t)
        })
        .collect();
    (freq, survives0)
}

/// Corpus frequency of every token type (clause ends count 0).
fn unigram_counts(toks: &[u32], vocab: &Vocab) -> Vec<u32> {
    let n = vocab.len();
    // Each fold starts an accumulator of `n` counters that must be merged later; a floor on
    // the pieces rayon splits the work into keeps their number near the thread count.
    let pieces = toks.len().div_ceil(PIECE);
    let min_len = (pieces / (4 * rayon::current_num_threads())).max(1);
    // Per token type, and for `DOC_END` at index `n`, whether it counts (not a break), as an
    // integer, so that the pass over every token adds it instead of branching on it.
    let slot = |t: u32| (t as usize).min(n);
    let counts: Vec<u32> = (0..=n)
        .map(|t| u32::from(t < n && !vocab.traits(t as u32).breaks))
        .collect();
    let mut freq: Vec<u32> = toks
        .par_chunks(PIECE)
        .with_min_len(min_len)
        .fold(
            || vec![0u32; n + 1],
            |mut acc, chunk| {
                for &t in chunk {
                    acc[slot(t)] += counts[slot(t)];
                }
                acc
            },
        )
        .reduce(
            || vec![0u32; n + 1],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        );
    freq.truncate(n);
    freq
}

/// `reach[p]`: length of the longest surviving n-gram starting at position `p`, for the suffix
/// pruning in `Step::extension`; empty when not pruning. Level 0 also lists tokens below
/// min_freq; with min_freq ≤ 2 those occur once, and an extension by a token seen once is
/// pruned whatever its reach. Counting one partition (`only`: its range of first tokens), the
/// n-grams starting with other tokens are not counted: their reach is unknown, and taken as
/// the longest, which prunes nothing.
fn initial_reach(toks: &[u32], vocab: &Vocab, prune: bool, only: Option<(u32, u32)>) -> Vec<u8> {
    if !prune {
        return Vec::new();
    }
    let n = vocab.len();
    let (lo, hi) = only.unwrap_or((0, u32::MAX));
    // Per token type, and for `DOC_END` at index `n`: whether it may start a candidate.
    let starts: Vec<u8> = (0..=n)
        .map(|t| match t < n && vocab.can_start(t as u32) {
            false => 0,
            true if (lo..hi).contains(&(t as u32)) => 1,
            true => u8::MAX,
        })
        .collect();
    toks.par_iter()
        .map(|&t| starts[(t as usize).min(n)])
        .collect()
}

/// Counts the levels above single tokens, extending `level0` one token at a time until
/// `max_len` or until none survives. Returns the levels and, per token, Σ c·ln c over its
/// surviving left neighbours. `only`: the range of first tokens of the partition counted
/// (`partition`), whose flags mark only those as surviving.
fn count_levels(
    toks: &[u32],
    vocab: &Vocab,
    flags: &Flags,
    level0: Level,
    limits: Limits,
    wide: bool,
    only: Option<(u32, u32)>,
) -> (Vec<Level>, Vec<u64>) {
    let min = limits.min_freq.max(1);
    let prune = min <= 2;
    let mut reach = initial_reach(toks, vocab, prune, only);
    let max_len = limits.max_len.min(MAX_LEN);
    let (tok_bits, pos_bits) = (bits_for(vocab.len()), bits_for(toks.len()));
    let mut left0 = vec![0u64; vocab.len()];
    let mut levels = vec![level0];
    for k in 1..=max_len {
        let step = Step {
            tokens: toks,
            flags,
            reach: &reach,
            prune,
            min,
            k,
            last_level: k == max_len,
            tok_bits,
            pos_bits,
        };
        let prev = &levels[k - 1];
        let key_bits = bits_for(prev.freq.len()) + tok_bits;
        let Extended {
            right,
            next,
            left_of_tokens,
            dropped,
        } = if key_bits + pos_bits <= 64 && !wide {
            step.extend::<u64>(prev)
        } else {
            step.extend::<u128>(prev)
        };
        levels[k - 1].right_clnc = right;
        if k == 1 {
            left0 = left_of_tokens;
        }
        if prune {
            for &p in &dropped {
                reach[p as usize] = (k + 1) as u8;
            }
        }
        // Freed for the next levels' buffers to reuse (the last level's after the loop).
        levels[k - 1].occurrences = Vec::new();
        let Some(next) = next else { break };
        if prune {
            mark(&mut reach, &next.occurrences, (k + 1) as u8);
        }
        levels.push(next);
    }
    for level in &mut levels {
        level.occurrences = Vec::new();
    }
    (levels, left0)
}
