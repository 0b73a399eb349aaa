//! Renderers of `check` findings: human (terminal), JSON, SARIF 2.1.0 and GitHub workflow
//! commands with a Markdown step summary. A [`Report`] is written one finding at a time, so a
//! run's report never has to be held whole; the binary decides where it goes.

mod sarif;

pub use sarif::SourceRoot;

use crate::check::{Finding, Outcome, Rule, Severity};
use crate::formats::shows_paragraphs;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
    Github,
}

/// A report being written: [`Report::begin`], [`Report::finding`] for each finding in order,
/// then [`Report::end`] with the outcome's totals.
pub struct Report<W: Write> {
    out: W,
    format: CheckFormat,
    color: bool,
    root: SourceRoot,
    /// The rules SARIF describes, in `ruleIndex` order.
    rules: Vec<Rule>,
    /// What the SARIF log has after its results.
    tail: String,
    written: usize,
    buf: String,
    /// Whether the human format ends with the pairs and the summary line.
    summary: bool,
}

impl<W: Write> Report<W> {
    /// Starts a report in `format` on `out`; `color` paints the human format with ANSI
    /// escapes, `root` is the base of SARIF URIs, and `unreadable` says whether the run reports
    /// `unreadable` findings (SARIF describes that rule only then, so the report of a run on
    /// readable files stays what it was).
    pub fn begin(
        mut out: W,
        format: CheckFormat,
        color: bool,
        root: SourceRoot,
        unreadable: bool,
    ) -> io::Result<Self> {
        let rules: Vec<Rule> = Rule::ALL
            .into_iter()
            .filter(|&r| r != Rule::Unreadable || unreadable)
            .collect();
        let mut tail = String::new();
        match format {
            CheckFormat::Json => out.write_all(b"{\n  \"findings\": [")?,
            CheckFormat::Sarif => {
                let (head, rest) = sarif::frame(&rules, &root);
                out.write_all(head.as_bytes())?;
                tail = rest;
            }
            CheckFormat::Human | CheckFormat::Github => {}
        }
        Ok(Report {
            out,
            format,
            color,
            root,
            rules,
            tail,
            written: 0,
            buf: String::new(),
            summary: true,
        })
    }

    /// Leaves out the human format's pairs and summary line (`--quiet`): findings only.
    pub fn with_summary(mut self, summary: bool) -> Self {
        self.summary = summary;
        self
    }

    /// Writes one finding.
    pub fn finding(&mut self, f: &Finding) -> io::Result<()> {
        self.buf.clear();
        match self.format {
            CheckFormat::Human => human_finding(&mut self.buf, f, self.color),
            CheckFormat::Github => github_finding(&mut self.buf, f),
            CheckFormat::Json => {
                self.buf.push_str(if self.written == 0 {
                    "\n    "
                } else {
                    ",\n    "
                });
                indented(&mut self.buf, &JsonFinding::from(f), 4);
            }
            CheckFormat::Sarif => {
                self.buf.push_str(if self.written == 0 {
                    "\n        "
                } else {
                    ",\n        "
                });
                let r = sarif::result(f, &self.rules, &self.root);
                indented(&mut self.buf, &r, 8);
            }
        }
        self.written += 1;
        self.out.write_all(self.buf.as_bytes())
    }

    /// The writer, with the report left unfinished.
    pub fn into_inner(self) -> W {
        self.out
    }

