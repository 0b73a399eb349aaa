//! Counting by partition: the n-grams that start with one range of token ids, counted on their
//! own, and the partitions put back together into the very `Table` that counting the whole
//! corpus at once gives.
//!
//! Ids follow key order at every level, `(prefix id, last token)`, which is the order of the
//! n-grams' token sequences: the n-grams that start in a range of first tokens are a contiguous
//! range of ids at every level, in the same order. A partition's levels are that slice of the
//! whole's, so assembling is concatenation with offsets; only the sums over left neighbours of
//! single tokens and the right sums of level 0 are spread over partitions, and they add up.
//!
//! Pruning by suffix (`Step::extension`) asks whether the n-gram at the next position survived,
//! which another partition may count: a partition takes those as surviving. Pruning only leaves
//! out extensions seen once, which neither reach `min_freq` ≥ 2 nor add to an entropy
//! (c·ln c = 0), so a partition counts a little more and finds the same.

use super::flags::Flags;
use super::neighbours::left_of_others;
use super::spill::OnDisk;
use super::{Level, Limits, Table, count_levels, level0_counts};
use crate::extract::lexicon::Vocab;
use crate::extract::stream::Streams;
use crate::util::hash::Fnv1a64;
use std::fs::File;

/// The n-grams that start with a token in `range`, counted.
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct Part {
    pub range: (u32, u32),
    /// Level 0 holds only the right sums of the tokens in `range` (the rest of level 0 is the
    /// whole corpus's, which assembling counts); level 1 is keyed by global token ids and
    /// every level above by this partition's ids of the level below.
    pub(super) levels: Vec<Level>,
    /// Per token, Σ c·ln c over its left neighbours in `range` that survive.
    pub(super) left0: Vec<u64>,
    /// Read back with its positions left in the file: per level, where they start in it
    /// and how many there are (see `spill::Positions`); empty when they are in `levels`.
    pub(super) on_disk: Vec<(u64, u64)>,
}

/// `parts` contiguous ranges of token ids covering the vocabulary, each holding about as many
/// occurrences of surviving single tokens (the work of counting a partition follows them).
pub(crate) fn ranges(
    streams: &Streams,
    vocab: &Vocab,
    limits: Limits,
    parts: usize,
) -> Vec<(u32, u32)> {
    let (freq, survives0) = level0_counts(&streams.tokens, vocab, limits);
    let weight = |t: usize| if survives0[t] { u64::from(freq[t]) } else { 0 };
    let total: u64 = (0..freq.len()).map(weight).sum();
    let parts = parts.max(1) as u64;
    let mut out = Vec::with_capacity(parts as usize);
    let (mut lo, mut seen) = (0u32, 0u64);
    for t in 0..freq.len() {
        seen += weight(t);
        let done = out.len() as u64 + 1;
        if done < parts && seen * parts >= total * done {
            out.push((lo, t as u32 + 1));
            lo = t as u32 + 1;
        }
    }
    while (out.len() as u64) < parts {
        out.push((lo, freq.len() as u32));
        lo = freq.len() as u32;
    }
    out
}

/// What counting depends on, as one number: the token stream, the words, what each word may
/// be (from the glossary and the lexicon) and the limits. Partitions counted by other
/// processes must have the same, or they describe another corpus.
pub(crate) fn fingerprint(streams: &Streams, vocab: &Vocab, limits: Limits) -> u64 {
    let mut h = Fnv1a64::default();
    let (freq, survives0) = level0_counts(&streams.tokens, vocab, limits);
    h.write(Flags::new(vocab, &freq, &survives0).all_types());
    for t in 0..vocab.len() as u32 {
        h.write(vocab.word(t).as_bytes());
        h.write(&[0]);
    }
    for &t in &streams.tokens {
        h.write(&t.to_le_bytes());
    }
    for &d in &streams.doc_starts {
        h.write(&d.to_le_bytes());
    }
    h.write(&limits.min_freq.to_le_bytes());
    h.write(&(limits.max_len as u64).to_le_bytes());
    h.finish()
}

