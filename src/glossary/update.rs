//! The one read-modify-write of a glossary file: locked from reading to replacing, rendered
//! keeping comments and untouched bytes, replaced atomically and only when the text changes.
//! `merge`, `import` and the service's writes all go through [`update`].

use super::load::read_or_empty;
use super::schema::Glossary;
use crate::error::Result;
use crate::util::fs::GlossaryLock;
use std::path::Path;
use std::time::Duration;

/// How [`update`] runs.
pub enum Mode<'a> {
    /// Lock the file (waiting at most `wait` for another writer; `on_wait` is told once when
    /// the wait is long), then write the result when its text differs.
    Write {
        wait: Duration,
        on_wait: &'a mut dyn FnMut(),
    },
    /// Read and compute only: say whether the file would change, write nothing, lock nothing.
    DryRun,
}

/// What an update did.
#[derive(Debug)]
pub struct Updated<R> {
    /// What the change function returned beside the glossary.
    pub value: R,
    /// The file existed before.
    pub existed: bool,
    /// The file's text changes (with [`Mode::DryRun`]: would change).
    pub changed: bool,
    /// The file was replaced.
    pub written: bool,
    /// The glossary the file now holds (with [`Mode::DryRun`]: would hold).
    pub glossary: Glossary,
}

/// Reads the glossary at `path` (empty when it does not exist), hands it to `change`, and
/// writes what `change` returns. `change` returns `None` to leave the file as it is (not
/// even created), or the new glossary; an error from it leaves the file untouched. The text
/// written is the new glossary as an update of the old text (only changed entries
/// rewritten, comments kept), and the file is replaced atomically only when that text
/// differs: an update that changes nothing leaves the bytes and modification time alone.
pub fn update<R>(
    path: &Path,
    mode: Mode<'_>,
    change: impl FnOnce(&Glossary) -> Result<(Option<Glossary>, R)>,
) -> Result<Updated<R>> {
    // Held from reading to replacing, so that a concurrent writer waits and then works on
    // this one's result.
    let lock = match mode {
        Mode::Write { wait, on_wait } => Some(GlossaryLock::acquire(path, wait, on_wait)?),
        Mode::DryRun => None,
    };
    let (original, before) = read_or_empty(path)?;
    let (after, value) = change(&before)?;
    let Some(mut after) = after else {
        return Ok(Updated {
            value,
            existed: original.is_some(),
            changed: false,
            written: false,
            glossary: before,
        });
    };
    // The version the text says, so that the glossary returned is the one the file holds.
    after.version = after.needed_version();
    let text = match &original {
        Some(t) => after.to_yaml_updating(t, &before),
        None => after.to_yaml(),
    };
    let changed = original.as_deref() != Some(text.as_str());
    let written = match &lock {
        Some(lock) if changed => {
            lock.replace(&text)?;
            true
        }
        _ => false,
    };
    Ok(Updated {
        value,
        existed: original.is_some(),
        changed,
        written,
        glossary: after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::SAMPLE;

    fn write_mode(f: &mut dyn FnMut()) -> Mode<'_> {
        Mode::Write {
            wait: Duration::from_secs(5),
            on_wait: f,
        }
    }

    #[test]
    fn changes_only_what_changes_and_keeps_comments() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.yaml");
        let text = format!("# heading\n{SAMPLE}");
        std::fs::write(&path, &text).unwrap();
        let mut quiet = || {};
        let same = update(&path, write_mode(&mut quiet), |g| Ok((Some(g.clone()), ()))).unwrap();
        assert!(!same.changed && !same.written && same.existed);
        let u = update(&path, write_mode(&mut quiet), |g| {
            let mut g = g.clone();
            g.entries[0].note = Some("a note".into());
            Ok((Some(g), 7))
        })
        .unwrap();
        assert!(u.changed && u.written && u.value == 7);
        let now = std::fs::read_to_string(&path).unwrap();
        assert!(
            now.starts_with("# heading\n") && now.contains("note: a note"),
            "{now}"
        );
    }

    #[test]
    fn an_error_or_none_leaves_the_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.yaml");
        let mut quiet = || {};
        let none = update(&path, write_mode(&mut quiet), |_| Ok((None, ()))).unwrap();
        assert!(!none.existed && !none.written);
        assert!(!path.exists());
        let err = update(
            &path,
            write_mode(&mut quiet),
            |_| -> Result<(Option<Glossary>, ())> { Err(crate::Error::Usage("no".into())) },
        );
        assert!(err.is_err() && !path.exists());
        let dry = update(&path, Mode::DryRun, |g| Ok((Some(g.clone()), ()))).unwrap();
        assert!(dry.changed && !dry.written && !path.exists());
    }
}
