//! The lint rules, one function each, over a glossary read as far as it goes.

use super::layout::Layout;
use super::{LintRule, Problem, valid_id};
use crate::glossary::lenient::{Lenient, UnknownKey};
use crate::glossary::load::{line_of, too_long};
use crate::glossary::schema::{ENTRY_KEYS, LANG_KEYS, is_too_long};
use crate::glossary::{Entry, Status, xml_id};
use std::collections::{BTreeMap, HashMap};

/// What every rule looks at: the file as read, where things are in its text, the entries that
/// loaded, and every form by language and comparison key.
pub(super) struct Doc<'a> {
    pub(super) read: &'a Lenient,
    pub(super) layout: Layout<'a>,
    /// Entries that deserialize, with their index among all entries.
    pub(super) entries: Vec<(usize, &'a Entry)>,
    pub(super) forms: Forms<'a>,
}

/// One non-blank form of an entry.
pub(super) struct Seen<'a> {
    entry: usize,
    id: &'a str,
    form: &'a str,
    deprecated: bool,
}

/// Forms by (language, comparison key): Chinese as written, other languages lowercased.
pub(super) type Forms<'a> = BTreeMap<(&'static str, String), Vec<Seen<'a>>>;

impl<'a> Doc<'a> {
    pub(super) fn new(text: &'a str, read: &'a Lenient) -> Doc<'a> {
        let entries: Vec<(usize, &Entry)> = read
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().ok().map(|e| (i, e)))
            .collect();
        let forms = forms_by_key(&entries);
        Doc {
            read,
            layout: Layout::new(text, read.entries.len()),
            entries,
            forms,
        }
    }

    fn form_line(&self, s: &Seen, code: &str) -> Option<usize> {
        self.layout.form_line(s.entry, code, s.form)
    }
}

fn forms_by_key<'a>(entries: &[(usize, &'a Entry)]) -> Forms<'a> {
    let mut forms: Forms = BTreeMap::new();
    for &(i, e) in entries {
        for (code, l) in e.languages() {
            let approved = l.approved_forms().map(|f| (f, false));
            let deprecated = l.deprecated.iter().map(|f| (f.as_str(), true));
            for (form, deprecated) in approved.chain(deprecated) {
                if form.trim().is_empty() {
                    continue;
                }
                let key = if code == "zh" {
                    form.to_owned()
                } else {
                    form.to_lowercase()
                };
                forms.entry((code, key)).or_default().push(Seen {
                    entry: i,
                    id: &e.id,
                    form,
                    deprecated,
                });
            }
        }
    }
    forms
}

fn problem(rule: LintRule, line: Option<usize>, message: String) -> Problem {
    Problem {
        line,
        message,
        rule,
    }
}

/// `invalid-top-level`: not a mapping, an unsupported or missing version, a name that is not a
/// string, entries that are not a list.
pub(super) fn invalid_top_level(d: &Doc, out: &mut Vec<Problem>) {
    for e in &d.read.errors {
        let line = line_of(d.layout.text, "version:").filter(|_| e.contains("version"));
        out.push(problem(LintRule::InvalidTopLevel, line, e.clone()));
    }
}

/// `unknown-key`: each key the schema does not know, where it is.
pub(super) fn unknown_keys(d: &Doc, out: &mut Vec<Problem>) {
    for UnknownKey { entry, lang, key } in &d.read.unknown {
        let (line, place, expected) = match (entry, lang) {
            (None, _) => (
                d.layout.top_key_line(key),
                "at the top level".to_owned(),
                "version, name, entries".to_owned(),
            ),
            (Some(i), None) => (
                d.layout.key_line(*i, None, key),
                "in an entry".to_owned(),
                ENTRY_KEYS.join(", "),
            ),
            (Some(i), Some(l)) => (
                d.layout.key_line(*i, Some(l), key),
                format!("in the `{l}` block"),
                LANG_KEYS.join(", "),
            ),
        };
        let message = format!("unknown key `{key}` {place} (expected one of: {expected})");
        out.push(problem(LintRule::UnknownKey, line, message));
    }
}

