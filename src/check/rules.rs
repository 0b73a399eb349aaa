//! What `check` reports: its rules with their severity and help, one finding, and the
//! outcome of a run.

use crate::corpus::{Repaired, Skipped};
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
    /// A file found or named that could not be read as text, so was not checked.
    #[serde(rename = "unreadable")]
    Unreadable,
}

impl Rule {
    pub const ALL: [Rule; 4] = [
        Rule::DeprecatedZh,
        Rule::DeprecatedEn,
        Rule::MissingEn,
        Rule::Unreadable,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::DeprecatedZh => "deprecated-zh",
            Rule::DeprecatedEn => "deprecated-en",
            Rule::MissingEn => "missing-en",
            Rule::Unreadable => "unreadable",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::DeprecatedZh | Rule::DeprecatedEn | Rule::Unreadable => Severity::Error,
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
                "The aligned English segment does not contain the preferred or admitted English \
                 form (or abbreviation) of this Chinese term as many times as the Chinese does. \
                 Use the approved equivalent, or mark a deliberate paraphrase with shuyu-ignore."
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
    /// Files checked with invalid UTF-8 replaced by U+FFFD.
    pub repaired: Vec<Repaired>,
    /// Findings silenced by `shuyu-ignore`.
    pub ignored: usize,
    /// Findings left out because the baseline records them.
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
