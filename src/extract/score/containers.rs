//! Glossary containers: a glossary term kept whole by the segmenter (信息和通信技术环境) still
//! contains the terms inside it (信息和通信技术), and each of its occurrences counts for them.

use super::surfaces::Surfaces;
use crate::extract::count::Table;
use crate::extract::lexicon::Vocab;

/// The approved glossary words, each one token, that contain surfaces.
pub(super) struct Containers {
    /// Per surface, the glossary words (token ids) that contain it, in id order.
    pub of: Vec<Vec<u32>>,
    /// `(inner surface) << 32 | (outer surface)` for every glossary word that is itself a
    /// surface: it is one of the longer terms that contain the inner one (T(a) of the C-value).
    pub pairs: Vec<u64>,
}

impl Containers {
    /// Finds the surfaces inside every approved glossary word the corpus has, and adds the
    /// word's frequency to theirs.
    pub fn find(table: &Table, vocab: &Vocab, surfaces: &mut Surfaces) -> Containers {
        let mut of: Vec<Vec<u32>> = vec![Vec::new(); surfaces.len()];
        let mut pairs: Vec<u64> = Vec::new();
        let mut found: Vec<(usize, u32)> = Vec::new();
        for (w, word) in (0..).zip(vocab.words()) {
            if !vocab.is_known(w) || table.unigram(w) == 0 {
                continue;
            }
            let inside = surfaces_inside(surfaces, word);
            let outer = surfaces.find(word);
            for sid in inside {
                found.push((sid, w));
                if of[sid].last() != Some(&w) {
                    of[sid].push(w);
                }
                if let Some(outer) = outer {
                    pairs.push(((sid as u64) << 32) | outer as u64);
                }
            }
        }
        for (sid, w) in found {
            surfaces.freq[sid] += u64::from(table.unigram(w));
        }
        Containers { of, pairs }
    }
}

/// The surfaces spelled by the proper substrings of `word`, in order of start, then end.
fn surfaces_inside(surfaces: &Surfaces, word: &str) -> Vec<usize> {
    let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    let mut inside: Vec<usize> = Vec::new();
    for (a, &i) in starts.iter().enumerate() {
        for &j in starts[a + 1..].iter().chain(std::iter::once(&word.len())) {
            if (i, j) != (0, word.len())
                && let Some(sid) = surfaces.find(&word[i..j])
            {
                inside.push(sid);
            }
        }
    }
    inside
}
