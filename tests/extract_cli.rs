//! `shuyu extract` end to end: formats, exit codes, decoding, determinism and ranking quality
//! on the shipped UN resolutions.

mod common;

use common::output as shuyu;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = shuyu(args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_str(&stdout(&o)).expect("valid JSON")
}

fn terms(v: &serde_json::Value) -> Vec<String> {
    v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["term"].as_str().unwrap().to_owned())
        .collect()
}

fn corpus_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
}

#[test]
fn json_follows_the_contract() {
    let v = json(&[
        "extract",
        "corpus/",
        "--format",
        "json",
        "--top",
        "20",
        "--contexts",
        "3",
    ]);
    let stats = &v["stats"];
    assert_eq!(stats["files"], 2);
    assert_eq!(stats["skipped"], 0);
    assert!(stats["chars"].as_u64().unwrap() > 4000);
    assert!(stats["seconds"].is_number());
    let ts = v["terms"].as_array().unwrap();
    assert_eq!(ts.len(), 20);
    for t in ts {
        for key in [
            "term",
            "freq",
            "docs",
            "score",
            "known",
            "variant_of",
            "contexts",
        ] {
            assert!(t.get(key).is_some(), "missing {key} in {t}");
        }
        assert!(t["contexts"].as_array().unwrap().len() <= 3);
    }
    let scores: Vec<f64> = ts.iter().map(|t| t["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "sorted by score: {scores:?}"
    );
    let ict = ts
        .iter()
        .find(|t| t["term"] == "信息和通信技术")
        .expect("ICT is ranked");
    assert_eq!(ict["known"]["id"], "ict");
    assert_eq!(ict["known"]["status"], "approved");
    assert_eq!(
        ict["known"]["en"],
        "information and communications technologies"
    );
    assert_eq!(ict["docs"], 2);
}

#[test]
fn quality_on_the_shipped_resolutions() {
    let v = json(&[
        "extract",
        "--format",
        "json",
        "--top",
        "50",
        "--contexts",
        "0",
    ]);
    let all = terms(&v);
    let top30 = &all[..30];
    for t in [
        "信息和通信技术",
        "不限成员名额工作组",
        "政府专家组",
        "国际安全",
        "能力建设",
        // Occurs once in the two resolutions.
        "建立信任措施",
    ] {
        assert!(top30.iter().any(|x| x == t), "{t} not in top 30: {top30:?}");
    }
    for frag in [
        "成员名额",
        "不限成员",
        "和通信",
        "日第",
        "号决议",
        "通信技术",
        "成员名额工作组",
        // The last two of a list of modifiers: 开放、安全、稳定、无障碍及和平的…环境.
        "无障碍及和平",
    ] {
        assert!(
            !all.iter().any(|x| x == frag),
            "fragment {frag} in top 50: {all:?}"
        );
    }
}

#[test]
fn quality_without_a_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.yaml");
    std::fs::write(&empty, "version: 1\nentries: []\n").unwrap();
    let v = json(&[
        "extract",
        "--glossary",
        empty.to_str().unwrap(),
        "--format",
        "json",
        "--top",
        "30",
    ]);
    let top = terms(&v);
    for t in [
        "不限成员名额工作组",
        "信息和通信技术",
        "政府专家组",
        "国际安全",
        "能力建设",
    ] {
        assert!(
            top.iter().any(|x| x == t),
            "{t} not in top 30 without glossary: {top:?}"
        );
    }
    for frag in [
        "成员名额",
        "不限成员",
        "成员名额工作组",
        "通信技术",
        "和通信",
    ] {
        assert!(!top.iter().any(|x| x == frag), "fragment {frag}: {top:?}");
    }
    assert!(v["terms"][0]["known"].is_null());
}

