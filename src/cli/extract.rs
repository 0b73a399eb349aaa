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
///
/// Large corpora: a corpus that would need more memory than --memory-limit (2G by default) is
/// counted in partitions through temporary files (in TMPDIR), with the same output. The same
/// partitions can be counted by separate processes or machines, N map runs then one reduce,
/// each given the same files and options (see docs/scale.md):
///   shuyu extract laws/ --memory-limit 512M
///   for k in 1 2 3 4; do shuyu extract laws/ --map $k/4 --spill parts/; done
///   shuyu extract laws/ --reduce parts/ --format json > terms.json
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
    /// Memory the run should stay under: a number of bytes, or with K, M, G or T (powers of
    /// 1024), e.g. 512M, 1.5G. A corpus estimated to need more than this (about 7 bytes per
    /// byte of text) is counted in partitions through temporary files in the temporary
    /// folder (TMPDIR), removed at the end; the output is the same. The token stream and the
    /// normalized texts stay in memory (about 3 bytes per byte of text): a note says so
    /// when they alone exceed the limit. See docs/scale.md.
    #[arg(long, value_name = "SIZE", default_value = "2G", value_parser = parse_size)]
    memory_limit: u64,
    /// Count in N partitions one after another, whatever --memory-limit says (0: as it says;
    /// at most 256, as each partition's file stays open). The output is the same for any N.
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u16).range(0..=MAX_PARTS as i64))]
    partitions: u16,
    /// Count only partition K of N (1 ≤ K ≤ N ≤ 256) and write it to --spill DIR as
    /// part-K-of-N.spill, printing no terms: one map task of a partitioned run. Give every map
    /// and the reduce the same files, glossary, --min-freq and --max-len.
    #[arg(long, value_name = "K/N", value_parser = parse_part, requires = "spill",
          conflicts_with_all = ["reduce", "partitions"])]
    map: Option<(usize, usize)>,
    /// The folder --map writes its partition to (created if missing).
    #[arg(long, value_name = "DIR", requires = "map")]
    spill: Option<PathBuf>,
    /// Put together the N partitions that --map wrote to DIR instead of counting, and report
    /// the terms as one process would. Refuses partitions counted from other files, glossary
    /// or options, or by another version of shuyu.
    #[arg(long, value_name = "DIR", conflicts_with = "partitions")]
    reduce: Option<PathBuf>,
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
    let (paths, _, stdin) = super::stdin_in(a.paths.clone(), Vec::new(), a.stdin_filename.clone())?;
    let found = corpus::walk_files(&paths, corpus::CHINESE_EXTENSIONS, None)?;
    let opts = extract::Options {
        top: a.top,
        min_freq: a.min_freq,
        max_len: a.max_len as usize,
        contexts: a.contexts,
    };
    if stdin.is_some() && (a.map.is_some() || a.reduce.is_some()) {
        return Err(shuyu::Error::Usage(
            "--map and --reduce read files, not standard input (`-`): every process of a \
             partitioned run must read the same corpus"
                .into(),
        ));
    }
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
            if let (Some(part), Some(dir)) = (a.map, &a.spill) {
                let path = extract::map_loaded(&loaded, &glossary, &opts, part, dir)?;
                if !a.quiet {
                    eprintln!(
                        "shuyu: partition {}/{} written to {}",
                        part.0,
                        part.1,
                        path.display()
                    );
                }
                return Ok(ExitCode::SUCCESS);
            }
            let counting = counting(&a, loaded.bytes());
            let progress = bar(loaded.bytes());
            extract::run_loaded_with(&loaded, &glossary, &opts, &progress, &counting)?
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
            extract::run_with(&loaded, &glossary, &opts, &bar(bytes), &counting(&a, bytes))?
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

/// How to count `bytes` of text: as --reduce, --partitions or --memory-limit say. Notes when
/// the limit cannot be kept.
fn counting(a: &Args, bytes: u64) -> extract::Counting {
    if let Some(dir) = &a.reduce {
        return extract::Counting::Reduce(dir.clone());
    }
    if a.partitions > 0 {
        return extract::Counting::Partitioned(a.partitions.into());
    }
    let counting = extract::counting_for(bytes, a.memory_limit);
    let outside = extract::outside_partitions(bytes);
    if counting != extract::Counting::InMemory && outside > a.memory_limit && !a.quiet {
        eprintln!(
            "shuyu: note: about {} MiB of this run (the token stream and the normalized texts) \
             is not partitioned, more than --memory-limit {} MiB: the limit cannot be kept",
            outside >> 20,
            a.memory_limit >> 20
        );
    }
    counting
}

/// A size as --memory-limit takes it: bytes, or a number with K, M, G or T (powers of 1024).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (number, unit) = match t.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => (&t[..i], t[i..].to_ascii_uppercase()),
        None => (t, String::new()),
    };
    let shift = match unit.trim_end_matches("IB").trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => {
            return Err(format!(
                "unknown unit in `{s}`: use K, M, G or T, e.g. 512M or 2G"
            ));
        }
    };
    match number.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok((x * (1u64 << shift) as f64) as u64),
        _ => Err(format!("`{s}` is not a size: write e.g. 512M, 2G or 1.5G")),
    }
}

/// Most partitions: the reduce keeps every partition's file open.
const MAX_PARTS: usize = 256;

/// A partition as --map takes it: K/N with 1 ≤ K ≤ N.
fn parse_part(s: &str) -> Result<(usize, usize), String> {
    let parsed = s
        .split_once('/')
        .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
    match parsed {
        Some((k, n)) if 1 <= k && k <= n && n <= MAX_PARTS => Ok((k, n)),
        _ => Err(format!(
            "`{s}` is not a partition: write K/N with 1 ≤ K ≤ N ≤ {MAX_PARTS}, e.g. 2/4"
        )),
    }
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
