//! Check stage: terminology findings for Chinese documents, English documents and Chinese–English
//! pairs against the glossary: deprecated forms (errors) and approved Chinese terms whose
//! English equivalent is missing from the aligned translation (warnings). Pure: returns
//! findings; rendering is in `render::check`, printing in the binary.

pub mod matcher;

use crate::align::{self, Segment};
use crate::check::matcher::{EnMatcher, Folded, Match, ZhMatcher};
use crate::corpus::{self, Corpus, Pair, Skipped};
use crate::error::{Error, Result};
use crate::glossary::{FormStatus, Glossary, Status};
use crate::text::english;
use crate::text::normalize::is_han;
use crate::text::positions::LineIndex;
use crate::util::hash::Fnv1a64;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Extensions read when walking a directory for `check`.
pub const EXTENSIONS: &[&str] = &["txt", "md", "zh", "en"];

/// The marker that silences findings on its line.
pub const IGNORE_MARKER: &str = "shuyu-ignore";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Rule {
    #[serde(rename = "deprecated-zh")]
    DeprecatedZh,
    #[serde(rename = "deprecated-en")]
    DeprecatedEn,
    #[serde(rename = "missing-en")]
    MissingEn,
}

impl Rule {
    pub const ALL: [Rule; 3] = [Rule::DeprecatedZh, Rule::DeprecatedEn, Rule::MissingEn];

