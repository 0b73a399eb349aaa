//! Resource bounds: every command on a generated glossary of 100,000 entries against the same
//! command on the built-in glossary, beside the time the generated file takes to parse; then
//! inputs that used to take minutes (YAML nested 100,000 deep, a form of 30,000 characters, a
//! query of 100,000 characters), which must now fail at once.
//!
//! `cargo bench --bench bounds` runs it all. `cargo bench --bench bounds -- generate DIR`
//! only writes the generated glossary (and the other inputs) to DIR, to measure by hand.
//! `SHUYU_BIN=path` measures another build of shuyu (an older one, say), `BOUNDS_RUNS=n` sets
//! the runs per measurement (the best is kept; default 3), `BOUNDS_ENTRIES=n` the size of the
//! generated glossary, `BOUNDS_TIMEOUT=s` stops each run after s seconds (with `timeout`).

mod common;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let entries = env_usize("BOUNDS_ENTRIES", 100_000);
    if let Some(i) = args.iter().position(|a| a == "generate") {
        let dir = PathBuf::from(args.get(i + 1).expect("generate DIR"));
        std::fs::create_dir_all(&dir).expect("create DIR");
        write_inputs(&dir, entries);
        println!("wrote the inputs to {}", dir.display());
        return;
    }
    let tmp = tempfile::tempdir().expect("temporary directory");
    let dir = tmp.path();
    write_inputs(dir, entries);
    let runs = env_usize("BOUNDS_RUNS", common::RUNS);
    let generated = dir.join("glossary.yaml");
    let parse = best(runs, || {
        let start = Instant::now();
        shuyu::glossary::Glossary::load_all(std::slice::from_ref(&generated))
            .expect("the generated glossary loads");
        start.elapsed().as_secs_f64()
    });
    let size = std::fs::metadata(&generated).map_or(0, |m| m.len());
    println!(
        "generated glossary: {entries} entries, {:.1} MB, parsed in {parse:.2} s (best of {runs})\n",
        size as f64 / 1e6
    );
    commands_table(dir, runs, parse);
    hostile_table(dir, runs);
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn best(runs: usize, mut f: impl FnMut() -> f64) -> f64 {
    (0..runs.max(1)).map(|_| f()).fold(f64::MAX, f64::min)
}

/// Each command with the built-in glossary and with the generated one (`{G}` in its
/// arguments: `--glossary` and the file, or the file alone).
fn commands_table(dir: &Path, runs: usize, parse: f64) {
    let generated = dir.join("glossary.yaml");
    let builtin = dir.join("builtin.yaml");
    let candidates = dir.join("candidates.json");
    let commands: Vec<(&str, Vec<String>)> = vec![
        ("extract corpus/", args("extract corpus/ --format json {G}")),
        ("check corpus/ (Chinese)", args("check corpus/ {G}")),
        (
            "check tests/fixtures/check (pairs, English)",
            args("check tests/fixtures/check {G}"),
        ),
        (
            "align devset_excerpt",
            args(
                "align tests/fixtures/align/devset_excerpt.zh tests/fixtures/align/devset_excerpt.en {G}",
            ),
        ),
        ("lookup, exact", args("lookup 能力建设 {G}")),
        ("lookup, closest", args("lookup 能力构筑措施 {G}")),
        ("export --format tbx", args("export --format tbx {G}")),
        ("glossary lint", args("glossary lint {F}")),
        ("glossary fmt --check", args("glossary fmt --check {F}")),
        ("merge --dry-run", {
            let mut a = args("merge --dry-run --into {F}");
            a.push(candidates.display().to_string());
            a
        }),
    ];
    let mut out = String::from(
        "| command | built-in glossary | 100,000 entries | ÷ (built-in + parse) |\n|---|---|---|---|\n",
    );
    for (label, a) in &commands {
        let with = |g: Option<&Path>, file: &Path| -> Vec<String> {
            let mut v = Vec::new();
            for x in a {
                match x.as_str() {
                    "{G}" => {
                        if let Some(g) = g {
                            v.extend(["--glossary".to_owned(), g.display().to_string()]);
                        }
                    }
                    "{F}" => v.push(file.display().to_string()),
                    _ => v.push(x.clone()),
                }
            }
            v
        };
        let base = measure(runs, &with(None, &builtin));
        let big = measure(runs, &with(Some(&generated), &generated));
        let _ = writeln!(
            out,
            "| `{label}` | {} | {} | {:.2} |",
            cell(base),
            cell(big),
            big.0 / (base.0 + parse)
        );
    }
    println!("{out}");
}

