//! `POST /v1/entries` and `PATCH /v1/entries/{id}`: changes to the glossary file, one at a
//! time, each through the library's locked atomic update, then served at once; with
//! `--git-commit`, each also a commit authored by the token's holder.

use super::auth::{Role, Token};
use super::edits::{self, Outcome, Patch, Proposal, Refusal};
use super::entries::etag;
use super::handlers::json;
use super::problem::{PROBLEM_JSON, Problem};
use super::{App, Store, git};
use crate::error::{Error, Result};
use crate::glossary::{self, Entry, Glossary, GlossarySource, Mode};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How long a change waits for another program (a `shuyu merge`) holding the file's lock.
pub(super) const LOCK_WAIT: Duration = Duration::from_secs(10);

/// The file the service writes (one change at a time: [`super::Store::lock_writes`]).
#[derive(Debug)]
pub struct Writer {
    pub target: PathBuf,
    /// The work tree to commit each change in (`--git-commit`).
    pub git: Option<PathBuf>,
}

impl Writer {
    /// The writer of `sources`: the last one, when it is a file (a later layer's entries
    /// are the ones served). `None` when it is the built-in glossary or a folder. With
    /// `git_commit`, the file must be in a git work tree.
    pub fn of(sources: &[GlossarySource], git_commit: bool) -> Result<Option<Writer>> {
        let target = match sources.last() {
            Some(GlossarySource::Path(p)) if !crate::corpus::is_dir(p).unwrap_or(false) => {
                p.clone()
            }
            _ if git_commit => {
                return Err(Error::Usage(
                    "--git-commit: the glossary served last is not a file, so the service \
                     writes no changes to commit: name the file with --glossary FILE"
                        .into(),
                ));
            }
            _ => return Ok(None),
        };
        let git = match git_commit {
            true => Some(git::work_tree(&target)?),
            false => None,
        };
        Ok(Some(Writer { target, git }))
    }
}

/// The answer to a change.
#[derive(Serialize)]
struct Changed {
    #[serde(flatten)]
    outcome: Outcome,
    /// The token's holder who made the change, and when (RFC 3339, UTC).
    by: String,
    at: String,
    /// The file changed (an edit that sets what is already there changes nothing).
    written: bool,
    /// The entry is no longer in the file: a variant whose forms went to the other entry.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    removed: bool,
    /// The commit made with `--git-commit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<String>,
    etag: String,
    entry: Entry,
    /// With `action: variant`: the entry the forms went to.
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<Tagged>,
}

#[derive(Serialize)]
struct Tagged {
    etag: String,
    entry: Entry,
}

/// Runs `change` on the file as it is now, as one update, then serves the result.
async fn write(
    app: &Arc<App>,
    holder: Token,
    change: impl FnOnce(&Glossary) -> std::result::Result<(Glossary, Outcome), Refusal> + Send + 'static,
) -> std::result::Result<Changed, Refusal> {
    let Some(writer) = app.writer.clone() else {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            "the service serves no glossary file it can write (the built-in glossary or a \
             folder): start it with --glossary FILE",
        )
        .into());
    };
    let store = Arc::clone(&app.store);
    tokio::task::spawn_blocking(move || write_now(&store, &writer, &holder, change))
        .await
        .unwrap_or_else(|e| {
            Err(Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the change failed inside shuyu ({e}); please report it with its body"),
            )
            .into())
        })
}

/// [`write`], on a thread that may block: waits for the other writers, updates the file,
/// serves it, commits it.
fn write_now(
    store: &Store,
    writer: &Writer,
    holder: &Token,
    change: impl FnOnce(&Glossary) -> std::result::Result<(Glossary, Outcome), Refusal>,
) -> std::result::Result<Changed, Refusal> {
    let _one = store.lock_writes();
    let mut quiet = || {};
    let mode = Mode::Write {
        wait: LOCK_WAIT,
        on_wait: &mut quiet,
    };
    let at = git::now_rfc3339(SystemTime::now());
    let u = glossary::update(&writer.target, mode, |g| {
        Ok(match change(g) {
            Ok((mut next, outcome)) => {
                // With --git-commit the commit records who and when.
                if writer.git.is_none() {
                    stamp(g, &mut next, &holder.name, &at);
                }
                (Some(next), Ok(outcome))
            }
            Err(refusal) => (None, Err(refusal)),
        })
    })
    .map_err(|e| Refusal::from(write_problem(e)))?;
    let outcome = u.value?;
    let mut commit = None;
    if u.written {
        if let Err(e) = store.reload_written() {
            tracing::warn!("the glossary written does not load with its layers: {e}");
        }
        if let Some(tree) = &writer.git {
            commit = git::commit(tree, &writer.target, holder, &outcome, &at)
                .map_err(|e| tracing::warn!("{e}"))
                .ok();
        }
    }
    tracing::info!(
        "{} {} by {} ({}) at {at}{}",
        outcome.action,
        outcome.id,
        holder.name,
        holder.role.as_str(),
        if u.written { "" } else { ": nothing changed" }
    );
    let find = |id: &str| u.glossary.entries.iter().find(|e| e.id == id).cloned();
    let entry = find(&outcome.id)
        .or_else(|| outcome.removed.as_deref().cloned())
        .unwrap_or_default();
    let target = outcome
        .variant_of
        .as_deref()
        .and_then(find)
        .map(|e| Tagged {
            etag: etag(&e),
            entry: e,
        });
    Ok(Changed {
        by: holder.name.clone(),
        at,
        written: u.written,
        removed: outcome.removed.is_some(),
        commit,
        etag: etag(&entry),
        entry,
        target,
        outcome,
    })
}

