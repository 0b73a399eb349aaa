//! The extraction pipeline: corpus → normalize → segment → candidates → score → contexts,
//! glossary-aware. Pure: it reads nothing and prints nothing itself.

pub mod contexts;
pub mod count;
pub mod score;
pub mod segment;

use crate::corpus::{Corpus, Skipped};
use crate::error::{Error, Result};
use crate::extract::contexts::{Kwic, Located};
use crate::extract::count::{Class, Gram, Limits, Table, Vocab};
use crate::extract::segment::Segmenter;
use crate::glossary::variants::Skeleton;
use crate::glossary::{FormStatus, Glossary, Kind, Status};
use crate::text::normalize::{self, Normalized};
use crate::util::hash::round4;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Terms to report; 0 reports all.
    pub top: usize,
    pub min_freq: u32,
    /// Longest candidate, in tokens.
    pub max_len: usize,
    /// Keyword-in-context lines per term.
    pub contexts: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            top: 100,
            min_freq: 2,
            max_len: 8,
            contexts: 2,
        }
    }
}

/// The JSON contract of `shuyu extract --format json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Extraction {
    pub terms: Vec<Term>,
    pub stats: Stats,
    /// Seconds since the start at the end of each stage, for performance work; not part of
    /// the output contract.
    #[serde(skip)]
    pub timings: Vec<(&'static str, f64)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Term {
    pub term: String,
    pub freq: u64,
    pub docs: u64,
    pub score: f64,
    pub known: Option<Known>,
    pub variant_of: Option<String>,
    pub contexts: Vec<Kwic>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Known {
    pub id: String,
    pub en: Option<String>,
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stats {
    pub files: usize,
    pub chars: usize,
    pub skipped: usize,
    pub seconds: f64,
}

/// Receives progress in bytes segmented; the binary draws a bar with it.
pub trait Progress: Sync {
    fn begin(&self, _total_bytes: u64) {}
    fn advance(&self, _bytes: u64) {}
    /// A later stage has started (segmentation is the only one measured in bytes).
    fn stage(&self, _name: &'static str) {}
    fn end(&self) {}
}

/// Reports nothing.
pub struct Silent;
impl Progress for Silent {}

/// A corpus read and normalized, with the segmenter for it: what `run_loaded` starts from.
/// The original texts are not kept (see `load`).
pub struct Loaded {
    /// Per document: its path, its characters and its length in bytes.
    documents: Vec<(PathBuf, usize, usize)>,
    normalized: Vec<Normalized>,
    skipped: Vec<Skipped>,
    seg: Segmenter,
    started: std::time::Instant,
}

impl Loaded {
    /// Files that were found but could not be read as text.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Whether no file could be read.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// Bytes of text read.
    pub fn bytes(&self) -> u64 {
        self.documents.iter().map(|d| d.2 as u64).sum()
    }
}

/// Reads and decodes `files` (as `corpus::load`), normalizing each as soon as it is read,
/// while jieba's dictionary loads: on two threads the one loading the dictionary, which is
/// serial, is the only one idle until the other has read and normalized most of the corpus.
/// Each original text is dropped once normalized, so the next file is read into the same
/// memory: only contexts need originals, and only those of the few files that give them,
/// which are read again then. Keeping the law corpus's 58 MB of originals cost 15,500 page
/// faults and 20-30 ms of a one-thread run.
pub fn load(files: &[PathBuf], glossary: &Glossary) -> Loaded {
    let started = std::time::Instant::now();
    let (seg, (read, skipped)) = rayon::join(
        || segmenter(glossary),
        || {
            crate::corpus::read_each(files, |path, text| {
                let d = crate::corpus::Document::new(path.to_owned(), text);
                let normalized = normalize_for_extraction(&d.text);
                ((d.path, d.chars, d.text.len()), normalized)
            })
        },
    );
    let (documents, normalized) = read.into_iter().unzip();
    Loaded {
        documents,
        normalized,
        skipped,
        seg,
        started,
    }
}

/// Runs the whole pipeline over what `load` read. Timings and `stats.seconds` count from the
/// start of `load`. Fails only if a file that gives a context can no longer be read as it was
/// (see `reread`).
pub fn run_loaded(
    loaded: &Loaded,
    glossary: &Glossary,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Extraction> {
    let sources: Vec<Source> = loaded
        .documents
        .iter()
        .map(|(path, chars, _)| Source {
            path,
            chars: *chars,
            text: None,
        })
        .collect();
    pipeline(
        &sources,
        loaded.skipped.len(),
        &loaded.normalized,
        &loaded.seg,
        glossary,
        opts,
        progress,
        (loaded.started, "read+normalize+dictionary"),
    )
}

/// Runs the whole pipeline over `corpus`.
pub fn run(
    corpus: &Corpus,
    glossary: &Glossary,
    opts: &Options,
    progress: &dyn Progress,
) -> Extraction {
    let started = std::time::Instant::now();
    // Loading jieba's dictionary is serial: it overlaps with normalization on other threads.
    let (seg, normalized) = rayon::join(
        || segmenter(glossary),
        || -> Vec<Normalized> {
            corpus
                .documents
                .par_iter()
                .with_max_len(1)
                .map(|d| normalize_for_extraction(&d.text))
                .collect()
        },
    );
    let sources: Vec<Source> = corpus
        .documents
        .iter()
        .map(|d| Source {
            path: &d.path,
            chars: d.chars,
            text: Some(&d.text),
        })
        .collect();
    pipeline(
        &sources,
        corpus.skipped.len(),
        &normalized,
        &seg,
        glossary,
        opts,
        progress,
        (started, "normalize+dictionary"),
    )
    // Only re-reading an original can fail, and every original is in memory here.
    .expect("originals in memory")
}

/// A document as the pipeline sees it: its original text when in memory, otherwise read
/// again from `path` for contexts.
struct Source<'a> {
    path: &'a Path,
    chars: usize,
    text: Option<&'a str>,
}

/// The original text of a document normalized into `normalized`, read again from `path`. The
/// file must still be what was read: normalizing it must give the same text and the same map
/// back, so every position found maps to the same place, otherwise the file changed during
/// the run and its contexts would point at the wrong place.
fn reread(path: &Path, normalized: &Normalized) -> Result<String> {
    let changed = |message: String| Error::Input {
        path: path.to_owned(),
        line: None,
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = crate::corpus::decode_owned(bytes).map_err(|e| changed(e.to_string()))?;
    if normalize_for_extraction(&text) != *normalized {
        return Err(changed(
            "changed while shuyu was reading it; run again".into(),
        ));
    }
    Ok(text)
}

/// The segmenter for extraction: only approved entries are kept whole. Candidates are machine
/// suggestions (a merge would otherwise change the next extraction) and rejected forms are not
/// terms. Titles stay out too: kept whole they would hide the terms inside them (国际安全 in
/// 从国际安全角度看信息和电信领域的发展) from counting.
fn segmenter(glossary: &Glossary) -> Segmenter {
    Segmenter::new(
        glossary
            .forms("zh")
            .filter(|&(_, i, _)| {
                let e = &glossary.entries[i];
                e.kind != Kind::Title && e.status == Status::Approved
            })
            .map(|(f, _, _)| f),
    )
}

fn normalize_for_extraction(text: &str) -> Normalized {
    normalize::normalize(
        text,
        &normalize::Options {
            drop_furniture: true,
        },
    )
}

/// The stages after normalization. `first` is when the run started and the name of the
/// stage that ended when this was called.
#[allow(clippy::too_many_arguments)]
fn pipeline(
    sources: &[Source],
    skipped: usize,
    normalized: &[Normalized],
    seg: &Segmenter,
    glossary: &Glossary,
    opts: &Options,
    progress: &dyn Progress,
    first: (std::time::Instant, &'static str),
) -> Result<Extraction> {
    let (started, prepared) = first;
    let mut timings = Vec::new();
    let mut lap = |stage: &'static str| timings.push((stage, started.elapsed().as_secs_f64()));
    let next = |name: &'static str| progress.stage(name);
    lap(prepared);
    let texts: Vec<&str> = normalized.iter().map(|n| n.text.as_str()).collect();
    progress.begin(texts.iter().map(|t| t.len() as u64).sum());
    let segmented = segment::segment_all(seg, &texts, &|n| progress.advance(n));
    lap("segment");

    let approved: rustc_hash::FxHashSet<&str> = glossary
        .forms("zh")
        .filter(|&(_, i, st)| {
            glossary.entries[i].status == Status::Approved && st != FormStatus::Deprecated
        })
        .map(|(f, _, _)| f)
        .collect();
    let classes: Vec<(Class, bool)> = segmented
        .words
        .par_iter()
        .map(|w| {
            if count::is_break(w) {
                return (Class::Break, false);
            }
            let tag = seg.tag(w);
            (count::classify(w, &tag), count::is_verb_tag(&tag))
        })
        .collect();
    let words = &segmented.words;
    let vocab = Vocab {
        can_start: classes
            .iter()
            .map(|c| matches!(c.0, Class::Word { start: true, .. }))
            .collect(),
        can_end: classes
            .iter()
            .map(|c| matches!(c.0, Class::Word { end: true, .. }))
            .collect(),
        verb: classes.iter().map(|c| c.1).collect(),
        joiner: words.iter().map(|w| count::is_joiner(w)).collect(),
        known: words
            .iter()
            .map(|w| approved.contains(w.as_str()))
            .collect(),
        breaks: classes.iter().map(|c| c.0 == Class::Break).collect(),
        // The strings stay with `segmented`, which contexts need; scoring gets a copy.
        words: words.clone(),
    };
    let streams = &segmented.streams;
    let limits = Limits {
        min_freq: opts.min_freq,
        max_len: opts.max_len.max(1),
    };
    lap("classify");
    next("counting n-grams");
    let table = Table::count(streams, &vocab, limits);
    lap("count");
    let cands = score::candidates(&table, &vocab, streams);
    lap("candidates");
    next("scoring");
    let ranked = score::rank(&table, &vocab, streams, &cands, seg, opts.top);
    lap("score");
    next("contexts");

    let top = if opts.top == 0 {
        ranked.len()
    } else {
        opts.top.min(ranked.len())
    };
    let chosen = &ranked[..top];

    let container_gram = |t: &u32| Gram { level: 0, id: *t };
    // Every occurrence of the reported terms and of the glossary words that contain them
    // (containers give contexts too, for a term seen only inside glossary words): all of them
    // count documents, the first few give contexts. One scan of the tables serves both.
    let wanted: Vec<Gram> = chosen
        .iter()
        .flat_map(|c| {
            c.grams
                .iter()
                .copied()
                .chain(c.containers.iter().map(container_gram))
        })
        .collect();
    let all_occ = table.occurrences(streams, &wanted, usize::MAX);
    let first = |g: &Gram| -> &[count::Occurrence] {
        all_occ
            .get(g)
            .map_or(&[], |o| &o[..o.len().min(opts.contexts)])
    };
    let known_forms: FxHashMap<&str, usize> =
        glossary.forms("zh").map(|(f, i, _)| (f, i)).collect();
    let form_skeletons: Vec<Skeleton> = glossary
        .forms("zh")
        .map(|(f, _, _)| Skeleton::new(f))
        .collect();
    let mut ranked_skeletons: Vec<Skeleton> = Vec::with_capacity(top);
    let mut terms = Vec::with_capacity(top);
    // Per term, the contexts to show: (document, start, end) in the normalized text.
    let mut wanted: Vec<Vec<(usize, usize, usize)>> = Vec::with_capacity(top);
    for s in chosen {
        let (term, grams) = (&s.term, &s.grams);
        let docs_n = {
            let mut ds: Vec<usize> = grams
                .iter()
                .copied()
                .chain(s.containers.iter().map(container_gram))
                .flat_map(|g| all_occ[&g].iter().map(|o| o.doc))
                .collect();
            ds.sort_unstable();
            ds.dedup();
            ds.len() as u64
        };
        // (doc, token position, byte range of the term in the text)
        let mut occurrences: Vec<(usize, usize, usize, usize)> = grams
            .iter()
            .flat_map(|g| {
                first(g).iter().map(|o| {
                    let (start, end) = segmented.byte_range(o.pos, g.level + 1);
                    (o.doc, o.pos, start, end)
                })
            })
            .collect();
        if occurrences.len() < opts.contexts {
            for &w in &s.containers {
                let Some(inside) = vocab.words[w as usize].find(term.as_str()) else {
                    continue;
                };
                for o in first(&container_gram(&w)) {
                    let start = segmented.byte_range(o.pos, 1).0 + inside;
                    occurrences.push((o.doc, o.pos, start, start + term.len()));
                }
            }
        }
        occurrences.sort_unstable();
        occurrences.dedup();
        occurrences.truncate(opts.contexts);
        wanted.push(
            occurrences
                .into_iter()
                .map(|(d, _, s, e)| (d, s, e))
                .collect(),
        );
        let known = known_forms.get(term.as_str()).map(|&i| {
            let e = &glossary.entries[i];
            Known {
                id: e.id.clone(),
                en: e.en.as_ref().map(|l| l.preferred.clone()),
                status: e.status.as_str().into(),
            }
        });
        let skeleton = Skeleton::new(term);
        let variant_of = if known.is_some() {
            None
        } else {
            form_skeletons
                .iter()
                .chain(&ranked_skeletons)
                .find(|other| skeleton.is_variant_of(other))
                .map(|other| other.term.to_owned())
        };
        ranked_skeletons.push(skeleton);
        terms.push(Term {
            term: term.clone(),
            freq: s.freq,
            docs: docs_n,
            score: round4(s.score),
            known,
            variant_of,
            contexts: Vec::new(),
        });
    }
    // Contexts are cut from the normalized text and located in the original, which is read
    // again for the documents that give them if it is not in memory.
    let mut needed: Vec<usize> = wanted.iter().flatten().map(|c| c.0).collect();
    needed.sort_unstable();
    needed.dedup();
    let reread: FxHashMap<usize, String> = needed
        .par_iter()
        .filter(|&&d| sources[d].text.is_none())
        .map(|&d| Ok((d, reread(sources[d].path, &normalized[d])?)))
        .collect::<Result<_>>()?;
    let located: FxHashMap<usize, Located> = needed
        .iter()
        .map(|&d| {
            let original = sources[d].text.unwrap_or_else(|| &reread[&d]);
            let located = Located {
                file: sources[d].path.display().to_string(),
                original,
                lines: Default::default(),
                normalized: &normalized[d],
            };
            (d, located)
        })
        .collect();
    for (term, wanted) in terms.iter_mut().zip(wanted) {
        term.contexts = wanted
            .into_iter()
            .map(|(d, start, end)| located[&d].kwic(start, end))
            .collect();
    }
    // Freeing millions of small allocations takes a noticeable share of a run; nothing waits
    // for it, so it happens off the caller's thread.
    drop(located);
    std::thread::spawn(move || drop((table, vocab, segmented, ranked)));
    lap("contexts");
    progress.end();
    Ok(Extraction {
        timings,
        terms,
        stats: Stats {
            files: sources.len(),
            chars: sources.iter().map(|s| s.chars).sum(),
            skipped,
            seconds: round4(started.elapsed().as_secs_f64()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contexts of a file read by `load` come from the file read again, and a file that
    /// changed in between is an error naming it rather than contexts pointing elsewhere.
    #[test]
    fn contexts_come_from_the_file_as_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("A_RES_77_36.zh.txt");
        let original = include_str!("../../corpus/A_RES_77_36.zh.txt");
        std::fs::write(&path, original).unwrap();
        let glossary = Glossary::builtin();
        let opts = Options {
            top: 5,
            ..Options::default()
        };
        let loaded = load(std::slice::from_ref(&path), &glossary);
        let from_disk = run_loaded(&loaded, &glossary, &opts, &Silent).unwrap();
        let corpus = crate::corpus::load(std::slice::from_ref(&path));
        let in_memory = run(&corpus, &glossary, &opts, &Silent);
        let contexts = |e: &Extraction| -> Vec<Kwic> {
            e.terms.iter().flat_map(|t| t.contexts.clone()).collect()
        };
        assert_eq!(contexts(&from_disk).len(), 10);
        assert_eq!(contexts(&from_disk), contexts(&in_memory));

        // One line more at the top moves every position: the file is not what was read.
        std::fs::write(&path, format!("\n{original}")).unwrap();
        let err = run_loaded(&loaded, &glossary, &opts, &Silent).unwrap_err();
        assert!(err.to_string().contains("A_RES_77_36.zh.txt"), "{err}");
        assert!(err.to_string().contains("changed"), "{err}");
    }
}
