//! Parallel stable radix sort, the counting engine of the candidates stage: n-grams are
//! counted by sorting packed `(n-gram key, position)` integers rather than by hashing, which
//! streams through memory instead of missing the cache once per occurrence, and gives the same
//! order, and so the same ids, for any number of threads. One pass distributes the elements
//! by their top digit; each bucket, small enough for the cache, is then sorted on the bits
//! below by LSD passes. Plain LSD passes over the whole array would each make a trip through
//! main memory, which dominated counting; the buckets' passes stay in cache.

use rayon::prelude::*;

/// Widest digit of the passes within a bucket, in bits: 4,096 counters of 4 bytes stay in L1.
const MAX_DIGIT: u32 = 12;

/// Below this, a comparison sort is cheaper than building histograms.
const SMALL: usize = 4096;

/// Sorts `v` stably by the low `bits` bits of `key(x)`.
pub(crate) fn sort_by_bits<T, K>(v: &mut Vec<T>, bits: u32, key: K)
where
    T: Copy + Default + Send + Sync,
    K: Fn(T) -> u64 + Sync,
{
    let n = v.len();
    *v = sort_ranges(std::mem::take(v), &[(0, n)], bits, key);
}

/// Concatenates the ranges `buffer[a..b]` of `ranges` and sorts the result stably by the low
/// `bits` bits of `key(x)`. The first pass reads the ranges where they are, so producers can
/// fill one region each of a buffer in parallel; the buffer is freed right after, for the
/// caller's next buffers to reuse: a fresh buffer of tens of megabytes costs a page fault per
/// 4 KiB, and those do not run faster on two threads than on one.
pub(crate) fn sort_ranges<T, K>(
    buffer: Vec<T>,
    ranges: &[(usize, usize)],
    bits: u32,
    key: K,
) -> Vec<T>
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
    let buckets = {
        let sources: Vec<&[T]> = ranges
            .iter()
            .flat_map(|&(a, b)| buffer[a..b].chunks(plan.piece))
            .collect();
        scatter(&sources, &mut src, plan.low, plan.top, &key)
    };
    drop(buffer);
    sort_buckets(src, &buckets, plan.low, &key)
}

/// Concatenates `pieces` and sorts the result stably by the low `bits` bits of `key(x)`. The
/// first pass reads the pieces where they are, so producers can fill one vector per piece of
/// work in parallel without a separate concatenation.
pub(crate) fn sort_pieces<T, K>(pieces: Vec<Vec<T>>, bits: u32, key: K) -> Vec<T>
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
    let buckets = {
        // The first pass scatters straight from the producers' pieces (cut further if large).
        let sources: Vec<&[T]> = pieces.iter().flat_map(|p| p.chunks(plan.piece)).collect();
        scatter(&sources, &mut src, plan.low, plan.top, &key)
    };
    drop(pieces);
    sort_buckets(src, &buckets, plan.low, &key)
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

/// How to sort `n` elements on `bits` bits: the width of the top digit, which one pass over
/// memory distributes, the bits below it, which are sorted bucket by bucket, and the size of
/// the pieces the first pass is cut into.
struct Plan {
    top: u32,
    low: u32,
    piece: usize,
}

impl Plan {
    fn new(n: usize, bits: u32) -> Plan {
        let bits = bits.min(64);
        let top = bits.min(TOP_DIGIT);
        Plan {
            top,
            low: bits - top,
            // A few pieces per thread so that a slow thread does not hold up the pass.
            piece: n.div_ceil(4 * rayon::current_num_threads()).max(SMALL),
        }
    }
}

/// Width of the digit the first pass distributes on. Each bucket is then sorted on its own,
/// in cache: 256 buckets of the 7 million pairs the law corpus extends its words by hold
/// about 220 KB each. (The first pass reads the producers' pieces, often a hundred of them,
/// and carving the output into a slice per piece and bucket is serial: a narrow digit keeps
/// that short too.)
const TOP_DIGIT: u32 = 8;

