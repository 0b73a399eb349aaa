//! `shuyu align`: English equivalents for Chinese terms from parallel UN texts.

use shuyu::Error;
use shuyu::align::equivalents::{self, Options};
use shuyu::corpus;
use shuyu::render::align::{self as render, AlignFormat};

arg_enum!(AlignFormatArg => AlignFormat { Table, Json, Yaml });
use std::path::PathBuf;
use std::process::ExitCode;

/// Propose, for each Chinese term, the English that UN translators actually used in a parallel
/// Chinese–English text, with score, support and an example segment pair.
///
/// ZH and EN are two files, or two directories: the English file for ZH/R is EN/R with .zh.
/// named .en. (NAME.zh.EXT → NAME.en.EXT, UNPC-style NAME.zh → NAME.en), else EN/R itself
/// (docs/zh/ beside docs/en/). With one directory (or the same one twice), pairs are found in
/// it as `check` finds them: NAME.zh.EXT beside NAME.en.EXT, and a file under a folder named
/// zh, zh-CN, zh-Hans, cn or chinese with the same path under a sibling en, en-US, en-GB or
/// english folder (any case). One file alone is aligned with its counterpart found so; a
/// bilingual XLIFF or TMX file alone (or found in a directory) is aligned with itself, segment
/// for segment, its languages from its metadata.
///
/// Segments are lines when both files of a pair have as many lines (parallel corpora),
/// otherwise paragraphs aligned by length, otherwise the whole texts; a pair not aligned line
/// by line is named on stderr with its line counts. A pair that cannot be aligned at all (one
/// side empty) is an error.
///
/// Terms: those of --terms FILE (one per line, # comments), or by default (--from-extract) the
/// candidates `shuyu extract` finds in ZH plus every glossary entry that has no English yet;
/// of these, a term whose best English is a fragment of a formula (`paragraph`, `rule 15 of
/// the provisional rules`) is left out.
/// English candidates are word n-grams of the aligned segments, not starting or ending with a
/// function word or a resolution's opening verb (`Recalls`, `Decides`), ranked by Dice. A
/// candidate that is only part of a longer one seen in nearly the same segments gives way to
/// it, and grows into the whole name it is part of, however long (`Treaty on the
/// Non-Proliferation of Nuclear Weapons`, `United Kingdom of Great Britain and Northern
/// Ireland`), while the longer phrase keeps nearly all its segments.
///
/// Examples:
///   shuyu align UNv1.0.devset.zh UNv1.0.devset.en --terms terms.txt
///   shuyu align docs/zh/ docs/en/ --top-k 5 --format json > suggestions.json
///   shuyu align docs/                      # docs/**/NAME.zh.md + NAME.en.md, docs/zh + docs/en
///   shuyu align A_RES_77_36.zh.txt A_RES_77_36.en.txt --min-support 1
///   shuyu align memory.tmx                 # each unit with zh* and en* variants is a segment
///   shuyu merge suggestions.json --into glossary/team.yaml   # en_suggestions on candidates
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Chinese file or directory.
    zh: PathBuf,
    /// English file or directory [default: pairs found in ZH, as `check` finds them].
    en: Option<PathBuf>,
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
    /// Glossary to use instead of the configuration file's or the built-in one: a file, a
    /// folder (its .yaml and .yml files) or `builtin` (the built-in UN glossary). Repeatable;
    /// later ones override earlier ones by id: --glossary builtin --glossary team.yaml.
    #[arg(long)]
    glossary: Vec<PathBuf>,
    #[command(flatten)]
    config: super::config::ConfigArgs,
    /// Suggestions per term.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..))]
    top_k: u64,
    /// Fewest aligned segments a suggestion must share with the term.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..))]
    min_support: u64,
    /// Output format; json is the contract `shuyu merge` reads.
    #[arg(long, value_enum, default_value_t = AlignFormatArg::Table)]
    format: AlignFormatArg,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Print the suggestions and errors only: no warnings about skipped files on stderr.
    /// Exit codes are unchanged.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(a: Args) -> Result<ExitCode, Error> {
    super::set_quiet(a.quiet);
    super::set_threads(a.threads)?;
    let glossary = a.config.glossary(&a.glossary)?;
    let (file_pairs, mut skipped) = corpus::pair_paths(&a.zh, a.en.as_deref())?;
    let (pairs, unread) = equivalents::load_pairs(&file_pairs);
    super::refuse_named_format(std::slice::from_ref(&a.zh), &unread)?;
    skipped.extend(unread);
    super::warn_skipped(&skipped);
    if pairs.is_empty() {
        return Err(Error::Usage(format!(
            "no readable Chinese–English pair in {}{}",
            a.zh.display(),
            a.en.as_ref()
                .map(|e| format!(" and {}", e.display()))
                .unwrap_or_default()
        )));
    }
    note_segmentation(&pairs);
    let terms = match &a.terms {
        Some(path) => equivalents::read_terms(path)?,
        None => equivalents::default_terms(&pairs, &glossary, a.extract_top)?,
    };
    let opts = Options {
        top_k: a.top_k as usize,
        min_support: a.min_support,
    };
    let mut result = equivalents::suggest(&pairs, &terms, &opts)?;
    if a.terms.is_none() {
        equivalents::drop_fragments(&mut result);
    }
    super::print(&render::render(&result, a.format.into()));
    Ok(ExitCode::SUCCESS)
}

/// Names each pair not aligned line by line, with its line counts: a parallel corpus with a
/// line lost on one side is aligned by paragraphs, which users must know to trust the result.
fn note_segmentation(pairs: &[equivalents::PairText]) {
    for p in pairs {
        if let Some(plan) = shuyu::align::plan(&p.zh, &p.en)
            && plan.segmentation != shuyu::align::Segmentation::Lines
        {
            eprintln!(
                "shuyu: note: {} ↔ {}: {plan}",
                shuyu::formats::real_path(&p.zh_path).display(),
                shuyu::formats::real_path(&p.en_path).display()
            );
        }
    }
}
