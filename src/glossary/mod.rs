//! Glossary stage: the curated YAML glossary (schema version 1): types, loading with
//! line-accurate errors, the canonical writer, and the form index every command uses.
//! serde_yaml (deprecated upstream) is used only here, so it can be replaced in one place.

pub mod lint;
pub mod lookup;
pub mod merge;
pub mod variants;

use crate::error::{Error, Result};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The shipped glossary, compiled in so every command works with no `--glossary`.
pub const DEFAULT_GLOSSARY: &str = include_str!("../../glossary/un-ict-security.yaml");
/// The name the embedded glossary is reported under.
pub const DEFAULT_GLOSSARY_PATH: &str = "glossary/un-ict-security.yaml";

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
}

/// One language's forms. In YAML a bare string is shorthand for `{ preferred: … }`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Lang {
    pub preferred: String,
    pub abbr: Option<String>,
    pub admitted: Vec<String>,
    pub deprecated: Vec<String>,
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
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lang;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a term as a string, or a map with preferred, abbr, admitted, deprecated",
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
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &["preferred", "abbr", "admitted", "deprecated"],
                            ));
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

    fn is_short(&self) -> bool {
        self.abbr.is_none() && self.admitted.is_empty() && self.deprecated.is_empty()
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

impl Glossary {
    pub fn empty() -> Self {
        Glossary {
            version: 1,
            name: String::new(),
            entries: Vec::new(),
        }
    }

    /// Parses a glossary; `path` names it in errors, which carry the YAML line.
    pub fn parse(text: &str, path: &Path) -> Result<Glossary> {
        let text = strip_bom(text);
        let g: Glossary = serde_yaml::from_str(text).map_err(|e| Error::Glossary {
            path: path.to_owned(),
            line: e.location().map(|l| l.line()),
            message: e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_owned(),
        })?;
        if g.version != 1 {
            return Err(Error::Glossary {
                path: path.to_owned(),
                line: line_of(text, "version:"),
                message: format!(
                    "unsupported version {} (this shuyu reads version 1)",
                    g.version
                ),
            });
        }
        Ok(g)
    }

    pub fn load(path: &Path) -> Result<Glossary> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Glossary {
            path: path.to_owned(),
            line: None,
            message: "not UTF-8".into(),
        })?;
        Glossary::parse(&text, path)
    }

    /// The embedded default glossary.
    pub fn builtin() -> Glossary {
        Glossary::parse(DEFAULT_GLOSSARY, Path::new(DEFAULT_GLOSSARY_PATH))
            .expect("the embedded glossary is checked by the test suite")
    }

    /// The glossaries a command uses: the embedded one when `paths` is empty, otherwise the
    /// given files merged in order, a later entry replacing an earlier one with the same id.
    pub fn load_all(paths: &[PathBuf]) -> Result<Glossary> {
        if paths.is_empty() {
            return Ok(Glossary::builtin());
        }
        let mut out = Glossary::empty();
        for p in paths {
            let g = Glossary::load(p)?;
            if out.name.is_empty() {
                out.name = g.name;
            }
            for e in g.entries {
                match out.entries.iter_mut().find(|x| x.id == e.id) {
                    Some(slot) => *slot = e,
                    None => out.entries.push(e),
                }
            }
        }
        Ok(out)
    }

    /// The canonical YAML text: fixed key order, flow lists, quoting only where YAML needs it,
    /// one blank line between entries. Writing the same glossary twice gives the same bytes, so
    /// review diffs show real changes.
    pub fn to_yaml(&self) -> String {
        self.to_yaml_with(&Comments::default())
    }

    /// The canonical text of a glossary read from `original`, keeping its comments (section
    /// headings of a curated file are curation too). A comment block before `entries:` stays
    /// at the top; one between entries stays before the entry after it; one inside an entry,
    /// or at the end of one of its lines, moves to its own line at that entry's head.
    pub fn to_yaml_keeping_comments(&self, original: &str) -> String {
        self.to_yaml_with(&Comments::scan(original, self.entries.len()))
    }

    fn to_yaml_with(&self, comments: &Comments) -> String {
        let mut o = String::new();
        for c in &comments.header {
            let _ = writeln!(o, "{c}");
        }
        let _ = writeln!(o, "version: {}", self.version);
        if !self.name.is_empty() {
            let _ = writeln!(o, "name: {}", scalar(&self.name));
        }
        if self.entries.is_empty() && comments.trailer.is_empty() {
            o.push_str("entries: []\n");
            return o;
        }
        o.push_str("entries:\n");
        for (i, e) in self.entries.iter().enumerate() {
            o.push('\n');
            if let Some(block) = comments.before.get(i).filter(|b| !b.is_empty()) {
                for c in block {
                    let _ = writeln!(o, "  {c}");
                }
                o.push('\n');
            }
            write_entry(&mut o, e);
        }
        if !comments.trailer.is_empty() {
            o.push('\n');
            for c in &comments.trailer {
                let _ = writeln!(o, "  {c}");
            }
        }
        o
    }
}

