//! Exact scores only where the ranking needs them: without left entropies and nesting a
//! score is bounded above, and only the surfaces whose bound reaches the best `top` get them.

use crate::extract::count::{Gram, Left};
use rayon::prelude::*;

/// What a surface's score needs besides counts, computed only for surfaces that may rank.
#[derive(Default)]
pub(super) struct Exact {
    /// Left entropies (`Left`: without them the left entropy is bounded by ln f).
    pub left: Left,
    /// Per surface, once computed: Σ f(b) over the longer candidates b that contain it, and
    /// their number (without them the C-value is bounded by its undiscounted value).
    pub nested: Vec<Option<(u64, u32)>>,
    /// Per surface, whether it was found to be a phrase rather than a term (`Phrases`; not
    /// yet looked at: false, which bounds the score above).
    pub phrase: Vec<bool>,
}

/// Scores of `n` surfaces, exact for every surface that may be among the best `top` (all
/// when 0) and −∞ for the others. Left entropies cost a sort of every occurrence of the
/// surfaces they are computed for, nesting a walk of every candidate, and without them a score
/// is bounded above (`Exact`); `fill` computes them for a batch of surfaces, and only the
/// surfaces whose bound reaches the score of the `top`-th get them.
pub(super) fn exact_where_it_matters<S: Default + Sync>(
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
    // below the `top`-th exact score. On real corpora the first batch, a few hundred of
    // hundreds of thousands of surfaces, is usually enough; more are needed when fragments,
    // whose bound may be high and score 0, crowd the best bounds.
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
