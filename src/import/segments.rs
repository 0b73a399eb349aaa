//! XLIFF and TMX term lists: each unit is a concept, its Chinese and English segments its
//! terms, read by the same readers `check` and `align` use.

use super::{Concept, Standing};
use crate::error::{Error, Result};
use crate::formats::{self, Lang};
use std::path::Path;

/// The concepts of an XLIFF or TMX file read as `format`: one per unit with a Chinese segment,
/// its English (when there is one) beside it, at the unit's line in the file. Units carry no
/// status, so every term is unmarked: the first Chinese and English become preferred.
pub(super) fn read(path: &Path, bytes: &[u8], format: formats::Format) -> Result<Vec<Concept>> {
    let read = formats::read_as(path, bytes.to_vec(), format)?;
    let Some(zh) = read.side(Lang::Zh) else {
        return Err(Error::Input {
            path: path.to_owned(),
            line: None,
            message: "no Chinese side (its languages say none is zh*): shuyu imports \
                      Chinese–English term lists"
                .into(),
        });
    };
    let en: Vec<&str> = read
        .side(Lang::En)
        .map(|s| s.text.split('\n').collect())
        .unwrap_or_default();
    let mut concepts = Vec::new();
    for (i, term) in zh.text.split('\n').enumerate() {
        let term = term.trim();
        if term.is_empty() {
            continue;
        }
        let mut c = Concept {
            line: zh.origin.place(i + 1, 1).line,
            ..Concept::default()
        };
        c.push_term("zh", term, Standing::Unmarked);
        if let Some(e) = en.get(i).map(|e| e.trim()).filter(|e| !e.is_empty()) {
            c.push_term("en", e, Standing::Unmarked);
        }
        concepts.push(c);
    }
    Ok(concepts)
}
