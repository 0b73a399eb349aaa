//! What shuyu's writes do to what is already at a path: exports write devices, FIFOs and
//! standard output in place; glossaries are replaced only as regular files, under a lock that
//! concurrent and killed merges respect, keeping mode and owner; stale temporary files are
//! cleaned; and every command that prints reports an output it cannot write.
#![cfg(unix)]

mod common;
use common::{root, shipped_glossary, shuyu, shuyu_in};
use shuyu::glossary::Glossary;
use std::collections::BTreeSet;
use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shuyu"))
}

fn text(out: &Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A Chinese term of four characters no other term shares, so that no two are variants.
fn term(k: usize) -> String {
    (0..4)
        .map(|j| char::from_u32(0x4E00 + 4 * k as u32 + j).unwrap())
        .collect()
}

/// `shuyu extract --format json` output proposing `terms`.
fn candidates(terms: &[String]) -> String {
    let items: Vec<String> = terms
        .iter()
        .map(|t| {
            format!(
                r#"{{"term":"{t}","freq":3,"docs":1,"score":1.0,"known":null,"variant_of":null,"contexts":[]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"terms":[{}],"stats":{{"files":1,"chars":1,"skipped":0,"seconds":0.0}}}}"#,
        items.join(",")
    )
}

fn write_candidates(dir: &Path, name: &str, terms: &[String]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, candidates(terms)).unwrap();
    p
}

fn forms(path: &Path) -> BTreeSet<String> {
    Glossary::load(path)
        .unwrap()
        .entries
        .iter()
        .filter_map(|e| e.zh.as_ref().map(|l| l.preferred.clone()))
        .collect()
}

fn merge(candidates: &Path, into: &Path) -> Output {
    bin()
        .args(["merge", candidates.to_str().unwrap(), "--into"])
        .arg(into)
        .output()
        .unwrap()
}

/// A device node like `/dev/null` (1 3) or `/dev/full` (1 7), made in a test directory so a
/// test never touches the system's own; `None` (and a note) where devices cannot be made.
fn device(dir: &Path, name: &str, minor: &str) -> Option<PathBuf> {
    let p = dir.join(name);
    let made = Command::new("mknod")
        .arg(&p)
        .args(["c", "1", minor])
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: cannot make device nodes here");
    }
    made.then_some(p)
}

fn is_char_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// `shuyu args…` in `dir` as user nobody; `None` (and a note) unless the tests run as root and
/// `setpriv` exists.
fn as_nobody(dir: &Path, args: &[&str]) -> Option<(i32, String, String)> {
    let runs = is_root()
        && Command::new("setpriv")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if !runs {
        eprintln!("skipped: the unprivileged case needs root and setpriv");
        return None;
    }
    let out = Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_shuyu"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    Some(text(&out))
}

fn nobody_ids() -> (u32, u32) {
    let id = |flag| {
        let o = Command::new("id").args([flag, "nobody"]).output().unwrap();
        String::from_utf8_lossy(&o.stdout).trim().parse().unwrap()
    };
    (id("-u"), id("-g"))
}

/// A directory user nobody can enter (`mode` says whether it may write there too).
fn shared_dir(mode: u32) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    d
}

// Case 1: what is at the path decides how it is written.

#[test]
fn export_dash_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let plain = shuyu(&["export", "--format", "tsv"]);
    let r = shuyu_in(dir.path(), &["export", "--format", "tsv", "-o", "-"], "");
    assert_eq!((r.code, &r.stdout), (0, &plain.stdout), "{}", r.stderr);
    assert!(!dir.path().join("-").exists());
}

