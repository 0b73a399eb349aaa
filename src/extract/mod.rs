//! The extraction pipeline: corpus → normalize → segment → classify → count → filter → score →
//! terms (documents, glossary status, variants, contexts), glossary-aware. Pure: it reads
//! nothing but the corpus and prints nothing itself.

pub mod contexts;
mod count;
mod filter;
mod lexicon;
mod partitioned;
mod score;
pub(crate) mod segment;
mod stream;
mod terms;

use crate::corpus::{Corpus, Document, Repaired, Skipped};
use crate::error::{Error, Result};
use crate::extract::contexts::Kwic;
use crate::extract::count::Limits;
use crate::extract::lexicon::Vocab;
use crate::extract::segment::Segmenter;
use crate::glossary::{FormStatus, Glossary, Kind, Status};
use crate::text::normalize::{self, Normalized};
use crate::util::hash::round4;
pub use partitioned::{Counting, counting_for, outside_partitions, spill_name};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    /// The `name` of the glossary the entry is in, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glossary: Option<String>,
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

/// A document `load` read, whose text it dropped once normalized.
struct Read {
    path: PathBuf,
    /// Characters of its text.
    chars: usize,
    /// Length of its text in bytes.
    bytes: usize,
    /// Where its lines came from, for an XLIFF, TMX or DOCX file.
    origin: Option<std::sync::Arc<crate::formats::Origin>>,
}

/// A corpus read and normalized, with the segmenter for it: what `run_loaded` starts from.
/// The original texts are not kept (see `load`).
pub struct Loaded {
    documents: Vec<Read>,
    normalized: Vec<Normalized>,
    /// Files read but not extracted from: not Chinese (see [`not_chinese`]).
    not_chinese: Vec<Skipped>,
    skipped: Vec<Skipped>,
    repaired: Vec<Repaired>,
    seg: Segmenter,
    started: Instant,
}

impl Loaded {
    /// Files that were found but could not be read as text.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Counts `more` (entries the walk passed over) among the skipped files, in path order.
    pub fn also_skipped(&mut self, more: Vec<Skipped>) {
        self.skipped.extend(more);
        self.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    }

    /// Files read but not extracted from because they are not Chinese; not counted in
    /// `stats`.
    pub fn not_chinese(&self) -> &[Skipped] {
        &self.not_chinese
    }

    /// Files read with invalid UTF-8 replaced by U+FFFD.
    pub fn repaired(&self) -> &[Repaired] {
        &self.repaired
    }

    /// Whether no file could be read.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// Bytes of text read.
    pub fn bytes(&self) -> u64 {
        self.documents.iter().map(|d| d.bytes as u64).sum()
    }
}

/// Reads and decodes `files` (as `corpus::load`), normalizing each as soon as it is read,
/// while jieba's dictionary loads: on two threads the one loading the dictionary, which is
/// serial, is the only one idle until the other has read and normalized most of the corpus.
/// Each original text is dropped once normalized, so the next file is read into the same
/// memory: only contexts need originals, and only those of the few files that give them,
/// which are read again then. Keeping every original would cost a page fault per 4 KiB of
/// corpus for memory that is hardly read.
pub fn load(files: &[PathBuf], glossary: &Glossary) -> Loaded {
    let started = Instant::now();
    let (seg, all) = rayon::join(
        || segmenter(glossary),
        || {
            crate::corpus::read_each(
                files,
                crate::corpus::Sides::Chinese,
                |path, text, origin| {
                    if let Some(foreign) = not_chinese(path, &text) {
                        return Err(foreign);
                    }
                    let d = Document::new(path.to_owned(), text);
                    let normalized = normalize_for_extraction(&d.text);
                    let read = Read {
                        path: d.path,
                        chars: d.chars,
                        bytes: d.text.len(),
                        origin,
                    };
                    Ok((read, normalized))
                },
            )
        },
    );
    let (chinese, foreign): (Vec<_>, Vec<_>) = all.read.into_iter().partition(|r| r.is_ok());
    let (documents, normalized) = chinese.into_iter().flatten().unzip();
    Loaded {
        documents,
        normalized,
        not_chinese: foreign.into_iter().filter_map(|r| r.err()).collect(),
        skipped: all.skipped,
        repaired: all.repaired,
        seg,
        started,
    }
}

/// Why the text of `path` is not extracted from, when it is not Chinese: Latin letters and no
/// Han characters, or so few that it is in another language (an English report quoting a few
/// Chinese terms). A text without letters (empty, numbers) is harmless and kept.
pub fn not_chinese(path: &Path, text: &str) -> Option<Skipped> {
    // Every file of a corpus is tested: its first lines are enough to tell an English one.
    let l = crate::text::han::Letters::of_opening(text, 2_000);
    l.english().then(|| Skipped {
        path: path.to_owned(),
        reason: format!(
            "not Chinese ({} Han characters, {} Latin letters in its opening)",
            l.han, l.latin
        ),
    })
}

