//! Check stage: terminology findings for Chinese documents, English documents and Chinese–English
//! pairs against the glossary: deprecated forms (errors) and approved Chinese terms whose
//! English equivalent is missing from the aligned translation (warnings). Pure: returns
//! findings; rendering is in `render::check`, printing in the binary.

mod baseline;
mod deprecated;
mod inputs;
pub(crate) mod matcher;
mod missing;
mod rules;
mod texts;

pub use baseline::{Baseline, BaselineEntry};
pub use missing::SourceLang;
pub use rules::{
    EXCERPT, Excerpt, Finding, LineHash, Outcome, PairReport, Rule, Severity, Tally, Text,
};
pub use texts::TermMatch;

use crate::align::Segment;
use crate::check::baseline::{Known, Occurrences};
use crate::check::matcher::{EnMatcher, Match, ZhMatcher};
use crate::corpus::{self, Corpus, Pair, Repaired, Skipped};
use crate::error::Result;
use crate::extract::segment::Segmenter;
use crate::formats;
use crate::glossary::{Glossary, Status};
use crate::text::positions::{LineCol, LineIndex};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Ordering;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The marker that silences findings on its line.
const IGNORE_MARKER: &str = "shuyu-ignore";

/// Bytes of text (a file and its translations) whose findings are settled together, in
/// parallel, before they are reported: enough files for the cores, few enough findings to hold.
const BATCH: usize = 4 << 20;

/// Matches of one file whose `deprecated-*` findings are made and held at a time.
const BLOCK: usize = 1 << 14;

/// The files of a run, read: see [`Checker::load`].
pub struct Loaded {
    corpus: Corpus,
    pairs: Vec<Pair>,
    reports: Vec<PairReport>,
}

impl Loaded {
    /// Files that could not be read, by path: each is an `unreadable` finding.
    pub fn skipped(&self) -> &[Skipped] {
        &self.corpus.skipped
    }

    /// Files read with invalid UTF-8 replaced.
    pub fn repaired(&self) -> &[Repaired] {
        &self.corpus.repaired
    }

    /// What a user should know about how XLIFF, TMX and DOCX files were read, by file.
    pub fn notes(&self) -> &[(PathBuf, String)] {
        &self.corpus.notes
    }

    /// The pairs to check, each with how it was found and aligned.
    pub fn pair_reports(&self) -> &[PairReport] {
        &self.reports
    }
}

/// What a run reports on, in path order: a document, or a file it could not read.
enum Item<'d, 'c> {
    Doc(&'d Doc<'c>),
    /// The two sides of a bilingual file (XLIFF, TMX), reported as one file.
    Sides(&'d Doc<'c>, &'d Doc<'c>),
    Skipped(&'c Skipped),
}

/// Findings on their way out: baseline filtering and the outcome's totals.
struct Emit<'a> {
    known: Option<Known<'a>>,
    outcome: &'a mut Outcome,
    each: &'a mut dyn FnMut(Finding) -> ControlFlow<()>,
}

impl Emit<'_> {
    /// Hands `f` on unless the baseline records it (a file that cannot be read is always
    /// reported: what it contains is unknown, so no baseline can vouch for it).
    fn emit(&mut self, f: Finding) -> ControlFlow<()> {
        let known = self
            .known
            .as_ref()
            .is_some_and(|k| k.contains(f.fingerprint.as_str()));
        if known && f.rule != Rule::Unreadable {
            self.outcome.baselined += 1;
            return ControlFlow::Continue(());
        }
        self.outcome.streamed.add(f.severity);
        (self.each)(f)
    }
}

/// The glossary compiled for checking: both automatons, built once per run.
pub struct Checker<'g> {
    glossary: &'g Glossary,
    zh: ZhMatcher,
    en: EnMatcher<'g>,
    /// jieba with the glossary's Chinese forms as words, loaded when a Chinese form is first
    /// found where only segmenting can tell whether it is a whole word.
    words: OnceLock<Segmenter>,
    /// Which bilingual rules run on pairs.
    /// The source language set for every pair, over what a file declares.
    source: Option<SourceLang>,
    /// Pairs whose source language is set for them, by their canonical paths.
    pair_sources: FxHashMap<(PathBuf, PathBuf), SourceLang>,
}

