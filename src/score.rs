//! Score stage: ranks candidates by termhood.
//!
//! ```text
//! score(a) = C(a) · U(a) · S(a)^1.5
//!
//! C(a) = log2(1 + |a|) · f(a)                              if no candidate contains a
//!      = log2(1 + |a|) · (f(a) − Σ_{b∈T(a)} f(b) / |T(a)|)  otherwise            (C-value)
//! U(a) = 1 − exp(−min(H_L(a), H_R(a)))                                          (unithood)
//! S(a) = max(0.1, ln(p_corpus(a) / p_general(a)))                             (specificity)
//! for an approved glossary term: U(a) = 1 and C(a) = log2(1 + |a|) · f(a)
//! ```
//!
//! Candidates are scored by surface form: jieba may cut one string differently in different
//! contexts, and all its segmentations are one term. `|a|` is the length in characters, `f`
//! the corpus frequency (occurrences inside a glossary word the segmenter kept whole included),
//! `T(a)` the longer candidates that contain `a`. `H_L`, `H_R` are the left and right branching
//! entropies (nats), where a clause boundary or an edge-only function word counts as a new
//! neighbour each time: a fragment such as 成员名额, always between 不限 and 工作组, has
//! entropy 0 and so U = 0. S is the weirdness ratio (Ahmad et al.): `p_corpus` is the term's
//! relative frequency here (per token), `p_general` the product of its tokens' relative
//! frequencies in jieba's dictionary of general Chinese (about 60 million counts; jieba's own
//! independence estimate), both add-one smoothed. A general word as common here as anywhere
//! (国家, 会议) gets S near 1; a compound general Chinese never uses (不限成员名额工作组) gets S
//! above 10. The exponent 1.5 is explained at `SPECIFICITY_WEIGHT`. Ties break by the term
//! text, so the ranking is deterministic.

use crate::candidates::{Gram, Table, Vocab};
use crate::segment::Segmenter;
use rayon::prelude::*;

/// A ranked candidate.
#[derive(Debug, Clone)]
pub struct Scored {
    /// Every segmentation of the term that was counted.
    pub grams: Vec<Gram>,
    /// Glossary words (token ids) the segmenter kept whole that contain the term.
    pub containers: Vec<u32>,
    pub term: String,
    pub freq: u64,
    pub score: f64,
}

/// How much more often the rest of a verb-initial n-gram occurs without the verb, beyond which
/// the verb is the predicate of a clause (使用|信息和通信技术) rather than part of a term
/// (建立信任|措施, 维持和平|行动, whose rest hardly occurs alone).
const PREDICATE_RATIO: f64 = 1.5;

/// Exponent of S: on general UN text the most frequent words are general ones (国家, 会议,
/// 发展), so specificity must weigh more than frequency. 1.5 was chosen on the UNPC dev set
/// (precision@50 by my judgement: 62% with 1, 76% with 1.5 at the time it was chosen, 78% now;
/// 2 lets rare clause fragments through).
const SPECIFICITY_WEIGHT: f64 = 1.5;

/// How much more often each side of `X和Y` must occur alone for the whole to be read as a
/// coordination of two terms (政府专家组和不限成员名额工作组) rather than one term whose parts
/// share a head (信息和通信技术: 通信技术 hardly occurs without 信息和).
const COORDINATION_RATIO: u32 = 2;

