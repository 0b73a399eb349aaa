//! `shuyu merge`: the round trip on the real corpus, align input, dry runs, and the atomic
//! write under malformed input.

mod common;
use common::{root, shipped_glossary, shuyu, shuyu_in};
use shuyu::glossary::{Entry, Glossary, Status};
use std::path::Path;

/// The fields a person curates; merge must never change them.
fn curated(e: &Entry) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        &e.id, e.kind, e.status, &e.zh, &e.en, &e.fr, &e.es, &e.ru, &e.ar, &e.note, &e.sources,
    )
}

fn temp_glossary() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("un-ict-security.yaml");
    std::fs::copy(shipped_glossary(), &path).unwrap();
    (dir, path)
}

fn load(path: &Path) -> Glossary {
    Glossary::load(path).unwrap()
}

#[test]
fn round_trip_on_the_real_corpus() {
    let extract = shuyu(&["extract", "corpus/", "--format", "json", "--contexts", "3"]);
    assert_eq!(extract.code, 0, "{}", extract.stderr);
    let (_dir, path) = temp_glossary();
    let p = path.to_str().unwrap();
    let before = load(&path);

    let r = shuyu_in(&root(), &["merge", "-", "--into", p], &extract.stdout);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains(": updated (extract candidates from <stdin>)"),
        "{}",
        r.stdout
    );
    let after = load(&path);

    // Every curated entry keeps its curated fields, in its place.
    for (a, b) in before.entries.iter().zip(&after.entries) {
        assert_eq!(curated(a), curated(b));
    }
    // Known terms refreshed their entry; new ones were added as candidates.
    let ict = after.entries.iter().find(|e| e.id == "ict").unwrap();
    assert!(
        ict.stats.is_some_and(|s| s.freq > 0 && s.docs == 2),
        "{:?}",
        ict.stats
    );
    assert!(!ict.contexts.is_empty() && ict.contexts.len() <= 3);
    let added = &after.entries[before.entries.len()..];
    assert!(!added.is_empty());
    for e in added {
        assert_eq!(e.status, Status::Candidate);
        assert!(e.id.starts_with("cand-"), "{}", e.id);
        assert!(e.en.is_none());
        assert!(e.stats.is_some() && !e.contexts.is_empty() && !e.sources.is_empty());
    }
    // The merged glossary still lints clean and is in canonical layout, comments kept.
    let lint = shuyu(&["glossary", "lint", p]);
    assert_eq!((lint.code, lint.stdout.as_str()), (0, ""));
    assert_eq!(shuyu(&["glossary", "fmt", "--check", p]).code, 0);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\n  # Concepts: cooperation and stakeholders\n"));

    // A second run changes nothing, not even the file's timestamp.
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let r = shuyu_in(&root(), &["merge", "-", "--into", p], &extract.stdout);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(": unchanged") && r.stdout.contains(" 0 added, 0 refreshed,"),
        "{}",
        r.stdout
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let (_dir, path) = temp_glossary();
    let original = std::fs::read(&path).unwrap();
    let cands = r#"{"terms":[
      {"term":"信息和通信技术","freq":15,"docs":2,"score":9.5,"known":{"id":"ict","en":"information and communications technologies","status":"approved"},"variant_of":null,
       "contexts":[{"file":"corpus/A_RES_75_32.zh.txt","line":27,"column":3,"left":"确认","match":"信息和通信技术","right":"属于"}]},
      {"term":"信息通讯科技","freq":2,"docs":1,"score":1.0,"known":null,"variant_of":"信息通讯技术","contexts":[]},
      {"term":"量子计算","freq":3,"docs":2,"score":5.0,"known":null,"variant_of":null,
       "contexts":[{"file":"corpus/A_RES_77_36.zh.txt","line":40,"column":1,"left":"弥合","match":"量子计算","right":"。"}]}
    ],"stats":{"files":2,"chars":100,"skipped":0,"seconds":0.1}}"#;
    let r = shuyu_in(
        &root(),
        &["merge", "-", "--into", path.to_str().unwrap(), "--dry-run"],
        cands,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines.contains(&"~ ict  stats - → 15/2; contexts; suggested_variants +信息通讯科技"),
        "{}",
        r.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("+ cand-") && l.ends_with("量子计算  (freq 3, docs 2)")),
        "{}",
        r.stdout
    );
    assert!(
        lines.last().unwrap().contains("would change"),
        "{}",
        r.stdout
    );
    assert!(
        lines
            .last()
            .unwrap()
            .contains("1 added, 1 refreshed, 0 unchanged, 1 variants suggested")
    );
    assert_eq!(std::fs::read(&path).unwrap(), original);
}

