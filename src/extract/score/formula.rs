//! The score of a surface: C-value · unithood · specificity^`SPECIFICITY_WEIGHT` · the weight of
//! a general single word, 0 for a phrase, as the
//! documentation of `score` sets out.

use super::exact::Exact;
use super::surfaces::Surfaces;
use crate::extract::count::{Gram, Table};
use crate::extract::lexicon::{Vocab, is_bare_head};
use crate::extract::segment::Segmenter;
use rayon::prelude::*;

/// Exponent of S: on general UN text the most frequent words are general ones (国家, 会议,
/// 发展), so specificity must weigh more than frequency. Chosen on the UNPC dev set
/// (precision@50 by my judgement, `tests/extract_quality.rs`): 0.62 with 1, 0.82 with 1.5, 0.84
/// with 1.7, 0.86 with 1.8 and 1.9, 0.84 with 2. From 1.8 up, 能力建设 (four occurrences in
/// `corpus/`) falls below glossary terms seen once there and out of the top 30, hence 1.7.
const SPECIFICITY_WEIGHT: f64 = 1.7;

/// How much a general single word's score is lowered: enough to rank it below the multiword
/// terms of similar frequency (理事会 and 委员会 below 安全理事会主席 and 人口与发展委员会).
const GENERAL_WORD_FACTOR: f64 = 0.2;

/// Specificity (ln of the weirdness ratio) from which a single word counts as made specific
/// by the corpus: 缔约国, 秘书处, 特派团 and 人权 are above it on UN text (5.5 to 9), general
/// words such as 安全, 妇女, 国家 and 发展 below (1.5 to 4).
const GENERAL_WORD_SPECIFICITY: f64 = 4.5;

/// What scoring a surface reads besides `Exact`.
pub(super) struct Formula<'a> {
    table: &'a Table,
    vocab: &'a Vocab,
    surfaces: &'a Surfaces<'a>,
    char_len: Vec<u32>,
    /// General-Chinese log probability per token type, for the tokens candidates use (NaN for
    /// the others).
    general: Vec<f64>,
    /// Tokens in the corpus, add-one smoothed.
    n_corpus: f64,
}

impl<'a> Formula<'a> {
    pub fn new(
        table: &'a Table,
        vocab: &'a Vocab,
        surfaces: &'a Surfaces<'a>,
        cands: &[Gram],
        seg: &Segmenter,
    ) -> Formula<'a> {
        Formula {
            table,
            vocab,
            surfaces,
            char_len: vocab.char_lengths(),
            general: general_ln_p(table, vocab, cands, seg),
            n_corpus: table.token_count() as f64 + 1.0,
        }
    }

    /// The main segmentation of surface `sid`: its most frequent, the first on a tie.
    pub fn main(&self, sid: usize) -> Gram {
        let table = self.table;
        *self
            .surfaces
            .grams(sid)
            .iter()
            .max_by_key(|&&g| (table.freq(g), std::cmp::Reverse(g)))
            .expect("a gram")
    }

    /// ln(p_corpus / p_general) of surface `sid`, before the floor and the exponent of S.
    pub fn specificity(&self, sid: usize) -> f64 {
        let toks = self.table.tokens_of(self.main(sid));
        let f = self.surfaces.freq[sid] as f64;
        let ln_pc = ((f + 1.0) / self.n_corpus).ln();
        let ln_pg: f64 = toks.iter().map(|&t| self.general[t as usize]).sum();
        ln_pc - ln_pg
    }

    /// The main segmentation of surface `sid` and its score given what `exact` holds of it:
    /// an upper bound for the surfaces it lacks.
    pub fn score(&self, sid: usize, exact: &Exact) -> (Gram, f64) {
        let table = self.table;
        let grams = self.surfaces.grams(sid);
        let main = self.main(sid);
        if exact.phrase.get(sid) == Some(&true) {
            return (main, 0.0);
        }
        let toks = table.tokens_of(main);
        let chars = f64::from(toks.iter().map(|&t| self.char_len[t as usize]).sum::<u32>());
        let f = self.surfaces.freq[sid] as f64;
        // A curated term's unithood is not in question, nor is it a part of its containers.
        let known = grams
            .iter()
            .any(|g| g.level == 0 && self.vocab.is_known(table.tokens_of(*g)[0]));
        let c = match exact.nested.get(sid).copied().flatten() {
            Some((sum, count)) if count > 0 && !known => {
                (1.0 + chars).log2() * (f - sum as f64 / f64::from(count)).max(0.0)
            }
            // Not nested, known, or not yet known: the C-value without its discount.
            _ => (1.0 + chars).log2() * f,
        };
        let u = if known {
            1.0
        } else {
            self.unithood(grams, exact, f)
        };
        let specificity = self.specificity(sid);
        let s = specificity.max(0.1).powf(SPECIFICITY_WEIGHT);
        let general = if self.is_general_word(toks, known, specificity) {
            GENERAL_WORD_FACTOR
        } else {
            1.0
        };
        (main, c * u * s * general)
    }

    /// Whether a candidate of tokens `toks` is a general single word: a bare head that names a
    /// body, an instrument or a document only with what precedes it (`lexicon::BARE_HEADS`),
    /// or a word outside the glossary less specific to the corpus than
    /// `GENERAL_WORD_SPECIFICITY`.
    fn is_general_word(&self, toks: &[u32], known: bool, specificity: f64) -> bool {
        let [t] = toks else { return false };
        is_bare_head(self.vocab.word(*t)) || !known && specificity < GENERAL_WORD_SPECIFICITY
    }

    /// Unithood of a surface of frequency `f`: each segmentation's, weighted by its frequency.
    fn unithood(&self, grams: &[Gram], exact: &Exact, f: f64) -> f64 {
        grams
            .iter()
            .map(|&g| {
                let (hl, hr) = self.table.entropies(g, &exact.left);
                f64::from(self.table.freq(g)) * (1.0 - (-hl.min(hr)).exp())
            })
            .sum::<f64>()
            / f
    }
}

/// General-Chinese log probability per token type, for the tokens candidates use (NaN for the
/// others: looking a word up costs a segmentation of it).
fn general_ln_p(table: &Table, vocab: &Vocab, cands: &[Gram], seg: &Segmenter) -> Vec<f64> {
    let n_words = vocab.len();
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
    vocab
        .words()
        .par_iter()
        .zip(needed)
        .map(|(w, needed)| {
            if needed {
                seg.reference_ln_p(w)
            } else {
                f64::NAN
            }
        })
        .collect()
}
