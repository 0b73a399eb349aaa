//! `shuyu extract`: ranked term candidates of a Chinese corpus.

use shuyu::corpus;
use shuyu::extract::{self, Progress};
use shuyu::render::{self, Format};

arg_enum!(FormatArg => Format { Table, Json, Yaml, Tsv });
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Mine recurring terms from Chinese text, ranked by termhood, with frequencies, document
/// counts and keyword-in-context lines.
///
/// Directories are walked for .txt, .md and .zh files, and Word (.docx), XLIFF (.xlf, .xliff,
/// .sdlxliff) and TMX (.tmx) files, of which the Chinese side is read (contexts give the XML
/// line and column and the segment id; for DOCX the paragraph as line); a file named
/// explicitly is read whatever its extension, and one of these formats that cannot be read is
/// an error. UTF-8 (with or without BOM), UTF-16 and GB18030/GBK are decoded; a few
/// invalid UTF-8 bytes are replaced with a warning; binary files, unreadable files and
/// directories, FIFOs and other special files are skipped with a warning. Files that are not
/// Chinese (an English translation beside its original: no Han characters, or under 5% of the
/// letters) are skipped with a note and not counted in the statistics; when no Chinese text is
/// left, that is an error (exit 2). Each term says whether the glossary knows it and, when new,
/// which known or higher-ranked term it is a near-duplicate of.
///
/// `-` reads standard input as one more document (once), named by --stdin-filename in
/// contexts.
///
/// Examples:
///   shuyu extract                                   # the shipped corpus/
///   pdftotext report.pdf - | shuyu extract - --stdin-filename report.txt
///   shuyu extract docs/ --format json --top 200 --contexts 3 > terms.json
///   shuyu extract UNv1.0.devset.zh --min-freq 3 --format tsv
///   shuyu extract A_RES_77_36.docx translations.xlf
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Files or directories to read.
    #[arg(default_value = "corpus/")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Number of terms to report (0: all).
    #[arg(long, default_value_t = 100)]
    top: usize,
    /// Minimum frequency of a term.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    min_freq: u32,
    /// Longest term, in words.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=16))]
    max_len: u64,
    /// Keyword-in-context lines per term.
    #[arg(long, default_value_t = 2)]
    contexts: usize,
    /// Worker threads (0: one per core). The output is the same for any number.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Glossary to use instead of the configuration file's or the built-in one: a file, a
    /// folder (its .yaml and .yml files) or `builtin` (the built-in UN glossary). Repeatable;
    /// later ones override earlier ones by id: --glossary builtin --glossary team.yaml.
    /// Known terms are kept whole by the segmenter.
    #[arg(long)]
    glossary: Vec<PathBuf>,
    /// The name contexts give standard input (`-`) [default: <stdin>].
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    #[command(flatten)]
    config: super::config::ConfigArgs,
    /// Print the terms and errors only: no warnings about skipped or repaired files and no
    /// progress bar on stderr. Exit codes are unchanged.
    #[arg(short, long)]
    quiet: bool,
    /// Print the time at the end of each stage on stderr.
    #[arg(long, hide = true)]
    timings: bool,
}

struct Bar(Option<indicatif::ProgressBar>);