/// `invalid-entry`: an entry that does not deserialize (a wrong value or type).
pub(super) fn invalid_entries(d: &Doc, out: &mut Vec<Problem>) {
    for (i, r) in d.read.entries.iter().enumerate() {
        if let Err(m) = r {
            let message = format!("entry {} does not load: {m}", i + 1);
            out.push(problem(
                LintRule::InvalidEntry,
                d.layout.entry_line(i),
                message,
            ));
        }
    }
}

/// `invalid-id`: an id that is not lowercase letters and digits joined by single hyphens. One
/// that cannot be an XML ID either (a space, a colon) says so: TBX export refuses it.
pub(super) fn invalid_ids(d: &Doc, out: &mut Vec<Problem>) {
    for &(i, e) in &d.entries {
        if !valid_id(&e.id) {
            let tbx = if xml_id(&e.id).is_none() {
                " (and `export --format tbx|tbx2` refuses it: TBX ids are XML IDs)"
            } else {
                ""
            };
            let message = format!(
                "invalid id `{}`{tbx}: use lowercase letters and digits joined by single \
                 hyphens, e.g. `capacity-building`",
                e.id
            );
            out.push(problem(
                LintRule::InvalidId,
                d.layout.key_line(i, None, "id"),
                message,
            ));
        }
    }
}

/// `duplicate-id`: an id an earlier entry already has.
pub(super) fn duplicate_ids(d: &Doc, out: &mut Vec<Problem>) {
    let mut first_id: HashMap<&str, usize> = HashMap::new();
    for &(i, e) in &d.entries {
        let Some(&j) = first_id.get(e.id.as_str()) else {
            first_id.insert(&e.id, i);
            continue;
        };
        let message = match d.layout.entry_line(j) {
            Some(l) => format!("duplicate id `{}` (first used at line {l})", e.id),
            None => format!("duplicate id `{}`", e.id),
        };
        out.push(problem(
            LintRule::DuplicateId,
            d.layout.key_line(i, None, "id"),
            message,
        ));
    }
}

/// `approved-without-english`: an approved entry must say how to translate it.
pub(super) fn approved_without_english(d: &Doc, out: &mut Vec<Problem>) {
    for &(i, e) in &d.entries {
        if e.status == Status::Approved
            && e.en.as_ref().is_none_or(|l| l.preferred.trim().is_empty())
        {
            let message = format!("approved entry `{}` has no English (en)", e.id);
            out.push(problem(
                LintRule::ApprovedWithoutEnglish,
                d.layout.entry_line(i),
                message,
            ));
        }
    }
}

/// `no-chinese`: every entry is a Chinese term, whatever its status.
pub(super) fn no_chinese(d: &Doc, out: &mut Vec<Problem>) {
    for &(i, e) in &d.entries {
        if e.zh.as_ref().is_none_or(|l| l.preferred.trim().is_empty()) {
            let message = format!("entry `{}` has no Chinese (zh)", e.id);
            out.push(problem(
                LintRule::NoChinese,
                d.layout.entry_line(i),
                message,
            ));
        }
    }
}

/// `blank-form`: an empty form, or one with spaces at either end (it would never match a
/// text).
pub(super) fn blank_forms(d: &Doc, out: &mut Vec<Problem>) {
    for &(i, e) in &d.entries {
        for (code, l) in e.languages() {
            for form in l.all_forms() {
                if form.trim().is_empty() {
                    let message = format!("empty {code} form in `{}`", e.id);
                    let line = d.layout.key_line(i, None, code);
                    out.push(problem(LintRule::BlankForm, line, message));
                } else if form.trim() != form {
                    let message = format!(
                        "{code} form `{form}` of `{}` has spaces at either end",
                        e.id
                    );
                    let line = d.layout.form_line(i, code, form.trim());
                    out.push(problem(LintRule::BlankForm, line, message));
                }
            }
        }
    }
}

