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

pub use baseline::{Baseline, BaselineEntry};
pub use rules::{EXCERPT, Excerpt, Finding, LineHash, Outcome, Rule, Severity};

use crate::check::inputs::Language;
use crate::check::matcher::{EnMatcher, Match, ZhMatcher};
use crate::corpus::{self, Corpus, Pair, Skipped};
use crate::error::Result;
use crate::glossary::{Glossary, Status};
use crate::text::positions::{LineCol, LineIndex};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The marker that silences findings on its line.
const IGNORE_MARKER: &str = "shuyu-ignore";

/// The glossary compiled for checking: both automatons, built once per run.
pub struct Checker<'g> {
    glossary: &'g Glossary,
    zh: ZhMatcher,
    en: EnMatcher<'g>,
}

/// A document read for checking, with its language and its glossary matches.
struct Doc<'a> {
    path: &'a Path,
    text: &'a str,
    lang: Language,
    /// Built on first use: most files have no finding and need no positions.
    index: OnceLock<LineIndex>,
    /// The last position looked up: findings come in text order, so the next one is counted
    /// from here rather than from the start of its line, which may be the whole file.
    cursor: Mutex<(usize, LineCol)>,
    /// Offsets of `shuyu-ignore` in the text, found on first use.
    marks: OnceLock<Vec<usize>>,
    /// The hash of the line starting at each offset that has findings: a long line is hashed
    /// once, not once per finding.
    line_hashes: Mutex<FxHashMap<usize, LineHash>>,
    matches: Vec<Match>,
}

impl<'g> Checker<'g> {
    /// Compiles the glossary's Chinese forms (its English ones when a run first needs them);
    /// fails only when it has more forms than an automaton can hold.
    pub fn new(glossary: &'g Glossary) -> Result<Self> {
        Ok(Checker {
            glossary,
            zh: ZhMatcher::new(glossary)?,
            en: EnMatcher::new(glossary),
        })
    }

    /// Checks `paths` (files and directories) and the explicit `pairs`; files named
    /// `NAME.zh.EXT` beside `NAME.en.EXT` are paired too.
    /// Files that cannot be read (and directories that cannot be walked) are `unreadable`
    /// findings; finding no file at all is an error.
    pub fn run(&self, paths: &[PathBuf], pairs: &[Pair]) -> Result<Outcome> {
        let inputs = inputs::gather(paths, pairs)?;
        let mut loaded = corpus::load(&inputs.files);
        loaded.skipped.extend(inputs.skipped);
        loaded.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        self.check_corpus(&loaded, &inputs.pairs)
    }

    /// Checks loaded documents and the pairs among them.
    fn check_corpus(&self, corpus: &Corpus, pairs: &[Pair]) -> Result<Outcome> {
        if !pairs.is_empty() {
            self.en.prepare_for_pairs();
        }
        let docs = self.read(corpus, pairs)?;
        let mut findings: Vec<Finding> = docs
            .par_iter()
            .flat_map_iter(|d| self.deprecated(d))
            .collect();
        let by_path: FxHashMap<&Path, &Doc> = docs.iter().map(|d| (d.path, d)).collect();
        let usable: Vec<(&Doc, &Doc)> = pairs
            .iter()
            .filter_map(|p| Some((*by_path.get(p.zh.as_path())?, *by_path.get(p.en.as_path())?)))
            .collect();
        let bilingual: Vec<Vec<Finding>> = usable
            .par_iter()
            .map(|&(zh, en)| self.missing(zh, en))
            .collect::<Result<_>>()?;
        findings.extend(bilingual.into_iter().flatten());
        findings.extend(corpus.skipped.iter().map(unreadable));
        let ignored = settle(&mut findings);
        Ok(Outcome {
            findings,
            files: docs.len(),
            pairs: usable.len(),
            skipped: corpus.skipped.clone(),
            repaired: corpus.repaired.clone(),
            ignored,
            baselined: 0,
        })
    }

