//! Export stage: the glossary in the formats translators' tools read — TBX-Basic (ISO 30042)
//! for terminology exchange, an OmegaT glossary, memoQ's own term-base CSV layout, a plain CSV
//! for spreadsheets and Trados, and one self-contained HTML page to search in a browser. Each format is a file here; the mapping of glossary fields to the format is described there.

mod csv;
mod html;
mod memoq;
mod tbx;
mod tsv;

pub use csv::csv;
pub use html::{SEARCH_FILTERS, SEARCH_SCRIPT, SEARCH_STYLE, fill, html, page_data, script_safe};
pub use memoq::memoq;
pub use tbx::{DETECT_OFF_NOTE, STATUS_NOTE, tbx, tbx2};
pub use tsv::omegat;

use crate::glossary::{Entry, Glossary, Status};

/// The formats `export` writes, by the name `--format` and the service give them.
pub const FORMATS: &[&str] = &["tbx2", "tbx", "memoq", "tsv", "csv", "html"];

/// The glossary's `entries` in `format` (one of [`FORMATS`]): the one dispatch the command
/// line and the service share. An unknown format, or an id TBX cannot carry, is an error.
pub fn render(format: &str, name: &str, entries: &[&Entry]) -> crate::Result<String> {
    Ok(match format {
        "tbx" => tbx(name, entries)?,
        "tbx2" => tbx2(name, entries)?,
        "memoq" => memoq(entries),
        "tsv" => omegat(entries),
        "csv" => csv(entries),
        "html" => html(name, entries),
        other => {
            return Err(crate::Error::Usage(format!(
                "unknown export format `{other}`: one of {}",
                FORMATS.join(", ")
            )));
        }
    })
}

/// The media type of a format's file, for HTTP.
pub fn media_type(format: &str) -> &'static str {
    match format {
        "tbx" | "tbx2" => "application/x-tbx+xml; charset=utf-8",
        "memoq" | "csv" => "text/csv; charset=utf-8",
        "tsv" => "text/tab-separated-values; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The statuses a format exports unless told otherwise: everything in the exchange formats
/// (statuses travel with the entries), approved entries only in the ones a CAT tool applies
/// as-is.
pub fn default_statuses(format: &str) -> &'static [Status] {
    match format {
        "tsv" | "csv" | "memoq" => &[Status::Approved],
        _ => &[Status::Approved, Status::Candidate, Status::Rejected],
    }
}

/// The entries with one of `statuses`, in glossary order.
pub fn select<'g>(g: &'g Glossary, statuses: &[Status]) -> Vec<&'g Entry> {
    g.entries
        .iter()
        .filter(|e| statuses.contains(&e.status))
        .collect()
}

