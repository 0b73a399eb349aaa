//! `shuyu export --format tbx|tbx2`: TBX v3 and v2 carry the same content; ids that cannot be
//! XML IDs are refused by export and reported by lint; and real readers accept the files: the
//! TBX v3 core RELAX NG and the TBX-Basic Schematron (python lxml and Saxon-HE, on
//! ../shared/schemas), translate-toolkit's TBX v2 reader. `.ci/run` installs the python
//! packages and runs the ignored tests.

mod common;
use common::{root, shuyu, shuyu_in};
use std::path::Path;
use std::process::Command;

/// A glossary with what TBX finds awkward: markup characters in notes, forms and sources,
/// many forms, deprecated forms, `detect: false`, every language, statuses other than
/// approved, an id starting with a digit and one lint dislikes but XML accepts.
fn awkward_glossary() -> String {
    let many: Vec<String> = (1..=40).map(|i| format!("形式{i}")).collect();
    format!(
        r#"version: 2
name: "R&D <glossary> ]]> 'test'"
entries:
  - id: 2021-oewg
    type: title
    status: approved
    zh:
      preferred: 不限成员名额工作组
      abbr: 工作组
      admitted: [{many}]
      deprecated: [开放式工作组, "工作组 <旧>"]
      detect: false
    en:
      preferred: Open-ended Working Group
      abbr: OEWG
      admitted: ["working group & co"]
      deprecated: [open ended working group, "<OEWG>"]
      detect: false
    fr: Groupe de travail à composition non limitée
    es: Grupo de trabajo de composición abierta
    ru: Рабочая группа открытого состава
    ar: الفريق العامل المفتوح العضوية
    note: "Notes may hold <tags>, & ampersands, \"quotes\", 'apostrophes' and ]]>"
    sources: ["A/RES/75/240 & <x>", A/RES/77/36]
    contexts:
      - {{ file: corpus/a.zh.txt, line: 3, text: "设立<不限成员名额工作组>&" }}
  - id: Mixed_Case.v2
    status: candidate
    zh: 候选术语
  - id: refused
    status: rejected
    zh:
      preferred: 被拒术语
      deprecated: [旧术语]
    en: refused term
"#,
        many = many.join(", ")
    )
}

/// Writes `yaml` as g.yaml in `dir` and exports it as `format` to `out`.
fn export(dir: &Path, yaml: &str, format: &str, out: &str) -> common::Run {
    std::fs::write(dir.join("g.yaml"), yaml).unwrap();
    shuyu_in(
        dir,
        &[
            "export",
            "--format",
            format,
            "--glossary",
            "g.yaml",
            "-o",
            out,
        ],
        "",
    )
}

/// The `<body>` of a TBX v3 file with v2's element names, to compare with a v2 file's body.
fn body_as_v2(v3: &str) -> String {
    body(v3)
        .replace("conceptEntry", "termEntry")
        .replace("langSec", "langSet")
        .replace("termSec", "tig")
}

fn body(xml: &str) -> String {
    let start = xml.find("<body>").expect("a <body>");
    let end = xml.find("</body>").expect("a </body>");
    xml[start..end].to_owned()
}

#[test]
fn tbx2_is_martif_with_the_same_content_as_tbx() {
    let v3 = shuyu(&["export", "--format", "tbx"]);
    let v2 = shuyu(&["export", "--format", "tbx2"]);
    assert_eq!((v3.code, v2.code), (0, 0), "{}{}", v3.stderr, v2.stderr);
    assert!(v2.stdout.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<martif type=\"TBX-Basic\" xml:lang=\"en\">\n  <martifHeader>\n"
    ));
    assert!(
        v2.stdout
            .contains("<p type=\"XCSURI\">TBXBasicXCSV02.xcs</p>")
    );
    assert!(v2.stdout.ends_with("</body>\n  </text>\n</martif>\n"));
    assert_eq!(body_as_v2(&v3.stdout), body(&v2.stdout));
    let dir = tempfile::tempdir().unwrap();
    for format in ["tbx", "tbx2"] {
        let r = export(dir.path(), &awkward_glossary(), format, "out.tbx");
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        assert!(r.stderr.contains("wrote 3 entries"), "{}", r.stderr);
    }
}

