//! `shuyu lookup`: by Chinese, English, abbreviation, deprecated form, and fuzzily.

mod common;
use common::shuyu;

fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let mut a = vec!["lookup"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--format", "json"]);
    let r = shuyu(&a);
    (
        r.code,
        serde_json::from_str(&r.stdout).expect("JSON output"),
    )
}

#[test]
fn by_chinese_preferred_form() {
    let (code, v) = json(&["信息和通信技术"]);
    assert_eq!(code, 0);
    assert_eq!(v["exact"], true);
    assert_eq!(v["results"][0]["entry"]["id"], "ict");
    assert_eq!(v["results"][0]["standing"], "preferred");
    assert_eq!(v["results"][0]["lang"], "zh");
}

#[test]
fn by_english_any_case_and_abbreviation() {
    let (code, v) = json(&["Information and Communications Technologies"]);
    assert_eq!(code, 0);
    assert_eq!(v["results"][0]["entry"]["id"], "ict");
    let (_, v) = json(&["oewg"]);
    assert_eq!(v["results"][0]["entry"]["id"], "oewg");
    assert_eq!(v["results"][0]["standing"], "abbr");
    assert_eq!(v["results"][0]["form"], "OEWG");
}

#[test]
fn words_are_joined_and_deprecated_forms_found() {
    let (code, v) = json(&["capacity", "building"]);
    assert_eq!(code, 0);
    assert_eq!(v["results"][0]["entry"]["id"], "capacity-building");
    assert_eq!(v["results"][0]["standing"], "deprecated");
}

#[test]
fn fuzzy_fallback_exits_1() {
    let (code, v) = json(&["能力建设工作"]);
    assert_eq!(code, 1);
    assert_eq!(v["exact"], false);
    assert_eq!(v["results"][0]["entry"]["id"], "capacity-building");
    assert!(v["results"][0]["score"].as_f64().unwrap() < 1.0);
    let (code, v) = json(&["qqqqqqqq"]);
    assert_eq!(code, 1);
    assert_eq!(v["results"].as_array().unwrap().len(), 0);
}

#[test]
fn table_shows_forms_note_and_contexts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(
        &path,
        "version: 1\nentries:\n  - id: ict\n    status: approved\n    zh:\n      preferred: 信息和通信技术\n      deprecated: [信息通信技术]\n    en: information and communications technologies\n    note: GA usage.\n    stats: { freq: 15, docs: 2 }\n    contexts:\n      - { file: corpus/A_RES_75_32.zh.txt, line: 27, text: 确认信息和通信技术属于两用技术 }\n",
    )
    .unwrap();
    let r = shuyu(&[
        "lookup",
        "信息通信技术",
        "--glossary",
        path.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout;
    assert!(
        out.starts_with("ict  [term, approved]  zh form 信息通信技术 (deprecated)\n"),
        "{out}"
    );
    assert!(
        out.contains("deprecated 信息通信技术 (do not use)"),
        "{out}"
    );
    assert!(out.contains("GA usage."));
    assert!(out.contains("15 occurrences in 2 documents"));
    assert!(
        out.contains("确认信息和通信技术属于两用技术  corpus/A_RES_75_32.zh.txt:27"),
        "{out}"
    );
}

#[test]
fn not_found_says_so() {
    let r = shuyu(&["lookup", "qqqqqqqq"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("no entry for “qqqqqqqq”"));
}

#[test]
fn later_glossaries_override_earlier_ones_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.yaml");
    let b = dir.path().join("b.yaml");
    std::fs::write(
        &a,
        "version: 1\nentries:\n  - id: cb\n    status: approved\n    zh: 能力建设\n    en: capacity building\n  - id: only-a\n    status: approved\n    zh: 甲\n    en: A\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "version: 1\nentries:\n  - id: cb\n    status: approved\n    zh: 能力建设\n    en: capacity-building\n",
    )
    .unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let (code, v) = json(&["能力建设", "--glossary", a, "--glossary", b]);
    assert_eq!(code, 0);
    assert_eq!(v["results"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["results"][0]["entry"]["en"]["preferred"],
        "capacity-building"
    );
    let (code, _) = json(&["甲", "--glossary", a, "--glossary", b]);
    assert_eq!(code, 0, "entries of the earlier file stay");
}
