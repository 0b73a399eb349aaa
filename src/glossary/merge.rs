//! Merge stage: folds `shuyu extract` or `shuyu align` output into a glossary without changing
//! anything a person curated.
//!
//! What merge may touch, by field (the contract is in docs/glossary-schema.md):
//! - `id`, `type`, `status`, language blocks (`zh`, `en`, …) and `note` of an existing entry:
//!   never. `sources` of an existing curated (approved or rejected) entry: never either.
//! - `stats` and `contexts`: refreshed from the candidates on every entry a candidate term
//!   names (by any Chinese form of the entry, deprecated ones included, or else by `known`).
//!   An entry named by several terms (preferred and admitted forms both found) gets the sum of
//!   their frequencies, the largest document count (the union is not in the input) and the
//!   first three contexts in rank order. Entries no candidate names are left as they are: a
//!   candidates file may cover part of a corpus or only its top terms.
//! - `sources` of a candidate entry: the documents its contexts come from (a file named like a
//!   UN symbol, `A_RES_77_36.zh.txt`, becomes `A/RES/77/36`), added to those already there.
//! - `suggested_variants`: near-duplicates of an entry's Chinese forms (extract's
//!   `variant_of`, or [`super::variants::is_variant`]) are recorded there for a person to
//!   accept or reject, never turned into forms. A person decides by making the variant a form
//!   (admitted if right, deprecated if wrong, so that `check` flags it); merge then drops the
//!   suggestion. A suggestion deleted by hand comes back with the next merge that finds it.
//! - `en_suggestions`: English proposed by `align`, stored on existing candidate entries only,
//!   so the English of a curated entry is never second-guessed in the file; dropped once a
//!   person approves or rejects the entry. Align output adds no entries: its terms without an
//!   entry are skipped and counted. A new candidate whose term another glossary knows (extract's
//!   `known`, when that entry is not in this glossary) gets that English as a suggestion with
//!   `from` naming the glossary and entry; align output keeps such suggestions.
//! - New terms become entries `type: term, status: candidate` with an id `cand-` + FNV-1a hash
//!   of the term (stable across runs and machines; `-2`, `-3`… on a collision).
//!
//! Merging the same candidates again changes nothing: every refresh is a pure function of
//! the candidates and the entry, and a term that became an entry in the first run is found by
//! its form in the second.

use crate::align::equivalents::Alignments;
use crate::error::{Error, Result};
use crate::extract::{Extraction, Known};
use crate::glossary::variants;
use crate::glossary::{Context, EnSuggestion, Entry, Glossary, Kind, Lang, Stats, Status};
use crate::util::hash::{fnv1a32, round4};
use std::collections::HashMap;
use std::path::Path;

/// Contexts kept per entry.
const MAX_CONTEXTS: usize = 3;

/// A candidates file, by the shape of its JSON.
#[derive(Debug, Clone)]
pub enum Candidates {
    Extract(Extraction),
    Align(Alignments),
}

/// Reads `shuyu extract --format json` or `shuyu align --format json` output. Which one is
/// told by its shape: extract output has `stats`, align output has `suggestions` per term.
pub fn parse_candidates(text: &str, path: &Path) -> Result<Candidates> {
    let bad = |e: serde_json::Error| Error::Input {
        path: path.to_owned(),
        line: (e.line() > 0).then_some(e.line()),
        message: format!(
            "not valid candidates JSON: {}",
            strip_position(&e.to_string())
        ),
    };
    // A byte order mark, as some Windows tools write before JSON, is not content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = serde_json::from_str(text).map_err(bad)?;
    let terms = value.get("terms").and_then(|t| t.as_array());
    // Terms decide first (a term with suggestions is align output even if align one day adds
    // run statistics); an empty list is extract output when it has stats.
    let is_align = terms.is_some_and(|t| t.iter().any(|x| x.get("suggestions").is_some()));
    let is_extract = !is_align && value.get("stats").is_some();
    // Parse the text again, not the value, so that schema errors carry a line too.
    if is_extract {
        serde_json::from_str(text)
            .map(Candidates::Extract)
            .map_err(bad)
    } else if is_align || terms.is_some_and(Vec::is_empty) {
        serde_json::from_str(text)
            .map(Candidates::Align)
            .map_err(bad)
    } else {
        Err(Error::Input {
            path: path.to_owned(),
            line: Some(1),
            message: "not candidates: expected the JSON of `shuyu extract --format json` \
                      (with \"stats\") or `shuyu align --format json` (terms with \"suggestions\")"
                .into(),
        })
    }
}