/// Inputs that must fail at once: exit code, time and peak RSS of each.
fn hostile_table(dir: &Path, runs: usize) {
    let d = |name: &str| dir.join(name).display().to_string();
    // Ten words of 10,000 characters: one argument may not exceed 128 KiB.
    let mut lookup_long = vec![
        "lookup".to_owned(),
        "--glossary".to_owned(),
        d("glossary.yaml"),
    ];
    lookup_long.extend(std::iter::repeat_n("能".repeat(10_000), 10));
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "lookup, YAML nested 100,000 deep (200 KB)",
            vec![
                "lookup".into(),
                "--glossary".into(),
                d("deep.yaml"),
                "x".into(),
            ],
        ),
        (
            "glossary lint, the same file",
            vec!["glossary".into(), "lint".into(), d("deep.yaml")],
        ),
        (
            "check, a form of 30,000 characters",
            vec![
                "check".into(),
                "--glossary".into(),
                d("form30000.yaml"),
                "corpus/".into(),
            ],
        ),
        (
            "check, a form of 100,000 characters",
            vec![
                "check".into(),
                "--glossary".into(),
                d("form100000.yaml"),
                "corpus/".into(),
            ],
        ),
        (
            "lookup, a query of 100,000 characters, 100,000 entries",
            lookup_long,
        ),
    ];
    let mut out = String::from("| input | exit | time, peak RSS |\n|---|---|---|\n");
    for (label, a) in &cases {
        let r = measure_any(runs, a);
        let _ = writeln!(out, "| {label} | {} | {} |", r.2, cell(r));
    }
    println!("{out}");
}

fn args(s: &str) -> Vec<String> {
    s.split(' ').map(str::to_owned).collect()
}

fn cell((secs, rss, code): (f64, Option<f64>, i32)) -> String {
    match rss {
        _ if code == TIMED_OUT => format!("timed out after {secs:.0} s"),
        Some(mib) => format!("{secs:.2} s, {mib:.0} MiB"),
        None => format!("{secs:.2} s"),
    }
}

/// The exit code of `timeout` when it stopped the command.
const TIMED_OUT: i32 = 124;

/// The shuyu to measure: `SHUYU_BIN`, else this build's.
fn shuyu() -> Command {
    let mut c = Command::new(bin());
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn bin() -> PathBuf {
    std::env::var_os("SHUYU_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_shuyu")), PathBuf::from)
}

/// Best wall time, peak RSS and exit code of `shuyu args`, which must exit 0 or 1 (or time
/// out).
fn measure(runs: usize, args: &[String]) -> (f64, Option<f64>, i32) {
    let r = measure_any(runs, args);
    assert!(
        matches!(r.2, 0 | 1 | TIMED_OUT),
        "shuyu {} exited {}",
        args.join(" "),
        r.2
    );
    r
}

/// Best wall time, peak RSS (GNU time, when installed) and exit code of `shuyu args`.
fn measure_any(runs: usize, args: &[String]) -> (f64, Option<f64>, i32) {
    let gnu_time = Path::new("/usr/bin/time").exists();
    let timeout = std::env::var("BOUNDS_TIMEOUT").ok();
    let mut result = (f64::MAX, None, 0);
    for _ in 0..runs.max(1) {
        let mut words: Vec<std::ffi::OsString> = Vec::new();
        if gnu_time {
            words.extend(["/usr/bin/time", "-f", "RSSKB %M"].map(Into::into));
        }
        if let Some(t) = &timeout {
            words.extend(["timeout".into(), t.into()]);
        }
        words.push(bin().into());
        let mut c = Command::new(&words[0]);
        c.args(&words[1..])
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        let start = Instant::now();
        let out = c.output().expect("run shuyu");
        let secs = start.elapsed().as_secs_f64();
        let err = String::from_utf8_lossy(&out.stderr);
        let rss = err
            .lines()
            .find_map(|l| l.strip_prefix("RSSKB "))
            .and_then(|kb| kb.trim().parse::<f64>().ok())
            .map(|kb| kb / 1024.0);
        result.0 = result.0.min(secs);
        result.1 = match (rss, result.1) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        result.2 = out.status.code().unwrap_or(-1);
    }
    result
}