impl Progress for Bar {
    fn begin(&self, total: u64) {
        if let Some(b) = &self.0 {
            b.set_length(total);
        }
    }
    fn advance(&self, bytes: u64) {
        if let Some(b) = &self.0 {
            b.inc(bytes);
        }
    }
    fn stage(&self, name: &'static str) {
        if let Some(b) = &self.0 {
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg}").expect("valid template"),
            );
            b.set_message(name);
            b.enable_steady_tick(std::time::Duration::from_millis(120));
        }
    }
    fn end(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

/// Below this many bytes a run is too short for a progress bar to help.
const BAR_THRESHOLD: u64 = 4 << 20;

pub fn run(a: Args) -> Result<ExitCode, shuyu::Error> {
    super::set_quiet(a.quiet);
    super::set_threads(a.threads)?;
    let glossary = a.config.glossary(&a.glossary)?;
    let (paths, _, stdin) = super::stdin_in(a.paths.clone(), Vec::new(), a.stdin_filename)?;
    let found = corpus::walk_files(&paths, corpus::CHINESE_EXTENSIONS, None)?;
    let opts = extract::Options {
        top: a.top,
        min_freq: a.min_freq,
        max_len: a.max_len as usize,
        contexts: a.contexts,
    };
    let result = match stdin {
        None => {
            let mut loaded = extract::load(&found.files, &glossary);
            loaded.also_skipped(found.skipped);
            let read = Read {
                skipped: loaded.skipped(),
                repaired: loaded.repaired(),
                not_chinese: loaded.not_chinese(),
                empty: loaded.is_empty(),
            };
            readable(&a.paths, read)?;
            extract::run_loaded(&loaded, &glossary, &opts, &bar(loaded.bytes()))?
        }
        // Standard input cannot be read again for contexts: every text stays in memory.
        Some(stdin) => {
            let mut loaded = corpus::load_with(&found.files, Some(&stdin));
            loaded.skipped.extend(found.skipped);
            loaded.skipped.sort_by(|a, b| a.path.cmp(&b.path));
            let mut not_chinese = Vec::new();
            loaded
                .documents
                .retain(|d| match extract::not_chinese(&d.path, &d.text) {
                    Some(s) => {
                        not_chinese.push(s);
                        false
                    }
                    None => true,
                });
            let read = Read {
                skipped: &loaded.skipped,
                repaired: &loaded.repaired,
                not_chinese: &not_chinese,
                empty: loaded.documents.is_empty(),
            };
            readable(&a.paths, read)?;
            let bytes = loaded.documents.iter().map(|d| d.text.len() as u64).sum();
            extract::run(&loaded, &glossary, &opts, &bar(bytes))?
        }
    };
    if a.timings {
        for (stage, t) in &result.timings {
            eprintln!("{t:8.3} s  {stage}");
        }
    }
    super::print(&render::extraction(&result, a.format.into()));
    Ok(ExitCode::SUCCESS)
}

/// What reading the inputs gave besides their texts.
struct Read<'a> {
    skipped: &'a [corpus::Skipped],
    repaired: &'a [corpus::Repaired],
    not_chinese: &'a [corpus::Skipped],
    /// No Chinese text was read.
    empty: bool,
}

/// Warns of what was skipped or repaired, notes the files that are not Chinese; an error
/// when no Chinese text could be read.
fn readable(paths: &[PathBuf], read: Read) -> Result<(), shuyu::Error> {
    super::refuse_named_format(paths, read.skipped)?;
    super::warn_skipped(read.skipped);
    super::warn_repaired(read.repaired);
    if !read.empty {
        let notes: Vec<(PathBuf, String)> = read
            .not_chinese
            .iter()
            .map(|s| (s.path.clone(), format!("{}: skipped", s.reason)))
            .collect();
        super::note_read(&notes);
        return Ok(());
    }
    let inputs = paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    Err(shuyu::Error::Usage(match read.not_chinese {
        [one] => format!(
            "{}: {}: extract finds Chinese terms; for English equivalents, run `shuyu align` \
             on it and its Chinese original",
            one.path.display(),
            one.reason
        ),
        [] => format!("no readable text in {inputs}"),
        all => format!(
            "no Chinese text in {inputs}: {} files read are not Chinese ({}{})",
            all.len(),
            all[0].path.display(),
            if all.len() > 1 { ", …" } else { "" }
        ),
    }))
}

/// A progress bar for a run over `bytes` of text, when it is long and stderr is a terminal.
fn bar(bytes: u64) -> Bar {
    Bar(
        (!super::quiet() && std::io::stderr().is_terminal() && bytes > BAR_THRESHOLD).then(|| {
            let b = indicatif::ProgressBar::new(bytes);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "segmenting {bar:40} {bytes}/{total_bytes} {eta}",
                )
                .expect("valid template"),
            );
            b
        }),
    )
}
