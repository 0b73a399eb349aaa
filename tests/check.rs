//! `shuyu check` end to end: exact findings on planted fixtures made from the real resolutions
//! and from aligned UNPC sentences, output shapes, exit codes and the baseline round trip.

mod common;

use common::{output as shuyu, root};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// `file:line:col-end_line:end_col rule found -> expected` per finding.
fn brief(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}-{}:{} {} {} -> {}",
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["end_line"],
                f["end_column"],
                f["rule"].as_str().unwrap(),
                f["found"].as_str().unwrap(),
                f["expected"].as_str().unwrap()
            )
        })
        .collect()
}

/// One string field of every finding, in order.
fn field<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f[key].as_str().unwrap())
        .collect()
}

const ZH: &str = "tests/fixtures/check/zh";
const PAIR: &str = "tests/fixtures/check/pair";

#[test]
fn chinese_fixtures_exact_findings() {
    let o = shuyu(&["check", ZH, "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    assert_eq!(
        brief(&v),
        vec![
            // GB18030-encoded, web layout: 公民社会组织 (deprecated 公民社会) in a long line.
            "tests/fixtures/check/zh/A_RES_75_32_gb18030.txt:9:49-9:53 deprecated-zh 公民社会 -> 民间社会",
            // Broken across a PDF line break: reported where it starts, ending on line 32.
            "tests/fixtures/check/zh/A_RES_77_36_planted.zh.md:30:15-32:4 deprecated-zh 信息通信技术 -> 信息和通信技术",
            // Inside **bold**: the column is that of the first character, not of the marks.
            "tests/fixtures/check/zh/A_RES_77_36_planted.zh.md:47:7-47:11 deprecated-zh 能力构建 -> 能力建设",
            // A binary file cannot be checked: an error, so CI cannot pass without reading it.
            "tests/fixtures/check/zh/scan.txt:1:1-1:1 unreadable  -> ",
        ]
    );
    // 衡量信息通信技术促进发展伙伴关系 (a listed name) does not fire; the ignored line does not.
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("scan.txt: binary file, skipped"),
        "{stderr}"
    );
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["errors"], 4);
    assert_eq!(v["summary"]["warnings"], 0);
}

#[test]
fn bilingual_fixture_exact_findings() {
    let o = shuyu(&["check", PAIR, "--format", "json"]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        brief(&json(&o)),
        vec![
            "tests/fixtures/check/pair/devset.en:1:96-1:113 deprecated-en Secretary General -> Secretary-General",
            "tests/fixtures/check/pair/devset.en:7:45-7:87 deprecated-en information and communication technologies -> information and communications technologies",
            // 秘书长 twice in Chinese, Secretary-General once and the deprecated Secretary
            // General once in English: one error, not also a missing equivalent.
            "tests/fixtures/check/pair/devset.zh:1:32-1:36 missing-en 最佳做法 -> best practices",
            "tests/fixtures/check/pair/devset.zh:7:8-7:14 deprecated-zh 信息通讯技术 -> 信息和通信技术",
            "tests/fixtures/check/pair/devset.zh:8:86-8:90 missing-en 能力建设 -> capacity-building",
        ]
    );
}

#[test]
fn one_half_of_a_pair_named_alone_is_checked_with_its_counterpart() {
    // What a pre-commit hook does when only one side of a translation is staged.
    let whole = brief(&json(&shuyu(&["check", PAIR, "--format", "json"])));
    for half in ["devset.zh", "devset.en"] {
        let path = format!("{PAIR}/{half}");
        let v = json(&shuyu(&["check", &path, "--format", "json"]));
        assert_eq!(brief(&v), whole, "{half} alone");
        assert_eq!(v["summary"]["files"], 2);
    }
}

