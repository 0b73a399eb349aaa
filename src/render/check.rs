//! Renderers of `check` findings: human (terminal), JSON, SARIF 2.1.0 and GitHub workflow
//! commands with a Markdown step summary. Strings only; the binary prints them.

use crate::check::{Finding, Outcome, Rule, Severity};
use serde::Serialize;
use serde_json::json;
use std::fmt::Write as _;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
    Github,
}

/// The outcome of a run in `format`; `color` paints the human format with ANSI escapes.
pub fn render(o: &Outcome, format: CheckFormat, color: bool) -> String {
    match format {
        CheckFormat::Human => human(o, color),
        CheckFormat::Json => json(o),
        CheckFormat::Sarif => sarif(o),
        CheckFormat::Github => github(o),
    }
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// `file:line:col: severity[rule]: message`, then the line with the match marked; a summary
/// line at the end.
fn human(o: &Outcome, color: bool) -> String {
    let mut out = String::new();
    for f in &o.findings {
        human_finding(&mut out, f, color);
    }
    if !o.findings.is_empty() {
        out.push('\n');
    }
    human_pairs(&mut out, o);
    out.push_str(&human_summary(o));
    out.push('\n');
    out
}

/// `code` around `s` when colour is on.
fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("{code}{s}{RESET}")
    } else {
        s.to_owned()
    }
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
        paint(color, BOLD, &format!("{}:{}:{}", f.file, f.line, f.column)),
        paint(color, tint, f.severity.as_str()),
        f.rule.id(),
        f.message
    );
    if f.rule == Rule::Unreadable {
        return; // no line to show
    }
    let (before, hit, after) = excerpt(f);
    let gutter = f.line.to_string();
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

/// One line per pair checked: `paired a.zh.md ↔ a.en.md: 150 vs 149 lines, aligned by
/// paragraphs (40 vs 41)`, saying when the halves were swapped.
fn human_pairs(out: &mut String, o: &Outcome) {
    for p in &o.pair_reports {
        let swapped = if p.swapped {
            " (named the other way round: swapped, as their content says)"
        } else {
            ""
        };
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

fn summary(o: &Outcome) -> serde_json::Value {
    json!({
        "files": o.files,
        "findings": o.findings.len(),
        "errors": o.count(Severity::Error),
        "warnings": o.count(Severity::Warning),
    })
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

/// `{"findings":[…],"pairs":[…],"summary":{"files","findings","errors","warnings"}}`.
fn json(o: &Outcome) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        findings: Vec<JsonFinding<'a>>,
        pairs: Vec<JsonPair<'a>>,
        summary: serde_json::Value,
    }
    let report = Report {
        findings: o.findings.iter().map(JsonFinding::from).collect(),
        pairs: o.pair_reports.iter().map(JsonPair::from).collect(),
        summary: summary(o),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// SARIF 2.1.0 with every rule described, code-point columns and a partial fingerprint on
/// every result, as GitHub code scanning wants. `unreadable` is described only in a run
/// that reports it, so the report of a run on readable files stays what it was.
fn sarif(o: &Outcome) -> String {
    let listed: Vec<Rule> = Rule::ALL
        .into_iter()
        .filter(|&r| r != Rule::Unreadable || o.findings.iter().any(|f| f.rule == r))
        .collect();
    let rules: Vec<serde_json::Value> = listed
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "name": r.id(),
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.help() },
                "help": { "text": r.help() },
                "defaultConfiguration": { "level": r.severity().as_str() },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = o
        .findings
        .iter()
        .map(|f| {
            json!({
                "ruleId": f.rule.id(),
                "ruleIndex": listed.iter().position(|r| *r == f.rule).unwrap_or(0),
                "level": f.severity.as_str(),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.file },
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                            "snippet": { "text": f.found },
                        }
                    }
                }],
                "partialFingerprints": { "shuyu/v1": f.fingerprint },
                "properties": { "entry": f.entry, "expected": f.expected },
            })
        })
        .collect();
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "shuyu",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
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

/// `::error file=…,line=…,col=…::…` lines that GitHub Actions turns into annotations.
fn github(o: &Outcome) -> String {
    let mut out = String::new();
    for f in &o.findings {
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
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A Markdown report for `$GITHUB_STEP_SUMMARY`.
pub fn github_summary(o: &Outcome) -> String {
    let errors = o.count(Severity::Error);
    let warnings = o.count(Severity::Warning);
    let mut out = format!(
        "### shuyu check: {errors} {}, {warnings} {}\n\n",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    );
    if o.findings.is_empty() {
        let _ = writeln!(
            out,
            "No terminology findings in {} {}.",
            o.files,
            plural(o.files, "file", "files")
        );
        return out;
    }
    out.push_str("| | Location | Rule | Found | Expected | Entry |\n|---|---|---|---|---|---|\n");
    for f in &o.findings {
        let _ = writeln!(
            out,
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Excerpt, Finding};

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
                entry: "capacity-building".into(),
                message: "m, with: 100%\nnext".into(),
                fingerprint: "0123456789abcdef".into(),
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
