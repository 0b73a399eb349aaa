//! Export stage: the glossary in the formats translators' tools read — TBX-Basic (ISO 30042)
//! for terminology exchange, an OmegaT glossary, CSV for memoQ and Trados, and one
//! self-contained HTML page to search in a browser.
//!
//! TBX-Basic mapping: one `conceptEntry` per entry (`id` = entry id; an id that starts with a
//! digit, valid in the glossary but not as an XML ID, gets a leading `_`), one `langSec` per
//! language, one `termSec` per form with `administrativeStatus` preferredTerm-admn-sts
//! (preferred), admittedTerm-admn-sts (abbreviation, admitted) or deprecatedTerm-admn-sts;
//! an abbreviation also carries `termType` abbreviation. The note is a concept-level `note`,
//! each source an `admin type="source"`, contexts a `descrip type="context"` on the preferred
//! Chinese term. An entry that is not approved says so in a second `note`
//! (`shuyu status: candidate`), since TBX-Basic has no entry-level status.
//!
//! OmegaT (tab-separated `source<TAB>target<TAB>comment`, UTF-8): one line from each Chinese
//! form (preferred, abbreviation, admitted, deprecated: a translator meets them all in source
//! texts) to the preferred English, then one from the preferred Chinese to each admitted
//! English form. Deprecated English is never a target; the comment names it.
//!
//! CSV (RFC 4180: comma-separated, fields with `,` `"` or line breaks quoted, CRLF, UTF-8 with
//! a byte order mark so spreadsheet programs read the Chinese): one row per entry, header
//! `ID,Chinese,English,Chinese admitted,English admitted,Chinese deprecated,English
//! deprecated,Type,Status,Note,Sources`. In memoQ's import map Chinese and English to the term
//! of each language, the admitted columns (abbreviation first, then admitted forms) to further
//! terms, the deprecated ones to terms marked forbidden, Note to the definition or note field;
//! several forms in one cell are separated by `; `.

use crate::glossary::{Entry, Glossary, Lang, Status};
use serde::Serialize;
use std::fmt::Write as _;

/// The HTML page; the glossary goes in as JSON where the template says so.
const HTML_TEMPLATE: &str = include_str!("page.html");

/// The statuses a format exports unless told otherwise: everything in the exchange formats
/// (statuses travel with the entries), approved entries only in the ones a CAT tool applies
/// as-is.
pub fn default_statuses(format: &str) -> &'static [Status] {
    match format {
        "tsv" | "csv" => &[Status::Approved],
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

/// TBX-Basic (TBX v3, DCA style) document.
pub fn tbx(name: &str, entries: &[&Entry]) -> String {
    let mut o = String::new();
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str(
        "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"zh\" \
         xmlns=\"urn:iso:std:iso:30042:ed-2\">\n",
    );
    o.push_str("  <tbxHeader>\n    <fileDesc>\n");
    let title = if name.is_empty() { "Glossary" } else { name };
    let _ = writeln!(
        o,
        "      <titleStmt><title>{}</title></titleStmt>",
        xml_escape(title)
    );
    let _ = writeln!(
        o,
        "      <sourceDesc><p>Exported by shuyu {} from a glossary of schema version 1.</p></sourceDesc>",
        env!("CARGO_PKG_VERSION")
    );
    o.push_str("    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n");
    for e in entries {
        let id = if e.id.starts_with(|c: char| c.is_ascii_digit()) {
            format!("_{}", e.id)
        } else {
            e.id.clone()
        };
        let _ = writeln!(o, "      <conceptEntry id=\"{}\">", xml_escape(&id));
        if let Some(n) = &e.note {
            let _ = writeln!(o, "        <note>{}</note>", xml_escape(n));
        }
        if e.status != Status::Approved {
            let _ = writeln!(
                o,
                "        <note>shuyu status: {}</note>",
                e.status.as_str()
            );
        }
        for s in &e.sources {
            let _ = writeln!(
                o,
                "        <admin type=\"source\">{}</admin>",
                xml_escape(s)
            );
        }
        for (code, l) in e.languages() {
            let _ = writeln!(o, "        <langSec xml:lang=\"{code}\">");
            let contexts: Vec<&str> = if code == "zh" {
                e.contexts.iter().map(|c| c.text.as_str()).collect()
            } else {
                Vec::new()
            };
            term_sec(
                &mut o,
                &l.preferred,
                "preferredTerm-admn-sts",
                false,
                &contexts,
            );
            if let Some(a) = &l.abbr {
                term_sec(&mut o, a, "admittedTerm-admn-sts", true, &[]);
            }
            for a in &l.admitted {
                term_sec(&mut o, a, "admittedTerm-admn-sts", false, &[]);
            }
            for d in &l.deprecated {
                term_sec(&mut o, d, "deprecatedTerm-admn-sts", false, &[]);
            }
            o.push_str("        </langSec>\n");
        }
        o.push_str("      </conceptEntry>\n");
    }
    o.push_str("    </body>\n  </text>\n</tbx>\n");
    o
}

fn term_sec(o: &mut String, term: &str, status: &str, abbr: bool, contexts: &[&str]) {
    o.push_str("          <termSec>\n");
    let _ = writeln!(o, "            <term>{}</term>", xml_escape(term));
    if abbr {
        o.push_str("            <termNote type=\"termType\">abbreviation</termNote>\n");
    }
    let _ = writeln!(
        o,
        "            <termNote type=\"administrativeStatus\">{status}</termNote>"
    );
    for c in contexts {
        let _ = writeln!(
            o,
            "            <descrip type=\"context\">{}</descrip>",
            xml_escape(c)
        );
    }
    o.push_str("          </termSec>\n");
}

/// OmegaT glossary: `source<TAB>target<TAB>comment` lines. Entries without English have no
/// target and are left out.
pub fn omegat(entries: &[&Entry]) -> String {
    let mut o = String::new();
    for e in entries {
        let (Some(zh), Some(en)) = (&e.zh, &e.en) else {
            continue;
        };
        let mut comment = vec![format!("[{}]", e.id)];
        if e.status != Status::Approved {
            comment.push(e.status.as_str().to_owned());
        }
        if !en.deprecated.is_empty() {
            comment.push(format!("do not use: {}", en.deprecated.join(", ")));
        }
        if let Some(n) = &e.note {
            comment.push(n.clone());
        }
        let comment = comment.join(" · ");
        let mut line = |src: &str, tgt: &str, extra: &str| {
            let c = if extra.is_empty() {
                comment.clone()
            } else {
                format!("{extra} · {comment}")
            };
            let _ = writeln!(o, "{}\t{}\t{}", field(src), field(tgt), field(&c));
        };
        line(&zh.preferred, &en.preferred, "");
        if let Some(a) = &zh.abbr {
            line(a, &en.preferred, &format!("short form of {}", zh.preferred));
        }
        for a in &zh.admitted {
            line(a, &en.preferred, &format!("admitted for {}", zh.preferred));
        }
        for d in &zh.deprecated {
            line(
                d,
                &en.preferred,
                &format!("deprecated; write {}", zh.preferred),
            );
        }
        if let Some(a) = &en.abbr {
            line(&zh.preferred, a, "abbreviation");
        }
        for a in &en.admitted {
            line(&zh.preferred, a, "admitted English");
        }
    }
    o
}

fn field(s: &str) -> String {
    crate::render::tsv_field(s)
}

/// CSV for memoQ and Trados, one row per entry (see the module documentation for the
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

fn csv_row(o: &mut String, cells: impl Iterator<Item = String>) {
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

/// What the HTML page's script reads, one record per entry.
#[derive(Serialize)]
struct PageEntry<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    langs: Vec<PageLang<'a>>,
    note: Option<&'a str>,
    sources: &'a [String],
    contexts: Vec<&'a str>,
    /// `[freq, docs]` in the corpus last merged.
    stats: Option<[u64; 2]>,
    /// Machine suggestions awaiting review: near-duplicate Chinese forms, English from align.
    variants: &'a [String],
    en_suggestions: Vec<&'a str>,
}

#[derive(Serialize)]
struct PageLang<'a> {
    code: &'static str,
    preferred: &'a str,
    abbr: Option<&'a str>,
    admitted: &'a [String],
    deprecated: &'a [String],
}