#[test]
fn explicit_pair_with_any_names() {
    let dir = tempfile::tempdir().unwrap();
    let zh = dir.path().join("source.txt");
    let en = dir.path().join("target.txt");
    std::fs::copy(root().join(PAIR).join("devset.zh"), &zh).unwrap();
    std::fs::copy(root().join(PAIR).join("devset.en"), &en).unwrap();
    let o = shuyu(&[
        "check",
        "--pair",
        zh.to_str().unwrap(),
        en.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v = json(&o);
    let rules = field(&v, "rule");
    assert_eq!(rules.iter().filter(|r| **r == "missing-en").count(), 2);
    assert_eq!(rules.iter().filter(|r| **r == "deprecated-en").count(), 2);

    // The same pair named twice, under two spellings, is checked once.
    let o = shuyu(&[
        "check",
        PAIR,
        "--pair",
        "./tests/fixtures/check/pair/devset.zh",
        "tests/fixtures/check//pair/devset.en",
        "--format",
        "json",
    ]);
    let v = json(&o);
    assert_eq!(v["summary"]["findings"], 5);
    assert_eq!(v["summary"]["files"], 2);
}

#[test]
fn warnings_fail_only_with_fail_on_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.zh.txt"), "鼓励会员国加强能力建设，\n").unwrap();
    std::fs::write(
        dir.path().join("a.en.txt"),
        "Encourages Member States to strengthen capacity development,\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let o = shuyu(&["check", d]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("missing-en"));
    let o = shuyu(&["check", d, "--fail-on", "warning"]);
    assert_eq!(code(&o), 1);
}

#[test]
fn exit_codes_are_the_same_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.zh.txt");
    std::fs::write(&clean, "大会，\n 欢迎不限成员名额工作组的工作，\n").unwrap();
    let bad_glossary = dir.path().join("g.yaml");
    std::fs::write(
        &bad_glossary,
        "version: 1\nentries:\n  - id: x\n    colour: red\n",
    )
    .unwrap();
    let clean = clean.to_str().unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let o = shuyu(&["check", clean, "--format", format]);
        assert_eq!(code(&o), 0, "{format}");
        let o = shuyu(&["check", ZH, "--format", format]);
        assert_eq!(code(&o), 1, "{format}");
        let o = shuyu(&["check", "no/such/dir", "--format", format]);
        assert_eq!(code(&o), 2, "{format}");
        assert!(String::from_utf8_lossy(&o.stderr).starts_with("shuyu: error: "));
        let o = shuyu(&[
            "check",
            clean,
            "--glossary",
            bad_glossary.to_str().unwrap(),
            "--format",
            format,
        ]);
        assert_eq!(code(&o), 2, "{format}");
        let o = shuyu(&["check", clean, "--format", format, "--fail-on", "nothing"]);
        assert_eq!(code(&o), 2, "{format}");
    }
}

#[test]
fn unalignable_pair_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.zh.md"), "大会，\n").unwrap();
    std::fs::write(dir.path().join("r.en.md"), "\n\n").unwrap();
    let o = shuyu(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot align"));
}

#[test]
fn json_shape() {
    let v = json(&shuyu(&["check", PAIR, "--format", "json"]));
    let keys = [
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "severity",
        "found",
        "expected",
        "entry",
        "message",
        "fingerprint",
    ];
    for f in v["findings"].as_array().unwrap() {
        let obj = f.as_object().unwrap();
        let mut got: Vec<&str> = obj.keys().map(String::as_str).collect();
        let mut want = keys.to_vec();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        assert!(matches!(f["severity"].as_str(), Some("error" | "warning")));
        assert_eq!(f["fingerprint"].as_str().unwrap().len(), 16);
    }
    let s = &v["summary"];
    assert_eq!(
        (s["files"].as_u64(), s["findings"].as_u64()),
        (Some(2), Some(5))
    );
    assert_eq!(
        (s["errors"].as_u64(), s["warnings"].as_u64()),
        (Some(3), Some(2))
    );
}

#[test]
fn sarif_shape() {
    let o = shuyu(&["check", ZH, PAIR, "--format", "sarif"]);
    assert_eq!(code(&o), 1);
    let v = json(&o);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert!(!r["help"]["text"].as_str().unwrap().is_empty());
            r["id"].as_str().unwrap()
        })
        .collect();
    // unreadable is described because scan.txt is reported.
    assert_eq!(
        rules,
        [
            "deprecated-zh",
            "deprecated-en",
            "missing-en",
            "missing-zh",
            "unreadable"
        ]
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 9);
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], id);
        assert!(r["partialFingerprints"]["shuyu/v1"].is_string());
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
        let level = r["level"].as_str().unwrap();
        assert_eq!(level == "warning", id == "missing-en");
    }
}

