//! Standard output that cannot be written: a closed pipe is the reader's choice (exit 0), any
//! other failure means the user has no output and must be told (exit 2).

mod common;
use std::io::Read;
use std::process::{Command, Stdio};

#[cfg(target_os = "linux")]
#[test]
fn a_full_device_is_an_error() {
    for args in [
        &["export", "--format", "tsv"][..],
        &["lookup", "能力建设"],
        &["extract", "corpus/"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_shuyu"))
            .args(args)
            .current_dir(common::root())
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output"),
            "{stderr}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Enough output to overflow a pipe buffer, so the write really meets the closed pipe.
    let mut child = Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args([
            "extract",
            "corpus/",
            "--top",
            "0",
            "--min-freq",
            "1",
            "--contexts",
            "20",
        ])
        .args(["--format", "json"])
        .current_dir(common::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here: the rest of the output meets a closed pipe.
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}