fn write_entry(o: &mut String, e: &Entry) {
    let _ = writeln!(o, "  - id: {}", scalar(&e.id));
    let _ = writeln!(o, "    type: {}", e.kind.as_str());
    let _ = writeln!(o, "    status: {}", e.status.as_str());
    for (code, lang) in e.languages() {
        if lang.is_short() {
            let _ = writeln!(o, "    {code}: {}", scalar(&lang.preferred));
            continue;
        }
        let _ = writeln!(o, "    {code}:");
        let _ = writeln!(o, "      preferred: {}", scalar(&lang.preferred));
        if let Some(a) = &lang.abbr {
            let _ = writeln!(o, "      abbr: {}", scalar(a));
        }
        if !lang.admitted.is_empty() {
            let _ = writeln!(o, "      admitted: {}", flow(&lang.admitted));
        }
        if !lang.deprecated.is_empty() {
            let _ = writeln!(o, "      deprecated: {}", flow(&lang.deprecated));
        }
    }
    if let Some(n) = &e.note {
        let _ = writeln!(o, "    note: {}", scalar(n));
    }
    if !e.sources.is_empty() {
        let _ = writeln!(o, "    sources: {}", flow(&e.sources));
    }
    if let Some(s) = &e.stats {
        let _ = writeln!(o, "    stats: {{ freq: {}, docs: {} }}", s.freq, s.docs);
    }
    if !e.contexts.is_empty() {
        o.push_str("    contexts:\n");
        for c in &e.contexts {
            let _ = writeln!(
                o,
                "      - {{ file: {}, line: {}, text: {} }}",
                scalar(&c.file),
                c.line,
                scalar(&c.text)
            );
        }
    }
    if !e.suggested_variants.is_empty() {
        let _ = writeln!(o, "    suggested_variants: {}", flow(&e.suggested_variants));
    }
    if !e.en_suggestions.is_empty() {
        o.push_str("    en_suggestions:\n");
        for s in &e.en_suggestions {
            let _ = writeln!(
                o,
                "      - {{ en: {}, score: {}, support: {} }}",
                scalar(&s.en),
                fmt_score(s.score),
                s.support
            );
        }
    }
}

/// Comments of a glossary file. A block before `entries:` is the header; a block between two
/// entries belongs to the entry after it (a section heading), a comment inside an entry, or
/// at the end of one of its lines, moves to that entry's head, and comments after the last
/// entry stay last.
#[derive(Debug, Default)]
struct Comments {
    header: Vec<String>,
    /// By entry index, in file order (the writer keeps the order of entries).
    before: Vec<Vec<String>>,
    trailer: Vec<String>,
}

impl Comments {
    fn scan(text: &str, entries: usize) -> Comments {
        let text = strip_bom(text);
        let starts = entry_lines(text);
        let mut c = Comments::default();
        let mut pending: Vec<String> = Vec::new();
        let mut current: Option<usize> = None;
        let mut in_entries = false;
        let mut next = 0;
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.starts_with('#') {
                pending.push(t.to_owned());
                continue;
            }
            if t.is_empty() {
                continue;
            }
            // An end-of-line comment has no place in a layout the writer owns: it moves to its
            // own line at the head of its entry, so that nothing a person wrote is lost.
            if let Some(comment) = end_of_line_comment(line) {
                pending.push(comment.to_owned());
            }
            if !in_entries && line.starts_with("entries:") {
                in_entries = true;
                c.header.append(&mut pending);
                continue;
            }
            if starts.get(next) == Some(&(n + 1)) {
                current = Some(next);
                next += 1;
            }
            match current {
                Some(i) if !pending.is_empty() => {
                    if c.before.len() <= i {
                        c.before.resize(i + 1, Vec::new());
                    }
                    c.before[i].append(&mut pending);
                }
                None if !pending.is_empty() => c.header.append(&mut pending),
                _ => {}
            }
        }
        c.trailer = pending;
        // More entry starts than entries means a layout this scanner misreads: keep every
        // comment, at the top, rather than attach one to the wrong entry. (Fewer is normal:
        // merge appends entries the original text does not have yet.)
        if starts.len() > entries {
            let mut all = std::mem::take(&mut c.header);
            all.extend(c.before.drain(..).flatten());
            all.append(&mut c.trailer);
            c.header = all;
        }
        c
    }
}

