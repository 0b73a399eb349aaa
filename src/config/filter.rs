//! Which files found by walking a folder `check` reads: the `include` and `exclude` globs of
//! the configuration file, in `.gitignore` syntax, matched under the file's folder.

use super::discover::normalize;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The include and exclude globs of a configuration file. Without any, every file is taken.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The configuration file's folder, absolute and normalized.
    root: PathBuf,
    include: Option<Gitignore>,
    exclude: Option<Gitignore>,
}

impl Filter {
    /// The filter of globs under `root` (absolute and normalized); a glob that does not
    /// compile gives its span and what is wrong.
    pub(super) fn new(
        root: &Path,
        include: &[Spanned<String>],
        exclude: &[Spanned<String>],
    ) -> Result<Filter, (Range<usize>, String)> {
        Ok(Filter {
            root: root.to_owned(),
            include: matcher(root, include)?,
            exclude: matcher(root, exclude)?,
        })
    }

    /// Whether there is no glob at all.
    pub fn is_empty(&self) -> bool {
        self.include.is_none() && self.exclude.is_none()
    }

    /// Whether a file found by walking is checked, `path` being as named from `cwd`
    /// (absolute): it must match an `include` glob when there are some, and no `exclude`
    /// glob. A glob matches a file or a folder above it (`drafts/` excludes all below it),
    /// and `!` before a glob takes back what an earlier one matched, as in `.gitignore`.
    /// Files outside the configuration file's folder are not its to filter.
    pub fn admits(&self, path: &Path, cwd: &Path) -> bool {
        let abs = normalize(&cwd.join(path));
        let Ok(rel) = abs.strip_prefix(&self.root) else {
            return true;
        };
        if rel.as_os_str().is_empty() {
            return true;
        }
        let included = self
            .include
            .as_ref()
            .is_none_or(|m| m.matched_path_or_any_parents(rel, false).is_ignore());
        let excluded = self
            .exclude
            .as_ref()
            .is_some_and(|m| m.matched_path_or_any_parents(rel, false).is_ignore());
        included && !excluded
    }
}

/// The matcher of `globs`, `None` when there are none.
fn matcher(
    root: &Path,
    globs: &[Spanned<String>],
) -> Result<Option<Gitignore>, (Range<usize>, String)> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut b = GitignoreBuilder::new(root);
    for g in globs {
        b.add_line(None, g.get_ref())
            .map_err(|e| (g.span(), format!("`{}`: {e}", g.get_ref())))?;
    }
    let built = b.build().map_err(|e| {
        let span = globs[0].span();
        (span, e.to_string())
    })?;
    Ok(Some(built))
}
