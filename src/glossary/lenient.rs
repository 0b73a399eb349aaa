//! The reader lint uses: a glossary read as far as it goes, every unknown key and every entry
//! that does not deserialize collected instead of stopping at the first.

use super::load::{strip_bom, too_deep, unsupported_version, yaml_error};
use super::schema::{ENTRY_KEYS, Entry, LANG_KEYS, LANGUAGES, TOP_KEYS, VERSION};

/// A key the schema does not know, found by [`parse_lenient`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct UnknownKey {
    /// Index of the entry, `None` at the top level.
    pub entry: Option<usize>,
    /// Language block the key is in, if any.
    pub lang: Option<&'static str>,
    pub key: String,
}

/// A glossary read as far as it goes, for lint: every unknown key and every entry that does not
/// deserialize, where [`super::Glossary::parse`] stops at the first.
#[derive(Debug, Default)]
pub(super) struct Lenient {
    pub unknown: Vec<UnknownKey>,
    /// One per item of `entries`, in file order: the entry (unknown keys dropped) or why not.
    pub entries: Vec<std::result::Result<Entry, String>>,
    /// Problems of the file as a whole (not a mapping, `entries` not a list, bad version).
    pub errors: Vec<String>,
    /// The schema version the file says it is in, when it says one this shuyu reads.
    pub version: Option<u64>,
}

/// Reads what it can of a glossary. Fails only when the text is not YAML at all, with the
/// 1-based line when known.
pub(super) fn parse_lenient(text: &str) -> std::result::Result<Lenient, (Option<usize>, String)> {
    use serde_yaml::Value;
    let text = strip_bom(text);
    if let Some((line, message)) = too_deep(text) {
        return Err((Some(line), message));
    }
    let root: Value = serde_yaml::from_str(text).map_err(|e| yaml_error(&e, text))?;
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
            "version"
                if !v
                    .as_u64()
                    .is_some_and(|n| (1..=u64::from(VERSION)).contains(&n)) =>
            {
                out.errors.push(unsupported_version(
                    serde_yaml::to_string(v).unwrap_or_default().trim(),
                ))
            }
            "version" => out.version = v.as_u64(),
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
        if let (true, Value::Mapping(block)) = (LANGUAGES.contains(&known), &v) {
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