/// `long-form`: a form longer than a form may be, which loading the glossary refuses.
pub(super) fn long_forms(d: &Doc, out: &mut Vec<Problem>) {
    for &(i, e) in &d.entries {
        for (code, l) in e.languages() {
            for form in l.all_forms().filter(|f| is_too_long(f)) {
                let head: String = form.chars().take(20).collect();
                let line = d.layout.form_line(i, code, &head);
                out.push(problem(
                    LintRule::LongForm,
                    line,
                    too_long(&e.id, code, form),
                ));
            }
        }
    }
}

/// `deprecated-is-preferred`: a deprecated form that some entry (its own or another) uses as
/// a preferred, abbreviated or admitted form; one problem per deprecated form.
pub(super) fn deprecated_is_preferred(d: &Doc, out: &mut Vec<Problem>) {
    for ((code, _), all) in &d.forms {
        let Some(used) = all.iter().find(|s| !s.deprecated) else {
            continue;
        };
        for dep in all.iter().filter(|s| s.deprecated) {
            let whose = if used.entry == dep.entry {
                "its own entry".to_owned()
            } else {
                format!("entry `{}`{}", used.id, at(d.form_line(used, code)))
            };
            let message = format!(
                "deprecated {code} form `{}` of `{}` is a preferred or admitted form of {whose}",
                dep.form, dep.id
            );
            out.push(problem(
                LintRule::DeprecatedIsPreferred,
                d.form_line(dep, code),
                message,
            ));
        }
    }
}

/// `form-in-two-entries`: one form with the same standing (used, or deprecated) in two
/// entries, or twice in one.
pub(super) fn forms_in_two_entries(d: &Doc, out: &mut Vec<Problem>) {
    for ((code, _), all) in &d.forms {
        for deprecated in [false, true] {
            let mut group = all.iter().filter(|s| s.deprecated == deprecated);
            let Some(first) = group.next() else {
                continue;
            };
            for w in group {
                let message = if w.entry == first.entry {
                    format!("{code} form `{}` is listed twice in `{}`", w.form, w.id)
                } else {
                    format!(
                        "{code} form `{}` is in two entries: `{}`{} and `{}`",
                        w.form,
                        first.id,
                        at(d.form_line(first, code)),
                        w.id
                    )
                };
                out.push(problem(
                    LintRule::FormInTwoEntries,
                    d.form_line(w, code),
                    message,
                ));
            }
        }
    }
}

fn at(line: Option<usize>) -> String {
    line.map(|l| format!(" (line {l})")).unwrap_or_default()
}

/// `detect-needs-version`: `detect` is schema version 2, which a file saying `version: 1`
/// does not load with.
pub(super) fn detect_needs_version(d: &Doc, out: &mut Vec<Problem>) {
    if d.read.version != Some(1) {
        return;
    }
    for &(i, e) in &d.entries {
        for (code, _) in e.languages().filter(|(_, l)| !l.detect) {
            let message = format!(
                "`detect` ({code} of `{}`) is schema version 2: write `version: 2` at the top",
                e.id
            );
            let line = d.layout.key_line(i, Some(code), "detect");
            out.push(problem(LintRule::DetectNeedsVersion, line, message));
        }
    }
}

/// `field-needs-version`: `changed` and an `en_suggestions` `from` are schema version 3, which
/// a file saying version 1 or 2 does not load with.
pub(super) fn field_needs_version(d: &Doc, out: &mut Vec<Problem>) {
    if !matches!(d.read.version, Some(1 | 2)) {
        return;
    }
    for &(i, e) in &d.entries {
        let keys = [
            e.changed.is_some().then_some("changed"),
            e.en_suggestions
                .iter()
                .any(|s| s.from.is_some())
                .then_some("from"),
        ];
        for key in keys.into_iter().flatten() {
            let message = format!(
                "`{key}` (in `{}`) is schema version 3: write `version: 3` at the top",
                e.id
            );
            let line = d.layout.key_line(i, None, key);
            out.push(problem(LintRule::FieldNeedsVersion, line, message));
        }
    }
}
