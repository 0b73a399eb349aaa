//! Equivalents stage: proposes the English that UN translators used for Chinese terms, from
//! Chinese–English pairs aligned by `align`. Term occurrences come from the matcher, English
//! word n-grams from the matcher's tokenizer; candidates are ranked by Dice over aligned
//! segments, keeping the maximal n-gram among those with the same support.

use crate::align::{self, Segment};
use crate::check::matcher::{self, ZhMatcher};
use crate::extract::segment::Segmenter;
use crate::glossary::Glossary;
use crate::text::normalize::{self, is_han};
use crate::util::hash::round4;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The JSON contract of `shuyu align --format json`, read by `shuyu merge`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alignments {
    pub terms: Vec<TermEquivalents>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermEquivalents {
    pub term: String,
    /// Occurrences of the term in the aligned Chinese segments.
    pub freq: u64,
    pub suggestions: Vec<Suggestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The English as most often written (case and number).
    pub en: String,
    /// Dice coefficient over aligned segments, 0–1.
    pub score: f64,
    /// Aligned segments that contain both the term and this English.
    pub support: u64,
    pub example: Example,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub top_k: usize,
    pub min_support: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            top_k: 3,
            min_support: 2,
        }
    }
}

/// One decoded Chinese–English pair.
#[derive(Debug, Clone)]
pub struct PairText {
    pub zh_path: PathBuf,
    pub zh: String,
    pub en_path: PathBuf,
    pub en: String,
}

/// Longest English candidate, in words.
const MAX_WORDS: usize = 6;

/// Subtracted from every co-occurrence count: a candidate seen in two segments that occur
/// nowhere else would otherwise tie with the real equivalent seen in ten.
const SMALL_COUNT: f64 = 0.5;

/// Function words: an English candidate neither starts nor ends with one (`of`, `and` inside
/// are kept: `law of the sea`, `women and girls`).
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "against",
    "all",
    "also",
    "am",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "during",
    "each",
    "either",
    "etc",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "i",
    "if",
    "in",
    "inter",
    "alia",
    "into",
    "is",
    "it",
    "its",
    "may",
    "might",
    "more",
    "most",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "of",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "over",
    "per",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "under",
    "upon",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "will",
    "with",
    "within",
    "without",
    "would",
    "you",
    "your",
    "including",
    "between",
    "further",
    "well",
    "same",
    "own",
    "s",
];

/// Key of an n-gram: word ids, the last one number-folded (`Member States` = `Member State`),
/// zero-padded.
type Key = [u32; MAX_WORDS];

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
        let sing = singular(lower);
        if sing != lower {
            let s = self.intern(&sing);
            self.singular[id as usize] = s;
        }
        id
    }
}

/// The singular of a lower-case English word, by the regular rules only; the key, never shown.
fn singular(w: &str) -> String {
    if w.len() <= 3 || w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w.to_owned();
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["ches", "shes", "xes", "sses"] {
        if w.ends_with(suffix) {
            return w[..w.len() - 2].to_owned();
        }
    }
    w.strip_suffix('s').unwrap_or(w).to_owned()
}

/// A segment's English: word ids and byte ranges in the segment text, with the index of the
/// first word of each run not crossed by punctuation.
struct EnSegment {
    words: Vec<(u32, u32, u32)>,
    runs: Vec<usize>,
}

/// One aligned segment pair, as text.
struct Seg<'a> {
    zh: &'a str,
    en: &'a str,
}

