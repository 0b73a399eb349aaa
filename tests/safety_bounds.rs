//! Bounds on what a glossary or a query may ask of shuyu: YAML nested deeper than any
//! glossary is refused before it is parsed, a form longer than a term is refused by load and
//! lint, a query longer than any form is a usage error, and the glossaries several files make
//! up are merged by id as before. Time and memory are measured in docs/benchmarks.md, not here.

mod common;

use common::shuyu_in;
use std::path::Path;

const HEAD: &str = "version: 1\nname: deep\n";

fn write(dir: &Path, name: &str, text: &str) -> String {
    std::fs::write(dir.join(name), text).unwrap();
    name.to_owned()
}

/// A glossary whose `entries` nest `depth` flow sequences: `[[[…]]]` on line 3.
fn flow(depth: usize) -> String {
    format!(
        "{HEAD}entries: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

/// A glossary whose `entries` hold mappings nested `depth` deep by indentation, one a line
/// from line 4.
fn block(depth: usize) -> String {
    let mut text = format!("{HEAD}entries:\n  - id: a\n");
    for i in 0..depth {
        text.push_str(&format!("{}k{i}:\n", " ".repeat(4 + i)));
    }
    text
}

#[test]
fn deep_flow_nesting_is_refused_before_parsing_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(dir.path(), "deep.yaml", &flow(100_000));
    let r = shuyu_in(dir.path(), &["lookup", "--glossary", &g, "能力建设"], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("deep.yaml:3: invalid glossary: collections nested more than 64 deep"),
        "{}",
        r.stderr
    );
    let r = shuyu_in(dir.path(), &["glossary", "lint", &g], "");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("deep.yaml:3: not valid YAML: collections nested more than 64 deep")
            && r.stdout.trim_end().ends_with("[yaml-syntax]"),
        "{}",
        r.stdout
    );
}

#[test]
fn deep_block_nesting_names_the_line_past_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    // The file, `entries` and the entry (whose key `k0` is on line 5) are three levels, and
    // each line after line 5 one more: the 65th is on line 67.
    let g = write(dir.path(), "deep.yaml", &block(100));
    let r = shuyu_in(
        dir.path(),
        &["export", "--format", "tsv", "--glossary", &g],
        "",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("deep.yaml:67: invalid glossary: collections nested more than 64 deep"),
        "{}",
        r.stderr
    );
    // Sequences in sequences on one line count too.
    let dashes = format!("{HEAD}entries:\n  {}x\n", "- ".repeat(100));
    let g = write(dir.path(), "dashes.yaml", &dashes);
    let r = shuyu_in(dir.path(), &["glossary", "fmt", "--check", &g], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("dashes.yaml:4: invalid glossary: collections nested")
    );
}

#[test]
fn nesting_within_the_limit_is_left_to_the_parser() {
    let dir = tempfile::tempdir().unwrap();
    for text in [flow(60), block(60)] {
        let g = write(dir.path(), "nested.yaml", &text);
        let r = shuyu_in(dir.path(), &["lookup", "--glossary", &g, "x"], "");
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("invalid glossary"), "{}", r.stderr);
        assert!(!r.stderr.contains("nested more than"), "{}", r.stderr);
    }
    // Brackets inside quoted and block scalars, and comments, are not nesting.
    let text = format!(
        "{HEAD}entries:\n  - id: a\n    status: candidate\n    zh: 甲\n    note: \"{0}\"\n    sources:\n      - '{0}' # {0}\n      - |\n        {0}\n",
        "[".repeat(100)
    );
    let g = write(dir.path(), "scalars.yaml", &text);
    let r = shuyu_in(dir.path(), &["lookup", "--glossary", &g, "甲"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// A glossary with one entry whose admitted Chinese form has `chars` characters, on line 7.
fn with_form(chars: usize) -> String {
    let form = "安".repeat(chars);
    format!(
        "version: 1\nentries:\n  - id: safety\n    status: approved\n    zh:\n      preferred: 安全\n      admitted: [{form}]\n    en: safety\n"
    )
}

#[test]
fn a_form_longer_than_a_thousand_characters_is_refused_by_load_and_lint() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(dir.path(), "long.yaml", &with_form(30_000));
    std::fs::write(dir.path().join("a.zh.txt"), "安全。\n").unwrap();
    let r = shuyu_in(dir.path(), &["check", "--glossary", &g, "a.zh.txt"], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "long.yaml:7: invalid glossary: zh form `安安安安安安安安安安安安安安安安安安安安…` of `safety` has 30000 characters, more than the 1000 a form may have"
        ),
        "{}",
        r.stderr
    );
    let r = shuyu_in(dir.path(), &["glossary", "lint", &g], "");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.starts_with("long.yaml:7: zh form"), "{}", r.stdout);
    assert!(r.stdout.trim_end().ends_with("[long-form]"), "{}", r.stdout);
    // A thousand characters is still a form.
    let g = write(dir.path(), "ok.yaml", &with_form(1000));
    let r = shuyu_in(dir.path(), &["check", "--glossary", &g, "a.zh.txt"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = shuyu_in(dir.path(), &["glossary", "lint", &g], "");
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
}

#[test]
fn a_query_longer_than_any_form_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let long = "能".repeat(1001);
    let r = shuyu_in(dir.path(), &["lookup", &long], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("the term to look up has 1001 characters, more than the 1000"),
        "{}",
        r.stderr
    );
    // Words are joined before they are counted.
    let words: Vec<&str> = std::iter::repeat_n("cyber", 200).collect();
    let mut args = vec!["lookup"];
    args.extend(&words);
    let r = shuyu_in(dir.path(), &args, "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    // At the limit the query is looked up: nothing is close to it.
    let r = shuyu_in(dir.path(), &["lookup", &"能".repeat(1000)], "");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("none close to it"), "{}", r.stdout);
}

#[test]
fn entries_with_one_id_are_replaced_in_place_across_and_within_files() {
    let dir = tempfile::tempdir().unwrap();
    let entry = |id: &str, zh: &str| {
        format!("  - id: {id}\n    status: approved\n    zh: {zh}\n    en: {id}\n")
    };
    let a = format!(
        "version: 1\nentries:\n{}{}{}",
        entry("one", "甲"),
        entry("two", "乙"),
        entry("one", "丙")
    );
    let b = format!(
        "version: 1\nentries:\n{}{}",
        entry("three", "丁"),
        entry("two", "戊")
    );
    let a = write(dir.path(), "a.yaml", &a);
    let b = write(dir.path(), "b.yaml", &b);
    let r = shuyu_in(
        dir.path(),
        &[
            "export",
            "--format",
            "tsv",
            "--glossary",
            &a,
            "--glossary",
            &b,
        ],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<&str> = r
        .stdout
        .lines()
        .skip(1) // OmegaT's coding line
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    assert_eq!(rows, ["丙", "戊", "丁"], "{}", r.stdout);
}
