//! `shuyu import`: TBX v3 and CSV round trips through today's exporters, hand-written TBX-Basic
//! v2, never-clobber, --trust-status, deprecated mapping, dry runs and malformed files.

mod common;
use common::{Run, fixture, shipped_glossary, shuyu_in};
use shuyu::glossary::{Entry, Glossary, Lang, Status};
use std::path::Path;

fn run(dir: &Path, args: &[&str]) -> Run {
    shuyu_in(dir, args, "")
}

fn load(path: &Path) -> Glossary {
    Glossary::load(path).unwrap()
}

fn entry<'g>(g: &'g Glossary, id: &str) -> &'g Entry {
    g.entries
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entry {id}"))
}

/// What a round trip must keep of an entry: every language's forms, status, note, sources.
type Kept = (
    Vec<(&'static str, Lang)>,
    Status,
    Option<String>,
    Vec<String>,
);

/// [`Kept`] of an entry: every language block (`detect` included), status, note, sources.
fn kept(e: &Entry) -> Kept {
    let langs = e.languages().map(|(c, l)| (c, l.clone())).collect();
    (langs, e.status, e.note.clone(), e.sources.clone())
}

/// [`kept`] with `detect` left out, for formats that do not carry it (CSV).
fn kept_but_detect(e: &Entry) -> Kept {
    let mut k = kept(e);
    for (_, l) in &mut k.0 {
        l.detect = true;
    }
    k
}

fn copy_of_shipped(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("shipped.yaml");
    std::fs::copy(shipped_glossary(), &p).unwrap();
    p
}

/// `export --format FORMAT` of the shipped glossary, then `import --trust-status` into an
/// empty glossary: every entry's forms, status, note and sources come back; importing the
/// same file again changes nothing and does not rewrite the glossary. Any TBX flavour shuyu
/// exports goes through this.
fn tbx_round_trip(format: &str) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_of_shipped(d);
    let mut args = vec!["export", "--format", format, "--no-config"];
    args.extend(["--glossary", "shipped.yaml", "-o", "all.tbx"]);
    let r = run(d, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let import = ["import", "all.tbx", "--into", "new.yaml", "--trust-status"];
    let r = run(d, &import);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (before, after) = (load(&d.join("shipped.yaml")), load(&d.join("new.yaml")));
    assert_eq!(before.entries.len(), after.entries.len());
    for e in &before.entries {
        assert_eq!(kept(e), kept(entry(&after, &e.id)), "{format}: {}", e.id);
    }
    let n = before.entries.len();
    let created = format!("created (from all.tbx): {n} added");
    assert!(r.stdout.contains(&created), "{}", r.stdout);
    let text = std::fs::read(d.join("new.yaml")).unwrap();
    let r = run(d, &import);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let same = format!("unchanged (from all.tbx): 0 added, 0 updated, {n} unchanged");
    assert!(r.stdout.contains(&same), "{}", r.stdout);
    assert_eq!(std::fs::read(d.join("new.yaml")).unwrap(), text);
}

#[test]
fn tbx_v3_export_then_import_reproduces_every_entry() {
    tbx_round_trip("tbx");
}

/// memoQ's layout carries no `detect`, and puts the abbreviation among the terms: it comes back
/// as the first admitted form; deprecated forms come back deprecated (memoQ's `NonTerm`).
#[test]
fn memoq_export_then_import_reproduces_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_of_shipped(d);
    let mut args = vec!["export", "--format", "memoq", "--no-config"];
    args.extend(["--glossary", "shipped.yaml", "-o", "all.csv"]);
    for s in ["approved", "candidate", "rejected"] {
        args.extend(["--status", s]);
    }
    assert_eq!(run(d, &args).code, 0);
    let import = ["import", "all.csv", "--into", "new.yaml", "--trust-status"];
    let r = run(d, &import);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (before, after) = (load(&d.join("shipped.yaml")), load(&d.join("new.yaml")));
    assert_eq!(before.entries.len(), after.entries.len());
    for e in &before.entries {
        let mut want = kept_but_detect(e);
        for (_, l) in &mut want.0 {
            if let Some(a) = l.abbr.take() {
                l.admitted.insert(0, a);
            }
        }
        assert_eq!(want, kept_but_detect(entry(&after, &e.id)), "{}", e.id);
    }
}

