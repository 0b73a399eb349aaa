//! Candidates stage: counts contiguous token n-grams inside clauses over the whole corpus, in
//! parallel, keeping frequencies and the left/right neighbour statistics that scoring needs.
//!
//! Counting is level-wise (Apriori): an n-gram can only reach `min_freq` if its (n−1)-token
//! prefix did, so level n+1 only extends positions whose level-n n-gram survived. Each surviving
//! n-gram gets a dense id per level, and an (n+1)-gram is keyed by `(id of its prefix, last
//! token)`, so keys stay small whatever the length. A level is counted by packing every
//! extension as `key · 2^p + position` into one integer and radix-sorting them (`radix`): equal
//! keys become runs, runs are counts, and ids follow key order. Sorting streams through memory
//! where a hash table would miss the cache once per occurrence, and the order, so every count,
//! id and output, is the same for any number of threads.
//!
//! Only what scoring can use is counted: an n-gram with a verb where no candidate may have one
//! is neither kept nor extended, since nothing that contains it is a candidate.

use crate::extract::segment::{DOC_END, Streams};
use crate::util::radix::{bits_for, carve, sort_by_bits, sort_pieces, sort_ranges};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Longest n-gram counted, in tokens.
pub const MAX_LEN: usize = 16;

/// Positions per piece of parallel work.
const PIECE: usize = 1 << 16;

/// What the candidate rules need to know about each token type.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    pub words: Vec<String>,
    /// May begin a candidate (not a function word, numeral, classifier, pronoun…).
    pub can_start: Vec<bool>,
    /// May end a candidate (a nominal word: terms are noun phrases).
    pub can_end: Vec<bool>,
    /// Tagged as a verb: allowed only as the first word of a term (建立信任措施).
    pub verb: Vec<bool>,
    /// An approved glossary term: counted from its first occurrence, whatever `min_freq`.
    pub known: Vec<bool>,
    /// A coordinating function word (和, 与, 及…).
    pub joiner: Vec<bool>,
    /// Ends a clause: punctuation, numbers, prepositions, formula verbs (`Class::Break`).
    pub breaks: Vec<bool>,
}

impl Vocab {
    /// Whether a verb may stand at position `i` of a candidate that begins with token `first`:
    /// only first, or second after 不 (建立信任措施, 不扩散核武器条约). A verb anywhere else
    /// keeps the n-gram, and every n-gram containing it, from being a candidate.
    pub fn verb_may_stand(&self, first: u32, i: usize) -> bool {
        i == 0 || i == 1 && self.words[first as usize] == NEGATION
    }

    /// Clause ends and edge-only function words (其, 各, 进一步…) are free boundaries: a term
    /// beside them is followed by a new phrase, not by a collocate, so such neighbours count as
    /// distinct in the branching entropy. Joiners are not: the 和 before 通信技术 is inside
    /// 信息和通信技术, and a fragment always preceded by it must keep entropy 0.
    fn is_free(&self, t: u32) -> bool {
        t == DOC_END
            || (!self.can_start[t as usize]
                && !self.can_end[t as usize]
                && !self.joiner[t as usize])
    }
}

/// What the counting loops ask of a token type, one byte per type: they look up two or three
/// tokens per occurrence, and one load of a byte answers what took five vectors, while the
/// branch-free filters combine the answers with bitwise operations.
struct Flags(Vec<u8>);

impl Flags {
    const BREAK: u8 = 1;
    const VERB: u8 = 2;
    const CAN_START: u8 = 4;
    const CAN_END: u8 = 8;
    const FREE: u8 = 16;
    /// Reached `min_freq` and may start a candidate (`Table::survives0`).
    const SURVIVES: u8 = 32;
    /// Seen at least twice (outside breaks).
    const TWICE: u8 = 64;
    /// 不, after which a verb may stand (`Vocab::verb_may_stand`).
    const NEGATION: u8 = 128;

    fn new(vocab: &Vocab, freq: &[u32], survives0: &[bool]) -> Flags {
        Flags(
            (0..vocab.words.len())
                .into_par_iter()
                .map(|t| {
                    let set = |on: bool, bit: u8| if on { bit } else { 0 };
                    set(vocab.breaks[t], Self::BREAK)
                        | set(vocab.verb[t], Self::VERB)
                        | set(vocab.can_start[t], Self::CAN_START)
                        | set(vocab.can_end[t], Self::CAN_END)
                        | set(vocab.is_free(t as u32), Self::FREE)
                        | set(survives0[t], Self::SURVIVES)
                        | set(freq[t] >= 2, Self::TWICE)
                        | set(vocab.words[t] == NEGATION, Self::NEGATION)
                })
                .collect(),
        )
    }

    /// The flags of token `t` (`DOC_END`: a free break).
    fn of(&self, t: u32) -> u8 {
        self.0
            .get(t as usize)
            .copied()
            .unwrap_or(Self::BREAK | Self::FREE)
    }

    /// `Vocab::verb_may_stand` read off the flags, for the counting loops.
    fn verb_may_stand(&self, first: u32, i: usize) -> bool {
        i == 0 || i == 1 && self.of(first) & Self::NEGATION != 0
    }

