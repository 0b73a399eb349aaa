//! The glossary writer under hostile text and the merge that leaves alone what it does not
//! change: every string reads back as written, an unchanged merge does not touch the file, a
//! changing one rewrites only the entries it changes, and odd candidates files still merge.

mod common;
use common::shuyu_in;
use shuyu::glossary::{Context, EnSuggestion, Entry, Glossary, Kind, Lang, Stamp, Stats, Status};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// splitmix64: a seeded generator, so a failure is the same on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    fn any_char(&mut self) -> char {
        loop {
            if let Some(c) = char::from_u32((self.next() % 0x11_0000) as u32) {
                return c;
            }
        }
    }
}

/// Characters YAML forbids, reads as line breaks or white space, or gives a meaning to.
const HARD_CHARS: &[char] = &[
    '\0',
    '\u{1}',
    '\u{7}',
    '\u{8}',
    '\t',
    '\n',
    '\u{b}',
    '\u{c}',
    '\r',
    '\u{1b}',
    '\u{1f}',
    '\u{7f}',
    '\u{80}',
    '\u{85}',
    '\u{9f}',
    '\u{a0}',
    '\u{2028}',
    '\u{2029}',
    '\u{feff}',
    '\u{fffe}',
    '\u{ffff}',
    '\u{fffd}',
    '\u{3000}',
    '\u{200b}',
    '\u{e000}',
    '\u{d7ff}',
    '\u{1f600}',
    '\u{10ffff}',
    '"',
    '\'',
    '\\',
    '#',
    ':',
    ',',
    '[',
    ']',
    '{',
    '}',
    '&',
    '*',
    '!',
    '|',
    '>',
    '%',
    '@',
    '`',
    '-',
    '?',
    '.',
    '+',
    '=',
    '<',
    ' ',
    ' ',
    '信',
    '的',
];

/// Pieces that are something other than a string when YAML reads them plain, or break the
/// line they are on.
const TOKENS: &[&str] = &[
    ": ",
    " #",
    "- ",
    "? ",
    "#",
    "true",
    "True",
    "FALSE",
    "no",
    "Yes",
    "on",
    "y",
    "null",
    "Null",
    "~",
    "1e3",
    "0x1F",
    "0o17",
    "1_000",
    ".inf",
    "-.inf",
    "+.INF",
    ".nan",
    "NaN",
    "inf",
    "+1",
    "-0",
    "1.5",
    "12:30",
    "2021-01-01",
    "---",
    "...",
    "<<",
    "!!str ",
    "&a ",
    "*a",
    "|",
    ">-",
    "''",
    "\"",
    "\\u0041",
    "\\",
    "State's",
    "信息和通信技术",
    "A/RES/77/36",
    "  ",
    "\t",
    "\r\n",
];

fn text(r: &mut Rng) -> String {
    let pieces = match r.below(25) {
        0 => 1000 + r.below(3000),
        1 => 0,
        _ => 1 + r.below(8),
    };
    let mut s = String::new();
    for _ in 0..pieces {
        match r.below(4) {
            0 => s.push(*r.pick(HARD_CHARS)),
            1 => s.push_str(r.pick::<&str>(TOKENS)),
            2 => s.push(r.any_char()),
            _ => s.push(char::from(b'a' + r.below(26) as u8)),
        }
    }
    s
}

/// A form: any text within the length a glossary form may have (load refuses longer ones).
fn form(r: &mut Rng) -> String {
    text(r)
        .chars()
        .take(shuyu::glossary::MAX_FORM_CHARS)
        .collect()
}

fn list(r: &mut Rng) -> Vec<String> {
    (0..r.below(3)).map(|_| form(r)).collect()
}

fn lang(r: &mut Rng) -> Lang {
    Lang {
        preferred: form(r),
        abbr: (r.below(3) == 0).then(|| form(r)),
        admitted: list(r),
        deprecated: list(r),
        detect: r.below(4) != 0,
    }
}