    /// Writes what follows the findings (the summary, the end of the JSON) and flushes.
    pub fn end(mut self, o: &Outcome) -> io::Result<W> {
        let mut text = String::new();
        match self.format {
            CheckFormat::Human if !self.summary => {}
            CheckFormat::Human => {
                if self.written > 0 {
                    text.push('\n');
                }
                human_pairs(&mut text, o);
                text.push_str(&human_summary(o));
                text.push('\n');
            }
            CheckFormat::Github => {}
            CheckFormat::Json => {
                text.push_str(if self.written == 0 {
                    "],\n"
                } else {
                    "\n  ],\n"
                });
                text.push_str("  \"pairs\": ");
                let pairs: Vec<JsonPair> = o.pair_reports.iter().map(JsonPair::from).collect();
                indented(&mut text, &pairs, 2);
                text.push_str(",\n  \"summary\": ");
                indented(&mut text, &summary(o), 2);
                text.push_str("\n}\n");
            }
            CheckFormat::Sarif => {
                if self.written > 0 {
                    text.push_str("\n      ");
                }
                text.push_str(&self.tail);
                text.push('\n');
            }
        }
        self.out.write_all(text.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// The whole report of `o` in `format`, as a string.
pub fn render(o: &Outcome, format: CheckFormat, color: bool, root: &SourceRoot) -> String {
    let unreadable = o.findings.iter().any(|f| f.rule == Rule::Unreadable);
    let write = || -> io::Result<Vec<u8>> {
        let mut r = Report::begin(Vec::new(), format, color, root.clone(), unreadable)?;
        for f in &o.findings {
            r.finding(f)?;
        }
        r.end(o)
    };
    let bytes = write().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// `v` as pretty JSON appended to `out`, its lines after the first indented by `indent` spaces
/// (JSON strings hold no raw line break, so every line break is the layout's).
fn indented(out: &mut String, v: &impl Serialize, indent: usize) {
    let text = serde_json::to_string_pretty(v).unwrap_or_default();
    let pad = " ".repeat(indent);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(line);
    }
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// `code` around `s` when colour is on.
fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("{code}{s}{RESET}")
    } else {
        s.to_owned()
    }
}

/// `file:line:column`; for a DOCX, whose lines are paragraphs, `file.docx:¶N:column`.
fn location(f: &Finding) -> String {
    let para = if shows_paragraphs(&f.file) { "¶" } else { "" };
    format!("{}:{para}{}:{}", f.file, f.line, f.column)
}

/// One finding: its location and message, the line cut around the match, the marker under it.
fn human_finding(out: &mut String, f: &Finding, color: bool) {
    let tint = match f.severity {
        Severity::Error => RED,
        Severity::Warning => YELLOW,
    };
    let _ = writeln!(
        out,
        "{}: {}[{}]: {}",
        paint(color, BOLD, &location(f)),
        paint(color, tint, f.severity.as_str()),
        f.rule.id(),
        f.message
    );
    if f.rule == Rule::Unreadable {
        return; // no line to show
    }
    let (before, hit, after) = excerpt(f);
    let gutter = if shows_paragraphs(&f.file) {
        format!("¶{}", f.line)
    } else {
        f.line.to_string()
    };
    let pad = " ".repeat(gutter.len());
    let _ = writeln!(
        out,
        " {} | {before}{}{after}",
        paint(color, DIM, &gutter),
        paint(color, tint, &hit)
    );
    let _ = writeln!(
        out,
        " {pad} | {}{}",
        " ".repeat(super::width(&before)),
        paint(color, tint, &"^".repeat(super::width(&hit).max(1)))
    );
}

/// paragraphs (40 vs 41)`, saying when the halves were swapped.
fn human_pairs(out: &mut String, o: &Outcome) {
    for p in &o.pair_reports {
        let swapped = if p.swapped {
            " (named the other way round: swapped, as their content says)"
        } else {
            ""
        };
        if p.paired_by == crate::corpus::PairedBy::File {
            let n = p.plan.zh_lines;
            let _ = writeln!(
                out,
                "paired the zh and en sides of {}: {n} {}, aligned segment by segment",
                p.zh,
                plural(n, "segment", "segments")
            );
            continue;
        }
        let _ = writeln!(out, "paired {} ↔ {}{swapped}: {}", p.zh, p.en, p.plan);
    }
}

/// `N errors, N warnings in N files (N zh/en pairs); N ignored inline; N in baseline`.
fn human_summary(o: &Outcome) -> String {
    let errors = o.count(Severity::Error);
    let warnings = o.count(Severity::Warning);
    let mut tail = format!(
        "{} in {} {}",
        if errors + warnings == 0 {
            "no findings".to_owned()
        } else {
            format!(
                "{errors} {}, {warnings} {}",
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings")
            )
        },
        o.files,
        plural(o.files, "file", "files")
    );
    if o.pairs > 0 {
        let _ = write!(
            tail,
            " ({} zh/en {})",
            o.pairs,
            plural(o.pairs, "pair", "pairs")
        );
    }
    if o.ignored > 0 {
        let _ = write!(tail, "; {} ignored inline", o.ignored);
    }
    if o.baselined > 0 {
        let _ = write!(tail, "; {} in baseline", o.baselined);
    }
    tail
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// The finding's excerpt as `(before, match, after)`, tabs shown as spaces so the marker
/// lines up.
fn excerpt(f: &Finding) -> (String, String, String) {
    let x = &f.excerpt;
    let spaced = |s: &str| s.replace('\t', " ");
    (spaced(x.before()), spaced(x.hit()), spaced(x.after()))
}

/// The JSON report's `summary`, fields in alphabetical order as the report has them.
#[derive(Serialize)]
struct Summary {
    errors: usize,
    files: usize,
    findings: usize,
    warnings: usize,
}

fn summary(o: &Outcome) -> Summary {
    let errors = o.count(Severity::Error);
    let warnings = o.count(Severity::Warning);
    Summary {
        errors,
        files: o.files,
        findings: errors + warnings,
        warnings,
    }
}

/// A finding as the JSON report shows it, fields in the report's (alphabetical) order,
/// borrowed: the report is written straight from the findings, without a copy of each.
#[derive(Serialize)]
struct JsonFinding<'a> {
    column: usize,
    end_column: usize,
    end_line: usize,
    entry: &'a str,
    expected: &'a str,
    file: &'a str,
    fingerprint: &'a str,
    found: &'a str,
    line: usize,
    message: &'a str,
    rule: Rule,
    #[serde(skip_serializing_if = "Option::is_none")]
    segment: Option<&'a str>,
    severity: Severity,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        JsonFinding {
            column: f.column,
            end_column: f.end_column,
            end_line: f.end_line,
            entry: &f.entry,
            expected: &f.expected,
            file: &f.file,
            fingerprint: &f.fingerprint,
            found: &f.found,
            line: f.line,
            message: &f.message,
            rule: f.rule,
            segment: f.segment.as_deref(),
            severity: f.severity,
        }
    }
}

/// A pair as the JSON report shows it.
#[derive(Serialize)]
struct JsonPair<'a> {
    zh: &'a str,
    en: &'a str,
    paired_by: &'static str,
    segmentation: &'static str,
    zh_lines: usize,
    en_lines: usize,
    zh_segments: usize,
    en_segments: usize,
    swapped: bool,
}