#[test]
fn align_output_goes_to_candidates_only() {
    let (_dir, path) = temp_glossary();
    let p = path.to_str().unwrap();
    let align = r#"{"terms":[
      {"term":"能力建设","freq":4,"suggestions":[{"en":"capacity building","score":0.9,"support":4,"example":{"zh":"能力建设","en":"capacity building"}}]},
      {"term":"量子计算","freq":3,"suggestions":[{"en":"quantum computing","score":0.87654,"support":3,"example":{"zh":"研究量子计算","en":"study quantum computing"}}]}
    ]}"#;
    let before = load(&path);
    let r = shuyu_in(&root(), &["merge", "-", "--into", p], align);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("= capacity-building  English suggestions not stored"),
        "{}",
        r.stdout
    );
    // Align output adds no entries: 量子计算 has none yet.
    assert_eq!(load(&path).entries.len(), before.entries.len());
    assert!(
        r.stdout
            .contains("1 align terms skipped (量子计算): no entry has them"),
        "{}",
        r.stdout
    );
    let cands = r#"{"terms":[{"term":"量子计算","freq":3,"docs":2,"score":5.0,"known":null,"variant_of":null,"contexts":[]}],"stats":{"files":1,"chars":9,"skipped":0,"seconds":0}}"#;
    assert_eq!(
        shuyu_in(&root(), &["merge", "-", "--into", p], cands).code,
        0
    );
    let r = shuyu_in(&root(), &["merge", "-", "--into", p], align);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = load(&path);
    let cb = |g: &Glossary| {
        g.entries
            .iter()
            .find(|e| e.id == "capacity-building")
            .cloned()
            .unwrap()
    };
    assert_eq!(cb(&before), cb(&after), "a curated entry is not touched");
    let new = after.entries.last().unwrap();
    assert_eq!(new.zh.as_ref().unwrap().preferred, "量子计算");
    assert_eq!(new.status, Status::Candidate);
    assert!(new.en.is_none());
    assert_eq!(new.en_suggestions.len(), 1);
    assert_eq!(new.en_suggestions[0].en, "quantum computing");
    assert_eq!(new.en_suggestions[0].score, 0.8765);
    let text = std::fs::read_to_string(&path).unwrap();
    let r = shuyu_in(&root(), &["merge", "-", "--into", p], align);
    assert!(r.stdout.contains(": unchanged"), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn malformed_candidates_leave_the_glossary_untouched() {
    let (dir, path) = temp_glossary();
    let original = std::fs::read(&path).unwrap();
    let bad = dir.path().join("cands.json");
    std::fs::write(
        &bad,
        "{\"terms\": [\n  {\"term\": \"网络\", \"freq\": 2,\n  \"docs\": oops}\n]}\n",
    )
    .unwrap();
    let r = shuyu(&[
        "merge",
        bad.to_str().unwrap(),
        "--into",
        path.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(&format!(
            "shuyu: error: {}:3: not valid candidates JSON",
            bad.display()
        )),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&path).unwrap(), original);
    // Valid JSON of the wrong shape, and a truncated stream, too.
    for text in ["{\"rows\": []}", "{\"terms\": [{\"term\": \"网络\""] {
        let r = shuyu_in(
            &root(),
            &["merge", "-", "--into", path.to_str().unwrap()],
            text,
        );
        assert_eq!(r.code, 2, "{text}");
        assert!(
            r.stderr.starts_with("shuyu: error: <stdin>:1: not"),
            "{}",
            r.stderr
        );
        assert_eq!(std::fs::read(&path).unwrap(), original);
    }
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn malformed_glossary_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    let bad = "version: 1\nentries:\n  - id: ict\n    status: approved\n    zh: 信息和通信技术\n    colour: red\n";
    std::fs::write(&path, bad).unwrap();
    let cands = r#"{"terms":[],"stats":{"files":0,"chars":0,"skipped":0,"seconds":0}}"#;
    let r = shuyu_in(
        &root(),
        &["merge", "-", "--into", path.to_str().unwrap()],
        cands,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(&format!(
            "shuyu: error: {}:6: invalid glossary: ",
            path.display()
        )),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);
}

#[test]
fn merge_into_a_new_file_creates_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.yaml");
    let cands = r#"{"terms":[{"term":"量子计算","freq":3,"docs":2,"score":5.0,"known":null,"variant_of":null,"contexts":[]}],"stats":{"files":1,"chars":9,"skipped":0,"seconds":0}}"#;
    let r = shuyu_in(dir.path(), &["merge", "-", "--into", "new.yaml"], cands);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("new.yaml: created"), "{}", r.stdout);
    let g = load(&path);
    assert_eq!(g.entries.len(), 1);
}