impl Part {
    /// Counts the n-grams that start with a token in `range`, as `Table::count` does.
    pub(crate) fn count(
        streams: &Streams,
        vocab: &Vocab,
        limits: Limits,
        range: (u32, u32),
    ) -> Part {
        let toks = &streams.tokens;
        let n = vocab.len();
        let (freq, survives0) = level0_counts(toks, vocab, limits);
        let flags = Flags::new(vocab, &freq, &survives0).surviving_only(range);
        let level0 = Level {
            last: (0..n as u32).collect(),
            freq,
            right_clnc: vec![0; n],
            ..Level::default()
        };
        let (mut levels, left0) =
            count_levels(toks, vocab, &flags, level0, limits, false, Some(range));
        levels[0].last = Vec::new();
        levels[0].freq = Vec::new();
        Part {
            range,
            levels,
            left0,
            on_disk: Vec::new(),
        }
    }
}

/// Puts partitions together, one at a time in range order, into what `Table::count` gives.
pub(crate) struct Assembly<'a> {
    streams: &'a Streams,
    vocab: &'a Vocab,
    limits: Limits,
    /// Levels 1 and up, their `first_child` still empty.
    levels: Vec<Level>,
    /// Per level, children per n-gram of the level below.
    children: Vec<Vec<u32>>,
    right0: Vec<u64>,
    left0: Vec<u64>,
    /// Where the next partition's range must start.
    next: u32,
    /// Positions left in the partitions' files.
    on_disk: Option<OnDisk>,
}

impl<'a> Assembly<'a> {
    pub(crate) fn new(streams: &'a Streams, vocab: &'a Vocab, limits: Limits) -> Assembly<'a> {
        let n = vocab.len();
        Assembly {
            streams,
            vocab,
            limits,
            levels: vec![Level::default()],
            children: vec![Vec::new(), vec![0; n]],
            right0: vec![0; n],
            left0: vec![0; n],
            next: 0,
            on_disk: None,
        }
    }

    /// Where the next partition must start: its range follows the last one's.
    pub(crate) fn expects(&self) -> u32 {
        self.next
    }

    /// Adds the next partition, whose range must start at `expects()` and whose sizes must
    /// fit the vocabulary (checked by the caller, which knows where it came from). A partition
    /// read with its positions left on disk comes with the `file` they are in, which the
    /// table keeps open; all partitions must then be read so.
    pub(crate) fn add(&mut self, part: Part, file: Option<File>) {
        self.next = part.range.1;
        add_sums(&mut self.right0, &part.levels[0].right_clnc);
        add_sums(&mut self.left0, &part.left0);
        let size = |levels: &[Level], k: usize| levels.get(k).map_or(0, |l| l.freq.len());
        while self.levels.len() < part.levels.len() {
            let k = self.levels.len();
            // The earlier partitions' n-grams of level k − 1 have no children at level k.
            if k >= 2 {
                self.children.push(vec![0; size(&self.levels, k - 1)]);
            }
            self.levels.push(Level::default());
        }
        if let Some(file) = file.filter(|_| !part.on_disk.is_empty()) {
            self.positions_in(file, &part);
        }
        let sizes: Vec<usize> = (0..self.levels.len())
            .map(|k| size(&part.levels, k))
            .collect();
        let mut part_levels = part.levels;
        for k in 1..self.levels.len() {
            let below = if k == 1 { 0 } else { sizes[k - 1] };
            let level = part_levels.get_mut(k).map(std::mem::take);
            let level = level.unwrap_or_else(|| Level {
                first_child: vec![0; below + 1],
                by_id_start: vec![0],
                ..Level::default()
            });
            append(&mut self.levels[k], &mut self.children[k], level, k == 1);
        }
    }

    /// Notes where the positions of `part`, which it left on disk, are in `file`: its ids
    /// follow those of the partitions added before it.
    fn positions_in(&mut self, file: File, part: &Part) {
        let on_disk = self.on_disk.get_or_insert_with(OnDisk::default);
        let f = on_disk.add_file(file);
        for (k, &(at, _)) in part.on_disk.iter().enumerate().skip(1) {
            if part.levels[k].freq.is_empty() {
                continue;
            }
            let whole = &self.levels[k];
            let first_start = whole.by_id_start.last().copied().unwrap_or(0);
            on_disk.add_slice(k, whole.freq.len() as u32, first_start, f, at);
        }
    }

    /// The table, once every partition is added.
    pub(crate) fn finish(self) -> Table {
        let toks = &self.streams.tokens;
        let n = self.vocab.len();
        let (freq, survives0) = level0_counts(toks, self.vocab, self.limits);
        let flags = Flags::new(self.vocab, &freq, &survives0);
        let mut levels = self.levels;
        levels[0] = Level {
            last: (0..n as u32).collect(),
            freq: freq.clone(),
            right_clnc: self.right0,
            ..Level::default()
        };
        for (level, children) in levels.iter_mut().zip(&self.children).skip(1) {
            let mut first_child = Vec::with_capacity(children.len() + 1);
            first_child.push(0u32);
            let mut sum = 0u32;
            first_child.extend(children.iter().map(|&c| {
                sum += c;
                sum
            }));
            level.first_child = first_child;
        }
        Table {
            levels,
            tokens: freq.iter().map(|&f| u64::from(f)).sum(),
            unigram: freq,
            survives0,
            starts0: (0..n as u32).map(|t| self.vocab.can_start(t)).collect(),
            left0: left_of_others(toks, &flags, self.left0),
            on_disk: self.on_disk,
        }
    }
}

