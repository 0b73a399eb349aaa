//! TBX export in both versions terminology tools read: TBX v3 (ISO 30042:2019, TBX-Basic
//! dialect, DCA style: `tbx`/`conceptEntry`/`langSec`/`termSec`) and TBX v2 (ISO 30042:2008,
//! TBX-Basic: `martif`/`termEntry`/`langSet`/`tig`). One mapping decides what each entry and
//! form carries ([`concepts`]); the two versions differ only in their header and element names.
//!
//! Mapping, the same in both versions (docs/tbx.md has it for users):
//!
//! | glossary | TBX |
//! |---|---|
//! | entry | one concept entry, `id` = entry id ([`xml_id`](crate::glossary::xml_id): a leading digit gets `_`) |
//! | `note` | concept-level `<note>` (first) |
//! | `status` other than approved | concept-level `<note>shuyu status: candidate</note>` (or `rejected`); TBX-Basic has no entry status |
//! | `sources` | one concept-level `<admin type="source">` each |
//! | language block | one language section, `xml:lang` = the code |
//! | `detect: false` | `<note>shuyu detect: false</note>` first in its language section; TBX-Basic allows no custom data category, and a note is kept by every reader |
//! | `preferred` | a term with `administrativeStatus` `preferredTerm-admn-sts` |
//! | `abbr` | a term with `termType` `abbreviation` and `admittedTerm-admn-sts` |
//! | `admitted` | a term each, `admittedTerm-admn-sts` |
//! | `deprecated` | a term each, `deprecatedTerm-admn-sts` |
//! | `contexts` | `<descrip type="context">` on the preferred Chinese term |
//!
//! `type`, `stats`, `suggested_variants` and `en_suggestions` are not exported. Part of speech
//! and definitions are not in the glossary, so neither version carries them.
//!
//! An id that cannot be an XML ID is never written: the export fails naming every such id,
//! since a file with one would fail the schema or lose the entry's identity in a reader.

use super::xml_escape;
use crate::glossary::{Entry, Lang, Status, xml_id};
use std::collections::HashMap;
use std::fmt::Write as _;

/// One entry as TBX carries it, whatever the version.
struct Concept<'e> {
    id: String,
    notes: Vec<String>,
    sources: &'e [String],
    langs: Vec<LangSec<'e>>,
}

struct LangSec<'e> {
    code: &'static str,
    notes: Vec<&'static str>,
    terms: Vec<TermSec<'e>>,
}

struct TermSec<'e> {
    term: &'e str,
    status: &'static str,
    abbreviation: bool,
    contexts: Vec<&'e str>,
}

/// The note that carries `detect: false` of a language block.
pub const DETECT_OFF_NOTE: &str = "shuyu detect: false";
/// The prefix of the note that carries an entry's status when it is not approved.
pub const STATUS_NOTE: &str = "shuyu status: ";

/// Element names of one TBX version.
struct Names {
    entry: &'static str,
    lang: &'static str,
    term: &'static str,
}

/// TBX-Basic v3 (ISO 30042:2019, DCA style) document.
pub fn tbx(name: &str, entries: &[&Entry]) -> crate::Result<String> {
    let concepts = concepts(entries, "tbx")?;
    let mut o = String::new();
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str(
        "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"zh\" \
         xmlns=\"urn:iso:std:iso:30042:ed-2\">\n",
    );
    o.push_str("  <tbxHeader>\n    <fileDesc>\n");
    file_desc(&mut o, name);
    o.push_str("    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n");
    let names = Names {
        entry: "conceptEntry",
        lang: "langSec",
        term: "termSec",
    };
    body(&mut o, &concepts, &names);
    o.push_str("    </body>\n  </text>\n</tbx>\n");
    Ok(o)
}

