//! The one way shuyu writes a file a user keeps (a glossary, an export): a regular file is
//! replaced atomically, keeping its mode and owner (readers see the old bytes or the new, and a
//! crash leaves the old file); anything else is written in place or refused. A glossary is only
//! replaced under its lock, so that concurrent updates never lose one another.

use crate::error::{Error, Result};
use std::fs::{File, Metadata, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a glossary update waits for another one to finish, unless told otherwise.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a glossary update waits before telling the user why it waits.
pub const LOCK_NOTICE: Duration = Duration::from_secs(1);
/// Temporary files are named `.NAME.shuyu-XXXXXX.tmp`: hidden, tied to the file they replace
/// (so stale ones can be found) and unpredictable (so a leftover never blocks a later write).
const TEMP_MARK: &str = ".shuyu-";
const TEMP_END: &str = ".tmp";
/// A temporary file no lock vouches for is a killed run's leftover once it is this old: a
/// write takes milliseconds.
const STALE_AFTER: Duration = Duration::from_secs(600);
/// Symbolic links followed before giving up, as the kernel does.
const MAX_LINKS: usize = 40;

/// Writes an export to `path`. A regular file (or a new one) is replaced atomically; a device,
/// a FIFO or a file another process opened (`/dev/stdout`, `/dev/fd/N`) is written in place,
/// since replacing it would only put a regular file where it was; a directory is refused. A
/// symbolic link is followed, and the file it points to is the one written.
pub fn write_output(path: &Path, text: &str) -> Result<()> {
    let target = match resolve(path)? {
        Resolved::Descriptor(p) => return write_in_place(path, &p, text, InPlace::Append),
        Resolved::File(p) => p,
    };
    let meta = match std::fs::metadata(&target) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            remove_stale_temps(&target, STALE_AFTER);
            return replace(path, &target, None, text);
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    if meta.is_dir() {
        return Err(refused(
            path,
            "is a directory: name a file to write to".into(),
        ));
    }
    if !meta.is_file() {
        return write_in_place(path, &target, text, InPlace::Stream);
    }
    check_writable(path, &target, &meta)?;
    if links(&meta) > 1 {
        // Replacing would leave the other names with the old export. An export can be made
        // again, so writing in place, as a shell redirection does, is the lesser harm.
        return write_in_place(path, &target, text, InPlace::Truncate);
    }
    remove_stale_temps(&target, STALE_AFTER);
    replace(path, &target, Some(&meta), text)
}

/// An exclusive lock on a glossary for a whole read-modify-write, and the only way to replace
/// one. The lock is an advisory lock (`flock`) on `.NAME.lock` beside the glossary (symbolic
/// links followed, so every name of a glossary shares one lock). The lock file is never
/// removed: a process could otherwise lock a file another has just unlinked while a third
/// locks its replacement. It exists before the glossary does, and survives the glossary's
/// replacement, which locking the glossary itself would not. The kernel releases the lock when
/// its holder ends, however it ends, so a killed run never blocks later ones.
#[derive(Debug)]
pub struct GlossaryLock {
    /// As the user named it, for messages.
    path: PathBuf,
    /// The file itself, symbolic links followed.
    target: PathBuf,
    /// The lock file, locked; or why it cannot be created: then neither can the temporary
    /// file a replacement needs, and reading without the lock is all that can happen.
    lock: std::result::Result<File, std::io::Error>,
}

impl GlossaryLock {
    /// Locks the glossary at `path` (which need not exist yet), waiting at most `timeout` for
    /// another process that holds the lock; `on_wait` is called once, after [`LOCK_NOTICE`],
    /// when the wait is that long. Anything but a regular file is refused.
    pub fn acquire(path: &Path, timeout: Duration, on_wait: &mut dyn FnMut()) -> Result<Self> {
        let target = match resolve(path)? {
            Resolved::Descriptor(_) => return Err(not_a_glossary(path, "a file descriptor")),
            Resolved::File(p) => p,
        };
        match std::fs::metadata(&target) {
            Ok(m) => require_regular(path, &m)?,
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(path, e)),
        }
        let lock_path = lock_path(&target);
        let lock_error = |e| Error::Write {
            path: path.to_owned(),
            what: format!("cannot open its lock file {}", lock_path.display()),
            source: e,
            hint: "the lock file must be readable".into(),
        };
        let file = match open_lock(&lock_path) {
            Ok(f) => f,
            Err(e) if read_only(&e) && std::fs::symlink_metadata(&lock_path).is_err() => {
                return Ok(GlossaryLock {
                    path: path.to_owned(),
                    target,
                    lock: Err(e),
                });
            }
            Err(e) if e.kind() == ErrorKind::NotFound => return Err(Error::io(path, e)),
            Err(e) => return Err(lock_error(e)),
        };
        wait_for(&file, timeout, on_wait).map_err(|e| match e {
            Some(e) => lock_error(e),
            None => Error::Locked {
                path: path.to_owned(),
                lock: lock_path.clone(),
                seconds: timeout.as_secs_f64(),
            },
        })?;
        Ok(GlossaryLock {
            path: path.to_owned(),
            target,
            lock: Ok(file),
        })
    }

    /// Replaces the glossary with `text`, atomically, keeping its mode and owner. Refused: a
    /// file that is not regular, read-only (no owner write bit, whoever runs shuyu) or not
    /// writable by this user, or has several hard links (replacing it would split them, and
    /// writing in place is not crash-safe). Temporary files earlier runs left beside it are
    /// removed first: under the lock no other shuyu is writing this glossary.
    pub fn replace(&self, text: &str) -> Result<()> {
        let path = &self.path;
        let meta = match std::fs::metadata(&self.target) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(path, e)),
        };
        if let Some(m) = &meta {
            require_regular(path, m)?;
            check_writable(path, &self.target, m)?;
            if links(m) > 1 {
                return Err(refused(
                    path,
                    format!(
                        "has {n} hard links, and replacing it would leave the other names with \
                         the old text: give it a file of its own (cp {p} {p}.new && mv {p}.new \
                         {p}) and run again",
                        n = links(m),
                        p = path.display()
                    ),
                ));
            }
        }
        if let Err(e) = &self.lock {
            let e = match e.raw_os_error() {
                Some(code) => std::io::Error::from_raw_os_error(code),
                None => e.kind().into(),
            };
            return Err(cannot_create_in(path, &parent_dir(&self.target), e));
        }
        remove_stale_temps(&self.target, Duration::ZERO);
        replace(path, &self.target, meta.as_ref(), text)
    }
}

