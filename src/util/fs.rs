//! Atomic file replacement, the one way shuyu writes a file a user keeps (a glossary, an
//! export): readers see the old bytes or the new, never a mix, and a crash leaves the old file.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `text` to `path` through a temporary file in the same directory (an unpredictable
/// name, so a file left by a killed run never blocks the next), flushed to disk, given the
/// original's permissions, then renamed over the original. A symlink stays a symlink: the file
/// it points to is the one replaced.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let dir = parent_dir(&target);
    replace(&target, &dir, text).map_err(|e| Error::io(path, e))?;
    // The rename is durable once the directory is; not every platform can open a directory,
    // and the data is already safe, so a failure here is not an error.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn replace(target: &Path, dir: &Path, text: &str) -> std::io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".shuyu-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    if let Ok(meta) = std::fs::metadata(target) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("g.yaml");
        std::fs::write(&f, "old").unwrap();
        write_atomic(&f, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_replaces_a_symlinks_target() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.yaml");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, "new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("no/such/g.yaml");
        let e = write_atomic(&f, "x").unwrap_err().to_string();
        assert!(e.contains("g.yaml"), "{e}");
    }
}
