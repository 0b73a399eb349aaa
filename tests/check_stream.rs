//! `check` reporting as it goes: a file with more matches than one block has its
//! `deprecated-zh` errors and its pair's `missing-en` warnings merged in position order, with
//! unique fingerprints, the same in every format.

mod common;

use common::shuyu_in;
use serde_json::Value;

#[test]
fn a_long_line_dense_with_findings_is_reported_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000; // more than a block of 16,384 matches, twice over
    std::fs::write(
        dir.path().join("r.zh.txt"),
        "信息通信技术会员国，".repeat(n) + "\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("r.en.txt"), "The text was noted.\n").unwrap();
    let r = shuyu_in(dir.path(), &["check", ".", "--format", "json"], "");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2 * n);
    let mut fingerprints = std::collections::HashSet::new();
    let mut last = 0;
    for (i, f) in findings.iter().enumerate() {
        let column = f["column"].as_u64().unwrap();
        assert!(column > last, "finding {i} at column {column} after {last}");
        last = column;
        let want = if i % 2 == 0 {
            "deprecated-zh"
        } else {
            "missing-en"
        };
        assert_eq!(f["rule"], want, "finding {i}");
        assert!(fingerprints.insert(f["fingerprint"].as_str().unwrap().to_owned()));
    }
    assert_eq!(v["summary"]["errors"], n);
    assert_eq!(v["summary"]["warnings"], n);
    let human = shuyu_in(dir.path(), &["check", "."], "");
    assert!(
        human.stdout.ends_with(&format!(
            "\n{n} errors, {n} warnings in 2 files (1 zh/en pair)\n"
        )),
        "{}",
        &human.stdout[human.stdout.len().saturating_sub(200)..]
    );
    let gh = shuyu_in(dir.path(), &["check", ".", "--format", "github"], "");
    assert_eq!(gh.stdout.lines().count(), 2 * n);
}
