//! Import stage: reads term bases other tools export (TBX v2 and v3, CSV, TSV, XLIFF and TMX
//! term lists) into [`Concept`]s, and folds them into a glossary under merge's never-clobber
//! rules ([`fold`]).
//!
//! Each format is a reader here that turns one file into concepts: [`tbx`] (streaming
//! quick-xml, v2 `martif` and v3 `tbx`), [`table`] (CSV and TSV with a header mapping),
//! `segments` (XLIFF and TMX, through the readers in `src/formats/`). Another format plugs in as
//! one more [`Format`] variant and one more arm of [`read`]: it only has to give concepts, with
//! the line each starts on.

mod fold;
mod segments;
pub mod table;
pub mod tbx;

pub use fold::{Added, Options, Report, Skip, Updated, fold};

use crate::error::{Error, Result};
use crate::glossary::{Kind, Lang, Status};
use std::path::Path;

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Told by the extension, else by the content.
    Auto,
    /// TBX: v3 (ISO 30042:2019, `<tbx>`) or v2 (`<martif>`, TBX-Basic).
    Tbx,
    /// Comma- (or semicolon-) separated values with a header row.
    Csv,
    /// Tab-separated values: with a header row, or OmegaT's `source<TAB>target<TAB>comment`.
    Tsv,
    /// An XLIFF term list: each unit's source and target, one concept a unit.
    Xliff,
    /// A TMX term list: each unit's Chinese and English, one concept a unit.
    Tmx,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Tbx => "tbx",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Xliff => "xliff",
            Format::Tmx => "tmx",
        }
    }
}

/// How a term stands in its concept, as the file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Preferred,
    /// An abbreviation or acronym that is not deprecated.
    Abbr,
    Admitted,
    /// No status given: admitted, or preferred when the language has no preferred term.
    Unmarked,
    /// Deprecated, superseded, forbidden or obsolete.
    Deprecated,
}

/// One concept read from a file: the forms of each language with their standing, and what
/// the file says about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Concept {
    /// 1-based line of the file where the concept starts.
    pub line: usize,
    /// The file's id for the concept, as written (TBX's `_` before a digit undone).
    pub id: Option<String>,
    /// The entry status the file carries (used with `--trust-status`).
    pub status: Option<Status>,
    pub kind: Option<Kind>,
    /// Terms per language code (`zh`, `en`, `fr`, `es`, `ru`, `ar`), in file order.
    pub terms: Vec<(&'static str, String, Standing)>,
    pub notes: Vec<String>,
    pub sources: Vec<String>,
    /// Languages the file marks as not detected in text (`detect: false`: shuyu's own
    /// `shuyu detect: false` language note).
    pub no_detect: Vec<&'static str>,
}

impl Concept {
    /// The language block of `code` built from the concept's terms: the first preferred term
    /// (else the first unmarked or admitted one, else the abbreviation) is preferred, the
    /// first abbreviation `abbr`, the rest admitted or deprecated in file order. `None` when
    /// the language has no term that is not deprecated.
    pub fn lang(&self, code: &str) -> Option<Lang> {
        let of = |s: Standing| {
            self.terms
                .iter()
                .filter(move |(c, _, st)| *c == code && *st == s)
                .map(|(_, t, _)| t.as_str())
        };
        let preferred = of(Standing::Preferred)
            .next()
            .or_else(|| {
                self.terms
                    .iter()
                    .find(|(c, _, st)| {
                        *c == code && matches!(st, Standing::Unmarked | Standing::Admitted)
                    })
                    .map(|(_, t, _)| t.as_str())
            })
            .or_else(|| of(Standing::Abbr).next())?;
        let mut lang = Lang {
            preferred: preferred.to_owned(),
            detect: !self.no_detect.contains(&code),
            ..Lang::default()
        };
        let mut seen = std::collections::HashSet::from([preferred]);
        for (c, t, st) in &self.terms {
            if *c != code || !seen.insert(t.as_str()) {
                continue;
            }
            match st {
                Standing::Deprecated => lang.deprecated.push(t.clone()),
                Standing::Abbr if lang.abbr.is_none() => lang.abbr = Some(t.clone()),
                _ => lang.admitted.push(t.clone()),
            }
        }
        Some(lang)
    }

    /// The concept's note: its notes in file order, one per line.
    pub fn note(&self) -> Option<String> {
        (!self.notes.is_empty()).then(|| self.notes.join("\n"))
    }

    pub(crate) fn push_term(&mut self, code: &'static str, term: &str, standing: Standing) {
        let t = term.trim();
        if !t.is_empty() {
            self.terms.push((code, t.to_owned(), standing));
        }
    }
}

/// The glossary language a language tag (`zh-CN`, `en_US`, `zho`, `EN`) stands for, if any.
pub fn language_of(tag: &str) -> Option<&'static str> {
    let primary = tag
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "zh" | "zho" | "chi" | "cmn" => "zh",
        "en" | "eng" => "en",
        "fr" | "fra" | "fre" => "fr",
        "es" | "spa" => "es",
        "ru" | "rus" => "ru",
        "ar" | "ara" => "ar",
        _ => return None,
    })
}