fn strip_position(msg: &str) -> String {
    msg.split(" at line ").next().unwrap_or(msg).to_owned()
}

/// What a merge did, entry by entry, for `--dry-run` and the summary line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// Ids of entries appended, in order.
    pub added: Vec<String>,
    /// Ids of existing entries whose machine fields changed, in glossary order.
    pub refreshed: Vec<String>,
    /// Existing entries the candidates named that were already up to date.
    pub unchanged: usize,
    /// (entry id, variant) pairs newly recorded in `suggested_variants`.
    pub variants: Vec<(String, String)>,
    /// Align terms whose entry is curated: their suggestions were not stored.
    pub skipped_curated: Vec<String>,
    /// Align terms no entry has: align output adds no entries.
    pub skipped_absent: Vec<String>,
}

/// Merges `candidates` into a copy of `glossary`.
pub fn merge(glossary: &Glossary, candidates: &Candidates) -> (Glossary, Changes) {
    let before = glossary.entries.len();
    let mut g = glossary.clone();
    let mut changes = Changes::default();
    let mut touched = vec![false; before];
    prune_settled(&mut g, &mut touched);
    match candidates {
        Candidates::Extract(x) => merge_extract(&mut g, x, &mut changes, &mut touched),
        Candidates::Align(a) => merge_align(&mut g, a, &mut changes, &mut touched),
    }
    for (i, t) in touched.iter().enumerate().take(before) {
        if !t {
            continue;
        }
        if g.entries[i] == glossary.entries[i] {
            changes.unchanged += 1;
        } else {
            changes.refreshed.push(g.entries[i].id.clone());
        }
    }
    changes.added = g.entries[before..].iter().map(|e| e.id.clone()).collect();
    (g, changes)
}

/// Drops suggestions a person has dealt with: variants since made a form of some entry
/// (admitted if right, deprecated if wrong), and English suggestions of an entry no longer a
/// candidate (approved or rejected, its English is settled).
fn prune_settled(g: &mut Glossary, touched: &mut [bool]) {
    let forms: std::collections::HashSet<String> =
        g.forms("zh").map(|(f, _, _)| f.to_owned()).collect();
    for (i, e) in g.entries.iter_mut().enumerate() {
        let n = e.suggested_variants.len();
        e.suggested_variants.retain(|v| !forms.contains(v));
        let settled = e.status != Status::Candidate && !e.en_suggestions.is_empty();
        if settled {
            e.en_suggestions.clear();
        }
        if settled || e.suggested_variants.len() != n {
            mark(touched, i);
        }
    }
}

/// The Chinese forms of a glossary, kept up to date as merge appends entries, so that a large
/// candidates file against a large glossary is not quadratic.
struct Index {
    ids: HashMap<String, usize>,
    /// Form → first entry that has it (entry order, as [`Glossary::forms`]).
    forms: HashMap<String, usize>,
    /// Forms by their first two characters once joiners are removed: two terms can only be
    /// variants ([`variants::is_variant`]) when those are equal.
    buckets: HashMap<String, Vec<(usize, String)>>,
}

fn bucket(s: &str) -> String {
    s.chars()
        .filter(|c| !variants::OPTIONAL_LINKS.contains(c))
        .take(2)
        .collect()
}

impl Index {
    fn new(g: &Glossary) -> Index {
        let mut ix = Index {
            ids: HashMap::new(),
            forms: HashMap::new(),
            buckets: HashMap::new(),
        };
        for (i, e) in g.entries.iter().enumerate() {
            ix.add(i, e);
        }
        ix
    }

    fn add(&mut self, i: usize, e: &Entry) {
        self.ids.entry(e.id.clone()).or_insert(i);
        for f in e.zh.iter().flat_map(|l| l.all_forms()) {
            self.forms.entry(f.to_owned()).or_insert(i);
            self.buckets
                .entry(bucket(f))
                .or_default()
                .push((i, f.to_owned()));
        }
    }

    /// The entry with `form` among its Chinese forms, deprecated ones included.
    fn entry_of(&self, form: &str) -> Option<usize> {
        self.forms.get(form).copied()
    }