/// TBX-Basic v2 (`martif`, ISO 30042:2008) document, for the readers that know only v2
/// (translate-toolkit and Weblate, OmegaT). `xml:lang` of the file is English, the language
/// of its notes; each term's language is its `langSet`'s.
pub fn tbx2(name: &str, entries: &[&Entry]) -> crate::Result<String> {
    let concepts = concepts(entries, "tbx2")?;
    let mut o = String::new();
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str("<martif type=\"TBX-Basic\" xml:lang=\"en\">\n");
    o.push_str("  <martifHeader>\n    <fileDesc>\n");
    file_desc(&mut o, name);
    o.push_str("    </fileDesc>\n");
    o.push_str("    <encodingDesc>\n      <p type=\"XCSURI\">TBXBasicXCSV02.xcs</p>\n");
    o.push_str("    </encodingDesc>\n  </martifHeader>\n  <text>\n    <body>\n");
    let names = Names {
        entry: "termEntry",
        lang: "langSet",
        term: "tig",
    };
    body(&mut o, &concepts, &names);
    o.push_str("    </body>\n  </text>\n</martif>\n");
    Ok(o)
}

fn file_desc(o: &mut String, name: &str) {
    let title = if name.is_empty() { "Glossary" } else { name };
    let _ = writeln!(
        o,
        "      <titleStmt><title>{}</title></titleStmt>",
        xml_escape(title)
    );
    let _ = writeln!(
        o,
        "      <sourceDesc><p>Exported by shuyu {} from a shuyu YAML glossary.</p></sourceDesc>",
        env!("CARGO_PKG_VERSION")
    );
}

/// The entries as TBX concepts; an error naming every id that cannot be written (not an XML
/// ID, or the same XML ID as an earlier entry's).
fn concepts<'e>(entries: &[&'e Entry], format: &'static str) -> crate::Result<Vec<Concept<'e>>> {
    let mut out = Vec::with_capacity(entries.len());
    let mut bad = Vec::new();
    let mut seen: HashMap<String, &str> = HashMap::new();
    for e in entries {
        match xml_id(&e.id) {
            Some(id) => match seen.get(&id) {
                Some(first) => bad.push(format!("`{}` (written as `{id}`, like `{first}`)", e.id)),
                None => {
                    seen.insert(id.clone(), &e.id);
                    out.push(concept(e, id));
                }
            },
            None => bad.push(format!("`{}`", e.id)),
        }
    }
    if bad.is_empty() {
        return Ok(out);
    }
    Err(crate::Error::Export {
        format,
        message: format!(
            "{} entr{} cannot be written, since TBX ids are XML IDs: {}: rename {} to lowercase \
             letters and digits joined by hyphens (`shuyu glossary lint` shows where)",
            bad.len(),
            if bad.len() == 1 { "y's id" } else { "ies' ids" },
            bad.join(", "),
            if bad.len() == 1 { "it" } else { "them" },
        ),
    })
}

/// What one entry carries: the one place that maps glossary fields to TBX data categories.
fn concept<'e>(e: &'e Entry, id: String) -> Concept<'e> {
    let mut notes: Vec<String> = e.note.iter().cloned().collect();
    if e.status != Status::Approved {
        notes.push(format!("{STATUS_NOTE}{}", e.status.as_str()));
    }
    let langs = e
        .languages()
        .map(|(code, l)| {
            let contexts: Vec<&str> = if code == "zh" {
                e.contexts.iter().map(|c| c.text.as_str()).collect()
            } else {
                Vec::new()
            };
            LangSec {
                code,
                notes: if l.detect {
                    vec![]
                } else {
                    vec![DETECT_OFF_NOTE]
                },
                terms: terms(l, contexts),
            }
        })
        .collect();
    Concept {
        id,
        notes,
        sources: &e.sources,
        langs,
    }
}

fn terms<'e>(l: &'e Lang, contexts: Vec<&'e str>) -> Vec<TermSec<'e>> {
    let term = |term: &'e str, status, abbreviation| TermSec {
        term,
        status,
        abbreviation,
        contexts: Vec::new(),
    };
    let mut out = vec![TermSec {
        contexts,
        ..term(&l.preferred, "preferredTerm-admn-sts", false)
    }];
    out.extend(
        l.abbr
            .iter()
            .map(|a| term(a, "admittedTerm-admn-sts", true)),
    );
    out.extend(
        l.admitted
            .iter()
            .map(|a| term(a, "admittedTerm-admn-sts", false)),
    );
    out.extend(
        l.deprecated
            .iter()
            .map(|d| term(d, "deprecatedTerm-admn-sts", false)),
    );
    out
}

