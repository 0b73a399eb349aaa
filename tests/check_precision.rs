//! `check` precise on real UN text: forms only as whole words, `detect: false` for general
//! words, one error rather than also a missing equivalent, `missing-zh` the other way,
//! `--source`, and both languages checked in every file.

mod common;

use common::shuyu_in;
use serde_json::Value;
use std::path::Path;

/// `rule line:column found` of each finding of `check ARGS --format json` run in `dir`.
fn findings(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = shuyu_in(dir, &all, "");
    assert!(r.code < 2, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}:{} {}",
                f["rule"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["found"].as_str().unwrap()
            )
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_form_inside_a_longer_word_is_no_match() {
    let dir = tempfile::tempdir().unwrap();
    // 国际法 in 国际法学家 (international lawyers), 报告 in 报告员 (Rapporteur): neither is the
    // term; 国际法 on line 2 is, and its English is missing.
    write(
        dir.path(),
        "a.zh.txt",
        "国际法学家和报告员出席。\n各国遵守国际法。\n",
    );
    write(
        dir.path(),
        "a.en.txt",
        "Jurists and the Rapporteur attended.\nStates comply with the law.\n",
    );
    assert_eq!(
        findings(dir.path(), &["--source", "zh", "."]),
        ["missing-en 2:5 国际法"]
    );
}

#[test]
fn general_words_do_not_call_for_their_english() {
    let dir = tempfile::tempdir().unwrap();
    // 大会 (detect: false in the built-in glossary) in 缔约方大会 and as a conference; 决定 as
    // the operative verb. A team glossary turns detection back on for 决定.
    write(dir.path(), "b.zh.txt", "缔约方大会决定召开世界大会。\n");
    write(
        dir.path(),
        "b.en.txt",
        "The Conference of the Parties decides to convene a world conference.\n",
    );
    assert_eq!(
        findings(dir.path(), &["--source", "zh", "."]),
        Vec::<String>::new()
    );
    write(
        dir.path(),
        "team.yaml",
        "version: 2\nentries:\n  - id: decision\n    status: approved\n    zh: 决定\n    en: decision\n",
    );
    assert_eq!(
        findings(
            dir.path(),
            &[
                "--source",
                "zh",
                "--glossary",
                "builtin",
                "--glossary",
                "team.yaml",
                "b.zh.txt"
            ]
        ),
        ["missing-en 1:6 决定"]
    );
}

#[test]
fn a_deprecated_rendering_is_one_error_not_also_a_missing_equivalent() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "c.zh.txt", "请秘书长提交报告。\n");
    write(
        dir.path(),
        "c.en.txt",
        "Requests the Secretary General to submit a report.\n",
    );
    assert_eq!(
        findings(dir.path(), &["."]),
        ["deprecated-en 1:14 Secretary General"]
    );
}

#[test]
fn missing_zh_runs_from_english_and_source_chooses_the_direction() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.zh.txt", "各国应加强合作。\n");
    write(
        dir.path(),
        "d.en.txt",
        "Member States should strengthen capacity-building.\n",
    );
    let both = findings(dir.path(), &["."]);
    assert_eq!(
        both,
        [
            "missing-zh 1:1 Member States",
            "missing-zh 1:33 capacity-building"
        ]
    );
    assert_eq!(findings(dir.path(), &["--source", "en", "."]), both);
    assert_eq!(
        findings(dir.path(), &["--source", "zh", "."]),
        Vec::<String>::new()
    );
    // `member States` of another organization is not the United Nations' Member States.
    write(
        dir.path(),
        "d.en.txt",
        "EU member States should strengthen capacity-building.\n",
    );
    assert_eq!(
        findings(dir.path(), &["--source", "en", "."]),
        ["missing-zh 1:36 capacity-building"]
    );
}

#[test]
fn the_head_of_another_bodys_name_does_not_call_for_the_united_nations() {
    // Lines 2498 and 1048 of the UNPC development set, as the translators wrote them, and the
    // United Nations itself as "the Organization" with its Chinese left out.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "d.zh.txt",
        "他还感谢救援人员、乌克兰人员、马来西亚、澳大利亚和荷兰法医专家联合小组、欧洲安全与合作组织作出贡献。\n\
         为东南亚国家联盟成员国举办的讲习班。\n\
         秘书长应加强其预算。\n",
    );
    write(
        dir.path(),
        "d.en.txt",
        "He also thanked the rescue workers, Ukrainian personnel, the joint team of Malaysian, \
         Australian and Dutch forensic experts and the Organization for Security and \
         Cooperation in Europe for their contributions.\n\
         A workshop for Member States of the Association of Southeast Asian Nations.\n\
         The Secretary-General should strengthen the budget of the Organization.\n",
    );
    assert_eq!(
        findings(dir.path(), &["--source", "en", "."]),
        ["missing-zh 3:55 the Organization"]
    );
}

#[test]
fn a_file_is_checked_in_both_languages_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    // An English note quoting Chinese, a Chinese note quoting English.
    write(
        dir.path(),
        "quote-of-chinese.md",
        "The Chinese text says 信息通信技术 where it means ICT.\n",
    );
    write(
        dir.path(),
        "quote-of-english.md",
        "英文本写作 Secretary General，应为秘书长。\n",
    );
    assert_eq!(
        findings(dir.path(), &["quote-of-chinese.md", "quote-of-english.md"]),
        [
            "deprecated-zh 1:23 信息通信技术",
            "deprecated-en 1:7 Secretary General"
        ]
    );
}
