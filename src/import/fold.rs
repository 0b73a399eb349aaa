//! Folding imported concepts into a glossary under the rules `merge` follows: what a person
//! curated is never overwritten.
//!
//! A concept names an entry by its id (when that entry shares a form with it) or else by one
//! of its approved Chinese forms being any Chinese form of the entry (deprecated ones
//! included). Then:
//! - no entry: a new one, `status: candidate` (the file's status with `--trust-status`),
//!   with the concept's forms, note and sources; its id is the file's id made a valid one,
//!   else `cand-` and the hash of its preferred Chinese, as merge names candidates;
//! - an entry added by this import (a file without ids, one row per term): the concept's new
//!   forms are added to it;
//! - an existing candidate: a language block, note it lacks are filled in, sources added;
//!   other Chinese forms become `suggested_variants`, other English forms `en_suggestions`
//!   (score 1, support 0, `from` naming the file: not from a corpus, and kept by align merges);
//! - an existing approved or rejected entry: only `suggested_variants` are added; English it
//!   does not have is reported as not stored.

use super::Concept;
use crate::glossary::lint::valid_id;
use crate::glossary::{EnSuggestion, Entry, Glossary, Lang, MAX_FORM_CHARS, Status};
use crate::util::hash::fnv1a32;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

const LANGS: [&str; 6] = ["zh", "en", "fr", "es", "ru", "ar"];

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// New entries take the status the file carries (else `candidate`).
    pub trust_status: bool,
}

/// An entry the import appended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Added {
    pub id: String,
    pub file: String,
    pub line: usize,
    pub zh: String,
    pub en: Option<String>,
    pub status: &'static str,
}

/// An existing entry the import changed, with what changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Updated {
    pub id: String,
    pub file: String,
    pub line: usize,
    pub changes: Vec<String>,
}

/// A concept, or part of one, that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skip {
    pub file: String,
    pub line: usize,
    pub id: Option<String>,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub added: Vec<Added>,
    pub updated: Vec<Updated>,
    /// Existing entries concepts named that were already up to date.
    pub unchanged: usize,
    pub skipped: Vec<Skip>,
}

impl Report {
    /// Whether no concept could be imported: none named an entry or became one.
    pub fn nothing_imported(&self) -> bool {
        self.added.is_empty() && self.updated.is_empty() && self.unchanged == 0
    }
}

/// The forms and recorded strings of a glossary, kept up to date as concepts are folded in,
/// so that a large file against a large glossary is linear.
struct Index {
    ids: HashMap<String, usize>,
    /// Chinese form → first entry that has it.
    zh: HashMap<String, usize>,
    /// (entry, language, form: Chinese as written, others lowercase).
    forms: HashSet<(usize, &'static str, String)>,
    /// (entry, what, text): suggested variants, English suggestions and sources already there.
    recorded: HashSet<(usize, u8, String)>,
}

const VARIANT: u8 = 0;
const SUGGESTION: u8 = 1;
const SOURCE: u8 = 2;
const NOTE: u8 = 3;

fn key(code: &str, form: &str) -> String {
    if code == "zh" {
        form.to_owned()
    } else {
        form.to_lowercase()
    }
}

impl Index {
    fn new(g: &Glossary) -> Index {
        let mut ix = Index {
            ids: HashMap::new(),
            zh: HashMap::new(),
            forms: HashSet::new(),
            recorded: HashSet::new(),
        };
        for (i, e) in g.entries.iter().enumerate() {
            ix.add(i, e);
        }
        ix
    }

    fn add(&mut self, i: usize, e: &Entry) {
        self.ids.entry(e.id.clone()).or_insert(i);
        for (code, l) in languages(e) {
            for f in l.all_forms() {
                self.add_form(i, code, f);
            }
        }
        for v in &e.suggested_variants {
            self.recorded.insert((i, VARIANT, v.clone()));
        }
        for s in &e.en_suggestions {
            self.recorded.insert((i, SUGGESTION, s.en.to_lowercase()));
        }
        for s in &e.sources {
            self.recorded.insert((i, SOURCE, s.clone()));
        }
        if let Some(n) = &e.note {
            self.recorded.insert((i, NOTE, n.clone()));
        }
    }

