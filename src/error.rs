//! Typed errors of the library; the binary reports them with context and maps them to exit codes.

use std::fmt;
use std::path::PathBuf;

/// Everything the library can fail with. Each variant carries what a user needs to find the
/// problem (a path, a line) so the binary never has to guess.
#[derive(Debug)]
pub enum Error {
    /// A path named by the user does not exist or cannot be read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A glossary file is malformed; `line` is 1-based when known.
    Glossary {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    /// A configuration file (`shuyu.toml`) is malformed; `line` is 1-based when known.
    Config {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    /// An input file (candidates, baseline, term list) is malformed.
    Input {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    /// A structured input file (XML) that is not well formed: `line` and `column` are 1-based,
    /// the column in characters.
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A path named by the user that is neither a regular file nor a directory (a FIFO, a
    /// socket, a device): never opened, since opening a FIFO blocks until someone writes to it.
    NotAFile { path: PathBuf, kind: &'static str },
    /// Arguments that are individually valid but do not make sense together.
    Usage(String),
    /// More forms (glossary forms, or terms to align) than one matching automaton can hold.
    Automaton { forms: usize, message: String },
    /// A corpus too large to extract from at once: its token stream, one end mark per
    /// document included, must fit 32-bit positions.
    CorpusTooLarge { tokens: usize },
    /// A file shuyu will not write: not a regular file where one is needed, read-only,
    /// hard-linked. `reason` says what is wrong and what to do.
    Refused { path: PathBuf, reason: String },
    /// Writing a file failed: `what` names the step (creating the temporary file in its
    /// directory, keeping its owner, replacing it) and `hint`, when not empty, what to do.
    Write {
        path: PathBuf,
        what: String,
        source: std::io::Error,
        hint: String,
    },
    /// Another process held the lock of a glossary longer than shuyu waits for it.
    Locked {
        path: PathBuf,
        lock: PathBuf,
        seconds: f64,
    },
    /// A Chinese/English pair that cannot be aligned into segments.
    Align {
        zh: PathBuf,
        en: PathBuf,
        message: String,
    },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

fn location(path: &std::path::Path, line: &Option<usize>) -> String {
    match line {
        Some(l) => format!("{}:{}", path.display(), l),
        None => path.display().to_string(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            Error::Glossary {
                path,
                line,
                message,
            } => {
                write!(f, "{}: invalid glossary: {}", location(path, line), message)
            }
            Error::Config {
                path,
                line,
                message,
            } => write!(
                f,
                "{}: invalid configuration: {}",
                location(path, line),
                message
            ),
            Error::Input {
                path,
                line,
                message,
            } => write!(f, "{}: {}", location(path, line), message),
            Error::Syntax {
                path,
                line,
                column,
                message,
            } => write!(f, "{}:{line}:{column}: {message}", path.display()),
            Error::NotAFile { path, kind } => write!(
                f,
                "{}: {kind}, not a regular file: name a text file or a directory",
                path.display()
            ),
            Error::Usage(m) => f.write_str(m),
            Error::Automaton { forms, message } => {
                write!(f, "cannot match {forms} forms in one automaton: {message}")
            }
            Error::CorpusTooLarge { tokens } => write!(
                f,
                "the corpus is too large to extract from at once: {tokens} tokens, at most {} \
                 fit; extract from parts of it",
                u32::MAX
            ),
            Error::Refused { path, reason } => write!(f, "{}: {reason}", path.display()),
            Error::Write {
                path,
                what,
                source,
                hint,
            } => {
                write!(f, "{}: {what}: {source}", path.display())?;
                if !hint.is_empty() {
                    write!(f, ": {hint}")?;
                }
                Ok(())
            }
            Error::Locked {
                path,
                lock,
                seconds,
            } => write!(
                f,
                "{}: another shuyu has held its lock ({}) for {seconds} s: try again when it \
                 has finished (a lock is released when the process holding it ends)",
                path.display(),
                lock.display()
            ),
            Error::Align { zh, en, message } => {
                write!(
                    f,
                    "cannot align {} with {}: {}",
                    zh.display(),
                    en.display(),
                    message
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } | Error::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