/// Proposes English equivalents for `terms` from `pairs`. Pairs that cannot be aligned are an
/// error (`Error::Align`).
pub fn suggest(pairs: &[PairText], terms: &[String], opts: &Options) -> crate::Result<Alignments> {
    let aligned: Vec<Vec<Segment>> = pairs
        .par_iter()
        .map(|p| {
            align::align_files(&p.zh_path, &p.zh, &p.en_path, &p.en).map(|a| {
                a.segments
                    .into_iter()
                    .filter(Segment::is_bilingual)
                    .collect()
            })
        })
        .collect::<crate::Result<_>>()?;

    // Term occurrences, per segment, by the one matcher.
    let zm = ZhMatcher::from_terms(terms.iter().map(String::as_str));
    let mut segs: Vec<Seg> = Vec::new();
    let mut term_segs: Vec<Vec<u32>> = vec![Vec::new(); terms.len()];
    let mut freq = vec![0u64; terms.len()];
    let seg = Segmenter::new(terms.iter().map(String::as_str));
    let per_pair: Vec<Vec<(usize, usize)>> = pairs
        .par_iter()
        .zip(&aligned)
        .map(|(p, segments)| {
            let starts: Vec<usize> = segments.iter().map(|s| s.zh.0).collect();
            let n = normalize::normalize(
                &p.zh,
                &normalize::Options {
                    drop_furniture: false,
                },
            );
            let mut hits = Vec::new();
            for m in zm.find_plain(&n.text) {
                if !whole_word(&seg, &n.text, m.start, m.end) {
                    continue;
                }
                let start = n.original_offset(m.start);
                let i = starts.partition_point(|&s| s <= start);
                if i > 0 && start < segments[i - 1].zh.1 {
                    hits.push((i - 1, m.entry));
                }
            }
            hits
        })
        .collect();
    for ((p, segments), hits) in pairs.iter().zip(&aligned).zip(&per_pair) {
        let base = segs.len() as u32;
        segs.extend(segments.iter().map(|s| Seg {
            zh: &p.zh[s.zh.0..s.zh.1],
            en: &p.en[s.en.0..s.en.1],
        }));
        for &(seg, term) in hits {
            freq[term] += 1;
            let id = base + seg as u32;
            if term_segs[term].last() != Some(&id) {
                term_segs[term].push(id);
            }
        }
    }

    // English n-grams of every segment: document frequencies over all of them.
    let mut vocab = Vocabulary::new();
    let en_segs: Vec<EnSegment> = segs.iter().map(|s| tokenize(s.en, &mut vocab)).collect();
    let mut gram_ids: FxHashMap<Key, u32> = FxHashMap::default();
    let mut gram_keys: Vec<Key> = Vec::new();
    let mut df: Vec<u32> = Vec::new();
    let mut seg_grams: Vec<Vec<u32>> = Vec::with_capacity(en_segs.len());
    for es in &en_segs {
        let mut grams: Vec<u32> = Vec::new();
        for_each_gram(es, &vocab, |key, _, _| {
            let next = gram_keys.len() as u32;
            let id = *gram_ids.entry(key).or_insert_with(|| {
                gram_keys.push(key);
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
        seg_grams.push(grams);
    }

    let out: Vec<TermEquivalents> = terms
        .par_iter()
        .enumerate()
        .map(|(t, term)| {
            let suggestions = rank(
                &term_segs[t],
                &seg_grams,
                &gram_keys,
                &df,
                opts,
                &vocab.singular,
            )
            .into_iter()
            .map(|(g, score, support)| {
                let key = gram_keys[g as usize];
                let (en, example) = surface(&key, &term_segs[t], &segs, &en_segs, &vocab);
                Suggestion {
                    en,
                    score: round4(score),
                    support,
                    example,
                }
            })
            .collect();
            TermEquivalents {
                term: term.clone(),
                freq: freq[t],
                suggestions,
            }
        })
        .collect();
    Ok(Alignments { terms: out })
}

/// Han characters of context the word-boundary check segments on each side of a match.
const WINDOW: usize = 10;

/// Whether a term occurrence is a word of its sentence and not the inside of a longer one:
/// 常驻代表 (permanent representative) in 常驻代表团 (permanent mission) is not, as jieba
/// segments it (常驻/代表团). Only a junction of two Han characters can cut through a word.
fn whole_word(seg: &Segmenter, text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let after = text[end..].chars().next();
    let check_start = before.is_some_and(is_han) && first.is_some_and(is_han);
    let check_end = last.is_some_and(is_han) && after.is_some_and(is_han);
    if !check_start && !check_end {
        return true;
    }
    let from = text[..start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_han(c))
        .take(WINDOW)
        .last()
        .map_or(start, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .take_while(|&(_, c)| is_han(c))
        .take(WINDOW)
        .last()
        .map_or(end, |(i, c)| end + i + c.len_utf8());
    let tokens = seg.cut(&text[from..to]);
    let at = |offset: usize| tokens.iter().any(|t| from + t.start == offset);
    let ends_at = |offset: usize| tokens.iter().any(|t| from + t.end == offset);
    (!check_start || at(start)) && (!check_end || ends_at(end))
}

fn tokenize(text: &str, vocab: &mut Vocabulary) -> EnSegment {
    let mut words = Vec::new();
    let mut runs = vec![0];
    let mut prev_end = 0;
    for (s, e) in matcher::words(text) {
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

fn len(k: &Key) -> usize {
    k.iter().position(|&w| w == 0).unwrap_or(MAX_WORDS)
}

/// `short` occurs inside `long`, words compared by their singular (`information and
/// communications` is inside `information and communications technologies`).
fn contains(long: &Key, short: &Key, singular: &[u32]) -> bool {
    let (l, s) = (len(long), len(short));
    let same = |a: u32, b: u32| a == b || singular[a as usize] == singular[b as usize];
    s < l && (0..=l - s).any(|i| (0..s).all(|k| same(long[i + k], short[k])))
}

/// The best candidates for one term: `(gram, score, support)`.
fn rank(
    segs_of_term: &[u32],
    seg_grams: &[Vec<u32>],
    keys: &[Key],
    df: &[u32],
    opts: &Options,
    singular: &[u32],
) -> Vec<(u32, f64, u64)> {
    let f_t = segs_of_term.len() as f64;
    if f_t == 0.0 {
        return Vec::new();
    }
    let mut co: FxHashMap<u32, u32> = FxHashMap::default();
    for &s in segs_of_term {
        for &g in &seg_grams[s as usize] {
            *co.entry(g).or_default() += 1;
        }
    }
    let mut cands: Vec<(u32, f64, u64)> = co
        .into_iter()
        .filter(|&(_, a)| a as u64 >= opts.min_support)
        .map(|(g, a)| {
            let dice = 2.0 * (a as f64 - SMALL_COUNT) / (f_t + df[g as usize] as f64);
            (g, dice, a as u64)
        })
        .collect();
    // Best first; among equals the longer n-gram, then a fixed order for reproducible output.
    cands.sort_by(|x, y| {
        y.1.total_cmp(&x.1)
            .then(len(&keys[y.0 as usize]).cmp(&len(&keys[x.0 as usize])))
            .then(keys[x.0 as usize].cmp(&keys[y.0 as usize]))
    });
    let mut out: Vec<(u32, f64, u64)> = Vec::new();
    for &(g, score, a) in &cands {
        if out.len() >= opts.top_k {
            break;
        }
        let key = &keys[g as usize];
        // Only a part of a longer candidate seen in nearly the same segments (all but one, at
        // small counts, if it associates about as well): the longer one is the equivalent
        // (`Rights Council` in `Human Rights Council`, `disaster risk` in `disaster risk
        // reduction`).
        let part = cands.iter().any(|&(h, sh, ah)| {
            let near = ah as f64 >= 0.9 * a as f64 || (ah + 1 >= a && sh >= 0.9 * score);
            near && contains(&keys[h as usize], key, singular)
        });
        if !part {
            out.push((g, score, a));
        }
    }
    out
}

/// The most frequent written form of `key` in the segments of the term, and the first segment
/// pair where they occur together.
fn surface(
    key: &Key,
    segs_of_term: &[u32],
    segs: &[Seg],
    en_segs: &[EnSegment],
    vocab: &Vocabulary,
) -> (String, Example) {
    let mut forms: Vec<(String, u32)> = Vec::new();
    let mut example: Option<Example> = None;
    for &s in segs_of_term {
        let es = &en_segs[s as usize];
        let text = segs[s as usize].en;
        let mut found = false;
        for_each_gram(es, vocab, |k, i, j| {
            if k != *key {
                return;
            }
            found = true;
            let (start, end) = (es.words[i].1 as usize, es.words[j - 1].2 as usize);
            let form = text[start..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            match forms.iter_mut().find(|(f, _)| *f == form) {
                Some((_, n)) => *n += 1,
                None => forms.push((form, 1)),
            }
        });
        if found && example.is_none() {
            example = Some(Example {
                zh: segs[s as usize].zh.to_owned(),
                en: text.to_owned(),
            });
        }
    }
    // Most frequent; on a tie the form seen first.
    let best = forms
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
        .map(|(_, (f, _))| f.clone())
        .unwrap_or_default();
    (
        best,
        example.unwrap_or(Example {
            zh: String::new(),
            en: String::new(),
        }),
    )
}

/// Reads the files of `pairs`; a pair with an unreadable side is left out and the file
/// reported in the second list.
pub fn load_pairs(pairs: &[crate::corpus::Pair]) -> (Vec<PairText>, Vec<crate::corpus::Skipped>) {
    let files: Vec<PathBuf> = pairs
        .iter()
        .flat_map(|p| [p.zh.clone(), p.en.clone()])
        .collect();
    let loaded = crate::corpus::load(&files);
    let text: FxHashMap<&std::path::Path, &str> = loaded
        .documents
        .iter()
        .map(|d| (d.path.as_path(), d.text.as_str()))
        .collect();
    let texts = pairs
        .iter()
        .filter_map(|p| {
            Some(PairText {
                zh_path: p.zh.clone(),
                zh: (*text.get(p.zh.as_path())?).to_owned(),
                en_path: p.en.clone(),
                en: (*text.get(p.en.as_path())?).to_owned(),
            })
        })
        .collect();
    (texts, loaded.skipped)
}

/// Terms of a `--terms` file: one per line (text before a tab), `#` comments, duplicates once.
pub fn read_terms(path: &Path) -> crate::Result<Vec<String>> {
    let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
    let text = crate::corpus::decode(&bytes).map_err(|e| crate::Error::Input {
        path: path.to_owned(),
        line: None,
        message: e.to_string(),
    })?;
    let mut seen = rustc_hash::FxHashSet::default();
    Ok(text
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| seen.insert(l.to_string()))
        .map(str::to_owned)
        .collect())
}

/// What `shuyu extract` finds in the Chinese side, then the glossary entries still lacking
/// English.
pub fn default_terms(
    pairs: &[PairText],
    glossary: &Glossary,
    top: usize,
) -> crate::Result<Vec<String>> {
    let corpus = crate::corpus::Corpus {
        documents: pairs
            .iter()
            .map(|p| crate::corpus::Document::new(p.zh_path.clone(), p.zh.clone()))
            .collect(),
        skipped: Vec::new(),
    };
    let opts = crate::extract::Options {
        top,
        contexts: 0,
        ..crate::extract::Options::default()
    };
    let found = crate::extract::run(&corpus, glossary, &opts, &crate::extract::Silent)?;
    let mut seen = rustc_hash::FxHashSet::default();
    Ok(found
        .terms
        .into_iter()
        .map(|t| t.term)
        .chain(
            glossary
                .entries
                .iter()
                .filter(|e| e.en.is_none())
                .filter_map(|e| e.zh.as_ref().map(|z| z.preferred.clone())),
        )
        .filter(|t| seen.insert(t.clone()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(zh: &str, en: &str) -> PairText {
        PairText {
            zh_path: "a.zh".into(),
            zh: zh.into(),
            en_path: "a.en".into(),
            en: en.into(),
        }
    }

    #[test]
    fn singular_keys() {
        assert_eq!(singular("states"), "state");
        assert_eq!(singular("countries"), "country");
        assert_eq!(singular("consensus"), "consensus");
        assert_eq!(singular("approaches"), "approach");
    }

    #[test]
    fn proposes_the_maximal_equivalent_with_its_usual_case() {
        let zh = "人权理事会通过了决议。\n大会注意到人权理事会的报告。\n会员国欢迎人权理事会的工作。\n会员国发言。\n";
        let en = "The Human Rights Council adopted a resolution.\nThe General Assembly took note of the report of the Human Rights Council.\nMember States welcomed the work of the Human Rights Council.\nA Member State spoke.\n";
        let r = suggest(
            &[pair(zh, en)],
            &["人权理事会".into(), "会员国".into()],
            &Options::default(),
        )
        .unwrap();
        let hrc = &r.terms[0];
        assert_eq!(hrc.freq, 3);
        assert_eq!(hrc.suggestions[0].en, "Human Rights Council");
        assert_eq!(hrc.suggestions[0].support, 3);
        assert!(hrc.suggestions.iter().all(|s| s.en != "Rights Council"));
        let ms = &r.terms[1];
        assert_eq!(ms.suggestions[0].en, "Member States");
        assert_eq!(ms.suggestions[0].support, 2);
        assert_eq!(ms.suggestions[0].example.zh, "会员国欢迎人权理事会的工作。");
    }
}
