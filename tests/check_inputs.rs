//! What `check` and `align` read: a run that reads nothing fails, named documents shuyu does
//! not read are refused, and pairs are found by folder, checked by content and reported with
//! the segmentation used.

mod common;

use common::{Run, shuyu_in};
use serde_json::Value;
use std::path::Path;

const ZH: &str = "大会，\n回顾其关于能力建设的决议，\n";
const EN: &str = "The General Assembly,\nRecalling its resolutions on training,\n";

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn run(dir: &Path, args: &[&str]) -> Run {
    shuyu_in(dir, args, "")
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", r.stdout, r.stderr))
}

/// `rule file:line` of each finding.
fn findings(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}:{}", f["rule"], f["file"], f["line"]).replace('"', ""))
        .collect()
}

#[test]
fn an_empty_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let r = run(dir.path(), &["check", "empty"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("no file to check in empty"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("no file there"), "{}", r.stderr);
}

#[test]
fn a_folder_of_unsupported_documents_is_an_error_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["d/b.pdf", "d/a.pdf", "d/sub/c.odt"] {
        write(dir.path(), f, "x");
    }
    let r = run(dir.path(), &["check", "d"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("passed over 3 files: 2 .pdf (e.g. d/a.pdf), 1 .odt (d/sub/c.odt)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(".txt, .md, .zh, .en"), "{}", r.stderr);
}

#[test]
fn a_named_document_shuyu_does_not_read_is_an_error_saying_what_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    for (f, what) in [
        ("r.doc", "a Word 97-2003 document"),
        ("r.ODT", "an OpenDocument text"),
        ("r.pdf", "a PDF document"),
        ("r.pptx", "a PowerPoint presentation"),
    ] {
        write(dir.path(), f, "<xml/>");
        let r = run(dir.path(), &["check", f]);
        assert_eq!(r.code, 2, "{f}: {}", r.stdout);
        assert!(
            r.stderr
                .contains(&format!("{f}: {what}, which shuyu does not read"))
                && r.stderr.contains("plain text files (.txt, .md"),
            "{}",
            r.stderr
        );
        let r = run(dir.path(), &["check", "--pair", f, f]);
        assert_eq!(r.code, 2, "{f}: {}", r.stdout);
    }
    write(dir.path(), "bin.txt", "大会\0\u{1}");
    let r = run(dir.path(), &["check", "bin.txt"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("bin.txt: a binary file, which shuyu does not read"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_swapped_pair_is_checked_the_right_way_round_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "report.en.txt", EN);
    write(dir.path(), "report.zh.txt", ZH);
    let args = ["--format", "json", "--fail-on", "warning"];
    let right = run(
        dir.path(),
        &[
            &["check", "--pair", "report.zh.txt", "report.en.txt"],
            &args[..],
        ]
        .concat(),
    );
    let swapped = run(
        dir.path(),
        &[
            &["check", "--pair", "report.en.txt", "report.zh.txt"],
            &args[..],
        ]
        .concat(),
    );
    assert_eq!(swapped.code, 1, "{}", swapped.stderr);
    let (r, s) = (json(&right), json(&swapped));
    assert_eq!(findings(&s), ["missing-en report.zh.txt:2"]);
    assert_eq!(findings(&s), findings(&r));
    assert_eq!(s["pairs"][0]["zh"], "report.zh.txt");
    assert_eq!(s["pairs"][0]["en"], "report.en.txt");
    assert_eq!(s["pairs"][0]["swapped"], true);
    assert_eq!(r["pairs"][0]["swapped"], false);
    assert_eq!(s["pairs"].as_array().unwrap().len(), 1);
    assert!(
        swapped.stderr.contains(
            "note: report.zh.txt is the Chinese text and report.en.txt its English translation"
        ),
        "{}",
        swapped.stderr
    );
    let human = run(
        dir.path(),
        &["check", "--pair", "report.en.txt", "report.zh.txt"],
    );
    assert!(
        human.stdout.contains(
            "paired report.zh.txt ↔ report.en.txt (named the other way round: swapped, as \
             their content says): 2 lines each, aligned line by line"
        ),
        "{}",
        human.stdout
    );
}

#[test]
fn a_pair_of_one_language_is_an_error_naming_the_wrong_half() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ZH);
    write(dir.path(), "b.txt", ZH);
    write(dir.path(), "c.txt", EN);
    write(dir.path(), "d.txt", EN);
    let r = run(dir.path(), &["check", "--pair", "a.txt", "b.txt"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("b.txt: the English half reads as Chinese (14 Han characters, 0 Latin"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["check", "--pair", "c.txt", "d.txt"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("c.txt: the Chinese half reads as English"),
        "{}",
        r.stderr
    );
    // Found by name, the same: an English file that is a copy of the Chinese one.
    write(dir.path(), "p/x.zh.md", ZH);
    write(dir.path(), "p/x.en.md", ZH);
    let r = run(dir.path(), &["check", "p"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("p/x.en.md: the English half reads as Chinese")
            && r.stderr.contains("paired with p/x.zh.md by file name"),
        "{}",
        r.stderr
    );
}

#[test]
fn sibling_language_folders_are_paired_by_check_from_either_side() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/zh-CN/guide/a.md", ZH);
    write(dir.path(), "docs/EN-us/guide/a.md", EN);
    // No counterpart: checked alone, without a word.
    write(dir.path(), "docs/zh-CN/only.md", "大会，\n");
    for args in [
        vec!["check", "docs", "--format", "json"],
        vec!["check", "docs/EN-us/guide/a.md", "--format", "json"],
    ] {
        let r = run(dir.path(), &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v = json(&r);
        assert_eq!(findings(&v), ["missing-en docs/zh-CN/guide/a.md:2"]);
        let pairs = v["pairs"].as_array().unwrap();
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!(pairs[0]["zh"], "docs/zh-CN/guide/a.md");
        assert_eq!(pairs[0]["en"], "docs/EN-us/guide/a.md");
        assert_eq!(pairs[0]["paired_by"], "folders");
        assert_eq!(pairs[0]["segmentation"], "lines");
    }
    let r = run(dir.path(), &["check", "docs"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "paired docs/zh-CN/guide/a.md ↔ docs/EN-us/guide/a.md: 2 lines each, aligned line \
             by line\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("in 3 files (1 zh/en pair)"),
        "{}",
        r.stdout
    );
}

/// 150 Chinese lines, and their translation with one line lost.
fn lost_line() -> (String, String) {
    let zh: String = (0..150)
        .map(|i| format!("第{i}段：大会回顾其决议。\n"))
        .collect();
    let en: String = (0..149)
        .map(|i| format!("Paragraph {i}: the General Assembly recalls its resolutions.\n"))
        .collect();
    (zh, en)
}

#[test]
fn a_pair_not_aligned_line_by_line_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = lost_line();
    write(dir.path(), "docs/zh/r.md", &zh);
    write(dir.path(), "docs/en/r.md", &en);
    let r = run(dir.path(), &["check", "docs", "--format", "json"]);
    let v = json(&r);
    let p = &v["pairs"][0];
    assert_eq!(
        (
            &p["segmentation"],
            &p["zh_lines"],
            &p["en_lines"],
            &p["zh_segments"],
            &p["en_segments"]
        ),
        (
            &Value::from("paragraphs"),
            &Value::from(150),
            &Value::from(149),
            &Value::from(150),
            &Value::from(149)
        )
    );
    let r = run(dir.path(), &["check", "docs"]);
    assert!(
        r.stdout.contains(
            "paired docs/zh/r.md ↔ docs/en/r.md: 150 vs 149 lines, aligned by paragraphs \
             (150 vs 149)"
        ),
        "{}",
        r.stdout
    );
    write(dir.path(), "terms.txt", "大会\n");
    let a = run(
        dir.path(),
        &["align", "docs/zh", "docs/en", "--terms", "terms.txt"],
    );
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert!(
        a.stderr
            .contains("note: docs/zh/r.md ↔ docs/en/r.md: 150 vs 149 lines, aligned by paragraphs"),
        "{}",
        a.stderr
    );
}

#[test]
fn align_pairs_sibling_folders_and_one_directory() {
    let dir = tempfile::tempdir().unwrap();
    let zh = "大会，\n回顾其关于能力建设的决议，\n注意到能力建设的重要性，\n";
    let en = "The General Assembly,\nRecalling its resolutions on capacity-building,\nNoting the importance of capacity-building,\n";
    write(dir.path(), "terms.txt", "能力建设\n");
    write(dir.path(), "docs/zh/r.md", zh);
    write(dir.path(), "docs/en/r.md", en);
    write(dir.path(), "un/A_RES.zh.txt", zh);
    write(dir.path(), "un/A_RES.en.txt", en);
    for args in [
        vec!["align", "docs/zh", "docs/en"],
        vec!["align", "docs"],
        vec!["align", "docs/zh/r.md"],
        vec!["align", "un"],
    ] {
        let full = [&args[..], &["--terms", "terms.txt", "--format", "json"]].concat();
        let r = run(dir.path(), &full);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(
            r.stdout.contains("\"capacity-building\""),
            "{args:?}: {}",
            r.stdout
        );
        assert!(r.stderr.is_empty(), "{args:?}: {}", r.stderr);
    }
    let r = run(
        dir.path(),
        &["align", "un/A_RES.en.txt", "--terms", "terms.txt"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    write(dir.path(), "lonely/a.md", zh);
    let r = run(dir.path(), &["align", "lonely"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("no pair in lonely"), "{}", r.stderr);
}