/// The comment at the end of a YAML content line (`id: ict  # note`), if any: a `#` after
/// whitespace and outside quoted scalars. A quote opens a scalar only where a value starts (at
/// the start of the line or after `:`, `-`, `[`, `{` or `,`), so the apostrophe in
/// `note: State's behaviour` is text.
fn end_of_line_comment(line: &str) -> Option<&str> {
    let mut quote: Option<char> = None;
    let mut prev_solid: Option<char> = None;
    let mut prev: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('"') => match c {
                '\\' => {
                    chars.next();
                }
                '"' => quote = None,
                _ => {}
            },
            Some(_) => {
                if c == '\'' {
                    if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
            }
            None => match c {
                '"' | '\''
                    if prev_solid.is_none_or(|p| matches!(p, ':' | '-' | '[' | '{' | ',')) =>
                {
                    quote = Some(c)
                }
                '#' if prev.is_some_and(char::is_whitespace) => return Some(line[i..].trim_end()),
                _ => {}
            },
        }
        if !c.is_whitespace() {
            prev_solid = Some(c);
        }
        prev = Some(c);
    }
    None
}

/// The 1-based first line of each block-style entry (`- ` at the indentation of the first item
/// under `entries:`), in file order; lint and the writer use it to place things by line.
pub fn entry_lines(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_entries = false;
    let mut indent = None;
    for (n, line) in text.lines().enumerate() {
        if !in_entries {
            in_entries = line.starts_with("entries:");
            continue;
        }
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let ind = line.len() - t.len();
        if ind == 0 && !t.starts_with('-') {
            break;
        }
        if t == "-" || t.starts_with("- ") {
            let want = *indent.get_or_insert(ind);
            if ind == want {
                out.push(n + 1);
            }
        }
    }
    out
}

/// Keys of an entry, in canonical order (the writer's order).
pub const ENTRY_KEYS: &[&str] = &[
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
];
/// Keys of a language block.
pub const LANG_KEYS: &[&str] = &["preferred", "abbr", "admitted", "deprecated"];
const TOP_KEYS: &[&str] = &["version", "name", "entries"];

/// A key the schema does not know, found by [`parse_lenient`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// Index of the entry, `None` at the top level.
    pub entry: Option<usize>,
    /// Language block the key is in, if any.
    pub lang: Option<&'static str>,
    pub key: String,
}

/// A glossary read as far as it goes, for lint: every unknown key and every entry that does not
/// deserialize, where [`Glossary::parse`] stops at the first.
#[derive(Debug, Default)]
pub struct Lenient {
    pub version: Option<u64>,
    pub unknown: Vec<UnknownKey>,
    /// One per item of `entries`, in file order: the entry (unknown keys dropped) or why not.
    pub entries: Vec<std::result::Result<Entry, String>>,
    /// Problems of the file as a whole (not a mapping, `entries` not a list, bad version).
    pub errors: Vec<String>,
}

/// Reads what it can of a glossary. Fails only when the text is not YAML at all, with the
/// 1-based line when known.
pub fn parse_lenient(text: &str) -> std::result::Result<Lenient, (Option<usize>, String)> {
    use serde_yaml::Value;
    let text = strip_bom(text);
    let root: Value = serde_yaml::from_str(text).map_err(|e| {
        (
            e.location().map(|l| l.line()),
            e.to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_owned(),
        )
    })?;
    let mut out = Lenient::default();
    let Value::Mapping(top) = root else {
        out.errors
            .push("a glossary is a mapping with version, name and entries".into());
        return Ok(out);
    };
    for (k, v) in &top {
        let key = key_text(k);
        if !TOP_KEYS.contains(&key.as_str()) {
            out.unknown.push(UnknownKey {
                entry: None,
                lang: None,
                key,
            });
            continue;
        }
        match key.as_str() {
            "version" => match v.as_u64() {
                Some(1) => out.version = Some(1),
                _ => out.errors.push(format!(
                    "unsupported version {} (this shuyu reads version 1)",
                    serde_yaml::to_string(v).unwrap_or_default().trim()
                )),
            },
            "name" if !v.is_string() => out.errors.push("name must be a string".into()),
            "entries" => match v {
                Value::Sequence(items) => {
                    for (i, item) in items.iter().enumerate() {
                        out.entries.push(lenient_entry(i, item, &mut out.unknown));
                    }
                }
                Value::Null => {}
                _ => out.errors.push("entries must be a list".into()),
            },
            _ => {}
        }
    }
    if !top.contains_key("version") {
        out.errors
            .push("missing version (write `version: 1`)".into());
    }
    Ok(out)
}

