//! Terms: the ranked surfaces as the terms extract reports, with their document counts, glossary
//! status, near-duplicates and keyword-in-context lines.

use super::contexts::Located;
use super::count::{Gram, Occurrence, Table};
use super::lexicon::Vocab;
use super::score::Scored;
use super::stream::Segmented;
use super::{Known, Run, Term};
use crate::error::Result;
use crate::glossary::Glossary;
use crate::glossary::variants::{Skeleton, VariantIndex};
use crate::util::hash::round4;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// What counting found, which reporting reads.
pub(super) struct Found<'a> {
    pub table: &'a Table,
    pub vocab: &'a Vocab,
    pub segmented: &'a Segmented,
}

/// A context to show: document, and start and end of the term in its normalized text.
type Span = (usize, usize, usize);

/// The reported terms, `chosen` in rank order.
pub(super) fn terms(run: &Run, found: &Found, chosen: &[Scored]) -> Result<Vec<Term>> {
    let occurrences = Occurrences::of(found, chosen, run.opts.contexts);
    let known_forms: FxHashMap<&str, usize> =
        run.glossary.forms("zh").map(|(f, i, _)| (f, i)).collect();
    let mut variants = Variants::new(run.glossary, chosen);
    let mut terms = Vec::with_capacity(chosen.len());
    // Per term, the contexts to show.
    let mut spans: Vec<Vec<Span>> = Vec::with_capacity(chosen.len());
    for s in chosen {
        spans.push(context_spans(s, &occurrences, found));
        let known = known_forms
            .get(s.term.as_str())
            .map(|&i| known(run.glossary, i));
        let variant_of = variants.variant_of(&s.term, known.is_some());
        terms.push(Term {
            term: s.term.clone(),
            freq: s.freq,
            docs: occurrences.documents(s),
            score: round4(s.score),
            known,
            variant_of,
            contexts: Vec::new(),
        });
    }
    attach_contexts(run, &mut terms, spans)?;
    Ok(terms)
}

/// Where the reported terms occur.
struct Occurrences {
    /// Every occurrence of the reported terms and of the glossary words that contain them
    /// (containers give contexts too, for a term seen only inside glossary words): all of them
    /// count documents, the first few give contexts. One scan of the tables serves both.
    all: FxHashMap<Gram, Vec<Occurrence>>,
    /// Contexts per term.
    contexts: usize,
}

/// A glossary word (token id) that contains a term, as the n-gram of one token it is.
fn container_gram(t: u32) -> Gram {
    Gram { level: 0, id: t }
}

impl Occurrences {
    fn of(found: &Found, chosen: &[Scored], contexts: usize) -> Occurrences {
        let wanted: Vec<Gram> = chosen
            .iter()
            .flat_map(|c| {
                c.grams
                    .iter()
                    .copied()
                    .chain(c.containers.iter().map(|&t| container_gram(t)))
            })
            .collect();
        let all = found
            .table
            .occurrences(&found.segmented.streams, &wanted, usize::MAX);
        Occurrences { all, contexts }
    }

    /// The occurrences of `g` that may give contexts.
    fn first(&self, g: &Gram) -> &[Occurrence] {
        self.all
            .get(g)
            .map_or(&[], |o| &o[..o.len().min(self.contexts)])
    }

    /// Documents the term of `s` occurs in, inside glossary words included.
    fn documents(&self, s: &Scored) -> u64 {
        let mut ds: Vec<usize> = s
            .grams
            .iter()
            .copied()
            .chain(s.containers.iter().map(|&t| container_gram(t)))
            .flat_map(|g| self.all[&g].iter().map(|o| o.doc))
            .collect();
        ds.sort_unstable();
        ds.dedup();
        ds.len() as u64
    }
}

