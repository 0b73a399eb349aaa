//! `check --format sarif` as GitHub code scanning and the official SARIF 2.1.0 schema want it:
//! percent-encoded URIs relative to the source root, line hashes, rule help; validated against
//! the schema (with Python's `jsonschema`, URI formats checked) on awkward file names, every
//! rule and a clean run.

mod common;

use common::{root, shuyu_in};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// A directory holding a finding of every rule, in files whose names need encoding.
fn every_rule(dir: &Path) {
    std::fs::write(dir.join("报告 1%.zh.md"), "各国应推广信息通信技术，\n").unwrap();
    std::fs::write(dir.join("a:b#?.zh.txt"), "会员国注意到可持续发展。\n").unwrap();
    std::fs::write(
        dir.join("a:b#?.en.txt"),
        "The capacity-building report of the Secretary General was noted.\n",
    )
    .unwrap();
    std::fs::write(dir.join("scan.txt"), "大会\0\0\0\n").unwrap();
}

fn sarif(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let r = shuyu_in(dir, &all, "");
    let v = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", r.stdout, r.stderr));
    (r.code, v, r.stdout)
}

fn uris(v: &Value) -> Vec<(String, Option<String>)> {
    let mut out: Vec<_> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let a = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            (
                a["uri"].as_str().unwrap().to_owned(),
                a["uriBaseId"].as_str().map(str::to_owned),
            )
        })
        .collect();
    out.dedup();
    out
}

#[test]
fn uris_are_encoded_and_relative_to_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    every_rule(&docs);
    let outside = tempfile::tempdir().unwrap();
    let far = outside.path().join("far away.zh.md");
    std::fs::write(&far, "各国应推广信息通信技术，\n").unwrap();
    let (code, v, _) = sarif(&docs, &[".", far.to_str().unwrap()]);
    assert_eq!(code, 1);
    let base = v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    assert_eq!(base, format!("file://{}/", root.display()));
    let src = Some("%SRCROOT%".to_owned());
    let far_uri = format!(
        "file://{}/far%20away.zh.md",
        std::fs::canonicalize(outside.path()).unwrap().display()
    );
    assert_eq!(
        uris(&v),
        [
            (far_uri, None),
            ("docs/a%3Ab%23%3F.en.txt".to_owned(), src.clone()),
            ("docs/a%3Ab%23%3F.zh.txt".to_owned(), src.clone()),
            ("docs/scan.txt".to_owned(), src.clone()),
            ("docs/%E6%8A%A5%E5%91%8A%201%25.zh.md".to_owned(), src),
        ]
    );
}

#[test]
fn results_have_line_hashes_and_rules_have_help() {
    let dir = tempfile::tempdir().unwrap();
    every_rule(dir.path());
    let (_, v, _) = sarif(dir.path(), &["."]);
    let run = &v["runs"][0];
    let results = run["results"].as_array().unwrap();
    let mut rules: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    rules.sort();
    rules.dedup();
    assert_eq!(
        rules,
        [
            "deprecated-en",
            "deprecated-zh",
            "missing-en",
            "missing-zh",
            "unreadable"
        ]
    );
    for r in results {
        let hash = r["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        let (hex, n) = hash.split_once(':').unwrap();
        assert_eq!(hex.len(), 16, "{hash}");
        assert!(n.parse::<usize>().unwrap() >= 1, "{hash}");
        assert!(r["partialFingerprints"]["shuyu/v1"].is_string());
    }
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        assert_eq!(
            rule["helpUri"],
            format!("https://github.com/shuyu-dev/shuyu/blob/main/docs/cli.md#rule-{id}")
        );
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert!(markdown.contains("baseline"), "{markdown}");
        assert!(!rule["help"]["text"].as_str().unwrap().contains('`'));
    }
    let anchors = std::fs::read_to_string(root().join("docs/cli.md")).unwrap();
    for id in rules {
        // GitHub's anchor of this heading is `rule-ID`.
        assert!(anchors.contains(&format!("\n### Rule `{id}`\n")), "{id}");
    }
}

/// Errors of `sarif` against the official schema, by Python's `jsonschema` with the URI
/// formats checked (`rfc3986-validator`), as `.ci/run` installs them.
fn schema_errors(schema: &Path, sarif: &str) -> String {
    const SCRIPT: &str = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
checker = jsonschema.Draft7Validator.FORMAT_CHECKER
assert "uri-reference" in checker.checkers, "pip install rfc3986-validator: URI formats unchecked"
v = jsonschema.Draft7Validator(schema, format_checker=checker)
for e in v.iter_errors(json.load(sys.stdin)):
    print(list(e.absolute_path), e.message)
"#;
    let mut child = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(schema)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (pip install jsonschema rfc3986-validator)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(sarif.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the validator failed (pip install jsonschema rfc3986-validator): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs the shared data"]
fn output_is_valid_against_the_official_schema() {
    let schema = root().join("../shared/schemas/sarif-schema-2.1.0.json");
    assert!(
        schema.is_file(),
        "this test needs the SARIF schema in ../shared/schemas/sarif-schema-2.1.0.json"
    );
    let dir = tempfile::tempdir().unwrap();
    every_rule(dir.path());
    let clean = dir.path().join("clean dir");
    std::fs::create_dir(&clean).unwrap();
    std::fs::write(clean.join("好 %:#.zh.md"), "会员国\n").unwrap();
    let outside = tempfile::tempdir().unwrap();
    let far = outside.path().join("远 处.zh.md");
    std::fs::write(&far, "各国应推广信息通信技术，\n").unwrap();
    for (args, want) in [
        (vec!["."], 1),
        (vec!["clean dir"], 0),
        (vec![far.to_str().unwrap()], 1),
    ] {
        let (code, v, text) = sarif(dir.path(), &args);
        assert_eq!(code, want, "{args:?}");
        assert_eq!(
            v["runs"][0]["results"].as_array().unwrap().is_empty(),
            want == 0
        );
        let errors = schema_errors(&schema, &text);
        assert!(errors.is_empty(), "{args:?}:\n{errors}\n{text}");
    }
}
