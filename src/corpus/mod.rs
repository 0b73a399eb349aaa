//! Input stage: finds files under the paths a user names, decodes them (UTF-8, UTF-16, GB18030)
//! and pairs Chinese files with their English translations.

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Extensions read when walking a directory for Chinese text.
pub const CHINESE_EXTENSIONS: &[&str] = &["txt", "md", "zh"];

/// One decoded input file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user would write it (joined from the argument they gave).
    pub path: PathBuf,
    pub text: String,
    /// Characters in `text`.
    pub chars: usize,
}

impl Document {
    /// A document of `text`, its characters counted.
    pub fn new(path: PathBuf, text: String) -> Self {
        let chars = text.chars().count();
        Document { path, text, chars }
    }
}

/// A file that was found but not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// Files found under the user's paths: the decoded ones and the ones skipped.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
}

impl Corpus {
    /// Characters in all documents.
    pub fn chars(&self) -> usize {
        self.documents.iter().map(|d| d.chars).sum()
    }
}

/// Expands files and directories into a sorted list of files. A file named explicitly is taken
/// whatever its extension (UNPC's `UNv1.0.devset.zh`); directories are walked recursively for
/// `extensions`, skipping hidden directories and `target/`. A missing path is an error.
pub fn find_files(paths: &[PathBuf], extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_dir() {
            walk(p, extensions, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    // Directory order differs between file systems; sorting keeps every output deterministic.
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let file_type = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if file_type.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(&path, extensions, out)?;
            }
        } else if has_extension(&path, extensions) {
            out.push(path);
        }
    }
    Ok(())
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Reads and decodes files in parallel, keeping their order. Unreadable or undecodable files
/// are reported in `skipped`, never fatal: one bad file must not hide the rest of a corpus.
pub fn load(files: &[PathBuf]) -> Corpus {
    let (documents, skipped) = read_each(files, |path, text| {
        // Counted while the text is still in cache: counted at the end of a run, the law
        // corpus's characters took 18 ms on one thread.
        Document::new(path.to_owned(), text)
    });
    Corpus { documents, skipped }
}

/// Reads and decodes `files` in parallel and hands each text to `f` as soon as it is read,
/// while it is still in cache; returns what `f` made of the files that could be read, in
/// their order, and the others.
pub fn read_each<T: Send>(
    files: &[PathBuf],
    f: impl Fn(&Path, String) -> T + Sync,
) -> (Vec<T>, Vec<Skipped>) {
    let results: Vec<std::result::Result<T, Skipped>> = files
        .par_iter()
        .map(|path| {
            let skip = |reason: String| Skipped {
                path: path.clone(),
                reason,
            };
            let bytes = std::fs::read(path).map_err(|e| skip(e.to_string()))?;
            let text = decode_owned(bytes).map_err(|r| skip(r.to_string()))?;
            Ok(f(path, text))
        })
        .collect();
    let mut read = Vec::with_capacity(results.len());
    let mut skipped = Vec::new();
    for r in results {
        match r {
            Ok(t) => read.push(t),
            Err(s) => skipped.push(s),
        }
    }
    (read, skipped)
}

/// Why a file's bytes are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
    Undecodable,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => f.write_str("binary file, skipped"),
            DecodeError::Undecodable => f.write_str("not UTF-8, UTF-16 or GB18030 text, skipped"),
        }
    }
}

/// Like [`decode`], without copying text that is already UTF-8.
pub fn decode_owned(mut bytes: Vec<u8>) -> std::result::Result<String, DecodeError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if encoding_rs::Encoding::for_bom(&bytes).is_none() && memchr::memchr(0, &bytes).is_none() {
        // simdutf8 validates Chinese UTF-8 at a fraction of the cost of `String::from_utf8`,
        // which took ~10 instructions per byte (2.6% of a one-thread run's instructions).
        if simdutf8::basic::from_utf8(&bytes).is_err() {
            return decode(&bytes);
        }
        // SAFETY: just validated as UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    decode(&bytes)
}

/// Decodes UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (a superset of GBK and
/// GB2312, still common for Chinese files saved on Windows).
pub fn decode(bytes: &[u8]) -> std::result::Result<String, DecodeError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes)
        && enc != encoding_rs::UTF_8
    {
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|s| s.into_owned())
            .ok_or(DecodeError::Undecodable);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // NUL never occurs in text in any of these encodings; it is the cheapest binary signal.
    if memchr::memchr(0, bytes).is_some() {
        return Err(DecodeError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    let decoded = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(DecodeError::Undecodable)?;
    // GB18030 maps almost any byte sequence to something; text that is mostly control
    // characters after decoding was not GB18030 to begin with.
    let controls = decoded
        .chars()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    if controls * 20 > decoded.chars().count().max(1) {
        return Err(DecodeError::Binary);
    }
    Ok(decoded.into_owned())
}

/// A Chinese file and its English translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub zh: PathBuf,
    pub en: PathBuf,
}