/// Candidates: counted n-grams that end in a word allowed to end a term, have at least two
/// characters (single characters are almost never UN terms), contain a verb only as their first
/// word, whose first verb is not simply the predicate of a term that follows it, and that are
/// not a coordination of two terms.
pub fn candidates(table: &Table, vocab: &Vocab) -> Vec<Gram> {
    let grams: Vec<Gram> = table.grams().collect();
    grams
        .into_par_iter()
        .filter(|&g| {
            let toks = table.tokens_of(g);
            let last = *toks.last().expect("non-empty gram") as usize;
            let chars: usize = toks
                .iter()
                .map(|&t| vocab.words[t as usize].chars().count())
                .sum();
            if !(vocab.can_end[last] && vocab.can_start[toks[0] as usize] && chars >= 2) {
                return false;
            }
            // A verb may open a term, also right after 不 (不扩散核武器条约).
            let first_verb =
                usize::from(vocab.words[toks[0] as usize] == crate::candidates::NEGATION);
            if toks
                .iter()
                .enumerate()
                .any(|(i, &t)| i > first_verb && vocab.verb[t as usize])
            {
                return false;
            }
            if vocab.verb[toks[0] as usize] && toks.len() > 1 {
                // A verb followed by something that cannot begin a term (没有与…) is a clause.
                let Some(rest) = table.find(&toks[1..]) else {
                    return false;
                };
                if f64::from(table.freq(rest)) >= PREDICATE_RATIO * f64::from(table.freq(g)) {
                    return false;
                }
            }
            let whole = table.freq(g);
            let alone = |part: &[u32]| {
                table
                    .find(part)
                    .is_some_and(|p| table.freq(p) >= COORDINATION_RATIO * whole)
            };
            !(1..toks.len().saturating_sub(1)).any(|j| {
                vocab.joiner[toks[j] as usize] && alone(&toks[..j]) && alone(&toks[j + 1..])
            })
        })
        .collect()
}

