//! What a `check` run reads: the files named or found by walking, the Chinese–English pairs
//! among them, each file once, and the language of a file that is in no pair.

use crate::align;
use crate::check::rules::PairReport;
use crate::corpus::{self, Corpus, Pair, PairedBy, Skipped, Stdin};
use crate::error::{Error, Result};
use crate::formats::{self, Format, Lang};
use crate::text::han::Letters;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

/// What a run checks: the files to read, sorted, every pair among them with how it was
/// found, and the entries found but not readable (reported as `unreadable`).
pub(crate) struct Inputs {
    /// Every file checked, standard input's name among them.
    pub files: Vec<PathBuf>,
    pub pairs: Vec<(Pair, PairedBy)>,
    pub skipped: Vec<Skipped>,
    /// Files the user named (not found by walking), as kept in `files`.
    named: FxHashSet<PathBuf>,
    /// The name standard input is checked under, if it is.
    stdin: Option<PathBuf>,
}

/// The files to check and every pair among them: the explicit `pairs`, then the pairs found
/// by name (`NAME.zh.EXT` beside `NAME.en.EXT`) and by folder (`zh/R` beside `en/R`). A file
/// named alone is checked with its counterpart when one exists. A path named in `--pair` must
/// be a file: a directory or a missing path is an error, as a missing path given to walk is.
/// `stdin` is the name standard input is checked under: it stands for that file.
pub(crate) fn gather(paths: &[PathBuf], pairs: &[Pair], stdin: Option<&Path>) -> Result<Inputs> {
    let found = corpus::walk_files(paths, corpus::TEXT_EXTENSIONS, None)?;
    let mut files = found.files;
    let mut named: Vec<PathBuf> = Vec::new();
    for p in paths {
        if !corpus::is_dir(p)? {
            named.push(p.clone());
        }
    }
    for p in pairs {
        for f in [&p.zh, &p.en] {
            if Some(f.as_path()) != stdin {
                named_pair_half(f)?;
            }
            files.push(f.clone());
            named.push(f.clone());
        }
    }
    if let Some(s) = stdin {
        // Standard input stands for the file of its name: that file is not read as well.
        let c = canonical(s);
        files.retain(|f| canonical(f) != c);
        files.push(s.to_owned());
    }
    if files.is_empty() && found.skipped.is_empty() {
        return Err(nothing_to_check(paths, &found.passed));
    }
    // A half of an explicit pair is not paired again with its counterpart on disk.
    let explicit: FxHashSet<PathBuf> = pairs
        .iter()
        .flat_map(|p| [canonical(&p.zh), canonical(&p.en)])
        .collect();
    // A bilingual file is its own pair, made once its sides are read.
    let loose: Vec<PathBuf> = files
        .iter()
        .filter(|f| !explicit.contains(&canonical(f)))
        .filter(|f| !Format::of(f).is_some_and(Format::bilingual))
        .cloned()
        .collect();
    let discovered = corpus::discover_pairs(&loose);
    for (p, _) in &discovered {
        files.push(p.zh.clone());
        files.push(p.en.clone());
    }
    files.sort();
    let spellings = Spellings::dedup(&mut files);
    let mut all_pairs: Vec<(Pair, PairedBy)> = pairs
        .iter()
        .map(|p| (spellings.of_pair(p), PairedBy::Named))
        .collect();
    for (p, by) in &discovered {
        let p = spellings.of_pair(p);
        if !all_pairs.iter().any(|(q, _)| *q == p) {
            all_pairs.push((p, *by));
        }
    }
    Ok(Inputs {
        files,
        pairs: all_pairs,
        skipped: found.skipped,
        named: named.iter().map(|n| spellings.of(n)).collect(),
        stdin: stdin.map(|s| spellings.of(s)),
    })
}

/// A path named in `--pair`: a file shuyu reads.
fn named_pair_half(f: &Path) -> Result<()> {
    if corpus::is_dir(f)? {
        return Err(Error::Input {
            path: f.to_owned(),
            line: None,
            message: "is a directory: --pair takes a Chinese file and its English \
                      translation; name directories as paths to check them"
                .into(),
        });
    }
    if Format::of(f).is_some_and(Format::bilingual) {
        return Err(Error::Input {
            path: f.to_owned(),
            line: None,
            message: "an XLIFF or TMX file is its own pair (its Chinese and English sides): \
                      name it as a path to check, not in --pair"
                .into(),
        });
    }
    corpus::refuse_unsupported(f)
}