#[test]
fn export_writes_a_device_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let Some(null) = device(dir.path(), "null", "3") else {
        return;
    };
    let r = shuyu_in(dir.path(), &["export", "--format", "tsv", "-o", "null"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(is_char_device(&null), "the device became a regular file");

    let full = device(dir.path(), "full", "7").unwrap();
    let r = shuyu_in(dir.path(), &["export", "--format", "tsv", "-o", "full"], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("full: cannot write: No space left on device"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("wrote"), "{}", r.stderr);
    assert!(is_char_device(&full), "the device became a regular file");
}

#[test]
fn export_writes_a_fifo_to_its_reader() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let expected = shuyu(&["export", "--format", "csv"]).stdout;
    // Opened for reading and writing, so that neither this open nor shuyu's waits for the
    // other, and a build that replaces the FIFO leaves the reader waiting, not the test.
    let end = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    let n = expected.len();
    let reader = std::thread::spawn(move || {
        let mut buf = vec![0; n];
        (&end).read_exact(&mut buf).map(|()| buf)
    });
    let r = shuyu_in(dir.path(), &["export", "--format", "csv", "-o", "pipe"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    for _ in 0..100 {
        if reader.is_finished() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(reader.is_finished(), "nothing reached the FIFO's reader");
    assert_eq!(reader.join().unwrap().unwrap(), expected.as_bytes());
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind));
}

/// `-o /dev/stdout`, through a link in a test directory so that a build without the fix
/// replaces that link rather than the system's `/dev/stdout`.
#[cfg(target_os = "linux")]
#[test]
fn export_through_dev_stdout_reaches_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::os::unix::fs::symlink("/dev/stdout", &out).unwrap();
    let expected = shuyu(&["export", "--format", "tsv"]).stdout;
    let args = ["export", "--format", "tsv", "-o", out.to_str().unwrap()];

    // A pipe.
    let (code, stdout, stderr) = text(&bin().args(args).output().unwrap());
    assert_eq!((code, &stdout), (0, &expected), "{stderr}");
    assert!(std::fs::symlink_metadata(&out).unwrap().is_symlink());

    // A file the shell opened to append to (`>> log`): it keeps what it had.
    let log = dir.path().join("log");
    std::fs::write(&log, "earlier\n").unwrap();
    let append = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let r = bin().args(args).stdout(append).output().unwrap();
    assert_eq!(r.status.code(), Some(0), "{}", text(&r).2);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        format!("earlier\n{expected}")
    );
}

#[test]
fn export_into_a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let r = shuyu_in(dir.path(), &["export", "--format", "tsv", "-o", "sub"], "");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("sub: is a directory: name a file to write to"),
        "{}",
        r.stderr
    );
}

#[test]
fn merge_refuses_a_glossary_that_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let cands = write_candidates(dir.path(), "c.json", &[term(0)]);
    let Some(null) = device(dir.path(), "null.yaml", "3") else {
        return;
    };
    let (code, _, stderr) = text(&merge(&cands, &null));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("null.yaml: is a character device, not a regular file"),
        "{stderr}"
    );
    assert!(is_char_device(&null));
    assert!(!dir.path().join(".null.yaml.lock").exists());
}

// Case 2: concurrent and killed merges.

#[test]
fn concurrent_merges_keep_every_entry() {
    const WRITERS: usize = 8;
    const MERGES: usize = 4;
    const TERMS: usize = 3;
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("g.yaml");
    let mut expected = BTreeSet::new();
    let mut jobs = Vec::new();
    for w in 0..WRITERS {
        let mut files = Vec::new();
        for m in 0..MERGES {
            let first = (w * MERGES + m) * TERMS;
            let terms: Vec<String> = (first..first + TERMS).map(term).collect();
            expected.extend(terms.iter().cloned());
            files.push(write_candidates(
                dir.path(),
                &format!("c{w}-{m}.json"),
                &terms,
            ));
        }
        let into = into.clone();
        jobs.push(std::thread::spawn(move || {
            files
                .iter()
                .map(|f| text(&merge(f, &into)))
                .collect::<Vec<_>>()
        }));
    }
    for job in jobs {
        for (code, _, stderr) in job.join().unwrap() {
            assert_eq!(code, 0, "{stderr}");
        }
    }
    assert_eq!(forms(&into), expected);
    let lint = shuyu(&["glossary", "lint", into.to_str().unwrap()]);
    assert_eq!(lint.code, 0, "{}{}", lint.stdout, lint.stderr);
}

fn hold_lock(glossary: &Path) -> std::fs::File {
    let name = glossary.file_name().unwrap().to_str().unwrap();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(glossary.with_file_name(format!(".{name}.lock")))
        .unwrap();
    lock.lock().unwrap();
    lock
}

