//! `shuyu glossary lint` (one fixture per rule) and `shuyu glossary fmt`.

mod common;
use common::{fixture, shipped_glossary, shuyu, shuyu_in};

fn lint(name: &str) -> (i32, Vec<String>) {
    let path = fixture(&format!("lint/{name}"));
    let r = shuyu(&["glossary", "lint", path.to_str().unwrap()]);
    let prefix = format!("{}:", path.display());
    let lines = r
        .stdout
        .lines()
        .map(|l| {
            assert!(l.starts_with(&prefix), "{l}");
            l[prefix.len()..].to_owned()
        })
        .collect();
    (r.code, lines)
}

#[test]
fn shipped_glossary_lints_clean() {
    let r = shuyu(&["glossary", "lint", shipped_glossary().to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
}

#[test]
fn builtin_glossary_lints_clean_outside_the_repo() {
    let dir = tempfile::tempdir().unwrap();
    let r = shuyu_in(dir.path(), &["glossary", "lint"], "");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("0 problems in 1 file"), "{}", r.stderr);
}

#[test]
fn clean_fixture() {
    assert_eq!(lint("clean.yaml"), (0, vec![]));
}

#[test]
fn every_unknown_key_with_its_line() {
    let (code, p) = lint("unknown-keys.yaml");
    assert_eq!(code, 1);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(
        p[0].starts_with("8: unknown key `colour` in an entry"),
        "{p:?}"
    );
    assert!(
        p[1].starts_with("11: unknown key `deprecate` in the `zh` block"),
        "{p:?}"
    );
}

#[test]
fn duplicate_id() {
    assert_eq!(
        lint("duplicate-id.yaml"),
        (
            1,
            vec!["10: duplicate id `ict` (first used at line 4)".into()]
        )
    );
}

#[test]
fn one_form_in_two_entries_english_case_insensitive() {
    let (code, p) = lint("form-in-two-entries.yaml");
    assert_eq!(code, 1);
    assert_eq!(
        p,
        vec![
            "15: zh form `大会` is in two entries: `general-assembly` (line 7) and `conference`",
            "18: en form `general assembly` is in two entries: `general-assembly` (line 8) and `conference`",
        ]
    );
}

#[test]
fn deprecated_form_used_elsewhere() {
    let (code, p) = lint("deprecated-is-preferred.yaml");
    assert_eq!(code, 1);
    assert_eq!(
        p,
        vec![
            "9: deprecated zh form `信息通信技术` of `ict` is a preferred or admitted form of entry `ict-itu` (line 15)"
        ]
    );
}

#[test]
fn approved_entry_without_english() {
    // The candidate without English is fine: candidates are there to be completed.
    assert_eq!(
        lint("approved-without-english.yaml"),
        (
            1,
            vec!["4: approved entry `capacity-building` has no English (en)".into()]
        )
    );
}

#[test]
fn invalid_id() {
    let (code, p) = lint("invalid-id.yaml");
    assert_eq!(code, 1);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with("4: invalid id `Capacity_Building`"),
        "{p:?}"
    );
}

#[test]
fn a_broken_entry_does_not_hide_the_others() {
    let (code, p) = lint("bad-value.yaml");
    assert_eq!(code, 1);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(
        p[0].starts_with("4: entry 1 does not load: unknown variant `approvd`"),
        "{p:?}"
    );
    assert!(
        p[1].starts_with("10: approved entry `capacity-building`"),
        "{p:?}"
    );
}

#[test]
fn yaml_syntax_error_has_its_line() {
    let (code, p) = lint("not-yaml.yaml");
    assert_eq!(code, 1);
    assert_eq!(p.len(), 1);
    assert!(p[0].starts_with("5: not valid YAML"), "{p:?}");
}

#[test]
fn missing_file_is_exit_2() {
    let r = shuyu(&["glossary", "lint", "no/such.yaml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("shuyu: error: no/such.yaml:"),
        "{}",
        r.stderr
    );
}

#[test]
fn all_files_are_linted_in_one_run() {
    let dir = fixture("lint");
    let r = shuyu(&["glossary", "lint", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.lines().count() >= 10, "{}", r.stdout);
}

#[test]
fn shipped_glossary_is_formatted() {
    let r = shuyu(&[
        "glossary",
        "fmt",
        "--check",
        shipped_glossary().to_str().unwrap(),
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
}

#[test]
fn fmt_check_then_fmt_then_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    let messy = "# header comment\nversion: 1\nname: \"t\"\nentries:\n  # a section\n  - status: approved\n    id: ict\n    en: {preferred: ICT}\n    zh:\n      deprecated:\n        - 信息通信技术\n      preferred: '信息和通信技术'\n    note: \"plain\"\n";
    std::fs::write(&path, messy).unwrap();
    let p = path.to_str().unwrap();

    let r = shuyu(&["glossary", "fmt", "--check", p]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout.trim(),
        format!("{p}:3: not in canonical layout (run `shuyu glossary fmt {p}`)")
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        messy,
        "--check writes nothing"
    );

    let r = shuyu(&["glossary", "fmt", p]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let once = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        once,
        "# header comment\nversion: 1\nname: t\nentries:\n\n  # a section\n\n  - id: ict\n    type: term\n    status: approved\n    zh:\n      preferred: 信息和通信技术\n      deprecated: [信息通信技术]\n    en: ICT\n    note: plain\n"
    );
    let r = shuyu(&["glossary", "fmt", p]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        once,
        "byte-identical"
    );
    assert_eq!(shuyu(&["glossary", "fmt", "--check", p]).code, 0);
}

#[test]
fn fmt_of_a_malformed_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    let bad = "version: 1\nentries:\n  - id: ict\n    colour: red\n";
    std::fs::write(&path, bad).unwrap();
    let r = shuyu(&["glossary", "fmt", path.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("g.yaml:4: invalid glossary"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);
}

#[test]
fn empty_forms_and_forms_with_outer_spaces() {
    assert_eq!(
        lint("blank-forms.yaml"),
        (
            1,
            vec![
                "7: empty zh form in `ict`".into(),
                "11: en form `information and communications technologies ` of `ict` has spaces at either end".into(),
            ]
        )
    );
}

#[test]
fn a_file_not_in_utf8_is_reported_alike_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(&path, b"version: 1\nname: \xff\n").unwrap();
    let p = path.to_str().unwrap();
    let expected = format!("shuyu: error: {p}: invalid glossary: not UTF-8 (byte 17)");
    let cands = r#"{"terms":[],"stats":{"files":0,"chars":0,"skipped":0,"seconds":0}}"#;
    for args in [
        vec!["glossary", "lint", p],
        vec!["glossary", "fmt", p],
        vec!["merge", "-", "--into", p],
        vec!["lookup", "ict", "--glossary", p],
    ] {
        let r = shuyu_in(dir.path(), &args, cands);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stderr.lines().next(), Some(expected.as_str()), "{args:?}");
    }
}
