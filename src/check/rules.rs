//! What `check` reports: its rules with their severity and help, one finding, and the
//! outcome of a run.

use crate::align::Plan;
use crate::corpus::{PairedBy, Repaired, Skipped};
use crate::text::positions::floor_char_boundary;
use serde::Serialize;
use std::sync::Arc;

/// A rule of `check`; its id names it in every output format and in baselines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Rule {
    #[serde(rename = "deprecated-zh")]
    DeprecatedZh,
    #[serde(rename = "deprecated-en")]
    DeprecatedEn,
    #[serde(rename = "missing-en")]
    MissingEn,
    #[serde(rename = "missing-zh")]
    MissingZh,
    /// A file found or named that could not be read as text, so was not checked.
    #[serde(rename = "unreadable")]
    Unreadable,
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::DeprecatedZh,
        Rule::DeprecatedEn,
        Rule::MissingEn,
        Rule::MissingZh,
        Rule::Unreadable,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::DeprecatedZh => "deprecated-zh",
            Rule::DeprecatedEn => "deprecated-en",
            Rule::MissingEn => "missing-en",
            Rule::MissingZh => "missing-zh",
            Rule::Unreadable => "unreadable",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::DeprecatedZh | Rule::DeprecatedEn | Rule::Unreadable => Severity::Error,
            Rule::MissingEn | Rule::MissingZh => Severity::Warning,
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
            Rule::MissingZh => {
                "Chinese translation lacks the approved equivalent of an English glossary term"
            }
            Rule::Unreadable => "A file to check could not be read as text, so was not checked",
        }
    }

    /// Where the rule is documented, for SARIF viewers: a stable anchor in docs/cli.md.
    pub fn help_uri(self) -> String {
        format!("{DOCS}#rule-{}", self.id())
    }

    /// The rule's help for people reading a code-scanning alert: what it flags, how to fix it,
    /// and how to silence it.
    pub fn help_markdown(self) -> String {
        format!(
            "**{}** ({}): {}.\n\n{}\n\n{}",
            self.id(),
            self.severity().as_str(),
            self.summary(),
            self.help(),
            self.silencing()
        )
    }

    /// [`Rule::help_markdown`] as plain text.
    pub fn help_text(self) -> String {
        format!(
            "{} ({}): {}.\n\n{}\n\n{}",
            self.id(),
            self.severity().as_str(),
            self.summary(),
            self.help(),
            self.silencing().replace('`', "")
        )
    }

    /// How to keep a finding of this rule from failing a run.
    fn silencing(self) -> &'static str {
        match self {
            Rule::Unreadable => {
                "It cannot be silenced: neither `shuyu-ignore` nor a baseline (`--baseline`) \
                 applies to a file whose content is unknown."
            }
            Rule::MissingEn | Rule::MissingZh => {
                "To silence one occurrence, put `shuyu-ignore` on its line or in the aligned \
                 segment of the translation. To accept today's findings and report only new ones, \
                 record them with `shuyu check --write-baseline FILE` and run with \
                 `--baseline FILE`."
            }
            Rule::DeprecatedZh | Rule::DeprecatedEn => {
                "To silence one occurrence, put `shuyu-ignore` anywhere on its line (e.g. in a \
                 comment). To accept today's findings and report only new ones, record them \
                 with `shuyu check --write-baseline FILE` and run with `--baseline FILE`."
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
                "The aligned English segment contains no preferred or admitted English form (or \
                 abbreviation) of this Chinese term. Chinese forms count only as whole words of \
                 their sentence, and entries whose Chinese has detect: false (general words) \
                 never call for one. Use the approved equivalent, or mark a deliberate \
                 paraphrase with shuyu-ignore."
            }
            Rule::MissingZh => {
                "The aligned Chinese segment contains no preferred or admitted Chinese form of \
                 this English term. Entries whose English has detect: false never call for \
                 one. Use the approved equivalent, or mark a deliberate paraphrase with \
                 shuyu-ignore."
            }
            Rule::Unreadable => {
                "The file (or directory) could not be read, is binary (it contains NUL bytes), is \
                 not UTF-8, UTF-16 or GB18030 text, or is not a regular file (a FIFO, a \
                 socket). Make it readable text, or keep it out of the checked paths (name \
                 other paths, or list it in .gitignore). A baseline does not silence it."
            }
        }
    }
}

