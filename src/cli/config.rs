//! `--config` and `--no-config`, shared by the commands that read `shuyu.toml`, and the
//! glossary a command uses once flags and the configuration file are taken together.

use shuyu::config::{self, Config};
use shuyu::glossary::Glossary;
use std::path::PathBuf;

/// The flags that choose the configuration file.
#[derive(clap::Args, Debug)]
pub struct ConfigArgs {
    /// Read settings from FILE (paths in it are relative to its folder) instead of the
    /// shuyu.toml or .shuyu.toml found in the current directory or the nearest one above it,
    /// up to the repository root.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Read no configuration file.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
}

impl ConfigArgs {
    /// The configuration file of this run, if any, and the working directory it was looked
    /// for from.
    pub fn load(&self) -> Result<(Option<Config>, PathBuf), shuyu::Error> {
        let cwd = std::env::current_dir().map_err(|e| shuyu::Error::io(".", e))?;
        let cwd = config::normalize(&cwd);
        if self.no_config {
            return Ok((None, cwd));
        }
        let at = match &self.config {
            Some(file) => Some(config::explicit(file, &cwd)),
            None => config::discover(&cwd)?,
        };
        let config = at.as_ref().map(Config::load).transpose()?;
        Ok((config, cwd))
    }

    /// The glossary of a command that takes nothing else from the configuration file:
    /// `--glossary` when given, else the file's `glossaries`, else the built-in one.
    pub fn glossary(&self, flags: &[PathBuf]) -> Result<Glossary, shuyu::Error> {
        let (config, _) = self.load()?;
        glossary(flags, config.as_ref())
    }
}

/// The glossary of `--glossary` when given, else of the configuration file, else built in.
pub fn glossary(flags: &[PathBuf], config: Option<&Config>) -> Result<Glossary, shuyu::Error> {
    Glossary::load_sources(&config::glossary_sources(flags, config))
}
