//! `shuyu extract` in partitions: forced by a small --memory-limit or --partitions, and as
//! separate map and reduce processes, each gives the output of the in-memory run byte for
//! byte (the run time apart); partition files from another run are refused. The dev-set
//! tests need ../shared and are ignored unless asked for.

mod common;

use common::{root, shuyu};
use std::path::Path;
use std::process::Command;

/// The output without the run time, the only thing that may differ between runs.
fn without_seconds(out: &str) -> String {
    out.lines()
        .filter(|l| !l.trim_start().starts_with("\"seconds\":"))
        .map(|l| match l.find(" in ") {
            Some(i) if l.ends_with(" s") && l.contains(" terms from ") => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `shuyu extract args…`, which must succeed; its output without the run time.
fn extract(args: &[&str]) -> String {
    let mut all = vec!["extract"];
    all.extend_from_slice(args);
    let r = shuyu(&all);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    without_seconds(&r.stdout)
}

/// Runs the N maps of `input` into `dir`, then the reduce; returns its output.
fn map_reduce(input: &str, parts: usize, dir: &Path, format: &str, more: &[&str]) -> String {
    let dir = dir.to_str().unwrap();
    for k in 1..=parts {
        let part = format!("{k}/{parts}");
        let mut args = vec!["extract", input, "--map", &part, "--spill", dir, "-q"];
        args.extend_from_slice(more);
        let r = shuyu(&args);
        assert_eq!(r.code, 0, "map {part}: {}", r.stderr);
        assert_eq!(r.stdout, "", "a map prints no terms");
    }
    let mut args = vec![input, "--reduce", dir, "--format", format];
    args.extend_from_slice(more);
    extract(&args)
}

#[test]
fn forced_partitions_give_the_in_memory_output() {
    for format in ["table", "json", "tsv"] {
        let whole = extract(&["corpus/", "--format", format]);
        assert!(whole.contains("信息和通信技术"), "{whole}");
        for forced in [
            &["--memory-limit", "16K"][..],
            &["--partitions", "1"],
            &["--partitions", "3"],
            &["--partitions", "50"],
        ] {
            let mut args = vec!["corpus/", "--format", format, "-q"];
            args.extend_from_slice(forced);
            assert_eq!(extract(&args), whole, "{format} {forced:?}");
        }
    }
}

#[test]
fn map_and_reduce_processes_give_the_one_process_output() {
    let whole = extract(&["corpus/", "--format", "json", "--top", "0"]);
    for parts in [1, 2, 5] {
        let dir = tempfile::tempdir().unwrap();
        let spill = dir.path().join("parts");
        let out = map_reduce("corpus/", parts, &spill, "json", &["--top", "0"]);
        assert_eq!(out, whole, "{parts} partitions");
    }
    let dir = tempfile::tempdir().unwrap();
    let options = ["--min-freq", "3", "--max-len", "4"];
    let out = map_reduce("corpus/", 3, dir.path(), "tsv", &options);
    let mut args = vec!["corpus/", "--format", "tsv"];
    args.extend_from_slice(&options);
    assert_eq!(out, extract(&args));
}

/// Runs shuyu with `TMPDIR` set to `tmp`.
fn with_tmpdir(tmp: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args(args)
        .current_dir(root())
        .env("TMPDIR", tmp)
        .output()
        .unwrap()
}

#[test]
fn temporary_files_go_to_tmpdir_and_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let args = ["extract", "corpus/", "--memory-limit", "16K", "-q"];
    let out = with_tmpdir(tmp.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");

    // A temporary folder that cannot be written to is a clear error, exit 2.
    let missing = tmp.path().join("missing");
    let out = with_tmpdir(&missing, &args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("missing") && err.contains("TMPDIR"), "{err}");
}

#[test]
fn reduce_refuses_partitions_of_another_run() {
    let dir = tempfile::tempdir().unwrap();
    let spill = dir.path().to_str().unwrap();
    for k in ["1/2", "2/2"] {
        let r = shuyu(&["extract", "corpus/", "--map", k, "--spill", spill, "-q"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let reduce = |more: &[&str]| {
        let mut args = vec!["extract", "corpus/", "--reduce", spill];
        args.extend_from_slice(more);
        let r = shuyu(&args);
        assert_eq!(r.code, 2, "{more:?}: {}", r.stdout);
        r.stderr
    };
    let err = reduce(&["--min-freq", "3"]);
    assert!(
        err.contains("part-0001-of-0002.spill") && err.contains("same files"),
        "{err}"
    );
    let err = shuyu(&["extract", "corpus/A_RES_77_36.zh.txt", "--reduce", spill]).stderr;
    assert!(err.contains("counted from other files"), "{err}");

    let second = dir.path().join("part-0002-of-0002.spill");
    let bytes = std::fs::read(&second).unwrap();
    std::fs::write(&second, &bytes[..bytes.len() / 2]).unwrap();
    let err = reduce(&[]);
    assert!(err.contains("part-0002-of-0002.spill: damaged"), "{err}");
    std::fs::write(&second, "not a partition").unwrap();
    let err = reduce(&[]);
    assert!(err.contains("not a partition file"), "{err}");
    std::fs::remove_file(&second).unwrap();
    let err = reduce(&[]);
    assert!(
        err.contains("partition 2 of 2 is missing") && err.contains("--map 2/2"),
        "{err}"
    );
    std::fs::write(dir.path().join("part-0001-of-0003.spill"), "").unwrap();
    let err = reduce(&[]);
    assert!(err.contains("two runs"), "{err}");
}

#[test]
fn partition_flags_are_checked() {
    for (args, says) in [
        (&["--map", "0/3", "--spill", "x"][..], "1 ≤ K ≤ N"),
        (&["--map", "4/3", "--spill", "x"], "1 ≤ K ≤ N"),
        (&["--map", "1/300", "--spill", "x"], "N ≤ 256"),
        (&["--partitions", "300"], "0..=256"),
        (&["--map", "1/3"], "--spill"),
        (&["--memory-limit", "2Q"], "unknown unit"),
        (&["--memory-limit=0"], "not a size"),
        (&["-", "--map", "1/2", "--spill", "x"], "standard input"),
    ] {
        let mut all = vec!["extract"];
        all.extend_from_slice(args);
        let r = shuyu(&all);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
}

/// The UNPC dev set's Chinese side, or a visible failure when ../shared is absent.
fn dev_set() -> String {
    let zh = root().join("../shared/corpus/unpc-devset/UNv1.0.devset.zh");
    assert!(
        zh.is_file(),
        "this test needs the UNPC dev set in ../shared/corpus/unpc-devset"
    );
    zh.to_str().unwrap().to_owned()
}

#[test]
#[ignore = "needs the shared data"]
fn dev_set_in_partitions_and_processes_gives_the_in_memory_output() {
    let zh = dev_set();
    for format in ["json", "tsv", "table"] {
        let whole = extract(&[&zh, "--format", format]);
        let forced = extract(&[&zh, "--format", format, "--memory-limit", "64K", "-q"]);
        assert_eq!(forced, whole, "{format}");
    }
    let whole = extract(&[&zh, "--format", "json", "--top", "0"]);
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        map_reduce(&zh, 4, dir.path(), "json", &["--top", "0"]),
        whole
    );
}
