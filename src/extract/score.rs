//! Score stage: ranks candidates by termhood.
//!
//! ```text
//! score(a) = C(a) · U(a) · S(a)^1.7
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
//! independence estimate), both add-one smoothed. A token the dictionary lacks (a glossary term
//! kept whole, a name the HMM found) counts as the dictionary words it is made of, so a string
//! scores the same whether or not the segmenter kept it whole. A general word as common here
//! as anywhere (国家, 会议) gets S near 1; a compound general Chinese never uses (不限成员名额工作组) gets S
//! above 10. The exponent 1.7 is explained at `SPECIFICITY_WEIGHT`. Ties break by the term
//! text, so the ranking is deterministic.

use crate::extract::count::{Gram, Left, Table, Vocab};
use crate::extract::segment::{Segmenter, Streams};
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
/// 发展), so specificity must weigh more than frequency. Chosen on the UNPC dev set
/// (precision@50 by my judgement, `tests/extract_quality.rs`): 0.62 with 1, 0.82 with 1.5, 0.84
/// with 1.7, 0.86 with 1.8 and 1.9, 0.84 with 2. From 1.8 up, 能力建设 (four occurrences in
/// `corpus/`) falls below glossary terms seen once there and out of the top 30, hence 1.7.
const SPECIFICITY_WEIGHT: f64 = 1.7;

/// How much more often each side of `X和Y` must occur alone for the whole to be read as a
/// coordination of two terms (政府专家组和不限成员名额工作组) rather than one term whose parts
/// share a head (信息和通信技术: 通信技术 hardly occurs without 信息和).
const COORDINATION_RATIO: u32 = 2;

