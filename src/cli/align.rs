//! `shuyu align`: English equivalents for Chinese terms from parallel UN texts.

use shuyu::Error;
use shuyu::corpus;
use shuyu::equivalents::{self, Options, PairText};
use shuyu::extract;
use shuyu::glossary::Glossary;
use shuyu::report::align::{self as render, AlignFormat};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Propose, for each Chinese term, the English that UN translators actually used in a parallel
/// Chinese–English text, with score, support and an example segment pair.
///
/// ZH and EN are two files, or two directories (possibly the same one) where NAME.zh.EXT pairs
/// with NAME.en.EXT and UNPC-style NAME.zh with NAME.en. Segments are lines when both files of
/// a pair have as many lines (parallel corpora), otherwise paragraphs aligned by length; a pair
/// that cannot be aligned at all (one side empty) is an error.
///
/// Terms: those of --terms FILE (one per line, # comments), or by default (--from-extract) the
/// candidates `shuyu extract` finds in ZH plus every glossary entry that has no English yet.
/// English candidates are word n-grams (1–6 words, not starting or ending with a function
/// word) of the aligned segments, ranked by Dice; a candidate that is only part of a longer one
/// seen in nearly the same segments gives way to it.
///
/// Examples:
///   shuyu align UNv1.0.devset.zh UNv1.0.devset.en --terms terms.txt
///   shuyu align docs/zh/ docs/en/ --top-k 5 --format json > suggestions.json
///   shuyu align A_RES_77_36.zh.txt A_RES_77_36.en.txt --min-support 1
///   shuyu merge suggestions.json            # stores them as en_suggestions on candidates
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Chinese file or directory.
    zh: PathBuf,
    /// English file or directory.
    en: PathBuf,
    /// Chinese terms to align, one per line.
    #[arg(long, value_name = "FILE", conflicts_with = "from_extract")]
    terms: Option<PathBuf>,
    /// Align the terms `shuyu extract` finds in ZH, plus glossary entries without English
    /// (the default without --terms).
    #[arg(long)]
    from_extract: bool,
    /// How many extracted candidates to align when no --terms is given.
    #[arg(long, default_value_t = 200)]
    extract_top: usize,
    /// Glossary files to use instead of the built-in one (repeatable).
    #[arg(long)]
    glossary: Vec<PathBuf>,
    /// Suggestions per term.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..))]
    top_k: u64,
    /// Fewest aligned segments a suggestion must share with the term.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..))]
    min_support: u64,
    /// Output format; json is the contract `shuyu merge` reads.
    #[arg(long, value_enum, default_value_t = AlignFormat::Table)]
    format: AlignFormat,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

pub fn run(a: Args) -> Result<ExitCode, Error> {
    super::set_threads(a.threads)?;
    let glossary = Glossary::load_all(&a.glossary)?;
    let file_pairs = pair_paths(&a.zh, &a.en)?;
    let mut files: Vec<PathBuf> = Vec::new();
    for p in &file_pairs {
        files.push(p.zh.clone());
        files.push(p.en.clone());
    }
    let loaded = corpus::load(&files);
    super::warn_skipped(&loaded.skipped);
    let text_of = |path: &Path| {
        loaded
            .documents
            .iter()
            .find(|d| d.path == path)
            .map(|d| d.text.clone())
    };
    let pairs: Vec<PairText> = file_pairs
        .iter()
        .filter_map(|p| {
            Some(PairText {
                zh_path: p.zh.clone(),
                zh: text_of(&p.zh)?,
                en_path: p.en.clone(),
                en: text_of(&p.en)?,
            })
        })
        .collect();
    if pairs.is_empty() {
        return Err(Error::Usage(format!(
            "no readable Chinese–English pair in {} and {}",
            a.zh.display(),
            a.en.display()
        )));
    }
    let terms = match &a.terms {
        Some(path) => read_terms(path)?,
        None => default_terms(&pairs, &glossary, a.extract_top),
    };
    let opts = Options {
        top_k: a.top_k as usize,
        min_support: a.min_support,
    };
    let result = equivalents::suggest(&pairs, &terms, &opts)?;
    super::print(&render::render(&result, a.format));
    Ok(ExitCode::SUCCESS)
}

/// Two files are one pair; two directories pair by name, the English file found under EN at
/// the Chinese file's relative place.
fn pair_paths(zh: &Path, en: &Path) -> Result<Vec<corpus::Pair>, Error> {
    let zm = std::fs::metadata(zh).map_err(|e| Error::io(zh, e))?;
    let em = std::fs::metadata(en).map_err(|e| Error::io(en, e))?;
    match (zm.is_dir(), em.is_dir()) {
        (false, false) => Ok(vec![corpus::Pair {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }]),
        (true, true) => {
            let mut exts: Vec<&str> = corpus::CHINESE_EXTENSIONS.to_vec();
            exts.push("en");
            let files = corpus::find_files(&[zh.to_owned()], &exts)?;
            let pairs: Vec<corpus::Pair> = files
                .iter()
                .filter(|f| !corpus::is_english_name(f))
                .filter_map(|f| {
                    let counterpart = corpus::english_counterpart(f)?;
                    let rel = counterpart.strip_prefix(zh).ok()?;
                    let target = en.join(rel);
                    target.is_file().then(|| corpus::Pair {
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

fn read_terms(path: &Path) -> Result<Vec<String>, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = corpus::decode(&bytes).map_err(|e| Error::Input {
        path: path.to_owned(),
        line: None,
        message: e.to_string(),
    })?;
    let mut seen = rustc_hash::FxHashSet::default();
    Ok(text
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| seen.insert(l.to_string()))
        .map(str::to_owned)
        .collect())
}

/// What `shuyu extract` finds in the Chinese side, then the glossary entries still lacking
/// English.
fn default_terms(pairs: &[PairText], glossary: &Glossary, top: usize) -> Vec<String> {
    let corpus = corpus::Corpus {
        documents: pairs
            .iter()
            .map(|p| corpus::Document {
                path: p.zh_path.clone(),
                text: p.zh.clone(),
            })
            .collect(),
        skipped: Vec::new(),
    };
    let opts = extract::Options {
        top,
        contexts: 0,
        ..extract::Options::default()
    };
    let found = extract::run(&corpus, glossary, &opts, &extract::Silent);
    let mut seen = rustc_hash::FxHashSet::default();
    found
        .terms
        .into_iter()
        .map(|t| t.term)
        .chain(
            glossary
                .entries
                .iter()
                .filter(|e| e.en.is_none())
                .filter_map(|e| e.zh.as_ref().map(|z| z.preferred.clone())),
        )
        .filter(|t| seen.insert(t.clone()))
        .collect()
}