    fn add_form(&mut self, i: usize, code: &'static str, f: &str) {
        if code == "zh" {
            self.zh.entry(f.to_owned()).or_insert(i);
        }
        self.forms.insert((i, code, key(code, f)));
    }

    fn has(&self, i: usize, code: &'static str, f: &str) -> bool {
        self.forms.contains(&(i, code, key(code, f)))
    }

    /// Records `text` for entry `i`; false when it was there already.
    fn record(&mut self, i: usize, what: u8, text: &str) -> bool {
        let t = if what == SUGGESTION {
            text.to_lowercase()
        } else {
            text.to_owned()
        };
        self.recorded.insert((i, what, t))
    }
}

/// The language blocks of an entry with their static codes.
fn languages(e: &Entry) -> impl Iterator<Item = (&'static str, &Lang)> {
    e.languages()
}

fn slot<'e>(e: &'e mut Entry, code: &str) -> &'e mut Option<Lang> {
    match code {
        "zh" => &mut e.zh,
        "en" => &mut e.en,
        "fr" => &mut e.fr,
        "es" => &mut e.es,
        "ru" => &mut e.ru,
        _ => &mut e.ar,
    }
}

/// Folds the concepts of each file into a copy of `glossary`.
pub fn fold(
    glossary: &Glossary,
    files: &[(PathBuf, Vec<Concept>)],
    opts: &Options,
) -> (Glossary, Report) {
    let mut g = glossary.clone();
    let before = g.entries.len();
    let mut ix = Index::new(&g);
    let mut report = Report::default();
    // Existing entries named, with the first concept that named them.
    let mut touched: Vec<Option<(String, usize)>> = vec![None; before];
    for (path, concepts) in files {
        let file = path.display().to_string();
        for c in concepts {
            let skip = |reason: String| Skip {
                file: file.clone(),
                line: c.line,
                id: c.id.clone(),
                reason,
            };
            let Some(zh) = c.lang("zh") else {
                report.skipped.push(skip(no_chinese(c)));
                continue;
            };
            if let Some((_, t, _)) = c.terms.iter().find(|(_, t, _)| too_long(t)) {
                let short: String = t.chars().take(20).collect();
                report.skipped.push(skip(format!(
                    "the term `{short}…` has more than {MAX_FORM_CHARS} characters"
                )));
                continue;
            }
            match target(&g, &ix, c, &zh, before) {
                None => {
                    let e = new_entry(c, zh, &ix, opts);
                    report.added.push(Added {
                        id: e.id.clone(),
                        file: file.clone(),
                        line: c.line,
                        zh: e
                            .zh
                            .as_ref()
                            .map(|l| l.preferred.clone())
                            .unwrap_or_default(),
                        en: e.en.as_ref().map(|l| l.preferred.clone()),
                        status: e.status.as_str(),
                    });
                    g.entries.push(e);
                    let i = g.entries.len() - 1;
                    ix.add(i, &g.entries[i]);
                }
                Some(i) if i >= before => extend_added(&mut g.entries[i], i, c, &mut ix),
                Some(i) => {
                    touched[i].get_or_insert((file.clone(), c.line));
                    let from = format!("imported from {file}");
                    if let Some(reason) = into_existing(&mut g.entries[i], i, c, &mut ix, &from) {
                        report.skipped.push(skip(reason));
                    }
                }
            }
        }
    }
    for (i, t) in touched.into_iter().enumerate() {
        let Some((file, line)) = t else { continue };
        let changes = describe(&glossary.entries[i], &g.entries[i]);
        if changes.is_empty() {
            report.unchanged += 1;
        } else {
            report.updated.push(Updated {
                id: g.entries[i].id.clone(),
                file,
                line,
                changes,
            });
        }
    }
    (g, report)
}

