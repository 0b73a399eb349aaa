//! Argument definitions and dispatch, one file per command.

/// A command-line mirror of a library enum: clap parses the mirror (its variants give the
/// possible values, in kebab case) and the command converts it, so the library's types carry
/// no CLI derive.
macro_rules! arg_enum {
    ($arg:ident => $lib:ty { $($variant:ident),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
        pub enum $arg {
            $($variant),+
        }

        impl From<$arg> for $lib {
            fn from(a: $arg) -> Self {
                match a {
                    $($arg::$variant => <$lib>::$variant),+
                }
            }
        }
    };
}

mod align;
pub mod alloc;
mod check;
mod config;
mod export;
mod extract;
mod glossary;
mod import;
mod lookup;
mod merge;
mod serve;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// shuyu (术语): mine terminology from Chinese UN documents, keep a curated Chinese→English
/// glossary in UN usage, and check documents and translations against it.
#[derive(Parser, Debug)]
#[command(name = "shuyu", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Extract(extract::Args),
    Merge(merge::Args),
    Import(import::Args),
    Glossary(glossary::Args),
    Lookup(lookup::Args),
    Export(export::Args),
    Check(check::Args),
    Align(align::Args),
    Serve(serve::Args),
}

pub fn run(cli: Cli) -> Result<ExitCode, shuyu::Error> {
    match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Merge(a) => merge::run(a),
        Command::Import(a) => import::run(a),
        Command::Glossary(a) => glossary::run(a),
        Command::Lookup(a) => lookup::run(a),
        Command::Export(a) => export::run(a),
        Command::Check(a) => check::run(a),
        Command::Align(a) => align::run(a),
        Command::Serve(a) => serve::run(a),
    }
}

/// The most worker threads `--threads` may ask for. Past the cores, threads only add
/// overhead (every command is CPU-bound); each one reserves a stack, and creating 100,000 of
/// them takes minutes. A fixed limit, rather than a multiple of this machine's cores, lets a
/// command line that works on one machine work on every other; 1024 is above the hardware
/// threads of today's largest two-socket servers.
pub const MAX_THREADS: usize = 1024;

/// Uses `n` worker threads for the whole process (0: one per core); more than
/// [`MAX_THREADS`] is a usage error.
pub fn set_threads(n: usize) -> Result<(), shuyu::Error> {
    if n > MAX_THREADS {
        return Err(shuyu::Error::Usage(format!(
            "--threads {n}: at most {MAX_THREADS}; 0 uses one per core"
        )));
    }
    if n > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .map_err(|e| shuyu::Error::Usage(format!("--threads {n}: {e}")))?;
    }
    Ok(())
}

/// When a command paints its output with ANSI colours (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set (non-empty); CLICOLOR_FORCE (non-empty, not 0)
    /// forces colour anywhere, CLICOLOR=0 turns it off.
    #[default]
    Auto,
    /// Always, whatever the environment says (for CI logs that render ANSI escapes).
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    /// Whether standard output is to be painted.
    pub fn paints_stdout(self) -> bool {
        use std::io::IsTerminal;
        self.paints(std::io::stdout().is_terminal(), |k| std::env::var_os(k))
    }

    /// `auto` follows https://no-color.org/ and https://bixense.com/clicolors/; NO_COLOR wins
    /// over CLICOLOR_FORCE because it is the reader's own refusal, the other a tool's request.
    fn paints(self, terminal: bool, env: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
        let value = |k: &str| env(k).filter(|v| !v.is_empty());
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto if value("NO_COLOR").is_some() => false,
            ColorWhen::Auto if value("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
            ColorWhen::Auto => terminal && value("CLICOLOR").is_none_or(|v| v != "0"),
        }
    }
}

/// Set by `--quiet`: the notes and warnings this module prints are left out, errors are not.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Leaves out, for the rest of the process, the notes and warnings on stderr (`--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// Whether `--quiet` was given: notes and warnings are not to be printed.
pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints a warning for each skipped file or directory: the run goes on without them.
pub fn warn_skipped(skipped: &[shuyu::corpus::Skipped]) {
    if quiet() {
        return;
    }
    for s in skipped {
        eprintln!(
            "shuyu: warning: {}: {}, skipped",
            s.path.display(),
            s.reason
        );
    }
}

/// Prints what a user should know about how an XLIFF, TMX or DOCX file was read.
pub fn note_read(notes: &[(std::path::PathBuf, String)]) {
    if quiet() {
        return;
    }
    for (path, note) in notes {
        eprintln!("shuyu: note: {}: {note}", path.display());
    }
}

/// An error for a file of `skipped` that is an XLIFF, TMX or DOCX file the user named: its
/// content is what they asked about, so a run without it would mislead.
pub fn refuse_named_format(
    named: &[std::path::PathBuf],
    skipped: &[shuyu::corpus::Skipped],
) -> Result<(), shuyu::Error> {
    match skipped
        .iter()
        .find(|s| shuyu::formats::Format::of(&s.path).is_some() && named.contains(&s.path))
    {
        Some(s) => Err(shuyu::formats::error_of(&s.path, &s.reason)),
        None => Ok(()),
    }
}

/// Prints a warning for each file read with invalid UTF-8 replaced: the run uses the rest.
pub fn warn_repaired(repaired: &[shuyu::corpus::Repaired]) {
    if quiet() {
        return;
    }
    for r in repaired {
        eprintln!("shuyu: warning: {}: {r}", r.path.display());
    }
}