    /// Whether token `t` has every bit of `bits`.
    fn all(&self, t: u32, bits: u8) -> bool {
        self.of(t) & bits == bits
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub min_freq: u32,
    pub max_len: usize,
}

/// The n-grams of one length that reached `min_freq` (and may be part of a candidate), in key
/// order.
#[derive(Debug, Default)]
pub struct Level {
    /// Id of the (n−1)-gram prefix (level 0: unused).
    pub prefix: Vec<u32>,
    pub last: Vec<u32>,
    pub freq: Vec<u32>,
    /// Σ c·ln c over non-free right neighbours, in fixed point (`FIXED`) so that the sum is
    /// the same in any order; the entropy follows from this and `freq` (the left one: `Left`).
    /// Exact for the n-grams that may end a candidate; no other needs it, and their extensions
    /// by a verb are not counted.
    right_clnc: Vec<u64>,
    /// Ids are in `(prefix, last)` order, so the extensions of prefix `p` are the ids
    /// `first_child[p]..first_child[p + 1]`, sorted by last token (level 0: empty).
    first_child: Vec<u32>,
    /// Occurrences as `position << 32 | id`, in stream order. Only counting needs them: they
    /// are freed once the next level is counted (see `count_packed`). Level 0 keeps none: its
    /// occurrences are the stream's tokens that may start a candidate, read where they are.
    occurrences: Vec<u64>,
    /// The same positions grouped by id, in stream order within an id: those of id `i` are
    /// `by_id[by_id_start[i]..by_id_start[i + 1]]`. Scoring and contexts look up a few
    /// n-grams' occurrences, which a scan of `occurrences` made cost a pass over every level
    /// each time. Level 0 is not indexed (empty).
    by_id: Vec<u32>,
    by_id_start: Vec<u32>,
    /// The token ids of every n-gram, `level + 1` per n-gram in id order (level 0: empty,
    /// `last` serves). Scoring reads the tokens of a million n-grams several times, and
    /// walking prefix ids up the levels cost a dependent load per level each time.
    tokens: Vec<u32>,
}

/// Every n-gram that reached `min_freq`, by length (`levels[0]` holds single tokens).
#[derive(Debug, Default)]
pub struct Table {
    pub levels: Vec<Level>,
    /// Corpus frequency of every token type, whatever its frequency.
    pub unigram: Vec<u32>,
    pub tokens: u64,
    /// Single tokens that reached `min_freq` (level 0 also lists the others).
    survives0: Vec<bool>,
    /// Single tokens that may start a candidate: level 0 lists these, whatever their frequency.
    starts0: Vec<bool>,
    /// Per surviving token type that may end a candidate, Σ c·ln c over its non-free left
    /// neighbours: those that survive are counted with level 1, the others (joiners, words
    /// that only end terms) in a pass of their own.
    left0: Vec<u64>,
}

/// An n-gram: its length in tokens (level + 1) and its id at that level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gram {
    pub level: usize,
    pub id: u32,
}

/// Where an n-gram occurs: its document and its position in the corpus stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub doc: usize,
    pub pos: usize,
}

/// Σ c·ln c over the non-free left neighbours of the n-grams `Table::left_neighbours` was
/// asked for, in fixed point like the right ones; 0 for the others, as if every neighbour
/// were distinct, which makes their left entropy an upper bound.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Left {
    /// Per level, per id.
    clnc: Vec<Vec<u64>>,
}

const FIXED: f64 = 1e6;

