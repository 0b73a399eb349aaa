//! TBX-Basic (ISO 30042) export, for terminology exchange with any terminology tool.
//!
//! TBX-Basic mapping: one `conceptEntry` per entry (`id` = entry id; an id that starts with a
//! digit, valid in the glossary but not as an XML ID, gets a leading `_`), one `langSec` per
//! language, one `termSec` per form with `administrativeStatus` preferredTerm-admn-sts
//! (preferred), admittedTerm-admn-sts (abbreviation, admitted) or deprecatedTerm-admn-sts;
//! an abbreviation also carries `termType` abbreviation. The note is a concept-level `note`,
//! each source an `admin type="source"`, contexts a `descrip type="context"` on the preferred
//! Chinese term. An entry that is not approved says so in a second `note`
//! (`shuyu status: candidate`), since TBX-Basic has no entry-level status.

use super::xml_escape;
use crate::glossary::{Entry, Status};
use std::fmt::Write as _;

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