    /// The entry `term` is a near-duplicate of: the one its `variant_of` names, else the
    /// first entry with a Chinese form it varies from.
    fn variant_entry(&self, term: &str, variant_of: Option<&str>) -> Option<usize> {
        variant_of.and_then(|v| self.entry_of(v)).or_else(|| {
            self.buckets
                .get(&bucket(term))?
                .iter()
                .filter(|(_, f)| variants::is_variant(term, f))
                .map(|&(i, _)| i)
                .min()
        })
    }
}

/// Appends a candidate entry for `term` and returns its index.
fn push_candidate(g: &mut Glossary, ix: &mut Index, term: &str) -> usize {
    let id = new_id(&ix.ids, term);
    g.entries.push(Entry {
        id,
        kind: Kind::Term,
        status: Status::Candidate,
        zh: Some(Lang {
            preferred: term.to_owned(),
            ..Lang::default()
        }),
        ..Entry::default()
    });
    let i = g.entries.len() - 1;
    ix.add(i, &g.entries[i]);
    i
}

fn merge_extract(g: &mut Glossary, x: &Extraction, changes: &mut Changes, touched: &mut [bool]) {
    // Entry index → (freq sum, max docs, contexts) over every term naming it, in rank order.
    let mut fresh: Vec<Option<(u64, u64, Vec<Context>)>> = Vec::new();
    let mut ix = Index::new(g);
    for t in &x.terms {
        // The form decides; `known` (from the glossary extract ran with, which may not be this
        // one) only for a term whose entry no longer lists it.
        let target = ix
            .entry_of(&t.term)
            .or_else(|| t.known.as_ref().and_then(|k| ix.ids.get(&k.id).copied()));
        // English a term has in another glossary (its entry is not in this one).
        let elsewhere = t
            .known
            .as_ref()
            .filter(|k| !ix.ids.contains_key(&k.id))
            .and_then(known_suggestion);
        let i = match target {
            Some(i) => i,
            None => {
                if let Some(v) = ix.variant_entry(&t.term, t.variant_of.as_deref()) {
                    mark(touched, v);
                    let e = &mut g.entries[v];
                    if !e.suggested_variants.contains(&t.term) {
                        e.suggested_variants.push(t.term.clone());
                        changes.variants.push((e.id.clone(), t.term.clone()));
                    }
                    continue;
                }
                push_candidate(g, &mut ix, &t.term)
            }
        };
        mark(touched, i);
        let e = &mut g.entries[i];
        if let Some(s) = elsewhere.filter(|_| e.status == Status::Candidate)
            && !e.en_suggestions.iter().any(|x| x.en == s.en)
        {
            e.en_suggestions.push(s);
        }
        if fresh.len() <= i {
            fresh.resize(i + 1, None);
        }
        let slot = fresh[i].get_or_insert((0, 0, Vec::new()));
        // Frequencies of a hand-made or hostile file can add up past u64: the largest count
        // says "very frequent" as well as any, where wrapping round would say "rare".
        slot.0 = slot.0.saturating_add(t.freq);
        slot.1 = slot.1.max(t.docs);
        for k in &t.contexts {
            if slot.2.len() < MAX_CONTEXTS {
                slot.2.push(Context {
                    file: k.file.clone(),
                    line: k.line,
                    text: format!("{}{}{}", k.left, k.matched, k.right),
                });
            }
        }
    }
    for (i, f) in fresh.into_iter().enumerate() {
        let Some((freq, docs, contexts)) = f else {
            continue;
        };
        let e = &mut g.entries[i];
        e.stats = Some(Stats { freq, docs });
        if e.status == Status::Candidate {
            for c in &contexts {
                let s = source_of(&c.file);
                if !e.sources.contains(&s) {
                    e.sources.push(s);
                }
            }
        }
        // Fewer contexts than last time (a run with --contexts 0) keeps the old ones.
        if !contexts.is_empty() {
            e.contexts = contexts;
        }
    }
}

/// The English of `k`, an entry of another glossary, as a suggestion saying where it is from.
fn known_suggestion(k: &Known) -> Option<EnSuggestion> {
    let glossary = k
        .glossary
        .as_deref()
        .unwrap_or("the glossary extract ran with");
    Some(EnSuggestion {
        en: k.en.clone()?,
        score: 1.0,
        support: 0,
        from: Some(format!("{glossary}, entry {} ({})", k.id, k.status)),
    })
}

