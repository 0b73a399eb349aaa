//! Extending one level by one token: every occurrence of a surviving n-gram with the token
//! after it, packed with its position, radix-sorted into runs; the runs give the right
//! neighbours of the level extended and, where they reach `min_freq`, the next level.

use super::flags::Flags;
use super::neighbours::clnc_fixed;
use super::packed::{Packed, compact, runs};
use super::{Level, PIECE};
use crate::util::radix::{bits_for, carve, sort_by_bits, sort_ranges};
use rayon::prelude::*;

/// What extending one level needs.
pub(super) struct Step<'a> {
    pub tokens: &'a [u32],
    pub flags: &'a Flags,
    /// Per position, the length of the longest surviving n-gram starting there (see
    /// `initial_reach`), when `prune`.
    pub reach: &'a [u8],
    pub prune: bool,
    pub min: u32,
    /// Length of the n-grams being extended, in tokens.
    pub k: usize,
    pub last_level: bool,
    /// Bits of a token id and of a stream position.
    pub tok_bits: u32,
    pub pos_bits: u32,
}

/// What extending a level by one token counts.
pub(super) struct Extended {
    /// Σ c·ln c over the non-free right neighbours of each n-gram of the level extended.
    pub right: Vec<u64>,
    /// The next level, unless this is the last or none survives.
    pub next: Option<Level>,
    /// Extending single tokens only: per token, Σ c·ln c over its left neighbours that are
    /// surviving tokens.
    pub left_of_tokens: Vec<u64>,
    /// Positions of the survivors left out of `next` (a verb inside), for `reach`.
    pub dropped: Vec<u32>,
}

/// A run of equal keys in the sorted extensions: its start and length.
type Run = (u32, u32);

