//! Pairing: which English file translates which Chinese file, by the naming conventions UN
//! documents and the UN Parallel Corpus use (`NAME.zh.EXT` / `NAME.en.EXT`, `NAME.zh` / `NAME.en`).

use super::{CHINESE_EXTENSIONS, Skipped, is_dir, walk_files};
use crate::error::{Error, Result};
use crate::formats::{self, Format, Lang};
use std::path::{Path, PathBuf};

/// A Chinese file and its English translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub zh: PathBuf,
    pub en: PathBuf,
}

impl Pair {
    /// The Chinese and English sides of a bilingual XLIFF or TMX file, as a pair.
    pub fn sides_of(file: &Path) -> Pair {
        Pair {
            zh: formats::half_path(file, Lang::Zh),
            en: formats::half_path(file, Lang::En),
        }
    }
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

/// How a pair was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairedBy {
    /// Named by the user (`--pair`, or `align ZH EN` with two files).
    Named,
    /// By file name: `NAME.zh.EXT` beside `NAME.en.EXT`.
    Name,
    /// By folder: the same relative path under sibling folders named by language
    /// (`docs/zh/a.md`, `docs/en/a.md`).
    Folders,
    /// The two sides of one bilingual file (XLIFF, TMX), segment for segment.
    File,
}

impl PairedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            PairedBy::Named => "named",
            PairedBy::Name => "name",
            PairedBy::Folders => "folders",
            PairedBy::File => "file",
        }
    }
}

/// Folder names that mark Chinese text, compared without case.
const ZH_FOLDERS: &[&str] = &[
    "zh",
    "zh-cn",
    "zh_cn",
    "zh-hans",
    "zh_hans",
    "zh-hans-cn",
    "cn",
    "chinese",
];
/// Folder names that mark English text, compared without case.
const EN_FOLDERS: &[&str] = &["en", "en-us", "en_us", "en-gb", "en_gb", "english"];

/// Whether a folder name marks a language: `Some(true)` Chinese, `Some(false)` English.
pub fn language_folder(name: &str) -> Option<bool> {
    let is = |list: &[&str]| list.iter().any(|f| f.eq_ignore_ascii_case(name));
    if is(ZH_FOLDERS) {
        Some(true)
    } else if is(EN_FOLDERS) {
        Some(false)
    } else {
        None
    }
}

/// Every pair among `files`, each with how it was found: by name ([`pairs_by_name`]), then
/// by folder ([`pairs_by_folder`]) for files not paired by name. Sorted, each pair once.
pub fn discover_pairs(files: &[PathBuf]) -> Vec<(Pair, PairedBy)> {
    let by_name = pairs_by_name(files);
    let named: std::collections::HashSet<&Path> = by_name
        .iter()
        .flat_map(|p| [p.zh.as_path(), p.en.as_path()])
        .collect();
    let rest: Vec<PathBuf> = files
        .iter()
        .filter(|f| !named.contains(f.as_path()))
        .cloned()
        .collect();
    let mut all: Vec<(Pair, PairedBy)> = by_name
        .iter()
        .map(|p| (p.clone(), PairedBy::Name))
        .collect();
    all.extend(
        pairs_by_folder(&rest)
            .into_iter()
            .map(|p| (p, PairedBy::Folders)),
    );
    all.sort_by(|a, b| (&a.0.zh, &a.0.en).cmp(&(&b.0.zh, &b.0.en)));
    all
}

/// Pairs every file under a folder named by language (`zh`, `zh-CN`, `zh-Hans`, `cn`,
/// `chinese`; `en`, `en-US`, `en-GB`, `english`; any case) with the file at the same relative
/// path under a sibling folder named by the other language, from either side. The deepest such
/// folder of a path counts: `docs/zh/guide/a.md` pairs with `docs/en/guide/a.md`.
pub fn pairs_by_folder(files: &[PathBuf]) -> Vec<Pair> {
    let mut siblings = Siblings::default();
    let mut pairs: Vec<Pair> = files
        .iter()
        .filter_map(|f| folder_counterpart(f, &mut siblings))
        .collect();
    pairs.sort_by(|a, b| (&a.zh, &a.en).cmp(&(&b.zh, &b.en)));
    pairs.dedup();
    pairs
}

/// The language folders in each directory, listed once per run however many files lie
/// under them: (name, is Chinese), sorted by name.
#[derive(Default)]
struct Siblings(rustc_hash::FxHashMap<PathBuf, Vec<(std::ffi::OsString, bool)>>);

impl Siblings {
    fn of(&mut self, dir: &Path) -> &[(std::ffi::OsString, bool)] {
        self.0.entry(dir.to_owned()).or_insert_with(|| {
            let listed = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            let mut out: Vec<(std::ffi::OsString, bool)> = std::fs::read_dir(listed)
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name();
                    let zh = language_folder(name.to_str()?)?;
                    Some((name, zh))
                })
                .collect();
            out.sort();
            out
        })
    }
}