fn maybe_lang(r: &mut Rng) -> Option<Lang> {
    (r.below(3) == 0).then(|| lang(r))
}

/// An entry with hostile text in every string field but the id (ids are validated).
fn entry(r: &mut Rng, id: &str) -> Entry {
    Entry {
        id: id.into(),
        kind: *r.pick(&[Kind::Term, Kind::Title, Kind::Name]),
        status: *r.pick(&[Status::Approved, Status::Candidate, Status::Rejected]),
        zh: Some(lang(r)),
        en: maybe_lang(r),
        fr: maybe_lang(r),
        es: maybe_lang(r),
        ru: maybe_lang(r),
        ar: maybe_lang(r),
        note: (r.below(2) == 0).then(|| text(r)),
        sources: list(r),
        stats: (r.below(2) == 0).then(|| Stats {
            freq: r.next(),
            docs: r.next(),
        }),
        contexts: (0..r.below(4))
            .map(|_| Context {
                file: text(r),
                line: r.next() as usize,
                text: text(r),
            })
            .collect(),
        suggested_variants: list(r),
        en_suggestions: (0..r.below(3))
            .map(|_| EnSuggestion {
                en: text(r),
                // Scores are stored with four decimals.
                score: r.below(200_000) as f64 / 1e4,
                support: r.next(),
                from: (r.below(2) == 0).then(|| text(r)),
            })
            .collect(),
        changed: (r.below(2) == 0).then(|| Stamp {
            by: text(r),
            at: text(r),
        }),
    }
}

/// A hand-kept file the property test writes over: comments, a block scalar with a `#` line.
const TEMPLATE: &str = "# header\nversion: 1\nname: template\nentries:\n  # section\n  - id: e0   # eol\n    zh: 甲\n    note: |\n      # inside\n  - id: e1\n    zh: 乙\n  # trailer\n";

fn read_back(yaml: &str, what: &str, case: usize) -> Glossary {
    Glossary::parse(yaml, Path::new("g.yaml")).unwrap_or_else(|e| {
        let head: String = yaml.chars().take(2000).collect();
        panic!("case {case}, {what}: {e}\n{head}")
    })
}

#[test]
fn every_string_the_writer_writes_reads_back_equal() {
    let mut r = Rng(0x5eed_0017);
    let before = Glossary::parse(TEMPLATE, Path::new("t.yaml")).unwrap();
    for case in 0..400 {
        let mut after = before.clone();
        // `detect: false` (some random language blocks) is schema version 2, `changed` and
        // `from` version 3.
        after.version = 3;
        if r.below(4) == 0 {
            after.name = text(&mut r);
        }
        for i in 0..after.entries.len() {
            if r.below(3) != 0 {
                after.entries[i] = entry(&mut r, &format!("e{i}"));
            }
        }
        for i in 0..r.below(3) {
            after.entries.push(entry(&mut r, &format!("new-{i}")));
        }
        let canonical = after.to_yaml();
        assert_eq!(read_back(&canonical, "to_yaml", case), after, "case {case}");
        let again = read_back(&canonical, "to_yaml", case).to_yaml();
        assert_eq!(again, canonical, "case {case}: stable");
        // No `#` inside a written string is taken for a comment.
        let kept = after.to_yaml_keeping_comments(&canonical);
        assert_eq!(kept, canonical, "case {case}: a phantom comment");
        let kept = after.to_yaml_keeping_comments(TEMPLATE);
        assert_eq!(read_back(&kept, "keeping comments", case), after);
        let spliced = after.to_yaml_updating(TEMPLATE, &before);
        assert_eq!(read_back(&spliced, "updating", case), after);
    }
}

// --- merge: nothing rewritten that did not change ---

