//! Parallel stable LSD radix sort, the counting engine of the candidates stage: n-grams are
//! counted by sorting packed `(n-gram key, position)` integers rather than by hashing, which
//! streams through memory instead of missing the cache once per occurrence, and gives the same
//! order, and so the same ids, for any number of threads.

use rayon::prelude::*;

/// Widest digit, in bits: with 4,096 buckets a thread's counters, cursors and output slices
/// (about 130 KB) stay in L2.
const MAX_DIGIT: u32 = 12;

/// Below this, a comparison sort is cheaper than building histograms.
const SMALL: usize = 4096;

/// Sorts `v` stably by the low `bits` bits of `key(x)`.
pub fn sort_by_bits<T, K>(v: &mut Vec<T>, bits: u32, key: K)
where
    T: Copy + Default + Send + Sync,
    K: Fn(T) -> u64 + Sync,
{
    let n = v.len();
    *v = sort_ranges(std::mem::take(v), &[(0, n)], bits, key);
}

/// Concatenates the ranges `buffer[a..b]` of `ranges` and sorts the result stably by the low
/// `bits` bits of `key(x)`. The first pass reads the ranges where they are, so producers can
/// fill one region each of a buffer in parallel; the buffer's contents are then consumed and
/// its memory serves the later passes. A fresh buffer of tens of megabytes costs a page
/// fault per 4 KiB, and those do not run faster on two threads than on one.
pub fn sort_ranges<T, K>(mut buffer: Vec<T>, ranges: &[(usize, usize)], bits: u32, key: K) -> Vec<T>
where
    T: Copy + Default + Send + Sync,
    K: Fn(T) -> u64 + Sync,
{
    let slices = |buffer: &[T]| -> Vec<Vec<T>> {
        ranges.iter().map(|&(a, b)| buffer[a..b].to_vec()).collect()
    };
    let n: usize = ranges.iter().map(|&(a, b)| b - a).sum();
    if n < SMALL || bits == 0 {
        return sort_pieces(slices(&buffer), bits, key);
    }
    let key = masked(bits, key);
    let plan = Plan::new(n, bits);
    let mut src = vec![T::default(); n];
    {
        let sources: Vec<&[T]> = ranges
            .iter()
            .flat_map(|&(a, b)| buffer[a..b].chunks(plan.piece))
            .collect();
        scatter(&sources, &mut src, 0, plan.first, &key, false);
    }
    buffer.truncate(n);
    buffer.resize(n, T::default());
    remaining_passes(src, buffer, &plan, &key)
}

/// Concatenates `pieces` and sorts the result stably by the low `bits` bits of `key(x)`. The
/// first pass reads the pieces where they are, so producers can fill one vector per piece of
/// work in parallel without a separate concatenation.
pub fn sort_pieces<T, K>(pieces: Vec<Vec<T>>, bits: u32, key: K) -> Vec<T>
where
    T: Copy + Default + Send + Sync,
    K: Fn(T) -> u64 + Sync,
{
    let key = masked(bits, key);
    let n: usize = pieces.iter().map(Vec::len).sum();
    if n < SMALL || bits == 0 {
        let mut v = if pieces.len() == 1 {
            pieces.into_iter().next().unwrap_or_default()
        } else {
            pieces.concat()
        };
        v.sort_by_key(|&x| key(x));
        return v;
    }
    let plan = Plan::new(n, bits);
    let mut src = vec![T::default(); n];
    {
        // The first pass scatters straight from the producers' pieces (cut further if large).
        let sources: Vec<&[T]> = pieces.iter().flat_map(|p| p.chunks(plan.piece)).collect();
        scatter(&sources, &mut src, 0, plan.first, &key, false);
    }
    drop(pieces);
    let dst = if plan.passes > 1 {
        vec![T::default(); n]
    } else {
        Vec::new()
    };
    remaining_passes(src, dst, &plan, &key)
}

/// `key` restricted to its low `bits` bits: digits may reach past them, and those bits must not
/// count.
fn masked<T, K: Fn(T) -> u64>(bits: u32, key: K) -> impl Fn(T) -> u64 {
    let bits = bits.min(64);
    let mask = if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    move |x: T| key(x) & mask
}

/// How to sort `n` elements on `bits` bits: the number of passes, the first pass's digit
/// width, the others', and the piece size.
struct Plan {
    passes: u32,
    first: u32,
    digit: u32,
    piece: usize,
}

impl Plan {
    fn new(n: usize, bits: u32) -> Plan {
        let bits = bits.min(64);
        let passes = bits.div_ceil(MAX_DIGIT).max(1);
        // The first pass reads the producers' pieces, often a hundred of them, and carving
        // the output into a slice per piece and bucket is serial: it gets the narrowest digit.
        let first = bits.saturating_sub((passes - 1) * MAX_DIGIT);
        Plan {
            passes,
            first,
            digit: MAX_DIGIT,
            // A few pieces per thread so that a slow thread does not hold up a pass.
            piece: n.div_ceil(4 * rayon::current_num_threads()).max(SMALL),
        }
    }
}

