//! What the benchmarks share: where the data is, and timing a command in its own process.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Runs per measurement; the best wall time is kept.
pub const RUNS: usize = 3;

/// `../shared/<rel>` beside the checkout, or `None` (the benchmark then skips).
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    p.exists().then_some(p)
}

pub fn shuyu() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shuyu"))
}

/// The law corpus's files, sorted, and their size in MB.
pub fn laws(dir: &Path) -> (Vec<PathBuf>, f64) {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    v.sort();
    let bytes: u64 = v.iter().map(|p| p.metadata().map_or(0, |m| m.len())).sum();
    (v, bytes as f64 / 1e6)
}

/// Best wall seconds of `RUNS` runs of the command `make` builds, and the peak RSS in MiB that
/// GNU time reports (when installed).
pub fn measure(make: impl FnMut() -> Command) -> (f64, Option<f64>) {
    let mut makers: Vec<Box<dyn FnMut() -> Command + '_>> = vec![Box::new(make)];
    measure_interleaved(&mut makers, RUNS)[0]
}

/// Like `measure` for several commands, run in turn in each of `rounds` rounds, so that a
/// machine that slows down for a while (a shared virtual machine does) slows all of them
/// alike and their ratios stay meaningful. Best wall seconds and peak RSS per command.
pub fn measure_interleaved(
    makers: &mut [Box<dyn FnMut() -> Command + '_>],
    rounds: usize,
) -> Vec<(f64, Option<f64>)> {
    let mut results = vec![(f64::MAX, None); makers.len()];
    for _ in 0..rounds {
        for (make, result) in makers.iter_mut().zip(&mut results) {
            let (secs, rss) = run_once(make());
            result.0 = result.0.min(secs);
            if let Some(mib) = rss {
                result.1 = Some(result.1.map_or(mib, |r: f64| r.max(mib)));
            }
        }
    }
    results
}

/// Wall seconds and peak RSS (MiB) of one run. Output goes to a file: GNU grep stops at its
/// first match when it sees its output is /dev/null. Exit codes 0 and 1 (findings, no match)
/// are success.
fn run_once(inner: Command) -> (f64, Option<f64>) {
    let gnu_time = Path::new("/usr/bin/time").exists();
    let out = std::env::temp_dir().join(format!("shuyu-bench-{}.out", std::process::id()));
    let mut cmd = if gnu_time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f")
            .arg("RSSKB %M")
            .arg(inner.get_program())
            .args(inner.get_args());
        c
    } else {
        inner
    };
    cmd.stdout(std::fs::File::create(&out).expect("temp file"));
    let start = Instant::now();
    let res = cmd.output().expect("run benchmark process");
    let secs = start.elapsed().as_secs_f64();
    assert!(
        matches!(res.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let err = String::from_utf8_lossy(&res.stderr);
    let rss = err
        .lines()
        .find_map(|l| l.strip_prefix("RSSKB "))
        .map(|kb| kb.trim().parse::<f64>().unwrap_or(0.0) / 1024.0);
    let _ = std::fs::remove_file(&out);
    (secs, rss)
}
