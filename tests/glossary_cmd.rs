//! `shuyu glossary lint` (one fixture per rule) and `shuyu glossary fmt`.

mod common;
use common::{fixture, shipped_glossary, shuyu, shuyu_in};
use shuyu::glossary::lint::LintRule;

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
        p[0].starts_with("8: unknown key `colour` in an entry") && p[0].ends_with(" [unknown-key]"),
        "{p:?}"
    );
    assert!(
        p[1].starts_with("11: unknown key `deprecate` in the `zh` block")
            && p[1].ends_with(" [unknown-key]"),
        "{p:?}"
    );
}

#[test]
fn duplicate_id() {
    assert_eq!(
        lint("duplicate-id.yaml"),
        (
            1,
            vec!["10: duplicate id `ict` (first used at line 4) [duplicate-id]".into()]
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
            "15: zh form `大会` is in two entries: `general-assembly` (line 7) and `conference` [form-in-two-entries]",
            "18: en form `general assembly` is in two entries: `general-assembly` (line 8) and `conference` [form-in-two-entries]",
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
            "9: deprecated zh form `信息通信技术` of `ict` is a preferred or admitted form of entry `ict-itu` (line 15) [deprecated-is-preferred]"
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
            vec!["4: approved entry `capacity-building` has no English (en) [approved-without-english]".into()]
        )
    );
}

#[test]
fn invalid_id() {
    let (code, p) = lint("invalid-id.yaml");
    assert_eq!(code, 1);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with("4: invalid id `Capacity_Building`") && p[0].ends_with(" [invalid-id]"),
        "{p:?}"
    );
}

#[test]
fn a_broken_entry_does_not_hide_the_others() {
    let (code, p) = lint("bad-value.yaml");
    assert_eq!(code, 1);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(
        p[0].starts_with("4: entry 1 does not load: unknown variant `approvd`")
            && p[0].ends_with(" [invalid-entry]"),
        "{p:?}"
    );
    assert!(
        p[1].starts_with("10: approved entry `capacity-building`")
            && p[1].ends_with(" [approved-without-english]"),
        "{p:?}"
    );
}

#[test]
fn yaml_syntax_error_has_its_line() {
    let (code, p) = lint("not-yaml.yaml");
    assert_eq!(code, 1);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with("5: not valid YAML") && p[0].ends_with(" [yaml-syntax]"),
        "{p:?}"
    );
}

#[test]
fn entry_without_chinese() {
    assert_eq!(
        lint("no-chinese.yaml"),
        (
            1,
            vec!["4: entry `ict` has no Chinese (zh) [no-chinese]".into()]
        )
    );
}

#[test]
fn invalid_top_level() {
    // A problem of the whole file may have no line; it comes first.
    assert_eq!(
        lint("invalid-top-level.yaml"),
        (
            1,
            vec![
                " name must be a string [invalid-top-level]".into(),
                "1: unsupported version 4 (this shuyu reads versions 1 to 3) [invalid-top-level]"
                    .into(),
            ]
        )
    );
}

/// The id a problem line ends with.
fn rule_of(line: &str) -> &str {
    line.rsplit_once(" [")
        .and_then(|(_, id)| id.strip_suffix(']'))
        .unwrap_or_else(|| panic!("no rule id: {line}"))
}

#[test]
fn every_rule_has_a_fixture_that_triggers_only_it() {
    let fixtures = [
        ("not-yaml.yaml", "yaml-syntax"),
        ("invalid-top-level.yaml", "invalid-top-level"),
        ("unknown-keys.yaml", "unknown-key"),
        ("invalid-id.yaml", "invalid-id"),
        ("duplicate-id.yaml", "duplicate-id"),
        ("form-in-two-entries.yaml", "form-in-two-entries"),
        ("deprecated-is-preferred.yaml", "deprecated-is-preferred"),
        ("approved-without-english.yaml", "approved-without-english"),
        ("no-chinese.yaml", "no-chinese"),
        ("blank-forms.yaml", "blank-form"),
        ("long-form.yaml", "long-form"),
        ("detect-needs-version.yaml", "detect-needs-version"),
        ("field-needs-version.yaml", "field-needs-version"),
    ];
    for (file, id) in fixtures {
        let (code, p) = lint(file);
        assert_eq!(code, 1, "{file}");
        assert!(!p.is_empty(), "{file}");
        for line in &p {
            assert_eq!(rule_of(line), id, "{file}: {line}");
        }
    }
    // bad-value.yaml breaks two rules: the broken entry does not hide the next one.
    let (_, p) = lint("bad-value.yaml");
    let ids: Vec<&str> = p.iter().map(|l| rule_of(l)).collect();
    assert_eq!(ids, ["invalid-entry", "approved-without-english"]);
    let covered: Vec<&str> = fixtures
        .iter()
        .map(|f| f.1)
        .chain(ids.iter().copied())
        .collect();
    for rule in LintRule::ALL {
        assert!(covered.contains(&rule.id()), "no fixture for {}", rule.id());
    }
}

#[test]
fn help_lists_every_rule() {
    let r = shuyu(&["glossary", "lint", "--help"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for rule in LintRule::ALL {
        assert!(
            r.stdout.contains(&format!("\n  {} ", rule.id())),
            "{}: {}",
            rule.id(),
            r.stdout
        );
    }
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
                "7: empty zh form in `ict` [blank-form]".into(),
                "11: en form `information and communications technologies ` of `ict` has spaces at either end [blank-form]".into(),
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

#[test]
fn detect_in_a_version_1_file_is_placed_at_its_line() {
    assert_eq!(
        lint("detect-needs-version.yaml"),
        (
            1,
            vec![
                "9: `detect` (zh of `general-assembly`) is schema version 2: write `version: 2` at the top [detect-needs-version]"
                    .into()
            ]
        )
    );
}