fn too_long(t: &str) -> bool {
    t.len() > MAX_FORM_CHARS && t.chars().nth(MAX_FORM_CHARS).is_some()
}

fn no_chinese(c: &Concept) -> String {
    if c.terms.iter().any(|(code, _, _)| *code == "zh") {
        "only deprecated Chinese terms: nothing to make the preferred form".into()
    } else if c.terms.is_empty() {
        "no term in a language shuyu keeps (zh, en, fr, es, ru, ar)".into()
    } else {
        "no Chinese term".into()
    }
}

/// The entry a concept names: by id when that entry shares a form with it, else by an
/// approved Chinese form. An entry added by this import is named by form only by a concept
/// without an id of its own: two concepts the file tells apart stay apart.
fn target(g: &Glossary, ix: &Index, c: &Concept, zh: &Lang, before: usize) -> Option<usize> {
    let by_id =
        c.id.as_deref()
            .map(normalize_id)
            .and_then(|id| ix.ids.get(&id).copied())
            .filter(|&i| {
                let e = &g.entries[i];
                c.terms.iter().any(|(code, t, _)| ix.has(i, code, t)) || e.zh.is_none()
            });
    by_id.or_else(|| {
        zh.approved_forms()
            .filter_map(|f| ix.zh.get(f).copied())
            .find(|&i| i < before || c.id.is_none())
    })
}

fn new_entry(c: &Concept, zh: Lang, ix: &Index, opts: &Options) -> Entry {
    let status = match c.status {
        Some(s) if opts.trust_status => s,
        _ => Status::Candidate,
    };
    let mut e = Entry {
        id: new_id(c.id.as_deref(), &zh.preferred, &ix.ids),
        kind: c.kind.unwrap_or_default(),
        status,
        zh: Some(zh),
        note: c.note(),
        sources: Vec::new(),
        ..Entry::default()
    };
    for code in &LANGS[1..] {
        *slot(&mut e, code) = c.lang(code);
    }
    let mut seen = HashSet::new();
    e.sources = c
        .sources
        .iter()
        .filter(|s| seen.insert(*s))
        .cloned()
        .collect();
    e
}

/// Adds a concept's new forms, note and sources to an entry this import created.
fn extend_added(e: &mut Entry, i: usize, c: &Concept, ix: &mut Index) {
    for code in LANGS {
        let Some(l) = c.lang(code) else { continue };
        let block = slot(e, code);
        let Some(have) = block else {
            for f in l.all_forms() {
                ix.add_form(i, code, f);
            }
            *block = Some(l);
            continue;
        };
        for (f, deprecated) in l
            .approved_forms()
            .map(|f| (f, false))
            .chain(l.deprecated.iter().map(|f| (f.as_str(), true)))
        {
            let elsewhere = code == "zh" && ix.zh.contains_key(f);
            if ix.has(i, code, f) || elsewhere {
                continue;
            }
            ix.add_form(i, code, f);
            let list = if deprecated {
                &mut have.deprecated
            } else {
                &mut have.admitted
            };
            list.push(f.to_owned());
        }
    }
    // Notes are compared whole, by the index: a file with many rows for one entry stays
    // linear.
    if let Some(n) = c.note().filter(|n| ix.record(i, NOTE, n)) {
        match &mut e.note {
            Some(old) => {
                old.push('\n');
                old.push_str(&n);
            }
            None => e.note = Some(n),
        }
    }
    for s in &c.sources {
        if ix.record(i, SOURCE, s) {
            e.sources.push(s.clone());
        }
    }
}

