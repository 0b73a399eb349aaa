//! `check`, `extract` and `align` on XLIFF, TMX and DOCX files: positions in the original file,
//! bilingual files as their own pairs, and every malformed input a clear error.

mod common;

use common::{fixture, root, shuyu, shuyu_in};
use serde_json::Value;
use std::io::Write as _;
use std::path::Path;

fn f(name: &str) -> String {
    fixture("formats").join(name).to_string_lossy().into_owned()
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// (rule, line, column, end_column, segment) of each finding of a JSON report.
fn places(v: &Value) -> Vec<(String, u64, u64, u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
                f["segment"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// A DOCX of `parts` (entry name, XML).
fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, xml) in parts {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A `word/document.xml` with one paragraph a line of `text`, each line cut into two runs.
fn document_xml(text: &str) -> String {
    let mut body = String::new();
    for line in text.lines() {
        let cut = line.char_indices().nth(3).map_or(line.len(), |(i, _)| i);
        body.push_str(&format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>\n",
            escape(&line[..cut]),
            escape(&line[cut..])
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\n\
         {body}</w:body></w:document>"
    )
}

#[test]
fn xliff_12_findings_point_into_the_xml_with_segment_ids() {
    let o = shuyu(&["check", "--format", "json", &f("report.xlf")]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let v = json(&o.stdout);
    // 能力构建 inside <g>, 信息通信技术 before an entity; t3 has no target: no missing-en.
    assert_eq!(
        places(&v),
        vec![
            ("deprecated-zh".into(), 6, 32, 36, "t1".into()),
            ("deprecated-zh".into(), 10, 23, 29, "t2".into()),
        ]
    );
    assert!(
        v["findings"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("formats/report.xlf")
    );
    assert_eq!(v["pairs"][0]["paired_by"], "file");
    assert!(
        o.stderr.contains("1 of 3 units have no <target>"),
        "{}",
        o.stderr
    );
}

#[test]
fn xliff_20_checks_both_sides() {
    let o = shuyu(&["check", "--format", "json", &f("report20.xlf")]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    // The deprecated form is cut by an inline <ph/>: it ends past the tag.
    assert_eq!(
        places(&json(&o.stdout)),
        vec![
            ("deprecated-zh".into(), 6, 22, 38, "u1/s1".into()),
            ("deprecated-en".into(), 7, 42, 59, "u1/s1".into()),
        ]
    );
}

#[test]
fn tmx_units_with_zh_and_en_are_segment_pairs() {
    let o = shuyu(&["check", "--format", "json", &f("memory.tmx")]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(
        places(&json(&o.stdout)),
        vec![
            ("deprecated-zh".into(), 6, 39, 43, "1".into()),
            ("deprecated-zh".into(), 14, 64, 70, "3".into()),
        ]
    );
    assert!(
        o.stderr
            .contains("1 of 3 translation units lack a Chinese (zh*) or an English (en*)"),
        "{}",
        o.stderr
    );
    let human = shuyu(&["check", &f("memory.tmx")]);
    assert!(
        human
            .stdout
            .contains("memory.tmx:6:39: error[deprecated-zh]"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("paired the zh and en sides of"),
        "{}",
        human.stdout
    );
    let github = shuyu(&["check", "--format", "github", &f("memory.tmx")]);
    assert!(
        github
            .stdout
            .contains("line=6,col=39,endLine=6,endColumn=43"),
        "{}",
        github.stdout
    );
    let sarif = json(&shuyu(&["check", "--format", "sarif", &f("memory.tmx")]).stdout);
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(6), Some(39))
    );
}

#[test]
fn docx_paragraphs_are_lines_shown_with_a_pilcrow() {
    let dir = tempfile::tempdir().unwrap();
    let xml = document_xml("联合国大会\n各国应加强能力构建。");
    std::fs::write(
        dir.path().join("w.docx"),
        docx(&[("word/document.xml", &xml)]),
    )
    .unwrap();
    let o = shuyu_in(dir.path(), &["check", "w.docx"], "");
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stdout.contains("w.docx:¶2:6: error[deprecated-zh]"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains(" ¶2 | 各国应加强能力构建。"),
        "{}",
        o.stdout
    );
    let v = json(&shuyu_in(dir.path(), &["check", "--format", "json", "w.docx"], "").stdout);
    assert_eq!(
        places(&v),
        vec![("deprecated-zh".into(), 2, 6, 10, String::new())]
    );
}

#[test]
fn docx_pair_by_name_checks_missing_equivalents() {
    let dir = tempfile::tempdir().unwrap();
    let zh = document_xml("联合国大会\n加强能力建设。");
    let en = document_xml("The General Assembly\nStrengthen cooperation.");
    std::fs::write(
        dir.path().join("r.zh.docx"),
        docx(&[("word/document.xml", &zh)]),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("r.en.docx"),
        docx(&[("word/document.xml", &en)]),
    )
    .unwrap();
    let o = shuyu_in(dir.path(), &["check", "--format", "json", "."], "");
    let v = json(&o.stdout);
    assert_eq!(v["pairs"][0]["paired_by"], "name", "{}", o.stdout);
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"missing-en"), "{}", o.stdout);
}

#[test]
fn shuyu_ignore_and_baseline_work_in_segments() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(f("memory.tmx")).unwrap();
    let ignored = text.replace("各国应加强能力构建。", "各国应加强能力构建。 shuyu-ignore");
    std::fs::write(dir.path().join("m.tmx"), ignored).unwrap();
    let o = shuyu_in(dir.path(), &["check", "--format", "json", "m.tmx"], "");
    assert_eq!(places(&json(&o.stdout)).len(), 1, "{}", o.stdout);
    let w = shuyu_in(
        dir.path(),
        &["check", "m.tmx", "--write-baseline", "b.json"],
        "",
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    let again = shuyu_in(dir.path(), &["check", "m.tmx", "--baseline", "b.json"], "");
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
}

#[test]
fn xliff_without_targets_is_checked_as_its_source() {
    let o = shuyu(&["check", "--format", "json", &f("notarget.xlf")]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(
        places(&json(&o.stdout)),
        vec![("deprecated-zh".into(), 5, 42, 46, "only".into())]
    );
    assert!(
        o.stderr.contains("notarget.xlf: no unit has a <target>"),
        "{}",
        o.stderr
    );
    let a = shuyu(&["align", &f("notarget.xlf")]);
    assert_eq!(a.code, 2, "{}", a.stderr);
    assert!(
        a.stderr
            .contains("has not both a zh and an en side: no unit has a <target>"),
        "{}",
        a.stderr
    );
}

#[test]
fn malformed_named_files_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("text.docx"), "not a zip at all").unwrap();
    std::fs::write(d.join("nodoc.docx"), docx(&[("word/styles.xml", "<a/>")])).unwrap();
    let bomb = format!(
        "<w:document><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
        "啊".repeat(8 << 20)
    );
    std::fs::write(d.join("bomb.docx"), docx(&[("word/document.xml", &bomb)])).unwrap();
    let cases = [
        (f("malformed.xlf"), "malformed.xlf:5:3: malformed XML"),
        (
            f("nozh.tmx"),
            "no translation unit has both a Chinese (zh*) and an English (en*)",
        ),
        (
            d.join("text.docx").to_string_lossy().into_owned(),
            "text.docx: not a Word document",
        ),
        (
            d.join("nodoc.docx").to_string_lossy().into_owned(),
            "a zip archive without word/document.xml",
        ),
        (
            d.join("bomb.docx").to_string_lossy().into_owned(),
            "a damaged file or a zip bomb",
        ),
    ];
    for (path, message) in &cases {
        for cmd in ["check", "extract"] {
            let o = shuyu(&[cmd, path]);
            assert_eq!(o.code, 2, "{cmd} {path}: {}", o.stderr);
            assert!(o.stderr.contains(message), "{cmd} {path}: {}", o.stderr);
            assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
            assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
        }
    }
}

#[test]
fn bad_files_found_by_walking_are_unreadable_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(f("malformed.xlf"), d.join("malformed.xlf")).unwrap();
    std::fs::copy(f("memory.tmx"), d.join("memory.tmx")).unwrap();
    std::fs::write(d.join("text.docx"), "not a zip at all").unwrap();
    let o = shuyu_in(d, &["check", "--format", "json", "."], "");
    assert_eq!(o.code, 1, "{}", o.stderr);
    let v = json(&o.stdout);
    let unreadable: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unreadable")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(unreadable, vec!["malformed.xlf", "text.docx"]);
    assert!(
        o.stderr
            .contains("malformed.xlf: line 5, column 3: malformed XML"),
        "{}",
        o.stderr
    );
    assert_eq!(v["summary"]["files"], 1, "{}", o.stdout);
}

#[test]
fn extract_ranks_the_same_terms_from_docx_as_from_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("corpus/A_RES_77_36.zh.txt")).unwrap();
    let docx_path = dir.path().join("A_RES_77_36.docx");
    std::fs::write(
        &docx_path,
        docx(&[("word/document.xml", &document_xml(&text))]),
    )
    .unwrap();
    let terms = |path: &Path| -> Vec<(String, u64)> {
        let o = shuyu(&[
            "extract",
            "--format",
            "json",
            "--top",
            "30",
            "--contexts",
            "1",
            path.to_str().unwrap(),
        ]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        json(&o.stdout)["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["term"].as_str().unwrap().to_owned(),
                    t["contexts"][0]["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let from_text = terms(&root().join("corpus/A_RES_77_36.zh.txt"));
    assert_eq!(
        terms(&docx_path),
        from_text,
        "same terms, and contexts on the same paragraphs as lines"
    );
}

#[test]
fn extract_reads_the_chinese_side_of_xliff_and_tmx() {
    let o = shuyu(&[
        "extract",
        "--format",
        "json",
        "--min-freq",
        "1",
        "--contexts",
        "1",
        &f("report20.xlf"),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!o.stdout.contains("States"), "{}", o.stdout);
    let v = json(&o.stdout);
    let ctx = &v["terms"][0]["contexts"][0];
    assert!(ctx["segment"].is_string(), "{}", o.stdout);
}

/// A TMX of the lines of `zh` and `en`, one unit a line.
fn tmx_of(zh: &str, en: &str) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"zh-CN\" \
         datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"none\" \
         creationtool=\"t\" creationtoolversion=\"1\"/><body>\n",
    );
    for (i, (z, e)) in zh.lines().zip(en.lines()).enumerate() {
        out.push_str(&format!(
            "<tu tuid=\"{i}\"><tuv xml:lang=\"zh-CN\"><seg>{}</seg></tuv><tuv xml:lang=\"en-US\"><seg>{}</seg></tuv></tu>\n",
            escape(z),
            escape(e)
        ));
    }
    out.push_str("</body></tmx>\n");
    out
}

#[test]
fn align_on_a_tmx_proposes_what_the_text_files_give() {
    let zh_path = root().join("tests/fixtures/align/devset_excerpt.zh");
    let en_path = root().join("tests/fixtures/align/devset_excerpt.en");
    let zh = std::fs::read_to_string(&zh_path).unwrap();
    let en = std::fs::read_to_string(&en_path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("devset.tmx");
    std::fs::write(&tmx, tmx_of(&zh, &en)).unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["align", "--format", "json", "--min-support", "1"];
        all.extend(args);
        let o = shuyu(&all);
        assert_eq!(o.code, 0, "{}", o.stderr);
        json(&o.stdout)["terms"].clone()
    };
    let from_files = run(&[zh_path.to_str().unwrap(), en_path.to_str().unwrap()]);
    let from_tmx = run(&[tmx.to_str().unwrap()]);
    assert_eq!(from_tmx, from_files);
    // A directory holding it pairs it with itself too.
    assert_eq!(run(&[dir.path().to_str().unwrap()]), from_files);
}

#[test]
fn a_tmx_of_100k_units_is_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let zh = "各国应加强能力建设。\n".repeat(100_000);
    let en = "States should strengthen capacity-building.\n".repeat(100_000);
    let mut tmx = tmx_of(&zh, &en);
    tmx = tmx.replacen("能力建设", "能力构建", 1);
    std::fs::write(dir.path().join("big.tmx"), tmx).unwrap();
    let o = shuyu_in(dir.path(), &["check", "--format", "json", "big.tmx"], "");
    assert_eq!(o.code, 1, "{}", o.stderr);
    let v = json(&o.stdout);
    assert_eq!(v["pairs"][0]["zh_lines"], 100_000);
    assert_eq!(
        places(&v),
        vec![("deprecated-zh".into(), 3, 46, 50, "0".into())]
    );
}

#[test]
#[ignore = "needs the shared data"]
fn align_on_a_tmx_of_500_dev_set_pairs_matches_the_text_files() {
    let dev = root().join("../shared/corpus/unpc-devset");
    let (zh_path, en_path) = (dev.join("UNv1.0.devset.zh"), dev.join("UNv1.0.devset.en"));
    assert!(
        zh_path.is_file() && en_path.is_file(),
        "this test needs the UNPC dev set in ../shared/corpus/unpc-devset"
    );
    let head = |p: &Path| -> String {
        let text = std::fs::read_to_string(p).unwrap();
        text.lines().take(500).map(|l| format!("{l}\n")).collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = (head(&zh_path), head(&en_path));
    std::fs::write(dir.path().join("dev.zh"), &zh).unwrap();
    std::fs::write(dir.path().join("dev.en"), &en).unwrap();
    std::fs::write(dir.path().join("dev.tmx"), tmx_of(&zh, &en)).unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["align", "--format", "json"];
        all.extend(args);
        let o = shuyu_in(dir.path(), &all, "");
        assert_eq!(o.code, 0, "{}", o.stderr);
        json(&o.stdout)["terms"].clone()
    };
    assert_eq!(run(&["dev.tmx"]), run(&["dev.zh", "dev.en"]));
}

#[test]
fn a_bilingual_file_in_pair_is_refused_with_what_to_do() {
    let o = shuyu(&["check", "--pair", &f("memory.tmx"), &f("report.xlf")]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("is its own pair"), "{}", o.stderr);
}

#[test]
fn an_en_to_zh_xliff_pairs_its_target_as_the_chinese_side() {
    let dir = tempfile::tempdir().unwrap();
    let xlf = "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file source-language=\"en-US\" \
               target-language=\"ZH-CN\" datatype=\"plaintext\" original=\"a\"><body>\n\
               <trans-unit id=\"a\"><source>Capacity-building matters.</source>\n\
               <target>能力构建很重要。</target></trans-unit>\n</body></file></xliff>\n";
    std::fs::write(dir.path().join("en2zh.xlf"), xlf).unwrap();
    let o = shuyu_in(dir.path(), &["check", "--format", "json", "en2zh.xlf"], "");
    assert_eq!(o.code, 1, "{}", o.stderr);
    let v = json(&o.stdout);
    assert_eq!(
        places(&v),
        vec![("deprecated-zh".into(), 4, 9, 13, "a".into())]
    );
    assert_eq!(v["pairs"][0]["paired_by"], "file");
    assert_eq!(v["pairs"][0]["swapped"], false);
}

/// The file's declared source language says which bilingual rules run, as `--source` would;
/// the flag (or `source` in shuyu.toml) overrides it.
#[test]
fn the_declared_source_language_chooses_the_bilingual_rules() {
    let dir = tempfile::tempdir().unwrap();
    let xlf = "<?xml version=\"1.0\"?>\n<xliff version=\"2.0\" srcLang=\"en\" trgLang=\"zh-CN\">\
               <file id=\"f\"><unit id=\"u\"><segment>\
               <source>The Secretary-General thanked the delegations.</source>\
               <target>会员国感谢各代表团。</target></segment></unit></file></xliff>\n";
    std::fs::write(dir.path().join("en2zh.xlf"), xlf).unwrap();
    let rules = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "json", "--no-config", "en2zh.xlf"];
        args.extend(extra);
        let o = shuyu_in(dir.path(), &args, "");
        let v = json(&o.stdout);
        let mut r: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect();
        r.sort();
        r
    };
    assert_eq!(rules(&[]), ["missing-zh"]);
    assert_eq!(rules(&["--source", "both"]), ["missing-en", "missing-zh"]);
    assert_eq!(rules(&["--source", "zh"]), ["missing-en"]);
}

/// Both sides of a bilingual file are one file: its findings come in the file's order, the
/// source's and the target's interleaved, not one side after the other.
#[test]
fn findings_of_both_sides_come_in_the_order_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
               <tu tuid=\"1\"><tuv xml:lang=\"en\"><seg>The UN Charter applies.</seg></tuv>\n\
               <tuv xml:lang=\"zh-CN\"><seg>加强能力构建。</seg></tuv></tu>\n\
               <tu tuid=\"2\"><tuv xml:lang=\"en\"><seg>The UN Charter again.</seg></tuv>\n\
               <tuv xml:lang=\"zh-CN\"><seg>再次能力构建。</seg></tuv></tu>\n</body></tmx>\n";
    std::fs::write(dir.path().join("m.tmx"), tmx).unwrap();
    let o = shuyu_in(
        dir.path(),
        &["check", "--format", "json", "--no-config", "m.tmx"],
        "",
    );
    let v = json(&o.stdout);
    let got: Vec<(String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("deprecated"))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("deprecated-en".to_owned(), 2),
            ("deprecated-zh".to_owned(), 3),
            ("deprecated-en".to_owned(), 4),
            ("deprecated-zh".to_owned(), 5),
        ],
        "{}",
        o.stdout
    );
}

