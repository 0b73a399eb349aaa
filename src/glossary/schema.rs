//! What a glossary is: the types a YAML file deserializes into (schema versions 1 and 2, documented
//! in docs/glossary-schema.md) and the key lists the lenient reader and the writer share.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    pub version: u32,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Term,
    Title,
    Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Approved,
    #[default]
    Candidate,
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Approved => "approved",
            Status::Candidate => "candidate",
            Status::Rejected => "rejected",
        }
    }
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Term => "term",
            Kind::Title => "title",
            Kind::Name => "name",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    #[serde(rename = "type", default)]
    pub kind: Kind,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub zh: Option<Lang>,
    #[serde(default)]
    pub en: Option<Lang>,
    #[serde(default)]
    pub fr: Option<Lang>,
    #[serde(default)]
    pub es: Option<Lang>,
    #[serde(default)]
    pub ru: Option<Lang>,
    #[serde(default)]
    pub ar: Option<Lang>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub stats: Option<Stats>,
    #[serde(default)]
    pub contexts: Vec<Context>,
    /// Near-duplicates found by `merge`, for a person to accept or reject.
    #[serde(default)]
    pub suggested_variants: Vec<String>,
    /// English equivalents proposed by `align`, never applied to `en` automatically.
    #[serde(default)]
    pub en_suggestions: Vec<EnSuggestion>,
    /// Who last changed the entry through `shuyu serve`, and when. Schema version 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<Stamp>,
}

/// A change's author (a token holder's name) and time (RFC 3339, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stamp {
    pub by: String,
    pub at: String,
}

/// One language's forms. In YAML a bare string is shorthand for `{ preferred: … }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lang {
    pub preferred: String,
    pub abbr: Option<String>,
    pub admitted: Vec<String>,
    pub deprecated: Vec<String>,
    /// Whether an approved form of this language in a text calls for the entry's equivalent
    /// in the aligned translation (`missing-en` for `zh`, `missing-zh` for `en`). Off for
    /// general words (大会, 决定, report) kept for lookup, export and their deprecated forms;
    /// UNTERM records carry the same flag per language. Schema version 2.
    #[serde(skip_serializing_if = "is_true")]
    pub detect: bool,
}

impl Default for Lang {
    fn default() -> Self {
        Lang {
            preferred: String::new(),
            abbr: None,
            admitted: Vec::new(),
            deprecated: Vec::new(),
            detect: true,
        }
    }
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    pub freq: u64,
    pub docs: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    pub file: String,
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnSuggestion {
    pub en: String,
    pub score: f64,
    pub support: u64,
    /// Where a suggestion that does not come from `align` comes from, e.g. another glossary's
    /// entry. Schema version 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lang;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a term as a string, or a map with preferred, abbr, admitted, deprecated, detect",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Lang, E> {
                Ok(Lang {
                    preferred: v.to_owned(),
                    ..Lang::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> std::result::Result<Lang, A::Error> {
                let mut lang = Lang::default();
                let mut preferred = None;
                while let Some(k) = m.next_key::<String>()? {
                    match k.as_str() {
                        "preferred" => preferred = Some(m.next_value()?),
                        "abbr" => lang.abbr = m.next_value()?,
                        "admitted" => lang.admitted = m.next_value()?,
                        "deprecated" => lang.deprecated = m.next_value()?,
                        "detect" => lang.detect = m.next_value()?,
                        other => {
                            return Err(de::Error::unknown_field(other, LANG_KEYS));
                        }
                    }
                }
                lang.preferred = preferred.ok_or_else(|| de::Error::missing_field("preferred"))?;
                Ok(lang)
            }
        }
        d.deserialize_any(V)
    }
}

impl Lang {
    /// Preferred, abbreviation and admitted forms: what a text may use.
    pub fn approved_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.preferred.as_str())
            .chain(self.abbr.as_deref())
            .chain(self.admitted.iter().map(String::as_str))
    }

    /// Every form, deprecated ones included.
    pub fn all_forms(&self) -> impl Iterator<Item = &str> {
        self.approved_forms()
            .chain(self.deprecated.iter().map(String::as_str))
    }

    /// Only a preferred form: written as the bare-string shorthand.
    pub(super) fn is_short(&self) -> bool {
        self.abbr.is_none() && self.admitted.is_empty() && self.deprecated.is_empty() && self.detect
    }
}

impl Entry {
    /// The language blocks present, in canonical order.
    pub fn languages(&self) -> impl Iterator<Item = (&'static str, &Lang)> {
        [
            ("zh", &self.zh),
            ("en", &self.en),
            ("fr", &self.fr),
            ("es", &self.es),
            ("ru", &self.ru),
            ("ar", &self.ar),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|l| (k, l)))
    }
}

