//! Hostile and broken input: files that cannot be read never let `check` pass, invalid bytes
//! are replaced rather than dropping a file, walks read regular files only, `--threads` is
//! bounded, bare-CR line endings count as lines, and a few edge cases say what they do.

mod common;

use common::root;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A run that cannot hang the suite: killed after `LIMIT`, which fails the test.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

const LIMIT: Duration = Duration::from_secs(60);

/// Runs `shuyu args…` in the repository root, as user `nobody` when `as_nobody`, killing it
/// after `LIMIT`.
fn run_as(args: &[&str], as_nobody: bool) -> Run {
    let bin = env!("CARGO_BIN_EXE_shuyu");
    let mut cmd = if as_nobody {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            bin,
        ]);
        c
    } else {
        Command::new(bin)
    };
    // Output goes to files: a child blocked on a full pipe would look like a hang.
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    let mut child = cmd
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .expect("the shuyu binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("shuyu {args:?} still running after {LIMIT:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err).unwrap()).into_owned(),
    }
}

fn run(args: &[&str]) -> Run {
    run_as(args, false)
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", r.stdout, r.stderr))
}

/// `rule file line` of every finding of a JSON report.
fn rules(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}",
                f["rule"].as_str().unwrap(),
                Path::new(f["file"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy(),
                f["line"],
                f["column"]
            )
        })
        .collect()
}

/// A temporary directory that user `nobody` can enter and read.
fn open_tempdir() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A Chinese sentence with a deprecated form (能力构建, line 2 column 4).
const DEPRECATED: &str = "大会，\n注意到能力构建对于发展中国家的重要性，\n";

/// Whether the current user reads a mode-000 directory anyway (root does).
fn reads_anything() -> bool {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&locked).is_ok();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    readable
}

/// Whether `setpriv` can run a command as `nobody` here (root in a container usually can).
fn can_run_as_nobody() -> bool {
    Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            "true",
        ])
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs as `nobody` when the current user reads everything, so that permissions bite.
fn run_unprivileged(args: &[&str]) -> Option<Run> {
    if !reads_anything() {
        return Some(run(args));
    }
    if can_run_as_nobody() {
        return Some(run_as(args, true));
    }
    eprintln!("SKIPPED: running as root without setpriv: permissions cannot be tested");
    None
}

