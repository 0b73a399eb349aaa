//! Phrases that are not terms though they look like candidates: a complete term followed by a
//! generic head (行预咨委会|报告, 安全理事会|成员, 大会|议程项目), and the tail of a numbered
//! instance (第7364次|会议临时议程).

use super::surfaces::Surfaces;
use crate::extract::count::{Gram, Left, Table};
use crate::extract::lexicon::{GENERIC_HEADS, Vocab, ends_an_ordinal};
use crate::extract::stream::Streams;

/// Specificity (ln of the weirdness ratio, see `Formula::specificity`) from which a candidate
/// that occurs without the head counts as a term in its own right: 行预咨委会 and 安全理事会
/// are far above it, general words such as 发展 and 会议 (发展议程 is a term) below.
pub(super) const COMPLETE_TERM_SPECIFICITY: f64 = 3.0;

/// Right branching entropy (nats) from which what follows a candidate varies enough for a
/// head after it to be one collocate among others: ln 2, two equally likely continuations.
/// 行预咨委会 and 安全理事会 are followed by many words; 规范性 is nearly always followed by
/// 文件 (规范性文件 is a term of law), 物质文化遗产代表性 by 项目.
const COMPLETE_TERM_ENTROPY: f64 = std::f64::consts::LN_2;

/// What telling phrases from terms reads.
pub(super) struct Phrases<'a> {
    pub table: &'a Table,
    pub vocab: &'a Vocab,
    pub streams: &'a Streams,
    pub surfaces: &'a Surfaces<'a>,
}

impl Phrases<'_> {
    /// Sets `phrase[sid]` for each surface of `batch` whose main segmentation `main(sid)` is a
    /// collocation or an instance tail. `specific(sid)` is a surface's specificity.
    pub fn fill(
        &self,
        batch: &[usize],
        main: &impl Fn(usize) -> Gram,
        specific: &impl Fn(usize) -> f64,
        phrase: &mut Vec<bool>,
    ) {
        phrase.resize(self.surfaces.len(), false);
        let grams: Vec<Gram> = batch.iter().map(|&sid| main(sid)).collect();
        // Single tokens have no instance before them worth a scan of the whole corpus.
        let longer: Vec<Gram> = grams.iter().copied().filter(|g| g.level > 0).collect();
        let occurrences = self.table.occurrences(self.streams, &longer, usize::MAX);
        for (&sid, &g) in batch.iter().zip(&grams) {
            let after_ordinal = occurrences.get(&g).is_some_and(|occ| {
                let tokens = &self.streams.tokens;
                let n = occ
                    .iter()
                    .filter(|o| o.pos > 0 && self.is_ordinal_token(tokens[o.pos - 1]))
                    .count();
                !occ.is_empty() && 2 * n >= occ.len()
            });
            phrase[sid] = after_ordinal || self.is_collocation(g, specific);
        }
    }

    fn is_ordinal_token(&self, t: u32) -> bool {
        (t as usize) < self.vocab.len() && ends_an_ordinal(self.vocab.word(t))
    }

    /// Whether `g` (not itself a glossary term) is a complete term followed by a generic head.
    /// Complete: an approved glossary word, or a candidate specific to the corpus that the head
    /// follows no more often than other words do (`COMPLETE_TERM_ENTROPY`).
    fn is_collocation(&self, g: Gram, specific: &impl Fn(usize) -> f64) -> bool {
        let (table, vocab) = (self.table, self.vocab);
        let toks = table.tokens_of(g);
        if toks.len() < 2 || (g.level == 0 && vocab.is_known(toks[0])) {
            return false;
        }
        (1..toks.len()).any(|k| {
            let head: String = toks[k..].iter().map(|&t| vocab.word(t)).collect();
            if !GENERIC_HEADS.contains(&head.as_str()) {
                return false;
            }
            if k == 1 && vocab.is_known(toks[0]) {
                return true;
            }
            let Some(xg) = table.find(&toks[..k]) else {
                return false;
            };
            let x = self.surfaces.of(xg);
            x != u32::MAX
                && table.entropies(xg, &Left::default()).1 >= COMPLETE_TERM_ENTROPY
                && specific(x as usize) >= COMPLETE_TERM_SPECIFICITY
        })
    }
}