/// Align output only fills `en_suggestions` of candidate entries: a term without an entry
/// (merge extract output first) or with a curated one is skipped and reported.
fn merge_align(g: &mut Glossary, a: &Alignments, changes: &mut Changes, touched: &mut [bool]) {
    let ix = Index::new(g);
    for t in &a.terms {
        let Some(i) = ix.entry_of(&t.term) else {
            changes.skipped_absent.push(t.term.clone());
            continue;
        };
        mark(touched, i);
        let e = &mut g.entries[i];
        if e.status != Status::Candidate {
            changes.skipped_curated.push(e.id.clone());
            continue;
        }
        // Suggestions from elsewhere (another glossary, an import) stay; align's are replaced.
        e.en_suggestions.retain(|s| s.from.is_some());
        for s in &t.suggestions {
            if !e.en_suggestions.iter().any(|x| x.en == s.en) {
                e.en_suggestions.push(EnSuggestion {
                    en: s.en.clone(),
                    score: round4(s.score),
                    support: s.support,
                    from: None,
                });
            }
        }
    }
}

fn mark(touched: &mut [bool], i: usize) {
    if let Some(t) = touched.get_mut(i) {
        *t = true;
    }
}

/// The machine fields that differ between an entry before and after a merge, for people:
/// `stats 27/2 → 30/2`, `contexts`, `sources +A/RES/77/36`, `suggested_variants +信息通信技术`.
pub fn describe(before: &Entry, after: &Entry) -> Vec<String> {
    let mut out = Vec::new();
    if before.stats != after.stats {
        let s = |s: &Option<Stats>| s.map_or("-".into(), |s| format!("{}/{}", s.freq, s.docs));
        out.push(format!("stats {} → {}", s(&before.stats), s(&after.stats)));
    }
    if before.contexts != after.contexts {
        out.push("contexts".into());
    }
    let added = |a: &[String], b: &[String]| -> Vec<String> {
        b.iter().filter(|x| !a.contains(x)).cloned().collect()
    };
    let s = added(&before.sources, &after.sources);
    if !s.is_empty() {
        out.push(format!("sources +{}", s.join(", ")));
    }
    let v = added(&before.suggested_variants, &after.suggested_variants);
    if !v.is_empty() {
        out.push(format!("suggested_variants +{}", v.join(", ")));
    }
    if before.en_suggestions != after.en_suggestions {
        let en: Vec<&str> = after.en_suggestions.iter().map(|s| s.en.as_str()).collect();
        out.push(format!("en_suggestions [{}]", en.join(", ")));
    }
    out
}

/// `cand-` and the FNV-1a hash of the term: valid, stable, and unrelated to merge order.
fn new_id(taken: &HashMap<String, usize>, term: &str) -> String {
    let base = format!("cand-{:08x}", fnv1a32(term.as_bytes()));
    if !taken.contains_key(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken.contains_key(id))
        .expect("an unused suffix exists")
}

