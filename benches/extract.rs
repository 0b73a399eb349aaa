//! Benchmark of `shuyu extract` over ../shared/bench/laws (3,476 laws, 58 MB) against plain
//! jieba-rs segmentation of the same files on the same threads, measured in the same run.
//! Run with `cargo bench --bench extract`; skips when the corpus is absent.
//!
//! Both sides read every file and build jieba's default dictionary, so the ratio is what the
//! extraction stages cost on top of segmentation. Each configuration runs in its own process
//! (peak RSS is per process) and the best of `RUNS` wall times is kept.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const RUNS: usize = 3;

fn laws_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/laws")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    v.sort();
    v
}

/// The baseline: read and segment every file with jieba-rs (HMM on), nothing else.
fn baseline(threads: usize) {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .expect("pool");
    let jieba = jieba_rs::Jieba::new();
    let tokens: usize = files(&laws_dir())
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("utf-8 law");
            jieba.cut(&text, true).len()
        })
        .sum();
    println!("{tokens}");
}

/// Runs `cmd` RUNS times; best wall seconds and the peak RSS (MiB) GNU time reports.
fn measure(mut make: impl FnMut() -> Command) -> (f64, Option<f64>) {
    let gnu_time = Path::new("/usr/bin/time").exists();
    let mut best = f64::MAX;
    let mut rss = None;
    for _ in 0..RUNS {
        let inner = make();
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
        let start = Instant::now();
        let out = cmd.output().expect("run benchmark process");
        let secs = start.elapsed().as_secs_f64();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        best = best.min(secs);
        let err = String::from_utf8_lossy(&out.stderr);
        if let Some(kb) = err.lines().find_map(|l| l.strip_prefix("RSSKB ")) {
            let mib = kb.trim().parse::<f64>().unwrap_or(0.0) / 1024.0;
            rss = Some(rss.map_or(mib, |r: f64| r.max(mib)));
        }
    }
    (best, rss)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--baseline-worker") {
        baseline(args[i + 1].parse().expect("thread count"));
        return;
    }
    let dir = laws_dir();
    if !dir.is_dir() {
        println!("extract benchmark skipped: {} not found", dir.display());
        return;
    }
    let mb = files(&dir)
        .iter()
        .map(|p| p.metadata().map_or(0, |m| m.len()))
        .sum::<u64>() as f64
        / 1e6;
    let me = std::env::current_exe().expect("bench executable");
    let shuyu = env!("CARGO_BIN_EXE_shuyu");
    println!(
        "corpus: {} ({mb:.1} MB), best of {RUNS} runs",
        dir.display()
    );
    println!(
        "{:<8} {:>14} {:>14} {:>8} {:>10}",
        "threads", "jieba (s)", "extract (s)", "ratio", "RSS (MiB)"
    );
    let mut extract_times = Vec::new();
    for threads in [1usize, 2] {
        let (base, _) = measure(|| {
            let mut c = Command::new(&me);
            c.args(["--baseline-worker", &threads.to_string()]);
            c
        });
        let (ext, rss) = measure(|| {
            let mut c = Command::new(shuyu);
            c.args([
                "extract",
                "--format",
                "json",
                "--top",
                "200",
                "--threads",
                &threads.to_string(),
            ])
            .arg(&dir);
            c
        });
        extract_times.push(ext);
        println!(
            "{threads:<8} {base:>9.2} ({:>3.0} MB/s) {ext:>6.2} ({:>3.0} MB/s) {:>6.2}x {:>10}",
            mb / base,
            mb / ext,
            ext / base,
            rss.map_or("n/a".into(), |r| format!("{r:.0}"))
        );
    }
    println!(
        "extract speed-up 1 → 2 threads: {:.2}x",
        extract_times[0] / extract_times[1]
    );
}
