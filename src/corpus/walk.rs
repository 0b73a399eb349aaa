//! Walking: the one way every command turns the paths a user names into a sorted list of
//! files, through the `ignore` crate so that `.gitignore`d and hidden files stay out, as users
//! of CI tools expect.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Expands files and directories into a sorted list of files. A file named explicitly is taken
/// whatever its extension (UNPC's `UNv1.0.devset.zh`); directories are walked recursively for
/// `extensions`, skipping hidden files and directories, what `.gitignore` excludes, and
/// `target/`. A missing path or an unreadable directory is an error.
pub fn find_files(paths: &[PathBuf], extensions: &[&str]) -> Result<Vec<PathBuf>> {
    find_files_in(paths, extensions, None)
}

/// [`find_files`], descending at most `max_depth` levels below each directory named
/// (`Some(1)`: its own files only).
pub fn find_files_in(
    paths: &[PathBuf],
    extensions: &[&str],
    max_depth: Option<usize>,
) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_dir() {
            walk(p, extensions, max_depth, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    // Directory order differs between file systems; sorting keeps every output deterministic.
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(
    dir: &Path,
    extensions: &[&str],
    depth: Option<usize>,
    out: &mut Vec<PathBuf>,
) -> Result<()> {
    let walker = ignore::WalkBuilder::new(dir)
        .max_depth(depth)
        .filter_entry(|e| !(e.depth() > 0 && is_dir(e) && e.file_name() == "target"))
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| walk_error(dir, e))?;
        if entry.depth() > 0 && !is_dir(&entry) && has_extension(entry.path(), extensions) {
            out.push(entry.into_path());
        }
    }
    Ok(())
}

fn is_dir(e: &ignore::DirEntry) -> bool {
    e.file_type().is_some_and(|t| t.is_dir())
}

/// An entry that could not be read is an error naming it: a corpus with a directory left out
/// must not pass for a complete one.
fn walk_error(dir: &Path, e: ignore::Error) -> Error {
    let path = match &e {
        ignore::Error::WithPath { path, .. } => path.clone(),
        _ => dir.to_owned(),
    };
    match e.into_io_error() {
        Some(io) => Error::io(path, io),
        None => Error::io(path, std::io::Error::other("could not be walked")),
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_recursively_skipping_hidden_target_and_gitignored() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "a.txt",
            "sub/b.md",
            "sub/c.pdf",
            ".hidden/d.txt",
            ".e.txt",
            "target/f.txt",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::create_dir(d.join(".git")).unwrap();
        std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
        std::fs::create_dir(d.join("ignored")).unwrap();
        std::fs::write(d.join("ignored/g.txt"), "x").unwrap();
        let found = find_files(&[d.to_owned()], &["txt", "md"]).unwrap();
        assert_eq!(found, vec![d.join("a.txt"), d.join("sub/b.md")]);
        let top = find_files_in(&[d.to_owned()], &["txt", "md"], Some(1)).unwrap();
        assert_eq!(top, vec![d.join("a.txt")]);
    }

    #[test]
    fn a_named_file_is_taken_whatever_its_extension_and_a_missing_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("UNv1.0.devset.zh");
        std::fs::write(&f, "x").unwrap();
        assert_eq!(
            find_files(std::slice::from_ref(&f), &["txt"]).unwrap(),
            vec![f]
        );
        assert!(find_files(&[dir.path().join("missing")], &["txt"]).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_directory_is_an_error() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::write(locked.join("a.txt"), "x").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        let readable = std::fs::read_dir(&locked).is_ok(); // root reads it anyway
        let result = find_files(&[dir.path().to_owned()], &["txt"]);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        if !readable {
            assert!(result.is_err(), "{result:?}");
        }
    }
}