/// A document read for checking, with its glossary matches in both languages.
struct Doc<'a> {
    path: &'a Path,
    /// Where the lines of an XLIFF, TMX or DOCX file's text came from.
    origin: Option<&'a crate::formats::Origin>,
    text: &'a str,
    /// Chinese forms that are whole words, leftmost-longest, by start.
    zh: Vec<Match>,
    /// English forms, leftmost-longest, by start.
    en: Vec<Match>,
    /// Shared by the blocks of matches of one document.
    lazy: Arc<Lazy>,
}

/// What findings in a document need, worked out on first use.
struct Lazy {
    /// Built on first use: most files have no finding and need no positions.
    index: OnceLock<LineIndex>,
    /// The last positions looked up: findings come in text order, two sequences of them
    /// interleaved (a file's deprecated forms and its missing equivalents), so the next one is
    /// counted from the nearest before it rather than from the start of its line, which may be
    /// the whole file.
    cursor: Mutex<[(usize, LineCol); 2]>,
    /// Offsets of `shuyu-ignore` in the text, found on first use.
    marks: OnceLock<Vec<usize>>,
    /// The hash of the line starting at each offset that has findings: a long line is hashed
    /// once, not once per finding.
    line_hashes: Mutex<FxHashMap<usize, LineHash>>,
    /// The strings of the document's findings, each held once.
    strings: Mutex<FxHashSet<Arc<str>>>,
}

impl Lazy {
    /// `s` shared with every equal string of the document's findings.
    fn intern(&self, s: String) -> Text {
        let mut strings = self.strings.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = strings.get(s.as_str()) {
            return Text::from(Arc::clone(known));
        }
        let new: Arc<str> = s.into();
        strings.insert(Arc::clone(&new));
        Text::from(new)
    }
}

impl<'g> Checker<'g> {
    /// Compiles the glossary's Chinese forms (its English ones when a run first needs them);
    /// fails only when it has more forms than an automaton can hold.
    pub fn new(glossary: &'g Glossary) -> Result<Self> {
        Ok(Checker {
            glossary,
            zh: ZhMatcher::new(glossary)?,
            en: EnMatcher::new(glossary),
            words: OnceLock::new(),
            source: None,
            pair_sources: FxHashMap::default(),
        })
    }

    /// Sets the language pairs are translated from, which says which bilingual rules run.
    pub fn with_source(mut self, source: SourceLang) -> Self {
        self.source = Some(source);
        self
    }

    /// Sets the source language of particular pairs, over [`Checker::with_source`].
    pub fn with_pair_sources(
        mut self,
        pairs: impl IntoIterator<Item = (Pair, SourceLang)>,
    ) -> Self {
        self.pair_sources = pairs
            .into_iter()
            .map(|(p, s)| ((inputs::canonical(&p.zh), inputs::canonical(&p.en)), s))
            .collect();
        self
    }

    /// The source language of the pair of `zh` and `en`: set for the pair, else for every
    /// pair, else as the file declares it (XLIFF, TMX), else both.
    fn source_of(&self, zh: &Doc, en: &Doc) -> SourceLang {
        let set = (!self.pair_sources.is_empty())
            .then(|| {
                let key = (inputs::canonical(zh.path), inputs::canonical(en.path));
                self.pair_sources.get(&key).copied()
            })
            .flatten();
        let declared = || match zh.origin.and_then(|o| o.source)? {
            crate::formats::Lang::Zh => Some(SourceLang::Zh),
            crate::formats::Lang::En => Some(SourceLang::En),
        };
        set.or(self.source)
            .or_else(declared)
            .unwrap_or(SourceLang::Both)
    }

    /// Checks `paths` (files and directories) and the explicit `pairs`; files named
    /// `NAME.zh.EXT` beside `NAME.en.EXT` are paired too.
    /// Files that cannot be read (and directories that cannot be walked) are `unreadable`
    /// findings; finding no file at all is an error. The findings are in the outcome; a run
    /// that reports as it goes uses [`Checker::load`] and [`Checker::check_each`].
    pub fn run(&self, paths: &[PathBuf], pairs: &[Pair]) -> Result<Outcome> {
        self.run_with(paths, pairs, None)
    }