/// Candidates: counted n-grams that end in a word allowed to end a term, have at least two
/// characters (single characters are almost never UN terms), contain a verb only as their first
/// word, whose first verb is not simply the predicate of a term that follows it, that are not a
/// coordination of two terms, and that are not the end of a list of modifiers.
pub fn candidates(table: &Table, vocab: &Vocab, streams: &Streams) -> Vec<Gram> {
    let mut grams: Vec<Gram> = Vec::with_capacity(table.levels.iter().map(|l| l.freq.len()).sum());
    grams.extend(table.grams());
    let char_len = char_lengths(vocab);
    let kept: Vec<Gram> = grams
        .into_par_iter()
        .filter(|&g| {
            let toks = table.tokens_of(g);
            let last = *toks.last().expect("non-empty gram") as usize;
            let chars: u32 = toks.iter().map(|&t| char_len[t as usize]).sum();
            if !(vocab.can_end[last] && vocab.can_start[toks[0] as usize] && chars >= 2) {
                return false;
            }
            if toks
                .iter()
                .enumerate()
                .any(|(i, &t)| vocab.verb[t as usize] && !vocab.verb_may_stand(toks[0], i))
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
        .collect();
    drop_modifier_list_tails(table, vocab, streams, kept)
}

/// In `开放、安全、稳定、无障碍及和平的信息和通信技术环境` the words between 、 and 的 are a list
/// of modifiers of the noun after 的, and `无障碍及和平`, its last two items, is not a term. A
/// candidate with a joiner inside is dropped when at least half of its occurrences sit between
/// an enumeration comma and 的. Names listed among others (、波斯尼亚和黑塞哥维那、) and terms
/// in a list of goals (、赋予妇女和女童权能，) are not followed by 的 and stay.
fn drop_modifier_list_tails(
    table: &Table,
    vocab: &Vocab,
    streams: &Streams,
    kept: Vec<Gram>,
) -> Vec<Gram> {
    let id = |w: &str| vocab.words.iter().position(|x| x == w).map(|i| i as u32);
    let (Some(comma), Some(de)) = (id("、"), id("的")) else {
        return kept;
    };
    let with_joiner: Vec<Gram> = kept
        .iter()
        .copied()
        .filter(|&g| {
            let toks = table.tokens_of(g);
            toks.len() > 2
                && toks[1..toks.len() - 1]
                    .iter()
                    .any(|&t| vocab.joiner[t as usize])
        })
        .collect();
    let occurrences = table.occurrences(streams, &with_joiner, usize::MAX);
    let tails: rustc_hash::FxHashSet<Gram> = with_joiner
        .into_iter()
        .filter(|g| {
            let occ = &occurrences[g];
            let in_list = occ
                .iter()
                .filter(|o| {
                    let tokens = &streams.tokens;
                    o.pos > 0
                        && tokens[o.pos - 1] == comma
                        && tokens.get(o.pos + g.level + 1) == Some(&de)
                })
                .count();
            !occ.is_empty() && 2 * in_list >= occ.len()
        })
        .collect();
    kept.into_iter().filter(|g| !tails.contains(g)).collect()
}

/// Length in characters of every token type.
fn char_lengths(vocab: &Vocab) -> Vec<u32> {
    vocab
        .words
        .par_iter()
        .map(|w| w.chars().count() as u32)
        .collect()
}

/// Polynomial hash of byte strings modulo the Mersenne prime 2⁶¹−1, which composes over
/// concatenation: the surface of an n-gram is hashed from its tokens' hashes without building
/// the string, so all segmentations of one string meet. Equal hashes are confirmed on the
/// strings before two n-grams are taken for one surface.
mod surface_hash {
    const M: u64 = (1 << 61) - 1;
    const BASE: u64 = 0x1F3D_5B79_A2C4_E687 % M;

    pub fn mul(a: u64, b: u64) -> u64 {
        let p = u128::from(a) * u128::from(b);
        let r = (p as u64 & M) + (p >> 61) as u64;
        if r >= M { r - M } else { r }
    }

    /// `(hash, BASE^len)` of `bytes`.
    pub fn of(bytes: &[u8]) -> (u64, u64) {
        bytes.iter().fold((0, 1), |(h, pw), &b| {
            let h = mul(h, BASE) + u64::from(b) + 1;
            (if h >= M { h - M } else { h }, mul(pw, BASE))
        })
    }

    /// The hash of `a` followed by `b`.
    pub fn concat((ha, pa): (u64, u64), (hb, pb): (u64, u64)) -> (u64, u64) {
        let h = mul(ha, pb) + hb;
        (if h >= M { h - M } else { h }, mul(pa, pb))
    }
}

/// Groups of n-grams stored one after another, without a vector per group.
#[derive(Default)]
struct Flat {
    grams: Vec<Gram>,
    /// Start of each group in `grams`, and the end of the last.
    starts: Vec<u32>,
}

impl Flat {
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn grams(&self, i: usize) -> &[Gram] {
        &self.grams[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// What a surface's score needs besides counts, computed only for surfaces that may rank.
#[derive(Default)]
struct Exact {
    /// Left entropies (`Left`: without them the left entropy is bounded by ln f).
    left: Left,
    /// Per surface, once computed: Σ f(b) over the longer candidates b that contain it, and
    /// their number (without them the C-value is bounded by its undiscounted value).
    nested: Vec<Option<(u64, u32)>>,
}

/// Scores of `n` surfaces, exact for every surface that may be among the best `top` (all
/// when 0) and −∞ for the others. Left entropies cost a sort of every occurrence of the
/// surfaces they are computed for, nesting a walk of every candidate, and without them a score
/// is bounded above (`Exact`); `fill` computes them for a batch of surfaces, and only the
/// surfaces whose bound reaches the score of the `top`-th get them.
fn exact_where_it_matters<S: Default + Sync>(
    n: usize,
    top: usize,
    score: &(impl Fn(usize, &S) -> (Gram, f64) + Sync),
    fill: impl Fn(&[usize], &mut S),
) -> Vec<(Gram, f64)> {
    let mut exact = S::default();
    if top == 0 || top >= n {
        let all: Vec<usize> = (0..n).collect();
        fill(&all, &mut exact);
        return (0..n)
            .into_par_iter()
            .map(|sid| score(sid, &exact))
            .collect();
    }
    let mut scores: Vec<(Gram, f64)> = (0..n)
        .into_par_iter()
        .map(|sid| score(sid, &exact))
        .collect();
    // `order[..done]` have exact scores; `order[done..]` still hold bounds, and each round
    // only partitions them around the batch's size, which costs a pass rather than a sort.
    let mut order: Vec<usize> = (0..n).collect();
    // Exact scores for the best bounds, in batches that double until the next bound falls
    // below the `top`-th exact score. On the law corpus the first batch, 400 of 268,616
    // surfaces for the best 200, is enough; a fragment's bound may be high and its score 0.
    let (mut done, mut next) = (0, (2 * top).max(256).min(n));
    loop {
        let rest = &mut order[done..];
        if next - done < rest.len() {
            // Bound descending, then surface: `rest[next - done]` is the best bound left.
            rest.select_nth_unstable_by(next - done, |&a, &b| {
                scores[b].1.total_cmp(&scores[a].1).then(a.cmp(&b))
            });
        }
        let batch = &order[done..next];
        fill(batch, &mut exact);
        for &sid in batch {
            scores[sid] = score(sid, &exact);
        }
        done = next;
        let mut best: Vec<f64> = order[..done].iter().map(|&sid| scores[sid].1).collect();
        best.select_nth_unstable_by(top - 1, |a, b| b.total_cmp(a));
        // A relative margin keeps any rounding in a bound from excluding a surface that ties.
        if done == n || scores[order[done]].1 * (1.0 + 1e-9) < best[top - 1] {
            break;
        }
        next = (2 * next).min(n);
    }
    for &sid in &order[done..] {
        scores[sid].1 = f64::NEG_INFINITY;
    }
    scores
}

/// Scores candidates and ranks them, best first, keeping the best `top` (all when 0; ties at
/// the cut are resolved by the term, like every tie). jieba may cut one string differently in
/// different contexts (不限|成员 and 不|限|成员), so candidates are merged by surface form before
/// scoring: a fragment nested in both segmentations of a longer term is nested in one term,
/// not two.
pub fn rank(
    table: &Table,
    vocab: &Vocab,
    streams: &Streams,
    cands: &[Gram],
    seg: &Segmenter,
    top: usize,
) -> Vec<Scored> {
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
    let char_len = char_lengths(vocab);
    let word_hash: Vec<(u64, u64)> = vocab
        .words
        .par_iter()
        .map(|w| surface_hash::of(w.as_bytes()))
        .collect();
    let string_of = |g: Gram| -> String {
        table
            .tokens_of(g)
            .iter()
            .map(|&t| vocab.words[t as usize].as_str())
            .collect()
    };

    // Surfaces: candidates grouped by hash, each group split by string in case two strings
    // collide. Groups are in (hash, gram) order, which does not depend on thread count.
    let mut keyed: Vec<(u64, Gram)> = cands
        .par_iter()
        .map(|&g| {
            let h = table.tokens_of(g).iter().fold((0, 1), |acc, &t| {
                surface_hash::concat(acc, word_hash[t as usize])
            });
            (h.0, g)
        })
        .collect();
    keyed.par_sort_unstable();
    // Groups of one surface, numbered in hash order: `keyed[i]` belongs to group `group_at[i]`.
    let mut group_at: Vec<u32> = Vec::with_capacity(keyed.len());
    let mut groups = 0u32;
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        if run.len() == 1 {
            group_at.push(groups);
            groups += 1;
            continue;
        }
        let mut named: Vec<(String, usize)> = run
            .iter()
            .enumerate()
            .map(|(j, &(_, g))| (string_of(g), j))
            .collect();
        named.sort();
        let base = group_at.len();
        group_at.resize(base + run.len(), 0);
        for group in named.chunk_by(|a, b| a.0 == b.0) {
            for &(_, j) in group {
                group_at[base + j] = groups;
            }
            groups += 1;
        }
    }
    let mut group_of = vec![u32::MAX; total];
    for (&(_, g), &group) in keyed.iter().zip(&group_at) {
        group_of[dense(g)] = group;
    }
    // Surfaces are numbered in the order of their first n-gram (level, then id), not of their
    // hash: scoring reads each surface's counts and tokens, which are stored in that order, so
    // the reads run through memory instead of jumping about it (the output does not depend on
    // surface numbering). `cands` are in that order, so a walk over them numbers the surfaces
    // and a second lays out their n-grams, in order within each surface.
    debug_assert!(cands.is_sorted(), "candidates come in the table's order");
    let mut renumbered = vec![u32::MAX; groups as usize];
    let mut starts: Vec<u32> = vec![0];
    for &g in cands {
        let group = group_of[dense(g)] as usize;
        if renumbered[group] == u32::MAX {
            renumbered[group] = (starts.len() - 1) as u32;
            starts.push(0);
        }
        starts[renumbered[group] as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut at = starts.clone();
    let mut grams = vec![Gram { level: 0, id: 0 }; cands.len()];
    let mut surface_of = vec![u32::MAX; total];
    for &g in cands {
        let sid = renumbered[group_of[dense(g)] as usize];
        grams[at[sid as usize] as usize] = g;
        at[sid as usize] += 1;
        surface_of[dense(g)] = sid;
    }
    drop(group_of);
    let surfaces = Flat { grams, starts };
    let surface_at: Vec<u32> = group_at
        .iter()
        .map(|&group| renumbered[group as usize])
        .collect();
    let mut freq: Vec<u64> = (0..surfaces.len())
        .map(|s| {
            surfaces
                .grams(s)
                .iter()
                .map(|&g| u64::from(table.freq(g)))
                .sum()
        })
        .collect();

    // A glossary term kept whole by the segmenter (信息和通信技术环境) still contains the
    // terms inside it (信息和通信技术): each of its occurrences counts for them too.
    let find_surface = |s: &str| -> Option<usize> {
        let h = surface_hash::of(s.as_bytes()).0;
        let from = keyed.partition_point(|k| k.0 < h);
        (from..keyed.len())
            .take_while(|&i| keyed[i].0 == h)
            .map(|i| surface_at[i] as usize)
            .find(|&sid| string_of(surfaces.grams(sid)[0]) == s)
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

    // Nesting of the surfaces in `batch` as (inner surface, outer surface) pairs, deduplicated
    // so each longer term counts once in T(a) whatever its segmentations: Σ f(b) and |T(a)|.
    // Sub-n-grams are found by extending one token at a time (a longer one exists only if its
    // prefix does), and only from the tokens the batch's n-grams start with.
    let nesting = |batch: &[usize], nested: &mut [Option<(u64, u32)>]| {
        let mut wanted = vec![false; surfaces.len()];
        let mut starts = vec![false; vocab.words.len()];
        for &sid in batch {
            wanted[sid] = true;
            for &g in surfaces.grams(sid) {
                starts[table.tokens_of(g)[0] as usize] = true;
            }
        }
        let mut pieces: Vec<Vec<u64>> = cands
            .par_chunks(4096)
            .map(|chunk| {
                let mut pairs = Vec::new();
                for &b in chunk.iter().filter(|g| g.level > 0) {
                    let outer = surface_of[dense(b)];
                    let toks = table.tokens_of(b);
                    for i in (0..toks.len()).filter(|&i| starts[toks[i] as usize]) {
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
                            let sa = surface_of[dense(a)];
                            if sa != u32::MAX && sa != outer && wanted[sa as usize] {
                                pairs.push((u64::from(sa) << 32) | u64::from(outer));
                            }
                        }
                    }
                }
                pairs
            })
            .collect();
        pieces.push(
            container_pairs
                .iter()
                .copied()
                .filter(|p| wanted[(p >> 32) as usize])
                .collect(),
        );
        let bits = 32 + crate::util::radix::bits_for(surfaces.len());
        let mut pairs = crate::util::radix::sort_pieces(pieces, bits, |x| x);
        pairs.dedup();
        for &sid in batch {
            nested[sid] = Some((0, 0));
        }
        for p in pairs {
            let (a, b) = ((p >> 32) as usize, (p & 0xFFFF_FFFF) as usize);
            let (sum, count) = nested[a].as_mut().expect("a surface of the batch");
            *sum += freq[b];
            *count += 1;
        }
    };

    // General-Chinese log probability per token type, for the tokens candidates use.
    let n_words = vocab.words.len();
    let needed = cands
        .par_chunks(1 << 16)
        .fold(
            || vec![false; n_words],
            |mut needed, chunk| {
                for &g in chunk {
                    for &t in table.tokens_of(g) {
                        needed[t as usize] = true;
                    }
                }
                needed
            },
        )
        .reduce(
            || vec![false; n_words],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x |= y);
                a
            },
        );
    let general: Vec<f64> = vocab
        .words
        .par_iter()
        .zip(needed)
        .map(|(w, needed)| {
            if needed {
                seg.reference_ln_p(w)
            } else {
                f64::NAN
            }
        })
        .collect();
    let n_corpus = table.tokens as f64 + 1.0;

    // Per surface: its main segmentation, and its score given what `exact` holds of it (an
    // upper bound for the surfaces it lacks).
    let score = |sid: usize, exact: &Exact| -> (Gram, f64) {
        let grams = surfaces.grams(sid);
        let main = *grams
            .iter()
            .max_by_key(|&&g| (table.freq(g), std::cmp::Reverse(g)))
            .expect("a gram");
        let toks = table.tokens_of(main);
        let chars = f64::from(toks.iter().map(|&t| char_len[t as usize]).sum::<u32>());
        let f = freq[sid] as f64;
        // A curated term's unithood is not in question, nor is it a part of its containers.
        let known = grams
            .iter()
            .any(|g| g.level == 0 && vocab.known[table.tokens_of(*g)[0] as usize]);
        let c = match exact.nested.get(sid).copied().flatten() {
            Some((sum, count)) if count > 0 && !known => {
                (1.0 + chars).log2() * (f - sum as f64 / f64::from(count)).max(0.0)
            }
            // Not nested, known, or not yet known: the C-value without its discount.
            _ => (1.0 + chars).log2() * f,
        };
        // Unithood of the surface: each segmentation's, weighted by its frequency.
        let u = if known {
            1.0
        } else {
            grams
                .iter()
                .map(|&g| {
                    let (hl, hr) = table.entropies(g, &exact.left);
                    f64::from(table.freq(g)) * (1.0 - (-hl.min(hr)).exp())
                })
                .sum::<f64>()
                / f
        };
        let ln_pc = ((f + 1.0) / n_corpus).ln();
        let ln_pg: f64 = toks.iter().map(|&t| general[t as usize]).sum();
        let s = (ln_pc - ln_pg).max(0.1).powf(SPECIFICITY_WEIGHT);
        (main, c * u * s)
    };
    let scores = exact_where_it_matters(surfaces.len(), top, &score, |sids, exact| {
        let grams: Vec<Gram> = sids
            .iter()
            .flat_map(|&sid| surfaces.grams(sid).iter().copied())
            .collect();
        table.left_neighbours(streams, vocab, &grams, &mut exact.left);
        exact.nested.resize(surfaces.len(), None);
        nesting(sids, &mut exact.nested);
    });

    // Only the best `top`, and whatever ties with the last of them, need their strings.
    let mut chosen: Vec<usize> = (0..surfaces.len()).collect();
    if top > 0 && top < chosen.len() {
        let better = |a: &usize, b: &usize| scores[*b].1.total_cmp(&scores[*a].1);
        chosen.select_nth_unstable_by(top - 1, better);
        let cut = scores[chosen[top - 1]].1;
        chosen = (0..surfaces.len())
            .filter(|&i| scores[i].1.total_cmp(&cut).is_ge())
            .collect();
    }
    let mut scored: Vec<Scored> = chosen
        .into_par_iter()
        .map(|sid| Scored {
            grams: surfaces.grams(sid).to_vec(),
            containers: containers[sid].clone(),
            term: string_of(scores[sid].0),
            freq: freq[sid],
            score: scores[sid].1,
        })
        .collect();
    scored.par_sort_unstable_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.term.cmp(&b.term))
    });
    if top > 0 {
        scored.truncate(top);
    }
    scored
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Mutex;

    /// The best `top` of `exact_where_it_matters` are those of scoring everything exactly,
    /// while most surfaces are only bounded.
    #[test]
    fn exact_scores_only_where_the_ranking_needs_them() {
        let n = 5000;
        let mut seed = 7u64;
        // Bounds, and unithood factors in [0, 1] with many fragments at 0.
        let cases: Vec<(f64, f64)> = (0..n)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let bound = (seed % 1000) as f64;
                let u = if seed.is_multiple_of(3) {
                    0.0
                } else {
                    (seed % 97) as f64 / 96.0
                };
                (bound, u)
            })
            .collect();
        let filled: Mutex<HashSet<usize>> = Mutex::new(HashSet::new());
        let gram = Gram { level: 0, id: 0 };
        let score = |sid: usize, _: &Left| {
            let (bound, u) = cases[sid];
            let exact = filled.lock().unwrap().contains(&sid);
            (gram, if exact { bound * u } else { bound })
        };
        let fill =
            |sids: &[usize], _: &mut Left| filled.lock().unwrap().extend(sids.iter().copied());
        for top in [1, 10, 100] {
            filled.lock().unwrap().clear();
            let scores = exact_where_it_matters(n, top, &score, fill);
            let best = |s: &[f64]| {
                let mut v: Vec<usize> = (0..n).collect();
                v.sort_by(|&a, &b| s[b].total_cmp(&s[a]).then(a.cmp(&b)));
                v.truncate(top);
                v
            };
            let got: Vec<f64> = scores.iter().map(|s| s.1).collect();
            let all: Vec<f64> = cases.iter().map(|(b, u)| b * u).collect();
            assert_eq!(best(&got), best(&all), "top {top}");
            // Doubling batches compute at most twice what is needed: the surfaces whose bound
            // reaches the `top`-th score.
            let cut = all[best(&all)[top - 1]];
            let needed = cases.iter().filter(|c| c.0 >= cut).count();
            let exact = filled.lock().unwrap().len();
            assert!(
                exact <= (2 * needed).max(256) && exact < n,
                "top {top}: {exact} exact, {needed} needed"
            );
        }
    }
}
