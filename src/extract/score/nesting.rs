//! Nesting for the C-value: the longer candidates that contain a surface, and their frequency.

use super::surfaces::Surfaces;
use crate::extract::count::{Gram, Table};
use crate::util::radix::{bits_for, sort_pieces};
use rayon::prelude::*;

/// What finding the longer candidates around a surface reads.
pub(super) struct Nesting<'a> {
    pub table: &'a Table,
    pub surfaces: &'a Surfaces<'a>,
    pub cands: &'a [Gram],
    /// Glossary words around surfaces (`Containers::pairs`).
    pub container_pairs: &'a [u64],
    /// Number of token types.
    pub types: usize,
}

impl Nesting<'_> {
    /// Sets `nested[sid]`, for each surface of `batch`, to Σ f(b) and |T(a)| over the longer
    /// candidates b that contain it. Pairs (inner surface, outer surface) are deduplicated, so
    /// each longer term counts once in T(a) whatever its segmentations.
    pub fn fill(&self, batch: &[usize], nested: &mut [Option<(u64, u32)>]) {
        let mut wanted = vec![false; self.surfaces.len()];
        let mut starts = vec![false; self.types];
        for &sid in batch {
            wanted[sid] = true;
            for &g in self.surfaces.grams(sid) {
                starts[self.table.tokens_of(g)[0] as usize] = true;
            }
        }
        let mut pieces: Vec<Vec<u64>> = self
            .cands
            .par_chunks(4096)
            .map(|chunk| self.pairs_in(chunk, &wanted, &starts))
            .collect();
        pieces.push(
            self.container_pairs
                .iter()
                .copied()
                .filter(|p| wanted[(p >> 32) as usize])
                .collect(),
        );
        let bits = 32 + bits_for(self.surfaces.len());
        let mut pairs = sort_pieces(pieces, bits, |x| x);
        pairs.dedup();
        for &sid in batch {
            nested[sid] = Some((0, 0));
        }
        for p in pairs {
            let (a, b) = ((p >> 32) as usize, (p & 0xFFFF_FFFF) as usize);
            let (sum, count) = nested[a].as_mut().expect("a surface of the batch");
            *sum += self.surfaces.freq[b];
            *count += 1;
        }
    }

    /// `(inner surface) << 32 | (outer surface)` for every wanted surface inside a candidate of
    /// `chunk`. Sub-n-grams are found by extending one token at a time (a longer one exists only
    /// if its prefix does), and only from the tokens the wanted surfaces start with.
    fn pairs_in(&self, chunk: &[Gram], wanted: &[bool], starts: &[bool]) -> Vec<u64> {
        let table = self.table;
        let mut pairs = Vec::new();
        for &b in chunk.iter().filter(|g| g.level > 0) {
            let outer = self.surfaces.of(b);
            let toks = table.tokens_of(b);
            for i in (0..toks.len()).filter(|&i| starts[toks[i] as usize]) {
                // The whole candidate is not inside itself.
                let max = if i == 0 {
                    toks.len() - 1
                } else {
                    toks.len() - i
                };
                let mut at = table.find(&toks[i..=i]);
                for len in 1..=max {
                    if len > 1 {
                        at = at.and_then(|a| table.child(a, toks[i + len - 1]));
                    }
                    let Some(a) = at else { break };
                    let sa = self.surfaces.of(a);
                    if sa != u32::MAX && sa != outer && wanted[sa as usize] {
                        pairs.push((u64::from(sa) << 32) | u64::from(outer));
                    }
                }
            }
        }
        pairs
    }
}