fn add_sums(to: &mut [u64], from: &[u64]) {
    to.iter_mut().zip(from).for_each(|(a, b)| *a += b);
}

/// Appends a partition's level to the whole's, its ids and positions moved past those of the
/// partitions before it. Level 1's prefixes are token ids, the same in every partition: its
/// children add up instead.
fn append(whole: &mut Level, children: &mut Vec<u32>, mut part: Level, level1: bool) {
    if whole.by_id_start.is_empty() {
        whole.by_id_start.push(0);
    }
    let offset = *whole.by_id_start.last().expect("pushed");
    whole
        .by_id_start
        .extend(part.by_id_start.iter().skip(1).map(|&s| s + offset));
    whole.by_id.append(&mut part.by_id);
    whole.last.append(&mut part.last);
    whole.freq.append(&mut part.freq);
    whole.right_clnc.append(&mut part.right_clnc);
    whole.tokens.append(&mut part.tokens);
    let counts = part.first_child.windows(2).map(|w| w[1] - w[0]);
    if level1 {
        children.iter_mut().zip(counts).for_each(|(a, c)| *a += c);
    } else {
        children.extend(counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lexicon::Traits;

    /// A corpus drawn from a few words with a fixed pseudo-random sequence: nouns, verbs, a
    /// joiner, a clause end and 不, so that every rule of counting applies somewhere.
    fn corpus(docs: usize, len: usize) -> (Streams, Vocab) {
        let words = [
            "安全",
            "理事会",
            "决议",
            "大会",
            "和",
            "，",
            "不",
            "通过",
            "审议",
            "报告",
            "秘书长",
            "委员会",
            "核",
            "武器",
            "条约",
            "扩散",
            "会议",
            "议程",
            "临时",
            "成员",
        ];
        let verbs = ["通过", "审议", "扩散"];
        let traits = words
            .iter()
            .map(|w| Traits {
                can_start: !matches!(*w, "和" | "，"),
                can_end: !matches!(*w, "和" | "，" | "不"),
                verb: verbs.contains(w),
                known: *w == "安全",
                joiner: *w == "和",
                breaks: *w == "，",
            })
            .collect();
        let vocab = Vocab::new(words.iter().map(|w| w.to_string()).collect(), traits);
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as u32
        };
        // Repeated phrases make long n-grams survive; random words make the rest.
        let phrases: [&[u32]; 4] = [&[0, 1, 2], &[12, 13, 14, 15], &[6, 7, 9, 10], &[16, 17, 18]];
        let docs: Vec<Vec<u32>> = (0..docs)
            .map(|_| {
                let mut d = Vec::new();
                while d.len() < len {
                    match next(3) {
                        0 => d.extend_from_slice(phrases[next(4) as usize]),
                        _ => d.push(next(words.len())),
                    }
                }
                d
            })
            .collect();
        (Streams::from_docs(&docs), vocab)
    }

    fn assembled(streams: &Streams, vocab: &Vocab, limits: Limits, parts: usize) -> Table {
        let mut assembly = Assembly::new(streams, vocab, limits);
        for range in ranges(streams, vocab, limits, parts) {
            assert_eq!(range.0, assembly.expects());
            assembly.add(Part::count(streams, vocab, limits, range), None);
        }
        assembly.finish()
    }

    /// Partitions put together are the table counted at once, field for field, whatever the
    /// number of partitions, `min_freq` (pruned or not) and `max_len`.
    #[test]
    fn partitions_assemble_into_the_whole_table() {
        let (streams, vocab) = corpus(12, 400);
        for (min_freq, max_len) in [(2, 8), (1, 4), (3, 8), (2, 1), (2, 16)] {
            let limits = Limits { min_freq, max_len };
            let whole = Table::count(&streams, &vocab, limits);
            assert!(whole.levels.len() >= max_len.min(4), "{min_freq} {max_len}");
            for parts in [1, 2, 3, 7, 40] {
                let t = assembled(&streams, &vocab, limits, parts);
                assert!(
                    t == whole,
                    "min_freq {min_freq}, max_len {max_len}, {parts} parts"
                );
            }
        }
    }

    /// A spilled partition reads back the same; a changed byte or a cut is refused.
    #[test]
    fn spilled_partitions_read_back_or_are_refused() {
        use super::super::spill::{
            Header, Positions, SpillError, check_shape, read_part, write_part,
        };
        let (streams, vocab) = corpus(4, 300);
        let limits = Limits {
            min_freq: 2,
            max_len: 8,
        };
        let range = ranges(&streams, &vocab, limits, 3)[1];
        let part = Part::count(&streams, &vocab, limits, range);
        let header = Header {
            fingerprint: fingerprint(&streams, &vocab, limits),
            part: 1,
            parts: 3,
        };
        let mut bytes = Vec::new();
        write_part(&mut bytes, header, &part).unwrap();
        let (h, back) = read_part(&bytes[..], bytes.len() as u64, Positions::Read, None).unwrap();
        assert_eq!((h, &back), (header, &part));
        check_shape(&back, vocab.len(), streams.tokens.len()).unwrap();
        let mut changed = bytes.clone();
        changed[60] ^= 1;
        let err = read_part(&changed[..], changed.len() as u64, Positions::Read, None).unwrap_err();
        assert!(matches!(err, SpillError::Damaged(_)), "{err:?}");
        let cut = &bytes[..bytes.len() - 9];
        let err = read_part(cut, cut.len() as u64, Positions::Read, None).unwrap_err();
        assert!(matches!(err, SpillError::Damaged(_)), "{err:?}");
        let err = read_part(&b"not a spill file"[..], 16, Positions::Read, None).unwrap_err();
        assert!(matches!(err, SpillError::NotSpill), "{err:?}");
    }

    /// Partitions read back with their positions left in their files give the same table,
    /// the positions read from the files when asked for.
    #[test]
    fn positions_left_on_disk_read_back_the_same() {
        use super::super::Gram;
        use super::super::spill::{Header, Positions, read_part, write_part};
        use std::io::{BufReader, Seek};
        let (streams, vocab) = corpus(10, 500);
        let limits = Limits {
            min_freq: 2,
            max_len: 8,
        };
        let whole = Table::count(&streams, &vocab, limits);
        let mut assembly = Assembly::new(&streams, &vocab, limits);
        for range in ranges(&streams, &vocab, limits, 4) {
            let part = Part::count(&streams, &vocab, limits, range);
            let mut file = tempfile::tempfile().unwrap();
            let header = Header {
                fingerprint: 0,
                part: 0,
                parts: 4,
            };
            write_part(std::io::BufWriter::new(&mut file), header, &part).unwrap();
            file.rewind().unwrap();
            let len = file.metadata().unwrap().len();
            let on_disk = Positions::OnDisk(streams.tokens.len() as u32);
            let (_, back) = read_part(BufReader::new(&file), len, on_disk, None).unwrap();
            assert!(back.levels.iter().all(|l| l.by_id.is_empty()));
            assembly.add(back, Some(file));
        }
        let t = assembly.finish();
        assert_eq!(t.levels.len(), whole.levels.len());
        let mut grams = 0;
        for (k, (a, b)) in t.levels.iter().zip(&whole.levels).enumerate().skip(1) {
            assert_eq!((&a.freq, &a.last, &a.tokens), (&b.freq, &b.last, &b.tokens));
            assert_eq!(
                (&a.first_child, &a.by_id_start),
                (&b.first_child, &b.by_id_start)
            );
            assert_eq!(a.right_clnc, b.right_clnc);
            for id in 0..a.freq.len() as u32 {
                let g = Gram { level: k, id };
                assert_eq!(t.positions(g), whole.positions(g), "{g:?}");
                grams += 1;
            }
        }
        assert!(grams > 100, "{grams}");
        assert_eq!((&t.left0, &t.unigram), (&whole.left0, &whole.unigram));
    }
}
