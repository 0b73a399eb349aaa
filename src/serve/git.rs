//! `--git-commit`: each change to the glossary a commit in its repository, authored by the
//! token's holder, through the `git` command (history and review stay in git).

use super::auth::Token;
use super::edits::Outcome;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// The top of the git work tree holding `file`; an error when there is none.
pub fn work_tree(file: &Path) -> Result<PathBuf> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let out = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .map_err(|e| {
            Error::Usage(format!(
                "--git-commit: cannot run git ({e}): install git, or leave --git-commit out"
            ))
        })?;
    if !out.status.success() {
        return Err(Error::Usage(format!(
            "--git-commit: {} is not in a git work tree ({}): `git init` its folder, or leave \
             --git-commit out",
            file.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&out.stdout).trim_end_matches(['\n', '\r']),
    ))
}

/// Commits `file` alone in `tree`, authored by `holder`: the commit's hash.
pub fn commit(
    tree: &Path,
    file: &Path,
    holder: &Token,
    outcome: &Outcome,
    at: &str,
) -> std::result::Result<String, String> {
    let file = std::path::absolute(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let author = if holder.name.contains('<') {
        holder.name.clone()
    } else {
        format!("{} <>", holder.name)
    };
    let mut subject = format!("glossary: {} {}", outcome.action, outcome.id);
    if let Some(other) = &outcome.variant_of {
        subject.push_str(&format!(" as a variant of {other}"));
    }
    let message = format!(
        "{subject}\n\nBy {} ({}) at {at}, through shuyu serve.\n",
        holder.name,
        holder.role.as_str()
    );
    let git = |args: &[&std::ffi::OsStr]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(tree)
            .args(args)
            // The service commits; the reviewer is the author.
            .env("GIT_COMMITTER_NAME", "shuyu serve")
            .env("GIT_COMMITTER_EMAIL", "")
            .output()
            .map_err(|e| format!("git: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(format!(
                "git commit of {} failed; the file is changed but not committed: {}",
                file.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    let os = |s: &str| std::ffi::OsString::from(s);
    git(&[os("add").as_ref(), os("--").as_ref(), file.as_os_str()])?;
    git(&[
        os("commit").as_ref(),
        os("-q").as_ref(),
        os("-m").as_ref(),
        os(&message).as_ref(),
        os(&format!("--author={author}")).as_ref(),
        os("--").as_ref(),
        file.as_os_str(),
    ])?;
    git(&[os("rev-parse").as_ref(), os("HEAD").as_ref()])
}

/// `t` as RFC 3339 in UTC, to the second (`2026-12-06T03:50:00Z`).
pub fn now_rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn dates_are_rfc3339() {
        let at = |s| now_rfc3339(SystemTime::UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_796_528_096), "2026-12-06T03:34:56Z");
    }
}
