//! `POST /v2/check`, LanguageTool's check endpoint: terminology findings in the response shape
//! LanguageTool's HTTP API documents, so an editor plugin pointed at a LanguageTool server shows
//! them unchanged. Offsets and lengths are in UTF-16 code units, as LanguageTool counts them
//! (Java strings).

use super::annotated::Annotated;
use super::problem::Problem;
use super::state::Compiled;
use super::text::{self, CheckFinding, CheckRequest};
use crate::check::Rule;
use serde::{Deserialize, Serialize};

/// The form fields of a LanguageTool check: `text`, or `data` (text and markup). `translation`
/// is shuyu's own: the other language's
/// text, which makes the missing-equivalent rules run. LanguageTool's other fields
/// (motherTongue, enabledRules, level, …) are accepted and have no effect.
#[derive(Debug, Deserialize)]
pub struct LtRequest {
    pub text: Option<String>,
    pub data: Option<String>,
    pub language: Option<String>,
    pub translation: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LtResponse {
    pub software: Software,
    pub warnings: Warnings,
    pub language: Language,
    pub matches: Vec<LtMatch>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Software {
    pub name: &'static str,
    pub version: &'static str,
    pub build_date: &'static str,
    pub api_version: u32,
    pub premium: bool,
    pub status: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warnings {
    pub incomplete_results: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Language {
    pub name: &'static str,
    pub code: &'static str,
    pub detected_language: Detected,
}

#[derive(Debug, Serialize)]
pub struct Detected {
    pub name: &'static str,
    pub code: &'static str,
    pub confidence: f64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LtMatch {
    pub message: String,
    pub short_message: String,
    pub replacements: Vec<Replacement>,
    pub offset: usize,
    pub length: usize,
    pub context: Context,
    pub sentence: String,
    #[serde(rename = "type")]
    pub kind: TypeName,
    pub rule: LtRule,
    pub ignore_for_incomplete_sentence: bool,
    pub context_for_sure_match: i32,
}

#[derive(Debug, Serialize)]
pub struct Replacement {
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct Context {
    pub text: String,
    pub offset: usize,
    pub length: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeName {
    pub type_name: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LtRule {
    pub id: &'static str,
    pub description: &'static str,
    pub issue_type: &'static str,
    pub category: Category,
}

#[derive(Debug, Serialize)]
pub struct Category {
    pub id: &'static str,
    pub name: &'static str,
}

/// Characters of the text shown on each side of a match in its context, as LanguageTool does.
const CONTEXT_CHARS: usize = 40;

/// The LanguageTool rule id of a shuyu rule.
pub fn rule_id(r: Rule) -> &'static str {
    match r {
        Rule::DeprecatedZh | Rule::DeprecatedEn => "TERM_DEPRECATED",
        Rule::MissingEn => "TERM_MISSING_EN",
        Rule::MissingZh => "TERM_MISSING_ZH",
        Rule::Unreadable => "TERM_UNREADABLE",
    }
}

/// The language named by a request: `zh…` is Chinese, `en…` English, `auto` (or none) by
/// the text's content.
fn language(code: Option<&str>, text: &str) -> Result<Language, Problem> {
    let code = code.unwrap_or("auto").trim();
    let lower = code.to_ascii_lowercase();
    let chinese = if lower == "auto" {
        text.chars().any(crate::text::han::is_han)
    } else if lower.starts_with("zh") {
        true
    } else if lower.starts_with("en") {
        false
    } else {
        return Err(Problem::bad_request(format!(
            "language={code}: shuyu checks Chinese (zh-CN) and English (en-US) text, or auto"
        )));
    };
    let (name, code) = if chinese {
        ("Chinese", "zh-CN")
    } else {
        ("English (US)", "en-US")
    };
    Ok(Language {
        name,
        code,
        detected_language: Detected {
            name,
            code,
            confidence: if lower == "auto" { 0.9 } else { 1.0 },
        },
    })
}

/// Checks the text of `req` and answers as LanguageTool would.
pub fn check(compiled: &Compiled, req: LtRequest) -> Result<LtResponse, Problem> {
    let (text, markup) = match (req.text, req.data) {
        (Some(text), _) => (text, None),
        (None, Some(data)) => {
            let a = Annotated::parse(&data)?;
            (a.plain.clone(), Some(a))
        }
        (None, None) => {
            return Err(Problem::bad_request(
                "missing form field text (or data): POST text=…&language=zh-CN \
                 (form-encoded)",
            ));
        }
    };
    let lang = language(req.language.as_deref(), &text)?;
    let chinese = lang.code == "zh-CN";
    let (check_req, mine) = match req.translation {
        None => (
            CheckRequest {
                text: Some(text.clone()),
                zh: None,
                en: None,
            },
            "text",
        ),
        Some(other) if chinese => (pair(text.clone(), other), "zh"),
        Some(other) => (pair(other, text.clone()), "en"),
    };
    let checked = text::check(compiled, check_req)?;
    let matches = checked
        .findings
        .iter()
        .filter(|f| f.file == mine)
        .map(|f| {
            let mut m = lt_match(&text, f);
            if let Some(a) = &markup {
                (m.offset, m.length) = a.original(m.offset, m.length);
            }
            m
        })
        .collect();
    Ok(LtResponse {
        software: Software {
            name: "shuyu",
            version: env!("CARGO_PKG_VERSION"),
            build_date: "",
            api_version: 1,
            premium: false,
            status: "",
        },
        warnings: Warnings {
            incomplete_results: false,
        },
        language: lang,
        matches,
    })
}

fn pair(zh: String, en: String) -> CheckRequest {
    CheckRequest {
        text: None,
        zh: Some(zh),
        en: Some(en),
    }
}

/// A finding as a LanguageTool match in `text`.
fn lt_match(text: &str, f: &CheckFinding) -> LtMatch {
    let (start, end) = (f.start.byte, f.end.byte.max(f.start.byte));
    let (context, sentence) = surroundings(text, start, end);
    let (description, short) = match f.rule {
        Rule::DeprecatedZh | Rule::DeprecatedEn => ("Deprecated term", "Deprecated term"),
        Rule::MissingEn => ("Approved English equivalent missing", "Missing equivalent"),
        Rule::MissingZh => ("Approved Chinese equivalent missing", "Missing equivalent"),
        Rule::Unreadable => ("Unreadable text", "Unreadable"),
    };
    let replacements = match f.rule {
        Rule::DeprecatedZh | Rule::DeprecatedEn if !f.expected.is_empty() => {
            vec![Replacement {
                value: f.expected.clone(),
            }]
        }
        _ => Vec::new(),
    };
    LtMatch {
        message: f.message.clone(),
        short_message: short.to_owned(),
        replacements,
        offset: f.start.utf16,
        length: f.end.utf16.saturating_sub(f.start.utf16),
        context,
        sentence,
        kind: TypeName { type_name: "Other" },
        rule: LtRule {
            id: rule_id(f.rule),
            description,
            issue_type: "terminology",
            category: Category {
                id: "TERMINOLOGY",
                name: "Terminology",
            },
        },
        ignore_for_incomplete_sentence: false,
        context_for_sure_match: 0,
    }
}

/// The context of bytes `start..end` of `text` (up to [`CONTEXT_CHARS`] characters each
/// side, `...` where the text goes on; offsets in UTF-16 units) and the sentence holding it.
fn surroundings(text: &str, start: usize, end: usize) -> (Context, String) {
    let head = &text[..start];
    let from = head
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let tail = &text[end..];
    let to = end
        + tail
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(tail.len(), |(i, _)| i);
    let mut ctx = String::new();
    if from > 0 {
        ctx.push_str("...");
    }
    ctx.push_str(&text[from..start]);
    let offset = ctx.encode_utf16().count();
    ctx.push_str(&text[start..end]);
    let length = text[start..end].encode_utf16().count();
    ctx.push_str(&text[end..to]);
    if to < text.len() {
        ctx.push_str("...");
    }
    let ends = |c: char| matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?' | '\n');
    let s_from = head.rfind(ends).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    let s_to = tail.find(ends).map_or(text.len(), |i| {
        end + i + tail[i..].chars().next().map_or(1, char::len_utf8)
    });
    let sentence = text[s_from..s_to].trim().to_owned();
    (
        Context {
            text: ctx,
            offset,
            length,
        },
        sentence,
    )
}

/// `GET /v2/languages`: the languages shuyu checks, as LanguageTool lists its own.
pub fn languages() -> serde_json::Value {
    serde_json::json!([
        {"name": "Chinese", "code": "zh", "longCode": "zh-CN"},
        {"name": "English (US)", "code": "en", "longCode": "en-US"},
        {"name": "English (GB)", "code": "en", "longCode": "en-GB"}
    ])
}
