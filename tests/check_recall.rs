//! Recall of `missing-en` on real UN text: the approved English of 50 term occurrences is
//! deleted from the English side of the UNPC dev set, and `check` must find at least 45 of
//! them. The precision of its warnings on the untouched pair is judged by hand (README,
//! "How precise check is"); this test keeps the other half of that measure from slipping.

mod common;

use common::{output, root};
use serde_json::Value;
use shuyu::glossary::Glossary;
use std::collections::BTreeSet;
use std::path::Path;

const OCCURRENCES: usize = 50;

/// A planted deletion: the line (1-based), the entry and the English form taken out.
struct Deletion {
    line: usize,
    entry: String,
    form: String,
}

/// Up to [`OCCURRENCES`] lines where `check` sees an approved Chinese term that calls for its
/// English (`terms`: line, entry) and the English has the entry's preferred form once, taking
/// the entries in turn so that no few terms make the figure; the English form is deleted from
/// each.
fn plant(terms: &BTreeSet<(usize, String)>, en: &mut [String]) -> Vec<Deletion> {
    let g = Glossary::builtin();
    let english = |id: &str| {
        let e = g.entries.iter().find(|e| e.id == id)?;
        Some(e.en.as_ref()?.preferred.clone())
    };
    let mut by_entry: Vec<(String, Vec<usize>)> = Vec::new();
    for (line, id) in terms {
        match by_entry.iter_mut().find(|(e, _)| e == id) {
            Some((_, lines)) => lines.push(*line),
            None => by_entry.push((id.clone(), vec![*line])),
        }
    }
    let mut used = BTreeSet::new();
    let mut out = Vec::new();
    for _ in 0..50 {
        for (id, lines) in &by_entry {
            let Some(form) = english(id) else { continue };
            if out.len() == OCCURRENCES {
                return out;
            }
            let hit = lines
                .iter()
                .find(|&&l| !used.contains(&l) && en[l - 1].matches(form.as_str()).count() == 1);
            if let Some(&l) = hit {
                used.insert(l);
                en[l - 1] = en[l - 1].replacen(form.as_str(), "", 1);
                out.push(Deletion {
                    line: l,
                    entry: id.clone(),
                    form,
                });
            }
        }
    }
    out
}

/// `(line, entry)` of each `missing-en` warning of checking `zh` against `en`.
fn missing_en(zh: &Path, en: &Path) -> BTreeSet<(usize, String)> {
    let o = output(&[
        "check",
        "--source",
        "zh",
        "--pair",
        zh.to_str().unwrap(),
        en.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "missing-en")
        .map(|f| {
            let line = f["line"].as_u64().unwrap() as usize;
            (line, f["entry"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
#[ignore = "needs the shared data"]
fn check_finds_deleted_english_equivalents() {
    let dev = root().join("../shared/corpus/unpc-devset");
    let zh_path = dev.join("UNv1.0.devset.zh");
    assert!(
        zh_path.is_file(),
        "this test needs the UNPC dev set in ../shared/corpus/unpc-devset"
    );
    let en_text = std::fs::read_to_string(dev.join("UNv1.0.devset.en")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Where check sees a term calling for its English: against a translation with none.
    let blank = dir.path().join("blank.en");
    std::fs::write(&blank, "-\n".repeat(en_text.lines().count())).unwrap();
    let terms = missing_en(&zh_path, &blank);
    let mut en: Vec<String> = en_text.lines().map(str::to_owned).collect();
    let before = missing_en(&zh_path, &dev.join("UNv1.0.devset.en"));
    let planted = plant(&terms.difference(&before).cloned().collect(), &mut en);
    assert_eq!(planted.len(), OCCURRENCES, "too few lines to plant in");
    let en_path = dir.path().join("devset.en");
    std::fs::write(&en_path, en.join("\n") + "\n").unwrap();
    let found = missing_en(&zh_path, &en_path);
    let missed: Vec<String> = planted
        .iter()
        .filter(|d| !found.contains(&(d.line, d.entry.clone())))
        .map(|d| format!("line {}: {} ({})", d.line, d.entry, d.form))
        .collect();
    let hits = OCCURRENCES - missed.len();
    println!(
        "check found {hits} of {OCCURRENCES} deleted English equivalents; missed: {missed:#?}"
    );
    assert!(
        hits >= 45,
        "found {hits} of {OCCURRENCES}; missed: {missed:#?}"
    );
}