#[test]
fn a_merge_waits_for_the_lock_then_merges_into_the_holders_result() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("g.yaml");
    let second = write_candidates(dir.path(), "b.json", &[term(1)]);
    let lock = hold_lock(&into);
    let mut child = bin()
        .args(["merge", second.to_str().unwrap(), "--into"])
        .arg(&into)
        .env("SHUYU_LOCK_TIMEOUT", "60")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the merge did not wait"
    );
    assert!(!into.exists());
    // What the holder writes is what the waiting merge merges into.
    std::fs::write(
        &into,
        format!(
            "version: 1\nentries:\n  - id: held\n    type: term\n    status: candidate\n    zh: {}\n",
            term(0)
        ),
    )
    .unwrap();
    drop(lock);
    let out = child.wait_with_output().unwrap();
    let (code, _, stderr) = text(&out);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "shuyu: waiting for the lock on {} held by another shuyu",
            into.display()
        )),
        "{stderr}"
    );
    assert_eq!(forms(&into), BTreeSet::from([term(0), term(1)]));
}

#[test]
fn a_lock_held_too_long_is_an_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("g.yaml");
    std::fs::copy(shipped_glossary(), &into).unwrap();
    let before = std::fs::read(&into).unwrap();
    let cands = write_candidates(dir.path(), "c.json", &[term(0)]);
    let _lock = hold_lock(&into);
    let out = bin()
        .args(["merge", cands.to_str().unwrap(), "--into"])
        .arg(&into)
        .env("SHUYU_LOCK_TIMEOUT", "0.5")
        .output()
        .unwrap();
    let (code, _, stderr) = text(&out);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("g.yaml: another shuyu has held its lock"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&into).unwrap(), before);

    // glossary fmt takes the same lock.
    std::fs::write(
        &into,
        "version: 1\nentries:\n  - {id: x, status: candidate, zh: 甲}\n",
    )
    .unwrap();
    let out = bin()
        .args(["glossary", "fmt"])
        .arg(&into)
        .env("SHUYU_LOCK_TIMEOUT", "0.5")
        .output()
        .unwrap();
    let (code, _, stderr) = text(&out);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("another shuyu has held its lock"),
        "{stderr}"
    );
}

/// A small deterministic generator: the kill moments vary, the test does not.
fn next(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

#[test]
fn killed_merges_leave_a_glossary_that_loads_and_no_stale_lock() {
    const ROUNDS: usize = 12;
    const PER_ROUND: usize = 4;
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("g.yaml");
    std::fs::copy(shipped_glossary(), &into).unwrap();
    let mut must_have = BTreeSet::new();
    let mut seed = 17;
    let mut killed = 0;
    for round in 0..ROUNDS {
        let mut children = Vec::new();
        for i in 0..PER_ROUND {
            let k = 1000 + (round * PER_ROUND + i) * 2;
            let terms = vec![term(k), term(k + 1)];
            let f = write_candidates(dir.path(), &format!("c{round}-{i}.json"), &terms);
            let child = bin()
                .args(["merge", f.to_str().unwrap(), "--into"])
                .arg(&into)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            children.push((child, terms));
        }
        std::thread::sleep(Duration::from_millis(next(&mut seed) % 60));
        for (child, _) in &mut children {
            if next(&mut seed) & 1 == 1 {
                let _ = child.kill();
                killed += 1;
            }
        }
        for (mut child, terms) in children {
            if child.wait().unwrap().success() {
                must_have.extend(terms);
            }
        }
        let loaded = forms(&into);
        assert!(
            must_have.is_subset(&loaded),
            "round {round}: an entry was lost"
        );
    }
    assert!(killed > 0);
    // A merge after all the killing is not blocked, and leaves no temporary file behind.
    let last = write_candidates(dir.path(), "last.json", &[term(5000)]);
    let out = bin()
        .args(["merge", last.to_str().unwrap(), "--into"])
        .arg(&into)
        .env("SHUYU_LOCK_TIMEOUT", "5")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).2);
    assert!(forms(&into).contains(&term(5000)));
    let lint = shuyu(&["glossary", "lint", into.to_str().unwrap()]);
    assert_eq!(lint.code, 0, "{}", lint.stdout);
    let temps: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
}

// Case 4: permissions, owners, links.