/// The pair of `file` by folder, if it lies under a language folder whose sibling folder of
/// the other language holds a file at the same relative path.
fn folder_counterpart(file: &Path, siblings: &mut Siblings) -> Option<Pair> {
    let comps: Vec<std::path::Component> = file.components().collect();
    // The file name itself is no folder.
    let at = (0..comps.len().saturating_sub(1)).rev().find(|&i| {
        comps[i]
            .as_os_str()
            .to_str()
            .and_then(language_folder)
            .is_some()
    })?;
    let is_zh = language_folder(comps[at].as_os_str().to_str()?)?;
    let parent: PathBuf = comps[..at].iter().collect();
    let rest: PathBuf = comps[at + 1..].iter().collect();
    siblings
        .of(&parent)
        .iter()
        .filter(|(_, zh)| *zh != is_zh)
        .map(|(name, _)| parent.join(name).join(&rest))
        .find(|other| other.is_file())
        .map(|other| {
            if is_zh {
                Pair {
                    zh: file.to_owned(),
                    en: other,
                }
            } else {
                Pair {
                    zh: other,
                    en: file.to_owned(),
                }
            }
        })
}

/// The pairs `align` reads. Two files are one pair. Two directories pair by file: the
/// English file for `ZH/R` is `EN/R'` where `R'` is `R` with `.zh.` named `.en.` (UN
/// documents), else `EN/R` itself (`docs/zh/` beside `docs/en/`). One directory (or the same
/// one twice) pairs what it holds as `check` does: by name and by language folders. Entries
/// that cannot be walked are returned beside the pairs, as `walk_files` reports them.
pub fn pair_paths(zh: &Path, en: Option<&Path>) -> Result<(Vec<Pair>, Vec<Skipped>)> {
    let en = en.unwrap_or(zh);
    match (is_dir(zh)?, is_dir(en)?) {
        (false, false) if zh == en && Format::of(zh).is_some_and(Format::bilingual) => {
            Ok((vec![Pair::sides_of(zh)], Vec::new()))
        }
        (false, false) if zh == en => {
            let found = discover_pairs(&[zh.to_owned()]);
            match found.into_iter().next() {
                Some((p, _)) => Ok((vec![p], Vec::new())),
                None => Err(Error::Usage(format!(
                    "{}: no English counterpart found (NAME.en.EXT beside NAME.zh.EXT, or the \
                     same path under an en/ folder beside zh/): name the English file too",
                    zh.display()
                ))),
            }
        }
        (false, false) => {
            super::refuse_unsupported(zh)?;
            super::refuse_unsupported(en)?;
            Ok((
                vec![Pair {
                    zh: zh.to_owned(),
                    en: en.to_owned(),
                }],
                Vec::new(),
            ))
        }
        (true, true) => pair_directories(zh, en),
        _ => Err(Error::Usage(
            "ZH and EN must be two files or two directories".into(),
        )),
    }
}

fn pair_directories(zh: &Path, en: &Path) -> Result<(Vec<Pair>, Vec<Skipped>)> {
    let mut exts: Vec<&str> = CHINESE_EXTENSIONS.to_vec();
    exts.push("en");
    let same = zh == en || std::fs::canonicalize(zh).ok() == std::fs::canonicalize(en).ok();
    let mut found = walk_files(&[zh.to_owned()], &exts, None)?;
    // Each bilingual file is a pair of its own; only the other files pair with each other.
    let (own, files): (Vec<PathBuf>, Vec<PathBuf>) = found
        .files
        .into_iter()
        .partition(|f| Format::of(f).is_some_and(Format::bilingual));
    found.files = files;
    let mut pairs: Vec<Pair> = if same {
        discover_pairs(&found.files)
            .into_iter()
            .map(|(p, _)| p)
            .collect()
    } else {
        found
            .files
            .iter()
            .filter(|f| !is_english_name(f))
            .filter_map(|f| {
                let rel = f.strip_prefix(zh).ok()?;
                let by_name = english_counterpart(rel).map(|r| en.join(r));
                let target = by_name
                    .filter(|t| t.is_file())
                    .or_else(|| Some(en.join(rel)).filter(|t| t.is_file()))?;
                Some(Pair {
                    zh: f.clone(),
                    en: target,
                })
            })
            .collect()
    };
    pairs.extend(own.iter().map(|f| Pair::sides_of(f)));
    if pairs.is_empty() && found.skipped.is_empty() {
        return Err(Error::Usage(if same {
            format!(
                "no pair in {}: NAME.zh.EXT pairs with NAME.en.EXT beside it, and a file under \
                 a zh/ folder with the same path under an en/ folder beside it",
                zh.display()
            )
        } else {
            format!(
                "no file of {} has a counterpart in {}: NAME.zh.EXT pairs with NAME.en.EXT, \
                 any other file with the file of the same relative path",
                zh.display(),
                en.display()
            )
        }));
    }
    Ok((pairs, found.skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn language_folders_pair_from_either_side_under_the_deepest_one() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "docs/ZH-Hans/g/a.md",
            "docs/en/g/a.md",
            "docs/zh-Hans/g/b.md",
            "docs/english/en/c.md",
            "docs/english/zh/c.md",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        assert_eq!(language_folder("zh-cn"), Some(true));
        assert_eq!(language_folder("English"), Some(false));
        assert_eq!(language_folder("C"), None);
        let pairs = pairs_by_folder(&[
            d.join("docs/en/g/a.md"),
            d.join("docs/zh-Hans/g/b.md"),
            d.join("docs/english/zh/c.md"),
        ]);
        assert_eq!(
            pairs,
            [
                Pair {
                    zh: d.join("docs/ZH-Hans/g/a.md"),
                    en: d.join("docs/en/g/a.md"),
                },
                Pair {
                    zh: d.join("docs/english/zh/c.md"),
                    en: d.join("docs/english/en/c.md"),
                },
            ]
        );
    }
}