    /// [`run`](Self::run), with standard input as one more document, under its name.
    pub fn run_with(
        &self,
        paths: &[PathBuf],
        pairs: &[Pair],
        stdin: Option<&corpus::Stdin>,
    ) -> Result<Outcome> {
        let loaded = self.load_with(paths, pairs, stdin)?;
        let mut findings = Vec::new();
        let mut outcome = self.check_each(&loaded, None, &mut |f| {
            findings.push(f);
            ControlFlow::Continue(())
        })?;
        outcome.findings = findings;
        outcome.streamed = Tally::default();
        Ok(outcome)
    }

    /// Reads the files to check: `paths` walked, the `pairs`, and the pairs found by name.
    pub fn load(&self, paths: &[PathBuf], pairs: &[Pair]) -> Result<Loaded> {
        self.load_with(paths, pairs, None)
    }

    /// [`load`](Self::load), with standard input as one more document, under its name; each
    /// pair's halves are told apart by their content.
    pub fn load_with(
        &self,
        paths: &[PathBuf],
        pairs: &[Pair],
        stdin: Option<&corpus::Stdin>,
    ) -> Result<Loaded> {
        let inputs = inputs::gather(paths, pairs, stdin.map(|s| s.name.as_path()))?;
        let corpus = inputs.load(stdin)?;
        let mut pairs = inputs.pairs.clone();
        pairs.extend(inputs::file_pairs(&corpus));
        let settled = inputs::settle_pairs(&corpus, &pairs)?;
        Ok(Loaded {
            corpus,
            pairs: settled.pairs,
            reports: settled.reports,
        })
    }

    /// Checks what [`Checker::load`] read, handing each finding to `each` in report order (by
    /// file, then position), a file at a time: findings silenced by `shuyu-ignore` or recorded
    /// in `baseline` are counted, not handed. Only the findings of the files being settled are
    /// held, and of one large file only those of a pair's `missing-en` and a block of matches,
    /// so memory stays a small multiple of the input however dense the findings.
    /// `each` returning `Break` stops the run early.
    pub fn check_each(
        &self,
        loaded: &Loaded,
        baseline: Option<&Baseline>,
        each: &mut dyn FnMut(Finding) -> ControlFlow<()>,
    ) -> Result<Outcome> {
        let (corpus, pairs) = (&loaded.corpus, &loaded.pairs);
        self.prepare(corpus, !pairs.is_empty());
        let docs = self.read(corpus)?;
        let by_path: FxHashMap<&Path, &Doc> = docs.iter().map(|d| (d.path, d)).collect();
        let usable: Vec<(&Doc, &Doc)> = pairs
            .iter()
            .filter_map(|p| Some((*by_path.get(p.zh.as_path())?, *by_path.get(p.en.as_path())?)))
            .collect();
        let partners = Partners::of(&usable)?;
        let usable = usable.len();
        let mut items: Vec<(String, Item)> = docs
            .iter()
            .map(|d| (display_path(d.path), Item::Doc(d)))
            .chain(
                corpus
                    .skipped
                    .iter()
                    .map(|s| (display_path(&s.path), Item::Skipped(s))),
            )
            .collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        let items = sides_together(items);
        // The two sides of a bilingual file are one file.
        let files: FxHashSet<&Path> = docs.iter().map(|d| formats::real_path(d.path)).collect();
        let mut outcome = Outcome {
            files: files.len(),
            pairs: usable,
            skipped: corpus.skipped.clone(),
            repaired: corpus.repaired.clone(),
            pair_reports: loaded.reports.clone(),
            ..Outcome::default()
        };
        let mut out = Emit {
            known: baseline.map(Baseline::known),
            outcome: &mut outcome,
            each,
        };
        let size = |item: &Item| match item {
            Item::Doc(d) => d.text.len() + partners.bytes(d.path),
            Item::Sides(a, b) => a.text.len() + b.text.len() + partners.bytes(a.path),
            Item::Skipped(_) => 0,
        };
        let mut rest = &items[..];
        while !rest.is_empty() {
            let mut n = 1;
            let mut bytes = size(&rest[0].1);
            while n < rest.len() && bytes + size(&rest[n].1) <= BATCH {
                bytes += size(&rest[n].1);
                n += 1;
            }
            let (batch, more) = rest.split_at(n);
            rest = more;
            if self.settle_batch(batch, &partners, &mut out)?.is_break() {
                break;
            }
        }
        Ok(outcome)
    }