#[test]
fn ids_and_detect_as_both_versions_write_them() {
    let dir = tempfile::tempdir().unwrap();
    for (format, entry, lang, term) in [
        ("tbx", "conceptEntry", "langSec", "termSec"),
        ("tbx2", "termEntry", "langSet", "tig"),
    ] {
        let r = export(dir.path(), &awkward_glossary(), format, "-");
        assert_eq!(r.code, 0, "{}", r.stderr);
        let x = &r.stdout;
        assert!(x.contains(&format!("<{entry} id=\"_2021-oewg\">")), "{x}");
        assert!(
            x.contains(&format!("<{entry} id=\"Mixed_Case.v2\">")),
            "{x}"
        );
        // detect: false is the first child of its language section, before the terms.
        let detect = format!(
            "<{lang} xml:lang=\"zh\">\n          <note>shuyu detect: false</note>\n          <{term}>"
        );
        assert!(x.contains(&detect), "{x}");
        assert_eq!(x.matches("<note>shuyu detect: false</note>").count(), 2);
        assert!(x.contains("<note>shuyu status: candidate</note>"));
        assert!(x.contains("<note>shuyu status: rejected</note>"));
        assert!(x.contains("<admin type=\"source\">A/RES/75/240 &amp; &lt;x&gt;</admin>"));
        assert!(
            x.contains("<descrip type=\"context\">设立&lt;不限成员名额工作组&gt;&amp;</descrip>")
        );
        for code in ["zh", "en", "fr", "es", "ru", "ar"] {
            assert!(
                x.contains(&format!("<{lang} xml:lang=\"{code}\">")),
                "{code}"
            );
        }
    }
}

#[test]
fn ids_that_are_not_xml_ids_fail_both_exports_naming_each() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "version: 1\nentries:\n  - id: x y\n    zh: 甲\n  - id: fine\n    zh: 乙\n  - id: \"a:b\"\n    zh: 丙\n  - id: \"-lead\"\n    zh: 丁\n";
    for format in ["tbx", "tbx2"] {
        let r = export(dir.path(), yaml, format, "out.tbx");
        assert_eq!(r.code, 2, "{format}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            format!(
                "shuyu: error: cannot export as {format}: 3 entries' ids cannot be written, since \
                 TBX ids are XML IDs: `x y`, `a:b`, `-lead`: rename them to lowercase letters and \
                 digits joined by hyphens (`shuyu glossary lint` shows where)\n"
            )
        );
        assert!(!dir.path().join("out.tbx").exists(), "nothing is written");
        let r = export(dir.path(), yaml, format, "-");
        assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    }
    // Other formats have no XML ids and export such entries as they are.
    let r = export(dir.path(), yaml, "html", "-");
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn an_id_that_becomes_another_entrys_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "version: 1\nentries:\n  - id: 1st\n    zh: 甲\n  - id: _1st\n    zh: 乙\n";
    let r = export(dir.path(), yaml, "tbx2", "-");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("1 entry's id cannot be written, since TBX ids are XML IDs: `_1st` (written as `_1st`, like `1st`): rename it"),
        "{}",
        r.stderr
    );
}

