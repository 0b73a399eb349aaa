//! Ranking quality on the UNPC dev set, judged by a terminologist (fixture). It needs the dev
//! set in ../shared, so it is ignored by a plain `cargo test`; `.ci/run` runs it with
//! `--ignored` when the data is there.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "needs the shared data"]
fn precision_at_50_on_the_unpc_dev_set() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let devset = root.join("../shared/corpus/unpc-devset/UNv1.0.devset.zh");
    assert!(
        devset.is_file(),
        "{} not found: this test needs the UNPC dev set in ../shared",
        devset.display()
    );
    let judged: HashMap<String, bool> =
        std::fs::read_to_string(root.join("tests/fixtures/extract/devset_judged.tsv"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let mut f = l.split('\t');
                (f.next().unwrap().to_owned(), f.next().unwrap() == "1")
            })
            .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args([
            "extract",
            "--format",
            "tsv",
            "--top",
            "50",
            "--contexts",
            "0",
        ])
        .arg(&devset)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let top: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(top.len(), 50);
    let unjudged: Vec<&&str> = top.iter().filter(|t| !judged.contains_key(**t)).collect();
    let right = top
        .iter()
        .filter(|t| judged.get(**t) == Some(&true))
        .count();
    let precision = right as f64 / 50.0;
    eprintln!("precision@50 = {precision:.2}; unjudged (counted wrong): {unjudged:?}");
    assert!(
        unjudged.len() <= 5,
        "judge these in the fixture: {unjudged:?}"
    );
    assert!(precision >= 0.8, "precision@50 = {precision:.2}");
}