/// Where a path leads once symbolic links are followed.
enum Resolved {
    /// A file another process opened (`/dev/stdout` → `/proc/self/fd/1`): only its descriptor
    /// reaches it, and what is behind the link may not be a path at all (`pipe:[1234]`).
    Descriptor(PathBuf),
    /// The file itself, which may not exist yet.
    File(PathBuf),
}

fn resolve(path: &Path) -> Result<Resolved> {
    let mut p = path.to_owned();
    for _ in 0..MAX_LINKS {
        if through_descriptor(&p) {
            return Ok(Resolved::Descriptor(p));
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p).map_err(|e| Error::io(path, e))?;
                p = parent_dir(&p).join(to);
            }
            _ => return Ok(Resolved::File(p)),
        }
    }
    Err(refused(path, "too many levels of symbolic links".into()))
}

/// Whether `p` is an entry of a process's descriptor table (`/proc/PID/fd/N`, which
/// `/dev/fd/N` and `/proc/self/fd/N` lead to).
fn through_descriptor(p: &Path) -> bool {
    p.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .and_then(|d| std::fs::canonicalize(d).ok())
        .is_some_and(|d| d.starts_with("/proc") && d.ends_with("fd"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum InPlace {
    /// Where the descriptor's owner left off (a shell's `>>` stays an append).
    Append,
    /// From the start, dropping the old content.
    Truncate,
    /// A device or a FIFO, which has no content to drop.
    Stream,
}

fn write_in_place(shown: &Path, target: &Path, text: &str, how: InPlace) -> Result<()> {
    let fail = |what: &str, e| Error::Write {
        path: shown.to_owned(),
        what: what.into(),
        source: e,
        hint: String::new(),
    };
    let mut options = OpenOptions::new();
    options
        .write(true)
        .append(how == InPlace::Append)
        .truncate(how == InPlace::Truncate);
    let mut f = options
        .open(target)
        .map_err(|e| fail("cannot open it for writing", e))?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.flush())
        .map_err(|e| fail("cannot write", e))?;
    if how == InPlace::Truncate {
        f.sync_all().map_err(|e| fail("cannot write", e))?;
    }
    Ok(())
}

/// Writes `text` to a new temporary file beside `target`, with `meta`'s owner and mode (or,
/// for a new file, the mode the umask gives), flushed to disk, then renamed over `target`.
fn replace(shown: &Path, target: &Path, meta: Option<&Metadata>, text: &str) -> Result<()> {
    let dir = parent_dir(target);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}{TEMP_MARK}");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_END);
    if meta.is_none() {
        new_file_permissions(&mut builder);
    }
    let mut tmp = builder
        .tempfile_in(&dir)
        .map_err(|e| cannot_create_in(shown, &dir, e))?;
    let fail = |what: String, e| Error::Write {
        path: shown.to_owned(),
        what,
        source: e,
        hint: "the file is unchanged".into(),
    };
    if let Some(m) = meta {
        keep_owner(shown, tmp.as_file(), m)?;
        tmp.as_file()
            .set_permissions(m.permissions())
            .map_err(|e| fail("cannot give the new text the file's permissions".into(), e))?;
    }
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| fail(format!("cannot write in {}", dir.display()), e))?;
    tmp.persist(target)
        .map_err(|e| fail("cannot replace it".into(), e.error))?;
    // The rename is durable once the directory is; not every platform can open a directory,
    // and the data is already safe, so a failure here is not an error.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn cannot_create_in(shown: &Path, dir: &Path, e: std::io::Error) -> Error {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
    Error::Write {
        path: shown.to_owned(),
        what: format!("cannot create a file in its directory {}", dir.display()),
        source: os_error(e),
        hint: "a file is replaced through a temporary file beside it, so the directory must be \
               writable"
            .into(),
    }
}