#[test]
fn check_reports_a_binary_file_as_unreadable_in_every_format() {
    let dir = open_tempdir();
    std::fs::write(
        dir.path().join("scan.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    std::fs::write(dir.path().join("ok.txt"), "大会，\n回顾其各项决议，\n").unwrap();
    let d = s(dir.path());
    let r = run(&["check", d, "--format", "json"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let v = json(&r);
    assert_eq!(rules(&v), vec!["unreadable scan.txt 1:1"]);
    let f = &v["findings"][0];
    assert_eq!(f["severity"], "error");
    assert!(f["message"].as_str().unwrap().contains("binary"), "{f}");
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["summary"]["errors"], 1);

    let human = run(&["check", d]);
    assert_eq!(human.code, 1);
    assert!(
        human.stdout.contains("scan.txt:1:1: error[unreadable]: "),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("1 error, 0 warnings in 1 file"),
        "{}",
        human.stdout
    );

    let gh = run(&["check", d, "--format", "github"]);
    assert_eq!(gh.code, 1);
    assert!(
        gh.stdout.starts_with("::error file=") && gh.stdout.contains("title=shuyu unreadable::"),
        "{}",
        gh.stdout
    );

    let sarif = run(&["check", d, "--format", "sarif"]);
    assert_eq!(sarif.code, 1);
    let v: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let run0 = &v["runs"][0];
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "unreadable");
    assert_eq!(result["level"], "error");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(run0["tool"]["driver"]["rules"][index]["id"], "unreadable");
}

#[test]
fn check_reports_a_file_with_a_nul_even_when_it_is_the_only_one() {
    let dir = open_tempdir();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, "大会，\0回顾其各项决议，\n").unwrap();
    let r = run(&["check", s(dir.path()), "--format", "json"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(rules(&json(&r)), vec!["unreadable a.txt 1:1"]);
    // Named explicitly, a file that is not text is an error: the user named the wrong file.
    let r = run(&["check", s(&f), "--format", "json"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("a binary file"), "{}", r.stderr);
}

#[test]
fn a_truncated_last_character_is_replaced_and_the_file_still_checked() {
    let dir = open_tempdir();
    let f = dir.path().join("a.txt");
    let mut bytes = DEPRECATED.as_bytes().to_vec();
    bytes.pop(); // the final newline: the file ends inside 议
    bytes.extend_from_slice(&"议".as_bytes()[..2]);
    std::fs::write(&f, &bytes).unwrap();
    let r = run(&["check", s(&f), "--format", "json"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(rules(&json(&r)), vec!["deprecated-zh a.txt 2:4"]);
    let at = bytes.len() - 2;
    assert!(
        r.stderr.contains("a.txt: ") && r.stderr.contains(&format!("byte {at}")),
        "{}",
        r.stderr
    );

    let e = run(&["extract", s(&f), "--format", "json", "--min-freq", "1"]);
    assert_eq!(e.code, 0, "{}", e.stderr);
    assert!(e.stderr.contains(&format!("byte {at}")), "{}", e.stderr);
    assert!(e.stdout.contains("能力构建"), "{}", e.stdout);
}

#[test]
fn a_stray_invalid_byte_in_a_long_file_is_replaced_not_fatal() {
    let dir = open_tempdir();
    let f = dir.path().join("a.txt");
    let mut bytes = DEPRECATED.repeat(20).into_bytes();
    let at = DEPRECATED.len() * 10 + 3;
    bytes.insert(at, 0xFF);
    std::fs::write(&f, &bytes).unwrap();
    let r = run(&["check", s(&f), "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r);
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["findings"].as_array().unwrap().len(), 20);
    assert!(r.stderr.contains(&format!("byte {at}")), "{}", r.stderr);
}

#[test]
fn check_reports_a_permission_denied_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = open_tempdir();
    let f = dir.path().join("secret.txt");
    std::fs::write(&f, DEPRECATED).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::write(dir.path().join("ok.txt"), "大会，\n").unwrap();
    let Some(r) = run_unprivileged(&["check", s(dir.path()), "--format", "json"]) else {
        return;
    };
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(rules(&json(&r)), vec!["unreadable secret.txt 1:1"]);
}

#[test]
fn check_pair_with_a_binary_file_fails_and_with_a_directory_is_refused() {
    let dir = open_tempdir();
    let bin = dir.path().join("random.bin");
    std::fs::write(&bin, [0u8, 159, 146, 150, 7, 0, 1, 2, 3, 255]).unwrap();
    let en = dir.path().join("x.en");
    std::fs::write(&en, "The General Assembly,\n").unwrap();
    let r = run(&["check", "--pair", s(&bin), s(&en), "--format", "json"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("random.bin: a binary file"),
        "{}",
        r.stderr
    );

    let sub = dir.path().join("somedir");
    std::fs::create_dir(&sub).unwrap();
    let r = run(&["check", "--pair", s(&sub), s(&en)]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("somedir") && r.stderr.contains("is a directory"),
        "{}",
        r.stderr
    );

    let r = run(&["check", "--pair", s(&dir.path().join("missing.zh")), s(&en)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("missing.zh"), "{}", r.stderr);
}

#[test]
fn check_with_no_file_to_check_is_a_usage_error() {
    let dir = open_tempdir();
    let r = run(&["check", s(dir.path())]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("no file to check in") && r.stderr.contains(s(dir.path())),
        "{}",
        r.stderr
    );
    std::fs::write(dir.path().join("notes.pdf"), "x").unwrap();
    assert_eq!(run(&["check", s(dir.path())]).code, 2);
}

/// `mkfifo path`.
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(ok.success());
}

#[test]
fn a_fifo_in_a_walked_directory_is_skipped_not_opened() {
    let dir = open_tempdir();
    std::fs::write(dir.path().join("res.txt"), DEPRECATED.repeat(3)).unwrap();
    mkfifo(&dir.path().join("pipe.txt"));
    let d = s(dir.path());

    let e = run(&["extract", d, "--format", "json", "--min-freq", "1"]);
    assert_eq!(e.code, 0, "{}", e.stderr);
    assert!(
        e.stderr.contains("pipe.txt: not a regular file (a FIFO)"),
        "{}",
        e.stderr
    );
    let v = json(&e);
    assert_eq!(v["stats"]["files"], 1);
    assert_eq!(v["stats"]["skipped"], 1);

    let c = run(&["check", d, "--format", "json"]);
    assert_eq!(c.code, 1, "{}", c.stderr);
    assert_eq!(
        rules(&json(&c)),
        vec![
            "unreadable pipe.txt 1:1",
            "deprecated-zh res.txt 2:4",
            "deprecated-zh res.txt 4:4",
            "deprecated-zh res.txt 6:4"
        ]
    );
}

#[test]
fn a_fifo_named_on_the_command_line_is_refused_not_opened() {
    let dir = open_tempdir();
    let fifo = dir.path().join("pipe.txt");
    mkfifo(&fifo);
    let en = dir.path().join("x.en");
    std::fs::write(&en, "The General Assembly,\n").unwrap();
    for args in [
        vec!["extract", s(&fifo)],
        vec!["check", s(&fifo)],
        vec!["check", "--pair", s(&fifo), s(&en)],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("pipe.txt") && r.stderr.contains("a FIFO"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn an_unreadable_subdirectory_is_skipped_like_an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = open_tempdir();
    std::fs::write(dir.path().join("res.txt"), DEPRECATED.repeat(3)).unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("a.txt"), DEPRECATED).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let d = s(dir.path()).to_owned();
    let extract = run_unprivileged(&["extract", &d, "--format", "json", "--min-freq", "1"]);
    let check = run_unprivileged(&["check", &d, "--format", "json"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (Some(e), Some(c)) = (extract, check) else {
        return;
    };
    assert_eq!(e.code, 0, "{}", e.stderr);
    assert!(e.stderr.contains("locked: "), "{}", e.stderr);
    assert_eq!(json(&e)["stats"]["skipped"], 1);
    assert_eq!(c.code, 1, "{}", c.stderr);
    assert_eq!(
        rules(&json(&c)),
        vec![
            "unreadable locked 1:1",
            "deprecated-zh res.txt 2:4",
            "deprecated-zh res.txt 4:4",
            "deprecated-zh res.txt 6:4"
        ]
    );
}

#[test]
fn threads_beyond_the_cap_are_a_usage_error() {
    let corpus = root().join("corpus");
    for n in ["100000", "1025", &u64::MAX.to_string()] {
        for cmd in ["extract", "check"] {
            let r = run(&[cmd, s(&corpus), "--threads", n]);
            assert_eq!(r.code, 2, "{cmd} --threads {n}: {}", r.stderr);
            assert!(r.stderr.contains("1024"), "{}", r.stderr);
        }
    }
    let r = run(&["check", s(&corpus), "--threads", "1024"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn bare_cr_line_endings_are_lines() {
    let dir = open_tempdir();
    for (name, eol) in [("mac.txt", "\r"), ("dos.txt", "\r\n"), ("unix.txt", "\n")] {
        let f = dir.path().join(name);
        let text = format!("大会，{eol}回顾其决议，{eol}注意到能力构建的重要性，{eol}");
        std::fs::write(&f, &text).unwrap();
        let r = run(&["check", s(&f), "--format", "json"]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert_eq!(rules(&json(&r)), vec![format!("deprecated-zh {name} 3:4")]);
        let human = run(&["check", s(&f)]);
        assert!(
            human.stdout.contains(" 3 | 注意到能力构建的重要性，\n"),
            "{name}: {:?}",
            human.stdout
        );
        let e = run(&[
            "extract",
            s(&f),
            "--format",
            "json",
            "--min-freq",
            "1",
            "--contexts",
            "1",
        ]);
        let v = json(&e);
        let hit = v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["term"] == "能力构建")
            .unwrap_or_else(|| panic!("{name}: {}", e.stdout));
        let c = &hit["contexts"][0];
        assert_eq!(
            (c["line"].as_u64(), c["column"].as_u64()),
            (Some(3), Some(4)),
            "{name}"
        );
    }
}

#[test]
fn lookup_with_limit_0_says_why_nothing_close_is_shown() {
    let r = run(&["lookup", "信息", "--limit", "0"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("none close to it"), "{}", r.stdout);
    assert!(r.stdout.contains("--limit 0"), "{}", r.stdout);
}

#[test]
fn align_with_both_files_empty_is_an_error_like_one_empty() {
    let dir = open_tempdir();
    let (zh, en) = (dir.path().join("a.zh"), dir.path().join("a.en"));
    std::fs::write(&zh, "").unwrap();
    std::fs::write(&en, "\n").unwrap();
    let r = run(&["align", s(&zh), s(&en)]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("empty"), "{}", r.stderr);
}

#[test]
fn a_symlink_to_a_file_in_a_walked_directory_is_read() {
    let dir = open_tempdir();
    let target: PathBuf = dir.path().join("real.md");
    std::fs::write(&target, DEPRECATED).unwrap();
    let sub = dir.path().join("docs");
    std::fs::create_dir(&sub).unwrap();
    std::os::unix::fs::symlink(&target, sub.join("link.txt")).unwrap();
    let r = run(&["check", s(&sub), "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(rules(&json(&r)), vec!["deprecated-zh link.txt 2:4"]);
}

#[test]
fn a_baseline_never_silences_an_unreadable_file() {
    let dir = open_tempdir();
    std::fs::write(dir.path().join("scan.txt"), b"\x89PNG\0\0").unwrap();
    std::fs::write(dir.path().join("res.txt"), DEPRECATED).unwrap();
    let baseline = dir.path().join("baseline.json");
    let d = s(dir.path());
    let w = run(&["check", d, "--write-baseline", s(&baseline)]);
    assert_eq!(w.code, 0, "{}", w.stderr);
    let recorded = std::fs::read_to_string(&baseline).unwrap();
    assert!(!recorded.contains("unreadable"), "{recorded}");
    let r = run(&["check", d, "--baseline", s(&baseline), "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(rules(&json(&r)), vec!["unreadable scan.txt 1:1"]);
}