#[test]
fn github_annotations_and_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args(["check", PAIR, "--format", "github"])
        .current_dir(root())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with(
        "::error file=tests/fixtures/check/pair/devset.en,line=1,col=96,endLine=1,endColumn=113,title=shuyu deprecated-en::"
    ), "{}", lines[0]);
    assert!(
        lines[2].starts_with("::warning file=tests/fixtures/check/pair/devset.zh,line=1,col=32,")
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("earlier step\n### shuyu check: 3 errors, 2 warnings"),
        "{md}"
    );
    assert!(md.contains("| ⚠️ | `tests/fixtures/check/pair/devset.zh:8:86` | missing-en | 能力建设 | capacity-building | capacity-building |"), "{md}");
}

#[test]
fn human_output_marks_the_match_without_colour() {
    let o = shuyu(&["check", ZH]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(!out.contains('\x1b'));
    assert!(out.contains(
        "tests/fixtures/check/zh/A_RES_77_36_planted.zh.md:47:7: error[deprecated-zh]: “能力构建” is deprecated; use “能力建设” (capacity-building)\n 47 |  注意到**能力构建**对于"
    ), "{out}");
    assert!(out.contains("\n    |          ^^^^^^^^\n"), "{out}");
    assert!(
        out.ends_with("4 errors, 0 warnings in 2 files; 1 ignored inline\n"),
        "{out}"
    );
}

#[test]
fn baseline_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("docs");
    std::fs::create_dir(&work).unwrap();
    let doc = work.join("r.zh.md");
    let original =
        std::fs::read_to_string(root().join(ZH).join("A_RES_77_36_planted.zh.md")).unwrap();
    std::fs::write(&doc, &original).unwrap();
    let baseline = dir.path().join("baseline.json");
    let (w, b) = (work.to_str().unwrap(), baseline.to_str().unwrap());

    let o = shuyu(&["check", w, "--write-baseline", b]);
    assert_eq!(code(&o), 0);
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(recorded["findings"].as_array().unwrap().len(), 2);

    let o = shuyu(&["check", w, "--baseline", b, "--format", "json"]);
    assert_eq!(code(&o), 0);
    assert_eq!(json(&o)["summary"]["findings"], 0);

    // Lines added above move every finding down; fingerprints do not depend on line numbers.
    // A new deprecated form is the only finding reported.
    std::fs::write(
        &doc,
        format!("新增一段。\n\n邀请私营部门和利益相关方参与。\n\n{original}"),
    )
    .unwrap();
    let o = shuyu(&["check", w, "--baseline", b, "--format", "json"]);
    assert_eq!(code(&o), 1);
    let v = json(&o);
    let found = field(&v, "found");
    assert_eq!(found, ["利益相关方"]);

    std::fs::write(&baseline, "{not json").unwrap();
    assert_eq!(code(&shuyu(&["check", w, "--baseline", b])), 2);
}