#[test]
fn lint_reports_each_id_tbx_cannot_carry_once_saying_tbx_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(
        &path,
        "version: 1\nentries:\n  - id: capacity building\n    zh: 能力建设\n    en: capacity-building\n  - id: \"un:ict\"\n    zh: 信息和通信技术\n  - id: Bad_Id\n    zh: 网络\n",
    )
    .unwrap();
    let r = shuyu(&["glossary", "lint", path.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let p = path.display();
    let tbx = " (and `export --format tbx|tbx2` refuses it: TBX ids are XML IDs)";
    let tail = ": use lowercase letters and digits joined by single hyphens, e.g. \
                `capacity-building` [invalid-id]";
    assert_eq!(
        r.stdout,
        format!(
            "{p}:3: invalid id `capacity building`{tbx}{tail}\n\
             {p}:6: invalid id `un:ict`{tbx}{tail}\n\
             {p}:8: invalid id `Bad_Id`{tail}\n"
        )
    );
}

/// Runs `script` with `python3 -c`, `args` after it; its standard output. Fails saying which
/// packages to install when python3 or a module is missing.
fn python(script: &str, args: &[&Path], packages: &str) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 does not run ({e}): this test needs python3 with {packages}")
        });
    assert!(
        out.status.success(),
        "the python check failed (this test needs python3 with {packages}: pip install {packages}):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// RELAX NG (lxml) and the compiled TBX-Basic Schematron (Saxon-HE) on each file, one JSON line
/// per file: its RNG errors, how many Schematron rules fired and each failed assertion.
const VALIDATE_V3: &str = r#"
import json, sys
from lxml import etree
from saxonche import PySaxonProcessor
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
rng_path, xsl_path, *files = sys.argv[1:]
rng = etree.RelaxNG(etree.parse(rng_path))
with PySaxonProcessor(license=False) as saxon:
    sch = saxon.new_xslt30_processor().compile_stylesheet(stylesheet_file=xsl_path)
    for f in files:
        rng.validate(etree.parse(f))
        svrl = etree.fromstring(sch.transform_to_string(source_file=f).encode())
        print(json.dumps({
            "rng": [f"{e.line}: {e.message}" for e in rng.error_log],
            "fired": len(svrl.findall(".//svrl:fired-rule", SVRL)),
            "failed": [a.get("location") + ": " + "".join(a.itertext()).strip()
                       for a in svrl.findall(".//svrl:failed-assert", SVRL)],
        }))
"#;

#[test]
#[ignore = "needs the shared data (../shared/schemas) and python3 with lxml and saxonche"]
fn tbx3_passes_the_core_rng_and_the_tbx_basic_schematron() {
    let schemas = root().join("../shared/schemas");
    let rng = schemas.join("TBXcoreStructV03.rng");
    let xsl = schemas.join("TBX-Basic_DCA.svrl.xsl");
    let example = schemas.join("Example_Astronomy_DCA_VALID.tbx");
    for f in [&rng, &xsl, &example] {
        assert!(
            f.is_file(),
            "this test needs {} (../shared/schemas)",
            f.display()
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = shuyu(&[
        "export",
        "--format",
        "tbx",
        "-o",
        d.join("shipped.tbx").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = export(d, &awkward_glossary(), "tbx", "awkward.tbx");
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Broken files, so that a harness that checks nothing fails: an element removed, a value
    // outside the dialect, an id that is not an XML ID (what export now refuses to write).
    let awkward = std::fs::read_to_string(d.join("awkward.tbx")).unwrap();
    let no_term = awkward.replacen("<term>不限成员名额工作组</term>", "", 1);
    let bad_status = awkward.replacen(">preferredTerm-admn-sts<", ">preferred<", 1);
    let bad_id = awkward.replacen("id=\"refused\"", "id=\"x y\"", 1);
    for (name, text) in [
        ("no-term", &no_term),
        ("bad-status", &bad_status),
        ("bad-id", &bad_id),
    ] {
        assert_ne!(text, &awkward, "{name}");
        std::fs::write(d.join(format!("{name}.tbx")), text).unwrap();
    }
    let files: Vec<_> = ["shipped", "awkward", "no-term", "bad-status", "bad-id"]
        .iter()
        .map(|n| d.join(format!("{n}.tbx")))
        .chain([example])
        .collect();
    let mut args: Vec<&Path> = vec![&rng, &xsl];
    args.extend(files.iter().map(|f| f.as_path()));
    let out = python(VALIDATE_V3, &args, "lxml saxonche");
    let results: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), files.len(), "{out}");
    let [shipped, awkward, no_term, bad_status, bad_id, example] = &results[..] else {
        unreachable!()
    };
    let count = |v: &serde_json::Value, k: &str| v[k].as_array().unwrap().len();
    for (name, v) in [
        ("shipped", shipped),
        ("awkward", awkward),
        ("example", example),
    ] {
        assert_eq!((count(v, "rng"), count(v, "failed")), (0, 0), "{name}: {v}");
        assert!(
            v["fired"].as_u64().unwrap() > 100,
            "{name}: the Schematron ran: {v}"
        );
    }
    assert!(count(no_term, "rng") > 0, "{no_term}");
    assert!(count(bad_status, "failed") > 0, "{bad_status}");
    assert!(count(bad_id, "rng") > 0, "{bad_id}");
}

/// Every unit translate-toolkit reads, one JSON line each: id, source, target, notes, and the
/// terms of each side with their administrative status.
const READ_V2: &str = r#"
import json, sys
from translate.storage import tbx
store = tbx.tbxfile.parsestring(open(sys.argv[1], "rb").read())
terms = lambda ts: [[t.text, t.administrative_status] for t in ts]
for u in store.units:
    print(json.dumps({
        "id": u.getid(), "source": u.source, "target": u.target, "notes": u.getnotes(),
        "source_terms": terms(u.get_source_terms()),
        "target_terms": terms(u.get_target_terms()),
        "obsolete": u.isobsolete(),
    }))
"#;

/// The units of `file` as translate-toolkit reads them.
fn translate_toolkit_units(file: &Path) -> Vec<serde_json::Value> {
    python(READ_V2, &[file], "translate-toolkit")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
#[ignore = "needs python3 with translate-toolkit"]
fn tbx2_loads_in_translate_toolkit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let shipped = d.join("shipped.tbx");
    let r = shuyu(&[
        "export",
        "--format",
        "tbx2",
        "-o",
        shipped.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let units = translate_toolkit_units(&shipped);
    let g = shuyu::glossary::Glossary::builtin();
    assert_eq!(units.len(), g.entries.len());
    for (u, e) in units.iter().zip(&g.entries) {
        assert_eq!(u["id"], e.id.as_str());
        assert_eq!(
            u["source"],
            e.zh.as_ref().unwrap().preferred.as_str(),
            "{u}"
        );
        let en = e.en.as_ref().map(|l| l.preferred.as_str());
        assert_eq!(u["target"].as_str().filter(|t| !t.is_empty()), en, "{u}");
    }
    let ict = units.iter().find(|u| u["id"] == "ict").unwrap();
    assert_eq!(ict["source"], "信息和通信技术");
    assert_eq!(ict["target"], "information and communications technologies");
    let dep = serde_json::json!(["信息通信技术", "deprecatedTerm-admn-sts"]);
    assert!(
        ict["source_terms"].as_array().unwrap().contains(&dep),
        "{ict}"
    );

    let r = export(d, &awkward_glossary(), "tbx2", "awkward.tbx");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let units = translate_toolkit_units(&d.join("awkward.tbx"));
    assert_eq!(units.len(), 3);
    let oewg = &units[0];
    assert_eq!(oewg["id"], "_2021-oewg");
    assert_eq!(oewg["source"], "不限成员名额工作组");
    assert_eq!(oewg["target"], "Open-ended Working Group");
    // preferred, abbreviation, 40 admitted, 2 deprecated; in the glossary's order.
    let zh = oewg["source_terms"].as_array().unwrap();
    assert_eq!(zh.len(), 44);
    assert_eq!(
        zh[1],
        serde_json::json!(["工作组", "admittedTerm-admn-sts"])
    );
    assert_eq!(
        zh[43],
        serde_json::json!(["工作组 <旧>", "deprecatedTerm-admn-sts"])
    );
    let en = oewg["target_terms"].as_array().unwrap();
    assert_eq!(
        en[3],
        serde_json::json!(["open ended working group", "deprecatedTerm-admn-sts"])
    );
    let notes = oewg["notes"].as_str().unwrap();
    assert!(
        notes.starts_with("Notes may hold <tags>, & ampersands, \"quotes\", 'apostrophes' and ]]>"),
        "{notes}"
    );
    assert!(notes.contains("shuyu detect: false"), "{notes}");
    assert_eq!(units[1]["id"], "Mixed_Case.v2");
    assert_eq!(units[1]["notes"], "shuyu status: candidate");
    assert_eq!(units[2]["target"], "refused term");
    assert_eq!(units[2]["obsolete"], false);
}