/// The concept entries, in either version's element names. Both versions order a level's
/// own notes and admin before its sub-levels, and a term's notes after the term.
fn body(o: &mut String, concepts: &[Concept], n: &Names) {
    for c in concepts {
        let _ = writeln!(o, "      <{} id=\"{}\">", n.entry, xml_escape(&c.id));
        for note in &c.notes {
            let _ = writeln!(o, "        <note>{}</note>", xml_escape(note));
        }
        for s in c.sources {
            let _ = writeln!(
                o,
                "        <admin type=\"source\">{}</admin>",
                xml_escape(s)
            );
        }
        for l in &c.langs {
            let _ = writeln!(o, "        <{} xml:lang=\"{}\">", n.lang, l.code);
            for note in &l.notes {
                let _ = writeln!(o, "          <note>{}</note>", xml_escape(note));
            }
            for t in &l.terms {
                term(o, t, n.term);
            }
            let _ = writeln!(o, "        </{}>", n.lang);
        }
        let _ = writeln!(o, "      </{}>", n.entry);
    }
}

fn term(o: &mut String, t: &TermSec, element: &str) {
    let _ = writeln!(o, "          <{element}>");
    let _ = writeln!(o, "            <term>{}</term>", xml_escape(t.term));
    if t.abbreviation {
        o.push_str("            <termNote type=\"termType\">abbreviation</termNote>\n");
    }
    let _ = writeln!(
        o,
        "            <termNote type=\"administrativeStatus\">{}</termNote>",
        t.status
    );
    for c in &t.contexts {
        let _ = writeln!(
            o,
            "            <descrip type=\"context\">{}</descrip>",
            xml_escape(c)
        );
    }
    let _ = writeln!(o, "          </{element}>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Glossary;
    use std::path::Path;

    fn entries(yaml: &str) -> Glossary {
        Glossary::parse(yaml, Path::new("g.yaml")).unwrap()
    }

    #[test]
    fn ids_map_to_xml_ids_or_none() {
        assert_eq!(xml_id("ict").as_deref(), Some("ict"));
        assert_eq!(xml_id("2021-oewg").as_deref(), Some("_2021-oewg"));
        assert_eq!(
            xml_id("Capacity_Building.v2").as_deref(),
            Some("Capacity_Building.v2")
        );
        for bad in ["", "x y", "a:b", "-a", ".a", "能力", "a/b", "a\u{0}"] {
            assert_eq!(xml_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn bad_ids_fail_the_export_naming_each() {
        let g = entries(
            "version: 1\nentries:\n  - id: x y\n    zh: 甲\n  - id: ok\n    zh: 乙\n  - id: \"a:b\"\n    zh: 丙\n  - id: 1a\n    zh: 丁\n  - id: _1a\n    zh: 戊\n",
        );
        let all: Vec<&Entry> = g.entries.iter().collect();
        for r in [tbx("t", &all), tbx2("t", &all)] {
            let m = r.unwrap_err().to_string();
            assert!(m.contains("3 entries' ids cannot be written"), "{m}");
            assert!(
                m.contains("`x y`, `a:b`, `_1a` (written as `_1a`, like `1a`)"),
                "{m}"
            );
        }
    }

    #[test]
    fn both_versions_carry_the_same_mapping() {
        let g = entries(
            "version: 2\nentries:\n  - id: ga\n    status: candidate\n    zh:\n      preferred: 大会\n      detect: false\n    en:\n      preferred: General Assembly\n      abbr: GA\n    note: a <b>\n    sources: [A/RES/1]\n",
        );
        let all: Vec<&Entry> = g.entries.iter().collect();
        let v3 = tbx("t", &all).unwrap();
        let v2 = tbx2("t", &all).unwrap();
        let to_v2 = v3
            .replace("conceptEntry", "termEntry")
            .replace("langSec", "langSet")
            .replace("termSec", "tig");
        let body = |s: &str| s[s.find("<body>").unwrap()..s.find("</body>").unwrap()].to_owned();
        assert_eq!(body(&to_v2), body(&v2));
        assert!(v2.contains("<langSet xml:lang=\"zh\">\n          <note>shuyu detect: false</note>\n          <tig>"), "{v2}");
        assert!(v2.contains("<note>a &lt;b&gt;</note>\n        <note>shuyu status: candidate</note>\n        <admin type=\"source\">A/RES/1</admin>"), "{v2}");
        assert!(v2.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<martif type=\"TBX-Basic\" xml:lang=\"en\">\n"));
    }
}
