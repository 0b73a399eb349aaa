//! `shuyu export`: TBX parses as XML and round-trips the entries; OmegaT TSV and CSV shapes.

mod common;
use common::{shipped_glossary, shuyu};
use quick_xml::events::Event;
use shuyu::glossary::{Glossary, Lang};
use std::collections::BTreeMap;

/// Per entry id: language → (preferred, abbr, admitted, deprecated), as rebuilt from TBX.
type Rebuilt = BTreeMap<String, BTreeMap<String, Lang>>;

/// Reads the TBX back with a real XML parser (quick-xml), rebuilding each entry's forms from
/// their administrativeStatus and termType notes.
fn parse_tbx(xml: &str) -> (Rebuilt, BTreeMap<String, Vec<String>>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Rebuilt::new();
    let mut notes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (mut id, mut lang) = (String::new(), String::new());
    let mut path: Vec<(String, Option<String>)> = Vec::new();
    let mut text = String::new();
    let (mut term, mut status, mut abbr) = (String::new(), String::new(), false);
    let mut root_seen = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = e.name().as_ref().to_owned();
                let attr = |k: &str| {
                    e.attributes()
                        .map(|a| a.unwrap())
                        .find(|a| a.key.as_ref() == k)
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                };
                match name.as_str() {
                    "tbx" => {
                        root_seen = true;
                        assert_eq!(attr("type").as_deref(), Some("TBX-Basic"));
                        assert_eq!(attr("style").as_deref(), Some("dca"));
                        assert_eq!(attr("xml:lang").as_deref(), Some("zh"));
                    }
                    "conceptEntry" => id = attr("id").expect("conceptEntry id"),
                    "langSec" => lang = attr("xml:lang").expect("langSec xml:lang"),
                    "termSec" => (term, status, abbr) = (String::new(), String::new(), false),
                    _ => {}
                }
                path.push((name, attr("type")));
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref().unwrap() {
                Some(c) => text.push(c),
                None => text.push_str(match r.xml10_content().as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity {other}"),
                }),
            },
            Event::End(_) => {
                let (name, ty) = path.pop().unwrap();
                match (name.as_str(), ty.as_deref()) {
                    ("term", _) => term = text.clone(),
                    ("termNote", Some("administrativeStatus")) => status = text.clone(),
                    ("termNote", Some("termType")) => abbr = text == "abbreviation",
                    ("note", _) if path.last().is_some_and(|p| p.0 == "conceptEntry") => {
                        notes.entry(id.clone()).or_default().push(text.clone())
                    }
                    ("termSec", _) => {
                        let l = out
                            .entry(id.clone())
                            .or_default()
                            .entry(lang.clone())
                            .or_default();
                        match (status.as_str(), abbr) {
                            ("preferredTerm-admn-sts", false) => l.preferred = term.clone(),
                            ("admittedTerm-admn-sts", true) => l.abbr = Some(term.clone()),
                            ("admittedTerm-admn-sts", false) => l.admitted.push(term.clone()),
                            ("deprecatedTerm-admn-sts", false) => l.deprecated.push(term.clone()),
                            other => panic!("unexpected term status {other:?}"),
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(root_seen && path.is_empty());
    (out, notes)
}

#[test]
fn tbx_parses_and_round_trips_every_entry() {
    let r = shuyu(&["export", "--format", "tbx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx type=\"TBX-Basic\"")
    );
    let (rebuilt, notes) = parse_tbx(&r.stdout);
    let g = Glossary::builtin();
    assert_eq!(rebuilt.len(), g.entries.len());
    for e in &g.entries {
        let langs = &rebuilt[&e.id];
        // TBX carries the forms; `detect` is shuyu's checking policy, with no TBX data category.
        let expected: BTreeMap<String, Lang> = e
            .languages()
            .map(|(c, l)| {
                let mut l = l.clone();
                l.detect = true;
                (c.to_owned(), l)
            })
            .collect();
        assert_eq!(langs, &expected, "{}", e.id);
        assert_eq!(
            notes.get(&e.id).and_then(|n| n.first()),
            e.note.as_ref(),
            "{}",
            e.id
        );
    }
}

#[test]
fn tbx_escapes_markup_in_forms_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(
        &path,
        "version: 1\nname: \"R&D <glossary>\"\nentries:\n  - id: rd\n    status: candidate\n    zh: 研究与开发\n    en:\n      preferred: \"research & development\"\n      abbr: \"R&D\"\n      deprecated: [\"<R and D>\"]\n    note: \"Say \\\"R&D\\\", not 'R and D' </note>\"\n",
    )
    .unwrap();
    let out = dir.path().join("g.tbx");
    let r = shuyu(&[
        "export",
        "--format",
        "tbx",
        "--glossary",
        path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let xml = std::fs::read_to_string(&out).unwrap();
    let (rebuilt, notes) = parse_tbx(&xml);
    let en = &rebuilt["rd"]["en"];
    assert_eq!(en.preferred, "research & development");
    assert_eq!(en.abbr.as_deref(), Some("R&D"));
    assert_eq!(en.deprecated, vec!["<R and D>"]);
    assert_eq!(
        notes["rd"],
        vec![
            "Say \"R&D\", not 'R and D' </note>",
            "shuyu status: candidate"
        ]
    );
}

#[test]
fn omegat_tsv_has_three_columns_and_no_deprecated_targets() {
    let r = shuyu(&["export", "--format", "tsv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = Glossary::builtin();
    let deprecated_en: Vec<String> = g
        .entries
        .iter()
        .filter_map(|e| e.en.as_ref())
        .flat_map(|l| l.deprecated.iter().map(|d| d.to_lowercase()))
        .collect();
    let mut sources = std::collections::HashSet::new();
    let body = r.stdout.split_once('\n').unwrap().1;
    for line in body.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{line}");
        assert!(!cols[0].is_empty() && !cols[1].is_empty());
        assert!(!deprecated_en.contains(&cols[1].to_lowercase()), "{line}");
        sources.insert(cols[0].to_owned());
    }
    assert!(
        r.stdout
            .contains("信息和通信技术\tinformation and communications technologies\t[ict]")
    );
    assert!(r.stdout.contains("\n信息通信技术\tinformation and communications technologies\tdeprecated; write 信息和通信技术"));
    // Every approved entry's preferred Chinese is a source line.
    for e in g.entries.iter().filter(|e| e.en.is_some()) {
        assert!(
            sources.contains(&e.zh.as_ref().unwrap().preferred),
            "{}",
            e.id
        );
    }
}

/// Splits RFC 4180 CSV into records of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CRLF line ends"),
            (false, '\n') => panic!("bare LF outside quotes"),
            (false, c) => field.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the last record ends with CRLF"
    );
    rows
}

#[test]
fn csv_for_memoq_one_row_per_approved_entry() {
    let r = shuyu(&["export", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = r.stdout.strip_prefix('\u{feff}').expect("UTF-8 BOM");
    let rows = parse_csv(text);
    assert_eq!(
        rows[0],
        [
            "ID",
            "Chinese",
            "English",
            "Chinese admitted",
            "English admitted",
            "Chinese deprecated",
            "English deprecated",
            "Type",
            "Status",
            "Note",
            "Sources"
        ]
    );
    let g = Glossary::builtin();
    assert_eq!(rows.len() - 1, g.entries.len());
    let ict = rows.iter().find(|r| r[0] == "ict").unwrap();
    assert_eq!(ict[1], "信息和通信技术");
    assert_eq!(ict[2], "information and communications technologies");
    assert_eq!(ict[5], "信息通信技术; 信息通讯技术");
    assert_eq!(
        ict[9],
        g.entries
            .iter()
            .find(|e| e.id == "ict")
            .unwrap()
            .note
            .clone()
            .unwrap()
    );
    assert!(rows.iter().all(|r| r.len() == 11));
}

#[test]
fn status_filter_and_missing_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(
        &path,
        "version: 1\nentries:\n  - id: a\n    status: approved\n    zh: 甲\n    en: A\n  - id: b\n    status: candidate\n    zh: 乙\n    en: B\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let tsv = shuyu(&["export", "--format", "tsv", "--glossary", p]);
    const HEAD: &str = "\u{feff}# Glossary in tab-separated format -*- coding: utf-8 -*-\n";
    assert_eq!(tsv.stdout, format!("{HEAD}甲\tA\t[a]\n"));
    let tsv = shuyu(&[
        "export",
        "--format",
        "tsv",
        "--glossary",
        p,
        "--status",
        "candidate",
    ]);
    assert_eq!(tsv.stdout, format!("{HEAD}乙\tB\t[b] · candidate\n"));
    let r = shuyu(&["export", "--format", "tsv", "--glossary", "no/such.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("shuyu: error: no/such.yaml:"));
    let r = shuyu(&["export", "--format", "docx"]);
    assert_eq!(r.code, 2);
}

#[test]
fn shipped_glossary_file_and_builtin_export_the_same() {
    let a = shuyu(&["export", "--format", "tbx"]);
    let b = shuyu(&[
        "export",
        "--format",
        "tbx",
        "--glossary",
        shipped_glossary().to_str().unwrap(),
    ]);
    assert_eq!(a.stdout, b.stdout);
}
