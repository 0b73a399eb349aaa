//! Reading glossary files: the text as UTF-8, strict parsing that names the YAML line of the
//! first error, the embedded default, and several files combined.

use super::schema::Glossary;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The shipped glossary, compiled in so every command works with no `--glossary`.
pub const DEFAULT_GLOSSARY: &str = include_str!("../../glossary/un-ict-security.yaml");
/// The name the embedded glossary is reported under.
pub const DEFAULT_GLOSSARY_PATH: &str = "glossary/un-ict-security.yaml";

/// The text of a glossary file. A file that is not UTF-8 is a glossary error naming the
/// offset of the first bad byte, so it can be found in an editor.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|e| Error::Glossary {
        path: path.to_owned(),
        line: None,
        message: format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
    })
}

impl Glossary {
    /// Parses a glossary; `path` names it in errors, which carry the YAML line.
    pub fn parse(text: &str, path: &Path) -> Result<Glossary> {
        let text = strip_bom(text);
        let g: Glossary = serde_yaml::from_str(text).map_err(|e| {
            let (line, message) = yaml_error(&e);
            Error::Glossary {
                path: path.to_owned(),
                line,
                message,
            }
        })?;
        if g.version != 1 {
            return Err(Error::Glossary {
                path: path.to_owned(),
                line: line_of(text, "version:"),
                message: format!(
                    "unsupported version {} (this shuyu reads version 1)",
                    g.version
                ),
            });
        }
        Ok(g)
    }

    /// Reads and parses a glossary file.
    pub fn load(path: &Path) -> Result<Glossary> {
        Glossary::parse(&read_text(path)?, path)
    }

    /// The embedded default glossary.
    pub fn builtin() -> Glossary {
        Glossary::parse(DEFAULT_GLOSSARY, Path::new(DEFAULT_GLOSSARY_PATH))
            .expect("the embedded glossary is checked by the test suite")
    }

    /// The glossaries a command uses: the embedded one when `paths` is empty, otherwise the
    /// given files merged in order, a later entry replacing an earlier one with the same id.
    pub fn load_all(paths: &[PathBuf]) -> Result<Glossary> {
        if paths.is_empty() {
            return Ok(Glossary::builtin());
        }
        let mut out = Glossary::empty();
        for p in paths {
            let g = Glossary::load(p)?;
            if out.name.is_empty() {
                out.name = g.name;
            }
            for e in g.entries {
                match out.entries.iter_mut().find(|x| x.id == e.id) {
                    Some(slot) => *slot = e,
                    None => out.entries.push(e),
                }
            }
        }
        Ok(out)
    }
}

/// Text without the byte order mark some Windows editors put first: YAML parsers read it as
/// content, and the file would not parse.
pub(super) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The 1-based line of a YAML error and its message without serde_yaml's " at line N column
/// M", which the caller reports its own way.
pub(super) fn yaml_error(e: &serde_yaml::Error) -> (Option<usize>, String) {
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or_default();
    (e.location().map(|l| l.line()), message.to_owned())
}

/// The 1-based line of the first line starting (after indentation) with `prefix`.
pub(super) fn line_of(text: &str, prefix: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.trim_start().starts_with(prefix))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::SAMPLE;
    use crate::glossary::lenient::parse_lenient;

    #[test]
    fn unknown_key_names_file_and_line() {
        let bad = SAMPLE.replace(
            "    status: approved\n",
            "    status: approved\n    colour: red\n",
        );
        let err = Glossary::parse(&bad, Path::new("g.yaml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("g.yaml:7:"), "{msg}");
        assert!(msg.contains("colour"), "{msg}");
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let g = Glossary::parse(&format!("\u{feff}# c\n{SAMPLE}"), Path::new("g.yaml")).unwrap();
        assert_eq!(g.entries.len(), 1);
        assert!(
            g.to_yaml_keeping_comments(&format!("\u{feff}# c\n{SAMPLE}"))
                .starts_with("# c\nversion: 1\n")
        );
        assert!(parse_lenient(&format!("\u{feff}{SAMPLE}")).is_ok_and(|l| l.errors.is_empty()));
    }

    #[test]
    fn shipped_glossary_parses() {
        let g = Glossary::builtin();
        assert!(g.entries.len() >= 80, "{} entries", g.entries.len());
    }
}