/// Scores and ranks `cands`, best first. jieba may cut one string differently in different
/// contexts (不限|成员 and 不|限|成员), so candidates are merged by surface form before scoring:
/// a fragment nested in both segmentations of a longer term is nested in one term, not two.
pub fn rank(table: &Table, vocab: &Vocab, cands: &[Gram], seg: &Segmenter) -> Vec<Scored> {
    let offsets: Vec<usize> = table
        .levels
        .iter()
        .scan(0, |acc, l| {
            let o = *acc;
            *acc += l.freq.len();
            Some(o)
        })
        .collect();
    let total =
        offsets.last().copied().unwrap_or(0) + table.levels.last().map_or(0, |l| l.freq.len());
    let dense = |g: Gram| offsets[g.level] + g.id as usize;

    // Surfaces: the distinct strings, sorted so their ids do not depend on thread count.
    let strings: Vec<String> = cands
        .par_iter()
        .map(|&g| {
            table
                .tokens_of(g)
                .iter()
                .map(|&t| vocab.words[t as usize].as_str())
                .collect()
        })
        .collect();
    let mut order: Vec<u32> = (0..cands.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| {
        strings[a as usize]
            .cmp(&strings[b as usize])
            .then(cands[a as usize].cmp(&cands[b as usize]))
    });
    let mut surface_of = vec![u32::MAX; total];
    let mut surfaces: Vec<Vec<Gram>> = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let i = i as usize;
        if k == 0 || strings[i] != strings[order[k - 1] as usize] {
            surfaces.push(Vec::new());
        }
        surfaces.last_mut().expect("pushed").push(cands[i]);
        surface_of[dense(cands[i])] = (surfaces.len() - 1) as u32;
    }
    let mut freq: Vec<u64> = surfaces
        .iter()
        .map(|gs| gs.iter().map(|&g| u64::from(table.freq(g))).sum())
        .collect();

    // A glossary term kept whole by the segmenter (信息和通信技术环境) still contains the
    // terms inside it (信息和通信技术): each of its occurrences counts for them too.
    // `order` is sorted by string, so a surface is found by binary search.
    let find_surface = |s: &str| -> Option<usize> {
        let k = order
            .binary_search_by(|&i| {
                strings[i as usize]
                    .as_str()
                    .cmp(s)
                    .then(std::cmp::Ordering::Greater)
            })
            .unwrap_err();
        let &i = order.get(k)?;
        (strings[i as usize] == s).then(|| surface_of[dense(cands[i as usize])] as usize)
    };
    let mut containers: Vec<Vec<u32>> = vec![Vec::new(); surfaces.len()];
    // The glossary word is also one of the longer terms that contain the inner one (T(a)).
    let mut container_pairs: Vec<u64> = Vec::new();
    for (w, word) in vocab.words.iter().enumerate() {
        if !vocab.known[w] || table.unigram[w] == 0 {
            continue;
        }
        let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        let mut inside: Vec<usize> = Vec::new();
        for (a, &i) in starts.iter().enumerate() {
            for &j in starts[a + 1..].iter().chain(std::iter::once(&word.len())) {
                if (i, j) != (0, word.len())
                    && let Some(sid) = find_surface(&word[i..j])
                {
                    inside.push(sid);
                }
            }
        }
        let outer = find_surface(word);
        for sid in inside {
            freq[sid] += u64::from(table.unigram[w]);
            if containers[sid].last() != Some(&(w as u32)) {
                containers[sid].push(w as u32);
            }
            if let Some(outer) = outer {
                container_pairs.push(((sid as u64) << 32) | outer as u64);
            }
        }
    }

    // Nesting as (inner surface, outer surface) pairs, deduplicated so each longer term counts
    // once in T(a) whatever its segmentations.
    let mut pairs: Vec<u64> = cands
        .par_iter()
        .filter(|g| g.level > 0)
        .flat_map_iter(|&b| {
            let outer = surface_of[dense(b)];
            let toks = table.tokens_of(b);
            let mut inner: Vec<u64> = Vec::new();
            for i in 0..toks.len() {
                let max = if i == 0 {
                    toks.len() - 1
                } else {
                    toks.len() - i
                };
                for len in 1..=max {
                    match table.find(&toks[i..i + len]) {
                        Some(a) => {
                            let sa = surface_of[dense(a)];
                            if sa != u32::MAX && sa != outer {
                                inner.push((u64::from(sa) << 32) | u64::from(outer));
                            }
                        }
                        None => break,
                    }
                }
            }
            inner
        })
        .collect();
    pairs.extend(container_pairs);
    pairs.par_sort_unstable();
    pairs.dedup();
    let mut nested_sum = vec![0u64; surfaces.len()];
    let mut nested_count = vec![0u32; surfaces.len()];
    for p in pairs {
        let (a, b) = ((p >> 32) as usize, (p & 0xFFFF_FFFF) as usize);
        nested_sum[a] += freq[b];
        nested_count[a] += 1;
    }

    // General-Chinese log probability per token type, for the tokens candidates use.
    let mut needed: Vec<u32> = cands
        .par_iter()
        .flat_map_iter(|&g| table.tokens_of(g).to_vec())
        .collect();
    needed.par_sort_unstable();
    needed.dedup();
    let ln_general = (seg.reference_total() as f64).ln();
    let general: rustc_hash::FxHashMap<u32, f64> = needed
        .par_iter()
        .map(|&t| {
            (
                t,
                (seg.reference_freq(&vocab.words[t as usize]) as f64 + 1.0).ln() - ln_general,
            )
        })
        .collect();
    let n_corpus = table.tokens as f64 + 1.0;

    let mut scored: Vec<Scored> = surfaces
        .into_par_iter()
        .zip(containers)
        .enumerate()
        .map(|(sid, (grams, containers))| {
            let main = *grams
                .iter()
                .max_by_key(|&&g| (table.freq(g), std::cmp::Reverse(g)))
                .expect("a gram");
            let toks = table.tokens_of(main);
            let term: String = toks
                .iter()
                .map(|&t| vocab.words[t as usize].as_str())
                .collect();
            let chars = term.chars().count() as f64;
            let f = freq[sid] as f64;
            // A curated term's unithood is not in question, nor is it a part of its containers.
            let known = grams
                .iter()
                .any(|g| g.level == 0 && vocab.known[table.tokens_of(*g)[0] as usize]);
            let c = if nested_count[sid] == 0 || known {
                (1.0 + chars).log2() * f
            } else {
                (1.0 + chars).log2()
                    * (f - nested_sum[sid] as f64 / f64::from(nested_count[sid])).max(0.0)
            };
            // Unithood of the surface: each segmentation's, weighted by its frequency.
            let u = if known {
                1.0
            } else {
                grams
                    .iter()
                    .map(|&g| {
                        let (hl, hr) = table.entropies(g);
                        f64::from(table.freq(g)) * (1.0 - (-hl.min(hr)).exp())
                    })
                    .sum::<f64>()
                    / f
            };
            let ln_pc = ((f + 1.0) / n_corpus).ln();
            let ln_pg: f64 = toks.iter().map(|t| general[t]).sum();
            let s = (ln_pc - ln_pg).max(0.1).powf(SPECIFICITY_WEIGHT);
            Scored {
                grams,
                containers,
                term,
                freq: freq[sid],
                score: c * u * s,
            }
        })
        .collect();
    scored.par_sort_unstable_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.term.cmp(&b.term))
    });
    scored
}
