//! Near-duplicate Chinese forms: two spellings of one term (信息和通信技术 / 信息通信技术,
//! 信息通讯技术 / 信息通信技术), which extract reports as `variant_of` and merge records as
//! suggested variants.

/// Linking characters UN Chinese may add or drop between the parts of a term without changing
/// it (信息和通信技术 / 信息通信技术, 信息、通信技术). They are compared as characters of written
/// forms, so they differ from the joiner words of extraction (`extract::lexicon`), which are
/// tokens: 的 and 、 link the parts of a spelling but end a candidate phrase, while 以及, 或者
/// and 并 join phrases but would, as characters, also be dropped from inside words (合并).
pub const OPTIONAL_LINKS: &[char] = &['和', '与', '及', '的', '之', '、'];

/// Whether two Chinese terms are near-duplicates: equal once optional links are removed, or,
/// for terms of five characters or more, one character apart after the first two
/// (信息通讯技术 / 信息通信技术). A difference in the first two characters usually changes the
/// modifier and so the concept (国际安全 / 国家安全), and is not reported.
pub fn is_variant(a: &str, b: &str) -> bool {
    Skeleton::new(a).is_variant_of(&Skeleton::new(b))
}

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

/// A term with its optional links removed, prepared once for the many comparisons of
/// `is_variant`.
pub(crate) struct Skeleton<'a> {
    pub(crate) term: &'a str,
    chars: Vec<char>,
}

impl<'a> Skeleton<'a> {
    pub(crate) fn new(term: &'a str) -> Self {
        Skeleton {
            term,
            chars: term
                .chars()
                .filter(|c| !OPTIONAL_LINKS.contains(c))
                .collect(),
        }
    }

    /// Characters of the term less its optional links: terms whose lengths differ by more
    /// than one are never variants.
    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }

    /// `is_variant(self.term, other.term)`.
    pub(crate) fn is_variant_of(&self, other: &Skeleton) -> bool {
        let (sa, sb) = (&self.chars, &other.chars);
        if self.term == other.term {
            return false;
        }
        if sa == sb {
            return true;
        }
        if sa.len() < 5 || sb.len() < 5 || sa[..2] != sb[..2] || sa.len().abs_diff(sb.len()) > 1 {
            return false;
        }
        strsim::generic_levenshtein(sa, sb) <= 1
    }
}

/// Skeletons in order, indexed so that the first one a new term is a variant of is found
/// without comparing the term with every one: comparing each of the hundreds of thousands of
/// terms `extract --top 0` reports with every term before it took minutes.
///
/// Two skeletons are variants when they are equal, or when they have five characters or more,
/// the same first two and one edit between them; that edit can always be placed after the
/// first two characters. So each skeleton is filed under keys (64-bit hashes) of itself and,
/// from five characters, of itself less one character after the first two, with and without
/// the position; a term looks up the keys its variants must have been filed under. Each key
/// keeps only its first skeleton, which a term with that key is a variant of unless the two
/// are the same term (or the hashes collide); then the term is compared with every skeleton,
/// so that the answer is always the first in order.
pub(crate) struct VariantIndex<'a> {
    items: Vec<Skeleton<'a>>,
    first: FxHashMap<u64, usize>,
}

/// Kinds of key: a whole skeleton, one less a character at a known position, one less a
/// character at any position.
const WHOLE: u64 = 0;
const LESS_AT: u64 = 1;
const LESS_ANY: u64 = 2;
/// Characters of a skeleton never edited between variants.
const KEPT: usize = 2;
/// Skeletons shorter than this have no variants but equal ones.
const EDITABLE: usize = 5;

impl<'a> VariantIndex<'a> {
    pub(crate) fn with_capacity(n: usize) -> Self {
        VariantIndex {
            items: Vec::with_capacity(n),
            first: FxHashMap::default(),
        }
    }

