//! Finding the configuration file of a run: in the working directory or the nearest folder
//! above it that has one, never above the repository root.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// The configuration file's name.
pub const CONFIG_FILE: &str = "shuyu.toml";
/// Its name for those who keep configuration out of sight; both in one folder is an error.
pub const HIDDEN_CONFIG_FILE: &str = ".shuyu.toml";

/// Where a configuration file is, in the three ways a run needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as a user in the working directory would name it (`shuyu.toml`,
    /// `../shuyu.toml`): errors name it so.
    pub path: PathBuf,
    /// What paths inside it are joined to: its folder, relative to the working directory
    /// when it was found there or above (empty for the working directory itself), so that
    /// findings name files as the user would.
    pub base: PathBuf,
    /// Its folder as an absolute path without `.` or `..`, which globs are matched under.
    pub root: PathBuf,
}

/// The configuration file for a run in `cwd` (absolute): `shuyu.toml` or `.shuyu.toml` in
/// `cwd` or the nearest folder above it that has one, looking no higher than a folder that
/// holds `.git` (the repository root), or the file system root outside a repository.
pub fn discover(cwd: &Path) -> Result<Option<Location>> {
    let mut base = PathBuf::new();
    for dir in cwd.ancestors() {
        let plain = dir.join(CONFIG_FILE).is_file();
        let hidden = dir.join(HIDDEN_CONFIG_FILE).is_file();
        if plain && hidden {
            return Err(Error::Config {
                path: base.join(CONFIG_FILE),
                line: None,
                message: format!(
                    "both {CONFIG_FILE} and {HIDDEN_CONFIG_FILE} are in this folder, and \
                     shuyu would not know which one to read: keep one"
                ),
            });
        }
        if plain || hidden {
            let name = if plain {
                CONFIG_FILE
            } else {
                HIDDEN_CONFIG_FILE
            };
            return Ok(Some(Location {
                path: base.join(name),
                base,
                root: normalize(dir),
            }));
        }
        // `.git` is a folder in a clone and a file in a worktree or a submodule.
        if dir.join(".git").exists() {
            break;
        }
        base.push("..");
    }
    Ok(None)
}

/// The location of a configuration file named with `--config`, from `cwd` (absolute).
pub fn explicit(file: &Path, cwd: &Path) -> Location {
    let base = file.parent().map(Path::to_owned).unwrap_or_default();
    Location {
        path: file.to_owned(),
        root: normalize(&cwd.join(&base)),
        base,
    }
}

/// `path` without `.` components and with each `..` taking off the component before it,
/// without asking the file system: how a user reads a path, and all that matching globs
/// against it needs.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