/// Records who changed each entry of `next` that differs from `before` (new ones included),
/// and when, in the entry itself (schema version 3).
fn stamp(before: &Glossary, next: &mut Glossary, by: &str, at: &str) {
    let old: std::collections::HashMap<&str, &Entry> =
        before.entries.iter().map(|e| (e.id.as_str(), e)).collect();
    for e in &mut next.entries {
        if old.get(e.id.as_str()).is_some_and(|o| *o == e) {
            continue;
        }
        e.changed = Some(glossary::Stamp {
            by: by.to_owned(),
            at: at.to_owned(),
        });
    }
}

/// A file that cannot be read, locked or written: the service's problem, not the request's.
fn write_problem(e: Error) -> Problem {
    let status = match e {
        Error::Locked { .. } => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    Problem::new(status, format!("the glossary file was not changed: {e}"))
}

/// A refusal as a response: a problem document, with the current entry and its ETag when
/// the one sent was stale.
fn refused(r: Refusal) -> Response {
    let Some(current) = r.current else {
        return r.problem.into_response();
    };
    let tag = etag(&current);
    let mut body = serde_json::to_value(&r.problem).unwrap_or_default();
    if let Some(map) = body.as_object_mut() {
        map.insert("etag".into(), tag.clone().into());
        map.insert(
            "entry".into(),
            serde_json::to_value(&current).unwrap_or_default(),
        );
    }
    let status = StatusCode::from_u16(r.problem.status).unwrap_or(StatusCode::CONFLICT);
    let mut resp = (status, body.to_string()).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    resp
}

fn answer(status: StatusCode, r: std::result::Result<Changed, Refusal>) -> Response {
    match r {
        Ok(c) => {
            let tag = HeaderValue::from_str(&c.etag).ok();
            let location = HeaderValue::from_str(&format!("/v1/entries/{}", c.entry.id)).ok();
            let mut resp = (status, Json(c)).into_response();
            let h = resp.headers_mut();
            if let Some(t) = tag {
                h.insert(header::ETAG, t);
            }
            if let (StatusCode::CREATED, Some(l)) = (status, location) {
                h.insert(header::LOCATION, l);
            }
            resp
        }
        Err(r) => refused(r),
    }
}

pub async fn propose(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: std::result::Result<Bytes, BytesRejection>,
) -> Response {
    let holder = match app
        .tokens
        .require(&headers, Role::Translator, "proposing an entry")
    {
        Ok(h) => h.clone(),
        Err(p) => return p.into_response(),
    };
    let proposal: Proposal = match json(body) {
        Ok(p) => p,
        Err(p) => return p.into_response(),
    };
    let r = write(&app, holder, move |g| edits::propose(g, proposal)).await;
    answer(StatusCode::CREATED, r)
}

pub async fn patch(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: std::result::Result<Bytes, BytesRejection>,
) -> Response {
    // Who asks comes first (401 before anything else), then what they ask.
    let holder = match app
        .tokens
        .require(&headers, Role::Translator, "changing an entry")
    {
        Ok(h) => h.clone(),
        Err(p) => return p.into_response(),
    };
    let Some(if_match) = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            format!(
                "a change needs If-Match with the entry's ETag: GET /v1/entries/{id} gives it \
                 in its ETag header"
            ),
        )
        .into_response();
    };
    let patch: Patch = match json(body) {
        Ok(p) => p,
        Err(p) => return p.into_response(),
    };
    let who = holder.clone();
    let r = write(&app, holder, move |g| {
        edits::apply(g, &id, &if_match, patch, &who)
    })
    .await;
    answer(StatusCode::OK, r)
}
