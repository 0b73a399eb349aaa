//! `shuyu check`: terminology findings for CI, in Chinese, in English and across translations.

use shuyu::check::{Baseline, Checker, Loaded, Outcome, Severity};
use shuyu::config::{SourceLang, SourcedPair};
use shuyu::corpus::Pair;
use shuyu::glossary::Glossary;
use shuyu::render::check::{self as render, CheckFormat};

arg_enum!(CheckFormatArg => CheckFormat { Human, Json, Sarif, Github });
arg_enum!(SeverityArg => Severity { Warning, Error });
arg_enum!(SourceArg => SourceLang { Zh, En, Both });
use std::io::BufWriter;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

/// Check Chinese documents and their English translations against the glossary.
///
/// Rules:
///   deprecated-zh  error    a deprecated Chinese form (also when broken across lines or bold)
///   deprecated-en  error    a deprecated English rendering (any case, singular or plural)
///   missing-en     warning  an approved Chinese term whose approved English is missing from
///                           the aligned English segment (counted per occurrence)
///   unreadable     error    a file that could not be read (binary, unreadable, not a regular
///                           file, malformed XLIFF/TMX/DOCX), so was not checked; never baselined
///
/// Directories are walked for .txt, .md, .zh and .en files, Word .docx, XLIFF .xlf, .xliff,
/// .sdlxliff and TMX .tmx files; finding none is an error that names what was passed over, and
/// so is naming a .doc, .pdf or binary file; a named XLIFF, TMX or DOCX file that cannot be
/// read is an error with its line and column. A few invalid UTF-8 bytes in a file are replaced
/// by U+FFFD with a warning, and the rest checked. `-` reads standard input (once), named by
/// --stdin-filename.
///
/// An XLIFF (zh→en or en→zh, languages from the file) or TMX file is its own pair, segment for
/// segment: findings name the file with the line and column in its XML, and the segment id
/// (JSON "segment"). A DOCX's lines are its paragraphs (body, then footnotes): report.docx:¶3:5.
///
/// Pairs: files named NAME.en.EXT or NAME.en are English; NAME.zh.EXT beside NAME.en.EXT (and
/// UNPC-style NAME.zh beside NAME.en), and a file under a folder named zh, zh-CN, zh-Hans, cn
/// or chinese beside the same path under an en, en-US, en-GB or english folder (docs/zh/a.md,
/// docs/en/a.md), are checked as a pair, as is each --pair. The halves' languages are told by
/// their content: a pair given the other way round is swapped with a note; one whose English
/// half reads as Chinese (or Chinese half as English) is an error. Segments are lines when
/// both have as many lines, otherwise paragraphs aligned by length, otherwise the whole texts;
/// each pair is listed with the segmentation used. Only approved entries produce findings.
///
/// Put `shuyu-ignore` anywhere on a line (e.g. in a comment) to silence it. Record today's
/// findings with --write-baseline and report only new ones with --baseline.
///
/// Settings come from shuyu.toml (or .shuyu.toml) in the current directory or the nearest
/// one above it, up to the repository root (the folder holding .git); flags override it, and
/// --glossary given once or more replaces its list. Paths in it are relative to its folder;
/// an unknown key is an error naming its line. Example (docs/cli.md says more):
///
///   glossaries = ["builtin", "glossary/team/"]   # team entries override built-in ids
///
///   [check]
///   paths = ["docs/"]               # checked when no path is named
///   exclude = ["docs/drafts/"]      # .gitignore syntax; also include = [...]
///   fail-on = "warning"
///   baseline = ".shuyu-baseline.json"
///
///   [[check.pairs]]                 # C/report.txt is translated in E/report.txt
///   zh = "C/{name}.txt"
///   en = "E/{name}.txt"
///
/// Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage, input, configuration or
/// glossary error.
///
/// Examples:
///   shuyu check                     # [check] paths of shuyu.toml, else the current directory
///   shuyu check docs/
///   shuyu check docs/ --glossary builtin --glossary glossary/team/
///   shuyu check --pair report.zh.md report.en.md --fail-on warning
///   shuyu check docs/ --format sarif > shuyu.sarif
///   git show HEAD:a.zh.md | shuyu check - --stdin-filename a.zh.md  # pairs with a.en.md
///   shuyu check docs/ --write-baseline .shuyu-baseline.json     # adopt on a legacy corpus
///   shuyu check docs/ --baseline .shuyu-baseline.json           # then fail on new findings
///   shuyu check -q --color always docs/                         # findings only, coloured log
///   shuyu check report.xlf memory.tmx A_RES_77_36.docx          # CAT and Word files
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Files or directories to check [default: the configuration file's [check] paths,
    /// else . (the current directory); none when only --pair is given].
    paths: Vec<PathBuf>,
    /// Glossary to use instead of the configuration file's or the built-in one: a file, a
    /// folder (its .yaml and .yml files) or `builtin` (the built-in UN glossary). Repeatable;
    /// later ones override earlier ones by id: --glossary builtin --glossary team.yaml.
    #[arg(long)]
    glossary: Vec<PathBuf>,
    #[command(flatten)]
    config: super::config::ConfigArgs,
    /// A Chinese file and its English translation, checked as a pair (repeatable).
    #[arg(long, num_args = 2, value_names = ["ZH", "EN"])]
    pair: Vec<PathBuf>,
    /// Output format: human, json, sarif (2.1.0, for code scanning), github
    /// (workflow annotations, plus a Markdown table in $GITHUB_STEP_SUMMARY when set)
    /// [default: the configuration file's format, else human].
    #[arg(long, value_enum)]
    format: Option<CheckFormatArg>,
    /// Lowest severity that makes the run fail (exit 1) [default: the configuration file's
    /// fail-on, else error].
    #[arg(long, value_enum)]
    fail_on: Option<SeverityArg>,
    /// The language pairs were translated from, which says which bilingual rules run: zh
    /// (missing-en), en (missing-zh) or both [default: `source` in shuyu.toml; else, for an
    /// XLIFF or TMX file, the source language it declares; else both].
    #[arg(long, value_enum, value_name = "LANG")]
    source: Option<SourceArg>,
    /// Report only findings not recorded in this baseline file [default: the configuration
    /// file's baseline, if any].
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in FILE and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// The name standard input (`-`) is reported under, and whose name tells its language
    /// and pairing (NAME.en.EXT is English; docs/zh/a.md pairs with docs/en/a.md on disk)
    /// [default: <stdin>].
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// Print findings and errors only: no summary line (a clean run prints nothing in the
    /// human format), no warnings about skipped or repaired files (unreadable files are still
    /// findings) and no note on stderr. Exit codes are unchanged.
    #[arg(short, long)]
    quiet: bool,
    /// When to colour the human format (the others never are).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = super::ColorWhen::Auto)]
    color: super::ColorWhen,
}