#[test]
fn merge_keeps_the_glossarys_mode_and_owner() {
    if !is_root() {
        eprintln!("skipped: giving a file to another owner needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("g.yaml");
    std::fs::copy(shipped_glossary(), &into).unwrap();
    let (uid, gid) = nobody_ids();
    std::os::unix::fs::chown(&into, Some(uid), Some(gid)).unwrap();
    std::fs::set_permissions(&into, std::fs::Permissions::from_mode(0o640)).unwrap();
    let cands = write_candidates(dir.path(), "c.json", &[term(0)]);
    let (code, _, stderr) = text(&merge(&cands, &into));
    assert_eq!(code, 0, "{stderr}");
    assert!(forms(&into).contains(&term(0)));
    let meta = std::fs::metadata(&into).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (uid, gid));
    assert_eq!(meta.mode() & 0o7777, 0o640);
}

#[test]
fn a_read_only_glossary_is_refused() {
    let dir = shared_dir(0o777);
    let into = dir.path().join("g.yaml");
    std::fs::copy(shipped_glossary(), &into).unwrap();
    std::fs::set_permissions(&into, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&into).unwrap();
    write_candidates(dir.path(), "c.json", &[term(0)]);
    let expect = "g.yaml: is read-only (mode 444): make it writable (chmod u+w g.yaml)";

    // Whoever runs it, root included.
    let r = shuyu_in(dir.path(), &["merge", "c.json", "--into", "g.yaml"], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(expect), "{}", r.stderr);
    assert_eq!(std::fs::read(&into).unwrap(), before);
    std::fs::write(
        &into,
        "version: 1\nentries:\n  - {id: x, status: candidate, zh: 甲}\n",
    )
    .unwrap();
    let unformatted = std::fs::read(&into).unwrap();
    let r = shuyu_in(dir.path(), &["glossary", "fmt", "g.yaml"], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(expect), "{}", r.stderr);
    assert_eq!(std::fs::read(&into).unwrap(), unformatted);

    // Its owner, unprivileged.
    std::fs::copy(shipped_glossary(), &into).unwrap();
    let (uid, gid) = nobody_ids();
    std::os::unix::fs::chown(&into, Some(uid), Some(gid)).unwrap_or_default();
    std::fs::set_permissions(&into, std::fs::Permissions::from_mode(0o444)).unwrap();
    if let Some((code, _, stderr)) = as_nobody(dir.path(), &["merge", "c.json", "--into", "g.yaml"])
    {
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(expect), "{stderr}");
        assert_eq!(std::fs::read(&into).unwrap(), before);
    }
}

#[test]
fn another_users_glossary_is_not_taken_over() {
    // Writable by all, in a directory all may write: nobody could replace it, but the new file
    // would belong to nobody.
    let dir = shared_dir(0o777);
    let into = dir.path().join("g.yaml");
    std::fs::copy(shipped_glossary(), &into).unwrap();
    std::fs::set_permissions(&into, std::fs::Permissions::from_mode(0o666)).unwrap();
    let before = std::fs::read(&into).unwrap();
    write_candidates(dir.path(), "c.json", &[term(0)]);
    let Some((code, _, stderr)) = as_nobody(dir.path(), &["merge", "c.json", "--into", "g.yaml"])
    else {
        return;
    };
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("g.yaml: cannot keep its owner (uid 0, gid 0)"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&into).unwrap(), before);
    assert_eq!(std::fs::metadata(&into).unwrap().uid(), 0);
}

#[test]
fn a_hard_linked_glossary_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("g.yaml");
    std::fs::copy(shipped_glossary(), &into).unwrap();
    let other = dir.path().join("copy.yaml");
    std::fs::hard_link(&into, &other).unwrap();
    let before = std::fs::read(&into).unwrap();
    let cands = write_candidates(dir.path(), "c.json", &[term(0)]);
    let (code, _, stderr) = text(&merge(&cands, &into));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("g.yaml: has 2 hard links"), "{stderr}");
    assert_eq!(std::fs::read(&into).unwrap(), before);
    assert_eq!(std::fs::metadata(&into).unwrap().nlink(), 2);
}