#[test]
fn tbx_v2_export_then_import_reproduces_every_entry() {
    tbx_round_trip("tbx2");
}

#[test]
fn csv_export_then_import_reproduces_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_of_shipped(d);
    let mut args = vec!["export", "--format", "csv", "--no-config"];
    args.extend(["--glossary", "shipped.yaml", "-o", "all.csv"]);
    for s in ["approved", "candidate", "rejected"] {
        args.extend(["--status", s]);
    }
    assert_eq!(run(d, &args).code, 0);
    let r = run(
        d,
        &["import", "all.csv", "--into", "new.yaml", "--trust-status"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (before, after) = (load(&d.join("shipped.yaml")), load(&d.join("new.yaml")));
    assert_eq!(before.entries.len(), after.entries.len());
    for e in &before.entries {
        let got = entry(&after, &e.id);
        // CSV has no abbreviation column: the abbreviation comes back as the first admitted
        // form, as the export writes it.
        let mut want = kept_but_detect(e);
        for (_, l) in &mut want.0 {
            if let Some(a) = l.abbr.take() {
                l.admitted.insert(0, a);
            }
        }
        assert_eq!(want, kept_but_detect(got), "{}", e.id);
        assert_eq!(e.kind, got.kind, "{}", e.id);
    }
}

#[test]
fn tbx_basic_v2_sample_imports_forms_statuses_notes_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tbx = fixture("import/basic-v2.tbx");
    let r = run(
        d,
        &[
            "import",
            tbx.to_str().unwrap(),
            "--into",
            "g.yaml",
            "--trust-status",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = load(&d.join("g.yaml"));
    let ict = entry(&g, "ict");
    let zh = ict.zh.as_ref().unwrap();
    assert_eq!(zh.preferred, "信息和通信技术");
    assert_eq!(zh.admitted, vec!["信通技术"]);
    assert_eq!(zh.deprecated, vec!["信息通讯技术"]);
    let en = ict.en.as_ref().unwrap();
    assert_eq!(en.abbr.as_deref(), Some("ICTs"));
    // supersededTerm-admn-sts is deprecated too.
    assert_eq!(
        en.deprecated,
        vec!["information and communication technologies"]
    );
    assert_eq!(ict.note.as_deref(), Some("General Assembly usage."));
    assert_eq!(ict.sources, vec!["A/RES/77/36"]);
    // A foreign file without shuyu's status note gives no status to trust: candidate.
    assert_eq!(ict.status, Status::Candidate);
    // `_2030-agenda` is shuyu's XML-safe spelling of the id `2030-agenda`.
    let agenda = entry(&g, "2030-agenda");
    assert_eq!(agenda.status, Status::Rejected);
    assert_eq!(
        agenda.note.as_deref(),
        Some("Definition (en): The 2030 Agenda for Sustainable Development.")
    );
    assert_eq!(
        entry(&g, "capacity-building").note.as_deref(),
        Some("capacity-building: UN spelling, with a hyphen")
    );
    assert!(
        r.stdout.contains(":77: no Chinese term"),
        "the French-only entry is reported where it starts: {}",
        r.stdout
    );
    // Through shuyu's own TBX and back: the same glossary.
    let r = run(
        d,
        &[
            "export",
            "--format",
            "tbx",
            "--glossary",
            "g.yaml",
            "-o",
            "g.tbx",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(
        d,
        &["import", "g.tbx", "--into", "h.yaml", "--trust-status"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let h = load(&d.join("h.yaml"));
    for e in &g.entries {
        assert_eq!(kept(e), kept(entry(&h, &e.id)), "{}", e.id);
    }
}

#[test]
fn without_trust_status_every_new_entry_is_a_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_of_shipped(d);
    let args = [
        "export",
        "--format",
        "tbx",
        "--glossary",
        "shipped.yaml",
        "-o",
        "a.tbx",
    ];
    assert_eq!(run(d, &args).code, 0);
    let r = run(d, &["import", "a.tbx", "--into", "new.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = load(&d.join("new.yaml"));
    assert!(g.entries.iter().all(|e| e.status == Status::Candidate));
    // shuyu's status note is a status, never a note.
    assert!(
        g.entries
            .iter()
            .all(|e| !e.note.as_deref().unwrap_or("").contains("shuyu status"))
    );
}

const CURATED: &str = "# Team glossary\nversion: 1\nentries:\n  - id: ict   # curated\n    status: approved\n    zh:\n      preferred: 信息和通信技术\n    en: information and communications technologies\n    note: curated\n\n  - id: net\n    status: candidate\n    zh: 网络\n";

#[test]
fn curated_english_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("g.yaml"), CURATED).unwrap();
    let tbx = "<?xml version=\"1.0\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body>\n<conceptEntry id=\"x1\"><note>from UNTERM</note>\n<langSec xml:lang=\"zh\"><termSec><term>信息和通信技术</term></termSec><termSec><term>信通技术</term></termSec></langSec>\n<langSec xml:lang=\"en\"><termSec><term>ICT</term></termSec></langSec></conceptEntry>\n<conceptEntry id=\"x2\"><langSec xml:lang=\"zh\"><termSec><term>网络</term></termSec></langSec>\n<langSec xml:lang=\"en\"><termSec><term>network</term></termSec></langSec></conceptEntry>\n</body></text></tbx>\n";
    std::fs::write(d.join("u.tbx"), tbx).unwrap();
    let r = run(
        d,
        &["import", "u.tbx", "--into", "g.yaml", "--trust-status"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = load(&d.join("g.yaml"));
    let ict = entry(&g, "ict");
    assert_eq!(
        ict.en.as_ref().unwrap().preferred,
        "information and communications technologies"
    );
    assert_eq!(ict.note.as_deref(), Some("curated"));
    assert_eq!(ict.suggested_variants, vec!["信通技术"]);
    assert!(
        r.stdout
            .contains("en `ICT` not stored: entry `ict` is approved"),
        "{}",
        r.stdout
    );
    // A candidate without English gets the file's.
    let net = entry(&g, "net");
    assert_eq!(net.en.as_ref().unwrap().preferred, "network");
    assert_eq!(net.status, Status::Candidate);
    assert!(r.stdout.contains("~ net  en network"), "{}", r.stdout);
    // The header comment and the curated entry's comment are kept.
    let text = std::fs::read_to_string(d.join("g.yaml")).unwrap();
    assert!(text.starts_with("# Team glossary\n"), "{text}");
    assert!(text.contains("# curated"), "{text}");
}

#[test]
fn deprecated_and_forbidden_columns_become_deprecated_forms() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let csv = fixture("import/memoq.csv");
    let r = run(d, &["import", csv.to_str().unwrap(), "--into", "g.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = load(&d.join("g.yaml"));
    let e = entry(&g, "17");
    let zh = e.zh.as_ref().unwrap();
    assert_eq!(zh.preferred, "信息和通信技术");
    assert_eq!(zh.admitted, vec!["信通技术"]);
    assert_eq!(zh.deprecated, vec!["信息通讯技术"]);
    assert_eq!(e.en.as_ref().unwrap().admitted, vec!["ICTs"]);
    assert_eq!(
        e.note.as_deref(),
        Some("General Assembly usage.\nDefinition (en): Technologies to handle information.")
    );
}

#[test]
fn columns_map_headers_shuyu_does_not_know() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("t.csv"),
        "术语,Term,不推荐,备注\n能力建设,capacity-building,能力构建,UN\n",
    )
    .unwrap();
    let r = run(d, &["import", "t.csv", "--into", "g.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--columns zh=HEADER"), "{}", r.stderr);
    let r = run(
        d,
        &[
            "import",
            "t.csv",
            "--into",
            "g.yaml",
            "--columns",
            "zh=术语,en=Term",
            "--columns",
            "zh.deprecated=不推荐,note=备注",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = load(&d.join("g.yaml"));
    let zh = g.entries[0].zh.as_ref().unwrap();
    assert_eq!(
        (zh.preferred.as_str(), zh.deprecated.clone()),
        ("能力建设", vec!["能力构建".to_string()])
    );
    assert_eq!(g.entries[0].note.as_deref(), Some("UN"));
    let r = run(
        d,
        &[
            "import",
            "t.csv",
            "--into",
            "g.yaml",
            "--columns",
            "zh=Chinese",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("has no column `Chinese`"), "{}", r.stderr);
}

#[test]
fn dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tbx = fixture("import/basic-v2.tbx");
    let tbx = tbx.to_str().unwrap();
    let r = run(d, &["import", tbx, "--into", "new.yaml", "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("would change"), "{}", r.stdout);
    assert!(r.stdout.contains("+ ict  信息和通信技术"), "{}", r.stdout);
    assert!(!d.join("new.yaml").exists());
    std::fs::write(d.join("g.yaml"), CURATED).unwrap();
    let r = run(
        d,
        &[
            "import",
            tbx,
            "--into",
            "g.yaml",
            "--dry-run",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(d.join("g.yaml")).unwrap(), CURATED);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["written"], false);
    assert_eq!(v["files"][0]["format"], "tbx");
    assert_eq!(v["summary"]["skipped"], 2, "{v}");
    assert_eq!(v["skipped"][0]["line"], 15);
    assert!(!d.join(".g.yaml.lock").exists(), "a dry run takes no lock");
}

#[test]
fn malformed_files_are_one_line_errors_and_leave_the_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("g.yaml"), CURATED).unwrap();
    let bad = fixture("import/malformed.tbx");
    let r = run(d, &["import", bad.to_str().unwrap(), "--into", "g.yaml"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("malformed.tbx:8:64: not well-formed XML"),
        "{}",
        r.stderr
    );
    for (name, text, want) in [
        (
            "unclosed.tbx",
            "<tbx>\n<text>\n",
            "unclosed.tbx:3:1: not well-formed XML",
        ),
        ("html.tbx", "<html><body/></html>", "html.tbx:1:1: not TBX"),
        (
            "quote.csv",
            "Chinese,English\n网络,\"network\n",
            "quote.csv:2: a quoted field is not closed",
        ),
        ("latin1.csv", "Chinese,English\n\u{fffd}", "not UTF-8"),
        ("a.tmx", "<tmx/>", "a.tmx:1:7: no translation unit has both"),
        (
            "fr.xlf",
            "<xliff version=\"2.0\" srcLang=\"en\" trgLang=\"fr\"><file id=\"f\"><unit \
             id=\"1\"><segment><source>a</source><target>b</target></segment></unit></file>\
             </xliff>",
            "fr.xlf: no Chinese side",
        ),
    ] {
        let bytes: Vec<u8> = if name == "latin1.csv" {
            b"Chinese,English\n\xe9\n".to_vec()
        } else {
            text.as_bytes().to_vec()
        };
        std::fs::write(d.join(name), bytes).unwrap();
        let r = run(d, &["import", name, "--into", "g.yaml"]);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert!(r.stderr.contains(want), "{name}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    }
    assert_eq!(std::fs::read_to_string(d.join("g.yaml")).unwrap(), CURATED);
    let r = run(d, &["import", "missing.tbx", "--into", "g.yaml"]);
    assert_eq!(r.code, 2);
}

#[test]
fn a_file_with_nothing_to_import_is_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tbx = "<martif type=\"TBX-Basic\"><text><body><termEntry id=\"a\"><langSet xml:lang=\"de\"><tig><term>Netz</term></tig></langSet></termEntry></body></text></martif>";
    std::fs::write(d.join("de.tbx"), tbx).unwrap();
    let r = run(d, &["import", "de.tbx", "--into", "g.yaml"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("nothing imported"), "{}", r.stdout);
    assert!(!d.join("g.yaml").exists());
}

/// A term list kept as TMX or XLIFF: a unit is a concept, read by the readers check uses.
#[test]
fn tmx_and_xliff_term_lists() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tmx = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
               <tu><tuv xml:lang=\"en-US\"><seg>capacity-building</seg></tuv>\
               <tuv xml:lang=\"zh-CN\"><seg>能力建设</seg></tuv></tu>\n\
               <tu><tuv xml:lang=\"en\"><seg>open-ended working group</seg></tuv>\
               <tuv xml:lang=\"zh\"><seg>不限成员名额工作组</seg></tuv></tu>\n</body></tmx>\n";
    std::fs::write(d.join("terms.tmx"), tmx).unwrap();
    let xlf = "<xliff version=\"1.2\"><file source-language=\"zh-CN\" target-language=\"en\" \
               datatype=\"plaintext\" original=\"t\"><body>\n\
               <trans-unit id=\"1\"><source>建立信任措施</source>\
               <target>confidence-building measures</target></trans-unit>\n\
               </body></file></xliff>\n";
    std::fs::write(d.join("terms.xlf"), xlf).unwrap();
    let r = run(d, &["import", "terms.tmx", "terms.xlf", "--into", "g.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = load(&d.join("g.yaml"));
    let pairs: Vec<(String, String, u32)> = g
        .entries
        .iter()
        .map(|e| {
            let zh = e.zh.as_ref().unwrap().preferred.clone();
            let en = e.en.as_ref().unwrap().preferred.clone();
            (zh, en, u32::from(e.status == Status::Candidate))
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("能力建设".into(), "capacity-building".into(), 1),
            (
                "不限成员名额工作组".into(),
                "open-ended working group".into(),
                1
            ),
            (
                "建立信任措施".into(),
                "confidence-building measures".into(),
                1
            ),
        ]
    );
}

#[test]
fn omegat_tsv_without_a_header() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("omegat.txt"),
        "能力建设\tcapacity-building\tUN spelling\n网络\tnetwork\t\n网络\tnetworks\tplural\n",
    )
    .unwrap();
    let r = run(
        d,
        &["import", "omegat.txt", "--into", "g.yaml", "--from", "tsv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = load(&d.join("g.yaml"));
    assert_eq!(g.entries.len(), 2);
    assert_eq!(g.entries[0].note.as_deref(), Some("UN spelling"));
    assert!(g.entries[0].id.starts_with("cand-"));
    // A second line for the same Chinese adds its English to the entry the first one made.
    let en = g.entries[1].en.as_ref().unwrap();
    assert_eq!(
        (en.preferred.as_str(), en.admitted.clone()),
        ("network", vec!["networks".to_string()])
    );
    assert_eq!(g.entries[1].note.as_deref(), Some("plural"));
}

#[test]
fn utf16_files_as_spreadsheets_save_unicode_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let utf16 = |s: &str| -> Vec<u8> {
        format!("\u{feff}{s}")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect()
    };
    std::fs::write(
        d.join("excel.txt"),
        utf16("Chinese\tEnglish\n网络\tnetwork\n"),
    )
    .unwrap();
    let tbx = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><martif><text><body><termEntry id=\"a\"><langSet xml:lang=\"zh\"><tig><term>能力建设</term></tig></langSet></termEntry></body></text></martif>";
    std::fs::write(d.join("t.tbx"), utf16(tbx)).unwrap();
    let r = run(d, &["import", "excel.txt", "t.tbx", "--into", "g.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = load(&d.join("g.yaml"));
    assert_eq!(g.entries.len(), 2);
    assert_eq!(g.entries[0].en.as_ref().unwrap().preferred, "network");
    assert_eq!(g.entries[1].id, "a");
}
