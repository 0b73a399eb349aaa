//! Looking up a counted table: an n-gram by its tokens, its extensions, its frequency, and
//! where it occurs.

use super::packed::per_token;
use super::{Gram, Occurrence, Table};
use crate::extract::stream::Streams;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

impl Table {
    /// Number of n-grams counted of each length, from single tokens up.
    pub(crate) fn level_sizes(&self) -> impl Iterator<Item = usize> + '_ {
        self.levels.iter().map(|l| l.freq.len())
    }

    /// Corpus frequency of token type `t`, whatever its frequency.
    pub(crate) fn unigram(&self, t: u32) -> u32 {
        self.unigram[t as usize]
    }

    /// Tokens in the corpus, clause ends left out.
    pub(crate) fn token_count(&self) -> u64 {
        self.tokens
    }

    /// Stream positions of an n-gram of two tokens or more, in stream order.
    /// Why positions kept on disk could not be read back, if that happened during the run.
    pub(crate) fn spill_failure(&self) -> Option<&str> {
        self.on_disk.as_ref().and_then(|d| d.failure())
    }

    pub(super) fn positions(&self, g: Gram) -> Cow<'_, [u32]> {
        let lv = &self.levels[g.level];
        let id = g.id as usize;
        let (start, end) = (lv.by_id_start[id], lv.by_id_start[id + 1]);
        match &self.on_disk {
            None => Cow::Borrowed(&lv.by_id[start as usize..end as usize]),
            Some(d) => Cow::Owned(d.read(g.level, g.id, start, end)),
        }
    }

    /// Token ids of an n-gram.
    pub(crate) fn tokens_of(&self, g: Gram) -> &[u32] {
        let (lv, id) = (&self.levels[g.level], g.id as usize);
        if g.level == 0 {
            return &lv.last[id..=id];
        }
        let n = g.level + 1;
        &lv.tokens[id * n..(id + 1) * n]
    }

    /// The id of the n-gram made of `tokens`, if it was counted.
    pub(crate) fn find(&self, tokens: &[u32]) -> Option<Gram> {
        let (&first, rest) = tokens.split_first()?;
        let mut id = first;
        if *self.levels[0].freq.get(id as usize)? == 0 {
            return None;
        }
        for (l, &t) in rest.iter().enumerate() {
            let lv = self.levels.get(l + 1)?;
            let from = *lv.first_child.get(id as usize)? as usize;
            let to = lv.first_child[id as usize + 1] as usize;
            id = (from + lv.last[from..to].binary_search(&t).ok()?) as u32;
        }
        Some(Gram {
            level: tokens.len() - 1,
            id,
        })
    }

    /// The n-gram `g` extended by token `t`, if it was counted.
    pub(crate) fn child(&self, g: Gram, t: u32) -> Option<Gram> {
        let lv = self.levels.get(g.level + 1)?;
        let from = lv.first_child[g.id as usize] as usize;
        let to = lv.first_child[g.id as usize + 1] as usize;
        let id = from + lv.last[from..to].binary_search(&t).ok()?;
        Some(Gram {
            level: g.level + 1,
            id: id as u32,
        })
    }

    /// Every counted n-gram, level by level.
    pub(crate) fn grams(&self) -> impl Iterator<Item = Gram> + '_ {
        self.levels
            .iter()
            .enumerate()
            .flat_map(|(l, lv)| (0..lv.freq.len() as u32).map(move |id| Gram { level: l, id }))
    }

    pub(crate) fn freq(&self, g: Gram) -> u32 {
        self.levels[g.level].freq[g.id as usize]
    }

    /// Up to `n` occurrences of each wanted n-gram, in corpus order; `streams` is what the
    /// table was counted from.
    pub(crate) fn occurrences(
        &self,
        streams: &Streams,
        wanted: &[Gram],
        n: usize,
    ) -> FxHashMap<Gram, Vec<Occurrence>> {
        let mut out: FxHashMap<Gram, Vec<Occurrence>> =
            wanted.iter().map(|&g| (g, Vec::new())).collect();
        if n == 0 {
            return out;
        }
        let mut by_level: Vec<Vec<Gram>> = vec![Vec::new(); self.levels.len()];
        for &g in wanted {
            by_level[g.level].push(g);
        }
        for (level, grams) in by_level.iter_mut().enumerate() {
            grams.sort_unstable();
            grams.dedup();
            if grams.is_empty() {
                continue;
            }
            let positions: Vec<Vec<u32>> = if level > 0 {
                grams
                    .iter()
                    .map(|&g| self.positions(g).iter().take(n).copied().collect())
                    .collect()
            } else {
                // Level 0 lists the tokens that may start a candidate, wherever they are.
                let mut slot = vec![u32::MAX; self.levels[0].freq.len()];
                for (i, g) in grams.iter().enumerate() {
                    if self.starts0[g.id as usize] {
                        slot[g.id as usize] = i as u32;
                    }
                }
                let hits = per_token(&streams.tokens, |p, t| {
                    let i = *slot.get(t as usize)?;
                    (i != u32::MAX).then_some((i, p))
                });
                let mut found: Vec<Vec<u32>> = vec![Vec::new(); grams.len()];
                for (i, pos) in hits.into_iter().flatten() {
                    let f = &mut found[i as usize];
                    if f.len() < n {
                        f.push(pos);
                    }
                }
                found
            };
            let located: Vec<Vec<Occurrence>> = positions
                .par_iter()
                .map(|p| with_documents(streams, p))
                .collect();
            out.extend(grams.iter().copied().zip(located));
        }
        out
    }
}

/// Occurrences at ascending stream `positions`: the document of the first is searched for, the
/// others' found by walking the document starts from there.
fn with_documents(streams: &Streams, positions: &[u32]) -> Vec<Occurrence> {
    let starts = &streams.doc_starts;
    let mut doc = positions.first().map_or(0, |&p| streams.doc_of(p as usize));
    positions
        .iter()
        .map(|&p| {
            while starts.get(doc + 1).is_some_and(|&s| s <= p) {
                doc += 1;
            }
            Occurrence {
                doc,
                pos: p as usize,
            }
        })
        .collect()
}