/// What a file holds, told from its extension and, for `auto` without a known one, its
/// opening bytes.
pub fn detect(path: &Path, bytes: &[u8], format: Format) -> Result<Format> {
    if format != Format::Auto {
        return Ok(format);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "tbx" | "xml" => return Ok(Format::Tbx),
        "csv" => return Ok(Format::Csv),
        "tsv" | "tab" | "utf8" => return Ok(Format::Tsv),
        "xlf" | "xliff" | "sdlxliff" => return Ok(Format::Xliff),
        "tmx" => return Ok(Format::Tmx),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head = match encoding_rs::Encoding::for_bom(head) {
        Some((enc, bom)) => enc.decode_without_bom_handling(&head[bom..]).0,
        None => String::from_utf8_lossy(head),
    };
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if head.starts_with('<') {
        Ok(Format::Tbx)
    } else if head.lines().next().is_some_and(|l| l.contains('\t')) {
        Ok(Format::Tsv)
    } else if head.lines().next().is_some_and(|l| l.contains([',', ';'])) {
        Ok(Format::Csv)
    } else {
        Err(Error::Input {
            path: path.to_owned(),
            line: None,
            message: "cannot tell the format (not XML, no comma, semicolon or tab in the first \
                      line): name it with --from tbx, csv or tsv"
                .into(),
        })
    }
}

/// Reads one file's concepts. `columns` maps CSV and TSV headers to glossary fields
/// ([`table::Columns`]); TBX ignores it.
pub fn read(
    path: &Path,
    bytes: &[u8],
    format: Format,
    columns: &table::Columns,
) -> Result<(Format, Vec<Concept>)> {
    let format = detect(path, bytes, format)?;
    let concepts = match format {
        Format::Tbx => tbx::read(path, bytes)?,
        Format::Csv | Format::Tsv => table::read(path, bytes, format == Format::Tsv, columns)?,
        Format::Xliff => segments::read(path, bytes, crate::formats::Format::Xliff)?,
        Format::Tmx => segments::read(path, bytes, crate::formats::Format::Tmx)?,
        Format::Auto => unreachable!("detect decides"),
    };
    Ok((format, concepts))
}

/// Text of a file: UTF-8 (a byte order mark dropped) or UTF-16 with a byte order mark, as
/// spreadsheet programs save "Unicode text".
pub(crate) fn decode<'b>(path: &Path, bytes: &'b [u8]) -> Result<std::borrow::Cow<'b, str>> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if !had_errors {
            return Ok(text);
        }
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(std::borrow::Cow::Borrowed(s));
    }
    Err(Error::Input {
        path: path.to_owned(),
        line: None,
        message: "not UTF-8 or UTF-16 text: save the file as UTF-8".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert_eq!(language_of("zh-Hans-CN"), Some("zh"));
        assert_eq!(language_of("EN_us"), Some("en"));
        assert_eq!(language_of("de"), None);
    }

    #[test]
    fn lang_from_terms() {
        let mut c = Concept::default();
        c.push_term("zh", "甲", Standing::Deprecated);
        c.push_term("zh", " 乙 ", Standing::Unmarked);
        c.push_term("zh", "丙", Standing::Preferred);
        c.push_term("zh", "ABC", Standing::Abbr);
        let l = c.lang("zh").unwrap();
        assert_eq!(l.preferred, "丙");
        assert_eq!(l.admitted, vec!["乙"]);
        assert_eq!(l.deprecated, vec!["甲"]);
        assert_eq!(l.abbr.as_deref(), Some("ABC"));
        assert!(c.lang("en").is_none());
    }

    #[test]
    fn formats_by_extension_and_content() {
        let p = |s: &str| Path::new(s).to_owned();
        assert_eq!(detect(&p("a.TBX"), b"", Format::Auto).unwrap(), Format::Tbx);
        assert_eq!(
            detect(&p("a"), b"\xef\xbb\xbf<?xml", Format::Auto).unwrap(),
            Format::Tbx
        );
        assert_eq!(
            detect(&p("a.txt"), b"a\tb\n", Format::Auto).unwrap(),
            Format::Tsv
        );
        assert_eq!(
            detect(&p("a.txt"), b"a;b\n", Format::Auto).unwrap(),
            Format::Csv
        );
        let utf16: Vec<u8> = "\u{feff}<martif/>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(detect(&p("a"), &utf16, Format::Auto).unwrap(), Format::Tbx);
        assert_eq!(detect(&p("a.tmx"), b"", Format::Auto).unwrap(), Format::Tmx);
        assert_eq!(
            detect(&p("a.XLF"), b"", Format::Auto).unwrap(),
            Format::Xliff
        );
        assert!(detect(&p("a.txt"), b"ab\n", Format::Auto).is_err());
    }
}