    /// Each document with its language (its side of a pair, else by name or content) and the
    /// glossary forms it contains.
    fn read<'c>(&self, corpus: &'c Corpus, pairs: &[Pair]) -> Result<Vec<Doc<'c>>> {
        let roles: FxHashMap<&Path, Language> = pairs
            .iter()
            .flat_map(|p| {
                [
                    (p.zh.as_path(), Language::Zh),
                    (p.en.as_path(), Language::En),
                ]
            })
            .collect();
        corpus
            .documents
            .par_iter()
            .map(|d| {
                let lang = roles
                    .get(d.path.as_path())
                    .copied()
                    .unwrap_or_else(|| inputs::language_of(&d.path, &d.text));
                let matches = match lang {
                    Language::Zh => self.zh.find(&d.text),
                    Language::En => self.en.find(&d.text)?,
                };
                Ok(Doc {
                    path: &d.path,
                    text: &d.text,
                    lang,
                    index: OnceLock::new(),
                    cursor: Mutex::new((0, LineCol { line: 1, column: 1 })),
                    marks: OnceLock::new(),
                    line_hashes: Mutex::default(),
                    matches,
                })
            })
            .collect()
    }

    /// Only approved entries produce findings.
    fn reportable(&self, entry: usize) -> bool {
        self.glossary.entries[entry].status == Status::Approved
    }
}

impl Doc<'_> {
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
        let index = self.index.get_or_init(|| LineIndex::new(self.text));
        let line = index.line_text(self.text, start.line);
        let line_start = line.as_ptr() as usize - self.text.as_ptr() as usize;
        let hit_end = if end.line == start.line {
            m.end - line_start
        } else {
            line.len()
        };
        let file = display_path(self.path);
        let context = baseline::context(self.text, m.start, m.end);
        let fingerprint = baseline::fingerprint(rule, &file, &found, &context);
        let line_hash = *self
            .line_hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(line_start)
            .or_insert_with(|| LineHash::of(line));
        Finding {
            line_hash,
            excerpt: Excerpt::around(line, m.start - line_start, hit_end),
            suppressed: self.marked(line_start, line_start + line.len()),
            file,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            rule,
            severity: rule.severity(),
            found,
            expected,
            entry: entry.to_owned(),
            message,
            fingerprint,
        }
    }

    /// Line and column of byte `offset`, counted on from the last position looked up when no
    /// line break lies between: linear over a document's findings even on one long line.
    fn position(&self, offset: usize) -> LineCol {
        let mut cursor = self.cursor.lock().unwrap_or_else(|e| e.into_inner());
        let (at, pos) = *cursor;
        let offset = crate::text::positions::floor_char_boundary(self.text, offset);
        let between = self.text.get(at..offset).unwrap_or("\n");
        let found = if memchr::memchr2(b'\n', b'\r', between.as_bytes()).is_none() {
            LineCol {
                line: pos.line,
                column: pos.column + between.chars().count(),
            }
        } else {
            let index = self.index.get_or_init(|| LineIndex::new(self.text));
            index.line_col(self.text, offset)
        };
        *cursor = (offset, found);
        found
    }

    /// Whether the byte range `from..to` of the text (a line) holds the `shuyu-ignore` marker.
    fn marked(&self, from: usize, to: usize) -> bool {
        let marks = self.marks.get_or_init(|| {
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
        file,
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
        rule,
        severity: rule.severity(),
        found: String::new(),
        expected: String::new(),
        entry: String::new(),
        message: format!("cannot be checked: {}", s.reason),
        excerpt: Excerpt::default(),
        suppressed: false,
    }
}

/// Drops the findings silenced by `shuyu-ignore`, returning how many, and puts the rest in
/// file and position order with unique fingerprints.
fn settle(findings: &mut Vec<Finding>) -> usize {
    let before = findings.len();
    findings.retain(|f| !f.suppressed);
    let ignored = before - findings.len();
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule, &a.entry)
            .cmp(&(&b.file, b.line, b.column, b.rule, &b.entry))
    });
    baseline::disambiguate(findings);
    ignored
}

/// Paths with `/` separators, so fingerprints and SARIF URIs agree across systems.
fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}
