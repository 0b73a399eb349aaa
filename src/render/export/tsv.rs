//! OmegaT glossary export.
//!
//! OmegaT (tab-separated `source<TAB>target<TAB>comment`, UTF-8): one line from each Chinese
//! form (preferred, abbreviation, admitted, deprecated: a translator meets them all in source
//! texts) to the preferred English, then one from the preferred Chinese to each admitted
//! English form. Deprecated English is never a target; the comment names it.

use crate::glossary::{Entry, Status};
use crate::render::tsv_field as field;
use std::fmt::Write as _;

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
