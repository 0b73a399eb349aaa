//! Plain CSV export: one row per entry, for spreadsheets, Trados MultiTerm's Excel/CSV
//! conversion and any tool whose import is mapped by hand.
//!
//! CSV (RFC 4180: comma-separated, fields with `,` `"` or line breaks quoted, CRLF, UTF-8 with
//! a byte order mark so spreadsheet programs read the Chinese): one row per entry, header
//! `ID,Chinese,English,Chinese admitted,English admitted,Chinese deprecated,English
//! deprecated,Type,Status,Note,Sources`; several forms in one cell are separated by `; `. The
//! layout is a documented contract (docs/cli.md). memoQ users take `memoq` (memoq.rs), whose
//! columns memoQ's import maps without hand work.

use crate::glossary::{Entry, Lang};

/// Plain CSV, one row per entry (see the module documentation for the
/// columns).
pub fn csv(entries: &[&Entry]) -> String {
    let mut o = String::from("\u{feff}");
    let header = [
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
        "Sources",
    ];
    csv_row(&mut o, header.iter().map(|s| s.to_string()));
    let empty = Lang::default();
    for e in entries {
        let zh = e.zh.as_ref().unwrap_or(&empty);
        let en = e.en.as_ref().unwrap_or(&empty);
        let admitted = |l: &Lang| {
            l.abbr
                .iter()
                .chain(&l.admitted)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        };
        csv_row(
            &mut o,
            [
                e.id.clone(),
                zh.preferred.clone(),
                en.preferred.clone(),
                admitted(zh),
                admitted(en),
                zh.deprecated.join("; "),
                en.deprecated.join("; "),
                e.kind.as_str().to_owned(),
                e.status.as_str().to_owned(),
                e.note.clone().unwrap_or_default(),
                e.sources.join("; "),
            ]
            .into_iter(),
        );
    }
    o
}

pub(super) fn csv_row(o: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells
        .map(|c| {
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c
            }
        })
        .collect();
    o.push_str(&cells.join(","));
    o.push_str("\r\n");
}
