//! `shuyu check`: terminology findings for CI, in Chinese, in English and across translations.

use shuyu::check::{Baseline, Checker, Severity};
use shuyu::corpus::Pair;
use shuyu::glossary::Glossary;
use shuyu::render::check::{self as render, CheckFormat};

arg_enum!(CheckFormatArg => CheckFormat { Human, Json, Sarif, Github });
arg_enum!(SeverityArg => Severity { Warning, Error });
use std::path::PathBuf;
use std::process::ExitCode;

/// Check Chinese documents and their English translations against the glossary.
///
/// Rules:
///   deprecated-zh  error    a deprecated Chinese form (also when broken across lines or bold)
///   deprecated-en  error    a deprecated English rendering (any case, singular or plural)
///   missing-en     warning  an approved Chinese term whose approved English is missing from
///                           the aligned English segment (counted per occurrence)
///   unreadable     error    a file that could not be read as text (binary, unreadable, not a
///                           regular file), so was not checked; never baselined
///
/// Directories are walked for .txt, .md, .zh and .en files; finding none is an error. A few
/// invalid UTF-8 bytes in a file are replaced by U+FFFD with a warning, and the rest checked. Files named NAME.en.EXT or NAME.en
/// are English; NAME.zh.EXT beside NAME.en.EXT (and UNPC-style NAME.zh beside NAME.en) are
/// checked as a pair: segments are lines when both have as many lines, otherwise paragraphs
/// aligned by length. Only approved entries produce findings.
///
/// Put `shuyu-ignore` anywhere on a line (e.g. in a comment) to silence it. Record today's
/// findings with --write-baseline and report only new ones with --baseline.
///
/// Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage, input or glossary error.
///
/// Examples:
///   shuyu check docs/
///   shuyu check --pair report.zh.md report.en.md --fail-on warning
///   shuyu check docs/ --format sarif > shuyu.sarif
///   shuyu check docs/ --write-baseline .shuyu-baseline.json     # adopt on a legacy corpus
///   shuyu check docs/ --baseline .shuyu-baseline.json           # then fail on new findings
///   shuyu check -q --color always docs/                         # findings only, coloured log
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Files or directories to check [default: corpus/ unless --pair is given].
    paths: Vec<PathBuf>,
    /// Glossary files to use instead of the built-in one (repeatable; later ones override
    /// earlier ones by id).
    #[arg(long)]
    glossary: Vec<PathBuf>,
    /// A Chinese file and its English translation, checked as a pair (repeatable).
    #[arg(long, num_args = 2, value_names = ["ZH", "EN"])]
    pair: Vec<PathBuf>,
    /// Output format: human (default), json, sarif (2.1.0, for code scanning), github
    /// (workflow annotations, plus a Markdown table in $GITHUB_STEP_SUMMARY when set).
    #[arg(long, value_enum, default_value_t = CheckFormatArg::Human)]
    format: CheckFormatArg,
    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = SeverityArg::Error)]
    fail_on: SeverityArg,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in FILE and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
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
    let glossary = Glossary::load_all(&a.glossary)?;
    let baseline = a.baseline.as_deref().map(Baseline::load).transpose()?;
    let pairs: Vec<Pair> = a
        .pair
        .chunks(2)
        .map(|c| Pair {
            zh: c[0].clone(),
            en: c[1].clone(),
        })
        .collect();
    // The default corpus/ only when nothing at all is named: `--pair` alone checks the pair.
    let paths = if a.paths.is_empty() && pairs.is_empty() {
        vec![PathBuf::from("corpus/")]
    } else {
        a.paths
    };
    let checker = Checker::new(&glossary)?;
    let mut outcome = checker.run(&paths, &pairs)?;
    super::warn_skipped(&outcome.skipped);
    super::warn_repaired(&outcome.repaired);
    // A baseline written with --baseline also given records every current finding, so
    // refreshing one drops what was fixed and keeps what remains.
    if let Some(path) = &a.write_baseline {
        shuyu::util::fs::write_output(path, &Baseline::of(&outcome.findings).to_json())?;
        if !super::quiet() {
            eprintln!(
                "shuyu: wrote {} findings to {}",
                outcome.findings.len(),
                path.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(b) = &baseline {
        b.apply(&mut outcome);
    }
    let color = a.format == CheckFormatArg::Human && a.color.paints_stdout();
    let report = render::render(&outcome, a.format.into(), color);
    super::print(if a.quiet && a.format == CheckFormatArg::Human {
        without_summary(&report)
    } else {
        &report
    });
    if a.format == CheckFormatArg::Github
        && let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty())
    {
        use std::io::Write;
        let path = PathBuf::from(summary);
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(render::github_summary(&outcome).as_bytes()))
            .map_err(|e| shuyu::Error::io(&path, e))?;
    }
    Ok(if outcome.fails(a.fail_on.into()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The human report less its last line, the summary, and the blank line before it.
fn without_summary(report: &str) -> &str {
    let body = report.strip_suffix('\n').unwrap_or(report);
    body.rfind('\n').map_or("", |i| &body[..i])
}
