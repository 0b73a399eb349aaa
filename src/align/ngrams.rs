//! English n-grams of aligned segments: the vocabulary (word ids, function words, singular
//! keys), each segment's words and punctuation-free runs, and every candidate n-gram with the
//! number of segments it occurs in.

use crate::text::english::{self, Singulars};
use rustc_hash::FxHashMap;

/// Longest English candidate, in words.
pub(super) const MAX_WORDS: usize = 6;

/// Function words: an English candidate neither starts nor ends with one (`of`, `and` inside
/// are kept: `law of the sea`, `women and girls`).
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "against", "all", "also", "am", "among", "an", "and", "any",
    "are", "as", "at", "be", "been", "being", "both", "but", "by", "can", "could", "did", "do",
    "does", "during", "each", "either", "etc", "for", "from", "had", "has", "have", "he", "her",
    "here", "his", "how", "i", "if", "in", "inter", "alia", "into", "is", "it", "its", "may",
    "might", "more", "most", "must", "my", "no", "nor", "not", "of", "on", "once", "only", "or",
    "other", "our", "over", "per", "shall", "she", "should", "so", "some", "such", "than", "that",
    "the", "their", "them", "there", "these", "they", "this", "those", "through", "to", "under",
    "upon", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while",
    "who", "whom", "whose", "will", "with", "within", "without", "would", "you", "your",
    "including", "between", "further", "well", "same", "own", "s",
];

/// Key of an n-gram: word ids, the last one number-folded (`Member States` = `Member State`),
/// zero-padded.
pub(super) type Key = [u32; MAX_WORDS];

/// Words in an n-gram key.
pub(super) fn len(k: &Key) -> usize {
    k.iter().position(|&w| w == 0).unwrap_or(MAX_WORDS)
}

/// The candidate n-grams of every segment's English, each under an id.
pub(super) struct Grams {
    vocab: Vocabulary,
    /// Per segment: its words.
    segments: Vec<EnSegment>,
    /// Per gram id: its key.
    pub(super) keys: Vec<Key>,
    /// Per gram id: how many segments it occurs in.
    pub(super) df: Vec<u32>,
    /// Per segment: the ids of the grams in it, ascending, once each.
    pub(super) of_segment: Vec<Vec<u32>>,
}

impl Grams {
    /// The grams of `texts`, one segment's English each. Words get ids in the order they are
    /// first seen, and keys compare by id, so the order of the texts decides ties in ranking.
    pub(super) fn new<'a>(texts: impl Iterator<Item = &'a str>) -> Self {
        let mut vocab = Vocabulary::new();
        let segments: Vec<EnSegment> = texts.map(|t| tokenize(t, &mut vocab)).collect();
        let mut ids: FxHashMap<Key, u32> = FxHashMap::default();
        let mut keys: Vec<Key> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut of_segment: Vec<Vec<u32>> = Vec::with_capacity(segments.len());
        for es in &segments {
            let mut grams: Vec<u32> = Vec::new();
            for_each_gram(es, &vocab, |key, _, _| {
                let next = keys.len() as u32;
                let id = *ids.entry(key).or_insert_with(|| {
                    keys.push(key);
                    df.push(0);
                    next
                });
                grams.push(id);
            });
            grams.sort_unstable();
            grams.dedup();
            for &g in &grams {
                df[g as usize] += 1;
            }
            of_segment.push(grams);
        }
        Grams {
            vocab,
            segments,
            keys,
            df,
            of_segment,
        }
    }

    /// Gram `short` occurs inside gram `long`, words compared by their singular (`information
    /// and communications` is inside `information and communications technologies`).
    pub(super) fn contains(&self, long: u32, short: u32) -> bool {
        let (long, short) = (&self.keys[long as usize], &self.keys[short as usize]);
        let (l, s) = (len(long), len(short));
        let singular = &self.vocab.singular;
        let same = |a: u32, b: u32| a == b || singular[a as usize] == singular[b as usize];
        s < l && (0..=l - s).any(|i| (0..s).all(|k| same(long[i + k], short[k])))
    }

    /// Calls `f(start, end)` with the byte range of each occurrence of gram `g` in the English
    /// of segment `segment`.
    pub(super) fn each_span(&self, segment: usize, g: u32, mut f: impl FnMut(usize, usize)) {
        let key = self.keys[g as usize];
        let es = &self.segments[segment];
        for_each_gram(es, &self.vocab, |k, i, j| {
            if k == key {
                f(es.words[i].1 as usize, es.words[j - 1].2 as usize);
            }
        });
    }
}

/// Words by id: lower-case spelling, whether it is weak, and its singular.
struct Vocabulary {
    ids: FxHashMap<String, u32>,
    /// Per id: a function word or a bare number (cannot start or end a candidate).
    weak: Vec<bool>,
    /// Per id: the id of its singular.
    singular: Vec<u32>,
}

impl Vocabulary {
    fn new() -> Self {
        Vocabulary {
            ids: FxHashMap::default(),
            weak: vec![true],
            singular: vec![0],
        }
    }

    fn intern(&mut self, lower: &str) -> u32 {
        if let Some(&id) = self.ids.get(lower) {
            return id;
        }
        let id = self.weak.len() as u32;
        self.ids.insert(lower.to_owned(), id);
        let weak = STOP_WORDS.contains(&lower) || lower.chars().all(|c| !c.is_alphabetic());
        self.weak.push(weak);
        self.singular.push(id);
        if let Some(sing) = english::singulars(lower, Singulars::Key).pop() {
            let s = self.intern(&sing);
            self.singular[id as usize] = s;
        }
        id
    }
}

/// A segment's English: word ids and byte ranges in the segment text, with the index of the
/// first word of each run not crossed by punctuation.
struct EnSegment {
    words: Vec<(u32, u32, u32)>,
    runs: Vec<usize>,
}

/// The words of a segment's English, and where punctuation breaks them into runs.
fn tokenize(text: &str, vocab: &mut Vocabulary) -> EnSegment {
    let mut words = Vec::new();
    let mut runs = vec![0];
    let mut prev_end = 0;
    for (s, e) in english::words(text) {
        if !words.is_empty() && !text[prev_end..s].chars().all(char::is_whitespace) {
            runs.push(words.len());
        }
        let lower = text[s..e].to_lowercase();
        words.push((vocab.intern(&lower), s as u32, e as u32));
        prev_end = e;
    }
    EnSegment { words, runs }
}

/// Calls `f(key, first word, end word)` for every candidate n-gram of a segment.
fn for_each_gram(es: &EnSegment, vocab: &Vocabulary, mut f: impl FnMut(Key, usize, usize)) {
    let n_words = es.words.len();
    for (r, &run_start) in es.runs.iter().enumerate() {
        let run_end = es.runs.get(r + 1).copied().unwrap_or(n_words);
        for i in run_start..run_end {
            let first = es.words[i].0;
            if vocab.weak[first as usize] {
                continue;
            }
            let mut key: Key = [0; MAX_WORDS];
            for n in 1..=MAX_WORDS.min(run_end - i) {
                let last = es.words[i + n - 1].0;
                key[n - 1] = last;
                if vocab.weak[last as usize] {
                    continue;
                }
                let mut k = key;
                k[n - 1] = vocab.singular[last as usize];
                f(k, i, i + n);
            }
        }
    }
}