/// Text escaped for XML content and attribute values. Characters XML 1.0 cannot carry at all
/// (most C0 controls) are dropped rather than written as an invalid file.
pub fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\t' | '\n' | '\r' => o.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn g() -> Glossary {
        Glossary::parse(
            "version: 1\nentries:\n  - id: ict\n    status: approved\n    zh:\n      preferred: 信息和通信技术\n      admitted: [信通技术]\n      deprecated: [信息通信技术]\n    en:\n      preferred: information and communications technologies\n      abbr: ICTs\n      deprecated: [information and communication technologies]\n    note: \"A & B, \\\"quoted\\\" </script>\"\n  - id: new\n    status: candidate\n    zh: 网络\n",
            Path::new("g.yaml"),
        )
        .unwrap()
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml_escape("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
        let g = g();
        let t = tbx("t", &select(&g, default_statuses("tbx"))).unwrap();
        assert!(t.contains("<note>A &amp; B, &quot;quoted&quot; &lt;/script&gt;</note>"));
        assert!(t.contains("<note>shuyu status: candidate</note>"));
    }

    #[test]
    fn tbx_ids_are_xml_ids() {
        let mut g = g();
        g.entries[0].id = "2021-oewg".into();
        let t = tbx("t", &select(&g, default_statuses("tbx"))).unwrap();
        assert!(t.contains("<conceptEntry id=\"_2021-oewg\">"));
    }

    #[test]
    fn omegat_lines() {
        let g = g();
        let t = omegat(&select(&g, default_statuses("tsv")));
        let t = t
            .strip_prefix("\u{feff}# Glossary in tab-separated format -*- coding: utf-8 -*-\n")
            .expect("BOM and OmegaT's coding line first");
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 4, "{t}");
        assert!(
            lines[0]
                .starts_with("信息和通信技术\tinformation and communications technologies\t[ict]")
        );
        assert!(lines[0].contains("do not use: information and communication technologies"));
        assert!(
            lines[2].starts_with(
                "信息通信技术\tinformation and communications technologies\tdeprecated"
            )
        );
        assert!(lines[3].starts_with("信息和通信技术\tICTs\t"));
    }

    #[test]
    fn omegat_source_starting_with_hash_is_not_a_comment() {
        let mut g = g();
        g.entries[0].zh.as_mut().unwrap().admitted = vec!["#标签".into()];
        let t = omegat(&select(&g, default_statuses("tsv")));
        assert!(t.contains("\n #标签\tinformation and communications technologies\t"));
        // OmegaT drops the byte order mark before it looks for `#` comment lines.
        let lines = t.trim_start_matches('\u{feff}').lines();
        assert_eq!(lines.filter(|l| l.starts_with('#')).count(), 1, "{t}");
    }

    #[test]
    fn memoq_one_term_per_column_forbidden_marked() {
        let mut g = g();
        // Listed as admitted and deprecated: written once, forbidden.
        g.entries[0].en.as_mut().unwrap().admitted = vec!["ICT".into(), "ICT".into()];
        g.entries[0]
            .en
            .as_mut()
            .unwrap()
            .deprecated
            .push("ICT".into());
        let all = [Status::Approved, Status::Candidate];
        let c = memoq(&select(&g, &all));
        let c = c.strip_prefix('\u{feff}').expect("UTF-8 BOM");
        let rows: Vec<&str> = c.split("\r\n").collect();
        assert_eq!(
            rows[0],
            "Entry_Note,Chinese_PRC,Term_Info,Chinese_PRC,Term_Info,Chinese_PRC,Term_Info,\
             English,Term_Info,English,Term_Info,English,Term_Info,English,Term_Info"
        );
        assert_eq!(
            rows.len(),
            4,
            "header, two entries, empty after the last CRLF"
        );
        assert!(rows[1].contains(
            ",信息和通信技术,,信通技术,,信息通信技术,CasePermissive;HalfPrefix;NonTerm,"
        ));
        assert!(
            rows[1].ends_with(
                ",information and communications technologies,,ICTs,,\
             information and communication technologies,CasePermissive;HalfPrefix;NonTerm,\
             ICT,CasePermissive;HalfPrefix;NonTerm"
            ),
            "{}",
            rows[1]
        );
        assert!(rows[1].starts_with("\"[ict] · A & B, \"\"quoted\"\" </script>\","));
        assert_eq!(rows[2], "[new] · candidate,网络,,,,,,,,,,,,,");
    }

    #[test]
    fn csv_quotes_per_rfc_4180() {
        let g = g();
        let c = csv(&select(&g, default_statuses("csv")));
        assert!(c.starts_with("\u{feff}ID,Chinese,English,"));
        assert!(c.contains(",\"A & B, \"\"quoted\"\" </script>\","), "{c}");
        assert_eq!(c.matches("\r\n").count(), 2);
    }

    #[test]
    fn html_data_cannot_close_the_script() {
        let g = g();
        let h = html("t", &select(&g, default_statuses("html")));
        assert_eq!(
            h.matches("</script>").count(),
            2,
            "one data and one code script"
        );
        assert!(h.contains("\\u003c/script\\u003e"));
    }
}
