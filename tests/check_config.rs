//! The configuration file (`shuyu.toml`), layered glossaries and folders as `--glossary`, and
//! `check`'s default of the current directory.

mod common;

use common::{Run, shuyu_in};
use std::path::Path;

/// A repository in a temporary folder (`.git` bounds the search for a configuration file),
/// with `files` written under it.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), files);
    dir
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    shuyu_in(dir, args, "")
}

/// A Chinese text with a deprecated form of the built-in glossary (member-states).
const MEMBER: &str = "大会，\n敦促各会员国家加强合作。\n";
/// A team glossary: `member-states` without its deprecated form, and an entry of its own.
const TEAM: &str = "version: 1\nname: team\nentries:\n  - id: member-states\n    status: approved\n    zh: 会员国\n    en: Member States\n  - id: team-term\n    status: approved\n    zh:\n      preferred: 数字鸿沟\n      deprecated: [数码鸿沟]\n    en: digital divide\n";
const TEAM_TEXT: &str = "弥合数码鸿沟。\n";

#[test]
fn the_config_is_found_from_a_subdirectory_and_its_paths_are_relative_to_it() {
    let dir = repo(&[
        ("shuyu.toml", "[check]\npaths = [\"docs/\"]\n"),
        ("docs/a.txt", MEMBER),
        ("notes/b.txt", MEMBER),
        ("sub/deeper/.keep", ""),
    ]);
    let r = run(&dir.path().join("sub/deeper"), &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("../../docs/a.txt:2:"), "{}", r.stdout);
    assert!(!r.stdout.contains("b.txt"), "{}", r.stdout);
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("shuyu.toml", "not = \"read\"\n"),
            ("repo/.git/HEAD", ""),
            ("repo/a.txt", MEMBER),
        ],
    );
    let r = run(&dir.path().join("repo"), &["check", "a.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("a.txt:2:"), "{}", r.stdout);
}

#[test]
fn a_team_glossary_layers_on_the_builtin_one_by_id() {
    let dir = repo(&[
        ("shuyu.toml", "glossaries = [\"builtin\", \"team.yaml\"]\n"),
        ("team.yaml", TEAM),
        ("a.txt", MEMBER),
        ("b.txt", TEAM_TEXT),
        ("c.txt", "成立开放式工作组。\n"),
    ]);
    let r = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let found: Vec<(&str, &str)> = out["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["entry"].as_str().unwrap()))
        .collect();
    // a.txt: the team entry has no deprecated form, so the built-in one is overridden.
    assert_eq!(
        found,
        [("b.txt", "team-term"), ("c.txt", "oewg")],
        "{}",
        r.stdout
    );
    // The same layers on the command line, which replaces the file's list.
    let flags = run(
        dir.path(),
        &[
            "check",
            "a.txt",
            "--glossary",
            "builtin",
            "--glossary",
            "team.yaml",
        ],
    );
    assert_eq!(flags.code, 0, "{}", flags.stdout);
    let builtin = run(dir.path(), &["check", "a.txt", "--glossary", "builtin"]);
    assert_eq!(builtin.code, 1, "{}", builtin.stdout);
}

#[test]
fn a_folder_is_a_glossary_for_check_lookup_and_export() {
    let dir = repo(&[
        ("glossary/team.yaml", TEAM),
        (
            "glossary/more.yml",
            "version: 1\nentries:\n  - id: extra\n    zh: 额外术语\n",
        ),
        ("glossary/README.md", "not a glossary"),
        ("b.txt", TEAM_TEXT),
        ("empty/notes.txt", "x"),
    ]);
    let d = dir.path();
    let check = run(d, &["check", "b.txt", "--glossary", "glossary/"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stdout.contains("team-term"), "{}", check.stdout);
    let lookup = run(d, &["lookup", "额外术语", "--glossary", "glossary"]);
    assert_eq!(lookup.code, 0, "{}", lookup.stderr);
    let export = run(d, &["export", "--format", "csv", "--glossary", "glossary/"]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    assert!(export.stdout.contains("数字鸿沟"), "{}", export.stdout);
    for cmd in [
        &["lookup", "x"][..],
        &["export", "--format", "tsv"],
        &["check", "b.txt"],
    ] {
        let r = run(d, &[cmd, &["--glossary", "empty"]].concat());
        assert_eq!(r.code, 2, "{cmd:?}");
        assert!(
            r.stderr.contains("empty: a folder with no glossary"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn a_file_named_builtin_is_dot_slash_builtin() {
    let dir = repo(&[("builtin", TEAM), ("b.txt", TEAM_TEXT)]);
    let r = run(dir.path(), &["check", "b.txt", "--glossary", "./builtin"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("team-term"), "{}", r.stdout);
}

#[test]
fn an_unknown_key_is_an_error_naming_file_and_line() {
    let dir = repo(&[
        (
            "shuyu.toml",
            "glossaries = [\"builtin\"]\n\n[check]\nfailon = \"warning\"\n",
        ),
        ("a.txt", MEMBER),
        ("sub/.keep", ""),
    ]);
    for cmd in [
        &["check"][..],
        &["lookup", "会员国"],
        &["export", "--format", "csv"],
    ] {
        let r = run(&dir.path().join("sub"), cmd);
        assert_eq!(r.code, 2, "{cmd:?}: {}", r.stdout);
        assert!(
            r.stderr
                .contains("../shuyu.toml:4: invalid configuration: unknown field `failon`"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn flags_override_the_config() {
    let dir = repo(&[
        (
            ".shuyu.toml",
            "glossaries = [\"team.yaml\"]\n[check]\npaths = [\"b.txt\"]\nformat = \"json\"\nfail-on = \"warning\"\n",
        ),
        ("team.yaml", TEAM),
        ("a.txt", MEMBER),
        ("b.txt", TEAM_TEXT),
    ]);
    let d = dir.path();
    let from_file = run(d, &["check"]);
    assert_eq!(from_file.code, 1, "{}", from_file.stderr);
    assert!(
        from_file.stdout.contains("\"entry\": \"team-term\""),
        "{}",
        from_file.stdout
    );
    let r = run(
        d,
        &[
            "check",
            "a.txt",
            "--glossary",
            "builtin",
            "--format",
            "github",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("::error file=a.txt,line=2"),
        "{}",
        r.stdout
    );
    // missing-en is a warning: the file's fail-on fails on it, the flag does not.
    write(d, &[("p.zh.txt", "会员国\n"), ("p.en.txt", "States\n")]);
    let warn = run(d, &["check", "p.zh.txt", "--glossary", "builtin"]);
    assert_eq!(warn.code, 1, "{}", warn.stdout);
    let error = run(
        d,
        &[
            "check",
            "p.zh.txt",
            "--glossary",
            "builtin",
            "--fail-on",
            "error",
        ],
    );
    assert_eq!(error.code, 0, "{}", error.stdout);
}

#[test]
fn with_no_path_and_no_config_check_reads_the_current_directory() {
    let dir = repo(&[("a.txt", MEMBER), ("sub/b.md", "会员国\n")]);
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.starts_with("a.txt:2:"), "{}", r.stdout);
    assert!(r.stdout.contains("in 2 files"), "{}", r.stdout);
    let empty = repo(&[]);
    let none = run(empty.path(), &["check"]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("no file to check in ."),
        "{}",
        none.stderr
    );
}

#[test]
fn no_config_ignores_the_file_and_config_names_one() {
    let dir = repo(&[
        ("shuyu.toml", "unknown = 1\n"),
        ("conf/other.toml", "[check]\npaths = [\"../docs\"]\n"),
        ("docs/a.txt", MEMBER),
        ("b.txt", "会员国\n"),
    ]);
    let d = dir.path();
    assert_eq!(run(d, &["check", "b.txt"]).code, 2);
    let r = run(d, &["check", "b.txt", "--no-config"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let named = run(d, &["check", "--config", "conf/other.toml"]);
    assert_eq!(named.code, 1, "{}", named.stderr);
    assert!(
        named.stdout.contains("conf/../docs/a.txt:2:"),
        "{}",
        named.stdout
    );
    let both = run(d, &["check", "--config", "x.toml", "--no-config"]);
    assert_eq!(both.code, 2);
    write(d, &[(".shuyu.toml", "")]);
    let two = run(d, &["check", "b.txt"]);
    assert_eq!(two.code, 2);
    assert!(
        two.stderr.contains("both shuyu.toml and .shuyu.toml"),
        "{}",
        two.stderr
    );
}

#[test]
fn include_and_exclude_globs_filter_walked_files() {
    let dir = repo(&[
        (
            "shuyu.toml",
            "[check]\ninclude = [\"*.md\"]\nexclude = [\"drafts/\"]\n",
        ),
        ("a.md", MEMBER),
        ("a.txt", MEMBER),
        ("drafts/c.md", MEMBER),
    ]);
    let d = dir.path();
    let r = run(d, &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("a.md:2:"), "{}", r.stdout);
    assert!(r.stdout.contains("in 1 file"), "{}", r.stdout);
    // A file named explicitly is checked whatever the globs say.
    let named = run(d, &["check", "drafts/c.md"]);
    assert!(named.stdout.contains("drafts/c.md:2:"), "{}", named.stdout);
    // --pair alone checks the pair, with nothing walked for the globs to filter.
    write(
        d,
        &[("p.zh.txt", "会员国\n"), ("p.en.txt", "Member States\n")],
    );
    let pair = run(d, &["check", "--pair", "p.zh.txt", "p.en.txt"]);
    assert_eq!(pair.code, 0, "{}{}", pair.stdout, pair.stderr);
    assert!(
        pair.stdout.contains("in 2 files (1 zh/en pair)"),
        "{}",
        pair.stdout
    );
}

#[test]
fn pairing_patterns_pair_other_layouts() {
    let dir = repo(&[
        (
            "shuyu.toml",
            "[[check.pairs]]\nzh = \"C/{name}.txt\"\nen = \"E/{name}.txt\"\n\n[[check.pairs]]\nzh = \"{name}.zh.md\"\nen = \"{name}.md\"\nsource = \"zh\"\n",
        ),
        ("C/res/a.txt", "会员国\n"),
        ("E/res/a.txt", "States\n"),
        ("report.zh.md", "会员国\n"),
        ("report.md", "Member States\n"),
    ]);
    let r = run(dir.path(), &["check", "--fail-on", "warning"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("(2 zh/en pairs)"), "{}", r.stdout);
    assert!(r.stdout.contains("C/res/a.txt:1:1"), "{}", r.stdout);
    assert!(r.stdout.contains("missing-en"), "{}", r.stdout);
    assert!(r.stdout.contains("1 warning"), "{}", r.stdout);
}