/// The document a context file stands for: a file named like a UN symbol
/// (`A_RES_77_36.zh.txt`) gives the symbol, anything else its file name.
fn source_of(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = name.split('.').next().unwrap_or(name);
    let symbol_like = stem.contains('_')
        && stem.starts_with(|c: char| c.is_ascii_uppercase())
        && stem
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if symbol_like {
        stem.replace('_', "/")
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::contexts::Kwic;
    use crate::extract::{Known, Term};

    fn nothing_changed(c: &Changes) -> bool {
        c.added.is_empty() && c.refreshed.is_empty()
    }

    fn glossary() -> Glossary {
        Glossary::parse(
            "version: 1\nentries:\n  - id: ict\n    status: approved\n    zh:\n      preferred: 信息和通信技术\n      deprecated: [信息通讯技术]\n    en: information and communications technologies\n    note: curated\n    sources: [A/RES/77/36]\n",
            Path::new("g.yaml"),
        )
        .unwrap()
    }

    fn term(t: &str, freq: u64, variant_of: Option<&str>) -> Term {
        Term {
            term: t.into(),
            freq,
            docs: 1,
            score: 1.0,
            known: None,
            variant_of: variant_of.map(Into::into),
            contexts: vec![Kwic {
                file: "corpus/A_RES_75_32.zh.txt".into(),
                line: 3,
                column: 1,
                left: "左".into(),
                matched: t.into(),
                right: "右".into(),
                segment: None,
            }],
        }
    }

    fn extraction(terms: Vec<Term>) -> Candidates {
        Candidates::Extract(Extraction {
            terms,
            timings: Vec::new(),
            stats: crate::extract::Stats {
                files: 1,
                chars: 1,
                skipped: 0,
                seconds: 0.0,
            },
        })
    }

    #[test]
    fn refreshes_machine_fields_and_keeps_curation() {
        let g = glossary();
        let mut t = term("信息和通信技术", 5, None);
        t.known = Some(Known {
            id: "ict".into(),
            en: None,
            status: "approved".into(),
            glossary: None,
        });
        let (m, ch) = merge(&g, &extraction(vec![t, term("信息通讯技术", 2, None)]));
        let (a, b) = (&g.entries[0], &m.entries[0]);
        assert_eq!(
            (&a.zh, &a.en, &a.note, &a.sources),
            (&b.zh, &b.en, &b.note, &b.sources)
        );
        assert_eq!(b.stats, Some(Stats { freq: 7, docs: 1 }));
        assert_eq!(b.contexts[0].text, "左信息和通信技术右");
        assert_eq!(ch.refreshed, vec!["ict"]);
        assert!(ch.added.is_empty());
    }

    #[test]
    fn new_terms_become_candidates_and_variants_suggestions() {
        let g = glossary();
        let c = extraction(vec![
            term("网络安全", 4, None),
            term("信息通信技术", 3, Some("信息和通信技术")),
        ]);
        let (m, ch) = merge(&g, &c);
        assert_eq!(m.entries.len(), 2);
        let new = &m.entries[1];
        assert!(new.id.starts_with("cand-"), "{}", new.id);
        assert_eq!(new.status, Status::Candidate);
        assert_eq!(new.sources, vec!["A/RES/75/32"]);
        assert_eq!(m.entries[0].suggested_variants, vec!["信息通信技术"]);
        assert_eq!(ch.added, vec![new.id.clone()]);
        let (again, ch2) = merge(&m, &c);
        assert_eq!(again, m);
        assert!(nothing_changed(&ch2), "{ch2:?}");
    }

    #[test]
    fn a_variant_made_a_form_is_no_longer_suggested() {
        let c = extraction(vec![term("信息通信技术", 3, Some("信息和通信技术"))]);
        let (mut m, _) = merge(&glossary(), &c);
        assert_eq!(m.entries[0].suggested_variants, vec!["信息通信技术"]);
        m.entries[0]
            .zh
            .as_mut()
            .unwrap()
            .deprecated
            .push("信息通信技术".into());
        let (again, ch) = merge(&m, &c);
        assert!(again.entries[0].suggested_variants.is_empty());
        assert_eq!(again.entries[0].stats, Some(Stats { freq: 3, docs: 1 }));
        assert_eq!(ch.refreshed, vec!["ict"]);
        let (third, ch) = merge(&again, &c);
        assert_eq!(third, again);
        assert!(nothing_changed(&ch));
    }

    #[test]
    fn align_suggestions_only_on_candidates() {
        let (g, _) = merge(&glossary(), &extraction(vec![term("网络", 2, None)]));
        // The second term is written by hand, without `freq` or an example: still read.
        let json = r#"{"terms":[{"term":"信息和通信技术","freq":3,"suggestions":[{"en":"ICT","score":0.9,"support":3,"example":{"zh":"a","en":"b"}}]},{"term":"网络","suggestions":[{"en":"network","score":0.812345,"support":2}]},{"term":"当局","suggestions":[{"en":"authorities","score":0.7,"support":2}]}]}"#;
        let c = parse_candidates(json, Path::new("a.json")).unwrap();
        let (m, ch) = merge(&g, &c);
        assert_eq!(m.entries[0], g.entries[0]);
        assert_eq!(ch.skipped_curated, vec!["ict"]);
        // Align output adds no entries.
        assert_eq!((m.entries.len(), ch.added.len()), (g.entries.len(), 0));
        assert_eq!(ch.skipped_absent, vec!["当局"]);
        assert_eq!(m.entries[1].en_suggestions[0].score, 0.8123);
        assert!(m.entries[1].en.is_none());
        let (again, _) = merge(&m, &c);
        assert_eq!(again, m);
        // Approved by a person, with the English they chose: the suggestions are settled.
        let mut approved = m.clone();
        approved.entries[1].status = Status::Approved;
        approved.entries[1].en = Some(Lang {
            preferred: "network".into(),
            ..Lang::default()
        });
        let (after, ch) = merge(&approved, &c);
        assert!(after.entries[1].en_suggestions.is_empty());
        assert_eq!(after.entries[1].en, approved.entries[1].en);
        assert_eq!(ch.refreshed, vec![after.entries[1].id.clone()]);
    }

    #[test]
    fn english_known_elsewhere_is_kept_as_a_suggestion_saying_where_from() {
        let mut t = term("联合国", 9, None);
        t.known = Some(Known {
            id: "united-nations".into(),
            en: Some("United Nations".into()),
            status: "approved".into(),
            glossary: Some("UN ICT and international security".into()),
        });
        let (m, ch) = merge(&Glossary::empty(), &extraction(vec![t]));
        assert_eq!(ch.added.len(), 1);
        let s = &m.entries[0].en_suggestions;
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].en, "United Nations");
        assert_eq!(
            s[0].from.as_deref(),
            Some("UN ICT and international security, entry united-nations (approved)")
        );
        // Written as version 3, read back the same; align replaces its own suggestions only.
        let text = m.to_yaml();
        assert!(text.starts_with("version: 3\n"), "{text}");
        let read = Glossary::parse(&text, Path::new("g.yaml")).unwrap();
        assert_eq!(read.entries, m.entries);
        let json = r#"{"terms":[{"term":"联合国","suggestions":[{"en":"the Organization","score":0.6,"support":2}]}]}"#;
        let (a, _) = merge(&m, &parse_candidates(json, Path::new("a.json")).unwrap());
        let en: Vec<&str> = a.entries[0]
            .en_suggestions
            .iter()
            .map(|s| s.en.as_str())
            .collect();
        assert_eq!(en, ["United Nations", "the Organization"]);
        assert_eq!(merge(&a, &extraction(vec![])).0, a);
    }

    #[test]
    fn malformed_candidates_name_the_line() {
        let err = parse_candidates("{\n \"terms\": [\n  {\"term\": }\n]}", Path::new("c.json"))
            .unwrap_err();
        assert!(err.to_string().starts_with("c.json:3:"), "{err}");
        let err = parse_candidates("{\"x\": 1}", Path::new("c.json")).unwrap_err();
        assert!(err.to_string().contains("not candidates"), "{err}");
    }

    #[test]
    fn a_byte_order_mark_before_candidates_is_ignored() {
        let c = parse_candidates("\u{feff}{\"terms\":[]}", Path::new("c.json")).unwrap();
        assert!(matches!(c, Candidates::Align(a) if a.terms.is_empty()));
        let x = "\u{feff}{\"terms\":[],\"stats\":{\"files\":0,\"chars\":0,\"skipped\":0,\"seconds\":0}}";
        assert!(matches!(
            parse_candidates(x, Path::new("c.json")),
            Ok(Candidates::Extract(_))
        ));
    }

    #[test]
    fn frequencies_saturate_instead_of_wrapping() {
        let (m, _) = merge(
            &glossary(),
            &extraction(vec![
                term("信息和通信技术", u64::MAX - 1, None),
                term("信息通讯技术", 5, None),
            ]),
        );
        assert_eq!(m.entries[0].stats.map(|s| s.freq), Some(u64::MAX));
    }

    #[test]
    fn ids_are_valid_stable_and_unique() {
        let mut taken = HashMap::new();
        let id = new_id(&taken, "网络安全");
        assert_eq!(id, new_id(&taken, "网络安全"));
        assert!(crate::glossary::lint::valid_id(&id), "{id}");
        taken.insert(id.clone(), 0);
        assert_eq!(new_id(&taken, "网络安全"), format!("{id}-2"));
    }

    #[test]
    fn sources_from_file_names() {
        assert_eq!(source_of("corpus/A_RES_77_36.zh.txt"), "A/RES/77/36");
        assert_eq!(source_of("docs/notes.txt"), "notes.txt");
    }
}