fn clnc_fixed(c: usize) -> u64 {
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

/// Runs of equal keys in `sorted`, as `(start, length)`, found in parallel.
fn runs<T: Copy + Sync>(sorted: &[T], key: impl Fn(T) -> u64 + Sync) -> Vec<(u32, u32)> {
    let n = sorted.len();
    // Piece boundaries moved forward to the start of a run, so no run is split.
    let mut bounds: Vec<usize> = (0..n)
        .step_by(PIECE)
        .map(|mut b| {
            while b > 0 && b < n && key(sorted[b]) == key(sorted[b - 1]) {
                b += 1;
            }
            b
        })
        .collect();
    bounds.push(n);
    bounds.dedup();
    bounds
        .par_windows(2)
        .flat_map_iter(|w| {
            // Run starts, written whether or not the key changes and kept only where it does:
            // run ends follow the data, and a branch on them would be mispredicted.
            let mut starts = vec![0u32; w[1] - w[0]];
            let mut len = 0;
            let mut previous = None;
            for (i, &x) in sorted[w[0]..w[1]].iter().enumerate() {
                let k = Some(key(x));
                starts[len] = (w[0] + i) as u32;
                len += usize::from(k != previous);
                previous = k;
            }
            starts.truncate(len);
            let ends: Vec<u32> = starts[1..]
                .iter()
                .copied()
                .chain(std::iter::once(w[1] as u32))
                .collect();
            starts
                .into_iter()
                .zip(ends)
                .map(|(s, e)| (s, e - s))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// An extension `(prefix id, token)` at a position, packed so that sorting by the high bits
/// groups equal keys with their positions in stream order. `u64` when it fits, else `u128`.
trait Packed: Copy + Default + Send + Sync {
    fn pack(key: u64, pos: u32, pos_bits: u32) -> Self;
    fn key(self, pos_bits: u32) -> u64;
    fn pos(self, pos_bits: u32) -> u32;
}

impl Packed for u64 {
    fn pack(key: u64, pos: u32, pos_bits: u32) -> Self {
        (key << pos_bits) | u64::from(pos)
    }
    fn key(self, pos_bits: u32) -> u64 {
        self >> pos_bits
    }
    fn pos(self, pos_bits: u32) -> u32 {
        (self & ((1 << pos_bits) - 1)) as u32
    }
}

impl Packed for u128 {
    fn pack(key: u64, pos: u32, _: u32) -> Self {
        (u128::from(key) << 32) | u128::from(pos)
    }
    fn key(self, _: u32) -> u64 {
        (self >> 32) as u64
    }
    fn pos(self, _: u32) -> u32 {
        self as u32
    }
}

/// At most one value per stream position, from the position and its token, computed in
/// parallel pieces that keep stream order.
fn per_token<T: Send>(tokens: &[u32], f: impl Fn(u32, u32) -> Option<T> + Sync) -> Vec<Vec<T>> {
    tokens
        .par_chunks(PIECE)
        .enumerate()
        .map(|(i, chunk)| {
            let at = (i * PIECE) as u32;
            (at..).zip(chunk).filter_map(|(p, &t)| f(p, t)).collect()
        })
        .collect()
}

/// Writes the values of `items` that are kept to the start of `out`, without a branch on
/// whether they are (`out` has room for every item); returns how many were kept.
fn compact<E: Copy>(out: &mut [E], items: impl Iterator<Item = (bool, E)>) -> usize {
    let mut len = 0;
    for (keep, e) in items {
        out[len] = e;
        len += usize::from(keep);
    }
    len
}

/// Sets `reach[p] = value` at every occurrence position, in parallel over position ranges.
fn mark(reach: &mut [u8], occurrences: &[u64], value: u8) {
    reach
        .par_chunks_mut(PIECE)
        .enumerate()
        .for_each(|(i, chunk)| {
            let lo = (i * PIECE) as u64;
            let from = occurrences.partition_point(|&o| o >> 32 < lo);
            for &o in &occurrences[from..] {
                let p = (o >> 32) - lo;
                if p >= chunk.len() as u64 {
                    break;
                }
                chunk[p as usize] = value;
            }
        });
}

/// Adds to `left0`, for each surviving token that may end a candidate, the left neighbours
/// that level 1 did not count: non-free tokens that do not survive (joiners, words that only
/// end terms). A neighbour seen once adds nothing (c·ln c = 0), so only tokens seen twice are
/// looked at.
fn left_of_others(toks: &[u32], flags: &Flags, mut left0: Vec<u64>) -> Vec<u64> {
    let tok_bits = bits_for(flags.0.len());
    let other: Vec<bool> = flags
        .0
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

/// What extending one level needs.
struct Step<'a> {
    tokens: &'a [u32],
    vocab: &'a Vocab,
    flags: &'a Flags,
    reach: &'a [u8],
    prune: bool,
    min: u32,
    /// Length of the n-grams being extended, in tokens.
    k: usize,
    last_level: bool,
}

/// What extending a level by one token counts.
struct Extended {
    /// Σ c·ln c over the non-free right neighbours of each n-gram of the level extended.
    right: Vec<u64>,
    /// The next level, unless this is the last or none survives.
    next: Option<Level>,
    /// Extending single tokens only: per token, Σ c·ln c over its left neighbours that are
    /// surviving tokens.
    left_of_tokens: Vec<u64>,
    /// Positions of the survivors left out of `next` (a verb inside), for `reach`.
    dropped: Vec<u32>,
}

impl Step<'_> {
    /// Counts the extensions of `prev` by one token: the right-neighbour statistics of `prev`
    /// and, unless this is the last level or none survives, the next level. Extending single
    /// tokens also counts every pair `(a, b)` of a surviving token `a` and the token after it,
    /// which are the left neighbours of `b` that may start a candidate, and `left_neighbours`
    /// only sorts the rest.
    fn extend<E: Packed>(&self, prev: &Level) -> Extended {
        let (toks, vocab, k) = (self.tokens, self.vocab, self.k);
        let tok_bits = bits_for(vocab.words.len());
        let key_bits = bits_for(prev.freq.len()) + tok_bits;
        let pos_bits = bits_for(toks.len());
        let first_token = |prefix: usize| {
            if k == 1 {
                prev.last[prefix]
            } else {
                prev.tokens[prefix * k]
            }
        };
        // Written without branches where it can be: which occurrences extend is data no branch
        // predictor learns, and the pieces are written whether or not they keep the value.
        let extension = |p: usize, id: u32| -> (bool, E) {
            let Some(&t) = toks.get(p + k) else {
                return (false, E::default());
            };
            let f = self.flags.of(t);
            // Level 1 extends only the surviving tokens its pieces list (see below).
            let mut keep = f & Flags::BREAK == 0;
            if self.prune {
                // An extension whose suffix did not survive cannot survive either (Apriori on
                // the suffix), and with min_freq ≤ 2 adds nothing to its prefix's branching
                // entropy (a neighbour seen once adds c·ln c = 0). Suffixes opening with a
                // word that cannot start a candidate were never counted, so nothing is known
                // of them and they are kept.
                let suffix_dead = (self.flags.of(toks[p + 1]) & Flags::CAN_START != 0)
                    & (usize::from(self.reach[p + 1]) < k);
                keep &= !suffix_dead & (f & Flags::TWICE != 0);
            }
            // An extension that ends in a verb not allowed there serves only its prefix's
            // right entropy (it is not extended: see below), which only a prefix that may end
            // a candidate needs; a pair of single tokens also serves the left entropy of the
            // second, if that may be a candidate.
            if keep && f & Flags::VERB != 0 {
                let (last, first) = if k == 1 {
                    (id, id)
                } else {
                    (prev.last[id as usize], first_token(id as usize))
                };
                keep = self.flags.of(last) & Flags::CAN_END != 0
                    || k == 1 && f & Flags::CAN_END != 0
                    || self.flags.verb_may_stand(first, k);
            }
            let key = (u64::from(id) << tok_bits) | u64::from(t);
            (keep, E::pack(key, p as u32, pos_bits))
        };
        // Each piece of occurrences writes its extensions at the start of its own region of
        // one buffer, which the sort then reuses. Level 0 keeps no occurrences: its pieces are
        // the stream's, each first listing where its surviving tokens are, and its regions are
        // as long as the stream's pieces. Zeroed memory is untouched until written, and only
        // the pages of the kept extensions are.
        let mut buffer;
        let kept: Vec<usize> = if k == 1 {
            buffer = vec![E::default(); toks.len()];
            toks.par_chunks(PIECE)
                .zip(buffer.par_chunks_mut(PIECE))
                .enumerate()
                .map(|(i, (chunk, out))| {
                    let mut at = vec![0u32; chunk.len()];
                    let survivors = (0..)
                        .zip(chunk)
                        .map(|(j, &t)| (self.flags.of(t) & Flags::SURVIVES != 0, j));
                    let len = compact(&mut at, survivors);
                    let (first, at) = (i * PIECE, &at[..len]);
                    compact(
                        out,
                        at.iter()
                            .map(|&j| extension(first + j as usize, chunk[j as usize])),
                    )
                })
                .collect()
        } else {
            buffer = vec![E::default(); prev.occurrences.len()];
            prev.occurrences
                .par_chunks(PIECE)
                .zip(buffer.par_chunks_mut(PIECE))
                .map(|(chunk, out)| {
                    compact(
                        out,
                        chunk
                            .iter()
                            .map(|&o| extension((o >> 32) as usize, o as u32)),
                    )
                })
                .collect()
        };
        let ranges: Vec<(usize, usize)> = kept
            .iter()
            .enumerate()
            .map(|(i, &len)| (i * PIECE, i * PIECE + len))
            .collect();
        // The regions are in stream order and the sort is stable, so positions stay in stream
        // order within a key: only the key's bits need passes.
        let entries = sort_ranges(buffer, &ranges, key_bits, |e: E| e.key(pos_bits));
        let runs = runs(&entries, |e| e.key(pos_bits));
        let tok_mask = (1u64 << tok_bits) - 1;
        let mut right = vec![0u64; prev.freq.len()];
        let mut left_of_tokens = vec![0u64; if k == 1 { vocab.words.len() } else { 0 }];
        for &(s, len) in &runs {
            let key = entries[s as usize].key(pos_bits);
            let clnc = clnc_fixed(len as usize);
            let t = (key & tok_mask) as usize;
            let bound = self.flags.of(t as u32) & Flags::FREE == 0;
            right[(key >> tok_bits) as usize] += clnc * u64::from(bound);
            if k == 1 {
                left_of_tokens[t] += clnc;
            }
        }
        let mut out = Extended {
            right,
            next: None,
            left_of_tokens,
            dropped: Vec::new(),
        };
        if self.last_level {
            return out;
        }
        // A verb where no candidate may have one (`Vocab::verb_may_stand`) keeps an n-gram, and
        // every n-gram that contains it, from being a candidate or part of one: such n-grams
        // are counted (their prefixes' right entropies need them) but not kept or extended. On
        // the law corpus that is a third of the occurrences beyond level 0. Their positions are
        // returned for `reach`, so that the extensions ending in them still count.
        // Survivors are compacted in place, written for every run and kept only where they
        // apply (which follows the data: no branch); the few dropped runs are collected.
        let mut survivors = runs;
        let mut dropped = Vec::new();
        let mut ns = 0;
        for i in 0..survivors.len() {
            let r = survivors[i];
            let key = entries[r.0 as usize].key(pos_bits);
            let first = first_token((key >> tok_bits) as usize);
            let verb_inside = (self.flags.of((key & tok_mask) as u32) & Flags::VERB != 0)
                & !self.flags.verb_may_stand(first, k);
            let survives = r.1 >= self.min;
            if survives & verb_inside {
                dropped.push(r);
            }
            survivors[ns] = r;
            ns += usize::from(survives & !verb_inside);
        }
        survivors.truncate(ns);
        out.dropped = dropped
            .iter()
            .flat_map(|&(s, len)| &entries[s as usize..(s + len) as usize])
            .map(|e| e.pos(pos_bits))
            .collect();
        if survivors.is_empty() {
            return out;
        }
        let keys: Vec<u64> = survivors
            .iter()
            .map(|&(s, _)| entries[s as usize].key(pos_bits))
            .collect();
        let prefix: Vec<u32> = keys.iter().map(|&key| (key >> tok_bits) as u32).collect();
        let mut first_child = vec![0u32; prev.freq.len() + 1];
        for &p in &prefix {
            first_child[p as usize + 1] += 1;
        }
        for i in 1..first_child.len() {
            first_child[i] += first_child[i - 1];
        }
        // Written in parallel, a slice per group of survivors (ids are survivor indices).
        const GROUP: usize = 4096;
        let lengths: Vec<usize> = survivors
            .par_chunks(GROUP)
            .map(|g| g.iter().map(|r| r.1 as usize).sum())
            .collect();
        let mut occurrences = vec![0u64; lengths.iter().sum()];
        survivors
            .par_chunks(GROUP)
            .zip(carve(&mut occurrences, lengths))
            .enumerate()
            .for_each(|(i, (group, out))| {
                let mut out = out.iter_mut();
                for (j, &(s, len)) in group.iter().enumerate() {
                    let id = (i * GROUP + j) as u64;
                    // Entries first: zip would take a slot from `out` and drop it at the end.
                    for (e, o) in entries[s as usize..(s + len) as usize].iter().zip(&mut out) {
                        *o = (u64::from(e.pos(pos_bits)) << 32) | id;
                    }
                }
            });
        drop(entries);
        let by_id: Vec<u32> = occurrences.par_iter().map(|&o| (o >> 32) as u32).collect();
        let by_id_start: Vec<u32> = std::iter::once(0)
            .chain(survivors.iter().scan(0u32, |acc, r| {
                *acc += r.1;
                Some(*acc)
            }))
            .collect();
        sort_by_bits(&mut occurrences, pos_bits, |o| o >> 32);
        let len = survivors.len();
        let last: Vec<u32> = keys.iter().map(|&key| (key & tok_mask) as u32).collect();
        // Prefix ids ascend with ids, so the prefixes' tokens are read in order.
        let mut tokens = Vec::with_capacity(len * (k + 1));
        for (&p, &t) in prefix.iter().zip(&last) {
            let p = p as usize;
            if k == 1 {
                tokens.push(prev.last[p]);
            } else {
                tokens.extend_from_slice(&prev.tokens[p * k..(p + 1) * k]);
            }
            tokens.push(t);
        }
        out.next = Some(Level {
            prefix,
            last,
            freq: survivors.iter().map(|r| r.1).collect(),
            right_clnc: vec![0; len],
            first_child,
            occurrences,
            by_id,
            by_id_start,
            tokens,
        });
        out
    }
}

impl Table {
    /// Counts every n-gram of 1 to `limits.max_len` tokens that starts with a token allowed to
    /// start a candidate, occurs at least `limits.min_freq` times and has no verb where a
    /// candidate may not (after its first word, or its second after 不).
    pub fn count(streams: &Streams, vocab: &Vocab, limits: Limits) -> Table {
        Self::count_packed(streams, vocab, limits, false)
    }

    /// `count`, with 128-bit packing forced when `wide` (it is otherwise used only when keys and
    /// positions need more than 64 bits, which tests cannot reach with small inputs).
    fn count_packed(streams: &Streams, vocab: &Vocab, limits: Limits, wide: bool) -> Table {
        let toks = &streams.tokens;
        let n = vocab.words.len();
        let min = limits.min_freq.max(1);
        // Each fold starts an accumulator of `n` counters that must be merged later; a floor on
        // the pieces rayon splits the work into keeps their number near the thread count.
        let pieces = toks.len().div_ceil(PIECE);
        let min_len = (pieces / (4 * rayon::current_num_threads())).max(1);
        // Per token type, and for `DOC_END` at index `n`: whether it counts (not a break) and
        // whether it may start a candidate, as integers, so that the passes over every token
        // add them instead of branching on them.
        let slot = |t: u32| (t as usize).min(n);
        let counts: Vec<u32> = (0..=n)
            .map(|t| u32::from(t < n && !vocab.breaks[t]))
            .collect();
        let starts: Vec<u32> = (0..=n)
            .map(|t| u32::from(t < n && vocab.can_start[t]))
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
        let tokens = freq.iter().map(|&f| u64::from(f)).sum();
        let survives0: Vec<bool> = (0..n)
            .map(|t| (freq[t] >= min || vocab.known[t] && freq[t] > 0) && vocab.can_start[t])
            .collect();
        let mut levels = vec![Level {
            prefix: Vec::new(),
            last: (0..n as u32).collect(),
            freq: freq.clone(),
            right_clnc: vec![0; n],
            first_child: Vec::new(),
            occurrences: Vec::new(),
            by_id: Vec::new(),
            by_id_start: Vec::new(),
            tokens: Vec::new(),
        }];

        // reach[p]: length of the longest surviving n-gram starting at position p, for the
        // suffix pruning in `Step::extend`.
        let prune = min <= 2;
        // Level 0 also lists tokens below min_freq; with min_freq ≤ 2 those occur once, and
        // an extension by a token seen once is pruned whatever its reach.
        let mut reach: Vec<u8> = if prune {
            toks.par_iter().map(|&t| starts[slot(t)] as u8).collect()
        } else {
            Vec::new()
        };
        let max_len = limits.max_len.min(MAX_LEN);
        let pos_bits = bits_for(toks.len());
        let flags = Flags::new(vocab, &freq, &survives0);
        let mut left0 = vec![0u64; n];
        for k in 1..=max_len {
            let step = Step {
                tokens: toks,
                vocab,
                flags: &flags,
                reach: &reach,
                prune,
                min,
                k,
                last_level: k == max_len,
            };
            let prev = &levels[k - 1];
            let key_bits = bits_for(prev.freq.len()) + bits_for(n);
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
        let left0 = left_of_others(toks, &flags, left0);
        Table {
            levels,
            unigram: freq,
            tokens,
            survives0,
            starts0: vocab.can_start.clone(),
            left0,
        }
    }

    /// Σ c·ln c of the left neighbours of `grams` that may end a candidate, into `left`.
    /// Counting leaves this out for longer n-grams because only candidates need it, and
    /// scoring only for those that may rank (see `score::rank`).
    pub fn left_neighbours(
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
            .filter(|&g| vocab.can_end[*self.tokens_of(g).last().expect("a token") as usize])
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

    /// Stream positions of an n-gram of two tokens or more, in stream order.
    fn positions(&self, g: Gram) -> &[u32] {
        let lv = &self.levels[g.level];
        let id = g.id as usize;
        &lv.by_id[lv.by_id_start[id] as usize..lv.by_id_start[id + 1] as usize]
    }

    /// Token ids of an n-gram.
    pub fn tokens_of(&self, g: Gram) -> &[u32] {
        let (lv, id) = (&self.levels[g.level], g.id as usize);
        if g.level == 0 {
            return &lv.last[id..=id];
        }
        let n = g.level + 1;
        &lv.tokens[id * n..(id + 1) * n]
    }

    /// The id of the n-gram made of `tokens`, if it was counted.
    pub fn find(&self, tokens: &[u32]) -> Option<Gram> {
        let (&first, rest) = tokens.split_first()?;
        let mut id = first;
        if *self.levels[0].freq.get(id as usize)? == 0 {
            return None;
        }
        for (l, &t) in rest.iter().enumerate() {
            let lv = self.levels.get(l + 1)?;
            let from = *lv.first_child.get(id as usize)? as usize;
            let to = lv.first_child[id as usize + 1] as usize;
            id = (from + lv.last[from..to].binary_search(&t).ok()?) as u32;
        }
        Some(Gram {
            level: tokens.len() - 1,
            id,
        })
    }

    /// The n-gram `g` extended by token `t`, if it was counted.
    pub fn child(&self, g: Gram, t: u32) -> Option<Gram> {
        let lv = self.levels.get(g.level + 1)?;
        let from = lv.first_child[g.id as usize] as usize;
        let to = lv.first_child[g.id as usize + 1] as usize;
        let id = from + lv.last[from..to].binary_search(&t).ok()?;
        Some(Gram {
            level: g.level + 1,
            id: id as u32,
        })
    }

    /// Every counted n-gram, level by level.
    pub fn grams(&self) -> impl Iterator<Item = Gram> + '_ {
        self.levels
            .iter()
            .enumerate()
            .flat_map(|(l, lv)| (0..lv.freq.len() as u32).map(move |id| Gram { level: l, id }))
    }

    pub fn freq(&self, g: Gram) -> u32 {
        self.levels[g.level].freq[g.id as usize]
    }

    /// Left and right branching entropy (nats). Free boundaries (clause ends, function words)
    /// count as a distinct neighbour each. The left one is exact if `left_neighbours` put `g`
    /// in `left`, and otherwise its upper bound, ln f.
    pub fn entropies(&self, g: Gram, left: &Left) -> (f64, f64) {
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

    /// Up to `n` occurrences of each wanted n-gram, in corpus order; `streams` is what the
    /// table was counted from.
    pub fn occurrences(
        &self,
        streams: &Streams,
        wanted: &[Gram],
        n: usize,
    ) -> FxHashMap<Gram, Vec<Occurrence>> {
        let mut out: FxHashMap<Gram, Vec<Occurrence>> =
            wanted.iter().map(|&g| (g, Vec::new())).collect();
        if n == 0 {
            return out;
        }
        let mut by_level: Vec<Vec<Gram>> = vec![Vec::new(); self.levels.len()];
        for &g in wanted {
            by_level[g.level].push(g);
        }
        for (level, grams) in by_level.iter_mut().enumerate() {
            grams.sort_unstable();
            grams.dedup();
            if grams.is_empty() {
                continue;
            }
            let positions: Vec<Vec<u32>> = if level > 0 {
                grams
                    .iter()
                    .map(|&g| self.positions(g).iter().take(n).copied().collect())
                    .collect()
            } else {
                // Level 0 lists the tokens that may start a candidate, wherever they are.
                let mut slot = vec![u32::MAX; self.levels[0].freq.len()];
                for (i, g) in grams.iter().enumerate() {
                    if self.starts0[g.id as usize] {
                        slot[g.id as usize] = i as u32;
                    }
                }
                let hits = per_token(&streams.tokens, |p, t| {
                    let i = *slot.get(t as usize)?;
                    (i != u32::MAX).then_some((i, p))
                });
                let mut found: Vec<Vec<u32>> = vec![Vec::new(); grams.len()];
                for (i, pos) in hits.into_iter().flatten() {
                    let f = &mut found[i as usize];
                    if f.len() < n {
                        f.push(pos);
                    }
                }
                found
            };
            let located: Vec<Vec<Occurrence>> = positions
                .par_iter()
                .map(|p| with_documents(streams, p))
                .collect();
            out.extend(grams.iter().copied().zip(located));
        }
        out
    }
}

/// Occurrences at ascending stream `positions`: the document of the first is searched for, the
/// others' found by walking the document starts from there.
fn with_documents(streams: &Streams, positions: &[u32]) -> Vec<Occurrence> {
    let starts = &streams.doc_starts;
    let mut doc = positions.first().map_or(0, |&p| streams.doc_of(p as usize));
    positions
        .iter()
        .map(|&p| {
            while starts.get(doc + 1).is_some_and(|&s| s <= p) {
                doc += 1;
            }
            Occurrence {
                doc,
                pos: p as usize,
            }
        })
        .collect()
}

/// Function words that may stand inside a term (信息和通信技术, 人权与基本自由) but never
/// begin or end one. 的 is not among them: UN terms do not contain it, while the phrases
/// around terms (政府专家组的结论) do.
#[rustfmt::skip]
const JOINERS: &[&str] = &[
    "和", "与", "及", "以及", "或", "或者", "之", "暨", "及其", "并",
];

/// Words that end a candidate like punctuation does: prepositions and particles of UN drafting
/// (在, 对, 为, 根据…), modal and aspect words, and the formula verbs that open resolution
/// paragraphs (回顾, 强调指出, 欢迎, 决定…), which are never part of a term.
#[rustfmt::skip]
const BREAK_WORDS: &[&str] = &[
    "的", "地", "得", "了", "而", "而且", "着", "过", "所", "也", "都", "又", "还", "亦", "即", "是", "有", "在",
    "于", "对", "对于", "为", "为了", "将", "把", "被", "由", "从", "向", "以", "关于", "有关",
    "根据", "按照", "依照", "通过", "包括", "以便", "以期", "同时", "应", "可以", "能够", "须",
    "必须", "需要", "应当", "已", "已经", "正在", "进行", "作为", "就", "使", "让", "给", "要", "会",
    "并非", "上述", "下列", "所述", "所载", "其中", "如", "等", "等等", "这", "该", "此", "这些",
    "那些", "这种", "这类", "这一", "一切", "任何", "所有", "其他", "其它", "另", "另行",
    // Formula verbs of preambular and operative paragraphs.
    "回顾", "重申", "确认", "申明", "注意到", "表示注意到", "认识到", "意识到", "认为", "深信",
    "铭记", "强调", "强调指出", "着重指出", "指出", "欢迎", "赞赏", "感谢", "表示", "关切",
    "表示关切", "深表关切", "决定", "又决定", "请", "邀请", "鼓励", "吁请", "促请", "敦促", "呼吁",
    "要求", "请求", "支持", "建议", "注意", "考虑到", "承认", "满意", "遗憾",
    // Negated predicates ("without", "has not") open clauses, never terms.
    "没有", "未经", "并未", "尚未",
];

/// Words that are never at the edge of a term though they may be inside one.
#[rustfmt::skip]
const EDGE_WORDS: &[&str] = &[
    "其", "各", "每", "本", "一", "一个", "一些", "一项", "非", "未", "问题", "情况", "方面",
    "工作", "有效", "进一步", "继续", "相关", "期间", "时", "后", "前", "中", "内", "上", "下",
    "之间",
];

/// 不 begins the "non-" terms of UN usage (不扩散核武器条约, 不干涉, 不使用武力), where the
/// verb after it belongs to the term.
pub const NEGATION: &str = "不";

/// How a token type takes part in candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Ends the clause for candidate purposes.
    Break,
    /// May be inside a candidate, never at its edge.
    Inner,
    /// A content word: may begin and/or end a candidate.
    Word { start: bool, end: bool },
}

/// Parts of speech (jieba's ICTCLAS tags) that break candidates: prepositions, particles other
/// than 的/之, interjections, onomatopoeia, modal particles.
fn tag_breaks(tag: &str) -> bool {
    matches!(
        tag.as_bytes().first(),
        Some(b'p' | b'u' | b'y' | b'e' | b'o' | b'w')
    )
}

/// Parts of speech that never begin a candidate: conjunctions, pronouns, adverbs, numerals,
/// classifiers, locatives, prefixes and suffixes.
fn tag_blocks_start(tag: &str) -> bool {
    matches!(
        tag.as_bytes().first(),
        Some(b'c' | b'r' | b'd' | b'm' | b'q' | b'f' | b'h' | b'k' | b'x')
    ) || matches!(tag, "ad" | "df" | "dg" | "zg")
}

/// Terms are noun phrases: they end in a noun, a nominal verb or adjective, an abbreviation or
/// a distinguishing word.
fn tag_allows_end(tag: &str) -> bool {
    tag.starts_with('n') || matches!(tag, "vn" | "an" | "j" | "eng" | "b")
}

/// A token that ends a clause whatever its part of speech: no Han character and no letter
/// (punctuation, spaces, symbols), or any ASCII digit (dates, document symbols and paragraph
/// numbers are never inside a term here).
pub fn is_break(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
        || !word
            .chars()
            .any(|c| crate::text::normalize::is_han(c) || c.is_alphabetic())
        || is_ordinal(word)
}

/// 第六十九, 第六十九届: ordinals number sessions, meetings and paragraphs, which makes the
/// phrase around them an instance (大会第六十九届会议), not a term. Names with an ordinal
/// (第一委员会) come from the glossary as one token.
fn is_ordinal(word: &str) -> bool {
    word.strip_prefix('第').is_some_and(|rest| {
        let rest =
            rest.trim_end_matches(['届', '次', '条', '款', '段', '项', '章', '号', '期', '个']);
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| "〇零一二三四五六七八九十百千万两".contains(c))
    })
}

/// Coordinating words, at which a candidate may be two terms joined.
pub fn is_joiner(word: &str) -> bool {
    JOINERS.contains(&word)
}

/// Verbs in jieba's tag set.
pub fn is_verb_tag(tag: &str) -> bool {
    matches!(tag, "v" | "vd" | "vi" | "vg" | "vq")
}

/// Classifies a token type from its text and part-of-speech tag.
pub fn classify(word: &str, tag: &str) -> Class {
    if is_break(word) || BREAK_WORDS.contains(&word) {
        return Class::Break;
    }
    if word == NEGATION {
        return Class::Word {
            start: true,
            end: false,
        };
    }
    if JOINERS.contains(&word) || EDGE_WORDS.contains(&word) {
        return Class::Inner;
    }
    if !word.chars().any(crate::text::normalize::is_han) {
        // Latin words such as COVID may be parts of terms, never whole Chinese terms.
        return Class::Inner;
    }
    if tag_breaks(tag) && !matches!(tag, "uj" | "uz") {
        return Class::Break;
    }
    let start = !tag_blocks_start(tag);
    let end = tag_allows_end(tag);
    if !start && !end {
        Class::Inner
    } else {
        Class::Word { start, end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_real_tokens() {
        assert_eq!(classify("和", "c"), Class::Inner);
        assert_eq!(classify("在", "p"), Class::Break);
        assert_eq!(classify("强调指出", "l"), Class::Break);
        assert_eq!(classify("第六十九届", "m"), Class::Break);
        assert_eq!(
            classify("措施", "n"),
            Class::Word {
                start: true,
                end: true
            }
        );
        assert_eq!(
            classify("建立", "v"),
            Class::Word {
                start: true,
                end: false
            }
        );
        assert_eq!(
            classify("不", "d"),
            Class::Word {
                start: true,
                end: false
            }
        );
        assert!(is_break("2021-2025") && is_break("，") && is_break(" "));
    }

    /// Limits of the entropy tests: pairs seen twice, n-grams of up to four tokens.
    const SHORT: Limits = Limits {
        min_freq: 2,
        max_len: 4,
    };

    fn toy(words: &[&str], docs: &[&[&str]]) -> (Streams, Vocab) {
        let vocab = Vocab {
            words: words.iter().map(|w| w.to_string()).collect(),
            can_start: words.iter().map(|w| *w != "和" && *w != "，").collect(),
            can_end: words.iter().map(|w| *w != "和" && *w != "，").collect(),
            verb: vec![false; words.len()],
            known: vec![false; words.len()],
            joiner: words.iter().map(|w| *w == "和").collect(),
            breaks: words.iter().map(|w| *w == "，").collect(),
        };
        let id = |w: &str| words.iter().position(|x| *x == w).unwrap() as u32;
        let docs: Vec<Vec<u32>> = docs
            .iter()
            .map(|d| d.iter().map(|w| id(w)).collect())
            .collect();
        (Streams::from_docs(&docs), vocab)
    }

    fn docs_of(t: &Table, streams: &Streams, g: Gram) -> usize {
        let mut docs: Vec<usize> = t.occurrences(streams, &[g], usize::MAX)[&g]
            .iter()
            .map(|o| o.doc)
            .collect();
        docs.dedup();
        docs.len()
    }

    #[test]
    fn counts_ngrams_within_clauses_and_documents() {
        let words = ["信息", "和", "通信技术", "安全", "，"];
        let (streams, vocab) = toy(
            &words,
            &[
                &[
                    "信息",
                    "和",
                    "通信技术",
                    "，",
                    "信息",
                    "和",
                    "通信技术",
                    "安全",
                ],
                &["信息", "和", "通信技术"],
                &["安全"],
            ],
        );
        let t = Table::count(
            &streams,
            &vocab,
            Limits {
                min_freq: 2,
                max_len: 8,
            },
        );
        let g = t.find(&[0, 1, 2]).expect("信息和通信技术 counted");
        assert_eq!((t.freq(g), docs_of(&t, &streams, g)), (3, 2));
        // 通信技术 安全 occurs once: below min_freq; and never across documents.
        assert!(t.find(&[2, 3]).is_none());
        // Never across the comma: 通信技术，信息 is not an n-gram.
        assert!(t.find(&[2, 0]).is_none());
        assert_eq!(t.tokens_of(g), &[0, 1, 2]);
        let first = t.occurrences(&streams, &[g], 1)[&g][0];
        assert_eq!((first.doc, first.pos), (0, 0));
        let second_doc = t.occurrences(&streams, &[g], 3)[&g][2];
        assert_eq!((second_doc.doc, second_doc.pos), (1, 9));
    }

    #[test]
    fn wide_packing_counts_the_same() {
        let words = ["信息", "和", "通信技术", "安全", "，"];
        let doc = ["信息", "和", "通信技术", "安全", "，"].repeat(3000);
        let (streams, vocab) = toy(&words, &[&doc, &doc[5..]]);
        let limits = Limits {
            min_freq: 2,
            max_len: 8,
        };
        let counted = |wide| {
            let t = Table::count_packed(&streams, &vocab, limits, wide);
            let all: Vec<Gram> = t.grams().collect();
            let mut left = Left::default();
            t.left_neighbours(&streams, &vocab, &all, &mut left);
            (t, left)
        };
        let ((a, left_a), (b, left_b)) = (counted(false), counted(true));
        assert_eq!(a.levels.len(), 4);
        assert_eq!(left_a, left_b);
        for (x, y) in a.levels.iter().zip(&b.levels) {
            assert_eq!((&x.prefix, &x.last, &x.freq), (&y.prefix, &y.last, &y.freq));
            assert_eq!(x.right_clnc, y.right_clnc);
            // Occurrence lists are working memory, freed once the next level is counted.
            assert!(x.occurrences.is_empty() && y.occurrences.is_empty());
            assert_eq!(x.tokens, y.tokens);
            assert_eq!((&x.by_id, &x.by_id_start), (&y.by_id, &y.by_id_start));
        }
    }

    /// Counting runs on rayon's pool in pieces; whatever the number of threads, every level
    /// must come out identical, ids included.
    #[test]
    fn identical_tables_for_any_thread_count() {
        let words: Vec<String> = (0..40)
            .map(|i| format!("词{i}"))
            .chain(["，".into()])
            .collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut seed = 12345u64;
        let mut doc: Vec<&str> = Vec::new();
        for _ in 0..300_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // A skewed distribution so that long n-grams recur.
            doc.push(words[((seed % 41) * (seed % 41) / 41) as usize]);
        }
        let (streams, vocab) = toy(&words, &[&doc[..100_000], &doc[100_000..]]);
        let limits = Limits {
            min_freq: 2,
            max_len: 6,
        };
        let table = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    let t = Table::count(&streams, &vocab, limits);
                    let all: Vec<Gram> = t.grams().collect();
                    let mut left = Left::default();
                    t.left_neighbours(&streams, &vocab, &all, &mut left);
                    (t, left)
                })
        };
        let ((a, left_a), (b, left_b)) = (table(1), table(2));
        assert!(a.levels.len() >= 4, "{} levels", a.levels.len());
        assert_eq!(left_a, left_b);
        for (x, y) in a.levels.iter().zip(&b.levels) {
            assert_eq!(x.prefix, y.prefix);
            assert_eq!(x.last, y.last);
            assert_eq!(x.freq, y.freq);
            assert_eq!(x.right_clnc, y.right_clnc);
            // Occurrence lists are working memory, freed once the next level is counted.
            assert!(x.occurrences.is_empty() && y.occurrences.is_empty());
            assert_eq!(x.tokens, y.tokens);
            assert_eq!((&x.by_id, &x.by_id_start), (&y.by_id, &y.by_id_start));
        }
        assert_eq!(a.levels.len(), b.levels.len());
    }

    #[test]
    fn fragments_have_no_branching_entropy() {
        // 成员名额 is always preceded by 不限 and followed by 工作组.
        let words = [
            "不限",
            "成员名额",
            "工作组",
            "在",
            "欢迎",
            "主席",
            "内",
            "，",
        ];
        let (streams, vocab) = toy(
            &words,
            &[&[
                "欢迎",
                "不限",
                "成员名额",
                "工作组",
                "主席",
                "，",
                "在",
                "不限",
                "成员名额",
                "工作组",
                "内",
            ]],
        );
        let t = Table::count(&streams, &vocab, SHORT);
        let frag = t.find(&[1]).unwrap();
        let full = t.find(&[0, 1, 2]).unwrap();
        let mut left = Left::default();
        // Before: the upper bound ln 2 on the left, the exact entropy on the right.
        assert_eq!(t.entropies(frag, &left), (2f64.ln(), 0.0));
        t.left_neighbours(&streams, &vocab, &[frag], &mut left);
        t.left_neighbours(&streams, &vocab, &[full], &mut left);
        assert_eq!(t.entropies(frag, &left), (0.0, 0.0));
        let (l, r) = t.entropies(full, &left);
        assert!(l > 0.5 && r > 0.5, "{l} {r}");
    }

    #[test]
    fn an_ngram_with_a_verb_inside_is_counted_as_a_neighbour_only() {
        let words = ["信息", "安全", "保障", "采取", "措施", "不", "扩散", "，"];
        let (streams, mut vocab) = toy(
            &words,
            &[
                &[
                    "信息", "安全", "保障", "，", "采取", "措施", "，", "不", "扩散",
                ],
                &[
                    "信息", "安全", "保障", "，", "采取", "措施", "，", "不", "扩散",
                ],
                &["信息", "安全", "采取", "措施", "，", "信息", "安全", "保障"],
            ],
        );
        for v in ["保障", "采取", "扩散"] {
            vocab.verb[words.iter().position(|w| *w == v).unwrap()] = true;
        }
        let t = Table::count(&streams, &vocab, SHORT);
        // Seen three times, but 保障 after 信息安全 is a predicate: nothing containing it is a
        // candidate.
        assert_eq!(t.find(&[0, 1, 2]), None);
        assert_eq!(t.find(&[1, 2]), None);
        // Still the right neighbour of 信息安全 three times out of four (采取 once).
        let g = t.find(&[0, 1]).unwrap();
        let f: f64 = 4.0;
        let expected = f.ln() - 3.0 * 3f64.ln() / f;
        assert!(
            (t.entropies(g, &Left::default()).1 - expected).abs() < 1e-5,
            "{:?}",
            t.entropies(g, &Left::default())
        );
        // A verb may open a term, also after 不.
        assert_eq!(t.freq(t.find(&[3, 4]).unwrap()), 3);
        assert_eq!(t.freq(t.find(&[5, 6]).unwrap()), 2);
    }
}