#[test]
fn real_align_output_merges() {
    // merge reads the types align writes: the contract cannot drift between the two.
    let align = shuyu(&[
        "align",
        "tests/fixtures/align/devset_excerpt.zh",
        "tests/fixtures/align/devset_excerpt.en",
        "--format",
        "json",
        "--min-support",
        "1",
    ]);
    assert_eq!(align.code, 0, "{}", align.stderr);
    assert!(align.stdout.contains("\"suggestions\""), "{}", align.stdout);
    let (_dir, path) = temp_glossary();
    let r = shuyu_in(
        &root(),
        &["merge", "-", "--into", path.to_str().unwrap(), "--dry-run"],
        &align.stdout,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("(align candidates from <stdin>)"),
        "{}",
        r.stdout
    );
}

#[test]
fn extract_then_align_on_real_text_fills_suggestions_and_adds_no_entries() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.yaml");
    let t = team.to_str().unwrap();
    let zh = "tests/fixtures/align/devset_excerpt.zh";
    let en = "tests/fixtures/align/devset_excerpt.en";
    // Extract with the built-in UN glossary, merged into a new team glossary.
    let x = shuyu(&["extract", zh, "--format", "json", "--top", "0"]);
    assert_eq!(x.code, 0, "{}", x.stderr);
    assert_eq!(
        shuyu_in(&root(), &["merge", "-", "--into", t], &x.stdout).code,
        0
    );
    let g = load(&team);
    let known: Vec<&Entry> = g
        .entries
        .iter()
        .filter(|e| e.en_suggestions.iter().any(|s| s.from.is_some()))
        .collect();
    assert!(
        !known.is_empty(),
        "terms the built-in glossary knows keep its English"
    );
    let builtin = Glossary::builtin();
    for e in &known {
        let s = &e.en_suggestions[0];
        let from = s.from.as_deref().unwrap();
        assert!(
            from.starts_with("UN ICT and international security, entry "),
            "{from}"
        );
        let id = from
            .split("entry ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        let b = builtin.entries.iter().find(|b| b.id == id).unwrap();
        assert_eq!(b.en.as_ref().unwrap().preferred, s.en, "{}", e.id);
    }
    assert!(
        std::fs::read_to_string(&team)
            .unwrap()
            .starts_with("version: 3\n")
    );
    // Align output of the same text: suggestions for those candidates, no new entries; into a
    // glossary that does not exist, nothing at all (the file is not created empty).
    let a = shuyu(&["align", zh, en, "--format", "json", "--min-support", "1"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    let none = dir.path().join("none.yaml");
    let r = shuyu_in(
        &root(),
        &["merge", "-", "--into", none.to_str().unwrap()],
        &a.stdout,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("not created, nothing to add"),
        "{}",
        r.stdout
    );
    assert!(!none.exists());
    let r = shuyu_in(&root(), &["merge", "-", "--into", t], &a.stdout);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = load(&team);
    assert_eq!(after.entries.len(), g.entries.len(), "{}", r.stdout);
    assert!(r.stdout.contains(" 0 added,"), "{}", r.stdout);
    let filled = after
        .entries
        .iter()
        .filter(|e| e.en_suggestions.iter().any(|s| s.from.is_none()))
        .count();
    assert!(filled > 0, "{}", r.stdout);
    // The English from the built-in glossary stays beside align's.
    for e in &known {
        let now = after.entries.iter().find(|a| a.id == e.id).unwrap();
        assert!(
            now.en_suggestions.contains(&e.en_suggestions[0]),
            "{}",
            e.id
        );
    }
}
