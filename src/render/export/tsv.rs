//! OmegaT glossary export.
//!
//! OmegaT (tab-separated `source<TAB>target<TAB>comment`, UTF-8): one line from each Chinese
//! form (preferred, abbreviation, admitted, deprecated: a translator meets them all in source
//! texts) to the preferred English, then one from the preferred Chinese to each admitted
//! English form. Deprecated English is never a target; the comment names it.
//!
//! The file opens with a byte order mark and OmegaT's own first line, `# Glossary in
//! tab-separated format -*- coding: utf-8 -*-`, so OmegaT reads it as UTF-8 whatever its
//! extension: current versions take the encoding from that `coding:` comment, older ones
//! detect UTF-8 from the byte order mark, and every version skips lines that start with `#`
//! (docs/cat-tools.md cites the sources). A source form that itself starts with `#` gets a
//! leading space, which OmegaT trims, so it is not read as a comment.

use crate::glossary::{Entry, Status};
use crate::render::tsv_field as field;
use std::fmt::Write as _;

/// OmegaT's first line for a UTF-8 glossary, as OmegaT itself writes it when it creates one.
pub const CODING_LINE: &str = "# Glossary in tab-separated format -*- coding: utf-8 -*-";

/// OmegaT glossary: the coding line, then `source<TAB>target<TAB>comment` lines. Entries
/// without English have no target and are left out.
pub fn omegat(entries: &[&Entry]) -> String {
    let mut o = format!("\u{feff}{CODING_LINE}\n");
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
            let _ = writeln!(o, "{}\t{}\t{}", source(src), field(tgt), field(&c));
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

/// A source cell OmegaT cannot mistake for a comment line.
fn source(s: &str) -> String {
    let f = field(s);
    if f.starts_with('#') {
        format!(" {f}")
    } else {
        f
    }
}
