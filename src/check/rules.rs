//! What `check` reports: its rules with their severity and help, one finding, and the
//! outcome of a run.

use crate::align::Plan;
use crate::corpus::{PairedBy, Repaired, Skipped};
use crate::text::positions::floor_char_boundary;
use serde::Serialize;

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
                 their sentence, and entries whose Chinese has `detect: false` (general words) \
                 never call for one. Use the approved equivalent, or mark a deliberate \
                 paraphrase with shuyu-ignore."
            }
            Rule::MissingZh => {
                "The aligned Chinese segment contains no preferred or admitted Chinese form of \
                 this English term. Entries whose English has `detect: false` never call for \
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
    /// The original line the finding starts on, cut around the match, for people.
    #[serde(skip)]
    pub excerpt: Excerpt,
    /// Silenced by a `shuyu-ignore` on its line or in the aligned English.
    #[serde(skip)]
    pub suppressed: bool,
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
}

impl Excerpt {
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
        Excerpt { text, hit }
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