/// Hand formatting a person may keep: entries at column 0, flow mappings and lists, block
/// scalars (one with a `#` line in it), end-of-line comments, odd indentation, a trailer.
const HAND: &str = "\
# Hand-kept glossary
version: 1
name: hand   # the name
entries:
# first section, at column 0
- id: alpha          # the first entry
  status: approved
  zh: {preferred: 甲乙, admitted: [甲, 乙乙]}
  en:   alpha
  note: |
    first line
    # a line of the note, not a comment
    last line
  sources: [A/RES/1, 'B/2']

# ---- second section ----
- id: beta
  status: candidate
  zh:
        preferred: 丙丁
        deprecated:
          - 丙丙
  note: >-
    folded
    text
  stats: {freq: 1, docs: 1}   # old stats
- id: gamma
  zh: \"戊己\"
  en: gamma

# the end
";

fn hand_glossary() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(&path, HAND).unwrap();
    // An old timestamp, so that any write shows, whatever the file system's resolution.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    (dir, path)
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

fn merge(dir: &Path, candidates: &str) -> common::Run {
    shuyu_in(dir, &["merge", "-", "--into", "g.yaml"], candidates)
}

fn kwic(term: &str, left: &str, right: &str) -> serde_json::Value {
    serde_json::json!({"file": "corpus/A_RES_75_32.zh.txt", "line": 3, "column": 1,
        "left": left, "match": term, "right": right})
}

fn extract_json(terms: &[(&str, u64, Vec<serde_json::Value>)]) -> String {
    let terms: Vec<serde_json::Value> = terms
        .iter()
        .map(|(t, freq, contexts)| {
            serde_json::json!({"term": t, "freq": freq, "docs": 2, "score": 1.0,
                "known": null, "variant_of": null, "contexts": contexts})
        })
        .collect();
    serde_json::json!({"terms": terms,
        "stats": {"files": 1, "chars": 10, "skipped": 0, "seconds": 0.0}})
    .to_string()
}

#[test]
fn an_unchanged_merge_leaves_the_file_untouched() {
    let (dir, path) = hand_glossary();
    let mtime = modified(&path);
    let r = merge(dir.path(), r#"{"terms":[]}"#);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("g.yaml: unchanged"), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), HAND);
    assert_eq!(modified(&path), mtime);
}

#[test]
fn a_merge_rewrites_only_the_entries_it_changes() {
    let (dir, path) = hand_glossary();
    let json = extract_json(&[
        ("丙丁", 9, vec![kwic("丙丁", "左", "右")]),
        ("新术语", 4, vec![kwic("新术语", "", "。")]),
    ]);
    let r = merge(dir.path(), &json);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("updated") && r.stdout.contains("1 added, 1 refreshed"));
    let new = std::fs::read_to_string(&path).unwrap();
    // Before beta, after it up to the end of the last entry, and the trailer: the same bytes.
    let head = &HAND[..HAND.find("- id: beta").unwrap()];
    let gamma = &HAND[HAND.find("- id: gamma").unwrap()..HAND.find("\n# the end").unwrap()];
    assert!(new.starts_with(head), "{new}");
    let at = new.find(gamma).expect("gamma kept as written");
    let beta = &new[head.len()..at];
    assert!(
        beta.starts_with("# old stats\n- id: beta\n")
            && beta.contains("stats: { freq: 9, docs: 2 }"),
        "{beta}"
    );
    let appended = &new[at + gamma.len()..];
    assert!(appended.starts_with("\n- id: cand-"), "{appended}");
    assert!(appended.contains("  zh: 新术语\n"), "{appended}");
    assert!(appended.ends_with("\n# the end\n"), "{appended}");
    let g = Glossary::load(&path).unwrap();
    assert_eq!(g.entries[1].stats, Some(Stats { freq: 9, docs: 2 }));
    assert_eq!(
        g.entries[0].note.as_deref(),
        Some("first line\n# a line of the note, not a comment\nlast line\n")
    );

    // The same candidates again: nothing to do, and the file is not written.
    let mtime = modified(&path);
    let r = merge(dir.path(), &json);
    assert!(r.stdout.contains("g.yaml: unchanged"), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), new);
    assert_eq!(modified(&path), mtime);
}