#[test]
fn shipped_corpus_is_clean() {
    // Dogfooding: the project's own resolutions pass the shipped glossary.
    let o = shuyu(&["check", "corpus/", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(json(&o)["summary"]["findings"], 0);
}

#[test]
#[ignore = "needs the shared data"]
fn unpc_dev_set_pair() {
    let dev = root().join("../shared/corpus/unpc-devset");
    assert!(
        Path::new(&dev).join("UNv1.0.devset.zh").is_file(),
        "this test needs the UNPC dev set in ../shared/corpus/unpc-devset"
    );
    let o = shuyu(&["check", dev.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&o), 1);
    let v = json(&o);
    // The two Member State letters that use ITU wording are found in both languages.
    let deprecated: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "deprecated-zh")
        .map(|f| f["found"].as_str().unwrap())
        .collect();
    assert_eq!(deprecated, ["信息通讯技术", "信息通信技术"]);
}

#[test]
fn english_by_content_and_status_decides_severity() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(
        &notes,
        "Capacity building and Confidence Building Measures remain priorities.\n",
    )
    .unwrap();
    let o = shuyu(&["check", notes.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&o), 1);
    let v = json(&o);
    let found: Vec<(&str, &str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["found"].as_str().unwrap(),
                f["expected"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("deprecated-en", "Capacity building", "capacity-building"),
            (
                "deprecated-en",
                "Confidence Building Measures",
                "confidence-building measures"
            ),
        ]
    );

    // Candidate and rejected entries never produce findings.
    let glossary = dir.path().join("g.yaml");
    std::fs::write(
        &glossary,
        "version: 1\nentries:\n  - id: cb\n    status: candidate\n    en:\n      preferred: capacity-building\n      deprecated: [capacity building]\n  - id: cbm\n    status: rejected\n    en:\n      preferred: confidence-building measures\n      deprecated: [confidence building measures]\n",
    )
    .unwrap();
    let o = shuyu(&[
        "check",
        notes.to_str().unwrap(),
        "--glossary",
        glossary.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn ignore_marker_on_the_english_side_and_baseline_refresh() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.zh.md"),
        "鼓励会员国加强能力建设，\n请秘书长提交报告。\n请秘书长提交报告。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.en.md"),
        "Encourages Member States to strengthen capacity development, <!-- shuyu-ignore -->\nRequests the Secretary General to submit a report.\nRequests the Secretariat to submit a report.\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let v = json(&shuyu(&["check", d, "--format", "json"]));
    let rules = field(&v, "rule");
    // Line 1's missing capacity-building is silenced from the English line; line 3's missing
    // Secretary-General is not; line 2's deprecated rendering is one error, not also missing.
    assert_eq!(rules, ["deprecated-en", "missing-en"]);

    // Refreshing a baseline records every current finding, not only the new ones.
    let b = dir.path().join("b.json");
    let b = b.to_str().unwrap();
    assert_eq!(code(&shuyu(&["check", d, "--write-baseline", b])), 0);
    assert_eq!(
        code(&shuyu(&[
            "check",
            d,
            "--baseline",
            b,
            "--write-baseline",
            b
        ])),
        0
    );
    let recorded: Value = serde_json::from_str(&std::fs::read_to_string(b).unwrap()).unwrap();
    assert_eq!(recorded["findings"].as_array().unwrap().len(), 2);
    assert_eq!(
        code(&shuyu(&[
            "check",
            d,
            "--baseline",
            b,
            "--fail-on",
            "warning"
        ])),
        0
    );
}

/// A glossary far past any curated one (a hundred thousand Chinese forms of forty characters,
/// some nine million automaton states, more than a DFA can address) is still matched: the
/// matcher takes an NFA where a DFA would not fit.
#[test]
fn very_large_glossary_is_matched() {
    use shuyu::glossary::{Entry, Glossary, Lang, Status};
    const FORMS: usize = 100_000;
    const CHARS: usize = 40;
    // Han characters with printable ASCII between them, so the automaton distinguishes as many
    // byte values as a mixed glossary would.
    let form = |i: usize| -> String {
        let mut state = (i as u64) ^ 0x9e37_79b9_7f4a_7c15;
        (0..CHARS)
            .map(|k| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let r = (state >> 33) as u32;
                let c = if k % 3 == 2 {
                    0x21 + r % 94
                } else {
                    0x4e00 + r % 20_000
                };
                char::from_u32(c).unwrap()
            })
            .collect()
    };
    let mut glossary = Glossary::builtin();
    glossary.entries.extend((0..FORMS).map(|i| Entry {
        id: format!("generated-{i}"),
        status: Status::Approved,
        zh: Some(Lang {
            preferred: form(i),
            deprecated: if i == 7 { vec![form(FORMS)] } else { vec![] },
            ..Lang::default()
        }),
        ..Entry::default()
    }));
    let checker = shuyu::check::Checker::new(&glossary).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("a.zh.md");
    let deprecated = form(FORMS);
    std::fs::write(&doc, format!("注意到能力构建对于{deprecated}。\n")).unwrap();
    let outcome = checker.run(&[doc], &[]).unwrap();
    let found: Vec<(&str, &str)> = outcome
        .findings
        .iter()
        .map(|f| (f.entry.as_str(), f.found.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("capacity-building", "能力构建"),
            ("generated-7", deprecated.as_str())
        ]
    );
}