/// Where the rules are documented.
const DOCS: &str = "https://github.com/shuyu-dev/shuyu/blob/main/docs/cli.md";

/// How serious a finding is; `--fail-on` compares against it.
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

/// A string of a finding, shared: a file dense with findings repeats the same file name,
/// forms, entry and message thousands of times, and holds each once.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(s.into())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(s.into())
    }
}

impl From<Arc<str>> for Text {
    fn from(s: Arc<str>) -> Self {
        Text(s)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// One finding. Lines and columns are 1-based, columns count characters of the original file;
/// the end is exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub file: Text,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub rule: Rule,
    pub severity: Severity,
    pub found: Text,
    pub expected: Text,
    pub entry: Text,
    pub message: Text,
    pub fingerprint: String,
    /// The id of the XLIFF or TMX segment the finding is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<Text>,
    /// The finding's line, as GitHub code scanning's `primaryLocationLineHash`.
    #[serde(skip)]
    pub line_hash: LineHash,
    /// The original line the finding starts on, cut around the match, for people.
    #[serde(skip)]
    pub excerpt: Excerpt,
    /// Silenced by a `shuyu-ignore` on its line or in the aligned English.
    #[serde(skip)]
    pub suppressed: bool,
}

/// A hash of the content of a finding's line (FNV-1a 64 of its characters other than
/// whitespace, so re-indenting or re-wrapping spaces keeps it) and the occurrence, counted
/// from 1, of that hash among the file's findings: `HASH:N`, the shape GitHub documents for
/// `primaryLocationLineHash`. It does not change when lines are added above.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineHash {
    pub hash: u64,
    pub occurrence: usize,
}

impl LineHash {
    /// The hash of `line`, as its first occurrence.
    pub fn of(line: &str) -> Self {
        let mut h = crate::util::hash::Fnv1a64::default();
        let mut buf = [0u8; 4];
        for c in line.chars().filter(|c| !c.is_whitespace()) {
            h.write(c.encode_utf8(&mut buf).as_bytes());
        }
        LineHash {
            hash: h.finish(),
            occurrence: 1,
        }
    }
}

impl std::fmt::Display for LineHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}:{}", self.hash, self.occurrence)
    }
}

/// Characters of the line kept on each side of a match in an excerpt.
pub const EXCERPT: usize = 30;

/// A finding's line cut to the match and at most [`EXCERPT`] characters each side, `…` where
/// the line goes on: a finding never holds more of its line than people are shown, however
/// long the line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Excerpt {
    text: String,
    hit: (usize, usize),
    /// Not cut yet: the line's byte range in its document, `hit` the match's. A finding is
    /// held this way until it is reported, so a file dense with findings holds no text for
    /// them.
    line: Option<(usize, usize)>,
}

impl Excerpt {
    /// The excerpt of the line `line` of a document around the match `hit` (byte ranges in
    /// the document), cut when [`Excerpt::cut`] is given the document.
    pub(crate) fn pending(line: (usize, usize), hit: (usize, usize)) -> Self {
        Excerpt {
            text: String::new(),
            hit,
            line: Some(line),
        }
    }

    /// Cuts a pending excerpt out of its document `text`.
    pub(crate) fn cut(&mut self, text: &str) {
        if let Some((from, to)) = self.line.take() {
            let line = text.get(from..to).unwrap_or_default();
            *self = Excerpt::around(line, self.hit.0 - from, self.hit.1 - from);
        }
    }