/// The error of a run that found nothing to read, saying what it passed over.
fn nothing_to_check(paths: &[PathBuf], passed: &corpus::Passed) -> Error {
    let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let exts: Vec<String> = corpus::TEXT_EXTENSIONS
        .iter()
        .map(|e| format!(".{e}"))
        .collect();
    let seen = if passed.count() == 0 {
        "there is no file there (hidden and .gitignored files are left out)".to_owned()
    } else {
        format!("passed over {}", passed.describe())
    };
    Error::Usage(format!(
        "no file to check in {}: directories are walked for {} files, and {seen}; a check that \
         reads nothing cannot pass: name the text files to check, or convert the documents to \
         plain text",
        named.join(", "),
        exts.join(", ")
    ))
}

impl Inputs {
    /// Reads every file (standard input for its name). A file the user named that is not
    /// text (binary, or in no known encoding) is an error, as a named `.docx` is; one found
    /// by walking is an `unreadable` finding, as standard input that is not text is.
    pub(crate) fn load(&self, stdin: Option<&Stdin>) -> Result<Corpus> {
        let disk: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|f| Some(*f) != self.stdin.as_ref())
            .cloned()
            .collect();
        let stdin = stdin.zip(self.stdin.as_ref()).map(|(s, name)| Stdin {
            name: name.clone(),
            bytes: s.bytes.clone(),
        });
        let mut loaded = corpus::load_with(&disk, stdin.as_ref());
        if let Some(s) = loaded.skipped.iter().find(|s| {
            s.is_not_text() && self.named.contains(&s.path) && Some(&s.path) != self.stdin.as_ref()
        }) {
            return Err(corpus::not_readable(&s.path, &format!("a {}", s.reason)));
        }
        // A named XLIFF, TMX or DOCX file that cannot be read is an error, as a named file
        // that is not text is.
        if let Some(s) = loaded
            .skipped
            .iter()
            .find(|s| Format::of(&s.path).is_some() && self.named.contains(&s.path))
        {
            return Err(formats::error_of(&s.path, &s.reason));
        }
        loaded.skipped.extend(self.skipped.iter().cloned());
        loaded.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(loaded)
    }
}

/// Each bilingual file read with both its sides as one pair, found by `File`.
pub(crate) fn file_pairs(corpus: &Corpus) -> Vec<(Pair, PairedBy)> {
    let halves: FxHashSet<&Path> = corpus.documents.iter().map(|d| d.path.as_path()).collect();
    let mut pairs: Vec<(Pair, PairedBy)> = corpus
        .documents
        .iter()
        .filter_map(|d| {
            let (real, lang) = formats::half_of(&d.path)?;
            let en = formats::half_path(real, Lang::En);
            (lang == Lang::Zh && halves.contains(en.as_path())).then(|| {
                let pair = Pair {
                    zh: d.path.clone(),
                    en,
                };
                (pair, PairedBy::File)
            })
        })
        .collect();
    pairs.sort_by(|a, b| a.0.zh.cmp(&b.0.zh));
    pairs
}

/// The pairs to check, each with its halves in their roles, and what to report of each.
pub(crate) struct Settled {
    pub pairs: Vec<Pair>,
    pub reports: Vec<PairReport>,
}

