//! Pairing patterns (`[[check.pairs]]`): which Chinese file a translation of which English
//! file is, for layouts the file names alone do not tell (`C/` beside `E/`, `report.zh.md`
//! beside `report.md`); and the scope of a `check` run under a configuration file.

use super::discover::{Location, normalize};
use super::{CheckConfig, SourceLang};
use crate::corpus::{self, Pair, Skipped};
use crate::error::{Error, Result};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The extensions `check` walks folders for (those of `check::inputs`).
pub const CHECK_EXTENSIONS: &[&str] = &["txt", "md", "zh", "en"];

/// The placeholder of a pairing pattern.
const NAME: &str = "{name}";

/// A Chinese path pattern and the English one it pairs with: `{name}` stands for the same
/// text in both (any text, `/` included, never empty), the rest is literal, and both are
/// relative to the configuration file's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairPattern {
    /// The Chinese pattern before and after `{name}`, with `/` separators.
    zh: (String, String),
    /// The English pattern before and after `{name}`.
    en: (String, String),
    /// The configuration file's folder, absolute and normalized.
    root: PathBuf,
    /// The same folder as paths are joined to.
    base: PathBuf,
    /// Which bilingual rules apply to the pairs of this pattern.
    pub source: SourceLang,
}

/// A pair a pattern found, and which bilingual rules apply to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcedPair {
    pub pair: Pair,
    pub source: SourceLang,
}

/// What a `check` run reads under a configuration file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Files and folders to hand to the checker: a folder walked as it is when no glob
    /// filters it, else the files the globs keep.
    pub paths: Vec<PathBuf>,
    /// The pairs the patterns found among the files.
    pub pairs: Vec<SourcedPair>,
    /// Entries found while walking that are neither files nor folders (FIFOs, broken
    /// links): not read, to be reported.
    pub skipped: Vec<Skipped>,
}

impl PairPattern {
    /// The pattern of `zh` and `en` in the configuration file at `at`; a pattern without
    /// exactly one `{name}` gives its span and what is wrong.
    pub(super) fn new(
        zh: &Spanned<String>,
        en: &Spanned<String>,
        source: SourceLang,
        at: &Location,
    ) -> std::result::Result<PairPattern, (Range<usize>, String)> {
        Ok(PairPattern {
            zh: split(zh)?,
            en: split(en)?,
            root: at.root.clone(),
            base: at.base.clone(),
            source,
        })
    }

    /// The English file of the Chinese file `zh` (as named from `cwd`), when `zh` matches
    /// the Chinese pattern; spelled like `zh` (`./C/a.txt` gives `./E/a.txt`).
    pub fn english_for(&self, zh: &Path, cwd: &Path) -> Option<PathBuf> {
        let abs = normalize(&cwd.join(zh));
        let rel = abs.strip_prefix(&self.root).ok()?.to_str()?;
        let rel = rel.replace(std::path::MAIN_SEPARATOR, "/");
        let name = rel.strip_prefix(&self.zh.0)?.strip_suffix(&self.zh.1)?;
        if name.is_empty() {
            return None;
        }
        let en = format!("{}{name}{}", self.en.0, self.en.1);
        let named = zh.to_str()?.replace(std::path::MAIN_SEPARATOR, "/");
        Some(match named.strip_suffix(rel.as_str()) {
            Some(prefix) => PathBuf::from(format!("{prefix}{en}")),
            None => self.base.join(en),
        })
    }
}

/// A pattern as the text before and after its one `{name}`.
fn split(p: &Spanned<String>) -> std::result::Result<(String, String), (Range<usize>, String)> {
    let text = p.get_ref();
    let text = text.strip_prefix("./").unwrap_or(text);
    let wrong = |what: &str| {
        Err((
            p.span(),
            format!(
                "pairing pattern `{}` {what}: write the part the Chinese and English paths \
                 share as {NAME}, as in zh = \"C/{NAME}.txt\", en = \"E/{NAME}.txt\"",
                p.get_ref()
            ),
        ))
    };
    if text.starts_with('/') {
        return wrong("is absolute, where patterns are relative to the configuration file");
    }
    match text.split_once(NAME) {
        None => wrong("has no {name}"),
        Some((_, after)) if after.contains(NAME) => wrong("has {name} twice"),
        Some((before, after)) => Ok((before.to_owned(), after.to_owned())),
    }
}

impl CheckConfig {
    /// What a check of `paths` (as named from `cwd`, absolute) reads under this
    /// configuration: named files as they are; folders walked as they are when no glob
    /// filters them, else replaced by the files the globs keep (a folder that cannot be read
    /// is kept, for the checker to report); and the pairs the patterns find among all these
    /// files. Without globs or patterns, `paths` unchanged.
    pub fn scope(&self, paths: &[PathBuf], cwd: &Path) -> Result<Scope> {
        let mut out = Scope::default();
        if paths.is_empty() || (self.filter.is_empty() && self.pairs.is_empty()) {
            out.paths = paths.to_vec();
            return Ok(out);
        }
        let mut listed = Vec::new();
        for p in paths {
            if !corpus::is_dir(p)? {
                out.paths.push(p.clone());
                listed.push(p.clone());
                continue;
            }
            let found = corpus::walk_files(std::slice::from_ref(p), CHECK_EXTENSIONS, None)?;
            if self.filter.is_empty() {
                out.paths.push(p.clone());
                listed.extend(found.files);
                continue;
            }
            for f in found
                .files
                .into_iter()
                .filter(|f| self.filter.admits(f, cwd))
            {
                out.paths.push(f.clone());
                listed.push(f);
            }
            for s in found.skipped {
                if !self.filter.admits(&s.path, cwd) {
                    continue;
                }
                if s.path.is_dir() {
                    out.paths.push(s.path);
                } else {
                    out.skipped.push(s);
                }
            }
        }
        if out.paths.is_empty() && out.skipped.is_empty() {
            return Err(Error::Usage(format!(
                "no file to check in {}: the include and exclude globs of the configuration \
                 file leave none",
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        out.pairs = self.pair_up(&listed, cwd);
        Ok(out)
    }

    /// The pairs of `files` by the first pattern that gives each an English file that exists.
    fn pair_up(&self, files: &[PathBuf], cwd: &Path) -> Vec<SourcedPair> {
        files
            .iter()
            .filter_map(|zh| {
                self.pairs.iter().find_map(|pattern| {
                    let en = pattern.english_for(zh, cwd)?;
                    let same = normalize(&cwd.join(&en)) == normalize(&cwd.join(zh));
                    (!same && en.is_file()).then(|| SourcedPair {
                        pair: Pair { zh: zh.clone(), en },
                        source: pattern.source,
                    })
                })
            })
            .collect()
    }
}
