//! `shuyu export` for CAT tools: the memoQ CSV read back with a real CSV parser (Python's `csv`
//! when Python is installed, and always a strict RFC 4180 reader here) has memoQ's headers, one
//! row per entry, forbidden forms marked and one whole form per term cell; the OmegaT glossary
//! opens with OmegaT's coding line and is UTF-8, tab-separated, three columns at most.

mod common;
use common::{shuyu, shuyu_in};
use shuyu::glossary::{Entry, Glossary, Lang, Status};
use std::path::Path;
use std::process::Command;

const NON_TERM: &str = "CasePermissive;HalfPrefix;NonTerm";
const CODING_LINE: &str = "# Glossary in tab-separated format -*- coding: utf-8 -*-";

/// A glossary with what trips exports up: a deprecated form, an abbreviation, a form with a
/// comma and quotes, a note with a line break, an entry without English, a candidate.
const GLOSSARY: &str = r##"version: 1
entries:
  - id: ict
    status: approved
    zh:
      preferred: 信息和通信技术
      admitted: [信通技术]
      deprecated: [信息通信技术]
    en:
      preferred: information and communications technologies
      abbr: ICTs
      deprecated: [information and communication technologies]
    note: "Plural in UN usage, \"ICTs\";\nsee A/RES/77/36."
    sources: [A/RES/77/36, A/RES/75/32]
  - id: rd
    status: approved
    zh: 研究与开发
    en:
      preferred: research and development
      admitted: ['R&D, "research"']
  - id: hashtag
    status: approved
    zh:
      preferred: 井号标签
      admitted: ["#标签"]
    en: hashtag
  - id: zh-only
    status: approved
    zh: 网络
  - id: new
    status: candidate
    zh: 新词
    en: new term
"##;

fn glossary_file(dir: &Path) -> String {
    let path = dir.join("g.yaml");
    std::fs::write(&path, GLOSSARY).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Splits RFC 4180 CSV into records, refusing anything memoQ's reader might take differently:
/// bare LF line ends, quotes inside an unquoted field, a last record without CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (vec![], vec![], String::new());
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
            (false, '"') => {
                assert!(field.is_empty(), "quote inside an unquoted field: {field}");
                quoted = true;
            }
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CRLF line ends");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("bare LF outside quotes"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "ends with CRLF"
    );
    rows
}