/// Folds a concept into an entry that was in the glossary before, under merge's rules;
/// returns what was not stored, if anything.
fn into_existing(
    e: &mut Entry,
    i: usize,
    c: &Concept,
    ix: &mut Index,
    from: &str,
) -> Option<String> {
    let candidate = e.status == Status::Candidate;
    let mut not_stored: Vec<String> = Vec::new();
    for code in LANGS {
        let Some(l) = c.lang(code) else { continue };
        if slot(e, code).is_none() && candidate {
            for f in l.all_forms() {
                ix.add_form(i, code, f);
            }
            *slot(e, code) = Some(l);
            continue;
        }
        for f in l.all_forms() {
            if ix.has(i, code, f) {
                continue;
            }
            if code == "zh" {
                if !ix.zh.contains_key(f) && ix.record(i, VARIANT, f) {
                    e.suggested_variants.push(f.to_owned());
                }
            } else if code == "en" && candidate && !l.deprecated.iter().any(|d| d == f) {
                if ix.record(i, SUGGESTION, f) {
                    e.en_suggestions.push(EnSuggestion {
                        en: f.to_owned(),
                        score: 1.0,
                        support: 0,
                        from: Some(from.to_owned()),
                    });
                }
            } else {
                not_stored.push(format!("{code} `{f}`"));
            }
        }
    }
    if candidate {
        if e.note.is_none() {
            e.note = c.note();
        }
        for s in &c.sources {
            if ix.record(i, SOURCE, s) {
                e.sources.push(s.clone());
            }
        }
    }
    (!not_stored.is_empty()).then(|| {
        format!(
            "{} not stored: entry `{}` is {} and keeps its own forms",
            not_stored.join(", "),
            e.id,
            e.status.as_str()
        )
    })
}

/// What changed in an existing entry, for people: `en information security`, `note`,
/// `sources +A/RES/77/36`, `suggested_variants +信息通信技术`, `en_suggestions +ICT`.
fn describe(before: &Entry, after: &Entry) -> Vec<String> {
    let mut out = Vec::new();
    for ((code, a), b) in LANGS
        .iter()
        .map(|c| (c, block(before, c)))
        .zip(LANGS.map(|c| block(after, c)))
    {
        if let (None, Some(b)) = (a, b) {
            out.push(format!("{code} {}", b.preferred));
        }
    }
    if before.note.is_none() && after.note.is_some() {
        out.push("note".into());
    }
    let added = |a: &[String], b: &[String]| -> Vec<String> { b[a.len().min(b.len())..].to_vec() };
    let s = added(&before.sources, &after.sources);
    if !s.is_empty() {
        out.push(format!("sources +{}", s.join(", ")));
    }
    let v = added(&before.suggested_variants, &after.suggested_variants);
    if !v.is_empty() {
        out.push(format!("suggested_variants +{}", v.join(", ")));
    }
    let n = before.en_suggestions.len().min(after.en_suggestions.len());
    let en: Vec<&str> = after.en_suggestions[n..]
        .iter()
        .map(|s| s.en.as_str())
        .collect();
    if !en.is_empty() {
        out.push(format!("en_suggestions +{}", en.join(", ")));
    }
    out
}

fn block<'e>(e: &'e Entry, code: &str) -> Option<&'e Lang> {
    e.languages().find(|(c, _)| *c == code).map(|(_, l)| l)
}

