//! Time of `shuyu align` on the whole UNPC v1.0 dev set (4,000 aligned sentences), with the
//! default term list (extract candidates and glossary entries without English) and with the
//! evaluation list of tests/fixtures/align/devset_eval.tsv. `cargo bench --bench align`; skips
//! when the dev set is absent. Top-1 accuracy on the list is a test:
//! `cargo test --release --test align dev_set_top1_accuracy -- --nocapture`.

mod common;

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
    for (label, extra) in [
        ("default term list", vec![]),
        ("evaluation list", vec!["--terms", eval]),
    ] {
        let (t, _) = common::measure(|| {
            let mut c = common::shuyu();
            c.arg("align")
                .arg(&dev)
                .arg(&en)
                .args(["--format", "json"])
                .args(&extra);
            c
        });
        println!("align, {label:<18} {t:6.3} s (best of {})", common::RUNS);
    }
}
