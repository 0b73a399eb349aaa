//! Benchmark of `shuyu extract` over ../shared/bench/laws (3,476 laws, 58 MB) against plain
//! jieba-rs segmentation of the same files on the same threads, measured in the same run.
//! Run with `cargo bench --bench extract`; skips when the corpus is absent.
//!
//! Both sides read every file and build jieba's default dictionary, so the ratio is what the
//! extraction stages cost on top of segmentation. Each configuration runs in its own process
//! (peak RSS is per process); the four configurations take turns in each of `ROUNDS` rounds
//! and the best wall time of each is kept.

mod common;

/// Rounds of the four runs; the best of each is kept. This machine is shared and its speed
/// drifts by a third within minutes, so more rounds than the other benchmarks.
const ROUNDS: usize = 5;
use rayon::prelude::*;
use std::process::Command;

/// The baseline: read and segment every file with jieba-rs (HMM on), nothing else.
fn baseline(threads: usize) {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .expect("pool");
    let jieba = jieba_rs::Jieba::new();
    let dir = common::shared("bench/laws").expect("law corpus");
    let tokens: usize = common::laws(&dir)
        .0
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("utf-8 law");
            jieba.cut(&text, true).len()
        })
        .sum();
    println!("{tokens}");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--baseline-worker") {
        baseline(args[i + 1].parse().expect("thread count"));
        return;
    }
    let Some(dir) = common::shared("bench/laws") else {
        println!("extract benchmark skipped: ../shared/bench/laws not found");
        return;
    };
    let mb = common::laws(&dir).1;
    let me = std::env::current_exe().expect("bench executable");
    println!(
        "corpus: {} ({mb:.1} MB), best of {ROUNDS} interleaved rounds",
        dir.display()
    );
    println!(
        "{:<8} {:>14} {:>14} {:>8} {:>10}",
        "threads", "jieba (s)", "extract (s)", "ratio", "RSS (MiB)"
    );
    // Baseline and extraction, on one and two threads, take turns in every round.
    let mut makers: Vec<Box<dyn FnMut() -> Command>> = Vec::new();
    for threads in [1usize, 2] {
        let me = me.clone();
        makers.push(Box::new(move || {
            let mut c = Command::new(&me);
            c.args(["--baseline-worker", &threads.to_string()]);
            c
        }));
        let dir = dir.clone();
        makers.push(Box::new(move || {
            let mut c = common::shuyu();
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
        }));
    }
    let results = common::measure_interleaved(&mut makers, ROUNDS);
    let mut extract_times = Vec::new();
    for (threads, pair) in [1usize, 2].into_iter().zip(results.chunks(2)) {
        let ((base, _), (ext, rss)) = (pair[0], pair[1]);
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
