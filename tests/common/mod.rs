//! Helpers shared by the command-line tests: run the built binary, read the shipped files.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The outcome of one run of `shuyu`.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `shuyu args…` in `dir`, with `stdin` as standard input.
pub fn shuyu_in(dir: &Path, args: &[&str], stdin: &str) -> Run {
    shuyu_in_bytes(dir, args, stdin.as_bytes())
}

/// Runs `shuyu args…` in `dir`, with raw bytes (UTF-16, invalid UTF-8) as standard input.
pub fn shuyu_in_bytes(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the shuyu binary runs");
    // Written from a thread so a large input cannot deadlock against a full stdout pipe; a
    // command that fails before reading its input closes the pipe, which is not an error here.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `shuyu args…` in the repository root.
pub fn shuyu(args: &[&str]) -> Run {
    shuyu_in(&root(), args, "")
}

/// Runs `shuyu args…` in the repository root and returns its raw output, with colour off and
/// no GitHub step summary, whatever the environment the tests run in.
pub fn output(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("the shuyu binary runs")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn shipped_glossary() -> PathBuf {
    root().join("glossary/un-ict-security.yaml")
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}
