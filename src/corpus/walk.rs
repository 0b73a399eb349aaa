//! Walking: the one way every command turns the paths a user names into a sorted list of
//! files, through the `ignore` crate so that `.gitignore`d and hidden files stay out, as users
//! of CI tools expect.

use super::Skipped;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The files found under the user's paths, sorted, and the entries passed over: directories
/// that could not be read and entries that are not regular files (FIFOs, sockets, devices,
/// broken links).
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
    /// Regular files found in directories but not of the extensions asked for.
    pub passed: Passed,
}

/// Files a walk passed over for their extension: how many of each, and the first of each in
/// path order, so a run that read nothing can say what it saw. Bounded by the number of
/// distinct extensions, not of files.
#[derive(Debug, Default)]
pub struct Passed {
    /// Extension (lowercase, `""` for none) → (files, first path).
    pub by_extension: std::collections::BTreeMap<String, (usize, PathBuf)>,
}

impl Passed {
    fn add(&mut self, path: &Path) {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let slot = self
            .by_extension
            .entry(ext)
            .or_insert_with(|| (0, path.to_owned()));
        slot.0 += 1;
        if path < slot.1.as_path() {
            slot.1 = path.to_owned();
        }
    }

    /// Files passed over.
    pub fn count(&self) -> usize {
        self.by_extension.values().map(|(n, _)| n).sum()
    }

    /// `3 files: 2 .docx (e.g. docs/a.docx), 1 .pdf (docs/b.pdf)`, the most frequent
    /// extensions first, at most five of them.
    pub fn describe(&self) -> String {
        let mut kinds: Vec<(&String, &(usize, PathBuf))> = self.by_extension.iter().collect();
        kinds.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        let shown: Vec<String> = kinds
            .iter()
            .take(5)
            .map(|(ext, (n, first))| {
                let what = if ext.is_empty() {
                    "without extension".to_owned()
                } else {
                    format!(".{ext}")
                };
                let eg = if *n > 1 { "e.g. " } else { "" };
                format!("{n} {what} ({eg}{})", first.display())
            })
            .collect();
        let more = if kinds.len() > 5 { ", …" } else { "" };
        let n = self.count();
        format!(
            "{n} {}: {}{more}",
            if n == 1 { "file" } else { "files" },
            shown.join(", ")
        )
    }
}

/// Expands files and directories into a sorted list of files. A file named explicitly is taken
/// whatever its extension (UNPC's `UNv1.0.devset.zh`); directories are walked recursively for
/// `extensions`, skipping hidden files and directories, what `.gitignore` excludes, and
/// `target/`. A missing path, a named path that is neither a file nor a directory, a named
/// file in a document format shuyu does not read (`.docx`, `.pdf`, …), and any entry
/// [`walk_files`] would skip are errors.
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
    let found = walk_files(paths, extensions, max_depth)?;
    match found.skipped.into_iter().next() {
        Some(s) => Err(Error::Input {
            path: s.path,
            line: None,
            message: s.reason,
        }),
        None => Ok(found.files),
    }
}

/// [`find_files_in`] that goes on past what it cannot take: a subdirectory that cannot be
/// read or an entry that is not a regular file (opening a FIFO blocks until someone writes
/// to it) is reported in `skipped`, like a file that cannot be read. A missing path, a
/// named one that is neither a file nor a directory, or a named file in a document format
/// shuyu does not read, is still an error: the user named it.
pub fn walk_files(
    paths: &[PathBuf],
    extensions: &[&str],
    max_depth: Option<usize>,
) -> Result<Found> {
    let mut found = Found::default();
    for p in paths {
        if is_dir(p)? {
            walk(p, extensions, max_depth, &mut found)?;
        } else {
            super::refuse_unsupported(p)?;
            found.files.push(p.clone());
        }
    }
    // Directory order differs between file systems; sorting keeps every output deterministic.
    found.files.sort();
    found.files.dedup();
    found.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    found.skipped.dedup();
    Ok(found)
}

/// Whether a path the user named is a directory (else it is a regular file, or a link to
/// one); anything else is refused without being opened.
pub fn is_dir(path: &Path) -> Result<bool> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() || meta.is_file() {
        return Ok(meta.is_dir());
    }
    Err(Error::NotAFile {
        path: path.to_owned(),
        kind: kind(meta.file_type()),
    })
}

