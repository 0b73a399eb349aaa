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
pub use rules::{Finding, Outcome, Rule, Severity};

use crate::check::inputs::Language;
use crate::check::matcher::{EnMatcher, Match, ZhMatcher};
use crate::corpus::{self, Corpus, Pair};
use crate::error::Result;
use crate::glossary::{Glossary, Status};
use crate::text::positions::LineIndex;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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
    pub fn run(&self, paths: &[PathBuf], pairs: &[Pair]) -> Result<Outcome> {
        let (files, pairs) = inputs::gather(paths, pairs)?;
        let loaded = corpus::load(&files);
        self.check_corpus(&loaded, &pairs)
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
        let ignored = settle(&mut findings);
        Ok(Outcome {
            findings,
            files: docs.len(),
            pairs: usable.len(),
            skipped: corpus.skipped.clone(),
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
        let index = self.index.get_or_init(|| LineIndex::new(self.text));
        let start = index.line_col(self.text, m.start);
        let end = index.line_col(self.text, m.end);
        let file = display_path(self.path);
        let context = baseline::context(self.text, m.start, m.end);
        let fingerprint = baseline::fingerprint(rule, &file, &found, &context);
        Finding {
            line_text: index.line_text(self.text, start.line).to_owned(),
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
            suppressed: false,
        }
    }
}

/// Drops the findings silenced by `shuyu-ignore`, returning how many, and puts the rest in
/// file and position order with unique fingerprints.
fn settle(findings: &mut Vec<Finding>) -> usize {
    let before = findings.len();
    findings.retain(|f| !f.suppressed && !f.line_text.contains(IGNORE_MARKER));
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