/// One self-contained HTML page (inline style and script, no network) to search the glossary.
pub fn html(name: &str, entries: &[&Entry]) -> String {
    let records: Vec<PageEntry> = entries
        .iter()
        .map(|e| PageEntry {
            id: &e.id,
            kind: e.kind.as_str(),
            status: e.status.as_str(),
            langs: e
                .languages()
                .map(|(code, l)| PageLang {
                    code,
                    preferred: &l.preferred,
                    abbr: l.abbr.as_deref(),
                    admitted: &l.admitted,
                    deprecated: &l.deprecated,
                })
                .collect(),
            note: e.note.as_deref(),
            sources: &e.sources,
            contexts: e.contexts.iter().map(|c| c.text.as_str()).collect(),
            stats: e.stats.map(|s| [s.freq, s.docs]),
            variants: &e.suggested_variants,
            en_suggestions: e.en_suggestions.iter().map(|s| s.en.as_str()).collect(),
        })
        .collect();
    let json = serde_json::to_string(&records).unwrap_or_else(|_| "[]".into());
    let title = if name.is_empty() { "Glossary" } else { name };
    fill(
        HTML_TEMPLATE,
        &[
            ("{{TITLE}}", &xml_escape(title)),
            ("{{GENERATOR}}", env!("CARGO_PKG_VERSION")),
            ("{{DATA}}", &script_safe(&json)),
        ],
    )
}

/// The template with each placeholder replaced, in one pass over the template, so a value
/// that happens to contain a placeholder is never expanded.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut o = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let hit = values.iter().find(|(k, _)| rest[start..].starts_with(k));
        match hit {
            Some((k, v)) => {
                o.push_str(&rest[..start]);
                o.push_str(v);
                rest = &rest[start + k.len()..];
            }
            None => {
                o.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
            }
        }
    }
    o.push_str(rest);
    o
}

/// JSON that can sit inside `<script>`: `<`, `>` and `&` as \u escapes, so no `</script>` or
/// `<!--` in a note can end the element; U+2028/2029 escaped for older parsers.
pub fn script_safe(json: &str) -> String {
    let mut o = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => o.push_str("\\u003c"),
            '>' => o.push_str("\\u003e"),
            '&' => o.push_str("\\u0026"),
            '\u{2028}' => o.push_str("\\u2028"),
            '\u{2029}' => o.push_str("\\u2029"),
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
        let t = tbx("t", &select(&g, default_statuses("tbx")));
        assert!(t.contains("<note>A &amp; B, &quot;quoted&quot; &lt;/script&gt;</note>"));
        assert!(t.contains("<note>shuyu status: candidate</note>"));
    }

    #[test]
    fn tbx_ids_are_xml_ids() {
        let mut g = g();
        g.entries[0].id = "2021-oewg".into();
        let t = tbx("t", &select(&g, default_statuses("tbx")));
        assert!(t.contains("<conceptEntry id=\"_2021-oewg\">"));
    }

    #[test]
    fn omegat_lines() {
        let g = g();
        let t = omegat(&select(&g, default_statuses("tsv")));
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