/// Takes `-` (standard input) out of the paths and the `--pair` halves, and reads standard
/// input when it is named: once at most. A `-` half stands for its name. `--stdin-filename`
/// without `-` is a usage error: it would name nothing.
#[allow(clippy::type_complexity)]
pub fn stdin_in(
    paths: Vec<std::path::PathBuf>,
    mut pair: Vec<std::path::PathBuf>,
    name: Option<std::path::PathBuf>,
) -> Result<
    (
        Vec<std::path::PathBuf>,
        Vec<std::path::PathBuf>,
        Option<shuyu::corpus::Stdin>,
    ),
    shuyu::Error,
> {
    let dash = |p: &std::path::PathBuf| p.as_os_str() == "-";
    let count = paths.iter().chain(&pair).filter(|p| dash(p)).count();
    if count > 1 {
        return Err(shuyu::Error::Usage(
            "`-` (standard input) is named more than once: it can be read only once".into(),
        ));
    }
    if count == 0 {
        if let Some(n) = name {
            return Err(shuyu::Error::Usage(format!(
                "--stdin-filename {}: no `-` among the paths, so standard input is not read",
                n.display()
            )));
        }
        return Ok((paths, pair, None));
    }
    let stdin = shuyu::corpus::Stdin::read(name)?;
    for p in pair.iter_mut().filter(|p| dash(p)) {
        *p = stdin.name.clone();
    }
    let paths = paths.into_iter().filter(|p| !dash(p)).collect();
    Ok((paths, pair, Some(stdin)))
}

/// Locks the glossary at `path` for an update, telling the user when another shuyu makes it
/// wait. `SHUYU_LOCK_TIMEOUT` (seconds) says how long to wait at most.
pub fn lock_glossary(
    path: &std::path::Path,
) -> Result<shuyu::util::fs::GlossaryLock, shuyu::Error> {
    shuyu::util::fs::GlossaryLock::acquire(path, lock_timeout()?, &mut lock_note(path))
}

/// How long to wait for another shuyu's lock on a glossary: SHUYU_LOCK_TIMEOUT seconds, or
/// the default.
pub fn lock_timeout() -> Result<std::time::Duration, shuyu::Error> {
    match std::env::var("SHUYU_LOCK_TIMEOUT") {
        Ok(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(|secs| std::time::Duration::try_from_secs_f64(secs).ok())
            .ok_or_else(|| {
                shuyu::Error::Usage(format!("SHUYU_LOCK_TIMEOUT={s}: not a number of seconds"))
            }),
        Err(_) => Ok(shuyu::util::fs::LOCK_TIMEOUT),
    }
}

/// The note printed (unless --quiet) when the lock on `path` is long in coming.
pub fn lock_note(path: &std::path::Path) -> impl FnMut() + '_ {
    move || {
        if quiet() {
            return;
        }
        eprintln!(
            "shuyu: waiting for the lock on {} held by another shuyu",
            path.display()
        );
    }
}

/// How `merge` and `import` update their glossary: a dry run, or a write that waits for
/// another shuyu's lock as SHUYU_LOCK_TIMEOUT says, telling so through `note`.
pub fn update_mode<'a>(
    dry_run: bool,
    note: &'a mut dyn FnMut(),
) -> Result<shuyu::glossary::Mode<'a>, shuyu::Error> {
    Ok(if dry_run {
        shuyu::glossary::Mode::DryRun
    } else {
        shuyu::glossary::Mode::Write {
            wait: lock_timeout()?,
            on_wait: note,
        }
    })
}

/// Writes `text` to stdout. A closed pipe (`| head`) ends the program quietly with 0: the
/// reader has what it wanted. Any other failure (a full disk, `> /dev/full`) is exit 2 with a
/// message, since the output the user asked for does not exist.
pub fn print(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) else {
        return;
    };
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("shuyu: error: cannot write to standard output: {e}");
    std::process::exit(2);
}

#[cfg(test)]
mod tests {
    use super::ColorWhen;
    use std::ffi::OsString;

    /// Whether `when` paints, on a terminal or not, in an environment of `vars` only.
    fn paints(when: ColorWhen, terminal: bool, vars: &[(&str, &str)]) -> bool {
        when.paints(terminal, |k| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn auto_colours_a_terminal_only() {
        assert!(paints(ColorWhen::Auto, true, &[]));
        assert!(!paints(ColorWhen::Auto, false, &[]));
    }

    #[test]
    fn no_color_set_and_non_empty_turns_auto_off() {
        assert!(!paints(ColorWhen::Auto, true, &[("NO_COLOR", "1")]));
        assert!(paints(ColorWhen::Auto, true, &[("NO_COLOR", "")]));
        assert!(!paints(
            ColorWhen::Auto,
            true,
            &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]
        ));
    }

    #[test]
    fn clicolor_force_colours_a_pipe_unless_zero_or_empty() {
        assert!(paints(ColorWhen::Auto, false, &[("CLICOLOR_FORCE", "1")]));
        assert!(!paints(ColorWhen::Auto, false, &[("CLICOLOR_FORCE", "0")]));
        assert!(!paints(ColorWhen::Auto, false, &[("CLICOLOR_FORCE", "")]));
        assert!(!paints(ColorWhen::Auto, true, &[("CLICOLOR", "0")]));
    }

    #[test]
    fn always_and_never_ignore_the_environment() {
        assert!(paints(ColorWhen::Always, false, &[("NO_COLOR", "1")]));
        assert!(!paints(ColorWhen::Never, true, &[("CLICOLOR_FORCE", "1")]));
    }
}
