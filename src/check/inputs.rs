//! What a `check` run reads: the files named or found by walking, the Chinese–English pairs
//! among them, each file once, and the language of a file that is in no pair.

use crate::corpus::{self, Pair, Skipped};
use crate::error::{Error, Result};
use crate::text::han::is_han;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// Extensions read when walking a directory for `check`.
const EXTENSIONS: &[&str] = &["txt", "md", "zh", "en"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Language {
    Zh,
    En,
}

/// What a run checks: the files, sorted, every pair among them, and the entries found but
/// not readable (reported as `unreadable`).
pub(crate) struct Inputs {
    pub files: Vec<PathBuf>,
    pub pairs: Vec<Pair>,
    pub skipped: Vec<Skipped>,
}

/// The files to check and every pair among them: the explicit `pairs`, then files named
/// `NAME.zh.EXT` beside `NAME.en.EXT`. A file named alone is checked with its counterpart
/// when one exists beside it. A path named in `--pair` must be a file: a directory or a
/// missing path is an error, as a missing path given to walk is.
pub(crate) fn gather(paths: &[PathBuf], pairs: &[Pair]) -> Result<Inputs> {
    let found = corpus::walk_files(paths, EXTENSIONS, None)?;
    let mut files = found.files;
    for p in pairs {
        for f in [&p.zh, &p.en] {
            if corpus::is_dir(f)? {
                return Err(Error::Input {
                    path: f.clone(),
                    line: None,
                    message: "is a directory: --pair takes a Chinese file and its English \
                              translation; name directories as paths to check them"
                        .into(),
                });
            }
            files.push(f.clone());
        }
    }
    if files.is_empty() && found.skipped.is_empty() {
        return Err(Error::Usage(format!(
            "no file to check in {}: directories are walked for .txt, .md, .zh and .en files",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let by_name = corpus::pairs_by_name(&files);
    for p in &by_name {
        files.push(p.zh.clone());
        files.push(p.en.clone());
    }
    files.sort();
    let spellings = Spellings::dedup(&mut files);
    let mut all_pairs: Vec<Pair> = pairs.iter().map(|p| spellings.of_pair(p)).collect();
    for p in &by_name {
        let p = spellings.of_pair(p);
        if !all_pairs.contains(&p) {
            all_pairs.push(p);
        }
    }
    Ok(Inputs {
        files,
        pairs: all_pairs,
        skipped: found.skipped,
    })
}

/// `./docs/a.md` named in --pair and `docs/a.md` found by walking are one file: checked once,
/// under the first spelling.
struct Spellings(FxHashMap<PathBuf, PathBuf>);

impl Spellings {
    /// Keeps the first spelling of each file in `files`.
    fn dedup(files: &mut Vec<PathBuf>) -> Self {
        let mut first: FxHashMap<PathBuf, PathBuf> = FxHashMap::default();
        files.retain(|f| {
            let c = canonical(f);
            if first.contains_key(&c) {
                return false;
            }
            first.insert(c, f.clone());
            true
        });
        Spellings(first)
    }

    /// The spelling kept for `p`.
    fn of(&self, p: &Path) -> PathBuf {
        self.0.get(&canonical(p)).cloned().unwrap_or(p.to_owned())
    }

    fn of_pair(&self, p: &Pair) -> Pair {
        Pair {
            zh: self.of(&p.zh),
            en: self.of(&p.en),
        }
    }
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned())
}

/// The language of a file: by name (`NAME.en.EXT`, `NAME.en` are English; `NAME.zh.EXT`,
/// `NAME.zh` Chinese), else by content. A Han character carries about as much as three Latin
/// letters, so a text is Chinese when its Han characters outweigh a third of its letters.
pub(crate) fn language_of(path: &Path, text: &str) -> Language {
    if corpus::is_english_name(path) {
        return Language::En;
    }
    if corpus::english_counterpart(path).is_some() {
        return Language::Zh;
    }
    let (mut han, mut latin) = (0usize, 0usize);
    // The opening of a file tells its language; reading all of a large one would not.
    for c in text.chars().take(20_000) {
        if is_han(c) {
            han += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if han * 3 >= latin && han > 0 {
        Language::Zh
    } else {
        Language::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_by_name_then_content() {
        assert_eq!(language_of(Path::new("a.en.md"), "大会"), Language::En);
        assert_eq!(language_of(Path::new("a.zh.md"), "General"), Language::Zh);
        assert_eq!(
            language_of(Path::new("a.txt"), "大会 A/RES/77/36 回顾其决议"),
            Language::Zh
        );
        assert_eq!(
            language_of(Path::new("a.txt"), "The General Assembly (大会) recalls"),
            Language::En
        );
    }
}