/// The most characters a form may have. Forms are terms, names and titles, far shorter; the
/// limit keeps one pasted passage from making every command that matches forms slow.
pub const MAX_FORM_CHARS: usize = 1000;

impl Glossary {
    /// The first form longer than [`MAX_FORM_CHARS`]: its entry, language and text.
    pub(super) fn long_form(&self) -> Option<(usize, &'static str, &str)> {
        self.entries.iter().enumerate().find_map(|(i, e)| {
            e.languages()
                .find_map(|(code, l)| l.all_forms().find(|f| is_too_long(f)).map(|f| (i, code, f)))
        })
    }

    /// The first language block that turns `detect` off: its entry and language.
    pub(super) fn first_detect_off(&self) -> Option<(usize, &'static str)> {
        self.entries.iter().enumerate().find_map(|(i, e)| {
            e.languages()
                .find_map(|(code, l)| (!l.detect).then_some((i, code)))
        })
    }

    /// The first use of a version 3 field: its entry and key.
    pub(super) fn first_v3_field(&self) -> Option<(usize, &'static str)> {
        self.entries.iter().enumerate().find_map(|(i, e)| {
            if e.changed.is_some() {
                Some((i, "changed"))
            } else if e.en_suggestions.iter().any(|s| s.from.is_some()) {
                Some((i, "from"))
            } else {
                None
            }
        })
    }

    /// The lowest version the file must say to load with what it uses (and never lower
    /// than what it says).
    pub(crate) fn needed_version(&self) -> u32 {
        let needs = if self.first_v3_field().is_some() {
            3
        } else if self.first_detect_off().is_some() {
            2
        } else {
            1
        };
        self.version.max(needs)
    }

    /// A glossary with no entries, as `merge` starts one that does not exist yet.
    pub fn empty() -> Self {
        Glossary {
            version: 1,
            name: String::new(),
            entries: Vec::new(),
        }
    }
}

/// Whether `form` has more than [`MAX_FORM_CHARS`] characters; counts only as far as it needs.
pub(super) fn is_too_long(form: &str) -> bool {
    form.len() > MAX_FORM_CHARS && form.chars().nth(MAX_FORM_CHARS).is_some()
}

/// Language codes, in canonical order (the order of [`Entry::languages`]).
pub(super) const LANGUAGES: &[&str] = &["zh", "en", "fr", "es", "ru", "ar"];
/// Keys of an entry, in canonical order (the writer's order).
pub(super) const ENTRY_KEYS: &[&str] = &[
    "id",
    "type",
    "status",
    "zh",
    "en",
    "fr",
    "es",
    "ru",
    "ar",
    "note",
    "sources",
    "stats",
    "contexts",
    "suggested_variants",
    "en_suggestions",
    "changed",
];
/// Keys of a language block.
pub(super) const LANG_KEYS: &[&str] = &["preferred", "abbr", "admitted", "deprecated", "detect"];

/// The newest schema version this shuyu reads and writes; it reads every version from 1.
/// Version 2 adds `detect` to language blocks; version 3 adds `changed` to entries and `from`
/// to `en_suggestions`.
pub const VERSION: u32 = 3;
/// Keys of the file itself.
pub(super) const TOP_KEYS: &[&str] = &["version", "name", "entries"];

/// The XML ID an exchange format (TBX) writes for entry id `id`, or `None` when it cannot be an XML ID. An id that
/// starts with a digit (valid in a glossary) gets a leading `_`. Accepted are the names every
/// XML reader agrees on: ASCII letters, digits, `_`, `-` and `.`, starting with a letter or
/// `_`; a colon is refused (namespaces), and so are non-ASCII letters, which XML 1.0's fifth
/// edition allows but older readers and XML Schema's `ID` type do not all accept.
pub fn xml_id(id: &str) -> Option<String> {
    let named = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let first = *id.as_bytes().first()?;
    if !id.bytes().all(named) {
        return None;
    }
    if first.is_ascii_digit() {
        Some(format!("_{id}"))
    } else if first.is_ascii_alphabetic() || first == b'_' {
        Some(id.to_owned())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::SAMPLE;
    use std::path::Path;

    #[test]
    fn bare_string_is_preferred_shorthand() {
        let g = Glossary::parse(SAMPLE, Path::new("g.yaml")).unwrap();
        let e = &g.entries[0];
        assert_eq!(
            e.en.as_ref().unwrap().preferred,
            "information and communications technologies"
        );
        assert_eq!(e.zh.as_ref().unwrap().deprecated, vec!["信息通信技术"]);
    }

    #[test]
    fn unknown_language_key_is_an_error() {
        let bad = SAMPLE.replace("      deprecated:", "      deprecate:");
        assert!(Glossary::parse(&bad, Path::new("g.yaml")).is_err());
    }
}