/// The contexts to show of the term of `s`: its first occurrences in corpus order, and if it
/// has too few, those inside the glossary words that contain it.
fn context_spans(s: &Scored, occurrences: &Occurrences, found: &Found) -> Vec<Span> {
    let segmented = found.segmented;
    // (doc, token position, byte range of the term in the text)
    let mut spans: Vec<(usize, usize, usize, usize)> = s
        .grams
        .iter()
        .flat_map(|g| {
            occurrences.first(g).iter().map(|o| {
                let (start, end) = segmented.byte_range(o.pos, g.level + 1);
                (o.doc, o.pos, start, end)
            })
        })
        .collect();
    if spans.len() < occurrences.contexts {
        for &w in &s.containers {
            let Some(inside) = found.vocab.word(w).find(s.term.as_str()) else {
                continue;
            };
            for o in occurrences.first(&container_gram(w)) {
                let start = segmented.byte_range(o.pos, 1).0 + inside;
                spans.push((o.doc, o.pos, start, start + s.term.len()));
            }
        }
    }
    spans.sort_unstable();
    spans.dedup();
    spans.truncate(occurrences.contexts);
    spans.into_iter().map(|(d, _, s, e)| (d, s, e)).collect()
}

/// The glossary entry `i` as a reported term's `known`.
fn known(glossary: &Glossary, i: usize) -> Known {
    let e = &glossary.entries[i];
    Known {
        id: e.id.clone(),
        en: e.en.as_ref().map(|l| l.preferred.clone()),
        status: e.status.as_str().into(),
        glossary: Some(glossary.name.clone()).filter(|n| !n.is_empty()),
    }
}

/// The forms a reported term may be a near-duplicate of: the glossary's, and the terms ranked
/// before it, in that order.
struct Variants<'a> {
    index: VariantIndex<'a>,
}

impl<'a> Variants<'a> {
    fn new(glossary: &'a Glossary, terms: &[Scored]) -> Variants<'a> {
        // A form more than a character longer than every term is no term's variant: it is left
        // out, as filing it costs the square of its length.
        let longest = terms
            .iter()
            .map(|s| Skeleton::new(&s.term).len())
            .max()
            .unwrap_or(0);
        let forms: Vec<Skeleton> = glossary
            .forms("zh")
            .map(|(f, _, _)| Skeleton::new(f))
            .filter(|s| s.len() <= longest + 1)
            .collect();
        let mut index = VariantIndex::with_capacity(forms.len() + terms.len());
        for f in forms {
            index.push(f);
        }
        Variants { index }
    }

    /// The glossary form or better-ranked term that `term`, the next in rank order, is a
    /// near-duplicate of; none for a glossary form (`known`).
    fn variant_of(&mut self, term: &'a str, known: bool) -> Option<String> {
        let skeleton = Skeleton::new(term);
        let variant_of = if known {
            None
        } else {
            self.index
                .first_variant(&skeleton)
                .map(|other| other.term.to_owned())
        };
        self.index.push(skeleton);
        variant_of
    }
}

/// Cuts the contexts from the normalized text and locates them in the original, which is read
/// again for the documents that give them if it is not in memory.
fn attach_contexts(run: &Run, terms: &mut [Term], spans: Vec<Vec<Span>>) -> Result<()> {
    let mut needed: Vec<usize> = spans.iter().flatten().map(|c| c.0).collect();
    needed.sort_unstable();
    needed.dedup();
    let originals: FxHashMap<usize, Cow<str>> = needed
        .par_iter()
        .map(|&d| Ok((d, run.originals.text(d, &run.normalized[d])?)))
        .collect::<Result<_>>()?;
    let located: FxHashMap<usize, Located> = needed
        .iter()
        .map(|&d| {
            let located = Located {
                file: run.originals.path(d).display().to_string(),
                original: &originals[&d],
                lines: Default::default(),
                normalized: &run.normalized[d],
                origin: run.originals.origin(d),
            };
            (d, located)
        })
        .collect();
    for (term, spans) in terms.iter_mut().zip(spans) {
        term.contexts = spans
            .into_iter()
            .map(|(d, start, end)| located[&d].kwic(start, end))
            .collect();
    }
    Ok(())
}