    pub fn id(self) -> &'static str {
        match self {
            Rule::DeprecatedZh => "deprecated-zh",
            Rule::DeprecatedEn => "deprecated-en",
            Rule::MissingEn => "missing-en",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::DeprecatedZh | Rule::DeprecatedEn => Severity::Error,
            Rule::MissingEn => Severity::Warning,
        }
    }

    /// One line on what the rule flags.
    pub fn summary(self) -> &'static str {
        match self {
            Rule::DeprecatedZh => "Chinese text uses a deprecated form of a glossary term",
            Rule::DeprecatedEn => "English text uses a deprecated rendering of a glossary term",
            Rule::MissingEn => {
                "English translation lacks the approved equivalent of a Chinese glossary term"
            }
        }
    }

    /// What to do about it.
    pub fn help(self) -> &'static str {
        match self {
            Rule::DeprecatedZh => {
                "Replace the deprecated Chinese form with the preferred form named in the \
                 message. Forms are matched over the whole glossary at once, longest first, so a \
                 deprecated form inside a longer listed name or title is not flagged."
            }
            Rule::DeprecatedEn => {
                "Replace the deprecated English rendering with the approved form named in the \
                 message. Matching ignores case and accepts singular and plural."
            }
            Rule::MissingEn => {
                "The aligned English segment does not contain the preferred or admitted English \
                 form (or abbreviation) of this Chinese term as many times as the Chinese does. \
                 Use the approved equivalent, or mark a deliberate paraphrase with shuyu-ignore."
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding. Lines and columns are 1-based, columns count characters of the original file;
/// the end is exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub rule: Rule,
    pub severity: Severity,
    pub found: String,
    pub expected: String,
    pub entry: String,
    pub message: String,
    pub fingerprint: String,
    /// The original line the finding starts on, for people.
    #[serde(skip)]
    pub line_text: String,
    /// Silenced by a `shuyu-ignore` elsewhere than on its own line (the aligned English).
    #[serde(skip)]
    pub suppressed: bool,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Files checked (skipped ones excluded).
    pub files: usize,
    pub pairs: usize,
    pub skipped: Vec<Skipped>,
    /// Findings silenced by `shuyu-ignore` and by the baseline.
    pub ignored: usize,
    pub baselined: usize,
}

impl Outcome {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// True when some finding is at or above `fail_on`.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= fail_on)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Zh,
    En,
}

/// The language of a file: by name (`NAME.en.EXT`, `NAME.en` are English; `NAME.zh.EXT`,
/// `NAME.zh` Chinese), else by content. A Han character carries about as much as three Latin
/// letters, so a text is Chinese when its Han characters outweigh a third of its letters.
pub fn language_of(path: &Path, text: &str) -> Language {
    if corpus::is_english_name(path) {
        return Language::En;
    }
    if corpus::english_counterpart(path).is_some() {
        return Language::Zh;
    }
    let (mut han, mut latin) = (0usize, 0usize);
    // The opening of a file tells its language; reading all of a large one would not.
    for c in text.chars().take(20_000) {
        if is_han(c) {
            han += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if han * 3 >= latin && han > 0 {
        Language::Zh
    } else {
        Language::En
    }
}

/// The glossary compiled for checking: both automatons, built once per run.
pub struct Checker<'g> {
    glossary: &'g Glossary,
    zh: ZhMatcher,
    en: EnMatcher,
}

struct Doc<'a> {
    path: &'a Path,
    text: &'a str,
    lang: Language,
    /// Built on first use: most files have no finding and need no positions.
    index: std::sync::OnceLock<LineIndex>,
    matches: Vec<Match>,
}

impl<'g> Checker<'g> {
    /// Compiles the glossary; fails only when it has more forms than an automaton can hold.
    pub fn new(glossary: &'g Glossary) -> Result<Self> {
        Ok(Checker {
            glossary,
            zh: ZhMatcher::new(glossary)?,
            en: EnMatcher::new(glossary)?,
        })
    }

    /// Checks `paths` (files and directories) and the explicit `pairs`; files named
    /// `NAME.zh.EXT` beside `NAME.en.EXT` are paired too.
    pub fn run(&self, paths: &[PathBuf], pairs: &[Pair]) -> Result<Outcome> {
        let mut files = corpus::find_files(paths, EXTENSIONS)?;
        for p in pairs {
            for f in [&p.zh, &p.en] {
                std::fs::metadata(f).map_err(|e| Error::io(f, e))?;
                files.push(f.clone());
            }
        }
        // A file named alone is checked with its counterpart when one exists beside it.
        let by_name = corpus::pairs_by_name(&files);
        for p in &by_name {
            files.push(p.zh.clone());
            files.push(p.en.clone());
        }
        files.sort();
        // `./docs/a.md` named in --pair and `docs/a.md` found by walking are one file: checked
        // once, under the first spelling.
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
        let mut spelling: FxHashMap<PathBuf, PathBuf> = FxHashMap::default();
        files.retain(|f| {
            let c = canonical(f);
            if spelling.contains_key(&c) {
                return false;
            }
            spelling.insert(c, f.clone());
            true
        });
        let spell = |p: &Path| spelling.get(&canonical(p)).cloned().unwrap_or(p.to_owned());
        let mut all_pairs: Vec<Pair> = pairs
            .iter()
            .map(|p| Pair {
                zh: spell(&p.zh),
                en: spell(&p.en),
            })
            .collect();
        for p in by_name {
            let p = Pair {
                zh: spell(&p.zh),
                en: spell(&p.en),
            };
            if !all_pairs.contains(&p) {
                all_pairs.push(p);
            }
        }
        let loaded = corpus::load(&files);
        self.check_corpus(&loaded, &all_pairs)
    }

    /// Checks loaded documents and the pairs among them.
    pub fn check_corpus(&self, corpus: &Corpus, pairs: &[Pair]) -> Result<Outcome> {
        let roles: FxHashMap<&Path, Language> = pairs
            .iter()
            .flat_map(|p| {
                [
                    (p.zh.as_path(), Language::Zh),
                    (p.en.as_path(), Language::En),
                ]
            })
            .collect();
        let docs: Vec<Doc> = corpus
            .documents
            .par_iter()
            .map(|d| {
                let lang = roles
                    .get(d.path.as_path())
                    .copied()
                    .unwrap_or_else(|| language_of(&d.path, &d.text));
                let matches = match lang {
                    Language::Zh => self.zh.find(&d.text),
                    Language::En => self.en.find(&d.text),
                };
                Doc {
                    path: &d.path,
                    text: &d.text,
                    lang,
                    index: std::sync::OnceLock::new(),
                    matches,
                }
            })
            .collect();
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

        let before = findings.len();
        findings.retain(|f| !f.suppressed && !f.line_text.contains(IGNORE_MARKER));
        let ignored = before - findings.len();
        findings.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.rule, &a.entry)
                .cmp(&(&b.file, b.line, b.column, b.rule, &b.entry))
        });
        disambiguate(&mut findings);
        Ok(Outcome {
            findings,
            files: docs.len(),
            pairs: usable.len(),
            skipped: corpus.skipped.clone(),
            ignored,
            baselined: 0,
        })
    }

    fn reportable(&self, entry: usize) -> bool {
        self.glossary.entries[entry].status == Status::Approved
    }

    fn deprecated(&self, d: &Doc) -> Vec<Finding> {
        d.matches
            .iter()
            .filter(|m| m.status == FormStatus::Deprecated && self.reportable(m.entry))
            .filter_map(|m| {
                let e = &self.glossary.entries[m.entry];
                let (rule, found, expected) = match d.lang {
                    Language::Zh => {
                        let found = self.zh.form(m).to_owned();
                        (Rule::DeprecatedZh, found, e.zh.as_ref()?.preferred.clone())
                    }
                    Language::En => {
                        let found = collapse(&d.text[m.start..m.end]);
                        let expected = closest_approved(e.en.as_ref()?, &found);
                        (Rule::DeprecatedEn, found, expected)
                    }
                };
                let message = format!("“{found}” is deprecated; use “{expected}” ({})", e.id);
                Some(finding(d, m, rule, found, expected, &e.id, message))
            })
            .collect()
    }

    /// Missing English equivalents in one pair: per aligned segment, each entry's Chinese
    /// occurrences beyond the count of its approved English forms become warnings, at the
    /// Chinese occurrence.
    fn missing(&self, zh: &Doc, en: &Doc) -> Result<Vec<Finding>> {
        let alignment = align::align_files(zh.path, zh.text, en.path, en.text)?;
        let segments: Vec<Segment> = alignment
            .segments
            .into_iter()
            .filter(Segment::is_bilingual)
            .collect();
        let folded = Folded::new(en.text);
        let mut en_matches: Vec<Match> = self
            .en
            .find_all(&folded.text)
            .into_iter()
            .filter(|m| m.status != FormStatus::Deprecated)
            .map(|mut m| {
                (m.start, m.end) = folded.original_range(m.start, m.end);
                m
            })
            .collect();
        en_matches.sort_by_key(|m| m.start);
        let zh_starts: Vec<usize> = segments.iter().map(|s| s.zh.0).collect();
        let mut zh_by_segment: Vec<Vec<&Match>> = vec![Vec::new(); segments.len()];
        for m in &zh.matches {
            let eligible = m.status != FormStatus::Deprecated
                && self.reportable(m.entry)
                && self.glossary.entries[m.entry].en.is_some();
            if !eligible {
                continue;
            }
            let i = zh_starts.partition_point(|&s| s <= m.start);
            if i > 0 && m.start < segments[i - 1].zh.1 {
                zh_by_segment[i - 1].push(m);
            }
        }
        let mut out = Vec::new();
        for (seg, zms) in segments.iter().zip(&zh_by_segment) {
            if zms.is_empty() {
                continue;
            }
            let lo = en_matches.partition_point(|m| m.start < seg.en.0);
            let hi = en_matches.partition_point(|m| m.start < seg.en.1);
            let counts = matcher::count_by_entry(&en_matches[lo..hi]);
            let mut seen: FxHashMap<usize, usize> = FxHashMap::default();
            for m in zms {
                let k = seen.entry(m.entry).or_default();
                *k += 1;
                let have = counts
                    .iter()
                    .find(|&&(e, _)| e == m.entry)
                    .map_or(0, |&(_, n)| n);
                if *k <= have {
                    continue;
                }
                let e = &self.glossary.entries[m.entry];
                let Some(en_lang) = &e.en else { continue };
                let found = self.zh.form(m).to_owned();
                let expected = en_lang.preferred.clone();
                let alternatives: Vec<&str> = en_lang.approved_forms().skip(1).collect();
                let also = if alternatives.is_empty() {
                    String::new()
                } else {
                    format!(" (or {})", alternatives.join(", "))
                };
                let message = if have == 0 {
                    format!(
                        "“{found}” ({}) has no approved English equivalent in the aligned translation: expected “{expected}”{also}",
                        e.id
                    )
                } else {
                    format!(
                        "“{found}” ({}) occurs {} times here but its English equivalent only {have}: expected “{expected}”{also}",
                        e.id,
                        zms.iter().filter(|x| x.entry == m.entry).count()
                    )
                };
                let mut f = finding(zh, m, Rule::MissingEn, found, expected, &e.id, message);
                // The translator's side of the pair can carry the marker too.
                f.suppressed = en.text[seg.en.0..seg.en.1].contains(IGNORE_MARKER);
                out.push(f);
            }
        }
        Ok(out)
    }
}