    /// Settles the findings of `batch` (its files in parallel, or a single file as its blocks
    /// come) and hands them on in order.
    fn settle_batch(
        &self,
        batch: &[(String, Item)],
        partners: &Partners,
        out: &mut Emit,
    ) -> Result<ControlFlow<()>> {
        if let [(_, item)] = batch {
            let mut flow = ControlFlow::Continue(());
            out.outcome.ignored += self.file_findings(item, partners, &mut |f| {
                if flow.is_continue() {
                    flow = out.emit(f);
                }
            })?;
            return Ok(flow);
        }
        let settled: Vec<(Vec<Finding>, usize)> = batch
            .par_iter()
            .map(|(_, item)| {
                let mut found = Vec::new();
                let ignored = self.file_findings(item, partners, &mut |f| found.push(f))?;
                Ok((found, ignored))
            })
            .collect::<Result<_>>()?;
        for (found, ignored) in settled {
            out.outcome.ignored += ignored;
            for f in found {
                if out.emit(f).is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            }
        }
        Ok(ControlFlow::Continue(()))
    }

    /// The findings of one file in report order, unique fingerprints given, to `emit`; returns
    /// how many `shuyu-ignore` silenced. The two sides of a bilingual file are settled apart
    /// and merged by position in the file.
    fn file_findings(
        &self,
        item: &Item,
        partners: &Partners,
        emit: &mut dyn FnMut(Finding),
    ) -> Result<usize> {
        let mut names = Occurrences::default();
        match item {
            Item::Skipped(s) => {
                emit(names.number(unreadable(s)));
                Ok(0)
            }
            Item::Doc(d) => self.doc_findings(d, partners, &mut |f| emit(names.number(f))),
            Item::Sides(a, b) => {
                let (mut one, mut other) = (Vec::new(), Vec::new());
                let ignored = self.doc_findings(a, partners, &mut |f| one.push(f))?
                    + self.doc_findings(b, partners, &mut |f| other.push(f))?;
                let mut other = other.into_iter().peekable();
                for f in one {
                    while let Some(g) = other.next_if(|g| order(g, &f) == Ordering::Less) {
                        emit(names.number(g));
                    }
                    emit(names.number(f));
                }
                other.for_each(|g| emit(names.number(g)));
                Ok(ignored)
            }
        }
    }

    /// The findings of one document in report order, to `emit`; returns how many
    /// `shuyu-ignore` silenced. A pair's `missing-en` findings are made at once; the
    /// `deprecated-*` ones a block of matches at a time, merged in.
    fn doc_findings(
        &self,
        doc: &Doc,
        partners: &Partners,
        emit: &mut dyn FnMut(Finding),
    ) -> Result<usize> {
        let mut missing = Vec::new();
        for &(en, i) in partners.of_zh.get(doc.path).into_iter().flatten() {
            missing.extend(self.missing_en(doc, en, &partners.segments[i])?);
        }
        for &(zh, i) in partners.of_en.get(doc.path).into_iter().flatten() {
            missing.extend(self.missing_zh(zh, doc, &partners.segments[i])?);
        }
        // Each pair's are in text order; a document in two pairs needs them merged.
        if !missing.is_sorted_by_key(|m| m.at.start) {
            missing.sort_by_key(|m| m.at.start);
        }
        let silenced = std::cell::Cell::new(0);
        let mut missing = missing
            .iter()
            .map(|m| self.missing_finding(doc, m))
            .filter(|f| {
                silenced.set(silenced.get() + usize::from(f.suppressed));
                !f.suppressed
            })
            .peekable();
        let mut ignored = 0;
        let bounds = doc.blocks();
        for pair in bounds.windows(2) {
            let mut found = if bounds.len() == 2 {
                self.deprecated(doc)
            } else {
                self.deprecated(&doc.part(pair[0]..pair[1]))
            };
            ignored += settle(&mut found);
            for f in found {
                while let Some(m) = missing.next_if(|m| order(m, &f) == Ordering::Less) {
                    emit(doc.ready(m));
                }
                emit(doc.ready(f));
            }
        }
        for m in missing {
            emit(doc.ready(m));
        }
        ignored += silenced.get();
        Ok(ignored)
    }