fn key_text(k: &serde_yaml::Value) -> String {
    match k.as_str() {
        Some(s) => s.to_owned(),
        None => serde_yaml::to_string(k)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

fn lenient_entry(
    i: usize,
    item: &serde_yaml::Value,
    unknown: &mut Vec<UnknownKey>,
) -> std::result::Result<Entry, String> {
    use serde_yaml::Value;
    let Value::Mapping(m) = item else {
        return Err("an entry must be a mapping".into());
    };
    let mut clean = serde_yaml::Mapping::new();
    for (k, v) in m {
        let key = key_text(k);
        let Some(&known) = ENTRY_KEYS.iter().find(|&&x| x == key) else {
            unknown.push(UnknownKey {
                entry: Some(i),
                lang: None,
                key,
            });
            continue;
        };
        let mut v = v.clone();
        if let (true, Value::Mapping(block)) =
            (["zh", "en", "fr", "es", "ru", "ar"].contains(&known), &v)
        {
            let mut kept = serde_yaml::Mapping::new();
            for (lk, lv) in block {
                let lkey = key_text(lk);
                if LANG_KEYS.contains(&lkey.as_str()) {
                    kept.insert(lk.clone(), lv.clone());
                } else {
                    unknown.push(UnknownKey {
                        entry: Some(i),
                        lang: Some(known),
                        key: lkey,
                    });
                }
            }
            v = Value::Mapping(kept);
        }
        clean.insert(k.clone(), v);
    }
    serde_yaml::from_value(Value::Mapping(clean)).map_err(|e| e.to_string())
}

/// Any serializable value as YAML: the one place outside the glossary types that needs a YAML
/// writer goes through here, so serde_yaml stays behind this module.
pub fn to_yaml_string<T: Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// Scores are written with four decimals so a re-run with the same data gives the same text.
pub fn fmt_score(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_owned()
    }
}

/// Text without the byte order mark some Windows editors put first: YAML parsers read it as
/// content, and the file would not parse.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The 1-based line of the first line starting (after indentation) with `prefix`.
pub fn line_of(text: &str, prefix: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.trim_start().starts_with(prefix))
        .map(|i| i + 1)
}

