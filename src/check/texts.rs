//! Checking text held in memory (a request's body rather than files): the same documents,
//! pairs and rules as a run over files, and the glossary terms a text contains.

use super::{Checker, Loaded};
use crate::corpus::{Corpus, Document, Pair, PairedBy};
use crate::error::Result;
use crate::glossary::FormStatus;
use std::path::PathBuf;

/// A glossary form found in a text: which entry, in which language, how the form stands, and
/// its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    /// Index of the entry in the glossary.
    pub entry: usize,
    /// `zh` or `en`.
    pub lang: &'static str,
    pub standing: FormStatus,
    pub start: usize,
    pub end: usize,
}

impl Checker<'_> {
    /// Documents given as `(name, text)`, with `pairs` naming a Chinese document and its
    /// English translation by those names, read for [`Checker::check_each`] as files would
    /// be: each pair's halves are told apart by their content, as for `--pair`.
    pub fn load_texts(&self, texts: Vec<(PathBuf, String)>, pairs: &[Pair]) -> Result<Loaded> {
        let corpus = Corpus {
            documents: texts
                .into_iter()
                .map(|(path, text)| Document::new(path, text))
                .collect(),
            ..Corpus::default()
        };
        let named: Vec<(Pair, PairedBy)> =
            pairs.iter().map(|p| (p.clone(), PairedBy::Named)).collect();
        let settled = super::inputs::settle_pairs(&corpus, &named)?;
        Ok(Loaded {
            corpus,
            pairs: settled.pairs,
            reports: settled.reports,
        })
    }

    /// Every glossary form in `text`, Chinese and English, by the matcher `check` uses:
    /// Chinese forms that are whole words, English ones on word boundaries in any case,
    /// leftmost-longest, of entries of every status; by start.
    pub fn terms_in(&self, text: &str) -> Result<Vec<TermMatch>> {
        let zh = self.zh.find_words(text, || self.segmenter());
        let en = self.english(text)?;
        let mut out: Vec<TermMatch> = zh
            .iter()
            .map(|m| (m, "zh"))
            .chain(en.iter().map(|m| (m, "en")))
            .map(|(m, lang)| TermMatch {
                entry: m.entry,
                lang,
                standing: m.status,
                start: m.start,
                end: m.end,
            })
            .collect();
        out.sort_by_key(|m| (m.start, m.end));
        Ok(out)
    }

    /// Builds now what checking Chinese text would build on first use (jieba with the
    /// glossary's words), so the first request after a load is not the slow one.
    pub fn warm_up(&self) {
        let _ = self.segmenter();
        self.en.prepare_for_pairs();
    }
}
