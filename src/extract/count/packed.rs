//! The small parallel mechanisms of counting: extensions packed with their positions, runs
//! of equal keys, branch-free compaction, and per-position passes over the stream.

use super::PIECE;
use rayon::prelude::*;

/// Runs of equal keys in `sorted`, as `(start, length)`, found in parallel.
pub(super) fn runs<T: Copy + Sync>(sorted: &[T], key: impl Fn(T) -> u64 + Sync) -> Vec<(u32, u32)> {
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
pub(super) trait Packed: Copy + Default + Send + Sync {
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
pub(super) fn per_token<T: Send>(
    tokens: &[u32],
    f: impl Fn(u32, u32) -> Option<T> + Sync,
) -> Vec<Vec<T>> {
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
pub(super) fn compact<E: Copy>(out: &mut [E], items: impl Iterator<Item = (bool, E)>) -> usize {
    let mut len = 0;
    for (keep, e) in items {
        out[len] = e;
        len += usize::from(keep);
    }
    len
}

/// Sets `reach[p] = value` at every occurrence position, in parallel over position ranges.
pub(super) fn mark(reach: &mut [u8], occurrences: &[u64], value: u8) {
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
