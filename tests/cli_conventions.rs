//! Command-line conventions for CI and terminals: `--color auto|always|never` with NO_COLOR,
//! CLICOLOR_FORCE and CLICOLOR, and `--quiet` on check, extract, align, glossary lint, merge.

mod common;

use std::path::Path;
use std::process::Command;

/// The outcome of one run.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `shuyu args…` in `dir` with the colour variables of the test's own environment
/// removed and `vars` set instead.
fn run(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shuyu"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the shuyu binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A directory with `bad.txt` (a deprecated form of the built-in glossary), `good.txt` (the
/// approved one) and, when `binary`, `scan.txt`, which cannot be read as text.
fn corpus(binary: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.txt"), "我们推动信息通信技术的发展。\n").unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "我们推动信息和通信技术的发展。\n",
    )
    .unwrap();
    if binary {
        std::fs::write(
            dir.path().join("scan.txt"),
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        )
        .unwrap();
    }
    dir
}

const ESC: char = '\x1b';

#[test]
fn check_colours_a_pipe_only_when_asked() {
    let dir = corpus(false);
    let check = |args: &[&str], vars: &[(&str, &str)]| {
        let mut all = vec!["check", "bad.txt"];
        all.extend_from_slice(args);
        let r = run(dir.path(), &all, vars);
        assert_eq!(r.code, 1, "{}", r.stderr);
        r.stdout.contains(ESC)
    };
    assert!(!check(&[], &[]), "auto: a pipe is not a terminal");
    assert!(!check(&["--color", "auto"], &[]));
    assert!(check(&["--color", "always"], &[]));
    assert!(
        check(&["--color", "always"], &[("NO_COLOR", "1")]),
        "always beats NO_COLOR"
    );
    assert!(!check(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    assert!(
        check(&[], &[("CLICOLOR_FORCE", "1")]),
        "CLICOLOR_FORCE forces auto"
    );
    assert!(!check(&[], &[("CLICOLOR_FORCE", "0")]));
    assert!(!check(&[], &[("CLICOLOR_FORCE", "")]));
    assert!(
        !check(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
        "NO_COLOR wins over CLICOLOR_FORCE"
    );
}

#[test]
fn colour_is_for_the_human_format_only() {
    let dir = corpus(false);
    for format in ["json", "sarif", "github"] {
        let r = run(
            dir.path(),
            &["check", "bad.txt", "--format", format, "--color", "always"],
            &[],
        );
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(!r.stdout.contains(ESC), "{format}: {}", r.stdout);
    }
}

#[test]
fn a_bad_color_value_is_a_usage_error() {
    let r = run(&common::root(), &["check", "--color", "sometimes"], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("auto, always, never"), "{}", r.stderr);
}

/// `check` on a pseudo-terminal (util-linux's `script`, essential on Debian), where auto
/// colours unless NO_COLOR is set.
#[test]
fn auto_colours_a_terminal_unless_no_color() {
    let dir = corpus(false);
    let on_terminal = |vars: &str| {
        let line = format!("{vars} '{}' check bad.txt", env!("CARGO_BIN_EXE_shuyu"));
        let out = Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .current_dir(dir.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            .output()
            .expect("util-linux's script runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(text.contains("deprecated-zh"), "{text}");
        text.contains(ESC)
    };
    assert!(on_terminal(""));
    assert!(!on_terminal("NO_COLOR=1"));
    assert!(on_terminal("NO_COLOR="), "an empty NO_COLOR is not set");
    assert!(!on_terminal("CLICOLOR=0"));
}

#[test]
fn quiet_check_prints_findings_only() {
    let dir = corpus(true);
    let loud = run(dir.path(), &["check", "."], &[]);
    assert_eq!(loud.code, 1);
    assert!(
        loud.stdout.contains("errors, 0 warnings in 2 files"),
        "{}",
        loud.stdout
    );
    assert!(
        loud.stderr.contains("scan.txt: binary file, skipped"),
        "{}",
        loud.stderr
    );

    let quiet = run(dir.path(), &["check", "-q", "."], &[]);
    assert_eq!(quiet.code, 1);
    assert_eq!(quiet.stderr, "");
    let body = loud.stdout.rsplit_once("\n\n").unwrap().0.to_owned() + "\n";
    assert_eq!(
        quiet.stdout, body,
        "the findings as without -q, less the summary"
    );
    assert!(quiet.stdout.contains("bad.txt:1:5: error[deprecated-zh]"));
    assert!(quiet.stdout.contains("scan.txt:1:1: error[unreadable]"));

    let clean = run(dir.path(), &["check", "--quiet", "good.txt"], &[]);
    assert_eq!(
        (clean.code, clean.stdout.as_str(), clean.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn quiet_check_keeps_machine_formats_whole() {
    let dir = corpus(false);
    for format in ["json", "sarif", "github"] {
        let args = ["check", "bad.txt", "--format", format];
        let loud = run(dir.path(), &args, &[]);
        let quiet = run(dir.path(), &[&args[..], &["-q"]].concat(), &[]);
        assert_eq!((quiet.code, &quiet.stdout), (1, &loud.stdout), "{format}");
    }
}

#[test]
fn quiet_write_baseline_says_nothing() {
    let dir = corpus(false);
    let r = run(
        dir.path(),
        &["check", "-q", "bad.txt", "--write-baseline", "base.json"],
        &[],
    );
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    assert!(dir.path().join("base.json").is_file());
}

#[test]
fn quiet_glossary_lint_prints_problems_only() {
    let clean = run(&common::root(), &["glossary", "lint", "-q"], &[]);
    assert_eq!(
        (clean.code, clean.stdout.as_str(), clean.stderr.as_str()),
        (0, "", "")
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("g.yaml"),
        "version: 1\nentries:\n  - id: Bad Id\n    zh: {preferred: 信息}\n",
    )
    .unwrap();
    let loud = run(dir.path(), &["glossary", "lint", "g.yaml"], &[]);
    let quiet = run(dir.path(), &["glossary", "lint", "--quiet", "g.yaml"], &[]);
    assert_eq!(loud.code, 1);
    assert!(loud.stderr.contains("in 1 file"), "{}", loud.stderr);
    assert_eq!((quiet.code, &quiet.stdout), (1, &loud.stdout));
    assert!(quiet.stdout.contains("[invalid-id]"), "{}", quiet.stdout);
    assert_eq!(quiet.stderr, "");
}

#[test]
fn quiet_extract_leaves_out_warnings() {
    let dir = corpus(true);
    let loud = run(dir.path(), &["extract", ".", "--format", "tsv"], &[]);
    let quiet = run(dir.path(), &["extract", "-q", ".", "--format", "tsv"], &[]);
    assert_eq!(loud.code, 0, "{}", loud.stderr);
    assert!(
        loud.stderr.contains("binary file, skipped"),
        "{}",
        loud.stderr
    );
    assert_eq!((quiet.code, &quiet.stdout), (0, &loud.stdout));
    assert_eq!(quiet.stderr, "");
}

#[test]
fn quiet_align_leaves_out_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.zh.txt"), "信息和通信技术\n能力建设\n").unwrap();
    std::fs::write(
        d.join("a.en.txt"),
        "information and communications technology\ncapacity-building\n",
    )
    .unwrap();
    std::fs::write(d.join("b.zh.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(d.join("b.en.txt"), "text\n").unwrap();
    std::fs::write(d.join("terms.txt"), "能力建设\n").unwrap();
    let args = [
        "align",
        ".",
        ".",
        "--terms",
        "terms.txt",
        "--min-support",
        "1",
    ];
    let loud = run(d, &args, &[]);
    let quiet = run(d, &[&args[..], &["--quiet"]].concat(), &[]);
    assert_eq!(loud.code, 0, "{}", loud.stderr);
    assert!(loud.stderr.contains("skipped"), "{}", loud.stderr);
    assert_eq!((quiet.code, &quiet.stdout), (0, &loud.stdout));
    assert_eq!(quiet.stderr, "");
}

#[test]
fn quiet_merge_prints_only_the_dry_run_listing() {
    let dir = corpus(false);
    let d = dir.path();
    let terms = run(
        d,
        &["extract", "bad.txt", "--min-freq", "1", "--format", "json"],
        &[],
    );
    assert_eq!(terms.code, 0, "{}", terms.stderr);
    std::fs::write(d.join("terms.json"), &terms.stdout).unwrap();

    let dry = run(
        d,
        &["merge", "terms.json", "--into", "g.yaml", "--dry-run", "-q"],
        &[],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(dry.stdout.starts_with("+ cand-"), "{}", dry.stdout);
    assert!(!dry.stdout.contains("would change"), "{}", dry.stdout);

    let merged = run(
        d,
        &["merge", "terms.json", "--into", "g.yaml", "--quiet"],
        &[],
    );
    assert_eq!(
        (merged.code, merged.stdout.as_str(), merged.stderr.as_str()),
        (0, "", "")
    );
    assert!(d.join("g.yaml").is_file());
}
