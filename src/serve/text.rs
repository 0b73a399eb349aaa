//! `POST /v1/check` and `POST /v1/annotate`: findings and glossary terms in a text sent in
//! the request, with positions in characters, UTF-16 units and bytes.

use super::offsets::{self, Position};
use super::problem::Problem;
use super::state::Compiled;
use crate::check::{Finding, Rule, Severity};
use crate::corpus::Pair;
use crate::glossary::FormStatus;
use serde::{Deserialize, Serialize};
use std::ops::ControlFlow;
use std::path::PathBuf;

/// The body of `POST /v1/check`: one text in either language, or a Chinese text and its
/// English translation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    pub text: Option<String>,
    pub zh: Option<String>,
    pub en: Option<String>,
}

/// One finding, as `shuyu check --format json` reports it, with its positions in the text
/// it is in (`file`: `text`, `zh` or `en`, the request's field).
#[derive(Debug, Serialize)]
pub struct CheckFinding {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    pub found: String,
    pub expected: String,
    pub entry: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub fingerprint: String,
    pub start: Position,
    pub end: Position,
}

#[derive(Debug, Serialize)]
pub struct CheckResponse {
    pub findings: Vec<CheckFinding>,
    pub summary: Summary,
    /// How the pair was aligned, for a `zh`/`en` request.
    pub pair: Option<PairInfo>,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    /// Findings silenced by `shuyu-ignore` on their line.
    pub ignored: usize,
}

#[derive(Debug, Serialize)]
pub struct PairInfo {
    pub segmentation: &'static str,
    pub zh_segments: usize,
    pub en_segments: usize,
    /// The `zh` field held the English text and `en` the Chinese: checked the other way round.
    pub swapped: bool,
}

/// Texts by the names findings give them.
type Named = Vec<(PathBuf, String)>;

/// The texts of a request by the names findings give them, and the pair among them.
fn documents(req: CheckRequest) -> Result<(Named, Vec<Pair>), Problem> {
    match (req.text, req.zh, req.en) {
        (Some(text), None, None) => Ok((vec![("text".into(), text)], Vec::new())),
        (None, Some(zh), Some(en)) => Ok((
            vec![("zh".into(), zh), ("en".into(), en)],
            vec![Pair {
                zh: "zh".into(),
                en: "en".into(),
            }],
        )),
        _ => Err(Problem::bad_request(
            "send {\"text\": \"…\"} (one text, Chinese or English) or {\"zh\": \"…\", \"en\": \
             \"…\"} (a Chinese text and its English translation)",
        )),
    }
}

/// Checks the texts of `req` against `compiled` as `shuyu check` checks files.
pub fn check(compiled: &Compiled, req: CheckRequest) -> Result<CheckResponse, Problem> {
    let (texts, pairs) = documents(req)?;
    let checker = compiled.checker();
    let loaded = checker.load_texts(texts.clone(), &pairs)?;
    let mut found: Vec<Finding> = Vec::new();
    let outcome = checker.check_each(&loaded, None, &mut |f| {
        found.push(f);
        ControlFlow::Continue(())
    })?;
    let pair = loaded.pair_reports().first().map(|p| PairInfo {
        segmentation: p.plan.segmentation.as_str(),
        zh_segments: p.plan.zh_units,
        en_segments: p.plan.en_units,
        swapped: p.swapped,
    });
    let mut findings = Vec::with_capacity(found.len());
    for (name, text) in &texts {
        let name = name.to_string_lossy();
        let mine: Vec<&Finding> = found.iter().filter(|f| *f.file == *name).collect();
        let starts = offsets::line_starts(text);
        let bytes: Vec<usize> = mine
            .iter()
            .flat_map(|f| {
                [
                    offsets::byte_of(text, &starts, f.line, f.column),
                    offsets::byte_of(text, &starts, f.end_line, f.end_column),
                ]
            })
            .collect();
        let at = offsets::positions(text, &bytes);
        for (f, se) in mine.into_iter().zip(at.chunks(2)) {
            findings.push(finding(f, se[0], se[1]));
        }
    }
    Ok(CheckResponse {
        findings,
        summary: Summary {
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            ignored: outcome.ignored,
        },
        pair,
    })
}

fn finding(f: &Finding, start: Position, end: Position) -> CheckFinding {
    CheckFinding {
        rule: f.rule,
        severity: f.severity,
        message: f.message.to_string(),
        found: f.found.to_string(),
        expected: f.expected.to_string(),
        entry: f.entry.to_string(),
        file: f.file.to_string(),
        line: f.line,
        column: f.column,
        end_line: f.end_line,
        end_column: f.end_column,
        fingerprint: f.fingerprint.clone(),
        start,
        end,
    }
}

/// The body of `POST /v1/annotate`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotateRequest {
    pub text: String,
}

/// A glossary term found in the text.
#[derive(Debug, Serialize)]
pub struct Annotation {
    /// The text as written at this place.
    pub text: String,
    /// `zh` or `en`: the language of the form matched.
    pub lang: &'static str,
    /// preferred | abbr | admitted | deprecated
    pub standing: &'static str,
    pub entry: String,
    /// approved | candidate | rejected
    pub status: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The entry's preferred Chinese and English.
    pub zh: Option<String>,
    pub en: Option<String>,
    pub start: Position,
    pub end: Position,
}

#[derive(Debug, Serialize)]
pub struct AnnotateResponse {
    pub terms: Vec<Annotation>,
}

/// The standing of a form, as `lookup` names it.
pub fn standing(s: FormStatus) -> &'static str {
    match s {
        FormStatus::Preferred => "preferred",
        FormStatus::Abbr => "abbr",
        FormStatus::Admitted => "admitted",
        FormStatus::Deprecated => "deprecated",
    }
}

/// Every glossary term in the text of `req`, by start.
pub fn annotate(compiled: &Compiled, req: AnnotateRequest) -> Result<AnnotateResponse, Problem> {
    let text = req.text;
    let found = compiled.checker().terms_in(&text)?;
    let bytes: Vec<usize> = found.iter().flat_map(|m| [m.start, m.end]).collect();
    let at = offsets::positions(&text, &bytes);
    let entries = &compiled.glossary().entries;
    let terms = found
        .iter()
        .zip(at.chunks(2))
        .map(|(m, se)| {
            let e = &entries[m.entry];
            Annotation {
                text: text[m.start..m.end].to_owned(),
                lang: m.lang,
                standing: standing(m.standing),
                entry: e.id.clone(),
                status: e.status.as_str(),
                kind: e.kind.as_str(),
                zh: e.zh.as_ref().map(|l| l.preferred.clone()),
                en: e.en.as_ref().map(|l| l.preferred.clone()),
                start: se[0],
                end: se[1],
            }
        })
        .collect();
    Ok(AnnotateResponse { terms })
}