/// Passes 1.. of an LSD sort whose first pass wrote `src`, alternating with `dst` (of the same
/// length, unless there is only one pass).
fn remaining_passes<T, K>(mut src: Vec<T>, mut dst: Vec<T>, plan: &Plan, key: &K) -> Vec<T>
where
    T: Copy + Send + Sync,
    K: Fn(T) -> u64 + Sync,
{
    for pass in 1..plan.passes {
        let sources: Vec<&[T]> = src.chunks(plan.piece).collect();
        let shift = plan.first + (pass - 1) * plan.digit;
        if scatter(&sources, &mut dst, shift, plan.digit, key, true) {
            std::mem::swap(&mut src, &mut dst);
        }
    }
    src
}

/// One counting-sort pass on the digit at `shift`: from `sources`, in order, into `dst`.
/// With `may_skip`, a pass in which every element has the same digit is not carried out;
/// returns whether the pass was.
fn scatter<T, K>(
    sources: &[&[T]],
    dst: &mut [T],
    shift: u32,
    digit: u32,
    key: &K,
    may_skip: bool,
) -> bool
where
    T: Copy + Send + Sync,
    K: Fn(T) -> u64 + Sync,
{
    let buckets = 1usize << digit;
    let bucket = |x: T| ((key(x) >> shift) as usize) & (buckets - 1);
    let counts: Vec<Vec<usize>> = sources
        .par_iter()
        .map(|c| {
            let mut h = vec![0usize; buckets];
            for &x in *c {
                h[bucket(x)] += 1;
            }
            h
        })
        .collect();
    let n = dst.len();
    if may_skip && (0..buckets).any(|b| counts.iter().map(|h| h[b]).sum::<usize>() == n) {
        return false;
    }
    // Carve `dst` into one slice per (source, bucket), bucket-major so that the output is
    // ordered by digit and, within a digit, by source: that is what makes the sort stable.
    let mut slices: Vec<Vec<&mut [T]>> = (0..counts.len())
        .map(|_| Vec::with_capacity(buckets))
        .collect();
    let lengths = (0..buckets).flat_map(|b| counts.iter().map(move |h| h[b]));
    for (i, piece) in carve(dst, lengths).into_iter().enumerate() {
        slices[i % counts.len()].push(piece);
    }
    sources
        .par_iter()
        .zip(slices.into_par_iter())
        .for_each(|(c, mut out)| {
            let mut at = vec![0usize; buckets];
            for &x in *c {
                let b = bucket(x);
                out[b][at[b]] = x;
                at[b] += 1;
            }
        });
    true
}

/// Splits `slice` into consecutive pieces of the given lengths, which parallel workers can then
/// fill each on its own: disjoint writes without locks or unsafe code. Whatever the lengths do
/// not cover is left out.
pub fn carve<T>(slice: &mut [T], lengths: impl IntoIterator<Item = usize>) -> Vec<&mut [T]> {
    let mut rest = slice;
    lengths
        .into_iter()
        .map(|n| {
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(n);
            rest = tail;
            head
        })
        .collect()
}

/// Bits needed to represent every value below `n` (at least 1).
pub fn bits_for(n: usize) -> u32 {
    (usize::BITS - n.saturating_sub(1).leading_zeros()).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xorshift(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn sorts_like_a_stable_comparison_sort() {
        let mut seed = 0x9E37_79B9_7F4A_7C15;
        for (len, bits) in [
            (10, 8),
            (5000, 3),
            (100_000, 20),
            (70_000, 37),
            (50_000, 64),
        ] {
            // Low 20 bits carry the original index, so stability is visible.
            let v: Vec<u128> = (0..len)
                .map(|i| (u128::from(xorshift(&mut seed)) << 20) | i as u128)
                .collect();
            let key = |x: u128| (x >> 20) as u64;
            let mask = if bits == 64 {
                u64::MAX
            } else {
                (1 << bits) - 1
            };
            let mut expected = v.clone();
            expected.sort_by_key(|&x| key(x) & mask);
            for threads in [1, 2] {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                let mut got = v.clone();
                pool.install(|| sort_by_bits(&mut got, bits, key));
                assert!(got == expected, "len {len}, bits {bits}, {threads} threads");
            }
        }
    }

    /// Ranges with gaps between them sort like their concatenation, and what lies in the gaps
    /// is left out.
    #[test]
    fn sorts_the_ranges_of_a_buffer() {
        let mut seed = 0x2545_F491_4F6C_DD1D;
        let buffer: Vec<u64> = (0..60_000).map(|_| xorshift(&mut seed) % 1000).collect();
        let ranges = [
            (0, 10_000),
            (12_000, 12_000),
            (20_000, 45_000),
            (50_000, 59_999),
        ];
        let mut expected: Vec<u64> = ranges
            .iter()
            .flat_map(|&(a, b)| buffer[a..b].iter().copied())
            .collect();
        expected.sort();
        for bits in [10, 24] {
            assert_eq!(sort_ranges(buffer.clone(), &ranges, bits, |x| x), expected);
        }
    }

    #[test]
    fn bit_widths() {
        assert_eq!(bits_for(0), 1);
        assert_eq!(bits_for(1), 1);
        assert_eq!(bits_for(2), 1);
        assert_eq!(bits_for(3), 2);
        assert_eq!(bits_for(256), 8);
        assert_eq!(bits_for(257), 9);
    }
}