    /// Each document with the glossary forms it contains, in both languages whatever the
    /// document's own: a line quoting the other language is checked in that language.
    fn read<'c>(&self, corpus: &'c Corpus) -> Result<Vec<Doc<'c>>> {
        crate::util::par::try_map(&corpus.documents, |d| {
            let mut zh = self.zh.find_words(&d.text, || self.segmenter());
            let mut en = self.english(&d.text)?;
            // Blocks of matches are reported in turn, so they must be in text order.
            for ms in [&mut zh, &mut en] {
                if !ms.is_sorted_by_key(|m| m.start) {
                    ms.sort_by_key(|m| m.start);
                }
            }
            Ok(Doc {
                path: &d.path,
                origin: d.origin.as_deref(),
                text: &d.text,
                zh,
                en,
                lazy: Arc::new(Lazy {
                    index: OnceLock::new(),
                    cursor: Mutex::new([(0, LineCol { line: 1, column: 1 }); 2]),
                    marks: OnceLock::new(),
                    line_hashes: Mutex::default(),
                    strings: Mutex::default(),
                }),
            })
        })
    }

    /// English matches, with no English automaton built for text without a Latin letter.
    fn english(&self, text: &str) -> Result<Vec<Match>> {
        if !text.bytes().any(|b| b.is_ascii_alphabetic()) {
            return Ok(Vec::new());
        }
        self.en.find(text)
    }

    /// Builds what the run will need on two threads at once: jieba with the glossary's words
    /// (for Chinese text) beside the English index (for pairs), each a second of work on a
    /// large glossary.
    fn prepare(&self, corpus: &Corpus, pairs: bool) {
        let chinese = corpus
            .documents
            .iter()
            .any(|d| d.text.chars().any(crate::text::han::is_han));
        if !pairs {
            // Nothing to build beside jieba: no hand-off to the pool for it.
            if chinese {
                self.segmenter();
            }
            return;
        }
        rayon::join(
            || chinese.then(|| self.segmenter()),
            || self.en.prepare_for_pairs(),
        );
    }

    fn segmenter(&self) -> &Segmenter {
        self.words
            .get_or_init(|| Segmenter::for_words(self.glossary.forms("zh").map(|(f, _, _)| f)))
    }

    /// Only approved entries produce findings.
    fn reportable(&self, entry: usize) -> bool {
        self.glossary.entries[entry].status == Status::Approved
    }
}

