//! Pairing: which English file translates which Chinese file, by the naming conventions UN
//! documents and the UN Parallel Corpus use (`NAME.zh.EXT` / `NAME.en.EXT`, `NAME.zh` / `NAME.en`).

use super::{CHINESE_EXTENSIONS, Skipped, is_dir, walk_files};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

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
/// the Chinese file's relative place. Entries of ZH that cannot be walked are returned beside
/// the pairs, as `walk_files` reports them.
pub fn pair_paths(zh: &Path, en: &Path) -> Result<(Vec<Pair>, Vec<Skipped>)> {
    match (is_dir(zh)?, is_dir(en)?) {
        (false, false) => Ok((
            vec![Pair {
                zh: zh.to_owned(),
                en: en.to_owned(),
            }],
            Vec::new(),
        )),
        (true, true) => {
            let mut exts: Vec<&str> = CHINESE_EXTENSIONS.to_vec();
            exts.push("en");
            let found = walk_files(&[zh.to_owned()], &exts, None)?;
            let pairs: Vec<Pair> = found
                .files
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
            if pairs.is_empty() && found.skipped.is_empty() {
                return Err(Error::Usage(format!(
                    "no NAME.zh.EXT in {} has a NAME.en.EXT in {}",
                    zh.display(),
                    en.display()
                )));
            }
            Ok((pairs, found.skipped))
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