fn flow(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| scalar(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// A YAML scalar: plain when unambiguous in both block and flow context, else double-quoted.
fn scalar(s: &str) -> String {
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ];
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(|c: char| c.is_ascii_digit() || "-?:,[]{}#&*!|>'\"%@`.+".contains(c))
        && !s
            .chars()
            .any(|c| c.is_control() || ",[]{}#:\"'\\`".contains(c))
        && !reserved.contains(&s.to_ascii_lowercase().as_str());
    if plain {
        return s.to_owned();
    }
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// Where a Chinese form sits in the glossary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStatus {
    Preferred,
    Abbr,
    Admitted,
    Deprecated,
}

impl Glossary {
    /// Every form of one language with its entry index and standing, in entry order.
    pub fn forms<'g>(
        &'g self,
        lang: &'g str,
    ) -> impl Iterator<Item = (&'g str, usize, FormStatus)> + 'g {
        self.entries.iter().enumerate().flat_map(move |(i, e)| {
            let block = e
                .languages()
                .find(|(code, _)| *code == lang)
                .map(|(_, l)| l);
            block.into_iter().flat_map(move |l| {
                std::iter::once((l.preferred.as_str(), i, FormStatus::Preferred))
                    .chain(l.abbr.as_deref().map(|a| (a, i, FormStatus::Abbr)))
                    .chain(
                        l.admitted
                            .iter()
                            .map(move |a| (a.as_str(), i, FormStatus::Admitted)),
                    )
                    .chain(
                        l.deprecated
                            .iter()
                            .map(move |d| (d.as_str(), i, FormStatus::Deprecated)),
                    )
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "version: 1\nname: t\nentries:\n  - id: ict\n    type: term\n    status: approved\n    zh:\n      preferred: 信息和通信技术\n      deprecated: [信息通信技术]\n    en: information and communications technologies\n";

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
    fn unknown_key_names_file_and_line() {
        let bad = SAMPLE.replace(
            "    status: approved\n",
            "    status: approved\n    colour: red\n",
        );
        let err = Glossary::parse(&bad, Path::new("g.yaml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("g.yaml:7:"), "{msg}");
        assert!(msg.contains("colour"), "{msg}");
    }

    #[test]
    fn unknown_language_key_is_an_error() {
        let bad = SAMPLE.replace("      deprecated:", "      deprecate:");
        assert!(Glossary::parse(&bad, Path::new("g.yaml")).is_err());
    }

    #[test]
    fn canonical_writer_round_trips_and_is_stable() {
        let g = Glossary::parse(SAMPLE, Path::new("g.yaml")).unwrap();
        let once = g.to_yaml();
        let again = Glossary::parse(&once, Path::new("g.yaml")).unwrap();
        assert_eq!(g, again);
        assert_eq!(once, again.to_yaml());
    }

    #[test]
    fn quotes_what_yaml_would_misread() {
        assert_eq!(
            scalar("2021-2025 年信息和通信技术"),
            "\"2021-2025 年信息和通信技术\""
        );
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("大会"), "大会");
        assert_eq!(scalar("A/RES/77/36"), "A/RES/77/36");
    }

    #[test]
    fn comments_stay_with_their_entries() {
        let text = "# file header\nversion: 1\nentries:\n  # Section A\n  - id: a\n    # moved to the head of a\n    zh: 甲\n\n  # Section B\n  - id: b\n    zh: 乙\n  # the end\n";
        let g = Glossary::parse(text, Path::new("g.yaml")).unwrap();
        let out = g.to_yaml_keeping_comments(text);
        assert_eq!(
            out,
            "# file header\nversion: 1\nentries:\n\n  # Section A\n  # moved to the head of a\n\n  - id: a\n    type: term\n    status: candidate\n    zh: 甲\n\n  # Section B\n\n  - id: b\n    type: term\n    status: candidate\n    zh: 乙\n\n  # the end\n"
        );
        assert_eq!(g.to_yaml_keeping_comments(&out), out, "idempotent");
        // Entries appended later (merge) come without comments; the others keep theirs.
        let mut more = g.clone();
        more.entries.push(Entry {
            id: "c".into(),
            ..Entry::default()
        });
        let out = more.to_yaml_keeping_comments(text);
        assert!(out.contains("  # Section B\n\n  - id: b\n"), "{out}");
        assert!(
            out.ends_with("  - id: c\n    type: term\n    status: candidate\n\n  # the end\n"),
            "{out}"
        );
    }

    #[test]
    fn end_of_line_comments_move_to_their_entry() {
        for (line, comment) in [
            ("  - id: a  # first", Some("# first")),
            ("    note: \"a # b\"  # real", Some("# real")),
            ("    note: 'it''s # not' # yes", Some("# yes")),
            ("    note: State's # c", Some("# c")),
            ("    en: [a, \"b #c\"]", None),
            ("    note: a#b", None),
            ("    zh: 信息和通信技术", None),
        ] {
            assert_eq!(end_of_line_comment(line), comment, "{line}");
        }
        let text = "version: 1 # v\nentries:\n  - id: a\n    zh: 甲 # UN usage\n  - id: b # second\n    zh: 乙\n";
        let g = Glossary::parse(text, Path::new("g.yaml")).unwrap();
        let out = g.to_yaml_keeping_comments(text);
        assert_eq!(
            out,
            "# v\nversion: 1\nentries:\n\n  # UN usage\n\n  - id: a\n    type: term\n    status: candidate\n    zh: 甲\n\n  # second\n\n  - id: b\n    type: term\n    status: candidate\n    zh: 乙\n"
        );
        assert_eq!(g.to_yaml_keeping_comments(&out), out);
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let g = Glossary::parse(&format!("\u{feff}# c\n{SAMPLE}"), Path::new("g.yaml")).unwrap();
        assert_eq!(g.entries.len(), 1);
        assert!(
            g.to_yaml_keeping_comments(&format!("\u{feff}# c\n{SAMPLE}"))
                .starts_with("# c\nversion: 1\n")
        );
        assert!(parse_lenient(&format!("\u{feff}{SAMPLE}")).is_ok_and(|l| l.errors.is_empty()));
    }

    #[test]
    fn shipped_glossary_parses() {
        let g = Glossary::builtin();
        assert!(g.entries.len() >= 80, "{} entries", g.entries.len());
    }
}
