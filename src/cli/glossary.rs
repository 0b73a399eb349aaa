//! `shuyu glossary lint|fmt`: checks and canonical layout of glossary files.

use shuyu::corpus::find_files_in;
use shuyu::glossary::lint;
use shuyu::glossary::{DEFAULT_GLOSSARY, DEFAULT_GLOSSARY_PATH, read_text};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Check and format glossary files (lint, fmt).
///
/// Examples:
///   shuyu glossary lint                       # glossary/*.yaml, or the built-in glossary
///   shuyu glossary fmt --check glossary/
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand, Debug)]
enum Sub {
    Lint(LintArgs),
    Fmt(FmtArgs),
}

/// Report every problem of glossary files at once; exit 1 if any.
///
/// Each problem is one line, `path:line: message [rule-id]`, in line order.
///
/// Rules:
///   yaml-syntax               the file is not YAML
///   invalid-top-level         not a mapping, a version other than 1 or none, a name that is
///                             not a string, entries that are not a list
///   unknown-key               a key the schema does not know (each one)
///   invalid-entry             an entry that does not load (a wrong value or type)
///   invalid-id                an id that is not lowercase letters and digits joined by
///                             hyphens
///   duplicate-id              an id an earlier entry already has
///   form-in-two-entries       one form in two entries, or twice in one
///   deprecated-is-preferred   a deprecated form that is a preferred, abbreviated or admitted
///                             form anywhere
///   approved-without-english  an approved entry without English
///   no-chinese                an entry without Chinese
///   blank-form                an empty form, or one with spaces at either end
///   long-form                 a form of more than 1,000 characters, which no command loads
///   detect-needs-version      detect: false in a file that says version: 1
///   field-needs-version       changed, or an en_suggestions from, in a file that says
///                             version 1 or 2
///
/// English is compared case-insensitively. A file that does not parse is a problem too
/// (exit 1); one that cannot be read is an error (exit 2).
///
/// With no PATH, lints glossary/*.yaml in the current directory, or the built-in glossary
/// when there is no glossary/ directory. A directory stands for its .yaml and .yml files.
/// `-` reads one glossary from standard input (UTF-8), named by --stdin-filename in problems.
///
/// Examples:
///   shuyu glossary lint
///   shuyu glossary lint glossary/un-ict-security.yaml my-terms.yaml
///   git show HEAD:glossary/team.yaml | shuyu glossary lint - --stdin-filename team.yaml
///   shuyu glossary lint -q glossary/                # problems only (pre-commit, CI)
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
struct LintArgs {
    /// Glossary files or directories; `-` for standard input.
    paths: Vec<PathBuf>,
    /// The name problems give standard input (`-`) [default: <stdin>].
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// Print the problems and errors only, without the `N problems in N files` line on
    /// stderr: a clean run prints nothing. Exit codes are unchanged.
    #[arg(short, long)]
    quiet: bool,
}

/// Rewrite glossary files in the canonical layout.
///
/// Fixed key order, flow lists, quoting only where YAML needs it, one blank line between
/// entries, full-line comments kept with the entry they precede. Formatting a formatted
/// file changes nothing, so diffs in review show only real changes. Files are replaced
/// atomically, and only when they change.
///
/// With --check, nothing is written: each file not in canonical layout is reported as
/// `path:line: …` at its first differing line, and the exit code is 1.
///
/// Examples:
///   shuyu glossary fmt
///   shuyu glossary fmt --check glossary/un-ict-security.yaml
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
struct FmtArgs {
    /// Glossary files or directories (default: glossary/).
    paths: Vec<PathBuf>,
    /// Report files that are not formatted instead of rewriting them.
    #[arg(long)]
    check: bool,
}

pub fn run(a: Args) -> Result<ExitCode, shuyu::Error> {
    match a.command {
        Sub::Lint(l) => lint_files(l),
        Sub::Fmt(f) => fmt_files(f),
    }
}

/// The files named, in the order given, each directory expanded to its own YAML files in name
/// order (the walker every command uses: hidden and .gitignored files stay out).
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, shuyu::Error> {
    let mut out = Vec::new();
    for p in paths {
        out.extend(find_files_in(
            std::slice::from_ref(p),
            &["yaml", "yml"],
            Some(1),
        )?);
    }
    Ok(out)
}