#[test]
fn a_directory_that_cannot_be_written_is_named() {
    // The glossary is nobody's and writable; the directory is root's.
    let dir = shared_dir(0o755);
    let into = dir.path().join("g.yaml");
    std::fs::copy(shipped_glossary(), &into).unwrap();
    let before = std::fs::read(&into).unwrap();
    write_candidates(dir.path(), "c.json", &[term(0)]);
    if is_root() {
        let (uid, gid) = nobody_ids();
        std::os::unix::fs::chown(&into, Some(uid), Some(gid)).unwrap();
    }
    let Some((code, _, stderr)) = as_nobody(dir.path(), &["merge", "c.json", "--into", "g.yaml"])
    else {
        return;
    };
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "g.yaml: cannot create a file in its directory {}: Permission denied (os error 13): \
             a file is replaced through a temporary file beside it, so the directory must be \
             writable",
            dir.path().display()
        )),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&into).unwrap(), before);
}

// Case 5: stale temporary files.

#[test]
fn stale_temporary_files_neither_block_nor_stay() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("g.yaml");
    std::fs::copy(shipped_glossary(), &into).unwrap();
    let plant = |name: &str, age: u64| {
        let p = dir.path().join(name);
        let f = std::fs::File::create(&p).unwrap();
        f.set_modified(std::time::SystemTime::now() - Duration::from_secs(age))
            .unwrap();
        p
    };
    let pid_named = plant(&format!(".g.yaml.shuyu-{}.tmp", std::process::id() + 1), 0);
    let own = plant(".g.yaml.shuyu-Xq3ZpA.tmp", 0);
    let unnamed_old = plant(".shuyu-Xq3ZpA.tmp", 3600);
    let unnamed_young = plant(".shuyu-Kd8WmB.tmp", 0);
    let others = plant(".h.yaml.shuyu-Xq3ZpA.tmp", 3600);
    let cands = write_candidates(dir.path(), "c.json", &[term(0)]);
    let (code, _, stderr) = text(&merge(&cands, &into));
    assert_eq!(code, 0, "{stderr}");
    assert!(forms(&into).contains(&term(0)));
    for gone in [&pid_named, &own, &unnamed_old] {
        assert!(!gone.exists(), "{} was left", gone.display());
    }
    // Another glossary's, and one a run may still be writing, are not this merge's to remove.
    assert!(others.exists() && unnamed_young.exists());
}

// Case 8: standard output that cannot be written.

#[cfg(target_os = "linux")]
#[test]
fn every_command_that_prints_reports_a_full_standard_output() {
    assert!(
        is_char_device(Path::new("/dev/full")),
        "/dev/full is not a device here"
    );
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("g.yaml");
    std::fs::copy(shipped_glossary(), &into).unwrap();
    let cands = write_candidates(dir.path(), "c.json", &[term(0)]);
    let messy = dir.path().join("messy.yaml");
    std::fs::write(
        &messy,
        "version: 1\nentries:\n  - {id: x, status: candidate, zh: 甲}\n",
    )
    .unwrap();
    let lint_problem = common::fixture("lint/duplicate-id.yaml");
    let runs: Vec<Vec<&str>> = vec![
        vec!["extract", "corpus/"],
        vec!["check", "tests/fixtures/check/zh"],
        vec![
            "align",
            "tests/fixtures/align/devset_excerpt.zh",
            "tests/fixtures/align/devset_excerpt.en",
        ],
        vec![
            "merge",
            cands.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
            "--dry-run",
        ],
        vec!["lookup", "能力建设"],
        vec!["lookup", "no-such-term"],
        vec!["glossary", "lint", lint_problem.to_str().unwrap()],
        vec!["glossary", "fmt", "--check", messy.to_str().unwrap()],
        vec!["export", "--format", "tsv"],
    ];
    // `-o` a full device: one made here, so that a build without the fix cannot replace the
    // system's /dev/full.
    let device_full = device(dir.path(), "full", "7");
    let mut runs = runs;
    if let Some(full) = &device_full {
        runs.push(vec![
            "export",
            "--format",
            "html",
            "-o",
            full.to_str().unwrap(),
        ]);
    }
    for args in runs {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = bin()
            .args(&args)
            .current_dir(root())
            .stdout(full)
            .output()
            .unwrap();
        let (code, _, stderr) = text(&out);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains("No space left on device"),
            "{args:?}: {stderr}"
        );
    }
    assert!(is_char_device(Path::new("/dev/full")));
}