/// Sorts each bucket of `src`, whose lengths `buckets` gives in order, stably by the low
/// `bits` bits of `key`, the buckets in parallel. The passes go through a scratch buffer per
/// task, as long as its longest bucket, rather than one as long as `src`: that one would be
/// tens of megabytes of fresh memory to fault in.
fn sort_buckets<T, K>(mut src: Vec<T>, buckets: &[usize], bits: u32, key: &K) -> Vec<T>
where
    T: Copy + Default + Send + Sync,
    K: Fn(T) -> u64 + Sync,
{
    if bits == 0 {
        return src;
    }
    let slices: Vec<&mut [T]> = carve(&mut src, buckets.iter().copied())
        .into_iter()
        .filter(|data| data.len() > 1)
        .collect();
    slices
        .into_par_iter()
        .for_each_init(Vec::new, |scratch, data| {
            scratch.resize(scratch.len().max(data.len()), T::default());
            sort_bucket(data, &mut scratch[..data.len()], bits, key);
        });
    src
}

/// Sorts `data` stably by the low `bits` bits of `key`, with `scratch` of the same length:
/// LSD passes on digits as wide as the bucket is long warrants (clearing more counters than
/// there are elements is wasted), a pass being skipped when every element has the same digit.
fn sort_bucket<T: Copy, K: Fn(T) -> u64>(data: &mut [T], scratch: &mut [T], bits: u32, key: &K) {
    let m = data.len();
    if m <= 16 {
        // Insertion sort: stable, and cheaper than any pass on so few.
        for i in 1..m {
            let x = data[i];
            let mut j = i;
            while j > 0 && key(data[j - 1]) > key(x) {
                data[j] = data[j - 1];
                j -= 1;
            }
            data[j] = x;
        }
        return;
    }
    let widest = (usize::BITS - 1 - m.leading_zeros()).clamp(4, MAX_DIGIT);
    let passes = bits.div_ceil(widest);
    let digit = bits.div_ceil(passes);
    let mut counts = [0u32; 1 << MAX_DIGIT];
    let (mut from, mut to) = (data, scratch);
    let mut moved = false;
    for pass in 0..passes {
        let shift = pass * digit;
        let mask = (1usize << digit.min(bits - shift)) - 1;
        let counts = &mut counts[..=mask];
        counts.fill(0);
        let bucket = |x: T| (key(x) >> shift) as usize & mask;
        for &x in from.iter() {
            counts[bucket(x)] += 1;
        }
        if counts.iter().any(|&c| c as usize == m) {
            continue;
        }
        let mut sum = 0;
        for c in counts.iter_mut() {
            (*c, sum) = (sum, sum + *c);
        }
        for &x in from.iter() {
            let b = bucket(x);
            to[counts[b] as usize] = x;
            counts[b] += 1;
        }
        std::mem::swap(&mut from, &mut to);
        moved = !moved;
    }
    if moved {
        // `from` is the scratch now, `to` the data.
        to.copy_from_slice(from);
    }
}

/// One counting-sort pass on the digit at `shift`: from `sources`, in order, into `dst`.
/// Returns how many elements each digit value has.
fn scatter<T, K>(sources: &[&[T]], dst: &mut [T], shift: u32, digit: u32, key: &K) -> Vec<usize>
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
    (0..buckets)
        .map(|b| counts.iter().map(|h| h[b]).sum())
        .collect()
}

/// Splits `slice` into consecutive pieces of the given lengths, which parallel workers can then
/// fill each on its own: disjoint writes without locks or unsafe code. Whatever the lengths do
/// not cover is left out.
pub(crate) fn carve<T>(slice: &mut [T], lengths: impl IntoIterator<Item = usize>) -> Vec<&mut [T]> {
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
pub(crate) fn bits_for(n: usize) -> u32 {
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
            // Buckets of about 20, some of 16 or fewer.
            (5000, 12),
            // Skewed: most keys share their top digit and many their low ones.
            (60_000, 30),
        ] {
            // Low 20 bits carry the original index, so stability is visible.
            let v: Vec<u128> = (0..len)
                .map(|i| {
                    let r = xorshift(&mut seed);
                    let r = if bits == 30 && !r.is_multiple_of(8) {
                        r % 5
                    } else {
                        r
                    };
                    (u128::from(r) << 20) | i as u128
                })
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