#[test]
fn a_merge_writes_hostile_context_text_so_that_the_file_still_loads() {
    let (dir, path) = hand_glossary();
    let nasty = "a\u{fffe}b\u{ffff}c\u{2028}d\u{2029}e\u{85}f\u{1}g\u{7f}h\u{feff}i\u{9f}: #j";
    let json = extract_json(&[
        ("丙丁", 3, vec![kwic("丙丁", nasty, nasty)]),
        (
            "新\u{2028}词",
            2,
            vec![kwic("新\u{2028}词", "\u{ffff}", "\u{fffe}")],
        ),
    ]);
    let r = merge(dir.path(), &json);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lookup = shuyu_in(dir.path(), &["lookup", "丙丁", "--glossary", "g.yaml"], "");
    assert_eq!(lookup.code, 0, "{}", lookup.stderr);
    let lint = shuyu_in(dir.path(), &["glossary", "lint", "g.yaml"], "");
    assert!(lint.code < 2, "{}{}", lint.stdout, lint.stderr);
    let g = Glossary::load(&path).unwrap();
    let beta = &g.entries[1];
    assert_eq!(beta.contexts[0].text, format!("{nasty}丙丁{nasty}"));
    assert_eq!(
        g.entries[3].zh.as_ref().map(|l| l.preferred.as_str()),
        Some("新\u{2028}词")
    );
}

// --- odd candidates files ---

#[test]
fn candidates_with_a_byte_order_mark_merge() {
    let (dir, path) = hand_glossary();
    let bom = "\u{feff}{\"terms\":[]}";
    let r = merge(dir.path(), bom);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::write(dir.path().join("c.json"), bom).unwrap();
    let r = shuyu_in(dir.path(), &["merge", "c.json", "--into", "g.yaml"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), HAND);
}

#[test]
fn frequencies_past_u64_saturate() {
    let (dir, path) = hand_glossary();
    // Both forms of alpha: their frequencies add up past u64.
    let json = extract_json(&[("甲乙", u64::MAX, vec![]), ("甲", 7, vec![])]);
    let r = merge(dir.path(), &json);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = Glossary::load(&path).unwrap();
    assert_eq!(g.entries[0].stats.map(|s| s.freq), Some(u64::MAX));
}

#[test]
fn fmt_does_not_take_a_line_of_a_block_scalar_for_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    let text = "version: 1\nentries:\n  - id: a\n    zh: 甲\n    note: |\n      one\n      # two\n  - id: b\n    zh: 乙\n";
    std::fs::write(dir.path().join("g.yaml"), text).unwrap();
    let r = shuyu_in(dir.path(), &["glossary", "fmt", "g.yaml"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = std::fs::read_to_string(dir.path().join("g.yaml")).unwrap();
    assert!(out.contains("    note: \"one\\n# two\\n\"\n"), "{out}");
    assert!(
        !out.contains("  # two"),
        "the note's line became a comment:\n{out}"
    );
}

#[test]
fn a_character_yaml_forbids_in_a_hand_edited_glossary_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "version: 1\nname: t\nentries:\n  - id: a\n    status: approved\n    zh: 信息\u{fffe}\n    en: information\n";
    std::fs::write(dir.path().join("g.yaml"), text).unwrap();
    let lint = shuyu_in(dir.path(), &["glossary", "lint", "g.yaml"], "");
    assert!(
        lint.stdout
            .contains("g.yaml:6: not valid YAML: control characters are not allowed"),
        "{}",
        lint.stdout
    );
    let lookup = shuyu_in(dir.path(), &["lookup", "信息", "--glossary", "g.yaml"], "");
    assert_eq!(lookup.code, 2);
    assert!(
        lookup.stderr.contains("g.yaml:6: invalid glossary"),
        "{}",
        lookup.stderr
    );
}