pub fn run(a: Args) -> Result<ExitCode, shuyu::Error> {
    super::set_quiet(a.quiet);
    super::set_threads(a.threads)?;
    let (paths, pair_paths, stdin) =
        super::stdin_in(a.paths.clone(), a.pair.clone(), a.stdin_filename.clone())?;
    let settings = settings(&a, paths, pair_paths, stdin.is_some())?;
    let baseline = settings
        .baseline
        .as_deref()
        .map(Baseline::load)
        .transpose()?;
    super::warn_skipped(&settings.skipped);
    let pairs: Vec<Pair> = settings.pairs.iter().map(|p| p.pair.clone()).collect();
    let mut checker = Checker::new(&settings.glossary)?;
    if let Some(source) = settings.source {
        checker = checker.with_source(source);
    }
    let checker =
        checker.with_pair_sources(settings.pairs.iter().map(|p| (p.pair.clone(), p.source)));
    let loaded = checker.load_with(&settings.paths, &pairs, stdin.as_ref())?;
    super::warn_skipped(loaded.skipped());
    super::warn_repaired(loaded.repaired());
    super::note_read(loaded.notes());
    note_swapped(loaded.pair_reports());
    // A baseline written with --baseline also given records every current finding, so
    // refreshing one drops what was fixed and keeps what remains.
    if let Some(path) = &a.write_baseline {
        return write_baseline(&checker, &loaded, path);
    }
    let color = settings.format == CheckFormat::Human && a.color.paints_stdout();
    let outcome = report(&checker, &loaded, baseline.as_ref(), settings.format, color)?;
    Ok(if outcome.fails(settings.fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Records every finding of the run in the baseline file `path`.
fn write_baseline(
    checker: &Checker,
    loaded: &Loaded,
    path: &std::path::Path,
) -> Result<ExitCode, shuyu::Error> {
    let mut recorded = Baseline {
        version: 1,
        findings: Vec::new(),
    };
    let outcome = checker.check_each(loaded, None, &mut |f| {
        recorded.record(&f);
        ControlFlow::Continue(())
    })?;
    shuyu::util::fs::write_output(path, &recorded.to_json())?;
    if !super::quiet() {
        eprintln!(
            "shuyu: wrote {} findings to {}",
            outcome.count(Severity::Error) + outcome.count(Severity::Warning),
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Checks and writes the report as findings are settled, and the GitHub step summary.
fn report(
    checker: &Checker,
    loaded: &Loaded,
    baseline: Option<&Baseline>,
    format: CheckFormat,
    color: bool,
) -> Result<Outcome, shuyu::Error> {
    let summary_path = std::env::var_os("GITHUB_STEP_SUMMARY")
        .filter(|s| !s.is_empty() && format == CheckFormat::Github)
        .map(PathBuf::from);
    let mut summary = summary_path
        .as_ref()
        .map(|_| render::StepSummary::default());
    // Findings are written as they are settled; an error that ends the run (a pair that
    // cannot be aligned) discards what is still buffered, so a short report is never cut.
    let out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let unreadable = !loaded.skipped().is_empty();
    let root = render::SourceRoot::of_cwd();
    let mut report = render::Report::begin(out, format, color, root, unreadable)
        .unwrap_or_else(|e| write_failed(&e))
        .with_summary(!super::quiet());
    let mut failed = None;
    let outcome = checker.check_each(loaded, baseline, &mut |f| {
        if let Some(s) = &mut summary {
            s.add(&f);
        }
        match report.finding(&f) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        }
    });
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            drop(report.into_inner().into_parts());
            return Err(e);
        }
    };
    if let Some(e) = failed {
        write_failed(&e);
    }
    report.end(&outcome).unwrap_or_else(|e| write_failed(&e));
    if let (Some(path), Some(summary)) = (summary_path, summary) {
        use std::io::Write;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(summary.finish(&outcome).as_bytes()))
            .map_err(|e| shuyu::Error::io(&path, e))?;
    }
    Ok(outcome)
}

/// Standard output failed: a closed pipe (`| head`) ends the run quietly, anything else is an
/// error, as for every command's output.
fn write_failed(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("shuyu: error: cannot write to standard output: {e}");
    std::process::exit(2);
}

/// A note for each pair checked the other way round from how it was given, in every format.
fn note_swapped(reports: &[shuyu::check::PairReport]) {
    for p in reports.iter().filter(|p| p.swapped && !super::quiet()) {
        eprintln!(
            "shuyu: note: {} is the Chinese text and {} its English translation, by their \
             content: checked so",
            p.zh, p.en
        );
    }
}

/// What a run checks and how, once the flags, the configuration file and the defaults are
/// taken together (a flag wins over the file, the file over the default).
struct Settings {
    glossary: Glossary,
    /// Files and folders to check: the paths named, else the file's `paths`, else `.` (none
    /// when only `--pair` is given); folders the file's globs filter are replaced by the
    /// files they keep.
    paths: Vec<PathBuf>,
    /// `--pair` pairs, then those the file's patterns find.
    pairs: Vec<SourcedPair>,
    /// Which bilingual rules run on pairs found by name (`NAME.zh.EXT` beside
    /// `NAME.en.EXT`), when the flag or the file says; a pair of `pairs` says for itself, and
    /// an XLIFF or TMX file by its declared source language.
    source: Option<SourceLang>,
    /// Entries the file's globs kept that are not files (FIFOs, broken links).
    skipped: Vec<shuyu::corpus::Skipped>,
    format: CheckFormat,
    fail_on: Severity,
    baseline: Option<PathBuf>,
}

/// The settings of a run of `a`.
fn settings(
    a: &Args,
    paths: Vec<PathBuf>,
    pair_paths: Vec<PathBuf>,
    stdin: bool,
) -> Result<Settings, shuyu::Error> {
    let (config, cwd) = a.config.load()?;
    let glossary = super::config::glossary(&a.glossary, config.as_ref())?;
    let file = config.map(|c| c.check).unwrap_or_default();
    let source: Option<SourceLang> = a.source.map(Into::into).or(file.source);
    let mut pairs: Vec<SourcedPair> = pair_paths
        .chunks(2)
        .map(|c| SourcedPair {
            pair: Pair {
                zh: c[0].clone(),
                en: c[1].clone(),
            },
            source: source.unwrap_or_default(),
        })
        .collect();
    let named = if !paths.is_empty() {
        paths
    } else if !pairs.is_empty() || stdin {
        Vec::new()
    } else if !file.paths.is_empty() {
        file.paths.clone()
    } else {
        vec![PathBuf::from(".")]
    };
    let scope = file.scope(&named, &cwd)?;
    pairs.extend(scope.pairs);
    Ok(Settings {
        glossary,
        paths: scope.paths,
        pairs,
        source,
        skipped: scope.skipped,
        format: a
            .format
            .map(Into::into)
            .or(file.format)
            .unwrap_or(CheckFormat::Human),
        fail_on: a
            .fail_on
            .map(Into::into)
            .or(file.fail_on)
            .unwrap_or(Severity::Error),
        // Writing a baseline reads none, and the file's may not exist yet.
        baseline: a
            .baseline
            .clone()
            .or(file.baseline.filter(|_| a.write_baseline.is_none())),
    })
}
