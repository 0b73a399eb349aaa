//! Ranking the English candidates of one term: co-occurrence counted over the term's segments,
//! Dice discounted for small counts, the maximal n-gram kept among those seen in nearly the
//! same segments and grown into the whole name it is part of (`grow`), and each shown in its
//! usual written form with an example.

use crate::align::equivalents::{Example, Options, Suggestion};
use crate::align::grow::{self, Grown};
use crate::align::ngrams::{Grams, Phrase, len};
use crate::align::occurrences::SegmentText;
use crate::util::hash::round4;
use rustc_hash::FxHashMap;

/// Subtracted from every co-occurrence count: a candidate seen in two segments that occur
/// nowhere else would otherwise tie with the real equivalent seen in ten.
const SMALL_COUNT: f64 = 0.5;

/// Share of a part's segments that a longer candidate must show for the part to give way to it.
const MOST: f64 = 0.6;

/// The suggestions for a term of `chars` characters occurring in segments `segs_of_term`.
pub(super) fn suggestions(
    segs_of_term: &[u32],
    chars: usize,
    segs: &[SegmentText],
    grams: &Grams,
    opts: &Options,
) -> Vec<Suggestion> {
    rank(segs_of_term, chars, grams, opts)
        .into_iter()
        .map(|(phrase, score, support)| {
            let (en, example) = surface(&phrase, segs_of_term, segs, grams);
            Suggestion {
                en,
                score: round4(score),
                support,
                example,
            }
        })
        .collect()
}

/// The best candidates for one term of `chars` characters, grown into whole names: `(phrase,
/// score, support)`, best first.
fn rank(
    segs_of_term: &[u32],
    chars: usize,
    grams: &Grams,
    opts: &Options,
) -> Vec<(Phrase, f64, u64)> {
    if segs_of_term.is_empty() {
        return Vec::new();
    }
    let f_t = segs_of_term.len() as f64;
    let cands = candidates(segs_of_term, grams, opts);
    let mut out: Vec<(Phrase, f64, u64)> = Vec::new();
    for &(g, score, a) in &cands {
        if out.len() >= opts.top_k {
            break;
        }
        if gives_way(&cands, (g, score, a), grams) {
            continue;
        }
        let with_term: Vec<u32> = (segs_of_term.iter().copied())
            .filter(|&s| grams.of_segment[s as usize].binary_search(&g).is_ok())
            .collect();
        // A Chinese character rarely renders as more than one English word that is not a
        // function word: the bound keeps a name from growing into the sentence around it
        // where a few segments repeat one sentence.
        let Grown {
            phrase,
            with_term,
            df,
        } = grow::grow(grams, g, with_term, chars.max(2) + 1);
        let support = with_term.len() as u64;
        // The same name grown from another of its parts, or a part of a name already proposed
        // with about the same support.
        let within = (out.iter()).any(|(p, _, ap)| {
            inside(p, &phrase) && grow::nearly_all(*ap as usize, support as usize)
        });
        if !within {
            let score = 2.0 * (support as f64 - SMALL_COUNT) / (f_t + df as f64);
            out.push((phrase, score, support));
        }
    }
    out.sort_by(|x, y| y.1.total_cmp(&x.1));
    out
}

/// Candidate `(g, score, a)` gives way to a longer one of `cands`.
///
/// Only a part of a longer candidate seen in nearly the same segments (all but one, at small
/// counts, if it associates about as well): the longer one is the equivalent (`Rights Council`
/// in `Human Rights Council`, `disaster risk` in `disaster risk reduction`). So is the
/// beginning of a longer one that most of its segments (of five or more) show, if that
/// associates nearly as well: the term is rendered whole there and elliptically elsewhere
/// (`gender` in `gender equality`, `Basel` in `Basel Convention` and `the Basel, Rotterdam and
/// Stockholm conventions`). Words before it are mostly a modifier the term does not carry
/// (`post-2015 development agenda` for 发展议程).
fn gives_way(cands: &[(u32, f64, u64)], (g, score, a): (u32, f64, u64), grams: &Grams) -> bool {
    cands.iter().any(|&(h, sh, ah)| {
        let near = ah as f64 >= 0.9 * a as f64 || (ah + 1 >= a && sh >= 0.9 * score);
        let most = a >= 5 && ah as f64 >= MOST * a as f64 && sh >= 0.8 * score;
        (near && grams.contains(h, g)) || (most && grams.begins_with(h, g))
    })
}

/// `short` is `long` or a run of its words.
fn inside(long: &[u32], short: &[u32]) -> bool {
    short.len() <= long.len() && long.windows(short.len()).any(|w| w == short)
}

/// Every gram seen with the term in at least `min_support` segments, `(gram, Dice, support)`:
/// best first; among equals the longer n-gram, then a fixed order for reproducible output.
fn candidates(segs_of_term: &[u32], grams: &Grams, opts: &Options) -> Vec<(u32, f64, u64)> {
    let f_t = segs_of_term.len() as f64;
    let mut co: FxHashMap<u32, u32> = FxHashMap::default();
    for &s in segs_of_term {
        for &g in &grams.of_segment[s as usize] {
            *co.entry(g).or_default() += 1;
        }
    }
    let mut cands: Vec<(u32, f64, u64)> = co
        .into_iter()
        .filter(|&(_, a)| a as u64 >= opts.min_support)
        .map(|(g, a)| {
            let dice = 2.0 * (a as f64 - SMALL_COUNT) / (f_t + grams.df[g as usize] as f64);
            (g, dice, a as u64)
        })
        .collect();
    let keys = &grams.keys;
    cands.sort_by(|x, y| {
        y.1.total_cmp(&x.1)
            .then(len(&keys[y.0 as usize]).cmp(&len(&keys[x.0 as usize])))
            .then(keys[x.0 as usize].cmp(&keys[y.0 as usize]))
    });
    cands
}

/// The most frequent written form of `phrase` in the segments of the term, and the first
/// segment pair where they occur together.
fn surface(
    phrase: &[u32],
    segs_of_term: &[u32],
    segs: &[SegmentText],
    grams: &Grams,
) -> (String, Example) {
    let mut forms: Vec<(String, u32)> = Vec::new();
    let mut example: Option<Example> = None;
    for &s in segs_of_term {
        let text = segs[s as usize].en;
        let mut found = false;
        grams.each_span(s as usize, phrase, |start, end| {
            found = true;
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