    /// Files `s` after the skeletons already there.
    pub(crate) fn push(&mut self, s: Skeleton<'a>) {
        let at = self.items.len();
        let c = &s.chars;
        let mut file = |key| {
            self.first.entry(key).or_insert(at);
        };
        file(key(WHOLE, c, None));
        if c.len() >= EDITABLE {
            for k in KEPT..c.len() {
                file(key(LESS_AT + ((k as u64) << 2), c, Some(k)));
                file(key(LESS_ANY, c, Some(k)));
            }
        }
        self.items.push(s);
    }

    /// The first skeleton filed that `s` is a variant of: what [`Self::scan`] finds.
    pub(crate) fn first_variant(&self, s: &Skeleton) -> Option<&Skeleton<'a>> {
        let c = &s.chars;
        let mut probes = vec![key(WHOLE, c, None)];
        if c.len() >= EDITABLE {
            // The same length, one character replaced; or one character more.
            probes.extend((KEPT..c.len()).map(|k| key(LESS_AT + ((k as u64) << 2), c, Some(k))));
            probes.push(key(LESS_ANY, c, None));
        }
        if c.len() > EDITABLE {
            // One character less.
            probes.extend((KEPT..c.len()).map(|k| key(WHOLE, c, Some(k))));
        }
        let mut best: Option<usize> = None;
        for probe in probes {
            let Some(&at) = self.first.get(&probe) else {
                continue;
            };
            if !s.is_variant_of(&self.items[at]) {
                return self.scan(s);
            }
            best = Some(best.map_or(at, |b| b.min(at)));
        }
        best.map(|at| &self.items[at])
    }

    /// The first skeleton filed that `s` is a variant of, comparing it with each in turn.
    pub(crate) fn scan(&self, s: &Skeleton) -> Option<&Skeleton<'a>> {
        self.items.iter().find(|other| s.is_variant_of(other))
    }
}

/// The key of `kind` of `chars`, less the character at `skip` when given.
fn key(kind: u64, chars: &[char], skip: Option<usize>) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(kind);
    for (i, &c) in chars.iter().enumerate() {
        if Some(i) != skip {
            h.write_u32(c as u32);
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Terms over a few characters, optional links among them, so that many are variants.
    fn random_terms(n: usize, seed: u64) -> Vec<String> {
        let alphabet: Vec<char> = "信息通讯信技术安全和的国家际".chars().collect();
        let mut x = seed;
        let mut next = move |k: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % k as u64) as usize
        };
        (0..n)
            .map(|_| {
                let len = 1 + next(8);
                (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
            })
            .collect()
    }

    #[test]
    fn index_finds_what_the_scan_finds() {
        for seed in 1..6 {
            let terms = random_terms(3000, seed);
            let mut index = VariantIndex::with_capacity(terms.len());
            let mut found = 0;
            for t in &terms {
                let s = Skeleton::new(t);
                let by_index = index.first_variant(&s).map(|o| o.term);
                assert_eq!(by_index, index.scan(&s).map(|o| o.term), "{t}");
                found += usize::from(by_index.is_some());
                index.push(s);
            }
            assert!(found > 500, "{found}");
        }
    }

    #[test]
    fn index_finds_what_the_scan_finds_among_real_terms() {
        // Every run of two to nine characters of a UN resolution, in text order: near
        // duplicates of every kind, repeats included.
        let text: Vec<char> = include_str!("../../corpus/A_RES_75_32.zh.txt")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let terms: Vec<String> = (2..10)
            .flat_map(|n| text.windows(n).step_by(3).map(|w| w.iter().collect()))
            .take(20_000)
            .collect();
        let mut index = VariantIndex::with_capacity(terms.len());
        for t in &terms {
            let s = Skeleton::new(t);
            let by_index = index.first_variant(&s).map(|o| o.term);
            assert_eq!(by_index, index.scan(&s).map(|o| o.term), "{t}");
            index.push(s);
        }
    }

    #[test]
    fn variants() {
        assert!(is_variant("信息通信技术", "信息和通信技术"));
        assert!(is_variant("信息通讯技术", "信息通信技术"));
        assert!(!is_variant("国际安全", "国家安全"));
        assert!(!is_variant("国际信息安全", "国家信息安全"));
        assert!(!is_variant("政府专家组", "政府专家组"));
    }
}
