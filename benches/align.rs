//! Time of `shuyu align` on the whole UNPC v1.0 dev set (4,000 aligned sentences), with the
//! default term list (extract candidates and glossary entries without English) and with the
//! evaluation list of tests/fixtures/align/devset_eval.tsv. `cargo bench --bench align`; skips
//! when the dev set is absent. With `SHUYU_ALIGN_BASELINE=/path/to/other/shuyu`, that binary
//! runs the same commands in turn with this one, round after round, and the ratio of the best
//! times is printed (a ratio measured in one run, so the machine's drift cancels). Top-1
//! accuracy is a test: `cargo test --release --test align -- --ignored --nocapture`.

mod common;

use std::process::Command;

/// Rounds when a baseline binary is compared: runs take a fraction of a second.
const ROUNDS: usize = 15;

fn main() {
    let Some(dev) = common::shared("corpus/unpc-devset/UNv1.0.devset.zh") else {
        println!("align benchmark skipped: ../shared/corpus/unpc-devset not found");
        return;
    };
    let en = dev.with_extension("en");
    let eval = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/align/devset_eval.tsv"
    );
    let baseline = std::env::var_os("SHUYU_ALIGN_BASELINE");
    for (label, extra) in [
        ("default term list", vec![]),
        ("evaluation list", vec!["--terms", eval]),
    ] {
        let command = |program: Option<&std::ffi::OsStr>| {
            let mut c = program.map_or_else(common::shuyu, Command::new);
            c.arg("align")
                .arg(&dev)
                .arg(&en)
                .args(["--format", "json"])
                .args(&extra);
            c
        };
        let Some(base) = baseline.as_deref() else {
            let (t, _) = common::measure(|| command(None));
            println!("align, {label:<18} {t:6.3} s (best of {})", common::RUNS);
            continue;
        };
        let mut makers: Vec<Box<dyn FnMut() -> Command + '_>> =
            vec![Box::new(|| command(None)), Box::new(|| command(Some(base)))];
        let r = common::measure_interleaved(&mut makers, ROUNDS);
        println!(
            "align, {label:<18} {:6.3} s, baseline {:6.3} s, ratio {:.3} (best of {ROUNDS}, interleaved)",
            r[0].0,
            r[1].0,
            r[0].0 / r[1].0
        );
    }
}