fn lint_files(a: LintArgs) -> Result<ExitCode, shuyu::Error> {
    let (paths, _, stdin) = super::stdin_in(a.paths, Vec::new(), a.stdin_filename)?;
    let mut inputs = lint_inputs(paths, stdin.is_some())?;
    if let Some(s) = stdin {
        let name = s.name.display().to_string();
        // Read as a glossary file is: UTF-8, or an error naming the byte.
        let text = String::from_utf8(s.bytes).map_err(|e| shuyu::Error::Glossary {
            path: s.name,
            line: None,
            message: format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        })?;
        inputs.push((name, text));
    }
    let mut out = String::new();
    let mut problems = 0;
    for (name, text) in &inputs {
        for p in lint::lint(text) {
            problems += 1;
            let id = p.rule.id();
            match p.line {
                Some(l) => out.push_str(&format!("{name}:{l}: {} [{id}]\n", p.message)),
                None => out.push_str(&format!("{name}: {} [{id}]\n", p.message)),
            }
        }
    }
    super::print(&out);
    if !a.quiet {
        eprintln!(
            "shuyu: {problems} problem{} in {} file{}",
            if problems == 1 { "" } else { "s" },
            inputs.len(),
            if inputs.len() == 1 { "" } else { "s" }
        );
    }
    Ok(if problems > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The glossaries named, as `(name, text)`: with no path, glossary/*.yaml or the built-in
/// glossary, unless standard input is the glossary to lint.
fn lint_inputs(paths: Vec<PathBuf>, stdin: bool) -> Result<Vec<(String, String)>, shuyu::Error> {
    let default_dir = Path::new("glossary");
    if paths.is_empty() && stdin {
        return Ok(Vec::new());
    }
    if paths.is_empty() && !default_dir.is_dir() {
        return Ok(vec![(
            format!("{DEFAULT_GLOSSARY_PATH} (built in)"),
            DEFAULT_GLOSSARY.to_owned(),
        )]);
    }
    let paths = if paths.is_empty() {
        vec![default_dir.to_owned()]
    } else {
        paths
    };
    let files = expand(&paths)?;
    if files.is_empty() {
        return Err(shuyu::Error::Usage("no glossary files to lint".into()));
    }
    files
        .iter()
        .map(|f| Ok((f.display().to_string(), read_text(f)?)))
        .collect()
}

fn fmt_files(a: FmtArgs) -> Result<ExitCode, shuyu::Error> {
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from("glossary")]
    } else {
        a.paths
    };
    let files = expand(&paths)?;
    if files.is_empty() {
        return Err(shuyu::Error::Usage("no glossary files to format".into()));
    }
    // Every file is read and formatted before any is written: one malformed file leaves all
    // of them as they were.
    let todo = unformatted(&files)?;
    if !a.check {
        let changed: Vec<PathBuf> = todo.iter().map(|(f, ..)| (*f).clone()).collect();
        super::print(&rewrite(&changed)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for (f, line, _) in &todo {
        out.push_str(&format!(
            "{}:{line}: not in canonical layout (run `shuyu glossary fmt {}`)\n",
            f.display(),
            f.display()
        ));
    }
    super::print(&out);
    Ok(if todo.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Rewrites `files` in canonical layout under their locks, reading and formatting them again
/// there: a merge may have changed one since, and must not be undone.
fn rewrite(files: &[PathBuf]) -> Result<String, shuyu::Error> {
    let mut out = String::new();
    if files.is_empty() {
        return Ok(out);
    }
    let locks = lock_all(files)?;
    for (f, _, canonical) in unformatted(files)? {
        let target = std::fs::canonicalize(f).map_err(|e| shuyu::Error::io(f, e))?;
        match locks.iter().find(|(t, _)| *t == target) {
            Some((_, lock)) => lock.replace(&canonical)?,
            None => super::lock_glossary(f)?.replace(&canonical)?,
        }
        out.push_str(&format!("formatted {}\n", f.display()));
    }
    Ok(out)
}

/// The files not in canonical layout, with the first differing line and the canonical text.
fn unformatted(files: &[PathBuf]) -> Result<Vec<(&PathBuf, usize, String)>, shuyu::Error> {
    let mut todo = Vec::new();
    for f in files {
        let text = read_text(f)?;
        let canonical = lint::canonical(&text, f)?;
        if let Some(line) = lint::first_difference(&text, &canonical) {
            todo.push((f, line, canonical));
        }
    }
    Ok(todo)
}

/// Locks every glossary named, each file once (two names of one file share its lock, and a
/// process that took it twice would wait for itself), in path order, so that two runs
/// locking overlapping sets never wait for each other.
fn lock_all(
    paths: &[PathBuf],
) -> Result<Vec<(PathBuf, shuyu::util::fs::GlossaryLock)>, shuyu::Error> {
    let mut named = paths
        .iter()
        .map(|p| {
            Ok((
                std::fs::canonicalize(p).map_err(|e| shuyu::Error::io(p, e))?,
                p,
            ))
        })
        .collect::<Result<Vec<_>, shuyu::Error>>()?;
    named.sort();
    named.dedup_by(|a, b| a.0 == b.0);
    named
        .into_iter()
        .map(|(target, p)| Ok((target, super::lock_glossary(p)?)))
        .collect()
}
