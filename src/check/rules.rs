//! What `check` reports: its three rules with their severity and help, one finding, and the
//! outcome of a run.

use crate::corpus::Skipped;
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
