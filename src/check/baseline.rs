//! Recognising a finding across runs: a fingerprint from its rule, file, text and context (not
//! its line), made unique within a run, and the baseline file that records fingerprints so a
//! later run reports only new findings.

use crate::check::rules::{Finding, Outcome, Rule};
use crate::error::{Error, Result};
use crate::util::hash::Fnv1a64;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Recorded findings that a run should no longer report.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

/// One recorded finding: the fingerprint decides, the rest is for people reading the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    pub file: String,
    pub found: String,
}

impl Baseline {
    /// The baseline of `findings`; `unreadable` ones are never recorded.
    pub fn of(findings: &[Finding]) -> Self {
        let mut b = Baseline {
            version: 1,
            findings: Vec::new(),
        };
        for f in findings {
            b.record(f);
        }
        b
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

    /// The recorded fingerprints.
    pub(crate) fn known(&self) -> Known<'_> {
        self.findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect()
    }

    /// Records `f` (unless it is `unreadable`).
    pub fn record(&mut self, f: &Finding) {
        if f.rule != Rule::Unreadable {
            self.findings.push(BaselineEntry {
                fingerprint: f.fingerprint.clone(),
                rule: f.rule.id().to_owned(),
                file: f.file.to_string(),
                found: f.found.to_string(),
            });
        }
    }

    /// Drops the findings recorded in the baseline. A file that cannot be read is always
    /// reported: what it contains is unknown, so no baseline can vouch for it.
    pub fn apply(&self, outcome: &mut Outcome) {
        let known = self.known();
        let before = outcome.findings.len();
        outcome
            .findings
            .retain(|f| f.rule == Rule::Unreadable || !known.contains(f.fingerprint.as_str()));
        outcome.baselined += before - outcome.findings.len();
    }
}

/// FNV-1a 64 of rule, file, matched text and context, as 16 hex digits.
pub(crate) fn fingerprint(rule: Rule, file: &str, found: &str, context: &str) -> String {
    let mut h = Fnv1a64::default();
    for part in [rule.id(), file, found, context] {
        h.write(part.as_bytes());
        h.write(&[0]);
    }
    format!("{:016x}", h.finish())
}

/// The text around a finding with whitespace removed: enough to tell occurrences apart, stable
/// when lines are added above or the paragraph is re-wrapped.
pub(crate) fn context(text: &str, start: usize, end: usize) -> String {
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

/// Fingerprints of a baseline, to look findings up.
pub(crate) type Known<'a> = FxHashSet<&'a str>;

/// Numbering of a file's findings in report order: identical occurrences in identical context
/// get `-2`, `-3`… so every fingerprint is unique and a baseline counts them; findings on lines
/// of the same content are numbered likewise in their line hash.
#[derive(Default)]
pub(crate) struct Occurrences {
    fingerprints: FxHashMap<String, usize>,
    lines: FxHashMap<u64, usize>,
}

impl Occurrences {
    /// `f`, the next finding of the file, numbered.
    pub(crate) fn number(&mut self, mut f: Finding) -> Finding {
        let n = self.fingerprints.entry(f.fingerprint.clone()).or_default();
        *n += 1;
        if *n > 1 {
            f.fingerprint = format!("{}-{}", f.fingerprint, n);
        }
        let n = self.lines.entry(f.line_hash.hash).or_default();
        *n += 1;
        f.line_hash.occurrence = *n;
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_line_numbers() {
        let a = context("前文\n\n信息通信技术后文", 8, 26);
        let b = context("前文\n信息通信技术后文", 7, 25);
        assert_eq!(a, b);
    }
}