/// Runs the whole pipeline over what `load` read. Timings and `stats.seconds` count from the
/// start of `load`. Fails if the corpus is too large (`Error::CorpusTooLarge`) or if a file
/// that gives a context can no longer be read as it was (see `reread`).
pub fn run_loaded(
    loaded: &Loaded,
    glossary: &Glossary,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Extraction> {
    run_loaded_with(loaded, glossary, opts, progress, &Counting::InMemory)
}

/// `run_loaded`, counting as `counting` says; the output is the same whichever way.
pub fn run_loaded_with(
    loaded: &Loaded,
    glossary: &Glossary,
    opts: &Options,
    progress: &dyn Progress,
    counting: &Counting,
) -> Result<Extraction> {
    let run = Run {
        counting,
        originals: Originals::OnDisk(&loaded.documents),
        skipped: loaded.skipped.len(),
        normalized: &loaded.normalized,
        seg: &loaded.seg,
        glossary,
        opts,
        progress,
    };
    pipeline(&run, Laps::new(loaded.started, "read+normalize+dictionary"))
}

/// Counts partition `part` (1-based) of `parts` of what `load` read, as one map task of a
/// partitioned run, and writes it to `dir` for `Counting::Reduce`. Returns the file written.
pub fn map_loaded(
    loaded: &Loaded,
    glossary: &Glossary,
    opts: &Options,
    (part, parts): (usize, usize),
    dir: &Path,
) -> Result<PathBuf> {
    let run = Run {
        counting: &Counting::InMemory,
        originals: Originals::OnDisk(&loaded.documents),
        skipped: loaded.skipped.len(),
        normalized: &loaded.normalized,
        seg: &loaded.seg,
        glossary,
        opts,
        progress: &Silent,
    };
    let mut laps = Laps::new(loaded.started, "read+normalize+dictionary");
    let (segmented, vocab, limits) = prepare(&run, &mut laps)?;
    partitioned::map(part, parts, dir, &segmented.streams, &vocab, limits)
}

/// Runs the whole pipeline over `corpus`. Fails only if the corpus is too large
/// (`Error::CorpusTooLarge`): every original is in memory.
pub fn run(
    corpus: &Corpus,
    glossary: &Glossary,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Extraction> {
    run_with(corpus, glossary, opts, progress, &Counting::InMemory)
}

/// `run`, counting as `counting` says; the output is the same whichever way.
pub fn run_with(
    corpus: &Corpus,
    glossary: &Glossary,
    opts: &Options,
    progress: &dyn Progress,
    counting: &Counting,
) -> Result<Extraction> {
    let started = Instant::now();
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
    let run = Run {
        counting,
        originals: Originals::InMemory(&corpus.documents),
        skipped: corpus.skipped.len(),
        normalized: &normalized,
        seg: &seg,
        glossary,
        opts,
        progress,
    };
    pipeline(&run, Laps::new(started, "normalize+dictionary"))
}

/// Where the contexts stage finds each document's original text.
enum Originals<'a> {
    /// Every original in memory (`run`).
    InMemory(&'a [Document]),
    /// Originals dropped once normalized (`load`), read again for the documents that give
    /// contexts.
    OnDisk(&'a [Read]),
}

impl<'a> Originals<'a> {
    fn len(&self) -> usize {
        match self {
            Originals::InMemory(d) => d.len(),
            Originals::OnDisk(d) => d.len(),
        }
    }

    fn path(&self, d: usize) -> &'a Path {
        match self {
            Originals::InMemory(docs) => &docs[d].path,
            Originals::OnDisk(docs) => &docs[d].path,
        }
    }

    /// Where the lines of document `d` came from, when not from a text file.
    fn origin(&self, d: usize) -> Option<std::sync::Arc<crate::formats::Origin>> {
        match self {
            Originals::InMemory(docs) => docs[d].origin.clone(),
            Originals::OnDisk(docs) => docs[d].origin.clone(),
        }
    }

    /// Characters in every document.
    fn chars(&self) -> usize {
        match self {
            Originals::InMemory(docs) => docs.iter().map(|d| d.chars).sum(),
            Originals::OnDisk(docs) => docs.iter().map(|d| d.chars).sum(),
        }
    }

    /// The original text of document `d`, which was normalized into `normalized`. Only a
    /// document read again can fail (see `reread`).
    fn text(&self, d: usize, normalized: &Normalized) -> Result<Cow<'a, str>> {
        match self {
            Originals::InMemory(docs) => Ok(Cow::Borrowed(&docs[d].text)),
            Originals::OnDisk(docs) => reread(&docs[d].path, normalized).map(Cow::Owned),
        }
    }
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
    let text = if crate::formats::Format::of(path).is_some() {
        let read = crate::formats::read_file(path)?;
        read.chinese().map(|s| s.text).unwrap_or_default()
    } else {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        crate::corpus::decode_owned(bytes).map_err(|e| changed(e.to_string()))?
    };
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

/// The glossary's approved Chinese forms, deprecated ones left out: terms counted whatever
/// their frequency.
fn approved_forms(glossary: &Glossary) -> FxHashSet<&str> {
    glossary
        .forms("zh")
        .filter(|&(_, i, st)| {
            glossary.entries[i].status == Status::Approved && st != FormStatus::Deprecated
        })
        .map(|(f, _, _)| f)
        .collect()
}

fn normalize_for_extraction(text: &str) -> Normalized {
    normalize::normalize(
        text,
        &normalize::Options {
            drop_furniture: true,
        },
    )
}

/// What the stages after normalization read.
struct Run<'a> {
    counting: &'a Counting,
    originals: Originals<'a>,
    /// Files found but not read.
    skipped: usize,
    normalized: &'a [Normalized],
    seg: &'a Segmenter,
    glossary: &'a Glossary,
    opts: &'a Options,
    progress: &'a dyn Progress,
}

/// Seconds since the start of a run at the end of each stage.
struct Laps {
    started: Instant,
    timings: Vec<(&'static str, f64)>,
}

impl Laps {
    /// Laps of a run that started at `started`, whose stage `first` has just ended.
    fn new(started: Instant, first: &'static str) -> Laps {
        let mut laps = Laps {
            started,
            timings: Vec::new(),
        };
        laps.lap(first);
        laps
    }

    fn lap(&mut self, stage: &'static str) {
        let at = self.started.elapsed().as_secs_f64();
        self.timings.push((stage, at));
    }
}

/// Segmenting and classifying: the token stream and what each word may be in a term.
fn prepare(run: &Run, laps: &mut Laps) -> Result<(stream::Segmented, Vocab, Limits)> {
    let progress = run.progress;
    let texts: Vec<&str> = run.normalized.iter().map(|n| n.text.as_str()).collect();
    progress.begin(texts.iter().map(|t| t.len() as u64).sum());
    let segmented = stream::segment_all(run.seg, &texts, &|n| progress.advance(n))?;
    laps.lap("segment");
    // The strings stay with `segmented`, which contexts need; scoring gets a copy.
    let words = segmented.words.clone();
    let vocab = Vocab::classify(words, run.seg, &approved_forms(run.glossary));
    let limits = Limits {
        min_freq: run.opts.min_freq,
        max_len: run.opts.max_len.max(1),
    };
    laps.lap("classify");
    Ok((segmented, vocab, limits))
}

/// The stages after normalization.
fn pipeline(run: &Run, mut laps: Laps) -> Result<Extraction> {
    let progress = run.progress;
    let (segmented, vocab, limits) = prepare(run, &mut laps)?;
    let streams = &segmented.streams;
    progress.stage("counting n-grams");
    let table = partitioned::count(run.counting, streams, &vocab, limits)?;
    laps.lap("count");
    let cands = filter::candidates(&table, &vocab, streams);
    laps.lap("candidates");
    progress.stage("scoring");
    let ranked = score::rank(&table, &vocab, streams, &cands, run.seg, run.opts.top);
    laps.lap("score");
    progress.stage("contexts");
    let top = match run.opts.top {
        0 => ranked.len(),
        top => top.min(ranked.len()),
    };
    let found = terms::Found {
        table: &table,
        vocab: &vocab,
        segmented: &segmented,
    };
    let terms = terms::terms(run, &found, &ranked[..top])?;
    if let Some(why) = table.spill_failure() {
        return Err(Error::io(
            "a temporary partition file (TMPDIR)",
            std::io::Error::other(format!("could not be read again during the run: {why}")),
        ));
    }
    // Freeing millions of small allocations takes a noticeable share of a run; nothing waits
    // for it, so it happens off the caller's thread.
    std::thread::spawn(move || drop((table, vocab, segmented, ranked)));
    laps.lap("contexts");
    progress.end();
    Ok(Extraction {
        terms,
        stats: Stats {
            files: run.originals.len(),
            chars: run.originals.chars(),
            skipped: run.skipped,
            seconds: round4(laps.started.elapsed().as_secs_f64()),
        },
        timings: laps.timings,
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
        let in_memory = run(&corpus, &glossary, &opts, &Silent).unwrap();
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
