//! `shuyu merge`: folds extract or align output into a glossary file, atomically.

use shuyu::glossary::Glossary;
use shuyu::glossary::merge::{self, Candidates};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Merge extract or align output into a glossary, never changing what a person curated.
///
/// CANDIDATES is the JSON of `shuyu extract --format json` or `shuyu align --format json`
/// (a file, or - for standard input); which one is told by its shape.
///
/// From extract output: a term that is a form of an entry (any Chinese form, deprecated ones
/// included) refreshes that entry's stats (freq, docs) and contexts; a near-duplicate of an
/// entry (信息通讯技术 next to 信息通信技术) is recorded in its suggested_variants (make it an
/// admitted or deprecated form to settle it: the suggestion then goes away); any other
/// term is appended as `status: candidate` with an id `cand-<hash>`, its stats, contexts and
/// sources; a term the glossary extract ran with knew (its `known`, e.g. the built-in UN
/// glossary) brings that English along as an en_suggestion saying where it is from. From align
/// output: English suggestions go to en_suggestions of existing candidate entries only (and
/// are dropped once a person approves or rejects the entry); align output adds no entries (a
/// term without an entry is skipped and counted), and the English of curated entries is never
/// touched.
///
/// id, type, status, the language blocks, note and (of curated entries) sources are never
/// changed. Comments in the file are kept. The file is replaced atomically, and only when
/// something changed: merging the same candidates twice changes nothing the second time. A
/// malformed candidates file or glossary leaves the glossary as it was (exit 2).
///
/// Examples:
///   shuyu extract corpus/ --format json | shuyu merge - --into glossary/un-ict-security.yaml
///   shuyu merge terms.json --into glossary/un-ict-security.yaml --dry-run
///   shuyu align zh/ en/ --format json | shuyu merge - --into glossary/un-ict-security.yaml
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Candidates JSON file, or - for standard input.
    candidates: PathBuf,
    /// Glossary file to merge into (created when it does not exist).
    #[arg(long, value_name = "GLOSSARY")]
    into: PathBuf,
    /// Print what would change and leave the glossary as it is.
    #[arg(long)]
    dry_run: bool,
    /// Print nothing but errors and the --dry-run listing: no `GLOSSARY: updated (…)` line,
    /// no note on curated entries, no note when waiting for another shuyu's lock. Exit codes
    /// are unchanged.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(a: Args) -> Result<ExitCode, shuyu::Error> {
    super::set_quiet(a.quiet);
    let (text, name) = read_candidates(&a.candidates)?;
    let candidates = merge::parse_candidates(&text, &name)?;
    // The lock is taken after the candidates are in, which may take as long as the
    // `shuyu extract` piped in.
    let mut note = super::lock_note(&a.into);
    let mode = super::update_mode(a.dry_run, &mut note)?;
    let dry_run = a.dry_run;
    let u = shuyu::glossary::update(&a.into, mode, |glossary| {
        let (merged, changes) = merge::merge(glossary, &candidates);
        let before = dry_run.then(|| glossary.clone());
        // Nothing to add to a file that does not exist yet: it is not created empty.
        let merged = Some(merged).filter(|m| m != glossary);
        Ok((merged, (changes, before)))
    })?;
    let (changes, before) = u.value;
    let rewrite = u.changed;

    let mut out = String::new();
    if let Some(before) = &before {
        out.push_str(&dry_run_listing(before, &u.glossary));
    }
    for id in changes.skipped_curated.iter().filter(|_| !a.quiet) {
        out.push_str(&format!(
            "= {id}  English suggestions not stored: the entry is curated\n"
        ));
    }
    let kind = match candidates {
        Candidates::Extract(_) => "extract",
        Candidates::Align(_) => "align",
    };
    let verb = match (a.dry_run, rewrite, u.existed) {
        (true, true, _) => "would change",
        (_, false, false) => "not created, nothing to add",
        (_, false, true) => "unchanged",
        (false, true, true) => "updated",
        (false, true, false) => "created",
    };
    if !a.quiet {
        out.push_str(&format!(
            "{}: {verb} ({kind} candidates from {}): {} added, {} refreshed, {} unchanged, {} variants suggested\n",
            a.into.display(),
            name.display(),
            changes.added.len(),
            changes.refreshed.len(),
            changes.unchanged,
            changes.variants.len(),
        ));
    }
    if !a.quiet && !changes.skipped_absent.is_empty() {
        out.push_str(&skipped_absent_line(&changes.skipped_absent));
    }
    super::print(&out);
    Ok(ExitCode::SUCCESS)
}

/// Align terms no entry has, counted, with the first few named.
fn skipped_absent_line(terms: &[String]) -> String {
    const NAMED: usize = 5;
    let mut named = terms[..terms.len().min(NAMED)].join(", ");
    if terms.len() > NAMED {
        named.push_str(", …");
    }
    format!(
        "{} align terms skipped ({named}): no entry has them, and align output only fills \
         en_suggestions of candidate entries; merge extract output first to add terms\n",
        terms.len()
    )
}

/// What a merge would do, entry by entry: `~ id  changes` for a refreshed entry, `+ id  term
/// (freq, docs)` for an added one.
fn dry_run_listing(before: &Glossary, after: &Glossary) -> String {
    let mut out = String::new();
    for (old, new) in before.entries.iter().zip(&after.entries) {
        if old != new {
            out.push_str(&format!(
                "~ {}  {}\n",
                new.id,
                merge::describe(old, new).join("; ")
            ));
        }
    }
    for e in &after.entries[before.entries.len()..] {
        let zh = e.zh.as_ref().map_or("", |l| l.preferred.as_str());
        let stats = e
            .stats
            .map(|s| format!("  (freq {}, docs {})", s.freq, s.docs))
            .unwrap_or_default();
        out.push_str(&format!("+ {}  {zh}{stats}\n", e.id));
    }
    out
}

fn read_candidates(path: &Path) -> Result<(String, PathBuf), shuyu::Error> {
    let mut bytes = Vec::new();
    let name = if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| shuyu::Error::io("<stdin>", e))?;
        PathBuf::from("<stdin>")
    } else {
        bytes = std::fs::read(path).map_err(|e| shuyu::Error::io(path, e))?;
        path.to_owned()
    };
    let text = String::from_utf8(bytes).map_err(|_| shuyu::Error::Input {
        path: name.clone(),
        line: None,
        message: "not UTF-8".into(),
    })?;
    Ok((text, name))
}