impl Doc<'_> {
    /// `f`, found in this document, with its excerpt cut.
    fn ready(&self, mut f: Finding) -> Finding {
        f.excerpt.cut(self.text);
        f
    }

    /// Text offsets that cut the document's matches (both languages) into blocks of about
    /// [`BLOCK`], from 0 to past the end; matches at one offset stay in one block, so blocks
    /// follow each other in text order.
    fn blocks(&self) -> Vec<usize> {
        let mut bounds = vec![0];
        let (mut i, mut j) = (0, 0);
        while i < self.zh.len() || j < self.en.len() {
            let mut n = 0;
            let mut last = 0;
            while n < BLOCK && (i < self.zh.len() || j < self.en.len()) {
                let zh_first = j >= self.en.len()
                    || (i < self.zh.len() && self.zh[i].start <= self.en[j].start);
                last = if zh_first {
                    self.zh[i].start
                } else {
                    self.en[j].start
                };
                if zh_first {
                    i += 1
                } else {
                    j += 1
                }
                n += 1;
            }
            while i < self.zh.len() && self.zh[i].start == last {
                i += 1;
            }
            while j < self.en.len() && self.en[j].start == last {
                j += 1;
            }
            let more = i < self.zh.len() || j < self.en.len();
            bounds.push(if more { last + 1 } else { usize::MAX });
        }
        if bounds.len() == 1 {
            bounds.push(usize::MAX);
        }
        bounds
    }

    /// The document with only the matches that start in `from..to`.
    fn part(&self, range: std::ops::Range<usize>) -> Self {
        let within = |ms: &[Match]| {
            let lo = ms.partition_point(|m| m.start < range.start);
            let hi = ms.partition_point(|m| m.start < range.end);
            ms[lo..hi].to_vec()
        };
        Doc {
            path: self.path,
            origin: self.origin,
            text: self.text,
            zh: within(&self.zh),
            en: within(&self.en),
            lazy: Arc::clone(&self.lazy),
        }
    }

    /// A finding at match `m` of this document.
    fn finding(
        &self,
        m: &Match,
        rule: Rule,
        found: String,
        expected: String,
        entry: &str,
        message: String,
    ) -> Finding {
        let start = self.position(m.start);
        let end = self.position(m.end);
        let index = self.lazy.index.get_or_init(|| LineIndex::new(self.text));
        let line = index.line_text(self.text, start.line);
        let line_start = line.as_ptr() as usize - self.text.as_ptr() as usize;
        let hit_end = if end.line == start.line {
            m.end - line_start
        } else {
            line.len()
        };
        let file = self.lazy.intern(display_path(self.path));
        // Reported in the file's own positions; line hash and excerpt stay the segment's.
        let (start_at, end_at, segment) = crate::formats::range(self.origin, start, end);
        let segment = segment.map(|id| self.lazy.intern(id.to_owned()));
        let context = baseline::context(self.text, m.start, m.end);
        let fingerprint = baseline::fingerprint(rule, &file, &found, &context);
        let line_hash = *self
            .lazy
            .line_hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(line_start)
            .or_insert_with(|| LineHash::of(line));
        Finding {
            line_hash,
            excerpt: Excerpt::pending(
                (line_start, line_start + line.len()),
                (m.start, line_start + hit_end),
            ),
            suppressed: self.marked(line_start, line_start + line.len()),
            file,
            line: start_at.0,
            column: start_at.1,
            end_line: end_at.0,
            end_column: end_at.1,
            segment,
            rule,
            severity: rule.severity(),
            found: self.lazy.intern(found),
            expected: self.lazy.intern(expected),
            entry: self.lazy.intern(entry.to_owned()),
            message: self.lazy.intern(message),
            fingerprint,
        }
    }

    /// Line and column of byte `offset`, counted on from the last position looked up when no
    /// line break lies between: linear over a document's findings even on one long line.
    fn position(&self, offset: usize) -> LineCol {
        let mut cursors = self.lazy.cursor.lock().unwrap_or_else(|e| e.into_inner());
        let offset = crate::text::positions::floor_char_boundary(self.text, offset);
        // The nearest cursor at or before `offset`, else the one to move.
        let k = match cursors.map(|(at, _)| at <= offset) {
            [true, true] => usize::from(cursors[1].0 > cursors[0].0),
            [false, true] => 1,
            _ => 0,
        };
        let cursor = &mut cursors[k];
        let (at, pos) = *cursor;
        let between = self.text.get(at..offset).unwrap_or("\n");
        let found = if memchr::memchr2(b'\n', b'\r', between.as_bytes()).is_none() {
            LineCol {
                line: pos.line,
                column: pos.column + between.chars().count(),
            }
        } else {
            let index = self.lazy.index.get_or_init(|| LineIndex::new(self.text));
            index.line_col(self.text, offset)
        };
        *cursor = (offset, found);
        found
    }

    /// Whether the byte range `from..to` of the text (a line) holds the `shuyu-ignore` marker.
    fn marked(&self, from: usize, to: usize) -> bool {
        let marks = self.lazy.marks.get_or_init(|| {
            memchr::memmem::find_iter(self.text.as_bytes(), IGNORE_MARKER).collect()
        });
        let i = marks.partition_point(|&p| p < from);
        marks.get(i).is_some_and(|&p| p + IGNORE_MARKER.len() <= to)
    }
}