fn walk(dir: &Path, extensions: &[&str], depth: Option<usize>, found: &mut Found) -> Result<()> {
    let walker = ignore::WalkBuilder::new(dir)
        .max_depth(depth)
        .filter_entry(|e| !(e.depth() > 0 && is_dir_entry(e) && e.file_name() == "target"))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            // An unreadable directory is left out like an unreadable file: reported, not fatal.
            Err(e) if e.is_io() => {
                found.skipped.push(Skipped {
                    path: error_path(&e).unwrap_or(dir).to_owned(),
                    reason: e.io_error().map_or_else(|| e.to_string(), innermost),
                });
                continue;
            }
            Err(e) => return Err(walk_error(dir, e)),
        };
        if entry.depth() == 0 || is_dir_entry(&entry) {
            continue;
        }
        if !has_extension(entry.path(), extensions) {
            found.passed.add(entry.path());
            continue;
        }
        match regular(&entry) {
            Ok(()) => found.files.push(entry.into_path()),
            Err(reason) => found.skipped.push(Skipped {
                path: entry.into_path(),
                reason,
            }),
        }
    }
    Ok(())
}

fn is_dir_entry(e: &ignore::DirEntry) -> bool {
    e.file_type().is_some_and(|t| t.is_dir())
}

/// Ok for a regular file or a link to one; else why the entry is not read.
fn regular(e: &ignore::DirEntry) -> std::result::Result<(), String> {
    let Some(t) = e.file_type() else {
        return Ok(());
    };
    if t.is_file() {
        return Ok(());
    }
    if !t.is_symlink() {
        return Err(format!("not a regular file ({})", kind(t)));
    }
    match std::fs::metadata(e.path()) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) => Err(format!(
            "not a regular file (a symbolic link to {})",
            kind(m.file_type())
        )),
        Err(io) => Err(io.to_string()),
    }
}

/// What a file that is not regular is, for messages.
fn kind(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "an unknown kind of file"
    }
}

/// The cause at the bottom of an I/O error (`Permission denied (os error 13)`): the walker's
/// wrappers repeat the path, which the report gives already.
fn innermost(e: &std::io::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// The path an error of the walker is about, however deeply it is wrapped.
fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errs) if errs.len() == 1 => error_path(&errs[0]),
        _ => None,
    }
}

/// A walker error that is not about reading (a malformed `.gitignore` pattern) is an error
/// naming the path: the set of files it would give is not the one the user described.
fn walk_error(dir: &Path, e: ignore::Error) -> Error {
    Error::Input {
        path: error_path(&e).unwrap_or(dir).to_owned(),
        line: None,
        message: e.to_string(),
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
    fn an_unreadable_directory_is_skipped_by_walk_files_and_an_error_for_find_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::write(locked.join("a.txt"), "x").unwrap();
        std::fs::write(dir.path().join("b.txt"), "x").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        let readable = std::fs::read_dir(&locked).is_ok(); // root reads it anyway
        let strict = find_files(&[dir.path().to_owned()], &["txt"]);
        let lenient = walk_files(&[dir.path().to_owned()], &["txt"], None).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        if !readable {
            assert!(strict.is_err(), "{strict:?}");
            assert_eq!(lenient.files, vec![dir.path().join("b.txt")]);
            assert_eq!(lenient.skipped.len(), 1);
            assert_eq!(lenient.skipped[0].path, locked);
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_to_files_are_taken_and_other_entries_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("real.md"), "x").unwrap();
        std::os::unix::fs::symlink(d.join("real.md"), d.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(d.join("gone"), d.join("broken.txt")).unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::os::unix::fs::symlink(d.join("sub"), d.join("dir.txt")).unwrap();
        let _socket = std::os::unix::net::UnixListener::bind(d.join("s.txt")).unwrap();
        let found = walk_files(&[d.to_owned()], &["txt", "md"], None).unwrap();
        assert_eq!(found.files, vec![d.join("link.txt"), d.join("real.md")]);
        let skipped: Vec<(&Path, &str)> = found
            .skipped
            .iter()
            .map(|s| (s.path.strip_prefix(d).unwrap(), s.reason.as_str()))
            .collect();
        assert_eq!(skipped[0].0, Path::new("broken.txt"));
        assert_eq!(
            &skipped[1..],
            [
                (
                    Path::new("dir.txt"),
                    "not a regular file (a symbolic link to a directory)"
                ),
                (Path::new("s.txt"), "not a regular file (a socket)"),
            ]
        );
        assert!(matches!(
            is_dir(&d.join("s.txt")),
            Err(Error::NotAFile {
                kind: "a socket",
                ..
            })
        ));
    }
}
