//! Lint stage: every problem of a glossary file at once, each with the line to fix and the
//! rule it breaks, and the canonical-layout check behind `glossary fmt --check`.
//!
//! English and the other alphabetic languages are compared case-insensitively (a glossary
//! that has `ICT` and `ict` in two entries has one form in two entries); Chinese is compared
//! as written.

mod layout;
mod rules;

use super::lenient::parse_lenient;
use super::load::strip_bom;
use crate::glossary::Glossary;
use rules::Doc;
use std::path::Path;

/// A lint rule, with an id like `check`'s rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LintRule {
    YamlSyntax,
    InvalidTopLevel,
    UnknownKey,
    InvalidEntry,
    InvalidId,
    DuplicateId,
    FormInTwoEntries,
    DeprecatedIsPreferred,
    ApprovedWithoutEnglish,
    NoChinese,
    BlankForm,
    LongForm,
    /// `detect` in a file that says `version: 1`.
    DetectNeedsVersion,
    /// `changed` or an `en_suggestions` `from` in a file that says version 1 or 2.
    FieldNeedsVersion,
}

impl LintRule {
    pub const ALL: [LintRule; 14] = [
        LintRule::YamlSyntax,
        LintRule::InvalidTopLevel,
        LintRule::UnknownKey,
        LintRule::InvalidEntry,
        LintRule::InvalidId,
        LintRule::DuplicateId,
        LintRule::FormInTwoEntries,
        LintRule::DeprecatedIsPreferred,
        LintRule::ApprovedWithoutEnglish,
        LintRule::NoChinese,
        LintRule::BlankForm,
        LintRule::LongForm,
        LintRule::DetectNeedsVersion,
        LintRule::FieldNeedsVersion,
    ];

    pub fn id(self) -> &'static str {
        match self {
            LintRule::YamlSyntax => "yaml-syntax",
            LintRule::InvalidTopLevel => "invalid-top-level",
            LintRule::UnknownKey => "unknown-key",
            LintRule::InvalidEntry => "invalid-entry",
            LintRule::InvalidId => "invalid-id",
            LintRule::DuplicateId => "duplicate-id",
            LintRule::FormInTwoEntries => "form-in-two-entries",
            LintRule::DeprecatedIsPreferred => "deprecated-is-preferred",
            LintRule::ApprovedWithoutEnglish => "approved-without-english",
            LintRule::NoChinese => "no-chinese",
            LintRule::BlankForm => "blank-form",
            LintRule::LongForm => "long-form",
            LintRule::DetectNeedsVersion => "detect-needs-version",
            LintRule::FieldNeedsVersion => "field-needs-version",
        }
    }
}

/// One problem, at a 1-based line when it can be placed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
    pub rule: LintRule,
}

/// The rules that look at a file that is YAML, in [`LintRule::ALL`] order.
const RULES: &[fn(&Doc, &mut Vec<Problem>)] = &[
    rules::invalid_top_level,
    rules::unknown_keys,
    rules::invalid_entries,
    rules::invalid_ids,
    rules::duplicate_ids,
    rules::forms_in_two_entries,
    rules::deprecated_is_preferred,
    rules::approved_without_english,
    rules::no_chinese,
    rules::blank_forms,
    rules::long_forms,
    rules::detect_needs_version,
    rules::field_needs_version,
];

/// Lints the glossary text; problems come sorted by line.
pub fn lint(text: &str) -> Vec<Problem> {
    let text = strip_bom(text);
    let read = match parse_lenient(text) {
        Ok(read) => read,
        Err((line, message)) => {
            return vec![Problem {
                line,
                message: format!("not valid YAML: {message}"),
                rule: LintRule::YamlSyntax,
            }];
        }
    };
    let doc = Doc::new(text, &read);
    let mut out = Vec::new();
    for rule in RULES {
        rule(&doc, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `id` is a valid entry id: lowercase ASCII letters and digits in hyphen-separated
/// groups (`ict`, `capacity-building`, `cand-1a2b3c4d`).
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The canonical text of a glossary file, its comments kept (see
/// [`Glossary::to_yaml_keeping_comments`]).
pub fn canonical(text: &str, path: &Path) -> crate::Result<String> {
    Ok(Glossary::parse(text, path)?.to_yaml_keeping_comments(text))
}

/// The first line where `text` and its canonical form differ, or `None` when `text` is
/// canonical.
pub fn first_difference(text: &str, canonical: &str) -> Option<usize> {
    if text == canonical {
        return None;
    }
    let mut a = text.lines();
    let mut b = canonical.lines();
    let mut n: usize = 1;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => n += 1,
            (None, None) => return Some(n.saturating_sub(1).max(1)),
            _ => return Some(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "version: 1\nentries:\n  - id: ict\n    status: approved\n    zh: 信息和通信技术\n    en: ICT\n";

    #[test]
    fn clean_glossary_has_no_problems() {
        assert_eq!(lint(OK), vec![]);
    }

    #[test]
    fn ids() {
        assert!(valid_id("capacity-building"));
        assert!(valid_id("cand-1a2b3c4d"));
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "能力"] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn every_unknown_key_is_reported_with_its_line() {
        let text = OK.replace(
            "    en: ICT\n",
            "    en: ICT\n    colour: red\n    size: 2\n",
        );
        let p = lint(&text);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].line, Some(7));
        assert!(p[0].message.contains("`colour`"));
        assert_eq!(p[1].line, Some(8));
        assert!(p.iter().all(|p| p.rule == LintRule::UnknownKey));
    }

    #[test]
    fn english_forms_compare_case_insensitively() {
        let text = format!(
            "{OK}  - id: ict2\n    status: approved\n    zh: 信通技术\n    en:\n      preferred: information\n      deprecated: [ict]\n"
        );
        let p = lint(&text);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, Some(12));
        assert!(p[0].message.contains("deprecated en form `ict`"), "{p:?}");
        assert_eq!(p[0].rule, LintRule::DeprecatedIsPreferred);
    }

    #[test]
    fn flow_style_entries_give_problems_without_a_line() {
        let p = lint("version: 1\nentries: [{id: A, zh: 甲}, {id: b, zh: 甲}]\n");
        let found: Vec<_> = p.iter().map(|p| (p.line, p.rule)).collect();
        assert_eq!(
            found,
            [
                (None, LintRule::InvalidId),
                (None, LintRule::FormInTwoEntries)
            ],
            "{p:?}"
        );
    }

    #[test]
    fn rule_ids_are_kebab_case_and_distinct() {
        let ids: std::collections::BTreeSet<&str> = LintRule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(ids.len(), LintRule::ALL.len());
        assert!(
            ids.iter()
                .all(|id| id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        );
    }

    #[test]
    fn first_difference_points_at_the_line() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        assert_eq!(first_difference("a\nc\n", "a\nb\n"), Some(2));
        assert_eq!(first_difference("a\n", "a\nb\n"), Some(2));
    }
}
