//! English n-grams of aligned segments: the vocabulary (word ids, function words, singular
//! keys), each segment's words and punctuation-free runs, every candidate n-gram of up to
//! `MAX_WORDS` words with the segments it occurs in, and phrases of any length found in a
//! segment (the names `grow` builds from the n-grams).

use crate::text::english::{self, Singulars};
use rustc_hash::FxHashMap;

/// Longest n-gram counted over all segments, in words; longer candidates are grown from these
/// in the segments of one term (`grow`).
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
    // Parts of fixed phrases that no term starts or ends with: `pursuant to`, `in accordance
    // with`, `on behalf of`, `with regard to`, `I have the honour to transmit herewith`.
    "pursuant", "accordance", "behalf", "regard", "honour", "herewith",
    // Verbs of reporting in past or progressive form, which end clauses, not terms (`the
    // Board recommended`, `letter dated … addressed to`, `a note verbale stating`).
    "addressed", "decided", "emphasized", "expressed", "indicated", "informed", "noted",
    "recommended", "reiterated", "requested", "said", "stated", "stating", "stressed",
    "welcomed",
    // Forms of address: `Mr` alone is never the English of a term.
    "mr", "mrs", "ms", "dr", "sir", "madam", "excellency",
];

/// The verbs and openers that begin the paragraphs of UN resolutions and decisions (`Recalls
/// paragraph 27 of the report`, `Pursuant to rule 8`): capitalized, they are the formula, not
/// part of a term, so they neither start nor end a candidate. In lower case they may be nouns
/// (`requests for assistance`, `explanatory notes`) and count as words.
#[rustfmt::skip]
const FORMULA_OPENERS: &[&str] = &[
    "acknowledges", "acknowledging", "affirms", "affirming", "approves", "authorizes",
    "bearing", "calls", "calling", "commends", "commending", "concerned", "condemns",
    "condemning", "considering", "convinced", "decides", "deciding", "demands", "deplores",
    "emphasizes", "emphasizing", "encourages", "encouraging", "endorses", "expresses",
    "expressing", "invites", "inviting", "mindful", "notes", "noting", "reaffirms",
    "reaffirming", "recalls", "recalling", "recognizes", "recognizing", "recommends",
    "reiterates", "reiterating", "requests", "requesting", "stresses", "stressing", "takes",
    "taking", "underlines", "underlining", "urges", "urging", "welcomes", "welcoming",
];