/// The operating system's error under the one `tempfile` wraps with the temporary file's
/// path, which would only repeat the directory the message names.
fn os_error(e: std::io::Error) -> std::io::Error {
    let code = e
        .get_ref()
        .and_then(|inner| inner.source())
        .and_then(|s| s.downcast_ref::<std::io::Error>())
        .and_then(std::io::Error::raw_os_error);
    match code {
        Some(code) if e.raw_os_error().is_none() => std::io::Error::from_raw_os_error(code),
        _ => e,
    }
}

/// Removes the temporary files earlier runs left beside `target`: its own (named after it)
/// once `older_than`, those of the naming before it (`.shuyu-XXXXXX.tmp`) once surely stale.
/// A file that cannot be removed is left: it blocks nothing, as names are unpredictable.
fn remove_stale_temps(target: &Path, older_than: Duration) {
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let own = format!(".{name}{TEMP_MARK}");
    let Ok(entries) = std::fs::read_dir(parent_dir(target)) else {
        return;
    };
    for e in entries.flatten() {
        let file_name = e.file_name();
        let Some(n) = file_name.to_str().filter(|n| n.ends_with(TEMP_END)) else {
            continue;
        };
        let limit = if n.starts_with(&own) {
            older_than
        } else if n.starts_with(TEMP_MARK) {
            STALE_AFTER
        } else {
            continue;
        };
        let Ok(meta) = e.metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let age = meta.modified().ok().and_then(|t| t.elapsed().ok());
        if limit.is_zero() || age.is_some_and(|a| a >= limit) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Opens the lock file, creating it if need be.
fn open_lock(p: &Path) -> std::io::Result<File> {
    let created = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(p);
    match created {
        // Another user's lock file: `flock` needs no write access. If it cannot be read
        // either, why it could not be created says more.
        Err(e) if read_only(&e) => File::open(p).map_err(|_| e),
        r => r,
    }
}

fn read_only(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    )
}

/// Waits for the lock; `Err(None)` on timeout.
fn wait_for(
    file: &File,
    timeout: Duration,
    on_wait: &mut dyn FnMut(),
) -> std::result::Result<(), Option<std::io::Error>> {
    let start = Instant::now();
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => return Err(Some(e)),
        }
        let waited = start.elapsed();
        if waited >= timeout {
            return Err(None);
        }
        if !told && waited >= LOCK_NOTICE {
            on_wait();
            told = true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn lock_path(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    parent_dir(target).join(format!(".{name}.lock"))
}

fn refused(path: &Path, reason: String) -> Error {
    Error::Refused {
        path: path.to_owned(),
        reason,
    }
}

fn not_a_glossary(path: &Path, kind: &str) -> Error {
    refused(
        path,
        format!("is {kind}, not a regular file: a glossary must be a regular file"),
    )
}

fn require_regular(path: &Path, m: &Metadata) -> Result<()> {
    if m.is_file() {
        return Ok(());
    }
    Err(not_a_glossary(path, kind_of(m)))
}

fn kind_of(m: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_char_device() {
            return "a character device";
        } else if t.is_block_device() {
            return "a block device";
        } else if t.is_fifo() {
            return "a FIFO";
        } else if t.is_socket() {
            return "a socket";
        }
    }
    if m.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// Refuses a file marked read-only, or one this user may not write. The owner's write bit
/// decides "read-only" for every user alike: root may write any file, and would otherwise
/// replace a file its owner protected.
fn check_writable(shown: &Path, target: &Path, m: &Metadata) -> Result<()> {
    let mode = mode_of(m);
    if mode & 0o200 == 0 {
        return Err(refused(
            shown,
            format!(
                "is read-only (mode {mode:03o}): make it writable (chmod u+w {}) to change it",
                shown.display()
            ),
        ));
    }
    match OpenOptions::new().write(true).open(target) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => Err(refused(
            shown,
            format!(
                "is not writable by this user (mode {mode:03o}, owner {}): change it as its \
                 owner, or ask them to make it writable for you",
                owner_of(m)
            ),
        )),
        Err(e) => Err(Error::Write {
            path: shown.to_owned(),
            what: "cannot open it for writing".into(),
            source: e,
            hint: String::new(),
        }),
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

#[cfg(unix)]
fn mode_of(m: &Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(m: &Metadata) -> u32 {
    if m.permissions().readonly() {
        0o444
    } else {
        0o644
    }
}

#[cfg(unix)]
fn links(m: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(m)
}

#[cfg(not(unix))]
fn links(_: &Metadata) -> u64 {
    1
}

#[cfg(unix)]
fn owner_of(m: &Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!("uid {}, gid {}", m.uid(), m.gid())
}

#[cfg(not(unix))]
fn owner_of(_: &Metadata) -> String {
    "another user".into()
}

/// A new file gets what a shell redirection would give it, 0666 less the umask, rather than
/// a temporary file's 0600.
#[cfg(unix)]
fn new_file_permissions(builder: &mut tempfile::Builder<'_, '_>) {
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
}

#[cfg(not(unix))]
fn new_file_permissions(_: &mut tempfile::Builder<'_, '_>) {}

/// Gives the temporary file `want`'s owner and group where they differ from this user's, so
/// that a replacement by root or a group member does not take the file over.
#[cfg(unix)]
fn keep_owner(shown: &Path, tmp: &File, want: &Metadata) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let have = tmp.metadata().map_err(|e| Error::io(shown, e))?;
    let uid = (have.uid() != want.uid()).then_some(want.uid());
    let gid = (have.gid() != want.gid()).then_some(want.gid());
    if uid.is_none() && gid.is_none() {
        return Ok(());
    }
    std::os::unix::fs::fchown(tmp, uid, gid).map_err(|e| Error::Write {
        path: shown.to_owned(),
        what: format!("cannot keep its owner ({})", owner_of(want)),
        source: e,
        hint: "the file is unchanged; change it as its owner, or as root".into(),
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &File, _: &Metadata) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock(path: &Path) -> Result<GlossaryLock> {
        GlossaryLock::acquire(path, Duration::from_millis(100), &mut || {})
    }

    #[test]
    fn replaces_the_file_and_leaves_only_the_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("g.yaml");
        std::fs::write(&f, "old").unwrap();
        lock(&f).unwrap().replace("new").unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "new");
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, [".g.yaml.lock", "g.yaml"]);
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
        std::os::unix::fs::symlink("real.yaml", &link).unwrap();
        lock(&link).unwrap().replace("new").unwrap();
        let meta = std::fs::symlink_metadata(&link).unwrap();
        assert!(meta.file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        // Both names share the real file's lock.
        assert!(dir.path().join(".real.yaml.lock").exists());
        assert!(!dir.path().join(".link.yaml.lock").exists());
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("no/such/g.yaml");
        let e = lock(&f).unwrap_err().to_string();
        assert!(e.contains("no/such/g.yaml"), "{e}");
        let e = write_output(&f, "x").unwrap_err().to_string();
        assert!(e.contains("no/such/g.yaml"), "{e}");
    }

    #[test]
    fn a_held_lock_makes_the_next_one_wait_then_give_up() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("g.yaml");
        let held = lock(&f).unwrap();
        let e = lock(&f).unwrap_err();
        assert!(matches!(e, Error::Locked { .. }), "{e}");
        drop(held);
        lock(&f).unwrap().replace("x").unwrap();
    }

    #[test]
    fn stale_temporary_files_go_under_the_lock_only() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("g.yaml");
        let own = dir.path().join(".g.yaml.shuyu-Ab12Cd.tmp");
        let young_old_style = dir.path().join(".shuyu-Ab12Cd.tmp");
        let other = dir.path().join(".h.yaml.shuyu-Ab12Cd.tmp");
        for p in [&own, &young_old_style, &other] {
            std::fs::write(p, "partial").unwrap();
        }
        // Without the lock, a young temporary file may be another run's.
        write_output(&f, "x").unwrap();
        assert!(own.exists());
        lock(&f).unwrap().replace("y").unwrap();
        assert!(!own.exists());
        assert!(young_old_style.exists() && other.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_gets_its_target_created() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("out.tsv");
        std::os::unix::fs::symlink("real.tsv", &link).unwrap();
        write_output(&link, "x").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("real.tsv")).unwrap(),
            "x"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn standard_output_is_a_descriptor() {
        assert!(matches!(
            resolve(Path::new("/dev/stdout")),
            Ok(Resolved::Descriptor(_))
        ));
        assert!(matches!(
            resolve(Path::new("/dev/fd/1")),
            Ok(Resolved::Descriptor(_))
        ));
        assert!(matches!(
            resolve(Path::new("/tmp/x")),
            Ok(Resolved::File(_))
        ));
    }
}