    /// The excerpt of `line` around its bytes `start..end`; offsets past the line or inside a
    /// character are moved back to a character boundary within it.
    pub fn around(line: &str, start: usize, end: usize) -> Self {
        let start = floor_char_boundary(line, start);
        let end = floor_char_boundary(line, end).max(start);
        let (head, tail) = (&line[..start], &line[end..]);
        let from = head
            .char_indices()
            .rev()
            .nth(EXCERPT - 1)
            .map_or(0, |(i, _)| i);
        let to = tail
            .char_indices()
            .nth(EXCERPT)
            .map_or(tail.len(), |(i, _)| i);
        let mut text = String::with_capacity(end - from + to + 6);
        if from > 0 {
            text.push('…');
        }
        text.push_str(&head[from..]);
        let hit_start = text.len();
        text.push_str(&line[start..end]);
        let hit = (hit_start, text.len());
        text.push_str(&tail[..to]);
        if to < tail.len() {
            text.push('…');
        }
        Excerpt {
            text,
            hit,
            line: None,
        }
    }

    /// The text before the match, from `…` if the line was cut.
    pub fn before(&self) -> &str {
        &self.text[..self.hit.0]
    }

    /// The matched text.
    pub fn hit(&self) -> &str {
        &self.text[self.hit.0..self.hit.1]
    }

    /// The text after the match, to `…` if the line was cut.
    pub fn after(&self) -> &str {
        &self.text[self.hit.1..]
    }
}

/// How one Chinese–English pair was checked: its files (after any swap), how it was found,
/// and how it was cut into segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairReport {
    pub zh: String,
    pub en: String,
    pub paired_by: PairedBy,
    pub plan: Plan,
    /// The files were given (or named) the other way round and were checked swapped, as
    /// their content says.
    pub swapped: bool,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Files checked (skipped ones excluded).
    pub files: usize,
    pub pairs: usize,
    pub skipped: Vec<Skipped>,
    /// Files checked with invalid UTF-8 replaced by U+FFFD.
    pub repaired: Vec<Repaired>,
    /// Findings silenced by `shuyu-ignore`.
    pub ignored: usize,
    /// Findings left out because the baseline records them.
    pub baselined: usize,
    /// Each pair checked, in path order.
    pub pair_reports: Vec<PairReport>,
    /// Findings reported as the run went (by [`crate::check::Checker::check_each`]), not kept
    /// in `findings`.
    pub streamed: Tally,
}

/// Findings counted by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn add(&mut self, s: Severity) {
        match s {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }
}

impl Outcome {
    /// Findings of severity `s`, kept or streamed.
    pub fn count(&self, s: Severity) -> usize {
        let streamed = match s {
            Severity::Error => self.streamed.errors,
            Severity::Warning => self.streamed.warnings,
        };
        self.findings.iter().filter(|f| f.severity == s).count() + streamed
    }

    /// True when some finding is at or above `fail_on`.
    pub fn fails(&self, fail_on: Severity) -> bool {
        [Severity::Warning, Severity::Error]
            .into_iter()
            .any(|s| s >= fail_on && self.count(s) > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_is_kept_whole() {
        let line = "注意到能力构建对于";
        let x = Excerpt::around(line, 9, 21);
        assert_eq!(
            (x.before(), x.hit(), x.after()),
            ("注意到", "能力构建", "对于")
        );
    }

    #[test]
    fn a_long_line_is_cut_to_the_context() {
        let line = format!("{}能力构建{}", "甲".repeat(31), "乙".repeat(31));
        let start = line.find("能力").unwrap();
        let x = Excerpt::around(&line, start, start + 12);
        assert_eq!(x.before(), format!("…{}", "甲".repeat(EXCERPT)));
        assert_eq!(x.hit(), "能力构建");
        assert_eq!(x.after(), format!("{}…", "乙".repeat(EXCERPT)));
        let exact = format!("{}能力构建", "甲".repeat(EXCERPT));
        let x = Excerpt::around(&exact, EXCERPT * 3, exact.len());
        assert_eq!(x.before(), "甲".repeat(EXCERPT));
        assert_eq!(Excerpt::around("ab", 5, 9).hit(), "");
    }
}