/// A file's id as a glossary id: lowercase, every run of other characters one hyphen
/// (`IATE_3515206` → `iate-3515206`).
fn normalize_id(id: &str) -> String {
    id.to_ascii_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The file's id made valid when it is free, else `cand-` and the FNV-1a hash of the
/// preferred Chinese (`-2`, `-3`… when taken), as merge names new entries.
fn new_id(file_id: Option<&str>, zh: &str, taken: &HashMap<String, usize>) -> String {
    if let Some(id) = file_id
        .map(normalize_id)
        .filter(|id| valid_id(id) && !taken.contains_key(id))
    {
        return id;
    }
    let base = format!("cand-{:08x}", fnv1a32(zh.as_bytes()));
    if !taken.contains_key(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken.contains_key(id))
        .expect("an unused suffix exists")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Standing;
    use std::path::Path;

    fn glossary() -> Glossary {
        Glossary::parse(
            "version: 1\nentries:\n  - id: ict\n    status: approved\n    zh:\n      preferred: 信息和通信技术\n      deprecated: [信息通讯技术]\n    en: information and communications technologies\n  - id: net\n    zh: 网络\n",
            Path::new("g.yaml"),
        )
        .unwrap()
    }

    fn concept(id: Option<&str>, terms: &[(&'static str, &str, Standing)]) -> Concept {
        let mut c = Concept {
            line: 3,
            id: id.map(Into::into),
            ..Concept::default()
        };
        for (l, t, s) in terms {
            c.push_term(l, t, *s);
        }
        c
    }

    fn run(cs: Vec<Concept>, trust: bool) -> (Glossary, Report) {
        let files = vec![(PathBuf::from("f.tbx"), cs)];
        fold(
            &glossary(),
            &files,
            &Options {
                trust_status: trust,
            },
        )
    }

    #[test]
    fn curated_english_is_never_overwritten() {
        let c = concept(
            None,
            &[
                ("zh", "信息和通信技术", Standing::Preferred),
                ("zh", "信通技术", Standing::Admitted),
                ("en", "ICT", Standing::Preferred),
            ],
        );
        let (g, r) = run(vec![c], false);
        assert_eq!(g.entries[0].en, glossary().entries[0].en);
        assert_eq!(g.entries[0].suggested_variants, vec!["信通技术"]);
        assert!(r.skipped[0].reason.contains("en `ICT` not stored"), "{r:?}");
        assert_eq!(r.updated[0].changes, vec!["suggested_variants +信通技术"]);
    }

    #[test]
    fn candidates_are_filled_and_new_concepts_added() {
        let cs = vec![
            concept(
                None,
                &[
                    ("zh", "网络", Standing::Unmarked),
                    ("en", "network", Standing::Unmarked),
                ],
            ),
            concept(Some("_2021-x"), &[("zh", "数字", Standing::Unmarked)]),
            concept(
                Some("IATE_9"),
                &[("en", "only English", Standing::Unmarked)],
            ),
        ];
        let (g, r) = run(cs.clone(), true);
        assert_eq!(g.entries[1].en.as_ref().unwrap().preferred, "network");
        assert_eq!(g.entries[2].id, "2021-x");
        assert_eq!(g.entries[2].status, Status::Candidate);
        assert_eq!(r.added.len(), 1);
        assert_eq!(r.skipped[0].reason, "no Chinese term");
        let files = vec![(PathBuf::from("f.tbx"), cs)];
        let (again, r2) = fold(&g, &files, &Options::default());
        assert_eq!(again, g);
        assert!(r2.added.is_empty() && r2.updated.is_empty(), "{r2:?}");
    }

    #[test]
    fn other_english_of_a_candidate_is_a_suggestion() {
        let mut g = glossary();
        g.entries[1].en = Some(Lang {
            preferred: "network".into(),
            ..Lang::default()
        });
        let c = concept(
            None,
            &[
                ("zh", "网络", Standing::Preferred),
                ("en", "Network", Standing::Preferred),
                ("en", "networking", Standing::Admitted),
                ("en", "net", Standing::Deprecated),
            ],
        );
        let files = vec![(PathBuf::from("f.csv"), vec![c])];
        let (after, r) = fold(&g, &files, &Options::default());
        let e = &after.entries[1];
        assert_eq!(e.en, g.entries[1].en);
        let en: Vec<&str> = e.en_suggestions.iter().map(|s| s.en.as_str()).collect();
        assert_eq!(en, vec!["networking"]);
        assert_eq!(r.updated[0].changes, vec!["en_suggestions +networking"]);
        assert!(
            r.skipped[0].reason.starts_with("en `net` not stored"),
            "{r:?}"
        );
    }

    #[test]
    fn ids_are_made_valid() {
        assert_eq!(normalize_id("IATE_3515206"), "iate-3515206");
        assert_eq!(
            new_id(Some("术语"), "网络", &HashMap::new()),
            format!("cand-{:08x}", fnv1a32("网络".as_bytes()))
        );
    }
}