fn finding(
    d: &Doc,
    m: &Match,
    rule: Rule,
    found: String,
    expected: String,
    entry: &str,
    message: String,
) -> Finding {
    let index = d.index.get_or_init(|| LineIndex::new(d.text));
    let start = index.line_col(d.text, m.start);
    let end = index.line_col(d.text, m.end);
    let file = display_path(d.path);
    let fingerprint = fingerprint(rule, &file, &found, &context(d.text, m.start, m.end));
    Finding {
        line_text: index.line_text(d.text, start.line).to_owned(),
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

/// Paths with `/` separators, so fingerprints and SARIF URIs agree across systems.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The approved English form nearest to a deprecated one (`member countries` → `Member States`,
/// `information and communication technology` → `information and communications technology`):
/// the correction a translator would make, number kept.
fn closest_approved(lang: &crate::glossary::Lang, found: &str) -> String {
    let found_l = found.to_lowercase();
    let mut best: Option<(usize, String)> = None;
    let abbr = lang.abbr.as_deref();
    for f in lang.approved_forms().filter(|f| Some(*f) != abbr) {
        for cand in std::iter::once(f.to_owned()).chain(english::number_variants(f)) {
            let d = strsim::levenshtein(&cand.to_lowercase(), &found_l);
            if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                best = Some((d, cand));
            }
        }
    }
    best.map_or_else(|| lang.preferred.clone(), |(_, f)| f)
}

/// The text around a finding with whitespace removed: enough to tell occurrences apart, stable
/// when lines are added above or the paragraph is re-wrapped.
fn context(text: &str, start: usize, end: usize) -> String {
    const AROUND: usize = 12;
    let before: String = text[..start]
        .chars()
        .rev()
        .filter(|c| !c.is_whitespace())
        .take(AROUND)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[end..]
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(AROUND)
        .collect();
    format!("{before}\u{1}{after}")
}

/// FNV-1a 64 of rule, file, matched text and context, as 16 hex digits.
pub fn fingerprint(rule: Rule, file: &str, found: &str, context: &str) -> String {
    let mut h = Fnv1a64::default();
    for part in [rule.id(), file, found, context] {
        h.write(part.as_bytes());
        h.write(&[0]);
    }
    format!("{:016x}", h.finish())
}

/// Identical occurrences in identical context get `-2`, `-3`… so every fingerprint is unique
/// and a baseline counts them.
fn disambiguate(findings: &mut [Finding]) {
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for f in findings.iter_mut() {
        let n = seen.entry(f.fingerprint.clone()).or_default();
        *n += 1;
        if *n > 1 {
            f.fingerprint = format!("{}-{}", f.fingerprint, n);
        }
    }
}

/// Recorded findings that a run should no longer report.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    pub file: String,
    pub found: String,
}