impl<'a> From<&'a crate::check::PairReport> for JsonPair<'a> {
    fn from(p: &'a crate::check::PairReport) -> Self {
        JsonPair {
            zh: &p.zh,
            en: &p.en,
            paired_by: p.paired_by.as_str(),
            segmentation: p.plan.segmentation.as_str(),
            zh_lines: p.plan.zh_lines,
            en_lines: p.plan.en_lines,
            zh_segments: p.plan.zh_units,
            en_segments: p.plan.en_units,
            swapped: p.swapped,
        }
    }
}

/// Workflow-command escaping of a message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow-command escaping of a property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `::error file=…,line=…,col=…::…`, a line that GitHub Actions turns into an annotation.
fn github_finding(out: &mut String, f: &Finding) {
    let _ = writeln!(
        out,
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        f.severity.as_str(),
        escape_property(&f.file),
        f.line,
        f.column,
        f.end_line,
        f.end_column,
        escape_property(&format!("shuyu {}", f.rule.id())),
        escape_data(&f.message)
    );
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A Markdown report for `$GITHUB_STEP_SUMMARY`: a row per finding, [`StepSummary::add`]ed in
/// order, under a heading with the totals.
#[derive(Default)]
pub struct StepSummary {
    rows: String,
}

impl StepSummary {
    pub fn add(&mut self, f: &Finding) {
        let _ = writeln!(
            self.rows,
            "| {} | `{}:{}:{}` | {} | {} | {} | {} |",
            if f.severity == Severity::Error {
                "❌"
            } else {
                "⚠️"
            },
            cell(&f.file),
            f.line,
            f.column,
            f.rule.id(),
            cell(&f.found),
            cell(&f.expected),
            cell(&f.entry)
        );
    }

    /// The report, `o` giving the totals.
    pub fn finish(self, o: &Outcome) -> String {
        let errors = o.count(Severity::Error);
        let warnings = o.count(Severity::Warning);
        let mut out = format!(
            "### shuyu check: {errors} {}, {warnings} {}\n\n",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        );
        if self.rows.is_empty() {
            let _ = writeln!(
                out,
                "No terminology findings in {} {}.",
                o.files,
                plural(o.files, "file", "files")
            );
            return out;
        }
        out.push_str(
            "| | Location | Rule | Found | Expected | Entry |\n|---|---|---|---|---|---|\n",
        );
        out.push_str(&self.rows);
        out
    }
}

/// The Markdown report for `$GITHUB_STEP_SUMMARY` of the findings kept in `o`.
pub fn github_summary(o: &Outcome) -> String {
    let mut s = StepSummary::default();
    for f in &o.findings {
        s.add(f);
    }
    s.finish(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Excerpt, Finding, LineHash};

    fn human(o: &Outcome, color: bool) -> String {
        render(o, CheckFormat::Human, color, &SourceRoot::of_cwd())
    }

    fn github(o: &Outcome) -> String {
        render(o, CheckFormat::Github, false, &SourceRoot::of_cwd())
    }

    fn outcome() -> Outcome {
        Outcome {
            findings: vec![Finding {
                file: "a.zh.md".into(),
                line: 3,
                column: 4,
                end_line: 3,
                end_column: 8,
                rule: Rule::DeprecatedZh,
                severity: Severity::Error,
                found: "能力构建".into(),
                expected: "能力建设".into(),
                segment: None,
                entry: "capacity-building".into(),
                message: "m, with: 100%\nnext".into(),
                fingerprint: "0123456789abcdef".into(),
                line_hash: LineHash::of("注意到能力构建对于"),
                excerpt: Excerpt::around("注意到能力构建对于", 9, 21),
                suppressed: false,
            }],
            files: 1,
            ..Outcome::default()
        }
    }

    #[test]
    fn colour_only_when_asked() {
        let o = outcome();
        assert!(human(&o, true).contains("\x1b[1;31m能力构建\x1b[0m"));
        assert!(!human(&o, false).contains('\x1b'));
        assert!(human(&o, false).contains(" 3 | 注意到能力构建对于\n   |       ^^^^^^^^\n"));
    }

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(
            github(&outcome()),
            "::error file=a.zh.md,line=3,col=4,endLine=3,endColumn=8,title=shuyu deprecated-zh::m, with: 100%25%0Anext\n"
        );
    }
}