#[test]
fn standard_input_named_as_a_tmx_is_read_as_one() {
    let tmx = std::fs::read_to_string(f("memory.tmx")).unwrap();
    let o = shuyu_in(
        &root(),
        &[
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "x.tmx",
        ],
        &tmx,
    );
    assert_eq!(o.code, 1, "{}", o.stderr);
    let v = json(&o.stdout);
    assert_eq!(v["findings"][0]["file"], "x.tmx");
    assert_eq!(v["findings"][0]["segment"], "1");
    assert_eq!(v["pairs"][0]["paired_by"], "file");
}

/// `pandoc.docx` was written by pandoc 2.17 from `pandoc.md` (`pandoc pandoc.md -o
/// pandoc.docx`): a Word file from another writer than the tests' own, with styles, a table
/// and a footnote (after pandoc's separator footnotes).
#[test]
fn a_docx_written_by_pandoc_is_read_with_its_table_and_footnote() {
    let o = shuyu(&["check", "--format", "json", &f("pandoc.docx")]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let found: Vec<(u64, u64, String)> = json(&o.stdout)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["found"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (2, 6, "能力构建".to_owned()),
            (6, 1, "信息通信技术".to_owned()),
            (8, 5, "信息通讯技术".to_owned()),
        ]
    );
}
