//! `-` reads standard input for check, extract and glossary lint, decoded as a file is and
//! named by --stdin-filename.

mod common;

use common::{Run, shuyu_in, shuyu_in_bytes};
use serde_json::Value;

const DEPRECATED: &str = "大会，\n回顾其关于能力构建的决议，\n";

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", r.stdout, r.stderr))
}

/// `rule file:line:column` of each finding.
fn findings(r: &Run) -> Vec<String> {
    json(r)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!("{} {}:{}:{}", f["rule"], f["file"], f["line"], f["column"]).replace('"', "")
        })
        .collect()
}

#[test]
fn check_reads_standard_input_under_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let r = shuyu_in(dir.path(), &["check", "-", "--format", "json"], DEPRECATED);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(findings(&r), ["deprecated-zh <stdin>:2:6"]);
    let r = shuyu_in(
        dir.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "src/a.md",
            "--format",
            "json",
        ],
        DEPRECATED,
    );
    assert_eq!(findings(&r), ["deprecated-zh src/a.md:2:6"]);
    // Its name tells its language, as a file's does.
    let r = shuyu_in(
        dir.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "a.en.md",
            "--format",
            "json",
        ],
        "Capacity building matters.\n",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(findings(&r), ["deprecated-en a.en.md:1:1"]);
}

#[test]
fn standard_input_pairs_with_the_counterpart_of_its_name_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let zh = "大会，\n回顾其关于能力建设的决议，\n";
    std::fs::create_dir_all(dir.path().join("docs/zh")).unwrap();
    std::fs::create_dir_all(dir.path().join("docs/en")).unwrap();
    // On disk the Chinese file is clean; standard input stands for it and is not.
    std::fs::write(dir.path().join("docs/zh/r.md"), "大会，\n").unwrap();
    std::fs::write(
        dir.path().join("docs/en/r.md"),
        "The General Assembly,\nRecalling its resolutions on training,\n",
    )
    .unwrap();
    let args = [
        "check",
        "-",
        "docs",
        "--stdin-filename",
        "docs/zh/r.md",
        "--format",
        "json",
    ];
    let r = shuyu_in(dir.path(), &args, zh);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(findings(&r), ["missing-en docs/zh/r.md:2:6"]);
    let v = json(&r);
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["pairs"][0]["zh"], "docs/zh/r.md");
    // A `-` half of --pair.
    let r = shuyu_in(
        dir.path(),
        &["check", "--pair", "-", "docs/en/r.md", "--format", "json"],
        zh,
    );
    assert_eq!(findings(&r), ["missing-en <stdin>:2:6"]);
}

#[test]
fn standard_input_once_and_its_name_only_with_it() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["check", "-", "-"],
        vec!["check", "-", "--pair", "-", "x.en"],
        vec!["extract", "-", "-"],
        vec!["glossary", "lint", "-", "-"],
    ] {
        let r = shuyu_in(dir.path(), &args, DEPRECATED);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stdout);
        assert!(
            r.stderr.contains("is named more than once"),
            "{args:?}: {}",
            r.stderr
        );
    }
    std::fs::write(dir.path().join("a.txt"), DEPRECATED).unwrap();
    let r = shuyu_in(
        dir.path(),
        &["check", "a.txt", "--stdin-filename", "b.txt"],
        "",
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("--stdin-filename b.txt: no `-` among the paths"),
        "{}",
        r.stderr
    );
}

#[test]
fn standard_input_is_decoded_as_files_are() {
    let dir = tempfile::tempdir().unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in DEPRECATED.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let r = shuyu_in_bytes(dir.path(), &["check", "-", "--format", "json"], &utf16);
    assert_eq!(findings(&r), ["deprecated-zh <stdin>:2:6"]);

    // A stray invalid byte in a long text is replaced with a warning, as in a file.
    let mut invalid = DEPRECATED.repeat(20).into_bytes();
    invalid.insert(3, 0xFF);
    let r = shuyu_in_bytes(dir.path(), &["check", "-", "--format", "json"], &invalid);
    assert_eq!(findings(&r).len(), 20, "{}", r.stdout);
    assert_eq!(findings(&r)[0], "deprecated-zh <stdin>:2:6");
    assert!(
        r.stderr
            .contains("<stdin>: invalid UTF-8 at byte 3 replaced by U+FFFD"),
        "{}",
        r.stderr
    );

    // Not text: an unreadable finding, as a file found by walking would be.
    let r = shuyu_in_bytes(
        dir.path(),
        &["check", "-", "--format", "json"],
        b"\x00\x01\x02PK\x03\x04",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(findings(&r), ["unreadable <stdin>:1:1"]);
}

#[test]
fn extract_reads_standard_input_and_names_it_in_contexts() {
    let dir = tempfile::tempdir().unwrap();
    let text = "大会回顾其关于信息安全的决议。\n信息安全十分重要。\n";
    for (args, name) in [
        (vec!["extract", "-"], "<stdin>"),
        (
            vec!["extract", "-", "--stdin-filename", "notes.txt"],
            "notes.txt",
        ),
    ] {
        let full = [&args[..], &["--format", "json", "--min-freq", "2"]].concat();
        let r = shuyu_in(dir.path(), &full, text);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v = json(&r);
        assert_eq!(v["stats"]["files"], 1);
        let files: Vec<&str> = v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["contexts"].as_array().unwrap())
            .map(|c| c["file"].as_str().unwrap())
            .collect();
        assert!(!files.is_empty(), "{}", r.stdout);
        assert!(files.iter().all(|f| *f == name), "{files:?}");
    }
    let r = shuyu_in_bytes(dir.path(), &["extract", "-"], b"\x00\x01\x02");
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("<stdin>: binary file"), "{}", r.stderr);
}

#[test]
fn glossary_lint_reads_a_glossary_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(common::shipped_glossary()).unwrap();
    let r = shuyu_in(dir.path(), &["glossary", "lint", "-"], &good);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("0 problems in 1 file"), "{}", r.stderr);
    let bad = "version: 1\nentries:\n  - id: Bad\n    zh: {preferred: 大会}\n";
    let r = shuyu_in(
        dir.path(),
        &["glossary", "lint", "-", "--stdin-filename", "team.yaml"],
        bad,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("team.yaml:3: invalid id `Bad`"),
        "{}",
        r.stdout
    );
    let r = shuyu_in_bytes(dir.path(), &["glossary", "lint", "-"], b"version: 1\xff\n");
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("<stdin>: invalid glossary: not UTF-8"),
        "{}",
        r.stderr
    );
}