/// The English counterpart a Chinese file would have by naming convention:
/// `NAME.zh.EXT` → `NAME.en.EXT`, and UNPC-style `NAME.zh` → `NAME.en`.
pub fn english_counterpart(zh: &Path) -> Option<PathBuf> {
    counterpart(zh, "zh", "en")
}

/// `NAME.FROM.EXT` → `NAME.TO.EXT`, `NAME.FROM` → `NAME.TO`; `None` for other names.
fn counterpart(path: &Path, from: &str, to: &str) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let other = if let Some(stem) = name.strip_suffix(from).and_then(|s| s.strip_suffix('.')) {
        format!("{stem}.{to}")
    } else {
        let (base, ext) = name.rsplit_once('.')?;
        let stem = base.strip_suffix(from)?.strip_suffix('.')?;
        format!("{stem}.{to}.{ext}")
    };
    Some(path.with_file_name(other))
}

/// True for files named as English halves of a pair (`NAME.en.EXT`, `NAME.en`).
pub fn is_english_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with(".en")
        || name
            .rsplit_once('.')
            .is_some_and(|(b, _)| b.ends_with(".en"))
}

/// The Chinese counterpart of an English file by naming convention: `NAME.en.EXT` →
/// `NAME.zh.EXT`, `NAME.en` → `NAME.zh`.
pub fn chinese_counterpart(en: &Path) -> Option<PathBuf> {
    counterpart(en, "en", "zh")
}

/// Pairs every file in `files` whose counterpart by name exists, from either side: a
/// pre-commit hook that stages only `NAME.zh.md` (or only `NAME.en.md`) still checks the pair.
/// The counterpart need not be in `files`.
pub fn pairs_by_name(files: &[PathBuf]) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = files
        .iter()
        .filter_map(|f| {
            if let Some(en) = english_counterpart(f) {
                return en.is_file().then(|| Pair { zh: f.clone(), en });
            }
            let zh = chinese_counterpart(f)?;
            zh.is_file().then(|| Pair { zh, en: f.clone() })
        })
        .collect();
    pairs.sort_by(|a, b| (&a.zh, &a.en).cmp(&(&b.zh, &b.en)));
    pairs.dedup();
    pairs
}

/// Two files are one pair; two directories pair by name, the English file found under EN at
/// the Chinese file's relative place.
pub fn pair_paths(zh: &Path, en: &Path) -> Result<Vec<Pair>> {
    let zm = std::fs::metadata(zh).map_err(|e| Error::io(zh, e))?;
    let em = std::fs::metadata(en).map_err(|e| Error::io(en, e))?;
    match (zm.is_dir(), em.is_dir()) {
        (false, false) => Ok(vec![Pair {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }]),
        (true, true) => {
            let mut exts: Vec<&str> = CHINESE_EXTENSIONS.to_vec();
            exts.push("en");
            let files = find_files(&[zh.to_owned()], &exts)?;
            let pairs: Vec<Pair> = files
                .iter()
                .filter(|f| !is_english_name(f))
                .filter_map(|f| {
                    let counterpart = english_counterpart(f)?;
                    let rel = counterpart.strip_prefix(zh).ok()?;
                    let target = en.join(rel);
                    target.is_file().then(|| Pair {
                        zh: f.clone(),
                        en: target,
                    })
                })
                .collect();
            if pairs.is_empty() {
                return Err(Error::Usage(format!(
                    "no NAME.zh.EXT in {} has a NAME.en.EXT in {}",
                    zh.display(),
                    en.display()
                )));
            }
            Ok(pairs)
        }
        _ => Err(Error::Usage(
            "ZH and EN must be two files or two directories".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_bom() {
        assert_eq!(decode("\u{feff}大会".as_bytes()).unwrap(), "大会");
    }

    #[test]
    fn decodes_gb18030() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("不限成员名额工作组");
        assert_eq!(decode(&bytes).unwrap(), "不限成员名额工作组");
    }

    #[test]
    fn rejects_binary() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary)
        );
    }

    #[test]
    fn english_names() {
        assert_eq!(
            english_counterpart(Path::new("d/A_RES_77_36.zh.txt")),
            Some(PathBuf::from("d/A_RES_77_36.en.txt"))
        );
        assert_eq!(
            english_counterpart(Path::new("UNv1.0.devset.zh")),
            Some(PathBuf::from("UNv1.0.devset.en"))
        );
        assert_eq!(english_counterpart(Path::new("notes.txt")), None);
        assert_eq!(
            chinese_counterpart(Path::new("d/A_RES_77_36.en.txt")),
            Some(PathBuf::from("d/A_RES_77_36.zh.txt"))
        );
        assert_eq!(
            chinese_counterpart(Path::new("UNv1.0.devset.en")),
            Some(PathBuf::from("UNv1.0.devset.zh"))
        );
        assert!(is_english_name(Path::new("a.en.md")));
        assert!(is_english_name(Path::new("UNv1.0.devset.en")));
        assert!(!is_english_name(Path::new("a.zh.md")));
    }
}