#[test]
fn contexts_point_into_the_original_file() {
    let v = json(&[
        "extract",
        "--format",
        "json",
        "--top",
        "40",
        "--contexts",
        "5",
    ]);
    let mut checked = 0;
    for t in v["terms"].as_array().unwrap() {
        for c in t["contexts"].as_array().unwrap() {
            let text = std::fs::read_to_string(c["file"].as_str().unwrap()).unwrap();
            let line = text
                .lines()
                .nth(c["line"].as_u64().unwrap() as usize - 1)
                .unwrap();
            let rest: String = line
                .chars()
                .skip(c["column"].as_u64().unwrap() as usize - 1)
                .collect();
            let first = c["match"].as_str().unwrap().chars().next().unwrap();
            assert!(
                rest.starts_with(first),
                "{c} does not point at {first}: {rest:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 50);
}

#[test]
fn term_broken_across_pdf_lines_is_counted_and_located_where_it_starts() {
    // A/RES/77/36 breaks 进一步重点讨论 as 进一步重\n\n点讨论; 能力建设 is also split in other
    // files. Count 信息和通信技术 in 77/36 with line breaks removed: every one must be found.
    let text = std::fs::read_to_string(corpus_file("A_RES_77_36.zh.txt")).unwrap();
    let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let expected = joined.matches("信息和通信技术").count() as u64;
    let v = json(&[
        "extract",
        "corpus/A_RES_77_36.zh.txt",
        "--format",
        "json",
        "--top",
        "0",
        "--contexts",
        "0",
    ]);
    let ict = v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["term"] == "信息和通信技术")
        .unwrap();
    assert_eq!(ict["freq"].as_u64().unwrap(), expected);
}

#[test]
fn every_format_renders() {
    let table = stdout(&shuyu(&["extract", "--top", "5"]));
    assert!(
        table.starts_with('#')
            && table.contains("信息和通信技术")
            && table.contains("terms from 2 files")
    );
    let tsv = stdout(&shuyu(&["extract", "--top", "5", "--format", "tsv"]));
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines[0], "term\tfreq\tdocs\tscore\tknown\ten\tvariant_of");
    assert_eq!(lines.len(), 6);
    assert!(lines.iter().all(|l| l.split('\t').count() == 7));
    let yaml = stdout(&shuyu(&["extract", "--top", "5", "--format", "yaml"]));
    assert!(
        yaml.starts_with("terms:")
            && yaml.contains("stats:")
            && yaml.contains("term: 信息和通信技术")
    );
}

#[test]
fn output_is_identical_for_one_and_two_threads() {
    for format in ["tsv", "table"] {
        let one = shuyu(&[
            "extract",
            "--threads",
            "1",
            "--top",
            "0",
            "--format",
            format,
            "--contexts",
            "3",
        ]);
        let two = shuyu(&[
            "extract",
            "--threads",
            "2",
            "--top",
            "0",
            "--format",
            format,
            "--contexts",
            "3",
        ]);
        let strip = |o: &Output| {
            // The table's last line reports the run time.
            let s = stdout(o);
            s.lines()
                .filter(|l| !l.contains(" s"))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        if format == "tsv" {
            assert_eq!(one.stdout, two.stdout, "tsv differs between thread counts");
        } else {
            assert_eq!(strip(&one), strip(&two));
        }
    }
    let mut one = json(&[
        "extract",
        "--threads",
        "1",
        "--top",
        "0",
        "--format",
        "json",
        "--contexts",
        "3",
    ]);
    let mut two = json(&[
        "extract",
        "--threads",
        "2",
        "--top",
        "0",
        "--format",
        "json",
        "--contexts",
        "3",
    ]);
    one["stats"]["seconds"] = 0.into();
    two["stats"]["seconds"] = 0.into();
    assert_eq!(one, two);
}

#[test]
fn gb18030_input_gives_the_same_terms_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(corpus_file("A_RES_75_32.zh.txt")).unwrap();
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let gb = dir.path().join("res.txt");
    std::fs::write(&gb, &bytes).unwrap();
    let a = json(&[
        "extract",
        gb.to_str().unwrap(),
        "--format",
        "json",
        "--top",
        "30",
    ]);
    let b = json(&[
        "extract",
        "corpus/A_RES_75_32.zh.txt",
        "--format",
        "json",
        "--top",
        "30",
    ]);
    assert_eq!(terms(&a), terms(&b));
}

#[test]
fn binary_and_empty_files_are_skipped_or_harmless() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        corpus_file("A_RES_77_36.zh.txt"),
        dir.path().join("res.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.md"), b"").unwrap();
    let o = shuyu(&["extract", dir.path().to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "one warning line: {err}");
    assert!(
        err.contains("image.txt") && err.contains("skipped"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["stats"]["files"], 2);
    assert_eq!(v["stats"]["skipped"], 1);
    assert!(terms(&v).iter().any(|t| t == "不限成员名额工作组"));

    let only_empty = shuyu(&[
        "extract",
        dir.path().join("empty.md").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(only_empty.status.success());
    let v: serde_json::Value = serde_json::from_slice(&only_empty.stdout).unwrap();
    assert_eq!(v["terms"].as_array().unwrap().len(), 0);

    let only_binary = shuyu(&["extract", dir.path().join("image.txt").to_str().unwrap()]);
    assert_eq!(only_binary.status.code(), Some(2));
}

#[test]
fn missing_path_is_exit_2_naming_it() {
    let o = shuyu(&["extract", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no/such/dir"), "{err}");
    assert!(!err.contains("panicked"));
    assert_eq!(shuyu(&["extract", "--top", "x"]).status.code(), Some(2));
}

#[test]
fn explicitly_named_file_is_read_whatever_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let unpc = dir.path().join("UNv1.0.sample.zh");
    std::fs::copy(corpus_file("A_RES_75_32.zh.txt"), &unpc).unwrap();
    let other = dir.path().join("notes.data");
    std::fs::copy(corpus_file("A_RES_77_36.zh.txt"), &other).unwrap();
    let v = json(&[
        "extract",
        unpc.to_str().unwrap(),
        other.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(v["stats"]["files"], 2);
    // A directory walk skips the unknown extension.
    let v = json(&["extract", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["stats"]["files"], 1);
}

#[test]
fn a_single_line_of_several_megabytes_does_not_break_anything() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(corpus_file("A_RES_75_32.zh.txt"))
        .unwrap()
        .replace('\n', "");
    let big: String = text.repeat((3 << 20) / text.len() + 1);
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &big).unwrap();
    let v = json(&[
        "extract",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--top",
        "10",
    ]);
    assert!(v["stats"]["chars"].as_u64().unwrap() > 1_000_000);
    assert!(terms(&v).iter().any(|t| t == "信息和通信技术"));
}

#[test]
fn help_teaches_with_examples() {
    let h = stdout(&shuyu(&["extract", "--help"]));
    assert!(h.contains("--min-freq") && h.contains("Examples:") && h.contains("GB18030"));
}

#[test]
fn files_that_are_not_chinese_are_skipped_with_a_note_and_not_counted() {
    // A real UN English text beside the two Chinese resolutions, as a translator's folder has.
    let dir = tempfile::tempdir().unwrap();
    for name in ["A_RES_75_32.zh.txt", "A_RES_77_36.zh.txt"] {
        std::fs::copy(corpus_file(name), dir.path().join(name)).unwrap();
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let en = dir.path().join("report.en.txt");
    std::fs::copy(root.join("tests/fixtures/align/devset_excerpt.en"), &en).unwrap();
    let d = dir.path().to_str().unwrap();
    let o = shuyu(&["extract", d, "--format", "json", "--top", "5"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["stats"]["files"], 2);
    assert_eq!(
        v["stats"]["chars"], 4392,
        "the English file's characters are not counted"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("report.en.txt: not Chinese (0 Han characters,") && err.contains("skipped"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    // Named alone, it says why it gives nothing.
    let o = shuyu(&["extract", en.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("not Chinese") && err.contains("shuyu align"),
        "{err}"
    );
    // Standard input too.
    let o = Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args(["extract", "-"])
        .stdin(std::fs::File::open(&en).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
