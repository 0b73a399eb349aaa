//! `shuyu export`: the glossary as TBX (v3 or v2), OmegaT TSV, CSV, memoQ CSV or a searchable
//! HTML page.

use shuyu::glossary::Status;
use shuyu::render::export;
use std::path::PathBuf;
use std::process::ExitCode;

/// Export the glossary as TBX, OmegaT TSV, CSV, memoQ CSV or a searchable HTML page.
///
///   tbx   TBX v3 (ISO 30042:2019, TBX-Basic dialect, <tbx> root): the current standard,
///         for tools that read TBX v3 (and for archiving: it validates against the TBX core
///         RELAX NG and the TBX-Basic Schematron). One conceptEntry per entry, forms with
///         administrativeStatus preferredTerm-admn-sts / admittedTerm-admn-sts /
///         deprecatedTerm-admn-sts, abbreviations with termType abbreviation, notes, sources
///         and contexts; statuses other than approved and detect: false as notes
///         ("shuyu status: candidate", "shuyu detect: false").
///   tbx2  The same content as TBX v2 (TBX-Basic, <martif> root, termEntry/langSet/tig):
///         what most tools read today: translate-toolkit and Weblate, OmegaT, and the tools
///         that import "TBX" without saying which version. Use it unless a tool asks for v3.
///   tsv   OmegaT glossary (source<TAB>target<TAB>comment): every Chinese form to the
///         preferred English, the preferred Chinese to each admitted English form; deprecated
///         English is named in the comment, never offered as a target. The first line is
///         OmegaT's UTF-8 coding comment, so OmegaT reads any name (glossary.txt) as UTF-8.
///   csv   RFC 4180 CSV (UTF-8 with BOM), one row per entry, for spreadsheets and Trados:
///         ID, Chinese, English, Chinese admitted, English admitted, Chinese deprecated,
///         English deprecated, Type, Status, Note, Sources; several forms in a cell are
///         separated by "; ".
///   memoq memoQ term-base CSV, laid out as memoQ's own CSV export so that its import maps
///         every column from the header: Entry_Note, then one Chinese_PRC or English column
///         per term, each with its Term_Info; deprecated forms are forbidden terms (NonTerm).
///   html  One self-contained page (no server, no network) to search and filter the
///         glossary as you type; deprecated forms struck through. Open it in a browser;
///         glossary.html#q=能力建设 opens with that search.
///
/// An entry id is a TBX id (an XML ID): tbx and tbx2 write an id that starts with a digit
/// as _2021-oewg, and refuse (exit 2, naming each) ids that cannot be XML IDs, such as
/// "x y" or "a:b"; `shuyu glossary lint` reports them as invalid-id.
///
/// tbx, tbx2 and html export every entry (statuses travel with them); tsv, csv and memoq,
/// which CAT tools apply as they are, export approved entries only. --status chooses otherwise.
///
/// Examples:
///   shuyu export --format html -o glossary.html
///   shuyu export --format tbx2 -o un-ict-security.tbx    # OmegaT, Weblate, most CAT tools
///   shuyu export --format tbx -o un-ict-security.tbx     # TBX v3 (ISO 30042:2019)
///   shuyu export --format tsv --status approved --status candidate > glossary.txt
///   shuyu export --format csv --glossary my-terms.yaml -o terms.csv
///   shuyu export --format memoq -o un-terms-memoq.csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum)]
    format: Format,
    /// Write to FILE instead of standard output (- is standard output). A regular file is
    /// replaced atomically; a device, FIFO or /dev/stdout is written in place.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Entries to export, by status (repeatable; default depends on the format, see above).
    #[arg(long, value_enum)]
    status: Vec<StatusArg>,
    /// Glossary to use instead of the configuration file's or the built-in one: a file, a
    /// folder (its .yaml and .yml files) or `builtin` (the built-in UN glossary). Repeatable;
    /// later ones override earlier ones by id: --glossary builtin --glossary team.yaml.
    #[arg(long)]
    glossary: Vec<PathBuf>,
    #[command(flatten)]
    config: super::config::ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Tbx,
    Tbx2,
    Tsv,
    Csv,
    Memoq,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StatusArg {
    Approved,
    Candidate,
    Rejected,
}

pub fn run(a: Args) -> Result<ExitCode, shuyu::Error> {
    let glossary = a.config.glossary(&a.glossary)?;
    let name = match a.format {
        Format::Tbx => "tbx",
        Format::Tbx2 => "tbx2",
        Format::Tsv => "tsv",
        Format::Csv => "csv",
        Format::Memoq => "memoq",
        Format::Html => "html",
    };
    let statuses: Vec<Status> = if a.status.is_empty() {
        export::default_statuses(name).to_vec()
    } else {
        a.status
            .iter()
            .map(|s| match s {
                StatusArg::Approved => Status::Approved,
                StatusArg::Candidate => Status::Candidate,
                StatusArg::Rejected => Status::Rejected,
            })
            .collect()
    };
    let entries = export::select(&glossary, &statuses);
    let text = export::render(name, &glossary.name, &entries)?;
    match &a.output {
        Some(path) if path.as_os_str() != "-" => {
            match shuyu::util::fs::write_output(path, &text) {
                // As on standard output: the reader of a pipe (`-o /dev/stdout | head`) that
                // stopped reading has what it wanted.
                Err(shuyu::Error::Write { source, .. })
                    if source.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    return Ok(ExitCode::SUCCESS);
                }
                r => r?,
            }
            eprintln!(
                "shuyu: wrote {} entries to {}",
                entries.len(),
                path.display()
            );
        }
        _ => super::print(&text),
    }
    Ok(ExitCode::SUCCESS)
}