impl Step<'_> {
    /// Counts the extensions of `prev` by one token: the right-neighbour statistics of `prev`
    /// and, unless this is the last level or none survives, the next level. Extending single
    /// tokens also counts every pair `(a, b)` of a surviving token `a` and the token after it,
    /// which are the left neighbours of `b` that may start a candidate, and `left_neighbours`
    /// only sorts the rest.
    pub(super) fn extend<E: Packed>(&self, prev: &Level) -> Extended {
        let (buffer, ranges) = if self.k == 1 {
            self.extensions_of_tokens::<E>(prev)
        } else {
            self.extensions_of_occurrences::<E>(prev)
        };
        // The regions are in stream order and the sort is stable, so positions stay in stream
        // order within a key: only the key's bits need passes.
        let pos_bits = self.pos_bits;
        let key_bits = bits_for(prev.freq.len()) + self.tok_bits;
        let entries = sort_ranges(buffer, &ranges, key_bits, |e: E| e.key(pos_bits));
        let runs = runs(&entries, |e| e.key(pos_bits));
        let (right, left_of_tokens) = self.neighbour_sums(prev, &entries, &runs);
        let mut out = Extended {
            right,
            next: None,
            left_of_tokens,
            dropped: Vec::new(),
        };
        if self.last_level {
            return out;
        }
        let (survivors, dropped) = self.survivors(prev, &entries, runs);
        out.dropped = dropped;
        if !survivors.is_empty() {
            out.next = Some(self.next_level(prev, entries, &survivors));
        }
        out
    }

    /// The first token of the n-gram `prefix` of `prev`.
    fn first_token(&self, prev: &Level, prefix: usize) -> u32 {
        if self.k == 1 {
            prev.last[prefix]
        } else {
            prev.tokens[prefix * self.k]
        }
    }

    /// The extension of the n-gram `id` of `prev` at stream position `p` by the token after it,
    /// and whether it is kept. Written without branches where it can be: which occurrences
    /// extend is data no branch predictor learns, and the pieces are written whether or not
    /// they keep the value.
    fn extension<E: Packed>(&self, prev: &Level, p: usize, id: u32) -> (bool, E) {
        let (toks, k) = (self.tokens, self.k);
        let Some(&t) = toks.get(p + k) else {
            return (false, E::default());
        };
        let f = self.flags.of(t);
        // Level 1 extends only the surviving tokens its pieces list (see
        // `extensions_of_tokens`).
        let mut keep = f & Flags::BREAK == 0;
        if self.prune {
            // An extension whose suffix did not survive cannot survive either (Apriori on the
            // suffix), and with min_freq ≤ 2 adds nothing to its prefix's branching entropy (a
            // neighbour seen once adds c·ln c = 0). Suffixes opening with a word that cannot
            // start a candidate were never counted, so nothing is known of them and they are
            // kept. An extension by a word seen once occurs once: it survives min_freq 1 only.
            let suffix_dead = (self.flags.of(toks[p + 1]) & Flags::CAN_START != 0)
                & (usize::from(self.reach[p + 1]) < k);
            let twice = if self.min >= 2 { Flags::TWICE } else { 0 };
            keep &= !suffix_dead & (f & twice == twice);
        }
        // An extension that ends in a verb not allowed there serves only its prefix's right
        // entropy (it is not extended: see `survivors`), which only a prefix that may end a
        // candidate needs; a pair of single tokens also serves the left entropy of the second,
        // if that may be a candidate.
        if keep && f & Flags::VERB != 0 {
            let (last, first) = if k == 1 {
                (id, id)
            } else {
                (prev.last[id as usize], self.first_token(prev, id as usize))
            };
            keep = self.flags.of(last) & Flags::CAN_END != 0
                || k == 1 && f & Flags::CAN_END != 0
                || self.flags.verb_may_stand(first, k);
        }
        let key = (u64::from(id) << self.tok_bits) | u64::from(t);
        (keep, E::pack(key, p as u32, self.pos_bits))
    }

    /// The extensions of single tokens, in one buffer with a region per piece of the stream,
    /// as long as the piece has surviving tokens: each piece lists where they are (level 0
    /// keeps no occurrences), then writes their extensions at the start of its region, which
    /// the sort then reuses. Zeroed memory is untouched until written, and only the pages of
    /// the kept extensions are; sizing the regions by survivors rather than by tokens keeps
    /// the buffer small when only some tokens survive (counting one partition), where it may
    /// reuse memory that must then be zeroed. Returns the buffer and the ranges kept.
    fn extensions_of_tokens<E: Packed>(&self, prev: &Level) -> (Vec<E>, Vec<(usize, usize)>) {
        let toks = self.tokens;
        let survives = |t: u32| self.flags.of(t) & Flags::SURVIVES != 0;
        let lengths: Vec<usize> = toks
            .par_chunks(PIECE)
            .map(|chunk| chunk.iter().filter(|&&t| survives(t)).count())
            .collect();
        let mut buffer = vec![E::default(); lengths.iter().sum()];
        let kept: Vec<usize> = toks
            .par_chunks(PIECE)
            .zip(carve(&mut buffer, lengths.iter().copied()))
            .enumerate()
            .map(|(i, (chunk, out))| {
                let mut at = vec![0u32; chunk.len()];
                let survivors = (0..).zip(chunk).map(|(j, &t)| (survives(t), j));
                let len = compact(&mut at, survivors);
                let (first, at) = (i * PIECE, &at[..len]);
                compact(
                    out,
                    at.iter()
                        .map(|&j| self.extension(prev, first + j as usize, chunk[j as usize])),
                )
            })
            .collect();
        (buffer, regions(&lengths, &kept))
    }

    /// The extensions of the occurrences of `prev` (two tokens or more), each piece of them
    /// writing its own at the start of its region of one buffer, as `extensions_of_tokens`.
    fn extensions_of_occurrences<E: Packed>(&self, prev: &Level) -> (Vec<E>, Vec<(usize, usize)>) {
        let mut buffer = vec![E::default(); prev.occurrences.len()];
        let kept: Vec<usize> = prev
            .occurrences
            .par_chunks(PIECE)
            .zip(buffer.par_chunks_mut(PIECE))
            .map(|(chunk, out)| {
                compact(
                    out,
                    chunk
                        .iter()
                        .map(|&o| self.extension(prev, (o >> 32) as usize, o as u32)),
                )
            })
            .collect();
        let lengths: Vec<usize> = prev.occurrences.chunks(PIECE).map(|c| c.len()).collect();
        (buffer, regions(&lengths, &kept))
    }

    /// From the runs of sorted extensions: per n-gram of `prev`, Σ c·ln c over its non-free
    /// right neighbours, and when extending single tokens, per token, Σ c·ln c over its left
    /// neighbours that survive.
    fn neighbour_sums<E: Packed>(
        &self,
        prev: &Level,
        entries: &[E],
        runs: &[Run],
    ) -> (Vec<u64>, Vec<u64>) {
        let tok_mask = (1u64 << self.tok_bits) - 1;
        let mut right = vec![0u64; prev.freq.len()];
        let mut left_of_tokens = vec![0u64; if self.k == 1 { self.flags.len() } else { 0 }];
        for &(s, len) in runs {
            let key = entries[s as usize].key(self.pos_bits);
            let clnc = clnc_fixed(len as usize);
            let t = (key & tok_mask) as usize;
            let bound = self.flags.of(t as u32) & Flags::FREE == 0;
            right[(key >> self.tok_bits) as usize] += clnc * u64::from(bound);
            if self.k == 1 {
                left_of_tokens[t] += clnc;
            }
        }
        (right, left_of_tokens)
    }

    /// The runs that reach `min_freq` and make the next level, and the positions of those that
    /// reach it but are left out. A verb where no candidate may have one
    /// (`lexicon::verb_may_stand`) keeps an n-gram, and every n-gram that contains it, from
    /// being a candidate or part of one: such n-grams are counted (their prefixes' right
    /// entropies need them) but not kept or extended. On the law corpus that is a third of the
    /// occurrences beyond level 0. Their positions are returned for `reach`, so that the
    /// extensions ending in them still count.
    fn survivors<E: Packed>(
        &self,
        prev: &Level,
        entries: &[E],
        runs: Vec<Run>,
    ) -> (Vec<Run>, Vec<u32>) {
        let tok_mask = (1u64 << self.tok_bits) - 1;
        // Survivors are compacted in place, written for every run and kept only where they
        // apply (which follows the data: no branch); the few dropped runs are collected.
        let mut survivors = runs;
        let mut dropped = Vec::new();
        let mut ns = 0;
        for i in 0..survivors.len() {
            let r = survivors[i];
            let key = entries[r.0 as usize].key(self.pos_bits);
            let first = self.first_token(prev, (key >> self.tok_bits) as usize);
            let verb_inside = (self.flags.of((key & tok_mask) as u32) & Flags::VERB != 0)
                & !self.flags.verb_may_stand(first, self.k);
            let survives = r.1 >= self.min;
            if survives & verb_inside {
                dropped.push(r);
            }
            survivors[ns] = r;
            ns += usize::from(survives & !verb_inside);
        }
        survivors.truncate(ns);
        let dropped = dropped
            .iter()
            .flat_map(|&(s, len)| &entries[s as usize..(s + len) as usize])
            .map(|e| e.pos(self.pos_bits))
            .collect();
        (survivors, dropped)
    }

    /// The next level: the `survivors` runs of `entries`, numbered in order.
    fn next_level<E: Packed>(&self, prev: &Level, entries: Vec<E>, survivors: &[Run]) -> Level {
        let keys: Vec<u64> = survivors
            .iter()
            .map(|&(s, _)| entries[s as usize].key(self.pos_bits))
            .collect();
        let mut occurrences = self.occurrences(&entries, survivors);
        drop(entries);
        let by_id: Vec<u32> = occurrences.par_iter().map(|&o| (o >> 32) as u32).collect();
        let by_id_start: Vec<u32> = std::iter::once(0)
            .chain(survivors.iter().scan(0u32, |acc, r| {
                *acc += r.1;
                Some(*acc)
            }))
            .collect();
        sort_by_bits(&mut occurrences, self.pos_bits, |o| o >> 32);
        let tok_mask = (1u64 << self.tok_bits) - 1;
        let prefix: Vec<u32> = keys
            .iter()
            .map(|&key| (key >> self.tok_bits) as u32)
            .collect();
        let last: Vec<u32> = keys.iter().map(|&key| (key & tok_mask) as u32).collect();
        Level {
            first_child: first_children(&prefix, prev.freq.len()),
            tokens: self.tokens_of_level(prev, &prefix, &last),
            last,
            freq: survivors.iter().map(|r| r.1).collect(),
            right_clnc: vec![0; survivors.len()],
            occurrences,
            by_id,
            by_id_start,
        }
    }

    /// The occurrences of the `survivors` runs as `position << 32 | id`, grouped by id (ids
    /// are survivor indices), in stream order within an id. Written in parallel, a slice per
    /// group of survivors.
    fn occurrences<E: Packed>(&self, entries: &[E], survivors: &[Run]) -> Vec<u64> {
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
                        *o = (u64::from(e.pos(self.pos_bits)) << 32) | id;
                    }
                }
            });
        occurrences
    }

    /// The tokens of the next level's n-grams, `k + 1` each, from their prefixes in `prev`
    /// and their last tokens. Prefix ids ascend with ids, so the prefixes' tokens are read in
    /// order.
    fn tokens_of_level(&self, prev: &Level, prefix: &[u32], last: &[u32]) -> Vec<u32> {
        let k = self.k;
        let mut tokens = Vec::with_capacity(prefix.len() * (k + 1));
        for (&p, &t) in prefix.iter().zip(last) {
            let p = p as usize;
            if k == 1 {
                tokens.push(prev.last[p]);
            } else {
                tokens.extend_from_slice(&prev.tokens[p * k..(p + 1) * k]);
            }
            tokens.push(t);
        }
        tokens
    }
}

/// The ranges of one buffer cut into regions of `lengths`, each `kept` long from its start.
fn regions(lengths: &[usize], kept: &[usize]) -> Vec<(usize, usize)> {
    let mut start = 0;
    lengths
        .iter()
        .zip(kept)
        .map(|(&len, &kept)| {
            let range = (start, start + kept);
            start += len;
            range
        })
        .collect()
}

/// `first_child[p]..first_child[p + 1]` are the ids whose prefix is `p`, for the ascending
/// `prefix` ids of a level whose previous level has `prefixes` n-grams.
fn first_children(prefix: &[u32], prefixes: usize) -> Vec<u32> {
    let mut first_child = vec![0u32; prefixes + 1];
    for &p in prefix {
        first_child[p as usize + 1] += 1;
    }
    for i in 1..first_child.len() {
        first_child[i] += first_child[i - 1];
    }
    first_child
}
