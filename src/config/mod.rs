//! The configuration file `shuyu.toml`: found from the working directory upward (`discover`),
//! read strictly (an unknown key is an error naming its line), its paths joined to the file's
//! folder; include/exclude globs (`filter`) and pairing patterns (`pairs`) for `check`.
//!
//! Command-line flags override what the file says; the binary decides that, this module only
//! reads the file.

mod discover;
mod filter;
mod pairs;

pub use discover::{CONFIG_FILE, HIDDEN_CONFIG_FILE, Location, discover, explicit, normalize};
pub use filter::Filter;
pub use pairs::{CHECK_EXTENSIONS, PairPattern, Scope, SourcedPair};

use crate::check::Severity;
use crate::error::{Error, Result};
use crate::glossary::GlossarySource;
use crate::render::check::CheckFormat;
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub use crate::check::SourceLang;

/// A configuration file, read.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file, as a user in the working directory would name it.
    pub path: PathBuf,
    /// The glossaries to layer, in order; `None` when the file names none.
    pub glossaries: Option<Vec<GlossarySource>>,
    /// The `[check]` table.
    pub check: CheckConfig,
    /// The `[serve]` table.
    pub serve: ServeConfig,
}

/// The `[serve]` table: who may change the glossary through `shuyu serve`.
#[derive(Debug, Clone, Default)]
pub struct ServeConfig {
    /// `tokens = [{ name, role, sha256 }]`: each token by its SHA-256 digest, never as it is.
    pub tokens: Vec<crate::serve::Token>,
}

/// The `[check]` table, its paths joined to the configuration file's folder.
#[derive(Debug, Clone, Default)]
pub struct CheckConfig {
    /// What to check when no path and no pair is named.
    pub paths: Vec<PathBuf>,
    /// Which files found by walking a folder are checked.
    pub filter: Filter,
    pub fail_on: Option<Severity>,
    pub baseline: Option<PathBuf>,
    pub format: Option<CheckFormat>,
    /// Which bilingual rules run on pairs whose pattern does not say (`None`: the file's own
    /// declaration for XLIFF and TMX, else both).
    pub source: Option<SourceLang>,
    pub pairs: Vec<PairPattern>,
}

/// The file as written: every key known, kebab-case.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    glossaries: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    check: RawCheck,
    #[serde(default)]
    serve: RawServe,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawServe {
    #[serde(default)]
    tokens: Vec<Spanned<RawToken>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawToken {
    name: String,
    role: crate::serve::Role,
    sha256: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCheck {
    #[serde(default)]
    paths: Vec<PathBuf>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    fail_on: Option<RawSeverity>,
    baseline: Option<PathBuf>,
    format: Option<RawFormat>,
    source: Option<SourceLang>,
    #[serde(default)]
    pairs: Vec<RawPair>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawSeverity {
    Warning,
    Error,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    zh: Spanned<String>,
    en: Spanned<String>,
    source: Option<SourceLang>,
}

impl Config {
    /// Reads the configuration file at `at`.
    pub fn load(at: &Location) -> Result<Config> {
        let bytes = std::fs::read(&at.path).map_err(|e| Error::io(&at.path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Config {
            path: at.path.clone(),
            line: None,
            message: format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        })?;
        Config::parse(&text, at)
    }

    /// Parses the text of the configuration file at `at`; errors carry its line.
    pub fn parse(text: &str, at: &Location) -> Result<Config> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawConfig = toml::from_str(text).map_err(|e| Error::Config {
            path: at.path.clone(),
            line: e.span().map(|s| line_at(text, s.start)),
            message: e.message().trim_end().to_owned(),
        })?;
        let err = |(span, message): (Range<usize>, String)| Error::Config {
            path: at.path.clone(),
            line: Some(line_at(text, span.start)),
            message,
        };
        Ok(Config {
            path: at.path.clone(),
            glossaries: glossaries(raw.glossaries, at).map_err(err)?,
            check: raw.check.resolve(at).map_err(err)?,
            serve: serve(raw.serve).map_err(err)?,
        })
    }
}

/// What is wrong with a value of the file, at its span.
type Wrong = (Range<usize>, String);

/// The glossary sources of the file's `glossaries`, paths joined to its folder.
fn glossaries(
    raw: Option<Spanned<Vec<String>>>,
    at: &Location,
) -> std::result::Result<Option<Vec<GlossarySource>>, Wrong> {
    let Some(g) = raw else {
        return Ok(None);
    };
    if g.get_ref().is_empty() {
        return Err((
            g.span(),
            "`glossaries` is empty: name at least one glossary file or folder, or `builtin` \
             for the built-in UN glossary (or leave the key out)"
                .into(),
        ));
    }
    let sources = g
        .get_ref()
        .iter()
        .map(|s| match GlossarySource::from_arg(Path::new(s)) {
            GlossarySource::Path(p) => GlossarySource::Path(at.base.join(p)),
            builtin => builtin,
        })
        .collect();
    Ok(Some(sources))
}

impl RawCheck {
    /// The `[check]` table of the file at `at`.
    fn resolve(self, at: &Location) -> std::result::Result<CheckConfig, Wrong> {
        let filter = Filter::new(&at.root, &self.include, &self.exclude)?;
        let source = self.source;
        let pairs = self
            .pairs
            .into_iter()
            .map(|p| PairPattern::new(&p.zh, &p.en, p.source.or(source).unwrap_or_default(), at))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(CheckConfig {
            paths: self.paths.iter().map(|p| at.base.join(p)).collect(),
            filter,
            fail_on: self.fail_on.map(|s| match s {
                RawSeverity::Warning => Severity::Warning,
                RawSeverity::Error => Severity::Error,
            }),
            baseline: self.baseline.map(|p| at.base.join(p)),
            format: self.format.map(|f| match f {
                RawFormat::Human => CheckFormat::Human,
                RawFormat::Json => CheckFormat::Json,
                RawFormat::Sarif => CheckFormat::Sarif,
                RawFormat::Github => CheckFormat::Github,
            }),
            source,
            pairs,
        })
    }
}

/// The `[serve]` table, each token's digest checked.
fn serve(raw: RawServe) -> std::result::Result<ServeConfig, Wrong> {
    let tokens = raw
        .tokens
        .into_iter()
        .map(|t| {
            let span = t.span();
            let t = t.into_inner();
            crate::serve::Token::hashed(&t.name, t.role, &t.sha256).map_err(|m| (span, m))
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(ServeConfig { tokens })
}

/// The glossaries a run layers: those named on the command line, which replace the
/// configuration file's list, else the file's, else the built-in one.
pub fn glossary_sources(flags: &[PathBuf], config: Option<&Config>) -> Vec<GlossarySource> {
    if !flags.is_empty() {
        return flags.iter().map(|p| GlossarySource::from_arg(p)).collect();
    }
    config
        .and_then(|c| c.glossaries.clone())
        .unwrap_or_else(|| vec![GlossarySource::Builtin])
}

/// The 1-based line of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests;