/// Each pair's halves by their content: a pair whose Chinese half reads as English and whose
/// English half as Chinese is swapped (and reported so); a pair with an English half that
/// reads as Chinese, or a Chinese half without Chinese, is an error naming it. A pair with an
/// unread half is left as it is (its half is an `unreadable` finding).
pub(crate) fn settle_pairs(corpus: &Corpus, pairs: &[(Pair, PairedBy)]) -> Result<Settled> {
    let text: FxHashMap<&Path, &str> = corpus
        .documents
        .iter()
        .map(|d| (d.path.as_path(), d.text.as_str()))
        .collect();
    let mut settled = Settled {
        pairs: Vec::with_capacity(pairs.len()),
        reports: Vec::new(),
    };
    for (p, by) in pairs {
        let (Some(&zh), Some(&en)) = (text.get(p.zh.as_path()), text.get(p.en.as_path())) else {
            settled.pairs.push(p.clone());
            continue;
        };
        // The sides of one file are in the languages its metadata names.
        let swapped = *by != PairedBy::File && roles(p, *by, Letters::of(zh), Letters::of(en))?;
        let (pair, zh, en) = if swapped {
            let q = Pair {
                zh: p.en.clone(),
                en: p.zh.clone(),
            };
            (q, en, zh)
        } else {
            (p.clone(), zh, en)
        };
        // `--pair a.en.md a.zh.md`, swapped, is the pair found by name: checked once.
        if settled.pairs.contains(&pair) {
            continue;
        }
        if let Some(plan) = align::plan(zh, en) {
            settled.reports.push(PairReport {
                zh: super::display_path(&pair.zh),
                en: super::display_path(&pair.en),
                paired_by: *by,
                plan,
                swapped,
            });
        }
        settled.pairs.push(pair);
    }
    settled
        .reports
        .sort_by(|a, b| (&a.zh, &a.en).cmp(&(&b.zh, &b.en)));
    Ok(settled)
}

/// Whether the pair's halves are swapped, by their content; an error when a half is in the
/// wrong language and the other is not in the right one. A Chinese half with much Latin text
/// (code, tables) is still Chinese beside an English half.
fn roles(p: &Pair, by: PairedBy, zh: Letters, en: Letters) -> Result<bool> {
    if en.chinese() && zh.english() {
        return Ok(true);
    }
    let wrong = |path: &Path, reads: &str, l: Letters| {
        let how = match by {
            PairedBy::Named => format!(
                "in --pair {} {}, name the Chinese file first, then its English translation",
                p.zh.display(),
                p.en.display()
            ),
            PairedBy::Name | PairedBy::Folders | PairedBy::File => format!(
                "paired with {} by {}",
                if path == p.zh { &p.en } else { &p.zh }.display(),
                if by == PairedBy::Name {
                    "file name"
                } else {
                    "folder"
                }
            ),
        };
        Error::Input {
            path: path.to_owned(),
            line: None,
            message: format!(
                "{reads} ({} Han characters, {} Latin letters in its opening), but a pair is a \
                 Chinese text and its English translation; {how}",
                l.han, l.latin
            ),
        }
    };
    if en.chinese() {
        return Err(wrong(&p.en, "the English half reads as Chinese", en));
    }
    if zh.english() {
        return Err(wrong(&p.zh, "the Chinese half reads as English", zh));
    }
    Ok(false)
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

/// The path as the filesystem resolves it, or as given when it does not exist.
pub(super) fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> Pair {
        Pair {
            zh: "a.txt".into(),
            en: "b.txt".into(),
        }
    }

    #[test]
    fn halves_by_content() {
        let zh = Letters::of("大会回顾其决议 A/RES/77/36");
        let en = Letters::of("The General Assembly recalls its resolutions");
        let code = Letters::of(&format!("说明：{}", "fn main() { println!(); } ".repeat(3)));
        assert!(!roles(&pair(), PairedBy::Named, zh, en).unwrap());
        assert!(roles(&pair(), PairedBy::Named, en, zh).unwrap());
        // Chinese with much code is not English beside an English translation.
        assert!(!roles(&pair(), PairedBy::Named, code, en).unwrap());
        let both_zh = roles(&pair(), PairedBy::Name, zh, zh)
            .unwrap_err()
            .to_string();
        assert!(
            both_zh.starts_with("b.txt: the English half reads as Chinese"),
            "{both_zh}"
        );
        assert!(
            both_zh.ends_with("paired with a.txt by file name"),
            "{both_zh}"
        );
        let both_en = roles(&pair(), PairedBy::Named, en, en)
            .unwrap_err()
            .to_string();
        assert!(
            both_en.starts_with("a.txt: the Chinese half reads as English"),
            "{both_en}"
        );
    }
}
