//! `check` on one-line inputs: findings keep a bounded excerpt of their line, positions stay
//! right deep inside a long line, and memory stays near the input's size (checked under an
//! address-space cap far below what copying the line per finding needed).

mod common;

use common::shuyu_in;
use std::path::Path;
use std::process::Command;

/// A deprecated Chinese form of the built-in glossary (`ict`).
const DEPRECATED: &str = "信息通信技术";

/// Runs `shuyu args…` in `dir` with its address space capped at `kb` KiB, as `ulimit -v`.
fn shuyu_capped(dir: &Path, kb: u64, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {kb} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_shuyu"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn many_findings_on_one_line_show_bounded_excerpts_with_the_caret_under_the_match() {
    let dir = tempfile::tempdir().unwrap();
    let unit = format!("{}{DEPRECATED}", "x".repeat(40));
    std::fs::write(dir.path().join("long.zh.txt"), unit.repeat(2_000) + "\n").unwrap();
    let r = shuyu_in(dir.path(), &["check", "long.zh.txt"], "");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.ends_with("2000 errors, 0 warnings in 1 file\n"));
    assert!(r.stdout.lines().all(|l| l.chars().count() < 400));
    let context = "x".repeat(30);
    let shown = format!(" 1 | …{context}{DEPRECATED}{context}…\n");
    let caret = format!("   | {}{}\n", " ".repeat(31), "^".repeat(12));
    assert_eq!(r.stdout.matches(&format!("{shown}{caret}")).count(), 1999);
    // The last match ends the line: nothing after it, no `…`.
    assert!(
        r.stdout
            .contains(&format!(" 1 | …{context}{DEPRECATED}\n{caret}"))
    );
}

#[test]
fn a_finding_deep_inside_a_one_megabyte_line_has_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let filler = "中".repeat(350_000);
    let text = format!("前言\n{DEPRECATED}{filler}{DEPRECATED}尾\n");
    std::fs::write(dir.path().join("deep.txt"), text).unwrap();
    let r = shuyu_in(dir.path(), &["check", "deep.txt"], "");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("deep.txt:2:1: error[deprecated-zh]"));
    assert!(r.stdout.contains("deep.txt:2:350007: error[deprecated-zh]"));
    let tail = format!(" 2 | …{}{DEPRECATED}尾\n", "中".repeat(30));
    assert!(r.stdout.contains(&tail), "{}", r.stdout);
    let json = shuyu_in(dir.path(), &["check", "deep.txt", "--format", "json"], "");
    assert!(json.stdout.contains("\"end_column\": 350013"));
}

#[test]
fn a_marker_far_from_the_match_on_its_line_still_silences_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{DEPRECATED}{}<!-- shuyu-ignore -->\n{DEPRECATED}\n",
        "中".repeat(10_000)
    );
    std::fs::write(dir.path().join("marked.txt"), text).unwrap();
    let r = shuyu_in(dir.path(), &["check", "marked.txt"], "");
    assert!(r.stdout.contains("marked.txt:2:1: error"));
    assert!(!r.stdout.contains("marked.txt:1:"));
    assert!(r.stdout.ends_with("; 1 ignored inline\n"), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn a_one_line_file_of_20000_deprecated_forms_is_checked_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dense.txt"),
        format!("{DEPRECATED}，").repeat(20_000) + "\n",
    )
    .unwrap();
    // Copying the 420 KB line into each finding took about 8 GB.
    let out = shuyu_capped(dir.path(), 1_000_000, &["check", "dense.txt"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.ends_with("20000 errors, 0 warnings in 1 file\n"));
}

#[cfg(unix)]
#[test]
fn a_pair_with_a_one_line_chinese_side_is_checked_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let zh = "会员国注意到可持续发展和能力建设，".repeat(6_000) + "\n";
    let en = "The General Assembly notes the report of the Secretary-General.\n".repeat(2_000);
    std::fs::write(dir.path().join("one.zh.txt"), zh).unwrap();
    std::fs::write(dir.path().join("many.en.txt"), en).unwrap();
    let args = [
        "check",
        "--pair",
        "one.zh.txt",
        "many.en.txt",
        "--fail-on",
        "warning",
    ];
    let out = shuyu_capped(dir.path(), 1_000_000, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("warnings in 2 files (1 zh/en pair)"));
}
