//! `shuyu import`: folds term bases other tools export (TBX, CSV, TSV, XLIFF, TMX) into a
//! glossary file,
//! atomically, under merge's never-clobber rules.

use shuyu::import::{self, Format, Options, Report, table::Columns};
use std::path::PathBuf;
use std::process::ExitCode;

/// Import TBX (v2 and v3), CSV, TSV, XLIFF or TMX term lists into a glossary, never changing what a person
/// curated.
///
/// Each concept of the files names an entry of the glossary by its id or by one of its
/// Chinese forms, or becomes a new entry with `status: candidate` (with --trust-status, the
/// status the file carries: shuyu's own TBX and CSV carry one). Deprecated, superseded and
/// forbidden terms become deprecated forms; notes, definitions and sources are kept.
///
/// An existing approved or rejected entry keeps its forms, note and sources: Chinese it does
/// not have goes to its suggested_variants, English to the report as not stored. An existing
/// candidate gets what it lacks (an English block, a note, sources), other English as
/// en_suggestions. A concept without Chinese is skipped and reported.
///
/// Formats (--from auto, the default, tells them by extension, then by content):
///   tbx   TBX v3 (<tbx>, conceptEntry/langSec/termSec) or v2 (<martif>, termEntry/langSet/
///         tig or ntig), as UNTERM, IATE and shuyu export --format tbx write.
///   csv   A header row, then one concept per row; comma or semicolon. Headers are mapped by
///         name: shuyu's (ID, Chinese, English, Chinese admitted, Chinese deprecated, Note,
///         Status, Type, Sources…), memoQ's (Entry_ID, Entry_Note, Chinese_PRC,
///         English_United_States, …_Def), language codes (zh-CN, en); --columns names others.
///         Several terms in one cell are separated by ; or |.
///   tsv   The same with tabs; a file whose first row is a Chinese term rather than a header is
///         OmegaT's glossary (source, target, comment).
///   xliff, tmx
///         A term list kept as XLIFF (.xlf, .xliff, .sdlxliff) or TMX (.tmx): each unit one
///         concept, its Chinese and English segments the terms (languages from the file).
///         A memory of sentences is not a term list: align it instead (shuyu align FILE.tmx).
///
/// The glossary is replaced atomically, and only when something changed: importing the same
/// file twice changes nothing the second time. Exit 0: imported (or nothing to change);
/// 1: no concept in the files could be imported (the glossary is left as it was); 2: a file
/// that cannot be read or is malformed (file:line:column), a bad --columns, a glossary that
/// does not load or cannot be written.
///
/// Examples:
///   shuyu import unterm.tbx --into glossary/team.yaml --dry-run
///   shuyu export --format tbx -o all.tbx && shuyu import all.tbx --into copy.yaml --trust-status
///   shuyu import terms.csv --into glossary/team.yaml --columns zh=术语,en=Term,note=备注
///   shuyu import memoq.csv --into glossary/team.yaml --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Files to import: TBX, CSV or TSV.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Glossary file to import into (created when it does not exist).
    #[arg(long, value_name = "GLOSSARY")]
    into: PathBuf,
    /// Format of the files: auto tells it by extension (.tbx, .xml, .csv, .tsv, .tab),
    /// else by content.
    #[arg(long, value_enum, default_value = "auto")]
    from: FromArg,
    /// Column mapping for CSV and TSV: FIELD=HEADER, comma-separated or repeated. FIELD is
    /// id, note, definition, sources, status, type, or LANG, LANG.admitted, LANG.abbr,
    /// LANG.deprecated, LANG.note (LANG: zh, en, fr, es, ru, ar). Headers not named are
    /// mapped by themselves. Example: --columns zh=术语,en=Term,zh.deprecated=不推荐.
    #[arg(long, value_name = "FIELD=HEADER")]
    columns: Vec<String>,
    /// Give new entries the status the file carries (shuyu's TBX note `shuyu status: …`,
    /// an entry without it in a TBX shuyu exported being approved; a Status column),
    /// instead of `candidate`. Existing entries never change status.
    #[arg(long)]
    trust_status: bool,
    /// Print what would change and leave the glossary as it is.
    #[arg(long)]
    dry_run: bool,
    /// Report format: human (one line per entry added, updated or skipped, then a summary)
    /// or json.
    #[arg(long, value_enum, default_value = "human")]
    format: ReportFormat,
    /// Print nothing but errors (and the JSON report with --format json). Exit codes are
    /// unchanged.
    #[arg(short, long)]
    quiet: bool,
}