/// The singular ids of a phrase's words; the last word of an n-gram key is folded the same way,
/// so a phrase grown from a key matches every form the key matched.
pub(super) type Phrase = Vec<u32>;

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
    /// Per gram id: the segments it occurs in, ascending (`postings[start[g]..start[g + 1]]`).
    start: Vec<u32>,
    postings: Vec<u32>,
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
        let (start, postings) = invert(&of_segment, &df);
        Grams {
            vocab,
            segments,
            keys,
            df,
            of_segment,
            start,
            postings,
        }
    }

    /// The segments gram `g` occurs in, ascending.
    pub(super) fn segments_of(&self, g: u32) -> &[u32] {
        let g = g as usize;
        &self.postings[self.start[g] as usize..self.start[g + 1] as usize]
    }

    /// The phrase of gram `g`.
    pub(super) fn phrase(&self, g: u32) -> Phrase {
        let key = &self.keys[g as usize];
        key[..len(key)]
            .iter()
            .map(|&w| self.vocab.singular[w as usize])
            .collect()
    }

    /// Whether singular id `word` is `and`.
    pub(super) fn is_and(&self, word: u32) -> bool {
        self.vocab.ids.get("and") == Some(&word)
    }

    /// A word that no candidate starts or ends with (`of`, a number, a formula opener).
    pub(super) fn is_weak(&self, word: u32) -> bool {
        self.vocab.weak[word as usize]
    }

    /// Word `i` of segment `s`: its singular id, whether it is weak, and whether it is written
    /// with a capital there.
    pub(super) fn word(&self, s: usize, i: usize) -> (u32, bool, bool) {
        let es = &self.segments[s];
        let w = es.words[i].0 as usize;
        (self.vocab.singular[w], self.vocab.weak[w], es.capital[i])
    }

    /// Calls `f(first word, end word, run start, run end)` for each occurrence of `phrase` in
    /// segment `s` that no punctuation crosses, with the bounds of the run it is in.
    pub(super) fn find(
        &self,
        s: usize,
        phrase: &[u32],
        mut f: impl FnMut(usize, usize, usize, usize),
    ) {
        let es = &self.segments[s];
        let singular = &self.vocab.singular;
        let n = phrase.len();
        for (r, &a) in es.runs.iter().enumerate() {
            let b = es.runs.get(r + 1).copied().unwrap_or(es.words.len());
            if b - a < n {
                continue;
            }
            for i in a..=b - n {
                if (0..n).all(|k| singular[es.words[i + k].0 as usize] == phrase[k]) {
                    f(i, i + n, a, b);
                }
            }
        }
    }

    /// Whether `phrase` occurs in segment `s`.
    pub(super) fn occurs(&self, s: usize, phrase: &[u32]) -> bool {
        let mut found = false;
        self.find(s, phrase, |_, _, _, _| found = true);
        found
    }

    /// Calls `f(start, end)` with the byte range of each occurrence of `phrase` in the English
    /// of segment `s`.
    pub(super) fn each_span(&self, s: usize, phrase: &[u32], mut f: impl FnMut(usize, usize)) {
        let words = &self.segments[s].words;
        self.find(s, phrase, |i, j, _, _| {
            f(words[i].1 as usize, words[j - 1].2 as usize)
        });
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

    /// Gram `long` begins with gram `short`, words compared by their singular.
    pub(super) fn begins_with(&self, long: u32, short: u32) -> bool {
        let (long, short) = (&self.keys[long as usize], &self.keys[short as usize]);
        let (l, s) = (len(long), len(short));
        let singular = &self.vocab.singular;
        s < l && (0..s).all(|k| singular[long[k] as usize] == singular[short[k] as usize])
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

    /// The id of a formula opener written with a capital: a word of its own, weak, so that
    /// the same word in lower case keeps its id.
    fn intern_opener(&mut self, lower: &str) -> u32 {
        let marked = format!("\u{1}{lower}");
        if let Some(&id) = self.ids.get(&marked) {
            return id;
        }
        let id = self.weak.len() as u32;
        self.ids.insert(marked, id);
        self.weak.push(true);
        self.singular.push(id);
        id
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
    /// Per word: written with a capital.
    capital: Vec<bool>,
    runs: Vec<usize>,
}

/// The words of a segment's English, and where punctuation breaks them into runs.
fn tokenize(text: &str, vocab: &mut Vocabulary) -> EnSegment {
    let mut words = Vec::new();
    let mut capital = Vec::new();
    let mut runs = vec![0];
    let mut prev_end = 0;
    for (s, e) in english::words(text) {
        let e = before_footnote_mark(&text[s..e]) + s;
        if !words.is_empty() && !text[prev_end..s].chars().all(char::is_whitespace) {
            runs.push(words.len());
        }
        let lower = text[s..e].to_lowercase();
        let capital_word = text[s..e].starts_with(|c: char| c.is_uppercase());
        let id = if capital_word && FORMULA_OPENERS.contains(&lower.as_str()) {
            vocab.intern_opener(&lower)
        } else {
            vocab.intern(&lower)
        };
        words.push((id, s as u32, e as u32));
        capital.push(capital_word);
        prev_end = e;
    }
    EnSegment {
        words,
        capital,
        runs,
    }
}

/// Where a word ends before a footnote mark glued to it, as UN texts flattened from PDF carry
/// them (`Office on Drugs and Crime1 provides`): digits after two lower-case letters. Symbols
/// and codes keep theirs (`G77`, `H5N1`, `A4`).
fn before_footnote_mark(word: &str) -> usize {
    let letters = word.trim_end_matches(|c: char| c.is_ascii_digit());
    let lower_end = letters
        .chars()
        .rev()
        .take(2)
        .all(|c| c.is_ascii_lowercase());
    match letters.len() < word.len() && letters.len() >= 2 && lower_end {
        true => letters.len(),
        false => word.len(),
    }
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

/// The segments of each gram, from the grams of each segment: `(start, postings)`, gram `g`'s
/// segments being `postings[start[g]..start[g + 1]]`.
fn invert(of_segment: &[Vec<u32>], df: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let mut start = Vec::with_capacity(df.len() + 1);
    let mut total = 0u32;
    start.push(0);
    for &d in df {
        total += d;
        start.push(total);
    }
    let mut next: Vec<u32> = start[..df.len()].to_vec();
    let mut postings = vec![0u32; total as usize];
    for (s, grams) in of_segment.iter().enumerate() {
        for &g in grams {
            postings[next[g as usize] as usize] = s as u32;
            next[g as usize] += 1;
        }
    }
    (start, postings)
}

#[cfg(test)]
mod tests {
    use super::before_footnote_mark;

    #[test]
    fn a_footnote_mark_glued_to_a_word_is_not_part_of_it() {
        assert_eq!(before_footnote_mark("Crime1"), 5);
        assert_eq!(before_footnote_mark("Venezuela12"), 9);
        for code in ["G77", "H5N1", "A4", "2015", "Crime"] {
            assert_eq!(before_footnote_mark(code), code.len(), "{code}");
        }
    }
}