/// The generated glossary, a copy of the built-in one, candidates for merge, and the hostile
/// inputs.
fn write_inputs(dir: &Path, entries: usize) {
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("write");
    write("glossary.yaml", &glossary(entries));
    write("builtin.yaml", shuyu::glossary::DEFAULT_GLOSSARY);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let out = shuyu()
        .arg("extract")
        .arg(&corpus)
        .args(["--format", "json"])
        .output()
        .expect("run shuyu extract");
    write("candidates.json", &String::from_utf8_lossy(&out.stdout));
    let depth = 100_000;
    write(
        "deep.yaml",
        &format!(
            "version: 1\nentries: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    for n in [30_000, 100_000] {
        let mut g = shuyu::glossary::DEFAULT_GLOSSARY.to_owned();
        let form = "安".repeat(n);
        let _ = write!(
            g,
            "\n  - id: long-form\n    status: approved\n    zh: {form}\n    en: long form\n"
        );
        write(&format!("form{n}.yaml"), &g);
    }
}

/// A deterministic pseudo-random sequence (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed towards 0, as word frequencies are: a few common, many rare.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64) * u * u) as usize
    }
}

/// A glossary of `n` entries shaped like a real one: Chinese terms of two to eight common
/// characters, English terms of one to five words from a vocabulary of 20,000, two thirds
/// approved, a quarter with admitted forms, a fifth with deprecated ones, some with an
/// abbreviation or a note. Every form is distinct.
fn glossary(n: usize) -> String {
    let mut forms = Forms::new();
    let mut out = String::from("version: 1\nname: generated\nentries:\n");
    for i in 0..n {
        let status = if i % 3 == 0 { "candidate" } else { "approved" };
        let _ = write!(out, "  - id: term-{i}\n    status: {status}\n");
        let (zp, ep) = (forms.zh(), forms.en());
        let mut zh_block = format!("      preferred: {zp}\n");
        if i % 4 == 1 {
            let _ = writeln!(zh_block, "      admitted: [{}]", forms.zh());
        }
        if i % 5 == 2 {
            let _ = writeln!(zh_block, "      deprecated: [{}]", forms.zh());
        }
        let mut en_block = format!("      preferred: {ep}\n");
        if i % 10 == 3 {
            let initials: String = ep.split(' ').filter_map(|w| w.chars().next()).collect();
            let _ = writeln!(en_block, "      abbr: {}{i}", initials.to_uppercase());
        }
        if i % 4 == 2 {
            let _ = writeln!(en_block, "      admitted: [{}]", forms.en());
        }
        if i % 6 == 5 {
            let _ = writeln!(en_block, "      deprecated: [{}]", forms.en());
        }
        let _ = write!(out, "    zh:\n{zh_block}    en:\n{en_block}");
        if i % 10 == 0 {
            let _ = writeln!(out, "    note: generated entry {i}");
        }
    }
    out
}

/// New distinct forms, Chinese or English.
struct Forms {
    rng: Rng,
    han: Vec<char>,
    vocabulary: Vec<String>,
    seen: HashSet<String>,
}

impl Forms {
    fn new() -> Forms {
        let mut rng = Rng(0x5eed_0017);
        let han: Vec<char> = (0..3500u32)
            .filter_map(|i| char::from_u32(0x4e00 + i * 5))
            .collect();
        let syllables = [
            "ka", "ri", "to", "men", "sa", "lo", "ne", "vi", "tra", "con", "de", "ment", "al",
            "in", "ter", "na", "tion", "pro", "gram", "se", "cu", "ty", "de", "ve", "lop", "re",
            "port",
        ];
        let vocabulary: Vec<String> = (0..20_000)
            .map(|_| {
                (0..2 + rng.below(3))
                    .map(|_| syllables[rng.below(syllables.len())])
                    .collect()
            })
            .collect();
        Forms {
            rng,
            han,
            vocabulary,
            seen: HashSet::new(),
        }
    }

    /// Two to eight characters, common ones more often.
    fn zh(&mut self) -> String {
        loop {
            let len = 2 + self.rng.below(4) + self.rng.below(4);
            let s: String = (0..len)
                .map(|_| self.han[self.rng.skewed(self.han.len())])
                .collect();
            if self.seen.insert(s.clone()) {
                return s;
            }
        }
    }

    /// One to five words, common ones more often.
    fn en(&mut self) -> String {
        loop {
            let words = 1 + self.rng.below(3) + self.rng.below(3);
            let s: Vec<&str> = (0..words)
                .map(|_| self.vocabulary[self.rng.skewed(self.vocabulary.len())].as_str())
                .collect();
            let s = s.join(" ");
            if self.seen.insert(s.clone()) {
                return s;
            }
        }
    }
}