/// The rows as Python's `csv` module reads them (utf-8-sig, as memoQ's UTF-8 reader skips the
/// byte order mark), or None when there is no Python to ask.
fn python_csv(path: &Path) -> Option<Vec<Vec<String>>> {
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n\
                  \x20   json.dump(list(csv.reader(f, strict=True)), sys.stdout)\n";
    let out = Command::new("python3")
        .args(["-c", script, path.to_str().unwrap()])
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn memoq_rows(dir: &Path, args: &[&str]) -> Vec<Vec<String>> {
    let out = dir.join("terms.csv");
    let mut all = vec!["export", "--format", "memoq", "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let r = shuyu_in(dir, &all, "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(&out).unwrap();
    let text = String::from_utf8(bytes).expect("UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("UTF-8 byte order mark");
    let rows = parse_csv(text);
    match python_csv(&out) {
        Some(py) => assert_eq!(py, rows, "Python's csv reads the same rows"),
        None => eprintln!("python3 not found: the memoQ CSV was checked by the Rust reader only"),
    }
    rows
}

/// Each language's forms in the file must be the entry's, each in its own cell, and exactly
/// the deprecated ones marked NonTerm.
fn check_entry_cells(header: &[String], row: &[String], e: &Entry) {
    for (name, lang) in [("Chinese_PRC", &e.zh), ("English", &e.en)] {
        let empty = Lang::default();
        let lang = lang.as_ref().unwrap_or(&empty);
        let mut found = vec![];
        for (i, h) in header.iter().enumerate() {
            if h != name || row[i].is_empty() {
                continue;
            }
            assert_eq!(
                header[i + 1],
                "Term_Info",
                "a term column is followed by its Term_Info"
            );
            let (form, info) = (&row[i], &row[i + 1]);
            let deprecated = lang.deprecated.contains(form);
            let allowed = *form == lang.preferred
                || lang.abbr.as_ref() == Some(form)
                || lang.admitted.contains(form);
            assert!(
                deprecated || allowed,
                "{}: {form:?} is one whole form",
                e.id
            );
            assert_eq!(info.contains("NonTerm"), deprecated, "{}: {form}", e.id);
            if deprecated {
                assert_eq!(info, NON_TERM);
            }
            found.push(form.clone());
        }
        let expected = lang
            .abbr
            .iter()
            .chain(&lang.admitted)
            .chain(&lang.deprecated)
            .count()
            + usize::from(!lang.preferred.is_empty());
        assert_eq!(
            found.len(),
            expected,
            "{}: every form once: {found:?}",
            e.id
        );
        if !lang.preferred.is_empty() {
            assert_eq!(
                found[0], lang.preferred,
                "{}: the preferred form first",
                e.id
            );
        }
    }
}

#[test]
fn memoq_csv_has_memoq_headers_one_row_per_entry_and_forbidden_forms() {
    let dir = tempfile::tempdir().unwrap();
    let g = glossary_file(dir.path());
    let rows = memoq_rows(dir.path(), &["--glossary", &g]);
    let header = &rows[0];
    assert_eq!(header[0], "Entry_Note");
    let names: Vec<&str> = header[1..].iter().step_by(2).map(String::as_str).collect();
    let infos: Vec<&str> = header[2..].iter().step_by(2).map(String::as_str).collect();
    assert!(infos.iter().all(|h| *h == "Term_Info"), "{header:?}");
    // Chinese: preferred, admitted, deprecated (3); English: preferred, abbr, deprecated (3).
    assert_eq!(
        names,
        ["Chinese_PRC"; 3]
            .into_iter()
            .chain(["English"; 3])
            .collect::<Vec<_>>()
    );
    assert!(rows.iter().all(|r| r.len() == header.len()), "rectangular");

    let glossary = Glossary::load_all(&[g.clone().into()]).unwrap();
    let approved: Vec<&Entry> = glossary
        .entries
        .iter()
        .filter(|e| e.status == Status::Approved)
        .collect();
    assert_eq!(rows.len() - 1, approved.len(), "one row per approved entry");
    for (row, e) in rows[1..].iter().zip(&approved) {
        assert!(row[0].starts_with(&format!("[{}]", e.id)), "{row:?}");
        check_entry_cells(header, row, e);
    }
    let ict = &rows[1];
    assert!(
        ict[0].contains("\"ICTs\";\nsee A/RES/77/36."),
        "the note whole: {:?}",
        ict[0]
    );
    assert!(ict[0].ends_with("Sources: A/RES/77/36; A/RES/75/32"));
    assert!(
        rows[2].contains(&"R&D, \"research\"".to_owned()),
        "quoted per RFC 4180"
    );
}

#[test]
fn memoq_status_filter_and_builtin_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let g = glossary_file(dir.path());
    let rows = memoq_rows(dir.path(), &["--glossary", &g, "--status", "candidate"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "[new] · candidate");

    // The shipped glossary: every approved entry, every deprecated form forbidden.
    let rows = memoq_rows(dir.path(), &[]);
    let builtin = Glossary::builtin();
    let approved: Vec<&Entry> = builtin
        .entries
        .iter()
        .filter(|e| e.status == Status::Approved)
        .collect();
    assert_eq!(rows.len() - 1, approved.len());
    for (row, e) in rows[1..].iter().zip(&approved) {
        check_entry_cells(&rows[0], row, e);
    }
}

fn check_omegat(bytes: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(bytes).expect("valid UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("byte order mark");
    let (first, body) = text.split_once('\n').unwrap();
    assert_eq!(first, CODING_LINE, "OmegaT's coding line first");
    let mut lines = vec![];
    for line in body.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!((2..=3).contains(&cols.len()), "{line:?}");
        assert!(!line.starts_with('#'), "not a comment to OmegaT: {line:?}");
        assert!(
            !cols[0].trim().is_empty() && !cols[1].trim().is_empty(),
            "{line:?}"
        );
        lines.push(line.to_owned());
    }
    lines
}

#[test]
fn omegat_glossary_txt_is_utf8_with_the_coding_line() {
    let dir = tempfile::tempdir().unwrap();
    let g = glossary_file(dir.path());
    for name in ["glossary.txt", "glossary.utf8", "glossary.tab"] {
        let args = ["export", "--format", "tsv", "--glossary", &g, "-o", name];
        let r = shuyu_in(dir.path(), &args, "");
        assert_eq!(r.code, 0, "{}", r.stderr);
        let lines = check_omegat(&std::fs::read(dir.path().join(name)).unwrap());
        assert!(
            lines.contains(&" #标签\thashtag\tadmitted for 井号标签 · [hashtag]".to_owned()),
            "{lines:?}"
        );
        assert!(lines.iter().any(|l| {
            l.starts_with("信息通信技术\tinformation and communications technologies\tdeprecated")
        }));
        assert!(
            !lines.iter().any(|l| l.contains("网络")),
            "no English, no line"
        );
    }
    // Standard output carries the same bytes as the file.
    let out = shuyu_in(
        dir.path(),
        &["export", "--format", "tsv", "--glossary", &g],
        "",
    );
    assert_eq!(
        out.stdout.as_bytes(),
        std::fs::read(dir.path().join("glossary.txt")).unwrap()
    );
}

#[test]
fn omegat_builtin_glossary_is_valid() {
    let r = shuyu(&["export", "--format", "tsv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = check_omegat(r.stdout.as_bytes());
    assert!(lines.len() > 100, "{}", lines.len());
}
