//! Surfaces: candidates grouped by the string they spell, since jieba may cut one string
//! differently in different contexts (不限|成员 and 不|限|成员) and all its segmentations are
//! one term.

use super::surface_hash;
use crate::extract::count::{Gram, Table};
use crate::extract::lexicon::Vocab;
use rayon::prelude::*;

/// Groups of n-grams stored one after another, without a vector per group.
#[derive(Default)]
struct Flat {
    grams: Vec<Gram>,
    /// Start of each group in `grams`, and the end of the last.
    starts: Vec<u32>,
}

/// The candidates grouped by surface, numbered in the order of their first n-gram, with the
/// frequency of each surface.
pub(super) struct Surfaces<'a> {
    table: &'a Table,
    vocab: &'a Vocab,
    /// Where each level starts in a numbering of every counted n-gram (`dense`).
    offsets: Vec<usize>,
    /// Candidates by the hash of their surface, ascending.
    keyed: Vec<(u64, Gram)>,
    /// The surface of `keyed[i]`.
    surface_at: Vec<u32>,
    /// The surface of every counted n-gram, by `dense` number (`u32::MAX`: not a candidate).
    surface_of: Vec<u32>,
    flat: Flat,
    /// Corpus frequency of each surface: its segmentations' frequencies, and those of the
    /// glossary words that contain it (added by `Containers`).
    pub freq: Vec<u64>,
}

impl<'a> Surfaces<'a> {
    /// Groups `cands`, which come in the table's order, by surface. Candidates are grouped by
    /// hash, each group split by string in case two strings collide.
    pub fn group(table: &'a Table, vocab: &'a Vocab, cands: &[Gram]) -> Surfaces<'a> {
        let (offsets, total) = level_offsets(table);
        let mut s = Surfaces {
            table,
            vocab,
            offsets,
            keyed: Vec::new(),
            surface_at: Vec::new(),
            surface_of: Vec::new(),
            flat: Flat::default(),
            freq: Vec::new(),
        };
        s.keyed = s.hashed(cands);
        let (group_at, groups) = s.groups();
        let mut group_of = vec![u32::MAX; total];
        for (&(_, g), &group) in s.keyed.iter().zip(&group_at) {
            group_of[s.dense(g)] = group;
        }
        let renumbered = s.lay_out(cands, &group_of, groups, total);
        drop(group_of);
        s.surface_at = group_at
            .iter()
            .map(|&group| renumbered[group as usize])
            .collect();
        s.freq = (0..s.len())
            .map(|sid| s.grams(sid).iter().map(|&g| u64::from(table.freq(g))).sum())
            .collect();
        s
    }

    /// Number of surfaces.
    pub fn len(&self) -> usize {
        self.flat.starts.len().saturating_sub(1)
    }

    /// The segmentations of surface `sid`, in the table's order.
    pub fn grams(&self, sid: usize) -> &[Gram] {
        let f = &self.flat;
        &f.grams[f.starts[sid] as usize..f.starts[sid + 1] as usize]
    }

    /// The surface of candidate `g` (`u32::MAX` for an n-gram that is not a candidate).
    pub fn of(&self, g: Gram) -> u32 {
        self.surface_of[self.dense(g)]
    }

    /// The string of an n-gram.
    pub fn string_of(&self, g: Gram) -> String {
        self.table
            .tokens_of(g)
            .iter()
            .map(|&t| self.vocab.word(t))
            .collect()
    }

    /// The surface that spells `s`, if a candidate does.
    pub fn find(&self, s: &str) -> Option<usize> {
        let h = surface_hash::of(s.as_bytes()).0;
        let keyed = &self.keyed;
        let from = keyed.partition_point(|k| k.0 < h);
        (from..keyed.len())
            .take_while(|&i| keyed[i].0 == h)
            .map(|i| self.surface_at[i] as usize)
            .find(|&sid| self.string_of(self.grams(sid)[0]) == s)
    }

    /// The number of `g` among every counted n-gram.
    fn dense(&self, g: Gram) -> usize {
        self.offsets[g.level] + g.id as usize
    }

    /// The candidates with the hash of their surface, in (hash, gram) order, which does not
    /// depend on the thread count.
    fn hashed(&self, cands: &[Gram]) -> Vec<(u64, Gram)> {
        let word_hash: Vec<(u64, u64)> = self
            .vocab
            .words()
            .par_iter()
            .map(|w| surface_hash::of(w.as_bytes()))
            .collect();
        let mut keyed: Vec<(u64, Gram)> = cands
            .par_iter()
            .map(|&g| {
                let h = self.table.tokens_of(g).iter().fold((0, 1), |acc, &t| {
                    surface_hash::concat(acc, word_hash[t as usize])
                });
                (h.0, g)
            })
            .collect();
        keyed.par_sort_unstable();
        keyed
    }

    /// Groups of one surface, numbered in hash order: `keyed[i]` belongs to group
    /// `group_at[i]`; and the number of groups.
    fn groups(&self) -> (Vec<u32>, u32) {
        let mut group_at: Vec<u32> = Vec::with_capacity(self.keyed.len());
        let mut groups = 0u32;
        for run in self.keyed.chunk_by(|a, b| a.0 == b.0) {
            if run.len() == 1 {
                group_at.push(groups);
                groups += 1;
                continue;
            }
            let mut named: Vec<(String, usize)> = run
                .iter()
                .enumerate()
                .map(|(j, &(_, g))| (self.string_of(g), j))
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
        (group_at, groups)
    }

    /// Numbers the surfaces in the order of their first n-gram (level, then id), not of their
    /// hash, and lays out their n-grams: scoring reads each surface's counts and tokens, which
    /// are stored in that order, so the reads run through memory instead of jumping about it
    /// (the output does not depend on surface numbering). `cands` are in that order, so a walk
    /// over them numbers the surfaces and a second lays out their n-grams, in order within
    /// each surface. Returns the surface of each group.
    fn lay_out(&mut self, cands: &[Gram], group_of: &[u32], groups: u32, total: usize) -> Vec<u32> {
        debug_assert!(cands.is_sorted(), "candidates come in the table's order");
        let mut renumbered = vec![u32::MAX; groups as usize];
        let mut starts: Vec<u32> = vec![0];
        for &g in cands {
            let group = group_of[self.dense(g)] as usize;
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
        self.surface_of = vec![u32::MAX; total];
        for &g in cands {
            let sid = renumbered[group_of[self.dense(g)] as usize];
            grams[at[sid as usize] as usize] = g;
            at[sid as usize] += 1;
            let d = self.dense(g);
            self.surface_of[d] = sid;
        }
        self.flat = Flat { grams, starts };
        renumbered
    }
}

/// Where each level starts in a numbering of every counted n-gram, and how many there are.
fn level_offsets(table: &Table) -> (Vec<usize>, usize) {
    let mut total = 0;
    let offsets = table
        .level_sizes()
        .map(|n| {
            let o = total;
            total += n;
            o
        })
        .collect();
    (offsets, total)
}
