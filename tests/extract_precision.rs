//! Extraction precision on UN letters and meeting records: document formulae, collocations of a
//! term and a generic head, instance tails, coordinations and bare heads do not rank as terms.

mod common;

use common::shuyu_in;
use serde_json::Value;

/// Two letters and a meeting record in the drafting of UN documents.
const LETTERS: [&str; 2] = [
    "2015年3月5日秘书长给安全理事会主席的信\n\
     根据《联合国宪章》第十二条第2款，秘书长谨报告，行预咨委会已审议维持和平行动经费。\
     行预咨委会报告载于附件。安全理事会成员于2015年3月2日审议了行预咨委会的建议。\n\
     斯德哥尔摩公约缔约方大会和巴塞尔公约缔约方大会在日内瓦举行会议。\
     顿涅茨克州和卢甘斯克州的局势仍然紧张。\n\
     请将本信及其附件作为大会议程项目42下的文件和安全理事会的文件分发为荷。\n",
    "安全理事会第7364次会议临时议程\n\
     秘书长谨报告，行预咨委会审议了维持和平行动。行预咨委会报告已分发。\
     安全理事会成员欢迎行预咨委会的工作。理事会注意到维持和平行动的进展。\n\
     斯德哥尔摩公约缔约方大会和巴塞尔公约缔约方大会通过了决定。\
     顿涅茨克州和卢甘斯克州发生了冲突。安全理事会第7365次会议临时议程已通过。\n\
     请将本信及其附件作为大会议程项目42下的文件分发为荷。\n",
];

/// Every term `extract --top 0` reports on `LETTERS`, with its score.
fn scored_terms() -> Vec<(String, f64)> {
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in LETTERS.iter().enumerate() {
        std::fs::write(dir.path().join(format!("letter{i}.zh.txt")), text).unwrap();
    }
    let run = shuyu_in(
        dir.path(),
        &[
            "extract",
            "--format",
            "json",
            "--top",
            "0",
            "--contexts",
            "0",
            ".",
        ],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let term = t["term"].as_str().unwrap().to_owned();
            (term, t["score"].as_f64().unwrap())
        })
        .collect()
}

fn score_of(terms: &[(String, f64)], term: &str) -> Option<f64> {
    terms.iter().find(|(t, _)| t == term).map(|&(_, s)| s)
}

#[test]
fn formulae_collocations_and_instance_tails_do_not_rank() {
    let terms = scored_terms();
    for term in ["安全理事会", "行预咨委会", "维持和平行动"] {
        let score = score_of(&terms, term);
        assert!(
            score.is_some_and(|s| s > 0.0),
            "{term}: {score:?} in {terms:?}"
        );
    }
    // Letter formulae never become candidates; collocations and instance tails score 0.
    for phrase in [
        "本信及其附件",
        "秘书长谨报告",
        "行预咨委会报告",
        "安全理事会成员",
        "大会议程项目",
        "会议临时议程",
    ] {
        let score = score_of(&terms, phrase);
        assert!(
            score.is_none_or(|s| s == 0.0),
            "{phrase} ranks as a term ({score:?}): {terms:?}"
        );
    }
}

#[test]
fn coordinations_and_bare_heads_are_not_candidates() {
    let terms = scored_terms();
    for phrase in ["顿涅茨克州和卢甘斯克州", "公约缔约方大会", "理事会成员"]
    {
        assert!(
            score_of(&terms, phrase).is_none(),
            "{phrase} is a candidate: {terms:?}"
        );
    }
}

#[test]
fn a_bare_head_ranks_below_the_terms_it_ends() {
    let terms = scored_terms();
    let rank = |term: &str| terms.iter().position(|(t, _)| t == term);
    let council = rank("理事会");
    assert!(
        council.is_none() || council > rank("安全理事会"),
        "{terms:?}"
    );
}