/// The finding for a file that could not be checked, at its start: CI must not go green on
/// a file it never read.
fn unreadable(s: &Skipped) -> Finding {
    let rule = Rule::Unreadable;
    let file = display_path(&s.path);
    Finding {
        fingerprint: baseline::fingerprint(rule, &file, "", ""),
        line_hash: LineHash::of(""),
        file: file.into(),
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
        rule,
        severity: rule.severity(),
        found: Text::default(),
        expected: Text::default(),
        entry: Text::default(),
        message: format!("cannot be checked: {}", s.reason).into(),
        segment: None,
        excerpt: Excerpt::default(),
        suppressed: false,
    }
}

/// Drops the findings silenced by `shuyu-ignore`, returning how many, and puts the rest in
/// report order.
fn settle(findings: &mut Vec<Finding>) -> usize {
    let before = findings.len();
    findings.retain(|f| !f.suppressed);
    // Rules make findings in text order: a sort (and its buffer of half the findings) is
    // rarely needed.
    if !findings.is_sorted_by(|a, b| order(a, b) != Ordering::Greater) {
        findings.sort_by(order);
    }
    before - findings.len()
}

/// The documents paired with each document, each with its pair's bilingual segments, aligned
/// once for both rules: its translations, and what it translates.
struct Partners<'d, 'c> {
    /// Chinese document → its English translations (`missing-en`).
    of_zh: FxHashMap<&'d Path, Vec<(&'d Doc<'c>, usize)>>,
    /// English document → the Chinese documents it translates or is translated from
    /// (`missing-zh`).
    of_en: FxHashMap<&'d Path, Vec<(&'d Doc<'c>, usize)>>,
    /// The segments of each pair where both sides have text, by pair.
    segments: Vec<Vec<Segment>>,
}

impl<'d, 'c> Partners<'d, 'c> {
    /// The partners of `pairs` (Chinese, English), their alignments made in parallel.
    fn of(pairs: &[(&'d Doc<'c>, &'d Doc<'c>)]) -> Result<Self> {
        let segments =
            crate::util::par::try_map(pairs, |(zh, en)| missing::bilingual_segments(zh, en))?;
        let mut partners = Partners {
            of_zh: FxHashMap::default(),
            of_en: FxHashMap::default(),
            segments,
        };
        for (i, &(zh, en)) in pairs.iter().enumerate() {
            partners.of_zh.entry(zh.path).or_default().push((en, i));
            partners.of_en.entry(en.path).or_default().push((zh, i));
        }
        Ok(partners)
    }

    /// Bytes of the documents paired with `path`, settled with it.
    fn bytes(&self, path: &Path) -> usize {
        [&self.of_zh, &self.of_en]
            .iter()
            .filter_map(|m| m.get(path))
            .flatten()
            .map(|(d, _)| d.text.len())
            .sum()
    }
}

/// Items in report order with the two sides of each bilingual file (adjacent, as they show
/// as one path) made one item.
fn sides_together<'d, 'c>(items: Vec<(String, Item<'d, 'c>)>) -> Vec<(String, Item<'d, 'c>)> {
    let mut out: Vec<(String, Item)> = Vec::with_capacity(items.len());
    for (key, item) in items {
        if let (Some((last_key, last)), Item::Doc(b)) = (out.last_mut(), &item)
            && let Item::Doc(a) = *last
            && *last_key == key
            && formats::half_of(a.path).is_some()
            && formats::half_of(b.path).is_some()
        {
            *last = Item::Sides(a, b);
            continue;
        }
        out.push((key, item));
    }
    out
}

/// Report order: by file, position, rule and entry.
fn order(a: &Finding, b: &Finding) -> Ordering {
    (&a.file, a.line, a.column, a.rule, &a.entry)
        .cmp(&(&b.file, b.line, b.column, b.rule, &b.entry))
}

/// Paths with `/` separators, so fingerprints and SARIF URIs agree across systems; a side of
/// a bilingual file is shown as the file.
fn display_path(p: &Path) -> String {
    let p = formats::real_path(p);
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}