impl Baseline {
    pub fn of(findings: &[Finding]) -> Self {
        Baseline {
            version: 1,
            findings: findings
                .iter()
                .map(|f| BaselineEntry {
                    fingerprint: f.fingerprint.clone(),
                    rule: f.rule.id().to_owned(),
                    file: f.file.clone(),
                    found: f.found.clone(),
                })
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| Error::Input {
            path: path.to_owned(),
            line: Some(e.line()),
            message: format!("not a shuyu baseline: {e}"),
        })?;
        if b.version != 1 {
            return Err(Error::Input {
                path: path.to_owned(),
                line: None,
                message: format!("unsupported baseline version {}", b.version),
            });
        }
        Ok(b)
    }

    /// Drops the findings recorded in the baseline.
    pub fn apply(&self, outcome: &mut Outcome) {
        let known: FxHashSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let before = outcome.findings.len();
        outcome
            .findings
            .retain(|f| !known.contains(f.fingerprint.as_str()));
        outcome.baselined += before - outcome.findings.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_by_name_then_content() {
        assert_eq!(language_of(Path::new("a.en.md"), "大会"), Language::En);
        assert_eq!(language_of(Path::new("a.zh.md"), "General"), Language::Zh);
        assert_eq!(
            language_of(Path::new("a.txt"), "大会 A/RES/77/36 回顾其决议"),
            Language::Zh
        );
        assert_eq!(
            language_of(Path::new("a.txt"), "The General Assembly (大会) recalls"),
            Language::En
        );
    }

    #[test]
    fn nearest_approved_english() {
        let g = Glossary::builtin();
        let e = g.entries.iter().find(|e| e.id == "member-states").unwrap();
        assert_eq!(
            closest_approved(e.en.as_ref().unwrap(), "member countries"),
            "Member States"
        );
    }

    #[test]
    fn fingerprint_ignores_line_numbers() {
        let a = context("前文\n\n信息通信技术后文", 8, 26);
        let b = context("前文\n信息通信技术后文", 7, 25);
        assert_eq!(a, b);
    }
}