arg_enum!(FromArg => Format { Auto, Tbx, Csv, Tsv, Xliff, Tmx });

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Human,
    Json,
}

pub fn run(a: Args) -> Result<ExitCode, shuyu::Error> {
    super::set_quiet(a.quiet);
    let columns = Columns::parse(&a.columns)?;
    let mut files = Vec::new();
    let mut formats = Vec::new();
    for path in &a.files {
        let bytes = std::fs::read(path).map_err(|e| shuyu::Error::io(path, e))?;
        let (format, concepts) = import::read(path, &bytes, a.from.into(), &columns)?;
        formats.push((format, concepts.len()));
        files.push((path.clone(), concepts));
    }
    let opts = Options {
        trust_status: a.trust_status,
    };
    let mut note = super::lock_note(&a.into);
    let mode = super::update_mode(a.dry_run, &mut note)?;
    // Nothing imported leaves the glossary as it is, not even created.
    let u = shuyu::glossary::update(&a.into, mode, |glossary| {
        let (imported, report) = import::fold(glossary, &files, &opts);
        let keep = (!report.nothing_imported()).then_some(imported);
        Ok((keep, report))
    })?;
    let report = u.value;
    let nothing = report.nothing_imported();
    let rewrite = u.changed;
    let written = u.written;
    let out = match a.format {
        ReportFormat::Json => json(&a, &formats, &report, written),
        ReportFormat::Human if a.quiet => String::new(),
        ReportFormat::Human => human(&a, &report, rewrite, u.existed),
    };
    super::print(&out);
    Ok(if nothing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn human(a: &Args, r: &Report, rewrite: bool, exists: bool) -> String {
    let mut out = String::new();
    for e in &r.added {
        let en =
            e.en.as_deref()
                .map(|en| format!(" → {en}"))
                .unwrap_or_default();
        out.push_str(&format!("+ {}  {}{en}  ({})\n", e.id, e.zh, e.status));
    }
    for u in &r.updated {
        out.push_str(&format!("~ {}  {}\n", u.id, u.changes.join("; ")));
    }
    for s in &r.skipped {
        out.push_str(&format!("- {}:{}: {}\n", s.file, s.line, s.reason));
    }
    let names: Vec<String> = a.files.iter().map(|p| p.display().to_string()).collect();
    let verb = match (a.dry_run, rewrite, exists) {
        _ if r.nothing_imported() => "nothing imported",
        (true, true, _) => "would change",
        (_, false, _) => "unchanged",
        (false, true, true) => "updated",
        (false, true, false) => "created",
    };
    out.push_str(&format!(
        "{}: {verb} (from {}): {} added, {} updated, {} unchanged, {} skipped\n",
        a.into.display(),
        names.join(", "),
        r.added.len(),
        r.updated.len(),
        r.unchanged,
        r.skipped.len()
    ));
    out
}

/// The JSON report, its keys in this order.
#[derive(serde::Serialize)]
struct Json<'a> {
    glossary: String,
    dry_run: bool,
    written: bool,
    files: Vec<FileJson>,
    added: &'a [import::Added],
    updated: &'a [import::Updated],
    unchanged: usize,
    skipped: &'a [import::Skip],
    summary: Summary,
}

#[derive(serde::Serialize)]
struct FileJson {
    file: String,
    format: &'static str,
    concepts: usize,
}

#[derive(serde::Serialize)]
struct Summary {
    added: usize,
    updated: usize,
    unchanged: usize,
    skipped: usize,
}

fn json(a: &Args, formats: &[(Format, usize)], r: &Report, written: bool) -> String {
    let files = a
        .files
        .iter()
        .zip(formats)
        .map(|(p, (f, n))| FileJson {
            file: p.display().to_string(),
            format: f.as_str(),
            concepts: *n,
        })
        .collect();
    let v = Json {
        glossary: a.into.display().to_string(),
        dry_run: a.dry_run,
        written,
        files,
        added: &r.added,
        updated: &r.updated,
        unchanged: r.unchanged,
        skipped: &r.skipped,
        summary: Summary {
            added: r.added.len(),
            updated: r.updated.len(),
            unchanged: r.unchanged,
            skipped: r.skipped.len(),
        },
    };
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
